"""Atomic file writes: a temporary file in the same folder, fsync, rename.

A write either replaces the file whole or leaves it as it was: one that fails raises
:class:`~accordreg.errors.WriteError` (one line saying why) after removing its temporary
file. A writer killed mid-write cannot clean up; its temporary file (``.NAME.XXXXXXXX.tmp``)
is removed by a later write in the same folder once it is stale.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from pathlib import Path

from ..errors import WriteError

#: A temporary file older than this (seconds) belongs to a writer that died: no live
#: writer takes a minute between creating its temporary file and renaming it.
STALE_AFTER = 60.0
#: The names ``tempfile.mkstemp`` gives with our prefix and suffix.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
#: When each folder was last swept (monotonic seconds), so that bulk writes into one
#: folder (an import writes thousands) list it once a minute rather than once a file.
_swept: dict[str, float] = {}


def write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new, never half."""
    write_bytes(path, text.encode("utf-8"), durable=durable)


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permissions.

    ``durable=False`` skips the fsyncs: still never half-written, but a crash may lose
    the new content (right for caches, wrong for records). Raises WriteError.
    """
    folder = path.parent
    sweep_stale(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise failed(path, exc) from exc
    try:
        try:
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise failed(path, exc) from exc
        raise
    if durable:
        _fsync_dir(folder)


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


#: What each errno means for a write, in words; others use the system's own message.
_REASONS: dict[int, str] = {
    errno.EACCES: "permission denied (is the folder read-only?)",
    errno.EPERM: "not permitted (is the file or folder immutable?)",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EISDIR: "it is a folder",
}


def failed(path: Path, exc: OSError) -> WriteError:
    """The WriteError for ``exc``, raised while writing ``path``: one line saying why."""
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


def sweep_stale(folder: Path, *, force: bool = False) -> list[Path]:
    """Remove the stale temporary files of killed writers from ``folder``; return them.

    Only names this module creates (``.NAME.XXXXXXXX.tmp``) older than STALE_AFTER go:
    a live writer's temporary file is younger. Runs at most once a minute per folder
    unless ``force`` is given; never raises.
    """
    key = os.path.abspath(folder)
    now = time.monotonic()
    last = _swept.get(key)
    if not force and last is not None and now - last < STALE_AFTER:
        return []
    _swept[key] = now
    cutoff = time.time() - STALE_AFTER
    removed: list[Path] = []
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            if not (entry.name.endswith(".tmp") and _TEMPORARY.fullmatch(entry.name)):
                continue
            try:
                if (
                    entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue  # gone already, or not ours to remove: the write goes on
    return removed


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
