"""Reading YAML: plain data by YAML 1.2 rules, with every key's and value's position.

Documents are composed by libyaml's C parser when PyYAML has it, else by PyYAML's pure
Python parser, and turned into data here; the libraries construct nothing, so no tag can
run code and a bad date is just text for validation to report at its place. Scalars are
resolved by the YAML 1.2 core schema (``no`` and ``on`` are text), not by the libraries.

Two ways in: :func:`load_fast` gives the data of a clean document and nothing else, the
common case and the fast one; :func:`parse` gives data, positions and diagnostics, for
documents with problems. Both use libyaml wherever it is installed and the document is
not deeply nested, so the fast and the located path read every document alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .._diagnostics import Diagnostic, diagnostic
from .compose import (
    _FAST,
    _MAP,
    _PLAIN,
    _SEQ,
    _STR,
    _TAG,
    MAX_DEPTH,
    SHALLOW,
    _compose,
    _PureLoader,
    _safe_for_c,
    nesting,
)
from .native import _load_native, native_active
from .scalars import EXPLICIT, MAX_INT_DIGITS, NumberTooLong, resolve_plain

Path = tuple[str | int, ...]

#: More nodes than this in one document (aliases counted at every use) is an alias bomb.
MAX_NODES = 50_000


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


def _too_deep(path: str, place: tuple[int, int]) -> Diagnostic:
    """The Y004 diagnostic of a text :func:`nesting` found too deep, at ``place``."""
    return diagnostic(
        "Y004",
        path,
        *place,
        f"the document is nested more than {MAX_DEPTH} levels",
        f"records are never nested more than {MAX_DEPTH} levels",
    )


class _Abort(Exception):
    """Raised once a document is known to be unreadable as a whole."""


def load_fast(text: str, *, check_keys: bool = True) -> tuple[bool, Any]:
    """``(True, data)`` for a clean one-document file; ``(False, None)`` if anything is off.

    Anything off (a syntax error, a duplicate key, a tag, an alias bomb, nesting deeper
    than :data:`MAX_DEPTH`, ...) is left to :func:`parse` to locate and describe. The
    native parser is tried first where active (``check_keys`` as for :func:`load_native`),
    on text known to be shallow (see :func:`nesting`).
    """
    depth = nesting(text)
    if type(depth) is tuple:
        return False, None  # too deep: parse() says where, before composing anything
    if depth is SHALLOW and native_active():
        ok, data = _load_native(text, check_keys)
        if ok:
            return ok, data
    if _FAST is None or not _safe_for_c(text) or _bad_directive(text) is not None:
        return False, None
    if not text.isascii() and _odd_line_break(text) is not None:
        return False, None
    try:
        first, second = _compose(_FAST, text)
    except (yaml.YAMLError, RecursionError):
        return False, None
    if first is None or second is not None:
        return False, None
    try:
        data = _fast_convert(first)
    except (_Abort, NumberTooLong):
        return False, None
    # An empty document (`~`, a lone `---`) is clean YAML but no record: parse() says so.
    return (False, None) if data is None else (True, data)


def _fast_convert(root: Node) -> Any:
    """Data from a node graph, or _Abort at the first thing that needs a diagnostic."""
    # The hot loop of bulk validation: scalars are handled inline, without a call each.
    budget = MAX_NODES
    plain, text_tag, map_tag, seq_tag = _PLAIN, _STR, _MAP, _SEQ
    resolve, scalar_node = resolve_plain, ScalarNode

    def convert(node: Node, depth: int) -> Any:
        nonlocal budget
        items = node.value
        budget -= len(items) + 1
        if budget < 0 or depth > MAX_DEPTH:
            raise _Abort
        tag = node.tag
        if tag == map_tag:
            out = {}
            for key, value in items:
                if key.__class__ is not scalar_node:
                    raise _Abort
                vtag = value.tag
                if vtag == plain:
                    out[key.value] = resolve(value.value)
                elif vtag == text_tag:
                    out[key.value] = value.value
                else:
                    out[key.value] = convert(value, depth + 1)
            if len(out) != len(items):
                raise _Abort  # a duplicate key
            return out
        if tag == seq_tag:
            seq = []
            for value in items:
                vtag = value.tag
                if vtag == plain:
                    seq.append(resolve(value.value))
                elif vtag == text_tag:
                    seq.append(value.value)
                else:
                    seq.append(convert(value, depth + 1))
            return seq
        # A scalar reaching here is tagged; parse() says whether the tag is readable.
        raise _Abort

    # An alias to an enclosing node recurses until the depth limit: also _Abort.
    if root.tag == plain or root.tag == text_tag:
        return resolve(root.value) if root.tag == plain else root.value
    return convert(root, 0)


def parse(text: str, path: str, *, parser: str = "auto") -> Parsed:
    """Read one YAML document into plain data with positions; problems become diagnostics.

    ``parser`` is ``"auto"`` (libyaml where it is safe), ``"c"`` or ``"pure"``. For record
    files the two parsers agree (the test suite checks it); PyYAML's pure scanner differs
    from libyaml and the spec only on odd plain scalars inside flow collections.
    """
    out = Parsed()
    bad = _bad_directive(text) or _odd_line_break(text)
    if bad is not None:
        out.diagnostics.append(diagnostic("Y001", path, *bad))
        return out
    depth = nesting(text)
    if type(depth) is tuple:
        out.diagnostics.append(_too_deep(path, depth))
        return out
    use_c = _FAST is not None and (parser == "c" or (parser == "auto" and _safe_for_c(text)))
    try:
        first, second = _compose(_FAST if use_c else _PureLoader, text)
    except yaml.MarkedYAMLError as exc:
        out.diagnostics.append(_syntax(exc, path, text))
        return out
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, exc.position)
        shown = chr(exc.character) if isinstance(exc.character, int) else exc.character
        out.diagnostics.append(
            diagnostic(
                "Y001",
                path,
                line,
                col,
                f"character {shown!r} is not allowed in YAML",
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
    except yaml.YAMLError as exc:
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
    if out.data is None:
        # `~`, `null`, or a bare `---`: one document, but an empty one, with no record.
        line, col = _mark(first) if first.value else (1, 1)
        out.diagnostics.append(
            diagnostic(
                "F002",
                path,
                line,
                col,
                "the file's one document is empty (null): it holds no record",
                "a record file holds one mapping, e.g. `kind: provision`",
            )
        )
    return out


_ODD_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def _odd_line_break(text: str) -> tuple[int, int, str, str] | None:
    """The first NEL, LS or PS in ``text``, as (line, column, message, hint), or None.

    YAML 1.1 breaks lines at them and 1.2 reads them as text: libyaml (1.1) would change
    the value and count lines where no editor does, so such a file is refused, not misread.
    """
    at = min((i for i in map(text.find, _ODD_BREAKS) if i >= 0), default=-1)
    if at < 0:
        return None
    char = text[at]
    return (
        *line_col(text, at),
        f"character U+{ord(char):04X} ({_ODD_BREAKS[char]}) is a line break to some YAML "
        "readers and text to others",
        "replace it with a space, or with a real line break",
    )


#: A well-formed %YAML directive: a version, then nothing or a comment after a space.
_YAML_DIRECTIVE = re.compile(r"%YAML[ \t]+[0-9]+\.[0-9]+(?:[ \t]+(?:#.*)?)?")


def _bad_directive(text: str) -> tuple[int, int, str, str] | None:
    """A malformed %YAML directive before the first document, as (line, column, message,
    hint); libyaml reads some (`%YAML 1.1#...`) that the spec and the pure parser refuse.
    """
    if "%" not in text:  # one scan of the text: every file checked passes here
        return None
    start, line = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        row = text[start:end].rstrip("\r")
        stripped = row.strip()
        if row.startswith("%"):
            if (row == "%YAML" or row.startswith(("%YAML ", "%YAML\t"))) and not (
                _YAML_DIRECTIVE.fullmatch(row)
            ):
                return (
                    line,
                    1,
                    f"malformed %YAML directive {row[:40]!r}",
                    "write `%YAML 1.2` alone on its line (a comment needs a space before "
                    "'#'), or remove the line: records are YAML 1.2 anyway",
                )
        elif stripped and not stripped.startswith("#"):
            return None  # the first document has begun: directives end here
        start, line = end + 1, line + 1
    return None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _syntax(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    from .syntax import explain  # on the first syntax error: most runs meet none

    found = explain(exc, text)
    return diagnostic("Y001", path, found.line, found.column, found.message, found.hint)


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
                self._check_tag(node, _SEQ)
                return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                self._check_tag(node, _MAP)
                return self._mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise TypeError(f"unexpected node {node!r}")  # pragma: no cover

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
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
        try:
            return self._resolve_scalar(node, tag, text)
        except NumberTooLong:
            self._report(
                "S008",
                node,
                f"an integer of {len(text)} characters is too long to read",
                f"numbers have at most {MAX_INT_DIGITS} digits; quote the value if it is text",
            )
            raise _Abort from None

    def _resolve_scalar(self, node: ScalarNode, tag: str, text: str) -> Any:
        if tag == _PLAIN:
            return resolve_plain(text)
        if tag == _STR:
            return text
        kind = tag[len(_TAG) :] if tag.startswith(_TAG) else None
        convert = EXPLICIT.get(kind or "")
        if convert is None:
            # PyYAML's pure scanner keeps a flow indicator that ends a tag inside [...]
            # (`[!x, y]` gives `!x,`); libyaml, like the spec, does not. Say it the same way.
            shown = tag.rstrip(",[]{}") or tag
            self._report(
                "Y005",
                node,
                f"tag {shown!r} is not supported",
                "remove the tag; records use plain YAML values",
            )
            return text
        try:
            return convert(text)
        except ValueError:
            self._report(
                "Y005",
                node,
                f"{text!r} cannot be read as {kind}",
                f"remove the !!{kind} tag or fix the value",
            )
            return text
