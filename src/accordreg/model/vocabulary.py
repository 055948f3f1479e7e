"""The words records are written in: id patterns and the closed sets of values.

Kept apart from the pydantic models so that code needing only the vocabulary (the
command line's choices, the cross-file checks) does not pay for building the models.
"""

from __future__ import annotations

import re
from enum import StrEnum

SLUG = r"[a-z0-9]+(?:[-_.][a-z0-9]+)*"
SLUG_RE = re.compile(rf"^{SLUG}$")
PROVISION_ID_RE = re.compile(rf"^{SLUG}/{SLUG}$")


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


class PaxAgreementType(StrEnum):
    """PA-X agreement types."""

    INTER = "Inter"
    INTERINTRA = "InterIntra"
    INTRA = "Intra"
    INTRALOCAL = "IntraLocal"


class TextForm(StrEnum):
    """Whether a provision's text is the document's own words or a paraphrase."""

    QUOTE = "quote"
    PARAPHRASE = "paraphrase"
