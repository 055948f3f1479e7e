"""The registry as a Frictionless data package people cite: CSV tables and a descriptor.

``DIR/`` gets one CSV file per table of :mod:`accordreg._registry.related_tables` and a
``datapackage.json`` with each table's schema (field types, required fields, primary and
foreign keys), the licences, the sources and how to cite the data (a ``CITATION.cff`` is
copied beside it when the registry has one). Text cells that a spreadsheet would run as a
formula are written with a leading ``'`` (see :func:`accordreg._render.safe.csv_cell`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import AccordregError
from .._model.names import CITATION_FILE
from .._registry.citation import credits, registry_folder
from .._registry.related_rows import rows
from .._registry.related_tables import TABLES, Table, Value
from .._store.atomic import Staged, check_folder, failed, make_folder
from .._store.read import read_bytes
from .citation import bibtex, reference
from .database import describe, licences
from .safe import csv_cell

if TYPE_CHECKING:
    from .._registry.query import Registry

DESCRIPTOR = "datapackage.json"


def _csv(table: Table, data: list[tuple[Value, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.names)
    kinds = [c.type for c in table.columns]
    for values in data:
        writer.writerow([_value(kind, value) for kind, value in zip(kinds, values, strict=True)])
    return buffer.getvalue()


def _value(kind: str, value: Value) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return str(csv_cell(str(value)))
    return str(value)


def _schema(table: Table) -> dict[str, Any]:
    fields = []
    for c in table.columns:
        entry: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        if c.required:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.columns),
                # A table that refers to itself names no resource (the spec's own rule).
                "reference": {
                    "resource": "" if fk.table == table.name else fk.table,
                    "fields": list(fk.references),
                },
            }
            for fk in table.foreign_keys
        ]
    return schema


def _name(registry: Registry) -> str:
    folder = registry_folder(registry)
    base = folder.resolve().name if folder else "registry"
    slug = re.sub(r"[^a-z0-9._-]+", "-", base.lower()).strip("-._") or "registry"
    return f"accordreg-{slug}"


def descriptor(registry: Registry, on: date) -> dict[str, Any]:
    """The datapackage.json: the tables, their schemas, licences, sources and citation."""
    about = describe(registry)
    found = credits(registry)
    out: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _name(registry),
        "title": about["title"],
    }
    if about["description"]:
        out["description"] = about["description"]
    if found.dataset and found.dataset.version:
        out["version"] = found.dataset.version
    # The date the standing is computed for, not the time of writing: the same registry
    # and date give the same package.
    out["created"] = f"{on.isoformat()}T00:00:00Z"
    authors = found.dataset.authors if found.dataset else ()
    out["contributors"] = [{"title": a, "role": "author"} for a in authors]
    given = licences(registry)
    if given:
        out["licenses"] = [
            {"name": name, "title": title, **({"path": url} if url else {})}
            for name, title, url in given
        ]
    sources = [{"title": "The documents each record cites: the sources table (sources.csv)."}]
    if found.pax:
        sources.append(
            {
                "title": "PA-X, the Peace Agreements Database",
                "path": "https://www.peaceagreements.org",
            }
        )
    sources += [{"title": d.name, "path": d.url} for d in found.held]
    out["sources"] = sources
    # Not part of the Data Package standard: how to cite the data and what it rests on.
    out["citation"] = [
        {"what": what, "text": reference(c), "bibtex": bibtex(c)} for what, c in found.all()
    ]
    out["resources"] = [
        {
            "name": table.name,
            "path": f"{table.name}.csv",
            "profile": "tabular-data-resource",
            "title": table.title,
            "description": table.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": _schema(table),
        }
        for table in TABLES
    ]
    return out


def write_datapackage(registry: Registry, out: Path, on: date) -> list[tuple[Path, str]]:
    """Write the CSV tables, datapackage.json and CITATION.cff into the folder ``out``.

    Every file is written to a temporary name first; then the old descriptor is removed,
    the tables and the citation are renamed into place, and the new descriptor last. A
    run that fails or is killed before the renames leaves the old package as it was (and
    temporary files that the next run removes); one killed during them leaves no
    descriptor, never one that describes a mix of old and new tables. Other files in
    ``out`` are left alone.
    """
    if not check_folder(out):
        make_folder(out)
    data = rows(registry, on)
    target = out / DESCRIPTOR
    written = [(target, f"descriptor of {len(TABLES)} CSV tables")]
    with Staged(name="datapackage") as staged:
        for table in TABLES:
            staged.add(out / f"{table.name}.csv", _csv(table, data[table.name]).encode("utf-8"))
        folder = registry_folder(registry)
        if folder is not None and (folder / CITATION_FILE).is_file():
            staged.add(out / CITATION_FILE, _citation(folder / CITATION_FILE))
            written.append((out / CITATION_FILE, "citation"))
        text = json.dumps(descriptor(registry, on), indent=2, ensure_ascii=False) + "\n"
        staged.add(target, text.encode("utf-8"))
        staged.commit(before=lambda: _remove_descriptor(target))
    return written


def _citation(path: Path) -> bytes:
    try:
        return read_bytes(str(path))
    except OSError as exc:
        raise AccordregError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _remove_descriptor(target: Path) -> None:
    """Remove the old descriptor (checked to be a regular file when its new one was added)."""
    try:
        target.unlink(missing_ok=True)
    except OSError as exc:
        raise failed(target, exc) from exc
