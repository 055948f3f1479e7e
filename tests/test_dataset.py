"""The bundled registry: the 2025 Thailand-Cambodia process, checked fact by fact."""

from __future__ import annotations

from datetime import date

import pytest

import accordreg
from accordreg import Registry, Reliability, Status
from conftest import PROJECT

PROVISIONS = PROJECT / "provisions"


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The bundled registry, loaded once."""
    return accordreg.load(PROVISIONS)


def test_bundled_registry_has_no_diagnostics_at_all() -> None:
    """No errors and no warnings in provisions/."""
    assert accordreg.check(PROVISIONS) == []


def test_the_five_pax_agreements_of_process_181(registry: Registry) -> None:
    """The five PA-X documents of process 181 are there with their ids and dates."""
    pax = {
        a.links.pax_agreement: a.date_signed
        for a in registry.agreements.values()
        if a.links and a.links.pax_agreement
    }
    assert pax == {
        2800: date(2025, 7, 28),
        2837: date(2025, 8, 7),
        2874: date(2025, 9, 10),
        2850: date(2025, 10, 26),
        2878: date(2025, 12, 27),
    }
    assert {a.links.pax_process for a in registry.agreements.values() if a.links} == {181}


def test_every_event_cites_a_source_that_exists(registry: Registry) -> None:
    """Each history event names at least one source, and every one is a record."""
    for provision in registry.provisions.values():
        for event in provision.history:
            assert event.sources, provision.id
            for source in event.sources:
                assert source in registry.sources, (provision.id, source)


def test_unverified_sources_only_ever_support_proposals(registry: Registry) -> None:
    """An event resting only on unverified sources records a proposal, nothing more."""
    for provision in registry.provisions.values():
        for event in provision.history:
            kinds = {registry.source(s).reliability for s in event.sources}
            if kinds == {Reliability.UNVERIFIED}:
                assert event.status is Status.PROPOSED, provision.id


@pytest.mark.parametrize(
    "category",
    [
        "ceasefire",
        "heavy_weapons_withdrawal",
        "demining",
        "joint_task_force",
        "boundary_survey",
        "detainee_release",
        "cybercrime_cooperation",
        "observer_mission",
        "civilian_return",
    ],
)
def test_required_categories_are_covered(registry: Registry, category: str) -> None:
    """Each category the process needs has at least one provision."""
    assert registry.find(category=category)


def test_heavy_weapon_withdrawal_has_three_phases(registry: Registry) -> None:
    """Phases start 1 November, 22 November and 13 December; phase 1 ends 21 November."""
    hw = registry.provision("kl-declaration-2025/heavy-weapons-withdrawal")
    assert [(d.start, d.due) for d in hw.deadlines] == [
        (date(2025, 11, 1), date(2025, 11, 21)),
        (date(2025, 11, 22), None),
        (date(2025, 12, 13), None),
    ]


def test_mid_november_withdrawal_and_release_are_suspended(registry: Registry) -> None:
    """On 2025-11-15 the withdrawal and the release of the 18 are suspended."""
    day = date(2025, 11, 15)
    assert registry.status_on("kl-declaration-2025/heavy-weapons-withdrawal", day) is (
        Status.SUSPENDED
    )
    assert registry.status_on("kl-declaration-2025/release-of-18", day) is Status.SUSPENDED


def test_mid_january_the_release_is_implemented(registry: Registry) -> None:
    """On 2026-01-15 the 18 have been released (31 December 2025)."""
    release = "kl-declaration-2025/release-of-18"
    assert registry.status_on(release, date(2026, 1, 15)) is Status.IMPLEMENTED
    assert registry.snapshot(release, date(2026, 1, 15)).since == date(2025, 12, 31)  # type: ignore[union-attr]


def test_pilot_demining_area_is_located(registry: Registry) -> None:
    """The demining provision names the pilot area on both sides of the border."""
    places = {
        (loc.subdivision, loc.place)
        for loc in registry.provision("kl-declaration-2025/demining").locations
    }
    assert places == {("Banteay Meanchey", "Ou Bei Choan"), ("Sa Kaeo", "Nonmak Moon")}


def test_nothing_is_dated_after_the_last_source(registry: Registry) -> None:
    """No event is dated in 2026: nothing in the sources reports one."""
    for provision in registry.provisions.values():
        assert all(e.on < date(2026, 1, 1) for e in provision.history), provision.id
