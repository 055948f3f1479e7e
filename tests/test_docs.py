"""The README tells the truth: its examples run, its tables match the code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from accordreg import CODES
from accordreg.lifecycle import DEFAULT_LIFECYCLE, Status
from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


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


@pytest.mark.parametrize("block", _blocks("python"), ids=lambda b: b.splitlines()[0])
def test_python_examples_run(block: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each Python example in the README runs against the bundled registry."""
    cwd = Path.cwd()
    os.chdir(PROJECT)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
