"""Records to files: new record files in the canonical layout, with the schema comment."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from ..model import schema
from ..model.kinds import KINDS
from ..model.records import Record
from ..model.settings import DEFAULT_SETTINGS, Settings
from ..yaml import emit
from .atomic import make_folder, write_text


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def record_data(record: Record) -> dict[str, Any]:
    """A record as YAML-ready data: the fields it sets, in model order, dates as dates."""
    return dict(_plain(record.model_dump(mode="python", exclude_unset=True)))


def relative_place(record: Record) -> Path:
    """Where a record lives inside its registry folder."""
    return Path(KINDS[record.kind].relative_place(record.id))


def schema_comment(kind: str, target: Path, schemas: Path | None) -> str:
    """The yaml-language-server line for a file at ``target``, or nothing without schemas."""
    return "" if schemas is None else schema.comment(kind, target, schemas) + "\n"


def record_text(record: Record, target: Path, schemas: Path | None = None) -> str:
    """The text of a new record file at ``target``."""
    header = schema_comment(record.kind, target, schemas)
    return emit.dump(record_data(record), header)


def write_record(
    record: Record, root: Path, schemas: Path | None = None, *, overwrite: bool = False
) -> Path:
    """Write a record into the registry at ``root``; refuse to replace a file unless told."""
    target = root / relative_place(record)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists")
    make_folder(target.parent)
    write_text(target, record_text(record, target, schemas))
    return target


def write_schemas(folder: Path, settings: Settings = DEFAULT_SETTINGS) -> list[Path]:
    """Write every kind's JSON Schema into ``folder``; return the files that changed."""
    make_folder(folder)
    changed = schema.stale(folder, settings)
    for target in changed:
        kind = target.name.removesuffix(".schema.json")
        write_text(target, schema.render(kind, settings))
    return changed
