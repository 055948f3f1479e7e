"""The date field of every record: a day, a month or a year, as :mod:`.dates` defines.

Apart from :mod:`.dates` so that the rules can be used without importing pydantic (the
status command reads cached facts before any model is built).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import PATTERN, PartialDate, parse, text

_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _iso_date(value: Any) -> Any:
    # Lax pydantic would read an integer as a Unix timestamp; records hold a day, a month
    # or a year (see ``dates``), and a bare year is what YAML reads ``on: 1994`` as.
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if len(value) == 10 and value[4] == "-" == value[7]:
            try:  # the usual case, without the pattern's cost: a date as records write it
                return date.fromisoformat(value)
            except ValueError:
                pass  # told apart below: not of the form, or not a real date
        if not _DATE_RE.fullmatch(value):
            raise PydanticCustomError(
                "date_format",
                "{value} is not a date in YYYY-MM-DD, YYYY-MM or YYYY form",
                {"value": repr(value)},
            )
        try:
            return parse(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "date_value",
                "{value} is not a real date: {reason}",
                {"value": repr(value), "reason": str(exc)},
            ) from None
    if type(value) is int and 1000 <= value <= 9999:
        return PartialDate(value, precision="year")
    raise PydanticCustomError("date_type", "a date must be written YYYY-MM-DD, YYYY-MM or YYYY", {})


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    # JSON keeps the form written: the cache's copy of a record must load as the record.
    PlainSerializer(text, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    ),
]
