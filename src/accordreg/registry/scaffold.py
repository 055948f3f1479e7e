"""New record files (`accordreg new`): built from a few answers, checked, then written."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ScaffoldError
from ..hints import aside
from ..model.kinds import KINDS
from ..model.records import Record
from ..model.settings import DEFAULT_SETTINGS, Settings
from ..store.write import write_record, write_schemas
from ..validation.facts import from_record
from .query import Registry


def build(kind: str, fields: dict[str, Any], settings: Settings = DEFAULT_SETTINGS) -> Record:
    """A record of ``kind`` from the given fields; ScaffoldError naming what is wrong."""
    data = {"kind": kind, **{k: v for k, v in fields.items() if v not in (None, [], ())}}
    try:
        return KINDS[kind].model.model_validate(data, context={"settings": settings})
    except ValidationError as exc:
        problems = "; ".join(_problem(kind, e) for e in exc.errors())
        raise ScaffoldError(f"the new {kind} would not be valid: {problems}") from None


def _problem(kind: str, error: Any) -> str:
    where = ".".join(map(str, error["loc"])) or kind
    if error["type"] == "enum":
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = aside(str(error.get("input")), allowed)
        return f"{where}: {error.get('input')!r} is not one of {', '.join(allowed)}{hint}"
    return f"{where}: {error['msg']}"


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
) -> dict[str, Any]:
    """The fields of a new provision: its agreement from the id, a first history event
    (in ``status``, or the first state the registry's lifecycle may start at)."""
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


def create(registry: Registry, record: Record, root: Path, schemas: Path) -> Path:
    """Check a new record against the registry, write it, and return its path."""
    if record.id in registry:
        raise ScaffoldError(f"a record with id {record.id!r} already exists")
    _check_references(registry, record)
    # Only the missing or stale ones, and in the registry's own words: with the defaults,
    # a registry with settings would get its schemas replaced by the built-in ones.
    write_schemas(schemas, registry.settings)
    try:
        return write_record(record, root, schemas)
    except FileExistsError as exc:
        raise ScaffoldError(str(exc)) from None


def _check_references(registry: Registry, record: Record) -> None:
    targets = KINDS[record.kind].refs
    kinds = {ref.name: ref.target for ref in targets}
    for field, ids in from_record("", record, registry.settings).targets.items():
        kind = kinds[field]
        known = registry.records_of(kind)
        for target in ids:
            if target not in known:
                hint = aside(target, sorted(known))
                raise ScaffoldError(f"no {kind} with id {target!r}{hint}")
