"""The website's pages as plain data: what each template is given, built once from the
registry (standings, labels, reverse indexes). Writing them is the job of ``building``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ... import __version__
from ..._model.records import Condition, Provision
from ..._registry.citation import Credits, credits
from ..._registry.flat_tables import standings
from .. import words
from ..citation import bibtex, reference
from ..headline import headline, latest_events, recent_events, sentence, state_label
from ..status import flags, freshness
from ..term_lines import term_lines
from . import urls
from .agreement_page import agreement_history, agreement_status
from .browse import agreement_facts, agreement_groups
from .party_page import party_page
from .provision_page import provision_page
from .rows import Context, Row, iso, level_text

if TYPE_CHECKING:
    from ..._registry.engine import Standing
    from ..._registry.query import Registry


#: The recent events the home page lists; the others are on a page of their own.
RECENT_SHOWN = 200
#: The processes the home page lists with their agreements (the most agreements first),
#: and the agreements of each; the others are links to the page of all agreements.
PROCESSES_SHOWN, AGREEMENTS_SHOWN = 20, 12


class Pages:
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
        self.group_rows: dict[tuple[str, str], list[Row]] = {}
        self.cites: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        self._summaries: dict[str, Row] = {}
        self._index()
        self.groups = self._groups()
        self.prow = {s.provision.id: self._provision_row(s) for s in self.rows}
        for key, ids in self.groups.items():
            self.group_rows[key] = [self.prow[pid] for pid in ids]
        #: The agreements of each value of their region, countries, conflict type, stage.
        self.agreement_groups = agreement_groups(self)
        self.recent = recent_events(registry, on)

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
            what = Row(provision=link, on=e.on.isoformat(), status=self.state(e.status))
            for source_id in e.sources:
                self.cites[source_id]["events"].append(what)
        for d in p.deadlines:
            for source_id in d.sources:
                self.cites[source_id]["deadlines"].append(Row(provision=link, label=d.label))
        for c in p.conditions:
            if isinstance(c, Condition):
                for source_id in c.sources:
                    self.cites[source_id]["conditions"].append(Row(provision=link, text=c.text))

    # -- labels and links ----------------------------------------------------------------

    def state(self, status: str | None) -> str:
        return state_label(self.registry, status)

    def agreement_title(self, agreement_id: str) -> str:
        a = self.registry.agreements.get(agreement_id)
        return (a.short_title or a.title) if a else agreement_id

    def agreement_link(self, agreement_id: str) -> Row:
        return Row(
            {
                "id": agreement_id,
                "title": self.agreement_title(agreement_id),
                "url": urls.agreement(agreement_id)
                if agreement_id in self.registry.agreements
                else None,
            }
        )

    def provision_link(self, provision_id: str) -> Row:
        p = self.registry.provisions.get(provision_id)
        return Row(
            {
                "id": provision_id,
                "title": p.title if p else provision_id,
                "url": urls.provision(provision_id) if p else None,
            }
        )

    def party_link(self, party_id: str) -> Row:
        party = self.registry.parties.get(party_id)
        return Row(
            {
                "id": party_id,
                "title": party.name if party else party_id,
                "url": urls.party(party_id) if party else None,
            }
        )

    def source_link(self, source_id: str) -> Row:
        s = self.registry.sources.get(source_id)
        if s is None:
            return Row({"id": source_id, "title": source_id, "url": None, "meta": ""})
        bits = [b for b in (s.publisher, iso(s.date)) if b]
        word = self.reliability.get(str(s.reliability))
        bits.append(word.label if word else str(s.reliability))
        return Row(
            {"id": s.id, "title": s.title, "url": urls.source(s.id), "meta": ", ".join(bits)}
        )

    def category(self, category: str) -> Row:
        word = str(category)
        return Row(
            {
                "id": word,
                "title": self.categories.get(word, word.replace("_", " ")),
                "url": self.facet_url("category", word),
            }
        )

    def _provision_row(self, s: Standing) -> Row:
        p = s.provision
        return Row(
            {
                **self.provision_link(p.id),
                "agreement": self.agreement_link(p.agreement),
                "category": self.category(p.category),
                "status": str(s.status) if s.status else "",
                "status_class": urls.word(str(s.status)) if s.status else "none",
                "status_label": self.state(s.status),
                "level": "—" if s.status is None else level_text(s.level, s.basis, s.tracked),
                # In a sentence: "level 1 (minimal)", but "no work reported" as it is.
                "level_said": (
                    f"level {level_text(s.level, s.basis)}"
                    if s.rated and s.tracked
                    else level_text(s.level, s.basis, s.tracked)
                ),
                "since": iso(s.since),
                "progress": str(s.progress) if s.progress else None,
                "next_deadline": iso(s.next_deadline.due) if s.next_deadline else None,
                "flags": flags(s),
                "parties": " ".join(dict.fromkeys([*p.responsible, *p.verifier])),
            }
        )

    # -- pages -----------------------------------------------------------------------------

    def common(self) -> Context:
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

    def home(self, charts: dict[str, str]) -> Context:
        r = self.registry
        processes: dict[str, list[str]] = defaultdict(list)
        for a in sorted(r.agreements.values(), key=lambda a: (a.date_signed or date.max, a.id)):
            processes[a.process or "Process not recorded"].append(a.id)
        ordered = sorted(processes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        shown = AGREEMENTS_SHOWN
        recent = self.recent
        h = self.headline
        return {
            "sentence": sentence(h),
            "freshness": " ".join(freshness(r, self.on)),
            "by_status": [
                Row(
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
                Row(
                    {
                        "name": name,
                        "count": len(ids),
                        "agreements": [self.agreement_summary(a) for a in ids[:shown]],
                        "more": max(0, len(ids) - shown),
                        # The first agreement not listed here, on the page of all of them.
                        "anchor": f"agreement-{ids[shown]}" if len(ids) > shown else None,
                    }
                )
                for name, ids in ordered[:PROCESSES_SHOWN]
            ],
            "more_processes": [
                Row(name=name, count=len(ids), anchor=urls.process_anchor(name))
                for name, ids in sorted(ordered[PROCESSES_SHOWN:])
            ],
            "recent": [self._event_line(e.provision, e.event) for e in recent[:RECENT_SHOWN]],
            "recent_more": max(0, len(recent) - RECENT_SHOWN),
            "latest": []
            if recent
            else [self._event_line(e.provision, e.event) for e in latest_events(r, self.on)],
            "charts": charts,
        }

    def agreement_summary(self, agreement_id: str) -> Row:
        """An agreement's line in lists, made once: lists by process, region, country...
        name each agreement several times, and its level reads all its provisions."""
        made = self._summaries.get(agreement_id)
        if made is None:
            a = self.registry.agreement(agreement_id)
            level = self.registry.agreement_level(agreement_id, self.on)
            made = self._summaries[agreement_id] = Row(
                {
                    **self.agreement_link(agreement_id),
                    "date": iso(a.date_signed),
                    "provisions": len(self.registry.provision_ids(agreement_id)),
                    "level": str(level),
                }
            )
        return made

    def _event_line(self, p: Provision, e: Any) -> Row:
        return Row(
            {
                "on": e.on.isoformat(),
                "provision": self.provision_link(p.id),
                "agreement": self.agreement_link(p.agreement),
                "status_label": self.state(e.status),
                "status_class": urls.word(str(e.status)),
                "note": e.note,
            }
        )

    def agreements(self) -> Context:
        groups: dict[str, list[Row]] = defaultdict(list)
        for a in sorted(
            self.registry.agreements.values(), key=lambda a: (a.date_signed or date.max, a.id)
        ):
            groups[a.process or "Process not recorded"].append(self.agreement_summary(a.id))
        return {"groups": [(p, urls.process_anchor(p), rows) for p, rows in sorted(groups.items())]}

    def recent_page(self) -> Context:
        """Every event of the 30 days to the site's date, for the home page's "and N more"."""
        return {"events": [self._event_line(e.provision, e.event) for e in self.recent]}

    def agreement(self, agreement_id: str, chart: str | None) -> Context:
        r = self.registry
        a = r.agreement(agreement_id)
        pax = a.links.pax_agreement if a.links else None
        rows = []
        for pid in r.provision_ids(agreement_id):
            row = Row(self.prow[pid])
            row["terms"] = "; ".join(
                f"{k}: {v}" for k, v in term_lines(r, r.provision(pid), self.on)
            )
            rows.append(row)
        level = self.agreement_summary(agreement_id)["level"]
        facts = [
            ("Signed", iso(a.date_signed) or "date not recorded"),
            ("Place", a.place),
            ("Process", a.process),
            ("Conflict", a.conflict),
            *agreement_facts(self, a),
            ("Sub-stage (PA-X)", a.stage_sub),
            ("Agreement type (PA-X)", str(a.agreement_type) if a.agreement_type else None),
            ("Status (PA-X)", a.pax_status),
            (f"Status on {self.on.isoformat()}", agreement_status(self, agreement_id)),
            (f"Level on {self.on.isoformat()}", str(level)),
        ]
        return {
            "a": a,
            "note": self.note(a.note),
            "title": a.title,
            "short_title": a.short_title,
            "facts": [(k, v) for k, v in facts if v],
            "pax_url": f"https://www.peaceagreements.org/view/{pax}" if pax else None,
            "pax_id": pax,
            "rows": rows,
            "history": agreement_history(self, agreement_id),
            "chart": chart,
            "signatories": [
                Row(
                    {
                        "party": self.party_link(s.party) if s.party else None,
                        "signed_by": s.signed_by,
                        "capacity": s.capacity,
                    }
                )
                for s in a.signatories
            ],
            "third_parties": [
                Row(
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

    def provision(self, provision_id: str) -> Context:
        return provision_page(self, provision_id)

    def party(self, party_id: str) -> Context:
        return party_page(self, party_id)

    def parties(self) -> Context:
        rows = []
        for party in sorted(self.registry.parties.values(), key=lambda x: x.name.casefold()):
            rows.append(
                Row(
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

    def source(self, source_id: str) -> Context:
        s = self.registry.source(source_id)
        word = self.reliability.get(str(s.reliability))
        cited = self.cites.get(source_id, {})
        return {
            "s": s,
            "title": s.title,
            "url": s.url if s.url and s.url.startswith(("https://", "http://")) else None,
            "reliability": word.label if word else str(s.reliability),
            "reliability_note": word.description if word else "",
            "note": self.note(s.note),
            "agreements": cited.get("agreements", []),
            "provisions": cited.get("provisions", []),
            "events": cited.get("events", []),
            "deadlines": cited.get("deadlines", []),
            "conditions": cited.get("conditions", []),
        }

    def sources(self) -> Context:
        rows = []
        for s in sorted(
            self.registry.sources.values(), key=lambda x: (x.date or date.min, x.id), reverse=True
        ):
            cited = self.cites.get(s.id, {})
            uses = sum(len(v) for v in cited.values())
            rows.append(Row({**self.source_link(s.id), "uses": uses}))
        return {"rows": rows}

    def cite(self) -> Context:
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

    def note(self, text: str | None) -> str | None:
        """A record's note as a page of the site's date shows it: notes are written with
        the sources read up to the horizon, so a page of an earlier date says it leaves
        the note out rather than show what was not known then."""
        horizon = self.registry.horizon
        if text and horizon is not None and self.on < horizon:
            return (
                f"(Note left out: it was written with the sources read up to "
                f"{horizon.isoformat()}, after {self.on.isoformat()}.)"
            )
        return text

    def facet_url(self, kind: str, value: str) -> str | None:
        """The page of a filtered view; the whole list where the view would hold every
        provision (a PA-X import is all `agreed`: no need for a second copy of the list)."""
        ids = self.groups.get((kind, value))
        if not ids:
            return None
        return urls.PROVISIONS if len(ids) == len(self.rows) else urls.facet(kind, value)

    def facets(self) -> Iterator[tuple[str, str, str, list[Row]]]:
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
            "Provisions with no news for over "
            f"{words.count(self.registry.settings.stale_after_days, 'day')} "
            f"on {self.on.isoformat()}"
        )
