"""Regenerate the README's generated sections: fields, codes, the PA-X crosswalk, the CLI.

    python scripts/readme.py          # rewrite README.md in place
    python scripts/readme.py --check  # exit 1 if README.md is out of date

The test suite runs the check, so the README never drifts from the code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from accordreg.cli import main
from accordreg.diagnostics import CODES
from accordreg.importers.pax_codebook import crosswalk
from accordreg.model.records import (
    Agreement,
    Deadline,
    Event,
    Links,
    Location,
    Party,
    Provision,
    Signatory,
    Source,
    ThirdParty,
)
from accordreg.model.schema import model_schema

README = Path(__file__).resolve().parent.parent / "README.md"
MODELS = (Provision, Event, Location, Deadline, Agreement, Signatory, ThirdParty, Links,
          Party, Source)  # fmt: skip


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "anyOf" in prop:
        kinds = [_type(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + ("" if len(kinds) == len(prop["anyOf"]) else ", or null")
    if "$ref" in prop:
        target = defs[prop["$ref"].rsplit("/", 1)[1]]
        if "enum" in target:
            return "one of " + ", ".join(f"`{v}`" for v in target["enum"])
        return str(target.get("title", "mapping"))
    if "const" in prop:
        return f"`{prop['const']}`"
    if prop.get("type") == "array":
        return f"list of {_type(prop['items'], defs)}"
    if prop.get("format") == "date":
        return "date"
    names = {"string": "text", "integer": "whole number", "boolean": "true/false"}
    kind = str(prop.get("type", "value"))
    return names.get(kind, kind)


def fields_section() -> str:
    """A table of fields per record kind and nested mapping."""
    out = []
    for model in MODELS:
        schema = model_schema(model)
        defs = schema.get("$defs", {})
        required = set(schema.get("required", []))
        out += [
            f"**{model.__name__}** — {(model.__doc__ or '').strip()}",
            "",
            "| field | type | required | meaning |",
            "|---|---|---|---|",
        ]
        for name, prop in schema["properties"].items():
            need = "yes" if name in required else ""
            meaning = " ".join(prop.get("description", "").split()).replace("|", "\\|")
            out.append(f"| `{name}` | {_type(prop, defs)} | {need} | {meaning} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def codes_section() -> str:
    """The catalogue of diagnostic codes as a table."""
    out = ["| code | name | severity | meaning |", "|---|---|---|---|"]
    for code in CODES.values():
        out.append(f"| `{code.code}` | {code.name} | {code.severity.value} | {code.summary} |")
    return "\n".join(out) + "\n"


def crosswalk_section() -> str:
    """PA-X's code families, each with its sub-codes and the category it imports as."""
    walk = crosswalk()
    book = walk.book
    members: dict[str, list[str]] = {}
    for code, head in walk.family.items():
        if code != head:
            members.setdefault(head, []).append(code)
    out = [
        "| family | PA-X label | PA-X group | sub-codes | category |",
        "|---|---|---|---|---|",
    ]
    for head in sorted(walk.category, key=book.order):
        subs = ", ".join(f"`{c}`" for c in members.get(head, [])) or "-"
        entry = book.codes[head]
        out.append(
            f"| `{head}` | {entry.label} | {entry.group} | {subs} | `{walk.category[head]}` |"
        )
    return "\n".join(out) + "\n"


def _commands() -> list[list[str]]:
    found: list[list[str]] = [[]]
    for name, command in sorted(main.commands.items()):
        found.append([name])
        sub = getattr(command, "commands", None)
        if sub:
            found += [[name, s] for s in sorted(sub)]
    return found


def cli_section() -> str:
    """Every command's --help, as the CLI prints it."""
    runner = CliRunner()
    out = []
    for words in _commands():
        result = runner.invoke(main, [*words, "--help"], prog_name="accordreg", terminal_width=90)
        title = " ".join(["accordreg", *words])
        out += [f"#### `{title}`", "", "```text", result.output.rstrip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


SECTIONS = {
    "fields": fields_section,
    "codes": codes_section,
    "crosswalk": crosswalk_section,
    "cli": cli_section,
}


def update(text: str) -> str:
    """The README text with every generated section regenerated."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", flags=re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md lacks the <!-- {name}:start/end --> markers")
        body = make()

        def fill(match: re.Match[str], body: str = body) -> str:
            return match.group(1) + body + match.group(2)

        text = pattern.sub(fill, text)
    return text


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    fresh = update(current)
    if args.check:
        sys.exit(0 if fresh == current else 1)
    README.write_text(fresh, encoding="utf-8")


if __name__ == "__main__":
    run()
