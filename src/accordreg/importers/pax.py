"""Import the PA-X agreements CSV (peaceagreements.org) as a registry.

One agreement per row (``pax-<AgtId>``), one source per agreement (its PA-X page), and
one provision per code *family* present (``pax-<AgtId>/<family code>``): a parent code and
the sub-codes present with it make one provision, which lists them in ``pax_codes`` and
keeps PA-X's 1-3 value for each in ``pax_strength``. Families, labels and categories
come from PA-X's codebook, shipped with the package (see
:mod:`accordreg.model.pax_codebook`). Each
provision's history is one ``agreed`` event on the agreement's date: PA-X records what
was agreed, and tracking what happened since starts here. PA-X data is licensed
CC BY-NC-SA 4.0; cite it as Bell & Badanjak (2019), Journal of Peace Research 56(3).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, diagnostic, has_errors
from ..model.pax_codebook import Crosswalk, codebook, crosswalk, families
from ..model.vocabulary import PaxAgreementType, PaxConflictType, PaxRegion, PaxStage
from ..store.atomic import failed, make_folder, write_bytes
from ..store.read import digest, read_bytes
from ..store.write import schema_comment
from ..yaml import emit
from ..yaml import parse as _yaml
from . import pax_people

PAGE = "https://www.peaceagreements.org/view/{}"
PUBLISHER = "PA-X Peace Agreements Database, University of Edinburgh"
CITATION = (
    "Cite as: Bell, C. & Badanjak, S. (2019) Introducing PA-X: A new peace agreement "
    "database and dataset, Journal of Peace Research 56(3), 452-466"
)

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
#: Id columns that link to other datasets: column -> field of `links`.
LINK_COLUMNS = {
    "UcdpCon": "ucdp_conflict",
    "UcdpAgr": "ucdp_agreement",
    "PamAgr": "pam_agreement",
    "CowWar": "cow_war",
}
#: Whole-number columns of the agreement itself: column -> field.
COUNT_COLUMNS = {
    "Lgt": "length_pages",
    "N_characters": "length_characters",
    "Ver": "pax_version",
    "ImSrc": "pax_imsrc",
}
#: A title shorter than this many words is too common to be matched in OthAgr.
_TITLE_WORDS = 5
#: The largest CSV read: PA-X's whole download is under 4 MB.
MAX_CSV_BYTES = 100 * 1024 * 1024
#: Whole numbers have at most this many digits (PA-X's ids have five, its counts seven).
_MAX_DIGITS = 15
#: Control characters a record may not hold (see validation's S010); a line break that is
#: a carriage return is made a newline instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Where an import notes the digest of every file it wrote, in the registry folder (a
#: hidden file: never read as a record): a file whose bytes are no longer those is kept.
MANIFEST = ".accordreg-import.json"
#: A provision file may not take the agreement's own name (`Agreement` is no PA-X code).
_RESERVED = {"agreement"}


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
    #: Provisions written (or kept) per category.
    categories: Counter[str] = field(default_factory=Counter)
    #: How signatory and third-party entries were read, by pattern (see pax_people).
    signatory_patterns: Counter[str] = field(default_factory=Counter)
    third_party_patterns: Counter[str] = field(default_factory=Counter)
    #: Folders known to exist (made or seen), so that each is made once.
    folders: set[Path] = field(default_factory=set, repr=False)
    #: The digest of every file imports wrote, by path in the registry folder.
    manifest: dict[str, str] = field(default_factory=dict, repr=False)
    #: Overwrite files that differ from what the last import wrote.
    force: bool = field(default=False, repr=False)


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


def parse_signatories(text: str, known: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Signatory records from a Part cell (see :mod:`.pax_people`); [] if not signed."""
    return [pax_people.signatory(e) for e in pax_people.parse_people(text, known).entries]


def parse_third_parties(text: str, known: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Third-party records from a ThrdPart cell, coder commentary left out."""
    people = pax_people.parse_people(text, known, third=True)
    return [pax_people.third_party(e) for e in people.entries]


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


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


class _Titles:
    """Agreement titles that can be found, word for word, in another row's OthAgr."""

    def __init__(self, titles: dict[int, tuple[str, date | None]]):
        seen = Counter(tuple(_words(t)) for t, _ in titles.values())
        self.by_start: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        self.dates = {n: d for n, (_, d) in titles.items()}
        for number, (title, _) in titles.items():
            words = tuple(_words(title))
            # A short or repeated title ("Joint Statement") names no one agreement.
            if len(words) >= _TITLE_WORDS and seen[words] == 1:
                self.by_start.setdefault(words[:3], []).append((words, number))

    def referred(self, text: str, number: int, signed: date | None) -> list[int]:
        """Agreements whose full title the text contains, signed no later than this one."""
        words = _words(text)
        found: list[int] = []
        for i in range(len(words)):
            for title, other in self.by_start.get(tuple(words[i : i + 3]), ()):
                if other == number or other in found or tuple(words[i : i + len(title)]) != title:
                    continue
                when = self.dates.get(other)
                if signed is None or when is None or when <= signed:
                    found.append(other)
        return found


@dataclass
class _Context:
    """What every row's records draw on: the crosswalk, names, titles, code columns."""

    walk: Crosswalk
    codes: list[str]
    known: frozenset[str]
    titles: _Titles
    result: ImportResult
    #: The line of the row each agreement number was first seen on.
    seen: dict[int, int] = field(default_factory=dict)


def _source(row: _Row, number: int, title: str) -> dict[str, Any]:
    version = row.get("Ver")
    release = (
        f" The row came into PA-X (or was last revised) in PA-X release {version} (Ver);"
        " that is not the version of the file imported."
        if version
        else ""
    )
    return {
        "kind": "source",
        "id": f"pax-page-{number}",
        "title": f"PA-X {number}: {title}",
        "publisher": PUBLISHER,
        "url": PAGE.format(number),
        "reliability": "official",
        "note": "PA-X's coding page for the agreement. PA-X data, CC BY-NC-SA 4.0. "
        f"{CITATION}.{release} The CSV gives no link to the agreement's own document, "
        "so none is recorded.",
    }


def _links(row: _Row, number: int) -> dict[str, Any]:
    links: dict[str, Any] = {"pax_agreement": number}
    process = row.get("PP")
    if process is not None:
        process_number = _number(process)
        if process_number is not None:
            links["pax_process"] = process_number
        else:
            row.unknown_value("PP", process, "a whole number")
    for column, key in LINK_COLUMNS.items():
        value = _count(row, column)
        if value is not None:
            links[key] = value
    gwno = [n for n in (_count(row, "Loc1GWNO"), _count(row, "Loc2GWNO")) if n is not None]
    if gwno:
        links["gwno"] = gwno
    return links


def _people(row: _Row, ctx: _Context) -> dict[str, Any]:
    part, third = row.text("Part"), row.text("ThrdPart")
    signers = pax_people.parse_people(part or "", ctx.known)
    helpers = pax_people.parse_people(third or "", ctx.known, third=True)
    ctx.result.signatory_patterns.update(e.pattern for e in signers.entries)
    ctx.result.signatory_patterns.update(
        {f"(left out: {k})": n for k, n in signers.skipped.items()}
    )
    ctx.result.third_party_patterns.update(e.pattern for e in helpers.entries)
    ctx.result.third_party_patterns.update(
        {f"(left out: {k})": n for k, n in helpers.skipped.items()}
    )
    # Witnesses, guarantors and the like that PA-X lists under Part (below "Witnessed
    # by:") are third parties: they did not sign as parties.
    return {
        "signed": signers.signed,
        "signatories": [pax_people.signatory(e) for e in signers.entries if e.role is None],
        "signatories_text": part,
        "third_parties": [
            pax_people.third_party(e)
            for e in (*helpers.entries, *(e for e in signers.entries if e.role is not None))
        ],
        "third_parties_text": third,
    }


def _provision(aid: str, source_id: str, signed: date, family: Any, ctx: _Context) -> Any:
    book = ctx.walk.book
    head = family.head
    known = head in book
    title = book.own_label(head) if known else f"{head} (not in the PA-X codebook)"
    strength = family.codes.get(head, max(family.codes.values()))
    others = [
        f"{book.label(c)} ({c}{'' if v == 1 else f', {v}'})"
        for c, v in family.codes.items()
        if c != head
    ]
    text = (
        f"PA-X codes provisions on {title} ({head}) in this agreement, at strength "
        f"{strength} on PA-X's scale of 1 to 3"
        + (f"; also coded: {'; '.join(others)}" if others else "")
        + "."
    )
    return {
        "kind": "provision",
        "id": f"{aid}/{_slug(head)}",
        "agreement": aid,
        "title": title,
        "category": family.category,
        "text": text,
        "pax_codes": list(family.codes),
        "pax_strength": dict(family.codes),
        "sources": [source_id],
        "history": [{"on": signed, "status": "agreed", "sources": [source_id]}],
    }


def _records(row: _Row, ctx: _Context) -> list[tuple[Path, dict[str, Any]]]:
    """The source, agreement and provision records of one row (empty if it is unusable)."""
    number, signed = _agreement_id(row, ctx.seen), _date(row)
    present = _codes(row, ctx.codes)
    if number is None or signed is None or has_errors(row.problems):
        return []
    # Ids are unique across kinds, so the PA-X page gets an id of its own.
    aid, source_id = f"pax-{number}", f"pax-page-{number}"
    title = " ".join((row.get("Agt") or f"PA-X agreement {number}").split())
    records: list[tuple[Path, dict[str, Any]]] = [
        (Path("sources") / f"{source_id}.yaml", _source(row, number, title))
    ]
    people = _people(row, ctx)
    other_text = row.text("OthAgr")
    counts = {key: _count(row, column) for column, key in COUNT_COLUMNS.items()}
    optional: dict[str, Any] = {
        "signed": people["signed"],
        "process": row.get("PPName"),
        "conflict": row.get("Con"),
        "conflict_type": _enum(row, "Contp", PaxConflictType),
        "region": _enum(row, "Reg", PaxRegion),
        "countries": [
            c
            for c in (row.get("Loc1ISO"), row.get("Loc2ISO"))
            if c and re.fullmatch(r"[A-Z]{3}", c)
        ],
        "signatories": people["signatories"],
        "signatories_text": people["signatories_text"],
        "third_parties": people["third_parties"],
        "third_parties_text": people["third_parties_text"],
        "agreement_type": _enum(row, "Agtp", PaxAgreementType),
        "stage": _enum(row, "Stage", PaxStage),
        "stage_sub": row.get("StageSub"),
        "pax_status": row.get("Status"),
        "interim": _yes_no(row, "Interim"),
        **counts,
        "refers_to": [f"pax-{n}" for n in ctx.titles.referred(other_text or "", number, signed)],
        "other_agreements_text": other_text,
    }
    agreement: dict[str, Any] = {
        "kind": "agreement",
        "id": aid,
        "title": title,
        "date_signed": signed,
    }
    # False is a value here (not signed, not interim); None and empty lists are not.
    agreement.update({k: v for k, v in optional.items() if v is not None and v != []})
    agreement["links"] = _links(row, number)
    agreement["sources"] = [source_id]
    if row.unknown:
        agreement["note"] = "; ".join(row.unknown)
    records.append((Path(aid) / "agreement.yaml", agreement))
    for family in families(present, ctx.walk):
        data = _provision(aid, source_id, signed, family, ctx)
        records.append((Path(aid) / f"{_slug(family.head)}.yaml", data))
    return records


def import_csv(
    csv_path: Path, out: Path, schemas: Path | None = None, *, force: bool = False
) -> ImportResult:
    """Import a PA-X agreements CSV into the registry folder ``out``.

    The CSV is read as every input is (a regular file, here of at most 100 MB; OSError
    otherwise). A file this import would change is overwritten only if its bytes are those
    an import wrote (see :data:`MANIFEST`) or ``force`` is given; a provision whose history
    has grown is kept either way.
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


def _read_manifest(out: Path, result: ImportResult) -> dict[str, str]:
    """The digests the last imports wrote (empty without a manifest; a manifest that
    cannot be read is noted, and every file that differs is then kept)."""
    path = out / MANIFEST
    try:
        data = json.loads(read_bytes(str(path), MAX_CSV_BYTES, what="import manifest"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        data = None
        why = exc.message if hasattr(exc, "message") else type(exc).__name__
        result.problems.append(
            diagnostic(
                "P004",
                str(path),
                1,
                1,
                f"the record of earlier imports cannot be read ({why}); files this import "
                "would change are kept",
                "use --force to overwrite them, or remove the file",
            )
        )
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def _write_manifest(out: Path, manifest: dict[str, str]) -> None:
    text = json.dumps(
        {
            "about": "Written by `accordreg import pax`: the digest of each file it wrote. "
            "A file whose bytes differ is kept by the next import (unless --force).",
            "files": dict(sorted(manifest.items())),
        },
        indent=1,
    )
    make_folder(out)
    write_bytes(out / MANIFEST, text.encode() + b"\n", durable=False)


#: The settings an import starts a registry with: PA-X records what agreements say, not
#: what happened since, so its views show "not tracked" where they would show 0 % and
#: "no news".
SETTINGS = b"""\
# Written by `accordreg import pax`: PA-X records what each agreement says, not whether it
# was carried out. Set tracks_implementation to true once provisions carry a history of
# their own, from sources that report what happened.
kind: settings
name: PA-X import
tracks_implementation: false
"""


def _settle(out: Path, result: ImportResult) -> None:
    """The registry's settings file, where it has none yet (one it has is never touched)."""
    target = out / "accordreg.yaml"
    if target.exists() or target.is_symlink() or not _create(target, SETTINGS, result):
        result.unchanged += 1
    else:
        result.written.append(target)


def _known_names(rows: list[_Row]) -> frozenset[str]:
    """Countries and entities PA-X names in Con: each may stand alone as a party."""
    names = set()
    for row in rows:
        for name in (row.get("Con") or "").split("/"):
            name = name.strip().strip("()").strip()
            if name:
                names.add(name.casefold())
    return frozenset(names)


def _titles(rows: list[_Row]) -> _Titles:
    """The titles of the rows that will be imported, for finding them in OthAgr."""
    titles: dict[int, tuple[str, date | None]] = {}
    for row in rows:
        number, title = _number(row.get("AgtId")), row.get("Agt")
        if number is None or title is None or number in titles:
            continue
        try:
            signed: date | None = date.fromisoformat(row.get("Dat") or "")
        except ValueError:
            continue  # a row that will not be imported cannot be referred to
        titles[number] = (title, signed)
    return _Titles(titles)


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
    key = relative.as_posix()
    new = emit.dump(data, schema_comment(data["kind"], target, schemas)).encode("utf-8")
    if data["kind"] == "agreement":
        result.agreements += 1
    elif data["kind"] == "provision":
        result.provisions += 1
        result.categories[data["category"]] += 1
    try:
        old = read_bytes(str(target))
    except FileNotFoundError:
        old = None
    except OSError as exc:  # a folder, a device, a link to one: never read, never replaced
        _keep(target, result, f"it is no file to replace ({exc})", "remove it, and import again")
        return
    if old == new:
        result.unchanged += 1
        result.manifest[key] = digest(new)
        return
    if old is not None and data["kind"] == "provision" and _grown(old):
        _keep(
            target,
            result,
            "its history has grown since it was imported",
            "its PA-X fields were not updated; compare with the PA-X page by hand",
        )
        return
    if old is not None and not result.force and result.manifest.get(key) != digest(old):
        _keep(
            target,
            result,
            "it was changed since an import wrote it (or no import did)",
            "its PA-X fields were not updated; import again with --force to replace it "
            "with them (its changes are then lost)",
        )
        return
    result.manifest[key] = digest(new)
    if old is None and _create(target, new, result):
        result.written.append(target)
        return
    # Thousands of files: atomic, but without an fsync each (a bulk, repeatable job).
    write_bytes(target, new, durable=False)
    result.written.append(target)


def _keep(target: Path, result: ImportResult, why: str, hint: str) -> None:
    """Leave a file as it is, and say so (P004)."""
    result.kept.append(target)
    result.problems.append(diagnostic("P004", str(target), 1, 1, f"kept: {why}", hint))


def _create(target: Path, data: bytes, result: ImportResult) -> bool:
    """Write a file that does not exist yet; False if it appeared meanwhile.

    No temporary file and rename: there is nothing to replace, and half the file-system
    work of 30,000 new files is the slowest part of a first import. A crash can leave a
    partial file, which the next import rewrites (its bytes differ from what it makes).
    """
    folder = target.parent
    if folder not in result.folders:
        make_folder(folder)
        result.folders.add(folder)
    try:
        with target.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    except OSError as exc:  # a full disk or a read-only folder: one clear error, no partial file
        target.unlink(missing_ok=True)
        raise failed(target, exc) from exc
    return True


def _grown(old: bytes) -> bool:
    ok, data = _yaml.load_fast(old.decode("utf-8", errors="replace"))
    if not ok:
        data = _yaml.parse(old.decode("utf-8", errors="replace"), "x").data
    history = data.get("history") if isinstance(data, dict) else None
    return isinstance(history, list) and len(history) > 1


__all__ = [
    "AGREEMENT_COLUMNS",
    "ImportResult",
    "codebook",
    "import_csv",
    "parse_signatories",
    "parse_third_parties",
]
