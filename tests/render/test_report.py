"""Reports: Markdown tables, and a self-contained HTML page with SVG charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import accordreg
from accordreg.cli import main
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
        "| 3 | 2025-12-31 | — | — |  |" in text
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


def test_html_is_self_contained(page: str) -> None:
    """Nothing is fetched at view time: no scripts, stylesheets or images from elsewhere."""
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count("<table>") == 6


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
