"""Countries and their first-level subdivisions, checked against ISO 3166 (pycountry's
offline copy of the standard)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache, lru_cache

import pycountry


@cache
def _countries() -> dict[str, str]:
    return {c.alpha_3: c.name for c in pycountry.countries}


def user_assigned(code: str) -> bool:
    """Whether ``code`` is in a range ISO 3166-1 leaves to users (e.g. XKX for Kosovo)."""
    return code[:2] == "AA" or "QMA" <= code <= "QZZ" or code[:1] == "X" or code[:2] == "ZZ"


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code, or one of the user-assigned range."""
    return code in _countries() or user_assigned(code)


def country_hint(code: str) -> str:
    """A did-you-mean for a wrong country code: by a close code, or by a country's name."""
    countries = _countries()
    close = difflib.get_close_matches(code.upper(), list(countries), n=1, cutoff=0.6)
    by_name = [a for a, name in countries.items() if _norm(name).startswith(_norm(code))]
    best = close or by_name[:1]
    if code.upper() in countries:
        best = [code.upper()]
    if best:
        return f"did you mean {best[0]!r} ({countries[best[0]]})?"
    return (
        "use the ISO 3166-1 alpha-3 code, e.g. 'THA' for Thailand, 'SDN' for Sudan "
        "(or one of the user-assigned range, e.g. 'XKX')"
    )


def _norm(text: str) -> str:
    # Romanisations differ in diacritics, spaces and hyphens (Banteay Meanchey, Mean Choăy).
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


@cache
def _subdivisions(alpha_3: str) -> dict[str, str]:
    country = pycountry.countries.get(alpha_3=alpha_3)
    if country is None:
        return {}
    found = pycountry.subdivisions.get(country_code=country.alpha_2) or []  # type: ignore[no-untyped-call]
    return {_norm(s.name): s.name for s in found if s.parent_code is None}


@lru_cache(maxsize=4096)
def subdivision_hint(alpha_3: str, name: str) -> str | None:
    """None when ``name`` is a first-level subdivision of the country (or a spelling close to
    one, as romanisations differ); else a hint naming the closest ones."""
    names = _subdivisions(alpha_3)
    if not names:
        return None  # no first-level subdivisions on record for this country
    wanted = _norm(name)
    if wanted in names or name.upper().startswith(f"{alpha_3[:2]}-"):
        return None
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    if close and difflib.SequenceMatcher(None, wanted, close[0]).ratio() >= 0.8:
        return None
    if close:
        return "ISO 3166-2 lists " + ", ".join(repr(names[c]) for c in close)
    return f"not one of the {len(names)} first-level subdivisions ISO 3166-2 lists for {alpha_3}"
