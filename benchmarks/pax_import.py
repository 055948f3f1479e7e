"""Time `accordreg import pax` and the validation of its result at PA-X's full size.

    python benchmarks/pax_import.py [--rows 2257] [--codes 251] [--present 18.6]

The PA-X data is not redistributed here (CC BY-NC-SA 4.0), so this writes a synthetic CSV
in PA-X's real layout and size: 28 agreement columns with multi-line free text (signatories
in several of the forms PA-X uses, other agreements quoted with page and paragraph, the
UCDP, PAM, COW and Gleditsch-Ward ids), then the 251 provision-code columns of PA-X's
codebook, with about 42,000 codes present across 2,257 rows (a sub-code only where its
parent is present, as in PA-X).
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

from accordreg._importers.pax import AGREEMENT_COLUMNS
from accordreg._model.pax_codebook import codebook

PARTS = (
    "Signed by:\nFirst Signatory, Minister;\nSecond Signatory, Commander",
    "For the Government:\nFIRST SIGNATORY\nMinister of Defence\n\nFor the Front:\n"
    "Second Signatory - Commander",
    "Country A: Prime Minister First SIGNATORY\nCountry B: President Second Signatory",
    "Agreement not signed, but parties understood to be A, B and C",
)


def synthetic_csv(path: Path, rows: int, codes: int, present: float, seed: int = 1) -> int:
    """Write the CSV; return how many provision codes are present."""
    rng = random.Random(seed)
    book = codebook()
    names = list(book.codes)[:codes]
    tops = [n for n in names if not book.codes[n].parent]
    # As in PA-X v10: 62 % of the codes present are top-level, each sub-code is present
    # with about a third of the parents that are.
    chance = present * 0.62 / max(len(tops), 1)
    sub_chance = min(1.0, present * 0.38 / max(chance * (len(names) - len(tops)), 1e-9))
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
                    "Part": PARTS[n % len(PARTS)],
                    "ThrdPart": "Witnessed by: A Witness"
                    if n % 3
                    else "The meeting was facilitated by the United Nations.",
                    "Loc1ISO": "KHM",
                    "Loc2ISO": "NA",
                    "Loc1GWNO": "811",
                    "Contp": "Territory",
                    "Reg": "Asia and Pacific",
                    "Lgt": str(1 + n % 40),
                    "N_characters": str(3000 + n),
                    "UcdpCon": str(200 + n % 100),
                    "UcdpAgr": "NA" if n % 2 else str(1000 + n),
                    "PamAgr": "N/A",
                    "CowWar": "" if n % 3 else "856",
                    "Interim": "No" if n % 10 else "Yes",
                    "ImSrc": str(n % 2),
                    "OthAgr": 'Page 1, Paragraph 3:\n"Refers to an earlier accord",\nquoted at '
                    f"length; and Agreement {max(n - 1, 1)} between the parties, with a "
                    '"quoted" phrase.',
                }
            )
            values = []
            drawn: dict[str, str] = {}
            for name in names:
                parent = book.codes[name].parent
                # PA-X codes a sub-code only where its parent is coded too.
                present_here = rng.random() < (sub_chance if parent else chance) and (
                    not parent or drawn.get(parent, "0") != "0"
                )
                count += present_here
                drawn[name] = str(rng.randint(1, 3)) if present_here else "0"
                values.append(drawn[name])
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
