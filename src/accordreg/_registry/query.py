"""The registry: records from many files, checked together, looked up and queried."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from .._diagnostics import Diagnostic
from .._errors import UnknownIdError
from .._hints import aside
from .._model.dates import is_partial, last_day
from .._model.kinds import KINDS
from .._model.lifecycle import Lifecycle, Snapshot
from .._model.settings import DEFAULT_SETTINGS, Settings
from .._store.read import normal_path
from . import agreement_engine, engine
from .arguments import DateLike, as_day
from .deprecated import DeprecatedEditing
from .lazy_records import KindView, Pending, PendingRecord, Records

if TYPE_CHECKING:
    # Annotations only: a loaded registry imports the models when it builds its first
    # record, so that load() itself does not pay for them.
    from .._model.records import Agreement, Deadline, Party, Provision, Record, Source

if TYPE_CHECKING:
    import pandas


def _dates_of(record: Record) -> list[date]:
    """The dates that say how far a record was read: a source's, a provision's events'."""
    if record.kind == "source":
        day = record.date
        return [day] if day else []
    if record.kind in ("provision", "agreement"):
        return [e.on for e in record.history]
    return []


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _kind_named(kind: str) -> str:
    """``kind`` if it is the name of a record kind; ValueError with a did-you-mean if not."""
    if kind not in KINDS:
        raise ValueError(f"no record kind {kind!r}{aside(str(kind), list(KINDS))}")
    return kind


class Registry(DeprecatedEditing):
    """Agreements, provisions, parties and sources, checked together and queryable."""

    def __init__(
        self,
        records: Iterable[tuple[Record, Path | str]],
        *,
        roots: Sequence[Path] = (),
        settings: Settings | None = None,
        lifecycle: Lifecycle | None = None,
        diagnostics: Sequence[Diagnostic] = (),
        digests: Mapping[Path, str] | Mapping[str, str] | None = None,
        pending: Iterable[PendingRecord] = (),
        links: Mapping[str, Sequence[str]] | None = None,
        latest: date | None = None,
        partial: bool | None = None,
    ) -> None:
        """``records`` with the file each came from. ``pending`` (for :func:`load`) are
        records still to be built, each from the data a cached check kept, the first time
        it is looked up; ``links`` (each provision's ``same_as`` ids) and ``latest`` (the
        latest source or event date) and ``partial`` (whether any date is a month or a
        year) are what the checks found of them, or None to be read off the records when
        first needed."""
        self.roots = list(roots)
        chosen = settings or DEFAULT_SETTINGS
        #: The registry's vocabulary, lifecycle and options.
        self.settings = chosen.with_lifecycle(lifecycle) if lifecycle else chosen
        self.lifecycle = self.settings.lifecycle
        #: Warnings found while loading (errors would have stopped the load).
        self.diagnostics = list(diagnostics)
        self._records = Records(self.settings)
        # Paths as text: building a Path per record costs more than the rest of a load.
        self._paths: dict[str, str] = {}
        #: Content hashes of the files as read, to refuse writing over others' changes.
        # Both by the name pathlib gives a file (`./a.yaml` is `a.yaml`), as editors look up.
        self._digests: dict[str, str] = {normal_path(p): d for p, d in (digests or {}).items()}
        # Indexes, kept in step with _records: queries on large registries stay linear.
        self._kinds = {kind: KindView(self._records) for kind in KINDS}
        self._by_agreement: dict[str, list[str]] = {}
        self._links: dict[str, set[str]] | None = None
        self._latest: date | None = latest
        self._latest_known = latest is not None or links is not None
        self._partial = partial
        if links is not None:
            self._links = {}
            for pid, others in links.items():
                self._link(pid, others)
        for record, path in records:
            self._put(record)
            self._paths[record.id] = normal_path(path)
        for todo in pending:
            self._add(todo.kind, todo.id, Pending(todo.kind, todo.data, todo.path), todo.agreement)
            self._paths[todo.id] = normal_path(todo.path)
        for ids in self._by_agreement.values():
            ids.sort()

    def _put(self, record: Record) -> None:
        self._add(record.kind, record.id, record, getattr(record, "agreement", None))
        if self._links is not None and record.kind == "provision":
            self._link(record.id, record.same_as)
        if self._latest_known:
            dates = [last_day(d) for d in _dates_of(record)]
            if dates:
                self._latest = max(self._latest or dates[-1], *dates)
        if self._partial is False and any(map(is_partial, _dates_of(record))):
            self._partial = True

    def _link(self, provision_id: str, others: Iterable[str]) -> None:
        """``same_as`` both ways: each names the same commitment as the other."""
        assert self._links is not None
        for other in others:
            self._links.setdefault(provision_id, set()).add(other)
            self._links.setdefault(other, set()).add(provision_id)

    def _add(
        self, kind: str, record_id: str, record: Record | Pending, agreement: str | None
    ) -> None:
        if record_id not in self._records and kind == "provision" and agreement is not None:
            self._by_agreement.setdefault(agreement, []).append(record_id)
        self._records.put(record_id, record)
        self._kinds[kind].add(record_id)

    def __repr__(self) -> str:
        return f"<Registry {_count(len(self.agreements), 'agreement')}, " + (
            f"{_count(len(self.provisions), 'provision')}>"
        )

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def __getitem__(self, record_id: str) -> Record:
        try:
            return self._records[record_id]
        except KeyError:
            raise UnknownIdError(record_id, self.suggest(record_id)) from None

    def get(self, record_id: str) -> Record | None:
        """The record with this id, or None."""
        return self._records.get(record_id)

    def suggest(self, record_id: str, kind: type[Record] | str | None = None) -> list[str]:
        """Ids close to ``record_id`` (of one kind, by its model or its name, if given)."""
        if isinstance(kind, str):
            _kind_named(kind)
        names = [
            k.name
            for k in KINDS.values()
            if kind is None or k.name == kind or (not isinstance(kind, str) and k.model is kind)
        ]
        if not names:
            raise ValueError(f"{kind!r} is not a record model: give one of {', '.join(KINDS)}")
        ids = [i for name in names for i in self._kinds[name]]
        close = difflib.get_close_matches(record_id, ids, n=3, cutoff=0.5)
        tails = [i for i in ids if "/" in i and i.split("/", 1)[1] == record_id]
        return list(dict.fromkeys([*tails, *close]))[:3]

    def records_of(self, kind: str) -> Mapping[str, Record]:
        """Records of one kind (``"source"``, ``"party"``, ...) by id."""
        return MappingProxyType(self._kinds[_kind_named(kind)])

    @property
    def agreements(self) -> Mapping[str, Agreement]:
        """Agreements by id."""
        return cast("Mapping[str, Agreement]", self.records_of("agreement"))

    @property
    def provisions(self) -> Mapping[str, Provision]:
        """Provisions by id."""
        return cast("Mapping[str, Provision]", self.records_of("provision"))

    @property
    def parties(self) -> Mapping[str, Party]:
        """Parties by id."""
        return cast("Mapping[str, Party]", self.records_of("party"))

    @property
    def sources(self) -> Mapping[str, Source]:
        """Sources by id."""
        return cast("Mapping[str, Source]", self.records_of("source"))

    def _get(self, record_id: str, kind: str) -> Record:
        if not isinstance(record_id, str):
            raise TypeError(f"a {kind}'s id is text, not {type(record_id).__name__}")
        if record_id not in self._kinds[kind]:
            found = next((k for k, ids in self._kinds.items() if record_id in ids), None)
            suggestions = self.suggest(record_id, kind)
            raise UnknownIdError(record_id, suggestions, kind=kind, found=found)
        return self._records[record_id]

    def agreement(self, record_id: str) -> Agreement:
        """The agreement with this id; :class:`UnknownIdError` if there is none."""
        return cast("Agreement", self._get(record_id, "agreement"))

    def provision(self, record_id: str) -> Provision:
        """The provision with this id; :class:`UnknownIdError` if there is none."""
        return cast("Provision", self._get(record_id, "provision"))

    def party(self, record_id: str) -> Party:
        """The party with this id; :class:`UnknownIdError` if there is none."""
        return cast("Party", self._get(record_id, "party"))

    def source(self, record_id: str) -> Source:
        """The source with this id; :class:`UnknownIdError` if there is none."""
        return cast("Source", self._get(record_id, "source"))

    def path_of(self, record_id: str) -> Path:
        """The file a record was loaded from."""
        self[record_id]
        return Path(self._paths[record_id])

    # -- as of a date: every derived fact comes from the engine ---------------------------

    @property
    def horizon(self) -> date | None:
        """The date up to which the registry's sources were read: its settings' ``horizon``,
        else the latest source or event date on record (None for an empty registry)."""
        if self.settings.horizon is not None:
            return self.settings.horizon
        if not self._latest_known:
            dates = [last_day(d) for r in self._records.values() for d in _dates_of(r)]
            self._latest = max(dates, default=None)
            self._latest_known = True
        return self._latest

    @property
    def partial_dates(self) -> bool:
        """Whether any event or source of the registry is dated only to a month or a year."""
        if self._partial is None:
            self._partial = any(is_partial(d) for r in self._records.values() for d in _dates_of(r))
        return self._partial

    @property
    def context(self) -> engine.Context:
        """What the engine's rules need of the registry."""
        return engine.Context(
            self.lifecycle,
            self.settings.stale_after_days,
            self.horizon,
            self.settings.tracks_implementation,
        )

    def timeline(self, provision_id: str) -> list[engine.EventFacts]:
        """Status, level (and its basis) and progress after each event of the provision."""
        provision = self.provision(provision_id)
        category = self.settings.vocabulary.category(provision.category)
        return engine.timeline(provision, category, self.lifecycle)

    def same_as(self, provision_id: str) -> list[str]:
        """The provisions recorded as the same commitment (``same_as``, either way)."""
        if self._links is None:
            self._links = {}
            for p in self.provisions.values():
                self._link(p.id, p.same_as)
        return sorted(self._links.get(provision_id, ()))

    def snapshot(self, provision_id: str, on: DateLike | None = None) -> Snapshot | None:
        """Status, level and the day the status began, on ``on`` (today if None).

        Where the category has a measurable target and progress is on record, the level
        follows the share achieved (see :func:`engine.level_from_progress`) unless the
        event sets one itself.
        """
        now = engine.at(self.timeline(provision_id), as_day(on))
        return now.snapshot if now else None

    def levels_after(self, provision_id: str) -> list[int | None]:
        """The level after each event of the provision, as :meth:`snapshot` rates it."""
        return [f.level for f in self.timeline(provision_id)]

    def terms_on(self, provision_id: str, on: DateLike | None = None) -> dict[str, Any]:
        """The provision's typed terms as on record by ``on``."""
        return engine.terms_on(self.provision(provision_id), as_day(on))

    def progress_on(self, provision_id: str, on: DateLike | None = None) -> engine.Progress | None:
        """Progress against the measurable target as recorded by ``on``; None if none is."""
        now = engine.at(self.timeline(provision_id), as_day(on))
        return now.progress if now else None

    def parties_on(
        self, provision_id: str, on: DateLike | None = None
    ) -> dict[str, Snapshot | None]:
        """Where each responsible party stands, from the events that name it (None where
        none does: the provision's own events stand for it as a whole)."""
        provision = self.provision(provision_id)
        category = self.settings.vocabulary.category(provision.category)
        return engine.parties_on(provision, as_day(on), self.lifecycle, category)

    def latest_event(self, on: DateLike | None = None) -> date | None:
        """The date of the latest event on record in the whole registry by ``on``."""
        day = as_day(on)
        dates = [
            d for p in self.provisions.values() if (d := engine.last_event_on(p, day)) is not None
        ]
        return max(dates) if dates else None

    def status_on(self, provision_id: str, on: DateLike | None = None) -> str | None:
        """The provision's status on a date; None before its first event."""
        snap = self.snapshot(provision_id, on)
        return snap.status if snap else None

    def level_on(self, provision_id: str, on: DateLike | None = None) -> int | None:
        """The provision's implementation level (0-3) on a date; None if not rated."""
        snap = self.snapshot(provision_id, on)
        return snap.level if snap else None

    def agreement_level(
        self, agreement_id: str, on: DateLike | None = None
    ) -> agreement_engine.AgreementLevel:
        """An agreement's level on a date, and what it rests on."""
        self.agreement(agreement_id)
        day = as_day(on)
        return agreement_engine.agreement_level(
            (engine.at(self.timeline(pid), day) for pid in self.provision_ids(agreement_id)),
            self.settings.tracks_implementation,
        )

    def agreement_level_on(self, agreement_id: str, on: DateLike | None = None) -> float | None:
        """An agreement's level on a date: Σ levels ÷ (3 × rated provisions), in percent;
        None when none is rated (a start state's default level is not a rating)."""
        return self.agreement_level(agreement_id, on).percent

    def agreement_timeline(self, agreement_id: str) -> list[agreement_engine.AgreementFacts]:
        """The agreement's status after each event of its own history."""
        return agreement_engine.agreement_timeline(
            self.agreement(agreement_id), self.settings.agreement_lifecycle
        )

    def agreement_standing(
        self, agreement_id: str, on: DateLike | None = None
    ) -> agreement_engine.AgreementStanding:
        """Everything derived of an agreement on a date: its own status, since when and by
        whom, its latest event, and its provisions' level."""
        return agreement_engine.agreement_standing(self, agreement_id, as_day(on))

    def agreement_status_on(self, agreement_id: str, on: DateLike | None = None) -> str | None:
        """The agreement's own status on a date; None before its first event on record."""
        now = agreement_engine.agreement_at(self.agreement_timeline(agreement_id), as_day(on))
        return now.status if now else None

    def find_agreements(
        self, *, status: str | Sequence[str] | None = None, on: DateLike | None = None
    ) -> list[Agreement]:
        """Agreements whose own status on ``on`` (today if None) is ``status`` (any of
        them, for a list), sorted by id; every agreement without ``status``. An unknown
        status raises ValueError with a did-you-mean."""
        return agreement_engine.find_agreements(self, status, as_day(on))

    def provisions_by_agreement(self) -> Mapping[str, Sequence[str]]:
        """The ids of each agreement's provisions, sorted, by agreement id: known without
        building a provision."""
        return MappingProxyType(self._by_agreement)

    def release(self, record_id: str) -> None:
        """Let go of a record built from the cache, to be built again if looked up again:
        memory stays flat for a caller that visits every record once (``status`` at
        100,000 provisions). Records loaded or changed otherwise are kept."""
        self._records.release(record_id)

    def provision_ids(self, agreement_id: str) -> list[str]:
        """The ids of an agreement's provisions, sorted."""
        return list(self._by_agreement.get(agreement_id, ()))

    def overdue(self, provision_id: str, on: DateLike | None = None) -> list[Deadline]:
        """Deadlines due before ``on`` while the provision was not yet done on that day."""
        day = as_day(on)
        status = self.status_on(provision_id, day)
        return engine.passed_deadlines(self.provision(provision_id), status, day, self.lifecycle)

    def standing(self, provision_id: str, on: DateLike | None = None) -> engine.Standing:
        """Everything derived of one provision on one date (see :class:`engine.Standing`)."""
        day = as_day(on)
        provision = self.provision(provision_id)
        linked = [
            f
            for other in self.same_as(provision_id)
            if other in self.provisions
            for f in self.timeline(other)
        ]
        category = self.settings.vocabulary.category(provision.category)
        context = replace(self.context, category=category)
        return engine.standing(
            provision,
            self.timeline(provision_id),
            day,
            context,
            linked,
            agreement_engine.agreement_now(self, provision.agreement, day),
            lambda then: agreement_engine.agreement_now(self, provision.agreement, then),
        )

    def find(
        self,
        *,
        agreement: str | None = None,
        category: str | Sequence[str] | None = None,
        party: str | None = None,
        status: str | Sequence[str] | None = None,
        location: str | None = None,
        overdue: bool | None = None,
        on: DateLike | None = None,
        stage: str | Sequence[str] | None = None,
        process: str | None = None,
        conflict_type: str | Sequence[str] | None = None,
        region: str | Sequence[str] | None = None,
        since: date | None = None,
        until: date | None = None,
        country: str | None = None,
        pax_code: str | Sequence[str] | None = None,
        min_strength: int | None = None,
        agreement_status: str | Sequence[str] | None = None,
        within: str | timedelta | None = None,
    ) -> list[Provision]:
        """Provisions matching every filter given; status and overdue are as of ``on``.

        ``party`` matches responsible parties and verifiers; ``location`` matches a
        country code, a subdivision or a place, ignoring case. ``category`` and ``status``
        take one word or a list of them; an unknown word raises ValueError with a hint.

        Filters on the provision's agreement: ``stage``, ``conflict_type`` and ``region``
        (PA-X's codes, one or a list); ``process`` (a PA-X process id, or words of the
        process name, ignoring case); ``since`` and ``until`` (the agreement's date, both
        ends included); ``country`` (an ISO 3166 alpha-3 code, or a Gleditsch-Ward number).
        ``pax_code`` keeps provisions carrying one of the PA-X codes given; ``min_strength``
        those whose PA-X strength (of those codes, if given; else the highest of its codes)
        is at least that, 1 to 3. ``agreement_status`` keeps the agreement's own status on
        ``on``, or ``within`` after its date (``2y``, ``18m``, ``90d``, a timedelta): "ended",
        "2y" is ended within two years. With no agreement on record, none of these matches.
        """
        from .find import find

        return find(
            self,
            agreement=agreement,
            category=category,
            party=party,
            status=status,
            location=location,
            overdue=overdue,
            on=as_day(on),
            stage=stage,
            process=process,
            conflict_type=conflict_type,
            region=region,
            since=since,
            until=until,
            country=country,
            pax_code=pax_code,
            min_strength=min_strength,
            agreement_status=agreement_status,
            within=within,
        )

    def to_frame(
        self, on: DateLike | None = None, *, table: str = "provisions"
    ) -> pandas.DataFrame:
        """A table of the registry on ``on`` (default today) as a pandas DataFrame.

        ``table`` is ``"provisions"`` (one row per provision, indexed by id: its record,
        its agreement's fields and its standing), ``"events"`` (one row per history event
        on record by ``on``, indexed by provision and seq), ``"agreements"`` (one row
        per agreement, indexed by id, with its level on ``on``) or ``"agreement_events"``
        (one row per event of an agreement's own history on record by ``on``, indexed by
        agreement and seq; ``on`` a day with ``on_precision`` beside it). The columns are the CSV
        and JSON lines fields of the same name. Dates are ``datetime64[s]``; words of a
        fixed list (category, status, level_basis, text_form, the PA-X words) are
        categoricals of every word the registry allows; numbers and flags use pandas'
        nullable types (a level not rated is missing, never 0); lists and mappings stay
        Python lists and dicts.

        Needs the optional extra: ``pip install "accordreg[pandas]"``.
        """
        from .frames import to_frame

        return to_frame(self, as_day(on), table)
