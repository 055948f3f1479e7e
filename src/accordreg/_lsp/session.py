"""The server's state: the registries in the workspace, the open documents, and the loop
that checks what changed and tells the client what the checks found.

Every change (a document opened, edited, closed; a file changed on disk) is queued; the
loop takes what the queue holds a short while (``debounce``) after the first change, so
that a burst of keystrokes is checked once, and it never checks two batches at once.
Diagnostics go to the client as it wants them: pushed (`publishDiagnostics`) for every
file with problems, or, for a client that pulls them, answered per document and for the
workspace, with a refresh asked after each check.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import from_fs_path

from .._cli.common import find_registry, holds_registry
from .._validation.live import Live
from .._validation.run import find_registry as registry_above
from .convert import CODES_PAGE, to_lsp
from .lookup import Index, path_of
from .text import Lines

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from .._diagnostics import Diagnostic

log = logging.getLogger("accordreg.lsp")

#: Seconds from the first change of a burst to its check.
DEBOUNCE = 0.05


@dataclass
class Options:
    """What a client may set (``initializationOptions``, or the `accordreg` section of its
    configuration)."""

    #: Seconds from a change to its check.
    debounce: float = DEBOUNCE
    #: The page that explains each diagnostic code (each code's anchor is added).
    codes_page: str = CODES_PAGE
    #: The registry folder, for a workspace whose registry is not found as the command
    #: line finds it (relative to the first workspace folder).
    registry: str | None = None

    @classmethod
    def of(cls, given: Any) -> Options:
        """Options from a client's settings (unknown keys and wrong types ignored)."""
        out = cls()
        if not isinstance(given, dict):
            return out
        if isinstance(given.get("accordreg"), dict):
            given = given["accordreg"]
        debounce = given.get("debounce")
        if isinstance(debounce, int | float) and 0 <= debounce <= 5000:
            out.debounce = debounce / 1000  # milliseconds, as editors' settings give them
        if isinstance(given.get("codesPage"), str):
            out.codes_page = given["codesPage"]
        if isinstance(given.get("registry"), str):
            out.registry = given["registry"]
        return out


@dataclass
class Document:
    """An open document: its URI as the client wrote it, and its version."""

    uri: str
    version: int | None


@dataclass
class Reports:
    """What a pulling client was last told of each file: a result id per file."""

    ids: dict[str, str] = field(default_factory=dict)
    counter: int = 0

    def bump(self, path: str) -> None:
        self.counter += 1
        self.ids[path] = str(self.counter)


class Session:
    """The registries the client works on, and what it has been told of them."""

    def __init__(self, server: LanguageServer, registry: Path | None = None) -> None:
        self.server = server
        #: The registry named on the command line, if one was.
        self.named = Path(os.path.abspath(registry)) if registry is not None else None
        self.options = Options()
        self.encoding: str = types.PositionEncodingKind.Utf16
        #: Whether the client pulls diagnostics (documents and workspace) instead.
        self.pull = False
        self.registries: dict[str, Live] = {}
        self.documents: dict[str, Document] = {}
        self.folders: list[Path] = []
        self._pending: dict[str, bytes | None] = {}
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        #: What was last sent of each file (the diagnostics, and the text they were on).
        self._sent: dict[str, tuple[tuple[Diagnostic, ...], bytes | None]] = {}
        self.reports = Reports()
        self._grouped: dict[str, tuple[int, dict[str, list[Diagnostic]]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._loading: dict[str, asyncio.Future[Live]] = {}
        self._indexes: dict[str, Index] = {}

    # -- what comes in ----------------------------------------------------------------

    def start(self, folders: Iterable[Path]) -> None:
        """Start the loop; the registries of the workspace's folders are loaded first."""
        self.folders = list(folders)
        self._idle.clear()  # until the workspace's registries are loaded and reported
        self._task = asyncio.ensure_future(self._loop())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def change(self, path: str, text: str | None) -> None:
        """Queue a file's new content (None: read it from disk)."""
        self._pending[path] = None if text is None else text.encode("utf-8", "surrogatepass")
        self._idle.clear()
        self._wake.set()

    def opened(self, uri: str, version: int | None, text: str) -> None:
        path = path_of(uri)
        if path is not None:
            self.documents[path] = Document(uri, version)
            self.change(path, text)

    def edited(self, uri: str, version: int | None, text: str) -> None:
        path = path_of(uri)
        if path is not None:
            self.documents.setdefault(path, Document(uri, version)).version = version
            self.change(path, text)

    def closed(self, uri: str) -> None:
        path = path_of(uri)
        if path is not None and self.documents.pop(path, None) is not None:
            self.change(path, None)

    def changed_on_disk(self, uris: Iterable[str]) -> None:
        """Files created, changed or deleted outside the editor: checked again as on disk,
        unless open (the buffer is what the user sees)."""
        for uri in uris:
            path = path_of(uri)
            if path is not None and path not in self.documents:
                self.change(path, None)

    async def settled(self) -> None:
        """Wait until every change queued so far is checked."""
        while not self._idle.is_set():
            await self._idle.wait()

    # -- the loop ---------------------------------------------------------------------

    async def _loop(self) -> None:
        roots = [self.named] if self.named is not None else map(self._registry, self.folders)
        for root in roots:
            if root is not None and os.path.abspath(root) not in self.registries:
                await self._load(root)
        self._publish(self.registries.values())
        if not self._pending:
            self._idle.set()
        while True:
            await self._wake.wait()
            await asyncio.sleep(self.options.debounce)
            self._wake.clear()
            batch, self._pending = self._pending, {}
            try:
                touched = await self._apply(batch)
                self._publish(touched)
            except Exception:  # a bug must not end the loop: every later change is lost
                log.exception("accordreg: checking %s failed", ", ".join(batch))
            if not self._pending:
                self._idle.set()

    def _registry(self, folder: Path) -> Path | None:
        """The registry of a workspace folder, found as the command line finds one."""
        if self.options.registry is not None:
            named = folder / self.options.registry
            return named if named.is_dir() else None
        found = folder / find_registry(folder)
        return found if found.is_dir() and holds_registry(found) else None

    async def _load(self, root: Path) -> Live:
        """A registry, checked whole the first time it is asked for (in a thread: a first
        check of a large registry takes seconds, and requests meanwhile are answered)."""
        key = os.path.abspath(root)
        loading = self._loading.get(key)
        if loading is None:
            loading = self._loading[key] = asyncio.ensure_future(self._check_whole(Live(root)))
        live = await loading
        self.registries[key] = live
        return live

    @staticmethod
    async def _check_whole(live: Live) -> Live:
        loop = asyncio.get_running_loop()
        live.adopt(await loop.run_in_executor(None, live.run))
        return live

    async def registry_of(self, path: str) -> Live | None:
        """The registry a file belongs to (loaded the first time it is asked for)."""
        best: Live | None = None
        for root, live in self.registries.items():
            inside = path.startswith(os.path.join(root, "")) and live.belongs(path)
            if inside and (best is None or len(root) > len(str(best.root))):
                best = live
        if best is not None:
            return best
        found = registry_above(Path(path))
        return None if found is None else await self._load(found)

    async def _apply(self, batch: dict[str, bytes | None]) -> list[Live]:
        by_registry: dict[str, tuple[Live, dict[str, bytes | None]]] = {}
        for path, text in batch.items():
            live = await self.registry_of(path)
            if live is not None:
                by_registry.setdefault(str(live.root), (live, {}))[1][path] = text
        touched = []
        loop = asyncio.get_running_loop()
        for live, changes in by_registry.values():
            taken = live.give(changes)
            if live.settings_file in taken:
                live.adopt(await loop.run_in_executor(None, live.run))
            elif taken:
                live.refresh(taken)
            touched.append(live)
        return touched

    # -- what goes out ----------------------------------------------------------------

    def _publish(self, registries: Iterable[Live]) -> None:
        """Tell the client what changed in what the checks found: for each file whose
        diagnostics changed, and each open document checked again."""
        changed = []
        for live in registries:
            found = self.grouped(live)
            opened = {p for p in self.documents if live.belongs(p)}
            for path in sorted({*found, *opened, *(p for p in self._sent if live.belongs(p))}):
                if path in self._pending:
                    continue  # about to be checked again: said then
                now = tuple(found.get(path, ()))
                text = live.texts.get(path) if path in self.documents else None
                if self._sent.get(path) == (now, text):
                    continue
                if now or path in self.documents:
                    self._sent[path] = (now, text)
                else:
                    self._sent.pop(path, None)
                changed.append((path, live))
        if self.pull:
            for path, _ in changed:
                self.reports.bump(path)
            if changed and _refreshes(self.server):
                self.server.workspace_diagnostic_refresh(None)
            return
        for path, live in changed:
            self.server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=self.uri(path),
                    diagnostics=self.diagnostics(path, live),
                    version=self.documents[path].version if path in self.documents else None,
                )
            )

    def uri(self, path: str) -> str:
        """The URI of a file, as the client wrote it where it has one open."""
        doc = self.documents.get(path)
        return doc.uri if doc is not None else (from_fs_path(path) or path)

    def lines(self, path: str, live: Live) -> Lines:
        """A file's lines as checked (the buffer, or what is on disk)."""
        raw = live.text_of(path) or b""
        return Lines.of(raw.decode("utf-8", "replace"), self.encoding)

    def index(self, live: Live) -> Index:
        """The records of a registry by id, for the features that look them up."""
        key = str(live.root)
        found = self._indexes.get(key)
        if found is None or found.live is not live:
            found = self._indexes[key] = Index(live)
        return found

    def grouped(self, live: Live) -> dict[str, list[Diagnostic]]:
        """A registry's diagnostics by file, as last checked."""
        key = str(live.root)
        kept = self._grouped.get(key)
        if kept is None or kept[0] != live.generation:
            found: dict[str, list[Diagnostic]] = {}
            for d in live.diagnostics:
                found.setdefault(d.path, []).append(d)
            kept = self._grouped[key] = (live.generation, found)
        return kept[1]

    def diagnostics(self, path: str, live: Live) -> list[types.Diagnostic]:
        """What the checks found in one file, for the client."""
        found = self.grouped(live).get(path, [])
        if not found:
            return []
        lines = self.lines(path, live)
        return [to_lsp(d, lines, self.options.codes_page) for d in found]

    def reported(self) -> Iterator[tuple[str, Live]]:
        """Every file with something to report, and every file reported before (perhaps
        clean now), with its registry."""
        seen: set[str] = set()
        for live in self.registries.values():
            for path in [*self.grouped(live), *(p for p in self.reports.ids if live.belongs(p))]:
                if path not in seen:
                    seen.add(path)
                    yield path, live

    def configure(self, options: Options) -> None:
        """Take a client's new settings; everything is told again if the words change."""
        page = self.options.codes_page
        self.options = options
        if options.codes_page != page:
            self._sent.clear()
            self._publish(self.registries.values())


def _refreshes(server: LanguageServer) -> bool:
    """Whether the client asks for diagnostics again when told they changed."""
    caps = server.client_capabilities.workspace
    diagnostics = caps.diagnostics if caps is not None else None
    return bool(diagnostics and diagnostics.refresh_support)
