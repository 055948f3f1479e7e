"""The cache on its own: snapshot and journal, trusted and untrusted stats, entry forms."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import accordreg
from accordreg.diagnostics import CODES, Diagnostic
from accordreg.model.kinds import TARGET_KINDS
from accordreg.validation.cache import (
    FILE,
    FOLDER,
    JOURNAL,
    Cache,
    FileResult,
    code_files,
    code_fingerprint,
)
from accordreg.validation.facts import Facts
from accordreg.validation.run import run_checks
from accordreg.validation.settings import SettingsSource

RELEASE = Path("kl-declaration-2025") / "release.yaml"
#: The cache key of a registry without settings.
DEFAULT_KEY = SettingsSource(None).key


def _age(root: Path, seconds: float = 3600) -> None:
    """Make every record file look long settled, so that its stat is trusted."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def _edit(path: Path, extra: str = "# reviewed\n") -> None:
    path.write_text(path.read_text() + extra)
    past = time.time() - 60  # an edit a minute ago: settled, so its new stat is trusted
    os.utime(path, (past, past))


def test_one_edited_file_is_journalled_not_the_whole_snapshot(registry_dir: Path) -> None:
    """Re-checking one edited file appends one journal line and leaves the snapshot alone."""
    _age(registry_dir)
    run_checks(registry_dir, use_cache=True)
    snapshot = (registry_dir / FOLDER / FILE).read_bytes()
    _edit(registry_dir / RELEASE)
    run_checks(registry_dir, use_cache=True)
    assert (registry_dir / FOLDER / FILE).read_bytes() == snapshot
    lines = (registry_dir / FOLDER / JOURNAL).read_text().splitlines()
    assert [json.loads(line)[1] for line in lines] == [str(RELEASE)]
    again = run_checks(registry_dir, use_cache=True)
    assert again.from_cache == len(again.files)


def test_a_torn_journal_line_costs_a_recheck_not_an_error(registry_dir: Path) -> None:
    """A journal line cut short by a crash is skipped; the file is simply checked again."""
    _age(registry_dir)
    run_checks(registry_dir, use_cache=True)
    _edit(registry_dir / RELEASE)
    run_checks(registry_dir, use_cache=True)
    journal = registry_dir / FOLDER / JOURNAL
    journal.write_bytes(journal.read_bytes()[:-20])
    result = run_checks(registry_dir, use_cache=True)
    assert result.diagnostics == run_checks(registry_dir).diagnostics
    assert result.from_cache == len(result.files) - 1


def test_a_long_journal_is_folded_into_the_snapshot(registry_dir: Path) -> None:
    """Once the journal outgrows its limit, the next save rewrites the snapshot and drops it."""
    _age(registry_dir)
    run_checks(registry_dir, use_cache=True)
    journal = registry_dir / FOLDER / JOURNAL
    journal.write_text("not json\n" * 200)
    _edit(registry_dir / RELEASE)
    run_checks(registry_dir, use_cache=True)
    assert not journal.exists()
    stored = json.loads((registry_dir / FOLDER / FILE).read_text())
    assert str(RELEASE) in stored["files"]


def test_a_file_written_just_now_is_hashed_again_next_time(registry_dir: Path) -> None:
    """A stat taken within the settling time is not trusted: the file is read and hashed."""
    for path in registry_dir.rglob("*.yaml"):
        os.utime(path)  # written just now
    run_checks(registry_dir, use_cache=True)
    cache = Cache(
        registry_dir / FOLDER, SettingsSource(None).key, os.path.join(str(registry_dir), "")
    )
    assert all(entry[0] == -1 for entry in cache.files.values())
    files = sorted(str(p) for p in registry_dir.rglob("*.yaml"))
    hits, others = cache.unchanged(files)
    assert hits == []
    assert others == files


def test_settled_files_are_trusted_by_their_stat(registry_dir: Path) -> None:
    """Files older than the settling time, with size and time as recorded, are not read."""
    _age(registry_dir)
    run_checks(registry_dir, use_cache=True)
    cache = Cache(
        registry_dir / FOLDER, SettingsSource(None).key, os.path.join(str(registry_dir), "")
    )
    files = sorted(str(p) for p in registry_dir.rglob("*.yaml"))
    hits, others = cache.unchanged(files)
    assert others == []
    assert [h.path for h in hits] == files


def test_a_snapshot_from_other_code_is_not_trusted(registry_dir: Path) -> None:
    """Entries stored under another key (other code or lifecycle) are ignored."""
    run_checks(registry_dir, use_cache=True)
    stored = registry_dir / FOLDER / FILE
    document = json.loads(stored.read_text())
    document["key"] = "0" * 32
    stored.write_text(json.dumps(document))
    assert run_checks(registry_dir, use_cache=True).from_cache == 0


diagnostics = st.builds(
    lambda code, line, column, message, hint: Diagnostic(
        "a/b.yaml", line, column, code, CODES[code].severity, message, hint
    ),
    st.sampled_from(sorted(CODES)),
    st.integers(1, 10_000),
    st.integers(1, 500),
    st.text(),
    st.none() | st.text(),
)
ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8})?", fullmatch=True)


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    kind = draw(st.sampled_from([k for k, fields in sorted(TARGET_KINDS.items()) if fields]))
    fields = sorted(TARGET_KINDS[kind])
    targets = draw(st.dictionaries(st.sampled_from(fields), st.lists(ids, min_size=1)))
    return Facts(kind, draw(ids), "a/b.yaml", targets)


@given(st.text(min_size=1), st.lists(diagnostics, max_size=4), st.none() | facts())
def test_file_results_survive_their_json_form(
    digest: str, problems: list[Diagnostic], found: Facts | None
) -> None:
    """A result written to JSON text and read back is equal to the original."""
    result = FileResult("a/b.yaml", digest, problems, found)
    text = json.dumps(result.to_json())
    assert FileResult.from_json("a/b.yaml", json.loads(text)) == result


def test_the_code_fingerprint_covers_every_module_of_every_subpackage() -> None:
    """Every .py file below the package, subpackages included, is hashed."""
    package = Path(accordreg.__file__).parent
    hashed = {p.relative_to(package).as_posix() for p in code_files(package)}
    assert "validation/run.py" in hashed
    assert hashed == {p.relative_to(package).as_posix() for p in package.rglob("*.py")}


def test_a_change_in_a_subpackage_changes_the_fingerprint(tmp_path: Path) -> None:
    """Editing one module deep in the package gives the cache a new key."""
    package = Path(accordreg.__file__).parent
    copy = Path(
        shutil.copytree(
            package, tmp_path / "accordreg", ignore=shutil.ignore_patterns("__pycache__")
        )
    )
    before = code_fingerprint.__wrapped__(copy)
    target = copy / "model" / "lifecycle.py"
    target.write_text(target.read_text() + "\n# changed\n")
    assert code_fingerprint.__wrapped__(copy) != before
