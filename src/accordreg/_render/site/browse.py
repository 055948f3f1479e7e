"""Browsing the site by what an agreement is (its PA-X region, countries, conflict type and
stage) and by what a provision is (its category and status on the site's date).

An agreement's fields give a page per value listing its agreements (``by/region/...``,
``by/country/...``, ``by/conflict-type/...``, ``by/stage/...``), each linking to its
provisions in the whole list, filtered (``provisions.html#region=...``). A provision's
category and status already have their lists of provisions (``by/category/...``,
``by/status/...``). ``browse.html`` lists every value of each, with its counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from ..._model.places import country_name
from ..._model.records import Agreement
from ..._model.vocabulary import STAGE_LABELS
from .. import words
from . import urls
from .rows import Context, Row

if TYPE_CHECKING:
    from .pages import Pages

#: The agreement fields one can browse by, with their headings, in the order pages show
#: them. Each is also a filter of the provisions list, under the same name.
AGREEMENT_FACETS = {
    "region": "Region (PA-X)",
    "country": "Country",
    "conflict-type": "Conflict type (PA-X)",
    "stage": "Stage (PA-X)",
}


def agreement_values(a: Agreement) -> Iterator[tuple[str, str]]:
    """(facet, value) for each browsable field an agreement has."""
    if a.region:
        yield "region", str(a.region)
    for code in dict.fromkeys(a.countries):
        yield "country", code
    if a.conflict_type:
        yield "conflict-type", str(a.conflict_type)
    if a.stage:
        yield "stage", str(a.stage)


@cache
def label(facet: str, value: str) -> str:
    """A value as a reader reads it: a country's name, a stage's meaning."""
    if facet == "country":
        return country_name(value) or value
    if facet == "stage":
        return STAGE_LABELS.get(value, value)
    return value


def filter_choices(pages: Pages) -> Context:
    """The values of a provision's own fields (status, category, party, flag), each with
    its count and the page of its provisions, as the list's filter and the browse page
    offer them."""
    counts = {key: len(ids) for key, ids in pages.groups.items()}

    def choices(kind: str, label: Callable[[str], str]) -> list[Row]:
        found = [(v, n) for (k, v), n in counts.items() if k == kind]
        return [
            Row(value=v, label=label(v), count=n, url=pages.facet_url(kind, v))
            for v, n in sorted(found, key=lambda x: label(x[0]).casefold())
        ]

    order = {s: i for i, s in enumerate(pages.registry.lifecycle.states())}
    statuses = choices("status", pages.state)
    statuses.sort(key=lambda c: order.get(c["value"], len(order)))
    return {
        "statuses": statuses,
        "categories": choices("category", lambda v: str(pages.category(v)["title"])),
        "parties": choices("party", lambda v: str(pages.party_link(v)["title"])),
        "flags": choices("flag", lambda v: v.replace("-", " ")),
    }


def agreement_groups(pages: Pages) -> dict[tuple[str, str], list[str]]:
    """The agreements of each (facet, value), in the order they were signed."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in sorted(
        pages.registry.agreements.values(), key=lambda a: (a.date_signed or date.max, a.id)
    ):
        for key in agreement_values(a):
            groups[key].append(a.id)
    for key in groups:
        label(*key)  # each named once, here, before the writers fork
    return dict(sorted(groups.items()))


def list_url(facet: str, value: str) -> str:
    """The whole list of provisions, filtered to one value (a fragment its script reads)."""
    return f"{urls.PROVISIONS}#{urlencode({facet: value})}"


def values_of(pages: Pages, facet: str) -> list[str]:
    """The values of an agreement field that some agreement has, by their labels."""
    found = [v for (f, v) in pages.agreement_groups if f == facet]
    return sorted(found, key=lambda v: label(facet, v).casefold())


def browse(pages: Pages) -> Context:
    """The browse page: every value of every facet, with how many agreements and
    provisions it holds, each linking to its page."""
    r = pages.registry
    sections = []
    for facet, heading in AGREEMENT_FACETS.items():
        items = []
        for value in values_of(pages, facet):
            ids = pages.agreement_groups[facet, value]
            provisions = sum(len(r.provision_ids(a)) for a in ids)
            items.append(
                Row(
                    label=label(facet, value),
                    value=value,
                    url=urls.facet(facet, value),
                    counts=f"{words.count(len(ids), 'agreement')}, "
                    f"{words.count(provisions, 'provision')}",
                )
            )
        if items:
            sections.append(Row(id=facet, heading=heading, items=items))
    filters = filter_choices(pages)
    for facet, heading, choices in (
        ("category", "Category", filters["categories"]),
        ("status", f"Status on {pages.on.isoformat()}", filters["statuses"]),
    ):
        items = [
            Row(
                label=c["label"],
                value=c["value"],
                url=c["url"],
                counts=words.count(c["count"], "provision"),
            )
            for c in choices
        ]
        if items:
            sections.append(Row(id=facet, heading=heading, items=items))
    return {"sections": sections}


def facet_page(pages: Pages, facet: str, value: str) -> Context:
    """The page of one value of an agreement field: its agreements, and a link to their
    provisions in the whole list."""
    ids = pages.agreement_groups[facet, value]
    provisions = sum(len(pages.registry.provision_ids(a)) for a in ids)
    named = label(facet, value)
    heading = {
        "region": f"Agreements of the region {named}",
        "country": f"Agreements that apply to {named}",
        "conflict-type": f"Agreements of conflicts of the type {named}",
        "stage": f"Agreements at the stage {named}",
    }[facet]
    return {
        "title": heading,
        "heading": heading,
        "facet": AGREEMENT_FACETS[facet],
        "facet_id": facet,
        "value": value if named != value else None,
        "counts": f"{words.count(len(ids), 'agreement')}, {words.count(provisions, 'provision')}",
        "provisions_url": list_url(facet, value) if provisions else None,
        "rows": [_agreement_row(pages, a) for a in ids],
    }


def _agreement_row(pages: Pages, agreement_id: str) -> Row:
    a = pages.registry.agreement(agreement_id)
    return Row({**pages.agreement_summary(agreement_id), "process": a.process})


def agreement_facts(pages: Pages, a: Agreement) -> list[tuple[str, list[Row]]]:
    """An agreement page's browsable facts, each value linking to its page."""
    found: dict[str, list[Row]] = defaultdict(list)
    for facet, value in agreement_values(a):
        found[facet].append(Row(title=label(facet, value), url=urls.facet(facet, value)))
    return [(AGREEMENT_FACETS[f], found[f]) for f in AGREEMENT_FACETS if f in found]
