"""The registry's words as tables: categories, statuses, party types, third-party roles,
reliability levels, countries and PA-X codes, each with the label people read.

Records name these by id; the related tables refer to them with foreign keys, so that a
database browser (Datasette) shows a facet on ``category`` or ``status`` with the labels
of the registry's own vocabulary and lifecycle, not the bare ids.
"""

from __future__ import annotations

from .table_types import Table, column, key

_ID = column("id", "string", "The word, as records write it.", required=True)
_LABEL = column("label", "string", "Its name for people.", required=True)
_DESCRIPTION = column("description", "string", "What it means.")


def _words(name: str, title: str, description: str) -> Table:
    return Table(name, title, description, (_ID, _LABEL, _DESCRIPTION), ("id",), label="label")


#: The label tables, each before any table that refers to it.
LABEL_TABLES: tuple[Table, ...] = (
    Table(
        "categories",
        "Categories",
        "What kind of commitment each provision is: the registry's categories.",
        (
            _ID,
            _LABEL,
            _DESCRIPTION,
            column("pax_codes", "array", "The PA-X code families it covers."),
        ),
        ("id",),
        label="label",
    ),
    Table(
        "statuses",
        "Statuses",
        "The states of the registry's lifecycle.",
        (
            column("id", "string", "The state, as events write it.", required=True),
            _LABEL,
            _DESCRIPTION,
            column("done", "boolean", "Whether deadlines no longer bind in it.", required=True),
            column("final", "boolean", "Whether no move leads out of it.", required=True),
        ),
        ("id",),
        label="label",
    ),
    _words("party_types", "Party types", "What sort of actor each party is."),
    _words(
        "third_party_roles",
        "Third-party roles",
        "What a party outside an agreement does for it: witness, guarantor, mediator, ...",
    ),
    _words("reliability_levels", "Reliability levels", "How far each source can be trusted."),
    Table(
        "countries",
        "Countries",
        "The countries the records name, by ISO 3166-1 alpha-3 code.",
        (
            column("id", "string", "ISO 3166-1 alpha-3 code.", required=True),
            column(
                "name",
                "string",
                "Its name in ISO 3166-1; the code itself for a user-assigned code (XKX).",
                required=True,
            ),
        ),
        ("id",),
        label="name",
    ),
    Table(
        "pax_codes",
        "PA-X provision codes",
        "PA-X's provision codes: the codebook shipped with accordreg, and any other code the "
        "records use.",
        (
            column("id", "string", "The code, as PA-X's CSV names its column.", required=True),
            column("label", "string", "PA-X's label for it.", required=True),
            column("parent", "string", "The code it is a sub-code of."),
            column("pax_group", "string", "PA-X's top-level category of the code."),
        ),
        ("id",),
        (key("parent", "pax_codes"),),
        facets=("pax_group",),
        label="label",
    ),
)
