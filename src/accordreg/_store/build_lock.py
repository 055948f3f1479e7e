"""The lock that tells a live build's folder from a killed build's (see ``OutputFolder``).

A build makes its folder (``.OUT.XXXXXXXX``, beside the output ``OUT``), locks it
(:func:`hold`), and only then writes its marker into it; it renames the folder into place
while still holding the lock, and lets go once done (:meth:`FolderLock.release`). Whoever
sweeps looks only at folders with a marker, and removes one only while holding its lock
(:func:`if_dead`): a marked folder whose lock can be taken is a killed build's, since a
live build holds its lock from before it marks the folder until after the folder has left
that name. A folder whose lock cannot be had (no locks here) is never taken for dead.

POSIX locks the folder itself, opened as a descriptor (``O_DIRECTORY``). The lock is on
the folder, not on its name, so it holds through the rename into place; a child the
build forks shares the descriptor and keeps the build alive while it runs.

Windows can do neither: a folder cannot be opened as a descriptor, and a file open inside
a folder blocks renaming the folder, so a file inside the build folder could not stay
locked until the rename, and a build that let go of it first would look dead in between.
So Windows locks a file beside the folder, ``.OUT.XXXXXXXX.lock``: made (never opened if
already there) and locked before the marker is written, kept open through the rename, and
removed when the build is done. A sweeper opens it without creating it: a marked folder
with no such file beside it is not provably dead and stays, as does the folder of a build
that found no lock to be had (it removes its lock file at once). A sweeper that removed a
dead build's folder removes the lock file beside it too; one a build was killed before
removing, with its folder already in place, stays: it is not proven to be ours.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import locks
from .atomic import NOFOLLOW, own_file

#: What the lock file beside a build folder adds to the folder's name (Windows).
LOCK_SUFFIX = ".lock"


class FolderLock:
    """A build folder's lock, as :func:`hold` took it (or found none to be had)."""

    def __init__(self, fd: int | None = None, beside: Path | None = None) -> None:
        #: The locked descriptor, None where no lock was to be had.
        self.fd = fd
        #: The lock file beside the folder, where the lock is one (Windows).
        self.beside = beside

    def release(self) -> None:
        """Let go of the lock, and remove the lock file beside the folder, if any."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.beside is not None:
            with contextlib.suppress(OSError):  # a sweeper may hold it open a moment
                os.unlink(self.beside)
            self.beside = None


def _beside(folder: Path) -> Path:
    return folder.with_name(folder.name + LOCK_SUFFIX)


def hold(folder: Path) -> FolderLock:
    """Lock the new folder ``folder``, not yet marked; a FolderLock holding nothing where
    no lock is to be had. OSError if the folder or its lock file cannot be opened."""
    if locks.FOLDER_DESCRIPTORS:
        beside = None
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    else:
        beside = _beside(folder)
        fd = os.open(beside, os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    outcome = locks.try_lock(fd)
    if outcome is locks.Lock.TAKEN:
        return FolderLock(fd, beside)
    os.close(fd)
    if beside is not None:
        with contextlib.suppress(OSError):
            os.unlink(beside)
    if outcome is locks.Lock.HELD:  # never for a folder just made, unless another took it
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN), str(folder))
    return FolderLock()


@contextmanager
def if_dead(folder: Path) -> Iterator[bool]:
    """Whether the marked build folder ``folder`` is a killed build's, holding its lock
    for the block if so. OSError if it cannot be looked at (then it is not removed)."""
    if locks.FOLDER_DESCRIPTORS:
        beside = None
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    else:
        beside = _beside(folder)
        try:
            fd = os.open(beside, os.O_RDWR | NOFOLLOW)
        except FileNotFoundError:
            yield False  # no lock beside it: not provably dead
            return
        own_file(fd, beside)
    try:
        dead = locks.try_lock(fd) is locks.Lock.TAKEN
        yield dead
    finally:
        os.close(fd)
    if beside is not None and dead and not os.path.lexists(folder):
        with contextlib.suppress(OSError):
            os.unlink(beside)
