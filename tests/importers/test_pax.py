"""Importing PA-X: the real column layout, odd cells, bad rows, and safe re-imports."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

import accordreg
from accordreg import Category, Status
from accordreg.importers.pax import (
    AGREEMENT_COLUMNS,
    CROSSWALK,
    import_csv,
    parse_signatories,
    parse_third_parties,
)
from conftest import DATA, run

FIXTURE = DATA / "pax" / "agreements.csv"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """The fixture CSV imported into a fresh registry folder."""
    out = tmp_path / "registry"
    code, text = run("import", "pax", str(FIXTURE), "--out", str(out))
    assert code == 1, text  # two bad rows, reported; the rest imported
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


def test_kuala_lumpur_declaration_has_a_detainee_release(imported: Path) -> None:
    """pax-2850 is the KL declaration, with a detainee_release provision agreed on its date."""
    registry = accordreg.load(imported)
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
    assert registry.status_on(release.id, date(2025, 10, 26)) is Status.AGREED
    source = registry.source(release.history[0].sources[0])
    assert source.url == "https://www.peaceagreements.org/view/2850"


def test_one_provision_per_present_code(imported: Path) -> None:
    """Codes with value 0 make no provision; a colon in a code becomes a dash."""
    registry = accordreg.load(imported)
    assert sorted(p.split("/")[1] for p in registry.provision_ids("pax-2850")) == [
        "ce",
        "ddrdemil",
        "impk",
        "ssrcrocr",
        "ssrgua",
        "stbor",
        "stxbor",
        "tjprire",
    ]
    assert registry.provision_ids("pax-9001") == ["pax-9001/ppsge-st"]
    assert registry.provision("pax-9001/ppsge-st").category is Category.OTHER


def test_signatories_and_third_parties_are_parsed_and_kept(imported: Path) -> None:
    """Multi-line cells are parsed into people and roles, and the raw text is kept."""
    agreement = accordreg.load(imported).agreement("pax-2850")
    assert [(s.signed_by, s.capacity) for s in agreement.signatories] == [
        ("Hun Manet", "Prime Minister of the Kingdom of Cambodia"),
        ("Anutin Charnvirakul", "Prime Minister of the Kingdom of Thailand"),
    ]
    assert [t.role for t in agreement.third_parties] == ["witness", "witness"]
    assert agreement.signatories_text is not None
    assert agreement.signatories_text.startswith("Signed by:\nHun Manet")


def test_odd_cells_na_and_empty_iso_codes(imported: Path) -> None:
    """Quotes survive; NA and empty cells are unknown, not values; bad codes go to the note."""
    agreement = accordreg.load(imported).agreement("pax-9001")
    assert agreement.title == (
        "An agreement with odd cells: 'quotes', \"double quotes\", a comma, and no ISO codes"
    )
    assert agreement.countries == []
    assert agreement.links is not None
    assert agreement.links.pax_process is None
    assert agreement.stage_sub is None
    assert agreement.note == "PA-X Agtp: Unknowntype"


def test_bad_rows_are_reported_at_row_and_column_and_skipped(tmp_path: Path) -> None:
    """A bad date and a non-numeric code are located; the other rows are imported."""
    result = import_csv(FIXTURE, tmp_path / "r")
    errors = [(p.line, p.column, p.code) for p in result.problems if p.severity.value == "error"]
    assert errors == [(9, 9, "P002"), (10, 38, "P002")]
    warnings = {p.code for p in result.problems if p.severity.value == "warning"}
    assert warnings == {"P005", "P003"}  # the unknown Agtp value, the Notes column
    assert not (tmp_path / "r" / "pax-9002").exists()
    assert not (tmp_path / "r" / "pax-9003").exists()
    assert result.agreements == 4


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


def test_reimport_changes_no_byte(imported: Path) -> None:
    """Importing the same CSV again writes nothing and reports everything unchanged."""
    before = {p: p.read_bytes() for p in imported.rglob("*.yaml")}
    result = import_csv(FIXTURE, imported, imported.parent / "schemas")
    assert result.written == []
    assert result.unchanged == len(before)
    assert {p: p.read_bytes() for p in imported.rglob("*.yaml")} == before


def test_reimport_keeps_a_provision_whose_history_has_grown(imported: Path) -> None:
    """A provision with recorded transitions is never overwritten, and is reported kept."""
    registry = accordreg.load(imported)
    registry.transition(
        "pax-2850/tjprire", "in_progress", on=date(2025, 12, 27), sources=["pax-page-2850"]
    )
    registry.save()
    grown = (imported / "pax-2850" / "tjprire.yaml").read_bytes()
    changed = FIXTURE.read_text().replace(
        "Prime Minister of the Kingdom of Cambodia", "PM of Cambodia"
    )
    edited = imported.parent / "edited.csv"
    edited.write_text(changed)
    result = import_csv(edited, imported, imported.parent / "schemas")
    assert [p.name for p in result.kept] == ["tjprire.yaml"]
    assert (imported / "pax-2850" / "tjprire.yaml").read_bytes() == grown
    assert "PM of Cambodia" in (imported / "pax-2850" / "agreement.yaml").read_text()


def test_crosswalk_names_real_categories() -> None:
    """Every crosswalk target is an accordreg category; prisoner release is detainee_release."""
    assert CROSSWALK["TjPrire"] is Category.DETAINEE_RELEASE
    assert all(isinstance(c, Category) for c in CROSSWALK.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Signed by: A B, Minister; C D", [("A B", "Minister"), ("C D", None)]),
        ("A B\nC D, President", [("A B", None), ("C D", "President")]),
        ("", []),
    ],
)
def test_parse_signatories(text: str, expected: list[tuple[str, str | None]]) -> None:
    """Signatories split at ; or new lines into name and capacity."""
    assert [(s["signed_by"], s.get("capacity")) for s in parse_signatories(text)] == expected


def test_parse_third_parties_finds_roles() -> None:
    """Witnesses, mediators and guarantors are recognised from the words used."""
    parsed = parse_third_parties("Witnessed by: X; Mediated by: Y; Z as guarantor")
    assert [(p["name"], p.get("role")) for p in parsed] == [
        ("X", "witness"),
        ("Y", "mediator"),
        ("Z", "guarantor"),
    ]


def test_cli_reports_counts(tmp_path: Path) -> None:
    """The command prints what it did and where each problem is."""
    code, out = run("import", "pax", str(FIXTURE), "--out", str(tmp_path / "r"))
    assert code == 1
    assert "6 row(s): 4 agreement(s), 14 provision(s); 22 file(s) written" in out
    assert f"{FIXTURE}:9:9: P002 Dat: '2025-02-30' is not a date" in out
    shutil.rmtree(tmp_path / "r")
