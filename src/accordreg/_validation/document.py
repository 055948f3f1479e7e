"""Documents to records: parse result in, record, facts and diagnostics out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .._diagnostics import Diagnostic
from .._hints import did_you_mean
from .._model.kinds import KINDS, guess_kind
from .._model.records import Agreement, Provision, Record
from .._model.settings import DEFAULT_SETTINGS, Settings
from .._store.read import Document
from . import facts as facts_
from .facts import Facts
from .history import check_agreement, check_provision
from .located import Located, dotted, type_name
from .places import check_places
from .term_checks import check_terms
from .translate import report, without_misspelt_missing

#: The longest id a record may have. Ids name files (`sources/<id>.yaml`) and pages
#: (`provisions/<agreement>/<name>.html`), and a file's name has at most 255 bytes: a
#: longer id made `site` fail on the first page it could not name.
MAX_ID_LENGTH = 100


@dataclass
class Checked:
    """One document after validation: the record (if valid), its facts, its problems."""

    path: str
    record: Record | None = None
    facts: Facts | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digest: str = ""


def check_document(doc: Document, settings: Settings = DEFAULT_SETTINGS) -> Checked:
    """Validate one parsed document as the record kind its ``kind`` key names."""
    out = Checked(doc.path, diagnostics=list(doc.diagnostics), digest=doc.digest)
    if doc.data is None:
        return out
    ctx = Located(doc.path, lambda: doc.positions, out.diagnostics)
    data = doc.data
    if not isinstance(data, dict):
        ctx.add(
            "Y006",
            (),
            f"the document is a {type_name(data)}, not a mapping",
            "a record is a mapping of keys to values, e.g. `kind: provision`",
        )
        return out
    if "\\" in doc.text:  # escapes are the only way left for a control character in
        _control_characters(ctx, data, ())  # (a raw one is refused as YAML)
    model = _kind(ctx, data, doc.path)
    if model is None:
        return out
    rid = data.get("id")
    if type(rid) is str and len(rid) > MAX_ID_LENGTH:
        ctx.add(
            "S008",
            ("id",),
            f"the id is {len(rid):,} characters long; ids have at most {MAX_ID_LENGTH}",
            "ids name the record's file and its pages: shorten it (e.g. `kl-declaration-2025`)",
        )
    record: Record | None = None
    try:
        record = model.model_validate(data, context={"settings": settings})
    except ValidationError as exc:
        for error in without_misspelt_missing(model, exc.errors(include_url=False)):
            report(ctx, model, error)
    if isinstance(record, Provision) or (record is None and model is Provision):
        check_provision(ctx, data, record, settings)
    if isinstance(record, Agreement) or (record is None and model is Agreement):
        check_agreement(ctx, data, record, settings)
    if isinstance(record, Provision):
        check_terms(ctx, record, settings)
        check_places(ctx, record)
    out.record = record
    if record is not None:
        out.facts = facts_.from_record(ctx.path, record, settings)
    else:
        out.facts = facts_.extract(ctx.path, data, data["kind"], settings)
    if out.facts is not None:
        facts_.check_place(ctx, out.facts, ctx.path)
    return out


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _control_characters(ctx: Located, value: Any, loc: tuple[str | int, ...]) -> None:
    """Text holding a control character (other than tab and newline), at its value."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            ctx.add(
                "S010",
                loc,
                f"{dotted(loc)} holds the control character {found.group()!r}",
                "remove it: control characters garble terminals and files that show the text",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _control_characters(ctx, item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _control_characters(ctx, item, (*loc, i))


def _kind(ctx: Located, data: dict[str, Any], path: str) -> type[Record] | None:
    kinds = list(KINDS)
    value = data.get("kind")
    if value is None:
        guess = guess_kind(path, data)
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
        hint = did_you_mean(value, kinds) or f"use one of {', '.join(kinds)}"
        ctx.add("S007", ("kind",), f"unknown record kind {value!r}", hint)
        return None
    return KINDS[value].model
