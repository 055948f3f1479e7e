"""The cache's two files as written on disk: the snapshot (a header line, then every entry
as one JSON object) and the journal (one checksummed line per entry), and the soundness
test for an entry read from outside a checksummed snapshot.

The checksums are keyed with a secret of this user's, kept outside every registry (see
:mod:`.cache_key`): an entry forged in a registry's cache never matches its checksum.
"""

from __future__ import annotations

import json
import os
from itertools import repeat
from pathlib import Path
from stat import S_ISREG
from typing import Any

from .._diagnostics import CODES, Diagnostic
from .._model.names import SETTINGS_FILE
from .._store.read import read_bytes
from .cache_key import checksum, key_id, secret
from .result import DIGEST, FileResult
from .stored import KEPT, MTIME, SIZE, WIRE

#: The largest cache file read (the snapshot of a hundred thousand records is about 50 MB):
#: a larger one is damaged, and rebuilt, never read into memory.
MAX_CACHE_BYTES = 256 * 1024 * 1024


def append_lines(path: Path, data: bytes) -> None:
    """Append to the journal: a regular file only, never through a link (``OSError``
    otherwise, and a cache not saved). One write of whole lines: concurrent runs add
    lines, never mix them."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o644)
    try:
        if not S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        os.write(fd, data)
    finally:
        os.close(fd)


def journal_line(payload: str) -> str:
    """A journal line: the payload's checksum, a tab, the payload (JSON), a newline."""
    return f"{checksum(payload.encode())}\t{payload}\n"


def checked_line(line: bytes) -> bytes:
    """A journal line's payload; ``ValueError`` unless it matches its checksum."""
    found, tab, payload = line.partition(b"\t")
    if not tab or not found.isdigit() or len(found) > 20 or int(found) != checksum(payload):
        raise ValueError("a journal line that does not match its checksum")
    return payload


def journalled(entry: list[Any]) -> list[Any]:
    """An entry as the journal keeps it: its data only where it is text."""
    return entry if len(entry) <= KEPT or type(entry[KEPT]) is str else entry[:KEPT]


class SnapshotDamaged(ValueError):
    """A snapshot that is not as accordreg wrote it (the message says how)."""


def encode_snapshot(
    key: str, files: dict[str, list[Any]], records: dict[str, int] | None = None
) -> str:
    """The snapshot's text: a header line (the cache key, the name of the user's key, a
    checksum of the entries, the size of the records file), then the entries as one JSON
    object."""
    body = json.dumps(files, separators=(",", ":"))
    sums = checksum(body.encode())
    header = json.dumps({"key": key, "by": key_id(), "sum": sums, "records": records})
    return f"{header}\n{body}"


def read_snapshot(path: Path, key: str) -> tuple[dict[str, list[Any]], Any] | None:
    """The entries of the snapshot at ``path`` if made under ``key``, and its description
    of the records file; None for one made under another (other code or settings: stale,
    not damaged), for one whose header names another user's key (see :func:`key_id`),
    and for any where no key is kept between runs (see :func:`secret`).
    ``SnapshotDamaged`` if it is damaged, or its checksum is not one made with this
    user's key; ``OSError`` if it cannot be read."""
    if not secret()[1]:
        return None
    head, newline, body = read_bytes(str(path), MAX_CACHE_BYTES, what="cache").partition(b"\n")
    try:
        header = json.loads(head)
    except (ValueError, RecursionError) as exc:
        # RecursionError: nesting deeper than the JSON reader's stack allows.
        raise SnapshotDamaged(f"is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(header, dict):
        raise SnapshotDamaged("has no header")
    if header.get("key") != key:
        return None
    if header.get("by", key_id()) != key_id():
        return None  # made under another user's key (another HOME): stale, not damaged
    if not newline or header.get("sum") != checksum(body):
        raise SnapshotDamaged("does not match its checksum")
    try:
        files = json.loads(body)
    except (ValueError, RecursionError):  # pragma: no cover - the checksum matched
        files = None
    if not isinstance(files, dict):
        raise SnapshotDamaged("holds no table of files")
    # Written by accordreg from sound results, and unchanged since: sound as it stands.
    return files, header.get("records")


def sound_entry(key: str, entry: Any) -> bool:
    """Whether an entry from outside the checksummed snapshot is one accordreg could have
    written: any damage found here, never later, where a warm run trusts every entry."""
    return _well_formed(entry) and _result(key, entry) is not None


def _well_formed(entry: Any) -> bool:
    """Whether an entry has the form ``[mtime_ns, size, digest, facts, diagnostics]``,
    with the record's data after them where it is kept."""
    return (
        type(entry) is list
        and len(entry) in (KEPT, KEPT + 1)
        and type(entry[MTIME]) is int
        and type(entry[SIZE]) is int
        and type(entry[WIRE + DIGEST]) is str
    )


def _result(path: str, entry: list[Any]) -> FileResult | None:
    """The result an entry holds, or None if any of it is damaged."""
    try:
        result = FileResult.from_json(path, entry[WIRE:])
    except Exception:  # whatever a damaged entry raises, it is simply not used
        return None
    if result.diagnostics and not all(map(_sound, result.diagnostics)):
        return None
    facts = result.facts
    if facts is None:
        # A record file has facts unless it has problems; the settings file has none.
        return result if result.diagnostics or path.endswith(SETTINGS_FILE) else None
    # Run for every cached file of a warm run: the checks stay in C (map, isinstance).
    if not all(map(isinstance, facts.dates, repeat(str))):
        return None
    for ids in facts.targets.values():  # keys are text: JSON objects have no other keys
        if type(ids) is not list or not all(map(isinstance, ids, repeat(str))):
            return None
    return result


def _sound(d: Diagnostic) -> bool:
    """Whether a cached diagnostic is one accordreg could have made."""
    return d.code in CODES and d.line >= 1 and d.column >= 1
