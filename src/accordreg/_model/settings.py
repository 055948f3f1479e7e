"""A registry's settings as accordreg uses them: its vocabulary, its lifecycle, its options.

Plain data, no pydantic: every record check consults the settings, including the
checks of a cached run. Reading and checking the settings file itself is the job of
``validation.settings``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from .lifecycle import DEFAULT_AGREEMENT_LIFECYCLE, DEFAULT_LIFECYCLE, Lifecycle
from .vocabulary import Vocabulary

#: Days without a recorded event after which a provision counts as having no news.
STALE_AFTER_DAYS = 90


def _builtin() -> Vocabulary:
    # The built-in categories are data the status command need not load before it has to.
    from .categories import builtin_vocabulary

    return builtin_vocabulary()


@dataclass(frozen=True)
class Settings:
    """A registry's vocabulary, lifecycle and options (the defaults without a file)."""

    vocabulary: Vocabulary = field(default_factory=_builtin)
    lifecycle: Lifecycle = DEFAULT_LIFECYCLE
    #: The lifecycle of agreements as a whole (signed, in force, suspended, ended, ...).
    agreement_lifecycle: Lifecycle = DEFAULT_AGREEMENT_LIFECYCLE
    name: str | None = None
    stale_after_days: int = STALE_AFTER_DAYS
    #: The date up to which the registry's sources were read; None: the latest source or
    #: event date on record.
    horizon: date | None = None
    #: False for a registry that records what was agreed, not what happened since.
    tracks_implementation: bool = True
    #: The settings file these came from; None for the defaults.
    path: str | None = None

    def fingerprint(self) -> str:
        """A hash of everything a record check depends on, for cache keys."""
        text = (
            f"{self.vocabulary.fingerprint}|{self.lifecycle.fingerprint()}"
            f"|{self.agreement_lifecycle.fingerprint()}"
        )
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def with_lifecycle(self, lifecycle: Lifecycle) -> Settings:
        """These settings with another lifecycle."""
        return replace(self, lifecycle=lifecycle)

    @cached_property
    def words(self) -> Mapping[str, Mapping[str, Any]]:
        """The vocabulary's words by section, and the lifecycles' states under ``states``
        and ``agreement_states``,
        each mapped to the value a record holds for it: one lookup for each word checked."""
        return {
            **self.vocabulary.words,
            "states": self.lifecycle.by_name,
            "agreement_states": self.agreement_lifecycle.by_name,
        }

    def __getstate__(self) -> dict[str, Any]:
        # Rebuilt where the settings are sent (worker processes), as the vocabulary's are.
        return {k: v for k, v in self.__dict__.items() if k != "words"}


DEFAULT_SETTINGS = Settings()


def settings_of(context: Any) -> Settings:
    """The settings a validation context carries (pydantic's ``info.context``), or defaults."""
    if isinstance(context, dict):
        found = context.get("settings")
        if isinstance(found, Settings):
            return found
    return DEFAULT_SETTINGS
