"""Commands that write new records: `accordreg new ...` and `accordreg import ...`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from . import reporter
from ._cliutil import DATE, REGISTRY_OPTION, SCHEMAS_OPTION, load_or_exit
from .errors import has_errors
from .lifecycle import DEFAULT_LIFECYCLE
from .vocabulary import PartyType, Reliability


@click.group()
def new() -> None:
    """Write a new record file: valid, with its schema comment, ready to fill in."""


def _scaffold(
    registry_path: Path, schemas: Path | None, kind: str, fields: dict[str, object]
) -> None:
    from . import scaffold

    registry = load_or_exit(registry_path)
    folder = schemas or registry_path.resolve().parent / "schemas"
    try:
        record = scaffold.build(kind, fields)
        path = scaffold.create(registry, record, registry_path, folder)
    except scaffold.ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}")


@new.command(name="source")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option("--reliability", type=click.Choice([r.value for r in Reliability]), required=True)
@click.option("--publisher")
@click.option("--date", "published", type=DATE, help="Date of publication.")
@click.option("--url")
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_source(
    record_id: str,
    title: str,
    reliability: str,
    publisher: str | None,
    published: datetime | None,
    url: str | None,
    registry_path: Path,
    schemas: Path | None,
) -> None:
    """A source that records cite."""
    _scaffold(
        registry_path,
        schemas,
        "source",
        {
            "id": record_id,
            "title": title,
            "publisher": publisher,
            "date": published.date() if published else None,
            "url": url,
            "reliability": reliability,
        },
    )


@new.command(name="party")
@click.argument("record_id", metavar="ID")
@click.option("--name", required=True)
@click.option(
    "--type",
    "party_type",
    required=True,
    type=click.Choice([t.value for t in PartyType]),
)
@click.option("--country", help="ISO 3166 alpha-3 code, e.g. THA.")
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_party(
    record_id: str,
    name: str,
    party_type: str,
    country: str | None,
    registry_path: Path,
    schemas: Path | None,
) -> None:
    """A party: a state, an armed force, a body, a mission, a person."""
    _scaffold(
        registry_path,
        schemas,
        "party",
        {"id": record_id, "name": name, "type": party_type, "country": country},
    )


@new.command(name="agreement")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option("--source", "sources", multiple=True, required=True)
@click.option("--date", "signed", type=DATE, help="Date signed.")
@click.option("--place")
@click.option("--signatory", "signatories", multiple=True, help="A party id; repeat.")
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_agreement(
    record_id: str,
    title: str,
    sources: tuple[str, ...],
    signed: datetime | None,
    place: str | None,
    signatories: tuple[str, ...],
    registry_path: Path,
    schemas: Path | None,
) -> None:
    """An agreement: the document provisions belong to."""
    _scaffold(
        registry_path,
        schemas,
        "agreement",
        {
            "id": record_id,
            "title": title,
            "date_signed": signed.date() if signed else None,
            "place": place,
            "signatories": [{"party": p} for p in signatories],
            "sources": list(sources),
        },
    )


@new.command(name="provision")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option(
    "--category", required=True, help="e.g. ceasefire, demining, detainee_release (see the schema)."
)
@click.option("--text", required=True, help="The provision's words, or a faithful paraphrase.")
@click.option("--source", "sources", multiple=True, required=True)
@click.option("--on", "on", type=DATE, help="First event's date (default: date signed).")
@click.option(
    "--status",
    type=click.Choice([s.value for s in DEFAULT_LIFECYCLE.starts()]),
    default="agreed",
    show_default=True,
)
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_provision(
    record_id: str,
    title: str,
    category: str,
    text: str,
    sources: tuple[str, ...],
    on: datetime | None,
    status: str,
    registry_path: Path,
    schemas: Path | None,
) -> None:
    """A provision of an existing agreement, with its first history event."""
    from . import scaffold

    registry = load_or_exit(registry_path)
    try:
        fields = scaffold.provision_fields(
            registry,
            record_id,
            title=title,
            category=category,
            text=text,
            sources=list(sources),
            on=on.date() if on else None,
            status=status,
        )
    except scaffold.ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    _scaffold(registry_path, schemas, "provision", fields)


@click.group(name="import")
def import_() -> None:
    """Bootstrap a registry from another dataset."""


@import_.command(name="pax")
@click.argument("csv_path", metavar="CSV", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The registry folder to write (created if needed).",
)
@SCHEMAS_OPTION
def import_pax(csv_path: Path, out: Path, schemas: Path | None) -> None:
    """Import the PA-X agreements CSV (peaceagreements.org; CC BY-NC-SA 4.0).

    One agreement per row (pax-<AgtId>), one provision per provision code present,
    each with an `agreed` event on the agreement's date. Re-importing changes nothing
    that is already up to date, and never overwrites a provision whose history has grown.
    """
    from . import pax

    if not csv_path.is_file():
        raise click.BadParameter(f"{csv_path} does not exist", param_hint="CSV")
    folder = schemas or out.resolve().parent / "schemas"
    from . import schema

    schema.write(folder)  # writes only the missing or stale ones
    try:
        result = pax.import_csv(csv_path, out, folder)
    except pax.MissingColumns as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"error: cannot read {csv_path}: {exc}", err=True)
        sys.exit(1)
    for line in reporter.lines(result.problems):
        click.echo(line, err=True)
    click.echo(
        f"{result.rows} row(s): {result.agreements} agreement(s), "
        f"{result.provisions} provision(s); {len(result.written)} file(s) written, "
        f"{result.unchanged} unchanged, {len(result.kept)} kept (history grown)"
    )
    sys.exit(1 if has_errors(result.problems) else 0)
