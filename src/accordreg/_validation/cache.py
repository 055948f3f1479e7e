"""A content-hash cache of per-file results, so that unchanged files are not re-checked.

It lives in ``.accordreg-cache/`` in the registry folder (ignored by git through its own
``.gitignore``). Entries are keyed by file path and content hash; the whole cache is
keyed by accordreg's code and the registry's settings (vocabulary and lifecycle), so any
change to either starts afresh.
Cross-file integrity is never cached: it is rechecked on every run from cached facts.

Two files: a snapshot of every entry, and a journal that a run appends its few new
entries to, so that editing one file in a large registry does not rewrite megabytes.
The journal is folded into the snapshot once it grows long.

Every entry is checked for soundness once, as it comes in: the snapshot as a whole by a
checksum over its entries (written by accordreg from sound results, so a snapshot whose
sum matches is as it was written), each journal line by its own checksum and then its
form. A warm run over ten thousand cached files then builds their results without
inspecting each one again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from functools import cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

from .._errors import WriteError
from .._model.names import CACHE_FOLDER, CACHE_SNAPSHOT
from .._store.atomic import check_folder, write_text
from .._store.read import read_bytes
from .cache_files import (
    MAX_CACHE_BYTES,
    SnapshotDamaged,
    append_lines,
    checked_line,
    encode_snapshot,
    journal_line,
    journalled,
    read_snapshot,
    sound_entry,
)
from .result import DIGEST, FileResult
from .stored import KEPT, MTIME, RECORDS, SIZE, WIRE, RecordsFile, read_records, write_records

FOLDER = CACHE_FOLDER
FILE = CACHE_SNAPSHOT
JOURNAL = "journal.jsonl"
#: A file modified this recently (in ns) may be modified again within the same clock tick
#: without its size or time changing, so its stat is not trusted: it is read next time.
SETTLE_NS = 2_000_000_000


#: The package folder: every module below it is part of the code fingerprint.
PACKAGE = Path(__file__).resolve().parent.parent


def code_files(package: Path = PACKAGE) -> list[Path]:
    """Every module of the package, subpackages included, in a stable order."""
    return sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())


@cache
def code_fingerprint(package: Path = PACKAGE) -> str:
    """A hash of accordreg's own source: new code never trusts old results."""
    h = hashlib.blake2b(digest_size=16)
    for source in code_files(package):
        # The name too: moving code between modules is a change.
        h.update(source.relative_to(package).as_posix().encode() + b"\0")
        h.update(source.read_bytes())
    return h.hexdigest()


def fingerprint(settings_key: str) -> str:
    """What the cached results depend on besides the files themselves: the code, and the
    settings (``SettingsSource.key``: the settings file's hash, or given settings')."""
    text = f"{code_fingerprint()}|{settings_key}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class Cache:
    """Per-file results from earlier runs, and the ones this run adds.

    Each entry, keyed by the file's path relative to the registry folder, is
    ``[mtime_ns, size, digest, facts or null, [diagnostics]]``, then the record's data
    where it is kept (text in the journal; ``[start, length]`` in the records file, see
    ``stored``, in the snapshot); an ``mtime_ns`` of -1 means the stat is not to be
    trusted and the file is read and hashed again. ``want_data`` reads the records file
    too, for results that carry their record's data.
    """

    def __init__(
        self, folder: Path, settings_key: str, root: str = "", *, want_data: bool = False
    ) -> None:
        self.folder = folder
        self.key = fingerprint(settings_key)
        # Entries are keyed relative to the registry folder, so that `validate provisions`
        # and `validate /abs/path/provisions` share them.
        self.root = root
        self.files: dict[str, list[Any]] = {}
        self.seen: set[str] = set()
        #: Entries this run made or changed, to be appended to the journal.
        self.dirty: dict[str, list[Any]] = {}
        self.journal_lines = 0
        self.snapshot_ok = False
        #: Whether the one warning about a damaged cache has been given.
        self.warned = False
        #: The snapshot's description of its records file, and the file once read.
        self.records_header: Any = None
        self.records: RecordsFile | None = None
        #: Why the cache folder is not used at all (a link, not a folder), or None.
        self.refused: str | None = None
        if not self._own_folder() or not self._own_files():
            return
        try:
            stored = read_snapshot(folder / FILE, self.key)
        except FileNotFoundError:
            return  # no cache yet
        except OSError as exc:
            self._damaged(f"{FILE} cannot be read ({exc})")
            return
        except SnapshotDamaged as exc:
            self._damaged(f"{FILE} {exc}")
            return
        if stored is None:
            return  # results of other code or another lifecycle: stale, not damaged
        self.files, self.records_header = stored
        self.snapshot_ok = True
        if want_data:
            # A missing or mismatched file only costs a re-check of the records it held.
            self.records = read_records(folder, self.records_header)
        self._replay_journal()

    def _own_folder(self) -> bool:
        """Whether the cache folder is a folder of the registry's own, or not there yet.

        A link (to a folder elsewhere) or anything but a folder is refused, with one
        warning: its files are neither read nor written, and the run goes on without a
        cache. Checked again before every save."""
        if self.refused is not None:
            return False
        try:
            check_folder(self.folder)
            return True
        except OSError as exc:
            reason = exc.reason if isinstance(exc, WriteError) else str(exc)
            self.refused = reason
        import logging

        logging.getLogger("accordreg").warning(
            "accordreg: warning: the cache folder %s is not used: %s (remove it, and a cache "
            "folder is made anew)",
            self.folder,
            self.refused,
        )
        return False

    def _own_files(self) -> bool:
        """Whether the cache's own files can be written where they go: each is a regular
        file, or nothing, or something that can be put aside (a FIFO, a device, a link:
        removing one loses nothing, see :meth:`_clear`). A folder in the place of one
        cannot: the cache is then not used, with one warning."""
        for name in (FILE, JOURNAL, RECORDS):
            try:
                st = os.lstat(self.folder / name)
            except FileNotFoundError:
                continue
            except OSError as exc:
                self.refused = f"{name} cannot be looked at ({exc.strerror or exc})"
                break
            if S_ISDIR(st.st_mode):
                self.refused = f"{name} in it is a folder"
                break
        else:
            return True
        import logging

        logging.getLogger("accordreg").warning(
            "accordreg: warning: the cache in %s is not used: %s (remove it, and the cache "
            "is made anew)",
            self.folder,
            self.refused,
        )
        return False

    def _clear(self) -> None:
        """Remove what stands at a cache file's name but is no regular file (a FIFO, a
        device node, a socket, a link: only the name, never what a link points to), so
        that a rebuilt cache takes its place; what is unreadable is not left to be found
        damaged again by every run."""
        for name in (FILE, JOURNAL, RECORDS):
            path = self.folder / name
            try:
                if not S_ISREG(os.lstat(path).st_mode):
                    os.unlink(path)
            except FileNotFoundError:
                continue

    def _damaged(self, why: str) -> None:
        """Say once that the cache is damaged; what is unreadable is rebuilt on save."""
        self.snapshot_ok = False  # the next save writes a whole, fresh snapshot
        if self.warned:
            return
        self.warned = True
        # Imported here: the usual run, with a sound cache, never needs it.
        import logging

        logging.getLogger("accordreg").warning(
            "accordreg: warning: the cache in %s is damaged (%s); it is rebuilt",
            self.folder,
            why,
        )

    def _replay_journal(self) -> None:
        try:
            raw = read_bytes(str(self.folder / JOURNAL), MAX_CACHE_BYTES, what="cache")
        except FileNotFoundError:
            return
        except OSError as exc:
            self._damaged(f"{JOURNAL} cannot be read ({exc})")
            return
        lines = raw.splitlines()
        self.journal_lines = len(lines)
        entries: dict[str, list[Any]] = {}
        for line in lines:
            try:
                key, name, entry = json.loads(checked_line(line))
            except (ValueError, TypeError, RecursionError):
                # A line torn by a crash, or garbage: the journal is dropped as a whole
                # (the snapshot is rewritten on save), and its files are checked again.
                self._damaged(f"{JOURNAL} has an unreadable line")
                return
            if key != self.key:
                continue  # appended by a run of other code: stale, not damaged
            if not isinstance(name, str) or not sound_entry(name, entry):
                self._damaged(f"{JOURNAL} has a malformed entry")
                return
            entries[name] = entry
        self.files.update(entries)

    def _key(self, path: str) -> str:
        root = self.root
        return path[len(root) :] if root and path.startswith(root) else os.path.abspath(path)

    def unchanged(self, paths: list[str]) -> tuple[list[FileResult], list[str]]:
        """Cached results of the files whose size and modification time are as recorded,
        and the paths of the others (to be read, and looked up by content with :meth:`get`).
        """
        hits: list[FileResult] = []
        others: list[str] = []
        files, seen, stat, key_of = self.files, self.seen, os.stat, self._key
        hit = self._hit
        for path in paths:
            key = key_of(path)
            entry = files.get(key)
            if entry is None:
                others.append(path)
                continue
            try:
                st = stat(path)
            except OSError:
                others.append(path)
                continue
            if st.st_mtime_ns != entry[MTIME] or st.st_size != entry[SIZE]:
                others.append(path)
                continue
            seen.add(key)
            hits.append(hit(path, entry))
        return hits, others

    def _hit(self, path: str, entry: list[Any]) -> FileResult:
        """The result an entry holds, its data taken from the records file if it is there.

        Built directly, without the checks of ``FileResult.from_json``: every entry was
        found sound as it came in (see the module's docstring), and this runs for every
        cached file of a warm run.
        """
        return FileResult.trusted(path, entry, self.records, WIRE)

    def get(self, path: str, digest: str) -> FileResult | None:
        """The cached result for this file if its content is unchanged."""
        key = self._key(path)
        self.seen.add(key)
        entry = self.files.get(key)
        if entry is None or entry[WIRE + DIGEST] != digest:
            return None
        if self._restat(path, entry):
            self.dirty[key] = entry  # same content, new stat (a checkout, a touch)
        return self._hit(path, entry)

    def put(self, result: FileResult) -> None:
        """Remember a fresh result."""
        key = self._key(result.path)
        self.seen.add(key)
        entry = [-1, -1, *result.to_json()]
        self.files[key] = self.dirty[key] = entry
        self._restat(result.path, entry)

    @staticmethod
    def _restat(path: str, entry: list[Any]) -> bool:
        """Record the file's current stat in ``entry``; True if that changed it."""
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or st.st_mtime_ns >= time.time_ns() - SETTLE_NS:
            stat = [-1, -1]  # gone, or too fresh to trust: read it next time
        else:
            stat = [st.st_mtime_ns, st.st_size]
        if entry[:WIRE] == stat:
            return False
        entry[MTIME], entry[SIZE] = stat
        return True

    def save(self) -> None:
        """Record this run's new entries; a failure to write is not an error.

        New entries are appended to the journal. The snapshot is rewritten instead when
        there is none yet, when the journal has grown long, or when files this run did
        not see (deleted or renamed) are to be forgotten.
        """
        if not self._own_folder():
            return
        forgotten = len(self.seen) != len(self.files)
        if forgotten:
            self.files = {k: v for k, v in self.files.items() if k in self.seen}
        long_journal = self.journal_lines + len(self.dirty) > max(100, len(self.files) // 20)
        try:
            if forgotten or long_journal or not self.snapshot_ok:
                self._write_snapshot()
            elif self.dirty:
                # Where data is in the records file, it stays out of the journal: a run that
                # rewrites that file meanwhile would leave a place in it that now holds
                # another record's data. The record is checked afresh instead.
                lines = "".join(
                    journal_line(json.dumps([self.key, k, journalled(v)], separators=(",", ":")))
                    for k, v in self.dirty.items()
                )
                try:
                    append_lines(self.folder / JOURNAL, lines.encode())
                except OSError:
                    # Not a file to append to (a link, a folder): a whole snapshot instead,
                    # which removes it.
                    self._write_snapshot()
        except OSError:
            pass  # a read-only checkout still validates, just without a cache

    def _write_snapshot(self) -> None:
        if not check_folder(self.folder):
            # Its parent is the registry's folder, or the $ACCORDREG_CACHE_DIR folder
            # that may not be there yet; the cache folder itself is made here alone.
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            self.folder.mkdir()
        self._clear()
        ignore = self.folder / ".gitignore"
        if not os.path.lexists(ignore):  # a link there is left alone, never written through
            ignore.write_text("# Created by accordreg: a local cache, never committed.\n*\n")
        old = self.records
        if old is None and any(
            len(e) > KEPT and type(e[KEPT]) is list for e in self.files.values()
        ):
            old = read_records(self.folder, self.records_header)  # to carry its data over
        files, header = write_records(self.folder, self.files, old)
        # The records file first: a snapshot is never written before the file it describes.
        write_text(self.folder / FILE, encode_snapshot(self.key, files, header), durable=False)
        # Its entries are in the snapshot now. Lines another run appends meanwhile are
        # lost with it: that costs a re-check, never a wrong result.
        (self.folder / JOURNAL).unlink(missing_ok=True)
