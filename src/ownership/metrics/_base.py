"""What every metric module shares: the tables in scope at a moment, groups, results.

A metric is computed in three steps, each written once here:

1. :class:`Base` reads the tables (any kind narwhals supports, all of one
   kind), checks the columns the metric reads and their types, and derives
   what is costly and does not depend on the moment: each event's level, the
   unit tree. It is built once, by a metric function or by
   :func:`ownership.assess`, which evaluates every metric (and every point of
   a timeline) on one ``Base``.
2. :meth:`Base.view` cuts the tables to a moment ``t`` (and, for
   ``by="period"``, to the window since a period's start): a :class:`View`.
   What had not happened by ``t`` is gone, exactly as in
   :meth:`StrategyProcess.as_of(t) <ownership.StrategyProcess.as_of>`;
   stakeholders in scope are those *active* at ``t`` (joined by ``t``, not
   left) and, with ``internal_only``, not in an external unit.
3. The metric aggregates per group and :meth:`View.finish` lists every group
   (a group with nothing to count gets a null value and the reason), applies
   the privacy minimums (:mod:`ownership.metrics.privacy`) and returns the
   caller's kind of frame.

Every result has the columns: the group (named after ``by``: ``unit``,
``role``, ``goal``, ``period`` or the attribute's key; absent without
``by``), ``size`` (people in the group: the summed ``size`` of its
stakeholders in scope, for groups of people), the evidence counts the metric
names, ``value`` (float64, null where undefined) and ``reason`` (why the value
is null, else null). Grouped by people (unit, role, attribute, goal), a
``suppressed`` column says whether privacy withheld the group.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any, Final, TypeVar, cast
from zoneinfo import ZoneInfo

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from ..errors import Problem, ValidationError, did_you_mean
from ..model._messages import ends_before_start
from . import privacy
from ._counting import TableSource, _Frames, _microseconds, _moment

__all__ = [
    "DEFAULT_MIN_GROUP",
    "DEFAULT_PERIOD",
    "Base",
    "By",
    "View",
    "compute",
    "ratio",
]

FrameT = TypeVar("FrameT")
ValueT = TypeVar("ValueT")

By = str | None
"""``None`` (the whole process), ``"unit"``, ``"role"``, ``"goal"``, ``"period"`` or
``"attribute:KEY"``."""

DEFAULT_MIN_GROUP: Final = 5
"""The smallest group whose scores or counts are published (people)."""
DEFAULT_PERIOD: Final = "MS"
"""Periods are calendar months (a pandas offset alias; ``"MS"``: month start)."""

GROUP: Final = "_group"
_TICK: Final = timedelta(microseconds=1)  # the resolution of the tables' times
ALL: Final = "all"

METRIC_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "units": ("id", "parent", "external"),
    "stakeholders": (
        "id",
        "unit",
        "role",
        "leader",
        "size",
        "power",
        "interest",
        "legitimacy",
        "urgency",
        "joined",
        "left",
    ),
    "stakeholder_attributes": ("stakeholder", "key", "value"),
    "goals": ("id", "parent", "created"),
    "goal_owners": ("goal", "stakeholder"),
    "goal_units": ("goal", "unit"),
    "revisions": ("id", "at"),
    "revision_goals": ("revision", "goal"),
    "revision_sources": ("revision", "contribution"),
    "milestones": ("id", "due", "achieved"),
    "milestone_goals": ("milestone", "goal"),
    "events": ("id", "kind", "start", "end", "level", "organiser"),
    "event_goals": ("event", "goal"),
    "event_milestones": ("event", "milestone"),
    "participations": ("event", "stakeholder", "role"),
    "audiences": ("event", "unit"),
    "contributions": ("id", "event", "author", "at", "kind", "reply_to"),
    "contribution_goals": ("contribution", "goal"),
    "responses": ("id", "contribution", "responder", "at", "outcome"),
    "reactions": ("contribution", "stakeholder", "at", "value"),
}
"""The columns the metrics read, per table; other columns are ignored."""

# the tables every view needs: who is in scope, and what had happened by t
_CORE: Final = ("units", "stakeholders", "events", "contributions")

_RANK: Final[dict[str, int]] = {
    "inform": 0,
    "consult": 1,
    "involve": 2,
    "collaborate": 3,
    "empower": 4,
}
_KIND_RANK: Final[dict[str, int]] = {
    "presentation": 0,
    "newsletter": 0,
    "announcement": 0,
    "story": 0,
    "survey": 1,
    "digital_platform": 1,
    "other": 1,
    "meeting": 2,
    "interview": 2,
    "town_hall": 2,
    "theme_day": 2,
    "workshop": 3,
}
"""Each kind's default level (see :data:`ownership.model.DEFAULT_LEVEL`)."""

_TIMED: Final = (
    "stakeholders",
    "events",
    "contributions",
    "responses",
    "reactions",
    "revisions",
    "milestones",
    "goals",
)
"""The tables with times; the default moment is the last of them."""


def ratio(numerator: str, denominator: str) -> nw.Expr:
    """``numerator / denominator`` as float64, null where the denominator is 0."""
    return (
        nw.when(nw.col(denominator) > 0)
        .then(nw.col(numerator).cast(nw.Float64) / nw.col(denominator).cast(nw.Float64))
        .otherwise(None)
        .cast(nw.Float64)
    )


def reason_if_null(value: str, reason: str) -> nw.Expr:
    """The text ``reason`` where ``value`` is null, else null: the ``reason`` column."""
    return (
        nw.when(nw.col(value).is_null())
        .then(nw.lit(reason))
        .otherwise(nw.lit(None, dtype=nw.String))
        .alias("reason")
    )


def attribute_key(by: By) -> str | None:
    """The attribute's key for ``"attribute:KEY"``, else None."""
    prefix = "attribute:"
    if isinstance(by, str) and by.startswith(prefix) and len(by) > len(prefix):
        return by[len(prefix) :]
    return None


def check_by(by: object, allowed: Sequence[str]) -> By:
    """``by`` checked against what the metric can be grouped by."""
    if by is None:
        return None
    names = [*allowed]
    if isinstance(by, str) and (by in names or ("attribute" in names and attribute_key(by))):
        return by
    shown = [n if n != "attribute" else "attribute:KEY" for n in names]
    hint = did_you_mean(by, shown) if isinstance(by, str) else ""
    message = f"cannot group this metric by {by!r}{hint}; use None or one of {', '.join(shown)}"
    raise ValidationError([Problem("by", message)])


def _day_end(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(days=1)


_CHAINED_POINTS: Final = 64
"""Up to this many moments, :meth:`Base.point_of` tests a value against each in turn; beyond,
it halves them (a chain of thousands of tests nests too deep to build)."""


class Base:
    """The tables a metric reads, checked, with what does not depend on the moment.

    ``needs`` names the tables beyond the core (units, stakeholders, events,
    contributions) that the metric reads. ``internal_only`` keeps stakeholders
    of external units out of scope.
    """

    def __init__(
        self,
        tables: TableSource[Any],
        needs: Iterable[str] = (),
        *,
        internal_only: bool = True,
        min_group: int = DEFAULT_MIN_GROUP,
        min_count: int = DEFAULT_MIN_GROUP,
    ) -> None:
        names = list(dict.fromkeys([*_CORE, *needs]))
        # the default moment is the last time the tables record, whatever the metric reads
        present = set(tables.keys()) if isinstance(tables, Mapping) else set(_TIMED)
        names += [name for name in _TIMED if name in present and name not in names]
        self._frames = _Frames(tables, names, None, METRIC_COLUMNS)
        self.eager = self._frames.eager
        impl = self._frames.implementation
        assert impl is not None  # the core tables are always read
        self.implementation = impl
        self.internal_only = internal_only
        self.min_group = _positive("min_group", min_group)
        self.min_count = _positive("min_count", min_count)
        events = self._frames["events"]
        dtype = events.collect_schema()["start"]
        self.zone: str = getattr(dtype, "time_zone", None) or "UTC"
        self._datetime = dtype
        self.names = frozenset(names)
        self._shared: dict[tuple[str, Any], Any] = {}
        # a timeline computes its points in threads on polars: one builds what they share
        self._lock = threading.RLock()

    # -- frames -----------------------------------------------------------------

    def table(self, name: str) -> nw.LazyFrame[Any]:
        if name not in self.names:  # a programming error in a metric, not a user's
            raise KeyError(f"metric reads table {name!r} without declaring it")
        return self._frames[name]

    def keep(self, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        """``frame`` computed now when the tables are eager (it is read more than once)."""
        if self.eager:
            return frame.collect().lazy()
        return frame

    def out(self, frame: nw.LazyFrame[Any]) -> Any:
        """``frame`` as a native frame of the caller's kind."""
        return self._frames.out(frame)

    def literal(
        self, data: Mapping[str, Sequence[Any]], schema: Mapping[str, Any]
    ) -> nw.LazyFrame[Any]:
        """A small frame of ``data`` in the tables' backend, as a narwhals lazy frame."""
        impl = self.implementation
        eager_impl = impl if impl.is_pandas() or impl.is_polars() or impl.is_pyarrow() else None
        backend = eager_impl if eager_impl is not None else nw.Implementation.PYARROW
        frame = nw.from_dict(
            {k: list(v) for k, v in data.items()},
            schema=dict(schema),
            backend=cast("Any", backend),
        )
        if eager_impl is not None:
            return frame.lazy()
        return frame.lazy(backend=impl)

    def moment(self, value: datetime) -> nw.Expr:
        """``value`` as a literal of the tables' datetime type (one time zone everywhere)."""
        return nw.lit(value.astimezone(ZoneInfo(self.zone)), dtype=self._datetime)

    @cached_property
    def units(self) -> list[tuple[str, str | None, bool]]:
        """Every unit as ``(id, parent, external)``: the tree is small, read it once."""
        frame = self.table("units").select("id", "parent", "external").collect()
        return [(str(i), p, bool(x)) for i, p, x in frame.rows()]

    @cached_property
    def closure(self) -> nw.LazyFrame[Any]:
        """``(unit, within)``: every unit with itself and each unit above it."""
        parent = {unit: parent for unit, parent, _ in self.units}
        rows: list[tuple[str, str]] = []
        for unit in parent:
            seen = set()
            at: str | None = unit
            while at is not None and at not in seen:  # a valid tree has no cycle
                seen.add(at)
                rows.append((unit, at))
                at = parent.get(at)
        data = {"unit": [u for u, _ in rows], "within": [w for _, w in rows]}
        return self.keep(self.literal(data, {"unit": nw.String(), "within": nw.String()}))

    @cached_property
    def events(self) -> nw.LazyFrame[Any]:
        """Events with ``rank`` (their level 0-4, by default from their kind)."""
        level = nw.col("level")
        kind = nw.col("kind")
        rank: Any = None
        for name, value in _RANK.items():
            test = level == name
            rank = nw.when(test).then(value) if rank is None else rank.when(test).then(value)
        for name, value in _KIND_RANK.items():
            rank = rank.when(level.is_null() & (kind == name)).then(value)
        rank = rank.otherwise(1).cast(nw.Int64)
        events = self.table("events")
        # an event that ends before it starts would take part for negative hours: refuse it,
        # as from_tables does, naming each such event (tables given here are not checked)
        backwards = (
            events.filter(~nw.col("end").is_null() & (nw.col("end") < nw.col("start")))
            .select("id", "start", "end")
            .sort("id")
            .collect()
            .rows()
        )
        if backwards:
            raise ValidationError(
                Problem(f"events[id={event!r}].end", ends_before_start(_instant(e), _instant(s)))
                for event, s, e in backwards
            )
        return self.keep(
            events.select("id", "start", "end", "organiser", "kind", rank.alias("rank"))
        )

    @cached_property
    def attendance(self) -> nw.LazyFrame[Any]:
        """Who took part (participant or facilitator) in which event, with the event's
        ``start``, ``end``, ``rank`` and ``kind``: one row per event and stakeholder, all
        times."""
        rows = (
            self.table("participations")
            .filter(nw.col("role") != "invited")
            .with_columns((nw.col("role") == "facilitator").alias("facilitator"))
        )
        if self._no_pair_twice(rows):
            taking_part = rows.select("event", "stakeholder", "facilitator")
        else:  # a person listed twice for an event takes part once (facilitating if either)
            taking_part = rows.group_by("event", "stakeholder").agg(nw.col("facilitator").max())
        events = self.events.select(nw.col("id").alias("event"), "start", "end", "rank", "kind")
        return self.keep(taking_part.join(events, on="event", how="inner"))

    def _no_pair_twice(self, rows: nw.LazyFrame[Any]) -> bool:
        """Whether no two ``rows`` share ``event`` and ``stakeholder``, shown cheaply on polars.

        Equal pairs hash equally, so if no two rows' hashes of the pair are equal (sorted,
        each compared with the one before), no pair is there twice and grouping by pair
        would change nothing. Two equal hashes (a pair twice, or rarely two pairs of one
        hash) answer False, as every other backend does: the caller groups by pair. A
        pair's hash is its two columns' hashes (with different seeds) combined by xor,
        cheaper than hashing the pair as one value.
        """
        if not self.implementation.is_polars():
            return False
        import polars as pl

        native = nw.to_native(rows)
        native = native.lazy() if isinstance(native, pl.DataFrame) else native
        pair = pl.col("event").hash(seed=0) ^ pl.col("stakeholder").hash(seed=1)
        hashes = native.select(pair.sort().alias("_h"))
        repeated = hashes.select((pl.col("_h") == pl.col("_h").shift()).any()).collect()
        return not repeated.item()

    @cached_property
    def contributions(self) -> nw.LazyFrame[Any]:
        """Every contribution of an event, ``at`` filled with its event's ``start`` when it has
        no time, and that ``start``."""
        frame = (
            self.table("contributions")
            .join(
                self.events.select(nw.col("id").alias("event"), "start"),
                on="event",
                how="inner",
            )
            .with_columns(
                nw.when(nw.col("at").is_null())
                .then(nw.col("start"))
                .otherwise(nw.col("at"))
                .alias("at")
            )
        )
        return self.keep(
            frame.select(
                nw.col("id").alias("contribution"),
                "event",
                "author",
                "at",
                "kind",
                "reply_to",
                "start",
            )
        )

    @cached_property
    def end(self) -> datetime:
        """The default moment: the last time the tables record (the process's span end)."""
        found: list[datetime] = []
        columns = {
            "stakeholders": ("joined", "left"),
            "events": ("start", "end"),
            "contributions": ("at",),
            "responses": ("at",),
            "reactions": ("at",),
            "revisions": ("at",),
            "milestones": ("achieved",),
            "goals": ("created",),
        }
        for table, names in columns.items():
            if table not in self.names:
                continue
            row = self.table(table).select(*(nw.col(n).max() for n in names)).collect().rows()
            found.extend(_instant(v) for v in row[0] if not _missing(v))
        if not found:
            return datetime(1970, 1, 1, tzinfo=UTC)
        return max(found)

    def adoption(self, t: datetime) -> datetime | None:
        """When the strategy was adopted (its earliest revision), if by ``t``."""
        revisions = self.table("revisions").filter(nw.col("at") <= self.moment(t))
        value = revisions.select(nw.col("at").min()).collect().item()
        return None if _missing(value) else _instant(value)

    def view(
        self,
        t: datetime | None = None,
        since: datetime | None = None,
        *,
        schedule: Sequence[datetime] = (),
    ) -> View:
        """The tables as they stood at ``t`` (default :attr:`end`), from ``since`` on.

        ``schedule`` lists the moments of a timeline that ``t`` is one of (ascending): what
        is counted per person is then found once for all of them (:meth:`shared`) and each
        view takes its part, the same values as a view of ``t`` alone.
        """
        moment = _moment(t) if t is not None else self.end
        assert moment is not None
        start = _moment(since) if since is not None else None
        return View(self, moment, start, tuple(schedule))

    def among(
        self, frame: nw.LazyFrame[Any], column: str, keys: nw.LazyFrame[Any]
    ) -> nw.LazyFrame[Any]:
        """The rows of ``frame`` whose ``column`` is one of the values of ``keys`` (a frame
        with that column): a test against those values when the tables are in memory,
        cheaper than a semi-join of many rows with far fewer keys, else a semi-join. A
        missing value is one of none."""
        if self.eager:
            return frame.filter(self.is_among(column, keys))
        return frame.join(keys.select(column), on=column, how="semi")

    def is_among(self, column: str, keys: nw.LazyFrame[Any]) -> nw.Expr:
        """Whether ``column`` is one of the values of ``keys``'s ``column`` (tables in memory
        only: the values are collected; see :meth:`among`). A missing value is one of none."""
        assert self.eager, "testing against collected values needs the tables in memory"
        values: Any = keys.select(column).collect()[column].drop_nulls()
        if self.implementation.is_polars():
            # polars reads a column of the same type as ambiguous (deprecated since 1.x): the
            # values as one list
            values = values.to_native().implode()
        return nw.col(column).is_in(values)

    def shared(
        self, key: tuple[str, Any], build: Callable[[], nw.LazyFrame[Any]]
    ) -> nw.LazyFrame[Any]:
        """``build()`` computed once per ``key`` for every view of this reading of the tables
        (kept when the tables are eager): what the points of a timeline share."""
        with self._lock:
            if key not in self._shared:
                self._shared[key] = self.keep(build())
            return cast("nw.LazyFrame[Any]", self._shared[key])

    def offer(self, key: tuple[str, Any], frame: nw.LazyFrame[Any]) -> None:
        """Keep ``frame`` for :meth:`shared` under ``key`` unless it keeps something there
        already: what one pass over rows found for another's ``key`` as well."""
        with self._lock:
            if key not in self._shared:
                self._shared[key] = self.keep(frame)

    def offer_running(self, key: tuple[str, Any], running: Running) -> None:
        """:meth:`offer` for running sums (:meth:`shared_running`)."""
        with self._lock:
            self._shared.setdefault(key, running)

    def shared_running(self, key: tuple[str, Any], build: Callable[[], Running]) -> Running:
        """:meth:`shared` for running sums (:meth:`running`)."""
        with self._lock:
            if key not in self._shared:
                self._shared[key] = build()
            return cast("Running", self._shared[key])

    def shared_value(self, key: tuple[str, Any], build: Callable[[], ValueT]) -> ValueT:
        """:meth:`shared` for what is no frame (arrays, rows found for every point)."""
        with self._lock:
            if key not in self._shared:
                self._shared[key] = build()
            return cast("ValueT", self._shared[key])

    def forget_shared(self) -> None:
        """Let go of what :meth:`shared` keeps (a timeline's points share it while they are
        computed; at 100k stakeholders it is about 1 GB)."""
        with self._lock:
            self._shared.clear()

    def point_of(self, column: str, schedule: Sequence[datetime]) -> nw.Expr:
        """The index of the first moment of ``schedule`` (ascending) at or after ``column``:
        a row counts at the points from that one on (``len(schedule)`` when at none, or null).
        """
        col = nw.col(column)
        if len(schedule) > _CHAINED_POINTS:
            return self._point_between(col, schedule, 0, len(schedule)).cast(nw.Int64)
        found: Any = None
        for i, moment in enumerate(schedule):
            test = col <= self.moment(moment)
            step = nw.lit(i, dtype=nw.Int64())
            found = nw.when(test).then(step) if found is None else found.when(test).then(step)
        outside = nw.lit(len(schedule), dtype=nw.Int64())
        if found is None:
            return outside
        result: nw.Expr = found.otherwise(outside).cast(nw.Int64)
        return result

    def _point_between(
        self, col: nw.Expr, schedule: Sequence[datetime], low: int, high: int
    ) -> nw.Expr:
        """:meth:`point_of` among the moments ``low`` to ``high`` (excluded), for values
        after the moment before ``low``: halving the moments, so that the expression nests
        as deep as the logarithm of their number, not their number (a null goes past every
        test, to ``high``)."""
        if low == high:
            return nw.lit(high, dtype=nw.Int64())
        middle = (low + high) // 2
        return (
            nw.when(col <= self.moment(schedule[middle]))
            .then(self._point_between(col, schedule, low, middle))
            .otherwise(self._point_between(col, schedule, middle + 1, high))
        )

    def running(
        self,
        frame: nw.LazyFrame[Any],
        key: str,
        columns: Sequence[str],
        points: int,
        *,
        maxima: Sequence[str] = (),
    ) -> Running:
        """The running sums of ``columns`` (and running maxima of ``maxima``, all ≥ 0) of
        ``frame``, which has a row per ``key`` and ``_point`` at which it gains: every
        ``key`` that ever gains, at each point ``0 … points − 1`` (:meth:`Running.at`).

        A timeline's tables are in memory (:attr:`View.scheduled`): the keys are numbered,
        what each gains laid out as a matrix of points × keys and accumulated one point at
        a time in numpy, and each point reads its row of the matrix, with no frame of one
        row per key and point. Sums run in the order of the points, as a running sum over
        the rows would.
        """
        assert self.eager, "running sums need the tables in memory"
        point = nw.col("_point")
        gains = (
            frame.filter((point >= 0) & (point < points) & ~nw.col(key).is_null())
            .select(key, "_point", *columns, *maxima)
            .collect()
        )
        numbers = gains.select(key).unique().sort(key).with_row_index("_k")
        # every key of the gains is numbered: a left join keeps them all, cheaper than inner
        coded = gains.join(numbers, on=key, how="left")
        # a matrix of points × keys: a point's sums are a row, accumulated a row at a time
        cells = _integers(coded["_point"]) * len(numbers) + _integers(coded["_k"])
        width = len(numbers) * points
        dtypes = gains.schema
        sums: dict[str, Any] = {}
        for name in (*columns, *maxima):
            column = coded[name].fill_null(0)
            integer = dtypes[name].is_integer()
            values = (
                _integers(column) if integer else column.to_numpy().astype(np.float64, copy=False)
            )
            matrix = np.zeros(width, dtype=values.dtype)
            if name in maxima:
                np.maximum.at(matrix, cells, values)
                sums[name] = np.maximum.accumulate(matrix.reshape(points, -1), axis=0)
            else:
                np.add.at(matrix, cells, values)
                sums[name] = np.cumsum(matrix.reshape(points, -1), axis=0)
        return Running(numbers.select(key), sums, {name: dtypes[name] for name in sums}, points)

    def windowed(
        self,
        frame: nw.LazyFrame[Any],
        keys: Sequence[str],
        windows: Callable[[nw.LazyFrame[Any]], nw.LazyFrame[Any]],
        alone: Sequence[nw.Expr],
    ) -> nw.LazyFrame[Any]:
        """``frame`` with the columns ``windows`` adds (by expressions over ``keys``),
        computed only for the keys with more than one row: the keys with one row get
        ``alone``, the values the windows give there (the same names and types). Windows
        group and sort; where most keys have one row, counting rows per key is much cheaper.
        """
        frame = self.keep(frame)  # read three times below
        many = (
            frame.group_by(*keys)
            .agg(nw.len().alias("_rows"))
            .filter(nw.col("_rows") > 1)
            .select(*keys)
        )
        single = frame.join(many, on=list(keys), how="anti").with_columns(*alone)
        names = single.collect_schema().names()
        several = windows(frame.join(many, on=list(keys), how="semi"))
        return nw.concat([single, several.select(*names)], how="vertical")

    @cached_property
    def facilitations(self) -> nw.LazyFrame[Any]:
        """``event``, ``stakeholder``, ``start``: who facilitated which event, all times."""
        return self.keep(
            self.attendance.filter(nw.col("facilitator")).select("event", "stakeholder", "start")
        )

    def periods(self, t: datetime, freq: str = DEFAULT_PERIOD) -> list[tuple[datetime, datetime]]:
        """The calendar periods ``[start, end)`` from the one holding the first record to ``t``.

        The first period starts on the calendar boundary at or before the first
        event or revision (the first of its month, for ``"MS"``); the last ends
        at ``t``.
        """
        first = self.first
        if first is None or first > t:
            return []
        try:
            offset = pd.tseries.frequencies.to_offset(freq)
            begin = offset.rollback(pd.Timestamp(first).tz_convert(UTC).normalize())
            starts = pd.date_range(begin, pd.Timestamp(t), freq=offset)
        except (ValueError, TypeError) as error:
            problem = Problem("period", f"not a period: {freq!r} ({error})")
            raise ValidationError([problem]) from None
        edges = [s.to_pydatetime() for s in starts if s.to_pydatetime() < t]
        if not edges:
            edges = [t]
        return list(zip(edges, [*edges[1:], t], strict=True))

    @cached_property
    def first(self) -> datetime | None:
        """The first time the events or revisions record (where periods begin)."""
        found = []
        for table, column in (("events", "start"), ("revisions", "at")):
            if table in self.names:
                value = self.table(table).select(nw.col(column).min()).collect().item()
                if not _missing(value):
                    found.append(_instant(value))
        return min(found) if found else None


def _taking_part(two_way: nw.Expr) -> list[str | nw.Expr]:
    """The columns of attendance rows that :data:`_INVOLVED` sums per person: ``stakeholder``,
    ``rank``, ``_two`` (1 for a two-way event) and the start of a two-way one."""
    return [
        "stakeholder",
        "rank",
        two_way.cast(nw.Int64).alias("_two"),
        nw.when(two_way).then(nw.col("start")).alias("first_two_way"),
    ]


_INVOLVED: Final = (
    nw.len().alias("events"),
    nw.col("_two").sum().alias("two_way_events"),
    nw.col("_two").max().alias("two_way"),
    nw.col("rank").max().alias("top"),
    nw.col("first_two_way").min(),
)
"""What :attr:`View.involvement` finds per person from the rows of :func:`_taking_part`."""
SUBSTANTIVE: Final = ("answered", "adopted", "declined")
"""The outcomes of a response that answer a contribution (an acknowledgement does not)."""
CLOSING: Final = ("adopted", "declined")
"""The outcomes of a response that close a contribution with a decision."""

_INVOLVED_COUNTS: Final = ("events", "two_way_events", "two_way", "top")
"""The columns of :data:`_INVOLVED` that are counts (int64)."""
INVOLVED: Final = ("involved", None)
"""What :meth:`View.cached` keeps :data:`_INVOLVED` per person of :attr:`View.taken_part`
under (``stakeholder`` and its columns) at a moment that is no point of a timeline: another
pass over the same rows may offer it (:meth:`View.offer`)."""


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _instant(value: Any) -> datetime:
    """A datetime read back from a frame (any backend) as an aware UTC datetime."""
    moment: datetime = pd.Timestamp(value).to_pydatetime()
    return moment.astimezone(UTC)


def _positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError([Problem(name, f"must be a whole number ≥ 1, not {value!r}")])
    return value


def _integers(series: nw.Series[Any]) -> Any:
    """``series`` (of integers, no nulls) as a numpy array of int64, whatever the backend's
    kind of integer column (pandas may give nullable integers or objects)."""
    return series.cast(nw.Int64).to_numpy().astype(np.int64, copy=False)


class Running:
    """Running sums per key and point of a timeline's schedule (:meth:`Base.running`)."""

    def __init__(
        self,
        keys: nw.DataFrame[Any],
        sums: Mapping[str, Any],
        dtypes: Mapping[str, Any],
        points: int,
    ) -> None:
        self._keys = keys
        self._sums = dict(sums)
        self._dtypes = dict(dtypes)
        self.points = points

    def only(self, *names: str) -> Running:
        """The running sums of ``names`` alone, over the same keys."""
        sums = {name: self._sums[name] for name in names}
        return Running(self._keys, sums, {name: self._dtypes[name] for name in names}, self.points)

    def aligned(self, keys: nw.Series[Any]) -> dict[str, Any]:
        """The sums as matrices of points × ``keys`` (in their order; 0 for a key that never
        gains): for reading a point's sums as arrays beside others of the same keys."""
        name = self._keys.columns[0]
        numbered = self._keys.with_row_index("_k")
        wanted = keys.alias(name).to_frame()
        found = (
            wanted.with_row_index("_i")
            .join(numbered, on=name, how="left")
            .sort("_i")
            .get_column("_k")
        )
        where = found.fill_null(-1).cast(nw.Int64).to_numpy().astype(np.int64, copy=False)
        known = where >= 0
        result: dict[str, Any] = {}
        for column, sums in self._sums.items():
            matrix = np.zeros((self.points, len(where)), dtype=sums.dtype)
            matrix[:, known] = sums[:, where[known]]
            result[column] = matrix
        return result

    def at(self, point: int | None) -> nw.LazyFrame[Any]:
        """The key and the sums at ``point``: a row per key that ever gains (0 before it
        first does)."""
        assert point is not None
        assert 0 <= point < self.points, (point, self.points)
        impl = self._keys.implementation
        return self._keys.with_columns(
            nw.new_series(name, sums[point], self._dtypes[name], backend=impl)
            for name, sums in self._sums.items()
        ).lazy()


WholeRow = dict[str, Any]
"""A metric's row of the whole: ``size``, its evidence, ``value`` and ``reason``."""


def fraction(numerator: float, denominator: float) -> float | None:
    """:func:`ratio` of two numbers (counts, or a sum and a count): null where the
    denominator is 0."""
    return float(numerator) / float(denominator) if denominator > 0 else None


def whole_row(
    size: int, counts: Mapping[str, Any], value: float | None, reason: str | None
) -> WholeRow:
    """A row of the whole as :meth:`View.finish` gives it (``by=None``)."""
    return {"size": size, **counts, "value": value, "reason": reason}


def shares_of_whole(
    sizes: Iterable[int],
    hits: Iterable[int],
    totals: Iterable[int],
    names: tuple[str, str],
    empty: str,
) -> list[WholeRow]:
    """Rows of the whole of a share of two counts, one per point, as :meth:`View.share`
    gives them: ``names`` are the counts' columns, ``empty`` the reason where the second is
    0."""
    rows = []
    for size, hit, total in zip(sizes, hits, totals, strict=True):
        value = fraction(hit, total)
        counts = {names[0]: hit, names[1]: total}
        rows.append(whole_row(size, counts, value, empty if value is None else None))
    return rows


def flags_of(frame: nw.DataFrame[Any], test: nw.Expr) -> Any:
    """``test`` on each row of ``frame`` as a numpy array of booleans (null: false)."""
    column = frame.select(test.fill_null(value=False).alias("_flag")).get_column("_flag")
    return column.to_numpy().astype(bool)


def integers_of(frame: nw.DataFrame[Any], column: str) -> Any:
    """``column`` of ``frame`` (integers, no nulls) as a numpy array of int64."""
    return _integers(frame.get_column(column))


def microseconds_of(moment: datetime) -> int:
    """An aware ``moment`` in microseconds since the epoch, exactly."""
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


class PeopleAtPoints:
    """The people of a timeline's schedule (:meth:`View.people_at_points`) as arrays, one
    entry per person who is in scope at some point: what the metrics per person count at
    every point at once, with no frame per point.

    ``frame`` holds their ``stakeholder``, ``unit``, ``w``, ``_joined`` and ``_left`` (the
    points they are in scope from and until, :meth:`View.members_by_point`), their first
    two-way event ``first_two_way`` and the point it counts from, ``_first_point``, and
    ``power``, ``legitimacy`` and ``urgency``; ``top`` is their highest level taken part
    at by each point (points × people).
    """

    def __init__(self, frame: nw.DataFrame[Any], top: Any, points: int) -> None:
        self.frame = frame
        self.points = points
        self.w = _integers(frame.get_column("w"))
        steps = np.arange(points)[:, None]
        self.joined = joined = _integers(frame.get_column("_joined"))
        self.left = left = _integers(frame.get_column("_left"))
        self.in_scope = (joined[None, :] <= steps) & (steps < left[None, :])
        """Points × people: in scope at the point."""
        first = _integers(frame.get_column("_first_point").fill_null(points))
        self.two_way = self.in_scope & (first[None, :] <= steps)
        """Points × people: in scope and taken part in a two-way event by the point."""
        self.top = np.where(self.in_scope, top, 0)
        """Points × people: the highest level taken part at by the point, in scope."""
        codes, self.units = _codes(frame.get_column("unit"))
        self.unit = codes
        """Each person's unit, numbered (``units`` are the names)."""

    def spread(self, frame: nw.LazyFrame[Any], columns: Sequence[str]) -> list[Any]:
        """Each of ``columns`` of ``frame`` (a row per ``stakeholder``) as an array over the
        people, 0 where ``frame`` has no row."""
        rows = frame.select("stakeholder", *columns).collect()
        found = (
            self.frame.select("stakeholder")
            .with_row_index("_person")
            .join(rows, on="stakeholder", how="inner")
            .select("_person", *columns)
        )
        person = _integers(found.get_column("_person"))
        result = []
        for column in columns:
            values = np.zeros(len(self.w))
            values[person] = found.get_column(column).cast(nw.Float64).fill_null(0).to_numpy()
            result.append(values)
        return result

    def spread_at_points(self, frame: nw.LazyFrame[Any], columns: Sequence[str]) -> dict[str, Any]:
        """Each of ``columns`` of ``frame`` (a row per ``stakeholder`` and point ``_at``) as
        points × people, 0 where ``frame`` has no row."""
        found = (
            self.frame.select("stakeholder")
            .with_row_index("_person")
            .join(frame.select("stakeholder", "_at", *columns).collect(), on="stakeholder")
        )
        cells = (_integers(found.get_column("_at")), _integers(found.get_column("_person")))
        result = {}
        for column in columns:
            values = np.zeros((self.points, len(self.w)))
            values[cells] = found.get_column(column).cast(nw.Float64).fill_null(0).to_numpy()
            result[column] = values
        return result

    def weighed(self, flags: Any) -> Any:
        """Per point, the summed ``w`` of the people where ``flags`` (points × people)."""
        return (flags * self.w[None, :]).sum(axis=1)

    def per_unit(self, flags: Any, *, weighed: bool = True) -> Any:
        """Points × units: the summed ``w`` (or, not ``weighed``, the number) of each unit's
        people where ``flags``."""
        found = np.zeros((self.points, len(self.units)), dtype=np.int64)
        for point in range(self.points):
            weights = flags[point] * self.w if weighed else flags[point]
            found[point] = np.bincount(self.unit, weights=weights, minlength=len(self.units))
        return found


def _codes(series: nw.Series[Any]) -> tuple[Any, list[Any]]:
    """``series`` numbered by its distinct values (in sorted order), and the values."""
    values, codes = np.unique(np.array(series.to_list(), dtype=object), return_inverse=True)
    return codes.astype(np.int64), values.tolist()


class View:
    """The tables as they stood at ``t`` (from ``since`` on): frames a metric aggregates.

    Frames are narwhals lazy frames, computed once per view and kept when the
    tables are eager. Times compare to ``t`` inclusively: what happened at
    ``t`` has happened.
    """

    def __init__(
        self,
        base: Base,
        t: datetime,
        since: datetime | None,
        schedule: tuple[datetime, ...] = (),
    ) -> None:
        self.base = base
        self.t = t
        self.since = since
        self.schedule = schedule
        self._memo: dict[tuple[str, Any], nw.LazyFrame[Any]] = {}

    @cached_property
    def point(self) -> int | None:
        """The index of ``t`` in the timeline's ``schedule`` (None without one, or in a
        period's window): the views of a schedule share what :meth:`Base.shared` keeps."""
        if self.since is not None or self.t not in self.schedule:
            return None
        return self.schedule.index(self.t)

    def cached(
        self, key: tuple[str, Any], build: Callable[[], nw.LazyFrame[Any]]
    ) -> nw.LazyFrame[Any]:
        """``build()`` computed once per view and ``key`` (and kept when the tables are eager):
        what several metrics or groupings at one moment share."""
        if key not in self._memo:
            self._memo[key] = self.base.keep(build())
        return self._memo[key]

    def offer(self, key: tuple[str, Any], frame: nw.LazyFrame[Any]) -> None:
        """Keep ``frame`` for :meth:`cached` under ``key`` unless it keeps something there
        already: what one pass over rows found for another's ``key`` as well."""
        if key not in self._memo:
            self._memo[key] = self.base.keep(frame)

    def is_cached(self, key: tuple[str, Any]) -> bool:
        """Whether :meth:`cached` keeps something under ``key``."""
        return key in self._memo

    def _lit(self, value: datetime) -> nw.Expr:
        return self.base.moment(value)

    def _by_t(self, column: str, *, nullable: bool = False) -> nw.Expr:
        col = nw.col(column)
        test = col <= self._lit(self.t)
        if self.since is not None:
            test = test & (col >= self._lit(self.since))
        return (col.is_null() | test) if nullable else test

    # -- who ---------------------------------------------------------------------

    @cached_property
    def members(self) -> nw.LazyFrame[Any]:
        """Stakeholders who had joined by ``t`` (left or not), in scope by unit.

        Columns: ``stakeholder``, ``unit``, ``role``, ``leader``, ``w`` (size),
        ``power``, ``interest``, ``legitimacy``, ``urgency``, ``active``
        (not left by ``t``).
        """
        t = self._lit(self.t)
        frame = self.base.table("stakeholders").filter(
            nw.col("joined").is_null() | (nw.col("joined") <= t)
        )
        if self.base.internal_only:
            external = [unit for unit, _, x in self.base.units if x]
            if external:
                frame = frame.filter(~nw.col("unit").is_in(external))
        return self.base.keep(
            frame.select(
                nw.col("id").alias("stakeholder"),
                "unit",
                "role",
                nw.col("leader").fill_null(value=False).cast(nw.Boolean),
                nw.col("size").fill_null(1).cast(nw.Int64).alias("w"),
                "power",
                "interest",
                "legitimacy",
                "urgency",
                (nw.col("left").is_null() | (nw.col("left") > t)).alias("active"),
            )
        )

    @cached_property
    def people(self) -> nw.LazyFrame[Any]:
        """The stakeholders in scope at ``t``: :attr:`members` who are active."""
        return self.base.keep(self.members.filter(nw.col("active")).drop("active"))

    @cached_property
    def headcount(self) -> int:
        """People in scope: the summed size of :attr:`people`."""
        value = self.people.select(nw.col("w").sum()).collect().item()
        return int(value or 0)

    # -- what happened -------------------------------------------------------------

    @cached_property
    def events(self) -> nw.LazyFrame[Any]:
        """Events started by ``t``: ``event``, ``start``, ``end`` (cut at ``t``),
        ``organiser``, ``kind``, ``rank``, ``two_way`` (rank ≥ consult), ``hours``."""
        t = self._lit(self.t)
        end = nw.when(nw.col("end") > t).then(t).otherwise(nw.col("end"))
        hours = (end - nw.col("start")).dt.total_seconds().fill_null(0) / 3600.0
        return self.base.keep(
            self.base.events.filter(self._by_t("start")).select(
                nw.col("id").alias("event"),
                "start",
                end.alias("end"),
                "organiser",
                "kind",
                "rank",
                (nw.col("rank") >= 1).alias("two_way"),
                hours.cast(nw.Float64).alias("hours"),
            )
        )

    @cached_property
    def attendance(self) -> nw.LazyFrame[Any]:
        """Who took part (participant or facilitator) in which event, people in scope only.

        Columns: ``event``, ``stakeholder``, ``facilitator`` (bool), ``start``,
        ``rank``, ``two_way``, ``hours``.
        """
        return self.base.keep(
            self.taken_part.join(
                self.people.select("stakeholder"), on="stakeholder", how="semi"
            ).select("event", "stakeholder", "facilitator", "start", "rank", "two_way", "hours")
        )

    @cached_property
    def taken_part(self) -> nw.LazyFrame[Any]:
        """:attr:`attendance` of anyone, in scope or not, with the event's ``kind``.

        What is summed per person reads it and keeps the people in scope after
        summing: a join of one row per person, not of one row per attendance.
        """
        t = self._lit(self.t)
        end = nw.when(nw.col("end") > t).then(t).otherwise(nw.col("end"))
        hours = (end - nw.col("start")).dt.total_seconds().fill_null(0) / 3600.0
        return self.base.keep(
            self.base.attendance.filter(self._by_t("start")).select(
                "event",
                "stakeholder",
                "facilitator",
                "start",
                "rank",
                "kind",
                (nw.col("rank") >= 1).alias("two_way"),
                hours.cast(nw.Float64).alias("hours"),
            )
        )

    @cached_property
    def involvement(self) -> nw.LazyFrame[Any]:
        """What each person in scope did by ``t``, from :attr:`taken_part` in one pass.

        Columns: ``stakeholder``, ``events`` and ``two_way_events`` (events taken
        part in, all and two-way), ``two_way`` (1 if they took part in a two-way
        event, else 0), ``top`` (the highest level, 0-4, taken part at; 0 for
        nobody) and ``first_two_way`` (the start of their first two-way event,
        null if none). One row per person in scope, whether they took part or not.
        """
        if self.scheduled:
            # running counts and highest level per person and point, and each person's
            # first two-way event with its point, found once for the schedule
            first = nw.col("_first_point") <= self.point
            per_person = (
                self.involvement_running()
                .at(self.point)
                .join(self._first_two_way(), on="stakeholder", how="left")
                .select(
                    "stakeholder",
                    "events",
                    "two_way_events",
                    self.by_now("_first_point").alias("two_way"),
                    "top",
                    nw.when(first).then(nw.col("first_two_way")).alias("first_two_way"),
                )
            )
        elif self.point is not None:
            # counts, maxima and minima per person and point, found once for the schedule:
            # summed up to this point, the same integers and times as from the rows
            per_person = (
                self._involvement_by_point()
                .filter(nw.col("_point") <= self.point)
                .group_by("stakeholder")
                .agg(
                    nw.col("events", "two_way_events").sum(),
                    nw.col("two_way", "top").max(),
                    nw.col("first_two_way").min(),
                )
            )
        else:
            # what each person did, unless another pass over the rows found it already
            per_person = self.cached(
                INVOLVED,
                lambda: (
                    self.taken_part.select(*_taking_part(nw.col("two_way")))
                    .group_by("stakeholder")
                    .agg(*_INVOLVED)
                ),
            )
        return self.base.keep(
            self.people.select("stakeholder")
            .join(per_person, on="stakeholder", how="left")
            .with_columns(
                nw.col("events", "two_way_events", "two_way", "top").fill_null(0).cast(nw.Int64)
            )
        )

    def involvement_running(self) -> Running:
        """``stakeholder``, ``events``, ``two_way_events`` and ``top`` up to each point of the
        schedule (:meth:`Running.at`), for everyone who took part by its last point."""
        schedule = self.schedule

        def build() -> Running:
            return self.base.running(
                self._involvement_by_point(),
                "stakeholder",
                ["events", "two_way_events"],
                len(schedule),
                maxima=["top"],
            )

        return self.base.shared_running(self.involvement_running_key, build)

    def _first_two_way(self) -> nw.LazyFrame[Any]:
        """``stakeholder``, ``first_two_way``, ``_first_point``: each person's first two-way
        event by the schedule's last point, and the point it counts from."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            return (
                self._involvement_by_point()
                .filter(nw.col("two_way") == 1)
                .group_by("stakeholder")
                .agg(
                    nw.col("first_two_way").min(),
                    nw.col("_point").min().alias("_first_point"),
                )
            )

        return self.base.shared(("first two-way", schedule), build)

    def _involvement_by_point(self) -> nw.LazyFrame[Any]:
        """:attr:`involvement`'s counts per person and point of the schedule they first count
        at (``_point``), of anyone, in scope or not: one pass over the attendance."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            return (
                self.base.attendance.select(
                    *_taking_part(nw.col("rank") >= 1),
                    self.base.point_of("start", schedule).alias("_point"),
                )
                .filter(nw.col("_point") < len(schedule))
                .group_by("stakeholder", "_point")
                .agg(*_INVOLVED)
                .with_columns(nw.col(*_INVOLVED_COUNTS).cast(nw.Int64))
            )

        return self.base.shared(self.involvement_key, build)

    @property
    def involvement_key(self) -> tuple[str, Any]:
        """What :meth:`Base.shared` keeps :attr:`involvement`'s counts per person and point
        of the schedule under: ``stakeholder``, ``_point``, the columns of :data:`_INVOLVED`
        (the counts as int64). Another pass over the same rows may offer them
        (:meth:`Base.offer`)."""
        return ("involvement", self.schedule)

    @property
    def involvement_running_key(self) -> tuple[str, Any]:
        """What :meth:`Base.shared_running` keeps the running sums of :attr:`involvement`'s
        ``events`` and ``two_way_events`` and running maxima of ``top`` under, per person and
        point of the schedule (:meth:`Base.offer_running`)."""
        return ("involvement running", self.schedule)

    @cached_property
    def invitations(self) -> nw.LazyFrame[Any]:
        """``event``, ``stakeholder`` of invitations to events by ``t`` (people in scope)."""
        return self.base.keep(
            self.base.table("participations")
            .filter(nw.col("role") == "invited")
            .select("event", "stakeholder")
            .unique()
            .join(self.events.select("event"), on="event", how="semi")
            .join(self.people.select("stakeholder"), on="stakeholder", how="semi")
        )

    @cached_property
    def audiences(self) -> nw.LazyFrame[Any]:
        """``event``, ``unit``: the audience units of events by ``t``, the top-most only.

        An audience unit reaches every member of the unit and of the units below
        it; a unit named together with a unit above it adds nobody and is left
        out. So the units of an event head disjoint parts of the unit tree, and
        what an event earns per person sums, per unit, over its audience units
        and then down the tree (:meth:`down_the_tree`): a message to a unit of
        10,000 people is one row, not 10,000, nor one per unit below it.
        """
        if self.scheduled:
            return self.at_point(self._audiences_by_point())
        return self.base.keep(self._top_most(self.events.select("event")))

    def _top_most(self, events: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        """``event``, ``unit``: the top-most audience units of ``events``."""
        named = (
            self.base.table("audiences")
            .join(events, on="event", how="semi")
            .select("event", "unit")
            .unique()
        )
        above = self.base.closure.filter(nw.col("unit") != nw.col("within"))
        below_another = (
            named.join(above, on="unit", how="inner")
            .join(named.rename({"unit": "within"}), on=["event", "within"], how="semi")
            .select("event", "unit")
        )
        return named.join(below_another, on=["event", "unit"], how="anti")

    def _audiences_by_point(self) -> nw.LazyFrame[Any]:
        """:attr:`audiences` of every point of the schedule, with ``_from``, the point of the
        event's start (an event's audience does not change)."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            events = self.base.events.select(
                nw.col("id").alias("event"), self.base.point_of("start", schedule).alias("_from")
            ).filter(nw.col("_from") < len(schedule))
            return self._top_most(events.select("event")).join(events, on="event", how="inner")

        return self.base.shared(("audiences", schedule), build)

    def down_the_tree(
        self, per_unit: nw.LazyFrame[Any], columns: Sequence[str]
    ) -> nw.LazyFrame[Any]:
        """``unit`` and the sums of ``columns`` over ``per_unit``'s rows of it and of every
        unit above it: what reaching a unit gives each unit below it (a few hundred rows)."""
        return (
            per_unit.rename({"unit": "within"})
            .join(self.base.closure, on="within", how="inner")
            .group_by("unit")
            .agg(*(nw.col(c).sum() for c in columns))
        )

    @cached_property
    def overlap(self) -> nw.LazyFrame[Any]:
        """``event``, ``stakeholder``: who took part in an event whose audience also reached
        them (people in scope), once per event."""
        if self.scheduled:
            now = (nw.col("_from") <= self.point) & (nw.col("_left") > self.point)
            return self.base.keep(
                self.overlap_by_point().filter(now).select("event", "stakeholder")
            )
        addressed = self.audiences.select("event").unique()
        return self.base.keep(
            self.base.among(self.taken_part.select("event", "stakeholder"), "event", addressed)
            .join(self.people.select("stakeholder", "unit"), on="stakeholder", how="inner")
            .join(self.base.closure, on="unit", how="inner")
            .join(self.audiences.rename({"unit": "within"}), on=["event", "within"], how="semi")
            .select("event", "stakeholder")
        )

    def overlap_by_point(self) -> nw.LazyFrame[Any]:
        """:attr:`overlap` of every point of the schedule: ``event``, ``stakeholder``, and
        the points from which it counts, ``_from``, and from which it no longer does,
        ``_left``: who took part in an event that also reached them as audience counts from
        the later of the event's start and their joining until they leave."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            base = self.base
            named = base.table("audiences").select("event", nw.col("unit").alias("within"))
            people = self.members_by_point().select("stakeholder", "unit", "_joined", "_left")
            first = nw.max_horizontal(base.point_of("start", schedule), "_joined")
            return (
                base.attendance.select("event", "stakeholder", "start")
                .join(named.select("event").unique(), on="event", how="semi")
                .join(people, on="stakeholder", how="inner")
                .join(base.closure, on="unit", how="inner")
                .join(named, on=["event", "within"], how="semi")
                .select("event", "stakeholder", first.alias("_from"), "_left")
                .filter(nw.col("_from") < nw.col("_left"))
                .unique()
            )

        return self.base.shared(("overlap", schedule), build)

    def reached(
        self, events: nw.LazyFrame[Any], *, took_part: nw.LazyFrame[Any] | None = None
    ) -> nw.LazyFrame[Any]:
        """``stakeholder``: people in scope that any of ``events`` reached, once each.

        Reached is taking part (participant or facilitator) or being a member of
        an audience unit or a unit below one. ``events`` has a column ``event``;
        ``took_part`` (``stakeholder``, anyone), when given, is who took part in them.
        """
        chosen = events.select("event").unique()
        if took_part is None:
            took_part = self.base.among(self.taken_part, "event", chosen).select("stakeholder")
        took_part = took_part.join(self.people.select("stakeholder"), on="stakeholder", how="semi")
        named = (
            self.audiences.join(chosen, on="event", how="semi")
            .select(nw.col("unit").alias("within"))
            .unique()
        )
        units = named.join(self.base.closure, on="within", how="inner").select("unit").unique()
        heard = self.people.join(units, on="unit", how="semi").select("stakeholder")
        return nw.concat([took_part, heard], how="vertical").unique()

    @cached_property
    def event_reach(self) -> nw.LazyFrame[Any]:
        """``event``, ``reached``: the people in scope each event reached (summed ``size``),
        each once whether they took part, were in its audience or both."""
        people = self.people.select("stakeholder", "unit", "w")
        took_part = (
            self.taken_part.select("event", "stakeholder")
            .join(people, on="stakeholder")
            .group_by("event")
            .agg(nw.col("w").sum().alias("_a"))
        )
        per_unit = people.group_by("unit").agg(nw.col("w").sum())
        # the people of a unit and of every unit below it
        subtree = (
            per_unit.join(self.base.closure, on="unit", how="inner")
            .group_by("within")
            .agg(nw.col("w").sum())
            .rename({"within": "unit"})
        )
        heard = (
            self.audiences.join(subtree, on="unit")
            .group_by("event")
            .agg(nw.col("w").sum().alias("_h"))
        )
        both = (
            self.overlap.join(people, on="stakeholder")
            .group_by("event")
            .agg(nw.col("w").sum().alias("_b"))
        )
        result = self.events.select("event")
        for part in (took_part, heard, both):
            result = result.join(part, on="event", how="left")
        total = nw.col("_a").fill_null(0) + nw.col("_h").fill_null(0) - nw.col("_b").fill_null(0)
        return self.base.keep(result.select("event", total.cast(nw.Int64).alias("reached")))

    def audience_sums(
        self, name: str, values: Callable[[], nw.LazyFrame[Any]], columns: Sequence[str]
    ) -> nw.LazyFrame[Any]:
        """``unit`` and the sums of ``columns`` over the events by this point of a timeline
        addressed to it (:attr:`audiences`): :meth:`audience_exposure`'s ``per_unit``.

        ``values()`` gives ``event`` and ``columns``, a row per event, the same at every
        point; the sums per unit and point are found once for the schedule (under ``name``)
        and accumulated (:meth:`Base.running`), and a point reads its own.
        """

        return self.audience_running(name, values, columns).at(self.point)

    def audience_running(
        self, name: str, values: Callable[[], nw.LazyFrame[Any]], columns: Sequence[str]
    ) -> Running:
        """:meth:`audience_sums` at every point of the schedule: running sums per unit."""

        def build() -> Running:
            names = list(columns)
            gains = (
                self._audiences_by_point()
                .join(values().select("event", *names), on="event", how="inner")
                .group_by("unit", "_from")
                .agg(*(nw.col(c).sum() for c in names))
                .rename({"_from": "_point"})
            )
            return self.base.running(gains, "unit", names, len(self.schedule))

        return self.base.shared_running((name, self.schedule), build)

    def down_the_tree_at_points(
        self, running: Running, columns: Sequence[str], scales: Sequence[float] | None = None
    ) -> list[Any]:
        """:meth:`down_the_tree` of running sums per unit at every point of the schedule,
        for each person of :meth:`people_at_points` (points × people, one per column):
        the sums of their unit and of every unit above it, each point's sums times its
        ``scales`` first when given."""
        people = self.people_at_points()
        units = [unit for unit, _, _ in self.base.units]
        number = {unit: i for i, unit in enumerate(units)}
        keys = nw.new_series("unit", units, nw.String(), backend=self.base.implementation)
        sums = running.aligned(keys)
        # tree[u, v] = 1 where v is u or a unit above it; a person's unit outside the units
        # gets nothing (the last, empty column)
        tree = np.zeros((len(units) + 1, len(units)))
        for unit, within in self.base.closure.collect().rows():
            if unit in number and within in number:  # (pandas reads a missing parent as NaN)
                tree[number[unit], number[within]] = 1.0
        own = np.array([number.get(unit, len(units)) for unit in people.units], dtype=np.int64)
        result = []
        for column in columns:
            named = sums[column].astype(np.float64)
            if scales is not None:
                named = named * np.asarray(scales, dtype=np.float64)[:, None]
            per_unit = named @ tree.T  # points × units (and the empty one)
            result.append(per_unit[:, own[people.unit]])
        return result

    def audience_parts(
        self,
        events: nw.LazyFrame[Any],
        columns: Sequence[str],
        *,
        per_unit: nw.LazyFrame[Any] | None = None,
    ) -> tuple[nw.LazyFrame[Any], nw.LazyFrame[Any]]:
        """What :meth:`audience_exposure` sums per person, in two small frames: ``unit`` and
        the sums of ``columns`` over the events that reached the unit as audience (its own
        and every unit's above it), and ``stakeholder`` and the sums over the events they
        both took part in and heard (:attr:`overlap`)."""
        names = list(columns)
        values = events.select("event", *names)
        per_named = (
            self.audiences.join(values, on="event", how="inner")
            .group_by("unit")
            .agg(*(nw.col(c).sum() for c in names))
            if per_unit is None
            else per_unit.select("unit", *names)
        )
        both = (
            self.overlap.join(values, on="event", how="inner")
            .group_by("stakeholder")
            .agg(*(nw.col(c).sum() for c in names))
        )
        return self.down_the_tree(per_named, names), both

    def audience_exposure(
        self,
        events: nw.LazyFrame[Any],
        columns: Sequence[str],
        *,
        per_unit: nw.LazyFrame[Any] | None = None,
    ) -> nw.LazyFrame[Any]:
        """Per person in scope, the sums of ``columns`` over the events that reached them as
        audience and that they did not take part in.

        ``events`` has a column ``event`` and numeric ``columns`` (one row per
        event). The sum over audiences less the sum over the events both taken
        part in and heard (:attr:`overlap`), computed per unit for audiences
        (:meth:`down_the_tree`), so the cost grows with events times units, not
        events times people; add what taking part earns (:attr:`involvement`, or a
        sum over :attr:`taken_part`) for all that reached a person, each event
        once. Result: ``stakeholder`` and ``columns`` (0 where nothing reached
        them). ``per_unit``, when given, is the sums over audiences per unit
        (:meth:`audience_sums`).
        """
        names = list(columns)
        per_named, both = self.audience_parts(events, names, per_unit=per_unit)
        heard = (
            self.people.select("stakeholder", "unit")
            .join(per_named, on="unit", how="inner")
            .drop("unit")
            .rename({c: c + "_h" for c in names})
        )
        both = both.rename({c: c + "_b" for c in names})
        result = self.people.select("stakeholder")
        for part in (heard, both):
            result = result.join(part, on="stakeholder", how="left")
        return result.select(
            "stakeholder",
            *(
                (nw.col(c + "_h").fill_null(0) - nw.col(c + "_b").fill_null(0)).alias(c)
                for c in names
            ),
        )

    @cached_property
    def contributions(self) -> nw.LazyFrame[Any]:
        """Contributions by ``t`` whose author had joined: ``contribution``, ``event``,
        ``author``, ``at`` (the event's start when the contribution has no time), ``kind``,
        ``reply_to``."""
        if self.scheduled:
            return self.at_point(self.contributions_by_point())
        # in a period's window, a contribution counts when it was made, also to an event (a
        # forum) that started before the window
        started = nw.col("start") <= self._lit(self.t)
        frame = (
            self.base.contributions.filter(self._by_t("at") & started)
            .join(
                self.members.select(nw.col("stakeholder").alias("author")), on="author", how="semi"
            )
            .drop("start")
        )
        return self.base.keep(frame)

    @cached_property
    def responses(self) -> nw.LazyFrame[Any]:
        """Responses by ``t`` to :attr:`contributions`: ``response``, ``contribution``,
        ``responder``, ``at``, ``outcome``."""
        if self.scheduled:
            return self.at_point(self.responses_by_point())
        return self.base.keep(
            self.base.table("responses")
            .filter(nw.col("at") <= self._lit(self.t))
            .join(self.contributions.select("contribution"), on="contribution", how="semi")
            .select(nw.col("id").alias("response"), "contribution", "responder", "at", "outcome")
        )

    @cached_property
    def answers(self) -> nw.LazyFrame[Any]:
        """Every contribution by ``t`` (:attr:`contributions`) with what its responses by
        ``t`` (:attr:`responses`) came to, found in one pass over them for the metrics that
        ask it at one moment (a timeline's points find the same from their schedule).

        Columns: ``contribution``, ``author``, ``kind``, ``at``; ``answered_at``, the time of
        the first substantive response (:data:`SUBSTANTIVE`; null if none);
        ``_answered_last`` and ``_adopted_last``, the times of the latest response answering
        and adopting it (null if none); and 0/1 flags:
        ``_responded`` (any response), ``_adopted`` (a response adopted it), ``_by_leader``
        (a leader among :attr:`members` responded substantively) and ``_closed`` (its latest
        response, or one of those at that instant, closed it: :data:`CLOSING`).
        """
        outcome = nw.col("outcome")
        substantive = outcome.is_in(list(SUBSTANTIVE))
        closing = outcome.is_in(list(CLOSING)).cast(nw.Int64)
        at = _microseconds(self.responses, "at")
        leaders = self.members.filter(nw.col("leader")).select(
            nw.col("stakeholder").alias("responder"), nw.lit(1).alias("_leader")
        )
        responses = self.responses
        if self.base.eager:  # the few leaders' ids by value, else a join
            responses = responses.with_columns(
                self.base.is_among("responder", leaders).cast(nw.Int64).alias("_leader")
            )
        else:
            responses = responses.join(leaders, on="responder", how="left")
        by_leader = (substantive & (nw.col("_leader") == 1)).fill_null(value=False)
        per_contribution = (
            responses.select(
                "contribution",
                nw.when(substantive).then(nw.col("at")).alias("answered_at"),
                nw.when(outcome == "answered").then(nw.col("at")).alias("_answered_last"),
                nw.when(outcome == "adopted").then(nw.col("at")).alias("_adopted_last"),
                (outcome == "adopted").cast(nw.Int64).alias("_adopted"),
                by_leader.cast(nw.Int64).alias("_by_leader"),
                at.alias("_at"),
                # the latest instant's and, of its responses, any closing one's: as
                # ``_latest_votes`` keys the latest vote
                (at * 2 + closing).alias("_key"),
            )
            .group_by("contribution")
            .agg(
                nw.col("answered_at").min(),
                nw.col("_answered_last", "_adopted_last").max(),
                nw.col("_adopted", "_by_leader", "_at", "_key").max(),
            )
            .select(
                "contribution",
                "answered_at",
                "_answered_last",
                "_adopted_last",
                nw.lit(1).alias("_responded"),
                "_adopted",
                "_by_leader",
                (nw.col("_key") - nw.col("_at") * 2).alias("_closed"),
            )
        )
        flags = ("_responded", "_adopted", "_by_leader", "_closed")
        return self.base.keep(
            self.contributions.select("contribution", "author", "kind", "at")
            .join(per_contribution, on="contribution", how="left")
            .with_columns(nw.col(*flags).fill_null(0).cast(nw.Int64))
        )

    @cached_property
    def reactions(self) -> nw.LazyFrame[Any]:
        """Reactions by ``t`` of members to :attr:`contributions` (the whole history)."""
        if self.scheduled:
            return self.at_point(self.reactions_by_point())
        return self.base.keep(
            self.base.table("reactions")
            .filter(nw.col("at") <= self._lit(self.t))
            .join(self.contributions.select("contribution"), on="contribution", how="semi")
            .join(self.members.select("stakeholder"), on="stakeholder", how="semi")
        )

    # -- the rows of a timeline's points ----------------------------------------------

    @property
    def scheduled(self) -> bool:
        """Whether the view is a point of a timeline whose rows are found once for the
        schedule: each row with ``_from``, the first point it is in scope at. That takes
        tables in memory, on a backend with running sums over groups (polars, pandas)."""
        base = self.base
        windows = base.implementation.is_polars() or base.implementation.is_pandas()
        return self.point is not None and base.eager and windows

    def by_now(self, column: str) -> nw.Expr:
        """1 where the point in ``column`` (when something first happened) is at or before
        this view's point, else 0 (also where it never happened): an int64 flag."""
        return nw.when(nw.col(column) <= self.point).then(1).otherwise(0).cast(nw.Int64)

    def at_point(self, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        """The rows of ``frame`` in scope at this point (in the order of ``frame``)."""
        return self.base.keep(frame.filter(nw.col("_from") <= self.point).drop("_from"))

    def members_by_point(self) -> nw.LazyFrame[Any]:
        """``stakeholder``, ``unit``, ``leader``, ``w``, ``_joined`` and ``_left``: the point
        each stakeholder of a unit in scope is a member from (0 when they have no joining
        time), as :attr:`members` counts them, and the point from which they have left
        (the schedule's length when they have not by its last point)."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            frame = self.base.table("stakeholders")
            if self.base.internal_only:
                external = [unit for unit, _, x in self.base.units if x]
                if external:
                    frame = frame.filter(~nw.col("unit").is_in(external))
            joined = self.base.point_of("joined", schedule)
            return frame.select(
                nw.col("id").alias("stakeholder"),
                "unit",
                nw.col("leader").fill_null(value=False).cast(nw.Boolean),
                nw.col("size").fill_null(1).cast(nw.Int64).alias("w"),
                nw.when(nw.col("joined").is_null()).then(0).otherwise(joined).alias("_joined"),
                self.base.point_of("left", schedule).alias("_left"),
            )

        return self.base.shared(("members", schedule), build)

    def people_at_points(self) -> PeopleAtPoints:
        """Everyone who is in scope at some point of the schedule, with what
        :attr:`involvement` reads of them at every point, as arrays (found once)."""
        schedule = self.schedule

        def build() -> PeopleAtPoints:
            first = self._first_two_way().select("stakeholder", "first_two_way", "_first_point")
            traits = self.base.table("stakeholders").select(
                nw.col("id").alias("stakeholder"), "power", "legitimacy", "urgency"
            )
            frame = (
                self.members_by_point()
                .select("stakeholder", "unit", "w", "_joined", "_left")
                .filter(nw.col("_joined") < nw.col("_left"))
                .join(first, on="stakeholder", how="left")
                .join(traits, on="stakeholder", how="left")
                .sort("stakeholder")
                .collect()
            )
            top = self.involvement_running().aligned(frame.get_column("stakeholder"))["top"]
            return PeopleAtPoints(frame, top, len(schedule))

        return self.base.shared_value(("people at points", schedule), build)

    def contributions_by_point(self) -> nw.LazyFrame[Any]:
        """:attr:`contributions` of every point, with ``_from``: the latest of the points
        of the contribution's time, its event's start and its author's joining."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            base = self.base
            authors = self.members_by_point().rename({"stakeholder": "author"})
            first = nw.max_horizontal(
                base.point_of("at", schedule), base.point_of("start", schedule), "_joined"
            )
            return (
                base.contributions.join(authors, on="author", how="inner")
                .with_columns(first.alias("_from"))
                .filter(nw.col("_from") < len(schedule))
                .select("contribution", "event", "author", "at", "kind", "reply_to", "_from")
            )

        return self.base.shared(("contributions", schedule), build)

    def responses_by_point(self) -> nw.LazyFrame[Any]:
        """:attr:`responses` of every point, with ``_from``: the later of the points of the
        response's time and of its contribution's ``_from``."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            made = self.contributions_by_point().select("contribution", nw.col("_from").alias("_c"))
            first = nw.max_horizontal(self.base.point_of("at", schedule), "_c")
            return (
                self.base.table("responses")
                .join(made, on="contribution", how="inner")
                .with_columns(first.alias("_from"))
                .filter(nw.col("_from") < len(schedule))
                .select(
                    nw.col("id").alias("response"),
                    "contribution",
                    "responder",
                    "at",
                    "outcome",
                    "_from",
                )
            )

        return self.base.shared(("responses", schedule), build)

    def reactions_by_point(self) -> nw.LazyFrame[Any]:
        """:attr:`reactions` of every point, with ``_from``: the latest of the points of the
        reaction's time, its contribution's ``_from`` and its author's joining."""
        schedule = self.schedule

        def build() -> nw.LazyFrame[Any]:
            table = self.base.table("reactions")
            names = table.collect_schema().names()
            made = self.contributions_by_point().select("contribution", nw.col("_from").alias("_c"))
            first = nw.max_horizontal(self.base.point_of("at", schedule), "_c", "_joined")
            return (
                table.join(made, on="contribution", how="inner")
                .join(self.members_by_point(), on="stakeholder", how="inner")
                .with_columns(first.alias("_from"))
                .filter(nw.col("_from") < len(schedule))
                .select(*names, "_from")
            )

        return self.base.shared(("reactions", schedule), build)

    @cached_property
    def revisions(self) -> nw.LazyFrame[Any]:
        """Revisions by ``t``: ``revision``, ``at``."""
        return self.base.keep(
            self.base.table("revisions")
            .filter(self._by_t("at"))
            .select(nw.col("id").alias("revision"), "at")
        )

    @cached_property
    def adoption(self) -> datetime | None:
        """When the strategy was adopted (the earliest revision, ever), if by ``t``."""
        return self.base.adoption(self.t)

    @cached_property
    def milestones(self) -> nw.LazyFrame[Any]:
        """Every milestone: ``milestone``, ``due`` (the end of the due day, UTC) and
        ``achieved`` (null if not achieved by ``t``)."""
        t = self._lit(self.t)
        dtype = nw.Datetime("us", self.base.zone)
        due = nw.col("due").cast(dtype) + nw.lit(timedelta(days=1))
        achieved = nw.when(nw.col("achieved") <= t).then(nw.col("achieved"))
        return self.base.keep(
            self.base.table("milestones").select(
                nw.col("id").alias("milestone"),
                due.alias("due"),
                achieved.otherwise(None).alias("achieved"),
            )
        )

    @cached_property
    def goals(self) -> nw.LazyFrame[Any]:
        """Goals created by ``t`` (or with no time): ``goal``, ``parent``."""
        return self.base.keep(
            self.base.table("goals")
            .filter(self._by_t_any("created"))
            .select(nw.col("id").alias("goal"), "parent")
        )

    def _by_t_any(self, column: str) -> nw.Expr:
        col = nw.col(column)
        return col.is_null() | (col <= self._lit(self.t))

    def link(self, table: str, key: str) -> nw.LazyFrame[Any]:
        """A link table cut to what is in scope: ``key`` names the column checked."""
        frame = self.base.table(table)
        scope = {
            "event": lambda: self.events.select("event"),
            "contribution": lambda: self.contributions.select("contribution"),
            "revision": lambda: self.revisions.select("revision"),
            "goal": lambda: self.goals.select("goal"),
        }[key]()
        return frame.join(scope, on=key, how="semi")

    # -- groups --------------------------------------------------------------------

    def groups_of_people(self, by: By) -> nw.LazyFrame[Any]:
        """``stakeholder``, ``_group``: which group each person in scope is in (kept).

        ``by=None`` puts everyone in one group; ``"goal"`` puts a person in every
        goal whose affected units include their unit or a unit above it.
        """
        key = ("people", by)
        if key not in self._memo:
            self._memo[key] = self.base.keep(self._groups_of_people(by))
        return self._memo[key]

    def people_in_groups(self, by: By, *columns: str) -> nw.LazyFrame[Any]:
        """``stakeholder``, ``_group`` and ``columns`` of :attr:`people`: each person in scope
        with their group, as :meth:`groups_of_people` (no join where the group is a column of
        :attr:`people`: the whole, the unit, the role)."""
        people = self.people
        if by is None:
            return people.select("stakeholder", nw.lit(ALL).alias(GROUP), *columns)
        if by == "unit":
            return people.select("stakeholder", nw.col("unit").alias(GROUP), *columns)
        if by == "role":
            role = nw.col("role")
            return people.filter(~role.is_null()).select("stakeholder", role.alias(GROUP), *columns)
        # goals and attributes: a join (groups_of_people keeps these)
        return self.groups_of_people(by).join(
            people.select("stakeholder", *columns), on="stakeholder"
        )

    def _groups_of_people(self, by: By) -> nw.LazyFrame[Any]:
        """``stakeholder``, ``_group``: which group each person in scope is in.

        ``by=None`` puts everyone in one group; ``"goal"`` puts a person in every
        goal whose affected units include their unit or a unit above it.
        """
        people = self.people
        if by is None or by in ("unit", "role"):  # a column of the people
            return self.people_in_groups(by)
        if by == "goal":
            affected = (
                self.link("goal_units", "goal")
                .rename({"unit": "within"})
                .join(self.base.closure, on="within", how="inner")
                .select("unit", nw.col("goal").alias(GROUP))
                .unique()
            )
            return (
                people.select("stakeholder", "unit")
                .join(affected, on="unit")
                .select("stakeholder", GROUP)
            )
        key = attribute_key(by)
        assert key is not None, by
        return (
            self.base.table("stakeholder_attributes")
            .filter(nw.col("key") == key)
            .join(people.select("stakeholder"), on="stakeholder", how="semi")
            .select("stakeholder", nw.col("value").alias(GROUP))
        )

    def groups_of(self, subject: str, by: By) -> nw.LazyFrame[Any]:
        """``<subject>``, ``_group`` for subjects ``"contribution"``, ``"event"``, ``"milestone"``.

        Contributions are grouped by their author's group or (``"goal"``) their
        goals; events by their organiser's group or their goals; milestones by
        their goals. Grouped, computed once per view (kept).
        """
        if by is None:
            return self._groups_of(subject, by)
        return self.cached(("of", (subject, by)), lambda: self._groups_of(subject, by))

    def _groups_of(self, subject: str, by: By) -> nw.LazyFrame[Any]:
        link = {"contribution": "contribution_goals", "event": "event_goals"}
        if by is None:
            frame = {
                "contribution": lambda: self.contributions,
                "event": lambda: self.events,
                "milestone": lambda: self.milestones,
            }[subject]()
            return frame.select(subject, nw.lit(ALL).alias(GROUP))
        if by == "goal":
            table = link.get(subject, "milestone_goals")
            scoped = self.base.table(table).join(self.goals.select("goal"), on="goal", how="semi")
            return scoped.select(subject, nw.col("goal").alias(GROUP)).unique()
        person = {"contribution": "author", "event": "organiser"}[subject]
        frame = self.contributions if subject == "contribution" else self.events
        groups = self.groups_of_people(by).rename({"stakeholder": person})
        return frame.select(subject, person).join(groups, on=person).select(subject, GROUP)

    def in_groups(self, frame: nw.LazyFrame[Any], subject: str, by: By) -> nw.LazyFrame[Any]:
        """``frame``, whose ``subject`` column holds subjects in scope (once each), with
        ``_group``: a row per group of each subject (:meth:`groups_of`); for ``by=None``,
        the one group, without a join."""
        if by is None:
            return frame.with_columns(nw.lit(ALL).alias(GROUP))
        return self.groups_of(subject, by).join(frame, on=subject, how="inner")

    def group_list(self, by: By) -> nw.LazyFrame[Any]:
        """Every group with its ``size`` (people in scope in it): the rows of a result."""
        key = ("list", by)
        if key not in self._memo:
            self._memo[key] = self.base.keep(self._group_list(by))
        return self._memo[key]

    def _group_list(self, by: By) -> nw.LazyFrame[Any]:
        """Every group with its ``size`` (people in scope in it): the rows of a result."""
        sizes = (
            self.groups_of_people(by)
            .join(self.people.select("stakeholder", "w"), on="stakeholder")
            .group_by(GROUP)
            .agg(nw.col("w").sum().alias("size"))
        )
        if by is None:
            named = self.base.literal({GROUP: [ALL]}, {GROUP: nw.String()})
        elif by == "unit":
            ids = [unit for unit, _, x in self.base.units if not (x and self.base.internal_only)]
            named = self.base.literal({GROUP: ids}, {GROUP: nw.String()})
        elif by == "goal":
            named = self.goals.select(nw.col("goal").alias(GROUP))
        else:
            named = sizes.select(GROUP)
        return named.join(sizes, on=GROUP, how="left").with_columns(
            nw.col("size").fill_null(0).cast(nw.Int64)
        )

    def share(
        self,
        by: By,
        counted: nw.LazyFrame[Any],
        numerator: str,
        denominator: str,
        empty: str,
        *,
        evidence: Sequence[str] | None = None,
    ) -> nw.LazyFrame[Any]:
        """``numerator / denominator`` per group of two counts, finished by :meth:`finish`.

        ``counted`` has ``_group`` and both count columns; the value is null
        with the reason ``empty`` where the denominator is 0. ``evidence`` is
        the order the counts are shown in (by default numerator, denominator).
        """
        per_group = (
            counted.with_columns(nw.col(numerator, denominator).cast(nw.Int64))
            .with_columns(ratio(numerator, denominator).alias("value"))
            .with_columns(reason_if_null("value", empty))
        )
        shown = (numerator, denominator) if evidence is None else tuple(evidence)
        return self.finish(by, per_group, shown, empty)

    def finish(
        self,
        by: By,
        per_group: nw.LazyFrame[Any],
        evidence: Sequence[str],
        empty: str,
        *,
        counts: Sequence[str] | None = None,
        scores: Sequence[str] = (),
    ) -> nw.LazyFrame[Any]:
        """The result: every group, its evidence, ``value`` and ``reason``, privacy applied.

        ``per_group`` has ``_group``, the ``evidence`` columns, ``value`` and
        ``reason``; a group missing from it gets zero counts (``counts``, by
        default all of ``evidence``), a null value and the reason ``empty``.
        ``scores`` names evidence columns that are scores themselves (shares,
        means): privacy withholds them with the value.
        """
        counted = list(evidence if counts is None else counts)
        frame = self.group_list(by).join(per_group, on=GROUP, how="left")
        if counted:
            frame = frame.with_columns(nw.col(*counted).fill_null(0))
        frame = frame.with_columns(
            nw.col("value").cast(nw.Float64),
            nw.when(nw.col("value").is_null() & nw.col("reason").is_null())
            .then(nw.lit(empty))
            .otherwise(nw.col("reason"))
            .alias("reason"),
        )
        columns = ["size", *evidence, "value", "reason"]
        if by is None:
            return frame.select(*columns)
        if by != "period":
            frame = self._suppress(by, frame, counted, scores)
            columns.append("suppressed")
        name = attribute_key(by) or by
        return frame.select(nw.col(GROUP).alias(name), *columns).sort(name)

    def _decisions(self, by: By) -> nw.LazyFrame[Any]:
        """``_group``, ``_score``, ``_count``: why each group's score and counts are withheld
        (null: published). The same for every metric grouped ``by`` at this moment."""
        key = ("decisions", by)
        if key in self._memo:
            return self._memo[key]
        listed = self.group_list(by).collect().rows()
        sizes = {str(g): int(n) for g, n in listed}
        total = self.headcount
        if by == "goal":
            unit_sizes = dict(self.people.group_by("unit").agg(nw.col("w").sum()).collect().rows())
            members: dict[str, set[str]] = {}
            for group, unit in (
                self.groups_of_people("goal")
                .join(self.people.select("stakeholder", "unit"), on="stakeholder")
                .select(GROUP, "unit")
                .unique()
                .collect()
                .rows()
            ):
                members.setdefault(str(group), set()).add(str(unit))
            sets = {g: frozenset(members.get(g, ())) for g in sizes}
            atoms = {str(u): int(n) for u, n in unit_sizes.items()}
        else:
            sets = {g: frozenset({g}) for g in sizes}
            atoms = dict(sizes)
            rest = total - sum(sizes.values())
            if rest > 0:
                atoms[privacy.REST] = rest
        score = privacy.suppress(sets, atoms, minimum=self.base.min_group)
        if self.base.min_count == self.base.min_group:
            count = score
        else:
            count = privacy.suppress(sets, atoms, minimum=self.base.min_count)
        groups = list(sizes)
        found = self.base.keep(
            self.base.literal(
                {
                    GROUP: groups,
                    "_score": [score.get(g) for g in groups],
                    "_count": [count.get(g) for g in groups],
                },
                {GROUP: nw.String(), "_score": nw.String(), "_count": nw.String()},
            )
        )
        self._memo[key] = found
        return found

    def _suppress(
        self,
        by: By,
        frame: nw.LazyFrame[Any],
        counts: Sequence[str],
        scores: Sequence[str] = (),
    ) -> nw.LazyFrame[Any]:
        """Withhold the value (and counts) of groups too small or recoverable by difference."""
        frame = frame.join(self._decisions(by), on=GROUP, how="left")
        hidden = ~nw.col("_score").is_null()
        hidden_counts = ~nw.col("_count").is_null()
        updates = [
            nw.when(~hidden).then(nw.col("value")).cast(nw.Float64).alias("value"),
            nw.when(hidden)
            .then(nw.concat_str(nw.lit("suppressed: "), nw.col("_score")))
            .otherwise(nw.col("reason"))
            .alias("reason"),
            (hidden | hidden_counts).alias("suppressed"),
        ]
        for column in ["size", *counts]:
            # evidence would give a withheld score back (it is their ratio): hidden with it
            hide = hidden_counts if column == "size" else hidden | hidden_counts
            # without an otherwise, pandas keeps a numeric column (NaN), not objects
            updates.append(nw.when(~hide).then(nw.col(column)).alias(column))
        for column in scores:
            updates.append(nw.when(~hidden).then(nw.col(column)).alias(column))  # noqa: PERF401
        return frame.with_columns(*updates)


Computation = Callable[[View, By], nw.LazyFrame[Any]]


def compute(
    tables: TableSource[FrameT],
    metric: Computation,
    *,
    needs: Iterable[str],
    by: By,
    allowed: Sequence[str],
    as_of: datetime | None,
    internal_only: bool,
    min_group: int,
    min_count: int,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    """Run ``metric`` on ``tables`` for a public metric function: checks, periods, output."""
    checked = check_by(by, allowed)
    names = list(needs)
    if checked is not None and attribute_key(checked):
        names.append("stakeholder_attributes")
    if checked == "goal":
        names += ["goals", "goal_units", "contribution_goals", "event_goals", "milestone_goals"]
    base = Base(
        tables, names, internal_only=internal_only, min_group=min_group, min_count=min_count
    )
    moment = _moment(as_of)
    return cast("FrameT", base.out(run(base, metric, checked, moment, period)))


def run(
    base: Base, metric: Computation, by: By, t: datetime | None, period: str = DEFAULT_PERIOD
) -> nw.LazyFrame[Any]:
    """``metric`` on ``base`` at ``t``; ``by="period"`` runs it on each period's window."""
    view = base.view(t)
    if by != "period":
        return metric(view, by)
    parts = []
    periods = base.periods(view.t, period)
    for i, (start, end) in enumerate(periods):
        # a period is [start, end): what happens at its end belongs to the next one,
        # except for the last, which ends at t itself
        last = i == len(periods) - 1
        window = base.view(end if last else end - _TICK, since=start)
        label = nw.lit(start.date()).cast(nw.Date).alias("period")
        parts.append(metric(window, None).with_columns(label))
    if not parts:
        label = nw.lit(view.t.date()).cast(nw.Date).alias("period")
        empty = metric(view, None).with_columns(label)
        return empty.filter(nw.col("size") < 0)  # no period: no rows, the same columns
    if base.eager:
        frame = nw.concat(parts, how="vertical")
    else:  # one plan per period would nest as deep as there are periods: compute each
        whole = nw.concat([part.collect() for part in parts], how="vertical")
        frame = whole.lazy(backend=base.implementation)
    columns = frame.collect_schema().names()
    return frame.select("period", *(c for c in columns if c != "period"))
