"""What cross-record checks need of each record: its id, its references, their places."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from .located import Located, PathT, dotted
from .vocabulary import PROVISION_ID_RE, SLUG_RE

if TYPE_CHECKING:  # the models are needed only to read facts off a valid record
    from .models import Agreement, Party, Provision, Record


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


@dataclass(slots=True)
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
        """A JSON-ready form, for the cache: ``[kind, id, targets]``."""
        return [self.kind, self.id, self.targets]

    @classmethod
    def from_json(cls, path: str, data: list[Any]) -> Facts:
        """The inverse of :meth:`to_json`; ``ValueError`` if ``data`` is not of that form."""
        kind, rid, targets = data
        if kind not in TARGET_KINDS or type(rid) is not str or type(targets) is not dict:
            raise ValueError(f"not the facts of a record: {data!r}")
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
    listed = list(values)
    return listed if len(listed) < 2 else list(dict.fromkeys(listed))


def from_record(path: str, record: Record) -> Facts:
    """The facts of a valid record, read off the model (its ids are known to be well formed)."""
    kind = record.kind
    fields: dict[str, Iterable[str]]
    if kind == "provision":
        p = cast("Provision", record)
        fields = {
            "agreement": (p.agreement,),
            "responsible": p.responsible,
            "verifier": p.verifier,
            "depends_on": p.depends_on,
            "supersedes": p.supersedes,
            "superseded_by": (p.superseded_by,) if p.superseded_by else (),
            "sources": p.sources,
            "history": [s for event in p.history for s in event.sources],
        }
    elif kind == "agreement":
        a = cast("Agreement", record)
        fields = {
            "signatories": [s.party for s in a.signatories if s.party],
            "third_parties": [t.party for t in a.third_parties if t.party],
            "sources": a.sources,
        }
    elif kind == "party":
        member_of = cast("Party", record).member_of
        fields = {"member_of": (member_of,) if member_of else ()}
    else:
        fields = {}
    targets = {name: _distinct(values) for name, values in fields.items() if values}
    return Facts(kind, record.id, path, targets)


def extract(path: str, data: dict[str, Any], kind: str) -> Facts | None:
    """The facts of a record whose id is well formed (else None: it cannot be referred to)."""
    rid = data.get("id")
    pattern = PROVISION_ID_RE if kind == "provision" else SLUG_RE
    if not isinstance(rid, str) or not pattern.match(rid):
        return None
    targets: dict[str, list[str]] = {}
    for ref in refs_of(data):
        listed = targets.setdefault(str(ref.loc[0]), [])
        if ref.target not in listed:
            listed.append(ref.target)
    return Facts(kind, rid, path, targets)


def check_place(ctx: Located, facts: Facts, path: str) -> None:
    """Warn when a file's folder or name disagrees with the id it holds."""
    # Plain string splitting: this runs for every file of a registry.
    if os.altsep:
        path = path.replace(os.altsep, os.sep)
    folder_path, _, name = path.rpartition(os.sep)
    folder = folder_path.rpartition(os.sep)[2]
    stem = name.rpartition(".")[0] or name
    expected: str | None
    if facts.kind == "agreement":
        ok = stem == "agreement" and folder == facts.id
        expected = f"{facts.id}/agreement.yaml"
    elif facts.kind == "provision" and "/" in facts.id:
        want_folder, want_name = facts.id.split("/", 1)
        ok = stem == want_name and folder == want_folder
        expected = f"{facts.id}.yaml"
    else:
        ok = stem == facts.id
        expected = f"{facts.id}.yaml"
    if not ok:
        ctx.add(
            "R005",
            ("id",),
            f"id {facts.id!r} does not match the file's place {name!r}",
            f"keep this record at .../{expected}",
        )
