"""Recording in a registry: `accordreg transition` and `accordreg new ...`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._errors import ConflictError, ScaffoldError, TransitionError, UnknownIdError
from .._model.vocabulary import PartyType, Reliability
from .._render.safe import terminal, unsafe_characters
from .common import (
    DATE,
    NON_NEGATIVE,
    REGISTRY_OPTION,
    SCHEMAS_OPTION,
    existing,
    load_or_exit,
    registry_of,
    require_registry,
    schemas_folder,
    unknown_id,
)

if TYPE_CHECKING:
    from .._diagnostics import Diagnostic
    from .._registry.query import Registry


@click.group()
def new() -> None:
    """Write a new record file: valid, with its schema comment, ready to fill in."""


def _scaffold(
    option: Path | None,
    schemas: Path | None,
    kind: str,
    fields: Callable[[Registry], dict[str, Any]],
    known: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Write the new record ``fields`` makes of the registry, after every check of
    `validate`: the ids ``known`` names (by kind) must be records of the registry. A
    refusal is one `error:` line and exit 1, with nothing written; `validate`'s warnings
    are printed."""
    from .._registry import scaffold

    registry_path = registry_of(option)
    _schemas_option(schemas)
    require_registry(registry_path)
    registry = load_or_exit(registry_path)
    folder = schemas_folder(registry_path, schemas)
    warned: list[Diagnostic] = []
    try:
        for target, ids in (known or {}).items():
            scaffold.check_known(registry, target, ids)
        record = scaffold.build(kind, fields(registry), registry.settings)
        path = scaffold.create(registry, record, registry_path, folder, warned)
    except ScaffoldError as exc:
        click.echo(terminal(f"error: {exc}"), err=True)
        sys.exit(1)
    for warning in warned:
        hint = f" ({warning.hint})" if warning.hint else ""
        click.echo(terminal(f"warning: {warning.code} {warning.message}{hint}"), err=True)
    click.echo(f"wrote {path}")


def _schemas_option(schemas: Path | None) -> None:
    """A usage error if --schemas holds what would break out of the record's one-line
    schema comment (a newline starts YAML of its own there), or a control or invisible
    character that would hide in it; checked before anything is read or written."""
    found = unsafe_characters(str(schemas)) if schemas is not None else []
    if found:
        raise click.BadParameter(
            f"the schemas folder may not hold line breaks, control or invisible characters "
            f"(it holds {', '.join(found)}): a record's schema comment is one line",
            param_hint="--schemas",
        )


def _pair(given: str, option: str, form: str) -> tuple[str, str]:
    """``NAME=VALUE`` as its two parts, split at the first '='; a usage error if there is
    none or either side is empty."""
    name, equals, value = given.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise click.BadParameter(f"{given!r} is not {form}", param_hint=option)
    return name.strip(), value.strip()


def _location(given: str) -> dict[str, str]:
    """``COUNTRY[/SUBDIVISION[/PLACE]]`` as a location; the place may hold '/'."""
    country, _, rest = given.partition("/")
    subdivision, _, place = rest.partition("/")
    found = {"country": country, "subdivision": subdivision, "place": place}
    return {key: value.strip() for key, value in found.items() if value.strip() or key == "country"}


def _deadline(given: str) -> dict[str, str]:
    """``LABEL=YYYY-MM-DD`` as a deadline due on that day (the label may hold '=')."""
    label, equals, due = given.rpartition("=")
    if not equals:
        raise click.BadParameter(f"{given!r} is not LABEL=YYYY-MM-DD", param_hint="--deadline")
    return {"label": label.strip(), "due": due.strip()}


def _terms(given: tuple[str, ...]) -> dict[str, object]:
    """Each ``NAME=VALUE`` as a term, VALUE read as YAML; a usage error for a name twice."""
    out: dict[str, object] = {}
    for name, value in map(_term, given):
        if name in out:
            raise click.BadParameter(f"the term {name!r} is given twice", param_hint="--term")
        out[name] = value
    return out


_NOTE = click.option("--note", help="Anything else worth knowing, in a sentence or two.")


@new.command(name="source")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option(
    "--reliability",
    required=True,
    help=f"How far to trust it: {', '.join(Reliability)}, or the registry's own levels.",
)
@click.option("--publisher")
@click.option("--date", "published", type=DATE, help="Date of publication.")
@click.option("--url")
@_NOTE
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_source(
    record_id: str,
    title: str,
    reliability: str,
    publisher: str | None,
    published: datetime | None,
    url: str | None,
    note: str | None,
    registry_path: Path | None,
    schemas: Path | None,
) -> None:
    """A source that records cite."""
    fields = {
        "id": record_id,
        "title": title,
        "publisher": publisher,
        "date": published.date() if published else None,
        "url": url,
        "reliability": reliability,
        "note": note,
    }
    _scaffold(registry_path, schemas, "source", lambda _: fields)


@new.command(name="party")
@click.argument("record_id", metavar="ID")
@click.option("--name", required=True)
@click.option(
    "--type",
    "party_type",
    required=True,
    help=f"What sort of actor: {', '.join(PartyType)}, or the registry's own types.",
)
@click.option("--country", help="ISO 3166 alpha-3 code, e.g. THA.")
@click.option(
    "--member-of",
    metavar="ID",
    help="The party this one belongs to (a mission to its organisation).",
)
@_NOTE
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_party(
    record_id: str,
    name: str,
    party_type: str,
    country: str | None,
    member_of: str | None,
    note: str | None,
    registry_path: Path | None,
    schemas: Path | None,
) -> None:
    """A party: a state, an armed force, a body, a mission, a person."""
    fields = {
        "id": record_id,
        "name": name,
        "type": party_type,
        "country": country,
        "member_of": member_of,
        "note": note,
    }
    known = {"party": [member_of] if member_of is not None else []}
    _scaffold(registry_path, schemas, "party", lambda _: fields, known)


@new.command(name="agreement")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option("--source", "sources", multiple=True, required=True)
@click.option("--date", "signed", type=DATE, help="Date signed.")
@click.option("--place", help="Where it was signed.")
@click.option("--process", help="The peace process it belongs to.")
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="ISO3",
    help="ISO 3166 alpha-3 code of a country where it applies, e.g. ETH; repeat.",
)
@click.option("--signatory", "signatories", multiple=True, help="A party id; repeat.")
@click.option(
    "--third-party",
    "third_parties",
    multiple=True,
    metavar="PARTY_ID=ROLE",
    help="A party outside the agreement and its role (witness, guarantor, mediator, "
    "facilitator, verifier, observer, monitor, host, or the registry's own), e.g. "
    "african-union=mediator; repeat.",
)
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_agreement(
    record_id: str,
    title: str,
    sources: tuple[str, ...],
    signed: datetime | None,
    place: str | None,
    process: str | None,
    countries: tuple[str, ...],
    signatories: tuple[str, ...],
    third_parties: tuple[str, ...],
    registry_path: Path | None,
    schemas: Path | None,
) -> None:
    """An agreement: the document provisions belong to."""
    others = [_pair(given, "--third-party", "PARTY_ID=ROLE") for given in third_parties]
    fields = {
        "id": record_id,
        "title": title,
        "date_signed": signed.date() if signed else None,
        "place": place,
        "process": process,
        "countries": list(countries),
        "signatories": [{"party": p} for p in signatories],
        "third_parties": [{"party": party, "role": role} for party, role in others],
        "sources": list(sources),
    }
    known = {"source": sources, "party": [*signatories, *(party for party, _ in others)]}
    _scaffold(registry_path, schemas, "agreement", lambda _: fields, known)


@new.command(name="provision")
@click.argument("record_id", metavar="ID")
@click.option("--title", required=True)
@click.option(
    "--category", required=True, help="e.g. ceasefire, demining, detainee_release (see the schema)."
)
@click.option("--text", required=True, help="The provision's words, or a faithful paraphrase.")
@click.option("--source", "sources", multiple=True, required=True)
@click.option("--on", "on", type=DATE, help="First event's date (default: date signed).")
@click.option(
    "--status",
    help="The first event's status: a state the registry's lifecycle may start at "
    "(default: agreed, or the lifecycle's first start state if it has no agreed).",
)
@click.option("--section", help="Where it stands in the document, e.g. 'paragraph 4'.")
@click.option(
    "--responsible",
    multiple=True,
    metavar="ID",
    help="A party that must carry it out; repeat for several.",
)
@click.option(
    "--verifier",
    multiple=True,
    metavar="ID",
    help="A party that verifies it; repeat for several.",
)
@click.option(
    "--location",
    "locations",
    multiple=True,
    metavar="COUNTRY[/SUBDIVISION[/PLACE]]",
    help="Where it applies: an ISO 3166 alpha-3 code, then a province and a place "
    "(THA/Sa Kaeo/Ban Nong Chan); repeat for several.",
)
@click.option(
    "--deadline",
    "deadlines",
    multiple=True,
    metavar="LABEL=YYYY-MM-DD",
    help="A deadline and the day it is due ('Phase 1=2026-03-01'); repeat for several.",
)
@click.option(
    "--term",
    "terms",
    multiple=True,
    metavar="NAME=VALUE",
    help="A term of the category, VALUE written as in YAML (count=18, "
    "sites='[{country: KHM, place: Site A}]'); repeat for several.",
)
@REGISTRY_OPTION
@SCHEMAS_OPTION
def new_provision(
    record_id: str,
    title: str,
    category: str,
    text: str,
    sources: tuple[str, ...],
    on: datetime | None,
    status: str | None,
    section: str | None,
    responsible: tuple[str, ...],
    verifier: tuple[str, ...],
    locations: tuple[str, ...],
    deadlines: tuple[str, ...],
    terms: tuple[str, ...],
    registry_path: Path | None,
    schemas: Path | None,
) -> None:
    """A provision of an existing agreement, with its first history event."""
    from .._registry import scaffold

    places = [_location(given) for given in locations]
    due = [_deadline(given) for given in deadlines]
    given_terms = _terms(terms)

    def fields(registry: Registry) -> dict[str, Any]:
        return scaffold.provision_fields(
            registry,
            record_id,
            title=title,
            category=category,
            text=text,
            sources=list(sources),
            on=on.date() if on else None,
            status=status,
            section=section,
            responsible=responsible,
            verifier=verifier,
            locations=places,
            deadlines=due,
            terms=given_terms,
        )

    known = {"source": sources, "party": [*responsible, *verifier]}
    _scaffold(registry_path, schemas, "provision", fields, known)


@click.command()
@click.argument("provision_id", metavar="ID")
@click.argument("to", metavar="STATUS")
@click.option("--on", "on", type=DATE, required=True, help="The date it happened (YYYY-MM-DD).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    required=True,
    help="Id of a source record that reports it; repeat for several.",
)
@click.option("--note", help="What happened, in a sentence.")
@click.option(
    "--level",
    type=click.Choice(["0", "1", "2", "3", "none"]),
    help="Implementation level 0-3 where the status allows a choice; none: not rated.",
)
@click.option(
    "--progress",
    type=NON_NEGATIVE,
    help="How much of the category's measure is achieved by then (18 of 18 released: 18).",
)
@click.option("--party", metavar="ID", help="The responsible party the event concerns.")
@click.option(
    "--term",
    "terms",
    multiple=True,
    metavar="NAME=VALUE",
    help="A term the event sets from its date on, VALUE written as in YAML "
    "(count=18, sites='[Site A, Site B]'); repeat for several.",
)
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@click.option(
    "--wait",
    type=NON_NEGATIVE,
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another process writes to the registry; then exit 4.",
)
@REGISTRY_OPTION
def transition(
    provision_id: str,
    to: str,
    on: datetime,
    sources: tuple[str, ...],
    note: str | None,
    level: str | None,
    progress: float | None,
    party: str | None,
    terms: tuple[str, ...],
    dry_run: bool,
    wait: float,
    registry_path: Path | None,
) -> None:
    """Record that provision ID moved to STATUS, with its date and sources.

    STATUS may repeat the current status to record news without a move: progress, a
    party's act, terms, a level. Every check of `validate` comes first; the file is then
    rewritten with just the new event appended, comments and layout kept.
    """
    from .._model.lifecycle import UNSET, StepLevel
    from .._registry import staging
    from .._registry.editor import Editor

    given: StepLevel = UNSET if level is None else None if level == "none" else int(level)
    changed = dict(_term(t) for t in terms)

    folder = existing(registry_of(registry_path))
    lock_folder = folder if folder.is_dir() else folder.parent
    lock = lock_folder / staging.LOCK_NAME

    def waiting(pid: int | None) -> None:
        who = f"process {pid}" if pid is not None else "another process"
        click.echo(f"waiting for {lock}, held by {who} (up to {wait:g} s)", err=True)

    def unlocked(said: str) -> None:
        click.echo(terminal(f"note: {said}"), err=True)

    # Holding the lock from reading to writing lets concurrent writers take turns.
    with staging.locked(lock_folder, wait=wait, on_wait=waiting, on_unlocked=unlocked):
        editor = Editor(load_or_exit(folder))
        try:
            editor.transition(
                provision_id,
                to,
                on=on.date(),
                sources=sources,
                note=note,
                level=given,
                progress=progress,
                party=party,
                terms=changed,
            )
            for warning in editor.warnings:
                click.echo(terminal(f"warning: {warning.code} {warning.message}"), err=True)
            if dry_run:
                click.echo(terminal(editor.staged_diff()), nl=False)
                return
            (path,) = editor.save()
        except UnknownIdError as exc:
            unknown_id(exc)
        except (TransitionError, ConflictError) as exc:
            click.echo(terminal(f"error: {exc}"), err=True)
            for d in getattr(exc, "diagnostics", []):
                click.echo(f"  {terminal(str(d))}", err=True)
            sys.exit(1)
    click.echo(f"recorded {provision_id}: {to} on {on.date()} in {path}")


def _term(given: str) -> tuple[str, object]:
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
