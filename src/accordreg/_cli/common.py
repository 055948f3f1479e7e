"""What the command-line modules share: options, date parsing, loading with a clean exit."""

from __future__ import annotations

import math
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._errors import UnknownIdError, ValidationFailed
from .._model.names import DEFAULT_REGISTRY, SETTINGS_FILE
from .._render import diagnostics as reporter

if TYPE_CHECKING:
    from .._registry.query import Registry


#: Exit statuses, as the README's CLI section documents them. click exits 2 on usage errors.
EXIT_OK = 0
EXIT_INVALID = 1  # invalid data, or a request refused (illegal move, unknown id, ...)
EXIT_USAGE = 2
EXIT_WRITE = 3  # a file could not be written: nothing changed
EXIT_LOCKED = 4  # another process held the registry's lock too long: nothing changed


def existing(path: Path) -> Path:
    if not path.exists():
        if path == DEFAULT_REGISTRY:
            raise click.UsageError(
                "no registry here or in a folder above, and no ./provisions: name one with "
                "--registry PATH, or start one with `accordreg init`"
            )
        raise click.BadParameter(f"{path} does not exist", param_hint="PATH")
    return path


def load_or_exit(path: Path) -> Registry:
    """Load a registry for a read command, or print its problems and exit 1."""
    # The models load with the registry: `validate` on a cached registry never needs them.
    from .._registry.load import load

    try:
        return load(existing(path), use_cache=True)
    except ValidationFailed as exc:
        files = len({os.path.normpath(d.path) for d in exc.diagnostics})
        problems = reporter.as_text(exc.diagnostics, files)
        # The count is of the files with problems, not of every file read.
        click.echo(problems.replace(" file(s) checked:", " file(s) with problems:"), err=True)
        said = f"{path} has errors; fix them first (see `accordreg validate -r {path}`)"
        click.echo(said, err=True)
        sys.exit(1)


def require_registry(path: Path) -> None:
    """Exit 1, pointing at `accordreg init`, unless ``path`` holds a registry."""
    from .._registry.scaffold import is_registry

    if path == DEFAULT_REGISTRY and not path.exists():
        existing(path)  # says it as every verb does: none found here or above
    if not is_registry(path):
        start = "accordreg init" + ("" if path == DEFAULT_REGISTRY else f" {path}")
        click.echo(f"error: no registry in {path}; start one with `{start}`", err=True)
        sys.exit(EXIT_INVALID)


def day_or_today(value: datetime | None) -> date:
    return value.date() if value else date.today()


class Day(click.DateTime):
    """A YYYY-MM-DD option, held to the dates the library reads (``Registry``'s ``on=``):
    1900 to 2199, the years reports cover. A day outside them is a typo (`9000-01-01`,
    `0001-01-01`) and a usage error here, not minutes of drawing or an overflow. What is
    no date is said in words: "2019-02-30 is not a date (February has 28 days in 2019)"."""

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        try:
            parsed = super().convert(value, param, ctx)
        except click.BadParameter:
            from .._validation.translate import date_problem

            self.fail(date_problem(str(value).strip()) or f"{value!r} is not a date", param, ctx)
        from .._registry.arguments import as_day

        try:
            as_day(parsed.date(), param.opts[0] if param is not None else "date")
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return parsed


DATE = Day(formats=["%Y-%m-%d"])


class EventDay(click.ParamType[date]):
    """An event's date: a day, or a month or a year where the sources give no day
    (``2025-11-10``, ``2025-11``, ``2025``), held to the same years as any date."""

    name = "date"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        from .._registry.arguments import as_event_date

        if isinstance(value, date):
            return value
        text = str(value).strip()
        if len(text) == 10:
            return DATE.convert(text, param, ctx).date()
        try:
            return as_event_date(text, param.opts[0] if param is not None else "date")
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


EVENT_DATE = EventDay()


class Finite(click.FloatRange):
    """A number option held to finite values: click's FloatRange lets ``nan`` through
    every bound (no comparison with NaN is true), and ``inf`` through an open one; a wait
    of NaN seconds never runs out, a progress of infinity is no measure."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        number: float = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


#: Seconds to wait (``--wait``) and a measure reached (``--progress``): 0 or more, finite.
NON_NEGATIVE = Finite(min=0)


#: Names the registry for every command, where --registry does not.
ENV_REGISTRY = "ACCORDREG_REGISTRY"

REGISTRY_OPTION = click.option(
    "--registry",
    "-r",
    "registry_path",
    type=click.Path(path_type=Path),
    default=None,
    help=f"The registry folder. Default: ${ENV_REGISTRY}; else the registry of this folder or "
    "one above it (a folder with accordreg.yaml, or with record folders, or its "
    "provisions/); else ./provisions.",
)


def _holds_registry(folder: Path) -> bool:
    """Whether ``folder`` is a registry's top: its settings file, or its record folders."""
    if (folder / SETTINGS_FILE).is_file():
        return True
    if (folder / "sources").is_dir() or (folder / "parties").is_dir():
        return True
    return next(folder.glob("*/agreement.yaml"), None) is not None


def find_registry(start: Path | None = None) -> Path:
    """The registry a command works on when none is named, found as git finds its
    repository: ${ACCORDREG_REGISTRY}; else this folder or the nearest one above it that
    is a registry or holds one as provisions/; else ./provisions. Given relative to the
    working folder, so that file names read as before."""
    named = os.environ.get(ENV_REGISTRY)
    if named:
        return Path(named)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for candidate in (folder, folder / DEFAULT_REGISTRY):
            if candidate.is_dir() and _holds_registry(candidate):
                return Path(os.path.relpath(candidate, here))
    return DEFAULT_REGISTRY


def registry_of(option: Path | None, positional: Path | None = None) -> Path:
    """The registry a command was given: --registry; else a PATH given the old way (with a
    one-line note); else :func:`find_registry`."""
    if positional is not None:
        if option is not None:
            raise click.UsageError("name the registry once, with --registry")
        click.echo(
            f"note: naming the registry without --registry is deprecated; "
            f"use --registry {positional}",
            err=True,
        )
        return positional
    return option if option is not None else find_registry()


SCHEMAS_OPTION = click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the JSON Schemas the file points at (default: the registry's schemas/, "
    "or one beside it where that exists; written if missing).",
)


def schemas_folder(registry: Path, given: Path | None) -> Path:
    """Where a registry's JSON Schemas live: as given; else its own schemas/ folder, which
    travels with it, unless it keeps them beside itself (as a repository whose registry
    is its provisions/ folder may)."""
    if given is not None:
        return given
    beside = registry.resolve().parent / "schemas"
    inside = registry / "schemas"
    if not beside.is_dir() or inside.is_dir():
        return inside
    here = Path.cwd().resolve()
    return Path(os.path.relpath(beside, here)) if beside.is_relative_to(here) else beside


def unknown_id(exc: UnknownIdError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def term_value(given: str) -> tuple[str, object]:
    """``NAME=VALUE`` as a name and the value YAML reads from VALUE; a usage error if not."""
    from .._yaml.parse import parse

    name, equals, value = given.partition("=")
    name = name.strip()
    if not equals or not name:
        raise click.BadParameter(f"{given!r} is not NAME=VALUE", param_hint="--term")
    # A line break would let VALUE write keys of its own (`count=18\nfoo: bar`), and no
    # term holds a control character: VALUE is one line of text.
    odd = next((c for c in value if c < " " or "\x7f" <= c <= "\x9f" or c in "\u2028\u2029"), None)
    if odd is not None:
        raise click.BadParameter(
            f"{value!r} holds a line break or control character ({odd!r}): VALUE is one line",
            param_hint="--term",
        )
    parsed = parse(f"value: {value}\n", "--term")
    if parsed.diagnostics or not isinstance(parsed.data, dict) or len(parsed.data) != 1:
        raise click.BadParameter(
            f"{value!r} cannot be read as a YAML value (quote it, or write a list as [a, b])",
            param_hint="--term",
        )
    return name, parsed.data["value"]
