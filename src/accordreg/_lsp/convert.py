"""The validator's diagnostics as the protocol has them: ranges in the client's units,
the code linked to its page, severity and words as `accordreg validate` gives them."""

from __future__ import annotations

from lsprotocol import types

from .._diagnostics import CODES, Diagnostic, Severity, anchor
from .text import Lines

#: Where the diagnostic codes are explained: the page in accordreg's repository (the
#: documentation's pages are its Markdown files). `OWNER` stands, as on every page of the
#: documentation, for the repository's owner; a client's `codesPage` option replaces it.
CODES_PAGE = "https://github.com/OWNER/accordreg/blob/main/docs/reference/diagnostics.md"

SOURCE = "accordreg"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def message(d: Diagnostic) -> str:
    """The message, with the hint on a line of its own as `validate` prints it."""
    return f"{d.message}\nhint: {d.hint}" if d.hint else d.message


def to_lsp(d: Diagnostic, lines: Lines, page: str = CODES_PAGE) -> types.Diagnostic:
    """One diagnostic for the client, placed on the key or value it is about."""
    known = d.code in CODES
    return types.Diagnostic(
        range=lines.at(d.line, d.column),
        message=message(d),
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=f"{page}#{anchor(d.code)}") if known else None,
        source=SOURCE,
        data={"hint": d.hint} if d.hint else None,
    )
