"""The registry as tables: one row per provision or per event, plain values only.

Shared by every renderer (status tables, exports, reports) and by ``to_frame``, so that
a column means the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from .._errors import MissingExtra
from .._model.dates import first_day, parse

if TYPE_CHECKING:
    import pandas

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


def term_text(value: Any) -> str:
    """A term's value as one spreadsheet cell: lists joined with "; ", places and ranges
    written out, dates as YYYY-MM-DD."""
    if isinstance(value, list):
        return _JOIN.join(term_text(v) for v in value)
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


#: One row per provision: its record, flattened, and its standing on the export date.
PROVISION_COLUMNS = (
    "id",
    "agreement",
    "agreement_title",
    "agreement_date",
    "pax_agreement",
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
#: One row per history event.
EVENT_COLUMNS = (
    "provision",
    "agreement",
    "seq",
    "on",
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

_JOIN = "; "
#: The standing part of a status row (after id, agreement, title and category).
_STANDING = STATUS_COLUMNS[4:]


def _join(values: Any) -> str:
    return _JOIN.join(str(v) for v in values if v)


def provision_rows(
    registry: Registry, on: date, only: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Each provision (of ``only``, if given) as a flat mapping of plain values (lists
    joined with "; ")."""
    levels: dict[str, AgreementLevel | None] = {}
    for s in standings(registry, on, only):
        p = s.provision
        agreement = registry.agreements.get(p.agreement)
        if p.agreement not in levels:
            levels[p.agreement] = registry.agreement_level(p.agreement, on) if agreement else None
        level = levels[p.agreement]
        standing = row(s)
        yield {
            "id": p.id,
            "agreement": p.agreement,
            "agreement_title": agreement.title if agreement else None,
            "agreement_date": agreement.date_signed.isoformat()
            if agreement and agreement.date_signed
            else None,
            "pax_agreement": agreement.links.pax_agreement
            if agreement and agreement.links
            else None,
            "title": p.title,
            "category": str(p.category),
            "text_form": p.text_form.value,
            "section": p.section,
            "responsible": _join(p.responsible),
            "verifier": _join(p.verifier),
            "countries": _join(dict.fromkeys(loc.country for loc in p.locations)),
            "subdivisions": _join(dict.fromkeys(loc.subdivision for loc in p.locations)),
            "places": _join(dict.fromkeys(loc.place for loc in p.locations)),
            "depends_on": _join(p.depends_on),
            "supersedes": _join(p.supersedes),
            "superseded_by": p.superseded_by,
            "pax_codes": _join(p.pax_codes),
            "pax_strength": p.strength,
            "pax_strengths": _JOIN.join(f"{c}: {v}" for c, v in p.pax_strength.items()),
            "sources": _join(p.sources),
            "events": len(p.history),
            "first_event": p.history[0].on.isoformat(),
            "on": on.isoformat(),
            **{k: standing[k] for k in _STANDING},
            "progress_achieved": s.progress.achieved if s.progress else None,
            "progress_target": s.progress.target if s.progress else None,
            "progress_unit": s.progress.unit if s.progress else None,
            "same_as": _join(registry.same_as(p.id)),
            "agreement_level": level.percent if level else None,
            "agreement_rated": level.rated if level and level.tracked else None,
            **{
                f"term_{name}": term_text(value)
                for name, value in registry.terms_on(p.id, on).items()
            },
        }


def event_rows(
    registry: Registry, on: date | None = None, only: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Each history event (up to ``on`` if given, of ``only`` these provisions if given) as a
    flat mapping."""
    for pid in sorted(registry.provisions if only is None else only):
        p = registry.provision(pid)
        facts = registry.timeline(pid)
        for seq, (event, after) in enumerate(zip(p.history, facts, strict=True), start=1):
            if on is not None and event.on > on:
                break
            yield {
                "provision": p.id,
                "agreement": p.agreement,
                "seq": seq,
                "on": event.on.isoformat(),
                "status": str(event.status),
                "level": event.level if "level" in event.model_fields_set else None,
                "level_after": after.level,
                "level_basis": str(after.basis) if after.basis else None,
                "party": event.party,
                "progress": event.progress,
                "terms": _JOIN.join(f"{k}: {term_text(v)}" for k, v in (event.terms or {}).items())
                or None,
                "sources": _join(event.sources),
                "note": event.note,
            }


def _first_day(value: object) -> object:
    return first_day(parse(value)).isoformat() if isinstance(value, str) and value else value


def to_frame(registry: Registry, on: date | None = None) -> pandas.DataFrame:
    """The provisions table as a pandas DataFrame indexed by provision id."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingExtra("Registry.to_frame() needs pandas", "pandas") from exc
    day = on or date.today()
    columns = [*PROVISION_COLUMNS, *term_columns(registry)]
    frame = pd.DataFrame(list(provision_rows(registry, day)), columns=columns)
    for column in ("on", "agreement_date", "since", "next_deadline", "first_event", "past_due"):
        # A month or a year (`2024-06`) as its first day, as it sorts everywhere else.
        frame[column] = pd.to_datetime(frame[column].map(_first_day), format="ISO8601")
    frame["level"] = frame["level"].astype("Int64")
    frame["pax_strength"] = frame["pax_strength"].astype("Int64")
    return frame.set_index("id")
