"""Hostile input, issue 25: nothing lost, nothing live, no crash, on the input side.

Each case is run through the command line in a child process with a timeout (so that a
crash of the interpreter or a hang fails the case instead of the suite) and, where the
library reads the same input, through the API in a child process too. Every case checks
that nothing printed a traceback, the exit status and the diagnostic code, and that the
files on disk are as they were (or, for an import, as it says it left them).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from test_hostile_input import SOURCE, TIMEOUT, X, _disk, _env, _found, _validate
from test_outputs import _killed_at

from accordreg._validation.cache import FILE, FOLDER, JOURNAL
from conftest import DATA, copy_base, needs_native, settle, snapshot

NATIVE = [False, pytest.param(True, marks=needs_native, id="native")]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A fresh copy of the example registry."""
    return copy_base(tmp_path / "registry")


def _cli(
    *args: str, cwd: Path, native: bool = False, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of `accordreg ARGS` in ``cwd``."""
    done = subprocess.run(
        [sys.executable, "-m", "accordreg", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**_env(native), **(env or {})},
        check=False,
        cwd=cwd,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    return done.returncode, done.stdout, done.stderr


def _without_notes(err: str) -> str:
    """Standard error without `note:` lines (such as a deprecated way of naming PATH)."""
    return "".join(line for line in err.splitlines(True) if not line.startswith("note: "))


def _api(script: str, *args: str, native: bool = False) -> Any:
    """What a Python script using the library prints (as JSON), run in a child process."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(native),
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr}"
    return json.loads(done.stdout)


_CHECK = """
import json, sys
import accordreg
print(json.dumps([[d.path, d.code, d.line, d.column] for d in accordreg.check(sys.argv[1])]))
"""


def _checked(root: Path, native: bool = False) -> list[tuple[str, str, int, int]]:
    """What accordreg.check() finds under ``root``, by path relative to it."""
    found = _api(_CHECK, str(root), native=native)
    return sorted((Path(p).relative_to(root).as_posix(), c, li, co) for p, c, li, co in found)


# -- 1. the process dies ------------------------------------------------------------------

#: 20,000 nested sequences in a 40 KB record: the native parser crashed on it (SIGSEGV).
DEEP = SOURCE + "note:\n" + "- " * 20_000 + "x\n"


@pytest.mark.parametrize("native", NATIVE)
def test_deep_nesting_is_refused_before_either_parser_reads_it(
    registry: Path, native: bool
) -> None:
    """20,000 nested `- ` give Y004 at the first level too deep, with either parser."""
    (registry / X).write_text(DEEP)
    before = _disk(registry)
    code, report, _ = _validate(registry, "--no-cache", native=native)
    assert (code, _found(registry, report)) == (1, [(X, "Y004", 6, 401)])
    assert _checked(registry, native) == [(X, "Y004", 6, 401)]
    assert _disk(registry) == before


#: Plain words the native parser once read as numbers (or, `[:3]`, as a list) where YAML
#: 1.2's core schema reads text (or finds a syntax error): binary, underscores, signs on
#: another base, infinity in another case.
ODD_NUMBERS = ["0b10010", "_18", "18_", "_.7", "+0x10", "-0o7", "[:3]", ".iNf", "1_000"]


@needs_native
def test_numbers_outside_the_core_schema_read_alike_whichever_parser_fills_the_cache(
    registry: Path,
) -> None:
    """`title: 0b10010` and the like: one report from either parser, cold or from a cache
    the other one filled."""
    for n, word in enumerate(ODD_NUMBERS):
        text = SOURCE.replace("id: x", f"id: n{n}").replace("A source", word)
        (registry / f"sources/n{n}.yaml").write_text(text)
    expected = [("sources/n6.yaml", "Y001", 3, 9)]  # `[:3]`; the others are titles
    for native in (False, True):
        code, report, _ = _validate(registry, "--no-cache", native=native)
        assert (code, _found(registry, report)) == (1, expected)
    for first in (True, False):
        shutil.rmtree(registry / FOLDER, ignore_errors=True)
        assert _found(registry, _validate(registry, native=first)[1]) == expected
        assert _found(registry, _validate(registry, native=not first)[1]) == expected


# -- 6. a settings file that is not a file is reported, never passed over ----------------

SETTINGS = "accordreg.yaml"
NOT_A_FILE = {
    "dangling link": lambda root: (root / SETTINGS).symlink_to("nowhere.yaml"),
    "looping link": lambda root: (root / SETTINGS).symlink_to(SETTINGS),
    "folder": lambda root: (root / SETTINGS).mkdir(),
    "link to /dev/zero": lambda root: (root / SETTINGS).symlink_to("/dev/zero"),
    "FIFO": lambda root: os.mkfifo(root / SETTINGS),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs, links and /dev")
@pytest.mark.parametrize("lay", NOT_A_FILE.values(), ids=list(NOT_A_FILE))
def test_a_settings_file_that_is_no_file_is_f004(registry: Path, lay: Any) -> None:
    """accordreg.yaml as a dangling link, a folder or a device is F004, cold and warm."""
    lay(registry)
    before = _disk(registry)
    for _ in ("cold", "warm"):
        code, report, _ = _validate(registry)
        assert (code, _found(registry, report)) == (1, [(SETTINGS, "F004", 1, 1)])
    assert _checked(registry) == [(SETTINGS, "F004", 1, 1)]
    code, _, err = _cli("status", str(registry), cwd=registry.parent)
    assert code == 1
    assert "F004" in err
    assert _disk(registry) == before


# -- 4. a malformed CITATION.cff is one sentence, from every command that reads it -------

CFF = "CITATION.cff"
MALFORMED_CFF = {
    "unclosed list": b"title: [unclosed\n",
    "a list": b"- a\n",
    "authors a number": b"title: x\nauthors: 5\n",
    "title a mapping": b"title: {a: 1}\n",
    "not UTF-8": b"title: \xff\n",
}


@pytest.mark.parametrize("raw", MALFORMED_CFF.values(), ids=list(MALFORMED_CFF))
def test_a_malformed_citation_file_is_one_error_line(registry: Path, raw: bytes) -> None:
    """`cite` exits 1 with one `error:` line naming the file; credits() raises ValueError."""
    (registry / CFF).write_bytes(raw)
    before = _disk(registry)
    code, out, err = _cli("cite", str(registry), cwd=registry.parent)
    err = _without_notes(err)
    assert (code, out) == (1, "")
    assert err.startswith("error: ")
    assert CFF in err
    assert len(err.splitlines()) == 1
    assert _api(_CREDITS, str(registry)) == ["CitationError", True, True]
    assert _disk(registry) == before


_CREDITS = """
import json, sys
import accordreg
from accordreg._errors import AccordregError
from accordreg._registry.citation import credits
try:
    credits(accordreg.load(sys.argv[1]))
    print(json.dumps(None))
except Exception as exc:
    print(json.dumps([type(exc).__name__, isinstance(exc, ValueError),
                      isinstance(exc, AccordregError)]))
"""

CFF_COMMANDS = {
    "site": ("site", "--no-charts", "--out"),
    "export": ("export", "--format", "datapackage", "--out"),
    "export sqlite": ("export", "--format", "sqlite", "--out"),
}


@pytest.mark.parametrize("command", CFF_COMMANDS.values(), ids=list(CFF_COMMANDS))
@pytest.mark.parametrize("lay", ["malformed", "link to /dev/zero"])
def test_site_and_export_refuse_a_bad_citation_file_in_a_sentence(
    registry: Path, command: tuple[str, ...], lay: str
) -> None:
    """site and export exit 1 with an `error:` line, never a traceback; the registry as it was."""
    if lay == "malformed":
        (registry / CFF).write_bytes(b"title: x\nauthors: 5\n")
    else:
        (registry / CFF).symlink_to("/dev/zero")
    before = _disk(registry)
    out = registry.parent / "out"
    code, _, err = _cli(*command, str(out), str(registry), cwd=registry.parent)
    assert code == 1
    assert err.splitlines()[-1].startswith("error: ")
    assert CFF in err
    if "sqlite" not in command:  # the database is written before its metadata reads it
        assert not out.is_file()
        assert not any(out.rglob("*") if out.is_dir() else ())
    assert _disk(registry) == before


# -- 3. diff reads nothing without limit ---------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the example registry in `reg/`, committed."""
    root = tmp_path / "repo"
    copy_base(root / "reg")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    return root


_DIFF = """
import json, sys
import accordreg
result = accordreg.diff(sys.argv[1], sys.argv[2] or None, path=sys.argv[3])
print(json.dumps([result.exit_code(), list(result.problems)]))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs, links and /dev")
def test_diff_head_never_reads_a_device_or_a_fifo_in_the_working_tree(repo: Path) -> None:
    """A record linked to /dev/zero and a FIFO are each one problem; the rest is compared."""
    reg = repo / "reg"
    (reg / "sources" / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(reg / "sources" / "fifo.yaml")
    before = _disk(reg)
    code, out, _ = _cli("diff", "HEAD", "reg", cwd=repo)
    assert code == 1
    assert "reg/sources/zero.yaml: not a regular file: it is a character device" in out
    assert "reg/sources/fifo.yaml: not a regular file: it is a named pipe (FIFO)" in out
    exit_code, problems = _api(_DIFF, "HEAD", "", str(reg))
    assert exit_code == 1
    assert len(problems) == 2
    assert _disk(reg) == before


def test_diff_of_two_revisions_never_reads_a_blob_over_5_mb(repo: Path) -> None:
    """A committed record over 5 MB is one problem, its blob never read."""
    big = repo / "reg" / "sources" / "big.yaml"
    big.write_text(SOURCE.replace("id: x", "id: big") + "note: " + "x" * 6_000_000 + "\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "big")
    before = _disk(repo / "reg")
    code, out, _ = _cli("diff", "HEAD~1", "HEAD", "reg", cwd=repo)
    assert code == 1
    assert "reg/sources/big.yaml: the file is 5.7 MB, over the 5 MB limit" in out
    exit_code, problems = _api(_DIFF, "HEAD~1", "HEAD", str(repo / "reg"))
    assert exit_code == 1
    assert [p.split(": ", 1)[1] for p in problems] == [
        f"{repo / 'reg'}/sources/big.yaml: the file is 5.7 MB, over the 5 MB limit of a "
        "record file; not compared"
    ]
    assert _disk(repo / "reg") == before


# -- 3. thousands of files sharing one id: output and memory grow with N, not N² ----------

SHARED = 5_000


def test_thousands_of_files_sharing_one_id_report_in_linear_size(registry: Path) -> None:
    """5,000 records with one id: one R001 each, naming 3 others and counting the rest."""
    folder = registry / "dups"
    folder.mkdir()
    for i in range(SHARED):
        (folder / f"s{i:04}.yaml").write_text(SOURCE.replace("id: x", "id: same"))
    before = _disk(registry)
    code, out, _ = _cli("validate", str(registry), "--no-cache", cwd=registry.parent)
    assert code == 1
    r001 = [line for line in out.splitlines() if " R001 " in line]
    assert len(r001) == SHARED
    assert r001[0].endswith(f"; and {SHARED - 4:,} other file(s)")
    assert max(map(len, r001)) < 1_000  # four places named: not 5,000 of them
    found = _checked(registry)
    assert sum(code == "R001" for _, code, _, _ in found) == SHARED
    assert _disk(registry) == before


# -- 3 and 4. a date no view covers is a usage error --------------------------------------

FAR_DATES = ["0001-01-01", "1899-12-31", "2200-01-01", "9000-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", FAR_DATES)
@pytest.mark.parametrize(
    "command",
    [("site", "--no-charts", "--out", "out"), ("status",), ("export", "--out", "out.csv")],
    ids=["site", "status", "export"],
)
def test_a_date_outside_1900_to_2199_is_a_usage_error(
    registry: Path, day: str, command: tuple[str, ...]
) -> None:
    """`--on` far outside any process exits 2 in one line, before anything is drawn."""
    before = _disk(registry)
    code, out, err = _cli(*command, str(registry), "--on", day, cwd=registry.parent)
    assert (code, out) == (2, "")
    assert f"--on {day} is outside the dates views and reports cover" in err
    assert not (registry.parent / "out").exists()
    assert _disk(registry) == before


_ON = """
import json, sys
import accordreg
registry = accordreg.load(sys.argv[1])
try:
    registry.snapshot("kl-declaration-2025/release", on=sys.argv[2])
    print(json.dumps(None))
except ValueError as exc:
    print(json.dumps(str(exc)))
"""


@pytest.mark.parametrize("day", FAR_DATES)
def test_the_library_refuses_the_same_dates(registry: Path, day: str) -> None:
    """Registry methods taking `on=` raise ValueError for the same days."""
    assert _api(_ON, str(registry), day) == (
        f"on {day} is outside the dates views and reports cover, 1900-01-01 to 2199-12-31"
    )


@pytest.mark.parametrize("day", ["1900-01-01", "2199-12-31"])
def test_the_first_and_last_days_are_read(registry: Path, day: str) -> None:
    """The range's own ends are dates like any other."""
    code, _, _ = _cli("status", str(registry), "--on", day, cwd=registry.parent)
    assert code == 0
    assert _api(_ON, str(registry), day) is None


# -- 4. an id too long to name a file -------------------------------------------------------


@pytest.mark.parametrize("length", [100, 101, 300])
def test_an_id_over_100_characters_is_s008(registry: Path, length: int) -> None:
    """A 300-character id is S008 at the id, and `site` refuses the registry in a sentence."""
    long_id = "a" * length
    (registry / X).write_text(SOURCE.replace("id: x", f"id: {long_id}"))
    before = _disk(registry)
    code, report, _ = _validate(registry, "--no-cache")
    errors = [f for f in _found(registry, report) if f[1] != "R005"]  # its file's name
    assert (code, errors) == ((0, []) if length <= 100 else (1, [(X, "S008", 2, 5)]))
    assert [f for f in _checked(registry) if f[1] != "R005"] == errors
    code, _, err = _cli("site", str(registry), "--no-charts", "--out", "out", cwd=registry.parent)
    assert code == (0 if length <= 100 else 1)
    if length > 100:
        assert "S008" in err
        assert not (registry.parent / "out").exists()
    assert _disk(registry) == before


def test_new_refuses_an_id_over_100_characters(registry: Path) -> None:
    """`accordreg new source` with a 300-character id exits 1 in a sentence, writing nothing
    (`new` checks the file it would write as `validate` does)."""
    before = _disk(registry)
    code, _, err = _cli(
        "new",
        "source",
        "a" * 300,
        "--title",
        "T",
        "--reliability",
        "press",
        "--registry",
        str(registry),
        cwd=registry.parent,
    )
    assert code == 1
    assert err.startswith("error:")
    assert _disk(registry) == before


@pytest.mark.parametrize(
    "value",
    ["18\nfoo: bar", "18\r\nfoo: bar", "18\rfoo: bar", "18\u2028foo: bar", "x\x1b[2J"],
    ids=["LF", "CRLF", "CR", "LS", "ESC"],
)
def test_a_term_value_with_a_line_break_or_control_character_is_a_usage_error(
    registry: Path, value: str
) -> None:
    """`--term $'count=18\\nfoo: bar'` exits 2 naming --term, and writes nothing."""
    before = _disk(registry)
    code, _, err = _cli(
        "transition",
        "kl-declaration-2025/withdrawal",
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--term",
        f"count={value}",
        "--registry",
        str(registry),
        cwd=registry.parent,
    )
    assert code == 2
    assert "--term" in err
    assert "line break or control character" in err
    assert _disk(registry) == before


# -- 4 and 6. hostile PA-X CSVs: a sentence for each, nothing merged or written over -----

PAX_FIXTURE = DATA / "pax" / "agreements.csv"


def _pax_csv(
    path: Path,
    agt_ids: list[str],
    cells: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> Path:
    """A PA-X CSV of copies of the fixture's pax-2850 row, one per AgtId given, with
    ``cells`` replaced in each and ``extra`` columns (name: value) added at the end."""
    with PAX_FIXTURE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, base = rows[0], rows[2]
    cells, extra = cells or {}, extra or {}
    out = []
    for agt in agt_ids:
        row = list(base)
        row[header.index("AgtId")] = agt
        for column, value in cells.items():
            row[header.index(column)] = value
        out.append(row + list(extra.values()))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header + list(extra))
        writer.writerows(out)
    return path


def _import(tmp_path: Path, csv_path: Path, *options: str) -> tuple[int, str, str]:
    return _cli("import", "pax", str(csv_path), "--out", "reg", *options, cwd=tmp_path)


_IMPORT = """
import json, sys
from pathlib import Path
from accordreg._importers.pax import import_csv
result = import_csv(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps([result.agreements, [[d.code, d.line, d.column] for d in result.problems
                                      if d.severity.value == "error"]]))
"""


def test_pax_ids_that_read_as_one_number_are_not_merged(tmp_path: Path) -> None:
    """AgtIds 12, 012 and ١٢: one agreement imported, the other two rows P002, summary 1."""
    source = _pax_csv(tmp_path / "ids.csv", ["12", "012", "١٢"])
    code, out, err = _import(tmp_path, source)
    assert code == 1
    assert "1 agreement(s)" in out
    assert "'012' is agreement 12 again (first at line 2)" in err
    assert "'١٢' is not an agreement number" in err
    assert sorted(p.name for p in (tmp_path / "reg").glob("pax-*")) == ["pax-12"]
    agreements, errors = _api(_IMPORT, str(source), str(tmp_path / "api"))
    assert agreements == 1
    assert [e[0] for e in errors] == ["P002", "P002"]


@pytest.mark.parametrize(
    ("agt", "cells", "code", "message"),
    [
        ("²", {}, 1, "'²' is not an agreement number"),
        ("9" * 5_000, {}, 1, "is not an agreement number"),
        ("12", {"Lgt": "9" * 5_000}, 0, "is not a whole number of at most 15 digits"),
        ("12", {"Lgt": "³"}, 0, "'³' is not a whole number"),
    ],
    ids=["superscript id", "5,000-digit id", "5,000-digit count", "superscript count"],
)
def test_pax_numbers_python_cannot_read_are_a_sentence(
    tmp_path: Path, agt: str, cells: dict[str, str], code: int, message: str
) -> None:
    """Superscript digits and 5,000-digit numbers: P002 (an id) or P005 (a count)."""
    source = _pax_csv(tmp_path / "n.csv", [agt], cells)
    status, _, err = _import(tmp_path, source)
    assert status == code
    assert message in err
    _api(_IMPORT, str(source), str(tmp_path / "api"))  # no traceback


def test_a_pax_cell_over_131072_characters_imports_nothing(tmp_path: Path) -> None:
    """The csv module's cell limit is P002 at the row, and no record is written."""
    source = _pax_csv(tmp_path / "big.csv", ["12"], {"Part": "x" * 140_000})
    code, out, err = _import(tmp_path, source)
    assert code == 1
    assert "field larger than field limit (131072)" in err
    assert "0 file(s) written" in out
    assert not list((tmp_path / "reg").rglob("*.yaml"))
    _, errors = _api(_IMPORT, str(source), str(tmp_path / "api"))
    assert [e[:2] for e in errors] == [["P002", 2]]


def test_a_pax_column_differing_in_case_does_not_overwrite_a_provision(tmp_path: Path) -> None:
    """A column `CE` beside PA-X's `Ce` is P003 and ignored: the Ce provision is Ce's."""
    source = _pax_csv(tmp_path / "case.csv", ["12"], {"Ce": "1"}, {"CE": "3"})
    code, _, err = _import(tmp_path, source)
    assert code == 0
    assert "'CE' would write its provisions over those of column 'Ce'; ignored" in err
    assert "pax_strength:\n  Ce: 1\n" in (tmp_path / "reg" / "pax-12" / "ce.yaml").read_text()


def test_pax_cells_with_nul_or_esc_are_refused(tmp_path: Path) -> None:
    """NUL and ESC in a cell: P002 at the cell, the row not imported, no such byte written."""
    source = _pax_csv(tmp_path / "ctl.csv", ["12", "13"], {"Agt": "Bad\x00title\x1b[2J"})
    source.write_text(source.read_text().replace("Bad\x00title", "Bad title", 1))
    code, _, err = _import(tmp_path, source)
    assert code == 1
    assert "Agt: holds the control character '\\x1b'" in err
    assert "Agt: holds the control character '\\x00'" in err
    assert not (tmp_path / "reg" / "pax-12").exists()
    assert not (tmp_path / "reg" / "pax-13").exists()
    for path in (tmp_path / "reg").rglob("*"):
        if path.is_file():
            assert not set(path.read_bytes()) & {0, 0x1B}, path


def test_a_reimport_keeps_hand_edits_unless_forced(tmp_path: Path) -> None:
    """A file changed by hand is kept (P004) by a re-import, and replaced with --force."""
    source = _pax_csv(tmp_path / "a.csv", ["12", "13"])
    assert _import(tmp_path, source)[0] == 0
    edited = tmp_path / "reg" / "pax-12" / "agreement.yaml"
    edited.write_text(edited.read_text().replace("title: ", "title: Mine, ", 1))
    mine = edited.read_bytes()
    renamed = _pax_csv(tmp_path / "b.csv", ["12", "13"], {"Agt": "A title PA-X gave it later"})
    code, out, err = _import(tmp_path, renamed)
    assert code == 0
    assert "reg/pax-12/agreement.yaml:1:1: P004 kept: it was changed since an import" in err
    assert "1 kept" in out
    assert edited.read_bytes() == mine
    assert "A title PA-X gave it later" in (tmp_path / "reg/pax-13/agreement.yaml").read_text()
    code, out, _ = _import(tmp_path, renamed, "--force")
    assert (code, "0 kept" in out) == (0, True)
    assert "A title PA-X gave it later" in edited.read_text()


@pytest.mark.parametrize("folder", ["pax-12", "sources"])
@pytest.mark.parametrize("outside", ["folder", "nothing"])
def test_an_import_never_writes_through_a_folder_link(
    tmp_path: Path, folder: str, outside: str
) -> None:
    """A record folder that links out of the registry: P004 for its files, nothing written
    (or made) through the link, and the other records imported."""
    source = _pax_csv(tmp_path / "a.csv", ["12", "13"])
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / folder).symlink_to("../outside")
    if outside == "folder":
        (tmp_path / "outside").mkdir()
    code, out, err = _import(tmp_path, source)
    assert code == 0
    assert f"P004 kept: its folder reg/{folder}: it is a symbolic link (to ../outside)" in err
    assert "0 kept" not in out
    assert os.readlink(tmp_path / "reg" / folder) == "../outside"
    if outside == "folder":
        assert list((tmp_path / "outside").iterdir()) == []
    else:
        assert not os.path.lexists(tmp_path / "outside")
    assert (tmp_path / "reg" / "pax-13" / "agreement.yaml").is_file()


def test_an_import_killed_as_it_writes_a_file_leaves_nothing_to_keep(tmp_path: Path) -> None:
    """Killed (SIGKILL) while writing its first file, an import leaves no part of it: the
    next one writes every file, keeps none, and the registry validates."""
    source = _pax_csv(tmp_path / "a.csv", ["918"])
    _killed_at("import-creating", "import", "pax", str(source), "--out", "reg", cwd=tmp_path)
    assert not list((tmp_path / "reg").rglob("*.yaml"))  # no record, not even an empty one
    assert len(list((tmp_path / "reg").rglob("*.accordreg.tmp"))) == 1  # but its temporary
    code, out, err = _import(tmp_path, source)
    assert (code, "P004" in err) == (0, False)
    assert "0 kept" in out
    assert not list((tmp_path / "reg").rglob("*.tmp"))
    code, _, err = _cli("validate", "reg", "--no-cache", cwd=tmp_path)
    assert (code, "F002" in err) == (0, False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs, links and /dev")
@pytest.mark.parametrize("lay", ["link to /dev/zero", "FIFO", "folder"])
def test_a_pax_csv_that_is_no_file_is_one_error_line(tmp_path: Path, lay: str) -> None:
    """A CSV path that is a device, a FIFO or a folder: one `error:` line, nothing written."""
    source = tmp_path / "in.csv"
    if lay == "FIFO":
        os.mkfifo(source)
    elif lay == "folder":
        source.mkdir()
    else:
        source.symlink_to("/dev/zero")
    code, _, err = _import(tmp_path, source)
    assert code in (1, 2)  # a folder is refused by the option's own check
    assert "error" in err.lower()
    assert not (tmp_path / "reg").exists()


# -- 6. a forged cache entry never makes an invalid record pass ---------------------------

INVALID = SOURCE + "bogus_key: 1\n"  # S001 at 5:1


def _entry_for(root: Path, rel: str) -> list[Any]:
    """A cache entry saying that ``rel``, as it is on disk, was checked and is sound."""
    path = root / rel
    st = path.stat()
    file_digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    return [st.st_mtime_ns, st.st_size, file_digest, ["source", "x", {}, []], []]


def _forge_journal(root: Path, key: str, checksum: Any) -> None:
    payload = json.dumps([key, X, _entry_for(root, X)], separators=(",", ":"))
    with (root / FOLDER / JOURNAL).open("a") as handle:
        handle.write(f"{checksum(payload.encode())}\t{payload}\n")


def _forge_snapshot(root: Path, key: str, checksum: Any) -> None:
    files = snapshot(root / FOLDER / FILE)["files"]
    files[X] = _entry_for(root, X)
    body = json.dumps(files, separators=(",", ":"))
    header = json.dumps({"key": key, "sum": checksum(body.encode()), "records": None})
    (root / FOLDER / FILE).write_text(f"{header}\n{body}")
    (root / FOLDER / JOURNAL).unlink(missing_ok=True)


def _other_key(data: bytes) -> int:
    digest = hashlib.blake2b(data, key=b"k" * 32, digest_size=8).digest()
    return int.from_bytes(digest, "big")


FORGERIES = {
    "journal line, CRC-32": (_forge_journal, zlib.crc32),
    "journal line, another key": (_forge_journal, _other_key),
    "snapshot, CRC-32": (_forge_snapshot, zlib.crc32),
    "snapshot, another key": (_forge_snapshot, _other_key),
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=list(FORGERIES))
def test_a_forged_cache_entry_never_makes_an_invalid_record_pass(
    registry: Path, forgery: Any
) -> None:
    """An entry forged with a checksum anyone can compute is refused with one warning."""
    forge, checksum = forgery
    (registry / X).write_text(INVALID)
    settle(registry)
    code, report, _ = _validate(registry)
    assert (code, _found(registry, report)) == (1, [(X, "S001", 5, 1)])
    forge(registry, snapshot(registry / FOLDER / FILE)["key"], checksum)
    code, report, err = _validate(registry)
    assert (code, _found(registry, report)) == (1, [(X, "S001", 5, 1)])
    assert "cache" in err
    assert len(err.splitlines()) == 1
    assert _checked(registry) == [(X, "S001", 5, 1)]


def test_without_a_place_for_the_key_the_cache_is_never_trusted(
    registry: Path, tmp_path: Path
) -> None:
    """With no writable cache folder for the key, every run checks afresh, in silence."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    env = {"XDG_CACHE_HOME": str(blocked), "HOME": str(blocked)}
    (registry / X).write_text(INVALID)
    settle(registry)
    for _ in ("cold", "warm"):
        code, out, err = _cli("validate", str(registry), cwd=registry.parent, env=env)
        assert (code, err) == (1, "")
        assert "S001" in out
    forge, checksum = FORGERIES["journal line, CRC-32"]
    forge(registry, snapshot(registry / FOLDER / FILE)["key"], checksum)
    code, out, err = _cli("validate", str(registry), cwd=registry.parent, env=env)
    assert (code, err) == (1, "")
    assert "S001" in out


@pytest.mark.parametrize("name", [FILE, JOURNAL])
def test_a_cache_file_over_256_mb_is_never_read(registry: Path, name: str) -> None:
    """A snapshot or journal grown past 256 MB is damage: one warning, a fresh check."""
    (registry / X).write_text(INVALID)
    settle(registry)
    assert _validate(registry)[0] == 1
    with (registry / FOLDER / name).open("ab") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: nothing is written but the size
    code, report, err = _validate(registry)
    assert (code, _found(registry, report)) == (1, [(X, "S001", 5, 1)])
    assert "over the 256 MB limit" in err
    assert len(err.splitlines()) == 1
