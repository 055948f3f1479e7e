"""Typed terms, progress and per-party standing as lines of text, for cards and reports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .._registry import engine
from .._registry.flat_tables import term_text
from . import words

if TYPE_CHECKING:
    from .._model.records import Provision
    from .._registry.query import Registry


def term_lines(registry: Registry, provision: Provision, on: date) -> list[tuple[str, str]]:
    """``(label, value)`` for each term on record by ``on``, with its unit."""
    category = registry.settings.vocabulary.category(provision.category)
    specs = category.terms if category else {}
    out = []
    for name, value in registry.terms_on(provision.id, on).items():
        spec = specs.get(name)
        unit = f" {spec.unit}" if spec and spec.unit and not isinstance(value, list) else ""
        out.append(
            (name.replace("_", " "), _shown(registry, spec.type if spec else "", value) + unit)
        )
    return out


def _shown(registry: Registry, term_type: str, value: Any) -> str:
    if term_type in ("party", "parties"):
        ids = value if isinstance(value, list) else [value]
        names = []
        for pid in ids:
            party = registry.parties.get(pid)
            names.append(f"{party.name} ({pid})" if party else str(pid))
        return ", ".join(names)
    return term_text(value)


def party_lines(registry: Registry, provision: Provision, on: date) -> list[str]:
    """Where each responsible party stands, by the events that name it, for a provision
    whose events name parties; the events that name none stand for the provision."""
    if not engine.concerns_one_party(provision):
        return []
    out = []
    for party, snap in registry.parties_on(provision.id, on).items():
        where = (
            f"{words.state(registry, snap.status)} since {snap.since.isoformat()}"
            if snap
            else "no event names it (the provision's status stands for it)"
        )
        out.append(f"{party}: {where}")
    return out
