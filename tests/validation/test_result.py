"""A file's result: the same after the cache's JSON form and after a worker's packing."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from accordreg._diagnostics import CODES, Diagnostic
from accordreg._model.kinds import TARGET_KINDS
from accordreg._validation.facts import Facts
from accordreg._validation.result import FileResult, packed, unpacked

diagnostics = st.builds(
    lambda code, line, column, message, hint: Diagnostic(
        "a/b.yaml", line, column, code, CODES[code].severity, message, hint
    ),
    st.sampled_from(sorted(CODES)),
    st.integers(1, 10_000),
    st.integers(1, 500),
    st.text(),
    st.none() | st.text(),
)
ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8})?", fullmatch=True)


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    kind = draw(st.sampled_from([k for k, fields in sorted(TARGET_KINDS.items()) if fields]))
    fields = sorted(TARGET_KINDS[kind])
    targets = draw(st.dictionaries(st.sampled_from(fields), st.lists(ids, min_size=1)))
    dates = draw(st.lists(st.dates().map(lambda d: d.isoformat()), max_size=3))
    return Facts(kind, draw(ids), "a/b.yaml", targets, dates)


@given(st.text(min_size=1), st.lists(diagnostics, max_size=4), st.none() | facts())
def test_file_results_survive_their_json_form(
    digest: str, problems: list[Diagnostic], found: Facts | None
) -> None:
    """A result written to JSON text and read back is equal to the original."""
    result = FileResult("a/b.yaml", digest, problems, found)
    text = json.dumps(result.to_json())
    assert FileResult.from_json("a/b.yaml", json.loads(text)) == result


results = st.builds(
    lambda digest, problems, found, data: FileResult("a/b.yaml", digest, problems, found, data),
    st.text(min_size=1),
    st.lists(diagnostics, max_size=4),
    st.none() | facts(),
    st.none() | st.text(),
)


@given(st.lists(results, max_size=5))
def test_file_results_survive_a_workers_packing(sent: list[FileResult]) -> None:
    """Results packed in a worker and unpacked in the parent equal what the worker made."""
    assert unpacked(packed(sent)) == sent
