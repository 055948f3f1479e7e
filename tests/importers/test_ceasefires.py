"""Importing the ETH/PRIO ceasefires: a provision per ceasefire, in PA-X agreements or its
own, dates to the day, month or year, codes kept as given, coded warnings, safe re-imports."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import PartialDate
from accordreg._importers import ceasefire_settings
from accordreg._importers.ceasefire_records import COLUMNS
from accordreg._importers.ceasefire_rows import REQUIRED, date_of
from accordreg._importers.ceasefires import import_ceasefires
from accordreg._importers.pax import import_csv
from accordreg._importers.pax_write import SETTINGS as PAX_SETTINGS
from accordreg._importers.tables import Row, Table
from accordreg._model import dates
from conftest import DATA, run

FIXTURES = DATA / "outcomes"
PAX = FIXTURES / "pax.csv"
CEASEFIRES = FIXTURES / "ceasefires.csv"
SOURCE = "ethprio-ceasefires"


def _registry(root: Path) -> Path:
    out = root / "registry"
    import_csv(PAX, out, root / "schemas")
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PA-X's and the ceasefires' fixtures imported once, into a registry tests only read."""
    out = _registry(tmp_path_factory.mktemp("ceasefires"))
    code, text = run("import", "ceasefires", str(CEASEFIRES), "--registry", str(out))
    assert code == 1, text  # a ceasefire whose declaration year is no number; the rest in
    return out


@pytest.fixture(scope="module")
def registry(imported: Path) -> accordreg.Registry:
    """The imported fixture, loaded."""
    return accordreg.load(imported)


@pytest.fixture
def writable(tmp_path: Path) -> Path:
    """Both fixtures imported into a fresh folder a test may change."""
    out = _registry(tmp_path)
    import_ceasefires(CEASEFIRES, out, tmp_path / "schemas")
    return out


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_fixture_uses_the_real_layout() -> None:
    """87 columns in the dataset's order, a row per ceasefire and actor, a byte-order mark."""
    assert CEASEFIRES.read_bytes().startswith(b"\xef\xbb\xbfcc,cf_id,uniq_id,location")
    with CEASEFIRES.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert len(header) == 87
    assert (header[-2:], header[50]) == (["coder", "id"], "link_id1")
    read = {c for key in COLUMNS for c in key.split(", ")}
    assert set(REQUIRED) <= read <= set(header)


def test_import_gives_a_registry_that_validates(imported: Path) -> None:
    """Provisions in PA-X agreements and agreements of their own: no diagnostic at all."""
    assert accordreg.check(imported) == []


def test_a_ceasefire_goes_into_the_pax_agreement_it_names(registry: accordreg.Registry) -> None:
    """pax_id 9501: the provision pax-9501/cf-999-1, declared, in effect the next day, ended."""
    p = registry.provision("pax-9501/cf-999-1")
    assert (p.category, p.agreement, p.sources) == ("ceasefire", "pax-9501", [SOURCE])
    assert [(e.on, e.status) for e in p.history] == [
        (date(2001, 3, 10), "agreed"),
        (date(2001, 3, 11), "in_progress"),
        (date(2002, 6, 15), "ended"),
    ]
    assert p.terms == {
        "effective_from": "2001-03-11",
        "arrangement": "bilateral",
        "written": True,
        "ethprio_id": 999001,
        "ethprio_ended": 2,
        "ethprio_side": 2,
    }
    assert p.title == (
        "Ceasefire declared by Government of Northland and Northern Front on 2001-03-10"
    )
    assert registry.status_on(p.id, date(2002, 1, 1)) == "in_progress"
    assert registry.status_on(p.id, date(2002, 6, 15)) == "ended"
    assert "cf-999-1" not in registry.agreements


def test_a_ceasefire_pax_lacks_has_an_agreement_of_its_own(registry: accordreg.Registry) -> None:
    """No pax_id: cf-999-2, dated December 2003 to January 2004, never a day."""
    own = registry.agreement("cf-999-2")
    assert own.date_signed is not None
    assert (own.date_signed, dates.precision(own.date_signed)) == (PartialDate(2003, 12), "month")
    assert own.links is not None
    assert (own.links.ucdp_conflict, own.links.pax_agreement, own.conflict) == (
        9900,
        None,
        "Northland",
    )
    p = registry.provision("cf-999-2/ceasefire")
    assert [(dates.text(e.on), e.status) for e in p.history] == [
        ("2003-12", "agreed"),
        ("2004-01", "ended"),
    ]
    assert p.title == "Ceasefire declared by Northern Front in December 2003"
    assert p.terms["arrangement"] == "unilateral"
    year = registry.provision("cf-999-3/ceasefire")
    assert [dates.text(e.on) for e in year.history] == ["2005"]


def test_a_pax_agreement_the_registry_lacks_is_kept_as_a_link(
    registry: accordreg.Registry,
) -> None:
    """pax_id 9999, not in the registry: an agreement of its own, linking to PA-X 9999."""
    own = registry.agreement("cf-999-5")
    assert own.links is not None
    assert own.links.pax_agreement == 9999
    assert "names PA-X agreement 9999, which this registry does not hold" in (own.note or "")


def test_rows_that_disagree_record_nothing_either_says(registry: accordreg.Registry) -> None:
    """Two actors ending a ceasefire on different days: no end, both in the note (E005)."""
    p = registry.provision("cf-999-4/ceasefire")
    assert [e.status for e in p.history] == ["agreed", "in_progress"]
    assert p.note == (
        "Its rows differ on its end: Government of Northland: 2007-05-02; "
        "Northern Front: 2007-06-10."
    )


def test_an_effect_before_the_declaration_is_a_term_not_an_event(
    registry: accordreg.Registry,
) -> None:
    """Backdated: in effect from 1 January, declared 1 February; no event before it."""
    p = registry.provision("cf-999-6/ceasefire")
    assert p.terms["effective_from"] == "2008-01-01"
    assert [e.status for e in p.history] == ["agreed"]


def test_codes_unclear_or_none_are_left_out(registry: accordreg.Registry) -> None:
    """`written` -1 (unclear) gives no `written`; `ended` 0 with no end date, no event."""
    christmas = registry.provision("cf-999-11/ceasefire")
    assert "written" not in christmas.terms
    assert christmas.terms["ethprio_ended"] == 4
    coast = registry.provision("pax-9506/cf-999-10")
    assert (coast.terms["arrangement"], coast.terms["written"]) == ("multilateral", False)
    assert [e.status for e in coast.history] == ["agreed", "in_progress"]


def test_warnings_by_code_at_their_cells(tmp_path: Path) -> None:
    """Month 13 and an end before the declaration are E003; a year that is no number E003
    and, no other row giving one, E002; rows ending apart E005."""
    result = import_ceasefires(CEASEFIRES, _registry(tmp_path))
    assert [(d.code, d.line, d.column) for d in result.problems] == [
        ("E005", 7, 42),
        ("E003", 11, 42),
        ("E002", 12, 12),
        ("E003", 12, 12),
        ("E003", 13, 42),
    ]
    assert (result.rows, result.ceasefires, result.in_pax, result.own) == (16, 10, 2, 8)
    assert (result.pax_absent, result.ended, result.partial) == (1, 3, 2)


def test_settings_gain_the_state_ended_and_the_terms(writable: Path) -> None:
    """The PA-X import's settings, then the lifecycle with `ended` and the dataset's terms."""
    text = (writable / "accordreg.yaml").read_bytes()
    assert text == ceasefire_settings.after_pax()
    assert text.startswith(PAX_SETTINGS)
    loaded = accordreg.load(writable)
    assert loaded.settings.lifecycle.is_done("ended")
    assert ceasefire_settings.lacking(loaded.settings) == []


def test_a_new_registry_gets_settings_of_its_own(tmp_path: Path) -> None:
    """Into an empty folder: every ceasefire in an agreement of its own, and settings."""
    out = tmp_path / "r"
    result = import_ceasefires(CEASEFIRES, out)
    assert (result.in_pax, result.own) == (0, 10)
    assert (out / "accordreg.yaml").read_bytes() == ceasefire_settings.fresh()
    assert accordreg.check(out) == []


def test_settings_of_ones_own_are_checked_never_changed(tmp_path: Path) -> None:
    """A settings file a person wrote, without `ended`: E001, nothing written, file as it was."""
    out = tmp_path / "r"
    out.mkdir()
    own = b"kind: settings\nname: Mine\n"
    (out / "accordreg.yaml").write_bytes(own)
    result = import_ceasefires(CEASEFIRES, out)
    errors = [d for d in result.problems if d.code == "E001"]
    assert len(errors) == 1
    assert "lacks the move in_progress -> ended" in errors[0].message
    assert "the ceasefire term ethprio_id (integer)" in errors[0].message
    assert (out / "accordreg.yaml").read_bytes() == own
    assert sorted(p.name for p in out.iterdir()) == ["accordreg.yaml"]


def test_settings_of_ones_own_that_have_what_it_needs_are_used(tmp_path: Path) -> None:
    """The same settings, with the lifecycle and terms the import writes: it imports."""
    out = tmp_path / "r"
    out.mkdir()
    own = b"kind: settings\nname: Mine\n" + ceasefire_settings.block()
    (out / "accordreg.yaml").write_bytes(own)
    result = import_ceasefires(CEASEFIRES, out)
    assert result.own == 10
    assert (out / "accordreg.yaml").read_bytes() == own


def test_missing_columns_import_nothing(tmp_path: Path) -> None:
    """Without the end's columns: E001 naming them, nothing written."""
    bad = tmp_path / "bad.csv"
    bad.write_text("cc,cf_id,actor_name,cf_dec_yr,cf_dec_month,cf_dec_day\n1,1,A,2000,1,1\n")
    result = import_ceasefires(bad, tmp_path / "r")
    assert [(d.code, d.line, d.column) for d in result.problems] == [("E001", 1, 1)]
    assert "missing column(s) end_yr, end_month, end_day" in result.problems[0].message
    assert not (tmp_path / "r").exists()


def test_reimport_changes_no_byte(writable: Path) -> None:
    """The same file again writes nothing."""
    before = _files(writable)
    result = import_ceasefires(CEASEFIRES, writable, writable.parent / "schemas")
    assert (result.written, result.kept, result.removed) == ([], [], [])
    assert _files(writable) == before


def test_a_hand_edit_is_kept(writable: Path) -> None:
    """A provision a person gave an event is kept (E004), byte for byte."""
    editor = accordreg.Editor(accordreg.load(writable))
    editor.transition("cf-999-3/ceasefire", "ended", on="2006", sources=[SOURCE])
    editor.save()
    target = writable / "cf-999-3" / "ceasefire.yaml"
    mine = target.read_bytes()
    changed = writable.parent / "changed.csv"
    changed.write_text(
        CEASEFIRES.read_text(encoding="utf-8-sig").replace("radio broadcast", "broadcast"),
        encoding="utf-8",
    )
    result = import_ceasefires(changed, writable)
    assert [(p.parent.name, p.name) for p in result.kept] == [("cf-999-3", "ceasefire.yaml")]
    assert target.read_bytes() == mine


def test_a_ceasefire_moves_into_pax_once_pax_has_it(tmp_path: Path) -> None:
    """Ceasefires first, then PA-X, then ceasefires again: cf-999-1's own agreement and
    provision, as the import left them, are removed, and the provision is pax-9501's."""
    out = tmp_path / "r"
    import_ceasefires(CEASEFIRES, out)
    import_csv(PAX, out)
    result = import_ceasefires(CEASEFIRES, out)
    assert sorted(str(p.relative_to(out)) for p in result.removed) == [
        "cf-999-1/agreement.yaml",
        "cf-999-1/ceasefire.yaml",
        "cf-999-10/agreement.yaml",
        "cf-999-10/ceasefire.yaml",
    ]
    assert (out / "pax-9501" / "cf-999-1.yaml").is_file()
    assert accordreg.check(out) == []


def test_ucdp_and_ceasefires_in_one_registry(writable: Path) -> None:
    """Both imports and PA-X again: valid, and nothing rewritten by the others."""
    from accordreg._importers.ucdp import import_ucdp

    schemas = writable.parent / "schemas"
    import_ucdp(FIXTURES / "ucdp.csv", writable, schemas)
    before = _files(writable)
    assert import_csv(PAX, writable, schemas).written == []
    assert import_ceasefires(CEASEFIRES, writable, schemas).written == []
    assert _files(writable) == before
    assert accordreg.check(writable) == []


def test_cite_names_the_ceasefire_dataset(imported: Path) -> None:
    """A registry holding the ceasefires' source record cites Clayton et al. (2022)."""
    code, out = run("cite", "--registry", str(imported))
    assert code == 0, out
    assert "Clayton, Govinda, Nygård, Håvard Mokleiv" in out
    assert "Introducing the ETH/PRIO Civil Conflict Ceasefire Dataset" in out


def test_cli_reports_counts(tmp_path: Path) -> None:
    """The command prints what it did and where each problem is."""
    out = _registry(tmp_path)
    code, text = run("import", "ceasefires", str(CEASEFIRES), "-r", str(out))
    assert code == 1
    assert (
        "16 row(s): 10 ceasefire(s), 2 in PA-X agreements, 8 in agreements of their own (1 "
        "naming a PA-X agreement the registry lacks); 3 ended; 2 with a date known only to a "
        "month or a year; 20 file(s) written, 0 unchanged, 0 kept (see E004)"
    ) in text
    assert f"{CEASEFIRES}:12:12: E002 cf_dec_yr: no row of ceasefire 999008" in text


def _row(year: str, month: str, day: str) -> Row:
    table = Table("t.csv", ["end_yr", "end_month", "end_day"])
    return Row(table, 2, [year, month, day], "E002", "E003")


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dates(date(1900, 1, 1), date(2024, 12, 31)),
    st.sampled_from(["day", "month", "year"]),
    st.sampled_from(["-1", "0"]),
)
def test_three_cells_give_the_date_to_what_they_give(
    day: date, precision: str, unknown: str
) -> None:
    """Year, month and day cells, -1 or 0 where not known: the date to the day, month or
    year they give, never a day they do not."""
    month = str(day.month) if precision != "year" else unknown
    of_day = str(day.day) if precision == "day" else unknown
    row = _row(str(day.year), month, of_day)
    found = date_of(row, "end_yr", "end_month", "end_day", "its end")
    assert found is not None
    assert (dates.precision(found), row.problems) == (precision, [])
    assert dates.first_day(found) <= day <= dates.last_day(found)


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        (("-1", "-1", "-1"), None),
        (("0", "0", "0"), None),
        (("2010", "13", "-1"), "month must be in 1..12"),
        (("2010", "2", "30"), "day is out of range for month"),
        (("2010", "-1", "5"), "a day (5) without a month"),
        (("x", "1", "1"), "'x' is not a whole number"),
        (("1850", "1", "1"), "1850-01-01 is before 1900"),
    ],
)
def test_dates_that_cannot_be_read_are_said(cells: tuple[str, str, str], said: str | None) -> None:
    """Not known: nothing, silently; anything else that is no date: E003 saying why."""
    row = _row(*cells)
    date_of(row, "end_yr", "end_month", "end_day", "its end")
    messages = [d.message for d in row.problems]
    assert (messages == []) if said is None else (len(messages) == 1 and said in messages[0])


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("written", "5", "'5' is not a code the import reads (0, 1, 2, or -1)"),
        ("side", "0", "'0' is not a code the import reads (1, 2, 3, or -1)"),
        ("ended", "-2", "'-2' is not a code the import reads"),
        ("pax_id", "x", "'x' is not a code the import reads"),
    ],
)
def test_a_code_it_cannot_read_is_left_out(
    tmp_path: Path, column: str, value: str, said: str
) -> None:
    """A code that is no number, negative, or not one the import reads: E003 at its cell,
    no term, and a registry that validates."""
    with CEASEFIRES.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[1][header.index(column)] = value
    changed = tmp_path / "changed.csv"
    with changed.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows[:2])
    out = tmp_path / "r"
    result = import_ceasefires(changed, out)
    assert [(d.code, d.line, d.column) for d in result.problems] == [
        ("E003", 2, header.index(column) + 1)
    ]
    assert said in result.problems[0].message
    assert accordreg.check(out) == []
