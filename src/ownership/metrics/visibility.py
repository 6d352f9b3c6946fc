"""Visibility: results delivered along the way, and shared so that people see them.

A strategy earns ownership when people see that it moves: milestones are
reached when they are due, each result is reported soon after it is achieved,
the reports reach people, and they keep coming. A *report* is an event that
reports a milestone (``event_milestones``), started by ``t`` and once the
milestone was achieved.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final, TypeVar

import narwhals.stable.v2 as nw

from ..errors import Problem, ValidationError
from ._base import DEFAULT_MIN_GROUP, GROUP, By, View, compute, reason_if_null
from ._counting import TableSource

__all__ = ["audience_reach", "cadence", "delivery", "sharing"]

FrameT = TypeVar("FrameT")

_PEOPLE_GROUPS: Final = ("unit", "role", "goal", "period", "attribute")
_MILESTONE_GROUPS: Final = ("goal", "period")
_REPORTS: Final = ("milestones", "event_milestones")
_DAY_US: Final = 86_400_000_000.0
_TICK: Final = timedelta(microseconds=1)  # the resolution of the tables' times
_NOBODY: Final = "no stakeholders in scope"


# ---------------------------------------------------------------------------
# shared by the visibility and living-strategy metrics


def _days(name: str, value: object, *, zero: bool = False) -> float:
    """``value`` checked as a number of days: finite and > 0 (≥ 0 with ``zero``)."""
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (value >= 0 if zero else value > 0)
    )
    if not ok:
        bound = "≥ 0" if zero else "> 0"
        message = f"must be a number of days {bound}, not {value!r}"
        raise ValidationError([Problem(name, message)])
    assert isinstance(value, int | float)
    return float(value)


def _reports(view: View) -> nw.LazyFrame[Any]:
    """``event``, ``milestone``, ``start``, ``achieved``: each report of a result.

    A report is a row of ``event_milestones`` whose event started by ``t``
    (within the view's window) at or after the milestone was achieved. Found once per
    view: sharing, cadence and audience reach read it.
    """

    def build() -> nw.LazyFrame[Any]:
        achieved = view.milestones.filter(~nw.col("achieved").is_null()).select(
            "milestone", "achieved"
        )
        return (
            view.base.table("event_milestones")
            .select("event", "milestone")
            .unique()
            .join(view.events.select("event", "start"), on="event", how="inner")
            .join(achieved, on="milestone", how="inner")
            .filter(nw.col("start") >= nw.col("achieved"))
        )

    return view.cached(("reports", None), build)


def _report_events(view: View) -> nw.LazyFrame[Any]:
    """``event``: the events by ``t`` that reported a result (:func:`_reports`)."""
    return _reports(view).select("event").unique()


def _share_reached(
    view: View, by: By, events_of: Callable[[View], nw.LazyFrame[Any]], name: str
) -> nw.LazyFrame[Any]:
    """Per group of people, the weighted share reached by one of the events ``events_of``
    gives (an ``event`` column): as participant or facilitator, or as a member of an
    audience unit. Who was reached is found once per view and ``name`` (of the events),
    whatever the grouping.

    The events must be ones that, once given at a moment, are given at every later moment
    (reports and stories are): a timeline then finds who took part in them once."""

    def build() -> nw.LazyFrame[Any]:
        events = events_of(view)
        if not view.scheduled:
            return view.reached(events)
        return view.reached(events, took_part=_took_part_by_point(view, events_of, name))

    hit = view.cached(("reached", name), build).with_columns(nw.lit(1).alias("_hit"))
    per_group = (
        view.people_in_groups(by, "w")
        .join(hit, on="stakeholder", how="left")
        .with_columns((nw.col("_hit").fill_null(0) * nw.col("w")).alias("reached"))
        .group_by(GROUP)
        .agg(nw.col("reached").sum(), nw.col("w").sum().alias("people"))
    )
    return view.share(by, per_group, "reached", "people", _NOBODY)


def _took_part_by_point(
    view: View, events_of: Callable[[View], nw.LazyFrame[Any]], name: str
) -> nw.LazyFrame[Any]:
    """``stakeholder``: who took part in one of the events ``events_of`` gives at the view,
    a point of a timeline, anyone in scope or not; from each person's first point, found
    once for the schedule (an event counts from the point of its start on)."""
    base, schedule = view.base, view.schedule

    def build() -> nw.LazyFrame[Any]:
        started = base.events.select(nw.col("id").alias("event"), "start")
        chosen = (
            events_of(base.view(schedule[-1]))
            .select("event")
            .unique()
            .join(started, on="event", how="inner")
            .select("event", base.point_of("start", schedule).alias("_first"))
        )
        return (
            base.attendance.select("event", "stakeholder")
            .join(chosen, on="event", how="inner")
            .group_by("stakeholder")
            .agg(nw.col("_first").min())
        )

    first = base.shared(("took part in", (name, schedule)), build)
    return first.filter(nw.col("_first") <= view.point).select("stakeholder")


def _whole(view: View) -> View:
    """The view at the same ``t`` without a period's window (itself when it has none)."""
    return view.base.view(view.t) if view.since is not None else view


def _days_between(later: str | nw.Expr, earlier: str | nw.Expr) -> nw.Expr:
    a = nw.col(later) if isinstance(later, str) else later
    b = nw.col(earlier) if isinstance(earlier, str) else earlier
    return (a - b).dt.total_microseconds().cast(nw.Float64) / _DAY_US


# ---------------------------------------------------------------------------
# delivery


def _delivery(view: View, by: By) -> nw.LazyFrame[Any]:
    t = view.base.moment(view.t)
    if view.since is None:
        is_due = nw.col("due") <= t
    else:  # the due day ends in the period: its last instant is in the window
        last = nw.col("due") - nw.lit(_TICK)
        is_due = (last >= view.base.moment(view.since)) & (last <= t)
    milestones = view.milestones.select(
        "milestone",
        is_due.cast(nw.Int64).alias("_due"),
        (is_due & ~nw.col("achieved").is_null()).cast(nw.Int64).alias("_met"),
    )
    empty = "no milestones due"
    per_group = (
        view.groups_of("milestone", by)
        .join(milestones, on="milestone", how="inner")
        .group_by(GROUP)
        .agg(nw.col("_due").sum().alias("due"), nw.col("_met").sum().alias("delivered"))
    )
    return view.share(by, per_group, "delivered", "due", empty, evidence=("due", "delivered"))


def delivery(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Delivery: the share of milestones due by ``as_of`` that were achieved by then.

    .. math::

        \operatorname{delivery} = \frac{|\{m : \mathit{due}_m \le t,\ \mathit{achieved}_m
        \le t\}|}{|\{m : \mathit{due}_m \le t\}|}

    A milestone is due at the end of its due day (UTC); one achieved late but
    by :math:`t` counts as delivered. Evidence: ``due`` (the denominator) and
    ``delivered`` (the numerator). Null when no milestone is due by
    :math:`t` ("no milestones due"), never a silent 1.

    ``by="goal"`` counts the milestones linked to each goal;
    ``by="period"`` the milestones whose due day falls in each period,
    delivered by the period's end.

    Reference: visible short-term wins that keep a change effort credible,
    J. P. Kotter (1995), "Leading change: why transformation efforts fail",
    *Harvard Business Review* 73(2), 59–67 (step 6, "planning for and
    creating short-term wins").

    >>> from datetime import UTC, date, datetime
    >>> from ownership import Milestone, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.visibility import delivery
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     milestones=[
    ...         Milestone(id="wifi", title="Wi-Fi", due=date(2025, 1, 31), achieved=t),
    ...         Milestone(id="sso", title="Single sign-on", due=date(2025, 2, 15)),
    ...         Milestone(id="crm", title="New CRM", due=date(2025, 6, 30)),
    ...     ],
    ... )

    By 1 March Wi-Fi (late, but achieved) and single sign-on were due; the CRM
    is not due yet: 1/2.

    >>> delivery(to_tables(process), as_of=t)
       size  due  delivered  value reason
    0     1    2          1    0.5    NaN
    """
    return compute(
        tables,
        _delivery,
        needs=("milestones",),
        by=by,
        allowed=_MILESTONE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# sharing


def _sharing(view: View, by: By, *, report_days: float) -> nw.LazyFrame[Any]:
    # reports may precede a period's window: read them from the whole view at t
    whole = _whole(view)
    window = nw.lit(timedelta(days=report_days))
    first_report = (
        _reports(whole)
        .filter(nw.col("start") <= nw.col("achieved") + window)
        .group_by("milestone")
        .agg(nw.col("start").min().alias("_reported"))
    )
    t = view.base.moment(view.t)
    deadline = nw.col("achieved") + window
    settled = (
        whole.milestones.filter(~nw.col("achieved").is_null())
        .join(first_report, on="milestone", how="left")
        .with_columns(
            nw.when(nw.col("_reported").is_null())
            .then(deadline)
            .otherwise(nw.col("_reported"))
            .alias("_settled")
        )
        .filter(nw.col("_settled") <= t)
    )
    if view.since is not None:
        settled = settled.filter(nw.col("_settled") >= view.base.moment(view.since))
    settled = settled.select(
        "milestone", (~nw.col("_reported").is_null()).cast(nw.Int64).alias("_shared")
    )
    empty = "no achieved milestones whose reporting window closed"
    per_group = (
        view.groups_of("milestone", by)
        .join(settled, on="milestone", how="inner")
        .group_by(GROUP)
        .agg(nw.len().alias("results"), nw.col("_shared").sum().alias("shared"))
    )
    return view.share(by, per_group, "shared", "results", empty, evidence=("results", "shared"))


def sharing(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
    report_days: float = 30,
) -> FrameT:
    r"""Sharing: the share of achieved milestones reported by an event soon after.

    A milestone :math:`m` achieved at :math:`a_m` is *shared* when an event
    that reports it (``event_milestones``) starts within ``report_days``
    after, :math:`a_m \le \mathit{start} \le a_m + d`. Its sharing is
    *settled* at :math:`t` once it was shared by :math:`t` or its window
    closed unshared, :math:`a_m + d \le t`:

    .. math::

        \operatorname{sharing} = \frac{|\{m \text{ shared by } t\}|}{|\{m \text{ achieved by }
        t : \text{shared by } t \text{ or } a_m + d \le t\}|}

    A result achieved a week ago and not yet reported is left out, not
    counted as a failure: its window is still open. Evidence: ``results``
    (the denominator) and ``shared`` (the numerator). Null when no result is
    settled.

    ``by="goal"`` counts the milestones linked to each goal;
    ``by="period"`` counts each milestone once, in the period in which its
    sharing was settled (its first timely report, or the close of its
    window), so the periods add up to the whole.

    ``report_days`` (default 30) is the reporting window, in days.

    References: J. P. Kotter (1995), "Leading change: why transformation
    efforts fail", *Harvard Business Review* 73(2), 59–67 (wins must be
    visible); T. M. Amabile and S. J. Kramer (2011), *The Progress Principle:
    Using Small Wins to Ignite Joy, Engagement, and Creativity at Work*,
    Harvard Business Review Press (progress motivates when people see it).

    >>> from datetime import UTC, date, datetime
    >>> from ownership import Event, Milestone, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.visibility import sharing
    >>> from ownership.tables import to_tables
    >>> day = [datetime(2025, 3, d, tzinfo=UTC) for d in range(1, 32)]
    >>> due = date(2025, 3, 1)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     milestones=[Milestone(id=m, title=m, due=due, achieved=day[0])
    ...                 for m in ("wifi", "sso", "crm")],
    ...     events=[Event(id="news", kind="newsletter", title="News", start=day[9],
    ...                   milestones=["wifi"])],
    ... )

    On 31 March, 30 days after the three results, Wi-Fi was reported on day
    10; single sign-on and the CRM were not, and their windows have closed: 1/3.
    On 20 March the two unreported windows are still open: 1/1.

    >>> sharing(to_tables(process), as_of=day[30])
       size  results  shared     value reason
    0     1        3       1  0.333333    NaN
    >>> sharing(to_tables(process), as_of=day[19])
       size  results  shared  value reason
    0     1        1       1    1.0    NaN
    """
    report = _days("report_days", report_days, zero=True)
    return compute(
        tables,
        partial(_sharing, report_days=report),
        needs=_REPORTS,
        by=by,
        allowed=_MILESTONE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# audience reach


def _audience_reach(view: View, by: By) -> nw.LazyFrame[Any]:
    return _share_reached(view, by, _report_events, "reports")


def audience_reach(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Audience reach: the weighted share of stakeholders reached by a report of a result.

    .. math::

        \operatorname{audience\ reach} = \frac{\sum_{s \in S} w_s\,[s \text{ was reached
        by an event that reported a milestone}]}{\sum_{s \in S} w_s}

    over the stakeholders :math:`S` in scope, :math:`w_s` their ``size``. An
    event reaches its participants and facilitators (an invitation is not
    enough) and every member of its audience units and their sub-units. An
    event reports a milestone once the milestone is achieved. Evidence:
    ``reached`` and ``people``, as for
    :func:`~ownership.metrics.participation.reach`. Null when nobody is in
    scope.

    ``by="goal"`` takes the people of each goal's affected units (reached by
    any report); ``by="period"`` the reports of each period and the people
    in scope at its end.

    Reference: J. P. Kotter (1995), "Leading change: why transformation
    efforts fail", *Harvard Business Review* 73(2), 59–67: a win builds
    momentum only when people see it.

    >>> from datetime import UTC, date, datetime
    >>> from ownership import (Event, Milestone, Participation, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.visibility import audience_reach
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="org", name="Org"), Unit(id="hr", name="HR", parent="org"),
    ...            Unit(id="it", name="IT", parent="org")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="hr-team", name="HR team", unit="hr", size=4),
    ...                   Stakeholder(id="ops", name="Operations", unit="it", size=5)],
    ...     milestones=[Milestone(id="wifi", title="Wi-Fi", due=date(2025, 2, 28), achieved=t)],
    ...     events=[Event(id="news", kind="newsletter", title="News", start=t,
    ...                   milestones=["wifi"], audiences=["hr"]),
    ...             Event(id="demo", kind="workshop", title="Demo", start=t,
    ...                   milestones=["wifi"], participations=[Participation(stakeholder="ann")])],
    ... )

    The newsletter reached HR (4 people), the demo Ann (1); operations (5)
    heard of no result: 5/10.

    >>> audience_reach(to_tables(process))
       size  reached  people  value reason
    0    10        5      10    0.5    NaN
    """
    return compute(
        tables,
        _audience_reach,
        needs=(*_REPORTS, "participations", "audiences"),
        by=by,
        allowed=_PEOPLE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# cadence


def _cadence(view: View, by: By, *, gap_days: float) -> nw.LazyFrame[Any]:
    adoption = view.adoption
    empty = "strategy not adopted"
    if adoption is None:
        nothing = view.base.literal(
            {GROUP: [], "longest_gap_days": [], "reports": [], "value": [], "reason": []},
            {
                GROUP: nw.String(),
                "longest_gap_days": nw.Float64(),
                "reports": nw.Int64(),
                "value": nw.Float64(),
                "reason": nw.String(),
            },
        )
        return view.finish(by, nothing, ("longest_gap_days", "reports"), empty, counts=["reports"])
    adopted = view.base.moment(adoption)
    shown = _reports(view).select("event", "milestone", "start")
    if by is None:
        clocks = view.base.literal({GROUP: ["all"]}, {GROUP: nw.String()}).with_columns(
            adopted.alias("_from")
        )
        shown = shown.select("event", "start", nw.lit("all").alias(GROUP))
    else:  # by goal: the clock starts once the strategy is adopted and the goal created
        created = nw.col("created")
        clocks = (
            view.base.table("goals")
            .join(view.goals.select(nw.col("goal").alias("id")), on="id", how="semi")
            .select(
                nw.col("id").alias(GROUP),
                nw.when(~created.is_null() & (created > adopted))
                .then(created)
                .otherwise(adopted)
                .alias("_from"),
            )
        )
        shown = shown.join(view.groups_of("milestone", "goal"), on="milestone", how="inner").select(
            "event", "start", GROUP
        )
    shown = (
        shown.unique()
        .join(clocks, on=GROUP, how="inner")
        .filter(nw.col("start") >= nw.col("_from"))
    )
    times = shown.select(GROUP, "start").unique().with_row_index("_i", order_by=[GROUP, "start"])
    following = times.select(GROUP, (nw.col("_i") - 1).alias("_i"), nw.col("start").alias("_next"))
    inner = (
        times.join(following, on=[GROUP, "_i"], how="inner")
        .with_columns(_days_between("_next", "start").alias("_gap"))
        .group_by(GROUP)
        .agg(nw.col("_gap").max().alias("_inner"))
    )
    counted = shown.group_by(GROUP).agg(
        nw.col("event").n_unique().alias("reports"),
        nw.col("start").min().alias("_first"),
        nw.col("start").max().alias("_last"),
    )
    t = view.base.moment(view.t)
    opening = (
        nw.when(nw.col("_first").is_null())
        .then(_days_between(t, "_from"))
        .otherwise(_days_between("_first", "_from"))
    )
    closing = nw.when(nw.col("_last").is_null()).then(0.0).otherwise(_days_between(t, "_last"))
    per_group = (
        clocks.join(counted, on=GROUP, how="left")
        .join(inner, on=GROUP, how="left")
        .with_columns(
            nw.col("reports").fill_null(0).cast(nw.Int64),
            nw.max_horizontal(
                opening.cast(nw.Float64),
                closing.cast(nw.Float64),
                nw.col("_inner").fill_null(0.0).cast(nw.Float64),
            ).alias("longest_gap_days"),
        )
        .with_columns((-nw.col("longest_gap_days") / gap_days).exp().alias("value"))
        .with_columns(reason_if_null("value", empty))
        .select(GROUP, "longest_gap_days", "reports", "value", "reason")
    )
    evidence = ("longest_gap_days", "reports")
    # the longest gap gives the value back: withheld with it
    return view.finish(
        by, per_group, evidence, empty, counts=["reports"], scores=["longest_gap_days"]
    )


def cadence(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
    gap_days: float = 90,
) -> FrameT:
    r"""Cadence: how steadily results were shared since the strategy was adopted.

    With :math:`t_0` the adoption (the earliest revision),
    :math:`r_1 \le \dots \le r_k` the starts of the reports of results since
    then (events reporting an achieved milestone) and :math:`\tau` =
    ``gap_days``,

    .. math::

        g = \max(r_1 - t_0,\ r_2 - r_1,\ \dots,\ r_k - r_{k-1},\ t - r_k), \qquad
        \operatorname{cadence} = e^{-g/\tau}

    in days; with no report, :math:`g = t - t_0`. The gap since the last
    report counts, so a strategy that went quiet loses cadence as time
    passes. A steady report every :math:`\tau` days scores
    :math:`e^{-1} \approx 0.37`, one every :math:`\tau/3` days about 0.72.
    Evidence: ``longest_gap_days`` (:math:`g`) and ``reports`` (events).
    Null when the strategy was not adopted by ``t``.

    ``by="goal"`` counts only the reports of milestones linked to each goal,
    with the clock starting at the adoption or the goal's creation, whichever
    is later. Periods are not offered: a gap spans periods.

    ``gap_days`` (default 90) is :math:`\tau`, in days.

    References: J. P. Kotter (1995), "Leading change: why transformation
    efforts fail", *Harvard Business Review* 73(2), 59–67 (wins within the
    first year or two, and then more); T. M. Amabile and S. J. Kramer
    (2011), *The Progress Principle*, Harvard Business Review Press (the
    more frequently progress is seen, the more it motivates).

    >>> from datetime import UTC, date, datetime, timedelta
    >>> from ownership import (Event, Milestone, Revision, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.visibility import cadence
    >>> from ownership.tables import to_tables
    >>> t0 = datetime(2025, 1, 1, tzinfo=UTC)
    >>> def on(days):
    ...     return t0 + timedelta(days=days)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     revisions=[Revision(id="v1", at=t0, title="Adopted")],
    ...     milestones=[Milestone(id=m, title=m, due=date(2025, 6, 30), achieved=on(20))
    ...                 for m in ("wifi", "sso")],
    ...     events=[Event(id="news", kind="newsletter", title="News", start=on(30),
    ...                   milestones=["wifi"]),
    ...             Event(id="demo", kind="workshop", title="Demo", start=on(120),
    ...                   milestones=["sso"])],
    ... )

    On day 150 the gaps are 30, 90 and 30 days: exp(−90/90) = e⁻¹.

    >>> cadence(to_tables(process), as_of=on(150))
       size  longest_gap_days  reports     value reason
    0     1              90.0        2  0.367879    NaN
    """
    gap = _days("gap_days", gap_days)
    return compute(
        tables,
        partial(_cadence, gap_days=gap),
        needs=(*_REPORTS, "revisions"),
        by=by,
        allowed=("goal",),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )
