"""Reading a dataset's table: a CSV, or the first sheet of an Excel workbook (.xlsx).

Both come out alike: the header's names (trimmed: UCDP writes `ref ` and `return `) and
each row's cells as text, with the line (or sheet row) it starts on, so that every
problem is reported at ``FILE:LINE:COLUMN``. A workbook needs openpyxl, an optional extra.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .._diagnostics import Diagnostic, diagnostic
from .._errors import MissingExtra
from .._store.read import read_bytes

#: The largest file read: the datasets are a few MB.
MAX_BYTES = 100 * 1024 * 1024
#: Control characters a record may not hold (see validation's S010); a carriage return
#: is made a newline instead.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Whole numbers have at most this many digits (the datasets' ids have at most 13).
MAX_DIGITS = 15
#: A workbook's name, whatever its case.
_XLSX = (".xlsx", ".xlsm")


@dataclass
class Table:
    """A dataset's rows: the header's names, and each row's cells with its line."""

    path: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def is_workbook(path: Path) -> bool:
    """Whether a file is read as an Excel workbook (by its name)."""
    return path.suffix.casefold() in _XLSX


def read_table(path: Path, code: str, what: str) -> Table | Diagnostic:
    """The table in ``path``, or what stops it being read (under ``code``); OSError if
    the file cannot be read at all, MissingExtra for a workbook without openpyxl."""
    where = str(path)
    raw = read_bytes(where, MAX_BYTES, what=what)
    if is_workbook(path):
        return _workbook(raw, where, code)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return diagnostic(
            code,
            where,
            line,
            1,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; nothing imported",
            "save the file as UTF-8 (or import the .xlsx workbook)",
        )
    table = Table(where)
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            return diagnostic(
                code,
                where,
                last + 1,
                1,
                f"the CSV cannot be read from here ({exc}); nothing imported",
                "no cell of the dataset is that long: is this its CSV?",
            )
        _add(table, last + 1, cells)
        last = reader.line_num
    return table


def _add(table: Table, line: int, cells: list[str]) -> None:
    if not table.header and not table.rows:
        table.header = [c.strip() for c in cells]
    elif any(c.strip() for c in cells):
        table.rows.append((line, cells))


def _workbook(raw: bytes, where: str, code: str) -> Table | Diagnostic:
    try:
        import openpyxl
    except ImportError as exc:
        raise MissingExtra(
            "Reading an .xlsx workbook needs openpyxl",
            "xlsx",
            ", or save its sheet as CSV and import that",
        ) from exc
    table = Table(where)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                _add(table, number, [_cell(v) for v in values])
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        return diagnostic(
            code,
            where,
            1,
            1,
            f"the workbook cannot be read ({type(exc).__name__}); nothing imported",
            "is this the dataset's .xlsx file? Saved as CSV, it can be imported as well",
        )
    return table


def _cell(value: Any) -> str:
    """A workbook cell as the CSV writes it: dates as YYYY-MM-DD, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number(raw: str | None) -> int | None:
    """A whole number written with the digits 0-9 (a minus sign allowed), at most
    MAX_DIGITS of them; None for anything else (`²` is a digit to ``str.isdigit``)."""
    if raw is None:
        return None
    digits = raw[1:] if raw.startswith("-") else raw
    if not digits.isascii() or not digits.isdigit() or len(digits) > MAX_DIGITS:
        return None
    return int(raw)


def shown(raw: str | None) -> str:
    """A cell in a message: quoted, and cut short if long."""
    return repr(raw) if raw is None or len(raw) <= 40 else repr(raw[:40] + "...")


class Row:
    """One row of a dataset, read with every problem noted against its line and column.

    ``stop`` is the code of a problem that keeps the row (or its record) out, ``unread``
    that of a value that cannot be read and is left out.
    """

    def __init__(self, table: Table, line: int, cells: list[str], stop: str, unread: str):
        self.path, self.line, self.header = table.path, line, table.header
        self.stop_code, self.unread_code = stop, unread
        self.cells: dict[str, str] = {}
        for name, cell in zip(self.header, cells, strict=False):
            self.cells.setdefault(name, cell)
        self.problems: list[Diagnostic] = []

    def column(self, column: str) -> int:
        """The column's place, from 1 (1 where the table has none)."""
        return self.header.index(column) + 1 if column in self.header else 1

    def get(self, column: str) -> str | None:
        """The cell trimmed; None where it is empty."""
        cell = self.cells.get(column, "").strip()
        return cell or None

    def text(self, column: str) -> str | None:
        """A free-text cell as written (line breaks made newlines, ends trimmed)."""
        cell = self.cells.get(column, "").replace("\r\n", "\n").replace("\r", "\n").strip()
        return cell or None

    def stop(self, column: str, message: str, hint: str | None = None) -> None:
        """A problem that keeps the row's record out."""
        self._add(self.stop_code, column, message, hint)

    def unread(self, column: str, message: str, hint: str | None = None) -> None:
        """A value that cannot be read, left out of the records."""
        self._add(self.unread_code, column, message, hint)

    def _add(self, code: str, column: str, message: str, hint: str | None) -> None:
        where = (self.path, self.line, self.column(column))
        self.problems.append(diagnostic(code, *where, f"{column}: {message}", hint))

    def controls(self, columns: tuple[str, ...]) -> bool:
        """Whether any of these cells holds a control character (each noted as stopping)."""
        found = False
        for name in columns:
            hit = CONTROL.search(self.cells.get(name, ""))
            if hit:
                found = True
                self.stop(
                    name,
                    f"holds the control character {hit.group()!r}; the row is not imported",
                    "remove it from the file: records may not hold control characters",
                )
        return found


def missing(table: Table, required: tuple[str, ...], code: str, what: str) -> Diagnostic | None:
    """The problem of a table without the columns every row needs, or None."""
    absent = [c for c in required if c not in table.header]
    if not absent:
        return None
    return diagnostic(
        code,
        table.path,
        1,
        1,
        f"missing column(s) {', '.join(absent)}; nothing imported"
        if table.header
        else "the file is empty; nothing imported",
        f"the first line of {what} names its columns, among them {', '.join(required)}",
    )


def iter_rows(table: Table, stop: str, unread: str) -> Iterator[Row]:
    """Each row of the table, read."""
    for line, cells in table.rows:
        yield Row(table, line, cells, stop, unread)
