"""accordreg: peace-agreement provisions as typed YAML records with a sourced history."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Where each public name lives. Names are imported on first use, so that the command
#: line starts without building the models when it does not need them.
_PUBLIC = {
    "CheckResult": "checker",
    "check": "checker",
    "load": "checker",
    "run_checks": "checker",
    "Change": "edit",
    "ConflictError": "edit",
    "TransitionError": "edit",
    "CODES": "errors",
    "AccordregError": "errors",
    "Diagnostic": "errors",
    "Severity": "errors",
    "UnknownIdError": "errors",
    "ValidationFailed": "errors",
    "DEFAULT_LIFECYCLE": "lifecycle",
    "Lifecycle": "lifecycle",
    "Snapshot": "lifecycle",
    "Status": "lifecycle",
    "Agreement": "models",
    "Deadline": "models",
    "Event": "models",
    "Location": "models",
    "Party": "models",
    "Provision": "models",
    "Source": "models",
    "Category": "vocabulary",
    "Reliability": "vocabulary",
    "ProvisionStatus": "registry",
    "Registry": "registry",
}

if TYPE_CHECKING:
    from .checker import CheckResult, check, load, run_checks
    from .edit import Change, ConflictError, TransitionError
    from .errors import (
        CODES,
        AccordregError,
        Diagnostic,
        Severity,
        UnknownIdError,
        ValidationFailed,
    )
    from .lifecycle import DEFAULT_LIFECYCLE, Lifecycle, Snapshot, Status
    from .models import Agreement, Deadline, Event, Location, Party, Provision, Source
    from .registry import ProvisionStatus, Registry
    from .vocabulary import Category, Reliability


def __getattr__(name: str) -> Any:
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
    "Category",
    "Change",
    "CheckResult",
    "ConflictError",
    "Deadline",
    "Diagnostic",
    "Event",
    "Lifecycle",
    "Location",
    "Party",
    "Provision",
    "ProvisionStatus",
    "Registry",
    "Reliability",
    "Severity",
    "Snapshot",
    "Source",
    "Status",
    "TransitionError",
    "UnknownIdError",
    "ValidationFailed",
    "__version__",
    "check",
    "load",
    "run_checks",
]
