"""Participation: who was involved, how deeply, how early and how steadily.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, TypeVar

import narwhals.stable.v2 as nw

from ._base import DEFAULT_MIN_GROUP, GROUP, By, View, compute, ratio, reason_if_null
from ._counting import TableSource

__all__ = ["reach"]

FrameT = TypeVar("FrameT")

_PEOPLE_GROUPS: Final = ("unit", "role", "goal", "period", "attribute")


def _reach(view: View, by: By) -> nw.LazyFrame[Any]:
    took_part = view.attendance.filter(nw.col("two_way")).select("stakeholder").unique()
    hit = took_part.with_columns(nw.lit(1).alias("_hit"))
    per_group = (
        view.groups_of_people(by)
        .join(view.people.select("stakeholder", "w"), on="stakeholder")
        .join(hit, on="stakeholder", how="left")
        .with_columns((nw.col("_hit").fill_null(0) * nw.col("w")).alias("reached"))
        .group_by(GROUP)
        .agg(nw.col("reached").sum(), nw.col("w").sum().alias("people"))
        .with_columns(nw.col("reached", "people").cast(nw.Int64))
        .with_columns(ratio("reached", "people").alias("value"))
        .with_columns(reason_if_null("value", "no stakeholders in scope"))
    )
    return view.finish(by, per_group, ("reached", "people"), "no stakeholders in scope")


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

    Reference: the share of the affected population that took part is the
    first indicator of participation in OECD (2020), *Innovative Citizen
    Participation and New Democratic Institutions*, ch. 6; two-way means at
    least *consult* on the IAP2 Spectrum of Public Participation (IAP2, 2018).

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
