"""SARIF: diagnostics as a SARIF 2.1.0 log, valid against the official schema."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from myst_parser.slugs import github_slugify

import accordreg
from accordreg._diagnostics import CODES, Diagnostic, Severity
from accordreg._errors import AccordregError
from accordreg._render import sarif
from conftest import DATA, PROJECT

SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
#: Checks formats too ("uri" for helpUri and the base URI), as GitHub's upload action does.
VALIDATOR = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)
PAGE = "https://example.org/accordreg/reference/diagnostics.html"


def _errors(log: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(log)
    ]


def test_the_validator_checks_uri_formats() -> None:
    """The test's validator refuses a helpUri that is no URI: the format check is on."""
    assert "uri" in Draft4Validator.FORMAT_CHECKER.checkers
    log = json.loads(sarif.as_sarif([], 0, PAGE))
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri"
    assert _errors(log)


@pytest.mark.parametrize("page", [PAGE, None])
def test_every_invalid_example_gives_valid_sarif(page: str | None) -> None:
    """The diagnostics of every invalid example, together, make a log the SARIF 2.1.0 schema
    accepts, with and without the codes page's address."""
    found = [d for case in sorted((DATA / "invalid").iterdir()) for d in accordreg.check(case)]
    # Most codes (some need the examples' overlay on a registry to show).
    assert len({d.code for d in found}) > 30
    log = json.loads(sarif.as_sarif(found, 0, page))
    assert _errors(log) == []
    (run,) = log["runs"]
    assert len(run["results"]) == len(found)


def test_rules_are_the_codes_with_their_levels_and_pages() -> None:
    """Each code is a rule: id the code, its name, its severity as the default level, and a
    helpUri to its section of the codes page, whose heading gives the same anchor."""
    log = json.loads(sarif.as_sarif([], 0, PAGE))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    page = (PROJECT / "docs" / "reference" / "diagnostics.md").read_text(encoding="utf-8")
    for rule, code in zip(rules, CODES.values(), strict=True):
        assert rule["name"] == code.name
        assert rule["defaultConfiguration"]["level"] == code.severity.value
        assert rule["fullDescription"]["text"] == code.summary
        heading = f"{code.code} {code.name}"
        assert f"\n### {heading}\n" in page
        assert rule["helpUri"] == f"{PAGE}#{github_slugify(heading)}"
        assert rule["helpUri"] in rule["help"]["markdown"]
    unlinked = json.loads(sarif.as_sarif([], 0, None))["runs"][0]["tool"]["driver"]["rules"]
    assert not any("helpUri" in r for r in unlinked)


def test_codes_url_is_read_from_the_environment_and_checked() -> None:
    """ACCORDREG_CODES_URL gives the page; unset is none; an address that is no http(s) URL,
    or carries a fragment, is an error naming the variable."""
    assert sarif.codes_url({}) is None
    assert sarif.codes_url({"ACCORDREG_CODES_URL": f" {PAGE} "}) == PAGE
    for bad in ("docs/reference/diagnostics.md", "ftp://x.example/p", f"{PAGE}#x", "https://a b"):
        with pytest.raises(AccordregError, match="ACCORDREG_CODES_URL"):
            sarif.codes_url({"ACCORDREG_CODES_URL": bad})


_PATH_PART = st.text(
    st.characters(categories=("L", "N", "P", "Zs", "S"), exclude_characters="/\\\x00"),
    min_size=1,
    max_size=12,
).filter(lambda s: s not in (".", ".."))
_DIAGNOSTICS = st.builds(
    Diagnostic,
    path=st.builds(
        lambda absolute, parts: ("/" if absolute else "") + "/".join(parts),
        st.booleans(),
        st.lists(_PATH_PART, min_size=1, max_size=3),
    ),
    line=st.integers(0, 10_000),
    column=st.integers(0, 500),
    code=st.sampled_from(list(CODES)),
    severity=st.sampled_from(list(Severity)),
    message=st.text(max_size=80),
    hint=st.none() | st.text(max_size=40),
)


@given(st.lists(_DIAGNOSTICS, max_size=5))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_diagnostics_make_valid_sarif_that_says_the_same(
    diagnostics: list[Diagnostic],
) -> None:
    """Any diagnostics (odd paths, any text, line 0) give valid SARIF whose results say the
    same: rule, level, message, the file and the place (from 1)."""
    log = json.loads(sarif.as_sarif(diagnostics, len(diagnostics), PAGE))
    assert _errors(log) == []
    results = log["runs"][0]["results"]
    for d, result in zip(diagnostics, results, strict=True):
        assert result["ruleId"] == d.code
        assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == d.code
        assert result["level"] == ("error" if d.severity is Severity.ERROR else "warning")
        assert result["message"]["text"].startswith(d.message)
        assert (d.hint or "") in result["message"]["text"]
        where = result["locations"][0]["physicalLocation"]
        assert where["region"] == {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)}
        uri = where["artifactLocation"]["uri"]
        if d.path.startswith("/"):
            assert Path(unquote(uri.removeprefix("file://"))) == Path(d.path)
        else:
            assert where["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert PurePosixPath(unquote(uri)) == PurePosixPath(d.path)
