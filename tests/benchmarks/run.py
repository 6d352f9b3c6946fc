"""Benchmarks of ``ownership``: a plain script that prints tables of timings.

Not a test: nothing here is collected by pytest or asserts a time. Run it from the
repository root (see README.md in this folder)::

    python tests/benchmarks/run.py             # everything (about fifteen minutes on 2 cores)
    python tests/benchmarks/run.py --quick     # tiny sizes, seconds (what the smoke test runs)
    python tests/benchmarks/run.py --only activity --only generate
    python tests/benchmarks/run.py --only assess --only timeline

Every case runs in a fresh child process (with ``--quick``, all in one), which builds
its inputs untimed and then runs the case ``--repeat`` times (fewer once a case has
taken its time budget), so that no case inherits another's memory. Times are
wall-clock seconds: the best and the median of the runs. Peak memory is how far the
process's resident set grew during a run (Linux: the high-water mark ``VmHWM``, reset
before each run through ``/proc/self/clear_refs``), the largest over the runs; ``-``
where that is not available.

The counting layer (:mod:`ownership.metrics`) is compared with hand-written polars
code for the same counts (:func:`hand_activity`, :func:`hand_contribution_activity`),
run on both polars engines, each in its own process like every case. Each result of
the counting layer is checked to be identical to the hand-written one, and its best
time is printed over the fastest hand-written best.

:func:`ownership.assess.assess` is timed the same way, on polars and pandas, on a
process of the same size over 24 months, and so is ``timeline()`` of an assessment
(one point per month). It is compared with :func:`hand_assess`, a polars job written
by hand that computes every component metric ``assess`` scores and the ownership
index (``assess`` computes its frames and findings only when they are first read; a
case that reads them all gives the whole cost): after timing, each of assess's values
is checked to be the hand-written one (to 1e-9), and its best time is printed over
the hand-written job's best; the timeline's over assess's.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import functools
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

ROOT = Path(__file__).resolve().parents[2]
POLIS = ROOT / "tests" / "data" / "polis" / "bg2050-volunteers"
POLIS_FILES = ("summary.csv", "comments.csv", "votes.csv", "participants-votes.csv")
"""The files of a Pol.is export that read_polis reads."""
RESULT = "BENCHMARK-RESULT "
"""Prefix of the lines a child process prints for each case (JSON follows)."""

T = TypeVar("T")
Engine = Literal["streaming", "in-memory"]
ENGINES: tuple[Engine, ...] = ("streaming", "in-memory")


# ---------------------------------------------------------------------------
# sizes


@dataclasses.dataclass(frozen=True)
class Sizes:
    """The sizes one run of the benchmarks uses."""

    tables: tuple[int, ...]
    """Stakeholders of the processes for to_tables, from_tables, dumps and loads."""
    tables_events: int
    """Events (participation rows) per stakeholder for those processes."""
    counting: int
    """Stakeholders of the process that generate and the counting layer run on."""
    counting_events: int
    """Events per stakeholder of that process."""
    assess_months: int
    """Months of the process (of the same size) that assess and timeline run on."""
    repeat: int
    budget: float
    """Seconds one case may take in all; once past it, no further runs."""


FULL = Sizes(
    tables=(1_000, 10_000, 100_000),
    tables_events=10,
    counting=100_000,
    counting_events=100,
    assess_months=24,
    repeat=3,
    budget=45.0,
)
QUICK = Sizes(
    tables=(200,),
    tables_events=10,
    counting=1_000,
    counting_events=10,
    assess_months=3,
    repeat=1,
    budget=5.0,
)


def label(n: int) -> str:
    """``1000`` as ``1k``, ``100000`` as ``100k``."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


# ---------------------------------------------------------------------------
# measuring (in the child)


def _status_kib(field_name: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> int | None:
    """Reset the resident-set high-water mark; the resident set now (KiB), or None."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return None
    return _status_kib("VmRSS")


@dataclasses.dataclass
class Result:
    """One case's runs, as a child reports them to the parent."""

    name: str
    table: str
    """Which printed table the case belongs to."""
    rows: int
    times: list[float] = dataclasses.field(default_factory=list)
    peak_mib: float | None = None
    note: str = ""

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(
    name: str, table: str, rows: int, run: Callable[[], T], sizes: Sizes
) -> tuple[Result, T]:
    """Run ``run`` up to ``sizes.repeat`` times; its timings and the last value it gave."""
    result = Result(name=name, table=table, rows=rows)
    peaks: list[int] = []
    spent = 0.0
    while True:
        gc.collect()
        before = _reset_peak()
        start = time.perf_counter()
        value = run()
        elapsed = time.perf_counter() - start
        after = _status_kib("VmHWM")
        if before is not None and after is not None:
            peaks.append(after - before)
        result.times.append(elapsed)
        spent += elapsed
        if len(result.times) >= sizes.repeat or spent >= sizes.budget:
            break
        del value  # free the last value before the next run
    if peaks:
        result.peak_mib = max(0, *peaks) / 1024
    return result, value


def report(result: Result) -> None:
    """Hand one result to the parent (a line on stdout)."""
    print(RESULT + json.dumps(result.__dict__), flush=True)


# ---------------------------------------------------------------------------
# the hand-written polars code the counting layer is compared with

PAIR = ["contribution", "stakeholder"]
ACTIVITY = (
    "events",
    "contributions",
    "reactions",
    "agrees",
    "disagrees",
    "passes",
    "responses_received",
    "responses_given",
)
CONTRIBUTION_COUNTS = (
    "reactors",
    "agrees",
    "disagrees",
    "passes",
    "reaction_rows",
    "agree_rows",
    "disagree_rows",
    "responses",
)


def _latest(reactions: Any) -> Any:
    """Each pair's latest reaction, one row per pair with its ``value``.

    The fastest way found (faster than ``sort_by("at").last()``, ``max_by`` or a sort
    and ``unique``): one ``max`` of ``at`` in microseconds · 4 + ``value`` + 1, which
    also takes the greatest value of reactions at one instant, as the counting layer
    does. Values are -1, 0 and 1 and times are never null, as the schema says.
    """
    import polars as pl

    at = pl.col("at").dt.epoch("us")
    return (
        reactions.lazy()
        .group_by(PAIR)
        .agg((at * 4 + pl.col("value") + 1).max().alias("_key"), at.max().alias("_at"))
        .select(*PAIR, (pl.col("_key") - pl.col("_at") * 4 - 1).alias("value"))
    )


def hand_activity(tables: Any, engine: Engine = "streaming") -> Any:
    """:func:`ownership.metrics.activity` written directly in polars (no ``as_of``)."""
    import polars as pl

    value = pl.col("value")
    people = tables["stakeholders"].lazy().select(pl.col("id").alias("stakeholder"))
    participations = tables["participations"].lazy().filter(pl.col("role") != "invited")
    if engine == "streaming":  # n_unique per group is slow on the streaming engine
        took_part = (
            participations.select("stakeholder", "event")
            .unique()
            .group_by("stakeholder")
            .agg(pl.len().alias("events"))
        )
    else:
        took_part = participations.group_by("stakeholder").agg(
            pl.col("event").n_unique().alias("events")
        )
    contributions = tables["contributions"].lazy()
    authored = contributions.group_by(pl.col("author").alias("stakeholder")).agg(
        pl.len().alias("contributions")
    )
    votes = (
        _latest(tables["reactions"])
        .group_by("stakeholder")
        .agg(
            pl.len().alias("reactions"),
            (value == 1).sum().alias("agrees"),
            (value == -1).sum().alias("disagrees"),
            (value == 0).sum().alias("passes"),
        )
    )
    responses = tables["responses"].lazy()
    received = (
        responses.select("contribution")
        .join(
            contributions.select(
                pl.col("id").alias("contribution"), pl.col("author").alias("stakeholder")
            ),
            on="contribution",
        )
        .group_by("stakeholder")
        .agg(pl.len().alias("responses_received"))
    )
    given = (
        responses.filter(pl.col("responder").is_not_null())
        .group_by(pl.col("responder").alias("stakeholder"))
        .agg(pl.len().alias("responses_given"))
    )
    result = people
    for counts in (took_part, authored, votes, received, given):
        result = result.join(counts, on="stakeholder", how="left")
    return (
        result.select("stakeholder", pl.col(*ACTIVITY).fill_null(0).cast(pl.Int64))
        .sort("stakeholder")
        .collect(engine=engine)
    )


def hand_contribution_activity(tables: Any, engine: Engine = "streaming") -> Any:
    """:func:`ownership.metrics.contribution_activity` written directly in polars."""
    import polars as pl

    value = pl.col("value")
    latest = (
        _latest(tables["reactions"])
        .group_by("contribution")
        .agg(
            pl.len().alias("reactors"),
            (value == 1).sum().alias("agrees"),
            (value == -1).sum().alias("disagrees"),
            (value == 0).sum().alias("passes"),
        )
    )
    rows = (
        tables["reactions"]
        .lazy()
        .group_by("contribution")
        .agg(
            pl.len().alias("reaction_rows"),
            (value == 1).sum().alias("agree_rows"),
            (value == -1).sum().alias("disagree_rows"),
        )
    )
    responses = (
        tables["responses"]
        .lazy()
        .group_by("contribution")
        .agg(pl.len().alias("responses"), pl.col("at").min().alias("first_response_at"))
    )
    result = tables["contributions"].lazy().select(pl.col("id").alias("contribution"))
    for counts in (latest, rows, responses):
        result = result.join(counts, on="contribution", how="left")
    return (
        result.select(
            "contribution",
            pl.col(*CONTRIBUTION_COUNTS).fill_null(0).cast(pl.Int64),
            "first_response_at",
        )
        .sort("contribution")
        .collect(engine=engine)
    )


# ---------------------------------------------------------------------------
# the hand-written polars job assess is compared with

HAND_ASSESS_TABLES = (
    "units",
    "stakeholders",
    "goals",
    "revisions",
    "revision_sources",
    "milestones",
    "events",
    "event_goals",
    "event_milestones",
    "participations",
    "audiences",
    "contributions",
    "responses",
    "reactions",
)
"""The tables :func:`hand_assess` reads."""
DAY_US = 86_400_000_000
LEVEL_RANK = {"inform": 0, "consult": 1, "involve": 2, "collaborate": 3, "empower": 4}
# AssessmentConfig's defaults, written out (the runner checks that they still are)
SLA_DAYS, REPORT_DAYS, GAP_DAYS, HALF_LIFE_DAYS = 14, 30, 90, 180
ATTRIBUTE_THRESHOLD, SALIENT_ATTRIBUTES, CONSENSUS_THRESHOLD = 0.5, 2, 0.6
TAU = {"control": 2.0, "knowing": 4.0, "investment": 3.0}
POINTS = {
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
}
HOURS_CAP = 8.0


def _closure(units: Any) -> Any:
    """``unit``, ``within``: every unit with itself and each unit above it (lazy)."""
    import polars as pl

    parent = dict(zip(units["id"].to_list(), units["parent"].to_list(), strict=True))
    pairs: list[tuple[str, str]] = []
    for unit in parent:  # a tree of a few hundred units: walked in Python
        at: str | None = unit
        seen: set[str] = set()
        while at is not None and at not in seen:
            seen.add(at)
            pairs.append((unit, at))
            at = parent.get(at)
    return pl.LazyFrame(pairs, schema=["unit", "within"], orient="row")


def hand_assess(tables: Any, engine: Engine = "streaming") -> dict[str, float | None]:
    """What :func:`ownership.assess.assess` scores, written directly in polars.

    The whole-process value of every component metric (the names of
    ``assess``'s ``metrics``) and ``index``, the ownership index, at the last
    time the tables record, with the default configuration. Plain lazy polars in
    five collects, each of independent queries; valid tables are assumed (as
    ``from_tables`` accepts them: one participation row per event and person,
    votes -1, 0 or 1), so participations are not de-duplicated. The costly parts:

    - one pass over the participations (join with the events, group by person)
      gives each person everything taking part earns: reached, highest level,
      early, the ownership evidence, and the months of two-way participation as
      bits of one integer (continuity ORs them);
    - audiences are summed per unit, never expanded to people: an event whose
      audience is the whole organisation reaches 100k people but is one row;
      the few who took part in an event whose audience also reached them are
      counted once by a correction;
    - the contributions by ``t`` with their responses and citations (one row per
      contribution), and the latest vote of each member on each contribution.
    """
    import polars as pl
    import polars.selectors as cs

    col, lit, utc = pl.col, pl.lit, pl.Datetime("us", "UTC")
    lazy = {name: tables[name].lazy() for name in HAND_ASSESS_TABLES}
    p = POINTS

    def collect(*frames: pl.LazyFrame) -> list[pl.DataFrame]:
        return pl.collect_all(frames, engine=engine)

    def share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
        return pl.when(denominator > 0).then(numerator / denominator)

    def days(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
        return (later - earlier).dt.total_microseconds().cast(pl.Float64) / DAY_US

    # -- 1. the moment (the last time recorded), the adoption, the unit tree ----------
    timed = {
        "stakeholders": ("joined", "left"),
        "events": ("start", "end"),
        "contributions": ("at",),
        "responses": ("at",),
        "reactions": ("at",),
        "revisions": ("at",),
        "milestones": ("achieved",),
        "goals": ("created",),
    }
    last = pl.concat(
        [
            lazy[name].select(pl.max_horizontal(col(*names).max()).alias("t"))
            for name, names in timed.items()
        ]
    ).select(col("t").max())
    first = lazy["revisions"].select(col("at").min().alias("adoption"))
    moments, units, linked = collect(
        pl.concat([last, first], how="horizontal"),
        lazy["units"],
        lazy["event_milestones"].select("event").unique(),
    )
    t: datetime = moments.item(0, "t")
    adoption: datetime | None = moments.item(0, "adoption")  # every revision is by t
    moment, adopted = lit(t, dtype=utc), lit(adoption, dtype=utc)
    closure = _closure(units)

    def decay(column: str) -> pl.Expr:
        return (days(moment, col(column)) * (-math.log(2) / HALF_LIFE_DAYS)).exp()

    # continuity: the months from adoption's through t's, one bit each
    first_month = adoption.year * 12 + adoption.month if adoption else 0
    periods = t.year * 12 + t.month - first_month + 1 if adoption else 0
    assert periods <= 63, "more months than bits in an integer"
    month_start = (
        adoption.replace(day=1, hour=0, minute=0, second=0, microsecond=0) if adoption else None
    )
    month = col("start").dt.year().cast(pl.Int64) * 12 + col("start").dt.month() - first_month
    bit = month.replace_strict(
        {i: 1 << i for i in range(periods)}, default=0, return_dtype=pl.Int64
    )

    # -- 2. members (joined by t, internal units), milestones, events by t -------------
    members_query = (
        lazy["stakeholders"]
        .filter(
            col("joined").is_null() | (col("joined") <= moment),
            ~col("unit").is_in(units.filter(col("external"))["id"].implode()),
        )
        .select(
            col("id").alias("stakeholder"),
            "unit",
            "leader",
            col("size").alias("w"),
            "power",
            "legitimacy",
            "urgency",
            (col("left").is_null() | (col("left") > moment)).alias("active"),
        )
    )
    milestones_query = lazy["milestones"].select(
        col("id").alias("milestone"),
        col("due").cast(pl.Datetime("us")).dt.replace_time_zone("UTC") + timedelta(days=1),
        pl.when(col("achieved") <= moment).then(col("achieved")).alias("achieved"),
    )
    started = lazy["events"].filter(col("start") <= moment)
    reports_query = (  # reports of achieved milestones: sharing, cadence, audience reach
        lazy["event_milestones"]
        .join(started.select(col("id").alias("event"), "start"), on="event")
        .join(milestones_query.filter(col("achieved").is_not_null()), on="milestone")
        .filter(col("start") >= col("achieved"))
    )
    rank = col("level").replace_strict(LEVEL_RANK, return_dtype=pl.Int64)
    two_way = rank >= 1
    end = pl.when(col("end") > moment).then(moment).otherwise(col("end"))
    hours = (end - col("start")).dt.total_seconds().fill_null(0) / 3600.0
    story = col("kind") == "story"
    d = decay("start")
    also = pl.max_horizontal(  # a milestone report or a story, taken part in or heard
        pl.when(col("id").is_in(linked["event"].implode())).then(p["milestone_report"]),
        pl.when(story).then(p["story"]),
        lit(0.0),
    )
    control = pl.when(rank >= 4).then(p["empower"]).when(rank >= 3).then(p["collaborate"])
    events_query = started.join(
        reports_query.select(col("event").alias("id"), lit(True).alias("reported")).unique(),
        on="id",
        how="left",
    ).select(
        col("id").alias("event"),
        "start",
        "organiser",
        rank.alias("rank"),
        two_way.alias("two_way"),
        story.alias("story"),
        col("reported").fill_null(False),
        (two_way & (col("start") < adopted)).fill_null(False).alias("early"),
        (control.otherwise(0.0) * d).alias("control"),
        (p["hour"] * hours.clip(upper_bound=HOURS_CAP) * d).alias("effort"),
        (p["facilitation"] * d).alias("facilitation"),
        pl.max_horizontal(pl.when(two_way).then(p["two_way"]).otherwise(p["one_way"]), also)
        .mul(d)
        .alias("knowing"),
        pl.max_horizontal(lit(p["one_way"]), also).mul(d).alias("heard"),
        pl.when(two_way & (col("start") >= lit(month_start, dtype=utc)))
        .then(bit)
        .otherwise(0)
        .alias("months"),
    )
    members_frame, milestones_frame, reports_frame, events_frame, audiences_frame = collect(
        members_query,
        milestones_query,
        reports_query,
        events_query,
        lazy["audiences"].join(started.select(col("id").alias("event")), on="event", how="semi"),
    )
    members, milestones = members_frame.lazy(), milestones_frame.lazy()
    reports, events, audiences = reports_frame.lazy(), events_frame.lazy(), audiences_frame.lazy()
    people = members.filter(col("active"))
    leaders = members_frame.filter(col("leader"))["stakeholder"].implode()

    # -- 3. taking part; audiences per unit; contributions with responses, citations ---
    taking_part = lazy["participations"].filter(col("role") != "invited")
    facilitated = pl.when(col("role") == "facilitator").then(col("facilitation")).otherwise(0.0)
    took_part_query = (
        taking_part.join(events, on="event")
        .group_by("stakeholder")
        .agg(
            col("two_way").any().alias("took_part"),
            col("two_way").sum().alias("two_way_events"),
            pl.len().alias("events"),
            col("rank").max().alias("top"),
            col("early").any(),
            col("reported").any(),
            col("story").any().alias("told"),
            col("control").sum().alias("control_attended"),
            (col("effort") + facilitated).sum().alias("effort_attended"),
            col("knowing").sum().alias("knowing_attended"),
            col("months").bitwise_or(),
        )
    )
    redundant = (  # an audience unit below another audience unit of the same event
        audiences.join(closure.filter(col("unit") != col("within")), on="unit")
        .join(audiences.rename({"unit": "within"}), on=["event", "within"], how="semi")
        .select("event", "unit")
    )
    per_unit_query = (
        audiences.join(redundant, on=["event", "unit"], how="anti")
        .join(events.select("event", "two_way", "story", "reported", "heard"), on="event")
        .group_by(col("unit").alias("within"))
        .agg(
            col("heard").sum(),
            pl.len().alias("messages"),
            col("two_way").sum().alias("two_way_messages"),
            col("story").any(),
            col("reported").any(),
        )
        .join(closure, on="within")
        .group_by("unit")
        .agg(
            col("heard").sum().alias("knowing_heard"),
            col("messages").sum(),
            col("two_way_messages").sum(),
            col("story").any().alias("told_unit"),
            col("reported").any().alias("reported_unit"),
        )
    )
    both_query = (  # took part in an event whose audience also reached them: once
        taking_part.filter(col("event").is_in(audiences_frame["event"].unique().implode()))
        .join(people.select("stakeholder", "unit"), on="stakeholder")
        .join(closure, on="unit")
        .join(audiences.rename({"unit": "within"}), on=["event", "within"], how="semi")
        .select("event", "stakeholder")
        .unique()
        .join(events.select("event", "two_way", "knowing", "heard"), on="event")
        .group_by("stakeholder")
        .agg(
            pl.min_horizontal("knowing", "heard").sum().alias("knowing_both"),
            pl.len().alias("events_both"),
            col("two_way").sum().alias("two_way_both"),
        )
    )
    outcome = col("outcome")
    substantive = outcome.is_in(["answered", "adopted", "declined"])
    responses = (
        lazy["responses"]
        .filter(col("at") <= moment)  # to contributions by t: the left join below
        .select(
            "contribution",
            pl.when(substantive).then(col("at")).alias("answered_at"),
            (outcome == "adopted").alias("adopted"),
            # the latest response's time, odd if one at that instant settled the matter
            (col("at").dt.epoch("us") * 2 + outcome.is_in(["adopted", "declined"])).alias("_last"),
            (substantive & col("responder").is_in(leaders)).alias("by_leader"),
            pl.when(outcome == "adopted")
            .then(p["adopted"])
            .when(outcome == "answered")
            .then(p["answered"])
            .mul(decay("at"))
            .alias("control_response"),
        )
        .group_by("contribution")
        .agg(
            col("answered_at").min(),
            col("adopted").any(),
            (col("_last").max() % 2 == 1).alias("closed"),
            col("by_leader").any(),
            col("control_response").max(),
        )
    )
    revisions = lazy["revisions"].select(col("id").alias("revision"), "at")  # all by t
    cited = (
        lazy["revision_sources"]
        .join(revisions, on="revision")
        .group_by("contribution")
        .agg((p["adopted"] * decay("at")).max().alias("control_cited"))
    )
    contributed_query = (
        lazy["contributions"]
        .join(events.select("event", "start"), on="event")
        .with_columns(col("at").fill_null(col("start")))
        .filter(col("at") <= moment)
        .join(members.select(col("stakeholder").alias("author")), on="author", how="semi")
        .select(col("id").alias("contribution"), "author", "kind", "at")
        .join(responses, on="contribution", how="left")
        .join(cited, on="contribution", how="left")
    )
    took_part, per_unit, both, contributed_frame = collect(
        took_part_query, per_unit_query, both_query, contributed_query
    )
    contributed = contributed_frame.lazy()

    # -- 4. per person; dialogue; direction; leadership; visibility; adaptiveness ------
    authored = contributed.group_by(col("author").alias("stakeholder")).agg(
        pl.len().alias("contributions"),
        (p["contribution"] * decay("at")).sum().alias("effort_contributed"),
        col("adopted").is_not_null().any().alias("heard"),  # any response at all
        pl.max_horizontal("control_response", "control_cited").sum().alias("control_received"),
    )
    held = pl.sum_horizontal(
        (col(name) >= ATTRIBUTE_THRESHOLD).fill_null(False).cast(pl.Int64)
        for name in ("power", "legitimacy", "urgency")
    )
    evidence = {
        "control": col("control_attended") + col("control_received"),
        "knowing": col("knowing_attended") + col("knowing_heard") - col("knowing_both"),
        "investment": col("effort_attended") + col("effort_contributed"),
    }
    weight = 1.0 / len(TAU)
    index = (  # the weighted geometric mean of the routes, 0 if any route is 0
        pl.when(pl.any_horizontal(*(col(route) <= 0 for route in TAU)))
        .then(0.0)
        .otherwise(pl.sum_horizontal(weight * col(route).log() for route in TAU).exp())
        .clip(0.0, 1.0)
    )
    person_query = (
        people.join(took_part.lazy(), on="stakeholder", how="left")
        .join(per_unit.lazy(), on="unit", how="left")
        .join(both.lazy(), on="stakeholder", how="left")
        .join(authored, on="stakeholder", how="left")
        .with_columns(cs.boolean().fill_null(False), cs.numeric().fill_null(0))
        .with_columns(
            *((1.0 - (-evidence[route] / tau).exp()).alias(route) for route, tau in TAU.items()),
            (held >= SALIENT_ATTRIBUTES).alias("salient"),
        )
        .select(
            "unit",
            "w",
            "took_part",
            "top",
            "salient",
            "early",
            "months",
            (col("events") - col("events_both") + col("messages")).alias("reached"),
            (col("two_way_events") - col("two_way_both") + col("two_way_messages")).alias(
                "reached_two_way"
            ),
            "contributions",
            "heard",
            (col("reported") | col("reported_unit")).alias("saw_report"),
            (col("told") | col("told_unit")).alias("saw_story"),
            index.alias("index"),
        )
    )
    kind, at, answered_at = col("kind"), col("at"), col("answered_at")
    asked, ideas, concern = (
        kind.is_in(["question", "concern"]),
        kind.is_in(["idea", "concern"]),
        kind == "concern",
    )
    deadline = at + timedelta(days=SLA_DAYS)
    has_answer = answered_at.is_not_null()
    dialogue = contributed.select(
        share(
            (asked & has_answer & (answered_at <= deadline)).sum(),
            (asked & ((deadline <= moment) | has_answer)).sum(),
        ).alias("responsiveness"),
        days(answered_at, at)
        .clip(lower_bound=0.0)
        .filter(asked & has_answer)
        .median()
        .alias("latency"),
        share(
            (ideas & (col("adopted") | col("control_cited").is_not_null())).sum(), ideas.sum()
        ).alias("uptake"),
        share((concern & col("by_leader")).sum(), concern.sum()).alias("leader_responsiveness"),
        share((concern & col("closed")).sum(), concern.sum()).alias("concern_resolution"),
    )
    at_us = at.dt.epoch("us")
    consensus = (  # each member's latest vote; group-informed consensus over units
        lazy["reactions"]
        .filter(at <= moment)
        .join(contributed.select("contribution"), on="contribution", how="semi")
        .join(members.select("stakeholder", "unit"), on="stakeholder")
        .group_by("contribution", "stakeholder")
        .agg(
            (at_us * 4 + col("value") + 1).max().alias("_key"),
            at_us.max().alias("_at"),
            col("unit").first(),
        )
        .group_by("contribution", "unit")
        .agg(
            (col("_key") - col("_at") * 4 - 1 == 1).sum().alias("agrees"),
            pl.len().alias("votes"),
        )
        .group_by("contribution")
        .agg(
            ((col("agrees") + 1) / (col("votes") + 2)).log().sum().alias("_log"),
            pl.len().alias("_reacted"),
        )
        .join(members.select(col("unit").n_unique().alias("groups")), how="cross")
        .select(
            ((col("_log") + (col("groups") - col("_reacted")) * math.log(0.5)) / col("groups"))
            .exp()
            .gt(CONSENSUS_THRESHOLD)
            .alias("agreed")
        )
        .select(share(col("agreed").sum(), pl.len()).alias("shared_direction"))
    )
    led = pl.concat(  # events leaders organised or facilitated
        [
            events.filter(col("organiser").is_in(leaders)).select("event"),
            taking_part.filter(col("role") == "facilitator", col("stakeholder").is_in(leaders))
            .join(events, on="event", how="semi")
            .select("event"),
        ]
    ).unique()
    enabling = led.join(events, on="event").select(
        share(col("two_way").sum(), pl.len()).alias("enabling_ratio")
    )
    told_goals = (
        lazy["event_goals"]
        .join(events.filter(col("story")), on="event", how="semi")
        .select(col("goal").alias("id"), lit(True).alias("_told"))
        .unique()
    )
    story_coverage = (
        lazy["goals"]
        .filter(col("created").is_null() | (col("created") <= moment))
        .join(told_goals, on="id", how="left")
        .select(share(col("_told").is_not_null().sum(), pl.len()).alias("story_coverage"))
    )
    is_due, achieved = col("due") <= moment, col("achieved")
    delivery = milestones.select(
        share((is_due & achieved.is_not_null()).sum(), is_due.sum()).alias("delivery")
    )
    window = timedelta(days=REPORT_DAYS)
    first_report = (
        reports.filter(col("start") <= achieved + window)
        .group_by("milestone")
        .agg(col("start").min().alias("_reported"))
    )
    sharing = (
        milestones.filter(achieved.is_not_null())
        .join(first_report, on="milestone", how="left")
        .filter(col("_reported").fill_null(achieved + window) <= moment)
        .select(share(col("_reported").is_not_null().sum(), pl.len()).alias("sharing"))
    )
    start, shown = col("start"), pl.len() > 0
    cadence = (
        reports.filter(start >= adopted)
        .select("start")
        .unique()
        .sort("start")
        .select(
            pl.max_horizontal(
                pl.when(shown).then(days(start.min(), adopted)).otherwise(days(moment, adopted)),
                pl.when(shown).then(days(moment, start.max())).otherwise(0.0),
                days(start, start.shift(1)).max().fill_null(0.0),
            ).alias("_gap")
        )
        .select((-col("_gap") / GAP_DAYS).exp().alias("cadence"))
    )
    citing = (
        lazy["revision_sources"]
        .join(contributed, on="contribution", how="semi")
        .select("revision", lit(True).alias("_cites"))
        .unique()
    )
    revision_uptake = (
        revisions.filter(at > adopted)
        .join(citing, on="revision", how="left")
        .select(share(col("_cites").is_not_null().sum(), pl.len()).alias("revision_uptake"))
    )
    person_frame, *scores = collect(
        person_query,
        dialogue,
        consensus,
        enabling,
        story_coverage,
        delivery,
        sharing,
        cadence,
        revision_uptake,
    )

    # -- 5. over the people: participation, dialogue, reach, the index ----------------
    person = person_frame.lazy()
    w, took, voiced = col("w"), col("took_part"), col("contributions") > 0
    everyone = w.sum()
    whole = person.select(
        share((w * took).sum(), everyone).alias("reach"),
        share((w * col("top")).sum(), 4 * everyone).alias("depth"),
        share((w * (col("salient") & col("early"))).sum(), (w * col("salient")).sum()).alias(
            "earliness"
        ),
        share(col("months").bitwise_or().bitwise_count_ones().cast(pl.Float64), lit(periods)).alias(
            "continuity"
        ),
        share((w * col("reached_two_way")).sum(), (w * col("reached")).sum()).alias(
            "two_way_share"
        ),
        share((w * (took & voiced)).sum(), (w * took).sum()).alias("voice"),
        share((w * (voiced & col("heard"))).sum(), (w * voiced).sum()).alias("closing_the_loop"),
        share((w * col("saw_report")).sum(), everyone).alias("audience_reach"),
        share((w * col("saw_story")).sum(), everyone).alias("story_reach"),
        share((w * col("index")).sum(), everyone).alias("index"),
    )
    k, n = col("contributions").cast(pl.Float64), pl.len().cast(pl.Float64)
    i = pl.int_range(1, pl.len() + 1).cast(pl.Float64)
    equality = (  # 1 - Gini of contributions of two-way participants and authors
        person.filter(took | voiced)
        .select(col("contributions").sort())
        .select(
            pl.when((pl.len() >= 2) & (k.sum() > 0))
            .then(1.0 - ((2 * i - n - 1) * k).sum() / (n * k.sum()))
            .alias("voice_equality")
        )
    )
    rate = col("reached") / col("people")
    reached, headcount = col("reached").sum(), col("people").sum()
    by_unit = (  # the units with people in scope
        person.group_by("unit")
        .agg((w * took).sum().alias("reached"), w.sum().alias("people"))
        .select(
            ((col("reached") > 0).sum() / pl.len()).alias("unit_coverage"),
            pl.when((pl.len() >= 2) & (rate.max() > 0))
            .then(rate.min() / rate.max())
            .alias("representation"),
            share(
                (col("reached") * headcount - col("people") * reached).abs().sum(),
                2 * reached * headcount,
            )
            .neg()
            .add(1.0)
            .alias("unit_mix"),
        )
    )
    found: dict[str, float | None] = {}
    for frame in [*scores, *collect(whole, equality, by_unit)]:
        found.update(frame.row(0, named=True))
    if adoption is None:  # nobody early, no months since, no revision after it
        found.update(earliness=None, continuity=None, cadence=None, revision_uptake=None)
    return found


# ---------------------------------------------------------------------------
# the units: what one child process runs


@dataclasses.dataclass(frozen=True)
class Unit:
    """One case, as one child process runs it."""

    key: str
    """What the child is told to run, such as ``tables:10000:dumps``."""
    names: tuple[str, ...]
    """The names of the results it reports, which ``--only`` matches."""


TABLE_CASES = {
    "from_tables_pandas": "from_tables pandas",
    "from_tables_polars": "from_tables polars",
    "checks_pandas": "from_tables checks only, pandas",
    "checks_polars": "from_tables checks only, polars",
    "to_tables": "to_tables pandas",
    "dumps": "dumps",
    "loads": "loads",
}
FUNCTIONS = ("activity", "contribution_activity")


def _tables_size(n: int, sizes: Sizes) -> str:
    return f"{label(n)}×{sizes.tables_events}"


def _generate_size(sizes: Sizes) -> str:
    return f"{label(sizes.counting)}×{sizes.counting_events}"


def _assess_size(sizes: Sizes) -> str:
    return f"{_generate_size(sizes)}, {sizes.assess_months} months"


ASSESS_CASES = {
    "polars": "assess polars",
    "hand": "hand assess polars",
    "pandas": "assess pandas",
    "native": "native pandas assess",
    "frames": "assess with frames polars",
    "timeline": "timeline polars",
}
"""The assess units (by key) and the names of their results (before the size)."""


def _hand_names(function: str, size: str) -> tuple[str, ...]:
    return tuple(f"{function} hand-written polars, {engine} {size}" for engine in ENGINES)


def units(sizes: Sizes) -> list[Unit]:
    """Every unit, in the order they run."""
    found = []
    for n in sizes.tables:
        size = _tables_size(n, sizes)
        for op, name in TABLE_CASES.items():
            found.append(Unit(f"tables:{n}:{op}", (f"{name} {size}",)))
    found.append(Unit("polis", (f"read_polis {POLIS.name}",)))
    size = _generate_size(sizes)
    found += [  # polars first: it leaves its tables to the counting units
        Unit(f"generate:{backend}", (f"generate {backend} {size}",))
        for backend in ("polars", "pandas")
    ]
    for function in FUNCTIONS:
        found.append(Unit(f"counting:{function}:polars", (f"{function} polars {size}",)))
        hand = _hand_names(function, size)
        found += [
            Unit(f"counting:{function}:{engine}", (name,))
            for engine, name in zip(ENGINES, hand, strict=True)
        ]
        found.append(Unit(f"counting:{function}:pandas", (f"{function} pandas {size}",)))
    size = _assess_size(sizes)
    found += [Unit(f"assess:{key}", (f"{name} {size}",)) for key, name in ASSESS_CASES.items()]
    return found


def _rows(tables: Any) -> int:
    return sum(len(frame) for frame in tables.values())


def _matches(name: str, only: Sequence[str]) -> bool:
    return not only or any(word.lower() in name.lower() for word in only)


def unit_tables(n: int, op: str, sizes: Sizes) -> Iterator[Result]:
    """Issue 2: to_tables, from_tables, dumps or loads on a process of ``n`` stakeholders."""
    from ownership.io import dumps, loads
    from ownership.synth import generate
    from ownership.tables import from_tables, to_tables

    name = f"{TABLE_CASES[op]} {_tables_size(n, sizes)}"
    tables = generate(
        stakeholders=n, seed=1, as_tables=True, events_per_stakeholder=sizes.tables_events
    )
    rows = _rows(tables)
    if op.startswith("checks"):  # the vectorised checks of from_tables, without building
        from ownership.tables import _Reader  # private: what from_tables runs first

        source = tables.to("polars") if op == "checks_polars" else tables

        def check() -> int:
            reader = _Reader(source)
            reader.check()
            return len(reader.problems)

        result, problems = measure(name, "tables", rows, check, sizes)
        assert problems == 0, name
        yield result
        return
    if op.startswith("from_tables"):
        source = tables.to("polars") if op == "from_tables_polars" else tables
        result, built = measure(name, "tables", rows, lambda: from_tables(source), sizes)
        assert len(built.stakeholders) == n, name
        assert sum(len(event.participations) for event in built.events) == len(
            tables["participations"]
        ), name
        yield result
        return
    process = from_tables(tables)
    del tables
    if op == "to_tables":
        result, frames = measure(name, "tables", rows, lambda: to_tables(process), sizes)
        assert _rows(frames) == rows, name
    elif op == "dumps":
        result, text = measure(name, "tables", rows, lambda: dumps(process), sizes)
        result.note = f"{len(text.encode()) / 2**20:.1f} MiB of JSON"
    else:
        text = dumps(process)
        result, loaded = measure(name, "tables", rows, lambda: loads(text), sizes)
        assert loaded == process, name
    yield result


def unit_polis(sizes: Sizes) -> Iterator[Result]:
    """Issue 3: read_polis on the larger Pol.is conversation."""
    from ownership.io import read_polis
    from ownership.tables import to_tables

    rows = 0
    for file in POLIS_FILES:
        with (POLIS / file).open(encoding="utf-8", newline="") as lines:
            rows += sum(1 for _ in csv.reader(lines)) - (file != "summary.csv")
    name = f"read_polis {POLIS.name}"
    result, process = measure(name, "polis", rows, lambda: read_polis(POLIS), sizes)
    result.note = f"{_rows(to_tables(process)):,} table rows"
    yield result


def _generate_kwargs(sizes: Sizes, months: int | None = None) -> dict[str, Any]:
    """generate's arguments; ``months`` None is generate's default (18)."""
    kwargs: dict[str, Any] = {
        "stakeholders": sizes.counting,
        "seed": 1,
        "as_tables": True,
        "events_per_stakeholder": sizes.counting_events,
    }
    if months is not None:
        kwargs["months"] = months
    return kwargs


def _cache(workdir: Path, sizes: Sizes, months: int | None = None) -> Path:
    span = "" if months is None else f"-{months}m"
    return workdir / f"generated-{sizes.counting}x{sizes.counting_events}{span}"


def _write_cache(tables: Any, folder: Path) -> None:
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.write_parquet(partial / f"{name}.parquet")
    partial.rename(folder)


def _read_cache(workdir: Path, sizes: Sizes, months: int | None = None) -> Any:
    """The generated process's tables on polars (generated and cached if not yet there)."""
    import polars as pl

    from ownership.synth import generate
    from ownership.tables import Tables

    folder = _cache(workdir, sizes, months)
    if not folder.exists():
        _write_cache(generate(**_generate_kwargs(sizes, months), backend="polars"), folder)
    return Tables({path.stem: pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))})


def unit_generate(
    backend: Literal["pandas", "polars"], sizes: Sizes, workdir: Path
) -> Iterator[Result]:
    """Issue 3: generate itself; on polars it leaves its tables for the counting units."""
    from ownership.synth import generate

    name = f"generate {backend} {_generate_size(sizes)}"
    run = functools.partial(generate, **_generate_kwargs(sizes), backend=backend)
    result, tables = measure(name, "generate", 0, run, sizes)
    result.rows = _rows(tables)
    counted = ("participations", "contributions", "reactions")
    result.note = ", ".join(f"{len(tables[key]):,} {key}" for key in counted)
    if backend == "polars" and not _cache(workdir, sizes).exists():
        _write_cache(tables, _cache(workdir, sizes))
    yield result


def unit_counting(function: str, variant: str, sizes: Sizes, workdir: Path) -> Iterator[Result]:
    """Issue 3: a count of the counting layer on polars or pandas, or the hand-written one.

    ``variant`` is ``polars``, ``pandas`` or an engine of the hand-written polars code.
    The counting layer's result is checked against the hand-written one: identical frames.
    """
    import polars as pl

    from ownership import metrics

    counts = getattr(metrics, function)
    hand = hand_activity if function == "activity" else hand_contribution_activity
    polars_tables = _read_cache(workdir, sizes)
    read = ("stakeholders", "participations", "contributions", "responses", "reactions")
    rows = sum(len(polars_tables[name]) for name in read)
    size = _generate_size(sizes)
    if variant in ENGINES:
        engine: Engine = "streaming" if variant == "streaming" else "in-memory"
        name = _hand_names(function, size)[ENGINES.index(engine)]
        yield measure(name, "counting", rows, lambda: hand(polars_tables, engine), sizes)[0]
        return
    name = f"{function} {variant} {size}"
    if variant == "polars":
        result, value = measure(name, "counting", rows, lambda: counts(polars_tables), sizes)
    else:
        pandas_tables = polars_tables.to("pandas")
        result, native = measure(name, "counting", rows, lambda: counts(pandas_tables), sizes)
        value = pl.from_pandas(native)
    # only now, so that the case runs in a process as fresh as the hand-written one's
    expected = hand(polars_tables)
    assert value.equals(expected), f"{name}: not the hand-written polars result"
    yield result


def _same(found: float | None, expected: float | None) -> bool:
    """Both undefined, or both numbers within 1e-9 of each other."""
    if found is None or expected is None:
        return found is None and expected is None
    return abs(found - expected) <= 1e-9


def _check_assessment(name: str, assessment: Any, expected: dict[str, float | None]) -> None:
    """Assert that ``assessment`` has the hand-written values (to 1e-9), for every metric."""
    from ownership.assess import AssessmentConfig, _specs

    config = AssessmentConfig()
    defaults: tuple[object, ...] = (
        config.sla_days,
        config.report_days,
        config.gap_days,
        config.half_life_days,
        config.attribute_threshold,
        config.salient_attributes,
        config.consensus_threshold,
        {route: getattr(config, f"tau_{route}") for route in TAU},
        dict(config.route_points),
        dict(config.route_weights),
        config.hours_cap,
        config.mean,
        config.consensus_groups,
        config.period,
        config.internal_only,
    )
    written: tuple[object, ...] = (
        SLA_DAYS,
        REPORT_DAYS,
        GAP_DAYS,
        HALF_LIFE_DAYS,
        ATTRIBUTE_THRESHOLD,
        SALIENT_ATTRIBUTES,
        CONSENSUS_THRESHOLD,
        TAU,
        POINTS,
        dict.fromkeys(TAU, 1.0),
        HOURS_CAP,
        "geometric",
        "unit",
        "MS",
        True,
    )
    assert defaults == written, f"{name}: AssessmentConfig's defaults changed: {defaults}"
    scored = {spec.name for spec in _specs(config)}
    assert scored == set(expected) - {"index"}, f"{name}: metrics {scored ^ set(expected)}"
    found = {metric: assessment.metrics[metric]["value"] for metric in scored}
    found["index"] = assessment.index
    wrong = {
        metric: (found[metric], value)
        for metric, value in expected.items()
        if not _same(found[metric], value)
    }
    assert not wrong, f"{name}: not the hand-written values (assess, hand-written): {wrong}"


def unit_assess(variant: str, sizes: Sizes, workdir: Path) -> Iterator[Result]:
    """assess on polars or pandas, the hand-written polars job, or a timeline.

    The tables are generated once (polars, cached); pandas gets them through
    ``Tables.to("pandas")``, the same frames as ``generate(..., backend="pandas")``.
    After timing, assess's values are checked against the hand-written job's.
    pandas tables are computed on polars (after a conversion, which is timed); ``native``
    keeps them on pandas, as without polars installed.
    ``frames`` times ``assess`` and then reading every frame and the findings,
    which an assessment computes only when first read: the whole cost of a report.
    ``timeline`` times only ``timeline()`` of an assessment (made untimed) at the
    last event's start: one point per month of the process.
    """
    from ownership.assess import assess

    polars_tables = _read_cache(workdir, sizes, sizes.assess_months)
    rows = sum(len(polars_tables[table]) for table in HAND_ASSESS_TABLES)
    name = f"{ASSESS_CASES[variant]} {_assess_size(sizes)}"
    if variant == "hand":
        yield measure(name, "assess", rows, lambda: hand_assess(polars_tables), sizes)[0]
        return
    if variant == "timeline":
        # to the last event: responses trail months behind it, which would add points
        assessment = assess(polars_tables, as_of=polars_tables["events"]["start"].max())
        result, timeline = measure(name, "assess", rows, assessment.timeline, sizes)
        result.note = f"{len(timeline)} points"
        last = timeline.row(len(timeline) - 1, named=True)
        assert last["at"] == assessment.as_of, name
        assert abs(last["index"] - assessment.index) <= 1e-9, f"{name}: not assess's index"
        yield result
        return
    if variant == "frames":

        def everything() -> Any:
            assessment = assess(polars_tables)
            parts = assessment.stakeholders, assessment.units, assessment.goals
            assert all(len(part) for part in parts), name
            assert assessment.findings, name
            return assessment

        result, assessment = measure(name, "assess", rows, everything, sizes)
        _check_assessment(name, assessment, hand_assess(polars_tables))
        yield result
        return
    tables = polars_tables if variant == "polars" else polars_tables.to("pandas")
    module: Any = sys.modules["ownership.assess"]
    on_polars = module._COMPUTE_ON_POLARS
    module._COMPUTE_ON_POLARS = variant != "native"
    try:
        result, assessment = measure(name, "assess", rows, lambda: assess(tables), sizes)
    finally:
        module._COMPUTE_ON_POLARS = on_polars
    # only now, so that the case runs in a process as fresh as the hand-written one's
    _check_assessment(name, assessment, hand_assess(polars_tables))
    yield result


def run_unit(key: str, sizes: Sizes, workdir: Path) -> Iterator[Result]:
    """The results of the unit ``key`` (see :func:`units`)."""
    kind, *parts = key.split(":")
    if kind == "tables":
        return unit_tables(int(parts[0]), parts[1], sizes)
    if kind == "polis":
        return unit_polis(sizes)
    if kind == "generate":
        backend: Literal["pandas", "polars"] = "polars" if parts[0] == "polars" else "pandas"
        return unit_generate(backend, sizes, workdir)
    if kind == "assess":
        return unit_assess(parts[0], sizes, workdir)
    return unit_counting(parts[0], parts[1], sizes, workdir)


def child(keys: Sequence[str], sizes: Sizes, workdir: Path) -> None:
    """Run units one after the other and report each result on stdout."""
    for key in keys:
        for result in run_unit(key, sizes, workdir):
            report(result)


# ---------------------------------------------------------------------------
# the parent: run the units, print the tables


def _peak(result: Result) -> str:
    return "-" if result.peak_mib is None else f"{result.peak_mib:,.0f}"


def _rate(result: Result) -> str:
    return f"{result.rows / result.best:,.0f}" if result.rows else "-"


TITLES = {
    "tables": "Issue 2: tables and JSON (rows = rows of all the process's tables)",
    "polis": "Issue 3: read_polis (rows = records of the CSV files it reads)",
    "generate": "Issue 3: generate (rows = rows of all the tables generated)",
    "counting": (
        "Issue 3: the counting layer against hand-written polars (rows = rows of the tables read)"
    ),
    "assess": "assess and timeline against hand-written polars (rows = rows of the tables read)",
}


def table(results: Sequence[Result]) -> str:
    """The results as an aligned text table."""
    header = ("case", "rows", "best s", "median s", "runs", "rows/s", "peak MiB", "note")
    body = [
        (
            result.name,
            f"{result.rows:,}",
            f"{result.best:.3f}",
            f"{result.median:.3f}",
            str(len(result.times)),
            _rate(result),
            _peak(result),
            result.note,
        )
        for result in results
    ]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]
    right = {1, 2, 3, 4, 5, 6}

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in body)])


def ratios(results: Sequence[Result]) -> None:
    """Note on each count of the counting layer its time over the fastest hand-written one,
    on assess its time over the hand-written job's, and on timeline its time over assess's."""
    for function in FUNCTIONS:
        mine = [result for result in results if result.name.startswith(f"{function} ")]
        hand = [result for result in mine if "hand-written" in result.name]
        if not hand:
            continue
        fastest = min(hand, key=lambda result: result.best)
        for result in mine:
            if result is fastest:
                result.note = "the fastest hand-written"
            elif result not in hand:
                result.note = f"{result.best / fastest.best:.2f}× the fastest hand-written"
    case = {
        key: next((r for r in results if r.table == "assess" and r.name.startswith(name)), None)
        for key, name in ASSESS_CASES.items()
    }
    hand_job, on_polars, timeline = case["hand"], case["polars"], case["timeline"]
    if hand_job is not None:
        hand_job.note = "the hand-written job"
    for assessed in (on_polars, case["pandas"], case["native"], case["frames"]):
        if assessed is not None and hand_job is not None:
            assessed.note = f"{assessed.best / hand_job.best:.2f}× hand assess polars"
    if timeline is not None and on_polars is not None:
        timeline.note += f", {timeline.best / on_polars.best:.2f}× assess polars"


def run_child(keys: Sequence[str], args: argparse.Namespace, workdir: Path) -> list[Result]:
    """Run units in a fresh child process; the results it reports."""
    command = [sys.executable, str(Path(__file__).resolve()), "--workdir", str(workdir)]
    command += ["--quick"] if args.quick else []
    command += [] if args.repeat is None else ["--repeat", str(args.repeat)]
    for key in keys:
        command += ["--child", key]
    print(f"... {', '.join(keys)}", file=sys.stderr, flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    results = []
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            result = Result(**json.loads(line[len(RESULT) :]))
            print(f"    {result.name}: {result.best:.3f} s", file=sys.stderr, flush=True)
            results.append(result)
        else:
            print(line, file=sys.stderr)
    if done.returncode != 0:
        raise SystemExit(f"benchmark {', '.join(keys)} failed (exit status {done.returncode})")
    return results


def machine() -> str:
    cores = os.cpu_count()
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"


def versions() -> str:
    import duckdb
    import narwhals
    import pandas
    import polars
    import pyarrow

    import ownership

    modules = (ownership, pandas, polars, pyarrow, narwhals, duckdb)
    return ", ".join(f"{module.__name__} {module.__version__}" for module in modules)


def parent(args: argparse.Namespace) -> None:
    """Run the units (each in its own process; with ``--quick`` all in one) and print."""
    sizes = QUICK if args.quick else FULL
    keys = [
        unit.key for unit in units(sizes) if any(_matches(name, args.only) for name in unit.names)
    ]
    batches = [keys] if args.quick else [[key] for key in keys]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ownership-benchmarks-") as folder:
        results = [result for batch in batches for result in run_child(batch, args, Path(folder))]
    ratios(results)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    quick = " (--quick: sizes too small for the figures to mean much)" if args.quick else ""
    print(f"ownership benchmarks, {stamp}{quick}")
    print(f"{machine()}; {versions()}")
    for key, title in TITLES.items():
        chosen = [result for result in results if result.table == key]
        if chosen:
            print(f"\n{title}\n\n{table(chosen)}")
    print(f"\n(took {time.perf_counter() - start:.0f} s)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run each")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only the cases whose name contains NAME (repeatable)",
    )
    parser.add_argument("--repeat", type=int, default=None, help="runs per case (at most)")
    parser.add_argument("--child", action="append", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        sizes = QUICK if args.quick else FULL
        if args.repeat is not None:
            sizes = dataclasses.replace(sizes, repeat=args.repeat)
        child(args.child, sizes, args.workdir)
    else:
        parent(args)


if __name__ == "__main__":
    main()
