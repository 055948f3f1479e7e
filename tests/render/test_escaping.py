"""Nothing a registry's author writes reaches a page as markup: a registry with a script,
a ``javascript:`` link and an attribute break-out in every text field gives a site, a report
and Datasette metadata with no script, handler or link of its own; spreadsheet formulas in
CSV cells are neutralised."""

from __future__ import annotations

import asyncio
import csv
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._render.exports import EXPORTERS
from accordreg._render.report import html_page, markdown
from accordreg._render.safe import json_text, markdown_text, terminal
from accordreg._render.site import build

ON = date(2026, 1, 15)
#: An attribute break-out, an image with a handler, a script, a javascript: link and the
#: bare words, all at once.
ATTACK = (
    '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    '<a href="javascript:alert(1)">j</a> javascript:alert(1)'
)
#: What a spreadsheet would run as a formula, in turn at the start of each field.
FORMULAS = ("=", "+", "-", "@")

_count = 0


def _text(field: str) -> str:
    """The attack, named after its field, led by one of the formula characters in turn."""
    global _count
    _count += 1
    return f"{FORMULAS[_count % 4]}{field} {ATTACK}"


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry whose every text field, settings word and citation field is an attack."""
    root = tmp_path_factory.mktemp("hostile") / "registry"
    _write(
        root / "accordreg.yaml",
        {
            "kind": "settings",
            "name": _text("settings.name"),
            "categories": [
                {
                    "id": "hostile",
                    "label": _text("category.label"),
                    "description": _text("category.description"),
                    "terms": {
                        "scope": {"type": "text", "description": _text("term.description")},
                        "count": {"type": "integer", "unit": _text("term.unit")},
                    },
                    "measure": {"term": "count", "unit": _text("measure.unit")},
                }
            ],
            "reliability": [
                {
                    "id": "rumour",
                    "label": _text("reliability.label"),
                    "description": _text("reliability.description"),
                }
            ],
            "party_types": [{"id": "faction", "label": _text("party_type.label")}],
            "roles": [{"id": "patron", "label": _text("role.label")}],
            "lifecycle": {
                "states": [
                    {
                        "id": "agreed",
                        "label": _text("state.label"),
                        "start": True,
                        "moves": ["working", "done"],
                        "default_level": 0,
                    },
                    {
                        "id": "working",
                        "label": _text("state.label.working"),
                        "moves": ["done"],
                        "default_level": 1,
                    },
                    {
                        "id": "done",
                        "label": _text("state.label.done"),
                        "done": True,
                        "default_level": 3,
                    },
                ]
            },
        },
    )
    (root / "CITATION.cff").write_text(
        yaml.safe_dump(
            {
                "cff-version": "1.2.0",
                "message": _text("cff.message"),
                "type": "dataset",
                "title": _text("cff.title"),
                "abstract": _text("cff.abstract"),
                "authors": [{"name": _text("cff.author")}],
                "version": _text("cff.version"),
                "license": _text("cff.license"),
            }
        ),
        encoding="utf-8",
    )
    _write(
        root / "sources/src.yaml",
        {
            "kind": "source",
            "id": "src",
            "title": _text("source.title"),
            "publisher": _text("source.publisher"),
            "date": "2025-10-01",
            # An address must be http(s) with no spaces: this is as hostile as one gets.
            "url": 'https://example.org/"><script>alert(1)</script>',
            "reliability": "rumour",
            "note": _text("source.note"),
        },
    )
    for party in ("north", "south"):
        _write(
            root / f"parties/{party}.yaml",
            {
                "kind": "party",
                "id": party,
                "name": _text(f"party.name.{party}"),
                "type": "faction",
                "note": _text("party.note"),
            },
        )
    _write(
        root / "accord/agreement.yaml",
        {
            "kind": "agreement",
            "id": "accord",
            "title": _text("agreement.title"),
            "short_title": _text("agreement.short_title"),
            "date_signed": "2025-10-02",
            "place": _text("agreement.place"),
            "process": _text("agreement.process"),
            "conflict": _text("agreement.conflict"),
            "signatories": [
                {"party": "north", "signed_by": _text("signed_by"), "capacity": _text("capacity")}
            ],
            "signatories_text": _text("signatories_text"),
            "third_parties": [
                {
                    "name": _text("third.name"),
                    "role": "patron",
                    "represented_by": _text("third.represented_by"),
                }
            ],
            "third_parties_text": _text("third_parties_text"),
            "stage_sub": _text("stage_sub"),
            "pax_status": _text("pax_status"),
            "links": {"pax_agreement": 1},
            "sources": ["src"],
            "note": _text("agreement.note"),
        },
    )
    _write(
        root / "accord/first.yaml",
        {
            "kind": "provision",
            "id": "accord/first",
            "agreement": "accord",
            "title": _text("provision.title"),
            "category": "hostile",
            "text": _text("provision.text"),
            "text_form": "quote",
            "section": _text("provision.section"),
            "responsible": ["north", "south"],
            "locations": [
                {"country": "THA", "subdivision": _text("subdivision"), "place": _text("place")}
            ],
            "deadlines": [
                {
                    "label": _text("deadline.label"),
                    "due": "2025-11-01",
                    "note": _text("deadline.note"),
                },
                {
                    "label": _text("deadline.later"),
                    "due": "2026-03-01",
                    "set_on": "2025-12-01",
                    "sources": ["src"],
                },
            ],
            "conditions": [
                _text("condition.plain"),
                {
                    "text": _text("condition.text"),
                    "set_on": "2025-11-15",
                    "party": "south",
                    "sources": ["src"],
                },
            ],
            "terms": {"scope": _text("terms.scope"), "count": 10},
            "sources": ["src"],
            "history": [
                {
                    "on": "2025-10-02",
                    "status": "agreed",
                    "sources": ["src"],
                    "note": _text("event.note"),
                },
                {
                    "on": "2025-12-20",
                    "status": "working",
                    "sources": ["src"],
                    "party": "north",
                    "progress": 3,
                    "terms": {"scope": _text("event.terms.scope")},
                    "note": _text("event.note.later"),
                },
            ],
            "note": _text("provision.note"),
        },
    )
    _write(
        root / "accord/second.yaml",
        {
            "kind": "provision",
            "id": "accord/second",
            "agreement": "accord",
            "title": _text("provision.second.title"),
            "category": "hostile",
            "text": _text("provision.second.text"),
            "responsible": ["south"],
            "depends_on": ["accord/first"],
            "same_as": ["accord/first"],
            "sources": ["src"],
            "history": [
                {"on": "2025-10-02", "status": "agreed", "sources": ["src"]},
                {
                    "on": "2025-12-30",
                    "status": "done",
                    "sources": ["src"],
                    "note": _text("event.note.done"),
                },
            ],
        },
    )
    return root


@pytest.fixture(scope="module")
def registry(hostile: Path) -> accordreg.Registry:
    """The hostile registry, loaded (every attack is valid text)."""
    return accordreg.load(hostile)


class _Markup(HTMLParser):
    """Collects what would run or fetch: scripts, handlers, javascript: links, images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self.images: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                (value or "").strip().lower().startswith(("javascript:", "data:text"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found.get("src") or "")
            self._in_script = True
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag in ("iframe", "object", "embed", "base", "meta") and tag != "meta":
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:40]!r}")


def _markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser


def _svg_is_inert(text: str) -> None:
    root = ET.fromstring(text)
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        assert name not in ("script", "foreignObject", "a"), name
        for attribute, value in element.attrib.items():
            assert not attribute.rsplit("}", 1)[-1].startswith("on"), attribute
            assert "javascript:" not in value.lower(), value


def test_the_registry_loads_and_rejects_script_addresses(hostile: Path, tmp_path: Path) -> None:
    """Every attack is text a record may hold; a javascript: address is not."""
    assert accordreg.load(hostile).provision("accord/first").title.endswith(ATTACK)
    bad = tmp_path / "bad"
    _write(
        bad / "sources/x.yaml",
        {
            "kind": "source",
            "id": "x",
            "title": "x",
            "url": "javascript:alert(1)",
            "reliability": "press",
        },
    )
    assert any(d.code == "S006" for d in accordreg.check(bad))


def test_site_pages_carry_no_markup_from_records(
    registry: accordreg.Registry, tmp_path: Path
) -> None:
    """Every page: no inline script, no handler, no javascript: link, only the site's own
    images and script; the attacks show as text; the charts are inert SVG."""
    out = tmp_path / "site"
    build(registry, out, ON)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        found = _markup(text)
        assert found.problems == [], (path, found.problems)
        assert all(s.endswith(("assets/filter.js", "assets/search.js")) for s in found.scripts)
        assert all("assets/charts/" in s for s in found.images), path
    # The search index and the list's data are scripts of one call each, whose argument
    # is JSON: record text in them is a string, never code.
    data = [out / "assets/list.js", *sorted((out / "assets/search").rglob("*.js"))]
    for path in data:
        text = path.read_text(encoding="utf-8")
        call = re.match(r"accordreg(?:List|Search\.(?:meta|terms|docs))\(", text)
        assert call, path
        assert text.endswith(");\n"), path
        json.loads(f"[{text[call.end() : -3]}]")
    assert "provision.title" in (out / "assets/list.js").read_text(encoding="utf-8")
    first = (out / "provisions/accord/first.html").read_text(encoding="utf-8")
    assert "provision.title &#34;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in first
    for field in (
        "provision.section",
        "deadline.note",
        "condition.text",
        "event.note",
        "terms.scope",
        "measure.unit",
        "subdivision",
        "state.label",
    ):
        assert f"{field} &#34;&gt;&lt;img" in first, field
    whole = "".join(p.read_text(encoding="utf-8") for p in pages)
    shown = (
        "settings.name",
        "cff.title",
        "cff.version",
        "cff.license",
        "source.publisher",
        "party.name.north",
        "agreement.place",
        "signed_by",
        "third.represented_by",
        "reliability.label",
        "party_type.label",
        "role.label",
        "category.label",
    )
    for field in shown:
        assert f"{field} &#34;&gt;&lt;img" in whole, field
    for svg in (out / "assets" / "charts").glob("*.svg"):
        _svg_is_inert(svg.read_text(encoding="utf-8"))
    css = (out / "assets" / "style.css").read_text(encoding="utf-8")
    rules = css.split("lifecycle. */\n", 1)[1].splitlines()
    assert all(re.fullmatch(r"\.status-[a-z0-9_-]+ \{ --state: #[0-9a-f]{6}; \}", r) for r in rules)


def test_report_carries_no_markup_from_records(registry: accordreg.Registry) -> None:
    """The HTML report (its inline charts too) holds the attacks as text only; the
    Markdown report writes < and > as entities, so no renderer takes them for HTML."""
    page = html_page(registry, ON)
    found = _markup(page)
    assert found.problems == []
    assert found.scripts == []
    assert found.images == []
    assert "provision.title &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    text = markdown(registry, ON)
    assert "<script" not in text
    assert "<img" not in text
    assert "&lt;script&gt;" in text


def test_datasette_shows_the_metadata_as_text(registry: accordreg.Registry, tmp_path: Path) -> None:
    """The metadata holds no *_html key; Datasette's pages show its title and description
    escaped."""
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    out = tmp_path / "hostile.db"
    EXPORTERS["sqlite"](registry, out, ON, None)
    meta = json.loads(out.with_name("hostile.metadata.json").read_text(encoding="utf-8"))

    def keys(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [*value, *(k for v in value.values() for k in keys(v))]
        if isinstance(value, list):
            return [k for v in value for k in keys(v)]
        return []

    assert not [k for k in keys(meta) if k.endswith("_html")]
    assert ATTACK in meta["title"]

    async def pages() -> list[str]:
        datasette = Datasette([str(out)], metadata=meta)
        await datasette.invoke_startup()
        return [
            (await datasette.client.get(path)).text
            for path in ("/", "/hostile", "/hostile/provisions", "/hostile/current_standing")
        ]

    for text in asyncio.run(pages()):
        assert "<img src=x onerror" not in text
        assert "<script>alert(1)" not in text
        assert 'href="javascript:' not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in asyncio.run(pages())[0]


def test_csv_cells_that_would_run_as_formulas_are_neutralised(
    registry: accordreg.Registry, tmp_path: Path
) -> None:
    """In the CSV export and the data package, a text cell starting with = + - or @ gets a
    leading apostrophe; numbers are left alone."""
    EXPORTERS["csv"](registry, tmp_path / "status.csv", ON, None)
    EXPORTERS["datapackage"](registry, tmp_path / "package", ON, None)
    files = [tmp_path / "status.csv", tmp_path / "status-events.csv"]
    files += sorted((tmp_path / "package").glob("*.csv"))
    seen = 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for value in row:
                    assert not value.startswith(FORMULAS), (path.name, value)
                    seen += value.startswith("'")
    assert seen > 20
    with (tmp_path / "package" / "provisions.csv").open(encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    assert all(t.startswith("'") for t in titles)


# -- the escapers, for any text ------------------------------------------------------------

ESCAPERS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
#: What a terminal acts on or hides: C0 controls but the newline, DEL, C1 controls, bidi
#: embeddings, overrides, isolates and marks, zero-width characters, the byte order mark.
LIVE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
# Text out to do something: escape sequences, bidi overrides, zero-width characters,
# Markdown and HTML syntax; and any other character.
_HOSTILE = [
    *"\x00\x07\x1b\x7f\x85\x9b\t\r\n\u2028\u2029",
    *"\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff",
    *"[]()<>!`*_~|&#;:\\/=\"' -+.",
    "javascript:",
    "https://x.example",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "``",
    "&lt;",
    "&#60;",
    "\U000e0041",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(_HOSTILE), st.characters(exclude_categories=["Cs"])), max_size=40
).map("".join)


@ESCAPERS
@given(hostile_text)
def test_terminal_leaves_no_control_bidi_or_zero_width_character_live(text: str) -> None:
    """Any text through `terminal` keeps none of them as it is, only newlines as they were."""
    shown = terminal(text)
    assert not LIVE.search(shown), ascii(shown)
    assert terminal(shown) == shown
    assert shown.count("\n") == text.count("\n")


@ESCAPERS
@given(hostile_text)
def test_json_text_means_the_same_and_shows_nothing_live(text: str) -> None:
    """JSON through `json_text` reads back the same, with no live character as it is."""
    dumped = json_text(json.dumps({"note": text}, ensure_ascii=False))
    assert json.loads(dumped) == {"note": text}
    assert not LIVE.search(dumped.replace("\n", " "))


def _markdown_live(markdown: str) -> tuple[list[str], list[int]]:
    """What markdown-it finds live in ``markdown`` (links, images, HTML, autolinks), and
    how many cells each table row has."""
    from markdown_it import MarkdownIt

    live: list[str] = []
    cells: list[int] = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "html_block":
            live.append(token.content)
        if token.type == "tr_open":
            cells.append(0)
        if token.type in ("td_open", "th_open"):
            cells[-1] += 1
        for child in token.children or []:
            if child.type in ("link_open", "image", "html_inline"):
                live.append(child.type)
    return live, cells


@ESCAPERS
@given(hostile_text)
def test_markdown_text_renders_no_link_image_or_html(text: str) -> None:
    """Any text through `markdown_text`, in a paragraph or a table cell, renders no link,
    image or HTML, and keeps the table's cells."""
    pytest.importorskip("markdown_it")
    escaped = markdown_text(text)
    assert _markdown_live(f"a {escaped} b\n") == ([], [])
    table = f"| a | b |\n|---|---|\n| {escaped} | x |\n"
    assert _markdown_live(table) == ([], [2, 2])


@ESCAPERS
@given(hostile_text)
def test_a_diff_code_span_is_never_ended_early(text: str) -> None:
    """A value in a diff comment's code span stays one code span in its cell: no backtick
    run in it can close the span and let the rest be read as Markdown."""
    pytest.importorskip("markdown_it")
    from markdown_it import MarkdownIt

    from accordreg._render.diff import _code

    table = f"| a | b |\n|---|---|\n| {_code(text)} | x |\n"
    assert _markdown_live(table) == ([], [2, 2])
    tokens = MarkdownIt("commonmark").enable("table").parse(table)
    cell = [t for t in tokens if t.type == "inline"][2]
    if text.strip():
        assert [c.type for c in cell.children or []] == ["code_inline"]
