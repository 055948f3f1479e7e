"""The provision filters of the read commands (`status`, `export`, `report`).

Apart from the other shared options because they list PA-X's words, which only these
commands need.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .._hints import aside
from .._model.vocabulary import PaxConflictType, PaxRegion, PaxStage
from .common import DATE

if TYPE_CHECKING:
    from .._registry.query import Registry

F = TypeVar("F", bound=Callable[..., Any])


def _pax_words(
    flag: str,
    words: type[Enum],
    what: str,
    metavar: str,
    *,
    quoted: bool = False,
    case_sensitive: bool = False,
) -> Callable[[F], F]:
    """A repeatable option taking one of PA-X's words, each listed in its help."""
    values = [w.value for w in words]
    listed = ", ".join(f'"{v}"' if quoted else v for v in values)
    return click.option(
        flag,
        multiple=True,
        type=click.Choice(values, case_sensitive=case_sensitive),
        metavar=metavar,
        help=f"Only agreements {what}: {listed}; repeat for several.",
    )


#: Options that narrow `status`, `export` and `report` to some provisions (see
#: Registry.find).
_FILTERS = (
    click.option(
        "--agreement",
        metavar="ID",
        help="Only the provisions of this agreement.",
    ),
    click.option(
        "--category",
        multiple=True,
        metavar="CATEGORY",
        help="Only provisions of this category (the registry's own words, e.g. demining); "
        "repeat for several.",
    ),
    _pax_words("--stage", PaxStage, "at this PA-X stage", "STAGE", case_sensitive=True),
    click.option(
        "--process",
        metavar="PROCESS",
        help="Only agreements of this peace process: a PA-X process id, or words of its name.",
    ),
    _pax_words("--conflict-type", PaxConflictType, "of this PA-X conflict type", "TYPE"),
    _pax_words("--region", PaxRegion, "of this PA-X region", "REGION", quoted=True),
    click.option(
        "--since", type=DATE, metavar="DATE", help="Only agreements dated on or after this day."
    ),
    click.option(
        "--until", type=DATE, metavar="DATE", help="Only agreements dated on or before this day."
    ),
    click.option(
        "--country",
        metavar="CODE",
        help="Only agreements that apply to this country: an ISO 3166 alpha-3 code (KHM) "
        "or a Gleditsch-Ward number (811).",
    ),
    click.option(
        "--pax-code",
        "pax_code",
        multiple=True,
        metavar="CODE",
        help="Only provisions carrying this PA-X code, e.g. Ce or StBor; repeat for several.",
    ),
    click.option(
        "--agreement-status",
        "agreement_status",
        multiple=True,
        metavar="STATUS",
        help="Only provisions whose agreement's own status (from its history: signed, "
        "in_force, suspended, resumed, ended, superseded) is this on --on, or --within "
        "its date; repeat for several.",
    ),
    click.option(
        "--within",
        metavar="TIME",
        help="With --agreement-status: its status this long after the agreement's date "
        "(2y, 18m, 90d) instead of on --on; --agreement-status ended --within 2y keeps "
        "agreements that ended within two years.",
    ),
    click.option(
        "--min-strength",
        "min_strength",
        type=click.IntRange(1, 3),
        metavar="N",
        help="Only provisions PA-X codes at this strength or more (1-3), on the --pax-code "
        "codes if given. PA-X's strength says how much the text says, not how far it is "
        "implemented.",
    ),
)
FILTER_NAMES = (
    "agreement",
    "category",
    "stage",
    "process",
    "conflict_type",
    "region",
    "since",
    "until",
    "country",
    "pax_code",
    "min_strength",
    "agreement_status",
    "within",
)


def filter_options(command: F) -> F:
    """Add the provision filters to a command; it receives them as keyword arguments."""
    for option in reversed(_FILTERS):
        command = option(command)
    return command


def selected(
    registry: Registry, filters: dict[str, Any], on: date | None = None
) -> set[str] | None:
    """The ids of the provisions the filters keep (an agreement's status as of ``on``,
    today if None); None when no filter is given."""
    given = {k: v for k, v in filters.items() if v not in (None, ())}
    if not given:
        return None
    if on is not None:
        given["on"] = on
    for key in ("since", "until"):
        if isinstance(given.get(key), datetime):
            given[key] = given[key].date()
    for key in ("category", "stage", "conflict_type", "region", "pax_code", "agreement_status"):
        if key in given:
            given[key] = list(given[key])
    agreement = given.get("agreement")
    if agreement is not None and agreement not in registry.agreements:
        hint = aside(agreement, sorted(registry.agreements))
        raise click.BadParameter(
            f"no agreement {agreement!r} in the registry{hint}", param_hint="--agreement"
        )
    try:
        return {p.id for p in registry.find(**given)}
    except ValueError as exc:  # a word the registry does not have, with a did-you-mean
        message = str(exc)
        if message.startswith("find(") and "=...): " in message:
            # "find(category=...): ..." -> "--category: ...": the option, not the API.
            name, rest = message[len("find(") :].split("=...): ", 1)
            message = f"--{name.replace('_', '-')}: {rest}"
        raise click.UsageError(message) from None
