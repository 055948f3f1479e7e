"""Typed terms: the fields a category declares to say exactly what was promised.

A term has a type from a small, closed set (a count, a date, a party, places, phases, a
range of boundary pillars...). This module knows the types and reads raw values; the
pydantic models that check a provision's ``terms:`` are built in ``term_models``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

#: The term types, with what a value of each looks like.
TERM_TYPES: dict[str, str] = {
    "text": "a line of text",
    "texts": "a list of lines of text",
    "integer": "a whole number, 0 or more",
    "number": "a number, 0 or more",
    "date": "a date, YYYY-MM-DD",
    "boolean": "true or false",
    "party": "the id of a party record",
    "parties": "a list of party ids",
    "place": "a place: country (ISO alpha-3), subdivision, place",
    "places": "a list of places",
    "items": "a list of items, each a label and a description (e.g. weapon classes)",
    "phases": "a list of phases, each a label with start and due dates",
    "range": "a range of numbers: from, to (e.g. boundary pillars 42 to 47)",
}

#: Term types whose values are ids of party records (checked across records).
PARTY_TERMS = frozenset({"party", "parties"})
#: Term types whose values can be counted, so that they can be a measurable target.
COUNTABLE = frozenset({"integer", "number", "texts", "parties", "places", "items", "phases"})


def count_of(value: Any) -> float | None:
    """How many a term's value counts (a number, or the length of a list); None if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return float(len(value))
    return None


def party_ids(term_type: str, value: Any) -> Iterator[tuple[tuple[int, ...], str]]:
    """The party ids in a term's raw value, each with its index path inside the value."""
    if term_type == "party" and isinstance(value, str):
        yield (), value
    elif term_type == "parties" and isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (i,), item


def plain(value: Any) -> Any:
    """A term's value as JSON-ready data (dates as ISO text), nothing else changed."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
