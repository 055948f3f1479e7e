"""Publishing a registry: a static website, and how to cite it."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import click

from .._errors import AccordregError, WriteError
from .common import DATE, REGISTRY_OPTION, day_or_today, load_or_exit, registry_of


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@REGISTRY_OPTION
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The folder to write: new, empty, or a site built before (replaced whole).",
)
@click.option("--on", "on", type=DATE, help="Show the standing on this date; default today.")
@click.option("--no-charts", is_flag=True, help="Leave the charts out (they need matplotlib).")
def site(
    path: Path | None, registry_path: Path | None, out: Path, on: datetime | None, no_charts: bool
) -> None:
    """Write a static website: a page per agreement, provision, party and source.

    With search, pages to browse by region, country, conflict type, stage, category and
    status, and a filter of the whole list of provisions. It works offline, search included,
    and can be published as it is (GitHub Pages, any static host).
    Needs Jinja2 (pip install 'accordreg[site]'); charts need matplotlib ('accordreg[report]').
    """
    from .._render.site import build
    from .._render.words import count

    started = time.perf_counter()
    registry = load_or_exit(registry_of(registry_path, path))
    try:
        result = build(registry, out, day_or_today(on), charts=not no_charts)
    except WriteError:
        raise  # the command line's one handler gives it its own exit status
    except AccordregError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    seconds = time.perf_counter() - started
    click.echo(
        f"wrote {count(result.pages, 'page')} and {count(result.charts, 'chart')} to {result.out} "
        f"in {seconds:.1f} s; open {result.out / 'index.html'}"
    )


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@REGISTRY_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "bibtex"]),
    default="text",
    show_default=True,
    help="text to read and paste, bibtex for reference managers.",
)
def cite(path: Path | None, registry_path: Path | None, fmt: str) -> None:
    """How to cite the registry (its CITATION.cff), PA-X where it holds PA-X imports, and
    accordreg."""
    from .._registry.citation import credits
    from .._render.citation import FORMATS

    registry = load_or_exit(registry_of(registry_path, path))
    try:
        found = credits(registry)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(FORMATS[fmt](found), nl=False)
