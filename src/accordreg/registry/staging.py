"""Recording what happened: lifecycle-checked transitions, written without losing a byte.

A transition is planned against the file as it is on disk, checked (lifecycle, date,
sources, then the whole new record), and only then written: atomically, under a lock,
and only if nobody changed the file since it was read.
"""

from __future__ import annotations

import difflib
import fcntl
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..diagnostics import has_errors
from ..errors import ConflictError, TransitionError
from ..hints import aside
from ..model.lifecycle import Lifecycle, Status
from ..model.records import Provision
from ..model.settings import Settings
from ..store.atomic import write_bytes
from ..store.read import digest, parse_bytes
from ..validation.document import check_document

LOCK_NAME = ".accordreg.lock"


@dataclass(frozen=True)
class Change:
    """One file's planned new content, and the content hash it was planned against."""

    path: Path
    before: str
    after: str
    base_digest: str

    def diff(self) -> str:
        """A unified diff from the old text to the new."""
        name = str(self.path)
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )


def read_current(path: Path, loaded_digest: str) -> str:
    """The file's text, provided it is still what was loaded; else ConflictError."""
    raw = path.read_bytes()
    if digest(raw) != loaded_digest:
        raise ConflictError(f"{path} changed on disk since it was loaded; load it again")
    return raw.decode("utf-8-sig")


def plan_transition(
    provision: Provision,
    change: Change,
    to: Status | str,
    *,
    on: date,
    sources: Sequence[str],
    known_sources: set[str],
    note: str | None = None,
    level: int | None = None,
    settings: Settings,
) -> tuple[Change, Provision]:
    """Check a transition and extend ``change`` with it; raise TransitionError if illegal.

    ``change.after`` is the file as it stands (on disk, or with earlier staged events);
    the result appends one event to it.
    """
    lifecycle = settings.lifecycle
    status = _status(to, lifecycle)
    last = provision.history[-1]
    if not lifecycle.can_move(last.status, status):
        allowed = lifecycle.moves_from(last.status)
        moves = ", ".join(allowed) or f"none: {str(last.status)!r} is final"
        raise TransitionError(
            f"{provision.id}: cannot move from {str(last.status)!r} to {str(status)!r}; "
            f"allowed: {moves}",
            allowed=allowed,
        )
    if on < last.on:
        raise TransitionError(
            f"{provision.id}: {on} is before the last event ({last.on}); events are in date order"
        )
    if not sources:
        raise TransitionError(f"{provision.id}: every event cites at least one source")
    for source in sources:
        if source not in known_sources:
            hint = aside(source, sorted(known_sources))
            raise TransitionError(f"no source with id {source!r}{hint}")
    if level is not None and level not in lifecycle.levels_for(status):
        allowed_levels = ", ".join(map(str, lifecycle.levels_for(status))) or "none"
        raise TransitionError(
            f"level {level} is not allowed for {str(status)!r} (allowed: {allowed_levels})"
        )
    if status == Status.SUPERSEDED and provision.superseded_by is None:
        raise TransitionError(
            f"{provision.id}: set `superseded_by` to its successor before marking it superseded"
        )
    event: dict[str, Any] = {"on": on, "status": str(status)}
    if level is not None:
        event["level"] = level
    event["sources"] = list(sources)
    if note:
        event["note"] = " ".join(note.split())
    # ruamel.yaml is imported only here, so read-only commands start faster.
    from ..yaml import roundtrip as _roundtrip

    try:
        after = _roundtrip.append_to_list(change.after, "history", event)
    except ValueError as exc:
        raise TransitionError(f"{provision.id}: {exc}") from None
    checked = check_document(parse_bytes(after.encode("utf-8"), change.path), settings)
    if has_errors(checked.diagnostics) or not isinstance(checked.record, Provision):
        raise TransitionError(
            f"{provision.id}: the new record would not be valid", diagnostics=checked.diagnostics
        )
    return Change(change.path, change.before, after, change.base_digest), checked.record


def _status(value: str, lifecycle: Lifecycle) -> str:
    state = lifecycle.canonical(str(value))
    if state is None:
        hint = aside(str(value), list(lifecycle.states()))
        raise TransitionError(f"unknown status {str(value)!r}{hint}")
    return state


_local = threading.local()


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the registry's write lock (re-entrant within a thread).

    Processes that record transitions in the same folder take turns, so that each one
    reads the file only after the previous one has written it.
    """
    held: dict[Path, int] = _local.__dict__.setdefault("held", {})
    key = folder.resolve()
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    fd = os.open(key / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held[key] = 1
        try:
            yield
        finally:
            held[key] = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def write_changes(changes: Sequence[Change]) -> list[Path]:
    """Write planned changes if no file changed since it was read; else write none."""
    for change in changes:
        try:
            current = digest(change.path.read_bytes())
        except OSError as exc:
            raise ConflictError(f"{change.path}: cannot read it again: {exc}") from exc
        if current != change.base_digest:
            raise ConflictError(
                f"{change.path} changed on disk since it was loaded; nothing written"
            )
    for change in changes:
        write_bytes(change.path, change.after.encode("utf-8"))
    return [c.path for c in changes]
