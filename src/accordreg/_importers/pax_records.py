"""Building the records of one PA-X row: its source, its agreement and its provisions.

The rows come checked from :mod:`.pax_rows`; signatories and third parties are read from
their cells by :mod:`.pax_people`, and code families from PA-X's codebook.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._diagnostics import has_errors
from .._model.pax_codebook import Crosswalk, families
from .._model.vocabulary import PaxAgreementType, PaxConflictType, PaxRegion, PaxStage
from . import pax_people
from .pax_rows import _agreement_id, _codes, _count, _date, _enum, _number, _Row, _slug, _yes_no

if TYPE_CHECKING:
    from .pax import ImportResult

PAGE = "https://www.peaceagreements.org/view/{}"
PUBLISHER = "PA-X Peace Agreements Database, University of Edinburgh"
CITATION = (
    "Cite as: Bell, C. & Badanjak, S. (2019) Introducing PA-X: A new peace agreement "
    "database and dataset, Journal of Peace Research 56(3), 452-466"
)

#: Id columns that link to other datasets: column -> field of `links`.
LINK_COLUMNS = {
    "UcdpCon": "ucdp_conflict",
    "UcdpAgr": "ucdp_agreement",
    "PamAgr": "pam_agreement",
    "CowWar": "cow_war",
}
#: Whole-number columns of the agreement itself: column -> field.
COUNT_COLUMNS = {
    "Lgt": "length_pages",
    "N_characters": "length_characters",
    "Ver": "pax_version",
    "ImSrc": "pax_imsrc",
}
#: A title shorter than this many words is too common to be matched in OthAgr.
_TITLE_WORDS = 5


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


class _Titles:
    """Agreement titles that can be found, word for word, in another row's OthAgr."""

    def __init__(self, titles: dict[int, tuple[str, date | None]]):
        seen = Counter(tuple(_words(t)) for t, _ in titles.values())
        self.by_start: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        self.dates = {n: d for n, (_, d) in titles.items()}
        for number, (title, _) in titles.items():
            words = tuple(_words(title))
            # A short or repeated title ("Joint Statement") names no one agreement.
            if len(words) >= _TITLE_WORDS and seen[words] == 1:
                self.by_start.setdefault(words[:3], []).append((words, number))

    def referred(self, text: str, number: int, signed: date | None) -> list[int]:
        """Agreements whose full title the text contains, signed no later than this one."""
        words = _words(text)
        found: list[int] = []
        for i in range(len(words)):
            for title, other in self.by_start.get(tuple(words[i : i + 3]), ()):
                if other == number or other in found or tuple(words[i : i + len(title)]) != title:
                    continue
                when = self.dates.get(other)
                if signed is None or when is None or when <= signed:
                    found.append(other)
        return found


@dataclass
class _Context:
    """What every row's records draw on: the crosswalk, names, titles, code columns."""

    walk: Crosswalk
    codes: list[str]
    known: frozenset[str]
    titles: _Titles
    result: ImportResult
    #: The line of the row each agreement number was first seen on.
    seen: dict[int, int] = field(default_factory=dict)


def _source(row: _Row, number: int, title: str) -> dict[str, Any]:
    version = row.get("Ver")
    release = (
        f" The row came into PA-X (or was last revised) in PA-X release {version} (Ver);"
        " that is not the version of the file imported."
        if version
        else ""
    )
    return {
        "kind": "source",
        "id": f"pax-page-{number}",
        "title": f"PA-X {number}: {title}",
        "publisher": PUBLISHER,
        "url": PAGE.format(number),
        "reliability": "official",
        "note": "PA-X's coding page for the agreement. PA-X data, CC BY-NC-SA 4.0. "
        f"{CITATION}.{release} The CSV gives no link to the agreement's own document, "
        "so none is recorded.",
    }


def _links(row: _Row, number: int) -> dict[str, Any]:
    links: dict[str, Any] = {"pax_agreement": number}
    process = row.get("PP")
    if process is not None:
        process_number = _number(process)
        if process_number is not None:
            links["pax_process"] = process_number
        else:
            row.unknown_value("PP", process, "a whole number")
    for column, key in LINK_COLUMNS.items():
        value = _count(row, column)
        if value is not None:
            links[key] = value
    gwno = [n for n in (_count(row, "Loc1GWNO"), _count(row, "Loc2GWNO")) if n is not None]
    if gwno:
        links["gwno"] = gwno
    return links


def _people(row: _Row, ctx: _Context) -> dict[str, Any]:
    part, third = row.text("Part"), row.text("ThrdPart")
    signers = pax_people.parse_people(part or "", ctx.known)
    helpers = pax_people.parse_people(third or "", ctx.known, third=True)
    ctx.result.signatory_patterns.update(e.pattern for e in signers.entries)
    ctx.result.signatory_patterns.update(
        {f"(left out: {k})": n for k, n in signers.skipped.items()}
    )
    ctx.result.third_party_patterns.update(e.pattern for e in helpers.entries)
    ctx.result.third_party_patterns.update(
        {f"(left out: {k})": n for k, n in helpers.skipped.items()}
    )
    # Witnesses, guarantors and the like that PA-X lists under Part (below "Witnessed
    # by:") are third parties: they did not sign as parties.
    return {
        "signed": signers.signed,
        "signatories": [pax_people.signatory(e) for e in signers.entries if e.role is None],
        "signatories_text": part,
        "third_parties": [
            pax_people.third_party(e)
            for e in (*helpers.entries, *(e for e in signers.entries if e.role is not None))
        ],
        "third_parties_text": third,
    }


def _provision(aid: str, source_id: str, signed: date, family: Any, ctx: _Context) -> Any:
    book = ctx.walk.book
    head = family.head
    known = head in book
    title = book.own_label(head) if known else f"{head} (not in the PA-X codebook)"
    strength = family.codes.get(head, max(family.codes.values()))
    others = [
        f"{book.label(c)} ({c}{'' if v == 1 else f', {v}'})"
        for c, v in family.codes.items()
        if c != head
    ]
    text = (
        f"PA-X codes provisions on {title} ({head}) in this agreement, at strength "
        f"{strength} on PA-X's scale of 1 to 3"
        + (f"; also coded: {'; '.join(others)}" if others else "")
        + "."
    )
    return {
        "kind": "provision",
        "id": f"{aid}/{_slug(head)}",
        "agreement": aid,
        "title": title,
        "category": family.category,
        "text": text,
        "pax_codes": list(family.codes),
        "pax_strength": dict(family.codes),
        "sources": [source_id],
        "history": [{"on": signed, "status": "agreed", "sources": [source_id]}],
    }


def _records(row: _Row, ctx: _Context) -> list[tuple[Path, dict[str, Any]]]:
    """The source, agreement and provision records of one row (empty if it is unusable)."""
    number, signed = _agreement_id(row, ctx.seen), _date(row)
    present = _codes(row, ctx.codes)
    if number is None or signed is None or has_errors(row.problems):
        return []
    # Ids are unique across kinds, so the PA-X page gets an id of its own.
    aid, source_id = f"pax-{number}", f"pax-page-{number}"
    title = " ".join((row.get("Agt") or f"PA-X agreement {number}").split())
    records: list[tuple[Path, dict[str, Any]]] = [
        (Path("sources") / f"{source_id}.yaml", _source(row, number, title))
    ]
    people = _people(row, ctx)
    other_text = row.text("OthAgr")
    counts = {key: _count(row, column) for column, key in COUNT_COLUMNS.items()}
    optional: dict[str, Any] = {
        "signed": people["signed"],
        "process": row.get("PPName"),
        "conflict": row.get("Con"),
        "conflict_type": _enum(row, "Contp", PaxConflictType),
        "region": _enum(row, "Reg", PaxRegion),
        "countries": [
            c
            for c in (row.get("Loc1ISO"), row.get("Loc2ISO"))
            if c and re.fullmatch(r"[A-Z]{3}", c)
        ],
        "signatories": people["signatories"],
        "signatories_text": people["signatories_text"],
        "third_parties": people["third_parties"],
        "third_parties_text": people["third_parties_text"],
        "agreement_type": _enum(row, "Agtp", PaxAgreementType),
        "stage": _enum(row, "Stage", PaxStage),
        "stage_sub": row.get("StageSub"),
        "pax_status": row.get("Status"),
        "interim": _yes_no(row, "Interim"),
        **counts,
        "refers_to": [f"pax-{n}" for n in ctx.titles.referred(other_text or "", number, signed)],
        "other_agreements_text": other_text,
    }
    agreement: dict[str, Any] = {
        "kind": "agreement",
        "id": aid,
        "title": title,
        "date_signed": signed,
    }
    # False is a value here (not signed, not interim); None and empty lists are not.
    agreement.update({k: v for k, v in optional.items() if v is not None and v != []})
    agreement["links"] = _links(row, number)
    agreement["sources"] = [source_id]
    if row.unknown:
        agreement["note"] = "; ".join(row.unknown)
    records.append((Path(aid) / "agreement.yaml", agreement))
    for family in families(present, ctx.walk):
        data = _provision(aid, source_id, signed, family, ctx)
        records.append((Path(aid) / f"{_slug(family.head)}.yaml", data))
    return records


def _known_names(rows: list[_Row]) -> frozenset[str]:
    """Countries and entities PA-X names in Con: each may stand alone as a party."""
    names = set()
    for row in rows:
        for name in (row.get("Con") or "").split("/"):
            name = name.strip().strip("()").strip()
            if name:
                names.add(name.casefold())
    return frozenset(names)


def _titles(rows: list[_Row]) -> _Titles:
    """The titles of the rows that will be imported, for finding them in OthAgr."""
    titles: dict[int, tuple[str, date | None]] = {}
    for row in rows:
        number, title = _number(row.get("AgtId")), row.get("Agt")
        if number is None or title is None or number in titles:
            continue
        try:
            signed: date | None = date.fromisoformat(row.get("Dat") or "")
        except ValueError:
            continue  # a row that will not be imported cannot be referred to
        titles[number] = (title, signed)
    return _Titles(titles)
