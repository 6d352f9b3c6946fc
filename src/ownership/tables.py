"""A strategy process as one dataframe per table, and back.

:func:`to_tables` turns a :class:`~ownership.StrategyProcess` into
:class:`Tables`: one native dataframe (pandas by default, polars or pyarrow on
request) per table of :data:`ownership.schema.TABLES`, with the schema's
dtypes. :func:`from_tables` reads such frames back, from any backend that
narwhals reads, eager or lazy, and checks every row with vectorised
expressions before it builds a single object:

>>> from datetime import datetime, UTC
>>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
>>> from ownership.tables import from_tables, to_tables
>>> process = StrategyProcess(
...     units=[Unit(id="it", name="IT")],
...     stakeholders=[Stakeholder(id="anna", name="Anna Berg", unit="it")],
...     events=[Event(id="e1", kind="workshop", title="Kick-off",
...                   start=datetime(2025, 1, 14, 9, tzinfo=UTC),
...                   participations=[Participation(stakeholder="anna")])],
... )
>>> tables = to_tables(process)
>>> tables.backend
'pandas'
>>> tables.participations
  event stakeholder         role
0    e1        anna  participant
>>> from_tables(tables) == process
True

Every problem of every table is reported at once, each with its cell as
``table[row].column`` (the row counted from 0 in the frame as given) and in
the same words as the model's own checks:

>>> frames = dict(tables)
>>> frames["participations"] = tables.participations.assign(stakeholder=["ana"], role="guest")
>>> from_tables(frames)
Traceback (most recent call last):
...
ownership.errors.ValidationError: 2 problems:
  participations[0].stakeholder: unknown stakeholder 'ana' (did you mean 'anna'?)
  participations[0].role: unknown ParticipationRole 'guest'; one of invited, participant, ...
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar, overload

import attrs
import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from .errors import Problem, SchemaError, ValidationError, did_you_mean
from .model import COLLECTIONS, Participation, StrategyProcess
from .model import _fields as fields
from .model import _messages as messages
from .model._classes import trusted
from .model._process import _SINGULAR
from .schema import TABLES, Column, ColumnKind, TableSpec

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

__all__ = ["Backend", "Tables", "from_tables", "to_tables"]

Backend = Literal["pandas", "polars", "pyarrow"]
"""The eager backends :func:`to_tables` and :meth:`Tables.to` name most often."""

FrameT = TypeVar("FrameT")
_F = TypeVar("_F")

_EAGER: Final = frozenset({"pandas", "polars", "pyarrow", "modin", "cudf"})
_ROW: Final = "__row"  # a temporary column; user columns cannot clash (unknown ones are refused)
_FEW: Final = 1_000  # up to this many ids, references are checked with is_in, not a join
_HINT_BUDGET: Final = 2_000_000  # ids compared for did-you-mean hints, per column: seconds at most
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

_DTYPES: Final[Mapping[ColumnKind, nw.dtypes.DType]] = {
    ColumnKind.STRING: nw.String(),
    ColumnKind.BOOL: nw.Boolean(),
    ColumnKind.INT: nw.Int64(),
    ColumnKind.FLOAT: nw.Float64(),
    ColumnKind.DATETIME: nw.Datetime("us", "UTC"),
    ColumnKind.DATE: nw.Date(),
}

_EXPECTED: Final[Mapping[ColumnKind, str]] = {
    ColumnKind.STRING: "strings",
    ColumnKind.BOOL: "booleans",
    ColumnKind.INT: "whole numbers (Int64)",
    ColumnKind.FLOAT: "numbers (Float64)",
    ColumnKind.DATETIME: "datetimes with a time zone",
    ColumnKind.DATE: "dates",
}


def _dtype(column: Column) -> nw.dtypes.DType:
    return _DTYPES[column.kind]


def _narwhals(native: Any) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    """A native frame (or a narwhals one) as a narwhals frame, eager or lazy."""
    frame: nw.DataFrame[Any] | nw.LazyFrame[Any] = nw.from_native(native)
    return frame


# ---------------------------------------------------------------------------
# Tables


class _NoSuchTableError(SchemaError, KeyError):
    """A table name that the schema does not know: a SchemaError, and a KeyError for Mapping."""

    def __str__(self) -> str:
        return SchemaError.__str__(self)


class _TableAttribute:
    """``tables.units`` and friends: the frame of the table of that name."""

    __slots__ = ("name",)

    def __init__(self) -> None:
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> _TableAttribute: ...
    @overload
    def __get__(self, instance: Tables[_F], owner: type) -> _F: ...
    def __get__(self, instance: Tables[_F] | None, owner: type) -> _F | _TableAttribute:
        if instance is None:
            return self
        return instance[self.name]


class Tables(Mapping[str, FrameT], Generic[FrameT]):
    """One native dataframe per table of :data:`~ownership.schema.TABLES`, under its name.

    A read-only mapping from table name to frame, iterated in the schema's
    order, whose tables are also attributes (``tables.participations``).
    :func:`to_tables` makes one with every table and the schema's dtypes; you
    can also make one from your own frames, of any backend narwhals reads
    (pandas, polars, pyarrow; lazily DuckDB relations, polars LazyFrames, …),
    all of one backend:

    - every *main* table (one per model class: ``units``, ``stakeholders``,
      …) must be given; a *link* table (``participations``, ``goal_owners``,
      ``stakeholder_attributes``, …) that is left out is an empty frame of the
      right columns and dtypes, in the backend of the others;
    - every table must have exactly the schema's columns, in any order.

    Anything else is a :class:`~ownership.errors.SchemaError` that lists every
    missing or unknown table and column at once. Only names are checked here
    (lazy frames stay lazy) and the frames are kept as they are, dtypes
    included; :func:`from_tables` checks the values. Two bundles are equal
    only if they are the same object (frames have no single truth value).

    >>> import pandas as pd
    >>> from ownership.tables import Tables
    >>> frames = {name: pd.DataFrame(columns=list(spec.names))
    ...           for name, spec in TABLES.items() if not spec.is_link}
    >>> frames["units"] = pd.DataFrame(
    ...     {"id": ["it"], "name": ["IT"], "parent": [None], "external": [False]})
    >>> tables = Tables(frames)
    >>> len(tables), tables.backend, list(tables)[:3]
    (22, 'pandas', ['units', 'stakeholders', 'stakeholder_attributes'])
    >>> tables.goal_owners.dtypes.to_dict()
    {'goal': <StringDtype(na_value=nan)>, 'stakeholder': <StringDtype(na_value=nan)>}
    >>> del frames["units"]
    >>> frames["unit"] = pd.DataFrame(columns=["id", "name", "parent", "externl"])
    >>> Tables(frames)
    Traceback (most recent call last):
    ...
    ownership.errors.SchemaError: 2 problems:
      unit: no such table (did you mean 'units'?)
      units: missing table
    """

    __slots__ = ("_backend", "_frames")

    _frames: Mapping[str, FrameT]
    _backend: str

    units = _TableAttribute()
    stakeholders = _TableAttribute()
    stakeholder_attributes = _TableAttribute()
    goals = _TableAttribute()
    goal_owners = _TableAttribute()
    goal_units = _TableAttribute()
    revisions = _TableAttribute()
    revision_goals = _TableAttribute()
    revision_sources = _TableAttribute()
    milestones = _TableAttribute()
    milestone_goals = _TableAttribute()
    events = _TableAttribute()
    event_goals = _TableAttribute()
    event_milestones = _TableAttribute()
    participations = _TableAttribute()
    audiences = _TableAttribute()
    contributions = _TableAttribute()
    contribution_goals = _TableAttribute()
    contribution_attributes = _TableAttribute()
    responses = _TableAttribute()
    reactions = _TableAttribute()
    survey_answers = _TableAttribute()

    def __init__(self, frames: Mapping[str, FrameT]) -> None:
        native, backend = _bundle(frames)
        object.__setattr__(self, "_frames", MappingProxyType(native))
        object.__setattr__(self, "_backend", backend)

    # -------------------------------------------------------------- mapping

    def __getitem__(self, name: str) -> FrameT:
        try:
            return self._frames[name]
        except KeyError:
            hint = did_you_mean(str(name), TABLES)
            raise _NoSuchTableError([Problem(str(name), f"no such table{hint}")]) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __getattr__(self, name: str) -> Any:
        # only called for names that are not attributes: say what was meant
        hint = did_you_mean(name, TABLES) if not name.startswith("_") else ""
        msg = f"'Tables' object has no attribute {name!r}{hint}"
        raise AttributeError(msg)

    def __setattr__(self, name: str, value: Any) -> None:
        msg = "Tables is immutable; make a new one from a dict of frames"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = "Tables is immutable; make a new one from a dict of frames"
        raise AttributeError(msg)

    def __eq__(self, other: object) -> bool:
        # frames do not compare to a single truth value; two bundles are equal if they are one
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __reduce__(self) -> tuple[type[Tables[FrameT]], tuple[dict[str, FrameT]]]:
        return (type(self), (dict(self._frames),))

    def __repr__(self) -> str:
        sizes = []
        for name, native in self._frames.items():
            frame = _narwhals(native)
            rows = str(len(frame)) if isinstance(frame, nw.DataFrame) else "lazy"
            sizes.append(f"{name}={rows}")
        return f"Tables(backend={self._backend!r}, {', '.join(sizes)})"

    # ---------------------------------------------------------------- views

    @property
    def backend(self) -> str:
        """The backend of the frames, as narwhals names it (``'pandas'``, ``'polars'``, …)."""
        return self._backend

    @overload
    def to(self, backend: Literal["pandas"]) -> Tables[pd.DataFrame]: ...
    @overload
    def to(self, backend: Literal["polars"]) -> Tables[pl.DataFrame]: ...
    @overload
    def to(self, backend: Literal["pyarrow"]) -> Tables[pa.Table]: ...
    @overload
    def to(self, backend: str) -> Tables[Any]: ...
    def to(self, backend: str) -> Tables[Any]:
        """The same tables in another backend.

        ``backend`` is an eager backend (``"pandas"``, ``"polars"``,
        ``"pyarrow"``), whose frames are computed, or a lazy one
        (``"duckdb"``, ``"dask"``, ``"ibis"``), whose frames stay lazy. Lazy
        frames are collected first. Columns that have the schema's dtype keep
        it in the new backend.

        >>> from ownership import StrategyProcess, Unit
        >>> tables = to_tables(StrategyProcess(units=[Unit(id="it", name="IT")]))
        >>> arrow = tables.to("pyarrow")
        >>> arrow.backend, arrow.units.schema.field("external").type
        ('pyarrow', DataType(bool))
        >>> arrow.to("pandas").units.equals(tables.units)
        True
        """
        implementation = _implementation(backend)
        frames: dict[str, Any] = {}
        for name, native in self._frames.items():
            frame = _narwhals(native)
            schema = frame.collect_schema()
            converted = _convert(frame, implementation)
            keep = [
                nw.col(column.name).cast(_dtype(column))
                for column in TABLES[name].columns
                if schema.get(column.name) == _dtype(column) and implementation.value in _EAGER
            ]
            done = nw.to_native(converted.with_columns(keep) if keep else converted)
            frames[name] = _pandas_dates(done, TABLES[name]) if backend == "pandas" else done
        return Tables(frames)


def _implementation(backend: str) -> nw.Implementation:
    known = sorted(_EAGER | {"duckdb", "dask", "ibis"})
    if backend not in known:
        hint = did_you_mean(str(backend), known)
        message = f"unknown backend {backend!r}{hint}; one of {', '.join(known)}"
        raise ValidationError([Problem("backend", message)])
    into: Any = backend
    return nw.Implementation.from_backend(into)


def _convert(frame: Any, implementation: Any) -> Any:
    """A narwhals frame in another backend (eager ones computed, lazy ones lazy)."""
    if isinstance(frame, nw.LazyFrame) and frame.implementation is implementation:
        return frame
    eager = frame.collect() if isinstance(frame, nw.LazyFrame) else frame
    target = implementation.value
    if target not in _EAGER:
        return eager.lazy(backend=implementation)
    if eager.implementation is implementation:
        return eager
    if target == "pandas":
        return nw.from_native(eager.to_pandas(), eager_only=True)
    if target == "polars":
        return nw.from_native(eager.to_polars(), eager_only=True)
    if target == "pyarrow":
        return nw.from_native(eager.to_arrow(), eager_only=True)
    return nw.from_arrow(eager.to_arrow(), backend=implementation)


def _bundle(frames: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The native frames of a bundle in schema order, with defaults; or a SchemaError."""
    if isinstance(frames, Tables):
        return dict(frames.items()), frames.backend
    problems: list[Problem] = []
    given: dict[str, Any] = {}
    backends: dict[str, tuple[nw.Implementation, bool]] = {}
    for name, native in frames.items():
        if name not in TABLES:
            problems.append(Problem(str(name), f"no such table{did_you_mean(str(name), TABLES)}"))
            continue
        try:
            frame = _narwhals(native)
        except TypeError:
            kind = type(native).__name__
            problems.append(Problem(name, f"is a {kind}, not a dataframe that narwhals reads"))
            continue
        except nw.exceptions.DuplicateError:
            names: Any = getattr(native, "column_names", None) or getattr(native, "columns", ())
            twice = [repr(c) for c, k in Counter(map(str, names)).items() if k > 1]
            problems.append(Problem(name, f"has more than one column called {', '.join(twice)}"))
            continue
        problems.extend(_column_problems(TABLES[name], frame.collect_schema().names()))
        given[name] = nw.to_native(frame)
        backends[name] = (frame.implementation, isinstance(frame, nw.LazyFrame))
    # the backend most tables are in (the first of them, on a tie) is the bundle's
    counts = Counter(implementation for implementation, _ in backends.values())
    first = next(
        (found for found in backends.values() if counts[found[0]] == max(counts.values())), None
    )
    for name, (implementation, _) in backends.items():
        if first is not None and implementation is not first[0]:
            message = (
                f"is a {implementation.value} frame but the others are {first[0].value}: "
                "give every table in one backend"
            )
            problems.append(Problem(name, message))
    for name, spec in TABLES.items():
        if name not in frames and not spec.is_link:
            problems.append(Problem(name, "missing table"))
    if problems:
        raise SchemaError(_sorted_schema_problems(problems))
    assert first is not None  # every main table was given
    out: dict[str, Any] = {}
    for name, spec in TABLES.items():
        if name in given:
            out[name] = given[name]
            continue
        try:
            out[name] = _empty(spec, *first)
        except Exception:  # a backend narwhals cannot make frames in without more (a session)
            problems.append(Problem(name, "missing table (an empty one cannot be made here)"))
    if problems:
        raise SchemaError(problems)
    return out, first[0].value


def _sorted_schema_problems(problems: list[Problem]) -> list[Problem]:
    order = {name: i for i, name in enumerate(TABLES)}
    return sorted(problems, key=lambda p: order.get(p.path, -1))


def _column_problems(spec: TableSpec, names: list[str]) -> list[Problem]:
    missing = [name for name in spec.names if name not in names]
    unknown = [name for name in names if name not in spec.names]
    problems = [Problem(spec.name, f"missing column {name!r}") for name in missing]
    for name in unknown:
        hint = did_you_mean(str(name), spec.names)
        if hint:
            message = f"unknown column {name!r}{hint}"
        else:
            message = (
                f"unknown column {name!r}: the {spec.name} table has only the columns "
                f"{', '.join(spec.names)}"
            )
        problems.append(Problem(spec.name, message))
    return problems


def _empty(spec: TableSpec, implementation: Any, lazy: bool) -> Any:
    """An empty frame of the table, in the given backend."""
    data: dict[str, list[Any]] = {column.name: [] for column in spec.columns}
    if implementation.value in _EAGER:  # lazy polars included
        frame = _frame(spec, data, implementation.value)
        return nw.to_native(frame.lazy() if lazy else frame)
    return nw.to_native(_frame(spec, data, "pyarrow").lazy(backend=implementation))


def _frame(spec: TableSpec, data: Mapping[str, list[Any]], backend: Any) -> nw.DataFrame[Any]:
    """One table's frame from its column lists, with the schema's dtypes.

    pandas has no date dtype of its own (narwhals would need pyarrow for one),
    so on pandas a date column holds ``datetime.date`` objects.
    """
    pandas = str(backend) == "pandas"
    return nw.from_dict(
        {
            column.name: nw.new_series(
                column.name,
                data[column.name],
                nw.Object() if pandas and column.kind is ColumnKind.DATE else _dtype(column),
                backend=backend,
            )
            for column in spec.columns
        }
    )


def _pandas_dates(native: Any, spec: TableSpec) -> Any:
    """A pandas frame whose date columns hold ``datetime.date`` objects, as :func:`_frame` makes."""
    dates = [c.name for c in spec.columns if c.kind is ColumnKind.DATE]
    if not dates or not isinstance(native, pd.DataFrame):
        return native
    out = native.copy()
    for name in dates:
        column = out[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            column = column.dt.date
        out[name] = column.astype(object)
    return out


# ---------------------------------------------------------------------------
# to_tables


@overload
def to_tables(
    process: StrategyProcess, *, backend: Literal["pandas"] = ...
) -> Tables[pd.DataFrame]: ...
@overload
def to_tables(process: StrategyProcess, *, backend: Literal["polars"]) -> Tables[pl.DataFrame]: ...
@overload
def to_tables(process: StrategyProcess, *, backend: Literal["pyarrow"]) -> Tables[pa.Table]: ...
@overload
def to_tables(process: StrategyProcess, *, backend: str) -> Tables[Any]: ...
def to_tables(process: StrategyProcess, *, backend: str = "pandas") -> Tables[Any]:
    """One frame per table of the process, with the schema's dtypes.

    Ids, text and enums are strings, flags booleans, ``size`` and reaction
    values int64, ratings and survey values float64, datetimes microseconds
    in UTC and ``due`` dates; nulls stand for ``None``. Every table is there,
    an empty one with its columns and dtypes. Link tables keep the order of
    the lists they hold; ``participations`` has (event, stakeholder, role) and
    the attributes tables (owner, key, value), by key.

    ``backend`` is an eager backend narwhals can build frames in:
    ``"pandas"``, ``"polars"`` or ``"pyarrow"`` (or ``"modin"``, ``"cudf"``).
    Use :meth:`Tables.to` for a lazy one.

    >>> from datetime import datetime, UTC
    >>> from ownership import StrategyProcess, Revision
    >>> process = StrategyProcess(revisions=[
    ...     Revision(id="v1", at=datetime(2025, 3, 1, tzinfo=UTC), title="Adopted")])
    >>> tables = to_tables(process)
    >>> tables.revisions.dtypes.to_dict()["at"]
    datetime64[us, UTC]
    >>> tables.revision_goals.shape
    (0, 2)
    """
    if backend not in _EAGER:
        hint = did_you_mean(str(backend), sorted(_EAGER))
        message = f"unknown eager backend {backend!r}{hint}; one of {', '.join(sorted(_EAGER))}"
        raise ValidationError([Problem("backend", message)])
    frames = {
        name: nw.to_native(_frame(spec, _column_lists(process, spec), backend))
        for name, spec in TABLES.items()
    }
    return Tables(frames)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def _column_lists(process: StrategyProcess, spec: TableSpec) -> dict[str, list[Any]]:
    items = getattr(process, spec.collection)
    if not spec.is_link:
        out: dict[str, list[Any]] = {}
        for column in spec.columns:
            name = column.field or column.name
            values = [getattr(item, name) for item in items]
            out[column.name] = [_plain(v) for v in values] if column.enum else values
        return out
    names = spec.names
    columns: tuple[list[Any], ...] = tuple([] for _ in names)
    if spec.field == "participations":
        owners, people, roles = columns
        for event in items:
            for participation in event.participations:
                owners.append(event.id)
                people.append(participation.stakeholder)
                roles.append(participation.role.value)
    elif len(names) == 3:  # owner, key, value of an attributes mapping
        owners, keys, values = columns
        for item in items:
            for key, value in getattr(item, spec.field or "").items():
                owners.append(item.id)
                keys.append(key)
                values.append(value)
    else:
        owners, targets = columns
        for item in items:
            listed = getattr(item, spec.field or "")
            owners.extend([item.id] * len(listed))
            targets.extend(listed)
    return dict(zip(names, columns, strict=True))


# ---------------------------------------------------------------------------
# from_tables


def from_tables(tables: Mapping[str, Any]) -> StrategyProcess:
    """The process held by ``tables``, after checking every table, column and row.

    ``tables`` is a :class:`Tables` or any mapping of table name to a frame
    narwhals reads, eager or lazy (a lazy frame is computed once). Missing
    link tables count as empty, as in :class:`Tables`. The checks, all
    vectorised:

    - the tables and their columns (a :class:`~ownership.errors.SchemaError`
      naming every missing, misspelled or unknown table and column);
    - each column's dtype, which must be the schema's or one that converts
      to it without loss: any integer to int64 (or float64), floats holding
      whole numbers to int64, float32 to float64, categoricals to strings,
      datetimes of any unit and time zone to microseconds in UTC, pandas
      object columns of strings, dates, booleans or integers to their type,
      a column of nulls (or an empty table) to anything. Naive datetimes,
      strings in a number column, times finer than a microsecond and the like
      are one problem per column, at ``table.column``;
    - nulls where the model needs a value, empty ids and references, values
      out of their domain (ratings in [0, 1], ``size`` ≥ 1, reaction values
      -1, 0 or 1, finite survey values, enum values);
    - duplicate keys (ids; pairs in a link table), references to rows that do
      not exist (with a did-you-mean hint, as far as a bounded effort allows
      when thousands of distinct values are unknown), cycles in the unit and
      goal trees and in reply chains, a
      response before its contribution, an event that ends before it starts,
      a stakeholder who left before joining, and two reactions of one
      stakeholder to one contribution at one instant that disagree.

    Every problem found is raised at once in one
    :class:`~ownership.errors.ValidationError`, each at its cell
    ``table[row].column`` with the row counted from 0 in the frame as given,
    and worded as the model words it. Only then are the objects built (without
    checking each one again). Datetimes come back as aware datetimes in UTC,
    nulls as ``None``; the lists of an object keep the order of its rows in
    the link table. ``from_tables(to_tables(p)) == p`` for every process.

    >>> import polars as pl
    >>> from ownership import StrategyProcess, Unit
    >>> process = StrategyProcess(units=[Unit(id="org", name="Org"),
    ...                                  Unit(id="it", name="IT", parent="org")])
    >>> lazy = {name: pl.from_pandas(frame).lazy()
    ...         for name, frame in to_tables(process).items()}
    >>> from_tables(lazy) == process
    True
    >>> lazy["units"] = lazy["units"].with_columns(parent=pl.Series(["it", "org"]))
    >>> from_tables(lazy)
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: units[0].parent: cycle: 'org' -> 'it' -> 'org'
    """
    bundle = tables if isinstance(tables, Tables) else Tables(tables)
    reader = _Reader(bundle)
    reader.check()
    if reader.problems:
        reader.problems.sort(key=lambda item: item[0])
        raise ValidationError(problem for _, problem in reader.problems)
    return reader.build()


_Probe = Callable[[Any, Mapping[str, Any]], str | None]
"""The model's message for a cell's value (given the whole row), or None if it is fine."""


def _probes() -> dict[tuple[str, str], _Probe]:
    """For every column, the model check whose wording its problems take."""

    def of(field: attrs.Attribute[Any]) -> _Probe:
        return lambda value, _row: fields.value_problem(field, value)

    def item_of(field: attrs.Attribute[Any]) -> _Probe:  # one id of a list field
        return lambda value, _row: fields.value_problem(field, (value,))

    def key_of(field: attrs.Attribute[Any]) -> _Probe:
        return lambda value, _row: fields.value_problem(field, {value: ""})

    def value_of(field: attrs.Attribute[Any]) -> _Probe:
        return lambda value, row: fields.value_problem(field, {row.get("key") or "?": value})

    owner = of(attrs.fields(Participation).stakeholder)  # a plain reference
    out: dict[tuple[str, str], _Probe] = {}
    for spec in TABLES.values():
        model = attrs.fields_dict(COLLECTIONS[spec.collection])
        for column in spec.columns:
            key = (spec.name, column.name)
            if not spec.is_link:
                out[key] = of(model[column.field or column.name])
            elif column.name == spec.owner:
                out[key] = owner
            elif spec.field == "participations":
                out[key] = of(attrs.fields_dict(Participation)[column.name])
            elif spec.field == "attributes":
                field = model["attributes"]
                out[key] = key_of(field) if column.name == "key" else value_of(field)
            else:
                out[key] = item_of(model[spec.field or ""])
    return out


_PROBES: Final = _probes()


@attrs.frozen
class _Check:
    """A vectorised check of one column: the failing rows, and how to word each."""

    column: str
    failing: nw.Expr
    null: bool = False  # a null where a value is needed: the message is the probe's for None


@attrs.frozen
class _Tree:
    table: str
    field: str


_TREES: Final = (
    _Tree("units", "parent"),
    _Tree("goals", "parent"),
    _Tree("contributions", "reply_to"),
)


class _Reader:
    """Reads a bundle of tables: checks them all, then builds the process."""

    def __init__(self, tables: Tables[Any]) -> None:
        self.tables = tables
        self.frames: dict[str, nw.DataFrame[Any]] = {}
        self.usable: dict[str, set[str]] = {}
        self.problems: list[tuple[tuple[int, int, int, int], Problem]] = []
        self._order = {name: i for i, name in enumerate(TABLES)}
        self._ids: dict[str, nw.Series[Any]] = {}
        self._id_lists: dict[str, list[str]] = {}

    # ------------------------------------------------------------ reporting

    def _position(self, table: str, column: str) -> int:
        return TABLES[table].names.index(column)

    def cell(self, table: str, row: int, column: str, message: str, phase: int = 0) -> None:
        key = (self._order[table], row, self._position(table, column), phase)
        self.problems.append((key, Problem(f"{table}[{row}].{column}", message)))

    def whole_column(self, table: str, column: str, message: str) -> None:
        key = (self._order[table], -1, self._position(table, column), 0)
        self.problems.append((key, Problem(f"{table}.{column}", message)))

    # --------------------------------------------------------------- checks

    def check(self) -> None:
        for name, spec in TABLES.items():
            self._read(spec, self.tables[name])
        for name, spec in TABLES.items():
            if len(self.frames[name]) == 0:
                continue
            self._check_values(spec)
            self._check_keys(spec)
            self._check_references(spec)
        for tree in _TREES:
            self._check_tree(tree)
        self._check_order("events", "start", "end", messages.ends_before_start)
        self._check_order("stakeholders", "joined", "left", messages.left_before_joining)
        self._check_responses()
        self._check_reports()
        self._check_reactions()

    def _read(self, spec: TableSpec, native: Any) -> None:
        frame = _narwhals(native)
        if isinstance(frame, nw.LazyFrame):
            frame = frame.collect()
        if len(frame) == 0:  # no values to lose: any dtype will do; take the schema's
            empty: dict[str, list[Any]] = {column.name: [] for column in spec.columns}
            self.frames[spec.name] = _frame(spec, empty, frame.implementation).with_row_index(_ROW)
            self.usable[spec.name] = set(spec.names)
            return
        frame = nw.maybe_reset_index(frame).select(list(spec.names)).with_row_index(_ROW)
        exprs = []
        usable = set()
        for column in spec.columns:
            expr, problem = _read_column(frame, column)
            if problem is not None:
                self.whole_column(spec.name, column.name, problem)
            if expr is not None:
                exprs.append(expr.alias(column.name))
                usable.add(column.name)
        self.frames[spec.name] = frame.with_columns(exprs) if exprs else frame
        self.usable[spec.name] = usable

    def _check_values(self, spec: TableSpec) -> None:
        usable = self.usable[spec.name]
        checks: list[_Check] = []
        for column in spec.columns:
            col = nw.col(column.name)
            present = ~col.is_null()
            if not column.nullable:
                checks.append(_Check(column.name, col.is_null(), null=True))
            if column.name not in usable:
                continue
            if column.non_empty:
                checks.append(_Check(column.name, present & (col == "")))
            if column.enum is not None:
                allowed = [member.value for member in column.enum]
                checks.append(_Check(column.name, present & ~col.is_in(allowed)))
            if column.allowed is not None:
                checks.append(_Check(column.name, present & ~col.is_in(list(column.allowed))))
            if column.kind is ColumnKind.FLOAT:
                bad = col.is_nan()
                if column.minimum is None and column.maximum is None:
                    bad = ~col.is_finite()
                if column.minimum is not None:
                    bad = bad | (col < column.minimum)
                if column.maximum is not None:
                    bad = bad | (col > column.maximum)
                checks.append(_Check(column.name, present & bad))
            elif column.minimum is not None:
                checks.append(_Check(column.name, present & (col < column.minimum)))
        if not checks:
            return
        frame = self.frames[spec.name]
        flags = [f"__check{i}" for i in range(len(checks))]
        failing = frame.with_columns(
            [check.failing.alias(flag) for check, flag in zip(checks, flags, strict=True)]
        ).filter(nw.any_horizontal(*flags, ignore_nulls=True))
        if len(failing) == 0:
            return
        rows = self._rows(spec, failing, [*spec.names, *flags])
        for row in rows:
            for check, flag in zip(checks, flags, strict=True):
                if row[flag]:
                    value = None if check.null else row[check.column]
                    probe = _PROBES[(spec.name, check.column)]
                    message = probe(value, row) or f"invalid value {value!r}"
                    self.cell(spec.name, row[_ROW], check.column, message)

    def _rows(
        self, spec: TableSpec, frame: nw.DataFrame[Any], names: list[str]
    ) -> list[dict[str, Any]]:
        """Python rows of a (small) frame, values as the model holds them."""
        kinds = {column.name: column.kind for column in spec.columns}
        columns: dict[str, list[Any]] = {}
        for name in [_ROW, *names]:
            if name in columns:
                continue
            series = frame.get_column(name)
            if name in kinds and name not in self.usable[spec.name]:
                columns[name] = [None] * len(series)  # unreadable: only its nulls are reported
            else:
                kind = kinds.get(name)
                columns[name] = (
                    _python_values(series, kind) if kind is not None else series.to_list()
                )
        keys = list(columns)
        rows = zip(*columns.values(), strict=True)
        return [dict(zip(keys, values, strict=True)) for values in rows]

    def _usable(self, table: str, *columns: str) -> bool:
        return all(column in self.usable[table] for column in columns)

    def _firsts(self, frame: nw.DataFrame[Any], *key: str) -> nw.DataFrame[Any]:
        """Rows with a non-null key, each with ``__first``: the first row with its key.

        Rows come in no particular order (they carry their ``__row``). Only
        repeated keys are grouped. Not ``min().over(key)``: on pyarrow, narwhals
        joins the groups back in an order that pyarrow does not keep for large
        tables.
        """
        present = nw.all_horizontal(*[~nw.col(k).is_null() for k in key], ignore_nulls=False)
        rows = frame.filter(present)
        repeated = rows.select(*key).is_duplicated()
        if not repeated.any():
            return rows.with_columns(nw.col(_ROW).alias("__first"))
        rows = rows.with_columns(repeated.alias("__repeated"))
        once = rows.filter(~nw.col("__repeated")).with_columns(nw.col(_ROW).alias("__first"))
        twice = rows.filter(nw.col("__repeated"))
        firsts = twice.group_by(*key).agg(nw.col(_ROW).min().alias("__first"))
        return nw.concat([once, twice.join(firsts, on=list(key), how="inner")]).drop("__repeated")

    def _check_keys(self, spec: TableSpec) -> None:
        if spec.key is None or not self._usable(spec.name, *spec.key):
            return
        frame = self.frames[spec.name].select(_ROW, *spec.key)
        repeats = self._firsts(frame, *spec.key).filter(nw.col(_ROW) != nw.col("__first"))
        if len(repeats) == 0:
            return
        column = spec.key[-1]
        for row in self._rows(spec, repeats, [*spec.key, "__first"]):
            first = f"{spec.name}[{row['__first']}]"
            value = row[column]
            if not spec.is_link:
                message = messages.duplicate_id(value, first)
            else:
                owner = f"{_SINGULAR[spec.collection]} {row[spec.owner or '']!r}"
                message = f"{owner} {_repeat(spec, value)} (first at {first})"
            self.cell(spec.name, row[_ROW], column, message, phase=1)

    def _known(self, table: str) -> nw.Series[Any]:
        if table not in self._ids:
            ids = self.frames[table].get_column("id")
            self._ids[table] = ids.filter(~ids.is_null() & (ids != ""))
        return self._ids[table]

    def _hint_pool(self, table: str) -> list[str]:
        if table not in self._id_lists:
            self._id_lists[table] = self._known(table).to_list()
        return self._id_lists[table]

    def _check_references(self, spec: TableSpec) -> None:
        for column in spec.columns:
            target = column.references
            if target is None or not self._usable(spec.name, column.name):
                continue
            if not self._usable(target, "id"):
                continue
            col = nw.col(column.name)
            frame = self.frames[spec.name].select(_ROW, column.name)
            known = self._known(target)
            given = ~col.is_null() & (col != "")
            if len(known) == 0:
                dangling = frame.filter(given)
            elif len(known) <= _FEW:
                dangling = frame.filter(given & ~col.is_in(known.to_list()))
            else:  # pandas's is_in is slow on many strings; a hash join is not
                ids = known.to_frame().select(nw.col("id").alias("__known"))
                dangling = frame.filter(given).join(
                    ids, left_on=column.name, right_on="__known", how="anti"
                )
            if len(dangling) == 0:
                continue
            hints: dict[str, str] = {}
            pool = self._hint_pool(target)
            budget = _HINT_BUDGET  # candidates compared for did-you-mean hints, in this column
            for row in self._rows(spec, dangling, [column.name]):
                value = row[column.name]
                if value not in hints:
                    budget -= len(pool)
                    candidates = pool if budget >= 0 else []
                    hints[value] = messages.unknown_reference(_SINGULAR[target], value, candidates)
                self.cell(spec.name, row[_ROW], column.name, hints[value], phase=2)

    def _check_tree(self, tree: _Tree) -> None:
        spec = TABLES[tree.table]
        if not self._usable(tree.table, "id", tree.field):
            return
        frame = self.frames[tree.table]
        n = len(frame)
        if n == 0:
            return
        firsts = (
            self._firsts(frame.select(_ROW, "id"), "id")
            .filter((nw.col(_ROW) == nw.col("__first")) & (nw.col("id") != ""))
            .select(nw.col("id").alias("__parent_id"), nw.col(_ROW).alias("__parent_row"))
        )
        edges = (
            frame.select(_ROW, tree.field)
            .join(firsts, left_on=tree.field, right_on="__parent_id", how="left")
            .sort(_ROW)
        )
        parent_rows = edges.get_column("__parent_row").fill_null(n).to_numpy()
        parent = np.append(np.asarray(parent_rows, dtype=np.int64), n)  # n: the root's parent
        jump = parent
        for _ in range(max(1, math.ceil(math.log2(n + 1)))):
            jump = jump[jump]  # after k rounds, 2**k steps up the tree
        ends = jump[:n]
        on_cycle = np.unique(ends[ends != n])  # a node n steps up is on a loop, if not the root
        if len(on_cycle) == 0:
            return
        ids = self._values_at(tree.table, "id", on_cycle.tolist())
        done: set[int] = set()
        for start in on_cycle.tolist():
            if start in done:
                continue
            loop = [start]
            node = int(parent[start])
            while node != start:
                loop.append(node)
                node = int(parent[node])
            done.update(loop)
            first = min(loop)
            at = loop.index(first)
            ordered = [*loop[at:], *loop[:at], first]
            message = messages.cycle([ids[row] for row in ordered])
            self.cell(spec.name, first, tree.field, message, phase=3)

    def _values_at(self, table: str, column: str, rows: list[int]) -> dict[int, Any]:
        spec = TABLES[table]
        picked = self.frames[table].filter(nw.col(_ROW).is_in(rows))
        return {row[_ROW]: row[column] for row in self._rows(spec, picked, [column])}

    def _check_order(
        self,
        table: str,
        earlier: str,
        later_column: str,
        message: Callable[[datetime, datetime], str],
    ) -> None:
        if not self._usable(table, earlier, later_column):
            return
        spec = TABLES[table]
        frame = self.frames[table]
        wrong = frame.filter(nw.col(later_column) < nw.col(earlier))
        for row in self._rows(spec, wrong, [earlier, later_column]):
            self.cell(table, row[_ROW], later_column, message(row[later_column], row[earlier]), 4)

    def _check_responses(self) -> None:
        if not (
            self._usable("responses", "contribution", "at")
            and self._usable("contributions", "id", "at")
        ):
            return
        sources = (
            self._firsts(self.frames["contributions"].select(_ROW, "id", "at"), "id")
            .filter(nw.col(_ROW) == nw.col("__first"))
            .select(nw.col("id").alias("__source"), nw.col("at").alias("__source_at"))
        )
        wrong = (
            self.frames["responses"]
            .select(_ROW, "contribution", "at")
            .join(sources, left_on="contribution", right_on="__source", how="inner")
            .filter(nw.col("at") < nw.col("__source_at"))
        )
        if len(wrong) == 0:
            return
        spec = TABLES["responses"]
        source_at = _python_values(wrong.get_column("__source_at"), ColumnKind.DATETIME)
        rows = self._rows(spec, wrong, ["contribution", "at"])
        for row, when in zip(rows, source_at, strict=True):
            message = messages.response_before_contribution(row["at"], row["contribution"], when)
            self.cell("responses", row[_ROW], "at", message, phase=4)

    def _check_reports(self) -> None:
        """A milestone is reported only by events that start once it is achieved."""
        if not (
            self._usable("event_milestones", "event", "milestone")
            and self._usable("events", "id", "start")
            and self._usable("milestones", "id", "achieved")
        ):
            return
        events = self._firsts(self.frames["events"].select(_ROW, "id", "start"), "id")
        events = events.filter(nw.col(_ROW) == nw.col("__first")).select(
            nw.col("id").alias("__event"), nw.col("start").alias("__start")
        )
        milestones = self._firsts(self.frames["milestones"].select(_ROW, "id", "achieved"), "id")
        milestones = milestones.filter(nw.col(_ROW) == nw.col("__first")).select(
            nw.col("id").alias("__milestone"), nw.col("achieved").alias("__achieved")
        )
        wrong = (
            self.frames["event_milestones"]
            .select(_ROW, "event", "milestone")
            .join(events, left_on="event", right_on="__event", how="inner")
            .join(milestones, left_on="milestone", right_on="__milestone", how="inner")
            .filter(nw.col("__achieved").is_null() | (nw.col("__start") < nw.col("__achieved")))
        )
        if len(wrong) == 0:
            return
        spec = TABLES["event_milestones"]
        starts = _python_values(wrong.get_column("__start"), ColumnKind.DATETIME)
        achieved = _python_values(wrong.get_column("__achieved"), ColumnKind.DATETIME)
        rows = self._rows(spec, wrong, ["milestone"])
        for row, start, when in zip(rows, starts, achieved, strict=True):
            message = messages.reported_before_achieved(row["milestone"], start, when)
            self.cell("event_milestones", row[_ROW], "milestone", message, phase=4)

    def _check_reactions(self) -> None:
        key = ("contribution", "stakeholder", "at")
        if not self._usable("reactions", *key, "value"):
            return
        frame = self.frames["reactions"].select(_ROW, *key, "value")
        grouped = self._firsts(frame.filter(~nw.col("value").is_null()), *key)
        earliest = grouped.filter(nw.col(_ROW) == nw.col("__first")).select(
            "__first", nw.col("value").alias("__first_value")
        )
        wrong = (
            grouped.filter(nw.col(_ROW) != nw.col("__first"))
            .join(earliest, on="__first", how="inner")
            .filter(nw.col("value") != nw.col("__first_value"))
        )
        if len(wrong) == 0:
            return
        spec = TABLES["reactions"]
        for row in self._rows(spec, wrong, [*key, "value", "__first", "__first_value"]):
            message = messages.contradicting_reaction(
                row["value"],
                f"reactions[{row['__first']}]",
                row["__first_value"],
                row["stakeholder"],
                row["contribution"],
            )
            self.cell("reactions", row[_ROW], "value", message, phase=4)

    # ---------------------------------------------------------------- build

    def build(self) -> StrategyProcess:
        values = {
            name: {
                column.name: _python_values(self.frames[name].get_column(column.name), column.kind)
                for column in spec.columns
            }
            for name, spec in TABLES.items()
            if not spec.is_link
        }
        collections: dict[str, list[Any]] = {}
        with trusted():
            lists: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
            for name, spec in TABLES.items():
                if spec.is_link:
                    groups = _group(spec, self.frames[name])
                    lists[spec.collection].append((spec.field or "", groups))
            for name, cls in COLLECTIONS.items():
                spec = TABLES[name]
                names = [column.field or column.name for column in spec.columns]
                columns = [values[name][column.name] for column in spec.columns]
                extra = lists.get(name, [])
                items = []
                for row in zip(*columns, strict=True):
                    kwargs = dict(zip(names, row, strict=True))
                    for field, groups in extra:
                        owned = groups.get(kwargs["id"])
                        if owned is not None:
                            kwargs[field] = owned
                    items.append(cls(**kwargs))
                collections[name] = items
            return StrategyProcess(**collections)


def _repeat(spec: TableSpec, value: Any) -> str:
    """The model's words for an item listed twice in the list a link table holds."""
    model = attrs.fields_dict(COLLECTIONS[spec.collection])
    if spec.field == "participations":
        with trusted():
            twice = (Participation(stakeholder=value), Participation(stakeholder=value))
        return fields.value_problem(model["participations"], twice) or ""
    if spec.field == "attributes":
        return f"has the key {value!r} more than once"
    return fields.value_problem(model[spec.field or ""], (value, value)) or ""


def _group(spec: TableSpec, frame: nw.DataFrame[Any]) -> dict[str, Any]:
    """A link table's items by owner id, in row order, in the form of the model's field.

    Vectorised: owners are factorised and their rows put side by side with a
    stable sort, so that each owner's items are one slice.
    """
    import pandas as pd  # a core dependency, for its factorisation of object arrays

    if len(frame) == 0:
        return {}

    def column(name: str) -> Any:
        kind = spec.column(name).kind
        return np.asarray(_python_values(frame.get_column(name), kind), dtype=object)

    codes, owners = pd.factorize(column(spec.owner or ""))
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(owners)))
    starts = ends - np.bincount(codes, minlength=len(owners))
    if spec.field == "attributes":
        keys, values = column("key")[order], column("value")[order]
        return {
            owner: dict(zip(keys[start:end], values[start:end], strict=True))
            for owner, start, end in zip(owners, starts, ends, strict=True)
        }
    if spec.field == "participations":
        # one object per distinct (stakeholder, role): they are immutable, so rows share them
        people, people_codes = _codes(column("stakeholder"))
        roles, role_codes = _codes(column("role"))
        pair_codes, pairs = pd.factorize(people_codes * len(roles) + role_codes)
        made = np.empty(len(pairs), dtype=object)
        for i, pair in enumerate(pairs.tolist()):
            person, role = divmod(pair, len(roles))
            made[i] = Participation(stakeholder=people[person], role=roles[role])
        items = made[pair_codes][order]
    else:
        items = column(spec.names[1])[order]
    return {
        owner: tuple(items[start:end].tolist())
        for owner, start, end in zip(owners, starts, ends, strict=True)
    }


def _codes(values: Any) -> tuple[list[Any], Any]:
    import pandas as pd

    codes, uniques = pd.factorize(values)
    return list(uniques), codes


def _python_values(series: nw.Series[Any], kind: ColumnKind | None) -> list[Any]:
    """A column's values as the model holds them: str, bool, int, float, datetime, date, None."""
    n = len(series)
    nulls = series.null_count()
    if n and nulls == n:
        return [None] * n
    if kind is ColumnKind.DATETIME:
        micros = np.asarray(series.fill_null(_EPOCH).dt.timestamp("us").to_numpy(), np.int64)
        values = [moment.replace(tzinfo=UTC) for moment in micros.astype("datetime64[us]").tolist()]
    else:
        values = series.to_list()
    if nulls:
        for i in np.flatnonzero(series.is_null().to_numpy()).tolist():
            values[i] = None
    return values


_OBJECT_DTYPES: Final[Mapping[str, nw.dtypes.DType]] = {
    "string": nw.String(),
    "empty": nw.String(),
    "date": nw.Date(),
    "boolean": nw.Boolean(),
    "integer": nw.Int64(),
    "floating": nw.Float64(),
    "mixed-integer-float": nw.Float64(),
}


def _read_column(frame: nw.DataFrame[Any], column: Column) -> tuple[nw.Expr | None, str | None]:
    """How to read a column in the schema's dtype without loss: (expression, problem).

    The expression is None when the column cannot be read; the problem, if any,
    is about the whole column.
    """
    name = column.name
    series = frame.get_column(name)
    target = _dtype(column)
    expected = _EXPECTED[column.kind]
    expr = nw.col(name)
    source = series.dtype
    n = len(series)
    nulls = series.null_count()
    # pyarrow has two string types (string and large_string), which do not join: use one
    as_is = expr.cast(target) if frame.implementation is nw.Implementation.PYARROW else expr
    if nulls == n:  # nothing to lose: a column of nulls is any type
        if source == target:
            return as_is, None
        if column.nullable:
            return nw.lit(None, dtype=target), None
        return None, None  # every row is reported as a null; nothing else to check
    native = series.to_native()
    if frame.implementation.is_pandas_like() and str(getattr(native, "dtype", "")) == "object":
        import pandas as pd

        inferred = pd.api.types.infer_dtype(native, skipna=True)
        if inferred not in _OBJECT_DTYPES:
            return None, f"must hold {expected}, not Python objects of mixed types ({inferred})"
        source = _OBJECT_DTYPES[inferred]
        if column.kind is ColumnKind.DATE and source == target:
            return expr, None  # date objects as they are: pandas has no date dtype of its own
        if nulls and column.kind in (ColumnKind.BOOL, ColumnKind.INT) and source == target:
            return None, None  # its nulls are reported row by row; there is nothing else
        expr = expr.cast(source)
        series = frame.select(expr).get_column(name)
    if source == target:
        return as_is, None
    kind = column.kind
    if kind is ColumnKind.STRING and isinstance(source, nw.String | nw.Categorical | nw.Enum):
        return expr.cast(target), None
    if kind is ColumnKind.INT and source.is_integer():
        if isinstance(source, nw.UInt64 | nw.Int128 | nw.UInt128):
            low, high = series.min(), series.max()
            if low < -(2**63) or high >= 2**63:
                return None, f"must hold {expected}; it holds {high if high >= 2**63 else low}"
        return expr.cast(target), None
    if kind is ColumnKind.INT and source.is_float():
        whole = series.is_finite() & (series == series.round(0))
        wrong = (~whole.fill_null(value=False) & ~series.is_null()).arg_true()
        if len(wrong):
            i = int(wrong[0])
            value = float(series[i])
            return None, f"must hold {expected}, not {source} such as {value!r} (row {i})"
        return expr.cast(target), None
    if kind is ColumnKind.FLOAT and (source.is_float() or source.is_integer()):
        if source.is_integer() and int(series.abs().max()) > 2**53:
            return None, f"must hold {expected}; integers above 2**53 lose digits as floats"
        return expr.cast(target), None
    if kind is ColumnKind.DATETIME and isinstance(source, nw.Datetime):
        if source.time_zone is None:
            return None, messages.naive_datetime("column")
        if source.time_unit == "ns":
            finer = (~series.is_null() & ((series.dt.nanosecond() % 1000) != 0)).arg_true()
            if len(finer):
                i = int(finer[0])
                return None, f"holds times finer than a microsecond (first at row {i})"
        return expr.dt.convert_time_zone("UTC").cast(target), None
    return None, f"must hold {expected}, not {source}"
