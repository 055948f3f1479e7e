"""The table of record kinds: places, guessing, references, read by everyone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accordreg._model.kinds import KINDS, TARGET_KINDS, guess_kind, path_parts
from accordreg.testing import ids

KIND_NAMES = st.sampled_from(sorted(KINDS))


def _id_for(kind: str, draw: st.DrawFn) -> str:
    first = draw(ids())
    return f"{first}/{draw(ids())}" if kind == "provision" else first


@st.composite
def _kind_and_id(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(KIND_NAMES)
    return kind, _id_for(kind, draw)


@given(_kind_and_id(), st.sampled_from(["", "provisions/", "/abs/registry/"]))
def test_a_record_written_where_its_kind_says_is_at_home(case: tuple[str, str], root: str) -> None:
    """The place the writer uses passes the place check and is guessed as its kind."""
    kind, rid = case
    path = root + KINDS[kind].relative_place(rid).as_posix()
    assert KINDS[kind].at_home(path_parts(path), rid)
    assert guess_kind(path) == kind


@given(_kind_and_id())
def test_a_record_under_another_name_is_not_at_home(case: tuple[str, str]) -> None:
    """A file named after a different id fails the place check."""
    kind, rid = case
    path = KINDS[kind].relative_place(rid + "-x").as_posix()
    assert not KINDS[kind].at_home(path_parts(path), rid)


def test_sources_and_parties_may_live_in_any_folder() -> None:
    """The folder new sources go to is a convention; only the file name must fit the id."""
    assert KINDS["source"].at_home(path_parts("elsewhere/bbc-1.yaml"), "bbc-1")
    assert KINDS["source"].home_hint("bbc-1") == "bbc-1.yaml"
    assert KINDS["agreement"].home_hint("kl") == "kl/agreement.yaml"


def test_every_reference_field_is_a_field_of_its_model_and_targets_a_kind() -> None:
    """The table's references name real fields, and kinds that exist."""
    for kind in KINDS.values():
        fields = kind.model.model_fields
        for ref in kind.refs:
            assert ref.field in fields
            assert ref.target in KINDS
        assert fields["kind"].annotation.__args__[0] == kind.name  # type: ignore[union-attr]
    assert TARGET_KINDS["provision"]["history"] == "source"


def test_a_file_without_a_telling_place_is_guessed_from_its_keys() -> None:
    """Keys only one kind has decide the guess where the path says nothing."""
    assert guess_kind("misc/x.yaml", {"id": "x", "title": "T", "reliability": "press"}) == (
        "source"
    )
    assert guess_kind("misc/x.yaml", {"id": "x"}) == "provision"
