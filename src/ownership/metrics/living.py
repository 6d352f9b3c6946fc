"""Living strategy: stories from daily work that carry the strategy to people.

A strategy lives when it is told as stories and concrete examples, not only
written down. A *story* is an event of kind ``"story"``; it is linked to the
goals it illustrates (``event_goals``) and reaches its participants and its
audience units.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, TypeVar

import narwhals.stable.v2 as nw

from ._base import ALL, DEFAULT_MIN_GROUP, GROUP, By, View, compute
from ._counting import TableSource
from .visibility import _share_reached

__all__ = ["story_coverage", "story_reach"]

FrameT = TypeVar("FrameT")

_PEOPLE_GROUPS: Final = ("unit", "role", "goal", "period", "attribute")
STORY: Final = "story"


def _stories(view: View) -> nw.LazyFrame[Any]:
    return view.events.filter(nw.col("kind") == STORY).select("event")


def _story_coverage(view: View, by: By) -> nw.LazyFrame[Any]:
    told = (  # the stories are events by t: no need to cut event_goals to those first
        view.base.table("event_goals")
        .join(_stories(view), on="event", how="semi")
        .select("goal")
        .unique()
        .with_columns(nw.lit(1).alias("_told"))
    )
    empty = "no goals"
    per_group = (
        view.goals.select("goal")
        .join(told, on="goal", how="left")
        .with_columns(nw.col("_told").fill_null(0).cast(nw.Int64), nw.lit(ALL).alias(GROUP))
        .group_by(GROUP)
        .agg(nw.len().alias("goals"), nw.col("_told").sum().alias("with_story"))
    )
    return view.share(by, per_group, "with_story", "goals", empty, evidence=("goals", "with_story"))


def story_coverage(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Story coverage: the share of goals illustrated by at least one story.

    .. math::

        \operatorname{story\ coverage} = \frac{|\{g \in G : \text{a story event linked to }
        g \text{ started by } t\}|}{|G|}

    over the goals :math:`G` created by ``t`` (or with no creation time). A
    story counts for the goals it is linked to (``event_goals``), not for
    their parents or sub-goals. Evidence: ``goals`` (:math:`|G|`) and
    ``with_story``. Null when there are no goals ("no goals").

    ``by="period"`` counts the goals that got a story in each period (of the
    goals created by its end). No other grouping: a goal is covered or not.

    References: D. M. Boje (1991), "The storytelling organization: a study of
    story performance in an office-supply firm", *Administrative Science
    Quarterly* 36(1), 106–126 (stories are how members make sense of change);
    S. Denning (2011), *The Leader's Guide to Storytelling: Mastering the Art
    and Discipline of Business Narrative*, revised edition, Jossey-Bass.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Goal, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.living import story_coverage
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     goals=[Goal(id=g, title=g) for g in ("cloud", "skills", "security", "data")],
    ...     events=[Event(id="nurse", kind="story", title="A night shift with tablets",
    ...                   start=t, goals=["cloud", "skills"]),
    ...             Event(id="talk", kind="presentation", title="Roadmap", start=t,
    ...                   goals=["security"])],
    ... )

    The story illustrates two of the four goals; the presentation is no story: 2/4.

    >>> story_coverage(to_tables(process))
       size  goals  with_story  value reason
    0     1      4           2    0.5    NaN
    """
    return compute(
        tables,
        _story_coverage,
        needs=("goals", "event_goals"),
        by=by,
        allowed=("period",),
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


def _story_reach(view: View, by: By) -> nw.LazyFrame[Any]:
    return _share_reached(view, by, _stories, "stories")


def story_reach(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Story reach: the weighted share of stakeholders reached by a story.

    .. math::

        \operatorname{story\ reach} = \frac{\sum_{s \in S} w_s\,[s \text{ was reached by a
        story event}]}{\sum_{s \in S} w_s}

    over the stakeholders :math:`S` in scope, :math:`w_s` their ``size``. A
    story reaches its participants and facilitators (an invitation is not
    enough) and every member of its audience units and their sub-units.
    Evidence: ``reached`` and ``people``. Null when nobody is in scope.

    ``by="goal"`` takes the people of each goal's affected units (reached by
    any story); ``by="period"`` the stories of each period and the people in
    scope at its end.

    References: D. M. Boje (1991), "The storytelling organization: a study of
    story performance in an office-supply firm", *Administrative Science
    Quarterly* 36(1), 106–126; S. Denning (2011), *The Leader's Guide to
    Storytelling*, revised edition, Jossey-Bass.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.living import story_reach
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="care", name="Care"), Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ward", name="Ward 4", unit="care", size=6),
    ...                   Stakeholder(id="desk", name="Service desk", unit="it", size=3)],
    ...     events=[Event(id="nurse", kind="story", title="A night shift with tablets",
    ...                   start=t, audiences=["care"],
    ...                   participations=[Participation(stakeholder="ann")])],
    ... )

    The story reached Ward 4 (6 people, its audience) and Ann (1, who told
    it); the service desk (3) did not hear it: 7/10.

    >>> story_reach(to_tables(process))
       size  reached  people  value reason
    0    10        7      10    0.7    NaN
    """
    return compute(
        tables,
        _story_reach,
        needs=("participations", "audiences"),
        by=by,
        allowed=_PEOPLE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )
