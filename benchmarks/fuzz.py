"""Fuzz the checker: generated files through ``accordreg.check()``, in this process.

    python benchmarks/fuzz.py [N] [--seed S]

Runs N inputs, in turn random bytes, YAML token soup and real records from provisions/
with a few mutations, each written to a record file and checked. Prints how many raised
an exception, how many took over 5 s, how many diagnostics were malformed (an unknown
code, a place before 1:1) and, where the native parser is installed, how often it and
the stock path reported differently. Reproducible: the same seed gives the same inputs.
Not a test (the suite runs it on a few inputs); figures to quote after changes to the
reading and parsing code.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import accordreg
from accordreg._diagnostics import CODES, Diagnostic
from accordreg._yaml.native import native_installed

PROVISIONS = Path(__file__).resolve().parent.parent / "provisions"
#: An input slower than this is counted; one that runs past HANG is stopped and counted.
SLOW = 5.0
HANG = 60

TOKENS = [
    *("\n", "\n", "\n", " ", "  ", "    ", "\t", "\r\n", "\r"),
    *(":", ": ", "- ", "-", "? ", ",", "[", "]", "{", "}", "#", " # c", "|", ">", ">-", "|+"),
    *("'", '"', "''", '"\\', "\\q", "&a ", "*a", "!!str ", "!!int ", "!x ", "!<a> ", "@", "`"),
    *("%YAML 1.2", "%YAML 1.1#...", "%TAG ! !x", "---", "...", "--- ", "~", "null", "true"),
    *("kind", "kind: provision", "kind: source", "id", "id: a", "title", "history", "on"),
    *("status: agreed", "sources", "level: 3", "2025-10-26", "2025-13-45", "0x1F", "0o17"),
    *("1_000", ".inf", ".nan", "9" * 4301, "0x" + "f" * 3600, "é", "中文", "\ufeff", "\x85"),
    *("\u2028", "\x00", "\x07", "\x7f", "\x9f", "\ufffe", "\U0001f600", "a" * 300),
]


def random_bytes(rng: random.Random) -> bytes:
    size = rng.randint(0, 2000)
    if rng.random() < 0.5:
        return rng.randbytes(size)
    # From a few byte values only: text-like often enough to reach the parser.
    alphabet = rng.randbytes(rng.randint(2, 16))
    return bytes(rng.choice(alphabet) for _ in range(size))


def token_soup(rng: random.Random) -> bytes:
    text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 200)))
    return text.encode("utf-8", "surrogatepass")


def mutated_record(rng: random.Random, records: list[str]) -> bytes:
    text = rng.choice(records)
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(_MUTATIONS)(rng, text)
    if rng.random() < 0.02:
        return text.encode(rng.choice(["utf-16", "utf-16-be", "utf-32", "latin-1"]), "replace")
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.2 and raw:
        at = rng.randrange(len(raw))
        raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]
    return raw


def _insert(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + rng.choice(TOKENS) + text[at:]


def _delete(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + text[at + rng.randint(1, 40) :]


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randint(0, len(text))]


def _reindent(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    lines[at] = " " * rng.randint(0, 8) + lines[at].lstrip(" ")
    return "\n".join(lines)


def _repeat_line(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    lines.insert(rng.randint(0, len(lines)), lines[at])
    return "\n".join(lines)


def _swap_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _replace_value(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    key, sep, _ = lines[at].partition(": ")
    if sep:
        lines[at] = f"{key}: {rng.choice(TOKENS)}"
    return "\n".join(lines)


_MUTATIONS: list[Callable[[random.Random, str], str]] = [
    _insert,
    _insert,
    _delete,
    _truncate,
    _reindent,
    _reindent,
    _repeat_line,
    _swap_lines,
    _replace_value,
    _replace_value,
]


@contextmanager
def _bounded(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _with_native(on: bool, path: Path) -> list[Diagnostic]:
    os.environ["ACCORDREG_NATIVE"] = "1" if on else "0"
    return accordreg.check(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, default=2000, help="inputs to run")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = [p.read_text() for p in sorted(PROVISIONS.rglob("*.yaml"))]
    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("random bytes", lambda: random_bytes(rng)),
        ("token soup", lambda: token_soup(rng)),
        ("mutated records", lambda: mutated_record(rng, records)),
    ]
    native = native_installed()
    kinds: Counter[str] = Counter()
    exceptions: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    slow = hangs = malformed = disagreements = 0
    slowest = 0.0
    first_failure = ""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry" / "sources" / "fuzzed.yaml"
        path.parent.mkdir(parents=True)
        for i in range(args.count):
            kind, make = makers[i % len(makers)]
            kinds[kind] += 1
            raw = make()
            path.write_bytes(raw)
            begin = time.perf_counter()
            try:
                with _bounded(HANG):
                    found = _with_native(False, path)
                    elapsed = time.perf_counter() - begin
                    if native and found != _with_native(True, path):
                        disagreements += 1
            except TimeoutError:
                hangs += 1
                continue
            except Exception as exc:  # every exception is the finding this script counts
                exceptions[type(exc).__name__] += 1
                if not first_failure:
                    first_failure = f"input {i} ({kind}): {raw[:120]!r}\n" + "".join(
                        traceback.format_exception(exc)
                    )
                continue
            slowest = max(slowest, elapsed)
            slow += elapsed > SLOW
            for d in found:
                codes[d.code] += 1
                malformed += d.code not in CODES or d.line < 1 or d.column < 1
    total = time.perf_counter() - started
    made = ", ".join(f"{k} {n}" for k, n in kinds.items())
    print(f"inputs: {args.count} ({made}), seed {args.seed}")
    print(
        f"exceptions: {sum(exceptions.values())}" + (f" {dict(exceptions)}" if exceptions else "")
    )
    print(f"over {SLOW:g} s: {slow}; stopped after {HANG} s: {hangs}; slowest: {slowest:.3f} s")
    print(f"malformed diagnostics: {malformed}")
    if native:
        print(f"native and stock paths disagreeing: {disagreements}")
    else:
        print("native parser not installed: no comparison")
    print(f"codes: {', '.join(f'{c} {n}' for c, n in sorted(codes.items()))}")
    print(f"total: {total:.1f} s")
    if first_failure:
        print(f"\nfirst exception:\n{first_failure}", file=sys.stderr)
    sys.exit(1 if exceptions or hangs or malformed or disagreements else 0)


if __name__ == "__main__":
    main()
