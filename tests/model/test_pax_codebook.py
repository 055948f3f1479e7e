"""PA-X's codebook as shipped data, its code families and the crosswalk to categories."""

from __future__ import annotations

import pytest

from accordreg import Category
from accordreg._model.categories import BUILTIN_CATEGORIES
from accordreg._model.pax_codebook import (
    Family,
    build_crosswalk,
    codebook,
    crosswalk,
    families,
    parse_codebook,
)
from accordreg._model.vocabulary import CategoryDef


def test_the_codebook_ships_every_v10_code_with_its_source() -> None:
    """251 codes with PA-X's labels, parents and groups, and where they come from."""
    book = codebook()
    assert len(book.codes) == 251
    assert book.codes["CeGen"].parent == "Ce"
    assert book.codes["PpsEx:St"].parent == "PpsEx"
    assert book.label("GChRhet") == "Children/youth: Rhetorical"
    assert "Bell, C. & Badanjak, S. (2019)" in book.source
    assert "PeaceRep" in book.source


def test_every_code_reaches_exactly_one_listed_family() -> None:
    """The built-in categories list each family once and cover all 251 codes."""
    walk = crosswalk()
    assert set(walk.family) == set(codebook().codes)
    listed = [c for category in BUILTIN_CATEGORIES for c in category.pax_codes]
    assert len(listed) == len(set(listed)) == len(walk.category)


def test_fixed_mappings() -> None:
    """Crime is crime, detention procedures are human rights, ImPK is a peacekeeping force."""
    walk = crosswalk()
    assert walk.category_of("SsrCrOcr") == Category.CRIME_AND_TERRORISM
    assert walk.category_of("HrDet") == Category.HUMAN_RIGHTS
    assert walk.category_of("ImPK") == Category.PEACEKEEPING_MISSION
    assert walk.category_of("TjPrire") == Category.DETAINEE_RELEASE
    assert walk.category_of("DdrDemil") == Category.DDR
    assert walk.category_of("StBor") == Category.BOUNDARY_SURVEY
    assert walk.category_of("StGen") == Category.STATE_DEFINITION
    assert walk.category_of("RiOth") == Category.OTHER
    assert walk.category_of("NotACode") == Category.OTHER


def test_other_holds_only_what_is_truly_miscellaneous() -> None:
    """Only PA-X's own 'Other' rights-related issues code maps to `other`."""
    walk = crosswalk()
    assert [c for c in walk.family if walk.category_of(c) == Category.OTHER] == ["RiOth"]


def test_families_group_a_parent_with_its_sub_codes() -> None:
    """Ce with CeGen is one family; a lone aggregate parent joins its split-off child."""
    found = families({"Ce": 2, "CeGen": 1, "StDef": 1, "StBor": 1, "Dev": 2, "DevHum": 1})
    assert found == [
        Family("StBor", "boundary_survey", {"StDef": 1, "StBor": 1}),
        Family("Dev", "economic_reconstruction", {"Dev": 2}),
        Family("DevHum", "humanitarian_access", {"DevHum": 1}),
        Family("Ce", "ceasefire", {"Ce": 2, "CeGen": 1}),
    ]


def test_a_parent_with_content_of_its_own_keeps_its_provision() -> None:
    """StDef with StGen present is a state-definition provision beside the border one."""
    found = families({"StDef": 1, "StGen": 1, "StBor": 1})
    assert [(f.head, list(f.codes)) for f in found] == [
        ("StDef", ["StDef", "StGen"]),
        ("StBor", ["StBor"]),
    ]


def test_a_codebook_is_read_from_text_and_a_code_without_family_is_refused() -> None:
    """The TSV form parses; a category set that leaves a code out raises ValueError."""
    book = parse_codebook("# a source line\ncode\tlabel\tparent\tgroup\nAa\tA\t\tG\nAb\tB\tAa\tG\n")
    assert (book.source, book.label("Ab")) == ("a source line", "A: B")
    walk = build_crosswalk([CategoryDef("x", "X", pax_codes=("Aa",))], book)
    assert walk.family_of("Ab") == "Aa"
    with pytest.raises(ValueError, match="Aa belongs to no category"):
        build_crosswalk([CategoryDef("x", "X", pax_codes=("Ab",))], book)
