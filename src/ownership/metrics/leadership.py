"""Leadership: whether leaders open dialogue and answer what people raise.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.

A *leader* is a stakeholder with ``leader`` set who had joined by ``as_of``
(one who has left since still led what they led), in an internal unit with
``internal_only``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, TypeVar

import narwhals.stable.v2 as nw

from ._base import (
    ALL,
    DEFAULT_MIN_GROUP,
    GROUP,
    SUBSTANTIVE,
    By,
    View,
    attribute_key,
    compute,
)
from ._counting import TableSource

__all__ = ["enabling_ratio", "leader_responsiveness"]

FrameT = TypeVar("FrameT")

_GROUPINGS: Final = ("unit", "role", "goal", "period", "attribute")


def _leaders(view: View) -> nw.LazyFrame[Any]:
    """``stakeholder``: the leaders among the members who had joined by ``t``."""
    return view.members.filter(nw.col("leader")).select("stakeholder")


def _groups_of_members(view: View, by: By) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_group`` for members (left or not) by unit, role or attribute."""
    members = view.members
    if by is None:
        return members.select("stakeholder", nw.lit(ALL).alias(GROUP))
    if by == "unit":
        return members.select("stakeholder", nw.col("unit").alias(GROUP))
    if by == "role":
        return members.filter(~nw.col("role").is_null()).select(
            "stakeholder", nw.col("role").alias(GROUP)
        )
    key = attribute_key(by)
    assert key is not None, by
    return (
        view.base.table("stakeholder_attributes")
        .filter(nw.col("key") == key)
        .join(members.select("stakeholder"), on="stakeholder", how="semi")
        .select("stakeholder", nw.col("value").alias(GROUP))
    )


# ---------------------------------------------------------------------------
# enabling ratio


_LED_NOTHING: Final = "leaders organised or facilitated no event"


def _led(view: View) -> nw.LazyFrame[Any]:
    """``event``, ``stakeholder``: events by ``t`` and the leaders who organised or
    facilitated them; found once per view."""

    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:
            return view.at_point(_led_by_point(view))
        return _led_rows(view).unique()

    return view.cached(("led", None), build)


def _led_rows(view: View) -> nw.LazyFrame[Any]:
    """``event``, ``stakeholder``: :func:`_led`'s pairs, a pair once for organising it and
    once for each time it is listed as facilitating."""
    leaders, among = _leaders(view), view.base.among
    organised = view.events.select("event", nw.col("organiser").alias("stakeholder"))
    facilitated = view.base.facilitations.join(
        view.events.select("event"), on="event", how="semi"
    ).select("event", "stakeholder")
    return nw.concat(
        [among(organised, "stakeholder", leaders), among(facilitated, "stakeholder", leaders)],
        how="vertical",
    )


def _led_by_point(view: View) -> nw.LazyFrame[Any]:
    """:func:`_led` of every point of the view's schedule, with ``_from``: the later of the
    points of the event's start and the leader's joining (found once for the schedule)."""
    base, schedule = view.base, view.schedule

    def build() -> nw.LazyFrame[Any]:
        leaders = view.members_by_point().filter(nw.col("leader")).select("stakeholder", "_joined")
        organised = base.events.select(
            nw.col("id").alias("event"), nw.col("organiser").alias("stakeholder"), "start"
        ).filter(~nw.col("stakeholder").is_null())
        facilitated = base.facilitations.select("event", "stakeholder", "start")
        first = nw.max_horizontal(base.point_of("start", schedule), "_joined")
        return (
            nw.concat([organised, facilitated], how="vertical")
            .join(leaders, on="stakeholder", how="inner")
            .select("event", "stakeholder", first.alias("_from"))
            .filter(nw.col("_from") < len(schedule))
            .unique()
        )

    return base.shared(("led", schedule), build)


def _led_events_by_point(view: View) -> nw.LazyFrame[Any]:
    """``event``, ``_from``, ``two_way``: each event a leader organised or facilitated, the
    first point of the view's schedule it counts as led at, and whether it is two-way."""

    def build() -> nw.LazyFrame[Any]:
        kind = view.base.events.select(
            nw.col("id").alias("event"), (nw.col("rank") >= 1).cast(nw.Int64).alias("two_way")
        )
        return (
            _led_by_point(view)
            .group_by("event")
            .agg(nw.col("_from").min())
            .join(kind, on="event", how="inner")
        )

    return view.base.shared(("led events", view.schedule), build)


def _enabling_ratio(view: View, by: By) -> nw.LazyFrame[Any]:
    if by is None and view.scheduled:  # a timeline's point: each led event once, as counted
        events = _led_events_by_point(view).filter(nw.col("_from") <= view.point)
        counted = (
            events.select(nw.lit(ALL).alias(GROUP), "two_way", nw.lit(1).alias("events"))
            .group_by(GROUP)
            .agg(nw.col("two_way").sum(), nw.col("events").sum())
        )
        return view.share(by, counted, "two_way", "events", _LED_NOTHING)
    if by is None:  # leaders are members: every one is in the one group, each event once
        counted = (
            view.events.join(_led_rows(view), on="event", how="semi")
            .select(
                nw.lit(ALL).alias(GROUP),
                nw.col("two_way").cast(nw.Int64),
                nw.lit(1).alias("events"),
            )
            .group_by(GROUP)
            .agg(nw.col("two_way").sum(), nw.col("events").sum())
        )
        return view.share(by, counted, "two_way", "events", _LED_NOTHING)
    led = _led(view)
    if by == "goal":
        grouped = led.select("event").unique().join(view.groups_of("event", by), on="event")
    else:
        grouped = led.join(_groups_of_members(view, by), on="stakeholder")
    counted = (
        grouped.select("event", GROUP)
        .unique()  # an event counts once per group, however many of its leaders are in it
        .join(view.events.select("event", "two_way"), on="event")
        .with_columns(nw.col("two_way").cast(nw.Int64), nw.lit(1).alias("events"))
        .group_by(GROUP)
        .agg(nw.col("two_way").sum(), nw.col("events").sum())
    )
    return view.share(by, counted, "two_way", "events", _LED_NOTHING)


def enabling_ratio(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Enabling ratio: of the events leaders led, the share that were two-way.

    .. math::

        \operatorname{enabling\_ratio} = \frac{|\{e \in L : e \text{ is
        two-way}\}|}{|L|}

    over the events :math:`L` started by ``as_of`` that a leader organised
    (``events.organiser``) or facilitated (a participation with role
    ``facilitator``). Two-way is level *consult* or higher. A leader who only
    presents and announces scores 0; one who runs workshops and forums, 1.

    Evidence: ``two_way`` and ``events`` (counted, not weighted). Null when
    leaders organised or facilitated no event. Grouped by unit, role or
    attribute, an event counts in the group of each leader who led it (once
    per group, however many of its leaders are in the group; a leader who has
    left still counts in their unit and role); by goal, in each goal of the
    event; by period, the events that started in the period.

    Reference: leaders' openness (listening, asking, acting on what they hear)
    is what predicts employees' voice, more than inspiring them: J. R. Detert
    and E. R. Burris (2007), "Leadership Behavior and Employee Voice: Is the
    Door Really Open?", *Academy of Management Journal* 50(4), 869-884.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.leadership import enabling_ratio
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="cio", name="CIO", unit="it", leader=True),
    ...                   Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="talk", kind="presentation", title="Talk", start=t,
    ...                   organiser="cio"),
    ...             Event(id="news", kind="newsletter", title="News", start=t,
    ...                   organiser="cio"),
    ...             Event(id="ws", kind="workshop", title="Workshop", start=t, organiser="ann",
    ...                   participations=[Participation(stakeholder="cio",
    ...                                                 role="facilitator")]),
    ...             Event(id="forum", kind="digital_platform", title="Forum", start=t,
    ...                   organiser="ann")],
    ... )

    The CIO led three events (two broadcasts, the workshop she facilitated);
    one is two-way. Ann's forum is not a leader's:

    >>> enabling_ratio(to_tables(process))
       size  two_way  events     value reason
    0     2        1       3  0.333333    NaN
    """
    return compute(
        tables,
        _enabling_ratio,
        needs=("participations",),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# leader responsiveness


_NO_CONCERNS: Final = "no concerns"


def _leader_answered_by_point(view: View) -> nw.LazyFrame[Any]:
    """``contribution``, ``_from``, ``_answered``: each concern, the point of the view's
    schedule it counts from and the first point a leader's substantive response to it
    counts at (the later of the response's and the leader's joining; null if none)."""

    def build() -> nw.LazyFrame[Any]:
        leaders = (
            view.members_by_point()
            .filter(nw.col("leader"))
            .select(nw.col("stakeholder").alias("responder"), "_joined")
        )
        first = (
            view.responses_by_point()
            .filter(nw.col("outcome").is_in(SUBSTANTIVE))
            .join(leaders, on="responder", how="inner")
            .select("contribution", nw.max_horizontal("_from", "_joined").alias("_answered"))
            .group_by("contribution")
            .agg(nw.col("_answered").min())
        )
        return (
            view.contributions_by_point()
            .filter(nw.col("kind") == "concern")
            .select("contribution", "_from")
            .join(first, on="contribution", how="left")
        )

    return view.base.shared(("leader answered", view.schedule), build)


def _leader_answered(view: View) -> nw.LazyFrame[Any]:
    """``contribution``, ``answered`` (1 if a leader answered it), ``concerns`` (1): the
    concerns by ``t``; found once per view."""

    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:
            return view.at_point(_leader_answered_by_point(view)).select(
                "contribution",
                view.by_now("_answered").alias("answered"),
                nw.lit(1).alias("concerns"),
            )
        return view.answers.filter(nw.col("kind") == "concern").select(
            "contribution", nw.col("_by_leader").alias("answered"), nw.lit(1).alias("concerns")
        )

    return view.cached(("leader answered", None), build)


def _leader_responsiveness(view: View, by: By) -> nw.LazyFrame[Any]:
    concerns = _leader_answered(view)
    grouped = view.in_groups(concerns, "contribution", by)
    counted = grouped.group_by(GROUP).agg(nw.col("answered").sum(), nw.col("concerns").sum())
    return view.share(by, counted, "answered", "concerns", _NO_CONCERNS)


def leader_responsiveness(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Leader responsiveness: the share of concerns a leader answered.

    .. math::

        \operatorname{leader\_responsiveness} = \frac{|\{c \in K : \text{a leader
        responded to } c \text{ substantively by } t\}|}{|K|}

    over the concerns :math:`K` raised by :math:`t` (``as_of``). A substantive
    response has outcome answered, adopted or declined (an acknowledgement
    alone is not an answer), by a leader who had joined by :math:`t`. There is
    no deadline: this asks whether leaders take concerns up at all (see
    :func:`ownership.metrics.dialogue.responsiveness` for answers in time).

    Evidence: ``answered`` and ``concerns`` (counted, not weighted). Null when
    no concern was raised. Grouped by unit, role or attribute, a concern
    counts in its author's group; by goal, in each of its goals; by period,
    the concerns of the period, answered by its end.

    Reference: managerial openness, leaders who listen to and act on what
    employees raise: J. R. Detert and E. R. Burris (2007), "Leadership
    Behavior and Employee Voice: Is the Door Really Open?", *Academy of
    Management Journal* 50(4), 869-884.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Response, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.leadership import leader_responsiveness
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> day = timedelta(days=1)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="cio", name="CIO", unit="it", leader=True),
    ...                   Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="f", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id=c, event="f", author="ann", at=t, kind="concern")
    ...                    for c in ("k1", "k2", "k3")],
    ...     responses=[Response(id="r1", contribution="k1", responder="cio", at=t + day,
    ...                         outcome="answered"),
    ...                Response(id="r2", contribution="k2", responder="cio", at=t + day,
    ...                         outcome="acknowledged"),
    ...                Response(id="r3", contribution="k3", responder="ann", at=t + day,
    ...                         outcome="answered")],
    ... )

    The CIO answered k1 and only acknowledged k2; Ann, no leader, answered k3:

    >>> leader_responsiveness(to_tables(process))
       size  answered  concerns     value reason
    0     2         1         3  0.333333    NaN
    """
    return compute(
        tables,
        _leader_responsiveness,
        needs=("responses",),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )
