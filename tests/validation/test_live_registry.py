"""A registry's check kept live: what it says after any edits is what `validate` says."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg._validation.live import Live
from accordreg._validation.run import checked
from conftest import BASE, copy_base

RELEASE = "kl-declaration-2025/release.yaml"
WITHDRAWAL = "kl-declaration-2025/withdrawal.yaml"


def _text(relative: str) -> str:
    return (BASE / relative).read_text(encoding="utf-8")


#: Content a file may be given: as on disk (None), or edited in ways that break it alone,
#: break others' references to it, or make it refer to what is not there, or to a record
#: that only a buffer holds.
EDITS: dict[str, list[str | None]] = {
    RELEASE: [
        None,
        _text(RELEASE).replace("title:", "titel:"),
        _text(RELEASE).replace("  - thailand\n", "  - royal-thai-army\n"),
        _text(RELEASE).replace("status: implemented", "status: verified"),
        _text(RELEASE).replace(
            "id: kl-declaration-2025/release", "id: kl-declaration-2025/withdrawal"
        ),
        "kind: provision\nid: [\n",
    ],
    WITHDRAWAL: [None, _text(WITHDRAWAL).replace("on: 2025-11-10", "on: 2025-11-31")],
    "sources/pax-2850.yaml": [None, _text("sources/pax-2850.yaml").replace("pax-2850", "pax-2851")],
    "parties/royal-thai-army.yaml": [
        None,
        "kind: party\nid: royal-thai-army\nname: Royal Thai Army\ntype: armed_forces\n",
        "kind: party\nid: thailand\nname: Thailand again\ntype: state\n",
    ],
    "accordreg.yaml": [
        None,
        "kind: settings\nname: Test\n",
        "kind: settings\nname: 3\n",
    ],
}

_edit = st.sampled_from(sorted(EDITS)).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(EDITS[name]))
)


def _said(diagnostics: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{d}|{d.hint}|{d.severity}" for d in diagnostics]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(_edit, min_size=1, max_size=6))
def test_live_says_what_validate_says_after_any_edits(
    edits: list[tuple[str, str | None]], tmp_path_factory: object
) -> None:
    """Each file given a text, or taken back to disk, one change after another: the live
    check's diagnostics are those of a whole run over the same texts."""
    root = copy_base(Path(str(tmp_path_factory.mktemp("live"))) / "registry")  # type: ignore[attr-defined]
    live = Live(root, use_cache=False)
    live.load()
    for name, text in edits:
        path = str(live.root / name)
        live.update({path: None if text is None else text.encode("utf-8")})
        whole = checked(live.root, texts=dict(live.texts))
        assert _said(live.diagnostics) == _said(whole.diagnostics), (name, text)
    shutil.rmtree(root)


def test_a_file_only_given_is_checked_as_one_of_the_registry(registry_dir: Path) -> None:
    """A record that exists only as given text resolves references, and is reported at its
    path; its results never enter the cache."""
    release = registry_dir / RELEASE
    cited = release.read_text().replace("  - thailand\n", "  - royal-thai-army\n")
    party = registry_dir / "parties" / "royal-thai-army.yaml"
    texts = {str(release): cited.encode()}
    assert [d.code for d in checked(registry_dir, texts=texts).diagnostics] == ["R002"]
    texts[str(party)] = b"kind: party\nid: royal-thai-army\nname: Army\ntype: state\n"
    found = checked(registry_dir, texts=texts, use_cache=True)
    assert found.diagnostics == []
    assert str(party) in found.files
    assert checked(registry_dir, use_cache=True).diagnostics == []
    assert not party.exists()


def test_a_settings_file_given_as_text_is_the_registrys_settings(registry_dir: Path) -> None:
    """Settings given as text are read in place of the file (none on disk here)."""
    settings = str(registry_dir / "accordreg.yaml")
    found = checked(registry_dir, texts={settings: b"kind: settings\nname: 3\n"})
    assert [(Path(d.path).name, d.code) for d in found.diagnostics] == [("accordreg.yaml", "S003")]


def test_live_follows_a_file_deleted_on_disk(registry_dir: Path) -> None:
    """A file taken back to disk where it is gone is dropped, and references to it break."""
    live = Live(registry_dir)
    live.load()
    source = registry_dir / "sources" / "pax-2850.yaml"
    source.unlink()
    live.update({str(live.root / "sources" / "pax-2850.yaml"): None})
    assert {d.code for d in live.diagnostics} == {"R002"}
    assert str(live.root / "sources" / "pax-2850.yaml") not in live.results


def test_files_outside_the_registry_are_not_taken(registry_dir: Path, tmp_path: Path) -> None:
    """A text for a file that is not one of the registry's is left out."""
    live = Live(registry_dir)
    live.load()
    assert live.update({str(tmp_path / "elsewhere.yaml"): b"kind: x\n"}) == []
    assert live.update({str(live.root / ".hidden" / "x.yaml"): b"kind: x\n"}) == []
    assert live.update({str(live.root / "notes.txt"): b"x"}) == []
