"""OS locks: the one module that takes them, on whatever platform accordreg runs.

:func:`try_lock` takes an exclusive lock on an open descriptor without waiting, with one of
three outcomes (:class:`Lock`): taken; held by another (whose holder is alive); or no lock
to be had here, on a platform with neither ``fcntl`` nor ``msvcrt`` or on a file system
that refuses locks (some network file systems). Callers read the last as such file systems
have always been read: nothing that cannot be proven dead is ever removed, and writes stay
atomic. :func:`unlock` lets go of a lock taken.

- POSIX: ``fcntl.flock`` on the whole file. The kernel drops the lock with the last
  descriptor of the open file, so when its holder dies, however it dies (a child it forked
  keeps it while it lives).
- Windows: ``msvcrt.locking`` on one byte at :data:`FAR`, an offset beyond any content (as
  SQLite locks bytes at 1 GiB), the file position put back after. Windows locks are
  mandatory: a lock on the content would stop other processes reading it (the registry
  lock's holder, written at its start). The lock belongs to the handle, and goes when the
  handle is closed or its process dies.

Windows differs in two more ways that the users of locks must know: an open file cannot
be renamed or removed, nor a folder renamed while a file in it is open
(:data:`MOVE_WHILE_OPEN`), and a folder cannot be opened as a descriptor
(:data:`FOLDER_DESCRIPTORS`). ``fcntl`` and ``msvcrt`` are imported here only, and only
where they exist; nothing else in the package imports them.
"""

from __future__ import annotations

import errno
import importlib
import os
from enum import Enum
from types import ModuleType

#: Where the Windows lock byte lies: 1 GiB into the file, SQLite's own lock offset (so
#: one every Windows file system and file server takes), far beyond the few bytes of the
#: files locked there (the registry's lock file, a build's lock file): it never covers a
#: byte someone reads.
FAR = 1 << 30
#: Whether a file can be renamed or removed while open, and a folder renamed while a file
#: in it is open (POSIX). Not on Windows: there a file is closed before it is renamed, so
#: no lock on it lasts until its rename.
MOVE_WHILE_OPEN = os.name != "nt"
#: Whether a folder can be opened as a descriptor to be locked (POSIX ``O_DIRECTORY``);
#: where not (Windows), a folder is locked through a file beside it.
FOLDER_DESCRIPTORS = hasattr(os, "O_DIRECTORY")


class Lock(Enum):
    """What trying to lock a descriptor found."""

    #: The lock is this process's now, until :func:`unlock` or the descriptor's closing.
    TAKEN = "taken"
    #: Another open file holds it: its holder is alive.
    HELD = "held"
    #: No lock to be had: not on this platform, or not on this file system.
    NONE = "none"


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


#: The platform's lock modules, if it has them (tests set them to None or to a stand-in).
_fcntl = _module("fcntl")
_msvcrt = None if _fcntl is not None else _module("msvcrt")


def try_lock(fd: int) -> Lock:
    """Take an exclusive lock on the open file ``fd`` if no one holds it; never waits."""
    if _fcntl is not None:
        try:
            _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        except BlockingIOError:
            return Lock.HELD
        except OSError:
            return Lock.NONE  # a file system without flock
        return Lock.TAKEN
    if _msvcrt is not None:
        try:
            _far(_msvcrt, fd, _msvcrt.LK_NBLCK)
        except OSError as exc:
            # A lock violation is EACCES; anything else is a file or file system that
            # cannot be locked.
            return Lock.HELD if exc.errno == errno.EACCES else Lock.NONE
        return Lock.TAKEN
    return Lock.NONE


def unlock(fd: int) -> None:
    """Let go of the lock :func:`try_lock` took on ``fd`` (closing ``fd`` does too)."""
    if _fcntl is not None:
        _fcntl.flock(fd, _fcntl.LOCK_UN)
    elif _msvcrt is not None:
        _far(_msvcrt, fd, _msvcrt.LK_UNLCK)


def _far(msvcrt: ModuleType, fd: int, mode: int) -> None:
    """Lock or unlock the byte at FAR (msvcrt locks from the file position), and put the
    position back as it was."""
    where = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        os.lseek(fd, FAR, os.SEEK_SET)
        msvcrt.locking(fd, mode, 1)
    finally:
        os.lseek(fd, where, os.SEEK_SET)
