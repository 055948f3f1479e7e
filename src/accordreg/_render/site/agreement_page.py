"""An agreement's own history on its page: its events as of the site's date, read from
the engine (:mod:`accordreg._registry.agreement_engine`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._model import dates
from .. import words
from .rows import Row

if TYPE_CHECKING:
    from .pages import Pages


def agreement_status(pages: Pages, agreement_id: str) -> str | None:
    """The agreement's own status in words, as of the site's date; None without a history."""
    if not pages.registry.agreement(agreement_id).history:
        return None
    now = pages.registry.agreement_standing(agreement_id, pages.on)
    return words.agreement_state(now.status, now.since, now.party)


def agreement_history(pages: Pages, agreement_id: str) -> list[Row]:
    """The agreement's own events on record by the site's date, oldest first."""
    r = pages.registry
    agreement = r.agreement(agreement_id)
    out = []
    for event, after in zip(agreement.history, r.agreement_timeline(agreement_id), strict=True):
        if after.known > pages.on:
            break
        out.append(
            Row(
                {
                    "on": dates.words(event.on),
                    "status": str(event.status).replace("_", " "),
                    "party": pages.party_link(event.party) if event.party else None,
                    "note": event.note,
                    "sources": [pages.source_link(x) for x in event.sources],
                }
            )
        )
    return out
