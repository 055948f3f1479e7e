"""Importing PA-X: the real column layout, families, strength, every column, safe re-imports."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

import accordreg
from accordreg import Category, Status
from accordreg._importers.pax import AGREEMENT_COLUMNS, import_csv
from conftest import DATA, run

FIXTURE = DATA / "pax" / "agreements.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture CSV imported once into a registry folder that tests only read."""
    out = tmp_path_factory.mktemp("pax") / "registry"
    code, text = run("import", "pax", str(FIXTURE), "--out", str(out))
    assert code == 1, text  # two bad rows, reported; the rest imported
    return out


@pytest.fixture(scope="module")
def registry(imported: Path) -> accordreg.Registry:
    """The imported fixture, loaded."""
    return accordreg.load(imported)


@pytest.fixture
def writable(tmp_path: Path) -> Path:
    """The fixture CSV imported into a fresh folder that a test may change."""
    out = tmp_path / "registry"
    import_csv(FIXTURE, out, tmp_path / "schemas")
    return out


def test_fixture_uses_the_real_column_layout() -> None:
    """The fixture starts with PA-X's 28 agreement columns, in order, then codes."""
    with FIXTURE.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header[:28]) == AGREEMENT_COLUMNS
    assert "PpsGe:St" in header


def test_import_gives_a_registry_that_validates(imported: Path) -> None:
    """The imported registry has no diagnostics at all."""
    assert accordreg.check(imported) == []


def test_kuala_lumpur_declaration_has_a_detainee_release(registry: accordreg.Registry) -> None:
    """pax-2850 is the KL declaration, with a detainee_release provision agreed on its date."""
    agreement = registry.agreement("pax-2850")
    assert agreement.date_signed == date(2025, 10, 26)
    assert agreement.links is not None
    assert (agreement.links.pax_agreement, agreement.links.pax_process) == (2850, 181)
    assert (agreement.stage, agreement.stage_sub, agreement.agreement_type) == (
        "Cea",
        "Rel",
        "Inter",
    )
    release = registry.provision("pax-2850/tjprire")
    assert release.category is Category.DETAINEE_RELEASE
    assert release.pax_codes == ["TjPrire"]
    assert release.pax_strength == {"TjPrire": 1}
    assert registry.status_on(release.id, date(2025, 10, 26)) is Status.AGREED
    source = registry.source(release.history[0].sources[0])
    assert source.url == "https://www.peaceagreements.org/view/2850"


def test_one_provision_per_code_family(registry: accordreg.Registry) -> None:
    """A parent code and its sub-codes make one provision, named after the family's code."""
    assert [p.split("/")[1] for p in registry.provision_ids("pax-2850")] == [
        "ce",
        "dev",
        "imoth",
        "impk",
        "ssrcrocr",
        "ssrddr",
        "ssrgua",
        "stbor",
        "stdef",
        "tjprire",
    ]
    ddr = registry.provision("pax-2850/ssrddr")
    assert (ddr.category, ddr.pax_codes, ddr.title) == (Category.DDR, ["SsrDdr", "DdrDemil"], "DDR")
    assert registry.provision("pax-2850/stdef").pax_codes == ["StDef", "StGen", "StXbor"]
    power = registry.provision("pax-9001/polps")
    assert (power.category, power.pax_codes) == (
        Category.POWER_SHARING,
        ["Polps", "PpsGe", "PpsGe:St"],
    )


def test_a_parent_present_only_through_a_split_off_family_joins_it(
    registry: accordreg.Registry,
) -> None:
    """StDef with only StBor, Dev with only DevHum: no echo provision, the parent joins."""
    assert [p.split("/")[1] for p in registry.provision_ids("pax-9004")] == [
        "devhum",
        "newcode",
        "rioth",
        "stbor",
    ]
    border = registry.provision("pax-9004/stbor")
    assert (border.category, border.pax_strength) == (
        Category.BOUNDARY_SURVEY,
        {"StDef": 1, "StBor": 1},
    )
    assert registry.provision("pax-9004/devhum").category is Category.HUMANITARIAN_ACCESS


def test_labels_come_from_the_codebook_and_mappings_are_right(
    registry: accordreg.Registry,
) -> None:
    """Titles are PA-X's labels; crime, detention and peacekeeping go where they belong."""
    crime = registry.provision("pax-2850/ssrcrocr")
    assert (crime.title, crime.category) == ("Crime/organised crime", Category.CRIME_AND_TERRORISM)
    force = registry.provision("pax-2850/impk")
    assert (force.title, force.category) == (
        "International mission/force/similar",
        Category.PEACEKEEPING_MISSION,
    )
    assert registry.provision("pax-556/rioth").category is Category.OTHER
    unknown = registry.provision("pax-9004/newcode")
    assert (unknown.title, unknown.category) == (
        "NewCode (not in the PA-X codebook)",
        Category.OTHER,
    )
    assert all("PA-X provision code" not in p.title for p in registry.provisions.values())


def test_strength_is_a_field_of_its_own_per_code(registry: accordreg.Registry) -> None:
    """PA-X's 1-3 value is kept per code, apart from the implementation level."""
    ceasefire = registry.provision("pax-2878/ce")
    assert ceasefire.pax_strength == {"Ce": 3, "CeProv": 1, "CeGen": 1}
    assert ceasefire.strength == 3
    assert registry.level_on(ceasefire.id, date(2026, 1, 1)) == 0
    assert "strength 3" in ceasefire.text


def test_every_agreement_column_is_kept(registry: accordreg.Registry) -> None:
    """Conflict type, region, lengths, release, flags and the other datasets' ids are fields."""
    gfa = registry.agreement("pax-556")
    assert (gfa.conflict_type, gfa.region, gfa.interim) == (
        "Government/territory",
        "Europe and Eurasia",
        False,
    )
    assert (gfa.length_pages, gfa.length_characters, gfa.pax_version, gfa.pax_imsrc) == (
        35,
        77043,
        1,
        0,
    )
    assert gfa.links is not None
    assert gfa.links.model_dump(exclude_none=True) == {
        "pax_agreement": 556,
        "pax_process": 62,
        "ucdp_conflict": 315,
        "ucdp_agreement": 1063,
        "pam_agreement": 3,
        "gwno": [200, 205],
    }
    assert gfa.other_agreements_text is not None
    assert gfa.other_agreements_text.startswith("Page 31, ARTICLE 3 (1)\nThis Agreement")
    colombia = registry.agreement("pax-1845")
    assert colombia.links is not None
    assert (colombia.links.cow_war, colombia.links.gwno, colombia.countries) == (
        856,
        [100],
        ["COL"],
    )


def test_gwno_is_kept_where_there_is_no_iso_code(registry: accordreg.Registry) -> None:
    """A row with no ISO code (Kosovo is 347) keeps its Gleditsch-Ward number in links."""
    odd = registry.agreement("pax-9001")
    assert odd.countries == []
    assert odd.links is not None
    assert odd.links.gwno == [347]


def test_other_agreements_quoted_by_full_title_are_linked(registry: accordreg.Registry) -> None:
    """OthAgr naming another row's full title links to it; quotes alone link nothing."""
    assert registry.agreement("pax-9004").refers_to == ["pax-2850"]
    assert registry.agreement("pax-2850").refers_to == []


def test_source_note_says_what_ver_is_and_that_no_document_link_is_given(
    registry: accordreg.Registry,
) -> None:
    """Ver is the release the row came in; the CSV offers no URL of the document itself."""
    note = registry.source("pax-page-556").note or ""
    assert "PA-X release 1 (Ver); that is not the version of the file imported" in note
    assert "no link to the agreement's own document" in note
    assert "Bell, C. & Badanjak, S. (2019)" in note
    assert "data version" not in note


def test_signatories_in_the_real_forms(registry: accordreg.Registry) -> None:
    """Colon, comma and dash forms split where they should; the raw text is kept."""

    def people(aid: str) -> list[tuple[str | None, str | None, str | None]]:
        return [
            (s.party_name, s.signed_by, s.capacity) for s in registry.agreement(aid).signatories
        ]

    assert people("pax-2800") == [
        ("Cambodia", "Samdech Moha Borvor Thipadei HUN Manet", "Prime Minister"),
        ("Thailand", "Phumtham Wechayachai", "Acting Prime Minister"),
    ]
    assert people("pax-2850") == [
        (None, "Hun Manet", "Prime Minister of the Kingdom of Cambodia"),
        (None, "Anutin Charnvirakul", "Prime Minister of the Kingdom of Thailand"),
    ]
    assert people("pax-2878")[0] == (
        None,
        "H.E. General Tea Seiha",
        "Deputy Prime Minister, Minister of National Defence of the Kingdom of Cambodia, "
        "Co-Chairman of the Cambodian General Border Committee",
    )
    assert people("pax-1845") == [
        ("National Government of Colombia", None, None),
        ("FARC-EP (Fuerzas Armadas Revolucionarias de Colombia - Ejército del Pueblo)", None, None),
    ]
    assert (registry.agreement("pax-2878").signatories_text or "").startswith("H.E. General")


def test_not_signed_is_recorded_as_such(registry: accordreg.Registry) -> None:
    """'Agreement not signed, but parties understood to be ...' makes no signatory at all."""
    gfa = registry.agreement("pax-556")
    assert gfa.signed is False
    assert gfa.signatories == []
    assert (gfa.signatories_text or "").startswith("Agreement not signed, but parties")
    assert registry.agreement("pax-2850").signed is None


def test_headings_titles_witnesses_and_uncertain_entries(registry: accordreg.Registry) -> None:
    """A heading names the party below it; an unclear entry is kept whole and marked."""
    made_up = registry.agreement("pax-9004")
    assert [(s.party_name, s.signed_by, s.capacity, s.uncertain) for s in made_up.signatories] == [
        ("Government of Somewhere", "JOHN SMITH", "Minister of Interior", False),
        ("Government of Somewhere", "MARY JONES", "Deputy Minister of Defence", False),
        ("Elsewhere Liberation Front", "Ahmed Ali Hassan", "Commander", False),
        (None, None, None, True),
    ]
    assert made_up.signatories[-1].text == "On behalf of the Elders, Omar"
    assert [(t.name, t.role) for t in made_up.third_parties] == [
        ("Republic of Chile", "guarantor"),
        ("Maria Lopez", "guarantor"),
        ("Peter Brown", "witness"),
    ]


def test_third_parties_commentary_is_not_a_party(registry: accordreg.Registry) -> None:
    """'The meeting was facilitated by ...' stays in the text, not among the third parties."""
    made_up = registry.agreement("pax-9004")
    assert all("meeting" not in (t.name or "") for t in made_up.third_parties)
    assert (made_up.third_parties_text or "").startswith("The meeting was facilitated")
    assert [t.name for t in registry.agreement("pax-1845").third_parties] == [
        "Republic of Cuba",
        "Kingdom of Norway",
        "Bolivarian Republic of Venezuela",
        "Republic of Chile",
    ]


def test_odd_cells_na_and_empty_iso_codes(registry: accordreg.Registry) -> None:
    """Quotes survive; NA and empty cells are unknown, not values; bad codes go to the note."""
    agreement = registry.agreement("pax-9001")
    assert agreement.title == (
        "An agreement with odd cells: 'quotes', \"double quotes\", a comma, and no ISO codes"
    )
    assert agreement.links is not None
    assert agreement.links.pax_process is None
    assert agreement.links.ucdp_agreement is None
    assert agreement.stage_sub is None
    assert agreement.interim is True
    assert agreement.note == "PA-X Agtp: Unknowntype"


def test_bad_rows_are_reported_at_row_and_column_and_skipped(tmp_path: Path) -> None:
    """A bad date and a non-numeric code are located; the other rows are imported."""
    result = import_csv(FIXTURE, tmp_path / "r")
    errors = [(p.line, p.column, p.code) for p in result.problems if p.severity.value == "error"]
    assert errors == [(21, 9, "P002"), (22, 54, "P002")]
    warnings = {p.code for p in result.problems if p.severity.value == "warning"}
    assert warnings == {"P005", "P003", "P006"}  # Agtp value, the Notes column, NewCode
    assert not (tmp_path / "r" / "pax-9002").exists()
    assert not (tmp_path / "r" / "pax-9003").exists()
    assert result.agreements == 7


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    """A CSV without Dat or AgtId is refused, naming the columns."""
    bad = tmp_path / "bad.csv"
    bad.write_text("Con,Agt,Ce\nX,Y,1\n")
    problems = import_csv(bad, tmp_path / "r").problems
    assert [(d.code, d.line, d.column) for d in problems] == [("P001", 1, 1)]
    assert "AgtId, Dat" in problems[0].message
    code, out = run("import", "pax", str(bad), "--out", str(tmp_path / "r"))
    assert code == 1
    assert "missing column(s) AgtId, Dat" in out


def test_reimport_changes_no_byte(writable: Path) -> None:
    """Importing the same CSV again writes nothing and reports everything unchanged."""
    before = {p: p.read_bytes() for p in writable.rglob("*.yaml")}
    result = import_csv(FIXTURE, writable, writable.parent / "schemas")
    assert result.written == []
    assert result.unchanged == len(before)
    assert {p: p.read_bytes() for p in writable.rglob("*.yaml")} == before


def test_reimport_keeps_a_provision_whose_history_has_grown(writable: Path) -> None:
    """A provision with recorded transitions is never overwritten, and is reported kept."""
    editor = accordreg.Editor(accordreg.load(writable))
    editor.transition(
        "pax-2850/tjprire", "in_progress", on=date(2025, 12, 27), sources=["pax-page-2850"]
    )
    editor.save()
    grown = (writable / "pax-2850" / "tjprire.yaml").read_bytes()
    changed = FIXTURE.read_text().replace(
        "Prime Minister of the Kingdom of Cambodia", "PM of Cambodia"
    )
    edited = writable.parent / "edited.csv"
    edited.write_text(changed)
    result = import_csv(edited, writable, writable.parent / "schemas")
    assert [p.name for p in result.kept] == ["tjprire.yaml"]
    assert [p.code for p in result.problems if p.path.endswith("tjprire.yaml")] == ["P004"]
    assert (writable / "pax-2850" / "tjprire.yaml").read_bytes() == grown
    assert "PM of Cambodia" in (writable / "pax-2850" / "agreement.yaml").read_text()


def test_find_filters_by_agreement_fields(registry: accordreg.Registry) -> None:
    """Stage, process, conflict type, region, dates and country narrow the provisions."""
    khm = {p.agreement for p in registry.find(country="KHM")}
    assert khm == {"pax-2800", "pax-2850", "pax-2878"}
    assert {p.agreement for p in registry.find(country="347")} == {"pax-9001"}
    assert {p.agreement for p in registry.find(process="181", until=date(2025, 8, 1))} == {
        "pax-2800"
    }
    assert {p.agreement for p in registry.find(process="northern ireland")} == {"pax-556"}
    assert {p.agreement for p in registry.find(stage="SubComp", region="Americas")} == {"pax-1845"}
    assert {p.agreement for p in registry.find(conflict_type=["Other", "Inter-group"])} == {
        "pax-9001",
        "pax-9004",
    }
    assert {p.agreement for p in registry.find(since=date(2025, 10, 1), category="ceasefire")} == {
        "pax-2850",
        "pax-2878",
    }
    with pytest.raises(ValueError, match="stage"):
        registry.find(stage="Ceasefire")


def test_find_filters_by_pax_code_and_strength(registry: accordreg.Registry) -> None:
    """A code matches any provision carrying it; strength is that code's, or the highest."""
    assert [p.id for p in registry.find(pax_code="CeProv")] == [
        "pax-1845/ce",
        "pax-2800/ce",
        "pax-2878/ce",
    ]
    assert [p.id for p in registry.find(pax_code="TjPrire", min_strength=2)] == [
        "pax-1845/tjprire",
        "pax-2878/tjprire",
        "pax-556/tjprire",
    ]
    assert [p.id for p in registry.find(pax_code="CeProv", min_strength=2)] == []
    assert [p.id for p in registry.find(agreement="pax-2850", min_strength=2)] == [
        "pax-2850/ce",
        "pax-2850/ssrcrocr",
        "pax-2850/ssrddr",
    ]


def test_status_and_export_take_the_filters(imported: Path, tmp_path: Path) -> None:
    """The command line narrows status and exports with the same filters."""
    code, out = run(
        "status",
        "--registry",
        str(imported),
        "--country",
        "KHM",
        "--pax-code",
        "StBor",
        "--format",
        "json",
    )
    assert code == 0, out
    assert [row["id"] for row in json.loads(out)] == ["pax-2850/stbor", "pax-2878/stbor"]
    target = tmp_path / "strong.jsonl"
    code, out = run(
        "export",
        "--registry",
        str(imported),
        "--out",
        str(target),
        "--format",
        "jsonl",
        "--region",
        "asia and pacific",
        "--min-strength",
        "3",
        "--until",
        "2025-12-31",
    )
    assert code == 0, out
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [(r["id"], r["pax_strength"], r["pax_strengths"]) for r in rows] == [
        ("pax-2800/ce", 3, {"Ce": 3, "CeProv": 1}),
        ("pax-2800/ssrarm", 3, {"SsrArm": 3}),
        ("pax-2878/ce", 3, {"Ce": 3, "CeProv": 1, "CeGen": 1}),
        ("pax-2878/ssrarm", 3, {"SsrArm": 3}),
    ]
    # The agreement's PA-X fields the filters act on are in every row.
    assert {(r["region"], r["stage"], tuple(r["agreement_countries"])) for r in rows} == {
        ("Asia and Pacific", "Cea", ("KHM", "THA")),
    }


def test_cli_reports_counts(tmp_path: Path) -> None:
    """The command prints what it did and where each problem is."""
    code, out = run("import", "pax", str(FIXTURE), "--out", str(tmp_path / "r"))
    assert code == 1
    assert "9 row(s): 7 agreement(s), 50 provision(s); 65 file(s) written" in out
    assert f"{FIXTURE}:21:9: P002 Dat: '2025-02-30' is not a date" in out
    shutil.rmtree(tmp_path / "r")


def test_an_import_records_what_was_agreed_and_tracks_no_implementation(tmp_path: Path) -> None:
    """A new import's settings say it tracks no implementation: no percentage, no "no news"."""
    out = tmp_path / "r"
    run("import", "pax", str(FIXTURE), "--out", str(out))
    settings = out / "accordreg.yaml"
    assert "tracks_implementation: false" in settings.read_text(encoding="utf-8")
    code, text = run("status", "--registry", str(out), "--on", "2026-12-01")
    assert code == 0, text
    assert "implementation not tracked" in text
    assert "%" not in text
    assert "no news" not in text


def test_an_import_never_touches_settings_it_did_not_write(tmp_path: Path) -> None:
    """A registry's own accordreg.yaml stays byte for byte as it was."""
    out = tmp_path / "r"
    out.mkdir()
    own = b"kind: settings\nname: Mine\n"
    (out / "accordreg.yaml").write_bytes(own)
    run("import", "pax", str(FIXTURE), "--out", str(out))
    assert (out / "accordreg.yaml").read_bytes() == own
