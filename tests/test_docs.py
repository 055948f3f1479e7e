"""The README tells the truth: its examples run, its tables match the code."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accordreg import CODES
from accordreg.model.lifecycle import DEFAULT_LIFECYCLE, Status
from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def _command_blocks() -> list[list[str]]:
    """The `accordreg ...` commands of each sh block, continuations joined, comments cut."""
    out = []
    for block in _blocks("sh"):
        lines = []
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("accordreg "):
                lines.append(line)
        if lines:
            out.append(lines)
    return out


def test_every_diagnostic_code_is_documented() -> None:
    """The README's code table has one row per code, with its name."""
    for code in CODES.values():
        assert f"| `{code.code}` | {code.name} |" in README


def test_lifecycle_diagram_matches_the_table() -> None:
    """The Mermaid diagram plus the 'superseded' sentence give exactly the table's moves."""
    (diagram,) = _blocks("mermaid")
    edges = set(re.findall(r"^\s+(\S+) --> (\S+)$", diagram, flags=re.M))
    starts = {dst for src, dst in edges if src == "[*]"}
    drawn = {(Status(a), Status(b)) for a, b in edges if "[*]" not in (a, b)}
    finals = {Status(a) for a, b in edges if b == "[*]"}
    drawn |= {(s, Status.SUPERSEDED) for s in Status if s not in finals}
    table = {(s, t) for s in Status for t in DEFAULT_LIFECYCLE.moves_from(s)}
    assert drawn == table
    assert starts == set(DEFAULT_LIFECYCLE.starts())


@pytest.mark.parametrize("block", _blocks("python"), ids=lambda b: b.splitlines()[-1])
def test_python_examples_run(block: str, tmp_path: Path) -> None:
    """Each Python example in the README runs against a copy of the bundled registry."""
    shutil.copytree(PROJECT / "provisions", tmp_path / "provisions")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("block", _command_blocks(), ids=lambda b: b[0][:40])
def test_shell_examples_run(block: list[str], tmp_path: Path) -> None:
    """Each block of accordreg commands in the README runs, in order, on the bundled data."""
    shutil.copytree(PROJECT / "provisions", tmp_path / "provisions")
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    for line in block:
        result = subprocess.run(
            [sys.executable, "-m", "accordreg", *shlex.split(line)[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{line}\n{result.stdout}{result.stderr}"


def test_generated_sections_are_up_to_date() -> None:
    """The field and CLI references match the models and every command's --help."""
    sys.path.insert(0, str(PROJECT / "scripts"))
    try:
        import readme
    finally:
        sys.path.pop(0)
    assert readme.update(README) == README, "run: python scripts/readme.py"
