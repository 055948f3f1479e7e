"""Finding provisions by what they commit to, where, by whom, and by their agreement's
PA-X fields: :meth:`Registry.find <accordreg.Registry.find>`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .._hints import aside
from .._model.dates import first_day
from .._model.vocabulary import PaxConflictType, PaxRegion, PaxStage

if TYPE_CHECKING:
    from .._model.records import Agreement, Provision
    from .query import Registry


def _words(argument: str, given: str | Sequence[str] | None, allowed: Sequence[str]) -> set[str]:
    """The words a filter argument names (one or several), each checked against ``allowed``."""
    if given is None:
        return set()
    words = [given] if isinstance(given, str) else list(given)
    for word in words:
        if not isinstance(word, str) or word not in allowed:
            hint = aside(str(word), list(allowed)) if isinstance(word, str) else ""
            raise ValueError(
                f"find({argument}=...): {word!r} is not one of the registry's {argument} "
                f"values{hint}"
            )
    return set(words)


def _strong(provision: Provision, codes: set[str], least: int) -> bool:
    """Whether the provision's PA-X strength (of ``codes``, if any) is at least ``least``."""
    values = [v for c, v in provision.pax_strength.items() if not codes or c in codes]
    return bool(values) and max(values) >= least


def _in_process(agreement: Agreement, process: str, words: list[str]) -> bool:
    """A PA-X process id, or every word given found in the process's name."""
    if process.isdigit():
        links = agreement.links
        return links is not None and links.pax_process == int(process)
    name = (agreement.process or "").casefold()
    return bool(words) and all(w in name for w in words)


def _check_country(country: str) -> None:
    """An ISO 3166-1 alpha-3 code (any case) or a Gleditsch-Ward number; else ValueError."""
    if not isinstance(country, str):
        raise ValueError(f"find(country=...): {country!r} is not a country code")
    if country.isdigit():
        return
    from .._model.places import country_hint, is_country

    if not is_country(country.upper()):
        raise ValueError(
            f"find(country=...): {country!r} is not an ISO 3166-1 alpha-3 code "
            f"({country_hint(country)})"
        )


def _in_country(agreement: Agreement, country: str) -> bool:
    """An ISO alpha-3 code among its countries, or a Gleditsch-Ward number among its links."""
    if country.isdigit():
        return agreement.links is not None and int(country) in agreement.links.gwno
    return country.upper() in agreement.countries


def find(
    registry: Registry,
    *,
    agreement: str | None = None,
    category: str | Sequence[str] | None = None,
    party: str | None = None,
    status: str | Sequence[str] | None = None,
    location: str | None = None,
    overdue: bool | None = None,
    on: date,
    stage: str | Sequence[str] | None = None,
    process: str | None = None,
    conflict_type: str | Sequence[str] | None = None,
    region: str | Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    country: str | None = None,
    pax_code: str | Sequence[str] | None = None,
    min_strength: int | None = None,
    agreement_status: str | Sequence[str] | None = None,
    within: str | timedelta | None = None,
) -> list[Provision]:
    """Provisions matching every filter given; status and overdue are as of ``on``.

    ``party`` matches responsible parties and verifiers; ``location`` matches a
    country code, a subdivision or a place, ignoring case. ``category`` and ``status``
    take one word or a list of them; an unknown word raises ValueError with a hint.

    Filters on the provision's agreement: ``stage``, ``conflict_type`` and ``region``
    (PA-X's codes, one or a list); ``process`` (a PA-X process id, or words of the
    process name, ignoring case); ``since`` and ``until`` (the agreement's date, both
    ends included); ``country`` (an ISO 3166 alpha-3 code, or a Gleditsch-Ward number).
    ``pax_code`` keeps provisions carrying one of the PA-X codes given; ``min_strength``
    those whose PA-X strength (of those codes, if given; else the highest of its codes)
    is at least that, 1 to 3. ``agreement_status`` keeps those whose agreement's own
    status (from its history) is one of those named on ``on``, or, given ``within``
    (``2y``, ``18m``, ``90d`` or a timedelta), on the day that long after the agreement's
    date: ``agreement_status="ended", within="2y"`` keeps agreements that ended within two
    years (an agreement without a date never matches). Provisions with no agreement on
    record never match an agreement filter.
    """
    day = on
    if country is not None:
        _check_country(country)
    if party is not None and party not in registry.parties:
        hint = aside(str(party), sorted(registry.parties))
        raise ValueError(f"find(party=...): {party!r} is not a party of the registry{hint}")
    wanted_status = _words("status", status, registry.lifecycle.states())
    wanted_category = _words("category", category, list(registry.settings.vocabulary.categories))
    wanted_agreements = _agreements_matching(
        registry,
        stage=stage,
        process=process,
        conflict_type=conflict_type,
        region=region,
        since=since,
        until=until,
        country=country,
    )
    if agreement_status is not None or within is not None:
        standing = _agreements_standing(registry, agreement_status, within, on)
        wanted_agreements = standing if wanted_agreements is None else wanted_agreements & standing
    codes = {pax_code} if isinstance(pax_code, str) else set(pax_code or ())
    if codes:
        _check_pax_codes(registry, codes)
    if min_strength is not None and not 0 <= min_strength <= 3:
        raise ValueError(f"find(min_strength=...): {min_strength!r} is not 0 to 3")
    where = location.casefold() if location else None
    out = []
    ids = (
        registry.provision_ids(agreement) if agreement is not None else sorted(registry.provisions)
    )
    for pid in ids:
        p = registry.provision(pid)
        if wanted_agreements is not None and p.agreement not in wanted_agreements:
            continue
        if wanted_category and p.category not in wanted_category:
            continue
        if codes and not codes.intersection(p.pax_codes):
            continue
        if min_strength is not None and not _strong(p, codes, min_strength):
            continue
        if party is not None and party not in (*p.responsible, *p.verifier):
            continue
        if where is not None and not any(
            where in (x.casefold() for x in (loc.country, loc.subdivision, loc.place) if x)
            for loc in p.locations
        ):
            continue
        if wanted_status and registry.status_on(p.id, day) not in wanted_status:
            continue
        if overdue is not None and bool(registry.overdue(p.id, day)) is not overdue:
            continue
        out.append(p)
    return out


def _check_pax_codes(registry: Registry, codes: set[str]) -> None:
    """Each code is PA-X's (in its codebook) or carried by a provision here; else a
    ValueError naming the closest: a typo would otherwise match nothing, silently."""
    from .._model.pax_codebook import codebook

    book = codebook().codes
    if all(isinstance(c, str) and c in book for c in codes):
        return  # the usual case: no record needs building to know the codes
    known = set(book) | {c for p in registry.provisions.values() for c in p.pax_codes}
    for code in sorted(codes, key=str):
        if not isinstance(code, str) or code not in known:
            hint = aside(str(code), sorted(known))
            raise ValueError(f"find(pax_code=...): {code!r} is not a PA-X code{hint}")


def _agreements_matching(
    registry: Registry,
    *,
    stage: str | Sequence[str] | None,
    process: str | None,
    conflict_type: str | Sequence[str] | None,
    region: str | Sequence[str] | None,
    since: date | None,
    until: date | None,
    country: str | None,
) -> set[str] | None:
    """The ids of the agreements passing the agreement filters; None if none is given."""
    stages = _words("stage", stage, [s.value for s in PaxStage])
    types = _words("conflict_type", conflict_type, [t.value for t in PaxConflictType])
    regions = _words("region", region, [r.value for r in PaxRegion])
    given = (stages, types, regions, process, since, until, country)
    if not any(x for x in given if x is not None):
        return None
    words = process.casefold().split() if process else []
    out = set()
    for aid, a in registry.agreements.items():
        if stages and a.stage not in stages:
            continue
        if types and a.conflict_type not in types:
            continue
        if regions and a.region not in regions:
            continue
        if process is not None and not _in_process(a, process, words):
            continue
        if since is not None and (a.date_signed is None or a.date_signed < since):
            continue
        if until is not None and (a.date_signed is None or a.date_signed > until):
            continue
        if country is not None and not _in_country(a, country):
            continue
        out.add(aid)
    return out


def _agreements_standing(
    registry: Registry,
    status: str | Sequence[str] | None,
    within: str | timedelta | None,
    on: date,
) -> set[str]:
    """The ids of the agreements whose own status (the engine's) is ``status`` on ``on``,
    or ``within`` after their date."""
    from .agreement_engine import states_named
    from .arguments import after

    if status is None:
        raise ValueError(
            "find(within=...): it says when agreement_status is read: give agreement_status too"
        )
    try:
        wanted = states_named(status, registry.settings.agreement_lifecycle)
    except ValueError as exc:
        raise ValueError(f"find(agreement_status=...): {exc}".replace(": status: ", ": ")) from None
    if within is not None:
        after(date(2000, 1, 1), within, "find(within=...)")  # refused, whatever would match
    out = set()
    for aid, a in registry.agreements.items():
        if within is None:
            day = on
        elif a.date_signed is None:
            continue
        else:
            day = after(first_day(a.date_signed), within, "find(within=...)")
        if registry.agreement_status_on(aid, day) in wanted:
            out.add(aid)
    return out
