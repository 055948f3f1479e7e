"""Places checked against ISO 3166-2: a first-level subdivision its country does not have."""

from __future__ import annotations

from .._model.places import subdivision_hint
from .._model.records import Provision, Record
from .located import Located


def check_places(ctx: Located, record: Record) -> None:
    """Warn where a location names a subdivision its country does not list."""
    if not isinstance(record, Provision):
        return
    for i, location in enumerate(record.locations):
        name = location.subdivision
        if name is None:
            continue
        hint = subdivision_hint(location.country, name)
        if hint is not None:
            ctx.add(
                "S009",
                ("locations", i, "subdivision"),
                f"{name!r} is not a first-level subdivision of {location.country}",
                hint,
            )
