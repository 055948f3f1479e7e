"""A registry's files at a git revision, read through git's plumbing.

Nothing here checks anything out: a revision's files are listed with ``git ls-tree`` and
read with one ``git cat-file --batch``, and the working tree is only compared with
``git diff --name-only``, so that reading an old version never touches the files someone
is editing. Git is the program found on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .._errors import GitError
from .._model.names import SETTINGS_FILE
from .discovery import SUFFIXES
from .read import MAX_BYTES

#: The modes of regular files in a git tree (plain and executable).
_MODES = {"100644", "100755"}


@dataclass(frozen=True)
class Revision:
    """A revision as the user named it, and the commit it resolves to."""

    name: str
    #: A commit id; or the empty tree's id, for a branch with no commits yet.
    commit: str
    unborn: bool = False

    @property
    def label(self) -> str:
        """The name with the commit's short id, e.g. ``HEAD (e190ab4)``."""
        if self.unborn:
            return f"{self.name} (no commits yet)"
        short = self.commit[:7]
        return short if self.name in (self.commit, short) else f"{self.name} ({short})"


def is_record_path(relative: str) -> bool:
    """Whether a path inside a registry folder is a record file, by the rules discovery
    follows on disk: a YAML suffix, no hidden folder or file, not the settings file."""
    parts = relative.split("/")
    return (
        relative.endswith(SUFFIXES)
        and not any(part.startswith(".") for part in parts)
        and relative != SETTINGS_FILE
    )


class Git:
    """The git repository holding a registry folder, and the git commands the diff needs."""

    def __init__(self, folder: Path) -> None:
        exe = shutil.which("git")
        if exe is None:
            raise GitError("git is not on PATH; `accordreg diff` reads revisions with git")
        self.exe = exe
        # The registry folder may be gone from the working tree (deleted, or never there):
        # the nearest folder that exists says which repository is meant.
        start = folder.resolve()
        while not start.is_dir() and start != start.parent:
            start = start.parent
        done = self._run(["rev-parse", "--show-toplevel"], cwd=start, check=False)
        if done.returncode != 0:
            raise GitError(f"{folder} is not in a git repository")
        self.top = Path(os.fsdecode(done.stdout.strip())).resolve()
        try:
            relative = folder.resolve().relative_to(self.top)
        except ValueError:
            raise GitError(f"{folder} is outside the repository at {self.top}") from None
        #: The registry folder relative to the top of the repository ("" at the top).
        self.prefix = "" if str(relative) == "." else PurePosixPath(relative).as_posix()

    def _run(
        self,
        args: Sequence[str],
        *,
        cwd: Path | None = None,
        stdin: bytes | None = None,
        check: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        # --literal-pathspecs: a folder named "a*b" means that folder, not a pattern.
        # Pagers and colours are off, so that output is what this module parses.
        env = {**os.environ, "GIT_PAGER": "cat", "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}
        done = subprocess.run(
            [self.exe, "--no-pager", *args],
            cwd=cwd or self.top,
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
        if check and done.returncode != 0:
            message = os.fsdecode(done.stderr).strip().splitlines()
            raise GitError(f"git {args[0]}: {message[-1] if message else 'failed'}")
        return done

    def resolve(self, name: str) -> Revision:
        """The commit a revision names; :class:`GitError` if it names none."""
        if not name or name.startswith("-"):
            raise GitError(f"{name!r} is not a revision")
        done = self._run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"],
            check=False,
        )
        if done.returncode == 0:
            return Revision(name, done.stdout.decode().strip())
        if (
            name == "HEAD"
            and self._run(["symbolic-ref", "-q", "HEAD"], check=False).returncode == 0
        ):
            # A new repository's first commit: HEAD names a branch with no commit yet, and
            # everything in the registry is new. (The empty tree's id depends on the hash.)
            empty = self._run(["hash-object", "-t", "tree", os.devnull]).stdout.decode().strip()
            return Revision(name, empty, unborn=True)
        raise GitError(f"unknown revision {name!r}")

    def merge_base(self, a: Revision, b: Revision) -> Revision:
        """Where two revisions' histories meet, as ``git diff A...B`` compares from."""
        done = self._run(["merge-base", a.commit, b.commit], check=False)
        if done.returncode != 0:
            raise GitError(f"{a.name} and {b.name} have no common ancestor")
        return Revision(f"merge-base of {a.name} and {b.name}", done.stdout.decode().strip())

    def _pathspec(self) -> list[str]:
        return ["--", self.prefix] if self.prefix else []

    def _relative(self, path: str) -> str:
        return path[len(self.prefix) + 1 :] if self.prefix else path

    def files(self, revision: Revision) -> tuple[dict[str, str], str | None]:
        """The record files of the registry folder at a revision, by path inside the
        folder, with their blob ids; and the blob id of its settings file, if any."""
        out = self._run(["ls-tree", "-r", "-z", revision.commit, *self._pathspec()]).stdout
        files: dict[str, str] = {}
        settings = None
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split(" ")
            # Symbolic links and submodules hold no record text of their own.
            if kind != "blob" or mode not in _MODES:
                continue
            path = self._relative(os.fsdecode(raw_path))
            if path == SETTINGS_FILE:
                settings = blob
            elif is_record_path(path):
                files[path] = blob
        return files, settings

    def changed_in_worktree(self, revision: Revision) -> set[str]:
        """Paths inside the registry folder whose working-tree content may differ from the
        revision's (tracked files only: untracked ones are found on disk)."""
        out = self._run(
            [
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                "--ignore-submodules",
                revision.commit,
                *self._pathspec(),
            ]
        ).stdout
        return {self._relative(os.fsdecode(p)) for p in out.split(b"\0") if p}

    def blobs(self, ids: Iterable[str], limit: int = MAX_BYTES) -> dict[str, bytes]:
        """The content of each blob, read in one ``git cat-file --batch``; GitError for a
        blob over ``limit`` bytes (see :meth:`read_blobs`)."""
        found, large = self.read_blobs(ids, limit)
        for blob, size in large.items():
            raise GitError(f"blob {blob[:12]} is {_mb(size)}, over the {_mb(limit)} limit")
        return found

    def read_blobs(
        self, ids: Iterable[str], limit: int = MAX_BYTES
    ) -> tuple[dict[str, bytes], dict[str, int]]:
        """The content of each blob of at most ``limit`` bytes, read in one
        ``git cat-file --batch``; and the size of each larger one, never read (a record at
        a revision is held to the limit a record on disk is held to).

        GitError if a blob is missing.
        """
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}, {}
        sizes = self._sizes(wanted)
        large = {b: sizes[b] for b in wanted if sizes[b] > limit}
        small = [b for b in wanted if b not in large]
        if not small:
            return {}, large
        out = self._run(["cat-file", "--batch"], stdin="".join(f"{b}\n" for b in small).encode())
        data = out.stdout
        found: dict[str, bytes] = {}
        at = 0
        for blob in small:
            end = data.index(b"\n", at)
            header = data[at:end].decode().split(" ")
            if len(header) != 3:  # "<id> missing"
                raise GitError(f"git cat-file: blob {blob} is missing")
            size = int(header[2])
            found[blob] = data[end + 1 : end + 1 + size]
            at = end + 1 + size + 1  # the content is followed by a newline
        return found, large

    def _sizes(self, ids: list[str]) -> dict[str, int]:
        """The size of each blob, from ``git cat-file --batch-check`` (nothing is read)."""
        out = self._run(
            ["cat-file", "--batch-check=%(objectname) %(objectsize)"],
            stdin="".join(f"{b}\n" for b in ids).encode(),
        ).stdout
        sizes: dict[str, int] = {}
        for blob, line in zip(ids, out.decode().splitlines(), strict=False):
            _, _, size = line.partition(" ")
            if not size.isdigit():  # "<id> missing"
                raise GitError(f"git cat-file: blob {blob} is missing")
            sizes[blob] = int(size)
        missing = [b for b in ids if b not in sizes]
        if missing:
            raise GitError(f"git cat-file: blob {missing[0]} is missing")
        return sizes


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size % 1_048_576 else f"{size // 1_048_576} MB"
