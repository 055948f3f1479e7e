"""The one engine for every derived fact: what each output says of a provision is read here.

Status and the day it began, the level after each event and on what it rests, progress,
each party's standing, terms, deadlines and conditions as known on a date, deadlines
past due (and what the provision was doing when they fell due), news and its age, and an
agreement's level. Every view (the status table, cards, reports, the site, digests, the
diff, the exports and ``to_frame``) reads these values; none recomputes a rule.

What the engine says is no more than the record supports:

* a view of a date shows what was on record by it: a provision's own text (terms,
  deadlines and conditions without ``set_on``) from its first event, whatever carries a
  ``set_on`` date, or an event's terms, from that date on;
* the age of the news is measured to the registry's **horizon**, the date up to which its
  sources were read, never past it;
* a level the lifecycle gives a start state by default (``agreed``: 0) says only that no
  work is reported, and is not counted as a rating (:class:`Basis`);
* a registry that records what was agreed, not what happened, tracks no implementation:
  it has no "no news" and no percentage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .._model.dates import known_from, last_day
from .._model.lifecycle import KEEP, UNSET, Lifecycle, Snapshot
from .._model.terms import count_of
from .as_of import (
    concerns_one_party,
    conditions_on,
    deadlines_on,
    events_on,
    last_event_on,
    missed_deadline,
    passed_deadlines,
    terms_on,
    terms_since,
)

__all__ = [
    "AgreementNow",
    "Basis",
    "Context",
    "EventFacts",
    "Progress",
    "Standing",
    "at",
    "concerns_one_party",
    "conditions_on",
    "deadlines_on",
    "events_on",
    "last_event_on",
    "level_from_progress",
    "missed_deadline",
    "parties_on",
    "passed_deadlines",
    "past_due_words",
    "paused",
    "standing",
    "terms_on",
    "terms_since",
    "timeline",
]

if TYPE_CHECKING:  # the status command imports this module before any record is read
    from .._model.records import Deadline, Event, Provision
    from .._model.vocabulary import CategoryDef


class Basis(StrEnum):
    """What a level rests on."""

    #: An event sets the level itself, as its source rates it.
    EVENT = "event"
    #: The share of the measurable target that events record as achieved.
    PROGRESS = "progress"
    #: The level the lifecycle gives the status a source reported (in progress: 1).
    STATUS = "status"
    #: A start state's level (agreed: 0): no work reported, which is not a finding.
    DEFAULT = "default"

    @property
    def rated(self) -> bool:
        """Whether a level on this basis counts as a rating (in an agreement's level)."""
        return self is not Basis.DEFAULT


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


@dataclass(frozen=True)
class EventFacts:
    """What holds once one event has happened (events of one day taken one at a time)."""

    #: The event's place in the history, from 1.
    seq: int
    on: date
    status: str
    #: The day the status began: the first of a run of events in this status.
    since: date
    level: int | None
    #: What the level rests on; None when not rated.
    basis: Basis | None
    progress: Progress | None
    #: The party the event concerns; None when it stands for the provision as a whole.
    party: str | None
    #: The day the event is on record from: the end of its date's period, or sooner when a
    #: later event's is (see "Dates known to a month or a year"); ``on`` when known to the day.
    known: date

    @property
    def snapshot(self) -> Snapshot:
        """Status, level and the day the status began, as the lifecycle's snapshot."""
        return Snapshot(self.status, self.level, self.since)


def timeline(
    provision: Provision, category: CategoryDef | None, lifecycle: Lifecycle
) -> list[EventFacts]:
    """The facts after each event in turn: the one rule for status, level and progress."""
    return _timeline(provision.history, provision.terms, category, lifecycle)


def _timeline(
    events: Sequence[Event],
    own_terms: dict[str, Any],
    category: CategoryDef | None,
    lifecycle: Lifecycle,
) -> list[EventFacts]:
    out: list[EventFacts] = []
    terms = dict(own_terms)
    latest: Event | None = None
    level: int | None = None
    basis: Basis | None = None
    since = events[0].on if events else date.min
    known = known_from([e.on for e in events])
    for seq, event in enumerate(events, start=1):
        step = event.step()
        if event.terms:
            terms.update(event.terms)
        if event.progress is not None:
            latest = event
        if out and out[-1].status != step.status:
            since = step.on
        level, basis = _level_after(level, basis, step.status, step.level, lifecycle)
        progress = _measured(latest, terms, category)
        if step.level is UNSET and progress is not None and progress.share is not None:
            allowed = lifecycle.levels_for(step.status)
            if allowed:
                # Within what the status allows: 18 of 18 released but not yet recorded as
                # done is 2.
                share_level = level_from_progress(progress.share)
                level = min(max(share_level, allowed[0]), allowed[-1])
                basis = Basis.PROGRESS
        out.append(
            EventFacts(
                seq,
                step.on,
                step.status,
                since,
                level,
                basis,
                progress,
                event.party,
                known[seq - 1],
            )
        )
    return out


def _level_after(
    level: int | None,
    basis: Basis | None,
    status: str,
    given: int | object | None,
    lifecycle: Lifecycle,
) -> tuple[int | None, Basis | None]:
    """The level (and its basis) once an event in ``status`` has happened."""
    if given is not UNSET:
        assert given is None or isinstance(given, int)
        return given, (Basis.EVENT if given is not None else None)
    rule = lifecycle.table[status]
    if rule.default_level is KEEP:
        if level is not None and rule.levels and level not in rule.levels:
            # A kept level the state does not allow (3 once undone) is brought within it.
            allowed = sorted(rule.levels)
            level = min(max(level, allowed[0]), allowed[-1])
        return level, basis if level is not None else None
    if rule.default_level is None:
        return None, None
    assert isinstance(rule.default_level, int)
    return rule.default_level, Basis.DEFAULT if rule.may_start else Basis.STATUS


class _OnRecord(Protocol):
    @property
    def known(self) -> date: ...


_Facts = TypeVar("_Facts", bound=_OnRecord)


def at(facts: Sequence[_Facts], on: date) -> _Facts | None:
    """The facts of the last event on record by ``on``; None before the first (a
    provision's or an agreement's: the one rule of what is on record by a day)."""
    found = None
    for f in facts:
        if f.known > on:
            break
        found = f
    return found


def level_from_progress(share: float) -> int:
    """The documented rule: nothing 0, under half 1, half or more 2, all of it 3."""
    if share >= 1:
        return 3
    if share >= 0.5:
        return 2
    return 1 if share > 0 else 0


def _measured(
    latest: Event | None, terms: dict[str, Any], category: CategoryDef | None
) -> Progress | None:
    """The progress ``latest`` records, against the target ``terms`` give the measure."""
    if latest is None or category is None or category.measure is None:
        return None
    target = count_of(terms.get(category.measure.term))
    return Progress(latest.progress or 0.0, target, category.measure.unit, latest.on)


def parties_on(
    provision: Provision, on: date, lifecycle: Lifecycle, category: CategoryDef | None = None
) -> dict[str, Snapshot | None]:
    """Each responsible party's standing from the events that name it, and only those, by
    the rule of :func:`timeline` (its progress counts as the provision's would).

    An event that names no party stands for the provision as a whole: it is the
    provision's status, not each party's act (None: no event names the party).
    """
    out: dict[str, Snapshot | None] = dict.fromkeys(provision.responsible)
    named = {e.party for e in provision.history if e.party is not None}
    for party in named.intersection(out):
        events = [e for e in provision.history if e.party == party]
        now = at(_timeline(events, provision.terms, category, lifecycle), on)
        out[party] = now.snapshot if now else None
    return out


def paused(status: str | None, lifecycle: Lifecycle) -> bool:
    """Whether a status holds work up (it keeps the level it found and is not done):
    suspended, stalled, a resumption only agreed."""
    if status is None:
        return False
    rule = lifecycle.table[status]
    return rule.default_level is KEEP and not rule.done and bool(rule.moves)


# -- a provision's standing --------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the rules need of the registry beyond the provision itself."""

    lifecycle: Lifecycle
    stale_after_days: int
    #: The date up to which the registry's sources were read (None: nothing is on record).
    horizon: date | None
    #: Whether the registry records what happened, not only what was agreed.
    tracked: bool = True
    #: The provision's category, for its measure (a standing's parties read progress).
    category: CategoryDef | None = None


@dataclass(frozen=True)
class AgreementNow:
    """What a provision's agreement was doing on the day of its standing, from the
    agreement's own history (``agreement_engine``): never an event of the provision."""

    status: str
    #: The day that status began.
    since: date
    #: The party that acted, where the agreement's event names one.
    party: str | None
    #: Whether the agreement no longer binds (ended, superseded).
    over: bool
    #: Whether the status is one a history may start in (signed, in force): nothing a
    #: provision's reader need be told of.
    usual: bool = False


@dataclass(frozen=True)
class Standing:
    """Everything derived of one provision on one date."""

    provision: Provision
    on: date
    status: str | None
    level: int | None
    #: What the level rests on; None when not rated.
    basis: Basis | None
    #: The day the current status began.
    since: date | None
    next_deadline: Deadline | None
    overdue: bool
    #: The latest deadline on record that passed with no completion recorded.
    missed: Deadline | None = None
    #: The status on the day that deadline fell due, when it held the work up (suspended).
    missed_while: str | None = None
    #: The agreement's own status on that day, where it held the work up (suspended) and
    #: the provision's own status did not say so.
    missed_while_agreement: str | None = None
    #: Progress against the measurable target, as recorded by then.
    progress: Progress | None = None
    #: The date of the latest event on record by then, of this provision.
    last_event: date | None = None
    #: The latest news by then: this provision's events and those of the same commitment
    #: recorded elsewhere (``same_as``).
    last_news: date | None = None
    #: Days from the latest news to the date of the view or the horizon, whichever is first.
    news_age: int | None = None
    #: No news on record for longer than the registry's `stale_after_days`.
    stale: bool = False
    #: Whether the registry tracks what happened (False: "not tracked").
    tracked: bool = True
    #: Each responsible party's standing, from the events that name it.
    parties: dict[str, Snapshot | None] = field(default_factory=dict)
    #: What the provision's agreement was doing then, where its own history says.
    agreement: AgreementNow | None = None

    @property
    def rated(self) -> bool:
        """Whether the level is a rating (a source's, or what a reported status implies)."""
        return self.level is not None and self.basis is not None and self.basis.rated

    @property
    def past_due(self) -> str | None:
        """What is known of a missed deadline, in words: no more than the record says."""
        if self.missed is None or self.missed.due is None:
            return None
        return past_due_words(self.missed.due, self.missed_while, self.missed_while_agreement)


def past_due_words(
    due: date, fell_due_while: str | None, agreement_while: str | None = None
) -> str:
    """A missed deadline in words, and the state the work (or its agreement) was in when
    it fell due."""
    while_ = f" while {fell_due_while.replace('_', ' ')}" if fell_due_while else ""
    if agreement_while and not while_:
        while_ = f" while the agreement was {agreement_while.replace('_', ' ')}"
    return f"past due {due.isoformat()}{while_}, no completion recorded"


def standing(
    provision: Provision,
    facts: Sequence[EventFacts],
    on: date,
    context: Context,
    linked_news: Iterable[EventFacts] = (),
    agreement: AgreementNow | None = None,
    agreement_on: Callable[[date], AgreementNow | None] | None = None,
) -> Standing:
    """A provision's standing on ``on``, from its :func:`timeline` ``facts``.

    ``linked_news`` are the facts of events of the same commitment recorded on other
    provisions (``same_as``): news of this one too. News counts from the day it is on
    record (``known``), so a month's event is not news before the month is out.
    ``agreement`` is what the provision's agreement was doing on ``on``; ``agreement_on``
    gives the same for any day (the day a deadline fell due).
    """
    lifecycle = context.lifecycle
    now = at(facts, on)
    status = now.status if now else None
    upcoming = (
        sorted(
            (d for d in deadlines_on(provision, on) if d.due is not None and last_day(d.due) >= on),
            key=lambda d: d.due or on,
        )
        if now
        else []
    )
    last = now.on if now else None
    heard = [f for f in linked_news if f.known <= on]
    if now is not None:
        heard.append(now)
    latest = max(heard, key=lambda f: f.known, default=None)
    last_news = latest.on if latest is not None else None
    done = status is not None and lifecycle.is_done(status)
    missed = missed_deadline(provision, status, on, lifecycle) if now else None
    over = agreement is not None and agreement.over
    if over and missed is not None and missed.due is not None:
        assert agreement is not None
        if agreement.since <= missed.due:
            # Due after the agreement ended: nothing was owed any more.
            missed = None
    missed_while = missed_while_agreement = None
    if missed is not None and missed.due is not None:
        then = at(facts, last_day(missed.due))
        whole = agreement_on(last_day(missed.due)) if agreement_on is not None else None
        if whole is not None and not whole.usual and not whole.over:
            missed_while_agreement = whole.status
        if then is not None and paused(then.status, lifecycle):
            missed_while = then.status
    # "No news" is measured to what was read: the horizon, or the view's date if earlier.
    end = min(on, context.horizon) if context.horizon else on
    heard_on = latest.known if latest is not None else None
    age = (end - heard_on).days if heard_on is not None and heard_on <= end else None
    if heard_on is not None and age is None:
        age = 0
    stale = (
        context.tracked
        and age is not None
        and not done
        and status is not None
        and age > context.stale_after_days
    )
    return Standing(
        provision=provision,
        on=on,
        status=status,
        level=now.level if now else None,
        basis=now.basis if now else None,
        since=now.since if now else None,
        next_deadline=upcoming[0] if upcoming else None,
        overdue=missed is not None,  # a deadline passed exactly when one was missed
        missed=missed,
        missed_while=missed_while,
        missed_while_agreement=missed_while_agreement,
        progress=now.progress if now else None,
        last_event=last,
        last_news=last_news,
        news_age=age,
        stale=stale,
        tracked=context.tracked,
        parties=parties_on(provision, on, lifecycle, context.category) if now else {},
        agreement=agreement,
    )
