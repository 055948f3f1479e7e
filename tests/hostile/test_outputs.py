"""Hostile outputs end to end: what `site`, `export`, `report`, `transition`, `validate`
and `init` do where they write.

Nothing that accordreg did not write is destroyed, written through or left live; a place
that cannot be written ends in one error line and an exit status, never a traceback; and
a run killed at any point (stopped there by the ACCORDREG_TEST_HALT hook, then sent
SIGKILL: no guessed moment) leaves the old output whole or none, and its leftovers are
gone after the next run. Each command runs in a child process with a timeout; every case
checks the exit status, that nothing printed a traceback and, where nothing should
change, that the files on disk are byte for byte as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_hostile_input import TIMEOUT, _disk, _env

from accordreg._registry.staging import LOCK_NAME
from accordreg._store import locks
from accordreg._store.atomic import HALT
from accordreg._store.write import digest
from accordreg._validation.cache import FOLDER
from conftest import copy_base, deadline

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="kills, FIFOs, device nodes and /proc"
)

ON = "2026-01-15"
WD = "kl-declaration-2025/withdrawal"


def _argv(*args: str, prelude: str = "") -> list[str]:
    """The command line's argv; ``prelude`` is Python run before it (a test's setting)."""
    if not prelude:
        return [sys.executable, "-m", "accordreg", *args]
    program = f"{prelude}\nimport sys\nfrom accordreg._console import program\nprogram()"
    return [sys.executable, "-c", program, *args]


def _cli(
    *args: str, cwd: Path, prelude: str = "", env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Exit status and everything printed, of the command line run in a child process
    (``prelude`` as for :func:`_argv`, ``env`` added to the environment)."""
    done = subprocess.run(
        _argv(*args, prelude=prelude),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**_env(), **(env or {})},
        check=False,
        cwd=cwd,
    )
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed, printed
    return done.returncode, printed


def _killed_at(point: str, *args: str, cwd: Path, prelude: str = "") -> None:
    """Start the command line, wait until it stops itself at checkpoint ``point``, and
    kill it there with SIGKILL."""
    child = subprocess.Popen(
        _argv(*args, prelude=prelude),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**_env(), HALT: point},
        cwd=cwd,
    )
    try:
        with deadline(TIMEOUT):
            _, status = os.waitpid(child.pid, os.WUNTRACED)
        stopped = os.WIFSTOPPED(status)
    finally:
        child.kill()
        printed = "".join(child.communicate(timeout=TIMEOUT))
    assert stopped, f"{point} never reached: {printed}"


def _error_line(printed: str) -> str:
    """The one line a refused write prints."""
    lines = [line for line in printed.splitlines() if not line.startswith("note:")]
    assert len(lines) == 1, printed
    assert lines[0].startswith("error: "), printed
    return lines[0]


#: What accordreg leaves only while it writes: temporary files, a build's folder beside
#: the site (``.site.XXXXXXXX``, ``.fresh.XXXXXXXX``), the mark of an unfinished init.
LEFTOVER = re.compile(r".*\.tmp|\.(site|fresh)\.[a-z0-9_]{8}|\.accordreg-init")


def _leftovers(folder: Path) -> list[str]:
    """What accordreg leaves only while it writes, anywhere under ``folder``."""
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob(".*") if LEFTOVER.fullmatch(p.name)
    )


def _uncached(root: Path) -> dict[str, str]:
    """Every entry under ``root`` as :func:`_disk` gives it, but validation caches."""
    return {k: v for k, v in _disk(root).items() if FOLDER not in Path(k).parts}


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A fresh copy of the example registry."""
    return copy_base(tmp_path / "registry")


def _device(path: Path) -> None:
    """A character device node (a null device of our own, never /dev/null itself)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")


# -- 2. what is not ours is never destroyed ------------------------------------------------


def test_a_rebuild_leaves_a_registry_kept_in_the_site_alone(registry: Path, tmp_path: Path) -> None:
    """A registry and a CNAME put into a built site survive a rebuild from that registry."""
    site = tmp_path / "site"
    assert (
        _cli("site", str(registry), "--out", str(site), "--on", ON, "--no-charts", cwd=tmp_path)[0]
        == 0
    )
    inside = shutil.copytree(registry, site / "reg")
    (site / "CNAME").write_text("provisions.example.org\n")
    before = {**_disk(inside), "CNAME": (site / "CNAME").read_text()}
    code, printed = _cli(
        "site", str(inside), "--out", str(site), "--on", ON, "--no-charts", cwd=tmp_path
    )
    assert code == 0, printed
    assert {**_disk(inside), "CNAME": (site / "CNAME").read_text()} == before
    assert (site / "index.html").is_file()
    assert _leftovers(tmp_path) == []


#: Each writing command, with OUT where its output goes.
WRITERS: dict[str, list[str]] = {
    "export csv": ["export", "{reg}", "--format", "csv", "--out", "{out}", "--on", ON],
    "export jsonl": ["export", "{reg}", "--format", "jsonl", "--out", "{out}", "--on", ON],
    "export sqlite": ["export", "{reg}", "--format", "sqlite", "--out", "{out}", "--on", ON],
    "export datapackage": [
        "export",
        "{reg}",
        "--format",
        "datapackage",
        "--out",
        "{out}",
        "--on",
        ON,
    ],
    "report": ["report", "{reg}", "--out", "{out}", "--on", ON, "--changes-days", "0"],
    "site": ["site", "{reg}", "--out", "{out}", "--on", ON, "--no-charts"],
}
FILE_WRITERS = ["export csv", "export jsonl", "export sqlite", "report"]
FOLDER_WRITERS = ["export datapackage", "site"]


def _args(writer: str, registry: Path, out: Path) -> list[str]:
    return [a.format(reg=registry, out=out) for a in WRITERS[writer]]


Lay = Callable[[Path], Path]  # the test folder -> the output path, laid out


def _link_to_file(tmp: Path) -> Path:
    (tmp / "precious.md").write_text("not accordreg's\n")
    (tmp / "out.md").symlink_to("precious.md")
    return tmp / "out.md"


def _link_to_folder(tmp: Path) -> Path:
    (tmp / "elsewhere").mkdir()
    (tmp / "elsewhere" / "notes.txt").write_text("not accordreg's\n")
    (tmp / "out").symlink_to("elsewhere", target_is_directory=True)
    return tmp / "out"


def _link_to_device(tmp: Path) -> Path:
    _device(tmp / "null")
    (tmp / "out.md").symlink_to("null")
    return tmp / "out.md"


def _device_node(tmp: Path) -> Path:
    _device(tmp / "out.md")
    return tmp / "out.md"


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "out.md")
    return tmp / "out.md"


TARGETS: dict[str, Lay] = {
    "link to a file": _link_to_file,
    "link to a device": _link_to_device,
    "device": _device_node,
    "fifo": _fifo,
}


@pytest.mark.parametrize("target", list(TARGETS))
@pytest.mark.parametrize("writer", FILE_WRITERS)
def test_a_file_output_onto_a_link_device_or_fifo_is_refused(
    registry: Path, tmp_path: Path, writer: str, target: str
) -> None:
    """--out naming a link, a device or a FIFO: exit 3, one line, nothing changed."""
    work = tmp_path / "work"
    work.mkdir()
    out = TARGETS[target](work)
    before = _disk(work)
    code, printed = _cli(*_args(writer, registry, out), cwd=tmp_path)
    assert code == 3, printed
    assert _error_line(printed).startswith(f"error: cannot write {out}: it is a ")
    assert _disk(work) == before


@pytest.mark.parametrize("writer", FOLDER_WRITERS)
def test_a_folder_output_onto_a_link_is_refused(
    registry: Path, tmp_path: Path, writer: str
) -> None:
    """--out naming a link to a folder: exit 3, one line; neither the link nor the folder
    it points to is changed."""
    work = tmp_path / "work"
    work.mkdir()
    out = _link_to_folder(work)
    before = _disk(work)
    code, printed = _cli(*_args(writer, registry, out), cwd=tmp_path)
    assert code == 3, printed
    assert "is a symbolic link" in _error_line(printed)
    assert _disk(work) == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_site_onto_a_device_or_fifo_is_refused(registry: Path, tmp_path: Path, kind: str) -> None:
    """site --out naming a device or a FIFO: exit 3, one line, nothing changed."""
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    if kind == "device":
        _device(out)
    else:
        os.mkfifo(out)
    before = _disk(work)
    code, printed = _cli(*_args("site", registry, out), cwd=tmp_path)
    assert code == 3, printed
    assert _error_line(printed).startswith(f"error: cannot write {out}: it is a ")
    assert _disk(work) == before


@pytest.mark.parametrize("how", ["symbolic link", "hard link"])
def test_a_lock_file_that_is_a_link_is_refused(registry: Path, tmp_path: Path, how: str) -> None:
    """A registry whose .accordreg.lock links elsewhere: transition exits 3 with one line,
    and neither the file linked to nor the record changes."""
    precious = tmp_path / "precious.txt"
    precious.write_text("not accordreg's\n")
    lock = registry / LOCK_NAME
    if how == "symbolic link":
        lock.symlink_to(precious)
    else:
        os.link(precious, lock)
    before = {**_uncached(tmp_path), "precious": precious.read_text()}
    code, printed = _cli(
        "transition",
        WD,
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--registry",
        str(registry),
        cwd=tmp_path,
    )
    assert code == 3, printed
    assert how in printed
    assert _error_line(printed).startswith("error: cannot write ")
    assert {**_uncached(tmp_path), "precious": precious.read_text()} == before


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(
    registry: Path, tmp_path: Path
) -> None:
    """A registry whose .accordreg-cache links to a folder elsewhere: validate works without
    a cache, says so in one warning line, and writes nothing there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (registry / FOLDER).symlink_to(elsewhere, target_is_directory=True)
    before = _disk(tmp_path)
    for _ in ("first", "second"):
        code, printed = _cli("validate", str(registry), cwd=tmp_path)
        assert code == 0, printed
        (warning,) = [line for line in printed.splitlines() if "warning" in line]
        assert "is a symbolic link" in warning
    assert _disk(tmp_path) == before
    assert list(elsewhere.iterdir()) == []


# -- 4. a place that cannot be written: one line and a status ------------------------------


@pytest.mark.parametrize("writer", list(WRITERS))
def test_an_output_under_a_file_is_one_error_line(
    registry: Path, tmp_path: Path, writer: str
) -> None:
    """--out inside something that is a file: exit 3, one line naming it, nothing written."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "plain.txt").write_text("a file\n")
    name = "x.md" if writer == "report" else "x"
    before = _disk(work)
    code, printed = _cli(*_args(writer, registry, work / "plain.txt" / name), cwd=tmp_path)
    assert code == 3, printed
    assert _error_line(printed).endswith(f"{work / 'plain.txt'} is not a folder")
    assert _disk(work) == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_an_output_in_a_missing_folder_is_one_error_line_or_made(
    registry: Path, tmp_path: Path, writer: str
) -> None:
    """--out in a folder that does not exist: a file is refused (exit 3, the folder named,
    nothing made); a folder output (site, data package) is made with its parents."""
    name = "x.md" if writer == "report" else "x"
    out = tmp_path / "no" / "such" / name
    code, printed = _cli(*_args(writer, registry, out), cwd=tmp_path)
    if writer in FOLDER_WRITERS:
        assert code == 0, printed
        assert out.is_dir()
    else:
        assert code == 3, printed
        assert _error_line(printed) == (
            f"error: cannot write {out}: the folder {out.parent} does not exist"
        )
        assert not (tmp_path / "no").exists()


# -- 5. killed midway: the old output whole, or none; leftovers gone the next time ----------
# Each runs with flock and as on a platform without fcntl (``lock_platform``), where the
# output is as whole but nothing proves the killed writer dead: what it left stays.


def _left_as_killed(tmp_path: Path, lock_platform: str, killed: list[str]) -> None:
    """After the next run: nothing a killed writer left where locks proved it dead; all of
    it, and nothing more, where no lock was to be had."""
    assert _leftovers(tmp_path) == ([] if lock_platform == "flock" else killed)


def test_a_data_package_killed_before_its_renames_is_left_whole(
    registry: Path, tmp_path: Path, lock_platform: str
) -> None:
    """Killed with every new table written but none in place: the old package as it was;
    the next export is whole and removes the leftovers."""
    out = tmp_path / "data"
    args = _args("export datapackage", registry, out)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    before = _disk(out)
    _retitle(registry)
    _killed_at("datapackage-staged", *args, cwd=tmp_path)
    assert {k: v for k, v in _disk(out).items() if not k.endswith(".tmp")} == before
    assert _leftovers(out)  # the new tables, under temporary names
    killed = _leftovers(tmp_path)
    _whole_again(registry, out, tmp_path)
    _left_as_killed(tmp_path, lock_platform, killed)


def test_a_data_package_killed_during_its_renames_has_no_descriptor(
    registry: Path, tmp_path: Path, lock_platform: str
) -> None:
    """Killed after the first new table took its place: no descriptor describes the mix;
    the next export is whole and removes the leftovers."""
    out = tmp_path / "data"
    args = _args("export datapackage", registry, out)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    _killed_at("datapackage-committing", *args, cwd=tmp_path)
    assert not (out / "datapackage.json").exists()
    killed = _leftovers(tmp_path)
    _whole_again(registry, out, tmp_path)
    _left_as_killed(tmp_path, lock_platform, killed)


def _retitle(registry: Path) -> None:
    """Change a source's title, so that the next output differs from the last."""
    source = registry / "sources" / "pax-2850.yaml"
    source.write_text(source.read_text().replace('title: "', 'title: "New: ', 1))


def _whole_again(registry: Path, out: Path, tmp_path: Path) -> None:
    """Export again: the package equals a fresh export elsewhere (whatever the killed
    export left aside)."""
    assert _cli(*_args("export datapackage", registry, out), cwd=tmp_path)[0] == 0
    fresh = tmp_path / "fresh"
    assert _cli(*_args("export datapackage", registry, fresh), cwd=tmp_path)[0] == 0
    assert {k: v for k, v in _disk(out).items() if not LEFTOVER.fullmatch(Path(k).name)} == (
        _disk(fresh)
    )


def _site(registry: Path, tmp_path: Path) -> tuple[list[str], Path]:
    out = tmp_path / "site"
    return _args("site", registry, out), out


def _same_site(registry: Path, out: Path, tmp_path: Path) -> None:
    """The site at ``out`` equals one built afresh elsewhere."""
    fresh = tmp_path / "fresh"
    assert _cli(*_args("site", registry, fresh), cwd=tmp_path)[0] == 0
    assert _disk(out) == _disk(fresh)


@pytest.mark.parametrize("before", ["new", "rebuilt"])
def test_a_site_killed_while_writing_pages_is_cleaned_up(
    registry: Path, tmp_path: Path, before: str, lock_platform: str
) -> None:
    """Killed while writing pages: the old site (if any) is as it was, and the next build
    is whole and removes the killed build's folder."""
    args, out = _site(registry, tmp_path)
    if before == "rebuilt":
        assert _cli(*args, cwd=tmp_path)[0] == 0
    old = _disk(out) if out.exists() else None
    _killed_at("site-page", *args, cwd=tmp_path)
    assert (_disk(out) if out.exists() else None) == old
    killed = _leftovers(tmp_path)
    assert killed  # the killed build's folder
    assert _cli(*args, cwd=tmp_path)[0] == 0
    _same_site(registry, out, tmp_path)
    _left_as_killed(tmp_path, lock_platform, killed)


def test_a_site_killed_between_its_two_renames_is_cleaned_up(
    registry: Path, tmp_path: Path, lock_platform: str
) -> None:
    """Where folders cannot be swapped in one step, a build killed between its two renames
    leaves the old site aside; the next build is whole and removes it."""
    args, out = _site(registry, tmp_path)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    prelude = "from accordreg._store import write\nwrite.exchange = lambda a, b: False"
    _killed_at("site-swapping", *args, cwd=tmp_path, prelude=prelude)
    assert not out.exists()
    killed = _leftovers(tmp_path)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    _same_site(registry, out, tmp_path)
    _left_as_killed(tmp_path, lock_platform, killed)


def test_a_site_killed_while_merging_beside_other_files_is_completed(
    registry: Path, tmp_path: Path, lock_platform: str
) -> None:
    """A site that holds a file of someone else's is updated file by file; killed midway,
    the next build completes it and the other file is never touched."""
    args, out = _site(registry, tmp_path)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    (out / "CNAME").write_text("provisions.example.org\n")
    _retitle(registry)
    _killed_at("site-merging", *args, cwd=tmp_path)
    killed = _leftovers(tmp_path)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    assert (out / "CNAME").read_text() == "provisions.example.org\n"
    (out / "CNAME").unlink()
    _same_site(registry, out, tmp_path)
    _left_as_killed(tmp_path, lock_platform, killed)


def _children(pid: int) -> Iterator[int]:
    """The processes whose parent is ``pid``."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            state = _state(int(entry.name))
            if state is not None and state[1] == pid:
                yield int(entry.name)


def _state(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _until(condition: Callable[[], bool]) -> None:
    """Poll until ``condition`` holds (the deadline only stops a hang)."""
    with deadline(TIMEOUT):
        while not condition():
            time.sleep(0.01)


def test_the_writers_of_a_killed_site_build_die_with_it(
    registry: Path, tmp_path: Path, lock_platform: str
) -> None:
    """The build killed while its two writer processes are at work: both end, and the next
    build is whole and removes the killed build's folder."""
    args, out = _site(registry, tmp_path)
    prelude = "from accordreg._render.site import building\nbuilding._workers = lambda jobs: 2"
    child = subprocess.Popen(
        _argv(*args, prelude=prelude),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**_env(), HALT: "site-page"},
        cwd=tmp_path,
    )
    try:
        # Each writer stops itself after its first page.
        _until(lambda: [(_state(p) or ("",))[0] for p in _children(child.pid)] == ["T"] * 2)
        writers = list(_children(child.pid))
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=TIMEOUT)
    _until(lambda: all((_state(p) or ("Z",))[0] == "Z" for p in writers))
    killed = _leftovers(tmp_path)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    _same_site(registry, out, tmp_path)
    _left_as_killed(tmp_path, lock_platform, killed)


def test_an_init_killed_midway_is_completed_by_the_next(tmp_path: Path) -> None:
    """Killed after making the folders: `init` again completes the registry, which is then
    the same as one started in one go, and valid."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _killed_at("init-started", "init", "reg", cwd=tmp_path / "a")
    assert (tmp_path / "a" / "reg" / ".accordreg-init").is_file()
    code, printed = _cli("init", "reg", cwd=tmp_path / "a")
    assert code == 0, printed
    assert "completed the registry" in printed
    assert _cli("init", "reg", cwd=tmp_path / "b")[0] == 0
    assert _disk(tmp_path / "a") == _disk(tmp_path / "b")
    assert _cli("validate", "reg", cwd=tmp_path / "a")[0] == 0
    assert _leftovers(tmp_path) == []
    assert _cli("init", "reg", cwd=tmp_path / "a")[0] == 1  # whole now: refused again


# -- 6. what a later hostile trial found --------------------------------------------------


@pytest.mark.parametrize("where", ["a killed build's folder", "the site"])
def test_a_listing_naming_files_outside_the_site_removes_none(
    registry: Path, tmp_path: Path, where: str
) -> None:
    """A site marker listing an absolute path, a `..` path or a path through a link out of
    its folder: the rebuild removes none of them, and the file outside is as it was."""
    args, out = _site(registry, tmp_path)
    assert _cli(*args, cwd=tmp_path)[0] == 0
    victim = tmp_path / "v"
    victim.write_text("not accordreg's\n")
    data = victim.read_bytes()
    line = f"{len(data)} {digest(data)}"
    folder = out if where == "the site" else tmp_path / ".site.abcdefgh"
    folder.mkdir(exist_ok=True)
    (folder / "up").symlink_to("..", target_is_directory=True)
    if where == "the site":
        (folder / "sub").mkdir()
        (folder / "sub" / "up").symlink_to("../..", target_is_directory=True)
    listing = (out / ".accordreg-site").read_text()
    if where != "the site":
        listing = listing.splitlines(keepends=True)[0]  # a build killed once it listed
    paths = ["../v", str(victim), "up/v", "sub/up/v", "./../v", "up/../v"]
    (folder / ".accordreg-site").write_text(listing + "".join(f"{line} {p}\n" for p in paths))
    code, printed = _cli(*args, cwd=tmp_path)
    assert code == 0, printed
    assert victim.read_bytes() == data
    assert (out / "index.html").is_file()


@pytest.mark.parametrize(
    "name", [".notes.20240101.tmp", ".o.csv.ab12cd34.tmp", ".o.csv.ab12cd34.new.tmp"]
)
def test_a_users_own_temporary_looking_file_beside_an_output_is_kept(
    registry: Path, tmp_path: Path, name: str
) -> None:
    """A file of the user's named like a temporary one, an hour old, beside an export:
    the export leaves it as it is (only accordreg's marked, unheld temporaries go)."""
    work = tmp_path / "d"
    work.mkdir()
    mine = work / name
    mine.write_text("my notes\n")
    os.utime(mine, (time.time() - 3600, time.time() - 3600))
    code, printed = _cli(*_args("export csv", registry, work / "o.csv"), cwd=tmp_path)
    assert code == 0, printed
    assert mine.read_text() == "my notes\n"


#: A user's own schema file, not one accordreg wrote.
MY_SCHEMA = '{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "mine"}\n'


def test_a_users_own_schema_file_is_never_written_over(registry: Path, tmp_path: Path) -> None:
    """init, new and schema with --schemas naming a folder that holds a user's own
    source.schema.json: it is kept byte for byte; the missing ones are written."""
    schemas = tmp_path / "sch"
    schemas.mkdir()
    mine = schemas / "source.schema.json"
    mine.write_text(MY_SCHEMA)
    code, printed = _cli("init", "r", "--schemas", "sch", cwd=tmp_path)
    assert code == 0, printed
    assert mine.read_text() == MY_SCHEMA
    assert (schemas / "provision.schema.json").is_file()
    (schemas / "provision.schema.json").unlink()
    code, printed = _cli(
        "new",
        "source",
        "s-1",
        "--title",
        "T",
        "--reliability",
        "press",
        "--registry",
        "r",
        "--schemas",
        "sch",
        cwd=tmp_path,
    )
    assert code == 0, printed
    assert mine.read_text() == MY_SCHEMA
    assert (schemas / "provision.schema.json").is_file()
    code, printed = _cli("schema", "--registry", "r", "--out", "sch", cwd=tmp_path)
    assert code == 1, printed
    assert f"warning: kept {Path('sch') / 'source.schema.json'}" in printed
    assert mine.read_text() == MY_SCHEMA
    code, printed = _cli("schema", "--registry", "r", "--out", "sch", "--check", cwd=tmp_path)
    assert code == 1, printed
    assert "not a schema accordreg wrote" in printed
    assert mine.read_text() == MY_SCHEMA


def test_an_import_writes_its_schemas_inside_the_registry(tmp_path: Path) -> None:
    """import pax writes the schemas into <registry>/schemas, nothing beside the registry,
    and keeps a user's own schema file there."""
    from conftest import DATA

    beside = tmp_path / "schemas"
    beside.mkdir()
    (beside / "source.schema.json").write_text(MY_SCHEMA)
    (tmp_path / "pax" / "schemas").mkdir(parents=True)
    mine = tmp_path / "pax" / "schemas" / "party.schema.json"
    mine.write_text(MY_SCHEMA)
    before = _disk(beside)
    code, printed = _cli(
        "import", "pax", str(DATA / "pax" / "agreements.csv"), "--out", "pax", cwd=tmp_path
    )
    assert code == 1, printed  # the fixture has rows in error, on purpose
    assert "file(s) written" in printed
    assert _disk(beside) == before
    assert (tmp_path / "pax" / "schemas" / "provision.schema.json").is_file()
    assert mine.read_text() == MY_SCHEMA


def _zero(path: Path) -> None:
    """A character device node that reads zeros without end (our own, never /dev/zero)."""
    try:
        os.mknod(path, 0o444 | stat.S_IFCHR, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("making a device node needs root")


@pytest.mark.parametrize("kind", ["link to a zero device", "fifo"])
def test_schema_check_never_reads_a_fifo_or_a_device(
    registry: Path, tmp_path: Path, kind: str
) -> None:
    """schema --check with a schema file that is a FIFO or links to a device reading zeros:
    it ends at once, exit 1, naming it; nothing changes."""
    schemas = registry / "schemas"
    assert _cli("schema", "--registry", str(registry), "--out", str(schemas), cwd=tmp_path)[0] == 0
    target = schemas / "source.schema.json"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        _zero(tmp_path / "zero")
        target.symlink_to(tmp_path / "zero")
    before = _disk(tmp_path)
    args = ["schema", "--registry", str(registry), "--out", str(schemas), "--check"]
    code, printed = _cli(*args, cwd=tmp_path)
    assert code == 1, printed
    assert f"{target}: not a regular file" in printed
    assert _disk(tmp_path) == before


def test_a_wait_that_is_not_a_number_is_refused(registry: Path, tmp_path: Path) -> None:
    """transition --wait nan while another process holds the lock: a usage error saying
    the wait must be finite, at once; nothing written."""
    fd = os.open(registry / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        assert locks.try_lock(fd) is locks.Lock.TAKEN
        before = _uncached(tmp_path)
        code, printed = _cli(
            "transition",
            WD,
            "in_progress",
            "--on",
            "2026-01-05",
            "--source",
            "pax-2850",
            "--registry",
            str(registry),
            "--wait",
            "nan",
            cwd=tmp_path,
        )
        assert code == 2, printed
        assert "finite" in printed
        assert _uncached(tmp_path) == before
    finally:
        os.close(fd)


def test_a_progress_that_is_not_finite_is_refused(registry: Path, tmp_path: Path) -> None:
    """transition --progress inf: one usage error saying it is not a finite number; nothing
    written."""
    (registry / LOCK_NAME).touch()  # taken by every transition, written or not
    before = _uncached(tmp_path)
    code, printed = _cli(
        "transition",
        WD,
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--registry",
        str(registry),
        "--progress",
        "inf",
        cwd=tmp_path,
    )
    assert code == 2, printed
    assert "is not a finite number" in _error_line(printed)
    lock = str((registry / LOCK_NAME).relative_to(tmp_path))  # holds the taker's pid
    assert {**_uncached(tmp_path), lock: ""} == {**before, lock: ""}


def test_a_report_window_beyond_a_century_is_a_usage_error(registry: Path, tmp_path: Path) -> None:
    """report --changes-days 99999999999: a usage error (exit 2) naming the option; no file."""
    code, printed = _cli(
        "report", str(registry), "--out", "r.md", "--changes-days", "99999999999", cwd=tmp_path
    )
    assert code == 2, printed
    assert "--changes-days" in printed
    assert not (tmp_path / "r.md").exists()


#: Makes every SQLite database of the run hold two pages at most: a disk that is full.
FULL_DISK = """import sqlite3
_connect = sqlite3.connect
def _small(*args, **kwargs):
    connection = _connect(*args, **kwargs)
    connection.execute("PRAGMA max_page_count = 2")
    return connection
sqlite3.connect = _small"""


def test_a_database_export_onto_a_full_disk_is_one_error_line(
    registry: Path, tmp_path: Path
) -> None:
    """export --format sqlite where the database fills the disk: exit 3, one line saying
    so, and no file left behind."""
    work = tmp_path / "tiny"
    work.mkdir()
    before = _disk(work)
    args = _args("export sqlite", registry, work / "x.db")
    code, printed = _cli(*args, cwd=tmp_path, prelude=FULL_DISK)
    assert code == 3, printed
    assert (
        _error_line(printed) == f"error: cannot write {work / 'x.db'}: no space left on the device"
    )
    assert _disk(work) == before


def test_a_second_page_never_lands_on_another_lists_first(tmp_path: Path) -> None:
    """Page 2 of thailand's list and the list of a party whose id is thailand-2 are two
    files: every page written is a file of its own."""
    from conftest import PROJECT

    registry = Path(shutil.copytree(PROJECT / "provisions", tmp_path / "reg"))
    (registry / "parties" / "thailand-2.yaml").write_text(
        "kind: party\nid: thailand-2\nname: Second Thai party\ntype: state\ncountry: THA\n"
    )
    survey = registry / "kl-declaration-2025" / "boundary-survey.yaml"
    text = survey.read_text()
    assert "responsible:\n  - cambodia\n  - thailand\n" in text
    survey.write_text(text.replace("  - thailand\n", "  - thailand\n  - thailand-2\n", 1))
    out = tmp_path / "site"
    prelude = "from accordreg._render.site import building\nbuilding.PAGE_SIZE = 1"
    code, printed = _cli(*_args("site", registry, out), cwd=tmp_path, prelude=prelude)
    assert code == 0, printed
    written = int(re.search(r"wrote (\d+) pages", printed).group(1))  # type: ignore[union-attr]
    assert written == len(list(out.rglob("*.html")))
    assert "Second Thai party" in (out / "by" / "party" / "thailand-2.html").read_text()
    assert "Kingdom of Thailand" in (out / "by" / "party" / "thailand.page-2.html").read_text()


#: Record text that would notify someone, link somewhere or reorder what is shown.
HOSTILE_TEXT = (
    "@octocat see https://evil.example/x, www.evil.com, //evil.org and a@b.org \u202eexe.txt\u200b"
)


def _live_markdown(markdown: str) -> tuple[list[str], list[str]]:
    """The links markdown-it (with linkify, as GitHub autolinks) makes of ``markdown``,
    and the mentions left in its text outside code."""
    pytest.importorskip("linkify_it")
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like", {"linkify": True})
    links: list[str] = []
    text: list[str] = []
    for token in parser.parse(markdown):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                links.append(str(child.attrs.get("href") or child.attrs.get("src")))
            elif child.type == "html_inline" and child.content != "<br>":
                links.append(child.content)
            elif child.type == "text":
                text.append(child.content)
    return links, re.findall(r"@\w+", " ".join(text))


def test_markdown_outputs_notify_no_one_and_link_nowhere(registry: Path, tmp_path: Path) -> None:
    """A title and a note with a mention, bare addresses and bidi and zero-width
    characters: the pull-request comment, the digest and the report render no link and no
    mention, and carry none of those characters."""
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(tmp_path)]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "add", "registry"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    record = registry / "kl-declaration-2025" / "release.yaml"
    text = record.read_text().replace(
        "title: Release of the 18 Cambodian soldiers", f'title: "{HOSTILE_TEXT}"'
    )
    text = text.replace(
        "      - chiang-rai-times-2025-12-31\n",
        f'      - chiang-rai-times-2025-12-31\n    note: "{HOSTILE_TEXT}"\n',
    )
    record.write_text(text)
    code, comment = _cli(
        "diff", "HEAD", "--format", "markdown", "--registry", "registry", cwd=tmp_path
    )
    assert code == 1, comment
    code, digest_ = _cli(
        "changes",
        "--registry",
        "registry",
        "--since",
        "2025-12-01",
        "--until",
        ON,
        "--format",
        "markdown",
        cwd=tmp_path,
    )
    assert code == 0, digest_
    code, printed = _cli(
        "report", "registry", "--out", "r.md", "--on", ON, "--changes-days", "60", cwd=tmp_path
    )
    assert code == 0, printed
    report_ = (tmp_path / "r.md").read_text()
    for markdown in (comment, digest_, report_):
        assert "octocat" in markdown
        assert _live_markdown(markdown) == ([], [])
        assert not re.search("[\u202e\u200b]", markdown)


def _status(registry: Path, cwd: Path, home: Path) -> tuple[int, str]:
    return _cli(
        "status",
        "--registry",
        str(registry),
        cwd=cwd,
        env={"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")},
    )


def test_a_cache_made_under_another_users_key_is_rebuilt_without_a_word(
    registry: Path, tmp_path: Path
) -> None:
    """status under one HOME, then another, then the first: no warning (a cache made
    under another key is stale, not damaged)."""
    for home in ("a", "b", "a", "b"):
        code, printed = _status(registry, tmp_path, tmp_path / home)
        assert code == 0, printed
        assert "warning" not in printed


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_a_folder_in_the_cache_is_said_once_and_not_again(
    registry: Path, tmp_path: Path, kind: str
) -> None:
    """A FIFO in place of the cache's snapshot is replaced by the next run, whose one
    warning is not repeated; a folder there is never removed, and each run says in one
    line that the cache is not used (never that it is rebuilt)."""
    home = tmp_path / "home"
    assert _status(registry, tmp_path, home)[0] == 0
    snapshot = registry / FOLDER / "results.json"
    snapshot.unlink()
    if kind == "fifo":
        os.mkfifo(snapshot)
    else:
        snapshot.mkdir()
        (snapshot / "keep.txt").write_text("not accordreg's\n")
    before = _uncached(tmp_path)
    said = []
    for _ in range(3):
        code, printed = _status(registry, tmp_path, home)
        assert code == 0, printed
        said.append([line for line in printed.splitlines() if "warning" in line])
    assert _uncached(tmp_path) == before
    if kind == "fifo":
        assert [len(lines) for lines in said] == [1, 0, 0]
        assert snapshot.is_file()
    else:
        assert all(len(lines) == 1 and "is not used" in lines[0] for lines in said)
        assert (snapshot / "keep.txt").read_text() == "not accordreg's\n"
