"""What changed in a window: events with their moves and sources, deadlines past due, no news."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._registry.changes import Changes, PastDue, changes
from accordreg._render.changes import RENDERERS, as_markdown, as_text
from accordreg.testing import registries
from conftest import PROJECT, run

BUNDLED = PROJECT / "provisions"
DEMINING = "kl-declaration-2025/demining"
WITHDRAWAL = "kl-declaration-2025/heavy-weapons-withdrawal"


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(BUNDLED)


@pytest.fixture(scope="module")
def december(registry: accordreg.Registry) -> Changes:
    """The changes of December 2025 in the bundled registry."""
    return changes(registry, date(2025, 12, 1), date(2025, 12, 31))


def test_every_event_dated_in_the_window_is_listed_once(
    registry: accordreg.Registry, december: Changes
) -> None:
    """The digest holds exactly the events dated in the window, both ends included."""
    expected = sorted(
        (e.on, p.id)
        for p in registry.provisions.values()
        for e in p.history
        if date(2025, 12, 1) <= e.on <= date(2025, 12, 31)
    )
    assert [(e.on, e.provision) for e in december.events] == expected
    assert len(december.events) == 18


def test_an_event_carries_its_move_level_sources_and_note(december: Changes) -> None:
    """Each event says from which status to which, the level before and after, who says so."""
    (event,) = [e for e in december.events if e.provision == DEMINING]
    # The 3rd Special GBC's decision on the declaration's demining: news in the same status
    # (the suspension of 10 November is the declaration's, not an event of the provision).
    assert (event.from_status, event.to_status) == ("agreed", "agreed")
    assert (event.from_level, event.to_level) == (0, 0)
    assert event.seq == 2
    assert event.note is not None
    assert event.note.startswith("The 3rd Special GBC statement says demining continues")
    (thai, _) = event.sources
    assert thai.id == "thai-government-gbc-2025-12-27"
    assert thai.publisher == "Thai government PR"
    assert thai.reliability == "official"
    assert thai.title is not None
    assert thai.title.startswith("Joint Statement")


def test_a_first_event_has_no_status_before_it(december: Changes) -> None:
    """A provision entering the record in the window moves from nothing."""
    first = [e for e in december.events if e.provision == "gbc-2025-12-27/ceasefire"]
    assert [(e.first, e.from_status, e.to_status) for e in first] == [(True, None, "agreed")]


def test_deadlines_that_passed_with_no_completion_are_listed_on_the_day_after(
    registry: accordreg.Registry,
) -> None:
    """A deadline becomes past due the day after it is due, while the provision is not done."""
    found = changes(registry, date(2025, 11, 1), date(2025, 11, 30)).past_due
    assert [(p.provision, p.label, p.since, p.status) for p in found] == [
        ("gbc-2025-10-23/cyber-scam-action-plan", "Task force formed", date(2025, 11, 7), "agreed"),
        (WITHDRAWAL, "Phase 1", date(2025, 11, 22), "in_progress"),
    ]
    # Dated by the day each status began; the withdrawal was under way by its own record
    # (its agreement's suspension is not a status of the provision).
    assert [p.status_since for p in found] == [date(2025, 10, 23), date(2025, 11, 1)]
    assert (
        found[1].words
        == "past due 2025-11-21 while the agreement was suspended, no completion recorded"
    )
    # Done the day after it was due: never past due in the record's own terms.
    late = changes(registry, date(2025, 12, 28), date(2026, 1, 31)).past_due
    assert all(p.provision != "kl-declaration-2025/release-of-18" for p in late)


def test_a_deadline_past_due_before_the_window_is_not_news_in_it(
    registry: accordreg.Registry,
) -> None:
    """Only the day it became past due counts: a window after that lists it no more."""
    assert changes(registry, date(2025, 11, 23), date(2025, 12, 31)).past_due == ()


def test_no_news_follows_the_registry_threshold_at_the_window_end(
    registry: accordreg.Registry, december: Changes
) -> None:
    """Provisions not done with no event for over stale_after_days by the end are listed."""
    assert december.stale_after_days == registry.settings.stale_after_days == 90
    assert [(n.provision, n.status, n.last_event, n.days) for n in december.no_news] == [
        ("gbc-2025-08-07/observer-team", "agreed", date(2025, 8, 7), 146),
        ("gbc-2025-08-07/prisoner-release", "agreed", date(2025, 8, 7), 146),
    ]


def test_progress_before_and_after_is_reported(registry_dir: Path) -> None:
    """An event that records progress shows it against the target known on its date."""
    path = registry_dir / "kl-declaration-2025" / "release.yaml"
    own = "sources:\n  - pax-2850\nhistory:"
    text = path.read_text().replace(own, "terms:\n  count: 18\n" + own)
    path.write_text(text + "    progress: 18\n")
    (event,) = changes(registry_dir, date(2025, 12, 31), date(2025, 12, 31)).events
    assert event.from_progress is None
    assert str(event.to_progress) == "18/18 released"
    assert "progress 18/18 released" in as_text(changes(registry_dir, event.on, event.on))


def test_a_window_that_ends_before_it_starts_is_refused(registry: accordreg.Registry) -> None:
    """since after until raises ValueError rather than returning an empty digest."""
    with pytest.raises(ValueError, match="before it starts"):
        changes(registry, date(2025, 12, 2), date(2025, 12, 1))


def test_the_library_takes_a_path_too() -> None:
    """accordreg.changes loads a registry folder by itself."""
    result = accordreg.changes(BUNDLED, date(2025, 12, 8), date(2025, 12, 8))
    assert isinstance(result, accordreg.Changes)
    assert [e.provision for e in result.events] == ["putrajaya-ceasefire-2025/ceasefire"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    registries(),
    st.dates(date(1990, 1, 1), date(2036, 12, 31)),
    st.integers(0, 4000),
    st.integers(0, 4000),
)
def test_a_window_is_the_union_of_any_split_of_it(
    registry: accordreg.Registry, start: date, cut: int, length: int
) -> None:
    """changes() over a window equals the union of changes() over two halves of a split."""
    end = start + timedelta(days=max(cut, length))
    middle = start + timedelta(days=min(cut, length))
    whole = changes(registry, start, end)
    first = changes(registry, start, middle)
    second = changes(registry, middle + timedelta(days=1), end) if middle < end else None
    rest_events = second.events if second else ()
    rest_due = second.past_due if second else ()

    def order(p: PastDue) -> tuple[date, str, date, str]:
        return (p.since, p.provision, p.due, p.label)

    assert whole.events == first.events + rest_events
    assert whole.past_due == tuple(sorted(first.past_due + rest_due, key=order))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), st.dates(date(1990, 1, 1), date(2036, 12, 31)))
def test_every_format_renders_any_window(registry: accordreg.Registry, start: date) -> None:
    """Each renderer handles any registry's window and ends with a newline; JSON parses."""
    result = changes(registry, start, start + timedelta(days=400))
    for render in RENDERERS.values():
        assert render(result).endswith("\n")
    assert len(json.loads(RENDERERS["json"](result))["events"]) == len(result.events)


def test_markdown_digest_groups_by_agreement_with_linked_sources(december: Changes) -> None:
    """The digest has a heading per agreement, one item per event, sources linked."""
    text = as_markdown(december)
    assert text.startswith("# What changed, 2025-12-01 to 2025-12-31\n")
    assert "## Kuala Lumpur joint declaration (`kl-declaration-2025`)" in text
    assert (
        "- **2025-12-27** · Demining "
        "(`kl-declaration-2025/demining`): agreed → agreed; no work reported." in text
    )
    assert "*PA-X 2878: Joint Statement" in text
    # The domain written so that no autolinker makes a link of it (see safe.markdown_text).
    assert "(PA-X (peaceagreements&#46;org), official)" in text
    assert "## No news" in text


def test_json_carries_dates_and_progress_as_text(december: Changes) -> None:
    """JSON has ISO dates and the window's parts."""
    data = json.loads(RENDERERS["json"](december))
    assert (data["since"], data["until"]) == ("2025-12-01", "2025-12-31")
    assert data["events"][0]["on"] == "2025-12-08"
    assert data["no_news"][0]["last_event"] == "2025-08-07"


def test_changes_command_prints_each_format() -> None:
    """`accordreg changes PATH --since --until` prints text, markdown or json, exit 0."""
    code, out = run(
        "changes", "--registry", str(BUNDLED), "--since", "2025-12-01", "--until", "2025-12-31"
    )
    assert code == 0
    assert out.startswith("What changed from 2025-12-01 to 2025-12-31\n")
    assert "  2025-12-27  demining: agreed -> agreed; no work reported" in out
    assert out.count("  2025-12-08  the agreement: in force -> in force") == 1
    json_format = ["--format", "json"]
    code, out = run(
        "changes",
        "--registry",
        str(BUNDLED),
        "--since",
        "2025-12-01",
        "--until",
        "2025-12-31",
        *json_format,
    )
    assert code == 0
    assert len(json.loads(out)["events"]) == 18


def test_changes_command_refuses_a_backwards_window() -> None:
    """--until before --since is a usage error (exit 2)."""
    code, out = run(
        "changes", "--registry", str(BUNDLED), "--since", "2025-12-02", "--until", "2025-12-01"
    )
    assert code == 2
    assert "before --since" in out


def test_report_has_a_what_changed_section_unless_told_otherwise(tmp_path: Path) -> None:
    """`report` shows the last N days' changes (30 by default); --changes-days 0 drops them."""
    out = tmp_path / "r.md"
    code, _ = run("report", "--registry", str(BUNDLED), "--out", str(out), "--on", "2026-01-15")
    assert code == 0
    text = out.read_text()
    assert "## What changed in the last 30 days\n" in text
    assert "### Kuala Lumpur joint declaration (`kl-declaration-2025`)" in text
    code, _ = run(
        "report",
        "--registry",
        str(BUNDLED),
        "--out",
        str(out),
        "--on",
        "2026-01-15",
        "--changes-days",
        "0",
    )
    assert "What changed" not in out.read_text()
    html = tmp_path / "r.html"
    code, _ = run(
        "report",
        "--registry",
        str(BUNDLED),
        "--out",
        str(html),
        "--on",
        "2026-01-15",
        "--changes-days",
        "10",
    )
    assert '<h2 id="what-changed">What changed in the last 10 days</h2>' in html.read_text()
