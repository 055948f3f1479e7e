"""The static website: a page per record at a stable address, links that resolve, titles
and accessible markup, filtered lists without JavaScript, charts when matplotlib is there."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._errors import MissingExtra, SiteError
from accordreg._model.places import country_name
from accordreg._model.vocabulary import STAGE_LABELS
from accordreg._render.headline import state_label
from accordreg._render.site import build, urls
from accordreg._render.site import building as site_build
from accordreg._render.site import pages as site_pages
from accordreg._render.site.links import check
from accordreg._render.site.search_index import STOP, terms
from accordreg._render.words import count
from accordreg._store import build_lock, write
from conftest import BASE, PROJECT, pax_registry, run

ON = date(2026, 1, 15)


@pytest.fixture(scope="module")
def registry() -> accordreg.Registry:
    """The bundled registry."""
    return accordreg.load(PROJECT / "provisions")


@pytest.fixture(scope="module")
def site(registry: accordreg.Registry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled registry's site as of 2026-01-15."""
    out = tmp_path_factory.mktemp("site") / "site"
    build(registry, out, ON)
    return out


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1.append(data)


def _tags(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_record_has_a_page_at_a_stable_address(
    site: Path, registry: accordreg.Registry
) -> None:
    """Agreements, provisions, parties and sources each get a page named by their id."""
    assert (site / "provisions/kl-declaration-2025/release-of-18.html").is_file()
    for agreement_id in registry.agreements:
        assert (site / urls.agreement(agreement_id)).is_file()
    for provision_id in registry.provisions:
        assert (site / urls.provision(provision_id)).is_file()
    for party_id in registry.parties:
        assert (site / urls.party(party_id)).is_file()
    for source_id in registry.sources:
        assert (site / urls.source(source_id)).is_file()
    for name in (
        "index.html",
        "agreements.html",
        "provisions.html",
        "parties.html",
        "sources.html",
        "cite.html",
        ".nojekyll",
    ):
        assert (site / name).is_file(), name


def test_every_internal_link_resolves(site: Path) -> None:
    """The link checker finds no link to a missing file or a missing fragment."""
    assert check(site) == []


def test_the_link_checker_finds_broken_links(site: Path, tmp_path: Path) -> None:
    """A missing page, a missing fragment and a folder link are each reported."""
    page = tmp_path / "index.html"
    page.write_text(
        '<a href="nope.html">x</a><a href="#gone">y</a><a href="sub">z</a>'
        '<a href="https://example.org/">ok</a><a href="javascript:alert(1)">no</a>',
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    reasons = [b.reason for b in check(tmp_path)]
    assert len(reasons) == 4
    assert "names no file of the site" in reasons
    assert any("javascript" in r for r in reasons)


def test_pages_are_titled_with_ids_in_small_print(site: Path) -> None:
    """A provision's page is titled by its title; the id is small print under it."""
    text = (site / "provisions/kl-declaration-2025/release-of-18.html").read_text("utf-8")
    assert "<title>Release of the 18 Cambodian soldiers held since July · " in text
    assert '<p class="id">kl-declaration-2025/release-of-18</p>' in text
    table = (site / "agreements/kl-declaration-2025.html").read_text("utf-8")
    assert (
        '<a href="../provisions/kl-declaration-2025/release-of-18.html">Release of the 18 '
        'Cambodian soldiers held since July</a> <small class="id">kl-declaration-2025/'
        "release-of-18</small>" in table
    )


def test_pages_have_accessible_markup(site: Path) -> None:
    """Every page: a language, one h1, main/nav/footer landmarks, alt text on every image,
    column headers with a scope, and nothing fetched from elsewhere."""
    for path in sorted(site.rglob("*.html")):
        page = _tags(path)
        names = [t for t, _ in page.tags]
        assert ("html", {"lang": "en"}) in page.tags, path
        assert names.count("h1") == 1, path
        assert "".join(page.h1).strip(), path
        for landmark in ("main", "nav", "footer", "header"):
            assert landmark in names, (path, landmark)
        for tag, attrs in page.tags:
            if tag == "img":
                assert attrs.get("alt"), path
            if tag == "th":
                assert attrs.get("scope") == "col", path
            if tag in ("img", "script", "link"):
                assert not re.match(r"(https?:)?//", attrs.get("src") or attrs.get("href") or "")


def test_provision_page_shows_the_card(site: Path) -> None:
    """The provision page has its standing, text, deadlines as known, a dated history with
    each event's note and sources, related provisions and sources."""
    text = (site / "provisions/kl-declaration-2025/release-of-18.html").read_text("utf-8")
    assert '<span class="status status-implemented">implemented</span> since 2025-12-31' in text
    assert "Thailand postponed the release of the 18, on the day it suspended" in text
    assert text.count('<li class="entry-event">') == 4
    assert '<a href="../../provisions/gbc-2025-12-27/return-of-18.html">' in text  # same_as
    assert '<a href="../../sources/hurriyet-daily-news-2025-11-10.html">' in text


def test_related_provisions_link_both_ways(site: Path, registry: accordreg.Registry) -> None:
    """A provision another depends on lists it under 'Depended on by'."""
    dependent = next(p for p in registry.provisions.values() if p.depends_on)
    target = dependent.depends_on[0]
    agreement, name = target.split("/")
    text = (site / f"provisions/{agreement}/{name}.html").read_text("utf-8")
    assert "<dt>Depended on by</dt>" in text
    assert dependent.id in text


def test_party_and_source_pages(site: Path) -> None:
    """A party's page lists what it is responsible for and where it stands; a source's
    page lists what cites it and how reliable it is."""
    party = (site / "parties/thailand.html").read_text("utf-8")
    assert "Responsible for " in party
    assert "past due with no completion recorded" in party
    assert "kl-declaration-2025/release-of-18" in party
    source = (site / "sources/chiang-rai-times-2025-12-31.html").read_text("utf-8")
    assert "<dt>Reliability</dt><dd>press" in source
    assert "2025-12-31</time> implemented:" in source


def test_index_filters_without_javascript(site: Path, registry: accordreg.Registry) -> None:
    """The index links to one page per status, category and party; each holds just its rows."""
    index = (site / "provisions.html").read_text("utf-8")
    assert '<form id="filters" class="filters" hidden data-root=""' in index
    assert 'href="by/status/implemented.html"' in index
    assert 'href="by/category/demining.html"' in index
    assert 'href="by/party/thailand.html"' in index
    implemented = (site / "by/status/implemented.html").read_text("utf-8")
    expected = len(registry.find(status="implemented", on=ON))
    assert implemented.count('<tr data-status="implemented"') == expected
    assert "<tr data-status=" in implemented
    assert 'data-status="suspended"' not in implemented
    thailand = (site / "by/party/thailand.html").read_text("utf-8")
    assert thailand.count("<tr data-status=") == len(registry.find(party="thailand"))


def test_home_page_has_figures_recent_events_and_charts(site: Path) -> None:
    """The home page gives provisions per status, past due, no news, the events of the last
    30 days, the processes and the charts with alt text."""
    home = (site / "index.html").read_text("utf-8")
    assert "Cambodia - Thailand border dispute process" in home
    assert '<a href="by/flag/past-due.html">past due</a>' in home
    assert "What changed in the 30 days to 2026-01-15" in home
    assert '<time datetime="2025-12-31">2025-12-31</time>' in home
    assert '<img src="assets/charts/status.svg" alt="Chart: the status' in home
    assert (site / "assets/charts/levels.svg").is_file()
    assert (site / "assets/charts/agreement-kl-declaration-2025.svg").is_file()


def test_footer_cites_the_dataset_and_pax(site: Path) -> None:
    """Every page's footer cites the dataset and, as it links to PA-X, PA-X."""
    text = (site / "parties/malaysia.html").read_text("utf-8")
    footer = text.split('<footer class="bottom">', 1)[1]
    assert "accordreg contributors (2026). The 2025 Thailand–Cambodia border process" in footer
    assert "Bell, C. &amp; Badanjak, S. (2019). Introducing PA-X" in footer
    cite = (site / "cite.html").read_text("utf-8")
    assert "@article{bell2019introducing," in cite


def test_stylesheet_has_a_print_section(site: Path) -> None:
    """The stylesheet hides navigation and writes addresses out when printed."""
    css = (site / "assets/style.css").read_text("utf-8")
    assert "@media print" in css
    assert ".status-implemented { --state: #58a55c; }" in css


@pytest.mark.usefixtures("lock_platform")  # an OutputFolder: with flock, and without
def test_a_rebuild_removes_its_own_old_pages_and_nothing_else(tmp_path: Path) -> None:
    """Pages the last build wrote and this one does not go; a file someone added stays."""
    registry = accordreg.load(BASE)
    out = tmp_path / "site"
    build(registry, out, ON, charts=False)
    (out / "CNAME").write_text("provisions.example.org\n", encoding="utf-8")
    (out / "by" / "notes.html").write_text("mine", encoding="utf-8")
    build(registry, out, date(2025, 10, 27), charts=False)
    for page in ("by/flag/past-due.html", "by/status/suspended.html"):
        assert not (out / page).exists(), page
    assert (out / "CNAME").read_text(encoding="utf-8") == "provisions.example.org\n"
    assert (out / "by" / "notes.html").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path) -> None:
    """A folder with files and no site's marker is refused, and left as it was."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(SiteError, match="not a site accordreg built"):
        build(accordreg.load(BASE), mine, ON)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.usefixtures("lock_platform")  # an OutputFolder: with flock, and without
def test_a_page_someone_changed_is_never_overwritten(tmp_path: Path) -> None:
    """A page edited since it was built is no longer the build's: a rebuild that would
    write it is refused before anything changes."""
    registry = accordreg.load(BASE)
    out = tmp_path / "site"
    build(registry, out, ON, charts=False)
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    before = _files(out)
    with pytest.raises(SiteError, match=r"index\.html is a file accordreg did not write"):
        build(registry, out, date(2025, 10, 27), charts=False)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.usefixtures("lock_platform")  # an OutputFolder: with flock, and without
def test_a_page_that_was_only_touched_is_still_the_builds(tmp_path: Path) -> None:
    """A page whose time changed but not its bytes (a copy, a touch) is still replaced."""
    registry = accordreg.load(BASE)
    out = tmp_path / "site"
    build(registry, out, date(2025, 10, 27), charts=False)
    os.utime(out / "index.html")
    build(registry, out, ON, charts=False)
    assert _files(out) == _files(_fresh(registry, tmp_path))


def _fresh(registry: accordreg.Registry, tmp_path: Path) -> Path:
    build(registry, tmp_path / "fresh", ON, charts=False)
    return tmp_path / "fresh"


@pytest.mark.usefixtures("lock_platform")  # an OutputFolder: with flock, and without
def test_a_site_of_an_older_accordreg_keeps_what_it_does_not_replace(tmp_path: Path) -> None:
    """A site whose marker lists no files (an older accordreg's): the pages the new build
    writes are replaced, and nothing else is removed."""
    registry = accordreg.load(BASE)
    out = tmp_path / "site"
    build(registry, out, ON, charts=False)
    (out / site_build.MARKER).write_text("accordreg 0.0.9\n", encoding="utf-8")
    (out / "index.html").write_text("old", encoding="utf-8")
    (out / "reg").mkdir()
    (out / "reg" / "x.yaml").write_text("kind: source\n", encoding="utf-8")
    build(registry, out, ON, charts=False)
    assert (out / "reg" / "x.yaml").read_text(encoding="utf-8") == "kind: source\n"
    (out / "reg" / "x.yaml").unlink()
    (out / "reg").rmdir()
    assert _files(out) == _files(_fresh(registry, tmp_path))


@pytest.mark.usefixtures("lock_platform")  # an OutputFolder: with flock, and without
@pytest.mark.parametrize("one_step", [True, False], ids=["exchanged", "two renames"])
def test_a_site_of_the_builds_files_only_is_swapped_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_step: bool
) -> None:
    """Swapped in one step where the system can, in two renames where not: the same site,
    nothing left beside it."""
    if not one_step:
        monkeypatch.setattr(write, "exchange", lambda one, other: False)
    registry = accordreg.load(BASE)
    out = tmp_path / "site"
    build(registry, out, date(2025, 10, 27), charts=False)
    inode = out.stat().st_ino
    build(registry, out, ON, charts=False)
    assert out.stat().st_ino != inode  # a new folder, not the old one rewritten
    assert _files(out) == _files(_fresh(registry, tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh", "site"]


def test_killed_builds_are_removed_and_live_ones_left(tmp_path: Path, lock_platform: str) -> None:
    """Folders of dead builds beside the site go; a live build's (locked) and anything
    else with a like name stay. Without locks no build is proven dead: all stay."""
    out = tmp_path / "site"
    for name in ("dead0000", "live0000", "other000"):
        (tmp_path / f".site.{name}" / "provisions").mkdir(parents=True)
        (tmp_path / f".site.{name}" / "provisions" / "p.html").write_text("x", encoding="utf-8")
        if name != "other000":
            (tmp_path / f".site.{name}" / site_build.MARKER).write_text("accordreg\n")
    live = build_lock.hold(tmp_path / ".site.live0000")
    try:
        build(accordreg.load(BASE), out, ON, charts=False)
        left = sorted(p.name for p in tmp_path.iterdir())
    finally:
        live.release()
    dead = [] if lock_platform == "flock" else [".site.dead0000"]
    assert left == [*dead, ".site.live0000", ".site.other000", "site"]


def test_the_same_registry_and_date_give_the_same_site(
    site: Path, registry: accordreg.Registry, tmp_path: Path
) -> None:
    """Two builds are byte for byte the same, so a published site diffs cleanly."""
    again = tmp_path / "again"
    build(registry, again, ON)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


@pytest.mark.usefixtures("lock_platform")  # an OutputFolder: with flock, and without
@pytest.mark.skipif(not hasattr(os, "fork"), reason="large sites are written in parallel on Linux")
def test_writing_in_parallel_gives_the_same_site(
    site: Path, registry: accordreg.Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The processes that write a large site write the same pages as one process does."""
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(site_build, "_workers", lambda jobs: 2)
    result = build(registry, tmp_path / "parallel", ON)
    assert result.pages == len(list(site.rglob("*.html")))
    for path in site.rglob("*.html"):
        assert (tmp_path / "parallel" / path.relative_to(site)).read_bytes() == path.read_bytes()


def test_without_matplotlib_the_site_says_how_to_get_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without matplotlib the site is built without charts and names the extra to install."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = build(accordreg.load(BASE), tmp_path / "site", ON)
    assert result.charts == 0
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "pip install &#39;accordreg[report]&#39;" in home
    assert "<img" not in home


def test_without_jinja2_the_site_names_its_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Jinja2, building raises MissingExtra naming accordreg[site]."""
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingExtra, match=r"accordreg\[site\]"):
        build(accordreg.load(BASE), tmp_path / "site", ON)


def test_site_command(tmp_path: Path) -> None:
    """`accordreg site PATH --out DIR` builds the site and says where to open it."""
    out = tmp_path / "public"
    code, text = run(
        "site", "--registry", str(BASE), "--out", str(out), "--on", "2026-01-15", "--no-charts"
    )
    assert code == 0, text
    assert f"open {out / 'index.html'}" in text
    assert (out / "provisions/kl-declaration-2025/release.html").is_file()


def test_templates_ship_inside_the_package() -> None:
    """The templates and static files are package files, found through importlib."""
    from importlib import resources

    folder = resources.files("accordreg._render.site")
    for name in (
        "templates/base.html",
        "templates/provision.html",
        "static/style.css",
        "static/filter.js",
    ):
        assert folder.joinpath(name).is_file(), name


# -- search, whole-list filters, browsing, counts, anchors, the favicon, phone charts ---------


@pytest.fixture(scope="module")
def pax(tmp_path_factory: pytest.TempPathFactory) -> tuple[accordreg.Registry, Path]:
    """The PA-X test file imported (regions, countries, conflict types, stages), and its
    site as of 2026-01-15."""
    folder = tmp_path_factory.mktemp("pax")
    registry = accordreg.load(pax_registry(folder / "reg"))
    build(registry, folder / "site", ON, charts=False)
    return registry, folder / "site"


def _script_data(path: Path, call: str) -> list[Any]:
    """The arguments a data script of the site hands to ``call``."""
    text = path.read_text("utf-8")
    assert text.startswith(f"{call}(")
    assert text.endswith(");\n")
    return list(json.loads(f"[{text[len(call) + 1 : -3]}]"))


def _index(site: Path) -> tuple[dict[str, Any], list[list[Any]], dict[str, str]]:
    """The search index of a site: its description, its documents, its words."""
    folder = site / "assets/search"
    (meta,) = _script_data(folder / "meta.js", "accordregSearch.meta")
    docs: list[list[Any]] = []
    for block in range(-(-meta["documents"] // meta["block"])):
        number, entries = _script_data(folder / f"docs-{block}.js", "accordregSearch.docs")
        assert number == block
        docs += entries
    words: dict[str, str] = {}
    for key in meta["keys"]:
        named, found = _script_data(folder / f"terms/{key}.js", "accordregSearch.terms")
        assert named == key
        words.update(found)
    return meta, docs, words


def _postings(entry: str) -> tuple[set[int], set[int]]:
    """The documents of a word: those with it in their title, and the others."""

    def numbers(gaps: str) -> set[int]:
        out, at = set(), 0
        for gap in filter(None, gaps.split(",")):
            at += int(gap, 16)
            out.add(at)
        return out

    titled, rest = entry.split("|")
    return numbers(titled), numbers(rest)


def test_search_index_holds_every_record_under_the_words_of_its_title(
    pax: tuple[accordreg.Registry, Path],
) -> None:
    """Every agreement, provision and source is a document, once; each word of its title
    finds it as a title word; a provision's category and status are the engine's."""
    registry, site = pax
    meta, docs, words = _index(site)
    assert meta["documents"] == len(docs)
    kinds: dict[str, Mapping[str, Any]] = {
        "a": registry.agreements,
        "p": registry.provisions,
        "s": registry.sources,
    }
    for kind, records in kinds.items():
        assert sorted(d[1] for d in docs if d[0] == kind) == sorted(records)
    for number, doc in enumerate(docs):
        record = kinds[doc[0]][doc[1]]
        assert doc[2] == record.title
        for word in terms(doc[2]):
            assert number in _postings(words[word])[0], (doc[1], word)
        if doc[0] == "p":
            standing = registry.standing(doc[1], ON)
            assert meta["states"][doc[5]][0] == state_label(registry, standing.status)
            assert docs[doc[3]][1] == record.agreement


def test_search_finds_a_provision_by_its_agreements_title(
    pax: tuple[accordreg.Registry, Path],
) -> None:
    """A provision is found by the words of its agreement's title too (not as title
    words): "Aceh ceasefire" finds the ceasefires of Aceh's agreements."""
    registry, site = pax
    _, docs, words = _index(site)
    at = {(d[0], d[1]): n for n, d in enumerate(docs)}
    for p in registry.provisions.values():
        agreement = registry.agreement(p.agreement)
        own = set(terms(p.title)) | set(terms(p.id.rsplit("/", 1)[-1]))
        for word in set(terms(agreement.title)) - own:
            assert at["p", p.id] in _postings(words[word])[1], (p.id, word)


def test_what_was_recorded_after_the_sites_date_is_not_found(
    site: Path, registry: accordreg.Registry, tmp_path: Path
) -> None:
    """A site of a date before the sources were read shows no note, nor a later event,
    deadline or condition, and finds none: the words its index lacks beside the site of a
    later date are all words of those."""
    early = date(2025, 10, 27)
    assert registry.horizon is not None
    assert early < registry.horizon
    build(registry, tmp_path / "site", early, charts=False)
    _, _, before = _index(tmp_path / "site")
    _, _, after = _index(site)
    notes: set[str] = set()
    records: list[Any] = [*registry.provisions.values(), *registry.agreements.values()]
    for record in records:
        notes |= set(terms(record.note or ""))
        for e in getattr(record, "history", []):
            notes |= set(terms(e.note or ""))
        for d in getattr(record, "deadlines", []):
            notes |= set(terms(f"{d.label} {d.note or ''}"))
        for c in getattr(record, "conditions", []):
            notes |= set(terms(c if isinstance(c, str) else c.text))
    others: list[Any] = [*registry.parties.values(), *registry.sources.values()]
    for other in others:
        notes |= set(terms(other.note or ""))
    missing = set(after) - set(before)
    assert missing
    assert missing <= notes


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_terms_are_words_the_index_can_hold(text: str) -> None:
    """Every word is lower case, of letters and digits, of two characters or more, not a
    common word, without the accents NFKD takes off Latin letters; reading the words again
    gives the same words."""
    found = terms(text)
    for word in found:
        assert word == word.lower()
        assert len(word) >= 2
        assert word not in STOP
        assert all(ch.isalnum() for ch in word)
        assert not any("\u0300" <= ch <= "\u036f" for ch in word)
    assert terms(" ".join(found)) == found


def test_the_list_data_is_every_provision_as_the_engine_stands_it(
    pax: tuple[accordreg.Registry, Path], site: Path, registry: accordreg.Registry
) -> None:
    """assets/list.js has one row per provision, with the engine's status and flags and the
    agreement's region, countries, conflict type and stage."""
    for reg, folder in (pax, (registry, site)):
        (data,) = _script_data(folder / "assets/list.js", "accordregList")
        assert data["total"] == len(data["rows"]) == len(reg.provisions)
        fields = data["fields"]
        for row in data["rows"]:
            pid = row[0]
            standing = reg.standing(pid, ON)
            status = fields["status"][row[4]][0] if row[4] >= 0 else None
            assert status == (None if standing.status is None else str(standing.status))
            flags = {fields["flag"][i][0] for i in row[11]}
            assert ("past-due" in flags) is (standing.missed is not None), pid
            assert ("no-news" in flags) is bool(standing.stale), pid
            agreement = reg.agreement(reg.provision(pid).agreement)
            listed = data["agreements"][row[2]]
            assert listed[0] == agreement.id
            got = dict(zip(data["agreement_facets"], listed[3], strict=True))
            assert [fields["region"][i][0] for i in got["region"]] == (
                [str(agreement.region)] if agreement.region else []
            )
            assert [fields["country"][i][0] for i in got["country"]] == list(
                dict.fromkeys(agreement.countries)
            )
            assert [fields["stage"][i][0] for i in got["stage"]] == (
                [str(agreement.stage)] if agreement.stage else []
            )


def test_browse_pages_list_each_value_and_its_agreements(
    pax: tuple[accordreg.Registry, Path],
) -> None:
    """browse.html lists every region, country, conflict type, stage, category and status;
    a value's page lists exactly its agreements and links to their provisions in the list."""
    registry, site = pax
    browse = (site / "browse.html").read_text("utf-8")
    for section in ("region", "country", "conflict-type", "stage", "category", "status"):
        assert f'<h2 id="{section}">' in browse, section
    regions = {str(a.region) for a in registry.agreements.values() if a.region}
    assert regions
    for region in regions:
        page = site / urls.facet("region", region)
        text = page.read_text("utf-8")
        want = {a.id for a in registry.agreements.values() if a.region == region}
        assert set(re.findall(r'<small class="id">([^<]+)</small>', text)) == want
        assert f'href="../../{urls.facet("region", region)}"' in browse.replace(
            'href="', 'href="../../'
        )
        assert f'provisions.html#region={quote_plus(region)}"' in text
    stage = next(a.stage for a in registry.agreements.values() if a.stage)
    stage_page = (site / urls.facet("stage", str(stage))).read_text("utf-8")
    assert STAGE_LABELS[stage] in stage_page
    country = next(c for a in registry.agreements.values() for c in a.countries)
    named = (site / urls.facet("country", country)).read_text("utf-8")
    assert f"Agreements that apply to {country_name(country)}" in named


def test_an_agreements_page_links_its_region_countries_and_stage(
    pax: tuple[accordreg.Registry, Path],
) -> None:
    """The facts of an agreement's page link each browsable value to its page."""
    registry, site = pax
    a = next(a for a in registry.agreements.values() if a.region and a.countries and a.stage)
    text = (site / urls.agreement(a.id)).read_text("utf-8")
    for facet, value in (("region", str(a.region)), ("stage", str(a.stage))):
        assert f'<a href="../{urls.facet(facet, value)}">' in text
    for code in a.countries:
        assert f'<a href="../{urls.facet("country", code)}">{country_name(code)}</a>' in text


def test_the_list_pages_offer_every_filter_with_its_values(
    pax: tuple[accordreg.Registry, Path],
) -> None:
    """The form of the whole list has a field per filter, of the values some provision has;
    a list of one category starts with that category chosen and leaves the list it filters
    to the whole list's page."""
    registry, site = pax
    index = (site / "provisions.html").read_text("utf-8")
    for name in ("status", "category", "region", "country", "conflict-type", "stage"):
        assert f'<select name="{name}">' in index, name
    assert "data-in-place" in index
    category = next(iter(registry.provisions.values())).category
    page = (site / urls.facet("category", str(category))).read_text("utf-8")
    assert "data-in-place" not in page
    assert f'<option value="{category}" selected>' in page


def test_counts_are_in_correct_english(site: Path, pax: tuple[accordreg.Registry, Path]) -> None:
    """No page says "1 provisions", "1 agreements", "1 days" or the like, and counts of
    thousands have their commas."""
    one_many = re.compile(r"(?<![\d,.])1 (?:more |later |distinct )?[a-z]+s\b")
    allowed = {"1 was"}
    for folder in (site, pax[1]):
        for page in folder.rglob("*.html"):
            text = re.sub(r"<[^>]+>", " ", page.read_text("utf-8"))
            found = set(one_many.findall(text)) - allowed
            assert not found, (page, found)
    assert count(1, "provision") == "1 provision"
    assert count(26890, "provision") == "26,890 provisions"
    assert count(1, "party", "parties") == "1 party"
    assert count(2, "party", "parties") == "2 parties"


def test_every_and_n_more_lands_on_the_rest_of_its_list(
    registry: accordreg.Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With fewer agreements, processes and events shown on the home page, each "and N
    more" links to the first one not shown, on the page that lists them all."""
    monkeypatch.setattr(site_pages, "AGREEMENTS_SHOWN", 3)
    monkeypatch.setattr(site_pages, "RECENT_SHOWN", 2)
    build(registry, tmp_path / "site", ON, charts=False)
    home = (tmp_path / "site/index.html").read_text("utf-8")
    more = re.findall(
        r'<a href="agreements\.html#(agreement-[^"]+)">and (\d+) more agreements', home
    )
    assert more
    agreements = (tmp_path / "site/agreements.html").read_text("utf-8")
    for anchor, count_left in more:
        rows = re.findall(r'<tr id="(agreement-[^"]+)">', agreements)
        # The rows after the anchor, in its process's table, are the ones not shown.
        table = agreements.split(f'<tr id="{anchor}">', 1)[1].split("</table>", 1)[0]
        assert table.count("<tr id=") + 1 == int(count_left)
        assert anchor in rows
    recent = re.search(r'<a href="recent\.html#event-3">and (\d+) more events</a>', home)
    assert recent
    page = (tmp_path / "site/recent.html").read_text("utf-8")
    assert 'id="event-3"' in page
    assert page.count('<li id="event-') == 2 + int(recent.group(1))
    assert check(tmp_path / "site") == []


def test_more_processes_are_listed_with_links_to_their_agreements(
    pax: tuple[accordreg.Registry, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Processes beyond those the home page shows are listed by name, each linking to its
    heading on the page of all agreements."""
    registry, _ = pax
    monkeypatch.setattr(site_pages, "PROCESSES_SHOWN", 1)
    build(registry, tmp_path / "site", ON, charts=False)
    home = (tmp_path / "site/index.html").read_text("utf-8")
    processes = {a.process or "Process not recorded" for a in registry.agreements.values()}
    assert (
        f'<h3 id="more-processes">{count(len(processes) - 1, "more process", "more processes")}'
        in home
    )
    assert home.count('<a href="agreements.html#process-') == len(processes) - 1
    assert check(tmp_path / "site") == []


def test_every_page_has_the_favicon(site: Path) -> None:
    """Each page names the site's icon, an SVG file of the site."""
    for page in site.rglob("*.html"):
        root = "../" * (len(page.relative_to(site).parts) - 1)
        assert f'<link rel="icon" href="{root}assets/favicon.svg" type="image/svg+xml">' in (
            page.read_text("utf-8")
        ), page
    assert (site / "assets/favicon.svg").read_text("utf-8").startswith("<svg ")


def test_each_chart_is_drawn_for_a_phone_too(site: Path) -> None:
    """Every chart has a narrow twin, drawn 3.8 inches wide, which pages offer up to 40rem."""
    wide = sorted((site / "assets/charts").glob("*.svg"))
    assert wide
    for chart in wide:
        narrow = site / "assets/charts/narrow" / chart.name
        assert 'width="273.6pt"' in narrow.read_text("utf-8")[:600], chart.name
        assert 'width="720pt"' in chart.read_text("utf-8")[:600], chart.name
    home = (site / "index.html").read_text("utf-8")
    assert '<source media="(max-width: 40rem)" srcset="assets/charts/narrow/status.svg">' in home


def test_the_search_page_works_without_a_server(site: Path) -> None:
    """The search page names what it searches, says what to do without JavaScript, and
    every page's header sends a query to it."""
    page = (site / "search.html").read_text("utf-8")
    assert "11 agreements, 28 provisions, 9 parties and 27 sources" in page
    assert "<noscript>" in page
    assert '<script src="assets/search.js">' in page
    assert '<form class="find" role="search" action="../search.html" method="get">' in (
        site / "agreements/kl-declaration-2025.html"
    ).read_text("utf-8")
