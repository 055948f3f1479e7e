"""The bundled registry: the 2025 Thailand-Cambodia process, checked fact by fact.

`claims.tsv` beside this file has one row per claim in `provisions/`: every history event
and its note, typed term (of a provision or of the event that introduced it), deadline and
condition, every provision's title, text, note and links, every agreement's title, date,
place, signatories, third parties and note, and every event of its own history with its
note and the party that acted, every party's name and note, and every source's title,
publisher, date and note. Each row names the source that carries the claim
(one the record cites; for a source record, the source itself; a party cites none, so any
source) and the place in the evidence files that carries it: `facts:N` is a line of
`thailand-cambodia-facts.md`, `art000:N` / `art003:N` a line of the two articles (`N-M` a
range), followed by a quote that must occur there.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import accordreg
from accordreg import Registry, Reliability, Status
from accordreg._model.records import Agreement, Condition, Party, Provision, Source
from accordreg._registry import engine
from conftest import PROJECT, run

PROVISIONS = PROJECT / "provisions"
CLAIMS = Path(__file__).with_name("claims.tsv")
#: The evidence the dataset is written from (outside the repository, like the YAML suite).
SOURCES = Path(os.environ.get("ACCORDREG_SOURCES", PROJECT.parent / "shared" / "sources"))
EVIDENCE_FILES = {
    "facts": "thailand-cambodia-facts.md",
    "art000": "000_8a12857784fb2a3b.txt",
    "art003": "003_6f07a649398f1dcc.txt",
}
#: The registry's source record for each article; every other source is cited through the
#: facts sheet.
ARTICLES = {"art000": "article-kl-talks-2025-10", "art003": "article-chanthaburi-talks-2025-12"}
KL = "kl-declaration-2025"
PUTRAJAYA = "putrajaya-ceasefire-2025"
MID_NOVEMBER = date(2025, 11, 15)
MID_JANUARY = date(2026, 1, 15)
RELEASE_OF_18 = ("kl-declaration-2025/release-of-18", "gbc-2025-12-27/return-of-18")
#: The August minutes' captured soldiers: no number, and no source ties them to the 18.
CAPTURED_SOLDIERS = "gbc-2025-08-07/prisoner-release"


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The bundled registry, loaded once."""
    return accordreg.load(PROVISIONS)


# -- the claims table ------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One row of claims.tsv."""

    line: int
    record: str
    where: str
    claim: str
    source: str
    evidence: str


def _claims() -> list[Claim]:
    lines = CLAIMS.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["record", "where", "claim", "source", "evidence"]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == 5, f"claims.tsv:{number}"
        assert all(c.strip() for c in cells), f"claims.tsv:{number}"
        rows.append(Claim(number, *cells))
    return rows


CLAIM_ROWS = _claims()
_EVIDENCE = re.compile(r'^(facts|art000|art003):(\d+)(?:-(\d+))? "(.+)"$')


#: Fields of each kind of record that, where set, must have a row; and fields that may.
_REQUIRED_FIELDS: dict[type, tuple[str, ...]] = {
    Provision: ("title", "text", "note", "same_as", "depends_on"),
    Agreement: ("title", "date_signed", "place", "signatories", "third_parties", "note"),
    Party: ("name", "note"),
    Source: ("title", "publisher", "date", "note"),
}
_OPTIONAL_FIELDS: dict[type, tuple[str, ...]] = {
    Provision: ("category", "responsible", "verifier", "locations", "pax_codes"),
    Agreement: ("short_title", "links"),
    Party: ("type", "country", "member_of"),
    Source: ("reliability",),
}
_EVENT_FIELDS = ("note", "progress", "party")
#: Fields of an agreement's own event that, where set, must have a row.
_AGREEMENT_EVENT_FIELDS = ("note", "party")


def _set(record: Any, field: str) -> bool:
    value = getattr(record, field)
    return value is not None and value != [] and value != {}


def _places(record: Any) -> set[str]:
    """Every place in a record that must have a row: for a provision its events and their
    notes, terms, deadlines and conditions; for every record its claim-bearing fields."""
    places = {f for f in _REQUIRED_FIELDS[type(record)] if _set(record, f)}
    if isinstance(record, Agreement):
        for i, own in enumerate(record.history):
            places.add(f"history[{i}]")
            places |= {f"history[{i}].{f}" for f in _AGREEMENT_EVENT_FIELDS if _set(own, f)}
    if not isinstance(record, Provision):
        return places
    for i, event in enumerate(record.history):
        places.add(f"history[{i}]")
        places |= {f"history[{i}].terms.{term}" for term in event.terms or {}}
        if event.note:
            places.add(f"history[{i}].note")
    places |= {f"terms.{term}" for term in record.terms}
    places |= {f"deadlines[{i}]" for i in range(len(record.deadlines))}
    places |= {f"conditions[{i}]" for i in range(len(record.conditions))}
    return places


def _cited_anywhere(record: Agreement | Provision) -> list[str]:
    """Every source a record cites: its own, its events', and a provision's deadlines' and
    conditions'."""
    cited = list(record.sources) + [s for e in record.history for s in e.sources]
    if isinstance(record, Provision):
        cited += [s for d in record.deadlines for s in d.sources]
        cited += [s for c in record.conditions if isinstance(c, Condition) for s in c.sources]
    return cited


def _named_in_note(registry: Registry, note: str) -> list[str]:
    """The sources a note names: by publisher, or through the records whose ids it gives."""
    named = [s.id for s in registry.sources.values() if s.publisher and s.publisher in note]
    for word in re.findall(r"[a-z0-9-]+(?:/[a-z0-9-]+)?", note):
        other = registry.get(word)
        if isinstance(other, (Agreement, Provision)):
            named += _cited_anywhere(other)
    return named


def _sources_at(registry: Registry, record: Any, where: str) -> list[str]:
    """The sources that a place in a record cites (for a provision's event, deadline or
    condition its own, else the provision's; a source record is its own source; a party
    cites none, so any source of the registry may carry a claim about it). A note and a
    link may rest on any source the record cites; a note also on those it names."""
    if isinstance(record, Provision):
        cited = _provision_sources_at(record, where)
    elif isinstance(record, Agreement) and where.startswith("history["):
        return _agreement_event_sources_at(record, where)
    else:
        assert where in _REQUIRED_FIELDS[type(record)] + _OPTIONAL_FIELDS[type(record)], where
        assert _set(record, where), where
        if isinstance(record, Source):
            return [record.id]
        if isinstance(record, Party):
            return list(registry.sources)
        cited = list(record.sources)
    if where in ("same_as", "depends_on"):
        cited += _cited_anywhere(record)
    if where == "note":
        cited += _cited_anywhere(record) + _named_in_note(registry, record.note)
    return cited


def _agreement_event_sources_at(agreement: Agreement, where: str) -> list[str]:
    """The sources of one event of the agreement's own history (its note and party too)."""
    fields = "|".join(_AGREEMENT_EVENT_FIELDS)
    m = re.fullmatch(rf"history\[(\d+)\](?:\.({fields}))?", where)
    assert m, f"not a place claims.tsv knows: {where}"
    event = agreement.history[int(m[1])]
    if m[2] is not None:
        assert _set(event, m[2]), where
    return list(event.sources)


def _provision_sources_at(provision: Provision, where: str) -> list[str]:
    """The sources that a place in the provision cites (the provision's, where it has none)."""
    fields = "|".join(_EVENT_FIELDS)
    if m := re.fullmatch(rf"history\[(\d+)\](?:\.terms\.(\w+)|\.({fields}))?", where):
        event = provision.history[int(m[1])]
        if m[2] is not None:
            assert event.terms, where
            assert m[2] in event.terms, where
        if m[3] is not None:
            assert getattr(event, m[3]) is not None, where
        return list(event.sources)
    if m := re.fullmatch(r"terms\.(\w+)", where):
        assert m[1] in provision.terms, where
        return list(provision.sources)
    if m := re.fullmatch(r"(deadlines|conditions)\[(\d+)\](\.note)?", where):
        item = getattr(provision, m[1])[int(m[2])]
        if m[3] is not None:
            assert m[1] == "deadlines", where
            assert item.note, where
        own = item.sources if isinstance(item, Condition) or m[1] == "deadlines" else []
        return list(own or provision.sources)
    if where in _REQUIRED_FIELDS[Provision] + _OPTIONAL_FIELDS[Provision]:
        assert _set(provision, where), where
        return list(provision.sources)
    raise AssertionError(f"not a place claims.tsv knows: {where}")


def test_every_claim_bearing_place_has_a_claim_row(registry: Registry) -> None:
    """Walking the loaded registry finds every place that must have a row in the table, and
    every row names a place that exists."""
    expected = {(r.id, w) for r in registry for w in _places(r)}
    covered = {(c.record, c.where) for c in CLAIM_ROWS}
    assert sorted(expected - covered) == [], "places with no row in claims.tsv"
    for record_id, where in sorted(covered - expected):
        record = registry.get(record_id)
        assert record is not None, f"claims.tsv names no record {record_id}"
        _sources_at(registry, record, where)  # raises for a place that does not exist


@pytest.mark.parametrize("row", CLAIM_ROWS, ids=lambda c: f"{c.record}:{c.where}")
def test_each_row_points_at_a_place_that_cites_its_source(registry: Registry, row: Claim) -> None:
    """The record exists, the place exists, and it cites the row's source."""
    record = registry.get(row.record)
    assert record is not None, f"claims.tsv:{row.line}"
    assert row.source in registry.sources, f"claims.tsv:{row.line}"
    cited = _sources_at(registry, record, row.where)
    assert row.source in cited, f"claims.tsv:{row.line}: {row.source} not in {cited}"


def _evidence_text(kind: str, first: int, last: int) -> str:
    lines = (SOURCES / EVIDENCE_FILES[kind]).read_text(encoding="utf-8").splitlines()
    assert 1 <= first <= last <= len(lines)
    return " ".join(" ".join(lines[first - 1 : last]).split())


@pytest.mark.skipif(not SOURCES.is_dir(), reason=f"the evidence files are not at {SOURCES}")
@pytest.mark.parametrize("row", CLAIM_ROWS, ids=lambda c: f"{c.record}:{c.where}")
def test_each_quote_occurs_where_the_row_says(registry: Registry, row: Claim) -> None:
    """The quote is in the cited lines (whitespace normalised), and those lines are about
    the cited source: an article is its own source record; a facts-sheet span names the
    source's publisher (and its date, where the record gives one), its PA-X id, or, for an
    article, its file."""
    m = _EVIDENCE.fullmatch(row.evidence)
    assert m, f"claims.tsv:{row.line}: evidence must read 'facts:N[-M] \"quote\"'"
    kind, first, last, quote = m[1], int(m[2]), int(m[3] or m[2]), m[4]
    text = _evidence_text(kind, first, last)
    assert " ".join(quote.split()) in text, f"claims.tsv:{row.line}: quote not at {kind}:{first}"
    source = registry.source(row.source)
    if kind in ARTICLES:
        assert row.source == ARTICLES[kind], f"claims.tsv:{row.line}"
        return
    if row.source in ARTICLES.values():
        kind = next(k for k, s in ARTICLES.items() if s == row.source)
        stem = EVIDENCE_FILES[kind][:4]
        assert stem in text, f"claims.tsv:{row.line}: cite the article, or a span naming {stem}"
        return
    if pax := re.fullmatch(r"pax-page-(\d+)", source.id):
        assert pax[1] in text, f"claims.tsv:{row.line}: the span does not name PA-X {pax[1]}"
        return
    assert source.publisher, source.id
    marker = source.publisher + (f", {source.date.isoformat()}" if source.date else "")
    assert marker in text, f"claims.tsv:{row.line}: the span does not name {marker!r}"


def test_unverified_sources_support_only_proposals_in_the_table(registry: Registry) -> None:
    """A row resting on an unverified source is about a provision that is only proposed, or
    an agreement whose provisions are only proposed (or about the source itself)."""
    for row in CLAIM_ROWS:
        if registry.source(row.source).reliability is not Reliability.UNVERIFIED:
            continue
        record = registry.get(row.record)
        if isinstance(record, Provision):
            provisions = [record]
        elif isinstance(record, Agreement):
            provisions = [p for p in registry.provisions.values() if p.agreement == record.id]
        else:
            assert record is not None, row.record
            assert record.id == row.source, row.record
            continue
        assert {e.status for p in provisions for e in p.history} == {Status.PROPOSED}, row.record


# -- the records -----------------------------------------------------------------------


def test_bundled_registry_has_no_diagnostics_at_all() -> None:
    """No errors and no warnings in provisions/."""
    assert accordreg.check(PROVISIONS) == []


def test_the_five_pax_agreements_of_process_181(registry: Registry) -> None:
    """The five PA-X documents of process 181 are there with their ids and dates."""
    pax = {
        a.links.pax_agreement: a.date_signed
        for a in registry.agreements.values()
        if a.links and a.links.pax_agreement
    }
    assert pax == {
        2800: date(2025, 7, 28),
        2837: date(2025, 8, 7),
        2874: date(2025, 9, 10),
        2850: date(2025, 10, 26),
        2878: date(2025, 12, 27),
    }
    assert {a.links.pax_process for a in registry.agreements.values() if a.links} == {181}


def test_reported_meetings_are_not_presented_as_signed_documents(registry: Registry) -> None:
    """Only the five PA-X documents have a signing date or signatories."""
    for agreement in registry.agreements.values():
        if not (agreement.links and agreement.links.pax_agreement):
            assert agreement.date_signed is None, agreement.id
            assert not agreement.signatories, agreement.id


def test_every_event_cites_a_source_that_exists(registry: Registry) -> None:
    """Each history event, of a provision or of an agreement as a whole, names at least one
    source, and every one is a record."""
    records: list[Agreement | Provision] = [*registry.provisions.values()]
    records += registry.agreements.values()
    for record in records:
        for event in record.history:
            assert event.sources, record.id
            for source in event.sources:
                assert source in registry.sources, (record.id, source)


def _cited(value: Any) -> list[str]:
    """Source ids cited inside a term's value (phases carry their own)."""
    if isinstance(value, dict):
        return [*value.get("sources", []), *(s for v in value.values() for s in _cited(v))]
    if isinstance(value, list):
        return [s for v in value for s in _cited(v)]
    return []


def test_deadlines_conditions_and_terms_cite_sources_that_exist(registry: Registry) -> None:
    """Sources named by deadlines, conditions and phases inside terms are records."""
    for p in registry.provisions.values():
        named = [s for d in p.deadlines for s in d.sources]
        named += [s for c in p.conditions if isinstance(c, Condition) for s in c.sources]
        named += _cited(p.terms) + [s for e in p.history for s in _cited(e.terms or {})]
        for source in named:
            assert source in registry.sources, (p.id, source)


def test_unverified_sources_only_ever_support_proposals(registry: Registry) -> None:
    """An event resting only on unverified sources records a proposal, nothing more; no
    event of an agreement as a whole rests on an unverified source at all."""
    for provision in registry.provisions.values():
        for event in provision.history:
            kinds = {registry.source(s).reliability for s in event.sources}
            if kinds == {Reliability.UNVERIFIED}:
                assert event.status is Status.PROPOSED, provision.id
    for agreement in registry.agreements.values():
        for own in agreement.history:
            for source in own.sources:
                assert registry.source(source).reliability is not Reliability.UNVERIFIED, (
                    agreement.id,
                    source,
                )


def test_source_metadata_stays_within_the_facts_sheet(registry: Registry) -> None:
    """No page addresses (the facts sheet gives none); PA-X is only named by its site."""
    for source in registry.sources.values():
        assert source.url is None, source.id
        if source.id.startswith("pax-page-"):
            assert source.publisher == "PA-X (peaceagreements.org)", source.id


@pytest.mark.parametrize(
    "category",
    [
        "ceasefire",
        "heavy_weapons_withdrawal",
        "demining",
        "joint_task_force",
        "boundary_survey",
        "detainee_release",
        "cybercrime_cooperation",
        "observer_mission",
        "civilian_return",
    ],
)
def test_required_categories_are_covered(registry: Registry, category: str) -> None:
    """Each category the process needs has at least one provision."""
    assert registry.find(category=category)


def test_heavy_weapon_withdrawal_has_three_phases(registry: Registry) -> None:
    """Phases start 1 November, 22 November and 13 December; phase 1 ends 21 November."""
    hw = registry.provision("kl-declaration-2025/heavy-weapons-withdrawal")
    assert [(d.start, d.due) for d in hw.deadlines] == [
        (date(2025, 11, 1), date(2025, 11, 21)),
        (date(2025, 11, 22), None),
        (date(2025, 12, 13), None),
    ]


def test_withdrawal_plan_is_typed_and_dated(registry: Registry) -> None:
    """The plan of 31 October: three weapon classes and three phases, known from the event
    that reports it, its phases the same as the deadlines and set on 31 October."""
    hw = "kl-declaration-2025/heavy-weapons-withdrawal"
    provision = registry.provision(hw)
    assert "weapon_classes" not in registry.terms_on(hw, date(2025, 10, 30))
    terms = registry.terms_on(hw, date(2025, 11, 2))
    assert [c["label"] for c in terms["weapon_classes"]] == ["Type A", "Type B", "Type C"]
    phases = [(p["label"], p.get("start"), p.get("due")) for p in terms["phases"]]

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    assert phases == [(d.label, iso(d.start), iso(d.due)) for d in provision.deadlines]
    assert {d.set_on for d in provision.deadlines} == {date(2025, 10, 31)}
    assert engine.deadlines_on(provision, date(2025, 10, 30)) == []
    introducing = next(e for e in provision.history if e.terms)
    assert introducing.party == "cambodia"
    assert "asia-news-network-2025-11-03" in introducing.sources


def test_mid_november_the_declaration_is_suspended_and_the_release_postponed(
    registry: Registry,
) -> None:
    """On 2025-11-15 the declaration's follow-up is suspended (by Thailand, since
    10 November) and the release of the 18 is suspended on its own record (postponed); the
    withdrawal keeps its own status, Cambodia's work under way, and its standing shows the
    agreement's suspension."""
    day = MID_NOVEMBER
    assert registry.agreement_status_on(KL, day) == "suspended"
    weapons = registry.standing("kl-declaration-2025/heavy-weapons-withdrawal", day)
    assert weapons.status is Status.IN_PROGRESS
    assert weapons.agreement is not None
    assert (weapons.agreement.status, weapons.agreement.since, weapons.agreement.party) == (
        "suspended",
        date(2025, 11, 10),
        "thailand",
    )
    assert registry.status_on("kl-declaration-2025/release-of-18", day) is Status.SUSPENDED


def test_the_suspension_of_10_november_is_recorded_once(registry: Registry) -> None:
    """The declaration's own history holds its signing and Thailand's suspension of its
    follow-up; of its provisions only the release of the 18 has an event that day (the
    postponement, an act on it), and no resumption of the whole is recorded."""
    history = registry.agreement(KL).history
    assert [(e.on, e.status, e.party) for e in history] == [
        (date(2025, 10, 26), "signed", None),
        (date(2025, 11, 10), "suspended", "thailand"),
    ]
    assert set(history[1].sources) == {
        "hurriyet-daily-news-2025-11-10",
        "astro-awani-suspension-2025-11",
    }
    on_the_day = [
        pid
        for pid in registry.provision_ids(KL)
        if any(e.on == date(2025, 11, 10) for e in registry.provision(pid).history)
    ]
    assert on_the_day == ["kl-declaration-2025/release-of-18"]
    assert registry.agreement_status_on(KL, date(2025, 11, 9)) == "signed"
    assert registry.agreement_status_on(KL, MID_JANUARY) == "suspended"


def test_changes_prints_the_suspension_of_10_november_once() -> None:
    """The November digest gives Thailand's suspension of the follow-up once, on the
    declaration, and the postponement of the release once, on its provision."""
    code, out = run(
        "changes",
        "--registry",
        str(PROVISIONS),
        "--since",
        "2025-11-01",
        "--until",
        "2025-11-30",
    )
    assert code == 0, out
    assert out.count("the agreement: signed -> suspended by thailand") == 1
    assert out.count("Thailand suspended the follow-up to the joint declaration.") == 1
    assert out.count("release-of-18: agreed -> suspended") == 1
    assert out.count("-> suspended") == 2


def test_the_putrajaya_ceasefire_is_not_recorded_as_ended(registry: Registry) -> None:
    """The fighting of 7/8 December is on the ceasefire agreement as news, not as an end or
    a suspension the sources do not report; what it undid is on the provision (reversed)."""
    history = registry.agreement(PUTRAJAYA).history
    assert [(e.on, e.status) for e in history] == [
        (date(2025, 7, 28), "signed"),
        (date(2025, 7, 28), "in_force"),
        (date(2025, 12, 8), "in_force"),
    ]
    assert history[2].sources == ["south-asian-daily-2025-12-08"]
    assert "not known" in (history[2].note or "")
    standing = registry.agreement_standing(PUTRAJAYA, MID_JANUARY)
    assert (standing.status, standing.since, standing.over) == (
        "in_force",
        date(2025, 7, 28),
        False,
    )
    assert registry.status_on(f"{PUTRAJAYA}/ceasefire", MID_JANUARY) is Status.REVERSED
    assert registry.find_agreements(status=["ended", "superseded"], on=MID_JANUARY) == []


def test_mid_january_the_release_is_implemented(registry: Registry) -> None:
    """On 2026-01-15 the 18 have been released (31 December 2025)."""
    release = "kl-declaration-2025/release-of-18"
    assert registry.status_on(release, MID_JANUARY) is Status.IMPLEMENTED
    assert registry.snapshot(release, MID_JANUARY).since == date(2025, 12, 31)  # type: ignore[union-attr]


def test_pilot_demining_area_is_located(registry: Registry) -> None:
    """The pilot demining area of 9 November is named on both sides of the border (in the
    record of the technical meeting, not in the declaration, which does not name it)."""
    pilot = registry.provision("demining-meeting-2025-11-09/pilot-area")
    places = {(loc.subdivision, loc.place) for loc in pilot.locations}
    assert places == {("Banteay Meanchey", "Ou Bei Choan"), ("Sa Kaeo", "Nonmak Moon")}
    assert {(s["subdivision"], s["place"]) for s in pilot.terms["sites"]} == places
    assert not registry.provision("kl-declaration-2025/demining").locations


def test_the_demining_task_force_was_set_up_on_10_september(registry: Registry) -> None:
    """The Special GBC of 10 September set the task force up: done that day, not a plan."""
    task_force = "gbc-2025-09-10/demining-task-force"
    assert registry.status_on(task_force, date(2025, 9, 10)) is Status.IMPLEMENTED
    assert "not reported" not in (registry.provision(task_force).history[0].note or "")


def test_the_aot_observing_a_demining_meeting_is_not_work_on_its_mandate(
    registry: Registry,
) -> None:
    """The AOT's observation of the pilot-area meeting (9 November) is demining, not the
    de-escalation or withdrawal it verifies under the declaration: no work on record, only
    the text of 26 October and the 3rd Special GBC's decision of 27 December."""
    observers = registry.provision("kl-declaration-2025/observer-team")
    assert [(e.on, e.status) for e in observers.history] == [
        (date(2025, 10, 26), Status.AGREED),
        (date(2025, 12, 27), Status.AGREED),
    ]


def test_nothing_is_dated_after_the_last_source(registry: Registry) -> None:
    """No event, of a provision or of an agreement, is dated in 2026: nothing in the sources
    reports one."""
    records: list[Agreement | Provision] = [*registry.provisions.values()]
    records += registry.agreements.values()
    for record in records:
        assert all(e.on < date(2026, 1, 1) for e in record.history), record.id


# -- the 18 soldiers, in two agreements ----------------------------------------------------


def test_the_release_of_the_18_is_one_commitment_linked_both_ways(registry: Registry) -> None:
    """Each record of the release names the other in same_as."""
    for pid in RELEASE_OF_18:
        assert set(registry.provision(pid).same_as) == set(RELEASE_OF_18) - {pid}, pid


def test_the_two_release_records_tell_one_story(registry: Registry) -> None:
    """Released on 31 December with progress 18 in both; suspended mid-November in the
    declaration; a decision, not work, on 27 December."""
    for pid in RELEASE_OF_18:
        provision = registry.provision(pid)
        last = provision.history[-1]
        assert (last.on, last.status, last.progress) == (
            date(2025, 12, 31),
            Status.IMPLEMENTED,
            18,
        ), pid
        assert registry.status_on(pid, date(2025, 12, 28)) in (
            Status.AGREED,
            Status.RESUMPTION_AGREED,
        ), pid
        terms = provision.terms
        assert (terms["count"], terms["held_by"]) == (18, "thailand"), pid
        assert "soldiers" in terms["who"], pid
        assert registry.level_on(pid, MID_JANUARY) == 3, pid
        assert str(registry.progress_on(pid, MID_JANUARY)) == "18/18 released", pid
    assert registry.status_on(RELEASE_OF_18[0], MID_NOVEMBER) is Status.SUSPENDED
    assert registry.status_on(RELEASE_OF_18[1], MID_NOVEMBER) is None


def test_the_august_captured_soldiers_are_not_the_18_on_record(registry: Registry) -> None:
    """The minutes of 7 August give no number: no link to the 18 either way, and no event
    about the 18 on their record, which stays agreed."""
    captured = registry.provision(CAPTURED_SOLDIERS)
    assert not captured.same_as
    assert all(CAPTURED_SOLDIERS not in registry.provision(p).same_as for p in RELEASE_OF_18)
    assert [(e.on, e.status) for e in captured.history] == [(date(2025, 8, 7), Status.AGREED)]
    assert "count" not in captured.terms
    assert registry.status_on(CAPTURED_SOLDIERS, MID_JANUARY) is Status.AGREED


def test_thailands_four_conditions_are_dated_and_attributed(registry: Registry) -> None:
    """The four measures of 29 October, put by Thailand, are not on record before then."""
    release = registry.provision("kl-declaration-2025/release-of-18")
    conditions = [c for c in release.conditions if isinstance(c, Condition)]
    assert len(conditions) == 4 == len(release.conditions)
    assert {(c.set_on, c.party) for c in conditions} == {(date(2025, 10, 29), "thailand")}
    assert engine.conditions_on(release, date(2025, 10, 28)) == []
    assert len(engine.conditions_on(release, MID_NOVEMBER)) == 4


# -- what the status table says on the two dates that matter --------------------------------


def _status(on: date) -> dict[str, dict[str, Any]]:
    code, out = run(
        "status", "--registry", str(PROVISIONS), "--on", on.isoformat(), "--format", "json"
    )
    assert code == 0, out
    return {row["id"]: row for row in json.loads(out)}


def test_status_mid_november(registry: Registry) -> None:
    """On 2025-11-15: the declaration's follow-up is suspended (its own line and each of
    its provisions' flags; their own statuses are what was reported of them), nothing set
    on 27 December shows, the border task force is a proposal outside the declaration."""
    rows = _status(MID_NOVEMBER)
    release = rows["kl-declaration-2025/release-of-18"]
    assert (release["status"], release["since"], release["next_deadline"]) == (
        "suspended",
        "2025-11-10",
        None,
    )
    for name in ("boundary-survey", "cybercrime", "demining", "observer-team"):
        assert rows[f"{KL}/{name}"]["status"] == "agreed", name
    assert rows[f"{KL}/heavy-weapons-withdrawal"]["status"] == "in_progress"
    code, text = run("status", "--registry", str(PROVISIONS), "--on", MID_NOVEMBER.isoformat())
    assert code == 0, text
    assert f"{KL} — Kuala Lumpur joint declaration" in text
    assert "suspended since 2025-11-10 by thailand;" in text
    flagged = [line for line in text.splitlines() if "agreement suspended since 2025-11-10" in line]
    assert len(flagged) == len(registry.provision_ids(KL)) == 6
    weapons = rows["kl-declaration-2025/heavy-weapons-withdrawal"]
    assert (weapons["level"], weapons["next_deadline"]) == (1, "2025-11-21")
    for pid, row in rows.items():
        if pid.startswith(("gbc-2025-12-27/", "asean-fmm-2025-12-22/", "defence-dialogue-2025/")):
            assert row["status"] is None, pid
    assert "kl-declaration-2025/border-task-force" not in rows
    assert rows["kl-talks-2025-10/border-task-force"]["status"] == "proposed"
    assert rows["putrajaya-ceasefire-2025/ceasefire"]["status"] == "implemented"


def test_nothing_set_later_is_shown_earlier(registry: Registry) -> None:
    """Views of 2025-11-15 hold only deadlines and conditions set by then."""
    for provision in registry.provisions.values():
        since = provision.history[0].on
        for d in engine.deadlines_on(provision, MID_NOVEMBER):
            assert (d.set_on or since) <= MID_NOVEMBER, provision.id
        for c in engine.conditions_on(provision, MID_NOVEMBER):
            set_on = c.set_on if isinstance(c, Condition) else None
            assert (set_on or since) <= MID_NOVEMBER, provision.id


def test_status_mid_january() -> None:
    """On 2026-01-15: the 18 released; the 27 December decisions are decisions (the
    provisions stay agreed; no resumption of the declaration as a whole is reported), not
    work; the only work under way is Cambodia's withdrawal of 1 November; the Putrajaya
    ceasefire reversed and not rated."""
    rows = _status(MID_JANUARY)
    for pid in RELEASE_OF_18:
        assert (rows[pid]["status"], rows[pid]["level"], rows[pid]["since"]) == (
            "implemented",
            3,
            "2025-12-31",
        ), pid
    assert (rows[CAPTURED_SOLDIERS]["status"], rows[CAPTURED_SOLDIERS]["since"]) == (
        "agreed",
        "2025-08-07",
    )
    for name in ("boundary-survey", "demining", "observer-team", "cybercrime"):
        row = rows[f"kl-declaration-2025/{name}"]
        assert (row["status"], row["since"]) == ("agreed", "2025-10-26"), name
    ceasefire = rows["putrajaya-ceasefire-2025/ceasefire"]
    assert (ceasefire["status"], ceasefire["level"]) == ("reversed", None)
    working = {pid: row["since"] for pid, row in rows.items() if row["status"] == "in_progress"}
    assert working == {"kl-declaration-2025/heavy-weapons-withdrawal": "2025-11-01"}
