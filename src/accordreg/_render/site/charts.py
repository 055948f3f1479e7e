"""The site's charts: the home page's two and an agreement's own, each drawn twice, for a
page's width and for a phone's (``assets/charts/narrow/``), where the wide chart's text
would shrink to a few pixels. Pages show the narrow one up to 40rem wide (a ``<picture>``).

:func:`plan` says which charts there are before any is drawn, so that pages can name them
while the writers draw them, each chart a job of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._errors import MissingExtra
from ..chart import LANE_LIMIT, LINE_LIMIT

if TYPE_CHECKING:
    from .pages import Pages

#: The most agreements that get a chart of their own (each takes a third of a second to
#: draw, twice): beyond that, an agreement's page shows its table alone.
AGREEMENT_CHARTS = 100
FOLDER = "assets/charts"


def narrow(path: str) -> str:
    """The phone's version of a chart: ``assets/charts/narrow/<name>``."""
    return path.replace(f"{FOLDER}/", f"{FOLDER}/narrow/", 1)


def plan(site: Pages) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The home page's charts (with their captions), the agreements' charts (agreement id
    -> path from the site's root), and notes for the reader of the command's output."""
    try:
        import matplotlib  # noqa: F401  # only whether it is there
    except ImportError:
        missing = MissingExtra("Charts are drawn with matplotlib", "report")
        return {}, {}, [f"no charts: {missing}"]
    r = site.registry
    ids = [s.provision.id for s in site.rows]
    agreements = list(dict.fromkeys(s.provision.agreement for s in site.rows))
    home = {}
    if ids:
        home = {
            "status": f"{FOLDER}/status.svg",
            "status_caption": "Status of each provision over time. Hatched: no information "
            "after the latest recorded event."
            if len(ids) <= LANE_LIMIT
            else f"How many provisions stood in each status over time (one lane per provision "
            f"is drawn up to {LANE_LIMIT} provisions).",
            "levels": f"{FOLDER}/levels.svg",
            "levels_caption": "Each agreement's implementation level over time "
            "(Σ levels ÷ 3 × rated provisions)."
            if len(agreements) <= LINE_LIMIT
            else "The implementation level of all the provisions together over time "
            f"(Σ levels ÷ 3 × rated provisions; one line per agreement up to {LINE_LIMIT}).",
        }
    # An agreement's own lanes are worth drawing where something happened after signing.
    eligible = [
        a
        for a in agreements
        if len(r.provision_ids(a)) <= LANE_LIMIT
        and any(len(r.provision(p).history) > 1 for p in r.provision_ids(a))
    ]
    notes = []
    if len(eligible) > AGREEMENT_CHARTS:
        notes.append(
            f"charts drawn for the {AGREEMENT_CHARTS} latest of the {len(eligible)} agreements "
            "with a history after signing; the other agreement pages show their tables"
        )
    own = {a: f"{FOLDER}/agreement-{a}.svg" for a in eligible[-AGREEMENT_CHARTS:]}
    return home, own, notes


def home_charts(site: Pages, home: dict[str, str]) -> dict[str, bytes]:
    """The home page's charts, both widths, by path."""
    from ..chart import levels_chart, status_chart

    ids = [s.provision.id for s in site.rows]
    agreements = list(dict.fromkeys(s.provision.agreement for s in site.rows))
    out = {}
    for small in (False, True):
        for key, draw, of in (("status", status_chart, ids), ("levels", levels_chart, agreements)):
            path = narrow(home[key]) if small else home[key]
            out[path] = draw(site.registry, of, site.on, narrow=small).encode("utf-8")
    return out


def agreement_charts(site: Pages, agreement_id: str, path: str) -> dict[str, bytes]:
    """An agreement's chart, both widths, by path."""
    from ..chart import timeline_svg

    ids = site.registry.provision_ids(agreement_id)
    return {
        (narrow(path) if small else path): timeline_svg(
            site.registry, ids, site.on, narrow=small
        ).encode("utf-8")
        for small in (False, True)
    }
