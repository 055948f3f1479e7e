"""Diagnostics to text: for people, for programs (JSON), for GitHub Actions annotations,
for code scanning (SARIF)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .._diagnostics import CODES, Diagnostic, Severity
from .safe import json_text, terminal

FORMATS = ("text", "json", "github", "sarif")


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One closing line: how many errors and warnings in how many files."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"{files} file(s) checked: all valid"
    return f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"


def lines(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """``PATH:LINE:COL: CODE message`` lines, each hint indented below its problem."""
    out = []
    for d in diagnostics:
        label = "" if d.severity is Severity.ERROR else " (warning)"
        # Messages quote record values, and paths are names anyone can choose.
        out.append(terminal(f"{d}{label}"))
        if d.hint:
            out.append(terminal(f"    hint: {d.hint}"))
    return out


def as_text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """Every diagnostic as text, then the summary."""
    return "\n".join([*lines(diagnostics), summary(diagnostics, files)])


def as_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One JSON document: whether all is valid, counts, and every diagnostic."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    document = {
        "valid": errors == 0,
        "files": files,
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "diagnostics": [
            {**d.to_dict(), "name": CODES[d.code].name if d.code in CODES else None}
            for d in diagnostics
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False))


def _escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """``::error file=…,line=…,col=…::…`` annotations, then the summary."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        message = terminal(f"{d.code} {d.message}" + (f" (hint: {d.hint})" if d.hint else ""))
        lines.append(
            f"::{level} file={_escape(terminal(d.path), prop=True)},line={d.line},col={d.column},"
            f"title={_escape(d.code, prop=True)}::{_escape(message)}"
        )
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)


def as_sarif(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """One SARIF 2.1.0 log, its rules linked to the codes page named by
    ``ACCORDREG_CODES_URL`` where that is set."""
    from . import sarif

    return sarif.as_sarif(diagnostics, files, sarif.codes_url())


RENDERERS = {"text": as_text, "json": as_json, "github": as_github, "sarif": as_sarif}
