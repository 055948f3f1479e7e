"""Recording an event: `accordreg transition`, of a provision or of an agreement as a whole."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .._errors import ConflictError, TransitionError, UnknownIdError
from .._render.safe import terminal
from .common import (
    EVENT_DATE,
    NON_NEGATIVE,
    REGISTRY_OPTION,
    existing,
    load_or_exit,
    registry_of,
    term_value,
    unknown_id,
)


@click.command()
@click.argument("record_id", metavar="ID")
@click.argument("to", metavar="STATUS")
@click.option(
    "--on",
    "on",
    type=EVENT_DATE,
    required=True,
    help="The date it happened: YYYY-MM-DD, or YYYY-MM or YYYY where the sources give no day.",
)
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
    type=click.Choice(["0", "1", "2", "3", "none"]),
    help="Implementation level 0-3 where the status allows a choice; none: not rated.",
)
@click.option(
    "--progress",
    type=NON_NEGATIVE,
    help="How much of the category's measure is achieved by then (18 of 18 released: 18).",
)
@click.option("--party", metavar="ID", help="The responsible party the event concerns.")
@click.option(
    "--term",
    "terms",
    multiple=True,
    metavar="NAME=VALUE",
    help="A term the event sets from its date on, VALUE written as in YAML "
    "(count=18, sites='[Site A, Site B]'); repeat for several.",
)
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@click.option(
    "--wait",
    type=NON_NEGATIVE,
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another process writes to the registry; then exit 4.",
)
@REGISTRY_OPTION
def transition(
    record_id: str,
    to: str,
    on: date,
    sources: tuple[str, ...],
    note: str | None,
    level: str | None,
    progress: float | None,
    party: str | None,
    terms: tuple[str, ...],
    dry_run: bool,
    wait: float,
    registry_path: Path | None,
) -> None:
    """Record that provision ID moved to STATUS, with its date and sources; or, given an
    agreement's ID, an event of the agreement as a whole (suspended, ended), under the
    agreement lifecycle.

    STATUS may repeat the current status to record news without a move: progress, a
    party's act, terms, a level. Every check of `validate` comes first; the file is then
    rewritten with just the new event appended, comments and layout kept.
    """
    from .._model.lifecycle import UNSET, StepLevel
    from .._registry import staging
    from .._registry.editor import Editor

    given: StepLevel = UNSET if level is None else None if level == "none" else int(level)
    changed = dict(term_value(t) for t in terms)

    folder = existing(registry_of(registry_path))
    lock_folder = folder if folder.is_dir() else folder.parent
    lock = lock_folder / staging.LOCK_NAME

    def waiting(pid: int | None) -> None:
        who = f"process {pid}" if pid is not None else "another process"
        click.echo(f"waiting for {lock}, held by {who} (up to {wait:g} s)", err=True)

    def unlocked(said: str) -> None:
        click.echo(terminal(f"note: {said}"), err=True)

    # Holding the lock from reading to writing lets concurrent writers take turns.
    with staging.locked(lock_folder, wait=wait, on_wait=waiting, on_unlocked=unlocked):
        editor = Editor(load_or_exit(folder))
        try:
            editor.transition(
                record_id,
                to,
                on=on,
                sources=sources,
                note=note,
                level=given,
                progress=progress,
                party=party,
                terms=changed,
            )
            for warning in editor.warnings:
                click.echo(terminal(f"warning: {warning.code} {warning.message}"), err=True)
            if dry_run:
                click.echo(terminal(editor.staged_diff()), nl=False)
                return
            (path,) = editor.save()
        except UnknownIdError as exc:
            unknown_id(exc)
        except (TransitionError, ConflictError) as exc:
            click.echo(terminal(f"error: {exc}"), err=True)
            for d in getattr(exc, "diagnostics", []):
                click.echo(f"  {terminal(str(d))}", err=True)
            sys.exit(1)
    click.echo(f"recorded {record_id}: {to} on {on} in {path}")
