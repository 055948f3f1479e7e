"""Regenerate the README's generated sections: the field references (records and the
settings file), the codes, the built-in categories and term types, the PA-X crosswalk, the
CLI reference, and
the "What changed" examples (a digest and a pull-request comment, as they print).

    python scripts/readme.py          # rewrite README.md in place
    python scripts/readme.py --check  # exit 1 if README.md is out of date

The test suite runs the check, so the README never drifts from the code.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from accordreg.cli import main
from accordreg.diagnostics import CODES
from accordreg.importers.pax_codebook import crosswalk
from accordreg.model.categories import BUILTIN_CATEGORIES
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
from accordreg.model.settings_file import (
    Builtins,
    CategorySetting,
    LifecycleSetting,
    MeasureSetting,
    SettingsFile,
    StateSetting,
    TermSetting,
    WordSetting,
)
from accordreg.model.terms import COUNTABLE, TERM_TYPES

README = Path(__file__).resolve().parent.parent / "README.md"
MODELS = (Provision, Event, Location, Deadline, Agreement, Signatory, ThirdParty, Links,
          Party, Source)  # fmt: skip
SETTINGS_MODELS = (SettingsFile, Builtins, CategorySetting, TermSetting, MeasureSetting,
                   WordSetting, LifecycleSetting, StateSetting)  # fmt: skip


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
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if prop.get("type") == "array":
        return f"list of {_type(prop['items'], defs)}"
    if prop.get("format") == "date":
        return "date"
    names = {"string": "text", "integer": "whole number", "boolean": "true/false"}
    kind = str(prop.get("type", "value"))
    return names.get(kind, kind)


def fields_section() -> str:
    """A table of fields per record kind and nested mapping."""
    return _fields(MODELS)


def settings_section() -> str:
    """A table of keys of the settings file and of each mapping inside it."""
    return _fields(SETTINGS_MODELS)


def _fields(models: tuple[type[Any], ...]) -> str:
    out = []
    for model in models:
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


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def categories_section() -> str:
    """The built-in categories with their typed terms, measure and PA-X code families."""
    out = [
        "| category | label | terms | measure | PA-X codes |",
        "|---|---|---|---|---|",
    ]
    for c in BUILTIN_CATEGORIES:
        terms = "; ".join(
            f"`{name}` {spec.type}" + (f" ({spec.unit})" if spec.unit else "")
            for name, spec in c.terms.items()
        )
        measure = f"`{c.measure.term}`: {c.measure.unit}" if c.measure else ""
        codes = ", ".join(f"`{code}`" for code in c.pax_codes)
        out.append(f"| `{c.id}` | {_cell(c.label)} | {terms} | {measure} | {codes} |")
    return "\n".join(out) + "\n"


def term_types_section() -> str:
    """The term types: what a value of each is, and which can be a measure."""
    out = ["| type | a value is | can be a measure |", "|---|---|---|"]
    for name, meaning in TERM_TYPES.items():
        out.append(f"| `{name}` | {_cell(meaning)} | {'yes' if name in COUNTABLE else ''} |")
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
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
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


#: The digest the README shows: a month of the bundled registry, as a monitor would paste it.
DIGEST = ["--since", "2025-11-16", "--until", "2025-12-15", "--format", "markdown"]
#: A git whose commits are the same on every machine: no configuration, fixed names and dates.
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Monitor",
    "GIT_AUTHOR_EMAIL": "monitor@example.org",
    "GIT_AUTHOR_DATE": "2026-01-06T09:00:00+00:00",
    "GIT_COMMITTER_NAME": "Monitor",
    "GIT_COMMITTER_EMAIL": "monitor@example.org",
    "GIT_COMMITTER_DATE": "2026-01-06T09:00:00+00:00",
}
#: What the README's pull request does to the bundled registry: (file, old text, new text).
PULL_REQUEST = [
    (
        "kl-declaration-2025/demining.yaml",
        "      decision; no clearance is reported.\n",
        "      decision; no clearance is reported.\n"
        "  - on: 2026-01-05\n    status: suspended\n    sources:\n"
        "      - chiang-rai-times-2025-12-31\n    note: Work halted.\n",
    ),
    (
        "kl-declaration-2025/demining.yaml",
        "title: Humanitarian demining of the border areas",
        "title: Humanitarian demining of the border areas (revised)",
    ),
    ("kl-declaration-2025/heavy-weapons-withdrawal.yaml", "- on: 2025-11-01", "- on: 2025-11-03"),
]


def digest_section() -> str:
    """`accordreg changes` on the bundled registry, as it prints."""
    provisions = str(README.parent / "provisions")
    result = CliRunner().invoke(main, ["changes", provisions, *DIGEST])
    assert result.exit_code == 0, result.output
    return "```markdown\n" + result.output + "```\n"


def pr_comment_section() -> str | None:
    """`accordreg diff main HEAD --format markdown` for an edit of the bundled registry, in a
    repository built for the purpose; None (the section left as it is) without git."""
    if shutil.which("git") is None:
        return None
    env = {**os.environ, **GIT_ENV}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        shutil.copytree(README.parent / "provisions", repo / "provisions")
        git("init", "-q", "-b", "main")
        git("add", "-A")
        git("commit", "-q", "-m", "The registry")
        git("checkout", "-q", "-b", "monitoring")
        for name, old, new in PULL_REQUEST:
            path = repo / "provisions" / name
            text = path.read_text(encoding="utf-8")
            assert old in text, (name, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        git("commit", "-q", "-am", "January's news")
        cwd = Path.cwd()
        os.chdir(repo)  # the command names the registry as given: `provisions`
        try:
            result = CliRunner().invoke(main, ["diff", "main", "HEAD", "--format", "markdown"])
        finally:
            os.chdir(cwd)
    assert result.exit_code == 1, result.output
    return "```markdown\n" + result.output + "```\n"


SECTIONS: dict[str, Callable[[], str | None]] = {
    "fields": fields_section,
    "settings": settings_section,
    "categories": categories_section,
    "term-types": term_types_section,
    "codes": codes_section,
    "crosswalk": crosswalk_section,
    "cli": cli_section,
    "digest": digest_section,
    "pr-comment": pr_comment_section,
}


def update(text: str) -> str:
    """The README text with every generated section regenerated."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", flags=re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md lacks the <!-- {name}:start/end --> markers")
        body = make()
        if body is None:  # cannot be made here: kept as it is
            continue

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
