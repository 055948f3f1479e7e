"""Recording transitions: lifecycle checks, exact diffs, atomic and conflict-safe writes.

Every test runs twice (``lock_platform``): with flock, and as on a platform without fcntl.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg import Status
from accordreg._errors import ConflictError, TransitionError
from accordreg._model.lifecycle import DEFAULT_LIFECYCLE as LC
from accordreg._model.lifecycle import UNSET
from accordreg._yaml import emit
from accordreg._yaml import parse as _yaml
from accordreg._yaml import roundtrip as _roundtrip
from conftest import BASE, DATA, PROJECT, copy_base, run

pytestmark = pytest.mark.usefixtures("lock_platform")

REL = "kl-declaration-2025/release"
WD = "kl-declaration-2025/withdrawal"
NEXT = date(2026, 1, 3)
GOLDEN = sorted((DATA / "golden").iterdir())


def _file(root: Path, provision_id: str) -> Path:
    return root / f"{provision_id}.yaml"


def _inserted(before: bytes, after: bytes) -> bytes:
    """The one run of bytes that ``after`` adds to ``before``, which it must keep whole."""
    start = 0
    while start < len(before) and before[start] == after[start]:
        start += 1
    end = len(after) - (len(before) - start)
    assert after[:start] + after[end:] == before
    return after[start:end]


@pytest.mark.parametrize("case", GOLDEN, ids=lambda p: p.name)
def test_golden_transition_appends_exactly_the_event(case: Path, registry_dir: Path) -> None:
    """The file after a transition is the golden one: every old byte, and the new event."""
    target = _file(registry_dir, REL)
    shutil.copyfile(case / "before.yaml", target)
    args = json.loads((case / "transition.json").read_text())
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    editor.transition(
        REL,
        args["to"],
        on=date.fromisoformat(args["on"]),
        sources=args["sources"],
        note=args.get("note"),
        level=args.get("level", UNSET),
    )
    assert editor.save() == [target]
    after = target.read_bytes()
    assert after == (case / "after.yaml").read_bytes()
    event = _inserted((case / "before.yaml").read_bytes(), after)
    assert f"on: {args['on']}".encode() in event
    assert accordreg.check(registry_dir) == []


def test_the_registrys_old_editing_methods_still_work_and_say_what_replaces_them(
    registry_dir: Path,
) -> None:
    """Registry.transition() and save() warn that the Editor replaces them, and still work."""
    registry = accordreg.load(registry_dir)
    with pytest.warns(DeprecationWarning, match=r"Editor\(registry\).transition"):
        registry.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    with pytest.warns(DeprecationWarning, match=r"Editor.save"):
        registry.save()
    assert accordreg.load(registry_dir).status_on(WD, date(2026, 1, 6)) is Status.IN_PROGRESS
    with pytest.warns(DeprecationWarning, match="accordreg.Edit"):
        assert accordreg.Change is accordreg.Edit


def test_every_event_field_can_be_recorded(registry_dir: Path) -> None:
    """progress, party, terms and a level of none are written and read back as given."""
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    editor.transition(
        REL,
        "implemented",
        on=date(2026, 1, 2),
        sources=["pax-2850"],
        level=None,
        party="thailand",
        terms={"count": 18},
        progress=18,
    )
    editor.save()
    event = accordreg.load(registry_dir).provision(REL).history[-1]
    assert (event.level, event.party, event.progress, event.terms) == (
        None,
        "thailand",
        18,
        {"count": 18},
    )
    assert "level" in event.model_fields_set
    with pytest.raises(TransitionError, match="no party with id 'nobody'"):
        editor.transition(REL, "implemented", on=NEXT, sources=["pax-2850"], party="nobody")
    editor.transition(REL, "implemented", on=NEXT, sources=["pax-2850"], progress=30)
    assert [w.code for w in editor.warnings] == ["T002"]


def test_three_lines_of_python_record_a_suspension(registry_dir: Path) -> None:
    """load, transition, save: the registry sees the event and so does the file."""
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    editor.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    editor.save()
    assert registry.status_on(WD, date(2026, 1, 6)) is Status.IN_PROGRESS
    assert accordreg.load(registry_dir).status_on(WD, date(2026, 1, 6)) is Status.IN_PROGRESS


def test_transition_is_staged_until_save(registry_dir: Path) -> None:
    """Before save() nothing is on disk; diff() shows the change; two events stack."""
    before = _file(registry_dir, WD).read_bytes()
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    editor.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    editor.transition(WD, "implemented", on=date(2026, 2, 1), sources=["pax-2850"])
    assert _file(registry_dir, WD).read_bytes() == before
    assert editor.staged_diff().count("\n+  - on: ") == 2
    assert len(editor.staged()) == 1
    editor.save()
    assert editor.staged() == []
    assert registry.status_on(WD, date(2026, 3, 1)) is Status.IMPLEMENTED


@pytest.mark.parametrize(
    ("to", "on", "sources", "level", "message"),
    [
        (
            "verified",
            "2026-01-05",
            ["pax-2850"],
            None,
            "allowed: in_progress, resumption_agreed, superseded",
        ),
        ("in_progress", "2025-11-01", ["pax-2850"], None, "before the last event"),
        ("in_progress", "2026-01-05", ["pax-2580"], None, "did you mean 'pax-2850'?"),
        ("in_progress", "2026-01-05", [], None, "at least one source"),
        ("in_progress", "2026-01-05", ["pax-2850"], 3, "level 3 is not allowed"),
        ("in-progres", "2026-01-05", ["pax-2850"], None, "did you mean 'in_progress'?"),
        ("superseded", "2026-01-05", ["pax-2850"], None, "superseded_by"),
    ],
)
def test_illegal_transitions_raise_and_write_nothing(
    registry_dir: Path, to: str, on: str, sources: list[str], level: int | None, message: str
) -> None:
    """Each kind of bad transition raises TransitionError and leaves the file alone."""
    before = _file(registry_dir, WD).read_bytes()
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    given = UNSET if level is None else level
    with pytest.raises(TransitionError, match=message.replace("(", r"\(").replace("?", r"\?")):
        editor.transition(WD, to, on=date.fromisoformat(on), sources=sources, level=given)
    assert editor.staged() == []
    assert editor.save() == []
    assert _file(registry_dir, WD).read_bytes() == before


def test_illegal_move_names_the_allowed_moves(registry_dir: Path) -> None:
    """TransitionError.allowed lists the moves from the current state."""
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    with pytest.raises(TransitionError) as info:
        editor.transition(REL, "agreed", on=date(2026, 2, 1), sources=["pax-2850"])
    assert info.value.allowed == (Status.VERIFIED, Status.REVERSED, Status.SUPERSEDED)


def test_unknown_provision_suggests(registry_dir: Path) -> None:
    """An unknown id raises UnknownIdError with suggestions."""
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    with pytest.raises(accordreg.UnknownIdError, match="did you mean"):
        editor.transition(
            "kl-declaration-2025/withdrawl",
            "in_progress",
            on=date(2026, 1, 1),
            sources=["pax-2850"],
        )


def test_file_changed_since_load_is_a_conflict(registry_dir: Path) -> None:
    """If the file changed on disk after loading, save refuses and writes nothing."""
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    editor.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    target = _file(registry_dir, WD)
    edited = target.read_text().replace("title: Withdrawal", "title: The withdrawal")
    target.write_text(edited)
    with pytest.raises(ConflictError):
        editor.save()
    assert target.read_text() == edited


def test_second_registry_saving_the_same_file_conflicts(registry_dir: Path) -> None:
    """Two registries loaded together: the second save is refused, the first event kept."""
    first = accordreg.Editor(accordreg.load(registry_dir))
    second = accordreg.Editor(accordreg.load(registry_dir))
    first.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    second.transition(WD, "cancelled", on=date(2026, 1, 6), sources=["pax-2850"])
    first.save()
    with pytest.raises(ConflictError):
        second.save()
    assert accordreg.load(registry_dir).status_on(WD, date(2027, 1, 1)) is Status.IN_PROGRESS


_SLOW_WRITER = """
import os, sys, time
from pathlib import Path
from accordreg._store.atomic import write_bytes
real_fsync = os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
write_bytes(Path(sys.argv[1]), b"kind: provision\\n" * 100_000)
"""


def test_writer_killed_mid_write_leaves_the_old_file_whole(registry_dir: Path) -> None:
    """SIGKILL during a write: the record still holds its old bytes, and still loads."""
    target = _file(registry_dir, WD)
    before = target.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert target.read_bytes() == before
    leftovers = [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers  # the half-written temporary file, which the loader never reads
    assert accordreg.check(registry_dir) == []


def _cli_transition(root: Path, to: str, on: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "accordreg",
            "transition",
            WD,
            to,
            "--on",
            on,
            "--source",
            "pax-2850",
            "--registry",
            str(root),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_processes_lose_no_event(
    tmp_path: Path, round_: int, lock_platform: str
) -> None:
    """Two real processes record transitions on one file at once: both events land.
    Without locks they are not kept apart, and each says so: each records its event or is
    refused with a conflict, and the file, written whole each time, stays a valid record."""
    root = tmp_path / "registry"
    copy_base(root)
    target = _file(root, WD)
    # Start from `agreed`, from which in_progress and suspended are legal in either order.
    text = target.read_text()
    target.write_text(text[: text.index("  - on: 2025-11-10")])
    procs = [
        _cli_transition(root, "in_progress", "2026-01-05"),
        _cli_transition(root, "suspended", "2026-01-05"),
    ]
    results = [p.communicate(timeout=60) for p in procs]
    if lock_platform != "flock":
        for proc, (_out, err) in zip(procs, results, strict=True):
            assert err.startswith("note: "), err
            assert "are not kept apart" in err, err
            assert proc.returncode == 0 or "changed on disk" in err, err
        assert 0 in [p.returncode for p in procs], results
        assert accordreg.check(root) == []
        statuses = [e.status for e in accordreg.load(root).provision(WD).history]
        assert statuses[0] is Status.AGREED
        assert 1 <= len(statuses[1:]) <= 2
        return
    assert [p.returncode for p in procs] == [0, 0], results
    statuses = [e.status for e in accordreg.load(root).provision(WD).history]
    assert statuses[0] is Status.AGREED
    assert sorted(statuses[1:]) == sorted([Status.IN_PROGRESS, Status.SUSPENDED])


def test_cli_transition_and_dry_run(registry_dir: Path) -> None:
    """--dry-run prints the diff and writes nothing; without it the event is written."""
    target = _file(registry_dir, WD)
    before = target.read_text()
    args = [
        "transition",
        WD,
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--note",
        "Work resumed.",
        "--registry",
        str(registry_dir),
    ]
    code, out = run(*args, "--dry-run")
    assert code == 0
    assert "+  - on: 2026-01-05\n+    status: in_progress\n" in out
    assert "+    note: Work resumed.\n" in out
    assert target.read_text() == before
    code, out = run(*args)
    assert code == 0, out
    assert target.read_text().startswith(before)
    assert target.read_text()[len(before) :] == (
        "  - on: 2026-01-05\n"
        "    status: in_progress\n"
        "    sources:\n"
        "      - pax-2850\n"
        "    note: Work resumed.\n"
    )


def test_cli_transition_records_every_event_field(registry_dir: Path) -> None:
    """--party, --progress, --term and --level none are written as the event's fields."""
    target = _file(registry_dir, REL)
    before = target.read_text()
    base = ["transition", REL, "implemented", "--source", "pax-2850", "-r", str(registry_dir)]
    fields = ["--party", "thailand", "--progress", "18", "--term", "count=18", "--level", "none"]
    code, out = run(*base, "--on", "2026-01-02", *fields)
    assert code == 0, out
    assert target.read_text()[len(before) :] == (
        "  - on: 2026-01-02\n"
        "    status: implemented\n"
        "    level: null\n"
        "    party: thailand\n"
        "    progress: 18\n"
        "    terms: {count: 18}\n"
        "    sources:\n"
        "      - pax-2850\n"
    )
    code, out = run(*base, "--on", "2026-01-03", "--term", "count")
    assert code == 2
    assert "is not NAME=VALUE" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verified", "--on", "2026-01-05", "--source", "pax-2850"], "allowed: in_progress"),
        (["in_progress", "--on", "2025-01-05", "--source", "pax-2850"], "before the last event"),
        (["in_progress", "--on", "2026-01-05", "--source", "pax2850"], "did you mean 'pax-2850'"),
    ],
)
def test_cli_refuses_bad_transitions_with_exit_1(
    registry_dir: Path, args: list[str], message: str
) -> None:
    """Illegal moves, backward dates and unknown sources: a clear message, exit 1."""
    code, out = run("transition", WD, *args, "--registry", str(registry_dir))
    assert code == 1
    assert message in out


def test_cli_unknown_id_suggests(registry_dir: Path) -> None:
    """An unknown provision id: did-you-mean and exit 1."""
    code, out = run(
        "transition",
        "kl-declaration-2025/withdrawl",
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--registry",
        str(registry_dir),
    )
    assert code == 1
    assert "did you mean 'kl-declaration-2025/withdrawal'" in out


def _record_files() -> list[Path]:
    return sorted(
        [
            *(PROJECT / "provisions").rglob("*.yaml"),
            *BASE.rglob("*.yaml"),
            # The other golden cases are layouts ruamel.yaml does not keep, on purpose.
            *(DATA / "golden" / "canonical").rglob("*.yaml"),
            *(DATA / "golden" / "commented").rglob("*.yaml"),
        ]
    )


@pytest.mark.parametrize("path", _record_files(), ids=lambda p: p.name)
def test_round_trip_of_an_unchanged_file_is_byte_identical(path: Path) -> None:
    """Loading and dumping any record file without a change gives back the same bytes."""
    text = path.read_text(encoding="utf-8")
    assert _roundtrip.roundtrip(text) == text


@st.composite
def transitions(draw: st.DrawFn) -> list[tuple[str, int, int | None]]:
    """A random legal walk from `suspended`: (status, days after the last, level)."""
    status: str = Status.SUSPENDED
    steps: list[tuple[str, int, int | None]] = []
    for _ in range(draw(st.integers(1, 6))):
        moves = [m for m in LC.moves_from(status) if m is not Status.SUPERSEDED]
        if not moves:
            break
        status = draw(st.sampled_from(moves))
        levels: list[int | None] = [None, *LC.levels_for(status)]
        level = draw(st.sampled_from(levels))
        steps.append((status, draw(st.integers(0, 40)), level))
    return steps


@given(transitions())
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_random_legal_transitions_always_validate(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int | None]]
) -> None:
    """Any legal sequence of transitions, saved, gives a registry that validates."""
    root = tmp_path_factory.mktemp("t") / "r"
    copy_base(root)
    registry = accordreg.load(root)
    editor = accordreg.Editor(registry)
    day = date(2025, 11, 10)
    for status, gap, level in steps:
        day += timedelta(days=gap)
        given = UNSET if level is None else level
        editor.transition(WD, status, on=day, sources=["pax-2850"], level=given)
    editor.save()
    assert accordreg.check(root) == []
    reloaded = accordreg.load(root).provision(WD)
    assert reloaded == registry.provision(WD)
    assert [e.status for e in reloaded.history[2:]] == [s for s, _, _ in steps]


@given(st.sampled_from(list(Status)), st.integers(-30, 30))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_illegal_moves_never_change_a_byte(
    tmp_path_factory: pytest.TempPathFactory, to: Status, days: int
) -> None:
    """A move the table forbids, or a date before the last, raises and leaves the file."""
    root = tmp_path_factory.mktemp("i") / "r"
    copy_base(root)
    target = _file(root, REL)
    before = target.read_bytes()
    registry = accordreg.load(root)
    editor = accordreg.Editor(registry)
    on = date(2025, 12, 31) + timedelta(days=days)
    legal = LC.can_move(Status.IMPLEMENTED, to) and days >= 0 and to is not Status.SUPERSEDED
    if legal:
        return
    with pytest.raises(TransitionError):
        editor.transition(REL, to, on=on, sources=["pax-2850"])
    editor.save()
    assert target.read_bytes() == before


def test_lock_file_is_ignored_by_the_loader(registry_dir: Path) -> None:
    """The lock left in the registry folder is never read as a record."""
    code, _ = run(
        "transition",
        WD,
        "in_progress",
        "--on",
        "2026-01-05",
        "--source",
        "pax-2850",
        "--registry",
        str(registry_dir),
    )
    assert code == 0
    assert (registry_dir / ".accordreg.lock").exists()
    assert accordreg.check(registry_dir) == []


_TRICKY = st.sampled_from(
    [
        "no",
        "on",
        "off",
        "yes",
        "null",
        "~",
        "0o17",
        "012",
        "1e3",
        "2025-13-45",
        "2025-07-28",
        "a: b",
        "# not a comment",
        "- dash",
        "'quoted'",
        '"double"',
        "ü é 中文",
        "",
        " padded ",
    ]
)
_texts = st.one_of(
    _TRICKY, st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30)
)


@given(
    title=_texts,
    note=st.one_of(st.none(), _texts),
    day=st.dates(date(1990, 1, 1), date(2040, 1, 1)),
    sources=st.lists(
        st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True), min_size=1, max_size=4
    ),
)
def test_canonical_files_round_trip_byte_for_byte(
    title: str, note: str | None, day: date, sources: list[str]
) -> None:
    """A record written in the canonical layout loads back equal, and edits keep its bytes."""
    event: dict[str, object] = {"on": day, "status": "agreed", "sources": sources}
    if note is not None:
        event["note"] = note
    record = {"kind": "provision", "id": "a/b", "title": title, "history": [event]}
    text = emit.dump(record)
    assert _roundtrip.roundtrip(text) == text
    parsed = _yaml.parse(text, "t.yaml")
    assert parsed.diagnostics == []
    assert parsed.data == {**record, "history": [{**event, "on": day.isoformat()}]}


def test_a_date_looking_title_that_is_no_date_is_kept(registry_dir: Path) -> None:
    """`title: 2025-13-45` (text under YAML 1.2) survives a transition byte for byte."""
    target = _file(registry_dir, WD)
    target.write_text(
        target.read_text().replace("title: Withdrawal of heavy weapons", "title: 2025-13-45")
    )
    before = target.read_text()
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    editor.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    editor.save()
    assert target.read_text().startswith(before)
    assert accordreg.load(registry_dir).provision(WD).title == "2025-13-45"


def test_a_history_that_cannot_be_kept_is_refused_by_name(registry_dir: Path) -> None:
    """A flow-list history: TransitionError names it, and the file keeps every byte."""
    target = _file(registry_dir, WD)
    text = target.read_text()
    start = text.index("history:\n")
    target.write_text(
        text[:start] + "history: [{on: 2025-10-26, status: agreed, sources: [pax-2850]}]\n"
    )
    before = target.read_bytes()
    registry = accordreg.load(registry_dir)
    editor = accordreg.Editor(registry)
    with pytest.raises(TransitionError, match="flow list"):
        editor.transition(WD, "in_progress", on=date(2026, 1, 5), sources=["pax-2850"])
    assert target.read_bytes() == before


def test_a_transition_in_the_registry_folder_itself_is_no_conflict(
    registry_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`transition --registry .` from inside the registry writes the event (a file named
    `./x.yaml` and `x.yaml` is one file, not one changed on disk)."""
    monkeypatch.chdir(registry_dir)
    args = ["--on", "2026-01-05", "--source", "pax-2850", "--registry", "."]
    code, out = run("transition", WD, "in_progress", *args)
    assert code == 0, out
    assert "recorded" in out
