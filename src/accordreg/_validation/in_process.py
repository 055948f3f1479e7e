"""Checking record files one by one, in this process: read, parse, validate, facts.

The unit of work shared by the many-files runner, its worker processes and the early
worker, so that all three check a file the same way.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from .._diagnostics import has_errors
from .._store.read import parse_bytes, read_bytes, unreadable
from .result import FileResult, packed
from .stored import Stored, text_of

if TYPE_CHECKING:
    from .._model.records import Record
    from .._model.settings import Settings
    from .._store.read import Document
    from .document import Checked


@cache
def _checker() -> Callable[[Document, Settings], Checked]:
    # Imported on first use, and once (not at each file): when every file's result is
    # cached, pydantic is never loaded.
    from .document import check_document

    return check_document


def check_bytes(
    raw: bytes, path: str, settings: Settings, keep_data: bool = False
) -> tuple[FileResult, Record | None]:
    """What checking the bytes of the file at ``path`` finds, and its record if valid."""
    doc = parse_bytes(raw, path, check_keys=False)
    checked = _checker()(doc, settings)
    if checked.diagnostics and not doc.keys_are_text():
        # Walking every file's keys costs more than this: a record's models refuse a key
        # that is not text, so only a file with something to report can hold one. Read
        # again by the stock rules, it is reported as the stock path reports it.
        doc = parse_bytes(raw, path)
        checked = _checker()(doc, settings)
    data = None
    if keep_data and checked.record is not None:
        data = json.dumps(doc.data, ensure_ascii=False, separators=(",", ":"))
    result = FileResult(path, checked.digest, checked.diagnostics, checked.facts, data)
    return result, checked.record


def record_from(
    model: type[Record], data: str | Stored, path: str, settings: Settings
) -> Record | None:
    """A record from the data a cached check kept, or from its file if that data is no
    longer as written (the cache cut short or damaged since); None unless it is valid.

    The data passed this very check before (same code, same settings): validating it
    again from JSON costs a fraction of reading and parsing the file.
    """
    text = text_of(data)
    if text is not None:
        try:
            return model.model_validate_json(text, context={"settings": settings})
        except ValueError:  # pydantic's ValidationError is one
            pass
    return record_of(path, settings)


def record_of(path: str, settings: Settings) -> Record | None:
    """The record a file holds, read and checked afresh; None unless it is valid."""
    raw = read(path)
    if isinstance(raw, FileResult):
        return None
    result, record = check_bytes(raw, path, settings)
    return record if not has_errors(result.diagnostics) else None


def read(path: str, what: str = "record") -> bytes | FileResult:
    """The file's bytes, or the result of a file that cannot be read (see ``read_bytes``)."""
    try:
        return read_bytes(path, what=what)
    except OSError as exc:
        return FileResult(path, "", [unreadable(path, exc)], None)


#: Set by init_worker in each worker process before any batch.
_worker_settings: Settings | None = None
_worker_keeps_data = False


def init_worker(settings: Settings, keep_data: bool = False) -> None:
    global _worker_settings, _worker_keeps_data
    _worker_settings = settings
    _worker_keeps_data = keep_data
    gc.disable()


def check_files(
    paths: list[str],
    settings: Settings,
    records: dict[str, Record] | None = None,
    *,
    keep_data: bool = False,
) -> list[FileResult]:
    """Read and check each file on its own, in this process; results in order.

    With ``records``, the valid records are also kept there, by path; with ``keep_data``,
    each valid record's data travels with its result (for the cache and for ``load``).
    """
    out = []
    for name in paths:
        raw = read(name)
        if isinstance(raw, FileResult):
            out.append(raw)
            continue
        result, record = check_bytes(raw, name, settings, keep_data)
        out.append(result)
        if records is not None and record is not None:
            records[name] = record
    return out


def check_batch(paths: list[str]) -> bytes:
    """A worker process's batch: its results, :func:`~.result.packed` to send."""
    if _worker_settings is None:
        raise RuntimeError("init_worker runs first in every worker process")
    return packed(check_files(paths, _worker_settings, keep_data=_worker_keeps_data))
