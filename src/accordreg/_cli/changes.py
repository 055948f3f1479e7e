"""What changed: a window's digest (`accordreg changes`) and a diff of two versions of a
registry by meaning (`accordreg diff`)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from .._errors import GitError
from .._render.changes import RENDERERS as CHANGES_FORMATS
from .._render.diff import RENDERERS as DIFF_FORMATS
from .._render.safe import terminal
from .common import DATE, REGISTRY_OPTION, day_or_today, load_or_exit, registry_of


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), metavar="[PATH]")
@REGISTRY_OPTION
@click.option("--since", "since", type=DATE, required=True, help="The window's first day.")
@click.option("--until", "until", type=DATE, help="The window's last day; default today.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(CHANGES_FORMATS)),
    default="text",
    show_default=True,
    help="markdown: a digest to paste into a newsletter; json for programs.",
)
def changes(
    path: Path | None, registry_path: Path | None, since: datetime, until: datetime | None, fmt: str
) -> None:
    """Every event dated in a window, grouped by agreement; what became past due; no news.

    Each event with its status move, level and progress before and after, its sources
    (title, publisher, reliability) and note. Works on any registry folder.
    """
    from .._registry.changes import changes as changes_

    end = day_or_today(until)
    if end < since.date():
        raise click.BadParameter(f"--until {end} is before --since {since.date()}")
    registry = load_or_exit(registry_of(registry_path, path))
    click.echo(CHANGES_FORMATS[fmt](changes_(registry, since.date(), end)), nl=False)


@click.command(name="diff")
@click.argument("args", nargs=-1, metavar="REV [REV2] [PATH]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIFF_FORMATS)),
    default="text",
    show_default=True,
    help="markdown: a pull-request comment; json for programs.",
)
@click.option(
    "--fail-on-history-edit",
    is_flag=True,
    help="Exit 3 if events already on record were edited, removed or inserted.",
)
@click.option(
    "--exit-code/--no-exit-code",
    default=True,
    show_default=True,
    help="Exit 1 when anything changed; --no-exit-code exits 0 then (for pre-commit, which "
    "fails a hook on any other code).",
)
@REGISTRY_OPTION
def diff(
    args: tuple[str, ...],
    fmt: str,
    fail_on_history_edit: bool,
    exit_code: bool,
    registry_path: Path | None,
) -> None:
    """Compare the registry at two git revisions by meaning (REV2: the working tree).

    Records added, removed and renamed; fields changed, by id and field path; events
    appended; and, flagged, past events edited or removed and past statuses changed.
    Comments, layout and key order are no change. REV may be A..B or A...B. With two
    arguments the second is PATH if such a folder or file exists, else REV2 (PATH given so
    is deprecated: use --registry). Exit 0: no change in meaning; 1: changes; 2: usage error
    (no git, not a repository, unknown revision); 3: with --fail-on-history-edit, a
    history was rewritten. In a repository with no commit yet, HEAD is empty.
    """
    from .._registry.diff import diff as diff_

    if not args or len(args) > 3:
        raise click.UsageError("give REV, and optionally REV2 and PATH")
    rev, rev2, given = args[0], None, None
    if len(args) == 3:
        rev2, given = args[1], Path(args[2])
    elif len(args) == 2:
        if Path(args[1]).exists():
            given = Path(args[1])
        else:
            rev2 = args[1]
    path = registry_of(registry_path, given)
    try:
        result = diff_(rev, rev2, path)
    except (GitError, ValueError) as exc:
        click.echo(terminal(f"error: {exc}"), err=True)
        sys.exit(2)
    click.echo(DIFF_FORMATS[fmt](result), nl=False)
    code = result.exit_code(fail_on_history_edit)
    sys.exit(0 if code == 1 and not exit_code else code)
