"""The registry as pandas frames: :meth:`Registry.to_frame <accordreg.Registry.to_frame>`.

A frame holds the rows of ``flat_tables`` under the names the CSV tables and the JSON
lines use, in pandas' types: each date a ``datetime64[s]`` (one unit for every date
column: seconds reach any date a record can hold, where nanoseconds stop in 2262), each
word of a fixed list (category, status, level basis, text form, the PA-X words) a
categorical whose categories are every word the registry allows, so that counts show
the words no row uses; whole numbers ``Int64``, other numbers ``Float64``, flags
``boolean`` (all three nullable: a level not rated stays missing, never 0); lists and
mappings as Python lists and dicts, as in the JSON lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .._errors import MissingExtra
from .._hints import aside
from .._model.vocabulary import PaxAgreementType, PaxConflictType, PaxRegion, PaxStage, TextForm
from .engine import Basis
from .flat_tables import (
    AGREEMENT_COLUMNS,
    AGREEMENT_EVENT_COLUMNS,
    DATE_COLUMNS,
    EVENT_COLUMNS,
    PROVISION_COLUMNS,
    agreement_event_rows,
    agreement_rows,
    event_rows,
    provision_rows,
    term_columns,
)

if TYPE_CHECKING:
    import pandas

    from .query import Registry

#: The frames ``to_frame`` gives, by the name of the table they hold.
FRAMES = ("provisions", "events", "agreements", "agreement_events")
#: The one type of every date column.
DATE_TYPE = "datetime64[s]"
#: The columns each frame is indexed by.
INDEX = {
    "provisions": ["id"],
    "events": ["provision", "seq"],
    "agreements": ["id"],
    "agreement_events": ["agreement", "seq"],
}

_INTEGERS = {
    "provisions": (
        "pax_agreement",
        "pax_process",
        "pax_strength",
        "events",
        "level",
        "news_age",
        "agreement_rated",
    ),
    "events": ("seq", "level", "level_after"),
    "agreements": ("pax_agreement", "pax_process", "provisions", "agreement_rated"),
    "agreement_events": ("seq",),
}
_NUMBERS = {
    "provisions": ("progress_achieved", "progress_target", "agreement_level"),
    "events": ("progress",),
    "agreements": ("agreement_level",),
    "agreement_events": (),
}
_FLAGS = {
    "provisions": ("overdue", "no_news"),
    "events": (),
    "agreements": (),
    "agreement_events": (),
}


def _words(registry: Registry) -> dict[str, Sequence[str]]:
    """The words each categorical column may hold, in the order the registry declares them."""
    states = registry.lifecycle.states()
    return {
        "category": list(registry.settings.vocabulary.categories),
        "status": states,
        "past_due_while": states,
        "level_basis": [b.value for b in Basis],
        "text_form": [t.value for t in TextForm],
        "region": [r.value for r in PaxRegion],
        "conflict_type": [t.value for t in PaxConflictType],
        "stage": [s.value for s in PaxStage],
        "agreement_type": [t.value for t in PaxAgreementType],
    }


def _typed(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    table: str,
    words: Mapping[str, Sequence[str]],
) -> pandas.DataFrame:
    import numpy
    import pandas as pd

    rows = list(rows)
    data: dict[str, Any] = {}
    for column in columns:
        values = [row[column] for row in rows]
        if column in DATE_COLUMNS[table]:
            # numpy reads ISO dates (and None as NaT) in any unit; pandas' own parser would
            # first make nanoseconds, and refuse a deadline after 2262.
            data[column] = pd.Series(numpy.array(values, dtype=DATE_TYPE), dtype=DATE_TYPE)
        elif column in _INTEGERS[table]:
            data[column] = pd.Series(values, dtype="Int64")
        elif column in _NUMBERS[table]:
            data[column] = pd.Series(values, dtype="Float64")
        elif column in _FLAGS[table]:
            data[column] = pd.Series(values, dtype="boolean")
        elif column in words:
            # A word the lists do not have (none should) is kept as a category of its own,
            # never turned into a missing value.
            allowed = words[column]
            found = [w for w in dict.fromkeys(values) if w is not None and w not in allowed]
            data[column] = pd.Categorical(values, categories=[*allowed, *found])
        else:
            # Text, and lists and mappings: kept as they are, None as None.
            data[column] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(data, columns=list(columns))
    return frame.set_index(INDEX[table])


def to_frame(registry: Registry, on: date, table: str = "provisions") -> pandas.DataFrame:
    """The table ``table`` (one of ``FRAMES``) on ``on`` as a pandas DataFrame."""
    if table not in FRAMES:
        raise ValueError(
            f"to_frame(table=...): {table!r} is not one of {', '.join(FRAMES)}"
            f"{aside(str(table), list(FRAMES))}"
        )
    try:
        import pandas  # noqa: F401
    except ImportError as exc:
        raise MissingExtra("Registry.to_frame() needs pandas", "pandas") from exc
    words = _words(registry)
    if table == "events":
        return _typed(event_rows(registry, on), EVENT_COLUMNS, table, words)
    if table == "agreements":
        return _typed(agreement_rows(registry, on), AGREEMENT_COLUMNS, table, words)
    if table == "agreement_events":
        own = {**words, "status": list(registry.settings.agreement_lifecycle.states())}
        rows = agreement_event_rows(registry, on)
        return _typed(rows, AGREEMENT_EVENT_COLUMNS, table, own)
    terms = term_columns(registry)
    rows = provision_rows(registry, on, terms=terms)
    return _typed(rows, [*PROVISION_COLUMNS, *terms], table, words)
