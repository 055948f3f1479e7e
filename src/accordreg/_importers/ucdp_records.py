"""One row of UCDP's Peace Agreement Dataset read, and the records and events it gives.

A row gives an agreement's end where UCDP says it ended (`ended` is True) and dates it
(`duration`): an ``ended`` event, after the ``signed`` event that starts the history on
UCDP's date of the agreement (`pa_date`). Nothing else becomes an event: what UCDP does
not say (a blank, -99, a date that is no date) is noted and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .._model import dates
from .._registry.citation import UCDP, UCDP_DATASET
from .outcome_cells import UNKNOWN, date_cell, ids, one_line
from .tables import Row, number, shown

#: What each column of the v22.1 layout becomes (the columns not listed are not read).
COLUMNS: dict[str, str] = {
    "paid": "`links.ucdp_agreement`; the agreement `ucdp-<paid>` where no PA-X agreement "
    "links to it (through PA-X's `UcdpAgr`)",
    "pa_name": "`title`, of an agreement of its own",
    "pa_date": "the `signed` event that starts a history, and `date_signed` of an agreement "
    "of its own",
    "ended": "`True`: the agreement's end is recorded; `False`, blank: nothing is",
    "duration": "the date of the `ended` event (YYYY-MM-DD, YYYY-MM or YYYY)",
    "c_duration": "the `ended` event's note",
    "version": "the source record `ucdp-peace-agreements-<version>` that every event cites",
    "conflict_id": "`links.ucdp_conflict` (several: the note)",
    "conflict_name": "`conflict`",
    "dyad_id": "the note",
    "gwno": "`links.gwno`",
    "pa_sign": "`signatories_text`",
    "pa_3rd": "`third_parties_text`",
    "pa_comment": "`note`",
}
#: Without these, no row can be imported.
REQUIRED = ("paid", "pa_name", "pa_date", "ended", "duration", "c_duration")
#: Free-text cells that become record text: a control character keeps the row out.
TEXT_COLUMNS = ("pa_name", "c_duration", "conflict_name", "pa_sign", "pa_3rd", "pa_comment")


@dataclass
class Agreement:
    """What one row says of an agreement."""

    paid: int
    line: int
    title: str
    signed: date | None
    #: The day it ended, where UCDP says it did and when (else None).
    end: date | None
    end_note: str | None
    conflicts: list[int] = field(default_factory=list)
    dyads: list[int] = field(default_factory=list)
    gwno: list[int] = field(default_factory=list)
    cells: dict[str, str | None] = field(default_factory=dict)


def read(row: Row, seen: dict[int, int]) -> Agreement | None:
    """The agreement a row describes, or None where its id keeps it out (noted)."""
    raw = row.get("paid")
    paid = number(raw)
    if paid is None or paid < 0:
        row.stop("paid", f"{shown(raw)} is not an agreement id", "UCDP's ids are whole numbers")
        return None
    first = seen.setdefault(paid, row.line)
    if first != row.line:
        row.stop(
            "paid",
            f"{paid} is agreement {paid} again (first at line {first}); the row is not imported",
            "each UCDP agreement has one row: remove the repeated one",
        )
        return None
    if row.controls(TEXT_COLUMNS):
        return None
    signed = date_cell(row, "pa_date", "no history is recorded")
    ended = _ended(row)
    end = None
    if ended:
        end = date_cell(row, "duration", "its end is not recorded")
        if end is None and row.get("duration") is None:
            row.unread("duration", "blank, though `ended` is True; its end is not recorded")
        elif end is not None and signed is None:
            row.unread(
                "pa_date",
                "no date of the agreement to start its history from; its end is not recorded",
            )
            end = None
        elif end is not None and signed is not None and dates.last_day(end) < signed:
            row.unread(
                "duration",
                f"{dates.text(end)} is before the agreement's date {dates.text(signed)}; its "
                "end is not recorded",
            )
            end = None
    elif row.get("duration") not in (None, UNKNOWN):
        row.unread(
            "duration",
            f"{shown(row.get('duration'))} given, but `ended` is not True; no end is recorded",
        )
    return Agreement(
        paid,
        row.line,
        one_line(row.text("pa_name") or f"UCDP peace agreement {paid}"),
        signed,
        end,
        row.text("c_duration"),
        ids(row, "conflict_id"),
        ids(row, "dyad_id"),
        ids(row, "gwno"),
        {c: row.text(c) for c in ("conflict_name", "pa_sign", "pa_3rd", "pa_comment")},
    )


def _ended(row: Row) -> bool:
    raw = row.get("ended")
    if raw is None or raw.casefold() in ("false", "0"):
        return False
    if raw.casefold() in ("true", "1"):
        return True
    row.unread("ended", f"{shown(raw)} is not True, False or blank; its end is not recorded")
    return False


def source_id(version: str | None) -> str:
    """The id of the source record for a version of the dataset."""
    if not version:
        return UCDP_DATASET.source
    return f"{UCDP_DATASET.source}-{version.replace('.', '-').casefold()}"


def source(version: str | None) -> dict[str, Any]:
    """The source record every event of the import cites: the dataset and its version."""
    which = f" v{version}" if version else ""
    said = (
        f"The file imported declares version {version} (its `version` column)."
        if version
        else "The file imported declares no version (no `version` column)."
    )
    return {
        "kind": "source",
        "id": source_id(version),
        "title": f"{UCDP_DATASET.name}{which}",
        "publisher": "Uppsala Conflict Data Program (UCDP), Uppsala University",
        "url": UCDP_DATASET.url,
        "reliability": "official",
        "note": f"{said} UCDP data, CC BY 4.0. Cite as: Pettersson, T., Högbladh, S. & "
        f"Öberg, M. ({UCDP.year}) {UCDP.title}, {UCDP.journal} {UCDP.volume}({UCDP.issue}); "
        "and Högbladh, S. (2011) Peace agreements 1975-2011 - Updating the UCDP Peace "
        "Agreement dataset. Each end recorded is UCDP's `ended` and `duration`, with its "
        "explanation `c_duration` as the note.",
    }


def history(found: Agreement, source: str, date_signed: date | None) -> list[dict[str, Any]]:
    """The events an agreement's end gives: ``signed`` on UCDP's date, then ``ended``; none
    without an end. ``date_signed`` is the agreement's own date, named in the first event's
    note where UCDP's differs."""
    if found.end is None or found.signed is None:
        return []
    signed: dict[str, Any] = {"on": found.signed, "status": "signed", "sources": [source]}
    if date_signed is not None and dates.text(date_signed) != dates.text(found.signed):
        signed["note"] = (
            f"UCDP's date of the agreement (pa_date); its record says {dates.text(date_signed)}."
        )
    ended: dict[str, Any] = {"on": found.end, "status": "ended", "sources": [source]}
    if found.end_note:
        ended["note"] = found.end_note
    return [signed, ended]


def own_agreement(found: Agreement, source: str) -> dict[str, Any]:
    """The agreement record of an agreement no PA-X agreement of the registry links to."""
    aid = f"ucdp-{found.paid}"
    data: dict[str, Any] = {"kind": "agreement", "id": aid, "title": found.title}
    if found.signed is not None:
        data["date_signed"] = found.signed
    cells = found.cells
    optional = {
        "conflict": cells.get("conflict_name"),
        "signatories_text": cells.get("pa_sign"),
        "third_parties_text": cells.get("pa_3rd"),
    }
    data.update({k: one_line(v) if k == "conflict" else v for k, v in optional.items() if v})
    links: dict[str, Any] = {"ucdp_agreement": found.paid}
    if len(found.conflicts) == 1:
        links["ucdp_conflict"] = found.conflicts[0]
    if found.gwno:
        links["gwno"] = found.gwno
    data["links"] = links
    data["sources"] = [source]
    events = history(found, source, None)
    if events:
        data["history"] = events
    notes = [cells.get("pa_comment") or ""]
    if len(found.conflicts) > 1:
        notes.append(f"UCDP conflict ids: {', '.join(map(str, found.conflicts))}.")
    if found.dyads:
        notes.append(f"UCDP dyad ids: {', '.join(map(str, found.dyads))}.")
    note = "\n\n".join(n for n in notes if n)
    if note:
        data["note"] = note
    return data
