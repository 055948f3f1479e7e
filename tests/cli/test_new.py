"""`accordreg new`: the fields filled in on day one, and refusals in `validate`'s words."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import accordreg
from conftest import run

AGREEMENT = "kl-declaration-2025"
#: A new provision of the example registry's agreement, before its options.
PROVISION = [
    "provision",
    f"{AGREEMENT}/hotline",
    "--title",
    "A hotline",
    "--category",
    "detainee_release",
    "--text",
    "Thailand releases the soldiers it holds.",
    "--source",
    "pax-2850",
]
AGREEMENT_ARGS = ["agreement", "border-accord-2025", "--title", "Border accord"]
AGREEMENT_ARGS += ["--source", "pax-2850", "--date", "2025-11-01"]
PARTY = ["party", "aot-team-b", "--name", "AOT team B", "--type", "mission"]
SOURCE = ["source", "press-2025-11-02", "--title", "Report", "--reliability", "press"]


def _files(root: Path) -> dict[str, bytes]:
    """Every file of the registry but its cache (which reading it may write)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".accordreg-cache" not in p.parts
    }


def _new(root: Path, *args: str) -> tuple[int, str]:
    return run("new", *args, "--registry", str(root))


def _written(root: Path, *args: str) -> dict[str, Any]:
    """Run `accordreg new`, check it wrote a record that validates, and return its data."""
    code, out = _new(root, *args)
    assert code == 0, out
    assert accordreg.check(root) == []
    kind, record_id = args[0], args[1]
    data: dict[str, Any] = getattr(accordreg.load(root), kind)(record_id).model_dump()
    return data


def _refused(root: Path, *args: str) -> str:
    """Run `accordreg new`, check it exited 1 with one `error:` line and wrote nothing,
    and return the line."""
    before = _files(root)
    code, out = _new(root, *args)
    assert code == 1, out
    assert _files(root) == before
    lines = out.splitlines()
    assert len(lines) == 1, out
    assert lines[0].startswith("error: ")
    return lines[0]


def _usage_error(root: Path, *args: str) -> str:
    """Run `accordreg new`, check it was refused as a usage error with nothing written."""
    before = _files(root)
    code, out = _new(root, *args)
    assert code == 2, out
    assert _files(root) == before
    return out


# -- new provision: its options ------------------------------------------------------------


def test_responsible_names_the_parties_that_carry_it_out(registry_dir: Path) -> None:
    """--responsible, repeated, lists the parties responsible in the order given."""
    made = _written(
        registry_dir, *PROVISION, "--responsible", "thailand", "--responsible", "cambodia"
    )
    assert made["responsible"] == ["thailand", "cambodia"]


def test_verifier_names_the_parties_that_verify_it(registry_dir: Path) -> None:
    """--verifier, repeated, lists the verifying parties."""
    made = _written(registry_dir, *PROVISION, "--verifier", "asean-observer-team")
    assert made["verifier"] == ["asean-observer-team"]


def test_section_says_where_it_stands(registry_dir: Path) -> None:
    """--section is written as the provision's section, as given."""
    made = _written(registry_dir, *PROVISION, "--section", "paragraph 4 [b]")
    assert made["section"] == "paragraph 4 [b]"


def test_location_takes_a_country_a_subdivision_and_a_place(registry_dir: Path) -> None:
    """--location COUNTRY[/SUBDIVISION[/PLACE]], repeated; the place may hold '/'."""
    made = _written(
        registry_dir,
        *PROVISION,
        "--location",
        "THA/Sa Kaeo/Ban Nong Chan, km 5/6",
        "--location",
        "KHM",
    )
    assert made["locations"] == [
        {"country": "THA", "subdivision": "Sa Kaeo", "place": "Ban Nong Chan, km 5/6"},
        {"country": "KHM", "subdivision": None, "place": None},
    ]


def test_deadline_takes_a_label_and_the_day_it_is_due(registry_dir: Path) -> None:
    """--deadline LABEL=YYYY-MM-DD, repeated, adds deadlines with those labels and dates."""
    made = _written(
        registry_dir,
        *PROVISION,
        "--deadline",
        "Phase 1=2025-11-30",
        "--deadline",
        "Phase 2=2025-12-31",
    )
    assert [(d["label"], d["due"]) for d in made["deadlines"]] == [
        ("Phase 1", date(2025, 11, 30)),
        ("Phase 2", date(2025, 12, 31)),
    ]


def test_term_values_are_read_as_yaml_and_typed_by_the_category(registry_dir: Path) -> None:
    """--term NAME=VALUE reads VALUE as YAML: a number stays a number, a party an id."""
    made = _written(registry_dir, *PROVISION, "--term", "count=18", "--term", "held_by=thailand")
    assert made["terms"] == {"count": 18, "held_by": "thailand"}


def test_a_term_of_places_is_a_list_of_mappings(registry_dir: Path) -> None:
    """A `places` term written as a YAML flow list of mappings is kept as such."""
    args = [*PROVISION[:5], "demining", *PROVISION[6:]]
    made = _written(
        registry_dir, *args, "--term", "sites=[{country: KHM, place: Site A}, {country: THA}]"
    )
    assert made["terms"]["sites"] == [{"country": "KHM", "place": "Site A"}, {"country": "THA"}]


def test_a_provision_with_every_option_validates(registry_dir: Path) -> None:
    """Every option of `new provision` at once: the registry still validates, warnings too."""
    code, out = _new(
        registry_dir,
        *PROVISION,
        "--on",
        "2025-10-27",
        "--status",
        "agreed",
        "--section",
        "paragraph 3",
        "--responsible",
        "thailand",
        "--verifier",
        "asean-observer-team",
        "--location",
        "THA/Sa Kaeo/Ban Nong Chan",
        "--location",
        "KHM/Banteay Meanchey",
        "--deadline",
        "Release=2025-11-30",
        "--term",
        "count=18",
        "--term",
        "held_by=thailand",
        "--term",
        "held_since=2025-07-29",
        "--term",
        "who=Cambodian soldiers",
    )
    assert code == 0, out
    assert accordreg.check(registry_dir) == []
    provision = accordreg.load(registry_dir).provision(f"{AGREEMENT}/hotline")
    assert provision.history[0].on == date(2025, 10, 27)
    assert provision.terms["held_since"] == "2025-07-29"


# -- new agreement, party, source: their options ---------------------------------------------


def test_signatory_names_a_party_that_signed(registry_dir: Path) -> None:
    """--signatory, repeated, lists the signatories."""
    made = _written(
        registry_dir, *AGREEMENT_ARGS, "--signatory", "thailand", "--signatory", "cambodia"
    )
    assert [s["party"] for s in made["signatories"]] == ["thailand", "cambodia"]


def test_third_party_takes_a_party_and_its_role(registry_dir: Path) -> None:
    """--third-party PARTY_ID=ROLE adds a third party with that role."""
    made = _written(registry_dir, *AGREEMENT_ARGS, "--third-party", "asean=observer")
    assert [(t["party"], t["role"]) for t in made["third_parties"]] == [("asean", "observer")]


def test_country_lists_where_the_agreement_applies(registry_dir: Path) -> None:
    """--country, repeated, lists the agreement's countries."""
    made = _written(registry_dir, *AGREEMENT_ARGS, "--country", "THA", "--country", "KHM")
    assert made["countries"] == ["THA", "KHM"]


def test_place_and_process_are_written(registry_dir: Path) -> None:
    """--place and --process are the agreement's place and peace process."""
    made = _written(
        registry_dir, *AGREEMENT_ARGS, "--place", "Kuala Lumpur", "--process", "Border talks"
    )
    assert (made["place"], made["process"]) == ("Kuala Lumpur", "Border talks")


def test_member_of_names_the_party_it_belongs_to(registry_dir: Path) -> None:
    """`new party --member-of` names an existing party as the new one's organisation."""
    made = _written(registry_dir, *PARTY, "--member-of", "asean")
    assert made["member_of"] == "asean"


def test_a_party_takes_a_note(registry_dir: Path) -> None:
    """`new party --note` is written as the party's note."""
    made = _written(registry_dir, *PARTY, "--note", "Deployed in November.")
    assert made["note"] == "Deployed in November."


def test_a_source_takes_a_note(registry_dir: Path) -> None:
    """`new source --note` is written as the source's note."""
    made = _written(registry_dir, *SOURCE, "--note", "Cites an army spokesman.")
    assert made["note"] == "Cites an army spokesman."


# -- Refusals: exit 1, one line in validate's words, nothing written -------------------------


def test_an_unknown_responsible_party_gets_a_did_you_mean(registry_dir: Path) -> None:
    """--responsible naming no party: the party meant."""
    said = _refused(registry_dir, *PROVISION, "--responsible", "thailnd")
    assert said == "error: no party with id 'thailnd' (did you mean 'thailand'?)"


def test_a_verifier_written_in_capitals_gets_the_id_meant(registry_dir: Path) -> None:
    """--verifier Cambodia, not an id: the id meant, not a pattern."""
    said = _refused(registry_dir, *PROVISION, "--verifier", "Cambodia")
    assert said == "error: no party with id 'Cambodia' (did you mean 'cambodia'?)"


def test_an_unknown_member_of_gets_a_did_you_mean(registry_dir: Path) -> None:
    """--member-of naming no party: the party meant."""
    said = _refused(registry_dir, *PARTY, "--member-of", "asaen")
    assert said == "error: no party with id 'asaen' (did you mean 'asean'?)"


def test_a_two_letter_country_gets_its_three_letter_code(registry_dir: Path) -> None:
    """--country CO: Colombia's alpha-3 code is meant, and no regex is shown."""
    said = _refused(registry_dir, *AGREEMENT_ARGS, "--country", "CO")
    assert "'CO' is not in the expected format (did you mean 'COL' (Colombia)?" in said
    assert "pattern" not in said


def test_a_location_country_is_checked_as_validate_checks_it(registry_dir: Path) -> None:
    """--location with a wrong country code: the country meant."""
    said = _refused(registry_dir, *PROVISION, "--location", "TH/Sa Kaeo")
    assert "locations[0].country: 'TH' is not in the expected format" in said
    assert "did you mean 'THA' (Thailand)?" in said


def test_an_unknown_subdivision_is_a_warning_and_written(registry_dir: Path) -> None:
    """A subdivision ISO 3166-2 does not list: validate's warning (S009), then written."""
    code, out = _new(registry_dir, *PROVISION, "--location", "THA/Siem Reap")
    assert code == 0, out
    assert "warning: S009 'Siem Reap' is not a first-level subdivision of THA" in out
    assert (registry_dir / AGREEMENT / "hotline.yaml").is_file()


def test_a_bad_id_is_explained_by_the_rule_in_words(registry_dir: Path) -> None:
    """An id with capitals, a space or a trailing '_': the rule for ids, not a regex."""
    said = _refused(registry_dir, *PARTY[:1], "Aot_", *PARTY[2:])
    assert said == (
        "error: the new party would not be valid: S006 id: 'Aot_' is not in the expected "
        "format (ids are lower-case letters and digits joined by '-', e.g. 'kl-declaration')"
    )


def test_an_empty_title_is_said_to_be_empty(registry_dir: Path) -> None:
    """--title '': "title is empty", not pydantic's "String should have at least"."""
    said = _refused(registry_dir, *SOURCE[:3], "", *SOURCE[4:])
    assert said.endswith("S008 title is empty (write at least one character)")


def test_a_deadline_without_a_date_is_a_usage_error(registry_dir: Path) -> None:
    """--deadline without '=': the form it takes."""
    out = _usage_error(registry_dir, *PROVISION, "--deadline", "Phase 1")
    assert "'Phase 1' is not LABEL=YYYY-MM-DD" in out


def test_a_deadline_on_a_day_its_month_lacks_says_so(registry_dir: Path) -> None:
    """--deadline on 30 February: how many days February has that year."""
    said = _refused(registry_dir, *PROVISION, "--deadline", "Phase 1=2026-02-30")
    assert "'2026-02-30' is not a real date: February has 28 days in 2026" in said


def test_a_term_of_the_wrong_type_says_what_type_is_expected(registry_dir: Path) -> None:
    """--term count=many: a whole number is expected, and how to write one."""
    said = _refused(registry_dir, *PROVISION, "--term", "count=many")
    assert said.endswith(
        "S003 terms.count must be a whole number, not text "
        "(write a whole number, without quotes, e.g. 18)"
    )


def test_a_list_where_text_is_expected_says_to_write_text(registry_dir: Path) -> None:
    """--term who='[a, b]': text is expected, and how to keep the brackets."""
    said = _refused(registry_dir, *PROVISION, "--term", "who=[soldiers, police]")
    assert "S003 terms.who must be text, not list (write it as one piece of text" in said


def test_true_or_false_is_asked_for_where_maybe_is_given(registry_dir: Path) -> None:
    """A boolean term given `maybe`: true or false is expected, not pydantic's words."""
    (registry_dir / "accordreg.yaml").write_text(
        "kind: settings\nterms:\n  detainee_release:\n    exchanged:\n      type: boolean\n"
    )
    said = _refused(registry_dir, *PROVISION, "--term", "exchanged=maybe")
    assert said.endswith(
        "S003 terms.exchanged must be true or false, not text (write true or false, without quotes)"
    )


def test_places_written_as_text_are_told_the_keys_of_a_place(registry_dir: Path) -> None:
    """--term sites='[A, B]' for a places term: each must be a mapping, with its keys."""
    args = [*PROVISION[:5], "demining", *PROVISION[6:]]
    said = _refused(registry_dir, *args, "--term", "sites=[Site A]")
    assert said.endswith(
        "S003 terms.sites[0] must be a mapping, not text "
        "(write a mapping with the keys country (required), subdivision, place)"
    )


def test_a_misspelt_term_gets_a_did_you_mean(registry_dir: Path) -> None:
    """--term countt=18: the category's term meant."""
    said = _refused(registry_dir, *PROVISION, "--term", "countt=18")
    assert said.endswith("S001 unknown key 'countt' (did you mean 'count'?)")


def test_a_negative_count_is_said_in_words(registry_dir: Path) -> None:
    """--term count=-1: the least allowed value, not "greater than or equal"."""
    said = _refused(registry_dir, *PROVISION, "--term", "count=-1")
    assert said.endswith("S008 terms.count is -1; it may not be below 0")


def test_a_party_term_naming_no_party_gets_a_did_you_mean(registry_dir: Path) -> None:
    """--term held_by naming no party: the party meant."""
    said = _refused(registry_dir, *PROVISION, "--term", "held_by=thailnd")
    assert said == "error: no party with id 'thailnd' (did you mean 'thailand'?)"


def test_a_term_given_twice_is_a_usage_error(registry_dir: Path) -> None:
    """--term count twice: refused before anything is read."""
    out = _usage_error(registry_dir, *PROVISION, "--term", "count=1", "--term", "count=2")
    assert "the term 'count' is given twice" in out


def test_a_third_party_without_a_role_is_a_usage_error(registry_dir: Path) -> None:
    """--third-party without '=ROLE': the form it takes."""
    out = _usage_error(registry_dir, *AGREEMENT_ARGS, "--third-party", "asean")
    assert "'asean' is not PARTY_ID=ROLE" in out


def test_an_unknown_role_gets_a_did_you_mean(registry_dir: Path) -> None:
    """--third-party asean=witnes: the role meant, from the registry's roles."""
    said = _refused(registry_dir, *AGREEMENT_ARGS, "--third-party", "asean=witnes")
    assert said.endswith(
        "S004 third_parties[0].role: 'witnes' is not an allowed value (did you mean 'witness'?)"
    )


def test_a_first_event_after_today_is_refused(registry_dir: Path) -> None:
    """--on after today: validate's L008 error, so nothing is written."""
    later = (date.today() + timedelta(days=30)).isoformat()
    said = _refused(registry_dir, *PROVISION, "--on", later)
    assert f"L008 history[0] is dated {later}, after today" in said


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("2019-02-30", "2019-02-30 is not a date (February has 28 days in 2019)"),
        ("2020-04-31", "2020-04-31 is not a date (April has 30 days)"),
        ("2019/02/03", "'2019/02/03' is not a date in YYYY-MM-DD form, e.g. 2025-10-26"),
    ],
)
def test_a_day_that_is_no_date_says_why(registry_dir: Path, given: str, said: str) -> None:
    """--on 2019-02-30: why it is no date, not "does not match the format"."""
    out = _usage_error(registry_dir, *PROVISION, "--on", given)
    assert said in out
    assert "does not match the format" not in out
