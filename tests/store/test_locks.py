"""OS locks on every platform: flock, msvcrt's far byte, none at all; and what relies on them.

The write paths' own tests run with flock and without fcntl (``lock_platform``). Here: the
three outcomes of each branch; the msvcrt branch against a stand-in that records its calls
(and, where Linux has open-file-description locks, locks as Windows does: per handle, let
go on closing), through which the registry lock, atomic writes and build folders run as
they would on Windows; only the lock module imports fcntl or msvcrt; and accordreg writes
in a process where fcntl cannot be imported.
"""

from __future__ import annotations

import ast
import errno
import json
import os
import struct
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import accordreg
from accordreg._errors import LockTimeout
from accordreg._registry import staging
from accordreg._render.site import build
from accordreg._render.site import building as site_build
from accordreg._store import atomic, build_lock, locks
from conftest import BASE, copy_base

try:
    import fcntl
except ImportError:  # pragma: no cover - the suite runs on POSIX
    fcntl = None  # type: ignore[assignment]

PACKAGE = Path(accordreg.__file__).resolve().parent
WD = "kl-declaration-2025/withdrawal"
ON = date(2026, 1, 15)
needs_flock = pytest.mark.skipif(fcntl is None, reason="flock is POSIX's")


class FakeMsvcrt:
    """msvcrt's lock calls as Windows has them: ``locking(fd, mode, nbytes)`` locks from
    the file position. Each call is recorded (mode, position, bytes). With ``real``, Linux
    open-file-description locks stand in for Windows's: held per open file (a handle),
    refused to any other with EACCES, let go on closing."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = range(5)

    def __init__(self, *, real: bool = False, fails: int | None = None) -> None:
        self.real = real
        self.fails = fails
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        """Lock or unlock ``nbytes`` from ``fd``'s position; OSError as msvcrt raises it."""
        where = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, where, nbytes))
        if self.fails is not None:
            raise OSError(self.fails, os.strerror(self.fails))
        if not self.real:
            return
        kind = fcntl.F_UNLCK if mode == self.LK_UNLCK else fcntl.F_WRLCK
        # struct flock: type, whence, start, length, pid (0 for these locks), padding.
        request = struct.pack("hhqqi4x", kind, os.SEEK_SET, where, nbytes, 0)
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise OSError(errno.EACCES, "a lock violation") from None
            raise


@pytest.fixture
def msvcrt(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    """The msvcrt branch, with a recording stand-in for msvcrt and no fcntl."""
    fake = FakeMsvcrt()
    monkeypatch.setattr(locks, "_fcntl", None)
    monkeypatch.setattr(locks, "_msvcrt", fake)
    return fake


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    """Windows as far as locks go: msvcrt's locks (per handle, let go on closing), no
    file renamed or removed while open, no folder opened as a descriptor, no pread."""
    if not hasattr(fcntl, "F_OFD_SETLK"):
        pytest.skip("needs Linux's open-file-description locks to stand in for Windows's")
    fake = FakeMsvcrt(real=True)
    monkeypatch.setattr(locks, "_fcntl", None)
    monkeypatch.setattr(locks, "_msvcrt", fake)
    monkeypatch.setattr(locks, "MOVE_WHILE_OPEN", False)
    monkeypatch.setattr(locks, "FOLDER_DESCRIPTORS", False)
    monkeypatch.delattr(os, "pread")
    monkeypatch.delattr(os, "pwrite")
    monkeypatch.setattr(atomic, "_swept", {})
    return fake


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


# -- the three outcomes --------------------------------------------------------------------


@needs_flock
def test_flock_is_taken_held_by_another_and_let_go(tmp_path: Path) -> None:
    """With flock: taken once, held against a second open file, free again once unlocked
    or closed."""
    one, two = _open(tmp_path / "f"), _open(tmp_path / "f")
    try:
        assert locks.try_lock(one) is locks.Lock.TAKEN
        assert locks.try_lock(two) is locks.Lock.HELD
        locks.unlock(one)
        assert locks.try_lock(two) is locks.Lock.TAKEN
        os.close(two)
        two = -1
        assert locks.try_lock(one) is locks.Lock.TAKEN
    finally:
        os.close(one)
        if two >= 0:
            os.close(two)


@pytest.mark.parametrize(
    ("raised", "outcome"),
    [
        (BlockingIOError(errno.EWOULDBLOCK, "held"), locks.Lock.HELD),
        (OSError(errno.ENOLCK, "no locks"), locks.Lock.NONE),
        (OSError(errno.EOPNOTSUPP, "not here"), locks.Lock.NONE),
    ],
    ids=["contended", "ENOLCK", "EOPNOTSUPP"],
)
def test_a_file_system_refusing_flock_has_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raised: OSError, outcome: locks.Lock
) -> None:
    """flock's contention is a holder; any other refusal is a file system without locks."""

    class Refusing:
        LOCK_EX, LOCK_NB, LOCK_UN = 2, 4, 8

        @staticmethod
        def flock(fd: int, operation: int) -> None:
            raise raised

    monkeypatch.setattr(locks, "_fcntl", Refusing)
    fd = _open(tmp_path / "f")
    try:
        assert locks.try_lock(fd) is outcome
    finally:
        os.close(fd)


def test_without_fcntl_or_msvcrt_no_lock_is_to_be_had(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither module: no lock, for any open file; letting go is nothing to do."""
    monkeypatch.setattr(locks, "_fcntl", None)
    monkeypatch.setattr(locks, "_msvcrt", None)
    one, two = _open(tmp_path / "f"), _open(tmp_path / "f")
    try:
        assert locks.try_lock(one) is locks.Lock.NONE
        assert locks.try_lock(two) is locks.Lock.NONE
        locks.unlock(one)
    finally:
        os.close(one)
        os.close(two)


def test_msvcrt_locks_one_far_byte_and_puts_the_position_back(
    tmp_path: Path, msvcrt: FakeMsvcrt
) -> None:
    """The msvcrt branch seeks to FAR, locks one byte without waiting (LK_NBLCK), unlocks
    the same byte (LK_UNLCK), and leaves the file position where it was each time."""
    fd = _open(tmp_path / "f")
    try:
        os.write(fd, b"12345\n")
        os.lseek(fd, 3, os.SEEK_SET)
        assert locks.try_lock(fd) is locks.Lock.TAKEN
        assert os.lseek(fd, 0, os.SEEK_CUR) == 3
        os.lseek(fd, 5, os.SEEK_SET)
        locks.unlock(fd)
        assert os.lseek(fd, 0, os.SEEK_CUR) == 5
    finally:
        os.close(fd)
    assert msvcrt.calls == [(msvcrt.LK_NBLCK, locks.FAR, 1), (msvcrt.LK_UNLCK, locks.FAR, 1)]
    assert locks.FAR > 1 << 20  # far beyond the few bytes of any file locked this way


@pytest.mark.parametrize(
    ("code", "outcome"),
    [(errno.EACCES, locks.Lock.HELD), (errno.EINVAL, locks.Lock.NONE)],
    ids=["lock violation", "cannot lock"],
)
def test_msvcrt_refusals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, outcome: locks.Lock
) -> None:
    """A lock violation (EACCES) is a holder; any other failure is no lock to be had; the
    position is put back either way."""
    fake = FakeMsvcrt(fails=code)
    monkeypatch.setattr(locks, "_fcntl", None)
    monkeypatch.setattr(locks, "_msvcrt", fake)
    fd = _open(tmp_path / "f")
    try:
        os.lseek(fd, 2, os.SEEK_SET)
        assert locks.try_lock(fd) is outcome
        assert os.lseek(fd, 0, os.SEEK_CUR) == 2
    finally:
        os.close(fd)
    assert fake.calls == [(fake.LK_NBLCK, locks.FAR, 1)]


def test_only_the_lock_module_imports_fcntl_or_msvcrt() -> None:
    """No other module of the package imports fcntl or msvcrt, at its top or anywhere."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(name.split(".")[0] in ("fcntl", "msvcrt") for name in names):
                found.append(path.relative_to(PACKAGE).as_posix())
    assert found == []  # locks.py imports them by name, through importlib, only there
    text = (PACKAGE / "_store" / "locks.py").read_text(encoding="utf-8")
    assert '_module("fcntl")' in text
    assert '_module("msvcrt")' in text


def test_the_no_fcntl_platform_reaches_the_processes_a_test_starts(lock_platform: str) -> None:
    """Under ``lock_platform``'s second run, a child Python cannot import fcntl either."""
    done = subprocess.run(
        [sys.executable, "-c", "import fcntl"], capture_output=True, text=True, check=False
    )
    assert (done.returncode == 0) is (lock_platform == "flock"), done.stderr


# -- Windows, as far as locks go -------------------------------------------------------------


def test_on_windows_the_registry_lock_waits_names_its_holder_and_lets_go(
    registry_dir: Path, windows: FakeMsvcrt
) -> None:
    """A holder's far byte keeps a second writer out (LockTimeout, naming the holder's pid,
    read from the start of the lock file), and the holder's pid is written without pwrite;
    once let go, the next one takes it."""
    seen: list[int | None] = []
    ended: list[BaseException | None] = []

    def second() -> None:
        # Another thread opens the lock file anew, as another process would (the lock
        # is re-entrant within a thread only).
        try:
            with staging.locked(registry_dir, wait=0.05, on_wait=seen.append):
                ended.append(None)
        except LockTimeout as exc:
            ended.append(exc)

    with staging.locked(registry_dir):
        path = registry_dir / staging.LOCK_NAME
        assert path.read_text() == f"{os.getpid()}\n"
        waiter = threading.Thread(target=second)
        waiter.start()
        waiter.join()
    (timed_out,) = ended
    assert isinstance(timed_out, LockTimeout)
    assert timed_out.holder == os.getpid()
    assert seen == [os.getpid()]
    second()
    assert ended[1:] == [None]
    assert {where for _mode, where, _n in windows.calls} == {locks.FAR}


@pytest.fixture
def no_open_moves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, as Windows would, on renaming, removing or linking a file this process has
    open (seen through /proc/self/fd)."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see which files are open")

    def is_open(path: Any) -> bool:
        target = os.path.realpath(path)
        return any(
            os.path.realpath(f"/proc/self/fd/{fd}") == target for fd in os.listdir("/proc/self/fd")
        )

    def checked(name: str) -> None:
        real = getattr(os, name)

        def move(src: Any, *rest: Any, **options: Any) -> Any:
            assert not is_open(src), f"os.{name} of {src}, open"
            return real(src, *rest, **options)

        monkeypatch.setattr(os, name, move)

    for name in ("replace", "rename", "unlink", "link"):
        checked(name)


@pytest.mark.usefixtures("no_open_moves")
def test_on_windows_temporaries_are_closed_before_renaming_and_never_swept(
    tmp_path: Path, windows: FakeMsvcrt
) -> None:
    """A temporary file is closed before it is renamed or removed (Windows does neither to
    an open file), so it holds no lock, and no sweep ever takes one for a killed writer's;
    the write still lands whole."""
    dead = tmp_path / f".record.yaml.ab12cd_9{atomic.SUFFIX}"
    dead.write_bytes(b"a killed writer's")
    target = tmp_path / "record.yaml"
    atomic.write_text(target, "kind: source\n")
    with atomic.Staged() as staged:  # left without a commit: removed, closed first
        staged.add(tmp_path / "other.yaml", b"kind: party\n")
    assert target.read_text() == "kind: source\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [dead.name, "record.yaml"]
    assert atomic.sweep_stale(tmp_path, force=True) == []
    assert windows.calls == []  # no temporary file was locked


@pytest.mark.usefixtures("no_open_moves")
def test_on_windows_a_database_export_and_an_import_move_no_open_file(
    tmp_path: Path, windows: FakeMsvcrt
) -> None:
    """The SQLite export and the PA-X import, which write their own temporary files, close
    them before renaming, linking or removing them; both land whole, nothing left."""
    from accordreg._importers.pax import import_csv
    from accordreg._render.exports import write_sqlite
    from conftest import DATA

    written = write_sqlite(accordreg.load(BASE), tmp_path / "db.sqlite", ON)
    assert [p.name for p, _ in written] == ["db.sqlite", "db.metadata.json"]
    result = import_csv(DATA / "pax" / "agreements.csv", tmp_path / "pax")
    assert len(result.written) > 50
    assert all(path.is_file() for path in result.written)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert windows.calls == []


def test_on_windows_a_build_folder_is_locked_through_a_file_beside_it(
    tmp_path: Path, windows: FakeMsvcrt
) -> None:
    """The lock file beside a build folder is made and locked before the marker, keeps
    the folder from being taken for dead while held, and goes on release; a marked folder
    with a free lock file beside it is dead, and the sweeper removes the lock file once
    the folder is gone; one with no lock file is not provably dead."""
    folder = tmp_path / ".site.live0000"
    folder.mkdir()
    held = build_lock.hold(folder)
    beside = tmp_path / ".site.live0000.lock"
    assert beside.is_file()
    with build_lock.if_dead(folder) as dead:
        assert dead is False
    held.release()
    assert not beside.exists()
    with build_lock.if_dead(folder) as dead:
        assert dead is False  # no lock file: never proven dead
    beside.touch()  # as a killed build leaves it
    with build_lock.if_dead(folder) as dead:
        assert dead is True
        folder.rmdir()
    assert not beside.exists()


def test_on_windows_a_site_build_removes_killed_builds_and_leaves_live_ones(
    tmp_path: Path, windows: FakeMsvcrt
) -> None:
    """A whole site build the Windows way: its folder is locked through the file beside
    it and renamed into place; a killed build's folder (its lock file free) goes with its
    lock file, a live one's stays, and so does a marked folder with no lock file."""
    out = tmp_path / "site"
    for name in ("dead0000", "live0000", "bare0000"):
        (tmp_path / f".site.{name}").mkdir()
        (tmp_path / f".site.{name}" / site_build.MARKER).write_text("accordreg\n")
    (tmp_path / ".site.dead0000.lock").touch()
    live = build_lock.hold(tmp_path / ".site.live0000")
    try:
        registry = accordreg.load(BASE)
        build(registry, out, ON, charts=False)
        build(registry, out, date(2025, 10, 27), charts=False)  # swapped or merged in
        left = sorted(p.name for p in tmp_path.iterdir())
    finally:
        live.release()
    assert left == [".site.bare0000", ".site.live0000", ".site.live0000.lock", "site"]
    assert (out / "index.html").is_file()
    assert {where for _mode, where, _n in windows.calls} == {locks.FAR}


# -- a process without fcntl ---------------------------------------------------------------

_WITHOUT_FCNTL = """
import json, sys, warnings
sys.modules["fcntl"] = None  # before accordreg: as on a platform without it
from datetime import date
from pathlib import Path
import accordreg
from accordreg._render.exports import write_datapackage
from accordreg._render.site import build

root, out = Path(sys.argv[1]), Path(sys.argv[2])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("default")
    editor = accordreg.Editor(accordreg.load(root))
    editor.transition(
        "kl-declaration-2025/withdrawal", "in_progress", on=date(2026, 1, 5),
        sources=["pax-2850"],
    )
    editor.save()
    registry = accordreg.load(root)
    write_datapackage(registry, out / "data", date(2026, 1, 15))
    build(registry, out / "site", date(2026, 1, 15), charts=False)
    build(registry, out / "site", date(2026, 1, 16), charts=False)
print(json.dumps({
    "fcntl": sys.modules.get("fcntl") is None,
    "warnings": [str(w.message) for w in caught],
}))
"""


def test_accordreg_writes_where_fcntl_cannot_be_imported(tmp_path: Path) -> None:
    """With fcntl unimportable before accordreg is: a transition is recorded and saved
    (saying once that writers are not kept apart), a data package and a site are built,
    rebuilt in place, and nothing is left beside them."""
    root = copy_base(tmp_path / "registry")
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_FCNTL, str(root), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert said["fcntl"] is True
    lock = root.resolve() / staging.LOCK_NAME
    assert said["warnings"] == [staging.UNLOCKED.format(path=lock)]
    history = accordreg.load(root).provision(WD).history
    assert str(history[-1].status) == "in_progress"
    assert (out / "data" / "datapackage.json").is_file()
    assert (out / "site" / "index.html").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["data", "site"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
