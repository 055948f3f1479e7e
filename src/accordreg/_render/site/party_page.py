"""A party's page: the provisions it carries out, where it stands in each by the events
that name it, what it verifies, the agreements it signed or witnessed."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..._registry import engine
from .rows import Context, Row

if TYPE_CHECKING:
    from .pages import Pages


def party_page(pages: Pages, party_id: str) -> Context:
    """What a party's page shows, as of the site's date."""
    r = pages.registry
    party = r.party(party_id)
    responsible = []
    for pid in sorted(pages.responsible.get(party_id, [])):
        row = Row(pages.prow[pid])
        p = r.provision(pid)
        own = None
        if engine.concerns_one_party(p):
            snap = r.parties_on(pid, pages.on).get(party_id)
            own = (
                f"{pages.state(snap.status)} since {snap.since.isoformat()}"
                if snap
                else "no event names it (the provision's status stands for it)"
            )
        row["own"] = own
        responsible.append(row)
    counts: dict[str, int] = defaultdict(int)
    for row in responsible:
        counts[row["status_label"]] += 1
    past_due = sum(1 for pid in pages.responsible.get(party_id, []) if pages.standing[pid].missed)
    return {
        "party": party,
        "title": party.name,
        "type": pages.party_types.get(str(party.type), str(party.type)),
        "member_of": pages.party_link(party.member_of) if party.member_of else None,
        "members": [pages.party_link(x) for x in sorted(pages.members.get(party_id, []))],
        "responsible": responsible,
        "counts": sorted(counts.items(), key=lambda kv: -kv[1]),
        "past_due": past_due,
        "verifies": [pages.prow[x] for x in sorted(pages.verifies.get(party_id, []))],
        "signed": [pages.agreement_summary(a) for a in pages.signed.get(party_id, [])],
        "third": [
            Row({**pages.agreement_summary(a), "role": role})
            for a, role in pages.third.get(party_id, [])
        ],
        "facet": pages.facet_url("party", party_id),
        "note": pages.note(party.note),
    }
