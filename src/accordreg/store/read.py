"""Files to documents: read a record file and parse it, positions found only when asked."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, diagnostic

if TYPE_CHECKING:
    from ..yaml import parse as _yaml


@dataclass
class Document:
    """One record file as read: its data, or the reasons it has none.

    Positions are found only when asked for: a clean file is read on the fast path, and
    parsed again with positions only if something in it needs a line and column.
    """

    path: Path
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    digest: str = ""
    _positions: _yaml.Positions | None = None

    @property
    def positions(self) -> _yaml.Positions:
        """Where each key and value stands (parsing the text again the first time)."""
        if self._positions is None:
            from ..yaml import parse as _yaml

            self._positions = _yaml.parse(self.text, str(self.path)).positions
        return self._positions


def read(path: Path) -> Document:
    """Read and parse one file; every problem becomes a diagnostic on the document."""
    doc = Document(path)
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        doc.diagnostics.append(
            diagnostic("F004", where, 1, 1, f"cannot read: {exc.strerror or exc}")
        )
        return doc
    return parse_bytes(raw, path)


def read_bytes(path: str) -> bytes:
    """A file's bytes, through the plain system calls (twice as fast as ``open``)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        first = os.read(fd, size + 1)  # one byte more than expected tells that it grew
        if len(first) <= size:
            return first
        chunks = [first]
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def digest(raw: bytes) -> str:
    """The content hash that tells whether a file changed since it was read."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse_bytes(raw: bytes, path: Path) -> Document:
    """Decode and parse the bytes of a record file."""
    doc = Document(path, digest=digest(raw))
    where = str(path)
    if b"\x00" in raw:
        line, col = _byte_position(raw, raw.index(b"\x00"))
        doc.diagnostics.append(
            diagnostic(
                "F003",
                where,
                line,
                col,
                "the file holds NUL bytes: it is binary, not YAML",
                "record files are UTF-8 text",
            )
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        doc.diagnostics.append(
            diagnostic(
                "F001",
                where,
                line,
                col,
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
            )
        )
        return doc
    doc.text = text
    # Imported here: a run whose files are all cached never parses YAML at all.
    from ..yaml import parse as _yaml

    clean, data = _yaml.load_fast(text)
    if clean:
        doc.data = data
        return doc
    parsed = _yaml.parse(text, where)
    doc.diagnostics.extend(parsed.diagnostics)
    doc.data, doc._positions = parsed.data, parsed.positions
    return doc


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    head = raw[:offset]
    line = head.count(b"\n") + 1
    start = head.rfind(b"\n") + 1
    # Count the characters before the offset on its line, not the bytes.
    column = len(head[start:].decode("utf-8", errors="replace")) + 1
    return line, column
