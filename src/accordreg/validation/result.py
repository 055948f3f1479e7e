"""What checking one file found: its problems and the facts the cross-file checks need,
as workers send it and as the cache keeps it."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, replace
from typing import Any

from ..diagnostics import Diagnostic
from ..store.read import normal_path
from .facts import Facts
from .stored import Stored


@dataclass(slots=True)
class FileResult:
    """What checking one file found: its problems and the facts cross-file checks need."""

    path: str
    digest: str
    diagnostics: list[Diagnostic]
    facts: Facts | None
    #: The valid record's data as JSON, kept when records are to be loaded: a warm
    #: ``load()`` builds the record from it without reading or parsing the file again.
    #: Text when just made; where it is in the cache's records file when cached.
    data: str | Stored | None = None

    def to_json(self) -> list[Any]:
        """``[digest, facts or null, [diagnostics], (data)]``: as cached, and as workers
        send it (the data only where it is text: what is in the records file stays)."""
        facts = self.facts.to_json() if self.facts else None
        out = [self.digest, facts, [d.to_dict() for d in self.diagnostics]]
        if isinstance(self.data, str):
            out.append(self.data)
        return out

    @classmethod
    def from_json(cls, path: str, data: list[Any]) -> FileResult:
        """The inverse of :meth:`to_json`; raises ``ValueError`` (or kin) on damaged data."""
        digest, facts, diagnostics, *kept = data
        text = kept[0] if kept else None
        if len(kept) > 1 or (text is not None and type(text) is not str):
            raise ValueError("not a cached result")
        return cls(
            path,
            digest,
            located_at(path, diagnostics) if diagnostics else [],
            Facts.from_json(path, facts) if facts else None,
            text,
        )


def located_at(path: str, diagnostics: list[dict[str, Any]]) -> list[Diagnostic]:
    """A file's cached diagnostics, placed at ``path`` as this run names the file: the run
    that cached them may have named it otherwise (``./x.yaml``, an absolute path, a folder
    since moved), and a diagnostic must name the file as asked about."""
    where = normal_path(path)  # as a fresh check names it (``./x.yaml`` is ``x.yaml``)
    out = []
    for raw in diagnostics:
        diagnostic = Diagnostic.from_dict(raw)
        out.append(diagnostic if diagnostic.path == where else replace(diagnostic, path=where))
    return out


def packed(results: list[FileResult]) -> bytes:
    """Results as a worker process sends them: plain tuples, marshalled.

    Pickling the objects costs twice as much at both ends, and the parent's end competes
    with the workers for the processor; marshal is safe here because both ends are the
    same interpreter (workers are this process's own children).
    """
    return marshal.dumps([_plain(r) for r in results])


def unpacked(raw: bytes) -> list[FileResult]:
    """The inverse of :func:`packed`."""
    out = []
    for path, digest, diagnostics, facts, data in marshal.loads(raw):
        found = [Diagnostic.from_dict(d) for d in diagnostics] if diagnostics else []
        if facts is not None:
            kind, rid, where, targets, dates = facts
            facts = Facts(kind, rid, where, targets, dates)
        out.append(FileResult(path, digest, found, facts, data))
    return out


def _plain(result: FileResult) -> tuple[Any, ...]:
    facts = result.facts
    return (
        result.path,
        result.digest,
        [d.to_dict() for d in result.diagnostics] if result.diagnostics else None,
        (facts.kind, facts.id, facts.path, facts.targets, facts.dates) if facts else None,
        result.data if isinstance(result.data, str) else None,
    )
