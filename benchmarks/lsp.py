"""Measure the language server on a large registry: startup, edit to diagnostics, memory.

    python benchmarks/lsp.py --registry PATH          # a registry, e.g. an import of PA-X
    python benchmarks/lsp.py --count 100000           # a generated corpus (made if needed)

`accordreg lsp` is started over stdio as an editor starts it (pygls' client), twice: once
with no cache in the registry (a first start), once with the cache that start left. Each
time it is timed to the answer to `initialize` and to the diagnostics of one opened
provision (the registry loaded and checked). Then that file is edited --edits times (a
comment added; every other edit also cites a source that does not exist, so that the
diagnostics change and the did-you-mean search runs) and each `didChange` is timed to the
`publishDiagnostics` for its version: with the default debounce, and with none (the cost
of the check itself). Memory is the server's peak resident size (VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent


class Client(LanguageClient):
    """A client that keeps the version and time of each file's last diagnostics."""

    def __init__(self) -> None:
        super().__init__("accordreg-benchmark", "1")
        self.seen: dict[str, tuple[int | None, float, int]] = {}
        self.said = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.seen[params.uri] = (params.version, time.perf_counter(), len(params.diagnostics))
            self.said.set()

    async def published(self, uri: str, version: int) -> tuple[float, int]:
        """When the diagnostics of ``version`` of ``uri`` came, and how many there were."""
        while True:
            found = self.seen.get(uri)
            if found is not None and found[0] == version:
                return found[1], found[2]
            self.said.clear()
            await self.said.wait()


def _memory_mb(pid: int) -> tuple[float, float]:
    """The process's resident size now and at its peak, in MB (Linux)."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def _victim(registry: Path) -> Path:
    """A provision file in the middle of the registry."""
    files = sorted(p for p in registry.rglob("*.yaml") if p.parent != registry)
    provisions = [
        p
        for p in files
        if p.name != "agreement.yaml" and p.parent.name not in ("sources", "parties")
    ]
    return provisions[len(provisions) // 2]


async def session(registry: Path, edits: int, debounce: float | None) -> dict[str, Any]:
    """One start of the server and the edits; the figures, in seconds and MB."""
    victim = _victim(registry)
    original = victim.read_text(encoding="utf-8")
    uri = victim.as_uri()
    client = Client()
    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "accordreg", "lsp")
    options = {"debounce": debounce * 1000} if debounce is not None else None
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=registry.as_uri(), name="registry")],
            initialization_options=options,
        )
    )
    initialized = time.perf_counter()
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="yaml", version=1, text=original
            )
        )
    )
    ready, _ = await client.published(uri, 1)
    latencies = []
    found = []
    for i in range(edits):
        text = original + f"# edit {i}\n"
        if i % 2:
            text = text.replace("sources:\n  - ", f"sources:\n  - no-such-source-{i}\n  - ", 1)
        version = i + 2
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        came, count = await client.published(uri, version)
        latencies.append(came - sent)
        found.append(count)
    server = client._server  # the subprocess pygls started
    assert server is not None
    rss, peak = _memory_mb(server.pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()  # type: ignore[no-untyped-call]
    return {
        "initialize": initialized - started,
        "ready": ready - started,
        "latencies": latencies,
        "diagnostics": found,
        "rss": rss,
        "peak": peak,
    }


def _summary(latencies: list[float]) -> str:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registry", type=Path, help="a registry folder to measure on")
    parser.add_argument("--count", type=int, default=10_000, help="else: a generated corpus")
    parser.add_argument("--corpus", type=Path, help="default: benchmarks/corpus/<count>")
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    registry = args.registry
    if registry is None:
        registry = args.corpus or HERE / "corpus" / str(args.count)
        if not registry.exists():
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(args.count), str(registry)],
                check=True,
            )
    registry = registry.resolve()
    files = sum(1 for _ in registry.rglob("*.yaml"))
    print(
        f"registry: {registry} — {files} files; edited: {_victim(registry).relative_to(registry)}"
    )
    shutil.rmtree(registry / ".accordreg-cache", ignore_errors=True)
    for label, debounce in (
        ("first start (no cache)", None),
        ("next start (cache)", None),
        ("no debounce", 0.0),
    ):
        got = asyncio.run(session(registry, args.edits, debounce))
        print(
            f"{label}: initialize answered in {got['initialize']:.2f} s; "
            f"diagnostics of the opened file in {got['ready']:.2f} s"
        )
        print(
            f"  didChange -> publishDiagnostics ({args.edits} edits, "
            f"{'no' if debounce == 0 else 'default'} debounce): {_summary(got['latencies'])}"
        )
        print(f"  server memory: {got['rss']:.0f} MB resident, {got['peak']:.0f} MB at its peak")


if __name__ == "__main__":
    main()
