"""What was on record by a date: a provision's deadlines, conditions, terms and events.

A provision's own text (its terms, deadlines and conditions without ``set_on``) is on
record from its first event; whatever carries a ``set_on`` date, or an event's terms, from
that date on. The engine (:mod:`.engine`) reads these; so may any view of a past date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .._model.dates import known_by, known_from, last_day

if TYPE_CHECKING:
    from .._model.lifecycle import Lifecycle
    from .._model.records import Condition, Deadline, Event, Provision


def _since(provision: Provision) -> date:
    """The day the provision's own text is on record from: its first event's."""
    return known_from([e.on for e in provision.history])[0]


def _known(set_on: date | None, provision: Provision, on: date) -> bool:
    return known_by(set_on, on) if set_on is not None else _since(provision) <= on


def known_events(provision: Provision, on: date) -> list[Event]:
    """The events on record by ``on`` (see :func:`.dates.known_from`), oldest first."""
    history = provision.history
    known = known_from([e.on for e in history])
    return [e for e, k in zip(history, known, strict=True) if k <= on]


def deadlines_on(provision: Provision, on: date) -> list[Deadline]:
    """The deadlines and phases on record by ``on``."""
    return [d for d in provision.deadlines if _known(d.set_on, provision, on)]


def conditions_on(provision: Provision, on: date) -> list[str | Condition]:
    """The conditions on record by ``on``."""
    # A condition is plain text (on record with the provision) or a Condition with a date.
    return [c for c in provision.conditions if _known(getattr(c, "set_on", None), provision, on)]


def terms_on(provision: Provision, on: date) -> dict[str, Any]:
    """The provision's terms as known on ``on``: its own, updated by events up to then."""
    if _since(provision) > on:
        return {}
    terms = dict(provision.terms)
    for event in known_events(provision, on):
        if event.terms:
            terms.update(event.terms)
    return terms


def terms_since(provision: Provision, on: date) -> dict[str, date]:
    """The date each term's value as known on ``on`` is on record from."""
    since: dict[str, date] = dict.fromkeys(provision.terms, provision.history[0].on)
    for event in known_events(provision, on):
        for name in event.terms or {}:
            since[name] = event.on
    return since


def events_on(provision: Provision, on: date) -> list[Event]:
    """The events on record by ``on``, notes and all."""
    return known_events(provision, on)


def concerns_one_party(provision: Provision) -> bool:
    """Whether any event of the provision says which party it is about."""
    return any(e.party is not None for e in provision.history)


def last_event_on(provision: Provision, on: date) -> date | None:
    """The date of the latest event on record by ``on``."""
    events = known_events(provision, on)
    return events[-1].on if events else None


def passed_deadlines(
    provision: Provision, status: str | None, on: date, lifecycle: Lifecycle
) -> list[Deadline]:
    """Deadlines on record by ``on`` that passed before it while the provision was not done
    (none once it is)."""
    if status is None or lifecycle.is_done(status):
        return []
    return [d for d in deadlines_on(provision, on) if d.due is not None and last_day(d.due) < on]


def missed_deadline(
    provision: Provision, status: str | None, on: date, lifecycle: Lifecycle
) -> Deadline | None:
    """The latest deadline on record that passed before ``on`` with no completion recorded."""
    passed = passed_deadlines(provision, status, on, lifecycle)
    return max(passed, key=lambda d: d.due or on) if passed else None
