"""The registry settings a ceasefire import needs: a state `ended`, and the dataset's terms.

A ceasefire ends; how (broken, expired, replaced) is the dataset's `ended` code, whose
meanings the material at hand does not give. So its end is recorded as no judgement:
the state ``ended`` (done, final), which the default lifecycle lacks, reached from every
state that is not final. The dataset's own codes are kept as given, as typed terms of
the ceasefire category. Both are written into ``accordreg.yaml``: into a new one, or
after the settings ``import pax`` wrote; settings of a person's own are never changed,
and the import says what they lack (E001).
"""

from __future__ import annotations

from typing import Any

from .._model.lifecycle import DEFAULT_LIFECYCLE, KEEP
from .._model.settings import Settings
from .._yaml import emit
from .pax_write import SETTINGS as PAX_SETTINGS

#: The state a ceasefire's end moves it to.
ENDED = "ended"
#: The terms of the dataset itself, added to the ceasefire category: name -> description.
TERMS: dict[str, str] = {
    "ethprio_id": "The ceasefire's id in the ETH/PRIO Civil Conflict Ceasefire dataset "
    "(uniq_id: its country code cc times 1000, plus cf_id).",
    "ethprio_ended": "The dataset's `ended` code, as given (0-4); the dataset's codebook "
    "says what each means.",
    "ethprio_side": "The dataset's `side` code, as given (1-3).",
}
#: The terms the import writes that the built-in ceasefire category declares, by type.
BUILTIN_TERMS = {"effective_from": "date", "arrangement": "text", "written": "boolean"}


def _lifecycle() -> list[dict[str, Any]]:
    """The default lifecycle's states, each that is not final able to move to `ended`."""
    life = DEFAULT_LIFECYCLE
    states: list[dict[str, Any]] = []
    for s in life.states():
        rule = life.table[s]
        moves = [str(m) for m in life.moves_from(s)]
        state: dict[str, Any] = {
            "id": str(s),
            "moves": [*moves, ENDED] if moves else [],
        }
        if rule.may_start:
            state["start"] = True
        if rule.done:
            state["done"] = True
        state["default_level"] = "keep" if rule.default_level is KEEP else rule.default_level
        state["levels"] = sorted(rule.levels)
        states.append(state)
    states.append(
        {
            "id": ENDED,
            "moves": [],
            "done": True,
            "default_level": "keep",
            "levels": [0, 1, 2],
        }
    )
    return states


def block() -> bytes:
    """What the import adds to a settings file: the lifecycle with `ended`, the terms."""
    data = {
        "lifecycle": {"states": _lifecycle()},
        "terms": {
            "ceasefire": {
                name: {"type": "integer", "description": text} for name, text in TERMS.items()
            }
        },
    }
    head = (
        "# Written by `accordreg import ceasefires`: the default lifecycle, with a state\n"
        "# `ended` (a ceasefire no longer in force, however it ended), and the ETH/PRIO\n"
        "# dataset's own codes as terms of the ceasefire category.\n"
    )
    return (head + emit.dump(data)).encode("utf-8")


def fresh() -> bytes:
    """The settings file of a registry the ceasefire import starts."""
    return b"kind: settings\nname: ETH/PRIO ceasefires import\n" + block()


def after_pax() -> bytes:
    """The settings file of a PA-X import, with what the ceasefire import needs."""
    return PAX_SETTINGS + block()


def lacking(settings: Settings) -> list[str]:
    """What a registry's own settings lack for the import (nothing: it may import)."""
    life = settings.lifecycle
    out: list[str] = []
    if "agreed" not in life.starts():
        out.append("a history starting at `agreed`")
    for src, dst in (("agreed", "in_progress"), ("in_progress", ENDED), ("agreed", ENDED)):
        if src not in life.table or dst not in life.table or not life.can_move(src, dst):
            out.append(f"the move {src} -> {dst}")
    category = settings.vocabulary.categories.get("ceasefire")
    wanted = {**BUILTIN_TERMS, **dict.fromkeys(TERMS, "integer")}
    for name, kind in wanted.items():
        spec = category.terms.get(name) if category is not None else None
        if spec is None or spec.type != kind:
            out.append(f"the ceasefire term {name} ({kind})")
    return out
