"""The ``accordreg`` command line: one click group, its verbs in one module per group."""

from __future__ import annotations

import click

from .. import __version__
from . import check, imports, publish, read, write


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    publish.site,
    publish.cite,
):
    main.add_command(command)
