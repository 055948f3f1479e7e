"""The real PA-X v10 CSV, where it is at hand: every row, every code, nothing lost."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import accordreg
from accordreg import Category
from accordreg._importers.pax import ImportResult, import_csv
from conftest import PROJECT

REAL = Path(
    os.environ.get(
        "ACCORDREG_PAX_CSV", PROJECT.parent / "shared" / "pax" / "pax_all_agreements_v10.csv"
    )
)
pytestmark = pytest.mark.skipif(
    not REAL.is_file(),
    reason=f"the PA-X v10 CSV is not at {REAL}: PA-X data is not redistributed with accordreg "
    "(set ACCORDREG_PAX_CSV to its path)",
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportResult]:
    """The real CSV imported once."""
    out = tmp_path_factory.mktemp("pax-real") / "registry"
    return out, import_csv(REAL, out, out.parent / "schemas")


@pytest.fixture(scope="module")
def registry(imported: tuple[Path, ImportResult]) -> accordreg.Registry:
    """The imported registry, loaded (and so validated)."""
    return accordreg.load(imported[0])


def test_every_row_imports_without_a_problem(imported: tuple[Path, ImportResult]) -> None:
    """2,257 agreements, no diagnostics, every code column known to the codebook."""
    _, result = imported
    assert (result.rows, result.agreements) == (2257, 2257)
    assert result.problems == []


def test_little_is_left_in_other(imported: tuple[Path, ImportResult]) -> None:
    """At most 15 % of the provisions land in `other` (PA-X's own 'Other' code only)."""
    _, result = imported
    assert result.categories[Category.OTHER] <= 0.15 * result.provisions


def test_reimport_changes_no_byte(imported: tuple[Path, ImportResult]) -> None:
    """A second import of the same file writes nothing."""
    out, first = imported
    again = import_csv(REAL, out, out.parent / "schemas")
    assert again.written == []
    assert again.unchanged == len(first.written)


def test_spot_checks(registry: accordreg.Registry) -> None:
    """The agreements the issue names read as the CSV says."""
    press = registry.agreement("pax-2800")
    assert [(s.party_name, s.signed_by, s.capacity) for s in press.signatories] == [
        ("Cambodia", "Samdech Moha Borvor Thipadei HUN Manet", "Prime Minister"),
        ("Thailand", "Phumtham Wechayachai", "Acting Prime Minister"),
    ]
    gbc = registry.agreement("pax-2878")
    assert gbc.signatories[0].signed_by == "H.E. General Tea Seiha"
    gfa = registry.agreement("pax-556")
    assert (gfa.signed, gfa.signatories, gfa.conflict_type) == (False, [], "Government/territory")
    colombia = registry.agreement("pax-1845")
    assert colombia.links is not None
    assert (colombia.links.ucdp_agreement, colombia.links.cow_war) == (1487, 856)
    assert registry.provision("pax-2850/ce").pax_strength == {"Ce": 2, "CeGen": 1}


def test_no_signatory_is_coder_commentary(registry: accordreg.Registry) -> None:
    """No parsed name says the agreement was unsigned or starts 'On behalf of'."""
    bad = re.compile(r"(?i)^(on behalf of|agreement not signed|not signed|unsigned)")
    names = [
        s.signed_by or s.party_name or ""
        for a in registry.agreements.values()
        for s in a.signatories
        if not s.uncertain
    ]
    assert [n for n in names if bad.match(n)] == []


def test_kosovo_rows_keep_their_gleditsch_ward_number(registry: accordreg.Registry) -> None:
    """Rows with no Loc1ISO but a Loc1GWNO keep the number in links."""
    kosovo = registry.agreement("pax-5")
    assert kosovo.links is not None
    assert 347 in kosovo.links.gwno
