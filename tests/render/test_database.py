"""The SQLite export: related tables with keys, a view of each provision's standing that
agrees with the registry, and metadata Datasette reads."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import accordreg
from accordreg._registry.related_tables import TABLES
from conftest import PROJECT, run

ON = date(2026, 1, 15)


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(PROJECT / "provisions")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled registry exported to SQLite through the command line."""
    out = tmp_path_factory.mktemp("db") / "accords.db"
    registry = ["--registry", str(PROJECT / "provisions")]
    code, text = run(
        "export", *registry, "--format", "sqlite", "--out", str(out), "--on", "2026-01-15"
    )
    assert code == 0, text
    assert "accords.metadata.json (Datasette metadata)" in text
    return out


@pytest.fixture
def db(database: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the exported database."""
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def test_tables_have_keys_and_foreign_keys(db: sqlite3.Connection) -> None:
    """Every table has its primary key; every foreign key is declared and resolves."""
    for table in TABLES:
        info = db.execute(f'PRAGMA table_info("{table.name}")').fetchall()
        keys = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
        assert tuple(keys) == table.primary_key, table.name
        declared = {
            (r["table"], r["from"], r["to"])
            for r in db.execute(f'PRAGMA foreign_key_list("{table.name}")')
        }
        for fk in table.foreign_keys:
            for mine, theirs in zip(fk.columns, fk.references, strict=True):
                assert (fk.table, mine, theirs) in declared, (table.name, fk)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_tables_hold_the_registry(db: sqlite3.Connection, registry: accordreg.Registry) -> None:
    """One row per record, per event, per deadline; one row per provision and term."""

    def count(table: str) -> int:
        return int(db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])

    assert count("agreements") == len(registry.agreements)
    assert count("provisions") == len(registry.provisions)
    assert count("parties") == len(registry.parties)
    assert count("sources") == len(registry.sources)
    assert count("events") == sum(len(p.history) for p in registry.provisions.values())
    assert count("deadlines") == sum(len(p.deadlines) for p in registry.provisions.values())
    terms = sum(len(registry.terms_on(pid, ON)) for pid in registry.provisions)
    assert count("terms") == terms
    row = db.execute(
        "SELECT e.status, e.note, group_concat(s.source, ' ') AS sources FROM events e "
        "JOIN event_sources s USING (provision, seq) "
        "WHERE e.provision = 'kl-declaration-2025/release-of-18' AND e.seq = 2 GROUP BY e.seq"
    ).fetchone()
    assert row["status"] == "suspended"
    assert row["note"].startswith("Thailand postponed the release of the 18,")
    assert set(row["sources"].split()) == {
        "hurriyet-daily-news-2025-11-10",
        "astro-awani-suspension-2025-11",
    }


def test_the_standing_view_agrees_with_the_registry(
    db: sqlite3.Connection, registry: accordreg.Registry
) -> None:
    """current_standing gives each provision the status, level, since, next deadline, past
    due and no-news flag that Registry.standing gives on the export date."""
    rows = {r["provision"]: r for r in db.execute("SELECT * FROM current_standing")}
    assert set(rows) == set(registry.provisions)
    for pid in registry.provisions:
        s = registry.standing(pid, ON)
        r = rows[pid]
        assert r["status"] == (str(s.status) if s.status else None), pid
        assert r["level"] == s.level, pid
        assert r["since"] == (s.since.isoformat() if s.since else None), pid
        due = s.next_deadline.due if s.next_deadline else None
        assert r["next_deadline"] == (due.isoformat() if due else None), pid
        assert r["past_due"] == (s.missed.due.isoformat() if s.missed and s.missed.due else None)
        assert bool(r["no_news"]) is s.stale, pid
    assert rows["gbc-2025-10-23/cyber-scam-action-plan"]["past_due"] == "2025-11-06"


def test_metadata_gives_titles_descriptions_and_facets(database: Path) -> None:
    """The metadata names the data, its licences and PA-X, and every table and column."""
    meta = json.loads(database.with_name("accords.metadata.json").read_text(encoding="utf-8"))
    assert meta["title"].startswith("The 2025 Thailand–Cambodia border process")
    assert "Cite as: accordreg contributors (2026)." in meta["description"]
    assert meta["license"] == "MIT License and Creative Commons Attribution-NonCommercial-" + (
        "ShareAlike 4.0"
    )
    assert meta["source_url"] == "https://www.peaceagreements.org"
    tables = meta["databases"]["accords"]["tables"]
    assert set(tables) == {t.name for t in TABLES} | {"current_standing"}
    assert tables["provisions"]["facets"] == ["category", "agreement"]
    assert tables["provisions"]["columns"]["text_form"] == "quote or paraphrase."


def test_datasette_serves_the_database_with_its_metadata(database: Path) -> None:
    """Datasette's own test client: the tables, the facets, the view and the canned query."""
    datasette_app = pytest.importorskip("datasette.app")
    meta = json.loads(database.with_name("accords.metadata.json").read_text(encoding="utf-8"))

    async def ask() -> dict[str, Any]:
        datasette = datasette_app.Datasette([str(database)], metadata=meta)
        await datasette.invoke_startup()
        client = datasette.client
        home = await client.get("/")
        table = await client.get("/accords/provisions.json?_shape=objects")
        view = await client.get("/accords/current_standing.json?_shape=array&status=agreed")
        query = await client.get("/accords/past_due.json?_shape=array")
        page = await client.get("/accords/provisions")
        return {
            "home": home.text,
            "table": table.json(),
            "view": view.json(),
            "query": query.json(),
            "page": page.text,
            "status": [r.status_code for r in (home, table, view, query, page)],
        }

    found = asyncio.run(ask())
    assert found["status"] == [200] * 5
    assert "The 2025 Thailand–Cambodia border process" in found["home"]
    facets = found["table"]["facet_results"]
    results = facets.get("results", facets)
    assert {"category", "agreement"} <= set(results)
    assert len(found["table"]["rows"]) == 28
    assert {r["provision"] for r in found["view"]} >= {"kl-declaration-2025/cybercrime"}
    assert {r["status"] for r in found["view"]} == {"agreed"}
    assert [r["past_due"] for r in found["query"]] == ["2025-11-06", "2025-11-21"]
    assert "Joint action against scam and cybercrime networks" in found["page"]


def test_export_refuses_a_folder_for_a_file_format(tmp_path: Path) -> None:
    """--format sqlite with --out naming a folder is a usage error (exit 2)."""
    code, text = run(
        "export",
        "--registry",
        str(PROJECT / "provisions"),
        "--format",
        "sqlite",
        "--out",
        str(tmp_path),
    )
    assert code == 2
    assert "writes a file" in text


def test_terms_are_one_row_per_provision_and_term(registry_dir: Path, tmp_path: Path) -> None:
    """Each term on record by the export date is a row, with its value as text and JSON and
    the date it is on record from (an event's terms from that event's date)."""
    path = registry_dir / "kl-declaration-2025" / "release.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "sources:\n  - pax-2850\nhistory:", "terms:\n  count: 18\nsources:\n  - pax-2850\nhistory:"
    )
    path.write_text(text + "    progress: 18\n    terms:\n      who: soldiers\n", encoding="utf-8")
    out = tmp_path / "terms.db"
    registry = ["--registry", str(registry_dir)]
    code, output = run(
        "export", *registry, "--format", "sqlite", "--out", str(out), "--on", "2026-01-15"
    )
    assert code == 0, output
    connection = sqlite3.connect(out)
    try:
        rows = connection.execute(
            "SELECT provision, name, value, value_json, since FROM terms ORDER BY name"
        ).fetchall()
        standing = connection.execute(
            "SELECT level, progress FROM current_standing WHERE provision = ?",
            ("kl-declaration-2025/release",),
        ).fetchone()
    finally:
        connection.close()
    assert rows == [
        ("kl-declaration-2025/release", "count", "18", "18", "2025-10-26"),
        ("kl-declaration-2025/release", "who", "soldiers", '"soldiers"', "2025-12-31"),
    ]
    assert standing == (3, "18/18 released")


def test_a_party_member_of_one_whose_id_sorts_later_is_exported(
    registry_dir: Path, tmp_path: Path
) -> None:
    """Foreign keys are checked once the whole database is written: `member_of` may name a
    party written after the member."""
    (registry_dir / "parties" / "zz-union.yaml").write_text(
        "kind: party\nid: zz-union\nname: A union\ntype: organisation\n", encoding="utf-8"
    )
    cambodia = registry_dir / "parties" / "cambodia.yaml"
    cambodia.write_text(cambodia.read_text() + "member_of: zz-union\n", encoding="utf-8")
    out = tmp_path / "db.sqlite"
    code, text = run(
        "export", "--registry", str(registry_dir), "--format", "sqlite", "--out", str(out)
    )
    assert code == 0, text
    db = sqlite3.connect(out)
    assert db.execute("SELECT member_of FROM parties WHERE id = 'cambodia'").fetchone() == (
        "zz-union",
    )
    db.close()
