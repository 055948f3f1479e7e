"""Atomic, guarded writes: a temporary file in the same folder, fsync, rename.

Every file accordreg writes goes through here. A write either replaces the file whole or
leaves it as it was: one that fails raises :class:`~accordreg._errors.WriteError` (one line
saying why) after removing its temporary file. What stands at the target must be a
regular file or nothing: a symbolic link, a device, a FIFO, a socket or a folder is
refused, never written through or replaced (:func:`check_target`).

A writer holds a lock (:mod:`.locks`) on its temporary file
(``.NAME.XXXXXXXX.accordreg.tmp``: the marker ``.accordreg.tmp`` is accordreg's alone) from
the moment it makes it until it renames it, and the system drops that lock when the writer
dies, however it dies. So the temporary file of a killed writer is known for what it is,
and the next write in the same folder removes it: a file of that name that no one holds
locked. Nothing else is ever removed, however much it looks like a temporary file
(``.notes.20240101.tmp`` is the user's), nor where no lock is to be had: on a file system
that cannot lock, on a platform without locks, and on Windows, where a file must be closed
(and so let go) before it is renamed, a killed writer's temporary file stays.

Several files that belong together (a data package's tables and their descriptor) are
written by :class:`Staged`: every temporary file first, then the renames in one go, in
the order given.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from .._errors import WriteError
from . import locks

#: How often (seconds) a folder is swept for killed writers' temporary files at most.
SWEEP_EVERY = 60.0
#: The suffix of the temporary files this module makes, held locked while written: a
#: marker no other program's files carry.
SUFFIX = ".accordreg.tmp"
#: The names ``tempfile.mkstemp`` gives with our prefix and suffix.
_HELD = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(SUFFIX))
#: When each folder was last swept (monotonic seconds), so that bulk writes into one
#: folder (an import writes thousands) list it once a minute rather than once a file.
_swept: dict[str, float] = {}

#: Test hook: with ``ACCORDREG_TEST_HALT=NAME`` in the environment, a process that
#: reaches :func:`checkpoint` NAME stops itself (SIGSTOP), so that a test can kill it at
#: that very point instead of guessing a moment. Unset, as it always is outside tests,
#: checkpoints do nothing.
HALT = "ACCORDREG_TEST_HALT"


def checkpoint(name: str) -> None:
    """A point where a test may stop this process (see HALT); otherwise nothing."""
    if os.environ.get(HALT) == name:
        os.kill(os.getpid(), signal.SIGSTOP)


def write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new, never half."""
    write_bytes(path, text.encode("utf-8"), durable=durable)


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permissions.

    ``durable=False`` skips the fsyncs: still never half-written, but a crash may lose
    the new content (right for caches, wrong for records). Raises WriteError, also when
    ``path`` is a link, a device, a FIFO, a socket or a folder.
    """
    with Staged(durable=durable) as staged:
        staged.add(path, data)
        staged.commit()


class Staged:
    """Files written to temporary files beside their targets, then renamed into place.

    :meth:`add` writes each file's temporary (held locked, see the module's docstring);
    :meth:`commit` renames them all, in the order added, once every one is written; on
    leaving the ``with`` block, whatever was not committed is removed. Raises WriteError.
    ``name`` names its checkpoints for tests: ``NAME-staged`` once every temporary file
    is written, ``NAME-committing`` after each rename.
    """

    def __init__(self, *, durable: bool = True, name: str = "") -> None:
        self.durable = durable
        self.name = name
        #: (target, temporary, its open descriptor) for each file added.
        self._files: list[tuple[Path, str, int]] = []

    def __enter__(self) -> Staged:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.discard()

    def add(self, path: Path, data: bytes) -> None:
        """Write ``data`` to a temporary file beside ``path`` (not yet in its place)."""
        check_target(path)
        sweep_stale(path.parent)
        fd, tmp = held_temporary(path)
        self._files.append((path, tmp, fd))
        try:
            _write_all(fd, data)
            if self.durable:
                os.fsync(fd)
        except OSError as exc:
            raise failed(path, exc) from exc

    def commit(self, before: Callable[[], None] | None = None) -> None:
        """Rename every temporary file into place, in the order added.

        ``before`` runs once all are written, before the first rename (a data package
        removes its old descriptor there, so that no descriptor ever describes a mix of
        old and new tables).
        """
        for path, tmp, _fd in self._files:
            try:
                mode = os.stat(path).st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o644
            except OSError as exc:
                raise failed(path, exc) from exc
            try:
                os.chmod(tmp, mode)
            except OSError as exc:
                raise failed(path, exc) from exc
        if self.name:
            checkpoint(f"{self.name}-staged")
        if before is not None:
            before()
        folders: dict[Path, None] = {}
        while self._files:
            path, tmp, fd = self._files[0]
            try:
                fd = ready_to_move(fd)
                self._files[0] = (path, tmp, fd)
                os.replace(tmp, path)
            except OSError as exc:
                raise failed(path, exc) from exc
            del self._files[0]
            if fd >= 0:
                os.close(fd)  # the lock goes with it: the file is in place
            folders[path.parent] = None
            if self.name:
                checkpoint(f"{self.name}-committing")
        if self.durable:
            for folder in folders:
                _fsync_dir(folder)

    def discard(self) -> None:
        """Remove the temporary files not committed; never raises."""
        for _path, tmp, fd in self._files:
            try:
                left = ready_to_move(fd)
            except OSError:
                left = -1  # closed, or as good as
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if left >= 0:
                with contextlib.suppress(OSError):
                    os.close(left)
        self._files.clear()


def held_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, open and locked (where a lock is to be had):
    (descriptor, its path).

    The caller writes it (by its path, or through the descriptor), renames it into place
    or removes it, and closes the descriptor only then: while it is open, no sweep takes
    the file for a killed writer's. WriteError if none can be made.
    """
    for _ in range(100):
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=SUFFIX, dir=path.parent)
        except OSError as exc:
            raise failed(path, exc) from exc
        # A lock that ends before the rename (Windows) would not tell a writer about to
        # rename from a dead one: none is taken there.
        outcome = locks.try_lock(fd) if locks.MOVE_WHILE_OPEN else locks.Lock.NONE
        if outcome is locks.Lock.HELD:
            # A sweeper took it for a dead writer's between its creation and this lock,
            # and is removing it: take another.
            os.close(fd)
            continue
        if outcome is locks.Lock.NONE:
            # No lock to be had: the file cannot be told from a killed writer's, so no
            # sweep ever removes it (a failed write still does).
            return fd, tmp
        # Locked, but perhaps only after a sweeper removed it (and let go): check that
        # the name is still this file.
        try:
            if os.lstat(tmp).st_ino == os.fstat(fd).st_ino:
                return fd, tmp
        except OSError:
            pass
        os.close(fd)
    raise WriteError(path, "no temporary file could be made beside it", errno.EEXIST)


def ready_to_move(fd: int) -> int:
    """The descriptor of a held temporary file, made ready for the file to be renamed or
    removed: where an open file can be neither (Windows), ``fd`` is closed (it holds no
    lock there) and -1 returned; elsewhere ``fd`` itself, still open and locked, to be
    closed once the file has moved. -1 stays -1."""
    if fd >= 0 and not locks.MOVE_WHILE_OPEN:
        os.close(fd)
        return -1
    return fd


def make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents if missing; WriteError if that is not possible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failed(folder, exc) from exc


def _write_all(fd: int, data: bytes) -> None:
    # os.write may write less than asked (signals, pipes, some file systems).
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# -- what may be written -----------------------------------------------------------------


def _what(mode: int) -> str | None:
    """What a file of this mode is, in words, if it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "it is a symbolic link, which accordreg never writes through nor replaces"
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO (named pipe), not a regular file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a regular file"
    return "it is not a regular file"


def check_target(path: Path) -> None:
    """WriteError unless ``path`` names a regular file or nothing, in a folder that exists.

    A link, a device, a FIFO, a socket or a folder at ``path`` is refused: writing would
    replace it, or write through it into something that is not ours.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not os.path.isdir(path.parent):
            raise failed(path, FileNotFoundError(errno.ENOENT, "missing")) from None
        return
    except OSError as exc:
        raise failed(path, exc) from exc
    what = _what(st.st_mode)
    if what is not None:
        raise WriteError(path, _with_target(path, what), errno.EEXIST)


def _with_target(path: Path, what: str) -> str:
    """``what``, naming the link's target where ``path`` is a link."""
    try:
        target = os.readlink(path)
    except OSError:
        return what
    return what.replace("a symbolic link", f"a symbolic link (to {target})", 1)


def check_folder(path: Path) -> bool:
    """Whether ``path`` is a folder (not a link to one); False if nothing is there.

    WriteError if it is anything else (a link, a file, a device), or cannot be looked at.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise failed(path, exc) from exc
    if stat.S_ISDIR(st.st_mode):
        return True
    what = _what(st.st_mode) or "it is a file, not a folder"
    what = what.replace("not a regular file", "not a folder")
    raise WriteError(path, _with_target(path, what), errno.ENOTDIR)


#: Flags for opening a file accordreg keeps for itself: never through a link, never
#: waiting on a FIFO, never inherited by a program it runs; bytes as they are (Windows
#: would otherwise write each newline as two characters).
NOFOLLOW = (
    getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_own(path: Path, flags: int, mode: int = 0o644) -> int:
    """Open (and create, with ``os.O_CREAT`` in ``flags``) a file accordreg keeps for
    itself: with NOFOLLOW, then :func:`own_file`. WriteError if it is not such a file."""
    try:
        fd = os.open(path, flags | NOFOLLOW, mode)
    except OSError as exc:
        raise failed(path, exc) from exc
    own_file(fd, path)
    return fd


def own_file(fd: int, path: Path) -> None:
    """Check that ``fd`` (``path`` opened with NOFOLLOW) is a regular file with no other
    name; else close it and raise WriteError, so that nothing is written into a device,
    a FIFO or, through a hard link, a file elsewhere."""
    try:
        st = os.fstat(fd)
        what = _what(st.st_mode)
        if what is None and st.st_nlink > 1:
            what = "it has other names (a hard link), which accordreg never writes through"
        if what is not None:
            raise WriteError(path, what, errno.EEXIST)
    except BaseException as exc:
        os.close(fd)
        if isinstance(exc, OSError):
            raise failed(path, exc) from exc
        raise


def exchange(one: Path, other: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    False where the system or the file system cannot: the caller then renames in two
    steps. Raises OSError for any other failure.
    """
    try:
        import ctypes

        rename = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError, TypeError):  # TypeError: Windows
        return False
    at_cwd, rename_exchange = -100, 2
    if rename(at_cwd, os.fsencode(one), at_cwd, os.fsencode(other), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(one))


#: What each errno means for a write, in words; others use the system's own message.
_REASONS: dict[int, str] = {
    errno.EACCES: "permission denied (is the folder read-only?)",
    errno.EPERM: "not permitted (is the file or folder immutable?)",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "it is a symbolic link, which accordreg never writes through",
}


def failed(path: Path, exc: OSError) -> WriteError:
    """The WriteError for ``exc``, raised while writing ``path``: one line saying why."""
    if isinstance(exc, WriteError):
        return exc
    code = exc.errno
    if code == errno.ENOENT:
        reason = f"the folder {path.parent} does not exist"
    elif code == errno.ENOTDIR:
        reason = f"{path.parent} is not a folder"
    elif code in _REASONS:
        reason = _REASONS[code]
    else:
        reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    return WriteError(path, reason, code)


# -- what killed writers leave -----------------------------------------------------------


def sweep_stale(folder: Path, *, force: bool = False) -> list[Path]:
    """Remove the temporary files of killed writers from ``folder``; return them.

    Only a regular file named as this module names its temporary files
    (``.NAME.XXXXXXXX.accordreg.tmp``) goes, and only once it is locked by no writer (its
    writer died): a name alone proves nothing, and a file no lock can be taken on (a file
    system without locks, a platform without them, Windows) stays. Runs at most once a
    minute per folder unless ``force`` is given; never raises.
    """
    if not locks.MOVE_WHILE_OPEN:
        return []  # no temporary file is held locked here (see held_temporary)
    key = os.path.abspath(folder)
    now = time.monotonic()
    last = _swept.get(key)
    if not force and last is not None and now - last < SWEEP_EVERY:
        return []
    _swept[key] = now
    removed: list[Path] = []
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            if not entry.name.endswith(SUFFIX) or not _HELD.fullmatch(entry.name):
                continue
            try:
                if _remove_if_dead(entry.path):
                    removed.append(Path(entry.path))
            except OSError:
                continue  # gone already, or not ours to remove: the write goes on
    return removed


def _remove_if_dead(path: str) -> bool:
    """Remove a held temporary file if no writer holds it; whether it was removed."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            return False
        if locks.try_lock(fd) is not locks.Lock.TAKEN:
            # Held (its writer is alive), or no lock to be had on this file system: not
            # provably a dead writer's.
            return False
        # Held by this process now, so no writer can take it: remove it if the name is
        # still this file's.
        if os.lstat(path).st_ino != st.st_ino:
            return False
        os.unlink(path)
        return True
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk too.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
