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
from conftest import PROJECT, run

README = (PROJECT / "README.md").read_text(encoding="utf-8")
EXAMPLES_README = (PROJECT / "examples" / "README.md").read_text(encoding="utf-8")


def _blocks(language: str, text: str = README) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def _command_blocks(text: str = README) -> list[list[str]]:
    """The `accordreg ...` commands of each sh block, continuations joined, comments cut."""
    out = []
    for block in _blocks("sh", text):
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


def _copy_data(target: Path) -> None:
    """The bundled registry, its schemas and the examples, as the README's examples use them."""
    for folder in ("provisions", "schemas", "examples"):
        shutil.copytree(PROJECT / folder, target / folder)


@pytest.mark.parametrize("block", _blocks("python"), ids=lambda b: b.splitlines()[-1])
def test_python_examples_run(block: str, tmp_path: Path) -> None:
    """Each Python example in the README runs against a copy of the bundled data."""
    _copy_data(tmp_path)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    "block", _command_blocks() + _command_blocks(EXAMPLES_README), ids=lambda b: b[0][:40]
)
def test_shell_examples_run(block: list[str], tmp_path: Path) -> None:
    """Each block of accordreg commands in the READMEs runs, in order, on the bundled data."""
    _copy_data(tmp_path)
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


def _excerpts() -> list[str]:
    """YAML blocks of the README that say, on their first line, which file they abridge."""
    return [b for b in _blocks("yaml") if b.startswith("# examples/")]


@pytest.mark.parametrize("block", _excerpts(), ids=lambda b: b.splitlines()[0][2:])
def test_excerpts_of_the_example_are_in_its_files(block: str) -> None:
    """Each line of an abridged file in the README is in that file, in the same order."""
    first, *lines = block.splitlines()
    source = (PROJECT / first.removeprefix("# ")).read_text(encoding="utf-8").splitlines()
    at = 0
    for line in lines:
        assert line in source[at:], line
        at = source.index(line, at) + 1


def test_status_example_is_what_status_prints() -> None:
    """The README's status table of the example is the command's output, as it is now."""
    block = README.split("<!-- status-example -->\n```text\n", 1)[1].split("```", 1)[0]
    code, out = run("status", str(PROJECT / "examples" / "custom-vocabulary"), "--on", "2024-06-01")
    assert code == 0
    assert out == block
