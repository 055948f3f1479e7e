"""Measure validation speed on a generated corpus; print the figures.

    python benchmarks/run.py --count 10000            # generates the corpus if needed
    python benchmarks/run.py --count 100000 --skip-jsonschema

Everything is measured on the same corpus in one run, best of --repeat:
cold `accordreg validate` (whole process, no cache); warm revalidation with one file
changed (cache on); peak memory; check-jsonschema against our exported schemas; and the
stock floor: read + PyYAML's C loader + pydantic, one process, collector off.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent / "schemas"


def best(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def command(*args: str, native: bool = False) -> Callable[[], object]:
    """A callable that runs a command and fails loudly if it fails (stock path by default)."""
    env = {**os.environ, "ACCORDREG_NATIVE": "1" if native else "0"}

    def run() -> object:
        done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
        if done.returncode not in (0,):
            raise SystemExit(
                f"{' '.join(args[:4])}... failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
        return done

    return run


def peak_rss_mb(*args: str) -> float:
    """Peak resident memory of the largest process a command runs, in MB."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    env = {**os.environ, "ACCORDREG_NATIVE": "0"}
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True, env=env
    )
    return int(out.stdout.strip()) / 1024


def stock_floor(files: list[Path]) -> None:
    """read + PyYAML CSafeLoader + pydantic, one process, collector off."""
    import yaml

    from accordreg._model.kinds import KINDS

    gc.disable()
    try:
        for path in files:
            data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            # The C loader follows YAML 1.1, where the key `on` is True; put it back.
            for event in data.get("history", ()):
                event["on"] = event.pop(True)
            KINDS[data["kind"]].model.model_validate(data)
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="default: benchmarks/corpus/<count>")
    parser.add_argument("--skip-jsonschema", action="store_true")
    args = parser.parse_args()
    corpus = args.corpus or HERE / "corpus" / str(args.count)
    if not corpus.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(args.count), str(corpus)], check=True
        )
    shutil.rmtree(corpus / ".accordreg-cache", ignore_errors=True)
    files = sorted(corpus.rglob("*.yaml"))
    # Measured with the files in the page cache, as the figures in the issue were.
    size_mb = sum(len(f.read_bytes()) for f in files) / 1e6
    accordreg = [sys.executable, "-m", "accordreg"]
    print(
        f"corpus: {corpus} — {len(files)} files, {size_mb:.1f} MB "
        f"({args.count} provisions), best of {args.repeat}"
    )

    cold = best(args.repeat, command(*accordreg, "validate", "--no-cache", str(corpus)))
    cold_1 = best(
        args.repeat, command(*accordreg, "validate", "--no-cache", "--jobs", "1", str(corpus))
    )
    print(
        f"cold validate (all cores): {cold:.2f} s — {len(files) / cold:,.0f} records/s, "
        f"{size_mb / cold:.1f} MB/s"
    )
    print(
        f"cold validate, stock (--jobs 1):  {cold_1:.2f} s — {len(files) / cold_1:,.0f} records/s"
    )
    native = None
    if importlib.util.find_spec("yaml_rs"):
        native = best(
            args.repeat,
            command(*accordreg, "validate", "--no-cache", str(corpus), native=True),
        )
        print(
            f"cold validate, native extra (all cores): {native:.2f} s — "
            f"{len(files) / native:,.0f} records/s"
        )

    command(*accordreg, "validate", str(corpus))()  # fill the cache
    victim = next(f for f in files if "provision" in f.name)
    original = victim.read_text()

    def touch_and_validate() -> object:
        victim.write_text(original + f"# edited {time.time()}\n")
        return command(*accordreg, "validate", str(corpus))()

    warm = best(args.repeat, touch_and_validate)
    victim.write_text(original)
    startup = best(args.repeat, command(*accordreg, "--version"))
    print(
        f"warm revalidation, one file changed: {warm:.2f} s "
        f"(of which interpreter and imports: {startup:.2f} s)"
    )

    peak = peak_rss_mb(*accordreg, "validate", "--no-cache", str(corpus))
    print(f"peak memory, cold validate: {peak:.0f} MB (largest process)")

    floor = best(args.repeat, lambda: stock_floor(files))
    print(f"stock floor (read + CSafeLoader + pydantic, 1 process, GC off): {floor:.2f} s")
    print(f"  ratio cold validate / stock floor: {cold / floor:.2f}")
    if native is not None:
        print(f"  ratio cold validate with the native extra / stock floor: {native / floor:.2f}")

    if not args.skip_jsonschema:
        # Look beside this interpreter first: the tool is usually in the same virtualenv.
        search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        checker = shutil.which("check-jsonschema", path=search)
        if checker is None:
            print("check-jsonschema: not installed (pip install check-jsonschema)")
        else:
            provisions = [
                str(f)
                for f in files
                if f.parent.name.startswith("agreement-") and f.name != "agreement.yaml"
            ]
            schema = str(SCHEMAS / "provision.schema.json")
            cj = best(1, command(checker, "--schemafile", schema, *provisions))
            print(f"check-jsonschema, {len(provisions)} provision files: {cj:.2f} s")
            print(f"  ratio cold validate / check-jsonschema: {cold / cj:.3f}")


if __name__ == "__main__":
    main()
