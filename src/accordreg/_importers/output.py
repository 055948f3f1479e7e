"""What every import writes with: the manifest of what imports wrote, and the guarded write.

A file is written only where it is missing, or its bytes are those an import wrote (see
:data:`MANIFEST`), or ``--force`` is given; a file an import may not change (a provision
whose history has grown) is kept either way. Every import of a registry (PA-X, UCDP, the
ceasefires) reads and updates the one manifest, so that each may change what another
wrote, and none what a person did.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .._diagnostics import Diagnostic, diagnostic
from .._errors import WriteError
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

#: Where imports note the digest of every file they wrote, in the registry folder (a
#: hidden file: never read as a record): a file whose bytes are no longer those is kept.
MANIFEST = ".accordreg-import.json"
#: The largest manifest read (PA-X's has 31,000 entries in under 3 MB).
MAX_MANIFEST_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Dataset:
    """How an import speaks of what it keeps: its code, and the hints it gives."""

    #: The code of a file left as it is (P004, U004, E004).
    kept: str
    #: The hint for a file changed since an import wrote it.
    changed_hint: str
    #: The hint for a file whose history has grown since it was imported.
    grown_hint: str
    #: The hint for a manifest that cannot be read.
    manifest_hint: str


@dataclass
class Written:
    """What an import did to the registry folder: files written, unchanged, kept, removed."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    kept: list[Path] = field(default_factory=list)
    #: Files an earlier import wrote that this one replaced by others (a record that
    #: moved into a PA-X agreement), removed.
    removed: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    #: Folders known to exist (made or seen), so that each is made once.
    folders: set[Path] = field(default_factory=set, repr=False)
    #: The digest of every file imports wrote, by path in the registry folder.
    manifest: dict[str, str] = field(default_factory=dict, repr=False)
    #: Overwrite files that differ from what the last import wrote.
    force: bool = field(default=False, repr=False)


def read_manifest(out: Path, result: Written, dataset: Dataset) -> dict[str, str]:
    """The digests the last imports wrote (empty without a manifest; a manifest that
    cannot be read is noted, and every file that differs is then kept)."""
    path = out / MANIFEST
    try:
        data = json.loads(read_bytes(str(path), MAX_MANIFEST_BYTES, what="import manifest"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        data = None
        why = exc.message if hasattr(exc, "message") else type(exc).__name__
        result.problems.append(
            diagnostic(
                dataset.kept,
                str(path),
                1,
                1,
                f"the record of earlier imports cannot be read ({why}); files this import "
                "would change are kept",
                dataset.manifest_hint,
            )
        )
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def write_manifest(out: Path, manifest: dict[str, str]) -> None:
    """Note the digest of every file imports wrote."""
    text = json.dumps(
        {
            "about": "Written by `accordreg import`: the digest of each file an import wrote. "
            "A file whose bytes differ is kept by the next import (unless --force).",
            "files": dict(sorted(manifest.items())),
        },
        indent=1,
    )
    make_folder(out)
    write_bytes(out / MANIFEST, text.encode() + b"\n", durable=False)


#: What an import makes of the bytes a file holds (None where there is none): the bytes
#: to write, or None to leave the file as it is, unsaid.
Maker = Callable[[bytes | None], bytes | None]


def put(
    out: Path,
    relative: Path,
    make: Maker | bytes,
    result: Written,
    dataset: Dataset,
    *,
    held: Callable[[bytes], str | None] | None = None,
) -> None:
    """Write a record file at ``out/relative`` unless it must be kept.

    ``make`` gives the bytes from those the file holds (or is the bytes); ``held`` says
    why a file an import may never change must stay as it is (None: it may change).
    """
    target = out / relative
    key = relative.as_posix()
    refused = refused_folder(out, relative, result)
    if refused is not None:  # never read, never written through
        keep(
            target,
            result,
            dataset.kept,
            refused,
            "replace it with a folder of its own, and import again",
        )
        return
    try:
        old: bytes | None = read_bytes(str(target))
    except FileNotFoundError:
        old = None
    except OSError as exc:  # a folder, a device, a link to one: never read, never replaced
        keep(
            target,
            result,
            dataset.kept,
            f"it is no file to replace ({exc})",
            "remove it, and import again",
        )
        return
    new = make if isinstance(make, bytes) else make(old)
    if new is None:
        return
    if old == new:
        result.unchanged += 1
        result.manifest[key] = digest(new)
        return
    if old is not None:
        why = held(old) if held is not None else None
        if why is not None:
            keep(target, result, dataset.kept, why, dataset.grown_hint)
            return
        if not result.force and result.manifest.get(key) != digest(old):
            keep(
                target,
                result,
                dataset.kept,
                "it was changed since an import wrote it (or no import did)",
                dataset.changed_hint,
            )
            return
    result.manifest[key] = digest(new)
    if old is None and create(target, new, result):
        result.written.append(target)
        return
    # Thousands of files: atomic, but without an fsync each (a bulk, repeatable job).
    write_bytes(target, new, durable=False)
    result.written.append(target)


def remove(out: Path, relative: Path, result: Written, dataset: Dataset, why: str) -> None:
    """Remove a file an earlier import wrote that this one replaces by another, if its
    bytes are still the import's (else it is kept, and said so); its folder goes too
    once empty."""
    target = out / relative
    key = relative.as_posix()
    if refused_folder(out, relative, result) is not None:
        return  # nothing is read or removed through a link
    try:
        old = read_bytes(str(target))
    except OSError:
        return  # gone already, or no file of ours
    if result.manifest.get(key) != digest(old):
        keep(
            target,
            result,
            dataset.kept,
            f"{why}, but it was changed since an import wrote it (or no import did)",
            "remove it by hand once its changes are safe",
        )
        return
    try:
        os.unlink(target)
    except OSError as exc:
        raise failed(target, exc) from exc
    result.manifest.pop(key, None)
    result.removed.append(target)
    with contextlib.suppress(OSError):
        target.parent.rmdir()  # only if nothing else is left in it
        result.folders.discard(target.parent)


def keep(target: Path, result: Written, code: str, why: str, hint: str) -> None:
    """Leave a file as it is, and say so."""
    result.kept.append(target)
    result.problems.append(diagnostic(code, str(target), 1, 1, f"kept: {why}", hint))


def refused_folder(out: Path, relative: Path, result: Written) -> str | None:
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


def create(target: Path, data: bytes, result: Written) -> bool:
    """Write a file that does not exist yet, whole or not at all; False if it appeared
    meanwhile.

    The bytes go to a temporary file beside it, held locked as :mod:`accordreg._store.atomic`
    holds its own, which is then linked in under the file's name: a link, unlike a rename,
    never replaces a file that appeared meanwhile. So a killed import leaves each file
    whole or absent, never the empty or partial file that the next import would take for
    someone's edit and keep; its temporary file is swept away by the next import. No
    fsync: a bulk, repeatable job.
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
        fd = ready_to_move(fd)  # closed first where an open file cannot move (Windows)
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
