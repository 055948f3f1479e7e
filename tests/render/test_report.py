"""Reports: Markdown tables, and a self-contained HTML page with SVG charts."""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import accordreg
from accordreg._cli import main
from accordreg._errors import MissingExtra
from accordreg._render.report import html_page, markdown
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
    """Each agreement gets a heading (its title) and a table of provisions by title, with the
    latest event's note and sources; the sources are listed at the end."""
    text = markdown(registry, ON)
    # A heading per agreement, and "What changed" and "Sources".
    assert text.count("\n## ") == len(registry.agreements) + 2
    assert "\n## Kuala Lumpur joint declaration\n" in text
    assert (
        "kl-declaration-2025: signed 2025-10-26; suspended since 2025-11-10 by thailand; "
        "on 2026-01-15: level " in text
    )
    assert (
        "| provision | status | level | since | progress | next deadline | to note "
        "| latest event |" in text
    )
    assert 'Past due" means a deadline on record passed' in text
    assert (
        "| Release of the 18 Cambodian soldiers held since July | implemented | 3 | 2025-12-31 "
        "| 18/18 released | — | agreement suspended since 2025-11-10 by thailand "
        "| 2025-12-31: The 18 were released after a one-day delay over "
        "alleged drone flights (some reports say 30 December). (Chiang Rai Times, 2025-12-31) |"
        in text
    )
    assert (
        "| Joint action against scam and cybercrime networks | agreed | none reported "
        "| 2025-10-26 | — | — | agreement suspended since 2025-11-10 by thailand |" in text
    )
    assert "past due 2025-11-06, no completion recorded" in text
    assert "OVERDUE" not in text
    sources = text.split("\n## Sources\n", 1)[1]
    assert "- `chiang-rai-times-2025-12-31`: Report on the release" in sources


def test_reports_open_with_a_headline(registry: accordreg.Registry, page: str) -> None:
    """Both reports start with the figures: provisions per status, past due, no news."""
    line = (
        "On 2026-01-15: 28 provisions of 11 agreements, 27 distinct commitments (10 proposed, "
        "13 agreed, 1 in progress, 3 implemented, 1 reversed); 2 past due "
        "with no completion recorded; 2 with no news for over 90 days before 2025-12-31, the "
        "date up to which sources were read."
    )
    assert markdown(registry, ON).split("\n")[2].startswith(line)
    assert f"<p class=lead>{line}</p>" in page


def test_the_headline_counts_agreements_without_provisions_apart(tmp_path: Path) -> None:
    """An agreement with no provision is said apart: provisions are "of" the others only."""
    root = tmp_path / "provisions"
    shutil.copytree(PROJECT / "provisions", root)
    folder = root / "bare-2026"
    folder.mkdir()
    text = (root / "kl-declaration-2025" / "agreement.yaml").read_text(encoding="utf-8")
    (folder / "agreement.yaml").write_text(
        text.replace("id: kl-declaration-2025", "id: bare-2026"), encoding="utf-8"
    )
    line = markdown(accordreg.load(root), ON).split("\n")[2]
    assert line.startswith("On 2026-01-15: 28 provisions of 11 agreements, 27 distinct")
    assert "1 reversed); 1 more agreement has no provision on record; 2 past due" in line


def test_html_rows_show_titles_ids_and_sourced_notes(page: str) -> None:
    """HTML rows name each provision by title with its id in small print, and link the
    latest event's sources to the list of sources at the end of the page."""
    assert (
        '<td>Release of the 18 Cambodian soldiers held since July<small class="id">'
        "kl-declaration-2025/release-of-18</small></td>" in page
    )
    assert '<a href="#source-chiang-rai-times-2025-12-31">Chiang Rai Times, 2025-12-31</a>' in page
    assert '<li id="source-chiang-rai-times-2025-12-31">' in page


def test_html_timeline_has_one_lane_per_provision(page: str, registry: accordreg.Registry) -> None:
    """The timeline SVG holds a lane (status segments) for every provision, events marked,
    each lane labelled with the provision's title rather than its id."""
    timeline = _svgs(page)[0]
    labels = {
        "".join(t.itertext()).strip() for t in timeline.iter("{http://www.w3.org/2000/svg}text")
    }
    assert "Release of the 18 Cambodian soldiers held…" in labels
    assert "Ceasefire ending the July 2025 border clashes" in labels
    assert not any("/" in label and label in registry.provisions for label in labels)
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
    """Nothing is fetched at view time: no scripts, stylesheets or images from elsewhere
    (links to the sources' own pages are followed only when clicked)."""
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r'src="(https?:)?//', page)
    assert all(
        h.startswith(("#", "https://", "http://")) for h in re.findall(r'href="([^"]*)"', page)
    )
    assert page.count("<table>") == len(accordreg.load(PROJECT / "provisions").agreements)


def test_report_command_writes_both_formats(tmp_path: Path) -> None:
    """report --out FILE writes .md or .html, and refuses other suffixes with exit 2."""
    for name in ("r.md", "r.html"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main,
            [
                "report",
                "--registry",
                str(PROJECT / "provisions"),
                "--out",
                str(out),
                "--on",
                "2026-01-15",
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").strip()
    result = CliRunner().invoke(main, ["report", "--registry", "--out", str(tmp_path / "r.pdf")])
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
        main,
        [
            "report",
            "--registry",
            str(PROJECT / "provisions"),
            "--out",
            str(out),
            "--on",
            "2026-01-15",
        ],
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
    result = CliRunner().invoke(
        main, ["report", "--registry", str(PROJECT / "provisions"), "--out", str(out)]
    )
    assert result.exit_code == 0
    assert result.stderr == ""


def test_html_page_asked_for_charts_without_matplotlib_names_the_extra(
    registry: accordreg.Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library, asked for charts it cannot draw, raises MissingExtra naming the extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtra, match=r"accordreg\[report\]"):
        html_page(registry, ON)


def test_charts_summarise_what_would_be_unreadable(
    registry: accordreg.Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the lane and line limits, the charts count provisions per status over time and
    draw one level line for all the agreements together."""
    from accordreg._render import chart

    monkeypatch.setattr(chart, "LANE_LIMIT", 5)
    monkeypatch.setattr(chart, "LINE_LIMIT", 2)
    ids = sorted(registry.provisions)
    counts = ET.fromstring(chart.status_chart(registry, ids, ON))
    bands = {el.get("id", "") for el in counts.iter() if el.get("id", "").startswith("count--")}
    on_record = {str(s) for pid in ids for s in [registry.status_on(pid, ON)] if s}
    assert {b.split("--")[1] for b in bands} >= on_record
    assert not any(el.get("id", "").startswith("lane--") for el in counts.iter())
    levels = ET.fromstring(chart.levels_chart(registry, sorted(registry.agreements), ON))
    lines = {el.get("id", "") for el in levels.iter() if el.get("id", "").startswith("level--")}
    assert lines == {"level--all"}


def _lane_width(svg: str, gid: str) -> float:
    """The width, in SVG units, of the bar drawn with element id ``gid``."""
    import re

    body = svg.split(f'<g id="{gid}">', 1)[1].split("</g>", 1)[0]
    xs = [float(x) for x in re.findall(r"[ML] ([\d.]+) [\d.]+", body)]
    return max(xs) - min(xs)


def test_a_status_begun_on_the_records_last_day_is_visible(registry: accordreg.Registry) -> None:
    """The release of the 18, implemented on the last day on record, gets a bar of its own
    (at least 3 % of the span), and the legend names states in words."""
    from accordreg._render.chart import timeline_svg

    pids = registry.provision_ids("kl-declaration-2025")
    svg = timeline_svg(registry, pids, ON)
    last = len(registry.provision("kl-declaration-2025/release-of-18").history) - 1
    width = _lane_width(svg, f"lane--kl-declaration-2025.release-of-18--{last}")
    first = _lane_width(svg, "lane--kl-declaration-2025.release-of-18--0")
    assert width >= first * 0.1  # the first status ran 15 days; the last has its own room
    assert width > 8
    assert "resumption agreed" in svg  # the legend's words, not the state's id


def test_the_overall_level_is_the_engines_agreement_level_of_them_all(
    registry: accordreg.Registry,
) -> None:
    """On each day it changes, the all-agreements chart's level is the engine's agreement
    level of every provision together: ratings only, defaults left out."""
    from accordreg._registry.agreement_engine import agreement_level
    from accordreg._registry.engine import at
    from accordreg._render.chart import overall_levels

    series = overall_levels(registry, list(registry.agreements), ON)
    assert series
    for day, level in series:
        facts = (at(registry.timeline(pid), day) for pid in registry.provisions)
        assert level == agreement_level(facts).percent, day
