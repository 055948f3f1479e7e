"""Dates known to a day, a month or a year, and the rules every view reads them by.

Sources often date an event only to a month ("in late November") or a year ("in 1994").
Such a date is a :class:`PartialDate`: a ``datetime.date`` (the period's first day, so it
sorts, compares and subtracts like any date) that carries its precision. The rules:

- **Order.** Dates sort by their first day: ``2025-11`` sorts with 1 November. A history
  lists its events oldest first; an event whose whole period ends before the previous
  event's begins goes backwards (L003), and one whose period begins before the previous
  event's could go backwards (L010, a warning: ``2025-11-10`` then ``2025-11``).
- **Known by a day.** A dated thing is on record by a day once its whole period has passed
  (:func:`last_day` on or before it): an as-of view of 15 November does not count an event
  dated ``2025-11``, which may have happened after the 15th, and says so. An event listed
  before a counted one is counted too: it happened no later.
- **Words.** Views print ``November 2025`` and ``2025``; exports carry the first day and
  the precision (``day``, ``month``, ``year``) in a column beside it; records and JSON
  keep the form written (``2025-11``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Literal

Precision = Literal["day", "month", "year"]

#: The forms a date may be written in, most precise first.
FORMS = ("YYYY-MM-DD", "YYYY-MM", "YYYY")
#: The pattern of every form, for the JSON Schemas.
PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")


class PartialDate(date):
    """A date known only to its month or its year: the period's first day, and which."""

    __slots__ = ("precision",)
    precision: Precision

    def __new__(cls, year: int, month: int = 1, precision: Precision = "month") -> PartialDate:
        if precision not in ("month", "year"):
            raise ValueError(f"a partial date is known to a month or a year, not {precision!r}")
        self = super().__new__(cls, year, month if precision == "month" else 1, 1)
        self.precision = precision
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes send records across: keep the precision on the way.
        return (PartialDate, (self.year, self.month, self.precision))

    def __repr__(self) -> str:
        return f"PartialDate({text(self)!r})"

    # Arithmetic and replace() on a date subclass build the subclass from (year, month,
    # day): here they give plain dates, counted from the period's first day.
    def __add__(self, other: timedelta) -> date:  # type: ignore[override]
        if isinstance(other, timedelta):
            return first_day(self) + other
        return NotImplemented

    __radd__ = __add__  # type: ignore[assignment]

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, timedelta | date):
            return first_day(self) - other
        return NotImplemented

    def __rsub__(self, other: Any) -> Any:
        if isinstance(other, date):
            return other - first_day(self)
        return NotImplemented

    def replace(self, *args: Any, **kwargs: Any) -> date:  # type: ignore[override]
        """A plain date: the period's first day with the parts given replaced."""
        return first_day(self).replace(*args, **kwargs)

    def isoformat(self) -> str:
        """The form written, ``2025-11`` or ``2025`` (``str()`` gives it too): never a
        day the sources do not give. ``first_day()`` is the day it sorts as."""
        return text(self)


def is_partial(day: date) -> bool:
    """Whether a date is known only to a month or a year."""
    return isinstance(day, PartialDate)


def precision(day: date) -> Precision:
    """How precisely a date is known: ``day`` for any plain date."""
    return day.precision if isinstance(day, PartialDate) else "day"


def first_day(day: date) -> date:
    """The first day of a date's period, as a plain date (what exports type as a date)."""
    return date(day.year, day.month, day.day) if isinstance(day, PartialDate) else day


def last_day(day: date) -> date:
    """The last day of a date's period: the date itself when known to the day."""
    if not isinstance(day, PartialDate):
        return day
    if day.precision == "year":
        return date(day.year, 12, 31)
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def known_by(day: date, on: date) -> bool:
    """Whether something dated ``day`` is on record by ``on``: its whole period has passed."""
    return last_day(day) <= on


def known_from(days: Sequence[date]) -> list[date]:
    """The day from which each of a history's dates (oldest first) is on record: the end
    of its own period, or sooner where a later-listed date's period ends sooner (what is
    listed before something known happened no later)."""
    out = [last_day(d) for d in days]
    for i in range(len(out) - 2, -1, -1):
        if out[i + 1] < out[i]:
            out[i] = out[i + 1]
    return out


def text(day: date) -> str:
    """A date as records write it: ``2025-11-10``, ``2025-11`` or ``2025``."""
    if not isinstance(day, PartialDate):
        return date.isoformat(day)
    return f"{day.year:04d}" if day.precision == "year" else f"{day.year:04d}-{day.month:02d}"


def words(day: date) -> str:
    """A date as views print it: ``2025-11-10``, ``November 2025`` or ``2025``."""
    if not isinstance(day, PartialDate):
        return date.isoformat(day)
    if day.precision == "year":
        return str(day.year)
    return f"{calendar.month_name[day.month]} {day.year}"


def partial(value: str) -> PartialDate | None:
    """``2025-11`` or ``2025`` as a partial date; None for any other text.

    ``ValueError`` for a month that does not exist (``2025-13``).
    """
    found = _PARTIAL.fullmatch(value)
    if found is None:
        return None
    year, month = found.groups()
    if month is None:
        return PartialDate(int(year), precision="year")
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month must be in 1..12, not {int(month)}")
    return PartialDate(int(year), int(month), "month")


def parse(value: str) -> date:
    """A date written in any of :data:`FORMS`; ``ValueError`` naming what is wrong."""
    found = partial(value)
    if found is not None:
        return found
    return date.fromisoformat(value)
