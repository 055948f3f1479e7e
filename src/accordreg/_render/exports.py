"""Exports for spreadsheets and data tools: flat CSV tables and JSON lines; a SQLite
database and a Frictionless data package (in modules of their own, loaded when asked for).

The CSV tables and the JSON lines hold the same rows (``_registry/flat_tables.py``) under
the same field names. JSON keeps every value as it is: lists as arrays, mappings as
objects, numbers as numbers. A CSV cell holds text, so the CSV writer writes a list as its
items joined by "; ", a mapping as "key: value" pairs joined the same way, and a typed
term as ``term_text`` writes it.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) as a formula: every CSV text cell that does is written with a leading ``'``, which
spreadsheets show as text. The JSON lines, the database and the records keep the text as it is.

The CSV files start with a UTF-8 byte-order mark: Excel reads a CSV file without one in
the computer's legacy code page, and "Ejército" comes out as "EjÃ©rcito". Programs that
read CSV (pandas, R, DuckDB, LibreOffice, Python's ``utf-8-sig``) skip the mark; those
that want no mark at all have the JSON lines, the database, the data package and
``accordreg status --format csv``, which writes to standard output without one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import AccordregError
from .._registry.flat_tables import (
    AGREEMENT_EVENT_COLUMNS,
    EVENT_COLUMNS,
    JOIN,
    PROVISION_COLUMNS,
    agreement_event_rows,
    event_rows,
    provision_rows,
    term_columns,
    term_text,
)
from .._store.atomic import Staged, check_target, failed
from .safe import csv_text, json_text

if TYPE_CHECKING:
    from .._registry.query import Registry


#: The provisions to export: ids, or None for all.
Only = Collection[str] | None


#: What the CSV files start with, so that Excel reads them as UTF-8 (see above).
BOM = "\ufeff"


def cell_text(column: str, value: Any) -> Any:
    """A typed value as one CSV cell: a list's items joined by "; ", a mapping as
    "key: value" pairs joined the same way, a typed term (``term_*``) as ``term_text``
    writes it; numbers, booleans, text and None as they are."""
    if column.startswith("term_"):
        return None if value is None else term_text(value)
    if isinstance(value, dict):
        return JOIN.join(f"{k}: {term_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return JOIN.join(str(v) for v in value)
    return value


def text_row(row: dict[str, Any]) -> dict[str, Any]:
    """A typed row with every value made a CSV cell (see :func:`cell_text`)."""
    return {column: cell_text(column, value) for column, value in row.items()}


def provisions_csv(registry: Registry, on: date, only: Only = None) -> str:
    """The provisions table as CSV: a column per typed term the registry uses."""
    terms = term_columns(registry)
    rows = provision_rows(registry, on, only, terms)
    return csv_text((*PROVISION_COLUMNS, *terms), map(text_row, rows))


def events_csv(registry: Registry, on: date, only: Only = None) -> str:
    """The events table as CSV, events up to ``on``."""
    return csv_text(EVENT_COLUMNS, map(text_row, event_rows(registry, on, only)))


def agreement_events_csv(registry: Registry, on: date) -> str:
    """The events of agreements' own histories as CSV, those on record by ``on``."""
    rows = agreement_event_rows(registry, on)
    return csv_text(AGREEMENT_EVENT_COLUMNS, map(text_row, rows))


def agreement_events_jsonl(registry: Registry, on: date) -> str:
    """One JSON object per line and event of an agreement's own history."""
    lines = [
        json_text(json.dumps(row, ensure_ascii=False)) for row in agreement_event_rows(registry, on)
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def jsonl(registry: Registry, on: date, only: Only = None) -> str:
    """One JSON object per line and provision: the provisions table's fields, typed, and
    its events (the events table's fields but provision and agreement) under "history"."""
    events: dict[str, list[dict[str, Any]]] = {}
    for event in event_rows(registry, on, only):
        events.setdefault(event["provision"], []).append(
            {k: v for k, v in event.items() if k not in ("provision", "agreement")}
        )
    lines = []
    for row in provision_rows(registry, on, only):
        nested = {**row, "history": events.get(row["id"], [])}
        lines.append(json_text(json.dumps(nested, ensure_ascii=False)))
    return "\n".join(lines) + ("\n" if lines else "")


#: What an export wrote: each file, and what it holds ("" when it holds everything).
Written = list[tuple[Path, str]]


def write_csv(registry: Registry, out: Path, on: date, only: Only = None) -> Written:
    """A provisions table at ``out``, an events table beside it (``NAME-events.csv``) and
    the agreements' own events (``NAME-agreement-events.csv``), each UTF-8 with a
    byte-order mark.

    All are written in full before any replaces its old file, so that a run that fails or
    is killed leaves the old set, not a new table beside an old one.
    """
    events = out.with_name(f"{out.stem}-events{out.suffix or '.csv'}")
    whole = out.with_name(f"{out.stem}-agreement-events{out.suffix or '.csv'}")
    with Staged() as staged:
        staged.add(out, (BOM + provisions_csv(registry, on, only)).encode("utf-8"))
        staged.add(events, (BOM + events_csv(registry, on, only)).encode("utf-8"))
        staged.add(whole, (BOM + agreement_events_csv(registry, on)).encode("utf-8"))
        staged.commit()
    return [(out, "provisions"), (events, "events"), (whole, "agreement events")]


def write_jsonl(registry: Registry, out: Path, on: date, only: Only = None) -> Written:
    """One JSON object per provision and line, events nested, at ``out``; the agreements'
    own events beside it (``NAME-agreement-events.jsonl``), one per line."""
    whole = out.with_name(f"{out.stem}-agreement-events{out.suffix or '.jsonl'}")
    with Staged() as staged:
        staged.add(out, jsonl(registry, on, only).encode("utf-8"))
        staged.add(whole, agreement_events_jsonl(registry, on).encode("utf-8"))
        staged.commit()
    return [(out, ""), (whole, "agreement events")]


def _whole(fmt: str, only: Only) -> None:
    if only is not None:
        raise AccordregError(
            f"the {fmt} export holds the whole registry: filters apply to csv and jsonl"
        )


def write_sqlite(registry: Registry, out: Path, on: date, only: Only = None) -> Written:
    """A SQLite database at ``out``, and Datasette's metadata beside it."""
    from .database import write_sqlite as write

    _whole("sqlite", only)
    # The database is written by SQLite into a file of its own beside ``out``: what
    # stands at either name, and the folder, are checked first, as every write does.
    check_target(out)
    check_target(out.with_name(f"{out.stem}.metadata.json"))
    try:
        return write(registry, out, on)
    except OSError as exc:
        raise failed(out, exc) from exc


def write_datapackage(registry: Registry, out: Path, on: date, only: Only = None) -> Written:
    """A Frictionless data package in the folder ``out``."""
    from .datapackage import write_datapackage as write

    _whole("datapackage", only)
    return write(registry, out, on)


#: Export formats: each writes its files for a registry as of a date (of some provisions).
EXPORTERS: dict[str, Callable[[Registry, Path, date, Only], Written]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "sqlite": write_sqlite,
    "datapackage": write_datapackage,
}

#: Formats that write a folder rather than a file.
FOLDER_FORMATS = ("datapackage",)
