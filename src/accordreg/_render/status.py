"""Status rows for people and programs: a text table, CSV, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .._registry.flat_tables import STATUS_COLUMNS, latest_event, row
from . import words
from .safe import csv_chunks, json_text, terminal
from .term_lines import party_lines

if TYPE_CHECKING:
    from .._registry.engine import Standing
    from .._registry.query import Registry


def as_json(rows: Sequence[Standing], registry: Registry, on: date) -> str:
    """A JSON list of status objects."""
    return "".join(json_chunks(row(s) for s in rows))


def as_csv(rows: Sequence[Standing], registry: Registry, on: date) -> str:
    """CSV with a header row; empty cells for unknown values; formulas neutralised."""
    return "".join(csv_chunks(STATUS_COLUMNS, (row(s) for s in rows)))


def json_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The text of :func:`as_json` a row at a time (the same bytes, however many rows)."""
    first = True
    for item in rows:
        body = json.dumps(item, indent=2, ensure_ascii=False)
        # The list's own indent before each of the item's lines. Only "\n" breaks them:
        # in strings it is escaped, while NEL, LS and PS stay as they are (so no
        # textwrap.indent, which would take those for line breaks too).
        yield json_text(("[\n  " if first else ",\n  ") + body.replace("\n", "\n  "))
        first = False
    yield "[]\n" if first else "\n]\n"


def _cell(value: Any) -> str:
    return "-" if value is None else str(value)


def flags(s: Standing) -> str:
    """What a reader should know beyond the status: a missed deadline, old news."""
    return "; ".join(words.flags(s))


def freshness(registry: Registry, on: date, rows: Sequence[Standing] | None = None) -> list[str]:
    """How fresh the information is on ``on``: the latest event (of the registry, or of the
    provisions ``rows`` show, as a filter kept them) and the registry's horizon."""
    latest = registry.latest_event(on) if rows is None else latest_event(rows)
    if latest is None:
        return [f"Nothing on record by {on.isoformat()}."]
    return [f"Latest recorded event: {latest.isoformat()}.", *words.horizon(registry, on)]


def as_text(rows: Sequence[Standing], registry: Registry, on: date) -> str:
    """A table per agreement with its level on the date, one line per provision."""
    headers = ("provision", "category", "status", "level", "since", "progress", "next deadline", "")
    out: list[str] = [f"Status on {on.isoformat()}", *freshness(registry, on, rows)]
    by_agreement: dict[str, list[Standing]] = {}
    for s in rows:
        by_agreement.setdefault(s.provision.agreement, []).append(s)
    for agreement_id, group in by_agreement.items():
        agreement = registry.agreements.get(agreement_id)
        title = (agreement.short_title or agreement.title) if agreement else agreement_id
        level = registry.agreement_level(agreement_id, on) if agreement else None
        signed = f", signed {agreement.date_signed}" if agreement and agreement.date_signed else ""
        rated = f"; {level}" if level is not None else ""
        own = ""
        if agreement and agreement.history:
            now = registry.agreement_standing(agreement_id, on)
            lifecycle = registry.settings.agreement_lifecycle
            if now.status is not None and not lifecycle.table[now.status].may_start:
                own = f"; {words.agreement_state(now.status, now.since, now.party)}"
        out += ["", f"{agreement_id} — {title}{signed}{own}{rated}"]
        if all(s.status is None for s in group):
            out.append(f"  nothing on record by {on.isoformat()}")
            continue
        table: list[tuple[str, ...]] = [headers]
        extra: dict[int, list[str]] = {}
        for s in group:
            r = row(s)
            table.append(
                (
                    s.provision.id.split("/", 1)[1],
                    str(s.provision.category),
                    words.state(registry, s.status),
                    words.short_level(s.level, s.basis, s.tracked),
                    _cell(r["since"]),
                    _cell(r["progress"]),
                    _cell(r["next_deadline"]),
                    flags(s),
                )
            )
            extra[len(table) - 1] = party_lines(registry, s.provision, on)
        widths = [max(len(line[i]) for line in table) for i in range(len(headers))]
        for i, line in enumerate(table):
            out.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
            )
            out += [f"      {party}" for party in extra.get(i, [])]
    if not rows:
        out.append("(no provisions)")
    return terminal("\n".join(out)) + "\n"


Renderer = Callable[[Sequence["Standing"], "Registry", date], str]

#: The status table's formats: each renders the rows of one date, ending in a newline.
RENDERERS: dict[str, Renderer] = {"text": as_text, "json": as_json, "csv": as_csv}

#: The formats that can be written a row at a time (see ``tables.standing_rows``), and how.
STREAMED: dict[str, Callable[[Iterable[dict[str, Any]]], Iterator[str]]] = {
    "json": json_chunks,
    "csv": lambda rows: csv_chunks(STATUS_COLUMNS, rows),
}
