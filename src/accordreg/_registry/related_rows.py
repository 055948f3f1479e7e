"""The rows of the related tables (:mod:`.related_tables`), each built by column name.

What the SQLite database and the data package hold: every record of the registry as rows
of its tables, the registry's words as label tables, and each provision's standing on the
export date as the engine gives it. Lists are JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import __version__
from .._model.dates import first_day, precision
from .._model.pax_codebook import codebook
from .._model.places import country_name
from .._model.records import Condition
from .._model.terms import plain
from . import engine
from .flat_tables import term_text
from .related_tables import TABLES, TABLES_BY_NAME, Value

if TYPE_CHECKING:
    from .._model.records import Provision
    from .._model.vocabulary import Word
    from .engine import Standing
    from .query import Registry


class _Rows:
    """Rows of every table, each given by column name and kept in the table's order."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[Value, ...]]] = {t.name: [] for t in TABLES}
        #: The countries and PA-X codes the records name, for their label tables.
        self.countries: set[str] = set()
        self.codes: set[str] = set()

    def add(self, table: str, **values: Value) -> None:
        """One row of ``table``: every column named, none left out, none unknown."""
        names = TABLES_BY_NAME[table].names
        if len(values) != len(names):
            missing = sorted(set(names) - set(values)) or sorted(set(values) - set(names))
            raise ValueError(f"a row of {table} names {missing} wrongly")
        self.tables[table].append(tuple(values[n] for n in names))

    def sources_of(self, table: str, ids: Iterable[str], **key: Value) -> None:
        """A row per source a record (or one of its items) cites, each once."""
        for source in dict.fromkeys(ids):
            self.add(table, **key, source=source)


def _array(values: Iterable[Any]) -> str:
    """A list as JSON text (an empty list is ``[]``: known to be empty, not unknown)."""
    return json.dumps([str(v) for v in values], ensure_ascii=False)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def rows(registry: Registry, on: date) -> dict[str, list[tuple[Value, ...]]]:
    """Every table's rows, each a tuple in the table's column order."""
    out = _Rows()
    for s in sorted(registry.sources.values(), key=lambda x: x.id):
        out.add(
            "sources",
            id=s.id,
            title=s.title,
            publisher=s.publisher,
            date=_iso(s.date),
            url=s.url,
            reliability=str(s.reliability),
            note=s.note,
        )
    for party in sorted(registry.parties.values(), key=lambda x: x.id):
        out.add(
            "parties",
            id=party.id,
            name=party.name,
            type=str(party.type),
            country=party.country,
            member_of=party.member_of,
            note=party.note,
        )
    for a in sorted(registry.agreements.values(), key=lambda x: x.id):
        links = a.links
        out.add(
            "agreements",
            id=a.id,
            title=a.title,
            short_title=a.short_title,
            date_signed=_iso(a.date_signed),
            place=a.place,
            process=a.process,
            conflict=a.conflict,
            conflict_type=str(a.conflict_type) if a.conflict_type else None,
            region=str(a.region) if a.region else None,
            countries=_array(a.countries),
            agreement_type=str(a.agreement_type) if a.agreement_type else None,
            stage=str(a.stage) if a.stage else None,
            stage_sub=a.stage_sub,
            pax_status=a.pax_status,
            pax_agreement=links.pax_agreement if links else None,
            pax_process=links.pax_process if links else None,
            signatories_text=a.signatories_text,
            third_parties_text=a.third_parties_text,
            note=a.note,
        )
        if a.history:
            facts = registry.agreement_timeline(a.id)
            for e, after in zip(a.history, facts, strict=True):
                out.add(
                    "agreement_events",
                    agreement=a.id,
                    seq=after.seq,
                    on=first_day(e.on).isoformat(),
                    on_precision=precision(e.on),
                    status=str(e.status),
                    since=first_day(after.since).isoformat(),
                    party=e.party,
                    note=e.note,
                )
                out.sources_of("agreement_event_sources", e.sources, agreement=a.id, seq=after.seq)
        for country in dict.fromkeys(a.countries):
            out.add("agreement_countries", agreement=a.id, country=country)
        out.countries.update(a.countries)
        out.sources_of("agreement_sources", a.sources, agreement=a.id)
        for i, sig in enumerate(a.signatories, start=1):
            out.add(
                "signatories",
                agreement=a.id,
                seq=i,
                party=sig.party,
                signed_by=sig.signed_by,
                capacity=sig.capacity,
            )
        for i, t in enumerate(a.third_parties, start=1):
            out.add(
                "third_parties",
                agreement=a.id,
                seq=i,
                party=t.party,
                name=t.name,
                role=str(t.role) if t.role else None,
                represented_by=t.represented_by,
            )
    for pid in sorted(registry.provisions):
        _provision(registry, registry.provision(pid), on, out)
    out.countries.update(party.country for party in registry.parties.values() if party.country)
    _labels(registry, out)
    out.add(
        "export",
        id=1,
        on=on.isoformat(),
        stale_after_days=registry.settings.stale_after_days,
        horizon=_iso(registry.horizon),
        tracks_implementation=registry.settings.tracks_implementation,
        accordreg_version=__version__,
    )
    return out.tables


def _provision(registry: Registry, p: Provision, on: date, out: _Rows) -> None:
    out.add(
        "provisions",
        id=p.id,
        agreement=p.agreement,
        title=p.title,
        category=str(p.category),
        text=p.text,
        text_form=p.text_form.value,
        section=p.section,
        superseded_by=p.superseded_by,
        pax_codes=_array(p.pax_codes),
        pax_strength=p.strength,
        note=p.note,
    )
    for code in dict.fromkeys(p.pax_codes):
        out.add("provision_pax_codes", provision=p.id, code=code, strength=p.pax_strength.get(code))
    out.codes.update(p.pax_codes)
    out.sources_of("provision_sources", p.sources, provision=p.id)
    bound = [(x, "responsible") for x in p.responsible] + [(x, "verifier") for x in p.verifier]
    for party, role in dict.fromkeys(bound):
        out.add("provision_parties", provision=p.id, party=party, role=role)
    links = [("depends_on", x) for x in p.depends_on] + [("same_as", x) for x in p.same_as]
    links += [("supersedes", x) for x in p.supersedes]
    for relation, other in dict.fromkeys(links):
        out.add("provision_links", provision=p.id, relation=relation, other=other)
    for i, loc in enumerate(p.locations, start=1):
        out.add(
            "locations",
            provision=p.id,
            seq=i,
            country=loc.country,
            subdivision=loc.subdivision,
            place=loc.place,
        )
        out.countries.add(loc.country)
    facts = registry.timeline(p.id)
    for seq, (e, after) in enumerate(zip(p.history, facts, strict=True), start=1):
        out.add(
            "events",
            provision=p.id,
            seq=seq,
            on=first_day(e.on).isoformat(),
            on_precision=precision(e.on),
            status=str(e.status),
            level=e.level if "level" in e.model_fields_set else None,
            level_after=after.level,
            level_basis=str(after.basis) if after.basis else None,
            party=e.party,
            progress=e.progress,
            note=e.note,
        )
        out.sources_of("event_sources", e.sources, provision=p.id, seq=seq)
    first = p.history[0].on
    for seq, d in enumerate(p.deadlines, start=1):
        out.add(
            "deadlines",
            provision=p.id,
            seq=seq,
            label=d.label,
            start=_iso(d.start),
            due=_iso(d.due),
            set_on=_iso(d.set_on),
            known_from=(d.set_on or first).isoformat(),
            note=d.note,
        )
        out.sources_of("deadline_sources", d.sources, provision=p.id, seq=seq)
    for seq, c in enumerate(p.conditions, start=1):
        if isinstance(c, Condition):
            out.add(
                "conditions",
                provision=p.id,
                seq=seq,
                text=c.text,
                set_on=_iso(c.set_on),
                party=c.party,
            )
            out.sources_of("condition_sources", c.sources, provision=p.id, seq=seq)
        else:
            out.add("conditions", provision=p.id, seq=seq, text=c, set_on=None, party=None)
    _terms(registry, p, on, out)
    _standing(registry.standing(p.id, on), out)


def _standing(s: Standing, out: _Rows) -> None:
    out.add(
        "current_standing",
        provision=s.provision.id,
        agreement=s.provision.agreement,
        status=s.status,
        since=_iso(s.since),
        level=s.level,
        level_basis=str(s.basis) if s.basis else None,
        progress=str(s.progress) if s.progress else None,
        next_deadline=_iso(s.next_deadline.due if s.next_deadline else None),
        past_due=_iso(s.missed.due if s.missed else None),
        past_due_while=s.missed_while,
        last_event=_iso(s.last_event),
        last_news=_iso(s.last_news),
        news_age_days=s.news_age,
        no_news=s.stale if s.tracked else None,
    )


def _terms(registry: Registry, p: Provision, on: date, out: _Rows) -> None:
    category = registry.settings.vocabulary.category(p.category)
    specs = category.terms if category else {}
    since = engine.terms_since(p, on)
    for name, value in registry.terms_on(p.id, on).items():
        spec = specs.get(name)
        out.add(
            "terms",
            provision=p.id,
            name=name,
            type=spec.type if spec else None,
            value=term_text(value),
            value_json=json.dumps(plain(value), ensure_ascii=False, sort_keys=True),
            since=since[name].isoformat(),
        )


def _labels(registry: Registry, out: _Rows) -> None:
    """The label tables: the registry's own vocabulary and lifecycle, the countries and the
    PA-X codes (the codebook's, and any other the records use)."""
    vocabulary = registry.settings.vocabulary
    for c in vocabulary.categories.values():
        out.add(
            "categories",
            id=c.id,
            label=c.label,
            description=c.description or None,
            pax_codes=_array(c.pax_codes),
        )
    for state in registry.lifecycle.states():
        rule = registry.lifecycle.table[state]
        out.add(
            "statuses",
            id=str(state),
            label=rule.label or str(state).replace("_", " "),
            description=rule.description or None,
            done=rule.done,
            final=rule.final,
        )
    words: tuple[tuple[str, dict[str, Word]], ...] = (
        ("party_types", dict(vocabulary.party_types)),
        ("third_party_roles", dict(vocabulary.roles)),
        ("reliability_levels", dict(vocabulary.reliability)),
    )
    for table, section in words:
        for w in section.values():
            out.add(table, id=w.id, label=w.label, description=w.description or None)
    for code in sorted(out.countries):
        out.add("countries", id=code, name=country_name(code) or code)
    book = codebook()
    for entry in book.codes.values():
        out.add(
            "pax_codes",
            id=entry.code,
            label=book.label(entry.code),
            parent=entry.parent,
            pax_group=entry.group or None,
        )
    for code in sorted(out.codes - set(book.codes)):
        out.add("pax_codes", id=code, label=code, parent=None, pax_group=None)
