"""Scalars by the YAML 1.2 core schema: what a plain or explicitly tagged value means.

Pure: no YAML library, so every reading path (libyaml, pure Python, native) resolves
values alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
#: The most digits an integer may have: Python's own limit for reading and printing one
#: in decimal (``sys.int_info.default_max_str_digits``), fixed here so that what passes
#: does not depend on the interpreter's settings.
MAX_INT_DIGITS = 4300
_INT_LIMIT = 10**MAX_INT_DIGITS


class NumberTooLong(Exception):
    """A plain integer with more digits than :data:`MAX_INT_DIGITS`, in any base.

    Not a ``ValueError``: a value that cannot be read at all is not a wrong value.
    """

    def __init__(self, text: str) -> None:
        super().__init__(f"an integer of {len(text)} characters")
        self.text = text


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def resolve_plain(text: str) -> Any:
    """A plain (unquoted, untagged) scalar's value under the YAML 1.2 core schema."""
    if not text:
        return None
    first = text[0]
    if first in "0123456789+-.":
        if _INT10.fullmatch(text):
            if len(text) > MAX_INT_DIGITS and len(text.lstrip("+-")) > MAX_INT_DIGITS:
                raise NumberTooLong(text)
            return int(text, 10)
        if _INT8.fullmatch(text):
            return _bounded(int(text[2:], 8), text)
        if _INT16.fullmatch(text):
            return _bounded(int(text[2:], 16), text)
        if _FLOAT.fullmatch(text):
            return float(text)
        if _INF.fullmatch(text):
            return -math.inf if first == "-" else math.inf
        if _NAN.fullmatch(text):
            return math.nan
        return text
    if first in "~nN" and text in _NULLS:
        return None
    if first in "tTfF":
        return _BOOLS.get(text, text)
    return text


def _bounded(value: int, text: str) -> int:
    # Bases 8 and 16 read at any length, but a value this large could not be printed.
    if value >= _INT_LIMIT:
        raise NumberTooLong(text)
    return value


def int_too_large(value: int) -> bool:
    """Whether an integer has more decimal digits than :data:`MAX_INT_DIGITS`."""
    return not -_INT_LIMIT < value < _INT_LIMIT


def _explicit_null(text: str) -> None:
    if text not in _NULLS:
        raise ValueError(text)


def _explicit_bool(text: str) -> bool:
    if text not in _BOOLS:
        raise ValueError(text)
    return _BOOLS[text]


def _explicit_int(text: str) -> int:
    value = resolve_plain(text)
    if type(value) is not int:
        raise ValueError(text)
    return value


def _explicit_float(text: str) -> float:
    value = resolve_plain(text)
    if type(value) not in (int, float):
        raise ValueError(text)
    return float(value)


EXPLICIT: dict[str, Callable[[str], Any]] = {
    "str": str,
    "null": _explicit_null,
    "bool": _explicit_bool,
    "int": _explicit_int,
    "float": _explicit_float,
}
