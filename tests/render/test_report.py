"""Reports: Markdown tables, and a self-contained HTML page with SVG charts."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import accordreg
from accordreg.cli import main
from accordreg.errors import MissingExtra
from accordreg.render.report import html_page, markdown
from conftest import PROJECT

ON = date(2026, 1, 15)


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(PROJECT / "provisions")


@pytest.fixture(scope="module")
def page(registry: accordreg.Registry) -> str:
    """The HTML report of the bundled registry on 2026-01-15."""
    return html_page(registry, ON)


def _svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S)]


def test_markdown_has_a_table_per_agreement(registry: accordreg.Registry) -> None:
    """Each agreement gets a heading and a table with status, level, since, deadline, overdue."""
    text = markdown(registry, ON)
    assert text.count("\n## ") == len(registry.agreements) + 1  # and "What changed"
    assert "| provision | status | level | since | progress | next deadline | to note |" in text
    assert 'Past due" means a deadline on record passed' in text
    assert (
        "| release-of-18 — Release of the 18 Cambodian soldiers held since July | implemented "
        "| 3 | 2025-12-31 | 18/18 released | — |  |" in text
    )
    assert "| cybercrime — Joint action against scam and cybercrime networks | suspended " in text
    assert "past due 2025-11-06, no completion recorded" in text
    assert "OVERDUE" not in text


def test_html_timeline_has_one_lane_per_provision(page: str, registry: accordreg.Registry) -> None:
    """The timeline SVG holds a lane (status segments) for every provision, events marked."""
    timeline = _svgs(page)[0]
    ids = [el.get("id", "") for el in timeline.iter()]
    lanes = {i.split("--")[1] for i in ids if i.startswith("lane--")}
    events = {i.split("--")[1] for i in ids if i.startswith("events--")}
    expected = {pid.replace("/", ".") for pid in registry.provisions}
    assert lanes == expected == events
    segments = [i for i in ids if i.startswith("lane--")]
    assert len(segments) == sum(len(p.history) for p in registry.provisions.values())


def test_html_level_chart_has_a_line_per_agreement(page: str, registry: accordreg.Registry) -> None:
    """The level chart draws every agreement's level over time."""
    levels = _svgs(page)[1]
    lines = {el.get("id", "") for el in levels.iter() if el.get("id", "").startswith("level--")}
    assert lines == {f"level--{a}" for a in registry.agreements}


def test_html_is_self_contained(page: str, registry: accordreg.Registry) -> None:
    """Nothing is fetched at view time: no scripts, stylesheets or images from elsewhere."""
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count("<table>") == len(registry.agreements)


def test_report_command_writes_both_formats(tmp_path: Path) -> None:
    """report --out FILE writes .md or .html, and refuses other suffixes with exit 2."""
    for name in ("r.md", "r.html"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main, ["report", str(PROJECT / "provisions"), "--out", str(out), "--on", "2026-01-15"]
        )
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").strip()
    result = CliRunner().invoke(main, ["report", "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2


def test_html_report_is_reproducible(registry: accordreg.Registry, page: str) -> None:
    """The same registry and date give the same bytes, so reports diff cleanly."""
    assert html_page(registry, ON) == page


@pytest.mark.parametrize(
    "module", ["matplotlib", "matplotlib.figure", "matplotlib.dates", "matplotlib.patches"]
)
def test_html_report_without_matplotlib_has_tables_and_says_how_to_get_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """Without the report extra (or part of it): the page without charts, one line on stderr."""
    monkeypatch.setitem(sys.modules, module, None)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        main, ["report", str(PROJECT / "provisions"), "--out", str(out), "--on", "2026-01-15"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"note: {out} has no charts; for charts: pip install 'accordreg[report]'\n"
    )
    page = out.read_text(encoding="utf-8")
    assert page.count("<table>") == len(accordreg.load(PROJECT / "provisions").agreements)
    assert "<svg" not in page
    assert "pip install &#x27;accordreg[report]&#x27;" in page


def test_markdown_report_needs_no_matplotlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Markdown report never mentions charts, with or without matplotlib."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = tmp_path / "r.md"
    result = CliRunner().invoke(main, ["report", str(PROJECT / "provisions"), "--out", str(out)])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_html_page_asked_for_charts_without_matplotlib_names_the_extra(
    registry: accordreg.Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library, asked for charts it cannot draw, raises MissingExtra naming the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtra, match=r"accordreg\[report\]"):
        html_page(registry, ON)
