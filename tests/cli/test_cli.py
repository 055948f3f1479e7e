"""The command line, driven through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import BASE, DATA, PROJECT, overlay, run


def test_validate_valid_registry_exits_0() -> None:
    """A valid registry: exit 0 and a summary line."""
    code, out = run("validate", str(BASE), "--no-cache")
    assert code == 0
    assert "11 file(s) checked: all valid" in out


def test_validate_text_lines_are_path_line_col_code_then_hint(tmp_path: Path) -> None:
    """Text output is PATH:LINE:COL: CODE message with the hint on the next line."""
    root = overlay(DATA / "invalid" / "S004-invalid-value", tmp_path / "r")
    code, out = run("validate", str(root))
    assert code == 1
    lines = out.splitlines()
    path = root / "kl-declaration-2025" / "release.yaml"
    assert lines[0] == (f"{path}:17:13: S004 history[0].status: 'Agreed' is not an allowed value")
    assert lines[1] == "    hint: did you mean 'agreed'?"


def test_validate_json_is_one_document(tmp_path: Path) -> None:
    """--format json prints one JSON document with every diagnostic."""
    root = overlay(DATA / "invalid" / "R001-duplicate-id", tmp_path / "r")
    code, out = run("validate", str(root), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["valid"] is False
    assert (doc["errors"], doc["warnings"]) == (2, 1)
    assert {d["code"] for d in doc["diagnostics"]} == {"R001", "R005"}
    assert doc["diagnostics"][0]["name"] in ("duplicate-id", "path-mismatch")


def test_validate_github_annotations(tmp_path: Path) -> None:
    """--format github prints ::error annotations with file, line and col."""
    root = overlay(DATA / "invalid" / "L002-illegal-move", tmp_path / "r")
    code, out = run("validate", str(root), "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=")
    assert ",line=29,col=13,title=L002::L002 cannot move from 'in_progress' to 'verified'" in first


def test_validate_missing_path_is_a_usage_error() -> None:
    """A path that does not exist exits 2."""
    code, out = run("validate", "/no/such/registry")
    assert code == 2
    assert "does not exist" in out


def test_validate_bad_format_is_a_usage_error() -> None:
    """An unknown --format exits 2."""
    assert run("validate", str(BASE), "--format", "xml")[0] == 2


def test_validate_several_paths_and_single_files(tmp_path: Path) -> None:
    """Several folders and files can be checked in one run, each with its whole registry."""
    root = overlay(DATA / "invalid" / "Y003-duplicate-key", tmp_path / "r")
    one = root / "kl-declaration-2025" / "release.yaml"
    code, out = run("validate", str(one), str(root / "sources"))
    assert code == 1
    assert "Y003" in out
    # Checked with the registry it is part of: its references resolve.
    assert "R002" not in out


def test_status_json_on_a_date() -> None:
    """status --format json lists every provision with the contract's fields."""
    code, out = run("status", "--registry", str(BASE), "--on", "2025-11-15", "--format", "json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    release = rows["kl-declaration-2025/release"]
    assert {"id", "agreement", "title", "category", "status", "level", "since"} <= set(release)
    assert (release["status"], release["level"], release["since"]) == ("suspended", 0, "2025-11-10")


def test_status_csv_has_a_header_and_a_row_per_provision() -> None:
    """status --format csv is readable by the csv module."""
    code, out = run("status", "--registry", str(BASE), "--on", "2026-01-15", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["status"] for r in rows] == ["implemented", "suspended"]
    assert rows[1]["overdue"] == "True"


def test_status_text_shows_agreement_level() -> None:
    """The text table heads each agreement with its level on the date."""
    code, out = run("status", "--registry", str(BASE), "--on", "2026-01-15")
    assert code == 0
    assert "kl-declaration-2025" in out
    assert "level 100% (1 of 2 provisions rated: 1 by status)" in out
    assert "past due 2025-11-21 while suspended, no completion recorded" in out
    assert "OVERDUE" not in out


def test_status_bad_date_is_a_usage_error() -> None:
    """--on with an impossible date exits 2."""
    assert run("status", "--registry", str(BASE), "--on", "2025-13-01")[0] == 2


def test_status_on_an_invalid_registry_exits_1(tmp_path: Path) -> None:
    """status refuses an invalid registry with its diagnostics and exit 1."""
    root = overlay(DATA / "invalid" / "S001-unknown-key", tmp_path / "r")
    code, out = run("status", "--registry", str(root))
    assert code == 1
    assert "S001" in out


def test_schema_write_then_check(tmp_path: Path) -> None:
    """schema writes one file per kind and one for settings; --check then passes, and
    fails once one is stale."""
    out_dir = tmp_path / "schemas"
    assert run("schema", "--out", str(out_dir))[0] == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "agreement.schema.json",
        "party.schema.json",
        "provision.schema.json",
        "settings.schema.json",
        "source.schema.json",
    ]
    assert run("schema", "--out", str(out_dir), "--check")[0] == 0
    (out_dir / "party.schema.json").write_text("{}")
    code, out = run("schema", "--out", str(out_dir), "--check")
    assert code == 1
    assert "party.schema.json" in out


def test_help_lists_the_verbs() -> None:
    """--help names every verb."""
    code, out = run("--help")
    assert code == 0
    for verb in ("validate", "status", "schema"):
        assert verb in out


@pytest.mark.parametrize("args", [["validate", "--no-cache"], ["status"]])
def test_python_dash_m_defaults_to_provisions(args: list[str]) -> None:
    """`python -m accordreg` works and PATH defaults to ./provisions."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    result = subprocess.run(
        [sys.executable, "-m", "accordreg", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def _line_of(path: Path, text: str, nth: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if text in line]
    return hits[nth - 1]


def test_breaks_in_a_copy_of_the_bundled_registry_are_all_reported(tmp_path: Path) -> None:
    """An unknown key, an impossible date, a misspelt status and a duplicated file: one run."""
    root = tmp_path / "provisions"
    shutil.copytree(PROJECT / "provisions", root)
    kl = root / "kl-declaration-2025"
    demining = kl / "demining.yaml"
    demining.write_text(demining.read_text().replace("responsible:", "responsibel:"))
    weapons = kl / "heavy-weapons-withdrawal.yaml"
    weapons.write_text(weapons.read_text().replace("on: 2025-11-01", "on: 2025-11-31"))
    release = kl / "release-of-18.yaml"
    release.write_text(release.read_text().replace("status: suspended", "status: suspnded"))
    shutil.copyfile(kl / "cybercrime.yaml", kl / "cybercrime-copy.yaml")

    code, out = run("validate", str(root))
    assert code == 1
    expected = [
        f"{kl / 'cybercrime-copy.yaml'}:{_line_of(kl / 'cybercrime.yaml', 'id:')}:5: R001",
        f"{kl / 'cybercrime-copy.yaml'}:{_line_of(kl / 'cybercrime.yaml', 'id:')}:5: R005",
        f"{kl / 'cybercrime.yaml'}:{_line_of(kl / 'cybercrime.yaml', 'id:')}:5: R001",
        f"{demining}:{_line_of(demining, 'responsibel:')}:1: S001",
        f"{weapons}:{_line_of(weapons, 'on: 2025-11-31')}:9: S005",
        f"{release}:{_line_of(release, 'status: suspnded')}:13: S004",
    ]
    problems = [line for line in out.splitlines() if line.startswith(str(root))]
    found = sorted(" ".join(p.split(" ")[:2]) for p in problems)
    assert found == sorted(expected)
    assert "hint: did you mean 'responsible'?" in out
    assert "hint: did you mean 'suspended'?" in out


def _verbs() -> list[list[str]]:
    """Every command of the command line, groups opened: ['new', 'party'], ['status'], ..."""
    from accordreg._cli import main

    ctx = click.Context(main)
    out = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += [[name, sub] for sub in command.list_commands(ctx)]
        else:
            out.append([name])
    return out


@pytest.mark.parametrize("verb", _verbs(), ids=" ".join)
def test_every_verb_takes_the_registry_as_registry(verb: list[str]) -> None:
    """Each verb accepts --registry and -r, and says so in its help."""
    from accordreg._cli import main

    ctx = click.Context(main)
    command: click.Command | None = main
    for part in verb:
        assert isinstance(command, click.Group)
        command = command.get_command(ctx, part)
    assert command is not None
    names = {n for p in command.params for n in getattr(p, "opts", [])}
    assert {"--registry", "-r"} <= names, verb
    code, out = run(*verb, "--help")
    assert code == 0
    assert "--registry" in out


def test_the_registry_is_found_as_git_finds_its_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --registry: the registry of this folder or one above it, or its provisions/;
    $ACCORDREG_REGISTRY first; a PATH given the old way still works, with a note."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "provisions")
    deep = root / "provisions" / "kl-declaration-2025"
    for here in (root, root / "provisions", deep):
        monkeypatch.chdir(here)
        code, out = run("status", "--on", "2026-01-15", "--format", "json")
        assert code == 0, (here, out)
        assert len(json.loads(out)) == 2
    monkeypatch.chdir(tmp_path)
    assert run("status")[0] == 2  # nothing here or above: ./provisions does not exist
    monkeypatch.setenv("ACCORDREG_REGISTRY", str(root / "provisions"))
    code, out = run("status", "--format", "json")
    assert code == 0
    monkeypatch.delenv("ACCORDREG_REGISTRY")
    code, out = run("status", str(root / "provisions"), "--format", "csv")
    assert code == 0
    assert out.startswith("note: naming the registry without --registry is deprecated")
    code, out = run("status", str(root / "provisions"), "--registry", str(root / "provisions"))
    assert code == 2
    assert "name the registry once" in out


def test_a_folder_inside_a_registry_is_checked_with_the_whole_registry(registry_dir: Path) -> None:
    """`validate` of one agreement's folder or one file resolves references against the whole
    registry (no false R002) and shows only the problems of what it was given."""
    folder = registry_dir / "kl-declaration-2025"
    code, out = run("validate", str(folder))
    assert (code, out.strip()) == (0, "3 file(s) checked: all valid")
    code, out = run("validate", str(folder / "release.yaml"))
    assert (code, out.strip()) == (0, "1 file(s) checked: all valid")
    broken = registry_dir / "sources" / "pax-2850.yaml"
    broken.write_text(broken.read_text().replace("reliability: official", "reliability: offical"))
    assert run("validate", str(folder))[0] == 0  # the broken source is not in the folder
    code, out = run("validate", str(broken))
    assert code == 1
    assert "did you mean 'official'" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["status", "--bogus"], "error: No such option '--bogus'. (see `accordreg status --help`)"),
        (["nosuch"], "error: No such command 'nosuch'. (see `accordreg --help`)"),
    ],
)
def test_a_usage_error_is_one_line_with_where_the_help_is(args: list[str], said: str) -> None:
    """A usage error is one line saying what is wrong and where the help is, status 2."""
    code, out = run(*args)
    assert (code, out) == (2, said + "\n")
