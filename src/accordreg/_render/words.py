"""The engine's facts in words, the same in every view: levels, flags, news, the horizon.

Each phrase says no more than the record supports: a start state's default level is
"no work reported", not "level 0"; news is aged to the horizon; a registry that records
what was agreed says "not tracked".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .._model.lifecycle import LEVEL_NAMES
from .._registry.agreement_engine import AgreementLevel
from .._registry.engine import Basis, Standing

if TYPE_CHECKING:
    from .._registry.query import Registry


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
    return f"no news since {s.last_news.isoformat()} ({s.news_age} days)"


def flags(s: Standing) -> list[str]:
    """What a reader should know beyond the status: a missed deadline, old news."""
    return [x for x in (s.past_due, news(s)) if x]


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
    if not registry.settings.tracks_implementation:
        lines.append(
            "This registry records what the agreements say, not what happened since: "
            "implementation is not tracked."
        )
    return lines


def state(registry: Registry, status: str | None) -> str:
    """A status as text output shows it: the label the registry's settings give the
    state, where they give one; else the state as records write it."""
    if status is None:
        return "-"
    rule = registry.lifecycle.table.get(status)
    return rule.label if rule is not None and rule.label else str(status)
