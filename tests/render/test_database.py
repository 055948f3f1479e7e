"""The SQLite export: related tables with keys, label tables for the registry's words, a
table of each provision's standing that agrees with the registry, full-text search, the PA-X
fields, and metadata Datasette reads."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import accordreg
from accordreg._model.names import SETTINGS_FILE
from accordreg._registry.related_tables import TABLES
from accordreg._render.database import TOKENIZE, write_database
from accordreg._validation.settings_check import read_settings
from accordreg.testing import registries
from conftest import DATA, PROJECT, run

# A registry's own words: categories, party types, roles, reliability and a lifecycle.
OWN, _ = read_settings(PROJECT / "examples" / "custom-vocabulary" / SETTINGS_FILE)

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
    assert tables["provisions"]["facets"] == ["category", "agreement", "pax_strength"]
    assert tables["provisions"]["columns"]["text_form"] == "quote or paraphrase."
    assert tables["categories"]["label_column"] == "label"
    assert (tables["provisions"]["fts_table"], tables["provisions"]["fts_pk"]) == (
        "provisions_fts",
        "rowid",
    )
    searched = {name for name, entry in tables.items() if "fts_table" in entry}
    assert searched == {"provisions", "events", "agreements", "agreement_events", "sources"}


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


def _found(db: sqlite3.Connection, table: str, query: str, key: str = "id") -> list[Any]:
    """The keys of the rows of ``table`` whose full-text index matches ``query``."""
    rows = db.execute(
        f'SELECT t.{key} FROM "{table}_fts" AS f JOIN "{table}" AS t ON t.rowid = f.rowid '
        f'WHERE "{table}_fts" MATCH ? ORDER BY rank',
        (query,),
    )
    return [tuple(r) if len(r) > 1 else r[0] for r in rows]


def test_full_text_search_finds_provisions_by_their_text_and_events_by_their_note(
    db: sqlite3.Connection,
) -> None:
    """A word of a provision's text finds it (in the text column alone too), a word of an
    event's note finds the event, stemmed ("postpone" finds "postponed"), and source and
    agreement titles are searched."""
    assert _found(db, "provisions", "text : jointly") == ["kl-declaration-2025/cybercrime"]
    assert _found(db, "events", "postponed", "provision, seq") == [
        ("kl-declaration-2025/release-of-18", 2)
    ]
    assert _found(db, "events", "postpone", "provision, seq") == [
        ("kl-declaration-2025/release-of-18", 2)
    ]
    assert "kl-declaration-2025" in _found(db, "agreements", "kuala")
    assert _found(db, "sources", "nosuchword") == []
    assert len(_found(db, "sources", "border")) > 1


def test_every_facet_and_foreign_key_column_has_an_index(db: sqlite3.Connection) -> None:
    """Datasette's facets count values by an index, not by reading the table: every facet
    and foreign key column leads an index (or the primary key)."""
    for table in TABLES:
        leading = {tuple(table.primary_key[:1])}
        for index in db.execute(f'PRAGMA index_list("{table.name}")').fetchall():
            columns = db.execute(f'PRAGMA index_info("{index["name"]}")').fetchall()
            leading.add((columns[0]["name"],))
        wanted = {fk.columns[:1] for fk in table.foreign_keys} | {(c,) for c in table.facets}
        assert wanted <= leading, table.name


def test_label_tables_give_the_registrys_words(
    db: sqlite3.Connection, registry: accordreg.Registry
) -> None:
    """Categories, statuses, party types, third-party roles and reliability levels are
    tables of the registry's own words, with labels and descriptions; countries have their
    ISO names; every code of PA-X's codebook has its label."""
    vocabulary = registry.settings.vocabulary
    categories = {r["id"]: r for r in db.execute("SELECT * FROM categories")}
    assert set(categories) == set(vocabulary.categories)
    assert categories["demining"]["label"] == "Demining"
    assert categories["demining"]["description"].startswith("Surveying, marking and clearing")
    assert json.loads(categories["ceasefire"]["pax_codes"]) == ["Ce"]
    statuses = {r["id"]: r for r in db.execute("SELECT * FROM statuses")}
    assert list(statuses) == [str(s) for s in registry.lifecycle.states()]
    assert statuses["suspended"]["description"] == "Paused by a party."
    assert (statuses["in_progress"]["label"], statuses["cancelled"]["final"]) == ("in progress", 1)
    for table, words in (
        ("party_types", vocabulary.party_types),
        ("third_party_roles", vocabulary.roles),
        ("reliability_levels", vocabulary.reliability),
    ):
        rows = {
            r["id"]: (r["label"], r["description"]) for r in db.execute(f"SELECT * FROM {table}")
        }
        assert rows == {w.id: (w.label, w.description or None) for w in words.values()}, table
    assert [tuple(r) for r in db.execute("SELECT * FROM countries")] == [
        ("KHM", "Cambodia"),
        ("MYS", "Malaysia"),
        ("THA", "Thailand"),
    ]
    ce_gen = db.execute("SELECT label, parent FROM pax_codes WHERE id = 'CeGen'").fetchone()
    assert tuple(ce_gen) == ("Ceasefire: General commitments", "Ce")


def test_pax_fields_are_empty_where_the_registry_has_none(db: sqlite3.Connection) -> None:
    """The bundled registry records no PA-X region, conflict type, stage or strength: those
    columns are empty, not guessed, and its agreements name no countries."""
    row = db.execute(
        "SELECT COUNT(region), COUNT(conflict_type), COUNT(stage), "
        "SUM(countries != '[]') FROM agreements"
    ).fetchone()
    assert tuple(row) == (0, 0, 0, 0)
    assert db.execute("SELECT COUNT(*) FROM agreement_countries").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(pax_strength) FROM provisions").fetchone()[0] == 0


def test_pax_fields_are_columns_and_tables(tmp_path: Path) -> None:
    """A PA-X import's region, conflict type, stage and countries are agreement columns
    (countries a JSON array and a table); its codes and strengths are provision columns
    and a table, each code with its PA-X label."""
    registry = tmp_path / "pax"
    code, text = run("import", "pax", str(DATA / "pax" / "agreements.csv"), "--out", str(registry))
    assert code == 1, text  # the fixture's two bad rows, reported; the rest imported
    out = tmp_path / "pax.db"
    code, text = run("export", "--registry", str(registry), "--format", "sqlite", "--out", str(out))
    assert code == 0, text
    db = sqlite3.connect(out)
    db.row_factory = sqlite3.Row
    try:
        kl = db.execute("SELECT * FROM agreements WHERE id = 'pax-2850'").fetchone()
        assert (kl["region"], kl["conflict_type"], kl["stage"]) == (
            "Asia and Pacific",
            "Territory",
            "Cea",
        )
        assert json.loads(kl["countries"]) == ["KHM", "THA"]
        countries = db.execute(
            "SELECT c.id, c.name FROM agreement_countries AS a JOIN countries AS c "
            "ON c.id = a.country WHERE a.agreement = 'pax-2850' ORDER BY c.id"
        ).fetchall()
        assert [tuple(r) for r in countries] == [("KHM", "Cambodia"), ("THA", "Thailand")]
        ce = db.execute("SELECT * FROM provisions WHERE id = 'pax-2850/ce'").fetchone()
        assert (json.loads(ce["pax_codes"]), ce["pax_strength"]) == (["Ce", "CeGen"], 2)
        codes = db.execute(
            "SELECT c.code, c.strength, p.label FROM provision_pax_codes AS c "
            "JOIN pax_codes AS p ON p.id = c.code WHERE c.provision = 'pax-2850/ce'"
        ).fetchall()
        assert [tuple(r) for r in codes] == [
            ("Ce", 2, "Ceasefire"),
            ("CeGen", 1, "Ceasefire: General commitments"),
        ]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_the_search_index_follows_edits_of_the_database(database: Path, tmp_path: Path) -> None:
    """Triggers keep each full-text index true to its table when someone edits the
    database: a changed text is found by its new words, no longer by its old ones."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(database.read_bytes())
    db = sqlite3.connect(copy)
    try:
        with db:
            db.execute(
                "UPDATE provisions SET text = 'Both sides clear the minefields of Sector Nine.' "
                "WHERE id = 'kl-declaration-2025/cybercrime'"
            )
        assert _found(db, "provisions", "minefield") == ["kl-declaration-2025/cybercrime"]
        assert _found(db, "provisions", "text : jointly") == []
        db.execute("INSERT INTO provisions_fts (provisions_fts) VALUES ('integrity-check')")
    finally:
        db.close()


def test_datasette_searches_and_shows_labels_in_facets(database: Path) -> None:
    """Through Datasette: ?_search= finds a provision by a word of its text and an event by
    a word of its note; facets and rows show the labels of categories and statuses."""
    datasette_app = pytest.importorskip("datasette.app")
    meta = json.loads(database.with_name("accords.metadata.json").read_text(encoding="utf-8"))

    async def ask(*paths: str) -> list[dict[str, Any]]:
        datasette = datasette_app.Datasette([str(database)], metadata=meta)
        await datasette.invoke_startup()
        answers = [await datasette.client.get(path) for path in paths]
        assert [a.status_code for a in answers] == [200] * len(answers)
        return [a.json() for a in answers]

    provisions, events, standing, row = asyncio.run(
        ask(
            "/accords/provisions.json?_search=jointly&_shape=objects",
            "/accords/events.json?_search=postponed&_shape=objects",
            "/accords/current_standing.json?_size=0",
            "/accords/provisions.json?_labels=on&_shape=objects&id=kl-declaration-2025/demining",
        )
    )
    assert [r["id"] for r in provisions["rows"]] == ["kl-declaration-2025/cybercrime"]
    assert [(r["provision"], r["seq"]) for r in events["rows"]] == [
        ("kl-declaration-2025/release-of-18", 2)
    ]

    def labels(answer: dict[str, Any], facet: str) -> dict[str, str]:
        results = answer["facet_results"]
        results = results.get("results", results)
        return {r["value"]: r["label"] for r in results[facet]["results"]}

    assert labels(provisions, "category") == {"cybercrime_cooperation": "Cybercrime cooperation"}
    assert labels(standing, "status")["in_progress"] == "in progress"
    assert row["rows"][0]["category"] == {"value": "demining", "label": "Demining"}


def _has_words(text: str) -> bool:
    """Whether SQLite's tokenizer reads any word in ``text`` (a title of punctuation alone,
    or of letters its Unicode tables do not know, has none and is found by no search)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZE}')")
        probe.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
        probe.execute("INSERT INTO t VALUES (?)", (text,))
        return bool(probe.execute("SELECT COUNT(*) FROM v").fetchone()[0])
    finally:
        probe.close()


def _phrase(column: str, text: str) -> str:
    """An FTS5 query for ``text`` as one phrase in ``column``."""
    return f'{column} : "{text.replace(chr(34), chr(34) * 2)}"'


@given(registries(settings=OWN))
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_registry_exports_its_words_keys_and_search_index(
    tmp_path_factory: pytest.TempPathFactory, registry: accordreg.Registry
) -> None:
    """For any registry in words of its own: the label tables are its vocabulary and
    lifecycle, every foreign key resolves, and every provision is found by its title and
    every event by its note, searched as a phrase."""
    out = tmp_path_factory.mktemp("any") / "any.db"
    write_database(registry, out, date(2025, 1, 1))
    db = sqlite3.connect(out)
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        words = OWN.vocabulary
        for table, section in (
            ("party_types", words.party_types),
            ("third_party_roles", words.roles),
            ("reliability_levels", words.reliability),
        ):
            rows = db.execute(f"SELECT id, label, description FROM {table}").fetchall()
            assert rows == [(w.id, w.label, w.description or None) for w in section.values()]
        categories = db.execute("SELECT id, label FROM categories").fetchall()
        assert categories == [(c.id, c.label) for c in words.categories.values()]
        statuses = db.execute("SELECT id, label, description FROM statuses").fetchall()
        rules = OWN.lifecycle.table
        assert statuses == [(str(s), r.label, r.description) for s, r in rules.items()]
        for p in registry.provisions.values():
            if _has_words(p.title):
                assert p.id in _found(db, "provisions", _phrase("title", p.title))
            for seq, event in enumerate(p.history, start=1):
                if event.note and _has_words(event.note):
                    found = _found(db, "events", _phrase("note", event.note), "provision, seq")
                    assert (p.id, seq) in found
    finally:
        db.close()
