"""Status rows for people and programs: a text table, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import ProvisionStatus, Registry

FORMATS = ("text", "json", "csv")
COLUMNS = (
    "id",
    "agreement",
    "title",
    "category",
    "status",
    "level",
    "since",
    "next_deadline",
    "overdue",
)


def standings(registry: Registry, on: date) -> list[ProvisionStatus]:
    """Every provision's standing on a date, ordered by agreement date, then id."""

    def order(pid: str) -> tuple[date, str]:
        agreement = registry.agreements.get(registry.provision(pid).agreement)
        signed = agreement.date_signed if agreement and agreement.date_signed else date.max
        return signed, pid

    return [registry.standing(pid, on) for pid in sorted(registry.provisions, key=order)]


def row(s: ProvisionStatus) -> dict[str, Any]:
    """One provision's standing as a flat mapping (JSON-ready)."""
    p = s.provision
    return {
        "id": p.id,
        "agreement": p.agreement,
        "title": p.title,
        "category": p.category.value,
        "status": s.status.value if s.status else None,
        "level": s.level,
        "since": s.since.isoformat() if s.since else None,
        "next_deadline": s.next_deadline.due.isoformat()
        if s.next_deadline and s.next_deadline.due
        else None,
        "overdue": s.overdue,
    }


def as_json(rows: Sequence[ProvisionStatus]) -> str:
    """A JSON list of status objects."""
    return json.dumps([row(s) for s in rows], indent=2, ensure_ascii=False)


def as_csv(rows: Sequence[ProvisionStatus]) -> str:
    """CSV with a header row; empty cells for unknown values."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for s in rows:
        writer.writerow({k: "" if v is None else v for k, v in row(s).items()})
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "OVERDUE" if value else ""
    return str(value)


def as_text(rows: Sequence[ProvisionStatus], registry: Registry, on: date) -> str:
    """A table per agreement with its level on the date, one line per provision."""
    headers = ("provision", "category", "status", "level", "since", "next deadline", "")
    out: list[str] = [f"Status on {on.isoformat()}"]
    by_agreement: dict[str, list[ProvisionStatus]] = {}
    for s in rows:
        by_agreement.setdefault(s.provision.agreement, []).append(s)
    for agreement_id, group in by_agreement.items():
        agreement = registry.agreements.get(agreement_id)
        title = (agreement.short_title or agreement.title) if agreement else agreement_id
        level = registry.agreement_level_on(agreement_id, on) if agreement else None
        signed = f", signed {agreement.date_signed}" if agreement and agreement.date_signed else ""
        rated = f"; level {level:.0f}%" if level is not None else "; not rated"
        out += ["", f"{agreement_id} — {title}{signed}{rated}"]
        if all(s.status is None for s in group):
            out.append(f"  nothing on record by {on.isoformat()}")
            continue
        table = [headers] + [
            (
                s.provision.id.split("/", 1)[1],
                s.provision.category.value,
                _cell(r["status"]),
                _cell(r["level"]),
                _cell(r["since"]),
                _cell(r["next_deadline"]),
                _cell(r["overdue"]),
            )
            for s in group
            for r in [row(s)]
        ]
        widths = [max(len(line[i]) for line in table) for i in range(len(headers))]
        for line in table:
            out.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
            )
    if not rows:
        out.append("(no provisions)")
    return "\n".join(out)
