"""What the command-line modules share: options, date parsing, loading with a clean exit."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import UnknownIdError, ValidationFailed
from ..model.vocabulary import PaxConflictType, PaxRegion, PaxStage
from ..render import diagnostics as reporter

if TYPE_CHECKING:
    from ..registry.query import Registry

DEFAULT_PATH = Path("provisions")

#: Exit statuses, as the README's CLI section documents them. click exits 2 on usage errors.
EXIT_OK = 0
EXIT_INVALID = 1  # invalid data, or a request refused (illegal move, unknown id, ...)
EXIT_USAGE = 2
EXIT_WRITE = 3  # a file could not be written: nothing changed
EXIT_LOCKED = 4  # another process held the registry's lock too long: nothing changed


def existing(path: Path) -> Path:
    if not path.exists():
        raise click.BadParameter(f"{path} does not exist", param_hint="PATH")
    return path


def load_or_exit(path: Path) -> Registry:
    """Load a registry for a read command, or print its problems and exit 1."""
    # The models load with the registry: `validate` on a cached registry never needs them.
    from ..registry.load import load

    try:
        return load(existing(path), use_cache=True)
    except ValidationFailed as exc:
        click.echo(
            reporter.as_text(exc.diagnostics, len({d.path for d in exc.diagnostics})), err=True
        )
        click.echo(f"{path} has errors; fix them first (see `accordreg validate {path}`)", err=True)
        sys.exit(1)


def require_registry(path: Path) -> None:
    """Exit 1, pointing at `accordreg init`, unless ``path`` holds a registry."""
    from ..registry.scaffold import is_registry

    if not is_registry(path):
        start = "accordreg init" + ("" if path == DEFAULT_PATH else f" {path}")
        click.echo(f"error: no registry in {path}; start one with `{start}`", err=True)
        sys.exit(EXIT_INVALID)


def day_or_today(value: datetime | None) -> date:
    return value.date() if value else date.today()


DATE = click.DateTime(formats=["%Y-%m-%d"])


REGISTRY_OPTION = click.option(
    "--registry",
    "registry_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_PATH,
    show_default=True,
    help="The registry folder.",
)


SCHEMAS_OPTION = click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the JSON Schemas the file points at (default: schemas/ beside the "
    "registry; written if missing).",
)


def unknown_id(exc: UnknownIdError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


F = TypeVar("F", bound=Callable[..., Any])

#: Options that narrow `status` and `export` to some provisions (see Registry.find).
_FILTERS = (
    click.option(
        "--stage",
        multiple=True,
        type=click.Choice([s.value for s in PaxStage]),
        metavar="STAGE",
        help="Only agreements at this PA-X stage: "
        + ", ".join(s.value for s in PaxStage)
        + "; repeat for several.",
    ),
    click.option(
        "--process",
        metavar="PROCESS",
        help="Only agreements of this peace process: a PA-X process id, or words of its name.",
    ),
    click.option(
        "--conflict-type",
        "conflict_type",
        multiple=True,
        type=click.Choice([t.value for t in PaxConflictType], case_sensitive=False),
        metavar="TYPE",
        help="Only agreements of this PA-X conflict type: "
        + ", ".join(t.value for t in PaxConflictType)
        + "; repeat for several.",
    ),
    click.option(
        "--region",
        multiple=True,
        type=click.Choice([r.value for r in PaxRegion], case_sensitive=False),
        metavar="REGION",
        help="Only agreements of this PA-X region: "
        + ", ".join(f'"{r.value}"' for r in PaxRegion)
        + "; repeat for several.",
    ),
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
        "--min-strength",
        "min_strength",
        type=click.IntRange(1, 3),
        metavar="N",
        help="Only provisions PA-X codes at this strength or more (1-3), on the --pax-code "
        "codes if given. PA-X's strength says how much the text says, not how far it is "
        "implemented.",
    ),
)
FILTER_NAMES = ("stage", "process", "conflict_type", "region", "since", "until", "country",
                "pax_code", "min_strength")  # fmt: skip


def filter_options(command: F) -> F:
    """Add the provision filters to a command; it receives them as keyword arguments."""
    for option in reversed(_FILTERS):
        command = option(command)
    return command


def selected(registry: Registry, filters: dict[str, Any]) -> set[str] | None:
    """The ids of the provisions the filters keep; None when no filter is given."""
    given = {k: v for k, v in filters.items() if v not in (None, ())}
    if not given:
        return None
    for key in ("since", "until"):
        if isinstance(given.get(key), datetime):
            given[key] = given[key].date()
    for key in ("stage", "conflict_type", "region", "pax_code"):
        if key in given:
            given[key] = list(given[key])
    return {p.id for p in registry.find(**given)}
