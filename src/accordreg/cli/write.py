"""Recording in a registry: `accordreg transition` and `accordreg new ...`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..errors import ConflictError, ScaffoldError, TransitionError, UnknownIdError
from ..model.vocabulary import PartyType, Reliability
from ..render.safe import terminal
from .common import (
    DATE,
    REGISTRY_OPTION,
    SCHEMAS_OPTION,
    existing,
    load_or_exit,
    require_registry,
    unknown_id,
)


@click.group()
def new() -> None:
    """Write a new record file: valid, with its schema comment, ready to fill in."""


def _scaffold(
    registry_path: Path, schemas: Path | None, kind: str, fields: dict[str, object]
) -> None:
    from ..registry import scaffold

    require_registry(registry_path)
    registry = load_or_exit(registry_path)
    folder = schemas or registry_path.resolve().parent / "schemas"
    try:
        record = scaffold.build(kind, fields, registry.settings)
        path = scaffold.create(registry, record, registry_path, folder)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}")


@new.command(name="source")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option(
    "--reliability",
    required=True,
    help=f"How far to trust it: {', '.join(Reliability)}, or the registry's own levels.",
)
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
    help=f"What sort of actor: {', '.join(PartyType)}, or the registry's own types.",
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
    help="The first event's status: a state the registry's lifecycle may start at "
    "(default: agreed, or the lifecycle's first start state if it has no agreed).",
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
    status: str | None,
    registry_path: Path,
    schemas: Path | None,
) -> None:
    """A provision of an existing agreement, with its first history event."""
    from ..registry import scaffold

    require_registry(registry_path)
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
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    _scaffold(registry_path, schemas, "provision", fields)


@click.command()
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
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another process writes to the registry; then exit 4.",
)
@REGISTRY_OPTION
def transition(
    provision_id: str,
    to: str,
    on: datetime,
    sources: tuple[str, ...],
    note: str | None,
    level: int | None,
    dry_run: bool,
    wait: float,
    registry_path: Path,
) -> None:
    """Record that provision ID moved to STATUS, with its date and sources.

    The lifecycle, the date and the sources are checked first; the file is then
    rewritten with just the new event appended, comments and layout kept.
    """
    from ..registry import staging

    folder = existing(registry_path)
    lock_folder = folder if folder.is_dir() else folder.parent
    lock = lock_folder / staging.LOCK_NAME

    def waiting(pid: int | None) -> None:
        who = f"process {pid}" if pid is not None else "another process"
        click.echo(f"waiting for {lock}, held by {who} (up to {wait:g} s)", err=True)

    # Holding the lock from reading to writing lets concurrent writers take turns.
    with staging.locked(lock_folder, wait=wait, on_wait=waiting):
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
        except (TransitionError, ConflictError) as exc:
            click.echo(f"error: {exc}", err=True)
            for d in getattr(exc, "diagnostics", []):
                click.echo(f"  {terminal(str(d))}", err=True)
            sys.exit(1)
    click.echo(f"recorded {provision_id}: {to} on {on.date()} in {path}")
