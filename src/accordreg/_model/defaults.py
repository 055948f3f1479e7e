"""The built-in settings, built on first use.

A warm run over a cached registry with no settings file, and nothing changed, never
needs them; building the vocabulary's forty categories would be a tenth of its time.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Settings


@cache
def default_settings() -> Settings:
    """``model.settings.DEFAULT_SETTINGS``, imported only when first asked for."""
    from .settings import DEFAULT_SETTINGS

    return DEFAULT_SETTINGS
