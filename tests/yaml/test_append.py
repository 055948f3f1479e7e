"""Appending an event to a history in any layout: every old byte kept, or a clear refusal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg import PartialDate
from accordreg._yaml import parse as _yaml
from accordreg._yaml.append import append_to_list

EVENT: dict[str, Any] = {
    "on": date(2026, 1, 5),
    "status": "in_progress",
    "level": 2,
    "sources": ["pax-2850", "chiang-rai-times"],
    "note": "Work resumed: both armies, it's said.",
}
HEAD = "# yaml-language-server: $schema=x.json\nkind: provision\nid: a/b\n"


def _inserted(before: str, after: str) -> str:
    """The one run of text ``after`` adds to ``before``, which it must keep whole."""
    start = 0
    while start < len(before) and before[start] == after[start]:
        start += 1
    end = len(after) - (len(before) - start)
    assert after[:start] + after[end:] == before
    return after[start:end]


def _data(text: str) -> Any:
    parsed = _yaml.parse(text.removeprefix("\ufeff"), "t.yaml")
    assert parsed.diagnostics == []
    return parsed.data


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, int, str]:
    """A record whose history is laid out in one of the ways people write YAML.

    Returns the text, the column of the history's dashes, and the line break.
    """
    dash = draw(st.sampled_from([0, 2, 4]))
    gap = draw(st.integers(1, 3))  # spaces between a dash and the first key
    keys = dash + 1 + gap
    # The sources list: flow ([a, b]), or dashes this many columns past their key.
    nested: int | None = draw(st.sampled_from([None, 0, 2, 4]))
    flow_items = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    events = draw(st.integers(1, 3))
    lines = ["history:" + draw(st.sampled_from(["", " &events", "  # the record"]))]
    for n in range(events):
        day = f"2025-10-{10 + n}"
        if flow_items:
            lines.append(f"{' ' * dash}-{' ' * gap}{{on: {day}, status: agreed, sources: [s{n}]}}")
            continue
        lines.append(f"{' ' * dash}-{' ' * gap}on: {day}")
        lines.append(f"{' ' * keys}status: agreed")
        if nested is None:
            lines.append(f"{' ' * keys}sources: [s{n}, t{n}]")
        else:
            lines += [f"{' ' * keys}sources:", f"{' ' * (keys + nested)}- s{n}"]
        if draw(st.booleans()):
            lines.append(f"{' ' * keys}note: >-")
            lines += [f"{' ' * (keys + 2)}folded", f"{' ' * (keys + 2)}text."]
    tail = draw(
        st.sampled_from(
            [
                [],
                ["# A comment after the list."],
                ["", "note: after the history"],
                ["# About the note.", "note: after the history"],
                ["..."],
                ["...", "# After the end marker."],
            ]
        )
    )
    bom = draw(st.sampled_from(["", "\ufeff"]))
    text = newline.join([*HEAD.splitlines(), *lines, *tail])
    final = draw(st.booleans())
    return bom + text + (newline if final else ""), dash, newline


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(layouts())
def test_any_block_layout_keeps_every_byte(layout: tuple[str, int, str]) -> None:
    """Whatever the indentation, line ends, BOM, anchor or end marker: only the event is new."""
    text, dash, newline = layout
    after = append_to_list(text, "history", EVENT)
    event = _inserted(text, after)
    before_data, after_data = _data(text), _data(after)
    new = {**EVENT, "on": "2026-01-05"}
    assert after_data == {**before_data, "history": [*before_data["history"], new]}
    body = [line for line in event.split(newline) if line]
    assert body[0].startswith(" " * dash + "-")
    assert all(line.startswith(" " * (dash + 1)) for line in body[1:])
    assert "\n" not in event.replace(newline, "")  # the file's own line break, only


_notes = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
).map(lambda s: " ".join(s.split()))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(note=_notes, flow=st.booleans())
def test_any_note_reads_back_as_written(note: str, flow: bool) -> None:
    """A note of any characters is quoted so that it reads back the same, block or flow."""
    if flow:
        text = HEAD + "history:\n  - {on: 2025-10-10, status: agreed, sources: [a]}\n"
    else:
        text = HEAD + "history:\n  - on: 2025-10-10\n    status: agreed\n    sources: [a]\n"
    event = {**EVENT, "note": note or None}
    after = append_to_list(text, "history", event)
    assert after.startswith(text)
    assert _data(after)["history"][-1]["note"] == (note or None)


def test_a_missing_list_is_started_at_the_end_every_byte_before_kept() -> None:
    """A document without the list (an agreement's first event of its own) gets it at its
    end, after every byte it had, with or without a final line break."""
    for text in (HEAD + "title: x  # kept\n", HEAD + "title: x"):
        after = append_to_list(text, "history", EVENT)
        assert after.startswith(text)
        assert after[len(text) :].lstrip("\n").startswith("history:\n  - on: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "history: [{on: 2025-10-10, status: agreed, sources: [a]}]\n", "flow list"),
        (
            HEAD + "e: &e {on: 2025-10-10, status: agreed, sources: [a]}\nhistory:\n  - *e\n",
            "alias",
        ),
        (
            HEAD + "history:\n  - on: 2025-10-10\n    status: agreed\n    sources: [a]\n"
            "    note: |+\n      kept\n\n\nnote: x\n",
            "would change more",
        ),
        ("{kind: provision, history: [{on: 2025-10-10}]}\n", "not a block mapping"),
        (HEAD + "history:\n  - just text\n", "not a mapping"),
        (HEAD + "history: x\n", "no list 'history'"),
    ],
    ids=["flow-list", "alias", "kept-blank-lines", "flow-document", "scalar-item", "no-list"],
)
def test_layouts_that_cannot_be_kept_are_refused_by_name(text: str, message: str) -> None:
    """What an append could not keep is named in a ValueError; nothing is returned."""
    with pytest.raises(ValueError, match=message):
        append_to_list(text, "history", EVENT)


@pytest.mark.parametrize("on", [PartialDate(2026, precision="year"), PartialDate(2026, 1)])
def test_an_event_known_to_a_month_or_a_year_is_appended(on: PartialDate) -> None:
    """`on: 2026` (which YAML reads as a number) and `on: 2026-01` are appended as written,
    before a note that follows the history, every other byte kept."""
    text = HEAD + "history:\n  - on: 2025\n    status: agreed\n    sources: [s]\nnote: after\n"
    after = append_to_list(text, "history", {**EVENT, "on": on})
    assert _inserted(text, after).startswith(f"  - on: {on.isoformat()}\n")
    assert _data(after)["history"][-1]["on"] == (2026 if on.precision == "year" else "2026-01")
