"""The counting layer: hand-worked examples, Pol.is figures, properties, on every backend.

Every test that counts runs on pandas, polars, pyarrow and DuckDB through the one ``backend``
fixture: the tables are made with :func:`to_tables` and moved to the backend with
:meth:`Tables.to`, and every result is checked to be of the caller's kind before it is
compared (as pandas) with what it should be.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownership import (
    Contribution,
    Event,
    Participation,
    Reaction,
    Response,
    Stakeholder,
    StrategyProcess,
    Unit,
)
from ownership.errors import SchemaError, ValidationError
from ownership.io._polis import read_polis
from ownership.metrics import activity, consensus, contribution_activity
from ownership.strategies import datetimes, processes
from ownership.tables import Tables, to_tables

POLIS = Path(__file__).parent / "data" / "polis"
CONVERSATIONS = ("london.youth.policing", "bg2050-volunteers")
BACKENDS = ("pandas", "polars", "pyarrow", "duckdb")
NATIVE: Mapping[str, type] = {
    "pandas": pd.DataFrame,
    "polars": pl.DataFrame,
    "pyarrow": pa.Table,
    "duckdb": duckdb.DuckDBPyRelation,
}

ACTIVITY = [
    "stakeholder",
    "events",
    "contributions",
    "reactions",
    "agrees",
    "disagrees",
    "passes",
    "responses_received",
    "responses_given",
]
CONTRIBUTION_ACTIVITY = [
    "contribution",
    "reactors",
    "agrees",
    "disagrees",
    "passes",
    "reaction_rows",
    "agree_rows",
    "disagree_rows",
    "responses",
    "first_response_at",
]

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a test counts on: every counting test runs on each of them."""
    name: str = request.param
    return name


def tables_in(process: StrategyProcess, backend: str) -> Tables[Any]:
    tables = to_tables(process)
    return tables if backend == "pandas" else tables.to(backend)


def as_pandas(frame: Any, backend: str) -> pd.DataFrame:
    """A result as pandas, after checking that it is of the caller's kind."""
    kind: type = NATIVE[backend]
    assert isinstance(frame, kind), type(frame)
    native: Any = frame
    result = nw.from_native(native)
    eager = result.collect() if isinstance(result, nw.LazyFrame) else result
    out: pd.DataFrame = eager.to_pandas()
    return out


def counted(
    function: Callable[..., Any], process: StrategyProcess, backend: str, **options: Any
) -> pd.DataFrame:
    return as_pandas(function(tables_in(process, backend), **options), backend)


# ---------------------------------------------------------------------------
# a small process worked by hand


def people(*ids: str, unit: str = "it", **more: Any) -> list[Stakeholder]:
    return [Stakeholder(id=s, name=s.title(), unit=unit, **more) for s in ids]


def forum() -> StrategyProcess:
    """Ann asks, Bo and Cy react (Bo twice), Di only watches; a leader answers Ann.

    - event ``forum``: ann and bo took part, cy facilitated, di was only invited;
    - event ``kickoff``: ann took part;
    - contributions: ``q1`` by ann, ``q2`` by ann (no time: counts from the forum's start),
      ``i1`` by bo;
    - reactions (history): bo on q1 -1 then +1 then +1 again (an exact repeat of the time
      pattern), cy on q1 0, cy on q2 -1, ann on i1 +1, ann on i1 +1 again at the same
      instant (an exact repeat);
    - responses: cy answers q1 twice (days 3 and 2), an unknown responder answers i1.
    """
    return StrategyProcess(
        units=[Unit(id="it", name="IT"), Unit(id="hr", name="HR")],
        stakeholders=[
            *people("ann", "bo", attributes={"site": "north"}),
            *people("cy", unit="hr", leader=True, attributes={"site": "south"}),
            *people("di", unit="hr", joined=T0 + 5 * DAY),
        ],
        events=[
            Event(
                id="forum",
                kind="digital_platform",
                title="Forum",
                start=T0,
                participations=[
                    Participation(stakeholder="ann"),
                    Participation(stakeholder="bo"),
                    Participation(stakeholder="cy", role="facilitator"),
                    Participation(stakeholder="di", role="invited"),
                ],
            ),
            Event(
                id="kickoff",
                kind="workshop",
                title="Kick-off",
                start=T0 - DAY,
                participations=[Participation(stakeholder="ann")],
            ),
        ],
        contributions=[
            Contribution(id="q1", event="forum", author="ann", at=T0, kind="question"),
            Contribution(id="q2", event="forum", author="ann", kind="concern"),
            Contribution(id="i1", event="forum", author="bo", at=T0 + DAY, kind="idea"),
        ],
        reactions=[
            Reaction(contribution="q1", stakeholder="bo", at=T0 + DAY, value=-1),
            Reaction(contribution="q1", stakeholder="bo", at=T0 + 2 * DAY, value=1),
            Reaction(contribution="q1", stakeholder="bo", at=T0 + 3 * DAY, value=1),
            Reaction(contribution="q1", stakeholder="cy", at=T0 + DAY, value=0),
            Reaction(contribution="q2", stakeholder="cy", at=T0 + DAY, value=-1),
            Reaction(contribution="i1", stakeholder="ann", at=T0 + 2 * DAY, value=1),
            Reaction(contribution="i1", stakeholder="ann", at=T0 + 2 * DAY, value=1),
        ],
        responses=[
            Response(
                id="r1", contribution="q1", responder="cy", at=T0 + 3 * DAY, outcome="answered"
            ),
            Response(
                id="r2", contribution="q1", responder="cy", at=T0 + 2 * DAY, outcome="adopted"
            ),
            Response(id="r3", contribution="i1", at=T0 + 4 * DAY, outcome="acknowledged"),
        ],
    )


def test_activity_by_hand(backend: str) -> None:
    result = counted(activity, forum(), backend)
    assert list(result.columns) == ACTIVITY
    assert all(result[c].dtype == np.int64 for c in ACTIVITY[1:])
    rows = result.set_index("stakeholder").to_dict("index")
    # ann: forum + kickoff; wrote q1, q2; latest on i1 is +1 (the repeat counts once);
    # q1 got r1 and r2 → 2 received; she answered nothing
    assert rows["ann"] == {
        "events": 2,
        "contributions": 2,
        "reactions": 1,
        "agrees": 1,
        "disagrees": 0,
        "passes": 0,
        "responses_received": 2,
        "responses_given": 0,
    }
    # bo: forum; wrote i1 (answered by r3, no responder); his three q1 reactions are one
    # reaction whose latest value is +1
    assert rows["bo"] == {
        "events": 1,
        "contributions": 1,
        "reactions": 1,
        "agrees": 1,
        "disagrees": 0,
        "passes": 0,
        "responses_received": 1,
        "responses_given": 0,
    }
    # cy: facilitated the forum; passed on q1, disagreed with q2; gave r1 and r2
    assert rows["cy"] == {
        "events": 1,
        "contributions": 0,
        "reactions": 2,
        "agrees": 0,
        "disagrees": 1,
        "passes": 1,
        "responses_received": 0,
        "responses_given": 2,
    }
    # di was only invited: an invitation is not taking part
    assert set(rows["di"].values()) == {0}
    assert list(result["stakeholder"]) == ["ann", "bo", "cy", "di"]


def test_contribution_activity_by_hand(backend: str) -> None:
    result = counted(contribution_activity, forum(), backend)
    assert list(result.columns) == CONTRIBUTION_ACTIVITY
    assert all(result[c].dtype == np.int64 for c in CONTRIBUTION_ACTIVITY[1:-1])
    assert list(result["contribution"]) == ["i1", "q1", "q2"]  # sorted by id
    rows = result.set_index("contribution").to_dict("index")
    # q1: reactors bo (latest +1) and cy (0); rows: -1, +1, +1, 0 → 4 rows, 2 agree rows,
    # 1 disagree row; answered twice, first on day 2 (r2), not day 3 (r1)
    assert rows["q1"] == {
        "reactors": 2,
        "agrees": 1,
        "disagrees": 0,
        "passes": 1,
        "reaction_rows": 4,
        "agree_rows": 2,
        "disagree_rows": 1,
        "responses": 2,
        "first_response_at": pd.Timestamp(T0 + 2 * DAY),
    }
    # q2: cy's -1 only; no response
    assert rows["q2"]["reactors"] == 1
    assert rows["q2"]["disagrees"] == rows["q2"]["disagree_rows"] == 1
    assert rows["q2"]["responses"] == 0
    assert pd.isna(rows["q2"]["first_response_at"])
    # i1: ann's exact repeat is two rows but one reactor
    assert (rows["i1"]["reactors"], rows["i1"]["agrees"], rows["i1"]["reaction_rows"]) == (1, 1, 2)
    assert rows["i1"]["agree_rows"] == 2
    assert rows["i1"]["responses"] == 1


def test_as_of_by_hand(backend: str) -> None:
    # at T0 + 1 day: the kickoff and forum had started; di had not joined; q1, q2 (no time,
    # counts from the forum's start) and i1 were made; bo's -1 and cy's two reactions were
    # in; no response yet
    t = T0 + DAY
    people_ = counted(activity, forum(), backend, as_of=t).set_index("stakeholder")
    assert list(people_.index) == ["ann", "bo", "cy"]
    assert people_.loc["bo", "disagrees"] == 1  # he had not changed his mind yet
    assert people_.loc["bo", "agrees"] == 0
    assert people_["responses_given"].sum() == 0
    items = counted(contribution_activity, forum(), backend, as_of=t).set_index("contribution")
    assert list(items.index) == ["i1", "q1", "q2"]
    assert items.loc["q1", "reaction_rows"] == 2
    assert items.loc["i1", "reactors"] == 0
    # before the kickoff nothing had happened but the stakeholders
    before = counted(activity, forum(), backend, as_of=T0 - 2 * DAY)
    assert set(before.drop(columns="stakeholder").to_numpy().ravel()) == {0}
    nothing = counted(contribution_activity, forum(), backend, as_of=T0 - 2 * DAY)
    assert nothing.empty
    assert list(nothing.columns) == CONTRIBUTION_ACTIVITY


def test_as_of_must_be_aware() -> None:
    tables = to_tables(forum())
    with pytest.raises(ValidationError, match="as_of: naive datetime"):
        activity(tables, as_of=datetime(2025, 1, 1))
    with pytest.raises(ValidationError, match="as_of: must be a datetime"):
        contribution_activity(tables, as_of="2025-01-01")  # type: ignore[arg-type]


def test_consensus_by_unit_by_hand(backend: str) -> None:
    result = counted(consensus, forum(), backend)
    assert list(result.columns) == ["contribution", "groups", "votes", "consensus"]
    rows = result.set_index("contribution").to_dict("index")
    # groups: it (ann, bo) and hr (cy, di) → 2 groups
    # q1: it: bo +1 → (1+1)/(1+2) = 2/3; hr: cy pass → (0+1)/(1+2) = 1/3; 2/9
    assert rows["q1"]["groups"] == 2
    assert rows["q1"]["votes"] == 2
    assert rows["q1"]["consensus"] == pytest.approx(2 / 9, abs=1e-15)
    # q2: it never reacted → 1/2; hr: cy -1 → 1/3; 1/6
    assert rows["q2"]["consensus"] == pytest.approx(1 / 6, abs=1e-15)
    # i1: it: ann +1 (one vote, the repeat counts once) → 2/3; hr silent → 1/2; 1/3
    assert rows["i1"]["votes"] == 1
    assert rows["i1"]["consensus"] == pytest.approx(1 / 3, abs=1e-15)


def test_consensus_by_attribute_by_hand(backend: str) -> None:
    result = counted(consensus, forum(), backend, by="attribute:site")
    rows = result.set_index("contribution").to_dict("index")
    # north: ann, bo; south: cy; di has no site and is in no group → 2 groups
    assert {r["groups"] for r in rows.values()} == {2}
    # q1: north bo +1 → 2/3; south cy pass → 1/3
    assert rows["q1"]["consensus"] == pytest.approx(2 / 9, abs=1e-15)
    # as of day 1 the groups are the same, but bo's latest q1 vote was -1:
    # north (0+1)/(1+2) = 1/3, south 1/3 → 1/9
    early = counted(consensus, forum(), backend, by="attribute:site", as_of=T0 + DAY)
    assert early.set_index("contribution").loc["q1", "consensus"] == pytest.approx(1 / 9)


def test_consensus_without_groups_is_null(backend: str) -> None:
    result = counted(consensus, forum(), backend, by="attribute:age")
    assert (result["groups"] == 0).all()
    assert (result["votes"] == 0).all()
    assert result["consensus"].isna().all()


def test_consensus_rejects_unknown_grouping() -> None:
    tables = to_tables(forum())
    with pytest.raises(ValidationError, match="cannot group by 'units'"):
        consensus(tables, by="units")
    with pytest.raises(ValidationError, match="use 'unit' or 'attribute:KEY'"):
        consensus(tables, by="attribute:")


def test_a_mapping_of_frames_is_enough() -> None:
    tables = to_tables(forum())
    frames = {name: tables[name] for name in ("contributions", "responses", "reactions")}
    assert contribution_activity(frames).equals(contribution_activity(tables))


def test_missing_tables_and_columns_are_schema_errors() -> None:
    tables = to_tables(forum())
    with pytest.raises(SchemaError) as caught:
        activity({"stakeholders": tables.stakeholders, "reaction": tables.reactions})
    paths = [p.path for p in caught.value.problems]
    assert "reactions" in paths
    assert "missing table (did you mean 'reaction'?)" in str(caught.value)
    frames: dict[str, Any] = dict(tables)
    frames["reactions"] = tables.reactions.rename(columns={"value": "vote"})
    with pytest.raises(SchemaError, match="reactions: missing column 'value'"):
        contribution_activity(frames)
    frames = dict(tables)
    frames["reactions"] = pl.from_pandas(tables.reactions)
    with pytest.raises(SchemaError, match="mix kinds of frame"):
        contribution_activity(frames)
    frames["reactions"] = [1, 2, 3]
    with pytest.raises(SchemaError, match="reactions: not a dataframe"):
        contribution_activity(frames)


def test_lazy_in_lazy_out() -> None:
    tables = to_tables(forum())
    lazy = {name: pl.from_pandas(frame).lazy() for name, frame in tables.items()}
    result = activity(lazy)
    assert isinstance(result, pl.LazyFrame)
    expected = activity(tables)
    pd.testing.assert_frame_equal(result.collect().to_pandas(), expected, check_dtype=False)


# ---------------------------------------------------------------------------
# Pol.is: the export's own figures, exactly


@functools.cache
def polis_process(name: str) -> StrategyProcess:
    return read_polis(POLIS / name)


@functools.cache
def polis_counts(name: str, backend: str) -> dict[str, pd.DataFrame]:
    tables = tables_in(polis_process(name), backend)
    return {
        "activity": as_pandas(activity(tables), backend),
        "contribution_activity": as_pandas(contribution_activity(tables), backend),
        "consensus": as_pandas(consensus(tables, by="attribute:opinion_group"), backend),
    }


def summary_of(name: str) -> dict[str, str]:
    frame = pd.read_csv(POLIS / name / "summary.csv", header=None, dtype=str)
    return dict(zip(frame[0], frame[1], strict=True))


EXPECTED_SUMMARY = {
    "london.youth.policing": {"voters": 26, "commenters": 16, "comments": 36, "groups": 3},
    "bg2050-volunteers": {"voters": 126, "commenters": 64, "comments": 371, "groups": 2},
}


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_polis_summary(name: str, backend: str) -> None:
    counts = polis_counts(name, backend)
    people, items = counts["activity"], counts["contribution_activity"]
    groups = counts["consensus"]["groups"].unique()
    assert len(groups) == 1
    figures = {
        "voters": int((people["reactions"] > 0).sum()),
        "commenters": int((people["contributions"] > 0).sum()),
        "comments": int((items["reactors"] > 0).sum()),
        "groups": int(groups[0]),
    }
    summary = summary_of(name)
    assert figures == {key: int(summary[key]) for key in figures}
    assert figures == EXPECTED_SUMMARY[name]


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_polis_participants(name: str, backend: str) -> None:
    exported = pd.read_csv(
        POLIS / name / "participants-votes.csv",
        usecols=["participant", "n-comments", "n-votes", "n-agree", "n-disagree"],
    )
    people = polis_counts(name, backend)["activity"]
    ours = people.assign(participant=people["stakeholder"].astype(int)).set_index("participant")
    ours = ours.loc[exported["participant"]]  # every participant of the export
    assert ours["contributions"].tolist() == exported["n-comments"].tolist()
    assert ours["reactions"].tolist() == exported["n-votes"].tolist()
    assert ours["agrees"].tolist() == exported["n-agree"].tolist()
    assert ours["disagrees"].tolist() == exported["n-disagree"].tolist()
    assert len(exported) == EXPECTED_SUMMARY[name]["voters"]


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_polis_comments(name: str, backend: str) -> None:
    exported = pd.read_csv(
        POLIS / name / "comments.csv", usecols=["comment-id", "agrees", "disagrees"]
    )
    items = polis_counts(name, backend)["contribution_activity"]
    ours = items.assign(comment=items["contribution"].astype(int)).set_index("comment")
    assert sorted(ours.index) == sorted(exported["comment-id"])
    ours = ours.loc[exported["comment-id"]]
    assert ours["agree_rows"].tolist() == exported["agrees"].tolist()
    assert ours["disagree_rows"].tolist() == exported["disagrees"].tolist()


def test_polis_group_informed_consensus(backend: str) -> None:
    name = "bg2050-volunteers"
    exported = pd.read_csv(
        POLIS / name / "comments.csv", usecols=["comment-id", "group-informed-consensus"]
    )
    result = polis_counts(name, backend)["consensus"]
    ours = result.assign(comment=result["contribution"].astype(int)).set_index("comment")
    ours = ours.loc[exported["comment-id"]]
    assert len(ours) == 371
    difference = (ours["consensus"].to_numpy() - exported["group-informed-consensus"]).abs()
    assert difference.max() <= 1e-12


# ---------------------------------------------------------------------------
# properties


COUNTS: Mapping[str, Callable[..., Any]] = {
    "activity": activity,
    "contribution_activity": contribution_activity,
    "consensus_by_unit": consensus,
}


def shuffled(tables: Tables[pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    return {
        name: frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
        for name, frame in tables.items()
    }


def attribute_key(process: StrategyProcess) -> str:
    """A key some stakeholder has, if any, to group by."""
    keys = sorted({key for s in process.stakeholders for key in s.attributes})
    return keys[0] if keys else "none"


def all_counts(
    tables: Mapping[str, Any], process: StrategyProcess, as_of: datetime | None = None
) -> dict[str, pd.DataFrame]:
    out = {name: function(tables, as_of=as_of) for name, function in COUNTS.items()}
    by = "attribute:" + attribute_key(process)
    out["consensus_by_attribute"] = consensus(tables, by=by, as_of=as_of)
    return out


def assert_same(got: Mapping[str, pd.DataFrame], expected: Mapping[str, pd.DataFrame]) -> None:
    assert list(got) == list(expected)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame, obj=name)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_does_not_matter(process: StrategyProcess, seed: int) -> None:
    tables = to_tables(process)
    assert_same(all_counts(shuffled(tables, seed), process), all_counts(tables, process))


def moments(process: StrategyProcess) -> st.SearchStrategy[datetime]:
    """Instants the process records (where counts change) and any others."""
    known = process.times()
    return st.sampled_from(known) | datetimes() if known else datetimes()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), process=processes())
def test_as_of_agrees_with_the_process_as_of(data: st.DataObject, process: StrategyProcess) -> None:
    t = data.draw(moments(process), label="t")
    assert_same(
        all_counts(to_tables(process), process, as_of=t),
        all_counts(to_tables(process.as_of(t)), process),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes())
def test_counts_add_up(process: StrategyProcess) -> None:
    tables = to_tables(process)
    people = activity(tables)
    items = contribution_activity(tables)
    assert (people["agrees"] + people["disagrees"] + people["passes"] == people["reactions"]).all()
    assert (items["agrees"] + items["disagrees"] + items["passes"] == items["reactors"]).all()
    assert (items["reactors"] <= items["reaction_rows"]).all()
    assert items["reaction_rows"].sum() == len(process.reactions)
    assert people["reactions"].sum() == items["reactors"].sum()
    assert people["contributions"].sum() == len(process.contributions)
    assert items["responses"].sum() == len(process.responses)
    assert people["responses_received"].sum() == len(process.responses)
    assert people["responses_given"].sum() == sum(
        r.responder is not None for r in process.responses
    )
    shares = consensus(tables)["consensus"].dropna()
    assert ((shares > 0) & (shares < 1)).all()


@pytest.mark.parametrize("other", ["polars", "duckdb"])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), data=st.data())
def test_backends_agree(process: StrategyProcess, other: str, data: st.DataObject) -> None:
    t = data.draw(st.none() | moments(process), label="as_of")
    for count, function in COUNTS.items():
        expected = counted(function, process, "pandas", as_of=t)
        got = counted(function, process, other, as_of=t)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=count)


def test_columns_of_the_wrong_type_are_reported_not_counted() -> None:
    """A vote read as text would count no agrees; times as text cannot be cut to as_of."""
    from ownership.data import demo

    tables = dict(to_tables(demo()))
    bad = {
        **tables,
        "reactions": tables["reactions"].astype({"value": str}),
        "contributions": tables["contributions"].astype({"at": str}),
        "stakeholders": tables["stakeholders"].assign(
            joined=tables["stakeholders"]["joined"].dt.tz_localize(None)
        ),
        "participations": tables["participations"].assign(stakeholder=1),
    }
    with pytest.raises(SchemaError) as caught:
        activity(bad)
    assert sorted(str(p) for p in caught.value.problems) == [
        "contributions.at: must hold datetimes in UTC, not String; parse it first",
        "participations.stakeholder: must hold strings (ids and values), not Int64",
        "reactions.value: must hold whole numbers, not String",
        "stakeholders.joined: naive datetime column: give a timezone (e.g. +00:00)",
    ]
