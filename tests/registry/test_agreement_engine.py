"""An agreement's own history: its status on a date, what its provisions' standings say
of it, the digest, and transitions, on a small registry of its own."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import Editor, TransitionError
from accordreg._registry.changes import changes

AGREEMENT = """\
kind: agreement
id: accord
title: An accord
date_signed: 2024-05-11
sources: [text]
history:
  - on: 2024-05-11
    status: signed
    sources: [text]
  - on: 2024-06
    status: suspended
    party: north
    sources: [report]
    note: The north suspended it.
{more}"""

PROVISION = """\
kind: provision
id: accord/aid
agreement: accord
title: Aid corridors
category: humanitarian_access
text: The parties open corridors.
responsible: [north]
sources: [text]
deadlines:
  - label: open
    due: {due}
history:
  - on: 2024-05-11
    status: agreed
    sources: [text]
  - on: 2024-06-20
    status: in_progress
    sources: [report]
"""


def _registry(root: Path, more: str = "", due: str = "2024-09-01") -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "parties").mkdir()
    (root / "accord").mkdir()
    for sid, day in (("text", "2024-05-11"), ("report", "2024-06"), ("later", "2024-10-02")):
        (root / "sources" / f"{sid}.yaml").write_text(
            f"kind: source\nid: {sid}\ntitle: {sid}\ndate: {day}\nreliability: official\n"
        )
    (root / "parties" / "north.yaml").write_text(
        "kind: party\nid: north\nname: North\ntype: armed_forces\n"
    )
    (root / "accord" / "agreement.yaml").write_text(AGREEMENT.format(more=more))
    (root / "accord" / "aid.yaml").write_text(PROVISION.format(due=due))
    return root


def test_an_event_dated_to_a_month_counts_once_the_month_is_over(tmp_path: Path) -> None:
    """Before 30 June the suspension may not have happened yet; by the month's last day it
    has."""
    registry = accordreg.load(_registry(tmp_path / "r"))
    assert registry.agreement_status_on("accord", date(2024, 6, 29)) == "signed"
    assert registry.agreement_status_on("accord", date(2024, 6, 30)) == "suspended"
    assert registry.agreement_status_on("accord", date(2024, 5, 10)) is None


def test_a_provisions_standing_says_what_its_agreement_was_doing(tmp_path: Path) -> None:
    """The provision keeps its own status; its standing carries the agreement's."""
    registry = accordreg.load(_registry(tmp_path / "r"))
    standing = registry.standing("accord/aid", date(2024, 7, 1))
    assert standing.status == "in_progress"
    assert standing.agreement is not None
    assert (standing.agreement.status, standing.agreement.party) == ("suspended", "north")
    assert not standing.agreement.over
    assert not standing.agreement.usual
    assert registry.standing("accord/aid", date(2024, 6, 25)).agreement.usual  # type: ignore[union-attr]


def test_a_deadline_due_after_the_agreement_ended_is_not_past_due(tmp_path: Path) -> None:
    """Nothing is owed once the agreement has ended; before its end, it was."""
    ended = "  - on: 2024-08-01\n    status: ended\n    sources: [later]\n"
    registry = accordreg.load(_registry(tmp_path / "a", ended, due="2024-09-01"))
    assert registry.standing("accord/aid", date(2024, 12, 1)).missed is None
    early = accordreg.load(_registry(tmp_path / "b", ended, due="2024-07-15"))
    missed = early.standing("accord/aid", date(2024, 12, 1)).missed
    assert missed is not None
    assert missed.label == "open"


def test_find_agreements_by_their_own_status(tmp_path: Path) -> None:
    """find_agreements answers from the agreements' own histories, with a did-you-mean."""
    registry = accordreg.load(_registry(tmp_path / "r"))
    assert [a.id for a in registry.find_agreements(status="suspended", on="2024-07-01")] == [
        "accord"
    ]
    assert registry.find_agreements(status="suspended", on="2024-06-15") == []
    with pytest.raises(ValueError, match="did you mean 'suspended'"):
        registry.find_agreements(status="suspendd")


def test_the_digest_tells_an_agreements_event_once_on_the_day_it_is_on_record(
    tmp_path: Path,
) -> None:
    """The suspension of June is news of the window that holds 30 June, and only of it."""
    registry = accordreg.load(_registry(tmp_path / "r"))
    june = changes(registry, date(2024, 6, 1), date(2024, 6, 30))
    assert [(e.agreement, e.to_status, e.party) for e in june.agreement_events] == [
        ("accord", "suspended", "north")
    ]
    assert changes(registry, date(2024, 7, 1), date(2024, 7, 31)).agreement_events == ()


@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=25)
@given(split=st.integers(0, 120))
def test_the_digest_of_a_window_is_the_union_of_the_digests_of_its_parts(
    tmp_path_factory: pytest.TempPathFactory, split: int
) -> None:
    """Cutting a window in two loses no agreement event and tells none twice."""
    root = _registry(tmp_path_factory.mktemp("r") / "r")
    registry = accordreg.load(root)
    start, end = date(2024, 5, 1), date(2024, 8, 31)
    cut = start + timedelta(days=split)
    whole = changes(registry, start, end).agreement_events
    parts = (
        changes(registry, start, cut).agreement_events
        + changes(registry, cut + timedelta(days=1), end).agreement_events
    )
    assert sorted(parts, key=repr) == sorted(whole, key=repr)


def test_a_transition_of_an_agreement_is_checked_and_written(tmp_path: Path) -> None:
    """An agreement moves by its own lifecycle, takes no level, and keeps its comments."""
    root = _registry(tmp_path / "r")
    path = root / "accord" / "agreement.yaml"
    path.write_text("# kept\n" + path.read_text())
    editor = Editor(accordreg.load(root))
    with pytest.raises(TransitionError, match="cannot move from 'suspended' to 'in_force'"):
        editor.transition("accord", "in_force", on="2024-07-02", sources="later")
    with pytest.raises(TransitionError, match="no level, progress or terms"):
        editor.transition("accord", "resumed", on="2024-07-02", sources="later", level=1)
    editor.transition("accord", "resumed", on="2024-07", sources="later")
    editor.save()
    text = path.read_text()
    assert text.startswith("# kept\n")
    assert text.endswith("  - on: 2024-07\n    status: resumed\n    sources: [later]\n")
    assert accordreg.load(root).agreement_status_on("accord", "2024-08-01") == "resumed"


def test_an_agreements_first_event_starts_its_history(tmp_path: Path) -> None:
    """An agreement without a history gets one, starting at a start state only."""
    root = _registry(tmp_path / "r")
    path = root / "accord" / "agreement.yaml"
    path.write_text(path.read_text().split("history:")[0])
    editor = Editor(accordreg.load(root))
    with pytest.raises(TransitionError, match="a history starts at signed, in_force"):
        editor.transition("accord", "ended", on="2024-05-11", sources="text")
    editor.transition("accord", "in_force", on="2024-05-11", sources="text")
    editor.save()
    assert path.read_text().endswith(
        "history:\n  - on: 2024-05-11\n    status: in_force\n    sources:\n      - text\n"
    )


def test_an_agreement_history_out_of_its_lifecycle_is_reported(tmp_path: Path) -> None:
    """The L-rules hold for an agreement's own history: an illegal move, a date back."""
    bad = "  - on: 2024-05-20\n    status: in_force\n    sources: [later]\n"
    root = _registry(tmp_path / "r", bad)
    found = {(d.code, d.line) for d in accordreg.check(root)}
    assert ("L002", 16) in found  # suspended -> in_force
    assert ("L003", 15) in found  # 20 May is before June


def test_a_deadline_missed_while_the_agreement_was_suspended_says_so(tmp_path: Path) -> None:
    """Due in July, while the agreement stood suspended: the standing and the digest say
    "while the agreement was suspended", in the one form of words."""
    registry = accordreg.load(_registry(tmp_path / "r", due="2024-07-15"))
    said = registry.standing("accord/aid", date(2024, 8, 1)).past_due
    assert said == "past due 2024-07-15 while the agreement was suspended, no completion recorded"
    (told,) = changes(registry, date(2024, 7, 1), date(2024, 7, 31)).past_due
    assert told.words == said


def test_the_digest_lists_no_deadline_that_fell_due_after_the_agreement_ended(
    tmp_path: Path,
) -> None:
    """As a standing says, nothing was owed after the end: no "became past due" either."""
    ended = "  - on: 2024-08-01\n    status: ended\n    sources: [later]\n"
    registry = accordreg.load(_registry(tmp_path / "r", ended, due="2024-09-01"))
    assert changes(registry, date(2024, 8, 1), date(2024, 12, 31)).past_due == ()


def test_exports_carry_agreement_events_as_days_with_their_precision(tmp_path: Path) -> None:
    """CSV, JSON lines and to_frame hold each agreement event on record: a day (a month's
    first) typed as a date, its precision beside it, and the engine's ``since``."""
    from accordreg._registry.flat_tables import agreement_event_rows
    from accordreg._render.exports import write_csv, write_jsonl

    registry = accordreg.load(_registry(tmp_path / "r"))
    on = date(2024, 7, 1)
    rows = list(agreement_event_rows(registry, on))
    assert [(r["on"], r["on_precision"], r["status"], r["since"]) for r in rows] == [
        ("2024-05-11", "day", "signed", "2024-05-11"),
        ("2024-06-01", "month", "suspended", "2024-06-01"),
    ]
    assert list(agreement_event_rows(registry, date(2024, 6, 29)))[-1]["status"] == "signed"
    out = tmp_path / "out"
    out.mkdir()
    written = {what: path for path, what in write_csv(registry, out / "p.csv", on)}
    text = written["agreement events"].read_text("utf-8-sig")
    assert text.splitlines()[0].startswith("agreement,seq,on,on_precision,status")
    assert "accord,2,2024-06-01,month,suspended" in text
    lines = {what: path for path, what in write_jsonl(registry, out / "p.jsonl", on)}
    read = [json.loads(x) for x in lines["agreement events"].read_text().splitlines()]
    assert [r["sources"] for r in read] == [["text"], ["report"]]
    frame = registry.to_frame(on, table="agreement_events")
    assert str(frame["on"].dtype) == "datetime64[s]"
    assert list(frame["on_precision"]) == ["day", "month"]
    assert list(frame["status"].cat.categories)[:2] == ["signed", "in_force"]


def test_the_database_holds_agreement_events_with_their_sources(tmp_path: Path) -> None:
    """SQLite has the agreements' own events (a day and its precision, the engine's since)
    and which sources report each, linked by foreign keys that hold."""
    import sqlite3

    from accordreg._render.database import write_database

    registry = accordreg.load(_registry(tmp_path / "r"))
    database = tmp_path / "r.db"
    write_database(registry, database, date(2024, 7, 1))
    db = sqlite3.connect(database)
    rows = db.execute(
        "SELECT seq, [on], on_precision, status, since, party FROM agreement_events"
    ).fetchall()
    assert rows == [
        (1, "2024-05-11", "day", "signed", "2024-05-11", None),
        (2, "2024-06-01", "month", "suspended", "2024-06-01", "north"),
    ]
    sources = db.execute("SELECT seq, source FROM agreement_event_sources").fetchall()
    assert sources == [(1, "text"), (2, "report")]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
