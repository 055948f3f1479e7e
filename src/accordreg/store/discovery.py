"""Finding record files: a walk of the registry's folders, hidden entries skipped."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..diagnostics import Diagnostic, diagnostic
from ..model.settings import FILE_NAME

SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[Path]) -> tuple[list[str], list[Diagnostic]]:
    """Record files under ``paths`` (folders searched recursively), sorted, without repeats.

    Paths are plain strings: a registry can hold a hundred thousand files, and most of them
    need nothing more than to be read.
    """
    found: list[str] = []
    problems: list[Diagnostic] = []
    for root in paths:
        if root.is_dir():
            settings = os.path.join(str(root), FILE_NAME)
            found.extend(p for p in _walk(str(root), problems) if p != settings)
        elif root.exists():
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
                    if name.endswith(SUFFIXES) and not entry.is_dir():
                        add(entry.path)
                    elif entry.is_dir() and not entry.is_symlink():  # as os.walk does
                        folders.append(entry.path)
        except OSError as exc:
            problems.append(diagnostic("F004", folder, 1, 1, exc.strerror or str(exc)))
    return out
