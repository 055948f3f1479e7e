"""Checking many files at once: on one core or several, with or without the cache.

Workers return each file's diagnostics and facts, never its model, so little crosses
between processes; cross-file integrity is then checked here, from the facts alone.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .._diagnostics import Diagnostic, Severity, has_errors
from .._model.defaults import default_settings
from .._model.kinds import KINDS
from .._model.names import SETTINGS_FILE, cache_folder
from .._store.discovery import discover
from .._store.read import digest
from . import early, in_process
from .cache import FILE as CACHE_FILE
from .cache import Cache
from .fact_summary import Summary
from .integrity import Locator, check_integrity
from .result import FileResult, unpacked
from .settings_check import WHAT as SETTINGS_WHAT
from .settings_check import SettingsSource, settings_path

if TYPE_CHECKING:
    from .._model.lifecycle import Lifecycle
    from .._model.records import Record
    from .._model.settings import Settings

PathLike = str | Path
#: Below this many files a single process is faster than starting workers.
PARALLEL_MIN_FILES = 1500
#: Files per task sent to a worker.
BATCH = 500


def as_paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector: bulk loads create many objects and no garbage cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class CheckResult:
    """The outcome of checking record files: which files, and every problem found."""

    files: list[str]
    results: list[FileResult]
    diagnostics: list[Diagnostic]
    #: Valid records by file path (only with ``keep_records``).
    records: dict[str, Record] = field(default_factory=dict)
    from_cache: int = 0
    settings_source: SettingsSource | None = None

    @property
    def settings(self) -> Settings:
        """The settings the records were checked against."""
        return self.settings_source.get() if self.settings_source else default_settings()

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def _by_path(result: FileResult) -> str:
    return result.path


def _workers(count: int, wanted: int | None) -> int:
    if wanted is not None:
        return max(1, wanted)
    if count < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _cache_root(roots: list[Path]) -> Path | None:
    """The folder whose cache and settings a run uses: the first folder checked. None when
    only files outside any registry are (their folder may be anything, /dev included)."""
    return next((r for r in roots if r.is_dir()), None)


def run_checks(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle | None = None,
    settings: Settings | None = None,
    use_cache: bool = False,
    workers: int | None = None,
) -> CheckResult:
    """Read, validate and cross-check every record file under ``paths``.

    The registry's settings come from ``accordreg.yaml`` in the first folder, unless
    ``settings`` are given; ``lifecycle`` replaces theirs. ``use_cache`` reuses results of
    unchanged files from ``.accordreg-cache/``; ``workers`` sets the number of processes
    (default: one per core for large folders).
    """
    return checked(
        paths, lifecycle=lifecycle, settings=settings, use_cache=use_cache, workers=workers
    )


def checked(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle | None = None,
    settings: Settings | None = None,
    use_cache: bool = False,
    workers: int | None = None,
    keep_records: bool = False,
    early_worker: early.EarlyWorker | None = None,
    build_cached: bool = True,
) -> CheckResult:
    """:func:`run_checks`, with what ``load()`` and the command line ask of it besides.

    ``keep_records`` keeps the validated models (with the cache, unchanged files' records
    are built from their cached data without being read or parsed again;
    ``build_cached=False`` leaves them to the caller, as their results' data);
    ``early_worker`` (see ``early.start``, for a short-lived program such as the command
    line) is a process, started before this one imported the runner, that checks changed
    files if the run finds any; it is stopped in any case.
    """
    try:
        return _run_checks(
            paths, lifecycle, settings, use_cache, workers, keep_records, early_worker, build_cached
        )
    finally:
        if early_worker is not None:
            early_worker.stop()  # unused, done, or interrupted: never left behind


def _run_checks(
    paths: PathLike | Sequence[PathLike],
    lifecycle: Lifecycle | None,
    settings: Settings | None,
    use_cache: bool,
    workers: int | None,
    keep_records: bool,
    early_worker: early.EarlyWorker | None,
    build_cached: bool,
) -> CheckResult:
    roots, named = registry_roots(as_paths(paths))
    root = _cache_root(roots)
    source = SettingsSource(settings_path(root) if root else None, settings, lifecycle)
    records: dict[str, Record] = {}
    helper: early.EarlyWorker | None = None
    with collector_paused():
        cache = None
        if use_cache and root is not None:
            folder = cache_folder(root)
            # The helper checks against the registry's own settings file, or the defaults;
            # --jobs 1 asks for one process.
            own_settings = settings is None and lifecycle is None
            if own_settings and not keep_records and workers != 1:
                helper = early_worker if (folder / CACHE_FILE).exists() else None
            root_text = os.path.join(str(root), "")
            cache = Cache(folder, source.key, root_text, want_data=keep_records)
        fresh: list[FileResult] | None = None
        settled: Summary | None = None
        try:
            files, diagnostics = discover(roots)
            if source.path is not None and roots[0].is_dir():
                files = sorted([*files, str(source.path)])
            results: list[FileResult] = []
            todo, from_cache = files, 0
            if cache is not None:
                results, todo = _from_cache(cache, files, source.path)
                if keep_records:
                    results, todo = _with_data(results, todo)
                from_cache = len(results)
            todo, own = _settings_first(todo, source)
            asked = (
                helper is not None
                and 0 < len(todo) < PARALLEL_MIN_FILES
                and helper.send(todo, source.path)
            )
            if cache is not None:
                # While the helper checks the changed files, the cross-checks learn the rest.
                settled = Summary([r.facts for r in results if r.facts is not None])
            if helper is not None and asked:
                fresh = helper.receive()
        finally:
            if helper is not None and fresh is None:
                helper.stop()  # unused or interrupted: never left behind, nor left to compete
        if fresh is None:
            chosen = source.get() if todo or keep_records else None
            fresh = _check_fresh(
                todo, chosen, workers, records if keep_records else None, keep_records
            )
        fresh = [*own, *fresh]
        if cache is not None:
            for result in fresh:
                if result.digest:
                    cache.put(result)
            cache.save()
        results.extend(fresh)
        # In file order, whichever came from the cache: integrity's messages list places
        # in the order of the facts, and must not depend on what was cached.
        results.sort(key=_by_path)
        for result in results:
            diagnostics.extend(result.diagnostics)
        facts = [r.facts for r in results if r.facts is not None]
        added = [r.facts for r in fresh if r.facts is not None]
        diagnostics.extend(check_integrity(facts, Locator(source.get), settled, added))
        if keep_records and build_cached and not has_errors(diagnostics):
            records.update(_revive(results, records, source.get()))
    diagnostics = _settings_first_said(diagnostics, source.path)
    if named is not None:
        # Files named on their own were checked with their whole registry, so that their
        # references resolve; what is reported is about them alone.
        diagnostics = [d for d in diagnostics if _named(d.path, named)]
        files = [f for f in files if _named(f, named)]
    diagnostics.sort(key=lambda d: d.sort_key)
    return CheckResult(files, results, diagnostics, records, from_cache, source)


def _settings_first_said(diagnostics: list[Diagnostic], settings: Path | None) -> list[Diagnostic]:
    """With errors in the settings file, only its problems: records checked against
    settings that do not hold would all look wrong (one typo, dozens of false errors)."""
    if settings is None:
        return diagnostics
    own = os.path.normpath(settings)
    broken = [d for d in diagnostics if os.path.normpath(d.path) == own]
    if not has_errors(broken):
        return diagnostics
    first = next(i for i, d in enumerate(broken) if d.severity == Severity.ERROR)
    said = "records are checked once this file is valid"
    hint = f"{broken[first].hint}; {said}" if broken[first].hint else said
    broken[first] = replace(broken[first], hint=hint)
    return broken


def registry_roots(paths: list[Path]) -> tuple[list[Path], list[str] | None]:
    """Folders to check for ``paths``: a record file, or a folder inside a registry, named
    on its own brings its whole registry (found from it as git finds a repository), so
    that its references resolve and the registry's settings apply; with the places named,
    whose problems alone are reported (None: everything found is theirs)."""
    roots: list[Path] = []
    named: list[str] = []
    inside = False
    for path in paths:
        root = find_registry(path)
        if root is None:
            roots.append(path)
        else:
            inside = True
            if root not in roots:
                roots.append(root)
        named.append(os.path.normpath(path))
    return (roots, named) if inside else (paths, None)


def _named(path: str, named: list[str]) -> bool:
    """Whether a file found under the roots is one of the places named, or inside one."""
    here = os.path.normpath(path)
    return any(here == n or here.startswith(os.path.join(n, "")) for n in named)


def find_registry(path: Path) -> Path | None:
    """The registry a record file or a folder lies inside (below its top): the nearest
    folder above it holding the settings file, or a ``sources/`` or ``parties/`` folder;
    None for a registry's own folder, or if there is none below the repository's top (a
    ``.git`` folder) or the file system's."""
    if path.is_dir() and _holds_registry(path):
        return None
    folder = path.parent
    for candidate in (folder, *folder.parents):
        if _holds_registry(candidate):
            return candidate
        if (candidate / ".git").exists():
            return None
    return None


def _holds_registry(folder: Path) -> bool:
    return os.path.lexists(folder / SETTINGS_FILE) or any(
        (folder / sub).is_dir() for sub in ("sources", "parties")
    )


def _with_data(results: list[FileResult], todo: list[str]) -> tuple[list[FileResult], list[str]]:
    """Cached results that can give back their record; the rest are checked again."""
    kept, again = [], list(todo)
    for result in results:
        if result.facts is not None and result.data is None and not has_errors(result.diagnostics):
            again.append(result.path)
        else:
            kept.append(result)
    return kept, again


def _revive(
    results: list[FileResult], built: dict[str, Record], settings: Settings
) -> dict[str, Record]:
    """Records from the data their results carry (those not already built here)."""
    out: dict[str, Record] = {}
    for result in results:
        if result.data is None or result.facts is None:
            continue
        path = result.path
        if path in built:
            continue
        record = in_process.record_from(KINDS[result.facts.kind].model, result.data, path, settings)
        if record is not None:
            out[path] = record
    return out


def _settings_first(todo: list[str], source: SettingsSource) -> tuple[list[str], list[FileResult]]:
    """The settings file's own result (checked here, first), and the record files left."""
    if source.path is None or str(source.path) not in todo:
        return todo, []
    source.get()
    own = FileResult(str(source.path), source.digest, list(source.diagnostics), None)
    return [p for p in todo if p != str(source.path)], [own]


def _from_cache(
    cache: Cache, files: list[str], settings: Path | None = None
) -> tuple[list[FileResult], list[str]]:
    """The cached results of unchanged files, and the files to check afresh (``settings``
    is the settings file among them, if any)."""
    results, maybe_changed = cache.unchanged(files)
    todo: list[str] = []
    settings_name = str(settings) if settings is not None else None
    for path in maybe_changed:
        raw = in_process.read(path, SETTINGS_WHAT if path == settings_name else "record")
        if isinstance(raw, FileResult):
            results.append(raw)
            continue
        hit = cache.get(path, digest(raw))
        if hit is not None:
            results.append(hit)
        else:
            todo.append(path)
    return results, todo


def _check_fresh(
    todo: list[str],
    settings: Settings | None,
    workers: int | None,
    records: dict[str, Record] | None,
    keep_data: bool = False,
) -> list[FileResult]:
    """Check files afresh: in worker processes for many, here for few.

    Records are kept in ``records`` when checked here; workers send their data instead.
    """
    if settings is None:
        return []
    processes = _workers(len(todo), workers)
    if processes > 1:
        return _in_parallel(todo, settings, processes, keep_data)
    return in_process.check_files(todo, settings, records, keep_data=keep_data)


def _in_parallel(
    names: list[str], settings: Settings, processes: int, keep_data: bool = False
) -> list[FileResult]:
    batches = [names[i : i + BATCH] for i in range(0, len(names), BATCH)]
    import multiprocessing

    # fork starts workers in milliseconds with everything imported; spawn elsewhere.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(
        processes, initializer=in_process.init_worker, initargs=(settings, keep_data)
    ) as pool:
        return [r for batch in pool.imap(in_process.check_batch, batches) for r in unpacked(batch)]


def check(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle | None = None,
    settings: Settings | None = None,
    use_cache: bool = False,
) -> list[Diagnostic]:
    """Every problem in every record file under ``paths``; never raises for bad data."""
    return run_checks(
        paths, lifecycle=lifecycle, settings=settings, use_cache=use_cache
    ).diagnostics
