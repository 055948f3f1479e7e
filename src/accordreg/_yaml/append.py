"""Appending an item to a top-level block list, with every other byte of the file kept.

A transition adds one event to ``history``. Loading the whole file and writing it out
again would impose one indentation on every list of the file and lose what a dumper
does not keep (a byte-order mark, CRLF line ends, a ``...`` end marker, an anchor).
Instead the new item is written in the layout of the list's last item (where its dash
stands, where its keys start, how its nested lists are written, the line ends) and
inserted as text after that item. The result is then read back: if anything but the
new item differs, a ValueError says what cannot be kept and nothing is returned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .compose import _PureLoader
from .emit import _DATE_LIKE, dump
from .emit import scalar as _canonical
from .parse import parse
from .scalars import resolve_plain

_BREAK = re.compile(r"\r\n|\r|\n")
# Characters a single-quoted scalar cannot hold on one line as they are (line breaks in
# YAML 1.1 or 1.2, non-printables, the byte-order mark): such text is double-quoted.
_NOT_SINGLE = re.compile(r"[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# What a plain scalar cannot start with, or hold anywhere (in flow context).
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_FLOW_INDICATORS = ",[]{}"
# What a double-quoted scalar escapes beyond JSON's escapes (JSON writes these raw).
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the line's first character
    end: int  # offset just after its last character, before the line break
    next: int  # offset of the next line (after the break), or len(text)

    def body(self, text: str) -> str:
        return text[self.start : self.end]


def _lines(text: str, start: int) -> Iterator[_Line]:
    """The lines of ``text`` from the line holding offset ``start`` on."""
    at = _line_start(text, start)
    while at < len(text):
        found = _BREAK.search(text, at)
        if found is None:
            yield _Line(at, len(text), len(text))
            return
        yield _Line(at, found.start(), found.end())
        at = found.end()


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _column(text: str, offset: int) -> int:
    return offset - _line_start(text, offset)


def _compose(text: str) -> Node:
    loader = _PureLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ValueError(f"the file cannot be read as YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise ValueError("the file holds no YAML document")
    return node


def _dash_before(text: str, offset: int, what: str) -> int:
    """Offset of the ``-`` that introduces the item starting at ``offset``."""
    at = offset - 1
    while at >= 0 and text[at] in " \r\n":
        at -= 1
    if at < 0 or text[at] != "-":
        raise ValueError(f"the layout of {what} is not recognised")
    return at


@dataclass(frozen=True)
class _ListStyle:
    """How a nested list is written: ``[a, b]``, or dashes ``offset`` columns past its key."""

    flow: bool
    offset: int = 2
    gap: int = 1  # spaces between a dash and its item


def _list_style(text: str, node: Node | None, key_column: int, default: _ListStyle) -> _ListStyle:
    if not isinstance(node, SequenceNode) or not node.value:
        return default
    if node.flow_style:
        return _ListStyle(flow=True)
    first = node.value[0].start_mark.index
    dash = _dash_before(text, first, "a nested list")
    if _line_start(text, dash) != _line_start(text, first):
        return default
    return _ListStyle(False, _column(text, dash) - key_column, first - dash - 1)


def _plain(value: str, *, flow: bool) -> bool:
    """Whether ``value`` may be written plain: it reads back as the same text."""
    return bool(
        value
        and value == value.strip(" ")
        and value[0] not in _INDICATORS
        and not value.endswith(":")
        and ": " not in value
        and " #" not in value
        and not _NOT_SINGLE.search(value)
        and not (flow and any(c in value for c in _FLOW_INDICATORS))
        and resolve_plain(value) == value
        and not _DATE_LIKE.match(value)  # quoted for tools that read it as a date
    )


def _scalar(value: Any, *, flow: bool) -> str:
    """One scalar: plain where it reads back the same, else single-, else double-quoted."""
    if not isinstance(value, str):
        return _canonical(value)
    if _plain(value, flow=flow):
        return value
    if not _NOT_SINGLE.search(value):
        return "'" + value.replace("'", "''") + "'"
    dumped = json.dumps(value, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def _flow_value(value: Any) -> str:
    """A value in flow style, nested lists and mappings included (an event's terms)."""
    if isinstance(value, list):
        return "[" + ", ".join(_flow_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_scalar(str(k), flow=True)}: {_flow_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    return _scalar(value, flow=True)


def _item_lines(
    text: str, last: MappingNode, item: dict[str, Any], dash_column: int, outer: _ListStyle
) -> list[str]:
    """The new item's lines, without line breaks, laid out like ``last``."""
    dash = _dash_before(text, last.start_mark.index, "the last item")
    pad = " " * dash_column
    if last.flow_style:
        gap = " " * max(last.start_mark.index - dash - 1, 1)
        if _line_start(text, dash) != _line_start(text, last.start_mark.index):
            gap = " "
        pairs = ", ".join(f"{k}: {_flow_value(v)}" for k, v in item.items())
        return [f"{pad}-{gap}{{{pairs}}}"]
    first_key = last.value[0][0].start_mark.index
    key_column = _column(text, first_key)
    if key_column <= dash_column:
        raise ValueError("the layout of the last item is not recognised")
    existing = {k.value: v for k, v in last.value if isinstance(k, ScalarNode)}
    body: list[str] = []
    for name, value in item.items():
        if isinstance(value, dict):
            body.append(f"{name}: {_flow_value(value)}")
            continue
        if not isinstance(value, list):
            body.append(f"{name}: {_scalar(value, flow=False)}")
            continue
        style = _list_style(text, existing.get(name), key_column, outer)
        if style.flow or not value:
            body.append(f"{name}: {_flow_value(value)}")
            continue
        body.append(f"{name}:")
        indent = " " * style.offset
        body += [
            f"{indent}-{' ' * style.gap}"
            + (_flow_value(v) if isinstance(v, list | dict) else _scalar(v, flow=False))
            for v in value
        ]
    inline = _line_start(text, dash) == _line_start(text, first_key)
    keys = " " * key_column
    if inline:
        lines = [f"{pad}-{' ' * (key_column - dash_column - 1)}{body[0]}"]
    else:
        lines = [f"{pad}-", f"{keys}{body[0]}"]
    lines += [f"{keys}{line}" for line in body[1:]]
    return lines


def _insertion(text: str, dash: int, dash_column: int) -> tuple[int, str]:
    """Where the new item goes (just after the last one), and the line break to use.

    The last item runs through its last line indented past its dash. Comment lines
    right after it go with it when nothing but blank lines or the end of the file
    follows them; otherwise they belong to what comes next, and stay before it.
    """
    lines = list(_lines(text, dash))
    last_deep = 0
    for number, line in enumerate(lines[1:], start=1):
        stripped = line.body(text).lstrip(" ")
        if not stripped:
            continue
        if len(line.body(text)) - len(stripped) > dash_column:
            last_deep = number
        elif not stripped.startswith("#"):
            break
    end = last_deep
    while end + 1 < len(lines) and lines[end + 1].body(text).lstrip(" ").startswith("#"):
        end += 1
    if end > last_deep and end + 1 < len(lines) and lines[end + 1].body(text).strip(" "):
        end = last_deep  # the comments introduce what follows them
    anchor = lines[end]
    found = _BREAK.search(text, lines[last_deep].start) or _BREAK.search(text)
    newline = found.group() if found else "\n"
    return anchor.next, newline


def append_to_list(text: str, key: str, item: dict[str, Any]) -> str:
    """``text`` with ``item`` appended to the top-level block list ``key``; all else kept.

    Every byte of ``text`` stays as it was; the new item is laid out like the last one.
    Raises ValueError naming what would not be kept where that is not possible.
    """
    root = _compose(text)
    if not isinstance(root, MappingNode) or root.flow_style:
        raise ValueError("the document is not a block mapping (one `key: value` per line)")
    node = next(
        (v for k, v in root.value if isinstance(k, ScalarNode) and k.value == key),
        None,
    )
    if node is None:
        return _new_list(text, key, item)
    if not isinstance(node, SequenceNode) or not node.value:
        raise ValueError(f"the document has no list {key!r} to append to")
    if node.flow_style:
        raise ValueError(
            f"{key!r} is a flow list ([...]), whose layout cannot be kept when appending; "
            "write it as a block list, one `- ` per item"
        )
    last = node.value[-1]
    earlier = node.value[-2].start_mark.index if len(node.value) > 1 else node.start_mark.index
    if any(last is other for other in node.value[:-1]) or last.start_mark.index <= earlier:
        raise ValueError(f"the last item of {key!r} is an alias (*name); write it out in full")
    if not isinstance(last, MappingNode) or not last.value:
        raise ValueError(f"the last item of {key!r} is not a mapping")
    dash = _dash_before(text, last.start_mark.index, f"the last item of {key!r}")
    dash_column = _column(text, dash)
    key_node = next(k for k, v in root.value if v is node)
    outer = _ListStyle(False, dash_column - _column(text, key_node.start_mark.index), 1)
    new_lines = _item_lines(text, last, item, dash_column, outer)
    at, newline = _insertion(text, dash, dash_column)
    block = newline.join(new_lines)
    if at == len(text) and not text.endswith(("\n", "\r")):
        result = text + newline + block  # the file ends without a line break, and still does
    else:
        result = text[:at] + block + newline + text[at:]
    _check(text, result, key, item)
    return result


def _new_list(text: str, key: str, item: dict[str, Any]) -> str:
    """``text`` with a new top-level list ``key`` holding ``item`` at its end (an
    agreement's first event of its own, say): every byte before it kept."""
    block = dump({key: [item]})
    newline = "\r\n" if "\r\n" in text else "\n"
    block = block.replace("\n", newline)
    result = text + block if not text or text.endswith(("\n", "\r")) else text + newline + block
    _check(text, result, key, item)
    return result


def _plain_data(value: Any) -> Any:
    if isinstance(value, date):
        text = value.isoformat()
        # A date known to its year is written `2025`, which reads back as a number.
        return int(text) if text.isdigit() else text
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    return value


def _check(before: str, after: str, key: str, item: dict[str, Any]) -> None:
    """Raise ValueError unless ``after`` reads as ``before`` with just ``item`` appended."""
    old = parse(before.removeprefix("\ufeff"), "before")
    new = parse(after.removeprefix("\ufeff"), "after")
    expected = dict(old.data) if isinstance(old.data, dict) else None
    if expected is not None:
        expected[key] = [*expected.get(key, []), {k: _plain_data(v) for k, v in item.items()}]
    if new.diagnostics or expected is None or new.data != expected:
        raise ValueError(
            f"appending to {key!r} would change more of the file than the new item "
            "(a block scalar keeping its trailing blank lines, or an alias?)"
        )
