"""Where each page of the website lives: stable paths by id, relative to the site's root.

Record pages live in a folder per kind (``agreements/<id>.html``,
``provisions/<agreement>/<name>.html``, ...); lists and filtered views live at the top or
under ``by/``, so that no record id, however it is spelt, can land on another page.
"""

from __future__ import annotations

import hashlib
import re

HOME = "index.html"
AGREEMENTS = "agreements.html"
PROVISIONS = "provisions.html"
PARTIES = "parties.html"
SOURCES = "sources.html"
CITE = "cite.html"
STYLE = "assets/style.css"
SCRIPT = "assets/filter.js"
SEARCH_SCRIPT = "assets/search.js"
FAVICON = "assets/favicon.svg"
BROWSE = "browse.html"
SEARCH = "search.html"
RECENT = "recent.html"


def agreement(agreement_id: str) -> str:
    """The page of an agreement."""
    return f"agreements/{agreement_id}.html"


def provision(provision_id: str) -> str:
    """The page of a provision: ``provisions/<agreement>/<name>.html``."""
    return f"provisions/{provision_id}.html"


def party(party_id: str) -> str:
    """The page of a party."""
    return f"parties/{party_id}.html"


def source(source_id: str) -> str:
    """The page of a source."""
    return f"sources/{source_id}.html"


def word(text: str) -> str:
    """A vocabulary word (a status, a category) as a file name.

    Registry words are usually slugs already; any other character is replaced, and a
    short hash of the original keeps two words that differ only there apart.
    """
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", text):
        return text
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "word"
    return f"{cleaned}-{hashlib.blake2b(text.encode(), digest_size=4).hexdigest()}"


def facet(kind: str, value: str, page: int = 1) -> str:
    """A filtered list of provisions: ``by/status/agreed.html``, ``by/party/thailand.html``."""
    return paged(f"by/{kind}/{word(value)}.html", page)


def process_anchor(name: str) -> str:
    """The id of a peace process's heading on the page of all agreements."""
    return f"process-{word(name)}"


def paged(path: str, page: int) -> str:
    """Page ``page`` of a list split over several files: ``x.html``, ``x.page-2.html``, ...

    The dot keeps the names apart from every list's first page: a list's name (an id, a
    word as :func:`word` writes it) has no dot, so page 2 of ``by/party/thailand`` is never
    the list of a party whose id is ``thailand-2``.
    """
    return path if page == 1 else f"{path[: -len('.html')]}.page-{page}.html"


def root_of(path: str) -> str:
    """The relative prefix from a page back to the site's root: "" or "../" or "../../"."""
    return "../" * path.count("/")
