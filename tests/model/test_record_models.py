"""The record models on their own: rules that span fields."""

from __future__ import annotations

from pathlib import Path

from accordreg.model.settings import DEFAULT_SETTINGS
from accordreg.validation.serial import check_bytes

REPO = Path(__file__).resolve().parents[2]
RECORD = REPO / "provisions" / "kl-talks-2025-10" / "border-task-force.yaml"


def _reported(extra: str) -> list[tuple[str, int, int, str, str | None]]:
    raw = RECORD.read_bytes() + extra.encode()
    result, _ = check_bytes(raw, str(RECORD), DEFAULT_SETTINGS)
    return [(d.code, d.line, d.column, d.message, d.hint) for d in result.diagnostics]


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
