"""Places checked against ISO 3166-2: a first-level subdivision its country does not have."""

from __future__ import annotations

from ..model.places import subdivision_hint
from ..model.records import Location, Provision, Record
from .located import Located


def check_places(ctx: Located, record: Record) -> None:
    """Warn where a location names a subdivision its country does not list."""
    if not isinstance(record, Provision):
        return
    for i, location in enumerate(record.locations):
        _check(ctx, location, ("locations", i, "subdivision"))


def _check(ctx: Located, location: Location, loc: tuple[str | int, ...]) -> None:
    if location.subdivision is None:
        return
    hint = subdivision_hint(location.country, location.subdivision)
    if hint is not None:
        ctx.add(
            "S009",
            loc,
            f"{location.subdivision!r} is not a first-level subdivision of {location.country}",
            hint,
        )
