"""The registry's write lock: a writer says whom it waits for, and gives up after --wait.

Every test runs twice (``lock_platform``): with flock, and as on a platform without fcntl,
where a writer goes ahead at once and says, once, that writers are not kept apart.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from accordreg._cli import main
from accordreg._errors import LockTimeout
from accordreg._registry import staging

pytestmark = pytest.mark.usefixtures("lock_platform")

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


def _unlocked(registry_dir: Path) -> str:
    """The note a transition prints where no lock is to be had."""
    return "note: " + staging.UNLOCKED.format(path=registry_dir.resolve() / staging.LOCK_NAME)


@pytest.mark.parametrize("wait", ["0", "0.2", "1.5"])
def test_transition_gives_up_after_wait_naming_the_holder(
    registry_dir: Path, holder: subprocess.Popen[str], wait: str, lock_platform: str
) -> None:
    """A live holder: the waiting line names its pid, then exit 4 and nothing written.
    Without locks there is nothing to wait for: one note says so, and the event is
    written."""
    target = registry_dir / f"{WD}.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(main, _transition(registry_dir, "--wait", wait))
    if lock_platform != "flock":
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [_unlocked(registry_dir)]
        assert target.read_bytes() != before
        return
    assert result.exit_code == 4, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("waiting for ")
    assert f"held by process {holder.pid}" in lines[0]
    assert lines[1].startswith(f"error: gave up after {float(wait):g} s waiting for ")
    assert f"held by process {holder.pid}; nothing was written" in lines[1]
    assert target.read_bytes() == before


def test_a_waiting_transition_goes_ahead_once_the_lock_is_released(
    registry_dir: Path, holder: subprocess.Popen[str], lock_platform: str
) -> None:
    """The waiter says it waits; when the holder lets go, the transition is recorded.
    Without locks (fcntl not importable in the waiter) it says instead that it cannot
    lock, once, and goes ahead."""
    waiter = subprocess.Popen(
        [sys.executable, "-m", "accordreg", *_transition(registry_dir, "--wait", "300")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiter.stderr is not None
    notice = waiter.stderr.readline()  # blocks until the waiter has waited a second
    if lock_platform == "flock":
        assert f"held by process {holder.pid} (up to 300 s)" in notice
    else:
        assert notice.rstrip("\n") == _unlocked(registry_dir)
    assert holder.stdin is not None
    holder.stdin.close()
    out, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert err == ""  # said once
    assert "recorded" in out
    assert (
        "  - on: 2026-01-05\n    status: in_progress\n" in (registry_dir / f"{WD}.yaml").read_text()
    )


def test_locked_reports_the_holder_and_raises_lock_timeout(
    registry_dir: Path, holder: subprocess.Popen[str], lock_platform: str
) -> None:
    """The library waits no longer than asked, tells on_wait who holds the lock, and raises.
    Without locks it waits for no one, and warns that writers are not kept apart."""
    seen: list[int | None] = []
    if lock_platform != "flock":
        with (
            pytest.warns(RuntimeWarning, match="writers running at the same time are not"),
            staging.locked(registry_dir, wait=0.1, on_wait=seen.append),
        ):
            pass
        assert seen == []
        return
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


def test_unlocked_writers_are_told_once_per_call_and_the_library_warns_once(
    registry_dir: Path, lock_platform: str
) -> None:
    """Where no lock is to be had, on_unlocked hears the words once per taking (nested
    takings say nothing more), and the library's warning shows once however often the
    lock is taken; with flock, neither is said."""
    heard: list[str] = []
    with (
        staging.locked(registry_dir, on_unlocked=heard.append),
        staging.locked(registry_dir, on_unlocked=heard.append),
    ):
        pass
    expected = staging.UNLOCKED.format(path=registry_dir.resolve() / staging.LOCK_NAME)
    assert heard == ([] if lock_platform == "flock" else [expected])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            with staging.locked(registry_dir):
                pass
    assert [str(w.message) for w in caught] == ([] if lock_platform == "flock" else [expected])
