"""The registry as tables: one row per provision, per event or per agreement.

Shared by every renderer (status tables, exports, reports) and by ``to_frame``, so that
a column means the same wherever it is shown. The rows are typed and JSON-ready: a list
stays a list, a mapping a mapping, a number a number, a date ISO text (YYYY-MM-DD); the
CSV writer alone joins lists into text (see ``_render/exports.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .._model.dates import first_day, precision
from .._model.terms import plain

if TYPE_CHECKING:
    from .._model.records import Agreement
    from .agreement_engine import AgreementLevel
    from .engine import Standing
    from .query import Registry

#: The status table's columns.
STATUS_COLUMNS = (
    "id",
    "agreement",
    "title",
    "category",
    "status",
    "level",
    "level_basis",
    "since",
    "progress",
    "next_deadline",
    "past_due",
    "past_due_while",
    "overdue",
    "last_event",
    "last_news",
    "news_age",
    "no_news",
)


def standings(registry: Registry, on: date, only: Collection[str] | None = None) -> list[Standing]:
    """Every provision's standing on a date (of ``only`` these ids, if given), ordered by
    agreement date, then id."""

    return [registry.standing(pid, on) for pid in ordered(registry, only)]


def ordered(registry: Registry, only: Collection[str] | None = None) -> list[str]:
    """The provision ids ``standings`` covers, in its order: by agreement date, then id.
    Known from the registry's index, without building a provision."""
    keyed: list[tuple[date, str]] = []
    indexed: set[str] = set()
    for agreement_id, pids in registry.provisions_by_agreement().items():
        agreement = registry.agreements.get(agreement_id)
        signed = agreement.date_signed if agreement and agreement.date_signed else date.max
        keyed += [(signed, pid) for pid in pids if only is None or pid in only]
        indexed.update(pids)
    keyed += [
        (date.max, pid)
        for pid in registry.provisions
        if pid not in indexed and (only is None or pid in only)
    ]
    return [pid for _, pid in sorted(keyed)]


def latest_event(rows: Iterable[Standing]) -> date | None:
    """The date of the latest event on record among the standings ``rows``."""
    return max((s.last_event for s in rows if s.last_event), default=None)


def standing_rows(
    registry: Registry, on: date, only: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    """The rows of ``standings``, one at a time, each provision let go once its row is
    made: memory stays flat however many provisions the registry holds."""
    for pid in ordered(registry, only):
        yield row(registry.standing(pid, on))
        registry.release(pid)


def row(s: Standing) -> dict[str, Any]:
    """One provision's standing as a flat mapping (JSON-ready)."""
    p = s.provision
    return {
        "id": p.id,
        "agreement": p.agreement,
        "title": p.title,
        "category": str(p.category),
        "status": str(s.status) if s.status else None,
        "level": s.level if s.tracked else None,
        "level_basis": str(s.basis) if s.basis and s.tracked else None,
        "since": s.since.isoformat() if s.since else None,
        "progress": str(s.progress) if s.progress else None,
        "next_deadline": s.next_deadline.due.isoformat()
        if s.next_deadline and s.next_deadline.due
        else None,
        "past_due": s.missed.due.isoformat() if s.missed and s.missed.due else None,
        "past_due_while": s.missed_while,
        "overdue": s.overdue,
        "last_event": s.last_event.isoformat() if s.last_event else None,
        "last_news": s.last_news.isoformat() if s.last_news else None,
        "news_age": s.news_age if s.tracked else None,
        # Not a finding where the registry does not track implementation.
        "no_news": s.stale if s.tracked else None,
    }


#: What separates the items of a list written in one text cell (CSV, the database's text
#: columns).
JOIN = "; "


def term_text(value: Any) -> str:
    """A term's value as one spreadsheet cell: lists joined with "; ", places and ranges
    written out, dates as YYYY-MM-DD."""
    if isinstance(value, list):
        return JOIN.join(term_text(v) for v in value)
    if isinstance(value, dict):
        if "from" in value and "to" in value:
            return f"{value['from']}-{value['to']}"
        if "label" in value:
            extra = [str(value[k]) for k in ("description", "start", "due") if value.get(k)]
            return str(value["label"]) + (f" ({', '.join(extra)})" if extra else "")
        return "/".join(str(value[k]) for k in ("country", "subdivision", "place") if value.get(k))
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def term_columns(registry: Registry) -> list[str]:
    """A ``term_<name>`` column for every term a provision of the registry uses."""
    names = {name for p in registry.provisions.values() for name in p.terms}
    names |= {n for p in registry.provisions.values() for e in p.history for n in e.terms or {}}
    return [f"term_{name}" for name in sorted(names)]


#: One row per provision: its record, flattened, its agreement's fields people filter on
#: (the PA-X ones empty where the registry has no PA-X data), and its standing on the
#: export date. Lists stay lists and mappings mappings (``pax_strengths``: code -> 1-3).
PROVISION_COLUMNS = (
    "id",
    "agreement",
    "agreement_title",
    "agreement_date",
    "pax_agreement",
    "process",
    "pax_process",
    "region",
    "conflict_type",
    "stage",
    "agreement_countries",
    "title",
    "category",
    "text_form",
    "section",
    "responsible",
    "verifier",
    "countries",
    "subdivisions",
    "places",
    "depends_on",
    "supersedes",
    "superseded_by",
    "pax_codes",
    "pax_strength",
    "pax_strengths",
    "sources",
    "events",
    "first_event",
    "on",
    "status",
    "level",
    "level_basis",
    "since",
    "progress",
    "progress_achieved",
    "progress_target",
    "progress_unit",
    "next_deadline",
    "past_due",
    "past_due_while",
    "overdue",
    "last_event",
    "last_news",
    "news_age",
    "no_news",
    "same_as",
    "agreement_level",
    "agreement_rated",
)
#: One row per history event; ``terms`` is a mapping of the terms the event sets.
EVENT_COLUMNS = (
    "provision",
    "agreement",
    "seq",
    "on",
    "on_precision",
    "status",
    "level",
    "level_after",
    "level_basis",
    "party",
    "progress",
    "terms",
    "sources",
    "note",
)
#: One row per agreement: its record's fields (named as in the database's ``agreements``
#: table), how many provisions it has, and its level on the export date.
AGREEMENT_COLUMNS = (
    "id",
    "title",
    "short_title",
    "date_signed",
    "place",
    "process",
    "conflict",
    "conflict_type",
    "region",
    "countries",
    "agreement_type",
    "stage",
    "stage_sub",
    "pax_status",
    "pax_agreement",
    "pax_process",
    "sources",
    "provisions",
    "on",
    "agreement_level",
    "agreement_rated",
)
#: Columns that hold dates (ISO text in the rows), by table.
DATE_COLUMNS = {
    "provisions": (
        "agreement_date",
        "first_event",
        "on",
        "since",
        "next_deadline",
        "past_due",
        "last_event",
        "last_news",
    ),
    "events": ("on",),
    "agreements": ("date_signed", "on"),
    "agreement_events": ("on", "since"),
}

#: The standing part of a status row (after id, agreement, title and category).
_STANDING = STATUS_COLUMNS[4:]


def _unique(values: Iterable[str | None]) -> list[str]:
    """The values given, each once, in order, without the empty ones."""
    return [v for v in dict.fromkeys(values) if v]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def agreement_fields(agreement: Agreement | None) -> dict[str, Any]:
    """The fields of a provision's agreement that its row carries (None where there is no
    agreement on record)."""
    links = agreement.links if agreement else None
    return {
        "agreement_title": agreement.title if agreement else None,
        "agreement_date": _iso(agreement.date_signed) if agreement else None,
        "pax_agreement": links.pax_agreement if links else None,
        "process": agreement.process if agreement else None,
        "pax_process": links.pax_process if links else None,
        "region": str(agreement.region) if agreement and agreement.region else None,
        "conflict_type": str(agreement.conflict_type)
        if agreement and agreement.conflict_type
        else None,
        "stage": str(agreement.stage) if agreement and agreement.stage else None,
        "agreement_countries": list(agreement.countries) if agreement else [],
    }


def provision_rows(
    registry: Registry,
    on: date,
    only: Collection[str] | None = None,
    terms: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Each provision (of ``only``, if given) as a mapping of JSON-ready values: one key per
    column of ``PROVISION_COLUMNS`` and of ``terms`` (``term_columns``, if not given; None
    where the provision has no such term)."""
    levels: dict[str, AgreementLevel | None] = {}
    agreements: dict[str, dict[str, Any]] = {}
    if terms is None:
        terms = term_columns(registry)
    no_terms = dict.fromkeys(terms)
    # Every output names the fields in this order: the CSV header, the JSON lines' keys.
    order = (*PROVISION_COLUMNS, *terms)
    for s in standings(registry, on, only):
        p = s.provision
        if p.agreement not in agreements:
            agreement = registry.agreements.get(p.agreement)
            agreements[p.agreement] = agreement_fields(agreement)
            levels[p.agreement] = registry.agreement_level(p.agreement, on) if agreement else None
        level = levels[p.agreement]
        standing = row(s)
        out = {
            "id": p.id,
            "agreement": p.agreement,
            **agreements[p.agreement],
            "title": p.title,
            "category": str(p.category),
            "text_form": p.text_form.value,
            "section": p.section,
            "responsible": list(p.responsible),
            "verifier": list(p.verifier),
            "countries": _unique(loc.country for loc in p.locations),
            "subdivisions": _unique(loc.subdivision for loc in p.locations),
            "places": _unique(loc.place for loc in p.locations),
            "depends_on": list(p.depends_on),
            "supersedes": list(p.supersedes),
            "superseded_by": p.superseded_by,
            "pax_codes": list(p.pax_codes),
            "pax_strength": p.strength,
            "pax_strengths": dict(p.pax_strength),
            "sources": list(p.sources),
            "events": len(p.history),
            "first_event": p.history[0].on.isoformat(),
            "on": on.isoformat(),
            **{k: standing[k] for k in _STANDING},
            "progress_achieved": s.progress.achieved if s.progress else None,
            "progress_target": s.progress.target if s.progress else None,
            "progress_unit": s.progress.unit if s.progress else None,
            "same_as": registry.same_as(p.id),
            "agreement_level": level.percent if level else None,
            "agreement_rated": level.rated if level and level.tracked else None,
            **no_terms,
            **{f"term_{name}": plain(value) for name, value in registry.terms_on(p.id, on).items()},
        }
        yield {column: out[column] for column in order}


def event_rows(
    registry: Registry, on: date | None = None, only: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Each history event (up to ``on`` if given, of ``only`` these provisions if given) as a
    mapping of JSON-ready values, one key per column of ``EVENT_COLUMNS``."""
    for pid in sorted(registry.provisions if only is None else only):
        p = registry.provision(pid)
        facts = registry.timeline(pid)
        for seq, (event, after) in enumerate(zip(p.history, facts, strict=True), start=1):
            if on is not None and after.known > on:
                break  # not on record by then (a month's event, before the month is out)
            yield {
                "provision": p.id,
                "agreement": p.agreement,
                "seq": seq,
                # A day, typed as a date everywhere: a month's or a year's first, with the
                # precision beside it, so that no export claims a day the sources lack.
                "on": first_day(event.on).isoformat(),
                "on_precision": precision(event.on),
                "status": str(event.status),
                "level": event.level if "level" in event.model_fields_set else None,
                "level_after": after.level,
                "level_basis": str(after.basis) if after.basis else None,
                "party": event.party,
                "progress": event.progress,
                "terms": plain(event.terms) if event.terms else None,
                "sources": list(event.sources),
                "note": event.note,
            }


#: One row per event of an agreement's own history.
AGREEMENT_EVENT_COLUMNS = (
    "agreement",
    "seq",
    "on",
    "on_precision",
    "status",
    "since",
    "party",
    "sources",
    "note",
)


def agreement_event_rows(registry: Registry, on: date | None = None) -> Iterator[dict[str, Any]]:
    """Each event of each agreement's own history (on record by ``on`` if given), by
    agreement id, as a mapping of JSON-ready values, one key per ``AGREEMENT_EVENT_COLUMNS``;
    ``since`` is the day its status began, as the agreement engine says."""
    for aid, agreement in sorted(registry.agreements.items()):
        if not agreement.history:
            continue
        facts = registry.agreement_timeline(aid)
        for event, after in zip(agreement.history, facts, strict=True):
            if on is not None and after.known > on:
                break
            yield {
                "agreement": aid,
                "seq": after.seq,
                "on": first_day(event.on).isoformat(),
                "on_precision": precision(event.on),
                "status": str(event.status),
                "since": first_day(after.since).isoformat(),
                "party": event.party,
                "sources": list(event.sources),
                "note": event.note,
            }


def agreement_rows(registry: Registry, on: date) -> Iterator[dict[str, Any]]:
    """Each agreement, by date signed then id, as a mapping of JSON-ready values, one key
    per column of ``AGREEMENT_COLUMNS``; its level is the engine's on ``on``."""
    by_agreement = registry.provisions_by_agreement()
    agreements = registry.agreements
    keyed = sorted((a.date_signed or date.max, aid) for aid, a in agreements.items())
    for _, aid in keyed:
        a = agreements[aid]
        level = registry.agreement_level(aid, on)
        links = a.links
        yield {
            "id": a.id,
            "title": a.title,
            "short_title": a.short_title,
            "date_signed": _iso(a.date_signed),
            "place": a.place,
            "process": a.process,
            "conflict": a.conflict,
            "conflict_type": str(a.conflict_type) if a.conflict_type else None,
            "region": str(a.region) if a.region else None,
            "countries": list(a.countries),
            "agreement_type": str(a.agreement_type) if a.agreement_type else None,
            "stage": str(a.stage) if a.stage else None,
            "stage_sub": a.stage_sub,
            "pax_status": a.pax_status,
            "pax_agreement": links.pax_agreement if links else None,
            "pax_process": links.pax_process if links else None,
            "sources": list(a.sources),
            "provisions": len(by_agreement.get(aid, ())),
            "on": on.isoformat(),
            "agreement_level": level.percent,
            "agreement_rated": level.rated if level.tracked else None,
        }
