"""The versions a registry diff compares, and how each reads its files.

A version is a set of record files with a token for each file's content (a git blob id,
or a hash) and a way to read them: in memory, a folder on disk, a git revision, or the
working tree against a revision. Files whose tokens agree are the same and are never read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .._model.names import SETTINGS_FILE
from .._store.discovery import SUFFIXES
from .._store.read import MAX_BYTES, digest, read_bytes, reason

if TYPE_CHECKING:
    from .._store.git import Git, Revision

Reader = Callable[[Sequence[str]], Mapping[str, bytes]]


class Unreadable(OSError):
    """Some of the files a :data:`Reader` was asked for could not be read: the content of
    the others, and for each of these why, in words fit to print."""

    def __init__(self, content: Mapping[str, bytes], failed: Mapping[str, str]) -> None:
        super().__init__(f"{len(failed)} file(s) could not be read")
        self.content = content
        self.failed = failed


def _read_disk(folder: Path, paths: Sequence[str]) -> Mapping[str, bytes]:
    """Files of a registry folder on disk, each read as a record is (a regular file of at
    most 5 MB, see ``store.read``); :class:`Unreadable` names any that is not."""
    content: dict[str, bytes] = {}
    failed: dict[str, str] = {}
    for rel in paths:
        path = folder / rel
        try:
            content[rel] = read_bytes(str(path))
        except OSError as exc:
            failed[rel] = reason(path, exc)[0]
    if failed:
        raise Unreadable(content, failed)
    return content


def _disk_settings(folder: Path) -> bytes | None:
    """The bytes of the settings file in a registry folder on disk, if it has one;
    ValueError, in a sentence, if what stands under its name cannot be read."""
    path = folder / SETTINGS_FILE
    if not os.path.lexists(path):
        return None
    try:
        return read_bytes(str(path), what="settings file")
    except OSError as exc:
        message, hint = reason(path, exc)
        raise ValueError(f"{path}: {message}" + (f" ({hint})" if hint else "")) from None


def _listed(folder: Path) -> list[str]:
    """The record files in a registry folder on disk, by path inside it: those discovery
    finds, and those it refuses to open from the folder's listing (a FIFO, a device),
    which are then reported as unreadable instead of taken for removed."""
    from .._store.discovery import discover

    if not folder.is_dir():
        return []
    found, problems = discover([folder])
    refused = [d.path for d in problems if d.code == "F004" and d.path.endswith(SUFFIXES)]
    return sorted({Path(p).relative_to(folder).as_posix() for p in [*found, *refused]})


@dataclass(frozen=True)
class Version:
    """One version of a registry's files: a content token per file, and how to read them.

    Equal tokens mean equal bytes (a git blob id, a content hash); files whose tokens
    agree across two versions are not read at all.
    """

    label: str
    #: Record files by path inside the registry folder (``sources/x.yaml``).
    tokens: Mapping[str, str]
    read: Reader
    #: The bytes of the settings file, if the version has one.
    settings: bytes | None = None


def memory_version(
    files: Mapping[str, bytes], label: str = "", settings: bytes | None = None
) -> Version:
    """A version held in memory: record files by path inside the registry folder."""
    held = dict(files)

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        return {p: held[p] for p in paths}

    return Version(label, {p: digest(raw) for p, raw in held.items()}, read, settings)


def folder_version(folder: Path, label: str | None = None) -> Version:
    """A registry folder on disk as a version, every file hashed (no git needed).

    Files are read as records are (see ``store.read``); one that cannot be read gets a
    token of its own and is reported as unreadable when compared.
    """
    paths = _listed(folder)
    try:
        files = dict(_read_disk(folder, paths))
        failed: Mapping[str, str] = {}
    except Unreadable as exc:
        files, failed = dict(exc.content), exc.failed
    held = memory_version(files, str(folder) if label is None else label)
    tokens = {**held.tokens, **{rel: f"unreadable:{rel}" for rel in failed}}

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        content = {p: files[p] for p in paths if p in files}
        missed = {p: failed[p] for p in paths if p not in files}
        if missed:
            raise Unreadable(content, missed)
        return content

    return Version(held.label, tokens, read, _disk_settings(folder))


def git_version(git: Git, revision: Revision) -> Version:
    """The registry folder at a git revision, read with git's plumbing only.

    A blob over 5 MB, the limit of a record file on disk, is never read: it is reported as
    unreadable when compared (a settings file over it is a GitError).
    """
    blobs, settings_blob = git.files(revision)

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        content, large = git.read_blobs(blobs[p] for p in paths)
        found = {p: content[blobs[p]] for p in paths if blobs[p] in content}
        if large:
            limit = MAX_BYTES / 1_048_576
            raise Unreadable(
                found,
                {
                    p: f"the file is {large[blobs[p]] / 1_048_576:.1f} MB, "
                    f"over the {limit:g} MB limit of a record file"
                    for p in paths
                    if blobs[p] in large
                },
            )
        return found

    settings = git.blobs([settings_blob])[settings_blob] if settings_blob else None
    return Version(revision.label, blobs, read, settings)


def worktree_version(git: Git, folder: Path, base: Version, revision: Revision) -> Version:
    """The registry folder in the working tree, compared with ``base`` (at ``revision``).

    Files git reports unchanged since the revision keep its blob id as their token and
    are never read; the others are read from disk when compared.
    """
    changed = git.changed_in_worktree(revision)
    tokens: dict[str, str] = {}
    for rel in _listed(folder):
        known = base.tokens.get(rel)
        tokens[rel] = known if known is not None and rel not in changed else f"disk:{rel}"

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        return _read_disk(folder, paths)

    return Version("working tree", tokens, read, _disk_settings(folder))
