"""Countries and their first-level subdivisions, checked against ISO 3166: the offline copy
of the standard that pycountry ships, read straight from its data files (importing
pycountry itself costs more than checking a whole changed file)."""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any


@cache
def _database(name: str) -> Any:
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise ImportError("pycountry is missing: pip install pycountry")
    folder = Path(next(iter(spec.submodule_search_locations))) / "databases"
    return json.loads((folder / f"{name}.json").read_bytes())


@cache
def _countries() -> dict[str, str]:
    return {c["alpha_3"]: c["name"] for c in _database("iso3166-1")["3166-1"]}


@cache
def _alpha_2() -> dict[str, str]:
    return {c["alpha_3"]: c["alpha_2"] for c in _database("iso3166-1")["3166-1"]}


@cache
def _first_level() -> dict[str, list[str]]:
    """First-level subdivisions' names by the country's alpha-2 code."""
    out: dict[str, list[str]] = {}
    for s in _database("iso3166-2")["3166-2"]:
        if "parent" not in s:
            out.setdefault(s["code"].split("-", 1)[0], []).append(s["name"])
    return out


def user_assigned(code: str) -> bool:
    """Whether ``code`` is in a range ISO 3166-1 leaves to users (e.g. XKX for Kosovo)."""
    if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
        return False
    return code[:2] == "AA" or "QMA" <= code <= "QZZ" or code[:1] == "X" or code[:2] == "ZZ"


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code, or one of the user-assigned range."""
    return code in _countries() or user_assigned(code)


def country_name(code: str) -> str | None:
    """The country's name in ISO 3166-1 (``THA``: Thailand); None for a user-assigned code."""
    return _countries().get(code)


def country_meant(code: str) -> str | None:
    """ "did you mean 'SDN' (Sudan)?" for a wrong country code, by a country's name or a
    close code; None when nothing is close."""
    countries = _countries()
    wanted = _norm(code)
    # The start of a name first: a code made up from it (SUD for Sudan) is the usual slip.
    by_name = [a for a, name in countries.items() if wanted and _norm(name).startswith(wanted)]
    best = by_name[:1] or _closest_code(code.upper(), countries)
    if code.upper() in countries:
        best = [code.upper()]
    return f"did you mean {best[0]!r} ({countries[best[0]]})?" if best else None


def country_hint(code: str) -> str:
    """A did-you-mean for a wrong country code (see :func:`country_meant`), else how to
    write one."""
    return country_meant(code) or (
        "use the ISO 3166-1 alpha-3 code, e.g. 'THA' for Thailand, 'SDN' for Sudan "
        "(or one of the user-assigned range, e.g. 'XKX')"
    )


def _closest_code(code: str, countries: dict[str, str]) -> list[str]:
    """The code most like ``code`` (a letter off), ties going to the one that starts alike,
    then to the same letters in another order: KHN is Cambodia's KHM (not Saint Helena's
    SHN), THI is THA, TAH is THA."""
    scored = []
    for other in countries:
        ratio = difflib.SequenceMatcher(None, code, other).ratio()
        if ratio >= 0.6:
            start = 0
            while start < min(len(code), len(other)) and code[start] == other[start]:
                start += 1
            swapped = sorted(code) == sorted(other)  # two letters swapped: TAH for THA
            scored.append((ratio, start, swapped, other))
    return [max(scored)[-1]] if scored else []


def _norm(text: str) -> str:
    # Romanisations differ in diacritics, spaces and hyphens (Banteay Meanchey, Mean Choăy).
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


@cache
def _subdivisions(alpha_3: str) -> dict[str, str]:
    alpha_2 = _alpha_2().get(alpha_3)
    if alpha_2 is None:
        return {}
    return {_norm(name): name for name in _first_level().get(alpha_2, [])}


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


def warm_up() -> None:
    """Load the standard's tables now (tens of ms), e.g. while waiting for work to do."""
    _countries()
    _subdivisions("THA")
