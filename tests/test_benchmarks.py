"""The benchmark scripts run end to end on tiny inputs (speed itself is not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import accordreg
from conftest import PROJECT

BENCH = PROJECT / "benchmarks"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_generated_corpus_is_valid(tmp_path: Path) -> None:
    """The corpus generator writes records that validate, with comments and 1-6 events."""
    out = tmp_path / "corpus"
    _run(str(BENCH / "generate.py"), "45", str(out))
    assert accordreg.check(out) == []
    registry = accordreg.load(out)
    assert len(registry.provisions) == 45
    assert all(1 <= len(p.history) <= 6 for p in registry.provisions.values())
    sample = next(out.rglob("provision-0.yaml")).read_text()
    assert "# What happened" in sample
    assert 30 <= len(sample.splitlines()) <= 70


@pytest.mark.parametrize(
    "args",
    [
        ["run.py", "--count", "30", "--repeat", "1", "--skip-jsonschema"],
        ["transition.py", "--repeat", "2"],
        ["pax_import.py", "--rows", "25"],
    ],
)
def test_benchmark_scripts_print_their_figures(args: list[str], tmp_path: Path) -> None:
    """Each benchmark script runs and prints figures."""
    if args[0] == "run.py":
        args = [*args, "--corpus", str(tmp_path / "corpus")]
    out = _run(str(BENCH / args[0]), *args[1:])
    assert any(unit in out for unit in (" s", " ms"))
