"""Loading a registry: check every file, then build the query object from the records."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ValidationFailed
from ..model.lifecycle import Lifecycle
from ..model.settings import Settings
from ..validation.run import PathLike, as_paths, collector_paused, run_checks
from .query import Registry


def load(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle | None = None,
    settings: Settings | None = None,
    use_cache: bool = False,
) -> Registry:
    """Load and check a registry; raise :class:`ValidationFailed` if it has any error.

    The registry's settings come from its ``accordreg.yaml`` unless ``settings`` are
    given; ``lifecycle`` replaces their lifecycle. With ``use_cache``, records of files
    unchanged since an earlier load are built from ``.accordreg-cache/`` without reading
    or parsing the files again (the command line's read verbs use it).
    """
    result = run_checks(
        paths, lifecycle=lifecycle, settings=settings, keep_records=True, use_cache=use_cache
    )
    if not result.ok:
        raise ValidationFailed(result.diagnostics)
    # Tens of thousands of records make no garbage cycles: the collector would only walk them.
    with collector_paused():
        return Registry(
            [(record, path) for path, record in result.records.items()],
            roots=as_paths(paths),
            settings=result.settings,
            diagnostics=result.diagnostics,
            digests={r.path: r.digest for r in result.results},
        )
