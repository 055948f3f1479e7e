"""Loading a registry: check every file, then build the query object from the records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

from .._errors import ValidationFailed
from .._model.dates import last_day, parse
from .._model.lifecycle import Lifecycle
from .._model.settings import Settings
from .._validation.result import FileResult
from .._validation.run import PathLike, as_paths, checked, collector_paused
from .lazy_records import PendingRecord
from .query import Registry


def load(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle | None = None,
    settings: Settings | None = None,
    use_cache: bool = True,
) -> Registry:
    """Load and check a registry; raise :class:`ValidationFailed` if it has any error.

    The registry's settings come from its ``accordreg.yaml`` unless ``settings`` are
    given; ``lifecycle`` replaces their lifecycle. Records of files unchanged since an
    earlier load or ``validate`` are built from the cache (``.accordreg-cache/`` in the
    registry's folder, or under ``$ACCORDREG_CACHE_DIR`` where that is set) without
    reading or parsing the files again; a cache that cannot be written is simply not
    kept. ``use_cache=False`` reads and checks every file afresh and writes no cache.
    """
    # The collector stays off until the registry is built and the run's results are let
    # go: at 100,000 files they are a million objects that make no garbage cycles, and
    # each time the collector is turned back on it would walk every one of them.
    with collector_paused():
        result = checked(
            paths,
            lifecycle=lifecycle,
            settings=settings,
            keep_records=True,
            use_cache=use_cache,
            build_cached=False,
        )
        if not result.ok:
            raise ValidationFailed(result.diagnostics)
        latest, partial = _dates_found(result.results)
        registry = Registry(
            [(record, path) for path, record in result.records.items()],
            roots=as_paths(paths),
            settings=result.settings,
            diagnostics=result.diagnostics,
            digests={r.path: r.digest for r in result.results},
            pending=_pending(result.results, result.records),
            links=_links(result.results),
            latest=latest,
            partial=partial,
        )
        del result
    return registry


def _links(results: list[FileResult]) -> dict[str, list[str]]:
    """Each provision's ``same_as`` ids, as the checks found them."""
    out = {}
    for r in results:
        facts = r.facts
        if facts is not None and facts.kind == "provision" and facts.targets.get("same_as"):
            out[facts.id] = facts.targets["same_as"]
    return out


def _dates_found(results: list[FileResult]) -> tuple[date | None, bool]:
    """The last day of the latest event or source date of any record, as the checks found
    them (a month's last day for ``2025-11``: what a source of that month may report), and
    whether any date is a month or a year. One pass: months and years are rare, and only
    they are parsed."""
    latest = ""
    partial: set[str] = set()
    for r in results:
        facts = r.facts
        if facts is None:
            continue
        for day in facts.dates:
            if len(day) == 10:
                latest = max(latest, day)
            else:
                partial.add(day)
    days = [last_day(parse(day)) for day in partial]
    if latest:
        days.append(date.fromisoformat(latest))
    return max(days, default=None), bool(partial)


def _pending(results: list[FileResult], built: Mapping[str, object]) -> Iterator[PendingRecord]:
    """The records a warm load left to build: from cached data, when first looked up."""
    for r in results:
        facts = r.facts
        if r.data is None or facts is None or r.path in built:
            continue
        agreement = facts.targets.get("agreement") if facts.kind == "provision" else None
        yield PendingRecord(
            kind=facts.kind,
            id=facts.id,
            path=r.path,
            data=r.data,
            agreement=agreement[0] if agreement else None,
        )
