"""The ``accordreg`` program: starts the command line, and a warm `validate`'s helper first.

A warm `validate` that finds changed files waits for a helper process to import the
models and check them (see ``validation.early``). The sooner that process starts, the
sooner it is ready: here it is forked before the command line itself (click and the
verbs' modules) is imported, from a first look at the arguments. The command then takes
it over, or stops it if the run turns out not to need it.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line with the process's arguments."""
    arguments = sys.argv[1:]
    validating = arguments[:1] == ["validate"]
    if validating:
        from .validation import early

        early.prestart(arguments[1:])
    try:
        from .cli import main as command_line

        command_line()
    finally:
        if validating:
            # A helper the command never took (a usage error, --help): stopped, not left
            # to linger after this process.
            early.stop_prestarted()
