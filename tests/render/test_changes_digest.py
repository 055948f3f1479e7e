"""Digests for people: what changed, with a long "no news" list kept readable."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from accordreg._registry.changes import Changes, NoNews
from accordreg._render.changes import NO_NEWS_LISTED, RENDERERS

UNTIL = date(2026, 1, 31)


def _changes(quiet: int) -> Changes:
    """A window in which ``quiet`` provisions of ten agreements have had no news."""
    no_news = tuple(
        NoNews(
            f"a{i % 10}/p{i}",
            f"a{i % 10}",
            f"Provision {i}",
            "agreed",
            UNTIL - timedelta(days=100 + i),
            100 + i,
        )
        for i in range(quiet)
    )
    return Changes(UNTIL - timedelta(days=29), UNTIL, 90, (), (), (), no_news)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_short_no_news_list_is_listed_whole(fmt: str) -> None:
    """Up to the limit, every provision with no news is listed."""
    text = RENDERERS[fmt](_changes(NO_NEWS_LISTED))
    assert all(f"p{i}`" in text or f"p{i}:" in text for i in range(NO_NEWS_LISTED))


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_long_no_news_list_names_the_most_recently_quiet_and_counts_the_rest(
    fmt: str,
) -> None:
    """Above the limit: the count, and the provisions that went quiet most recently."""
    text = RENDERERS[fmt](_changes(NO_NEWS_LISTED + 25))
    assert f"{NO_NEWS_LISTED + 25:,} provisions of 10 agreements" in text
    listed = [i for i in range(NO_NEWS_LISTED + 25) if f"p{i}`" in text or f"p{i}:" in text]
    assert listed == list(range(NO_NEWS_LISTED))


def test_json_keeps_every_provision_with_no_news() -> None:
    """Programs get the whole list, whatever its length."""
    out = json.loads(RENDERERS["json"](_changes(NO_NEWS_LISTED + 25)))
    assert len(out["no_news"]) == NO_NEWS_LISTED + 25
