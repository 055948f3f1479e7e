"""Hostile input, issue 25: nothing lost, nothing live, no crash, on the input side.

Each case is run through the command line in a child process with a timeout (so that a
crash of the interpreter or a hang fails the case instead of the suite) and, where the
library reads the same input, through the API in a child process too. Every case checks
that nothing printed a traceback, the exit status and the diagnostic code, and that the
files on disk are as they were (or, for an import, as it says it left them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_hostile_input import SOURCE, TIMEOUT, X, _disk, _env, _found, _validate

from conftest import copy_base, needs_native

NATIVE = [False, pytest.param(True, marks=needs_native, id="native")]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A fresh copy of the example registry."""
    return copy_base(tmp_path / "registry")


def _cli(*args: str, cwd: Path, native: bool = False) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of `accordreg ARGS` in ``cwd``."""
    done = subprocess.run(
        [sys.executable, "-m", "accordreg", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(native),
        check=False,
        cwd=cwd,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    return done.returncode, done.stdout, done.stderr


def _api(script: str, *args: str, native: bool = False) -> Any:
    """What a Python script using the library prints (as JSON), run in a child process."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(native),
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr}"
    return json.loads(done.stdout)


_CHECK = """
import json, sys
import accordreg
print(json.dumps([[d.path, d.code, d.line, d.column] for d in accordreg.check(sys.argv[1])]))
"""


def _checked(root: Path, native: bool = False) -> list[tuple[str, str, int, int]]:
    """What accordreg.check() finds under ``root``, by path relative to it."""
    found = _api(_CHECK, str(root), native=native)
    return sorted((Path(p).relative_to(root).as_posix(), c, li, co) for p, c, li, co in found)


# -- 1. the process dies ------------------------------------------------------------------

#: 20,000 nested sequences in a 40 KB record: the native parser crashed on it (SIGSEGV).
DEEP = SOURCE + "note:\n" + "- " * 20_000 + "x\n"


@pytest.mark.parametrize("native", NATIVE)
def test_deep_nesting_is_refused_before_either_parser_reads_it(
    registry: Path, native: bool
) -> None:
    """20,000 nested `- ` give Y004 at the first level too deep, with either parser."""
    (registry / X).write_text(DEEP)
    before = _disk(registry)
    code, report, _ = _validate(registry, "--no-cache", native=native)
    assert (code, _found(registry, report)) == (1, [(X, "Y004", 6, 401)])
    assert _checked(registry, native) == [(X, "Y004", 6, 401)]
    assert _disk(registry) == before
