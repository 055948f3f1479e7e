"""A provision's page: its standing and terms as known on the site's date, its deadlines
and conditions, a timeline of what happened and what was set when, and what it relates to."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..._model.dates import known_by
from ..._model.records import Condition, Deadline, Provision
from ..._registry import engine
from ..._registry.flat_tables import term_text
from .. import words
from ..term_lines import term_lines
from . import urls
from .rows import Context, Row, iso, level_text

if TYPE_CHECKING:
    from ..._registry.engine import Standing
    from .pages import Pages


def provision_page(pages: Pages, provision_id: str) -> Context:
    """What a provision's page shows: its standing, terms, deadlines and conditions as
    known on the site's date, its timeline, the provisions it relates to, its sources."""
    r = pages.registry
    p = r.provision(provision_id)
    s = pages.standing[provision_id]
    parties = []
    if engine.concerns_one_party(p):
        for party, snap in r.parties_on(p.id, pages.on).items():
            parties.append(
                Row(
                    {
                        "party": pages.party_link(party),
                        "where": f"{pages.state(snap.status)} since {snap.since.isoformat()}"
                        if snap
                        else "no event names it (the provision's status stands for it)",
                    }
                )
            )
    related = [
        ("Depends on", p.depends_on),
        ("Depended on by", sorted(pages.depended_by.get(p.id, []))),
        ("The same commitment as", sorted(pages.same_as.get(p.id, set()))),
        ("Supersedes", p.supersedes),
        ("Superseded by", [p.superseded_by] if p.superseded_by else []),
    ]
    shown = engine.events_on(p, pages.on)
    cited = dict.fromkeys(
        [
            *p.sources,
            *(x for e in shown for x in e.sources),
            *(x for d in engine.deadlines_on(p, pages.on) for x in d.sources),
            *(
                x
                for c in engine.conditions_on(p, pages.on)
                if isinstance(c, Condition)
                for x in c.sources
            ),
        ]
    )
    return {
        "p": p,
        "title": p.title,
        "row": pages.prow[p.id],
        "agreement": pages.agreement_link(p.agreement),
        "past_due": s.past_due,
        "no_news": words.news(s),
        "note": pages.note(p.note),
        "progress": f"{s.progress} (recorded {s.progress.since.isoformat()})"
        if s.progress
        else None,
        "responsible": [pages.party_link(x) for x in p.responsible],
        "verifier": [pages.party_link(x) for x in p.verifier],
        "parties": parties,
        "locations": [
            ", ".join(x for x in (loc.country, loc.subdivision, loc.place) if x)
            for loc in p.locations
        ],
        "terms": term_lines(r, p, pages.on),
        "deadlines": [_deadline(pages, p, d, s) for d in engine.deadlines_on(p, pages.on)],
        "conditions": [_condition(pages, c) for c in engine.conditions_on(p, pages.on)],
        "timeline": _timeline(pages, p),
        "later": len(p.history) - len(shown),
        "related": [(label, [_related(pages, x) for x in ids]) for label, ids in related if ids],
        "sources": [pages.source_link(x) for x in cited],
    }


def _related(pages: Pages, provision_id: str) -> Row:
    row = pages.prow.get(provision_id)
    if row is not None:
        return row
    return Row({**pages.provision_link(provision_id), "status_label": "", "status_class": ""})


def _deadline(pages: Pages, p: Provision, d: Deadline, s: Standing) -> Row:
    if d.due is None:
        state = "open"
    elif d.due >= pages.on:
        days = (d.due - pages.on).days
        state = f"due in {words.count(days, 'day')}" if days else "due today"
    elif s.status is not None and pages.registry.lifecycle.is_done(s.status):
        state = f"passed; the provision is {pages.state(s.status)}"
    else:
        state = "passed, no completion recorded"
    return Row(
        {
            "label": d.label,
            "start": iso(d.start),
            "due": iso(d.due),
            "known_from": iso(d.set_on) or f"{p.history[0].on.isoformat()} (with the text)",
            "state": state,
            "note": d.note,
            "sources": [pages.source_link(x) for x in d.sources],
        }
    )


def _condition(pages: Pages, c: str | Condition) -> Row:
    if not isinstance(c, Condition):
        return Row({"text": c, "set_on": None, "party": None, "sources": []})
    return Row(
        {
            "text": c.text,
            "set_on": iso(c.set_on),
            "party": pages.party_link(c.party) if c.party else None,
            "sources": [pages.source_link(x) for x in c.sources],
        }
    )


def _timeline(pages: Pages, p: Provision) -> list[Row]:
    """Events, and deadlines and conditions set later, by date; each event with the
    deadlines on record by its date where they changed."""
    entries: list[tuple[date, int, Row]] = []
    walk = pages.registry.timeline(p.id)
    before: list[tuple[str, str | None]] | None = None
    for seq, (e, after) in enumerate(zip(p.history, walk, strict=True)):
        if after.known > pages.on:
            break
        known = [(d.label, iso(d.due)) for d in engine.deadlines_on(p, e.on)]
        entry = Row(
            {
                "kind": "event",
                "on": e.on.isoformat(),
                "status_label": pages.state(e.status),
                "status_class": urls.word(str(e.status)),
                "level": level_text(after.level, after.basis),
                "party": pages.party_link(e.party) if e.party else None,
                "progress": f"{e.progress:g}" if e.progress is not None else None,
                "terms": [(k.replace("_", " "), term_text(v)) for k, v in (e.terms or {}).items()],
                "note": e.note,
                "sources": [pages.source_link(x) for x in e.sources],
                "deadlines": known if known != before and (known or before) else None,
            }
        )
        before = known
        entries.append((e.on, seq * 3, entry))
    for i, d in enumerate(p.deadlines):
        if d.set_on is not None and known_by(d.set_on, pages.on):
            entries.append(
                (
                    d.set_on,
                    i * 3 + 1,
                    Row(
                        {
                            "kind": "deadline",
                            "on": d.set_on.isoformat(),
                            "label": d.label,
                            "due": iso(d.due),
                            "sources": [pages.source_link(x) for x in d.sources],
                        }
                    ),
                )
            )
    for i, c in enumerate(p.conditions):
        if isinstance(c, Condition) and c.set_on is not None and known_by(c.set_on, pages.on):
            entries.append(
                (
                    c.set_on,
                    i * 3 + 2,
                    Row(
                        {
                            "kind": "condition",
                            "on": c.set_on.isoformat(),
                            "text": c.text,
                            "party": pages.party_link(c.party) if c.party else None,
                            "sources": [pages.source_link(x) for x in c.sources],
                        }
                    ),
                )
            )
    entries.sort(key=lambda x: (x[0], x[1]))
    return [e for _, _, e in entries]
