"""Readable cards for one record (`accordreg show`) and a provision's history."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

from .._model import dates
from .._model.records import Agreement, Condition, Party, Provision, Source
from .._registry import engine
from .._registry.engine import Basis
from .._registry.flat_tables import term_text
from .._registry.query import Registry
from . import words
from .safe import json_text, terminal
from .term_lines import party_lines, term_lines

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> list[str]:
    lines = textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,  # ids and dates keep their dashes on one line
    )
    return lines or [indent]


def _field(label: str, value: str) -> str:
    return f"  {label:<14} {value}"  # a label of 15 or more still gets its space


def _party(registry: Registry, party_id: str) -> str:
    party = registry.parties.get(party_id)
    return f"{party.name} ({party_id})" if party else party_id


def _source_line(registry: Registry, source_id: str) -> list[str]:
    s = registry.sources.get(source_id)
    if s is None:
        return [f"  [{source_id}]"]
    bits = [b for b in (s.publisher, s.date.isoformat() if s.date else None) if b]
    head = f"[{s.id}] {s.title}" + (f" — {', '.join(bits)}" if bits else "")
    lines = _wrap(head)
    lines.append(f"      {s.reliability!s}" + (f", {s.url}" if s.url else ""))
    return lines


def history_rows(registry: Registry, provision_id: str) -> list[dict[str, Any]]:
    """A provision's events with the level in force after each (JSON-ready)."""
    provision = registry.provision(provision_id)
    rows = []
    # Levels as `status` and `show` rate them: recorded progress counts.
    for event, after in zip(provision.history, registry.timeline(provision_id), strict=True):
        rows.append(
            {
                "on": event.on.isoformat(),
                "status": str(event.status),
                "level": after.level,
                "level_basis": str(after.basis) if after.basis else None,
                "party": event.party,
                "progress": event.progress,
                # Against the target known then: "4200/7000 released".
                "progress_text": str(after.progress) if event.progress is not None else None,
                "terms": {k: term_text(v) for k, v in (event.terms or {}).items()} or None,
                "note": event.note,
                "sources": list(event.sources),
            }
        )
    return rows


def agreement_history_rows(registry: Registry, agreement_id: str) -> list[dict[str, Any]]:
    """An agreement's own events with its status after each (JSON-ready)."""
    agreement = registry.agreement(agreement_id)
    rows = []
    timeline = registry.agreement_timeline(agreement_id)
    for event, after in zip(agreement.history, timeline, strict=True):
        rows.append(
            {
                "on": event.on.isoformat(),
                "precision": dates.precision(event.on),
                "status": str(event.status),
                "since": after.since.isoformat(),
                "party": event.party,
                "note": event.note,
                "sources": list(event.sources),
            }
        )
    return rows


def _rows_of(registry: Registry, record_id: str) -> list[dict[str, Any]]:
    """The history rows of a provision or, for an agreement's id, of the agreement."""
    if record_id in registry.agreements:
        return agreement_history_rows(registry, record_id)
    return history_rows(registry, record_id)


def history_json(registry: Registry, record_id: str) -> str:
    """The history (a provision's, or an agreement's own) as a JSON list of events."""
    return json_text(json.dumps(_rows_of(registry, record_id), indent=2, ensure_ascii=False))


def history_text(registry: Registry, record_id: str) -> str:
    """The history (a provision's, or an agreement's own) as dated lines, each with its
    level (a provision's), sources and note."""
    if record_id in registry.agreements:
        agreement = registry.agreement(record_id)
        lines = [f"{agreement.id} — {agreement.title}"]
        rows = agreement_history_rows(registry, record_id)
        lines += _agreement_lines(registry, rows) if rows else ["  no event of its own on record"]
        return terminal("\n".join(lines))
    provision = registry.provision(record_id)
    lines = [f"{provision.id} — {provision.title}"]
    lines += _history_lines(registry, history_rows(registry, record_id))
    return terminal("\n".join(lines))


def _agreement_lines(registry: Registry, rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    width = max((len(str(s)) for s in registry.settings.agreement_lifecycle.states()), default=12)
    for row in rows:
        by = f"  (by {row['party']})" if row["party"] else ""
        lines.append(f"  {_day_text(row['on']):<10}  {row['status']:<{width}}{by}".rstrip())
        lines += _wrap("sources: " + ", ".join(row["sources"]), "              ")
        if row["note"]:
            lines += _wrap(row["note"], "              ")
    return lines


def _day_text(written: str) -> str:
    """A date as written in a row, as views print it (``November 2025``)."""
    return dates.words(dates.parse(written))


def _history_lines(registry: Registry, rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    # As wide as the lifecycle's longest state, so that every level starts in one column.
    width = max((len(str(s)) for s in registry.lifecycle.states()), default=12)
    for row in rows:
        basis = Basis(row["level_basis"]) if row["level_basis"] else None
        level = words.level(row["level"], basis)
        level = level if row["level"] is None or basis is Basis.DEFAULT else f"level {level}"
        by = f"  (concerns {row['party']})" if row["party"] else ""
        lines.append(f"  {row['on']}  {row['status']:<{width}} {level}{by}")
        if row["progress_text"]:
            lines.append(f"              progress: {row['progress_text']}")
        if row["terms"]:
            terms = "; ".join(f"{k}: {v}" for k, v in row["terms"].items())
            lines += _wrap(f"terms from this date: {terms}", "              ")
        lines += _wrap("sources: " + ", ".join(row["sources"]), "              ")
        if row["note"]:
            lines += _wrap(row["note"], "              ")
    return lines


def provision_card(registry: Registry, provision: Provision, on: date) -> list[str]:
    """Everything about one provision, as of ``on``."""
    standing = registry.standing(provision.id, on)
    agreement = registry.agreements.get(provision.agreement)
    signed = f" ({agreement.date_signed})" if agreement and agreement.date_signed else ""
    title = agreement.short_title or agreement.title if agreement else ""
    level = words.level(standing.level, standing.basis, standing.tracked)
    status = (
        f"{words.state(registry, standing.status)} since {standing.since}; "
        + (level if standing.level is None or not standing.rated else f"level {level}")
        if standing.status
        else "nothing recorded by this date"
    )
    coded = [
        f"{c} {provision.pax_strength[c]}" if c in provision.pax_strength else c
        for c in provision.pax_codes
    ]
    codes = f" (PA-X: {', '.join(coded)})" if coded else ""
    lines = [
        provision.id,
        *_wrap(provision.title, ""),
        "",
        _field("agreement", f"{provision.agreement} — {title}{signed}"),
        _field("category", str(provision.category) + codes),
        _field(f"on {on}", status),
        _field("responsible", ", ".join(_party(registry, p) for p in provision.responsible) or "-"),
        _field("verifier", ", ".join(_party(registry, p) for p in provision.verifier) or "-"),
    ]
    lines += [_field("", flag) for flag in words.flags(standing)]
    horizon = registry.horizon
    if horizon is not None and on > horizon:
        lines.append(_field("", f"sources read up to {horizon}: nothing later is on record"))
    if standing.progress:
        lines.append(_field("progress", f"{standing.progress} (on {standing.progress.since})"))
    lines += [_field("", line) for line in party_lines(registry, provision, on)]
    if provision.section:
        lines.append(_field("section", provision.section))
    for loc in provision.locations:
        where = ", ".join(x for x in (loc.country, loc.subdivision, loc.place) if x)
        lines.append(_field("location", where))
    lines += ["", f"Text ({provision.text_form.value}):", *_wrap(provision.text)]
    terms = term_lines(registry, provision, on)
    if terms:
        lines += ["", f"Terms (as on record by {on}):"]
        lines += [_field(label, value) for label, value in terms]
    lines += _known_lines(provision, on)
    for label, ids in (
        ("Depends on:", provision.depends_on),
        ("Supersedes:", provision.supersedes),
        ("The same commitment as:", provision.same_as),
    ):
        if ids:
            lines += ["", label, *(f"  - {item}" for item in ids)]
    if provision.superseded_by:
        lines += ["", f"Superseded by: {provision.superseded_by}"]
    lines += _note_lines(registry, provision.note, on)
    counted = [f.known <= on for f in registry.timeline(provision.id)]
    rows = [
        r for r, known in zip(history_rows(registry, provision.id), counted, strict=True) if known
    ]
    later = len(provision.history) - len(rows)
    lines += ["", "History:", *_history_lines(registry, rows)]
    if later:
        lines.append(f"  ({later} later event(s) not shown: this card is as of {on})")
    shown = engine.events_on(provision, on)
    cited = dict.fromkeys(
        [
            *provision.sources,
            *(s for e in shown for s in e.sources),
            *(s for d in engine.deadlines_on(provision, on) for s in d.sources),
            *(
                s
                for c in engine.conditions_on(provision, on)
                if isinstance(c, Condition)
                for s in c.sources
            ),
        ]
    )
    lines += ["", "Sources:"]
    for source_id in cited:
        lines += _source_line(registry, source_id)
    return lines


def _note_lines(registry: Registry, note: str | None, on: date) -> list[str]:
    """A record's note, which is written with everything read up to the horizon: on a card
    of an earlier date it is left out, with a word that it is."""
    if not note:
        return []
    horizon = registry.horizon
    if horizon is not None and on < horizon:
        return ["", f"Note: left out (written with the sources read up to {horizon}, after {on})."]
    return ["", "Note:", *_wrap(note)]


def _known_lines(provision: Provision, on: date) -> list[str]:
    """Deadlines and conditions on record by ``on``, each with when it was set."""
    lines: list[str] = []
    deadlines = engine.deadlines_on(provision, on)
    if deadlines:
        lines += ["", "Deadlines and phases:"]
        for d in deadlines:
            span = f"{d.start or '?'} → {d.due or 'open'}"
            set_on = f" (set {d.set_on})" if d.set_on else ""
            lines += _wrap(f"{span}  {d.label}{set_on}" + (f" — {d.note}" if d.note else ""))
    conditions = engine.conditions_on(provision, on)
    if conditions:
        lines += ["", "Conditions:"]
        for c in conditions:
            if isinstance(c, Condition):
                who = f"{c.party}, " if c.party else ""
                when = f" ({who}{c.set_on})" if c.set_on else (f" ({c.party})" if c.party else "")
                lines += _wrap(f"- {c.text}{when}")
            else:
                lines += _wrap(f"- {c}")
    return lines


def agreement_card(registry: Registry, agreement: Agreement, on: date) -> list[str]:
    """An agreement, its parties and its provisions' standing on ``on``."""
    level = registry.agreement_level(agreement.id, on)
    lines = [agreement.id, *_wrap(agreement.title, ""), ""]
    signed = str(agreement.date_signed or "unknown")
    if agreement.signed is False:
        signed = f"not signed (dated {agreement.date_signed or 'unknown'})"
    lines.append(_field("signed", signed))
    if agreement.place:
        lines.append(_field("place", agreement.place))
    if agreement.process:
        lines.append(_field("process", agreement.process))
    if agreement.links and agreement.links.pax_agreement:
        lines.append(_field("PA-X", f"agreement {agreement.links.pax_agreement}"))
    pax = [str(x) for x in (agreement.stage, agreement.conflict_type, agreement.region) if x]
    if pax:
        lines.append(_field("PA-X codes", ", ".join(pax)))
    lines.append(_field(f"on {on}", str(level)))
    if agreement.history:
        now = registry.agreement_standing(agreement.id, on)
        lines.append(_field("status", words.agreement_state(now.status, now.since, now.party)))
    for s in agreement.signatories:
        who = [_party(registry, s.party)] if s.party else []
        who += [x for x in (s.party_name, s.signed_by, s.capacity) if x]
        if s.uncertain:
            who = [f"{s.text or ' — '.join(who)} (uncertain reading)"]
        lines.append(_field("signatory", " — ".join(who)))
    if agreement.signatories_text and not agreement.signatories:
        lines += _wrap(f"signatories (as written): {agreement.signatories_text}")
    for t in agreement.third_parties:
        who = [_party(registry, t.party) if t.party else t.name or t.text or ""]
        who += [x for x in (t.represented_by, t.capacity) if x]
        if t.uncertain:
            who = [f"{t.text or ' — '.join(who)} (uncertain reading)"]
        lines.append(_field(str(t.role) if t.role else "third party", " — ".join(who)))
    lines += _note_lines(registry, agreement.note, on)
    known = [
        row
        for row, f in zip(
            agreement_history_rows(registry, agreement.id),
            registry.agreement_timeline(agreement.id),
            strict=True,
        )
        if f.known <= on
    ]
    if known:
        lines += ["", "History:", *_agreement_lines(registry, known)]
    lines += ["", "Provisions:"]
    rows = []
    for p in registry.find(agreement=agreement.id):
        row = registry.standing(p.id, on)
        rows.append((p.id.split("/", 1)[1], str(row.status) if row.status else "-", p.title))
    # Columns as wide as their longest entry: a long name or status keeps the titles in line.
    name_width = max((len(r[0]) for r in rows), default=0)
    status_width = max((len(r[1]) for r in rows), default=0)
    lines += [f"  {n:<{name_width}}  {st:<{status_width}}  {title}" for n, st, title in rows]
    lines += ["", "Sources:"]
    for source_id in agreement.sources:
        lines += _source_line(registry, source_id)
    return lines


def party_card(registry: Registry, party: Party, on: date) -> list[str]:
    """A party and the provisions it is responsible for or verifies."""
    lines = [party.id, f"  {party.name}", _field("type", str(party.type))]
    if party.country:
        lines.append(_field("country", party.country))
    if party.member_of:
        lines.append(_field("member of", _party(registry, party.member_of)))
    involved = registry.find(party=party.id)
    lines += ["", f"Responsible for or verifying {len(involved)} provision(s):"]
    lines += [f"  {p.id}" for p in involved]
    lines += _note_lines(registry, party.note, on)
    return lines


def source_card(registry: Registry, source: Source, on: date) -> list[str]:
    """A source: what it is, who published it, how far to trust it."""
    lines = _source_line(registry, source.id)
    lines += _note_lines(registry, source.note, on)
    return lines


#: The card of each record kind.
CARDS: dict[str, Callable[[Registry, Any, date], list[str]]] = {
    "agreement": agreement_card,
    "provision": provision_card,
    "party": party_card,
    "source": source_card,
}

#: Formats of a provision's history.
HISTORY_FORMATS: dict[str, Callable[[Registry, str], str]] = {
    "text": history_text,
    "json": history_json,
}


def card(registry: Registry, record_id: str, on: date) -> str:
    """The card of any record by id (raises UnknownIdError with suggestions)."""
    record = registry[record_id]
    return terminal("\n".join(CARDS[record.kind](registry, record, on)))
