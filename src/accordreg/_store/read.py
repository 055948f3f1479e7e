"""Files to documents: read a record file and parse it, positions found only when asked."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any

from .._diagnostics import Diagnostic, diagnostic

if TYPE_CHECKING:
    from .._yaml import parse as _yaml


@dataclass
class Document:
    """One record file as read: its data, or the reasons it has none.

    Positions are found only when asked for: a clean file is read on the fast path, and
    parsed again with positions only if something in it needs a line and column.
    """

    #: The file's name as pathlib writes it (see :func:`normal_path`).
    path: str
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    digest: str = ""
    #: Read by the native parser with its keys unchecked (``parse_bytes(check_keys=False)``).
    keys_unchecked: bool = False
    _positions: _yaml.Positions | None = None

    @property
    def positions(self) -> _yaml.Positions:
        """Where each key and value stands (parsing the text again the first time)."""
        if self._positions is None:
            from .._yaml import parse as _yaml

            self._positions = _yaml.parse(self.text, self.path).positions
        return self._positions

    def keys_are_text(self) -> bool:
        """Whether every key in the data is text, as the stock parser makes them."""
        from .._yaml.native import plain_tree

        return not self.keys_unchecked or plain_tree(self.data)


def read(path: str | Path, *, what: str = "record") -> Document:
    """Read and parse one file; every problem becomes a diagnostic on the document (its
    hints written for ``what`` the file is read as, see :func:`read_bytes`)."""
    try:
        raw = read_bytes(str(path), what=what)
    except OSError as exc:
        where = normal_path(path)
        return Document(where, diagnostics=[unreadable(where, exc)])
    return parse_bytes(raw, path)


#: Names are checked for pathlib's form in text only where it writes them with "/".
_SEP = os.sep


def normal_path(path: str | Path) -> str:
    """The path as pathlib writes it (``./a//b.yaml`` is ``a/b.yaml``): the name a file's
    diagnostics carry. A name already in that form, as discovery makes them, is given back
    as it is: making a ``Path`` costs more than checking a record's dates."""
    if (
        type(path) is str
        and path
        and _SEP == "/"
        and not path.startswith("./")
        and not path.endswith(("/", "/."))
        and "//" not in path
        and "/./" not in path
        and path != "."
    ):
        return path
    return str(Path(path))


#: A record file is a few kilobytes; one larger than this is not read at all. The same
#: limit holds for the settings file, a CITATION.cff and a record file at a git revision.
MAX_BYTES = 5 * 1024 * 1024

#: Opened without blocking: a FIFO with no writer would otherwise hang the open itself.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
#: A symbolic link refused at the open (ELOOP), to be looked at first. Where the system
#: has no such flag, every path is looked at first.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)

_FILE_TYPES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)

#: What a refused input is told to do, by what it was read as: (not a regular file, too
#: large). Other inputs (``what``) get the words of :func:`_hints`.
_HINTS = {
    "record": (
        "records are regular files; remove it or give it a name not ending in .yaml",
        "a record file is a few kilobytes; is this the file you meant to keep here?",
    ),
}


def _hints(what: str) -> tuple[str, str]:
    return _HINTS.get(
        what,
        (
            f"the {what} is read from a regular file; put one in its place",
            f"a {what} is never this large; is this the file you meant?",
        ),
    )


class NotARecordFile(OSError):
    """A path that is not read: not a regular file, or too large for what it is read as
    (a record, the settings file, a citation, a CSV)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def not_regular(mode: int, what: str = "record") -> NotARecordFile:
    """The refusal of a path whose mode is not a regular file's, saying what it is."""
    kind = next((name for test, name in _FILE_TYPES if test(mode)), "not a regular file")
    return NotARecordFile(f"not a regular file: it is {kind}", _hints(what)[0])


def _refuse_large(size: int, limit: int | None, what: str = "record") -> None:
    if limit is not None and size > limit:
        raise NotARecordFile(
            f"the file is {size / 1_048_576:.1f} MB, over the {limit / 1_048_576:g} MB limit",
            _hints(what)[1],
        )


def read_bytes(path: str, limit: int | None = MAX_BYTES, *, what: str = "record") -> bytes:
    """A regular file's bytes, through the plain system calls (twice as fast as ``open``).

    The one guarded way every input is read: records, the settings file, a CITATION.cff,
    a CSV to import, the cache's own files. Anything else (a FIFO, a device such as
    /dev/zero, a folder, a file over ``limit`` bytes) raises :class:`NotARecordFile`
    without being read, with a hint for ``what`` it was to be read as; a symbolic link is
    followed only to a regular file, looked at before it is opened. Other failures raise
    ``OSError`` (see :func:`reason` for the sentence to say).
    """
    fd = _open(path, what)
    try:
        st = os.fstat(fd)  # what was opened, should the path have been swapped meanwhile
        size = st.st_size
        if not S_ISREG(st.st_mode):
            raise not_regular(st.st_mode, what)
        if limit is not None and size > limit:
            _refuse_large(size, limit, what)
        first = os.read(fd, size + 1)  # one byte more than expected tells that it grew
        if len(first) <= size:
            return first
        chunks = [first]
        total = len(first)
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            total += len(chunk)
            _refuse_large(total, limit, what)  # growing while read: never without bound
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: str | Path, limit: int | None = MAX_BYTES, *, what: str) -> str:
    """A regular file's text, read as :func:`read_bytes` reads it and decoded as UTF-8 (a
    byte-order mark dropped); ``UnicodeDecodeError`` if it is not UTF-8."""
    return read_bytes(str(path), limit, what=what).decode("utf-8-sig")


def _open(path: str, what: str = "record") -> int:
    """A descriptor of ``path``, opened only if it is a regular file or is not a link.

    What a symbolic link leads to is looked at before it is opened: opening some devices
    has effects of its own (a watchdog starts its timer). Discovery passes over device
    files among the records themselves (see ``store.discovery``), so a record's path that
    is not a link is opened at once; any other input is looked at first, whatever it is.
    """
    if _NO_FOLLOW and what == "record":
        try:
            return os.open(path, OPEN_FLAGS | _NO_FOLLOW)
        except OSError as exc:
            # ELOOP for a link (EMLINK on FreeBSD); anything else is the file's own problem.
            if exc.errno not in (errno.ELOOP, errno.EMLINK):
                raise
    mode = os.stat(path).st_mode
    if not S_ISREG(mode):
        raise not_regular(mode, what)
    return os.open(path, OPEN_FLAGS)


def reason(path: str | Path, exc: OSError) -> tuple[str, str | None]:
    """Why :func:`read_bytes` could not or would not read ``path``: a message and a hint
    (or None), in words fit to print."""
    if isinstance(exc, NotARecordFile):
        return exc.message, exc.hint
    hint = None
    if exc.errno == errno.ELOOP:
        hint = "the symbolic link leads back to itself; point it at a file or remove it"
    elif exc.errno == errno.ENOENT and os.path.islink(path):
        hint = "a symbolic link whose target is missing; point it at a file or remove it"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        hint = "give yourself read permission on the file"
    return f"cannot read: {exc.strerror or exc}", hint


def unreadable(path: str, exc: OSError) -> Diagnostic:
    """The F004 diagnostic for a file that :func:`read_bytes` could not or would not read."""
    return diagnostic("F004", path, 1, 1, *reason(path, exc))


def digest(raw: bytes) -> str:
    """The content hash that tells whether a file changed since it was read."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse_bytes(raw: bytes, path: str | Path, *, check_keys: bool = True) -> Document:
    """Decode and parse the bytes of a record file.

    ``check_keys=False`` leaves the native parser's keys unchecked, for a caller that asks
    :meth:`Document.keys_are_text` whenever validation reports anything.
    """
    where = normal_path(path)
    doc = Document(where, digest=digest(raw))
    # UTF-16 and UTF-32 text holds NULs or starts with a byte-order mark that has none.
    wide = b"\x00" in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    encoding = _wide_encoding(raw) if wide else None
    if encoding is not None:
        doc.diagnostics.append(
            diagnostic(
                "F001",
                where,
                1,
                1,
                f"the file is {encoding} text, not UTF-8",
                f"records are UTF-8: save it as UTF-8 (e.g. iconv -f {encoding} -t UTF-8)",
            )
        )
        return doc
    if wide and b"\x00" in raw:
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
    from .._yaml import parse as _yaml

    clean, data = _yaml.load_fast(text, check_keys=check_keys)
    if clean:
        doc.data = data
        # Only a mapping can hold a key, and only the native parser makes keys of other types.
        doc.keys_unchecked = not check_keys and type(data) is dict
        return doc
    parsed = _yaml.parse(text, where)
    doc.diagnostics.extend(parsed.diagnostics)
    doc.data, doc._positions = parsed.data, parsed.positions
    return doc


#: Byte-order marks of the wide encodings, longest first: UTF-32LE's begins like UTF-16LE's.
_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\xfe\xff", "UTF-16BE"),
    (b"\xff\xfe", "UTF-16LE"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding ``raw`` is evidently in, or None.

    Told by a byte-order mark, or, without one, by text that is mostly ASCII: NULs in every
    other byte (UTF-16) or in three bytes of four (UTF-32), and nowhere else.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    head = head[: len(head) - len(head) % 4]
    for width, name in ((4, "UTF-32LE"), (4, "UTF-32BE"), (2, "UTF-16LE"), (2, "UTF-16BE")):
        text_at = 0 if name.endswith("LE") else width - 1
        lanes = [head[i::width] for i in range(width)]
        if b"\x00" in lanes[text_at]:
            continue
        pads = [lane for i, lane in enumerate(lanes) if i != text_at]
        if all(lane.count(0) * 4 >= len(lane) * 3 for lane in pads):
            return name
    return None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    head = raw[:offset]
    line = head.count(b"\n") + 1
    start = head.rfind(b"\n") + 1
    # Count the characters before the offset on its line, not the bytes.
    column = len(head[start:].decode("utf-8", errors="replace")) + 1
    return line, column
