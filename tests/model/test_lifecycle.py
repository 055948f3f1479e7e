"""The lifecycle table, levels and replay, checked against design.md and by properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordreg._model.lifecycle import (
    DEFAULT_LIFECYCLE,
    DEFAULT_TABLE,
    KEEP,
    UNSET,
    Lifecycle,
    Status,
    Step,
    StepLevel,
)

S = Status
LC = DEFAULT_LIFECYCLE

DESIGN_MOVES = {
    S.PROPOSED: {S.AGREED, S.CANCELLED, S.SUPERSEDED},
    S.AGREED: {S.IN_PROGRESS, S.IMPLEMENTED, S.SUSPENDED, S.CANCELLED, S.SUPERSEDED},
    S.IN_PROGRESS: {S.STALLED, S.SUSPENDED, S.IMPLEMENTED, S.CANCELLED, S.SUPERSEDED},
    S.STALLED: {S.IN_PROGRESS, S.SUSPENDED, S.RESUMPTION_AGREED, S.CANCELLED, S.SUPERSEDED},
    S.SUSPENDED: {S.IN_PROGRESS, S.RESUMPTION_AGREED, S.CANCELLED, S.SUPERSEDED},
    # A decision to resume is not work under way: it has a state of its own.
    S.RESUMPTION_AGREED: {
        S.IN_PROGRESS,
        S.IMPLEMENTED,
        S.STALLED,
        S.SUSPENDED,
        S.CANCELLED,
        S.SUPERSEDED,
    },
    S.IMPLEMENTED: {S.VERIFIED, S.REVERSED, S.SUPERSEDED},
    S.VERIFIED: {S.REVERSED, S.SUPERSEDED},
    S.REVERSED: {S.IN_PROGRESS, S.SUSPENDED, S.RESUMPTION_AGREED, S.CANCELLED, S.SUPERSEDED},
    S.SUPERSEDED: set(),
    S.CANCELLED: set(),
}


def test_moves_are_exactly_those_of_the_design() -> None:
    """The table allows exactly the moves design.md lists (and the decision to resume)."""
    assert {s: set(LC.moves_from(s)) for s in Status} == DESIGN_MOVES


def test_histories_start_at_proposed_or_agreed() -> None:
    """Only proposed and agreed may open a history."""
    assert set(LC.starts()) == {S.PROPOSED, S.AGREED}


def test_final_states() -> None:
    """Superseded and cancelled are final."""
    assert {s for s in Status if DEFAULT_TABLE[s].final} == {S.SUPERSEDED, S.CANCELLED}


def test_every_state_is_reachable_from_a_start() -> None:
    """No state in the table is dead: each can be reached from a start state."""
    seen = set(LC.starts())
    frontier = list(seen)
    while frontier:
        for nxt in LC.moves_from(frontier.pop()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(Status)


@pytest.mark.parametrize(
    ("status", "level"),
    [(S.PROPOSED, 0), (S.AGREED, 0), (S.IN_PROGRESS, 1), (S.IMPLEMENTED, 3), (S.VERIFIED, 3)],
)
def test_default_levels(status: Status, level: int) -> None:
    """States with a fixed default level get it when the event sets none."""
    assert LC.level_after(2, Step(date(2025, 1, 1), status)) == level


@pytest.mark.parametrize("status", [S.STALLED, S.SUSPENDED, S.CANCELLED])
@pytest.mark.parametrize("previous", [None, 0, 1, 2, 3])
def test_keeping_states_keep_the_last_level(status: Status, previous: int | None) -> None:
    """Stalled, suspended and cancelled keep the level they inherit."""
    assert DEFAULT_TABLE[status].default_level is KEEP
    assert LC.level_after(previous, Step(date(2025, 1, 1), status)) == previous


@pytest.mark.parametrize("previous", [None, 0, 1, 2, 3])
def test_a_reversal_leaves_nothing_implemented(previous: int | None) -> None:
    """Done, then undone: reversed is level 0 unless an event rates what remains."""
    assert LC.level_after(previous, Step(date(2025, 1, 1), S.REVERSED)) == 0
    assert LC.level_after(previous, Step(date(2025, 1, 1), S.REVERSED, 1)) == 1


def test_explicit_null_level_means_not_rated_and_is_not_zero() -> None:
    """An event that sets level null leaves the provision unrated, which is not 0."""
    snap = LC.replay(
        [Step(date(2025, 1, 1), S.AGREED), Step(date(2025, 2, 1), S.IN_PROGRESS, None)]
    )
    assert snap is not None
    assert snap.level is None


def test_a_table_missing_a_state_is_refused() -> None:
    """A replacement table must cover every state."""
    table = dict(DEFAULT_TABLE)
    del table[S.STALLED]
    with pytest.raises(ValueError, match="stalled"):
        Lifecycle(table)


@st.composite
def legal_histories(draw: st.DrawFn) -> list[Step]:
    """Random legal walks through the table, with non-decreasing dates and allowed levels."""
    status = draw(st.sampled_from(LC.starts()))
    day = draw(st.dates(date(2000, 1, 1), date(2030, 1, 1)))
    steps = [Step(day, status)]
    for _ in range(draw(st.integers(0, 8))):
        moves = LC.moves_from(status)
        if not moves:
            break
        status = draw(st.sampled_from(moves))
        day += timedelta(days=draw(st.integers(0, 60)))
        choices: list[StepLevel] = [UNSET, *LC.levels_for(status)]
        level = draw(st.sampled_from(choices))
        steps.append(Step(day, status, level))
    return steps


@given(legal_histories())
def test_replay_ends_at_the_last_status(steps: list[Step]) -> None:
    """Replaying a whole history gives the last event's status and date."""
    snap = LC.replay(steps)
    assert snap is not None
    assert (snap.status, snap.since) == (steps[-1].status, steps[-1].on)


@given(legal_histories())
def test_levels_stay_in_range(steps: list[Step]) -> None:
    """Every level along a legal history is null or 0-3, and 3 exactly when done."""
    previous: int | None = None
    for step in steps:
        previous = LC.level_after(previous, step)
        assert previous is None or 0 <= previous <= 3
        if step.status in (S.IMPLEMENTED, S.VERIFIED):
            assert previous == 3


@given(legal_histories(), st.dates(date(1999, 1, 1), date(2031, 1, 1)))
def test_replay_on_a_date_uses_only_earlier_events(steps: list[Step], on: date) -> None:
    """The standing on a date is the replay of exactly the events dated up to it."""
    upto = [s for s in steps if s.on <= on]
    snap = LC.replay(steps, on)
    if not upto:
        assert snap is None
    else:
        assert snap == LC.replay(upto)


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_can_move_agrees_with_the_design(src: Status, dst: Status) -> None:
    """can_move is true exactly for the design's moves, and for news in a state not final."""
    repeat = src == dst and bool(DESIGN_MOVES[src])
    assert LC.can_move(src, dst) is (dst in DESIGN_MOVES[src] or repeat)
