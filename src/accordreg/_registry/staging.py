"""Recording what happened: lifecycle-checked transitions, written without losing a byte.

A transition is planned against the file as it is on disk, checked (lifecycle, date,
sources, then the whole new record), and only then written: atomically, under a lock,
and only if nobody changed the file since it was read.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import math
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .._diagnostics import Diagnostic, Severity, has_errors
from .._errors import ConflictError, InvalidArgument, LockTimeout, TransitionError, WriteError
from .._hints import aside
from .._model.lifecycle import UNSET, Lifecycle, Status, StepLevel
from .._model.records import Agreement, Provision
from .._model.settings import Settings
from .._store import locks
from .._store.atomic import NOFOLLOW, failed, own_file, write_bytes
from .._store.read import digest, parse_bytes
from .._validation.document import check_document

LOCK_NAME = ".accordreg.lock"
#: How long (seconds) a writer waits for another to release the lock before giving up.
DEFAULT_WAIT = 30.0
#: After how long (seconds) a waiting writer says that it is waiting, and for whom.
NOTICE_AFTER = 1.0
#: What is said, once, where the lock cannot be had (no locks on this platform or file
#: system): writers go ahead, but are not kept from each other.
UNLOCKED = (
    "{path} cannot be locked on this system or file system: "
    "writers running at the same time are not kept apart"
)


@dataclass(frozen=True)
class Edit:
    """One file's staged new content, and the content hash it was planned against."""

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
    """The file's text, provided it is still what was loaded; else ConflictError.

    A byte-order mark stays in the text (as U+FEFF), so that writing it back keeps it.
    """
    raw = path.read_bytes()
    if digest(raw) != loaded_digest:
        raise ConflictError(f"{path} changed on disk since it was loaded; load it again")
    return raw.decode("utf-8")


def plan_transition(
    provision: Provision | Agreement,
    change: Edit,
    to: Status | str,
    *,
    on: date,
    sources: Sequence[str],
    known_sources: set[str],
    note: str | None = None,
    level: StepLevel = UNSET,
    progress: float | None = None,
    party: str | None = None,
    terms: Mapping[str, Any] | None = None,
    known_parties: set[str] | None = None,
    warned: list[Diagnostic] | None = None,
    settings: Settings,
) -> tuple[Edit, Provision | Agreement]:
    """Check a transition and extend ``change`` with it; raise TransitionError if illegal.

    ``provision`` may be an agreement: its own history, under the agreement lifecycle,
    which has no levels, progress or terms (an agreement's first event of its own starts
    its ``history:``).

    ``change.after`` is the file as it stands (on disk, or with earlier staged events);
    the result appends one event to it. ``level`` None records "not rated"; left out,
    the event says nothing of its level. ``progress``, ``party`` and ``terms`` are the
    event's fields of the same names, checked as `validate` checks them. Warnings the new
    event brings (a party not bound by the provision, progress beyond the target) are
    added to ``warned``.
    """
    if progress is not None and not math.isfinite(progress):
        raise TransitionError(f"{provision.id}: progress must be a finite number, not {progress!r}")
    whole = isinstance(provision, Agreement)
    if whole and (level is not UNSET or progress is not None or terms):
        raise TransitionError(
            f"{provision.id}: an agreement's event has no level, progress or terms "
            "(its provisions' events do)"
        )
    lifecycle = settings.agreement_lifecycle if whole else settings.lifecycle
    status = _status(to, lifecycle)
    last = provision.history[-1] if provision.history else None
    if last is None:
        if status not in lifecycle.starts():
            starts = ", ".join(lifecycle.starts())
            raise TransitionError(
                f"{provision.id}: a history starts at {starts}, not {str(status)!r}",
                allowed=lifecycle.starts(),
            )
    elif not lifecycle.can_move(last.status, status):
        allowed = lifecycle.moves_from(last.status)
        moves = ", ".join(allowed) or f"none: {str(last.status)!r} is final"
        raise TransitionError(
            f"{provision.id}: cannot move from {str(last.status)!r} to {str(status)!r}; "
            f"allowed: {moves}",
            allowed=allowed,
        )
    if on > date.today() + timedelta(days=1):
        raise TransitionError(
            f"{provision.id}: {on} is in the future; record events once they have happened"
        )
    if last is not None and on < last.on:
        raise TransitionError(
            f"{provision.id}: {on} is before the last event ({last.on}); events are in date order"
        )
    if not sources:
        raise TransitionError(f"{provision.id}: every event cites at least one source")
    for source in sources:
        if source not in known_sources:
            hint = aside(source, sorted(known_sources))
            raise TransitionError(f"no source with id {source!r}{hint}")
    if party is not None and known_parties is not None and party not in known_parties:
        hint = aside(party, sorted(known_parties))
        raise TransitionError(f"no party with id {party!r}{hint}")
    if isinstance(level, int) and level not in lifecycle.levels_for(status):
        allowed_levels = ", ".join(map(str, lifecycle.levels_for(status))) or "none"
        raise TransitionError(
            f"level {level} is not allowed for {str(status)!r} (allowed: {allowed_levels})"
        )
    if (
        isinstance(provision, Provision)
        and status == Status.SUPERSEDED
        and provision.superseded_by is None
    ):
        raise TransitionError(
            f"{provision.id}: set `superseded_by` to its successor before marking it superseded"
        )
    event: dict[str, Any] = {"on": on, "status": str(status)}
    if level is not UNSET:
        event["level"] = level
    if party is not None:
        event["party"] = party
    if progress is not None:
        # 18, not 18.0: the number as a person writes it (the model reads both alike).
        event["progress"] = int(progress) if float(progress).is_integer() else progress
    if terms:
        event["terms"] = dict(terms)
    event["sources"] = list(sources)
    if note:
        event["note"] = " ".join(note.split())
    # Imported only here, so read-only commands start faster.
    from .._yaml import append as _append

    try:
        after = _append.append_to_list(change.after, "history", event)
    except ValueError as exc:
        raise TransitionError(f"{provision.id}: {exc}") from None
    checked = check_document(parse_bytes(after.encode("utf-8"), change.path), settings)
    if has_errors(checked.diagnostics) or not isinstance(checked.record, Provision | Agreement):
        errors = [d for d in checked.diagnostics if d.severity == Severity.ERROR]
        said = "; ".join(f"{d.code} {d.message}" for d in errors[:3])
        raise TransitionError(
            f"{provision.id}: the new record would not be valid" + (f": {said}" if said else ""),
            diagnostics=checked.diagnostics,
        )
    if warned is not None:
        before = check_document(parse_bytes(change.after.encode("utf-8"), change.path), settings)
        old = {(d.code, d.message) for d in before.diagnostics}
        warned += [d for d in checked.diagnostics if (d.code, d.message) not in old]
    return Edit(change.path, change.before, after, change.base_digest), checked.record


def _status(value: str, lifecycle: Lifecycle) -> str:
    state = lifecycle.canonical(str(value))
    if state is None:
        hint = aside(str(value), list(lifecycle.states()))
        raise TransitionError(f"unknown status {str(value)!r}{hint}")
    return state


_local = threading.local()


@contextmanager
def locked(
    folder: Path,
    *,
    wait: float | None = DEFAULT_WAIT,
    on_wait: Callable[[int | None], None] | None = None,
    on_unlocked: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the registry's write lock (re-entrant within a thread).

    Processes that record transitions in the same folder take turns, so that each one
    reads the file only after the previous one has written it. The holder writes its
    process id into the lock file. While another process holds the lock, this waits:
    after NOTICE_AFTER seconds it calls ``on_wait`` with the holder's pid (None if not
    known), and after ``wait`` seconds (None: no limit) it raises LockTimeout. A ``wait``
    that is not a finite number of seconds (NaN, infinity, below 0) is refused at once
    with InvalidArgument: NaN would never run out, and the lock would be waited for
    without end. Where no lock is to be had (a platform or file system without locks),
    the block runs unlocked, and ``on_unlocked`` is told so in words (UNLOCKED); without
    it, a RuntimeWarning says so, once.
    """
    if wait is not None and not (math.isfinite(wait) and wait >= 0):
        raise InvalidArgument(
            f"the wait must be a finite number of seconds, 0 or more, not {wait!r} "
            "(None waits without limit)"
        )
    held: dict[Path, int] = _local.__dict__.setdefault("held", {})
    key = folder.resolve()
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    path = key / LOCK_NAME
    # Never through a link, nor into a file with other names: the holder writes its pid
    # into the lock, and that must not land in a file that is not the lock.
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o644)
        own_file(fd, path)
    except OSError as exc:
        error = failed(path, exc)
        if exc.errno in (errno.ELOOP, errno.EEXIST):  # not a lock file of ours
            error = WriteError(
                path, f"{error.reason}; remove it, and a lock is made anew", exc.errno
            )
        raise error from exc
    try:
        taken = _acquire(fd, path, wait, on_wait)
        if not taken:
            said = UNLOCKED.format(path=path)
            if on_unlocked is not None:
                on_unlocked(said)
            else:
                warnings.warn(said, RuntimeWarning, stacklevel=3)
        _write_holder(fd)
        held[key] = 1
        try:
            yield
        finally:
            held[key] = 0
            if taken:
                locks.unlock(fd)
    finally:
        os.close(fd)


def _acquire(
    fd: int, path: Path, wait: float | None, on_wait: Callable[[int | None], None] | None
) -> bool:
    """Wait for the lock; whether it was taken (False: no lock is to be had here)."""
    start = time.monotonic()
    noticed = False
    pause = 0.01
    while True:
        outcome = locks.try_lock(fd)
        if outcome is not locks.Lock.HELD:
            return outcome is locks.Lock.TAKEN
        waited = time.monotonic() - start
        out_of_time = wait is not None and waited >= wait
        # The notice always comes before the timeout, however short the wait.
        if not noticed and (waited >= NOTICE_AFTER or out_of_time):
            noticed = True
            if on_wait is not None:
                on_wait(holder(fd))
        if wait is not None and out_of_time:
            raise LockTimeout(path, wait, holder(fd))
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _write_holder(fd: int) -> None:
    # Only informs waiters: a lock file that cannot take it still locks.
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        data = f"{os.getpid()}\n".encode()
        if hasattr(os, "pwrite"):
            os.pwrite(fd, data, 0)
        else:  # Windows: the lock is on a byte far beyond, so the start may be written
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)


def holder(fd: int) -> int | None:
    """The process id the lock's holder wrote into the lock file open at ``fd``."""
    try:
        if hasattr(os, "pread"):
            start = os.pread(fd, 32, 0)
        else:  # Windows: readable, as the holder's lock is on a byte far beyond
            os.lseek(fd, 0, os.SEEK_SET)
            start = os.read(fd, 32)
        return int(start.split(b"\n", 1)[0])
    except (OSError, ValueError):
        return None


def write_changes(changes: Sequence[Edit]) -> list[Path]:
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
