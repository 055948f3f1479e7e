"""Diagnostics as SARIF 2.1.0, the format GitHub code scanning and other viewers read.

One run, by the tool ``accordreg``: a rule per diagnostic code (id the code, its name, what
it means, its severity as the default level, and a link to its section of the codes page
where that page's address is known), and a result per diagnostic at its file, line and
column. Columns count characters (Unicode code points), as accordreg's do. Paths stay
relative where they were given so (to the folder ``validate`` ran in), which is what code
scanning matches against the repository; GitHub's upload action adds the fingerprints that
follow a finding when lines move, from the files themselves.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from .._diagnostics import CODES, Code, Diagnostic, Severity
from .._errors import AccordregError
from .safe import json_text

#: The schema the output follows: SARIF 2.1.0 with its approved errata, as OASIS publishes it.
SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: The environment variable that gives the address of the diagnostic codes page
#: (docs/reference/diagnostics.md wherever it is published): each rule links to its code's
#: section there. accordreg has no one home to link to: it is installed from wherever its
#: repository is kept.
CODES_URL = "ACCORDREG_CODES_URL"
#: Where a relative path starts: the folder validate ran in.
BASE = "%SRCROOT%"

#: The group of codes each letter starts, as tags GitHub lets people filter by.
_GROUPS = {
    "F": "file",
    "Y": "yaml",
    "S": "schema",
    "L": "lifecycle",
    "R": "references",
    "T": "terms",
    "C": "settings",
    "P": "pax-import",
}
_WEB = re.compile(r"https?://[^\s#]+")


def anchor(code: Code) -> str:
    """The anchor of a code's section on the codes page: its heading ``F001 not-utf8`` made
    a slug as MyST (``myst_heading_anchors``) and GitHub both make it."""
    return f"{code.code} {code.name}".lower().replace(" ", "-")


def codes_url(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """The codes page's address from ``ACCORDREG_CODES_URL``; None if unset. An address that
    is not an http(s) address without a fragment is an error: it would make the output
    invalid SARIF."""
    value = (os.environ if environ is None else environ).get(CODES_URL, "").strip()
    if not value:
        return None
    if not _WEB.fullmatch(value):
        raise AccordregError(
            f"{CODES_URL}={value!r} is not an http(s) address of the diagnostic codes page "
            "(without #...)"
        )
    return value


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _rule(code: Code, page: str | None) -> dict[str, Any]:
    where = f"{page}#{anchor(code)}" if page else None
    see = (
        f"See [{code.code} {code.name}]({where}) for an example and the fix."
        if where
        else f"See `{code.code} {code.name}` in accordreg's diagnostic codes "
        "(docs/reference/diagnostics.md) for an example and the fix."
    )
    rule: dict[str, Any] = {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": f"{code.code} {code.name}"},
        "fullDescription": {"text": code.summary},
        "defaultConfiguration": {"level": _level(code.severity)},
        "help": {"text": code.summary, "markdown": f"{code.summary}\n\n{see}"},
        "properties": {"tags": ["accordreg", _GROUPS.get(code.code[0], "other")]},
    }
    if where:
        rule["helpUri"] = where
    return rule


def _artifact(path: str) -> dict[str, str]:
    """An artifact location: a relative path as a relative URI from the run's folder, an
    absolute one as a ``file:`` URI."""
    local = Path(path)
    if local.is_absolute():
        return {"uri": local.as_uri()}
    return {"uri": quote(PurePath(path).as_posix(), safe="/"), "uriBaseId": BASE}


def _folder_uri(folder: Path) -> str:
    # SARIF wants a base URI to end with a slash; the root's already does.
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def as_sarif(diagnostics: Sequence[Diagnostic], files: int, page: str | None = None) -> str:
    """Every diagnostic as one SARIF 2.1.0 log (JSON); ``files`` is not part of it. Rules
    link to ``page#anchor`` where ``page`` (the codes page's address) is given."""
    del files  # SARIF lists results, not what was checked without a finding
    index = {code: i for i, code in enumerate(CODES)}
    results = []
    for d in diagnostics:
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _level(d.severity),
            "message": {"text": text},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(d.path),
                        # SARIF counts from 1, as diagnostics do; never below it.
                        "region": {
                            "startLine": max(d.line, 1),
                            "startColumn": max(d.column, 1),
                        },
                    }
                }
            ],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "accordreg",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(code, page) for code in CODES.values()],
                    }
                },
                "originalUriBaseIds": {BASE: {"uri": _folder_uri(Path.cwd())}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False))
