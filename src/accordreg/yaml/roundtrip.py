"""The only module that imports ruamel.yaml: round-trip editing that keeps a file's layout.

Loading and dumping an unchanged record gives back the same bytes (comments, quoting,
key order, blank lines, flow or block style), so an edit's diff is just the edit.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


def _round_tripper() -> YAML:
    # The layout of every record file: these settings make load-and-dump byte-identical.
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def roundtrip(text: str) -> str:
    """Load and dump a record unchanged (its bytes should come back the same)."""
    yaml = _round_tripper()
    return _dump(yaml, yaml.load(text))


def append_to_list(text: str, key: str, item: dict[str, Any]) -> str:
    """``text`` with ``item`` appended to the top-level list ``key``; all else kept as is.

    Comments, quoting, key order, blank lines and flow or block style of everything
    already there survive; the new item is written in block style, in the given key order.
    """
    yaml = _round_tripper()
    try:
        data = yaml.load(text)
    except ValueError as exc:
        # ruamel constructs date-looking scalars (e.g. a title `2025-13-45`) and fails.
        raise ValueError(f"the file cannot be edited safely: {exc}; quote that value") from exc
    if not isinstance(data, CommentedMap) or not isinstance(data.get(key), list):
        raise ValueError(f"the document has no list {key!r} to append to")
    entry = CommentedMap()
    for name, value in item.items():
        entry[name] = CommentedSeq(value) if isinstance(value, list) else value
    data[key].append(entry)
    return _dump(yaml, data)
