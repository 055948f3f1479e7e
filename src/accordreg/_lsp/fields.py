"""What a record's fields are, read from the JSON Schemas accordreg publishes for them.

The schemas carry each field's description, which keys a mapping has, and the words of
the registry's vocabulary a field takes: completion and hover read them here, so that the
editor and yaml-language-server describe a field in the same words. Which fields refer
to which kinds comes from the table of kinds, as the reference checks read it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._model.kinds import KINDS, guess_kind
from .._model.schema import schema_for

if TYPE_CHECKING:
    from .._model.settings import Settings
    from .outline import DataPath

Schema = dict[str, Any]

_KIND_LINE = re.compile(r"^kind:\s*['\"]?([a-z_]+)['\"]?\s*(?:#.*)?$", re.MULTILINE)

_schemas: dict[tuple[str, str], Schema] = {}


def kind_of(text: str, path: str) -> str | None:
    """The kind a record's text says it is (its `kind:`), else the one its place
    suggests; None for the settings file and for a kind accordreg does not know."""
    found = _KIND_LINE.search(text)
    if found is not None:
        return found.group(1) if found.group(1) in KINDS else None
    return guess_kind(path)


def schema(kind: str, settings: Settings) -> Schema:
    """The JSON Schema of ``kind`` (``settings`` for the settings file) with the registry's
    vocabulary, as ``accordreg schema`` writes it; made once per kind and settings."""
    key = (kind, settings.fingerprint())
    if key not in _schemas:
        if len(_schemas) > 32:  # settings edited many times over: keep the latest only
            _schemas.clear()
        _schemas[key] = schema_for(kind, settings)
    return _schemas[key]


def _resolve(root: Schema, node: Schema) -> Schema:
    """A schema node with its `$ref` followed and a nullable `anyOf` opened."""
    for _ in range(8):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node = {
                **root["$defs"][ref.rsplit("/", 1)[1]],
                **{k: v for k, v in node.items() if k != "$ref"},
            }
            continue
        options = [o for o in node.get("anyOf", ()) if o.get("type") != "null"]
        if len(options) == 1:
            node = {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
            continue
        return node
    return node


def at(root: Schema, path: DataPath, data: Any = None) -> Schema | None:
    """The schema of the value at ``path`` (None where the schema says nothing of it).

    ``data`` is the record's data as far as it could be read, for the typed terms, which
    depend on its category.
    """
    node: Schema = _resolve(root, root)
    for i, step in enumerate(path):
        if isinstance(step, int):
            items = node.get("items")
            if not isinstance(items, dict):
                return None
            node = _resolve(root, items)
            continue
        if step == "terms" or (i and path[i - 1] == "terms"):
            found = _terms(root, path[: i + 1], data)
            if found is not None:
                node = found
                continue
        props = node.get("properties", {})
        if step not in props:
            return None
        node = _resolve(root, props[step])
    return node


def _terms(root: Schema, path: DataPath, data: Any) -> Schema | None:
    """The schema of the typed terms at ``path`` (``terms`` or ``terms.NAME``), for the
    record's category, from the schema's `if category then terms` rules."""
    category = data.get("category") if isinstance(data, dict) else None
    for rule in root.get("allOf", ()):
        wanted = rule.get("if", {}).get("properties", {}).get("category", {}).get("const")
        if wanted is None or wanted != category:
            continue
        terms = _resolve(root, rule["then"]["properties"]["terms"])
        if path[-1] == "terms":
            return terms
        prop = terms.get("properties", {}).get(path[-1])
        return _resolve(root, prop) if isinstance(prop, dict) else None
    return None


def keys(root: Schema, path: DataPath, data: Any = None) -> Mapping[str, Schema]:
    """The keys the mapping at ``path`` may hold, each with its schema."""
    node = at(root, path, data)
    if node is None:
        return {}
    return {name: _resolve(root, prop) for name, prop in node.get("properties", {}).items()}


def words(node: Schema | None) -> list[str]:
    """The values a field takes from a fixed set (the registry's vocabulary, states)."""
    if node is None:
        return []
    if "enum" in node:
        return [str(w) for w in node["enum"]]
    items = node.get("items")
    return [str(w) for w in items.get("enum", ())] if isinstance(items, dict) else []


def target(kind: str, path: DataPath) -> str | None:
    """The kind of record the id at ``path`` of a ``kind`` record names: a reference's
    target, or ``kind`` itself for the record's own `id`; None elsewhere."""
    if path == ("id",):
        return kind
    if kind not in KINDS or not path or not isinstance(path[0], str):
        return None
    rest = path[1:]
    for ref in KINDS[kind].refs:
        if ref.typed or ref.field != path[0]:
            continue
        if ref.key is None:
            if rest == () or (len(rest) == 1 and isinstance(rest[0], int)):
                return ref.target
            continue
        if len(rest) >= 2 and isinstance(rest[0], int) and rest[1] == ref.key:
            tail = rest[2:]
            if tail == () or (len(tail) == 1 and isinstance(tail[0], int)):
                return ref.target
    return None
