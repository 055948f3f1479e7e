"""The documentation tells the truth: its examples run, its tables match the code.

The pages are README.md and every Markdown page of docs/ (the site's sources);
scripts/readme.py regenerates what they show of the code, and these tests run its check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import accordreg
from accordreg import CODES
from accordreg._model.lifecycle import DEFAULT_LIFECYCLE, Status
from conftest import PROJECT, run

sys.path.insert(0, str(PROJECT / "scripts"))
try:
    import readme
finally:
    sys.path.pop(0)

DOCS = PROJECT / "docs"
PAGES = {
    page.relative_to(PROJECT).as_posix(): page.read_text(encoding="utf-8")
    for page in readme.pages()
}
#: Pages whose examples run as one session, in order (the tutorial): readme.update runs them.
SESSIONS = {name for name, text in PAGES.items() if readme.is_session(text)}
EXAMPLES_README = (PROJECT / "examples" / "README.md").read_text(encoding="utf-8")
README = PAGES["README.md"]


def _page(name: str) -> str:
    return PAGES[f"docs/{name}"]


def _name(page: Path) -> str:
    return page.relative_to(PROJECT).as_posix()


def _examples(language: str) -> list[tuple[str, str]]:
    """(page, block) for each block of ``language`` in the pages that run block by block."""
    return [
        (name, block)
        for name, text in PAGES.items()
        if name not in SESSIONS
        for block in readme.blocks(language, text)
    ]


def _command_blocks() -> list[tuple[str, list[str]]]:
    """(page, commands) for each sh block with `accordreg` commands, the examples' README's
    too; continuation lines joined, comments cut."""
    pages = [
        *((n, b) for n, b in _examples("sh")),
        *(("examples/README.md", b) for b in readme.blocks("sh", EXAMPLES_README)),
    ]
    found = [(name, readme.shell_commands(block)) for name, block in pages]
    return [(name, commands) for name, commands in found if commands]


def test_the_pages_are_found() -> None:
    """The README and the four parts of the site are among the pages checked, and the pages
    whose examples run as one session are the tutorial and the one on dates."""
    for name in ("tutorial.md", "howto/index.md", "reference/index.md", "explanation/index.md"):
        assert f"docs/{name}" in PAGES
    assert {"docs/tutorial.md", "docs/explanation/dates.md"} == SESSIONS


def test_every_diagnostic_code_is_documented() -> None:
    """The codes page has one row per code, with its name, and a section with its example."""
    page = _page("reference/diagnostics.md")
    for code in CODES.values():
        assert f"| `{code.code}` | {code.name} |" in page
        assert f"### {code.code} {code.name}\n" in page
        assert f"`tests/data/invalid/{code.code}-{code.name}/`" in page


def test_every_cli_command_has_a_reference_entry() -> None:
    """The CLI page renders every command from click (sphinx-click, nested in full), and its
    table lists every command, verbs of verbs too, each with its help."""
    page = _page("reference/cli.md")
    assert "```{click} accordreg._cli:main\n:prog: accordreg\n:nested: full\n```" in page
    commands = readme.commands()
    named = {" ".join(words) for words in commands}
    verbs = "init new transition validate status show history changes report site export cite"
    assert {*verbs.split(), "diff", "schema", "import pax"} <= named
    for words in commands:
        assert f"| `{' '.join(['accordreg', *words])}` | " in page, words
        assert (readme._command(words).help or "").strip(), words


def test_every_public_name_has_an_api_entry() -> None:
    """Each name of accordreg.__all__ is documented from its docstring on the API page."""
    page = _page("reference/api.md")
    documented = set(re.findall(r"^\.\. auto\w+:: accordreg\.(\w+)$", page, flags=re.M))
    assert set(accordreg.__all__) <= documented


def test_every_generated_section_is_on_one_page() -> None:
    """Each generated section lives on exactly one page."""
    for name in readme.SECTIONS:
        holders = [page for page, text in PAGES.items() if name in readme.sections_in(text)]
        assert len(holders) == 1, (name, holders)


def test_lifecycle_diagram_matches_the_table() -> None:
    """The Mermaid diagram plus the 'superseded' sentence give exactly the table's moves."""
    (diagram,) = readme.blocks("mermaid", _page("explanation/lifecycle.md"))
    edges = set(re.findall(r"^\s+(\S+) --> (\S+)$", diagram, flags=re.M))
    starts = {dst for src, dst in edges if src == "[*]"}
    drawn = {(Status(a), Status(b)) for a, b in edges if "[*]" not in (a, b)}
    finals = {Status(a) for a, b in edges if b == "[*]"}
    drawn |= {(s, Status.SUPERSEDED) for s in Status if s not in finals}
    table = {(s, t) for s in Status for t in DEFAULT_LIFECYCLE.moves_from(s)}
    assert drawn == table
    assert starts == set(DEFAULT_LIFECYCLE.starts())


def _id(value: str | list[str]) -> str:
    """A test id: the page, or a block's last line (Python) or first command (shell)."""
    if isinstance(value, list):
        return value[0][:40]
    return value if value.endswith(".md") else value.splitlines()[-1]


@pytest.mark.parametrize(("page", "block"), _examples("python"), ids=_id)
def test_python_examples_run(page: str, block: str, tmp_path: Path) -> None:
    """Each Python example runs against a copy of the bundled data."""
    folder = readme.example_folder(tmp_path / "work")
    readme.run_python(block, folder, page)


@pytest.mark.parametrize(("page", "block"), _command_blocks(), ids=_id)
def test_shell_examples_run(page: str, block: list[str], tmp_path: Path) -> None:
    """Each block of accordreg commands runs, in order, on the bundled data."""
    folder = readme.example_folder(tmp_path / "work")
    for line in block:
        status, printed = readme.run_command(line, folder)
        assert status == 0, f"{page}: {line}\n{printed}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_are_up_to_date(page: str) -> None:
    """Each page's generated sections match the code, and the output under each `$` command
    is what it prints now (the tutorial's examples run in order to show it)."""
    assert readme.update(PAGES[page]) == PAGES[page], "run: python scripts/readme.py"


def _check(*pages: Path) -> subprocess.CompletedProcess[str]:
    script = PROJECT / "scripts" / "readme.py"
    return subprocess.run(
        [sys.executable, str(script), "--check", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_check_passes_a_page_as_it_is_and_names_a_stale_one(tmp_path: Path) -> None:
    """`scripts/readme.py --check` exits 0 on a page that is up to date, and 1 on one whose
    generated section is stale, naming it; it writes nothing."""
    page = DOCS / "reference" / "settings.md"
    assert _check(page).returncode == 0
    stale = tmp_path / "settings.md"
    marked = r"(<!-- settings:start -->\n).*(<!-- settings:end -->)"
    text = re.sub(marked, r"\1\2", PAGES[_name(page)], flags=re.S)
    stale.write_text(text, encoding="utf-8")
    result = _check(stale)
    assert result.returncode == 1
    assert str(stale) in result.stdout
    assert stale.read_text(encoding="utf-8") == text


def _excerpts() -> list[str]:
    """YAML blocks that say, on their first line, which file of the examples they abridge."""
    return [b for _, b in _examples("yaml") if b.startswith("# examples/")]


@pytest.mark.parametrize("block", _excerpts(), ids=lambda b: b.splitlines()[0][2:])
def test_excerpts_of_the_example_are_in_its_files(block: str) -> None:
    """Each line of an abridged file is in that file, in the same order."""
    first, *lines = block.splitlines()
    source = (PROJECT / first.removeprefix("# ")).read_text(encoding="utf-8").splitlines()
    at = 0
    for line in lines:
        assert line in source[at:], line
        at = source.index(line, at) + 1


def test_status_example_is_what_status_prints() -> None:
    """The status table of the example is the command's output, as it is now."""
    page = _page("howto/vocabulary.md")
    block = page.split("<!-- status-example -->\n```text\n", 1)[1].split("```", 1)[0]
    code, out = run(
        "status",
        "--registry",
        str(PROJECT / "examples" / "custom-vocabulary"),
        "--on",
        "2024-06-01",
    )
    assert code == 0
    assert out == block


def test_readme_is_short_and_points_at_the_docs() -> None:
    """The README stays a front page: under 150 lines, its links to pages that exist, the
    test set-up CI relies on, and a link to each part of the site."""
    assert len(README.splitlines()) < 150
    links = re.findall(r"\]\(((?:docs|examples)/[^)#]+)(?:#[^)]*)?\)", README)
    assert links
    for link in links:
        assert (PROJECT / link).exists(), link
    for part in ("tutorial.md", "howto/", "reference/", "explanation/"):
        assert f"(docs/{part}" in README, part
    assert '.venv/bin/pip install -q -e ".[test]" && .venv/bin/pytest' in README
