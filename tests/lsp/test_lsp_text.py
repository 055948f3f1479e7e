"""Positions and places in a document: the client's units, scalars, data paths, the verb."""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from accordreg._diagnostics import CODES, anchor
from accordreg._hints import aside, did_you_mean, meant
from accordreg._lsp.outline import keys_in, place_at
from accordreg._lsp.text import Lines, scalar_end
from conftest import PROJECT, run

ENCODINGS = [
    types.PositionEncodingKind.Utf8,
    types.PositionEncodingKind.Utf16,
    types.PositionEncodingKind.Utf32,
]

#: Text of any script, emoji among it, and no line breaks (a line's own text).
_LINE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(line=_LINE, data=st.data(), encoding=st.sampled_from(ENCODINGS))
def test_a_character_index_goes_to_the_client_and_back(
    line: str, data: st.DataObject, encoding: str
) -> None:
    """Every character index of a line survives the round trip through client units."""
    index = data.draw(st.integers(min_value=0, max_value=len(line)))
    lines = Lines.of(f"first\n{line}\nlast", encoding)
    position = lines.to_client(1, index)
    assert lines.from_client(position) == (1, index)
    width = {"utf-8": 4, "utf-16": 2, "utf-32": 1}[encoding]
    assert index <= position.character <= index * width


def test_an_emoji_is_two_utf16_units_and_four_utf8_bytes() -> None:
    """The units the protocol's encodings count, on a line of Thai, Khmer and an emoji."""
    text = "ไทย ខ្មែរ 😀 x"
    at = text.index("x")
    assert Lines.of(text).to_client(0, at).character == at + 1
    assert Lines.of(text, "utf-8").to_client(0, at).character == len(text[:at].encode())
    assert Lines.of(text, "utf-32").to_client(0, at).character == at


def test_lines_end_as_the_protocol_ends_them() -> None:
    """LF, CRLF and CR end a line; a form feed or U+2028 does not."""
    assert Lines.of("a\r\nb\rc\nd\x0ce\u2028f").lines == ["a", "b", "c", "d\x0ce\u2028f"]


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("title: Release of the 18", 7, 24),
        ("title: Release  # a comment", 7, 14),
        ("sources: [pax-2850, b]", 10, 18),
        ('place: "a # b", x', 7, 14),
        ("note: 'it''s'", 6, 13),
        ("titel: x", 0, 5),
        ("  - thailand   ", 4, 12),
    ],
)
def test_a_scalar_ends_where_yaml_ends_it(line: str, start: int, end: int) -> None:
    """A plain, quoted or flow scalar ends before a comment, a key's colon or a comma."""
    assert scalar_end(line, start) == end


RECORD = """kind: provision
history:
  - on: 2025-10-26
    status: agreed
    sources: [pax-2850, other]
  - on: 2025-11-10
    sources:
      - one
      -\x20
responsible:
- thailand
"""


@pytest.mark.parametrize(
    ("line", "char", "path", "role"),
    [
        (0, 2, ("kind",), "key"),
        (0, 8, ("kind",), "value"),
        (3, 13, ("history", 0, "status"), "value"),
        (4, 23, ("history", 0, "sources", 1), "value"),
        (5, 4, ("history", 1, "on"), "key"),
        (7, 8, ("history", 1, "sources", 0), "bare"),
        (8, 8, ("history", 1, "sources", 1), "bare"),
        (10, 3, ("responsible", 0), "bare"),
    ],
)
def test_a_position_is_placed_by_its_indentation(
    line: int, char: int, path: tuple[str | int, ...], role: str
) -> None:
    """Keys, values, block and flow items, lists at their key's own column."""
    place = place_at(RECORD.split("\n"), line, char)
    assert (place.path, place.role) == (path, role)


def test_the_keys_written_are_read_from_lines_that_do_not_parse() -> None:
    """A mapping's keys are found where the text is no YAML yet."""
    lines = [*RECORD.split("\n"), "dea"]
    assert keys_in(lines, ()) == {"kind", "history", "responsible"}
    assert keys_in(lines, ("history", 0)) == {"on", "status", "sources"}


def test_a_did_you_mean_is_read_back_from_its_words() -> None:
    """The word a hint or a message's aside proposes, however it is quoted."""
    assert meant(did_you_mean("thailnd", ["thailand"]) or "") == "thailand"
    assert meant("no such thing" + aside("it's", ["it's"])) == "it's"
    assert meant("allowed keys: a, b") is None


def test_each_code_links_to_its_heading() -> None:
    """A code's anchor is its heading's on the codes page."""
    page = (PROJECT / "docs" / "reference" / "diagnostics.md").read_text()
    from myst_parser.mdit_to_docutils.base import default_slugify

    headings = {default_slugify(line[4:]) for line in page.splitlines() if line.startswith("### ")}
    assert {anchor(code) for code in CODES} <= headings


def test_lsp_without_its_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pygls, `accordreg lsp` prints one line naming the extra, and exits 1."""
    monkeypatch.setitem(sys.modules, "pygls", None)
    code, out = run("lsp")
    assert code == 1
    assert out.strip() == (
        "error: accordreg lsp needs pygls and lsprotocol: pip install 'accordreg[lsp]'"
    )
