"""Citations: the software's CITATION.cff, the bundled dataset's, and `accordreg cite`."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from accordreg._registry.citation import SOFTWARE, read_cff
from conftest import BASE, PROJECT, run


def test_software_citation_file_matches_the_package() -> None:
    """CITATION.cff names accordreg, its version and its authors as the package does."""
    cff = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == SOFTWARE.title
    assert str(cff["version"]) == SOFTWARE.version
    assert [a["name"] for a in cff["authors"]] == ["accordreg contributors"]
    assert cff["license"] == "MIT"


def test_bundled_dataset_has_its_own_citation() -> None:
    """provisions/CITATION.cff cites the data: its authors, version and date."""
    c = read_cff(PROJECT / "provisions" / "CITATION.cff")
    assert c.type == "dataset"
    assert c.authors == ("accordreg contributors",)
    assert c.version == "2025-12-31"
    assert c.date == "2026-11-21"


def test_cite_prints_the_dataset_pax_and_the_software() -> None:
    """`accordreg cite` on the bundled registry: the dataset, PA-X (its agreements link to
    PA-X) and accordreg, each with its licence."""
    code, text = run("cite", "--registry", str(PROJECT / "provisions"))
    assert code == 0, text
    lines = text.splitlines()
    assert lines[0] == "This dataset:"
    assert lines[1] == (
        "  accordreg contributors (2026). The 2025 Thailand–Cambodia border process: provisions "
        "and what happened to them (Version 2025-12-31) [Data set]."
    )
    assert (
        "  Bell, C. & Badanjak, S. (2019). Introducing PA-X: A new peace agreement database and "
        "dataset. Journal of Peace Research, 56(3), 452–466." in lines
    )
    assert "  Licence: CC-BY-NC-SA-4.0" in lines
    assert (
        "  accordreg contributors (n.d.). accordreg (Version 0.1.0) [Computer software]." in lines
    )


def test_cite_bibtex() -> None:
    """--format bibtex gives one entry per work, group authors kept whole."""
    code, text = run("cite", "--registry", str(PROJECT / "provisions"), "--format", "bibtex")
    assert code == 0, text
    assert text.count("\n@") + text.startswith("@") == 3
    assert "author = {{accordreg contributors}}" in text
    assert "pages = {452--466}" in text


def test_cite_without_a_citation_file_says_how_to_add_one(tmp_path: Path) -> None:
    """A registry without CITATION.cff and without PA-X links: the software only, and a
    line saying where the registry's citation file would go."""
    root = Path(shutil.copytree(BASE, tmp_path / "r"))
    code, text = run("cite", "--registry", str(root))
    assert code == 0, text
    assert f"no CITATION.cff in the registry's folder: add {root / 'CITATION.cff'}" in text
    assert "PA-X" not in text
    assert "accordreg (Version 0.1.0)" in text
