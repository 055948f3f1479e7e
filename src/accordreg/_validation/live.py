"""A registry's check kept in memory, and brought up to date file by file as files change.

For an editor: some files' content is given (unsaved buffers) in place of what is on
disk, and each change is answered by checking the files that changed and the cross-file
rules, not the whole registry. What it says is what :func:`.run.checked` says of the
registry with the same content, by construction: a whole load is that run, each file is
checked by the function the run checks files with, and the cross-file rules are the
run's, over the same facts in the same order.
"""

from __future__ import annotations

import os
from bisect import insort
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .._model.defaults import default_settings
from .._model.names import SETTINGS_FILE
from .._store.discovery import SUFFIXES
from . import in_process
from .fact_summary import Summary
from .integrity import Locator, check_integrity
from .result import FileResult
from .run import CheckResult, checked, settings_first_said

if TYPE_CHECKING:
    from .._diagnostics import Diagnostic
    from .._model.settings import Settings
    from .facts import Facts
    from .settings_check import SettingsSource


class Live:
    """What ``accordreg validate`` says of the registry at ``root``, kept up to date.

    :meth:`update` gives files' content (or takes it back, to read the files on disk
    again) and checks the registry again as it then stands; :attr:`diagnostics` is what
    a run of ``validate`` would report, every file named by its absolute path.
    """

    def __init__(self, root: Path, *, use_cache: bool = True) -> None:
        self.root = Path(os.path.abspath(root))
        self.use_cache = use_cache
        #: The files whose content is given, by path, in place of what is on disk.
        self.texts: dict[str, bytes] = {}
        self.results: dict[str, FileResult] = {}
        self.diagnostics: list[Diagnostic] = []
        #: Counts the changes taken in: what was worked out of an earlier state is stale.
        self.generation = 0
        self._order: list[str] = []
        self._discovered: list[Diagnostic] = []
        self._source: SettingsSource | None = None
        self._locator = Locator()
        # The summary of every record's facts but one file's, while that file is edited.
        self._settled: tuple[str, Summary] | None = None

    @property
    def settings_file(self) -> str:
        """Where the registry's settings file is (or would be)."""
        return str(self.root / SETTINGS_FILE)

    @property
    def settings(self) -> Settings:
        """The settings the records are checked against (the defaults before a load)."""
        return self._source.get() if self._source is not None else default_settings()

    @property
    def locator(self) -> Locator:
        """Where things are written in the registry's files, as they stand here."""
        return self._locator

    def run(self) -> CheckResult:
        """The whole registry checked afresh, files unchanged on disk from the cache (to
        take in with :meth:`adopt`; nothing here is changed, so it may run in a thread)."""
        return checked(self.root, use_cache=self.use_cache, texts=dict(self.texts))

    def adopt(self, result: CheckResult) -> None:
        """Take in a whole check (from :meth:`run`)."""
        source = result.settings_source
        assert source is not None  # a run always says which settings it checked against
        self._source = source
        self._discovered = result.discovered
        self.results = {r.path: r for r in result.results}
        self._order = sorted(self.results)
        self._locator = Locator(source.get, self.texts)
        self._settled = None
        self.diagnostics = result.diagnostics
        self.generation += 1

    def load(self) -> None:
        """Check the whole registry afresh."""
        self.adopt(self.run())

    def belongs(self, path: str) -> bool:
        """Whether a file at ``path`` is one the registry's check reads: its settings file,
        or a record file inside it, in no hidden folder (as discovery finds them)."""
        inside = os.path.relpath(path, self.root)
        if inside == SETTINGS_FILE:
            return True
        return (
            path.endswith(SUFFIXES)
            and not inside.startswith(("..", "."))
            and f"{os.sep}." not in inside
        )

    def give(self, changes: Mapping[str, bytes | None]) -> list[str]:
        """Take the content of files (None: what is on disk), checking nothing yet; the
        paths that are the registry's (the others are left out)."""
        taken = []
        for path, text in changes.items():
            if not self.belongs(path):
                continue
            if text is None:
                self.texts.pop(path, None)
            else:
                self.texts[path] = text
            taken.append(path)
        return taken

    def update(self, changes: Mapping[str, bytes | None]) -> list[str]:
        """Take the content of files, as :meth:`give` does, and check the registry again:
        the whole of it if the settings file is among them, else the files given and the
        cross-file rules. The paths taken."""
        taken = self.give(changes)
        if self.settings_file in taken or self._source is None:
            self.load()  # every record is checked against the settings
        elif taken:
            self.refresh(taken)
        return taken

    def refresh(self, paths: Collection[str]) -> None:
        """Check these files again (each as given, or as on disk; gone if neither), then
        the cross-file rules."""
        for path in paths:
            self._locator.forget(path)
            text = self.texts.get(path)
            if text is None and not os.path.lexists(path):
                if self.results.pop(path, None) is not None:
                    self._order.remove(path)
                continue
            if path not in self.results:
                insort(self._order, path)
            self.results[path] = self._check(path, text)
        self.generation += 1
        self._recheck(next(iter(paths)) if len(paths) == 1 else None)

    def text_of(self, path: str) -> bytes | None:
        """A file's content as checked here: given, or read from disk (None if unreadable)."""
        given = self.texts.get(path)
        if given is not None:
            return given
        raw = in_process.read(path)
        return None if isinstance(raw, FileResult) else raw

    def _check(self, path: str, text: bytes | None) -> FileResult:
        raw = in_process.read(path) if text is None else text
        if isinstance(raw, FileResult):
            return raw
        result, _ = in_process.check_bytes(raw, path, self.settings)
        return result

    def facts(self) -> Iterator[Facts]:
        """Every record's facts, in the order of their files."""
        results = self.results
        for path in self._order:
            found = results[path].facts
            if found is not None:
                yield found

    def _recheck(self, changed: str | None) -> None:
        """The diagnostics once files have changed: every file's own, as last checked,
        and the cross-file rules over all the facts (those of the files that did not
        change summarised once, while one file is edited again and again)."""
        facts = list(self.facts())
        settled: Summary | None = None
        added: list[Facts] = []
        if changed is not None:
            if self._settled is None or self._settled[0] != changed:
                self._settled = (changed, Summary([f for f in facts if f.path != changed]))
            settled = self._settled[1]
            own = self.results.get(changed)
            added = [own.facts] if own is not None and own.facts is not None else []
        else:
            self._settled = None
        out = list(self._discovered)
        for path in self._order:
            out.extend(self.results[path].diagnostics)
        out.extend(check_integrity(facts, self._locator, settled, added))
        assert self._source is not None
        out = settings_first_said(out, self._source.path)
        out.sort(key=lambda d: d.sort_key)
        self.diagnostics = out
