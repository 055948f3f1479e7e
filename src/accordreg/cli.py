"""The ``accordreg`` command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import click

from . import __version__, cards, edit, reporter, schema, views
from . import report as report_
from .atomic import write_text
from .checker import load, run_checks
from .errors import AccordregError, UnknownIdError, ValidationFailed, has_errors
from .registry import Registry

DEFAULT_PATH = Path("provisions")


def _existing(path: Path) -> Path:
    if not path.exists():
        raise click.BadParameter(f"{path} does not exist", param_hint="PATH")
    return path


def _load(path: Path) -> Registry:
    """Load a registry for a read command, or print its problems and exit 1."""
    try:
        return load(_existing(path))
    except ValidationFailed as exc:
        click.echo(
            reporter.as_text(exc.diagnostics, len({d.path for d in exc.diagnostics})), err=True
        )
        click.echo(f"{path} has errors; fix them first (see `accordreg validate {path}`)", err=True)
        sys.exit(1)


def _day(value: datetime | None) -> date:
    return value.date() if value else date.today()


DATE = click.DateTime(formats=["%Y-%m-%d"])


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
    roots = [_existing(p) for p in paths] or [_existing(DEFAULT_PATH)]
    result = run_checks(roots, use_cache=not no_cache, workers=jobs)
    click.echo(reporter.RENDERERS[fmt](result.diagnostics, len(result.files)))
    sys.exit(0 if result.ok else 1)


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
    registry = _load(path)
    day = _day(on)
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


REGISTRY_OPTION = click.option(
    "--registry",
    "registry_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="The registry folder.",
)


def _unknown(exc: UnknownIdError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@main.command()
@click.argument("record_id", metavar="ID")
@REGISTRY_OPTION
@click.option("--on", "on", type=DATE, help="Show the standing on this date; default today.")
def show(record_id: str, registry_path: Path, on: datetime | None) -> None:
    """A readable card for one record: a provision, agreement, party or source."""
    registry = _load(registry_path)
    try:
        click.echo(cards.card(registry, record_id, _day(on)))
    except UnknownIdError as exc:
        _unknown(exc)


@main.command()
@click.argument("provision_id", metavar="ID")
@REGISTRY_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def history(provision_id: str, registry_path: Path, fmt: str) -> None:
    """A provision's dated events: status, level after the event, sources, note."""
    registry = _load(registry_path)
    try:
        text = (cards.history_json if fmt == "json" else cards.history_text)(registry, provision_id)
    except UnknownIdError as exc:
        _unknown(exc)
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
    if out.suffix not in report_.SUFFIXES:
        raise click.BadParameter("the file must end in .md or .html", param_hint="--out")
    registry = _load(path)
    try:
        text = report_.render(registry, out, _day(on))
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
    folder = _existing(registry_path)
    lock_folder = folder if folder.is_dir() else folder.parent
    # Holding the lock from reading to writing lets concurrent writers take turns.
    with edit.locked(lock_folder):
        registry = _load(folder)
        try:
            registry.transition(
                provision_id, to, on=on.date(), sources=sources, note=note, level=level
            )
            if dry_run:
                click.echo(registry.diff(), nl=False)
                return
            (path,) = registry.save()
        except UnknownIdError as exc:
            _unknown(exc)
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

    registry = _load(path)
    day = _day(on)
    if fmt == "jsonl":
        write_text(out, exports.jsonl(registry, day))
        click.echo(f"wrote {out}")
        return
    events = out.with_name(f"{out.stem}-events{out.suffix or '.csv'}")
    write_text(out, exports.provisions_csv(registry, day))
    write_text(events, exports.events_csv(registry, day))
    click.echo(f"wrote {out} (provisions) and {events} (events)")


SCHEMAS_OPTION = click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the JSON Schemas the file points at (default: schemas/ beside the "
    "registry; written if missing).",
)


@main.group()
def new() -> None:
    """Write a new record file: valid, with its schema comment, ready to fill in."""


def _scaffold(
    registry_path: Path, schemas: Path | None, kind: str, fields: dict[str, object]
) -> None:
    from . import scaffold

    registry = _load(registry_path)
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
@click.option(
    "--reliability", type=click.Choice(["official", "press", "unverified"]), required=True
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
    type=click.Choice(
        [
            "state",
            "government",
            "armed_forces",
            "body",
            "organisation",
            "mission",
            "person",
            "other",
        ]
    ),
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
    "--status", type=click.Choice(["agreed", "proposed"]), default="agreed", show_default=True
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

    registry = _load(registry_path)
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


@main.group(name="import")
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
    if schema.stale(folder):
        schema.write(folder)
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
