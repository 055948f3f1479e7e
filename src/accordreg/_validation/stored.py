"""The cache's records file: the data of valid records, for ``load()`` alone.

``validate`` needs facts and problems; ``load()`` also needs each valid record's data, to
build the record without reading and parsing its file. Kept in the snapshot, the data
would triple what every warm ``validate`` reads and parses; so it lives beside it in one
file of concatenated JSON texts, which ``load()`` checks and keeps open: the snapshot's
entries say where each record's text starts and ends, and a record's text is read only
when the record is first looked up.

The snapshot's header carries the file's size, and each entry its record's checksum (keyed,
see ``cache_files``): a records file of another size (written by an interrupted run,
replaced since) is not used, and a record whose text does not match its checksum is read
from its own file instead.
Checked where it is read, a record costs a checksum over its own bytes, and a load reads
none of the file it does not need.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path
from typing import Any

from .._store.atomic import write_bytes
from .._store.read import OPEN_FLAGS
from .cache_key import checksum as keyed_checksum

#: Where each part sits in a cache entry: the file's stat (``mtime_ns``, size), then from
#: ``WIRE`` on the result's wire form (``result.DIGEST`` and after); the record's data,
#: where it is kept, at ``KEPT``, after the digest, the facts and the diagnostics.
MTIME, SIZE, WIRE = range(3)
KEPT = WIRE + 3

RECORDS = "records.data"


class RecordsFile:
    """The records file, open for as long as records may be built from it.

    Each record's text is read when asked for, at its place (``pread``): nothing of the
    file is held in memory, and a file replaced meanwhile (always by a rename) leaves
    this one as it was. A file cut short meanwhile gives ``None``, not a crash.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = threading.Lock()  # where pread is missing, seek and read go together

    def read(self, start: int, length: int) -> bytes | None:
        """``length`` bytes from ``start``; None if the file no longer holds them."""
        try:
            if hasattr(os, "pread"):
                data = os.pread(self._fd, length, start)
            else:  # pragma: no cover - Windows
                with self._lock:
                    os.lseek(self._fd, start, os.SEEK_SET)
                    data = os.read(self._fd, length)
        except OSError:
            return None
        return data if len(data) == length else None

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


class Stored:
    """A record's data in the records file: where it is and its checksum, read when asked
    for."""

    __slots__ = ("file", "length", "start", "sum")

    def __init__(self, file: RecordsFile, start: int, length: int, checksum: int) -> None:
        self.file = file
        self.start = start
        self.length = length
        self.sum = checksum

    def text(self) -> bytes | None:
        """The record's data, as JSON; None if the file no longer holds it as written."""
        data = self.file.read(self.start, self.length)
        return data if data is not None and keyed_checksum(data) == self.sum else None


def text_of(data: str | Stored) -> str | bytes | None:
    """A record's data as JSON, kept in the cache or just made; None if it is gone."""
    return data if isinstance(data, str) else data.text()


def read_records(folder: Path, header: Any) -> RecordsFile | None:
    """The records file the snapshot's ``header`` describes, kept open; None if it is
    missing, is not a regular file, or is not of the size written."""
    if not isinstance(header, dict):
        return None
    try:
        fd = os.open(folder / RECORDS, OPEN_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        # Never a FIFO or a device: reading one could wait, or never end.
        if not stat.S_ISREG(st.st_mode) or st.st_size != header.get("size"):
            os.close(fd)
            return None
    except OSError:
        os.close(fd)
        return None
    return RecordsFile(fd)


def write_records(
    folder: Path, files: dict[str, list[Any]], old: RecordsFile | None
) -> tuple[dict[str, list[Any]], dict[str, int]]:
    """Write the data of ``files``' entries to a new records file; return the entries as
    the snapshot keeps them (each with ``[start, length, checksum]`` in the new file
    instead of its data) and the header that describes the file.

    An entry's data is its text, or ``[start, length, checksum]`` in ``old`` (the records
    file read before); one whose data cannot be found as written loses it, and its record
    is checked afresh by the next ``load()``.
    """
    parts: list[bytes] = []
    at = 0
    out: dict[str, list[Any]] = {}
    for name, entry in files.items():
        if len(entry) > KEPT:
            data = entry[KEPT]
            blob: bytes | None = None
            if isinstance(data, str):
                blob = data.encode()
            elif old is not None:
                start, length, checksum = data
                blob = Stored(old, start, length, checksum).text()
            if blob is None:
                entry = entry[:KEPT]
            else:
                parts.append(blob)
                entry = [*entry[:KEPT], [at, len(blob), keyed_checksum(blob)]]
                at += len(blob)
        out[name] = entry
    raw = b"".join(parts)
    write_bytes(folder / RECORDS, raw, durable=False)  # a cache may be lost
    return out, {"size": len(raw)}
