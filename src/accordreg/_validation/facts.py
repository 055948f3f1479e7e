"""What cross-record checks need of each record: its id, its references, their places."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .._model.dates import text
from .._model.kinds import KINDS, TARGET_KINDS, path_parts
from .._model.names import PROVISION_ID_RE, SLUG_RE
from .._model.terms import PARTY_TERMS, party_ids
from .located import Located, PathT, dotted

ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

if TYPE_CHECKING:  # the models are needed only to read facts off a valid record
    from .._model.records import Record
    from .._model.settings import Settings


@dataclass(frozen=True)
class Ref:
    """A reference from one record to another, and where in the record it is written."""

    kind: str
    target: str
    loc: PathT
    #: The name of the referring field in facts (see ``RefField.name``).
    name: str = ""

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
    #: Dates checked against today and against each other on every run (never cached as
    #: a verdict, since "in the future" changes with the day): a provision's event dates,
    #: ``"YYYY-MM-DD"`` each, or a source's date of publication as its only item.
    dates: list[str] = field(default_factory=list)

    def to_json(self) -> list[Any]:
        """A JSON-ready form, for the cache: ``[kind, id, targets, dates]``."""
        return [self.kind, self.id, self.targets, self.dates]

    @classmethod
    def from_json(cls, path: str, data: list[Any]) -> Facts:
        """The inverse of :meth:`to_json`; ``ValueError`` if ``data`` is not of that form."""
        kind, rid, targets, dates = data
        if (
            kind not in TARGET_KINDS
            or type(rid) is not str
            or type(targets) is not dict
            or type(dates) is not list
        ):
            raise ValueError(f"not the facts of a record: {data!r}")
        return cls(kind, rid, path, targets, dates)


def _term_types(data: Any, settings: Settings) -> dict[str, str]:
    category = settings.vocabulary.category(data) if isinstance(data, str) else None
    return {name: spec.type for name, spec in category.terms.items()} if category else {}


def _term_refs(terms: Any, types: dict[str, str], loc: PathT) -> Iterator[tuple[PathT, str]]:
    """Party ids written in a ``terms:`` mapping, with where each is written."""
    if not isinstance(terms, dict):
        return
    for name, value in terms.items():
        term_type = types.get(name)
        if term_type in PARTY_TERMS:
            for index, party in party_ids(term_type, value):
                yield (*loc, name, *index), party


def refs_of(data: dict[str, Any], settings: Settings) -> list[Ref]:
    """Every well-formed reference in a record's data, with where it is written."""
    kind = KINDS.get(data["kind"]) if isinstance(data.get("kind"), str) else None
    refs: list[Ref] = []

    def add(target_kind: str, value: Any, loc: PathT, name: str) -> None:
        # A malformed id is already reported as such; calling it dangling too is noise.
        pattern = PROVISION_ID_RE if target_kind == "provision" else SLUG_RE
        if isinstance(value, str) and pattern.match(value):
            refs.append(Ref(target_kind, value, loc, name))

    for ref in kind.refs if kind else ():
        name, target, key = ref.field, ref.target, ref.key
        value = data.get(name)
        if ref.typed:
            types = _term_types(data.get("category"), settings)
            for loc, party in _term_refs(value, types, (name,)):
                add(target, party, loc, ref.name)
            for i, event in enumerate(_list(data.get("history"))):
                if isinstance(event, dict):
                    for loc, party in _term_refs(event.get(name), types, ("history", i, name)):
                        add(target, party, loc, ref.name)
            continue
        if not isinstance(value, list):
            add(target, value, (name,), ref.name)
            continue
        for i, item in enumerate(value):
            if key is None:
                add(target, item, (name, i), ref.name)
                continue
            inner = item.get(key) if isinstance(item, dict) else None
            if isinstance(inner, list):
                for j, one in enumerate(inner):
                    add(target, one, (name, i, key, j), ref.name)
            else:
                add(target, inner, (name, i, key), ref.name)
    return refs


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _distinct(values: Iterable[str]) -> list[str]:
    listed = list(values)
    return listed if len(listed) < 2 else list(dict.fromkeys(listed))


@cache
def _plan(kind: str) -> tuple[tuple[str, str, str | None, bool], ...]:
    """A kind's references as plain tuples: read for every record checked."""
    return tuple((r.field, r.name, r.key, r.typed) for r in KINDS[kind].refs)


def from_record(path: str, record: Record, settings: Settings) -> Facts:
    """The facts of a valid record, read off the model (its ids are known to be well formed)."""
    targets: dict[str, list[str]] = {}
    for field_name, name, key, typed in _plan(record.kind):
        if typed:
            found = _typed_refs(record, field_name, settings)
            if found:
                targets[name] = _distinct(found)
            continue
        value = getattr(record, field_name)
        if not value:  # None or empty: most references of most records
            continue
        if type(value) is str:
            targets[name] = [value]
        elif key is None:
            targets[name] = _distinct(value)
        else:
            found = []
            for item in value:
                inner = getattr(item, key, None)  # conditions may be plain text
                if type(inner) is list:
                    found.extend(inner)
                elif inner is not None:
                    found.append(inner)
            if found:
                targets[name] = _distinct(found)
    return Facts(record.kind, record.id, path, targets, _dates(record))


#: Read off every event of every provision checked: in C, not in a Python loop.
_ON, _TERMS = attrgetter("on"), attrgetter("terms")


def _dates(record: Record) -> list[str]:
    history = getattr(record, "history", None)
    # As written (``2025-11``): text compares as the period's first day, which is what the
    # check of future events needs; a check that needs the period's end parses it.
    if history is not None:
        return list(map(text, map(_ON, history)))
    published = getattr(record, "date", None) if record.kind == "source" else None
    return [text(published)] if published else []


def _typed_refs(record: Record, field: str, settings: Settings) -> list[str]:
    """Party ids in a provision's terms and its events' terms (none for other kinds)."""
    terms = getattr(record, field, None)
    history = getattr(record, "history", ())
    if not terms and not any(map(_TERMS, history)):
        return []  # the usual case: no terms, no need to look the category up
    types = _term_types(getattr(record, "category", None), settings)
    found = [party for _, party in _term_refs(terms, types, ())]
    for event in history:
        found += [party for _, party in _term_refs(event.terms, types, ())]
    return found


def extract(path: str, data: dict[str, Any], kind: str, settings: Settings) -> Facts | None:
    """The facts of a record whose id is well formed (else None: it cannot be referred to)."""
    rid = data.get("id")
    pattern = PROVISION_ID_RE if kind == "provision" else SLUG_RE
    if not isinstance(rid, str) or not pattern.match(rid):
        return None
    targets: dict[str, list[str]] = {}
    for ref in refs_of(data, settings):
        listed = targets.setdefault(ref.name, [])
        if ref.target not in listed:
            listed.append(ref.target)
    return Facts(kind, rid, path, targets, _raw_dates(data, kind))


def _raw_dates(data: dict[str, Any], kind: str) -> list[str]:
    """The dates ``from_record`` would give, from data that may not all be valid."""
    if kind == "source":
        day = _written(data.get("date"))
        return [day] if day is not None else []
    history = data.get("history")
    if kind not in ("provision", "agreement") or not isinstance(history, list):
        return []
    days = [_written(e.get("on")) if isinstance(e, dict) else None for e in history]
    # Only a history whose every date is readable gives dates: positions must line up.
    if all(d is not None for d in days):
        return [str(d) for d in days]
    return []


def _written(day: Any) -> str | None:
    """A date as records write it (a year may be a bare number), or None if it is not one."""
    if isinstance(day, str) and ISO_DATE.fullmatch(day):
        return day
    if type(day) is int and 1000 <= day <= 9999:
        return str(day)
    return None


def check_place(ctx: Located, facts: Facts, path: str) -> None:
    """Warn when a file's folder or name disagrees with the id it holds."""
    kind = KINDS[facts.kind]
    if kind.at_home(path_parts(path), facts.id):
        return
    name = path.replace("\\", "/").rpartition("/")[2]
    ctx.add(
        "R005",
        ("id",),
        f"id {facts.id!r} does not match the file's place {name!r}",
        f"keep this record at .../{kind.home_hint(facts.id)}",
    )
