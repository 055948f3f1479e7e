"""pydantic models of typed terms: one per category, built once per vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    create_model,
    model_validator,
)

from .date_field import IsoDate
from .records import Deadline, Location, PartyId, Text
from .vocabulary import TermSpec


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Part):
    """One listed thing, such as a class of weapons."""

    label: Text
    """What it is called, e.g. `Type A`."""
    description: str | None = None
    """What it covers, e.g. `multiple rocket launchers`."""


class Range(_Part):
    """A stretch of numbered things, such as boundary pillars 42 to 47."""

    from_: Annotated[int, Strict()] = Field(alias="from")
    """The first number."""
    to: Annotated[int, Strict()]
    """The last number (not below `from`)."""

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.to < self.from_:
            raise ValueError("`to` is below `from`")
        return self


def _keep_whole(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    checked = handler(value)
    # 2 stays 2 (not 2.0) in tables and exports; strict float already refused true and "2".
    return value if isinstance(value, int) else checked


_Count = Annotated[int, Strict(), Field(ge=0)]
# One strict float, not `int | float`: a union reports a wrong value once per branch (at
# `terms.x.constrained-int` and `terms.x.constrained-float`), and lax float reads `true`
# and "2" as numbers.
_Amount = Annotated[float, Strict(), Field(ge=0), WrapValidator(_keep_whole)]

_PYTHON_TYPES: dict[str, Any] = {
    "text": Text,
    "texts": list[Text],
    "integer": _Count,
    "number": _Amount,
    "date": IsoDate,
    "boolean": Annotated[bool, Strict()],
    "party": PartyId,
    "parties": list[PartyId],
    "place": Location,
    "places": list[Location],
    "items": list[Item],
    "phases": list[Deadline],
    "range": Range,
}


def terms_model(name: str, specs: Mapping[str, TermSpec]) -> type[BaseModel]:
    """A pydantic model of a category's terms: every term optional, nothing else allowed."""
    return _model(name, tuple((term, spec.type) for term, spec in specs.items()))


@cache
def _model(name: str, fields: tuple[tuple[str, str], ...]) -> type[BaseModel]:
    definitions: dict[str, Any] = {
        term: (_PYTHON_TYPES[kind] | None, None) for term, kind in fields
    }
    model: type[BaseModel] = create_model(
        f"Terms_{name}",
        __config__=ConfigDict(extra="forbid", frozen=True),
        **definitions,
    )
    return model
