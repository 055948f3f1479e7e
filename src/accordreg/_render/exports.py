"""Exports for spreadsheets and data tools: flat CSV tables and JSON lines; a SQLite
database and a Frictionless data package (in modules of their own, loaded when asked for).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) as a formula: every CSV text cell that does is written with a leading ``'``, which
spreadsheets show as text. The JSON lines, the database and the records keep the text as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import AccordregError
from .._model.terms import plain
from .._registry.flat_tables import (
    EVENT_COLUMNS,
    PROVISION_COLUMNS,
    event_rows,
    provision_rows,
    term_columns,
)
from .._store.atomic import Staged, check_target, failed, write_text
from .safe import csv_text, json_text

if TYPE_CHECKING:
    from .._registry.query import Registry


#: The provisions to export: ids, or None for all.
Only = Collection[str] | None


def provisions_csv(registry: Registry, on: date, only: Only = None) -> str:
    """The provisions table as CSV: a column per typed term the registry uses."""
    columns = (*PROVISION_COLUMNS, *term_columns(registry))
    return csv_text(columns, provision_rows(registry, on, only))


def events_csv(registry: Registry, on: date, only: Only = None) -> str:
    """The events table as CSV, events up to ``on``."""
    return csv_text(EVENT_COLUMNS, event_rows(registry, on, only))


def jsonl(registry: Registry, on: date, only: Only = None) -> str:
    """One JSON object per line and provision, with its events nested under "history"."""
    events: dict[str, list[dict[str, Any]]] = {}
    for event in event_rows(registry, on, only):
        events.setdefault(event["provision"], []).append(
            {k: v for k, v in event.items() if k not in ("provision", "agreement")}
        )
    lines = []
    for row in provision_rows(registry, on, only):
        flat = {k: v for k, v in row.items() if not k.startswith("term_")}
        terms = plain(registry.terms_on(row["id"], on))
        nested = {**flat, "terms": terms, "history": events.get(row["id"], [])}
        lines.append(json_text(json.dumps(nested, ensure_ascii=False)))
    return "\n".join(lines) + ("\n" if lines else "")


#: What an export wrote: each file, and what it holds ("" when it holds everything).
Written = list[tuple[Path, str]]


def write_csv(registry: Registry, out: Path, on: date, only: Only = None) -> Written:
    """A provisions table at ``out`` and an events table beside it (``NAME-events.csv``).

    Both are written in full before either replaces its old file, so that a run that
    fails or is killed leaves the old pair, not a new table beside an old one.
    """
    events = out.with_name(f"{out.stem}-events{out.suffix or '.csv'}")
    with Staged() as staged:
        staged.add(out, provisions_csv(registry, on, only).encode("utf-8"))
        staged.add(events, events_csv(registry, on, only).encode("utf-8"))
        staged.commit()
    return [(out, "provisions"), (events, "events")]


def write_jsonl(registry: Registry, out: Path, on: date, only: Only = None) -> Written:
    """One JSON object per provision and line, events nested, at ``out``."""
    write_text(out, jsonl(registry, on, only))
    return [(out, "")]


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
