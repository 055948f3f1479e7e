"""Did-you-mean hints: the closest choice, or nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accordreg._hints import suggest


def test_case_does_not_hide_the_closest_choice() -> None:
    """A code written in another case, or one letter off, finds it: `Cee` is `Ce`."""
    assert suggest("Cee", ["Ce", "StBor", "TjAm"]) == "Ce"
    assert suggest("stbor", ["Ce", "StBor"]) == "StBor"
    assert suggest("zzzz", ["Ce", "StBor"]) is None


@given(st.text(max_size=8), st.lists(st.text(min_size=1, max_size=8), max_size=8))
def test_a_suggestion_is_always_one_of_the_choices(value: str, choices: list[str]) -> None:
    """Whatever is asked, the answer is a choice as given, or None."""
    found = suggest(value, choices)
    assert found is None or found in choices
