"""The YAML layer: positions, YAML 1.2 scalars, and robustness against hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg.diagnostics import CODES, Diagnostic
from accordreg.store.read import parse_bytes
from accordreg.yaml import parse as _yaml
from conftest import CORPUS


def _parse(text: str) -> _yaml.Parsed:
    return _yaml.parse(text, "t.yaml")


def test_positions_of_keys_and_values_are_one_based() -> None:
    """Each key and value is located at its 1-based line and column."""
    parsed = _parse("a: 1\nb:\n  - x\n  - {c: d}\n")
    assert parsed.positions.keys[("a",)] == (1, 1)
    assert parsed.positions.values[("a",)] == (1, 4)
    assert parsed.positions.values[("b", 0)] == (3, 5)
    assert parsed.positions.keys[("b", 1, "c")] == (4, 6)
    assert parsed.positions.values[("b", 1, "c")] == (4, 9)


def test_columns_count_characters_not_bytes() -> None:
    """A value after multi-byte characters is placed by character count."""
    parsed = _parse("ü: é\nbé: x\n")
    assert parsed.positions.values[("ü",)] == (1, 4)
    assert parsed.positions.values[("bé",)] == (2, 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("''", ""),
        ("012", 12),
        ("0o12", 10),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("2025-07-28", "2025-07-28"),
        ("2025-13-45", "2025-13-45"),
        ("'123'", "123"),
        ("!!str 123", "123"),
    ],
)
def test_scalars_follow_yaml_12(text: str, value: object) -> None:
    """Plain scalars resolve by YAML 1.2 rules; dates stay text for the models to read."""
    parsed = _parse(f"k: {text}\n")
    assert parsed.diagnostics == []
    assert parsed.data == {"k": value}
    assert type(parsed.data["k"]) is type(value)


def test_duplicate_key_is_reported_at_the_second_and_the_first_kept() -> None:
    """A repeated key is located at its second use; the first value stands."""
    parsed = _parse("a: 1\nb: 2\na: 3\n")
    (d,) = parsed.diagnostics
    assert (d.code, d.line, d.column) == ("Y003", 3, 1)
    assert "line 1" in (d.hint or "")
    assert parsed.data == {"a": 1, "b": 2}


def test_billion_laughs_is_refused_quickly() -> None:
    """An alias bomb gets Y004 instead of exhausting memory."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    parsed = _parse("\n".join(lines) + "\n")
    assert [d.code for d in parsed.diagnostics] == ["Y004"]
    assert parsed.data is None


def test_recursive_alias_is_refused() -> None:
    """A value that contains itself through an alias gets Y004."""
    parsed = _parse("a: &x [1, *x]\n")
    assert [d.code for d in parsed.diagnostics] == ["Y004"]


@pytest.mark.parametrize("depth", [150, 5_000, 100_000])
def test_deep_nesting_never_crashes(depth: int) -> None:
    """Deep flow nesting gets a diagnostic, not a crash of the C parser or the stack."""
    parsed = _parse("k: " + "[" * depth + "]" * depth + "\n")
    codes = [d.code for d in parsed.diagnostics]
    assert codes == [] if depth < _yaml.MAX_DEPTH else codes == ["Y004"]


def test_tabs_used_for_indentation_get_a_hint() -> None:
    """A tab in indentation is a syntax error with a hint about spaces."""
    (d,) = _parse("a:\n\tb: 1\n").diagnostics
    assert d.code == "Y001"
    assert d.line == 2


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "F002"),
        (b"# only a comment\n", "F002"),
        (b"a: \xff\n", "F001"),
        (b"\x00\x01binary", "F003"),
        (b"a: 1\n---\nb: 2\n", "Y002"),
        (b"a: \x07\n", "Y001"),
        (b"!!python/object:os.system {}\n", "Y005"),
    ],
)
def test_hostile_bytes_get_the_right_code(raw: bytes, code: str) -> None:
    """Empty, non-UTF-8, binary, multi-document and tagged input each get their code."""
    doc = parse_bytes(raw, Path("t.yaml"))
    assert code in [d.code for d in doc.diagnostics]


def test_utf8_bom_is_accepted() -> None:
    """A UTF-8 byte-order mark is not a problem."""
    doc = parse_bytes("\ufeffa: 1\n".encode(), Path("t.yaml"))
    assert doc.diagnostics == []
    assert doc.data == {"a": 1}


def _only_our_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert d.code in CODES
        assert d.line >= 1
        assert d.column >= 1


@given(st.binary(max_size=400))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_random_bytes_never_raise(raw: bytes) -> None:
    """Any bytes at all give data or located diagnostics, never an exception."""
    _only_our_diagnostics(parse_bytes(raw, Path("t.yaml")).diagnostics)


_YAML_CHARS = st.sampled_from([*list("ab:- \n\t[]{},&*!?|>'\"#%@`~0123456789."), "---", "..."])


@given(st.lists(_YAML_CHARS, max_size=120).map("".join))
@settings(max_examples=400)
def test_random_yaml_like_text_never_raises(text: str) -> None:
    """Text made of YAML's own punctuation gives data or diagnostics, never an exception."""
    _only_our_diagnostics(_parse(text).diagnostics)


# YAML's printable set: no C0/C1 controls, surrogates or non-characters.
_printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cn"), blacklist_characters="\ufeff"),
    max_size=20,
)
_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    _printable,
    st.floats(allow_nan=False, allow_infinity=False),
)
_trees = st.recursive(
    _leaf,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(_printable, kids, max_size=4),
    max_leaves=20,
)


@given(_trees)
@settings(max_examples=200)
def test_random_trees_survive_a_dump_and_parse(tree: object) -> None:
    """A tree dumped as JSON (which is YAML 1.2) parses back to the same data."""
    parsed = _parse(json.dumps({"root": tree}, ensure_ascii=False))
    assert parsed.diagnostics == []
    assert parsed.data == {"root": tree}


def _corpus_cases() -> list[Path]:
    return sorted(p.parent for p in CORPUS.rglob("in.yaml")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the YAML test suite is not at {CORPUS}")
def test_yaml_test_suite_every_case_loads_or_gets_a_diagnostic() -> None:
    """All 402 cases of the YAML test suite: data or diagnostics; invalid ones never pass."""
    cases = _corpus_cases()
    assert len(cases) >= 400
    missed = []
    for case in cases:
        doc = parse_bytes((case / "in.yaml").read_bytes(), case / "in.yaml")
        _only_our_diagnostics(doc.diagnostics)
        if (case / "error").exists() and not doc.diagnostics:
            missed.append(case.name)
    # The parser is more lenient than the spec in a handful of documented cases.
    assert len(missed) <= len(cases) // 20, missed


# -- the fast path and the located path agree ------------------------------------------

_SCALARS = st.sampled_from(
    [
        "no",
        "on",
        "off",
        "yes",
        "y",
        "n",
        "true",
        "False",
        "null",
        "~",
        "",
        "0o17",
        "017",
        "0x1F",
        "1_000",
        "1e3",
        ".inf",
        "-.inf",
        ".nan",
        "2025-07-28",
        "2025-13-45",
        "2025-07-28T10:00:00Z",
        "12:30",
        "1:2",
        "+1",
        "-0",
        "0.5",
        ".5",
        "text",
        "two words",
        "ü é 中文",
        "'quoted'",
        '"double"',
        "a: b",
        "#hash",
        "- dash",
        "[x]",
        "{y}",
        "&anchor",
        "*alias",
        "!tag",
        "%pct",
        "@at",
        "`tick",
        "|",
        ">",
        "?",
    ]
)


def _render_scalar(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(value, ensure_ascii=False)
    return value


# Plain scalars that PyYAML's pure scanner reads differently from libyaml (and the spec)
# inside a flow collection, such as `[!tag, no]` or `[?]`.
_FLOW_QUIRKS = {"!tag", "?", "&anchor", "*alias", "[x]", "{y}", "a: b", "#hash", "- dash"}


@st.composite
def documents(draw: st.DrawFn, *, for_both_parsers: bool = False) -> str:
    """Record-like YAML text: block and flow collections, every scalar style, traps."""
    lines = ["# a comment", "kind: provision"]
    keys = draw(
        st.lists(
            st.sampled_from(["title", "text", "on", "no", "note", "level", "status", "date", "y"]),
            min_size=1,
            max_size=6,
        )
    )
    for key in keys:  # repeats make duplicate keys
        form = draw(st.sampled_from(["scalar", "block", "flow", "nested"]))
        values = draw(st.lists(_SCALARS, min_size=1, max_size=3))
        style = draw(st.sampled_from(["plain", "single", "double"]))
        if for_both_parsers and form == "flow" and style == "plain":
            values = [v for v in values if v not in _FLOW_QUIRKS] or ["text"]
        rendered = [_render_scalar(v, style) for v in values]
        if form == "scalar":
            lines.append(f"{key}: {rendered[0]}")
        elif form == "block":
            lines.append(f"{key}:")
            lines += [f"  - {v}" for v in rendered]
        elif form == "flow":
            lines.append(f"{key}: [{', '.join(rendered)}]")
        else:
            lines.append(f"{key}:")
            lines += [f"  - on: {rendered[0]}", f"    status: {rendered[-1]}"]
    return "\n".join(lines) + "\n"


@given(documents(for_both_parsers=True))
@settings(max_examples=400)
def test_c_and_pure_parsers_give_identical_results(text: str) -> None:
    """Data, positions and diagnostics are the same from libyaml and from pure Python.

    Syntax errors are worded by each parser in its own way; their code and place agree.
    """
    c = _yaml.parse(text, "t.yaml", parser="c")
    pure = _yaml.parse(text, "t.yaml", parser="pure")
    assert [(d.code, d.line, d.column) for d in c.diagnostics] == [
        (d.code, d.line, d.column) for d in pure.diagnostics
    ]
    assert [d for d in c.diagnostics if d.code != "Y001"] == [
        d for d in pure.diagnostics if d.code != "Y001"
    ]
    assert c.data == pure.data
    assert c.positions == pure.positions


@given(documents())
@settings(max_examples=400)
def test_fast_path_data_equals_the_located_parse(text: str) -> None:
    """Where the fast path accepts a file, its data is what the located parse reads."""
    ok, data = _yaml.load_fast(text)
    located = _yaml.parse(text, "t.yaml")
    if ok:
        assert located.diagnostics == []
        assert repr(data) == repr(located.data)
    else:
        # Refused files are the ones with something to report, or with explicit tags.
        assert located.diagnostics or "!" in text


needs_native = pytest.mark.skipif(not _yaml._yaml_rs, reason="yaml-rs (the native extra) absent")


@needs_native
@given(documents())
@settings(max_examples=600)
def test_native_parser_agrees_with_the_stock_path(text: str) -> None:
    """Where the native parser accepts a file, its data is exactly the stock path's."""
    ok, data = _yaml.load_native(text)
    if ok:
        stock = _yaml.parse(text, "t.yaml")
        assert stock.diagnostics == []
        assert repr(data) == repr(stock.data)


@needs_native
@pytest.mark.parametrize(
    "text",
    [
        "a: 1_000\n",
        "a: !!str 5\n",
        "a: &x 1\nb: *x\n",
        "? a\n: b\n",
        "a: [?]\n",
        "a: 1\na: 2\n",
        "- 1\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: [1\n",
    ],
)
def test_native_parser_declines_what_it_reads_differently(text: str) -> None:
    """Underscored digits, tags, aliases, explicit keys, duplicates, lists, several docs."""
    assert _yaml.load_native(text) == (False, None)
