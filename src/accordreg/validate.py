"""Documents to records: schema and lifecycle checks, each problem at its line and column."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ._yaml import Positions
from .errors import Diagnostic, diagnostic
from .lifecycle import DEFAULT_LIFECYCLE, Lifecycle, Status
from .loader import Document
from .models import (
    KINDS,
    PROVISION_ID_RE,
    SLUG_RE,
    Agreement,
    Event,
    Party,
    Provision,
    Record,
    Source,
)

PathT = tuple[str | int, ...]
RecordType = type[Agreement] | type[Provision] | type[Party] | type[Source]


@dataclass(frozen=True)
class Ref:
    """A reference from one record to another, where it is written."""

    kind: str
    target: str
    field: str
    line: int
    column: int


@dataclass
class Facts:
    """What cross-record checks need to know of one record, without the record itself."""

    kind: str
    id: str
    path: str
    line: int
    column: int
    refs: list[Ref] = field(default_factory=list)


@dataclass
class Checked:
    """One document after validation: the record (if valid), its facts, its problems."""

    path: Path
    record: Record | None = None
    facts: Facts | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check_document(doc: Document, lifecycle: Lifecycle = DEFAULT_LIFECYCLE) -> Checked:
    """Validate one parsed document as the record kind its ``kind`` key names."""
    out = Checked(doc.path, diagnostics=list(doc.diagnostics))
    if doc.data is None:
        return out
    ctx = _Context(str(doc.path), doc.positions, out.diagnostics)
    data = doc.data
    if not isinstance(data, dict):
        ctx.add(
            "Y006",
            (),
            f"the document is a {_type_name(data)}, not a mapping",
            "a record is a mapping of keys to values, e.g. `kind: provision`",
        )
        return out
    model = _kind(ctx, data, doc.path)
    if model is None:
        return out
    record: Record | None = None
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for error in _without_misspelt_missing(model, exc.errors(include_url=False)):
            _report(ctx, model, error)
    if isinstance(record, Provision) or (record is None and model is Provision):
        _check_provision(ctx, data, record, lifecycle)
    out.record = record
    out.facts = _facts(ctx, data, model)
    if out.facts is not None:
        _check_path(ctx, out.facts, doc.path)
    return out


@dataclass
class _Context:
    path: str
    positions: Positions
    diagnostics: list[Diagnostic]

    def add(
        self, code: str, loc: PathT, message: str, hint: str | None = None, *, at_key: bool = False
    ) -> None:
        line, col = self.positions.key(loc) if at_key else self.positions.value(loc)
        self.diagnostics.append(diagnostic(code, self.path, line, col, message, hint))


def _type_name(value: Any) -> str:
    names = {
        dict: "mapping",
        list: "list",
        str: "text",
        bool: "true/false",
        int: "number",
        float: "number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def suggest(value: str, choices: list[str]) -> str | None:
    """The closest choice to ``value``, tolerant of case, dashes and spaces."""
    norm = re.sub(r"[\s\-]+", "_", value.strip().lower())
    for choice in choices:
        if norm == choice.lower():
            return choice
    close = difflib.get_close_matches(norm, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(value: Any, choices: list[str]) -> str | None:
    best = suggest(str(value), choices) if isinstance(value, str) else None
    return f"did you mean {best!r}?" if best else None


def _without_misspelt_missing(model: RecordType, errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "missing" errors explained by a misspelt key: `titel` reports once, not twice."""
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            best = suggest(str(loc[-1]), _fields_at(model, loc[:-1]))
            if best:
                misspelt.add((*loc[:-1], best))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _kind(ctx: _Context, data: dict[str, Any], path: Path) -> RecordType | None:
    kinds = list(KINDS)
    value = data.get("kind")
    if value is None:
        guess = guess_kind(path)
        ctx.add(
            "S007",
            (),
            "the record has no `kind`",
            f"add `kind: {guess}` as the first key"
            if guess
            else f"add `kind:` with one of {', '.join(kinds)}",
        )
        return None
    if not isinstance(value, str) or value not in KINDS:
        hint = _did_you_mean(value, kinds) or f"use one of {', '.join(kinds)}"
        ctx.add("S007", ("kind",), f"unknown record kind {value!r}", hint)
        return None
    return KINDS[value]


def guess_kind(path: Path) -> str | None:
    """The kind a file's place in the registry suggests."""
    if path.stem == "agreement":
        return "agreement"
    folder = path.parent.name
    return {"sources": "source", "parties": "party"}.get(folder, "provision")


def _dotted(loc: PathT) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the record"


def _fields_at(model: type[BaseModel], loc: PathT) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _unwrap(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated down to the model or list inside."""
    while True:
        origin = get_origin(annotation)
        if origin is list:
            return annotation
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            return annotation
        annotation = args[0]


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "bool_type": "true or false",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "date_type": "a date",
}

_FORMAT_HINTS = {
    "id": "ids are lower-case letters and digits joined by '-', e.g. 'kl-declaration'",
    "provision": "a provision id is '<agreement-id>/<name>', e.g. 'kl-declaration/demining'",
    "country": "a three-letter ISO 3166 code in capitals, e.g. 'THA' or 'KHM'",
    "url": "a full web address starting with https:// or http://",
    "pax": "a PA-X code such as 'TjPrire' or 'PpsGe:St'",
}

_PROVISION_REFS = {"depends_on", "supersedes", "superseded_by"}


def _format_hint(loc: PathT, model: type[BaseModel]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    last = names[-1] if names else ""
    if last in _PROVISION_REFS or (model is Provision and last == "id"):
        return _FORMAT_HINTS["provision"]
    if last == "country":
        return _FORMAT_HINTS["country"]
    if last == "url":
        return _FORMAT_HINTS["url"]
    if last == "pax_codes":
        return _FORMAT_HINTS["pax"]
    return _FORMAT_HINTS["id"]


def _report(ctx: _Context, model: type[BaseModel], error: ErrorDetails) -> None:
    loc: PathT = tuple(error["loc"])
    kind = error["type"]
    where = _dotted(loc)
    value = error.get("input")
    in_history = bool(loc) and loc[0] == "history"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = list(_fields_at(model, loc[:-1]))
        best = suggest(key, allowed)
        hint = f"did you mean {best!r}?" if best else f"allowed keys: {', '.join(allowed)}"
        ctx.add("S001", loc, f"unknown key {key!r}", hint, at_key=True)
    elif kind == "missing":
        name, parent = str(loc[-1]), loc[:-1]
        if in_history and name == "sources":
            ctx.add(
                "L004",
                parent,
                f"{_dotted(parent)} cites no source",
                "every event needs `sources:` with at least one source id",
            )
        else:
            inside = f" in {_dotted(parent)}" if parent else ""
            ctx.add("S002", parent, f"missing required key {name!r}{inside}", f"add `{name}:`")
    elif kind in ("enum", "literal_error"):
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = _did_you_mean(value, expected) or f"use one of {', '.join(expected)}"
        ctx.add("S004", loc, f"{where}: {value!r} is not an allowed value", hint)
    elif kind in (
        "date_format",
        "date_value",
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
    ):
        ctx.add(
            "S005", loc, f"{where}: {error['msg']}", "write dates as YYYY-MM-DD, e.g. 2025-10-26"
        )
    elif kind == "string_pattern_mismatch":
        ctx.add(
            "S006",
            loc,
            f"{where}: {value!r} is not in the expected format",
            _format_hint(loc, model),
        )
    elif kind == "too_short" and loc == ("history",):
        ctx.add(
            "L007",
            loc,
            "the history is empty",
            "start it with an `agreed` or `proposed` event, with its date and sources",
        )
    elif kind == "too_short" and in_history and loc[-1] == "sources":
        ctx.add(
            "L004",
            loc,
            f"{_dotted(loc[:-1])} cites no source",
            "list at least one source id under `sources:`",
        )
    elif kind in _TYPE_WORDS:
        quote = isinstance(value, (int, float, bool)) and kind == "string_type"
        ctx.add(
            "S003",
            loc,
            f"{where} must be {_TYPE_WORDS[kind]}, not {_type_name(value)}",
            f"quote it: '{value}'" if quote else None,
        )
    elif kind in (
        "too_short",
        "too_long",
        "string_too_short",
        "string_too_long",
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
    ):
        ctx.add("S008", loc, f"{where}: {error['msg'].lower()}")
    else:
        ctx.add("S003", loc, f"{where}: {error['msg']}")


def _check_provision(
    ctx: _Context, data: dict[str, Any], record: Provision | None, lifecycle: Lifecycle
) -> None:
    pid: Any
    agreement: Any
    successor: Any
    if record is not None:
        events = record.history
        pid, agreement = record.id, record.agreement
        successor = record.superseded_by
    else:
        events = _events_alone(data.get("history"))
        pid, agreement, successor = data.get("id"), data.get("agreement"), data.get("superseded_by")
    if events:
        check_history(ctx, events, successor is not None, lifecycle)
    if isinstance(pid, str) and isinstance(agreement, str) and "/" in pid:
        prefix = pid.split("/", 1)[0]
        if prefix != agreement:
            ctx.add(
                "R006",
                ("id",),
                f"provision id {pid!r} is not under its agreement {agreement!r}",
                f"name it '{agreement}/{pid.split('/', 1)[1]}', or fix `agreement:`",
            )


def _events_alone(raw: Any) -> list[Event]:
    """The history's events when every one of them is valid on its own, else none."""
    if not isinstance(raw, list):
        return []
    events = []
    for item in raw:
        try:
            events.append(Event.model_validate(item))
        except ValidationError:
            return []
    return events


def check_history(
    ctx: _Context, events: list[Event], has_successor: bool, lifecycle: Lifecycle
) -> None:
    """Lifecycle rules over a history: start state, legal moves, dates, levels, successor."""
    previous: Event | None = None
    for i, event in enumerate(events):
        here: PathT = ("history", i)
        if previous is None:
            if event.status not in lifecycle.starts():
                starts = " or ".join(lifecycle.starts())
                ctx.add(
                    "L001",
                    (*here, "status"),
                    f"the history starts at {event.status.value!r}",
                    f"a history starts at {starts}; add that event first",
                )
        else:
            if not lifecycle.can_move(previous.status, event.status):
                ctx.add(
                    "L002",
                    (*here, "status"),
                    f"cannot move from {previous.status.value!r} to {event.status.value!r}",
                    _moves_hint(lifecycle, previous.status),
                )
            if event.on < previous.on:
                ctx.add(
                    "L003",
                    (*here, "on"),
                    f"{event.on} is before the previous event's date {previous.on}",
                    "events are in date order; move this event or fix its date",
                )
        if event.level is not None and event.level not in lifecycle.levels_for(event.status):
            allowed = ", ".join(map(str, lifecycle.levels_for(event.status))) or "none (use null)"
            ctx.add(
                "L005",
                (*here, "level"),
                f"level {event.level} is not allowed for {event.status.value!r}",
                f"levels allowed for {event.status.value}: {allowed}",
            )
        previous = event
    if previous is not None and previous.status is Status.SUPERSEDED and not has_successor:
        ctx.add(
            "L006",
            ("history", len(events) - 1, "status"),
            "the provision is superseded but names no successor",
            "add `superseded_by: <provision id>`",
        )


def _moves_hint(lifecycle: Lifecycle, src: Status) -> str:
    moves = lifecycle.moves_from(src)
    if not moves:
        return f"{src.value!r} is final: no move is allowed from it"
    return f"from {src.value!r} the allowed moves are: {', '.join(moves)}"


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


def _facts(ctx: _Context, data: dict[str, Any], model: type[BaseModel]) -> Facts | None:
    kind = str(data["kind"])
    rid = data.get("id")
    pattern = PROVISION_ID_RE if model is Provision else SLUG_RE
    if not isinstance(rid, str) or not pattern.match(rid):
        return None
    line, col = ctx.positions.value(("id",))
    facts = Facts(kind, rid, ctx.path, line, col)

    def add(target_kind: str, value: Any, loc: PathT) -> None:
        # A malformed id is already reported as such; calling it dangling too is noise.
        pattern = PROVISION_ID_RE if target_kind == "provision" else SLUG_RE
        if isinstance(value, str) and pattern.match(value):
            ln, cl = ctx.positions.value(loc)
            facts.refs.append(Ref(target_kind, value, _dotted(loc), ln, cl))

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


def _check_path(ctx: _Context, facts: Facts, path: Path) -> None:
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
