"""Reading a PA-X agreements CSV: its records, its columns, and each row's cells checked.

Every problem with a cell is noted against its line and column (P002 for a value that
stops the row, P005 for one kept in the agreement's note), and every problem with a
column against the header (P003, P006); :mod:`.pax_records` builds records from the rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from .._diagnostics import Diagnostic, diagnostic
from .._model.pax_codebook import Crosswalk

if TYPE_CHECKING:
    from .pax import ImportResult

#: The agreement columns of the PA-X download, in their order.
AGREEMENT_COLUMNS = (
    "Con",
    "Contp",
    "PP",
    "PPName",
    "Reg",
    "AgtId",
    "Ver",
    "Agt",
    "Dat",
    "Status",
    "Lgt",
    "N_characters",
    "Agtp",
    "Stage",
    "StageSub",
    "Part",
    "ThrdPart",
    "OthAgr",
    "Loc1ISO",
    "Loc2ISO",
    "Loc1GWNO",
    "Loc2GWNO",
    "UcdpCon",
    "UcdpAgr",
    "PamAgr",
    "CowWar",
    "Interim",
    "ImSrc",
)
#: Without these, no row can be imported.
REQUIRED = ("AgtId", "Agt", "Dat")
#: What a provision code column is called: PA-X's CamelCase codes, some with a colon.
CODE_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?::[A-Za-z0-9]+)?")
#: The largest CSV read: PA-X's whole download is under 4 MB.
MAX_CSV_BYTES = 100 * 1024 * 1024
#: Whole numbers have at most this many digits (PA-X's ids have five, its counts seven).
_MAX_DIGITS = 15
#: Control characters a record may not hold (see validation's S010); a line break that is
#: a carriage return is made a newline instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A provision file may not take the agreement's own name (`Agreement` is no PA-X code).
_RESERVED = {"agreement"}


class CsvError(ValueError):
    """A CSV the csv module cannot read at ``line`` (a cell over its 131,072 characters)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (cells may span lines); CsvError where
    the csv module gives up."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvError(last + 1, str(exc)) from None
        yield last + 1, cells
        last = reader.line_num


def _number(raw: str | None) -> int | None:
    """A whole number written with the digits 0-9 (at most _MAX_DIGITS of them), or None:
    `²` and `١٢` are digits to ``str.isdigit`` and not numbers PA-X writes."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_DIGITS:
        return None
    return int(raw)


def _none(cell: str) -> str | None:
    cell = cell.strip()
    return None if cell in ("", "NA", "N/A") else cell


def _slug(code: str) -> str:
    return code.lower().replace(":", "-")


class _Row:
    """One CSV row, read with every problem noted against its line and column."""

    def __init__(self, path: str, line: int, header: list[str], cells: list[str]):
        self.path, self.line, self.header = path, line, header
        self.cells: dict[str, str] = {}
        for name, cell in zip(header, cells, strict=False):
            if "\r" in cell:  # a Windows line break inside a cell is a line break
                cell = cell.replace("\r\n", "\n").replace("\r", "\n")
            self.cells.setdefault(name, cell)  # a repeated column is ignored (P003)
        self.problems: list[Diagnostic] = []
        self.unknown: list[str] = []
        for name, cell in self.cells.items():
            found = _CONTROL.search(cell)
            if found:
                self.problem(
                    name,
                    f"holds the control character {found.group()!r}; the row is not imported",
                    "remove it from the CSV: records may not hold control characters",
                )

    def problem(self, column: str, message: str, hint: str | None = None) -> None:
        self.problems.append(
            diagnostic(
                "P002", self.path, self.line, self.column(column), f"{column}: {message}", hint
            )
        )

    def column(self, column: str) -> int:
        return self.header.index(column) + 1 if column in self.header else 1

    def get(self, column: str) -> str | None:
        return _none(self.cells.get(column, ""))

    def text(self, column: str) -> str | None:
        """A free-text cell as written (inner layout kept), or None when empty."""
        raw = self.cells.get(column, "")
        return raw.strip() if _none(raw) is not None else None

    def unknown_value(self, column: str, raw: str, what: str) -> None:
        """A value PA-X does not define: warned about and kept in the agreement's note."""
        self.problems.append(
            diagnostic(
                "P005",
                self.path,
                self.line,
                self.column(column),
                f"{column}: {_shown(raw)} is not {what}; kept in the agreement's note",
            )
        )
        self.unknown.append(f"PA-X {column}: {raw}")


def _agreement_id(row: _Row, seen: dict[int, int]) -> int | None:
    raw = row.get("AgtId")
    number = _number(raw)
    if number is None:
        row.problem(
            "AgtId",
            f"{_shown(raw)} is not an agreement number",
            "PA-X ids are whole numbers written with the digits 0-9",
        )
        return None
    first = seen.setdefault(number, row.line)
    if first != row.line:
        row.problem(
            "AgtId",
            f"{_shown(raw)} is agreement {number} again (first at line {first}); "
            "the row is not imported",
            "each PA-X agreement has one row: remove the repeated one",
        )
        return None
    return number


def _shown(raw: str | None) -> str:
    """A cell in a message: quoted, and cut short if long."""
    return repr(raw) if raw is None or len(raw) <= 40 else repr(raw[:40] + "...")


def _date(row: _Row) -> date | None:
    raw = row.get("Dat")
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        row.problem("Dat", f"{raw!r} is not a date", "PA-X dates are YYYY-MM-DD")
        return None


def _enum(row: _Row, column: str, kind: type[StrEnum]) -> str | None:
    raw = row.get(column)
    if raw is None:
        return None
    if raw not in {m.value for m in kind}:
        row.unknown_value(column, raw, "a known PA-X code")
        return None
    return raw


def _count(row: _Row, column: str) -> int | None:
    raw = row.get(column)
    if raw is None:
        return None
    number = _number(raw)
    if number is None:
        row.unknown_value(column, raw, f"a whole number of at most {_MAX_DIGITS} digits")
    return number


def _yes_no(row: _Row, column: str) -> bool | None:
    raw = row.get(column)
    if raw is None:
        return None
    if raw.casefold() not in ("yes", "no"):
        row.unknown_value(column, raw, "Yes or No")
        return None
    return raw.casefold() == "yes"


def _codes(row: _Row, codes: list[str]) -> dict[str, int]:
    """The provision codes present in the row (value 1-3), bad values noted."""
    present: dict[str, int] = {}
    for code in codes:
        raw = row.get(code)
        if raw is None:
            continue
        if raw not in ("0", "1", "2", "3"):
            row.problem(code, f"{raw!r} is not a provision value", "code values are 0 to 3")
            continue
        if raw != "0":
            present[code] = int(raw)
    return present


def _code_columns(
    header: list[str],
    body: list[tuple[int, list[str]]],
    walk: Crosswalk,
    where: str,
    result: ImportResult,
) -> list[str]:
    """The provision-code columns, each problem with a column noted: a column that is
    neither a code nor PA-X's (P003), a code not in the codebook (P006), and a column
    that repeats another's name, or names the same file in another case (`CE` beside
    `Ce`), which is ignored (P003) rather than written over the other's provisions."""
    codes: list[str] = []
    by_file: dict[str, str] = {}
    seen: set[str] = set()
    candidates: list[tuple[int, str]] = []
    for index, name in enumerate(header, start=1):
        if name in seen:
            result.problems.append(_ignored(where, index, f"repeats column {name!r}"))
            continue
        seen.add(name)
        if name in AGREEMENT_COLUMNS:
            continue
        if CODE_NAME.fullmatch(name) and _mostly_codes(body, index - 1):
            candidates.append((index, name))
        else:
            result.problems.append(
                diagnostic(
                    "P003",
                    where,
                    1,
                    index,
                    f"column {name!r} is neither a PA-X agreement column nor a provision code; "
                    "ignored",
                )
            )
    # The codebook's spelling of a code first, so that `Ce` is kept whatever `CE`'s place.
    for index, name in sorted(candidates, key=lambda c: (c[1] not in walk.book, c[0])):
        slug = _slug(name)
        if slug in _RESERVED or slug in by_file:
            other = by_file.get(slug)
            why = (
                f"would write its provisions over those of column {other!r}"
                if other
                else f"would write its provisions over the agreement ({slug}.yaml)"
            )
            result.problems.append(_ignored(where, index, f"{name!r} {why}"))
            continue
        by_file[slug] = name
        codes.append(name)
        if name not in walk.book:
            result.problems.append(
                diagnostic(
                    "P006",
                    where,
                    1,
                    index,
                    f"column {name!r} holds provision values but is not a code of PA-X's "
                    "codebook; its provisions are imported as `other`",
                    "a newer PA-X release may have added it: check its codebook",
                )
            )
    return [name for name in header if name in codes]


def _ignored(where: str, index: int, why: str) -> Diagnostic:
    return diagnostic(
        "P003",
        where,
        1,
        index,
        f"column {index}: {why}; ignored",
        "PA-X's columns have names of their own, which differ in more than case",
    )


def _mostly_codes(body: list[tuple[int, list[str]]], index: int) -> bool:
    """A provision code column holds 0-3 in most of its filled cells (a few may be bad)."""
    filled = [
        cell
        for _, cells in body
        if index < len(cells) and (cell := cells[index].strip()) not in ("", "NA")
    ]
    return not filled or sum(c in ("0", "1", "2", "3") for c in filled) * 2 >= len(filled)
