"""What changed in a window of dates: a monitor's digest.

Every event dated in the window, with the status move it made, the level and progress
before and after, its sources and note; the deadlines that became past due in the window
with no completion recorded; and the provisions with no news at the window's end (no
event for longer than the registry's ``stale_after_days``).

Events and deadlines becoming past due are facts of single days, so the changes over a
window are the union of the changes over any split of it. "No news" is a standing at the
window's end, as the status table would show it on that day.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .._model.dates import last_day
from . import agreement_engine, engine

if TYPE_CHECKING:
    from .._model.lifecycle import Lifecycle
    from .._model.records import Deadline, Provision
    from .query import Registry

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class SourceRef:
    """A source an event cites, as a reader needs it to judge the claim."""

    id: str
    #: None when the registry has no record of the source.
    title: str | None = None
    publisher: str | None = None
    reliability: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class AgreementRef:
    """An agreement a digest mentions."""

    id: str
    title: str
    date_signed: date | None = None


@dataclass(frozen=True)
class EventNews:
    """One event dated in the window, with what it changed."""

    provision: str
    agreement: str
    #: The provision's title.
    title: str
    on: date
    #: Its place in the provision's history, from 1.
    seq: int
    #: The status before the event; None for a provision's first event.
    from_status: str | None
    to_status: str
    from_level: int | None
    to_level: int | None
    #: What each level rests on (see :class:`engine.Basis`); None when not rated.
    from_basis: engine.Basis | None
    to_basis: engine.Basis | None
    from_progress: engine.Progress | None
    to_progress: engine.Progress | None
    #: The party the event concerns, where it concerns one of several.
    party: str | None
    sources: tuple[SourceRef, ...]
    note: str | None

    @property
    def first(self) -> bool:
        """Whether this is the provision's first event (it enters the record)."""
        return self.seq == 1


@dataclass(frozen=True)
class AgreementNews:
    """One event of an agreement's own history on record in the window (suspended, ended)."""

    agreement: str
    #: The agreement's title.
    title: str
    on: date
    #: Its place in the agreement's history, from 1.
    seq: int
    #: The agreement's status before the event; None for its first event.
    from_status: str | None
    to_status: str
    #: The party that acted, where the event names one.
    party: str | None
    sources: tuple[SourceRef, ...]
    note: str | None


@dataclass(frozen=True)
class PastDue:
    """A deadline that became past due in the window, with no completion recorded."""

    provision: str
    agreement: str
    title: str
    label: str
    due: date
    #: The first day it was past due (the day after ``due``, or when it came on record).
    since: date
    #: The provision's status that day.
    status: str
    #: The day that status began.
    status_since: date
    #: The status on the day it fell due, where that held the work up (suspended).
    fell_due_while: str | None = None
    #: The agreement's own status that day, where it held the work up (suspended).
    fell_due_while_agreement: str | None = None

    @property
    def words(self) -> str:
        """What the record says, and no more."""
        return engine.past_due_words(self.due, self.fell_due_while, self.fell_due_while_agreement)


@dataclass(frozen=True)
class NoNews:
    """A provision, not done, with no event on record for longer than the threshold."""

    provision: str
    agreement: str
    title: str
    status: str
    #: The latest news: of this provision, or of the same commitment elsewhere.
    last_event: date
    #: Days from that news to the window's end or the horizon, whichever is first.
    days: int


@dataclass(frozen=True)
class Changes:
    """What changed in a registry between two dates, both included."""

    since: date
    until: date
    #: The registry's threshold for "no news", in days.
    stale_after_days: int
    #: The agreements the digest mentions, by date signed, then id.
    agreements: tuple[AgreementRef, ...]
    #: Events in the window, by date, then provision, then place in its history.
    events: tuple[EventNews, ...]
    past_due: tuple[PastDue, ...]
    no_news: tuple[NoNews, ...]
    #: The date up to which the registry's sources were read (None: not known).
    horizon: date | None = None
    #: Events of agreements' own histories in the window, by date, then agreement.
    agreement_events: tuple[AgreementNews, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing happened, nothing fell due and nothing went quiet."""
        return not (self.events or self.agreement_events or self.past_due or self.no_news)

    def events_of(self, agreement_id: str) -> list[EventNews]:
        """The window's events of one agreement's provisions."""
        return [e for e in self.events if e.agreement == agreement_id]

    def own_events_of(self, agreement_id: str) -> list[AgreementNews]:
        """The window's events of one agreement's own history."""
        return [e for e in self.agreement_events if e.agreement == agreement_id]

    def agreement_title(self, agreement_id: str) -> str:
        """An agreement's title as the digest shows it (its id if it has no record)."""
        return next((a.title for a in self.agreements if a.id == agreement_id), agreement_id)


def changes(
    registry_or_path: Registry | str | Path,
    since: date,
    until: date | None = None,
    only: Collection[str] | None = None,
) -> Changes:
    """What changed from ``since`` to ``until`` (today if None), both days included; of
    the provisions ``only`` names, if given.

    Takes a loaded :class:`Registry` or a registry folder (loaded and checked first; raises
    :class:`~accordreg.ValidationFailed` if it has errors). Raises ValueError when the
    window ends before it starts.
    """
    from .query import Registry  # loading the models only once a digest is asked for

    if isinstance(registry_or_path, Registry):
        registry = registry_or_path
    else:
        from .load import load

        registry = load(registry_or_path)
    end = until or date.today()
    if end < since:
        raise ValueError(f"the window ends ({end}) before it starts ({since})")
    events: list[EventNews] = []
    past_due: list[PastDue] = []
    no_news: list[NoNews] = []
    ids = registry.provisions if only is None else [p for p in registry.provisions if p in only]
    for pid in sorted(ids):
        provision = registry.provision(pid)
        facts = registry.timeline(pid)
        # An event is news of the day it comes on record: a month's, once the month is out.
        if any(since <= f.known <= end for f in facts):
            events += _events(registry, provision, since, end)
        past_due += _past_due(registry, provision, facts, since, end)
        standing = registry.standing(pid, end)
        if standing.stale and standing.last_news and standing.status:
            no_news.append(
                NoNews(
                    pid,
                    provision.agreement,
                    provision.title,
                    str(standing.status),
                    standing.last_news,
                    standing.news_age or 0,
                )
            )
    own = _agreement_events(registry, since, end)
    events.sort(key=lambda e: (e.on, e.provision, e.seq))
    past_due.sort(key=lambda p: (p.since, p.provision, p.due, p.label))
    mentioned = {e.agreement for e in events} | {p.agreement for p in past_due}
    mentioned |= {e.agreement for e in own}
    mentioned |= {n.agreement for n in no_news}
    return Changes(
        since=since,
        until=end,
        stale_after_days=registry.settings.stale_after_days,
        horizon=registry.horizon,
        agreements=_agreements(registry, mentioned),
        events=tuple(events),
        past_due=tuple(past_due),
        no_news=tuple(no_news),
        agreement_events=tuple(own),
    )


def _agreement_events(registry: Registry, since: date, until: date) -> list[AgreementNews]:
    """The events of every agreement's own history that came on record in the window."""
    out = []
    for agreement_id, agreement in sorted(registry.agreements.items()):
        if not agreement.history:
            continue
        facts = registry.agreement_timeline(agreement_id)
        for i, (event, now) in enumerate(zip(agreement.history, facts, strict=True)):
            if not since <= now.known <= until:
                continue
            out.append(
                AgreementNews(
                    agreement=agreement_id,
                    title=agreement.short_title or agreement.title,
                    on=event.on,
                    seq=i + 1,
                    from_status=facts[i - 1].status if i else None,
                    to_status=now.status,
                    party=event.party,
                    sources=_sources(registry, event.sources),
                    note=event.note,
                )
            )
    out.sort(key=lambda e: (e.on, e.agreement, e.seq))
    return out


def _agreements(registry: Registry, ids: set[str]) -> tuple[AgreementRef, ...]:
    out = []
    for agreement_id in ids:
        agreement = registry.agreements.get(agreement_id)
        if agreement is None:
            out.append(AgreementRef(agreement_id, agreement_id))
        else:
            title = agreement.short_title or agreement.title
            out.append(AgreementRef(agreement_id, title, agreement.date_signed))
    return tuple(sorted(out, key=lambda a: (a.date_signed or date.max, a.id)))


def _sources(registry: Registry, ids: Sequence[str]) -> tuple[SourceRef, ...]:
    out = []
    for source_id in ids:
        s = registry.sources.get(source_id)
        if s is None:
            out.append(SourceRef(source_id))
        else:
            out.append(SourceRef(s.id, s.title, s.publisher, str(s.reliability), s.date, s.url))
    return tuple(out)


def _events(registry: Registry, provision: Provision, since: date, until: date) -> list[EventNews]:
    after = registry.timeline(provision.id)
    out = []
    for i, event in enumerate(provision.history):
        if not since <= after[i].known <= until:
            continue
        before = after[i - 1] if i else None
        now = after[i]
        out.append(
            EventNews(
                provision=provision.id,
                agreement=provision.agreement,
                title=provision.title,
                on=event.on,
                seq=i + 1,
                from_status=before.status if before else None,
                to_status=now.status,
                from_level=before.level if before else None,
                to_level=now.level,
                from_basis=before.basis if before else None,
                to_basis=now.basis,
                from_progress=before.progress if before else None,
                to_progress=now.progress,
                party=event.party,
                sources=_sources(registry, event.sources),
                note=event.note,
            )
        )
    return out


def _is_past_due(
    provision: Provision,
    facts: Sequence[engine.EventFacts],
    deadline: Deadline,
    lifecycle: Lifecycle,
    day: date,
) -> bool:
    """The status table's rule (:func:`engine.passed_deadlines`) for one deadline."""
    now = engine.at(facts, day)
    status = now.status if now else None
    return any(d is deadline for d in engine.passed_deadlines(provision, status, day, lifecycle))


def _past_due(
    registry: Registry,
    provision: Provision,
    facts: Sequence[engine.EventFacts],
    since: date,
    until: date,
) -> list[PastDue]:
    out = []
    lifecycle = registry.lifecycle
    first = facts[0].known
    for deadline in provision.deadlines:
        if deadline.due is None:
            continue
        due = last_day(deadline.due)
        whole = agreement_engine.agreement_now(registry, provision.agreement, due)
        if whole is not None and whole.over:
            continue  # due once the agreement had ended: nothing was owed (as a standing says)
        # Whether a deadline is past due can only change on these days: the day after it
        # falls due, the day it comes on record, and each day the status changes.
        days = {
            due + ONE_DAY,
            last_day(deadline.set_on) if deadline.set_on else first,
            *(f.known for f in facts),
        }
        for day in sorted(d for d in days if since <= d <= until):
            if _is_past_due(provision, facts, deadline, lifecycle, day) and not _is_past_due(
                provision, facts, deadline, lifecycle, day - ONE_DAY
            ):
                now = engine.at(facts, day)
                assert now is not None  # past due only once the provision is on record
                then = engine.at(facts, due)
                paused = then is not None and engine.paused(then.status, lifecycle)
                held = whole is not None and not whole.usual and not paused
                out.append(
                    PastDue(
                        provision.id,
                        provision.agreement,
                        provision.title,
                        deadline.label,
                        deadline.due,
                        day,
                        str(now.status),
                        now.since,
                        str(then.status) if paused and then else None,
                        str(whole.status) if held and whole else None,
                    )
                )
    return out
