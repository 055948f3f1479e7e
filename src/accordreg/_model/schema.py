"""JSON Schema export: one schema per record kind (and the settings file), for editors and
other validators, carrying the registry's own vocabulary and each category's typed terms."""

from __future__ import annotations

import ast
import inspect
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import records
from . import settings_schema as settings_file
from . import term_schemas as term_models
from .kinds import KINDS
from .settings import DEFAULT_SETTINGS, Settings

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The ``$comment`` every schema accordreg writes carries: a file with it is accordreg's to
#: rewrite; one without it is someone's own, and never written over.
MARK = "written by accordreg"
#: The settings file's schema, written beside the record kinds'.
SETTINGS = "settings"

#: Where each kind's schema holds words of the vocabulary: (place, vocabulary section).
_WORDS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "agreement": (
        (("$defs", "ThirdParty", "properties", "role"), "roles"),
        (("$defs", "AgreementEvent", "properties", "status"), "agreement_states"),
    ),
    "provision": (
        (("properties", "category"), "categories"),
        (("$defs", "Event", "properties", "status"), "states"),
    ),
    "party": ((("properties", "type"), "party_types"),),
    "source": ((("properties", "reliability"), "reliability"),),
}


def kinds() -> list[str]:
    """Every schema written: the record kinds, then the settings file."""
    return [*KINDS, SETTINGS]


def schema_for(kind: str, settings: Settings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """The JSON Schema of one record kind (or of the settings file), for these settings."""
    if kind == SETTINGS:
        body = model_schema(settings_file.SettingsFile)
    else:
        body = model_schema(KINDS[kind].model)
        for place, section in _WORDS.get(kind, ()):
            _enum(body, place, _allowed(settings, section))
        if kind == "provision":
            _terms(body, settings)
    return {"$schema": DIALECT, "$id": f"{kind}.schema.json", "$comment": MARK, **body}


def _allowed(settings: Settings, section: str) -> list[str]:
    if section == "states":
        return [str(s) for s in settings.lifecycle.states()]
    if section == "agreement_states":
        return [str(s) for s in settings.agreement_lifecycle.states()]
    return list(settings.vocabulary.words[section])


def _enum(schema: dict[str, Any], place: tuple[str, ...], words: list[str]) -> None:
    prop: dict[str, Any] = schema
    for step in place:
        prop = prop[step]
    target = next((p for p in prop.get("anyOf", []) if p.get("type") == "string"), prop)
    target["enum"] = words


def _terms(schema: dict[str, Any], settings: Settings) -> None:
    """Each category's terms, as `if category is X then terms are ...` rules."""
    defs = schema.setdefault("$defs", {})
    rules = []
    for category in settings.vocabulary.categories.values():
        model = term_models.terms_model(category.id, category.terms)
        terms = model_schema(model)
        defs.update(terms.pop("$defs", {}))
        terms.pop("title", None)
        for name, prop in terms.get("properties", {}).items():
            spec = category.terms[name]
            prop["description"] = spec.description + (f" ({spec.unit})" if spec.unit else "")
        terms["description"] = f"Typed terms of a {category.id} provision."
        rules.append(
            {
                "if": {
                    "properties": {"category": {"const": category.id}},
                    "required": ["category"],
                },
                "then": {"properties": {"terms": terms}},
            }
        )
    schema["allOf"] = rules


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
    for module in (records, settings_file, term_models):
        out.update(_docs_of(module))
    return out


def _docs_of(module: Any) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(module)).body:
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


def render(kind: str, settings: Settings = DEFAULT_SETTINGS, *, marked: bool = True) -> str:
    """A kind's schema as the exact text written to disk (``marked=False``: as accordreg
    wrote it before it marked its schemas)."""
    doc = schema_for(kind, settings)
    if not marked:
        del doc["$comment"]
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def generated(kind: str, text: str, settings: Settings = DEFAULT_SETTINGS) -> bool:
    """Whether ``text`` is a schema file accordreg wrote, and may write again: one that
    carries :data:`MARK`, or one exactly as an earlier accordreg wrote it, unmarked, for
    these settings or the defaults. Anything else is someone's own file."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if isinstance(doc, dict) and doc.get("$comment") == MARK:
        return True
    return text in (render(kind, settings, marked=False), render(kind, marked=False))


def comment(kind: str, record: Path, schemas: Path) -> str:
    """The ``# yaml-language-server`` line that points an editor at a kind's schema."""
    relative = os.path.relpath(schemas / file_name(kind), record.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"
