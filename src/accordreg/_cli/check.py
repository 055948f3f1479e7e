"""Checking records: `accordreg validate` and `accordreg schema`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .._diagnostics import has_errors
from .._model.defaults import default_settings

# Only what `validate` needs is imported here: a pre-commit run over a cached registry
# then never loads pydantic.
from .._render import diagnostics as reporter
from .._render.safe import terminal
from .._validation import early
from .common import REGISTRY_OPTION, existing, registry_of, schemas_folder


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[FILE]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(reporter.FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for Actions annotations, sarif for "
    "code scanning (rules link to the codes page at $ACCORDREG_CODES_URL, if set).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file afresh; do not read or write .accordreg-cache/.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes to use (default: one per core for large folders).",
)
@REGISTRY_OPTION
def validate(
    paths: Sequence[Path], fmt: str, no_cache: bool, jobs: int | None, registry_path: Path | None
) -> None:
    """Check record files and folders (recursively); without FILE, the registry.

    Results of unchanged files are reused from .accordreg-cache/ in the first folder;
    cross-file checks always run in full. Exit status: 0 valid (warnings allowed),
    1 invalid data, 2 usage error.
    """
    if fmt == "sarif":
        # A bad address is said before the run, not after it.
        from .._errors import AccordregError
        from .._render.sarif import codes_url

        try:
            codes_url()
        except AccordregError as exc:
            raise click.UsageError(str(exc)) from None
    # A file or folder inside a registry is checked with the whole of it (run_checks).
    roots = [existing(p) for p in paths] or [existing(registry_of(registry_path))]
    # Forked first, before the runner is imported: the sooner it starts importing the
    # models, the sooner it can check a changed file.
    helper = early.start(roots) if not no_cache and jobs != 1 else None
    try:
        from .._validation.run import checked, collector_paused

        # The results are dropped before the cycle collector runs again: it would
        # otherwise walk every cached entry once more (tens of ms at 10,000 files).
        with collector_paused():
            result = checked(roots, use_cache=not no_cache, workers=jobs, early_worker=helper)
            text, ok = reporter.RENDERERS[fmt](result.diagnostics, len(result.files)), result.ok
            del result
    finally:
        if helper is not None:
            helper.stop()  # interrupted before the run took it (Ctrl-C): not left behind
    click.echo(text)
    sys.exit(0 if ok else 1)


@click.command(name="schema")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the schema files (default: the registry's schemas/, or one beside it "
    "where that exists).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the folder is stale.")
@REGISTRY_OPTION
def schema_command(out: Path | None, check: bool, registry_path: Path | None) -> None:
    """Write a JSON Schema per record kind and for the settings file, for editors and
    other validators: the registry's own categories, terms, states and types."""
    from .._store import schema_files
    from .._validation.settings_check import read_settings, settings_path

    # The schemas follow the registry's settings (accordreg.yaml), if it has them.
    registry = registry_of(registry_path)
    out = schemas_folder(registry, out)
    found = settings_path(registry)
    settings = default_settings()
    if found is not None:
        settings, problems = read_settings(found)
        if has_errors(problems):
            click.echo(reporter.as_text(problems, 1), err=True)
            sys.exit(1)
    if check:
        files = schema_files.look(out, settings)
        for path in files.stale:
            click.echo(f"{path}: out of date (run `accordreg schema --out {out}`)")
        for path, why in files.foreign.items():
            click.echo(terminal(f"{path}: {why}; it is left as it is ({_REMOVE})"))
        if not files.stale and not files.foreign:
            click.echo(f"{out}: schemas are up to date")
        sys.exit(1 if files.stale or files.foreign else 0)
    files = schema_files.update(out, settings)
    for path in files.stale:
        click.echo(f"wrote {path}")
    for path, why in files.foreign.items():
        click.echo(terminal(f"warning: kept {path}: {why} ({_REMOVE})"), err=True)
    if not files.stale and not files.foreign:
        click.echo(f"{out}: schemas were already up to date")
    sys.exit(1 if files.foreign else 0)


#: What to do about a schema file accordreg does not write over.
_REMOVE = "move it away, and `accordreg schema` writes accordreg's"
