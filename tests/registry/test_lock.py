"""The registry's write lock: a writer says whom it waits for, and gives up after --wait."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from accordreg._cli import main
from accordreg._errors import LockTimeout
from accordreg._registry import staging

WD = "kl-declaration-2025/withdrawal"
# Takes the lock as accordreg does, says so, and holds it until its stdin is closed.
_HOLDER = """
import sys
from pathlib import Path
from accordreg._registry.staging import locked
with locked(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder(registry_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """A second, live process holding the registry's lock until the test ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(registry_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdin is not None
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    proc.stdin.close()
    proc.wait(timeout=60)
    proc.stdout.close()


def _transition(registry_dir: Path, *extra: str) -> list[str]:
    return [
        "transition",
        WD,
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--registry",
        str(registry_dir),
        *extra,
    ]


@pytest.mark.parametrize("wait", ["0", "0.2", "1.5"])
def test_transition_gives_up_after_wait_naming_the_holder(
    registry_dir: Path, holder: subprocess.Popen[str], wait: str
) -> None:
    """A live holder: the waiting line names its pid, then exit 4 and nothing written."""
    target = registry_dir / f"{WD}.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(main, _transition(registry_dir, "--wait", wait))
    assert result.exit_code == 4, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("waiting for ")
    assert f"held by process {holder.pid}" in lines[0]
    assert lines[1].startswith(f"error: gave up after {float(wait):g} s waiting for ")
    assert f"held by process {holder.pid}; nothing was written" in lines[1]
    assert target.read_bytes() == before


def test_a_waiting_transition_goes_ahead_once_the_lock_is_released(
    registry_dir: Path, holder: subprocess.Popen[str]
) -> None:
    """The waiter says it waits; when the holder lets go, the transition is recorded."""
    waiter = subprocess.Popen(
        [sys.executable, "-m", "accordreg", *_transition(registry_dir, "--wait", "300")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiter.stderr is not None
    notice = waiter.stderr.readline()  # blocks until the waiter has waited a second
    assert f"held by process {holder.pid} (up to 300 s)" in notice
    assert holder.stdin is not None
    holder.stdin.close()
    out, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert "recorded" in out
    assert (
        "  - on: 2026-01-05\n    status: in_progress\n" in (registry_dir / f"{WD}.yaml").read_text()
    )


def test_locked_reports_the_holder_and_raises_lock_timeout(
    registry_dir: Path, holder: subprocess.Popen[str]
) -> None:
    """The library waits no longer than asked, tells on_wait who holds the lock, and raises."""
    seen: list[int | None] = []
    with (
        pytest.raises(LockTimeout, match=f"held by process {holder.pid}") as info,
        staging.locked(registry_dir, wait=0.1, on_wait=seen.append),
    ):
        pytest.fail("the lock was taken while another process held it")
    assert seen == [holder.pid]
    assert info.value.holder == holder.pid


def test_the_holder_writes_its_pid_into_the_lock_file(registry_dir: Path) -> None:
    """Whoever holds the lock has its process id in .accordreg.lock."""
    with staging.locked(registry_dir):
        text = (registry_dir / staging.LOCK_NAME).read_text()
    assert text == f"{os.getpid()}\n"
