"""Provisions that record the same commitment are counted once as a commitment."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accordreg._model.records import Provision
from accordreg._render.headline import commitments


def _provision(pid: str, same_as: list[str]) -> Provision:
    return Provision.model_validate(
        {
            "kind": "provision",
            "id": pid,
            "agreement": pid.split("/")[0],
            "title": "T",
            "category": "other",
            "text": "T",
            "same_as": same_as,
            "sources": ["s"],
            "history": [{"on": "2025-01-01", "status": "agreed", "sources": ["s"]}],
        }
    )


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=15))
def test_linked_provisions_count_once_whichever_way_the_links_point(
    links: list[tuple[int, int]],
) -> None:
    """Each group of provisions joined by same_as links is one commitment."""
    ids = [f"a{i}/p" for i in range(10)]
    targets: dict[str, list[str]] = {pid: [] for pid in ids}
    for a, b in links:
        if a != b:
            targets[ids[a]].append(ids[b])
    groups = {i: {i} for i in range(10)}
    for a, b in links:
        merged = groups[a] | groups[b]
        for member in merged:
            groups[member] = merged
    expected = len({frozenset(g) for g in groups.values()})
    provisions = [_provision(pid, targets[pid]) for pid in ids]
    assert commitments(provisions) == expected
