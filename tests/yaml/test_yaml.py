"""The YAML layer: positions, YAML 1.2 scalars, and robustness against hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg._diagnostics import CODES, Diagnostic
from accordreg._store.read import parse_bytes
from accordreg._yaml import compose as _composing
from accordreg._yaml import native as _native
from accordreg._yaml import parse as _yaml
from accordreg._yaml.emit import scalar
from accordreg._yaml.scalars import MAX_INT_DIGITS
from conftest import CORPUS, DATA, needs_native, reported


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
    assert codes == [] if depth < _composing.MAX_DEPTH else codes == ["Y004"]


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


#: The characters of every spelling of a number some YAML reader takes for one (binary,
#: underscores, a sign on another base, infinity in any case), and of flow entries.
_NUMBER_CHARS = "0123456789+-._xobXOBeEinfaINFAN:[]"


@st.composite
def number_like_documents(draw: st.DrawFn) -> str:
    """Record-like text whose plain words are spelled with the characters of numbers, as a
    value, among words, in a block or a flow list, and as a key's neighbour."""
    words = st.text(alphabet=_NUMBER_CHARS, min_size=1, max_size=7)
    lines = ["kind: provision"]
    keys = ["count", "pax_codes", "k_1", "level"]
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4, unique=True)):
        form = draw(st.sampled_from(["scalar", "words", "block", "flow"]))
        values = draw(st.lists(words, min_size=1, max_size=3))
        if form == "scalar":
            lines.append(f"{key}: {values[0]}")
        elif form == "words":
            lines.append(f"{key}: {' '.join(values)}")
        elif form == "block":
            lines += [f"{key}:", *(f"  - {v}" for v in values)]
        else:
            lines.append(f"{key}: [{', '.join(values)}]")
    return "\n".join(lines) + "\n"


@needs_native
@given(st.one_of(documents(), number_like_documents()))
@settings(max_examples=1000)
def test_native_parser_agrees_with_the_stock_path(text: str) -> None:
    """Where the native parser accepts a file, its data is exactly the stock path's."""
    ok, data = _native.load_native(text)
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
        "count: 0b10010\n",
        "count: _18\n",
        "count: 18_\n",
        "count: _.7\n",
        "count: 0xE_\n",
        "count: +0x10\n",
        "count: -0o7\n",
        "count: 0X1F\n",
        "count: .iNf\n",
        "count: [:3]\n",
        "count: [a:]\n",
    ],
)
def test_native_parser_declines_what_it_reads_differently(text: str) -> None:
    """Underscored digits, tags, aliases, explicit keys, duplicates, lists, several docs,
    numbers the core schema does not spell so, flow entries the stock parsers refuse."""
    assert _native.load_native(text) == (False, None)


# -- a file with no record, and malformed directives ---------------------------------------

# At most one %YAML directive: a second one is an error of its own.
_prologue = st.tuples(
    st.sampled_from([[], ["%YAML 1.2"], ["%YAML 1.1   # old"]]),
    st.lists(st.sampled_from(["", "# a comment", "%TAG !e! tag:e,2025:"]), max_size=2, unique=True),
).map(lambda parts: parts[0] + parts[1])
_empty_value = st.sampled_from(["", "~", "null", "Null", "NULL", "!!null ''", "!!null"])


@given(
    comments=st.lists(st.sampled_from(["", "# a comment", "#"]), max_size=3),
    prologue=_prologue,
    start=st.booleans(),
    value=_empty_value,
    end=st.booleans(),
)
def test_a_file_holding_an_empty_document_is_f002(
    comments: list[str], prologue: list[str], start: bool, value: str, end: bool
) -> None:
    """`~`, `null`, a bare `---`, a directive and `---`: every empty document is F002."""
    lines = [*comments]
    if prologue or start:
        lines += [*prologue, "---"]
    lines += [value] if value else []
    # A lone `...`, with nothing before it, is a syntax error of its own (Y001).
    lines += ["..."] if end and (value or prologue or start) else []
    raw = ("\n".join(lines) + "\n").encode()
    doc = parse_bytes(raw, Path("t.yaml"))
    assert [d.code for d in doc.diagnostics] == ["F002"]
    assert _yaml.load_fast(raw.decode()) == (False, None)


@pytest.mark.parametrize(
    "directive",
    ["%YAML 1.1#...", "%YAML 1.2 foo", "%YAML", "%YAML 1", "%YAML x.y", "%YAML 1.2#"],
)
@pytest.mark.parametrize("body", ["", "kind: source\n"])
def test_malformed_yaml_directives_are_y001_on_their_line(directive: str, body: str) -> None:
    """A %YAML directive the spec refuses is Y001 at its own line, whatever follows it."""
    text = f"# a record\n{directive}\n---\n{body}"
    for parser in ("c", "pure"):
        (d,) = _yaml.parse(text, "t.yaml", parser=parser).diagnostics
        assert (d.code, d.line, d.column) == ("Y001", 2, 1)
        assert d.hint
    assert _yaml.load_fast(text) == (False, None)


@pytest.mark.parametrize(
    "directive", ["%YAML 1.2", "%YAML  1.1", "%YAML \t 1.1", "%YAML 1.1  # comment"]
)
def test_well_formed_directives_are_accepted(directive: str) -> None:
    """Extra spacing and a comment after a space leave a %YAML directive well-formed."""
    parsed = _parse(f"{directive}\n---\nkind: source\n")
    assert parsed.diagnostics == []
    assert parsed.data == {"kind": "source"}


# -- integers too long to read -----------------------------------------------------------


@st.composite
def long_integers(draw: st.DrawFn) -> str:
    """A plain or tagged integer past the digit limit, in base 10, 8 or 16."""
    base = draw(st.sampled_from([10, 8, 16]))
    if base == 10:
        digits = draw(st.integers(MAX_INT_DIGITS + 1, MAX_INT_DIGITS + 300))
        text = draw(st.sampled_from(["", "-", "+"])) + "1" + "7" * (digits - 1)
    else:
        # Past 10**MAX_INT_DIGITS: 14,286 bits and more, whatever the base.
        width = 4 if base == 16 else 3
        digits = draw(st.integers(14_290 // width, 14_290 // width + 100))
        text = ("0x" if base == 16 else "0o") + "7" * digits
    return draw(st.sampled_from(["", "!!int "])) + text


_PLACES = [
    "kind: source\ntitle: {}\n",
    "kind: source\nlist:\n  - a\n  - {}\n",
    "kind: source\nnested:\n  deeper: [a, {}]\n",
    "{}\n",
]


@given(number=long_integers(), place=st.sampled_from(_PLACES))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_integers_over_the_digit_limit_are_s008_at_their_place(number: str, place: str) -> None:
    """An over-long integer anywhere is S008 at the value's line and column, never an error."""
    text = place.format(number)
    offset = text.index(number)
    where = _yaml.line_col(text, offset)
    for parser in ("c", "pure"):
        (d,) = _yaml.parse(text, "t.yaml", parser=parser).diagnostics
        assert (d.code, d.line, d.column) == ("S008", *where)
    assert _yaml.load_fast(text) == (False, None)
    assert _native.load_native(text) == (False, None)


@pytest.mark.parametrize(
    "text", ["9" * MAX_INT_DIGITS, "-" + "9" * MAX_INT_DIGITS, "0x" + "f" * 3500]
)
def test_integers_at_the_digit_limit_are_read(text: str) -> None:
    """Up to the limit, an integer is a number like any other."""
    parsed = _parse(f"n: {text}\n")
    assert parsed.diagnostics == []
    assert type(parsed.data["n"]) is int
    assert _yaml.load_fast(f"n: {text}\n")[0]


def test_over_long_digit_strings_are_written_quoted() -> None:
    """The writer quotes text that would read back as an over-long number."""
    assert scalar("9" * (MAX_INT_DIGITS + 1)) == '"' + "9" * (MAX_INT_DIGITS + 1) + '"'


# -- the native parser and the stock path agree on hostile text -------------------------

_ODD_KEYS = ["1", "true", "false", "null", "~", "1.5", "0x1F", "''", '""', "", "-1", ".inf"]
_ODD_CHARS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n"),
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "\r",
    "\r\n",
    "é",
    "\u00a0",
]


@st.composite
def hostile_documents(draw: st.DrawFn) -> str:
    """Record-like text with what the two paths might read apart: odd keys and characters."""
    lines = draw(documents()).splitlines()
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from(_ODD_KEYS))
        value = draw(st.sampled_from(["x", "", "1", "[a]"]))
        at = draw(st.integers(1, len(lines)))
        indent = draw(st.sampled_from(["", "  "]))
        lines.insert(at, f"{indent}{key}: {value}".rstrip() if key else f"{indent}:")
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_ODD_CHARS)) + text[at:]
    if draw(st.booleans()):
        text += f"n: {draw(st.sampled_from(['9' * (MAX_INT_DIGITS + 1), '0x' + 'f' * 3600]))}\n"
    return text


def _reported(text: str, native: bool) -> list[tuple[str, int, int, str, str | None]]:
    """Everything validation reports for ``text``, with the native parser on or off."""
    return reported(text.encode("utf-8", "surrogatepass"), "sources/t.yaml", native)


@needs_native
@given(hostile_documents())
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
def test_native_parser_agrees_on_hostile_text(text: str) -> None:
    """Control characters, odd keys, YAML 1.1 line breaks, long integers: same data or a no."""
    ok, data = _native.load_native(text)
    if ok:
        stock = _yaml.parse(text, "t.yaml")
        assert stock.diagnostics == []
        assert repr(data) == repr(stock.data)


@needs_native
@given(hostile_documents())
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_native_path_reports_hostile_text_exactly_as_the_stock_path(text: str) -> None:
    """From bytes to diagnostics, turning the native parser on changes no code, place or word."""
    assert _reported(text, native=True) == _reported(text, native=False)


@needs_native
@pytest.mark.parametrize(
    "text",
    [
        "a: \x07\n",
        "a: b\x01c\n",
        "a: \x7f\n",
        "a: \x9f\n",
        "a: x\x85y\n",
        "a: x\u2028y\n",
        "a: \ufffe\n",
        ":\n",
        "a: 1\n:\n",
        "a: 1\n: x\n",
        "a: 1\n1: x\n",
        "a: 1\ntrue: x\n",
        "a: 1\nnull: x\n",
        "a: 1\n~: x\n",
        "a: 1\n1.5: x\n",
        "a:\n  - 2: x\n",
        "a: " + "9" * (MAX_INT_DIGITS + 1) + "\n",
        "a: [0x" + "f" * 3600 + "]\n",
    ],
)
def test_native_parser_declines_what_the_stock_path_reports(text: str) -> None:
    """The native parser declines controls, 1.1 line breaks, odd keys and long integers."""
    assert _native.load_native(text) == (False, None)


def test_text_too_short_for_a_long_integer_holds_none() -> None:
    """The native path skips the long-integer walk only where no spelling could hold one."""
    shortest = _native._LONG_INT_TEXT - 1
    # The densest spelling, hexadecimal, with every character of the text a digit.
    from accordreg._yaml.scalars import int_too_large

    assert not int_too_large(int("f" * shortest, 16))
    assert not int_too_large(int("9" * shortest))


@needs_native
@pytest.mark.parametrize("check_keys", [True, False])
def test_long_integers_are_declined_with_keys_checked_or_not(check_keys: bool) -> None:
    """A long integer is declined on the native path whether its keys are checked or not."""
    for value in ["9" * (MAX_INT_DIGITS + 1), "0x" + "f" * 3600]:
        text = f"a: {value}\n"
        assert _native.load_native(text, check_keys=check_keys) == (False, None)


@needs_native
def test_odd_keys_pass_the_native_parser_only_when_left_to_the_caller() -> None:
    """With ``check_keys=False`` a key that is not text comes back as the parser made it."""
    assert _native.load_native("a: 1\n1: x\n") == (False, None)
    assert _native.load_native("a: 1\n1: x\n", check_keys=False) == (True, {"a": 1, 1: "x"})


# -- syntax errors in plain words, at the mistake's line ---------------------------------

#: Words of libyaml and PyYAML that mean nothing to someone editing a record.
_JARGON = ("<block", "simple key", "in this context", "allowed here", "did not find", "while ")


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("kind: source\nid: x\n  title: y\n", 3, 3, "indented more than"),
        ("kind: source\ntitle: Note: this\n", 2, 12, "holds ': '"),
        ("kind: p\nitems:\n  - a\n - b\n", 4, 2, "does not line up with the one at line 3"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "matches no key"),
        ("kind: p\nhistory:\n  - on: 1\n   status: x\n", 4, 4, "lines up neither"),
        ("kind: p\nhistory:\n  - on: 1\n     status: x\n", 4, 6, "indented more than"),
        ("kind: p\nid x\ntitle: y\n", 2, 1, "no ':'"),
        ("kind: p\nitems: - a\n", 2, 8, "same line"),
        ("kind: p\n- a\n", 2, 1, "list item where the mapping expects a key"),
        ("kind: p\n:\n", 2, 1, "no key before it"),
        ('kind: p\ntitle: "abc\nid: x\n', 2, 8, "never closed"),
        ("kind: p\ntitle: 'abc\nid: x\n", 2, 8, "never closed"),
        ("kind: p\nitems: [a, b\nid: x\n", 2, 8, "not closed"),
        ("kind: p\nitems: {a: b\nid: x\n", 2, 8, "not closed"),
        ("kind: p\ntitle: @me\n", 2, 8, "cannot start with '@'"),
        ("kind: p\n\ttitle: x\n", 2, 1, "tab"),
        ('kind: p\ntitle: "a" b\n', 2, 12, "after a complete value"),
        ('kind: p\ntitle: "a\\qb"\n', 2, 10, "escape"),
        ("kind: p\ntitle: *\n", 2, 8, "alias"),
        ("kind: p\ntext: >x\n", 2, 7, "'|' or '>'"),
        ("kind: p\n...\ntext\n", 3, 1, "after the end of the document"),
        ("%YAML 1.2\nkind: p\n", 2, 1, "'---'"),
        ("  kind: p\nid: x\n", 1, 3, "first line is indented"),
        ("%YAML 1.2\n%YAML 1.2\n---\nkind: p\n", 2, 1, "twice"),
    ],
)
def test_common_syntax_errors_are_told_in_plain_words(
    text: str, line: int, column: int, words: str
) -> None:
    """Both parsers report the same plain message and hint, at the mistake's line."""
    found = []
    for parser in ("c", "pure"):
        (d,) = _yaml.parse(text, "t.yaml", parser=parser).diagnostics
        found.append((d.code, d.line, d.column, d.message, d.hint))
        assert (d.code, d.line, d.column) == ("Y001", line, column)
        assert words in d.message
        assert d.hint
        assert not any(jargon in d.message for jargon in _JARGON), d.message
    assert found[0] == found[1]


_RECORDS = sorted((DATA / "registry").rglob("*.yaml"))


@st.composite
def misindented(draw: st.DrawFn) -> tuple[str, int]:
    """A valid record with one line's indentation changed, and that line's number."""
    lines = draw(st.sampled_from(_RECORDS)).read_text().split("\n")
    numbers = [n for n, row in enumerate(lines) if row.strip() and not row.startswith("#")]
    at = draw(st.sampled_from(numbers))
    row = lines[at]
    indent = len(row) - len(row.lstrip(" "))
    shift = draw(st.integers(-indent, 4).filter(lambda s: s != 0))
    lines[at] = " " * (indent + shift) + row.lstrip(" ")
    return "\n".join(lines), at + 1


@given(misindented())
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_indentation_mistakes_are_told_in_plain_words_near_their_line(
    case: tuple[str, int],
) -> None:
    """A line indented wrongly gives a hint in plain words at that line or just below it."""
    # A key dedented to the top level is well-formed YAML until the next line that does
    # not fit, so the report may come a few lines later, never earlier.
    text, shifted = case
    found = []
    for parser in ("c", "pure"):
        problems = _yaml.parse(text, "t.yaml", parser=parser).diagnostics
        found.append([(d.code, d.line, d.column, d.message, d.hint) for d in problems])
        for d in problems:
            if d.code == "Y001":
                assert d.hint
                assert not any(jargon in d.message for jargon in _JARGON), d.message
                assert 0 <= d.line - shifted <= 4
    assert found[0] == found[1]


@given(
    record=st.sampled_from(_RECORDS),
    char=st.sampled_from(["\x85", "\u2028", "\u2029"]),
    data=st.data(),
)
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_yaml_11_line_breaks_are_refused_at_their_place(
    record: Path, char: str, data: st.DataObject
) -> None:
    """NEL, LS or PS anywhere is Y001 where it stands (counting lines by newlines only)."""
    text = record.read_text()
    at = data.draw(st.integers(0, len(text)))
    text = text[:at] + char + text[at:]
    for parser in ("c", "pure"):
        (d,) = _yaml.parse(text, "t.yaml", parser=parser).diagnostics
        assert (d.code, d.line, d.column) == ("Y001", *_yaml.line_col(text, at))
    assert _yaml.load_fast(text) == (False, None)
