"""Records and outputs to files: new record files in the canonical layout, with the
schema comment; output folders (the website) written beside the old one and put in its
place, replacing only what the last build wrote."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from .. import __version__
from .._errors import AccordregError
from .._model import dates, schema
from .._model.dates import PartialDate
from .._model.kinds import KINDS
from .._model.records import Record
from .._yaml import emit
from . import build_lock
from .atomic import (
    check_folder,
    checkpoint,
    exchange,
    failed,
    make_folder,
    write_bytes,
    write_text,
)
from .schema_files import write_schemas as write_schemas  # where callers import it from


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate):
        return dates.text(value)  # ``2025-11`` as written, not its first day
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def record_data(record: Record) -> dict[str, Any]:
    """A record as YAML-ready data: the fields it sets, in model order, dates as dates."""
    return dict(_plain(record.model_dump(mode="python", exclude_unset=True)))


def relative_place(record: Record) -> Path:
    """Where a record lives inside its registry folder."""
    return Path(KINDS[record.kind].relative_place(record.id))


def schema_comment(kind: str, target: Path, schemas: Path | None) -> str:
    """The yaml-language-server line for a file at ``target``, or nothing without schemas."""
    return "" if schemas is None else schema.comment(kind, target, schemas) + "\n"


def record_text(record: Record, target: Path, schemas: Path | None = None) -> str:
    """The text of a new record file at ``target``."""
    header = schema_comment(record.kind, target, schemas)
    return emit.dump(record_data(record), header)


def write_record(
    record: Record, root: Path, schemas: Path | None = None, *, overwrite: bool = False
) -> Path:
    """Write a record into the registry at ``root``; refuse to replace a file unless told."""
    target = root / relative_place(record)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    make_folder(target.parent)
    write_text(target, record_text(record, target, schemas))
    return target


# -- output folders ------------------------------------------------------------------------

#: One version of a file as a build wrote it: its size and hash (no times: the same input
#: gives the same listing, as it gives the same files).
Entry = tuple[int, str]
#: How the marker's first line ends once it lists the build's files (before, the line
#: says only which accordreg is building: a build that did not get that far).
_LISTING = ": the files this folder's build wrote (size, hash, path)"


def digest(data: bytes) -> str:
    """The hash a listing gives a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class OutputFolder:
    """A folder accordreg writes whole (the website), and the one at ``out`` it replaces.

    Used as ``with OutputFolder(...) as output:``, it gives a new folder beside ``out``
    (``.OUT.XXXXXXXX``) to write in, locked while the process or a child it forks lives
    (:mod:`.build_lock`); :meth:`install` then puts it at ``out``. Its ``marker`` file
    lists what each build wrote, by size and hash, so that the next one replaces or
    removes those files and nothing else: a file someone added or changed stays, and one
    the new build would write over is refused (``refuse``, before anything changes). A
    folder that holds nothing but the last build's files is swapped whole, in one step
    where the system can. Folders of killed builds are removed on entering (where no lock
    is to be had, no build is proven killed, and none is removed). Raises WriteError where
    ``out`` is not a folder or cannot be written, ``refuse`` where it is another's.
    """

    def __init__(self, out: Path, *, marker: str, refuse: type[AccordregError], what: str) -> None:
        self.out = out
        self.marker = marker
        self.refuse = refuse
        self.what = what
        self.folder = Path()
        self._installed = False
        self._lock: build_lock.FolderLock | None = None
        self._old = self._look()  # refused at once, before any work, if not ours

    def __enter__(self) -> OutputFolder:
        parent = self.out.parent
        make_folder(parent)
        self._remove_dead()
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=parent))
            self._lock = build_lock.hold(self.folder)
            # Marked as a build only once locked: a marked folder whose lock is free is dead.
            (self.folder / self.marker).write_text(f"accordreg {__version__}\n", "utf-8")
        except OSError as exc:
            self.__exit__()
            raise failed(self.out, exc) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder != Path() and os.path.lexists(self.folder):
            if self._installed:
                _remove_empty(self.folder)  # what the files were moved out of
            else:
                shutil.rmtree(self.folder, ignore_errors=True)  # the build's own files
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- what is there

    def _look(self) -> _Old:
        """What stands at ``out``: nothing, or a folder of this kind (else refused)."""
        out = self.out
        try:
            if not check_folder(out):
                return _Old()
            mode = os.stat(out).st_mode & 0o7777
            folders: set[str] = set()
            entries = _walk(out, folders)
        except OSError as exc:
            raise failed(out, exc) from exc
        if not entries and not folders:
            return _Old(mode)
        marker = entries.pop(self.marker, None)
        if marker is None or not stat.S_ISREG(marker.st_mode):
            raise self.refuse(
                f"{out} exists and is not a {self.what} accordreg built: choose an empty or "
                "new folder"
            )
        listed = _read_listing(out / self.marker)
        old = _Old(mode, unlisted=listed is None)
        for path, st in entries.items():
            versions = (listed or {}).get(path)
            if versions is not None and _matches(out / path, st, versions, marker.st_mtime_ns):
                old.ours[path] = versions
                old.our_folders.update(_parents(path))
            elif listed is None and stat.S_ISREG(st.st_mode):
                old.ours[path] = [(st.st_size, "")]  # decided by the new build
            else:
                old.others.add(path)
        if listed is None:
            old.our_folders = folders
        old.others.update(folders - old.our_folders)
        return old

    def _remove_dead(self) -> None:
        """Remove what killed builds of ``out`` left beside it: their folders (a marker,
        and no lock held), or an old folder a killed build had moved aside."""
        name = re.compile(re.escape(f".{self.out.name}.") + r"[a-z0-9_]{8}")
        try:
            entries = list(os.scandir(self.out.parent))
        except OSError:
            return
        for entry in entries:
            if not name.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
                continue
            folder = Path(entry.path)
            with contextlib.suppress(OSError):
                if not stat.S_ISREG(os.lstat(folder / self.marker).st_mode):
                    continue  # not a build's (yet): a live build marks its folder once locked
                with build_lock.if_dead(folder) as dead:
                    if not dead:
                        continue  # a build, or one of its children, is alive; or no lock
                    listed = _read_listing(folder / self.marker)
                    if listed is None:
                        # Killed before it listed its files: all of them are its own.
                        shutil.rmtree(folder, ignore_errors=True)
                    else:
                        self._remove_listed(folder, listed)

    def _remove_listed(self, root: Path, listed: dict[str, list[Entry]]) -> bool:
        """Remove the files of ``listed`` from ``root`` where they are as written, then
        the marker and every folder left empty, ``root`` too; whether all of it went."""
        removed = []
        try:
            listed_at = os.lstat(root / self.marker).st_mtime_ns
        except OSError:
            listed_at = -1
        for path, versions in listed.items():
            target = root / path
            try:
                if not _inside(root, target):
                    continue  # through a link out of the folder: never removed
                if _matches(target, os.lstat(target), versions, listed_at):
                    os.unlink(target)
                    removed.append(path)
            except OSError:
                continue
        with contextlib.suppress(OSError):
            os.unlink(root / self.marker)
        _prune(root, removed)
        try:
            os.rmdir(root)
            return True
        except OSError:
            return False

    # -- putting the new folder in place

    def install(self, digests: dict[str, str]) -> list[str]:
        """List what was written in the new folder (``digests``: the hashes of files
        already known, by path) and put it at ``out``; notes for the reader, if any."""
        new = self._list(digests)
        old = self._look()  # again: what was added while the build ran is not lost
        try:
            os.chmod(self.folder, old.mode if old.mode is not None else 0o755)
            if old.mode is None:  # nothing there: the new folder takes its place in one step
                os.rename(self.folder, self.out)
                notes = []
            elif old.whole():
                notes = self._swap(old)
            else:
                notes = self._merge(old, new)
        except OSError as exc:
            raise failed(self.out, exc) from exc
        self._installed = True
        return notes

    def _list(self, digests: dict[str, str]) -> dict[str, list[Entry]]:
        files: dict[str, list[Entry]] = {}
        for path, st in _walk(self.folder).items():
            if path == self.marker:
                continue
            if not stat.S_ISREG(st.st_mode) or "\n" in path:  # pragma: no cover - never made
                raise self.refuse(f"{self.folder / path} is not a file the build wrote")
            files[path] = [(st.st_size, digests.get(path) or _file_digest(self.folder / path))]
        try:
            (self.folder / self.marker).write_bytes(_listing(files))
        except OSError as exc:
            raise failed(self.folder / self.marker, exc) from exc
        return files

    def _swap(self, old: _Old) -> list[str]:
        """Swap the new folder for an old one that holds nothing else, in one step where
        the system can; then remove the old one's files."""
        out = self.out
        if exchange(self.folder, out):
            aside = self.folder
        else:
            aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
            if os.name == "nt":
                os.rmdir(aside)  # Windows renames no folder onto another, even an empty one
            os.replace(out, aside)
            checkpoint(f"{self.what}-swapping")
            os.replace(self.folder, out)
        if not self._remove_listed(aside, old.ours):
            return [f"{aside} holds files the old {self.what} did not list; it was left as it is"]
        return []

    def _merge(self, old: _Old, new: dict[str, list[Entry]]) -> list[str]:
        """Put the new files into ``out`` one by one, beside what a build did not write,
        then remove the old build's files that the new one no longer has."""
        out = self.out
        if old.unlisted:
            # A marker of an older accordreg lists nothing: its files are taken to be
            # those the new build replaces, and no other file is removed.
            old.others.update(p for p in old.ours if p not in new)
            old.ours = {p: v for p, v in old.ours.items() if p in new}
        self._refuse_conflicts(old, new)
        # First the marker, listing the old build's files and the new ones, so that a
        # build killed halfway leaves a folder whose every file is still known as written.
        pending = {p: [*old.ours.get(p, []), *new.get(p, [])] for p in {*old.ours, *new}}
        write_bytes(out / self.marker, _listing(pending), durable=False)
        made: set[str] = set()
        for path in sorted(new):
            for parent in _parents(path):
                if parent not in made:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(out / parent)
                    made.add(parent)
            os.replace(self.folder / path, out / path)
            checkpoint(f"{self.what}-merging")
        stale = [p for p in old.ours if p not in new]
        for path in stale:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(out / path)
        _prune(out, stale)
        os.replace(self.folder / self.marker, out / self.marker)
        return []

    def _refuse_conflicts(self, old: _Old, new: dict[str, list[Entry]]) -> None:
        """``refuse``, before anything is written, if a new file would land on or in
        something a build did not write."""
        for path in sorted(new):
            for place in (*_parents(path), path):
                if place in old.others:
                    what = "folder" if place != path else "file"
                    raise self.refuse(
                        f"{self.out / place} is a {what} accordreg did not write, where the "
                        f"new {self.what} puts {'files' if what == 'folder' else 'one'}; "
                        "move it, or choose another folder"
                    )


@dataclass
class _Old:
    """What stands at an output folder before a build."""

    #: The folder's permissions, or None if there is no folder.
    mode: int | None = None
    #: Files the last build wrote, as they are now (path -> the versions it lists).
    ours: dict[str, list[Entry]] = field(default_factory=dict)
    #: Folders that hold those files.
    our_folders: set[str] = field(default_factory=set)
    #: Everything else: files, links, devices a build did not write; folders that hold
    #: none of the build's files.
    others: set[str] = field(default_factory=set)
    #: Whether the marker lists no files (an older accordreg's): only the files the new
    #: build writes are taken for the old build's.
    unlisted: bool = False

    def whole(self) -> bool:
        """Whether the folder holds the last build's files and nothing else."""
        return self.mode is not None and not self.others and not self.unlisted


def _file_digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _listing(files: dict[str, list[Entry]]) -> bytes:
    """The marker's text: a line per file and version, sorted by path."""
    lines = [f"accordreg {__version__}{_LISTING}\n"]
    for name in sorted(files):
        lines.extend(f"{size} {hashed} {name}\n" for size, hashed in files[name])
    return "".join(lines).encode("utf-8")


def _read_listing(path: Path) -> dict[str, list[Entry]] | None:
    """The files a marker lists, or None for a marker that lists none (an older
    accordreg's, a build's that did not finish, a damaged one): files not known."""
    try:
        head, *lines = path.read_text(encoding="utf-8").splitlines()
        if not (head.startswith("accordreg ") and head.endswith(_LISTING)):
            return None
        files: dict[str, list[Entry]] = {}
        for line in lines:
            size, hashed, name = line.split(" ", 2)
            if _relative(name):  # any other line is not a build's: never acted on
                files.setdefault(name, []).append((int(size), hashed))
    except (OSError, ValueError):
        return None
    return files


def _relative(path: str) -> bool:
    """Whether ``path`` is as a build lists its files: relative, each part a name (no
    ``..``, ``.`` or empty part), so that it names a file inside the folder."""
    return (
        bool(path)
        and "\0" not in path
        and all(part not in ("", ".", "..") for part in path.split("/"))
    )


def _inside(root: Path, target: Path) -> bool:
    """Whether ``target`` lies inside ``root`` once links on the way are followed (the
    file itself, if a link, is not: it is removed, never what it points to)."""
    top = os.path.realpath(root)
    where = os.path.realpath(target.parent)
    return where == top or where.startswith(top.rstrip(os.sep) + os.sep)


def _walk(root: Path, folders: set[str] | None = None) -> dict[str, os.stat_result]:
    """Every entry under ``root`` but folders, by its path from ``root``, with its lstat
    (links are not followed); the folders go into ``folders`` if given."""
    found: dict[str, os.stat_result] = {}
    stack = [""]
    while stack:
        here = stack.pop()
        with os.scandir(root / here if here else root) as entries:
            for entry in entries:
                rel = f"{here}/{entry.name}" if here else entry.name
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode):
                    stack.append(rel)
                    if folders is not None:
                        folders.add(rel)
                else:
                    found[rel] = st
    return found


def _parents(path: str) -> Iterator[str]:
    """The folders ``path`` lies in, from the top down (the top itself left out)."""
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i])


def _matches(path: Path, st: os.stat_result, entries: list[Entry], listed_at: int) -> bool:
    """Whether the file is one of the versions a build wrote: of a listed size and not
    modified since the listing was written (``listed_at``, the marker's time), or else
    (touched, copied) of a listed hash."""
    if not stat.S_ISREG(st.st_mode):
        return False
    sized = [e for e in entries if st.st_size == e[0]]
    if not sized:
        return False
    if st.st_mtime_ns <= listed_at:
        return True
    try:
        hashed = _file_digest(path)
    except OSError:
        return False
    return any(hashed == e[1] for e in sized)


def _remove_empty(root: Path) -> None:
    """Remove ``root`` and the folders under it that hold no file; never a file."""
    for here, _folders, _files in os.walk(root, topdown=False):
        with contextlib.suppress(OSError):
            os.rmdir(here)


def _prune(root: Path, removed: list[str]) -> None:
    """Remove the folders under ``root`` that removing ``removed`` left empty."""
    folders = {f for path in removed for f in _parents(path)}
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(root / folder)
