"""The provision filters shared by `status`, `export` and `report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT, run

BUNDLED = str(PROJECT / "provisions")
ON = "2026-01-15"


def _ids(*filters: str) -> list[str]:
    code, out = run("status", "--registry", BUNDLED, "--on", ON, "--format", "json", *filters)
    assert code == 0, out
    return [row["id"] for row in json.loads(out)]


def test_agreement_keeps_that_agreements_provisions_only() -> None:
    """--agreement ID lists exactly the agreement's own provisions."""
    ids = _ids("--agreement", "kl-declaration-2025")
    assert ids
    assert all(i.startswith("kl-declaration-2025/") for i in ids)
    assert (
        len(ids) == len(list((PROJECT / "provisions" / "kl-declaration-2025").glob("*.yaml"))) - 1
    )


def test_category_keeps_that_category_and_repeats_for_several() -> None:
    """--category keeps provisions of that category; given twice, of either."""
    demining = _ids("--category", "demining")
    survey = _ids("--category", "boundary_survey")
    both = _ids("--category", "demining", "--category", "boundary_survey")
    assert demining
    assert survey
    assert sorted(both) == sorted(demining + survey)
    assert all("demin" in i for i in demining)


def test_filters_combine_as_and() -> None:
    """--agreement with --category keeps what both keep."""
    ids = _ids("--agreement", "kl-declaration-2025", "--category", "demining")
    assert ids == ["kl-declaration-2025/demining"]


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--category", "deminig", "did you mean 'demining'?"),
        ("--agreement", "kl-declaration-2052", "did you mean 'kl-declaration-2025'?"),
        ("--country", "SUD", "did you mean 'SDN' (Sudan)?"),
        ("--pax-code", "StBorr", "did you mean 'StBor'?"),
    ],
)
def test_a_misspelt_filter_is_a_usage_error_with_a_hint(
    option: str, value: str, expected: str
) -> None:
    """A word or id the registry does not have: exit 2, the option named, a did-you-mean."""
    code, out = run("status", "--registry", BUNDLED, option, value)
    assert code == 2
    assert option in out
    assert expected in out
    assert "Traceback" not in out


def test_report_takes_the_filters(tmp_path: Path) -> None:
    """A filtered Markdown report has the chosen agreement's table and no other."""
    out = tmp_path / "r.md"
    code, text = run(
        "report",
        "--registry",
        BUNDLED,
        "--out",
        str(out),
        "--on",
        ON,
        "--agreement",
        "gbc-2025-10-23",
    )
    assert code == 0, text
    report = out.read_text()
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    assert headings[-1] == "## Sources"
    assert len([h for h in headings if h != "## Sources" and "What changed" not in h]) == 1
    assert "4 provisions of 1 agreement " in report
    assert "General Border Committee meeting of 23 October 2025" in report
    assert "Kuala Lumpur" not in report


def test_report_with_a_category_reports_only_that_category(tmp_path: Path) -> None:
    """Every provision row of a report filtered by category is of that category."""
    out = tmp_path / "r.md"
    code, _ = run(
        "report", "--registry", BUNDLED, "--out", str(out), "--on", ON, "--category", "demining"
    )
    assert code == 0
    rows = [line for line in out.read_text().splitlines() if line.startswith("| ")]
    rows = [r for r in rows if not r.startswith("| provision")]
    assert len(rows) == len(_ids("--category", "demining"))


def test_a_filtered_report_says_how_fresh_its_own_provisions_are(tmp_path: Path) -> None:
    """The latest event a filtered report names is its provisions' latest, not the registry's."""
    out = tmp_path / "r.md"
    code, _ = run(
        "report", "--registry", BUNDLED, "--out", str(out), "--agreement", "gbc-2025-09-10"
    )
    assert code == 0
    assert "Latest recorded event: 2025-09-10." in out.read_text()


def test_a_report_that_keeps_nothing_says_so_and_draws_nothing(tmp_path: Path) -> None:
    """A filter that keeps no provision gives a page that says there is nothing to chart."""
    out = tmp_path / "r.html"
    code, text = run(
        "report", "--registry", BUNDLED, "--out", str(out), "--process", "no such process"
    )
    assert code == 0, text
    assert "nothing to chart" in out.read_text()
    assert "Warning" not in text


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_report_dated_out_of_range_is_a_usage_error(day: str, tmp_path: Path) -> None:
    """Report dates far outside any peace process are refused in one line, exit 2."""
    code, text = run("report", "--registry", BUNDLED, "--out", str(tmp_path / "r.md"), "--on", day)
    assert code == 2
    assert "reports cover" in text
    assert "Traceback" not in text
