"""Field kinds of the model classes: one converter and one check per kind.

Every field of a model class is declared with one of the factories below. The
factory records the field's *kind* in the attrs metadata, so that validation,
the JSON converter, the table schema and the Hypothesis strategies can all ask
the class what each field is. Converters only make lossless, unambiguous
changes (a list becomes a tuple, an aware datetime is expressed in UTC, a known
enum value becomes its member); anything else is left as it is and reported as
a problem by :func:`field_problems`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs

from ..errors import Problem, did_you_mean
from ._messages import naive_datetime

__all__ = ["Kind", "field_problems", "kind_of"]


class Kind(StrEnum):
    """The kinds of value a model field holds."""

    ID = "id"  # a non-empty string naming the object
    REF = "ref"  # a non-empty string naming another object
    OPT_REF = "opt_ref"  # a REF or None
    REFS = "refs"  # a tuple of REFs
    TEXT = "text"  # any string
    BOOL = "bool"
    SIZE = "size"  # an int >= 1
    SCORE = "score"  # a float in [0, 1] or None
    NUMBER = "number"  # a finite float
    VOTE = "vote"  # an int in {-1, 0, 1}
    DATETIME = "datetime"  # an aware datetime
    OPT_DATETIME = "opt_datetime"
    DATE = "date"  # a calendar date (not a datetime)
    ENUM = "enum"  # a member of metadata["enum"]
    MAPPING = "mapping"  # str -> str
    PARTICIPATIONS = "participations"  # a tuple of Participation


MAX_SIZE: Final = 2**63 - 1
"""The largest ``size``: tables store it as int64."""

_KIND: Final = "ownership.kind"
_ENUM: Final = "ownership.enum"
_TARGET: Final = "ownership.target"


def kind_of(field: attrs.Attribute[Any]) -> Kind:
    """The kind of a model field."""
    kind: Kind = field.metadata[_KIND]
    return kind


def enum_of(field: attrs.Attribute[Any]) -> type[StrEnum]:
    """The enum class of an ENUM field."""
    enum: type[StrEnum] = field.metadata[_ENUM]
    return enum


def target_of(field: attrs.Attribute[Any]) -> str | None:
    """The collection (``"units"``, ``"stakeholders"``, …) a reference field points into."""
    target: str | None = field.metadata.get(_TARGET)
    return target


# ---------------------------------------------------------------------------
# converters: lossless only


def meta(
    kind: Kind, target: str | None = None, *, enum: type[StrEnum] | None = None
) -> dict[str, Any]:
    """The metadata of a model field: its kind, and the collection or enum it draws from."""
    out: dict[str, Any] = {_KIND: kind}
    if target is not None:
        out[_TARGET] = target
    if enum is not None:
        out[_ENUM] = enum
    return out


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A list (any iterable but a string or mapping) as a tuple; anything else as it is.

    Typed for callers as taking an iterable; at run time a wrong value is left
    alone so that the check can report it instead of splitting a string.
    """
    converted: tuple[Any, ...] = _to_tuple(value)
    return converted


def to_ids(value: Iterable[str]) -> tuple[str, ...]:
    """:func:`to_tuple` for a list of ids."""
    converted: tuple[str, ...] = _to_tuple(value)
    return converted


def to_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    """A read-only copy of a mapping, sorted by key; anything else as it is."""
    converted: Mapping[str, str] = _to_mapping(value)
    return converted


def empty_mapping() -> Mapping[str, str]:
    """A new empty read-only mapping."""
    return MappingProxyType({})


def _to_tuple(value: Any) -> Any:
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # reported by the check, never split into characters
    return tuple(value)


def _to_utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.utcoffset() is not None:
        try:
            return value.astimezone(UTC)
        except OverflowError:  # beyond year 1 or 9999 in UTC: reported by the check
            return value
    return value


def _to_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _to_mapping(value: Any) -> Any:
    if isinstance(value, Mapping):
        try:
            return MappingProxyType(dict(sorted(value.items())))
        except TypeError:  # keys that do not sort against each other: reported by the check
            return MappingProxyType(dict(value))
    return value


def _enum_converter(enum: type[StrEnum]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, enum):
            try:
                return enum(value)
            except ValueError:
                return value  # reported by the check with a did-you-mean hint
        return value

    return convert


# ---------------------------------------------------------------------------
# typed converters for the fields (mypy's attrs plugin reads their signatures)


def to_utc(value: datetime) -> datetime:
    """An aware datetime expressed in UTC; a naive one is left for the check to report."""
    converted: datetime = _to_utc(value)
    return converted


def to_opt_utc(value: datetime | None) -> datetime | None:
    """:func:`to_utc` for an optional datetime."""
    converted: datetime | None = _to_utc(value)
    return converted


def to_opt_float(value: float | None) -> float | None:
    """An int as a float (lossless); anything else as it is."""
    converted: float | None = _to_float(value)
    return converted


def to_float(value: float) -> float:
    """An int as a float (lossless); anything else as it is."""
    converted: float = _to_float(value)
    return converted


E = TypeVar("E", bound=StrEnum)


def enum_converter(enum: type[E]) -> Callable[[E | str], E]:
    """A converter turning a known value of ``enum`` into its member; others stay as they are."""
    convert: Callable[[E | str], E] = _enum_converter(enum)
    return convert


# ---------------------------------------------------------------------------
# checks


def _describe(value: Any) -> str:
    """``null``, or the value's type and repr (``int 3``)."""
    return "null" if value is None else f"{type(value).__name__} {value!r}"


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _check_id(value: Any, what: str) -> str | None:
    if not isinstance(value, str):
        return f"{what} must be a string, not {_describe(value)}"
    if not value:
        return f"{what} must not be empty"
    return None


def _check_datetime(value: Any) -> str | None:
    if not isinstance(value, datetime):
        return f"must be a datetime, not {_describe(value)}"
    if value.utcoffset() is None:
        return naive_datetime(value.isoformat())
    if value.tzinfo is not UTC:
        try:
            value.astimezone(UTC)
        except OverflowError:
            return f"{value.isoformat()} is out of range when expressed in UTC"
    return None


def value_problem(field: attrs.Attribute[Any], value: Any) -> str | None:
    """What is wrong with ``value`` for ``field`` on its own, or None."""
    kind = kind_of(field)
    if kind is Kind.ID:
        return _check_id(value, "an id")
    if kind is Kind.REF:
        return _check_id(value, "a reference")
    if kind is Kind.OPT_REF:
        return None if value is None else _check_id(value, "a reference")
    if kind is Kind.REFS:
        if not isinstance(value, tuple):
            return f"must be a list of ids, not {_describe(value)}"
        for item in value:
            problem = _check_id(item, "every id in the list")
            if problem:
                return problem
        duplicates = sorted({v for v in value if value.count(v) > 1})
        if duplicates:
            return f"lists {', '.join(map(repr, duplicates))} more than once"
        return None
    if kind is Kind.TEXT:
        return None if isinstance(value, str) else f"must be a string, not {_type_name(value)}"
    if kind is Kind.BOOL:
        return None if isinstance(value, bool) else f"must be true or false, not {value!r}"
    if kind is Kind.SIZE:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {_describe(value)}"
        if value < 1:
            return f"must be at least 1, not {value}"
        return None if value <= MAX_SIZE else f"must be at most {MAX_SIZE} (int64), not {value}"
    if kind is Kind.SCORE:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, float):
            return f"must be a number in [0, 1] or null, not {_describe(value)}"
        return None if 0.0 <= value <= 1.0 else f"must be in [0, 1], not {value!r}"
    if kind is Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, float):
            return f"must be a number, not {_describe(value)}"
        return None if math.isfinite(value) else f"must be a finite number, not {value!r}"
    if kind is Kind.VOTE:
        if isinstance(value, bool) or not isinstance(value, int) or value not in (-1, 0, 1):
            return f"must be 1 (agree), 0 (pass) or -1 (disagree), not {value!r}"
        return None
    if kind is Kind.DATETIME:
        return _check_datetime(value)
    if kind is Kind.OPT_DATETIME:
        return None if value is None else _check_datetime(value)
    if kind is Kind.DATE:
        if isinstance(value, datetime) or not isinstance(value, date):
            return f"must be a date, not {_describe(value)}"
        return None
    if kind is Kind.ENUM:
        enum = enum_of(field)
        if isinstance(value, enum):
            return None
        choices = [member.value for member in enum]
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        return f"unknown {enum.__name__} {value!r}{hint}; one of {', '.join(choices)}"
    if kind is Kind.MAPPING:
        if not isinstance(value, Mapping):
            return f"must be a mapping of strings to strings, not {_type_name(value)}"
        bad = [k for k, v in value.items() if not (isinstance(k, str) and k and isinstance(v, str))]
        if bad:
            return f"keys must be non-empty strings and values strings; not so for {bad!r}"
        return None
    if kind is Kind.PARTICIPATIONS:
        from ._classes import Participation

        if not isinstance(value, tuple) or not all(isinstance(p, Participation) for p in value):
            return "must be a list of Participation objects"
        seen: set[str] = set()
        for p in value:
            if p.stakeholder in seen:
                return f"lists stakeholder {p.stakeholder!r} more than once"
            seen.add(p.stakeholder)
        return None
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


def field_problems(obj: Any) -> list[Problem]:
    """Every problem of ``obj``'s fields taken one by one, with ``$.field`` paths."""
    problems = []
    for field in attrs.fields(type(obj)):
        message = value_problem(field, getattr(obj, field.name))
        if message:
            problems.append(Problem(f"$.{field.name}", message))
    return problems
