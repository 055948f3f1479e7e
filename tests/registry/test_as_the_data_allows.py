"""Each view says what the data supports and no more, on a small registry of its own.

The registry: a ceasefire accord of 2024 with a release of detainees, a withdrawal, a
joint commission and a hotline; its sources end on 30 June 2024.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import accordreg
from conftest import run

HORIZON = date(2024, 6, 30)


def _event(on: str, status: str, **more: Any) -> dict[str, Any]:
    return {"on": on, "status": status, "sources": ["minutes"], **more}


def _provision(name: str, history: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "kind": "provision",
        "id": f"accord/{name}",
        "agreement": "accord",
        "title": name.replace("-", " ").capitalize(),
        "category": "detainee_release",
        "text": "As agreed.",
        "responsible": ["north", "south"],
        "sources": ["minutes"],
        "history": history,
        **more,
    }


RECORDS: dict[str, dict[str, Any]] = {
    "sources/minutes.yaml": {
        "kind": "source",
        "id": "minutes",
        "title": "Minutes",
        "reliability": "official",
        "date": "2024-01-10",
    },
    "sources/final.yaml": {
        "kind": "source",
        "id": "final",
        "title": "Final report",
        "reliability": "press",
        "date": HORIZON.isoformat(),
    },
    "parties/north.yaml": {
        "kind": "party",
        "id": "north",
        "name": "North",
        "type": "state",
        "note": "Suspended the withdrawal in March.",
    },
    "parties/south.yaml": {"kind": "party", "id": "south", "name": "South", "type": "state"},
    "accord/agreement.yaml": {
        "kind": "agreement",
        "id": "accord",
        "title": "Ceasefire accord",
        "date_signed": "2024-01-10",
        "sources": ["minutes"],
        "note": "Broken by fighting in May.",
    },
    # Agreed, nothing reported since: a default level, and news aged to the horizon.
    "accord/hotline.yaml": _provision(
        "hotline",
        [_event("2024-01-10", "agreed")],
        category="hotline",
        note="Never set up, by June.",
    ),
    # Suspended by the north alone, before its deadline fell due.
    "accord/withdrawal.yaml": _provision(
        "withdrawal",
        [
            _event("2024-01-10", "agreed"),
            _event("2024-02-01", "in_progress"),
            _event("2024-03-01", "suspended", party="north", note="North suspends in March."),
            _event("2024-03-20", "suspended", note="Still suspended."),
        ],
        category="heavy_weapons_withdrawal",
        deadlines=[{"label": "all heavy weapons out", "due": "2024-03-10"}],
    ),
    # Implemented, then undone.
    "accord/release.yaml": _provision(
        "release",
        [
            _event("2024-01-10", "agreed"),
            _event("2024-02-15", "implemented"),
            _event("2024-05-02", "reversed"),
        ],
    ),
    # The same commitment as the release, recorded again later: its news is the release's.
    "accord/commission.yaml": _provision(
        "commission",
        [_event("2024-01-10", "agreed")],
        category="joint_task_force",
        same_as=["accord/release"],
    ),
}


def _write(folder: Path, records: dict[str, dict[str, Any]], settings: str = "") -> Path:
    for name, data in records.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if settings:
        (folder / "accordreg.yaml").write_text(settings, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The small registry, written out."""
    return _write(tmp_path / "reg", RECORDS)


def test_the_horizon_is_the_latest_source_or_event_date(folder: Path) -> None:
    """Without a declared horizon, it is the latest date any source or event carries."""
    assert accordreg.load(folder).horizon == HORIZON


def test_a_declared_horizon_wins(tmp_path: Path) -> None:
    """`horizon:` in accordreg.yaml says how far the sources were read."""
    folder = _write(tmp_path / "reg", RECORDS, "kind: settings\nhorizon: 2024-08-31\n")
    registry = accordreg.load(folder)
    assert registry.horizon == date(2024, 8, 31)
    assert registry.standing("accord/hotline", date(2030, 1, 1)).news_age == 234


def test_no_news_is_aged_to_the_horizon_not_to_today(folder: Path) -> None:
    """A view of a date long after the horizon ages the news to the horizon."""
    registry = accordreg.load(folder)
    later = registry.standing("accord/hotline", date(2026, 12, 7))
    assert later.last_news == date(2024, 1, 10)
    assert later.news_age == (HORIZON - date(2024, 1, 10)).days
    assert later.stale
    code, out = run("status", "--registry", str(folder), "--on", "2026-12-07")
    assert code == 0
    assert "Sources read up to 2024-06-30." in out
    assert "Nothing after 2024-06-30 was read" in out
    assert "no news since 2024-01-10 (172 days)" in out


def test_news_of_the_same_commitment_elsewhere_counts(folder: Path) -> None:
    """An event of a `same_as` provision is news of this one: the commission is not quiet."""
    registry = accordreg.load(folder)
    commission = registry.standing("accord/commission", HORIZON)
    assert commission.last_event == date(2024, 1, 10)
    assert commission.last_news == date(2024, 5, 2)
    assert not commission.stale


def test_an_event_without_a_party_is_not_each_partys_act(folder: Path) -> None:
    """Only the north suspended; the south has no standing of its own, and says so."""
    registry = accordreg.load(folder)
    parties = registry.parties_on("accord/withdrawal", HORIZON)
    assert parties["north"] is not None
    assert parties["north"].status == "suspended"
    assert parties["south"] is None
    code, out = run("show", "accord/withdrawal", "--registry", str(folder), "--on", "2024-06-30")
    assert code == 0
    assert "north: suspended since 2024-03-01" in out
    assert "south: no event names it" in out
    assert "south: suspended" not in out


def test_a_status_is_dated_the_day_it_began(folder: Path) -> None:
    """A repeated status (news) does not move its start: suspended since 1 March."""
    registry = accordreg.load(folder)
    assert registry.standing("accord/withdrawal", HORIZON).since == date(2024, 3, 1)


def test_a_digest_dates_a_past_due_status_by_its_start(folder: Path) -> None:
    """`changes` says the status and the day it began, not the day after the due date."""
    code, out = run(
        "changes", "--registry", str(folder), "--since", "2024-01-01", "--until", "2024-06-30"
    )
    assert code == 0
    line = next(x for x in out.splitlines() if "all heavy weapons out" in x)
    assert "past due 2024-03-10 while suspended, no completion recorded" in line
    assert "(suspended since 2024-03-01)" in line
    assert "2024-03-11" not in line


def test_a_deadline_due_during_a_suspension_says_so(folder: Path) -> None:
    """The standing and every flag say the deadline fell due while the work was suspended."""
    s = accordreg.load(folder).standing("accord/withdrawal", HORIZON)
    assert s.missed_while == "suspended"
    assert s.past_due == "past due 2024-03-10 while suspended, no completion recorded"


def test_an_as_of_view_leaves_out_what_was_written_later(folder: Path) -> None:
    """A card of February shows no later event note and leaves the record's note out."""
    code, out = run("show", "accord/withdrawal", "--registry", str(folder), "--on", "2024-02-10")
    assert code == 0
    assert "North suspends" not in out
    assert "Still suspended" not in out
    code, out = run("show", "accord/hotline", "--registry", str(folder), "--on", "2024-02-10")
    assert "Never set up" not in out
    assert "Note: left out (written with the sources read up to 2024-06-30" in out
    code, out = run("show", "accord/hotline", "--registry", str(folder), "--on", "2024-06-30")
    assert "Never set up, by June." in out
    _, out = run("show", "north", "--registry", str(folder), "--on", "2024-02-10")
    assert "Suspended the withdrawal" not in out


def test_a_site_of_an_earlier_date_leaves_out_what_was_written_later(
    folder: Path, tmp_path: Path
) -> None:
    """The site's pages of February show no later note: not the record's, the agreement's or
    a party's, nor a later event's."""
    from accordreg._render.site import build

    out = tmp_path / "site"
    build(accordreg.load(folder), out, date(2024, 2, 10), charts=False)
    pages = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    later = ("Never set up", "Broken by fighting", "Suspended the withdrawal", "North suspends")
    for text in later:
        assert text not in pages, text
    assert "Note left out" in pages


def test_a_card_of_a_date_after_the_horizon_says_so(folder: Path) -> None:
    """A card of a date after the horizon says that nothing later is on record."""
    _, out = run("show", "accord/hotline", "--registry", str(folder), "--on", "2025-03-01")
    assert "sources read up to 2024-06-30: nothing later is on record" in out


def test_a_default_level_is_not_a_finding(folder: Path) -> None:
    """Agreed with nothing reported is "no work reported", never "level 0 (not initiated)"."""
    _, out = run("show", "accord/hotline", "--registry", str(folder), "--on", "2024-06-30")
    assert "no work reported" in out
    assert "not initiated" not in out
    _code, out = run("status", "--registry", str(folder), "--on", "2024-06-30", "--format", "json")
    hotline = next(r for r in json.loads(out) if r["id"] == "accord/hotline")
    assert (hotline["level"], hotline["level_basis"]) == (0, "default")


def test_an_agreements_level_says_what_it_rests_on(folder: Path) -> None:
    """The percentage counts ratings only, and says how many provisions are rated and how."""
    level = accordreg.load(folder).agreement_level("accord", date(2024, 2, 20))
    # The withdrawal in progress (1, by status) and the release implemented (3, by status).
    assert level.percent == pytest.approx(200 / 3)
    assert (level.rated, level.provisions) == (2, 4)
    assert str(level) == "level 67% (2 of 4 provisions rated: 2 by status)"


def test_a_reversed_provision_no_longer_counts_as_implemented(folder: Path) -> None:
    """Once undone, the release is at level 0, and the agreement's level falls with it."""
    registry = accordreg.load(folder)
    assert registry.level_on("accord/release", date(2024, 5, 2)) == 0
    before = registry.agreement_level_on("accord", date(2024, 5, 1))
    after = registry.agreement_level_on("accord", date(2024, 5, 2))
    assert before is not None
    assert after is not None
    assert after < before


def test_a_registry_of_what_was_agreed_tracks_no_implementation(tmp_path: Path) -> None:
    """With `tracks_implementation: false`, no percentage and no "no news": "not tracked"."""
    folder = _write(tmp_path / "reg", RECORDS, "kind: settings\ntracks_implementation: false\n")
    registry = accordreg.load(folder)
    assert registry.agreement_level_on("accord", HORIZON) is None
    assert not registry.standing("accord/hotline", HORIZON).stale
    _, out = run("status", "--registry", str(folder), "--on", "2024-06-30")
    assert "implementation not tracked" in out
    assert "no news" not in out
    assert "%" not in out
    _code, out = run("status", "--registry", str(folder), "--on", "2024-06-30", "--format", "json")
    assert all(r["no_news"] is None and r["level"] is None for r in json.loads(out))
