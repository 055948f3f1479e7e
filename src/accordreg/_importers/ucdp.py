"""Import UCDP's Peace Agreement Dataset (v22.1 layout, CSV or .xlsx): agreements' ends.

Into a registry that holds PA-X agreements, each UCDP agreement is found through the PA-X
agreements whose ``links.ucdp_agreement`` (PA-X's `UcdpAgr`) is its `paid`; one that none
links to gets an agreement of its own, ``ucdp-<paid>``. Where UCDP says an agreement
ended, and when, its history gains a ``signed`` event on UCDP's date of the agreement
and an ``ended`` event on that day, UCDP's explanation as the note, both citing one
source record: the dataset and the version the file declares. UCDP data is licensed
CC BY 4.0.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._diagnostics import diagnostic, has_errors
from .._model.names import SETTINGS_FILE
from .._store.read import digest
from .._store.write import schema_comment
from .._validation.settings_check import read_settings, settings_path
from .._yaml import emit
from . import output
from .agreement_files import by_link, history_of, rewritten, scan
from .tables import MAX_BYTES, Table, iter_rows, missing, read_table
from .ucdp_records import COLUMNS, REQUIRED, Agreement, history, own_agreement, read, source

#: How a UCDP import speaks of the files it keeps.
UCDP = output.Dataset(
    kept="U004",
    changed_hint="UCDP's data was not written into it; record it by hand (accordreg "
    "transition), or remove the file and import again (its changes are then lost)",
    grown_hint="UCDP's data was not written into it; record it by hand (accordreg transition)",
    manifest_hint="restore it (from git, say): without it, every file that differs from what "
    "the import would write is kept",
)
#: A version as UCDP numbers its releases (22.1).
_VERSION = r"\d{1,4}(\.\d{1,4}){0,3}"


@dataclass
class UcdpResult(output.Written):
    """What a UCDP import did."""

    rows: int = 0
    #: The version the file declares (its `version` column), if one.
    version: str | None = None
    #: UCDP agreements found in PA-X agreements of the registry, and not found.
    matched: int = 0
    unmatched: int = 0
    #: UCDP agreements whose end was recorded: in PA-X agreements, in their own.
    ended_matched: int = 0
    ended_unmatched: int = 0

    @property
    def ended(self) -> int:
        """UCDP agreements whose end was recorded."""
        return self.ended_matched + self.ended_unmatched


def import_ucdp(path: Path, out: Path, schemas: Path | None = None) -> UcdpResult:
    """Import a UCDP Peace Agreement Dataset file (CSV or .xlsx) into the registry ``out``.

    The file is read as every input is (a regular file of at most 100 MB; OSError
    otherwise); a workbook needs openpyxl (MissingExtra otherwise). A file this import
    would change is written only if its bytes are those an import wrote (see
    :data:`.output.MANIFEST`): a record a person changed is kept, and said so (U004).
    """
    result = UcdpResult()
    table = read_table(path, "U001", "UCDP file")
    if not isinstance(table, Table):
        result.problems.append(table)
        return result
    absent = missing(table, REQUIRED, "U001", "UCDP's Peace Agreement Dataset")
    if absent is not None or not _lifecycle_fits(out, result):
        result.problems += [absent] if absent is not None else []
        return result
    seen: dict[int, int] = {}
    found: list[Agreement] = []
    versions: Counter[str] = Counter()
    for row in iter_rows(table, "U002", "U003"):
        result.rows += 1
        agreement = read(row, seen)
        version = row.get("version")
        if version is not None:
            versions[version] += 1
        result.problems += row.problems
        if agreement is not None:
            found.append(agreement)
    result.version = _version(table, versions, result)
    if not found:
        return result
    result.manifest = output.read_manifest(out, result, UCDP)
    before = dict(result.manifest)
    record = source(result.version)
    sid = record["id"]
    _write(out, Path("sources") / f"{sid}.yaml", record, schemas, result)
    known = scan(out)
    linked = by_link(known, "ucdp")
    for agreement in found:
        matches = linked.get(agreement.paid, [])
        if not matches:
            result.unmatched += 1
            result.ended_unmatched += int(agreement.end is not None)
            data = own_agreement(agreement, sid)
            _write(out, Path(str(data["id"])) / "agreement.yaml", data, schemas, result)
            continue
        result.matched += 1
        events = history(agreement, sid, None)
        result.ended_matched += bool(events)
        for aid in matches:
            _into_pax(out, aid, history(agreement, sid, known[aid].date_signed), result)
        mine = Path(f"ucdp-{agreement.paid}") / "agreement.yaml"
        output.remove(out, mine, result, UCDP, f"the agreement is PA-X's {matches[0]} now")
    if result.manifest != before:
        output.write_manifest(out, result.manifest)
    return result


def _lifecycle_fits(out: Path, result: UcdpResult) -> bool:
    """Whether the registry's agreement lifecycle can record an end as this import does
    (``signed`` starting a history, then ``ended``); if not, U001 says why."""
    where = settings_path(out)
    if where is None:
        return True
    try:
        settings, problems = read_settings(where)
    except OSError:
        problems, settings = [], None
    life = settings.agreement_lifecycle if settings and not has_errors(problems) else None
    if life is not None and "signed" in life.starts() and life.can_move("signed", "ended"):
        return True
    why = (
        "the registry's settings file cannot be read"
        if life is None
        else "the registry's own agreement lifecycle cannot start at `signed` and move to `ended`"
    )
    result.problems.append(
        diagnostic(
            "U001",
            str(out / SETTINGS_FILE),
            1,
            1,
            f"{why}; nothing imported",
            "run accordreg validate on the registry; its agreement_lifecycle needs the states "
            "signed (a start) and ended",
        )
    )
    return False


def _version(table: Table, versions: Counter[str], result: UcdpResult) -> str | None:
    """The version the file declares; a file declaring none, several or one unlike
    UCDP's numbers is noted (U003), and its source record then names none."""
    column = table.header.index("version") + 1 if "version" in table.header else 1
    if not versions:
        said = "the file declares no version (no `version` column, or no value in it)"
    elif len(versions) > 1:
        listed = ", ".join(sorted(versions))
        said = f"the file declares several versions ({listed})"
    elif not re.fullmatch(_VERSION, next(iter(versions))):
        said = f"{next(iter(versions))!r} is not a version as UCDP numbers them (22.1)"
    else:
        return next(iter(versions))
    result.problems.append(
        diagnostic(
            "U003",
            table.path,
            1,
            column,
            f"version: {said}; the source record names no version",
            "say which version you imported in the source record's note",
        )
    )
    return None


def _write(
    out: Path, relative: Path, data: dict[str, Any], schemas: Path | None, result: UcdpResult
) -> None:
    header = schema_comment(str(data["kind"]), out / relative, schemas)
    output.put(out, relative, emit.dump(data, header).encode("utf-8"), result, UCDP)


def _into_pax(out: Path, aid: str, events: list[dict[str, Any]], result: UcdpResult) -> None:
    """Give a PA-X agreement the history UCDP's row gives it (none: a history an import
    gave it earlier goes, one a person gave it stays)."""
    relative = Path(aid) / "agreement.yaml"
    key = relative.as_posix()

    def make(old: bytes | None) -> bytes | None:
        if old is None:
            return None  # gone meanwhile: nothing to add to
        if not events and (history_of(old) is None or result.manifest.get(key) != digest(old)):
            return None
        return rewritten(old, events)

    output.put(out, relative, make, result, UCDP)


__all__ = ["COLUMNS", "MAX_BYTES", "REQUIRED", "UcdpResult", "import_ucdp"]
