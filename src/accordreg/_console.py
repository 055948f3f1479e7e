"""The ``accordreg`` program: starts the command line, and a warm `validate`'s helper first.

A warm `validate` that finds changed files waits for a helper process to import the
models and check them (see ``validation.early``). The sooner that process starts, the
sooner it is ready: here it is forked before the command line itself (click and the
verbs' modules) is imported, from a first look at the arguments. The command then takes
it over, or stops it if the run turns out not to need it.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import sys
import threading
from typing import NoReturn


def main() -> None:
    """Run the command line with the process's arguments."""
    arguments = sys.argv[1:]
    validating = arguments[:1] == ["validate"]
    if validating:
        from ._validation import early

        early.prestart(arguments[1:])
    try:
        from ._cli import main as command_line

        command_line()
    finally:
        if validating:
            # A helper the command never took (a usage error, --help): stopped, not left
            # to linger after this process.
            early.stop_prestarted()


def program() -> None:
    """The `accordreg` program: :func:`main`, and for `validate` an exit that skips the
    interpreter's teardown.

    Freeing every module and cached entry one by one takes 10-15 ms, as long as a warm
    `validate` spends checking a changed file, and the operating system reclaims the
    memory at once. Only `validate`, which writes nothing but its cache (each write closed
    as it is made), and only with no other thread running; exit handlers still run.
    """
    try:
        main()
    except SystemExit as end:
        if sys.argv[1:2] == ["validate"] and threading.active_count() == 1:
            _leave(end.code)
        raise
    except OSError as exc:
        if exc.errno not in _CANNOT_WRITE:
            raise
        # Output to a full disk or a failing device (`> /dev/full`): one line, not a trace.
        with contextlib.suppress(OSError, AttributeError):
            print(f"accordreg: cannot write: {exc.strerror or exc}", file=sys.stderr)
        sys.exit(1)


#: Errors of writing to a file or device that has no room or has failed.
_CANNOT_WRITE = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, name)
)


def _leave(code: object) -> NoReturn:
    """Exit with the status ``sys.exit(code)`` gives, once exit handlers have run and the
    output is written, without tearing the interpreter down."""
    status = code if isinstance(code, int) else 0 if code is None else 1
    if not isinstance(code, (int, type(None))) and sys.stderr is not None:
        print(code, file=sys.stderr)
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None:  # None when the program was started with it closed
            sys.stdout.flush()
    except OSError:
        status = 120  # what Python gives when the standard output cannot be written out
    with contextlib.suppress(OSError):
        if sys.stderr is not None:
            sys.stderr.flush()
    os._exit(status)
