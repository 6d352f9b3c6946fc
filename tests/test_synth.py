"""The synthetic process generator: valid, seeded, and its knobs do what they say."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ownership import StrategyProcess, ValidationError
from ownership.synth import KNOBS, generate
from ownership.tables import from_tables, to_tables


def test_same_seed_same_data_other_seed_other_data() -> None:
    a = generate(stakeholders=300, seed=3, as_tables=True)
    b = generate(stakeholders=300, seed=3, as_tables=True)
    c = generate(stakeholders=300, seed=4, as_tables=True)
    assert all(a[name].equals(b[name]) for name in a)
    assert not a["participations"].equals(c["participations"])


def test_a_generator_as_seed_is_used() -> None:
    a = generate(stakeholders=100, seed=np.random.default_rng(5), as_tables=True)
    b = generate(stakeholders=100, seed=np.random.default_rng(5), as_tables=True)
    assert a["events"].equals(b["events"])


@settings(max_examples=15, deadline=None)
@given(
    stakeholders=st.integers(min_value=1, max_value=400),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    months=st.integers(min_value=1, max_value=30),
    one_way_share=st.floats(min_value=0, max_value=1),
    responsiveness=st.floats(min_value=0, max_value=1),
)
def test_every_generated_process_is_valid(
    stakeholders: int, seed: int, months: int, one_way_share: float, responsiveness: float
) -> None:
    tables = generate(
        stakeholders=stakeholders,
        seed=seed,
        months=months,
        as_tables=True,
        one_way_share=one_way_share,
        responsiveness=responsiveness,
    )
    process = from_tables(tables)  # validates every row
    assert isinstance(process, StrategyProcess)
    assert len(process.stakeholders) == stakeholders
    # the tables are exactly what to_tables makes of the objects
    again = to_tables(process)
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], again[name])


def test_realistic_shape() -> None:
    t = generate(stakeholders=2_000, seed=1, as_tables=True)
    people = t["stakeholders"]
    assert people["leader"].mean() == pytest.approx(KNOBS["leader_share"], abs=0.03)
    assert (people["size"] > 1).any()
    per_person = len(t["participations"]) / len(people)
    assert 6 <= per_person <= 14  # about events_per_stakeholder = 10
    kinds = set(t["contributions"]["kind"])
    assert kinds == {"question", "idea", "concern", "comment"}
    assert set(t["responses"]["outcome"]) == {"acknowledged", "answered", "adopted", "declined"}
    assert len(t["revision_sources"]) > 0  # revisions cite contributions
    assert set(t["events"]["level"]) >= {"inform", "consult", "involve", "collaborate"}
    assert (t["events"]["kind"] == "story").any()
    assert len(t["survey_answers"]) > 0
    assert len(t["event_milestones"]) > 0  # results are reported


def _two_way_units(t: Any) -> set[str]:
    events = t["events"]
    two_way = set(events.loc[events["level"] != "inform", "id"])
    p = t["participations"]
    p = p[p["event"].isin(two_way) & (p["role"] != "invited")]
    people = t["stakeholders"].set_index("id")["unit"]
    return set(people.loc[p["stakeholder"]].unique())


def test_unheard_units_knob() -> None:
    healthy = generate(stakeholders=1_000, units=8, seed=2, as_tables=True)
    assert _two_way_units(healthy) == set(healthy["units"]["id"])
    unheard = generate(stakeholders=1_000, units=8, seed=2, as_tables=True, unheard_units=2)
    assert len(set(unheard["units"]["id"]) - _two_way_units(unheard)) == 2


def test_responsiveness_and_one_way_knobs() -> None:
    silent = generate(stakeholders=500, seed=2, as_tables=True, responsiveness=0.0)
    assert len(silent["responses"]) == 0
    healthy = generate(stakeholders=500, seed=2, as_tables=True)
    c = healthy["contributions"]
    asked = set(c.loc[c["kind"].isin(["question", "concern"]), "id"])
    answered = set(healthy["responses"]["contribution"]) & asked
    assert len(answered) / len(asked) == pytest.approx(KNOBS["responsiveness"], abs=0.05)
    broadcast = generate(stakeholders=500, seed=2, as_tables=True, one_way_share=0.9)
    share = (broadcast["events"]["level"] == "inform").mean()
    assert share == pytest.approx(0.9, abs=0.05)


def test_silo_units_meet_only_inside() -> None:
    t = generate(stakeholders=1_000, units=6, seed=9, as_tables=True, silo_units=1)
    people = t["stakeholders"].set_index("id")["unit"]
    p = t["participations"].assign(unit=lambda d: people.loc[d["stakeholder"]].to_numpy())
    per_event_units = p.groupby("event")["unit"].nunique()
    mixed = per_event_units[per_event_units > 1].index
    mixed_units = set(p.loc[p["event"].isin(mixed), "unit"])
    assert len(set(t["units"]["id"]) - mixed_units) >= 1


def test_backends() -> None:
    pl = pytest.importorskip("polars")
    t = generate(stakeholders=50, seed=1, as_tables=True, backend="polars")
    assert isinstance(t["participations"], pl.DataFrame)


@pytest.mark.parametrize(
    ("kwargs", "paths"),
    [
        ({"stakeholders": 0}, ["stakeholders"]),
        ({"stakeholders": 10, "months": 0, "responsivness": 1}, ["months", "responsivness"]),
        ({"stakeholders": 5, "units": 9}, ["units"]),
        ({"stakeholders": 5, "uptake": 1.5, "silo_units": -1}, ["silo_units", "uptake"]),
        ({"stakeholders": 5, "seed": 1, "one_way_share": "half"}, ["one_way_share"]),
        (
            {"stakeholders": 5, "contributions_per_participation": float("nan")},
            ["contributions_per_participation"],
        ),
        (
            {"stakeholders": 5, "reactions_per_contribution": float("inf")},
            ["reactions_per_contribution"],
        ),
        ({"stakeholders": 5, "silo_units": 1.7}, ["silo_units"]),
        ({"stakeholders": 5, "seed": -1}, ["seed"]),
        ({"stakeholders": 5, "seed": "x"}, ["seed"]),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, Any], paths: list[str]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        generate(**kwargs)
    assert sorted(p.path for p in excinfo.value.problems) == sorted(paths)


def test_only_members_take_part() -> None:
    """Nobody takes part, speaks, reacts or answers a survey before joining or after leaving."""
    t = generate(stakeholders=3_000, seed=3, as_tables=True)
    people = t["stakeholders"].set_index("id")
    joined = people["joined"]
    left = people["left"].fillna(pd.Timestamp("2200-01-01", tz="UTC").as_unit("us"))
    start = t["events"].set_index("id")["start"]
    p = t["participations"]
    at = start.loc[p["event"]].to_numpy()
    assert (joined.loc[p["stakeholder"]].to_numpy() <= at).all()
    assert (at <= left.loc[p["stakeholder"]].to_numpy()).all()
    for table, who in [
        ("contributions", "author"),
        ("reactions", "stakeholder"),
        ("survey_answers", "respondent"),
    ]:
        rows = t[table]
        assert (joined.loc[rows[who]].to_numpy() <= rows["at"].to_numpy()).all(), table
        assert (rows["at"].to_numpy() <= left.loc[rows[who]].to_numpy()).all(), table
    # some do join late and some leave, so the check above is not empty
    assert people["left"].notna().any()
    assert (joined > t["events"]["start"].min()).any()
