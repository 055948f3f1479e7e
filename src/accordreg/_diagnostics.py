"""Diagnostics: one problem at one place, and the catalogue of stable codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail validation, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code and what it means."""

    code: str
    name: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING

#: Every diagnostic code accordreg emits. Codes never change meaning; new ones are added.
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # F: the file itself
        Code("F001", "not-utf8", _E, "The file is not valid UTF-8."),
        Code("F002", "empty-file", _E, "The file holds no YAML document."),
        Code("F003", "binary-file", _E, "The file holds NUL bytes: it is binary, not YAML."),
        Code(
            "F004",
            "unreadable",
            _E,
            "The file or folder cannot be read (or is no regular file, or is over 5 MB).",
        ),
        Code(
            "F005",
            "skipped-file",
            _W,
            "A file named almost like a record (`x.YAML`, `x.yaml~`, `x.yaml.bak`) is skipped.",
        ),
        # Y: YAML structure
        Code("Y001", "yaml-syntax", _E, "The file is not well-formed YAML."),
        Code("Y002", "multiple-documents", _E, "A record file holds more than one document."),
        Code("Y003", "duplicate-key", _E, "A mapping names the same key twice."),
        Code("Y004", "too-complex", _E, "Too deep, too large, or a recursive alias."),
        Code("Y005", "unsupported-tag", _E, "A value carries a YAML tag accordreg does not read."),
        Code("Y006", "not-a-mapping", _E, "The document is not a mapping of keys to values."),
        Code("Y007", "complex-key", _E, "A mapping key is itself a list or a mapping."),
        # S: one record against its schema
        Code("S001", "unknown-key", _E, "A key that the record kind does not have."),
        Code("S002", "missing-key", _E, "A required key is absent."),
        Code("S003", "wrong-type", _E, "A value has the wrong type (text, number, list...)."),
        Code("S004", "invalid-value", _E, "A value outside the allowed set."),
        Code("S005", "invalid-date", _E, "A date that is not a real YYYY-MM-DD date."),
        Code("S006", "invalid-format", _E, "A value that does not match its format (ids, codes)."),
        Code("S007", "unknown-kind", _E, "The record's `kind` is missing or unknown."),
        Code("S008", "out-of-range", _E, "A number, text or list outside its allowed size."),
        Code(
            "S009",
            "unknown-subdivision",
            _W,
            "A first-level subdivision ISO 3166-2 does not list for the country.",
        ),
        Code(
            "S010",
            "control-character",
            _E,
            "Text holding a control character (other than tab and newline).",
        ),
        # L: the lifecycle of a provision's history
        Code("L001", "bad-first-status", _E, "A history must start at `proposed` or `agreed`."),
        Code("L002", "illegal-move", _E, "A status change the lifecycle does not allow."),
        Code("L003", "date-backwards", _E, "An event dated before the event it follows."),
        Code("L004", "unsourced-event", _E, "An event that cites no source."),
        Code("L005", "level-not-allowed", _E, "An implementation level the status does not allow."),
        Code("L006", "no-successor", _E, "A superseded provision that names no successor."),
        Code("L007", "empty-history", _E, "A provision with no history events."),
        Code("L008", "future-event", _E, "An event dated after today (a day of slack allowed)."),
        Code(
            "L009",
            "source-after-event",
            _W,
            "An event whose every source was published over a month after it (a wrong year?).",
        ),
        Code(
            "L010",
            "date-order-uncertain",
            _W,
            "An event dated to a month or a year that may fall before the event it follows.",
        ),
        # R: integrity across records
        Code("R001", "duplicate-id", _E, "Two records share one id."),
        Code("R002", "dangling-reference", _E, "A reference to a record that does not exist."),
        Code(
            "R003", "not-reciprocal", _E, "supersedes / superseded_by do not point at each other."
        ),
        Code("R004", "dependency-cycle", _E, "Provisions that depend on each other in a cycle."),
        Code("R005", "path-mismatch", _W, "The file's folder or name disagrees with its id."),
        Code("R006", "wrong-agreement", _E, "A provision id whose prefix is not its agreement."),
        # T: typed terms and progress
        Code(
            "T001",
            "progress-without-measure",
            _E,
            "Progress recorded for a category with no measurable target.",
        ),
        Code(
            "T002",
            "progress-beyond-target",
            _W,
            "Progress above the target known on the event's date.",
        ),
        Code(
            "T003",
            "party-not-bound",
            _W,
            "An event names a party that is not responsible for, nor verifying, the provision.",
        ),
        # C: the registry's settings file
        Code(
            "C001",
            "inconsistent-settings",
            _E,
            "Settings that contradict themselves (a move to an undeclared state, ...).",
        ),
        # P: a PA-X CSV being imported (about the CSV, not about records)
        Code("P001", "missing-columns", _E, "A column every row needs is absent."),
        Code(
            "P002", "bad-value", _E, "A cell that cannot be read (a date, a code's value, an id)."
        ),
        Code(
            "P003",
            "unknown-column",
            _W,
            "A column that is neither an agreement field nor a provision code.",
        ),
        Code(
            "P004",
            "kept",
            _W,
            "A record whose history has grown since it was imported is left as it is.",
        ),
        Code("P005", "unknown-value", _W, "A value PA-X does not define; kept in the note."),
        Code(
            "P006",
            "unknown-code",
            _W,
            "A provision-code column not in PA-X's codebook; imported as `other`.",
        ),
        # U: a UCDP Peace Agreement Dataset file being imported
        Code(
            "U001",
            "not-importable",
            _E,
            "Nothing is imported: the file is no table, lacks a column every row needs, or "
            "the registry's agreement lifecycle cannot record an end.",
        ),
        Code(
            "U002", "bad-value", _E, "A cell that keeps its row out (its id, a control character)."
        ),
        Code(
            "U003",
            "unread-value",
            _W,
            "A value that cannot be read (-99, blank, a date that is no date): no event is made "
            "of it.",
        ),
        Code(
            "U004",
            "kept",
            _W,
            "A file changed since an import wrote it (or in a linked folder) is left as it is.",
        ),
        # E: an ETH/PRIO Civil Conflict Ceasefire dataset file being imported
        Code(
            "E001",
            "not-importable",
            _E,
            "Nothing is imported: the file is no table, lacks a column every row needs, or "
            "the registry's own settings lack the ceasefire lifecycle and terms.",
        ),
        Code(
            "E002",
            "bad-value",
            _E,
            "A cell that keeps its ceasefire out (its id, its declaration year, a control "
            "character).",
        ),
        Code(
            "E003",
            "unread-value",
            _W,
            "A date or a code that cannot be read: no event or term is made of it.",
        ),
        Code(
            "E004",
            "kept",
            _W,
            "A file changed since an import wrote it (or in a linked folder) is left as it is.",
        ),
        Code(
            "E005",
            "rows-disagree",
            _W,
            "The rows of one ceasefire (one per actor) give different values: kept in its "
            "note, not as a term or an event.",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: ``path:line:column``, 1-based.

    A plain dataclass, not a model: checking a registry whose files are all cached then
    needs no pydantic at all, which keeps a pre-commit run short.
    """

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, then position, then code."""
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The diagnostic as JSON-ready data (severity as its text)."""
        out = asdict(self)
        out["severity"] = self.severity.value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnostic:
        """The inverse of :meth:`to_dict`; raises ``KeyError``/``ValueError`` on bad data."""
        hint = data.get("hint")
        return cls(
            path=str(data["path"]),
            line=int(data["line"]),
            column=int(data["column"]),
            code=str(data["code"]),
            severity=Severity(data["severity"]),
            message=str(data["message"]),
            hint=None if hint is None else str(hint),
        )


def diagnostic(
    code: str, path: str, line: int, column: int, message: str, hint: str | None = None
) -> Diagnostic:
    """Build a diagnostic whose severity comes from the code's catalogue entry."""
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        severity=CODES[code].severity,
        message=message,
        hint=hint,
    )


def has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    """True when any diagnostic is an error (warnings alone do not fail)."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
