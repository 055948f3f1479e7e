"""Finding record files: a walk of the registry's folders, hidden entries skipped."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .._diagnostics import Diagnostic, diagnostic
from .._model.names import SETTINGS_FILE
from .read import not_regular, unreadable

SUFFIXES = (".yaml", ".yml")

#: Names that look meant as records but are not read as such: another case of the suffix
#: (`x.YAML`), or a suffix after it, as editors and tools leave behind (`x.yaml~`,
#: `x.yaml.bak`, `x.yml.orig`). Skipping them silently would hide a record from checks.
_NEAR_MISS = re.compile(r".+\.ya?ml(?:~|\.[A-Za-z0-9_-]+~?)?", re.IGNORECASE)


def discover(paths: Iterable[Path]) -> tuple[list[str], list[Diagnostic]]:
    """Record files under ``paths`` (folders searched recursively), sorted, without repeats.

    Paths are plain strings: a registry can hold a hundred thousand files, and most of them
    need nothing more than to be read. Files whose names nearly end in ``.yaml`` get an
    ``F005`` warning instead of being skipped without a word.
    """
    found: list[str] = []
    problems: list[Diagnostic] = []
    for root in paths:
        if root.is_dir():
            # The settings file is read on its own, and reports its own problems.
            settings = os.path.join(str(root), SETTINGS_FILE)
            mine: list[Diagnostic] = []
            found.extend(p for p in _walk(str(root), mine) if p != settings)
            problems.extend(d for d in mine if d.path != settings)
        elif root.exists() or root.is_symlink():
            # A dangling or looping link named on purpose: reading it says what is wrong.
            found.append(str(root))
        else:
            problems.append(diagnostic("F004", str(root), 1, 1, "no such file or folder"))
    return sorted(set(found)), problems


def _walk(root: str, problems: list[Diagnostic]) -> list[str]:
    """Record files below ``root``; not sorted (the caller sorts them all at once)."""
    out: list[str] = []
    add = out.append
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    # Hidden entries hold caches and tool state (.git, .accordreg-cache).
                    if name[0] == ".":
                        continue
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        # A link that loops or cannot be followed: one entry's problem, not
                        # the folder's. Taken as a file, reading it reports it in its place.
                        is_dir = False
                    if is_dir:
                        if not entry.is_symlink():  # as os.walk does
                            folders.append(entry.path)
                    elif name.endswith(SUFFIXES):
                        # The entry's type is known from the folder's listing: a device or
                        # a FIFO is reported here, never opened (a link is read, and looked
                        # at before it is opened).
                        if entry.is_file(follow_symlinks=False) or entry.is_symlink():
                            add(entry.path)
                        else:
                            problems.append(_not_regular(entry))
                    elif _NEAR_MISS.fullmatch(name):
                        problems.append(_skipped(entry.path))
        except OSError as exc:
            problems.append(diagnostic("F004", folder, 1, 1, exc.strerror or str(exc)))
    return out


def _not_regular(entry: os.DirEntry[str]) -> Diagnostic:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:  # gone since the listing
        return unreadable(entry.path, exc)
    return unreadable(entry.path, not_regular(mode))


def _skipped(path: str) -> Diagnostic:
    return diagnostic(
        "F005",
        path,
        1,
        1,
        "skipped: only files ending in .yaml or .yml (lower case) are records",
        "if it is a record, rename it to end in .yaml; if it is a backup or an old copy, "
        "move it out of the registry",
    )
