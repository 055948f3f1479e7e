"""Writing the website: the charts, every page through the templates, in one process or
one per core, into a new folder that then takes the old site's place whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...errors import MissingExtra, SiteError
from ..chart import LANE_LIMIT, LINE_LIMIT, colour
from . import urls
from .pages import Pages
from .rows import Context, Row

if TYPE_CHECKING:
    from jinja2 import Environment

    from ...registry.query import Registry

#: Rows per page of a list of provisions: long lists are split so that pages stay light.
PAGE_SIZE = 1000
#: The most agreements that get a chart of their own (each takes a third of a second to
#: draw): beyond that, an agreement's page shows its table alone.
AGREEMENT_CHARTS = 100
#: A file in the output folder that marks it as a site accordreg built, so that a
#: rebuild may replace it; a folder without it is never emptied.
MARKER = ".accordreg-site"


@dataclass
class BuildResult:
    """What a build wrote."""

    out: Path
    pages: int
    charts: int
    #: Why charts are missing or fewer than one might expect, for the command to print.
    notes: list[str] = field(default_factory=list)


def _environment() -> Environment:
    try:
        import jinja2
    except ImportError as exc:
        raise MissingExtra("The website is rendered with Jinja2", "site") from exc
    return jinja2.Environment(
        loader=jinja2.PackageLoader("accordreg.render.site", "templates"),
        # Every value a template prints is escaped unless marked safe; none is marked.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# -- charts ----------------------------------------------------------------------------------


def _charts(site: Pages, folder: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Draw the home page's charts and those of the agreements with a history to show.

    Returns the home charts and the agreement charts (name -> path from the site's root),
    and notes for the reader of the command's output.
    """
    try:
        import matplotlib  # noqa: F401  # only whether it is there
    except ImportError:
        missing = MissingExtra("Charts are drawn with matplotlib", "report")
        return {}, {}, [f"no charts: {missing}"]
    from ..chart import levels_chart, status_chart, timeline_svg

    r = site.registry
    folder.mkdir(parents=True, exist_ok=True)
    ids = [s.provision.id for s in site.rows]
    agreements = list(dict.fromkeys(s.provision.agreement for s in site.rows))
    home = {}
    if ids:
        (folder / "status.svg").write_text(status_chart(r, ids, site.on), encoding="utf-8")
        (folder / "levels.svg").write_text(levels_chart(r, agreements, site.on), encoding="utf-8")
        home = {
            "status": "assets/charts/status.svg",
            "status_caption": "Status of each provision over time. Hatched: no information "
            "after the latest recorded event."
            if len(ids) <= LANE_LIMIT
            else f"How many provisions stood in each status over time (one lane per provision "
            f"is drawn up to {LANE_LIMIT} provisions).",
            "levels": "assets/charts/levels.svg",
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
    own = {}
    for agreement_id in eligible[-AGREEMENT_CHARTS:]:
        name = f"agreement-{agreement_id}.svg"
        svg = timeline_svg(r, r.provision_ids(agreement_id), site.on)
        (folder / name).write_text(svg, encoding="utf-8")
        own[agreement_id] = f"assets/charts/{name}"
    return home, own, notes


# -- writing ---------------------------------------------------------------------------------


def _style(registry: Registry) -> str:
    """The stylesheet: the shipped one, then a colour per state of the registry's lifecycle."""
    base = resources.files("accordreg.render.site").joinpath("static/style.css").read_text("utf-8")
    rules = [
        f".status-{urls.word(str(s))} {{ --state: {colour(registry, s)}; }}"
        for s in registry.lifecycle.states()
    ]
    return (
        base
        + "\n/* One colour per state of the registry's lifecycle. */\n"
        + "\n".join(rules)
        + "\n"
    )


class _Writer:
    """Renders pages into a folder, counting them."""

    def __init__(self, env: Environment, folder: Path, common: Context) -> None:
        self.env = env
        self.folder = folder
        self.common = common
        self.pages = 0
        self._made: set[str] = set()

    def page(self, path: str, template: str, **context: Any) -> None:
        text = self.env.get_template(template).render(
            **self.common, **context, root=urls.root_of(path), path=path
        )
        target = self.folder / path
        parent = os.path.dirname(path)
        if parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        # Plain writes: the whole folder is swapped in at the end, so no page is seen half-written.
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.pages += 1

    def paged(self, path: str, template: str, rows: Sequence[Row], **context: Any) -> None:
        """A list split over pages of PAGE_SIZE rows, each linking to the others."""
        count = max(1, -(-len(rows) // PAGE_SIZE))
        for number in range(1, count + 1):
            here = urls.paged(path, number)
            self.page(
                here,
                template,
                rows=rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
                page=number,
                page_count=count,
                page_urls=[urls.paged(path, n) for n in range(1, count + 1)],
                total=len(rows),
                **context,
            )


def _prepare(out: Path) -> Path:
    """A fresh folder beside ``out`` to build in; refuses to replace what is not a site."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(
            f"{out} exists and is not a site accordreg built: choose an empty or new folder"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _swap(built: Path, out: Path) -> None:
    """Put the built folder in place of ``out``, the old one removed once the new is there."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / "site")
    os.replace(built, out)
    os.chmod(out, 0o755)  # mkdtemp makes a private folder; a site is for everyone to read
    if old is not None:
        shutil.rmtree(old)


#: Below this many records a build runs in one process: forking costs more than it saves.
PARALLEL_FROM = 2000

_Job = tuple[str, str]


@dataclass
class _State:
    """What every job needs: the site's data, the writer, the charts drawn."""

    site: Pages
    writer: _Writer
    own_charts: dict[str, str]
    home_charts: dict[str, str]
    filters: Context


#: The build's state, set before the workers fork, so that they inherit it unpickled.
_STATE: _State | None = None


def _jobs(site: Pages) -> list[_Job]:
    """Every page to write, as (kind, key): lists first, then one per record."""
    r = site.registry
    jobs: list[_Job] = [("home", ""), ("agreements", ""), ("provisions", ""), ("parties", ""),
                        ("sources", ""), ("cite", "")]  # fmt: skip
    jobs += [("facet", f"{kind}\0{value}") for kind, value, _, _ in site.facets()]
    jobs += [("agreement", x) for x in r.agreements]
    jobs += [("provision", x) for x in r.provisions]
    jobs += [("party", x) for x in r.parties]
    jobs += [("source", x) for x in r.sources]
    return jobs


def _run(jobs: Sequence[_Job]) -> int:
    """Write the pages of ``jobs``; return how many pages that made."""
    assert _STATE is not None
    site, write, filters = _STATE.site, _STATE.writer, _STATE.filters
    before = write.pages
    headings = (
        {(k, v): h for k, v, h, _ in site.facets()}
        if any(kind == "facet" for kind, _ in jobs)
        else {}
    )
    for kind, key in jobs:
        if kind == "provision":
            write.page(urls.provision(key), "provision.html", **site.provision(key),
                       nav="provisions")  # fmt: skip
        elif kind == "agreement":
            context = site.agreement(key, _STATE.own_charts.get(key))
            write.page(urls.agreement(key), "agreement.html", **context, nav="agreements")
        elif kind == "party":
            write.page(urls.party(key), "party.html", **site.party(key), nav="parties")
        elif kind == "source":
            write.page(urls.source(key), "source.html", **site.source(key), nav="sources")
        elif kind == "facet":
            facet, value = key.split("\0", 1)
            write.paged(urls.facet(facet, value), "provisions.html",
                        site.group_rows[facet, value], filters=filters,
                        heading=headings[facet, value], nav="provisions")  # fmt: skip
        elif kind == "provisions":
            write.paged(urls.PROVISIONS, "provisions.html",
                        [site.prow[s.provision.id] for s in site.rows], filters=filters,
                        heading="All provisions", nav="provisions")  # fmt: skip
        elif kind == "home":
            write.page(urls.HOME, "home.html", **site.home(_STATE.home_charts), nav="home")
        else:
            make: Callable[[], Context] = getattr(site, kind)
            write.page(getattr(urls, kind.upper()), f"{kind}.html", **make(), nav=kind)
    return write.pages - before


def _workers(jobs: int) -> int:
    """How many processes to write with: one per core we may use, for large sites on Linux."""
    if jobs < PARALLEL_FROM or not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _write_all(jobs: list[_Job], workers: int) -> int:
    if workers == 1:
        return _run(jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers share the site's data with the parent instead of rebuilding it; each
    # takes every n-th page so that the heavy and light pages are spread evenly.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(_run, jobs[i::workers]) for i in range(workers)]
        return sum(f.result() for f in futures)


def build(registry: Registry, out: Path, on: date, *, charts: bool = True) -> BuildResult:
    """Write the website of ``registry`` as of ``on`` into the folder ``out``.

    ``out`` must be new, empty, or a site built before (which is replaced whole). Large
    registries are written by one process per core (Linux).
    """
    global _STATE
    env = _environment()
    site = Pages(registry, on)
    folder = _prepare(out)
    try:
        (folder / MARKER).write_text(f"accordreg {__version__}\n", encoding="utf-8")
        # GitHub Pages runs Jekyll unless told not to; the pages are final as they are.
        (folder / ".nojekyll").write_text("", encoding="utf-8")
        (folder / "assets").mkdir()
        (folder / urls.STYLE).write_text(_style(registry), encoding="utf-8")
        script = resources.files("accordreg.render.site").joinpath("static/filter.js")
        (folder / urls.SCRIPT).write_text(script.read_text("utf-8"), encoding="utf-8")
        if charts:
            home_charts, own, notes = _charts(site, folder / "assets" / "charts")
        else:
            home_charts, own, notes = {}, {}, ["no charts: --no-charts"]
        common = site.common()
        common["charts_note"] = notes[0] if notes and not home_charts else None
        writer = _Writer(env, folder, common)
        _STATE = _State(site, writer, own, home_charts, site.filters())
        jobs = _jobs(site)
        pages = _write_all(jobs, _workers(len(jobs)))
        drawn = len(list((folder / "assets" / "charts").glob("*.svg")))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        _STATE = None
    _swap(folder, out)
    return BuildResult(out, pages, drawn, notes)
