"""The real outcome files, where they are at hand, imported into a registry of the real
PA-X file: what matches, what ends, what cannot be read, and re-imports that change no
byte. The figures are those of UCDP v22.1 and of the ceasefire file the project measured
(see docs/howto/outcomes.md)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

import accordreg
from accordreg._diagnostics import Diagnostic
from accordreg._importers.ceasefires import CeasefireResult, import_ceasefires
from accordreg._importers.pax import import_csv
from accordreg._importers.ucdp import UcdpResult, import_ucdp
from conftest import PROJECT

SHARED = PROJECT.parent / "shared"
PAX = Path(os.environ.get("ACCORDREG_PAX_CSV", SHARED / "pax" / "pax_all_agreements_v10.csv"))
UCDP = Path(
    os.environ.get("ACCORDREG_UCDP_FILE", SHARED / "outcomes" / "ucdp-peace-agreements-221.csv")
)
CEASEFIRES = Path(
    os.environ.get("ACCORDREG_CEASEFIRES_FILE", SHARED / "outcomes" / "ceasefires_dataset.csv")
)
_ABSENT = " is not at hand: the datasets are not redistributed with accordreg (set {} to its path)"
pytestmark = pytest.mark.skipif(
    not PAX.is_file(), reason=f"the PA-X v10 CSV {PAX}{_ABSENT.format('ACCORDREG_PAX_CSV')}"
)
needs_ucdp = pytest.mark.skipif(
    not UCDP.is_file(), reason=f"UCDP's v22.1 file {UCDP}{_ABSENT.format('ACCORDREG_UCDP_FILE')}"
)
needs_ceasefires = pytest.mark.skipif(
    not CEASEFIRES.is_file(),
    reason=f"the ceasefire file {CEASEFIRES}{_ABSENT.format('ACCORDREG_CEASEFIRES_FILE')}",
)


@pytest.fixture(scope="module")
def pax(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real PA-X file imported once."""
    out = tmp_path_factory.mktemp("outcomes-real") / "registry"
    import_csv(PAX, out, out.parent / "schemas")
    return out


@pytest.fixture(scope="module")
def ucdp(pax: Path) -> UcdpResult:
    """UCDP's file imported into it."""
    return import_ucdp(UCDP, pax, pax.parent / "schemas")


def _codes(problems: list[Diagnostic]) -> Counter[str]:
    return Counter(d.code for d in problems)


@needs_ucdp
def test_ucdp_ends_and_matches(ucdp: UcdpResult) -> None:
    """374 agreements, 315 of them in PA-X; 128 ends recorded (92 in PA-X agreements);
    UCDP says 134 ended: 5 give no date and one a date before the agreement's (U003)."""
    assert (ucdp.rows, ucdp.version, ucdp.matched, ucdp.unmatched) == (374, "22.1", 315, 59)
    assert (ucdp.ended, ucdp.ended_matched, ucdp.ended_unmatched) == (128, 92, 36)
    assert _codes(ucdp.problems) == {"U003": 6}


@needs_ucdp
def test_ucdp_reimport_changes_no_byte(pax: Path, ucdp: UcdpResult) -> None:
    """The same file again writes nothing, keeps nothing, removes nothing."""
    again = import_ucdp(UCDP, pax, pax.parent / "schemas")
    assert (again.written, again.kept, again.removed) == ([], [], [])
    assert again.unchanged == len(ucdp.written)


@needs_ucdp
def test_ucdp_result_validates(pax: Path, ucdp: UcdpResult) -> None:
    """The registry with UCDP's ends has no diagnostic at all."""
    assert accordreg.check(pax) == []


@needs_ucdp
def test_ucdp_spot_checks(pax: Path, ucdp: UcdpResult) -> None:
    """UCDP 1002, the Arusha Accords (not in PA-X's file as UcdpAgr), ended on 31 August
    1993; PA-X's agreements linked to UCDP 1128 end on 12 May 1993."""
    registry = accordreg.load(pax)
    arusha = registry.agreement("ucdp-1002")
    assert (arusha.title, [(str(e.on), e.status) for e in arusha.history]) == (
        "Arusha Accords",
        [("1993-08-04", "signed"), ("1993-08-31", "ended")],
    )
    linked = [a for a in registry.agreements.values() if a.links and a.links.ucdp_agreement == 1128]
    assert linked
    assert {str(a.history[-1].on) for a in linked if a.id.startswith("pax-")} == {"1993-05-12"}


@pytest.fixture(scope="module")
def ceasefires(pax: Path) -> CeasefireResult:
    """The ceasefire file imported into it."""
    return import_ceasefires(CEASEFIRES, pax, pax.parent / "schemas")


@needs_ceasefires
def test_ceasefires_counts(ceasefires: CeasefireResult) -> None:
    """4,091 rows, 2,203 ceasefires: 235 in PA-X agreements, 1,968 of their own (one naming
    a PA-X agreement v10 lacks); 1,275 ended; 357 dated to a month or a year somewhere; 4
    dates that are no dates (E003), 83 ceasefires whose rows disagree (E005)."""
    c = ceasefires
    assert (c.rows, c.ceasefires, c.in_pax, c.own, c.pax_absent) == (4091, 2203, 235, 1968, 1)
    assert (c.ended, c.partial) == (1275, 357)
    assert _codes(c.problems) == {"E003": 4, "E005": 83}


@needs_ceasefires
def test_ceasefires_reimport_changes_no_byte(pax: Path, ceasefires: CeasefireResult) -> None:
    """The same file again writes nothing, keeps nothing, removes nothing."""
    again = import_ceasefires(CEASEFIRES, pax, pax.parent / "schemas")
    assert (again.written, again.kept, again.removed) == ([], [], [])
    assert again.unchanged == len(ceasefires.written)


@needs_ceasefires
def test_ceasefires_result_validates(pax: Path, ceasefires: CeasefireResult) -> None:
    """No error; the only warnings are L010, an end known to its month or year that falls
    in the month or year of the declaration it follows (which the dates cannot order)."""
    found = accordreg.check(pax)
    assert {d.code for d in found} <= {"L010"}
    assert len(found) == 159


@needs_ceasefires
def test_ceasefires_spot_checks(pax: Path, ceasefires: CeasefireResult) -> None:
    """Mexico's first ceasefire (70001): unilateral, declared and in effect on 12 January
    1994, ended 9 February 1995."""
    registry = accordreg.load(pax)
    first = registry.provision("cf-70-1/ceasefire")
    assert [(str(e.on), e.status) for e in first.history] == [
        ("1994-01-12", "agreed"),
        ("1994-01-12", "in_progress"),
        ("1995-02-09", "ended"),
    ]
    assert (first.terms["arrangement"], first.terms["ethprio_ended"]) == ("unilateral", 2)
