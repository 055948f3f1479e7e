"""The only module that imports ruamel.yaml: its round trip of a record file.

Loading and dumping an unchanged record in the canonical layout gives back the same
bytes (comments, quoting, key order, blank lines, flow or block style), so a file that
an editor or tool built on ruamel.yaml rewrites changes only where it was edited.
Transitions do not go through here: :mod:`accordreg._yaml.append` inserts the new event
as text, keeping any layout.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


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
