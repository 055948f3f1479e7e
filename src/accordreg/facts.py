"""What cross-record checks need of each record: its id, its references, their places."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .located import Located, PathT, dotted
from .models import PROVISION_ID_RE, SLUG_RE, Agreement, Party, Provision, Record


@dataclass(frozen=True)
class Ref:
    """A reference from one record to another, and where in the record it is written."""

    kind: str
    target: str
    loc: PathT

    @property
    def field(self) -> str:
        """The reference's place as people write it: ``history[2].sources[0]``."""
        return dotted(self.loc)


@dataclass
class Facts:
    """What cross-record checks need to know of one record, without the record itself.

    Plain and small (no models, no positions): cheap to send from a worker process and to
    keep in the cache. ``targets`` lists, per field, the ids the field refers to; where
    each one is written is looked up again only for a record with a problem.
    """

    kind: str
    id: str
    path: str
    targets: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> list[Any]:
        """A compact JSON-ready form, for the cache: targets by position, not field name."""
        fields = list(TARGET_KINDS[self.kind])
        columns = [self.targets.get(name, []) for name in fields]
        while columns and not columns[-1]:
            columns.pop()
        return [self.kind, self.id, *columns]

    @classmethod
    def from_json(cls, path: str, data: list[Any]) -> Facts:
        """The inverse of :meth:`to_json`."""
        kind, rid, *columns = data
        targets = {
            name: list(column)
            for name, column in zip(TARGET_KINDS[kind], columns, strict=False)
            if column
        }
        return cls(kind, rid, path, targets)


_REF_FIELDS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    # record kind -> (field, target kind, sub-key inside list items)
    "agreement": (
        ("signatories", "party", "party"),
        ("third_parties", "party", "party"),
        ("sources", "source", None),
    ),
    "provision": (
        ("agreement", "agreement", None),
        ("responsible", "party", None),
        ("verifier", "party", None),
        ("depends_on", "provision", None),
        ("supersedes", "provision", None),
        ("superseded_by", "provision", None),
        ("sources", "source", None),
    ),
    "party": (("member_of", "party", None),),
    "source": (),
}


#: The kind of record each referring field points at, by record kind.
TARGET_KINDS: dict[str, dict[str, str]] = {
    kind: {name: target for name, target, _ in fields} for kind, fields in _REF_FIELDS.items()
}
TARGET_KINDS["provision"]["history"] = "source"


def refs_of(data: dict[str, Any]) -> list[Ref]:
    """Every well-formed reference in a record's data, with where it is written."""
    kind = data.get("kind")
    fields = _REF_FIELDS.get(kind, ()) if isinstance(kind, str) else ()
    refs: list[Ref] = []

    def add(target_kind: str, value: Any, loc: PathT) -> None:
        # A malformed id is already reported as such; calling it dangling too is noise.
        pattern = PROVISION_ID_RE if target_kind == "provision" else SLUG_RE
        if isinstance(value, str) and pattern.match(value):
            refs.append(Ref(target_kind, value, loc))

    for name, target, sub in fields:
        value = data.get(name)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if sub is None:
                    add(target, item, (name, i))
                elif isinstance(item, dict):
                    add(target, item.get(sub), (name, i, sub))
        else:
            add(target, value, (name,))
    history = data.get("history") if kind == "provision" else None
    if isinstance(history, list):
        for i, event in enumerate(history):
            sources = event.get("sources") if isinstance(event, dict) else None
            if isinstance(sources, list):
                for j, src in enumerate(sources):
                    add("source", src, ("history", i, "sources", j))
    return refs


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def from_record(path: str, record: Record) -> Facts:
    """The facts of a valid record, read off the model (its ids are known to be well formed)."""
    targets: dict[str, list[str]] = {}
    if isinstance(record, Provision):
        fields: dict[str, Iterable[str]] = {
            "agreement": [record.agreement],
            "responsible": record.responsible,
            "verifier": record.verifier,
            "depends_on": record.depends_on,
            "supersedes": record.supersedes,
            "superseded_by": [record.superseded_by] if record.superseded_by else [],
            "sources": record.sources,
            "history": (s for event in record.history for s in event.sources),
        }
    elif isinstance(record, Agreement):
        fields = {
            "signatories": (s.party for s in record.signatories if s.party),
            "third_parties": (t.party for t in record.third_parties if t.party),
            "sources": record.sources,
        }
    elif isinstance(record, Party):
        fields = {"member_of": [record.member_of] if record.member_of else []}
    else:
        fields = {}
    for name, values in fields.items():
        distinct = _distinct(values)
        if distinct:
            targets[name] = distinct
    return Facts(record.kind, record.id, path, targets)


def extract(path: str, data: dict[str, Any], model: type[BaseModel]) -> Facts | None:
    """The facts of a record whose id is well formed (else None: it cannot be referred to)."""
    rid = data.get("id")
    pattern = PROVISION_ID_RE if model is Provision else SLUG_RE
    if not isinstance(rid, str) or not pattern.match(rid):
        return None
    targets: dict[str, list[str]] = {}
    for ref in refs_of(data):
        listed = targets.setdefault(str(ref.loc[0]), [])
        if ref.target not in listed:
            listed.append(ref.target)
    return Facts(str(data["kind"]), rid, path, targets)


def check_place(ctx: Located, facts: Facts, path: Path) -> None:
    """Warn when a file's folder or name disagrees with the id it holds."""
    expected: str | None
    if facts.kind == "agreement":
        ok = path.stem == "agreement" and path.parent.name == facts.id
        expected = f"{facts.id}/agreement.yaml"
    elif facts.kind == "provision" and "/" in facts.id:
        folder, name = facts.id.split("/", 1)
        ok = path.stem == name and path.parent.name == folder
        expected = f"{facts.id}.yaml"
    else:
        ok = path.stem == facts.id
        expected = f"{facts.id}.yaml"
    if not ok:
        ctx.add(
            "R005",
            ("id",),
            f"id {facts.id!r} does not match the file's place {path.name!r}",
            f"keep this record at .../{expected}",
        )
