"""The JSON Schema files of a folder: which are missing or out of date, which are someone
else's, and writing the former.

A schema file is written where none is, or over one accordreg wrote (it carries
``"$comment": "written by accordreg"``, or is exactly as an earlier accordreg wrote it):
never over a file of the user's own, nor through a link, a FIFO or a device. Each file is
read through the one guarded read (:func:`~accordreg._store.read.read_text`): what is not
a regular file is never opened for reading, so a FIFO or a link to ``/dev/zero`` is told
apart at once instead of read without end.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .._model import schema
from .._model.settings import DEFAULT_SETTINGS, Settings
from .atomic import make_folder, write_text
from .read import read_text, reason

#: The most a schema file is read of: a registry's vocabulary makes them a few hundred
#: kilobytes at most; a larger file is not accordreg's.
MAX_SCHEMA_BYTES = 16 * 1024 * 1024


@dataclass
class SchemaFiles:
    """What a folder's schema files are, against what accordreg would write there."""

    #: Missing, or written by accordreg and out of date: to be written.
    stale: list[Path] = field(default_factory=list)
    #: Files accordreg did not write (or cannot read), never written over: why, by path.
    foreign: dict[Path, str] = field(default_factory=dict)


def look(folder: Path, settings: Settings = DEFAULT_SETTINGS) -> SchemaFiles:
    """Which schema files in ``folder`` are missing or out of date, and which are not
    accordreg's to write; nothing is written."""
    found = SchemaFiles()
    for kind in schema.kinds():
        target = folder / schema.file_name(kind)
        why = _not_ours(kind, target, settings)
        if why is None:
            continue
        if why:
            found.foreign[target] = why
        else:
            found.stale.append(target)
    return found


def _not_ours(kind: str, target: Path, settings: Settings) -> str | None:
    """None if ``target`` is up to date; "" if it is missing or accordreg's and out of
    date; else why it is left as it is."""
    try:
        text = read_text(target, MAX_SCHEMA_BYTES, what="schema file")
    except FileNotFoundError:
        if os.path.islink(target):
            return "it is a symbolic link to nothing, which accordreg never writes through"
        return ""
    except UnicodeDecodeError:
        return "it is not UTF-8 text, so not a schema accordreg wrote"
    except OSError as exc:
        return reason(target, exc)[0]
    if text == schema.render(kind, settings):
        return None
    if os.path.islink(target):
        return "it is a symbolic link, which accordreg never writes through"
    if not schema.generated(kind, text, settings):
        return f'it is not a schema accordreg wrote (no "$comment": "{schema.MARK}")'
    return ""


def update(folder: Path, settings: Settings = DEFAULT_SETTINGS) -> SchemaFiles:
    """Write the schema files of ``folder`` that are missing or accordreg's and out of
    date; leave the others (``foreign``) as they are. Raises WriteError."""
    make_folder(folder)
    found = look(folder, settings)
    for target in found.stale:
        kind = target.name.removesuffix(".schema.json")
        write_text(target, schema.render(kind, settings))
    return found


def write_schemas(folder: Path, settings: Settings = DEFAULT_SETTINGS) -> list[Path]:
    """Write every kind's JSON Schema into ``folder`` where missing or accordreg's own and
    out of date (see :func:`update`); return the files written."""
    return update(folder, settings).stale
