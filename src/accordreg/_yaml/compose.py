"""Composing YAML: the loaders, and how deep a text nests before either composes it.

Documents are composed by libyaml's C parser when PyYAML has it, else by PyYAML's pure
Python parser; both loaders leave the resolution of scalars to :mod:`.parse`, so that no
tag can run code. Before either composes anything, :func:`nesting` bounds how deep the text
nests: libyaml's composer recurses in C, and the native parser's crashes the process, on
text nested deep enough.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)
from yaml.nodes import Node, ScalarNode, SequenceNode

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
    """PyYAML's Python parser and composer, with resolution left to :mod:`.parse`."""

    resolve = _resolve
    descend_resolver = _no_descend
    ascend_resolver = _no_ascend


if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser and composer, with resolution left to :mod:`.parse`."""

        resolve = _resolve
        descend_resolver = _no_descend
        ascend_resolver = _no_ascend

    _FAST: type[yaml.SafeLoader] | type[yaml.CSafeLoader] | None = _CLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST = None


def c_parser_active() -> bool:
    """Whether libyaml's C parser is available for the fast path."""
    return _FAST is not None


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


def _compose(loader_class: Any, text: str) -> tuple[Node | None, Node | None]:
    """The first two documents of ``text`` (None where absent)."""
    loader = loader_class(text)
    try:
        first = loader.get_node() if loader.check_node() else None
        second = loader.get_node() if first is not None and loader.check_node() else None
        return first, second
    finally:
        loader.dispose()
