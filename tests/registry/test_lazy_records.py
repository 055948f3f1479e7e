"""Records built on first lookup, and let go again where they came from the cache."""

from __future__ import annotations

from pathlib import Path

import accordreg
from accordreg._registry.lazy_records import Pending
from conftest import warm_load

RELEASE = "kl-declaration-2025/release"


def test_a_released_record_is_built_again_equal(registry_dir: Path) -> None:
    """Let go of, then looked up again, a cached record is built anew and equal."""
    loaded = warm_load(registry_dir)
    first = loaded.provision(RELEASE)
    loaded.release(RELEASE)
    assert isinstance(loaded._records._items[RELEASE], Pending)
    again = loaded.provision(RELEASE)
    assert again == first
    assert again is not first


def test_records_loaded_as_models_are_kept(registry_dir: Path) -> None:
    """A record that did not come from the cache is never let go."""
    loaded = accordreg.load(registry_dir)
    first = loaded.provision(RELEASE)
    loaded.release(RELEASE)
    assert loaded.provision(RELEASE) is first
