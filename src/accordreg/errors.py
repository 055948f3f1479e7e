"""Every exception accordreg raises on purpose, under one base class.

Kept in one module that imports nothing of accordreg's at run time, so that any module
can raise them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic


class AccordregError(Exception):
    """Base of every exception accordreg raises on purpose."""


class ValidationFailed(AccordregError):
    """The registry has errors; ``.diagnostics`` lists every one of them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = sum(d.severity == "error" for d in self.diagnostics)
        first = f": {self.diagnostics[0]}" if self.diagnostics else ""
        super().__init__(f"{errors} error(s){first}")


class UnknownIdError(AccordregError, KeyError):
    """No record has this id; ``.suggestions`` lists close ids."""

    def __init__(self, record_id: str, suggestions: Sequence[str] = ()) -> None:
        self.record_id = record_id
        self.suggestions = list(suggestions)
        hint = f" (did you mean {', '.join(map(repr, self.suggestions))}?)" if suggestions else ""
        super().__init__(f"no record with id {record_id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class TransitionError(AccordregError):
    """A transition that cannot be recorded; nothing was written.

    ``allowed`` lists the moves the lifecycle allows from the current state, and
    ``diagnostics`` the problems of the record the transition would have produced.
    """

    def __init__(
        self,
        message: str,
        *,
        allowed: Sequence[str] = (),
        diagnostics: Sequence[Diagnostic] = (),
    ) -> None:
        super().__init__(message)
        self.allowed = tuple(allowed)
        self.diagnostics = list(diagnostics)


class ConflictError(AccordregError):
    """The file changed on disk since it was loaded; nothing was written."""


class ScaffoldError(AccordregError):
    """A new record that cannot be written as asked; nothing was written."""


class SiteError(AccordregError):
    """A website cannot be written where asked; nothing was changed."""


class MissingExtra(AccordregError, ImportError):
    """An optional feature whose package is not installed; the message says how to get it."""

    def __init__(self, feature: str, extra: str, note: str = "") -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(f"{feature}: pip install 'accordreg[{extra}]'{note}")
