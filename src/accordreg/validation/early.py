"""A checking process started before it is known to be needed.

Checking even one changed file needs pydantic and the models, which take longer to import
than the rest of a warm run over ten thousand cached files. So a command-line run that
has a cache forks this helper first: it imports them on another core while the parent
walks the registry and reads the cache, then checks whatever files the parent found
changed. If none changed, it is stopped unused.

Only where ``fork`` is cheap and safe: on Linux, from a single-threaded process that has
not imported pydantic yet (a library caller that has, checks in-process just as fast).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from typing import NoReturn

from .cache import FileResult
from .settings import SettingsSource


def wanted() -> bool:
    """Whether a helper would pay off here."""
    return (
        sys.platform == "linux"
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and "pydantic" not in sys.modules
    )


class EarlyWorker:
    """One forked process that prepares to check files, and checks them when asked."""

    def __init__(self, source: SettingsSource) -> None:
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: never returns
            os.close(self._to_child)
            os.close(self._from_child)
            _serve(to_child, from_child, source)
        os.close(to_child)
        os.close(from_child)
        self._done = False

    def check(self, paths: list[str]) -> list[FileResult] | None:
        """Results for ``paths`` in order, or None if the helper failed (check them here)."""
        try:
            with os.fdopen(self._take("_to_child"), "wb") as out:
                out.write(json.dumps(paths).encode())
            with os.fdopen(self._take("_from_child"), "rb") as answer:
                data = json.loads(answer.read() or b"null")
            self._reap()
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


def _serve(requests: int, replies: int, source: SettingsSource) -> NoReturn:
    """The helper's whole life: import, wait for paths, check them, answer, exit."""
    status = 1
    try:
        # The point: pydantic, the models and the parser are imported while waiting.
        from ..model.places import warm_up
        from ..yaml import parse  # noqa: F401
        from . import document, serial  # noqa: F401

        warm_up()  # ISO 3166's tables, which the first location would otherwise load

        with os.fdopen(requests, "rb") as incoming:
            request = incoming.read()
        if request:
            paths = json.loads(request)
            results = serial.check_files(paths, source.get())
            with os.fdopen(replies, "wb") as out:
                out.write(json.dumps([r.to_json() for r in results]).encode())
        status = 0
    finally:
        # Skip the parent's exit handlers and buffered output: they are not ours to run.
        os._exit(status)
