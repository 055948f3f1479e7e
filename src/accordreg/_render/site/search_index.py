"""The site's search index: every agreement, provision, party and source, found by the
words of its title, text and notes, from the site's own files, offline.

Under ``assets/search/``:

- ``meta.js``: how many documents there are, how they are split, the labels they name;
- ``docs-N.js``: the documents, DOC_BLOCK to a file: kind, id, title and a line of context;
- ``terms/KEY.js``: every word that starts with the two characters KEY, with the documents
  it is in: first those that have it in their title, then the others, each list as the
  gaps between document numbers, in hexadecimal.

A query loads the files of its words' first two characters and the blocks of the
documents it shows, nothing else. Each file is a script that hands its data to
``accordregSearch``: a page opened from disk may run scripts from beside it, where
browsers refuse ``fetch`` on ``file:`` addresses (which is why Pagefind's index, which is
fetched, does not work from disk; see the how-to on publishing for the two compared).

A word is what :func:`terms` makes of a text, and ``static/search.js`` reads a query the
same way: lower case, accents taken off, letters and digits only, two characters or more,
a few common English words left out. The search page matches each word of a query as the
start of a word in the index, so that "withdraw" finds "withdrawal".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..._model.places import country_name
from ..._model.records import Condition
from ..._registry import engine
from .. import words
from . import urls
from .browse import agreement_values, label
from .list_data import script_json

if TYPE_CHECKING:
    from .pages import Pages

#: Where the index lives in the site.
FOLDER = "assets/search"
#: Documents per file of documents.
DOC_BLOCK = 2000
#: Words shorter than this are not indexed, nor looked up.
SHORTEST = 2
#: Words so common that they find everything: left out of the index and of queries (the
#: same list is in static/search.js, which a test compares).
STOP = frozenset(
    (
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
    )
)
_WORD = re.compile(r"[^\W_]+")
#: The accents NFKD takes off Latin letters (é is e and an accent): dropped, so that
#: "Sao Tome" finds "São Tomé". Other marks split words, as they do in the script.
_ACCENTS = re.compile("[\u0300-\u036f]")

#: The kinds of document, as the index names them, and what the search page calls them.
KINDS = {"a": "Agreement", "p": "Provision", "y": "Party", "s": "Source"}


def terms(text: str) -> list[str]:
    """The words of ``text`` as the index holds them (see the module's docstring)."""
    if text.isascii():
        text = text.lower()
    else:  # 𝕬 is A, then a; é is e and an accent, then e
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text).lower())
    return [w for w in _WORD.findall(text) if len(w) >= SHORTEST and w not in STOP]


def _text(parts: Iterable[Any]) -> str:
    return " ".join(str(x) for x in parts if x)


def _note(pages: Pages, text: str | None) -> str | None:
    """A record's note where the site shows it (not one written after the site's date)."""
    return text if text and pages.note(text) == text else None


def _documents(pages: Pages) -> Iterator[tuple[list[Any], str, str]]:
    """(entry, title text, other text) of every document, agreements first."""
    r = pages.registry
    agreement_at: dict[str, int] = {}
    for a in r.agreements.values():
        agreement_at[a.id] = len(agreement_at)
        context = " · ".join(
            x for x in (a.date_signed and a.date_signed.isoformat(), a.process) if x
        )
        other = _text(
            [
                a.id,
                a.process,
                a.conflict,
                a.place,
                *(label(f, v) for f, v in agreement_values(a)),
                *a.countries,
                a.signatories_text,
                a.third_parties_text,
                *(
                    s.party_name or (s.party and pages.party_link(s.party)["title"])
                    for s in a.signatories
                ),
                *(s.signed_by for s in a.signatories),
                *(
                    t.name or (t.party and pages.party_link(t.party)["title"])
                    for t in a.third_parties
                ),
                _note(pages, a.note),
            ]
        )
        # An id counts as a title ("pax-100" finds agreement pax-100 first).
        yield ["a", a.id, a.title, context], _text([a.title, a.short_title, a.id]), other
    categories = list(pages.categories)
    states = [str(s) for s in r.lifecycle.states()]
    for s in pages.rows:
        p = s.provision
        other = _text(
            [
                p.id,
                # Its agreement's title: "aceh ceasefire" finds the ceasefires of Aceh.
                pages.agreement_title(p.agreement),
                p.text,
                p.section,
                pages.categories.get(p.category),
                *p.pax_codes,
                _note(pages, p.note),
                *(e.note for e in engine.events_on(p, pages.on)),
                *(x for d in engine.deadlines_on(p, pages.on) for x in (d.label, d.note)),
                *(
                    c.text if isinstance(c, Condition) else c
                    for c in engine.conditions_on(p, pages.on)
                ),
                *(x for loc in p.locations for x in (loc.country, loc.subdivision, loc.place)),
            ]
        )
        entry = [
            "p",
            p.id,
            p.title,
            agreement_at.get(p.agreement, -1),
            categories.index(p.category) if p.category in categories else -1,
            states.index(str(s.status)) if s.status is not None else -1,
        ]
        yield entry, _text([p.title, p.id.rsplit("/", 1)[-1]]), other
    for party in r.parties.values():
        kind = pages.party_types.get(str(party.type), str(party.type))
        where = country_name(party.country) if party.country else None
        context = ", ".join(x for x in (kind, where) if x)
        other = _text([party.id, kind, where, party.country, _note(pages, party.note)])
        yield ["y", party.id, party.name, context], _text([party.name, party.id]), other
    for source in r.sources.values():
        meta = pages.source_link(source.id)["meta"]
        other = _text([source.id, source.publisher, _note(pages, source.note)])
        yield ["s", source.id, source.title, meta], _text([source.title, source.id]), other


def searched(pages: Pages) -> str:
    """What the search looks through: "2 agreements, 30 provisions and 9 sources"."""
    r = pages.registry
    found = [
        words.count(n, word, many)
        for n, word, many in (
            (len(r.agreements), "agreement", None),
            (len(r.provisions), "provision", None),
            (len(r.parties), "party", "parties"),
            (len(r.sources), "source", None),
        )
        if n
    ]
    return " and ".join([", ".join(found[:-1]), found[-1]]) if len(found) > 1 else "".join(found)


def _gaps(numbers: list[int]) -> str:
    out, before = [], 0
    for n in numbers:
        out.append(format(n - before, "x"))
        before = n
    return ",".join(out)


def _key(term: str) -> str:
    """The name of the file of words that start as ``term`` does."""
    head = term[:SHORTEST]
    if re.fullmatch(r"[a-z0-9]+", head):
        return head
    return "u" + "-".join(format(ord(c), "x") for c in head)


def _wrap(call: str, *args: Any) -> bytes:
    return f"accordregSearch.{call}(".encode() + b",".join(script_json(a) for a in args) + b");\n"


def search_files(pages: Pages) -> dict[str, bytes]:
    """Every file of the index, by its path in the site."""
    titled: dict[str, list[int]] = {}
    rest: dict[str, list[int]] = {}
    entries: list[list[Any]] = []
    starts: list[list[Any]] = []
    for number, (entry, title, other) in enumerate(_documents(pages)):
        if not starts or starts[-1][0] != entry[0]:
            starts.append([entry[0], number])
        entries.append(entry)
        in_title = set(terms(title))
        for term in in_title:
            titled.setdefault(term, []).append(number)
        for term in set(terms(other)) - in_title:
            rest.setdefault(term, []).append(number)
    files: dict[str, bytes] = {}
    shards: dict[str, dict[str, str]] = {}
    for term in sorted(titled.keys() | rest.keys()):
        posting = f"{_gaps(titled.get(term, []))}|{_gaps(rest.get(term, []))}"
        shards.setdefault(_key(term), {})[term] = posting
    for key, found in shards.items():
        files[f"{FOLDER}/terms/{key}.js"] = _wrap("terms", key, found)
    for block in range(max(1, -(-len(entries) // DOC_BLOCK))):
        part = entries[block * DOC_BLOCK : (block + 1) * DOC_BLOCK]
        files[f"{FOLDER}/docs-{block}.js"] = _wrap("docs", block, part)
    r = pages.registry
    meta = {
        "documents": len(entries),
        "block": DOC_BLOCK,
        "shortest": SHORTEST,
        "kinds": KINDS,
        "starts": starts,
        "keys": sorted(shards),
        "stop": sorted(STOP),
        # Where each kind's pages are: the address of a placeholder id, split around it.
        "urls": {
            kind: make("\0").split("\0")
            for kind, make in (
                ("a", urls.agreement),
                ("p", urls.provision),
                ("y", urls.party),
                ("s", urls.source),
            )
        },
        "categories": [pages.category(c)["title"] for c in pages.categories],
        "states": [[pages.state(s), urls.word(str(s))] for s in r.lifecycle.states()],
    }
    files[f"{FOLDER}/meta.js"] = _wrap("meta", meta)
    return files
