"""Records to YAML text in the one canonical layout, quickly.

Mappings in block style, keys in the order given, lists indented under their key
(``  - item``), scalars plain where they read back as the same string under YAML 1.2 and
double-quoted otherwise. ruamel.yaml's round trip keeps this layout byte for byte, so a
later edit's diff is just the edit. Covers what records hold: mappings, lists, text,
numbers, booleans, dates and null.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from .scalars import NumberTooLong, resolve_plain

# Plain only if it starts and ends with a word character or closing bracket, and holds
# nothing YAML could read as structure (": ", " #", flow or block indicators).
_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 _.,;()/+'-]*")
_PLAIN_END = re.compile(r"[A-Za-z0-9.)]")
# ruamel.yaml reads these as timestamps and fails on impossible ones: quote them.
_DATE_LIKE = re.compile(r"\d{4}-\d\d?-\d\d?")


_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def scalar(value: Any) -> str:
    """One scalar as YAML text."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and _PLAIN_END.fullmatch(text[-1])
        and "  " not in text
        and not _DATE_LIKE.match(text)
        and _reads_back(text)
    ):
        return text
    # A JSON string is a valid YAML 1.2 double-quoted scalar with the same value. JSON leaves
    # NEL, LS and PS raw; YAML 1.1 readers take them for line breaks, so they are escaped.
    return json.dumps(text, ensure_ascii=False).translate(_BREAKS)


def _reads_back(text: str) -> bool:
    try:
        return bool(resolve_plain(text) == text)
    except NumberTooLong:
        return False  # digits beyond what may be read as a number: quoted, they are text


def _mapping(data: dict[str, Any], indent: str, out: list[str]) -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            if not value:
                out.append(f"{indent}{key}: {{}}")
                continue
            out.append(f"{indent}{key}:")
            _mapping(value, indent + "  ", out)
        elif isinstance(value, list):
            if not value:
                out.append(f"{indent}{key}: []")
                continue
            out.append(f"{indent}{key}:")
            _sequence(value, indent + "  ", out)
        else:
            out.append(f"{indent}{key}: {scalar(value)}")


def _sequence(items: list[Any], indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            inner: list[str] = []
            _mapping(item, indent + "  ", inner)
            out.append(f"{indent}- {inner[0].lstrip()}")
            out.extend(inner[1:])
        elif isinstance(item, list):
            raise ValueError("lists directly inside lists are not part of any record")
        else:
            out.append(f"{indent}- {scalar(item) if not isinstance(item, dict) else '{}'}")


def dump(data: dict[str, Any], header: str = "") -> str:
    """A record's data as the text of its file, after an optional comment header."""
    out: list[str] = []
    _mapping(data, "", out)
    return header + "\n".join(out) + "\n"
