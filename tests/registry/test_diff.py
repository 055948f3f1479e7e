"""A registry diff by meaning, between git revisions built in each test and in memory."""

from __future__ import annotations

import copy
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import accordreg
from accordreg._diagnostics import Severity
from accordreg._errors import GitError
from accordreg._model.kinds import KINDS
from accordreg._model.records import Condition, Deadline, Links, Location, Signatory, ThirdParty
from accordreg._registry.diff import RegistryDiff, compare, diff
from accordreg._registry.diff_versions import folder_version, memory_version
from accordreg._registry.normal import normal_record
from accordreg._render.diff import as_markdown, as_text, field_line
from accordreg._store.discovery import discover
from accordreg._store.read import parse_bytes
from accordreg._store.write import record_data, relative_place
from accordreg._validation.document import check_document
from accordreg._yaml import emit
from accordreg.testing import registries
from conftest import BASE, PROJECT, run

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not on PATH")

RELEASE = "kl-declaration-2025/release.yaml"
#: A git with no user or system configuration, so that a developer's settings change nothing.
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; return what it printed."""
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def commit(repo: Path, message: str) -> None:
    """Stage everything and commit it."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the example registry in provisions/."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "provisions")
    git(root, "init", "-q", "-b", "main")
    commit(root, "first")
    return root


def edit(repo: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in a record file of the registry, checking that it was there."""
    path = repo / "provisions" / rel
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def registry(repo: Path) -> Path:
    return repo / "provisions"


# -- git: what changes in meaning and what does not -------------------------------------


@needs_git
def test_nothing_changed_reads_no_file(repo: Path) -> None:
    """A clean working tree against HEAD: no change, exit 0, and no file was even read."""
    result = diff("HEAD", path=registry(repo))
    assert not result.changed
    assert result.files_read == 0
    assert result.exit_code(fail_on_history_edit=True) == 0
    assert as_text(result).endswith(": no change in meaning (0 files read)\n")


@needs_git
def test_comments_layout_quoting_and_key_order_are_no_change(repo: Path) -> None:
    """A commit that only reorders keys, quotes, and adds comments changes nothing in meaning."""
    path = registry(repo) / RELEASE
    lines = path.read_text().splitlines()
    # Move `title:` and `category:` to the end, quote a date, add comments and blank lines.
    moved = [ln for ln in lines if ln.startswith(("title:", "category:"))]
    rest = [ln for ln in lines if ln not in moved]
    text = "\n".join(rest + moved) + "\n"
    text = text.replace("  - on: 2025-11-10", "  # postponed\n\n  - on: '2025-11-10'")
    text = text.replace("kind: provision", "kind: provision  # the record kind")
    text = text.replace("responsible:\n  - thailand", "responsible: [thailand]")
    path.write_text(text)
    commit(repo, "layout only")
    result = diff("HEAD~1", "HEAD", registry(repo))
    assert result.files_read == 1
    assert not result.changed, as_text(result)
    assert result.exit_code() == 0


@needs_git
def test_a_changed_field_is_named_by_id_and_path(repo: Path) -> None:
    """An edit is reported as `id: field.path: 'old' -> 'new'`, not as lines."""
    edit(repo, RELEASE, "subdivision: Sa Kaeo", "subdivision: Surin")
    result = diff("HEAD", path=registry(repo))
    assert [field_line(c) for c in result.fields] == [
        "kl-declaration-2025/release: locations[0].subdivision: 'Sa Kaeo' -> 'Surin'"
    ]
    assert result.changed
    assert not result.history_edited
    assert result.exit_code() == 1


@needs_git
def test_an_item_put_first_in_a_list_is_one_addition(repo: Path) -> None:
    """List items are aligned: a new first item is added at [0], the others are unchanged."""
    edit(repo, RELEASE, "responsible:\n  - thailand", "responsible:\n  - cambodia\n  - thailand")
    (change,) = diff("HEAD", path=registry(repo)).fields
    assert (change.field, change.change, change.new) == ("responsible[0]", "added", "cambodia")


@needs_git
def test_records_added_removed_and_renamed(repo: Path) -> None:
    """New and deleted files are added and removed records; same content, other id, renamed."""
    sources = registry(repo) / "sources"
    new = (sources / "pax-2850.yaml").read_text().replace("id: pax-2850", "id: pax-2851")
    (sources / "pax-2851.yaml").write_text(new.replace('"PA-X 2850:', '"PA-X 2851:'))
    (sources / "chiang-rai-times-2025-12-31.yaml").unlink()
    parties = registry(repo) / "parties"
    text = (parties / "asean.yaml").read_text().replace("id: asean", "id: asean-secretariat")
    (parties / "asean-secretariat.yaml").write_text(text)
    (parties / "asean.yaml").unlink()
    git(repo, "mv", "provisions/parties/cambodia.yaml", "provisions/parties/kingdom.yaml")
    commit(repo, "records")
    result = diff("HEAD~1", "HEAD", registry(repo))
    assert [(r.kind, r.id, r.path) for r in result.added] == [
        ("source", "pax-2851", "sources/pax-2851.yaml")
    ]
    assert [r.id for r in result.removed] == ["chiang-rai-times-2025-12-31"]
    assert sorted((r.old_id, r.new_id, r.new_path) for r in result.renamed) == [
        ("asean", "asean-secretariat", "parties/asean-secretariat.yaml"),
        ("cambodia", "cambodia", "parties/kingdom.yaml"),
    ]
    assert result.fields == ()


@needs_git
def test_an_appended_event_is_news_not_a_rewrite(repo: Path) -> None:
    """An event after the last one is appended; --fail-on-history-edit still exits 1."""
    path = registry(repo) / RELEASE
    path.write_text(
        path.read_text()
        + "  - on: 2026-01-05\n    status: verified\n    sources:\n"
        + "      - chiang-rai-times-2025-12-31\n    note: Confirmed by the observers.\n"
    )
    result = diff("HEAD", path=registry(repo))
    (event,) = result.appended
    assert (event.record, event.index, event.on, event.status) == (
        "kl-declaration-2025/release",
        4,
        "2026-01-05",
        "verified",
    )
    assert event.note == "Confirmed by the observers."
    assert result.history_edits == ()
    assert result.past_status == ()
    assert result.exit_code(fail_on_history_edit=True) == 1


@needs_git
def test_an_edited_past_event_is_flagged_with_the_statuses_it_changed(repo: Path) -> None:
    """Moving a past event's date is an edit, and the statuses of the dates between change."""
    edit(repo, RELEASE, "  - on: 2025-11-10", "  - on: 2025-11-20")
    result = diff("HEAD", path=registry(repo))
    (change,) = result.history_edits
    assert (change.edit, change.old_index, change.on, change.status) == (
        "edited",
        1,
        "2025-11-10",
        "suspended",
    )
    assert [(c.field, c.old, c.new) for c in change.fields] == [
        ("history[1].on", "2025-11-10", "2025-11-20")
    ]
    (past,) = result.past_status
    assert (str(past.start), str(past.end), past.old_status, past.new_status) == (
        "2025-11-10",
        "2025-11-19",
        "suspended",
        "agreed",
    )
    assert result.history_edited
    assert result.exit_code(fail_on_history_edit=True) == 3
    assert result.exit_code() == 1


@needs_git
def test_removed_and_inserted_events_are_history_edits(repo: Path) -> None:
    """Taking out a past event, or putting one before the last, rewrites the history."""
    edit(
        repo,
        RELEASE,
        "  - on: 2025-11-10\n    status: suspended\n    sources:\n"
        "      - hurriyet-daily-news-2025-11-10\n",
        "",
    )
    result = diff("HEAD", path=registry(repo))
    assert [(e.edit, e.on) for e in result.history_edits] == [("removed", "2025-11-10")]
    assert {p.new_status for p in result.past_status} == {"agreed"}
    git(repo, "checkout", "-q", "--", ".")
    edit(
        repo,
        RELEASE,
        "  - on: 2025-12-27\n",
        "  - on: 2025-12-01\n    status: in_progress\n    sources:\n"
        "      - hurriyet-daily-news-2025-11-10\n  - on: 2025-12-20\n    status: suspended\n"
        "    sources:\n      - hurriyet-daily-news-2025-11-10\n  - on: 2025-12-27\n",
    )
    result = diff("HEAD", path=registry(repo))
    assert [(e.edit, e.on, e.status) for e in result.history_edits] == [
        ("inserted", "2025-12-01", "in_progress"),
        ("inserted", "2025-12-20", "suspended"),
    ]
    assert result.appended == ()
    assert result.exit_code(fail_on_history_edit=True) == 3


@needs_git
def test_the_working_tree_is_never_touched(repo: Path) -> None:
    """Reading two old revisions leaves the files being edited, and git's view, as they were."""
    edit(repo, RELEASE, "subdivision: Sa Kaeo", "subdivision: Surin")
    commit(repo, "second")
    edit(repo, RELEASE, "subdivision: Surin", "subdivision: Buriram")
    (registry(repo) / "notes.yaml").write_text("kind: party\n")  # untracked, invalid

    def state() -> dict[str, Any]:
        files = {
            str(p): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(repo.rglob("*"))
            if p.is_file() and ".git" not in p.parts
        }
        return {"files": files, "status": git(repo, "status", "--porcelain")}

    before = state()
    older = diff("HEAD~1", "HEAD", registry(repo))
    now = diff("HEAD", path=registry(repo))
    assert state() == before
    assert [c.new for c in older.fields] == ["Surin"]
    assert [c.new for c in now.fields] == ["Buriram"]
    # The untracked file is in the working tree's registry, and too broken to compare.
    assert any("notes.yaml" in p for p in now.problems)


@needs_git
def test_an_untracked_record_in_the_working_tree_is_added(repo: Path) -> None:
    """The working tree is the registry as `validate` sees it, tracked or not."""
    source = (registry(repo) / "sources" / "pax-2850.yaml").read_text()
    (registry(repo) / "sources" / "pax-9.yaml").write_text(
        source.replace("id: pax-2850", "id: pax-9").replace('"PA-X 2850:', '"PA-X 9:')
    )
    assert [r.id for r in diff("HEAD", path=registry(repo)).added] == ["pax-9"]


@needs_git
def test_ranges_and_merge_bases_as_git_reads_them(repo: Path) -> None:
    """REV A..B compares A with B; A...B compares B with where it left A."""
    git(repo, "checkout", "-q", "-b", "topic")
    edit(repo, RELEASE, "subdivision: Sa Kaeo", "subdivision: Surin")
    commit(repo, "topic")
    git(repo, "checkout", "-q", "main")
    edit(repo, "kl-declaration-2025/agreement.yaml", "title:", "title: New", 1)
    commit(repo, "main moves on")
    two = diff("main..topic", path=registry(repo))
    three = diff("main...topic", path=registry(repo))
    assert {c.record for c in two.fields} == {"kl-declaration-2025", "kl-declaration-2025/release"}
    assert {c.record for c in three.fields} == {"kl-declaration-2025/release"}
    assert three.old.startswith("merge-base of main and topic")


@needs_git
def test_a_registry_that_did_not_exist_yet_is_all_added(repo: Path) -> None:
    """Against a revision before the folder existed, every record is added."""
    shutil.copytree(registry(repo), repo / "other")
    commit(repo, "other")
    result = diff("HEAD~1", "HEAD", repo / "other")
    assert len(result.added) == 11
    assert not result.removed


@needs_git
def test_settings_changes_are_reported_by_key(repo: Path) -> None:
    """The registry's accordreg.yaml is compared as data, key by key."""
    (registry(repo) / "accordreg.yaml").write_text("kind: settings\nstale_after_days: 90\n")
    commit(repo, "settings")
    edit(repo, "accordreg.yaml", "90", "60")
    result = diff("HEAD", path=registry(repo))
    assert [field_line(c) for c in result.settings] == [
        "accordreg.yaml: stale_after_days: 90 -> 60"
    ]


@needs_git
def test_a_file_broken_in_one_version_is_a_problem_not_a_removal(repo: Path) -> None:
    """A record that no longer parses is reported with its located error, not as removed."""
    edit(repo, RELEASE, "title: Release", "title: [Release")
    result = diff("HEAD", path=registry(repo))
    assert result.removed == ()
    (problem,) = result.problems
    assert problem.startswith(f"working tree: {registry(repo) / RELEASE}:")
    assert "Y001" in problem
    assert result.exit_code() == 1


# -- git: the command ------------------------------------------------------------------


@needs_git
def test_command_exit_codes_follow_git_diff(repo: Path) -> None:
    """0 no change, 1 changes (0 with --no-exit-code), 3 a history edit when asked to fail."""
    path = str(registry(repo))
    assert run("diff", "HEAD", "--registry", path)[0] == 0
    edit(repo, RELEASE, "subdivision: Sa Kaeo", "subdivision: Surin")
    assert run("diff", "HEAD", "--registry", path, "--fail-on-history-edit")[0] == 1
    assert (
        run("diff", "HEAD", "--registry", path, "--fail-on-history-edit", "--no-exit-code")[0] == 0
    )
    edit(repo, RELEASE, "  - on: 2025-11-10", "  - on: 2025-11-11")
    code, out = run("diff", "HEAD", "--registry", path, "--fail-on-history-edit", "--no-exit-code")
    assert code == 3
    assert "!! History rewritten" in out
    commit(repo, "rewrite")
    code, out = run("diff", "HEAD~1", "HEAD", "--registry", path, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["history_edited"] is True
    assert data["past_status"][0]["start"] == "2025-11-10"


@needs_git
def test_markdown_is_a_pull_request_comment(repo: Path) -> None:
    """The Markdown starts with a marker to find the comment, warns of rewrites in a box."""
    edit(repo, RELEASE, "  - on: 2025-11-10", "  - on: 2025-11-11")
    code, out = run("diff", "HEAD", "--registry", str(registry(repo)), "--format", "markdown")
    assert code == 1
    assert out.startswith("<!-- accordreg-diff -->\n### Registry changes in `")
    assert "> [!CAUTION]\n> **History rewritten.**" in out
    assert "| `kl-declaration-2025/release` | 2025-11-10 suspended (history[1]) | edited" in out


@needs_git
def test_usage_errors_exit_2_with_one_line(repo: Path, tmp_path: Path) -> None:
    """No REV, an unknown revision, a folder outside any repository, a file: exit 2, one line."""
    assert run("diff")[0] == 2
    code, out = run("diff", "no-such-rev", "--registry", str(registry(repo)))
    assert (code, out) == (2, "error: unknown revision 'no-such-rev'\n")
    outside = tmp_path / "plain"
    shutil.copytree(BASE, outside)
    code, out = run("diff", "HEAD", "--registry", str(outside))
    assert code == 2
    assert out == f"error: {outside} is not in a git repository\n"
    record = registry(repo) / RELEASE
    said = f"error: {record} is a file; name the registry folder\n"
    assert run("diff", "HEAD", "--registry", str(record)) == (2, said)


def test_git_missing_from_path_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without git on PATH the library raises GitError and the command exits 2 saying so."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitError, match="git is not on PATH"):
        accordreg.diff("HEAD", path=BASE)
    code, out = run("diff", "HEAD", "--registry", str(BASE))
    assert (code, out) == (
        2,
        "error: git is not on PATH; `accordreg diff` reads revisions with git\n",
    )


# -- in memory: invariants -------------------------------------------------------------


def _files(reg: accordreg.Registry) -> dict[str, dict[str, Any]]:
    """Each record's data, by the path it would have in a registry folder."""
    return {relative_place(r).as_posix(): record_data(r) for r in reg}


def _shuffled(data: Any, rng: random.Random) -> Any:
    """The same data with the keys of every mapping in another order."""
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {k: _shuffled(data[k], rng) for k in keys}
    if isinstance(data, list):
        return [_shuffled(v, rng) for v in data]
    return data


def _text(data: dict[str, Any], comment: str = "") -> bytes:
    body = emit.dump(data, f"# {comment}\n" if comment else "")
    if comment:
        # A comment at the end of each mapping line too, where YAML allows one.
        body = "\n".join(
            f"{ln}  # {comment}" if ln.rstrip().endswith(":") else ln for ln in body.splitlines()
        )
    return (body + "\n").encode()


def _compare(old: dict[str, bytes], new: dict[str, bytes]) -> RegistryDiff:
    return compare(memory_version(old, "old"), memory_version(new, "new"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_a_registry_compared_with_itself_has_no_change(reg: accordreg.Registry) -> None:
    """diff(a, a) is empty, even when every file is read."""
    files = {p: _text(d) for p, d in _files(reg).items()}
    result = _compare(files, files)
    assert not result.changed
    assert result.files_read == 0
    rewritten = {p: raw + b"\n" for p, raw in files.items()}  # other bytes, same records
    result = _compare(files, rewritten)
    assert result.files_read == len(files)
    assert not result.changed, as_text(result)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), st.randoms(use_true_random=False), st.text("abc xyz", min_size=1, max_size=8))
def test_key_order_and_comments_are_no_change(
    reg: accordreg.Registry, rng: random.Random, comment: str
) -> None:
    """Any reordering of keys, with comments added, is no change in meaning."""
    files = _files(reg)
    old = {p: _text(d) for p, d in files.items()}
    new = {p: _text(_shuffled(d, rng), comment) for p, d in files.items()}
    result = _compare(old, new)
    assert not result.changed, as_text(result)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), registries())
def test_what_one_way_adds_the_other_way_removes(
    a: accordreg.Registry, b: accordreg.Registry
) -> None:
    """Records added from a to b are those removed from b to a, renames reversed."""
    old = {p: _text(d) for p, d in _files(a).items()}
    new = {p: _text(d) for p, d in _files(b).items()}
    forth, back = _compare(old, new), _compare(new, old)
    assert {r.id for r in forth.added} == {r.id for r in back.removed}
    assert {(r.old_id, r.new_id) for r in forth.renamed} == {
        (r.new_id, r.old_id) for r in back.renamed
    }
    assert forth.changed == back.changed == (old != new)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries(), st.data())
def test_appending_an_event_is_never_a_history_edit(reg: accordreg.Registry, data: Any) -> None:
    """Cutting a provision's history short and restoring it appends exactly those events."""
    files = _files(reg)
    provisions = sorted(p for p, d in files.items() if d["kind"] == "provision")
    chosen = data.draw(st.sampled_from(provisions))
    history = files[chosen]["history"]
    keep = data.draw(st.integers(1, len(history)))
    short = {**files, chosen: {**files[chosen], "history": history[:keep]}}
    result = _compare(
        {p: _text(d) for p, d in short.items()}, {p: _text(d) for p, d in files.items()}
    )
    assert [e.index for e in result.appended] == list(range(keep, len(history)))
    assert not result.history_edited
    assert result.fields == ()
    assert result.exit_code(fail_on_history_edit=True) == (1 if keep < len(history) else 0)


def test_markdown_without_changes_says_so() -> None:
    """A diff with nothing in it still renders a short comment."""
    text = as_markdown(RegistryDiff("a", "b", "provisions"))
    assert "no change in meaning" in text
    assert "[!CAUTION]" not in text


# -- the pre-commit hook ---------------------------------------------------------------


def _hook_entry() -> list[str]:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "accordreg-history-guard"]
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "provisions/a/b.yaml")
    program, *args = hook["entry"].split()
    assert program == "accordreg"
    return [sys.executable, "-m", "accordreg", *args]


@needs_git
def test_history_guard_hook_stops_only_a_rewritten_history(tmp_path: Path) -> None:
    """The hook's command passes a first commit and appended events, and stops a rewrite."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "provisions")
    git(root, "init", "-q")

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            _hook_entry(),
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **GIT_ENV},
        )

    assert hook().returncode == 0  # no commit yet: everything is new
    commit(root, "first")
    path = root / "provisions" / RELEASE
    path.write_text(
        path.read_text() + "  - on: 2026-01-05\n    status: verified\n    sources:\n"
        "      - chiang-rai-times-2025-12-31\n"
    )
    assert hook().returncode == 0
    edit(root, RELEASE, "  - on: 2025-11-10", "  - on: 2025-11-11")
    done = hook()
    assert done.returncode == 3
    assert "!! History rewritten" in done.stdout


@needs_git
def test_unborn_head_is_an_empty_registry(tmp_path: Path) -> None:
    """Before the first commit, HEAD is empty: every record is added."""
    root = tmp_path / "repo"
    shutil.copytree(BASE, root / "provisions")
    git(root, "init", "-q")
    result = diff("HEAD", path=root / "provisions")
    assert result.old == "HEAD (no commits yet)"
    assert len(result.added) == 11


def test_two_folders_compare_without_git(tmp_path: Path) -> None:
    """folder_version compares two registry folders on disk, git or not."""
    other = Path(shutil.copytree(BASE, tmp_path / "other"))
    release = other / RELEASE
    release.write_text(release.read_text().replace("Sa Kaeo", "Surin"))
    result = compare(folder_version(BASE, "before"), folder_version(other, "after"))
    assert [(c.record, c.field) for c in result.fields] == [
        ("kl-declaration-2025/release", "locations[0].subdivision")
    ]
    assert result.files_read == 1


# -- one edit, one change: every record read in one normal form, valid or not ----------

#: The registry that ships with the project.
BUNDLED = PROJECT / "provisions"
#: Nested models by the top-level field that holds them (a list of them, or one).
NESTED: dict[str, type[BaseModel]] = {
    "locations": Location,
    "deadlines": Deadline,
    "conditions": Condition,
    "signatories": Signatory,
    "third_parties": ThirdParty,
    "links": Links,
}
#: Words a record must take from the vocabulary or the lifecycle, by field.
WORDS = ("category", "type", "reliability", "role", "status")
#: A place in a record: keys and list indexes from its top.
At = tuple[str | int, ...]
#: An edited record, where the edit was, and the field path it must show at (None: none).
Edit = tuple[dict[str, Any], At, str | None]
Draw = Callable[[st.SearchStrategy[Any]], Any]
#: Stands for a key taken out.
GONE = object()
DATE = re.compile(r"\d{4}-\d\d-\d\d")


@functools.cache
def _bundled() -> dict[str, dict[str, Any]]:
    """Every record of the bundled registry as its file's data, by path in the folder."""
    found, _ = discover([BUNDLED])
    return {
        Path(p).relative_to(BUNDLED).as_posix(): parse_bytes(Path(p).read_bytes(), p).data
        for p in found
    }


def _canonical(value: Any) -> str:
    """Data as one string, whole numbers as integers, to tell values apart."""

    def whole(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: whole(x) for k, x in v.items()}
        if isinstance(v, list):
            return [whole(x) for x in v]
        return int(v) if isinstance(v, float) and v.is_integer() else v

    return json.dumps(whole(value), sort_keys=True, default=str)


def _nodes(data: Any, at: At = (), history: bool = False) -> list[tuple[At, Any]]:
    """Every value below the top of a record with its place; never the id, and the
    history only if asked."""
    out: list[tuple[At, Any]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if not at and (key == "id" or (key == "history" and not history)):
            continue
        out.append(((*at, key), value))
        if isinstance(value, (dict, list)):
            out += _nodes(value, (*at, key), history)
    return out


def _pattern(at: At) -> At:
    return tuple(0 if isinstance(k, int) else k for k in at)


@functools.cache
def _pools() -> dict[At, list[Any]]:
    """Every single value the bundled registry holds at each place (list indexes as 0)."""
    pools: dict[At, dict[str, Any]] = {}
    for data in _bundled().values():
        for at, value in _nodes(data):
            if not isinstance(value, (dict, list)):
                pools.setdefault(_pattern(at), {})[_canonical(value)] = value
    return {k: list(v.values()) for k, v in pools.items()}


def _dotted(at: At) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in at).lstrip(".")


def _get(data: Any, at: At) -> Any:
    for key in at:
        data = data[key]
    return data


def _set(data: dict[str, Any], at: At, value: Any) -> dict[str, Any]:
    """A copy of the record with the value at ``at`` replaced, or taken out for GONE."""
    data = copy.deepcopy(data)
    parent = _get(data, at[:-1])
    if value is GONE:
        del parent[at[-1]]
    else:
        parent[at[-1]] = value
    return data


def _wrong(value: Any) -> Any:
    """A value of a type no field of that value's own type takes, even leniently."""
    return ["wrong"] if isinstance(value, dict) else {"wrong": True}


def _model_at(kind: str, data: dict[str, Any], at: At) -> type[BaseModel] | None:
    """The model the mapping at ``at`` is read as, where this test knows it: the record's
    own, or a nested one (a location, a deadline, the links...); None in the terms."""
    if not at:
        return KINDS[kind].model
    head = at[0]
    if not isinstance(head, str) or head not in NESTED:
        return None
    if head == "links":
        return Links if at == ("links",) else None
    in_list = len(at) == 2 and isinstance(data.get(head), list)
    return NESTED[head] if in_list and isinstance(_get(data, at), dict) else None


def _default(model: type[BaseModel], name: str) -> Any:
    """A field's default as a record would write it; GONE if it has none."""
    info = model.model_fields.get(name)
    if info is None or info.is_required():
        return GONE
    value = info.get_default(call_default_factory=True)
    return value.value if isinstance(value, Enum) else value


def _an_edit(draw: Draw, kind: str, data: dict[str, Any]) -> Edit:
    """One edit of one field outside the history: another value the registry uses there,
    a misspelt text, a key taken out, a default written out, or a value of a wrong type."""
    nodes = _nodes(data)
    how = draw(st.sampled_from(["another", "misspelt", "remove", "default", "wrong"]))
    if how == "another":
        choices = [
            (at, other)
            for at, value in nodes
            if not isinstance(value, (dict, list))
            for other in _pools().get(_pattern(at), [])
            if _canonical(other) != _canonical(value)
        ]
        if choices:
            at, other = draw(st.sampled_from(choices))
            return _set(data, at, other), at, _dotted(at)
    texts = [at for at, value in nodes if isinstance(value, str)]
    if how == "misspelt" and texts:
        at = draw(st.sampled_from(texts))
        return _set(data, at, _get(data, at) + "x"), at, _dotted(at)
    keys = [(at, value) for at, value in nodes if isinstance(at[-1], str)]
    if how == "remove" and keys:
        return _removal(draw(st.sampled_from(keys)), kind, data)
    defaults = [
        (*where, name)
        for where in [(), *(at for at, v in nodes if isinstance(v, dict))]
        if (model := _model_at(kind, data, where)) is not None
        for name in model.model_fields
        if name not in _get(data, where) and _default(model, name) is not GONE
    ]
    if how == "default" and defaults:
        at = draw(st.sampled_from(defaults))
        model = _model_at(kind, data, at[:-1])
        assert model is not None
        return _set(data, at, _default(model, str(at[-1]))), at, None
    at, value = draw(st.sampled_from(nodes))
    return _set(data, at, _wrong(value)), at, _dotted(at)


def _removal(node: tuple[At, Any], kind: str, data: dict[str, Any]) -> Edit:
    """A key taken out: the change is at its path; at its container's when that is left
    at its own default (an empty `terms:` is no terms); none where it held its default."""
    at, value = node
    new = _set(data, at, GONE)
    model = _model_at(kind, data, at[:-1])
    if model is not None and _canonical(_default(model, str(at[-1]))) == _canonical(value):
        return new, at, None
    if len(at) == 2 and not _get(new, at[:1]):
        own = _default(KINDS[kind].model, str(at[0]))
        if own is not GONE and _canonical(own) == _canonical(_get(new, at[:1])):
            return new, at, _dotted(at[:1])
    return new, at, _dotted(at)


def _unambiguous(old: dict[str, Any], new: dict[str, Any], at: At) -> bool:
    """Whether every list item on the edit's path is unlike the others in its list, before
    and after: a copy of another item may rightly be aligned with it instead."""
    for depth, key in enumerate(at):
        if not isinstance(key, int):
            continue
        for data in (old, new):
            items = [_canonical(x) for x in _get(data, at[:depth])]
            if key < len(items) and items.count(items[key]) > 1:
                return False
    return True


def _a_word(at: At, value: Any) -> bool:
    """Whether a value is a word of the vocabulary or a date: wrong if spelt backwards."""
    return isinstance(value, str) and (at[-1] in WORDS or DATE.fullmatch(value) is not None)


def _invalid(path: str, data: dict[str, Any]) -> bool:
    """Whether the record fails its checks."""
    checked = check_document(parse_bytes(_flow(data), path))
    return any(d.severity is Severity.ERROR for d in checked.diagnostics)


def _flow(data: dict[str, Any]) -> bytes:
    """A record as YAML in flow style (JSON is YAML), which writes any data, broken or not."""
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _one_change(path: str, old: dict[str, Any], edit: Edit) -> None:
    """The diff of the record's file before and after the edit: exactly the one change."""
    new, at, expected = edit
    assume(expected is None or _unambiguous(old, new, at))
    for data in (old, new):
        assert parse_bytes(_flow(data), path).data == data  # the YAML says what is meant
    result = _compare({path: _flow(old)}, {path: _flow(new)})
    want = [] if expected is None else [(old["id"], expected)]
    assert [(c.record, c.field) for c in result.fields] == want, as_text(result)
    assert not result.history_edited, as_text(result)
    assert (result.history_edits, result.past_status, result.appended) == ((), (), ())
    assert (result.added, result.removed, result.renamed) == ((), (), ())
    assert result.exit_code(fail_on_history_edit=True) == int(result.changed)


def _record(draw: Draw) -> tuple[str, str, dict[str, Any]]:
    """A record file of the bundled registry: its path, its kind and its data."""
    records = _bundled()
    path = draw(st.sampled_from(sorted(records)))
    return path, records[path]["kind"], records[path]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_one_edit_outside_the_history_is_one_change(data: st.DataObject) -> None:
    """Any single edit of a field outside the history of a bundled record is exactly that
    one change at that field path, and never a history edit."""
    path, kind, record = _record(data.draw)
    _one_change(path, record, _an_edit(data.draw, kind, record))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_one_edit_of_an_invalid_record_is_one_change(data: st.DataObject) -> None:
    """A record already invalid (a wrong value anywhere, history included, a word not in
    the vocabulary, or no `kind`) takes any single edit as exactly that one change too."""
    path, kind, record = _record(data.draw)
    how = data.draw(st.sampled_from(["no_kind", "wrong", "misspelt"]))
    if how == "no_kind":
        broken = _set(record, ("kind",), GONE)
    elif how == "wrong":
        at, value = data.draw(st.sampled_from(_nodes(record, history=True)))
        broken = _set(record, at, _wrong(value))
    else:
        words = [at for at, v in _nodes(record, history=True) if _a_word(at, v)]
        assume(words)
        at = data.draw(st.sampled_from(words))
        broken = _set(record, at, _get(record, at)[::-1])
    assume(_invalid(path, broken))
    _one_change(path, broken, _an_edit(data.draw, kind, broken))


@needs_git
def test_a_misspelt_category_is_one_change_not_a_rewritten_history(tmp_path: Path) -> None:
    """`demining` -> `demning` in a bundled provision is one field change: the diff, the
    history guard's command and the pull-request comment raise no history alarm."""
    root = tmp_path / "repo"
    shutil.copytree(BUNDLED, root / "provisions", ignore=shutil.ignore_patterns(".accordreg*"))
    git(root, "init", "-q", "-b", "main")
    commit(root, "first")
    edit(root, "kl-declaration-2025/demining.yaml", "category: demining", "category: demning")
    path = str(registry(root))
    result = diff("HEAD", path=path)
    assert [field_line(c) for c in result.fields] == [
        "kl-declaration-2025/demining: category: 'demining' -> 'demning'"
    ]
    assert not result.history_edited
    code, out = run("diff", "HEAD", "--registry", path, "--fail-on-history-edit")
    assert code == 1
    assert "History rewritten" not in out
    assert (
        run("diff", "HEAD", "--registry", path, "--fail-on-history-edit", "--no-exit-code")[0] == 0
    )
    assert "[!CAUTION]" not in run("diff", "HEAD", "--registry", path, "--format", "markdown")[1]


def test_dates_numbers_flags_and_text_are_read_in_one_form() -> None:
    """A date object and its YYYY-MM-DD text, 18 and 18.0, "true" and true for a flag, and
    composed and decomposed letters are the same; a refused value is kept as written."""
    base = {"kind": "agreement", "id": "a", "title": "Caf\u00e9", "sources": ["s"]}
    one = {**base, "date_signed": date(2025, 10, 26), "length_pages": 18, "signed": True}
    other = {**base, "title": "Cafe\u0301", "date_signed": "2025-10-26", "signed": "true"}
    assert normal_record(one, "a/agreement.yaml") == normal_record(
        {**other, "length_pages": 18.0}, "a/agreement.yaml"
    )
    _, bad = normal_record({**base, "date_signed": "2025-13-01", "signed": [1]}, "a/x.yaml")
    assert (bad["date_signed"], bad["signed"]) == ("2025-13-01", [1])


def test_defaults_are_dropped_but_an_events_level_is_kept() -> None:
    """A field written with its default is the field left out, in nested models too; an
    event's level is kept as written, since null (not rated) differs from none given."""
    event = {"on": "2025-10-26", "status": "agreed", "sources": ["s"]}
    written = {
        "text_form": "paraphrase",
        "section": None,
        "locations": [{"country": "THA", "place": None}],
        "history": [{**event, "party": None, "level": None}],
    }
    _, normal = normal_record(written, "a/p.yaml")
    assert normal == {"locations": [{"country": "THA"}], "history": [{**event, "level": None}]}
    assert normal_record({**written, "history": [event]}, "a/p.yaml")[1]["history"] == [event]


def test_a_record_without_a_kind_is_read_as_its_place_suggests() -> None:
    """With no `kind`, a file in sources/ is read as a source (its defaults dropped), one
    anywhere else as a provision, as `validate` guesses it."""
    source = {"id": "s", "title": "T", "publisher": None, "reliability": "press"}
    assert normal_record(source, "sources/s.yaml") == (
        "source",
        {"id": "s", "title": "T", "reliability": "press"},
    )
    assert normal_record(source, "x/s.yaml")[0] == "provision"
