"""The settings file (``accordreg.yaml``) as a pydantic model, and what it resolves to.

Everything is optional: what the file does not declare comes from the built-in default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, NamedTuple, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .categories import builtin_vocabulary
from .date_field import IsoDate
from .lifecycle import DEFAULT_AGREEMENT_LIFECYCLE, DEFAULT_LIFECYCLE, KEEP, Lifecycle, StateRule
from .names import SLUG
from .records import PaxCode, Text
from .settings import STALE_AFTER_DAYS, Settings
from .terms import COUNTABLE
from .vocabulary import (
    CategoryDef,
    Measure,
    TermSpec,
    Vocabulary,
    Word,
)

Name = Annotated[str, StringConstraints(pattern=rf"^{SLUG}$")]
_TermType = Literal[
    "text",
    "texts",
    "integer",
    "number",
    "date",
    "boolean",
    "party",
    "parties",
    "place",
    "places",
    "items",
    "phases",
    "range",
]


def _default_level(value: Any) -> int | str | None:
    # One check, one message: as a union (0-3 | "keep" | null) a wrong value was reported
    # once per branch, at `default_level.constrained-int` and `default_level.literal['keep']`.
    if value is None or value == "keep" or (type(value) is int and 0 <= value <= 3):
        return cast("int | str | None", value)
    raise PydanticCustomError(
        "literal_error",
        "Input should be {expected}",
        {"expected": "'0', '1', '2', '3', 'keep' or 'null'"},
    )


_DefaultLevel = Annotated[
    int | Literal["keep"] | None,
    PlainValidator(_default_level),
    # The schema editors see is the union's, as before.
    WithJsonSchema(
        {
            "anyOf": [
                {"maximum": 3, "minimum": 0, "type": "integer"},
                {"const": "keep", "type": "string"},
                {"type": "null"},
            ]
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermSetting(_Model):
    """A typed term: its type, what it means, its unit."""

    type: _TermType
    """text, texts, integer, number, date, boolean, party, parties, place, places, items,
    phases or range."""
    description: str = ""
    """What the term says."""
    unit: str | None = None
    """The unit of a number, e.g. `km` or `people`."""


class MeasureSetting(_Model):
    """The term whose count is the measurable target, and what progress counts."""

    term: Name
    """A countable term of the category (a number, or a list: phases, sites...)."""
    unit: Text
    """What progress counts, e.g. `released` or `sites cleared`."""


class CategorySetting(_Model):
    """A category of the registry's own, or one replacing a built-in one of the same id."""

    id: Name
    """The category's id, as provisions write it."""
    label: Text
    """Its name for people."""
    description: str = ""
    """What provisions of this category commit to."""
    pax_codes: list[PaxCode] = Field(default_factory=list)
    """PA-X code families it covers."""
    terms: dict[Name, TermSetting] = Field(default_factory=dict)
    """Its typed terms, by name."""
    measure: MeasureSetting | None = None
    """The term progress is measured against, if any."""


class WordSetting(_Model):
    """A word of the registry's vocabulary (a party type, a role, a reliability level)."""

    id: Name
    """The word, as records write it."""
    label: str = ""
    """Its name for people."""
    description: str = ""
    """What it means."""


class StateSetting(_Model):
    """A state of the registry's lifecycle."""

    id: Name
    """The state, as events write it."""
    label: str = ""
    """Its name for people."""
    description: str = ""
    """What it means."""
    moves: list[Name] = Field(default_factory=list)
    """States reachable from it in one move; none makes it final."""
    start: bool = False
    """Whether a history may start in it."""
    done: bool = False
    """Whether deadlines no longer bind in it (done, dropped, replaced)."""
    default_level: _DefaultLevel = None
    """Implementation level an event in it has unless it says: 0-3, `keep` (the level before),
    or null (not rated)."""
    levels: list[Annotated[int, Strict(), Field(ge=0, le=3)]] = Field(default_factory=list)
    """Levels an event in it may set explicitly."""


class LifecycleSetting(_Model):
    """The registry's own lifecycle: it replaces the default one whole."""

    states: Annotated[list[StateSetting], Field(min_length=1)]
    """Every state, in the order tables and charts show them."""


class Builtins(_Model):
    """Which built-in vocabularies the registry keeps (all, unless said otherwise)."""

    categories: bool = True
    """Keep the built-in categories."""
    party_types: bool = True
    """Keep the built-in party types."""
    roles: bool = True
    """Keep the built-in third-party roles."""
    reliability: bool = True
    """Keep the built-in reliability levels."""


class SettingsFile(_Model):
    """A registry's settings: its own vocabulary and lifecycle, and options."""

    kind: Literal["settings"]
    """Always `settings`."""
    name: str | None = None
    """The registry's name, e.g. `Sudan ceasefire monitor`."""
    builtin: Builtins = Field(default_factory=Builtins)
    """Which built-in vocabularies to keep."""
    categories: list[CategorySetting] = Field(default_factory=list)
    """Categories added to the built-in ones (the same id replaces a built-in one)."""
    terms: dict[Name, dict[Name, TermSetting]] = Field(default_factory=dict)
    """Terms added to existing categories, by category id, e.g. `ceasefire: {...}`."""
    party_types: list[WordSetting] = Field(default_factory=list)
    """Party types added to the built-in ones."""
    roles: list[WordSetting] = Field(default_factory=list)
    """Third-party roles added to the built-in ones."""
    reliability: list[WordSetting] = Field(default_factory=list)
    """Source reliability levels added to the built-in ones."""
    lifecycle: LifecycleSetting | None = None
    """The registry's own lifecycle, replacing the default one."""
    agreement_lifecycle: LifecycleSetting | None = None
    """The registry's own lifecycle of agreements as a whole, replacing the default one
    (signed, in_force, suspended, resumed, ended, superseded). Levels do not apply."""
    stale_after_days: Annotated[int, Strict(), Field(ge=1)] = STALE_AFTER_DAYS
    """Days without a recorded event after which a provision counts as having no news."""
    horizon: IsoDate | None = None
    """The date up to which the registry's sources were read (default: the latest source
    or event date): "no news" is measured to it, never past it."""
    tracks_implementation: Annotated[bool, Strict()] = True
    """False for a registry that records what agreements say, not what happened since (an
    import of PA-X): its views show "not tracked" instead of levels and "no news"."""


def _spec(term: TermSetting) -> TermSpec:
    return TermSpec(term.type, term.description, term.unit)


def _words(builtin: dict[str, Word], keep: bool, added: list[WordSetting]) -> dict[str, Word]:
    words = dict(builtin) if keep else {}
    for w in added:
        words[w.id] = Word(w.id, w.label or w.id.replace("_", " "), w.description)
    return words


class Problem(NamedTuple):
    """Something a settings file contradicts itself with."""

    #: The path of keys and indexes to the offending value.
    where: tuple[str | int, ...]
    message: str
    hint: str


def problems(file: SettingsFile) -> list[Problem]:
    """What contradicts itself in a settings file."""
    out: list[Problem] = []
    seen: set[str] = set()
    builtin = builtin_vocabulary().categories if file.builtin.categories else {}
    for i, category in enumerate(file.categories):
        if category.id in seen:
            out.append(
                Problem(
                    (("categories", i, "id")),
                    f"category {category.id!r} is declared twice",
                    "keep one of them",
                )
            )
        seen.add(category.id)
        measure = category.measure
        if measure is not None:
            term = category.terms.get(measure.term)
            if term is None:
                out.append(
                    Problem(
                        ("categories", i, "measure", "term"),
                        f"the measure names {measure.term!r}, which is not one of its terms",
                        f"declare it under `terms:`; terms: {', '.join(category.terms) or 'none'}",
                    )
                )
            elif term.type not in COUNTABLE:
                out.append(
                    Problem(
                        ("categories", i, "measure", "term"),
                        f"{measure.term!r} is a {term.type}, which cannot be counted",
                        f"measure a term of one of these types: {', '.join(sorted(COUNTABLE))}",
                    )
                )
    known = set(builtin) | seen
    for category_id in file.terms:
        if category_id not in known:
            out.append(
                Problem(
                    ("terms", category_id),
                    f"terms added to {category_id!r}, which is not a category",
                    "add terms to a built-in category or to one declared under `categories:`",
                )
            )
    for key in ("lifecycle", "agreement_lifecycle"):
        out.extend(_lifecycle_problems(key, getattr(file, key)))
    for section, keep in (
        ("party_types", file.builtin.party_types),
        ("roles", file.builtin.roles),
        ("reliability", file.builtin.reliability),
    ):
        if not keep and not getattr(file, section):
            out.append(
                Problem(
                    ("builtin", section),
                    f"the built-in {section.replace('_', ' ')} are dropped and none are declared",
                    f"declare some under `{section}:`, or keep the built-in ones",
                )
            )
    if not file.builtin.categories and not file.categories:
        out.append(
            Problem(
                ("builtin", "categories"),
                "the built-in categories are dropped and none are declared",
                "declare some under `categories:`, or keep the built-in ones",
            )
        )
    return out


def _lifecycle_problems(key: str, setting: LifecycleSetting | None) -> list[Problem]:
    """A declared lifecycle's contradictions: a state twice, a move to no state, no start."""
    out: list[Problem] = []
    if setting is None:
        return out
    states = [s.id for s in setting.states]
    for i, state in enumerate(setting.states):
        if states.count(state.id) > 1 and states.index(state.id) != i:
            out.append(
                Problem(
                    (key, "states", i, "id"),
                    f"state {state.id!r} is declared twice",
                    "keep one of them",
                )
            )
        for j, move in enumerate(state.moves):
            if move not in states:
                out.append(
                    Problem(
                        (key, "states", i, "moves", j),
                        f"{state.id!r} moves to {move!r}, which is not a declared state",
                        f"declared states: {', '.join(states)}",
                    )
                )
    if not any(s.start for s in setting.states):
        out.append(
            Problem(
                (key, "states"),
                "no state may start a history",
                "mark the first state(s) with `start: true`",
            )
        )
    return out


def resolve(file: SettingsFile, path: str) -> Settings:
    """The settings a valid file declares, the built-in defaults filling the rest."""
    base = builtin_vocabulary()
    categories = dict(base.categories) if file.builtin.categories else {}
    for c in file.categories:
        categories[c.id] = CategoryDef(
            c.id,
            c.label,
            c.description,
            tuple(c.pax_codes),
            {name: _spec(t) for name, t in c.terms.items()},
            Measure(c.measure.term, c.measure.unit) if c.measure else None,
        )
    for category_id, added in file.terms.items():
        old = categories[category_id]
        terms = {**old.terms, **{name: _spec(t) for name, t in added.items()}}
        categories[category_id] = CategoryDef(
            old.id, old.label, old.description, old.pax_codes, terms, old.measure
        )
    vocabulary = Vocabulary(
        categories=categories,
        party_types=_words(dict(base.party_types), file.builtin.party_types, file.party_types),
        roles=_words(dict(base.roles), file.builtin.roles, file.roles),
        reliability=_words(dict(base.reliability), file.builtin.reliability, file.reliability),
    )
    return Settings(
        vocabulary=vocabulary,
        lifecycle=_lifecycle(file.lifecycle, DEFAULT_LIFECYCLE),
        agreement_lifecycle=_lifecycle(file.agreement_lifecycle, DEFAULT_AGREEMENT_LIFECYCLE),
        name=file.name,
        stale_after_days=file.stale_after_days,
        horizon=file.horizon,
        tracks_implementation=file.tracks_implementation,
        path=path,
    )


def _lifecycle(setting: LifecycleSetting | None, default: Lifecycle) -> Lifecycle:
    if setting is None:
        return default
    table = {
        s.id: StateRule(
            frozenset(s.moves),
            KEEP if s.default_level == "keep" else s.default_level,
            frozenset(s.levels),
            may_start=s.start,
            done=s.done,
            label=s.label,
            description=s.description,
        )
        for s in setting.states
    }
    return Lifecycle(table)


def _word_data(words: Mapping[str, Word]) -> list[dict[str, Any]]:
    out = []
    for w in words.values():
        item: dict[str, Any] = {"id": str(w.id), "label": w.label}
        if w.description:
            item["description"] = w.description
        out.append(item)
    return out


def _category_data(c: CategoryDef) -> dict[str, Any]:
    item: dict[str, Any] = {"id": str(c.id), "label": c.label}
    if c.description:
        item["description"] = c.description
    if c.pax_codes:
        item["pax_codes"] = list(c.pax_codes)
    if c.terms:
        item["terms"] = {
            name: {
                "type": t.type,
                **({"description": t.description} if t.description else {}),
                **({"unit": t.unit} if t.unit else {}),
            }
            for name, t in c.terms.items()
        }
    if c.measure:
        item["measure"] = {"term": c.measure.term, "unit": c.measure.unit}
    return item


def _lifecycle_data(lifecycle: Lifecycle) -> dict[str, Any]:
    states = []
    for s in lifecycle.states():
        rule = lifecycle.table[s]
        state: dict[str, Any] = {"id": str(s)}
        if rule.label:
            state["label"] = rule.label
        if rule.description:
            state["description"] = rule.description
        state["moves"] = [str(m) for m in lifecycle.moves_from(s)]
        if rule.may_start:
            state["start"] = True
        if rule.done:
            state["done"] = True
        state["default_level"] = "keep" if rule.default_level is KEEP else rule.default_level
        state["levels"] = sorted(rule.levels)
        states.append(state)
    return {"states": states}


def file_data(settings: Settings) -> dict[str, Any]:
    """The data of a settings file that resolves to ``settings``: a built-in vocabulary is
    kept where it is there unchanged, and everything else is declared.

    ``{"kind": "settings"}`` alone for the defaults.
    """
    base = builtin_vocabulary()
    vocabulary = settings.vocabulary
    data: dict[str, Any] = {"kind": "settings"}
    if settings.name is not None:
        data["name"] = settings.name
    sections: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {
        "categories": (base.categories, vocabulary.categories),
        "party_types": (base.party_types, vocabulary.party_types),
        "roles": (base.roles, vocabulary.roles),
        "reliability": (base.reliability, vocabulary.reliability),
    }
    # A section keeps the built-in words if it has all of them; a changed one is declared
    # again, whole (the same id replaces the built-in one), and unchanged ones not at all.
    keep = {name: set(builtin) <= set(mine) for name, (builtin, mine) in sections.items()}
    if not all(keep.values()):
        data["builtin"] = {name: kept for name, kept in keep.items() if not kept}
    for name, (builtin, mine) in sections.items():
        own = {k: v for k, v in mine.items() if not (keep[name] and builtin.get(k) == v)}
        if own:
            data[name] = (
                [_category_data(c) for c in own.values()]
                if name == "categories"
                else _word_data(own)
            )
    if settings.lifecycle.fingerprint() != DEFAULT_LIFECYCLE.fingerprint():
        data["lifecycle"] = _lifecycle_data(settings.lifecycle)
    if settings.agreement_lifecycle.fingerprint() != DEFAULT_AGREEMENT_LIFECYCLE.fingerprint():
        data["agreement_lifecycle"] = _lifecycle_data(settings.agreement_lifecycle)
    if settings.stale_after_days != STALE_AFTER_DAYS:
        data["stale_after_days"] = settings.stale_after_days
    if settings.horizon is not None:
        data["horizon"] = settings.horizon.isoformat()
    if not settings.tracks_implementation:
        data["tracks_implementation"] = False
    return data
