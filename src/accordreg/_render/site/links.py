"""A link checker for a built site: every internal link and fragment must resolve.

Reads the files as they are written, without a browser: each ``href`` and ``src`` that is
not an address elsewhere (``http:``, ``https:``, ``mailto:``) must name a file inside the
site, and a ``#fragment`` must name an element id of its page (unless it holds a filter,
``#status=agreed``, which the page's script reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

#: Schemes of addresses outside the site, which the checker leaves alone.
EXTERNAL = ("http", "https", "mailto")
_LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "srcset"}


@dataclass(frozen=True)
class Broken:
    """A link that does not resolve: the page, the link as written, and why."""

    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link!r} {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        wanted = _LINKING.get(tag)
        if wanted and found.get(wanted) is not None:
            self.links.append(str(found[wanted]))


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check(folder: Path) -> list[Broken]:
    """Every broken internal link of the site in ``folder``, page by page."""
    folder = folder.resolve()
    pages = {p.relative_to(folder).as_posix(): _read(p) for p in sorted(folder.rglob("*.html"))}
    broken: list[Broken] = []
    for name, page in pages.items():
        for link in page.links:
            problem = _problem(folder, pages, name, link)
            if problem:
                broken.append(Broken(name, link, problem))
    return broken


def _problem(folder: Path, pages: dict[str, _Page], name: str, link: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in EXTERNAL:
        return None
    if parts.scheme or parts.netloc:
        return f"uses the scheme {parts.scheme or '//'!r}: only relative links stay inside"
    if parts.path:
        target = PurePosixPath(name).parent / unquote(parts.path)
        resolved = (folder / target).resolve()
        if not resolved.is_relative_to(folder):
            return "leads out of the site"
        if resolved.is_dir():
            return "names a folder: offline, a browser shows no index page for it"
        if not resolved.is_file():
            return "names no file of the site"
        key = resolved.relative_to(folder).as_posix()
    else:
        key = name
    # A fragment of names and values (#status=agreed) is a filter the page's script reads,
    # not an element.
    if parts.fragment and "=" not in parts.fragment:
        page = pages.get(key)
        if page is None:
            return "has a fragment on something that is not a page"
        if unquote(parts.fragment) not in page.ids:
            return f"has no element with id {parts.fragment!r} on {key}"
    return None
