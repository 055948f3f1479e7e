"""Histories compared: events appended, past events edited, and the past statuses changed.

Appended events are news; an event edited, removed, or inserted before events already on
record is a rewrite of the dated record of what happened, and so is any change to the
status a provision had on a past date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diff_fields import (
    AppendedEvent,
    HistoryEdit,
    PastStatusChange,
    _canon,
    _Entry,
    _fields,
    _Result,
    _Side,
)

if TYPE_CHECKING:
    from .._model.records import Provision
    from .._model.settings import Settings


def _pair(
    old: list[Any], new: list[Any], olds: Iterable[int], news: Iterable[int]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair old and new events of a stretch that differs: same date and status first, then
    same date, then in order; what is left was removed or added."""
    left_old, left_new = list(olds), list(news)
    pairs: list[tuple[int, int]] = []

    def same_day_and_status(i: int, j: int) -> bool:
        return _when(old[i]) == _when(new[j])

    def same_day(i: int, j: int) -> bool:
        return bool(_get(old[i], "on") == _get(new[j], "on"))

    for alike in (same_day_and_status, same_day):
        for i in list(left_old):
            j = next((j for j in left_new if alike(i, j)), None)
            if j is not None:
                pairs.append((i, j))
                left_old.remove(i)
                left_new.remove(j)
    count = min(len(left_old), len(left_new))
    pairs += list(zip(left_old[:count], left_new[:count], strict=True))
    return sorted(pairs), left_old[count:], left_new[count:]


def _get(event: Any, key: str) -> Any:
    return event.get(key) if isinstance(event, dict) else None


def _history(record: str, old: list[Any], new: list[Any], out: _Result) -> set[int]:
    """Sort the differences of two histories into appended events and edits of the past;
    return the indexes of the appended events in the new history."""
    matcher = SequenceMatcher(None, [_canon(e) for e in old], [_canon(e) for e in new], False)
    aligned: list[int] = []
    edited: list[tuple[int, int]] = []
    gone: list[int] = []
    came: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            aligned += range(j1, j2)
            continue
        pairs, left_old, left_new = _pair(old, new, range(i1, i2), range(j1, j2))
        edited += pairs
        gone += left_old
        came += left_new
    last = max([*aligned, *(j for _, j in edited)], default=-1)
    appended = {j for j in came if j > last}
    for j in sorted(appended):
        event = new[j]
        out.appended.append(
            AppendedEvent(
                record,
                j,
                str(_get(event, "on")),
                str(_get(event, "status")),
                tuple(str(s) for s in _get(event, "sources") or ()),
                _get(event, "note"),
            )
        )
    edits: list[HistoryEdit] = []
    for i, j in edited:
        fields = _fields(record, old[i], new[j], f"history[{j}]")
        edits.append(HistoryEdit(record, "edited", i, j, *_when(old[i]), tuple(fields)))
    edits += [HistoryEdit(record, "removed", i, None, *_when(old[i])) for i in gone]
    edits += [
        HistoryEdit(record, "inserted", None, j, *_when(new[j])) for j in came if j not in appended
    ]
    edits.sort(key=lambda e: (e.old_index if e.old_index is not None else -1, e.new_index or 0))
    out.history_edits += edits
    return appended


def _when(event: Any) -> tuple[str, str]:
    return str(_get(event, "on")), str(_get(event, "status"))


def _past_status(
    old: _Entry, new: _Entry, appended: set[int], sides: tuple[_Side, _Side], out: _Result
) -> None:
    """Where the status on a date up to the old last event differs, appended events aside.

    Appended events are news from their date on; anything else that changes what the
    record said of a past date is a rewrite of it.
    """
    from .._model.records import Provision
    from .query import Registry

    before, after = old.record, new.record
    if not isinstance(before, Provision) or not isinstance(after, Provision):
        return
    kept = [e for j, e in enumerate(after.history) if j not in appended]
    after = after.model_copy(update={"history": kept})
    cutoff = before.history[-1].on
    days = sorted({e.on for e in (*before.history, *kept) if e.on <= cutoff})
    if not days:
        return

    def standing(p: Provision, settings: Settings) -> Callable[[date], tuple[Any, Any]]:
        registry = Registry([(p, Path(old.path))], settings=settings)

        def on(day: date) -> tuple[Any, Any]:
            snap = registry.snapshot(p.id, day) if p.history else None
            return (str(snap.status), snap.level) if snap else (None, None)

        return on

    was, now = standing(before, sides[0].settings), standing(after, sides[1].settings)
    stretches: list[list[Any]] = []
    for k, day in enumerate(days):
        end = days[k + 1].toordinal() - 1 if k + 1 < len(days) else cutoff.toordinal()
        pair = (*was(day), *now(day))
        if stretches and stretches[-1][2] == pair:
            stretches[-1][1] = end
        else:
            stretches.append([day, end, pair])
    for start, end, (old_status, old_level, new_status, new_level) in stretches:
        if old_status != new_status:
            out.past_status.append(
                PastStatusChange(
                    new.id,
                    start,
                    date.fromordinal(end),
                    old_status,
                    new_status,
                    old_level,
                    new_level,
                )
            )
