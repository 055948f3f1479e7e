"""The depth limit both parsers enforce before parsing: yaml.compose.nesting."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg._store.read import parse_bytes
from accordreg._yaml import compose as _composing
from accordreg._yaml import native as _native
from accordreg._yaml import parse as _yaml
from conftest import native_parser, needs_native, reported

LIMIT = _composing.MAX_DEPTH


def _indented(levels: int, sep: str = "\n") -> str:
    return "x:" + "".join(f"{sep}{' ' * i}k{i}:" for i in range(1, levels)) + " v\n"


SHAPES = {
    "compact sequences": "x:\n" + "- " * 20_000 + "v\n",
    "indented mappings": _indented(LIMIT + 10),
    "indented mappings, CR line breaks": _indented(LIMIT + 10, "\r"),
    "indented mappings, CRLF line breaks": _indented(LIMIT + 10, "\r\n"),
    "sequences of mappings": "x:"
    + "".join(f"\n{' ' * (2 * i)}- a:" for i in range(LIMIT))
    + " v\n",
    "flow sequences": "k: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "flow mappings": "k: " + "{a: " * 300 + "1" + "}" * 300 + "\n",
    "single-pair mappings": "k: " + "[a: " * 150 + "1" + "]" * 150 + "\n",
    "explicit keys": "x:\n" + "? " * 300 + "v\n",
}


def _converter_place(text: str) -> tuple[int, int] | None:
    """Where the stock converter, given the whole node graph, reports nesting too deep."""
    first, _ = _composing._compose(_composing._PureLoader, text)
    assert first is not None
    out = _yaml.Parsed()
    with contextlib.suppress(_yaml._Abort):
        _yaml._Converter("p", out).convert(first, ())
    places = [(d.line, d.column) for d in out.diagnostics if d.code == "Y004"]
    return places[0] if places else None


@pytest.mark.parametrize("text", SHAPES.values(), ids=list(SHAPES))
def test_too_deep_text_is_refused_at_the_converters_place(text: str) -> None:
    """nesting() gives the place the converter would report, without composing anything."""
    place = _composing.nesting(text)
    assert isinstance(place, tuple)
    if text.count("\n") > 2:  # a few levels deeper than the limit, not thousands
        assert place == _converter_place(text)
    parsed = _yaml.parse(text, "t.yaml")
    assert [(d.code, d.line, d.column) for d in parsed.diagnostics] == [("Y004", *place)]
    assert _yaml.load_fast(text) == (False, None)


@pytest.mark.parametrize("depth", [LIMIT - 1, LIMIT, LIMIT + 1])
def test_the_limit_is_exact(depth: int) -> None:
    """A value at depth MAX_DEPTH is read; one deeper is refused."""
    text = "x:\n" + "- " * depth + "v\n"  # the value sits below the mapping and `depth` lists
    expected = _composing.SHALLOW if depth < LIMIT else (2, 2 * LIMIT + 1)
    assert _composing.nesting(text) == expected
    assert _converter_place(text) == (None if depth < LIMIT else expected)


def test_a_syntax_error_before_any_depth_is_unknown() -> None:
    """Text that breaks off before the count is done is neither shallow nor refused."""
    text = "a: [\n" + "- " * 300 + "x\n"
    assert _composing.nesting(text) == _composing.UNKNOWN
    assert _native.load_native(text) == (False, None)


def test_every_record_of_the_bundled_registry_is_surely_shallow() -> None:
    """The few scans of the bound decide ordinary records: no exact count is needed."""
    from conftest import PROJECT

    for path in sorted((PROJECT / "provisions").rglob("*.yaml")):
        assert _composing._surely_shallow(path.read_text(encoding="utf-8")), path


@needs_native
@pytest.mark.parametrize("text", SHAPES.values(), ids=list(SHAPES))
def test_the_native_parser_never_sees_too_deep_text(text: str) -> None:
    """With the native parser on, too deep text is refused exactly as on the stock path."""
    raw = text.encode()
    assert reported(raw, "t.yaml", native=True) == reported(raw, "t.yaml", native=False)
    with native_parser(True):
        assert _native.load_native(text) == (False, None)
        assert [d.code for d in parse_bytes(raw, "t.yaml").diagnostics] == ["Y004"]


# -- the bound is sound: whatever it calls shallow nests no deeper than the limit ---------

PIECES = [
    "- ",
    "-  ",
    "-\n",
    "? ",
    ": ",
    "[",
    "{a: ",
    "[a: ",
    "a:\n",
    "a: ",
    "\n",
    "\r",
    " ",
    "  ",
    "]",
    "}",
    ", ",
    "x",
    "'q'",
    "|\n",
    "#c\n",
]


def _deepest(text: str) -> int:
    """The deepest nesting the parser's events reach before the text ends or breaks."""
    loader: Any = _composing._PureLoader(text)
    depth = deepest = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return deepest


def _text(pieces: list[str], repeat: int) -> str:
    return "".join(pieces) * repeat


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.integers(1, 120))
def test_the_cheap_bound_never_calls_deep_text_shallow(pieces: list[str], repeat: int) -> None:
    """Where the few scans say shallow, the events never nest deeper than the limit."""
    text = _text(pieces, repeat)
    if _composing._surely_shallow(text):
        assert _deepest(text) <= LIMIT


def _nested(depth: int, style: Any) -> str:
    """A document nesting ``depth`` levels in one of the block styles."""
    if style == "indent":
        return _indented(depth)
    if style == "compact":
        return "x:\n" + "- " * depth + "v\n"
    return "x:" + "".join(f"\n{' ' * (2 * i)}- a:" for i in range(depth // 2)) + " v\n"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(1, 260), st.sampled_from(["indent", "compact", "mixed"]))
def test_nesting_agrees_with_the_converter(depth: int, style: str) -> None:
    """nesting() refuses exactly what the converter refuses, at the same place."""
    text = _nested(depth, style)
    place = _composing.nesting(text)
    expected = _converter_place(text)
    assert place == (_composing.SHALLOW if expected is None else expected)
