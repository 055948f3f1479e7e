"""Code actions: put a did-you-mean's word in place; create the missing source or party a
reference names, as `accordreg new` does; record a dated event, from the moves the
lifecycle allows, as `accordreg transition` does.

Creating and recording write files: they run as commands, with every check and the
atomic write of the command line (`_registry.scaffold`, `_registry.editor`), after
asking the user what no default can say (a party's type, a source's reliability, the
source that reports an event).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from .._diagnostics import has_errors
from .._errors import AccordregError
from .._hints import meant
from .._model.kinds import KINDS
from .._store.read import digest
from .._yaml.emit import scalar
from .fields import target
from .outline import place_at

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from .._registry.query import Registry
    from .._validation.live import Live
    from .lookup import At
    from .session import Session

CREATE = "accordreg.create"
RECORD = "accordreg.record"

#: The kinds a missing reference can be created as from the editor: the others (an
#: agreement, a provision) need more than a skeleton says.
CREATED = ("source", "party")

#: How many sources the user is offered to cite for an event, newest first.
OFFERED = 8


def actions(here: At, diagnostics: list[types.Diagnostic], uri: str) -> list[types.CodeAction]:
    """The actions for a range of a document and the diagnostics in it."""
    out: list[types.CodeAction] = []
    for d in diagnostics:
        if d.source != "accordreg":
            continue
        word = meant(d.message)
        if word is not None:
            out.append(_replace(d, word, uri))
        if d.code == "R002":
            made = _create(here, d, uri)
            if made is not None:
                out.append(made)
    if here.kind == "provision":
        out.extend(_moves(here, uri))
    return out


def _replace(d: types.Diagnostic, word: str, uri: str) -> types.CodeAction:
    return types.CodeAction(
        title=f"Change to {word!r}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[d],
        is_preferred=True,
        edit=types.WorkspaceEdit(
            changes={uri: [types.TextEdit(range=d.range, new_text=scalar(word))]}
        ),
    )


def _create(here: At, d: types.Diagnostic, uri: str) -> types.CodeAction | None:
    """Create the record a dangling reference names, if it is a source or a party."""
    line, char = here.lines.from_client(d.range.start)
    place = place_at(here.lines.lines, line, char)
    kind = target(here.kind or "", place.path)
    record_id = place.word.strip("\"'")
    if kind not in CREATED or not record_id:
        return None
    where = KINDS[kind].relative_place(record_id)
    return types.CodeAction(
        title=f"Create {kind} {record_id!r} ({where})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[d],
        command=types.Command(
            title=f"Create {kind}", command=CREATE, arguments=[kind, record_id, uri]
        ),
    )


def _moves(here: At, uri: str) -> list[types.CodeAction]:
    """One action per move the lifecycle allows from the provision's last event."""
    data = here.data
    history = data.get("history") if isinstance(data, dict) else None
    last = history[-1] if isinstance(history, list) and history else None
    if not isinstance(last, dict):
        return []
    lifecycle = here.live.settings.lifecycle
    state = lifecycle.canonical(str(last.get("status")))
    if state is None:
        return []
    why = _not_recordable(here)
    out = []
    for move in lifecycle.moves_from(state):
        action = types.CodeAction(
            title=f"Record an event: {state} → {move}",
            kind=types.CodeActionKind.Refactor,
            command=types.Command(
                title="Record an event", command=RECORD, arguments=[uri, str(move)]
            ),
        )
        if why is not None:
            action.disabled = types.CodeActionDisabled(reason=why)
            action.command = None
        out.append(action)
    return out


def _not_recordable(here: At) -> str | None:
    """Why an event cannot be recorded in the file now, or None: it is written to the file
    on disk, so the buffer must be as saved, and the provision valid."""
    try:
        saved = Path(here.path).read_bytes()
    except OSError:
        return "save the file first"
    if saved.removeprefix(b"\xef\xbb\xbf") != here.text.encode("utf-8", "surrogatepass"):
        return "save the file first: the event is written to the file on disk"
    own = here.live.results.get(here.path)
    if own is None or has_errors(own.diagnostics):
        return "mend the errors in this file first"
    return None


def registry_view(live: Live, path: str) -> Registry:
    """The registry as its check found it, for the writers of `new` and `transition`: each
    record is built from its file when it is first looked up (they look up a few)."""
    from .._registry.lazy_records import PendingRecord
    from .._registry.query import Registry

    def pending(facts: Any) -> PendingRecord:
        agreement = facts.targets.get("agreement") if facts.kind == "provision" else None
        # No data: a record without it is built from its file (see Registry).
        return PendingRecord(
            facts.kind, facts.id, facts.path, "", agreement[0] if agreement else None
        )

    raw = live.text_of(path)
    return Registry(
        [],
        roots=[live.root],
        settings=live.settings,
        digests={path: digest(raw)} if raw is not None else {},
        pending=[pending(f) for f in live.facts()],
    )


@dataclass
class Outcome:
    """What a command did: the file it wrote, and what to tell the user."""

    path: str | None = None
    message: str = ""
    warning: bool = False
    #: The key whose value the user is to write first in the file (a new record's name).
    select: str | None = None


async def _ask(server: LanguageServer, message: str, choices: list[str]) -> str | None:
    """The choice the user makes among ``choices`` (None if none is made)."""
    answer = await server.window_show_message_request_async(
        types.ShowMessageRequestParams(
            type=types.MessageType.Info,
            message=message,
            actions=[types.MessageActionItem(title=c) for c in choices],
        )
    )
    return answer.title if answer is not None and answer.title in choices else None


async def create(session: Session, kind: str, record_id: str, uri: str) -> Outcome:
    """Create the source or party ``record_id``, as `accordreg new` does: asked its type
    or reliability, named by its id until the user writes its name or title."""
    from .._cli.common import schemas_folder
    from .._registry import scaffold

    if kind not in CREATED:
        return Outcome(
            message=f"a {kind} is not created from the editor: use `accordreg new {kind}`"
        )
    from .lookup import path_of

    path = path_of(uri)
    live = await session.registry_of(path) if path is not None else None
    if live is None or path is None:
        return Outcome(message="the file is in no registry")
    vocabulary = live.settings.vocabulary
    if kind == "party":
        field, section, name = "type", vocabulary.party_types, "name"
        question = f"What sort of actor is {record_id!r}?"
    else:
        field, section, name = "reliability", vocabulary.reliability, "title"
        question = f"How far can the source {record_id!r} be trusted?"
    choice = await _ask(session.server, question, list(section))
    if choice is None:
        return Outcome()
    registry = registry_view(live, path)
    warned: list[Any] = []
    try:
        record = scaffold.build(
            kind, {"id": record_id, name: record_id, field: choice}, live.settings
        )
        written = scaffold.create(
            registry, record, live.root, schemas_folder(live.root, None), warned
        )
    except AccordregError as exc:
        return Outcome(message=str(exc))
    said = f"wrote {os.path.relpath(written, live.root)}: give it its {name}"
    notes = "".join(f"; {w.code} {w.message}" for w in warned)
    return Outcome(str(written), said + notes, warning=bool(notes), select=name)


async def record(session: Session, uri: str, status: str) -> Outcome:
    """Record that the provision open at ``uri`` moved to ``status``, as `accordreg
    transition` does, citing the source the user picks and dated as that source."""
    from .._registry.editor import Editor
    from .lookup import path_of

    path = path_of(uri)
    live = await session.registry_of(path) if path is not None else None
    if live is None or path is None:
        return Outcome(message="the file is in no registry")
    own = live.results.get(path)
    facts = own.facts if own is not None else None
    if facts is None or facts.kind != "provision" or not facts.dates:
        return Outcome(message="this file holds no valid provision")
    last = facts.dates[-1]
    today = date.today().isoformat()
    sources = [
        f for f in session.index(live).of_kind("source") if f.dates and last <= f.dates[0] <= today
    ]
    sources.sort(key=lambda f: f.dates[0], reverse=True)
    if not sources:
        return Outcome(
            message=f"no source is dated on or after the last event ({last}): add the source "
            "that reports the event first"
        )
    offered = {f"{f.id} ({f.dates[0]})": f for f in sources[:OFFERED]}
    choice = await _ask(
        session.server,
        f"Which source reports that {facts.id} became {status}? The event takes its date.",
        list(offered),
    )
    if choice is None:
        return Outcome()
    source = offered[choice]
    editor = Editor(registry_view(live, path))
    try:
        editor.transition(facts.id, status, on=source.dates[0], sources=[source.id])
        (written,) = editor.save()
    except AccordregError as exc:
        return Outcome(message=str(exc))
    said = f"recorded {facts.id}: {status} on {source.dates[0]}, citing {source.id}"
    warnings = "".join(f"; {w.code} {w.message}" for w in editor.warnings)
    return Outcome(str(written), said + warnings, warning=bool(warnings))
