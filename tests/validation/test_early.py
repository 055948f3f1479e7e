"""The early worker: a forked helper that checks changed files exactly as this process would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._validation import early
from accordreg._validation.early import EarlyWorker
from accordreg._validation.in_process import check_files
from accordreg._validation.run import checked, run_checks
from conftest import DATA, PROJECT, overlay

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")

CASES = sorted((DATA / "invalid").iterdir())


def _files(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*.yaml"))


def test_the_helper_finds_what_this_process_finds(tmp_path: Path) -> None:
    """Results from the helper equal results of checking the same files here."""
    for case in CASES[:12]:
        overlay(case, tmp_path / case.name)
    files = _files(tmp_path)
    helper = EarlyWorker()
    assert helper.send(files, None)
    assert helper.receive() == check_files(files, DEFAULT_SETTINGS)
    helper.stop()


def test_a_helper_that_answered_is_reaped_by_stop(registry_dir: Path) -> None:
    """A helper exits once it has answered, and stop() collects it: no process is left."""
    helper = EarlyWorker()
    assert helper.send(_files(registry_dir), None)
    assert helper.receive() is not None
    helper.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)


def test_an_unused_helper_is_stopped_and_reaped() -> None:
    """Stopping a helper that was never asked anything ends its process."""
    helper = EarlyWorker()
    helper.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)
    helper.stop()  # a second stop is harmless


def test_a_dead_helper_gives_none_so_the_caller_checks_itself(registry_dir: Path) -> None:
    """If the helper dies, sending fails or the answer is None: no exception, no hang."""
    helper = EarlyWorker()
    os.kill(helper.pid, 9)
    assert not helper.send(_files(registry_dir), None) or helper.receive() is None
    helper.stop()


def test_run_checks_with_a_helper_agrees_with_a_cold_run(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm run whose changed files go to the helper reports what a cold run reports."""
    monkeypatch.setattr(early, "wanted", lambda: True)
    asked: list[list[str]] = []
    real_send = EarlyWorker.send

    def spy(self: EarlyWorker, paths: list[str], settings_file: Path | None) -> bool:
        asked.append(paths)
        return real_send(self, paths, settings_file)

    monkeypatch.setattr(EarlyWorker, "send", spy)
    past = time.time() - 3600
    for path in registry_dir.rglob("*.yaml"):
        os.utime(path, (past, past))
    run_checks(registry_dir, use_cache=True)
    target = registry_dir / "kl-declaration-2025" / "release.yaml"
    target.write_text(target.read_text().replace("status: agreed", "status: agrexd"))
    warm = checked(registry_dir, use_cache=True, early_worker=early.start([registry_dir]))
    assert warm.from_cache == len(warm.files) - 1
    assert asked == [[str(target)]]
    assert warm.diagnostics == run_checks(registry_dir).diagnostics
    assert [d.code for d in warm.diagnostics] == ["S004"]


def test_a_warm_command_line_run_never_imports_pydantic(registry_dir: Path) -> None:
    """With every file cached, `validate` checks the registry without loading the models."""
    probe = (
        "import sys; from accordreg._cli import main\n"
        "try:\n    main(['validate', sys.argv[1]])\n"
        "except SystemExit as exit:\n"
        "    print('pydantic' in sys.modules, exit.code)\n"
    )
    past = time.time() - 3600
    for path in registry_dir.rglob("*.yaml"):
        os.utime(path, (past, past))
    command = [sys.executable, "-c", probe, str(registry_dir)]
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=PROJECT)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=PROJECT)
    assert first.stdout.splitlines()[-1] == "True 0"
    assert second.stdout.splitlines()[-1] == "False 0"
