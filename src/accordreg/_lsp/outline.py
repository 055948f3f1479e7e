"""Where a position lies in a record's YAML, read from the lines and their indentation.

Completion is asked for in text being typed (`status: ` with nothing after it yet, a key
half written), which is often no YAML a parser takes; the records are block YAML in the
canonical layout, where indentation alone tells which key a line belongs to. Flow lists
of ids on one line (`sources: [a, b]`) are read too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .text import scalar_end

DataPath = tuple[str | int, ...]

#: A mapping key and its colon: plain (as records write keys) or quoted.
_KEY = re.compile(
    r"""(?P<key>"[^"]*"|'[^']*'|[^\s#:"'\[\]{},-][^#:]*?|-[^\s#:][^#:]*?)\s*:(?=\s|$)"""
)


@dataclass(frozen=True)
class _Node:
    """One thing a line holds: a list item's dash, a key, or a value."""

    kind: Literal["dash", "key", "value"]
    column: int
    text: str = ""
    end: int = 0


def _nodes(text: str) -> list[_Node]:
    """The dashes, the key and the value a line holds, in order (none for a blank line
    or a comment)."""
    out: list[_Node] = []
    i = len(text) - len(text.lstrip(" "))
    if i >= len(text) or text[i] == "#":
        return out
    while text[i : i + 1] == "-" and text[i + 1 : i + 2] in (" ", ""):
        out.append(_Node("dash", i, "-", i + 1))
        i += 1
        while text[i : i + 1] == " ":
            i += 1
    found = _KEY.match(text, i)
    if found is not None:
        key = found.group("key")
        out.append(_Node("key", i, key.strip("\"'"), found.end("key")))
        i = found.end()
        while text[i : i + 1] in (" ", "\t"):
            i += 1
    if i < len(text) and text[i] != "#":
        out.append(_Node("value", i, text[i : scalar_end(text, i)], scalar_end(text, i)))
    return out


@dataclass(frozen=True)
class Place:
    """What a position in a record's text is: its data path, and what stands there.

    ``role`` is ``key`` on a key, ``value`` on a key's value or a list item, and ``bare``
    on a word with no colon after it that is a list item's value or a key being typed
    (the record's schema tells which). ``word`` is the scalar there, ``start`` and
    ``end`` its span on the line (code points), the cursor's place when there is none.
    """

    path: DataPath
    role: Literal["key", "value", "bare"]
    word: str
    line: int
    start: int
    end: int
    #: Whether the value is an item of a list (a `- ` item or inside `[...]`).
    item: bool = False


def place_at(lines: Sequence[str], line: int, char: int) -> Place:
    """What stands at 0-based ``line`` and character ``char`` of a record's lines."""
    text = lines[line] if 0 <= line < len(lines) else ""
    nodes = _nodes(text)
    if not nodes:
        # A blank line: a key being typed, in the mapping the indentation says.
        parents = _ancestors(lines, line, char)
        return Place(_path(lines, parents, line), "bare", "", line, char, char)
    first = nodes[0].column
    key = next((n for n in nodes if n.kind == "key"), None)
    value = next((n for n in nodes if n.kind == "value"), None)
    dashes = [n for n in nodes if n.kind == "dash"]
    parents = [*_ancestors(lines, line, first, bool(dashes)), *[(line, d) for d in dashes]]
    base = _path(lines, parents, line)
    if key is not None and char <= key.end:
        return Place((*base, key.text), "key", key.text, line, key.column, key.end)
    if key is not None:
        if value is not None and value.text.startswith("["):
            index, start, end = _flow_item(text, value.column, char)
            word = text[start:end]
            return Place((*base, key.text, index), "value", word, line, start, end, item=True)
        if value is None or char < value.column:
            return Place((*base, key.text), "value", "", line, char, char)
        return Place((*base, key.text), "value", value.text, line, value.column, value.end)
    if value is not None and value.text.startswith("["):
        index, start, end = _flow_item(text, value.column, char)
        return Place((*base, index), "value", text[start:end], line, start, end, item=True)
    if value is None:
        return Place(base, "bare", "", line, char, char, item=bool(dashes))
    return Place(base, "bare", value.text, line, value.column, value.end, item=bool(dashes))


def _flow_item(text: str, opening: int, char: int) -> tuple[int, int, int]:
    """In a one-line flow list opening at ``opening``: the index of the item at ``char``,
    and that item's span."""
    index = 0
    start = opening + 1
    i = start
    while i < len(text) and text[i] != "]":
        if text[i] == ",":
            if i >= char:
                break
            index += 1
            start = i + 1
        i += 1
    while start < len(text) and text[start] == " ":
        start += 1
    end = scalar_end(text, start) if start < len(text) and text[start] not in ",]" else start
    return index, start, max(end, start)


def _ancestors(
    lines: Sequence[str], line: int, column: int, dash: bool = False
) -> list[tuple[int, _Node]]:
    """The keys and dashes that hold what stands at ``column`` of ``line`` (``dash``: a
    list item's dash): each less indented than the one it holds, from the top of the
    record down. A list's dashes may stand at its key's own column (`history:` then
    `- on: ...`)."""
    found: list[tuple[int, _Node]] = []
    limit = column
    for above in range(line - 1, -1, -1):
        nodes = _nodes(lines[above])
        for node in reversed(nodes):
            if node.kind == "value":
                continue
            if node.column < limit or (
                dash and node.kind == "key" and node.column == limit and node is nodes[-1]
            ):
                found.append((above, node))
                limit = node.column
                dash = node.kind == "dash"
        if limit == 0 and not dash:
            break
    found.reverse()
    return found


def _path(lines: Sequence[str], parents: list[tuple[int, _Node]], line: int) -> DataPath:
    """The data path of a chain of keys and dashes: a dash is the item's index, counted
    among the dashes at its column since the key that holds the list."""
    out: list[str | int] = []
    previous_line = -1
    for where, node in parents:
        if node.kind == "key":
            out.append(node.text)
        else:
            out.append(_index(lines, previous_line, where, node.column))
        previous_line = where
    return tuple(out)


def _index(lines: Sequence[str], since: int, line: int, column: int) -> int:
    """How many list items at ``column`` come before the one on ``line``, counted from
    the line after ``since``."""
    count = 0
    for above in range(since + 1, line):
        nodes = _nodes(lines[above])
        if nodes and nodes[0].column < column:
            count = 0  # another list's items, before this one began
        elif nodes and nodes[0].column == column and nodes[0].kind == "key":
            count = 0  # a key beside a list whose dashes stand at its own column
        elif any(n.kind == "dash" and n.column == column for n in nodes):
            count += 1
    return count


def keys_in(lines: Sequence[str], path: DataPath, limit: int = 5000) -> set[str]:
    """The keys written in the mapping at ``path``, read from the lines (for text that is
    not YAML yet); nothing for a document longer than ``limit`` lines."""
    if len(lines) > limit:
        return set()
    found = set()
    for number, text in enumerate(lines):
        key = next((n for n in _nodes(text) if n.kind == "key"), None)
        if key is None:
            continue
        place = place_at(lines, number, key.column)
        if place.role == "key" and place.path[:-1] == path:
            found.add(key.text)
    return found
