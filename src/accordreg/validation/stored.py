"""The cache's records file: the data of valid records, for ``load()`` alone.

``validate`` needs facts and problems; ``load()`` also needs each valid record's data, to
build the record without reading and parsing its file. Kept in the snapshot, the data
would triple what every warm ``validate`` reads and parses; so it lives beside it in one
file of concatenated JSON texts, which ``load()`` maps into memory as it is (the system
reads in only the pages asked for): the snapshot's entries say where each record's text
starts and ends, and a record's text is taken out of it only when the record is first
looked up.

The snapshot's header carries the file's size and checksum: a records file that does not
match (written by an interrupted run, changed since) is not used, and the records it held
are checked afresh.
"""

from __future__ import annotations

import mmap
import os
import zlib
from pathlib import Path
from typing import Any

from ..store.atomic import write_bytes

RECORDS = "records.data"
#: The records file as read: mapped into memory (bytes if it is empty).
Buffer = bytes | mmap.mmap


class Stored:
    """A record's data in the records file: where it is, taken out when asked for."""

    __slots__ = ("buffer", "end", "start")

    def __init__(self, buffer: Buffer, start: int, end: int) -> None:
        self.buffer = buffer
        self.start = start
        self.end = end

    def text(self) -> bytes:
        """The record's data, as JSON."""
        return self.buffer[self.start : self.end]


def text_of(data: str | Stored) -> str | bytes:
    """A record's data as JSON, kept in the cache or just made."""
    return data if isinstance(data, str) else data.text()


def read_records(folder: Path, header: Any) -> Buffer | None:
    """The records file the snapshot's ``header`` describes; None if it is missing, or
    is not that file."""
    if not isinstance(header, dict):
        return None
    try:
        # One open file for the check and the mapping: a file replaced meanwhile (always
        # by a rename) leaves this one as it was.
        with open(folder / RECORDS, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size != header.get("size"):
                return None
            # In pieces: a checksum over the whole mapping would bring every page in.
            total = 0
            while piece := file.read(1 << 22):
                total = zlib.crc32(piece, total)
            if total != header.get("sum"):
                return None
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    except (OSError, ValueError):  # ValueError: a file that cannot be mapped
        return None


def write_records(
    folder: Path, files: dict[str, list[Any]], old: Buffer | None
) -> tuple[dict[str, list[Any]], dict[str, int]]:
    """Write the data of ``files``' entries to a new records file; return the entries as
    the snapshot keeps them (each with ``[start, length]`` in the new file instead of its
    data) and the header that describes the file.

    An entry's data is its text, or ``[start, length]`` in ``old`` (the records file read
    before); one whose data cannot be found loses it, and its record is checked afresh
    by the next ``load()``.
    """
    parts: list[bytes] = []
    at = 0
    out: dict[str, list[Any]] = {}
    for name, entry in files.items():
        if len(entry) == 6:
            data = entry[5]
            blob: bytes | None = None
            if isinstance(data, str):
                blob = data.encode()
            elif old is not None:
                start, length = data
                blob = old[start : start + length]
            if blob is None:
                entry = entry[:5]
            else:
                parts.append(blob)
                entry = [*entry[:5], [at, len(blob)]]
                at += len(blob)
        out[name] = entry
    raw = b"".join(parts)
    write_bytes(folder / RECORDS, raw, durable=False)  # a cache may be lost
    return out, {"size": len(raw), "sum": zlib.crc32(raw)}
