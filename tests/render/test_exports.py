"""Exports: CSV tables, JSON lines with nested histories, and the pandas frame."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

import accordreg
from accordreg._errors import MissingExtra
from accordreg._registry.flat_tables import EVENT_COLUMNS, PROVISION_COLUMNS
from conftest import BASE, PROJECT, run

ON = date(2026, 1, 15)


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(PROJECT / "provisions")


def test_csv_export_writes_provisions_and_events(tmp_path: Path) -> None:
    """--format csv writes a provisions table and, beside it, an events table."""
    out = tmp_path / "status.csv"
    code, text = run(
        "export", "--registry", str(PROJECT / "provisions"), "--out", str(out), "--on", "2026-01-15"
    )
    assert code == 0, text
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    columns = tuple(rows[0])
    assert columns[: len(PROVISION_COLUMNS)] == PROVISION_COLUMNS
    assert all(c.startswith("term_") for c in columns[len(PROVISION_COLUMNS) :])
    assert "term_count" in columns
    release = next(r for r in rows if r["id"] == "kl-declaration-2025/release-of-18")
    assert (release["status"], release["level"], release["since"]) == (
        "implemented",
        "3",
        "2025-12-31",
    )
    assert release["pax_agreement"] == "2850"
    events = list(csv.DictReader(io.StringIO((tmp_path / "status-events.csv").read_text())))
    assert tuple(events[0]) == EVENT_COLUMNS
    mine = [e for e in events if e["provision"] == "kl-declaration-2025/release-of-18"]
    assert [e["status"] for e in mine] == [
        "agreed",
        "suspended",
        "resumption_agreed",
        "implemented",
    ]


def test_jsonl_nests_the_history(tmp_path: Path) -> None:
    """--format jsonl writes one object per provision with its events nested."""
    out = tmp_path / "status.jsonl"
    code, _ = run(
        "export",
        "--registry",
        str(BASE),
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--on",
        "2025-11-15",
    )
    assert code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [
        "kl-declaration-2025/release",
        "kl-declaration-2025/withdrawal",
    ]
    release = lines[0]
    assert release["status"] == "suspended"
    # Only the events up to the export date.
    assert [e["status"] for e in release["history"]] == ["agreed", "suspended"]


def test_to_frame_gives_a_dataframe_indexed_by_id(registry: accordreg.Registry) -> None:
    """Registry.to_frame() is one line to pandas, with dates as datetimes."""
    pd = pytest.importorskip("pandas")
    frame = registry.to_frame(ON)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(registry.provisions)
    assert frame.loc["kl-declaration-2025/release-of-18", "status"] == "implemented"
    assert str(frame["since"].dtype).startswith("datetime64")
    # A missing level is "not rated" (or nothing on record yet), never 0.
    unrated = {pid for pid in registry.provisions if registry.level_on(pid, ON) is None}
    assert set(frame.index[frame["level"].isna()]) == unrated


def test_to_frame_without_pandas_names_the_extra(
    registry: accordreg.Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pandas, to_frame raises a clear error naming accordreg[pandas]."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"accordreg\[pandas\]"):
        registry.to_frame(ON)
