"""Record kinds, declared once: what each is called, its model, where its files live,
how a file's kind is guessed, and which of its fields refer to which other kinds.

The writer, the place check, kind guessing, the reference checks, scaffolding, cards,
the strategies and the schema export all read this table. It names each model by its
class name and imports the models only when one is asked for, so that code needing only
the table (the cross-file checks of a cached run) does not pay for building them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import Record


@dataclass(frozen=True)
class RefField:
    """A field whose values are ids of records of another kind.

    ``key`` names the field inside each list item that holds the id (or a list of ids),
    for references written inside items, such as ``signatories[0].party``. ``typed``
    marks typed terms, whose references depend on the category's term types. ``name``
    tells two references from the same field apart (default: the field's name).
    """

    field: str
    target: str
    key: str | None = None
    typed: bool = False
    alias: str | None = None

    @property
    def name(self) -> str:
        """The name the reference goes by in facts and messages."""
        return self.alias or self.field


@dataclass(frozen=True)
class Kind:
    """One record kind and everything the rest of accordreg needs to know about it."""

    name: str
    model_name: str
    #: Where a record lives in its registry folder; ``{id}`` is replaced by its id.
    place: str
    refs: tuple[RefField, ...] = ()
    #: The kind a file is taken for when its path suggests nothing else.
    fallback: bool = False

    @cached_property
    def model(self) -> type[Record]:
        """The pydantic model of this kind (imported on first use)."""
        from . import records

        model: type[Record] = getattr(records, self.model_name)
        return model

    def relative_place(self, record_id: str) -> PurePosixPath:
        """Where the record with this id lives inside its registry folder."""
        return PurePosixPath(self.place.format(id=record_id))

    @cached_property
    def _pattern(self) -> tuple[str, ...]:
        return tuple(self.place.rpartition(".")[0].split("/"))

    @cached_property
    def _fixed_folders(self) -> frozenset[int]:
        # Leading folders written out (``sources/``): where new records go, not a rule.
        return frozenset(i for i, part in enumerate(self._pattern[:-1]) if "{" not in part)

    def at_home(self, parts: list[str], record_id: str) -> bool:
        """Whether a file whose path (suffix dropped) splits into ``parts`` fits the id.

        Only what the id decides, and a fixed file name, are compared.
        """
        expected = "/".join(self._pattern).format(id=record_id).split("/")
        if len(parts) < len(expected):
            return False
        start = len(parts) - len(expected)
        fixed = self._fixed_folders
        for i, want in enumerate(expected):
            if i not in fixed and parts[start + i] != want:
                return False
        return True

    def home_hint(self, record_id: str) -> str:
        """The end of the path the record belongs at, as a hint names it."""
        fixed = self._fixed_folders
        tail = [p for i, p in enumerate(self._pattern) if i not in fixed]
        return "/".join(tail).format(id=record_id) + "." + self.place.rpartition(".")[2]

    def claims(self, parts: list[str]) -> bool:
        """Whether a file's place (path parts, suffix dropped) marks it as of this kind."""
        pattern = self._pattern
        for offset, part in enumerate(reversed(pattern)):
            if "{" in part or offset >= len(parts):
                continue
            if parts[len(parts) - 1 - offset] == part:
                return True
        return False


def _kinds(*kinds: Kind) -> dict[str, Kind]:
    return {k.name: k for k in kinds}


#: Every record kind, by the value of its ``kind`` key.
KINDS: Mapping[str, Kind] = _kinds(
    Kind(
        "agreement",
        "Agreement",
        "{id}/agreement.yaml",
        (
            RefField("signatories", "party", "party"),
            RefField("third_parties", "party", "party"),
            RefField("refers_to", "agreement"),
            RefField("sources", "source"),
            RefField("history", "source", "sources"),
            RefField("history", "party", "party", alias="history.party"),
        ),
    ),
    Kind(
        "provision",
        "Provision",
        "{id}.yaml",
        (
            RefField("agreement", "agreement"),
            RefField("responsible", "party"),
            RefField("verifier", "party"),
            RefField("depends_on", "provision"),
            RefField("supersedes", "provision"),
            RefField("superseded_by", "provision"),
            RefField("sources", "source"),
            RefField("history", "source", "sources"),
            RefField("history", "party", "party", alias="history.party"),
            RefField("deadlines", "source", "sources", alias="deadlines.sources"),
            RefField("conditions", "source", "sources", alias="conditions.sources"),
            RefField("conditions", "party", "party", alias="conditions.party"),
            RefField("same_as", "provision"),
            RefField("terms", "party", typed=True),
        ),
        fallback=True,
    ),
    Kind("party", "Party", "parties/{id}.yaml", (RefField("member_of", "party"),)),
    Kind("source", "Source", "sources/{id}.yaml"),
)

#: The kind of record each referring field points at, by record kind.
TARGET_KINDS: Mapping[str, Mapping[str, str]] = {
    kind.name: {ref.name: ref.target for ref in kind.refs} for kind in KINDS.values()
}


def path_parts(path: str) -> list[str]:
    """A file path's parts with the file's suffix dropped, for :meth:`Kind.at_home`."""
    normal = path.replace("\\", "/")
    stem = normal.rpartition(".")[0] if "." in normal.rpartition("/")[2] else normal
    return stem.split("/")


def guess_kind(path: str, data: Mapping[str, Any] | None = None) -> str | None:
    """The kind a file's place suggests; failing that, its keys; failing that, the fallback."""
    parts = path_parts(path)
    for kind in KINDS.values():
        if kind.claims(parts):
            return kind.name
    if data:
        fitting = [k.name for k in KINDS.values() if set(data) <= set(k.model.model_fields)]
        if len(fitting) == 1:
            return fitting[0]
    return next((k.name for k in KINDS.values() if k.fallback), None)


def kind_of(record: Record) -> Kind:
    """The kind of a record."""
    return KINDS[record.kind]
