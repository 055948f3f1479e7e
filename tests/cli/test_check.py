"""`accordreg validate --format sarif`: a SARIF log on standard output, for code scanning."""

from __future__ import annotations

import json

import pytest

from conftest import BASE, DATA, run

PAGE = "https://example.org/accordreg/reference/diagnostics.html"


def test_sarif_of_an_invalid_registry_exits_1_with_its_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """validate --format sarif prints one JSON document (no summary line), one result per
    problem at its place, and exits 1 when there are errors."""
    monkeypatch.delenv("ACCORDREG_CODES_URL", raising=False)
    case = DATA / "invalid" / "S001-unknown-key"
    code, out = run("validate", "--no-cache", "--format", "sarif", str(case))
    assert code == 1
    log = json.loads(out)
    results = log["runs"][0]["results"]
    unknown = next(r for r in results if r["ruleId"] == "S001")
    place = unknown["locations"][0]["physicalLocation"]
    assert place["region"] == {"startLine": 5, "startColumn": 1}
    assert place["artifactLocation"]["uri"].endswith("kl-declaration-2025/release.yaml")
    assert "titel" in unknown["message"]["text"]
    assert unknown["level"] == "error"


def test_sarif_of_a_valid_registry_exits_0_with_no_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A valid registry gives a log with the rules and no result, and exit status 0; the
    rules link to the codes page ACCORDREG_CODES_URL names."""
    monkeypatch.setenv("ACCORDREG_CODES_URL", PAGE)
    code, out = run("validate", "--no-cache", "--format", "sarif", str(BASE))
    assert code == 0, out
    run_ = json.loads(out)["runs"][0]
    assert run_["results"] == []
    assert run_["tool"]["driver"]["rules"][0]["helpUri"] == f"{PAGE}#f001-not-utf8"


def test_a_bad_codes_url_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ACCORDREG_CODES_URL that is no web address is one line naming it, exit status 2,
    before anything is checked."""
    monkeypatch.setenv("ACCORDREG_CODES_URL", "docs/reference/diagnostics.md")
    code, out = run("validate", "--no-cache", "--format", "sarif", str(BASE))
    assert code == 2
    assert "ACCORDREG_CODES_URL" in out
    assert "Traceback" not in out
    # Other formats do not read it.
    code, out = run("validate", "--no-cache", str(BASE))
    assert code == 0, out
