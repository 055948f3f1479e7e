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
#: Words that start an office or title (not ranks such as General, which are part of
#: how a person is named).
_TITLE = frozenset(
    """
    president vice-president vice prime minister deputy acting chairman chairperson chair
    co-chairman co-chair secretary secretary-general under-secretary undersecretary
    ambassador commander commander-in-chief head chief leader representative special envoy
    governor director member negotiator coordinator coordinadora coordinador spokesperson
    spokesman delegate adviser advisor counsel king emir sultan foreign defence defense
    high commissioner executive premier chancellor mayor speaker minister-president
    presidente ministro jefe jefa comandante vocero delegado président ministre
    représentant chef amir supreme senior principal assistant permanent asesor asesora
    consejero consejera viceministro viceministra comisionado comisionada negociador
    negociadora secretario secretaria gobernador gobernadora directora vicepresidente
    vicepresidenta alcalde presidenta vice-chairman vice-chair deputy-chairman co-president
    commissioner-general
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: Forms of address and ranks that may open a person's name.
_HONORIFIC = frozenset(
    """
    h.e. he his her excellency excellencies hon. hon honourable honorable dr dr. mr mr. mrs
    mrs. ms ms. gen. gen general lt. lt lieutenant maj. maj major col. col colonel capt.
    capt captain brig. brig brigadier sheikh shaykh atty. atty prof. prof rev. rev reverend
    monsignor msgr. mgr. sir dato' dato datuk seri tan sri samdech pehin ret. (ret.) (retd)
    retd retd. (retd.) adm.
    admiral marshal field comrade ing. lic. sr. sra. señor señora m. mme ambassador
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_ORG = re.compile(
    r"\b(?:government|govt|gov|gobierno|gouvernement|republic|república|république|kingdom|"
    r"state|states|front|frente|army|armed|ejército|movement|movimiento|mouvement|party|"
    r"partido|parti|council|consejo|conseil|union|forces?|fuerzas|coalition|committee|"
    r"comité|commission|comisión|organi[sz]ation|alliance|federation|nations|side|"
    r"delegation|delegación|délégation|authority|administration|group|groups|community|"
    r"communities|association|mission|brigade|ministry|office|assembly|parliament|congress|"
    r"league|presidency|liberation|liberación|secretariat|bloc|network|society|church|tribe|"
    r"tribes|clan|clans|residents|representatives|embassy|agency|institute|unit|battalion|"
    r"corps|police|military|command|province|region|county|district|municipality|city|"
    r"territory|people's|peoples|national|nacional|revolutionary|revolucionarias|"
    r"confederation|emirates|federal|democratic|islamic|sultanate|principality|"
    r"organisations|organizations|panel|team|people|elders|leaders|chiefs|chiefdom)\b",
    re.I,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&'.]{1,}(?:[-/][A-Z0-9]+)*\b")
_PARTICLE = frozenset(
    """
    de da do dos das del della di du la le van von der den ter bin binti ibn bint al el abu
    abd y e and ould ag ben
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_SUFFIX = re.compile(r"^(?:jr|sr|iii|ii|iv|phd|\(?phd\)?|\(?ret\.?\)?)\.?$", re.I)
_DASH = re.compile(r"\s+[-–—]+\s+")
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*", re.U)


@dataclass
class Entry:
    """One party or person read from a cell, and how sure the reading is."""

    party_name: str | None = None
    person: str | None = None
    capacity: str | None = None
    role: str | None = None
    text: str | None = None
    uncertain: bool = False
    #: How it was read: the pattern, for the counts the importer reports.
    pattern: str = ""


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


def _tokens(text: str) -> list[str]:
    return text.replace(",", " ").split()


def is_person(text: str) -> bool:
    """Whether the text reads as one person's name: capitalised words, no organisation."""
    text = re.sub(r"\s*\((?:ret\.?|phd|dr)\)", "", text, flags=re.I).strip(" .")
    words = _tokens(text)
    if not words or len(words) > 9 or _ORG.search(text) or re.search(r"\d|&|/|:", text):
        return False
    names = 0
    for word in words:
        low = word.lower()
        if low in _HONORIFIC or _SUFFIX.match(low):
            continue
        if low in _TITLE:
            return False
        if low in _PARTICLE or low.startswith(("al-", "el-", "ad-", "as-", "ash-", "at-")):
            continue
        if not (word[0].isupper() or word[0] in "'‘’\"“Āʿʾ"):
            return False
        names += 1
    return names >= 1 and len(words) >= 2


def _is_title(text: str) -> bool:
    first = [w.strip(".,") for w in _tokens(text.lower())]
    if first and first[0] in ("the", "le", "la", "el", "l'"):
        first = first[1:]
    return bool(first) and (first[0] in _TITLE or first[:2] == ["general", "secretary"])


def is_party(text: str, known: frozenset[str]) -> bool:
    """Whether the text reads as a party: an organisation, a known country, an acronym."""
    bare = re.sub(r"^(?:the|la|el|le|les|los|las|l')\s+", "", text.strip(" ."), flags=re.I)
    if not bare or len(bare) > 160 or re.search(r"\d|:|\"|“|\bsigned\b", bare, re.I):
        return False
    # "A NAME and B NAME for the government" names people, not a party.
    before = re.split(r"\s+for\s+", bare, maxsplit=1, flags=re.I)
    if len(before) == 2 and all(is_person(p) for p in re.split(r"\s+and\s+|,\s*", before[0])):
        return False
    # "on one side" is no party; "the government of X" (after "For") is.
    if bare == text.strip(" .") and not (bare[0].isupper() or bare[0] in "'‘’\"“"):
        return False
    words = [w.strip(".,()").lower() for w in _tokens(bare.split("(")[0])]
    # A title or a form of address anywhere outside brackets: a person, not a party.
    if any(w in _TITLE for w in words) or (words and words[0] in _HONORIFIC):
        return False
    if bare.casefold() in known:
        return True
    head = bare.split("(")[0].strip()
    if _ACRONYM.fullmatch(head) or (_ACRONYM.match(bare) and "(" in bare):
        return True
    return bool(_ORG.search(head)) and not is_person(head)


def _title_split(text: str) -> tuple[str, str] | None:
    """``Acting Prime Minister Phumtham Wechayachai`` -> (title, name), if that is sure."""
    words = text.split()
    cut = 0
    while cut < len(words) and words[cut].lower().strip(".,") in _TITLE:
        cut += 1
    if 0 < cut < len(words):
        title, name = " ".join(words[:cut]), " ".join(words[cut:])
        if is_person(name):
            return title, name
    return None


def _person_and_capacity(text: str, known: frozenset[str]) -> Entry | None:
    """One person with or without a capacity, read in the forms that are unambiguous."""
    text = text.strip(" .;,")
    if not text:
        return None
    # "Name - capacity": the dash must stand alone, not inside a name or brackets.
    outside = re.sub(r"\([^)]*\)|\[[^\]]*\]", lambda m: "x" * len(m.group()), text)
    dash = _DASH.search(outside)
    if dash:
        left, right = text[: dash.start()].strip(), text[dash.end() :].strip(" .")
        if is_person(left) and right:
            return Entry(person=left, capacity=right, pattern="dash: name - capacity")
        if _is_title(left) and is_person(right):
            return Entry(person=right, capacity=left, pattern="dash: capacity - name")
        if is_party(left, known) and _is_title(right):
            return Entry(party_name=left, capacity=right, pattern="dash: party - capacity")
        return None
    if "," in outside:
        at = outside.index(",")
        left, right = text[:at].strip(), text[at + 1 :].strip(" .")
        suffix = re.match(r"(jr|sr|iii|ii)\.?\s*(?:,\s*|$)", right, re.I)
        if suffix:
            left, right = f"{left}, {suffix.group(1)}.", right[suffix.end() :].strip(" .")
        right_words = {w.strip(".,()").lower() for w in _tokens(right)}
        affiliation = _is_title(right) or _ORG.search(right) or _ACRONYM.fullmatch(right)
        if is_person(left) and (not right or affiliation or right_words & _TITLE):
            pattern = "comma: name, capacity" if right else "name"
            return Entry(person=left, capacity=right or None, pattern=pattern)
        last = outside.rindex(",")
        head, tail = text[:last].strip(), text[last + 1 :].strip(" .")
        if _is_title(head) and is_person(tail):
            return Entry(person=tail, capacity=head, pattern="comma: capacity, name")
        if is_party(left, known) and is_person(right):
            return Entry(party_name=left, person=right, pattern="comma: party, name")
        return None
    if is_person(text):
        return Entry(person=text, pattern="name")
    # "Name (Foreign Secretary)", "Name [Commander of ...]", "(P K Dutta) Chief Secretary".
    bracket = re.fullmatch(r"(.+?)\s*[(\[]([^)\]]+)[)\]]", text) or None
    if bracket and is_person(bracket.group(1)) and _is_title(bracket.group(2)):
        return Entry(person=bracket.group(1), capacity=bracket.group(2), pattern="name (capacity)")
    if bracket and is_person(bracket.group(1)) and is_party(bracket.group(2), known):
        return Entry(person=bracket.group(1), party_name=bracket.group(2), pattern="name (party)")
    bracket = re.fullmatch(r"[(\[]([^)\]]+)[)\]]\s*(.+)", text)
    if bracket and is_person(bracket.group(1)) and _is_title(bracket.group(2)):
        return Entry(person=bracket.group(1), capacity=bracket.group(2), pattern="(name) capacity")
    split = _title_split(text)
    if split:
        return Entry(person=split[1], capacity=split[0], pattern="title name")
    return None


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
