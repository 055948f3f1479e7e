"""Generate a valid registry of N provision files for benchmarks.

    python benchmarks/generate.py 10000 benchmarks/corpus/10k

Each provision is 40-60 lines in the canonical layout, with 1-6 history events that
follow the lifecycle, sources, parties, locations, deadlines and comments; agreements of
20 provisions each, and the sources and parties they cite, make the corpus validate.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from accordreg._model.lifecycle import DEFAULT_LIFECYCLE, Status
from accordreg._model.vocabulary import Category
from accordreg._yaml import emit

PER_AGREEMENT = 20
SOURCES = 200
PARTIES = ("cambodia", "thailand", "malaysia", "asean", "observer-team", "border-committee")
SCHEMA = "# yaml-language-server: $schema=../../../../schemas/{kind}.schema.json\n"
WORDS = [
    "border",
    "withdrawal",
    "heavy",
    "weapons",
    "demining",
    "survey",
    "release",
    "detainees",
    "ceasefire",
    "patrol",
    "observers",
    "verification",
    "task",
    "force",
    "committee",
    "phase",
    "pillar",
    "province",
    "village",
    "return",
    "civilians",
    "monitoring",
    "hotline",
    "joint",
    "agreed",
    "parties",
    "implementation",
    "report",
]


def sentence(rng: random.Random, n: int) -> str:
    """A plausible sentence of n words."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def history(rng: random.Random, start: date) -> list[dict[str, object]]:
    """A legal walk through the lifecycle, 1-6 events, never superseded."""
    status: str = rng.choice([Status.PROPOSED, Status.AGREED])
    day = start
    events: list[dict[str, object]] = []
    for i in range(rng.randint(1, 6)):
        if i:
            moves = [m for m in DEFAULT_LIFECYCLE.moves_from(status) if m is not Status.SUPERSEDED]
            if not moves:
                break
            status = rng.choice(moves)
            day += timedelta(days=rng.randint(0, 60))
        event: dict[str, object] = {"on": day, "status": str(status)}
        levels = DEFAULT_LIFECYCLE.levels_for(status)
        if len(levels) > 1 and rng.random() < 0.3:
            event["level"] = rng.choice(levels)
        event["sources"] = [f"source-{rng.randrange(SOURCES)}" for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.5:
            event["note"] = sentence(rng, rng.randint(6, 14))
        events.append(event)
    return events


def provision(rng: random.Random, agreement: str, slug: str, signed: date) -> str:
    """One provision file's text."""
    record: dict[str, object] = {
        "kind": "provision",
        "id": f"{agreement}/{slug}",
        "agreement": agreement,
        "title": sentence(rng, rng.randint(4, 8)).rstrip("."),
        "category": rng.choice(list(Category)).value,
        "text": sentence(rng, rng.randint(15, 30)),
        "section": f"paragraph {rng.randint(1, 30)}",
        "responsible": rng.sample(PARTIES[:2], 2),
        "verifier": ["observer-team"],
        "locations": [
            {"country": "KHM", "subdivision": "Banteay Meanchey"},
            {"country": "THA", "subdivision": "Sa Kaeo", "place": "Nong Chan"},
        ],
        "deadlines": [
            {
                "label": f"Phase {i + 1}",
                "start": signed + timedelta(days=10 * i),
                "due": signed + timedelta(days=10 * i + 20),
            }
            for i in range(rng.randint(1, 2))
        ],
        "conditions": [sentence(rng, 8)],
        "pax_codes": ["DdrDemil", "StBor"][: rng.randint(1, 2)],
        "sources": [f"source-{rng.randrange(SOURCES)}" for _ in range(rng.randint(1, 3))],
        "history": history(rng, signed),
    }
    text = emit.dump(record, SCHEMA.format(kind="provision"))
    # Hand-written files carry comments; so do these.
    return text.replace("history:\n", "# What happened, as the sources report it.\nhistory:\n", 1)


def generate(count: int, out: Path, seed: int = 1) -> int:
    """Write the corpus; return the number of bytes written."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    written = 0

    def put(rel: str, text: str) -> None:
        nonlocal written
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += len(text.encode())

    for i in range(SOURCES):
        put(
            f"sources/source-{i}.yaml",
            emit.dump(
                {
                    "kind": "source",
                    "id": f"source-{i}",
                    "title": sentence(rng, 6),
                    "publisher": "Example Wire",
                    "date": date(1999, 12, 31) - timedelta(days=i),
                    "reliability": "press",
                },
                SCHEMA.format(kind="source"),
            ),
        )
    for party in PARTIES:
        put(
            f"parties/{party}.yaml",
            emit.dump(
                {
                    "kind": "party",
                    "id": party,
                    "name": party.replace("-", " ").title(),
                    "type": "state",
                },
                SCHEMA.format(kind="party"),
            ),
        )
    for a in range((count + PER_AGREEMENT - 1) // PER_AGREEMENT):
        agreement = f"agreement-{a}"
        signed = date(2000, 1, 1) + timedelta(days=a % 9000)
        put(
            f"{agreement}/agreement.yaml",
            emit.dump(
                {
                    "kind": "agreement",
                    "id": agreement,
                    "title": sentence(rng, 9),
                    "date_signed": signed,
                    "signatories": [{"party": "cambodia"}, {"party": "thailand"}],
                    "sources": [f"source-{a % SOURCES}"],
                },
                SCHEMA.format(kind="agreement"),
            ),
        )
        for p in range(min(PER_AGREEMENT, count - a * PER_AGREEMENT)):
            put(
                f"{agreement}/provision-{p}.yaml",
                provision(rng, agreement, f"provision-{p}", signed),
            )
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, help="number of provision files")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = generate(args.count, args.out, args.seed)
    print(f"wrote {args.count} provisions to {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
