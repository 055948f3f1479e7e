"""Time `accordreg diff` between two imports of the real PA-X file, kept in git.

    python benchmarks/diff.py [--csv FILE] [--rows N] [--repeat N] [--work DIR]

Imports the PA-X CSV into a new git repository and commits; then changes what a second
import and a monitor would change -- the titles of every 50th agreement (a re-import of
an edited CSV), an event appended to 20 provisions, one past event moved to another date,
one provision renamed -- and commits again. Then times, as fresh processes, `accordreg
diff HEAD~1 HEAD pax` (two revisions) and `accordreg diff HEAD~1 pax` (the same against
the working tree, where git checks some 47,000 files for changes), and prints the best
and median of ``--repeat`` runs.

The PA-X data is not redistributed here (CC BY-NC-SA 4.0): the CSV is looked for at
``--csv``, $ACCORDREG_PAX_CSV, or ../shared/pax/pax_all_agreements_v10.csv beside this
repository. Where it is absent, the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = PROJECT.parent / "shared" / "pax" / "pax_all_agreements_v10.csv"
ACCORDREG = [sys.executable, "-m", "accordreg"]
#: A git with no user or system configuration, so that the figures are git's own.
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "benchmark@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "benchmark@example.org",
}
APPENDED = (
    "  - on: 2026-01-05\n    status: in_progress\n    sources:\n      - {source}\n"
    "    note: Implementation reported under way.\n"
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=GIT_ENV)


def write_csv(source: Path, target: Path, rows: int | None, retitle_every: int = 0) -> None:
    """Copy the CSV, keeping the first ``rows`` rows and editing some agreement titles."""
    with source.open(newline="", encoding="utf-8") as src:
        reader = csv.reader(src)
        header = next(reader)
        title = header.index("Agt")
        with target.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for n, row in enumerate(reader):
                if rows is not None and n >= rows:
                    break
                if retitle_every and n % retitle_every == 0:
                    row[title] += " (revised title)"
                writer.writerow(row)


def import_pax(csv_path: Path, repo: Path) -> None:
    subprocess.run(
        [*ACCORDREG, "import", "pax", str(csv_path), "--out", str(repo / "pax")],
        check=True,
        capture_output=True,
    )


def monitor_edits(folder: Path) -> None:
    """Append events, move one past event, rename one provision: a monitor's month."""
    provisions = sorted(p for p in folder.glob("pax-*/*.yaml") if p.name != "agreement.yaml")
    for path in provisions[:20]:
        source = f"pax-page-{path.parent.name.removeprefix('pax-')}"
        path.write_text(path.read_text() + APPENDED.format(source=source))
    moved = provisions[20]
    text = moved.read_text()
    first = text.index("  - on: ") + len("  - on: ")
    # A year earlier: a past event's date edited, which the diff must flag.
    year = int(text[first : first + 4])
    moved.write_text(text[:first] + str(year - 1) + text[first + 4 :])
    renamed = provisions[21]
    old_id = f"{renamed.parent.name}/{renamed.stem}"
    new_path = renamed.with_name(f"{renamed.stem}-renamed.yaml")
    new_path.write_text(renamed.read_text().replace(f"id: {old_id}\n", f"id: {old_id}-renamed\n"))
    renamed.unlink()


def timed(args: list[str], cwd: Path, repeat: int) -> tuple[list[float], dict[str, Any]]:
    """Seconds for each run of an accordreg command, and its JSON output."""
    times = []
    out: dict[str, Any] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [*ACCORDREG, *args, "--format", "json"], cwd=cwd, capture_output=True, check=False
        )
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1, 3):
            raise SystemExit(done.stderr.decode())
        out = json.loads(done.stdout)
    return times, out


KEYS = ("added", "removed", "renamed", "fields", "appended", "history_edits", "past_status")


def report(what: str, times: list[float], result: dict[str, Any]) -> None:
    counts = {key: len(result[key]) for key in KEYS}
    found = ", ".join(f"{n} {key}" for key, n in counts.items() if n)
    print(
        f"{what}: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
        f"({result['files_read']} files read; {found or 'no change'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path, default=None)
    parser.add_argument("--rows", type=int, default=None, help="import only the first N rows")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep the repository here")
    args = parser.parse_args()
    source = args.csv or Path(os.environ.get("ACCORDREG_PAX_CSV", DEFAULT_CSV))
    if not source.is_file():
        print(f"skipped: the PA-X CSV is not at {source} (--csv FILE to name it)")
        return
    if shutil.which("git") is None:
        print("skipped: git is not on PATH")
        return
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.work or Path(tmp) / "repo"
        if repo.exists():
            shutil.rmtree(repo)
        repo.mkdir(parents=True)
        git(repo, "init", "-q")
        first, second = Path(tmp) / "first.csv", Path(tmp) / "second.csv"
        write_csv(source, first, args.rows)
        write_csv(source, second, args.rows, retitle_every=50)
        start = time.perf_counter()
        import_pax(first, repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "PA-X, first import")
        files = sum(1 for _ in (repo / "pax").rglob("*.yaml"))
        print(
            f"set-up: {files} record files imported and committed in "
            f"{time.perf_counter() - start:.1f} s"
        )
        import_pax(second, repo)
        monitor_edits(repo / "pax")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "PA-X, second import and a month of monitoring")
        times, result = timed(["diff", "HEAD~1", "HEAD", "pax"], repo, args.repeat)
        report("diff HEAD~1 HEAD (two revisions)", times, result)
        times, result = timed(["diff", "HEAD~1", "pax"], repo, args.repeat)
        report("diff HEAD~1 (against the working tree)", times, result)


if __name__ == "__main__":
    main()
