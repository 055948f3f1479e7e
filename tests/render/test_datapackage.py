"""The data package: CSV tables and a Frictionless descriptor with schemas, keys, licences
and sources, valid by Frictionless's own check, typed as the SQLite database is."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from accordreg._registry.related_tables import TABLES
from conftest import DATA, PROJECT, run


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled registry as a data package, through the command line."""
    out = tmp_path_factory.mktemp("package") / "data"
    registry = ["--registry", str(PROJECT / "provisions")]
    code, text = run(
        "export", *registry, "--format", "datapackage", "--out", str(out), "--on", "2026-01-15"
    )
    assert code == 0, text
    return out


def _descriptor(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "datapackage.json").read_text(encoding="utf-8")))


def test_frictionless_finds_the_package_valid(package: Path) -> None:
    """frictionless validate: every table matches its schema, every key and foreign key holds."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
    assert len(report.tasks) == len(TABLES)


def test_frictionless_catches_a_broken_foreign_key(package: Path, tmp_path: Path) -> None:
    """The check is real: an event of a provision that does not exist fails validation."""
    frictionless = pytest.importorskip("frictionless")
    copy = tmp_path / "copy"
    copy.mkdir()
    for item in package.iterdir():
        (copy / item.name).write_bytes(item.read_bytes())
    events = (copy / "events.csv").read_text(encoding="utf-8").splitlines()
    events[1] = "no-such/provision" + events[1][events[1].index(",") :]
    (copy / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def test_descriptor_has_schemas_keys_licences_sources_and_citation(package: Path) -> None:
    """Each resource has a schema with types, a primary key and its foreign keys; the
    package names its licences (the data's own, and PA-X's) and its sources, and says how
    to cite it, with the CITATION.cff beside it."""
    d = _descriptor(package)
    assert d["profile"] == "tabular-data-package"
    assert d["name"] == "accordreg-provisions"
    assert d["version"] == "2025-12-31"
    assert [x["name"] for x in d["licenses"]] == ["MIT", "CC-BY-NC-SA-4.0"]
    assert any(s.get("path") == "https://www.peaceagreements.org" for s in d["sources"])
    assert d["citation"][0]["text"].startswith("accordreg contributors (2026). The 2025")
    assert d["contributors"] == [{"title": "accordreg contributors", "role": "author"}]
    events = next(r for r in d["resources"] if r["name"] == "events")
    assert events["schema"]["primaryKey"] == ["provision", "seq"]
    assert {"fields": ["provision"], "reference": {"resource": "provisions", "fields": ["id"]}} in (
        events["schema"]["foreignKeys"]
    )
    on = next(f for f in events["schema"]["fields"] if f["name"] == "on")
    assert on["type"] == "date"
    parties = next(r for r in d["resources"] if r["name"] == "parties")
    assert parties["schema"]["foreignKeys"][0]["reference"]["resource"] == ""
    assert (package / "CITATION.cff").is_file()


def test_terms_and_a_registry_without_a_citation(registry_dir: Path, tmp_path: Path) -> None:
    """terms.csv has one row per provision and term; a registry with no CITATION.cff and no
    PA-X links gets no licence claimed for it and no CITATION.cff copied, and is valid."""
    path = registry_dir / "kl-declaration-2025" / "release.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "sources:\n  - pax-2850\nhistory:", "terms:\n  count: 18\nsources:\n  - pax-2850\nhistory:"
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "data"
    code, output = run(
        "export", "--registry", str(registry_dir), "--format", "datapackage", "--out", str(out)
    )
    assert code == 0, output
    with (out / "terms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["provision"], r["name"], r["value_json"]) for r in rows] == [
        ("kl-declaration-2025/release", "count", "18")
    ]
    d = _descriptor(out)
    assert "licenses" not in d
    assert not (out / "CITATION.cff").exists()
    frictionless = pytest.importorskip("frictionless")
    assert frictionless.validate(str(out / "datapackage.json")).valid


#: The SQLite type each field type is stored as (dates ISO text, lists JSON text).
SQLITE_TYPES = {
    "string": "TEXT",
    "date": "TEXT",
    "array": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "number": "REAL",
}


def test_fields_are_those_of_the_database_with_the_same_types(
    package: Path, tmp_path: Path
) -> None:
    """Each resource has the columns of its SQLite table, in order, each field typed as the
    column is stored; required fields are the NOT NULL columns, and the foreign keys are
    the database's."""
    out = tmp_path / "same.db"
    registry = ["--registry", str(PROJECT / "provisions")]
    code, text = run("export", *registry, "--format", "sqlite", "--out", str(out))
    assert code == 0, text
    db = sqlite3.connect(out)
    try:
        for resource in _descriptor(package)["resources"]:
            name, schema = resource["name"], resource["schema"]
            columns = db.execute(f'PRAGMA table_info("{name}")').fetchall()
            assert [f["name"] for f in schema["fields"]] == [c[1] for c in columns], name
            for field, column in zip(schema["fields"], columns, strict=True):
                assert SQLITE_TYPES[field["type"]] == column[2], (name, field["name"])
                required = field.get("constraints", {}).get("required", False)
                assert required is bool(column[3]) or field["name"] in schema["primaryKey"]
            keys = {(r[2], r[3], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{name}")')}
            declared = {
                (fk["reference"]["resource"] or name, mine, theirs)
                for fk in schema.get("foreignKeys", [])
                for mine, theirs in zip(fk["fields"], fk["reference"]["fields"], strict=True)
            }
            assert declared == keys, name
    finally:
        db.close()


def test_lists_read_back_as_lists_and_words_have_label_tables(package: Path) -> None:
    """Frictionless reads array fields as lists; categories, statuses, party types and
    reliability levels are resources with labels that the records' fields refer to."""
    frictionless = pytest.importorskip("frictionless")
    read = frictionless.Package(str(package / "datapackage.json"))
    categories = {r["id"]: r for r in read.get_resource("categories").read_rows()}
    assert categories["ceasefire"]["pax_codes"] == ["Ce"]
    assert categories["ceasefire"]["label"] == "Ceasefire"
    provisions = read.get_resource("provisions").read_rows()
    assert all(isinstance(r["pax_codes"], list) for r in provisions)
    references = {
        (resource["name"], fk["fields"][0]): fk["reference"]["resource"]
        for resource in _descriptor(package)["resources"]
        for fk in resource["schema"].get("foreignKeys", [])
    }
    assert references[("provisions", "category")] == "categories"
    assert references[("events", "status")] == "statuses"
    assert references[("current_standing", "status")] == "statuses"
    assert references[("parties", "type")] == "party_types"
    assert references[("sources", "reliability")] == "reliability_levels"
    assert references[("agreement_countries", "country")] == "countries"


def test_a_pax_import_packages_its_fields(tmp_path: Path) -> None:
    """A PA-X import's package is valid and carries region, conflict type, stage,
    countries (a list and a table) and the provisions' codes with their strengths."""
    registry = tmp_path / "pax"
    code, text = run("import", "pax", str(DATA / "pax" / "agreements.csv"), "--out", str(registry))
    assert code == 1, text  # the fixture's two bad rows, reported; the rest imported
    out = tmp_path / "data"
    code, text = run(
        "export", "--registry", str(registry), "--format", "datapackage", "--out", str(out)
    )
    assert code == 0, text
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
    read = frictionless.Package(str(out / "datapackage.json"))
    kl = next(r for r in read.get_resource("agreements").read_rows() if r["id"] == "pax-2850")
    assert (kl["region"], kl["conflict_type"], kl["stage"]) == (
        "Asia and Pacific",
        "Territory",
        "Cea",
    )
    assert kl["countries"] == ["KHM", "THA"]
    codes = {
        (r["code"], r["strength"])
        for r in read.get_resource("provision_pax_codes").read_rows()
        if r["provision"] == "pax-2850/ce"
    }
    assert codes == {("Ce", 2), ("CeGen", 1)}
