"""Checks across records: unique ids, references that resolve, reciprocity, no cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .errors import Diagnostic, diagnostic
from .facts import Facts, Ref
from .hints import suggest


def check_integrity(all_facts: Iterable[Facts]) -> list[Diagnostic]:
    """Every cross-record problem among the given records' facts."""
    facts = list(all_facts)
    out: list[Diagnostic] = []
    by_id: dict[str, list[Facts]] = defaultdict(list)
    for f in facts:
        by_id[f.id].append(f)
    out.extend(_duplicates(by_id))
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
                        f.path,
                        ref.line,
                        ref.column,
                        f"{ref.field}: no {ref.kind} with id {ref.target!r}",
                        hint,
                    )
                )
    provisions = {f.id: f for f in facts if f.kind == "provision"}
    out.extend(_reciprocity(provisions))
    out.extend(_cycles(provisions))
    return out


def _duplicates(by_id: dict[str, list[Facts]]) -> list[Diagnostic]:
    """Ids are unique across all kinds, so that lookup by id needs no kind."""
    out = []
    for rid, group in by_id.items():
        if len(group) < 2:
            continue
        for f in group:
            others = "; ".join(
                f"{o.path}:{o.line}:{o.column} ({o.kind})" for o in group if o is not f
            )
            out.append(
                diagnostic(
                    "R001",
                    f.path,
                    f.line,
                    f.column,
                    f"id {rid!r} is also defined at {others}",
                    "ids are unique: rename or remove one of the records",
                )
            )
    return out


def _refs(f: Facts, field: str) -> list[Ref]:
    return [r for r in f.refs if r.field == field or r.field.startswith(f"{field}[")]


def _reciprocity(provisions: dict[str, Facts]) -> list[Diagnostic]:
    out = []
    for f in provisions.values():
        for ref in _refs(f, "superseded_by"):
            other = provisions.get(ref.target)
            if other and f.id not in {r.target for r in _refs(other, "supersedes")}:
                out.append(
                    diagnostic(
                        "R003",
                        f.path,
                        ref.line,
                        ref.column,
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
                        f.path,
                        ref.line,
                        ref.column,
                        f"{ref.target!r} does not name {f.id!r} as `superseded_by`",
                        f"set `superseded_by: {f.id}` in {ref.target!r}",
                    )
                )
    return out


def _cycles(provisions: dict[str, Facts]) -> list[Diagnostic]:
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
                            f.path,
                            ref.line,
                            ref.column,
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
