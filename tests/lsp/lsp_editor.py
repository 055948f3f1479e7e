"""Helpers for the language server's tests: `accordreg lsp` started over stdio as an editor
starts it, and an editor's side of it (each test module's `lsp` fixture is :func:`started`).

Tests wait for what the server says (a notification, an answer), never for a time: each
wait ends when the server has said what the test waits for, and a generous limit only
turns a server that never says it into a failure instead of a hang.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

#: A server that never answers fails the test after this long, instead of hanging it.
LIMIT = 120.0

Diagnostics = Sequence[types.Diagnostic]


class Client(LanguageClient):
    """A test client that keeps every diagnostic report, with the version it is about."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions: dict[str, int | None] = {}
        self.reports: list[types.PublishDiagnosticsParams] = []
        self.said = asyncio.Event()
        self.asked: list[types.ShowMessageRequestParams] = []
        self.registered: list[types.Registration] = []
        #: What the client answers to `window/showMessageRequest`: an action's title.
        self.answer: Callable[[types.ShowMessageRequestParams], str | None] = lambda p: None


def _published(client: Client, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.versions[params.uri] = params.version
    client.reports.append(params)
    client.said.set()


def _show_message_request(
    client: Client, params: types.ShowMessageRequestParams
) -> types.MessageActionItem | None:
    client.asked.append(params)
    title = client.answer(params)
    return None if title is None else types.MessageActionItem(title=title)


def _register(client: Client, params: types.RegistrationParams) -> None:
    client.registered.extend(params.registrations)


def _converter() -> Any:
    """pygls' converter, reading a code action that runs a command as a code action:
    lsprotocol takes any answer with a `command` for a bare command, and would drop the
    action's title, kind and the command's arguments."""
    from pygls.protocol import default_converter

    converter = default_converter()  # type: ignore[no-untyped-call]

    def action(data: Any, _: type) -> Any:
        bare = isinstance(data.get("command"), str)
        return converter.structure(data, types.Command if bare else types.CodeAction)

    converter.register_structure_hook(types.Command | types.CodeAction, action)
    return converter


def _make_client() -> Client:
    client = Client(converter_factory=_converter)
    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _published,
        types.WINDOW_SHOW_MESSAGE_REQUEST: _show_message_request,
        types.CLIENT_REGISTER_CAPABILITY: _register,
    }
    register_lsp_features(client, features)
    return client


def _server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ACCORDREG_REGISTRY"}
    return {**env, "ACCORDREG_NATIVE": "0"}


CONFIG = ClientServerConfig(
    server_command=[sys.executable, "-m", "accordreg", "lsp"],
    client_factory=_make_client,
    server_env=_server_env(),
)


async def started() -> AsyncIterator[Client]:
    """A server started over stdio (each test initialises it, see :class:`Editor`), shut
    down and stopped afterwards: a test module's `lsp` fixture."""
    client = await CONFIG.start()
    assert isinstance(client, Client)
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]


def uri(path: Path) -> str:
    return path.as_uri()


def capabilities(*, pull: bool = False, encodings: Sequence[str] = ()) -> types.ClientCapabilities:
    """A client's capabilities: VS Code's (as pytest-lsp records them), pushing or pulling
    diagnostics, offering the position encodings given (none: UTF-16 alone)."""
    caps = client_capabilities("visual-studio-code")
    caps.general = types.GeneralClientCapabilities(position_encodings=list(encodings) or None)
    assert caps.text_document is not None
    assert caps.workspace is not None
    if pull:
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
            related_document_support=True
        )
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
            refresh_support=True
        )
    else:
        caps.text_document.diagnostic = None
        caps.workspace.diagnostics = None
    return caps


class Editor:
    """What an editor does: start the server on a folder, open, edit and close files, and
    read what the server says about them."""

    def __init__(self, client: Client, root: Path) -> None:
        self.client = client
        self.root = root
        self.versions: dict[str, int] = {}

    async def start(
        self,
        *,
        pull: bool = False,
        encodings: Sequence[str] = (),
        options: dict[str, Any] | None = None,
        folders: Sequence[Path] = (),
    ) -> types.InitializeResult:
        """Initialise the server on the editor's folder (or on ``folders``)."""
        return await self.client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities(pull=pull, encodings=encodings),
                workspace_folders=[
                    types.WorkspaceFolder(uri=uri(folder), name=folder.name)
                    for folder in (folders or [self.root])
                ],
                initialization_options=options,
            )
        )

    async def published(
        self, until: Callable[[dict[str, Diagnostics]], bool]
    ) -> dict[str, Diagnostics]:
        """Every file's diagnostics as last published, once they satisfy ``until``."""

        async def wait() -> dict[str, Diagnostics]:
            while not until(self.client.diagnostics):
                self.client.said.clear()
                await self.client.said.wait()
            return self.client.diagnostics

        return await asyncio.wait_for(wait(), LIMIT)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def uri(self, relative: str) -> str:
        return uri(self.path(relative))

    def open(self, relative: str, text: str | None = None) -> str:
        """Open a file (with ``text`` in its buffer, else what is on disk)."""
        if text is None:
            text = self.path(relative).read_text(encoding="utf-8")
        address = self.uri(relative)
        self.versions[address] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=address, language_id="yaml", version=1, text=text
                )
            )
        )
        return address

    def edit(self, relative: str, text: str) -> int:
        """Replace a buffer's whole text; the new version."""
        address = self.uri(relative)
        self.versions[address] += 1
        version = self.versions[address]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=address, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return version

    def close(self, relative: str) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri(relative))
            )
        )

    def changed_on_disk(self, relative: str, kind: types.FileChangeType) -> None:
        self.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=self.uri(relative), type=kind)]
            )
        )

    async def diagnostics(
        self,
        relative: str,
        until: Callable[[Diagnostics], bool] = lambda found: True,
        version: int | None = None,
    ) -> Diagnostics:
        """The diagnostics the server publishes for a file, once they satisfy ``until``
        (and are about ``version`` of its buffer, if given): those already published, or
        the next ones."""
        address = self.uri(relative)

        async def wait() -> Diagnostics:
            while True:
                found = self.client.diagnostics.get(address)
                fresh = version is None or self.client.versions.get(address) == version
                if found is not None and fresh and until(found):
                    return list(found)
                self.client.said.clear()
                await self.client.said.wait()

        return await asyncio.wait_for(wait(), LIMIT)

    async def request(self, method: str, params: Any) -> Any:
        sent = self.client.protocol.send_request_async(method, params)  # type: ignore[no-untyped-call]
        return await asyncio.wait_for(sent, LIMIT)


def codes(found: Diagnostics) -> list[str]:
    return sorted(str(d.code) for d in found)
