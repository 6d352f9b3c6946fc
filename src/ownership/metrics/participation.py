"""Participation: who was involved, how deeply, how early and how steadily.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any, Final, TypeVar, cast
from zoneinfo import ZoneInfo

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd
from pandas.tseries.offsets import BaseOffset

from ..errors import Problem, ValidationError
from ._base import (
    ALL,
    DEFAULT_MIN_GROUP,
    DEFAULT_PERIOD,
    GROUP,
    Base,
    By,
    View,
    WholeRow,
    _instant,
    _missing,
    compute,
    flags_of,
    fraction,
    integers_of,
    microseconds_of,
    ratio,
    reason_if_null,
    shares_of_whole,
    whole_row,
)
from ._counting import TableSource, _microseconds, _moment

__all__ = [
    "continuity",
    "depth",
    "earliness",
    "reach",
    "representation",
    "stakeholder_continuity",
    "unit_coverage",
    "unit_mix",
]

FrameT = TypeVar("FrameT")

_PEOPLE_GROUPS: Final = ("unit", "role", "goal", "period", "attribute")
_NOBODY: Final = "no stakeholders in scope"
_NOT_ADOPTED: Final = "strategy not adopted by t (no revision yet)"
_TOP_RANK: Final = 4  # empower, the top of the IAP2 spectrum


# ---------------------------------------------------------------------------
# building blocks


def _two_way(view: View) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_hit`` (1): the people in scope who took part in a two-way event."""
    return view.involvement.filter(nw.col("two_way") == 1).select(
        "stakeholder", nw.lit(1).alias("_hit")
    )


def _per_unit(view: View) -> nw.LazyFrame[Any]:
    """``unit``, ``reached``, ``people``: each unit with people in scope, weighted."""
    return (
        view.people.select("stakeholder", "unit", "w")
        .join(_two_way(view), on="stakeholder", how="left")
        .with_columns((nw.col("_hit").fill_null(0) * nw.col("w")).alias("reached"))
        .group_by("unit")
        .agg(nw.col("reached").sum(), nw.col("w").sum().alias("people"))
        .with_columns(nw.col("reached", "people").cast(nw.Int64))
    )


def _no_rows(view: View, counts: Sequence[str]) -> nw.LazyFrame[Any]:
    """A per-group frame without groups: :meth:`View.finish` gives every group its reason."""
    schema: dict[str, Any] = {GROUP: nw.String(), **dict.fromkeys(counts, nw.Int64())}
    schema.update(value=nw.Float64(), reason=nw.String())
    return view.base.literal({name: [] for name in schema}, schema)


def _offset(freq: object) -> BaseOffset:
    """``freq`` (a pandas offset alias such as ``"MS"``) checked, as an offset."""
    problem = f"not a period: {freq!r}; use a pandas offset alias such as 'MS' (months)"
    if not isinstance(freq, str):
        raise ValidationError([Problem("period", problem)])
    try:
        offset = pd.tseries.frequencies.to_offset(freq)
    except ValueError:
        raise ValidationError([Problem("period", problem)]) from None
    if offset.n < 1:
        raise ValidationError([Problem("period", f"{problem}, with a positive multiple")])
    return offset


def _period_starts(freq: str, first: datetime, t: datetime) -> list[datetime]:
    """The starts of the periods ``freq`` from the one holding ``first`` to the one holding ``t``.

    A period begins on its offset: a calendar month on its first day (``"MS"``), a
    week on its weekday (``"W-MON"``), a day at midnight (UTC). The list is short
    (one entry per period), so it is built here, in Python.
    """
    offset = _offset(freq)
    stamp = pd.Timestamp(first).tz_convert(UTC)
    if isinstance(offset, pd.offsets.Tick):  # hours, minutes: floor to the period
        begin = stamp.floor(pd.Timedelta(offset))
    else:  # calendar offsets: back to the latest period start at or before the day
        begin = offset.rollback(stamp.floor("D"))
    starts = pd.date_range(begin, pd.Timestamp(t).tz_convert(UTC), freq=offset)
    return [s.to_pydatetime() for s in starts]


_FEW_PERIODS: Final = 64
"""Up to this many periods, :func:`_period_of` compares each time with every period start."""


def _period_of(
    view: View, frame: nw.LazyFrame[Any], starts: Sequence[datetime]
) -> nw.LazyFrame[Any]:
    """``frame`` with ``_period``: the index in ``starts`` of the period its ``start`` is in.

    No ``start`` of ``frame`` may precede ``starts[0]``. The index of a time is the
    number of period starts at or before it, less one: up to :data:`_FEW_PERIODS`
    periods, one comparison per period start counts them; beyond, ranking the distinct
    times together with the period starts counts them, without a comparison per period.
    """
    if len(starts) <= _FEW_PERIODS:  # a comparison per period and row is cheaper than a join
        at_or_after = [(nw.col("start") >= view.base.moment(s)).cast(nw.Int64) for s in starts]
        counted = nw.sum_horizontal(*at_or_after) - 1
        return frame.with_columns(counted.cast(nw.Int64).alias("_period"))
    dtype = frame.collect_schema()["start"]
    zone = ZoneInfo(view.base.zone)
    bounds = view.base.literal(
        {"start": [s.astimezone(zone) for s in starts], "_bound": [1] * len(starts)},
        {"start": dtype, "_bound": nw.Int64()},
    )
    times = frame.select("start").unique()
    own = times.with_columns(nw.col("start").rank(method="max").cast(nw.Int64).alias("_own"))
    every = nw.concat(
        [times.with_columns(nw.lit(0, dtype=nw.Int64()).alias("_bound")), bounds],
        how="vertical",
    )
    index = (
        every.with_columns(nw.col("start").rank(method="max").cast(nw.Int64).alias("_all"))
        .filter(nw.col("_bound") == 0)
        .join(own, on="start")
        .select("start", (nw.col("_all") - nw.col("_own") - 1).alias("_period"))
    )
    return frame.join(index, on="start")


def _threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        message = f"must be a number in [0, 1], not {value!r}"
        raise ValidationError([Problem("attribute_threshold", message)])
    return float(value)


def _needed(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        message = f"must be 1, 2 or 3 (of power, legitimacy, urgency), not {value!r}"
        raise ValidationError([Problem("salient_attributes", message)])
    return value


def _reach(view: View, by: By) -> nw.LazyFrame[Any]:
    hit = _two_way(view)
    per_group = (
        view.people_in_groups(by, "w")
        .join(hit, on="stakeholder", how="left")
        .with_columns((nw.col("_hit").fill_null(0) * nw.col("w")).alias("reached"))
        .group_by(GROUP)
        .agg(nw.col("reached").sum(), nw.col("w").sum().alias("people"))
    )
    return view.share(by, per_group, "reached", "people", "no stakeholders in scope")


def reach(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Reach: the weighted share of stakeholders who took part in a two-way event.

    .. math::

        \operatorname{reach} = \frac{\sum_{s \in S} w_s\,[s \text{ took part in an event
        at level} \ge \text{consult}]}{\sum_{s \in S} w_s}

    over the stakeholders :math:`S` in scope at ``as_of`` (active, internal
    with ``internal_only``), :math:`w_s` their ``size``. Taking part is being
    a participant or facilitator; an invitation is not. Evidence: ``reached``
    (the numerator) and ``people`` (the denominator). Null when nobody is in
    scope.

    References: two-way means at least *consult* on the International
    Association for Public Participation (2018), *IAP2 Spectrum of Public
    Participation*. Informing alone does not count: S. R. Arnstein (1969), "A
    ladder of citizen participation", *Journal of the American Institute of
    Planners* 35(4), 216-224, describes it as a one-way flow of information
    with no channel for feedback.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.participation import reach
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3)],
    ...     events=[Event(id="e", kind="workshop", title="Kick-off", start=t,
    ...                   participations=[Participation(stakeholder="ann")])],
    ... )

    Ann (1 person) took part; the operations team (3 people) did not: 1/4.

    >>> reach(to_tables(process))
       size  reached  people  value reason
    0     4        1       4   0.25    NaN
    """
    return compute(
        tables,
        _reach,
        needs=("participations",),
        by=by,
        allowed=_PEOPLE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# unit coverage

_NO_UNIT: Final = "no unit has stakeholders in scope"


def _unit_coverage(view: View, by: By) -> nw.LazyFrame[Any]:
    per_unit = (
        view.people_in_groups(by, "unit")
        .join(_two_way(view), on="stakeholder", how="left")
        .with_columns(nw.col("_hit").fill_null(0))
        .group_by(GROUP, "unit")
        .agg(nw.col("_hit").max())
    )
    per_group = per_unit.group_by(GROUP).agg(
        nw.col("_hit").sum().alias("covered"), nw.len().alias("units")
    )
    return view.share(by, per_group, "covered", "units", _NO_UNIT)


def unit_coverage(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    r"""Unit coverage: the share of units in which someone took part in a two-way event.

    .. math::

        \operatorname{coverage} = \frac{|\{u \in U : \exists s \in S_u \text{ who took
        part in an event at level} \ge \text{consult}\}|}{|U|}

    over the units :math:`U` that have people in scope (:math:`S_u`, the
    stakeholders in scope whose own unit is :math:`u`, is not empty). Every unit
    counts once, whatever its size: a small unit left out weighs as much as a
    large one. A unit without people of its own (a parent unit whose people all
    sit in its sub-units, an external unit with ``internal_only``) is not
    counted. Taking part is being a participant or facilitator.

    Evidence: ``covered`` (the numerator) and ``units`` (the denominator).
    Null when no unit has people in scope. By ``"goal"``, the units are the
    goal's affected units and their sub-units; by ``"period"``, a unit is
    covered in a period when one of its people took part in a two-way event
    that started in the period.

    Reference: the library's own measure of the breadth of participation; two-way
    means at least *consult* on the IAP2 Spectrum of Public Participation
    (IAP2, 2018).

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.participation import unit_coverage
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT"), Unit(id="hr", name="HR"),
    ...            Unit(id="care", name="Care")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="cy", name="Cy", unit="hr")],
    ...     events=[Event(id="e", kind="workshop", title="Kick-off", start=t,
    ...                   participations=[Participation(stakeholder="ann")])],
    ... )

    IT took part (Ann), HR did not; care has nobody and is not counted: 1/2.

    >>> unit_coverage(to_tables(process))
       size  covered  units  value reason
    0     2        1      2    0.5    NaN
    """
    return compute(
        tables,
        _unit_coverage,
        needs=("participations",),
        by=by,
        allowed=("goal", "period"),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# depth


def _depth(view: View, by: By) -> nw.LazyFrame[Any]:
    highest = view.involvement.select("stakeholder", nw.col("top").alias("_rank"))
    per_group = (
        view.people_in_groups(by, "w")
        .join(highest, on="stakeholder", how="left")
        .with_columns((nw.col("_rank").fill_null(0) * nw.col("w")).alias("level_sum"))
        .group_by(GROUP)
        .agg(nw.col("level_sum").sum(), nw.col("w").sum().alias("people"))
        .with_columns(nw.col("level_sum", "people").cast(nw.Int64))
        .with_columns((nw.col("people") * _TOP_RANK).alias("_most"))
        .with_columns(ratio("level_sum", "_most").alias("value"))
        .with_columns(reason_if_null("value", _NOBODY))
    )
    return view.finish(by, per_group, ("level_sum", "people"), _NOBODY)


def depth(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    r"""Depth: how far up the spectrum of participation people got, on average.

    .. math::

        \operatorname{depth} = \frac{\sum_{s \in S} w_s\, r_s}{4 \sum_{s \in S} w_s}

    where :math:`r_s` is the highest level stakeholder :math:`s` took part at
    (participant or facilitator) by ``as_of``, ranked on the IAP2 spectrum:
    inform 0, consult 1, involve 2, collaborate 3, empower 4 (an event's
    ``level``, or by default its kind's). Someone who took part in nothing
    counts 0, as does someone who only attended one-way events. 1 means
    everyone was empowered; 0.5 that people were, on average, involved.

    Evidence: ``level_sum`` (:math:`\sum_s w_s r_s`, an integer) and
    ``people`` (:math:`\sum_s w_s`); the value is ``level_sum / (4 · people)``.
    Null when nobody is in scope. By ``"period"``, :math:`r_s` is the highest
    level reached in events that started in the period.

    References: International Association for Public Participation (2018),
    *IAP2 Spectrum of Public Participation*, for the levels; S. R. Arnstein
    (1969), "A ladder of citizen participation", *Journal of the American
    Institute of Planners* 35(4), 216-224, for reading them as rungs whose
    height matters, not only whether people took part.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.participation import depth
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3),
    ...                   Stakeholder(id="cy", name="Cy", unit="it")],
    ...     events=[Event(id="w", kind="workshop", title="Kick-off", start=t,
    ...                   participations=[Participation(stakeholder="ann")]),
    ...             Event(id="s", kind="survey", title="Survey", start=t,
    ...                   participations=[Participation(stakeholder="ops")])],
    ... )

    Ann collaborated (3), the operations team (3 people) was consulted (1), Cy
    did nothing (0): (3 + 3 · 1 + 0) / (4 · 5) = 6/20.

    >>> depth(to_tables(process))
       size  level_sum  people  value reason
    0     5          6       5    0.3    NaN
    """
    return compute(
        tables,
        _depth,
        needs=("participations",),
        by=by,
        allowed=_PEOPLE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# earliness

_NOT_SALIENT: Final = "no high-salience stakeholders in scope"


def _earliness(view: View, by: By, *, threshold: float, needed: int) -> nw.LazyFrame[Any]:
    held = [
        (nw.col(name) >= threshold).fill_null(value=False).cast(nw.Int64)
        for name in ("power", "legitimacy", "urgency")
    ]
    salient = (
        view.people.with_columns(nw.sum_horizontal(*held).alias("_held"))
        .filter(nw.col("_held") >= needed)
        .select("stakeholder", "w")
    )
    adoption = view.adoption
    people = view.groups_of_people(by).join(salient, on="stakeholder")
    if adoption is None:  # nobody can have been early: the counts stand, the value is null
        people = people.with_columns(nw.lit(0).alias("_hit"))
        value = nw.lit(None, nw.Float64())
    else:
        before = nw.col("first_two_way") < view.base.moment(adoption)
        early = view.involvement.filter(before).select("stakeholder", nw.lit(1).alias("_hit"))
        people = people.join(early, on="stakeholder", how="left")
        value = ratio("early", "salient")
    per_group = (
        people.with_columns((nw.col("_hit").fill_null(0) * nw.col("w")).alias("early"))
        .group_by(GROUP)
        .agg(nw.col("early").sum(), nw.col("w").sum().alias("salient"))
        .with_columns(nw.col("early", "salient").cast(nw.Int64))
        .with_columns(value.alias("value"))
        .with_columns(reason_if_null("value", _NOT_ADOPTED if adoption is None else _NOT_SALIENT))
    )
    empty = _NOT_ADOPTED if adoption is None else _NOT_SALIENT
    return view.finish(by, per_group, ("salient", "early"), empty)


def earliness(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = DEFAULT_PERIOD,
    attribute_threshold: float = 0.5,
    salient_attributes: int = 2,
) -> FrameT:
    r"""Earliness: the weighted share of high-salience stakeholders involved before adoption.

    .. math::

        \operatorname{earliness} = \frac{\sum_{s \in H} w_s\, [s \text{ took part in a
        two-way event that started before } t_0]}{\sum_{s \in H} w_s}

    where :math:`t_0` is the adoption of the strategy (its earliest revision)
    and :math:`H` the *high-salience* stakeholders in scope: those who possess
    at least ``salient_attributes`` (default 2) of the three attributes of
    Mitchell, Agle and Wood, power, legitimacy and urgency, an attribute being
    possessed when its score is at least ``attribute_threshold`` (default 0.5).
    An unknown (null) score is not possessed. With the defaults, :math:`H` holds
    the dominant, dangerous, dependent and definitive stakeholders of the
    salience typology: the people a strategy cannot do without should be heard
    while it is still being written.

    Evidence: ``salient`` (:math:`\sum_{s \in H} w_s`) and ``early`` (the
    numerator). Null when the strategy is not adopted by ``as_of`` (no revision
    yet; the reason says so) or when nobody in scope (in the group) is of high
    salience. Taking part is being a participant or facilitator; the event
    must have started strictly before the adoption.

    Reference: R. K. Mitchell, B. R. Agle and D. J. Wood (1997), "Toward a
    theory of stakeholder identification and salience: defining the principle
    of who and what really counts", *Academy of Management Review* 22(4),
    853-886.

    >>> from datetime import UTC, datetime
    >>> from ownership import (Event, Participation, Revision, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.participation import earliness
    >>> from ownership.tables import to_tables
    >>> day = [datetime(2025, month, 1, tzinfo=UTC) for month in (2, 3, 4)]
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[
    ...         Stakeholder(id="ann", name="Ann", unit="it", power=0.9, legitimacy=0.8),
    ...         Stakeholder(id="bo", name="Bo", unit="it", power=0.9),
    ...         Stakeholder(id="cy", name="Cy", unit="it", legitimacy=0.6, urgency=0.7)],
    ...     revisions=[Revision(id="v1", at=day[1], title="Strategy adopted")],
    ...     events=[Event(id="w", kind="workshop", title="Draft", start=day[0],
    ...                   participations=[Participation(stakeholder="ann")]),
    ...             Event(id="m", kind="meeting", title="Follow-up", start=day[2],
    ...                   participations=[Participation(stakeholder="cy")])],
    ... )

    Ann and Cy hold two attributes each, Bo one (his urgency is unknown). Ann
    was involved before the adoption on 1 March, Cy only after: 1/2.

    >>> earliness(to_tables(process))
       size  salient  early  value reason
    0     3        2      1    0.5    NaN
    """
    threshold = _threshold(attribute_threshold)
    needed = _needed(salient_attributes)
    return compute(
        tables,
        partial(_earliness, threshold=threshold, needed=needed),
        needs=("participations", "revisions"),
        by=by,
        allowed=("unit", "role", "goal", "attribute"),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# continuity


def _continuity(view: View, by: By, *, period: str) -> nw.LazyFrame[Any]:
    counts = ("periods", "active_periods")
    adoption = view.adoption
    if adoption is None:
        return view.finish(by, _no_rows(view, counts), counts, _NOT_ADOPTED)
    starts = _period_starts(period, adoption, view.t)
    if by is None and view.point is None:
        # one group: the periods of the distinct times anyone in scope took part two-way,
        # without pairing people with periods
        in_scope = view.people.select("stakeholder")
        times = (
            view.base.among(_two_way_since(view, starts[0]), "stakeholder", in_scope)
            .select("start")
            .unique()
        )
        found = _period_of(view, times, starts).select(
            nw.col("_period").n_unique().alias("active_periods")
        )
        active = view.groups_of_people(by).select(GROUP).unique().join(found, how="cross")
    else:
        active = (
            view.groups_of_people(by)
            .join(_active_periods(view, period, starts), on="stakeholder")
            .group_by(GROUP)
            .agg(nw.col("_period").n_unique().alias("active_periods"))
        )
    per_group = (
        view.groups_of_people(by)
        .select(GROUP)
        .unique()
        .join(active, on=GROUP, how="left")
        .with_columns(
            nw.col("active_periods").fill_null(0).cast(nw.Int64),
            nw.lit(len(starts), dtype=nw.Int64()).alias("periods"),
        )
        .with_columns(ratio("active_periods", "periods").alias("value"))
        .with_columns(reason_if_null("value", _NOBODY))
    )
    return view.finish(by, per_group, counts, _NOBODY)


def _active_periods(view: View, period: str, starts: Sequence[datetime]) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_period``: the periods since ``starts[0]`` in which each person
    took part in a two-way event, once each; found once per view and ``period``."""

    def build() -> nw.LazyFrame[Any]:
        if view.point is not None:
            # the first start of each person's periods, found once for the timeline's
            # schedule: the periods of its last point begin with this point's
            first = _first_in_periods(view, period, starts[0])
            return first.filter(nw.col("_first") <= view.base.moment(view.t)).select(
                "stakeholder", "_period"
            )
        involved = _two_way_since(view, starts[0])
        return (
            _period_of(view, involved.select("stakeholder", "start"), starts)
            .select("stakeholder", "_period")
            .unique()
        )

    return view.cached(("active periods", period), build)


def _two_way_since(view: View, since: datetime) -> nw.LazyFrame[Any]:
    """The rows of :attr:`View.taken_part` of two-way events that started at or after
    ``since``: what continuity counts periods from."""
    return view.taken_part.filter(nw.col("two_way") & (nw.col("start") >= view.base.moment(since)))


def _first_in_periods(view: View, period: str, adoption: datetime) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_period``, ``_first``: the first start of a two-way event each
    person (in scope or not) took part in, per period since ``adoption``'s to the last point
    of the view's schedule; shared by the schedule's views."""
    last = view.schedule[-1]

    def build() -> nw.LazyFrame[Any]:
        starts = _period_starts(period, adoption, last)
        since = view.base.moment(starts[0])
        involved = view.base.attendance.filter(
            (nw.col("rank") >= 1)
            & (nw.col("start") >= since)
            & (nw.col("start") <= view.base.moment(last))
        )
        return (
            _period_of(view, involved.select("stakeholder", "start"), starts)
            .group_by("stakeholder", "_period")
            .agg(nw.col("start").min().alias("_first"))
        )

    return view.base.shared(("first in periods", (period, adoption, last)), build)


def continuity(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    r"""Continuity: the share of periods since adoption in which people took part.

    .. math::

        \operatorname{continuity} = \frac{|\{p \in P : \exists s \in S \text{ who took
        part in a two-way event that started in } p\}|}{|P|}

    where :math:`P` are the periods (``period``, calendar months by default)
    from the one in which the strategy was adopted (its earliest revision)
    through the one holding ``as_of``, both included, and :math:`S` the
    stakeholders in scope. Participation should not stop once the strategy is
    written: a strategy that is revised with the organisation keeps people
    involved month after month. The period of adoption counts whole, events
    earlier in it included.

    Grouped (by ``"unit"``, ``"role"``, ``"goal"`` or ``"attribute:KEY"``),
    the same share counting only the group's people. Evidence: ``periods``
    (:math:`|P|`) and ``active_periods`` (the numerator). Null when the
    strategy is not adopted by ``as_of`` (the reason says so) and for a group
    without people in scope. See :func:`stakeholder_continuity` for each
    stakeholder's own continuity.

    ``period`` is a pandas offset alias: ``"MS"`` (calendar months), ``"W-MON"``
    (weeks from Monday), ``"QS"`` (quarters), ``"D"`` (days). Periods are in UTC.

    Reference: the library's own measure of sustained involvement. Two-way means
    at least *consult* on the IAP2 Spectrum of Public Participation (IAP2, 2018).

    >>> from datetime import UTC, datetime
    >>> from ownership import (Event, Participation, Revision, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.participation import continuity
    >>> from ownership.tables import to_tables
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="cy", name="Cy", unit="it")],
    ...     revisions=[Revision(id="v1", at=datetime(2025, 1, 15, tzinfo=UTC), title="v1")],
    ...     events=[Event(id="w", kind="workshop", title="Launch",
    ...                   start=datetime(2025, 1, 20, tzinfo=UTC),
    ...                   participations=[Participation(stakeholder="ann")]),
    ...             Event(id="m", kind="meeting", title="Check-in",
    ...                   start=datetime(2025, 3, 3, tzinfo=UTC),
    ...                   participations=[Participation(stakeholder="cy")])],
    ... )

    From January (the adoption) through April: four months, of which January
    and March saw two-way participation.

    >>> continuity(to_tables(process), as_of=datetime(2025, 4, 10, tzinfo=UTC))
       size  periods  active_periods  value reason
    0     2        4               2    0.5    NaN
    """
    _offset(period)
    return compute(
        tables,
        partial(_continuity, period=period),
        needs=("participations", "revisions"),
        by=by,
        allowed=("unit", "role", "goal", "attribute"),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


_NEVER: Final = "never took part in a two-way event"


def _stakeholder_continuity(view: View, period: str) -> nw.LazyFrame[Any]:
    involved = view.attendance.filter(nw.col("two_way")).select("stakeholder", "start")
    people = view.people.select("stakeholder")
    first = involved.select(nw.col("start").min()).collect().item()
    if _missing(first):
        result = people.with_columns(
            nw.lit(0, dtype=nw.Int64()).alias("periods"),
            nw.lit(0, dtype=nw.Int64()).alias("active_periods"),
        )
    else:
        starts = _period_starts(period, _instant(first), view.t)
        own = (
            _period_of(view, involved, starts)
            .group_by("stakeholder")
            .agg(
                nw.col("_period").min().alias("_first"),
                nw.col("_period").n_unique().alias("active_periods"),
            )
            .with_columns((len(starts) - nw.col("_first")).alias("periods"))
        )
        result = people.join(own, on="stakeholder", how="left").with_columns(
            nw.col("periods", "active_periods").fill_null(0).cast(nw.Int64)
        )
    return (
        result.with_columns(ratio("active_periods", "periods").alias("value"))
        .with_columns(reason_if_null("value", _NEVER))
        .select("stakeholder", "periods", "active_periods", "value", "reason")
        .sort("stakeholder")
    )


def stakeholder_continuity(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    internal_only: bool = True,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    r"""Each stakeholder's continuity: the share of periods since they were first involved
    in which they took part.

    .. math::

        \operatorname{continuity}_s = \frac{|\{p \in P_s : s \text{ took part in a
        two-way event that started in } p\}|}{|P_s|}

    where :math:`P_s` are the periods (``period``, calendar months by default)
    from the one of :math:`s`'s first two-way participation through the one
    holding ``as_of``, both included. Someone who took part once, in the month
    of ``as_of``, has 1/1; someone who took part once a year ago, 1/13.

    One row per stakeholder in scope (sorted by id): ``stakeholder``,
    ``periods`` (:math:`|P_s|`), ``active_periods`` (the numerator), ``value``
    and ``reason``. The value is null for someone never involved in a two-way
    event (``periods`` and ``active_periods`` are then 0). Rows are people, not
    groups, so no privacy minimum applies: publish them with care.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.participation import stakeholder_continuity
    >>> from ownership.tables import to_tables
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id=s, name=s, unit="it") for s in ("ann", "bo", "cy")],
    ...     events=[Event(id="w", kind="workshop", title="Launch",
    ...                   start=datetime(2025, 1, 20, tzinfo=UTC),
    ...                   participations=[Participation(stakeholder="ann")]),
    ...             Event(id="m", kind="meeting", title="Check-in",
    ...                   start=datetime(2025, 3, 3, tzinfo=UTC),
    ...                   participations=[Participation(stakeholder="ann"),
    ...                                   Participation(stakeholder="cy")])],
    ... )

    As of April: Ann took part in January and March, of four months since her
    first time; Cy in March, of two; Bo never.

    >>> rows = stakeholder_continuity(to_tables(process),
    ...                               as_of=datetime(2025, 4, 10, tzinfo=UTC))
    >>> rows[["stakeholder", "periods", "active_periods", "value"]]
      stakeholder  periods  active_periods  value
    0         ann        4               2    0.5
    1          bo        0               0    NaN
    2          cy        2               1    0.5
    """
    _offset(period)
    base = Base(tables, ("participations",), internal_only=internal_only)
    view = base.view(_moment(as_of))
    return cast("FrameT", base.out(_stakeholder_continuity(view, period)))


# ---------------------------------------------------------------------------
# representation

_FEWER_UNITS: Final = "fewer than two units with stakeholders in scope"
_NONE_TOOK_PART: Final = "nobody took part in a two-way event"


def _representation(view: View, by: By) -> nw.LazyFrame[Any]:
    units = nw.col("units")
    per_group = (
        _per_unit(view)
        .with_columns(ratio("reached", "people").alias("_rate"), nw.lit(ALL).alias(GROUP))
        .group_by(GROUP)
        .agg(
            nw.len().alias("units"),
            nw.col("_rate").min().alias("lowest"),
            nw.col("_rate").max().alias("highest"),
        )
        .with_columns(units.cast(nw.Int64), nw.col("lowest", "highest").cast(nw.Float64))
        .with_columns(
            nw.when(units >= 2)
            .then(ratio("lowest", "highest"))
            .otherwise(None)
            .cast(nw.Float64)
            .alias("value"),
            nw.when(units < 2)
            .then(nw.lit(_FEWER_UNITS))
            .when(nw.col("highest") <= 0)
            .then(nw.lit(_NONE_TOOK_PART))
            .otherwise(nw.lit(None, dtype=nw.String()))
            .alias("reason"),
        )
    )
    return view.finish(
        by, per_group, ("units", "lowest", "highest"), _FEWER_UNITS, counts=("units",)
    )


def representation(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    r"""Representation: the lowest unit participation rate divided by the highest.

    .. math::

        \operatorname{representation} = \frac{\min_{u \in U} \rho_u}{\max_{u \in U}
        \rho_u}, \qquad \rho_u = \frac{\sum_{s \in S_u} w_s\, [s \text{ took part in
        a two-way event}]}{\sum_{s \in S_u} w_s}

    over the units :math:`U` with people in scope (:math:`S_u`: the
    stakeholders in scope whose own unit is :math:`u`); :math:`\rho_u` is the
    unit's :func:`reach`. 1 when every unit took part at the same rate; 0 when
    some unit did not take part at all while another did. One unit left
    unheard is enough to bring it to 0, however small the unit.

    Evidence: ``units`` (:math:`|U|`), ``lowest`` and ``highest`` (the two
    rates, float64). Null when fewer than two units have people in scope or
    when nobody took part (the highest rate is 0). Grouped only by
    ``"period"``: a unit's rate in a period counts the two-way events that
    started in it.

    Reference: this is the *representation score* of the Go Vocal (formerly
    CitizenLab) participation platform, with the organisation's units as the
    demographic groups and their headcount as the reference population: "For
    each demographic group, determine the proportion of people in that group
    (within the target population) who participated [...] Divide the lowest
    participation rate by the highest participation rate." Go Vocal Support
    Center, "Representation dashboard",
    https://support.govocal.com/en/articles/6491238-representation-dashboard
    (a help-centre article, not a versioned publication).

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.participation import representation
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT"), Unit(id="hr", name="HR")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3),
    ...                   Stakeholder(id="cy", name="Cy", unit="hr"),
    ...                   Stakeholder(id="di", name="Di", unit="hr")],
    ...     events=[Event(id="w", kind="workshop", title="Kick-off", start=t,
    ...                   participations=[Participation(stakeholder="ann"),
    ...                                   Participation(stakeholder="cy")])],
    ... )

    IT: 1 of 4 took part (0.25); HR: 1 of 2 (0.5): 0.25 / 0.5.

    >>> representation(to_tables(process))
       size  units  lowest  highest  value reason
    0     6      2    0.25      0.5    0.5    NaN
    """
    return compute(
        tables,
        _representation,
        needs=("participations",),
        by=by,
        allowed=("period",),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


def _unit_mix(view: View, by: By) -> nw.LazyFrame[Any]:
    units = _per_unit(view)
    totals = units.select(
        nw.col("reached").sum().alias("_reached"), nw.col("people").sum().alias("_people")
    )
    # |r_u/R − n_u/N| = |r_u·N − n_u·R| / (R·N): whole numbers until the last division
    gap = nw.col("reached") * nw.col("_people") - nw.col("people") * nw.col("_reached")
    per_group = (
        units.join(totals, how="cross")
        .with_columns(gap.abs().alias("_gap"), nw.lit(ALL).alias(GROUP))
        .group_by(GROUP)
        .agg(nw.col("_gap").sum(), nw.col("reached").sum(), nw.col("people").sum())
        .with_columns(nw.col("_gap", "reached", "people").cast(nw.Int64))
        .with_columns((2 * nw.col("reached") * nw.col("people")).alias("_scale"))
        .with_columns(ratio("_gap", "_scale").alias("distance"))
        .with_columns((1.0 - nw.col("distance")).alias("value"))
        .with_columns(reason_if_null("value", _NONE_TOOK_PART))
    )
    evidence = ("reached", "people", "distance")
    return view.finish(by, per_group, evidence, _NOBODY, counts=("reached", "people"))


def unit_mix(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = DEFAULT_PERIOD,
) -> FrameT:
    r"""Unit mix: how closely the participants' units mirror the organisation's.

    .. math::

        \operatorname{mix} = 1 - \tfrac{1}{2} \sum_{u} \left| p_u - q_u \right|,
        \qquad p_u = \frac{r_u}{\sum_v r_v}, \quad q_u = \frac{n_u}{\sum_v n_v}

    where :math:`r_u` is the weighted number of people in scope of unit
    :math:`u` who took part in a two-way event and :math:`n_u` the unit's
    weighted headcount in scope. The sum is the total-variation distance
    between the two distributions over units: the share of participants who
    would have to come from another unit for the participants to mirror the
    headcount. 1 when they mirror it exactly; near 0 when participation comes
    from units that hold few of the people.

    Evidence: ``reached`` (:math:`\sum_u r_u`), ``people``
    (:math:`\sum_u n_u`) and ``distance`` (the total-variation distance, so
    the value is ``1 - distance``). Null when nobody took part in a two-way
    event, or nobody is in scope. Grouped only by ``"period"`` (participants of
    the two-way events that started in the period).

    Reference: the distance is the Loosemore-Hanby index of electoral
    disproportionality, with units as parties, headcount as votes and
    participants as seats: J. Loosemore and V. J. Hanby (1971), "The
    theoretical limits of maximum distortion: some analytic expressions for
    electoral systems", *British Journal of Political Science* 1(4), 467-477;
    one minus it is known as the Rose index of proportionality.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.participation import unit_mix
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT"), Unit(id="hr", name="HR")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3),
    ...                   Stakeholder(id="cy", name="Cy", unit="hr"),
    ...                   Stakeholder(id="di", name="Di", unit="hr")],
    ...     events=[Event(id="w", kind="workshop", title="Kick-off", start=t,
    ...                   participations=[Participation(stakeholder="ann"),
    ...                                   Participation(stakeholder="cy")])],
    ... )

    Participants: IT 1/2, HR 1/2; headcount: IT 4/6, HR 2/6. IT is short of
    its share by 1/6 and HR over it by 1/6: the distance is (1/6 + 1/6) / 2 = 1/6.

    >>> unit_mix(to_tables(process))
       size  reached  people  distance     value reason
    0     6        2       6  0.166667  0.833333    NaN
    """
    return compute(
        tables,
        _unit_mix,
        needs=("participations",),
        by=by,
        allowed=("period",),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# a timeline's points at once
#
# At the points of a timeline's schedule (:attr:`View.scheduled`), what these metrics
# count per person is found for every point at once (:meth:`View.people_at_points`):
# each point's row is the one the metric gives at that point, with no query per point.


def _reach_points(view: View) -> list[WholeRow]:
    """:func:`_reach` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes = people.weighed(people.in_scope).tolist()
    reached = people.weighed(people.two_way).tolist()
    return shares_of_whole(sizes, reached, sizes, ("reached", "people"), _NOBODY)


def _depth_points(view: View) -> list[WholeRow]:
    """:func:`_depth` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes, levels = people.weighed(people.in_scope), people.weighed(people.top)
    rows = []
    for size, level in zip(sizes.tolist(), levels.tolist(), strict=True):
        value = fraction(level, size * _TOP_RANK)
        counts = {"level_sum": level, "people": size}
        rows.append(whole_row(size, counts, value, _NOBODY if value is None else None))
    return rows


def _unit_coverage_points(view: View) -> list[WholeRow]:
    """:func:`_unit_coverage` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes = people.weighed(people.in_scope)
    units = (people.per_unit(people.in_scope, weighed=False) > 0).sum(axis=1)
    covered = (people.per_unit(people.two_way, weighed=False) > 0).sum(axis=1)
    return shares_of_whole(
        sizes.tolist(), covered.tolist(), units.tolist(), ("covered", "units"), _NO_UNIT
    )


def _units_points(view: View) -> tuple[Any, Any, Any, Any]:
    """Per point: the size of the whole, and per unit (points × units) its people in scope,
    those reached, and whether it has anyone in scope: :func:`_per_unit` at every point."""
    people = view.people_at_points()
    return (
        people.weighed(people.in_scope),
        people.per_unit(people.in_scope),
        people.per_unit(people.two_way),
        people.per_unit(people.in_scope, weighed=False) > 0,
    )


def _representation_points(view: View) -> list[WholeRow]:
    """:func:`_representation` of the whole at every point of the view's schedule."""
    sizes, heads, reached, present = _units_points(view)
    rows = []
    for point, size in enumerate(sizes.tolist()):
        units = int(present[point].sum())
        chosen = present[point]
        pairs = zip(reached[point][chosen].tolist(), heads[point][chosen].tolist(), strict=True)
        rates = [float(r) / float(n) for r, n in pairs if n > 0]
        lowest = min(rates) if rates else None
        highest = max(rates) if rates else None
        value = None
        if units >= 2 and highest is not None and highest > 0:
            assert lowest is not None
            value = lowest / highest
        reason = None
        if units < 2:
            reason = _FEWER_UNITS
        elif highest is not None and highest <= 0:
            reason = _NONE_TOOK_PART
        if value is None and reason is None:
            reason = _FEWER_UNITS
        counts = {"units": units, "lowest": lowest, "highest": highest}
        rows.append(whole_row(size, counts, value, reason))
    return rows


def _unit_mix_points(view: View) -> list[WholeRow]:
    """:func:`_unit_mix` of the whole at every point of the view's schedule."""
    sizes, heads, reached, present = _units_points(view)
    rows = []
    for point, size in enumerate(sizes.tolist()):
        r_u, n_u = reached[point][present[point]], heads[point][present[point]]
        if not len(n_u):  # no unit with people in scope: no row of the whole
            nothing: dict[str, Any] = {"reached": 0, "people": 0, "distance": None}
            rows.append(whole_row(size, nothing, None, _NOBODY))
            continue
        total_r, total_n = int(r_u.sum()), int(n_u.sum())
        gap = int(np.abs(r_u * total_n - n_u * total_r).sum())
        distance = fraction(gap, 2 * total_r * total_n)
        value = None if distance is None else 1.0 - distance
        counts = {"reached": total_r, "people": total_n, "distance": distance}
        rows.append(whole_row(size, counts, value, _NONE_TOOK_PART if value is None else None))
    return rows


def _earliness_points(view: View, *, threshold: float, needed: int) -> list[WholeRow]:
    """:func:`_earliness` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    held = [
        (nw.col(name) >= threshold).fill_null(value=False).cast(nw.Int64)
        for name in ("power", "legitimacy", "urgency")
    ]
    salient = flags_of(people.frame, nw.sum_horizontal(*held) >= needed)
    adoption = view.base.adoption(view.schedule[-1])
    early = np.zeros(len(salient), dtype=bool)
    if adoption is not None:
        before = nw.col("first_two_way") < view.base.moment(adoption)
        early = flags_of(people.frame, before)
    sizes = people.weighed(people.in_scope)
    rows = []
    for point, size in enumerate(sizes.tolist()):
        adopted = adoption is not None and adoption <= view.schedule[point]
        chosen = people.in_scope[point] & salient
        reason: str | None = _NOT_SALIENT if adopted else _NOT_ADOPTED
        if not chosen.any():  # no row of the whole
            rows.append(whole_row(size, {"salient": 0, "early": 0}, None, reason))
            continue
        weight = int(people.w[chosen].sum())
        hit = int(people.w[chosen & early & people.two_way[point]].sum()) if adopted else 0
        value = fraction(hit, weight) if adopted else None
        if value is not None:
            reason = None
        rows.append(whole_row(size, {"salient": weight, "early": hit}, value, reason))
    return rows


def _continuity_points(view: View, *, period: str) -> list[WholeRow]:
    """:func:`_continuity` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes = people.weighed(people.in_scope)
    schedule = view.schedule
    adoption = view.base.adoption(schedule[-1])
    rows: list[WholeRow] = []
    if adoption is None:
        empty = {"periods": 0, "active_periods": 0}
        return [whole_row(size, empty, None, _NOT_ADOPTED) for size in sizes.tolist()]
    # the periods are counted from the start of adoption's, as at each point
    since = _period_starts(period, adoption, adoption)[0]
    rows_of = (
        _first_in_periods(view, period, since)
        .join(
            people.frame.select("stakeholder").with_row_index("_person").lazy(),
            on="stakeholder",
            how="inner",
        )
        .select("_person", "_period", "_first")
    )
    found = rows_of.with_columns(_microseconds(rows_of, "_first").alias("_first")).collect()
    person = integers_of(found, "_person")
    periods = integers_of(found, "_period")
    # a row counts from the first point at or after its time (:meth:`Base.point_of`), once
    # its person is in scope, until they leave: the points each period is active at are
    # where the rows' spans of points overlap, counted up and down the points
    moments = [microseconds_of(moment) for moment in schedule]
    counted = np.searchsorted(np.array(moments, dtype=np.int64), integers_of(found, "_first"))
    begin = np.maximum(counted, people.joined[person])
    end = people.left[person]
    spans = begin < end
    n = len(schedule)
    changes = np.zeros((int(periods.max(initial=-1)) + 1, n + 1), dtype=np.int64)
    np.add.at(changes, (periods[spans], begin[spans]), 1)
    np.add.at(changes, (periods[spans], end[spans]), -1)
    active_at = (np.cumsum(changes, axis=1)[:, :n] > 0).sum(axis=0)
    for point, size in enumerate(sizes.tolist()):
        if adoption > schedule[point]:
            empty = {"periods": 0, "active_periods": 0}
            rows.append(whole_row(size, empty, None, _NOT_ADOPTED))
            continue
        if not people.in_scope[point].any():  # no row of the whole
            rows.append(whole_row(size, {"periods": 0, "active_periods": 0}, None, _NOBODY))
            continue
        total = len(_period_starts(period, adoption, schedule[point]))
        active = int(active_at[point])
        value = fraction(active, total)
        counts = {"periods": total, "active_periods": active}
        rows.append(whole_row(size, counts, value, _NOBODY if value is None else None))
    return rows
