"""Acceptance tests: each diagnostic code against a folder of valid and invalid examples."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from accordreg import CODES, check
from accordreg._diagnostics import Severity
from accordreg._importers.ceasefires import import_ceasefires
from accordreg._importers.output import Written
from accordreg._importers.pax import import_csv
from accordreg._importers.ucdp import import_ucdp
from conftest import DATA, overlay

#: The file an import's example case holds, and the import that reads it.
IMPORTS: dict[str, Callable[[Path, Path], Written]] = {
    "pax.csv": import_csv,
    "ucdp.csv": import_ucdp,
    "ceasefires.csv": import_ceasefires,
}

INVALID = sorted((DATA / "invalid").iterdir())
VALID = sorted((DATA / "valid").iterdir())


def _found(root: Path) -> list[str]:
    return sorted(
        f"{Path(d.path).relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code}"
        for d in check(root)
    )


def _found_importing(case: Path, root: Path, name: str) -> list[str]:
    """Import a case's ``pax.csv`` (or another dataset's file) into its ``registry/``
    (laid out first, if it has one)."""
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt"))
    problems = IMPORTS[name](root / name, root / "registry").problems
    return sorted(
        f"{Path(d.path).relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code}"
        for d in problems
    )


def _diagnostics(case: Path, tmp_path: Path) -> list[str]:
    for name in IMPORTS:
        if (case / name).exists():
            return _found_importing(case, tmp_path / "case", name)
    return _found(overlay(case, tmp_path / "registry"))


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_example_reports_exactly_the_expected_diagnostics(
    case: Path, tmp_path: Path
) -> None:
    """An invalid example yields exactly its expected codes at their exact positions."""
    expected = (case / "expected.txt").read_text().split("\n")
    assert _diagnostics(case, tmp_path) == [line for line in expected if line]


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_example_has_no_diagnostics(case: Path, tmp_path: Path) -> None:
    """The corrected twin of each invalid example validates (or imports) cleanly."""
    assert _diagnostics(case, tmp_path) == []


def test_every_code_has_a_valid_and_an_invalid_example() -> None:
    """Each catalogued code has both example folders, named after it."""
    invalid = {p.name.split("-", 1)[0] for p in INVALID}
    valid = {p.name.split("-", 1)[0] for p in VALID}
    assert invalid == set(CODES) == valid


def test_case_folders_are_named_after_code_names() -> None:
    """A case folder's name is its code and the code's documented name."""
    for case in INVALID:
        code, name = case.name.split("-", 1)
        assert CODES[code].name == name


def test_example_registry_is_valid() -> None:
    """The shared base of all examples is itself valid."""
    assert check(DATA / "registry") == []


def test_all_problems_in_all_files_are_reported_in_one_run(registry_dir: Path) -> None:
    """Breaks in several files, and several in one file, all come back from one check."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    text = release.read_text()
    text = text.replace("title:", "titel:").replace("status: agreed", "status: in-progress")
    release.write_text(text)
    withdrawal = registry_dir / "kl-declaration-2025" / "withdrawal.yaml"
    withdrawal.write_text(withdrawal.read_text().replace("on: 2025-11-10", "on: 2025-11-31"))
    (registry_dir / "sources" / "broken.yaml").write_text("kind: source\nid: [\n")
    codes = sorted(d.code for d in check(registry_dir))
    assert codes == ["S001", "S004", "S005", "Y001"]


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("status: agreed", "status: in-progress", "did you mean 'in_progress'?"),
        ("status: agreed", "status: AGREED", "did you mean 'agreed'?"),
        ("category: detainee_release", "category: detainee release", "'detainee_release'"),
        ("title:", "tittle:", "did you mean 'title'?"),
        ("responsible:", "responsable:", "did you mean 'responsible'?"),
        ("kind: provision", "kind: provisions", "did you mean 'provision'?"),
        ("  - thailand\n", "  - thailnd\n", "did you mean 'thailand'?"),
    ],
)
def test_near_misses_get_a_did_you_mean_hint(
    registry_dir: Path, old: str, new: str, hint: str
) -> None:
    """A misspelt value, key, kind or reference is answered with the closest right one."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    release.write_text(release.read_text().replace(old, new, 1))
    hints = [d.hint or "" for d in check(registry_dir)]
    assert any(hint in h for h in hints), hints


def test_illegal_move_hint_names_the_allowed_moves(registry_dir: Path) -> None:
    """An illegal move's hint lists every move the lifecycle allows from there."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    release.write_text(release.read_text().replace("status: implemented", "status: verified"))
    (diag,) = check(registry_dir)
    assert diag.code == "L002"
    assert diag.hint == (
        "from 'in_progress' the allowed moves are: stalled, suspended, implemented, "
        "superseded, cancelled"
    )


def test_path_mismatch_is_a_warning_not_an_error(tmp_path: Path) -> None:
    """R005 is the one warning: a misplaced file still loads."""
    root = overlay(DATA / "invalid" / "R005-path-mismatch", tmp_path / "r")
    (diag,) = check(root)
    assert diag.severity is Severity.WARNING


def test_yaml_12_keeps_no_and_on_as_text(registry_dir: Path) -> None:
    """`no`, `on` and `off` are text under YAML 1.2, so they are valid titles."""
    release = registry_dir / "kl-declaration-2025" / "release.yaml"
    for word in ("no", "on", "off", "yes", "y"):
        release.write_text(
            release.read_text().replace(
                "title: Release of the 18 Cambodian soldiers", f"title: {word}"
            )
        )
        assert check(registry_dir) == [], word
        release.write_text(
            release.read_text().replace(
                f"title: {word}", "title: Release of the 18 Cambodian soldiers"
            )
        )
