"""Time `accordreg import pax` and the validation of its result at PA-X's full size.

    python benchmarks/pax_import.py [--rows 2257] [--codes 251] [--present 18.6]

The PA-X data is not redistributed here (CC BY-NC-SA 4.0), so this writes a synthetic CSV
in PA-X's real layout and size: 28 agreement columns with multi-line free text, then the
provision-code columns, with about 42,000 codes present across 2,257 rows.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accordreg.importers.pax import AGREEMENT_COLUMNS, LABELS


def synthetic_csv(path: Path, rows: int, codes: int, present: float, seed: int = 1) -> int:
    """Write the CSV; return how many provision codes are present."""
    rng = random.Random(seed)
    names = list(LABELS) + [f"Code{i}" for i in range(codes - len(LABELS))]
    names[-1] = "PpsGe:St"
    chance = present / len(names)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*AGREEMENT_COLUMNS, *names])
        for n in range(rows):
            cells = dict.fromkeys(AGREEMENT_COLUMNS, "")
            cells.update(
                {
                    "Con": "Country A/Country B",
                    "PP": str(n % 400),
                    "PPName": f"Process {n % 400}",
                    "AgtId": str(n + 1),
                    "Ver": "10",
                    "Dat": f"{1990 + n % 35}-0{1 + n % 9}-1{n % 10}",
                    "Agt": f'Agreement {n + 1} between the parties, with a "quoted" phrase',
                    "Status": "Multiparty signed/agreed",
                    "Agtp": "Intra",
                    "Stage": "SubComp",
                    "Part": "Signed by:\nFirst Signatory, Minister;\nSecond Signatory, Commander",
                    "ThrdPart": "Witnessed by: A Witness",
                    "Loc1ISO": "KHM",
                    "Loc2ISO": "NA",
                    "OthAgr": 'Refers to "an earlier accord" at paragraph 3,\nquoted at length.',
                }
            )
            values = []
            for _ in names:
                present_here = rng.random() < chance
                count += present_here
                values.append(str(rng.randint(1, 3)) if present_here else "0")
            writer.writerow([*(cells[c] for c in AGREEMENT_COLUMNS), *values])
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2257)
    parser.add_argument("--codes", type=int, default=251)
    parser.add_argument("--present", type=float, default=18.6, help="codes present per row")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "pax.csv"
        present = synthetic_csv(source, args.rows, args.codes, args.present)
        size = source.stat().st_size / 1e6
        print(
            f"synthetic PA-X CSV: {args.rows} rows x {28 + args.codes} columns, "
            f"{size:.1f} MB, {present} provision codes present"
        )
        accordreg = [sys.executable, "-m", "accordreg"]
        out = Path(tmp) / "registry"
        start = time.perf_counter()
        subprocess.run(
            [*accordreg, "import", "pax", str(source), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        print(f"import: {time.perf_counter() - start:.1f} s")
        files = sum(1 for _ in out.rglob("*.yaml"))
        start = time.perf_counter()
        subprocess.run(
            [*accordreg, "validate", "--no-cache", str(out)], check=True, capture_output=True
        )
        print(f"validate, cold ({files} files): {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        subprocess.run(
            [*accordreg, "import", "pax", str(source), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        print(f"re-import, nothing changed: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
