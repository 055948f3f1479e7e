"""What checking one file found: its problems and the facts the cross-file checks need,
as workers send it and as the cache keeps it."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, replace
from typing import Any

from .._diagnostics import Diagnostic
from .._store.read import normal_path
from .facts import Facts
from .stored import RecordsFile, Stored

#: Where each part sits in a result's one wire form, ``FileResult.to_json()``:
#: ``[digest, facts or null, diagnostics or null, (data)]``. The cache keeps it after the
#: file's stat, and worker processes send it after the file's path.
DIGEST, FACTS, DIAGNOSTICS, DATA = range(4)


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
        """The wire form (see :data:`DIGEST`): as cached, and as workers send it (the
        data only where it is text: what is in the records file stays)."""
        facts = self.facts.to_json() if self.facts else None
        diagnostics = [d.to_dict() for d in self.diagnostics] if self.diagnostics else None
        out = [self.digest, facts, diagnostics]
        if isinstance(self.data, str):
            out.append(self.data)
        return out

    @classmethod
    def trusted(
        cls, path: str, wire: list[Any], records: RecordsFile | None = None, at: int = 0
    ) -> FileResult:
        """The result a wire form holds (from position ``at`` of ``wire`` on: a cache
        entry holds it after the file's stat), built without the checks of
        :meth:`from_json`: for a form this process's workers just sent, or a cache entry
        found sound as it came in, on the path every file of a warm run takes. Data kept
        in the records file (``[start, length, checksum]``) is read from ``records``, and
        dropped without one."""
        facts = wire[at + FACTS]
        diagnostics = wire[at + DIAGNOSTICS]
        data = wire[at + DATA] if len(wire) > at + DATA else None
        if data is not None and type(data) is not str:
            data = None if records is None else Stored(records, *data)
        return cls(
            path,
            wire[at + DIGEST],
            located_at(path, diagnostics) if diagnostics else [],
            Facts(facts[0], facts[1], path, facts[2], facts[3]) if facts else None,
            data,
        )

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
    return marshal.dumps([[r.path, *r.to_json()] for r in results])


def unpacked(raw: bytes) -> list[FileResult]:
    """The inverse of :func:`packed`."""
    return [FileResult.trusted(path, wire) for path, *wire in marshal.loads(raw)]
