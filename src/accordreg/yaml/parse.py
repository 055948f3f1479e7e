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

import os
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, diagnostic
from .scalars import EXPLICIT, MAX_INT_DIGITS, NumberTooLong, int_too_large, resolve_plain

Path = tuple[str | int, ...]

#: More nodes than this in one document (aliases counted at every use) is an alias bomb.
MAX_NODES = 50_000
#: Deeper nesting than this is refused.
MAX_DEPTH = 200
#: Above this many nesting indicators the pure parser, which fails safely, is used: the
#: C composer recurses without a limit and could crash the interpreter on deep nesting.
_C_SAFE_INDICATORS = 2_000

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"
#: The tag a plain scalar without an explicit tag gets; resolved here, by YAML 1.2 rules.
_PLAIN = "tag:accordreg,2025:plain"


def _resolve(self: Any, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
    if kind is ScalarNode:
        return _PLAIN if implicit[0] else _STR
    return _SEQ if kind is SequenceNode else _MAP


def _no_descend(self: Any, current_node: Any, current_index: Any) -> None:
    """Path-based resolvers are a PyYAML feature records never use; skip their calls."""


def _no_ascend(self: Any) -> None:
    """See :func:`_no_descend`."""


class _PureLoader(yaml.SafeLoader):
    """PyYAML's Python parser and composer, with resolution left to this module."""

    resolve = _resolve
    descend_resolver = _no_descend
    ascend_resolver = _no_ascend


if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser and composer, with resolution left to this module."""

        resolve = _resolve
        descend_resolver = _no_descend
        ascend_resolver = _no_ascend

    _FAST: type[yaml.SafeLoader] | type[yaml.CSafeLoader] | None = _CLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST = None


@cache
def _native_module() -> Any:
    """The optional native accelerator (pip install "accordreg[native]"), or None.

    Imported on first use, so that a run with it turned off never pays for the import."""
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - depends on the extra
        return None
    return yaml_rs


def native_installed() -> bool:
    """Whether the native parser (the ``native`` extra) is installed."""
    return _native_module() is not None


#: Text the native parser is not trusted with: tags, anchors and aliases, explicit keys
#: (any "?"), directives and document markers, tabs, literal block scalars, and digits
#: with underscores (read as numbers, which YAML 1.2's core schema does not do). Such
#: files take the stock path. Plain substring tests: they run on every file, and a
#: regular expression for the same costs as much as parsing it natively.
_NATIVE_REFUSES = ("!", "&", "*", "|", "\t", "?", "%", "\n---", "\n...")


#: Characters YAML does not allow in a file (the stock path reports them, the native
#: parser accepts them), and the line breaks of YAML 1.1 that 1.2 reads as text (NEL, LS,
#: PS: libyaml breaks lines at them, the native parser does not).
@cache
def _not_plain_text() -> re.Pattern[str]:
    # Compiled on first use: a class this wide takes milliseconds to compile.
    return re.compile(
        "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    )


_ASCII_ALLOWED = bytes([9, 10, 13, *range(0x20, 0x7F)])


def _native_may_read(text: str) -> bool:
    for refused in _NATIVE_REFUSES:
        if refused in text:
            return False
    if text.isascii():
        # Deleting the allowed bytes leaves the others: five times faster than a search.
        if text.encode("ascii").translate(None, _ASCII_ALLOWED):
            return False
    elif _not_plain_text().search(text):
        return False
    if text.startswith(("---", "...")):
        return False
    # Block scalars other than `>-` (folded, strip) come back differently when empty.
    if text.count(">") != text.count(">-\n"):
        return False
    return not _digits_around_underscore(text)


def _digits_around_underscore(text: str) -> bool:
    at = text.find("_")
    while at != -1:
        if 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit():
            return True
        at = text.find("_", at + 1)
    return False


def native_active() -> bool:
    """Whether the native parser (yaml-rs) is installed and not turned off.

    ``ACCORDREG_NATIVE=0`` in the environment turns it off.
    """
    return os.environ.get("ACCORDREG_NATIVE", "1") != "0" and native_installed()


#: Shorter text than this cannot hold an integer over MAX_INT_DIGITS decimal digits: the
#: densest spelling, hexadecimal, needs 3,572 digits after its ``0x`` for one.
_LONG_INT_TEXT = 3_500


def load_native(text: str, *, check_keys: bool = True) -> tuple[bool, Any]:
    """Like :func:`load_fast`, through the native parser; ``(False, None)`` if it declines.

    With ``check_keys=False`` a key that is not text (``1: x``) is let through, for a caller
    that validates every mapping against models refusing such keys, and reads the file
    again with the keys checked only when validation reports something (see
    :func:`plain_tree`). Long integers are refused either way. Text that may nest deeper
    than :data:`MAX_DEPTH` is never given to it (see :func:`nesting`).
    """
    if nesting(text) is not SHALLOW:
        return False, None
    return _load_native(text, check_keys)


def _load_native(text: str, check_keys: bool) -> tuple[bool, Any]:
    """:func:`load_native` for text already known to be shallow."""
    native = _native_module()
    if native is None or not _native_may_read(text):
        return False, None
    try:
        data = native.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=native.DuplicateKeyPolicy.Error,
        )
    except Exception:
        return False, None
    if type(data) is not dict:
        return False, None
    if (check_keys or len(text) >= _LONG_INT_TEXT) and not plain_tree(data):
        return False, None
    return True, data


def plain_tree(data: dict[Any, Any]) -> bool:
    """Whether every key is text and every integer readable, as on the stock path.

    The native parser makes keys of other types (``1: x``, ``true: x``, an empty ``:``)
    and reads integers of any length; the stock path has text keys only and reports
    over-long integers, so it is left such files to report alike.
    """
    stack: list[Any] = [data]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if type(node) is dict:
            for key, value in node.items():
                if type(key) is not str:
                    return False
                kind = type(value)
                if kind is dict or kind is list:
                    push(value)
                elif kind is int and int_too_large(value):
                    return False
        else:
            for value in node:
                kind = type(value)
                if kind is dict or kind is list:
                    push(value)
                elif kind is int and int_too_large(value):
                    return False
    return True


def c_parser_active() -> bool:
    """Whether libyaml's C parser is available for the fast path."""
    return _FAST is not None


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


def _safe_for_c(text: str) -> bool:
    # Nesting needs one of these characters per level, so few of them means shallow.
    count = text.count
    return count("[") + count("{") + count("-") + count("?") + count("\n") < _C_SAFE_INDICATORS


#: What :func:`nesting` answers besides a place: nested no deeper than :data:`MAX_DEPTH`;
#: or not known, a syntax error having stopped the count first.
SHALLOW = "shallow"
UNKNOWN = "unknown"

#: Indentation this deep (in spaces) sends a text to the exact count of its nesting.
_DEEP_INDENT = 40
_INDENTED = "\n" + " " * _DEEP_INDENT
_CR_INDENTED = "\r" + " " * _DEEP_INDENT
#: Two compact block indicators on one line (`- - x`): nesting without indentation.
_TWO_COMPACT = re.compile(r"- +-")


def _surely_shallow(text: str) -> bool:
    """Whether ``text`` cannot nest deeper than :data:`MAX_DEPTH`, by a bound from a few
    scans of it; False where the bound is higher (the exact count then says).

    In block layout every level of nesting but one in two is indented further, and a line
    can open levels of its own only with compact indicators (`- - x`, `? - x`); in flow
    layout each bracket opens at most two (`[a: [...]]`). So a text indented less than
    _DEEP_INDENT spaces nests at most about twice that, plus a few levels per compact
    indicator and two per bracket. Tabs, never indentation, are left to the exact count.
    """
    if "\t" in text or _INDENTED in text or text.startswith(_INDENTED[1:]):
        return False
    if "\r" in text and _CR_INDENTED in text:
        return False
    count = text.count
    flows = count("[") + count("{") if "[" in text or "{" in text else 0
    if "?" in text:
        # Explicit keys (`? `) and the values after them (`: `) may be compact too.
        compact = count("- ") + 2 * (count("? ") + count("?\n") + count("?\r"))
    elif _TWO_COMPACT.search(text) is not None:
        compact = count("- ")
    else:
        compact = 1
    return 2 * _DEEP_INDENT + 6 * compact + 2 * flows + 10 <= MAX_DEPTH


def nesting(text: str) -> tuple[int, int] | str:
    """How deep ``text`` nests, known before any document is composed from it.

    :data:`SHALLOW` if no deeper than :data:`MAX_DEPTH`; else the 1-based (line, column) of
    the first value nested deeper, where the stock path's converter reports it (a key
    that is text is not counted, as there); :data:`UNKNOWN` if a syntax error comes first. Both
    parsers are guarded by it: the native one is given shallow text only, and over-deep
    text is refused on either path alike, before a composer (libyaml's recurses in C,
    the native parser's crashes the process) can go deeper than the limit.

    A few scans bound the depth of almost every file (see :func:`_surely_shallow`); the
    others are counted exactly from the parser's events, which libyaml and PyYAML produce
    without recursing, and only as far as the first level too deep.
    """
    if _surely_shallow(text):
        return SHALLOW
    if _FAST is not None:
        try:
            return _count_nesting(_FAST, text)
        except yaml.YAMLError:
            # libyaml also stops at a thousand flow levels, which its scanner may reach
            # looking ahead; PyYAML's looks no further than a simple key can be long.
            pass
    try:
        return _count_nesting(_PureLoader, text)
    except (yaml.YAMLError, RecursionError):
        return UNKNOWN


def _count_nesting(loader_class: Any, text: str) -> tuple[int, int] | str:
    """:func:`nesting` counted from the events of ``loader_class``'s parser; its errors
    are raised."""
    loader = loader_class(text)
    depth = 0
    #: For each open collection: whether it is a mapping, and how many nodes it holds.
    open_: list[list[Any]] = []
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionEndEvent):
                depth -= 1
                open_.pop()
                continue
            if not isinstance(event, (ScalarEvent, AliasEvent, CollectionStartEvent)):
                continue
            start = isinstance(event, CollectionStartEvent)
            key = False
            if open_:
                parent = open_[-1]
                key = parent[0] and parent[1] % 2 == 0
                parent[1] += 1
            # A key that is text is not counted, as the converter counts none; a key that
            # is a list or a mapping nests like any value.
            if depth > MAX_DEPTH and (start or not key):
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if start:
                depth += 1
                open_.append([isinstance(event, MappingStartEvent), 0])
    finally:
        loader.dispose()
    return SHALLOW


def _too_deep(path: str, place: tuple[int, int]) -> Diagnostic:
    """The Y004 diagnostic of a text :func:`nesting` found too deep, at ``place``."""
    return diagnostic(
        "Y004",
        path,
        *place,
        f"the document is nested more than {MAX_DEPTH} levels",
        f"records are never nested more than {MAX_DEPTH} levels",
    )


def _compose(loader_class: Any, text: str) -> tuple[Node | None, Node | None]:
    """The first two documents of ``text`` (None where absent)."""
    loader = loader_class(text)
    try:
        first = loader.get_node() if loader.check_node() else None
        second = loader.get_node() if first is not None and loader.check_node() else None
        return first, second
    finally:
        loader.dispose()


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
