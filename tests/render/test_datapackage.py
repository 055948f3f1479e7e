"""The data package: CSV tables and a Frictionless descriptor with schemas, keys, licences
and sources, valid by Frictionless's own check."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from accordreg._registry.related_tables import TABLES
from conftest import PROJECT, run


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
