"""Finding and reading record files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg._diagnostics import Severity
from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._store.discovery import discover
from accordreg._store.read import (
    MAX_BYTES,
    NotARecordFile,
    normal_path,
    parse_bytes,
    read_bytes,
)
from accordreg._validation.in_process import check_files
from conftest import deadline


def test_discover_finds_records_recursively_sorted_and_once(tmp_path: Path) -> None:
    """Record files come back sorted, each once, even when named through two roots."""
    for name in ("b/z.yaml", "a/y.yml", "a/deep/x.yaml", "a/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: source\n")
    files, problems = discover([tmp_path, tmp_path / "a"])
    assert problems == []
    assert files == [str(tmp_path / n) for n in ("a/deep/x.yaml", "a/y.yml", "b/z.yaml")]


def test_discover_skips_hidden_entries_and_enters_folders_named_like_files(
    tmp_path: Path,
) -> None:
    """Hidden files and folders are skipped; a folder called `x.yaml` is searched."""
    for name in (".git/a.yaml", ".hidden.yaml", "odd.yaml/inner.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: source\n")
    files, _ = discover([tmp_path])
    assert files == [str(tmp_path / "odd.yaml" / "inner.yaml")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_discover_does_not_follow_linked_folders(tmp_path: Path) -> None:
    """A symbolic link to a folder is not entered, so a link loop cannot trap the walk."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.yaml").write_text("kind: source\n")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    files, _ = discover([tmp_path])
    assert files == [str(tmp_path / "real" / "a.yaml")]


def test_discover_reports_a_missing_root(tmp_path: Path) -> None:
    """A path that does not exist is an F004 diagnostic, not an exception."""
    files, problems = discover([tmp_path / "nope"])
    assert files == []
    assert [p.code for p in problems] == ["F004"]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 70_000])
def test_read_bytes_reads_whole_files(tmp_path: Path, size: int) -> None:
    """Files of any size, empty included, are read whole."""
    path = tmp_path / "f.yaml"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(data)
    assert read_bytes(str(path)) == data


# -- a broken link hides nothing else ------------------------------------------------------


def _break(folder: Path, stem: str, how: str) -> list[str]:
    """Lay a broken link named ``stem``.yaml in ``folder``; the names of the links made."""
    name = f"{stem}.yaml"
    link = folder / name
    if how == "self":
        link.symlink_to(name)
    elif how == "pair":  # two links that lead to each other
        other = f"{stem}-partner.yaml"
        link.symlink_to(other)
        (folder / other).symlink_to(name)
        return [name, other]
    elif how == "dangling":
        link.symlink_to("no-such-target.yaml")
    else:  # through a folder link that leads back to itself
        (folder / f"{stem}-sub").symlink_to(f"{stem}-sub", target_is_directory=True)
        link.symlink_to(Path(f"{stem}-sub") / "x.yaml")
    return [name]


_names = st.lists(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=6, unique=True
)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@given(
    good=_names,
    bad=_names,
    how=st.sampled_from(["self", "pair", "dangling", "folder"]),
)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_broken_link_hides_no_other_file(good: list[str], bad: list[str], how: str) -> None:
    """Every file beside looping or dangling links is found; each link is reported itself."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in good:
            (folder / f"{name}.yaml").write_text("kind: source\n")
        links = [made for stem in bad for made in _break(folder, f"z-{stem}", how)]
        with deadline():
            files, problems = discover([folder])
            checked = check_files(files, DEFAULT_SETTINGS)
        assert problems == []
        assert files == sorted(str(folder / n) for n in [*(f"{g}.yaml" for g in good), *links])
        for result in checked:
            if Path(result.path).name in links:
                (problem,) = result.diagnostics
                assert (problem.code, problem.line, problem.column) == ("F004", 1, 1)
                assert problem.hint
            else:
                assert "F004" not in [d.code for d in result.diagnostics]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_looping_link_named_on_the_command_line_is_read_and_reported(tmp_path: Path) -> None:
    """A looping link given as a path is an F004 for that file, not 'no such file'."""
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    files, problems = discover([tmp_path / "loop.yaml"])
    assert (files, problems) == ([str(tmp_path / "loop.yaml")], [])
    (result,) = check_files(files, DEFAULT_SETTINGS)
    assert [d.code for d in result.diagnostics] == ["F004"]


# -- only regular files are read, and not over the size limit ---------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "a.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "too large":
        with path.open("wb") as f:
            f.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    elif kind == "folder link":
        (tmp_path / "d").mkdir()
        path.symlink_to(tmp_path / "d")
    else:
        path.symlink_to(kind)
    return path


SPECIAL = ["fifo", "/dev/zero", "/dev/urandom", "/dev/null", "too large"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev")
@pytest.mark.parametrize("kind", SPECIAL)
def test_special_and_huge_files_are_refused_unread(tmp_path: Path, kind: str) -> None:
    """A FIFO, a device or a file over the limit is an F004 at 1:1, returned at once."""
    path = _special(tmp_path, kind)
    with deadline():
        with pytest.raises(NotARecordFile):
            read_bytes(str(path))
        (result,) = check_files([str(path)], DEFAULT_SETTINGS)
    (problem,) = result.diagnostics
    assert (problem.code, problem.line, problem.column) == ("F004", 1, 1)
    assert problem.hint


@given(size=st.integers(0, 3000), limit=st.integers(0, 3000))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_size_limit_is_exact(size: int, limit: int) -> None:
    """A file is read whole up to the limit, and refused one byte over it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.yaml"
        path.write_bytes(b"x" * size)
        if size <= limit:
            assert read_bytes(str(path), limit) == b"x" * size
        else:
            with pytest.raises(NotARecordFile):
                read_bytes(str(path), limit)


# -- wide encodings and near-miss names ---------------------------------------------------

_WIDE = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@given(
    text=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=2),
    encoding=st.sampled_from(_WIDE),
)
def test_utf16_and_utf32_files_are_named_as_such(text: str, encoding: str) -> None:
    """A UTF-16 or UTF-32 file, with or without a byte-order mark, is F001 naming it at 1:1."""
    doc = parse_bytes(f"kind: source\n{text}\n".encode(encoding), Path("t.yaml"))
    (problem,) = doc.diagnostics
    assert (problem.code, problem.line, problem.column) == ("F001", 1, 1)
    assert encoding[:6].upper() in problem.message
    assert "UTF-8" in (problem.hint or "")


@given(st.text(st.characters(codec="utf-8", blacklist_characters="\x00")))
def test_utf8_text_is_never_taken_for_a_wide_encoding(text: str) -> None:
    """Whatever UTF-8 text holds (no NUL), it is never reported as UTF-16 or UTF-32."""
    doc = parse_bytes(text.encode(), Path("t.yaml"))
    assert not any("UTF-16" in d.message or "UTF-32" in d.message for d in doc.diagnostics)


@pytest.mark.parametrize(
    ("name", "warned"),
    [
        ("x.YAML", True),
        ("x.Yml", True),
        ("x.yaml~", True),
        ("x.yaml.bak", True),
        ("x.yml.orig", True),
        ("x.YAML.bak", True),
        ("x.yaml.swp", True),
        ("x.yaml", False),
        ("x.yml", False),
        ("notes.txt", False),
        ("x.json", False),
        ("README", False),
        ("yaml", False),
        (".x.yaml.bak", False),
    ],
)
def test_near_miss_names_get_a_skipped_warning(tmp_path: Path, name: str, warned: bool) -> None:
    """A file named almost like a record gets F005 (a warning) at its 1:1; others nothing."""
    (tmp_path / name).write_text("kind: source\n")
    files, problems = discover([tmp_path])
    if warned:
        assert files == []
        (problem,) = problems
        assert (problem.path, problem.line, problem.column) == (str(tmp_path / name), 1, 1)
        assert (problem.code, problem.severity) == ("F005", Severity.WARNING)
    else:
        assert problems == []


def test_a_folder_named_like_a_near_miss_is_entered_without_a_warning(tmp_path: Path) -> None:
    """Only files are warned about: a folder called `old.YAML` is searched as usual."""
    (tmp_path / "old.YAML").mkdir()
    (tmp_path / "old.YAML" / "a.yaml").write_text("kind: source\n")
    assert discover([tmp_path]) == ([str(tmp_path / "old.YAML" / "a.yaml")], [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_discovery_reports_a_fifo_in_a_folder_without_opening_it(tmp_path: Path) -> None:
    """A FIFO among the records is an F004 from the folder's listing, and not read at all."""
    (tmp_path / "a.yaml").write_text("kind: source\n")
    os.mkfifo(tmp_path / "b.yaml")
    with deadline():
        files, problems = discover([tmp_path])
    assert files == [str(tmp_path / "a.yaml")]
    (problem,) = problems
    assert (problem.path, problem.code, problem.line, problem.column) == (
        str(tmp_path / "b.yaml"),
        "F004",
        1,
        1,
    )
    assert "named pipe" in problem.message
    assert problem.hint


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_to_a_device_is_looked_at_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link is refused at the open without following it, then refused by what it leads to."""
    link = tmp_path / "a.yaml"
    link.symlink_to("/dev/null")
    opened: list[int] = []
    real_open = os.open

    def watched(path: str, flags: int, *args: int) -> int:
        opened.append(flags)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", watched)
    with pytest.raises(NotARecordFile, match="character device"):
        read_bytes(str(link))
    assert len(opened) == 1
    assert opened[0] & getattr(os, "O_NOFOLLOW", 0)


_SEGMENT = st.sampled_from(["a", "x.yaml", ".", "..", "", "b c", ".hidden"])


@given(
    st.sampled_from(["", "/", "./", "//", "../"]),
    st.lists(_SEGMENT, max_size=5).map("/".join),
    st.sampled_from(["", "/", "/."]),
)
def test_a_files_name_is_written_as_pathlib_writes_it(head: str, body: str, tail: str) -> None:
    """Diagnostics name a file as ``str(Path(name))`` does, whatever the name's form."""
    name = head + body + tail
    assert normal_path(name) == str(Path(name))
    assert normal_path(Path(name)) == str(Path(name))
