"""The website in a real browser: headless Chromium opens every page of the bundled
registry's site from disk, with no console error, every link resolving, screenshots saved.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``):
no extra Python package and no network port. Without a Chromium the tests skip, saying so.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_escaping import hostile as attacks

import accordreg
from accordreg._render.site import build, building
from accordreg._render.site.search_index import terms
from conftest import PROJECT, pax_registry

ON = date(2026, 1, 15)
#: Chromium's names on Debian, elsewhere, and Google's build.
BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: How long to wait for the browser to answer before calling it hung (a guard against a
#: stuck browser, not a timing the tests depend on).
HANG = 120.0
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--window-size=1280,900",
)


def _binary() -> str | None:
    return next((found for name in BINARIES if (found := shutil.which(name))), None)


class Browser:
    """Headless Chromium, spoken to in DevTools protocol messages over fds 3 and 4."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds() -> None:  # in the child: the protocol's pipe is fd 3 (in) and fd 4 (out)
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=self.session)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], HANG)
            if not ready:
                raise TimeoutError("the browser did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("the browser closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return dict(answer.get("result", {}))
            self.events.append(answer)

    def page(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the page's session."""
        return self.call(method, params, self.session)

    def wait(self, event: str) -> None:
        """Read until ``event`` arrives."""
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._read())

    def open(self, url: str) -> list[str]:
        """Load ``url`` and return the errors it logged: exceptions, console errors, failed
        loads."""
        self.events.clear()
        self.page("Page.navigate", {"url": url})
        self.wait("Page.loadEventFired")
        # A round trip after the load event: anything logged during load has arrived.
        self.page("Runtime.evaluate", {"expression": "1"})
        return [text for e in self.events if (text := _error(e))]

    def reload(self) -> list[str]:
        """Load the page again, as the reload button does; return the errors it logged."""
        self.events.clear()
        self.page("Page.reload")
        self.wait("Page.loadEventFired")
        self.page("Runtime.evaluate", {"expression": "1"})
        return [text for e in self.events if (text := _error(e))]

    def until(self, expression: str) -> Any:
        """The value of ``expression`` once it is truthy (the page's scripts load files of
        their own after the load event); TimeoutError past HANG seconds, as a hang."""
        started = time.monotonic()
        while not (value := self.evaluate(expression)):
            if time.monotonic() - started > HANG:
                raise TimeoutError(f"never true: {expression}")
            time.sleep(0.02)
        return value

    def width(self, pixels: int) -> None:
        """Lay pages out as a screen ``pixels`` wide does (a phone's, 390)."""
        self.page(
            "Emulation.setDeviceMetricsOverride",
            {"width": pixels, "height": 900, "deviceScaleFactor": 1, "mobile": pixels < 600},
        )

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression on the page."""
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """Save the page as it shows in the window, as PNG."""
        data = self.page("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(EOFError, OSError, TimeoutError):  # it may be gone already
            self.call("Browser.close")
        try:
            self.process.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def _error(event: dict[str, Any]) -> str | None:
    """The text of an event that reports a problem on the page, else None."""
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        return f"exception: {params['exceptionDetails'].get('text')}"
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        return f"console: {[a.get('value') for a in params.get('args', [])]}"
    if method == "Log.entryAdded" and params["entry"].get("level") == "error":
        return f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled registry's site as of 2026-01-15."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build(accordreg.load(PROJECT / "provisions"), out, ON)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """A headless Chromium with a fresh profile; skips where none is installed."""
    binary = _binary()
    if binary is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): no browser test")
    opened = Browser(binary, tmp_path_factory.mktemp("profile"))
    yield opened
    opened.close()


def _ids(browser: Browser) -> set[str]:
    return set(browser.evaluate("Array.from(document.querySelectorAll('[id]'), e => e.id)"))


def _links(browser: Browser) -> list[str]:
    return list(
        browser.evaluate(
            "Array.from(document.querySelectorAll('a[href], link[href], img[src], script[src]'),"
            " e => e.href || e.src)"
        )
    )


def test_every_page_renders_without_errors_and_its_links_resolve(
    site: Path, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each page loads with no exception, console error or failed load; each link to a file
    names a file of the site and each fragment an element of its page; a screenshot of
    every page is saved."""
    shots = tmp_path_factory.mktemp("screenshots")
    pages = sorted(site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for number, path in enumerate(pages):
        errors = browser.open(path.as_uri())
        assert errors == [], f"{path.relative_to(site)}: {errors}"
        assert browser.evaluate("document.documentElement.lang") == "en"
        assert browser.evaluate("document.title").strip()
        ids[path] = _ids(browser)
        links[path] = _links(browser)
        browser.screenshot(shots / f"{number:03d}-{path.stem}.png")
    checked = 0
    for path, found in links.items():
        for link in found:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # addresses elsewhere are not fetched offline
            assert parts.scheme == "file", f"{path}: {link}"
            target = Path(unquote(parts.path))
            assert target.is_file(), f"{path.relative_to(site)} links to missing {target}"
            assert target.is_relative_to(site), f"{path} links out of the site: {link}"
            if parts.fragment:
                assert parts.fragment in ids[target], f"{path}: no #{parts.fragment}"
            checked += 1
    assert checked > 1000
    assert len(list(shots.glob("*.png"))) == len(pages)


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled registry's site with lists of 5 rows a page: 6 pages of provisions."""
    out = tmp_path_factory.mktemp("paged") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(building, "PAGE_SIZE", 5)
        build(accordreg.load(PROJECT / "provisions"), out, ON, charts=False)
    return out


@pytest.fixture(scope="module")
def pax_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[accordreg.Registry, Path]:
    """The PA-X test file imported, and its site: agreements with regions and countries."""
    folder = tmp_path_factory.mktemp("pax")
    pax_registry(folder / "reg")
    registry = accordreg.load(folder / "reg")
    build(registry, folder / "site", ON, charts=False)
    return registry, folder / "site"


_SHOWN_ROWS = "document.querySelectorAll('#filtered tbody tr').length"


def _choose(browser: Browser, name: str, value: str) -> None:
    browser.evaluate(
        f"(() => {{ const s = document.querySelector('select[name={name}]');"
        f" s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        " })()"
    )


def test_filter_acts_on_the_whole_list_and_survives_a_reload(
    paged_site: Path, browser: Browser
) -> None:
    """On page 2 of 6, choosing a status shows every provision of that status on all the
    pages, keeps the choice in the address, and a reload shows the same rows."""
    registry = accordreg.load(PROJECT / "provisions")
    page = paged_site / "provisions.page-2.html"
    assert browser.open(page.as_uri()) == []
    assert browser.evaluate("document.getElementById('filters').hidden") is False
    here = set(
        browser.evaluate(
            "Array.from(document.querySelectorAll('#provisions small.id'), e => e.textContent)"
        )
    )
    assert len(here) == 5
    _choose(browser, "status", "agreed")
    agreed = {p.id for p in registry.find(status="agreed", on=ON)}
    assert agreed - here  # some are on other pages
    assert browser.until(_SHOWN_ROWS) == len(agreed)
    shown = browser.evaluate(
        "Array.from(document.querySelectorAll('#filtered tbody tr small.id'), e => e.textContent)"
    )
    assert set(shown) == agreed
    assert browser.evaluate("location.hash") == "#status=agreed"
    assert browser.evaluate("document.getElementById('whole-list').hidden") is True
    assert browser.reload() == []
    assert browser.until(_SHOWN_ROWS) == len(agreed)
    assert browser.evaluate("document.querySelector('select[name=status]').value") == "agreed"
    _choose(browser, "party", "cambodia")
    both = registry.find(status="agreed", on=ON, party="cambodia")
    assert browser.until(f"{_SHOWN_ROWS} === {len(both)} && {_SHOWN_ROWS}") == len(both)
    assert browser.evaluate("location.hash") == "#status=agreed&party=cambodia"
    said = browser.evaluate("document.getElementById('shown').textContent")
    assert said.startswith(f"{len(both)} provision{'s' if len(both) != 1 else ''} of 28 where ")
    browser.evaluate("document.querySelector('#filters button[type=reset]').click()")
    assert browser.until("!document.getElementById('whole-list').hidden")
    assert browser.evaluate("document.getElementById('filtered').hidden") is True


def test_a_list_of_one_status_takes_a_choice_to_the_whole_list(
    paged_site: Path, browser: Browser
) -> None:
    """On the page of one party, choosing a status opens the whole list, filtered by both."""
    registry = accordreg.load(PROJECT / "provisions")
    assert browser.open((paged_site / "by/party/cambodia.html").as_uri()) == []
    assert browser.evaluate("document.querySelector('select[name=party]').value") == "cambodia"
    browser.events.clear()
    _choose(browser, "status", "agreed")
    browser.wait("Page.loadEventFired")
    both = registry.find(status="agreed", on=ON, party="cambodia")
    assert browser.until(f"{_SHOWN_ROWS} === {len(both)} && location.href") == (
        (paged_site / "provisions.html").as_uri() + "#status=agreed&party=cambodia"
    )


def test_filter_by_the_agreements_region(
    pax_site: tuple[accordreg.Registry, Path], browser: Browser
) -> None:
    """A region's page links to the whole list filtered by its region: its provisions."""
    registry, site = pax_site
    region = next(str(a.region) for a in registry.agreements.values() if a.region)
    want = {p.id for p in registry.find(region=region)}
    assert browser.open((site / "browse.html").as_uri()) == []
    page = browser.evaluate(
        f"Array.from(document.querySelectorAll('#region ~ ul a'))"
        f".filter(a => a.textContent === {json.dumps(region)})[0].href"
    )
    assert browser.open(page) == []
    listed = browser.evaluate(
        "Array.from(document.querySelectorAll('a[href*=\"provisions.html#\"]'), a => a.href)"
    )
    assert browser.open(listed[0]) == []
    assert browser.until(_SHOWN_ROWS) == len(want)
    assert browser.evaluate("document.querySelector('select[name=region]').value") == region


def _search(browser: Browser, words: str) -> list[str]:
    """Type ``words`` into the search box; the links of the results."""
    browser.until("!!(window.accordregSearch && accordregSearch.ready)")
    browser.evaluate("document.getElementById('q').focus()")
    browser.page("Input.insertText", {"text": words})
    browser.until(
        "/result/.test(document.getElementById('search-status').textContent) && "
        "(document.querySelectorAll('#results li').length > 0 || "
        "/No result/.test(document.getElementById('search-status').textContent))"
    )
    return list(
        browser.evaluate("Array.from(document.querySelectorAll('#results li a'), a => a.href)")
    )


def test_search_finds_an_agreement_by_a_word_of_its_title(site: Path, browser: Browser) -> None:
    """Typed into the search box, a word of an agreement's title finds the agreement,
    first; the query is kept in the address."""
    registry = accordreg.load(PROJECT / "provisions")
    assert browser.open((site / "search.html").as_uri()) == []
    found = _search(browser, "Putrajaya")
    assert found[0] == (site / "agreements/putrajaya-ceasefire-2025.html").as_uri()
    assert browser.evaluate("location.search") == "?q=Putrajaya"
    for agreement in registry.agreements.values():
        word = max(terms(agreement.title), key=len)
        assert browser.open(f"{(site / 'search.html').as_uri()}?q={quote(word)}") == []
        browser.until("document.querySelectorAll('#results li').length")
        links = browser.evaluate(
            "Array.from(document.querySelectorAll('#results li a'), a => a.href)"
        )
        assert (site / f"agreements/{agreement.id}.html").as_uri() in links, word


def test_search_finds_a_provision_by_a_word_of_its_text(site: Path, browser: Browser) -> None:
    """A word found only in a provision's text finds that provision."""
    registry = accordreg.load(PROJECT / "provisions")
    seen: dict[str, set[str]] = {}
    for p in registry.provisions.values():
        for word in terms(p.text):
            seen.setdefault(word, set()).add(p.id)
    word, (pid,) = next((w, ids) for w, ids in sorted(seen.items()) if len(ids) == 1 and len(w) > 6)
    assert browser.open((site / "search.html").as_uri()) == []
    found = _search(browser, word)
    assert (site / f"provisions/{pid}.html").as_uri() in found


def test_the_page_reads_words_as_the_index_does(site: Path, browser: Browser) -> None:
    """The search page's script splits, folds and filters words as search_index.terms does."""
    assert browser.open((site / "search.html").as_uri()) == []
    browser.until("!!(window.accordregSearch && accordregSearch.ready)")
    for text in (
        "São Tomé and Príncipe: the Ceasefire's 2nd phase",
        "ÉTAT-MAJOR, naïve  façade",
        "Bosnia–Herzegovina/Republika Srpska (RS) 1995",
        "กัมพูชา ceasefire ប្រទេសកម្ពុជា",
        "a I x of the BY",
        "0𝕬 İstanbul ǅemal ﬁnal Ⅻ ½",
    ):
        assert browser.evaluate(f"accordregSearch.words({json.dumps(text)})") == terms(text), text


def test_the_page_reads_any_text_as_the_index_does(site: Path, browser: Browser) -> None:
    """For any text, the script's words are search_index.terms' words (of characters this
    Python's Unicode knows: a browser's may be newer, and read a character Python leaves
    unassigned as a letter)."""
    assert browser.open((site / "search.html").as_uri()) == []
    browser.until("!!(window.accordregSearch && accordregSearch.ready)")

    @given(st.text(st.characters(exclude_categories=("Cn", "Cs")), max_size=40))
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    def same(text: str) -> None:
        assert browser.evaluate(f"accordregSearch.words({json.dumps(text)})") == terms(text)

    same()


@pytest.mark.parametrize("page", ["index.html", "search.html", "browse.html", "provisions.html"])
def test_pages_fit_a_phone_and_show_its_charts(
    site: Path, browser: Browser, page: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """At 390 pixels wide nothing runs off the side of the page, and each chart is the
    narrow one, shown at no less than nine tenths of the size it was drawn at (its text
    as large as it was drawn)."""
    browser.width(390)
    try:
        assert browser.open((site / page).as_uri()) == []
        if page == "search.html":
            _search(browser, "demining")
        assert browser.evaluate("document.documentElement.scrollWidth") <= 390
        charts = browser.evaluate(
            "Array.from(document.querySelectorAll('figure img'),"
            " i => [i.currentSrc, i.naturalWidth, i.clientWidth])"
        )
        for source, drawn, shown in charts:
            assert "/assets/charts/narrow/" in source
            assert shown >= 0.9 * drawn, source
        assert bool(charts) is (page == "index.html")
        browser.screenshot(tmp_path_factory.mktemp("phone") / f"{page}.png")
    finally:
        browser.page("Emulation.clearDeviceMetricsOverride")
    assert browser.open((site / page).as_uri()) == []
    for source in browser.evaluate(
        "Array.from(document.querySelectorAll('figure img'), i => i.currentSrc)"
    ):
        assert "/narrow/" not in source


def test_print_stylesheet_hides_navigation(site: Path, browser: Browser) -> None:
    """Printed, a page drops the navigation and keeps the record."""
    page = site / "provisions/kl-declaration-2025/release-of-18.html"
    assert browser.open(page.as_uri()) == []
    browser.page("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        nav = "getComputedStyle(document.querySelector('header.top nav')).display"
        assert browser.evaluate(nav) == "none"
        assert browser.evaluate("getComputedStyle(document.querySelector('main')).display") == (
            "block"
        )
    finally:
        browser.page("Emulation.setEmulatedMedia", {"media": ""})


#: The registry whose every text field is an attack, as test_escaping builds it.
hostile = attacks


def test_search_and_filter_show_record_text_as_text(
    hostile: Path, browser: Browser, tmp_path: Path
) -> None:
    """On a site of a registry whose every text is markup, search results and the filtered
    list show it as text: no element, no script, no dialog comes of it."""
    out = tmp_path / "site"
    build(accordreg.load(hostile), out, ON, charts=False)
    assert browser.open((out / "search.html").as_uri()) == []
    assert _search(browser, "onerror")
    assert (
        browser.evaluate("document.querySelectorAll('#results img, #results script').length") == 0
    )
    assert "<img src=x onerror=alert(1)>" in browser.evaluate(
        "document.getElementById('results').textContent"
    )
    assert browser.open((out / "provisions.html").as_uri() + "#category=hostile") == []
    assert browser.until("document.querySelectorAll('#filtered tbody tr').length")
    assert (
        browser.evaluate("document.querySelectorAll('#filtered img, #filtered script').length") == 0
    )
    assert "<img src=x onerror=alert(1)>" in browser.evaluate(
        "document.getElementById('filtered').textContent"
    )
    assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
