"""Signatories and third parties from PA-X's free text (the Part and ThrdPart columns).

The cells are written by hand in many forms: ``Name, capacity``; ``Name - capacity``;
``Party: Title NAME``; a heading (``For the Government:``) with the people below it; a
name on one line and the title on the next; numbered or bulleted lists; and coder
commentary (``Agreement not signed, but parties understood to be ...``). This module
reads only what it can read for sure: every entry it cannot split with certainty is kept
whole and marked ``uncertain``; commentary is never read as a party; and an agreement
whose text says it was not signed is recorded as not signed, with no signatories made
up from the parties the coder names. The cell itself is always kept beside the result.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .pax_names import (
    _HONORIFIC,
    _ORG,
    _TITLE,
    Entry,
    _is_title,
    _person_and_capacity,
    is_party,
    is_person,
)

#: The agreement, or the copy the coder had, is said not to be signed: the first line
#: opens with it, after at most a few words naming the document ("Joint statement, ...").
NOT_SIGNED = re.compile(
    r"^\W*(?:note\s*:\s*)?(?:(?:the|this|an?|joint|uploaded|agreement|document|statement|"
    r"memorandum|declaration|communiqu[ée]|version|copy|text|on|file|record|of|which|is|was|"
    r"has|does|it)[\s,]+){0,7}(?:not\s+(?:been\s+)?signed|unsigned|(?:does\s+)?not\s+have\s+"
    r"(?:any\s+)?signatures|has\s+no\s+signatures|no\s+signatures?\b|without\s+signator|"
    r"no\s+signatories|parties\s+(?:are\s+)?not\s+listed)",
    re.I,
)
#: ... unless the coder adds that the signing is confirmed elsewhere.
_SIGNING_CONFIRMED = re.compile(r"confirm\w*\s+(?:the\s+)?sign", re.I)
#: A sentence about the document rather than a name: coder commentary, never a party.
_COMMENT = re.compile(
    r"\b(?:was|were|is|are|has been|have been|had been|will be)\s+(?:\w+\s+)?"
    r"(?:signed|represented|chaired|facilitated|present|held|attended|produced|made|"
    r"initialled|prepared|mediated|brokered|witnessed|included|listed|named|mentioned|"
    r"confirmed|issued|published|reported|read|adopted|agreed|unclear|not|also|the|a|an)\b"
    r"|\b(?:secondary sources|according to|see original|the following)\b"
    r"|^\W*(?:no third part|none\b|n/?a\b|nil\b|note\b|copy\b|this is\b|the (?:agreement|"
    r"document|meeting|text|statement|declaration|conference)\b)|^\s*\[[^\]]*\]\s*$",
    re.I,
)
#: A hedge inside an entry: the entry is kept, but marked uncertain.
_HEDGE = re.compile(
    r"\b(?:believed|presumed|understood|unclear|illegible|not clear|unknown|unspecified|"
    r"not named|not noted|not listed|not known|appears? to|no signatures?|unsigned|"
    r"not signed|maybe)\b|\?",
    re.I,
)
#: Lines that are not about anyone: page footers and page markers of the source text.
_NOISE = re.compile(
    r"^(?:PA-X,? Peace Agreement Access Tool.*|www\.peaceagreements\.org|\d{1,3}|"
    r"page\s*\d+\s*[:.,]?|pg\.?\s*\d+\s*[:.,]?|[-–—_*•.…\s/]+|sd\.?)$",
    re.I,
)
_SIGN_MARK = re.compile(
    r"[\[(]\s*(?:signed|sgd\.?|signature(?:\s+illegible)?|stamp(?:ed)?|seal|initialled)"
    r"\s*[\])]",
    re.I,
)
_LEAD = re.compile(
    r"^(?:[-–—•*·>]+\s*|\(?\d{1,3}\s*[-.)]\s*|\d{1,3}\s+(?=[^\W\d])|\(?[a-z][.)]\s+"
    r"|\(?[ivx]{1,4}[.)]\s*)"
)
_SIGNED_BY = re.compile(
    r"^(?:signed\s+by|signatories|signatory\s+part(?:y|ies)|signed|signing\s+parties|parties)"
    r"\s*:\s*",
    re.I,
)
_FOR = re.compile(
    r"^(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|in\s+behalf\s+of|for|por|pour|from)"
    r"\s+(?=\S)",
    re.I,
)
#: Third-party roles and the words that name them, as the vocabulary has them.
_ROLES = (
    ("witness", "witness"),
    ("témoin", "witness"),
    ("temoin", "witness"),
    ("guarant", "guarantor"),
    ("garant", "guarantor"),
    ("mediat", "mediator"),
    ("médiat", "mediator"),
    ("facilitat", "facilitator"),
    ("observ", "observer"),
    ("monitor", "monitor"),
    ("verif", "verifier"),
    ("hosted", "host"),
    ("host", "host"),
    # A document signed "in the presence of" someone is witnessed by them.
    ("presence", "witness"),
    ("présence", "witness"),
)
_ROLE_WORD = re.compile("|".join(k for k, _ in _ROLES), re.I)


@dataclass
class People:
    """What a cell says about who signed or took part."""

    entries: list[Entry] = field(default_factory=list)
    #: False where the cell says the agreement was not signed; None where it does not say.
    signed: bool | None = None
    #: Lines left out as coder commentary or page noise, by kind.
    skipped: Counter[str] = field(default_factory=Counter)


def _clean(line: str) -> str:
    # NBSP, zero-width spaces and tabs appear between names and titles in the cells.
    line = re.sub(r"[\u00a0\u2007\u202f\t]", " ", line)
    line = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", line)
    return " ".join(line.split()).strip(" ;,")


def _strip_lead(line: str) -> str:
    previous = None
    while previous != line:
        previous = line
        line = _LEAD.sub("", line).strip()
        line = _SIGNED_BY.sub("", line).strip()
    return line


def _label_party(label: str) -> bool:
    """Before a colon, a short capitalised name with no title in it is the party's."""
    words = label.split()
    return (
        0 < len(words) <= 8
        and label[0].isupper()
        and not re.search(r"\d", label)
        and not any(w.lower().strip(".,") in _TITLE | _HONORIFIC for w in words)
        and not is_person(label)
    )


def _entry(
    line: str, party: str | None, role: str | None, known: frozenset[str]
) -> Entry | list[Entry]:
    """One line (or ;-piece) under an optional heading party and role."""
    if _HEDGE.search(line):
        return Entry(party_name=party, role=role, text=line, uncertain=True, pattern="hedged")
    entry: Entry | None = None
    # "Government of Sri Lanka, signed for by NAME, capacity".
    signed_for = re.match(r"^(.+?),?\s+signed\s+(?:for\s+)?by\s*:?\s+(.+)$", line, re.I)
    if signed_for and is_party(signed_for.group(1), known):
        inner = _person_and_capacity(signed_for.group(2), known)
        if inner is not None and inner.party_name is None:
            inner.party_name, inner.pattern = signed_for.group(1), "party, signed for by name"
            inner.role = role
            return inner
    # "X (Signed) Y": the mark stands between the party and who signed for it.
    mark = _SIGN_MARK.search(line)
    if mark and mark.start() > 0 and mark.end() < len(line.rstrip(" .;,")):
        left, right = line[: mark.start()].strip(" ,"), _SIGN_MARK.sub("", line[mark.end() :])
        inner = _person_and_capacity(right, known) if is_party(left, known) else None
        if inner is not None and inner.party_name is None:
            inner.party_name, inner.pattern = left, "party (signed) name"
            entry = inner
    line = _clean(_SIGN_MARK.sub(" ", line))
    if entry is None:
        # "For the Government: Name, capacity" / "Cambodia: Prime Minister NAME".
        label, colon, rest = line.partition(":")
        if colon and rest.strip() and not _ROLE_WORD.search(label) and len(label) <= 120:
            label = _FOR.sub("", label.strip())
            inner = _person_and_capacity(rest, known)
            if inner is not None and inner.party_name is None:
                if _is_title(label) and inner.capacity is None:
                    inner.capacity, inner.pattern = label, "colon: capacity: name"
                    inner.party_name = party
                    entry = inner
                elif is_party(label, known) or _label_party(label):
                    inner.party_name = _the(label)
                    inner.pattern = f"colon: party: {inner.pattern}"
                    entry = inner
            elif inner is None and (is_party(label, known) or _label_party(label)):
                # "FMLN: A, B and C": several people for one party, each a clean name.
                names = re.split(r",\s*|\s+(?:and|y|et|&)\s+", rest.strip(" ."))
                if len(names) > 1 and all(is_person(n) for n in names):
                    return [
                        Entry(
                            party_name=_the(label),
                            person=n,
                            role=role,
                            pattern="colon: party: names",
                        )
                        for n in names
                    ]
        elif not colon:
            body = _FOR.sub("", line) if _FOR.match(line) else None
            if body is not None and "," in body:
                # "On behalf of X, Name, capacity": the party, then who signed for it.
                left, _, right = body.partition(",")
                inner = _person_and_capacity(right, known) if is_party(left, known) else None
                if inner is not None and inner.party_name is None:
                    inner.party_name, inner.pattern = _the(left), "for party, name"
                    entry = inner
                else:
                    entry = Entry(party_name=party, text=line, uncertain=True, pattern="uncertain")
            elif body is not None and is_party(body, known):
                entry = Entry(party_name=_the(body), pattern="for party")
            if entry is None:
                entry = _person_and_capacity(line, known)
                if entry is not None:
                    entry.party_name = entry.party_name or party
            if entry is None and body is None and is_party(line, known):
                entry = Entry(party_name=line.strip(" ."), pattern="party")
    if entry is None or not (entry.party_name or entry.person):
        # Nothing that names someone (a capacity alone): keep the line as written.
        entry = Entry(party_name=party, text=line, uncertain=True, pattern="uncertain")
    entry.role = entry.role or role
    return entry


def _role_of(text: str) -> str | None:
    low = text.lower()
    return next((role for key, role in _ROLES if key in low), None)


def _the(name: str) -> str:
    """A party's name without the article a heading gives it ("For the Government")."""
    return re.sub(r"^the\s+", "", name.strip(" .,"), flags=re.I)


def _heading(line: str, known: frozenset[str]) -> tuple[str | None, str | None] | None:
    """(party, role) if the line is a heading for the lines below it."""
    body = line.rstrip()
    colon = body.endswith(":")
    body = body.rstrip(" :")
    # "For the Republic of X [unsigned]:" is no heading to file the lines below under.
    if ":" in body or _SIGN_MARK.search(body) or _HEDGE.search(body):
        return None
    role = _role_of(body)
    # "Witnessed by:", "Guarantors", "International Observers": not "X as guarantor".
    opening = _role_of(" ".join(body.split()[:2])) and not re.search(r"\bas\b", body, re.I)
    if role and (colon or (opening and len(body.split()) <= 5)):
        # "Witnessed by:", "As witnesses and depositaries (Guarantor countries):"
        return None, role
    starts_for = bool(_FOR.match(body))
    if colon or starts_for:
        name = _the(_FOR.sub("", body))
        if colon and (is_party(name, known) or starts_for or _ORG.search(name)):
            return name, None
        if starts_for and "," not in name and is_party(name, known):
            return name, None
    return None


def parse_people(text: str, known: frozenset[str] = frozenset(), *, third: bool = False) -> People:
    """Read one Part (or, with ``third``, ThrdPart) cell.

    ``known`` holds lower-case names of countries and entities (from PA-X's Con column)
    that may stand alone as a party.
    """
    out = People()
    if not text.strip():
        return out
    first = _clean(text.strip().splitlines()[0])
    if not third and NOT_SIGNED.search(first) and not _SIGNING_CONFIRMED.search(text):
        # The parties the coder names after this are parties, not signatories: the cell
        # stays in `signatories_text`, and nobody is recorded as having signed.
        out.signed = False
        out.skipped["not signed"] += 1
        return out
    party: str | None = None
    role: str | None = None
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            # A blank line ends a heading's block.
            party, role = None, None
            continue
        pieces = [p for p in (_clean(x) for x in re.split(r";", line)) if p]
        for piece in pieces:
            piece = _strip_lead(piece)
            if not piece or _NOISE.fullmatch(piece) or _SIGN_MARK.fullmatch(piece):
                out.skipped["page noise"] += bool(piece)
                continue
            if _COMMENT.search(piece) or (NOT_SIGNED.search(piece) and len(piece) > 40):
                out.skipped["commentary"] += 1
                continue
            heading = _heading(piece, known)
            if heading is not None:
                party, role = heading[0] or (party if heading[1] else None), heading[1] or role
                if heading[0] is not None:
                    role = None if not third else role
                continue
            role_here = role
            inline = re.match(
                r"^(?:(?:signed\s+)?in\s+the\s+presence\s+of|witnessed\s+by|"
                r"(?:mediated|facilitated|hosted|guaranteed|observed)\s+by)\s*:?\s*",
                piece,
                re.I,
            )
            if inline:
                role_here = _role_of(inline.group()) or role
                piece = piece[inline.end() :].strip()
                if not piece:
                    # "In the presence of:" heads the lines below it.
                    party, role = None, role_here
                    continue
            as_role = re.search(r"\s+\(?as\s+(?:a\s+|the\s+)?(\w+)\)?\s*$", piece, re.I)
            if as_role and _role_of(as_role.group(1)):
                role_here = _role_of(as_role.group(1))
                piece = piece[: as_role.start()]
            # A title alone on its line belongs to the name on the line before.
            last = out.entries[-1] if out.entries else None
            titled = re.match(r"^title\s*:\s*", piece, re.I)
            if titled:
                piece = piece[titled.end() :]
            if (
                last is not None
                and not last.uncertain
                and last.person
                and last.capacity is None
                and (titled or (_is_title(piece) and not is_person(piece)))
                and ":" not in piece
            ):
                last.capacity = piece.strip(" .")
                last.pattern = "name line, title line"
                continue
            if not piece.strip(" .,;:"):
                continue
            for part in _and_split(piece, known):
                read = _entry(part, party, role_here, known)
                out.entries.extend(read if isinstance(read, list) else [read])
    return out


def _and_split(piece: str, known: frozenset[str]) -> list[str]:
    """``Republic of Cuba and from the Kingdom of Norway``: two parties, when both are."""
    pieces = re.split(r",?\s+(?:and|&)\s+(?:from\s+)?|,\s+(?=\S)", piece)
    if len(pieces) > 1 and all(is_party(p, known) for p in pieces):
        return [re.sub(r"^(?:the)\s+", "", p.strip(" ."), flags=re.I) for p in pieces]
    return [piece]


def signatory(entry: Entry) -> dict[str, object]:
    """A signatory record (only the keys that carry something)."""
    data: dict[str, object] = {}
    for key, value in (
        ("party_name", entry.party_name),
        ("signed_by", entry.person),
        ("capacity", entry.capacity),
        ("text", entry.text),
    ):
        if value:
            data[key] = value
    if entry.uncertain:
        data["uncertain"] = True
    return data


def third_party(entry: Entry) -> dict[str, object]:
    """A third-party record: the party, or the person where no party is named."""
    data: dict[str, object] = {}
    name = entry.party_name or entry.person
    represented = entry.person if entry.party_name else None
    for key, value in (
        ("name", name if not entry.uncertain or entry.party_name else None),
        ("role", entry.role),
        ("represented_by", represented),
        ("capacity", entry.capacity),
        ("text", entry.text),
    ):
        if value:
            data[key] = value
    if entry.uncertain:
        data["uncertain"] = True
    return data
