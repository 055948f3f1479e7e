"""Did-you-mean: the closest allowed word to a near miss."""

from __future__ import annotations

import difflib
import re
from typing import Any


def _norm(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def suggest(value: str, choices: list[str]) -> str | None:
    """The closest choice to ``value``, tolerant of case, dashes, underscores and spaces."""
    wanted = _norm(value)
    for choice in choices:
        if _norm(choice) == wanted:
            return str(choice)
    # Compared in lower case on both sides: `Cee` is close to the code `Ce`.
    lowered: dict[str, str] = {}
    for choice in choices:
        lowered.setdefault(str(choice).strip().lower(), str(choice))
    close = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def aside(value: str, choices: list[str]) -> str:
    """ " (did you mean 'x'?)" to end a message with, or nothing when nothing is close."""
    hint = did_you_mean(value, choices)
    return f" ({hint})" if hint else ""


def did_you_mean(value: Any, choices: list[str]) -> str | None:
    """A "did you mean …?" hint for a text value, or None when nothing is close."""
    best = suggest(value, choices) if isinstance(value, str) else None
    return f"did you mean {best!r}?" if best else None
