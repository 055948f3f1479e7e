"""A content-hash cache of per-file results, so that unchanged files are not re-checked.

It lives in ``.accordreg-cache/`` in the registry folder (ignored by git through its own
``.gitignore``). Entries are keyed by file path and content hash; the whole cache is
keyed by accordreg's code and the lifecycle table, so any change to either starts afresh.
Cross-file integrity is never cached: it is rechecked on every run from cached facts.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .atomic import write_text
from .errors import Diagnostic
from .facts import Facts
from .lifecycle import Lifecycle

FOLDER = ".accordreg-cache"
FILE = "results.json"


@dataclass
class FileResult:
    """What checking one file found: its problems and the facts cross-file checks need."""

    path: str
    digest: str
    diagnostics: list[Diagnostic]
    facts: Facts | None

    def to_json(self) -> list[Any]:
        """A compact JSON-ready form: [digest, facts or null, diagnostics...]."""
        facts = self.facts.to_json() if self.facts else None
        return [self.digest, facts, *(d.model_dump(mode="json") for d in self.diagnostics)]

    @classmethod
    def from_json(cls, path: str, data: list[Any]) -> FileResult:
        """The inverse of :meth:`to_json`."""
        digest, facts, *diagnostics = data
        return cls(
            path,
            digest,
            [Diagnostic.model_validate(d) for d in diagnostics],
            Facts.from_json(path, facts) if facts else None,
        )


@cache
def _code_fingerprint() -> str:
    """A hash of accordreg's own source: new code never trusts old results."""
    h = hashlib.blake2b(digest_size=16)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.read_bytes())
    return h.hexdigest()


def fingerprint(lifecycle: Lifecycle) -> str:
    """What the cached results depend on besides the files themselves."""
    # Sorted, not repr'd sets: set order changes from one interpreter run to the next.
    table = repr(
        sorted(
            (
                s.value,
                sorted(m.value for m in r.moves),
                repr(r.default_level),
                sorted(r.levels),
                r.may_start,
            )
            for s, r in lifecycle.table.items()
        )
    )
    return hashlib.blake2b(f"{_code_fingerprint()}|{table}".encode(), digest_size=16).hexdigest()


class Cache:
    """Per-file results from earlier runs, and the ones this run adds."""

    def __init__(self, folder: Path, lifecycle: Lifecycle, root: str = "") -> None:
        self.folder = folder
        self.key = fingerprint(lifecycle)
        # Entries are keyed relative to the registry folder, so that `validate provisions`
        # and `validate /abs/path/provisions` share them.
        self.root = root
        self.entries: dict[str, list[Any]] = {}
        #: (mtime_ns, size) of each file when its entry was made, and when the cache was
        #: written: a file whose stat is unchanged and older than that need not be read.
        self.stats: dict[str, list[int]] = {}
        self.written = 0
        self.seen: set[str] = set()
        self.changed = False
        try:
            stored = json.loads((folder / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no cache yet, or an unreadable one: start afresh
        if isinstance(stored, dict) and stored.get("key") == self.key:
            entries, stats = stored.get("entries"), stored.get("stats")
            self.entries = entries if isinstance(entries, dict) else {}
            self.stats = stats if isinstance(stats, dict) else {}
            written = stored.get("written")
            self.written = written if isinstance(written, int) else 0

    def _key(self, path: str) -> str:
        root = self.root
        return path[len(root) :] if root and path.startswith(root) else os.path.abspath(path)

    def get_unchanged(self, path: str) -> FileResult | None:
        """The cached result if the file's size and modification time are as recorded.

        Files modified within two seconds of the cache being written are always read:
        a same-size edit in the same clock tick would otherwise go unseen.
        """
        key = self._key(path)
        recorded = self.stats.get(key)
        if recorded is None:
            return None
        try:
            st = os.stat(path)
        except OSError:
            return None
        if [st.st_mtime_ns, st.st_size] != recorded or st.st_mtime_ns >= self.written - 2e9:
            return None
        return self.get(path, self.entries.get(key, [""])[0], restat=False)

    def get(self, path: str, digest: str, *, restat: bool = True) -> FileResult | None:
        """The cached result for this file if its content is unchanged."""
        key = self._key(path)
        self.seen.add(key)
        entry = self.entries.get(key)
        if not isinstance(entry, list) or not entry or entry[0] != digest:
            return None
        if restat:  # same content, new stat (a checkout, a touch): remember the new one
            self._stat(key, path)
        try:
            return FileResult.from_json(path, entry)
        except (KeyError, IndexError, TypeError, ValueError):
            return None

    def put(self, result: FileResult) -> None:
        """Remember a fresh result."""
        key = self._key(result.path)
        self.seen.add(key)
        self.entries[key] = result.to_json()
        self._stat(key, result.path)

    def _stat(self, key: str, path: str) -> None:
        self.changed = True
        try:
            st = os.stat(path)
            self.stats[key] = [st.st_mtime_ns, st.st_size]
        except OSError:
            self.stats.pop(key, None)

    def save(self) -> None:
        """Write the cache if this run changed it; a failure to write is not an error.

        Entries of files this run did not see (deleted or renamed) are dropped.
        """
        if len(self.seen) != len(self.entries):
            self.entries = {k: v for k, v in self.entries.items() if k in self.seen}
            self.stats = {k: v for k, v in self.stats.items() if k in self.seen}
            self.changed = True
        if not self.changed:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by accordreg: a local cache, never committed.\n*\n")
            document = {
                "key": self.key,
                "written": time.time_ns(),
                "entries": self.entries,
                "stats": self.stats,
            }
            text = json.dumps(document, separators=(",", ":"))
            write_text(self.folder / FILE, text, durable=False)  # a cache may be lost
        except OSError:
            pass  # a read-only checkout still validates, just without a cache
