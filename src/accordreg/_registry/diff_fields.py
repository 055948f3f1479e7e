"""The parts of a registry diff, and values compared field by field.

What :mod:`.diff` reports (records added, removed and renamed; fields changed; events
appended; history edits and past statuses changed), the records of each version it reads
to find them, and :func:`_fields`, which finds the changed values between two pieces of
data at their field paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from .._model.settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from .._model.records import Record
    from .diff_versions import Version


@dataclass(frozen=True)
class RecordRef:
    """A record that one version has and the other has not."""

    id: str
    kind: str
    path: str


@dataclass(frozen=True)
class Renamed:
    """A record with the same content under another id, or the same id in another file."""

    kind: str
    old_id: str
    new_id: str
    old_path: str
    new_path: str


@dataclass(frozen=True)
class FieldChange:
    """One value that changed, at its field path inside one record.

    List indexes are the new version's, or the old one's for an item that was removed.
    """

    record: str
    #: e.g. ``terms.sites[0].place``, ``history[2].note``, ``title``.
    field: str
    old: Any = None
    new: Any = None
    #: ``changed``, ``added`` (no old value) or ``removed`` (no new value).
    change: str = "changed"


@dataclass(frozen=True)
class AppendedEvent:
    """An event added after every event the old version had: news, not a rewrite."""

    record: str
    #: Its place in the new history, from 0.
    index: int
    on: str
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class HistoryEdit:
    """A past event edited, removed, or inserted before events already on record."""

    record: str
    #: ``edited``, ``removed`` or ``inserted``.
    edit: str
    #: Its place in the old history (None if inserted) and the new one (None if removed).
    old_index: int | None
    new_index: int | None
    #: The event's date and status (the old ones, but for an insertion).
    on: str
    status: str
    #: What changed in an edited event, at paths like ``history[2].note``.
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PastStatusChange:
    """Dates, up to a provision's last event in the old version, whose status changed."""

    record: str
    start: date
    #: The last day of the stretch, included.
    end: date
    old_status: str | None
    new_status: str | None
    old_level: int | None = None
    new_level: int | None = None


@dataclass
class _Entry:
    """One record file of one version, read and checked."""

    path: str
    id: str
    kind: str
    #: Its meaning as plain JSON data, in normal form (see :mod:`.normal`).
    data: dict[str, Any]
    record: Record | None = None


@dataclass
class _Side:
    version: Version
    settings: Settings = DEFAULT_SETTINGS
    settings_data: Any = None
    entries: dict[str, _Entry] = field(default_factory=dict)


@dataclass
class _Result:
    added: list[RecordRef] = field(default_factory=list)
    removed: list[RecordRef] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)
    appended: list[AppendedEvent] = field(default_factory=list)
    history_edits: list[HistoryEdit] = field(default_factory=list)
    past_status: list[PastStatusChange] = field(default_factory=list)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _fields(record: str, old: Any, new: Any, path: str) -> list[FieldChange]:
    """Changed values between two pieces of data, each at its field path."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[FieldChange] = []
        for key in [*old, *(k for k in new if k not in old)]:
            at = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(FieldChange(record, at, old[key], None, "removed"))
            elif key not in old:
                out.append(FieldChange(record, at, None, new[key], "added"))
            else:
                out += _fields(record, old[key], new[key], at)
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _list_fields(record, old, new, path)
    if _canon(old) == _canon(new):
        return []
    if old is None and path == "":
        return [FieldChange(record, path, None, new, "added")]
    if new is None and path == "":
        return [FieldChange(record, path, old, None, "removed")]
    return [FieldChange(record, path, old, new)]


def _list_fields(record: str, old: list[Any], new: list[Any], path: str) -> list[FieldChange]:
    # Items are aligned first, so that an item put in at the front is one addition, not a
    # change to every item after it.
    out: list[FieldChange] = []
    matcher = SequenceMatcher(None, [_canon(x) for x in old], [_canon(x) for x in new], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            out += _fields(record, old[i1 + k], new[j1 + k], f"{path}[{j1 + k}]")
        out += [
            FieldChange(record, f"{path}[{i}]", old[i], None, "removed")
            for i in range(i1 + pairs, i2)
        ]
        out += [
            FieldChange(record, f"{path}[{j}]", None, new[j], "added")
            for j in range(j1 + pairs, j2)
        ]
    return out
