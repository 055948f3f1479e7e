"""What a change does to a registry, by meaning: two versions compared record by record.

A version is a set of record files with a token for each file's content (a git blob id,
or a hash) and a way to read them. Files whose tokens agree are the same and are never
read; every other file is parsed from its bytes and validated with the ordinary checks
(for the problems to report), then read in one normal form whether valid or not (see
:mod:`.normal`: a default written out is the field left out, dates and numbers in one
form) and compared by id as data. A change of comments, quoting or key order is no change
at all, and an edit of one field is one change, even one that makes the record invalid.
What is found:

* records added, removed and renamed (the same content under another id or path);
* fields changed, by record id and field path (``terms.sites[0].place``);
* events appended to a provision's history;
* and, loudly, events edited, removed or inserted before later ones, and the statuses on
  past dates that changed as a result: the dated record of what happened, rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._diagnostics import Severity
from .._model.names import DEFAULT_REGISTRY, SETTINGS_FILE
from .._store.read import parse_bytes
from .diff_fields import (
    AppendedEvent,
    FieldChange,
    HistoryEdit,
    PastStatusChange,
    RecordRef,
    Renamed,
    _canon,
    _Entry,
    _fields,
    _Result,
    _Side,
)
from .diff_history import _history, _past_status
from .diff_versions import Unreadable, Version, git_version, worktree_version
from .normal import normal_record, plain

if TYPE_CHECKING:
    from .._model.records import Record

#: The registry folder when none is named, as for every other command.
#: The pseudo-record that settings changes are reported under.
SETTINGS_RECORD = SETTINGS_FILE


@dataclass(frozen=True)
class RegistryDiff:
    """Everything that differs in meaning between two versions of a registry."""

    old: str
    new: str
    #: The registry folder compared.
    path: str
    added: tuple[RecordRef, ...] = ()
    removed: tuple[RecordRef, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    appended: tuple[AppendedEvent, ...] = ()
    history_edits: tuple[HistoryEdit, ...] = ()
    past_status: tuple[PastStatusChange, ...] = ()
    #: Changes to the registry's settings file, under the record ``accordreg.yaml``.
    settings: tuple[FieldChange, ...] = ()
    #: Files that could not be read as records in one version or the other.
    problems: tuple[str, ...] = ()
    #: How many files differed in their bytes and were read to be compared.
    files_read: int = 0

    @property
    def changed(self) -> bool:
        """Whether anything differs in meaning (a file no longer readable counts)."""
        return any(
            (
                self.added,
                self.removed,
                self.renamed,
                self.fields,
                self.appended,
                self.history_edits,
                self.past_status,
                self.settings,
                self.problems,
            )
        )

    @property
    def history_edited(self) -> bool:
        """Whether events on record were edited, removed or inserted before later ones."""
        return bool(self.history_edits or self.past_status)

    def exit_code(self, fail_on_history_edit: bool = False) -> int:
        """As ``git diff --exit-code``: 0 no change, 1 changes; 3 for a history edit when
        asked to fail on one."""
        if fail_on_history_edit and self.history_edited:
            return 3
        return 1 if self.changed else 0


def diff(rev: str, rev2: str | None = None, path: str | Path = DEFAULT_REGISTRY) -> RegistryDiff:
    """The registry at ``path`` compared by meaning between two git revisions.

    ``rev2`` None compares ``rev`` with the working tree. ``A..B`` in ``rev`` means
    ``rev=A, rev2=B``; ``A...B`` compares B with where it branched from A, as git does.
    Raises :class:`~accordreg._errors.GitError` (one line, fit to print) when git is not
    on PATH, ``path`` is not in a repository, or a revision does not exist; ValueError
    when ``path`` is a file.
    """
    from .._store.git import Git

    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        # Records are compared across the whole registry (ids, renames), never one file.
        raise ValueError(f"{folder} is a file; name the registry folder")
    git = Git(folder)
    base_from_merge = False
    if rev2 is None and ".." in rev:
        base_from_merge = "..." in rev
        left, _, right = rev.partition("..." if base_from_merge else "..")
        rev, rev2 = left or "HEAD", right or "HEAD"
    old_rev = git.resolve(rev)
    new_rev = git.resolve(rev2) if rev2 is not None else None
    if base_from_merge and new_rev is not None:
        old_rev = git.merge_base(old_rev, new_rev)
    old = git_version(git, old_rev)
    if new_rev is None:
        new = worktree_version(git, folder, old, old_rev)
    else:
        new = git_version(git, new_rev)
    return compare(old, new, path=str(path))


def compare(old: Version, new: Version, *, path: str = "") -> RegistryDiff:
    """Every difference in meaning between two versions of a registry."""
    problems: list[str] = []
    sides = (_Side(old), _Side(new))
    for side in sides:
        _read_settings(side, Path(path) / SETTINGS_FILE, problems)
    touched = sorted(
        p for p in {*old.tokens, *new.tokens} if old.tokens.get(p) != new.tokens.get(p)
    )
    unreadable: set[str] = set()
    for side in sides:
        wanted = [p for p in touched if p in side.version.tokens]
        _read_entries(side, wanted, Path(path), problems, unreadable)
    # A file that cannot be read as a record in one version is not compared in either:
    # its problem is reported instead of a removal or an addition that did not happen.
    for side in sides:
        for key in [k for k, e in side.entries.items() if e.path in unreadable]:
            del side.entries[key]
    olds, news = sides[0].entries, sides[1].entries
    out = _Result()
    for record_id in sorted(olds.keys() & news.keys()):
        _compare_record(olds[record_id], news[record_id], sides, out)
    _added_removed_renamed(
        [olds[i] for i in sorted(olds.keys() - news.keys())],
        [news[i] for i in sorted(news.keys() - olds.keys())],
        out,
    )
    settings = _fields(SETTINGS_RECORD, sides[0].settings_data, sides[1].settings_data, "")
    return RegistryDiff(
        old=old.label,
        new=new.label,
        path=path,
        added=tuple(out.added),
        removed=tuple(out.removed),
        renamed=tuple(out.renamed),
        fields=tuple(out.fields),
        appended=tuple(out.appended),
        history_edits=tuple(out.history_edits),
        past_status=tuple(out.past_status),
        settings=tuple(settings),
        problems=tuple(problems),
        files_read=len(touched),
    )


def _read_settings(side: _Side, where: Path, problems: list[str]) -> None:
    raw = side.version.settings
    if raw is None:
        return
    from .._validation.settings_check import settings_from_bytes

    side.settings, found = settings_from_bytes(raw, where)
    for d in found:
        if d.severity is Severity.ERROR:
            problems.append(f"{side.version.label}: {d}")
    side.settings_data = plain(parse_bytes(raw, where).data)


def _read_entries(
    side: _Side, paths: list[str], root: Path, problems: list[str], bad: set[str]
) -> None:
    """Parse and check the files, keeping each record by id (the first, for a duplicate).

    Problems name each file under ``root`` (the registry folder as given), as
    ``accordreg validate`` would, whether or not the file is on disk.
    """
    from .._validation.document import check_document

    if not paths:
        return
    label = side.version.label
    try:
        content = side.version.read(paths)
    except Unreadable as exc:
        # One file that cannot be read is reported; the others are compared as ever.
        content = exc.content
        for rel, why in sorted(exc.failed.items()):
            problems.append(f"{label}: {root / rel}: {why}; not compared")
            bad.add(rel)
    except OSError as exc:
        problems.append(f"{label}: cannot read the registry's files: {exc}")
        bad.update(paths)
        return
    for rel in paths:
        if rel not in content:
            continue
        document = parse_bytes(content[rel], root / rel)
        checked = check_document(document, side.settings)
        errors = [d for d in checked.diagnostics if d.severity is Severity.ERROR]
        entry = _entry(rel, document.data, checked.record)
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            how = "compared as written" if entry is not None else "not compared"
            problems.append(f"{label}: {errors[0]}{more}; {how}")
        if entry is None:
            bad.add(rel)
            continue
        if entry.id in side.entries:
            problems.append(f"{label}: {root / rel} repeats the id {entry.id!r}; not compared")
            continue
        side.entries[entry.id] = entry


def _entry(rel: str, data: Any, record: Record | None) -> _Entry | None:
    """A record file's data in normal form, if it is a mapping with an id at least.

    Valid or not, every record is read by the same function from its data as written, so
    that a record turning invalid changes only what was edited in it.
    """
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    kind, normal = normal_record(data, rel)
    return _Entry(rel, data["id"], kind or "?", normal, record)


# -- records ---------------------------------------------------------------------------


def _compare_record(old: _Entry, new: _Entry, sides: tuple[_Side, _Side], out: _Result) -> None:
    if old.path != new.path:
        out.renamed.append(Renamed(new.kind, old.id, new.id, old.path, new.path))
    if old.kind != new.kind:
        # Another kind of record: its fields are another model's, not edits of these.
        out.fields += _fields(new.id, _kind_only(old), _kind_only(new), "")
        return
    old_data, new_data = dict(old.data), dict(new.data)
    old_history = old_data.pop("history", None)
    new_history = new_data.pop("history", None)
    out.fields += _fields(new.id, old_data, new_data, "")
    if isinstance(old_history, list) and isinstance(new_history, list):
        appended = _history(new.id, old_history, new_history, out)
        _past_status(old, new, appended, sides, out)
    else:
        out.fields += _fields(new.id, old_history, new_history, "history")


def _kind_only(entry: _Entry) -> dict[str, Any]:
    """The record's ``kind`` as written, if it writes one."""
    return {k: v for k, v in entry.data.items() if k == "kind"}


def _added_removed_renamed(gone: list[_Entry], came: list[_Entry], out: _Result) -> None:
    """Pair records that left and came with the same content but for their id."""

    def key(e: _Entry) -> str:
        return e.kind + "\0" + _canon({k: v for k, v in e.data.items() if k != "id"})

    waiting: dict[str, list[_Entry]] = {}
    for entry in came:
        waiting.setdefault(key(entry), []).append(entry)
    for entry in gone:
        match = waiting.get(key(entry))
        if match:
            twin = match.pop(0)
            out.renamed.append(Renamed(entry.kind, entry.id, twin.id, entry.path, twin.path))
        else:
            out.removed.append(RecordRef(entry.id, entry.kind, entry.path))
    paired = {r.new_id for r in out.renamed}
    out.added += [RecordRef(e.id, e.kind, e.path) for e in came if e.id not in paired]
    out.renamed.sort(key=lambda r: (r.old_id, r.new_id))
