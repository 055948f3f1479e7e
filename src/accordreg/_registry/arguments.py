"""What the registry's methods take as arguments, read one way everywhere: dates and ids."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from .._model.dates import last_day

#: What a date argument takes: a date, or its ISO ``YYYY-MM-DD`` text.
DateLike = date | str


def as_day(value: object, argument: str = "on") -> date:
    """A date from what a caller may reasonably pass: a date, an ISO ``YYYY-MM-DD`` string,
    or None (today); anything else is refused with a message naming the argument, as is a
    day outside 1900-2199, the years reports cover (`9000-01-01` is a typo, and views of
    it drew for minutes). The command line's dates are held to the same range."""
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{argument}={value!r} is not a date in YYYY-MM-DD form") from None
    else:
        raise TypeError(
            f"{argument} must be a date or a YYYY-MM-DD string, not {type(value).__name__}"
        )
    if not date(1900, 1, 1) <= day <= date(2199, 12, 31):
        raise ValueError(
            f"{argument} {day} is outside the dates views and reports cover, "
            "1900-01-01 to 2199-12-31"
        )
    return day


def as_event_date(value: object, argument: str = "on") -> date:
    """An event's date: as :func:`as_day`, but a string may also give only a month or a
    year (``2025-11``, ``2025``) where the sources give no day (see
    "Dates known to a month or a year"); a date passed in is kept as it is, partial or not."""
    if isinstance(value, str) and len(value) < 10:
        from .._model.dates import parse

        try:
            day = parse(value)
        except ValueError:
            raise ValueError(
                f"{argument}={value!r} is not a date in YYYY-MM-DD, YYYY-MM or YYYY form"
            ) from None
        as_day(last_day(day), argument)  # held to the same range as any other date
        return day
    if isinstance(value, date) and not isinstance(value, datetime):
        as_day(value, argument)
        return value
    return as_day(value, argument)


def id_list(value: object, argument: str) -> list[str]:
    """One id or several: a single string is one id, not a list of letters."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise TypeError(f"{argument} must be an id or a list of ids, not {type(value).__name__}")


#: A length of time as the command line writes it: a number of years, months or days.
_DURATION = re.compile(r"(\d{1,4})\s*([ymd])")
#: The last day views and reports cover (see :func:`as_day`).
LAST_DAY = date(2199, 12, 31)


def after(start: date, within: str | timedelta, argument: str = "within") -> date:
    """The day ``within`` after ``start``: ``2y``, ``18m``, ``90d`` or a timedelta (a
    month or a year later falls on the same day of the month, or its last where it has
    none: 29 February plus a year is 28 February); ValueError naming the argument for
    anything else. Never past the last day views cover."""
    if isinstance(within, timedelta):
        days = within.days
        if days < 0:
            raise ValueError(f"{argument}: {within!r} is a time before, not after")
        return start + within if (LAST_DAY - start).days > days else LAST_DAY
    found = _DURATION.fullmatch(within.strip()) if isinstance(within, str) else None
    if found is None:
        raise ValueError(
            f"{argument}: {within!r} is not a length of time: a number of years, months or "
            "days, e.g. 2y, 18m or 90d"
        )
    count, unit = int(found.group(1)), found.group(2)
    if unit == "d":
        return after(start, timedelta(days=count), argument)
    months = start.month - 1 + count * (12 if unit == "y" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    if year > LAST_DAY.year:
        return LAST_DAY
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
