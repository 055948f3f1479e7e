"""What was on record by a date: deadlines, conditions, terms, progress, each party's
standing, and how fresh the news is. A view of a past date shows no more than this.

A provision's own text (its terms, deadlines and conditions without ``set_on``) is on
record from its first event; whatever carries a ``set_on`` date, or an event's terms, from
that date on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model.lifecycle import UNSET, Lifecycle, Snapshot
from ..model.terms import count_of

if TYPE_CHECKING:  # the status command imports this module before any record is read
    from ..model.records import Condition, Deadline, Event, Provision
    from ..model.vocabulary import CategoryDef


def _since(provision: Provision) -> date:
    return provision.history[0].on


def _known(set_on: date | None, provision: Provision, on: date) -> bool:
    return (set_on or _since(provision)) <= on


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
    for event in provision.history:
        if event.on > on:
            break
        if event.terms:
            terms.update(event.terms)
    return terms


@dataclass(frozen=True)
class Progress:
    """What is achieved of a measurable target by a date, as events record it."""

    achieved: float
    #: The target (the measured term's count) as known then; None when not on record.
    target: float | None
    unit: str
    since: date

    def __str__(self) -> str:
        done = f"{self.achieved:g}"
        return f"{done}/{self.target:g} {self.unit}" if self.target else f"{done} {self.unit}"

    @property
    def share(self) -> float | None:
        """Achieved ÷ target, or None without a target."""
        return self.achieved / self.target if self.target else None


def progress_on(provision: Provision, category: CategoryDef | None, on: date) -> Progress | None:
    """The latest progress recorded by ``on``; None if none is (progress is never invented)."""
    if category is None or category.measure is None:
        return None
    latest = None
    for event in provision.history:
        if event.on > on:
            break
        if event.progress is not None:
            latest = event
    return _measured(latest, terms_on(provision, on), category)


def _measured(
    latest: Event | None, terms: dict[str, Any], category: CategoryDef | None
) -> Progress | None:
    """The progress ``latest`` records, against the target ``terms`` give the measure."""
    if latest is None or category is None or category.measure is None:
        return None
    target = count_of(terms.get(category.measure.term))
    return Progress(latest.progress or 0.0, target, category.measure.unit, latest.on)


def level_from_progress(share: float) -> int:
    """The documented rule: nothing 0, under half 1, half or more 2, all of it 3."""
    if share >= 1:
        return 3
    if share >= 0.5:
        return 2
    return 1 if share > 0 else 0


def derived_level(
    snapshot: Snapshot, explicit: bool, progress: Progress | None, lifecycle: Lifecycle
) -> int | None:
    """The level on a date: an event's explicit level, else from progress within the levels
    the status allows, else the lifecycle's default."""
    if explicit or progress is None or progress.share is None:
        return snapshot.level
    level = level_from_progress(progress.share)
    allowed = lifecycle.levels_for(snapshot.status)
    if not allowed:
        return snapshot.level
    # Within what the status allows: 18 of 18 released but not yet recorded as done is 2.
    return min(max(level, allowed[0]), allowed[-1])


def levels_after(
    provision: Provision, category: CategoryDef | None, lifecycle: Lifecycle
) -> list[int | None]:
    """The level after each event in turn, by the rule of :func:`derived_level`.

    Events of one day are taken one at a time, so each gets the level its own progress
    and terms give, where a view of the day would give them all the day's last.
    """
    out: list[int | None] = []
    terms = dict(provision.terms)
    latest = None
    for event, snapshot in zip(provision.history, lifecycle.walk(provision.steps()), strict=True):
        if event.terms:
            terms.update(event.terms)
        if event.progress is not None:
            latest = event
        progress = _measured(latest, terms, category)
        explicit = event.step().level is not UNSET
        out.append(derived_level(snapshot, explicit, progress, lifecycle))
    return out


def explicit_level(provision: Provision, on: date) -> bool:
    """Whether the last event by ``on`` sets its level itself."""
    last = None
    for event in provision.history:
        if event.on > on:
            break
        last = event
    return last is not None and last.step().level is not UNSET


def parties_on(provision: Provision, on: date, lifecycle: Lifecycle) -> dict[str, Snapshot | None]:
    """Each responsible party's standing: the events about it and those about no one party.

    The provision's own status is what its whole history says; this says who moved.
    """
    out: dict[str, Snapshot | None] = {}
    for party in provision.responsible:
        steps = [e.step() for e in provision.history if e.party in (None, party)]
        out[party] = lifecycle.replay(steps, on)
    return out


def concerns_one_party(provision: Provision) -> bool:
    """Whether any event of the provision says which party it is about."""
    return any(e.party is not None for e in provision.history)


def last_event_on(provision: Provision, on: date) -> date | None:
    """The date of the latest event on record by ``on``."""
    dates = [e.on for e in provision.history if e.on <= on]
    return dates[-1] if dates else None


def passed_deadlines(
    provision: Provision, status: str | None, on: date, lifecycle: Lifecycle
) -> list[Deadline]:
    """Deadlines on record by ``on`` that passed before it while the provision was not done
    (none once it is)."""
    if status is None or lifecycle.is_done(status):
        return []
    return [d for d in deadlines_on(provision, on) if d.due is not None and d.due < on]


def missed_deadline(
    provision: Provision, status: str | None, on: date, lifecycle: Lifecycle
) -> Deadline | None:
    """The latest deadline on record that passed before ``on`` with no completion recorded."""
    passed = passed_deadlines(provision, status, on, lifecycle)
    return max(passed, key=lambda d: d.due or on) if passed else None
