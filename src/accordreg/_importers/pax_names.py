"""Who one piece of a PA-X Part or ThrdPart cell names: a person, a title, a party.

:mod:`.pax_people` cuts a cell into lines and pieces; this module reads one piece, in the
forms that are unambiguous only (``Name, capacity``, ``Name - capacity``, ``Title Name``,
``Name (capacity)`` ...), and says whether a text reads as a person's name or a party's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
