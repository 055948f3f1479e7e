"""Import the ETH/PRIO Civil Conflict Ceasefire dataset: one provision per ceasefire.

The file has a row per ceasefire and actor (2,203 ceasefires in 4,091 rows in the copy
measured). Each ceasefire becomes a provision of category ``ceasefire``: in the PA-X
agreement its `pax_id` names, where the registry holds it, else in an agreement of its
own (``cf-<cc>-<cf_id>``). Its history is dated by the file to the day, the month or the
year (see :mod:`.ceasefire_records`), and the dataset's codes are kept as typed terms
(see :mod:`.ceasefire_settings`). Cite it as Clayton et al. (2022), Journal of Conflict
Resolution; its licence is the one the file a user obtained comes with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._diagnostics import diagnostic, has_errors
from .._model import dates
from .._model.names import SETTINGS_FILE
from .._store.atomic import write_bytes
from .._store.read import read_bytes
from .._store.write import schema_comment
from .._validation.settings_check import read_settings
from .._yaml import emit
from . import ceasefire_records as records
from . import ceasefire_settings as needs
from . import output
from .agreement_files import by_link, scan
from .ceasefire_rows import REQUIRED, ActorRow, Ceasefire, gather, read
from .pax_write import SETTINGS as PAX_SETTINGS
from .tables import MAX_BYTES, Table, iter_rows, missing, read_table

#: How a ceasefire import speaks of the files it keeps.
CEASEFIRES = output.Dataset(
    kept="E004",
    changed_hint="the dataset's data was not written into it; remove the file and import "
    "again to have it (its changes are then lost)",
    grown_hint="the dataset's data was not written into it",
    manifest_hint="restore it (from git, say): without it, every file that differs from what "
    "the import would write is kept",
)


@dataclass
class CeasefireResult(output.Written):
    """What a ceasefire import did."""

    rows: int = 0
    ceasefires: int = 0
    #: Ceasefires put in PA-X agreements of the registry, and in agreements of their own.
    in_pax: int = 0
    own: int = 0
    #: Ceasefires whose `pax_id` names a PA-X agreement the registry does not hold.
    pax_absent: int = 0
    #: Ceasefires with an end recorded, and with a date known only to a month or a year.
    ended: int = 0
    partial: int = 0


def import_ceasefires(path: Path, out: Path, schemas: Path | None = None) -> CeasefireResult:
    """Import an ETH/PRIO ceasefire CSV (or .xlsx) into the registry folder ``out``.

    The file is read as every input is (a regular file of at most 100 MB; OSError
    otherwise). A file this import would change is written only if its bytes are those
    an import wrote (see :data:`.output.MANIFEST`): one a person changed is kept (E004).
    """
    result = CeasefireResult()
    table = read_table(path, "E001", "ceasefire file")
    if not isinstance(table, Table):
        result.problems.append(table)
        return result
    absent = missing(table, REQUIRED, "E001", "the ETH/PRIO ceasefire dataset")
    if absent is not None:
        result.problems.append(absent)
        return result
    rows: list[ActorRow] = []
    for row in iter_rows(table, "E002", "E003"):
        result.rows += 1
        found = read(row)
        result.problems += row.problems
        if found is not None:
            rows.append(found)
    ceasefires = gather(rows)
    if not ceasefires or not _settle(out, result):
        return result
    result.manifest = output.read_manifest(out, result, CEASEFIRES)
    before = dict(result.manifest)
    record = records.source()
    _write(out, Path("sources") / f"{record['id']}.yaml", record, schemas, result)
    pax = {n: ids[0] for n, ids in by_link(scan(out), "pax").items()}
    for cf in ceasefires:
        _one(cf, out, pax, str(record["id"]), schemas, result)
    if result.manifest != before:
        output.write_manifest(out, result.manifest)
    result.problems.sort(key=lambda d: d.sort_key)
    return result


def _one(
    cf: Ceasefire,
    out: Path,
    pax: dict[int, str],
    sid: str,
    schemas: Path | None,
    result: CeasefireResult,
) -> None:
    found = records.agree(cf)
    result.problems += found.problems
    if found.declared is None:
        first = cf.rows[0]
        first.row.stop(
            "cf_dec_yr",
            f"no row of ceasefire {cf.uid} gives the year it was declared; it is not imported",
            "a ceasefire's history starts on its declaration",
        )
        result.problems += first.row.problems[-1:]
        return
    named = found.codes.get("pax_id")
    home = pax.get(named) if named is not None else None
    relative, pid, agreement = records.place(cf, home)
    data = records.provision(cf, found, agreement, pid, sid)
    if found.end is not None and data["history"][-1]["status"] != needs.ENDED:
        first = next(r for r in cf.rows if r.end is not None)
        first.row.unread(
            "end_yr",
            f"{dates.text(found.end)} is before ceasefire {cf.uid} was declared "
            f"({dates.text(found.declared)}); its end is left out",
        )
        result.problems += first.row.problems[-1:]
    result.ceasefires += 1
    result.ended += data["history"][-1]["status"] == needs.ENDED
    on = [e["on"] for e in data["history"]] + [data["terms"].get("effective_from")]
    result.partial += any(d is not None and dates.is_partial(d) for d in on)
    if home is not None:
        result.in_pax += 1
        for mine in (Path(cf.slug) / "ceasefire.yaml", Path(cf.slug) / "agreement.yaml"):
            output.remove(out, mine, result, CEASEFIRES, f"the ceasefire is in {home} now")
    else:
        result.own += 1
        result.pax_absent += named is not None
        own = records.own_agreement(cf, found, sid)
        _write(out, Path(cf.slug) / "agreement.yaml", own, schemas, result)
    _write(out, relative, data, schemas, result)


def _write(
    out: Path,
    relative: Path,
    data: dict[str, Any],
    schemas: Path | None,
    result: CeasefireResult,
) -> None:
    header = schema_comment(str(data["kind"]), out / relative, schemas)
    output.put(out, relative, emit.dump(data, header).encode("utf-8"), result, CEASEFIRES)


def _settle(out: Path, result: CeasefireResult) -> bool:
    """The registry's settings, with the state and terms the import needs: written into
    a new settings file or one ``import pax`` wrote; a person's own is checked, never
    changed (E001 where it lacks them)."""
    target = out / SETTINGS_FILE
    try:
        current: bytes | None = read_bytes(str(target))
    except FileNotFoundError:
        current = None
    except OSError as exc:
        return _refused(target, f"it cannot be read ({exc})", result)
    if current is None:
        if output.create(target, needs.fresh(), result):
            result.written.append(target)
        return True
    if current == PAX_SETTINGS:
        write_bytes(target, needs.after_pax(), durable=False)
        result.written.append(target)
        return True
    if current in (needs.fresh(), needs.after_pax()):
        result.unchanged += 1
        return True
    settings, problems = read_settings(target)
    if has_errors(problems):
        return _refused(target, "it has errors (see accordreg validate)", result)
    lacking = needs.lacking(settings)
    if lacking:
        return _refused(target, f"it lacks {'; '.join(lacking)}", result)
    return True


def _refused(target: Path, why: str, result: CeasefireResult) -> bool:
    result.problems.append(
        diagnostic(
            "E001",
            str(target),
            1,
            1,
            f"the registry's own settings: {why}; nothing imported",
            "add the lifecycle and terms `accordreg import ceasefires` writes (see the "
            "ceasefire import's reference page), or import into a registry of its own",
        )
    )
    return False


__all__ = ["MAX_BYTES", "REQUIRED", "CeasefireResult", "import_ceasefires"]
