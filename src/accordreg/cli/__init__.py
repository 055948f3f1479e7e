"""The ``accordreg`` command line: one click group, its verbs in one module per group."""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..errors import LockTimeout, WriteError
from . import check, history_verbs, imports, init, publish, read, write
from .common import EXIT_LOCKED, EXIT_WRITE


class _Main(click.Group):
    """The group; failed writes and lock timeouts of any verb end in one line and a status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WriteError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_WRITE)
        except LockTimeout as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_LOCKED)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="accordreg")
def main() -> None:
    """Keep peace-agreement provisions as typed, sourced YAML records."""


for command in (
    check.validate,
    read.status,
    check.schema_command,
    read.show,
    read.history,
    read.report,
    write.transition,
    read.export,
    write.new,
    imports.import_,
    init.init,
    history_verbs.changes,
    history_verbs.diff,
    publish.site,
    publish.cite,
):
    main.add_command(command)
