"""Adaptiveness: a strategy revised with the organisation, and concerns brought to a close.

A strategy that people own is a direction that changes when they speak:
revisions cite the contributions that led to them, and concerns end with a
decision — taken up or declined with a reason — rather than an
acknowledgement.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

import narwhals.stable.v2 as nw

from ._base import ALL, CLOSING, DEFAULT_MIN_GROUP, GROUP, By, View, compute
from ._counting import TableSource
from .visibility import _whole

__all__ = ["concern_resolution", "revision_uptake"]

FrameT = TypeVar("FrameT")


def _revision_uptake(view: View, by: By) -> nw.LazyFrame[Any]:
    empty = "no revisions after adoption"
    adoption = view.adoption
    after = view.revisions.select("revision", "at")
    if adoption is None:  # nothing by t: no revision at all
        at = nw.col("at")
        after = after.filter(at.is_null() & ~at.is_null())  # a literal is no filter on pandas
    else:
        after = after.filter(nw.col("at") > view.base.moment(adoption))
    citing = _citing(view).with_columns(nw.lit(1).alias("_cites"))
    if by == "goal":
        groups = (
            view.link("revision_goals", "revision")
            .join(view.goals.select("goal"), on="goal", how="semi")
            .select("revision", nw.col("goal").alias(GROUP))
            .unique()
        )
    else:
        groups = after.select("revision", nw.lit(ALL).alias(GROUP))
    per_group = (
        groups.join(after.select("revision"), on="revision", how="semi")
        .join(citing, on="revision", how="left")
        .with_columns(nw.col("_cites").fill_null(0).cast(nw.Int64))
        .group_by(GROUP)
        .agg(nw.len().alias("revisions"), nw.col("_cites").sum().alias("citing"))
    )
    return view.share(by, per_group, "citing", "revisions", empty, evidence=("revisions", "citing"))


def _citing(view: View) -> nw.LazyFrame[Any]:
    """``revision``: the revisions by ``t`` that cite a contribution in scope by ``t`` (made
    before a period's window or in it)."""
    if view.scheduled:
        # each revision from the first point one of the contributions it cites is in scope
        # at, found once for the timeline's schedule
        def build() -> nw.LazyFrame[Any]:
            made = view.contributions_by_point().select("contribution", "_from")
            return (
                view.base.table("revision_sources")
                .join(made, on="contribution", how="inner")
                .group_by("revision")
                .agg(nw.col("_from").min())
            )

        first = view.base.shared(("citing", view.schedule), build)
        return first.filter(nw.col("_from") <= view.point).select("revision")
    whole = _whole(view)
    return (
        view.link("revision_sources", "revision")
        .join(whole.contributions.select("contribution"), on="contribution", how="semi")
        .select("revision")
        .unique()
    )


def revision_uptake(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Revision uptake: the share of revisions since adoption that cite contributions.

    The earliest revision is the adoption :math:`t_0`; the revisions after it
    (:math:`t_0 < \mathit{at} \le t`) are the course corrections. Of those,

    .. math::

        \operatorname{revision\ uptake} = \frac{|\{r : t_0 < \mathit{at}_r \le t,\ r
        \text{ cites a contribution}\}|}{|\{r : t_0 < \mathit{at}_r \le t\}|}

    where citing is a row of ``revision_sources`` (the revision's
    ``motivated_by``) naming a contribution in scope (made by ``t`` by a
    stakeholder in scope). Evidence: ``revisions`` and ``citing``. Null when
    there is no revision after the adoption ("no revisions after adoption"):
    a strategy never revised has shown nothing either way.

    ``by="goal"`` counts the revisions that changed each goal
    (``revision_goals``); ``by="period"`` the revisions of each period.

    Reference: H. Mintzberg and J. A. Waters (1985), "Of strategies,
    deliberate and emergent", *Strategic Management Journal* 6(3), 257–272:
    realised strategy mixes the intended with what emerges from the
    organisation; a revision that cites contributions is emergent strategy
    taken up on the record.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Revision, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.adaptiveness import revision_uptake
    >>> from ownership.tables import to_tables
    >>> t0 = datetime(2025, 1, 1, tzinfo=UTC)
    >>> def on(days):
    ...     return t0 + timedelta(days=days)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="forum", kind="digital_platform", title="Forum", start=on(10))],
    ...     contributions=[Contribution(id="c", event="forum", author="ann", at=on(10),
    ...                                 kind="idea", text="Pilot on one ward first")],
    ...     revisions=[Revision(id="v1", at=t0, title="Adopted"),
    ...                Revision(id="v2", at=on(40), title="Pilot first", motivated_by=["c"]),
    ...                Revision(id="v3", at=on(90), title="Budget moved")],
    ... )

    The adoption does not count; of v2 and v3, v2 cites Ann's idea: 1/2.

    >>> revision_uptake(to_tables(process))
       size  revisions  citing  value reason
    0     1          2       1    0.5    NaN
    """
    needs = ["revisions", "revision_sources"]
    if by == "goal":
        needs.append("revision_goals")
    return compute(
        tables,
        _revision_uptake,
        needs=needs,
        by=by,
        allowed=("goal", "period"),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


def _closed_by_point(view: View) -> nw.LazyFrame[Any]:
    """``contribution``, ``_from``, ``_until``, ``_closed``: whether each concern's latest
    response closed it, from point ``_from`` of the view's schedule until ``_until``
    (excluded); found once for the schedule.

    A concern's responses count from the later of their own point and its, so the ones of
    a later point are later than all before: the latest response by a point is the latest
    of the last point with responses.
    """

    def build() -> nw.LazyFrame[Any]:
        concerns = (
            view.contributions_by_point().filter(nw.col("kind") == "concern").select("contribution")
        )
        responses = (
            view.responses_by_point()
            .join(concerns, on="contribution", how="semi")
            .select(
                "contribution",
                "at",
                "_from",
                nw.col("outcome").is_in(list(CLOSING)).cast(nw.Int64).alias("_closed"),
            )
        )
        latest = responses.group_by("contribution", "_from").agg(
            nw.col("at").max().alias("_latest")
        )
        until = nw.col("_from").shift(-1).over("contribution", order_by="_from")
        return (
            responses.join(latest, on=["contribution", "_from"], how="inner")
            .filter(nw.col("at") == nw.col("_latest"))
            .group_by("contribution", "_from")
            .agg(nw.col("_closed").max())
            .with_columns(until.fill_null(len(view.schedule)).alias("_until"))
        )

    return view.base.shared(("closed", view.schedule), build)


def _concern_resolution(view: View, by: By) -> nw.LazyFrame[Any]:
    concerns = view.contributions.filter(nw.col("kind") == "concern").select("contribution")

    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:
            point = nw.col("_from")
            now = (point <= view.point) & (nw.col("_until") > view.point)
            return _closed_by_point(view).filter(now).select("contribution", "_closed")
        # the responses by t to the view's concerns: in a period's window too, those of
        # the whole history are read (the window's concerns are of the whole's)
        return view.answers.filter(
            (nw.col("kind") == "concern") & (nw.col("_responded") == 1)
        ).select("contribution", "_closed")

    closed = view.cached(("closed", None), build)  # the same for every grouping
    empty = "no concerns"
    per_group = (
        view.in_groups(concerns, "contribution", by)
        .join(closed, on="contribution", how="left")
        .with_columns(nw.col("_closed").fill_null(0).cast(nw.Int64))
        .group_by(GROUP)
        .agg(nw.len().alias("concerns"), nw.col("_closed").sum().alias("resolved"))
    )
    return view.share(
        by, per_group, "resolved", "concerns", empty, evidence=("concerns", "resolved")
    )


def concern_resolution(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Concern resolution: the share of concerns that ended in a decision.

    A concern is *resolved* at ``t`` when its latest response by ``t`` is
    ``adopted`` or ``declined``: the concern was taken up,
    or turned down with an answer. One only acknowledged or answered, or
    whose decision was later reopened by another response, is not.

    .. math::

        \operatorname{concern\ resolution} = \frac{|\{c \in C : \text{the latest response
        to } c \text{ by } t \text{ is adopted or declined}\}|}{|C|}

    over the concerns :math:`C` raised by ``t`` by stakeholders in scope. Of
    responses at the same latest instant, the concern is resolved if any of
    them closes it. Evidence: ``concerns`` and ``resolved``. Null when there
    are no concerns ("no concerns").

    ``by="unit"``, ``"role"`` and ``"attribute:KEY"`` group concerns by
    their author's group; ``by="goal"`` by their goals
    (``contribution_goals``); ``by="period"`` takes the concerns raised in
    each period, resolved by its end.

    Reference: H. Mintzberg and J. A. Waters (1985), "Of strategies,
    deliberate and emergent", *Strategic Management Journal* 6(3), 257–272:
    a strategy learns when what the organisation raises is acted on, one way
    or the other.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Response, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.adaptiveness import concern_resolution
    >>> from ownership.tables import to_tables
    >>> t0 = datetime(2025, 3, 1, tzinfo=UTC)
    >>> def on(days):
    ...     return t0 + timedelta(days=days)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="forum", kind="digital_platform", title="Forum", start=t0)],
    ...     contributions=[Contribution(id=c, event="forum", author="ann", at=t0, kind="concern")
    ...                    for c in ("passwords", "training", "budget")],
    ...     responses=[
    ...         Response(id="r1", contribution="passwords", at=on(2), outcome="acknowledged"),
    ...         Response(id="r2", contribution="passwords", at=on(9), outcome="adopted"),
    ...         Response(id="r3", contribution="training", at=on(3), outcome="answered"),
    ...     ],
    ... )

    The passwords concern was adopted in the end; training was only answered,
    the budget not at all: 1/3.

    >>> concern_resolution(to_tables(process))
       size  concerns  resolved     value reason
    0     1         3         1  0.333333    NaN
    """
    return compute(
        tables,
        _concern_resolution,
        needs=("responses",),
        by=by,
        allowed=("unit", "role", "goal", "period", "attribute"),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )
