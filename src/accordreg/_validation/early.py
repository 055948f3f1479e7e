"""A checking process started before it is known to be needed.

Checking even one changed file needs pydantic and the models, which take longer to import
than the rest of a warm run over ten thousand cached files. So `accordreg validate`, on
a registry with a cache, forks this helper before anything else: it imports them on
another core while the parent imports the runner, walks the registry and reads the
cache, then checks whatever files the parent found changed (``send``), while the parent
summarises the unchanged records for the cross-file checks, and answers (``receive``). If
none changed, or the run turns out not to need it, it is stopped unused.

Only where ``fork`` is cheap and safe: on Linux, from a single-threaded process that has
not imported pydantic yet (a library caller that has, checks in-process just as fast).
This module stays light for the same reason: the sooner the fork, the sooner the helper
is ready.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .._model.names import CACHE_SNAPSHOT, DEFAULT_REGISTRY, cache_folder

if TYPE_CHECKING:
    from .result import FileResult


def wanted() -> bool:
    """Whether a helper would pay off here."""
    return (
        sys.platform == "linux"
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and "pydantic" not in sys.modules
    )


#: A helper started by ``prestart`` for the command about to run, until ``start`` takes it.
_prestarted: EarlyWorker | None = None

#: `validate`'s options that take a value, and the default folder (see ``cli.check``).
_VALUED = ("--format", "--jobs")


def prestart(arguments: Sequence[str]) -> None:
    """Start a helper for `validate ARGUMENTS`, before the command line is imported.

    A first look at the arguments only: the paths, unless the cache is turned off or one
    process is asked for. The command parses them for real and takes the helper over
    with ``start``; the run stops it if it is not needed. A helper holds nothing of the
    paths: it checks the files it is sent, against the settings file sent with them.
    """
    global _prestarted
    paths: list[str] = []
    after_value = False
    for i, argument in enumerate(arguments):
        if after_value:
            after_value = False
            if arguments[i - 1] == "--jobs" and argument == "1":
                return
            continue
        if argument in ("--no-cache", "--jobs=1", "-h", "--help"):
            return
        if argument in _VALUED:
            after_value = True
        elif argument == "--":
            paths += arguments[i + 1 :]
            break
        elif not argument.startswith("-"):
            paths.append(argument)
    _prestarted = start([Path(p) for p in paths] or [DEFAULT_REGISTRY])


def stop_prestarted() -> None:
    """Stop a helper ``prestart`` started that no command took over."""
    global _prestarted
    if _prestarted is not None:
        helper, _prestarted = _prestarted, None
        helper.stop()


def start(paths: Sequence[Path]) -> EarlyWorker | None:
    """A helper for a run over ``paths``, if it may pay off: only a warm run gains (a cold
    one checks everything in a pool of workers), so only where the cache is: in the first
    path if it is a folder, else in a folder above the file, short of a repository's top
    (the run decides for sure, and stops it if not). A helper ``prestart`` started for
    this process is taken over."""
    global _prestarted
    if _prestarted is not None:
        helper, _prestarted = _prestarted, None
        return helper
    if not paths or not wanted():
        return None
    first = paths[0].absolute()
    for folder in [first] if first.is_dir() else first.parents:
        if (cache_folder(folder) / CACHE_SNAPSHOT).is_file():
            return EarlyWorker()
        if (folder / ".git").exists():
            break
    return None


class EarlyWorker:
    """One forked process that prepares to check files, and checks them when asked."""

    def __init__(self) -> None:
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: never returns
            os.close(self._to_child)
            os.close(self._from_child)
            _serve(to_child, from_child)
        os.close(to_child)
        os.close(from_child)
        self._done = False
        self._asked: list[str] = []

    def send(self, paths: list[str], settings_file: Path | None) -> bool:
        """Ask for ``paths`` to be checked against the settings in ``settings_file`` (the
        defaults if None); False if the helper cannot be asked (check them here)."""
        request = {"paths": paths, "settings": str(settings_file) if settings_file else None}
        try:
            with os.fdopen(self._take("_to_child"), "wb") as out:
                out.write(json.dumps(request).encode())
        except (OSError, ValueError):
            self.stop()
            return False
        self._asked = paths
        return True

    def receive(self) -> list[FileResult] | None:
        """The results of the paths sent, in order, or None if the helper failed (check
        them here). The helper exits once it has answered; ``stop`` collects it."""
        from .result import FileResult

        paths, self._asked = self._asked, []
        try:
            with os.fdopen(self._take("_from_child"), "rb") as answer:
                data = json.loads(answer.read() or b"null")
            if not isinstance(data, list) or len(data) != len(paths):
                return None
            return [FileResult.from_json(p, item) for p, item in zip(paths, data, strict=True)]
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            self.stop()
            return None

    def _take(self, name: str) -> int:
        """A pipe end, handed over to be closed by its new owner (and never again here)."""
        fd: int = getattr(self, name)
        setattr(self, name, -1)
        return fd

    def stop(self) -> None:
        """End the helper without waiting for it to finish importing."""
        if self._done:
            return
        for name in ("_to_child", "_from_child"):
            fd = self._take(name)
            if fd >= 0:
                os.close(fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        if not self._done:
            self._done = True
            os.waitpid(self.pid, 0)


def _serve(requests: int, replies: int) -> NoReturn:
    """The helper's whole life: import, wait for paths, check them, answer, exit."""
    status = 1
    try:
        # Nothing of the parent's output stays open here: a reader of its pipe sees the
        # end when the parent ends, whatever this process is doing.
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.close(quiet)
        # The point: pydantic, the models and the parser are imported while waiting.
        from .._model.places import warm_up
        from .._yaml import parse  # noqa: F401
        from . import document, in_process  # noqa: F401
        from .settings_check import SettingsSource

        if not select.select([requests], [], [], 0)[0]:
            # Still waiting: load ISO 3166's tables, which a location would need, meanwhile.
            warm_up()

        with os.fdopen(requests, "rb") as incoming:
            request = incoming.read()
        if request:
            asked = json.loads(request)
            settings_file = asked["settings"]
            source = SettingsSource(Path(settings_file) if settings_file else None)
            results = in_process.check_files(asked["paths"], source.get())
            with os.fdopen(replies, "wb") as out:
                out.write(json.dumps([r.to_json() for r in results]).encode())
        status = 0
    finally:
        # Skip the parent's exit handlers and buffered output: they are not ours to run.
        os._exit(status)
