"""Finding provisions by their agreement's own status: on a date, or a time after the
agreement's date (the researcher's question of issue 28, from Python and the command line)."""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._importers.ceasefires import import_ceasefires
from accordreg._importers.pax import import_csv
from accordreg._importers.ucdp import import_ucdp
from accordreg._registry.arguments import LAST_DAY, after
from conftest import DATA, run

FIXTURES = DATA / "outcomes"
#: The answer on the fixtures: the ceasefire provisions of PA-X agreements signed since
#: 2000 whose agreement ended within two years.
ANSWER = ["pax-9501/ce", "pax-9501/cf-999-1", "pax-9502/ce", "pax-9505/ce"]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PA-X's, UCDP's and the ceasefires' fixtures in one registry."""
    out = tmp_path_factory.mktemp("find") / "outcomes"
    import_csv(FIXTURES / "pax.csv", out)
    import_ucdp(FIXTURES / "ucdp.csv", out)
    import_ceasefires(FIXTURES / "ceasefires.csv", out)
    return out


@pytest.fixture(scope="module")
def registry(outcomes: Path) -> accordreg.Registry:
    """The three imports, loaded."""
    return accordreg.load(outcomes)


def test_the_question_from_python(registry: accordreg.Registry) -> None:
    """Ceasefire provisions of PA-X agreements signed since 2000 whose agreement ended
    within two years: each with the end's date and source."""
    found = registry.find(
        category="ceasefire", since=date(2000, 1, 1), agreement_status="ended", within="2y"
    )
    answer = []
    for p in found:
        agreement = registry.agreement(p.agreement)
        assert agreement.links is not None
        assert agreement.links.pax_agreement is not None
        end = next(e for e in agreement.history if e.status == "ended")
        answer.append((p.id, str(end.on), end.sources))
    assert answer == [
        ("pax-9501/ce", "2002-06-15", ["ucdp-peace-agreements-22-1"]),
        ("pax-9501/cf-999-1", "2002-06-15", ["ucdp-peace-agreements-22-1"]),
        ("pax-9502/ce", "2004-11", ["ucdp-peace-agreements-22-1"]),
        ("pax-9505/ce", "2006-01-05", ["ucdp-peace-agreements-22-1"]),
    ]


def test_the_question_from_the_command_line(outcomes: Path) -> None:
    """`status --agreement-status ended --within 2y` lists the same provisions, each
    agreement's line with its end."""
    code, out = run(
        "status",
        "-r",
        str(outcomes),
        "--category",
        "ceasefire",
        "--since",
        "2000-01-01",
        "--agreement-status",
        "ended",
        "--within",
        "2y",
        "--format",
        "json",
    )
    assert code == 0, out
    assert [row["id"] for row in json.loads(out)] == ANSWER
    code, out = run(
        "status", "-r", str(outcomes), "--agreement", "pax-9502", "--agreement-status", "ended"
    )
    assert code == 0, out
    assert "ended since November 2004" in out


def test_a_shorter_time_keeps_fewer(registry: accordreg.Registry) -> None:
    """Within a year: pax-9502 (ten months) and pax-9505 (four), not pax-9501 (fifteen)."""
    found = registry.find(category="ceasefire", agreement_status="ended", within="12m")
    assert [p.id for p in found] == ["pax-9502/ce", "pax-9505/ce"]
    days = registry.find(category="ceasefire", agreement_status="ended", within=timedelta(120))
    assert [p.id for p in days] == ["pax-9505/ce"]


def test_an_end_known_to_its_month_counts_once_the_month_is_over(
    registry: accordreg.Registry,
) -> None:
    """pax-9502 ended in November 2004 (signed 1 February): not on record by 30 November
    minus a day, on record by its end."""
    assert [
        p.id
        for p in registry.find(
            agreement="pax-9502", agreement_status="ended", on=date(2004, 11, 29)
        )
    ] == []
    assert [
        p.id for p in registry.find(agreement="pax-9502", agreement_status="ended", on="2004-11-30")
    ] == ["pax-9502/ce"]


def test_the_status_on_a_date(registry: accordreg.Registry) -> None:
    """Without `within`: the status on `on` (today by default)."""
    signed = registry.find(agreement_status="signed", on=date(2002, 1, 1))
    assert {p.agreement for p in signed} == {"pax-9501"}
    assert {p.agreement for p in registry.find(agreement_status=["ended"])} == {
        "pax-9501",
        "pax-9502",
        "pax-9505",
    }


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ({"agreement_status": "endd"}, "find(agreement_status=...): no agreement status 'endd'"),
        ({"within": "2y"}, "find(within=...): it says when agreement_status is read"),
        (
            {"agreement_status": "ended", "within": "2 weeks"},
            "find(within=...): '2 weeks' is not a length of time",
        ),
        ({"agreement_status": "ended", "within": timedelta(-1)}, "is a time before"),
    ],
)
def test_wrong_arguments_are_refused_by_name(
    registry: accordreg.Registry, arguments: dict[str, object], said: str
) -> None:
    """A status the lifecycle lacks (with a did-you-mean), `within` alone, a length that is
    none: ValueError naming the argument."""
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        registry.find(**arguments)  # type: ignore[arg-type]


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.integers(0, 600))
def test_months_later_fall_on_the_same_day_or_the_months_last(start: date, months: int) -> None:
    """n months later is n calendar months on, the same day or the month's last; 12n months
    is n years."""
    later = after(start, f"{months}m")
    assert (later.year - start.year) * 12 + later.month - start.month == months
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(start.day, last)
    if months % 12 == 0:
        assert after(start, f"{months // 12}y") == later


def test_a_time_past_the_last_day_stops_there() -> None:
    """9999 years after is the last day views cover, not an error."""
    assert after(date(2020, 1, 1), "9999y") == LAST_DAY
    assert after(date(2020, 1, 1), timedelta(days=10**6)) == LAST_DAY
