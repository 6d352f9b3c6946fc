"""Ownership: how far people have come to feel that the strategy is theirs.

Psychological ownership grows along three routes (Pierce, Kostova & Dirks
2001): *controlling* the target, *coming to know it intimately* and
*investing the self* in it. :func:`routes` measures each route per
stakeholder from what the tables record, and :func:`index` combines them
into the organisation's ownership index (or each group's).

Every function takes the tables of a process (:class:`~ownership.Tables` or
a mapping of table name to frame, of any kind narwhals supports) and returns
a frame of the same kind; see :mod:`ownership.metrics` for the columns every
result shares and the options every metric takes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Final, Literal, TypeVar
from zoneinfo import ZoneInfo

import narwhals.stable.v2 as nw
import numpy as np

from ..errors import Problem, ValidationError, did_you_mean
from ._base import (
    _INVOLVED,
    _INVOLVED_COUNTS,
    DEFAULT_MIN_GROUP,
    GROUP,
    INVOLVED,
    By,
    Running,
    View,
    WholeRow,
    _taking_part,
    compute,
    fraction,
    ratio,
    reason_if_null,
    whole_row,
)
from ._counting import TableSource

__all__ = ["index", "routes"]

FrameT = TypeVar("FrameT")

ROUTES: Final = ("control", "knowing", "investment")
"""The three routes, in the order of the result's columns."""

_PEOPLE_GROUPS: Final = ("unit", "role", "goal", "period", "attribute")
_NEEDS: Final = (
    "participations",
    "audiences",
    "responses",
    "revisions",
    "revision_sources",
    "event_milestones",
    # read only for the default moment, the last time the tables record, so that it
    # is the moment of the metrics that read them
    "reactions",
    "goals",
)
_MICROSECONDS_PER_DAY: Final = 86_400_000_000
_NOBODY: Final = "no stakeholders in scope"

Mean = Literal["geometric", "arithmetic"]


@dataclass(frozen=True)
class _Settings:
    """The options of the ownership routes and index, checked."""

    half_life_days: float
    answered: float
    adopted: float
    collaborate: float
    empower: float
    two_way: float
    one_way: float
    milestone_report: float
    story: float
    contribution: float
    facilitation: float
    hour: float
    hours_cap: float
    tau_control: float
    tau_knowing: float
    tau_investment: float
    weights: Mapping[str, float]
    mean: str
    owner_threshold: float


_POINTS: Final = (
    "answered",
    "adopted",
    "collaborate",
    "empower",
    "two_way",
    "one_way",
    "milestone_report",
    "story",
    "contribution",
    "facilitation",
    "hour",
)
_SCALES: Final = ("tau_control", "tau_knowing", "tau_investment")
_CAPS: Final = ("hours_cap",)
_DEFAULTS: Final[Mapping[str, float]] = {
    "answered": 0.5,
    "adopted": 1.0,
    "collaborate": 1.0,
    "empower": 2.0,
    "two_way": 1.0,
    "one_way": 0.25,
    "milestone_report": 0.25,
    "story": 0.25,
    "contribution": 1.0,
    "facilitation": 2.0,
    "hour": 0.25,
    "hours_cap": 8.0,
    "tau_control": 2.0,
    "tau_knowing": 4.0,
    "tau_investment": 3.0,
}
"""The defaults of the points, the hours cap and the scales (as in the public signatures)."""


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def _settings(
    *,
    half_life_days: float = 180.0,
    route_weights: object = None,
    mean: str = "geometric",
    owner_threshold: float = 0.5,
    **given: float,
) -> _Settings:
    """The options checked, every problem at once; the route weights normalised to sum 1.

    ``given`` names points, ``hours_cap`` and scales; the others keep their defaults.
    """
    problems: list[Problem] = [
        Problem(name, f"unknown option{did_you_mean(name, list(_DEFAULTS))}")
        for name in given
        if name not in _DEFAULTS
    ]
    values = {**_DEFAULTS, **given}
    for name in _POINTS:
        value = values[name]
        if not _number(value) or not 0 <= value < math.inf:
            problems.append(Problem(name, f"must be a finite number ≥ 0, not {value!r}"))
    for name in _SCALES:
        value = values[name]
        if not _number(value) or not 0 < value < math.inf:
            problems.append(Problem(name, f"must be a finite number > 0, not {value!r}"))
    for name in _CAPS:
        value = values[name]
        if not _number(value) or not value > 0:
            problems.append(Problem(name, f"must be a number > 0 (inf: no cap), not {value!r}"))
    if not _number(half_life_days) or not half_life_days > 0:
        message = f"must be a number of days > 0 (inf: no decay), not {half_life_days!r}"
        problems.append(Problem("half_life_days", message))
    weights: dict[str, float] = dict.fromkeys(ROUTES, 1.0)
    if route_weights is not None:
        if not isinstance(route_weights, Mapping) or set(route_weights) != set(ROUTES):
            message = f"must give a weight to each of {', '.join(ROUTES)}, not {route_weights!r}"
            problems.append(Problem("route_weights", message))
        elif (
            any(not _number(w) or not 0 <= w < math.inf for w in route_weights.values())
            or not sum(route_weights.values()) > 0
        ):
            message = f"must be finite numbers ≥ 0, not all 0, not {dict(route_weights)!r}"
            problems.append(Problem("route_weights", message))
        else:
            weights = {route: float(route_weights[route]) for route in ROUTES}
    if mean not in ("geometric", "arithmetic"):
        hint = did_you_mean(str(mean), ["geometric", "arithmetic"])
        problems.append(Problem("mean", f"must be 'geometric' or 'arithmetic', not {mean!r}{hint}"))
    if not _number(owner_threshold) or not 0 <= owner_threshold <= 1:
        message = f"must be a number in [0, 1], not {owner_threshold!r}"
        problems.append(Problem("owner_threshold", message))
    if problems:
        raise ValidationError(problems)
    total = sum(weights.values())
    return _Settings(
        half_life_days=float(half_life_days),
        weights={route: w / total for route, w in weights.items()},
        mean=mean,
        owner_threshold=float(owner_threshold),
        **{name: float(values[name]) for name in (*_POINTS, *_SCALES, *_CAPS)},
    )


# ---------------------------------------------------------------------------
# the evidence of each route, per stakeholder


def _decay(view: View, column: str, half_life_days: float, now: nw.Expr | None = None) -> nw.Expr:
    """exp(−ln 2 · (t − ``column``) / h): the weight of evidence recorded at ``column``
    (``t`` the view's moment, or the times ``now``)."""
    if math.isinf(half_life_days):
        return nw.lit(1.0, dtype=nw.Float64())
    t = view.base.moment(view.t) if now is None else now
    age = (t - nw.col(column)).dt.total_microseconds().cast(nw.Float64)
    days = age / _MICROSECONDS_PER_DAY
    return (days * (-math.log(2) / half_life_days)).exp()


def _received(view: View, s: _Settings) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_control``: own contributions answered or adopted (each once, at
    its highest weight)."""
    if _factored(view, s):
        return _at_point(view, s, _received_by_point(view, s), "_control")
    # decay only grows with a response's time: of the responses answering (or adopting) a
    # contribution, the latest weighs most (:attr:`View.answers`)
    answered, adopted = nw.col("_answered_last"), nw.col("_adopted_last")
    # a missing time earns nothing: tested, as the decay of an infinite half-life is 1 anyway
    responded = view.answers.filter(~answered.is_null() | ~adopted.is_null()).select(
        "contribution",
        "author",
        nw.max_horizontal(
            nw.when(~adopted.is_null()).then(
                s.adopted * _decay(view, "_adopted_last", s.half_life_days)
            ),
            nw.when(~answered.is_null()).then(
                s.answered * _decay(view, "_answered_last", s.half_life_days)
            ),
        ).alias("_v"),
    )
    cited = (
        view.link("revision_sources", "revision")
        .select("revision", "contribution")
        .join(view.revisions, on="revision", how="inner")
        .join(view.answers.select("contribution", "author"), on="contribution", how="inner")
        .select(
            "contribution",
            "author",
            (s.adopted * _decay(view, "at", s.half_life_days)).alias("_v"),
        )
    )
    return (
        nw.concat(
            [
                frame.select("contribution", "author", nw.col("_v").cast(nw.Float64()))
                for frame in (responded, cited)
            ],
            how="vertical",
        )
        .group_by("contribution", "author")
        .agg(nw.col("_v").max())
        .group_by("author")
        .agg(nw.col("_v").sum().alias("_control"))
        .rename({"author": "stakeholder"})
    )


def _authored(view: View, s: _Settings) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_investment``: own contributions."""
    if _factored(view, s):
        return _at_point(view, s, _authored_by_point(view, s), "_investment")
    return (
        view.contributions.select(
            nw.col("author").alias("stakeholder"),
            (s.contribution * _decay(view, "at", s.half_life_days)).alias("_investment"),
        )
        .group_by("stakeholder")
        .agg(nw.col("_investment").sum())
    )


def _weight(view: View, column: str, s: _Settings) -> nw.Expr:
    """exp(−λ(r − ``column``)) for the last point ``r`` of the view's schedule: the factor of
    the decay that does not depend on the point (:func:`_factored`)."""
    if math.isinf(s.half_life_days):
        return nw.lit(1.0, dtype=nw.Float64())
    last = view.base.moment(view.schedule[-1])
    age = (last - nw.col(column)).dt.total_microseconds().cast(nw.Float64)
    return (age / _MICROSECONDS_PER_DAY * (-math.log(2) / s.half_life_days)).exp()


def _scale(view: View, s: _Settings) -> float:
    """exp(−λ(t − r)): what turns sums weighed by :func:`_weight` into sums decayed at ``t``."""
    if math.isinf(s.half_life_days):
        return 1.0
    days = (view.schedule[-1] - view.t).total_seconds() / 86_400
    return math.exp(days * math.log(2) / s.half_life_days)


def _at_point(view: View, s: _Settings, running: Running, name: str) -> nw.LazyFrame[Any]:
    """``stakeholder`` and ``name`` at the view's point, from running sums weighed by
    :func:`_weight` (``stakeholder``, ``name``)."""
    scaled = (nw.col(name) * _scale(view, s)).alias(name)
    return running.at(view.point).select("stakeholder", scaled)


def _received_by_point(view: View, s: _Settings) -> Running:
    """:func:`_received` at every point of the schedule, weighed by :func:`_weight`: the
    running sums per author (found once for the schedule and the settings).

    What a contribution earns at a point is the highest weight of its answers, adoptions
    and citations by then; it only grows, so each contribution adds, at each point where
    its highest weight grows, the growth to its author's sum.
    """
    base, schedule = view.base, view.schedule

    def build() -> Running:
        made = view.contributions_by_point().select("contribution", "author", "_from")
        outcome = nw.col("outcome")
        responded = (
            view.responses_by_point()
            .filter(outcome.is_in(["answered", "adopted"]))
            .select(
                "contribution",
                "_from",
                (
                    nw.when(outcome == "adopted")
                    .then(nw.lit(s.adopted))
                    .otherwise(nw.lit(s.answered))
                    * _weight(view, "at", s)
                ).alias("_v"),
            )
        )
        revised = base.table("revisions").select(
            nw.col("id").alias("revision"), "at", base.point_of("at", schedule).alias("_cited")
        )
        cited = (
            base.table("revision_sources")
            .join(revised, on="revision", how="inner")
            .join(made.select("contribution", nw.col("_from").alias("_made")), on="contribution")
            .select(
                "contribution",
                nw.max_horizontal("_cited", "_made").alias("_from"),
                (s.adopted * _weight(view, "at", s)).alias("_v"),
            )
            .filter(nw.col("_from") < len(schedule))
        )
        over = {"order_by": "_from"}
        highest = nw.col("_v").cum_max().over("contribution", **over)

        def grow(several: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
            before = nw.col("_m").shift(1).over("contribution", **over).fill_null(0.0)
            return (
                several.with_columns(highest.alias("_m"))
                .with_columns((nw.col("_m") - before).alias("_control"))
                .drop("_m")
            )

        growth = base.windowed(
            nw.concat(
                [
                    f.select("contribution", "_from", nw.col("_v").cast(nw.Float64()))
                    for f in (responded, cited)
                ],
                how="vertical",
            )
            .group_by("contribution", "_from")
            .agg(nw.col("_v").max()),
            ["contribution"],
            grow,
            [nw.col("_v").alias("_control")],
        )
        per_author = (
            growth.join(made.select("contribution", "author"), on="contribution", how="inner")
            .group_by("author", "_from")
            .agg(nw.col("_control").sum())
            .select(
                nw.col("author").alias("stakeholder"), nw.col("_from").alias("_point"), "_control"
            )
        )
        return base.running(per_author, "stakeholder", ["_control"], len(schedule))

    return base.shared_running(("received", (schedule, repr(s))), build)


def _authored_by_point(view: View, s: _Settings) -> Running:
    """:func:`_authored` at every point of the schedule, weighed by :func:`_weight`: the
    running sums per author (found once for the schedule and the settings)."""
    base, schedule = view.base, view.schedule

    def build() -> Running:
        per_author = (
            view.contributions_by_point()
            .select(
                nw.col("author").alias("stakeholder"),
                nw.col("_from").alias("_point"),
                (s.contribution * _weight(view, "at", s)).alias("_investment"),
            )
            .group_by("stakeholder", "_point")
            .agg(nw.col("_investment").sum())
        )
        return base.running(per_author, "stakeholder", ["_investment"], len(schedule))

    return base.shared_running(("authored", (schedule, repr(s))), build)


def _knowing_points(s: _Settings, reports: nw.Expr) -> tuple[nw.Expr, nw.Expr]:
    """``low`` and ``more``: what an event earns on the knowing route, undecayed.

    An event reaching a person as audience, or taken part in below consult, earns
    ``low`` = max(one_way, milestone_report if it reported one (``reports``), story
    if it is one); taken part in at consult or above, max(``low``, ``high``) with
    ``high`` the same maximum with two_way in place of one_way: ``low`` plus ``more``
    = max(high − low, 0).
    """
    extra = nw.max_horizontal(
        nw.when(reports).then(nw.lit(s.milestone_report)).otherwise(0.0),
        nw.when(nw.col("kind") == "story").then(nw.lit(s.story)).otherwise(0.0),
    )
    low = nw.max_horizontal(nw.lit(s.one_way), extra).cast(nw.Float64())
    high = nw.max_horizontal(nw.lit(s.two_way), extra).cast(nw.Float64())
    return low, nw.max_horizontal(high - low, nw.lit(0.0))


def _reporting(view: View) -> nw.Expr:
    """Whether the row's ``event`` reports a milestone (is linked to one): a test against the
    short list of the events that do, applied only to events by ``t``."""
    linked = view.base.table("event_milestones").select("event").unique().collect().rows()
    events = [event for (event,) in linked]
    if not events:  # some backends cannot test against an empty list
        return nw.lit(value=False)
    return nw.col("event").is_in(events)


def _heard_per_unit(view: View, s: _Settings) -> nw.LazyFrame[Any]:
    """``unit``, ``_low``: what the events by the view's point addressed to each audience
    unit earn on the knowing route (:func:`_exposure_points`), at a point of a timeline whose
    decay is factored: sums weighed by :func:`_weight`, found once for the schedule and the
    settings (:meth:`View.audience_sums`), times exp(−λ(t − r))."""
    sums = _heard_running(view, s).at(view.point)
    return sums.select("unit", (nw.col("_low") * _scale(view, s)).alias("_low"))


def _heard_running(view: View, s: _Settings) -> Running:
    """:func:`_heard_per_unit`'s sums weighed by :func:`_weight`, at every point."""
    base = view.base

    def values() -> nw.LazyFrame[Any]:
        low, _ = _knowing_points(s, _reporting(view))
        return base.events.select(nw.col("id").alias("event"), "kind", "start").select(
            "event", (low * _weight(view, "start", s)).alias("_low")
        )

    return view.audience_running(f"heard {s!r}", values, ["_low"])


def _exposure_points(view: View, s: _Settings, reporting: nw.Expr) -> nw.LazyFrame[Any]:
    """``event``, ``_low``: what each event by ``t`` earns on the knowing route when it
    reaches a person (:func:`_knowing_points`), decayed from its start."""
    low, _ = _knowing_points(s, reporting)
    decay = _decay(view, "start", s.half_life_days)
    return view.events.select("event", (low * decay).alias("_low"))


def _earned(s: _Settings, reporting: nw.Expr, decay: nw.Expr) -> list[nw.Expr]:
    """``_control``, ``_knowing``, ``_investment``: what one row of taking part earns on each
    route, weighed by ``decay``; the row has ``rank``, ``facilitator``, ``hours``, ``kind``
    and ``event``.

    Control: events at collaborate (``collaborate``) or empower (``empower``).
    Knowing: every event, ``low`` plus, at consult or above, ``more``
    (:func:`_knowing_points`). Investment: events facilitated and hours in events
    (at most ``hours_cap`` per event).
    """
    rank = nw.col("rank")
    control = (
        nw.when(rank >= 4)
        .then(nw.lit(s.empower))
        .when(rank >= 3)
        .then(nw.lit(s.collaborate))
        .otherwise(nw.lit(0.0))
    )
    facilitated = nw.when(nw.col("facilitator")).then(nw.lit(s.facilitation)).otherwise(0.0)
    hours = nw.col("hours")
    if not math.isinf(s.hours_cap):
        hours = nw.when(hours > s.hours_cap).then(nw.lit(s.hours_cap)).otherwise(hours)
    effort = facilitated + s.hour * hours
    low, more = _knowing_points(s, reporting)
    knowing = low * decay + nw.when(rank >= 1).then(more * decay).otherwise(0.0)
    return [
        (control * decay).cast(nw.Float64()).alias("_control"),
        knowing.cast(nw.Float64()).alias("_knowing"),
        (effort * decay).cast(nw.Float64()).alias("_investment"),
    ]


_EARNED: Final = ("_control", "_knowing", "_investment")

_FACTORED_SPAN: Final = 30.0
"""The most half-lives × ln 2 between a timeline's first record and its last point for which
decay is factored per point (:func:`_attended_at_point`); beyond it, ``exp`` of the
factors would lose precision, and each point sums its rows."""


def _attended(view: View, s: _Settings, reporting: nw.Expr) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``_control``, ``_knowing``, ``_investment``: what taking part earns
    on each route (:func:`_earned`), in one pass over :attr:`View.taken_part`, decayed from
    each event's start. People out of scope are dropped by the caller.
    """
    if _factored(view, s):
        return _attended_at_point(view, s)
    earned = _earned(s, reporting, _decay(view, "start", s.half_life_days))
    if view.point is not None or view.is_cached(INVOLVED):
        return (
            view.taken_part.select("stakeholder", *earned)
            .group_by("stakeholder")
            .agg(nw.col(*_EARNED).sum())
        )
    # one pass over the rows for both: what taking part earns, and what involvement counts
    # per person, which it is offered (the index is read first)
    both = view.base.keep(
        view.taken_part.select(*_taking_part(nw.col("two_way")), *earned)
        .group_by("stakeholder")
        .agg(*_INVOLVED, nw.col(*_EARNED).sum())
    )
    view.offer(INVOLVED, both.drop(*_EARNED))
    return both.select("stakeholder", *_EARNED)


def _factored(view: View, s: _Settings) -> bool:
    """Whether the view is a point of a timeline whose decay can be factored: exp(−λ(t − start))
    = exp(−λ(t − r)) · exp(−λ(r − start)) with ``r`` the schedule's last point."""
    if not view.scheduled:
        return False
    first = view.base.first
    if first is None:
        return False
    span = (view.schedule[-1] - first).total_seconds() / 86_400
    return math.isinf(s.half_life_days) or span * math.log(2) / s.half_life_days <= _FACTORED_SPAN


def _attended_at_point(view: View, s: _Settings) -> nw.LazyFrame[Any]:
    """:func:`_attended` at a point of a timeline, from sums found once for the schedule.

    A row of taking part counts from the first point at or after its start on. Its
    hours are settled there when the event has ended by that point: such rows are
    summed per person and point, weighed by exp(−λ(r − start)) for the schedule's last
    point ``r``, and the sums accumulated over the points (:func:`_settled_by_point`);
    this point takes its row and multiplies it by exp(−λ(t − r)). The few rows of
    events still running at their first point are summed here, as the exact path does.
    """
    settled, running = _settled_by_point(view, s)
    scale = _scale(view, s)
    still = _still_running(view, s, running)
    summed = settled.at(view.point).select(
        "stakeholder", *((nw.col(c) * scale).alias(c) for c in _EARNED)
    )
    return (
        nw.concat([summed, still], how="vertical")
        .group_by("stakeholder")
        .agg(nw.col(*_EARNED).sum())
    )


def _still_running(
    view: View, s: _Settings, running: nw.LazyFrame[Any], *, every_point: bool = False
) -> nw.LazyFrame[Any]:
    """``stakeholder`` and what each row of ``running`` (:func:`_settled_by_point`'s rows of
    events still running at their first point) by the view's point earns at its moment.

    With ``every_point``, the rows of every point of the schedule at once, each with the
    point ``_at`` it is earned at (at that point's moment).
    """
    if every_point:
        schedule = view.schedule
        zone = ZoneInfo(view.base.zone)
        points = view.base.literal(
            {"_at": list(range(len(schedule))), "_t": [m.astimezone(zone) for m in schedule]},
            {"_at": nw.Int64(), "_t": running.collect_schema()["start"]},
        )
        rows = running.join(points, how="cross").filter(nw.col("_point") <= nw.col("_at"))
        t: nw.Expr = nw.col("_t")
        kept: list[str] = ["stakeholder", "_at"]
    else:
        rows = running.filter(nw.col("_point") <= view.point)
        t = view.base.moment(view.t)
        kept = ["stakeholder"]
    end = nw.when(nw.col("end") > t).then(t).otherwise(nw.col("end"))
    hours = (end - nw.col("start")).dt.total_seconds().fill_null(0) / 3600.0
    decay = _decay(view, "start", s.half_life_days, t if every_point else None)
    return rows.with_columns(hours.cast(nw.Float64).alias("hours")).select(
        *kept, *_earned(s, nw.col("_reports"), decay)
    )


def _settled_by_point(view: View, s: _Settings) -> tuple[Running, nw.LazyFrame[Any]]:
    """For :func:`_attended_at_point`, found once for the view's schedule: the running sums
    of what the settled rows earn per person who took part (:meth:`Running.at`); and the
    rows of events still running at their first point."""
    base, schedule = view.base, view.schedule
    key = repr(s)

    def rows() -> nw.LazyFrame[Any]:
        reports = _reporting(view)
        first = base.point_of("start", schedule)
        return base.attendance.with_columns(
            first.alias("_point"),
            (nw.col("end").is_null() | (base.point_of("end", schedule) <= first)).alias("_done"),
            reports.alias("_reports"),
        ).filter(nw.col("_point") < len(schedule))

    def settled() -> Running:
        weight = _weight(view, "start", s)
        hours = (nw.col("end") - nw.col("start")).dt.total_seconds().fill_null(0) / 3600.0
        earned = (
            view.base.shared(("attended rows", schedule), rows)
            .with_columns(hours.cast(nw.Float64).alias("hours"))
            .with_columns(*_earned(s, nw.col("_reports"), weight))
        )
        # one pass over the rows for both: what the settled rows earn, and what involvement
        # counts per person and point (all rows) and their running sums, which it is offered
        # (a timeline's points read the index first, so it takes them)
        done = nw.col("_done")
        both = base.keep(
            earned.select(
                *_taking_part(nw.col("rank") >= 1),
                "_point",
                *(nw.when(done).then(nw.col(c)).otherwise(0.0).alias(c) for c in _EARNED),
            )
            .group_by("stakeholder", "_point")
            .agg(*_INVOLVED, nw.col(*_EARNED).sum())
            .with_columns(nw.col(*_INVOLVED_COUNTS).cast(nw.Int64))
        )
        base.offer(
            view.involvement_key,
            both.select("stakeholder", "_point", *_INVOLVED_COUNTS, "first_two_way"),
        )
        counts = ("events", "two_way_events")
        sums = base.running(both, "stakeholder", [*_EARNED, *counts], len(schedule), maxima=["top"])
        base.offer_running(view.involvement_running_key, sums.only(*counts, "top"))
        return sums.only(*_EARNED)

    def running() -> nw.LazyFrame[Any]:
        return (
            view.base.shared(("attended rows", schedule), rows)
            .filter(~nw.col("_done"))
            .select(
                "stakeholder",
                "facilitator",
                "start",
                "end",
                "rank",
                "kind",
                "event",
                "_reports",
                "_point",
            )
        )

    return (
        base.shared_running(("attended settled", (schedule, key)), settled),
        base.shared(("attended running", schedule), running),
    )


def _per_stakeholder(view: View, s: _Settings) -> nw.LazyFrame[Any]:
    """``stakeholder``, ``w``, the evidence and the three routes, ``index``: people in scope.

    The evidence of people out of scope (who left, or are external) falls away in the join.
    Computed once per view and settings, whatever the grouping.
    """
    return view.cached(("ownership", repr(s)), lambda: _computed(view, s))


def _computed(view: View, s: _Settings) -> nw.LazyFrame[Any]:
    """The evidence of each route, per person in scope: what taking part earns
    (:func:`_attended`), own contributions answered or adopted (control), events
    that reached a person as audience only (knowing, :meth:`View.audience_exposure`,
    which never lists audiences person by person) and own contributions (investment)."""
    reporting = _reporting(view)
    per_unit = _heard_per_unit(view, s) if _factored(view, s) else None
    heard = view.audience_exposure(
        _exposure_points(view, s, reporting), ["_low"], per_unit=per_unit
    ).select("stakeholder", nw.col("_low").alias("_heard"))
    frame = view.people.select("stakeholder", "w")
    for part in (
        _attended(view, s, reporting),
        _received(view, s).rename({"_control": "_received"}),
        heard,
        _authored(view, s).rename({"_investment": "_authored"}),
    ):
        frame = frame.join(part, on="stakeholder", how="left")
    parts = {
        "control": ("_control", "_received"),
        "knowing": ("_knowing", "_heard"),
        "investment": ("_investment", "_authored"),
    }
    frame = frame.select(
        "stakeholder",
        "w",
        *(
            (
                nw.col(a).cast(nw.Float64()).fill_null(0.0)
                + nw.col(b).cast(nw.Float64()).fill_null(0.0)
            ).alias(f"{route}_evidence")
            for route, (a, b) in parts.items()
        ),
    )
    scales = {"control": s.tau_control, "knowing": s.tau_knowing, "investment": s.tau_investment}
    frame = frame.with_columns(
        (1.0 - (nw.col(f"{route}_evidence") * (-1.0 / scales[route])).exp()).alias(route)
        for route in ROUTES
    )
    return view.base.keep(frame.with_columns(_combined(s).alias("index")))


def _combined(s: _Settings) -> nw.Expr:
    """The routes combined: Π r_k^a_k (0 if a weighed route is 0), or Σ a_k r_k."""
    weighed = [(route, a) for route, a in s.weights.items() if a > 0]
    if s.mean == "arithmetic":
        value = sum((a * nw.col(route) for route, a in weighed), nw.lit(0.0))
    else:
        logs = [
            a * nw.when(nw.col(route) > 0).then(nw.col(route)).otherwise(1.0).log()
            for route, a in weighed
        ]
        any_zero = nw.any_horizontal(
            *(nw.col(route) <= 0 for route, _ in weighed), ignore_nulls=False
        )
        exponent = sum(logs, nw.lit(0.0))
        value = nw.when(any_zero).then(nw.lit(0.0)).otherwise(exponent.exp())
    return value.cast(nw.Float64()).clip(0.0, 1.0)


# ---------------------------------------------------------------------------
# per stakeholder


def _routes(view: View, by: By, *, settings: _Settings) -> nw.LazyFrame[Any]:
    del by  # one row per stakeholder: never grouped
    columns = [f"{route}_evidence" for route in ROUTES]
    return (
        _per_stakeholder(view, settings)
        .select("stakeholder", *columns, *ROUTES, "index")
        .sort("stakeholder")
    )


def routes(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    internal_only: bool = True,
    half_life_days: float = 180.0,
    answered: float = 0.5,
    adopted: float = 1.0,
    collaborate: float = 1.0,
    empower: float = 2.0,
    two_way: float = 1.0,
    one_way: float = 0.25,
    milestone_report: float = 0.25,
    story: float = 0.25,
    contribution: float = 1.0,
    facilitation: float = 2.0,
    hour: float = 0.25,
    hours_cap: float = 8.0,
    tau_control: float = 2.0,
    tau_knowing: float = 4.0,
    tau_investment: float = 3.0,
    route_weights: Mapping[str, float] | None = None,
    mean: Mean = "geometric",
) -> FrameT:
    r"""The three routes to psychological ownership, and their index, per stakeholder.

    Each route :math:`k` turns the evidence :math:`E_{s,k}` of stakeholder
    :math:`s` into a value in [0, 1) that grows quickly at first and then
    saturates:

    .. math::

        r_{s,k} = 1 - e^{-E_{s,k} / \tau_k}, \qquad
        E_{s,k} = \sum_{i} p_i \, e^{-\ln 2 \,(t - x_i) / h}

    where piece of evidence :math:`i` earns :math:`p_i` points at time
    :math:`x_i` and weighs half as much every ``half_life_days`` :math:`h`
    (evidence one half-life old counts half). The routes and their points:

    - ``control`` (influence): each own contribution answered (``answered``,
      at the response's time) or adopted (``adopted``, at the response's time
      for a response with outcome *adopted*, or the revision's for a revision
      that cites it), counted once, at its highest weight; each event taken
      part in at level collaborate (``collaborate``) or empower (``empower``),
      at its start.
    - ``knowing`` (intimate knowing, exposure): each two-way event taken part
      in (``two_way``); one-way messages received (``one_way``: an inform-level
      event taken part in, or any event that reached the person as audience);
      milestone reports received (``milestone_report``: an event that reported
      a milestone, taken part in or reached); stories received (``story``: an
      event of kind story, taken part in or reached). An event counts once per
      person, at its highest weight, at its start.
    - ``investment`` (self-investment, effort): each own contribution
      (``contribution``, at its time), each event facilitated
      (``facilitation``) and each hour in events taken part in (``hour``, the
      hours of the event up to ``as_of``, at most ``hours_cap`` per event: a
      platform open for months is not months of anyone's time), at the
      event's start.

    The index combines the routes with weights :math:`a_k` (``route_weights``,
    normalised to sum 1; equal by default) as a weighted geometric mean, so
    ownership needs every route: it is 0 when a route with weight is 0.
    ``mean="arithmetic"`` takes the weighted arithmetic mean instead.

    .. math::

        \operatorname{index}_s = \prod_k r_{s,k}^{a_k}
        = \exp\Bigl(\sum_k a_k \ln r_{s,k}\Bigr)
        \quad\text{or}\quad \sum_k a_k\, r_{s,k}

    One row per stakeholder in scope at ``as_of`` (active; internal with
    ``internal_only``), sorted by ``stakeholder``, with ``control_evidence``,
    ``knowing_evidence``, ``investment_evidence`` (:math:`E`), ``control``,
    ``knowing``, ``investment`` (:math:`r`) and ``index``. A stakeholder with no
    evidence has routes and index 0 (they have no ownership to show; they are
    not unknown). The rows are individual: privacy is the caller's concern
    (:func:`index` gives the grouped, suppressed figures).

    The default scales :math:`\tau` put a moderately engaged person at about
    the middle of each route: see the metric reference for the worked
    reasoning. ``half_life_days=math.inf`` turns decay off.

    Reference: the routes of control, intimate knowing and self-investment
    are those of Pierce, J. L., Kostova, T. & Dirks, K. T. (2001), "Toward a
    theory of psychological ownership in organizations", *Academy of
    Management Review* 26(2), 298–310, and (2003), "The state of psychological
    ownership: Integrating and extending a century of research", *Review of
    General Psychology* 7(1), 84–107. Levels follow the IAP2 Spectrum of
    Public Participation (IAP2, 2018). The geometric mean as a
    non-compensatory aggregation: M. Nardo et al. (2008), *Handbook on
    Constructing Composite Indicators: Methodology and User Guide*, OECD and
    the European Commission's Joint Research Centre.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Participation, Response, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics.ownership import routes
    >>> from ownership.tables import to_tables
    >>> t0 = datetime(2025, 1, 13, 9, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="bo", name="Bo", unit="it")],
    ...     events=[Event(id="w", kind="workshop", title="Workshop", start=t0,
    ...                   end=t0 + timedelta(hours=2),
    ...                   participations=[Participation(stakeholder="ann")]),
    ...             Event(id="n", kind="newsletter", title="News", start=t0,
    ...                   audiences=["it"])],
    ...     contributions=[Contribution(id="i1", event="w", author="ann", at=t0, kind="idea")],
    ...     responses=[Response(id="r1", contribution="i1", at=t0, outcome="adopted")],
    ... )

    A half-life later every piece of evidence weighs 1/2. Ann's control is
    (1 adopted idea + 1 workshop) · 1/2 = 1, so 1 − e^(−1/2) = 0.393; her
    knowing (1 two-way event + 0.25 newsletter) · 1/2 = 0.625, so
    1 − e^(−0.625/4) = 0.145; her investment (1 contribution + 2 hours · 0.25)
    · 1/2 = 0.75, so 1 − e^(−0.75/3) = 0.221; her index is
    (0.393 · 0.145 · 0.221)^(1/3) = 0.233. Bo only read the newsletter
    (0.25 · 1/2 = 0.125): no control, so no index.

    >>> result = routes(to_tables(process), as_of=t0 + timedelta(days=180))
    >>> result.set_index("stakeholder").T.round(3)
    stakeholder            ann     bo
    control_evidence     1.000  0.000
    knowing_evidence     0.625  0.125
    investment_evidence  0.750  0.000
    control              0.393  0.000
    knowing              0.145  0.031
    investment           0.221  0.000
    index                0.233  0.000
    """
    settings = _settings(
        half_life_days=half_life_days,
        route_weights=route_weights,
        mean=mean,
        answered=answered,
        adopted=adopted,
        collaborate=collaborate,
        empower=empower,
        two_way=two_way,
        one_way=one_way,
        milestone_report=milestone_report,
        story=story,
        contribution=contribution,
        facilitation=facilitation,
        hour=hour,
        hours_cap=hours_cap,
        tau_control=tau_control,
        tau_knowing=tau_knowing,
        tau_investment=tau_investment,
    )
    return compute(
        tables,
        partial(_routes, settings=settings),
        needs=_NEEDS,
        by=None,
        allowed=(),
        as_of=as_of,
        internal_only=internal_only,
        min_group=DEFAULT_MIN_GROUP,
        min_count=DEFAULT_MIN_GROUP,
    )


# ---------------------------------------------------------------------------
# the organisation's index


_SCORES: Final = ("owner_share", *ROUTES)


def _index(view: View, by: By, *, settings: _Settings) -> nw.LazyFrame[Any]:
    scored = _per_stakeholder(view, settings).drop("w")
    w = nw.col("w")
    per_group = (
        view.people_in_groups(by, "w")
        .join(scored, on="stakeholder", how="inner")
        .with_columns(
            ((nw.col("index") > settings.owner_threshold).cast(nw.Int64()) * w).alias("owners"),
            (nw.col("index") * w).alias("_index"),
            *((nw.col(route) * w).alias(f"_{route}") for route in ROUTES),
        )
        .group_by(GROUP)
        .agg(
            w.sum().alias("people"),
            nw.col("owners").sum(),
            nw.col("_index").sum(),
            *(nw.col(f"_{route}").sum() for route in ROUTES),
        )
        .with_columns(nw.col("people", "owners").cast(nw.Int64()))
        .with_columns(
            ratio("_index", "people").alias("value"),
            ratio("owners", "people").alias("owner_share"),
            *(ratio(f"_{route}", "people").alias(route) for route in ROUTES),
        )
        .with_columns(reason_if_null("value", _NOBODY))
    )
    evidence = ("people", "owners", *_SCORES)
    # the route means and the owners' share are scores: withheld with the value
    counts = ("people", "owners")
    return view.finish(by, per_group, evidence, _NOBODY, counts=counts, scores=_SCORES)


def _index_points(view: View, *, settings: _Settings) -> list[WholeRow] | None:
    """:func:`_index` of the whole at every point of the view's schedule, found at once;
    None where decay is not factored (:func:`_factored`): each point then sums its rows.

    Each person's evidence at a point is read from the running sums as arrays over the
    people of :meth:`View.people_at_points` (points × people), times the point's
    exp(−λ(t − r)); what audiences give each unit is taken down the unit tree for all
    points at once (:meth:`View.down_the_tree_at_points`), and the rows of events still
    running at their first point are earned at every point in one query. Only what people
    both took part in and heard is a small frame found at each point, when anybody did.
    The routes, the index per person and their weighted means over the people in scope are
    then computed on the arrays, as :func:`_computed` and :func:`_index` compute them.
    """
    s = settings
    if not _factored(view, s):
        return None
    base, schedule = view.base, view.schedule
    settled, running = _settled_by_point(view, s)  # first: it offers involvement its sums
    people = view.people_at_points()
    keys = people.frame.get_column("stakeholder")
    earned = settled.aligned(keys)
    received = _received_by_point(view, s).aligned(keys)["_control"]
    authored = _authored_by_point(view, s).aligned(keys)["_investment"]
    scales = {"control": s.tau_control, "knowing": s.tau_knowing, "investment": s.tau_investment}
    sizes = people.weighed(people.in_scope)
    overlap = view.overlap_by_point().select(nw.len()).collect().item() > 0
    reporting = _reporting(view)
    views = [base.view(moment, schedule=schedule) for moment in schedule]
    factors = [_scale(at, s) for at in views]
    (heard_all,) = view.down_the_tree_at_points(_heard_running(view, s), ["_low"], factors)
    still = people.spread_at_points(
        _still_running(view, s, running, every_point=True)
        .group_by("stakeholder", "_at")
        .agg(nw.col(*_EARNED).sum()),
        _EARNED,
    )
    rows = []
    for point, size in enumerate(sizes.tolist()):
        at = views[point]
        scale = factors[point]
        heard = heard_all[point]
        control, knowing, investment = (still[column][point] for column in _EARNED)
        twice: Any = 0.0
        if overlap:  # the events by the point matter only to who both took part and heard
            exposure = _exposure_points(at, s, reporting)
            _, both = at.audience_parts(exposure, ["_low"], per_unit=_heard_per_unit(at, s))
            (twice,) = people.spread(both, ["_low"])
        evidence = {
            "control": (earned["_control"][point] * scale + control) + received[point] * scale,
            "knowing": (earned["_knowing"][point] * scale + knowing) + (heard - twice),
            "investment": (earned["_investment"][point] * scale + investment)
            + authored[point] * scale,
        }
        route = {r: 1.0 - np.exp(evidence[r] * (-1.0 / scales[r])) for r in ROUTES}
        found = _combined_arrays(s, route)
        chosen = people.in_scope[point]
        w = people.w[chosen]
        weight = int(w.sum())
        if not chosen.any():  # no row of the whole
            nothing = dict.fromkeys(_SCORES)
            rows.append(whole_row(size, {"people": 0, "owners": 0, **nothing}, None, _NOBODY))
            continue
        owners = int(w[found[chosen] > s.owner_threshold].sum())
        scores = {"owner_share": fraction(owners, weight)}
        for r in ROUTES:
            scores[r] = fraction(float((route[r][chosen] * w).sum()), weight)
        value = fraction(float((found[chosen] * w).sum()), weight)
        counts = {"people": weight, "owners": owners, **scores}
        rows.append(whole_row(size, counts, value, _NOBODY if value is None else None))
    return rows


def _combined_arrays(s: _Settings, route: Mapping[str, Any]) -> Any:
    """:func:`_combined` on arrays of the routes."""
    weighed = [(name, a) for name, a in s.weights.items() if a > 0]
    zero = np.zeros_like(route[ROUTES[0]])
    if s.mean == "arithmetic":
        value: Any = zero
        for name, a in weighed:
            value = value + a * route[name]
    else:
        exponent: Any = zero
        any_zero: Any = zero != 0
        for name, a in weighed:
            r = route[name]
            exponent = exponent + a * np.log(np.where(r > 0, r, 1.0))
            any_zero = any_zero | (r <= 0)
        value = np.where(any_zero, 0.0, np.exp(exponent))
    return np.clip(value, 0.0, 1.0)


def index(
    tables: TableSource[FrameT],
    *,
    as_of: datetime | None = None,
    by: By = None,
    internal_only: bool = True,
    min_group: int = DEFAULT_MIN_GROUP,
    min_count: int = DEFAULT_MIN_GROUP,
    period: str = "MS",
    owner_threshold: float = 0.5,
    half_life_days: float = 180.0,
    answered: float = 0.5,
    adopted: float = 1.0,
    collaborate: float = 1.0,
    empower: float = 2.0,
    two_way: float = 1.0,
    one_way: float = 0.25,
    milestone_report: float = 0.25,
    story: float = 0.25,
    contribution: float = 1.0,
    facilitation: float = 2.0,
    hour: float = 0.25,
    hours_cap: float = 8.0,
    tau_control: float = 2.0,
    tau_knowing: float = 4.0,
    tau_investment: float = 3.0,
    route_weights: Mapping[str, float] | None = None,
    mean: Mean = "geometric",
) -> FrameT:
    r"""The ownership index: the weighted mean of each stakeholder's index.

    .. math::

        \operatorname{index} = \frac{\sum_{s \in S} w_s \operatorname{index}_s}
        {\sum_{s \in S} w_s}

    over the stakeholders :math:`S` in scope at ``as_of`` (active, internal
    with ``internal_only``), :math:`w_s` their ``size``, and
    :math:`\operatorname{index}_s` as in :func:`routes` (which documents every
    other option). Evidence: ``people`` (:math:`\sum w_s`), ``owners`` (the
    weight of stakeholders whose index exceeds ``owner_threshold``),
    ``owner_share`` (owners ÷ people: how ownership is spread, not only how
    high it is on average) and ``control``, ``knowing``, ``investment`` (the
    weighted means of the routes, to see which route holds the index back).
    Null when nobody is in scope.

    Grouped by ``unit``, ``role``, ``attribute:KEY`` or ``goal`` (everyone in
    the goal's affected units), each group's index is the mean over its
    people, whose evidence is everything they did (not only what concerned
    the goal); a group too small for privacy has its value, its owners' share
    and its route means withheld. By ``period``, each period's index is
    measured at the period's end from that period's evidence only.

    Reference: Pierce, Kostova & Dirks (2001, 2003), see :func:`routes`.

    >>> from datetime import UTC, datetime, timedelta
    >>> from ownership import (Contribution, Event, Participation, Response, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics.ownership import index
    >>> from ownership.tables import to_tables
    >>> t0 = datetime(2025, 1, 13, 9, tzinfo=UTC)
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id="ann", name="Ann", unit="it"),
    ...                   Stakeholder(id="ops", name="Operations", unit="it", size=3)],
    ...     events=[Event(id="w", kind="workshop", title="Workshop", start=t0,
    ...                   end=t0 + timedelta(hours=2),
    ...                   participations=[Participation(stakeholder="ann")]),
    ...             Event(id="n", kind="newsletter", title="News", start=t0,
    ...                   audiences=["it"])],
    ...     contributions=[Contribution(id="i1", event="w", author="ann", at=t0, kind="idea")],
    ...     responses=[Response(id="r1", contribution="i1", at=t0, outcome="adopted")],
    ... )

    Ann's index a half-life on is 0.233 (see :func:`routes`); the operations
    team (3 people) only read the newsletter, so theirs is 0. The index is
    (1 · 0.233 + 3 · 0) / 4 = 0.058; nobody is above 0.5.

    >>> result = index(to_tables(process), as_of=t0 + timedelta(days=180))
    >>> result[["people", "owners", "owner_share", "value"]].round(3)
       people  owners  owner_share  value
    0       4       0          0.0  0.058
    """
    settings = _settings(
        half_life_days=half_life_days,
        route_weights=route_weights,
        mean=mean,
        owner_threshold=owner_threshold,
        answered=answered,
        adopted=adopted,
        collaborate=collaborate,
        empower=empower,
        two_way=two_way,
        one_way=one_way,
        milestone_report=milestone_report,
        story=story,
        contribution=contribution,
        facilitation=facilitation,
        hour=hour,
        hours_cap=hours_cap,
        tau_control=tau_control,
        tau_knowing=tau_knowing,
        tau_investment=tau_investment,
    )
    return compute(
        tables,
        partial(_index, settings=settings),
        needs=_NEEDS,
        by=by,
        allowed=_PEOPLE_GROUPS,
        as_of=as_of,
        internal_only=internal_only,
        min_group=min_group,
        min_count=min_count,
        period=period,
    )
