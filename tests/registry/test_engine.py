"""What is on record by a date: terms, progress, parties, deadlines, freshness."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._model.lifecycle import DEFAULT_LIFECYCLE
from accordreg._registry.engine import Progress, level_from_progress, timeline

RELEASE = "kl-declaration-2025/release"
ON = date(2026, 1, 15)


def _release(registry_dir: Path, extra: str, terms: str = "") -> accordreg.Registry:
    """The example registry with the release's file given terms and an extra event field."""
    path = registry_dir / "kl-declaration-2025" / "release.yaml"
    text = path.read_text()
    if terms:
        text = text.replace(
            "sources:\n  - pax-2850\nhistory:", f"{terms}sources:\n  - pax-2850\nhistory:"
        )
    path.write_text(text + extra)
    return accordreg.load(registry_dir)


def test_progress_is_what_the_events_record_and_nothing_more(registry_dir: Path) -> None:
    """Progress comes from the last event that records it, against the target known then."""
    registry = _release(registry_dir, "    progress: 18\n", "terms:\n  count: 18\n")
    assert registry.progress_on(RELEASE, date(2025, 12, 30)) is None
    progress = registry.progress_on(RELEASE, ON)
    assert progress == Progress(18.0, 18.0, "released", date(2025, 12, 31))
    assert str(progress) == "18/18 released"
    assert registry.standing(RELEASE, ON).progress == progress


def test_terms_set_by_an_event_are_unknown_before_it(registry_dir: Path) -> None:
    """An event's terms are on record from its date, the provision's from its first event."""
    extra = "    terms:\n      who: soldiers\n"
    registry = _release(registry_dir, extra, "terms:\n  count: 18\n")
    assert registry.terms_on(RELEASE, date(2025, 10, 1)) == {}
    assert registry.terms_on(RELEASE, date(2025, 11, 1)) == {"count": 18}
    assert registry.terms_on(RELEASE, ON) == {"count": 18, "who": "soldiers"}


def test_each_party_stands_where_the_events_about_it_leave_it(registry_dir: Path) -> None:
    """An event naming one party moves that party; a party no event names has no standing
    of its own."""
    path = registry_dir / "kl-declaration-2025" / "withdrawal.yaml"
    event = (
        "  - on: 2025-12-01\n    status: in_progress\n    party: cambodia\n"
        "    sources:\n      - chiang-rai-times-2025-12-31\n"
    )
    path.write_text(path.read_text() + event)
    registry = accordreg.load(registry_dir)
    parties = registry.parties_on("kl-declaration-2025/withdrawal", date(2025, 12, 5))
    assert parties["cambodia"] is not None
    assert parties["cambodia"].status == "in_progress"
    # No event names Thailand: the provision's own events stand for it, not for each party.
    assert parties["thailand"] is None
    assert registry.status_on("kl-declaration-2025/withdrawal", date(2025, 12, 5)) == "in_progress"


def test_a_deadline_set_later_is_not_shown_on_an_earlier_date(registry_dir: Path) -> None:
    """A deadline with `set_on` is neither next nor missed on a date before it was set."""
    path = registry_dir / "kl-declaration-2025" / "release.yaml"
    text = path.read_text().replace(
        "sources:\n  - pax-2850\nhistory:",
        "deadlines:\n  - label: Return\n    due: 2025-12-30\n    set_on: 2025-12-27\n"
        "sources:\n  - pax-2850\nhistory:",
    )
    path.write_text(text)
    registry = accordreg.load(registry_dir)
    assert registry.standing(RELEASE, date(2025, 11, 15)).next_deadline is None
    later = registry.standing(RELEASE, date(2025, 12, 28)).next_deadline
    assert later is not None
    assert later.due == date(2025, 12, 30)


def test_a_missed_deadline_says_what_is_known(registry_dir: Path) -> None:
    """Past due and not done: the date that passed, and that no completion is recorded."""
    registry = accordreg.load(registry_dir)
    standing = registry.standing("kl-declaration-2025/withdrawal", ON)
    # Suspended on 10 November, before it fell due: the flag says so.
    assert standing.past_due == "past due 2025-11-21 while suspended, no completion recorded"


def test_old_news_is_flagged_after_the_registrys_threshold(registry_dir: Path) -> None:
    """A provision with no event for longer than stale_after_days by the horizon has no news;
    done ones not, and a view past the horizon ages nothing further."""
    withdrawal = "kl-declaration-2025/withdrawal"
    assert not accordreg.load(registry_dir).standing(withdrawal, date(2026, 6, 1)).stale
    (registry_dir / "accordreg.yaml").write_text("kind: settings\nhorizon: 2026-06-01\n")
    registry = accordreg.load(registry_dir)
    assert not registry.standing(withdrawal, date(2025, 12, 1)).stale
    assert registry.standing(withdrawal, date(2026, 6, 1)).stale
    assert not registry.standing(RELEASE, date(2026, 6, 1)).stale  # implemented
    assert registry.latest_event(ON) == date(2025, 12, 31)


def test_an_agreements_level_is_a_percentage_of_its_ratings() -> None:
    """Σ levels ÷ (3 × rated provisions), skipping unrated ones and default levels."""
    from accordreg._registry.agreement_engine import agreement_level
    from accordreg._registry.engine import Basis, EventFacts

    def facts(level: int | None, basis: Basis | None) -> EventFacts:
        return EventFacts(1, ON, "x", ON, level, basis, None, None, ON)

    rated = [
        facts(3, Basis.STATUS),
        facts(0, Basis.EVENT),
        facts(None, None),
        facts(1, Basis.PROGRESS),
        facts(2, Basis.EVENT),
        facts(0, Basis.DEFAULT),
    ]
    level = agreement_level(rated)
    assert level.percent == 50.0
    assert (level.rated, level.provisions) == (4, 6)
    assert agreement_level([facts(None, None), facts(0, Basis.DEFAULT)]).percent is None
    assert agreement_level(rated, tracked=False).percent is None


@given(st.floats(0, 1), st.floats(0, 1))
def test_the_progress_rule_never_lowers_the_level_as_more_is_done(a: float, b: float) -> None:
    """More achieved never gives a lower level, and all of it gives full."""
    low, high = sorted((a, b))
    assert level_from_progress(low) <= level_from_progress(high)
    assert level_from_progress(1.0) == 3
    assert level_from_progress(0.0) == 0


@given(st.sampled_from(["in_progress", "implemented", "stalled", "suspended"]), st.floats(0, 2))
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_a_derived_level_is_one_the_status_allows(status: str, share: float) -> None:
    """Whatever the progress, the derived level stays within the status's levels."""
    from accordreg._model.categories import builtin_vocabulary
    from accordreg._model.records import Provision

    moves = {
        "in_progress": ["agreed"],
        "implemented": ["agreed"],
        "stalled": ["agreed", "in_progress"],
        "suspended": ["agreed", "in_progress"],
    }
    history: list[dict[str, object]] = [
        {"on": "2025-01-01", "status": s, "sources": ["x"]} for s in moves[status]
    ]
    history.append({"on": "2025-01-02", "status": status, "sources": ["x"], "progress": share * 10})
    provision = Provision.model_validate(
        {
            "kind": "provision",
            "id": "a/b",
            "agreement": "a",
            "title": "T",
            "category": "detainee_release",
            "text": "T",
            "sources": ["x"],
            "terms": {"count": 10},
            "history": history,
        }
    )
    category = builtin_vocabulary().category("detainee_release")
    level = timeline(provision, category, DEFAULT_LIFECYCLE)[-1].level
    allowed = DEFAULT_LIFECYCLE.levels_for(status)
    assert level in allowed


@given(st.integers(0, 400), st.integers(0, 400))
@settings(suppress_health_check=list(HealthCheck), deadline=None, max_examples=30)
def test_nothing_set_after_a_date_appears_in_its_view(set_after: int, view: int) -> None:
    """For any set_on and any view date, the view shows the deadline only from set_on on."""
    from accordreg._model.records import Provision
    from accordreg._registry.engine import deadlines_on

    start = date(2025, 1, 1)
    provision = Provision.model_validate(
        {
            "kind": "provision",
            "id": "a/b",
            "agreement": "a",
            "title": "T",
            "category": "demining",
            "text": "T",
            "deadlines": [
                {"label": "D", "due": "2026-01-01", "set_on": start + timedelta(set_after)}
            ],
            "sources": ["s"],
            "history": [{"on": start, "status": "agreed", "sources": ["s"]}],
        }
    )
    day = start + timedelta(view)
    assert bool(deadlines_on(provision, day)) == (view >= set_after)
