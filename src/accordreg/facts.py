"""What cross-record checks need of each record: its id, its references, their places."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .located import Located, PathT, dotted
from .models import PROVISION_ID_RE, SLUG_RE, Provision


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

    Plain data (no positions, no models): cheap to send from a worker process and to keep
    in the cache. Lines and columns are looked up only for records with a problem.
    """

    kind: str
    id: str
    path: str
    refs: list[Ref] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form, for the cache."""
        return {
            "kind": self.kind,
            "id": self.id,
            "path": self.path,
            "refs": [[r.kind, r.target, list(r.loc)] for r in self.refs],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        """The inverse of :meth:`to_json`."""
        refs = [Ref(kind, target, tuple(loc)) for kind, target, loc in data["refs"]]
        return cls(data["kind"], data["id"], data["path"], refs)


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


def extract(ctx: Located, data: dict[str, Any], model: type[BaseModel]) -> Facts | None:
    kind = str(data["kind"])
    rid = data.get("id")
    pattern = PROVISION_ID_RE if model is Provision else SLUG_RE
    if not isinstance(rid, str) or not pattern.match(rid):
        return None
    facts = Facts(kind, rid, ctx.path)

    def add(target_kind: str, value: Any, loc: PathT) -> None:
        # A malformed id is already reported as such; calling it dangling too is noise.
        pattern = PROVISION_ID_RE if target_kind == "provision" else SLUG_RE
        if isinstance(value, str) and pattern.match(value):
            facts.refs.append(Ref(target_kind, value, loc))

    for name, target, sub in _REF_FIELDS[kind]:
        value = data.get(name)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if sub is None:
                    add(target, item, (name, i))
                elif isinstance(item, dict):
                    add(target, item.get(sub), (name, i, sub))
        else:
            add(target, value, (name,))
    history = data.get("history") if model is Provision else None
    if isinstance(history, list):
        for i, event in enumerate(history):
            sources = event.get("sources") if isinstance(event, dict) else None
            if isinstance(sources, list):
                for j, src in enumerate(sources):
                    add("source", src, ("history", i, "sources", j))
    return facts


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
