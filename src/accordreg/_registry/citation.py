"""How to cite what a reader uses: the registry (its ``CITATION.cff``), PA-X where the
registry holds PA-X imports, UCDP's Peace Agreement Dataset and the ETH/PRIO ceasefires
where it holds their source records, and the software.

A registry says how to cite it in a ``CITATION.cff`` file (Citation File Format 1.2) at
the top of its folder; the file is not a record, so validation passes it by.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .._errors import AccordregError
from .._model.names import CITATION_FILE
from .._store.read import read_text, reason
from .._yaml.parse import parse

if TYPE_CHECKING:
    from .query import Registry

#: The file a registry's citation is read from.


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


#: UCDP's Peace Agreement Dataset, as UCDP asks it to be cited (with :data:`UCDP_2011`).
UCDP = Citation(
    title="Organized violence, 1989-2018 and peace agreements",
    authors=("Pettersson, Therése", "Högbladh, Stina", "Öberg, Magnus"),
    type="article",
    date="2019",
    journal="Journal of Peace Research",
    volume="56",
    issue="4",
    url="https://ucdp.uu.se/downloads/",
    licence="CC-BY-4.0",
    note="UCDP Peace Agreement Dataset, Uppsala Conflict Data Program, licensed CC BY 4.0.",
)
#: The second work UCDP asks the Peace Agreement Dataset to be cited with.
UCDP_2011 = Citation(
    title="Peace agreements 1975-2011 - Updating the UCDP Peace Agreement dataset",
    authors=("Högbladh, Stina",),
    type="report",
    date="2011",
)
#: The ETH/PRIO Civil Conflict Ceasefire dataset, as its authors ask it to be cited. Its
#: licence is the one the file a user obtained comes with: none is assumed here.
CEASEFIRES = Citation(
    title="Introducing the ETH/PRIO Civil Conflict Ceasefire Dataset",
    authors=(
        "Clayton, Govinda",
        "Nygård, Håvard Mokleiv",
        "Strand, Håvard",
        "Rustad, Siri Aas",
        "Wiehler, Claudia",
        "Sagård, Tora",
        "Landsverk, Peder",
        "Ryland, Reidun",
        "Sticher, Valerie",
        "Wink, Emma",
        "Bara, Corinne",
    ),
    type="article",
    date="2022",
    journal="Journal of Conflict Resolution",
    url="https://doi.org/10.1177/00220027221129195",
)


@dataclass(frozen=True)
class OutcomeDataset:
    """A dataset of outcomes an import reads: its name, its home, the works to cite."""

    name: str
    url: str
    #: How the source records its import writes are named: their ids are this, or start
    #: with it and a hyphen (a version). A registry holding one cites the dataset.
    source: str
    works: tuple[tuple[str, Citation], ...]


UCDP_DATASET = OutcomeDataset(
    "UCDP Peace Agreement Dataset",
    "https://ucdp.uu.se/downloads/",
    "ucdp-peace-agreements",
    (
        ("UCDP's Peace Agreement Dataset, which the agreements' ends come from", UCDP),
        ("Its update to 2011, which UCDP asks to be cited with it", UCDP_2011),
    ),
)
CEASEFIRE_DATASET = OutcomeDataset(
    "ETH/PRIO Civil Conflict Ceasefire dataset",
    "https://doi.org/10.1177/00220027221129195",
    "ethprio-ceasefires",
    (
        (
            "The ETH/PRIO Civil Conflict Ceasefire dataset, which the ceasefires come from",
            CEASEFIRES,
        ),
    ),
)
OUTCOME_DATASETS = (UCDP_DATASET, CEASEFIRE_DATASET)


def held_outcomes(registry: Registry) -> tuple[OutcomeDataset, ...]:
    """The outcome datasets whose source records the registry holds."""
    ids = list(registry.sources)
    return tuple(
        d
        for d in OUTCOME_DATASETS
        if any(s == d.source or s.startswith(f"{d.source}-") for s in ids)
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


class CitationError(AccordregError, ValueError):
    """A CITATION.cff that cannot be read as a citation; the message says where and why."""


def _text(value: Any, path: Path, key: str) -> str | None:
    """A text field: None if absent; CitationError if it is a list or a mapping."""
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise CitationError(f"{path}: `{key}` is a {_shape(value)}, not text")
    # YAML 1.2 reads `version: 1.0` as a number: a version is text all the same.
    return str(value).strip()


def _shape(value: Any) -> str:
    return "mapping" if isinstance(value, dict) else "list"


def _author(entry: Any, path: Path) -> str | None:
    if not isinstance(entry, dict):
        return _text(entry, path, "authors")
    if entry.get("name"):
        return _text(entry["name"], path, "authors")
    family = _text(entry.get("family-names"), path, "authors")
    given = _text(entry.get("given-names"), path, "authors")
    if family and given:
        return f"{family}, {given}"
    return family or given


def _licence(value: Any, path: Path) -> str | None:
    # CFF allows a list of SPDX identifiers, any of which applies.
    if isinstance(value, list):
        named = [t for v in value if (t := _text(v, path, "license"))]
        return " OR ".join(named) or None
    return _text(value, path, "license")


def read_cff(path: Path) -> Citation:
    """A Citation File Format file as a Citation.

    Read as every input is (see ``store.read``: a regular file of at most 5 MB); raises
    :class:`CitationError`, a ValueError, with one sentence naming the file and what is
    wrong (not readable, not UTF-8, not YAML, no title, a field of the wrong shape).
    """
    try:
        text = read_text(path, what="citation file")
    except OSError as exc:
        message, hint = reason(path, exc)
        raise CitationError(f"{path}: {message}" + (f" ({hint})" if hint else "")) from None
    except UnicodeDecodeError:
        raise CitationError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    parsed = parse(text, str(path))
    if parsed.diagnostics:
        first = parsed.diagnostics[0]
        raise CitationError(
            f"{path}:{first.line}:{first.column}: {first.message}; "
            "a CITATION.cff is YAML (Citation File Format 1.2)"
        )
    data = parsed.data
    if not isinstance(data, dict) or not data.get("title"):
        raise CitationError(f"{path} is not a citation file with a title")
    authors = data.get("authors") or []
    if not isinstance(authors, list):
        raise CitationError(f"{path}: `authors` is not a list")
    return Citation(
        title=_text(data["title"], path, "title") or "",
        authors=tuple(a for a in (_author(entry, path) for entry in authors) if a),
        type=_text(data.get("type"), path, "type") or "software",
        version=_text(data.get("version"), path, "version"),
        date=_text(data.get("date-released"), path, "date-released"),
        url=_text(data.get("url") or data.get("repository-code"), path, "url"),
        licence=_licence(data.get("license"), path),
        note=_text(data.get("abstract") or data.get("message"), path, "abstract"),
    )


def registry_citation(registry: Registry) -> Citation | None:
    """The registry's own citation, from the CITATION.cff in its folder; None without one.

    Whatever stands under that name is read: a dangling link, a folder or a device is a
    :class:`CitationError`, never taken for a registry without a citation.
    """
    folder = registry_folder(registry)
    if folder is None or not os.path.lexists(folder / CITATION_FILE):
        return None
    return read_cff(folder / CITATION_FILE)


@dataclass(frozen=True)
class Credits:
    """What to cite for a registry: itself, PA-X if it holds PA-X imports, the outcome
    datasets whose records it holds, the software."""

    dataset: Citation | None
    pax: Citation | None
    software: Citation
    #: Where the dataset's citation would go when it has none.
    missing: str | None = None
    #: The outcome datasets (UCDP's, the ceasefires) whose records it holds.
    held: tuple[OutcomeDataset, ...] = ()

    @property
    def outcomes(self) -> tuple[tuple[str, Citation], ...]:
        """The works of the outcome datasets it holds, each with what it is."""
        return tuple(work for d in self.held for work in d.works)

    def all(self) -> list[tuple[str, Citation]]:
        """(what it is, its citation) for each work to cite, the dataset first."""
        out = [("This dataset", self.dataset)] if self.dataset else []
        out += (
            [("PA-X, to which the agreements of this dataset link", self.pax)] if self.pax else []
        )
        return [*out, *self.outcomes, ("The software that built it", self.software)]


def credits(registry: Registry) -> Credits:
    """Everything a registry should be cited with."""
    dataset = registry_citation(registry)
    folder = registry_folder(registry)
    missing = None
    if dataset is None:
        where = folder / CITATION_FILE if folder else Path(CITATION_FILE)
        missing = f"no {CITATION_FILE} in the registry's folder: add {where} to say how to cite it"
    return Credits(
        dataset,
        PAX if holds_pax(registry) else None,
        SOFTWARE,
        missing,
        held_outcomes(registry),
    )
