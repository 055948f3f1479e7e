"""Fitting the ecosystem: the pre-commit hook, and the schemas under another validator."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from accordreg._model.kinds import guess_kind
from conftest import PROJECT, copy_base

HOOKS = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())


def _bin(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent))


def test_hook_is_declared_for_record_files() -> None:
    """accordreg-validate runs `accordreg validate` whenever a YAML file changes."""
    (hook,) = [h for h in HOOKS if h["id"] == "accordreg-validate"]
    assert hook["entry"] == "accordreg validate"
    assert hook["language"] == "python"
    assert re.search(hook["files"], "provisions/x/y.yaml")
    assert re.search(hook["files"], "provisions/x/y.yml")
    assert not re.search(hook["files"], "README.md")


def test_hook_entry_reports_located_errors(tmp_path: Path) -> None:
    """The hook's command, run as pre-commit runs it, fails with path:line:col and a hint."""
    (hook,) = [h for h in HOOKS if h["id"] == "accordreg-validate"]
    shutil.copytree(PROJECT / "provisions", tmp_path / "provisions")
    target = tmp_path / "provisions" / "kl-declaration-2025" / "demining.yaml"
    target.write_text(target.read_text().replace("title: Demining", "titel: Demining"))
    entry = [_bin("accordreg") or "accordreg", *hook["entry"].split()[1:]]
    done = subprocess.run(entry, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "provisions/kl-declaration-2025/demining.yaml:5:1: S001 unknown key 'titel'" in (
        done.stdout
    )
    assert "hint: did you mean 'title'?" in done.stdout


@pytest.mark.skipif(_bin("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_try_repo_on_a_users_registry(tmp_path: Path) -> None:
    """pre-commit installs the hook from this repository and it catches a broken record."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    copy_base(tmp_path / "provisions")
    target = tmp_path / "provisions" / "kl-declaration-2025" / "release.yaml"
    target.write_text(target.read_text().replace("status: agreed", "status: agred"))
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    done = subprocess.run(
        [
            _bin("pre-commit") or "pre-commit",
            "try-repo",
            str(PROJECT),
            "accordreg-validate",
            "--all-files",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "release.yaml:17:13: S004" in done.stdout
    assert "did you mean 'agreed'?" in done.stdout


def _records() -> list[Path]:
    return sorted(p for p in (PROJECT / "provisions").rglob("*.yaml"))


@pytest.mark.skipif(_bin("check-jsonschema") is None, reason="check-jsonschema not installed")
@pytest.mark.parametrize("kind", ["agreement", "provision", "party", "source"])
def test_check_jsonschema_accepts_every_bundled_record(kind: str) -> None:
    """An independent validator accepts every bundled record against its exported schema."""
    files = [str(p) for p in _records() if guess_kind(str(p)) == kind]
    assert files
    done = subprocess.run(
        [
            _bin("check-jsonschema") or "",
            "--schemafile",
            str(PROJECT / "schemas" / f"{kind}.schema.json"),
            *files,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(_bin("check-jsonschema") is None, reason="check-jsonschema not installed")
def test_check_jsonschema_rejects_a_misspelt_status() -> None:
    """The exported schema catches what accordreg catches, for editors to show."""
    bad = PROJECT / "tests/data/invalid/S004-invalid-value/kl-declaration-2025/release.yaml"
    done = subprocess.run(
        [
            _bin("check-jsonschema") or "",
            "--schemafile",
            str(PROJECT / "schemas" / "provision.schema.json"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "'Agreed' is not one of" in done.stdout
