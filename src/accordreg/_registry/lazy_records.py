"""Records by id, each built from its cached data the first time it is asked for.

A warm ``load()`` has, for every unchanged file, the record's data as the cache keeps it:
JSON text that passed this very check before (same code, same settings). Building a model
from it is cheap, but at tens of thousands of records it is most of a load, while
``show ID`` needs a handful and ``status`` needs no source or party. So a record is built
when it is first looked up, and kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

from .._errors import ConflictError
from .._model.kinds import KINDS
from .._model.settings import Settings
from .._validation.in_process import record_from
from .._validation.stored import Stored

if TYPE_CHECKING:  # the models are imported when the first record is built, not before
    from .._model.records import Record


class Pending:
    """A record not built yet: its kind, its data (JSON text, or where it is in the
    cache's records file) and its file."""

    __slots__ = ("data", "kind", "path")

    def __init__(self, kind: str, data: str | Stored, path: str) -> None:
        self.kind = kind
        self.data = data
        self.path = path


class Records(Mapping[str, "Record"]):
    """Every record by id, in the order added; built records and pending ones alike."""

    def __init__(self, settings: Settings) -> None:
        #: The settings pending records are built with (the registry's).
        self._settings = settings
        self._items: dict[str, Record | Pending] = {}
        #: What each record built here was built from, so that it can be let go again.
        self._origins: dict[str, Pending] = {}

    def put(self, record_id: str, record: Record | Pending) -> None:
        """Add or replace a record."""
        self._items[record_id] = record
        self._origins.pop(record_id, None)

    def __getitem__(self, record_id: str) -> Record:
        item = self._items[record_id]
        if isinstance(item, Pending):
            built = self._build(record_id, item)
            self._items[record_id] = built
            self._origins[record_id] = item
            return built
        return item

    def release(self, record_id: str) -> None:
        """Let go of a record built from cached data: it is built again if looked up again.
        A record put in as a model is kept."""
        origin = self._origins.pop(record_id, None)
        if origin is not None:
            self._items[record_id] = origin

    def _build(self, record_id: str, item: Pending) -> Record:
        record = record_from(KINDS[item.kind].model, item.data, item.path, self._settings)
        if record is None or record.id != record_id:
            raise ConflictError(
                f"{item.path} changed since the registry was loaded and no longer holds a "
                f"valid record {record_id!r}; load the registry again"
            )
        return record

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def built(self) -> int:
        """How many records have been built so far."""
        return sum(1 for item in self._items.values() if type(item) is not Pending)


class KindView(Mapping[str, "Record"]):
    """The records of one kind, by id in the order added: a view of :class:`Records`."""

    def __init__(self, records: Records) -> None:
        self._records = records
        self._ids: dict[str, None] = {}

    def add(self, record_id: str) -> None:
        """Count a record of the registry's as one of this kind."""
        self._ids[record_id] = None

    def __getitem__(self, record_id: str) -> Record:
        if record_id not in self._ids:
            raise KeyError(record_id)
        return self._records[record_id]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class PendingRecord(NamedTuple):
    """A record still to be built (see :class:`Registry`), from what a cached check kept."""

    kind: str
    id: str
    path: str
    #: JSON text, or where the record is in the cache's records file.
    data: str | Stored
    #: A provision's agreement; None for other kinds.
    agreement: str | None
