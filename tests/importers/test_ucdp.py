"""Importing UCDP's Peace Agreement Dataset: ends matched to PA-X, agreements of their own,
partial dates, coded warnings, and re-imports that change nothing a person wrote."""

from __future__ import annotations

import csv
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import PartialDate
from accordreg._importers.outcome_cells import day_text
from accordreg._importers.pax import import_csv
from accordreg._importers.tables import Row, Table
from accordreg._importers.ucdp import COLUMNS, REQUIRED, import_ucdp
from accordreg._model import dates
from conftest import DATA, run

FIXTURES = DATA / "outcomes"
PAX = FIXTURES / "pax.csv"
UCDP = FIXTURES / "ucdp.csv"
SOURCE = "ucdp-peace-agreements-22-1"


def _registry(root: Path) -> Path:
    """The made-up PA-X agreements imported into ``root``."""
    out = root / "registry"
    import_csv(PAX, out, root / "schemas")
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PA-X's and UCDP's fixtures imported once, into a registry that tests only read."""
    out = _registry(tmp_path_factory.mktemp("ucdp"))
    code, text = run("import", "ucdp", str(UCDP), "--registry", str(out))
    assert code == 1, text  # one row whose id is no number, reported; the rest imported
    return out


@pytest.fixture(scope="module")
def registry(imported: Path) -> accordreg.Registry:
    """The imported fixture, loaded."""
    return accordreg.load(imported)


@pytest.fixture
def writable(tmp_path: Path) -> Path:
    """Both fixtures imported into a fresh folder that a test may change."""
    out = _registry(tmp_path)
    import_ucdp(UCDP, out, tmp_path / "schemas")
    return out


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_fixture_uses_the_v22_1_layout() -> None:
    """The fixture has UCDP's 67 columns in order, `ref ` and `return ` with their space."""
    with UCDP.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert len(header) == 67
    assert header[:5] == ["paid", "region", "gwno", "conflict_id", "conflict_name"]
    assert {"ref ", "return "} <= set(header)
    assert set(REQUIRED) <= set(COLUMNS) <= set(header)


def test_import_gives_a_registry_that_validates(imported: Path) -> None:
    """PA-X's agreements with UCDP's ends, and UCDP's own: no diagnostic at all."""
    assert accordreg.check(imported) == []


def test_an_end_goes_into_the_pax_agreement_linking_to_it(registry: accordreg.Registry) -> None:
    """UcdpAgr 9001 is pax-9501: signed on UCDP's date, then ended, UCDP's words the note."""
    timeline = registry.agreement_timeline("pax-9501")
    assert [(f.on, f.status) for f in timeline] == [
        (date(2001, 3, 10), "signed"),
        (date(2002, 6, 15), "ended"),
    ]
    ended = registry.agreement("pax-9501").history[-1]
    assert ended.sources == [SOURCE]
    assert ended.note == (
        "Fighting resumed in June 2002; on 15 June the Northern Front declared the agreement "
        "void.\n\nNo further talks were held that year."
    )
    assert registry.agreement_status_on("pax-9501", date(2002, 6, 14)) == "signed"
    assert registry.agreement_status_on("pax-9501", date(2002, 6, 15)) == "ended"
    assert "ucdp-9001" not in registry.agreements


def test_every_pax_agreement_linking_to_one_ucdp_agreement_gets_its_end(
    registry: accordreg.Registry,
) -> None:
    """pax-9502 and pax-9503 both name UcdpAgr 9002: both end in November 2004."""
    for aid in ("pax-9502", "pax-9503"):
        end = registry.agreement(aid).history[-1]
        assert (end.status, end.on, dates.precision(end.on)) == (
            "ended",
            PartialDate(2004, 11),
            "month",
        )


def test_a_year_is_kept_as_a_year(registry: accordreg.Registry) -> None:
    """A `duration` of 1999 is an end in 1999, never 1 January."""
    end = registry.agreement("ucdp-9004").history[-1]
    assert (str(end.on), dates.precision(end.on)) == ("1999", "year")


def test_an_agreement_pax_lacks_is_one_of_its_own(registry: accordreg.Registry) -> None:
    """ucdp-9004: UCDP's name, date, ids (one conflict in links, several in the note)."""
    own = registry.agreement("ucdp-9004")
    assert (own.title, own.date_signed, own.conflict) == (
        "Mountain Truce",
        date(1997, 5, 1),
        "Northland: Government",
    )
    assert own.links is not None
    assert own.links.model_dump(exclude_none=True) == {"ucdp_agreement": 9004, "gwno": [990, 991]}
    assert own.note is not None
    assert "UCDP conflict ids: 9900, 9901." in own.note
    assert "UCDP dyad ids: 9910, 9911." in own.note
    assert own.signatories_text == (
        "For the Government: A. Minister\n\nFor the Northern Front: B. Commander"
    )
    single = registry.agreement("ucdp-9005")
    assert single.links is not None
    assert (single.links.ucdp_conflict, single.history) == (9900, [])


def test_an_agreement_not_ended_gets_no_event(registry: accordreg.Registry) -> None:
    """UcdpAgr 9003 (blank `ended`) and 9005 (False): no history, nothing invented."""
    assert registry.agreement("pax-9504").history == []
    assert registry.agreement_status_on("pax-9504", date(2020, 1, 1)) is None
    assert registry.agreement("ucdp-9005").history == []


def test_a_ucdp_date_unlike_the_agreements_own_is_said(registry: accordreg.Registry) -> None:
    """PA-X dates pax-9505 a day before UCDP: the signed event says so."""
    signed = registry.agreement("pax-9505").history[0]
    assert signed.on == date(2005, 9, 21)
    assert signed.note == "UCDP's date of the agreement (pa_date); its record says 2005-09-20."


def test_what_cannot_be_read_is_a_warning_and_no_event(tmp_path: Path) -> None:
    """-99, a blank, 30 February, `ended` -99, an end before the date: U003 each, at its
    cell; those agreements get no history; a bad id is U002 and its row is left out."""
    out = _registry(tmp_path)
    result = import_ucdp(UCDP, out)
    found = [(d.code, d.line, d.column) for d in result.problems]
    assert found == [
        ("U003", 19, 20),
        ("U003", 22, 20),
        ("U003", 25, 20),
        ("U003", 31, 19),
        ("U003", 34, 20),
        ("U002", 37, 1),
    ]
    loaded = accordreg.load(out)
    for paid in (9006, 9007, 9008, 9010, 9011):
        assert loaded.agreement(f"ucdp-{paid}").history == []
    assert not any(a.startswith("ucdp-90x") for a in loaded.agreements)
    assert (result.rows, result.matched, result.unmatched, result.ended) == (12, 4, 7, 4)
    assert (result.ended_matched, result.ended_unmatched) == (3, 1)


def test_one_source_record_cites_the_dataset_and_its_version(
    registry: accordreg.Registry,
) -> None:
    """Every event cites ucdp-peace-agreements-22-1, which names the version and the licence."""
    source = registry.source(SOURCE)
    assert source.title == "UCDP Peace Agreement Dataset v22.1"
    assert "declares version 22.1" in (source.note or "")
    assert "CC BY 4.0" in (source.note or "")
    cited = {s for a in registry.agreements.values() for e in a.history for s in e.sources}
    assert cited == {SOURCE}


def test_a_file_without_a_version_is_said_and_named_so(tmp_path: Path) -> None:
    """No `version` column: U003 at the header, and a source record without a version."""
    bare = tmp_path / "bare.csv"
    bare.write_text(
        "paid,pa_name,pa_date,ended,duration,c_duration\n9001,X,2001-03-10,True,2002-06,Y\n"
    )
    result = import_ucdp(bare, tmp_path / "r")
    assert [(d.code, d.line) for d in result.problems] == [("U003", 1)]
    assert "declares no version" in result.problems[0].message
    assert (tmp_path / "r" / "sources" / "ucdp-peace-agreements.yaml").is_file()


def test_missing_columns_import_nothing(tmp_path: Path) -> None:
    """Without `duration`: U001 naming it, and nothing written."""
    bad = tmp_path / "bad.csv"
    bad.write_text("paid,pa_name,pa_date,ended,c_duration\n9001,X,2001-03-10,True,Y\n")
    result = import_ucdp(bad, tmp_path / "r")
    assert [(d.code, d.line, d.column) for d in result.problems] == [("U001", 1, 1)]
    assert "missing column(s) duration" in result.problems[0].message
    assert not (tmp_path / "r").exists()


def test_a_lifecycle_that_cannot_record_an_end_imports_nothing(tmp_path: Path) -> None:
    """A registry whose own agreement lifecycle has no `ended`: U001, nothing written."""
    out = tmp_path / "r"
    out.mkdir()
    (out / "accordreg.yaml").write_text(
        "kind: settings\nagreement_lifecycle:\n  states:\n"
        "    - id: signed\n      start: true\n      moves: [lapsed]\n    - id: lapsed\n"
    )
    result = import_ucdp(UCDP, out)
    assert [d.code for d in result.problems] == ["U001"]
    assert "cannot start at `signed` and move to `ended`" in result.problems[0].message
    assert sorted(p.name for p in out.iterdir()) == ["accordreg.yaml"]


def test_reimport_changes_no_byte(writable: Path) -> None:
    """The same file again writes nothing and says every file is unchanged."""
    before = _files(writable)
    result = import_ucdp(UCDP, writable, writable.parent / "schemas")
    assert (result.written, result.kept, result.removed) == ([], [], [])
    assert _files(writable) == before


def test_a_workbook_gives_the_same_registry(tmp_path: Path, writable: Path) -> None:
    """The same rows as an .xlsx workbook (cells typed as Excel types them) give the same
    bytes as the CSV."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    with UCDP.open(newline="", encoding="utf-8") as handle:
        for i, cells in enumerate(csv.reader(handle)):
            typed: list[object] = list(cells)
            if i:  # Excel keeps numbers and dates as such
                typed = [int(c) if c.isdigit() else c for c in cells]
                typed[12] = date.fromisoformat(cells[12])
            sheet.append(typed)
    workbook = tmp_path / "ucdp.xlsx"
    book.save(workbook)
    out = _registry(tmp_path / "x")
    import_ucdp(workbook, out, tmp_path / "x" / "schemas")
    mine = {p.relative_to(out): b for p, b in _files(out).items()}
    theirs = {p.relative_to(writable): b for p, b in _files(writable).items()}
    assert mine == theirs


def test_a_workbook_without_openpyxl_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without openpyxl, an .xlsx file is one error line saying how to get it."""
    workbook = tmp_path / "ucdp.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not really a workbook")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    code, out = run("import", "ucdp", str(workbook), "--registry", str(tmp_path / "r"))
    assert code == 1
    assert out.strip() == (
        f"error: {workbook}: Reading an .xlsx workbook needs openpyxl: pip install "
        "'accordreg[xlsx]', or save its sheet as CSV and import that"
    )


def test_a_broken_workbook_is_u001(tmp_path: Path) -> None:
    """A file named .xlsx that is no workbook: U001, nothing imported."""
    pytest.importorskip("openpyxl")
    workbook = tmp_path / "ucdp.xlsx"
    workbook.write_bytes(b"paid,pa_name\n1,x\n")
    result = import_ucdp(workbook, tmp_path / "r")
    assert [(d.code, d.line) for d in result.problems] == [("U001", 1)]
    assert "the workbook cannot be read" in result.problems[0].message


def test_a_record_changed_by_hand_is_kept(writable: Path) -> None:
    """An edited agreement of its own is kept (U004) and left byte for byte."""
    edited = writable / "ucdp-9004" / "agreement.yaml"
    edited.write_text(edited.read_text().replace("title: Mountain Truce", "title: The Truce"))
    mine = edited.read_bytes()
    changed = writable.parent / "changed.csv"
    changed.write_text(UCDP.read_text().replace("broke down during 1999", "broke down in 1999"))
    result = import_ucdp(changed, writable, writable.parent / "schemas")
    assert [(Path(d.path).parent.name, d.code) for d in result.problems if d.code == "U004"] == [
        ("ucdp-9004", "U004")
    ]
    assert "changed since an import wrote it" in result.problems[-1].message
    assert edited.read_bytes() == mine


def test_a_history_a_person_recorded_is_never_replaced(writable: Path) -> None:
    """pax-9504 given an event by hand, then UCDP says it ended: kept (U004), unchanged."""
    editor = accordreg.Editor(accordreg.load(writable))
    editor.transition("pax-9504", "signed", on=date(2010, 6, 12), sources=["pax-page-9504"])
    editor.save()
    target = writable / "pax-9504" / "agreement.yaml"
    mine = target.read_bytes()
    ended = writable.parent / "ended.csv"
    with UCDP.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == "9003":
            row[header.index("ended")] = "True"
            row[header.index("duration")] = "2011-02"
    with ended.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = import_ucdp(ended, writable)
    assert [p.parent.name for p in result.kept] == ["pax-9504"]
    assert target.read_bytes() == mine


def test_a_pax_reimport_keeps_the_ends(writable: Path) -> None:
    """Importing PA-X again leaves UCDP's events where they are: nothing written."""
    before = _files(writable)
    result = import_csv(PAX, writable, writable.parent / "schemas")
    assert (result.written, result.kept) == ([], [])
    assert _files(writable) == before


def test_an_agreement_of_its_own_moves_into_pax_once_pax_has_it(tmp_path: Path) -> None:
    """UCDP first, into an empty registry: ucdp-9001; then PA-X, then UCDP again: the end
    goes into pax-9501 and ucdp-9001, as the import left it, is removed."""
    out = tmp_path / "r"
    import_ucdp(UCDP, out)
    assert (out / "ucdp-9001" / "agreement.yaml").is_file()
    import_csv(PAX, out)
    result = import_ucdp(UCDP, out)
    assert [p.parent.name for p in result.removed] == [
        "ucdp-9001",
        "ucdp-9002",
        "ucdp-9003",
        "ucdp-9009",
    ]
    assert not (out / "ucdp-9001").exists()
    loaded = accordreg.load(out)
    assert loaded.agreement_status_on("pax-9501", date(2003, 1, 1)) == "ended"
    assert accordreg.check(out) == []


def test_an_agreement_of_its_own_changed_by_hand_is_not_removed(tmp_path: Path) -> None:
    """The same move, ucdp-9001 edited by hand meanwhile: kept, and U004 says why."""
    out = tmp_path / "r"
    import_ucdp(UCDP, out)
    mine = out / "ucdp-9001" / "agreement.yaml"
    mine.write_text(mine.read_text() + "# checked against the archive\n")
    import_csv(PAX, out)
    result = import_ucdp(UCDP, out)
    kept = [d for d in result.problems if d.code == "U004"]
    assert [Path(d.path).parent.name for d in kept] == ["ucdp-9001"]
    assert "the agreement is PA-X's pax-9501 now" in kept[0].message
    assert mine.is_file()


def test_cite_and_the_data_package_name_ucdp(imported: Path, tmp_path: Path) -> None:
    """A registry holding UCDP's source record cites UCDP's two works and its licence."""
    code, out = run("cite", "--registry", str(imported))
    assert code == 0, out
    assert "Pettersson, Therése, Högbladh, Stina & Öberg, Magnus (2019). Organized violence" in out
    assert "Högbladh, Stina (2011). Peace agreements 1975-2011" in out
    assert "Licence: CC-BY-4.0" in out
    target = tmp_path / "package"
    code, out = run(
        "export", "--registry", str(imported), "--format", "datapackage", "--out", str(target)
    )
    assert code == 0, out
    package = (target / "datapackage.json").read_text()
    assert "UCDP Peace Agreement Dataset" in package
    assert "CC-BY-4.0" in package


def test_cli_reports_counts(tmp_path: Path) -> None:
    """The command prints what it did, the version the file declares, where each problem is."""
    out = _registry(tmp_path)
    code, text = run("import", "ucdp", str(UCDP), "-r", str(out))
    assert code == 1
    assert (
        "12 row(s) (version 22.1): 4 ended (3 in PA-X agreements, 1 in agreements of their "
        "own); 4 found in PA-X agreements, 7 not; 12 file(s) written, 0 unchanged, 0 kept "
        "(see U004)"
    ) in text
    assert f"{UCDP}:37:1: U002 paid: '90x2' is not an agreement id" in text
    shutil.rmtree(out)


_FORMS = st.one_of(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12), st.just("month")),
    st.builds(PartialDate, st.integers(1900, 2100), st.just(1), st.just("year")),
)


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@given(_FORMS)
def test_a_date_reads_back_as_written_with_its_precision(day: date) -> None:
    """Any day, month or year written as the datasets write it reads as that date, with
    that precision: never a day the cell does not give."""
    back = day_text(dates.text(day))
    assert (back, dates.precision(back)) == (day, dates.precision(day))


def test_a_row_reads_cells_by_their_trimmed_names() -> None:
    """`ref ` is found as `ref`; a cell's free text keeps its inner layout."""
    table = Table("t.csv", ["paid", "ref", "c_duration"])
    row = Row(table, 2, ["1", " 0 ", " two\r\nlines "], "U002", "U003")
    assert (row.get("ref"), row.text("c_duration"), row.column("c_duration")) == (
        "0",
        "two\nlines",
        3,
    )
