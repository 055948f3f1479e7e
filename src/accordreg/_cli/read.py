"""Reading a registry: status tables, cards, histories, reports and exports."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .._errors import AccordregError, UnknownIdError, WriteError
from .._registry.flat_tables import standing_rows, standings
from .._render.exports import EXPORTERS, FOLDER_FORMATS
from .._render.safe import terminal
from .._render.status import RENDERERS, STREAMED
from .._store.atomic import write_text
from .common import (
    DATE,
    REGISTRY_OPTION,
    day_or_today,
    load_or_exit,
    registry_of,
    unknown_id,
)
from .filters import FILTER_NAMES, filter_options, selected


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@REGISTRY_OPTION
@click.option(
    "--on", "on", type=DATE, help="Show the standing on this date (YYYY-MM-DD); default today."
)
@click.option(
    "--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True
)
@filter_options
def status(
    path: Path | None, registry_path: Path | None, on: datetime | None, fmt: str, **filters: Any
) -> None:
    """One row per provision: status, level, since when, next deadline, overdue.

    The filters keep the provisions whose agreement, category, PA-X codes and strength
    match them all.
    """
    registry = load_or_exit(registry_of(registry_path, path))
    day = day_or_today(on)
    only = selected(registry, {k: filters[k] for k in FILTER_NAMES}, day)
    if fmt in STREAMED:
        # A row at a time, each provision let go once written: flat memory at any size.
        for chunk in STREAMED[fmt](standing_rows(registry, day, only)):
            click.echo(chunk, nl=False)
        return
    rows = standings(registry, day, only)
    click.echo(RENDERERS[fmt](rows, registry, day), nl=False)


@click.command()
@click.argument("record_id", metavar="ID")
@REGISTRY_OPTION
@click.option("--on", "on", type=DATE, help="Show the standing on this date; default today.")
def show(record_id: str, registry_path: Path | None, on: datetime | None) -> None:
    """A readable card for one record: a provision, agreement, party or source."""
    from .._render import cards

    registry = load_or_exit(registry_of(registry_path))
    try:
        click.echo(cards.card(registry, record_id, day_or_today(on)))
    except UnknownIdError as exc:
        unknown_id(exc)


@click.command()
@click.argument("provision_id", metavar="ID")
@REGISTRY_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
def history(provision_id: str, registry_path: Path | None, fmt: str) -> None:
    """A provision's dated events (status, level after the event, sources, note), or an
    agreement's own (given an agreement's id): status, by whom, sources, note."""
    from .._render import cards

    registry = load_or_exit(registry_of(registry_path))
    try:
        text = cards.HISTORY_FORMATS[fmt](registry, provision_id)
    except UnknownIdError as exc:
        unknown_id(exc)
    click.echo(text)


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@REGISTRY_OPTION
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The report file: .md for Markdown, .html for a page with charts.",
)
@click.option("--on", "on", type=DATE, help="Report the standing on this date; default today.")
@click.option(
    "--changes-days",
    type=click.IntRange(0, 36500),  # a century at most: dates go back no further
    default=30,  # render.report.CHANGES_DAYS, not imported until a report is written
    show_default=True,
    help='Days up to the date that "What changed" covers; 0 leaves it out.',
)
@filter_options
def report(
    path: Path | None,
    registry_path: Path | None,
    out: Path,
    on: datetime | None,
    changes_days: int,
    **filters: Any,
) -> None:
    """Write a status report: Markdown tables, or HTML with a timeline chart.

    The filters keep the provisions whose agreement, category, PA-X codes and strength
    match them all; with many provisions the timeline counts them by status, and draws
    one lane per provision only for as many as stay readable.
    """
    from .._render import chart
    from .._render import report as report_

    if out.suffix not in report_.SUFFIXES:
        raise click.BadParameter("the file must end in .md or .html", param_hint="--out")
    day = day_or_today(on)
    if not report_.FIRST_DAY <= day <= report_.LAST_DAY:
        raise click.BadParameter(
            f"reports cover {report_.FIRST_DAY} to {report_.LAST_DAY}", param_hint="--on"
        )
    registry = load_or_exit(registry_of(registry_path, path))
    only = selected(registry, {k: filters[k] for k in FILTER_NAMES}, day)
    charts = out.suffix == ".html" and chart.missing() is None
    if out.suffix == ".html" and not charts:
        click.echo(f"note: {out} has no charts; for charts: {report_.NO_CHARTS_FIX}", err=True)
    try:
        text = report_.render(registry, out, day, changes_days, charts=charts, only=only)
    except AccordregError as exc:
        click.echo(terminal(f"error: {exc}"), err=True)
        sys.exit(1)
    write_text(out, text)
    click.echo(f"wrote {out}")


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@REGISTRY_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORTERS)),
    default="csv",
    show_default=True,
    help="csv: a provisions table and an events table; jsonl: events nested; sqlite: a "
    "database with keys (and its Datasette metadata beside it); datapackage: a folder of "
    "CSV tables with a Frictionless datapackage.json.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write (with csv, events go to a second file beside it); a folder "
    "for datapackage.",
)
@click.option("--on", "on", type=DATE, help="Export the standing on this date; default today.")
@filter_options
def export(
    path: Path | None,
    registry_path: Path | None,
    fmt: str,
    out: Path,
    on: datetime | None,
    **filters: Any,
) -> None:
    """Export the registry for spreadsheets, databases and data tools.

    The filters keep the provisions whose agreement, category, PA-X codes and strength
    match them all (csv and jsonl).
    """
    if fmt in FOLDER_FORMATS and out.exists() and not out.is_dir():
        raise click.BadParameter(f"{fmt} writes a folder; {out} is a file", param_hint="--out")
    if fmt not in FOLDER_FORMATS and out.is_dir():
        raise click.BadParameter(f"{fmt} writes a file; {out} is a folder", param_hint="--out")
    registry = load_or_exit(registry_of(registry_path, path))
    day = day_or_today(on)
    only = selected(registry, {k: filters[k] for k in FILTER_NAMES}, day)
    try:
        written = EXPORTERS[fmt](registry, out, day, only)
    except WriteError:
        raise  # the command line's one handler gives it its own exit status
    except AccordregError as exc:
        click.echo(terminal(f"error: {exc}"), err=True)
        sys.exit(1)
    if len(written) == 1:
        click.echo(f"wrote {written[0][0]}")
    else:
        click.echo("wrote " + " and ".join(f"{p} ({what})" for p, what in written))
