"""Writing the website: the charts, every page through the templates, in one process or
one per core, into a new folder that then takes the old site's place.

What a build wrote is listed in the site's own manifest (``.accordreg-site``: each file's
size, time and hash). A rebuild replaces and removes the files that list names, as they
were written, and nothing else: a file someone added to the folder (a ``CNAME``, a
registry kept there) or changed stays, and a page that would land on it is refused. A
site that is nothing but the last build's files is swapped for the new one in one step.

A build that is killed leaves its folder beside the site (``.SITE.XXXXXXXX``, locked
while its builder or one of its writers lives); the next build removes it. Writer
processes end with the build that started them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...errors import MissingExtra, SiteError, WriteError
from ...store.atomic import (
    check_folder,
    checkpoint,
    exchange,
    failed,
    make_folder,
    write_bytes,
)
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
        self.digests[path] = _digest(data)
        self.pages += 1
        if self.pages == 1:
            checkpoint("site-page")

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
    jobs: list[_Job] = [
        ("home", ""),
        ("agreements", ""),
        ("provisions", ""),
        ("parties", ""),
        ("sources", ""),
        ("cite", ""),
    ]
    jobs += [("facet", f"{kind}\0{value}") for kind, value, _, _ in site.facets()]
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
            )
        elif kind == "provisions":
            write.paged(
                urls.PROVISIONS,
                "provisions.html",
                [site.prow[s.provision.id] for s in site.rows],
                filters=filters,
                heading="All provisions",
                nav="provisions",
            )
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

    # Forked workers share the site's data with the parent instead of rebuilding it; each
    # takes every n-th page so that the heavy and light pages are spread evenly.
    context = multiprocessing.get_context("fork")
    pages, digests = 0, {}
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_writer_started, initargs=(os.getpid(),)
        ) as pool:
            futures = [pool.submit(_run, jobs[i::workers]) for i in range(workers)]
            for future in futures:
                count, written = future.result()
                pages += count
                digests.update(written)
    except BrokenProcessPool:
        raise SiteError("a process writing pages ended before its pages were written") from None
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
    _Old.read(out)  # refused before any work if it is not for a site
    try:
        return _build(registry, site, env, out, charts)
    except WriteError:
        raise
    except OSError as exc:  # a page or chart that could not be written (a full disk)
        raise failed(out, exc) from exc


def _build(
    registry: Registry, site: Pages, env: Environment, out: Path, charts: bool
) -> BuildResult:
    global _STATE
    notes: list[str] = []
    with _Build(out) as building:
        folder = building.folder
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
        try:
            jobs = _jobs(site)
            pages, digests = _write_all(jobs, _workers(len(jobs)))
        finally:
            _STATE = None
        drawn = len(list((folder / "assets" / "charts").glob("*.svg")))
        new = _manifest(folder, digests)
        # Looked at again: what was added to the site while the build ran is not lost.
        notes += _install(folder, out, _Old.read(out), new)
        building.installed = True
    return BuildResult(out, pages, drawn, notes)


# -- the manifest ----------------------------------------------------------------------------

#: One version of a file as a build wrote it: its size and hash (no times: the same
#: registry and date give the same marker, as they give the same pages).
_Entry = tuple[int, str]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _file_digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest(folder: Path, digests: dict[str, str]) -> dict[str, list[_Entry]]:
    """Every file the build wrote into ``folder`` (but the marker), and the marker itself
    rewritten to list them."""
    files: dict[str, list[_Entry]] = {}
    for path, st in _walk(folder).items():
        if path == MARKER:
            continue
        if not stat.S_ISREG(st.st_mode) or "\n" in path:  # pragma: no cover - never made
            raise SiteError(f"{folder / path} is not a file the build wrote")
        digest = digests.get(path) or _file_digest(folder / path)
        files[path] = [(st.st_size, digest)]
    try:
        (folder / MARKER).write_bytes(_listing(files))
    except OSError as exc:
        raise failed(folder / MARKER, exc) from exc
    return files


#: How the marker's first line ends once it lists the build's files (before, the line
#: says only which accordreg is building: a build that did not get that far).
_LISTING = ": the files this site's build wrote (size, hash, path)"


def _listing(files: dict[str, list[_Entry]]) -> bytes:
    """The marker's text: a line per file and version, sorted by path."""
    lines = [f"accordreg {__version__}{_LISTING}\n"]
    for name in sorted(files):
        lines.extend(f"{size} {digest} {name}\n" for size, digest in files[name])
    return "".join(lines).encode("utf-8")


def _read_marker(path: Path) -> dict[str, list[_Entry]] | None:
    """The files a marker lists, or None for a marker that lists none (an older
    accordreg's, a build's that did not finish, a damaged one): files not known."""
    try:
        head, *lines = path.read_text(encoding="utf-8").splitlines()
        if not (head.startswith("accordreg ") and head.endswith(_LISTING)):
            return None
        files: dict[str, list[_Entry]] = {}
        for line in lines:
            size, digest, name = line.split(" ", 2)
            files.setdefault(name, []).append((int(size), digest))
    except (OSError, ValueError, IndexError):
        return None
    return files


def _walk(root: Path, folders: set[str] | None = None) -> dict[str, os.stat_result]:
    """Every entry under ``root`` but folders, by its path from ``root``, with its lstat
    (links are not followed); the folders go into ``folders`` if given."""
    found: dict[str, os.stat_result] = {}
    stack = [""]
    while stack:
        here = stack.pop()
        with os.scandir(root / here if here else root) as entries:
            for entry in entries:
                rel = f"{here}/{entry.name}" if here else entry.name
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(st.st_mode):
                    stack.append(rel)
                    if folders is not None:
                        folders.add(rel)
                else:
                    found[rel] = st
    return found


def _parents(path: str) -> Iterator[str]:
    """The folders ``path`` lies in, from the site's root down (the root itself left out)."""
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i])


def _matches(path: Path, st: os.stat_result, entries: list[_Entry], listed_at: int) -> bool:
    """Whether the file is one of the versions a build wrote: of a listed size and not
    modified since the listing was written (``listed_at``, the marker's time), or else
    (touched, edited) of a listed hash."""
    if not stat.S_ISREG(st.st_mode):
        return False
    sized = [e for e in entries if st.st_size == e[0]]
    if not sized:
        return False
    if st.st_mtime_ns <= listed_at:
        return True
    try:
        digest = _file_digest(path)
    except OSError:
        return False
    return any(digest == e[1] for e in sized)


def _listed_at(root: Path) -> int:
    """When the marker in ``root`` was written (ns), or -1."""
    try:
        return os.lstat(root / MARKER).st_mtime_ns
    except OSError:
        return -1


# -- the site that is there --------------------------------------------------------------


@dataclass
class _Old:
    """What stands at the output folder before a build."""

    #: The folder's permissions, or None if there is no folder.
    mode: int | None = None
    #: Files the last build wrote, as they are now (path -> the versions it lists).
    ours: dict[str, list[_Entry]] = field(default_factory=dict)
    #: Folders that hold those files (and nothing the build did not write, perhaps).
    our_folders: set[str] = field(default_factory=set)
    #: Everything else: files, links, devices a build did not write; folders that hold
    #: none of the build's files.
    others: set[str] = field(default_factory=set)
    #: Whether the marker lists no files (an older accordreg's): only the pages the new
    #: build writes are taken for the old build's.
    unlisted: bool = False

    @classmethod
    def read(cls, out: Path) -> _Old:
        """Look at ``out``; SiteError if it is a folder with files but no site's marker,
        WriteError if it is not a folder (a link, a file, a device)."""
        try:
            if not check_folder(out):
                return cls()
            mode = os.stat(out).st_mode & 0o7777
            folders: set[str] = set()
            entries = _walk(out, folders)
        except OSError as exc:
            raise failed(out, exc) from exc
        if not entries and not folders:
            return cls(mode)
        marker = entries.pop(MARKER, None)
        if marker is None or not stat.S_ISREG(marker.st_mode):
            raise SiteError(
                f"{out} exists and is not a site accordreg built: choose an empty or new folder"
            )
        listed = _read_marker(out / MARKER)
        listed_at = marker.st_mtime_ns
        old = cls(mode, unlisted=listed is None)
        for path, st in entries.items():
            versions = (listed or {}).get(path)
            if versions is not None and _matches(out / path, st, versions, listed_at):
                old.ours[path] = versions
                old.our_folders.update(_parents(path))
            elif listed is None and stat.S_ISREG(st.st_mode):
                old.ours[path] = [(st.st_size, "")]  # decided by the new build
            else:
                old.others.add(path)
        if listed is None:
            old.our_folders = set(folders)
        old.others.update(folders - old.our_folders)
        return old

    def whole(self) -> bool:
        """Whether the folder holds the last build's files and nothing else."""
        return self.mode is not None and not self.others and not self.unlisted


# -- building beside the site, and what killed builds left -------------------------------


class _Build:
    """The folder a build writes in (``.OUT.XXXXXXXX`` beside ``out``), locked while the
    build or one of its writers lives; removed on leaving the ``with`` block (once the
    site is ``installed``, only the empty folders it leaves). Builds killed before are
    removed on entering."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = Path()
        self.installed = False
        self._fd: int | None = None

    def __enter__(self) -> _Build:
        parent = self.out.parent
        make_folder(parent)
        _remove_dead_builds(self.out)
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=parent))
            self._fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Marked as a build only once locked: an unlocked folder with a marker is dead.
            (self.folder / MARKER).write_text(f"accordreg {__version__}\n", encoding="utf-8")
        except OSError as exc:
            self.__exit__(None, None, None)
            raise failed(self.out, exc) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self.folder != Path() and os.path.lexists(self.folder):
            if self.installed:
                _remove_empty(self.folder)  # what the files were moved out of
            else:
                shutil.rmtree(self.folder, ignore_errors=True)  # the build's own files
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _remove_dead_builds(out: Path) -> None:
    """Remove what killed builds of ``out`` left beside it: their folders (a marker, and
    no lock held), or an old site a killed build had moved aside. Never raises."""
    name = re.compile(re.escape(f".{out.name}.") + r"[a-z0-9_]{8}")
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    for entry in entries:
        if not name.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        folder = Path(entry.path)
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.lstat(folder / MARKER).st_mode):
                continue  # not a build's (yet): a live build marks its folder once locked
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a build, or one of its writers, is alive
                listed = _read_marker(folder / MARKER)
                if listed is None:
                    # A build killed before it listed its files: all of them are its own.
                    shutil.rmtree(folder, ignore_errors=True)
                else:
                    _remove_listed(folder, listed)
            finally:
                os.close(fd)


def _remove_empty(root: Path) -> None:
    """Remove ``root`` and the folders under it that hold no file; never a file."""
    for here, _folders_in, _files in os.walk(root, topdown=False):
        with contextlib.suppress(OSError):
            os.rmdir(here)


def _remove_listed(root: Path, listed: dict[str, list[_Entry]]) -> bool:
    """Remove the files of ``listed`` from ``root`` where they are as written, then the
    marker and every folder left empty, ``root`` too; whether all of it went."""
    removed = []
    listed_at = _listed_at(root)
    for path, versions in listed.items():
        target = root / path
        try:
            if _matches(target, os.lstat(target), versions, listed_at):
                os.unlink(target)
                removed.append(path)
        except OSError:
            continue
    with contextlib.suppress(OSError):
        os.unlink(root / MARKER)
    _prune(root, removed)
    try:
        os.rmdir(root)
        return True
    except OSError:
        return False


def _prune(root: Path, removed: list[str]) -> None:
    """Remove the folders under ``root`` that removing ``removed`` left empty."""
    folders = {f for path in removed for f in _parents(path)}
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(root / folder)


# -- putting the new site in place -------------------------------------------------------


def _install(folder: Path, out: Path, old: _Old, new: dict[str, list[_Entry]]) -> list[str]:
    """Put the site built in ``folder`` at ``out``; notes for the reader, if any."""
    try:
        os.chmod(folder, old.mode if old.mode is not None else 0o755)
        if old.mode is None:  # nothing there: the new site takes its place in one step
            os.rename(folder, out)
            return []
        if old.whole():
            return _swap(folder, out, old)
        return _merge(folder, out, old, new)
    except OSError as exc:
        raise failed(out, exc) from exc


def _swap(folder: Path, out: Path, old: _Old) -> list[str]:
    """Swap the new site for an old one that holds nothing else, in one step where the
    system can; then remove the old one's files."""
    if exchange(folder, out):
        aside = folder
    else:
        aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        os.replace(out, aside)
        checkpoint("site-swapping")
        os.replace(folder, out)
    if not _remove_listed(aside, old.ours):
        return [f"{aside} holds files the old site did not list; it was left as it is"]
    return []


def _merge(folder: Path, out: Path, old: _Old, new: dict[str, list[_Entry]]) -> list[str]:
    """Put the new site's files into ``out`` one by one, beside what a build did not
    write, then remove the old build's files that the new one no longer has."""
    if old.unlisted:
        # An older accordreg's site lists nothing: its files are taken to be those the
        # new build replaces, and no other file is removed.
        old.others.update(p for p in old.ours if p not in new)
        old.ours = {p: v for p, v in old.ours.items() if p in new}
    _refuse_conflicts(out, old, new)
    # First the marker, listing the old build's files and the new ones, so that a build
    # killed halfway leaves a site whose every file is still known as written.
    pending = {p: [*old.ours.get(p, []), *new.get(p, [])] for p in {*old.ours, *new}}
    write_bytes(out / MARKER, _listing(pending), durable=False)
    made: set[str] = set()
    for path in sorted(new):
        for parent in _parents(path):
            if parent not in made:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(out / parent)
                made.add(parent)
        os.replace(folder / path, out / path)
        checkpoint("site-merging")
    stale = [p for p in old.ours if p not in new]
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(out / path)
    _prune(out, stale)
    os.replace(folder / MARKER, out / MARKER)
    return []


def _refuse_conflicts(out: Path, old: _Old, new: dict[str, list[_Entry]]) -> None:
    """SiteError, before anything is written, if a new page would land on or in
    something a build did not write."""
    for path in sorted(new):
        for place in (*_parents(path), path):
            if place in old.others:
                what = "folder" if place != path else "file"
                raise SiteError(
                    f"{out / place} is a {what} accordreg did not write, where the site "
                    f"puts {'pages' if what == 'folder' else 'a page'}; move it, or "
                    "choose another folder"
                )
