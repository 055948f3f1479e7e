"""Completion: the keys a record's mapping may hold, the words of the registry's vocabulary
a field takes (after a history's `status:`, the moves the lifecycle allows from the event
before first), and the ids of the records a field refers to, with their titles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from .._model.kinds import KINDS
from .fields import Schema, keys, schema, target, words
from .fields import at as schema_at
from .outline import keys_in

if TYPE_CHECKING:
    from .._model.settings import Settings
    from .lookup import At
    from .outline import DataPath

#: At most this many ids are offered at once; the client asks again as more is typed.
MOST = 200


def complete(here: At) -> types.CompletionList:
    """What may be written at a position of a record."""
    if here.kind is None:
        return types.CompletionList(is_incomplete=False, items=[])
    root = schema(here.kind, here.live.settings)
    place = here.place
    data = here.data
    if place.role == "key":
        return _keys(here, root, place.path[:-1], data, with_colon=False)
    if place.role == "bare":
        node = schema_at(root, place.path, data)
        if node is not None and node.get("type") == "object" and "properties" in node:
            return _keys(here, root, place.path, data, with_colon=True)
        if not place.item and not place.path:
            return _keys(here, root, (), data, with_colon=True)
    return _values(here, root, place.path, data)


def _span(here: At) -> types.Range:
    place = here.place
    return here.lines.span(place.line, place.start, place.end)


def _edit(here: At, text: str) -> types.TextEdit:
    """Put ``text`` in place of the word at the position (after a space, right after a
    key's colon)."""
    place = here.place
    after_colon = place.start > 0 and here.lines.line(place.line)[place.start - 1] == ":"
    return types.TextEdit(range=_span(here), new_text=(" " if after_colon else "") + text)


def _keys(
    here: At, root: Schema, path: DataPath, data: Any, *, with_colon: bool
) -> types.CompletionList:
    """The keys of the mapping at ``path`` not written yet, each with its description."""
    present = set(_mapping(data, path)) if data is not None else keys_in(here.lines.lines, path)
    items = []
    for order, (name, node) in enumerate(keys(root, path, data).items()):
        if name in present and name != here.place.word:
            continue
        required = name in (schema_at(root, path, data) or {}).get("required", ())
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                detail="required" if required else None,
                documentation=node.get("description"),
                sort_text=f"{0 if required else 1}{order:03d}",
                text_edit=_edit(here, f"{name}: " if with_colon else name),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def _mapping(data: Any, path: DataPath) -> dict[str, Any]:
    """The mapping at ``path`` of the data (empty where there is none)."""
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and 0 <= step < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _values(here: At, root: Schema, path: DataPath, data: Any) -> types.CompletionList:
    """The values the field at ``path`` takes: ids of the records it refers to, or words."""
    kind = target(here.kind or "", path) if here.kind != "settings" else None
    if kind is not None and path != ("id",):
        return _ids(here, kind)
    if path == ("kind",):
        return _words(here, list(KINDS), {}, types.CompletionItemKind.EnumMember)
    node = schema_at(root, path, data)
    allowed = words(node)
    if not allowed:
        return types.CompletionList(is_incomplete=False, items=[])
    settings = here.live.settings
    first: list[str] = []
    if path and path[-1] == "status" and len(path) == 3 and path[0] == "history":
        first = _moves(settings, data, path[1])
    return _words(
        here, allowed, _meanings(settings, path), types.CompletionItemKind.EnumMember, first
    )


def _moves(settings: Settings, data: Any, index: str | int) -> list[str]:
    """The states an event at ``index`` of a history may move to from the event before it
    (the states a history may start at, for the first)."""
    lifecycle = settings.lifecycle
    history = data.get("history") if isinstance(data, dict) else None
    if not isinstance(index, int) or not isinstance(history, list) or index > len(history):
        return []
    if index == 0:
        return [str(s) for s in lifecycle.starts()]
    before = history[index - 1] if isinstance(history[index - 1], dict) else {}
    state = lifecycle.canonical(str(before.get("status")))
    if state is None:
        return []
    again = [] if lifecycle.is_final(state) else [str(state)]
    return [*map(str, lifecycle.moves_from(state)), *again]


def _meanings(settings: Settings, path: DataPath) -> dict[str, str]:
    """A phrase for each word a field takes, where the vocabulary has one."""
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    vocabulary = settings.vocabulary
    if field == "category":
        return {c.id: c.label for c in vocabulary.categories.values()}
    section = {"type": vocabulary.party_types, "role": vocabulary.roles}.get(field)
    if field == "reliability":
        section = vocabulary.reliability
    if section is not None:
        return {w.id: w.label for w in section.values()}
    if field == "status":
        from .._model.lifecycle import MEANINGS

        table = settings.lifecycle.table
        return {str(s): table[s].label or MEANINGS.get(s, "") for s in table}
    return {}


def _words(
    here: At,
    allowed: list[str],
    meanings: dict[str, str],
    kind: types.CompletionItemKind,
    first: Sequence[str] = (),
) -> types.CompletionList:
    items = []
    for order, word in enumerate(allowed):
        rank = first.index(word) if word in first else len(first) + order
        note = meanings.get(word, "")
        if word in first:
            note = "allowed next" + (f": {note}" if note else "")
        items.append(
            types.CompletionItem(
                label=word,
                kind=kind,
                detail=note or None,
                sort_text=f"{rank:04d}",
                preselect=bool(first) and word == first[0],
                text_edit=_edit(here, word),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def _ids(here: At, kind: str) -> types.CompletionList:
    """The ids of a kind's records, those whose id holds what is typed, with titles:
    sources newest first, a provision's own agreement's provisions first."""
    place = here.place
    typed = place.word[: max(here.char - place.start, 0)].strip("\"'").lower()
    candidates = [f for f in here.index.of_kind(kind) if typed in f.id.lower()]
    candidates.sort(key=_order(here, kind))
    shown = candidates[:MOST]
    items = [
        types.CompletionItem(
            label=f.id,
            kind=types.CompletionItemKind.Reference,
            detail=here.index.title(f) or None,
            sort_text=f"{order:05d}",
            text_edit=_edit(here, f.id),
        )
        for order, f in enumerate(shown)
    ]
    return types.CompletionList(is_incomplete=len(candidates) > len(shown), items=items)


def _order(here: At, kind: str) -> Any:
    if kind == "source":
        # Newest first: the source an event cites is most often the latest one added.
        return lambda f: (_negated(f.dates[0]) if f.dates else "~", f.id)
    if kind == "provision":
        own = str(_mapping(here.data, ()).get("agreement", ""))
        return lambda f: (not f.id.startswith(own + "/"), f.id)
    return lambda f: f.id


def _negated(day: str) -> str:
    """A date as text that sorts the latest first."""
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in day)
