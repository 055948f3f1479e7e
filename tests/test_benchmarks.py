"""The benchmark scripts run end to end on tiny inputs (speed itself is not tested)."""

from __future__ import annotations

import shutil
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
        ["database.py", "--csv", "tests/data/pax/agreements.csv", "--repeat", "1"],
        ["website.py", "--repeat", "1"],
    ],
)
def test_benchmark_scripts_print_their_figures(args: list[str], tmp_path: Path) -> None:
    """Each benchmark script runs and prints figures."""
    if args[0] == "run.py":
        args = [*args, "--corpus", str(tmp_path / "corpus")]
    if args[0] == "website.py":  # a copy: the build fills the registry's cache
        copy = shutil.copytree(PROJECT / "provisions", tmp_path / "provisions")
        args = [*args, "--registry", str(copy), "--out-dir", str(tmp_path)]
    out = _run(str(BENCH / args[0]), *args[1:])
    assert any(unit in out for unit in (" s", " ms"))


PAX_CSV = PROJECT.parent / "shared" / "pax" / "pax_all_agreements_v10.csv"


@pytest.mark.skipif(not PAX_CSV.is_file(), reason="the PA-X CSV is not in ../shared/pax")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not on PATH")
def test_diff_benchmark_prints_its_figures() -> None:
    """benchmarks/diff.py imports PA-X twice into git and times both kinds of diff."""
    out = _run(str(BENCH / "diff.py"), "--rows", "25", "--repeat", "1", "--csv", str(PAX_CSV))
    assert "diff HEAD~1 HEAD (two revisions): best " in out
    assert "diff HEAD~1 (against the working tree): best " in out
    assert "20 appended, 1 history_edits, 1 past_status" in out
