"""Participation metrics: hand-worked examples on every backend, groups, privacy, properties.

Most examples use one small process, :func:`plant`, whose numbers are worked out by hand
in the comments of each test. Every hand-worked test runs on pandas, polars, pyarrow and
DuckDB and compares with 1e-12.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

import attrs
import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metric_support import BACKENDS, measured, tables_in, value
from ownership import (
    Event,
    Goal,
    Participation,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
)
from ownership.errors import ValidationError
from ownership.metrics.participation import (
    continuity,
    depth,
    earliness,
    reach,
    representation,
    stakeholder_continuity,
    unit_coverage,
    unit_mix,
)
from ownership.strategies import datetimes, processes
from ownership.tables import Tables, to_tables

TOL = 1e-12
OPEN: dict[str, Any] = {"min_group": 1, "min_count": 1}  # publish every group with people
T = datetime(2025, 5, 15, tzinfo=UTC)  # the moment most examples are measured at


MONTHS = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"]
"""The periods of :func:`plant` by calendar month, from the one holding its first record."""


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, tzinfo=UTC)


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """Every hand-worked test runs on each backend."""
    name: str = request.param
    return name


# ---------------------------------------------------------------------------
# the process worked by hand


def person(sid: str, unit: str, size: int = 1, **more: Any) -> Stakeholder:
    return Stakeholder(id=sid, name=sid.title(), unit=unit, size=size, **more)


def plant() -> StrategyProcess:
    """A municipality's IT strategy, January to May 2025.

    Units: ``org`` (the root, nobody of its own) above ``it``, ``hr``, ``care``, ``legal``
    and ``ext`` (external). People (size, attributes):

    - ann: it, 1, manager, power .9 + legitimacy .8 (salient), site north
    - bo: it, 3 (a team), team, power .9 only (not salient), site north
    - cy: hr, 1, manager, legitimacy .6 + urgency .7 (salient), site south
    - di: hr, 1, staff, joined 1 March, site south
    - ed: care, 2, staff, power .5 + urgency .5 (salient: the threshold is inclusive),
      site south
    - ho: care, 2, staff, no site
    - li: legal, 1, staff, no site
    - fa: ext (external), 1
    - gu: it, 1, team, left 1 May, site north

    Revisions: v1 on 1 February (the adoption), v2 on 1 April. Events:

    - e1 workshop (collaborate, 3), 10 Jan: ann, cy (facilitator), fa; bo only invited
    - e2 newsletter (inform, 0), 5 Feb: bo
    - e3 survey (consult, 1), 3 Mar: bo, ed; ho only invited
    - e4 meeting at empower (4), 20 Apr: cy, gu
    - e5 digital platform (consult, 1), 10 May: bo

    Goals: g-hr (hr), g-all (org, so every unit), g-care (care), g-none (no unit).
    """
    north, south = {"site": "north"}, {"site": "south"}
    return StrategyProcess(
        units=[
            Unit(id="org", name="Municipality"),
            *(Unit(id=u, name=u.upper(), parent="org") for u in ("it", "hr", "care", "legal")),
            Unit(id="ext", name="Consultants", parent="org", external=True),
        ],
        stakeholders=[
            person("ann", "it", role="manager", power=0.9, legitimacy=0.8, attributes=north),
            person("bo", "it", 3, role="team", power=0.9, attributes=north),
            person("cy", "hr", role="manager", legitimacy=0.6, urgency=0.7, attributes=south),
            person("di", "hr", role="staff", joined=at(3, 1), attributes=south),
            person("ed", "care", 2, role="staff", power=0.5, urgency=0.5, attributes=south),
            person("ho", "care", 2, role="staff"),
            person("li", "legal", role="staff"),
            person("fa", "ext", power=1.0, legitimacy=1.0),
            person("gu", "it", role="team", left=at(5, 1), attributes=north),
        ],
        goals=[
            Goal(id="g-hr", title="HR systems", units=["hr"]),
            Goal(id="g-all", title="Digital workplace", units=["org"]),
            Goal(id="g-care", title="Care records", units=["care"]),
            Goal(id="g-none", title="Data centre"),
        ],
        revisions=[
            Revision(id="v1", at=at(2, 1), title="Strategy adopted"),
            Revision(id="v2", at=at(4, 1), title="Revised"),
        ],
        events=[
            Event(
                id="e1",
                kind="workshop",
                title="Drafting workshop",
                start=at(1, 10),
                participations=[
                    Participation(stakeholder="ann"),
                    Participation(stakeholder="cy", role="facilitator"),
                    Participation(stakeholder="fa"),
                    Participation(stakeholder="bo", role="invited"),
                ],
            ),
            Event(
                id="e2",
                kind="newsletter",
                title="Newsletter",
                start=at(2, 5),
                participations=[Participation(stakeholder="bo")],
            ),
            Event(
                id="e3",
                kind="survey",
                title="Survey",
                start=at(3, 3),
                participations=[
                    Participation(stakeholder="bo"),
                    Participation(stakeholder="ed"),
                    Participation(stakeholder="ho", role="invited"),
                ],
            ),
            Event(
                id="e4",
                kind="meeting",
                title="Steering meeting",
                level="empower",
                start=at(4, 20),
                participations=[Participation(stakeholder="cy"), Participation(stakeholder="gu")],
            ),
            Event(
                id="e5",
                kind="digital_platform",
                title="Forum",
                start=at(5, 10),
                participations=[Participation(stakeholder="bo")],
            ),
        ],
    )


# In scope at T: ann 1, bo 3, cy 1, di 1, ed 2, ho 2, li 1 = 11 people (gu has left, fa is
# external). Took part two-way: ann (e1), cy (e1, e4), bo (e3, e5), ed (e3).


def rows(frame: pd.DataFrame, key: str) -> dict[Any, dict[str, Any]]:
    result: dict[Any, dict[str, Any]] = cast(Any, frame.set_index(key).to_dict("index"))
    return result


def close(got: Any, expected: float | None) -> bool:
    if expected is None:
        return bool(pd.isna(got))
    return not pd.isna(got) and abs(float(got) - expected) <= TOL


def assert_values(frame: pd.DataFrame, key: str, expected: Mapping[Any, float | None]) -> None:
    got = rows(frame, key)
    assert list(got) == list(expected), list(got)
    for group, wanted in expected.items():
        assert close(got[group]["value"], wanted), (group, got[group]["value"], wanted)


# ---------------------------------------------------------------------------
# reach


def test_reach_by_hand(backend: str) -> None:
    result = measured(reach, plant(), backend, as_of=T)
    # ann 1 + bo 3 + cy 1 + ed 2 = 7 of 11; bo's invitation to e1 and his newsletter
    # (one-way) do not count, but his survey does
    assert list(result.columns) == ["size", "reached", "people", "value", "reason"]
    assert result.iloc[0][["size", "reached", "people"]].tolist() == [11, 7, 11]
    assert close(result["value"].iloc[0], 7 / 11)
    assert pd.isna(result["reason"].iloc[0])


def test_reach_as_of_and_external(backend: str) -> None:
    # 2 March: e1 only; in scope ann, bo, cy, di (joined 1 March), ed, ho, li, gu (not yet
    # left) = 12; reached ann + cy = 2
    assert close(value(reach, plant(), backend, as_of=at(3, 2)), 2 / 12)
    # with externals, fa (1 person) is in scope and took part: 8 of 12
    assert close(value(reach, plant(), backend, as_of=T, internal_only=False), 8 / 12)


def test_reach_by_period(backend: str) -> None:
    result = measured(reach, plant(), backend, as_of=T, by="period")
    # periods are calendar months [start, end), from the one holding the first record
    # (e1, 10 Jan); each counts the people in scope just before its end and the two-way
    # events that started in it; the last ends at T.
    # Jan: ann 1, bo 3, cy 1, ed 2, ho 2, li 1, gu 1 = 11; ann + cy → 2/11
    # Feb: nothing two-way (the newsletter informs): 0 of 11 (di joins on 1 March)
    # Mar: bo 3 + ed 2 = 5 of 12; Apr: cy 1 + gu 1 = 2 of 12 (gu leaves on 1 May, after
    # April); May: bo 3 of 11
    expected = dict(zip(pd.to_datetime(MONTHS), [2 / 11, 0.0, 5 / 12, 2 / 12, 3 / 11], strict=True))
    result["period"] = pd.to_datetime(result["period"])
    assert_values(result, "period", expected)


def test_reach_nobody_in_scope_is_null(backend: str) -> None:
    process = StrategyProcess(units=[Unit(id="it", name="IT")])
    result = measured(reach, process, backend)
    assert result["people"].iloc[0] == 0
    assert pd.isna(result["value"].iloc[0])
    assert result["reason"].iloc[0] == "no stakeholders in scope"


def test_reach_by_unit_with_privacy(backend: str) -> None:
    options: dict[str, Any] = {"as_of": T, "by": "unit", "min_group": 3, "min_count": 3}
    result = rows(measured(reach, plant(), backend, **options), "unit")
    # it (4 people): 4/4; care (4): ed 2 of 4; hr (2), legal (1) and org (0) are too small,
    # and neither can be recovered by difference since the other is withheld too
    assert close(result["it"]["value"], 1.0)
    assert close(result["care"]["value"], 0.5)
    assert not result["it"]["suppressed"]
    for unit in ("hr", "legal", "org"):
        assert result[unit]["suppressed"]
        assert pd.isna(result[unit]["value"])
        assert result[unit]["reason"].startswith("suppressed: fewer than 3 people")
    assert "ext" not in result  # external units are not groups with internal_only


# ---------------------------------------------------------------------------
# unit coverage


def test_unit_coverage_by_hand(backend: str) -> None:
    result = measured(unit_coverage, plant(), backend, as_of=T)
    # units with people in scope: it, hr, care, legal (org has nobody of its own, ext is
    # external); covered: it (ann, bo), hr (cy), care (ed); legal (li) is not → 3/4
    assert result.iloc[0][["covered", "units"]].tolist() == [3, 4]
    assert close(result["value"].iloc[0], 0.75)
    # with externals ext is a unit with people, covered by fa: 4/5
    assert close(value(unit_coverage, plant(), backend, as_of=T, internal_only=False), 0.8)


def test_unit_coverage_by_goal(backend: str) -> None:
    result = measured(unit_coverage, plant(), backend, as_of=T, by="goal", **OPEN)
    # g-all: org and its sub-units → it, hr, care, legal: 3/4; g-care: care 1/1;
    # g-hr: hr 1/1; g-none affects no unit: nobody, so withheld (0 people) and null
    assert_values(result, "goal", {"g-all": 0.75, "g-care": 1.0, "g-hr": 1.0, "g-none": None})
    got = rows(result, "goal")
    assert (got["g-all"]["covered"], got["g-all"]["units"]) == (3, 4)
    assert got["g-none"]["suppressed"]


def test_unit_coverage_by_period(backend: str) -> None:
    result = measured(unit_coverage, plant(), backend, as_of=T, by="period")
    # units with people in every month: it, hr (cy), care, legal
    # Jan: it (ann), hr (cy): 2/4; Feb: 0/4; Mar: it (bo), care (ed): 2/4;
    # Apr: hr (cy), it (gu, who leaves on 1 May, after April): 2/4; May: it (bo): 1/4
    result["period"] = pd.to_datetime(result["period"])
    expected = dict(zip(pd.to_datetime(MONTHS), [0.5, 0.0, 0.5, 0.5, 0.25], strict=True))
    assert_values(result, "period", expected)
    assert result["units"].tolist() == [4] * 5


def test_unit_coverage_without_people_is_null(backend: str) -> None:
    process = StrategyProcess(units=[Unit(id="it", name="IT")])
    result = measured(unit_coverage, process, backend)
    assert result.iloc[0][["covered", "units"]].tolist() == [0, 0]
    assert pd.isna(result["value"].iloc[0])
    assert result["reason"].iloc[0] == "no unit has stakeholders in scope"


# ---------------------------------------------------------------------------
# depth


def test_depth_by_hand(backend: str) -> None:
    result = measured(depth, plant(), backend, as_of=T)
    # highest ranks: ann 3 (workshop), bo 1 (survey beats his newsletter's 0; e1 was only
    # an invitation), cy 4 (empower beats her facilitation at 3), ed 1, di, ho, li 0
    # level_sum = 3 + 3·1 + 4 + 2·1 = 12; people = 11; value = 12 / 44
    assert result.iloc[0][["level_sum", "people"]].tolist() == [12, 11]
    assert close(result["value"].iloc[0], 12 / 44)


def test_depth_by_role_and_attribute(backend: str) -> None:
    by_role = measured(depth, plant(), backend, as_of=T, by="role", **OPEN)
    # manager: ann 3 + cy 4 = 7 / (4·2); team: bo 3·1 / (4·3) (gu has left);
    # staff: di 0 + ed 2·1 + ho 0 + li 0 = 2 / (4·6)
    assert_values(by_role, "role", {"manager": 7 / 8, "staff": 2 / 24, "team": 3 / 12})
    by_site = measured(depth, plant(), backend, as_of=T, by="attribute:site", **OPEN)
    # north: ann 3 + bo 3 = 6 / (4·4); south: cy 4 + di 0 + ed 2 = 6 / (4·4);
    # ho and li have no site and are in no group
    assert_values(by_site, "site", {"north": 6 / 16, "south": 6 / 16})
    assert by_site["size"].tolist() == [4, 4]


def test_depth_by_unit_suppresses_small_units(backend: str) -> None:
    result = measured(depth, plant(), backend, as_of=T, by="unit", min_group=3, min_count=3)
    # it: ann 3 + bo 3 = 6/16; care: ed 2 = 2/16; hr (2), legal (1), org (0) withheld
    assert_values(
        result,
        "unit",
        {"care": 2 / 16, "hr": None, "it": 6 / 16, "legal": None, "org": None},
    )
    got = rows(result, "unit")
    assert [got[u]["suppressed"] for u in ("care", "hr", "it", "legal", "org")] == [
        False,
        True,
        False,
        True,
        True,
    ]
    assert pd.isna(got["hr"]["level_sum"])  # counts are withheld too (2 < min_count)


def test_depth_counts_one_way_attendance_as_zero(backend: str) -> None:
    # as of 6 February bo had only the newsletter (inform): he counts 0, like someone who
    # did nothing; ann 3 + cy 3 (facilitating the workshop) = 6 over 4 · 11 (ann 1, bo 3,
    # cy 1, ed 2, ho 2, li 1, gu 1)
    result = measured(depth, plant(), backend, as_of=at(2, 6))
    assert result.iloc[0][["level_sum", "people"]].tolist() == [6, 11]
    assert close(result["value"].iloc[0], 6 / 44)


# ---------------------------------------------------------------------------
# earliness


def test_earliness_by_hand(backend: str) -> None:
    result = measured(earliness, plant(), backend, as_of=T)
    # salient (2 of 3 attributes ≥ 0.5): ann, cy, ed (0.5 counts) → 1 + 1 + 2 = 4;
    # two-way before the adoption on 1 Feb: e1 → ann, cy → 2; fa is external
    assert result.iloc[0][["salient", "early"]].tolist() == [4, 2]
    assert close(result["value"].iloc[0], 0.5)


def test_earliness_options(backend: str) -> None:
    # threshold 0.55: ed's 0.5 no longer counts → ann, cy: 2 of 2
    assert close(value(earliness, plant(), backend, as_of=T, attribute_threshold=0.55), 1.0)
    # one attribute is enough: bo (power .9, 3 people) joins → 2 of 7
    assert close(value(earliness, plant(), backend, as_of=T, salient_attributes=1), 2 / 7)
    # all three: nobody in scope holds all three (fa does, but is external)
    result = measured(earliness, plant(), backend, as_of=T, salient_attributes=3)
    assert result.iloc[0][["salient", "early"]].tolist() == [0, 0]
    assert pd.isna(result["value"].iloc[0])
    assert result["reason"].iloc[0] == "no high-salience stakeholders in scope"


def test_earliness_before_adoption_is_null(backend: str) -> None:
    result = measured(earliness, plant(), backend, as_of=at(1, 31))
    # ann, cy and ed (2) are salient, but there is no revision yet: not adopted
    assert result.iloc[0][["salient", "early"]].tolist() == [4, 0]
    assert pd.isna(result["value"].iloc[0])
    assert result["reason"].iloc[0] == "strategy not adopted by t (no revision yet)"


def test_earliness_by_goal_and_unit(backend: str) -> None:
    options: dict[str, Any] = {"as_of": T, "attribute_threshold": 0.55, **OPEN}
    by_goal = measured(earliness, plant(), backend, by="goal", **options)
    # threshold 0.55 → salient: ann (it), cy (hr); ed's 0.5 is not enough
    # g-all: ann, cy both early → 1; g-hr: cy early → 1; g-care: nobody salient → null
    assert_values(by_goal, "goal", {"g-all": 1.0, "g-care": None, "g-hr": 1.0, "g-none": None})
    got = rows(by_goal, "goal")
    assert got["g-care"]["reason"] == "no high-salience stakeholders in scope"
    assert not got["g-care"]["suppressed"]  # 4 people: published, but undefined
    two = {**options, "min_group": 2, "min_count": 2}
    by_unit = measured(earliness, plant(), backend, by="unit", **two)
    # it: ann 1/1; care: null (nobody salient); legal (1 person) and org (0) are too small;
    # hr (2 people, cy 1/1) would give legal back as the whole minus it, hr and care, so
    # hr, the smallest of those, is withheld too
    got = rows(by_unit, "unit")
    assert close(got["it"]["value"], 1.0)
    assert (got["it"]["salient"], got["it"]["early"]) == (1, 1)
    assert got["care"]["reason"] == "no high-salience stakeholders in scope"
    assert not got["care"]["suppressed"]
    assert got["legal"]["reason"] == "suppressed: fewer than 2 people"
    assert got["hr"]["suppressed"]
    assert pd.isna(got["hr"]["value"])
    assert got["hr"]["reason"].startswith("suppressed: ")
    assert "fewer than" not in got["hr"]["reason"]


def test_earliness_rejects_bad_options() -> None:
    tables = to_tables(plant())
    with pytest.raises(ValidationError, match="attribute_threshold: must be a number in"):
        earliness(tables, attribute_threshold=1.5)
    with pytest.raises(ValidationError, match="salient_attributes: must be 1, 2 or 3"):
        earliness(tables, salient_attributes=0)
    with pytest.raises(ValidationError, match="cannot group this metric by 'period'"):
        earliness(tables, by="period")


# ---------------------------------------------------------------------------
# continuity


def test_continuity_by_hand(backend: str) -> None:
    result = measured(continuity, plant(), backend, as_of=T)
    # adoption 1 Feb → Feb, Mar, Apr, May: 4 months; two-way by people in scope:
    # Mar (e3), Apr (e4: cy), May (e5); February only had a newsletter → 3/4
    assert result.iloc[0][["periods", "active_periods"]].tolist() == [4, 3]
    assert close(result["value"].iloc[0], 0.75)


def test_continuity_period_of_adoption_counts_whole(backend: str) -> None:
    # in quarters: Q1 (from 1 Jan, holding the adoption) and Q2; e1 on 10 Jan falls in
    # the quarter of adoption, so Q1 is active, and Q2 has e4, e5 → 2/2
    result = measured(continuity, plant(), backend, as_of=T, period="QS")
    assert result.iloc[0][["periods", "active_periods"]].tolist() == [2, 2]
    assert close(result["value"].iloc[0], 1.0)
    # in weeks from Monday: adoption Sat 1 Feb → week of Mon 27 Jan; T (Thu 15 May) is in
    # the week of Mon 12 May: 16 weeks. Active: weeks of 3 Mar, 14 Apr (e4 on Sun 20 Apr)
    # and 5 May (e5 on Sat 10 May) → 3/16
    weekly = measured(continuity, plant(), backend, as_of=T, period="W-MON")
    assert weekly.iloc[0][["periods", "active_periods"]].tolist() == [16, 3]


def test_continuity_in_days_by_ranking_and_by_comparing(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1 Feb through Thu 15 May is 28 + 31 + 30 + 15 = 104 days: more periods than
    # _FEW_PERIODS, so each time's period is found by ranking; e3, e4 and e5 (the two-way
    # events of people in scope since adoption) are on three days → 3/104. With the limit
    # raised, the periods are found by comparing each time with every period start: the same
    import ownership.metrics.participation as participation_module

    ranked = measured(continuity, plant(), backend, as_of=T, period="D")
    assert ranked.iloc[0][["periods", "active_periods"]].tolist() == [104, 3]
    assert close(ranked["value"].iloc[0], 3 / 104)
    monkeypatch.setattr(participation_module, "_FEW_PERIODS", 1_000)
    compared = measured(continuity, plant(), backend, as_of=T, period="D")
    assert compared.iloc[0][["periods", "active_periods"]].tolist() == [104, 3]


def test_continuity_by_unit(backend: str) -> None:
    result = measured(continuity, plant(), backend, as_of=T, by="unit", **OPEN)
    # it: bo in Mar and May → 2/4; hr: cy in Apr → 1/4; care: ed in Mar → 1/4;
    # legal: never → 0/4; org: nobody (0 people, withheld)
    assert_values(result, "unit", {"care": 0.25, "hr": 0.25, "it": 0.5, "legal": 0.0, "org": None})
    got = rows(result, "unit")
    assert got["legal"]["periods"] == 4
    assert pd.isna(got["legal"]["reason"])
    by_site = measured(continuity, plant(), backend, as_of=T, by="attribute:site", **OPEN)
    # north: ann, bo → Mar, May; south: cy, di, ed → Mar (ed), Apr (cy)
    assert_values(by_site, "site", {"north": 0.5, "south": 0.5})


def test_continuity_not_adopted_is_null(backend: str) -> None:
    result = measured(continuity, plant(), backend, as_of=at(1, 31))
    assert result.iloc[0][["periods", "active_periods"]].tolist() == [0, 0]
    assert pd.isna(result["value"].iloc[0])
    assert result["reason"].iloc[0] == "strategy not adopted by t (no revision yet)"
    by_unit = measured(continuity, plant(), backend, as_of=at(1, 31), by="unit", **OPEN)
    published = by_unit[~by_unit["suppressed"]]
    assert set(published["reason"]) == {"strategy not adopted by t (no revision yet)"}


def test_stakeholder_continuity_by_hand(backend: str) -> None:
    result = measured(stakeholder_continuity, plant(), backend, as_of=T)
    assert list(result.columns) == ["stakeholder", "periods", "active_periods", "value", "reason"]
    # months since each one's first two-way participation, through May:
    # ann: Jan (e1) → 5 months, active 1; bo: Mar (e3; the newsletter does not count), May
    # (e5) → 3 months, active 2; cy: Jan, Apr → 5, 2; ed: Mar → 3, 1; di, ho, li: never
    expected = {
        "ann": (5, 1, 1 / 5),
        "bo": (3, 2, 2 / 3),
        "cy": (5, 2, 2 / 5),
        "di": (0, 0, None),
        "ed": (3, 1, 1 / 3),
        "ho": (0, 0, None),
        "li": (0, 0, None),
    }
    got = rows(result, "stakeholder")
    assert list(got) == list(expected)
    for sid, (periods, active, share) in expected.items():
        assert (got[sid]["periods"], got[sid]["active_periods"]) == (periods, active), sid
        assert close(got[sid]["value"], share), sid
        never = "never took part in a two-way event"
        reason = got[sid]["reason"]
        assert (reason == never) if share is None else pd.isna(reason), sid
    # with externals fa appears: e1 in January → 1 of 5
    wide = rows(
        measured(stakeholder_continuity, plant(), backend, as_of=T, internal_only=False),
        "stakeholder",
    )
    assert close(wide["fa"]["value"], 1 / 5)


def test_stakeholder_continuity_nobody_involved(backend: str) -> None:
    result = measured(stakeholder_continuity, plant(), backend, as_of=at(1, 5))
    # nobody had taken part yet: every row null; di had not joined
    assert list(result["stakeholder"]) == ["ann", "bo", "cy", "ed", "gu", "ho", "li"]
    assert result["value"].isna().all()
    assert (result["periods"] == 0).all()


def test_continuity_rejects_bad_period() -> None:
    tables = to_tables(plant())
    with pytest.raises(ValidationError, match="period: not a period: 'monthly'"):
        continuity(tables, period="monthly")
    with pytest.raises(ValidationError, match="period: not a period"):
        stakeholder_continuity(tables, period="-1MS")
    with pytest.raises(ValidationError, match="cannot group this metric by 'period'"):
        continuity(tables, by="period")


# ---------------------------------------------------------------------------
# representation and unit mix


def test_representation_by_hand(backend: str) -> None:
    result = measured(representation, plant(), backend, as_of=T)
    # rates: it 4/4 = 1, hr 1/2, care 2/4, legal 0/1 → 0 / 1
    assert result.iloc[0][["units", "lowest", "highest"]].tolist() == [4, 0.0, 1.0]
    assert close(result["value"].iloc[0], 0.0)


def shares() -> StrategyProcess:
    """Three units at different rates: a 2 of 4 (a group of 2 and two people), b 1 of 1,
    c 1 of 5 (a team of 4 did not take part)."""
    return StrategyProcess(
        units=[Unit(id=u, name=u) for u in ("a", "b", "c")],
        stakeholders=[
            person("a1", "a", 2),
            person("a2", "a"),
            person("a3", "a"),
            person("b1", "b"),
            person("c1", "c"),
            person("c2", "c", 4),
        ],
        events=[
            Event(
                id="e",
                kind="town_hall",
                title="Town hall",
                start=at(3, 1),
                participations=[Participation(stakeholder=s) for s in ("a1", "b1", "c1")],
            )
        ],
    )


def test_representation_of_rates(backend: str) -> None:
    result = measured(representation, shares(), backend)
    # a: 2/4 = 0.5; b: 1/1; c: 1/5 = 0.2 → 0.2 / 1
    assert result.iloc[0][["units", "lowest", "highest"]].tolist() == [3, 0.2, 1.0]
    assert close(result["value"].iloc[0], 0.2)


def test_representation_nulls(backend: str) -> None:
    one_unit = StrategyProcess(units=[Unit(id="a", name="a")], stakeholders=[person("x", "a")])
    result = measured(representation, one_unit, backend)
    assert result["units"].iloc[0] == 1
    assert result["reason"].iloc[0] == "fewer than two units with stakeholders in scope"
    nobody = attrs.evolve(shares(), events=())
    result = measured(representation, nobody, backend)
    assert result.iloc[0][["units", "highest"]].tolist() == [3, 0.0]
    assert pd.isna(result["value"].iloc[0])
    assert result["reason"].iloc[0] == "nobody took part in a two-way event"
    empty = measured(representation, StrategyProcess(units=[Unit(id="a", name="a")]), backend)
    assert empty["units"].iloc[0] == 0
    assert empty["reason"].iloc[0] == "fewer than two units with stakeholders in scope"


def test_representation_by_period(backend: str) -> None:
    result = measured(representation, plant(), backend, as_of=T, by="period")
    # Feb: nobody took part → null; Mar: it 3/5 (ann, bo, gu), care 2/4, hr 0, legal 0 → 0
    result["period"] = pd.to_datetime(result["period"])
    got = rows(result, "period")
    assert got[pd.Timestamp("2025-02-01")]["reason"] == "nobody took part in a two-way event"
    march = got[pd.Timestamp("2025-03-01")]
    assert (march["units"], march["lowest"], march["highest"]) == (4, 0.0, 0.6)


def test_unit_mix_by_hand(backend: str) -> None:
    result = measured(unit_mix, plant(), backend, as_of=T)
    # participants r: it 4, hr 1, care 2, legal 0 (R = 7); headcount n: it 4, hr 2, care 4,
    # legal 1 (N = 11). ½ Σ |r/R − n/N| = ½ (16 + 3 + 6 + 7)/77 = 16/77
    assert result.iloc[0][["reached", "people"]].tolist() == [7, 11]
    assert close(result["distance"].iloc[0], 16 / 77)
    assert close(result["value"].iloc[0], 61 / 77)
    # shares(): r = (2, 1, 1), R = 4; n = (4, 1, 5), N = 10;
    # ½ (|1/2 − 2/5| + |1/4 − 1/10| + |1/4 − 1/2|) = ½ (0.1 + 0.15 + 0.25) = 0.25
    assert close(value(unit_mix, shares(), backend), 0.75)


def test_unit_mix_nulls_and_periods(backend: str) -> None:
    result = measured(unit_mix, attrs.evolve(shares(), events=()), backend)
    assert result.iloc[0][["reached", "people"]].tolist() == [0, 10]
    assert pd.isna(result["distance"].iloc[0])
    assert result["reason"].iloc[0] == "nobody took part in a two-way event"
    empty = measured(unit_mix, StrategyProcess(units=[Unit(id="a", name="a")]), backend)
    assert empty["reason"].iloc[0] == "no stakeholders in scope"
    by_period = measured(unit_mix, plant(), backend, as_of=T, by="period")
    by_period["period"] = pd.to_datetime(by_period["period"])
    # Apr: cy (hr) and gu (it) took part: mix it 1/2, hr 1/2; headcount it 5 (gu leaves on
    # 1 May, after April), hr 2, care 4, legal 1 = 12
    # → ½ (|1/2 − 5/12| + |1/2 − 2/12| + 4/12 + 1/12) = ½ · 10/12 = 5/12 → 7/12
    april = rows(by_period, "period")[pd.Timestamp("2025-04-01")]
    assert close(april["value"], 7 / 12)
    with pytest.raises(ValidationError, match="cannot group this metric by 'unit'"):
        unit_mix(to_tables(plant()), by="unit")


# ---------------------------------------------------------------------------
# properties

Measure = Callable[[Any, "datetime | None", str], Any]

CASES: Mapping[str, Measure] = {
    "reach": lambda tables, as_of, key: reach(tables, as_of=as_of),
    "reach by role": lambda tables, as_of, key: reach(tables, as_of=as_of, by="role", **OPEN),
    "unit_coverage": lambda tables, as_of, key: unit_coverage(tables, as_of=as_of),
    "unit_coverage by goal": lambda tables, as_of, key: unit_coverage(
        tables, as_of=as_of, by="goal", **OPEN
    ),
    "depth": lambda tables, as_of, key: depth(tables, as_of=as_of),
    "depth by unit": lambda tables, as_of, key: depth(tables, as_of=as_of, by="unit", **OPEN),
    "earliness": lambda tables, as_of, key: earliness(tables, as_of=as_of),
    "earliness by attribute": lambda tables, as_of, key: earliness(
        tables, as_of=as_of, by=f"attribute:{key}", salient_attributes=1, **OPEN
    ),
    "continuity": lambda tables, as_of, key: continuity(tables, as_of=as_of),
    "continuity by goal": lambda tables, as_of, key: continuity(
        tables, as_of=as_of, by="goal", **OPEN
    ),
    "stakeholder_continuity": lambda tables, as_of, key: stakeholder_continuity(
        tables, as_of=as_of
    ),
    "representation": lambda tables, as_of, key: representation(tables, as_of=as_of),
    "unit_mix": lambda tables, as_of, key: unit_mix(tables, as_of=as_of),
}
"""Every metric, ungrouped and in some groupings; a property draws one case per example (a
metric call costs tens of milliseconds, so drawing keeps the properties quick while every
case is exercised across the examples)."""

FLOATS = ("value", "lowest", "highest", "distance")


def attribute_key(process: StrategyProcess) -> str:
    """A key some stakeholder has, if any, to group by."""
    keys = sorted({key for s in process.stakeholders for key in s.attributes})
    return keys[0] if keys else "none"


def measure(
    case: str, tables: Any, process: StrategyProcess, as_of: datetime | None = None
) -> pd.DataFrame:
    result = nw.from_native(CASES[case](tables, as_of, attribute_key(process)))
    eager = result.collect() if isinstance(result, nw.LazyFrame) else result
    out: pd.DataFrame = eager.to_pandas()
    return out


def assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        left, right = got[column], expected[column]
        if column in FLOATS:
            a = left.to_numpy(dtype=float, na_value=np.nan)
            b = right.to_numpy(dtype=float, na_value=np.nan)
            assert np.array_equal(np.isnan(a), np.isnan(b)), column
            assert np.allclose(a, b, rtol=0, atol=TOL, equal_nan=True), column
        else:
            plain = [None if pd.isna(v) else v for v in left]
            assert plain == [None if pd.isna(v) else v for v in right], column


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes())
def test_values_in_range_or_null_with_reason(process: StrategyProcess) -> None:
    tables = tables_in(process, "polars")
    for case in CASES:
        frame = measure(case, tables, process)
        values = frame["value"]
        known = values.dropna()
        assert ((known >= 0) & (known <= 1)).all(), case
        assert frame.loc[values.isna(), "reason"].notna().all(), case
        assert frame.loc[values.notna(), "reason"].isna().all(), case


def shuffled(tables: Tables[pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    return {
        name: frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
        for name, frame in tables.items()
    }


@PROPERTY
@given(
    process=processes(),
    case=st.sampled_from(sorted(CASES)),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_row_order_does_not_matter(process: StrategyProcess, case: str, seed: int) -> None:
    tables = to_tables(process)
    assert_same(measure(case, shuffled(tables, seed), process), measure(case, tables, process))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), case=st.sampled_from(sorted(CASES)))
def test_backends_agree(process: StrategyProcess, case: str) -> None:
    expected = measure(case, tables_in(process, "pandas"), process)
    for backend in ("polars", "duckdb"):
        assert_same(measure(case, tables_in(process, backend), process), expected)


def moments(process: StrategyProcess) -> st.SearchStrategy[datetime]:
    """Instants the process records (where values change) and any others."""
    known = process.times()
    return st.sampled_from(known) | datetimes() if known else datetimes()


@PROPERTY
@given(data=st.data(), process=processes(), case=st.sampled_from(sorted(CASES)))
def test_as_of_agrees_with_the_process_as_of(
    data: st.DataObject, process: StrategyProcess, case: str
) -> None:
    t = data.draw(moments(process), label="t")
    assert_same(
        measure(case, tables_in(process, "polars"), process, as_of=t),
        measure(case, tables_in(process.as_of(t), "polars"), process, as_of=t),
    )


def in_scope(process: StrategyProcess, t: datetime) -> list[str]:
    external = {u.id for u in process.units if u.external}
    return [
        s.id
        for s in process.stakeholders
        if (s.joined is None or s.joined <= t)
        and (s.left is None or s.left > t)
        and s.unit not in external
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), process=processes(min_stakeholders=1))
def test_taking_part_never_lowers_reach_coverage_or_depth(
    data: st.DataObject, process: StrategyProcess
) -> None:
    times = process.times()
    t = max(times) if times else datetime(2025, 1, 1, tzinfo=UTC)
    people = in_scope(process, t)
    events = [i for i, e in enumerate(process.events) if e.level.two_way and e.start <= t]
    if not people or not events:
        return
    i = data.draw(st.sampled_from(events), label="event")
    who = data.draw(st.sampled_from(people), label="stakeholder")
    role = data.draw(st.sampled_from(["participant", "facilitator"]), label="role")
    event = process.events[i]
    others = tuple(p for p in event.participations if p.stakeholder != who)  # listed once
    joined = attrs.evolve(
        event, participations=(*others, Participation(stakeholder=who, role=role))
    )
    more = attrs.evolve(process, events=(*process.events[:i], joined, *process.events[i + 1 :]))
    for function in (reach, unit_coverage, depth):
        before = value(function, process, "polars", as_of=t)
        after = value(function, more, "polars", as_of=t)
        assert after is not None, function.__name__
        assert before is None or after >= before - TOL, function.__name__
