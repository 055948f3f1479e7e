"""The record models on their own: rules that span fields."""

from __future__ import annotations

import pytest

from conftest import PROJECT, reported

RECORD = PROJECT / "provisions" / "kl-talks-2025-10" / "border-task-force.yaml"


def _reported(extra: str) -> list[tuple[str, int, int, str, str | None]]:
    return reported(RECORD.read_bytes() + extra.encode(), str(RECORD), native=False)


def test_a_strength_for_a_code_not_listed_is_reported_at_the_strengths() -> None:
    """`pax_strength` may only rate codes that `pax_codes` lists: S004 at its value."""
    lines = RECORD.read_text(encoding="utf-8").count("\n")
    found = _reported("pax_codes: [Ce]\npax_strength:\n  Ce: 2\n  Xx: 1\n")
    assert found == [
        (
            "S004",
            lines + 3,
            3,
            "pax_strength: Xx: not in `pax_codes`",
            "add Xx to `pax_codes`, or drop its strength",
        )
    ]


def test_strengths_of_listed_codes_pass() -> None:
    """Every rated code listed: nothing to report."""
    assert _reported("pax_codes: [Ce, CeProv]\npax_strength:\n  Ce: 2\n  CeProv: 1\n") == []


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("SUD", ("S004", "country: 'SUD' is not an ISO 3166-1 alpha-3 country code", "'SDN'")),
        ("Sdn", ("S006", "country: 'Sdn' is not in the expected format", "'SDN' (Sudan)")),
        ("Sudan", ("S006", "country: 'Sudan' is not in the expected format", "'SDN' (Sudan)")),
        ("XKX", None),
    ],
)
def test_a_partys_country_is_a_real_iso_code(code: str, found: tuple[str, ...] | None) -> None:
    """A made-up code is S004, a wrong shape S006, each with the code meant; XKX passes."""
    path = PROJECT / "provisions" / "parties" / "cambodia.yaml"
    raw = b"kind: party\nid: cambodia\nname: Cambodia\ntype: state\ncountry: " + code.encode()
    got = reported(raw + b"\n", str(path), native=False)
    if found is None:
        assert got == []
        return
    ((diag_code, line, column, message, hint),) = got
    assert (diag_code, line, column, message) == (found[0], 5, 10, found[1])
    assert found[2] in str(hint)
