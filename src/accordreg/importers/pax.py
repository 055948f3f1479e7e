"""Import the PA-X agreements CSV (peaceagreements.org) as a registry.

One agreement per row (``pax-<AgtId>``), one provision per provision code present
(``pax-<AgtId>/<code>``), and one source per agreement: its PA-X page. Each provision's
history is one ``agreed`` event on the agreement's date: PA-X records what was agreed,
and tracking what happened since starts here. PA-X data is licensed CC BY-NC-SA 4.0.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, diagnostic, has_errors
from ..model.vocabulary import Category, PaxAgreementType, PaxStage
from ..store.atomic import make_folder, write_bytes
from ..store.write import schema_comment
from ..yaml import emit
from ..yaml import parse as _yaml

PAGE = "https://www.peaceagreements.org/view/{}"
PUBLISHER = "PA-X Peace Agreements Database, University of Edinburgh"

#: The agreement columns of the PA-X download, in their order.
AGREEMENT_COLUMNS = (
    "Con", "Contp", "PP", "PPName", "Reg", "AgtId", "Ver", "Agt", "Dat", "Status", "Lgt",
    "N_characters", "Agtp", "Stage", "StageSub", "Part", "ThrdPart", "OthAgr", "Loc1ISO",
    "Loc2ISO", "Loc1GWNO", "Loc2GWNO", "UcdpCon", "UcdpAgr", "PamAgr", "CowWar", "Interim",
    "ImSrc",
)  # fmt: skip
#: Without these, no row can be imported.
REQUIRED = ("AgtId", "Agt", "Dat")
#: What a provision code column is called: PA-X's CamelCase codes, some with a colon.
CODE_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?::[A-Za-z0-9]+)?")

#: PA-X code -> accordreg category. Codes not listed here import as `other`; every
#: provision keeps its PA-X code in `pax_codes`, so nothing is lost by the mapping.
CROSSWALK: dict[str, Category] = {
    "Ce": Category.CEASEFIRE,
    "CeProv": Category.CEASEFIRE,
    "CeGen": Category.CEASEFIRE,
    "DdrDemil": Category.HEAVY_WEAPONS_WITHDRAWAL,
    "SsrCrOcr": Category.CYBERCRIME_COOPERATION,
    "TjPrire": Category.DETAINEE_RELEASE,
    "HrDet": Category.DETAINEE_RELEASE,
    "StBor": Category.BOUNDARY_SURVEY,
    "ImPK": Category.OBSERVER_MISSION,
    "GRef": Category.CIVILIAN_RETURN,
}
#: Names for the codes the crosswalk and the bundled dataset use.
LABELS: dict[str, str] = {
    "Ce": "Ceasefire",
    "CeProv": "Ceasefire provisions",
    "CeGen": "General ceasefire",
    "SsrDdr": "DDR (security sector)",
    "DdrDemil": "Demilitarisation: weapons removal, mine clearance",
    "DdrProg": "DDR programme",
    "SsrFf": "Withdrawal of foreign forces",
    "SsrCrOcr": "Organised crime",
    "SsrGua": "Security guarantees",
    "TjPrire": "Prisoner release",
    "StBor": "Border delimitation",
    "StXbor": "Cross-border provisions",
    "ImPK": "International mission, monitoring",
    "ImE": "Enforcement mechanism",
    "HrDet": "Detention",
    "GRef": "Refugees",
}


@dataclass
class ImportResult:
    """What an import did."""

    rows: int = 0
    agreements: int = 0
    provisions: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    kept: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    for cells in reader:
        yield last + 1, cells
        last = reader.line_num


def _none(cell: str) -> str | None:
    cell = cell.strip()
    return None if cell in ("", "NA", "N/A") else cell


def _slug(code: str) -> str:
    return code.lower().replace(":", "-")


def _split(text: str) -> list[str]:
    parts = re.split(r"[;\n]+", text)
    return [p.strip(" .,\t\r") for p in parts if p.strip(" .,\t\r")]


_PREFIX = re.compile(r"^(signed by|signatories|signed)\s*:?\s*", re.I)
_ROLES = (("witness", "witness"), ("mediat", "mediator"), ("guarant", "guarantor"),
          ("facilitat", "facilitator"), ("observ", "observer"), ("host", "host"))  # fmt: skip


def parse_signatories(text: str) -> list[dict[str, str]]:
    """Signatories from PA-X's free text: `Name, capacity` pieces split at ; or lines."""
    out = []
    for piece in _split(_PREFIX.sub("", text.strip())):
        piece = _PREFIX.sub("", piece)
        if not piece:
            continue
        name, _, capacity = piece.partition(",")
        entry = {"signed_by": name.strip()}
        if capacity.strip():
            entry["capacity"] = capacity.strip()
        out.append(entry)
    return out


def parse_third_parties(text: str) -> list[dict[str, str]]:
    """Third parties from PA-X's free text, with a role where the text names one."""
    out = []
    for piece in _split(text):
        role = next((r for key, r in _ROLES if key in piece.lower()), None)
        # "Witnessed by: X" names X; "X as guarantor" names X.
        by = re.match(r"^\s*\w+(?:\s+\w+)?\s+by\s*:?\s*(.+)$", piece, re.I)
        as_ = re.match(r"^(.+?)\s+as\s+\w+", piece, re.I)
        name = (by.group(1) if by else as_.group(1) if as_ else piece).strip()
        entry = {"name": name}
        if role:
            entry["role"] = role
        out.append(entry)
    return out


class _Row:
    """One CSV row, read with every problem noted against its line and column."""

    def __init__(self, path: str, line: int, header: list[str], cells: list[str]):
        self.path, self.line, self.header = path, line, header
        self.cells = dict(zip(header, cells, strict=False))
        self.problems: list[Diagnostic] = []

    def problem(self, column: str, message: str, hint: str | None = None) -> None:
        index = self.header.index(column) + 1 if column in self.header else 1
        self.problems.append(
            diagnostic("P002", self.path, self.line, index, f"{column}: {message}", hint)
        )

    def get(self, column: str) -> str | None:
        return _none(self.cells.get(column, ""))


def _agreement_id(row: _Row) -> int | None:
    raw = row.get("AgtId")
    if raw is None or not raw.isdigit():
        row.problem("AgtId", f"{raw!r} is not an agreement number", "PA-X ids are whole numbers")
        return None
    return int(raw)


def _date(row: _Row) -> date | None:
    raw = row.get("Dat")
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        row.problem("Dat", f"{raw!r} is not a date", "PA-X dates are YYYY-MM-DD")
        return None


def _enum(
    row: _Row, column: str, kind: type[PaxStage] | type[PaxAgreementType], unknown: list[str]
) -> str | None:
    raw = row.get(column)
    if raw is None:
        return None
    if raw not in {m.value for m in kind}:
        row.problems.append(
            diagnostic(
                "P005",
                row.path,
                row.line,
                row.header.index(column) + 1,
                f"{column}: {raw!r} is not a known PA-X code; kept in the agreement's note",
            )
        )
        unknown.append(f"PA-X {column}: {raw}")
        return None
    return raw


def _records(row: _Row, codes: list[str], version: str | None) -> list[tuple[Path, dict[str, Any]]]:
    """The source, agreement and provision records of one row (empty if it is unusable)."""
    number, signed = _agreement_id(row), _date(row)
    present: list[tuple[str, int]] = []
    for code in codes:
        raw = row.get(code)
        if raw is None:
            continue
        if not raw.isdigit():
            row.problem(code, f"{raw!r} is not a provision value", "code values are 0 to 3")
            continue
        if int(raw) > 0:
            present.append((code, int(raw)))
    if number is None or signed is None or has_errors(row.problems):
        return []
    # Ids are unique across kinds, so the PA-X page gets an id of its own.
    aid, source_id = f"pax-{number}", f"pax-page-{number}"
    title = " ".join((row.get("Agt") or f"PA-X agreement {number}").split())
    licence = "PA-X data, CC BY-NC-SA 4.0"
    records: list[tuple[Path, dict[str, Any]]] = [
        (
            Path("sources") / f"{source_id}.yaml",
            {
                "kind": "source",
                "id": source_id,
                "title": f"PA-X {number}: {title}",
                "publisher": PUBLISHER,
                "url": PAGE.format(number),
                "reliability": "official",
                "note": f"{licence}" + (f", data version {version}" if version else "") + ".",
            },
        )
    ]
    agreement: dict[str, Any] = {
        "kind": "agreement",
        "id": aid,
        "title": title,
        "date_signed": signed,
    }
    unknown: list[str] = []
    optional = {
        "process": row.get("PPName"),
        "conflict": row.get("Con"),
        "countries": [
            c
            for c in (row.get("Loc1ISO"), row.get("Loc2ISO"))
            if c and re.fullmatch(r"[A-Z]{3}", c)
        ],
        "signatories": parse_signatories(row.get("Part") or ""),
        "signatories_text": row.get("Part"),
        "third_parties": parse_third_parties(row.get("ThrdPart") or ""),
        "third_parties_text": row.get("ThrdPart"),
        "agreement_type": _enum(row, "Agtp", PaxAgreementType, unknown),
        "stage": _enum(row, "Stage", PaxStage, unknown),
        "stage_sub": row.get("StageSub"),
        "pax_status": row.get("Status"),
    }
    agreement.update({k: v for k, v in optional.items() if v})
    links: dict[str, int] = {"pax_agreement": number}
    process = row.get("PP")
    if process and process.isdigit():
        links["pax_process"] = int(process)
    agreement["links"] = links
    agreement["sources"] = [source_id]
    if unknown:
        agreement["note"] = "; ".join(unknown)
    records.append((Path(aid) / "agreement.yaml", agreement))
    for code, value in present:
        label = LABELS.get(code, f"PA-X provision code {code}")
        records.append(
            (
                Path(aid) / f"{_slug(code)}.yaml",
                {
                    "kind": "provision",
                    "id": f"{aid}/{_slug(code)}",
                    "agreement": aid,
                    "title": label,
                    "category": CROSSWALK.get(code, Category.OTHER).value,
                    "text": f"The agreement has provisions coded {code} ({label}) by PA-X, "
                    f"at value {value}.",
                    "pax_codes": [code],
                    "sources": [source_id],
                    "history": [{"on": signed, "status": "agreed", "sources": [source_id]}],
                },
            )
        )
    return records


def import_csv(csv_path: Path, out: Path, schemas: Path | None = None) -> ImportResult:
    """Import a PA-X agreements CSV into the registry folder ``out``."""
    where = str(csv_path)
    text = csv_path.read_bytes().decode("utf-8-sig")
    rows = _rows(text)
    first = next(rows, None)
    header = [h.strip() for h in first[1]] if first else []
    result = ImportResult()
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
    body = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    codes: list[str] = []
    for index, name in enumerate(header, start=1):
        if name in AGREEMENT_COLUMNS:
            continue
        if CODE_NAME.fullmatch(name) and _mostly_codes(body, index - 1):
            codes.append(name)
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
    for line, cells in body:
        row = _Row(where, line, header, cells)
        records = _records(row, codes, row.get("Ver"))
        result.problems.extend(row.problems)
        result.rows += 1
        for relative, data in records:
            _write(out, relative, data, schemas, result)
    return result


def _mostly_codes(body: list[tuple[int, list[str]]], index: int) -> bool:
    """A provision code column holds 0-3 in most of its filled cells (a few may be bad)."""
    filled = [
        cell
        for _, cells in body
        if index < len(cells) and (cell := cells[index].strip()) not in ("", "NA")
    ]
    return not filled or sum(c in ("0", "1", "2", "3") for c in filled) * 2 >= len(filled)


def _write(
    out: Path,
    relative: Path,
    data: dict[str, Any],
    schemas: Path | None,
    result: ImportResult,
) -> None:
    target = out / relative
    new = emit.dump(data, schema_comment(data["kind"], target, schemas)).encode("utf-8")
    if data["kind"] == "agreement":
        result.agreements += 1
    elif data["kind"] == "provision":
        result.provisions += 1
    try:
        old = target.read_bytes()
    except FileNotFoundError:
        old = None
    if old == new:
        result.unchanged += 1
        return
    if old is not None and data["kind"] == "provision" and _grown(old):
        result.kept.append(target)
        result.problems.append(
            diagnostic(
                "P004",
                str(target),
                1,
                1,
                "kept: its history has grown since it was imported",
                "its PA-X fields were not updated; compare with the PA-X page by hand",
            )
        )
        return
    make_folder(target.parent)
    # Thousands of new files: atomic, but without an fsync each (a bulk, repeatable job).
    write_bytes(target, new, durable=False)
    result.written.append(target)


def _grown(old: bytes) -> bool:
    ok, data = _yaml.load_fast(old.decode("utf-8", errors="replace"))
    if not ok:
        data = _yaml.parse(old.decode("utf-8", errors="replace"), "x").data
    history = data.get("history") if isinstance(data, dict) else None
    return isinstance(history, list) and len(history) > 1
