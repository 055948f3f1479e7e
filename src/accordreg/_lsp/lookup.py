"""What the features look up: the registry's records by id (as its check found them), a
file's data, and what stands at a position of an open document."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pygls.uris import to_fs_path

from .._store.read import digest, parse_bytes
from .fields import kind_of
from .outline import Place, place_at
from .text import Lines

if TYPE_CHECKING:
    from lsprotocol import types

    from .._model.records import Provision
    from .._registry.engine import EventFacts
    from .._validation.facts import Facts
    from .._validation.live import Live
    from .session import Session

#: How many files' data are kept parsed, for titles in completions and hovers.
KEPT = 4096


class Index:
    """A registry's records by id and by kind, as its last check found them (rebuilt when
    the registry has changed since), and files' data, parsed once per content."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self._generation = -1
        self._by_id: dict[str, Facts] = {}
        self._by_kind: dict[str, list[Facts]] = {}
        self._data: dict[str, tuple[str, Any]] = {}

    def _fresh(self) -> None:
        if self._generation == self.live.generation:
            return
        by_id: dict[str, Facts] = {}
        by_kind: dict[str, list[Facts]] = {}
        for facts in self.live.facts():
            by_id.setdefault(facts.id, facts)  # a duplicate id: the first, as R001 says
            by_kind.setdefault(facts.kind, []).append(facts)
        self._by_id, self._by_kind = by_id, by_kind
        self._generation = self.live.generation

    def get(self, record_id: str) -> Facts | None:
        """The record with this id (its facts: kind, file, references)."""
        self._fresh()
        return self._by_id.get(record_id)

    def of_kind(self, kind: str) -> list[Facts]:
        """Every record of a kind, in the order of their files."""
        self._fresh()
        return self._by_kind.get(kind, [])

    def data(self, path: str) -> Any:
        """The data a file holds as checked (its buffer, or what is on disk); None if it
        cannot be read as YAML."""
        raw = self.live.text_of(path)
        if raw is None:
            return None
        key = digest(raw)
        kept = self._data.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        if len(self._data) >= KEPT:
            self._data.clear()
        found = parse_bytes(raw, path).data
        self._data[path] = (key, found)
        return found

    def title(self, facts: Facts) -> str:
        """A record's title (a party's name), or nothing."""
        data = self.data(facts.path)
        if not isinstance(data, dict):
            return ""
        found = data.get("title") or data.get("name") or ""
        return found if isinstance(found, str) else ""

    def provision(self, facts: Facts) -> Provision | None:
        """A provision's record, if its file is valid."""
        from .._validation.in_process import check_bytes

        raw = self.live.text_of(facts.path)
        if raw is None:
            return None
        _, record = check_bytes(raw, facts.path, self.live.settings)
        if record is None or record.kind != "provision":
            return None
        return record

    def standing(self, facts: Facts, on: date | None = None) -> EventFacts | None:
        """A provision's status, level and since when on a day (today), from the engine."""
        from .._registry import engine

        provision = self.provision(facts)
        if provision is None:
            return None
        settings = self.live.settings
        category = settings.vocabulary.category(provision.category)
        return engine.at(
            engine.timeline(provision, category, settings.lifecycle), on or date.today()
        )


def path_of(uri: str) -> str | None:
    """The absolute path of a `file:` URI (None for any other)."""
    found = to_fs_path(uri)
    return os.path.abspath(found) if found and uri.startswith("file:") else None


@dataclass(frozen=True)
class At:
    """A position in an open document: its registry, file, text and what stands there."""

    live: Live
    index: Index
    path: str
    text: str
    lines: Lines
    place: Place
    #: The record kind the file holds ("settings" for the settings file), or None.
    kind: str | None
    #: The position's character (code point) on its line.
    char: int

    @property
    def data(self) -> Any:
        """The document's data as far as it can be read (None if it cannot)."""
        return parse_bytes(self.text.encode("utf-8", "surrogatepass"), self.path).data


async def at(session: Session, uri: str, position: types.Position) -> At | None:
    """What stands at ``position`` of the open document ``uri`` (None outside a registry)."""
    path = path_of(uri)
    if path is None:
        return None
    live = await session.registry_of(path)
    if live is None:
        return None
    text = session.server.workspace.get_text_document(uri).source
    lines = Lines.of(text, session.encoding)
    line, char = lines.from_client(position)
    kind = "settings" if path == live.settings_file else kind_of(text, path)
    place = place_at(lines.lines, line, char)
    return At(live, session.index(live), path, text, lines, place, kind, char)
