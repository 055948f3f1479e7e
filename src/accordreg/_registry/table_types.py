"""What a related table is made of: typed columns, a primary key, foreign keys, and how
people browse and search it.

The tables themselves are declared in :mod:`.related_tables` (the records) and
:mod:`.label_tables` (the registry's words); the SQLite database and the data package are
both written from these declarations, so that a column has one name and one type in both.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A cell as the rows hold it: lists are JSON text (``array``).
Value = str | int | float | bool | None

#: The column types, named as Frictionless names them: SQLite stores ``date`` as ISO text
#: and ``array`` as JSON text.
TYPES = ("string", "date", "integer", "number", "boolean", "array")


@dataclass(frozen=True)
class Column:
    """A column: its name, its type (one of :data:`TYPES`), its meaning."""

    name: str
    type: str
    description: str
    required: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that name rows of another (or the same) table."""

    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: what it holds, its columns, its keys, and how to browse and search it."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    #: Columns worth counting values of (Datasette facets); each gets an index.
    facets: tuple[str, ...] = ()
    #: The column that names a row, where there is one (what a foreign key shows).
    label: str | None = None
    #: Text columns searched as words (SQLite FTS5, Datasette's ``?_search=``).
    search: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)


def column(name: str, kind: str, description: str, *, required: bool = False) -> Column:
    """A :class:`Column` (shorter to write in a table of tables)."""
    return Column(name, kind, description, required)


def key(columns: str, table: str, references: str = "id") -> ForeignKey:
    """A :class:`ForeignKey` from comma-separated column names."""
    return ForeignKey(tuple(columns.split(",")), table, tuple(references.split(",")))
