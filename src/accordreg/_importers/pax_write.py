"""Writing an import's records, and the manifest of what imports wrote.

A file is written only where it is missing, or its bytes are those an import wrote (see
:data:`MANIFEST`), or ``--force`` is given; a provision whose history has grown is kept
either way.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._diagnostics import diagnostic
from .._errors import WriteError
from .._model.names import SETTINGS_FILE
from .._store.atomic import (
    check_folder,
    checkpoint,
    failed,
    held_temporary,
    make_folder,
    ready_to_move,
    sweep_stale,
    write_bytes,
)
from .._store.read import digest, read_bytes
from .._store.write import schema_comment
from .._yaml import emit
from .._yaml import parse as _yaml
from .pax_rows import MAX_CSV_BYTES

if TYPE_CHECKING:
    from .pax import ImportResult

#: Where an import notes the digest of every file it wrote, in the registry folder (a
#: hidden file: never read as a record): a file whose bytes are no longer those is kept.
MANIFEST = ".accordreg-import.json"


def _read_manifest(out: Path, result: ImportResult) -> dict[str, str]:
    """The digests the last imports wrote (empty without a manifest; a manifest that
    cannot be read is noted, and every file that differs is then kept)."""
    path = out / MANIFEST
    try:
        data = json.loads(read_bytes(str(path), MAX_CSV_BYTES, what="import manifest"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        data = None
        why = exc.message if hasattr(exc, "message") else type(exc).__name__
        result.problems.append(
            diagnostic(
                "P004",
                str(path),
                1,
                1,
                f"the record of earlier imports cannot be read ({why}); files this import "
                "would change are kept",
                "use --force to overwrite them, or remove the file",
            )
        )
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def _write_manifest(out: Path, manifest: dict[str, str]) -> None:
    text = json.dumps(
        {
            "about": "Written by `accordreg import pax`: the digest of each file it wrote. "
            "A file whose bytes differ is kept by the next import (unless --force).",
            "files": dict(sorted(manifest.items())),
        },
        indent=1,
    )
    make_folder(out)
    write_bytes(out / MANIFEST, text.encode() + b"\n", durable=False)


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
    target = out / relative
    key = relative.as_posix()
    new = emit.dump(data, schema_comment(data["kind"], target, schemas)).encode("utf-8")
    if data["kind"] == "agreement":
        result.agreements += 1
    elif data["kind"] == "provision":
        result.provisions += 1
        result.categories[data["category"]] += 1
    refused = _refused_folder(out, relative, result)
    if refused is not None:  # never read, never written through
        _keep(target, result, refused, "replace it with a folder of its own, and import again")
        return
    try:
        old = read_bytes(str(target))
    except FileNotFoundError:
        old = None
    except OSError as exc:  # a folder, a device, a link to one: never read, never replaced
        _keep(target, result, f"it is no file to replace ({exc})", "remove it, and import again")
        return
    if old == new:
        result.unchanged += 1
        result.manifest[key] = digest(new)
        return
    if old is not None and data["kind"] == "provision" and _grown(old):
        _keep(
            target,
            result,
            "its history has grown since it was imported",
            "its PA-X fields were not updated; compare with the PA-X page by hand",
        )
        return
    if old is not None and not result.force and result.manifest.get(key) != digest(old):
        _keep(
            target,
            result,
            "it was changed since an import wrote it (or no import did)",
            "its PA-X fields were not updated; import again with --force to replace it "
            "with them (its changes are then lost)",
        )
        return
    result.manifest[key] = digest(new)
    if old is None and _create(target, new, result):
        result.written.append(target)
        return
    # Thousands of files: atomic, but without an fsync each (a bulk, repeatable job).
    write_bytes(target, new, durable=False)
    result.written.append(target)


def _keep(target: Path, result: ImportResult, why: str, hint: str) -> None:
    """Leave a file as it is, and say so (P004)."""
    result.kept.append(target)
    result.problems.append(diagnostic("P004", str(target), 1, 1, f"kept: {why}", hint))


def _refused_folder(out: Path, relative: Path, result: ImportResult) -> str | None:
    """Why a record may not be written in its folder under ``out`` (a link, a file), or
    None. A folder that exists is swept of the temporary files of a killed import once."""
    folder = out
    for part in relative.parent.parts:
        folder = folder / part
        if folder in result.folders:
            continue
        try:
            if not check_folder(folder):
                return None  # missing: made when the record is written
        except WriteError as exc:
            return f"its folder {folder}: {exc.reason}"
        result.folders.add(folder)
        sweep_stale(folder)
    return None


#: What ``link`` fails with where the file system has no hard links (FAT, some shares).
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS}


def _create(target: Path, data: bytes, result: ImportResult) -> bool:
    """Write a file that does not exist yet, whole or not at all; False if it appeared
    meanwhile.

    The bytes go to a temporary file beside it, held locked as :mod:`accordreg._store.atomic` holds
    its own, which is then linked in under the file's name: a link, unlike a rename, never
    replaces a file that appeared meanwhile. So a killed import leaves each file whole or
    absent, never the empty or partial file that the next import would take for someone's
    edit and keep; its temporary file is swept away by the next import. No fsync: a bulk,
    repeatable job.
    """
    folder = target.parent
    if folder not in result.folders:
        make_folder(folder)
        result.folders.add(folder)
    fd, temporary = held_temporary(target)
    try:
        view = memoryview(data)
        while view:  # os.write may write less than asked
            view = view[os.write(fd, view) :]
        checkpoint("import-creating")
        fd = ready_to_move(fd)
        try:
            os.link(temporary, target)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            if os.path.lexists(target):
                return False
            os.rename(temporary, target)
    except OSError as exc:  # a full disk or a read-only folder: one clear error, no file
        raise failed(target, exc) from exc
    finally:
        try:
            fd = ready_to_move(fd)
        except OSError:
            fd = -1  # closed, or as good as
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if fd >= 0:
            os.close(fd)
    return True


def _grown(old: bytes) -> bool:
    ok, data = _yaml.load_fast(old.decode("utf-8", errors="replace"))
    if not ok:
        data = _yaml.parse(old.decode("utf-8", errors="replace"), "x").data
    history = data.get("history") if isinstance(data, dict) else None
    return isinstance(history, list) and len(history) > 1
