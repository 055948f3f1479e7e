"""Writing the website: the charts, every page through the templates, in one process or
one per core, into a new folder that then takes the old site's place.

The folder is a :class:`~accordreg._store.write.OutputFolder`: what a build wrote is
listed in the site's marker (``.accordreg-site``: each file's size and hash), and a
rebuild replaces and removes those files, as they were written, and nothing else; a file
someone added to the folder (a ``CNAME``, a registry kept there) or changed stays, and a
page that would land on it is refused. A site that is nothing but the last build's files
is swapped for the new one in one step. A build that is killed leaves its folder beside
the site (``.SITE.XXXXXXXX``, locked while the build or one of its writers lives); the
next build removes it. Writer processes end with the build that started them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._errors import MissingExtra, SiteError, WriteError
from ..._store.atomic import checkpoint, failed
from ..._store.write import OutputFolder, digest
from .. import words
from ..chart import colour
from . import browse, list_data, urls
from . import charts as site_charts
from . import pages as page_data
from .pages import Pages
from .rows import Context, Row
from .search_index import search_files, searched

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..._registry.query import Registry

#: Rows per page of a list of provisions: long lists are split so that pages stay light.
PAGE_SIZE = 1000
#: The file in the output folder that marks it as a site accordreg built and lists the
#: files the build wrote (see the module's docstring); a folder without it is never
#: written into unless empty.
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
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("accordreg._render.site", "templates"),
        # Every value a template prints is escaped unless marked safe; none is marked.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # {{ n|count("provision") }}: "1 provision", "2,257 provisions".
    env.filters["count"] = words.count
    env.filters["narrow"] = site_charts.narrow
    return env


# -- writing ---------------------------------------------------------------------------------


def _style(registry: Registry) -> str:
    """The stylesheet: the shipped one, then a colour per state of the registry's lifecycle."""
    base = resources.files("accordreg._render.site").joinpath("static/style.css").read_text("utf-8")
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
    """Renders pages into a folder, counting them and noting each one's hash."""

    def __init__(self, env: Environment, folder: Path, common: Context) -> None:
        self.env = env
        self.folder = folder
        self.common = common
        self.pages = 0
        #: The hash of each page written, by its path in the site.
        self.digests: dict[str, str] = {}
        self._made: set[str] = set()

    def page(self, path: str, template: str, **context: Any) -> None:
        if _PARENT is not None and os.getppid() != _PARENT:
            os._exit(1)  # a writer whose build is gone stops (where the system told it not)
        text = self.env.get_template(template).render(
            **self.common, **context, root=urls.root_of(path), path=path
        )
        data = text.encode("utf-8")
        target = self.folder / path
        parent = os.path.dirname(path)
        if parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        # Plain writes: the whole folder is put in place at the end, so no page is seen
        # half-written.
        with open(target, "wb") as handle:
            handle.write(data)
        self.digests[path] = digest(data)
        self.pages += 1
        if self.pages == 1:
            checkpoint("site-page")

    def file(self, path: str, data: bytes) -> None:
        """A file that is not a page (the search index, the list's data), as it is."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        self.digests[path] = digest(data)

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


#: Below this many records a build runs in one process: forking costs more than it saves.
PARALLEL_FROM = 2000
#: Parts of the jobs per writer process (see _write_all).
SHARES = 8

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


def _jobs(site: Pages, own: dict[str, str]) -> list[_Job]:
    """Every page and chart to write, as (kind, key): lists first, then one per record."""
    r = site.registry
    # The heaviest first, each in a part of its own (see _write_all).
    jobs: list[_Job] = [
        ("search", ""),
        ("home-charts", ""),
        ("list", ""),
        ("home", ""),
        ("browse", ""),
        ("search-page", ""),
        ("agreements", ""),
        ("provisions", ""),
        ("parties", ""),
        ("sources", ""),
        ("cite", ""),
    ]
    if len(site.recent) > page_data.RECENT_SHOWN:
        jobs.append(("recent", ""))
    jobs += [("facet", f"{kind}\0{value}") for kind, value, _, _ in site.facets()]
    jobs += [("agreements-of", f"{kind}\0{value}") for kind, value in site.agreement_groups]
    jobs += [("chart", x) for x in own]
    jobs += [("agreement", x) for x in r.agreements]
    jobs += [("provision", x) for x in r.provisions]
    jobs += [("party", x) for x in r.parties]
    jobs += [("source", x) for x in r.sources]
    return jobs


def _run(jobs: Sequence[_Job]) -> tuple[int, dict[str, str]]:
    """Write the pages of ``jobs``; return how many pages that made, and their hashes."""
    assert _STATE is not None
    site, write, filters = _STATE.site, _STATE.writer, _STATE.filters
    before = write.pages
    write.digests = {}
    headings = (
        {(k, v): h for k, v, h, _ in site.facets()}
        if any(kind == "facet" for kind, _ in jobs)
        else {}
    )
    for kind, key in jobs:
        if kind == "provision":
            write.page(
                urls.provision(key), "provision.html", **site.provision(key), nav="provisions"
            )
        elif kind == "agreement":
            context = site.agreement(key, _STATE.own_charts.get(key))
            write.page(urls.agreement(key), "agreement.html", **context, nav="agreements")
        elif kind == "party":
            write.page(urls.party(key), "party.html", **site.party(key), nav="parties")
        elif kind == "source":
            write.page(urls.source(key), "source.html", **site.source(key), nav="sources")
        elif kind == "facet":
            facet, value = key.split("\0", 1)
            write.paged(
                urls.facet(facet, value),
                "provisions.html",
                site.group_rows[facet, value],
                filters=filters,
                heading=headings[facet, value],
                nav="provisions",
                preset={facet: value},
                in_place=False,
            )
        elif kind == "provisions":
            write.paged(
                urls.PROVISIONS,
                "provisions.html",
                [site.prow[s.provision.id] for s in site.rows],
                filters=filters,
                heading="All provisions",
                nav="provisions",
                preset={},
                in_place=True,
            )
        elif kind == "agreements-of":
            facet, value = key.split("\0", 1)
            context = browse.facet_page(site, facet, value)
            write.page(urls.facet(facet, value), "agreement_list.html", **context, nav="browse")
        elif kind == "search":
            for path, data in search_files(site).items():
                write.file(path, data)
        elif kind == "list":
            write.file(list_data.PATH, list_data.list_data(site))
        elif kind == "home-charts":
            if _STATE.home_charts:
                for path, data in site_charts.home_charts(site, _STATE.home_charts).items():
                    write.file(path, data)
        elif kind == "chart":
            for path, data in site_charts.agreement_charts(
                site, key, _STATE.own_charts[key]
            ).items():
                write.file(path, data)
        elif kind == "search-page":
            write.page(urls.SEARCH, "search.html", counts=searched(site), nav="search")
        elif kind == "browse":
            write.page(urls.BROWSE, "browse.html", **browse.browse(site), nav="browse")
        elif kind == "recent":
            write.page(urls.RECENT, "recent.html", **site.recent_page(), nav="home")
        elif kind == "home":
            write.page(urls.HOME, "home.html", **site.home(_STATE.home_charts), nav="home")
        else:
            make: Callable[[], Context] = getattr(site, kind)
            write.page(getattr(urls, kind.upper()), f"{kind}.html", **make(), nav=kind)
    return write.pages - before, write.digests


def _workers(jobs: int) -> int:
    """How many processes to write with: one per core we may use, for large sites on Linux."""
    if jobs < PARALLEL_FROM or not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


#: In a writer process, the build's process: a writer whose parent is another has lost
#: its build, and stops. None in the build's own process.
_PARENT: int | None = None


def _writer_started(parent: int) -> None:
    """Set up a writer process: it dies with the build that started it."""
    global _PARENT
    _PARENT = parent
    with contextlib.suppress(Exception):  # Linux only; elsewhere each page checks
        import ctypes

        set_death_signal = 1  # prctl's PR_SET_PDEATHSIG
        ctypes.CDLL(None, use_errno=True).prctl(set_death_signal, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the build died before that took effect
        os._exit(1)


def _write_all(jobs: list[_Job], workers: int) -> tuple[int, dict[str, str]]:
    if workers == 1:
        return _run(jobs)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked workers share the site's data with the parent instead of rebuilding it. The
    # jobs are dealt into SHARES parts per worker (every n-th job, so that heavy and light
    # pages mix), and a worker that is done takes the next part: the search index, drawn
    # by one, does not hold the others up.
    context = multiprocessing.get_context("fork")
    pages, digests = 0, {}
    # The site's data, inherited, is never garbage: out of the collector's sight, its
    # pages are not copied into each writer when a collection would walk them.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_writer_started, initargs=(os.getpid(),)
        ) as pool:
            parts = workers * SHARES
            futures = [pool.submit(_run, jobs[i::parts]) for i in range(parts)]
            for future in futures:
                count, written = future.result()
                pages += count
                digests.update(written)
    except BrokenProcessPool:
        raise SiteError("a process writing pages ended before its pages were written") from None
    finally:
        gc.unfreeze()
    return pages, digests


def build(registry: Registry, out: Path, on: date, *, charts: bool = True) -> BuildResult:
    """Write the website of ``registry`` as of ``on`` into the folder ``out``.

    ``out`` must be new, empty, or a site built before: the files the last build wrote
    are replaced or removed, and nothing else in it is touched (see the module's
    docstring). Large registries are written by one process per core (Linux). Raises
    SiteError where ``out`` is not for a site, WriteError where it cannot be written.
    """
    env = _environment()
    site = Pages(registry, on)
    # Refused here, before any work, if it is not for a site.
    output = OutputFolder(out, marker=MARKER, refuse=SiteError, what="site")
    try:
        return _build(registry, site, env, output, charts)
    except WriteError:
        raise
    except OSError as exc:  # a page or chart that could not be written (a full disk)
        raise failed(out, exc) from exc


def _build(
    registry: Registry, site: Pages, env: Environment, output: OutputFolder, charts: bool
) -> BuildResult:
    global _STATE
    notes: list[str] = []
    with output:
        folder = output.folder
        (folder / ".nojekyll").write_text("", encoding="utf-8")
        (folder / "assets").mkdir()
        (folder / urls.STYLE).write_text(_style(registry), encoding="utf-8")
        static = resources.files("accordreg._render.site").joinpath("static")
        for name, path in (
            ("filter.js", urls.SCRIPT),
            ("search.js", urls.SEARCH_SCRIPT),
            ("favicon.svg", urls.FAVICON),
        ):
            (folder / path).write_bytes(static.joinpath(name).read_bytes())
        if charts:
            home_charts, own, notes = site_charts.plan(site)
        else:
            home_charts, own, notes = {}, {}, ["no charts: --no-charts"]
        common = site.common()
        common["charts_note"] = notes[0] if notes and not home_charts else None
        writer = _Writer(env, folder, common)
        _STATE = _State(site, writer, own, home_charts, list_data.form(site))
        try:
            jobs = _jobs(site, own)
            pages, digests = _write_all(jobs, _workers(len(jobs)))
        finally:
            _STATE = None
        drawn = len(list((folder / site_charts.FOLDER).glob("*.svg")))  # the wide ones
        notes += output.install(digests)
    return BuildResult(output.out, pages, drawn, notes)
