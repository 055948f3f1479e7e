"""accordreg: peace-agreement provisions as typed YAML records with a sourced history."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _moved

__version__ = "0.1.0"

_moved.install()

#: Where each public name lives. Names are imported on first use, so that the command
#: line starts without building the models when it does not need them.
_PUBLIC = {
    "CheckResult": "_validation.run",
    "check": "_validation.run",
    "run_checks": "_validation.run",
    "load": "_registry.load",
    "Edit": "_registry.staging",
    "Editor": "_registry.editor",
    "Changes": "_registry.changes",
    "changes": "_registry.changes",
    "RegistryDiff": "_registry.diff",
    "diff": "_registry.diff",
    "CODES": "_diagnostics",
    "Diagnostic": "_diagnostics",
    "Severity": "_diagnostics",
    "AccordregError": "_errors",
    "ConflictError": "_errors",
    "LockTimeout": "_errors",
    "GitError": "_errors",
    "TransitionError": "_errors",
    "UnknownIdError": "_errors",
    "ValidationFailed": "_errors",
    "WriteError": "_errors",
    "DEFAULT_LIFECYCLE": "_model.lifecycle",
    "Lifecycle": "_model.lifecycle",
    "Snapshot": "_model.lifecycle",
    "Status": "_model.lifecycle",
    "PartialDate": "_model.dates",
    "AgreementStatus": "_model.lifecycle",
    "Agreement": "_model.records",
    "AgreementEvent": "_model.records",
    "Deadline": "_model.records",
    "Event": "_model.records",
    "Location": "_model.records",
    "Party": "_model.records",
    "Provision": "_model.records",
    "Source": "_model.records",
    "Category": "_model.vocabulary",
    "Reliability": "_model.vocabulary",
    "Registry": "_registry.query",
    "AgreementLevel": "_registry.agreement_engine",
    "AgreementStanding": "_registry.agreement_engine",
    "Basis": "_registry.engine",
    "EventFacts": "_registry.engine",
    "Progress": "_registry.engine",
    "Standing": "_registry.engine",
}

if TYPE_CHECKING:
    from ._diagnostics import CODES, Diagnostic, Severity
    from ._errors import (
        AccordregError,
        ConflictError,
        GitError,
        LockTimeout,
        TransitionError,
        UnknownIdError,
        ValidationFailed,
        WriteError,
    )
    from ._model.dates import PartialDate
    from ._model.lifecycle import (
        DEFAULT_LIFECYCLE,
        AgreementStatus,
        Lifecycle,
        Snapshot,
        Status,
    )
    from ._model.records import (
        Agreement,
        AgreementEvent,
        Deadline,
        Event,
        Location,
        Party,
        Provision,
        Source,
    )
    from ._model.vocabulary import Category, Reliability
    from ._registry.agreement_engine import AgreementLevel, AgreementStanding
    from ._registry.changes import Changes, changes
    from ._registry.diff import RegistryDiff, diff
    from ._registry.editor import Editor
    from ._registry.engine import Basis, EventFacts, Progress, Standing
    from ._registry.load import load
    from ._registry.query import Registry
    from ._registry.staging import Edit
    from ._validation.run import CheckResult, check, run_checks


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
    "AgreementEvent",
    "AgreementLevel",
    "AgreementStanding",
    "AgreementStatus",
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
    "PartialDate",
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
