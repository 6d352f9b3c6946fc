"""Ownership routes and index: hand-worked examples, decay, groups, properties, every backend.

Every hand-worked example runs on pandas, polars, pyarrow and DuckDB and is compared with the
arithmetic written out in its comments to 1e-12. The half-life is 180 days unless a test says
otherwise, so evidence at the moment measured weighs 1, evidence 180 days old 1/2 and evidence
360 days old 1/4.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metric_support import BACKENDS, measured
from ownership import (
    Contribution,
    Event,
    Milestone,
    Participation,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
)
from ownership.errors import ValidationError
from ownership.metrics.ownership import _DEFAULTS, index, routes
from ownership.strategies import datetimes, processes
from ownership.tables import to_tables

T = datetime(2025, 7, 1, 9, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
HALF = T - 180 * DAY  # one half-life before T: weighs 1/2
QUARTER = T - 360 * DAY  # two half-lives before T: weighs 1/4

ROUTE_COLUMNS = [
    "stakeholder",
    "control_evidence",
    "knowing_evidence",
    "investment_evidence",
    "control",
    "knowing",
    "investment",
    "index",
]


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def route(evidence: float, tau: float) -> float:
    return 1 - math.exp(-evidence / tau)


def geometric(*routes_: float) -> float:
    if min(routes_) == 0:
        return 0.0
    return math.exp(sum(math.log(r) for r in routes_) / len(routes_))


# ---------------------------------------------------------------------------
# a process worked by hand


def town() -> StrategyProcess:
    """Ann and Bo work on the strategy; Cy, Dee and Gus are only told about it.

    Units: it, dev (under it), hr, ops, ext (external).

    - ``w1``: workshop (collaborate) at T - 180 d for 2 h: ann takes part, bo facilitates,
      eve (external) takes part, dee is only invited;
    - ``e1``: workshop at level empower at T - 360 d, no end: bo takes part;
    - ``p1``: presentation (inform) at T - 180 d for 1 h reporting milestone m1: cy takes part;
    - ``n1``: newsletter at T to unit it (so also to dev);
    - ``s1``: story at T - 360 d to units it and hr;
    - contributions: c1 (idea) and c2 (question) by ann at w1's start; c3 by bo in e1 at T;
    - responses: c1 answered at T - 180 d and adopted at T; c2 answered at T - 180 d and
      acknowledged at T; c3 declined at T;
    - revisions: the adoption at T - 360 d, and rev2 at T motivated by c3.
    """
    return StrategyProcess(
        units=[
            Unit(id="it", name="IT"),
            Unit(id="dev", name="Development", parent="it"),
            Unit(id="hr", name="HR"),
            Unit(id="ops", name="Operations"),
            Unit(id="ext", name="Consultants", external=True),
        ],
        stakeholders=[
            Stakeholder(id="ann", name="Ann", unit="it", attributes={"site": "north"}),
            Stakeholder(id="bo", name="Bo", unit="it", attributes={"site": "north"}),
            Stakeholder(id="cy", name="Cy", unit="hr", attributes={"site": "south"}),
            Stakeholder(id="dee", name="Dee's team", unit="hr", size=3),
            Stakeholder(id="gus", name="Gus", unit="dev"),
            Stakeholder(id="eve", name="Eve", unit="ext"),
            Stakeholder(id="fay", name="Fay", unit="ops", left=T - 10 * DAY),
        ],
        milestones=[
            Milestone(id="m1", title="Pilot", due=(HALF - 20 * DAY).date(), achieved=HALF - DAY)
        ],
        events=[
            Event(
                id="w1",
                kind="workshop",
                title="Workshop",
                start=HALF,
                end=HALF + 2 * HOUR,
                participations=[
                    Participation(stakeholder="ann"),
                    Participation(stakeholder="bo", role="facilitator"),
                    Participation(stakeholder="eve"),
                    Participation(stakeholder="dee", role="invited"),
                ],
            ),
            Event(
                id="e1",
                kind="workshop",
                level="empower",
                title="Budget panel",
                start=QUARTER,
                participations=[Participation(stakeholder="bo")],
            ),
            Event(
                id="p1",
                kind="presentation",
                title="Pilot results",
                start=HALF,
                end=HALF + HOUR,
                milestones=["m1"],
                participations=[Participation(stakeholder="cy")],
            ),
            Event(id="n1", kind="newsletter", title="News", start=T, audiences=["it"]),
            Event(id="s1", kind="story", title="A story", start=QUARTER, audiences=["it", "hr"]),
        ],
        contributions=[
            Contribution(id="c1", event="w1", author="ann", at=HALF, kind="idea"),
            Contribution(id="c2", event="w1", author="ann", at=HALF, kind="question"),
            Contribution(id="c3", event="e1", author="bo", at=T, kind="comment"),
        ],
        responses=[
            Response(id="r0", contribution="c1", at=HALF, outcome="answered"),
            Response(id="r1", contribution="c1", at=T, outcome="adopted"),
            Response(id="r2", contribution="c2", at=HALF, outcome="answered"),
            Response(id="r3", contribution="c2", at=T, outcome="acknowledged"),
            Response(id="r4", contribution="c3", at=T, outcome="declined"),
        ],
        revisions=[
            Revision(id="rev1", at=QUARTER, title="Strategy 1.0"),
            Revision(id="rev2", at=T, title="Strategy 1.1", motivated_by=["c3"]),
        ],
    )


# The evidence of town() at T, by hand (default points):
EVIDENCE = {
    # control: c1 adopted at T (1.0 · 1; its answer at T - 180 d, 0.5 · 1/2, is lower and c1
    # counts once) + c2 answered at T - 180 d (0.5 · 1/2 = 0.25) + w1 at collaborate
    # (1 · 1/2 = 0.5) = 1.75
    # knowing: w1 two-way (1 · 1/2) + n1 reached (0.25 · 1) + s1 story reached
    # (0.25 · 1/4 = 0.0625) = 0.8125
    # investment: c1 and c2 (1 · 1/2 each) + w1's 2 hours (2 · 0.25 · 1/2 = 0.25) = 1.25
    "ann": (1.75, 0.8125, 1.25),
    # control: w1 at collaborate (1 · 1/2) + e1 at empower (2 · 1/4) + c3 cited by rev2 at T
    # (1.0 · 1; its answer "declined" counts nothing) = 2.0
    # knowing: w1 (1 · 1/2) + e1 (1 · 1/4) + n1 (0.25) + s1 (0.0625) = 1.0625
    # investment: facilitating w1 (2 · 1/2) + w1's 2 hours (0.25) + c3 (1 · 1)
    # + e1's 0 hours = 2.25
    "bo": (2.0, 1.0625, 2.25),
    # control: nothing. knowing: p1 one-way and a milestone report, once at its highest
    # (0.25 · 1/2 = 0.125) + s1 (0.0625) = 0.1875. investment: p1's 1 hour (0.25 · 1/2)
    "cy": (0.0, 0.1875, 0.125),
    # dee was only invited to w1: s1 reached (0.0625)
    "dee": (0.0, 0.0625, 0.0),
    # gus is in dev, under it: n1 (0.25) + s1 (0.0625)
    "gus": (0.0, 0.3125, 0.0),
}
TAU = (2.0, 4.0, 3.0)
SIZE = {"ann": 1, "bo": 1, "cy": 1, "dee": 3, "gus": 1}


def expected_routes(
    evidence: dict[str, tuple[float, float, float]] = EVIDENCE,
    combine: Callable[..., float] = geometric,
) -> dict[str, tuple[float, ...]]:
    out = {}
    for person, e in evidence.items():
        r = tuple(route(x, tau) for x, tau in zip(e, TAU, strict=True))
        out[person] = (*e, *r, combine(*r))
    return out


def rows_of(frame: pd.DataFrame) -> dict[str, tuple[float, ...]]:
    assert list(frame.columns) == ROUTE_COLUMNS
    return {row[0]: tuple(float(v) for v in row[1:]) for row in frame.itertuples(index=False)}


def assert_rows(got: dict[str, tuple[float, ...]], expected: dict[str, tuple[float, ...]]) -> None:
    assert list(got) == list(expected)
    for person, values in expected.items():
        np.testing.assert_allclose(got[person], values, rtol=0, atol=1e-12, err_msg=person)


def test_routes_by_hand(backend: str) -> None:
    result = measured(routes, town(), backend, as_of=T)
    # eve is external and fay has left: neither is in scope
    assert list(result["stakeholder"]) == ["ann", "bo", "cy", "dee", "gus"]
    assert all(result[c].dtype == np.float64 for c in ROUTE_COLUMNS[1:])
    expected = expected_routes()
    # ann: control 1 - e^(-1.75/2) = 0.583, knowing 1 - e^(-0.8125/4) = 0.184,
    # investment 1 - e^(-1.25/3) = 0.341, index (0.583 · 0.184 · 0.341)^(1/3) = 0.332
    assert expected["ann"][-1] == pytest.approx(0.3318, abs=1e-4)
    # bo: 1 - e^(-1) = 0.632, 1 - e^(-1.0625/4) = 0.233, 1 - e^(-0.75) = 0.528 → 0.427
    assert expected["bo"][-1] == pytest.approx(0.4270, abs=1e-4)
    # cy, dee and gus have no control: ownership needs every route, so their index is 0
    assert_rows(rows_of(result), expected)
    assert (result.loc[result["stakeholder"].isin(["cy", "dee", "gus"]), "index"] == 0).all()


def test_external_stakeholders_count_when_asked(backend: str) -> None:
    result = measured(routes, town(), backend, as_of=T, internal_only=False)
    got = rows_of(result)
    # eve took part in w1: control 1 · 1/2, knowing 1 · 1/2, investment 2 h · 0.25 · 1/2
    expected = expected_routes({**EVIDENCE, "eve": (0.5, 0.5, 0.25)})
    assert_rows(got, {k: expected[k] for k in ["ann", "bo", "cy", "dee", "eve", "gus"]})


def test_arithmetic_mean_and_route_weights(backend: str) -> None:
    got = rows_of(measured(routes, town(), backend, as_of=T, mean="arithmetic"))
    # the arithmetic mean needs no route: cy has (0 + r_k + r_i) / 3 > 0
    expected = expected_routes(combine=lambda *r: sum(r) / 3)
    assert_rows(got, expected)
    assert got["cy"][-1] > 0
    # weights 2 : 1 : 1 are normalised to 1/2, 1/4, 1/4
    weights = {"control": 2.0, "knowing": 1.0, "investment": 1.0}
    got = rows_of(measured(routes, town(), backend, as_of=T, route_weights=weights))
    for person, values in expected_routes().items():
        c, k, i = values[3:6]
        want = 0.0 if c == 0 else c**0.5 * k**0.25 * i**0.25
        assert got[person][-1] == pytest.approx(want, abs=1e-12)
    # a route with weight 0 is not needed: without control, cy's index is (r_k · r_i)^(1/2)
    weights = {"control": 0.0, "knowing": 1.0, "investment": 1.0}
    got = rows_of(measured(routes, town(), backend, as_of=T, route_weights=weights))
    _, _, _, _, k, i, _ = expected_routes()["cy"]
    assert got["cy"][-1] == pytest.approx(math.sqrt(k * i), abs=1e-12)
    assert got["dee"][-1] == 0  # dee invested nothing


def test_points_scales_and_half_life_are_options(backend: str) -> None:
    result = measured(
        routes,
        town(),
        backend,
        as_of=T,
        half_life_days=360.0,
        milestone_report=0.75,
        hour=1.0,
        tau_knowing=1.0,
    )
    got = rows_of(result).get("cy")
    assert got is not None
    # a half-life of 360 d: p1 (180 d old) weighs 2^(-1/2), s1 (360 d old) 1/2.
    # cy knowing: p1's milestone report 0.75 beats its one-way 0.25 → 0.75 · 2^(-1/2)
    # + s1 0.25 · 1/2; investment: p1's 1 hour at 1 point → 1 · 2^(-1/2)
    half = 2**-0.5
    knowing = 0.75 * half + 0.125
    assert got[1] == pytest.approx(knowing, abs=1e-12)
    assert got[2] == pytest.approx(half, abs=1e-12)
    assert got[4] == pytest.approx(1 - math.exp(-knowing / 1.0), abs=1e-12)


def test_a_contribution_one_half_life_old_weighs_half(backend: str) -> None:
    def one(at: datetime) -> StrategyProcess:
        return StrategyProcess(
            units=[Unit(id="it", name="IT")],
            stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
            events=[Event(id="f", kind="digital_platform", title="Forum", start=HALF)],
            contributions=[Contribution(id="c", event="f", author="ann", at=at, kind="idea")],
        )

    fresh = measured(routes, one(T), backend, as_of=T)
    old = measured(routes, one(HALF), backend, as_of=T)
    # investment evidence: 1 point at T weighs 1, at T - 180 d weighs 1/2
    assert fresh["investment_evidence"].iloc[0] == pytest.approx(1.0, abs=1e-12)
    assert old["investment_evidence"].iloc[0] == pytest.approx(0.5, abs=1e-12)
    # no decay at all with an infinite half-life
    flat = measured(routes, one(HALF), backend, as_of=T, half_life_days=math.inf)
    assert flat["investment_evidence"].iloc[0] == 1.0
    # a quarter of a half-life (45 d): 2^(-1/4)
    quarter = measured(routes, one(T - 45 * DAY), backend, as_of=T)
    assert quarter["investment_evidence"].iloc[0] == pytest.approx(2**-0.25, abs=1e-12)


def test_an_answer_weighs_by_its_latest_time(backend: str) -> None:
    # c is answered at T - 180 d and again at T - 90 d, and adopted at T - 360 d, by Bob.
    # Control evidence from c is its highest weight: the answer at T - 90 d,
    # 0.5 · 2^(-1/2) = 0.35355…, above the first answer (0.5 · 1/2 = 0.25) and above
    # the adoption two half-lives old (1 · 1/4 = 0.25). Without the latest answer, c's
    # weight would be 0.25 either way.
    def process(*responses: Response) -> StrategyProcess:
        return StrategyProcess(
            units=[Unit(id="it", name="IT")],
            stakeholders=[
                Stakeholder(id="ann", name="Ann", unit="it"),
                Stakeholder(id="bob", name="Bob", unit="it"),
            ],
            events=[Event(id="f", kind="digital_platform", title="Forum", start=T - 400 * DAY)],
            contributions=[
                Contribution(id="c", event="f", author="ann", at=T - 400 * DAY, kind="idea")
            ],
            responses=list(responses),
        )

    adopted = Response(
        id="r0", contribution="c", responder="bob", at=T - 360 * DAY, outcome="adopted"
    )
    first = Response(id="r1", contribution="c", responder="bob", at=HALF, outcome="answered")
    later = Response(
        id="r2", contribution="c", responder="bob", at=T - 90 * DAY, outcome="answered"
    )
    both = measured(routes, process(adopted, first, later), backend, as_of=T)
    ann = both[both["stakeholder"] == "ann"]["control_evidence"].iloc[0]
    assert ann == pytest.approx(0.5 * 2**-0.5, abs=1e-12)
    early = measured(routes, process(adopted, first), backend, as_of=T)
    ann = early[early["stakeholder"] == "ann"]["control_evidence"].iloc[0]
    assert ann == pytest.approx(0.25, abs=1e-12)


def test_hours_are_capped_per_event(backend: str) -> None:
    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
        events=[
            Event(
                id="f",
                kind="digital_platform",
                title="Forum open for a month",
                start=T - 30 * DAY,
                end=T,
                participations=[Participation(stakeholder="ann")],
            )
        ],
    )
    # 720 hours open, counted as 8 (a working day): 8 · 0.25 · 2^(-30/180)
    got = measured(routes, process, backend, as_of=T, half_life_days=math.inf)
    assert got["investment_evidence"].iloc[0] == pytest.approx(2.0, abs=1e-12)
    got = measured(routes, process, backend, as_of=T, half_life_days=math.inf, hours_cap=math.inf)
    assert got["investment_evidence"].iloc[0] == pytest.approx(720 * 0.25, abs=1e-9)
    # an event still going on counts its hours up to the moment measured
    got = measured(
        routes, process, backend, as_of=T - 29 * DAY - 22 * HOUR, half_life_days=math.inf
    )
    assert got["investment_evidence"].iloc[0] == pytest.approx(2 * 0.25, abs=1e-12)


# ---------------------------------------------------------------------------
# the organisation's index

INDEX_COLUMNS = ["size", "people", "owners", "owner_share", "control", "knowing", "investment"]


def weighted(people: list[str], column: int) -> float:
    rows = expected_routes()
    return sum(SIZE[p] * rows[p][column] for p in people) / sum(SIZE[p] for p in people)


def test_index_by_hand(backend: str) -> None:
    result = measured(index, town(), backend, as_of=T)
    assert list(result.columns) == [*INDEX_COLUMNS, "value", "reason"]
    row = result.iloc[0]
    everyone = list(SIZE)
    # people: ann 1 + bo 1 + cy 1 + dee 3 + gus 1 = 7; only ann (0.332) and bo (0.427) are
    # above 0, neither above 0.5: value (0.332 + 0.427) / 7 = 0.108, no owners
    assert row["size"] == row["people"] == 7
    assert row["owners"] == 0
    assert row["owner_share"] == 0
    assert row["value"] == pytest.approx(weighted(everyone, 6), abs=1e-12)
    assert row["value"] == pytest.approx((0.3318 + 0.4270) / 7, abs=1e-4)
    for k, name in enumerate(["control", "knowing", "investment"]):
        assert row[name] == pytest.approx(weighted(everyone, 3 + k), abs=1e-12)
    assert pd.isna(row["reason"])
    # with a threshold of 0.4, bo (0.427) is an owner and ann (0.332) is not
    row = measured(index, town(), backend, as_of=T, owner_threshold=0.4).iloc[0]
    assert row["owners"] == 1
    assert row["owner_share"] == pytest.approx(1 / 7, abs=1e-12)


def test_index_with_nobody_in_scope_is_null(backend: str) -> None:
    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id="ann", name="Ann", unit="it", joined=T)],
        events=[Event(id="n", kind="newsletter", title="News", start=T - DAY, audiences=["it"])],
    )
    row = measured(index, process, backend, as_of=T - HOUR).iloc[0]
    assert row["people"] == row["owners"] == 0
    assert pd.isna(row["value"])
    assert pd.isna(row["owner_share"])
    assert pd.isna(row["control"])
    assert row["reason"] == "no stakeholders in scope"
    assert len(measured(routes, process, backend, as_of=T - HOUR)) == 0


def test_index_by_unit_by_hand(backend: str) -> None:
    result = measured(index, town(), backend, as_of=T, by="unit", min_group=1, min_count=1)
    # ext is external (not listed); ops has only fay, who left: a group of nobody, withheld
    assert list(result["unit"]) == ["dev", "hr", "it", "ops"]
    rows = result.set_index("unit")
    # it: ann and bo, (0.332 + 0.427) / 2; dev: gus, 0; hr: cy and dee's team (4 people), 0
    assert rows.loc["it", "value"] == pytest.approx(weighted(["ann", "bo"], 6), abs=1e-12)
    assert rows.loc["it", "people"] == 2
    assert rows.loc["dev", "value"] == 0
    assert rows.loc["hr", "value"] == 0
    assert rows.loc["hr", "people"] == 4
    assert rows.loc["hr", "knowing"] == pytest.approx(weighted(["cy", "dee"], 4), abs=1e-12)
    assert not rows.loc[["dev", "hr", "it"], "suppressed"].any()
    assert rows.loc["ops", "suppressed"]
    assert rows["value"].isna()["ops"]
    assert str(rows.loc["ops", "reason"]).startswith("suppressed: ")


def test_index_by_unit_withholds_small_groups(backend: str) -> None:
    # min_group 3 scores, min_count 1 counts: dev (1) and it (2) are too small, and the
    # empty ops goes too; hr (4) is then the whole (7) minus dev and it, but those are
    # withheld, so hr stays published
    result = measured(index, town(), backend, as_of=T, by="unit", min_group=3, min_count=1)
    rows = result.set_index("unit")
    for unit in ["dev", "it", "ops"]:
        assert rows.loc[unit, "suppressed"]
        assert str(rows.loc[unit, "reason"]).startswith("suppressed: fewer than 3 people")
        # the value, every score with it and the evidence it could be computed from are
        # withheld; the size is not (min_count 1)
        for column in ["value", "owner_share", "control", "knowing", "investment", "people"]:
            assert rows[column].isna()[unit], (unit, column)
    assert rows.loc["it", "size"] == 2
    assert not rows.loc["hr", "suppressed"]
    assert rows.loc["hr", "value"] == 0
    assert rows.loc["hr", "knowing"] == pytest.approx(weighted(["cy", "dee"], 4), abs=1e-12)


def test_index_by_attribute(backend: str) -> None:
    result = measured(index, town(), backend, as_of=T, by="attribute:site", min_group=1)
    rows = result.set_index("site")
    # north: ann and bo; south: cy. dee and gus have no site and are in no group
    assert list(rows.index) == ["north", "south"]
    assert rows.loc["north", "value"] == pytest.approx(weighted(["ann", "bo"], 6), abs=1e-12)
    assert rows.loc["south", "value"] == 0


def test_index_by_period_by_hand(backend: str) -> None:
    t0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[
            Stakeholder(id="ann", name="Ann", unit="it"),
            Stakeholder(id="bo", name="Bo", unit="it"),
        ],
        events=[
            Event(
                id="w",
                kind="workshop",
                title="Workshop",
                start=t0,
                end=t0 + 2 * HOUR,
                participations=[
                    Participation(stakeholder="ann"),
                    Participation(stakeholder="bo", role="facilitator"),
                ],
            ),
            Event(id="n", kind="newsletter", title="News", start=t0 + 35 * DAY, audiences=["it"]),
        ],
        contributions=[
            Contribution(id="q", event="w", author="ann", at=t0 + HOUR, kind="question")
        ],
        responses=[Response(id="r", contribution="q", at=t0 + 7 * DAY, outcome="answered")],
    )
    end = datetime(2025, 4, 30, tzinfo=UTC)
    result = measured(index, process, backend, as_of=end, by="period", half_life_days=math.inf)
    periods = [pd.Timestamp(p) for p in result["period"]]
    # calendar months: March (from the workshop on the 3rd) and April (to the 30th)
    assert periods == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-01")]
    # March, without decay. ann: control q answered 0.5 + w collaborate 1 = 1.5; knowing 1;
    # investment q 1 + 2 h · 0.25 = 1.5. bo: control 1; knowing 1; investment facilitation 2
    # + 0.5 = 2.5
    ann = geometric(route(1.5, 2), route(1, 4), route(1.5, 3))
    bo = geometric(route(1, 2), route(1, 4), route(2.5, 3))
    march, april = result.iloc[0], result.iloc[1]
    assert march["people"] == 2
    assert march["value"] == pytest.approx((ann + bo) / 2, abs=1e-12)
    assert march["control"] == pytest.approx((route(1.5, 2) + route(1, 2)) / 2, abs=1e-12)
    # April: both only read the newsletter (knowing 0.25 each), so the index is 0
    assert april["value"] == 0
    assert april["knowing"] == pytest.approx(route(0.25, 4), abs=1e-12)


def test_a_moderately_engaged_person_is_mid_scale() -> None:
    """The default scales: the reference person of the metric reference lands near 0.5.

    Over the last half-year, evenly spread: three two-way events (one a workshop) of two
    hours each, two contributions (one answered) and four one-way messages.
    """
    ages = [30, 90, 150]  # days before T: the events, spread over six months
    events = [
        Event(
            id=f"e{k}",
            kind="workshop" if age == 90 else "meeting",
            title="Event",
            start=T - age * DAY,
            end=T - age * DAY + 2 * HOUR,
            participations=[Participation(stakeholder="ann")],
        )
        for k, age in enumerate(ages)
    ]
    messages = [
        Event(id=f"m{k}", kind="newsletter", title="News", start=T - age * DAY, audiences=["it"])
        for k, age in enumerate([22, 67, 112, 157])
    ]
    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
        events=[*events, *messages],
        contributions=[
            Contribution(id="c1", event="e1", author="ann", at=T - 90 * DAY, kind="idea"),
            Contribution(id="c2", event="e2", author="ann", at=T - 150 * DAY, kind="question"),
        ],
        responses=[Response(id="r", contribution="c1", at=T - 90 * DAY, outcome="answered")],
    )
    row = routes(to_tables(process), as_of=T).iloc[0]
    # evidence spread evenly over a half-life weighs 1 / (2 ln 2) = 0.72 on average, so the
    # routes are about 1 - e^(-1.5 · 0.72 / 2) = 0.42, 1 - e^(-4 · 0.72 / 4) = 0.51 and
    # 1 - e^(-3.5 · 0.72 / 3) = 0.57, and the index about 0.50
    for name, about in [("control", 0.42), ("knowing", 0.51), ("investment", 0.57)]:
        assert row[name] == pytest.approx(about, abs=0.05), name
    assert row["index"] == pytest.approx(0.5, abs=0.05)


@pytest.mark.parametrize("function", [routes, index])
def test_the_defaults_are_documented_once(function: Callable[..., Any]) -> None:
    """The public defaults are the ones the assessment's settings fall back to."""
    parameters = inspect.signature(function).parameters
    for name, default in _DEFAULTS.items():
        assert parameters[name].default == default, name
    assert parameters["half_life_days"].default == 180
    assert parameters["mean"].default == "geometric"


def test_options_are_checked_all_at_once() -> None:
    tables = to_tables(town())
    with pytest.raises(ValidationError) as caught:
        routes(
            tables,
            answered=-1,
            tau_control=0,
            half_life_days=0,
            route_weights={"control": 1.0},
            mean="geometirc",  # type: ignore[arg-type]
        )
    text = str(caught.value)
    for name in ["answered", "tau_control", "half_life_days", "route_weights", "did you mean"]:
        assert name in text
    with pytest.raises(ValidationError, match="owner_threshold"):
        index(tables, owner_threshold=1.5)
    with pytest.raises(ValidationError, match="cannot group"):
        index(tables, by="event")


# ---------------------------------------------------------------------------
# properties


def moments(process: StrategyProcess) -> st.SearchStrategy[datetime]:
    """Instants the process records (where routes change) and any others."""
    known = process.times()
    return st.sampled_from(known) | datetimes() if known else datetimes()


def assert_in_range(per_person: pd.DataFrame, grouped: pd.DataFrame) -> None:
    """Routes and index in [0, 1], never null; the index between the lowest and highest route."""
    three = per_person[["control", "knowing", "investment"]]
    for column in [*three, "index"]:
        values = per_person[column]
        assert not values.isna().any()
        assert ((values >= 0) & (values <= 1)).all(), column
    assert (per_person[[c for c in per_person if str(c).endswith("_evidence")]] >= 0).all().all()
    # the geometric mean lies between its terms; it is 0 when a route is 0
    assert (per_person["index"] >= three.min(axis=1) - 1e-12).all()
    assert (per_person["index"] <= three.max(axis=1) + 1e-12).all()
    assert (per_person.loc[three.min(axis=1) == 0, "index"] == 0).all()
    for column in ["value", "owner_share", "control", "knowing", "investment"]:
        values = grouped[column].dropna()
        assert ((values >= 0) & (values <= 1)).all(), column
    # a group's value is null only when it is withheld or has nobody in scope
    null = grouped["value"].isna()
    assert (grouped.loc[null, "suppressed"] | (grouped.loc[null, "size"] == 0)).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), process=processes())
def test_as_of_agrees_with_the_process_as_of(data: st.DataObject, process: StrategyProcess) -> None:
    """``as_of=t`` is the metric on the process as it stood at ``t``; every value in range."""
    t = data.draw(moments(process), label="t")
    cut = to_tables(process.as_of(t))
    tables = to_tables(process)
    per_person = routes(tables, as_of=t)
    grouped = index(tables, as_of=t, by="unit", min_group=1, min_count=1)
    assert_in_range(per_person, grouped)
    pd.testing.assert_frame_equal(per_person, routes(cut, as_of=t), rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(
        grouped, index(cut, as_of=t, by="unit", min_group=1, min_count=1), rtol=0, atol=1e-12
    )


def shuffled(tables: Any, seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    return {
        name: frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
        for name, frame in tables.items()
    }


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_does_not_matter(process: StrategyProcess, seed: int) -> None:
    tables = to_tables(process)
    mixed = shuffled(tables, seed)
    pd.testing.assert_frame_equal(routes(mixed), routes(tables), rtol=0, atol=1e-12)
    pd.testing.assert_frame_equal(
        index(mixed, by="unit", min_group=1),
        index(tables, by="unit", min_group=1),
        rtol=0,
        atol=1e-12,
    )


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), data=st.data())
def test_backends_agree(process: StrategyProcess, data: st.DataObject) -> None:
    t = data.draw(st.none() | moments(process), label="as_of")
    for function, options in [(routes, {}), (index, {"by": "unit", "min_group": 1})]:
        expected = measured(function, process, "pandas", as_of=t, **options)
        for other in ["polars", "pyarrow", "duckdb"]:
            got = measured(function, process, other, as_of=t, **options)
            pd.testing.assert_frame_equal(
                got, expected, check_dtype=False, rtol=0, atol=1e-12, obj=other
            )


def routes_of(process: StrategyProcess, t: datetime) -> pd.DataFrame:
    return routes(to_tables(process), as_of=t).set_index("stakeholder")


def assert_not_lower(before: pd.Series[Any], after: pd.Series[Any]) -> None:
    columns = ["control", "knowing", "investment", "index"]
    assert (after[columns] >= before[columns] - 1e-12).all(), (before, after)


def decayed(t: datetime, at: datetime) -> float:
    """The weight of one point recorded at ``at``, measured at ``t`` (half-life 180 days)."""
    return float(2 ** (-(t - at) / (180 * DAY)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(min_stakeholders=1), data=st.data())
def test_more_evidence_never_lowers_a_route(process: StrategyProcess, data: st.DataObject) -> None:
    """A contribution more, or a two-way event more attended, never lowers a route or the index."""
    known = sorted(process.times())
    t = known[-1] if known else T
    before = routes_of(process, t)
    if before.empty:
        return
    person = data.draw(st.sampled_from(sorted(before.index)), label="person")
    # one more two-way event attended: one more point of knowing, decayed
    start = data.draw(st.sampled_from(known), label="start") if known else t
    hours = data.draw(st.integers(min_value=0, max_value=4), label="hours")
    event = Event(
        id="added-event",
        kind=data.draw(st.sampled_from(["workshop", "meeting", "survey", "digital_platform"])),
        title="Added",
        start=start,
        end=min(start + hours * HOUR, t),
        participations=[Participation(stakeholder=person)],
    )
    attended = attrs.evolve(process, events=(*process.events, event))
    after = routes_of(attended, t)
    assert_not_lower(before.loc[person], after.loc[person])
    column = "knowing_evidence"
    gained = after.loc[person, column] - before.loc[person, column]
    assert gained == pytest.approx(decayed(t, start), rel=1e-9, abs=1e-12)
    # one more contribution (at the added event): one more point of investment, decayed
    added = Contribution(
        id="added-contribution", event=event.id, author=person, at=start, kind="idea"
    )
    more = routes_of(attrs.evolve(attended, contributions=(*process.contributions, added)), t)
    assert_not_lower(after.loc[person], more.loc[person])
    column = "investment_evidence"
    gained = more.loc[person, column] - after.loc[person, column]
    assert gained == pytest.approx(decayed(t, start), rel=1e-9, abs=1e-12)
    # nobody else's routes move
    others = [p for p in before.index if p != person]
    pd.testing.assert_frame_equal(more.loc[others], before.loc[others], rtol=0, atol=1e-12)


def test_index_by_goal_is_the_mean_over_the_affected_units() -> None:
    """On the demo: each goal's index is the weighted mean of its affected people's index."""
    from ownership.data import demo

    process = demo()
    tables = to_tables(process)
    people = routes(tables).set_index("stakeholder")
    by_goal = index(tables, by="goal", min_group=1, min_count=1).set_index("goal")
    parent = {u.id: u.parent for u in process.units}

    def within(unit: str | None, targets: set[str]) -> bool:
        while unit is not None:
            if unit in targets:
                return True
            unit = parent[unit]
        return False

    size = {s.id: s.size for s in process.stakeholders}
    unit_of = {s.id: s.unit for s in process.stakeholders}
    checked = 0
    for goal in process.goals:
        affected = [p for p in people.index if within(unit_of[p], set(goal.units))]
        if not affected:
            continue
        weights = np.array([size[p] for p in affected], dtype=float)
        expected = float(np.average(people.loc[affected, "index"], weights=weights))
        assert by_goal.loc[goal.id, "value"] == pytest.approx(expected, abs=1e-12), goal.id
        assert by_goal.loc[goal.id, "people"] == weights.sum()
        checked += 1
    assert checked > 0
