"""Building the website: plain data for each page, rendered through the templates."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...errors import MissingExtra, SiteError
from ...model.lifecycle import LEVEL_NAMES
from ...model.records import Condition, Deadline, Provision
from ...registry import knowledge
from ...registry.citation import Credits, credits
from ...registry.tables import standings, term_text
from ..chart import LANE_LIMIT, LINE_LIMIT, colour
from ..citation import bibtex, reference
from ..status import flags, freshness
from ..summary import headline, latest_events, recent_events, sentence, state_label
from ..terms import term_lines
from . import urls

if TYPE_CHECKING:
    from jinja2 import Environment

    from ...registry.query import ProvisionStatus, Registry

#: Rows per page of a list of provisions: long lists are split so that pages stay light.
PAGE_SIZE = 1000
#: The most agreements that get a chart of their own (each takes a third of a second to
#: draw): beyond that, an agreement's page shows its table alone.
AGREEMENT_CHARTS = 100
#: A file in the output folder that marks it as a site accordreg built, so that a
#: rebuild may replace it; a folder without it is never emptied.
MARKER = ".accordreg-site"

#: What a page's template is given.
_Context = dict[str, Any]


class _Row(dict[str, Any]):
    """A mapping whose keys are also attributes: templates read ``row.title`` at the speed
    of an attribute, not through a failed attribute lookup and then the key (2-3x faster
    on pages of a thousand rows)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__ = self


@dataclass
class BuildResult:
    """What a build wrote."""

    out: Path
    pages: int
    charts: int
    #: Why charts are missing or fewer than one might expect, for the command to print.
    notes: list[str] = field(default_factory=list)


def _environment() -> Environment:
    try:
        import jinja2
    except ImportError as exc:
        raise MissingExtra("The website is rendered with Jinja2", "site") from exc
    return jinja2.Environment(
        loader=jinja2.PackageLoader("accordreg.render.site", "templates"),
        # Every value a template prints is escaped unless marked safe; none is marked.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _level(level: int | None) -> str:
    return "not rated" if level is None else f"{level} ({LEVEL_NAMES[level]})"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class _Site:
    """The registry as the pages need it: standings, labels and reverse indexes, built once."""

    def __init__(self, registry: Registry, on: date) -> None:
        self.registry = registry
        self.on = on
        self.rows = standings(registry, on)
        self.standing = {s.provision.id: s for s in self.rows}
        self.headline = headline(registry, self.rows, on)
        self.credits: Credits = credits(registry)
        vocabulary = registry.settings.vocabulary
        self.categories = {c: d.label for c, d in vocabulary.categories.items()}
        self.reliability = dict(vocabulary.reliability)
        self.roles = {w: d.label for w, d in vocabulary.roles.items()}
        self.party_types = {w: d.label for w, d in vocabulary.party_types.items()}
        self.responsible: dict[str, list[str]] = defaultdict(list)
        self.verifies: dict[str, list[str]] = defaultdict(list)
        self.signed: dict[str, list[str]] = defaultdict(list)
        self.third: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.members: dict[str, list[str]] = defaultdict(list)
        self.depended_by: dict[str, list[str]] = defaultdict(list)
        self.same_as: dict[str, set[str]] = defaultdict(set)
        self.group_rows: dict[tuple[str, str], list[_Row]] = {}
        self.cites: dict[str, dict[str, list[_Row]]] = defaultdict(lambda: defaultdict(list))
        self._index()
        self.groups = self._groups()
        self.prow = {s.provision.id: self._provision_row(s) for s in self.rows}
        for key, ids in self.groups.items():
            self.group_rows[key] = [self.prow[pid] for pid in ids]

    # -- indexes -------------------------------------------------------------------------

    def _index(self) -> None:
        r = self.registry
        for member in r.parties.values():
            if member.member_of:
                self.members[member.member_of].append(member.id)
        for a in r.agreements.values():
            for s in a.signatories:
                if s.party:
                    self.signed[s.party].append(a.id)
            for t in a.third_parties:
                if t.party:
                    self.third[t.party].append(
                        (a.id, self.roles.get(str(t.role), str(t.role or "")))
                    )
            for source_id in a.sources:
                self.cites[source_id]["agreements"].append(self.agreement_link(a.id))
        for p in r.provisions.values():
            for party in p.responsible:
                self.responsible[party].append(p.id)
            for party in p.verifier:
                self.verifies[party].append(p.id)
            for other in p.depends_on:
                self.depended_by[other].append(p.id)
            for other in p.same_as:
                self.same_as[p.id].add(other)
                self.same_as[other].add(p.id)
            self._index_sources(p)

    def _index_sources(self, p: Provision) -> None:
        link = self.provision_link(p.id)
        for source_id in p.sources:
            self.cites[source_id]["provisions"].append(link)
        for e in p.history:
            what = _Row(provision=link, on=e.on.isoformat(), status=self.state(e.status))
            for source_id in e.sources:
                self.cites[source_id]["events"].append(what)
        for d in p.deadlines:
            for source_id in d.sources:
                self.cites[source_id]["deadlines"].append(_Row(provision=link, label=d.label))
        for c in p.conditions:
            if isinstance(c, Condition):
                for source_id in c.sources:
                    self.cites[source_id]["conditions"].append(_Row(provision=link, text=c.text))

    # -- labels and links ----------------------------------------------------------------

    def state(self, status: str | None) -> str:
        return state_label(self.registry, status)

    def agreement_title(self, agreement_id: str) -> str:
        a = self.registry.agreements.get(agreement_id)
        return (a.short_title or a.title) if a else agreement_id

    def agreement_link(self, agreement_id: str) -> _Row:
        return _Row(
            {
                "id": agreement_id,
                "title": self.agreement_title(agreement_id),
                "url": urls.agreement(agreement_id)
                if agreement_id in self.registry.agreements
                else None,
            }
        )

    def provision_link(self, provision_id: str) -> _Row:
        p = self.registry.provisions.get(provision_id)
        return _Row(
            {
                "id": provision_id,
                "title": p.title if p else provision_id,
                "url": urls.provision(provision_id) if p else None,
            }
        )

    def party_link(self, party_id: str) -> _Row:
        party = self.registry.parties.get(party_id)
        return _Row(
            {
                "id": party_id,
                "title": party.name if party else party_id,
                "url": urls.party(party_id) if party else None,
            }
        )

    def source_link(self, source_id: str) -> _Row:
        s = self.registry.sources.get(source_id)
        if s is None:
            return _Row({"id": source_id, "title": source_id, "url": None, "meta": ""})
        bits = [b for b in (s.publisher, _iso(s.date)) if b]
        word = self.reliability.get(str(s.reliability))
        bits.append(word.label if word else str(s.reliability))
        return _Row(
            {"id": s.id, "title": s.title, "url": urls.source(s.id), "meta": ", ".join(bits)}
        )

    def category(self, category: str) -> _Row:
        word = str(category)
        return _Row(
            {
                "id": word,
                "title": self.categories.get(word, word.replace("_", " ")),
                "url": self.facet_url("category", word),
            }
        )

    def _provision_row(self, s: ProvisionStatus) -> _Row:
        p = s.provision
        return _Row(
            {
                **self.provision_link(p.id),
                "agreement": self.agreement_link(p.agreement),
                "category": self.category(p.category),
                "status": str(s.status) if s.status else "",
                "status_class": urls.word(str(s.status)) if s.status else "none",
                "status_label": self.state(s.status),
                "level": "—" if s.status is None else _level(s.level),
                "since": _iso(s.since),
                "progress": str(s.progress) if s.progress else None,
                "next_deadline": _iso(s.next_deadline.due) if s.next_deadline else None,
                "flags": flags(s),
                "parties": " ".join(dict.fromkeys([*p.responsible, *p.verifier])),
            }
        )

    # -- pages -----------------------------------------------------------------------------

    def common(self) -> _Context:
        """What every page shows: the site's name, the date, the credits in the footer."""
        dataset = self.credits.dataset
        return {
            "site_title": self.site_title(),
            "on": self.on.isoformat(),
            "version": __version__,
            "dataset_reference": reference(dataset) if dataset else None,
            "dataset_licence": dataset.licence if dataset else None,
            "pax_reference": reference(self.credits.pax) if self.credits.pax else None,
        }

    def site_title(self) -> str:
        if self.registry.settings.name:
            return self.registry.settings.name
        if self.credits.dataset:
            return self.credits.dataset.title
        return "Peace-agreement provisions"

    def home(self, charts: dict[str, str]) -> _Context:
        r = self.registry
        processes: dict[str, list[str]] = defaultdict(list)
        for a in sorted(r.agreements.values(), key=lambda a: (a.date_signed or date.max, a.id)):
            processes[a.process or "Process not recorded"].append(a.id)
        ordered = sorted(processes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        recent = recent_events(r, self.on)
        h = self.headline
        return {
            "sentence": sentence(h),
            "freshness": " ".join(freshness(r, self.on)),
            "by_status": [
                _Row(
                    {
                        "label": label,
                        "count": n,
                        "class": urls.word(str(s)) if s else "none",
                        "url": self.facet_url("status", str(s)) if s else None,
                    }
                )
                for s, label, n in h.by_status
            ],
            "headline": h,
            "past_due_url": self.facet_url("flag", "past-due"),
            "no_news_url": self.facet_url("flag", "no-news"),
            "processes": [
                _Row(
                    {
                        "name": name,
                        "count": len(ids),
                        "agreements": [self._agreement_summary(a) for a in ids[:12]],
                        "more": max(0, len(ids) - 12),
                    }
                )
                for name, ids in ordered[:20]
            ],
            "more_processes": max(0, len(ordered) - 20),
            "recent": [self._event_line(e.provision, e.event) for e in recent[:200]],
            "recent_more": max(0, len(recent) - 200),
            "latest": []
            if recent
            else [self._event_line(e.provision, e.event) for e in latest_events(r, self.on)],
            "charts": charts,
        }

    def _agreement_summary(self, agreement_id: str) -> _Row:
        a = self.registry.agreement(agreement_id)
        level = self.registry.agreement_level_on(agreement_id, self.on)
        return _Row(
            {
                **self.agreement_link(agreement_id),
                "date": _iso(a.date_signed),
                "provisions": len(self.registry.provision_ids(agreement_id)),
                "level": "not rated" if level is None else f"{level:.0f}%",
            }
        )

    def _event_line(self, p: Provision, e: Any) -> _Row:
        return _Row(
            {
                "on": e.on.isoformat(),
                "provision": self.provision_link(p.id),
                "agreement": self.agreement_link(p.agreement),
                "status_label": self.state(e.status),
                "status_class": urls.word(str(e.status)),
                "note": e.note,
            }
        )

    def agreements(self) -> _Context:
        groups: dict[str, list[_Row]] = defaultdict(list)
        for a in sorted(
            self.registry.agreements.values(), key=lambda a: (a.date_signed or date.max, a.id)
        ):
            groups[a.process or "Process not recorded"].append(self._agreement_summary(a.id))
        return {"groups": sorted(groups.items())}

    def agreement(self, agreement_id: str, chart: str | None) -> _Context:
        r = self.registry
        a = r.agreement(agreement_id)
        pax = a.links.pax_agreement if a.links else None
        rows = []
        for pid in r.provision_ids(agreement_id):
            row = _Row(self.prow[pid])
            row["terms"] = "; ".join(
                f"{k}: {v}" for k, v in term_lines(r, r.provision(pid), self.on)
            )
            rows.append(row)
        level = r.agreement_level_on(agreement_id, self.on)
        facts = [
            ("Signed", _iso(a.date_signed) or "date not recorded"),
            ("Place", a.place),
            ("Process", a.process),
            ("Conflict", a.conflict),
            ("Countries", ", ".join(a.countries) or None),
            ("Agreement type (PA-X)", str(a.agreement_type) if a.agreement_type else None),
            ("Stage (PA-X)", " / ".join(str(x) for x in (a.stage, a.stage_sub) if x) or None),
            ("Status (PA-X)", a.pax_status),
            (
                f"Level on {self.on.isoformat()}",
                "not rated" if level is None else f"{level:.0f}% of full implementation",
            ),
        ]
        return {
            "a": a,
            "title": a.title,
            "short_title": a.short_title,
            "facts": [(k, v) for k, v in facts if v],
            "pax_url": f"https://www.peaceagreements.org/view/{pax}" if pax else None,
            "pax_id": pax,
            "rows": rows,
            "chart": chart,
            "signatories": [
                _Row(
                    {
                        "party": self.party_link(s.party) if s.party else None,
                        "signed_by": s.signed_by,
                        "capacity": s.capacity,
                    }
                )
                for s in a.signatories
            ],
            "third_parties": [
                _Row(
                    {
                        "role": self.roles.get(str(t.role), str(t.role))
                        if t.role
                        else "third party",
                        "party": self.party_link(t.party) if t.party else None,
                        "name": t.name,
                        "represented_by": t.represented_by,
                    }
                )
                for t in a.third_parties
            ],
            "sources": [self.source_link(x) for x in a.sources],
        }

    def provision(self, provision_id: str) -> _Context:
        r = self.registry
        p = r.provision(provision_id)
        s = self.standing[provision_id]
        parties = []
        if knowledge.concerns_one_party(p):
            for party, snap in r.parties_on(p.id, self.on).items():
                parties.append(
                    _Row(
                        {
                            "party": self.party_link(party),
                            "where": f"{self.state(snap.status)} since {snap.since.isoformat()}"
                            if snap
                            else "nothing on record",
                        }
                    )
                )
        related = [
            ("Depends on", p.depends_on),
            ("Depended on by", sorted(self.depended_by.get(p.id, []))),
            ("The same commitment as", sorted(self.same_as.get(p.id, set()))),
            ("Supersedes", p.supersedes),
            ("Superseded by", [p.superseded_by] if p.superseded_by else []),
        ]
        shown = [e for e in p.history if e.on <= self.on]
        cited = dict.fromkeys(
            [
                *p.sources,
                *(x for e in shown for x in e.sources),
                *(x for d in knowledge.deadlines_on(p, self.on) for x in d.sources),
                *(
                    x
                    for c in knowledge.conditions_on(p, self.on)
                    if isinstance(c, Condition)
                    for x in c.sources
                ),
            ]
        )
        return {
            "p": p,
            "title": p.title,
            "row": self.prow[p.id],
            "agreement": self.agreement_link(p.agreement),
            "past_due": s.past_due,
            "no_news": f"no event on record since {s.last_event.isoformat()}"
            if s.stale and s.last_event
            else None,
            "progress": f"{s.progress} (recorded {s.progress.since.isoformat()})"
            if s.progress
            else None,
            "responsible": [self.party_link(x) for x in p.responsible],
            "verifier": [self.party_link(x) for x in p.verifier],
            "parties": parties,
            "locations": [
                ", ".join(x for x in (loc.country, loc.subdivision, loc.place) if x)
                for loc in p.locations
            ],
            "terms": term_lines(r, p, self.on),
            "deadlines": [self._deadline(p, d, s) for d in knowledge.deadlines_on(p, self.on)],
            "conditions": [self._condition(c) for c in knowledge.conditions_on(p, self.on)],
            "timeline": self._timeline(p),
            "later": len(p.history) - len(shown),
            "related": [(label, [self._related(x) for x in ids]) for label, ids in related if ids],
            "sources": [self.source_link(x) for x in cited],
        }

    def _related(self, provision_id: str) -> _Row:
        row = self.prow.get(provision_id)
        if row is not None:
            return row
        return _Row({**self.provision_link(provision_id), "status_label": "", "status_class": ""})

    def _deadline(self, p: Provision, d: Deadline, s: ProvisionStatus) -> _Row:
        if d.due is None:
            state = "open"
        elif d.due >= self.on:
            state = f"due in {(d.due - self.on).days} days"
        elif s.status is not None and self.registry.lifecycle.is_done(s.status):
            state = f"passed; the provision is {self.state(s.status)}"
        else:
            state = "passed, no completion recorded"
        return _Row(
            {
                "label": d.label,
                "start": _iso(d.start),
                "due": _iso(d.due),
                "known_from": _iso(d.set_on) or f"{p.history[0].on.isoformat()} (with the text)",
                "state": state,
                "note": d.note,
                "sources": [self.source_link(x) for x in d.sources],
            }
        )

    def _condition(self, c: str | Condition) -> _Row:
        if not isinstance(c, Condition):
            return _Row({"text": c, "set_on": None, "party": None, "sources": []})
        return _Row(
            {
                "text": c.text,
                "set_on": _iso(c.set_on),
                "party": self.party_link(c.party) if c.party else None,
                "sources": [self.source_link(x) for x in c.sources],
            }
        )

    def _timeline(self, p: Provision) -> list[_Row]:
        """Events, and deadlines and conditions set later, by date; each event with the
        deadlines on record by its date where they changed."""
        entries: list[tuple[date, int, _Row]] = []
        walk = list(self.registry.lifecycle.walk(p.steps()))
        before: list[tuple[str, str | None]] | None = None
        for seq, (e, after) in enumerate(zip(p.history, walk, strict=True)):
            if e.on > self.on:
                break
            known = [(d.label, _iso(d.due)) for d in knowledge.deadlines_on(p, e.on)]
            entry = _Row(
                {
                    "kind": "event",
                    "on": e.on.isoformat(),
                    "status_label": self.state(e.status),
                    "status_class": urls.word(str(e.status)),
                    "level": _level(after.level),
                    "party": self.party_link(e.party) if e.party else None,
                    "progress": f"{e.progress:g}" if e.progress is not None else None,
                    "terms": [
                        (k.replace("_", " "), term_text(v)) for k, v in (e.terms or {}).items()
                    ],
                    "note": e.note,
                    "sources": [self.source_link(x) for x in e.sources],
                    "deadlines": known if known != before and (known or before) else None,
                }
            )
            before = known
            entries.append((e.on, seq * 3, entry))
        for i, d in enumerate(p.deadlines):
            if d.set_on is not None and d.set_on <= self.on:
                entries.append(
                    (
                        d.set_on,
                        i * 3 + 1,
                        _Row(
                            {
                                "kind": "deadline",
                                "on": d.set_on.isoformat(),
                                "label": d.label,
                                "due": _iso(d.due),
                                "sources": [self.source_link(x) for x in d.sources],
                            }
                        ),
                    )
                )
        for i, c in enumerate(p.conditions):
            if isinstance(c, Condition) and c.set_on is not None and c.set_on <= self.on:
                entries.append(
                    (
                        c.set_on,
                        i * 3 + 2,
                        _Row(
                            {
                                "kind": "condition",
                                "on": c.set_on.isoformat(),
                                "text": c.text,
                                "party": self.party_link(c.party) if c.party else None,
                                "sources": [self.source_link(x) for x in c.sources],
                            }
                        ),
                    )
                )
        entries.sort(key=lambda x: (x[0], x[1]))
        return [e for _, _, e in entries]

    def party(self, party_id: str) -> _Context:
        r = self.registry
        party = r.party(party_id)
        responsible = []
        for pid in sorted(self.responsible.get(party_id, [])):
            row = _Row(self.prow[pid])
            p = r.provision(pid)
            own = None
            if knowledge.concerns_one_party(p):
                snap = r.parties_on(pid, self.on).get(party_id)
                own = (
                    f"{self.state(snap.status)} since {snap.since.isoformat()}"
                    if snap
                    else "nothing on record"
                )
            row["own"] = own
            responsible.append(row)
        counts: dict[str, int] = defaultdict(int)
        for row in responsible:
            counts[row["status_label"]] += 1
        past_due = sum(1 for pid in self.responsible.get(party_id, []) if self.standing[pid].missed)
        return {
            "party": party,
            "title": party.name,
            "type": self.party_types.get(str(party.type), str(party.type)),
            "member_of": self.party_link(party.member_of) if party.member_of else None,
            "members": [self.party_link(x) for x in sorted(self.members.get(party_id, []))],
            "responsible": responsible,
            "counts": sorted(counts.items(), key=lambda kv: -kv[1]),
            "past_due": past_due,
            "verifies": [self.prow[x] for x in sorted(self.verifies.get(party_id, []))],
            "signed": [self._agreement_summary(a) for a in self.signed.get(party_id, [])],
            "third": [
                _Row({**self._agreement_summary(a), "role": role})
                for a, role in self.third.get(party_id, [])
            ],
            "facet": self.facet_url("party", party_id),
        }

    def parties(self) -> _Context:
        rows = []
        for party in sorted(self.registry.parties.values(), key=lambda x: x.name.casefold()):
            rows.append(
                _Row(
                    {
                        **self.party_link(party.id),
                        "type": self.party_types.get(str(party.type), str(party.type)),
                        "country": party.country,
                        "responsible": len(self.responsible.get(party.id, [])),
                        "verifies": len(self.verifies.get(party.id, [])),
                        "signed": len(self.signed.get(party.id, [])),
                    }
                )
            )
        return {"rows": rows}

    def source(self, source_id: str) -> _Context:
        s = self.registry.source(source_id)
        word = self.reliability.get(str(s.reliability))
        cited = self.cites.get(source_id, {})
        return {
            "s": s,
            "title": s.title,
            "url": s.url if s.url and s.url.startswith(("https://", "http://")) else None,
            "reliability": word.label if word else str(s.reliability),
            "reliability_note": word.description if word else "",
            "agreements": cited.get("agreements", []),
            "provisions": cited.get("provisions", []),
            "events": cited.get("events", []),
            "deadlines": cited.get("deadlines", []),
            "conditions": cited.get("conditions", []),
        }

    def sources(self) -> _Context:
        rows = []
        for s in sorted(
            self.registry.sources.values(), key=lambda x: (x.date or date.min, x.id), reverse=True
        ):
            cited = self.cites.get(s.id, {})
            uses = sum(len(v) for v in cited.values())
            rows.append(_Row({**self.source_link(s.id), "uses": uses}))
        return {"rows": rows}

    def cite(self) -> _Context:
        return {
            "missing": self.credits.missing,
            "works": [
                {"what": what, "reference": reference(c), "bibtex": bibtex(c), "licence": c.licence}
                for what, c in self.credits.all()
            ],
        }

    def _groups(self) -> dict[tuple[str, str], list[str]]:
        """The provision ids of each filtered view: by status, category, party and flag."""
        by: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s in self.rows:
            pid = s.provision.id
            if s.status is not None:
                by["status", str(s.status)].append(pid)
            by["category", str(s.provision.category)].append(pid)
            for party in dict.fromkeys([*s.provision.responsible, *s.provision.verifier]):
                if party in self.registry.parties:
                    by["party", party].append(pid)
            if s.missed is not None:
                by["flag", "past-due"].append(pid)
            if s.stale:
                by["flag", "no-news"].append(pid)
        return dict(sorted(by.items()))

    def facet_url(self, kind: str, value: str) -> str | None:
        """The page of a filtered view; the whole list where the view would hold every
        provision (a PA-X import is all `agreed`: no need for a second copy of the list)."""
        ids = self.groups.get((kind, value))
        if not ids:
            return None
        return urls.PROVISIONS if len(ids) == len(self.rows) else urls.facet(kind, value)

    def facets(self) -> Iterator[tuple[str, str, str, list[_Row]]]:
        """(kind, value, heading, rows) for each filtered view that needs a page."""
        for (kind, value), rows in self.group_rows.items():
            if len(rows) < len(self.rows):
                yield kind, value, self._facet_heading(kind, value), rows

    def _facet_heading(self, kind: str, value: str) -> str:
        if kind == "status":
            return f"Provisions {self.state(value)} on {self.on.isoformat()}"
        if kind == "category":
            return f"Provisions of the category “{self.category(value)['title']}”"
        if kind == "party":
            return f"Provisions {self.party_link(value)['title']} carries out or verifies"
        if value == "past-due":
            return f"Provisions past due on {self.on.isoformat()}, no completion recorded"
        return (
            f"Provisions with no news for over {self.registry.settings.stale_after_days} days "
            f"on {self.on.isoformat()}"
        )

    def filters(self) -> _Context:
        """The choices of the provisions list's filter, each with its count and page."""
        counts = {key: len(ids) for key, ids in self.groups.items()}

        def choices(kind: str, label: Callable[[str], str]) -> list[_Row]:
            found = [(v, n) for (k, v), n in counts.items() if k == kind]
            return [
                _Row(value=v, label=label(v), count=n, url=self.facet_url(kind, v))
                for v, n in sorted(found, key=lambda x: label(x[0]).casefold())
            ]

        order = {s: i for i, s in enumerate(self.registry.lifecycle.states())}
        statuses = choices("status", self.state)
        statuses.sort(key=lambda c: order.get(c["value"], len(order)))
        return {
            "statuses": statuses,
            "categories": choices("category", lambda v: str(self.category(v)["title"])),
            "parties": choices("party", lambda v: str(self.party_link(v)["title"])),
            "flags": choices("flag", lambda v: v.replace("-", " ")),
        }


# -- charts ----------------------------------------------------------------------------------


def _charts(site: _Site, folder: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Draw the home page's charts and those of the agreements with a history to show.

    Returns the home charts and the agreement charts (name -> path from the site's root),
    and notes for the reader of the command's output.
    """
    try:
        import matplotlib  # noqa: F401  # only whether it is there
    except ImportError:
        missing = MissingExtra("Charts are drawn with matplotlib", "report")
        return {}, {}, [f"no charts: {missing}"]
    from ..chart import levels_chart, status_chart, timeline_svg

    r = site.registry
    folder.mkdir(parents=True, exist_ok=True)
    ids = [s.provision.id for s in site.rows]
    agreements = list(dict.fromkeys(s.provision.agreement for s in site.rows))
    home = {}
    if ids:
        (folder / "status.svg").write_text(status_chart(r, ids, site.on), encoding="utf-8")
        (folder / "levels.svg").write_text(levels_chart(r, agreements, site.on), encoding="utf-8")
        home = {
            "status": "assets/charts/status.svg",
            "status_caption": "Status of each provision over time. Hatched: no information "
            "after the latest recorded event."
            if len(ids) <= LANE_LIMIT
            else f"How many provisions stood in each status over time (one lane per provision "
            f"is drawn up to {LANE_LIMIT} provisions).",
            "levels": "assets/charts/levels.svg",
            "levels_caption": "Each agreement's implementation level over time "
            "(Σ levels ÷ 3 × rated provisions)."
            if len(agreements) <= LINE_LIMIT
            else "The implementation level of all the provisions together over time "
            f"(Σ levels ÷ 3 × rated provisions; one line per agreement up to {LINE_LIMIT}).",
        }
    # An agreement's own lanes are worth drawing where something happened after signing.
    eligible = [
        a
        for a in agreements
        if len(r.provision_ids(a)) <= LANE_LIMIT
        and any(len(r.provision(p).history) > 1 for p in r.provision_ids(a))
    ]
    notes = []
    if len(eligible) > AGREEMENT_CHARTS:
        notes.append(
            f"charts drawn for the {AGREEMENT_CHARTS} latest of the {len(eligible)} agreements "
            "with a history after signing; the other agreement pages show their tables"
        )
    own = {}
    for agreement_id in eligible[-AGREEMENT_CHARTS:]:
        name = f"agreement-{agreement_id}.svg"
        svg = timeline_svg(r, r.provision_ids(agreement_id), site.on)
        (folder / name).write_text(svg, encoding="utf-8")
        own[agreement_id] = f"assets/charts/{name}"
    return home, own, notes


# -- writing ---------------------------------------------------------------------------------


def _style(registry: Registry) -> str:
    """The stylesheet: the shipped one, then a colour per state of the registry's lifecycle."""
    base = resources.files("accordreg.render.site").joinpath("static/style.css").read_text("utf-8")
    rules = [
        f".status-{urls.word(str(s))} {{ --state: {colour(registry, s)}; }}"
        for s in registry.lifecycle.states()
    ]
    return (
        base
        + "\n/* One colour per state of the registry's lifecycle. */\n"
        + "\n".join(rules)
        + "\n"
    )


class _Writer:
    """Renders pages into a folder, counting them."""

    def __init__(self, env: Environment, folder: Path, common: _Context) -> None:
        self.env = env
        self.folder = folder
        self.common = common
        self.pages = 0
        self._made: set[str] = set()

    def page(self, path: str, template: str, **context: Any) -> None:
        text = self.env.get_template(template).render(
            **self.common, **context, root=urls.root_of(path), path=path
        )
        target = self.folder / path
        parent = os.path.dirname(path)
        if parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        # Plain writes: the whole folder is swapped in at the end, so no page is seen half-written.
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.pages += 1

    def paged(self, path: str, template: str, rows: Sequence[_Row], **context: Any) -> None:
        """A list split over pages of PAGE_SIZE rows, each linking to the others."""
        count = max(1, -(-len(rows) // PAGE_SIZE))
        for number in range(1, count + 1):
            here = urls.paged(path, number)
            self.page(
                here,
                template,
                rows=rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
                page=number,
                page_count=count,
                page_urls=[urls.paged(path, n) for n in range(1, count + 1)],
                total=len(rows),
                **context,
            )


def _prepare(out: Path) -> Path:
    """A fresh folder beside ``out`` to build in; refuses to replace what is not a site."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(
            f"{out} exists and is not a site accordreg built: choose an empty or new folder"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _swap(built: Path, out: Path) -> None:
    """Put the built folder in place of ``out``, the old one removed once the new is there."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / "site")
    os.replace(built, out)
    os.chmod(out, 0o755)  # mkdtemp makes a private folder; a site is for everyone to read
    if old is not None:
        shutil.rmtree(old)


#: Below this many records a build runs in one process: forking costs more than it saves.
PARALLEL_FROM = 2000

_Job = tuple[str, str]


@dataclass
class _State:
    """What every job needs: the site's data, the writer, the charts drawn."""

    site: _Site
    writer: _Writer
    own_charts: dict[str, str]
    home_charts: dict[str, str]
    filters: _Context


#: The build's state, set before the workers fork, so that they inherit it unpickled.
_STATE: _State | None = None


def _jobs(site: _Site) -> list[_Job]:
    """Every page to write, as (kind, key): lists first, then one per record."""
    r = site.registry
    jobs: list[_Job] = [("home", ""), ("agreements", ""), ("provisions", ""), ("parties", ""),
                        ("sources", ""), ("cite", "")]  # fmt: skip
    jobs += [("facet", f"{kind}\0{value}") for kind, value, _, _ in site.facets()]
    jobs += [("agreement", x) for x in r.agreements]
    jobs += [("provision", x) for x in r.provisions]
    jobs += [("party", x) for x in r.parties]
    jobs += [("source", x) for x in r.sources]
    return jobs


def _run(jobs: Sequence[_Job]) -> int:
    """Write the pages of ``jobs``; return how many pages that made."""
    assert _STATE is not None
    site, write, filters = _STATE.site, _STATE.writer, _STATE.filters
    before = write.pages
    headings = (
        {(k, v): h for k, v, h, _ in site.facets()}
        if any(kind == "facet" for kind, _ in jobs)
        else {}
    )
    for kind, key in jobs:
        if kind == "provision":
            write.page(urls.provision(key), "provision.html", **site.provision(key),
                       nav="provisions")  # fmt: skip
        elif kind == "agreement":
            context = site.agreement(key, _STATE.own_charts.get(key))
            write.page(urls.agreement(key), "agreement.html", **context, nav="agreements")
        elif kind == "party":
            write.page(urls.party(key), "party.html", **site.party(key), nav="parties")
        elif kind == "source":
            write.page(urls.source(key), "source.html", **site.source(key), nav="sources")
        elif kind == "facet":
            facet, value = key.split("\0", 1)
            write.paged(urls.facet(facet, value), "provisions.html",
                        site.group_rows[facet, value], filters=filters,
                        heading=headings[facet, value], nav="provisions")  # fmt: skip
        elif kind == "provisions":
            write.paged(urls.PROVISIONS, "provisions.html",
                        [site.prow[s.provision.id] for s in site.rows], filters=filters,
                        heading="All provisions", nav="provisions")  # fmt: skip
        elif kind == "home":
            write.page(urls.HOME, "home.html", **site.home(_STATE.home_charts), nav="home")
        else:
            make: Callable[[], _Context] = getattr(site, kind)
            write.page(getattr(urls, kind.upper()), f"{kind}.html", **make(), nav=kind)
    return write.pages - before


def _workers(jobs: int) -> int:
    """How many processes to write with: one per core we may use, for large sites on Linux."""
    if jobs < PARALLEL_FROM or not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _write_all(jobs: list[_Job], workers: int) -> int:
    if workers == 1:
        return _run(jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers share the site's data with the parent instead of rebuilding it; each
    # takes every n-th page so that the heavy and light pages are spread evenly.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(_run, jobs[i::workers]) for i in range(workers)]
        return sum(f.result() for f in futures)


def build(registry: Registry, out: Path, on: date, *, charts: bool = True) -> BuildResult:
    """Write the website of ``registry`` as of ``on`` into the folder ``out``.

    ``out`` must be new, empty, or a site built before (which is replaced whole). Large
    registries are written by one process per core (Linux).
    """
    global _STATE
    env = _environment()
    site = _Site(registry, on)
    folder = _prepare(out)
    try:
        (folder / MARKER).write_text(f"accordreg {__version__}\n", encoding="utf-8")
        # GitHub Pages runs Jekyll unless told not to; the pages are final as they are.
        (folder / ".nojekyll").write_text("", encoding="utf-8")
        (folder / "assets").mkdir()
        (folder / urls.STYLE).write_text(_style(registry), encoding="utf-8")
        script = resources.files("accordreg.render.site").joinpath("static/filter.js")
        (folder / urls.SCRIPT).write_text(script.read_text("utf-8"), encoding="utf-8")
        if charts:
            home_charts, own, notes = _charts(site, folder / "assets" / "charts")
        else:
            home_charts, own, notes = {}, {}, ["no charts: --no-charts"]
        common = site.common()
        common["charts_note"] = notes[0] if notes and not home_charts else None
        writer = _Writer(env, folder, common)
        _STATE = _State(site, writer, own, home_charts, site.filters())
        jobs = _jobs(site)
        pages = _write_all(jobs, _workers(len(jobs)))
        drawn = len(list((folder / "assets" / "charts").glob("*.svg")))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        _STATE = None
    _swap(folder, out)
    return BuildResult(out, pages, drawn, notes)
