"""Import the PA-X agreements CSV (peaceagreements.org) as a registry.

One agreement per row (``pax-<AgtId>``), one source per agreement (its PA-X page), and
one provision per code *family* present (``pax-<AgtId>/<family code>``): a parent code and
the sub-codes present with it make one provision, which lists them in ``pax_codes`` and
keeps PA-X's 1-3 value for each in ``pax_strength``. Families, labels and categories
come from PA-X's codebook, shipped with the package (see
:mod:`accordreg._model.pax_codebook`). Each
provision's history is one ``agreed`` event on the agreement's date: PA-X records what
was agreed, and tracking what happened since starts here. PA-X data is licensed
CC BY-NC-SA 4.0; cite it as Bell & Badanjak (2019), Journal of Peace Research 56(3).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._diagnostics import diagnostic
from .._model.pax_codebook import codebook, crosswalk
from .._store.read import read_bytes
from . import pax_people
from .output import Written
from .pax_records import _Context, _known_names, _records, _titles
from .pax_rows import (
    AGREEMENT_COLUMNS,
    MAX_CSV_BYTES,
    REQUIRED,
    CsvError,
    _code_columns,
    _Row,
    _rows,
)
from .pax_write import _read_manifest, _settle, _write, _write_manifest


@dataclass
class ImportResult(Written):
    """What an import did."""

    rows: int = 0
    agreements: int = 0
    provisions: int = 0
    #: Provisions written (or kept) per category.
    categories: Counter[str] = field(default_factory=Counter)
    #: How signatory and third-party entries were read, by pattern (see pax_people).
    signatory_patterns: Counter[str] = field(default_factory=Counter)
    third_party_patterns: Counter[str] = field(default_factory=Counter)


def parse_signatories(text: str, known: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Signatory records from a Part cell (see :mod:`.pax_people`); [] if not signed."""
    return [pax_people.signatory(e) for e in pax_people.parse_people(text, known).entries]


def parse_third_parties(text: str, known: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Third-party records from a ThrdPart cell, coder commentary left out."""
    people = pax_people.parse_people(text, known, third=True)
    return [pax_people.third_party(e) for e in people.entries]


def import_csv(
    csv_path: Path, out: Path, schemas: Path | None = None, *, force: bool = False
) -> ImportResult:
    """Import a PA-X agreements CSV into the registry folder ``out``.

    The CSV is read as every input is (a regular file, here of at most 100 MB; OSError
    otherwise). A file this import would change is overwritten only if its bytes are those
    an import wrote (see :data:`.output.MANIFEST`) or ``force`` is given; a provision
    whose history has grown is kept either way.
    """
    where = str(csv_path)
    result = ImportResult(force=force)
    raw = read_bytes(where, MAX_CSV_BYTES, what="CSV")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        result.problems.append(
            diagnostic(
                "P001",
                where,
                line,
                1,
                f"byte 0x{raw[exc.start]:02x} is not UTF-8; nothing imported",
                "PA-X's CSV is UTF-8: save the file as UTF-8",
            )
        )
        return result
    try:
        rows = list(_rows(text))
    except CsvError as exc:
        result.problems.append(
            diagnostic(
                "P002",
                where,
                exc.line,
                1,
                f"the CSV cannot be read from here ({exc}); nothing imported",
                "no PA-X cell is that long: is this the agreements CSV?",
            )
        )
        return result
    first = rows[0] if rows else None
    header = [h.strip() for h in first[1]] if first else []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.problems.append(
            diagnostic(
                "P001",
                where,
                1,
                1,
                f"missing column(s) {', '.join(missing)}" if header else "the file is empty",
                "the first line of a PA-X agreements CSV names its columns, "
                f"among them {', '.join(REQUIRED)}",
            )
        )
        return result
    body = [(line, cells) for line, cells in rows[1:] if any(c.strip() for c in cells)]
    walk = crosswalk()
    codes = _code_columns(header, body, walk, where, result)
    parsed = [_Row(where, line, header, cells) for line, cells in body]
    ctx = _Context(walk, codes, _known_names(parsed), _titles(parsed), result)
    result.manifest = _read_manifest(out, result)
    before = dict(result.manifest)
    for row in parsed:
        records = _records(row, ctx)
        result.problems.extend(row.problems)
        result.rows += 1
        for relative, data in records:
            _write(out, relative, data, schemas, result)
    _settle(out, result)
    if result.manifest != before:
        _write_manifest(out, result.manifest)
    return result


__all__ = [
    "AGREEMENT_COLUMNS",
    "MAX_CSV_BYTES",
    "ImportResult",
    "codebook",
    "import_csv",
    "parse_signatories",
    "parse_third_parties",
]
