"""Checks across records: unique ids, references that resolve, reciprocity, no cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .._diagnostics import Diagnostic, diagnostic
from .._hints import did_you_mean
from .._model.dates import last_day, parse
from .._model.defaults import default_settings
from .._model.kinds import TARGET_KINDS
from .._store.read import read
from .fact_summary import Summary
from .facts import Facts, Ref, refs_of
from .located import PathT

if TYPE_CHECKING:
    from .._model.settings import Settings
    from .._yaml.parse import Positions


class Locator:
    """Finds where things are written, reading and parsing each file at most once.

    Only called to report a problem, so a clean registry never pays for positions.
    """

    def __init__(self, settings: Callable[[], Settings] = default_settings) -> None:
        #: The settings, asked for only if a typed term's reference must be located.
        self._settings = settings
        self._positions: dict[str, Positions] = {}
        self._refs: dict[str, list[Ref]] = {}

    def _read(self, path: str) -> None:
        doc = read(Path(path))
        self._positions[path] = doc.positions
        data = doc.data
        self._refs[path] = refs_of(data, self._settings()) if isinstance(data, dict) else []

    def position(self, path: str, loc: PathT) -> tuple[int, int]:
        """The 1-based line and column of the value at ``loc`` in the file at ``path``."""
        if path not in self._positions:
            self._read(path)
        return self._positions[path].value(loc)

    def refs(self, path: str, field: str, target: str) -> list[Ref]:
        """The references to ``target`` written in ``field`` of the file at ``path``."""
        if path not in self._refs:
            self._read(path)
        return [r for r in self._refs[path] if r.name == field and r.target == target]


def check_integrity(
    all_facts: Iterable[Facts],
    locator: Locator,
    settled: Summary | None = None,
    added: Sequence[Facts] = (),
) -> list[Diagnostic]:
    """Every cross-record problem among the given records' facts.

    ``settled`` summarises some of them beforehand (the unchanged records'), and
    ``added`` are the rest: only those are summarised here.
    """
    facts = list(all_facts)
    summary = Summary(facts) if settled is None else settled.merged(Summary(added))
    out: list[Diagnostic] = []

    def at(f: Facts, loc: PathT) -> tuple[str, int, int]:
        return (f.path, *locator.position(f.path, loc))

    def refs(f: Facts, field: str, target: str) -> list[Ref]:
        return locator.refs(f.path, field, target)

    if not summary.unique:
        # Which record an id stands for then depends on the order: the facts in file order.
        if settled is not None:
            summary = Summary(facts)
        out.extend(_duplicates(facts, at))
    if summary.dangling:
        out.extend(_unresolved(facts, summary, at, refs))
    out.extend(_reciprocity(summary, at, refs))
    out.extend(_cycles(summary, at, refs))
    out.extend(_dates(summary, at, refs))
    return out


At = Callable[[Facts, PathT], tuple[str, int, int]]
Refs = Callable[[Facts, str, str], list[Ref]]


#: How many of the other places of a duplicate id its R001 names: with thousands of files
#: sharing one id, naming them all made the output (and the memory) grow as their square.
OTHERS_SHOWN = 3


def _duplicates(facts: list[Facts], at: At) -> list[Diagnostic]:
    """Ids are unique across all kinds, so that lookup by id needs no kind.

    Each record with a duplicate id gets one R001, naming the first few of the others and
    counting the rest: what is reported grows with the number of records, never faster.
    """
    by_id: dict[str, list[Facts]] = defaultdict(list)
    for f in facts:
        by_id[f.id].append(f)
    out = []
    for rid, group in by_id.items():
        if len(group) < 2:
            continue
        places = {id(f): at(f, ("id",)) for f in group}
        named = {id(f): "{}:{}:{}".format(*places[id(f)]) + f" ({f.kind})" for f in group}
        head = group[: OTHERS_SHOWN + 1]
        for f in group:
            shown = [named[id(o)] for o in head if o is not f][:OTHERS_SHOWN]
            rest = len(group) - 1 - len(shown)
            others = "; ".join(shown) + (f"; and {rest:,} other file(s)" if rest else "")
            out.append(
                diagnostic(
                    "R001",
                    *places[id(f)],
                    f"id {rid!r} is also defined at {others}",
                    "ids are unique: rename or remove one of the records",
                )
            )
    return out


#: How many ids did-you-mean hints for missing references may compare, in all, per run:
#: a registry of many thousand ids with many broken references is answered in seconds.
HINT_BUDGET = 100_000


def _unresolved(facts: list[Facts], summary: Summary, at: At, refs: Refs) -> list[Diagnostic]:
    """References to records that do not exist (the summary's dangling facts, taken in
    file order), with the ids they may have meant."""
    ids: dict[str, list[str]] = defaultdict(list)  # in file order, for the hints
    for f in facts:
        ids[f.kind].append(f.id)
    known = summary.known
    hints: dict[tuple[str, str], str] = {}
    compared = 0

    def hint_for(kind: str, target: str) -> str:
        # Each search compares the id with every id of its kind: at 10,000 ids a tenth of
        # a second. Searched once per id, and up to a budget: then the plain hint.
        nonlocal compared
        if (kind, target) not in hints:
            choices = ids.get(kind, [])
            close = None
            if compared + len(choices) <= HINT_BUDGET:
                compared += len(choices)
                close = did_you_mean(target, choices)
            hints[kind, target] = close or f"add a {kind} record with this id"
        return hints[kind, target]

    out = []
    broken = {f.path for f in summary.dangling}
    for f in (f for f in facts if f.path in broken):
        kinds = TARGET_KINDS[f.kind]
        for name, targets in f.targets.items():
            kind = kinds[name]
            for target in targets:
                if target in known[kind]:
                    continue
                hint = hint_for(kind, target)
                for ref in refs(f, name, target):
                    out.append(
                        diagnostic(
                            "R002",
                            *at(f, ref.loc),
                            f"{ref.field}: no {kind} with id {target!r}",
                            hint,
                        )
                    )
    return out


#: A day of slack for time zones: an event dated tomorrow may be today somewhere.
SLACK = timedelta(days=1)
#: Reports follow events; one published more than this long after is no longer news of it.
LATE = timedelta(days=30)


def _dates(summary: Summary, at: At, refs: Refs) -> list[Diagnostic]:
    """Events dated in the future (an error); events citing a source published after them."""
    out: list[Diagnostic] = []
    limit = (date.today() + SLACK).isoformat()
    if summary.latest > limit:
        for f in summary.provisions.values():
            for i, on in enumerate(f.dates if f.dates and max(f.dates) > limit else ()):
                if on > limit:
                    out.append(
                        diagnostic(
                            "L008",
                            *at(f, ("history", i, "on")),
                            f"history[{i}] is dated {on}, after today ({date.today()})",
                            "record events once they have happened; check the year",
                        )
                    )
    published = summary.published
    for f in summary.late:
        # An event is flagged only when every source it cites postdates it: one that may be
        # contemporaneous supports it, and later reports of an event are common and fine.
        cited: dict[int, list[Ref]] = defaultdict(list)
        for source in sorted(set(f.targets.get("history", ()))):
            for ref in refs(f, "history", source):
                if isinstance(ref.loc[1], int):
                    cited[ref.loc[1]].append(ref)
        for event, event_refs in sorted(cited.items()):
            on = f.dates[event] if event < len(f.dates) else ""
            days = [published.get(r.target, "") for r in event_refs]
            if on and all(day > _late(on) for day in days):
                first_ref = min(event_refs, key=lambda r: r.loc)
                out.append(
                    diagnostic(
                        "L009",
                        *at(f, first_ref.loc),
                        f"every source of history[{event}] was published more than "
                        f"{LATE.days} days after the event ({on}): "
                        f"{', '.join(sorted({r.target for r in event_refs}))}",
                        "check the event's date; if it is right, a source from the time is "
                        "worth adding",
                    )
                )
    return out


def _late(day: str) -> str:
    """The last publication date that still counts as news of an event on ``day``."""
    try:
        return (last_day(parse(day)) + LATE).isoformat()
    except ValueError:  # not a real date: reported as such, and nothing is later than it
        return "9999-12-31"


def _reciprocity(summary: Summary, at: At, refs: Refs) -> list[Diagnostic]:
    """A supersession is written on both sides."""
    provisions = summary.provisions
    out = []
    for f in summary.linked:
        for target in f.targets.get("superseded_by", []):
            other = provisions.get(target)
            if not other or f.id in other.targets.get("supersedes", []):
                continue
            for ref in refs(f, "superseded_by", target):
                out.append(
                    diagnostic(
                        "R003",
                        *at(f, ref.loc),
                        f"{ref.target!r} does not list {f.id!r} in `supersedes`",
                        f"add {f.id!r} to the `supersedes` of {ref.target!r}",
                    )
                )
        for target in f.targets.get("supersedes", []):
            other = provisions.get(target)
            if not other or f.id in other.targets.get("superseded_by", []):
                continue
            for ref in refs(f, "supersedes", target):
                out.append(
                    diagnostic(
                        "R003",
                        *at(f, ref.loc),
                        f"{ref.target!r} does not name {f.id!r} as `superseded_by`",
                        f"set `superseded_by: {f.id}` in {ref.target!r}",
                    )
                )
    return out


def _cycles(summary: Summary, at: At, refs: Refs) -> list[Diagnostic]:
    """Report each dependency edge that closes a cycle, once per cycle."""
    provisions = summary.provisions
    # Only provisions with dependencies can be on a cycle; the rest are dead ends.
    edges: dict[str, list[str]] = {}
    for f in summary.linked:
        depends_on = f.targets.get("depends_on")
        if depends_on:
            edges[f.id] = [t for t in depends_on if t in provisions]
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(edges, white)
    out: list[Diagnostic] = []
    for start in sorted(edges):
        if colour[start] != white:
            continue
        # Iterative depth-first search: registries can hold long dependency chains.
        stack: list[tuple[str, int]] = [(start, 0)]
        trail: list[str] = [start]
        colour[start] = grey
        while stack:
            node, i = stack[-1]
            if i < len(edges[node]):
                stack[-1] = (node, i + 1)
                target = edges[node][i]
                if target not in colour:
                    continue  # depends on nothing itself: no cycle through it
                if colour[target] == grey:
                    cycle = [*trail[trail.index(target) :], target]
                    f = provisions[node]
                    for ref in refs(f, "depends_on", target):
                        out.append(
                            diagnostic(
                                "R004",
                                *at(f, ref.loc),
                                f"dependency cycle: {' -> '.join(cycle)}",
                                "a provision cannot depend on itself, even through others",
                            )
                        )
                elif colour[target] == white:
                    colour[target] = grey
                    stack.append((target, 0))
                    trail.append(target)
            else:
                colour[node] = black
                stack.pop()
                trail.pop()
    return out
