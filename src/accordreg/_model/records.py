"""The record kinds as pydantic models: agreement, provision, party, source."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .date_field import IsoDate
from .lifecycle import UNSET, Step
from .names import SLUG
from .places import country_hint, is_country
from .settings import settings_of
from .vocabulary import (
    PaxAgreementType,
    PaxConflictType,
    PaxRegion,
    PaxStage,
    TextForm,
)


def _word(section: str) -> AfterValidator:
    """Checks a word against the registry's vocabulary (or lifecycle, for states)."""

    # Called for several words of every record checked: one lookup, nothing else.
    def check_word(value: str, info: ValidationInfo) -> Any:
        words = settings_of(info.context).words[section]
        found = words.get(value)
        if found is None:
            raise _not_one_of(words)
        return found

    return AfterValidator(check_word)


def _not_one_of(allowed: Iterable[Any]) -> PydanticCustomError:
    return PydanticCustomError(
        "enum",
        "Input should be {expected}",
        {"expected": ", ".join(repr(str(w)) for w in allowed)},
    )


#: A category of the registry's vocabulary (a built-in one comes back as a Category).
CategoryWord = Annotated[str, Strict(), _word("categories")]
#: A party type of the registry's vocabulary.
PartyTypeWord = Annotated[str, Strict(), _word("party_types")]
#: A third-party role of the registry's vocabulary.
RoleWord = Annotated[str, Strict(), _word("roles")]
#: A reliability level of the registry's vocabulary.
ReliabilityWord = Annotated[str, Strict(), _word("reliability")]
#: A state of the registry's lifecycle (a default state comes back as a Status).
State = Annotated[str, Strict(), _word("states")]
#: A state of the registry's agreement lifecycle (a default one comes back as an
#: AgreementStatus).
AgreementState = Annotated[str, Strict(), _word("agreement_states")]
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG}$")]
AgreementId = Slug
PartyId = Slug
SourceId = Slug
ProvisionId = Annotated[str, StringConstraints(pattern=rf"^{SLUG}/{SLUG}$")]
Text = Annotated[str, StringConstraints(min_length=1)]


def _iso_country(value: str) -> str:
    if not is_country(value):
        raise PydanticCustomError(
            "country_code",
            "{value} is not an ISO 3166-1 alpha-3 country code",
            {"value": repr(value), "hint": country_hint(value)},
        )
    return value


Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_iso_country)]
PaxCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9:]*$")]
Level = Annotated[int, Strict(), Field(ge=0, le=3)]
Count = Annotated[int, Strict(), Field(ge=0)]


def _none() -> list[Any]:
    """An empty list, as a field's default."""
    # A function of ours, not `list`: pydantic inspects each default factory's signature
    # as a class is built, and a builtin's costs a parse of its text signature (and the
    # first one compiles the tokenizer's patterns).
    return []


def _nothing() -> dict[Any, Any]:
    """An empty mapping, as a field's default (see ``_none``)."""
    return {}


class _Model(BaseModel):
    # The docstring under each field becomes its description in the JSON Schemas (see
    # schema.py). Not through pydantic's use_attribute_docstrings, which reads the source
    # of every class as it is built and would double the time to import this module.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Source(_Model):
    """A document that a record's claims rest on."""

    kind: Literal["source"]
    """Always `source`."""
    id: SourceId
    """Unique id, e.g. `malay-tribune-2025-10-29`; records cite the source by it."""
    title: Text
    """The headline or title, or what the document is where it has none."""
    publisher: str | None = None
    """Who published it; null when not known."""
    date: IsoDate | None = None
    """Date of publication (YYYY-MM-DD, or YYYY-MM or YYYY); null when not known."""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    """Where to read it."""
    reliability: ReliabilityWord
    """`official` (a party's or body's own text), `press`, or `unverified`."""
    note: str | None = None
    """What the source says that the records rely on, or why to be careful with it."""


class Party(_Model):
    """An actor: a state, an armed force, a body, a mission, a person."""

    kind: Literal["party"]
    """Always `party`."""
    id: PartyId
    """Unique id, e.g. `thailand`."""
    name: Text
    """The party's name."""
    type: PartyTypeWord
    """What sort of actor: state, government, armed_forces, non_state_armed_group, ..."""
    country: Country | None = None
    """ISO 3166 alpha-3 code of the party's country, e.g. `KHM`."""
    member_of: PartyId | None = None
    """Id of the party this one belongs to (a mission to its organisation)."""
    note: str | None = None
    """Anything else worth knowing."""


class Signatory(_Model):
    """A party that signed, and who signed for it."""

    party: PartyId | None = None
    """Id of the party that signed; null when it has no party record."""
    party_name: str | None = None
    """The party signed for, as written, where it has no party record."""
    signed_by: str | None = None
    """The person who signed, as written."""
    capacity: str | None = None
    """In what capacity, e.g. `Prime Minister of Cambodia`."""
    text: str | None = None
    """The entry as the source writes it, where its parts could not be told apart for sure."""
    uncertain: bool = False
    """True where the entry could not be read for sure: trust `text`, not the parts."""

    @model_validator(mode="after")
    def _someone(self) -> Signatory:
        if (self.party, self.party_name, self.signed_by, self.text) == (None,) * 4:
            raise ValueError("a signatory needs `party`, `party_name`, `signed_by` or `text`")
        return self


class ThirdParty(_Model):
    """A party outside the agreement with a role in it."""

    party: PartyId | None = None
    """Id of the third party; null when it has no party record."""
    name: str | None = None
    """The third party as written, where it has no party record."""
    role: RoleWord | None = None
    """witness, guarantor, mediator, facilitator, verifier, observer, monitor or host."""
    represented_by: str | None = None
    """Who acted for it."""
    capacity: str | None = None
    """In what capacity it (or who acted for it) took part, e.g. `Prime Minister of Malaysia`."""
    text: str | None = None
    """The entry as the source writes it, where its parts could not be told apart for sure."""
    uncertain: bool = False
    """True where the entry could not be read for sure: trust `text`, not the parts."""

    @model_validator(mode="after")
    def _someone(self) -> ThirdParty:
        if (self.party, self.name, self.text) == (None,) * 3:
            raise ValueError("a third party needs `party`, `name` or `text`")
        return self


class Links(_Model):
    """Ids of the same agreement in other datasets."""

    pax_agreement: Annotated[int, Strict()] | None = None
    """PA-X agreement id (AgtId)."""
    pax_process: Annotated[int, Strict()] | None = None
    """PA-X peace process id (PP)."""
    ucdp_conflict: Annotated[int, Strict()] | None = None
    """UCDP conflict id (PA-X UcdpCon)."""
    ucdp_agreement: Annotated[int, Strict()] | None = None
    """UCDP Peace Agreement Dataset id (PA-X UcdpAgr)."""
    pam_agreement: Annotated[int, Strict()] | None = None
    """Peace Accords Matrix accord id (PA-X PamAgr)."""
    cow_war: Annotated[int, Strict()] | None = None
    """Correlates of War war number (PA-X CowWar)."""
    gwno: list[Annotated[int, Strict()]] = Field(default_factory=_none)
    """Gleditsch-Ward numbers of the countries where it applies (PA-X Loc1GWNO, Loc2GWNO)."""


class AgreementEvent(_Model):
    """A dated change of an agreement's standing as a whole, with its sources."""

    on: IsoDate
    """The date it happened: YYYY-MM-DD, or YYYY-MM or YYYY where the sources give no day."""
    status: AgreementState
    """The agreement's status from this date on: signed, in_force, suspended, resumed, ..."""
    sources: Annotated[list[SourceId], Field(min_length=1)]
    """Ids of the sources that report it: at least one."""
    party: PartyId | None = None
    """The party that acted, where one did (e.g. who suspended it)."""
    note: str | None = None
    """What happened, in a sentence or two."""

    def step(self) -> Step:
        """This event as the lifecycle sees it (agreements carry no levels)."""
        return Step(self.on, self.status, None)


class Agreement(_Model):
    """A document of a peace process."""

    kind: Literal["agreement"]
    """Always `agreement`."""
    id: AgreementId
    """Unique id, e.g. `kl-declaration-2025`; also the name of the agreement's folder."""
    title: Text
    """The document's full title."""
    short_title: str | None = None
    """A short name for tables."""
    date_signed: IsoDate | None = None
    """Date signed (YYYY-MM-DD), or the document's date where it was not signed; null if unknown."""
    signed: bool | None = None
    """False where the source says the document was not signed; null where it does not say."""
    place: str | None = None
    """Where it was signed."""
    process: str | None = None
    """The peace process it belongs to."""
    conflict: str | None = None
    """The country or entity of the conflict, as PA-X names it (Con)."""
    conflict_type: PaxConflictType | None = None
    """PA-X conflict type (Contp), e.g. `Government/territory` or `Inter-group`."""
    region: PaxRegion | None = None
    """PA-X region (Reg), e.g. `Asia and Pacific`."""
    countries: list[Country] = Field(default_factory=_none)
    """ISO 3166 alpha-3 codes of the countries where it applies."""
    signatories: list[Signatory] = Field(default_factory=_none)
    """Who signed."""
    signatories_text: str | None = None
    """The signatories as the source writes them, kept when parsed into `signatories`."""
    third_parties: list[ThirdParty] = Field(default_factory=_none)
    """Witnesses, guarantors, mediators and others outside the agreement."""
    third_parties_text: str | None = None
    """The third parties as the source writes them."""
    agreement_type: PaxAgreementType | None = None
    """PA-X agreement type: Inter, InterIntra, Intra or IntraLocal."""
    stage: PaxStage | None = None
    """PA-X stage code: Pre, Cea, SubPar, SubComp, Imp, Ren or Oth."""
    stage_sub: str | None = None
    """PA-X sub-stage code, e.g. Ceas or Rel."""
    pax_status: str | None = None
    """PA-X's status of the document, e.g. `Multiparty signed/agreed`."""
    interim: bool | None = None
    """PA-X's Interim flag: true where PA-X marks the agreement as interim (Yes), false (No)."""
    length_pages: Count | None = None
    """The document's length in pages, as PA-X gives it (Lgt)."""
    length_characters: Count | None = None
    """The length of the document's text in characters, as PA-X counts it (N_characters)."""
    pax_version: Count | None = None
    """The PA-X release in which the agreement's row came in or was last revised (Ver)."""
    pax_imsrc: Count | None = None
    """PA-X's ImSrc value (0 or 1), kept as given: the PA-X material at hand does not define it."""
    refers_to: list[AgreementId] = Field(default_factory=_none)
    """Ids of the registry's agreements that this one refers to."""
    other_agreements_text: str | None = None
    """Other agreements it refers to, as the source writes them (PA-X OthAgr: often quotes)."""
    links: Links | None = None
    """Ids of this agreement in other datasets."""
    sources: Annotated[list[SourceId], Field(min_length=1)]
    """Ids of the sources for the agreement itself."""
    history: list[AgreementEvent] = Field(default_factory=_none)
    """Dated events of the agreement as a whole (in force, suspended, ended), oldest first."""
    note: str | None = None
    """Anything else worth knowing."""

    def steps(self) -> list[Step]:
        """The history as lifecycle steps."""
        return [e.step() for e in self.history]


class Location(_Model):
    """Where a provision applies: a country, a first-level subdivision, a place."""

    country: Country
    """ISO 3166 alpha-3 code, e.g. `THA`."""
    subdivision: str | None = None
    """First-level subdivision (province), e.g. `Sa Kaeo`."""
    place: str | None = None
    """A town, village or landmark."""


class Deadline(_Model):
    """A deadline or phase: starts on ``start``, due by ``due`` (either may be unknown)."""

    label: Text
    """What the deadline or phase is, e.g. `Phase 1`."""
    start: IsoDate | None = None
    """When it starts; null when not known."""
    due: IsoDate | None = None
    """When it is due; null when open or not known. Past due and not done is overdue."""
    set_on: IsoDate | None = None
    """When it was set; null = with the provision's text. Views of earlier dates omit it."""
    sources: list[SourceId] = Field(default_factory=_none)
    """Ids of the sources that set it, where not the provision's own."""
    note: str | None = None
    """Anything else about it."""


class Condition(_Model):
    """A condition put on a provision, by whom and when, with its sources."""

    text: Text
    """The condition, in words."""
    set_on: IsoDate | None = None
    """When it was put; null = with the provision's text. Views of earlier dates omit it."""
    party: PartyId | None = None
    """The party that put it, if one did."""
    sources: list[SourceId] = Field(default_factory=_none)
    """Ids of the sources that report it, where not the provision's own."""


class Event(_Model):
    """A dated change of a provision's status, with its sources."""

    on: IsoDate
    """The date it happened: YYYY-MM-DD, or YYYY-MM or YYYY where the sources give no day."""
    status: State
    """The provision's status from this date on."""
    sources: Annotated[list[SourceId], Field(min_length=1)]
    """Ids of the sources that report it: at least one."""
    level: Level | None = None
    """Implementation level 0-3 from this date; null = not rated; absent = the default."""
    party: PartyId | None = None
    """The party the event concerns, where it concerns one of several (e.g. who withdrew)."""
    progress: Annotated[float, Field(ge=0)] | None = None
    """How much of the measurable target is achieved by this date, e.g. 18 (of 18 released)."""
    terms: dict[str, Any] | None = None
    """Terms set or changed by this event, known from its date on (same form as `terms`)."""
    note: str | None = None
    """What happened, in a sentence or two."""

    def step(self) -> Step:
        """This event as the lifecycle sees it (an absent level differs from null)."""
        given = "level" in self.model_fields_set
        return Step(self.on, self.status, self.level if given else UNSET)


class Provision(_Model):
    """One commitment inside an agreement, with its history."""

    kind: Literal["provision"]
    """Always `provision`."""
    id: ProvisionId
    """`<agreement-id>/<name>`, e.g. `kl-declaration-2025/demining`; the file's path."""
    agreement: AgreementId
    """Id of the agreement it belongs to."""
    title: Text
    """What it commits to, in a line."""
    category: CategoryWord
    """What kind of commitment: ceasefire, demining, detainee_release, ..."""
    text: Text
    """The provision's words, or a faithful paraphrase (see `text_form`)."""
    text_form: TextForm = TextForm.PARAPHRASE
    """`quote` or `paraphrase` (the default)."""
    section: str | None = None
    """Where it stands in the document, e.g. `paragraph 4`; null when not known."""
    responsible: list[PartyId] = Field(default_factory=_none)
    """Ids of the parties that must carry it out."""
    verifier: list[PartyId] = Field(default_factory=_none)
    """Ids of the parties that verify it."""
    locations: list[Location] = Field(default_factory=_none)
    """Where it applies."""
    deadlines: list[Deadline] = Field(default_factory=_none)
    """Deadlines and phases."""
    conditions: list[Text | Condition] = Field(default_factory=_none)
    """Conditions put on it: in words, or with `text`, `set_on`, `party` and `sources`."""
    same_as: list[ProvisionId] = Field(default_factory=_none)
    """Ids of provisions of other agreements that record the same commitment."""
    depends_on: list[ProvisionId] = Field(default_factory=_none)
    """Ids of provisions it depends on."""
    supersedes: list[ProvisionId] = Field(default_factory=_none)
    """Ids of provisions it replaces (each must name this one in `superseded_by`)."""
    superseded_by: ProvisionId | None = None
    """Id of the provision that replaces it."""
    pax_codes: list[PaxCode] = Field(default_factory=_none)
    """PA-X provision codes, e.g. `TjPrire`: a family's code first, then its sub-codes present."""
    pax_strength: dict[PaxCode, Level] = Field(default_factory=_nothing)
    """PA-X's value for each code: how much the agreement says on it (1-3); not implementation."""
    terms: dict[str, Any] = Field(default_factory=_nothing)
    """What exactly was promised, in the typed terms of the category (see the README)."""
    sources: Annotated[list[SourceId], Field(min_length=1)]
    """Ids of the sources for the provision's text and terms."""
    history: Annotated[list[Event], Field(min_length=1)]
    """Dated status events, oldest first."""
    note: str | None = None
    """Anything else worth knowing, such as what is not established."""

    # On the field, not the model: it runs only for records that give `pax_strength`
    # (most give none), and its error stands at that key.
    @field_validator("pax_strength")
    @classmethod
    def _strength_of_its_codes(cls, value: dict[str, int], info: ValidationInfo) -> Any:
        codes = info.data.get("pax_codes")
        stray = [c for c in value if codes is not None and c not in codes]
        if stray:
            listed = ", ".join(stray)
            raise PydanticCustomError(
                "code_not_listed",
                "{codes}: not in `pax_codes`",
                {"codes": listed, "hint": f"add {listed} to `pax_codes`, or drop its strength"},
            )
        return value

    def steps(self) -> list[Step]:
        """The history as lifecycle steps."""
        return [e.step() for e in self.history]

    @property
    def strength(self) -> int | None:
        """The provision's PA-X strength: the highest value of its codes; None if not coded."""
        return max(self.pax_strength.values()) if self.pax_strength else None


Record = Agreement | Provision | Party | Source
