"""What a reader should see first: headline figures and the latest events.

Shared by the HTML report and the website, so that a figure means the same in both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .._model.dates import known_from
from .._registry.flat_tables import latest_event
from . import words

if TYPE_CHECKING:
    from .._model.records import Event, Provision
    from .._registry.engine import Standing
    from .._registry.query import Registry

#: The window of "what changed recently".
RECENT_DAYS = 30


@dataclass(frozen=True)
class Headline:
    """The registry's figures on a date: provisions per status, past due, no news."""

    on: date
    #: The agreements the provisions belong to.
    agreements: int
    provisions: int
    #: (status, its label, count) in the lifecycle's order, states with no provision left
    #: out; provisions with nothing recorded by the date come last under None.
    by_status: tuple[tuple[str | None, str, int], ...]
    past_due: int
    no_news: int
    latest_event: date | None
    stale_after_days: int
    #: Distinct commitments: provisions linked by `same_as` count once.
    commitments: int = 0
    #: Agreements on record with no provision (a whole registry's headline only).
    without_provisions: int = 0
    #: The date up to which the registry's sources were read.
    horizon: date | None = None
    #: Whether the registry tracks what happened (False: no "no news" to count).
    tracked: bool = True


def headline(
    registry: Registry, rows: Sequence[Standing], on: date, *, filtered: bool = False
) -> Headline:
    """The figures of ``rows`` (every provision's standing on ``on``; or, ``filtered``,
    those a filter kept, whose agreements and latest event are then theirs alone)."""
    counts: dict[str | None, int] = {}
    for s in rows:
        counts[s.status] = counts.get(s.status, 0) + 1
    ordered: list[tuple[str | None, str, int]] = [
        (state, state_label(registry, state), counts[state])
        for state in registry.lifecycle.states()
        if state in counts
    ]
    if None in counts:
        ordered.append((None, state_label(registry, None), counts[None]))
    holding = {s.provision.agreement for s in rows}
    return Headline(
        on=on,
        agreements=len(holding),
        provisions=len(rows),
        by_status=tuple(ordered),
        past_due=sum(1 for s in rows if s.missed is not None),
        no_news=sum(1 for s in rows if s.stale),
        latest_event=latest_event(rows) if filtered else registry.latest_event(on),
        stale_after_days=registry.settings.stale_after_days,
        commitments=commitments([s.provision for s in rows]),
        without_provisions=0 if filtered else len(set(registry.agreements) - holding),
        horizon=registry.horizon,
        tracked=registry.settings.tracks_implementation,
    )


def commitments(provisions: Sequence[Provision]) -> int:
    """How many distinct commitments: provisions linked by ``same_as`` (either way, or
    through others) are one."""
    parent = {p.id: p.id for p in provisions}

    def top(pid: str) -> str:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for p in provisions:
        for other in p.same_as:
            if other in parent:
                parent[top(p.id)] = top(other)
    return len({top(pid) for pid in parent})


def state_label(registry: Registry, state: str | None) -> str:
    """A state as words: its label in the lifecycle, else ``in_progress`` as "in progress";
    None is "nothing recorded yet"."""
    if state is None:
        return "nothing recorded yet"
    rule = registry.lifecycle.table.get(state)
    return rule.label if rule is not None and rule.label else str(state).replace("_", " ")


def sentence(h: Headline) -> str:
    """The headline in one sentence, e.g. for the top of a report."""
    statuses = ", ".join(f"{n:,} {label}" for _, label, n in h.by_status) or "none"
    distinct = (
        f", {words.count(h.commitments, 'distinct commitment')}"
        if h.commitments and h.commitments != h.provisions
        else ""
    )
    bare = h.without_provisions
    others = (
        f" {bare:,} more agreement{' has' if bare == 1 else 's have'} no provision on record;"
        if bare
        else ""
    )
    read = ""
    if h.horizon and h.horizon < h.on:
        read = f" before {h.horizon.isoformat()}, the date up to which sources were read"
    news = (
        f" {h.no_news:,} with no news for over {words.count(h.stale_after_days, 'day')}{read}."
        if h.tracked
        else " implementation not tracked: the registry records what was agreed."
    )
    return (
        f"On {h.on.isoformat()}: {words.count(h.provisions, 'provision')} "
        f"of {words.count(h.agreements, 'agreement')}{distinct} "
        f"({statuses});{others} {h.past_due:,} past due with no completion recorded;{news}"
    )


@dataclass(frozen=True)
class RecentEvent:
    """One event of a provision, with its place in the history."""

    provision: Provision
    event: Event
    #: 1 for the first event of the history.
    seq: int
    #: The day it is on record from (its date, or the end of its month or year).
    known: date


def recent_events(registry: Registry, on: date, days: int = RECENT_DAYS) -> list[RecentEvent]:
    """Events dated in the ``days`` days up to ``on`` (inclusive), newest first."""
    start = on - timedelta(days=days)
    found = [e for e in _events(registry) if start < e.known <= on]
    return sorted(found, key=lambda e: (e.event.on, e.provision.id, e.seq), reverse=True)


def latest_events(registry: Registry, on: date, count: int = 10) -> list[RecentEvent]:
    """The ``count`` latest events on record by ``on``, newest first."""
    found = [e for e in _events(registry) if e.known <= on]
    found.sort(key=lambda e: (e.event.on, e.provision.id, e.seq), reverse=True)
    return found[:count]


def _events(registry: Registry) -> Iterator[RecentEvent]:
    for provision in registry.provisions.values():
        known = known_from([e.on for e in provision.history])
        for seq, (event, day) in enumerate(zip(provision.history, known, strict=True), start=1):
            yield RecentEvent(provision, event, seq, day)
