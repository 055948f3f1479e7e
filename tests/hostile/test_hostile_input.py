"""Hostile input end to end: what `accordreg validate`, check() and load() make of it.

Each case lays hostile files over a copy of the example registry and runs the command
line in a child process with a timeout, so that no case can hang the suite. Every case
checks the exit code, each diagnostic's code and place, that nothing printed a
traceback, and that the files on disk are exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import accordreg
from accordreg._validation.cache import FILE, FOLDER, JOURNAL
from conftest import BASE, copy_base, needs_native, snapshot

SRC = Path(accordreg.__file__).resolve().parent.parent
#: Generous: a case takes well under a second; this only stops a hang.
TIMEOUT = 30

Found = tuple[str, str, int, int]  # relative path, code, line, column


def _env(native: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["ACCORDREG_NATIVE"] = "1" if native else "0"
    return env


def _validate(root: Path, *options: str, native: bool = False) -> tuple[int, Any, str]:
    """Exit code, JSON report and standard error of `accordreg validate` on ``root``."""
    done = subprocess.run(
        [sys.executable, "-m", "accordreg", "validate", str(root), "--format", "json", *options],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(native),
        check=False,
        cwd=root.parent,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout), done.stderr


_LIBRARY = """
import json, sys
import accordreg
root = sys.argv[1]
found = [[d.path, d.code, d.line, d.column] for d in accordreg.check(root)]
try:
    accordreg.load(root)
    loaded = "loaded"
except accordreg.ValidationFailed:
    loaded = "refused"
print(json.dumps({"check": found, "load": loaded}))
"""


def _library(root: Path) -> tuple[list[Found], str]:
    """What check() finds under ``root``, and whether load() loads or refuses it."""
    done = subprocess.run(
        [sys.executable, "-c", _LIBRARY, str(root)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(),
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    found = [(_rel(root, p), c, line, col) for p, c, line, col in out["check"]]
    return sorted(found), str(out["load"])


def _rel(root: Path, path: str) -> str:
    return Path(path).relative_to(root).as_posix() if Path(path).is_absolute() else path


def _found(root: Path, report: Any) -> list[Found]:
    return sorted(
        (_rel(root, d["path"]), d["code"], d["line"], d["column"]) for d in report["diagnostics"]
    )


def _disk(root: Path) -> dict[str, str]:
    """Every entry under ``root`` but the cache: a file by its hash, a link by its target,
    anything else (a FIFO) by its type; never opening what is not a regular file."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == FOLDER:
            continue
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            out[str(rel)] = f"-> {os.readlink(path)}"
        elif stat.S_ISREG(mode):
            out[str(rel)] = hashlib.blake2b(path.read_bytes()).hexdigest()
        else:
            out[str(rel)] = f"mode {stat.S_IFMT(mode):o}"
    return out


# -- the cases ---------------------------------------------------------------------------

Lay = Callable[[Path], None]


def _write(rel: str, data: bytes | str) -> Lay:
    def lay(root: Path) -> None:
        raw = data.encode() if isinstance(data, str) else data
        (root / rel).write_bytes(raw)

    return lay


def _link(rel: str, target: str) -> Lay:
    def lay(root: Path) -> None:
        (root / rel).symlink_to(target)

    return lay


def _fifo(rel: str) -> Lay:
    def lay(root: Path) -> None:
        os.mkfifo(root / rel)

    return lay


def _sparse(rel: str, size: int) -> Lay:
    def lay(root: Path) -> None:
        with (root / rel).open("wb") as f:
            f.truncate(size)

    return lay


def _all(*lays: Lay) -> Lay:
    def lay(root: Path) -> None:
        for one in lays:
            one(root)

    return lay


SOURCE = "kind: source\nid: x\ntitle: A source\nreliability: press\n"
RECORD = (BASE / "sources" / "pax-2850.yaml").read_text()


@dataclass(frozen=True)
class Case:
    """Hostile files laid over the example registry, and what validation must say."""

    name: str
    lay: Lay
    exit: int
    found: tuple[Found, ...]


X = "sources/x.yaml"

CASES = [
    # 1. a file that holds no record; a malformed directive
    Case("null", _write(X, "~\n"), 1, ((X, "F002", 1, 1),)),
    Case("bare document start", _write(X, "---\n"), 1, ((X, "F002", 1, 1),)),
    Case("directive only", _write(X, "%YAML 1.2\n---\n"), 1, ((X, "F002", 1, 1),)),
    Case("malformed directive", _write(X, "%YAML 1.1#...\n---\n"), 1, ((X, "Y001", 1, 1),)),
    Case(
        "malformed directive before a record",
        _write(X, "%YAML 1.1#...\n---\n" + SOURCE),
        1,
        ((X, "Y001", 1, 1),),
    ),
    # 2. a looping link among records hides nothing else
    Case(
        "looping link beside a bad record",
        _all(_link("sources/loop.yaml", "loop.yaml"), _write("sources/z.yaml", "kind: nope\n")),
        1,
        (("sources/loop.yaml", "F004", 1, 1), ("sources/z.yaml", "S007", 1, 7)),
    ),
    Case(
        "two links leading to each other",
        _all(_link("sources/a.yaml", "b.yaml"), _link("sources/b.yaml", "a.yaml")),
        1,
        (("sources/a.yaml", "F004", 1, 1), ("sources/b.yaml", "F004", 1, 1)),
    ),
    # 8. what is not a regular file, or is too large, is refused unread
    Case("fifo", _fifo("sources/a.yaml"), 1, (("sources/a.yaml", "F004", 1, 1),)),
    Case("/dev/zero", _link("sources/a.yaml", "/dev/zero"), 1, (("sources/a.yaml", "F004", 1, 1),)),
    Case(
        "/dev/urandom",
        _link("sources/a.yaml", "/dev/urandom"),
        1,
        (("sources/a.yaml", "F004", 1, 1),),
    ),
    Case("over 5 MB", _sparse(X, 6 * 1024 * 1024), 1, ((X, "F004", 1, 1),)),
    # 9. an integer too long to read
    Case(
        "long integer", _write(X, SOURCE + "level: " + "9" * 5000 + "\n"), 1, ((X, "S008", 5, 8),)
    ),
    Case(
        "long integer in a list",
        _write(X, SOURCE + "tags:\n  - a\n  - " + "1" * 4301 + "\n"),
        1,
        ((X, "S008", 7, 5),),
    ),
    Case(
        "long hexadecimal integer",
        _write(X, SOURCE + "level: [0x" + "f" * 4000 + "]\n"),
        1,
        ((X, "S008", 5, 9),),
    ),
    # 18. indentation mistakes, told in plain words at their line
    Case("indented key", _write(X, "kind: source\nid: x\n  title: y\n"), 1, ((X, "Y001", 3, 3),)),
    Case(
        "line without colon", _write(X, "kind: source\nid x\ntitle: y\n"), 1, ((X, "Y001", 2, 1),)
    ),
    Case(
        "list item out of line",
        _write(X, SOURCE + "tags:\n  - a\n - b\n"),
        1,
        ((X, "Y001", 7, 2),),
    ),
    Case(
        "unclosed quote", _write(X, 'kind: source\ntitle: "abc\nid: x\n'), 1, ((X, "Y001", 2, 8),)
    ),
    # 21. other encodings, and names that are nearly record names
    Case("UTF-16", _write(X, SOURCE.encode("utf-16")), 1, ((X, "F001", 1, 1),)),
    Case("UTF-16BE, no mark", _write(X, SOURCE.encode("utf-16-be")), 1, ((X, "F001", 1, 1),)),
    Case("UTF-32", _write(X, SOURCE.encode("utf-32")), 1, ((X, "F001", 1, 1),)),
    Case(
        "near-miss names",
        _all(_write("sources/x.YAML", RECORD), _write("sources/pax-2850.yaml~", RECORD)),
        0,  # warnings only
        (("sources/pax-2850.yaml~", "F005", 1, 1), ("sources/x.YAML", "F005", 1, 1)),
    ),
]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A fresh copy of the example registry."""
    return copy_base(tmp_path / "registry")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs, links and /dev")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_is_reported_in_place(case: Case, registry: Path) -> None:
    """Exit code, codes and places, cold and from the cache; no traceback, no hang, no write."""
    case.lay(registry)
    before = _disk(registry)
    for _ in ("cold", "warm"):
        code, report, _stderr = _validate(registry)
        assert code == case.exit
        assert _found(registry, report) == sorted(case.found)
    assert _disk(registry) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs, links and /dev")
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_through_check_and_load(case: Case, registry: Path) -> None:
    """check() finds the same as the command line; load() refuses an invalid registry."""
    case.lay(registry)
    found, loaded = _library(registry)
    assert found == sorted(case.found)
    assert loaded == ("loaded" if case.exit == 0 else "refused")


# 3. the native parser and the stock path report alike

NATIVE_CASES = [
    ("control character", SOURCE + "note: a\x07b\n"),
    ("DEL", SOURCE + "note: a\x7fb\n"),
    ("C1 control", SOURCE + "note: a\x9fb\n"),
    ("next-line character", SOURCE + "note: a\x85b\n"),
    ("line separator", SOURCE + "note: a\u2028b\n"),
    ("empty key", SOURCE + ":\n"),
    ("empty key with a value", SOURCE + ": x\n"),
    ("integer key", SOURCE + "1: x\n"),
    ("boolean key", SOURCE + "true: x\n"),
    ("null key", SOURCE + "null: x\n"),
    ("integer key in a list", SOURCE + "tags:\n  - 2: x\n"),
    ("long integer", SOURCE + "level: " + "9" * 5000 + "\n"),
]


@needs_native
@pytest.mark.parametrize(("name", "text"), NATIVE_CASES, ids=[n for n, _ in NATIVE_CASES])
def test_native_parser_reports_exactly_as_the_stock_path(
    name: str, text: str, registry: Path
) -> None:
    """Same exit code, codes, places, messages and hints with the native parser on or off."""
    (registry / X).write_text(text)
    stock = _validate(registry, "--no-cache", native=False)
    native = _validate(registry, "--no-cache", native=True)
    assert native[:2] == stock[:2]
    assert stock[0] == 1
    lines = text.count("\n")
    assert all(1 <= d["line"] <= lines for d in stock[1]["diagnostics"])


# 7. a damaged cache is rebuilt with one warning


Damage = Callable[[str], dict[str, bytes]]  # the cache's key -> files to write

DAMAGE: list[tuple[str, Damage]] = [
    ("deep snapshot", lambda key: {FILE: b"[" * 200_000}),
    ("garbage snapshot", lambda key: {FILE: b"\x00\xff{]"}),
    (
        "snapshot of the wrong shape",
        lambda key: {FILE: json.dumps({"key": key, "files": []}).encode()},
    ),
    ("bad entry", lambda key: {FILE: json.dumps({"key": key, "files": {X: [1, 2, 3]}}).encode()}),
    ("torn journal line", lambda key: {JOURNAL: b"[1, 2\n"}),
    ("journal line of the wrong shape", lambda key: {JOURNAL: b"5\n"}),
    ("deep journal line", lambda key: {JOURNAL: b"[" * 200_000 + b"\n"}),
]


@pytest.mark.parametrize(("name", "damage"), DAMAGE, ids=[n for n, _ in DAMAGE])
def test_a_damaged_cache_gives_one_warning_and_is_rebuilt(
    name: str, damage: Damage, registry: Path
) -> None:
    """Exit 0, one warning line on stderr, no traceback; the next run uses the new cache."""
    (registry / X).write_text(SOURCE.replace("id: x", "id: x\npublisher: P"))
    assert _validate(registry)[0] == 0
    key = snapshot(registry / FOLDER / FILE)["key"]
    for file, raw in damage(key).items():
        (registry / FOLDER / file).write_bytes(raw)
    before = _disk(registry)
    code, report, stderr = _validate(registry)
    assert (code, report["diagnostics"]) == (0, [])
    assert len(stderr.splitlines()) == 1
    assert "cache" in stderr
    code, report, stderr = _validate(registry)
    assert (code, stderr) == (0, "")
    assert snapshot(registry / FOLDER / FILE)["files"]
    assert _disk(registry) == before
