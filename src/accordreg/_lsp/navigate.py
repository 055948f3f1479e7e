"""Hover, go to definition and find references: what a key, a word or an id stands for,
and where an id's record is and who refers to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from .._model.kinds import TARGET_KINDS
from .._model.lifecycle import MEANINGS
from .._render.safe import markdown_text as markdown
from .._render.words import level as level_words
from .fields import at as schema_at
from .fields import schema, target

if TYPE_CHECKING:
    from .._model.settings import Settings
    from .._validation.facts import Facts
    from .lookup import At, Index
    from .session import Session

#: The vocabulary section each field's words come from, by the field's name.
_SECTIONS = {"type": "party_types", "role": "roles", "reliability": "reliability"}


def hover(here: At) -> types.Hover | None:
    """What stands at a position, in a few lines of Markdown."""
    place = here.place
    if here.kind is None:
        return None
    root = schema(here.kind, here.live.settings)
    node = schema_at(root, place.path, here.data)
    words: list[str] = []
    if place.role == "key" and node is not None:
        words = [f"**{_code(str(place.path[-1]))}**", node.get("description", "")]
    elif place.word:
        words = _value(here, node)
    if not [w for w in words if w]:
        return None
    span = here.lines.span(place.line, place.start, place.end)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(words)),
        range=span,
    )


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _value(here: At, node: dict[str, object] | None) -> list[str]:
    """What a value means: the record an id names, a status, a word of the vocabulary."""
    place = here.place
    word = place.word.strip("\"'")
    settings = here.live.settings
    kind = target(here.kind or "", place.path) if here.kind != "settings" else None
    if kind is not None:
        return record(here.index, word, kind)
    field = next((p for p in reversed(place.path) if isinstance(p, str)), "")
    if field == "status" and settings.lifecycle.canonical(word) is not None:
        return status(word, settings)
    if field == "category":
        category = settings.vocabulary.category(word)
        if category is not None:
            said = [f"**{_code(category.id)}** {markdown(category.label)}"]
            said.append(markdown(category.description))
            if category.terms:
                said.append("terms: " + ", ".join(_code(t) for t in category.terms))
            if category.pax_codes:
                said.append("PA-X codes: " + ", ".join(category.pax_codes))
            return said
    section = _SECTIONS.get(field)
    if section is not None:
        found = getattr(settings.vocabulary, section).get(word)
        if found is not None:
            return [f"**{_code(found.id)}** {markdown(found.label)}", markdown(found.description)]
    described = node.get("description") if node is not None else None
    return [f"**{_code(field)}**", str(described)] if described else []


def record(index: Index, record_id: str, kind: str) -> list[str]:
    """The record an id names: its kind, title and file; a provision's status today."""
    facts = index.get(record_id)
    if facts is None or facts.kind != kind:
        return [f"no {kind} with id {_code(record_id)}"]
    said = [f"**{kind}** {_code(record_id)}: {markdown(index.title(facts))}"]
    data = index.data(facts.path)
    if facts.kind == "provision":
        now = index.standing(facts)
        if now is not None:
            tracked = index.live.settings.tracks_implementation
            level = level_words(now.level, now.basis, tracked)
            said.append(f"status {_code(now.status)} since {now.since}; level: {level}")
    elif isinstance(data, dict):
        parts = [
            str(data[k])
            for k in ("type", "country", "publisher", "date", "date_signed", "reliability")
            if data.get(k) not in (None, "")
        ]
        if parts:
            said.append(markdown(" · ".join(parts)))
    said.append(f"in {_code(_relative(index, facts.path))}")
    return said


def _relative(index: Index, path: str) -> str:
    root = str(index.live.root)
    return path[len(root) + 1 :] if path.startswith(root + "/") else path


def status(state: str, settings: Settings) -> list[str]:
    """A state's meaning and where it may move."""
    lifecycle = settings.lifecycle
    name = lifecycle.canonical(state)
    if name is None:
        return []
    rule = lifecycle.table[name]
    meaning = rule.label or MEANINGS.get(name, "")
    moves = lifecycle.moves_from(name)
    said = [f"**status** {_code(str(name))}" + (f": {markdown(meaning)}" if meaning else "")]
    said.append(
        "may move to: " + ", ".join(_code(str(m)) for m in moves)
        if moves
        else "final: no move leads out of it"
    )
    levels = lifecycle.levels_for(name)
    if levels:
        said.append("levels an event may set: " + ", ".join(map(str, levels)))
    return said


def _location(
    session: Session, here: At, facts: Facts, loc: tuple[str | int, ...]
) -> types.Location:
    line, column = here.live.locator.position(facts.path, loc)
    lines = session.lines(facts.path, here.live)
    return types.Location(uri=session.uri(facts.path), range=lines.at(line, column))


def _named(here: At) -> tuple[str, str] | None:
    """The id at the position and the kind of record it names, if it is one."""
    place = here.place
    if here.kind in (None, "settings") or not place.word or place.role == "key":
        return None
    kind = target(here.kind or "", place.path)
    return None if kind is None else (place.word.strip("\"'"), kind)


def definition(session: Session, here: At) -> types.Location | None:
    """Where the record an id names is: its file, at its `id`."""
    named = _named(here)
    if named is None:
        return None
    facts = here.index.get(named[0])
    if facts is None or facts.kind != named[1]:
        return None
    return _location(session, here, facts, ("id",))


def references(session: Session, here: At, declaration: bool) -> list[types.Location]:
    """Every place that refers to the id at the position (and the record's own `id`)."""
    named = _named(here)
    if named is None:
        return []
    record_id, kind = named
    index = here.index
    out: list[types.Location] = []
    own = index.get(record_id)
    if declaration and own is not None and own.kind == kind:
        out.append(_location(session, here, own, ("id",)))
    for facts in here.live.facts():
        kinds = TARGET_KINDS[facts.kind]
        for name, targets in facts.targets.items():
            if kinds.get(name) != kind or record_id not in targets:
                continue
            for ref in here.live.locator.refs(facts.path, name, record_id):
                out.append(_location(session, here, facts, ref.loc))
    return out
