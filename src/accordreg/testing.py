"""Hypothesis strategies that generate valid accordreg records, for property tests.

    from hypothesis import HealthCheck, given, settings
    from accordreg.testing import registries

    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(registries())
    def test_my_report_handles_any_registry(registry):
        ...

Every generated record validates, every reference resolves, and every history follows
the lifecycle. The words come from a registry's settings (``settings=``, default: the
built-in vocabulary and lifecycle): its categories, party types, roles, reliability
levels and states; ``terms=True`` also fills in typed terms of each provision's category.
Needs hypothesis (``pip install hypothesis``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from ._model.lifecycle import DEFAULT_LIFECYCLE, Lifecycle, Status
from ._model.names import SETTINGS_FILE
from ._model.places import _countries, _subdivisions
from ._model.records import Agreement, Event, Party, Provision, Source
from ._model.settings import DEFAULT_SETTINGS, Settings
from ._model.terms import count_of
from ._model.vocabulary import CategoryDef, TermSpec
from ._registry.query import Registry
from ._store.atomic import write_text
from ._store.write import write_record

__all__ = [
    "agreements",
    "histories",
    "ids",
    "parties",
    "provisions",
    "registries",
    "sources",
    "term_values",
    "terms",
    "write_registry",
]

_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
# A first character that is not a space, then anything: no filter, so that a busy machine
# never has hypothesis discard draws (and trip its health checks) to find a valid text.
_CHARS = st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\x85")
_TEXT = st.builds(
    lambda head, tail: (head + tail).rstrip(),
    st.characters(codec="utf-8", categories=("L", "N", "P"), exclude_characters="\x85"),
    st.text(_CHARS, max_size=59),
)
_DATES = st.dates(date(1990, 1, 1), date(2024, 12, 31))
# Sources dated before any event: an event whose sources all postdate it is flagged (L009).
_PUBLISHED = st.dates(date(1980, 1, 1), date(1989, 12, 31))
#: ISO 3166-1 alpha-3 codes: records are checked against the standard's list.
_COUNTRY = st.sampled_from(sorted(_countries()))


@st.composite
def _located(draw: st.DrawFn) -> dict[str, Any]:
    """A real country, and none or one of its first-level subdivisions (ISO 3166-2)."""
    country = draw(_COUNTRY)
    names: list[str] = sorted(_subdivisions(country).values())
    place: dict[str, Any] = {"country": country}
    with_subdivision: bool = draw(st.booleans())
    if names and with_subdivision:
        place["subdivision"] = draw(st.sampled_from(names))
    return place


def _context(settings: Settings) -> dict[str, Any]:
    # Words of a registry's own vocabulary only validate against its settings.
    return {"settings": settings}


def ids() -> st.SearchStrategy[str]:
    """Record ids: lower-case words joined by '-'."""
    return st.lists(_WORD, min_size=1, max_size=3).map("-".join)


def _words(section: Mapping[str, Any]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(section))


def sources(
    id: st.SearchStrategy[str] | None = None, *, settings: Settings = DEFAULT_SETTINGS
) -> st.SearchStrategy[Source]:
    """Source records, their reliability from the settings' vocabulary."""
    data = st.fixed_dictionaries(
        {
            "kind": st.just("source"),
            "id": ids() if id is None else id,
            "title": _TEXT,
            "publisher": st.none() | _TEXT,
            "date": st.none() | _PUBLISHED,
            "reliability": _words(settings.vocabulary.reliability),
        }
    )
    return data.map(lambda d: Source.model_validate(d, context=_context(settings)))


def parties(
    id: st.SearchStrategy[str] | None = None, *, settings: Settings = DEFAULT_SETTINGS
) -> st.SearchStrategy[Party]:
    """Party records, their type from the settings' vocabulary."""
    data = st.fixed_dictionaries(
        {
            "kind": st.just("party"),
            "id": ids() if id is None else id,
            "name": _TEXT,
            "type": _words(settings.vocabulary.party_types),
            "country": st.none() | _COUNTRY,
        }
    )
    return data.map(lambda d: Party.model_validate(d, context=_context(settings)))


def _place() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"country": _COUNTRY}, optional={"place": _TEXT})


def _iso(day: date) -> str:
    # Terms hold what YAML gives: a date term is read back as text, not as a date.
    return day.isoformat()


def _phase() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"label": _TEXT}, optional={"start": _DATES.map(_iso), "due": _DATES.map(_iso)}
    )


def _range() -> st.SearchStrategy[dict[str, int]]:
    return st.tuples(st.integers(0, 500), st.integers(0, 500)).map(
        lambda pair: {"from": min(pair), "to": max(pair)}
    )


def _some(items: st.SearchStrategy[Any], *, unique: bool = False) -> st.SearchStrategy[list[Any]]:
    return st.lists(items, min_size=1, max_size=3, unique=unique)


def term_values(term_type: str, party_ids: Sequence[str] = ("party",)) -> st.SearchStrategy[Any]:
    """Valid values of one term type, as a record file holds them (party ids from those
    given)."""
    party = st.sampled_from(list(party_ids))
    makers: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "text": lambda: _TEXT,
        "texts": lambda: _some(_TEXT),
        "integer": lambda: st.integers(0, 10_000),
        "number": lambda: (
            st.integers(0, 10_000) | st.floats(0, 1e6, allow_nan=False, allow_infinity=False)
        ),
        "date": lambda: _DATES.map(_iso),
        "boolean": st.booleans,
        "party": lambda: party,
        "parties": lambda: _some(party, unique=True),
        "place": _place,
        "places": lambda: _some(_place()),
        "items": lambda: _some(
            st.fixed_dictionaries({"label": _TEXT}, optional={"description": _TEXT})
        ),
        "phases": lambda: _some(_phase()),
        "range": _range,
    }
    return makers[term_type]()


def terms(
    category: CategoryDef, party_ids: Sequence[str] = ("party",)
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid ``terms:`` of a category: any of its terms, each with a value of its type."""
    specs: Mapping[str, TermSpec] = category.terms
    return st.fixed_dictionaries(
        {}, optional={name: term_values(spec.type, party_ids) for name, spec in specs.items()}
    )


@st.composite
def histories(
    draw: st.DrawFn,
    source_ids: Sequence[str] = ("source",),
    *,
    start: date | None = None,
    lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
    max_events: int = 6,
    party_ids: Sequence[str] = (),
) -> list[Event]:
    """Legal histories of ``lifecycle``: a start state, allowed moves, dates that never go
    back, sources; with ``party_ids``, some events say which of those parties they concern.

    Never ends in ``superseded`` (that needs a successor record).
    """
    context = _context(DEFAULT_SETTINGS.with_lifecycle(lifecycle))
    status = draw(st.sampled_from(lifecycle.starts()))
    day = start or draw(_DATES)
    events = []
    for i in range(draw(st.integers(1, max_events))):
        if i:
            moves = [m for m in lifecycle.moves_from(status) if m != Status.SUPERSEDED]
            if not moves:
                break
            status = draw(st.sampled_from(moves))
            # Never after today: events in the future are refused (L008).
            day = min(day + timedelta(days=draw(st.integers(0, 120))), date.today())
        fields: dict[str, object] = {
            "on": day,
            "status": str(status),
            "sources": draw(
                st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=2, unique=True)
            ),
        }
        levels = lifecycle.levels_for(status)
        if len(levels) > 0 and draw(st.booleans()):
            fields["level"] = draw(st.sampled_from(levels))
        if len(party_ids) > 0 and draw(st.booleans()):
            fields["party"] = draw(st.sampled_from(list(party_ids)))
        if draw(st.booleans()):
            fields["note"] = draw(_TEXT)
        events.append(Event.model_validate(fields, context=context))
    return events


def _with_progress(
    draw: st.DrawFn,
    events: list[Event],
    category: CategoryDef,
    known: dict[str, Any],
    settings: Settings,
) -> list[Event]:
    """Progress on some events, never above the measured term's count (T002)."""
    if category.measure is None:
        return events  # progress needs a measure (T001)
    target = count_of(known.get(category.measure.term))
    if target is None:
        return events
    out = []
    for event in events:
        if draw(st.booleans()):
            fields = event.model_dump(exclude_unset=True)
            fields["progress"] = float(draw(st.integers(0, int(target))))
            event = Event.model_validate(fields, context=_context(settings))
        out.append(event)
    return out


@st.composite
def provisions(
    draw: st.DrawFn,
    agreement_id: str = "agreement",
    source_ids: Sequence[str] = ("source",),
    party_ids: Sequence[str] = ("party",),
    *,
    name: str | None = None,
    start: date | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    terms: bool = False,
) -> Provision:
    """Provisions of one agreement whose references are drawn from the ids given, their
    category and history from the settings; with ``terms``, typed terms of the category
    (and progress against its measure, where it has one)."""
    slug = name or draw(ids())
    party_list = st.lists(st.sampled_from(list(party_ids)), max_size=2, unique=True)
    responsible = draw(party_list)
    history = draw(
        histories(
            source_ids,
            start=start,
            lifecycle=settings.lifecycle,
            party_ids=responsible,
        )
    )
    category = settings.vocabulary.categories[draw(_words(settings.vocabulary.categories))]
    first = history[0].on
    deadlines = [
        {
            "label": draw(_TEXT),
            "start": first,
            "due": first + timedelta(days=draw(st.integers(0, 400))),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    data: dict[str, Any] = {
        "kind": "provision",
        "id": f"{agreement_id}/{slug}",
        "agreement": agreement_id,
        "title": draw(_TEXT),
        "category": category.id,
        "text": draw(_TEXT),
        "responsible": responsible,
        "verifier": draw(party_list),
        "locations": draw(
            st.lists(
                _located(),
                max_size=2,
            )
        ),
        "deadlines": deadlines,
        "sources": draw(
            st.lists(st.sampled_from(list(source_ids)), min_size=1, max_size=2, unique=True)
        ),
        "history": history,
    }
    if terms:
        known = draw(_terms_of(category, party_ids))
        if known:
            data["terms"] = known
        data["history"] = _with_progress(draw, history, category, known, settings)
    return Provision.model_validate(data, context=_context(settings))


def _terms_of(category: CategoryDef, party_ids: Sequence[str]) -> st.SearchStrategy[dict[str, Any]]:
    # `terms` the strategy, shadowed by the parameter of the same name in provisions().
    return terms(category, party_ids)


def agreements(
    id: st.SearchStrategy[str] | None = None,
    source_ids: Sequence[str] = ("source",),
    party_ids: Sequence[str] = ("party",),
    *,
    settings: Settings = DEFAULT_SETTINGS,
) -> st.SearchStrategy[Agreement]:
    """Agreements whose signatories, third parties and sources are drawn from the ids
    given, third parties' roles from the settings' vocabulary."""
    parties_ = st.sampled_from(list(party_ids))
    data = st.fixed_dictionaries(
        {
            "kind": st.just("agreement"),
            "id": ids() if id is None else id,
            "title": _TEXT,
            "date_signed": st.none() | _DATES,
            "signatories": st.lists(st.fixed_dictionaries({"party": parties_}), max_size=2),
            "third_parties": st.lists(
                st.fixed_dictionaries(
                    {"party": parties_}, optional={"role": _words(settings.vocabulary.roles)}
                ),
                max_size=1,
            ),
            "sources": st.lists(
                st.sampled_from(list(source_ids)), min_size=1, max_size=2, unique=True
            ),
        }
    )
    return data.map(lambda d: Agreement.model_validate(d, context=_context(settings)))


@st.composite
def registries(
    draw: st.DrawFn,
    max_agreements: int = 3,
    max_provisions: int = 4,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    terms: bool = False,
) -> Registry:
    """Whole registries in the words of ``settings``: sources, parties, agreements and
    provisions that fit together (with ``terms``, provisions carry typed terms)."""
    all_ids = draw(
        st.lists(
            ids(), min_size=3 + max_agreements * 2, max_size=3 + max_agreements * 2, unique=True
        )
    )
    pool = iter(all_ids)
    source_ids = [next(pool) for _ in range(draw(st.integers(1, 3)))]
    party_ids = [next(pool) for _ in range(draw(st.integers(1, 2)))]
    records: list[Source | Party | Agreement | Provision] = []
    records += [draw(sources(st.just(i), settings=settings)) for i in source_ids]
    records += [draw(parties(st.just(i), settings=settings)) for i in party_ids]
    for _ in range(draw(st.integers(1, max_agreements))):
        agreement = draw(agreements(st.just(next(pool)), source_ids, party_ids, settings=settings))
        records.append(agreement)
        names = draw(st.lists(ids(), min_size=1, max_size=max_provisions, unique=True))
        for name in names:
            records.append(
                draw(
                    provisions(
                        agreement.id,
                        source_ids,
                        party_ids,
                        name=name,
                        start=agreement.date_signed,
                        settings=settings,
                        terms=terms,
                    )
                )
            )
    return Registry([(r, Path(f"{r.id}.yaml")) for r in records], settings=settings)


def write_registry(registry: Registry, root: Path, schemas: Path | None = None) -> Path:
    """Write every record of a registry as files under ``root``, and its settings file
    where its settings are not the defaults; return ``root``."""
    from ._model import schema
    from ._model.settings_schema import file_data
    from ._yaml import emit

    for record in registry:
        write_record(record, root, schemas)
    data = file_data(registry.settings)
    if data != {"kind": "settings"}:
        target = root / SETTINGS_FILE
        if target.exists():
            raise FileExistsError(f"{target} already exists")
        header = "" if schemas is None else schema.comment(schema.SETTINGS, target, schemas) + "\n"
        write_text(target, emit.dump(data, header))
    return root
