"""JSON Schema export: one schema per record kind, for editors and other validators."""

from __future__ import annotations

import ast
import inspect
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import records as models
from .kinds import KINDS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one record kind."""
    return {"$schema": DIALECT, "$id": f"{kind}.schema.json", **model_schema(KINDS[kind].model)}


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON Schema, each field described by the docstring written under it."""
    schema = model.model_json_schema()
    docs = field_docs()
    for part in (schema, *schema.get("$defs", {}).values()):
        described = docs.get(part.get("title", ""), {})
        for name, prop in part.get("properties", {}).items():
            if name in described and "description" not in prop:
                prop["description"] = described[name]
                # pydantic writes each field's keywords in alphabetical order; so do we.
                ordered = dict(sorted(prop.items()))
                prop.clear()
                prop.update(ordered)
    return schema


@cache
def field_docs() -> dict[str, dict[str, str]]:
    """The docstring written under each field of each model, by class name and field."""
    out: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(models)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs = out.setdefault(node.name, {})
        for field, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
    return out


def file_name(kind: str) -> str:
    """The file a kind's schema lives in."""
    return f"{kind}.schema.json"


def render(kind: str) -> str:
    """A kind's schema as the exact text written to disk."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def stale(folder: Path) -> list[Path]:
    """Schema files in ``folder`` that are missing or differ from the models."""
    out = []
    for kind in KINDS:
        target = folder / file_name(kind)
        try:
            current = target.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(kind):
            out.append(target)
    return out


def comment(kind: str, record: Path, schemas: Path) -> str:
    """The ``# yaml-language-server`` line that points an editor at a kind's schema."""
    relative = os.path.relpath(schemas / file_name(kind), record.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"
