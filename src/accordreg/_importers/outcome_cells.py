"""Reading the cells the outcome datasets share: dates in their forms, lists of ids.

What cannot be read is noted on the row (its ``unread`` code) and left out: never a date
the dataset does not give.
"""

from __future__ import annotations

import re
from datetime import date

from .._model import dates
from .tables import Row, number, shown

#: The earliest year a dataset's date may have (the datasets start in 1975 and 1989).
FIRST_YEAR = 1900
#: How UCDP writes a value it does not know.
UNKNOWN = "-99"


def day_text(raw: str) -> date:
    """A date written YYYY-MM-DD, YYYY-MM or YYYY (a workbook's midnight dropped);
    ValueError naming what is wrong."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d 00:00(:00)?", raw):
        raw = raw[:10]
    if not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", raw):
        raise ValueError("not in YYYY-MM-DD, YYYY-MM or YYYY form")
    return dates.parse(raw)


def checked(row: Row, column: str, day: date, what: str) -> date | None:
    """``day`` if it is a date an event may have (not before 1900, not after today)."""
    if day.year < FIRST_YEAR:
        row.unread(column, f"{dates.text(day)} is before {FIRST_YEAR}; {what}")
        return None
    if dates.first_day(day) > date.today():
        row.unread(column, f"{dates.text(day)} is after today; {what}")
        return None
    return day


def date_cell(row: Row, column: str, what: str) -> date | None:
    """The date in a cell; None where it is blank (unsaid) or cannot be read (noted)."""
    raw = row.get(column)
    if raw is None:
        return None
    if raw == UNKNOWN:
        row.unread(column, f"{raw} (not known); {what}")
        return None
    try:
        day = day_text(raw)
    except ValueError as exc:
        row.unread(column, f"{shown(raw)} is not a date ({exc}); {what}")
        return None
    return checked(row, column, day, what)


def ids(row: Row, column: str) -> list[int]:
    """The ids in a cell listing them (``729, 726``), in order, each once; a part that is
    no id is noted and left out."""
    raw = row.get(column)
    out: list[int] = []
    for part in re.split(r"[,;\s]+", raw or ""):
        if not part:
            continue
        value = number(part)
        if value is None or value < 0:
            row.unread(column, f"{shown(part)} is not an id; left out")
        elif value not in out:
            out.append(value)
    return out


def one_line(text: str) -> str:
    """A title as one line of single spaces."""
    return " ".join(text.split())
