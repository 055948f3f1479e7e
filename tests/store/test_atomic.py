"""Atomic writes: a failed write says why in one line, keeps the old file, leaves no temporary.

Every test runs twice (``lock_platform``): with flock, and as on a platform without fcntl,
where writes are as atomic and no temporary file is ever taken for a killed writer's.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accordreg._errors import AccordregError, WriteError
from accordreg._store import atomic, locks

pytestmark = pytest.mark.usefixtures("lock_platform")

ERRNOS = [errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO]


def _failing(code: int) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


#: Each step of a write, and how to make it fail.
STEPS: dict[str, tuple[Any, str]] = {
    "create": (tempfile, "mkstemp"),
    "write": (os, "write"),
    "fsync": (os, "fsync"),
    "chmod": (os, "chmod"),
    "rename": (os, "replace"),
}


@pytest.fixture(autouse=True)
def _fresh_sweeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts as a new process would: no folder swept yet."""
    monkeypatch.setattr(atomic, "_swept", {})


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", list(STEPS))
def test_a_failed_write_keeps_the_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, code: int
) -> None:
    """Whichever step fails, with whichever error: WriteError, old bytes, no .tmp left."""
    target = tmp_path / "record.yaml"
    target.write_bytes(b"kind: source\n")
    module, name = STEPS[step]
    monkeypatch.setattr(module, name, _failing(code))
    with pytest.raises(WriteError) as info:
        atomic.write_bytes(target, b"kind: party\n" * 1000)
    monkeypatch.undo()
    error = info.value
    assert isinstance(error, AccordregError)
    assert isinstance(error, OSError)
    assert error.errno == code
    assert str(error).startswith(f"cannot write {target}: ")
    assert "\n" not in str(error)
    assert target.read_bytes() == b"kind: source\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.yaml"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "no space left on the device"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "immutable"),
    ],
)
def test_the_reason_is_said_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    """A full disk, a read-only or immutable folder: the message says which."""
    monkeypatch.setattr(os, "replace", _failing(code))
    with pytest.raises(WriteError, match=reason):
        atomic.write_text(tmp_path / "r.md", "# report\n")


def test_a_folder_that_does_not_exist_is_named(tmp_path: Path) -> None:
    """Writing into a missing folder names the folder."""
    with pytest.raises(WriteError, match=f"the folder {tmp_path / 'nope'} does not exist"):
        atomic.write_text(tmp_path / "nope" / "r.md", "x")


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.write may write less than asked: the rest is written too."""
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data)[:7]))
    data = bytes(range(256)) * 40
    atomic.write_bytes(tmp_path / "f.bin", data)
    monkeypatch.undo()
    assert (tmp_path / "f.bin").read_bytes() == data


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_cleanly(tmp_path: Path) -> None:
    """A real read-only folder: WriteError, and the file as it was."""
    target = tmp_path / "r.yaml"
    target.write_text("old\n")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            atomic.write_text(target, "new\n")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_text() == "old\n"


def _age(path: Path, seconds: float) -> None:
    then = path.stat().st_mtime - seconds
    os.utime(path, (then, then))


@pytest.mark.parametrize(
    ("name", "age", "removed"),
    [
        (f".record.yaml.ab12cd_9{atomic.SUFFIX}", 0, True),  # ours, and no writer holds it
        (f".other.yaml.zzzzzzzz{atomic.SUFFIX}", 3600, True),
        (".record.yaml.ab12cd_9.tmp", 3600, False),  # no marker: anyone's, however old
        (".notes.20240101.tmp", 3600, False),  # the user's own notes
        (".record.yaml.ab12cd_9.new.tmp", 3600, False),
        (f"record.yaml.ab12cd_9{atomic.SUFFIX}", 3600, False),  # not hidden: not ours
        (f".record.yaml.AB12CD_9{atomic.SUFFIX}", 3600, False),  # mkstemp never uses capitals
        (f".record.yaml{atomic.SUFFIX}", 3600, False),
        ("notes.tmp", 3600, False),
        (f".record.yaml.ab12cd_9{atomic.SUFFIX}x", 3600, False),
    ],
)
def test_next_write_removes_only_its_own_dead_temporaries(
    tmp_path: Path, name: str, age: float, removed: bool, lock_platform: str
) -> None:
    """A file named with accordreg's marker that no writer holds locked goes (where locks
    prove it: not without them); any other name stays, however old and however like a
    temporary file it looks."""
    leftover = tmp_path / name
    leftover.write_bytes(b"half a file")
    _age(leftover, age)
    atomic.write_text(tmp_path / "record.yaml", "kind: source\n")
    assert leftover.exists() is not (removed and lock_platform == "flock")
    assert (tmp_path / "record.yaml").read_text() == "kind: source\n"


def test_a_temporary_with_other_names_is_left_alone(tmp_path: Path) -> None:
    """A file named as ours but with another name too (a hard link) is never removed."""
    mine = tmp_path / "mine.txt"
    mine.write_text("not accordreg's\n")
    os.link(mine, tmp_path / f".record.yaml.ab12cd_9{atomic.SUFFIX}")
    assert atomic.sweep_stale(tmp_path, force=True) == []
    assert mine.read_text() == "not accordreg's\n"


def test_a_stale_temporary_folder_is_left_alone(tmp_path: Path) -> None:
    """Only files are swept: a folder that happens to have such a name stays."""
    folder = tmp_path / f".record.yaml.ab12cd_9{atomic.SUFFIX}"
    folder.mkdir()
    _age(folder, 3600)
    atomic.write_text(tmp_path / "record.yaml", "x\n")
    assert folder.is_dir()


_SLOW_WRITER = """
import os, sys, time
from pathlib import Path
from accordreg._store.atomic import write_bytes
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(600)
os.fsync = slow_fsync
write_bytes(Path(sys.argv[1]), b"kind: provision\\n" * 100_000)
"""


def test_a_killed_writers_temporary_is_cleaned_up_by_the_next_write(
    tmp_path: Path, lock_platform: str
) -> None:
    """SIGKILL mid-write leaves a temporary; its lock died with its writer, so the next
    write in the folder removes it at once. Without locks nothing proves its writer dead:
    it stays."""
    target = tmp_path / "record.yaml"
    target.write_text("kind: source\n")
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftover.name.endswith(atomic.SUFFIX)
    assert atomic.sweep_stale(tmp_path, force=True) == []  # alive: its lock is held
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert leftover.exists()
    atomic._swept.clear()  # the next accordreg run
    atomic.write_text(tmp_path / "other.yaml", "kind: party\n")
    assert leftover.exists() is (lock_platform != "flock")
    assert target.read_text() == "kind: source\n"
    assert (tmp_path / "other.yaml").read_text() == "kind: party\n"


def test_a_held_temporary_of_a_live_writer_is_left_alone(
    tmp_path: Path, lock_platform: str
) -> None:
    """A temporary whose lock is held stays, however old; once let go, it is removed
    (without locks, it stays)."""
    leftover = tmp_path / f".record.yaml.ab12cd_9{atomic.SUFFIX}"
    leftover.write_bytes(b"half a file")
    _age(leftover, 3600)
    fd = os.open(leftover, os.O_RDONLY)
    try:
        taken = locks.try_lock(fd)
        assert taken is (locks.Lock.TAKEN if lock_platform == "flock" else locks.Lock.NONE)
        assert atomic.sweep_stale(tmp_path, force=True) == []
    finally:
        os.close(fd)
    let_go = atomic.sweep_stale(tmp_path, force=True)
    assert let_go == ([leftover] if lock_platform == "flock" else [])


def test_a_writers_temporary_is_held_while_it_writes(tmp_path: Path, lock_platform: str) -> None:
    """A write in progress holds its temporary file locked (where locks are), so a sweep
    in the meantime leaves it; the write then lands whole."""
    target = tmp_path / "record.yaml"
    seen: list[list[Path]] = []
    with atomic.Staged() as staged:
        staged.add(target, b"kind: source\n")
        (tmp,) = tmp_path.glob(f"*{atomic.SUFFIX}")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            outcome = locks.try_lock(fd)
        finally:
            os.close(fd)
        seen.append(atomic.sweep_stale(tmp_path, force=True))
        staged.commit()
    assert outcome is (locks.Lock.HELD if lock_platform == "flock" else locks.Lock.NONE)
    assert seen == [[]]
    assert target.read_bytes() == b"kind: source\n"
    assert [p.name for p in tmp_path.iterdir()] == ["record.yaml"]


def _link(tmp: Path) -> Path:
    (tmp / "precious.txt").write_text("not ours\n")
    (tmp / "out.txt").symlink_to("precious.txt")
    return tmp / "out.txt"


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "out.txt")
    return tmp / "out.txt"


def _folder(tmp: Path) -> Path:
    (tmp / "out.txt").mkdir()
    return tmp / "out.txt"


def _dangling(tmp: Path) -> Path:
    (tmp / "out.txt").symlink_to("nowhere.txt")
    return tmp / "out.txt"


def _entries(tmp: Path) -> dict[str, object]:
    return {
        p.name: os.readlink(p)
        if p.is_symlink()
        else p.lstat().st_mode
        if not p.is_file()
        else p.read_bytes()
        for p in tmp.iterdir()
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and links")
@pytest.mark.parametrize(
    ("lay", "reason"),
    [
        (_link, "it is a symbolic link (to precious.txt), which accordreg never writes through"),
        (_dangling, "it is a symbolic link (to nowhere.txt)"),
        (_fifo, "it is a FIFO (named pipe), not a regular file"),
        (_folder, "it is a folder"),
    ],
    ids=["link", "dangling link", "fifo", "folder"],
)
def test_what_is_not_a_regular_file_is_never_written(
    tmp_path: Path, lay: Callable[[Path], Path], reason: str
) -> None:
    """A link, a FIFO or a folder at the target: WriteError saying which, nothing changed."""
    target = lay(tmp_path)
    before = _entries(tmp_path)
    with pytest.raises(WriteError) as info:
        atomic.write_text(target, "new\n")
    assert str(info.value).startswith(f"cannot write {target}: {reason}")
    assert _entries(tmp_path) == before


def test_staged_files_are_renamed_together_or_not_at_all(tmp_path: Path) -> None:
    """Nothing is in place until commit; a failure before it leaves the old files and no
    temporary; commit renames in the order added, after ``before``."""
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("old one\n")
    two.write_text("old two\n")
    with atomic.Staged() as staged:
        staged.add(one, b"new one\n")
        staged.add(two, b"new two\n")
        assert (one.read_text(), two.read_text()) == ("old one\n", "old two\n")
        assert len(list(tmp_path.glob(f"*{atomic.SUFFIX}"))) == 2
        # left without a commit, as when a later step fails
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.csv", "two.csv"]
    assert (one.read_text(), two.read_text()) == ("old one\n", "old two\n")
    seen = []
    with atomic.Staged() as staged:
        staged.add(one, b"new one\n")
        staged.add(two, b"new two\n")
        staged.commit(before=lambda: seen.append(one.read_text()))
    assert seen == ["old one\n"]
    assert (one.read_text(), two.read_text()) == ("new one\n", "new two\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.csv", "two.csv"]


@pytest.mark.parametrize("kind", ["symbolic link", "hard link", "fifo"])
def test_own_files_are_opened_only_if_plain(tmp_path: Path, kind: str) -> None:
    """A lock file that is a link, has another name or is a FIFO: WriteError, and the file
    it leads to keeps its bytes."""
    precious = tmp_path / "precious.txt"
    precious.write_text("not ours\n")
    lock = tmp_path / ".accordreg.lock"
    if kind == "symbolic link":
        lock.symlink_to(precious)
    elif kind == "hard link":
        os.link(precious, lock)
    else:
        os.mkfifo(lock)
    with pytest.raises(WriteError, match=r"symbolic link|hard link|FIFO"):
        atomic.open_own(lock, os.O_RDWR | os.O_CREAT)
    assert precious.read_text() == "not ours\n"


def test_a_plain_own_file_is_opened(tmp_path: Path) -> None:
    """A missing lock file is made, and an existing plain one opened."""
    for _ in ("made", "opened"):
        fd = atomic.open_own(tmp_path / ".accordreg.lock", os.O_RDWR | os.O_CREAT)
        os.close(fd)
    assert (tmp_path / ".accordreg.lock").is_file()


def test_check_folder_tells_folders_from_links(tmp_path: Path) -> None:
    """A folder: True; nothing: False; a link to a folder or a file: WriteError."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    (tmp_path / "file").write_text("x")
    assert atomic.check_folder(tmp_path / "real") is True
    assert atomic.check_folder(tmp_path / "missing") is False
    with pytest.raises(WriteError, match="symbolic link"):
        atomic.check_folder(tmp_path / "link")
    with pytest.raises(WriteError, match="not a folder"):
        atomic.check_folder(tmp_path / "file")


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    """Where the system can, two folders trade places in one step."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    if not atomic.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no renameat2 here")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert list((tmp_path / "a").iterdir()) == []
