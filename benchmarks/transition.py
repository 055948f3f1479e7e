"""Time one transition: load the provision's file, append an event, write it atomically.

    python benchmarks/transition.py [--repeat N]

Prints the median and best of N transitions, each on a fresh copy of the bundled
registry's heavy-weapon withdrawal record, and the same for the whole CLI command.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from accordreg._model.records import Provision
from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._registry.staging import Edit, locked, plan_transition, read_current, write_changes
from accordreg._store.read import digest, read
from accordreg._validation.document import check_document

ROOT = Path(__file__).resolve().parent.parent / "provisions"
RECORD = "kl-declaration-2025/heavy-weapons-withdrawal"


def one_transition(folder: Path, sources: set[str]) -> float:
    """Seconds for: read and validate the file, plan the event, write under the lock."""
    path = folder / f"{RECORD}.yaml"
    start = time.perf_counter()
    checked = check_document(read(path))
    assert isinstance(checked.record, Provision)
    text = read_current(path, checked.digest)
    change, _ = plan_transition(
        checked.record,
        Edit(path, text, text, digest(text.encode())),
        "in_progress",
        on=date(2026, 1, 5),
        sources=["pax-page-2850"],
        known_sources=sources,
        settings=DEFAULT_SETTINGS,
    )
    with locked(folder):
        write_changes([change])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sources = {p.stem for p in (ROOT / "sources").glob("*.yaml")}
    api, cli = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "provisions"
            shutil.copytree(ROOT, folder)
            api.append(one_transition(folder, sources))
    for _ in range(max(3, args.repeat // 10)):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "provisions"
            shutil.copytree(ROOT, folder)
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "accordreg",
                    "transition",
                    RECORD,
                    "in_progress",
                    "--on",
                    "2026-01-05",
                    "--source",
                    "pax-page-2850",
                    "--registry",
                    str(folder),
                ],
                check=True,
                capture_output=True,
            )
            cli.append(time.perf_counter() - start)
    print(
        f"one transition (read, check, append, atomic write): "
        f"median {statistics.median(api) * 1000:.1f} ms, best {min(api) * 1000:.1f} ms "
        f"over {len(api)}"
    )
    print(
        f"`accordreg transition` command, whole process on the bundled registry: "
        f"median {statistics.median(cli) * 1000:.0f} ms over {len(cli)}"
    )


if __name__ == "__main__":
    main()
