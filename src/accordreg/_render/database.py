"""The registry as a SQLite database people query, with the metadata Datasette reads.

``OUT.db`` holds the tables of :mod:`accordreg._registry.related_tables` with their primary and
foreign keys; ``current_standing`` holds each provision's standing on the export date as
the engine gives it to every other view (no rule is worked out again in SQL). Titles, texts,
notes and source titles are searchable as words (an SQLite FTS5 index per table, kept up to
date by triggers if the database is edited), and every foreign key and facet column has an
index. ``OUT.metadata.json`` beside it gives Datasette (``datasette OUT.db -m
OUT.metadata.json``) titles, descriptions, facets, the label of each table, the full-text
indexes and the licences. Metadata values are plain text: Datasette escapes them (no
``*_html`` keys are written, so no record text is ever shown as markup).

The schema, the full-text indexes with their triggers, and the indexes are built with
sqlite-utils, which writes them as SQLite documents them (external-content FTS5 tables
that Datasette finds, compound foreign keys, one transaction throughout); the rows are
inserted straight through the connection, in the same transaction.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import WriteError
from .._registry.citation import credits
from .._registry.related_rows import rows
from .._registry.related_tables import TABLES, Table, Value
from .._store.atomic import (
    check_target,
    failed,
    held_temporary,
    ready_to_move,
    sweep_stale,
    write_text,
)
from .citation import reference

if TYPE_CHECKING:
    import sqlite_utils

    from .._registry.query import Registry

#: The Python type sqlite-utils makes each column type's SQLite type from: dates are ISO
#: text, booleans 0 or 1, lists JSON text.
_PY_TYPES: dict[str, type] = {
    "string": str,
    "date": str,
    "integer": int,
    "number": float,
    "boolean": int,
    "array": str,
}

#: The full-text index's tokenizer: Porter stemming, so that "release" finds "released".
TOKENIZE = "porter"


#: Licences by the names records and citation files use, with where to read them.
LICENCES = {
    "MIT": ("MIT License", "https://opensource.org/licenses/MIT"),
    "CC-BY-NC-SA-4.0": (
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}


def _create(db: sqlite_utils.Database, table: Table) -> None:
    """The table, with its primary key, NOT NULL columns and foreign keys."""
    keys: list[Any] = [
        (fk.columns[0], fk.table, fk.references[0])
        if len(fk.columns) == 1
        else (fk.columns, fk.table, fk.references)
        for fk in table.foreign_keys
    ]
    db[table.name].create(  # type: ignore[union-attr]
        {c.name: _PY_TYPES[c.type] for c in table.columns},
        pk=table.primary_key if len(table.primary_key) > 1 else table.primary_key[0],
        foreign_keys=keys,
        not_null={c.name for c in table.columns if c.required},
    )


def _indexes(db: sqlite_utils.Database, table: Table) -> None:
    """An index on each foreign key and facet column, unless one already starts with it
    (the primary key's covers its first column)."""
    have = [tuple(table.primary_key)]
    wanted = [fk.columns for fk in table.foreign_keys] + [(c,) for c in table.facets]
    for columns in wanted:
        if any(index[: len(columns)] == columns for index in have):
            continue
        db[table.name].create_index(columns)  # type: ignore[union-attr]
        have.append(columns)


def write_database(registry: Registry, path: Path, on: date) -> None:
    """The tables in a new SQLite file at ``path`` (replaced whole).

    Written into a temporary file beside it, held locked as :mod:`~accordreg._store.atomic`
    holds its own, then renamed. WriteError (one line) where the file cannot be written, a
    full disk included; nothing is then left behind.
    """
    data = rows(registry, on)
    check_target(path)
    sweep_stale(path.parent)
    fd, tmp = held_temporary(path)
    try:
        _fill(tmp, data)
        os.chmod(tmp, 0o644)
        fd = ready_to_move(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            fd = ready_to_move(fd)
        except OSError:
            fd = -1  # closed, or as good as
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise _failed(path, exc) from None
        if isinstance(exc, OSError):
            raise failed(path, exc) from exc
        raise
    finally:
        if fd >= 0:
            os.close(fd)  # the lock goes with it: the file is in place, or gone


#: SQLite's result codes for a write that could not be made, as the system's errors.
_SQLITE_ERRNO = {
    3: errno.EACCES,  # SQLITE_PERM
    8: errno.EROFS,  # SQLITE_READONLY
    10: errno.EIO,  # SQLITE_IOERR
    13: errno.ENOSPC,  # SQLITE_FULL
    14: errno.ENOENT,  # SQLITE_CANTOPEN
}


def _failed(path: Path, exc: sqlite3.Error) -> WriteError:
    """The WriteError for an SQLite error: the system's words for its cause."""
    primary = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    code = _SQLITE_ERRNO.get(primary)
    if code is None:
        return WriteError(path, str(exc) or type(exc).__name__, errno.EIO)
    return failed(path, OSError(code, str(exc)))


def _fill(tmp: str, data: dict[str, list[tuple[Value, ...]]]) -> None:
    """Create the tables in the SQLite file ``tmp``, write ``data`` into them, then the
    full-text indexes and the indexes."""
    # Imported here, not with the module: the data package and the metadata need none of it.
    import sqlite_utils

    connection = sqlite3.connect(tmp)
    try:
        # The file is thrown away whole if the write fails: no journal on disk, which a
        # killed run would leave behind.
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute("PRAGMA foreign_keys = ON")
        # No sqlite-utils plugins: what happens to the connection is the export's own.
        db = sqlite_utils.Database(connection, execute_plugins=False)
        # One transaction, its keys checked when the whole is written: a row may name one
        # written after it (a party a member of one whose id sorts later, a successor
        # provision).
        with db.atomic():
            connection.execute("PRAGMA defer_foreign_keys = ON")
            for table in TABLES:
                _create(db, table)
                marks = ", ".join("?" * len(table.columns))
                connection.executemany(
                    f'INSERT INTO "{table.name}" VALUES ({marks})', data[table.name]
                )
            for table in TABLES:
                if table.search:
                    # Triggers keep the index true to the table if someone edits the
                    # database; the export itself writes each table once, before this.
                    db[table.name].enable_fts(  # type: ignore[union-attr]
                        table.search, create_triggers=True, tokenize=TOKENIZE
                    )
                _indexes(db, table)
        # The query planner's statistics, for the facets' GROUP BY and the joins.
        db.analyze()
        # A registry that loaded has no dangling reference; this says so if that ever
        # changes.
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ValueError(f"foreign keys that do not resolve: {broken[:5]}")
    finally:
        connection.close()


def licences(registry: Registry) -> list[tuple[str, str, str]]:
    """(name, title, address) of each licence the data comes under."""
    found = credits(registry)
    names = [found.dataset.licence] if found.dataset and found.dataset.licence else []
    if found.pax and found.pax.licence:
        names.append(found.pax.licence)
    names += [c.licence for _, c in found.outcomes if c.licence]
    out = []
    for name in dict.fromkeys(names):
        title, url = LICENCES.get(name, (name, ""))
        out.append((name, title, url))
    return out


def describe(registry: Registry) -> dict[str, str]:
    """Title and description of the published data, from its citation where it has one."""
    found = credits(registry)
    if found.dataset:
        text = found.dataset.note or ""
        return {"title": found.dataset.title, "description": text, "cite": reference(found.dataset)}
    name = registry.settings.name or "Peace-agreement provisions"
    return {"title": name, "description": "", "cite": ""}


def metadata(registry: Registry, database: str, on: date) -> dict[str, Any]:
    """Datasette's metadata: titles, descriptions, column meanings, facets, licences."""
    about = describe(registry)
    found = credits(registry)
    description = " ".join(
        x
        for x in (
            about["description"],
            f"Standing as of {on.isoformat()}: see the current_standing table.",
            f"Cite as: {about['cite']}" if about["cite"] else "",
        )
        if x
    )
    out: dict[str, Any] = {"title": about["title"], "description": description}
    given = licences(registry)
    if given:
        out["license"] = " and ".join(title for _, title, _ in given)
        if len(given) == 1 and given[0][2]:
            out["license_url"] = given[0][2]
    if found.pax:
        out["source"] = "PA-X, the Peace Agreements Database (PeaceRep, University of Edinburgh)"
        out["source_url"] = "https://www.peaceagreements.org"
    tables: dict[str, Any] = {}
    for table in TABLES:
        entry: dict[str, Any] = {
            "title": table.title,
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
        if table.facets:
            entry["facets"] = list(table.facets)
        if table.label:
            entry["label_column"] = table.label
        if table.search:
            # Datasette finds an external-content FTS table by itself; naming it makes
            # ?_search= work whatever Datasette's detection does.
            entry["fts_table"] = f"{table.name}_fts"
            entry["fts_pk"] = "rowid"
        tables[table.name] = entry
    out["databases"] = {
        database: {
            "tables": tables,
            "queries": {
                "past_due": {
                    "title": "Past due, no completion recorded",
                    "sql": "SELECT s.provision, p.title, s.agreement, s.status, s.past_due, "
                    "s.past_due_while FROM current_standing AS s "
                    "JOIN provisions AS p ON p.id = s.provision "
                    "WHERE s.past_due IS NOT NULL ORDER BY s.past_due",
                },
                "no_news": {
                    "title": "No news for longer than the registry's threshold",
                    "sql": "SELECT s.provision, p.title, s.agreement, s.status, s.last_news, "
                    "s.news_age_days FROM current_standing AS s "
                    "JOIN provisions AS p ON p.id = s.provision "
                    "WHERE s.no_news ORDER BY s.last_news",
                },
            },
        }
    }
    return out


def write_sqlite(registry: Registry, out: Path, on: date) -> list[tuple[Path, str]]:
    """``out`` (the database) and ``<stem>.metadata.json`` beside it, for Datasette."""
    write_database(registry, out, on)
    meta = out.with_name(f"{out.stem}.metadata.json")
    text = json.dumps(metadata(registry, out.stem, on), indent=2, ensure_ascii=False)
    write_text(meta, text + "\n")
    return [(out, "database"), (meta, "Datasette metadata")]
