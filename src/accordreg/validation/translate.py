"""pydantic's validation errors as located diagnostics, with codes and hints."""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..hints import did_you_mean, suggest
from ..model.records import Provision
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


def _country_format_hint(value: object) -> str:
    """The country meant, where one is close (`Sdn`, `Sudan`: SDN), else how to write one."""
    if isinstance(value, str) and value.strip():
        from ..model.places import country_meant

        meant = country_meant(value.strip())
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
        ctx.add(
            "S005", loc, f"{where}: {error['msg']}", "write dates as YYYY-MM-DD, e.g. 2025-10-26"
        )
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
        quote = isinstance(value, (int, float, bool)) and kind == "string_type"
        ctx.add(
            "S003",
            loc,
            f"{where} must be {_TYPE_WORDS[kind]}, not {type_name(value)}",
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
