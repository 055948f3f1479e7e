"""The words records are written in: id patterns, and the open vocabulary.

The built-in words (categories, party types, third-party roles, source reliability) are
enums for convenience; a registry's settings can add its own or replace them, so records
hold plain words that are checked against the registry's :class:`Vocabulary`.

Kept apart from the pydantic models so that code needing only the vocabulary (the
command line's choices, the cross-file checks) does not pay for building the models.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class Category(StrEnum):
    """The built-in categories: what kind of commitment a provision is."""

    CEASEFIRE = "ceasefire"
    HEAVY_WEAPONS_WITHDRAWAL = "heavy_weapons_withdrawal"
    TROOP_WITHDRAWAL = "troop_withdrawal"
    DEMINING = "demining"
    JOINT_TASK_FORCE = "joint_task_force"
    BOUNDARY_SURVEY = "boundary_survey"
    DETAINEE_RELEASE = "detainee_release"
    OBSERVER_MISSION = "observer_mission"
    PEACEKEEPING_MISSION = "peacekeeping_mission"
    CIVILIAN_RETURN = "civilian_return"
    HOTLINE = "hotline"
    JOINT_PATROL = "joint_patrol"
    INTELLIGENCE_SHARING = "intelligence_sharing"
    JOINT_EXERCISE = "joint_exercise"
    CYBERCRIME_COOPERATION = "cybercrime_cooperation"
    DDR = "ddr"
    ARMED_GROUPS = "armed_groups"
    SECURITY_SECTOR_REFORM = "security_sector_reform"
    SECURITY_GUARANTEES = "security_guarantees"
    CIVILIAN_PROTECTION = "civilian_protection"
    HUMANITARIAN_ACCESS = "humanitarian_access"
    DISPLACED_PERSONS = "displaced_persons"
    HUMAN_RIGHTS = "human_rights"
    TRANSITIONAL_JUSTICE = "transitional_justice"
    JUSTICE_REFORM = "justice_reform"
    CRIME_AND_TERRORISM = "crime_and_terrorism"
    POLITICAL_DIALOGUE = "political_dialogue"
    POWER_SHARING = "power_sharing"
    TERRITORIAL_AUTONOMY = "territorial_autonomy"
    POLITICAL_INSTITUTIONS = "political_institutions"
    CONSTITUTION = "constitution"
    ELECTIONS = "elections"
    STATE_DEFINITION = "state_definition"
    ECONOMIC_RECONSTRUCTION = "economic_reconstruction"
    LAND_AND_RESOURCES = "land_and_resources"
    GENDER = "gender"
    GROUP_RIGHTS = "group_rights"
    MEDIA_COMMUNICATION = "media_communication"
    IMPLEMENTATION_MECHANISM = "implementation_mechanism"
    OTHER = "other"


class Reliability(StrEnum):
    """How far a source can be trusted (built in)."""

    OFFICIAL = "official"
    PRESS = "press"
    UNVERIFIED = "unverified"


class PartyType(StrEnum):
    """What sort of actor a party is (built in)."""

    STATE = "state"
    GOVERNMENT = "government"
    ARMED_FORCES = "armed_forces"
    NON_STATE_ARMED_GROUP = "non_state_armed_group"
    POLITICAL_PARTY = "political_party"
    BODY = "body"
    ORGANISATION = "organisation"
    MISSION = "mission"
    CIVIL_SOCIETY = "civil_society"
    PERSON = "person"
    OTHER = "other"


class ThirdPartyRole(StrEnum):
    """What a third party does for an agreement (built in)."""

    WITNESS = "witness"
    GUARANTOR = "guarantor"
    MEDIATOR = "mediator"
    FACILITATOR = "facilitator"
    VERIFIER = "verifier"
    OBSERVER = "observer"
    MONITOR = "monitor"
    HOST = "host"


class PaxStage(StrEnum):
    """PA-X agreement stage codes."""

    PRE = "Pre"
    CEA = "Cea"
    SUBPAR = "SubPar"
    SUBCOMP = "SubComp"
    IMP = "Imp"
    REN = "Ren"
    OTH = "Oth"


#: What each stage code means, in the words of PA-X's own description of its categories
#: (PeaceRep, University of Edinburgh): for pages that name a stage to a reader.
STAGE_LABELS: dict[str, str] = {
    PaxStage.PRE: "Pre-negotiation/process",
    PaxStage.CEA: "Ceasefire/related",
    PaxStage.SUBPAR: "Framework-substantive, partial",
    PaxStage.SUBCOMP: "Framework-substantive, comprehensive",
    PaxStage.IMP: "Implementation/renegotiation",
    PaxStage.REN: "Renewal",
    PaxStage.OTH: "Other",
}


class PaxAgreementType(StrEnum):
    """PA-X agreement types."""

    INTER = "Inter"
    INTERINTRA = "InterIntra"
    INTRA = "Intra"
    INTRALOCAL = "IntraLocal"


class PaxConflictType(StrEnum):
    """PA-X conflict types (Contp)."""

    GOVERNMENT = "Government"
    TERRITORY = "Territory"
    GOVERNMENT_TERRITORY = "Government/territory"
    INTER_GROUP = "Inter-group"
    OTHER = "Other"


class PaxRegion(StrEnum):
    """PA-X regions (Reg)."""

    AFRICA = "Africa (excl MENA)"
    AMERICAS = "Americas"
    ASIA_PACIFIC = "Asia and Pacific"
    EUROPE_EURASIA = "Europe and Eurasia"
    MENA = "Middle East and North Africa"
    CROSS_REGIONAL = "Cross-regional"


class TextForm(StrEnum):
    """Whether a provision's text is the document's own words or a paraphrase."""

    QUOTE = "quote"
    PARAPHRASE = "paraphrase"


@dataclass(frozen=True)
class TermSpec:
    """One typed term a category declares: its type, what it means, its unit."""

    type: str
    description: str
    unit: str | None = None


@dataclass(frozen=True)
class Measure:
    """The term whose count is a provision's measurable target, and what progress counts."""

    term: str
    unit: str


@dataclass(frozen=True)
class CategoryDef:
    """A category: id, label, description, PA-X code families, typed terms, measure."""

    id: str
    label: str
    description: str = ""
    pax_codes: tuple[str, ...] = ()
    terms: Mapping[str, TermSpec] = field(default_factory=dict)
    measure: Measure | None = None


@dataclass(frozen=True)
class Word:
    """A word of a vocabulary section (a party type, a role, a reliability level)."""

    id: str
    label: str
    description: str = ""


def _canonical(words: Iterable[str], enum: type[StrEnum]) -> dict[str, Any]:
    # Built-in words come back as enum members, so that `category is Category.X` holds.
    members = {m.value: m for m in enum}
    return {w: members.get(w, w) for w in words}


@dataclass(frozen=True)
class Vocabulary:
    """The words a registry's records may use: categories, party types, roles, reliability."""

    categories: Mapping[str, CategoryDef]
    party_types: Mapping[str, Word]
    roles: Mapping[str, Word]
    reliability: Mapping[str, Word]

    @cached_property
    def words(self) -> Mapping[str, Mapping[str, Any]]:
        """Each section's allowed words, mapped to the value a record holds for them."""
        return {
            "categories": _canonical(self.categories, Category),
            "party_types": _canonical(self.party_types, PartyType),
            "roles": _canonical(self.roles, ThirdPartyRole),
            "reliability": _canonical(self.reliability, Reliability),
        }

    @cached_property
    def fingerprint(self) -> str:
        """A hash of everything in the vocabulary, for cache keys."""
        text = repr(
            (
                sorted((c.id, repr(c)) for c in self.categories.values()),
                sorted(self.party_types),
                sorted(self.roles),
                sorted(self.reliability),
            )
        )
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def category(self, category_id: str) -> CategoryDef | None:
        """The definition of a category, or None when it is not in the vocabulary."""
        return self.categories.get(str(category_id))

    def __getstate__(self) -> dict[str, Any]:
        # Cached values are rebuilt where the vocabulary is sent (worker processes).
        return {k: v for k, v in self.__dict__.items() if k not in ("words", "fingerprint")}
