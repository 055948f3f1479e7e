"""Invalid settings files: each problem reported at its line and column, with its code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, get_args

import pytest

import accordreg
from accordreg._model.names import SETTINGS_FILE
from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._model.settings_schema import SettingsFile, _TermType, file_data, problems, resolve
from accordreg._model.terms import TERM_TYPES
from accordreg._validation.settings_check import read_settings
from conftest import PROJECT

EXAMPLE = PROJECT / "examples" / "custom-vocabulary"

# A valid settings file that each case below breaks in one place.
VALID = """\
kind: settings
name: A test registry
categories:
  - id: corridor
    label: Corridor
    terms:
      routes:
        type: places
      hours:
        type: text
    measure:
      term: routes
      unit: routes open
terms:
  ceasefire:
    buffer_km:
      type: number
      unit: km
party_types:
  - id: committee
    label: Committee
lifecycle:
  states:
    - id: planned
      start: true
      moves: [done]
      default_level: 0
      levels: [0]
    - id: done
      done: true
      default_level: 3
      levels: [3]
"""


def _found(tmp_path: Path, text: str) -> list[str]:
    """The settings file's diagnostics as ``line:column: code message``."""
    path = tmp_path / SETTINGS_FILE
    path.write_text(text, encoding="utf-8")
    _, diagnostics = read_settings(path)
    return [f"{d.line}:{d.column}: {d.code} {d.message}" for d in diagnostics]


def test_the_valid_base_has_no_problems(tmp_path: Path) -> None:
    """The file every case breaks is itself valid, and declares what it says."""
    assert _found(tmp_path, VALID) == []
    settings, _ = read_settings(tmp_path / SETTINGS_FILE)
    assert settings.lifecycle.states() == ("planned", "done")
    assert "buffer_km" in settings.vocabulary.categories["ceasefire"].terms


# Each problem `problems()` can report: (case, old text, new text, expected diagnostic).
CONTRADICTIONS = [
    (
        "category-twice",
        "      unit: routes open\n",
        "      unit: routes open\n  - id: corridor\n    label: Corridor again\n",
        "14:9: C001 category 'corridor' is declared twice",
    ),
    (
        "measure-names-no-term",
        "      term: routes\n",
        "      term: roads\n",
        "12:13: C001 the measure names 'roads', which is not one of its terms",
    ),
    (
        "measure-not-countable",
        "      term: routes\n",
        "      term: hours\n",
        "12:13: C001 'hours' is a text, which cannot be counted",
    ),
    (
        "terms-of-no-category",
        "  ceasefire:\n",
        "  ceasfire:\n",
        "16:5: C001 terms added to 'ceasfire', which is not a category",
    ),
    (
        "state-twice",
        "      levels: [3]\n",
        "      levels: [3]\n    - id: planned\n",
        "33:11: C001 state 'planned' is declared twice",
    ),
    (
        "move-to-no-state",
        "      moves: [done]\n",
        "      moves: [finished]\n",
        "26:15: C001 'planned' moves to 'finished', which is not a declared state",
    ),
    (
        "no-start-state",
        "      start: true\n",
        "      start: false\n",
        "24:5: C001 no state may start a history",
    ),
    (
        "party-types-dropped",
        "kind: settings\n",
        "kind: settings\nbuiltin:\n  party_types: false\n",
        "",  # the file declares party types of its own: no problem
    ),
    (
        "roles-dropped",
        "kind: settings\n",
        "kind: settings\nbuiltin:\n  roles: false\n",
        "3:10: C001 the built-in roles are dropped and none are declared",
    ),
    (
        "reliability-dropped",
        "kind: settings\n",
        "kind: settings\nbuiltin:\n  reliability: false\n",
        "3:16: C001 the built-in reliability are dropped and none are declared",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CONTRADICTIONS], ids=[c[0] for c in CONTRADICTIONS]
)
def test_each_contradiction_is_c001_at_its_place(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    """Each problem `problems()` reports is one C001 at the value it is about."""
    assert old in VALID
    found = _found(tmp_path, VALID.replace(old, new, 1))
    assert found == ([expected] if expected else [])


def test_dropped_categories_with_none_declared_is_c001(tmp_path: Path) -> None:
    """Dropping the built-in categories and declaring none is C001 at `builtin.categories`."""
    text = "kind: settings\nbuiltin:\n  categories: false\n"
    assert _found(tmp_path, text) == [
        "3:15: C001 the built-in categories are dropped and none are declared"
    ]


def test_dropped_party_types_with_none_declared_is_c001(tmp_path: Path) -> None:
    """Dropping the built-in party types and declaring none is C001 at `builtin.party_types`."""
    text = "kind: settings\nbuiltin:\n  party_types: false\n"
    assert _found(tmp_path, text) == [
        "3:16: C001 the built-in party types are dropped and none are declared"
    ]


# Shape errors: (case, old text, new text, expected diagnostic).
SHAPES = [
    (
        "unknown-key",
        "    label: Corridor\n",
        "    lable: Corridor\n",
        "5:5: S001 unknown key 'lable'",
    ),
    (
        "unknown-top-key",
        "name: A test registry\n",
        "nmae: A test registry\n",
        "2:1: S001 unknown key 'nmae'",
    ),
    (
        "wrong-type",
        "      moves: [done]\n",
        "      moves: done\n",
        "26:14: S003 lifecycle.states[0].moves must be a list, not text",
    ),
    (
        "wrong-type-of-a-number",
        "name: A test registry\n",
        "name: A test registry\nstale_after_days: soon\n",
        "3:19: S003 stale_after_days must be a whole number, not text",
    ),
    (
        "wrong-type-of-a-mapping",
        "    measure:\n      term: routes\n      unit: routes open\n",
        "    measure: routes\n",
        "11:14: S003 categories[0].measure must be a mapping, not text",
    ),
    (
        "unknown-term-type",
        "        type: places\n",
        "        type: place-list\n",
        "8:15: S004 categories[0].terms.routes.type: 'place-list' is not an allowed value",
    ),
    (
        "missing-key",
        "    label: Corridor\n",
        "",
        "4:5: S002 missing required key 'label' in categories[0]",
    ),
    (
        "level-out-of-range",
        "      default_level: 3\n",
        "      default_level: 4\n",
        "31:22: S004 lifecycle.states[1].default_level: 4 is not an allowed value",
    ),
    (
        "id-not-a-slug",
        "  - id: committee\n",
        "  - id: Community Committee\n",
        "20:9: S006 party_types[0].id: 'Community Committee' is not in the expected format",
    ),
    (
        "wrong-kind",
        "kind: settings\n",
        "kind: setting\n",
        "1:7: S004 kind: 'setting' is not an allowed value",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in SHAPES], ids=[c[0] for c in SHAPES]
)
def test_each_shape_error_is_reported_at_its_place(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    """A wrong key, type or value in the settings file gets its S code at its line:column."""
    assert old in VALID
    found = _found(tmp_path, VALID.replace(old, new, 1))
    assert len(found) == 1, found
    assert found[0].startswith(expected)


def test_misspelt_keys_get_a_did_you_mean(tmp_path: Path) -> None:
    """An unknown key of the settings file is answered with the closest one."""
    path = tmp_path / SETTINGS_FILE
    path.write_text(VALID.replace("party_types:", "party_type:"), encoding="utf-8")
    _, (diagnostic,) = read_settings(path)
    assert diagnostic.hint == "did you mean 'party_types'?"


def test_an_invalid_settings_file_is_reported_by_validate(tmp_path: Path) -> None:
    """`accordreg.check` of a registry reports its settings file's problems at their place."""
    root = Path(shutil.copytree(EXAMPLE, tmp_path / "example"))
    settings = root / SETTINGS_FILE
    text = settings.read_text(encoding="utf-8").replace("term: sites", "term: site")
    settings.write_text(text, encoding="utf-8")
    found = [d for d in accordreg.check(root) if Path(d.path) == settings]
    assert [(d.code, d.line) for d in found] == [
        ("C001", 1 + text.splitlines().index("      term: site"))
    ]


def test_term_types_of_the_settings_file_are_the_term_types() -> None:
    """The settings file allows exactly the term types the terms module knows."""
    assert set(get_args(_TermType)) == set(TERM_TYPES)


@pytest.mark.parametrize("folder", [None, EXAMPLE])
def test_file_data_resolves_to_the_same_settings(folder: Path | None) -> None:
    """The data `file_data` gives for settings is a settings file that resolves to them."""
    settings = DEFAULT_SETTINGS if folder is None else accordreg.load(folder).settings
    data: dict[str, Any] = file_data(settings)
    assert problems(SettingsFile.model_validate(data)) == []
    again = resolve(SettingsFile.model_validate(data), "accordreg.yaml")
    assert again.fingerprint() == settings.fingerprint()
    assert (again.name, again.stale_after_days) == (settings.name, settings.stale_after_days)
    assert again.vocabulary == settings.vocabulary
