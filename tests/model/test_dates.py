"""Dates known to a day, a month or a year: the rules of accordreg._model.dates."""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg import PartialDate
from accordreg._model import dates

RELAXED = settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=200)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
months = st.builds(
    lambda d: PartialDate(d.year, d.month, "month"), st.dates(date(1900, 1, 1), date(2199, 12, 1))
)
years = st.builds(lambda y: PartialDate(y, precision="year"), st.integers(1900, 2199))
any_date = st.one_of(days, months, years)


@RELAXED
@given(any_date)
def test_a_date_reads_back_from_the_form_it_is_written_in(day: date) -> None:
    """Writing a date and reading it back gives the same date with the same precision."""
    again = dates.parse(dates.text(day))
    assert again == day
    assert dates.precision(again) == dates.precision(day)
    assert str(day) == dates.text(day) == day.isoformat()


@RELAXED
@given(any_date)
def test_a_period_runs_from_its_first_day_to_its_last(day: date) -> None:
    """A date sorts as its first day and is on record from its last; a day is both."""
    first, last = dates.first_day(day), dates.last_day(day)
    assert first == day
    assert first <= last
    assert type(first) is date
    assert type(last) is date
    assert dates.known_by(day, last)
    assert not dates.known_by(day, last - timedelta(days=1))
    if dates.precision(day) == "day":
        assert first == last
    else:
        assert (last + timedelta(days=1)).day == 1  # the period ends at a month's end


@RELAXED
@given(st.lists(any_date, max_size=8))
def test_known_from_never_goes_back_and_never_before_a_period_ends_unless_a_later_one_does(
    history: list[date],
) -> None:
    """Each date is on record from its period's end, or from a later-listed date's if that
    is sooner; so the days on record never decrease along the history."""
    known = dates.known_from(history)
    assert len(known) == len(history)
    assert known == sorted(known)
    for i, (day, on) in enumerate(zip(history, known, strict=True)):
        later = [dates.last_day(d) for d in history[i:]]
        assert on == min(later)
        assert on <= dates.last_day(day)


def test_month_and_year_print_in_words() -> None:
    """Views print a month as its name and year, a year alone, a day as ISO."""
    assert dates.words(dates.parse("2025-11")) == "November 2025"
    assert dates.words(dates.parse("1994")) == "1994"
    assert dates.words(date(2025, 11, 10)) == "2025-11-10"


def test_a_month_that_does_not_exist_is_refused() -> None:
    """``2025-13`` is no month: ValueError, not a date."""
    with pytest.raises(ValueError, match=r"month must be in 1\.\.12"):
        dates.parse("2025-13")


@RELAXED
@given(st.one_of(months, years))
def test_a_partial_date_keeps_its_precision_across_processes(day: PartialDate) -> None:
    """Worker processes send records across by pickling: the precision comes too."""
    again = pickle.loads(pickle.dumps(day))
    assert isinstance(again, PartialDate)
    assert (again, again.precision) == (day, day.precision)


def test_a_record_keeps_the_form_written_through_json() -> None:
    """A record's JSON (the cache's copy) keeps ``2025-11``, and reads back as a month."""
    from accordreg import Event

    event = Event.model_validate({"on": "2025-11", "status": "agreed", "sources": ["s"]})
    again = Event.model_validate_json(event.model_dump_json())
    assert isinstance(again.on, PartialDate)
    assert again.on.precision == "month"
    year = Event.model_validate({"on": 1994, "status": "agreed", "sources": ["s"]})
    assert str(year.on) == "1994"


@RELAXED
@given(st.one_of(months, years), st.integers(-400, 400))
def test_arithmetic_on_a_partial_date_gives_plain_dates_from_its_first_day(
    day: PartialDate, shift: int
) -> None:
    """Adding days, subtracting or replacing a part counts from the first day, and never
    makes a PartialDate of a day the sources do not give."""
    first = dates.first_day(day)
    step = timedelta(days=shift)
    for moved in (day + step, step + day, day - step, day.replace(day=2)):
        assert type(moved) is date
    assert (day + step, day - step) == (first + step, first - step)
    assert (day - first, first - day) == (timedelta(0), timedelta(0))
