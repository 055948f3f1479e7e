"""Nothing lost, nothing live, no crash: the command line end to end, in a child process.

Each case runs `accordreg` with a timeout, so that none can hang the suite, and checks the
exit status and that nothing printed a traceback. The cases: output streams that cannot
encode Thai or Khmer (each verb finishes, writing what the stream lacks as escapes);
record text that would be live where it is shown (a link in a pull-request comment, a
right-to-left override in a terminal, a newline in a path written into a record); and
reports drawn at the edges of their date range, which print nothing but what they wrote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import accordreg
from accordreg._render import chart
from conftest import copy_base

SRC = Path(accordreg.__file__).resolve().parent.parent
#: Generous: a case takes a second or two; this only stops a hang.
TIMEOUT = 60

THAI = "ปล่อยตัว"
KHMER = "ការដោះលែង"
#: A right-to-left override, an isolate, zero-width characters and a byte order mark: all
#: a valid record may hold, none of which a reader sees.
INVISIBLE = "\u202eevil\u202c \u2066iso\u2069 z\u200bw\u200dj\u2060\ufeff"
#: Markdown and HTML that would be live in a rendered comment, and a code span breaker.
MARKUP = (
    "[click](https://evil.example) ![img](https://evil.example/x.png) "
    "<img src=x onerror=alert(1)> ``[x](javascript:alert(1))`` <script>alert(1)</script>"
)
NOTE = f"{THAI} {KHMER} {MARKUP} {INVISIBLE}"
RELEASE = "kl-declaration-2025/release"
#: Characters no terminal output may carry as they are: C0 controls but the newline, DEL,
#: C1 controls, bidi embeddings, overrides and isolates, zero-width characters.
LIVE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]"
)
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def accordreg_(
    *arguments: str, cwd: Path, encoding: str = "utf-8", **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the program with its output streams in ``encoding``; no traceback allowed."""
    environment = {**os.environ, **GIT_ENV, **env, "PYTHONIOENCODING": encoding}
    environment["PYTHONPATH"] = os.pathsep.join([str(SRC), environment.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-m", "accordreg", *arguments],
        capture_output=True,
        timeout=TIMEOUT,
        env=environment,
        cwd=cwd,
        check=False,
    )
    # Read back as UTF-8 whatever the streams were: latin-1 output is ASCII escapes here.
    out = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "backslashreplace"),
        done.stderr.decode("utf-8", "backslashreplace"),
    )
    assert "Traceback" not in out.stdout + out.stderr, out.stderr
    assert "UnicodeEncodeError" not in out.stderr, out.stderr
    return out


def _replace(path: Path, old: str, new: str) -> None:
    """Replace a line's text in a record file (as text: PyYAML would read `on:` as true)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _scripts(root: Path) -> Path:
    """The example registry with Thai, Khmer, markup and invisible characters in a title,
    the latest event's note and a citation file."""
    release = root / f"{RELEASE}.yaml"
    title = json.dumps(f"Release — {THAI} {KHMER} {INVISIBLE}", ensure_ascii=False)
    _replace(release, "title: Release of the 18 Cambodian soldiers", f"title: {title}")
    with release.open("a", encoding="utf-8") as file:  # the latest event is the last
        file.write(f"    note: {json.dumps(NOTE)}\n")
    (root / "CITATION.cff").write_text(
        yaml.safe_dump(
            {
                "cff-version": "1.2.0",
                "message": f"{THAI} {INVISIBLE}",
                "type": "dataset",
                "title": f"ข้อตกลง — {KHMER} {INVISIBLE}",
                "authors": [{"name": "สมชาย ใจดี"}],
                "version": "2025-12-31",
                "license": "MIT",
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return root


@pytest.fixture
def scripts(tmp_path: Path) -> Path:
    """A registry whose records and citation hold Thai, Khmer, markup and invisible text."""
    return _scripts(copy_base(tmp_path / "registry"))


# -- 4: output streams that cannot encode the text -----------------------------------------

#: Each verb that shows record text, its arguments (``{r}``: the registry) and exit status.
VERBS = {
    "status": (["status", "--registry", "{r}", "--on", "2026-01-15", "--format", "csv"], 0),
    "show": (["show", RELEASE, "--registry", "{r}", "--on", "2026-01-15"], 0),
    "history": (["history", RELEASE, "--registry", "{r}"], 0),
    "changes": (
        ["changes", "--registry", "{r}", "--since", "2025-10-01", "--until", "2026-01-15"],
        0,
    ),
    "cite": (["cite", "--registry", "{r}"], 0),
    "cite-bibtex": (["cite", "--registry", "{r}", "--format", "bibtex"], 0),
}


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("verb", sorted(VERBS))
def test_a_stream_that_cannot_encode_the_text_gets_escapes(
    scripts: Path, verb: str, encoding: str
) -> None:
    """Each verb finishes on a latin-1 or ASCII stream, Thai in it escaped or as UTF-8."""
    arguments, status = VERBS[verb]
    done = accordreg_(
        *(a.format(r=scripts) for a in arguments), cwd=scripts.parent, encoding=encoding
    )
    assert done.returncode == status, done.stderr
    if encoding == "latin-1":  # click writes UTF-8 to a stream it finds "ASCII": no escapes
        assert re.search(r"\\u(0e|17)[0-9a-f]{2}", done.stdout)  # a Thai or Khmer letter


def test_validate_reports_thai_on_a_latin1_stream(scripts: Path) -> None:
    """A diagnostic quoting a Thai value reaches a latin-1 stream escaped, with exit 1."""
    _replace(scripts / f"{RELEASE}.yaml", "category: detainee_release", f"category: {THAI}")
    for form in ("text", "github", "json"):
        done = accordreg_(
            "validate", str(scripts), "--format", form, cwd=scripts.parent, encoding="latin-1"
        )
        assert done.returncode == 1
        assert "S004" in done.stdout
        assert THAI not in done.stdout


def test_an_error_on_standard_error_is_escaped_too(scripts: Path) -> None:
    """An unknown Thai id is named on a latin-1 standard error as an escape, exit 1."""
    done = accordreg_(
        "show", "ก", "--registry", str(scripts), cwd=scripts.parent, encoding="latin-1"
    )
    assert done.returncode == 1
    assert "\\u0e01" in done.stderr


def test_a_usage_error_naming_thai_is_escaped(scripts: Path) -> None:
    """click's own usage error, echoing a Thai verb, ends with exit 2 and no crash."""
    done = accordreg_("ก", cwd=scripts.parent, encoding="latin-1")
    assert done.returncode == 2
    assert "\\u0e01" in done.stderr


# -- 7: live content -----------------------------------------------------------------------


def _live_markdown(text: str) -> list[str]:
    """The HTML a Markdown renderer finds in ``text``, and the targets of its links and
    images (but the comment's own marker, an HTML comment on the first line)."""
    from markdown_it import MarkdownIt

    from accordreg._render.diff import MARKER

    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "html_block" and token.content.strip() != MARKER:
            found.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content)
            elif child.type in ("link_open", "image"):
                found.append(str(child.attrs.get("href") or child.attrs.get("src")))
    return found


def _appended(tmp_path: Path) -> Path:
    """A git repository whose working tree appends an event with a hostile note."""
    pytest.importorskip("markdown_it")
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH")
    repo = tmp_path / "repo"
    copy_base(repo / "provisions")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True)
    release = repo / "provisions" / f"{RELEASE}.yaml"
    with release.open("a", encoding="utf-8") as file:
        file.write(
            "  - on: 2026-01-02\n    status: verified\n    sources:\n"
            f"      - chiang-rai-times-2025-12-31\n    note: {json.dumps(NOTE)}\n"
        )
    return repo


def test_a_diff_comment_renders_no_link_image_or_html_from_a_note(tmp_path: Path) -> None:
    """`diff --format markdown` writes an appended note as text: no link, image or tag."""
    repo = _appended(tmp_path)
    done = accordreg_("diff", "HEAD", "--format", "markdown", cwd=repo)
    assert done.returncode == 1  # changes
    assert "1 event appended" in done.stdout
    assert _live_markdown(done.stdout) == []
    assert THAI in done.stdout


def test_a_diff_for_programs_and_people_shows_invisible_characters(tmp_path: Path) -> None:
    """`diff` as JSON escapes the invisible characters (the note reads back whole) and as
    text names them."""
    repo = _appended(tmp_path)
    done = accordreg_("diff", "HEAD", "--format", "json", cwd=repo)
    assert done.returncode == 1
    assert not LIVE.search(done.stdout)
    assert json.loads(done.stdout)["appended"][0]["note"] == NOTE
    text = accordreg_("diff", "HEAD", cwd=repo)
    assert text.returncode == 1
    assert not LIVE.search(text.stdout)
    assert "<U+202E>" in text.stdout


@pytest.mark.parametrize(
    "arguments",
    [
        ["show", RELEASE, "--registry", "{r}", "--on", "2026-01-15"],
        ["history", RELEASE, "--registry", "{r}"],
        ["history", RELEASE, "--registry", "{r}", "--format", "json"],
        ["status", "--registry", "{r}", "--on", "2026-01-15"],
        ["status", "--registry", "{r}", "--on", "2026-01-15", "--format", "json"],
        ["changes", "--registry", "{r}", "--since", "2025-10-01", "--until", "2026-01-15"],
        [
            "changes",
            "--registry",
            "{r}",
            "--since",
            "2025-10-01",
            "--until",
            "2026-01-15",
            "--format",
            "json",
        ],
        ["cite", "--registry", "{r}"],
        ["cite", "--registry", "{r}", "--format", "bibtex"],
    ],
)
def test_terminal_output_carries_no_invisible_character(
    scripts: Path, arguments: list[str]
) -> None:
    """No bidi override or zero-width character reaches the terminal as it is; exit 0."""
    done = accordreg_(*(a.format(r=scripts) for a in arguments), cwd=scripts.parent)
    assert done.returncode == 0, done.stderr
    assert not LIVE.search(done.stdout + done.stderr)


def test_a_changes_digest_renders_no_link_image_or_html(scripts: Path) -> None:
    """`changes --format markdown` writes the note as text, as `diff` now does."""
    pytest.importorskip("markdown_it")
    done = accordreg_(
        "changes",
        "--registry",
        str(scripts),
        "--since",
        "2025-10-01",
        "--until",
        "2026-01-15",
        "--format",
        "markdown",
        cwd=scripts.parent,
    )
    assert done.returncode == 0
    sources = [yaml.safe_load(p.read_text()) for p in (scripts / "sources").iterdir()]
    # The sources' own addresses are links; nothing of the note is.
    assert set(_live_markdown(done.stdout)) <= {s["url"] for s in sources if "url" in s}


def test_a_dry_run_shows_an_invisible_note_escaped(scripts: Path) -> None:
    """`transition --dry-run` prints the record's diff with the override made visible."""
    done = accordreg_(
        "transition",
        RELEASE,
        "verified",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--note",
        f"checked {INVISIBLE}",
        "--dry-run",
        "--registry",
        str(scripts),
        cwd=scripts.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "<U+202E>" in done.stdout
    assert not LIVE.search(done.stdout)


def _files(root: Path) -> list[str]:
    """Every file and folder under ``root``, but the cache a read leaves."""
    paths = (p.relative_to(root) for p in root.rglob("*"))
    return sorted(str(p) for p in paths if ".accordreg-cache" not in p.parts)


@pytest.mark.parametrize(
    "schemas",
    ["sch\nnote: injected\n#", "sch\rkind: party", "sch\u2028x", "sch\x1b[2J", "s\u202eh"],
)
def test_new_refuses_a_schemas_path_that_would_break_its_comment_line(
    tmp_path: Path, schemas: str
) -> None:
    """A line break, control or invisible character in --schemas: exit 2, nothing written."""
    root = copy_base(tmp_path / "registry")
    before = _files(tmp_path)
    done = accordreg_(
        "new",
        "source",
        "evil-src",
        "--title",
        "T",
        "--reliability",
        "official",
        "--registry",
        str(root),
        "--schemas",
        schemas,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "--schemas" in done.stderr
    assert _files(tmp_path) == before


def test_new_writes_text_that_would_be_yaml_as_a_quoted_value(tmp_path: Path) -> None:
    """A title holding newlines and YAML stays one value; the registry stays valid."""
    root = copy_base(tmp_path / "registry")
    title = "a\nkind: party\n# x: y\n- z"
    done = accordreg_(
        "new",
        "source",
        "new-src",
        "--title",
        title,
        "--reliability",
        "official",
        "--registry",
        str(root),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load((root / "sources" / "new-src.yaml").read_text(encoding="utf-8"))
    assert data["kind"] == "source"
    assert data["title"] == title
    assert accordreg_("validate", str(root), cwd=tmp_path).returncode == 0


def test_new_refuses_a_value_the_registry_would_reject(tmp_path: Path) -> None:
    """A control character `validate` rejects is refused by `new`: exit 1, nothing written,
    the registry still readable."""
    root = copy_base(tmp_path / "registry")
    before = _files(tmp_path)
    done = accordreg_(
        "new",
        "source",
        "new-src",
        "--title",
        "T",
        "--reliability",
        "official",
        "--publisher",
        "x\x1b[2J",
        "--registry",
        str(root),
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "S010" in done.stderr
    assert not LIVE.search(done.stderr)
    assert _files(tmp_path) == before
    assert accordreg_("validate", str(root), cwd=tmp_path).returncode == 0


# -- 8: reports at the edges of their date range -------------------------------------------


def _registry(
    root: Path, agreements: int, provisions: int, days: list[str], words: str = "x"
) -> Path:
    """A registry of ``agreements`` x ``provisions`` provisions, each with an event a day,
    ``words`` in their titles."""
    base = copy_base(root)
    shutil.rmtree(base / "kl-declaration-2025")
    moves = ["agreed", "in_progress", "implemented", "verified"]
    for a in range(agreements):
        folder = base / f"ag{a}"
        folder.mkdir()
        agreement = {
            "kind": "agreement",
            "id": f"ag{a}",
            "title": f"Agreement {a} {words}",
            "date_signed": days[0],
            "sources": ["pax-2850"],
        }
        (folder / "agreement.yaml").write_text(
            yaml.safe_dump(agreement, allow_unicode=True), encoding="utf-8"
        )
        for p in range(provisions):
            history = [
                {"on": day, "status": moves[min(i, 3)], "sources": ["pax-2850"]}
                for i, day in enumerate(days)
            ]
            record = {
                "kind": "provision",
                "id": f"ag{a}/p{p}",
                "agreement": f"ag{a}",
                "title": f"Provision {p} {words}",
                "category": "ceasefire",
                "text": "t",
                "sources": ["pax-2850"],
                "history": history,
            }
            (folder / f"p{p}.yaml").write_text(
                yaml.safe_dump(record, allow_unicode=True), encoding="utf-8"
            )
    return base


#: (agreements, provisions each, event days, the report's date, title words): one event;
#: every event on one day; the date on the first and on the latest event; a range of a
#: day; a date before any event; a century's span; the same where the charts count (over
#: chart.LANE_LIMIT provisions, chart.LINE_LIMIT agreements); titles in scripts
#: matplotlib's own font lacks.
EDGES: dict[str, tuple[int, int, list[str], str, str]] = {
    "one event, on its day": (1, 1, ["2025-10-26"], "2025-10-26", "x"),
    "one event, a day later": (1, 1, ["2025-10-26"], "2025-10-27", "x"),
    "one event, long after": (1, 1, ["2025-10-26"], "2199-12-31", "x"),
    "one day of events": (1, 3, ["2025-10-26", "2025-10-26"], "2025-10-26", "x"),
    "on the first event": (1, 2, ["2025-10-26", "2025-12-31"], "2025-10-26", "x"),
    "on the latest event": (1, 2, ["2025-10-26", "2025-12-31"], "2025-12-31", "x"),
    "a range of a day": (1, 2, ["2025-10-26", "2025-10-27"], "2025-10-27", "x"),
    "before any event": (1, 2, ["2025-10-26", "2025-12-31"], "2025-10-25", "x"),
    "a century": (1, 2, ["1901-01-01", "1950-06-01"], "2026-01-01", "x"),
    "counted, on the first event": (13, 5, ["2025-10-26", "2025-10-27"], "2025-10-26", "x"),
    "counted, one day of events": (13, 5, ["2025-10-26"], "2025-10-26", "x"),
    "counted, before any event": (13, 5, ["2025-10-26"], "2025-10-25", "x"),
    "counted, a century": (13, 5, ["1901-01-01", "1950-06-01"], "2199-12-31", "x"),
    "Thai and Khmer titles": (1, 2, ["2025-10-26", "2025-12-31"], "2026-01-15", THAI + KHMER),
}


@pytest.mark.skipif(chart.missing() is not None, reason="charts need matplotlib")
@pytest.mark.parametrize("edge", sorted(EDGES))
def test_a_report_at_the_edge_of_its_dates_prints_no_warning(tmp_path: Path, edge: str) -> None:
    """An HTML report with charts at each edge of its dates: exit 0, only "wrote" printed."""
    agreements, provisions, days, on, words = EDGES[edge]
    root = _registry(tmp_path / "registry", agreements, provisions, days, words)
    out = tmp_path / "report.html"
    done = accordreg_(
        "report",
        "--registry",
        str(root),
        "--out",
        str(out),
        "--on",
        on,
        cwd=tmp_path,
        PYTHONWARNINGS="always",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").count("<svg") == 2
