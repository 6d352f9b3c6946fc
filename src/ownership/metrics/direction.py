"""Shared direction: contributions that every part of the organisation agrees with.

Built on group-informed consensus (:func:`ownership.metrics.consensus`): a
contribution points to a shared direction when every group of stakeholders —
every unit, or every opinion group — tends to agree with it, not only the
majority.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

import math
from datetime import datetime
from functools import partial
from typing import Any, Final, TypeVar

import narwhals.stable.v2 as nw

from ..errors import Problem, ValidationError, did_you_mean
from ._base import DEFAULT_MIN_GROUP, GROUP, By, View, attribute_key, compute, ratio, reason_if_null
from ._counting import _HALF_LOG, TableSource, _latest_votes
from .visibility import _whole

__all__ = ["shared_direction"]

FrameT = TypeVar("FrameT")

_EMPTY: Final = "no contribution has a vote"


def _normalised_consensus(view: View, key: str | None) -> nw.LazyFrame[Any]:
    """``contribution``, ``consensus``: the per-group geometric mean of the consensus.

    For each contribution with a vote from a grouped stakeholder: the
    group-informed consensus of :func:`ownership.metrics.consensus`, computed
    on the view (its members and their reactions), to the power
    :math:`1/|G|`, that is ``exp(mean log factor)`` over the groups ``G``,
    a group that never reacted counting ``log(1/2)``. Found once per view and ``key``.
    """
    return view.cached(("consensus", key), lambda: _consensus(view, key))


def _consensus(view: View, key: str | None) -> nw.LazyFrame[Any]:
    if view.scheduled:
        return _consensus_at_point(view, key)
    reactions = view.reactions  # to the contributions by t
    if view.since is not None:  # the whole history's reactions, to the window's contributions
        made = view.contributions.select("contribution")
        reactions = _whole(view).reactions.join(made, on="contribution", how="semi")
    members = view.members.select("stakeholder", nw.col("unit").alias("_group"))
    if key is not None:
        members = (
            view.base.table("stakeholder_attributes")
            .filter(nw.col("key") == key)
            .join(members.select("stakeholder"), on="stakeholder", how="semi")
            .select("stakeholder", nw.col("value").alias("_group"))
        )
    groups = members.select(
        nw.col("_group").n_unique().fill_null(0).cast(nw.Int64).alias("_groups")
    )
    per_group = (
        _latest_votes(reactions)
        .join(members, on="stakeholder", how="inner")
        .group_by("contribution", "_group")
        .agg(nw.col("_agree").sum().alias("_agrees"), nw.len().alias("_votes"))
        .with_columns(((nw.col("_agrees") + 1) / (nw.col("_votes") + 2)).log().alias("_log_factor"))
        .group_by("contribution")
        .agg(nw.col("_log_factor").sum().alias("_log_sum"), nw.len().alias("_reacted"))
    )
    silent = (nw.col("_groups") - nw.col("_reacted")).cast(nw.Float64)
    total = nw.col("_log_sum").cast(nw.Float64) + silent * _HALF_LOG
    return per_group.join(groups, how="cross").select(
        "contribution", (total / nw.col("_groups").cast(nw.Float64)).exp().alias("consensus")
    )


def _members(view: View, key: str | None) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_group`` of the view's members: their unit, or their value of the
    attribute ``key``."""
    members = view.members.select("stakeholder", nw.col("unit").alias("_group"))
    if key is None:
        return members
    return (
        view.base.table("stakeholder_attributes")
        .filter(nw.col("key") == key)
        .join(members.select("stakeholder"), on="stakeholder", how="semi")
        .select("stakeholder", nw.col("value").alias("_group"))
    )


def _consensus_at_point(view: View, key: str | None) -> nw.LazyFrame[Any]:
    """:func:`_consensus` at a point of a timeline, from the votes per group found once for
    the schedule (:func:`_votes_by_point`): the same counts, so the same numbers."""
    point = nw.col("_point")
    per_group = (
        _votes_by_point(view, key)
        .filter((point <= view.point) & (nw.col("_until") > view.point))
        .with_columns(((nw.col("_agrees") + 1) / (nw.col("_votes") + 2)).log().alias("_log_factor"))
        .group_by("contribution")
        .agg(nw.col("_log_factor").sum().alias("_log_sum"), nw.len().alias("_reacted"))
    )
    groups = _members(view, key).select(
        nw.col("_group").n_unique().fill_null(0).cast(nw.Int64).alias("_groups")
    )
    silent = (nw.col("_groups") - nw.col("_reacted")).cast(nw.Float64)
    total = nw.col("_log_sum").cast(nw.Float64) + silent * _HALF_LOG
    return per_group.join(groups, how="cross").select(
        "contribution", (total / nw.col("_groups").cast(nw.Float64)).exp().alias("consensus")
    )


def _votes_by_point(view: View, key: str | None) -> nw.LazyFrame[Any]:
    """Per contribution and group of voters, the agreeing and all latest votes (``_agrees``,
    ``_votes``) from point ``_point`` of the view's schedule until ``_until`` (excluded):
    found once for the schedule, and only where there are votes.

    A latest vote of a pair counts from the first point at or after its reaction, once the
    voter is a member and the contribution in scope (made, by an author who had joined),
    until the point of the pair's next reaction. The changes of the counts are summed
    per point and accumulated.
    """
    base, schedule = view.base, view.schedule
    last = base.view(schedule[-1])  # every member of the schedule's views

    def build() -> nw.LazyFrame[Any]:
        n = len(schedule)
        point = nw.col("_point")
        joined = base.point_of("joined", schedule)
        voters = (
            base.table("stakeholders")
            .select(nw.col("id").alias("stakeholder"), "joined")
            .join(_members(last, key), on="stakeholder", how="inner")
            .select(
                "stakeholder",
                "_group",
                nw.when(nw.col("joined").is_null()).then(0).otherwise(joined).alias("_voter"),
            )
        )
        # each contribution of the schedule and the point it is in scope from
        made = view.contributions_by_point().select("contribution", nw.col("_from").alias("_made"))
        reactions = base.table("reactions").with_columns(
            base.point_of("at", schedule).alias("_point")
        )
        pair = ("contribution", "stakeholder")
        never = nw.lit(n, dtype=nw.Int64()).alias("_until")
        latest = (
            base.windowed(
                _latest_votes(reactions.filter(point < n), "_point"),
                pair,
                lambda several: several.with_columns(
                    point.shift(-1)
                    .over(*pair, order_by="_point")
                    .fill_null(n)
                    .cast(nw.Int64)
                    .alias("_until")
                ),
                [never],
            )
            .join(voters, on="stakeholder", how="inner")
            .join(made, on="contribution", how="inner")
            .with_columns(nw.max_horizontal(point, "_voter", "_made").alias("_point"))
            .filter(point < nw.col("_until"))
        )
        cols = ("contribution", "_group")
        starts = latest.select(*cols, point, nw.col("_agree"), nw.lit(1).alias("_one"))
        ends = latest.filter(nw.col("_until") < n).select(
            *cols,
            nw.col("_until").alias("_point"),
            (-nw.col("_agree")).alias("_agree"),
            nw.lit(-1).alias("_one"),
        )
        changes = (
            nw.concat([starts, ends], how="vertical")
            .group_by(*cols, "_point")
            .agg(nw.col("_agree").sum(), nw.col("_one").sum())
        )
        over = {"order_by": "_point"}
        windows = [
            nw.col("_agree").cum_sum().over(*cols, **over).cast(nw.Int64).alias("_agrees"),
            nw.col("_one").cum_sum().over(*cols, **over).cast(nw.Int64).alias("_votes"),
            point.shift(-1).over(*cols, **over).fill_null(n).cast(nw.Int64).alias("_until"),
        ]
        alone = [
            nw.col("_agree").cast(nw.Int64).alias("_agrees"),
            nw.col("_one").cast(nw.Int64).alias("_votes"),
            never,
        ]
        return (
            base.windowed(changes, cols, lambda several: several.with_columns(*windows), alone)
            .filter(nw.col("_votes") > 0)
            .select(*cols, "_point", "_until", "_agrees", "_votes")
        )

    return base.shared(("votes", (schedule, key)), build)


def _shared_direction(
    view: View, by: By, *, key: str | None, threshold: float
) -> nw.LazyFrame[Any]:
    voted = _normalised_consensus(view, key).with_columns(
        (nw.col("consensus") > threshold).cast(nw.Int64).alias("_agreed")
    )
    per_group = (
        view.in_groups(voted, "contribution", by)
        .group_by(GROUP)
        .agg(
            nw.len().alias("contributions"),
            nw.col("_agreed").sum().alias("agreed"),
            nw.col("consensus").mean().alias("mean_consensus"),
        )
        .with_columns(
            nw.col("contributions", "agreed").cast(nw.Int64),
            nw.col("mean_consensus").cast(nw.Float64),
        )
        .with_columns(ratio("agreed", "contributions").alias("value"))
        .with_columns(reason_if_null("value", _EMPTY))
    )
    evidence = ("contributions", "agreed", "mean_consensus")
    counts = ("contributions", "agreed")
    return view.finish(by, per_group, evidence, _EMPTY, counts=counts, scores=["mean_consensus"])


def _group_key(by_groups: object) -> str | None:
    """None for ``"unit"``, the attribute's key for ``"attribute:KEY"``."""
    if by_groups == "unit":
        return None
    key = attribute_key(by_groups) if isinstance(by_groups, str) else None
    if key is not None:
        return key
    hint = did_you_mean(by_groups, ["unit", "attribute:"]) if isinstance(by_groups, str) else ""
    message = f"cannot form groups by {by_groups!r}{hint}; use 'unit' or 'attribute:KEY'"
    raise ValidationError([Problem("by_groups", message)])


def _share(name: str, value: object) -> float:
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 1
    )
    if not ok:
        raise ValidationError([Problem(name, f"must be a number in [0, 1], not {value!r}")])
    assert isinstance(value, int | float)
    return float(value)


def shared_direction(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
    by_groups: str = "unit",
    threshold: float = 0.6,
) -> FrameT:
    r"""Shared direction: the share of contributions every group tends to agree with.

    For contribution :math:`c` and the groups :math:`G` of stakeholders
    (``by_groups``: units, or the values of an attribute such as Pol.is
    opinion groups), with :math:`a_{g,c}` the members of :math:`g` whose
    latest reaction to :math:`c` agrees and :math:`n_{g,c}` those whose
    latest reaction is any vote, the group-informed consensus of
    :func:`ownership.metrics.consensus` is normalised per group:

    .. math::

        \bar\kappa(c) = \Bigl(\prod_{g \in G} \frac{a_{g,c} + 1}{n_{g,c} + 2}\Bigr)^{1/|G|},
        \qquad
        \operatorname{shared\ direction} = \frac{|\{c \in V : \bar\kappa(c) > \theta\}|}{|V|}

    over the contributions :math:`V` with at least one vote (from a
    stakeholder in a group), :math:`\theta` = ``threshold``.

    Why the normalisation: each factor lies in (0, 1), so the product shrinks
    geometrically with the number of groups — with ten units it is small even
    when every unit mostly agrees, and a fixed threshold would mean something
    different for an organisation of three units and one of thirty. The
    geometric mean :math:`\bar\kappa` is the product on the scale of one
    group's (smoothed) agreement, whatever :math:`|G|`; it ranks the
    contributions exactly as the product does (for one set of groups it is a
    monotone function of it), so it keeps the Pol.is ordering, and like the
    product it stays low when any one group disagrees or stays silent (a
    silent group counts 1/2).

    Groups are formed from the stakeholders who had joined by ``t`` (in
    scope by unit with ``internal_only``); a stakeholder without the
    attribute is in no group and their votes are not counted. Counts are of
    stakeholders, not weighted by ``size``. Evidence: ``contributions``
    (:math:`|V|`), ``agreed`` and ``mean_consensus`` (the mean of
    :math:`\bar\kappa` over :math:`V`). Null when no contribution has a vote.

    ``by="goal"`` counts the contributions linked to each goal
    (``contribution_goals``); ``by="period"`` those made in each period, with
    the reactions by its end.

    ``by_groups`` (default ``"unit"``) forms the groups; ``threshold``
    (default 0.6: every group agrees by three to two, after smoothing) is
    :math:`\theta`.

    References: C. Small, M. Bjorkegren, T. Erkkilä, L. Shaw and C. Megill
    (2021), "Polis: Scaling deliberation by mapping high dimensional opinion
    spaces", *Recerca* 26(2); The Computational Democracy Project, "Group
    informed consensus", https://compdemocracy.org/group-informed-consensus/.

    >>> from datetime import UTC, datetime
    >>> from ownership import (Contribution, Event, Reaction, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.direction import shared_direction
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> people = {"ann": "it", "bo": "it", "cy": "hr", "di": "hr"}
    >>> votes = {"cloud": {"ann": 1, "bo": 1, "cy": 1, "di": 1},
    ...          "print": {"ann": 1, "bo": 1, "cy": -1, "di": 0}}
    >>> process = StrategyProcess(
    ...     units=[Unit(id=u, name=u) for u in ("it", "hr")],
    ...     stakeholders=[Stakeholder(id=s, name=s, unit=u) for s, u in people.items()],
    ...     events=[Event(id="e", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id=c, event="e", author="ann", at=t, kind="idea")
    ...                    for c in votes],
    ...     reactions=[Reaction(contribution=c, stakeholder=s, at=t, value=v)
    ...                for c, row in votes.items() for s, v in row.items()],
    ... )

    Cloud: both units 2 of 2, (3/4 · 3/4)^(1/2) = 0.75 > 0.6. Print: IT 3/4,
    HR none of 2, 1/4: (3/4 · 1/4)^(1/2) ≈ 0.433. One of two agreed; the
    mean is (0.75 + 0.433)/2 ≈ 0.592:

    >>> shared_direction(to_tables(process))
       size  contributions  agreed  mean_consensus  value reason
    0     4              2       1        0.591506    0.5    NaN
    """
    key = _group_key(by_groups)
    theta = _share("threshold", threshold)
    needs = ["reactions"]
    if key is not None:
        needs.append("stakeholder_attributes")
    return compute(
        tables,
        partial(_shared_direction, key=key, threshold=theta),
        needs=needs,
        by=by,
        allowed=("goal", "period"),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )
