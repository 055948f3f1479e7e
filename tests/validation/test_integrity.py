"""Cross-record checks: begun on the unchanged records' facts, they end where all at once end."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg import _hints as hints
from accordreg._diagnostics import Diagnostic
from accordreg._model.kinds import TARGET_KINDS
from accordreg._validation import integrity
from accordreg._validation.fact_summary import Summary
from accordreg._validation.facts import Facts, Ref
from accordreg._validation.integrity import Locator, check_integrity
from accordreg._validation.located import PathT

IDS = list("abcdefghijkl")
DAYS = ["2020-01-01", "2020-03-01", "2021-06-30", "2999-01-01", "not-a-day"]


class FactsLocator(Locator):
    """Positions and references made up from the facts themselves, without files."""

    def __init__(self, facts: list[Facts]) -> None:
        super().__init__()
        self._by_path = {f.path: f for f in facts}

    def position(self, path: str, loc: PathT) -> tuple[int, int]:
        """A line per place in the record, the same for the same place."""
        return (1 + abs(hash(loc)) % 997, 1)

    def refs(self, path: str, field: str, target: str) -> list[Ref]:
        """Each reference of ``field`` to ``target``; a history source cites event i mod n."""
        f = self._by_path[path]
        out = []
        for i, written in enumerate(f.targets.get(field, [])):
            if written != target:
                continue
            if field == "history" and f.dates:
                loc: PathT = ("history", i % len(f.dates), "sources", 0)
            else:
                loc = (field, i)
            out.append(Ref(TARGET_KINDS[f.kind][field], target, loc, field))
        return out


@st.composite
def facts_of(draw: st.DrawFn, path: str, rid: str, ids: list[str]) -> Facts:
    """One record's facts: any kind, references to the registry's ids or to none."""
    # Provisions most: the kind with the most references.
    kind = draw(st.sampled_from(["provision", "provision", *sorted(TARGET_KINDS)]))
    names = sorted(TARGET_KINDS[kind])
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=4)) if names else []
    targets = {
        name: draw(st.lists(st.sampled_from([*ids, "zz"]), min_size=1, max_size=3))
        for name in chosen
    }
    most = 1 if kind == "source" else 4
    dates = draw(st.lists(st.sampled_from(DAYS), max_size=most))
    return Facts(kind, rid, path, targets, dates)


@st.composite
def registries(draw: st.DrawFn) -> tuple[list[Facts], list[bool]]:
    """Facts of up to 8 files, and which of them changed since the last run."""
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=8))
    twice = draw(st.booleans())
    if ids and twice:  # now and then an id used twice
        ids.append(draw(st.sampled_from(ids)))
    facts = [draw(facts_of(f"r{i}.yaml", rid, ids)) for i, rid in enumerate(ids)]
    changed = draw(st.lists(st.booleans(), min_size=len(ids), max_size=len(ids)))
    return facts, changed


def _key(d: Diagnostic) -> tuple[object, ...]:
    return (*d.sort_key, d.message, d.hint)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(registries())
def test_a_summary_made_beforehand_changes_nothing(case: tuple[list[Facts], list[bool]]) -> None:
    """Checks begun on the unchanged records' facts report exactly what checking all does."""
    facts, changed = case
    locator = FactsLocator(facts)
    settled = Summary([f for f, c in zip(facts, changed, strict=True) if not c])
    added = [f for f, c in zip(facts, changed, strict=True) if c]
    at_once = sorted(check_integrity(facts, locator), key=_key)
    assert sorted(check_integrity(facts, locator, settled, added), key=_key) == at_once


def test_a_reference_that_only_a_changed_record_resolves_is_no_error() -> None:
    """A settled provision naming a party that only a changed file defines is resolved."""
    provision = Facts("provision", "p", "p.yaml", {"responsible": ["x"]}, [])
    party = Facts("party", "x", "x.yaml", {}, [])
    locator = FactsLocator([provision, party])
    assert check_integrity([provision, party], locator, Summary([provision]), [party]) == []
    assert [d.code for d in check_integrity([provision], locator, Summary([provision]))] == ["R002"]


def test_an_id_in_both_halves_is_a_duplicate() -> None:
    """An id defined by a settled record and again by a changed one is reported twice."""
    one = Facts("party", "x", "one.yaml", {}, [])
    two = Facts("source", "x", "two.yaml", {}, ["2020-01-01"])
    locator = FactsLocator([one, two])
    found = check_integrity([one, two], locator, Summary([one]), [two])
    assert sorted(d.path for d in found if d.code == "R001") == ["one.yaml", "two.yaml"]


def test_a_changed_source_can_make_a_settled_event_late() -> None:
    """A source changed to a later date flags the unchanged provision whose event cites it."""
    provision = Facts("provision", "p", "p.yaml", {"history": ["s"]}, ["2020-01-01"])
    source = Facts("source", "s", "s.yaml", {}, ["2021-06-30"])
    locator = FactsLocator([provision, source])
    found = check_integrity([provision, source], locator, Summary([provision]), [source])
    assert [d.code for d in found] == ["L009"]


def test_did_you_mean_for_missing_references_stays_within_a_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many broken references among many ids: each searched once, and no more than budgeted."""
    parties = [Facts("party", f"party-{i}", f"party-{i}.yaml", {}, []) for i in range(5000)]
    broken = [
        Facts("provision", f"a/p{i}", f"p{i}.yaml", {"responsible": [f"party-x{i % 80}"]}, [])
        for i in range(400)
    ]
    searched: list[str] = []
    real = hints.did_you_mean

    def spy(value: object, choices: list[str]) -> str | None:
        searched.append(str(value))
        return real(value, choices)

    monkeypatch.setattr(integrity, "did_you_mean", spy)
    facts = [*parties, *broken]
    found = check_integrity(facts, FactsLocator(facts))
    assert len(found) == 400
    assert {d.code for d in found} == {"R002"}
    assert len(searched) == len(set(searched)) == integrity.HINT_BUDGET // 5000
    assert "did you mean" in (found[0].hint or "")
    assert found[-1].hint == "add a party record with this id"
