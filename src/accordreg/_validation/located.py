"""A document's diagnostics sink: turns paths inside the data into line and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._diagnostics import Diagnostic, diagnostic

if TYPE_CHECKING:
    from .._yaml.parse import Positions

PathT = tuple[str | int, ...]


@dataclass
class Located:
    """Collects one file's diagnostics, placing each at the key or value it is about.

    ``locate`` gives the file's positions; it is called only when there is something to
    report, so clean files never pay for them.
    """

    path: str
    locate: Callable[[], Positions]
    diagnostics: list[Diagnostic]

    def add(
        self, code: str, loc: PathT, message: str, hint: str | None = None, *, at_key: bool = False
    ) -> None:
        """Report ``code`` at the value (or, with ``at_key``, the key) found at ``loc``."""
        positions = self.locate()
        line, col = positions.key(loc) if at_key else positions.value(loc)
        self.diagnostics.append(diagnostic(code, self.path, line, col, message, hint))


def dotted(loc: PathT) -> str:
    """A data path as people write it: ``history[2].sources[0]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the record"


def type_name(value: Any) -> str:
    """What a YAML value is called in messages."""
    names = {
        dict: "mapping",
        list: "list",
        str: "text",
        bool: "true/false",
        int: "number",
        float: "number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
