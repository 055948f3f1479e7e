"""A record's data in one normal form, valid or not, so that two versions compare by meaning.

The same function reads every record, whether its checks pass or fail, so that a record
that turns invalid is not compared in another form than it had when valid. The record's
model (by its ``kind``, or by where its file lives) guides the reading, field by field:

* a field left out and a field written with its default are the same: defaults are
  dropped (an event's ``level`` excepted, where absent and null say different things);
* a value the field accepts is taken as the field reads it (a date as YYYY-MM-DD, a
  whole number as an integer, ``"true"`` for a flag as true); a value it refuses is kept
  as written, in the same plain form, so that one wrong value is one change;
* nested models (events, deadlines, locations, signatories...) are read the same way,
  item by item; keys the model does not know, and the free-form ``terms``, as written;
* text in Unicode's composed form (NFC), so that the same letters are the same text.
"""

from __future__ import annotations

import types
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

#: Fields whose absence is not their default (see ``Event.step``): kept as written.
_STATED_ONLY = frozenset({("Event", "level")})
#: Marks a field that has no default, or none that absence stands for.
_NO_DEFAULT = object()


def normal_record(data: Mapping[str, Any], path: str) -> tuple[str | None, dict[str, Any]]:
    """A record's kind and its data in normal form, read from its file's data as written.

    The kind is the record's ``kind`` where that names one, else the kind its file's place
    suggests (as ``validate`` guesses it); None, with the data as written, if neither.
    """
    kind = kind_of(data, path)
    if kind is None:
        return None, {str(k): plain(v) for k, v in data.items()}
    from .._model.kinds import KINDS

    return kind, normal_fields(KINDS[kind].model, data)


def kind_of(data: Mapping[str, Any], path: str) -> str | None:
    """The kind a record is read as: its own word for it, or its file's place."""
    from .._model.kinds import KINDS, guess_kind

    told = data.get("kind")
    if isinstance(told, str) and told in KINDS:
        return told
    # The place only, never the keys: a guess that one edited key could change would
    # read the rest of the record another way.
    return guess_kind(path)


def normal_fields(model: type[BaseModel], data: Mapping[str, Any]) -> dict[str, Any]:
    """A mapping read as ``model``: each known field normalised, defaults dropped."""
    fields = _fields_of(model)
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key)
        spec = fields.get(name)
        if spec is None:
            out[name] = plain(value)
            continue
        normal = normal_value(spec.annotation, value)
        if spec.default is not _NO_DEFAULT and same(normal, spec.default):
            continue
        out[name] = normal
    return out


def normal_value(annotation: Any, value: Any) -> Any:
    """A value read as a field of type ``annotation`` reads it, or as written if refused."""
    if isinstance(value, Mapping):
        model = _model_in(annotation)
        if model is not None:
            return normal_fields(model, value)
        inner = _container(annotation, dict)
        if inner is not None:
            return {str(k): normal_value(inner, v) for k, v in value.items()}
    elif isinstance(value, (list, tuple)):
        inner = _container(annotation, list)
        if inner is not None:
            return [normal_value(inner, v) for v in value]
    if value is None or isinstance(value, (Mapping, list, tuple)):
        return plain(value)
    return _scalar(annotation, value)


def plain(value: Any) -> Any:
    """JSON-ready data as written: whole numbers as integers (18 and 18.0 are the same
    count), dates as YYYY-MM-DD, text composed."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        # Most text is ASCII, which has one form only.
        return str(value) if value.isascii() else unicodedata.normalize("NFC", value)
    if isinstance(value, date):
        return value.isoformat()
    return plain(str(value))


def same(a: Any, b: Any) -> bool:
    """Whether two normal values are equal as data (True is not 1, nor 1 True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


# -- fields ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    #: The field's type, constraints included, as the model checks it.
    annotation: Any
    #: Its default in normal form, or _NO_DEFAULT.
    default: Any


@cache
def _fields_of(model: type[BaseModel]) -> Mapping[str, _Field]:
    """A model's fields by the key a record writes them under."""
    out: dict[str, _Field] = {}
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        default: Any = _NO_DEFAULT
        if not info.is_required() and (model.__name__, name) not in _STATED_ONLY:
            default = normal_value(annotation, info.get_default(call_default_factory=True))
        out[info.alias or name] = _Field(annotation, default)
    return out


def _scalar(annotation: Any, value: Any) -> Any:
    """A single value as the field reads it; as written if the field refuses it."""
    if annotation is Any:
        return plain(value)
    adapter = _adapter(annotation)
    try:
        # No settings: a vocabulary word reads as itself, valid or not, so the registry's
        # own words need not be known to compare them.
        checked = adapter.validate_python(value)
    except ValidationError:
        return plain(value)
    return plain(adapter.dump_python(checked))


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _branches(annotation: Any) -> tuple[Any, ...]:
    """The types a field may hold: each branch of a union, constraints unwrapped."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(b for arg in get_args(annotation) for b in _branches(arg))
    return (annotation,)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a mapping in this field is read as, if the field holds one."""
    for branch in _branches(annotation):
        if isinstance(branch, type) and issubclass(branch, BaseModel):
            return branch
    return None


def _container(annotation: Any, origin: type) -> Any:
    """The type of the items (list) or values (dict) of a field holding ``origin``."""
    for branch in _branches(annotation):
        if get_origin(branch) is origin:
            return get_args(branch)[-1]
    return None
