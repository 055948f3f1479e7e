"""accordreg: peace-agreement provisions as typed YAML records with a sourced history."""

from __future__ import annotations

__version__ = "0.1.0"

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
from .models import (
    Agreement,
    Category,
    Deadline,
    Event,
    Location,
    Party,
    Provision,
    Reliability,
    Source,
)
from .registry import ProvisionStatus, Registry

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
