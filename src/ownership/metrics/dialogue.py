"""Dialogue: whether people are heard, answered and taken up, and how evenly they speak.

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.

Words used throughout:

Two-way
    An event at level *consult* or higher (IAP2).
Participant
    A stakeholder in scope who took part (participant or facilitator) in a
    two-way event.
Substantive response
    A response whose outcome is ``answered``, ``adopted`` or ``declined``: an
    acknowledgement alone does not answer anything.
Asked
    A contribution's ``at`` (its event's start when it has no time).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final, TypeVar

import narwhals.stable.v2 as nw
import numpy as np

from ..errors import Problem, ValidationError
from ._base import (
    DEFAULT_MIN_GROUP,
    GROUP,
    SUBSTANTIVE,
    By,
    Running,
    View,
    WholeRow,
    compute,
    integers_of,
    microseconds_of,
    reason_if_null,
    shares_of_whole,
    whole_row,
)
from ._counting import TableSource, _microseconds

__all__ = [
    "closing_the_loop",
    "latency",
    "responsiveness",
    "two_way_share",
    "uptake",
    "voice",
    "voice_equality",
]

FrameT = TypeVar("FrameT")

_GROUPINGS: Final = ("unit", "role", "goal", "period", "attribute")
_ASKING: Final = ("question", "concern")
_DAY_US: Final = 86_400_000_000
_DEFAULT_SLA_DAYS: Final = 14
"""Days within which a question or concern should get a substantive response."""


# ---------------------------------------------------------------------------
# shared pieces


def _per_person(
    view: View, by: By, flags: nw.LazyFrame[Any], hit: str, of: str
) -> nw.LazyFrame[Any]:
    """Weighted counts per group of people: ``hit`` (people flagged) and ``of`` (all).

    ``flags`` has one row per person counted, ``stakeholder`` and ``_hit`` (0/1).
    """
    return (
        view.people_in_groups(by, "w")
        .join(flags, on="stakeholder", how="inner")
        .with_columns((nw.col("_hit") * nw.col("w")).alias(hit), nw.col("w").alias(of))
        .group_by(GROUP)
        .agg(nw.col(hit).sum(), nw.col(of).sum())
    )


def _two_way_people(view: View) -> nw.LazyFrame[Any]:
    """``stakeholder``: people in scope who took part in a two-way event."""
    return view.involvement.filter(nw.col("two_way") == 1).select("stakeholder")


def _authors(view: View) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_contributions``: who authored contributions by ``t``, how many."""

    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:  # a timeline's point reads its row of the running counts
            return (
                _authors_by_point(view)
                .at(view.point)
                .filter(nw.col("_contributions") > 0)
                .select("stakeholder", "_contributions")
            )
        return (
            view.contributions.group_by("author")
            .agg(nw.len().alias("_contributions"))
            .rename({"author": "stakeholder"})
        )

    return view.cached(("authors", None), build)


def _authors_by_point(view: View) -> Running:
    """``stakeholder``, ``_contributions``: the running count of each author's contributions
    at each point of the view's schedule (:meth:`Running.at`; found once for it)."""

    def build() -> Running:
        made = (
            view.contributions_by_point()
            .group_by("author", "_from")
            .agg(nw.len().alias("_contributions"))
            .select(
                nw.col("author").alias("stakeholder"),
                nw.col("_from").alias("_point"),
                nw.col("_contributions").cast(nw.Int64),
            )
        )
        return view.base.running(made, "stakeholder", ["_contributions"], len(view.schedule))

    return view.base.shared_running(("authors", view.schedule), build)


def _asked(view: View) -> nw.LazyFrame[Any]:
    """Questions and concerns by ``t``: ``contribution``, ``at``, ``answered_at`` (the first
    substantive response by ``t``, null if none); found once per view."""

    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:
            answered = nw.col("_answered") <= view.point
            return view.at_point(
                _asked_by_point(view).select(
                    "contribution",
                    "at",
                    nw.when(answered).then(nw.col("answered_at")).alias("answered_at"),
                    "_from",
                )
            )
        return view.answers.filter(nw.col("kind").is_in(_ASKING)).select(
            "contribution", "at", "answered_at"
        )

    return view.cached(("asked", None), build)


def _asked_by_point(view: View) -> nw.LazyFrame[Any]:
    """:func:`_asked` for every point of the view's schedule: each question and concern with
    its ``_from`` point, its first substantive response's time ``answered_at`` and the point
    that response counts from, ``_answered``. A contribution's responses count from the later
    of their own point and its, so the earliest counts first: at a point, the first response
    by then is the first of all, or there is none."""

    def build() -> nw.LazyFrame[Any]:
        first = (
            view.responses_by_point()
            .filter(nw.col("outcome").is_in(SUBSTANTIVE))
            .group_by("contribution")
            .agg(nw.col("at").min().alias("answered_at"), nw.col("_from").min().alias("_answered"))
        )
        return (
            view.contributions_by_point()
            .filter(nw.col("kind").is_in(_ASKING))
            .select("contribution", "at", "_from")
            .join(first, on="contribution", how="left")
        )

    return view.base.shared(("asked", view.schedule), build)


def _by_contribution(view: View, by: By, frame: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """``frame`` (one row per contribution) with ``_group``: the author's group or its goals."""
    return view.in_groups(frame, "contribution", by)


def _median(frame: nw.LazyFrame[Any], column: str, *, one_group: bool) -> nw.LazyFrame[Any]:
    """``_group``, ``column`` (its exact median per group) and ``_n`` (rows per group).

    Rows are ranked within their group by one row index over (group, value) and
    the group's first index; the median is the mean of the middle one or two
    rows. This is exact on every backend (some backends' grouped medians are
    approximate) and needs no window function per group. ``one_group`` says
    every row is in the same group: on polars and pandas, whose medians are exact
    (the mean of the middle one or two values), it is then their median, found
    without sorting.
    """
    impl = frame.implementation
    if one_group and (impl.is_polars() or impl.is_pandas()):
        return frame.select(
            nw.col(GROUP).max(), nw.col(column).median(), nw.len().alias("_n")
        ).filter(nw.col("_n") > 0)
    order = [column] if one_group else [GROUP, column]
    ranked = frame.select(GROUP, column).with_row_index("_i", order_by=order)
    first = ranked.group_by(GROUP).agg(nw.col("_i").min().alias("_first"), nw.len().alias("_n"))
    position = (nw.col("_i") - nw.col("_first") + 1) * 2
    return (
        ranked.join(first, on=GROUP)
        .filter((position >= nw.col("_n")) & (position <= nw.col("_n") + 2))
        .group_by(GROUP)
        .agg(nw.col(column).mean(), nw.col("_n").max())
    )


def _sla(value: object) -> timedelta:
    """``sla_days`` checked: a number of days ≥ 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        message = f"must be a number of days ≥ 0, not {value!r}"
        raise ValidationError([Problem("sla_days", message)])
    return timedelta(days=value)


# ---------------------------------------------------------------------------
# two-way share


_NOBODY_REACHED: Final = "no event reached anyone"


def _two_way_share(view: View, by: By) -> nw.LazyFrame[Any]:
    events = view.events.select(
        "event", nw.lit(1).alias("_pairs"), nw.col("two_way").cast(nw.Int64).alias("_two")
    )
    if by == "goal":  # each event's reached people, by the event's goals
        pairs = view.event_reach.join(events, on="event").join(
            view.groups_of("event", by), on="event", how="inner"
        )
        weighted = pairs.with_columns(
            (nw.col("_two") * nw.col("reached")).alias("two_way"), nw.col("reached")
        )
    else:  # each person's count of events that reached them, by the person's group
        # each event that reached a person once: as audience only, or taken part in
        per_unit = _events_heard(view) if view.scheduled else None
        heard = view.audience_exposure(events, ["_pairs", "_two"], per_unit=per_unit)
        took_part = view.involvement.select("stakeholder", "events", "two_way_events")
        counts = heard.join(took_part, on="stakeholder").select(
            "stakeholder",
            (nw.col("_pairs") + nw.col("events")).alias("_pairs"),
            (nw.col("_two") + nw.col("two_way_events")).alias("_two"),
        )
        weighted = counts.join(
            view.people_in_groups(by, "w"), on="stakeholder", how="inner"
        ).with_columns(
            (nw.col("_two") * nw.col("w")).alias("two_way"),
            (nw.col("_pairs") * nw.col("w")).alias("reached"),
        )
    counted = weighted.group_by(GROUP).agg(nw.col("two_way").sum(), nw.col("reached").sum())
    return view.share(by, counted, "two_way", "reached", _NOBODY_REACHED)


def _events_heard(view: View) -> nw.LazyFrame[Any]:
    """``unit``, ``_pairs``, ``_two``: the events, and the two-way ones, addressed to each
    audience unit by a timeline's point (counted once for the schedule)."""
    return _events_heard_running(view).at(view.point)


def _events_heard_running(view: View) -> Running:
    """:func:`_events_heard` at every point of the schedule."""
    base = view.base

    def counts_of() -> nw.LazyFrame[Any]:
        return base.events.select(
            nw.col("id").alias("event"),
            nw.lit(1).cast(nw.Int64).alias("_pairs"),
            (nw.col("rank") >= 1).cast(nw.Int64).alias("_two"),
        )

    return view.audience_running("events heard", counts_of, ["_pairs", "_two"])


def two_way_share(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Two-way share: of the people events reached, the share reached by two-way events.

    .. math::

        \operatorname{two\_way\_share} = \frac{\sum_{(e, s) \in R} w_s\,[e \text{ is
        two-way}]}{\sum_{(e, s) \in R} w_s}

    over the pairs :math:`R` of an event :math:`e` started by ``as_of`` and a
    stakeholder :math:`s` in scope it reached: as a participant or facilitator,
    or as a member of an audience unit (or of a unit below one). A pair counts
    once however :math:`s` was reached; :math:`w_s` is their ``size``.
    Information reaches people too, but only dialogue lets them answer: the
    share is low where the strategy is mostly broadcast.

    Evidence: ``two_way`` (the numerator, people reached by two-way events,
    counted per event) and ``reached`` (the denominator). Null when no event
    reached anyone in scope. Grouped by unit, role or attribute, a pair counts
    in the reached person's group; by goal, in each goal of the event; by
    period, events are those that started in the period.

    Reference: two-way means at least *consult* on the IAP2 Spectrum of Public
    Participation (IAP2, 2018); informing alone is on the rungs of tokenism in
    S. R. Arnstein (1969), "A Ladder of Citizen Participation", *Journal of
    the American Institute of Planners* 35(4), 216-224.

    >>> from datetime import UTC, datetime
    >>> from ownership import Event, Participation, Stakeholder, StrategyProcess, Unit
    >>> from ownership.metrics.dialogue import two_way_share
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3)],
    ...     events=[Event(id="news", kind="newsletter", title="News", start=t,
    ...                   audiences=["it"]),
    ...             Event(id="ws", kind="workshop", title="Workshop", start=t,
    ...                   participations=[Participation(stakeholder="ann")])],
    ... )

    The newsletter reached Ann and the team (1 + 3 people), the workshop Ann
    (1): of 5 reached, 1 by a two-way event.

    >>> two_way_share(to_tables(process))
       size  two_way  reached  value reason
    0     4        1        5    0.2    NaN
    """
    return compute(
        tables,
        _two_way_share,
        needs=("participations", "audiences"),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# voice


_NO_PARTICIPANTS: Final = "no participants in two-way events"


def _voice(view: View, by: By) -> nw.LazyFrame[Any]:
    flags = (
        _two_way_people(view)
        .join(_authors(view), on="stakeholder", how="left")
        .select("stakeholder", (~nw.col("_contributions").is_null()).cast(nw.Int64).alias("_hit"))
    )
    counted = _per_person(view, by, flags, "voiced", "participants")
    return view.share(by, counted, "voiced", "participants", _NO_PARTICIPANTS)


def voice(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Voice: the weighted share of participants who spoke up.

    .. math::

        \operatorname{voice} = \frac{\sum_{s \in P} w_s\,[s \text{ authored a
        contribution}]}{\sum_{s \in P} w_s}

    over the participants :math:`P`: stakeholders in scope who took part
    (participant or facilitator) in a two-way event by ``as_of``. A
    contribution of any kind, in any event, by ``as_of`` counts. Being in the
    room is not having a voice: this is the share who did more than attend.

    Evidence: ``voiced`` and ``participants`` (weighted by ``size``). Null when
    nobody in scope took part in a two-way event. Grouped by unit, role,
    attribute or goal (everyone in the goal's affected units), per person; by
    period, the events and contributions of the period.

    Reference: voice as the discretionary, upward expression of ideas,
    suggestions and concerns: E. W. Morrison (2011), "Employee Voice
    Behavior: Integration and Directions for Future Research", *The Academy
    of Management Annals* 5(1), 373-412.

    >>> from datetime import UTC, datetime
    >>> from ownership import (Contribution, Event, Participation, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics.dialogue import voice
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3)],
    ...     events=[Event(id="ws", kind="workshop", title="Workshop", start=t,
    ...                   participations=[Participation(stakeholder="ann"),
    ...                                   Participation(stakeholder="ops")])],
    ...     contributions=[Contribution(id="c", event="ws", author="ann", at=t,
    ...                                 kind="idea")],
    ... )

    Both took part (4 people); only Ann (1) spoke up:

    >>> voice(to_tables(process))
       size  voiced  participants  value reason
    0     4       1             4   0.25    NaN
    """
    return compute(
        tables,
        _voice,
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
# responsiveness and latency


_NOTHING_DUE: Final = "no questions or concerns due"


def _responsiveness(view: View, by: By, *, sla: timedelta) -> nw.LazyFrame[Any]:
    t = view.base.moment(view.t)
    deadline = nw.col("at") + nw.lit(sla)
    has_answer = ~nw.col("answered_at").is_null()
    in_time = (nw.col("answered_at") <= deadline).fill_null(value=False)
    flagged = _asked(view).with_columns(
        ((deadline <= t) | has_answer).cast(nw.Int64).alias("due"),
        (has_answer & in_time).cast(nw.Int64).alias("answered"),
    )
    counted = (
        _by_contribution(view, by, flagged)
        .group_by(GROUP)
        .agg(nw.col("answered").sum(), nw.col("due").sum())
    )
    return view.share(by, counted, "answered", "due", _NOTHING_DUE)


def responsiveness(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
    sla_days: float = _DEFAULT_SLA_DAYS,
) -> FrameT:
    r"""Responsiveness: the share of questions and concerns due that were answered in time.

    .. math::

        \operatorname{responsiveness} = \frac{|\{c \in D : r_c \le a_c + \mathrm{SLA}\}|}
        {|D|}, \qquad D = \{c \in Q : a_c + \mathrm{SLA} \le t \ \lor\ r_c \le t\}

    over the questions and concerns :math:`Q` asked by :math:`t` (``as_of``),
    :math:`a_c` when :math:`c` was asked and :math:`r_c` its first substantive
    response (outcome answered, adopted or declined; an acknowledgement is not
    an answer). A question is *due* once its deadline
    :math:`a_c + \mathrm{SLA}` has passed or once it is answered, so a fresh
    question still within its SLA counts neither for nor against. Adding a
    response never lowers the value. Contributions are counted, not weighted.

    Evidence: ``answered`` (answered within the SLA) and ``due``. Null when no
    question or concern is due. Grouped by unit, role or attribute, a question
    counts in its author's group; by goal, in each of its goals; by period, the
    questions asked in the period, answered by its end.

    ``sla_days`` (default 14) is the SLA in days, any number ≥ 0.

    Reference: the OECD's guiding principles ask for a public commitment to
    respond to participants' input in a timely manner and to tell them how it
    was used: OECD (2022), *OECD Guidelines for Citizen Participation
    Processes*, OECD Public Governance Reviews, OECD Publishing, Paris, ch. 3.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Response, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.dialogue import responsiveness
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> day = timedelta(days=1)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="f", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id=c, event="f", author="ann", at=t, kind="question")
    ...                    for c in ("q1", "q2", "q3")],
    ...     responses=[Response(id="r1", contribution="q1", at=t + 3 * day, outcome="answered"),
    ...                Response(id="r2", contribution="q2", at=t + 2 * day,
    ...                         outcome="acknowledged"),
    ...                Response(id="r3", contribution="q2", at=t + 20 * day, outcome="declined")],
    ... )

    Thirty days on, all three are due: q1 was answered on day 3, q2 only
    acknowledged in time and declined on day 20, q3 never answered: 1/3.

    >>> responsiveness(to_tables(process), as_of=t + 30 * day)
       size  answered  due     value reason
    0     1         1    3  0.333333    NaN

    On day 5 only q1 is due (answered); q2 and q3 are still within their SLA:

    >>> responsiveness(to_tables(process), as_of=t + 5 * day)
       size  answered  due  value reason
    0     1         1    1    1.0    NaN
    """
    sla = _sla(sla_days)
    return compute(
        tables,
        partial(_responsiveness, sla=sla),
        needs=("responses",),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


_NONE_ANSWERED: Final = "no questions or concerns answered"


def _latency(view: View, by: By) -> nw.LazyFrame[Any]:
    waited = (nw.col("answered_at") - nw.col("at")).dt.total_microseconds()
    days = (waited.cast(nw.Float64) / _DAY_US).clip(lower_bound=0.0)
    answered = (
        _asked(view)
        .filter(~nw.col("answered_at").is_null())
        .select("contribution", days.alias("_days"))
    )
    per_group = (
        _median(_by_contribution(view, by, answered), "_days", one_group=by is None)
        .with_columns(
            nw.col("_n").cast(nw.Int64).alias("answered"),
            nw.col("_days").cast(nw.Float64).alias("value"),
        )
        .with_columns(reason_if_null("value", _NONE_ANSWERED))
    )
    return view.finish(by, per_group, ("answered",), _NONE_ANSWERED)


def latency(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Latency: the median number of days from a question or concern to its answer.

    .. math::

        \operatorname{latency} = \operatorname{median}_{c \in A}\,(r_c - a_c)
        \text{ in days}

    over the questions and concerns :math:`A` asked and given a substantive
    response (outcome answered, adopted or declined) by ``as_of``;
    :math:`a_c` is when :math:`c` was asked and :math:`r_c` its first
    substantive response. The value is in **days** (fractions included), not
    in [0, 1]; a response earlier than a contribution's asked time (possible
    only when the contribution has no time and counts from its event's start)
    counts as 0 days. Questions not yet answered are not in :math:`A`: read
    latency with :func:`responsiveness`, which counts them.

    Evidence: ``answered``. Null when nothing was answered. Grouped as
    :func:`responsiveness`.

    Reference: timely response as in :func:`responsiveness` (OECD, 2022, ch. 3).

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Response, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.dialogue import latency
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> day = timedelta(days=1)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="f", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id=c, event="f", author="ann", at=t, kind="concern")
    ...                    for c in ("c1", "c2")],
    ...     responses=[Response(id="r1", contribution="c1", at=t + 2 * day, outcome="answered"),
    ...                Response(id="r2", contribution="c2", at=t + 7 * day, outcome="adopted")],
    ... )

    Answered after 2 and 7 days: the median is 4.5 days.

    >>> latency(to_tables(process))
       size  answered  value reason
    0     1         2    4.5    NaN
    """
    return compute(
        tables,
        _latency,
        needs=("responses",),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# uptake


_NO_IDEAS: Final = "no ideas or concerns"


def _taken_up_by_point(view: View) -> nw.LazyFrame[Any]:
    """``contribution``, ``_from``, ``_up``: each idea and concern, the point of the view's
    schedule it counts from and the first point it was taken up at (an adopting response
    counts, or a revision citing it; null if never by the last point)."""
    base, schedule = view.base, view.schedule

    def build() -> nw.LazyFrame[Any]:
        adopted = (
            view.responses_by_point()
            .filter(nw.col("outcome") == "adopted")
            .select("contribution", nw.col("_from").alias("_up"))
        )
        revised = base.table("revisions").select(
            nw.col("id").alias("revision"), base.point_of("at", schedule).alias("_up")
        )
        cited = (
            base.table("revision_sources")
            .join(revised, on="revision", how="inner")
            .select("contribution", "_up")
        )
        up = (
            nw.concat([adopted, cited], how="vertical")
            .group_by("contribution")
            .agg(nw.col("_up").min())
        )
        return (
            view.contributions_by_point()
            .filter(nw.col("kind").is_in(("idea", "concern")))
            .select("contribution", "_from")
            .join(up, on="contribution", how="left")
        )

    return base.shared(("taken up", schedule), build)


def _uptake(view: View, by: By) -> nw.LazyFrame[Any]:
    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:
            return view.at_point(_taken_up_by_point(view)).select(
                "contribution",
                view.by_now("_up").alias("adopted"),
                nw.lit(1).alias("ideas_and_concerns"),
            )
        t = view.base.moment(view.t)
        revised = (
            view.base.table("revisions")
            .filter(nw.col("at") <= t)
            .select(nw.col("id").alias("revision"))
        )
        cited = (
            view.base.table("revision_sources")
            .join(revised, on="revision", how="semi")
            .select("contribution")
            .unique()
            .with_columns(nw.lit(1).alias("_cited"))
        )
        # adopted by a response, or cited by a revision
        up = nw.max_horizontal(nw.col("_adopted"), nw.col("_cited").fill_null(0))
        return (
            view.answers.filter(nw.col("kind").is_in(("idea", "concern")))
            .select("contribution", "_adopted")
            .join(cited, on="contribution", how="left")
            .select(
                "contribution",
                up.cast(nw.Int64).alias("adopted"),
                nw.lit(1).alias("ideas_and_concerns"),
            )
        )

    flagged = view.cached(("taken up", None), build)
    counted = (
        _by_contribution(view, by, flagged)
        .group_by(GROUP)
        .agg(nw.col("adopted").sum(), nw.col("ideas_and_concerns").sum())
    )
    return view.share(by, counted, "adopted", "ideas_and_concerns", _NO_IDEAS)


def uptake(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Uptake: the share of ideas and concerns that were adopted.

    .. math::

        \operatorname{uptake} = \frac{|\{c \in I : c \text{ adopted by } t\}|}{|I|}

    over the ideas and concerns :math:`I` raised by :math:`t` (``as_of``). A
    contribution is adopted when a response with outcome ``adopted`` came by
    :math:`t`, or when a revision of the strategy made by :math:`t` cites it
    (``revision_sources``): either way it changed something.

    Evidence: ``adopted`` and ``ideas_and_concerns`` (counted, not weighted).
    Null when no idea or concern was raised. Grouped by unit, role or
    attribute, a contribution counts in its author's group; by goal, in each of
    its goals; by period, the contributions of the period, adopted by its end.

    Reference: at *consult* and above, the IAP2 Spectrum of Public
    Participation promises feedback on how public input influenced the
    decision (IAP2, 2018); participants should be able to perceive their
    impact on decisions: OECD (2022), *OECD Guidelines for Citizen
    Participation Processes*, ch. 3.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Response, Revision, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics.dialogue import uptake
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> day = timedelta(days=1)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
    ...     events=[Event(id="f", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id="i1", event="f", author="ann", at=t, kind="idea"),
    ...                    Contribution(id="i2", event="f", author="ann", at=t, kind="idea"),
    ...                    Contribution(id="c1", event="f", author="ann", at=t, kind="concern"),
    ...                    Contribution(id="q1", event="f", author="ann", at=t, kind="question")],
    ...     responses=[Response(id="r1", contribution="i1", at=t + day, outcome="adopted")],
    ...     revisions=[Revision(id="v2", at=t + 9 * day, title="v2", motivated_by=["c1"])],
    ... )

    i1 was adopted by a response, c1 by the revision of day 9; i2 was not; the
    question is neither an idea nor a concern: 2/3.

    >>> uptake(to_tables(process))
       size  adopted  ideas_and_concerns     value reason
    0     1        2                   3  0.666667    NaN
    """
    return compute(
        tables,
        _uptake,
        needs=("responses", "revisions", "revision_sources"),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# closing the loop


_NO_CONTRIBUTORS: Final = "no contributors"


def _heard_by_point(view: View) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_heard``: the first point of the view's schedule at which an author
    had a response to a contribution of theirs (found once for the schedule)."""

    def build() -> nw.LazyFrame[Any]:
        authors = view.contributions_by_point().select("contribution", "author")
        return (
            view.responses_by_point()
            .select("contribution", "_from")
            .join(authors, on="contribution", how="inner")
            .group_by("author")
            .agg(nw.col("_from").min().alias("_heard"))
            .rename({"author": "stakeholder"})
        )

    return view.base.shared(("heard", view.schedule), build)


def _closing_the_loop(view: View, by: By) -> nw.LazyFrame[Any]:
    def build() -> nw.LazyFrame[Any]:
        if view.scheduled:
            return (
                _authors(view)
                .join(_heard_by_point(view), on="stakeholder", how="left")
                .select("stakeholder", view.by_now("_heard").alias("_hit"))
            )
        responded = (
            view.answers.filter(nw.col("_responded") == 1)
            .select(nw.col("author").alias("stakeholder"))
            .unique()
            .with_columns(nw.lit(1).alias("_heard"))
        )
        return (
            _authors(view)
            .join(responded, on="stakeholder", how="left")
            .select("stakeholder", nw.col("_heard").fill_null(0).cast(nw.Int64).alias("_hit"))
        )

    flags = view.cached(("heard back", None), build)
    counted = _per_person(view, by, flags, "heard", "contributors")
    return view.share(by, counted, "heard", "contributors", _NO_CONTRIBUTORS)


def closing_the_loop(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Closing the loop: the weighted share of contributors who heard back.

    .. math::

        \operatorname{closing\_the\_loop} = \frac{\sum_{s \in C} w_s\,[\text{a
        contribution of } s \text{ got a response}]}{\sum_{s \in C} w_s}

    over the contributors :math:`C`: stakeholders in scope who authored at
    least one contribution by ``as_of``. Any response by ``as_of`` counts,
    an acknowledgement too: this asks whether anyone came back to them at all,
    where :func:`responsiveness` asks whether questions were answered in time.
    Adding a response never lowers the value.

    Evidence: ``heard`` and ``contributors`` (weighted by ``size``). Null when
    nobody in scope contributed. Grouped by unit, role, attribute or goal
    (everyone in the goal's affected units), per person; by period, the
    contributions of the period, with the responses by its end.

    Reference: the OECD's guiding principles ask authorities to follow up on
    participants' input and tell them how it was used (closing the feedback
    loop): OECD (2022), *OECD Guidelines for Citizen Participation Processes*,
    OECD Public Governance Reviews, OECD Publishing, Paris, ch. 3.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Response, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics.dialogue import closing_the_loop
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations team", unit="it", size=3)],
    ...     events=[Event(id="f", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id="c1", event="f", author="ann", at=t, kind="idea"),
    ...                    Contribution(id="c2", event="f", author="ops", at=t, kind="idea")],
    ...     responses=[Response(id="r", contribution="c2", at=t + timedelta(days=1),
    ...                         outcome="acknowledged")],
    ... )

    The team (3 people) heard back, Ann (1) did not: 3/4.

    >>> closing_the_loop(to_tables(process))
       size  heard  contributors  value reason
    0     4      3             4   0.75    NaN
    """
    return compute(
        tables,
        _closing_the_loop,
        needs=("responses",),
        by=by,
        allowed=_GROUPINGS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )


# ---------------------------------------------------------------------------
# voice equality


_FEW: Final = "fewer than 2 participants"
_SILENT: Final = "no contributions"


def _voice_equality(view: View, by: By) -> nw.LazyFrame[Any]:
    took_part = _two_way_people(view).with_columns(nw.lit(0).cast(nw.Int64).alias("_k"))
    authored = _authors(view).select(
        "stakeholder", nw.col("_contributions").cast(nw.Int64).alias("_k")
    )
    participants = (
        nw.concat([took_part, authored], how="vertical")
        .group_by("stakeholder")
        .agg(nw.col("_k").max())
        .join(view.groups_of_people(by), on="stakeholder", how="inner")
    )
    # how many participants made k contributions, per group: a small table, joined with
    # itself; its diagonal (k = k2) gives back the participants and their contributions
    # (as int64: polars counts rows as unsigned 32-bit integers, whose products overflow)
    frequency = (
        participants.group_by(GROUP, "_k")
        .agg(nw.len().alias("_f"))
        .with_columns(nw.col("_f").cast(nw.Int64))
    )
    other = frequency.select(GROUP, nw.col("_k").alias("_k2"), nw.col("_f").alias("_f2"))
    diagonal = (nw.col("_k") == nw.col("_k2")).cast(nw.Int64)
    n = nw.col("participants").cast(nw.Float64)
    total = nw.col("contributions").cast(nw.Float64)
    gini = nw.col("_d").cast(nw.Float64) / (2.0 * n * total)
    per_group = (
        frequency.join(other, on=GROUP)
        .with_columns(
            (nw.col("_f") * nw.col("_f2") * (nw.col("_k") - nw.col("_k2")).abs()).alias("_d"),
            (nw.col("_f") * diagonal).alias("participants"),
            (nw.col("_f") * nw.col("_k") * diagonal).alias("contributions"),
        )
        .group_by(GROUP)
        .agg(nw.col("_d").sum(), nw.col("participants").sum(), nw.col("contributions").sum())
        .with_columns(nw.col("participants", "contributions").cast(nw.Int64))
        .with_columns(
            nw.when((nw.col("participants") >= 2) & (nw.col("contributions") > 0))
            .then(1.0 - gini)
            .otherwise(None)
            .cast(nw.Float64)
            .alias("value"),
            nw.when(nw.col("participants") < 2)
            .then(nw.lit(_FEW))
            .when(nw.col("contributions") == 0)
            .then(nw.lit(_SILENT))
            .otherwise(nw.lit(None, dtype=nw.String))
            .alias("reason"),
        )
    )
    return view.finish(by, per_group, ("participants", "contributions"), _FEW)


def voice_equality(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
) -> FrameT:
    r"""Voice equality: 1 − the Gini coefficient of contributions per participant.

    .. math::

        \operatorname{voice\_equality} = 1 - G, \qquad
        G = \frac{\sum_{i \in P} \sum_{j \in P} |x_i - x_j|}{2\,n^2\,\bar{x}}
        = \frac{\sum_a \sum_b f_a f_b\,|a - b|}{2\,n \sum_a a f_a}

    over the participants :math:`P` (:math:`n = |P|`): stakeholders in scope
    who took part in a two-way event or authored a contribution by
    ``as_of``; :math:`x_i` is the number of contributions :math:`i` authored
    (0 for those who only took part), :math:`\bar{x}` their mean and
    :math:`f_a` the number of participants with :math:`a` contributions.
    People count once each, whatever their ``size``. 1 when everyone
    contributed equally; :math:`1/n` when one person made every contribution.
    Computed exactly from the (small) table of how many made how many.

    Evidence: ``participants`` (:math:`n`) and ``contributions``
    (:math:`\sum_i x_i`). Null when there are fewer than 2 participants, or no
    contributions (nothing to share out). Grouped by unit, role, attribute or
    goal (everyone in the goal's affected units), per person; by period, the
    events and contributions of the period.

    References: C. Gini (1912), *Variabilità e mutabilità*, Tipografia di
    Paolo Cuppini, Bologna (the mean difference and concentration ratio);
    the mean-difference formula as in L. Ceriani and P. Verme (2012), "The
    origins of the Gini index: extracts from *Variabilità e Mutabilità*
    (1912) by Corrado Gini", *The Journal of Economic Inequality* 10(3),
    421-443. Whether everyone is heard, not only the few who always speak:
    E. W. Morrison (2011), *The Academy of Management Annals* 5(1), 373-412.

    >>> from datetime import UTC, datetime
    >>> from ownership import (Contribution, Event, Participation, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics.dialogue import voice_equality
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id=s, name=s, unit="it") for s in ("ann", "bo", "cy")],
    ...     events=[Event(id="ws", kind="workshop", title="Workshop", start=t,
    ...                   participations=[Participation(stakeholder="cy")])],
    ...     contributions=[Contribution(id=f"c{i}", event="ws", author=a, at=t, kind="idea")
    ...                    for i, a in enumerate(["ann", "ann", "ann", "bo"])],
    ... )

    Contributions 3, 1 and 0 (Cy only took part): the pairs differ by
    2, 3 and 1, each counted twice, 12 in all; G = 12 / (2 · 3 · 4) = 1/2.

    >>> voice_equality(to_tables(process))
       size  participants  contributions  value reason
    0     3             3              4    0.5    NaN
    """
    return compute(
        tables,
        _voice_equality,
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
# a timeline's points at once
#
# As for participation (:meth:`View.people_at_points`): at the points of a timeline's
# schedule, what these metrics count per person and per contribution is found for every
# point at once, and each point's row is the one the metric gives at that point.


def _authored_at_points(view: View) -> Any:
    """Points × people of :meth:`View.people_at_points`: each one's contributions by then."""
    people = view.people_at_points()
    stakeholders = people.frame.get_column("stakeholder")
    return _authors_by_point(view).aligned(stakeholders)["_contributions"]


def _voice_points(view: View) -> list[WholeRow]:
    """:func:`_voice` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes = people.weighed(people.in_scope)
    participants = people.weighed(people.two_way)
    voiced = people.weighed(people.two_way & (_authored_at_points(view) > 0))
    return shares_of_whole(
        sizes.tolist(),
        voiced.tolist(),
        participants.tolist(),
        ("voiced", "participants"),
        _NO_PARTICIPANTS,
    )


def _closing_the_loop_points(view: View) -> list[WholeRow]:
    """:func:`_closing_the_loop` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    heard = (
        people.frame.select("stakeholder")
        .with_row_index("_person")
        .join(_heard_by_point(view).collect(), on="stakeholder", how="left")
        .sort("_person")
    )
    first = integers_of(heard.with_columns(nw.col("_heard").fill_null(people.points)), "_heard")
    steps = np.arange(people.points)[:, None]
    contributors = people.in_scope & (_authored_at_points(view) > 0)
    sizes = people.weighed(people.in_scope)
    of = people.weighed(contributors)
    hit = people.weighed(contributors & (first[None, :] <= steps))
    return shares_of_whole(
        sizes.tolist(), hit.tolist(), of.tolist(), ("heard", "contributors"), _NO_CONTRIBUTORS
    )


def _voice_equality_points(view: View) -> list[WholeRow]:
    """:func:`_voice_equality` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    authored = _authored_at_points(view)
    sizes = people.weighed(people.in_scope)
    rows = []
    for point, size in enumerate(sizes.tolist()):
        chosen = people.in_scope[point] & (people.two_way[point] | (authored[point] > 0))
        counts, often = np.unique(authored[point][chosen], return_counts=True)
        often = often.astype(np.int64)
        n = int(often.sum())
        total = int((often * counts).sum())
        if n == 0:  # no row of the whole
            rows.append(whole_row(size, {"participants": 0, "contributions": 0}, None, _FEW))
            continue
        # the pairs of participants, ordered, weighed by how far apart their counts are
        apart = int((np.outer(often, often) * np.abs(counts[:, None] - counts[None, :])).sum())
        value = None
        if n >= 2 and total > 0:
            value = 1.0 - float(apart) / (2.0 * float(n) * float(total))
        reason = _FEW if n < 2 else _SILENT if total == 0 else None
        rows.append(whole_row(size, {"participants": n, "contributions": total}, value, reason))
    return rows


def _uptake_points(view: View) -> list[WholeRow]:
    """:func:`_uptake` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes = people.weighed(people.in_scope)
    found = _taken_up_by_point(view)
    n = people.points
    ideas = found.select("_from", nw.col("_up").fill_null(n)).collect()
    made = integers_of(ideas, "_from")
    taken = np.maximum(made, integers_of(ideas, "_up"))
    counted = np.cumsum(np.bincount(made, minlength=n + 1)[:n])
    adopted = np.cumsum(np.bincount(taken, minlength=n + 1)[:n])
    return shares_of_whole(
        sizes.tolist(),
        adopted.tolist(),
        counted.tolist(),
        ("adopted", "ideas_and_concerns"),
        _NO_IDEAS,
    )


def _responsiveness_points(view: View, *, sla: timedelta) -> list[WholeRow]:
    """:func:`_responsiveness` of the whole at every point of the view's schedule."""
    people = view.people_at_points()
    sizes = people.weighed(people.in_scope)
    n = people.points
    asked = _asked_by_point(view)
    times = asked.select(
        "_from",
        nw.col("_answered").fill_null(n),
        _microseconds(asked, "at").alias("_at"),
        _microseconds(asked, "answered_at").fill_null(0).alias("_answer"),
    ).collect()
    made = integers_of(times, "_from")
    answered_from = np.maximum(made, integers_of(times, "_answered"))
    deadline = integers_of(times, "_at") + sla // timedelta(microseconds=1)
    in_time = integers_of(times, "_answer") <= deadline
    answered, due = [], []
    for point, moment in enumerate(view.schedule):
        here = made <= point
        has_answer = answered_from <= point
        due.append(int((here & ((deadline <= microseconds_of(moment)) | has_answer)).sum()))
        answered.append(int((here & has_answer & in_time).sum()))
    return shares_of_whole(sizes.tolist(), answered, due, ("answered", "due"), _NOTHING_DUE)


def _two_way_share_points(view: View) -> list[WholeRow]:
    """:func:`_two_way_share` of the whole at every point of the view's schedule: the
    events each person took part in from the running counts, and those that reached them
    as audience from their unit's sums, less the events both (:meth:`View.audience_parts`)."""
    people = view.people_at_points()
    stakeholders = people.frame.get_column("stakeholder")
    took_part = view.involvement_running().aligned(stakeholders)
    overlap = view.overlap_by_point().select(nw.len()).collect().item() > 0
    sizes = people.weighed(people.in_scope)
    heard = view.down_the_tree_at_points(_events_heard_running(view), ["_pairs", "_two"])
    reached, two_way = [], []
    for point in range(people.points):
        at = view.base.view(view.schedule[point], schedule=view.schedule)
        pairs, two = heard[0][point], heard[1][point]
        if overlap:  # the events by the point matter only to who both took part and heard
            events = at.events.select(
                "event", nw.lit(1).alias("_pairs"), nw.col("two_way").cast(nw.Int64).alias("_two")
            )
            _, both = at.audience_parts(events, ["_pairs", "_two"], per_unit=_events_heard(at))
            twice_pairs, twice_two = people.spread(both, ["_pairs", "_two"])
            pairs, two = pairs - twice_pairs, two - twice_two
        chosen = people.in_scope[point]
        w = people.w[chosen]
        reached.append(int(((pairs[chosen] + took_part["events"][point][chosen]) * w).sum()))
        two = two[chosen] + took_part["two_way_events"][point][chosen]
        two_way.append(int((two * w).sum()))
    names = ("two_way", "reached")
    return shares_of_whole(sizes.tolist(), two_way, reached, names, _NOBODY_REACHED)
