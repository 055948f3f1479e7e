"""Time the SQLite export and Datasette on it: every configured facet and a full-text search,
through Datasette's JSON API on 127.0.0.1 (the goal: each answer within 200 ms).

    python benchmarks/database.py                        # the real PA-X import (../shared/pax/)
    python benchmarks/database.py --csv FILE [--rows N]  # a PA-X CSV (its first N rows)
    python benchmarks/database.py --registry DIR         # any registry

Datasette runs as a server of its own (``datasette serve``), as people run it, and is asked
over HTTP. Each table with facets is asked for its configured facets together (no rows),
then as a browser's first view asks (the same with Datasette's facet suggestions, which
try every column), and each facet alone on a second server whose metadata configures
none; each table with a full-text index is searched for ``--word`` (Datasette's
``?_search=``, with the table's facets, suggestions and first 100 rows). A facet that
timed out is reported as infinitely slow.
Figures are the median of --repeat requests after one that warms the server's caches.
Without Datasette installed (``pip install datasette``), or without a registry to
export, this says so in one line and stops.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAX_CSV = HERE.parent.parent / "shared" / "pax" / "pax_all_agreements_v10.csv"
ACCORDREG = [sys.executable, "-m", "accordreg"]
GOAL_MS = 200.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[float, dict[str, Any]]:
    """Milliseconds to fetch ``url`` whole, and its JSON."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        body = answer.read()
    return (time.perf_counter() - start) * 1000, json.loads(body)


@contextlib.contextmanager
def serving(database: Path, metadata: Path) -> Iterator[str]:
    """A Datasette server on 127.0.0.1 for ``database``; yields its address."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(database),
            "--metadata",
            str(metadata),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{address}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    error = server.stderr.read().decode() if server.stderr else ""
                    raise SystemExit(f"datasette did not start:\n{error[-2000:]}") from None
                time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=30)


def median_ms(url: str, repeat: int) -> tuple[float, dict[str, Any]]:
    """The median time of ``repeat`` requests after a first one, and the last answer."""
    _get(url)
    times = []
    answer: dict[str, Any] = {}
    for _ in range(repeat):
        ms, answer = _get(url)
        times.append(ms)
    return statistics.median(times), answer


def registry_to_export(args: argparse.Namespace, work: Path) -> Path | None:
    """The registry named, or the PA-X CSV imported into ``work`` (its first --rows rows)."""
    if args.registry is not None:
        return Path(args.registry)
    if not args.csv.is_file():
        return None
    source = args.csv
    if args.rows is not None:
        source = work / "pax.csv"
        # The CSV's cells hold line breaks: cut at a row (the header and N more), not a line.
        with args.csv.open(encoding="utf-8", newline="") as whole:
            rows = list(itertools.islice(csv.reader(whole), args.rows + 1))
        with source.open("w", encoding="utf-8", newline="") as part:
            csv.writer(part).writerows(rows)
    out = work / "registry"
    start = time.perf_counter()
    # Exit 1 is an import that reported bad rows and imported the rest.
    done = subprocess.run(
        [*ACCORDREG, "import", "pax", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1) or not out.is_dir():
        raise SystemExit(f"import pax failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    print(f"import pax {source.name}: {time.perf_counter() - start:.1f} s")
    return out


def _facets(
    address: str, table: str, facets: list[str], query: dict[str, Any], repeat: int
) -> float:
    """The median time of a table's JSON with ``query``; infinite where a facet of
    ``facets`` is missing from the answer (Datasette leaves out a facet that timed out)."""
    url = f"{address}/registry/{table}.json?{urllib.parse.urlencode(query)}"
    ms, answer = median_ms(url, repeat)
    missing = set(facets) - set(answer.get("facet_results", {}))
    return float("inf") if missing else ms


def measure(registry: Path, work: Path, word: str, repeat: int) -> tuple[float, float]:
    """Print every figure; return the slowest answer of the goal (configured facets,
    together and each alone, and full-text searches) and the slowest first view of a table
    with Datasette's facet suggestions, in milliseconds."""
    database = work / "registry.db"
    start = time.perf_counter()
    export = ["export", "--registry", str(registry), "--format", "sqlite", "--out", str(database)]
    subprocess.run(
        [*ACCORDREG, *export],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    print(f"export --format sqlite: {seconds:.1f} s, {database.stat().st_size / 1e6:.1f} MB")
    metadata = database.with_name("registry.metadata.json")
    meta = json.loads(metadata.read_text(encoding="utf-8"))
    tables: dict[str, Any] = meta["databases"]["registry"]["tables"]
    bare = json.loads(json.dumps(meta))
    for entry in bare["databases"]["registry"]["tables"].values():
        entry.pop("facets", None)
    bare_path = work / "bare.metadata.json"
    bare_path.write_text(json.dumps(bare), encoding="utf-8")
    slowest = suggested = 0.0
    print(f"Datasette's JSON API, median of {repeat} (goal ≤ {GOAL_MS:.0f} ms each):")
    print("  table: its configured facets together | with facet suggestions; each facet alone")
    with serving(database, metadata) as configured, serving(database, bare_path) as plain:
        for name, entry in tables.items():
            facets = entry.get("facets") or []
            if not facets:
                continue
            together = _facets(configured, name, facets, {"_size": 0, "_nosuggest": 1}, repeat)
            first_view = _facets(configured, name, facets, {"_size": 0}, repeat)
            print(f"  {name}: {together:6.1f} ms | {first_view:6.1f} ms")
            slowest, suggested = max(slowest, together), max(suggested, first_view)
            for facet in facets:
                query = {"_size": 0, "_facet": facet, "_nosuggest": 1}
                ms = _facets(plain, name, [facet], query, repeat)
                print(f"    {facet:<28} {ms:6.1f} ms")
                slowest = max(slowest, ms)
        print(f"  ?_search={word} (with the table's facets, suggestions and first 100 rows):")
        for name, entry in tables.items():
            if "fts_table" not in entry:
                continue
            search = urllib.parse.urlencode({"_search": word})
            ms, answer = median_ms(f"{configured}/registry/{name}.json?{search}", repeat)
            found = answer.get("filtered_table_rows_count")
            print(f"    {name:<28} {ms:6.1f} ms ({found} rows found)")
            slowest = max(slowest, ms)
    return slowest, suggested


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--csv", type=Path, default=PAX_CSV, help="a PA-X agreements CSV")
    parser.add_argument("--rows", type=int, help="import only the CSV's first N rows")
    parser.add_argument("--registry", type=Path, help="export this registry instead")
    parser.add_argument("--word", default="ceasefire", help="the word searched for")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if importlib.util.find_spec("datasette") is None:
        print("skipped: datasette is not installed (pip install datasette)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        registry = registry_to_export(args, work)
        if registry is None:
            print(f"skipped: {args.csv} is absent (give --csv FILE or --registry DIR)")
            return
        files = sum(1 for _ in registry.rglob("*.yaml"))
        print(f"{registry} — {files} files")
        slowest, suggested = measure(registry, work, args.word, args.repeat)
        verdict = "within" if slowest <= GOAL_MS else "OVER"
        print(
            f"slowest facet or search: {slowest:.1f} ms, {verdict} the goal of {GOAL_MS:.0f} ms; "
            f"slowest first view with facet suggestions: {suggested:.1f} ms "
            "(datasette --setting suggest_facets off leaves them out)"
        )
    print(json.dumps({"python": sys.version.split()[0], "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
