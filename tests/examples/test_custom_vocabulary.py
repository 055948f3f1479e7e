"""The example registry with a vocabulary of its own: every command works on it, its words
are checked and exported as schemas, and typed terms of any settings are checked in place."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg._model.terms import COUNTABLE, TERM_TYPES
from accordreg._render.chart import colour
from accordreg._render.headline import state_label
from accordreg._store.read import read
from accordreg._validation.settings_check import read_settings
from accordreg._yaml import emit
from accordreg.testing import term_values
from conftest import PROJECT, run

EXAMPLES = PROJECT / "examples"
EXAMPLE = EXAMPLES / "custom-vocabulary"
STATES = ["planned", "partial", "implemented", "not_applicable"]
ON = "2024-06-01"
CANTONMENT = "velmora-arrangement-2024/cantonment"
CORRIDORS = "velmora-arrangement-2024/corridors"


def _copy(target: Path) -> Path:
    """The example and its schemas under ``target``, laid out as in the repository."""
    shutil.copytree(EXAMPLE, target / "custom-vocabulary")
    shutil.copytree(EXAMPLES / "schemas", target / "schemas")
    return target / "custom-vocabulary"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example, for the commands that only read it (validate writes a cache)."""
    return _copy(tmp_path_factory.mktemp("example"))


@pytest.fixture
def writable(tmp_path: Path) -> Path:
    """A copy of the example of this test's own, for commands that change it."""
    return _copy(tmp_path)


@pytest.fixture(scope="module")
def registry(example: Path) -> accordreg.Registry:
    """The example, loaded."""
    return accordreg.load(example)


# -- the example itself ---------------------------------------------------------------


def test_example_validates() -> None:
    """`accordreg validate` finds nothing wrong with the example, as it is in the repository."""
    code, out = run("validate", str(EXAMPLE), "--no-cache")
    assert code == 0, out
    assert out.endswith("all valid\n")


def test_example_says_it_is_an_illustration(registry: accordreg.Registry) -> None:
    """The settings' name and the examples' README say the example is invented, not data."""
    assert registry.settings.name is not None
    assert registry.settings.name.startswith("Example: a local ceasefire monitor")
    assert "not data" in registry.settings.name
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "An illustration of the settings file format, not data." in readme


def test_example_uses_a_vocabulary_of_its_own(registry: accordreg.Registry) -> None:
    """Own categories with typed terms and measures, added ceasefire terms, an own party type,
    role and reliability level, and its own lifecycle are all declared and used."""
    vocabulary = registry.settings.vocabulary
    corridor = vocabulary.categories["humanitarian_corridor"]
    cantonment = vocabulary.categories["weapons_cantonment"]
    assert corridor.measure is not None
    assert corridor.terms["corridors"].type == "places"
    assert cantonment.measure is not None
    assert cantonment.terms["sites"].type == "places"
    ceasefire = vocabulary.categories["ceasefire"]
    assert {"effective_from", "buffer_zone_km", "checkpoints"} <= set(ceasefire.terms)
    assert list(registry.lifecycle.states()) == STATES
    used = {str(p.category) for p in registry.provisions.values()}
    assert {"humanitarian_corridor", "weapons_cantonment", "ceasefire"} <= used
    assert "buffer_zone_km" in registry.provision("velmora-arrangement-2024/ceasefire").terms
    assert "community_committee" in {str(p.type) for p in registry.parties.values()}
    assert "monitor_report" in {str(s.reliability) for s in registry.sources.values()}
    roles = {str(t.role) for a in registry.agreements.values() for t in a.third_parties}
    assert "convener" in roles
    events = [e for p in registry.provisions.values() for e in p.history]
    assert {str(e.status) for e in events} == set(STATES)
    assert any(e.progress is not None for e in events)
    assert any(e.party is not None for e in events)


def test_every_event_cites_a_source_of_the_example(registry: accordreg.Registry) -> None:
    """Each event of each provision cites at least one source, each a source record here."""
    for provision in registry.provisions.values():
        for event in provision.history:
            assert event.sources
            assert set(event.sources) <= set(registry.sources), (provision.id, event.on)


def test_example_files_point_at_the_example_schemas() -> None:
    """Every file of the example names a schema of examples/schemas that exists."""
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        target = (path.parent / match.group(1)).resolve()
        assert target.parent == (EXAMPLES / "schemas").resolve(), path
        assert target.is_file(), path


def test_example_schemas_are_up_to_date() -> None:
    """examples/schemas is what `accordreg schema --registry examples/custom-vocabulary` writes."""
    code, out = run(
        "schema", "--registry", str(EXAMPLE), "--out", str(EXAMPLES / "schemas"), "--check"
    )
    assert code == 0, out


def _schema_errors(path: Path, data: Any) -> list[str]:
    """What the JSON Schema the file names says of ``data`` (JSON Schema 2020-12)."""
    jsonschema = pytest.importorskip("jsonschema")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = path.parent / first.split("$schema=", 1)[1]
    schema = json.loads(target.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    plain = json.loads(json.dumps(data, default=str))  # dates as text, as editors see YAML
    return [error.message for error in validator.iter_errors(plain)]


def test_example_files_satisfy_their_schemas() -> None:
    """An editor checking the example's files against examples/schemas finds nothing wrong."""
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        assert _schema_errors(path, read(path).data) == [], path


def test_schemas_reject_a_wrong_typed_term() -> None:
    """The example's provision schema refuses a term of the wrong type for its category."""
    path = EXAMPLE / "velmora-arrangement-2024" / "corridors.yaml"
    data = read(path).data
    assert _schema_errors(path, data) == []
    data["terms"]["convoys_per_week"] = "four"
    assert _schema_errors(path, data) != []


# -- the commands on it ----------------------------------------------------------------


def test_status_text_shows_own_states_levels_and_overdue(example: Path) -> None:
    """`status` lists each provision in the example's own states, with levels, progress and
    what is past due."""
    code, out = run("status", "--registry", str(example), "--on", ON)
    assert code == 0, out
    lines = out.splitlines()
    row = next(line for line in lines if line.strip().startswith("cantonment"))
    expected = (
        "cantonment weapons_cantonment Partially implemented 2 2024-04-02 1/2 sites verified - "
        "past due 2024-05-31, no completion recorded"
    )
    assert row.split() == expected.split()
    # Planned, nothing reported: the start state's default level is not shown as a finding.
    patrols = next(line for line in lines if "joint-patrols" in line).split()
    assert patrols[2:5] == ["Planned", "none", "reported"]
    assert "velmora-review-2024 — Velmora review, signed 2024-06-20; no provision rated" in out
    assert "nothing on record by 2024-06-01" in out


def test_status_json_and_csv_agree(example: Path) -> None:
    """`status --format json` and `--format csv` give the same rows."""
    _, text = run("status", "--registry", str(example), "--on", ON, "--format", "json")
    rows = {r["id"]: r for r in json.loads(text)}
    _, table = run("status", "--registry", str(example), "--on", ON, "--format", "csv")
    flat = {r["id"]: r for r in csv.DictReader(io.StringIO(table))}
    assert set(rows) == set(flat)
    assert rows[CORRIDORS]["status"] == flat[CORRIDORS]["status"] == "partial"
    assert rows[CORRIDORS]["level"] == 2  # 2 of 3 corridors open
    assert rows[CANTONMENT]["overdue"] is True
    assert rows["velmora-review-2024/committee-liaison"]["status"] is None


def test_show_provision(example: Path) -> None:
    """`show` a provision: its own category, state, level from progress, and sources."""
    code, out = run("show", CANTONMENT, "--registry", str(example), "--on", ON)
    assert code == 0, out
    assert "  category       weapons_cantonment" in out
    # The registry's own word for its state, as its settings label it.
    assert "Partially implemented since 2024-04-02; level 2 (intermediate, by progress)" in out
    assert "past due 2024-05-31, no completion recorded" in out
    assert "progress       1/2 sites verified (on 2024-04-13)" in out
    assert "Velmora Valley Monitoring Team (velmora-monitors)" in out
    assert "      monitor_report" in out


def test_show_agreement(example: Path) -> None:
    """`show` an agreement: its own third-party role and its provisions' own states."""
    code, out = run("show", "velmora-arrangement-2024", "--registry", str(example), "--on", ON)
    assert code == 0, out
    assert "  convener       Kessa Ford Community Committee (kessa-ford-committee)" in out
    assert re.search(r"^  joint-patrols +planned +Joint patrols", out, flags=re.M)
    # Levels 2, 1 and 2 of 3 × 3 on 2024-06-01; the planned patrols are not rated.
    assert "level 56% (3 of 4 provisions rated: 2 by sources, 1 by status)" in out


def test_show_party(example: Path) -> None:
    """`show` a party of the example's own type, with the provisions it is responsible for."""
    code, out = run("show", "ostrel-committee", "--registry", str(example))
    assert code == 0, out
    assert "  type           community_committee" in out
    assert "  velmora-review-2024/committee-liaison" in out


def test_show_unknown_id_suggests_one_of_the_example(example: Path) -> None:
    """A misspelt id gets a did-you-mean from the example's ids."""
    code, out = run("show", "velmora-arrangement-2024/cantonmnt", "--registry", str(example))
    assert code == 1
    assert CANTONMENT in out


def test_history_text(example: Path) -> None:
    """`history` lists each event with its own state, its level and its note."""
    code, out = run("history", CORRIDORS, "--registry", str(example))
    assert code == 0, out
    assert "  2024-04-13  partial        level 2" in out
    assert "  2024-08-17  implemented    level 3" in out
    assert "The Ostrel road corridor opened." in out


def test_history_levels_are_the_levels_status_gives(
    example: Path, registry: accordreg.Registry
) -> None:
    """`history --format json` rates each event as `status` rates the day: progress counts."""
    for provision in registry.provisions.values():
        code, out = run("history", provision.id, "--registry", str(example), "--format", "json")
        assert code == 0, out
        rows = json.loads(out)
        assert [r["status"] for r in rows] == [str(e.status) for e in provision.history]
        for row, after in zip(rows, [*rows[1:], None], strict=True):
            if after is None or after["on"] != row["on"]:  # the day's last event
                day = date.fromisoformat(row["on"])
                assert row["level"] == registry.level_on(provision.id, day), (provision.id, row)
    _, out = run("history", CORRIDORS, "--registry", str(example), "--format", "json")
    assert [r["level"] for r in json.loads(out)] == [0, 1, 2, 2, 3]


def test_no_news_counts_only_while_not_done(writable: Path) -> None:
    """After `stale_after_days` (60) with no event by the horizon, a provision still partial
    has no news; one in a done state that may still move (`implemented`) does not."""
    settings = writable / "accordreg.yaml"
    settings.write_text(settings.read_text() + "horizon: 2024-12-01\n")
    registry = accordreg.load(writable)
    day = date(2024, 12, 1)
    assert registry.settings.stale_after_days == 60
    assert registry.standing("velmora-review-2024/committee-liaison", day).stale is True
    assert registry.standing(CORRIDORS, day).stale is False
    assert not registry.lifecycle.is_final("implemented")


def test_report_markdown(example: Path, tmp_path: Path) -> None:
    """`report --out x.md` has a table per agreement with the example's own states."""
    out = tmp_path / "velmora.md"
    code, text = run("report", "--registry", str(example), "--out", str(out), "--on", ON)
    assert code == 0, text
    report = out.read_text(encoding="utf-8")
    # One heading per agreement, one for what changed in the last 30 days, one for sources.
    assert report.count("\n## ") == 4
    assert "\n## What changed in the last 30 days" in report
    assert "| Mortars and heavy machine guns cantoned at two sites | partial | 2 " in report
    assert "| Joint patrols of the buffer zone | planned | none reported |" in report


def test_report_html(example: Path, tmp_path: Path) -> None:
    """`report --out x.html` draws a lane per provision and a legend of the states used, in
    the registry's own words for them."""
    out = tmp_path / "velmora.html"
    code, text = run("report", "--registry", str(example), "--out", str(out), "--on", "2024-09-01")
    assert code == 0, text
    page = out.read_text(encoding="utf-8")
    for pid in ("velmora-arrangement-2024.cantonment", "velmora-review-2024.committee-liaison"):
        assert f'id="events--{pid}"' in page
    registry = accordreg.load(example)
    labels = {state_label(registry, state) for state in STATES}
    assert labels.isdisjoint(STATES)  # the example labels every state of its own
    legend = re.findall(r">([^<>]+)</text>", page)
    assert labels <= set(legend)
    assert "in_progress" not in page
    assert len({colour(registry, state) for state in STATES}) == len(STATES)


def test_export_csv(example: Path, registry: accordreg.Registry, tmp_path: Path) -> None:
    """`export` writes every provision and every event, in the example's own words."""
    out = tmp_path / "velmora.csv"
    code, text = run("export", "--registry", str(example), "--out", str(out), "--on", ON)
    assert code == 0, text
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert set(rows) == set(registry.provisions)
    assert (rows[CANTONMENT]["category"], rows[CANTONMENT]["status"]) == (
        "weapons_cantonment",
        "partial",
    )
    events = list(
        csv.DictReader(io.StringIO((tmp_path / "velmora-events.csv").read_text("utf-8-sig")))
    )
    day = date.fromisoformat(ON)
    shown = [e for p in registry.provisions.values() for e in p.history if e.on <= day]
    assert len(events) == len(shown)
    corridor = [e["level_after"] for e in events if e["provision"] == CORRIDORS]
    assert corridor == ["0", "1", "2"]


def test_export_jsonl(example: Path, registry: accordreg.Registry, tmp_path: Path) -> None:
    """`export --format jsonl` nests each provision's events, in the example's own states."""
    out = tmp_path / "velmora.jsonl"
    code, text = run("export", "--registry", str(example), "--format", "jsonl", "--out", str(out))
    assert code == 0, text
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {line["id"] for line in lines} == set(registry.provisions)
    patrols = next(line for line in lines if line["id"].endswith("/joint-patrols"))
    assert [e["status"] for e in patrols["history"]] == ["planned", "not_applicable"]
    assert patrols["level"] is None  # not applicable is not rated


def test_new_and_transition_follow_the_lifecycle_and_keep_the_schemas(writable: Path) -> None:
    """`new provision` starts at the lifecycle's first start state, `new` leaves the example's
    schemas as they are, and `transition` moves between the example's own states."""
    schemas = writable.parent / "schemas"
    before = {p.name: p.read_text() for p in schemas.iterdir()}
    code, out = run(
        "new",
        "provision",
        "velmora-review-2024/grain-store",
        "--title",
        "A grain store",
        "--category",
        "humanitarian_corridor",
        "--text",
        "A store of grain for both banks.",
        "--source",
        "review-conclusions-2024-06-20",
        "--registry",
        str(writable),
    )
    assert code == 0, out
    assert "status: planned" in (writable / "velmora-review-2024" / "grain-store.yaml").read_text()
    assert {p.name: p.read_text() for p in schemas.iterdir()} == before
    code, out = run(
        "transition",
        "velmora-review-2024/grain-store",
        "partial",
        "--on",
        "2024-07-06",
        "--source",
        "monitor-report-2024-07-06",
        "--registry",
        str(writable),
    )
    assert code == 0, out
    code, out = run(
        "transition",
        "velmora-review-2024/grain-store",
        "in_progress",
        "--on",
        "2024-07-07",
        "--source",
        "monitor-report-2024-07-06",
        "--registry",
        str(writable),
    )
    assert code == 1
    assert "unknown status 'in_progress'" in out
    assert run("validate", str(writable))[0] == 0


# -- its words, checked -----------------------------------------------------------------


def _position(text: str, value: str) -> tuple[int, int]:
    """Line and column (1-based) of the first line holding ``value`` after a key."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.endswith(f": {value}"):
            return number, len(line) - len(value) + 1
    raise AssertionError(value)


@pytest.mark.parametrize(
    ("file", "old", "new", "hint"),
    [
        (
            "velmora-review-2024/market-day-crossing.yaml",
            "category: humanitarian_corridor",
            "humanitarian_corridors",
            "did you mean 'humanitarian_corridor'?",
        ),
        (
            "velmora-review-2024/committee-liaison.yaml",
            "status: partial",
            "partal",
            "did you mean 'partial'?",
        ),
        (
            "velmora-review-2024/committee-liaison.yaml",
            "status: partial",
            "agreed",  # a default state, not one of this lifecycle's
            "use one of planned, partial, implemented, not_applicable",
        ),
        (
            "parties/ostrel-committee.yaml",
            "type: community_committee",
            "community_comittee",
            "did you mean 'community_committee'?",
        ),
        (
            "sources/monitor-report-2024-03-16.yaml",
            "reliability: monitor_report",
            "monitor-report",
            "did you mean 'monitor_report'?",
        ),
    ],
    ids=["category", "state", "default-state", "party-type", "reliability"],
)
def test_unknown_word_gets_s004_with_a_hint_from_the_example(
    writable: Path, file: str, old: str, new: str, hint: str
) -> None:
    """A word outside the example's vocabulary gets S004 at its value, hinted from its own."""
    path = writable / file
    text = path.read_text(encoding="utf-8").replace(old, f"{old.split(':')[0]}: {new}", 1)
    path.write_text(text, encoding="utf-8")
    (diagnostic,) = accordreg.check(writable)
    assert diagnostic.code == "S004"
    assert (Path(diagnostic.path), diagnostic.line, diagnostic.column) == (
        path,
        *_position(text, new),
    )
    assert diagnostic.hint == hint


@pytest.mark.parametrize("value", ["true", '"2"', "two", "-1"])
def test_a_wrong_number_term_gets_one_diagnostic_at_its_value(writable: Path, value: str) -> None:
    """A number term that is not a number 0 or more gets one diagnostic, at `terms.<name>`."""
    path = writable / "velmora-arrangement-2024" / "ceasefire.yaml"
    text = path.read_text(encoding="utf-8").replace("buffer_zone_km: 2", f"buffer_zone_km: {value}")
    path.write_text(text, encoding="utf-8")
    (diagnostic,) = accordreg.check(writable)
    assert diagnostic.code in ("S003", "S008")
    assert diagnostic.message.startswith("terms.buffer_zone_km")
    assert (diagnostic.line, diagnostic.column) == _position(text, value)


def test_schema_command_writes_the_example_words(tmp_path: Path) -> None:
    """`schema --registry` writes enums of the example's words and its categories' terms."""
    code, out = run("schema", "--registry", str(EXAMPLE), "--out", str(tmp_path))
    assert code == 0, out
    registry = accordreg.load(EXAMPLE)
    vocabulary = registry.settings.vocabulary

    def load(kind: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((tmp_path / f"{kind}.schema.json").read_text())
        return data

    provision = load("provision")
    assert provision["properties"]["category"]["enum"] == list(vocabulary.categories)
    assert provision["$defs"]["Event"]["properties"]["status"]["enum"] == STATES
    assert "community_committee" in load("party")["properties"]["type"]["enum"]
    assert "monitor_report" in load("source")["properties"]["reliability"]["enum"]
    role = load("agreement")["$defs"]["ThirdParty"]["properties"]["role"]["anyOf"][0]
    assert "convener" in role["enum"]
    rules = {
        rule["if"]["properties"]["category"]["const"]: rule["then"]["properties"]["terms"]
        for rule in provision["allOf"]
    }
    assert set(rules) == set(vocabulary.categories)
    assert set(rules["humanitarian_corridor"]["properties"]) == {
        "corridors",
        "hours",
        "convoys_per_week",
    }
    assert set(rules["weapons_cantonment"]["properties"]) == {
        "sites",
        "weapon_classes",
        "inventory_due",
    }
    ceasefire = rules["ceasefire"]["properties"]
    assert {"effective_from", "buffer_zone_km", "checkpoints", "incident_channel"} <= set(ceasefire)
    assert ceasefire["buffer_zone_km"]["description"].endswith("(km)")
    assert rules["ceasefire"]["additionalProperties"] is False


# -- typed terms of any settings --------------------------------------------------------

_NAME = st.from_regex(r"[a-z]{1,6}(_[a-z0-9]{1,4})?", fullmatch=True)
# A wrong value of each type, written as a YAML scalar so that it stands on its key's line.
_WRONG: dict[str, list[Any]] = {
    "text": [5, True],
    "texts": ["one line"],
    "integer": ["many", True, 2.5, "2", -1],
    "number": ["many", True, "2", -1],
    "date": ["soon", 20240531, "2024-02-30"],
    "boolean": ["maybe", 1, "true"],
    "party": [7, "Not An Id"],
    "parties": ["someone"],
    "place": ["somewhere"],
    "places": ["somewhere"],
    "items": ["things"],
    "phases": ["soon"],
    "range": ["3 to 11", 4],
}


@st.composite
def settings_files(draw: st.DrawFn) -> dict[str, Any]:
    """Settings files with new categories whose terms, between them, have every term type."""
    types = draw(st.permutations(sorted(TERM_TYPES)))
    count = draw(st.integers(1, 3))
    cuts = sorted(
        draw(st.lists(st.integers(0, len(types)), min_size=count - 1, max_size=count - 1))
    )
    groups = [types[a:b] for a, b in zip([0, *cuts], [*cuts, len(types)], strict=True)]
    names = draw(st.lists(_NAME, min_size=len(types), max_size=len(types), unique=True))
    ids = draw(st.lists(_NAME.map("new_{}".format), min_size=count, max_size=count, unique=True))
    taken = iter(names)
    categories = []
    for category_id, group in zip(ids, groups, strict=True):
        terms: dict[str, Any] = {}
        for term_type in group:
            spec: dict[str, Any] = {"type": term_type}
            if draw(st.booleans()):
                spec["unit"] = draw(_NAME)
            terms[next(taken)] = spec
        category: dict[str, Any] = {"id": category_id, "label": category_id.title()}
        if terms:
            category["terms"] = terms
        countable = [name for name, spec in terms.items() if spec["type"] in COUNTABLE]
        if len(countable) > 0 and draw(st.booleans()):
            category["measure"] = {"term": draw(st.sampled_from(countable)), "unit": "done"}
        categories.append(category)
    return {"kind": "settings", "name": "Generated", "categories": categories}


def _records(folder: Path, provisions: dict[str, dict[str, Any]]) -> None:
    """A source, a party, an agreement and one provision per category, as files."""
    common = {"sources": ["src"]}
    files: dict[str, dict[str, Any]] = {
        "sources/src.yaml": {"kind": "source", "id": "src", "title": "S", "reliability": "press"},
        "parties/monitor.yaml": {"kind": "party", "id": "monitor", "name": "M", "type": "body"},
        "acc/agreement.yaml": {"kind": "agreement", "id": "acc", "title": "A", **common},
    }
    for name, terms in provisions.items():
        files[f"acc/{_slug(name)}.yaml"] = _provision(name, terms)
    for relative, data in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(emit.dump(data), encoding="utf-8")


def _slug(category_id: str) -> str:
    """The provision's name in its id and file: a category id with dashes."""
    return category_id.replace("_", "-")


def _provision(category: str, terms: dict[str, Any]) -> dict[str, Any]:
    history = [{"on": date(2024, 1, 1), "status": "agreed", "sources": ["src"]}]
    return {
        "kind": "provision",
        "id": f"acc/{_slug(category)}",
        "agreement": "acc",
        "title": "T",
        "category": category,
        "text": "T",
        "responsible": ["monitor"],
        "terms": terms,
        "sources": ["src"],
        "history": history,
    }


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A folder the property test rewrites for each example (no function-scoped fixture)."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(file=settings_files(), data=st.data())
def test_typed_terms_of_generated_settings(
    scratch: Path, file: dict[str, Any], data: st.DataObject
) -> None:
    """For generated settings, valid terms of every type validate, and a wrong-typed one gets
    a located diagnostic at `terms.<name>`."""
    root = scratch / "registry"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    (root / "accordreg.yaml").write_text(emit.dump(file), encoding="utf-8")
    found, problems = read_settings(root / "accordreg.yaml")
    assert problems == []
    provisions: dict[str, dict[str, Any]] = {}
    for category in file["categories"]:
        specs = found.vocabulary.categories[category["id"]].terms
        provisions[category["id"]] = {
            name: data.draw(term_values(spec.type, ["monitor"]), label=name)
            for name, spec in specs.items()
        }
    _records(root, provisions)
    assert accordreg.check(root) == []

    category = data.draw(st.sampled_from([c for c in file["categories"] if c.get("terms")]))
    name = data.draw(st.sampled_from(sorted(category["terms"])), label="wrong term")
    wrong = data.draw(st.sampled_from(_WRONG[category["terms"][name]["type"]]), label="value")
    provisions[category["id"]][name] = wrong
    _records(root, provisions)
    path = root / "acc" / f"{_slug(category['id'])}.yaml"
    text = path.read_text(encoding="utf-8")
    (diagnostic,) = accordreg.check(root)
    assert diagnostic.path == str(path)
    assert re.match(rf"terms\.{name}\b(?![.\[])", diagnostic.message), diagnostic.message
    line = text.splitlines().index(f"  {name}: {emit.scalar(wrong)}") + 1
    assert (diagnostic.line, diagnostic.column) == (line, len(f"  {name}: ") + 1)
