"""The cache on its own: snapshot and journal, trusted and untrusted stats, entry forms."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._diagnostics import Diagnostic
from accordreg._validation.cache import (
    FILE,
    FOLDER,
    JOURNAL,
    Cache,
    code_files,
    code_fingerprint,
)
from accordreg._validation.cache_files import encode_snapshot, journal_line
from accordreg._validation.run import run_checks
from accordreg._validation.settings_check import SettingsSource
from conftest import BASE, copy_base, settle, snapshot

RELEASE = Path("kl-declaration-2025") / "release.yaml"
#: The cache key of a registry without settings.
DEFAULT_KEY = SettingsSource(None).key


def _edit(path: Path, extra: str = "# reviewed\n") -> None:
    path.write_text(path.read_text() + extra)
    past = time.time() - 60  # an edit a minute ago: settled, so its new stat is trusted
    os.utime(path, (past, past))


def test_one_edited_file_is_journalled_not_the_whole_snapshot(registry_dir: Path) -> None:
    """Re-checking one edited file appends one journal line and leaves the snapshot alone."""
    settle(registry_dir)
    run_checks(registry_dir, use_cache=True)
    snapshot = (registry_dir / FOLDER / FILE).read_bytes()
    _edit(registry_dir / RELEASE)
    run_checks(registry_dir, use_cache=True)
    assert (registry_dir / FOLDER / FILE).read_bytes() == snapshot
    lines = (registry_dir / FOLDER / JOURNAL).read_text().splitlines()
    assert [json.loads(line.split("\t", 1)[1])[1] for line in lines] == [str(RELEASE)]
    again = run_checks(registry_dir, use_cache=True)
    assert again.from_cache == len(again.files)


def test_a_torn_journal_line_costs_a_recheck_not_an_error(registry_dir: Path) -> None:
    """A journal line cut short by a crash is skipped; the file is simply checked again."""
    settle(registry_dir)
    run_checks(registry_dir, use_cache=True)
    _edit(registry_dir / RELEASE)
    run_checks(registry_dir, use_cache=True)
    journal = registry_dir / FOLDER / JOURNAL
    journal.write_bytes(journal.read_bytes()[:-20])
    result = run_checks(registry_dir, use_cache=True)
    assert result.diagnostics == run_checks(registry_dir).diagnostics
    assert result.from_cache == len(result.files) - 1


def test_a_long_journal_is_folded_into_the_snapshot(registry_dir: Path) -> None:
    """Once the journal outgrows its limit, the next save rewrites the snapshot and drops it."""
    settle(registry_dir)
    run_checks(registry_dir, use_cache=True)
    journal = registry_dir / FOLDER / JOURNAL
    journal.write_text("not json\n" * 200)
    _edit(registry_dir / RELEASE)
    run_checks(registry_dir, use_cache=True)
    assert not journal.exists()
    stored = snapshot(registry_dir / FOLDER / FILE)
    assert str(RELEASE) in stored["files"]


def test_a_file_written_just_now_is_hashed_again_next_time(registry_dir: Path) -> None:
    """A stat taken within the settling time is not trusted: the file is read and hashed."""
    for path in registry_dir.rglob("*.yaml"):
        os.utime(path)  # written just now
    run_checks(registry_dir, use_cache=True)
    cache = Cache(
        registry_dir / FOLDER, SettingsSource(None).key, os.path.join(str(registry_dir), "")
    )
    assert all(entry[0] == -1 for entry in cache.files.values())
    files = sorted(str(p) for p in registry_dir.rglob("*.yaml"))
    hits, others = cache.unchanged(files)
    assert hits == []
    assert others == files


def test_settled_files_are_trusted_by_their_stat(registry_dir: Path) -> None:
    """Files older than the settling time, with size and time as recorded, are not read."""
    settle(registry_dir)
    run_checks(registry_dir, use_cache=True)
    cache = Cache(
        registry_dir / FOLDER, SettingsSource(None).key, os.path.join(str(registry_dir), "")
    )
    files = sorted(str(p) for p in registry_dir.rglob("*.yaml"))
    hits, others = cache.unchanged(files)
    assert others == []
    assert [h.path for h in hits] == files


def test_a_snapshot_from_other_code_is_not_trusted(registry_dir: Path) -> None:
    """Entries stored under another key (other code or lifecycle) are ignored."""
    run_checks(registry_dir, use_cache=True)
    stored = registry_dir / FOLDER / FILE
    document = snapshot(stored)
    stored.write_text(encode_snapshot("0" * 32, document["files"]))
    assert run_checks(registry_dir, use_cache=True).from_cache == 0


def test_the_code_fingerprint_covers_every_module_of_every_subpackage() -> None:
    """Every .py file below the package, subpackages included, is hashed."""
    package = Path(accordreg.__file__).parent
    hashed = {p.relative_to(package).as_posix() for p in code_files(package)}
    assert "_validation/run.py" in hashed
    assert hashed == {p.relative_to(package).as_posix() for p in package.rglob("*.py")}


def test_a_change_in_a_subpackage_changes_the_fingerprint(tmp_path: Path) -> None:
    """Editing one module deep in the package gives the cache a new key."""
    package = Path(accordreg.__file__).parent
    copy = Path(
        shutil.copytree(
            package, tmp_path / "accordreg", ignore=shutil.ignore_patterns("__pycache__")
        )
    )
    before = code_fingerprint.__wrapped__(copy)
    target = copy / "_model" / "lifecycle.py"
    target.write_text(target.read_text() + "\n# changed\n")
    assert code_fingerprint.__wrapped__(copy) != before


# -- a damaged cache is never an error ----------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4)
    ),
    max_leaves=12,
)


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@st.composite
def damaged_snapshots(draw: st.DrawFn, sound: dict[str, Any]) -> bytes:
    """A snapshot damaged in one of many ways, from raw garbage to one bad field."""
    how = draw(st.sampled_from(["bytes", "json", "deep", "entry", "field"]))
    if how == "bytes":
        return draw(st.binary(max_size=200))
    if how == "json":
        return json.dumps(draw(_json_values)).encode()
    if how == "deep":
        inner = _deep(draw(st.integers(1_000, 200_000)))
        return b'{"key": "%s", "sum": %d}\n%s' % (sound["key"].encode(), sound["sum"], inner)
    document = json.loads(json.dumps(sound))
    name = draw(st.sampled_from(sorted(document["files"])))
    if how == "entry":
        document["files"][name] = draw(_json_values)
    else:
        entry = document["files"][name]
        at = draw(st.integers(0, len(entry) - 1))
        target: Any = entry
        # Reach into the facts or the diagnostics now and then, not only the top level.
        if at >= 3 and isinstance(entry[at], list) and entry[at] and draw(st.booleans()):
            target, at = entry[at], draw(st.integers(0, len(entry[at]) - 1))
            if isinstance(target[at], dict) and target[at] and draw(st.booleans()):
                target, at = target[at], draw(st.sampled_from(sorted(target[at])))
        target[at] = draw(_json_values)
    # The sound snapshot's header, with its checksum, over entries that may differ.
    header = json.dumps({"key": sound["key"], "sum": sound["sum"]})
    return f"{header}\n{json.dumps(document['files'])}".encode()


@st.composite
def damaged_journals(draw: st.DrawFn, key: str, names: list[str]) -> bytes:
    """A journal with garbage among well-formed lines: bytes, JSON of any shape, deep nests,
    lines whose checksum matches a malformed entry, lines changed after their checksum."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["bytes", "json", "deep", "triple", "good", "flipped"]))
        if how == "bytes":
            lines.append(draw(st.binary(max_size=60)).replace(b"\n", b""))
        elif how == "json":
            lines.append(json.dumps(draw(_json_values)).encode())
        elif how == "deep":
            lines.append(_deep(draw(st.integers(1_000, 100_000))))
        else:
            entry = draw(_json_values) if how == "triple" else [1, 2, "x", None, []]
            line = [key, draw(st.sampled_from(names)), entry]
            raw = bytearray(journal_line(json.dumps(line)).rstrip("\n").encode())
            if how == "flipped":
                at = draw(st.integers(raw.index(b"\t") + 1, len(raw) - 1))
                raw[at] ^= 1 << draw(st.integers(0, 6))
            lines.append(bytes(raw).replace(b"\n", b" "))
    return b"\n".join(lines) + b"\n"


_SOUND: dict[str, Any] = {}


def _sound_cache(base: Path) -> dict[str, Any]:
    """A genuine snapshot of the example registry (made once)."""
    if not _SOUND:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(shutil.copytree(base, Path(tmp) / "r"))
            settle(root)
            run_checks(root, use_cache=True)
            _SOUND.update(snapshot(root / FOLDER / FILE))
    return _SOUND


def _check_with(
    files: dict[str, bytes], caplog: pytest.LogCaptureFixture
) -> tuple[list[Diagnostic], list[Diagnostic], list[str]]:
    """Diagnostics with the cache files given, and cold; and the warnings logged."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(copy_base(Path(tmp) / "r"))
        settle(root)
        (root / FOLDER).mkdir()
        for name, raw in files.items():
            (root / FOLDER / name).write_bytes(raw)
        caplog.clear()
        warm = run_checks(root, use_cache=True).diagnostics
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        again = run_checks(root, use_cache=True)
        assert again.from_cache == len(again.files)  # rebuilt: whole and readable again
        return warm, run_checks(root).diagnostics, warnings


@given(data=st.data())
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_damaged_snapshot_is_dropped_with_one_warning(
    data: st.DataObject, caplog: pytest.LogCaptureFixture
) -> None:
    """Garbage, deep nesting or one bad field in results.json: the same diagnostics, no error."""
    raw = data.draw(damaged_snapshots(_sound_cache(BASE)))
    warm, cold, warnings = _check_with({FILE: raw}, caplog)
    assert warm == cold
    assert len(warnings) <= 1
    assert all("accordreg-cache" in w for w in warnings)


@given(data=st.data())
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_damaged_journal_is_dropped_with_one_warning(
    data: st.DataObject, caplog: pytest.LogCaptureFixture
) -> None:
    """Garbage lines in the journal: the same diagnostics, at most one warning, no error."""
    sound = _sound_cache(BASE)
    raw = data.draw(damaged_journals(sound["key"], sorted(sound["files"])))
    warm, cold, warnings = _check_with(
        {FILE: encode_snapshot(sound["key"], sound["files"]).encode(), JOURNAL: raw}, caplog
    )
    assert warm == cold
    assert len(warnings) <= 1


@pytest.mark.parametrize(
    ("files", "warned"),
    [
        ({FILE: b"{not json"}, True),
        ({FILE: b"[" * 100_000}, True),
        ({FILE: b"[]"}, True),
        ({FILE: b'{"key": 5}'}, False),  # another code's cache: stale, not damaged
        ({JOURNAL: b"[1, 2\n"}, False),  # a journal without its snapshot is not read
    ],
)
def test_what_is_damaged_is_said_once_and_what_is_stale_is_not(
    files: dict[str, bytes], warned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """One warning for a damaged cache; none for a missing or another code's one."""
    warm, cold, warnings = _check_with(files, caplog)
    assert warm == cold
    assert len(warnings) == (1 if warned else 0)


def test_a_cached_problem_names_the_file_as_this_run_does(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file cached with a problem under one name is reported under the name asked now."""
    target = registry_dir / "kl-declaration-2025" / "release.yaml"
    target.write_text(target.read_text() + "bogus: 1\n")
    settle(registry_dir)
    monkeypatch.chdir(registry_dir.parent)
    first = run_checks(Path(registry_dir.name), use_cache=True)
    assert [d.path for d in first.diagnostics] == [
        str(Path(registry_dir.name) / "kl-declaration-2025" / "release.yaml")
    ]
    named = run_checks(target, use_cache=True)
    assert [(d.path, d.code) for d in named.diagnostics] == [(str(target), "S001")]
    moved = registry_dir.parent / "moved"
    registry_dir.rename(moved)
    again = run_checks(moved / "kl-declaration-2025" / "release.yaml", use_cache=True)
    assert [d.path for d in again.diagnostics] == [
        str(moved / "kl-declaration-2025" / "release.yaml")
    ]
    assert again.from_cache > 0
