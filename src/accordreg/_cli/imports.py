"""Bootstrapping a registry from another dataset: `accordreg import ...`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._diagnostics import has_errors
from .._render import diagnostics as reporter
from .._store.read import read_bytes
from .common import REGISTRY_OPTION, SCHEMAS_OPTION, registry_of, schemas_folder

if TYPE_CHECKING:
    from .._importers.output import Written


@click.group(name="import")
def import_() -> None:
    """Bootstrap a registry from another dataset."""


@import_.command(name="pax")
@click.argument("csv_path", metavar="CSV", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "--registry",
    "-r",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The registry folder to write (created if needed).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite files changed since an import wrote them (their changes are lost); a "
    "provision whose history has grown is kept all the same.",
)
@SCHEMAS_OPTION
def import_pax(csv_path: Path, out: Path, schemas: Path | None, force: bool) -> None:
    """Import the PA-X agreements CSV (peaceagreements.org; CC BY-NC-SA 4.0).

    One agreement per row (pax-<AgtId>), one provision per PA-X code family present
    (a code and its sub-codes, with PA-X's 1-3 strength for each), each with an `agreed`
    event on the agreement's date; categories and labels from PA-X's codebook. Re-importing
    changes nothing that is already up to date, never overwrites a provision whose history
    has grown, and keeps any file changed since an import wrote it (unless --force).
    """
    from .._importers import pax
    from .._store.read import reason
    from .._store.write import write_schemas

    if not os.path.lexists(csv_path):
        raise click.BadParameter(f"{csv_path} does not exist", param_hint="CSV")
    folder = schemas or out / "schemas"
    try:
        # Read before anything is written: a CSV that is no file leaves nothing behind.
        read_bytes(str(csv_path), pax.MAX_CSV_BYTES, what="CSV")
    except OSError as exc:
        message, hint = reason(csv_path, exc)
        click.echo(f"error: {csv_path}: {message}" + (f" ({hint})" if hint else ""), err=True)
        sys.exit(1)
    write_schemas(folder)  # writes only the missing or stale ones
    try:
        result = pax.import_csv(csv_path, out, folder, force=force)
    except OSError as exc:
        message, hint = reason(csv_path, exc)
        click.echo(f"error: {csv_path}: {message}" + (f" ({hint})" if hint else ""), err=True)
        sys.exit(1)
    for line in reporter.lines(result.problems):
        click.echo(line, err=True)
    click.echo(
        f"{result.rows} row(s): {result.agreements} agreement(s), "
        f"{result.provisions} provision(s); {len(result.written)} file(s) written, "
        f"{result.unchanged} unchanged, {len(result.kept)} kept (see P004)"
    )
    sys.exit(1 if has_errors(result.problems) else 0)


def _read_first(path: Path, limit: int) -> None:
    """Read the input before anything is written: a file that is no file leaves nothing
    behind; one line and status 1 for it."""
    from .._store.read import reason

    if not os.path.lexists(path):
        raise click.BadParameter(f"{path} does not exist", param_hint="FILE")
    try:
        read_bytes(str(path), limit, what="dataset file")
    except OSError as exc:
        message, hint = reason(path, exc)
        click.echo(f"error: {path}: {message}" + (f" ({hint})" if hint else ""), err=True)
        sys.exit(1)


def _run(run: Callable[[], Written], path: Path, code: str, summary: Callable[[Any], str]) -> None:
    """Run an outcome import, print its problems and its summary, exit 1 on an error."""
    from .._errors import MissingExtra
    from .._store.read import reason

    try:
        result = run()
    except MissingExtra as exc:
        click.echo(f"error: {path}: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        message, hint = reason(path, exc)
        click.echo(f"error: {path}: {message}" + (f" ({hint})" if hint else ""), err=True)
        sys.exit(1)
    for line in reporter.lines(result.problems):
        click.echo(line, err=True)
    removed = f", {len(result.removed)} removed" if result.removed else ""
    click.echo(
        f"{summary(result)}; {len(result.written)} file(s) written, {result.unchanged} "
        f"unchanged, {len(result.kept)} kept (see {code}){removed}"
    )
    sys.exit(1 if has_errors(result.problems) else 0)


@import_.command(name="ucdp")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@REGISTRY_OPTION
@SCHEMAS_OPTION
def import_ucdp(path: Path, registry_path: Path | None, schemas: Path | None) -> None:
    """Import UCDP's Peace Agreement Dataset (v22.1; CSV or .xlsx; CC BY 4.0): agreements' ends.

    Each UCDP agreement is found through the PA-X agreements that link to it
    (links.ucdp_agreement, PA-X's UcdpAgr); one that none links to becomes an agreement of
    its own, ucdp-<paid>. Where UCDP says an agreement ended, and when, its history gains a
    `signed` event on UCDP's date and an `ended` event (UCDP's explanation as the note),
    both citing the dataset and the version the file declares. What UCDP does not say (-99,
    a blank, a date that is no date) is a U003 warning, never an event. Re-importing
    changes no byte; a record changed since an import wrote it is kept (U004). An .xlsx
    file needs openpyxl: pip install 'accordreg[xlsx]'.
    """
    from .._importers import ucdp
    from .._store.write import write_schemas

    out = registry_of(registry_path)
    _read_first(path, ucdp.MAX_BYTES)
    folder = schemas_folder(out, schemas)
    write_schemas(folder)

    def summary(r: ucdp.UcdpResult) -> str:
        version = f" (version {r.version})" if r.version else ""
        return (
            f"{r.rows} row(s){version}: {r.ended} ended ({r.ended_matched} in PA-X agreements, "
            f"{r.ended_unmatched} in agreements of their own); {r.matched} found in PA-X "
            f"agreements, {r.unmatched} not"
        )

    _run(lambda: ucdp.import_ucdp(path, out, folder), path, "U004", summary)


@import_.command(name="ceasefires")
@click.argument("path", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@REGISTRY_OPTION
@SCHEMAS_OPTION
def import_ceasefires(path: Path, registry_path: Path | None, schemas: Path | None) -> None:
    """Import the ETH/PRIO Civil Conflict Ceasefire dataset (CSV or .xlsx): a provision a ceasefire.

    Each ceasefire (a row per actor) becomes a `ceasefire` provision, in the PA-X agreement
    its pax_id names where the registry holds it, else in an agreement of its own
    (cf-<cc>-<cf_id>): `agreed` when declared, `in_progress` when in effect, `ended` when it
    ended, to the day, month or year the file gives (-1: not known). Its terms say when it
    took effect, who made it (unilateral, bilateral, multilateral), whether it was written,
    and keep the dataset's codes (ethprio_ended, ethprio_side). The registry's settings gain
    the state `ended` and those terms (a settings file of your own is checked, never
    changed). What cannot be read is an E003 warning; rows of one ceasefire that disagree,
    E005. Re-importing changes no byte; a record changed by hand is kept (E004).
    """
    from .._importers import ceasefires
    from .._store.write import write_schemas
    from .._validation.settings_check import read_settings, settings_path

    out = registry_of(registry_path)
    _read_first(path, ceasefires.MAX_BYTES)
    folder = schemas_folder(out, schemas)

    def run() -> ceasefires.CeasefireResult:
        result = ceasefires.import_ceasefires(path, out, folder)
        where = settings_path(out)
        settings, problems = read_settings(where) if where else (None, [])
        if settings is not None and not has_errors(problems):
            write_schemas(folder, settings)  # in the registry's words: `ended` among them
        return result

    def summary(r: ceasefires.CeasefireResult) -> str:
        return (
            f"{r.rows} row(s): {r.ceasefires} ceasefire(s), {r.in_pax} in PA-X agreements, "
            f"{r.own} in agreements of their own ({r.pax_absent} naming a PA-X agreement "
            f"the registry lacks); {r.ended} ended; {r.partial} with a date known only to a "
            "month or a year"
        )

    _run(run, path, "E004", summary)
