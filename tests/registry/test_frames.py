"""The pandas frames of a registry: provisions, events and agreements, typed."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

import accordreg
from accordreg._errors import MissingExtra
from accordreg._model.records import Deadline
from accordreg._registry.query import Registry
from conftest import PROJECT

ON = date(2026, 1, 15)
REL = "kl-declaration-2025/release-of-18"


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(PROJECT / "provisions")


def test_to_frame_gives_a_dataframe_indexed_by_id(registry: accordreg.Registry) -> None:
    """Registry.to_frame() is one line to pandas, with dates as datetimes."""
    pd = pytest.importorskip("pandas")
    frame = registry.to_frame(ON)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(registry.provisions)
    assert frame.loc[REL, "status"] == "implemented"
    assert str(frame["since"].dtype).startswith("datetime64")
    # A missing level is "not rated" (or nothing on record yet), never 0.
    unrated = {pid for pid in registry.provisions if registry.level_on(pid, ON) is None}
    assert set(frame.index[frame["level"].isna()]) == unrated


def test_to_frame_types_words_dates_and_numbers(registry: accordreg.Registry) -> None:
    """Words are categoricals of every word the registry allows, every date column is
    datetime64[s] (last_event too), numbers and flags are pandas' nullable types."""
    pd = pytest.importorskip("pandas")
    frame = registry.to_frame(ON)
    dates = [c for c in frame.columns if str(frame[c].dtype).startswith("datetime")]
    assert set(dates) == {
        "agreement_date",
        "first_event",
        "on",
        "since",
        "next_deadline",
        "past_due",
        "last_event",
        "last_news",
    }
    assert {str(frame[c].dtype) for c in dates} == {"datetime64[s]"}
    assert frame.loc[REL, "last_event"] == pd.Timestamp("2025-12-31")
    status = frame["status"].dtype
    assert isinstance(status, pd.CategoricalDtype)
    assert list(status.categories) == list(registry.lifecycle.states())
    category = frame["category"].dtype
    assert isinstance(category, pd.CategoricalDtype)
    assert list(category.categories) == list(registry.settings.vocabulary.categories)
    assert str(frame["level"].dtype) == "Int64"
    assert str(frame["no_news"].dtype) == "boolean"
    assert str(frame["agreement_level"].dtype) == "Float64"
    assert frame.loc[REL, "term_count"] == 18


def test_to_frame_reaches_dates_after_2262(registry: accordreg.Registry) -> None:
    """A date that nanoseconds cannot hold (a deadline in 2999) is a date in the frame,
    not an error: one unit, seconds, for every date."""
    pd = pytest.importorskip("pandas")
    provision = registry.provision(REL)
    late = Deadline(label="Final phase", due=date(2999, 1, 1))
    changed = provision.model_copy(update={"deadlines": [late]})
    records = [(changed if r.id == REL else r, Path(f"{r.id}.yaml")) for r in registry]
    frame = Registry(records, settings=registry.settings).to_frame(date(2025, 12, 1))
    assert frame.loc[REL, "next_deadline"] == pd.Timestamp("2999-01-01")


def test_to_frame_gives_events_and_agreements(registry: accordreg.Registry) -> None:
    """to_frame(table="events") has one row per event on record, indexed by provision and
    seq; to_frame(table="agreements") one row per agreement with its level, indexed by id."""
    pd = pytest.importorskip("pandas")
    events = registry.to_frame(ON, table="events")
    assert list(events.index.names) == ["provision", "seq"]
    assert len(events) == sum(
        1 for p in registry.provisions.values() for e in p.history if e.on <= ON
    )
    mine = events.loc[REL]
    assert list(mine["status"]) == ["agreed", "suspended", "resumption_agreed", "implemented"]
    assert str(events["on"].dtype) == "datetime64[s]"
    assert isinstance(events["status"].dtype, pd.CategoricalDtype)
    assert list(mine["level_after"])[-1] == registry.level_on(REL, ON)
    agreements = registry.to_frame(ON, table="agreements")
    assert set(agreements.index) == set(registry.agreements)
    kl = agreements.loc["kl-declaration-2025"]
    standing = registry.agreement_level("kl-declaration-2025", ON)
    assert kl["agreement_level"] == pytest.approx(standing.percent)
    assert kl["provisions"] == len(registry.provision_ids("kl-declaration-2025"))
    assert str(agreements["date_signed"].dtype) == "datetime64[s]"


def test_to_frame_names_the_tables_it_has(registry: accordreg.Registry) -> None:
    """An unknown table is a ValueError naming the tables, with a did-you-mean."""
    pytest.importorskip("pandas")
    with pytest.raises(ValueError, match=r"'event' is not one of provisions, events, agreements"):
        registry.to_frame(ON, table="event")


def test_to_frame_without_pandas_names_the_extra(
    registry: accordreg.Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pandas, to_frame raises one line naming accordreg[pandas]."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    for table in ("provisions", "events", "agreements"):
        with pytest.raises(MissingExtra, match=r"accordreg\[pandas\]") as caught:
            registry.to_frame(ON, table=table)
        assert "\n" not in str(caught.value)
