"""Regenerate what the documentation shows of the code, in README.md and docs/**/*.md.

    python scripts/readme.py                # rewrite the pages in place
    python scripts/readme.py --check        # exit 1, naming the pages, if any is out of date
    python scripts/readme.py --check PAGE   # the same for these pages only

Two kinds of generated text:

- sections between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` markers, in whichever
  page holds them: the field references (records and the settings file), the lifecycle,
  the diagnostic codes and an example of each, the built-in categories and term types, the
  PA-X crosswalk, the list of commands, and the "What changed" examples (a digest and a
  pull-request comment, as they print);
- the output in every ``console`` block: each ``$ accordreg ...`` line is run and the lines
  below it are what it printed. A block runs on a copy of the bundled data (``provisions/``,
  ``schemas/``, ``examples/``, ``pax/`` imported from the tests' PA-X sample, and
  ``datasets/`` with ``outcomes/``, the outcome samples and a registry of them), in a git
  repository of one commit. A page marked
  ``<!-- examples: session -->`` (the tutorial) runs all its examples in order in one empty
  folder instead: its ``sh`` and ``console`` commands, its Python blocks, and each YAML
  block whose first line is ``# PATH`` written to PATH.

The test suite runs the check, so the documentation never drifts from the code.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import inspect
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from accordreg import check
from accordreg._cli import main
from accordreg._diagnostics import CODES, Diagnostic
from accordreg._importers import ceasefire_records, ucdp_records
from accordreg._importers.ceasefire_settings import block as ceasefire_settings
from accordreg._importers.ceasefires import import_ceasefires
from accordreg._importers.pax import import_csv
from accordreg._importers.ucdp import import_ucdp
from accordreg._model.categories import BUILTIN_CATEGORIES
from accordreg._model.dates import PATTERN as DATE_PATTERN
from accordreg._model.lifecycle import (
    DEFAULT_AGREEMENT_LIFECYCLE,
    DEFAULT_LIFECYCLE,
    KEEP,
    LEVEL_NAMES,
)
from accordreg._model.pax_codebook import crosswalk
from accordreg._model.records import (
    Agreement,
    AgreementEvent,
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
from accordreg._model.schema import model_schema
from accordreg._model.settings_schema import (
    Builtins,
    CategorySetting,
    LifecycleSetting,
    MeasureSetting,
    SettingsFile,
    StateSetting,
    TermSetting,
    WordSetting,
)
from accordreg._model.terms import COUNTABLE, TERM_TYPES
from accordreg._render.diagnostics import lines as diagnostic_lines
from accordreg._render.safe import terminal

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
#: The small registry each diagnostic's example folder is laid over, and those folders.
CASES = ROOT / "tests" / "data"
MODELS = (
    Provision,
    Event,
    Location,
    Deadline,
    Agreement,
    AgreementEvent,
    Signatory,
    ThirdParty,
    Links,
    Party,
    Source,
)
SETTINGS_MODELS = (
    SettingsFile,
    Builtins,
    CategorySetting,
    TermSetting,
    MeasureSetting,
    WordSetting,
    LifecycleSetting,
    StateSetting,
)
#: The folders of the repository that the examples use.
DATA = ("provisions", "schemas", "examples")
#: A few rows of PA-X's agreements CSV, in its layout: the PA-X examples use a registry
#: imported from it, ``pax/``.
PAX_SAMPLE = CASES / "pax" / "agreements.csv"
#: Made-up rows in the layouts of PA-X, UCDP's peace agreements and the ETH/PRIO
#: ceasefires: the outcome examples use them, as ``datasets/``, and a registry of them.
OUTCOMES = CASES / "outcomes"
#: Marks a page whose examples run in order, in one empty folder.
SESSION = "<!-- examples: session -->"
#: What a registry folder holds that is not data: the cache and the write lock.
_LOCAL = shutil.ignore_patterns(".accordreg-cache", ".accordreg.lock")


def pages() -> list[Path]:
    """README.md and every Markdown page of docs/ (not the built site)."""
    found = [p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts]
    return [README, *sorted(found)]


# -- Reference sections ----------------------------------------------------------------------


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if any(p.get("pattern") == DATE_PATTERN for p in prop.get("anyOf", ())):
        # A date field's schema: its text forms, or a bare year as YAML reads `2025`.
        rest = [p for p in prop["anyOf"] if p.get("type") not in ("string", "integer")]
        return "date" + (", or null" if rest else "")
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


def lifecycle_section() -> str:
    """The default lifecycle as a table: where each status may go, and its levels."""
    life = DEFAULT_LIFECYCLE
    out = [
        "| status | a history may start here | may move to | level unless the event sets one "
        "| levels an event may set |",
        "|---|---|---|---|---|",
    ]
    for state in life.states():
        rule = life.table[state]
        moves = ", ".join(f"`{m}`" for m in life.moves_from(state)) or "none: final"
        if rule.default_level is KEEP:
            default = "the level before"
        elif rule.default_level is None:
            default = "not rated"
        else:
            default = f"{rule.default_level} ({LEVEL_NAMES[rule.default_level]})"
        levels = ", ".join(str(v) for v in life.levels_for(state)) or "-"
        start = "yes" if rule.may_start else ""
        out.append(f"| `{state}` | {start} | {moves} | {default} | {levels} |")
    return "\n".join(out) + "\n"


def agreement_lifecycle_section() -> str:
    """The default agreement lifecycle as a table: where each status may go."""
    life = DEFAULT_AGREEMENT_LIFECYCLE
    out = ["| status | a history may start here | may move to |", "|---|---|---|"]
    for state in life.states():
        moves = ", ".join(f"`{m}`" for m in life.moves_from(state)) or "none: final"
        start = "yes" if life.table[state].may_start else ""
        out.append(f"| `{state}` | {start} | {moves} |")
    return "\n".join(out) + "\n"


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


def _columns(columns: dict[str, str]) -> str:
    out = ["| column | becomes |", "|---|---|"]
    for names, meaning in columns.items():
        listed = ", ".join(f"`{n}`" for n in names.split(", "))
        out.append(f"| {listed} | {_cell(meaning)} |")
    return "\n".join(out) + "\n"


def ucdp_crosswalk_section() -> str:
    """What each column of UCDP's Peace Agreement Dataset becomes."""
    return _columns(ucdp_records.COLUMNS)


def ceasefire_crosswalk_section() -> str:
    """What each column of the ETH/PRIO ceasefire dataset becomes."""
    return _columns(ceasefire_records.COLUMNS)


def ceasefire_settings_section() -> str:
    """The settings `import ceasefires` adds to a registry's accordreg.yaml."""
    return "```yaml\n" + ceasefire_settings().decode("utf-8") + "```\n"


def commands() -> list[list[str]]:
    """Every command of the CLI as its words after ``accordreg``: [] is the program itself."""
    found: list[list[str]] = [[]]
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        found.append([name])
        sub = getattr(command, "commands", None)
        if sub:
            found += [[name, s] for s in sorted(sub)]
    return found


def _command(words: list[str]) -> click.Command:
    command: click.Command = main
    for word in words:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), word)
        assert found is not None, words
        command = found
    return command


def cli_section() -> str:
    """Every command with the first paragraph of its help, as `--help` prints it."""
    out = ["| command | what it does |", "|---|---|"]
    for words in commands():
        help_text = inspect.cleandoc(_command(words).help or "")
        first = " ".join(help_text.split("\n\n", 1)[0].split())
        out.append(f"| `{' '.join(['accordreg', *words])}` | {_cell(first)} |")
    return "\n".join(out) + "\n"


# -- One example of each diagnostic ----------------------------------------------------------


def _overlay(case: Path, target: Path) -> Path:
    """The example registry in ``target`` with a case's files laid over it (as the tests do)."""
    shutil.copytree(CASES / "registry", target)
    for item in sorted(case.rglob("*")):
        if item.name == "expected.txt" or item.is_dir():
            continue
        dest = target / item.relative_to(case)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists() or dest.is_symlink():
            dest.unlink()
        if item.is_symlink():
            dest.symlink_to(item.readlink())
        else:
            shutil.copyfile(item, dest)
    return target


#: The file an import's example case holds: the import that reads it, and its command.
IMPORTS: dict[str, tuple[Callable[[Path, Path], Any], str]] = {
    "pax.csv": (import_csv, "accordreg import pax pax.csv --out registry"),
    "ucdp.csv": (import_ucdp, "accordreg import ucdp ucdp.csv --registry registry"),
    "ceasefires.csv": (
        import_ceasefires,
        "accordreg import ceasefires ceasefires.csv --registry registry",
    ),
}


def _imported(case: Path) -> str | None:
    """The name of the dataset file an import's example case holds, if it is one."""
    return next((name for name in IMPORTS if (case / name).exists()), None)


def _diagnose(case: Path, tmp: Path) -> tuple[Path, list[Diagnostic]]:
    """The case laid out in ``tmp`` and what checking (or importing) it reports."""
    name = _imported(case)
    if name is not None:
        root = tmp / "case"
        shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt"))
        return root, list(IMPORTS[name][0](root / name, root / "registry").problems)
    root = _overlay(case, tmp / "registry")
    return root, check(root)


def _messages(root: Path, found: list[Diagnostic]) -> str:
    here = f"{root.resolve()}{os.sep}"
    relative = [
        replace(
            d,
            path=Path(os.path.relpath(d.path, root)).as_posix(),
            message=d.message.replace(here, ""),
            hint=d.hint.replace(here, "") if d.hint else d.hint,
        )
        for d in found
    ]
    return "\n".join(diagnostic_lines(sorted(relative, key=lambda d: d.sort_key)))


def _files(case: Path) -> dict[str, Path]:
    """The files a case holds, by path in the registry (or, for PA-X, in the case)."""
    return {
        p.relative_to(case).as_posix(): p
        for p in sorted(case.rglob("*"))
        if p.name != "expected.txt"
        # A cache left by checking the example by hand is not part of it.
        and ".accordreg-cache" not in p.relative_to(case).parts
        and (p.is_symlink() or p.is_file())
    }


def _shown(path: Path | None) -> list[str] | str:
    """A file's lines as text (control characters and bad bytes written as escapes), or
    what it is when it has no lines to show."""
    if path is None:
        return "absent"
    if path.is_symlink():
        missing = "" if path.exists() else ", which does not exist"
        return f"a link to `{path.readlink().as_posix()}`{missing}"
    text = path.read_bytes().decode("utf-8", errors="backslashreplace")
    if not text:
        return "empty"
    return [terminal(line) for line in text.split("\n")]


def _excerpt(label: str, path: str, lines: list[str] | str, start: int, end: int) -> list[str]:
    if isinstance(lines, str):
        return [f"{label}: `{path}` is {lines}.", ""]
    part = lines[start:end]
    while part and not part[-1]:
        part = part[:-1]
    if not part:
        return [f"{label}: `{path}` has no such lines.", ""]
    where = f"line {start + 1}" if len(part) == 1 else f"lines {start + 1}-{start + len(part)}"
    language = "yaml" if path.endswith((".yaml", ".yml")) else "text"
    return [f"{label}, `{path}`, {where}:", "", f"```{language}", *part, "```", ""]


def _compare(path: str, bad: Path | None, good: Path | None) -> list[str]:
    """The invalid and the valid form of one file, around what differs."""
    before, after = _shown(bad), _shown(good)
    if isinstance(before, str) or isinstance(after, str):
        out = _excerpt("Invalid", path, before, 0, 12)
        return out + _excerpt("Valid", path, after, 0, 12)
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for group in matcher.get_grouped_opcodes(2):
        a0, a1 = group[0][1], group[-1][2]
        b0, b1 = group[0][3], group[-1][4]
        out += _excerpt("Invalid", path, before, a0, a1)
        out += _excerpt("Valid", path, after, b0, b1)
    return out


def diagnostics_section() -> str:
    """Each code: its name, severity and meaning, what checking its invalid example says,
    and the invalid and the valid example around what differs."""
    out: list[str] = []
    for code in CODES.values():
        folder = f"{code.code}-{code.name}"
        bad_case, good_case = CASES / "invalid" / folder, CASES / "valid" / folder
        with tempfile.TemporaryDirectory() as tmp:
            root, found = _diagnose(bad_case, Path(tmp))
            # A message may name today's date: shown as a placeholder, not as a date.
            said = _messages(root, found).replace(date.today().isoformat(), "<today>")
        imported = _imported(bad_case)
        bad, good = _files(bad_case), _files(good_case)
        if imported is None:  # the files a case does not hold are the base registry's
            base = _files(CASES / "registry")
            bad, good = {**base, **bad}, {**base, **good}
        command = IMPORTS[imported][1] if imported else "accordreg validate"
        out += [
            f"### {code.code} {code.name}",
            "",
            f"{code.severity.value.capitalize()}. {code.summary}",
            "",
            f"`{command}` on the invalid example (`tests/data/invalid/{folder}/`):",
            "",
            "```text",
            said,
            "```",
            "",
        ]
        out += _differences(bad, good)
    return "\n".join(out).rstrip() + "\n"


def _same(one: Path, other: Path) -> bool:
    if one.is_symlink() or other.is_symlink():
        return one.is_symlink() == other.is_symlink() and one.readlink() == other.readlink()
    return one.read_bytes() == other.read_bytes()


def _differences(bad: dict[str, Path], good: dict[str, Path]) -> list[str]:
    """Each file that differs between the invalid and the valid example; a file renamed
    with its content unchanged is told in a line."""
    out = []
    renamed = set()
    for path, file in bad.items():
        if path in good:
            continue
        twin = next((p for p, f in good.items() if p not in bad and _same(file, f)), None)
        if twin is not None:
            out += [f"Invalid: the file is named `{path}`. Valid: `{twin}`, the same content.", ""]
            renamed |= {path, twin}
    for path in sorted((set(bad) | set(good)) - renamed):
        one, other = bad.get(path), good.get(path)
        if one is None or other is None or not _same(one, other):
            out += _compare(path, one, other)
    return out


# -- "What changed" ------------------------------------------------------------------------

#: The digest shown: a month of the bundled registry, as a monitor would paste it.
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
#: What the pull request shown does to the bundled registry: (file, pattern, replacement),
#: each pattern a regular expression matched once.
PULL_REQUEST = [
    (
        "kl-declaration-2025/demining.yaml",
        r"\Z",
        "  - on: 2026-01-05\n    status: suspended\n    sources:\n"
        "      - chiang-rai-times-2025-12-31\n    note: Work halted.\n",
    ),
    ("kl-declaration-2025/demining.yaml", r"(?m)^(title: .*)$", r"\1 (revised)"),
    ("kl-declaration-2025/heavy-weapons-withdrawal.yaml", r"- on: 2025-11-01", "- on: 2025-11-03"),
]


def digest_section() -> str:
    """`accordreg changes` on the bundled registry, as it prints."""
    result = CliRunner().invoke(main, ["changes", "--registry", str(ROOT / "provisions"), *DIGEST])
    assert result.exit_code == 0, result.output
    return "```markdown\n" + result.output + "```\n"


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _commit_all(repo: Path, message: str) -> None:
    """``repo`` as a git repository on branch main, everything in it committed."""
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(cwd)


def pr_comment_section() -> str | None:
    """`accordreg diff main HEAD --format markdown` for an edit of the bundled registry, in a
    repository built for the purpose; None (the section left as it is) without git."""
    if shutil.which("git") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        shutil.copytree(ROOT / "provisions", repo / "provisions")
        _commit_all(repo, "The registry")
        _git(repo, "checkout", "-q", "-b", "monitoring")
        for name, pattern, new in PULL_REQUEST:
            path = repo / "provisions" / name
            text = path.read_text(encoding="utf-8")
            text, count = re.subn(pattern, new, text, count=1)
            assert count == 1, (name, pattern)
            path.write_text(text, encoding="utf-8")
        _git(repo, "commit", "-q", "-am", "January's news")
        with _inside(repo):  # the command names the registry as given: `provisions`
            result = CliRunner().invoke(main, ["diff", "main", "HEAD", "--format", "markdown"])
    assert result.exit_code == 1, result.output
    return "```markdown\n" + result.output + "```\n"


SECTIONS: dict[str, Callable[[], str | None]] = {
    "fields": fields_section,
    "settings": settings_section,
    "lifecycle": lifecycle_section,
    "agreement-lifecycle": agreement_lifecycle_section,
    "categories": categories_section,
    "term-types": term_types_section,
    "codes": codes_section,
    "diagnostics": diagnostics_section,
    "crosswalk": crosswalk_section,
    "ucdp-crosswalk": ucdp_crosswalk_section,
    "ceasefire-crosswalk": ceasefire_crosswalk_section,
    "ceasefire-settings": ceasefire_settings_section,
    "cli": cli_section,
    "digest": digest_section,
    "pr-comment": pr_comment_section,
}


def _marker(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", flags=re.S)


def sections_in(text: str) -> list[str]:
    """The names of the generated sections a page holds."""
    return [name for name in SECTIONS if _marker(name).search(text)]


def update_sections(text: str) -> str:
    """The page with each generated section it holds made afresh."""
    for name in sections_in(text):
        body = SECTIONS[name]()
        if body is None:  # cannot be made here: kept as it is
            continue

        def fill(match: re.Match[str], body: str = body) -> str:
            return match.group(1) + body + match.group(2)

        text = _marker(name).sub(fill, text)
    return text


# -- Examples --------------------------------------------------------------------------------

#: A fenced block: its indentation, its language (or directive) and its text. Fences may
#: be indented, as in list items; a block ends at a fence of the same indentation.
BLOCK = re.compile(r"^([ \t]*)```([^`\n]*)\n(.*?)^\1```[ \t]*$", flags=re.S | re.M)


def blocks(language: str, text: str) -> list[str]:
    """The text of each fenced block of ``language`` in a page."""
    return [body for _, lang, body in BLOCK.findall(text) if lang.strip() == language]


def command_line(line: str) -> str | None:
    """An ``accordreg`` command of a shell line, its comment cut; None for any other line."""
    line = line.split("  #", 1)[0].strip()
    return line if line.startswith("accordreg ") or line == "accordreg" else None


def shell_commands(block: str) -> list[str]:
    """The ``accordreg`` commands of an sh block, continuation lines joined."""
    found = (command_line(line) for line in block.replace("\\\n", " ").splitlines())
    return [line for line in found if line]


_TEMPLATE: list[tempfile.TemporaryDirectory[str]] = []


def _template() -> Path:
    """The folder every example block starts from, made once per run: the data the
    examples use, ``pax/`` imported from the tests' PA-X sample, all committed to git on
    branch main where git is at hand (for ``accordreg diff``)."""
    if not _TEMPLATE:
        _TEMPLATE.append(tempfile.TemporaryDirectory())
        root = Path(_TEMPLATE[0].name) / "work"
        root.mkdir()
        for folder in DATA:
            shutil.copytree(ROOT / folder, root / folder, ignore=_LOCAL)
        # The sample holds a few bad rows on purpose (they show the P codes): the rest
        # is imported, which is what the PA-X examples need.
        import_csv(PAX_SAMPLE, root / "pax")
        shutil.rmtree(root / "pax" / ".accordreg-cache", ignore_errors=True)
        # The outcome examples: the tests' made-up files in the datasets' layouts, and a
        # registry of them, outcomes/ (PA-X's agreements, UCDP's ends, the ceasefires).
        shutil.copytree(OUTCOMES, root / "datasets")
        import_csv(OUTCOMES / "pax.csv", root / "outcomes")
        import_ucdp(OUTCOMES / "ucdp.csv", root / "outcomes")
        import_ceasefires(OUTCOMES / "ceasefires.csv", root / "outcomes")
        if shutil.which("git") is not None:
            _commit_all(root, "The registry")
    return Path(_TEMPLATE[0].name) / "work"


def example_folder(target: Path) -> Path:
    """``target``, made as a copy of the folder the examples start from (see
    :func:`_template`)."""
    shutil.copytree(_template(), target, symlinks=True)
    return target


def run_command(line: str, cwd: Path) -> tuple[int, str]:
    """Run an ``accordreg`` command line in ``cwd``: its exit status, and what it printed
    (standard output, then standard error)."""
    words = shlex.split(line)
    assert words[0] == "accordreg", line
    env = {**os.environ, "PYTHONUTF8": "1", **GIT_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "accordreg", *words[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def run_console(block: str, cwd: Path) -> str:
    """A console block with the output below each ``$ accordreg`` line as it prints now."""
    out: list[str] = []
    for line in block.splitlines():
        if not line.startswith("$ "):
            continue  # an output line: made afresh below its command
        out.append(line)
        command = command_line(line[2:])
        if command is None:
            raise SystemExit(f"a console block runs accordreg commands only: {line}")
        _, printed = run_command(command, cwd)
        out += printed.splitlines()
    return "\n".join(out) + "\n"


def run_python(block: str, cwd: Path, name: str = "<docs>") -> None:
    """Run a Python example with ``cwd`` as the working folder."""
    with _inside(cwd):
        exec(compile(block, name, "exec"), {})


def is_session(text: str) -> bool:
    return SESSION in text


def _session(text: str) -> str:
    """A session page with its console outputs made afresh: every example, in order, in
    one empty folder; a command of an sh block that fails stops the run."""
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)

        def step(match: re.Match[str]) -> str:
            language, body = match.group(2).strip(), match.group(3)
            if language == "sh":
                for command in shell_commands(body):
                    status, printed = run_command(command, here)
                    if status != 0:
                        raise SystemExit(f"{command}: exit {status}\n{printed}")
            elif language == "console":
                return f"```console\n{run_console(_flush(match), here)}```"
            elif language == "python":
                run_python(body, here)
            elif language == "yaml" and body.startswith("# "):
                path = here / body.split("\n", 1)[0][2:].strip()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
            return match.group(0)

        return BLOCK.sub(step, text)


def _flush(match: re.Match[str]) -> str:
    """A console block's text; its outputs are written at the margin, so it must be too."""
    if match.group(1):
        raise SystemExit(f"a console block must not be indented:\n{match.group(0)}")
    return match.group(3)


def update_examples(text: str) -> str:
    """The page with the output of each console block as it prints now."""
    if is_session(text):
        return _session(text)

    def fresh(match: re.Match[str]) -> str:
        if match.group(2).strip() != "console":
            return match.group(0)
        with tempfile.TemporaryDirectory() as tmp:
            folder = example_folder(Path(tmp) / "work")
            return f"```console\n{run_console(_flush(match), folder)}```"

    return BLOCK.sub(fresh, text)


def update(text: str) -> str:
    """The page with every generated section and every console output made afresh."""
    return update_examples(update_sections(text))


def _name(page: Path) -> str:
    page = page.resolve()
    return page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else str(page)


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("pages", nargs="*", type=Path, help="these pages only (default: all)")
    args = parser.parse_args(argv)
    stale, held = [], set()
    for page in args.pages or pages():
        current = page.read_text(encoding="utf-8")
        held.update(sections_in(current))
        fresh = update(current)
        if fresh != current:
            stale.append(_name(page))
            if not args.check:
                page.write_text(fresh, encoding="utf-8")
    missing = sorted(set(SECTIONS) - held)
    if missing and not args.pages:
        raise SystemExit(f"no page holds the generated section(s): {', '.join(missing)}")
    if args.check and stale:
        print("out of date (run: python scripts/readme.py):", *stale, sep="\n  ")
        sys.exit(1)
    for name in stale:
        print(f"updated {name}")


if __name__ == "__main__":
    run()
