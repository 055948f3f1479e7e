"""Reading the ETH/PRIO ceasefire file: a row per ceasefire and actor, each row's cells
checked, the rows of one ceasefire gathered.

A date comes in three cells (year, month, day), `-1` where a part is not known (or, for
the end, where the ceasefire did not end); `0` in all three is read the same way. A day
the file does not give is never made up: `2003`, `12`, `-1` is December 2003.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .._model import dates
from .outcome_cells import checked, one_line
from .tables import Row, number, shown

#: Without these, no ceasefire can be imported.
REQUIRED = (
    "cc",
    "cf_id",
    "actor_name",
    "cf_dec_yr",
    "cf_dec_month",
    "cf_dec_day",
    "end_yr",
    "end_month",
    "end_day",
)
#: Free-text cells that become record text: a control character keeps the row out.
TEXT_COLUMNS = ("actor_name", "location", "cf_pp")
#: What the file writes where a part of a date, or a code, is not known.
_NOT_KNOWN = (-1, 0)
#: Whole-number codes read from each row, by column (-1: not known, left out).
CODES = ("side", "written", "ended", "pax_id", "ucdp_acd_id")


@dataclass
class ActorRow:
    """What one row (one actor of one ceasefire) says."""

    line: int
    key: tuple[int, int]
    actor: str | None
    location: str | None
    declared: date | None
    effect: date | None
    end: date | None
    codes: dict[str, int | None]
    comment: str | None
    row: Row = field(repr=False)


def read(row: Row) -> ActorRow | None:
    """What a row says; None where its ids keep it out (noted)."""
    key = []
    for column in ("cc", "cf_id"):
        raw = row.get(column)
        value = number(raw)
        if value is None or value < 0:
            row.stop(column, f"{shown(raw)} is not an id; the row is not imported")
            return None
        key.append(value)
    if row.controls(TEXT_COLUMNS):
        return None
    comment = row.text("cf_pp")
    actor = row.text("actor_name")
    return ActorRow(
        row.line,
        (key[0], key[1]),
        one_line(actor) if actor else None,
        one_line(row.text("location") or "") or None,
        date_of(row, "cf_dec_yr", "cf_dec_month", "cf_dec_day", "the declaration"),
        date_of(row, "cf_effect_yr", "cf_effect_month", "cf_effect_day", "when it took effect"),
        date_of(row, "end_yr", "end_month", "end_day", "its end"),
        {c: _code(row, c) for c in CODES},
        None if comment in (None, "0") else comment,
        row,
    )


#: The codes whose values the import reads into words: the values it knows (-1 aside).
KNOWN_CODES = {"side": (1, 2, 3), "written": (0, 1, 2)}


def _code(row: Row, column: str) -> int | None:
    """A code as given; None where it is blank or -1 (not known, unclear). One that is no
    whole number, is negative, or is not among the values the import reads is E003."""
    raw = row.get(column)
    if raw is None:
        return None
    value = number(raw)
    if value == -1:
        return None
    known = KNOWN_CODES.get(column)
    if value is None or value < 0 or (known is not None and value not in known):
        listed = f" ({', '.join(map(str, known))}, or -1)" if known else ""
        row.unread(column, f"{shown(raw)} is not a code the import reads{listed}; left out")
        return None
    return value


def date_of(row: Row, year: str, month: str, day: str, what: str) -> date | None:
    """The date three cells give, to the day, the month or the year they give it; None
    where the year is not known (-1 or 0) or a cell cannot be read (noted)."""
    if year not in row.header:
        return None
    parts: list[int] = []
    for column in (year, month, day):
        raw = row.get(column) if column in row.header else "-1"
        value = number(raw)
        if value is None:
            said = "blank" if raw is None else f"{shown(raw)} is not a whole number"
            row.unread(column, f"{said}; {what} is left out")
            return None
        parts.append(value)
    y, m, d = parts
    if y in _NOT_KNOWN:
        return None
    try:
        if m in _NOT_KNOWN:
            found: date = dates.PartialDate(y, precision="year")
            if d not in _NOT_KNOWN:
                row.unread(day, f"a day ({d}) without a month; {what} is kept to its year")
        elif d in _NOT_KNOWN:
            found = dates.PartialDate(y, m, "month")
        else:
            found = date(y, m, d)
    except ValueError as exc:
        row.unread(year, f"year {y}, month {m}, day {d} is not a date ({exc}); {what} is left out")
        return None
    return checked(row, year, found, f"{what} is left out")


@dataclass
class Ceasefire:
    """The rows of one ceasefire, gathered, in the order the file gives them."""

    key: tuple[int, int]
    rows: list[ActorRow] = field(default_factory=list)

    @property
    def uid(self) -> int:
        """The dataset's id for it (uniq_id): cc times 1000, plus cf_id."""
        return self.key[0] * 1000 + self.key[1]

    @property
    def slug(self) -> str:
        """Its name in record ids: `cf-<cc>-<cf_id>`."""
        return f"cf-{self.key[0]}-{self.key[1]}"

    def actors(self) -> list[str]:
        """Its actors' names, each once, in order."""
        return list(dict.fromkeys(r.actor for r in self.rows if r.actor))

    def values(self, name: str) -> dict[Any, list[ActorRow]]:
        """Each value its rows give for a date or a code (None left out), with the rows
        that give it, in order."""
        out: dict[Any, list[ActorRow]] = {}
        for r in self.rows:
            value = r.codes[name] if name in r.codes else getattr(r, name)
            if value is not None:
                key = dates.text(value) if isinstance(value, date) else value
                out.setdefault(key, []).append(r)
        return out


def gather(rows: list[ActorRow]) -> list[Ceasefire]:
    """The ceasefires, in the order their first row comes."""
    found: dict[tuple[int, int], Ceasefire] = {}
    for r in rows:
        found.setdefault(r.key, Ceasefire(r.key)).rows.append(r)
    return list(found.values())
