"""Checks across records: unique ids, references that resolve, reciprocity, no cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from .errors import Diagnostic, diagnostic
from .facts import Facts, Ref
from .hints import suggest
from .located import PathT

#: Finds the line and column of a data path in a file: only called to report a problem.
Locate = Callable[[str, PathT], tuple[int, int]]


def check_integrity(all_facts: Iterable[Facts], locate: Locate) -> list[Diagnostic]:
    """Every cross-record problem among the given records' facts."""
    facts = list(all_facts)
    out: list[Diagnostic] = []

    def at(f: Facts, loc: PathT) -> tuple[str, int, int]:
        return (f.path, *locate(f.path, loc))

    by_id: dict[str, list[Facts]] = defaultdict(list)
    for f in facts:
        by_id[f.id].append(f)
    out.extend(_duplicates(by_id, at))
    ids: dict[str, list[str]] = defaultdict(list)
    for f in facts:
        ids[f.kind].append(f.id)
    known = {kind: set(values) for kind, values in ids.items()}
    for f in facts:
        for ref in f.refs:
            if ref.target not in known.get(ref.kind, set()):
                best = suggest(ref.target, ids.get(ref.kind, []))
                hint = (
                    f"did you mean {best!r}?" if best else f"add a {ref.kind} record with this id"
                )
                out.append(
                    diagnostic(
                        "R002",
                        *at(f, ref.loc),
                        f"{ref.field}: no {ref.kind} with id {ref.target!r}",
                        hint,
                    )
                )
    provisions = {f.id: f for f in facts if f.kind == "provision"}
    out.extend(_reciprocity(provisions, at))
    out.extend(_cycles(provisions, at))
    return out


At = Callable[[Facts, PathT], tuple[str, int, int]]


def _duplicates(by_id: dict[str, list[Facts]], at: At) -> list[Diagnostic]:
    """Ids are unique across all kinds, so that lookup by id needs no kind."""
    out = []
    for rid, group in by_id.items():
        if len(group) < 2:
            continue
        places = {id(f): at(f, ("id",)) for f in group}
        for f in group:
            others = "; ".join(
                "{}:{}:{}".format(*places[id(o)]) + f" ({o.kind})" for o in group if o is not f
            )
            out.append(
                diagnostic(
                    "R001",
                    *places[id(f)],
                    f"id {rid!r} is also defined at {others}",
                    "ids are unique: rename or remove one of the records",
                )
            )
    return out


def _refs(f: Facts, field: str) -> list[Ref]:
    return [r for r in f.refs if r.loc[0] == field]


def _reciprocity(provisions: dict[str, Facts], at: At) -> list[Diagnostic]:
    out = []
    for f in provisions.values():
        for ref in _refs(f, "superseded_by"):
            other = provisions.get(ref.target)
            if other and f.id not in {r.target for r in _refs(other, "supersedes")}:
                out.append(
                    diagnostic(
                        "R003",
                        *at(f, ref.loc),
                        f"{ref.target!r} does not list {f.id!r} in `supersedes`",
                        f"add {f.id!r} to the `supersedes` of {ref.target!r}",
                    )
                )
        for ref in _refs(f, "supersedes"):
            other = provisions.get(ref.target)
            if other and f.id not in {r.target for r in _refs(other, "superseded_by")}:
                out.append(
                    diagnostic(
                        "R003",
                        *at(f, ref.loc),
                        f"{ref.target!r} does not name {f.id!r} as `superseded_by`",
                        f"set `superseded_by: {f.id}` in {ref.target!r}",
                    )
                )
    return out


def _cycles(provisions: dict[str, Facts], at: At) -> list[Diagnostic]:
    """Report each dependency edge that closes a cycle, once per cycle."""
    edges = {
        pid: [r for r in _refs(f, "depends_on") if r.target in provisions]
        for pid, f in provisions.items()
    }
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(provisions, white)
    out: list[Diagnostic] = []
    for start in sorted(provisions):
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
                ref = edges[node][i]
                if colour[ref.target] == grey:
                    cycle = [*trail[trail.index(ref.target) :], ref.target]
                    f = provisions[node]
                    out.append(
                        diagnostic(
                            "R004",
                            *at(f, ref.loc),
                            f"dependency cycle: {' -> '.join(cycle)}",
                            "a provision cannot depend on itself, even through others",
                        )
                    )
                elif colour[ref.target] == white:
                    colour[ref.target] = grey
                    stack.append((ref.target, 0))
                    trail.append(ref.target)
            else:
                colour[node] = black
                stack.pop()
                trail.pop()
    return out
