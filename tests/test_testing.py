"""The public hypothesis strategies generate records that really are valid."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import Registry
from accordreg._model.lifecycle import DEFAULT_LIFECYCLE as LC
from accordreg._model.names import SETTINGS_FILE
from accordreg._model.records import Event
from accordreg._validation.settings_check import read_settings
from accordreg.testing import histories, provisions, registries, write_registry
from conftest import PROJECT

# The example registry's settings: categories, party types, reliability and a lifecycle of
# its own. Read once, when the strategies below are built.
OWN, _ = read_settings(PROJECT / "examples" / "custom-vocabulary" / SETTINGS_FILE)
# Generation and checks take longer on a busy machine; that is no failure of the strategies.
CALM = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@CALM
@given(histories(["a", "b"]))
def test_histories_follow_the_lifecycle(events: list[Event]) -> None:
    """Generated histories start right, move legally and never go back in time."""
    assert events[0].status in LC.starts()
    for before, after in itertools.pairwise(events):
        assert LC.can_move(before.status, after.status)
        assert before.on <= after.on
    assert all(set(e.sources) <= {"a", "b"} for e in events)


@CALM
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
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_write_registry_refuses_to_overwrite(
    tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    """Writing twice into the same folder refuses to replace existing files."""
    root = tmp_path_factory.mktemp("twice")
    write_registry(registry, root)
    with pytest.raises(FileExistsError):
        write_registry(registry, root)


@CALM
@given(histories(["a"], lifecycle=OWN.lifecycle, party_ids=["p", "q"]))
def test_histories_follow_a_lifecycle_of_a_registrys_own(events: list[Event]) -> None:
    """With a registry's lifecycle, histories start and move in its states, naming parties."""
    lifecycle = OWN.lifecycle
    assert events[0].status in lifecycle.starts()
    for before, after in itertools.pairwise(events):
        assert lifecycle.can_move(before.status, after.status)
    assert {e.party for e in events} <= {None, "p", "q"}


@CALM
@given(provisions("accord", ["src"], ["party"], settings=OWN, terms=True))
def test_provisions_take_words_and_terms_from_the_settings(
    provision: accordreg.Provision,
) -> None:
    """Category, states and typed terms come from the settings; progress only with a measure."""
    category = OWN.vocabulary.categories[provision.category]
    assert set(provision.terms) <= set(category.terms)
    assert all(e.status in OWN.lifecycle.states() for e in provision.history)
    if any(e.progress is not None for e in provision.history):
        assert category.measure is not None


@given(registries(settings=OWN, terms=True))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_registries_of_a_registrys_own_vocabulary_validate_on_disk(
    tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> None:
    """Written with its settings file, a generated registry in a vocabulary of its own has no
    diagnostics, and loads back equal, with the same settings."""
    root = write_registry(registry, tmp_path_factory.mktemp("own") / "r")
    assert (root / SETTINGS_FILE).is_file()
    assert accordreg.check(root) == []
    loaded = accordreg.load(root)
    assert {r.id: r for r in loaded} == {r.id: r for r in registry}
    assert loaded.settings.fingerprint() == OWN.fingerprint()
    assert {str(p.type) for p in loaded.parties.values()} <= set(OWN.vocabulary.party_types)
