"""PA-X's provision codes: the codebook shipped with the package, code families, the crosswalk.

``pax_codebook.tsv`` beside this module holds, for each provision-code column of the PA-X
v10 agreements CSV, PA-X's label, its parent code and its PA-X top-level category
(group), with where those facts come from. The importer reads it at run time, so the
labels are PA-X's own and a new codebook needs no code change.

A code belongs to the *family* of its nearest ancestor (or itself) that a category lists
in ``pax_codes`` (see :mod:`accordreg._model.categories`); a family maps to that category.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .categories import BUILTIN_CATEGORIES
from .vocabulary import Category, CategoryDef

CODEBOOK_FILE = "pax_codebook.tsv"


@dataclass(frozen=True)
class Code:
    """One PA-X provision code: its label, its parent code (if any) and its PA-X group."""

    code: str
    label: str
    parent: str | None
    group: str


@dataclass(frozen=True)
class Codebook:
    """The PA-X provision codes in CSV column order, and where their labels come from."""

    codes: Mapping[str, Code]
    source: str = ""
    _positions: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Sorting by codebook order happens per provision: look positions up, not count.
        object.__setattr__(self, "_positions", {c: i for i, c in enumerate(self.codes)})

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def order(self, code: str) -> int:
        """The code's position in the codebook (unknown codes sort last)."""
        return self._positions.get(code, len(self._positions))

    def ancestors(self, code: str) -> list[str]:
        """The code's parent, its parent's parent, ..., nearest first."""
        out: list[str] = []
        entry = self.codes.get(code)
        while entry is not None and entry.parent and entry.parent not in out:
            out.append(entry.parent)
            entry = self.codes.get(entry.parent)
        return out

    def label(self, code: str) -> str:
        """PA-X's label; a sub-code's short label ("Rhetorical") follows its parent's."""
        entry = self.codes.get(code)
        if entry is None:
            return code
        if entry.parent and entry.parent in self.codes:
            return f"{self.codes[entry.parent].label}: {entry.label}"
        return entry.label

    def own_label(self, code: str) -> str:
        """PA-X's label for the code as the codebook writes it."""
        entry = self.codes.get(code)
        return entry.label if entry else code


def parse_codebook(text: str) -> Codebook:
    """A codebook from its TSV text: ``#`` comment lines, a header, then one code a line."""
    source = []
    rows = []
    for line in text.splitlines():
        if line.startswith("#"):
            source.append(line.lstrip("# "))
        elif line.strip():
            rows.append(line.split("\t"))
    header, body = rows[0], rows[1:]
    at = {name: header.index(name) for name in ("code", "label", "parent", "group")}
    codes: dict[str, Code] = {}
    for cells in body:
        cells += [""] * (len(header) - len(cells))
        code = cells[at["code"]].strip()
        codes[code] = Code(
            code,
            cells[at["label"]].strip(),
            cells[at["parent"]].strip() or None,
            cells[at["group"]].strip(),
        )
    return Codebook(codes, " ".join(source))


@cache
def codebook() -> Codebook:
    """The PA-X v10 codebook shipped with accordreg."""
    text = resources.files(__package__).joinpath(CODEBOOK_FILE).read_text(encoding="utf-8")
    return parse_codebook(text)


@dataclass(frozen=True)
class Crosswalk:
    """Each code's family head, and each family head's category."""

    book: Codebook
    family: Mapping[str, str]
    category: Mapping[str, str]

    def family_of(self, code: str) -> str:
        """The head of the code's family (a code outside the codebook heads its own)."""
        return self.family.get(code, code)

    def category_of(self, code: str) -> str:
        """The category of the code's family; `other` for a code outside the codebook."""
        return self.category.get(self.family_of(code), Category.OTHER.value)


def build_crosswalk(
    categories: Iterable[CategoryDef] = BUILTIN_CATEGORIES, book: Codebook | None = None
) -> Crosswalk:
    """The crosswalk from the categories' ``pax_codes``; ValueError if a code has no family."""
    book = book or codebook()
    listed: dict[str, str] = {}
    for category in categories:
        for code in category.pax_codes:
            if code in listed:
                raise ValueError(f"PA-X code {code} is listed by {listed[code]} and {category.id}")
            listed[code] = category.id
    family: dict[str, str] = {}
    for code in book.codes:
        head = next((c for c in (code, *book.ancestors(code)) if c in listed), None)
        if head is None:
            raise ValueError(f"PA-X code {code} belongs to no category's family")
        family[code] = head
    return Crosswalk(book, family, {c: listed[c] for c in set(family.values())})


@cache
def crosswalk() -> Crosswalk:
    """The crosswalk of the built-in categories over the shipped codebook."""
    return build_crosswalk()


@dataclass
class Family:
    """The codes of one family present in one agreement: one provision."""

    head: str
    category: str
    #: Code -> PA-X value (1-3), in codebook order; may include a parent of the head.
    codes: dict[str, int] = field(default_factory=dict)


def families(present: Mapping[str, int], walk: Crosswalk | None = None) -> list[Family]:
    """The families present in one agreement's codes (value > 0), in codebook order.

    A parent code whose own family would hold nothing but itself, and whose value is no
    more than that of the split-off families below it (``StDef`` present only because
    ``StBor`` is, ``Dev`` only because ``DevHum`` is), is an aggregate of theirs: it goes
    into their provisions instead of making one that merely echoes them.
    """
    walk = walk or crosswalk()
    book = walk.book
    groups: dict[str, Family] = {}
    for code, value in present.items():
        head = walk.family_of(code)
        group = groups.setdefault(head, Family(head, walk.category_of(code)))
        group.codes[code] = value
    for head, group in list(groups.items()):
        if set(group.codes) != {head}:
            continue
        below = [g for h, g in groups.items() if h != head and head in book.ancestors(h)]
        if below and group.codes[head] <= max(g.codes.get(g.head, 0) for g in below):
            del groups[head]
            for g in below:
                g.codes[head] = group.codes[head]
    out = sorted(groups.values(), key=lambda g: book.order(g.head))
    for g in out:
        g.codes = dict(sorted(g.codes.items(), key=lambda kv: book.order(kv[0])))
    return out
