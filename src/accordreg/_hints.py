"""Did-you-mean: the closest allowed word to a near miss."""

from __future__ import annotations

import ast
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


#: A did-you-mean as :func:`did_you_mean` words it, alone or in a message's brackets.
_MEANT = re.compile(r"did you mean ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\?")


def meant(text: str) -> str | None:
    """The word a did-you-mean in ``text`` proposes (as :func:`did_you_mean` and
    :func:`aside` write it), or None: what an editor offers to put in its place."""
    found = _MEANT.search(text)
    if found is None:
        return None
    try:
        word = ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError):
        return None
    return word if isinstance(word, str) else None
