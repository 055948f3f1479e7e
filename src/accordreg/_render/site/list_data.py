"""The whole list of provisions as data for the list's filter (``assets/list.js``), so that
a filter acts on every provision, not on the thousand rows of the page at hand.

The rows are those the list pages show, from the same :class:`Pages` rows (standings from
the engine, labels from the registry's settings): the script draws a filtered table from
them and never works out a status or a flag of its own. Values repeated across rows
(labels, levels, notes) are written once and named by their position, so that PA-X's
26,890 rows take about 2 MB.

The file is a script that hands its data to ``accordregList(...)``: a page opened from
disk may run a script from beside it, where browsers refuse to ``fetch`` a file.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import urls
from .browse import AGREEMENT_FACETS, agreement_values, filter_choices, label, values_of
from .rows import Context, Row

if TYPE_CHECKING:
    from .pages import Pages

#: Where the data lives in the site.
PATH = "assets/list.js"
#: The filters the list offers, as named in its address (``provisions.html#status=agreed``),
#: in the order the form shows them.
FILTERS = ("status", "category", "party", "flag", *AGREEMENT_FACETS)


class _Table:
    """Distinct values in the order first met, each named by its position."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._at: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        key = json.dumps(value)
        at = self._at.get(key)
        if at is None:
            at = self._at[key] = len(self.values)
            self.values.append(value)
        return at


def choices(pages: Pages) -> dict[str, list[list[str]]]:
    """Each filter's values as [value, label] (statuses with their style class), in the
    order the form lists them."""
    found = filter_choices(pages)
    out: dict[str, list[list[str]]] = {
        "status": [[c["value"], c["label"], urls.word(c["value"])] for c in found["statuses"]],
        "category": [[c["value"], c["label"]] for c in found["categories"]],
        "party": [[c["value"], c["label"]] for c in found["parties"]],
        "flag": [[c["value"], c["label"]] for c in found["flags"]],
    }
    for facet in AGREEMENT_FACETS:
        out[facet] = [[v, label(facet, v)] for v in values_of(pages, facet)]
    return out


#: How the form names each filter, and how a sentence does ("status agreed").
_NAMES = {
    "status": ("Status", "status"),
    "category": ("Category", "category"),
    "party": ("Party", "party"),
    "flag": ("To note", "flagged"),
    "region": ("Region", "region"),
    "country": ("Country", "country"),
    "conflict-type": ("Conflict type", "conflict type"),
    "stage": ("Stage", "stage"),
}


def form(pages: Pages) -> Context:
    """What the list pages' filter shows: the links to one page per status, category,
    party and flag, and a field per filter with its values (none where no provision has
    one: a registry without PA-X's fields gets no region field)."""
    fields = choices(pages)
    return {
        **filter_choices(pages),
        "total": len(pages.rows),
        "fields": [
            Row(name=name, label=_NAMES[name][0], word=_NAMES[name][1], values=fields[name])
            for name in FILTERS
            if fields[name]
        ],
    }


def list_data(pages: Pages) -> bytes:
    """The script holding every row of the list and the values each filter reads."""
    fields = choices(pages)
    at = {name: {v[0]: i for i, v in enumerate(values)} for name, values in fields.items()}
    r = pages.registry
    agreements: list[list[Any]] = []
    agreement_at: dict[str, int] = {}
    for a in r.agreements.values():
        own: dict[str, list[int]] = {f: [] for f in AGREEMENT_FACETS}
        for facet, value in agreement_values(a):
            own[facet].append(at[facet][value])
        agreement_at[a.id] = len(agreements)
        link = pages.agreement_link(a.id)
        agreements.append([a.id, link["title"], link["url"], [own[f] for f in AGREEMENT_FACETS]])
    titles, levels, notes = _Table(), _Table(), _Table()
    rows = []
    flagged = {value: set(pages.groups.get(("flag", value), ())) for value in at["flag"]}
    for s in pages.rows:
        p = s.provision
        row = pages.prow[p.id]
        if p.agreement not in agreement_at:  # a provision of no agreement on record
            agreement_at[p.agreement] = len(agreements)
            agreements.append([p.agreement, p.agreement, None, [[] for _ in AGREEMENT_FACETS]])
        rows.append(
            [
                p.id,
                titles(row["title"]),
                agreement_at[p.agreement],
                at["category"][str(p.category)],
                at["status"].get(row["status"], -1),
                row["since"] or "",
                levels(row["level"]),
                row["progress"] or "",
                row["next_deadline"] or "",
                notes(row["flags"]),
                [at["party"][x] for x in row["parties"].split() if x in at["party"]],
                [i for value, i in at["flag"].items() if p.id in flagged[value]],
            ]
        )
    # Where a provision's page is: the address of one whose id is a placeholder, split.
    before, after = urls.provision("\0").split("\0")
    data = {
        "total": len(rows),
        "filters": list(FILTERS),
        "agreement_facets": list(AGREEMENT_FACETS),
        "fields": fields,
        "provision_url": [before, after],
        "agreements": agreements,
        "titles": titles.values,
        "levels": levels.values,
        "notes": notes.values,
        "rows": rows,
    }
    return b"accordregList(" + script_json(data) + b");\n"


def script_json(data: Any) -> bytes:
    """JSON to be read as a script: compact, and without the two line separators that
    older JavaScript did not allow in a string."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")
