"""The built-in categories: what peace agreements commonly contain, grounded in PA-X.

Each category has a label, a description, the PA-X code families it covers (see the
PA-X codebook), the typed terms it declares and, where it has one, the term whose
count is its measurable target. A registry's settings can add categories or replace
any of these.

A PA-X code belongs to the family of its nearest ancestor in the codebook (or itself)
that a category lists here: so `CeGen` is in the `Ce` family (ceasefire), and `StBor`,
though PA-X files it under `StDef`, heads a family of its own (boundary_survey). Every
code of the codebook reaches exactly one listed family (checked by the tests).
"""

from __future__ import annotations

from enum import StrEnum

from .vocabulary import (
    CategoryDef,
    Measure,
    PartyType,
    Reliability,
    TermSpec,
    ThirdPartyRole,
    Vocabulary,
    Word,
)


def _t(kind: str, description: str, *, unit: str | None = None) -> TermSpec:
    return TermSpec(kind, description, unit)


def _c(
    cid: str,
    label: str,
    description: str,
    pax_codes: tuple[str, ...] = (),
    terms: dict[str, TermSpec] | None = None,
    measure: tuple[str, str] | None = None,
) -> CategoryDef:
    return CategoryDef(
        cid,
        label,
        description,
        pax_codes,
        terms or {},
        Measure(*measure) if measure else None,
    )


BUILTIN_CATEGORIES: tuple[CategoryDef, ...] = (
    _c(
        "ceasefire",
        "Ceasefire",
        "Cessation of hostilities or ceasefire terms: what stops, from when, and the rules that hold the fire.",
        ("Ce",),
        {
            "effective_from": _t("date", "When the ceasefire takes effect."),
            "scope": _t("text", "What it covers: the front, the weapons, the acts it stops."),
            "monitored_by": _t("parties", "Who monitors it."),
            "arrangement": _t(
                "text",
                "Who made it: unilateral (declared by one side), bilateral or multilateral.",
            ),
            "written": _t(
                "boolean", "Whether it was set down in writing (false: declared or agreed orally)."
            ),
        },
    ),
    _c(
        "heavy_weapons_withdrawal",
        "Heavy weapons withdrawal",
        "Pulling heavy weapons or artillery back a stated distance from a line or zone.",
        (),
        {
            "weapon_classes": _t(
                "items", "The classes of weapons to withdraw, each with what it covers."
            ),
            "zone": _t("text", "The zone or line they are withdrawn from."),
            "distance_km": _t("number", "How far back they go.", unit="km"),
            "phases": _t("phases", "The phases of the withdrawal, with their dates."),
        },
        ("phases", "phases done"),
    ),
    _c(
        "troop_withdrawal",
        "Disengagement and troop withdrawal",
        "Separating forces and withdrawing troops, foreign forces in particular, from territory or front lines.",
        ("SsrFf",),
        {
            "zone": _t("text", "The zone or line the forces leave."),
            "distance_km": _t("number", "How far back they go.", unit="km"),
            "phases": _t("phases", "The phases of the withdrawal, with their dates."),
        },
        ("phases", "phases done"),
    ),
    _c(
        "demining",
        "Demining",
        "Surveying, marking and clearing mines and unexploded ordnance.",
        (),
        {
            "sites": _t("places", "The sites or pilot areas to clear."),
            "task_force": _t("party", "The body in charge of the clearance."),
            "area_km2": _t("number", "The area to clear.", unit="km²"),
        },
        ("sites", "sites cleared"),
    ),
    _c(
        "joint_task_force",
        "Joint task force",
        "A standing body staffed by both sides to handle a shared security task.",
        (),
        {
            "members": _t("parties", "Who sits on it."),
            "mandate": _t("text", "What it is to do."),
            "to_be_formed_by": _t("date", "When it is to be formed."),
        },
    ),
    _c(
        "boundary_survey",
        "Boundary survey and delimitation",
        "Delimiting, demarcating or surveying a border or boundary line.",
        ("StBor",),
        {
            "pillars": _t("range", "The boundary pillars of the stretch, e.g. 42 to 47."),
            "stretch": _t("text", "The stretch of border, in words."),
            "provinces": _t("places", "The provinces on each side of the stretch."),
            "surveyed_by": _t("party", "The body doing the survey."),
        },
    ),
    _c(
        "detainee_release",
        "Detainee and prisoner release",
        "Releasing or exchanging prisoners, detainees, hostages or prisoners of war.",
        ("TjPrire",),
        {
            "count": _t("integer", "How many people are to be released.", unit="people"),
            "held_by": _t("party", "Who holds them."),
            "held_since": _t("date", "Since when they have been held."),
            "who": _t("text", "Who they are, e.g. soldiers or civilians."),
        },
        ("count", "released"),
    ),
    _c(
        "observer_mission",
        "Observer mission",
        "Unarmed observers or a verification team that watch compliance and report.",
        (),
        {
            "members": _t("parties", "Who sends observers."),
            "mandate": _t("text", "What the observers watch and report on."),
        },
    ),
    _c(
        "peacekeeping_mission",
        "Peacekeeping or international mission",
        "Deploying or mandating an international peacekeeping force, mission or similar presence.",
        ("ImPK",),
        {
            "members": _t("parties", "Who contributes to the mission."),
            "mandate": _t("text", "What the mission is to do."),
        },
    ),
    _c(
        "civilian_return",
        "Civilian return",
        "Letting civilians go back to a specific area once fighting has stopped there.",
        (),
        {
            "areas": _t("places", "Where civilians may return."),
            "people": _t("integer", "How many people are to return.", unit="people"),
        },
        ("people", "returned"),
    ),
    _c(
        "hotline",
        "Hotline",
        "A direct communication line between commanders or governments to defuse incidents.",
        (),
        {
            "between": _t("parties", "Who the line connects."),
        },
    ),
    _c(
        "joint_patrol",
        "Joint patrol",
        "Patrols carried out together by the forces of both sides.",
        (),
        {
            "forces": _t("parties", "Whose forces patrol together."),
            "area": _t("text", "Where they patrol."),
        },
    ),
    _c(
        "intelligence_sharing",
        "Intelligence sharing",
        "Exchanging intelligence or security information between the parties.",
        (),
    ),
    _c(
        "joint_exercise",
        "Joint exercise",
        "Military or security exercises held together by the parties.",
        (),
    ),
    _c(
        "cybercrime_cooperation",
        "Cybercrime cooperation",
        "Joint action against cybercrime and online scam networks.",
        (),
    ),
    _c(
        "ddr",
        "Disarmament, demobilisation and reintegration",
        "Disarming, demilitarising, demobilising and reintegrating combatants, including demilitarised zones and DDR programmes.",
        ("SsrDdr",),
        {
            "combatants": _t("integer", "How many combatants it covers.", unit="combatants"),
            "sites": _t("places", "Cantonment or disarmament sites."),
        },
        ("combatants", "demobilised"),
    ),
    _c(
        "armed_groups",
        "Armed groups and paramilitaries",
        "Conduct, status, regrouping or transformation of rebel, opposition, parastatal or paramilitary forces.",
        ("SsrPsf",),
    ),
    _c(
        "security_sector_reform",
        "Security sector reform",
        "Reforming or restructuring the armed forces, police and intelligence services.",
        ("SsrArm", "SsrPol", "SsrInt"),
    ),
    _c(
        "security_guarantees",
        "Security guarantees",
        "Guarantees of safety given to parties, their members or leaders, or to the population.",
        ("SsrGua",),
    ),
    _c(
        "civilian_protection",
        "Protection of civilians",
        "Measures to protect civilians or particular groups from violence.",
        ("Prot",),
    ),
    _c(
        "humanitarian_access",
        "Humanitarian access and movement",
        "Humanitarian assistance and free movement of people, goods and aid agencies: access, corridors, crossings, checkpoints.",
        ("HrMob", "DevHum"),
        {
            "corridors": _t("places", "Crossings, corridors or areas opened to aid."),
            "for_whom": _t("text", "Who may pass: aid agencies, civilians, goods."),
        },
    ),
    _c(
        "displaced_persons",
        "Refugees and displaced persons",
        "Rights, protection, return, resettlement or reintegration of refugees and internally displaced persons.",
        ("GRef",),
        {
            "people": _t("integer", "How many people it concerns.", unit="people"),
            "areas": _t("places", "Where they are to return or be resettled."),
        },
        ("people", "returned"),
    ),
    _c(
        "human_rights",
        "Human rights",
        "Human rights and rule of law commitments: civil, political and socio-economic rights, citizenship, detention safeguards, rights treaties and rights institutions.",
        ("HrGen", "HrBor", "HrTrinc", "HrCp", "HrSec", "HrCit", "HrDet", "HrNi", "HrIi"),
    ),
    _c(
        "transitional_justice",
        "Transitional justice",
        "Dealing with past abuses: amnesty, courts, truth and other mechanisms, vetting, victims, missing persons, reparations and reconciliation.",
        ("TjGen", "TjAm", "TjCou", "TjMech", "TjVet", "TjVic", "TjMis", "TjRep", "TjNR"),
    ),
    _c(
        "justice_reform",
        "Justice sector reform",
        "Reforming criminal law, courts, prisons, emergency law or traditional law.",
        ("JusCr", "JusEm", "JusJu", "JusPri", "JusTra"),
    ),
    _c(
        "crime_and_terrorism",
        "Crime, corruption and terrorism",
        "Combating crime, organised crime, drug trafficking, corruption or terrorism.",
        ("SsrCrOcr", "SsrDrugs", "Cor", "Terr"),
    ),
    _c(
        "political_dialogue",
        "Political dialogue and participation",
        "Continuing talks, national dialogue or consultations, and the part civil society and traditional or religious leaders play in the process.",
        ("Civso", "Tral"),
        {
            "participants": _t("parties", "Who takes part."),
            "next_round": _t("date", "When the next round is due."),
        },
    ),
    _c(
        "power_sharing",
        "Power sharing",
        "Sharing political, economic or military power between groups: coalitions, proportional posts, vetoes, shared revenue, merged forces or joint command.",
        ("Polps", "Eps", "Mps"),
    ),
    _c(
        "territorial_autonomy",
        "Territorial autonomy and decentralisation",
        "Federal, autonomous-region or local-government arrangements that devolve power to territories.",
        ("Terps",),
    ),
    _c(
        "political_institutions",
        "Political institutions",
        "Creating or reforming political institutions, including transitional bodies, public administration and democratic governance.",
        ("Pol", "Pubad", "HrDem"),
    ),
    _c(
        "constitution",
        "Constitution",
        "Affirming, amending or making a constitution.",
        ("ConGen",),
    ),
    _c(
        "elections",
        "Elections and referendums",
        "Holding elections or referendums, electoral commissions, and party reform including rebels becoming parties.",
        ("Ele", "ElecComm", "PolPar", "StRef", "ImRef"),
        {
            "election_date": _t("date", "When the vote is to be held."),
            "body": _t("party", "The body that runs it."),
        },
    ),
    _c(
        "state_definition",
        "State definition and status",
        "The nature, configuration, symbols and status of the state: self-determination, independence, unification and cross-border arrangements.",
        ("StDef",),
    ),
    _c(
        "economic_reconstruction",
        "Economic reconstruction and development",
        "Socio-economic development, reconstruction and infrastructure, economic plans, international funds, business, taxation and banking.",
        ("Dev", "NEC", "IntFu", "Bus", "Tax", "Ban"),
    ),
    _c(
        "land_and_resources",
        "Land, natural resources and environment",
        "Land reform and property restitution, pastoralist rights, natural resources, water and the environment.",
        ("LaRef", "LaNom", "NatRes", "Wat", "LaEn"),
    ),
    _c(
        "gender",
        "Women and gender",
        "Women's participation, rights and protection, and provisions on men and boys, LGBTI persons and the family.",
        ("GeWom", "GeMe", "GeLgbti", "GeFa"),
    ),
    _c(
        "group_rights",
        "Groups, identity and culture",
        "Rights, recognition and non-discrimination of identified groups (children and youth, disabled, elderly, migrants, ethnic, religious, indigenous, social class) and their cultural heritage.",
        ("GCh", "GDis", "GAge", "GMig", "GRa", "GRe", "GInd", "GOth", "GSoc", "LaCH"),
    ),
    _c(
        "media_communication",
        "Media and communication",
        "Media governance and conduct, public information and dissemination of the agreement.",
        ("Med",),
    ),
    _c(
        "implementation_mechanism",
        "Implementation and guarantees",
        "Mechanisms to implement, monitor, verify, enforce or guarantee the agreement, including international signatories acting as witnesses or guarantors.",
        ("ImE", "ImUN", "ImOth"),
    ),
    _c(
        "other",
        "Other",
        "Provisions that fit no other category.",
        ("RiOth",),
    ),
)


#: What each built-in party type, third-party role and reliability level means.
_MEANINGS: dict[str, dict[str, str]] = {
    "party_types": {
        "state": "A state, as a party in its own right.",
        "government": "A government, or one of its ministries or agencies.",
        "armed_forces": "A state's armed forces, or a command or unit of them.",
        "non_state_armed_group": "An armed group outside a state's forces.",
        "political_party": "A political party or movement.",
        "body": "A body set up by the parties: a committee, a commission, a task force.",
        "organisation": "An international or regional organisation.",
        "mission": "A mission sent to observe, monitor or keep the peace.",
        "civil_society": "A civil-society group: churches, unions, associations, NGOs.",
        "person": "A person acting in their own name.",
        "other": "An actor of no other type.",
    },
    "roles": {
        "witness": "Signed as a witness.",
        "guarantor": "Undertook to guarantee the agreement.",
        "mediator": "Mediated the talks that led to it.",
        "facilitator": "Helped the talks along without mediating them.",
        "verifier": "Verifies that it is carried out.",
        "observer": "Observed the talks or the signing.",
        "monitor": "Monitors how it is carried out.",
        "host": "Hosted the talks or the signing.",
    },
    "reliability": {
        "official": "A party's or a body's own text.",
        "press": "A news report.",
        "unverified": "A text whose origin or accuracy is not established.",
    },
}


def _words(enum: type[StrEnum], section: str) -> dict[str, Word]:
    meanings = _MEANINGS[section]
    return {m.value: Word(m.value, m.value.replace("_", " "), meanings[m.value]) for m in enum}


def builtin_vocabulary() -> Vocabulary:
    """The vocabulary of a registry without settings."""
    return Vocabulary(
        categories={c.id: c for c in BUILTIN_CATEGORIES},
        party_types=_words(PartyType, "party_types"),
        roles=_words(ThirdPartyRole, "roles"),
        reliability=_words(Reliability, "reliability"),
    )
