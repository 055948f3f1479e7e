"""Checking many files at once: on one core or several, with or without the cache.

Workers return each file's diagnostics and facts, never its model, so little crosses
between processes; cross-file integrity is then checked here, from the facts alone.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import FOLDER, Cache, FileResult
from .errors import Diagnostic, ValidationFailed, diagnostic, has_errors
from .integrity import Locator, check_integrity
from .lifecycle import DEFAULT_LIFECYCLE, Lifecycle
from .loader import digest, discover, parse_bytes
from .models import Record
from .registry import Registry
from .validate import check_document

PathLike = str | Path
#: Below this many files a single process is faster than starting workers.
PARALLEL_MIN_FILES = 1500
#: Files per task sent to a worker.
BATCH = 500


def _as_paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


@contextmanager
def _bulk() -> Iterator[None]:
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
    records: dict[Path, Record] = field(default_factory=dict)
    from_cache: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


def _check_raw(raw: bytes, path: str, lifecycle: Lifecycle) -> tuple[FileResult, Record | None]:
    checked = check_document(parse_bytes(raw, Path(path)), lifecycle)
    result = FileResult(path, checked.digest, checked.diagnostics, checked.facts)
    return result, checked.record


def _read(path: str) -> bytes | FileResult:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        problem = diagnostic("F004", path, 1, 1, f"cannot read: {exc.strerror or exc}")
        return FileResult(path, "", [problem], None)


_worker_lifecycle: Lifecycle = DEFAULT_LIFECYCLE


def _init_worker(lifecycle: Lifecycle) -> None:
    global _worker_lifecycle
    _worker_lifecycle = lifecycle
    gc.disable()


def _check_batch(paths: list[str]) -> list[FileResult]:
    out = []
    for name in paths:
        raw = _read(name)
        out.append(
            raw if isinstance(raw, FileResult) else _check_raw(raw, name, _worker_lifecycle)[0]
        )
    return out


def _workers(count: int, wanted: int | None) -> int:
    if wanted is not None:
        return max(1, wanted)
    if count < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _cache_root(roots: list[Path]) -> Path:
    return next((r for r in roots if r.is_dir()), roots[0].parent if roots else Path("."))


def run_checks(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
    use_cache: bool = False,
    workers: int | None = None,
    keep_records: bool = False,
) -> CheckResult:
    """Read, validate and cross-check every record file under ``paths``.

    ``use_cache`` reuses results of unchanged files from ``.accordreg-cache/``;
    ``workers`` sets the number of processes (default: one per core for large folders);
    ``keep_records`` keeps the validated models (a single process then does the work).
    """
    roots = _as_paths(paths)
    files, diagnostics = discover(roots)
    cache = None
    if use_cache and roots:
        root = _cache_root(roots)
        cache = Cache(root / FOLDER, lifecycle, os.path.join(str(root), ""))
    results: list[FileResult] = []
    records: dict[Path, Record] = {}
    from_cache = 0
    with _bulk():
        todo: list[str] = []
        for path in files:
            if cache is None:
                todo.append(path)
                continue
            hit = cache.get_unchanged(path)
            if hit is None:
                raw = _read(path)
                if isinstance(raw, FileResult):
                    results.append(raw)
                    continue
                hit = cache.get(path, digest(raw))
            if hit is not None:
                results.append(hit)
                from_cache += 1
            else:
                todo.append(path)
        processes = 1 if keep_records else _workers(len(todo), workers)
        if processes > 1:
            fresh = _in_parallel(todo, lifecycle, processes)
        else:
            fresh = []
            for path in todo:
                raw = _read(path)
                if isinstance(raw, FileResult):
                    fresh.append(raw)
                    continue
                result, record = _check_raw(raw, path, lifecycle)
                fresh.append(result)
                if keep_records and record is not None:
                    records[Path(path)] = record
        if cache is not None:
            for result in fresh:
                if result.digest:
                    cache.put(result)
            cache.save()
        results.extend(fresh)
        for result in results:
            diagnostics.extend(result.diagnostics)
        facts = [r.facts for r in results if r.facts is not None]
        diagnostics.extend(check_integrity(facts, Locator()))
    diagnostics.sort(key=lambda d: d.sort_key)
    return CheckResult(files, results, diagnostics, records, from_cache)


def _in_parallel(names: list[str], lifecycle: Lifecycle, processes: int) -> list[FileResult]:
    batches = [names[i : i + BATCH] for i in range(0, len(names), BATCH)]
    import multiprocessing

    # fork starts workers in milliseconds with everything imported; spawn elsewhere.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(processes, initializer=_init_worker, initargs=(lifecycle,)) as pool:
        return [r for batch in pool.imap(_check_batch, batches) for r in batch]


def check(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
    use_cache: bool = False,
) -> list[Diagnostic]:
    """Every problem in every record file under ``paths``; never raises for bad data."""
    return run_checks(paths, lifecycle=lifecycle, use_cache=use_cache).diagnostics


def load(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
) -> Registry:
    """Load and check a registry; raise :class:`ValidationFailed` if it has any error."""
    result = run_checks(paths, lifecycle=lifecycle, keep_records=True)
    if not result.ok:
        raise ValidationFailed(result.diagnostics)
    return Registry(
        [(record, path) for path, record in result.records.items()],
        roots=_as_paths(paths),
        lifecycle=lifecycle,
        diagnostics=result.diagnostics,
        digests={Path(r.path): r.digest for r in result.results},
    )
