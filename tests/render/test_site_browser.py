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
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import accordreg
from accordreg._render.site import build
from conftest import PROJECT

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


def test_filter_narrows_the_list_in_place(site: Path, browser: Browser) -> None:
    """With JavaScript, the form appears and choosing a status hides the other rows."""
    registry = accordreg.load(PROJECT / "provisions")
    assert browser.open((site / "provisions.html").as_uri()) == []
    assert browser.evaluate("document.getElementById('filters').hidden") is False

    def visible() -> int:
        return int(
            browser.evaluate(
                "Array.from(document.querySelectorAll('#provisions tbody tr'))"
                ".filter(r => !r.hidden).length"
            )
        )

    assert visible() == len(registry.provisions)
    browser.evaluate(
        "(() => { const s = document.querySelector('select[name=status]');"
        " s.value = 'implemented'; s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )
    implemented = len(registry.find(status="implemented", on=ON))
    assert visible() == implemented
    shown = browser.evaluate("document.getElementById('shown').textContent")
    assert shown == f"{implemented} of {len(registry.provisions)} shown"
    browser.evaluate(
        "(() => { const s = document.querySelector('select[name=party]');"
        " s.value = 'cambodia'; s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )
    both = [
        p
        for p in registry.find(status="implemented", on=ON)
        if "cambodia" in (*p.responsible, *p.verifier)
    ]
    assert visible() == len(both)


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
