"""One truth: every output gives the engine's value for every derived field.

Registries are generated (several events a day, events dated only to a month, progress,
parties, deadlines, terms, suspensions, reversals, ``same_as``, the agreement's own
history), written as files and loaded as a user loads them; then the status rows, the
export rows (CSV, JSON lines, ``to_frame``), the SQLite tables, the
events table, the history and the digest are each read back and held against
:meth:`Registry.standing` and :meth:`Registry.timeline`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._model.lifecycle import DEFAULT_AGREEMENT_LIFECYCLE, DEFAULT_LIFECYCLE
from accordreg._registry.changes import changes
from accordreg._registry.flat_tables import event_rows, provision_rows, row, standings
from accordreg._registry.query import Registry
from accordreg._render import exports
from accordreg._render import status as status_render
from accordreg._render.cards import agreement_history_rows, card, history_rows
from accordreg._render.changes import as_json as changes_json
from accordreg._render.database import write_database
from accordreg._render.words import agreement_state

START = date(2024, 1, 1)
PARTIES = ("north", "south")
#: States a generated history may pass through (superseded needs a successor record).
STATES = [s for s in DEFAULT_LIFECYCLE.states() if s != "superseded"]


@st.composite
def _history(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A walk through the default lifecycle, several events a day at times."""
    status = draw(st.sampled_from(DEFAULT_LIFECYCLE.starts()))
    day = START + timedelta(days=draw(st.integers(0, 30)))
    events = []
    for i in range(draw(st.integers(1, 6))):
        if i:
            moves = [m for m in DEFAULT_LIFECYCLE.moves_from(status) if m in STATES]
            if not DEFAULT_LIFECYCLE.is_final(status):
                moves.append(status)  # news without a move
            if not moves:
                break
            status = draw(st.sampled_from(moves))
            day += timedelta(days=draw(st.sampled_from([0, 0, 1, 40, 120])))
        # Sometimes only the month is known: never before the event it follows (L003).
        on = day.isoformat()[:7] if i and draw(st.integers(0, 4)) == 0 else day.isoformat()
        event: dict[str, Any] = {"on": on, "status": str(status), "sources": ["s1"]}
        allowed: tuple[int, ...] = DEFAULT_LIFECYCLE.levels_for(status)
        rate: bool = draw(st.booleans())
        if allowed and rate:
            event["level"] = draw(st.sampled_from(allowed))
        if draw(st.integers(0, 3)) == 0:
            event["progress"] = draw(st.integers(0, 12))
        if draw(st.integers(0, 3)) == 0:
            event["party"] = draw(st.sampled_from(PARTIES))
        if draw(st.integers(0, 5)) == 0:
            event["terms"] = {"count": draw(st.integers(1, 12))}
        events.append(event)
    return events


@st.composite
def _agreement_history(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A walk through the agreement lifecycle, a month known only at times."""
    life = DEFAULT_AGREEMENT_LIFECYCLE
    status = draw(st.sampled_from(life.starts()))
    day = START
    events: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 4))):
        if i:
            moves = list(life.moves_from(status))
            if not moves:
                break
            status = draw(st.sampled_from(moves))
            day += timedelta(days=draw(st.sampled_from([0, 3, 45, 200])))
        on = day.isoformat()[:7] if i and draw(st.booleans()) else day.isoformat()
        event: dict[str, Any] = {"on": on, "status": str(status), "sources": ["s1"]}
        if draw(st.booleans()):
            event["party"] = draw(st.sampled_from(PARTIES))
        events.append(event)
    return events


@st.composite
def _registry(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """The records of a small registry, by file name."""
    files: dict[str, dict[str, Any]] = {
        "sources/s1.yaml": {
            "kind": "source",
            "id": "s1",
            "title": "Minutes",
            "reliability": "official",
            "date": "2024-01-01",
        },
        "a/agreement.yaml": {
            "kind": "agreement",
            "id": "a",
            "title": "Accord",
            "date_signed": "2024-01-01",
            "sources": ["s1"],
        },
    }
    if draw(st.booleans()):
        files["a/agreement.yaml"]["history"] = draw(_agreement_history())
    for party in PARTIES:
        files[f"parties/{party}.yaml"] = {
            "kind": "party",
            "id": party,
            "name": party.title(),
            "type": "state",
        }
    count = draw(st.integers(1, 4))
    for n in range(count):
        history = draw(_history())
        provision: dict[str, Any] = {
            "kind": "provision",
            "id": f"a/p{n}",
            "agreement": "a",
            "title": f"P{n}",
            "category": "detainee_release",
            "text": "Release the detainees.",
            "responsible": list(PARTIES),
            "sources": ["s1"],
            "history": history,
        }
        if draw(st.booleans()):
            provision["terms"] = {"count": draw(st.integers(1, 12))}
        if draw(st.booleans()):
            due = START + timedelta(days=draw(st.integers(0, 400)))
            deadline: dict[str, Any] = {"label": "release", "due": due.isoformat()}
            if draw(st.booleans()):
                deadline["set_on"] = (START + timedelta(days=draw(st.integers(0, 300)))).isoformat()
                deadline["sources"] = ["s1"]
            provision["deadlines"] = [deadline]
        if n and draw(st.booleans()):
            provision["same_as"] = [f"a/p{draw(st.integers(0, n - 1))}"]
        files[f"a/p{n}.yaml"] = provision
    return files


def _load(folder: Path, files: dict[str, dict[str, Any]]) -> Registry:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return accordreg.load(folder)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _expected(registry: Registry, pid: str, on: date) -> dict[str, Any]:
    """The engine's values of a provision's derived fields, as the tables write them."""
    s = registry.standing(pid, on)
    return {
        "status": s.status,
        "level": s.level,
        "level_basis": str(s.basis) if s.basis else None,
        "since": _iso(s.since),
        "progress": str(s.progress) if s.progress else None,
        "past_due": _iso(s.missed.due if s.missed else None),
        "past_due_while": s.missed_while,
        "last_event": _iso(s.last_event),
        "last_news": _iso(s.last_news),
        "news_age": s.news_age,
        "no_news": s.stale,
    }


@given(_registry(), st.integers(-10, 700))
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_output_gives_the_engines_values(
    tmp_path_factory: Any, files: dict[str, dict[str, Any]], offset: int
) -> None:
    """Status rows, exports, to_frame, SQLite, the events table, the history and the digest
    all give the engine's value for every derived field of every provision and event."""
    folder = tmp_path_factory.mktemp("reg")
    registry = _load(folder, files)
    on = START + timedelta(days=offset)
    expected = {pid: _expected(registry, pid, on) for pid in registry.provisions}
    fields = list(next(iter(expected.values())))

    status_json = json.loads(status_render.as_json(standings(registry, on), registry, on))
    exported = {r["id"]: r for r in provision_rows(registry, on)}
    lines = {x["id"]: x for x in map(json.loads, exports.jsonl(registry, on).splitlines())}
    frame = registry.to_frame(on)
    database = folder.parent / f"{folder.name}.db"
    write_database(registry, database, on)
    db = sqlite3.connect(database)
    db.row_factory = sqlite3.Row
    stored = {r["provision"]: dict(r) for r in db.execute("SELECT * FROM current_standing")}
    for item in status_json:
        assert {k: item[k] for k in fields} == expected[item["id"]], item["id"]
    for pid, want in expected.items():
        assert {k: exported[pid][k] for k in fields} == want, pid
        assert {k: lines[pid][k] for k in fields} == want, pid
        got = stored[pid]
        assert got["status"] == want["status"]
        assert got["level"] == want["level"]
        assert got["level_basis"] == want["level_basis"]
        assert got["since"] == want["since"]
        assert got["past_due"] == want["past_due"]
        assert got["last_news"] == want["last_news"]
        assert got["news_age_days"] == want["news_age"]
        assert bool(got["no_news"]) is want["no_news"]
        assert frame.loc[pid, "status"] == want["status"] or want["status"] is None
        level = frame.loc[pid, "level"]
        assert (
            (level is None or str(level) == "<NA>")
            if want["level"] is None
            else level == want["level"]
        )
        for column in ("since", "past_due", "last_event", "last_news"):
            days = frame[column]
            if want[column] is None:
                assert days.isna()[pid]
            else:
                assert days[pid] == pd.Timestamp(want[column])

    events = {(r["provision"], r["seq"]): r for r in event_rows(registry)}
    stored_events = {
        (r["provision"], r["seq"]): dict(r) for r in db.execute("SELECT * FROM events")
    }
    digest = json.loads(changes_json(changes(registry, START, max(on, START))))
    digest_events = {(e["provision"], e["seq"]): e for e in digest["events"]}
    for pid in registry.provisions:
        facts = registry.timeline(pid)
        history = history_rows(registry, pid)
        for f, h in zip(facts, history, strict=True):
            basis = str(f.basis) if f.basis else None
            assert (h["level"], h["level_basis"]) == (f.level, basis)
            assert (events[pid, f.seq]["level_after"], events[pid, f.seq]["level_basis"]) == (
                f.level,
                basis,
            )
            stored_event = stored_events[pid, f.seq]
            assert (stored_event["level_after"], stored_event["level_basis"]) == (f.level, basis)
            if (pid, f.seq) in digest_events:
                news = digest_events[pid, f.seq]
                assert (news["to_status"], news["to_level"], news["to_basis"]) == (
                    str(f.status),
                    f.level,
                    basis,
                )
            # The standing on the day an event is on record is that day's last event's.
            last_of_day = [g for g in facts if g.known <= f.known][-1]
            assert registry.level_on(pid, f.known) == last_of_day.level
    _agreement_outputs_agree(registry, on, digest)
    if on >= START:
        quiet = {n["provision"]: n for n in digest["no_news"]}
        for pid, want in expected.items():
            assert (pid in quiet) is bool(want["no_news"] and want["status"]), pid
            if pid in quiet:
                assert quiet[pid]["last_event"] == want["last_news"]
                assert quiet[pid]["days"] == want["news_age"]
    db.close()


def _agreement_outputs_agree(registry: Registry, on: date, digest: dict[str, Any]) -> None:
    """The agreement's status in the status table, its card, its history, a provision's
    standing and the digest are the agreement engine's."""
    agreement = registry.agreement("a")
    timeline = registry.agreement_timeline("a")
    now = registry.agreement_standing("a", on)
    counted = [f for f in timeline if f.known <= on]
    assert now.status == (counted[-1].status if counted else None)
    said = agreement_state(now.status, now.since, now.party)
    if now.status is not None and not DEFAULT_AGREEMENT_LIFECYCLE.table[now.status].may_start:
        assert said in status_render.as_text(standings(registry, on), registry, on)
    if agreement.history:
        assert f"status         {said}" in card(registry, "a", on)
    rows = agreement_history_rows(registry, "a")
    assert [(r["status"], r["since"]) for r in rows] == [
        (str(f.status), f.since.isoformat()) for f in timeline
    ]
    for pid in registry.provisions:
        own = registry.standing(pid, on).agreement
        assert (own.status if own else None) == (now.status if agreement.history else None)
    told = sorted((e["seq"], e["to_status"]) for e in digest["agreement_events"])
    window = [(f.seq, str(f.status)) for f in timeline if START <= f.known <= max(on, START)]
    assert told == window


def test_status_rows_are_the_engines() -> None:
    """On the bundled registry, the status row of each provision is the engine's standing."""
    registry = accordreg.load(Path(__file__).parents[2] / "provisions")
    on = date(2025, 12, 1)
    for s in standings(registry, on):
        r = row(s)
        assert r["level"] == s.level
        assert r["no_news"] is s.stale
