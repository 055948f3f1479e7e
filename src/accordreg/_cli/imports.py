"""Bootstrapping a registry from another dataset: `accordreg import ...`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .._diagnostics import has_errors
from .._render import diagnostics as reporter
from .._store.read import read_bytes
from .common import SCHEMAS_OPTION


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
