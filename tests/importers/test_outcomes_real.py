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
from accordreg._importers.pax import import_csv
from accordreg._importers.ucdp import UcdpResult, import_ucdp
from conftest import PROJECT

SHARED = PROJECT.parent / "shared"
PAX = Path(os.environ.get("ACCORDREG_PAX_CSV", SHARED / "pax" / "pax_all_agreements_v10.csv"))
UCDP = Path(
    os.environ.get("ACCORDREG_UCDP_FILE", SHARED / "outcomes" / "ucdp-peace-agreements-221.csv")
)
_ABSENT = " is not at hand: the datasets are not redistributed with accordreg (set {} to its path)"
pytestmark = [
    pytest.mark.skipif(
        not PAX.is_file(), reason=f"the PA-X v10 CSV {PAX}{_ABSENT.format('ACCORDREG_PAX_CSV')}"
    ),
    pytest.mark.skipif(
        not UCDP.is_file(),
        reason=f"UCDP's v22.1 file {UCDP}{_ABSENT.format('ACCORDREG_UCDP_FILE')}",
    ),
]


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


def _codes(result: UcdpResult) -> Counter[str]:
    return Counter(d.code for d in result.problems)


def test_ucdp_ends_and_matches(ucdp: UcdpResult) -> None:
    """374 agreements, 315 of them in PA-X; 128 ends recorded (92 in PA-X agreements);
    UCDP says 134 ended: 5 give no date and one a date before the agreement's (U003)."""
    assert (ucdp.rows, ucdp.version, ucdp.matched, ucdp.unmatched) == (374, "22.1", 315, 59)
    assert (ucdp.ended, ucdp.ended_matched, ucdp.ended_unmatched) == (128, 92, 36)
    assert _codes(ucdp) == {"U003": 6}


def test_ucdp_reimport_changes_no_byte(pax: Path, ucdp: UcdpResult) -> None:
    """The same file again writes nothing, keeps nothing, removes nothing."""
    again = import_ucdp(UCDP, pax, pax.parent / "schemas")
    assert (again.written, again.kept, again.removed) == ([], [], [])
    assert again.unchanged == len(ucdp.written)


def test_ucdp_result_validates(pax: Path, ucdp: UcdpResult) -> None:
    """The registry with UCDP's ends has no diagnostic at all."""
    assert accordreg.check(pax) == []


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
