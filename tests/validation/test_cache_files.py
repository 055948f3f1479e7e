"""The cache's files on disk: what is written reads back, and damage is always told."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordreg._validation.cache_files import (
    SnapshotDamaged,
    checked_line,
    encode_snapshot,
    journal_line,
    read_snapshot,
    sound_entry,
)

entries = st.dictionaries(
    st.text(min_size=1, max_size=12),
    st.lists(st.integers() | st.text(max_size=8) | st.none(), max_size=6),
    max_size=5,
)


@given(st.text(min_size=1, max_size=12), entries)
def test_a_snapshot_reads_back_as_written(key: str, files: dict[str, list[Any]]) -> None:
    """The entries and the records size written under a key come back under that key."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "results.json"
        path.write_text(encode_snapshot(key, files, {"size": 3}), encoding="utf-8")
        assert read_snapshot(path, key) == (files, {"size": 3})
        assert read_snapshot(path, key + "-other") is None


@given(st.text(min_size=1, max_size=12), entries, st.data())
def test_any_change_to_a_snapshots_entries_is_damage(
    key: str, files: dict[str, list[Any]], data: st.DataObject
) -> None:
    """A snapshot whose entries were edited after writing is refused, never half read."""
    text = encode_snapshot(key, files)
    head, _, body = text.partition("\n")
    at = data.draw(st.integers(0, len(body)))
    changed = body[:at] + data.draw(st.sampled_from(["x", "0", " ", "}"])) + body[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "results.json"
        path.write_text(f"{head}\n{changed}", encoding="utf-8")
        with pytest.raises(SnapshotDamaged):
            read_snapshot(path, key)


@given(st.text(max_size=40))
def test_a_journal_line_keeps_its_payload(payload: str) -> None:
    """A line read back gives its payload; one changed byte is refused."""
    line = journal_line(payload).encode()
    assert line.endswith(b"\n")
    assert checked_line(line[:-1]) == payload.encode()
    with pytest.raises(ValueError, match="checksum"):
        checked_line(line[:-1] + b"x")


@pytest.mark.parametrize(
    "entry",
    [
        None,
        [],
        [1, 2, "d"],
        ["1", 2, "d", None, []],
        [1, 2, "d", ["provision", "a/b", {"sources": [3]}, []], []],
        [1, 2, "d", ["provision", "a/b", {}, [20250101]], []],
        [1, 2, "d", None, [{"path": "x", "line": 0, "column": 1, "code": "S001"}]],
        [1, 2, "d", None, []],
    ],
)
def test_entries_accordreg_could_not_have_written_are_refused(entry: Any) -> None:
    """Wrong shapes, ids or dates that are not text, impossible diagnostics, no facts."""
    assert not sound_entry("p/x.yaml", json.loads(json.dumps(entry)))


def test_an_entry_as_written_is_sound() -> None:
    """A valid record's entry: stat, digest, facts, no diagnostics."""
    facts = ["provision", "a/b", {"sources": ["s-1"]}, ["2025-01-01"]]
    assert sound_entry("p/a/b.yaml", [1, 2, "d", facts, []])
