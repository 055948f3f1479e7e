"""Hypothesis strategies that generate valid accordreg records, for property tests.

    from hypothesis import given
    from accordreg.testing import registries

    @given(registries())
    def test_my_report_handles_any_registry(registry):
        ...

Every generated record validates, every reference resolves, and every history follows
the lifecycle. Needs hypothesis (``pip install hypothesis``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from hypothesis import strategies as st

from .model.lifecycle import DEFAULT_LIFECYCLE, Lifecycle, Status
from .model.places import _countries, _subdivisions
from .model.records import (
    Agreement,
    Deadline,
    Event,
    Location,
    Party,
    Provision,
    Signatory,
    Source,
)
from .model.vocabulary import Category, PartyType, Reliability
from .registry.query import Registry
from .store.write import write_record

__all__ = [
    "agreements",
    "histories",
    "ids",
    "locations",
    "parties",
    "provisions",
    "registries",
    "sources",
    "write_registry",
]

_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\x85"),
    min_size=1,
    max_size=60,
).filter(str.strip)
_DATES = st.dates(date(1990, 1, 1), date(2024, 12, 31))
# Sources dated before any event: an event whose sources all postdate it is flagged (L009).
_PUBLISHED = st.dates(date(1980, 1, 1), date(1989, 12, 31))


#: ISO 3166-1 alpha-3 codes: records are checked against the standard's list.
_COUNTRIES = st.sampled_from(sorted(_countries()))


@st.composite
def locations(draw: st.DrawFn) -> Location:
    """Places: a real country, and none or one of its first-level subdivisions."""
    country = draw(_COUNTRIES)
    names = sorted(_subdivisions(country).values())
    subdivision = draw(st.none() | st.sampled_from(names)) if names else None
    return Location(country=country, subdivision=subdivision)


def ids() -> st.SearchStrategy[str]:
    """Record ids: lower-case words joined by '-'."""
    return st.lists(_WORD, min_size=1, max_size=3).map("-".join)


def sources(id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Source records."""
    return st.builds(
        Source,
        kind=st.just("source"),
        id=ids() if id is None else id,
        title=_TEXT,
        publisher=st.none() | _TEXT,
        date=st.none() | _PUBLISHED,
        reliability=st.sampled_from(Reliability),
    )


def parties(id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Party]:
    """Party records."""
    return st.builds(
        Party,
        kind=st.just("party"),
        id=ids() if id is None else id,
        name=_TEXT,
        type=st.sampled_from(PartyType),
        country=st.none() | _COUNTRIES,
    )


@st.composite
def histories(
    draw: st.DrawFn,
    source_ids: Sequence[str] = ("source",),
    *,
    start: date | None = None,
    lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
    max_events: int = 6,
) -> list[Event]:
    """Legal histories: a start state, allowed moves, dates that never go back, sources.

    Never ends in ``superseded`` (that needs a successor record).
    """
    status = draw(st.sampled_from(lifecycle.starts()))
    day = start or draw(_DATES)
    events = []
    for i in range(draw(st.integers(1, max_events))):
        if i:
            moves = [m for m in lifecycle.moves_from(status) if m is not Status.SUPERSEDED]
            if not moves:
                break
            status = draw(st.sampled_from(moves))
            # Never after today: events in the future are refused (L008).
            day = min(day + timedelta(days=draw(st.integers(0, 120))), date.today())
        fields: dict[str, object] = {
            "on": day,
            "status": status,
            "sources": draw(
                st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=2, unique=True)
            ),
        }
        levels = lifecycle.levels_for(status)
        if len(levels) > 0 and draw(st.booleans()):
            fields["level"] = draw(st.sampled_from(levels))
        if draw(st.booleans()):
            fields["note"] = draw(_TEXT)
        events.append(Event.model_validate(fields))
    return events


@st.composite
def provisions(
    draw: st.DrawFn,
    agreement_id: str = "agreement",
    source_ids: Sequence[str] = ("source",),
    party_ids: Sequence[str] = ("party",),
    *,
    name: str | None = None,
    start: date | None = None,
) -> Provision:
    """Provisions of one agreement whose references are drawn from the ids given."""
    slug = name or draw(ids())
    history = draw(histories(source_ids, start=start))
    first = history[0].on
    deadlines = [
        Deadline(
            label=draw(_TEXT), start=first, due=first + timedelta(days=draw(st.integers(0, 400)))
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    party_list = st.lists(st.sampled_from(list(party_ids)), max_size=2, unique=True)
    return Provision(
        kind="provision",
        id=f"{agreement_id}/{slug}",
        agreement=agreement_id,
        title=draw(_TEXT),
        category=draw(st.sampled_from(Category)),
        text=draw(_TEXT),
        responsible=draw(party_list),
        verifier=draw(party_list),
        locations=draw(
            st.lists(
                locations(),
                max_size=2,
            )
        ),
        deadlines=deadlines,
        sources=draw(
            st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=2, unique=True)
        ),
        history=history,
    )


def agreements(
    id: st.SearchStrategy[str] | None = None,
    source_ids: Sequence[str] = ("source",),
    party_ids: Sequence[str] = ("party",),
) -> st.SearchStrategy[Agreement]:
    """Agreements whose signatories and sources are drawn from the ids given."""
    return st.builds(
        Agreement,
        kind=st.just("agreement"),
        id=ids() if id is None else id,
        title=_TEXT,
        date_signed=st.none() | _DATES,
        signatories=st.lists(
            st.builds(Signatory, party=st.sampled_from(list(party_ids))), max_size=2
        ),
        sources=st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=2, unique=True),
    )


@st.composite
def registries(draw: st.DrawFn, max_agreements: int = 3, max_provisions: int = 4) -> Registry:
    """Whole registries: sources, parties, agreements and provisions that fit together."""
    all_ids = draw(
        st.lists(
            ids(), min_size=3 + max_agreements * 2, max_size=3 + max_agreements * 2, unique=True
        )
    )
    pool = iter(all_ids)
    source_ids = [next(pool) for _ in range(draw(st.integers(1, 3)))]
    party_ids = [next(pool) for _ in range(draw(st.integers(1, 2)))]
    records: list[Source | Party | Agreement | Provision] = []
    records += [draw(sources(st.just(i))) for i in source_ids]
    records += [draw(parties(st.just(i))) for i in party_ids]
    for _ in range(draw(st.integers(1, max_agreements))):
        agreement = draw(agreements(st.just(next(pool)), source_ids, party_ids))
        records.append(agreement)
        names = draw(st.lists(ids(), min_size=1, max_size=max_provisions, unique=True))
        for name in names:
            records.append(
                draw(
                    provisions(
                        agreement.id, source_ids, party_ids, name=name, start=agreement.date_signed
                    )
                )
            )
    return Registry([(r, Path(f"{r.id}.yaml")) for r in records])


def write_registry(registry: Registry, root: Path, schemas: Path | None = None) -> Path:
    """Write every record of a registry as files under ``root``; return ``root``."""
    for record in registry:
        write_record(record, root, schemas)
    return root
