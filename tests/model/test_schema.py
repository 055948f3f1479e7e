"""JSON Schema export: up to date, and pointed at by every record file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from accordreg._model import schema
from accordreg._model.kinds import KINDS, guess_kind
from accordreg._store.schema_files import SchemaFiles, look
from conftest import BASE, PROJECT

SCHEMAS = PROJECT / "schemas"
RECORD_FOLDERS = [PROJECT / "provisions", BASE]


def test_bundled_schemas_are_up_to_date() -> None:
    """schemas/ matches the models (run `accordreg schema` after changing them)."""
    assert look(SCHEMAS) == SchemaFiles()


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_forbids_unknown_keys_and_requires_kind(kind: str) -> None:
    """Each schema is a closed object with a constant kind."""
    doc = schema.schema_for(kind)
    assert doc["additionalProperties"] is False
    assert doc["properties"]["kind"]["const"] == kind
    assert "kind" in doc["required"]


def test_provision_schema_knows_statuses_and_dates() -> None:
    """The provision schema lists the lifecycle's states and takes a day, a month or a year."""
    doc = schema.schema_for("provision")
    event = doc["$defs"]["Event"]["properties"]
    assert "in_progress" in event["status"]["enum"]
    assert "demining" in doc["properties"]["category"]["enum"]
    text, year = event["on"]["anyOf"]
    assert (text["type"], year["type"]) == ("string", "integer")
    pattern = re.compile(text["pattern"])
    assert all(pattern.match(d) for d in ("2025-11-10", "2025-11", "2025"))
    assert not any(pattern.match(d) for d in ("25-11", "2025-1", "10 Nov 2025"))
    assert event["on"]["description"].startswith("The date it happened: YYYY-MM-DD")


def _records() -> list[Path]:
    return sorted(p for folder in RECORD_FOLDERS for p in folder.rglob("*.yaml"))


@pytest.mark.parametrize("path", _records(), ids=lambda p: str(p.relative_to(PROJECT)))
def test_record_files_point_editors_at_their_schema(path: Path) -> None:
    """Every record file starts with a yaml-language-server comment naming its schema."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind = guess_kind(str(path))
    assert kind is not None
    assert first == schema.comment(kind, path, SCHEMAS)
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert json.loads(target.read_text())["$id"] == f"{kind}.schema.json"
