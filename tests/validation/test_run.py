"""Checking many files: worker processes and the cache give the same answers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import accordreg
from accordreg._model.lifecycle import DEFAULT_TABLE, Lifecycle, StateRule, Status
from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._validation.cache import FILE, FOLDER
from accordreg._validation.run import run_checks
from accordreg._yaml import parse as _yaml
from accordreg._yaml.native import native_active
from conftest import BASE, DATA, PROJECT, copy_base, needs_native, overlay, run, snapshot

CASES = sorted((DATA / "invalid").iterdir())


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder holding a copy of every invalid example, side by side."""
    root = tmp_path_factory.mktemp("all")
    for case in CASES:
        overlay(case, root / case.name)
    return root


def _lines(root: Path, **kwargs: object) -> list[str]:
    return [str(d) + f" {d.hint}" for d in run_checks(root, **kwargs).diagnostics]  # type: ignore[arg-type]


def test_worker_processes_find_exactly_what_one_process_finds(everything: Path) -> None:
    """Two workers in small batches report the same diagnostics, in the same order."""
    import accordreg._validation.run as checker

    single = _lines(everything, workers=1)
    old = checker.BATCH
    checker.BATCH = 7
    try:
        assert _lines(everything, workers=2) == single
    finally:
        checker.BATCH = old
    assert len(single) > len(CASES)


def test_cache_is_written_and_reused(registry_dir: Path) -> None:
    """A second run reads every unchanged file's result from the cache."""
    first = run_checks(registry_dir, use_cache=True)
    assert (registry_dir / FOLDER / FILE).exists()
    assert (registry_dir / FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"
    second = run_checks(registry_dir, use_cache=True)
    assert first.from_cache == 0
    assert second.from_cache == len(second.files) == 11
    assert second.diagnostics == first.diagnostics == []


def test_cache_sees_a_changed_file_and_rechecks_integrity(registry_dir: Path) -> None:
    """A changed file is checked again; integrity is rechecked for all from cached facts."""
    run_checks(registry_dir, use_cache=True)
    source = registry_dir / "sources" / "pax-2850.yaml"
    source.write_text(source.read_text().replace("id: pax-2850", "id: pax-2851"))
    result = run_checks(registry_dir, use_cache=True)
    assert result.from_cache == 10
    codes = sorted({d.code for d in result.diagnostics})
    assert codes == ["R002", "R005"]  # every reference to pax-2850 now dangles
    assert result.diagnostics == run_checks(registry_dir).diagnostics


def test_cache_gives_the_same_diagnostics_as_a_cold_run(everything: Path) -> None:
    """Warm and cold runs over every invalid example agree exactly."""
    cold = _lines(everything)
    run_checks(everything, use_cache=True)
    warm = run_checks(everything, use_cache=True)
    assert warm.from_cache > 0
    assert [str(d) + f" {d.hint}" for d in warm.diagnostics] == cold


def test_cache_is_dropped_when_the_lifecycle_changes(registry_dir: Path) -> None:
    """Results cached under one lifecycle table are not reused under another."""
    run_checks(registry_dir, use_cache=True)
    table = dict(DEFAULT_TABLE)
    rule = table[Status.SUSPENDED]
    table[Status.SUSPENDED] = StateRule(
        rule.moves - {Status.IN_PROGRESS}, rule.default_level, rule.levels, rule.may_start
    )
    strict = run_checks(registry_dir, use_cache=True, lifecycle=Lifecycle(table))
    assert strict.from_cache == 0
    assert [d.code for d in strict.diagnostics] == ["L002"]


def test_a_corrupt_cache_is_ignored(registry_dir: Path) -> None:
    """An unreadable cache file is replaced, never trusted and never an error."""
    (registry_dir / FOLDER).mkdir()
    (registry_dir / FOLDER / FILE).write_text("{not json")
    assert run_checks(registry_dir, use_cache=True).diagnostics == []
    assert snapshot(registry_dir / FOLDER / FILE)["files"]


def test_cli_no_cache_writes_no_cache(tmp_path: Path) -> None:
    """validate --no-cache leaves no cache folder; plain validate creates one."""
    root = tmp_path / "r"
    copy_base(root)
    assert run("validate", str(root), "--no-cache")[0] == 0
    assert not (root / FOLDER).exists()
    assert run("validate", str(root), "--jobs", "2")[0] == 0
    assert (root / FOLDER / FILE).exists()


def test_fast_path_and_located_path_report_the_same(
    everything: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turning the fast path off changes nothing in what is reported, or where."""
    fast = _lines(everything)
    monkeypatch.setattr(_yaml, "load_fast", lambda text, **_: (False, None))
    assert _lines(everything) == fast


@needs_native
def test_native_path_reports_the_same(everything: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the native accelerator on, every example is reported exactly as before."""
    stock = _lines(everything)
    monkeypatch.setenv("ACCORDREG_NATIVE", "1")
    assert native_active()
    assert _lines(everything) == stock
    assert _lines(PROJECT / "provisions") == []


def test_cache_key_is_the_same_in_every_process() -> None:
    """The cache key does not depend on hash randomisation, so a new process can use it."""
    code = (
        "from accordreg._validation.cache import fingerprint;"
        "from accordreg._model.settings import Settings;"
        "print(fingerprint(Settings().fingerprint()))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(keys) == 1


def test_facts_from_a_model_equal_facts_from_its_data() -> None:
    """Reading facts off a valid model gives exactly what walking its raw data gives."""
    from accordreg._model.kinds import KINDS
    from accordreg._store.read import read
    from accordreg._validation import facts

    files = sorted([*(PROJECT / "provisions").rglob("*.yaml"), *BASE.rglob("*.yaml")])
    for path in files:
        data = read(path).data
        model = KINDS[data["kind"]].model
        record = model.model_validate(data)
        made = facts.from_record(str(path), record, DEFAULT_SETTINGS)
        assert made == facts.extract(str(path), data, data["kind"], DEFAULT_SETTINGS)


def test_cache_is_shared_by_relative_and_absolute_paths(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validating `provisions` and `/abs/.../provisions` uses the same cache entries."""
    run_checks(registry_dir.resolve(), use_cache=True)
    monkeypatch.chdir(registry_dir.parent)
    again = run_checks(Path(registry_dir.name), use_cache=True)
    assert again.from_cache == len(again.files) == 11


def test_cache_forgets_deleted_files(registry_dir: Path) -> None:
    """An entry for a file that no longer exists is dropped at the next save."""
    run_checks(registry_dir, use_cache=True)
    (registry_dir / "sources" / "chiang-rai-times-2025-12-31.yaml").unlink()
    run_checks(registry_dir, use_cache=True)
    entries = snapshot(registry_dir / FOLDER / FILE)["files"]
    assert len(entries) == 10
    assert not any("chiang-rai" in key for key in entries)


def test_cache_trusts_old_unchanged_files_without_reading_them(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files whose size and time match the cache, and are older than it, are not read."""

    hour_ago = time.time() - 3600
    for path in registry_dir.rglob("*.yaml"):
        os.utime(path, (hour_ago, hour_ago))
    run_checks(registry_dir, use_cache=True)

    from accordreg._validation import in_process as serial

    def no_reading(path: str) -> bytes:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(serial, "read", no_reading)
    assert run_checks(registry_dir, use_cache=True).from_cache == 11


def test_a_same_size_edit_right_after_caching_is_seen(registry_dir: Path) -> None:
    """An edit that keeps the size, made just after the cache was written, is not missed."""
    run_checks(registry_dir, use_cache=True)
    target = registry_dir / "kl-declaration-2025" / "release.yaml"
    target.write_text(target.read_text().replace("status: agreed", "status: agrexd"))
    assert [d.code for d in run_checks(registry_dir, use_cache=True).diagnostics] == ["S004"]


def test_a_file_named_alone_is_checked_with_its_whole_registry(registry_dir: Path) -> None:
    """Its references resolve against the registry, and only its own problems are reported."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    assert accordreg.check(release) == []
    other = registry_dir / "kl-declaration-2025" / "withdrawal.yaml"
    other.write_text(other.read_text().replace("status: agreed", "status: agred"))
    assert accordreg.check(release) == []
    release.write_text(release.read_text().replace("- pax-2850\nhistory", "- pax-2805\nhistory"))
    (found,) = accordreg.check(release)
    assert (found.code, Path(found.path).name) == ("R002", "release.yaml")
    code, out = run("validate", str(release))
    assert (code, out.count(": R002 ")) == (1, 1)
    assert "agred" not in out


def test_a_file_outside_any_registry_is_checked_alone(tmp_path: Path) -> None:
    """With no registry above it, a file is checked as it is, references and all."""
    lone = tmp_path / "lone" / "release.yaml"
    lone.parent.mkdir()
    lone.write_text((BASE / "kl-declaration-2025" / "release.yaml").read_text())
    assert "R002" in {d.code for d in accordreg.check(lone)}


def test_a_broken_settings_file_is_reported_alone(tmp_path: Path) -> None:
    """One typo in accordreg.yaml gives its own error, not dozens of false ones on records
    checked against settings that do not hold."""
    root = tmp_path / "example"
    shutil.copytree(PROJECT / "examples" / "custom-vocabulary", root)
    settings = root / "accordreg.yaml"
    settings.write_text(settings.read_text().replace("stale_after_days: 60", "stale_after_days: x"))
    found = run_checks(root).diagnostics
    assert [(Path(d.path).name, d.code) for d in found] == [("accordreg.yaml", "S003")]
    assert "records are checked once this file is valid" in (found[0].hint or "")


def test_a_folder_inside_a_registry_is_checked_with_all_of_it(registry_dir: Path) -> None:
    """A folder of one agreement resolves its references against the whole registry, and
    only its own problems are reported."""
    folder = registry_dir / "kl-declaration-2025"
    assert run_checks(folder).diagnostics == []
    broken = registry_dir / "sources" / "pax-2850.yaml"
    broken.write_text(broken.read_text().replace("reliability: official", "reliability: x"))
    assert run_checks(folder).diagnostics == []
    assert [d.code for d in run_checks(registry_dir).diagnostics] == ["S004"]
