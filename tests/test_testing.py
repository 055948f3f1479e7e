"""The public hypothesis strategies generate records that really are valid."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import Registry
from accordreg.model.lifecycle import DEFAULT_LIFECYCLE as LC
from accordreg.model.records import Event
from accordreg.testing import histories, provisions, registries, write_registry


@given(histories(["a", "b"]))
def test_histories_follow_the_lifecycle(events: list[Event]) -> None:
    """Generated histories start right, move legally and never go back in time."""
    assert events[0].status in LC.starts()
    for before, after in itertools.pairwise(events):
        assert LC.can_move(before.status, after.status)
        assert before.on <= after.on
    assert all(set(e.sources) <= {"a", "b"} for e in events)


@given(provisions("accord", ["src"], ["party"]))
def test_provisions_belong_to_their_agreement(provision: accordreg.Provision) -> None:
    """Generated provisions carry the agreement id in their own id."""
    assert provision.id.startswith("accord/")
    assert provision.agreement == "accord"


@given(registries())
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_registries_validate_on_disk(
    tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    """Written to files, a generated registry has no diagnostics and loads back equal."""
    root = write_registry(registry, tmp_path_factory.mktemp("reg") / "r")
    assert accordreg.check(root) == []
    loaded = accordreg.load(root)
    assert {r.id: r for r in loaded} == {r.id: r for r in registry}


@given(registries(), st.dates(date(1989, 1, 1), date(2040, 1, 1)))
@settings(max_examples=60, deadline=None)
def test_status_on_agrees_with_replaying_each_history(registry: Registry, on: date) -> None:
    """status_on equals the last event dated up to the day, for every provision."""
    for provision in registry.provisions.values():
        upto = [e for e in provision.history if e.on <= on]
        expected: str | None = upto[-1].status if upto else None
        assert registry.status_on(provision.id, on) is expected
        level = registry.agreement_level_on(provision.agreement, on)
        assert level is None or 0.0 <= level <= 100.0


@given(registries())
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_write_registry_refuses_to_overwrite(
    tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    """Writing twice into the same folder refuses to replace existing files."""
    root = tmp_path_factory.mktemp("twice")
    write_registry(registry, root)
    with pytest.raises(FileExistsError):
        write_registry(registry, root)
