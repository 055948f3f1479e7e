"""Every command that writes: a failed write is one line on stderr and exit 3, files intact."""

from __future__ import annotations

import errno
import os
import tempfile
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accordreg._cli import main
from accordreg._registry import staging
from conftest import BASE, copy_base

WD = "kl-declaration-2025/withdrawal"


def _fail(code: int) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


#: A command that writes, and the files it would replace or create, per test folder.
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "report": (["report", "--registry", "{reg}", "--out", "{tmp}/r.md"], ["r.md"]),
    "export-csv": (
        ["export", "--registry", "{reg}", "--out", "{tmp}/s.csv"],
        ["s.csv", "s-events.csv"],
    ),
    "export-jsonl": (
        ["export", "--registry", "{reg}", "--format", "jsonl", "--out", "{tmp}/s.jsonl"],
        ["s.jsonl"],
    ),
    "transition": (
        [
            "transition",
            WD,
            "in_progress",
            "--on",
            "2026-01-05",
            "--source",
            "pax-2850",
            "--registry",
            "{reg}",
        ],
        [f"registry/{WD}.yaml"],
    ),
    "new": (
        ["new", "source", "x-1", "--title", "T", "--reliability", "press", "--registry", "{reg}"],
        ["registry/sources/x-1.yaml"],
    ),
    "schema": (["schema", "--out", "{tmp}/schemas"], ["schemas/source.schema.json"]),
    "init": (["init", "{tmp}/fresh"], ["fresh/.gitignore", "fresh/sources/example-source.yaml"]),
}
#: Ways a write fails: a read-only or immutable folder, a full disk (at write or rename).
FAILURES = {
    "read-only": ((tempfile, "mkstemp"), errno.EACCES),
    "immutable": ((tempfile, "mkstemp"), errno.EPERM),
    "disk-full": ((os, "write"), errno.ENOSPC),
    "disk-full-at-rename": ((os, "replace"), errno.ENOSPC),
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_failed_writes_exit_3_with_one_line_and_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, failure: str
) -> None:
    """Any writing command, any way of failing: exit 3, one error line, no file changed."""
    registry = copy_base(tmp_path / "registry")
    (tmp_path / "schemas").mkdir()
    args, targets = COMMANDS[command]
    for name in targets:
        target = tmp_path / name
        if target.parent in (tmp_path, tmp_path / "schemas"):  # outputs: an old one is there
            target.write_bytes(b"old content\n")
    before = _snapshot(tmp_path)
    (module, name), code = FAILURES[failure]
    argv = [a.format(reg=registry, tmp=tmp_path) for a in args]
    with monkeypatch.context() as patch:
        patch.setattr(module, name, _fail(code))
        result = CliRunner().invoke(main, argv)
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: cannot write "), lines
    after = {k: v for k, v in _snapshot(tmp_path).items() if ".accordreg" not in k}
    assert after == {k: v for k, v in before.items() if ".accordreg" not in k}
    assert not list(tmp_path.rglob("*.tmp"))


def test_report_into_a_missing_folder_names_it(tmp_path: Path) -> None:
    """report --out into a folder that does not exist: exit 3 and the folder's name."""
    out = tmp_path / "no" / "such" / "r.html"
    result = CliRunner().invoke(main, ["report", "--registry", str(BASE), "--out", str(out)])
    assert result.exit_code == 3
    assert result.stderr == (f"error: cannot write {out}: the folder {out.parent} does not exist\n")


def test_transition_in_a_folder_where_the_lock_cannot_be_made(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only registry folder stops a transition at its lock file: exit 3, one line."""
    real_open = os.open

    def open_(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith(staging.LOCK_NAME):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(staging, "os", types.SimpleNamespace(**{**vars(os), "open": open_}))
    target = registry_dir / f"{WD}.yaml"
    before = target.read_bytes()
    args = ["transition", WD, "in_progress", "--on", "2026-01-05", "--source", "pax-2850"]
    result = CliRunner().invoke(main, [*args, "--registry", str(registry_dir)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: cannot write {registry_dir.resolve() / staging.LOCK_NAME}: "
        "permission denied (is the folder read-only?)\n"
    )
    assert target.read_bytes() == before
