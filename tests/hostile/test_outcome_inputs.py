"""Hostile outcome files (UCDP's agreements, the ETH/PRIO ceasefires): a sentence for each
problem, nothing written through a link, nothing a person changed written over.

Each case runs the command line in a child process with a timeout (a crash or a hang
fails the case, not the suite), and checks that nothing printed a traceback.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from test_inputs import _api, _cli
from test_outputs import _killed_at

from conftest import DATA

FIXTURES = DATA / "outcomes"
UCDP = FIXTURES / "ucdp.csv"


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def _ucdp(path: Path, cells: dict[str, str] | None = None, keep: int = 3) -> Path:
    """The UCDP fixture's first ``keep`` rows, with ``cells`` (column: value) set in the
    first."""
    rows = _rows(UCDP)
    header, body = rows[0], [list(r) for r in rows[1 : keep + 1]]
    for column, value in (cells or {}).items():
        body[0][header.index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *body])
    return path


def _import(tmp_path: Path, kind: str, source: Path) -> tuple[int, str, str]:
    return _cli("import", kind, str(source), "--registry", "reg", cwd=tmp_path)


_IMPORT_UCDP = """
import json, sys
from pathlib import Path
from accordreg._importers.ucdp import import_ucdp
result = import_ucdp(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps([[d.code, d.line, d.column] for d in result.problems]))
"""


def test_a_ucdp_cell_over_131072_characters_imports_nothing(tmp_path: Path) -> None:
    """The csv module's cell limit: U001 at the row, one sentence, no record written."""
    source = _ucdp(tmp_path / "big.csv", {"c_duration": "x" * 140_000})
    code, out, err = _import(tmp_path, "ucdp", source)
    assert code == 1
    assert "U001 the CSV cannot be read from here (field larger than field limit" in err
    assert "0 file(s) written" in out
    assert not list((tmp_path / "reg").rglob("*.yaml"))
    assert [p[:2] for p in _api(_IMPORT_UCDP, str(source), str(tmp_path / "api"))] == [["U001", 2]]


def test_a_ucdp_row_with_a_control_character_is_left_out(tmp_path: Path) -> None:
    """ESC and NUL in an explanation: U002 at the cell, that row left out, no such byte
    written; the other rows imported."""
    source = _ucdp(tmp_path / "ctl.csv", {"c_duration": "Ended\x1b[2J \x00 badly"})
    code, _, err = _import(tmp_path, "ucdp", source)
    assert code == 1
    assert "ctl.csv:2:21: U002 c_duration: holds the control character '\\x1b'" in err
    loaded = list((tmp_path / "reg").rglob("*.yaml"))
    assert sorted(p.parent.name for p in loaded if p.name == "agreement.yaml") == [
        "ucdp-9002",
        "ucdp-9003",
    ]
    for path in loaded:
        assert not set(path.read_bytes()) & {0, 0x1B}, path


def test_a_broken_ucdp_row_is_read_for_what_it_holds(tmp_path: Path) -> None:
    """A row cut short (its `ended` and after missing): read as blank cells, no end made
    up (only the missing version said), the registry valid."""
    source = tmp_path / "short.csv"
    rows = _rows(UCDP)
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([rows[0], rows[1][:18]])
    code, _, err = _import(tmp_path, "ucdp", source)
    assert code == 0
    assert [line.split(": ")[1][:4] for line in err.splitlines() if ": U" in line] == ["U003"]
    assert "version: the file declares no version" in err
    text = (tmp_path / "reg" / "ucdp-9001" / "agreement.yaml").read_text()
    assert "history" not in text
    assert _cli("validate", "reg", "--no-cache", cwd=tmp_path)[0] == 0


@pytest.mark.parametrize("folder", ["ucdp-9001", "sources"])
def test_an_outcome_import_never_writes_through_a_folder_link(tmp_path: Path, folder: str) -> None:
    """A record folder linking out of the registry: U004 for its file, nothing written (or
    made) through the link, the other records imported."""
    source = _ucdp(tmp_path / "a.csv")
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / folder).symlink_to("../outside")
    (tmp_path / "outside").mkdir()
    code, _, err = _import(tmp_path, "ucdp", source)
    assert code == 0
    assert f"U004 kept: its folder reg/{folder}: it is a symbolic link (to ../outside)" in err
    assert list((tmp_path / "outside").iterdir()) == []
    assert os.readlink(tmp_path / "reg" / folder) == "../outside"
    assert (tmp_path / "reg" / "ucdp-9002" / "agreement.yaml").is_file()


def test_a_ucdp_reimport_keeps_a_hand_edit(tmp_path: Path) -> None:
    """A record edited by hand is kept by the next import (U004), byte for byte."""
    source = _ucdp(tmp_path / "a.csv")
    assert _import(tmp_path, "ucdp", source)[0] == 0
    edited = tmp_path / "reg" / "ucdp-9001" / "agreement.yaml"
    text = edited.read_text()
    edited.write_text(text.replace("title: Lakeside", "title: The Lakeside", 1))
    mine = edited.read_bytes()
    later = _ucdp(tmp_path / "b.csv", {"c_duration": "UCDP's later wording."})
    code, out, err = _import(tmp_path, "ucdp", later)
    assert code == 0
    assert "reg/ucdp-9001/agreement.yaml:1:1: U004 kept: it was changed since an import" in err
    assert "1 kept" in out
    assert edited.read_bytes() == mine


def test_an_outcome_import_killed_as_it_writes_leaves_nothing_to_keep(tmp_path: Path) -> None:
    """Killed while writing its first file, a UCDP import leaves no part of it: the next
    one keeps nothing, and the registry validates."""
    source = _ucdp(tmp_path / "a.csv")
    _killed_at("import-creating", "import", "ucdp", str(source), "-r", "reg", cwd=tmp_path)
    assert not list((tmp_path / "reg").rglob("*.yaml"))
    code, out, err = _import(tmp_path, "ucdp", source)
    assert (code, "U004" in err, "0 kept" in out) == (0, False, True)
    assert not list((tmp_path / "reg").rglob("*.tmp"))
    assert _cli("validate", "reg", "--no-cache", cwd=tmp_path)[0] == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs, links and /dev")
@pytest.mark.parametrize("lay", ["link to /dev/zero", "FIFO"])
def test_an_outcome_file_that_is_no_file_is_one_error_line(tmp_path: Path, lay: str) -> None:
    """A path that is a device or a FIFO: one `error:` line, nothing written."""
    source = tmp_path / "in.csv"
    if lay == "FIFO":
        os.mkfifo(source)
    else:
        source.symlink_to("/dev/zero")
    code, _, err = _import(tmp_path, "ucdp", source)
    assert code == 1
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "reg").exists()


CEASEFIRES = FIXTURES / "ceasefires.csv"


def _ceasefires(path: Path, cells: dict[str, str] | None = None, keep: int = 4) -> Path:
    """The ceasefire fixture's first ``keep`` rows (cf 999-1, 999-2, 999-3), with
    ``cells`` set in the first, written as the dataset is (a byte-order mark, CRLF)."""
    rows = _rows(CEASEFIRES)
    header, body = rows[0], [list(r) for r in rows[1 : keep + 1]]
    for column, value in (cells or {}).items():
        body[0][header.index(column)] = value
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([header, *body])
    return path


def test_a_ceasefire_cell_over_131072_characters_imports_nothing(tmp_path: Path) -> None:
    """The csv module's cell limit: E001 at the row, no record written."""
    source = _ceasefires(tmp_path / "big.csv", {"cf_pp": "x" * 140_000})
    code, out, err = _import(tmp_path, "ceasefires", source)
    assert code == 1
    assert "E001 the CSV cannot be read from here (field larger than field limit" in err
    assert "0 file(s) written" in out
    assert not list((tmp_path / "reg").rglob("*.yaml"))


def test_a_ceasefire_row_with_a_control_character_is_left_out(tmp_path: Path) -> None:
    """ESC in an actor's name: E002 at the cell; the ceasefire's other row still makes it,
    and no such byte is written."""
    source = _ceasefires(tmp_path / "ctl.csv", {"actor_name": "Government\x1b[2J"})
    code, _, err = _import(tmp_path, "ceasefires", source)
    assert code == 1
    assert "ctl.csv:2:8: E002 actor_name: holds the control character '\\x1b'" in err
    made = (tmp_path / "reg" / "cf-999-1" / "ceasefire.yaml").read_text()
    assert "declared by Northern Front on 2001-03-10" in made
    for path in (tmp_path / "reg").rglob("*.yaml"):
        assert 0x1B not in path.read_bytes(), path


def test_a_broken_ceasefire_row_makes_up_nothing(tmp_path: Path) -> None:
    """A row cut short after its declaration: its end's cells are blank, E003 says so, and
    no end is made up."""
    source = tmp_path / "short.csv"
    rows = _rows(CEASEFIRES)
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([rows[0], rows[3][:20]])
    code, _, err = _import(tmp_path, "ceasefires", source)
    assert code == 0
    assert "E003 end_yr: blank; its end is left out" in err
    made = (tmp_path / "reg" / "cf-999-2" / "ceasefire.yaml").read_text()
    assert "status: ended" not in made
    assert _cli("validate", "reg", "--no-cache", cwd=tmp_path)[0] == 0


@pytest.mark.parametrize("folder", ["cf-999-2", "sources"])
def test_a_ceasefire_import_never_writes_through_a_folder_link(tmp_path: Path, folder: str) -> None:
    """A record folder linking out of the registry: E004, nothing written through it."""
    source = _ceasefires(tmp_path / "a.csv")
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / folder).symlink_to("../outside")
    (tmp_path / "outside").mkdir()
    code, _, err = _import(tmp_path, "ceasefires", source)
    assert code == 0
    assert f"E004 kept: its folder reg/{folder}: it is a symbolic link (to ../outside)" in err
    assert list((tmp_path / "outside").iterdir()) == []
    assert (tmp_path / "reg" / "cf-999-3" / "ceasefire.yaml").is_file()


def test_a_ceasefire_reimport_keeps_a_hand_edit(tmp_path: Path) -> None:
    """A provision edited by hand is kept by the next import (E004), byte for byte, while
    the others take the file's changes."""
    source = _ceasefires(tmp_path / "a.csv")
    assert _import(tmp_path, "ceasefires", source)[0] == 0
    edited = tmp_path / "reg" / "cf-999-3" / "ceasefire.yaml"
    edited.write_text(edited.read_text().replace("in 2005", "in spring 2005"))
    mine = edited.read_bytes()
    later = _ceasefires(tmp_path / "b.csv", {"cf_pp": "Talks began."})
    code, out, err = _import(tmp_path, "ceasefires", later)
    assert code == 0
    assert "reg/cf-999-3/ceasefire.yaml:1:1: E004 kept: it was changed since an import" in err
    assert "1 kept" in out
    assert edited.read_bytes() == mine
    assert "Talks began." in (tmp_path / "reg" / "cf-999-1" / "ceasefire.yaml").read_text()
