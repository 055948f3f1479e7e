"""The `accordreg` program's entry point: the command line, with `validate`'s helper first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accordreg._validation import early
from accordreg._validation.run import run_checks
from conftest import PROJECT, settle

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the helper is forked")


def _warm(root: Path) -> None:
    settle(root)
    run_checks(root, use_cache=True)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--no-cache", "{root}"],
        ["--jobs", "1", "{root}"],
        ["--jobs=1", "{root}"],
        ["--help"],
        ["{root}", "-h"],
    ],
)
def test_no_helper_where_the_run_would_not_use_it(
    arguments: list[str], registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache off, one process asked for, or help, nothing is forked."""
    _warm(registry_dir)
    monkeypatch.setattr(early, "wanted", lambda: True)
    early.prestart([a.format(root=registry_dir) for a in arguments])
    assert early._prestarted is None


@pytest.mark.parametrize(
    "arguments",
    [
        ["{root}"],
        ["--format", "json", "{root}"],
        ["--jobs", "2", "{root}"],
        ["--", "{root}"],
        ["{root}/kl-declaration-2025/release.yaml"],
    ],
)
def test_a_prestarted_helper_is_the_one_the_command_takes(
    arguments: list[str], registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths found among the options start a helper, which start() hands over once."""
    _warm(registry_dir)
    monkeypatch.setattr(early, "wanted", lambda: True)
    early.prestart([a.format(root=registry_dir) for a in arguments])
    helper = early._prestarted
    assert helper is not None
    try:
        assert early.start([registry_dir]) is helper
        assert early._prestarted is None
    finally:
        helper.stop()


def test_no_helper_without_a_cache(registry_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry never checked with the cache gets no helper: a cold run gains nothing."""
    monkeypatch.setattr(early, "wanted", lambda: True)
    early.prestart([str(registry_dir)])
    assert early._prestarted is None


def _accordreg(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accordreg", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT,
        check=False,
    )


def test_the_program_validates_a_changed_file_as_a_cold_run_does(registry_dir: Path) -> None:
    """Through the entry point, a warm run with a changed file reports what a cold one does."""
    _warm(registry_dir)
    target = registry_dir / "kl-declaration-2025" / "release.yaml"
    target.write_text(target.read_text().replace("status: agreed", "status: agrexd"))
    warm = _accordreg("validate", str(registry_dir))
    cold = _accordreg("validate", "--no-cache", str(registry_dir))
    assert warm.returncode == cold.returncode == 1
    assert warm.stdout == cold.stdout
    assert "S004" in warm.stdout


def test_a_usage_error_after_a_prestart_ends_at_once(registry_dir: Path) -> None:
    """A helper started for a command that then fails its usage check does not outlive it."""
    _warm(registry_dir)
    done = _accordreg("validate", "--format", "nonsense", str(registry_dir))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_a_helper_no_command_took_is_stopped_when_the_program_ends(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a usage error, the prestarted helper is stopped and reaped, not left behind."""
    from accordreg import _console as console

    _warm(registry_dir)
    monkeypatch.setattr(early, "wanted", lambda: True)
    monkeypatch.setattr(sys, "argv", ["accordreg", "validate", "--format", "no", str(registry_dir)])
    started: list[early.EarlyWorker] = []
    real_prestart = early.prestart

    def spy(arguments: list[str]) -> None:
        real_prestart(arguments)
        assert early._prestarted is not None
        started.append(early._prestarted)

    monkeypatch.setattr(early, "prestart", spy)
    with pytest.raises(SystemExit) as exit:
        console.main()
    assert exit.value.code == 2
    assert early._prestarted is None
    assert len(started) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0].pid, os.WNOHANG)


def test_validate_through_the_program_keeps_exit_statuses_and_all_its_output(
    registry_dir: Path,
) -> None:
    """Skipping the teardown loses nothing: statuses 0, 1 and 2, and every byte of output."""
    _warm(registry_dir)
    assert _accordreg("validate", str(registry_dir)).returncode == 0
    for path in registry_dir.rglob("*.yaml"):
        path.write_text(path.read_text().replace("status: agreed", "status: agrexd"))
    done = _accordreg("validate", "--format", "json", str(registry_dir))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["errors"] == len(report["diagnostics"]) > 1
    assert {d["code"] for d in report["diagnostics"]} == {"S004"}
    assert _accordreg("validate", "--format", "nonsense", str(registry_dir)).returncode == 2


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [("None", 0, ""), ("3", 3, ""), ("'gone'", 1, "gone\n")]
)
def test_leaving_early_runs_exit_handlers_and_exits_as_sys_exit_would(
    code: str, status: int, stderr: str
) -> None:
    """The fast exit runs registered exit handlers and gives sys.exit's status and message."""
    probe = (
        "import atexit\n"
        "atexit.register(lambda: print('handled'))\n"
        "from accordreg._console import _leave\n"
        f"_leave({code})\n"
    )
    # Buffered, as a pipe's output is by default: what is not flushed would be lost.
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=buffered,
    )
    assert (done.returncode, done.stdout, done.stderr) == (status, "handled\n", stderr)


def test_validate_with_its_output_closed_ends_cleanly(registry_dir: Path) -> None:
    """Started with stdout or stderr closed, validate exits with its status, no traceback."""
    _warm(registry_dir)
    for closed in ("1", "2"):
        done = subprocess.run(
            f"{sys.executable} -m accordreg validate {registry_dir} {closed}>&-",
            shell=True,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=PROJECT,
            check=False,
        )
        assert done.returncode == 0
        assert "Traceback" not in done.stderr + done.stdout


def test_a_helper_is_stopped_when_the_run_cannot_start(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted before the run takes its helper over, validate still stops the helper."""
    import types

    from click.testing import CliRunner

    from accordreg._cli import main

    _warm(registry_dir)
    monkeypatch.setattr(early, "wanted", lambda: True)
    started: list[early.EarlyWorker] = []
    real_start = early.start

    def spy(paths: list[Path]) -> early.EarlyWorker | None:
        helper = real_start(paths)
        assert helper is not None
        started.append(helper)
        return helper

    monkeypatch.setattr(early, "start", spy)
    # The runner's module cannot be imported: as when Ctrl-C lands during that import.
    monkeypatch.setitem(sys.modules, "accordreg._validation.run", types.ModuleType("gone"))
    result = CliRunner().invoke(main, ["validate", str(registry_dir)])
    assert isinstance(result.exception, ImportError)
    assert len(started) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0].pid, os.WNOHANG)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("verb", [["validate", "provisions"], ["status"]])
def test_output_to_a_full_device_is_one_line_not_a_traceback(verb: list[str]) -> None:
    """Output that cannot be written (a full disk) ends in one error line and status 1."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "accordreg", *verb],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=PROJECT,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "accordreg: cannot write: No space left on device\n"
