"""Every exception accordreg raises on purpose, under one base class.

Kept in one module that imports nothing of accordreg's at run time, so that any module
can raise them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._diagnostics import Diagnostic


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

    def __init__(
        self,
        record_id: str,
        suggestions: Sequence[str] = (),
        *,
        kind: str | None = None,
        found: str | None = None,
    ) -> None:
        self.record_id = record_id
        self.suggestions = list(suggestions)
        hint = f" (did you mean {', '.join(map(repr, self.suggestions))}?)" if suggestions else ""
        if kind is not None and found is not None:  # the id is taken, by another kind
            message = f"{record_id!r} is a {found}, not a {kind}{hint}"
        else:
            message = f"no {kind or 'record'} with id {record_id!r}{hint}"
        super().__init__(message)

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


class WriteError(AccordregError, OSError):
    """A file could not be written; the old file, if any, is intact, and no temporary is left.

    Also an ``OSError``, so code that already tolerates failed writes (the cache) still does.
    """

    def __init__(self, path: object, reason: str, errno: int | None = None) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.errno = errno


class LockTimeout(AccordregError):
    """Another process held the registry's write lock for longer than the wait allowed."""

    def __init__(self, lock: object, waited: float, holder: int | None) -> None:
        who = f"process {holder}" if holder is not None else "another process"
        super().__init__(
            f"gave up after {waited:g} s waiting for {lock}, held by {who}; nothing was written"
        )
        self.lock = str(lock)
        self.waited = waited
        self.holder = holder


class InvalidArgument(AccordregError, ValueError):
    """An argument no call can take (a wait or a progress that is not a finite number);
    nothing was done. Also a ``ValueError``, as Python's own refusals of such values are."""


class RegistryExists(AccordregError):
    """``accordreg init`` found a registry where it was asked to start one; nothing written."""


class GitError(AccordregError):
    """Git could not give what was asked: it is not on PATH, the folder is not in a
    repository, or a revision does not exist. The message is one line, fit to print."""
