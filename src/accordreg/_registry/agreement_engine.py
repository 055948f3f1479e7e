"""What is derived of an agreement as a whole: its status after each of its own events,
and its standing on a date. Part of the one engine (:mod:`.engine`): every view of an
agreement's status reads it, and a provision's standing reads it for what its agreement
was doing, without inventing events of the provision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .._hints import aside
from .._model.dates import known_from
from .engine import AgreementNow, Basis, EventFacts, Standing, at

if TYPE_CHECKING:
    from .._model.lifecycle import Lifecycle
    from .._model.records import Agreement
    from .query import Registry


@dataclass(frozen=True)
class AgreementFacts:
    """What holds once one event of an agreement's own history has happened."""

    #: The event's place in the agreement's history, from 1.
    seq: int
    on: date
    status: str
    #: The day the status began: the first of a run of events in this status.
    since: date
    #: The party that acted, where the event names one (who suspended it, say).
    party: str | None
    #: The day the event is on record from (see "Dates known to a month or a year").
    known: date


@dataclass(frozen=True)
class AgreementStanding:
    """Everything derived of one agreement on one date."""

    agreement: Agreement
    on: date
    #: Its status from its own history; None when none of its events is on record by then.
    status: str | None
    #: The day that status began.
    since: date | None
    #: The party that acted in the event that began the status, where one is named.
    party: str | None
    #: The date of the latest event of its own on record by then.
    last_event: date | None
    #: Its provisions' level (Σ levels ÷ (3 × rated provisions)) and what it rests on.
    level: AgreementLevel
    #: Whether its status no longer binds (ended, superseded: a state marked done).
    over: bool = False


def agreement_timeline(agreement: Agreement, lifecycle: Lifecycle) -> list[AgreementFacts]:
    """The agreement's status after each of its own events, in order."""
    events = agreement.history
    known = known_from([e.on for e in events])
    out: list[AgreementFacts] = []
    for seq, event in enumerate(events, start=1):
        since = event.on
        party = event.party
        if out and out[-1].status == event.status:
            # News in the same status (a note, another source): the status began earlier,
            # and by the party that began it unless this event names one.
            since = out[-1].since
            party = party or out[-1].party
        out.append(AgreementFacts(seq, event.on, event.status, since, party, known[seq - 1]))
    return out


def states_named(words: str | Sequence[str], lifecycle: Lifecycle) -> set[str]:
    """The agreement states named by a word or words; ValueError with a did-you-mean for
    one the lifecycle does not have."""
    wanted = set()
    for word in [words] if isinstance(words, str) else words:
        state = lifecycle.canonical(word)
        if state is None:
            hint = aside(word, list(lifecycle.by_name))
            raise ValueError(f"status: no agreement status {word!r}{hint}")
        wanted.add(state)
    return wanted


def find_agreements(
    registry: Registry, status: str | Sequence[str] | None, on: date
) -> list[Agreement]:
    """The agreements whose own status on ``on`` is ``status`` (any of them), by id."""
    lifecycle = registry.settings.agreement_lifecycle
    wanted = None if status is None else states_named(status, lifecycle)
    return [
        a
        for aid, a in sorted(registry.agreements.items())
        if wanted is None or registry.agreement_status_on(aid, on) in wanted
    ]


def agreement_at(facts: Sequence[AgreementFacts], on: date) -> AgreementFacts | None:
    """The facts of the agreement's last event on record by ``on``; None before the first."""
    return at(facts, on)


def agreement_now(registry: Registry, agreement_id: str, on: date) -> AgreementNow | None:
    """What an agreement was doing on ``on``, as its provisions' standings tell it; None
    without a record or a history of its own."""
    if agreement_id not in registry.agreements or not registry.agreement(agreement_id).history:
        return None
    now = agreement_at(registry.agreement_timeline(agreement_id), on)
    if now is None:
        return None
    rule = registry.settings.agreement_lifecycle.table[now.status]
    return AgreementNow(now.status, now.since, now.party, rule.done, rule.may_start)


def agreement_standing(registry: Registry, agreement_id: str, on: date) -> AgreementStanding:
    """An agreement's standing on ``on``, from its :func:`agreement_timeline`."""
    agreement = registry.agreement(agreement_id)
    lifecycle = registry.settings.agreement_lifecycle
    level = registry.agreement_level(agreement_id, on)
    facts = registry.agreement_timeline(agreement_id)
    now = agreement_at(facts, on)
    return AgreementStanding(
        agreement=agreement,
        on=on,
        status=now.status if now else None,
        since=now.since if now else None,
        party=now.party if now else None,
        last_event=now.on if now else None,
        level=level,
        over=now is not None and lifecycle.is_done(now.status),
    )


# -- an agreement's level ----------------------------------------------------------------


@dataclass(frozen=True)
class AgreementLevel:
    """An agreement's level on a date: Σ levels ÷ (3 × rated provisions), and on what it rests."""

    #: The percentage; None when no provision is rated.
    percent: float | None
    #: Provisions on record by the date.
    provisions: int
    #: Rated by a source (an event's level or recorded progress).
    by_sources: int
    #: Rated by the level the lifecycle gives a reported status.
    by_status: int
    tracked: bool = True

    @property
    def rated(self) -> int:
        """Provisions whose level counts."""
        return self.by_sources + self.by_status

    def __str__(self) -> str:
        if not self.tracked:
            return "implementation not tracked"
        if self.percent is None:
            return "no provision rated"
        basis = []
        if self.by_sources:
            basis.append(f"{self.by_sources} by sources")
        if self.by_status:
            basis.append(f"{self.by_status} by status")
        return (
            f"level {self.percent:.0f}% ({self.rated} of {self.provisions} "
            f"provision{'' if self.provisions == 1 else 's'} rated: " + ", ".join(basis) + ")"
        )


def rating(facts: Standing | EventFacts | None) -> int | None:
    """The level that counts in an agreement's level: None when not rated, or when it is
    a start state's default (no work reported)."""
    if facts is None or facts.level is None or facts.basis is None or not facts.basis.rated:
        return None
    return facts.level


def agreement_level(
    standings: Iterable[Standing | EventFacts | None], tracked: bool = True
) -> AgreementLevel:
    """Σ levels ÷ (3 × rated provisions), as a percentage, over ratings only (see
    :func:`rating`)."""
    total = by_sources = by_status = points = 0
    for s in standings:
        if s is None or s.status is None:
            continue
        total += 1
        rated = rating(s)
        if rated is None:
            continue
        points += rated
        if s.basis is Basis.STATUS:
            by_status += 1
        else:
            by_sources += 1
    rated = by_sources + by_status
    percent = 100.0 * points / (3 * rated) if rated and tracked else None
    return AgreementLevel(percent, total, by_sources, by_status, tracked)
