"""New record files (`accordreg new`): built from a few answers, checked, then written."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._diagnostics import Diagnostic, Severity
from .._errors import RegistryExists, ScaffoldError, WriteError
from .._hints import aside
from .._model import schema
from .._model.kinds import KINDS
from .._model.names import CITATION_FILE, SETTINGS_FILE
from .._model.records import Provision, Record
from .._model.settings import DEFAULT_SETTINGS, Settings
from .._store.atomic import checkpoint, failed, make_folder, open_own, sweep_stale, write_text
from .._store.discovery import SUFFIXES
from .._store.write import record_text, relative_place, write_record, write_schemas
from .._validation.facts import from_record
from .._validation.in_process import check_bytes
from .._validation.integrity import SLACK
from .._validation.located import Located
from .._yaml.parse import Positions
from .query import Registry


def build(kind: str, fields: dict[str, Any], settings: Settings = DEFAULT_SETTINGS) -> Record:
    """A record of ``kind`` from the given fields; ScaffoldError naming what is wrong, in
    the words of `validate`."""
    empty: tuple[Any, ...] = (None, [], (), {})
    data = {"kind": kind, **{k: v for k, v in fields.items() if v not in empty}}
    model = KINDS[kind].model
    try:
        return model.model_validate(data, context={"settings": settings})
    except ValidationError as exc:
        from .._validation.translate import report, without_misspelt_missing

        found: list[Diagnostic] = []
        ctx = Located(kind, Positions, found)
        for error in without_misspelt_missing(model, exc.errors(include_url=False)):
            report(ctx, model, error)
        raise ScaffoldError(f"the new {kind} would not be valid: {said(found)}") from None


def said(diagnostics: Iterable[Diagnostic]) -> str:
    """Diagnostics in one line: each code and message, its hint in brackets, '; ' between."""
    return "; ".join(
        f"{d.code} {d.message}" + (f" ({d.hint})" if d.hint else "") for d in diagnostics
    )


def check_known(registry: Registry, kind: str, ids: Iterable[str]) -> None:
    """ScaffoldError naming the first of ``ids`` that is no ``kind`` record of the
    registry, with the id meant where one is close (`Thailand`: 'thailand')."""
    known = registry.records_of(kind)
    for target in ids:
        if target not in known:
            hint = aside(target, sorted(known))
            raise ScaffoldError(f"no {kind} with id {target!r}{hint}")


def provision_fields(
    registry: Registry,
    provision_id: str,
    *,
    title: str,
    category: str,
    text: str,
    sources: list[str],
    on: date | None,
    status: str | None = None,
    section: str | None = None,
    responsible: Sequence[str] = (),
    verifier: Sequence[str] = (),
    locations: Sequence[Mapping[str, str]] = (),
    deadlines: Sequence[Mapping[str, str]] = (),
    terms: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The fields of a new provision: its agreement from the id, a first history event
    (in ``status``, or the first state the registry's lifecycle may start at), and what
    else is known on day one: the section, who carries it out and who verifies it, where
    it applies, its deadlines (each a ``label`` and a ``due`` date) and its terms."""
    agreement_id = provision_id.split("/", 1)[0] if "/" in provision_id else ""
    agreement = registry.agreements.get(agreement_id)
    if agreement is None:
        hint = aside(agreement_id, sorted(registry.agreements))
        raise ScaffoldError(
            f"a provision id is '<agreement-id>/<name>', and there is no agreement "
            f"{agreement_id!r}{hint}"
        )
    day = on or agreement.date_signed
    if day is None:
        raise ScaffoldError(f"{agreement_id} has no date signed: give the first event's --on")
    return {
        "id": provision_id,
        "agreement": agreement_id,
        "title": title,
        "category": category,
        "text": text,
        "section": section,
        "responsible": list(responsible),
        "verifier": list(verifier),
        "locations": [dict(place) for place in locations],
        "deadlines": [dict(deadline) for deadline in deadlines],
        "terms": dict(terms or {}),
        "sources": sources,
        "history": [{"on": day, "status": _start(registry, status), "sources": sources}],
    }


def _start(registry: Registry, status: str | None) -> str:
    starts = [str(s) for s in registry.lifecycle.starts()]
    if status is None:
        # `agreed` where the lifecycle has it (the default one does), else its first start.
        return "agreed" if "agreed" in starts else starts[0]
    if status not in starts:
        hint = aside(status, starts)
        raise ScaffoldError(f"a history starts at {' or '.join(starts)}, not {status!r}{hint}")
    return status


def create(
    registry: Registry,
    record: Record,
    root: Path,
    schemas: Path,
    warned: list[Diagnostic] | None = None,
) -> Path:
    """Check a new record against the registry as `validate` would, write it, and return
    its path; the warnings `validate` would give it are added to ``warned``."""
    if record.id in registry:
        raise ScaffoldError(f"a record with id {record.id!r} already exists")
    _check_references(registry, record)
    _check_dates(record)
    target = root / relative_place(record)
    check_schemas(schema.comment(record.kind, target, schemas))
    warnings = _check_file(record, target, schemas, registry.settings)
    # Only the missing or stale ones, and in the registry's own words: with the defaults,
    # a registry with settings would get its schemas replaced by the built-in ones.
    write_schemas(schemas, registry.settings)
    try:
        path = write_record(record, root, schemas)
    except FileExistsError as exc:
        raise ScaffoldError(str(exc)) from None
    if warned is not None:
        warned += warnings
    return path


def _check_file(
    record: Record, target: Path, schemas: Path, settings: Settings
) -> list[Diagnostic]:
    """ScaffoldError unless the file about to be written passes `validate` (its typed
    terms, a value the model takes but a file may not hold, such as a control character,
    which would otherwise leave a registry that no command reads until the file is mended
    by hand); else the warnings `validate` gives it (a subdivision ISO 3166-2 does not
    list)."""
    text = record_text(record, target, schemas)
    result, _ = check_bytes(text.encode("utf-8"), str(target), settings)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise ScaffoldError(f"the new {record.kind} would not be valid: {said(errors)}")
    return list(result.diagnostics)


def _check_dates(record: Record) -> None:
    """ScaffoldError for an event dated after today, which `validate` calls an error
    (L008), with a day of slack for time zones as it allows."""
    if not isinstance(record, Provision):
        return
    today = date.today()
    for i, event in enumerate(record.history):
        if event.on > today + SLACK:
            raise ScaffoldError(
                f"the new provision would not be valid: L008 history[{i}] is dated "
                f"{event.on}, after today ({today}) (record events once they have happened; "
                "check the year)"
            )


#: What ends a YAML comment (a line break: LF, CR, and NEL, LS and PS for YAML 1.1
#: readers), and the other control characters, which `validate` refuses in a record.
_BREAK_OR_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_schemas(path: str | Path) -> None:
    """ScaffoldError if the schemas folder ``path`` (or the comment line a record points
    at it with) holds a line break or another control character.

    The record's first line, ``# yaml-language-server: $schema=PATH``, is a YAML comment
    only up to the end of its line: a newline in PATH would start YAML of its own in the
    record.
    """
    found = dict.fromkeys(_BREAK_OR_CONTROL.findall(str(path)))
    if found:
        raise ScaffoldError(
            f"the schemas folder may not hold line breaks or control characters (it holds "
            f"{', '.join(map(repr, found))}): the record's schema comment is one line"
        )


#: The folders a new registry starts with, and what its .gitignore keeps out of git.
FOLDERS = ("sources", "parties")
IGNORED = (".accordreg-cache/", ".accordreg.lock")


def is_registry(root: Path) -> bool:
    """Whether ``root`` holds a registry: its folders, or record files at the top or one down."""
    if not root.is_dir():
        return False
    if any((root / name).is_dir() for name in FOLDERS):
        return True
    return any(
        next(root.glob(pattern), None) is not None
        for suffix in SUFFIXES
        for pattern in (f"*{suffix}", f"*/*{suffix}")
    )


#: The file ``accordreg init`` keeps in a registry it is starting until the registry is
#: whole. A run cut short (killed) leaves it, and ``accordreg init`` then completes that
#: registry instead of refusing it.
STARTING = ".accordreg-init"


def settings_text(name: str, target: Path, schemas: Path) -> str:
    """A settings file (``accordreg.yaml``) at ``target`` that names the registry and
    says where its keys are explained; ScaffoldError if it would not be valid."""
    from .._validation.settings_check import settings_from_bytes
    from .._yaml.emit import scalar

    text = (
        f"{schema.comment('settings', target, schemas)}\n"
        "# The registry's settings: every key is optional, and what a key does not say comes\n"
        '# from the defaults. See "Settings file" in accordreg\'s reference documentation\n'
        "# (docs/reference/settings.md) for every key.\n"
        "kind: settings\n"
        f"name: {scalar(name)}\n"
    )
    _, found = settings_from_bytes(text.encode("utf-8"), target)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors:
        raise ScaffoldError(f"the settings file would not be valid: {said(errors)}")
    return text


def citation_text(title: str) -> str:
    """A CITATION.cff skeleton for a data set called ``title``, with one author to fill in
    (`accordreg cite` reads it as it is); ScaffoldError if the title would not do."""
    from .._yaml.emit import scalar

    if not title.strip() or _BREAK_OR_CONTROL.search(title):
        raise ScaffoldError(f"{title!r} cannot be a citation's title: give --name a title in words")
    return (
        "# How to cite this registry (Citation File Format 1.2.0): `accordreg cite` prints it.\n"
        "# Add a version, date-released, url and license when you publish it.\n"
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: dataset\n"
        f"title: {scalar(title)}\n"
        "# Who made it: replace <fill in> with a name (`name:` for a group; `family-names:`\n"
        "# and `given-names:` for a person), and add an entry for each other author.\n"
        "authors:\n"
        "  - name: <fill in>\n"
    )


def start(
    root: Path,
    source: dict[str, Any],
    schemas: Path,
    *,
    name: str | None = None,
    citation: bool = False,
    kept: list[Path] | None = None,
) -> list[Path]:
    """Start a registry at ``root``: its folders, a .gitignore and a first source record;
    with ``name``, a settings file (``accordreg.yaml``) naming it; with ``citation``, a
    CITATION.cff skeleton whose title is ``name`` or the folder's name.

    Raises RegistryExists if ``root`` already holds a registry, ScaffoldError if the
    source, the settings or the citation would not be valid, WriteError if a file cannot
    be written; in each case what this call made inside ``root`` is removed again.
    Returns the files written.

    A registry whose start was cut short (it holds STARTING) is completed: the missing
    folders, .gitignore lines, source record and schemas are added. No file that is there
    is replaced: a settings file or CITATION.cff already there is kept, and added to
    ``kept``.
    """
    marker = root / STARTING
    resuming = is_starting(root)
    if not resuming and is_registry(root):
        raise RegistryExists(
            f"{root} already holds a registry; nothing written (add records with `accordreg new`)"
        )
    record = build("source", source)
    skeletons: dict[Path, str] = {}
    if name is not None:
        skeletons[root / SETTINGS_FILE] = settings_text(name, root / SETTINGS_FILE, schemas)
    if citation:
        skeletons[root / CITATION_FILE] = citation_text(name or root.resolve().name)
    made: list[Path] = []  # folders and files this call created, to undo on failure
    ignore = root / ".gitignore"
    old_ignore = ignore.read_text(encoding="utf-8") if ignore.is_file() else None
    try:
        if not root.exists():
            make_folder(root)
            made.append(root)
        if not resuming:
            _mark(marker)
            made.append(marker)
        for folder in (root / name for name in FOLDERS):
            if not folder.exists():
                make_folder(folder)
                made.append(folder)
        missing = [p for p in IGNORED if p not in (old_ignore or "").splitlines()]
        if missing:
            lead = "" if old_ignore is None else old_ignore.rstrip("\n") + "\n"
            comment = "# accordreg: the validation cache and the write lock stay local.\n"
            write_text(ignore, lead + comment + "".join(f"{p}\n" for p in missing))
            if old_ignore is None:
                made.append(ignore)
        checkpoint("init-started")
        written = [ignore] if missing else []
        if resuming and os.path.lexists(root / relative_place(record)):
            write_schemas(schemas)  # the record is there: only the schemas it points at
        else:
            empty = Registry([], roots=[root])
            made.append(create(empty, record, root, schemas))
            written.append(made[-1])
        for target, text in skeletons.items():
            if os.path.lexists(target):  # never replaced, whatever stands there
                if kept is not None:
                    kept.append(target)
                continue
            write_text(target, text)
            made.append(target)
            written.append(target)
        # What a run cut short was writing when it stopped.
        for folder in (root, *(root / name for name in FOLDERS), schemas):
            sweep_stale(folder, force=True)
        marker.unlink()
    except (ScaffoldError, WriteError):
        _undo(made, ignore, old_ignore)
        raise
    except OSError as exc:
        _undo(made, ignore, old_ignore)
        raise failed(marker, exc) from exc
    return written


def is_starting(root: Path) -> bool:
    """Whether ``root`` holds a registry that ``accordreg init`` began and did not finish."""
    try:
        return stat.S_ISREG(os.lstat(root / STARTING).st_mode)
    except OSError:
        return False


def _mark(marker: Path) -> None:
    """Create the STARTING file (WriteError if it cannot be made; never through a link)."""
    fd = open_own(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with contextlib.suppress(OSError):  # the words are for people; the file is the mark
            os.write(fd, b"`accordreg init` has not finished here: run it again to complete\n")
    finally:
        os.close(fd)


def _undo(made: list[Path], ignore: Path, old_ignore: str | None) -> None:
    # Best effort: whatever cannot be removed stays, and the first error is what is reported.
    if old_ignore is not None:
        with contextlib.suppress(OSError):
            write_text(ignore, old_ignore)
    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


def _check_references(registry: Registry, record: Record) -> None:
    targets = KINDS[record.kind].refs
    kinds = {ref.name: ref.target for ref in targets}
    for field, ids in from_record("", record, registry.settings).targets.items():
        check_known(registry, kinds[field], ids)
