"""Checking files one by one: the native parser's keys, checked only where it matters."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordreg._model.settings import DEFAULT_SETTINGS
from accordreg._validation.in_process import check_bytes
from accordreg._yaml.native import native_installed
from conftest import PROJECT, native_parser, needs_native, reported

RECORDS = sorted((PROJECT / "provisions").rglob("*.yaml"))


def _reported(raw: bytes, rel: str, native: bool) -> list[tuple[str, int, int, str, str | None]]:
    return reported(raw, str(PROJECT / "provisions" / rel), native)


_ODD_KEYS = ["1", "true", "null", "~", "1.5", "-1", ".inf", ""]


@st.composite
def records_with_an_odd_key(draw: st.DrawFn) -> tuple[bytes, str]:
    """A valid record of the bundled registry with a key that is not text put in it, at the
    indentation of one of its keys (so in any of its mappings, at any depth)."""
    path = draw(st.sampled_from(RECORDS))
    lines = path.read_text(encoding="utf-8").splitlines()
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
    at = draw(st.sampled_from(keyed))
    line = lines[at]
    indent = line[: len(line) - len(line.lstrip(" -"))].replace("-", " ")
    key = draw(st.sampled_from(_ODD_KEYS))
    value = draw(st.sampled_from(["x", "1", "[a]", ""]))
    lines.insert(at + draw(st.integers(0, 1)), f"{indent}{key}: {value}".rstrip())
    rel = path.relative_to(PROJECT / "provisions").as_posix()
    return ("\n".join(lines) + "\n").encode(), rel


@needs_native
@given(records_with_an_odd_key())
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_odd_keys_in_real_records_are_reported_as_the_stock_path_reports_them(
    case: tuple[bytes, str],
) -> None:
    """Keys the native parser makes of numbers, booleans or nothing: same codes and places."""
    raw, rel = case
    assert _reported(raw, rel, native=True) == _reported(raw, rel, native=False)


@needs_native
@pytest.mark.parametrize("key", _ODD_KEYS)
def test_an_odd_key_in_a_valid_record_is_an_error_on_both_paths(key: str) -> None:
    """A valid record given a key that is not text is invalid, and reported alike."""
    path = next(p for p in RECORDS if p.parent.name != "sources" and "provision" in p.read_text())
    raw = path.read_bytes() + f"{key}: x\n".encode()
    rel = path.relative_to(PROJECT / "provisions").as_posix()
    native = _reported(raw, rel, native=True)
    assert native == _reported(raw, rel, native=False)
    last = raw.count(b"\n")
    assert [d[1] for d in native] == [last]


@needs_native
def test_every_bundled_record_is_reported_alike_by_both_paths() -> None:
    """Valid files never need their keys walked, and come out the same either way."""
    for path in RECORDS:
        rel = path.relative_to(PROJECT / "provisions").as_posix()
        raw = path.read_bytes()
        assert _reported(raw, rel, native=True) == _reported(raw, rel, native=False) == []


_DOCUMENTS = st.sampled_from(
    ["true", "1", "~", "", "---\n", "[a]", "- a\n", "a: 1\n", "1: x\n", "{1: 2}", "'x'"]
)


@given(st.one_of(_DOCUMENTS.map(str.encode), st.binary(max_size=40)), st.booleans())
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_bytes_are_checked_without_an_exception(raw: bytes, native: bool) -> None:
    """Scalars, lists, odd keys or random bytes, on either path: diagnostics, never a raise."""
    if native and not native_installed():
        native = False
    with native_parser(native):
        result, record = check_bytes(
            raw, str(PROJECT / "provisions" / "sources" / "x.yaml"), DEFAULT_SETTINGS
        )
    assert record is None
    assert result.diagnostics


@pytest.mark.parametrize("native", [False, True])
def test_a_document_that_is_a_scalar_is_y006_on_both_paths(native: bool) -> None:
    """`true` alone is a document, not a record: Y006 at 1:1, whichever parser read it."""
    if native and not native_installed():
        pytest.skip("yaml-rs (the native extra) absent")
    with native_parser(native):
        result, _ = check_bytes(b"true\n", "sources/x.yaml", DEFAULT_SETTINGS)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("Y006", 1, 1)]
