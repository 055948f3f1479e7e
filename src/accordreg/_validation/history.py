"""Lifecycle rules over a provision's or an agreement's history, each break at its event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import ValidationError

from .._model.dates import last_day
from .._model.lifecycle import Lifecycle, Status
from .._model.records import Agreement, AgreementEvent, Event, Provision
from .._model.settings import Settings
from .located import Located, PathT


def check_provision(
    ctx: Located, data: dict[str, Any], record: Provision | None, settings: Settings
) -> None:
    pid: Any
    agreement: Any
    successor: Any
    if record is not None:
        events = record.history
        pid, agreement = record.id, record.agreement
        successor = record.superseded_by
    else:
        events = _events_alone(data.get("history"), settings, Event)
        pid, agreement, successor = data.get("id"), data.get("agreement"), data.get("superseded_by")
    if events:
        check_history(ctx, events, successor is not None, settings.lifecycle)
    if isinstance(pid, str) and isinstance(agreement, str) and "/" in pid:
        prefix = pid.split("/", 1)[0]
        if prefix != agreement:
            ctx.add(
                "R006",
                ("id",),
                f"provision id {pid!r} is not under its agreement {agreement!r}",
                f"name it '{agreement}/{pid.split('/', 1)[1]}', or fix `agreement:`",
            )


def check_agreement(
    ctx: Located, data: dict[str, Any], record: Agreement | None, settings: Settings
) -> None:
    """The agreement lifecycle's rules over an agreement's own history (which may be empty)."""
    events: Sequence[AgreementEvent]
    if record is not None:
        events = record.history
    else:
        events = _events_alone(data.get("history"), settings, AgreementEvent)
    if events:
        check_history(ctx, events, True, settings.agreement_lifecycle)


_E = TypeVar("_E", Event, AgreementEvent)


def _events_alone(raw: Any, settings: Settings, model: type[_E]) -> list[_E]:
    """The history's events when every one of them is valid on its own, else none."""
    if not isinstance(raw, list):
        return []
    events = []
    for item in raw:
        try:
            events.append(model.model_validate(item, context={"settings": settings}))
        except ValidationError:
            return []
    return events


def check_history(
    ctx: Located,
    events: Sequence[Event | AgreementEvent],
    has_successor: bool,
    lifecycle: Lifecycle,
) -> None:
    """Lifecycle rules over a history: start state, legal moves, dates, levels, successor."""
    previous: Event | AgreementEvent | None = None
    for i, event in enumerate(events):
        here: PathT = ("history", i)
        if previous is None:
            if event.status not in lifecycle.starts():
                starts = " or ".join(lifecycle.starts())
                ctx.add(
                    "L001",
                    (*here, "status"),
                    f"the history starts at {str(event.status)!r}",
                    f"a history starts at {starts}; add that event first",
                )
        else:
            if not lifecycle.can_move(previous.status, event.status):
                ctx.add(
                    "L002",
                    (*here, "status"),
                    f"cannot move from {str(previous.status)!r} to {str(event.status)!r}",
                    _moves_hint(lifecycle, previous.status),
                )
            if last_day(event.on) < previous.on:
                ctx.add(
                    "L003",
                    (*here, "on"),
                    f"{event.on} is before the previous event's date {previous.on}",
                    "events are in date order; move this event or fix its date",
                )
            elif event.on < previous.on:
                # A month or a year that begins before the day (or month) listed above
                # it: in order only if it fell late in its period, which no one can tell.
                ctx.add(
                    "L010",
                    (*here, "on"),
                    f"{event.on} may be before the previous event's date {previous.on}",
                    "give the day if a source does, or list this event first",
                )
        if (
            isinstance(event, Event)
            and event.level is not None
            and not lifecycle.allows_level(event.status, event.level)
        ):
            allowed = ", ".join(map(str, lifecycle.levels_for(event.status))) or "none (use null)"
            ctx.add(
                "L005",
                (*here, "level"),
                f"level {event.level} is not allowed for {str(event.status)!r}",
                f"levels allowed for {event.status}: {allowed}",
            )
        previous = event
    if previous is not None and previous.status == Status.SUPERSEDED and not has_successor:
        ctx.add(
            "L006",
            ("history", len(events) - 1, "status"),
            "the provision is superseded but names no successor",
            "add `superseded_by: <provision id>`",
        )


def _moves_hint(lifecycle: Lifecycle, src: str) -> str:
    moves = lifecycle.moves_from(src)
    if not moves:
        return f"{str(src)!r} is final: no move is allowed from it"
    return f"from {str(src)!r} the allowed moves are: {', '.join(moves)}"
