"""Loading a registry: check every file, then build the query object from the records."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import ValidationFailed
from ..model.lifecycle import Lifecycle
from ..model.settings import Settings
from ..validation.run import PathLike, as_paths, run_checks
from .query import Registry


def load(
    paths: PathLike | Sequence[PathLike],
    *,
    lifecycle: Lifecycle | None = None,
    settings: Settings | None = None,
) -> Registry:
    """Load and check a registry; raise :class:`ValidationFailed` if it has any error.

    The registry's settings come from its ``accordreg.yaml`` unless ``settings`` are
    given; ``lifecycle`` replaces their lifecycle.
    """
    result = run_checks(paths, lifecycle=lifecycle, settings=settings, keep_records=True)
    if not result.ok:
        raise ValidationFailed(result.diagnostics)
    return Registry(
        [(record, path) for path, record in result.records.items()],
        roots=as_paths(paths),
        settings=result.settings,
        diagnostics=result.diagnostics,
        digests={Path(r.path): r.digest for r in result.results},
    )
