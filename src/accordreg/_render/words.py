"""The engine's facts in words, the same in every view: levels, flags, news, the horizon.

Each phrase says no more than the record supports: a start state's default level is
"no work reported", not "level 0"; news is aged to the horizon; a registry that records
what was agreed says "not tracked".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from .._model import dates
from .._model.lifecycle import LEVEL_NAMES
from .._registry.agreement_engine import AgreementLevel
from .._registry.engine import AgreementNow, Basis, Standing

if TYPE_CHECKING:
    from .._model.records import AgreementEvent, Event
    from .._registry.query import Registry


def count(number: int, word: str, many: str | None = None) -> str:
    """A number and its noun, in the singular for one: "1 provision", "26,890 provisions"."""
    return f"{number:,} {word if number == 1 else many or word + 's'}"


def level(value: int | None, basis: Basis | None, tracked: bool = True) -> str:
    """A level with its name and, where it is not a source's rating, what it rests on."""
    if not tracked:
        return "not tracked"
    if value is None:
        return "not rated"
    if basis is Basis.DEFAULT:
        return "no work reported"
    named = f"{value} ({LEVEL_NAMES.get(value, '?')}"
    # An event's own level is a source's rating; the others say what they were read from.
    said = {Basis.STATUS: ", by status)", Basis.PROGRESS: ", by progress)"}
    return named + said.get(basis, ")") if basis is not None else named + ")"


def short_level(value: int | None, basis: Basis | None, tracked: bool = True) -> str:
    """A level for a table cell: the number, '-' when not rated, 'n/r' for no work reported."""
    if not tracked:
        return "n/t"
    if value is None:
        return "-"
    return "none reported" if basis is Basis.DEFAULT else str(value)


def agreement(level_: AgreementLevel) -> str:
    """An agreement's level and what it rests on."""
    return str(level_)


def news(s: Standing) -> str | None:
    """'no news since D (N days by H)' where the news is older than the threshold."""
    if not s.stale or s.last_news is None:
        return None
    return f"no news since {s.last_news.isoformat()} ({count(s.news_age or 0, 'day')})"


def flags(s: Standing) -> list[str]:
    """What a reader should know beyond the status: what its agreement was doing, a
    missed deadline, old news."""
    return [x for x in (agreement_flag(s.agreement), s.past_due, news(s)) if x]


def agreement_flag(now: AgreementNow | None) -> str | None:
    """What a provision's agreement was doing, from the agreement's own history, where it
    is more than a state a history starts in (signed, in force): "agreement suspended
    since 2025-11-10 by thailand"."""
    if now is None or now.usual:
        return None
    return f"agreement {agreement_state(now.status, now.since, now.party)}"


def agreement_state(status: str | None, since: date | None, party: str | None) -> str:
    """An agreement's own status in words: "suspended since 2025-11-10 by thailand"."""
    if status is None:
        return "no event of its own on record"
    by = f" by {party}" if party else ""
    when = f" since {day(since)}" if since is not None else ""
    return f"{status.replace('_', ' ')}{when}{by}"


def day(value: date) -> str:
    """A record's date as views print it: ``2025-11-10``, ``November 2025`` or ``2025``."""
    return dates.words(value)


def horizon(registry: Registry, on: date) -> list[str]:
    """What a view of ``on`` can know: the horizon, and a plain word when ``on`` is later."""
    end = registry.horizon
    if end is None:
        return [f"Nothing on record by {on.isoformat()}."]
    lines = [f"Sources read up to {end.isoformat()}."]
    latest = registry.latest_event()
    if registry.settings.horizon is not None and latest is not None and latest > end:
        lines.append(
            f"Warning: events are recorded up to {latest.isoformat()}, after the declared "
            f"horizon: move `horizon:` in accordreg.yaml to the date the sources were read."
        )
    if on > end:
        lines.append(
            f"Nothing after {end.isoformat()} was read: each status on {on.isoformat()} is "
            "the last one recorded by then, not confirmed since."
        )
    pending = not_yet_counted(registry, on)
    if pending:
        shown = ", ".join(f"{rid} ({day(when)})" for rid, when in pending[:5])
        more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
        lines.append(
            f"Not counted yet: events dated only to a month or a year that may have happened "
            f"by {on.isoformat()}, counted once their period is over: {shown}{more}."
        )
    if not registry.settings.tracks_implementation:
        lines.append(
            "This registry records what the agreements say, not what happened since: "
            "implementation is not tracked."
        )
    return lines


def not_yet_counted(registry: Registry, on: date) -> list[tuple[str, date]]:
    """The records with an event whose month or year holds ``on`` and which is not on
    record by then: it may have happened already, and the view cannot say (see
    ``_model.dates``)."""
    if not registry.partial_dates:
        return []  # the usual case, without building every record
    histories: list[tuple[str, Sequence[Event | AgreementEvent]]] = [
        *((aid, a.history) for aid, a in sorted(registry.agreements.items())),
        *((pid, p.history) for pid, p in sorted(registry.provisions.items())),
    ]
    found: list[tuple[str, date]] = []
    for rid, history in histories:
        known = dates.known_from([e.on for e in history])
        for event, counted in zip(history, known, strict=True):
            if dates.first_day(event.on) <= on < counted:
                found.append((rid, event.on))
                break
    return found


def state(registry: Registry, status: str | None) -> str:
    """A status as text output shows it: the label the registry's settings give the
    state, where they give one; else the state as records write it."""
    if status is None:
        return "-"
    rule = registry.lifecycle.table.get(status)
    return rule.label if rule is not None and rule.label else str(status)
