"""Exports: CSV tables, JSON lines with nested histories, and the pandas frames."""

from __future__ import annotations

import csv
import io
import json
import shlex
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._model.pax_codebook import codebook
from accordreg._model.records import Agreement, Links, Provision
from accordreg._model.terms import plain
from accordreg._model.vocabulary import PaxConflictType, PaxRegion, PaxStage
from accordreg._registry.flat_tables import AGREEMENT_COLUMNS, EVENT_COLUMNS, PROVISION_COLUMNS
from accordreg._registry.query import Registry
from accordreg._registry.related_tables import TABLES_BY_NAME
from accordreg._render import exports
from accordreg.testing import registries
from conftest import BASE, DATA, PROJECT, run

ON = date(2026, 1, 15)
REL = "kl-declaration-2025/release-of-18"
#: What a UTF-8 byte-order mark is in bytes.
BOM = b"\xef\xbb\xbf"
#: The agreement fields from PA-X that people filter on, as the provision rows name them.
PAX_FIELDS = ("region", "conflict_type", "stage", "agreement_countries", "pax_strength")


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(PROJECT / "provisions")


@pytest.fixture(scope="module")
def pax(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry imported from the tests' PA-X sample (its bad rows left out)."""
    out = tmp_path_factory.mktemp("pax") / "pax"
    code, text = run("import", "pax", str(DATA / "pax" / "agreements.csv"), "--out", str(out))
    assert code == 1, text  # the sample's bad rows, on purpose
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_export_writes_provisions_and_events(tmp_path: Path) -> None:
    """--format csv writes a provisions table and, beside it, an events table."""
    out = tmp_path / "status.csv"
    code, text = run(
        "export", "--registry", str(PROJECT / "provisions"), "--out", str(out), "--on", "2026-01-15"
    )
    assert code == 0, text
    rows = _csv(out)
    columns = tuple(rows[0])
    assert columns[: len(PROVISION_COLUMNS)] == PROVISION_COLUMNS
    assert all(c.startswith("term_") for c in columns[len(PROVISION_COLUMNS) :])
    assert "term_count" in columns
    release = next(r for r in rows if r["id"] == REL)
    assert (release["status"], release["level"], release["since"]) == (
        "implemented",
        "3",
        "2025-12-31",
    )
    assert release["pax_agreement"] == "2850"
    events = _csv(tmp_path / "status-events.csv")
    assert tuple(events[0]) == EVENT_COLUMNS
    mine = [e for e in events if e["provision"] == REL]
    assert [e["status"] for e in mine] == [
        "agreed",
        "suspended",
        "resumption_agreed",
        "implemented",
    ]


def test_csv_files_start_with_a_byte_order_mark_and_standard_output_does_not(
    tmp_path: Path,
) -> None:
    """Both CSV files of export start with a UTF-8 byte-order mark, so that Excel reads
    accents right; status --format csv, read by programs from a pipe, has none."""
    out = tmp_path / "status.csv"
    code, text = run("export", "--registry", str(PROJECT / "provisions"), "--out", str(out))
    assert code == 0, text
    for path in (out, tmp_path / "status-events.csv"):
        data = path.read_bytes()
        assert data.startswith(BOM + b"id," if path == out else BOM + b"provision,")
        assert BOM not in data[3:]
    code, text = run("status", "--registry", str(PROJECT / "provisions"), "--format", "csv")
    assert code == 0
    assert text.startswith("id,")


def test_csv_joins_lists_and_mappings_as_text(pax: Path, tmp_path: Path) -> None:
    """In CSV a list is its items joined by "; " and a mapping "key: value" pairs joined
    the same way; typed terms are written out as words."""
    out = tmp_path / "pax.csv"
    code, text = run("export", "--registry", str(pax), "--out", str(out), "--on", "2025-12-31")
    assert code == 0, text
    rows = {r["id"]: r for r in _csv(out)}
    assert rows["pax-2800/ce"]["pax_strengths"] == "Ce: 3; CeProv: 1"
    assert rows["pax-2800/ce"]["pax_codes"] == "Ce; CeProv"
    assert rows["pax-2800/ce"]["agreement_countries"] == "KHM; THA"
    code, text = run(
        "export", "--registry", str(PROJECT / "provisions"), "--out", str(tmp_path / "b.csv")
    )
    assert code == 0, text
    rows = {r["id"]: r for r in _csv(tmp_path / "b.csv")}
    survey = rows["kl-declaration-2025/boundary-survey"]
    assert survey["responsible"] == "cambodia; thailand"
    assert survey["sources"] == "pax-page-2850; malay-tribune-2025-10-29; article-kl-talks-2025-10"
    assert survey["term_provinces"] == "KHM/Banteay Meanchey; THA/Sa Kaeo"
    assert rows["gbc-2025-12-27/ceasefire"]["term_monitored_by"] == "asean-observer-team"


def _example(marker: str) -> tuple[list[str], str]:
    """The command and the block after ``<!-- marker: COMMAND -->`` on the publish how-to."""
    page = (PROJECT / "docs" / "howto" / "publish.md").read_text(encoding="utf-8")
    head, rest = page.split(f"<!-- {marker}: ", 1)[1].split(" -->\n", 1)
    block = rest.split("\n", 1)[1].split("```\n", 1)[0]
    return shlex.split(head)[1:], block


def test_the_how_to_examples_are_what_export_writes(pax: Path, tmp_path: Path) -> None:
    """The abridged JSON line and CSV row on the publish how-to are the export's own: each
    field shown has the value the export gives it."""
    args, block = _example("jsonl-example")
    out = tmp_path / "pax.jsonl"
    shown = json.loads(block)
    code, text = run(*_on(args, pax, out))
    assert code == 0, text
    line = next(x for x in map(json.loads, out.read_text().splitlines()) if x["id"] == shown["id"])
    for key, value in shown.items():
        if key != "history":
            assert line[key] == value, key
    for event, written in zip(shown["history"], line["history"], strict=True):
        assert {k: written[k] for k in event} == event
    args, block = _example("csv-example")
    out = tmp_path / "pax.csv"
    code, text = run(*_on(args, pax, out))
    assert code == 0, text
    (row,) = csv.DictReader(io.StringIO(block))
    written = next(r for r in _csv(out) if r["id"] == row["id"])
    assert {k: written[k] for k in row} == row


def _on(args: list[str], registry: Path, out: Path) -> list[str]:
    """A documented command's arguments with its registry and output put in a test's folders."""
    places = {"--registry": str(registry), "--out": str(out)}
    return [places.get(args[i - 1], a) if i else a for i, a in enumerate(args)]


def test_jsonl_nests_the_history(tmp_path: Path) -> None:
    """--format jsonl writes one object per provision with its events nested."""
    out = tmp_path / "status.jsonl"
    code, _ = run(
        "export",
        "--registry",
        str(BASE),
        "--format",
        "jsonl",
        "--out",
        str(out),
        "--on",
        "2025-11-15",
    )
    assert code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [
        "kl-declaration-2025/release",
        "kl-declaration-2025/withdrawal",
    ]
    release = lines[0]
    assert release["status"] == "suspended"
    # Only the events up to the export date.
    assert [e["status"] for e in release["history"]] == ["agreed", "suspended"]


def test_jsonl_keeps_lists_mappings_and_numbers(registry: accordreg.Registry) -> None:
    """In JSON lines a list is an array, a mapping an object, a number a number, as the
    record has them: nothing is joined into text."""
    lines = {x["id"]: x for x in map(json.loads, exports.jsonl(registry, ON).splitlines())}
    release = lines[REL]
    provision = registry.provision(REL)
    assert release["responsible"] == provision.responsible
    assert release["sources"] == provision.sources
    assert release["countries"] == list(dict.fromkeys(loc.country for loc in provision.locations))
    assert release["term_count"] == 18
    assert release["level"] == 3
    assert release["events"] == len(provision.history)
    for event, shown in zip(provision.history, release["history"], strict=True):
        assert shown["sources"] == event.sources
        assert shown["terms"] == (plain(event.terms) if event.terms else None)


def test_pax_fields_are_columns_of_every_output(pax: Path, tmp_path: Path) -> None:
    """Region, conflict type, stage, agreement countries and PA-X strength are fields of the
    CSV, the JSON lines and to_frame, with the agreement's values."""
    pd = pytest.importorskip("pandas")
    out = tmp_path / "pax.jsonl"
    code, text = run("export", "--registry", str(pax), "--format", "jsonl", "--out", str(out))
    assert code == 0, text
    line = next(
        x for x in map(json.loads, out.read_text().splitlines()) if x["id"] == "pax-2800/ce"
    )
    assert {k: line[k] for k in PAX_FIELDS} == {
        "region": "Asia and Pacific",
        "conflict_type": "Territory",
        "stage": "Cea",
        "agreement_countries": ["KHM", "THA"],
        "pax_strength": 3,
    }
    assert (line["process"], line["pax_process"]) == (
        "Cambodia - Thailand border dispute process",
        181,
    )
    code, text = run("export", "--registry", str(pax), "--out", str(tmp_path / "pax.csv"))
    assert code == 0, text
    row = next(r for r in _csv(tmp_path / "pax.csv") if r["id"] == "pax-2800/ce")
    assert [row[k] for k in PAX_FIELDS] == ["Asia and Pacific", "Territory", "Cea", "KHM; THA", "3"]
    frame = accordreg.load(pax).to_frame()
    assert frame.loc["pax-2800/ce", "region"] == "Asia and Pacific"
    assert frame.loc["pax-2800/ce", "agreement_countries"] == ["KHM", "THA"]
    assert isinstance(frame["region"].dtype, pd.CategoricalDtype)
    assert set(frame["region"].cat.categories) == {r.value for r in PaxRegion}


def test_pax_fields_are_empty_without_pax_data(registry: accordreg.Registry) -> None:
    """A registry without PA-X data has the PA-X fields, empty."""
    (line, *_) = map(json.loads, exports.jsonl(registry, ON).splitlines())
    assert {k: line[k] for k in PAX_FIELDS[:3]} == dict.fromkeys(PAX_FIELDS[:3])
    assert line["agreement_countries"] == []


# -- the same fields everywhere, and JSON that keeps every value --------------------------


def test_fields_the_database_shares_have_its_names() -> None:
    """A field of the flat tables that the database also holds has the database column's
    name: the provisions', the events' and the agreements' own fields."""
    shared = {
        "provisions": (
            PROVISION_COLUMNS,
            "id agreement title category text_form section superseded_by pax_codes",
        ),
        "events": (
            EVENT_COLUMNS,
            "provision seq on status level level_after level_basis party progress note",
        ),
        "agreements": (
            AGREEMENT_COLUMNS,
            "id title short_title date_signed place process conflict countries agreement_type "
            "stage stage_sub pax_status pax_agreement pax_process",
        ),
    }
    for table, (columns, names) in shared.items():
        database = set(TABLES_BY_NAME[table].names)
        assert set(names.split()) <= database & set(columns), table


_PAX_CODES = sorted(codebook().codes)


def _with_pax(draw: st.DrawFn, registry: Registry) -> Registry:
    """The registry with PA-X fields on its agreements, PA-X codes and strengths on its
    provisions, and each last event restating its provision's terms (lists and mappings)."""
    records: list[Any] = []
    for record in registry:
        if isinstance(record, Agreement):
            record = record.model_copy(
                update={
                    "region": draw(st.none() | st.sampled_from(list(PaxRegion))),
                    "conflict_type": draw(st.none() | st.sampled_from(list(PaxConflictType))),
                    "stage": draw(st.none() | st.sampled_from(list(PaxStage))),
                    "countries": draw(
                        st.lists(st.sampled_from(["KHM", "THA", "COL", "MMR"]), unique=True)
                    ),
                    "links": Links(
                        pax_agreement=draw(st.integers(1, 3000)),
                        pax_process=draw(st.integers(1, 300)),
                    ),
                }
            )
        elif isinstance(record, Provision):
            codes = draw(st.lists(st.sampled_from(_PAX_CODES), max_size=3, unique=True))
            strengths = {c: draw(st.integers(1, 3)) for c in codes if draw(st.booleans())}
            history = list(record.history)
            if draw(st.booleans()) and record.terms:
                history[-1] = history[-1].model_copy(update={"terms": dict(record.terms)})
            record = record.model_copy(
                update={"pax_codes": codes, "pax_strength": strengths, "history": history}
            )
        records.append((record, Path(f"{record.id}.yaml")))
    return Registry(records, settings=registry.settings)


@st.composite
def _registries(draw: st.DrawFn) -> Registry:
    return _with_pax(draw, draw(registries(terms=True)))


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


@given(_registries())
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_jsonl_keeps_every_list_and_mapping_and_every_output_names_the_same_fields(
    registry: Registry,
) -> None:
    """For any registry, each JSON line gives back every list and mapping of the records
    exactly, and the CSV tables, the JSON lines and to_frame carry the same field names."""
    on = date.today()
    lines = [json.loads(x) for x in exports.jsonl(registry, on).splitlines()]
    assert len(lines) == len(registry.provisions)
    for line in lines:
        p = registry.provision(line["id"])
        agreement = registry.agreements[p.agreement]
        assert line["responsible"] == p.responsible
        assert line["verifier"] == p.verifier
        assert line["sources"] == p.sources
        assert line["depends_on"] == p.depends_on
        assert line["supersedes"] == p.supersedes
        assert line["pax_codes"] == p.pax_codes
        assert line["pax_strengths"] == p.pax_strength
        assert line["same_as"] == registry.same_as(p.id)
        assert line["countries"] == list(dict.fromkeys(loc.country for loc in p.locations))
        assert line["agreement_countries"] == agreement.countries
        assert line["region"] == (agreement.region and str(agreement.region))
        terms = plain(registry.terms_on(p.id, on))
        assert {k[5:]: v for k, v in line.items() if k.startswith("term_") and v is not None} == {
            k: v for k, v in terms.items() if v is not None
        }
        shown = [e for e in p.history if e.on <= on]
        assert [e["sources"] for e in line["history"]] == [e.sources for e in shown]
        assert [e["terms"] for e in line["history"]] == [
            plain(e.terms) if e.terms else None for e in shown
        ]

    provision_fields = _header(exports.provisions_csv(registry, on))
    event_fields = _header(exports.events_csv(registry, on))
    assert all(list(line)[:-1] == provision_fields for line in lines)
    assert all(list(line)[-1] == "history" for line in lines)
    nested = [e for line in lines for e in line["history"]]
    assert event_fields == list(EVENT_COLUMNS)
    assert all(["provision", "agreement", *event] == event_fields for event in nested)
    provisions = registry.to_frame(on)
    events = registry.to_frame(on, table="events")
    assert [*provisions.index.names, *provisions.columns] == provision_fields
    # Indexed by provision and seq: the same names, seq before agreement.
    assert sorted([*events.index.names, *events.columns]) == sorted(event_fields)
    # A frame holds the JSON lines' values: lists and mappings as they are.
    for line in lines:
        for key in ("pax_strengths", "responsible", "agreement_countries"):
            assert provisions.loc[line["id"], key] == line[key]
