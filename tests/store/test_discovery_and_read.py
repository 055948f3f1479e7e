"""Finding and reading record files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accordreg.store.discovery import discover
from accordreg.store.read import read_bytes


def test_discover_finds_records_recursively_sorted_and_once(tmp_path: Path) -> None:
    """Record files come back sorted, each once, even when named through two roots."""
    for name in ("b/z.yaml", "a/y.yml", "a/deep/x.yaml", "a/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: source\n")
    files, problems = discover([tmp_path, tmp_path / "a"])
    assert problems == []
    assert files == [str(tmp_path / n) for n in ("a/deep/x.yaml", "a/y.yml", "b/z.yaml")]


def test_discover_skips_hidden_entries_and_enters_folders_named_like_files(
    tmp_path: Path,
) -> None:
    """Hidden files and folders are skipped; a folder called `x.yaml` is searched."""
    for name in (".git/a.yaml", ".hidden.yaml", "odd.yaml/inner.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: source\n")
    files, _ = discover([tmp_path])
    assert files == [str(tmp_path / "odd.yaml" / "inner.yaml")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_discover_does_not_follow_linked_folders(tmp_path: Path) -> None:
    """A symbolic link to a folder is not entered, so a link loop cannot trap the walk."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.yaml").write_text("kind: source\n")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    files, _ = discover([tmp_path])
    assert files == [str(tmp_path / "real" / "a.yaml")]


def test_discover_reports_a_missing_root(tmp_path: Path) -> None:
    """A path that does not exist is an F004 diagnostic, not an exception."""
    files, problems = discover([tmp_path / "nope"])
    assert files == []
    assert [p.code for p in problems] == ["F004"]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 70_000])
def test_read_bytes_reads_whole_files(tmp_path: Path, size: int) -> None:
    """Files of any size, empty included, are read whole."""
    path = tmp_path / "f.yaml"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(data)
    assert read_bytes(str(path)) == data
