"""Citations as people copy them: a reference in words, or BibTeX."""

from __future__ import annotations

import re
from collections.abc import Callable

from .._registry.citation import Citation, Credits
from .safe import terminal

_KINDS = {"dataset": "Data set", "software": "Computer software"}


def _authors(names: tuple[str, ...]) -> str:
    if not names:
        return "Anonymous"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " & " + names[-1]


def reference(c: Citation) -> str:
    """One reference in words (APA-like): authors (year). Title (version) [kind]. Where."""
    year = f" ({c.year})" if c.year else " (n.d.)"
    head = f"{_authors(c.authors)}{year}. {c.title}"
    if c.type == "article":
        where = f"{c.journal}" + (f", {c.volume}" if c.volume else "")
        where += f"({c.issue})" if c.issue else ""
        where += f", {c.pages}" if c.pages else ""
        return f"{head}. {where}."
    version = f" (Version {c.version})" if c.version else ""
    kind = f" [{_KINDS[c.type]}]" if c.type in _KINDS else ""
    tail = f" {c.url}" if c.url else ""
    return f"{head}{version}{kind}.{tail}"


def _key(c: Citation) -> str:
    first = c.authors[0] if c.authors else c.title
    word = re.sub(r"[^a-z0-9]", "", first.split(",")[0].split()[0].lower()) or "ref"
    return f"{word}{c.year or ''}{re.sub(r'[^a-z0-9]', '', c.title.split()[0].lower())}"


def _braced(text: str) -> str:
    # BibTeX reads braces and backslashes as markup: a title keeps them as characters.
    return re.sub(r"([{}\\])", r"\\\1", text)


def bibtex(c: Citation) -> str:
    """One BibTeX entry: @article, @software or @misc (for a data set)."""
    kind = {"article": "article", "software": "software"}.get(c.type, "misc")
    # A group author ("accordreg contributors") is one name: double braces keep it whole.
    names = " and ".join(f"{{{_braced(a)}}}" if "," not in a else _braced(a) for a in c.authors)
    fields = [("author", names), ("title", _braced(c.title))]
    fields += [
        (k, _braced(v))
        for k, v in (
            ("journal", c.journal),
            ("volume", c.volume),
            ("number", c.issue),
            ("pages", c.pages.replace("–", "--") if c.pages else None),
            ("year", c.year),
            ("version", c.version),
            ("url", c.url),
            ("note", "[Data set]" if c.type == "dataset" else None),
        )
        if v
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{kind}{{{_key(c)},\n{body}\n}}"


def as_text(credits: Credits) -> str:
    """Every work to cite, each under what it is, then where licences apply; for a
    terminal (a citation file's text may hold control and invisible characters)."""
    lines: list[str] = []
    if credits.missing:
        lines += [f"This dataset: {credits.missing}.", ""]
    for what, c in credits.all():
        lines += [f"{what}:", f"  {reference(c)}"]
        if c.licence:
            lines.append(f"  Licence: {c.licence}")
        lines.append("")
    return terminal("\n".join(lines).rstrip()) + "\n"


def as_bibtex(credits: Credits) -> str:
    """Every work to cite as BibTeX entries, for a terminal (see :func:`as_text`).

    A tab or carriage return is a space: ``\\t`` would be a TeX command in the file."""
    entries = "\n\n".join(bibtex(c) for _, c in credits.all())
    return terminal(re.sub(r"[\t\r]", " ", entries)) + "\n"


#: The formats of `accordreg cite`.
FORMATS: dict[str, Callable[[Credits], str]] = {"text": as_text, "bibtex": as_bibtex}
