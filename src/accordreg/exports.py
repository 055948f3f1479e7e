"""Flat exports for spreadsheets and data tools: CSV tables, JSON lines, pandas."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from . import views
from .errors import AccordregError
from .registry import Registry
from .views import standings

if TYPE_CHECKING:
    import pandas

FORMATS = ("csv", "jsonl")

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
    "sources",
    "events",
    "first_event",
    "on",
    "status",
    "level",
    "since",
    "next_deadline",
    "overdue",
    "agreement_level",
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
    "sources",
    "note",
)

_JOIN = "; "


def _join(values: Any) -> str:
    return _JOIN.join(str(v) for v in values if v)


def provision_rows(registry: Registry, on: date) -> Iterator[dict[str, Any]]:
    """Each provision as a flat mapping of plain values (lists joined with "; ")."""
    levels: dict[str, float | None] = {}
    for s in standings(registry, on):
        p = s.provision
        agreement = registry.agreements.get(p.agreement)
        if p.agreement not in levels:
            levels[p.agreement] = registry.agreement_level_on(p.agreement, on)
        standing = views.row(s)
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
            "category": p.category.value,
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
            "sources": _join(p.sources),
            "events": len(p.history),
            "first_event": p.history[0].on.isoformat(),
            "on": on.isoformat(),
            **{k: standing[k] for k in ("status", "level", "since", "next_deadline", "overdue")},
            "agreement_level": levels[p.agreement],
        }


def event_rows(registry: Registry, on: date | None = None) -> Iterator[dict[str, Any]]:
    """Each history event (up to ``on`` if given) as a flat mapping."""
    for pid in sorted(registry.provisions):
        p = registry.provision(pid)
        walk = registry.lifecycle.walk(p.steps())
        for seq, (event, after) in enumerate(zip(p.history, walk, strict=True), start=1):
            if on is not None and event.on > on:
                break
            yield {
                "provision": p.id,
                "agreement": p.agreement,
                "seq": seq,
                "on": event.on.isoformat(),
                "status": event.status.value,
                "level": event.level if "level" in event.model_fields_set else None,
                "level_after": after.level,
                "sources": _join(event.sources),
                "note": event.note,
            }


def _csv(rows: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def provisions_csv(registry: Registry, on: date) -> str:
    """The provisions table as CSV."""
    return _csv(provision_rows(registry, on), PROVISION_COLUMNS)


def events_csv(registry: Registry, on: date) -> str:
    """The events table as CSV, events up to ``on``."""
    return _csv(event_rows(registry, on), EVENT_COLUMNS)


def jsonl(registry: Registry, on: date) -> str:
    """One JSON object per line and provision, with its events nested under "history"."""
    events: dict[str, list[dict[str, Any]]] = {}
    for event in event_rows(registry, on):
        events.setdefault(event["provision"], []).append(
            {k: v for k, v in event.items() if k not in ("provision", "agreement")}
        )
    lines = []
    for row in provision_rows(registry, on):
        nested = {**row, "history": events.get(row["id"], [])}
        lines.append(json.dumps(nested, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


class PandasMissing(AccordregError):
    """pandas is not installed."""

    def __init__(self) -> None:
        super().__init__("Registry.to_frame() needs pandas: pip install 'accordreg[pandas]'")


def to_frame(registry: Registry, on: date | None = None) -> pandas.DataFrame:
    """The provisions table as a pandas DataFrame indexed by provision id."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise PandasMissing() from exc
    day = on or date.today()
    frame = pd.DataFrame(list(provision_rows(registry, day)), columns=list(PROVISION_COLUMNS))
    for column in ("on", "agreement_date", "since", "next_deadline", "first_event"):
        frame[column] = pd.to_datetime(frame[column])
    frame["level"] = frame["level"].astype("Int64")
    return frame.set_index("id")
