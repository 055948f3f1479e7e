"""The cross-record checks' summary of a set of records' facts, and its merging."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from operator import attrgetter

from .._model.kinds import TARGET_KINDS
from .facts import Facts


class Summary:
    """What the cross-record checks need to know of a set of records' facts, in one pass.

    A warm run summarises the unchanged records' facts while the changed files are
    checked in another process (see ``validation.early``), then adds the changed ones'
    summary with :meth:`merged`: the verdict is the one all the facts give at once.
    """

    def __init__(self, facts: Sequence[Facts] = ()) -> None:
        by_kind: dict[str, list[Facts]] = defaultdict(list)
        for f in facts:
            by_kind[f.kind].append(f)
        ids = {kind: [f.id for f in group] for kind, group in by_kind.items()}
        self.count = len(facts)
        self.known = {kind: frozenset(ids.get(kind, ())) for kind in TARGET_KINDS}
        #: Facts with a reference none of these records resolves (checked again on merging).
        self.dangling = [
            f for kind, group in by_kind.items() for f in dangling(kind, group, self.known)
        ]
        provisions = by_kind.get("provision", [])
        self.provisions = dict(zip(ids.get("provision", ()), provisions, strict=True))
        #: Provisions that name others they supersede, are superseded by, or depend on.
        self.linked = [
            f
            for f in self.provisions.values()
            if "supersedes" in f.targets
            or "superseded_by" in f.targets
            or "depends_on" in f.targets
        ]
        self.published = {f.id: f.dates[0] for f in by_kind.get("source", ()) if f.dates}
        every = list(chain.from_iterable(map(attrgetter("dates"), self.provisions.values())))
        #: The dates of the earliest and the latest event of any provision ("" if none).
        self.earliest = min(every, default="")
        self.latest = max(every, default="")
        #: Provisions citing, in their history, a source published after their first event.
        self.late = _late_sources(self.provisions.values(), self.published, self.earliest)

    @property
    def unique(self) -> bool:
        """Whether every record has an id of its own, whatever its kind."""
        return sum(map(len, self.known.values())) == self.count and (
            len(frozenset().union(*self.known.values())) == self.count
        )

    def merged(self, other: Summary) -> Summary:
        """The summary of this summary's facts and ``other``'s together."""
        if not other.count or not self.count:  # nothing to add: no copy of the other
            return other if not self.count else self
        out = Summary()
        out.count = self.count + other.count
        out.known = {k: self.known[k] | other.known[k] for k in TARGET_KINDS}
        candidates = [*self.dangling, *other.dangling]
        out.dangling = [f for f in candidates if dangling(f.kind, [f], out.known)]
        out.provisions = {**self.provisions, **other.provisions}
        out.linked = [*self.linked, *other.linked]
        out.published = {**self.published, **other.published}
        out.earliest = min(filter(None, (self.earliest, other.earliest)), default="")
        out.latest = max(self.latest, other.latest)
        if other.published:  # a changed source may make any provision's sources late
            out.late = _late_sources(out.provisions.values(), out.published, out.earliest)
        else:
            added = other.provisions.values()
            out.late = [*self.late, *_late_sources(added, out.published, other.earliest)]
        return out


def dangling(kind: str, facts: Iterable[Facts], known: dict[str, frozenset[str]]) -> list[Facts]:
    """The facts, all of records of ``kind``, with a reference to no id in ``known``."""
    present = {name: known[target] for name, target in TARGET_KINDS[kind].items()}
    out = []
    for f in facts:
        for name, targets in f.targets.items():
            if not present[name].issuperset(targets):  # one C call for the usual case
                out.append(f)
                break
    return out


def _late_sources(
    provisions: Iterable[Facts], published: dict[str, str], earliest: str
) -> list[Facts]:
    """Provisions whose history cites a source published after their first event (none
    if no source is later than ``earliest``, the first event of all of them)."""
    if max(published.values(), default="") <= earliest:
        return []
    return [
        f
        for f in provisions
        if f.dates
        and (cites := f.targets.get("history"))
        and max(map(published.get, cites, repeat(""))) > min(f.dates)
    ]
