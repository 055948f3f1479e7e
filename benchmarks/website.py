"""Measure the website: how long `accordreg site` takes, how large the site and its search
index are; with --pagefind, Pagefind's index of the same site beside ours.

    python benchmarks/website.py                        # the real PA-X import (../shared/pax/)
    python benchmarks/website.py --registry DIR         # any registry
    python benchmarks/website.py --pagefind             # and Pagefind (pip install 'pagefind[bin]')
    python benchmarks/website.py --out-dir /dev/shm     # build where the disk is not the limit

Each build is a whole `accordreg site` process into a new folder, on a registry whose cache
is warm; every run is printed (the machine may be shared: the spread says how much), with
the processor time of the build's processes (user + system). Sizes are the files' own
bytes, and gzipped, as a web server would send them.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import command

HERE = Path(__file__).resolve().parent
ACCORDREG = [sys.executable, "-m", "accordreg"]
ON = "2026-01-15"


def _size(files: list[Path]) -> tuple[int, str, str]:
    """How many files, their size, and their size gzipped one by one."""
    raw = packed = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 6))
    return len(files), _bytes(raw), _bytes(packed)


def _bytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds, and the processor seconds of the command's processes."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command(*args)()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(registry: Path, repeat: int, out_dir: Path | None, pagefind: bool) -> None:
    """Print the site's figures for ``registry``."""
    files = sum(1 for _ in registry.rglob("*.yaml"))
    runs = f"{repeat} run{'s' if repeat != 1 else ''}"
    print(f"\n{registry} — {files:,} files; `accordreg site`, {runs}")
    command(*ACCORDREG, "validate", str(registry))()  # a warm cache, as for every read
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        out = Path(tmp) / "site"
        walls = []
        for run in range(repeat):
            if out.exists():
                subprocess.run(["rm", "-rf", str(out)], check=True)
            load = os.getloadavg()[0]
            build = ["site", "--registry", str(registry), "--out", str(out), "--on", ON]
            wall, cpu = _timed([*ACCORDREG, *build])
            walls.append(wall)
            print(f"  build {run + 1}: {wall:6.1f} s  (processor {cpu:5.1f} s, load {load:.1f})")
        print(f"  build: best {min(walls):.1f} s, median {statistics.median(walls):.1f} s")
        every = _files(out)
        count, raw, packed = _size(every)
        print(f"  site:         {count:7,} files, {raw:>8} ({packed} gzipped)")
        index = _files(out / "assets" / "search")
        count, raw, packed = _size(index)
        print(f"  search index: {count:7,} files, {raw:>8} ({packed} gzipped)")
        count, raw, packed = _size([out / "assets" / "list.js"])
        print(f"  list's data:  {count:7,} file,  {raw:>8} ({packed} gzipped)")
        if pagefind:
            _pagefind(out)


def _pagefind(site: Path) -> None:
    """Pagefind's index of the same pages (their <main>), for comparison."""
    if importlib.util.find_spec("pagefind") is None:  # only whether it is there
        print("  pagefind: not installed (pip install 'pagefind[bin]')")
        return
    args = [sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", "main"]
    wall, cpu = _timed(args)
    count, raw, packed = _size(_files(site / "pagefind"))
    print(
        f"  Pagefind index: {wall:.1f} s (processor {cpu:.1f} s); {count:,} files, "
        f"{raw} ({packed} gzipped)"
    )


def pax_registry() -> Path | None:
    """The PA-X import benchmarks/read.py makes; None without the PA-X file."""
    from read import pax_registry as made

    return made()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registry", type=Path, action="append", help="this registry")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pagefind", action="store_true", help="Pagefind's index too")
    parser.add_argument("--out-dir", type=Path, help="build the sites in this folder")
    args = parser.parse_args()
    registries = args.registry or []
    if not registries:
        pax = pax_registry()
        if pax is None:
            raise SystemExit("the PA-X file is absent (../shared/pax/); give --registry")
        registries = [pax]
    for registry in registries:
        measure(registry, args.repeat, args.out_dir, args.pagefind)


if __name__ == "__main__":
    main()
