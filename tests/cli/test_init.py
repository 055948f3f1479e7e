"""`accordreg init`: a new registry that validates; never over an existing one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import accordreg
from conftest import copy_base, run

NEW = {
    "source": ["source", "bp-2026", "--title", "T", "--reliability", "press"],
    "party": ["party", "laos", "--name", "Lao PDR", "--type", "state"],
    "agreement": ["agreement", "a-2026", "--title", "T", "--source", "example-source"],
    "provision": [
        "provision",
        "a-2026/x",
        "--title",
        "T",
        "--category",
        "hotline",
        "--text",
        "T",
        "--source",
        "example-source",
    ],
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_init_starts_a_registry_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders, .gitignore, a first source and the schemas inside the registry (a repository
    of the folder alone resolves them); then `accordreg new` works."""
    monkeypatch.chdir(tmp_path)
    code, out = run("init")
    assert code == 0, out
    root = tmp_path / "provisions"
    assert (root / "sources").is_dir()
    assert (root / "parties").is_dir()
    ignored = (root / ".gitignore").read_text().splitlines()
    assert ".accordreg-cache/" in ignored
    assert ".accordreg.lock" in ignored
    source = (root / "sources" / "example-source.yaml").read_text()
    assert source.startswith("# yaml-language-server: $schema=../schemas/source.schema.json\n")
    assert (root / "schemas" / "source.schema.json").is_file()
    assert not (tmp_path / "schemas").exists()
    assert accordreg.check(root) == []
    for kind in ("party", "agreement", "provision"):
        args = NEW[kind] + (["--date", "2026-01-05"] if kind == "agreement" else [])
        code, out = run("new", *args)
        assert code == 0, out
    comment = "# yaml-language-server: $schema=../schemas/"
    assert all(p.read_text().startswith(comment) for p in (root / "parties").iterdir())
    assert accordreg.check(root) == []


def test_init_writes_the_first_source_it_is_given(tmp_path: Path) -> None:
    """--source, --title, --reliability, --url: the first source as asked."""
    root = tmp_path / "reg"
    code, out = run(
        "init",
        str(root),
        "--source",
        "bangkok-post-2026-01-05",
        "--title",
        "Border talks resume",
        "--reliability",
        "press",
        "--url",
        "https://example.org/a",
    )
    assert code == 0, out
    source = accordreg.load(root).source("bangkok-post-2026-01-05")
    assert (source.title, source.reliability) == ("Border talks resume", "press")
    assert f"--registry {root}" in out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_gitignore_keeps_the_cache_and_the_lock_out_of_git(tmp_path: Path) -> None:
    """git itself ignores .accordreg-cache/ and .accordreg.lock in a new registry."""
    root = tmp_path / "provisions"
    assert run("init", str(root))[0] == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in (".accordreg.lock", ".accordreg-cache/results.json"):
        ignored = subprocess.run(
            ["git", "-C", str(tmp_path), "check-ignore", "-q", f"provisions/{name}"]
        )
        assert ignored.returncode == 0, name
    kept = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", "provisions/sources"])
    assert kept.returncode == 1


def _registry(kind: str, root: Path) -> None:
    if kind == "bundled":
        copy_base(root)
        return
    root.mkdir()
    if kind in ("sources", "parties"):
        (root / kind).mkdir()
    elif kind == "top-record":
        (root / "x.yaml").write_text("kind: source\n")
    elif kind == "agreement-record":
        (root / "a-2026").mkdir()
        (root / "a-2026" / "agreement.yml").write_text("kind: agreement\n")


@pytest.mark.parametrize(
    "kind", ["bundled", "sources", "parties", "top-record", "agreement-record"]
)
def test_init_refuses_an_existing_registry(tmp_path: Path, kind: str) -> None:
    """Any sign of a registry (its folders, record files): exit 1, not a byte changed."""
    root = tmp_path / "reg"
    _registry(kind, root)
    before = _snapshot(tmp_path)
    code, out = run("init", str(root))
    assert code == 1
    assert f"{root} already holds a registry; nothing written" in out
    assert _snapshot(tmp_path) == before


def test_init_in_an_existing_folder_keeps_what_is_there(tmp_path: Path) -> None:
    """A folder with other files and its own .gitignore: both kept, the two lines added once."""
    root = tmp_path / "reg"
    root.mkdir()
    (root / "README.md").write_text("# Our registry\n")
    (root / ".gitignore").write_text("*.bak\n.accordreg.lock")
    code, out = run("init", str(root))
    assert code == 0, out
    assert (root / "README.md").read_text() == "# Our registry\n"
    lines = (root / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["*.bak", ".accordreg.lock"]
    assert lines.count(".accordreg.lock") == 1
    assert lines.count(".accordreg-cache/") == 1


def test_init_with_a_bad_source_writes_nothing(tmp_path: Path) -> None:
    """A first source that would not be valid: exit 1, and no folder made."""
    code, out = run("init", str(tmp_path / "reg"), "--source", "Bad Id")
    assert code == 1
    assert "would not be valid" in out
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["missing", "empty", "other-files"])
@pytest.mark.parametrize("kind", list(NEW))
def test_new_without_a_registry_points_at_init(tmp_path: Path, kind: str, where: str) -> None:
    """Every `accordreg new` in a folder without a registry says to run `accordreg init`."""
    root = tmp_path / "reg"
    if where != "missing":
        root.mkdir()
    if where == "other-files":
        (root / "notes.txt").write_text("x\n")
    before = _snapshot(tmp_path)
    code, out = run("new", *NEW[kind], "--registry", str(root))
    assert code == 1
    assert out == f"error: no registry in {root}; start one with `accordreg init {root}`\n"
    assert _snapshot(tmp_path) == before


def test_init_completes_a_registry_it_left_unfinished_without_replacing_a_file(
    tmp_path: Path,
) -> None:
    """A registry marked as started by an init that did not finish: the missing files are
    added, the ones there keep their bytes, and the mark goes."""
    root = tmp_path / "reg"
    (root / "sources").mkdir(parents=True)
    (root / ".accordreg-init").write_text("")
    (root / ".gitignore").write_text("*.bak\n")
    source = root / "sources" / "example-source.yaml"
    source.write_text("kind: source\nid: example-source\ntitle: Mine\nreliability: press\n")
    before = source.read_bytes()
    code, out = run("init", str(root))
    assert code == 0, out
    assert "completed the registry" in out
    assert source.read_bytes() == before
    assert (root / "parties").is_dir()
    assert (root / ".gitignore").read_text().splitlines()[0] == "*.bak"
    assert ".accordreg.lock" in (root / ".gitignore").read_text().splitlines()
    assert not (root / ".accordreg-init").exists()
    assert accordreg.check(root) == []
    assert run("init", str(root))[0] == 1


def test_init_name_writes_a_settings_file_naming_the_registry(tmp_path: Path) -> None:
    """--name writes accordreg.yaml (kind: settings, the name, a pointer to its reference)."""
    root = tmp_path / "reg"
    code, out = run("init", str(root), "--name", "Sudan ceasefire monitor")
    assert code == 0, out
    assert f"wrote {root / 'accordreg.yaml'}" in out
    text = (root / "accordreg.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=schemas/settings.schema.json\n")
    assert "docs/reference/settings.md" in text
    assert text.endswith("kind: settings\nname: Sudan ceasefire monitor\n")
    assert (root / "schemas" / "settings.schema.json").is_file()
    assert accordreg.check(root) == []
    assert accordreg.load(root).settings.name == "Sudan ceasefire monitor"


def test_init_citation_writes_a_cff_that_cite_reads(tmp_path: Path) -> None:
    """--citation writes a CITATION.cff 1.2.0 data set, titled by --name, that `cite` reads."""
    root = tmp_path / "reg"
    code, out = run("init", str(root), "--name", "Sudan ceasefire monitor", "--citation")
    assert code == 0, out
    text = (root / "CITATION.cff").read_text()
    for line in ("cff-version: 1.2.0", "type: dataset", "title: Sudan ceasefire monitor"):
        assert f"\n{line}\n" in text
    assert text.endswith("authors:\n  - name: <fill in>\n")
    assert "# Who made it: replace <fill in> with a name" in text
    code, out = run("cite", "--registry", str(root))
    assert code == 0, out
    assert "<fill in> (n.d.). Sudan ceasefire monitor [Data set]." in out


def test_a_citation_without_a_name_is_titled_by_the_folder(tmp_path: Path) -> None:
    """--citation alone: the title is the registry folder's name, and no settings file."""
    root = tmp_path / "border-monitor"
    assert run("init", str(root), "--citation")[0] == 0
    assert "\ntitle: border-monitor\n" in (root / "CITATION.cff").read_text()
    assert not (root / "accordreg.yaml").exists()


def test_init_keeps_a_citation_file_that_is_there(tmp_path: Path) -> None:
    """A CITATION.cff already in the folder is kept byte for byte, and said to be kept."""
    root = tmp_path / "reg"
    root.mkdir()
    (root / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: Ours\n")
    code, out = run("init", str(root), "--citation")
    assert code == 0, out
    assert f"kept {root / 'CITATION.cff'}: a file of that name is there already" in out
    assert (root / "CITATION.cff").read_text() == "cff-version: 1.2.0\ntitle: Ours\n"


def test_an_unfinished_init_keeps_the_settings_file_it_wrote(tmp_path: Path) -> None:
    """Completing an interrupted init: the settings file there is kept, not rewritten."""
    root = tmp_path / "reg"
    root.mkdir()
    (root / ".accordreg-init").write_text("")
    (root / "accordreg.yaml").write_text("kind: settings\nname: First\n")
    code, out = run("init", str(root), "--name", "Second")
    assert code == 0, out
    assert "kept" in out
    assert (root / "accordreg.yaml").read_text() == "kind: settings\nname: First\n"


def test_an_empty_name_is_a_usage_error(tmp_path: Path) -> None:
    """--name '': refused before anything is written."""
    code, out = run("init", str(tmp_path / "reg"), "--name", " ")
    assert code == 2
    assert "give the registry a name in words" in out
    assert list(tmp_path.iterdir()) == []


def test_a_failed_init_takes_its_skeletons_back(tmp_path: Path) -> None:
    """A first source that would not be valid: no settings file or CITATION.cff left."""
    code, out = run(
        "init", str(tmp_path / "reg"), "--source", "Bad Id", "--name", "X", "--citation"
    )
    assert code == 1
    assert "S006 id: 'Bad Id' is not in the expected format" in out
    assert list(tmp_path.iterdir()) == []
