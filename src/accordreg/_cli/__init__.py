"""The ``accordreg`` command line: one click group, its verbs in one module per group.

A verb's module is imported only when the verb runs (or help lists it): a pre-commit run
of `validate` then loads what checking needs and nothing of reports, sites or imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from .. import __version__
from .._errors import InvalidArgument, LockTimeout, WriteError
from .._render.safe import terminal
from .common import EXIT_LOCKED, EXIT_USAGE, EXIT_WRITE

#: Each verb, and where its command lives: ``module:attribute`` under this package.
VERBS = {
    "validate": "check:validate",
    "status": "read:status",
    "schema": "check:schema_command",
    "show": "read:show",
    "history": "read:history",
    "report": "read:report",
    "transition": "transition:transition",
    "export": "read:export",
    "new": "write:new",
    "import": "imports:import_",
    "init": "init:init",
    "changes": "changes:changes",
    "diff": "changes:diff",
    "site": "publish:site",
    "cite": "publish:cite",
}


#: Error handlers that raise on a character the stream's encoding lacks; any other
#: (``replace``, ``backslashreplace``, ...) was chosen by the user and is kept.
_FAILING = ("strict", "surrogateescape")


def escape_unencodable() -> None:
    """Standard output and error write what their encoding lacks as a backslash escape.

    Records hold Thai, Khmer and any other script; a latin-1 terminal or
    ``PYTHONIOENCODING=latin-1`` would otherwise end a verb midway in UnicodeEncodeError.
    ``ก`` is written ``\\u0e01``, and an undecodable byte of a file name (a lone
    surrogate) ``\\udcff``: shown, never raw bytes a terminal could act on. (click itself
    writes UTF-8 to a stream that says it is ASCII, taking that for a misconfiguration.)
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # None if closed at start
        if reconfigure is not None and getattr(stream, "errors", None) in _FAILING:
            reconfigure(errors="backslashreplace")


class _Main(click.Group):
    """The group: verbs loaded on first use; failed writes, lock timeouts and refused
    arguments of any verb end in one line and a status; output never fails on a character
    it cannot encode."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        # Here, where every run of the command line starts (the program, `python -m`,
        # a test runner), before click writes anything: usage errors echo arguments too.
        escape_unencodable()
        if not options.get("standalone_mode", True):
            return super().main(args, *rest, **options)
        try:
            code = super().main(args, *rest, **{**options, "standalone_mode": False})
        except click.UsageError as exc:
            # One line, as every other error: what is wrong, and where the help is.
            names: list[str] = []
            ctx = exc.ctx
            while ctx is not None and ctx.parent is not None:  # the verbs, not the program
                names.insert(0, ctx.info_name or "")
                ctx = ctx.parent
            where = " ".join(["accordreg", *names])  # the program's name, however it was run
            message = terminal(exc.format_message())
            click.echo(f"error: {message} (see `{where} --help`)", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        # Without standalone mode, click hands back the status of a verb that exits.
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(VERBS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = VERBS.get(cmd_name)
        if where is None:
            return None
        module, attribute = where.split(":")
        command: click.Command = getattr(importlib.import_module(f".{module}", __name__), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WriteError as exc:
            click.echo(terminal(f"error: {exc}"), err=True)
            ctx.exit(EXIT_WRITE)
        except LockTimeout as exc:
            click.echo(terminal(f"error: {exc}"), err=True)
            ctx.exit(EXIT_LOCKED)
        except InvalidArgument as exc:  # a value its option's type let through
            click.echo(terminal(f"error: {exc}"), err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="accordreg")
def main() -> None:
    """Keep peace-agreement provisions as typed, sourced YAML records."""
