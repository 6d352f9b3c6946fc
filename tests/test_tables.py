"""Tests of ``ownership.tables``: Tables, to_tables, from_tables."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
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
    Goal,
    Milestone,
    Participation,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    SurveyAnswer,
    Unit,
)
from ownership.errors import OwnershipError, Problem, SchemaError, ValidationError
from ownership.model import COLLECTIONS
from ownership.model._messages import naive_datetime
from ownership.schema import TABLES, ColumnKind
from ownership.strategies import processes
from ownership.tables import Tables, from_tables, to_tables

BACKENDS = ("pandas", "polars", "pyarrow")

DTYPES = {
    ColumnKind.STRING: nw.String(),
    ColumnKind.BOOL: nw.Boolean(),
    ColumnKind.INT: nw.Int64(),
    ColumnKind.FLOAT: nw.Float64(),
    ColumnKind.DATETIME: nw.Datetime("us", "UTC"),
    ColumnKind.DATE: nw.Date(),
}


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 1, day, hour, tzinfo=UTC)


def rich() -> StrategyProcess:
    """A small process with every class, list field, optional field and awkward value."""
    return StrategyProcess(
        units=[
            Unit(id="org", name="Organisation"),
            Unit(id="it", name="IT", parent="org"),
            Unit(id="hr", name="HR", parent="org"),
            Unit(id="partner", name="Partner Ltd", external=True),
        ],
        stakeholders=[
            Stakeholder(
                id="anna",
                name="Anna Berg",
                unit="it",
                role="CIO",
                leader=True,
                power=0.9,
                interest=1.0,
                legitimacy=0.5,
                urgency=0.0,
                affectedness=0.25,
                joined=at(1),
                attributes={"site": "Oslo", "age": "40-49"},
            ),
            Stakeholder(
                id="bo", name="Bø Ødegård ✓", unit="hr", size=12, joined=at(2), left=at(20)
            ),
            Stakeholder(id="cy", name="", unit="partner"),
        ],
        goals=[
            Goal(
                id="g1", title="Digital first", created=at(3), owners=["anna", "bo"], units=["it"]
            ),
            Goal(id="g2", title="Sub-goal", parent="g1", owners=["bo"], units=["hr"]),
        ],
        revisions=[
            Revision(id="v1", at=at(5), title="Adopted", summary="first"),
            Revision(id="v2", at=at(25), title="Revised", goals=["g2", "g1"], motivated_by=["c2"]),
        ],
        milestones=[
            Milestone(id="m1", title="Portal", due=date(2025, 3, 1), achieved=at(22), goals=["g1"]),
            Milestone(id="m2", title="Later", due=date(2026, 1, 1)),
        ],
        events=[
            Event(
                id="e1",
                kind="workshop",
                title="Kick-off",
                start=at(6),
                end=at(6, 12),
                organiser="anna",
                goals=["g1"],
                participations=[
                    Participation(stakeholder="bo"),
                    Participation(stakeholder="anna", role="facilitator"),
                    Participation(stakeholder="cy", role="invited"),
                ],
            ),
            Event(
                id="e2",
                kind="newsletter",
                title="News",
                start=datetime(2025, 1, 23, 10, tzinfo=timezone(timedelta(hours=1))),
                level="consult",
                milestones=["m1"],
                audiences=["org", "partner"],
            ),
        ],
        contributions=[
            Contribution(
                id="c1",
                event="e1",
                author="bo",
                at=at(6, 10),
                kind="concern",
                text="Too fast?",
                goals=["g1"],
                attributes={"moderated": "yes"},
            ),
            Contribution(id="c2", event="e1", author="anna", kind="idea", reply_to="c1"),
            Contribution(id="c3", event="e1", author="cy", at=at(6, 11), kind="question"),
        ],
        responses=[
            Response(
                id="r1",
                contribution="c1",
                responder="anna",
                at=at(7),
                outcome="adopted",
                text="Yes",
            ),
            Response(id="r2", contribution="c2", at=at(8), outcome="acknowledged"),
        ],
        reactions=[
            Reaction(contribution="c1", stakeholder="anna", at=at(6, 11), value=1),
            Reaction(contribution="c1", stakeholder="anna", at=at(6, 11), value=1),
            Reaction(contribution="c1", stakeholder="cy", at=at(6, 11), value=-1),
            Reaction(contribution="c3", stakeholder="bo", at=at(7), value=0),
        ],
        survey_answers=[
            SurveyAnswer(respondent="bo", at=at(30), instrument="pos", item="q1", value=4.0),
            SurveyAnswer(respondent="anna", at=at(30), instrument="pos", item="q1", value=-1.5),
        ],
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def pandas_frames(process: StrategyProcess | None = None) -> dict[str, pd.DataFrame]:
    """The tables of a process as fresh pandas frames, to change."""
    return {name: frame.copy() for name, frame in to_tables(process or rich()).items()}


def in_backend(frames: dict[str, pd.DataFrame], backend: str) -> dict[str, Any]:
    """Frames converted to ``backend`` as they are (no casts: faults survive)."""
    out: dict[str, Any] = {}
    for name, frame in frames.items():
        if backend == "pandas":
            out[name] = frame
        elif backend == "polars":
            out[name] = pl.from_pandas(frame)
        else:
            out[name] = pa.Table.from_pandas(frame, preserve_index=False)
    return out


def problems_of(tables: Any) -> tuple[Problem, ...]:
    with pytest.raises(ValidationError) as caught:
        from_tables(tables)
    return caught.value.problems


# ---------------------------------------------------------------------------
# round trips


def test_round_trip_rich(backend: str) -> None:
    process = rich()
    tables = to_tables(process, backend=backend)
    assert tables.backend == backend
    assert from_tables(tables) == process
    assert from_tables(dict(tables)) == process


def test_round_trip_empty(backend: str) -> None:
    tables = to_tables(StrategyProcess(), backend=backend)
    assert all(len(nw.from_native(frame)) == 0 for frame in tables.values())
    assert from_tables(tables) == StrategyProcess()


@pytest.mark.parametrize("target", BACKENDS)
def test_conversion_between_backends(backend: str, target: str) -> None:
    process = rich()
    converted = to_tables(process, backend=backend).to(target)
    assert converted.backend == target
    expected = to_tables(process, backend=target)
    for name in TABLES:
        assert nw.from_native(converted[name]).schema == nw.from_native(expected[name]).schema
    assert from_tables(converted) == process


def test_values_come_back_as_python_values(backend: str) -> None:
    process = from_tables(to_tables(rich(), backend=backend))
    anna = process.stakeholders[0]
    assert type(anna.joined) is datetime
    assert anna.joined.tzinfo is UTC
    assert type(anna.size) is int
    assert type(anna.power) is float
    assert process.stakeholders[2].power is None
    assert process.stakeholders[0].left is None
    assert process.events[1].start == datetime(2025, 1, 23, 9, tzinfo=UTC)
    assert process.events[1].end is None
    assert type(process.milestones[0].due) is date
    assert type(process.reactions[2].value) is int
    assert process.reactions[2].value == -1
    assert dict(anna.attributes) == {"age": "40-49", "site": "Oslo"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(), backend=st.sampled_from(BACKENDS))
def test_round_trip_any_process(process: StrategyProcess, backend: str) -> None:
    assert from_tables(to_tables(process, backend=backend)) == process


# ---------------------------------------------------------------------------
# dtypes


def test_dtypes_follow_the_schema(backend: str) -> None:
    for process in (rich(), StrategyProcess()):
        tables = to_tables(process, backend=backend)
        assert list(tables) == list(TABLES)
        for name, spec in TABLES.items():
            schema = nw.from_native(tables[name]).schema
            assert list(schema) == list(spec.names)
            expected = {c.name: DTYPES[c.kind] for c in spec.columns}
            got = dict(schema)
            if backend == "pandas":  # pandas has no date dtype without pyarrow: date objects
                for c in spec.columns:
                    if c.kind == "date":
                        assert tables[name][c.name].dtype == object
                        got[c.name] = expected[c.name]
            assert got == expected, name


def test_pandas_dtypes() -> None:
    tables = to_tables(rich())
    assert str(tables.stakeholders["joined"].dtype) == "datetime64[us, UTC]"
    assert str(tables.stakeholders["size"].dtype) == "int64"
    assert str(tables.stakeholders["leader"].dtype) == "bool"
    assert str(tables.stakeholders["power"].dtype) == "float64"
    assert tables.events["kind"].tolist() == ["workshop", "newsletter"]
    assert all(type(d) is date for d in tables.milestones["due"])


def test_link_tables_keep_list_order() -> None:
    tables = to_tables(rich(), backend="polars")
    assert tables.revision_goals.rows() == [("v2", "g2"), ("v2", "g1")]
    assert tables.participations.rows() == [
        ("e1", "bo", "participant"),
        ("e1", "anna", "facilitator"),
        ("e1", "cy", "invited"),
    ]
    assert tables.stakeholder_attributes.rows() == [
        ("anna", "age", "40-49"),
        ("anna", "site", "Oslo"),
    ]


# ---------------------------------------------------------------------------
# the Tables bundle


def test_tables_is_a_read_only_mapping() -> None:
    tables = to_tables(rich())
    assert len(tables) == len(TABLES)
    assert list(tables) == list(TABLES)
    assert tables["units"] is tables.units
    assert "participations" in tables
    assert "participation" not in tables
    assert tables.get("participation") is None
    with pytest.raises(SchemaError, match=r"no such table \(did you mean 'participations'\?\)"):
        tables["participation"]
    with pytest.raises(KeyError):
        tables["participation"]
    with pytest.raises(AttributeError, match="did you mean 'participations'"):
        tables.participation  # noqa: B018
    with pytest.raises(AttributeError, match="immutable"):
        tables.units = tables.units
    same = tables
    assert tables == same
    assert tables != to_tables(rich())
    assert "units=4" in repr(tables)
    copy = pickle.loads(pickle.dumps(tables))
    assert from_tables(copy) == rich()


def test_tables_attributes_cover_the_schema() -> None:
    assert [name for name in vars(Tables) if name in TABLES] == list(TABLES)
    tables = to_tables(rich())
    assert all(getattr(tables, name) is tables[name] for name in TABLES)


def test_typed_attribute_access() -> None:
    frame: pd.DataFrame = to_tables(rich()).participations
    assert list(frame.columns) == ["event", "stakeholder", "role"]


def test_missing_link_tables_are_empty_frames(backend: str) -> None:
    process = StrategyProcess(units=[Unit(id="it", name="IT")])
    full = to_tables(process, backend=backend)
    main = {name: full[name] for name, spec in TABLES.items() if not spec.is_link}
    tables = Tables(main)
    assert tables.backend == backend
    for name in TABLES:
        assert nw.from_native(tables[name]).schema == nw.from_native(full[name]).schema
    assert from_tables(main) == process


def test_schema_errors_list_every_problem() -> None:
    frames = pandas_frames()
    del frames["revisions"]
    frames["unit"] = frames.pop("units")
    frames["stakeholders"] = frames["stakeholders"].rename(columns={"unit": "units"})
    frames["events"] = frames["events"].assign(room="A1")
    frames["goals"] = frames["goals"].drop(columns=["created"])
    with pytest.raises(SchemaError) as caught:
        from_tables(frames)
    assert [str(p) for p in caught.value.problems] == [
        "unit: no such table (did you mean 'units'?)",
        "units: missing table",
        "stakeholders: missing column 'unit'",
        "stakeholders: unknown column 'units' (did you mean 'unit'?)",
        "goals: missing column 'created'",
        "revisions: missing table",
        "events: unknown column 'room': the events table has only the columns "
        "id, kind, title, start, end, level, organiser",
    ]


def test_schema_error_for_what_is_not_a_frame() -> None:
    frames: dict[str, Any] = pandas_frames()
    frames["units"] = [1, 2, 3]
    with pytest.raises(SchemaError, match="units: is a list, not a dataframe that narwhals reads"):
        Tables(frames)


def test_one_backend_per_bundle() -> None:
    frames: dict[str, Any] = pandas_frames()
    frames["units"] = pl.from_pandas(frames["units"])
    with pytest.raises(SchemaError, match="units: is a polars frame but the others are pandas"):
        Tables(frames)


def test_unknown_backend() -> None:
    with pytest.raises(ValidationError, match=r"unknown eager backend 'panda' \(did you mean"):
        to_tables(rich(), backend="panda")
    with pytest.raises(ValidationError, match="unknown backend 'sparkk'"):
        to_tables(rich()).to("sparkk")


# ---------------------------------------------------------------------------
# lazy inputs


def test_polars_lazy_frames() -> None:
    process = rich()
    lazy = {name: frame.lazy() for name, frame in to_tables(process, backend="polars").items()}
    tables = Tables(lazy)
    assert tables.backend == "polars"
    assert isinstance(tables.units, pl.LazyFrame)
    assert from_tables(lazy) == process
    main = {name: frame for name, frame in lazy.items() if not TABLES[name].is_link}
    assert isinstance(Tables(main).participations, pl.LazyFrame)


def test_duckdb_relations() -> None:
    process = rich()
    connection = duckdb.connect()
    relations = {
        name: connection.from_arrow(frame)
        for name, frame in to_tables(process, backend="pyarrow").items()
    }
    tables = Tables(relations)
    assert tables.backend == "duckdb"
    assert from_tables(relations) == process
    assert from_tables(to_tables(process).to("duckdb")) == process
    main = {name: frame for name, frame in relations.items() if not TABLES[name].is_link}
    assert from_tables(main) == attrs.evolve(
        process,
        stakeholders=[attrs.evolve(s, attributes={}) for s in process.stakeholders],
        goals=[attrs.evolve(g, owners=(), units=()) for g in process.goals],
        revisions=[attrs.evolve(r, goals=(), motivated_by=()) for r in process.revisions],
        milestones=[attrs.evolve(m, goals=()) for m in process.milestones],
        events=[
            attrs.evolve(e, goals=(), milestones=(), participations=(), audiences=())
            for e in process.events
        ],
        contributions=[attrs.evolve(c, goals=(), attributes={}) for c in process.contributions],
    )


def test_problems_in_lazy_frames_name_their_rows() -> None:
    frames = pandas_frames()
    frames["contributions"].loc[2, "author"] = "cyy"
    lazy = {name: pl.from_pandas(frame).lazy() for name, frame in frames.items()}
    assert [str(p) for p in problems_of(lazy)] == [
        "contributions[2].author: unknown stakeholder 'cyy' (did you mean 'cy'?)"
    ]


# ---------------------------------------------------------------------------
# faults: the table reader reports what the model reports, at the cell


Frames = dict[str, pd.DataFrame]
Collections = dict[str, list[Any]]


@attrs.frozen
class Fault:
    """One fault, made in the tables and (where the model can hold it) in the objects."""

    name: str
    table: Callable[[Frames], None]
    path: str
    model: Callable[[Collections], None] | None = None


def set_cell(table: str, row: int, column: str, value: Any) -> Callable[[Frames], None]:
    def change(frames: Frames) -> None:
        frame = frames[table]
        values = frame[column].astype(object).tolist()
        values[row] = value
        frames[table] = frame.assign(
            **{column: pd.Series(values, index=frame.index, dtype=frame[column].dtype)}
        )

    return change


def add_row(table: str, like: int, /, **changes: Any) -> Callable[[Frames], None]:
    def change(frames: Frames) -> None:
        frame = frames[table]
        row = frame.iloc[[like]].assign(**changes).astype(frame.dtypes.to_dict())
        frames[table] = pd.concat([frame, row], ignore_index=True)

    return change


def evolve(collection: str, index: int, /, **changes: Any) -> Callable[[Collections], None]:
    def change(collections: Collections) -> None:
        items = collections[collection]
        items[index] = attrs.evolve(items[index], **changes)

    return change


def append(collection: str, like: int, /, **changes: Any) -> Callable[[Collections], None]:
    def change(collections: Collections) -> None:
        items = collections[collection]
        items.append(attrs.evolve(items[like], **changes))

    return change


def naive_column(frames: Frames) -> None:
    frame = frames["survey_answers"]
    frames["survey_answers"] = frame.assign(at=frame["at"].dt.tz_localize(None))


def strings_in_size(frames: Frames) -> None:
    frame = frames["stakeholders"]
    frames["stakeholders"] = frame.assign(size=frame["size"].astype(str))


def datetimes_in_due(frames: Frames) -> None:
    frame = frames["milestones"]
    frames["milestones"] = frame.assign(due=pd.to_datetime(["2025-03-01", "2026-01-01"], utc=True))


def audience_null(collections: Collections) -> None:
    event = collections["events"][1]
    collections["events"][1] = attrs.evolve(event, audiences=[None, "partner"])


def twice_owned(collections: Collections) -> None:
    goal = collections["goals"][0]
    collections["goals"][0] = attrs.evolve(goal, owners=[*goal.owners, "anna"])


BRIEF_FAULTS = (
    Fault(
        "dangling reference",
        set_cell("contributions", 2, "author", "cyy"),
        "contributions[2].author",
        evolve("contributions", 2, author="cyy"),
    ),
    Fault(
        "duplicate id",
        add_row("units", 2, name="HR again"),
        "units[4].id",
        append("units", 2, name="HR again"),
    ),
    Fault(
        "cycle",
        set_cell("goals", 0, "parent", "g2"),
        "goals[0].parent",
        evolve("goals", 0, parent="g2"),
    ),
    Fault(
        "response before its contribution",
        set_cell("responses", 0, "at", pd.Timestamp(at(5))),
        "responses[0].at",
        evolve("responses", 0, at=at(5)),
    ),
    Fault("naive datetime column", naive_column, "survey_answers.at"),
    Fault(
        "value out of domain",
        set_cell("stakeholders", 0, "power", 1.5),
        "stakeholders[0].power",
        evolve("stakeholders", 0, power=1.5),
    ),
    Fault(
        "unknown enum",
        set_cell("events", 1, "kind", "newsleter"),
        "events[1].kind",
        evolve("events", 1, kind="newsleter"),
    ),
)

MORE_FAULTS = (
    Fault(
        "end before start",
        set_cell("events", 0, "end", pd.Timestamp(at(5))),
        "events[0].end",
        evolve("events", 0, end=at(5)),
    ),
    Fault(
        "left before joining",
        set_cell("stakeholders", 1, "left", pd.Timestamp(at(1))),
        "stakeholders[1].left",
        evolve("stakeholders", 1, left=at(1)),
    ),
    Fault(
        "contradicting reactions",
        add_row("reactions", 0, value=-1),
        "reactions[4].value",
        append("reactions", 0, value=-1),
    ),
    Fault(
        "null where a value is needed",
        set_cell("units", 1, "name", None),
        "units[1].name",
        evolve("units", 1, name=None),
    ),
    Fault(
        "empty reference",
        set_cell("stakeholders", 2, "unit", ""),
        "stakeholders[2].unit",
        evolve("stakeholders", 2, unit=""),
    ),
    Fault(
        "empty id",
        add_row("units", 3, id=""),
        "units[4].id",
        append("units", 3, id=""),
    ),
    Fault(
        "size below one",
        set_cell("stakeholders", 1, "size", 0),
        "stakeholders[1].size",
        evolve("stakeholders", 1, size=0),
    ),
    Fault(
        "reaction value",
        set_cell("reactions", 3, "value", 2),
        "reactions[3].value",
        evolve("reactions", 3, value=2),
    ),
    Fault(
        "infinite survey value",
        set_cell("survey_answers", 0, "value", float("inf")),
        "survey_answers[0].value",
        evolve("survey_answers", 0, value=float("inf")),
    ),
    Fault(
        "unknown participation role",
        set_cell("participations", 1, "role", "host"),
        "participations[1].role",
    ),
    Fault(
        "reply cycle",
        set_cell("contributions", 0, "reply_to", "c2"),
        "contributions[0].reply_to",
        evolve("contributions", 0, reply_to="c2"),
    ),
    Fault(
        "unit is its own parent",
        set_cell("units", 0, "parent", "org"),
        "units[0].parent",
        evolve("units", 0, parent="org"),
    ),
    Fault(
        "dangling owner of a link row",
        set_cell("participations", 0, "event", "e9"),
        "participations[0].event",
    ),
    Fault(
        "dangling item of a link row",
        set_cell("revision_sources", 0, "contribution", "c22"),
        "revision_sources[0].contribution",
        evolve("revisions", 1, motivated_by=["c22"]),
    ),
    Fault(
        "repeated link row", add_row("goal_owners", 0), "goal_owners[3].stakeholder", twice_owned
    ),
    Fault(
        "repeated attribute", add_row("stakeholder_attributes", 1), "stakeholder_attributes[2].key"
    ),
    Fault(
        "null in a link row",
        set_cell("audiences", 0, "unit", None),
        "audiences[0].unit",
        audience_null,
    ),
    Fault("strings in an int column", strings_in_size, "stakeholders.size"),
    Fault("datetimes in a date column", datetimes_in_due, "milestones.due"),
)


MESSAGES = {
    "dangling reference": "unknown stakeholder 'cyy' (did you mean 'cy'?)",
    "duplicate id": "duplicate id 'hr' (first used at units[2])",
    "cycle": "cycle: 'g1' -> 'g2' -> 'g1'",
    "response before its contribution": (
        "response at 2025-01-05T09:00:00+00:00 is before its contribution 'c1' "
        "at 2025-01-06T10:00:00+00:00"
    ),
    "naive datetime column": naive_datetime("column"),
    "value out of domain": "must be in [0, 1], not 1.5",
    "unknown enum": (
        "unknown EventKind 'newsleter' (did you mean 'newsletter'?); one of workshop, theme_day, "
        "digital_platform, survey, meeting, town_hall, interview, presentation, newsletter, "
        "announcement, story, other"
    ),
    "contradicting reactions": (
        "-1 contradicts reactions[0] (1), a reaction of 'anna' to 'c1' at the same instant"
    ),
    "repeated link row": "goal 'g1' lists 'anna' more than once (first at goal_owners[0])",
    "repeated attribute": (
        "stakeholder 'anna' has the key 'site' more than once (first at stakeholder_attributes[1])"
    ),
    "strings in an int column": "must hold whole numbers (Int64), not String",
    "reply cycle": "cycle: 'c1' -> 'c2' -> 'c1'",
    "unit is its own parent": "cycle: 'org' -> 'org'",
    "dangling owner of a link row": "unknown event 'e9'",
    "null in a link row": "every id in the list must be a string, not null",
    "datetimes in a date column": "must hold dates, not Datetime(time_unit='us', time_zone='UTC')",
}
"""The message of each fault, where the test pins it down."""


def model_problem(fault: Fault) -> Problem:
    """The problem the model reports for the same fault in the objects."""
    assert fault.model is not None
    process = rich()
    collections = {name: list(getattr(process, name)) for name in COLLECTIONS}
    try:
        fault.model(collections)
        StrategyProcess(**collections)
    except ValidationError as error:
        (problem,) = error.problems
        return problem
    pytest.fail(f"the model accepts {fault.name}")


@pytest.mark.parametrize("fault", BRIEF_FAULTS + MORE_FAULTS, ids=lambda f: f.name)
def test_each_fault_is_one_problem_at_its_cell(fault: Fault, backend: str) -> None:
    frames = pandas_frames()
    fault.table(frames)
    (problem,) = problems_of(in_backend(frames, backend))
    assert problem.path == fault.path
    if fault.name in MESSAGES:
        assert problem.message == MESSAGES[fault.name]
    if fault.model is not None:
        expected = model_problem(fault)
        assert expected.message.replace("$.", "") in problem.message
        if "." in fault.path and not TABLES[fault.path.split("[")[0]].is_link:
            assert expected.path in {f"$.{fault.path}", f"$.{fault.path.split('].')[1]}"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    faults=st.sets(st.sampled_from(BRIEF_FAULTS), min_size=1),
    backend=st.sampled_from(BACKENDS),
)
def test_k_faults_are_exactly_k_problems(faults: set[Fault], backend: str) -> None:
    frames = pandas_frames()
    for fault in faults:
        fault.table(frames)
    problems = problems_of(in_backend(frames, backend))
    assert sorted(p.path for p in problems) == sorted(f.path for f in faults)


def test_all_problems_at_once_in_table_order() -> None:
    frames = pandas_frames()
    for fault in BRIEF_FAULTS:
        fault.table(frames)
    with pytest.raises(ValidationError) as caught:
        from_tables(frames)
    assert not isinstance(caught.value, SchemaError)
    assert [p.path for p in caught.value.problems] == [
        "units[4].id",
        "stakeholders[0].power",
        "goals[0].parent",
        "events[1].kind",
        "contributions[2].author",
        "responses[0].at",
        "survey_answers.at",
    ]


# ---------------------------------------------------------------------------
# order of rows


def shuffled(frames: Frames, seed: int) -> Frames:
    """Every frame with its rows in another order (and the pandas index shuffled with them)."""
    return {
        name: frame.sample(frac=1.0, random_state=seed + i)
        for i, (name, frame) in enumerate(frames.items())
    }


def normal(process: StrategyProcess) -> dict[str, list[str]]:
    """The process with the order of every list forgotten."""

    def plain(obj: Any) -> str:
        fields = attrs.asdict(obj, recurse=False)
        for key, value in fields.items():
            if isinstance(value, tuple):
                fields[key] = sorted(map(repr, value))
            elif key == "attributes":
                fields[key] = sorted(value.items())
        return repr(sorted(fields.items()))

    return {name: sorted(map(plain, getattr(process, name))) for name in COLLECTIONS}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_rows_still_validate(seed: int, backend: str) -> None:
    frames = shuffled(pandas_frames(), seed)
    process = from_tables(in_backend(frames, backend))
    assert normal(process) == normal(rich())


def test_problems_name_rows_as_given() -> None:
    frames = shuffled(pandas_frames(), 7)
    contributions = frames["contributions"]
    position = contributions["id"].tolist().index("c3")
    author = contributions.columns.get_loc("author")
    assert isinstance(author, int)
    contributions.iloc[position, author] = "cyy"
    assert [p.path for p in problems_of(frames)] == [f"contributions[{position}].author"]


# ---------------------------------------------------------------------------
# reading columns of other dtypes without loss


def test_lossless_conversions() -> None:
    frames = pandas_frames()
    people = frames["stakeholders"]
    frames["stakeholders"] = people.assign(
        size=people["size"].astype("int32"),
        role=people["role"].astype("category"),
        joined=people["joined"].astype("datetime64[ns, UTC]").dt.tz_convert("Europe/Oslo"),
        left=people["left"].astype("datetime64[ms, UTC]"),
    )
    reactions = frames["reactions"]
    frames["reactions"] = reactions.assign(value=reactions["value"].astype(float))
    milestones = frames["milestones"]
    frames["milestones"] = milestones.assign(
        due=pd.Series([date(2025, 3, 1), date(2026, 1, 1)], dtype=object)
    )
    contributions = frames["contributions"]
    frames["contributions"] = contributions.assign(
        reply_to=np.nan, at=pd.Series([None] * 3, dtype=object)
    )
    answers = frames["survey_answers"]
    frames["survey_answers"] = answers.assign(value=answers["value"].astype("float32"))
    process = from_tables(frames)
    expected = rich()
    assert process.stakeholders == expected.stakeholders
    assert process.reactions == expected.reactions
    assert process.milestones == expected.milestones
    assert [c.reply_to for c in process.contributions] == [None, None, None]
    assert [c.at for c in process.contributions] == [None, None, None]
    assert [a.value for a in process.survey_answers] == [4.0, -1.5]


def test_columns_that_lose_information() -> None:
    frames = pandas_frames()
    reactions = frames["reactions"]
    frames["reactions"] = reactions.assign(value=[1.0, 1.0, -0.5, 0.0])
    events = frames["events"]
    frames["events"] = events.assign(
        start=events["start"].astype("datetime64[ns, UTC]") + pd.Timedelta(nanoseconds=1)
    )
    units = frames["units"]
    frames["units"] = units.assign(name=pd.Series(["Org", 2, "HR", "P"], dtype=object))
    assert [str(p) for p in problems_of(frames)] == [
        "units.name: must hold strings, not Python objects of mixed types (mixed-integer)",
        "events.start: holds times finer than a microsecond (first at row 0)",
        "reactions.value: must hold whole numbers (Int64), not Float64 such as -0.5 (row 2)",
    ]


def test_nulls_in_a_pandas_object_column() -> None:
    frames = pandas_frames()
    units = frames["units"]
    frames["units"] = units.assign(external=pd.Series([False, None, True, None], dtype=object))
    assert [str(p) for p in problems_of(frames)] == [
        "units[1].external: must be true or false, not None",
        "units[3].external: must be true or false, not None",
    ]


def test_polars_nan_is_not_null() -> None:
    frames = in_backend(pandas_frames(), "polars")
    people = frames["stakeholders"]
    frames["stakeholders"] = people.with_columns(interest=pl.Series([1.0, float("nan"), None]))
    assert [str(p) for p in problems_of(frames)] == [
        "stakeholders[1].interest: must be in [0, 1], not nan"
    ]


# ---------------------------------------------------------------------------
# scale


def many_participations(n_events: int, per_event: int, n_people: int) -> dict[str, pd.DataFrame]:
    """Tables with many participations, made directly as pandas frames."""
    frames = pandas_frames(StrategyProcess())
    frames["units"] = pd.DataFrame(
        {"id": ["u"], "name": ["U"], "parent": [None], "external": [False]}
    ).astype({"parent": "str"})
    people = [f"p{i}" for i in range(n_people)]
    frames["stakeholders"] = pd.DataFrame(
        {
            "id": people,
            "name": "P",
            "unit": "u",
            "role": "",
            "leader": False,
            "size": 1,
            **dict.fromkeys(("power", "interest", "legitimacy", "urgency", "affectedness"), np.nan),
            "joined": None,
            "left": None,
        }
    )
    events = [f"e{i}" for i in range(n_events)]
    frames["events"] = pd.DataFrame(
        {
            "id": events,
            "kind": "workshop",
            "title": "W",
            "start": pd.Timestamp("2025-01-01", tz="UTC"),
            "end": None,
            "level": "collaborate",
            "organiser": None,
        }
    )
    event = np.repeat(np.arange(n_events), per_event)
    person = (event * 7919 + np.tile(np.arange(per_event), n_events) * 13) % n_people
    frames["participations"] = pd.DataFrame(
        {
            "event": [events[i] for i in event],
            "stakeholder": [people[i] for i in person],
            "role": "participant",
        }
    )
    return frames


def test_large_tables(backend: str) -> None:
    # large enough for pyarrow to split groups and reorder joins
    frames = many_participations(n_events=1_000, per_event=100, n_people=70_000)
    process = from_tables(in_backend(frames, backend))
    assert sum(len(e.participations) for e in process.events) == 100_000
    assert len(process.stakeholders) == 70_000
    frames["participations"].loc[99_999, "stakeholder"] = "p70000"
    (problem,) = problems_of(in_backend(frames, backend))
    assert str(problem) == (
        "participations[99999].stakeholder: unknown stakeholder 'p70000' (did you mean 'p7000'?)"
    )


def test_errors_are_ownership_errors() -> None:
    frames = pandas_frames()
    frames["units"].loc[0, "name"] = None
    with pytest.raises(OwnershipError):
        from_tables(frames)


def test_empty_tables_of_any_dtype() -> None:
    frames = {
        name: pd.DataFrame(columns=list(spec.names))
        for name, spec in TABLES.items()
        if not spec.is_link
    }
    assert from_tables(frames) == StrategyProcess()
    frames["units"] = pd.DataFrame(
        {"id": ["it", "hr"], "name": ["IT", "HR"], "parent": [None, None], "external": None}
    )
    assert [str(p) for p in problems_of(frames)] == [
        "units[0].external: must be true or false, not None",
        "units[1].external: must be true or false, not None",
    ]


def test_duplicate_column_names() -> None:
    frames = pandas_frames()
    frames["units"] = pd.DataFrame(
        [["it", "IT", None, False, "x"]], columns=["id", "name", "parent", "external", "id"]
    )
    with pytest.raises(SchemaError, match="units: has more than one column called 'id'"):
        from_tables(frames)


def test_hints_within_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import ownership.tables

    frames = pandas_frames()
    frames["contributions"] = frames["contributions"].assign(author=["bo", "ann", "cyy"])
    assert [p.message for p in problems_of(frames)] == [
        "unknown stakeholder 'ann' (did you mean 'anna'?)",
        "unknown stakeholder 'cyy' (did you mean 'cy'?)",
    ]
    monkeypatch.setattr(ownership.tables, "_HINT_BUDGET", 4)  # one look at the 3 stakeholders
    assert [p.message for p in problems_of(frames)] == [
        "unknown stakeholder 'ann' (did you mean 'anna'?)",
        "unknown stakeholder 'cyy'",
    ]


def test_pandas_tables_need_no_pyarrow() -> None:
    """pyarrow is an extra: pandas tables with dates must round trip without it."""
    script = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("pyarrow is blocked in this test")

sys.meta_path.insert(0, Block())
from ownership.data import demo
from ownership.tables import from_tables, to_tables

process = demo()
tables = to_tables(process)
assert tables["milestones"]["due"].dtype == object
assert from_tables(tables) == process
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# ---------------------------------------------------------------------------
# faults injected into generated processes

GENERATED_FAULTS: dict[str, Callable[[Frames], str | None]] = {}
"""Each injects one fault into the frames of a generated process and returns its path."""


def _generated_fault(function: Callable[[Frames], str | None]) -> Callable[[Frames], str | None]:
    GENERATED_FAULTS[function.__name__] = function
    return function


@_generated_fault
def dangling_reference(frames: Frames) -> str | None:
    people = frames["stakeholders"]
    i = len(people) - 1
    people.loc[people.index[i], "unit"] = "§nowhere"
    return f"stakeholders[{i}].unit"


@_generated_fault
def duplicate_id(frames: Frames) -> str | None:
    units = frames["units"]
    frames["units"] = pd.concat([units, units.iloc[[0]]], ignore_index=True)
    return f"units[{len(units)}].id"


@_generated_fault
def cycle(frames: Frames) -> str | None:
    goals = frames["goals"]
    if goals.empty:
        return None
    goals.loc[goals.index[0], "parent"] = goals["id"].iloc[0]
    return "goals[0].parent"


@_generated_fault
def response_before_contribution(frames: Frames) -> str | None:
    dated = frames["contributions"].dropna(subset=["at"])
    if dated.empty:
        return None
    source = dated.iloc[0]
    responses = frames["responses"]
    taken = set(responses["id"])
    rid = next(f"§r{n}" for n in range(len(taken) + 1) if f"§r{n}" not in taken)
    early = pd.DataFrame(
        {
            "id": [rid],
            "contribution": [source["id"]],
            "responder": [None],
            "at": [source["at"] - timedelta(days=1)],
            "outcome": ["answered"],
            "text": [""],
        }
    ).astype(responses.dtypes.to_dict())
    frames["responses"] = pd.concat([responses, early], ignore_index=True)
    return f"responses[{len(responses)}].at"


@_generated_fault
def naive_datetime_column(frames: Frames) -> str | None:
    revisions = frames["revisions"]
    if revisions.empty:
        return None
    revisions["at"] = revisions["at"].dt.tz_localize(None)
    return "revisions.at"


@_generated_fault
def value_out_of_domain(frames: Frames) -> str | None:
    people = frames["stakeholders"]
    people.loc[people.index[0], "size"] = 0
    return "stakeholders[0].size"


@_generated_fault
def unknown_enum(frames: Frames) -> str | None:
    events = frames["events"]
    if events.empty:
        return None
    events.loc[events.index[0], "kind"] = "worksop"
    return "events[0].kind"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    process=processes(min_stakeholders=1),
    names=st.sets(st.sampled_from(sorted(GENERATED_FAULTS)), min_size=1),
    backend=st.sampled_from(BACKENDS),
)
def test_faults_in_generated_processes_are_exactly_reported(
    process: StrategyProcess, names: set[str], backend: str
) -> None:
    frames: Frames = {name: frame.copy() for name, frame in to_tables(process).items()}
    paths = [path for name in sorted(names) if (path := GENERATED_FAULTS[name](frames))]
    if not paths:
        return  # every fault drawn needs something the process does not have
    problems = problems_of(in_backend(frames, backend))
    assert sorted(p.path for p in problems) == sorted(paths)


def test_a_milestone_is_reported_only_once_achieved_in_tables() -> None:
    process = rich()
    frames: Frames = {name: frame.copy() for name, frame in to_tables(process).items()}
    assert len(frames["event_milestones"]) > 0
    reported = frames["event_milestones"]["milestone"].iloc[0]
    milestones = frames["milestones"]
    milestones.loc[milestones["id"] == reported, "achieved"] = pd.NaT
    (problem,) = problems_of(frames)
    assert problem.path == "event_milestones[0].milestone"
    assert problem.message == f"reports milestone {reported!r}, which is not achieved"
    with pytest.raises(ValidationError) as caught:  # the model says the same
        attrs.evolve(
            process,
            milestones=[
                attrs.evolve(m, achieved=None) if m.id == reported else m
                for m in process.milestones
            ],
        )
    assert caught.value.problems[0].message == problem.message
