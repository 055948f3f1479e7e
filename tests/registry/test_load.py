"""Loading a registry with the cache: records from cached data equal fresh ones, built lazily."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import accordreg
from accordreg._registry.query import Registry
from accordreg._validation.cache import FOLDER, JOURNAL
from accordreg._validation.run import checked, run_checks
from accordreg._validation.stored import RECORDS
from accordreg.testing import registries, write_registry
from conftest import deadline, settle, snapshot, warm_load

RELEASE = "kl-declaration-2025/release"


def _same(a: Registry, b: Registry) -> None:
    assert sorted(a._records) == sorted(b._records)
    for record_id in a._records:
        assert a[record_id] == b[record_id], record_id
        assert a.path_of(record_id) == b.path_of(record_id)
    assert a._by_agreement == b._by_agreement


@given(registry=registries())
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_records_from_the_cache_equal_records_read_afresh(registry: Registry) -> None:
    """Cold, first cached and warm cached loads give equal records, paths and indexes."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_registry(registry, Path(tmp) / "provisions")
        settle(root)
        cold = accordreg.load(root, use_cache=False)
        first = accordreg.load(root, use_cache=True)
        warm = accordreg.load(root, use_cache=True)
        _same(cold, first)
        _same(cold, warm)


def test_load_reads_through_the_cache_by_default(registry_dir: Path) -> None:
    """load() with no argument keeps a cache and, warm, builds no model until asked."""
    settle(registry_dir)
    accordreg.load(registry_dir)
    assert (registry_dir / FOLDER / "results.json").is_file()
    probe = (
        "import sys, accordreg\n"
        "registry = accordreg.load(sys.argv[1])\n"
        "print('pydantic' in sys.modules, len(registry.provisions))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(registry_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["False", "2"]


def test_use_cache_false_reads_every_file_and_writes_no_cache(registry_dir: Path) -> None:
    """Opting out checks every file afresh and leaves the registry folder as it was."""
    before = sorted(p.name for p in registry_dir.iterdir())
    registry = accordreg.load(registry_dir, use_cache=False)
    assert len(registry.provisions) == 2
    assert sorted(p.name for p in registry_dir.iterdir()) == before
    assert not (registry_dir / FOLDER).exists()


def test_the_cache_can_live_outside_a_registry_one_cannot_write(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With $ACCORDREG_CACHE_DIR the cache is kept there (made if need be), one folder per
    registry, and nothing is written into the registry's folder."""
    home = tmp_path / "caches" / "accordreg"
    monkeypatch.setenv("ACCORDREG_CACHE_DIR", str(home))
    settle(registry_dir)
    accordreg.load(registry_dir)
    assert not (registry_dir / FOLDER).exists()
    (kept,) = home.iterdir()
    assert kept.name.startswith(registry_dir.name + "-")
    assert (kept / "results.json").is_file()
    warm = accordreg.load(registry_dir)
    assert warm._records.built() == 0


def test_a_warm_load_builds_only_what_is_looked_up(registry_dir: Path) -> None:
    """Nothing is built until asked for; one lookup builds one record."""
    warm = warm_load(registry_dir)
    assert warm._records.built() == 0
    assert len(warm.provisions) == 2
    assert warm.provision(RELEASE).id == RELEASE
    assert warm._records.built() == 1
    assert warm.provision_ids("kl-declaration-2025") == sorted(warm.provisions)
    assert warm._records.built() == 1


def test_a_warm_load_imports_the_models_only_to_build_a_record(registry_dir: Path) -> None:
    """A warm load() leaves pydantic unimported until a record is looked up."""
    settle(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    probe = (
        "import sys, accordreg\n"
        "registry = accordreg.load(sys.argv[1], use_cache=True)\n"
        "print('pydantic' in sys.modules, len(registry.provisions))\n"
        "registry.provision(sys.argv[2])\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(registry_dir), RELEASE],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.splitlines() == ["False 2", "True"]


def test_record_data_lives_beside_the_snapshot_not_in_it(registry_dir: Path) -> None:
    """The snapshot holds places in the records file, which a warm load reads."""
    settle(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    stored = snapshot(registry_dir / FOLDER / "results.json")
    kept = [e for e in stored["files"].values() if len(e) == 6]
    assert kept
    assert all(isinstance(e[5], list) for e in kept)
    assert (registry_dir / FOLDER / RECORDS).stat().st_size == stored["records"]["size"]
    again = checked(registry_dir, use_cache=True, keep_records=True, build_cached=False)
    assert again.from_cache == len(again.files)
    assert all(r.data is not None for r in again.results if r.facts is not None)


def test_a_damaged_or_missing_records_file_costs_a_recheck(registry_dir: Path) -> None:
    """A records file that does not match is not used: the records are read afresh."""
    settle(registry_dir)
    cold = accordreg.load(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    records = registry_dir / FOLDER / RECORDS
    raw = bytearray(records.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    records.write_bytes(bytes(raw))
    _same(cold, accordreg.load(registry_dir, use_cache=True))
    records.unlink()
    _same(cold, accordreg.load(registry_dir, use_cache=True))


def test_validate_rewriting_the_snapshot_keeps_the_records(registry_dir: Path) -> None:
    """A snapshot rewritten by validate (a file deleted) carries the other records' data."""
    settle(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    (registry_dir / "sources" / "chiang-rai-times-2025-12-31.yaml").unlink()
    run_checks(registry_dir, use_cache=True)  # forgets the file: a new snapshot
    again = checked(registry_dir, use_cache=True, keep_records=True, build_cached=False)
    assert again.from_cache == len(again.files)
    assert all(r.data is not None for r in again.results if r.facts is not None)


def test_the_journal_never_holds_places_in_the_records_file(registry_dir: Path) -> None:
    """A touched file's entry goes to the journal without its place in the records file."""
    settle(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    past = time.time() - 60
    os.utime(release, (past, past))  # same content, new stat: journalled
    accordreg.load(registry_dir, use_cache=True)
    lines = (registry_dir / FOLDER / JOURNAL).read_text().splitlines()
    assert lines
    for line in lines:
        entry = json.loads(line.split("\t", 1)[1])[2]
        assert len(entry) == 5 or isinstance(entry[5], str)


def test_a_records_file_that_is_a_fifo_is_not_read(registry_dir: Path) -> None:
    """A FIFO in the records file's place is passed over, never waited on."""
    settle(registry_dir)
    cold = accordreg.load(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    records = registry_dir / FOLDER / RECORDS
    records.unlink()
    os.mkfifo(records)
    with deadline(30):
        _same(cold, accordreg.load(registry_dir, use_cache=True))


def test_a_records_file_cut_short_after_loading_costs_a_read_of_the_file(
    registry_dir: Path,
) -> None:
    """Records still to be built when their cache is cut short are read from their files."""
    cold = accordreg.load(registry_dir, use_cache=False)
    warm = warm_load(registry_dir)
    assert warm._records.built() == 0
    with open(registry_dir / FOLDER / RECORDS, "r+b") as records:
        records.truncate(10)  # in place, as no writer of accordreg's ever does
    _same(cold, warm)


def test_a_journal_that_is_a_link_is_never_written_through(
    registry_dir: Path, tmp_path: Path
) -> None:
    """Appending to a journal that is a link writes nothing at the link's target."""
    settle(registry_dir)
    accordreg.load(registry_dir, use_cache=True)
    target = tmp_path / "elsewhere.txt"
    target.write_text("untouched\n")
    journal = registry_dir / FOLDER / JOURNAL
    journal.unlink(missing_ok=True)
    journal.symlink_to(target)
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    past = time.time() - 60
    os.utime(release, (past, past))  # a new stat: an entry to journal
    accordreg.load(registry_dir, use_cache=True)
    assert target.read_text() == "untouched\n"
    assert not journal.is_symlink()


def test_a_file_outside_any_registry_gets_no_cache_beside_it(tmp_path: Path) -> None:
    """Checking a lone file writes no cache into whatever folder it is in."""
    lone = tmp_path / "lone.yaml"
    lone.write_text("kind: source\nid: x\ntitle: X\nreliability: press\n")
    run_checks(lone, use_cache=True)
    assert not (tmp_path / FOLDER).exists()
