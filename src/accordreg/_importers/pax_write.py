"""Writing a PA-X import's records, and its settings file.

A file is written only where it is missing, or its bytes are those an import wrote (see
:data:`.output.MANIFEST`), or ``--force`` is given; a provision whose history has grown
is kept either way, and an agreement keeps the history an import or a person gave it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._model.names import SETTINGS_FILE
from .._store.write import schema_comment
from .._yaml import emit
from .._yaml import parse as _yaml
from . import output
from .agreement_files import history_of, with_history
from .output import MANIFEST as MANIFEST
from .output import create as _create

if TYPE_CHECKING:
    from .pax import ImportResult

#: How a PA-X import speaks of the files it keeps.
PAX = output.Dataset(
    kept="P004",
    changed_hint="its PA-X fields were not updated; import again with --force to replace it "
    "with them (its changes are then lost)",
    grown_hint="its PA-X fields were not updated; compare with the PA-X page by hand",
    manifest_hint="use --force to overwrite them, or remove the file",
)


def _read_manifest(out: Path, result: ImportResult) -> dict[str, str]:
    return output.read_manifest(out, result, PAX)


def _write_manifest(out: Path, manifest: dict[str, str]) -> None:
    output.write_manifest(out, manifest)


#: The settings an import starts a registry with: PA-X records what agreements say, not
#: what happened since, so its views show "not tracked" where they would show 0 % and
#: "no news".
SETTINGS = b"""\
# Written by `accordreg import pax`: PA-X records what each agreement says, not whether it
# was carried out. Set tracks_implementation to true once provisions carry a history of
# their own, from sources that report what happened.
kind: settings
name: PA-X import
tracks_implementation: false
"""


def _settle(out: Path, result: ImportResult) -> None:
    """The registry's settings file, where it has none yet (one it has is never touched)."""
    target = out / SETTINGS_FILE
    if target.exists() or target.is_symlink() or not _create(target, SETTINGS, result):
        result.unchanged += 1
    else:
        result.written.append(target)


def _write(
    out: Path,
    relative: Path,
    data: dict[str, Any],
    schemas: Path | None,
    result: ImportResult,
) -> None:
    header = schema_comment(data["kind"], out / relative, schemas)
    new = emit.dump(data, header).encode("utf-8")
    if data["kind"] == "agreement":
        result.agreements += 1

        def make(old: bytes | None) -> bytes:
            # The history another import (UCDP's ends) gave the agreement stays with it.
            kept = history_of(old) if old is not None and old != new else None
            return emit.dump(with_history(data, kept), header).encode() if kept else new

        output.put(out, relative, make, result, PAX)
        return
    if data["kind"] == "provision":
        result.provisions += 1
        result.categories[data["category"]] += 1
    output.put(out, relative, new, result, PAX, held=_held)


def _held(old: bytes) -> str | None:
    return "its history has grown since it was imported" if _grown(old) else None


def _grown(old: bytes) -> bool:
    ok, data = _yaml.load_fast(old.decode("utf-8", errors="replace"))
    if not ok:
        data = _yaml.parse(old.decode("utf-8", errors="replace"), "x").data
    history = data.get("history") if isinstance(data, dict) else None
    return isinstance(history, list) and len(history) > 1
