"""The lifecycles as data: states, allowed moves, implementation levels (a provision's;
an agreement's has states and moves only).

Pure: no I/O and no models. The default table uses the :class:`Status` states; a
registry's settings can bring a table of its own, with states named as it likes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum


class Status(StrEnum):
    """Where a provision stands."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    STALLED = "stalled"
    SUSPENDED = "suspended"
    RESUMPTION_AGREED = "resumption_agreed"
    IMPLEMENTED = "implemented"
    VERIFIED = "verified"
    REVERSED = "reversed"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class _Keep(Enum):
    KEEP = "keep"


#: Marks a state that keeps the level of the event before it.
KEEP = _Keep.KEEP


@dataclass(frozen=True)
class StateRule:
    """What one state allows: where it may go next and which levels it carries.

    ``done`` marks states in which a provision's deadlines no longer bind.
    """

    moves: frozenset[str]
    default_level: int | _Keep | None
    levels: frozenset[int]
    may_start: bool = False
    done: bool = False
    label: str = ""
    #: What the state means, for people (tables of states in exports, the settings file).
    description: str = ""

    @property
    def final(self) -> bool:
        """A final state allows no further move."""
        return not self.moves


def _rule(
    moves: Iterable[str],
    default: int | _Keep | None,
    levels: Iterable[int],
    *,
    may_start: bool = False,
    done: bool = False,
    description: str = "",
) -> StateRule:
    return StateRule(
        frozenset(moves), default, frozenset(levels), may_start, done, description=description
    )


S = Status
_KEEPING = (0, 1, 2)

#: The default table (design.md): each state, its moves, its default level, the levels
#: an event in that state may set.
DEFAULT_TABLE: Mapping[str, StateRule] = {
    S.PROPOSED: _rule(
        (S.AGREED, S.CANCELLED, S.SUPERSEDED),
        0,
        (0,),
        may_start=True,
        description="On the table, not agreed.",
    ),
    S.AGREED: _rule(
        (S.IN_PROGRESS, S.IMPLEMENTED, S.SUSPENDED, S.CANCELLED, S.SUPERSEDED),
        0,
        (0,),
        may_start=True,
        description="In an agreed text; no work reported yet.",
    ),
    S.IN_PROGRESS: _rule(
        (S.STALLED, S.SUSPENDED, S.IMPLEMENTED, S.CANCELLED, S.SUPERSEDED),
        1,
        (1, 2),
        description="Work on it is reported under way.",
    ),
    S.STALLED: _rule(
        (S.IN_PROGRESS, S.SUSPENDED, S.RESUMPTION_AGREED, S.CANCELLED, S.SUPERSEDED),
        KEEP,
        _KEEPING,
        description="Work on it is reported to have stopped, with no party suspending it.",
    ),
    S.SUSPENDED: _rule(
        (S.IN_PROGRESS, S.RESUMPTION_AGREED, S.CANCELLED, S.SUPERSEDED),
        KEEP,
        _KEEPING,
        description="Paused by a party.",
    ),
    # A decision to resume, with no work reported yet: not `in_progress` until a source says so.
    S.RESUMPTION_AGREED: _rule(
        (S.IN_PROGRESS, S.IMPLEMENTED, S.STALLED, S.SUSPENDED, S.CANCELLED, S.SUPERSEDED),
        KEEP,
        _KEEPING,
        description="A decision to resume, with no work reported yet.",
    ),
    S.IMPLEMENTED: _rule(
        (S.VERIFIED, S.REVERSED, S.SUPERSEDED),
        3,
        (3,),
        done=True,
        description="Done, by the parties' account.",
    ),
    S.VERIFIED: _rule(
        (S.REVERSED, S.SUPERSEDED), 3, (3,), done=True, description="Confirmed by the verifier."
    ),
    # Done, then undone: what was achieved no longer stands, so it counts as 0 unless an
    # event rates what remains.
    S.REVERSED: _rule(
        (S.IN_PROGRESS, S.SUSPENDED, S.RESUMPTION_AGREED, S.CANCELLED, S.SUPERSEDED),
        0,
        _KEEPING,
        description="Done, then undone.",
    ),
    # The successor carries the rating on, so a superseded provision leaves the average.
    S.SUPERSEDED: _rule(
        (), None, (), done=True, description="Replaced by another provision, which it names."
    ),
    S.CANCELLED: _rule(
        (), KEEP, _KEEPING, done=True, description="Dropped: it will not be carried out."
    ),
}


class AgreementStatus(StrEnum):
    """Where an agreement as a whole stands."""

    SIGNED = "signed"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    ENDED = "ended"
    SUPERSEDED = "superseded"


A = AgreementStatus
_AGREEMENT_ENDS = (A.ENDED, A.SUPERSEDED)

#: The default table for agreements: no levels (an agreement's level is its provisions'),
#: and ``done`` where it no longer binds, so its provisions' deadlines stop falling due.
AGREEMENT_TABLE: Mapping[str, StateRule] = {
    A.SIGNED: _rule((A.IN_FORCE, A.SUSPENDED, *_AGREEMENT_ENDS), None, (), may_start=True),
    # Some agreements take effect as they are signed (most ceasefires): a history may
    # start here.
    A.IN_FORCE: _rule((A.SUSPENDED, *_AGREEMENT_ENDS), None, (), may_start=True),
    A.SUSPENDED: _rule((A.RESUMED, *_AGREEMENT_ENDS), None, ()),
    A.RESUMED: _rule((A.SUSPENDED, *_AGREEMENT_ENDS), None, ()),
    A.ENDED: _rule((), None, (), done=True),
    A.SUPERSEDED: _rule((), None, (), done=True),
}

LEVEL_NAMES: Mapping[int, str] = {0: "not initiated", 1: "minimal", 2: "intermediate", 3: "full"}


class _Unset(Enum):
    UNSET = "unset"


#: An event that says nothing about its level (as opposed to ``None``: not rated).
UNSET = _Unset.UNSET

#: What an event may say of its level: a level, null (not rated), or nothing (UNSET).
StepLevel = int | None | _Unset


@dataclass(frozen=True)
class Step:
    """One history event as the lifecycle sees it."""

    on: date
    status: str
    level: int | _Unset | None = UNSET


@dataclass(frozen=True)
class Snapshot:
    """A provision's standing on a date: status, level (None = not rated), since when."""

    status: str
    level: int | None
    since: date


class Lifecycle:
    """A state table with the questions validation and editing ask of it."""

    def __init__(self, table: Mapping[str, StateRule] = DEFAULT_TABLE) -> None:
        self.table = dict(table)
        #: The states in the order the table declares them.
        self.order: tuple[str, ...] = tuple(self.table)
        unknown = sorted({m for r in self.table.values() for m in r.moves} - set(self.table))
        if unknown:
            raise ValueError(f"lifecycle moves lead to undeclared states: {unknown}")
        if not any(r.may_start for r in self.table.values()):
            raise ValueError("no state of the lifecycle may start a history")
        self._starts = tuple(s for s in self.order if self.table[s].may_start)
        #: Each state by its name, as the table holds it (default states as Status members).
        self.by_name: Mapping[str, str] = {str(s): s for s in self.order}

    def states(self) -> tuple[str, ...]:
        """Every state, in declaration order."""
        return self.order

    def canonical(self, name: str) -> str | None:
        """The state called ``name`` as the table holds it, or None if there is none."""
        return self.by_name.get(name)

    def starts(self) -> tuple[str, ...]:
        """States a history may start at."""
        return self._starts

    def moves_from(self, status: str) -> tuple[str, ...]:
        """States reachable in one move, in declaration order."""
        rule = self.table[status].moves
        return tuple(s for s in self.order if s in rule)

    def can_move(self, src: str, dst: str) -> bool:
        """Whether ``src -> dst`` is an allowed move.

        Repeating a state that is not final is allowed too: an event that records news
        (progress, terms, a level, a note) without a change of status.
        """
        return dst in self.table[src].moves or (dst == src and not self.table[src].final)

    def levels_for(self, status: str) -> tuple[int, ...]:
        """Levels an event in this state may set explicitly."""
        return tuple(sorted(self.table[status].levels))

    def allows_level(self, status: str, level: int) -> bool:
        """Whether an event in this state may set this level explicitly."""
        return level in self.table[status].levels

    def is_done(self, status: str) -> bool:
        """Whether deadlines no longer bind a provision in this state."""
        return self.table[status].done

    def is_final(self, status: str) -> bool:
        """Whether no move leads out of this state."""
        return self.table[status].final

    def fingerprint(self) -> str:
        """The whole table as stable text, for cache keys (set order is not stable)."""
        return repr(
            [
                (
                    str(s),
                    sorted(str(m) for m in r.moves),
                    repr(r.default_level),
                    sorted(r.levels),
                    r.may_start,
                    r.done,
                )
                for s, r in self.table.items()
            ]
        )

    def level_after(self, previous: int | None, step: Step) -> int | None:
        """The level once ``step`` has happened, given the level before it."""
        if step.level is not UNSET:
            return step.level
        default = self.table[step.status].default_level
        return previous if default is KEEP else default

    def walk(self, steps: Iterable[Step]) -> Iterator[Snapshot]:
        """The standing after each step in turn."""
        level: int | None = None
        for step in steps:
            level = self.level_after(level, step)
            yield Snapshot(step.status, level, step.on)

    def replay(self, steps: Iterable[Step], on: date | None = None) -> Snapshot | None:
        """The standing after every step dated on or before ``on`` (all steps if None)."""
        snapshot: Snapshot | None = None
        for after in self.walk(steps):
            if on is not None and after.since > on:
                break
            snapshot = after
        return snapshot


DEFAULT_LIFECYCLE = Lifecycle()
DEFAULT_AGREEMENT_LIFECYCLE = Lifecycle(AGREEMENT_TABLE)
