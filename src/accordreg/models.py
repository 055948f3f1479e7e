"""The record kinds as pydantic models: agreement, provision, party, source."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from .lifecycle import UNSET, Status, Step

SLUG = r"[a-z0-9]+(?:[-_.][a-z0-9]+)*"
SLUG_RE = re.compile(rf"^{SLUG}$")
PROVISION_ID_RE = re.compile(rf"^{SLUG}/{SLUG}$")


def _iso_date(value: Any) -> Any:
    # Lax pydantic would read an integer as a Unix timestamp; records only hold YYYY-MM-DD.
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise PydanticCustomError(
                "date_format", "{value} is not a date in YYYY-MM-DD form", {"value": repr(value)}
            )
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "date_value",
                "{value} is not a real date: {reason}",
                {"value": repr(value), "reason": str(exc)},
            ) from None
    raise PydanticCustomError("date_type", "a date must be written YYYY-MM-DD", {})


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG}$")]
AgreementId = Slug
PartyId = Slug
SourceId = Slug
ProvisionId = Annotated[str, StringConstraints(pattern=rf"^{SLUG}/{SLUG}$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
PaxCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9:]*$")]
Level = Annotated[int, Strict(), Field(ge=0, le=3)]


class Category(StrEnum):
    """What kind of commitment a provision is."""

    CEASEFIRE = "ceasefire"
    HEAVY_WEAPONS_WITHDRAWAL = "heavy_weapons_withdrawal"
    DEMINING = "demining"
    JOINT_TASK_FORCE = "joint_task_force"
    BOUNDARY_SURVEY = "boundary_survey"
    DETAINEE_RELEASE = "detainee_release"
    OBSERVER_MISSION = "observer_mission"
    CYBERCRIME_COOPERATION = "cybercrime_cooperation"
    CIVILIAN_RETURN = "civilian_return"
    HOTLINE = "hotline"
    JOINT_PATROL = "joint_patrol"
    INTELLIGENCE_SHARING = "intelligence_sharing"
    JOINT_EXERCISE = "joint_exercise"
    OTHER = "other"


#: The PA-X provision codes each category corresponds to (PA-X codebook, version 10).
CATEGORY_PAX_CODES: dict[Category, tuple[str, ...]] = {
    Category.CEASEFIRE: ("Ce", "CeProv", "CeGen"),
    Category.HEAVY_WEAPONS_WITHDRAWAL: ("DdrDemil", "SsrFf"),
    Category.DEMINING: ("DdrDemil",),
    Category.JOINT_TASK_FORCE: ("SsrGua", "StXbor"),
    Category.BOUNDARY_SURVEY: ("StBor",),
    Category.DETAINEE_RELEASE: ("TjPrire", "HrDet"),
    Category.OBSERVER_MISSION: ("ImPK",),
    Category.CYBERCRIME_COOPERATION: ("SsrCrOcr",),
    Category.CIVILIAN_RETURN: ("GRef",),
    Category.HOTLINE: ("StXbor",),
    Category.JOINT_PATROL: ("StXbor", "SsrGua"),
    Category.INTELLIGENCE_SHARING: ("SsrCrOcr",),
    Category.JOINT_EXERCISE: (),
    Category.OTHER: (),
}


class Reliability(StrEnum):
    """How far a source can be trusted."""

    OFFICIAL = "official"
    PRESS = "press"
    UNVERIFIED = "unverified"


class PartyType(StrEnum):
    """What sort of actor a party is."""

    STATE = "state"
    GOVERNMENT = "government"
    ARMED_FORCES = "armed_forces"
    BODY = "body"
    ORGANISATION = "organisation"
    MISSION = "mission"
    PERSON = "person"
    OTHER = "other"


class ThirdPartyRole(StrEnum):
    """What a third party does for an agreement."""

    WITNESS = "witness"
    GUARANTOR = "guarantor"
    MEDIATOR = "mediator"
    FACILITATOR = "facilitator"
    VERIFIER = "verifier"
    OBSERVER = "observer"
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


class TextForm(StrEnum):
    """Whether a provision's text is the document's own words or a paraphrase."""

    QUOTE = "quote"
    PARAPHRASE = "paraphrase"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Source(_Model):
    """A document that a record's claims rest on."""

    kind: Literal["source"]
    id: SourceId
    title: Text
    publisher: str | None = None
    date: IsoDate | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    reliability: Reliability
    note: str | None = None


class Party(_Model):
    """An actor: a state, an armed force, a body, a mission, a person."""

    kind: Literal["party"]
    id: PartyId
    name: Text
    type: PartyType
    country: Country | None = None
    member_of: PartyId | None = None
    note: str | None = None


class Signatory(_Model):
    """A party that signed, and who signed for it."""

    party: PartyId
    signed_by: str | None = None
    capacity: str | None = None


class ThirdParty(_Model):
    """A party outside the agreement with a role in it."""

    party: PartyId
    role: ThirdPartyRole
    represented_by: str | None = None


class Links(_Model):
    """Ids of the same agreement in other datasets."""

    pax_agreement: Annotated[int, Strict()] | None = None
    pax_process: Annotated[int, Strict()] | None = None


class Agreement(_Model):
    """A document of a peace process."""

    kind: Literal["agreement"]
    id: AgreementId
    title: Text
    short_title: str | None = None
    date_signed: IsoDate | None = None
    place: str | None = None
    process: str | None = None
    signatories: list[Signatory] = Field(default_factory=list)
    third_parties: list[ThirdParty] = Field(default_factory=list)
    stage: PaxStage | None = None
    stage_sub: str | None = None
    links: Links | None = None
    sources: Annotated[list[SourceId], Field(min_length=1)]
    note: str | None = None


class Location(_Model):
    """Where a provision applies: a country, a first-level subdivision, a place."""

    country: Country
    subdivision: str | None = None
    place: str | None = None


class Deadline(_Model):
    """A deadline or phase: starts on ``start``, due by ``due`` (either may be unknown)."""

    label: Text
    start: IsoDate | None = None
    due: IsoDate | None = None
    note: str | None = None


class Event(_Model):
    """A dated change of a provision's status, with its sources."""

    on: IsoDate
    status: Status
    sources: Annotated[list[SourceId], Field(min_length=1)]
    level: Level | None = None
    note: str | None = None

    def step(self) -> Step:
        """This event as the lifecycle sees it (an absent level differs from null)."""
        given = "level" in self.model_fields_set
        return Step(self.on, self.status, self.level if given else UNSET)


class Provision(_Model):
    """One commitment inside an agreement, with its history."""

    kind: Literal["provision"]
    id: ProvisionId
    agreement: AgreementId
    title: Text
    category: Category
    text: Text
    text_form: TextForm = TextForm.PARAPHRASE
    section: str | None = None
    responsible: list[PartyId] = Field(default_factory=list)
    verifier: list[PartyId] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    conditions: list[Text] = Field(default_factory=list)
    depends_on: list[ProvisionId] = Field(default_factory=list)
    supersedes: list[ProvisionId] = Field(default_factory=list)
    superseded_by: ProvisionId | None = None
    pax_codes: list[PaxCode] = Field(default_factory=list)
    sources: Annotated[list[SourceId], Field(min_length=1)]
    history: Annotated[list[Event], Field(min_length=1)]
    note: str | None = None

    def steps(self) -> list[Step]:
        """The history as lifecycle steps."""
        return [e.step() for e in self.history]


Record = Agreement | Provision | Party | Source

#: Record kinds by the value of their ``kind`` key.
KINDS: dict[str, type[Agreement] | type[Provision] | type[Party] | type[Source]] = {
    "agreement": Agreement,
    "provision": Provision,
    "party": Party,
    "source": Source,
}
