"""`accordreg show` and `accordreg history`: cards and event lists."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

import accordreg
from accordreg._cli import main
from accordreg._render.cards import card, history_rows, history_text
from conftest import BASE, PROJECT, run

REL = "kl-declaration-2025/release"


def test_provision_card_has_every_section() -> None:
    """The card shows text, parties, locations, deadlines, standing (with what its agreement
    was doing), history, sources."""
    registry = accordreg.load(PROJECT / "provisions")
    text = card(registry, "kl-declaration-2025/heavy-weapons-withdrawal", date(2025, 11, 25))
    for part in (
        "Withdrawal of heavy weapons from the border",
        "Kingdom of Cambodia (cambodia)",
        "ASEAN Observer Team (AOT) (asean-observer-team)",
        "location       KHM",
        "2025-11-01 → 2025-11-21 Phase 1",
        "in_progress since 2025-11-01; level 1 (minimal, by status)",
        "agreement suspended since 2025-11-10 by thailand",
        "past due 2025-11-21 while the agreement was suspended, no completion recorded",
        "2025-11-01  in_progress       level 1 (minimal, by status)  (concerns cambodia)",
        "Cambodia began pulling back BM-21 launchers and 155 mm guns.",
        "[united-daily-withdrawal-2025-11-01]",
        "[pax-page-2850]",
    ):
        assert part in text, part


def test_agreement_party_and_source_cards() -> None:
    """Agreements, parties and sources have cards too."""
    registry = accordreg.load(PROJECT / "provisions")
    agreement = card(registry, "kl-declaration-2025", date(2026, 1, 15))
    for part in ("Hun Manet", "witness", "release-of-18", "implemented"):
        assert part in agreement
    assert "Responsible for or verifying" in card(registry, "thailand", date(2026, 1, 1))
    assert "unverified" in card(registry, "article-chanthaburi-talks-2025-12", date(2026, 1, 1))


def test_history_json_lists_events_with_levels_in_force() -> None:
    """history --format json gives on, status, level, note and source ids per event."""
    code, out = run("history", REL, "--registry", str(BASE), "--format", "json")
    assert code == 0
    events = json.loads(out)
    assert [(e["on"], e["status"], e["level"]) for e in events] == [
        ("2025-10-26", "agreed", 0),
        ("2025-11-10", "suspended", 0),
        ("2025-12-27", "in_progress", 1),
        ("2025-12-31", "implemented", 3),
    ]
    assert events[1]["sources"] == ["hurriyet-daily-news-2025-11-10"]
    keys = {"on", "status", "level", "level_basis", "party", "progress", "progress_text", "terms"}
    assert set(events[0]) == keys | {"note", "sources"}
    # Agreed with nothing reported: a default, said to be one.
    assert [e["level_basis"] for e in events] == ["default", "default", "status", "status"]


def test_history_keeps_not_rated_distinct_from_zero(registry_dir: Path) -> None:
    """A level set to null stays null in the history, and is never shown as 0."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    release.write_text(
        release.read_text().replace("status: suspended\n", "status: suspended\n    level: null\n")
    )
    registry = accordreg.load(registry_dir)
    assert [row["level"] for row in history_rows(registry, REL)] == [0, None, 1, 3]
    assert "2025-11-10  suspended         not rated" in history_text(registry, REL)


def test_show_and_history_text() -> None:
    """show and history print readable text for a known id."""
    code, out = run("show", REL, "--registry", str(BASE), "--on", "2025-11-15")
    assert code == 0
    assert out.startswith(REL)
    code, out = run("history", REL, "--registry", str(BASE))
    assert code == 0
    assert "2025-12-31  implemented       level 3" in out


def test_unknown_id_suggests_and_exits_1() -> None:
    """An unknown id gets did-you-mean and exit 1, for show and for history."""
    for verb in ("show", "history"):
        result = CliRunner().invoke(
            main, [verb, "kl-declaration-2025/relase", "--registry", str(BASE)]
        )
        assert result.exit_code == 1
        assert "did you mean 'kl-declaration-2025/release'" in result.output
    result = CliRunner().invoke(main, ["history", "release", "--registry", str(BASE)])
    assert "did you mean 'kl-declaration-2025/release'" in result.output


def test_history_shows_progress_and_terms_an_event_records(registry_dir: Path) -> None:
    """Each event's progress (against the target known then) and the terms it changes are
    in the history, text and JSON, and a level read from progress says so."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    text = release.read_text().replace(
        "sources:\n  - pax-2850\nhistory:", "terms:\n  count: 18\nsources:\n  - pax-2850\nhistory:"
    )
    release.write_text(text + "    progress: 18\n    terms:\n      count: 18\n")
    registry = accordreg.load(registry_dir)
    rows = history_rows(registry, REL)
    assert (rows[-1]["progress"], rows[-1]["progress_text"]) == (18, "18/18 released")
    assert rows[-1]["terms"] == {"count": "18"}
    out = history_text(registry, REL)
    assert "progress: 18/18 released" in out
    assert "terms from this date: count: 18" in out
    assert "level 3 (full, by progress)" in out
