"""The fuzz script runs end to end on a few inputs (its figures come from longer runs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import accordreg
from conftest import PROJECT

SRC = Path(accordreg.__file__).resolve().parent.parent


def test_fuzz_script_runs_50_inputs_without_a_finding() -> None:
    """benchmarks/fuzz.py 50 prints its counts, all zero, and exits 0."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "fuzz.py"), "50"],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "inputs: 50 " in done.stdout
    assert "exceptions: 0" in done.stdout
    assert "malformed diagnostics: 0" in done.stdout
