"""What page data is made of: rows that templates read as attributes, and the few
formats every page shares."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..._registry.engine import Basis
from .. import words

#: What a page's template is given.
Context = dict[str, Any]


class Row(dict[str, Any]):
    """A mapping whose keys are also attributes: templates read ``row.title`` at the speed
    of an attribute, not through a failed attribute lookup and then the key (2-3x faster
    on pages of a thousand rows)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__ = self


def level_text(level: int | None, basis: Basis | None, tracked: bool = True) -> str:
    """An implementation level as pages show it: "2 (intermediate)", "not rated", or "no
    work reported" for a start state's default (see :func:`render.words.level`)."""
    return words.level(level, basis, tracked)


def iso(day: date | None) -> str | None:
    """A date as ISO text, or None."""
    return day.isoformat() if day else None
