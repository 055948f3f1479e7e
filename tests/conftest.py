"""Shared fixtures: the example registry, overlays of example cases, the YAML test suite."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accordreg._cli import main
from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._store import locks
from accordreg._validation.in_process import check_bytes
from accordreg._yaml.native import native_installed

# The stock path is what every test exercises; the native accelerator has tests of its own.
os.environ["ACCORDREG_NATIVE"] = "0"

DATA = Path(__file__).parent / "data"
BASE = DATA / "registry"
PROJECT = Path(__file__).parent.parent
CORPUS = PROJECT.parent / "shared" / "corpus" / "yaml-test-suite"


#: Read commands run on the example registry leave a cache there; copies start without one.
_NOT_RECORDS = shutil.ignore_patterns(".accordreg-cache", ".accordreg.lock")


@pytest.fixture(autouse=True)
def _example_registry_left_as_found() -> Iterator[None]:
    """Read commands run on the example registry cache their results in it: remove them."""
    yield
    shutil.rmtree(BASE / ".accordreg-cache", ignore_errors=True)


def copy_base(target: Path) -> Path:
    """A copy of the example registry at ``target`` (without any cache a test left in it)."""
    return Path(shutil.copytree(BASE, target, ignore=_NOT_RECORDS))


def overlay(case: Path, target: Path) -> Path:
    """Copy the example registry to ``target`` and lay a case's files over it."""
    shutil.copytree(BASE, target, ignore=_NOT_RECORDS)
    for item in case.rglob("*"):
        if item.name == "expected.txt" or item.is_dir():
            continue
        dest = target / item.relative_to(case)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists() or dest.is_symlink():
            dest.unlink()
        if item.is_symlink():
            dest.symlink_to(item.readlink())
        else:
            shutil.copyfile(item, dest)
    return target


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    """A writable copy of the example registry."""
    return Path(shutil.copytree(BASE, tmp_path / "registry", ignore=_NOT_RECORDS))


#: The lock platforms the write paths are tested on: POSIX's flock, and none at all.
LOCK_PLATFORMS = ["flock", "no fcntl"]


@pytest.fixture(params=LOCK_PLATFORMS)
def lock_platform(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The test as on POSIX, then as on a platform without fcntl (nor msvcrt): in this
    process, and in every Python process it starts (``fcntl`` cannot be imported there).

    Without locks, the registry lock's warning that writers are not kept apart is let
    through silently here: the tests of the lock ask for it where they mean to.
    """
    if request.param == "flock":
        yield request.param
        return
    monkeypatch.setattr(locks, "_fcntl", None)
    monkeypatch.setattr(locks, "_msvcrt", None)
    site = tmp_path_factory.mktemp("no-fcntl")
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['fcntl'] = None\n")
    paths = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "(?s).*cannot be locked on this system", RuntimeWarning)
        yield request.param


def run(*args: str) -> tuple[int, str]:
    """Run the CLI in-process; return the exit code and everything it printed."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def pax_registry(target: Path) -> Path:
    """The PA-X test file (tests/data/pax) imported into ``target``: agreements with PA-X's
    regions, countries, conflict types and stages. The file holds rows the importer
    reports and leaves out, so the import ends with status 1."""
    code, text = run(
        "import", "pax", str(DATA / "pax" / "agreements.csv"), "--registry", str(target)
    )
    assert code in (0, 1), text
    assert (target / "accordreg.yaml").is_file(), text
    return target


@contextmanager
def deadline(seconds: int = 30) -> Iterator[None]:
    """Fail instead of hanging: raise TimeoutError in the test if the block overruns.

    A guard against hangs only (a FIFO, a device), never a measure of speed.
    """

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(path: Path) -> dict[str, Any]:
    """A cache snapshot's header fields (``key``, ``sum``) and its ``files``, unverified."""
    head, _, body = path.read_bytes().partition(b"\n")
    return {**json.loads(head), "files": json.loads(body)}


def settle(root: Path, seconds: float = 3600) -> None:
    """Make every record file look long settled, so that the cache trusts its stat."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def warm_load(root: Path) -> Any:
    """The registry loaded a second time with the cache: its records from cached data."""
    import accordreg

    settle(root)
    accordreg.load(root, use_cache=True)
    return accordreg.load(root, use_cache=True)


#: For tests of the native accelerator, which is an optional extra.
needs_native = pytest.mark.skipif(
    not native_installed(), reason="yaml-rs (the native extra) absent"
)


@contextmanager
def native_parser(on: bool) -> Iterator[None]:
    """The native parser turned on or off for the block (off again after it, as for all)."""
    old = os.environ.get("ACCORDREG_NATIVE")
    os.environ["ACCORDREG_NATIVE"] = "1" if on else "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ["ACCORDREG_NATIVE"]
        else:
            os.environ["ACCORDREG_NATIVE"] = old


def reported(raw: bytes, path: str, native: bool) -> list[tuple[str, int, int, str, str | None]]:
    """Every diagnostic of checking ``raw`` as the file ``path``, with the native parser on
    or off: code, line, column, message, hint."""
    with native_parser(native):
        result, _ = check_bytes(raw, path, DEFAULT_SETTINGS)
    return [(d.code, d.line, d.column, d.message, d.hint) for d in result.diagnostics]
