"""Editing with help: `accordreg lsp`, the language server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._errors import MissingExtra
from .common import REGISTRY_OPTION


@click.command()
@REGISTRY_OPTION
def lsp(registry_path: Path | None) -> None:
    """Run the language server on standard input and output, for an editor to start.

    Every check of `validate`, with its hints, as you type; completion of keys, words
    and ids; hover; go to definition and references; quick fixes. It runs beside
    yaml-language-server. Without --registry, each workspace folder's registry is found
    as the other commands find one. Needs the lsp extra: pip install 'accordreg[lsp]'.
    """
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:  # the extra is not installed
        missing = MissingExtra("accordreg lsp needs pygls and lsprotocol", "lsp")
        click.echo(f"error: {missing}", err=True)
        sys.exit(1)
    from .._lsp.server import serve

    serve(registry_path)
