"""The ``accordreg`` command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import click

# Only what `validate` needs is imported here: a pre-commit run over a cached registry
# then never loads pydantic. Each other command imports its own modules.
from . import __version__, cli_new, reporter, views
from ._cliutil import (
    DATE,
    DEFAULT_PATH,
    REGISTRY_OPTION,
    day_or_today,
    existing,
    load_or_exit,
    unknown_id,
)
from .atomic import write_text
from .checker import collector_paused, run_checks
from .errors import AccordregError, UnknownIdError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="accordreg")
def main() -> None:
    """Keep peace-agreement provisions as typed, sourced YAML records."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(reporter.FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for programs, github for Actions.",
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
def validate(paths: Sequence[Path], fmt: str, no_cache: bool, jobs: int | None) -> None:
    """Check record files (folders recursively); PATH defaults to ./provisions.

    Results of unchanged files are reused from .accordreg-cache/ in the first folder;
    cross-file checks always run in full. Exit status: 0 valid (warnings allowed),
    1 invalid data, 2 usage error.
    """
    roots = [existing(p) for p in paths] or [existing(DEFAULT_PATH)]
    # The results are dropped before the cycle collector runs again: it would otherwise
    # walk every cached entry once more (tens of ms at 10,000 files) to find no garbage.
    with collector_paused():
        result = run_checks(roots, use_cache=not no_cache, workers=jobs, early_worker=True)
        text, ok = reporter.RENDERERS[fmt](result.diagnostics, len(result.files)), result.ok
        del result
    click.echo(text)
    sys.exit(0 if ok else 1)


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=DEFAULT_PATH)
@click.option(
    "--on", "on", type=DATE, help="Show the standing on this date (YYYY-MM-DD); default today."
)
@click.option(
    "--format", "fmt", type=click.Choice(views.FORMATS), default="text", show_default=True
)
def status(path: Path, on: datetime | None, fmt: str) -> None:
    """One row per provision: status, level, since when, next deadline, overdue."""
    registry = load_or_exit(path)
    day = day_or_today(on)
    rows = views.standings(registry, day)
    if fmt == "json":
        click.echo(views.as_json(rows))
    elif fmt == "csv":
        click.echo(views.as_csv(rows), nl=False)
    else:
        click.echo(views.as_text(rows, registry, day))


@main.command(name="schema")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Folder for the schema files.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the folder is stale.")
def schema_command(out: Path, check: bool) -> None:
    """Write a JSON Schema per record kind, for editors and other validators."""
    from . import schema

    if check:
        stale = schema.stale(out)
        for path in stale:
            click.echo(f"{path}: out of date (run `accordreg schema --out {out}`)")
        if not stale:
            click.echo(f"{out}: schemas are up to date")
        sys.exit(1 if stale else 0)
    changed = schema.write(out)
    for path in changed:
        click.echo(f"wrote {path}")
    if not changed:
        click.echo(f"{out}: schemas were already up to date")


@main.command()
@click.argument("record_id", metavar="ID")
@REGISTRY_OPTION
@click.option("--on", "on", type=DATE, help="Show the standing on this date; default today.")
def show(record_id: str, registry_path: Path, on: datetime | None) -> None:
    """A readable card for one record: a provision, agreement, party or source."""
    from . import cards

    registry = load_or_exit(registry_path)
    try:
        click.echo(cards.card(registry, record_id, day_or_today(on)))
    except UnknownIdError as exc:
        unknown_id(exc)


@main.command()
@click.argument("provision_id", metavar="ID")
@REGISTRY_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def history(provision_id: str, registry_path: Path, fmt: str) -> None:
    """A provision's dated events: status, level after the event, sources, note."""
    from . import cards

    registry = load_or_exit(registry_path)
    try:
        text = (cards.history_json if fmt == "json" else cards.history_text)(registry, provision_id)
    except UnknownIdError as exc:
        unknown_id(exc)
    click.echo(text)


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=DEFAULT_PATH)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The report file: .md for Markdown, .html for a page with charts.",
)
@click.option("--on", "on", type=DATE, help="Report the standing on this date; default today.")
def report(path: Path, out: Path, on: datetime | None) -> None:
    """Write a status report: Markdown tables, or HTML with a timeline chart."""
    from . import report as report_

    if out.suffix not in report_.SUFFIXES:
        raise click.BadParameter("the file must end in .md or .html", param_hint="--out")
    registry = load_or_exit(path)
    try:
        text = report_.render(registry, out, day_or_today(on))
    except AccordregError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    write_text(out, text)
    click.echo(f"wrote {out}")


@main.command()
@click.argument("provision_id", metavar="ID")
@click.argument("to", metavar="STATUS")
@click.option("--on", "on", type=DATE, required=True, help="The date it happened (YYYY-MM-DD).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    required=True,
    help="Id of a source record that reports it; repeat for several.",
)
@click.option("--note", help="What happened, in a sentence.")
@click.option(
    "--level",
    type=click.IntRange(0, 3),
    help="Implementation level 0-3, where the status allows a choice.",
)
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@REGISTRY_OPTION
def transition(
    provision_id: str,
    to: str,
    on: datetime,
    sources: tuple[str, ...],
    note: str | None,
    level: int | None,
    dry_run: bool,
    registry_path: Path,
) -> None:
    """Record that provision ID moved to STATUS, with its date and sources.

    The lifecycle, the date and the sources are checked first; the file is then
    rewritten with just the new event appended, comments and layout kept.
    """
    from . import edit

    folder = existing(registry_path)
    lock_folder = folder if folder.is_dir() else folder.parent
    # Holding the lock from reading to writing lets concurrent writers take turns.
    with edit.locked(lock_folder):
        registry = load_or_exit(folder)
        try:
            registry.transition(
                provision_id, to, on=on.date(), sources=sources, note=note, level=level
            )
            if dry_run:
                click.echo(registry.diff(), nl=False)
                return
            (path,) = registry.save()
        except UnknownIdError as exc:
            unknown_id(exc)
        except (edit.TransitionError, edit.ConflictError) as exc:
            click.echo(f"error: {exc}", err=True)
            for d in getattr(exc, "diagnostics", []):
                click.echo(f"  {d}", err=True)
            sys.exit(1)
    click.echo(f"recorded {provision_id}: {to} on {on.date()} in {path}")


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=DEFAULT_PATH)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="csv: a provisions table and an events table; jsonl: events nested.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The file to write; with csv, events go to a second file beside it.",
)
@click.option("--on", "on", type=DATE, help="Export the standing on this date; default today.")
def export(path: Path, fmt: str, out: Path, on: datetime | None) -> None:
    """Export one row per provision, flat, for spreadsheets and data tools."""
    from . import exports

    registry = load_or_exit(path)
    day = day_or_today(on)
    if fmt == "jsonl":
        write_text(out, exports.jsonl(registry, day))
        click.echo(f"wrote {out}")
        return
    events = out.with_name(f"{out.stem}-events{out.suffix or '.csv'}")
    write_text(out, exports.provisions_csv(registry, day))
    write_text(events, exports.events_csv(registry, day))
    click.echo(f"wrote {out} (provisions) and {events} (events)")


main.add_command(cli_new.new)
main.add_command(cli_new.import_)
