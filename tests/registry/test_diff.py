"""A registry diff by meaning, between git revisions built in each test and in memory."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accordreg
from accordreg.errors import GitError
from accordreg.registry.diff import RegistryDiff, compare, diff, folder_version, memory_version
from accordreg.render.diff import as_markdown, as_text, field_line
from accordreg.store.write import record_data, relative_place
from accordreg.testing import registries
from accordreg.yaml import emit
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
    assert run("diff", "HEAD", path)[0] == 0
    edit(repo, RELEASE, "subdivision: Sa Kaeo", "subdivision: Surin")
    assert run("diff", "HEAD", path, "--fail-on-history-edit")[0] == 1
    assert run("diff", "HEAD", path, "--fail-on-history-edit", "--no-exit-code")[0] == 0
    edit(repo, RELEASE, "  - on: 2025-11-10", "  - on: 2025-11-11")
    code, out = run("diff", "HEAD", path, "--fail-on-history-edit", "--no-exit-code")
    assert code == 3
    assert "!! History rewritten" in out
    commit(repo, "rewrite")
    code, out = run("diff", "HEAD~1", "HEAD", path, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["history_edited"] is True
    assert data["past_status"][0]["start"] == "2025-11-10"


@needs_git
def test_markdown_is_a_pull_request_comment(repo: Path) -> None:
    """The Markdown starts with a marker to find the comment, warns of rewrites in a box."""
    edit(repo, RELEASE, "  - on: 2025-11-10", "  - on: 2025-11-11")
    code, out = run("diff", "HEAD", str(registry(repo)), "--format", "markdown")
    assert code == 1
    assert out.startswith("<!-- accordreg-diff -->\n### Registry changes in `")
    assert "> [!CAUTION]\n> **History rewritten.**" in out
    assert "| `kl-declaration-2025/release` | 2025-11-10 suspended (history[1]) | edited" in out


@needs_git
def test_usage_errors_exit_2_with_one_line(repo: Path, tmp_path: Path) -> None:
    """No REV, an unknown revision, a folder outside any repository, a file: exit 2, one line."""
    assert run("diff")[0] == 2
    code, out = run("diff", "no-such-rev", str(registry(repo)))
    assert (code, out) == (2, "error: unknown revision 'no-such-rev'\n")
    outside = tmp_path / "plain"
    shutil.copytree(BASE, outside)
    code, out = run("diff", "HEAD", str(outside))
    assert code == 2
    assert out == f"error: {outside} is not in a git repository\n"
    record = registry(repo) / RELEASE
    assert run("diff", "HEAD", str(record)) == (2, f"error: {record} is a file; name the "
                                                   "registry folder\n")  # fmt: skip


def test_git_missing_from_path_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without git on PATH the library raises GitError and the command exits 2 saying so."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitError, match="git is not on PATH"):
        accordreg.diff("HEAD", path=BASE)
    code, out = run("diff", "HEAD", str(BASE))
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
            _hook_entry(), cwd=root, capture_output=True, text=True, check=False,
            env={**os.environ, **GIT_ENV},
        )  # fmt: skip

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
