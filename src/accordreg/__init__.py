"""accordreg: peace-agreement provisions as typed YAML records with a sourced history."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Where each public name lives. Names are imported on first use, so that the command
#: line starts without building the models when it does not need them.
_PUBLIC = {
    "CheckResult": "validation.run",
    "check": "validation.run",
    "run_checks": "validation.run",
    "load": "registry.load",
    "Edit": "registry.staging",
    "Editor": "registry.editor",
    "Changes": "registry.changes",
    "changes": "registry.changes",
    "RegistryDiff": "registry.diff",
    "diff": "registry.diff",
    "CODES": "diagnostics",
    "Diagnostic": "diagnostics",
    "Severity": "diagnostics",
    "AccordregError": "errors",
    "ConflictError": "errors",
    "LockTimeout": "errors",
    "GitError": "errors",
    "TransitionError": "errors",
    "UnknownIdError": "errors",
    "ValidationFailed": "errors",
    "WriteError": "errors",
    "DEFAULT_LIFECYCLE": "model.lifecycle",
    "Lifecycle": "model.lifecycle",
    "Snapshot": "model.lifecycle",
    "Status": "model.lifecycle",
    "Agreement": "model.records",
    "Deadline": "model.records",
    "Event": "model.records",
    "Location": "model.records",
    "Party": "model.records",
    "Provision": "model.records",
    "Source": "model.records",
    "Category": "model.vocabulary",
    "Reliability": "model.vocabulary",
    "Registry": "registry.query",
    "AgreementLevel": "registry.engine",
    "Basis": "registry.engine",
    "EventFacts": "registry.engine",
    "Progress": "registry.engine",
    "Standing": "registry.engine",
}

if TYPE_CHECKING:
    from .diagnostics import CODES, Diagnostic, Severity
    from .errors import (
        AccordregError,
        ConflictError,
        GitError,
        LockTimeout,
        TransitionError,
        UnknownIdError,
        ValidationFailed,
        WriteError,
    )
    from .model.lifecycle import DEFAULT_LIFECYCLE, Lifecycle, Snapshot, Status
    from .model.records import Agreement, Deadline, Event, Location, Party, Provision, Source
    from .model.vocabulary import Category, Reliability
    from .registry.changes import Changes, changes
    from .registry.diff import RegistryDiff, diff
    from .registry.editor import Editor
    from .registry.engine import AgreementLevel, Basis, EventFacts, Progress, Standing
    from .registry.load import load
    from .registry.query import Registry
    from .registry.staging import Edit
    from .validation.run import CheckResult, check, run_checks


#: Names kept one release under their old spelling: old name -> new name.
_RENAMED = {"Change": "Edit", "ProvisionStatus": "Standing"}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        import warnings

        new = _RENAMED[name]
        warnings.warn(
            f"accordreg.{name} is deprecated and will be removed in 0.3; use accordreg.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return __getattr__(new)
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'accordreg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


__all__ = [
    "CODES",
    "DEFAULT_LIFECYCLE",
    "AccordregError",
    "Agreement",
    "AgreementLevel",
    "Basis",
    "Category",
    "Changes",
    "CheckResult",
    "ConflictError",
    "Deadline",
    "Diagnostic",
    "Edit",
    "Editor",
    "Event",
    "EventFacts",
    "GitError",
    "Lifecycle",
    "Location",
    "LockTimeout",
    "Party",
    "Progress",
    "Provision",
    "Registry",
    "RegistryDiff",
    "Reliability",
    "Severity",
    "Snapshot",
    "Source",
    "Standing",
    "Status",
    "TransitionError",
    "UnknownIdError",
    "ValidationFailed",
    "WriteError",
    "__version__",
    "changes",
    "check",
    "diff",
    "load",
    "run_checks",
]
