"""Lifecycle rules over a provision's history, each break at its event."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .._model.lifecycle import Lifecycle, Status
from .._model.records import Event, Provision
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
        events = _events_alone(data.get("history"), settings)
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


def _events_alone(raw: Any, settings: Settings) -> list[Event]:
    """The history's events when every one of them is valid on its own, else none."""
    if not isinstance(raw, list):
        return []
    events = []
    for item in raw:
        try:
            events.append(Event.model_validate(item, context={"settings": settings}))
        except ValidationError:
            return []
    return events


def check_history(
    ctx: Located, events: list[Event], has_successor: bool, lifecycle: Lifecycle
) -> None:
    """Lifecycle rules over a history: start state, legal moves, dates, levels, successor."""
    previous: Event | None = None
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
            if event.on < previous.on:
                ctx.add(
                    "L003",
                    (*here, "on"),
                    f"{event.on} is before the previous event's date {previous.on}",
                    "events are in date order; move this event or fix its date",
                )
        if event.level is not None and not lifecycle.allows_level(event.status, event.level):
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
