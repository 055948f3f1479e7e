"""Measure reading beside validating: load(), show, history, status, transition, report.

    python benchmarks/read.py                       # 10,000 generated provisions
    python benchmarks/read.py --count 100000        # and 100,000
    python benchmarks/read.py --pax                 # the real PA-X import (../shared/pax/),
                                                    # and its website (benchmarks/website.py)
    python benchmarks/read.py --registry DIR        # any registry

Every figure is a whole process (interpreter, imports, cache) on a registry whose cache
is warm, best of --repeat, printed beside a warm `validate` of the same registry in the
same run, so that the ratios hold on a busy machine too. Peak memory is the largest
process's resident set. The HTML report is also measured on a registry of 1,000
generated provisions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from run import best, command, peak_rss_mb
from website import measure as site_figures

HERE = Path(__file__).resolve().parent
PAX_CSV = HERE.parent.parent / "shared" / "pax" / "pax_all_agreements_v10.csv"
ACCORDREG = [sys.executable, "-m", "accordreg"]


def corpus(count: int) -> Path:
    """The generated corpus of ``count`` provisions (made on first use)."""
    folder = HERE / "corpus" / str(count)
    if not folder.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(count), str(folder)], check=True
        )
    return folder


def pax_registry() -> Path | None:
    """The real PA-X file imported into a registry (made on first use); None without it."""
    if not PAX_CSV.exists():
        return None
    folder = HERE / "corpus" / "pax"
    if not (folder / "provisions").exists():
        command(*ACCORDREG, "import", "pax", str(PAX_CSV), "--out", str(folder / "provisions"))()
    return folder / "provisions"


def _load(registry: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        f"import accordreg; accordreg.load({str(registry)!r})",  # the default reads the cache
    ]


def _move(registry: Path) -> tuple[str, Path, str, str, str]:
    """A provision and its file, a legal next status, a source and a day for one real
    transition."""
    import accordreg

    loaded = accordreg.load(registry, use_cache=True)
    today = date.today()
    source = next(s.id for s in loaded.sources.values() if s.date is None or s.date <= today)
    for pid in sorted(loaded.provisions):
        provision = loaded.provision(pid)
        status = loaded.status_on(pid, today)
        last = provision.history[-1].on if provision.history else None
        moves = loaded.lifecycle.moves_from(status) if status else loaded.lifecycle.starts()
        if moves and (last is None or last <= today):
            return pid, loaded.path_of(pid), moves[0], source, today.isoformat()
    raise SystemExit(f"{registry}: no provision with a legal move today")


def measure(registry: Path, repeat: int, *, report: bool = True) -> None:
    """Print every read figure for ``registry`` beside its warm validate."""
    files = sum(1 for _ in registry.rglob("*.yaml"))
    print(f"\n{registry} — {files} files, best of {repeat}")
    command(*ACCORDREG, "validate", str(registry))()  # fill the cache for validate
    command(*_load(registry))()  # and the records' data for reading
    validate = best(repeat, command(*ACCORDREG, "validate", str(registry)))
    print(f"  warm validate:             {validate:6.2f} s")

    def line(name: str, seconds: float, extra: str = "") -> None:
        print(f"  {name:<26} {seconds:6.2f} s  ({seconds / validate:4.1f} × validate){extra}")

    line("warm load() (defaults)", best(repeat, command(*_load(registry))))
    pid, path, status, source, day = _move(registry)
    registry_option = ["--registry", str(registry)]
    line("show ID", best(repeat, command(*ACCORDREG, "show", pid, *registry_option)))
    line("history ID", best(repeat, command(*ACCORDREG, "history", pid, *registry_option)))
    line("status", best(repeat, command(*ACCORDREG, "status", str(registry))))
    original = path.read_bytes()
    move = [
        *ACCORDREG,
        "transition",
        pid,
        status,
        "--on",
        day,
        "--source",
        source,
        "--note",
        "benchmark",
        *registry_option,
    ]

    def transition() -> object:
        try:
            return command(*move)()
        finally:
            path.write_bytes(original)

    line("transition (whole command)", best(repeat, transition))
    load_peak = peak_rss_mb(*_load(registry))
    status_peak = peak_rss_mb(*ACCORDREG, "status", str(registry), "--format", "json")
    print(f"  peak memory: load() {load_peak:.0f} MB; status --format json {status_peak:.0f} MB")
    if report:
        html_report(registry, repeat)


def html_report(registry: Path, repeat: int) -> None:
    """Time and size of the HTML report of the whole registry."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        seconds = best(repeat, command(*ACCORDREG, "report", str(registry), "--out", str(out)))
        size = out.stat().st_size / 1e6
    provisions = sum(
        1
        for p in registry.rglob("*.yaml")
        if p.name != "agreement.yaml" and p.parent.name not in ("sources", "parties")
    )
    print(f"  HTML report ({provisions} provisions): {seconds:.2f} s, {size:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--count", type=int, action="append", help="generated provisions (repeat; default 10000)"
    )
    parser.add_argument("--pax", action="store_true", help="also the real PA-X import")
    parser.add_argument("--registry", type=Path, action="append", help="also this registry")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = args.count or ([] if args.pax or args.registry else [10_000])
    with tempfile.TemporaryDirectory() as tmp:
        # The HTML report at 1,000 provisions (issue goal: 5 s), on a copy: reports only.
        small = Path(shutil.copytree(corpus(1000), Path(tmp) / "1000"))
        command(*ACCORDREG, "validate", str(small))()
        html_report(small, args.repeat)
    for count in counts:
        measure(corpus(count), args.repeat, report=count <= 10_000)
    if args.pax:
        pax = pax_registry()
        if pax is None:
            print(f"\nPA-X: {PAX_CSV} is absent; skipped")
        else:
            measure(pax, args.repeat)
            site_figures(pax, args.repeat, None, pagefind=False)
    for registry in args.registry or ():
        measure(registry, args.repeat)
    print("\n" + json.dumps({"python": sys.version.split()[0], "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
