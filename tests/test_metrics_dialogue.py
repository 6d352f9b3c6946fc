"""Dialogue and leadership metrics: hand-worked examples on every backend, and properties.

One small process, :func:`town`, is worked by hand in the comments below; every metric's
value on it (whole, and grouped where that tells something new) is checked on pandas,
polars, pyarrow and DuckDB. The properties run on processes drawn by
:func:`ownership.strategies.processes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from metric_support import BACKENDS, as_pandas, measured, tables_in, value
from ownership import (
    Contribution,
    Event,
    Goal,
    Milestone,
    Participation,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
)
from ownership.errors import ValidationError
from ownership.metrics.dialogue import (
    closing_the_loop,
    latency,
    responsiveness,
    two_way_share,
    uptake,
    voice,
    voice_equality,
)
from ownership.metrics.leadership import enabling_ratio, leader_responsiveness
from ownership.strategies import datetimes, processes
from ownership.tables import Tables, to_tables

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
DAY = timedelta(days=1)
T = T0 + 30 * DAY  # the moment most examples are measured at
TOL = 1e-12

Metric = Callable[..., Any]
METRICS: Mapping[str, Metric] = {
    "two_way_share": two_way_share,
    "voice": voice,
    "responsiveness": responsiveness,
    "latency": latency,
    "uptake": uptake,
    "closing_the_loop": closing_the_loop,
    "voice_equality": voice_equality,
    "enabling_ratio": enabling_ratio,
    "leader_responsiveness": leader_responsiveness,
}


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a hand-worked example runs on: each of them."""
    name: str = request.param
    return name


# ---------------------------------------------------------------------------
# a small process worked by hand


def town() -> StrategyProcess:
    """A town's IT strategy: measured at T = day 30 unless a test says otherwise.

    Units it, hr, ops and the external ext. People in scope at T (size): ann (it, 1, north),
    bo (it, 4, south), cy (hr, 1, north, leader), di (hr, 2, south), eve (ops, 3); 11 people,
    it 5, hr 3, ops 3. gus (hr, leader, south) left on day 25: a member, no longer in scope.
    xo is external. Goals: cloud (affects it), people (affects hr).

    Events: kick (presentation, day 0, by cy, to the it unit, goal cloud); ws (workshop,
    day 1, by ann: ann, bo, xo take part, cy facilitates, di is only invited; goal cloud);
    forum (digital platform, day 2, by gus: di, cy; goal people); news (newsletter, day 3,
    by cy, to hr); later (workshop, day 60: after T).

    Contributions: c1 comment by eve (day 0); q1 question by ann, q2 concern by bo, i1 idea
    by bo (day 1, goal cloud); i2 idea, k1 concern by di (day 2, goal people); q3 question
    by ann (day 25); x1 concern by xo (external).

    Responses: q1 answered by cy on day 4.5 (3.5 days); q2 acknowledged by ann on day 2 and
    declined by gus on day 20 (19 days); i1 adopted by cy (day 5); k1 only acknowledged by
    cy (day 3); x1 answered by cy (day 2). Revision v2 (day 20) cites i2 and k1; v1 (day
    -10) is the adoption. One milestone, due in June, is read by no metric here.
    """
    d = DAY
    return StrategyProcess(
        units=[
            Unit(id="it", name="IT"),
            Unit(id="hr", name="HR"),
            Unit(id="ops", name="Operations"),
            Unit(id="ext", name="Consultants", external=True),
        ],
        stakeholders=[
            Stakeholder(id="ann", name="Ann", unit="it", attributes={"site": "north"}),
            Stakeholder(id="bo", name="Bo's team", unit="it", size=4, attributes={"site": "south"}),
            Stakeholder(id="cy", name="Cy", unit="hr", leader=True, attributes={"site": "north"}),
            Stakeholder(id="di", name="Di's pair", unit="hr", size=2, attributes={"site": "south"}),
            Stakeholder(id="eve", name="Eve's crew", unit="ops", size=3),
            Stakeholder(
                id="gus",
                name="Gus",
                unit="hr",
                leader=True,
                left=T0 + 25 * d,
                attributes={"site": "south"},
            ),
            Stakeholder(id="xo", name="Xo", unit="ext"),
        ],
        goals=[
            Goal(id="cloud", title="Cloud", units=["it"]),
            Goal(id="people", title="People", units=["hr"]),
        ],
        milestones=[Milestone(id="m1", title="Pilot", due=date(2025, 6, 30))],
        revisions=[
            Revision(id="v1", at=T0 - 10 * d, title="Adopted"),
            Revision(id="v2", at=T0 + 20 * d, title="Revised", motivated_by=["i2", "k1"]),
        ],
        events=[
            Event(
                id="kick",
                kind="presentation",
                title="Kick-off",
                start=T0,
                organiser="cy",
                audiences=["it"],
                goals=["cloud"],
            ),
            Event(
                id="ws",
                kind="workshop",
                title="Workshop",
                start=T0 + d,
                organiser="ann",
                goals=["cloud"],
                participations=[
                    Participation(stakeholder="ann"),
                    Participation(stakeholder="bo"),
                    Participation(stakeholder="cy", role="facilitator"),
                    Participation(stakeholder="xo"),
                    Participation(stakeholder="di", role="invited"),
                ],
            ),
            Event(
                id="forum",
                kind="digital_platform",
                title="Forum",
                start=T0 + 2 * d,
                organiser="gus",
                goals=["people"],
                participations=[Participation(stakeholder="di"), Participation(stakeholder="cy")],
            ),
            Event(
                id="news",
                kind="newsletter",
                title="News",
                start=T0 + 3 * d,
                organiser="cy",
                audiences=["hr"],
            ),
            Event(
                id="later",
                kind="workshop",
                title="Later",
                start=T0 + 60 * d,
                organiser="cy",
                participations=[Participation(stakeholder="eve")],
            ),
        ],
        contributions=[
            Contribution(id="c1", event="kick", author="eve", at=T0, kind="comment"),
            Contribution(
                id="q1", event="ws", author="ann", at=T0 + d, kind="question", goals=["cloud"]
            ),
            Contribution(
                id="q2", event="ws", author="bo", at=T0 + d, kind="concern", goals=["cloud"]
            ),
            Contribution(id="i1", event="ws", author="bo", at=T0 + d, kind="idea", goals=["cloud"]),
            Contribution(
                id="i2", event="forum", author="di", at=T0 + 2 * d, kind="idea", goals=["people"]
            ),
            Contribution(
                id="k1", event="forum", author="di", at=T0 + 2 * d, kind="concern", goals=["people"]
            ),
            Contribution(id="q3", event="ws", author="ann", at=T0 + 25 * d, kind="question"),
            Contribution(id="x1", event="ws", author="xo", at=T0 + d, kind="concern"),
        ],
        responses=[
            Response(
                id="r1", contribution="q1", responder="cy", at=T0 + 4.5 * d, outcome="answered"
            ),
            Response(
                id="r2", contribution="q2", responder="ann", at=T0 + 2 * d, outcome="acknowledged"
            ),
            Response(
                id="r3", contribution="q2", responder="gus", at=T0 + 20 * d, outcome="declined"
            ),
            Response(id="r4", contribution="i1", responder="cy", at=T0 + 5 * d, outcome="adopted"),
            Response(
                id="r5", contribution="k1", responder="cy", at=T0 + 3 * d, outcome="acknowledged"
            ),
            Response(id="rx", contribution="x1", responder="cy", at=T0 + 2 * d, outcome="answered"),
        ],
    )


TOWN = town()


def rows(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    """A grouped result as {group: {column: value}}, nulls as None."""
    out: dict[str, dict[str, Any]] = {}
    for record in frame.to_dict("records"):
        group = str(record.pop(key))
        out[group] = {str(k): (None if _null(v) else v) for k, v in record.items()}
    return out


def _null(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def check(got: dict[str, Any], **expected: Any) -> None:
    """``got`` has the ``expected`` values: floats to 1e-12, the rest exactly."""
    for name, want in expected.items():
        have = got[name]
        if isinstance(want, float):
            assert have is not None, (name, got)
            assert abs(have - want) <= TOL, (name, have, want)
        else:
            assert have == want, (name, have, want)


def whole(function: Metric, backend: str, **options: Any) -> dict[str, Any]:
    frame = measured(function, TOWN, backend, as_of=options.pop("as_of", T), **options)
    assert len(frame) == 1, frame
    return rows(frame.assign(_all="all"), "_all")["all"]


def by_group(function: Metric, backend: str, by: str, **options: Any) -> dict[str, dict[str, Any]]:
    options.setdefault("min_group", 1)
    options.setdefault("min_count", 1)
    frame = measured(function, TOWN, backend, as_of=options.pop("as_of", T), by=by, **options)
    key = by.removeprefix("attribute:")
    if by == "period":
        frame[key] = pd.to_datetime(frame[key]).dt.strftime("%Y-%m-%d")
    return rows(frame, key)


# ---------------------------------------------------------------------------
# two-way share


def test_two_way_share_by_hand(backend: str) -> None:
    # pairs (event, person reached) weighted by size:
    # kick (one-way, audience it): ann 1, bo 4 → 5 reached, 0 two-way
    # ws (two-way): ann 1, bo 4, cy 1 (xo external, di only invited) → 6, 6
    # forum (two-way): di 2, cy 1 → 3, 3; news (one-way, audience hr): cy 1, di 2 → 3, 0
    # (gus has left; later has not started) → 9 / 17
    check(whole(two_way_share, backend), size=11, two_way=9, reached=17, value=9 / 17)


def test_two_way_share_grouped_by_hand(backend: str) -> None:
    units = by_group(two_way_share, backend, "unit")
    # it: ann kick 1 + ws 1, bo kick 4 + ws 4 → 5 of 10; hr: cy ws + forum + news (2 of 3),
    # di forum + news (2 of 4) → 4 of 7; ops: eve was reached by nothing
    check(units["it"], size=5, two_way=5, reached=10, value=0.5, suppressed=False)
    check(units["hr"], size=3, two_way=4, reached=7, value=4 / 7)
    check(units["ops"], size=3, two_way=0, reached=0, value=None, reason="no event reached anyone")
    assert set(units) == {"it", "hr", "ops"}  # the external unit is not listed
    goals = by_group(two_way_share, backend, "goal")
    # cloud: kick (5, 0) and ws (6, 6) → 6 / 11; people: forum (3, 3) → 1
    check(goals["cloud"], two_way=6, reached=11, value=6 / 11)
    check(goals["people"], two_way=3, reached=3, value=1.0)
    sites = by_group(two_way_share, backend, "attribute:site")
    # north: ann (1 of 2) + cy (2 of 3) → 3 / 5; south: bo (4 of 8) + di (2 of 4) → 6 / 12
    check(sites["north"], size=2, two_way=3, reached=5, value=0.6)
    check(sites["south"], size=6, two_way=6, reached=12, value=0.5)


def test_by_period_by_hand(backend: str) -> None:
    # calendar months from the one holding the first record (the adoption, 21 February) to
    # T: every event by T started in March; in February and the first days of April nothing
    # happened. February's size counts gus, who was still there at its end
    periods = by_group(two_way_share, backend, "period")
    assert list(periods) == ["2025-02-01", "2025-03-01", "2025-04-01"]
    check(periods["2025-02-01"], size=12, reached=0, value=None, reason="no event reached anyone")
    check(periods["2025-03-01"], size=11, two_way=9, reached=17, value=9 / 17)
    check(periods["2025-04-01"], size=11, value=None, reason="no event reached anyone")
    # the leaders' four events all started in March
    led = by_group(enabling_ratio, backend, "period")
    check(led["2025-03-01"], two_way=2, events=4, value=0.5)
    check(led["2025-04-01"], events=0, reason="leaders organised or facilitated no event")


# ---------------------------------------------------------------------------
# voice


def test_voice_by_hand(backend: str) -> None:
    # participants in two-way events: ann 1, bo 4, cy 1, di 2 = 8; all but cy contributed
    # (eve contributed but never took part in a two-way event) → 7 / 8
    check(whole(voice, backend), voiced=7, participants=8, value=7 / 8)
    units = by_group(voice, backend, "unit")
    check(units["it"], voiced=5, participants=5, value=1.0)
    check(units["hr"], voiced=2, participants=3, value=2 / 3)
    check(units["ops"], value=None, reason="no participants in two-way events")


# ---------------------------------------------------------------------------
# responsiveness and latency


def test_responsiveness_by_hand(backend: str) -> None:
    # at day 30 with the 14-day SLA: q1 answered after 3.5 days (due, in time); q2 declined
    # after 19 days (due, late); k1 only acknowledged, deadline day 16 (due, unanswered);
    # q3 asked on day 25, deadline day 39 (not due); x1 is an external's → 1 / 3
    check(whole(responsiveness, backend), answered=1, due=3, value=1 / 3)
    # a 20-day SLA: q2 is in time, k1 (deadline day 22) still due → 2 / 3
    check(whole(responsiveness, backend, sla_days=20), answered=2, due=3, value=2 / 3)
    # no SLA at all: q1 is late too, q3 is due → 0 / 4
    check(whole(responsiveness, backend, sla_days=0), answered=0, due=4, value=0.0)


def test_responsiveness_over_time_by_hand(backend: str) -> None:
    # day 3: nothing answered, every deadline ahead: nothing is due
    early = whole(responsiveness, backend, as_of=T0 + 3 * DAY)
    check(early, answered=0, due=0, value=None, reason="no questions or concerns due")
    # day 5: q1 is due because it was answered (day 4.5), before its deadline; q2 and k1 were
    # only acknowledged, and their deadlines are ahead
    check(whole(responsiveness, backend, as_of=T0 + 5 * DAY), answered=1, due=1, value=1.0)
    # day 16: q1 answered; q2's deadline (day 15) has passed; k1's deadline is day 16 itself
    check(whole(responsiveness, backend, as_of=T0 + 16 * DAY), answered=1, due=3, value=1 / 3)


def test_responsiveness_grouped_by_hand(backend: str) -> None:
    units = by_group(responsiveness, backend, "unit")
    # it: q1 (in time), q2 (late); q3 not due → 1 / 2; hr: k1 → 0 / 1; ops asked nothing
    check(units["it"], answered=1, due=2, value=0.5)
    check(units["hr"], answered=0, due=1, value=0.0)
    check(units["ops"], answered=0, due=0, value=None, reason="no questions or concerns due")
    goals = by_group(responsiveness, backend, "goal")
    # cloud: q1, q2 → 1 / 2; people: k1 → 0 / 1 (q3 has no goal)
    check(goals["cloud"], answered=1, due=2, value=0.5)
    check(goals["people"], answered=0, due=1, value=0.0)


def test_small_groups_are_suppressed(backend: str) -> None:
    # the default minimum of 5 people: it (5) is published, hr and ops (3 each) are not;
    # neither can be recovered from it and the whole, as the other stays withheld
    frame = measured(responsiveness, TOWN, backend, as_of=T, by="unit")
    units = rows(frame, "unit")
    check(units["it"], answered=1, due=2, value=0.5, suppressed=False)
    for unit in ("hr", "ops"):
        assert units[unit]["suppressed"] is True
        assert units[unit]["value"] is None
        assert units[unit]["due"] is None
        assert units[unit]["reason"].startswith("suppressed")


def test_latency_by_hand(backend: str) -> None:
    # answered by day 30: q1 after 3.5 days, q2 after 19 → median (3.5 + 19) / 2 = 11.25 days
    check(whole(latency, backend), answered=2, value=11.25)
    # on day 10 only q1 had its answer
    check(whole(latency, backend, as_of=T0 + 10 * DAY), answered=1, value=3.5)
    units = by_group(latency, backend, "unit")
    check(units["it"], answered=2, value=11.25)
    check(units["hr"], answered=0, value=None, reason="no questions or concerns answered")


def test_latency_median_is_exact(backend: str) -> None:
    # five questions answered after 1, 2, 2, 10 and 30 days: the median is 2 (an odd
    # count takes the middle one; ties are fine)
    waits = [1, 2, 2, 10, 30]
    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
        events=[Event(id="f", kind="digital_platform", title="Forum", start=T0)],
        contributions=[
            Contribution(id=f"q{i}", event="f", author="ann", at=T0, kind="question")
            for i in range(len(waits))
        ],
        responses=[
            Response(id=f"r{i}", contribution=f"q{i}", at=T0 + w * DAY, outcome="answered")
            for i, w in enumerate(waits)
        ],
    )
    assert value(latency, process, backend) == 2.0
    # a question without a time is asked when its event starts; answered before that (it
    # may be), it waited 0 days, not a negative number: 0, 0 and 10 days → 0
    early = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id="ann", name="Ann", unit="it")],
        events=[Event(id="f", kind="digital_platform", title="Forum", start=T0)],
        contributions=[
            Contribution(id=f"q{i}", event="f", author="ann", kind="question") for i in range(3)
        ],
        responses=[
            Response(id=f"r{i}", contribution=f"q{i}", at=T0 + w * DAY, outcome="answered")
            for i, w in enumerate([-3, -1, 10])
        ],
    )
    assert value(latency, early, backend) == 0.0


# ---------------------------------------------------------------------------
# uptake and closing the loop


def test_uptake_by_hand(backend: str) -> None:
    # ideas and concerns: q2, i1, i2, k1 (x1 is an external's); i1 adopted by a response,
    # i2 and k1 cited by revision v2 (day 20); q2 declined → 3 / 4
    check(whole(uptake, backend), adopted=3, ideas_and_concerns=4, value=0.75)
    # on day 10, before the revision: only i1 → 1 / 4
    check(whole(uptake, backend, as_of=T0 + 10 * DAY), adopted=1, value=0.25)
    units = by_group(uptake, backend, "unit")
    check(units["it"], adopted=1, ideas_and_concerns=2, value=0.5)
    check(units["hr"], adopted=2, ideas_and_concerns=2, value=1.0)
    check(units["ops"], value=None, reason="no ideas or concerns")


def test_closing_the_loop_by_hand(backend: str) -> None:
    # contributors: ann 1 (q1 answered), bo 4 (q2 acknowledged and declined, i1 adopted),
    # di 2 (k1 acknowledged: any response counts), eve 3 (c1, no response) → 7 / 10
    check(whole(closing_the_loop, backend), heard=7, contributors=10, value=0.7)
    units = by_group(closing_the_loop, backend, "unit")
    check(units["it"], heard=5, contributors=5, value=1.0)
    check(units["hr"], heard=2, contributors=2, value=1.0)
    check(units["ops"], heard=0, contributors=3, value=0.0)


# ---------------------------------------------------------------------------
# voice equality


def test_voice_equality_by_hand(backend: str) -> None:
    # participants (unweighted): ann 2 (q1, q3), bo 2, cy 0 (took part only), di 2, eve 1;
    # n = 5, 7 contributions. Unordered pairs differ by 2 (2 vs 0, three times), 1 (2 vs 1,
    # three times) and 1 (0 vs 1): 10, so 20 over ordered pairs; G = 20 / (2 · 5 · 7) = 2/7
    check(whole(voice_equality, backend), participants=5, contributions=7, value=5 / 7)
    units = by_group(voice_equality, backend, "unit")
    # it: 2 and 2 → G = 0; hr: 0 and 2 → G = 4 / (2 · 2 · 2) = 1/2; ops: eve alone
    check(units["it"], participants=2, contributions=4, value=1.0)
    check(units["hr"], participants=2, contributions=2, value=0.5)
    check(units["ops"], participants=1, value=None, reason="fewer than 2 participants")


@pytest.mark.parametrize("backend", ["polars", "pandas"])
def test_voice_equality_with_many_people_per_count(backend: str) -> None:
    # 140,000 people take part in one workshop; 70,000 of them make one contribution each,
    # the others none. Two counts, 0 and 1, each held by f = 70,000 people: the ordered
    # pairs that differ sum to 2 · f · f · 1 = 9.8e9 (more than an unsigned 32-bit count of
    # rows can hold when multiplied), n = 140,000, 70,000 contributions:
    # G = 9.8e9 / (2 · 140,000 · 70,000) = 1/2
    import polars as pl

    small = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id="s0", name="s0", unit="it")],
        events=[
            Event(
                id="ws",
                kind="workshop",
                title="Workshop",
                start=datetime(2025, 3, 1, tzinfo=UTC),
                participations=[Participation(stakeholder="s0")],
            )
        ],
        contributions=[
            Contribution(
                id="c0",
                event="ws",
                author="s0",
                kind="idea",
                text="An idea",
                at=datetime(2025, 3, 1, 10, tzinfo=UTC),
            )
        ],
    )
    frames = dict(to_tables(small, backend="polars").items())
    people = pl.Series([f"s{i}" for i in range(140_000)])

    def repeated(name: str, column: str, ids: pl.Series) -> pl.DataFrame:
        row = frames[name]
        return (
            row.select(pl.exclude(column).repeat_by(len(ids)).explode())
            .with_columns(ids.alias(column))
            .select(row.columns)
        )

    frames["stakeholders"] = repeated("stakeholders", "id", people)
    frames["participations"] = repeated("participations", "stakeholder", people)
    authored = repeated("contributions", "author", people[:70_000])
    frames["contributions"] = authored.with_columns(
        pl.Series([f"c{i}" for i in range(70_000)]).alias("id")
    )
    tables = Tables(frames)
    result = as_pandas(voice_equality(tables_in(tables, backend)), backend)
    assert result["participants"].iloc[0] == 140_000
    assert result["contributions"].iloc[0] == 70_000
    assert result["value"].iloc[0] == pytest.approx(0.5, abs=1e-12)


def test_voice_equality_without_contributions(backend: str) -> None:
    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[Stakeholder(id=s, name=s, unit="it") for s in ("ann", "bo")],
        events=[
            Event(
                id="ws",
                kind="workshop",
                title="Workshop",
                start=T0,
                participations=[Participation(stakeholder="ann"), Participation(stakeholder="bo")],
            )
        ],
    )
    result = rows(measured(voice_equality, process, backend).assign(_all="all"), "_all")["all"]
    check(result, participants=2, contributions=0, value=None, reason="no contributions")


# ---------------------------------------------------------------------------
# leadership


def test_enabling_ratio_by_hand(backend: str) -> None:
    # leaders: cy and gus (left on day 25, still counted for what he led). cy organised kick
    # and news (one-way) and facilitated ws (two-way); gus organised forum (two-way) → 2 / 4
    check(whole(enabling_ratio, backend), two_way=2, events=4, value=0.5)
    units = by_group(enabling_ratio, backend, "unit")
    check(units["hr"], two_way=2, events=4, value=0.5)
    check(units["it"], value=None, reason="leaders organised or facilitated no event")
    sites = by_group(enabling_ratio, backend, "attribute:site")
    # north (cy): kick, ws, news → 1 / 3; south (gus): forum → 1 / 1
    check(sites["north"], two_way=1, events=3, value=1 / 3)
    check(sites["south"], two_way=1, events=1, value=1.0)
    goals = by_group(enabling_ratio, backend, "goal")
    # cloud: kick, ws → 1 / 2; people: forum → 1 / 1 (news has no goal)
    check(goals["cloud"], two_way=1, events=2, value=0.5)
    check(goals["people"], two_way=1, events=1, value=1.0)


def test_leader_responsiveness_by_hand(backend: str) -> None:
    # concerns: q2 (declined by gus, a leader, on day 20) and k1 (only acknowledged by cy)
    # → 1 / 2; x1 is an external's
    check(whole(leader_responsiveness, backend), answered=1, concerns=2, value=0.5)
    # on day 10 gus had not answered yet
    check(whole(leader_responsiveness, backend, as_of=T0 + 10 * DAY), answered=0, value=0.0)
    # with external people: x1, answered by cy, counts too → 2 / 3
    check(
        whole(leader_responsiveness, backend, internal_only=False),
        answered=2,
        concerns=3,
        value=2 / 3,
    )
    units = by_group(leader_responsiveness, backend, "unit")
    check(units["it"], answered=1, concerns=1, value=1.0)
    check(units["hr"], answered=0, concerns=1, value=0.0)
    check(units["ops"], value=None, reason="no concerns")


# ---------------------------------------------------------------------------
# options


def test_options_are_checked() -> None:
    tables = to_tables(TOWN)
    bad: Any
    for bad in (-1, float("nan"), "14", True):
        with pytest.raises(ValidationError, match="sla_days"):
            responsiveness(tables, sla_days=bad)
    for function in METRICS.values():
        with pytest.raises(ValidationError, match="cannot group"):
            function(tables, by="stakeholder")


# ---------------------------------------------------------------------------
# properties


def attribute_key(process: StrategyProcess) -> str:
    keys = sorted({key for s in process.stakeholders for key in s.attributes})
    return keys[0] if keys else "none"


GROUPINGS = st.sampled_from([None, "unit", "role", "goal", "period", "attribute:"])
SOME_METRICS = st.lists(st.sampled_from(sorted(METRICS)), min_size=1, max_size=3, unique=True)


def options_for(by: str | None, process: StrategyProcess) -> dict[str, Any]:
    """Options for a grouped run: every group published, periods of five years."""
    if by == "attribute:":
        by = "attribute:" + attribute_key(process)
    return {"by": by, "min_group": 1, "min_count": 1, "period": "25YS"}


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Periods as datetimes and columns of nulls as floats (backends read them back
    differently); other nulls as None."""
    out = frame.copy()
    if "period" in out.columns:
        out["period"] = pd.to_datetime(out["period"])
    for column in out.columns:
        if out[column].isna().all():
            out[column] = pd.Series(float("nan"), index=out.index, dtype="float64")
        elif out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), None)
    return out


def assert_same(got: pd.DataFrame, expected: pd.DataFrame, name: str) -> None:
    pd.testing.assert_frame_equal(
        normalised(got),
        normalised(expected),
        check_dtype=False,
        check_exact=False,
        rtol=TOL,
        atol=TOL,
        obj=name,
    )


def moments(process: StrategyProcess) -> st.SearchStrategy[datetime]:
    known = process.times()
    return st.sampled_from(known) | datetimes() if known else datetimes()


def in_range(name: str, frame: pd.DataFrame) -> None:
    """Values in [0, 1] (latency: days ≥ 0) or null, and a reason exactly where null."""
    values = frame["value"].dropna()
    assert (values >= 0).all(), (name, frame)
    if name != "latency":
        assert (values <= 1).all(), (name, frame)
    columns = list(frame.columns)
    evidence = columns[columns.index("size") + 1 : columns.index("value")]
    if name not in ("latency", "voice_equality"):
        numerator, denominator = evidence
        counted = frame[frame[denominator].notna()]  # suppressed counts are null
        assert (counted[numerator] <= counted[denominator]).all(), (name, frame)
    assert frame.loc[frame["value"].isna(), "reason"].notna().all(), (name, frame)
    assert frame.loc[frame["value"].notna(), "reason"].isna().all(), (name, frame)


# Each example runs a few metrics drawn at random (all of them, over the examples): a
# metric costs a fraction of a second, and the processes are where the variety lies.


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), data=st.data())
def test_values_in_range_and_row_order_does_not_matter(
    process: StrategyProcess, data: st.DataObject
) -> None:
    names = data.draw(SOME_METRICS, label="metrics")
    options = options_for(data.draw(GROUPINGS, label="by"), process)
    seed = data.draw(st.integers(min_value=0, max_value=2**32 - 1), label="seed")
    tables = tables_in(process, "polars")
    mixed = {
        name: frame.sample(fraction=1.0, shuffle=True, seed=seed) for name, frame in tables.items()
    }
    for name in names:
        function = METRICS[name]
        expected = as_pandas(function(tables, **options), "polars")
        in_range(name, expected)
        assert_same(as_pandas(function(mixed, **options), "polars"), expected, name)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), data=st.data())
def test_as_of_agrees_with_the_process_as_of(process: StrategyProcess, data: st.DataObject) -> None:
    names = data.draw(SOME_METRICS, label="metrics")
    t = data.draw(moments(process), label="t")
    options = options_for(data.draw(GROUPINGS, label="by"), process)
    full = tables_in(process, "polars")
    cut = tables_in(process.as_of(t), "polars")
    for name in names:
        function = METRICS[name]
        assert_same(
            as_pandas(function(cut, as_of=t, **options), "polars"),
            as_pandas(function(full, as_of=t, **options), "polars"),
            name,
        )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), data=st.data())
def test_backends_agree(process: StrategyProcess, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(METRICS)), label="metric")
    options = options_for(data.draw(GROUPINGS, label="by"), process)
    t = data.draw(st.none() | moments(process), label="as_of")
    tables = to_tables(process)
    expected = measured(METRICS[name], tables, "pandas", as_of=t, **options)
    for other in ("polars", "duckdb"):
        assert_same(measured(METRICS[name], tables, other, as_of=t, **options), expected, name)


ADDED = "added-response"


@st.composite
def answered_later(draw: st.DrawFn) -> tuple[StrategyProcess, StrategyProcess, datetime]:
    """A process, the same with one more response to a question or concern, and a moment."""
    process = draw(processes(min_stakeholders=1))
    asked = [c for c in process.contributions if c.kind in ("question", "concern")]
    assume(asked and all(r.id != ADDED for r in process.responses))
    starts = {e.id: e.start for e in process.events}
    external = {u.id for u in process.units if u.external}
    joined = {s.id: s.joined for s in process.stakeholders if s.unit not in external}

    def counted_from(c: Contribution) -> datetime:  # once it is asked and its event started
        return max(c.at or starts[c.event], starts[c.event])

    def heard(c: Contribution) -> bool:  # by someone internal, in scope by then
        return c.author in joined and (joined[c.author] or counted_from(c)) <= counted_from(c)

    source = draw(st.sampled_from([c for c in asked if heard(c)] or asked))
    base = counted_from(source)
    waited = draw(
        st.sampled_from([0.0, 1.0, 13.5, 14.0, 14.5, 30.0, 400.0])
        | st.floats(min_value=0, max_value=60)
    )
    at = base + timedelta(days=waited)
    if source.at is None and draw(st.integers(0, 3)) == 0:
        at = draw(datetimes())  # a contribution without a time may be answered at any time
    people = [s.id for s in process.stakeholders]
    response = Response(
        id=ADDED,
        contribution=source.id,
        responder=draw(st.none() | st.sampled_from(people)),
        at=at,
        outcome=draw(st.sampled_from(["acknowledged", "answered", "adopted", "declined"])),
    )
    more = attrs.evolve(process, responses=(*process.responses, response))
    near = st.sampled_from([at, at + DAY, at + 15 * DAY])
    t = draw(moments(process) if draw(st.integers(0, 3)) == 0 else near)
    return process, more, t


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=answered_later(),
    sla=st.sampled_from([14, 30.5, 0]),
    by=st.sampled_from([None, "unit", "goal"]),
    internal_only=st.booleans(),
)
def test_a_response_never_lowers_responsiveness_or_closing_the_loop(
    case: tuple[StrategyProcess, StrategyProcess, datetime],
    sla: float,
    by: str | None,
    internal_only: bool,
) -> None:
    # within or after the SLA, any outcome: an answer can only make a question due and
    # answered at once, an acknowledgement changes nothing, a late answer only what was due
    process, more, t = case
    before_tables = tables_in(process, "polars")
    after_tables = tables_in(more, "polars")
    options: dict[str, Any] = {
        "by": by,
        "min_group": 1,
        "min_count": 1,
        "internal_only": internal_only,
    }
    # (metric, its options, its evidence: what counts for it, and what it is counted over)
    runs: list[tuple[Metric, dict[str, Any], str, str]] = [
        (responsiveness, {"sla_days": sla}, "answered", "due"),
        (closing_the_loop, {}, "heard", "contributors"),
        (leader_responsiveness, {}, "answered", "concerns"),
    ]
    for function, extra, hit, of in runs:
        before = as_pandas(function(before_tables, as_of=t, **options, **extra), "polars")
        after = as_pandas(function(after_tables, as_of=t, **options, **extra), "polars")
        assert len(before) == len(after)
        for old, new in zip(before["value"], after["value"], strict=True):
            if not pd.isna(old):
                assert not pd.isna(new), (function.__name__, before, after)
                assert new >= old, (function.__name__, before, after)
        # the evidence too: what was answered stays answered, and nothing more goes unanswered
        old_hit, new_hit = before[hit].fillna(0), after[hit].fillna(0)
        old_miss, new_miss = before[of].fillna(0) - old_hit, after[of].fillna(0) - new_hit
        assert (new_hit >= old_hit).all(), (function.__name__, before, after)
        assert (new_miss <= old_miss).all(), (function.__name__, before, after)
