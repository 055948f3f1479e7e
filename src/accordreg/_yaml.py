"""The only module that imports ruamel.yaml: reading with positions, and editing.

Reading composes the node graph (the C parser where ruamel.yaml.clib is installed) and
turns it into plain Python data plus a map of positions, resolving scalars by YAML 1.2
rules. Nothing is constructed by ruamel, so no tag can run code and a bad date is just
text for validation to report at its place. Editing uses the round-trip mode, which
keeps comments and layout.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import Diagnostic, diagnostic

Path = tuple[str | int, ...]

#: More nodes than this in one document (aliases counted at every use) is an alias bomb.
MAX_NODES = 50_000
#: Deeper nesting than this is refused before the C composer could exhaust the stack.
MAX_DEPTH = 200
#: Above this many nesting indicators the pure-Python composer, which fails safely, is used.
_C_SAFE_INDICATORS = 2_000

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Positions:
    """1-based (line, column) of every key and value, by path from the document root."""

    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` starts, or its nearest enclosing value."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key(self, path: Path) -> tuple[int, int]:
        """Where the key of ``path`` stands, falling back to its value."""
        return self.keys.get(path) or self.value(path)


@dataclass
class Parsed:
    """The outcome of reading one document: data and positions, or diagnostics."""

    data: Any = None
    positions: Positions = field(default_factory=Positions)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _loader(pure: bool) -> YAML:
    yaml = YAML(typ="safe", pure=pure)
    yaml.allow_duplicate_keys = True  # duplicates are found, and located, by _Converter
    return yaml


_FAST = _loader(pure=False)
_PURE = _loader(pure=True)


def c_parser_active() -> bool:
    """Whether the fast C parser (ruamel.yaml.clib) is in use."""
    return "CParser" in _FAST.Parser.__name__


def _nesting_indicators(text: str) -> int:
    return text.count("[") + text.count("{") + text.count("-") + text.count("?") + text.count("\n")


def parse(text: str, path: str) -> Parsed:
    """Read one YAML document into plain data with positions; problems become diagnostics."""
    # The C composer recurses without a limit and can crash the interpreter on deep
    # nesting; nesting needs one of these characters per level, so few means safe.
    safe_for_c = _nesting_indicators(text) < _C_SAFE_INDICATORS
    yaml = _FAST if safe_for_c else _PURE
    out = Parsed()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            docs = yaml.compose_all(text)
            first = next(docs, None)
            second = next(docs, None)
    except MarkedYAMLError as exc:
        out.diagnostics.append(_syntax(exc, path))
        return out
    except ReaderError as exc:
        line, col = line_col(text, exc.position)
        out.diagnostics.append(
            diagnostic(
                "Y001",
                path,
                line,
                col,
                f"character {exc.character!r} is not allowed in YAML",
                "remove control characters; only printable Unicode is allowed",
            )
        )
        return out
    except RecursionError:
        out.diagnostics.append(
            diagnostic(
                "Y004",
                path,
                1,
                1,
                "the document is nested too deeply to read",
                f"records are never nested more than {MAX_DEPTH} levels",
            )
        )
        return out
    except YAMLError as exc:
        out.diagnostics.append(diagnostic("Y001", path, 1, 1, f"not YAML: {exc}"))
        return out
    if first is None:
        out.diagnostics.append(
            diagnostic(
                "F002",
                path,
                1,
                1,
                "the file holds no YAML document",
                "a record file holds one mapping, e.g. `kind: provision`",
            )
        )
        return out
    if second is not None:
        line, col = _mark(second)
        out.diagnostics.append(
            diagnostic(
                "Y002",
                path,
                line,
                col,
                "a second YAML document starts here",
                "keep one record per file; move this document to a file of its own",
            )
        )
    converter = _Converter(path, out)
    try:
        out.data = converter.convert(first, ())
    except _Abort:
        out.data = None
    return out


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _syntax(exc: MarkedYAMLError, path: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "malformed YAML"
    context = f" ({exc.context})" if exc.context else ""
    hint = None
    if "tab" in problem or "\\t" in problem:
        hint = "YAML indents with spaces only; replace the tab with spaces"
    return diagnostic("Y001", path, line, col, f"{problem}{context}", hint)


class _Abort(Exception):
    """Raised once a document is known to be unreadable as a whole."""


class _Converter:
    """Turns a node graph into plain data, recording positions and structural problems."""

    def __init__(self, path: str, out: Parsed) -> None:
        self.path = path
        self.out = out
        self.count = 0
        self.active: set[int] = set()

    def _report(self, code: str, node: Node, message: str, hint: str | None = None) -> None:
        line, col = _mark(node)
        self.out.diagnostics.append(diagnostic(code, self.path, line, col, message, hint))

    def convert(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            # Reported at the top-level key whose value blows up: a stable, useful place.
            top = path[:1]
            line, col = self.out.positions.key(top) if top else _mark(node)
            where = f"the value of {top[0]!r}" if top else "the document"
            self.out.diagnostics.append(
                diagnostic(
                    "Y004",
                    self.path,
                    line,
                    col,
                    f"{where} expands to more than {MAX_NODES} values",
                    "an alias is used too often (an 'alias bomb'); write the values out",
                )
            )
            raise _Abort
        if len(path) > MAX_DEPTH:
            self._report("Y004", node, f"the document is nested more than {MAX_DEPTH} levels")
            raise _Abort
        self.out.positions.values[path] = _mark(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            self._report(
                "Y004",
                node,
                "an alias refers to a value that contains it",
                "a record cannot contain itself; write the value out",
            )
            raise _Abort
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self._check_tag(node, "seq")
                return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                self._check_tag(node, "map")
                return self._mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise TypeError(f"unexpected node {node!r}")  # pragma: no cover

    def _check_tag(self, node: Node, kind: str) -> None:
        if node.tag != f"{_TAG}{kind}":
            self._report(
                "Y005",
                node,
                f"tag {node.tag!r} is not supported",
                "remove the tag; records use plain YAML values",
            )

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._report("Y007", key_node, "a key must be plain text, not a list or mapping")
                continue
            key = str(key_node.value)
            key_pos = _mark(key_node)
            if key in first_seen:
                line, col = first_seen[key]
                self._report(
                    "Y003",
                    key_node,
                    f"duplicate key {key!r}",
                    f"first given at line {line}, column {col}; keep one of them",
                )
                continue
            first_seen[key] = key_pos
            self.out.positions.keys[(*path, key)] = key_pos
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag not in _PLAIN_TAGS:
            self._report(
                "Y005",
                node,
                f"tag {tag!r} is not supported",
                "remove the tag; records use plain YAML values",
            )
            return text
        kind = tag[len(_TAG) :]
        try:
            return _RESOLVE[kind](text)
        except ValueError:
            self._report(
                "Y005",
                node,
                f"{text!r} cannot be read as {kind}",
                f"remove the !!{kind} tag or fix the value",
            )
            return text


def _to_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-")
    if body[:2] in ("0o", "0O"):
        return sign * int(body[2:], 8)
    if body[:2] in ("0x", "0X"):
        return sign * int(body[2:], 16)
    if body[:2] in ("0b", "0B"):
        return sign * int(body[2:], 2)
    return sign * int(body, 10)


def _to_float(text: str) -> float:
    low = text.replace("_", "").lower()
    if low in (".inf", "+.inf"):
        return math.inf
    if low == "-.inf":
        return -math.inf
    if low == ".nan":
        return math.nan
    return float(low)


def _to_bool(text: str) -> bool:
    low = text.lower()
    if low not in ("true", "false"):
        raise ValueError(text)
    return low == "true"


def _to_null(text: str) -> None:
    if text.lower() not in ("", "~", "null"):
        raise ValueError(text)


_RESOLVE: dict[str, Any] = {
    "str": str,
    # Dates stay text: the models read YYYY-MM-DD, and an impossible date is reported there.
    "timestamp": str,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "null": _to_null,
}


def _round_tripper() -> YAML:
    # The layout of every record file: these settings make load-and-dump byte-identical.
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def roundtrip(text: str) -> str:
    """Load and dump a record unchanged (its bytes should come back the same)."""
    yaml = _round_tripper()
    return _dump(yaml, yaml.load(text))


def append_to_list(text: str, key: str, item: dict[str, Any]) -> str:
    """``text`` with ``item`` appended to the top-level list ``key``; all else kept as is.

    Comments, quoting, key order, blank lines and flow or block style of everything
    already there survive; the new item is written in block style, in the given key order.
    """
    yaml = _round_tripper()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap) or not isinstance(data.get(key), list):
        raise ValueError(f"the document has no list {key!r} to append to")
    entry = CommentedMap()
    for name, value in item.items():
        entry[name] = CommentedSeq(value) if isinstance(value, list) else value
    data[key].append(entry)
    return _dump(yaml, data)


def dump(data: dict[str, Any], header: str = "") -> str:
    """A new record file in the canonical layout (the one the round trip keeps)."""
    return header + _dump(_round_tripper(), data)
