"""How to cite what a reader uses: the registry (its ``CITATION.cff``), PA-X where the
registry holds PA-X imports, and the software.

A registry says how to cite it in a ``CITATION.cff`` file (Citation File Format 1.2) at
the top of its folder; the file is not a record, so validation passes it by.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..yaml.parse import parse

if TYPE_CHECKING:
    from .query import Registry

#: The file a registry's citation is read from.
FILE_NAME = "CITATION.cff"


@dataclass(frozen=True)
class Citation:
    """One work to cite: who made it, what it is called, which version, from when."""

    title: str
    authors: tuple[str, ...]
    #: "dataset", "software" or "article".
    type: str
    version: str | None = None
    #: YYYY-MM-DD or YYYY.
    date: str | None = None
    url: str | None = None
    licence: str | None = None
    #: For an article: the journal, volume, issue and pages.
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    #: What the work is, in a sentence (a CFF ``abstract`` or ``message``).
    note: str | None = None

    @property
    def year(self) -> str | None:
        """The year of ``date``."""
        return self.date[:4] if self.date else None


#: accordreg itself, as its CITATION.cff says (a test keeps the two in step).
SOFTWARE = Citation(
    title="accordreg",
    authors=("accordreg contributors",),
    type="software",
    version=__version__,
    licence="MIT",
    note="Peace-agreement provisions as typed YAML records with a dated, sourced history.",
)

#: PA-X, as peaceagreements.org asks the dataset to be cited.
PAX = Citation(
    title="Introducing PA-X: A new peace agreement database and dataset",
    authors=("Bell, C.", "Badanjak, S."),
    type="article",
    date="2019",
    journal="Journal of Peace Research",
    volume="56",
    issue="3",
    pages="452–466",
    url="https://www.peaceagreements.org",
    licence="CC-BY-NC-SA-4.0",
    note="PA-X data © PeaceRep / University of Edinburgh, licensed CC BY-NC-SA 4.0.",
)


def holds_pax(registry: Registry) -> bool:
    """Whether any agreement of the registry links to a PA-X agreement."""
    return any(
        a.links is not None and a.links.pax_agreement is not None
        for a in registry.agreements.values()
    )


def registry_folder(registry: Registry) -> Path | None:
    """The folder the registry was loaded from (the first one, if several)."""
    for root in registry.roots:
        if root.is_dir():
            return root
    return None


def _text(value: Any) -> str | None:
    # YAML 1.2 reads `version: 1.0` as a number: a version is text all the same.
    return None if value is None or isinstance(value, dict | list) else str(value).strip()


def _author(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return _text(entry)
    if entry.get("name"):
        return _text(entry["name"])
    family, given = _text(entry.get("family-names")), _text(entry.get("given-names"))
    if family and given:
        return f"{family}, {given}"
    return family or given


def read_cff(path: Path) -> Citation:
    """A Citation File Format file as a Citation; ValueError if it is not one."""
    parsed = parse(path.read_text(encoding="utf-8"), str(path))
    data = parsed.data
    if parsed.diagnostics or not isinstance(data, dict) or not data.get("title"):
        raise ValueError(f"{path} is not a citation file with a title")
    authors = tuple(a for a in map(_author, data.get("authors") or []) if a)
    kind = _text(data.get("type")) or "software"
    return Citation(
        title=_text(data["title"]) or "",
        authors=authors,
        type=kind,
        version=_text(data.get("version")),
        date=_text(data.get("date-released")),
        url=_text(data.get("url") or data.get("repository-code")),
        licence=_text(data.get("license")),
        note=_text(data.get("abstract") or data.get("message")),
    )


def registry_citation(registry: Registry) -> Citation | None:
    """The registry's own citation, from the CITATION.cff in its folder; None without one."""
    folder = registry_folder(registry)
    if folder is None or not (folder / FILE_NAME).is_file():
        return None
    return read_cff(folder / FILE_NAME)


@dataclass(frozen=True)
class Credits:
    """What to cite for a registry: itself, PA-X if it holds PA-X imports, the software."""

    dataset: Citation | None
    pax: Citation | None
    software: Citation
    #: Where the dataset's citation would go when it has none.
    missing: str | None = None

    def all(self) -> list[tuple[str, Citation]]:
        """(what it is, its citation) for each work to cite, the dataset first."""
        out = [("This dataset", self.dataset)] if self.dataset else []
        out += (
            [("PA-X, to which the agreements of this dataset link", self.pax)] if self.pax else []
        )
        return [*out, ("The software that built it", self.software)]


def credits(registry: Registry) -> Credits:
    """Everything a registry should be cited with."""
    dataset = registry_citation(registry)
    folder = registry_folder(registry)
    missing = None
    if dataset is None:
        where = folder / FILE_NAME if folder else Path(FILE_NAME)
        missing = f"no {FILE_NAME} in the registry's folder: add {where} to say how to cite it"
    return Credits(dataset, PAX if holds_pax(registry) else None, SOFTWARE, missing)
