"""`accordreg new`: valid skeleton files with their schema comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import accordreg
from conftest import PROJECT, run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the bundled registry with its schemas beside it."""
    shutil.copytree(PROJECT / "provisions", tmp_path / "provisions")
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    return tmp_path


def test_new_source_party_agreement_and_provision(repo: Path) -> None:
    """Each kind of new file is written where its id says, and the registry stays valid."""
    reg = str(repo / "provisions")
    steps = [
        [
            "source",
            "bangkok-post-2026-01-05",
            "--title",
            "Report",
            "--reliability",
            "press",
            "--date",
            "2026-01-05",
        ],
        ["party", "laos", "--name", "Lao PDR", "--type", "state", "--country", "LAO"],
        [
            "agreement",
            "hotline-accord-2026",
            "--title",
            "Hotline accord",
            "--source",
            "bangkok-post-2026-01-05",
            "--date",
            "2026-01-05",
            "--signatory",
            "thailand",
        ],
        [
            "provision",
            "hotline-accord-2026/hotline",
            "--title",
            "A hotline",
            "--category",
            "hotline",
            "--text",
            "The two armies set up a hotline.",
            "--source",
            "bangkok-post-2026-01-05",
        ],
    ]
    for args in steps:
        code, out = run("new", *args, "--registry", reg)
        assert code == 0, out
    made = repo / "provisions" / "hotline-accord-2026" / "hotline.yaml"
    assert made.read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/provision.schema.json"
    )
    assert accordreg.check(repo / "provisions") == []
    registry = accordreg.load(repo / "provisions")
    provision = registry.provision("hotline-accord-2026/hotline")
    assert provision.history[0].on.isoformat() == "2026-01-05"
    assert provision.history[0].status == "agreed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "provision",
                "no-such/thing",
                "--title",
                "T",
                "--category",
                "hotline",
                "--text",
                "T",
                "--source",
                "pax-page-2850",
            ],
            "no agreement 'no-such'",
        ),
        (
            [
                "provision",
                "kl-declaration-2025/x",
                "--title",
                "T",
                "--category",
                "hotlin",
                "--text",
                "T",
                "--source",
                "pax-page-2850",
            ],
            "category",
        ),
        (
            [
                "provision",
                "kl-declaration-2025/demining",
                "--title",
                "T",
                "--category",
                "hotline",
                "--text",
                "T",
                "--source",
                "pax-page-2850",
            ],
            "already exists",
        ),
        (
            ["agreement", "x-2026", "--title", "T", "--source", "pax-page-285"],
            "did you mean 'pax-page-2850'",
        ),
        (["party", "Bad Id", "--name", "X", "--type", "state"], "would not be valid"),
    ],
)
def test_new_refuses_what_would_not_validate(repo: Path, args: list[str], message: str) -> None:
    """Unknown agreements, bad values, taken ids and dangling sources: exit 1, nothing written."""
    before = sorted(p.name for p in (repo / "provisions").rglob("*"))
    code, out = run("new", *args, "--registry", str(repo / "provisions"))
    assert code == 1
    assert message in out
    assert sorted(p.name for p in (repo / "provisions").rglob("*")) == before


def test_build_refuses_in_the_words_of_validate() -> None:
    """scaffold.build names what is wrong as `validate` does: no regex, no pydantic text."""
    from accordreg._errors import ScaffoldError
    from accordreg._registry.scaffold import build

    with pytest.raises(ScaffoldError) as refused:
        build("party", {"id": "laos", "name": "", "type": "state", "country": "LA"})
    said = str(refused.value)
    assert said.startswith("the new party would not be valid: S008 name is empty")
    assert "S006 country: 'LA' is not in the expected format (did you mean 'LAO'" in said
    assert "pattern" not in said
    assert "String should" not in said
