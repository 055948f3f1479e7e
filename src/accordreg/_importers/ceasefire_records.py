"""One ceasefire of the ETH/PRIO dataset: what its rows agree on, and its records.

A ceasefire is one provision (category ``ceasefire``): in the PA-X agreement its
`pax_id` names where the registry holds it, else in an agreement of its own. Its
history: ``agreed`` when it was declared, ``in_progress`` when it took effect, ``ended``
when it ended, each to the day, month or year the file gives. Where its rows (one per
actor) give different values, a date or a code is recorded only where they agree
(the declaration: the earliest); each row's value goes into the note (E005).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .._diagnostics import Diagnostic, diagnostic
from .._model import dates
from .._registry.citation import CEASEFIRE_DATASET, CEASEFIRES
from .ceasefire_rows import ActorRow, Ceasefire
from .ceasefire_settings import ENDED

#: What each column becomes (the columns not listed are not read).
COLUMNS: dict[str, str] = {
    "cc, cf_id": "the ceasefire's id: `cf-<cc>-<cf_id>` in record ids, and the term "
    "`ethprio_id` (cc × 1000 + cf_id, the dataset's uniq_id)",
    "actor_name": "who declared it, in the title and the text (a row per actor)",
    "location": "the text; `conflict` of an agreement of its own",
    "pax_id": "the PA-X agreement (`pax-<pax_id>`) the provision goes into, where the "
    "registry holds it; else `links.pax_agreement` of an agreement of its own",
    "ucdp_acd_id": "`links.ucdp_conflict` of an agreement of its own (several: the note)",
    "cf_dec_yr, cf_dec_month, cf_dec_day": "the `agreed` event; `date_signed` of an "
    "agreement of its own",
    "cf_effect_yr, cf_effect_month, cf_effect_day": "the term `effective_from`, and the "
    "`in_progress` event where it cannot fall before the declaration",
    "end_yr, end_month, end_day": "the `ended` event",
    "ended": "the term `ethprio_ended`, as given",
    "side": "the term `arrangement`: 1 unilateral, 2 bilateral, 3 multilateral; and "
    "`ethprio_side`, as given",
    "written": "the term `written`: 0 false, 1 and 2 true (-1, unclear: left out)",
    "cf_pp": "the note (`0`: nothing)",
}
#: How `side` reads: the number of sides that made the ceasefire.
ARRANGEMENTS = {1: "unilateral", 2: "bilateral", 3: "multilateral"}
#: How `written` reads.
WRITTEN = {0: False, 1: True, 2: True}
#: The column a value's problems are reported at.
_COLUMN = {
    "declared": "cf_dec_yr",
    "effect": "cf_effect_yr",
    "end": "end_yr",
    "side": "side",
    "written": "written",
    "ended": "ended",
    "pax_id": "pax_id",
}
_WHAT = {
    "declared": "the declaration",
    "effect": "when it took effect",
    "end": "its end",
    "side": "`side`",
    "written": "`written`",
    "ended": "`ended`",
    "pax_id": "the PA-X agreement (`pax_id`)",
}


@dataclass
class Agreed:
    """What the rows of one ceasefire agree on, and what they do not."""

    declared: date | None = None
    effect: date | None = None
    end: date | None = None
    codes: dict[str, int] = field(default_factory=dict)
    conflicts: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _shown(value: Any) -> str:
    return dates.words(value) if isinstance(value, date) else str(value)


def agree(cf: Ceasefire) -> Agreed:
    """What the rows of one ceasefire agree on; where they differ, E005 and a note."""
    out = Agreed()
    for name in ("declared", "effect", "end", "side", "written", "ended", "pax_id"):
        found = cf.values(name)
        if not found:
            continue
        first = [rows[0] for rows in found.values()]
        value: Any = getattr(first[0], name) if name in _DATES else first[0].codes[name]
        if len(found) > 1:
            _differ(cf, name, found, out)
            if name != "declared":
                continue
            value = min((r.declared for r in first if r.declared), key=dates.first_day)
        if name in _DATES:
            setattr(out, name, value)
        else:
            out.codes[name] = value
    out.conflicts = list(cf.values("ucdp_acd_id"))
    if out.end is not None:
        without = [r.actor or f"line {r.line}" for r in cf.rows if r.end is None]
        if without:
            out.notes.append(f"ETH/PRIO gives no end for: {', '.join(dict.fromkeys(without))}.")
    return out


_DATES = ("declared", "effect", "end")


def _differ(cf: Ceasefire, name: str, found: dict[Any, list[ActorRow]], out: Agreed) -> None:
    column = _COLUMN[name]
    said = "; ".join(
        f"{', '.join(dict.fromkeys(r.actor or f'line {r.line}' for r in rows))}: "
        f"{_shown(getattr(rows[0], name) if name in _DATES else rows[0].codes[name])}"
        for rows in found.values()
    )
    kept = "the earliest is recorded" if name == "declared" else "none is recorded"
    out.notes.append(f"Its rows differ on {_WHAT[name]}: {said}.")
    second = list(found.values())[1][0]
    out.problems.append(
        diagnostic(
            "E005",
            second.row.path,
            second.line,
            second.row.column(column),
            f"{column}: the rows of ceasefire {cf.uid} differ on {_WHAT[name]} ({said}); "
            f"{kept}, each in its note",
            "each row is one actor of the ceasefire: correct the file where they should agree",
        )
    )


def title(cf: Ceasefire, declared: date) -> str:
    """`Ceasefire declared by A and B on 2001-03-10` (or `in March 2001`, `in 2001`)."""
    names = cf.actors() or ["actors the file does not name"]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    when = (
        f"on {dates.text(declared)}"
        if not dates.is_partial(declared)
        else (f"in {dates.words(declared)}")
    )
    return f"Ceasefire declared by {who} {when}"


def history(found: Agreed, source: str) -> list[dict[str, Any]]:
    """``agreed`` on its declaration; ``in_progress`` when it took effect, unless that may
    fall before the declaration; ``ended`` at its end (never before what it follows)."""
    assert found.declared is not None
    events: list[dict[str, Any]] = [_event(found.declared, "agreed", source)]
    if found.effect is not None and dates.first_day(found.effect) >= found.declared:
        events.append(_event(found.effect, "in_progress", source))
    if found.end is not None:
        if dates.last_day(found.end) < dates.first_day(events[-1]["on"]) and len(events) > 1:
            events.pop()  # it ended before the day it is said to have taken effect
        if dates.last_day(found.end) >= dates.first_day(events[-1]["on"]):
            events.append(_event(found.end, ENDED, source))
    return events


def _event(on: date, status: str, source: str) -> dict[str, Any]:
    return {"on": on, "status": status, "sources": [source]}


def terms(cf: Ceasefire, found: Agreed) -> dict[str, Any]:
    """The provision's typed terms: the built-in ones first, then the dataset's codes."""
    out: dict[str, Any] = {}
    if found.effect is not None:
        out["effective_from"] = found.effect
    side = found.codes.get("side")
    if side in ARRANGEMENTS:
        out["arrangement"] = ARRANGEMENTS[side]
    written = found.codes.get("written")
    if written in WRITTEN:
        out["written"] = WRITTEN[written]
    out["ethprio_id"] = cf.uid
    if "ended" in found.codes:
        out["ethprio_ended"] = found.codes["ended"]
    if side is not None:
        out["ethprio_side"] = side
    return out


def provision(
    cf: Ceasefire, found: Agreed, agreement: str, pid: str, source: str
) -> dict[str, Any]:
    """The ceasefire's provision record."""
    assert found.declared is not None
    named = title(cf, found.declared)
    where = cf.rows[0].location
    kind = ARRANGEMENTS.get(found.codes.get("side", 0))
    text = (
        f"The ETH/PRIO Civil Conflict Ceasefire dataset records a "
        f"{kind + ' ' if kind else ''}ceasefire {named[len('Ceasefire ') :]}"
        f"{f' ({where})' if where else ''}: its ceasefire {cf.uid}."
    )
    data: dict[str, Any] = {
        "kind": "provision",
        "id": pid,
        "agreement": agreement,
        "title": named,
        "category": "ceasefire",
        "text": text,
        "terms": terms(cf, found),
        "sources": [source],
        "history": history(found, source),
    }
    comments = list(dict.fromkeys(r.comment for r in cf.rows if r.comment))
    note = "\n\n".join([*comments, *found.notes])
    if note:
        data["note"] = note
    return data


def own_agreement(cf: Ceasefire, found: Agreed, source: str) -> dict[str, Any]:
    """The agreement of its own of a ceasefire that no PA-X agreement of the registry holds."""
    assert found.declared is not None
    data: dict[str, Any] = {
        "kind": "agreement",
        "id": cf.slug,
        "title": title(cf, found.declared),
        "date_signed": found.declared,
    }
    where = cf.rows[0].location
    if where:
        data["conflict"] = where
    links: dict[str, Any] = {}
    pax = found.codes.get("pax_id")
    if pax is not None:
        links["pax_agreement"] = pax
    if len(found.conflicts) == 1:
        links["ucdp_conflict"] = found.conflicts[0]
    if links:
        data["links"] = links
    data["sources"] = [source]
    why = (
        f"names PA-X agreement {pax}, which this registry does not hold"
        if pax is not None
        else "names no PA-X agreement"
    )
    note = f"An agreement of its own for ceasefire {cf.uid}: the ETH/PRIO dataset {why}."
    if len(found.conflicts) > 1:
        note += f" UCDP conflict ids: {', '.join(map(str, found.conflicts))}."
    data["note"] = note
    return data


def source() -> dict[str, Any]:
    """The source record every ceasefire cites: the dataset."""
    c = CEASEFIRES
    cite = f"{c.authors[0].split(',')[0]} et al. ({c.year}) {c.title}, {c.journal}"
    return {
        "kind": "source",
        "id": CEASEFIRE_DATASET.source,
        "title": CEASEFIRE_DATASET.name,
        "publisher": "ETH Zurich and the Peace Research Institute Oslo (PRIO)",
        "url": CEASEFIRE_DATASET.url,
        "reliability": "official",
        "note": "The file imported declares no version: say here which release you "
        "imported, as its authors published it. Its licence is the one the file came with. "
        f"Cite as: {cite}, DOI 10.1177/00220027221129195. Each ceasefire's dates are the "
        "dataset's declaration (cf_dec_*), effect (cf_effect_*) and end (end_*).",
    }


def place(cf: Ceasefire, pax: str | None) -> tuple[Path, str, str]:
    """Where the ceasefire's provision lives: (its file, its id, its agreement)."""
    if pax is not None:
        return Path(pax) / f"{cf.slug}.yaml", f"{pax}/{cf.slug}", pax
    return Path(cf.slug) / "ceasefire.yaml", f"{cf.slug}/ceasefire", cf.slug
