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

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Severity
from ..model.settings import DEFAULT_SETTINGS, FILE_NAME, Settings
from ..store.discovery import SUFFIXES
from ..store.read import MAX_BYTES, digest, parse_bytes, read_bytes, reason
from .normal import normal_record, plain

if TYPE_CHECKING:
    from ..model.records import Provision, Record
    from ..store.git import Git, Revision

#: The registry folder when none is named, as for every other command.
DEFAULT_PATH = Path("provisions")
#: The pseudo-record that settings changes are reported under.
SETTINGS_RECORD = FILE_NAME

Reader = Callable[[Sequence[str]], Mapping[str, bytes]]


class Unreadable(OSError):
    """Some of the files a :data:`Reader` was asked for could not be read: the content of
    the others, and for each of these why, in words fit to print."""

    def __init__(self, content: Mapping[str, bytes], failed: Mapping[str, str]) -> None:
        super().__init__(f"{len(failed)} file(s) could not be read")
        self.content = content
        self.failed = failed


def _read_disk(folder: Path, paths: Sequence[str]) -> Mapping[str, bytes]:
    """Files of a registry folder on disk, each read as a record is (a regular file of at
    most 5 MB, see ``store.read``); :class:`Unreadable` names any that is not."""
    content: dict[str, bytes] = {}
    failed: dict[str, str] = {}
    for rel in paths:
        path = folder / rel
        try:
            content[rel] = read_bytes(str(path))
        except OSError as exc:
            failed[rel] = reason(path, exc)[0]
    if failed:
        raise Unreadable(content, failed)
    return content


def _disk_settings(folder: Path) -> bytes | None:
    """The bytes of the settings file in a registry folder on disk, if it has one;
    ValueError, in a sentence, if what stands under its name cannot be read."""
    path = folder / FILE_NAME
    if not os.path.lexists(path):
        return None
    try:
        return read_bytes(str(path), what="settings file")
    except OSError as exc:
        message, hint = reason(path, exc)
        raise ValueError(f"{path}: {message}" + (f" ({hint})" if hint else "")) from None


def _listed(folder: Path) -> list[str]:
    """The record files in a registry folder on disk, by path inside it: those discovery
    finds, and those it refuses to open from the folder's listing (a FIFO, a device),
    which are then reported as unreadable instead of taken for removed."""
    from ..store.discovery import discover

    if not folder.is_dir():
        return []
    found, problems = discover([folder])
    refused = [d.path for d in problems if d.code == "F004" and d.path.endswith(SUFFIXES)]
    return sorted({Path(p).relative_to(folder).as_posix() for p in [*found, *refused]})


@dataclass(frozen=True)
class Version:
    """One version of a registry's files: a content token per file, and how to read them.

    Equal tokens mean equal bytes (a git blob id, a content hash); files whose tokens
    agree across two versions are not read at all.
    """

    label: str
    #: Record files by path inside the registry folder (``sources/x.yaml``).
    tokens: Mapping[str, str]
    read: Reader
    #: The bytes of the settings file, if the version has one.
    settings: bytes | None = None


@dataclass(frozen=True)
class RecordRef:
    """A record that one version has and the other has not."""

    id: str
    kind: str
    path: str


@dataclass(frozen=True)
class Renamed:
    """A record with the same content under another id, or the same id in another file."""

    kind: str
    old_id: str
    new_id: str
    old_path: str
    new_path: str


@dataclass(frozen=True)
class FieldChange:
    """One value that changed, at its field path inside one record.

    List indexes are the new version's, or the old one's for an item that was removed.
    """

    record: str
    #: e.g. ``terms.sites[0].place``, ``history[2].note``, ``title``.
    field: str
    old: Any = None
    new: Any = None
    #: ``changed``, ``added`` (no old value) or ``removed`` (no new value).
    change: str = "changed"


@dataclass(frozen=True)
class AppendedEvent:
    """An event added after every event the old version had: news, not a rewrite."""

    record: str
    #: Its place in the new history, from 0.
    index: int
    on: str
    status: str
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class HistoryEdit:
    """A past event edited, removed, or inserted before events already on record."""

    record: str
    #: ``edited``, ``removed`` or ``inserted``.
    edit: str
    #: Its place in the old history (None if inserted) and the new one (None if removed).
    old_index: int | None
    new_index: int | None
    #: The event's date and status (the old ones, but for an insertion).
    on: str
    status: str
    #: What changed in an edited event, at paths like ``history[2].note``.
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PastStatusChange:
    """Dates, up to a provision's last event in the old version, whose status changed."""

    record: str
    start: date
    #: The last day of the stretch, included.
    end: date
    old_status: str | None
    new_status: str | None
    old_level: int | None = None
    new_level: int | None = None


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


# -- versions --------------------------------------------------------------------------


def memory_version(
    files: Mapping[str, bytes], label: str = "", settings: bytes | None = None
) -> Version:
    """A version held in memory: record files by path inside the registry folder."""
    held = dict(files)

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        return {p: held[p] for p in paths}

    return Version(label, {p: digest(raw) for p, raw in held.items()}, read, settings)


def folder_version(folder: Path, label: str | None = None) -> Version:
    """A registry folder on disk as a version, every file hashed (no git needed).

    Files are read as records are (see ``store.read``); one that cannot be read gets a
    token of its own and is reported as unreadable when compared.
    """
    paths = _listed(folder)
    try:
        files = dict(_read_disk(folder, paths))
        failed: Mapping[str, str] = {}
    except Unreadable as exc:
        files, failed = dict(exc.content), exc.failed
    held = memory_version(files, str(folder) if label is None else label)
    tokens = {**held.tokens, **{rel: f"unreadable:{rel}" for rel in failed}}

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        content = {p: files[p] for p in paths if p in files}
        missed = {p: failed[p] for p in paths if p not in files}
        if missed:
            raise Unreadable(content, missed)
        return content

    return Version(held.label, tokens, read, _disk_settings(folder))


def git_version(git: Git, revision: Revision) -> Version:
    """The registry folder at a git revision, read with git's plumbing only.

    A blob over 5 MB, the limit of a record file on disk, is never read: it is reported as
    unreadable when compared (a settings file over it is a GitError).
    """
    blobs, settings_blob = git.files(revision)

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        content, large = git.read_blobs(blobs[p] for p in paths)
        found = {p: content[blobs[p]] for p in paths if blobs[p] in content}
        if large:
            limit = MAX_BYTES / 1_048_576
            raise Unreadable(
                found,
                {
                    p: f"the file is {large[blobs[p]] / 1_048_576:.1f} MB, "
                    f"over the {limit:g} MB limit of a record file"
                    for p in paths
                    if blobs[p] in large
                },
            )
        return found

    settings = git.blobs([settings_blob])[settings_blob] if settings_blob else None
    return Version(revision.label, blobs, read, settings)


def worktree_version(git: Git, folder: Path, base: Version, revision: Revision) -> Version:
    """The registry folder in the working tree, compared with ``base`` (at ``revision``).

    Files git reports unchanged since the revision keep its blob id as their token and
    are never read; the others are read from disk when compared.
    """
    changed = git.changed_in_worktree(revision)
    tokens: dict[str, str] = {}
    for rel in _listed(folder):
        known = base.tokens.get(rel)
        tokens[rel] = known if known is not None and rel not in changed else f"disk:{rel}"

    def read(paths: Sequence[str]) -> Mapping[str, bytes]:
        return _read_disk(folder, paths)

    return Version("working tree", tokens, read, _disk_settings(folder))


def diff(rev: str, rev2: str | None = None, path: str | Path = DEFAULT_PATH) -> RegistryDiff:
    """The registry at ``path`` compared by meaning between two git revisions.

    ``rev2`` None compares ``rev`` with the working tree. ``A..B`` in ``rev`` means
    ``rev=A, rev2=B``; ``A...B`` compares B with where it branched from A, as git does.
    Raises :class:`~accordreg.errors.GitError` (one line, fit to print) when git is not
    on PATH, ``path`` is not in a repository, or a revision does not exist; ValueError
    when ``path`` is a file.
    """
    from ..store.git import Git

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


# -- comparing -------------------------------------------------------------------------


@dataclass
class _Entry:
    """One record file of one version, read and checked."""

    path: str
    id: str
    kind: str
    #: Its meaning as plain JSON data, in normal form (see :mod:`.normal`).
    data: dict[str, Any]
    record: Record | None = None


@dataclass
class _Side:
    version: Version
    settings: Settings = DEFAULT_SETTINGS
    settings_data: Any = None
    entries: dict[str, _Entry] = field(default_factory=dict)


def compare(old: Version, new: Version, *, path: str = "") -> RegistryDiff:
    """Every difference in meaning between two versions of a registry."""
    problems: list[str] = []
    sides = (_Side(old), _Side(new))
    for side in sides:
        _read_settings(side, Path(path) / FILE_NAME, problems)
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


@dataclass
class _Result:
    added: list[RecordRef] = field(default_factory=list)
    removed: list[RecordRef] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)
    appended: list[AppendedEvent] = field(default_factory=list)
    history_edits: list[HistoryEdit] = field(default_factory=list)
    past_status: list[PastStatusChange] = field(default_factory=list)


def _read_settings(side: _Side, where: Path, problems: list[str]) -> None:
    raw = side.version.settings
    if raw is None:
        return
    from ..validation.settings import settings_from_bytes

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
    from ..validation.document import check_document

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


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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


def _fields(record: str, old: Any, new: Any, path: str) -> list[FieldChange]:
    """Changed values between two pieces of data, each at its field path."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[FieldChange] = []
        for key in [*old, *(k for k in new if k not in old)]:
            at = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(FieldChange(record, at, old[key], None, "removed"))
            elif key not in old:
                out.append(FieldChange(record, at, None, new[key], "added"))
            else:
                out += _fields(record, old[key], new[key], at)
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _list_fields(record, old, new, path)
    if _canon(old) == _canon(new):
        return []
    if old is None and path == "":
        return [FieldChange(record, path, None, new, "added")]
    if new is None and path == "":
        return [FieldChange(record, path, old, None, "removed")]
    return [FieldChange(record, path, old, new)]


def _list_fields(record: str, old: list[Any], new: list[Any], path: str) -> list[FieldChange]:
    # Items are aligned first, so that an item put in at the front is one addition, not a
    # change to every item after it.
    out: list[FieldChange] = []
    matcher = SequenceMatcher(None, [_canon(x) for x in old], [_canon(x) for x in new], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            out += _fields(record, old[i1 + k], new[j1 + k], f"{path}[{j1 + k}]")
        out += [
            FieldChange(record, f"{path}[{i}]", old[i], None, "removed")
            for i in range(i1 + pairs, i2)
        ]
        out += [
            FieldChange(record, f"{path}[{j}]", None, new[j], "added")
            for j in range(j1 + pairs, j2)
        ]
    return out


# -- histories -------------------------------------------------------------------------


def _pair(
    old: list[Any], new: list[Any], olds: Iterable[int], news: Iterable[int]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair old and new events of a stretch that differs: same date and status first, then
    same date, then in order; what is left was removed or added."""
    left_old, left_new = list(olds), list(news)
    pairs: list[tuple[int, int]] = []

    def same_day_and_status(i: int, j: int) -> bool:
        return _when(old[i]) == _when(new[j])

    def same_day(i: int, j: int) -> bool:
        return bool(_get(old[i], "on") == _get(new[j], "on"))

    for alike in (same_day_and_status, same_day):
        for i in list(left_old):
            j = next((j for j in left_new if alike(i, j)), None)
            if j is not None:
                pairs.append((i, j))
                left_old.remove(i)
                left_new.remove(j)
    count = min(len(left_old), len(left_new))
    pairs += list(zip(left_old[:count], left_new[:count], strict=True))
    return sorted(pairs), left_old[count:], left_new[count:]


def _get(event: Any, key: str) -> Any:
    return event.get(key) if isinstance(event, dict) else None


def _history(record: str, old: list[Any], new: list[Any], out: _Result) -> set[int]:
    """Sort the differences of two histories into appended events and edits of the past;
    return the indexes of the appended events in the new history."""
    matcher = SequenceMatcher(None, [_canon(e) for e in old], [_canon(e) for e in new], False)
    aligned: list[int] = []
    edited: list[tuple[int, int]] = []
    gone: list[int] = []
    came: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            aligned += range(j1, j2)
            continue
        pairs, left_old, left_new = _pair(old, new, range(i1, i2), range(j1, j2))
        edited += pairs
        gone += left_old
        came += left_new
    last = max([*aligned, *(j for _, j in edited)], default=-1)
    appended = {j for j in came if j > last}
    for j in sorted(appended):
        event = new[j]
        out.appended.append(
            AppendedEvent(
                record,
                j,
                str(_get(event, "on")),
                str(_get(event, "status")),
                tuple(str(s) for s in _get(event, "sources") or ()),
                _get(event, "note"),
            )
        )
    edits: list[HistoryEdit] = []
    for i, j in edited:
        fields = _fields(record, old[i], new[j], f"history[{j}]")
        edits.append(HistoryEdit(record, "edited", i, j, *_when(old[i]), tuple(fields)))
    edits += [HistoryEdit(record, "removed", i, None, *_when(old[i])) for i in gone]
    edits += [
        HistoryEdit(record, "inserted", None, j, *_when(new[j])) for j in came if j not in appended
    ]
    edits.sort(key=lambda e: (e.old_index if e.old_index is not None else -1, e.new_index or 0))
    out.history_edits += edits
    return appended


def _when(event: Any) -> tuple[str, str]:
    return str(_get(event, "on")), str(_get(event, "status"))


def _past_status(
    old: _Entry, new: _Entry, appended: set[int], sides: tuple[_Side, _Side], out: _Result
) -> None:
    """Where the status on a date up to the old last event differs, appended events aside.

    Appended events are news from their date on; anything else that changes what the
    record said of a past date is a rewrite of it.
    """
    from ..model.records import Provision
    from .query import Registry

    before, after = old.record, new.record
    if not isinstance(before, Provision) or not isinstance(after, Provision):
        return
    kept = [e for j, e in enumerate(after.history) if j not in appended]
    after = after.model_copy(update={"history": kept})
    cutoff = before.history[-1].on
    days = sorted({e.on for e in (*before.history, *kept) if e.on <= cutoff})
    if not days:
        return

    def standing(p: Provision, settings: Settings) -> Callable[[date], tuple[Any, Any]]:
        registry = Registry([(p, Path(old.path))], settings=settings)

        def on(day: date) -> tuple[Any, Any]:
            snap = registry.snapshot(p.id, day) if p.history else None
            return (str(snap.status), snap.level) if snap else (None, None)

        return on

    was, now = standing(before, sides[0].settings), standing(after, sides[1].settings)
    stretches: list[list[Any]] = []
    for k, day in enumerate(days):
        end = days[k + 1].toordinal() - 1 if k + 1 < len(days) else cutoff.toordinal()
        pair = (*was(day), *now(day))
        if stretches and stretches[-1][2] == pair:
            stretches[-1][1] = end
        else:
            stretches.append([day, end, pair])
    for start, end, (old_status, old_level, new_status, new_level) in stretches:
        if old_status != new_status:
            out.past_status.append(
                PastStatusChange(
                    new.id,
                    start,
                    date.fromordinal(end),
                    old_status,
                    new_status,
                    old_level,
                    new_level,
                )
            )
