"""Typed terms checked like everything else: located, with hints, references resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

import accordreg

RELEASE = Path("kl-declaration-2025") / "release.yaml"


def _with_terms(root: Path, terms: str, event: str = "") -> list[str]:
    path = root / RELEASE
    text = path.read_text().replace(
        "sources:\n  - pax-2850\nhistory:", f"terms:\n{terms}sources:\n  - pax-2850\nhistory:"
    )
    path.write_text(text + event)
    return [
        f"{Path(d.path).relative_to(root).as_posix()}:{d.line}:{d.column}: {d.code} {d.message}"
        + (f" | {d.hint}" if d.hint else "")
        for d in accordreg.check(root)
    ]


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ("  count: eighteen\n", "release.yaml:14:10: S003 terms.count must be a whole number"),
        ("  count: -1\n", "release.yaml:14:10: S008 terms.count"),
        ("  held_since: 2025-13-01\n", "release.yaml:14:15: S005 terms.held_since"),
        ("  held_by: Thailand\n", "release.yaml:14:12: S006 terms.held_by"),
        ("  cuont: 18\n", "release.yaml:14:3: S001 unknown key 'cuont' | did you mean 'count'?"),
        ("  held_by: thailnd\n", "release.yaml:14:12: R002 terms.held_by: no party with id"),
    ],
)
def test_a_bad_term_is_reported_at_its_place(registry_dir: Path, terms: str, expected: str) -> None:
    """Each kind of bad term value gets its code at the term's line and column."""
    found = _with_terms(registry_dir, terms)
    assert any(line.startswith(f"kl-declaration-2025/{expected}") for line in found), found


def test_terms_set_by_an_event_are_checked_at_the_event(registry_dir: Path) -> None:
    """An event's terms are checked against the same category, located inside the event."""
    event = "    terms:\n      count: many\n"
    found = _with_terms(registry_dir, "  count: 18\n", event)
    assert any(":35:14: S003 history[3].terms.count" in line for line in found), found


def test_a_category_without_terms_says_so(registry_dir: Path) -> None:
    """Terms on a category that declares none are unknown keys, with a plain hint."""
    path = registry_dir / RELEASE
    path.write_text(path.read_text().replace("category: detainee_release", "category: hotline"))
    found = _with_terms(registry_dir, "  count: 18\n")
    assert any("S001 unknown key 'count'" in line and "between" in line for line in found), found


def test_valid_terms_of_every_seed_category_load(registry_dir: Path) -> None:
    """A release with every term of its category, rightly typed, validates and reads back."""
    terms = "  count: 18\n  held_by: thailand\n  held_since: 2025-07-28\n  who: soldiers\n"
    assert _with_terms(registry_dir, terms) == []
    registry = accordreg.load(registry_dir)
    assert registry.terms_on("kl-declaration-2025/release")["count"] == 18


def test_the_quick_exit_knows_every_event_field() -> None:
    """Each event field is either one the terms check skips or one it checks."""
    from accordreg._model.records import Event
    from accordreg._validation import term_checks as terms

    plain = terms.PLAIN_EVENT_FIELDS
    assert set(Event.model_fields) == set(plain) | {"terms", "progress", "party"}
    assert not plain & {"terms", "progress", "party"}
