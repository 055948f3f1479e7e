"""The agreements a registry folder already holds, as the outcome imports see them.

An import of outcomes (UCDP's ends, the ceasefires) finds the PA-X agreement a row names
through the agreement's ``links``, and adds to its file the history the row gives. Only
``<agreement>/agreement.yaml`` files are read (2,257 for PA-X, not its 31,000 records),
each through the guarded read, and a file that cannot be read as a record is passed
over: it is validation's to report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .._model import dates
from .._store.read import read_bytes
from .._yaml import emit
from .._yaml import parse as _yaml


@dataclass(frozen=True)
class Known:
    """An agreement of the registry: its id, its links to PA-X and UCDP, its date."""

    id: str
    pax: int | None
    ucdp: int | None
    date_signed: date | None


def load_data(raw: bytes) -> dict[str, Any] | None:
    """A record file's data, or None if it is not a mapping that reads cleanly."""
    text = raw.decode("utf-8", errors="replace")
    ok, data = _yaml.load_fast(text)
    if not ok:
        parsed = _yaml.parse(text, "x")
        data = None if parsed.diagnostics else parsed.data
    return data if isinstance(data, dict) else None


def _number(value: Any) -> int | None:
    return value if type(value) is int else None


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return dates.parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


def scan(out: Path) -> dict[str, Known]:
    """Every agreement of the registry folder ``out`` whose file reads cleanly, by id."""
    found: dict[str, Known] = {}
    try:
        entries = sorted(os.scandir(out), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        # A folder, not a link to one: an import never reads nor writes through a link.
        if not entry.is_dir(follow_symlinks=False) or entry.name.startswith("."):
            continue
        try:
            raw = read_bytes(os.path.join(entry.path, "agreement.yaml"))
        except OSError:
            continue
        data = load_data(raw)
        if data is None or data.get("kind") != "agreement" or data.get("id") != entry.name:
            continue
        links = data.get("links")
        links = links if isinstance(links, dict) else {}
        found[entry.name] = Known(
            entry.name,
            _number(links.get("pax_agreement")),
            _number(links.get("ucdp_agreement")),
            _day(data.get("date_signed")),
        )
    return found


def by_link(known: dict[str, Known], field: str, *, pax_only: bool = True) -> dict[int, list[str]]:
    """The ids of the agreements linking to each id of another dataset (``pax`` or
    ``ucdp``), sorted; only PA-X's own agreements (``pax-<AgtId>``) if ``pax_only``."""
    out: dict[int, list[str]] = {}
    for k in sorted(known.values(), key=lambda k: k.id):
        value = getattr(k, field)
        if value is None or (pax_only and k.id != f"pax-{k.pax}"):
            continue
        out.setdefault(value, []).append(k.id)
    return out


def _typed_event(event: Any) -> Any:
    """An event read from a file, its date typed again (YAML 1.2 reads it as text)."""
    if not isinstance(event, dict):
        return event
    on = _day(event.get("on"))
    return {**event, "on": on} if on is not None else event


def history_of(raw: bytes) -> list[Any] | None:
    """The history an agreement file holds, dates typed as an import writes them; None
    without one."""
    data = load_data(raw)
    history = data.get("history") if data is not None else None
    if not isinstance(history, list) or not history:
        return None
    return [_typed_event(e) for e in history]


def with_history(data: dict[str, Any], history: list[Any] | None) -> dict[str, Any]:
    """An agreement's data with ``history`` where the model puts it (before ``note``, the
    last field); without one if ``history`` is empty or None."""
    out = {k: v for k, v in data.items() if k not in ("history", "note")}
    if history:
        out["history"] = history
    if "note" in data:
        out["note"] = data["note"]
    return out


def rewritten(raw: bytes, history: list[Any]) -> bytes | None:
    """An agreement file's bytes with ``history`` in place of its own, written as an import
    writes it (its first comment line kept); None if the file does not read cleanly."""
    data = load_data(raw)
    if data is None:
        return None
    signed = _day(data.get("date_signed"))
    if signed is not None:
        data["date_signed"] = signed
    text = raw.decode("utf-8", errors="replace")
    first = text.split("\n", 1)[0]
    header = f"{first}\n" if first.startswith("#") else ""
    return emit.dump(with_history(data, history), header).encode("utf-8")
