"""pydantic's validation errors as located diagnostics, with codes and hints."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .._hints import did_you_mean, suggest
from .._model.records import Provision
from .located import Located, PathT, dotted, type_name


def without_misspelt_missing(
    model: type[BaseModel], errors: list[ErrorDetails]
) -> list[ErrorDetails]:
    """Drop "missing" errors explained by a misspelt key: `titel` reports once, not twice."""
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            best = suggest(str(loc[-1]), _fields_at(model, loc[:-1]))
            if best:
                misspelt.add((*loc[:-1], best))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _fields_at(model: type[BaseModel], loc: PathT) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model``."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found is not None else []


def _model_at(model: type[BaseModel], loc: PathT) -> type[BaseModel] | None:
    """The model found at ``loc`` inside ``model``; None where a value there is no model."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


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
    "bool_parsing": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_parsing": "a whole number",
    "date_type": "a date",
}

#: How to write a value of each type, for the hint under a wrong one.
_HOW_TO_WRITE = {
    "a whole number": "write a whole number, without quotes, e.g. 18",
    "a number": "write a number, without quotes, e.g. 18 or 2.5",
    "true or false": "write true or false, without quotes",
    "a list": "write a list: [a, b] on one line, or each item on a line of its own after '- '",
    "a date": "write dates as YYYY-MM-DD, e.g. 2025-10-26 (YYYY-MM or YYYY where no day is known)",
}

_FORMAT_HINTS = {
    "id": "ids are lower-case letters and digits joined by '-', e.g. 'kl-declaration'",
    "provision": "a provision id is '<agreement-id>/<name>', e.g. 'kl-declaration/demining'",
    "country": "a three-letter ISO 3166 code in capitals, e.g. 'THA' or 'KHM'",
    "url": "a full web address starting with https:// or http://",
    "pax": "a PA-X code such as 'TjPrire' or 'PpsGe:St'",
}

_PROVISION_REFS = {"depends_on", "supersedes", "superseded_by"}


def _country_format_hint(value: object) -> str:
    """The country meant, where one is close (`Sdn`, `Sudan`: SDN; the two-letter `CO`:
    COL), else how to write one."""
    if isinstance(value, str) and value.strip():
        from .._model.places import _alpha_2, country_meant

        code = value.strip()
        by_alpha_2 = {two: three for three, two in _alpha_2().items()}
        meant = country_meant(by_alpha_2.get(code.upper(), code))
        if meant is not None:
            return f"{meant} Codes are three capital letters (ISO 3166-1 alpha-3)."
    return _FORMAT_HINTS["country"]


def _format_hint(loc: PathT, model: type[BaseModel], value: object = None) -> str:
    names = [p for p in loc if isinstance(p, str)]
    last = names[-1] if names else ""
    if last in _PROVISION_REFS or (model is Provision and last == "id"):
        return _FORMAT_HINTS["provision"]
    if last == "country" or (last == "countries" and isinstance(loc[-1], int)):
        return _country_format_hint(value)
    if last == "url":
        return _FORMAT_HINTS["url"]
    if last == "pax_codes":
        return _FORMAT_HINTS["pax"]
    return _FORMAT_HINTS["id"]


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _wrong_day(text: str) -> str | None:
    """Why the day of a YYYY-MM-DD text is not in its month, in words ("February has 28
    days in 2019"); None where the day is not what is wrong."""
    try:
        year, month, day = (int(part) for part in text.split("-"))
    except ValueError:
        return None
    if not (1 <= year <= 9999 and 1 <= month <= 12) or 1 <= day <= 28:
        return None
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "days of the month are numbered from 1"
    if day <= days:
        return None
    return f"{_MONTHS[month - 1]} has {days} days" + (f" in {year}" if month == 2 else "")


def date_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a date given on the command line, in a sentence
    ("2019-02-30 is not a date (February has 28 days in 2019)"); None if it is one."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{text!r} is not a date in YYYY-MM-DD form, e.g. 2025-10-26"
    try:
        date.fromisoformat(text)
    except ValueError as exc:
        return f"{text} is not a date ({_wrong_day(text) or exc})"
    return None


def _type_hint(kind: str, value: object, model: type[BaseModel], inner: PathT) -> str:
    """How to write what was expected where a value of the wrong type stands."""
    expected = _TYPE_WORDS[kind]
    if value is None:
        return f"give it {expected}, or leave the key out where it is optional"
    if expected == "text":
        if isinstance(value, (int, float, bool)):
            return f"quote it: '{value}'"
        return "write it as one piece of text; to keep brackets or braces in it, quote it"
    if expected == "a mapping":
        found = _model_at(model, inner)
        if found is None:
            return "write a mapping of keys to values, e.g. {name: value}"
        keys = [
            (info.alias or name) + (" (required)" if info.is_required() else "")
            for name, info in found.model_fields.items()
        ]
        return f"write a mapping with the keys {', '.join(keys)}"
    return _HOW_TO_WRITE[expected]


def _too_small(
    kind: str, where: str, value: object, limits: dict[str, Any]
) -> tuple[str, str | None] | None:
    """A text, list or number under its least allowed size, as a message and a hint; None
    for the other limits."""
    least = limits.get("min_length")
    if kind == "string_too_short" and least == 1:
        return f"{where} is empty", "write at least one character"
    if kind == "string_too_short" and isinstance(value, str):
        return f"{where} has {len(value)} characters", f"write at least {least}"
    if kind == "too_short" and least is not None:
        items = f"list at least {least} item" + ("s" if least != 1 else "")
        actual = limits.get("actual_length") or 0
        return (f"{where} is empty" if not actual else f"{where} has {actual} item(s)"), items
    if kind == "greater_than_equal" and "ge" in limits:
        return f"{where} is {_number(value)}; it may not be below {_number(limits['ge'])}", None
    return None


def _number(value: object) -> str:
    """A number as people write it: 0, not 0.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def report(ctx: Located, model: type[BaseModel], error: ErrorDetails, prefix: PathT = ()) -> None:
    """Report one pydantic error of ``model`` as a diagnostic; ``prefix`` places the
    model inside the record (e.g. ``("terms",)`` for a category's typed terms)."""
    inner: PathT = tuple(error["loc"])
    loc: PathT = (*prefix, *inner)
    kind = error["type"]
    where = dotted(loc)
    value = error.get("input")
    in_history = bool(loc) and loc[0] == "history" and not prefix
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = list(_fields_at(model, inner[:-1]))
        listed = ", ".join(allowed) or "none"
        hint = did_you_mean(key, allowed) or f"allowed keys: {listed}"
        ctx.add("S001", loc, f"unknown key {key!r}", hint, at_key=True)
    elif kind == "missing":
        name, parent = str(loc[-1]), loc[:-1]
        if in_history and name == "sources":
            ctx.add(
                "L004",
                parent,
                f"{dotted(parent)} cites no source",
                "every event needs `sources:` with at least one source id",
            )
        else:
            inside = f" in {dotted(parent)}" if parent else ""
            ctx.add("S002", parent, f"missing required key {name!r}{inside}", f"add `{name}:`")
    elif kind in ("enum", "literal_error"):
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = did_you_mean(value, expected) or f"use one of {', '.join(expected)}"
        ctx.add("S004", loc, f"{where}: {value!r} is not an allowed value", hint)
    elif kind in (
        "date_format",
        "date_value",
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
    ):
        why = _wrong_day(value) if kind == "date_value" and isinstance(value, str) else None
        said = f"{value!r} is not a real date: {why}" if why else error["msg"]
        ctx.add("S005", loc, f"{where}: {said}", _HOW_TO_WRITE["a date"])
    elif kind in ("country_code", "code_not_listed"):
        suggestion = str(error.get("ctx", {}).get("hint", "")) or None
        ctx.add("S004", loc, f"{where}: {error['msg']}", suggestion)
    elif kind == "string_pattern_mismatch":
        ctx.add(
            "S006",
            loc,
            f"{where}: {value!r} is not in the expected format",
            _format_hint(loc, model, value),
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
            f"{dotted(loc[:-1])} cites no source",
            "list at least one source id under `sources:`",
        )
    elif kind in _TYPE_WORDS:
        ctx.add(
            "S003",
            loc,
            f"{where} must be {_TYPE_WORDS[kind]}, not {type_name(value)}",
            _type_hint(kind, value, model, inner),
        )
    elif (small := _too_small(kind, where, value, dict(error.get("ctx", {})))) is not None:
        ctx.add("S008", loc, *small)
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
    elif kind == "value_error":  # a model's own check: its words, without pydantic's
        ctx.add("S003", loc, f"{where}: {error.get('ctx', {}).get('error') or error['msg']}")
    else:
        ctx.add("S003", loc, f"{where}: {error['msg']}")
