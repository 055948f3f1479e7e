"""The Python API: load and check, lookup, filters, and standing as of a date."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import Category, Provision, Registry, Status, UnknownIdError, ValidationFailed
from accordreg._model.lifecycle import DEFAULT_LIFECYCLE as LC
from conftest import BASE, copy_base

REL = "kl-declaration-2025/release"
WD = "kl-declaration-2025/withdrawal"


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The example registry, loaded once."""
    return accordreg.load(BASE)


def test_load_returns_a_registry_with_every_record(registry: Registry) -> None:
    """All eleven example records load, sorted into their kinds."""
    assert len(registry) == 11
    assert set(registry.provisions) == {REL, WD}
    assert set(registry.agreements) == {"kl-declaration-2025"}
    assert "thailand" in registry.parties
    assert "pax-2850" in registry.sources


def test_load_raises_validation_failed_with_every_diagnostic(registry_dir: Path) -> None:
    """A broken registry raises ValidationFailed carrying all its diagnostics."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    release.write_text(release.read_text().replace("title:", "titel:").replace("agreed", "done"))
    with pytest.raises(ValidationFailed) as info:
        accordreg.load(registry_dir)
    assert sorted(d.code for d in info.value.diagnostics) == ["S001", "S004"]


def test_check_never_raises_for_bad_data(tmp_path: Path) -> None:
    """check() returns diagnostics for missing paths and garbage instead of raising."""
    (tmp_path / "x.yaml").write_bytes(b"\x00\xff")
    codes = sorted(d.code for d in accordreg.check([tmp_path, tmp_path / "missing"]))
    assert codes == ["F003", "F004"]


def test_lookup_by_id_and_kind(registry: Registry) -> None:
    """Records are found by id, generically or by kind."""
    assert registry[REL].kind == "provision"
    assert registry.provision(REL).category is Category.DETAINEE_RELEASE
    assert registry.party("thailand").country == "THA"
    assert registry.get("nope") is None
    assert registry.path_of(REL).name == "release.yaml"


def test_unknown_id_suggests_close_ids(registry: Registry) -> None:
    """An unknown id raises UnknownIdError with did-you-mean suggestions."""
    with pytest.raises(UnknownIdError) as info:
        registry.provision("kl-declaration-2025/releese")
    assert info.value.suggestions[0] == REL
    with pytest.raises(UnknownIdError) as info:
        registry.provision("release")
    assert REL in info.value.suggestions
    with pytest.raises(KeyError):
        registry.provision("thailand")


def test_a_lookup_of_the_wrong_kind_says_what_the_id_is(registry: Registry) -> None:
    """Asking for a provision by a party's id says it is a party; bad arguments are named."""
    with pytest.raises(UnknownIdError, match="'thailand' is a party, not a provision"):
        registry.provision("thailand")
    with pytest.raises(UnknownIdError, match="no agreement with id 'nope'"):
        registry.agreement("nope")
    with pytest.raises(TypeError, match="id is text, not int"):
        registry.provision(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no record kind 'provisions' \\(did you mean"):
        registry.records_of("provisions")
    with pytest.raises(ValueError, match="no record kind 'bogus'"):
        registry.suggest("x", "bogus")
    with pytest.raises(ValueError, match="not a record model"):
        registry.suggest("x", int)  # type: ignore[arg-type]
    assert registry.suggest("thailnd", "party") == ["thailand"]


def test_status_and_level_as_of_dates(registry: Registry) -> None:
    """status_on and level_on replay the history up to the date asked."""
    assert registry.status_on(REL, date(2025, 10, 1)) is None
    assert registry.status_on(REL, date(2025, 10, 26)) is Status.AGREED
    assert registry.status_on(REL, date(2025, 11, 15)) is Status.SUSPENDED
    assert registry.status_on(REL, date(2026, 1, 15)) is Status.IMPLEMENTED
    assert registry.level_on(REL, date(2025, 11, 15)) == 0
    assert registry.level_on(REL, date(2025, 12, 28)) == 1
    assert registry.level_on(REL, date(2026, 1, 15)) == 3


def test_agreement_level_on_a_date(registry: Registry) -> None:
    """An agreement's level is Σ levels ÷ (3 × rated provisions), in percent: agreed with no
    work reported is no rating, and the release implemented is 3 of 3."""
    assert registry.agreement_level_on("kl-declaration-2025", date(2025, 11, 1)) is None
    assert registry.agreement_level_on("kl-declaration-2025", date(2026, 1, 15)) == 100.0
    assert registry.agreement_level_on("kl-declaration-2025", date(2025, 1, 1)) is None


def ids(provisions: list[Provision]) -> list[str]:
    """The ids of some provisions, in order."""
    return [p.id for p in provisions]


def test_find_filters_combine(registry: Registry) -> None:
    """Filters by agreement, category, party, status, location and overdue all apply."""
    day = date(2025, 11, 25)
    assert ids(registry.find(agreement="kl-declaration-2025")) == [REL, WD]
    assert ids(registry.find(category="detainee_release")) == [REL]
    assert ids(registry.find(party="asean-observer-team")) == [WD]
    assert ids(registry.find(party="thailand")) == [REL, WD]
    assert ids(registry.find(location="sa kaeo")) == [REL]
    assert ids(registry.find(location="THA")) == [REL]
    assert ids(registry.find(status=Status.SUSPENDED, on=day)) == [REL, WD]
    assert ids(registry.find(status="implemented", on=date(2026, 1, 2))) == [REL]
    assert ids(registry.find(overdue=True, on=day)) == [WD]
    assert ids(registry.find(overdue=True, on=date(2025, 11, 20))) == []
    assert ids(registry.find(overdue=False, on=day, party="thailand")) == [REL]


def test_overdue_deadlines(registry: Registry) -> None:
    """A deadline is overdue once past due while the provision is not done."""
    assert registry.overdue(WD, date(2025, 11, 21)) == []
    (late,) = registry.overdue(WD, date(2025, 11, 22))
    assert late.label == "Phase 1"


def test_standing_bundles_the_status_row(registry: Registry) -> None:
    """standing() gives status, level, since, next deadline and overdue together."""
    row = registry.standing(WD, date(2025, 11, 15))
    assert (row.status, row.level, row.since) == (Status.SUSPENDED, 0, date(2025, 11, 10))
    assert row.next_deadline is not None
    assert row.next_deadline.label == "Phase 1"
    assert row.overdue is False


@st.composite
def provision_files(draw: st.DrawFn) -> dict[str, object]:
    """A provision of the example agreement with a random legal history."""
    status = draw(st.sampled_from(LC.starts()))
    day = draw(st.dates(date(2020, 1, 1), date(2023, 1, 1)))
    events: list[dict[str, object]] = []
    for i in range(draw(st.integers(1, 7))):
        if i:
            moves = [m for m in LC.moves_from(status) if m is not Status.SUPERSEDED]
            if not moves:
                break
            status = draw(st.sampled_from(moves))
            day += timedelta(days=draw(st.integers(0, 90)))
        event: dict[str, object] = {
            "on": day.isoformat(),
            "status": str(status),
            "sources": ["pax-2850"],
        }
        if draw(st.booleans()) and LC.levels_for(status):
            event["level"] = draw(st.sampled_from(LC.levels_for(status)))
        events.append(event)
    return {
        "kind": "provision",
        "id": "kl-declaration-2025/generated",
        "agreement": "kl-declaration-2025",
        "title": "Generated",
        "category": "other",
        "text": "A generated provision.",
        "sources": ["pax-2850"],
        "history": events,
    }


@given(provision_files(), st.dates(date(2019, 1, 1), date(2031, 1, 1)))
@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
def test_random_legal_histories_validate_and_replay(
    tmp_path_factory: pytest.TempPathFactory, record: dict[str, object], on: date
) -> None:
    """A file with any legal history validates, and status_on agrees with replaying it."""
    root = tmp_path_factory.mktemp("reg") / "r"
    copy_base(root)
    # JSON is YAML 1.2, so a JSON document is a valid record file.
    (root / "kl-declaration-2025" / "generated.yaml").write_text(json.dumps(record))
    registry = accordreg.load(root)
    events = record["history"]
    assert isinstance(events, list)
    upto = [e for e in events if date.fromisoformat(e["on"]) <= on]
    expected = Status(upto[-1]["status"]) if upto else None
    assert registry.status_on("kl-declaration-2025/generated", on) is expected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda r: r.find(category="deminig"), ValueError, "did you mean 'demining'"),
        (lambda r: r.find(party="thailnd"), ValueError, "did you mean 'thailand'"),
        (lambda r: r.find(status="implmented"), ValueError, "did you mean 'implemented'"),
        (lambda r: r.status_on(REL, "15 Nov 2025"), ValueError, "on='15 Nov 2025'"),
        (lambda r: r.status_on(REL, 20251115), TypeError, "on must be a date"),
        (lambda r: r.find(country="SUD"), ValueError, "did you mean 'SDN' (Sudan)"),
        (lambda r: r.find(country=811), ValueError, "find(country=...): 811"),
        (lambda r: r.find(pax_code="Cee"), ValueError, "did you mean 'Ce'"),
        (lambda r: r.find(pax_code=["Ce", "StBorr"]), ValueError, "did you mean 'StBor'"),
    ],
)
def test_wrong_arguments_are_refused_by_name_with_a_hint(
    registry: Registry, call: Any, error: type[Exception], message: str
) -> None:
    """A misspelt word or a wrong type names the argument, with a did-you-mean where one fits."""
    with pytest.raises(error, match=re.escape(message)):
        call(registry)


def test_what_a_user_would_reasonably_pass_is_accepted(registry: Registry) -> None:
    """ISO date strings, a list of statuses and a single source id all work."""
    assert registry.status_on(REL, "2025-11-15") == registry.status_on(REL, date(2025, 11, 15))
    both = registry.find(status=["implemented", "suspended"], on="2026-01-15")
    assert {p.id for p in both} >= {REL}


def test_real_codes_that_match_nothing_are_an_empty_answer(registry: Registry) -> None:
    """A real country, a Gleditsch-Ward number or a PA-X code no record carries: nothing."""
    assert registry.find(country="sdn") == []
    assert registry.find(country="625") == []
    assert registry.find(pax_code="TjAm") == []


def test_a_single_source_id_is_one_source(registry_dir: Path) -> None:
    """transition(sources="id") cites that source, not its letters."""
    editor = accordreg.Editor(accordreg.load(registry_dir))
    updated = editor.transition(
        WD, "in_progress", on="2026-01-05", sources="chiang-rai-times-2025-12-31"
    )
    assert updated.history[-1].sources == ["chiang-rai-times-2025-12-31"]
