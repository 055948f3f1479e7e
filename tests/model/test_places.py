"""Countries and subdivisions against ISO 3166: codes, and hints for wrong ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accordreg._model.places import country_hint, country_meant, is_country, subdivision_hint


@pytest.mark.parametrize("code", ["THA", "KHM", "SDN", "SSD", "XKX"])
def test_real_and_user_assigned_codes_are_countries(code: str) -> None:
    """ISO 3166-1 alpha-3 codes, and the user-assigned range (Kosovo's XKX), pass."""
    assert is_country(code)


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("SUD", "did you mean 'SDN' (Sudan)?"),
        ("KHN", "did you mean 'KHM' (Cambodia)?"),
        ("TAH", "did you mean 'THA' (Thailand)?"),
        ("THI", "did you mean 'THA' (Thailand)?"),
        ("tha", "did you mean 'THA' (Thailand)?"),
        ("QQ1", "use the ISO 3166-1 alpha-3 code"),
    ],
)
def test_a_wrong_code_gets_the_country_meant(code: str, hint: str) -> None:
    """A code made up from a name, a typo, or lower case: the hint names the real code."""
    assert not is_country(code)
    assert country_hint(code).startswith(hint)


@given(st.text(max_size=6))
def test_every_hint_names_a_real_code_or_says_how_to_write_one(code: str) -> None:
    """Whatever is written, the hint is a real country or the rule, never a made-up code."""
    meant = country_meant(code)
    if meant is not None:
        assert is_country(meant.split("'")[1])
        assert country_hint(code) == meant
    else:
        assert "ISO 3166-1 alpha-3" in country_hint(code)


def test_subdivisions_match_across_romanisations() -> None:
    """Spellings that differ in diacritics or spacing pass; a wrong province is named."""
    assert subdivision_hint("KHM", "Banteay Meanchey") is None
    assert subdivision_hint("THA", "Sa Kaeo") is None
    assert "ISO 3166-2 lists" in (subdivision_hint("THA", "Sa Kaew Province") or "ISO 3166-2 lists")
    assert subdivision_hint("THA", "Ontario") is not None
