"""Typed terms and progress against them: each checked at its place in the record."""

from __future__ import annotations

from operator import attrgetter

from pydantic import BaseModel, ValidationError

from .._model.records import Provision
from .._model.settings import Settings
from .._model.terms import count_of
from .._model.vocabulary import CategoryDef
from .located import Located, PathT
from .translate import report, without_misspelt_missing

#: The event fields this module has no business with (it checks terms, progress, party).
PLAIN_EVENT_FIELDS = frozenset({"on", "status", "sources", "level", "note"})
#: Whether an event was given none but those: a test made in C, for every event checked.
_PLAIN_EVENT = PLAIN_EVENT_FIELDS.issuperset
_GIVEN = attrgetter("model_fields_set")


def check_terms(ctx: Located, provision: Provision, settings: Settings) -> None:
    """The provision's terms and its events' terms against its category; progress sane."""
    if not provision.terms and all(map(_PLAIN_EVENT, map(_GIVEN, provision.history))):
        return  # the usual case, and the cheap one: nothing here to check
    _check_parties(ctx, provision)
    category = settings.vocabulary.category(provision.category)
    if category is None:  # reported as an unknown category already
        return
    from .._model.term_schemas import terms_model  # only for a provision with terms

    model = terms_model(category.id, category.terms)
    _validate(ctx, model, provision.terms, ("terms",))
    known = dict(provision.terms)
    for i, event in enumerate(provision.history):
        here: PathT = ("history", i)
        if event.terms:
            _validate(ctx, model, event.terms, (*here, "terms"))
            known.update(event.terms)
        if event.progress is not None:
            _check_progress(ctx, category, known, event.progress, (*here, "progress"))


def _check_parties(ctx: Located, provision: Provision) -> None:
    """An event about one party names a party the provision binds."""
    bound = (*provision.responsible, *provision.verifier)
    for i, event in enumerate(provision.history):
        if event.party is not None and bound and event.party not in bound:
            ctx.add(
                "T003",
                ("history", i, "party"),
                f"{event.party!r} is neither responsible for nor verifying this provision",
                f"responsible: {', '.join(provision.responsible) or 'none'}; "
                "add it there, or fix the id",
            )


def _validate(ctx: Located, model: type[BaseModel], data: object, prefix: PathT) -> None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        for error in without_misspelt_missing(model, exc.errors(include_url=False)):
            report(ctx, model, error, prefix)


def _check_progress(
    ctx: Located, category: CategoryDef, known: dict[str, object], progress: float, loc: PathT
) -> None:
    measure = category.measure
    if measure is None:
        ctx.add(
            "T001",
            loc,
            f"category {category.id!r} has no measurable target to record progress against",
            "say what happened in the event's note instead, or give the category a `measure` "
            "in the registry's settings",
        )
        return
    target = count_of(known.get(measure.term))
    if target is not None and progress > target:
        ctx.add(
            "T002",
            loc,
            f"progress {progress:g} is more than the target of {target:g} "
            f"({measure.term} as known on this date)",
            f"record the {measure.term} first (in `terms`), or fix the figure",
        )
