"""The language server: the protocol's messages, each handed to what answers it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from . import actions, complete, lookup, navigate
from .lookup import path_of
from .session import Options, Session, log
from .text import Lines

#: The files whose changes on disk the client is asked to report.
WATCHED = "**/*.{yaml,yml}"


def build(registry: Path | None = None) -> LanguageServer:
    """A server, its features registered; :func:`serve` runs it over stdio.

    ``registry`` is the one registry to work on; without it, each workspace folder's
    registry is found as the command line finds one.
    """
    server = LanguageServer("accordreg", __version__)
    session = Session(server, registry)
    server.session = session  # type: ignore[attr-defined]  # for the features' modules
    _documents(server, session)
    _diagnostics(server, session)
    _navigation(server, session)
    _completion(server, session)
    _actions(server, session)
    return server


def serve(registry: Path | None = None) -> None:
    """Answer a client on standard input and output until it says exit."""
    build(registry).start_io()


def _folders(params: types.InitializeParams) -> list[Path]:
    uris = [f.uri for f in params.workspace_folders or ()]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    found = [path_of(uri) for uri in uris]
    return [Path(p) for p in found if p is not None]


def _pulls(caps: types.ClientCapabilities) -> bool:
    """Whether the client pulls diagnostics, for documents and for the workspace."""
    text = caps.text_document
    workspace = caps.workspace
    return bool(
        text is not None
        and text.diagnostic is not None
        and workspace is not None
        and workspace.diagnostics is not None
    )


def _documents(server: LanguageServer, session: Session) -> None:
    folders: list[Path] = []

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        session.options = Options.of(params.initialization_options)
        session.encoding = server.workspace.position_encoding or types.PositionEncodingKind.Utf16
        session.pull = _pulls(params.capabilities)
        if not session.pull:
            # Advertised only to a client that pulls: one that is also sent them would
            # show every problem twice.
            for method in (types.TEXT_DOCUMENT_DIAGNOSTIC, types.WORKSPACE_DIAGNOSTIC):
                server.protocol.fm.features.pop(method, None)
        folders.extend(_folders(params))

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        session.start(folders)
        watched = server.client_capabilities.workspace
        changes = watched.did_change_watched_files if watched is not None else None
        if changes is None or not changes.dynamic_registration:
            return
        try:
            await server.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id=str(uuid.uuid4()),
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=[types.FileSystemWatcher(glob_pattern=WATCHED)]
                            ),
                        )
                    ]
                )
            )
        except Exception:  # the client refused: files changed outside it go unseen
            log.warning("accordreg: the client did not take the watch on record files")

    @server.feature(types.SHUTDOWN)
    def shutdown(params: Any) -> None:
        session.stop()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        session.opened(doc.uri, doc.version, doc.text)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        doc = server.workspace.get_text_document(params.text_document.uri)
        session.edited(doc.uri, params.text_document.version, doc.source)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        # What was saved is the buffer, checked already; the files that refer to this one
        # were checked with it. A client that saves what it did not send is read again.
        if params.text is not None:
            session.edited(params.text_document.uri, None, params.text)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        session.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(params: types.DidChangeWatchedFilesParams) -> None:
        session.changed_on_disk(change.uri for change in params.changes)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration(params: types.DidChangeConfigurationParams) -> None:
        session.configure(Options.of(params.settings))


def _diagnostics(server: LanguageServer, session: Session) -> None:
    options = types.DiagnosticOptions(
        identifier="accordreg", inter_file_dependencies=True, workspace_diagnostics=True
    )

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)
    async def document(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        await session.settled()
        path = path_of(params.text_document.uri)
        live = await session.registry_of(path) if path is not None else None
        if path is None or live is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = session.reports.ids.get(path)
        if result_id is not None and result_id == params.previous_result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=session.diagnostics(path, live), result_id=result_id
        )

    @server.feature(types.WORKSPACE_DIAGNOSTIC, options)
    async def workspace(params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
        await session.settled()
        previous = {p.uri: p.value for p in params.previous_result_ids}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        for path, live in session.reported():
            if path in session.documents:
                continue  # an open document's problems are pulled for it
            uri = session.uri(path)
            result_id = session.reports.ids.get(path)
            if result_id is not None and previous.get(uri) == result_id:
                items.append(
                    types.WorkspaceUnchangedDocumentDiagnosticReport(
                        uri=uri, result_id=result_id, version=None
                    )
                )
                continue
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri,
                    items=session.diagnostics(path, live),
                    result_id=result_id,
                    version=None,
                )
            )
        return types.WorkspaceDiagnosticReport(items=items)


def _navigation(server: LanguageServer, session: Session) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        here = await lookup.at(session, params.text_document.uri, params.position)
        return navigate.hover(here) if here is not None else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(params: types.DefinitionParams) -> types.Location | None:
        await session.settled()  # the positions of the files as they now stand
        here = await lookup.at(session, params.text_document.uri, params.position)
        return navigate.definition(session, here) if here is not None else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(params: types.ReferenceParams) -> list[types.Location]:
        await session.settled()
        here = await lookup.at(session, params.text_document.uri, params.position)
        if here is None:
            return []
        return navigate.references(session, here, params.context.include_declaration)


def _completion(server: LanguageServer, session: Session) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", ":"])
    )
    async def completion(params: types.CompletionParams) -> types.CompletionList | None:
        here = await lookup.at(session, params.text_document.uri, params.position)
        return complete.complete(here) if here is not None else None


def _actions(server: LanguageServer, session: Session) -> None:
    kinds = [types.CodeActionKind.QuickFix, types.CodeActionKind.Refactor]

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds)
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        here = await lookup.at(session, uri, params.range.start)
        if here is None:
            return None
        found = actions.actions(here, list(params.context.diagnostics), uri)
        only = params.context.only
        if only:
            found = [a for a in found if any(str(a.kind).startswith(str(k)) for k in only)]
        if not _shows_disabled(server):
            found = [a for a in found if a.disabled is None]
        return found

    @server.command(actions.CREATE)
    async def create(kind: str, record_id: str, uri: str) -> str | None:
        return await _done(server, session, await actions.create(session, kind, record_id, uri))

    @server.command(actions.RECORD)
    async def record(uri: str, status: str) -> str | None:
        return await _done(server, session, await actions.record(session, uri, status))


def _shows_disabled(server: LanguageServer) -> bool:
    text = server.client_capabilities.text_document
    found = text.code_action if text is not None else None
    return bool(found and found.disabled_support)


async def _done(server: LanguageServer, session: Session, outcome: actions.Outcome) -> str | None:
    """Tell the user what a command did; check the file it wrote, and show a new one."""
    if outcome.message:
        kind = types.MessageType.Warning if outcome.warning else types.MessageType.Info
        if outcome.path is None:
            kind = types.MessageType.Error
        server.window_show_message(types.ShowMessageParams(type=kind, message=outcome.message))
    if outcome.path is None:
        return None
    session.change(outcome.path, None)
    window = server.client_capabilities.window
    if outcome.path not in session.documents and window and window.show_document:
        await server.window_show_document_async(
            types.ShowDocumentParams(
                uri=session.uri(outcome.path),
                take_focus=True,
                selection=_value_of(outcome.path, outcome.select, session.encoding),
            )
        )
    return session.uri(outcome.path)


def _value_of(path: str, key: str | None, encoding: str) -> types.Range | None:
    """Where the value of a top-level ``key`` is written in a file (None if it is not)."""
    if key is None:
        return None
    try:
        lines = Lines.of(Path(path).read_text(encoding="utf-8"), encoding)
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines.lines):
        if line.startswith(f"{key}: "):
            return lines.span(number, len(key) + 2, len(line))
    return None
