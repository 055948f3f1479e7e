"""Status rows written a row at a time are the same text as the whole table at once."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg._registry.flat_tables import standing_rows, standings
from accordreg._registry.lazy_records import Pending
from accordreg._registry.query import Registry
from accordreg._render.safe import json_text
from accordreg._render.status import RENDERERS, STREAMED
from accordreg.testing import registries, write_registry
from conftest import warm_load


@given(registry=registries(), day=st.dates(date(2024, 1, 1), date(2027, 1, 1)))
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_streamed_json_and_csv_equal_the_whole_table(registry: Registry, day: date) -> None:
    """For any registry and date, the streamed JSON and CSV equal the renderers' text."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_registry(registry, Path(tmp) / "provisions")
        loaded = warm_load(root)  # records built from the cache
        for fmt, stream in STREAMED.items():
            whole = RENDERERS[fmt](standings(loaded, day), loaded, day)
            assert "".join(stream(standing_rows(loaded, day))) == whole


def test_streaming_lets_each_provision_go_once_written(registry_dir: Path) -> None:
    """After a streamed table, no provision built from the cache is still held."""
    loaded = warm_load(registry_dir)
    rows = list(standing_rows(loaded, date(2026, 1, 15)))
    assert [r["id"] for r in rows] == sorted(loaded.provisions)
    held = [i for i in loaded.provisions if not isinstance(loaded._records._items[i], Pending)]
    assert held == []


def test_an_empty_table_streams_as_an_empty_list() -> None:
    """No rows: the same "[]" and bare header as the whole-table renderers give."""
    assert "".join(STREAMED["json"](iter(()))) == "[]\n"
    assert "".join(STREAMED["csv"](iter(()))).count("\n") == 1


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(rows=st.lists(st.dictionaries(st.text(), _VALUES, max_size=4), max_size=4))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_json_a_row_at_a_time_is_the_json_of_the_whole_list(rows: list[dict[str, object]]) -> None:
    """Any text, line separators and next-line characters included, streams to the same JSON."""
    whole = json_text(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"
    assert "".join(STREAMED["json"](rows)) == whole
