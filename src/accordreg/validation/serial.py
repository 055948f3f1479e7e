"""Checking record files one by one, in this process: read, parse, validate, facts.

The unit of work shared by the many-files runner, its worker processes and the early
worker, so that all three check a file the same way.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.lifecycle import DEFAULT_LIFECYCLE, Lifecycle
from ..store.read import parse_bytes, read_bytes, unreadable
from .cache import FileResult

if TYPE_CHECKING:
    from ..model.records import Record


def _check_raw(raw: bytes, path: str, lifecycle: Lifecycle) -> tuple[FileResult, Record | None]:
    # Imported on first use: when every file's result is cached, pydantic is never loaded.
    from .document import check_document

    checked = check_document(parse_bytes(raw, Path(path)), lifecycle)
    result = FileResult(path, checked.digest, checked.diagnostics, checked.facts)
    return result, checked.record


def read(path: str) -> bytes | FileResult:
    try:
        return read_bytes(path)
    except OSError as exc:
        return FileResult(path, "", [unreadable(path, exc)], None)


_worker_lifecycle: Lifecycle = DEFAULT_LIFECYCLE


def init_worker(lifecycle: Lifecycle) -> None:
    global _worker_lifecycle
    _worker_lifecycle = lifecycle
    gc.disable()


def check_files(
    paths: list[str], lifecycle: Lifecycle, records: dict[Path, Record] | None = None
) -> list[FileResult]:
    """Read and check each file on its own, in this process; results in order.

    With ``records``, the valid records are also kept there, by path.
    """
    out = []
    for name in paths:
        raw = read(name)
        if isinstance(raw, FileResult):
            out.append(raw)
            continue
        result, record = _check_raw(raw, name, lifecycle)
        out.append(result)
        if records is not None and record is not None:
            records[Path(name)] = record
    return out


def check_batch(paths: list[str]) -> list[FileResult]:
    return check_files(paths, _worker_lifecycle)
