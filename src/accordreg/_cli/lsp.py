"""Editing with help: `accordreg lsp`, the language server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

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
        from .._lsp.server import serve
    except ImportError as exc:  # pygls or lsprotocol missing: the extra is not installed
        missing = exc.name or "pygls"
        click.echo(f"error: accordreg lsp needs {missing}: pip install 'accordreg[lsp]'", err=True)
        sys.exit(1)
    serve(registry_path)
