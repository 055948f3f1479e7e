"""Reading signatories and third parties from PA-X's free text: what is sure, and no more."""

from __future__ import annotations

import pytest

from accordreg._importers.pax import parse_signatories, parse_third_parties
from accordreg._importers.pax_names import is_party, is_person
from accordreg._importers.pax_people import parse_people

Row = tuple[str | None, str | None, str | None]


def _read(text: str) -> list[Row]:
    return [
        (s.get("party_name"), s.get("signed_by"), s.get("capacity"))
        for s in parse_signatories(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Signed by: A B Smith, Minister; C D Jones",
            [(None, "A B Smith", "Minister"), (None, "C D Jones", None)],
        ),
        (
            "Cambodia: Prime Minister Samdech HUN Manet",
            [("Cambodia", "Samdech HUN Manet", "Prime Minister")],
        ),
        (
            "H.E. General Tea Seiha - Deputy Prime Minister, Minister of Defence",
            [(None, "H.E. General Tea Seiha", "Deputy Prime Minister, Minister of Defence")],
        ),
        (
            "VIRGILIO BARCO\nPresident of the Republic",
            [(None, "VIRGILIO BARCO", "President of the Republic")],
        ),
        (
            "For the State of Israel: YITZHAK RABIN, Prime Minister",
            [("State of Israel", "YITZHAK RABIN", "Prime Minister")],
        ),
        (
            "Government of Sri Lanka, signed for by Ranil Wickremesinghe, Prime Minister",
            [("Government of Sri Lanka", "Ranil Wickremesinghe", "Prime Minister")],
        ),
        (
            "Silvester C. Afable, Jr., GRP Panel Chair",
            [(None, "Silvester C. Afable, Jr.", "GRP Panel Chair")],
        ),
        (
            "1. Salam Musa Madi\n2. Balqasim Muhammad Qazit",
            [(None, "Salam Musa Madi", None), (None, "Balqasim Muhammad Qazit", None)],
        ),
        (
            "PA-X, Peace Agreement Access Tool (Translation)\nwww.peaceagreements.org\n3\n"
            "Jorge Eliecer Zapata",
            [(None, "Jorge Eliecer Zapata", None)],
        ),
        ("National Govt, AUC", [("National Govt", None, None), ("AUC", None, None)]),
        ("", []),
    ],
)
def test_forms_read_for_sure(text: str, expected: list[Row]) -> None:
    """Each unambiguous form splits into party, person and capacity as written."""
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Agreement not signed, but parties understood to be APNI, NIWC, Sinn Fein",
        "Not signed. Produced by the Kurdistan Workers' Party (PKK) at its 12th Congress",
        "Unsigned - but mentioned in the text\nThe Government of Colombia\nFARC",
        "Joint statement, not signed, agreement mentions the following parties",
        "[Uploaded document is not signed, but indicates Parties and Third Parties] Mr X Y",
    ],
)
def test_not_signed_gives_no_signatories(text: str) -> None:
    """A cell saying the document is not signed names no one as having signed it."""
    people = parse_people(text)
    assert (people.signed, people.entries) == (False, [])


def test_confirmed_signing_is_not_read_as_unsigned() -> None:
    """'Copy not signed, but secondary sources confirm signing' leaves `signed` unknown."""
    people = parse_people("Agreement copy not signed, but secondary sources confirm signing by X")
    assert people.signed is None


def test_what_cannot_be_split_for_sure_is_kept_whole_and_marked() -> None:
    """An ambiguous or hedged entry carries its text and `uncertain`, and no guessed parts."""
    entries = parse_signatories("Ecuador, Peru\nCarlos [name unclear] - Chief of Staff\nPCC - ML")
    assert entries == [
        {"text": "Ecuador, Peru", "uncertain": True},
        {"text": "Carlos [name unclear] - Chief of Staff", "uncertain": True},
        {"text": "PCC - ML", "uncertain": True},
    ]


def test_no_signatory_is_named_on_behalf_of_or_unsigned() -> None:
    """'On behalf of X, Name' gives X as the party; the words never become a name."""
    assert _read("On behalf of the Government of Nepal, Krishna Prasad Sitaula, Minister") == [
        ("Government of Nepal", "Krishna Prasad Sitaula", "Minister")
    ]


def test_third_parties_roles_from_headings_and_commentary_left_out() -> None:
    """A role heading applies to the lines below; the coder's sentences are no party."""
    parsed = parse_third_parties(
        "No third parties recorded as signing the agreement.\n"
        "Witnessed by:\nKofi A. Annan, Chairman of the Panel\n\n"
        "Mediated by: Olusegun Obasanjo\nZ Organisation as guarantor"
    )
    assert [(p.get("name"), p.get("role"), p.get("capacity")) for p in parsed] == [
        ("Kofi A. Annan", "witness", "Chairman of the Panel"),
        ("Olusegun Obasanjo", "mediator", None),
        ("Z Organisation", "guarantor", None),
    ]


def test_a_party_with_someone_acting_for_it() -> None:
    """'Malaysia: Prime Minister NAME' is Malaysia, represented by NAME in that capacity."""
    assert parse_third_parties("Malaysia: Prime Minister Dato' Seri Anwar Ibrahim") == [
        {
            "name": "Malaysia",
            "represented_by": "Dato' Seri Anwar Ibrahim",
            "capacity": "Prime Minister",
        }
    ]


def test_person_and_party_tests() -> None:
    """Names read as people; organisations, known countries and acronyms as parties."""
    assert is_person("Hun Manet")
    assert is_person("H.E. General Tea Seiha")
    assert not is_person("Prime Minister")
    assert not is_person("National Government of Colombia")
    assert is_party("the National Liberation Army (ELN)", frozenset())
    assert is_party("Thailand", frozenset({"thailand"}))
    assert not is_party("Thailand", frozenset())
    assert not is_party("H.E. Ms Wagner Minister of State", frozenset())
