"""Files: JSON, folders of CSV or Parquet tables and Excel workbooks, read and written."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownership import (
    Contribution,
    ContributionKind,
    Event,
    EventKind,
    Goal,
    Milestone,
    OwnershipError,
    Participation,
    Reaction,
    Response,
    Revision,
    SchemaError,
    Stakeholder,
    StrategyProcess,
    SurveyAnswer,
    Unit,
    ValidationError,
)
from ownership.io import _files
from ownership.io._files import read, write
from ownership.schema import TABLES
from ownership.strategies import processes

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("pyarrow")

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMATS = ["json", "csv", "parquet", "excel"]
NAMES = {"json": "process.json", "csv": "tables", "parquet": "tables", "excel": "process.xlsx"}
CET = timezone(timedelta(hours=1))

# texts that spreadsheets run, that look like other types, or that files mangle easily
PAYLOADS = [
    "",
    "'",
    "''",
    "'=1+2",
    "'\\x41",
    "\\",
    "=1+2",
    '=HYPERLINK("https://example.com","click")',
    "+1",
    "-1",
    "-",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "\uff1d1+2",
    "=cmd|' /C calc'!A0",
    "007",
    "1e3",
    "nan",
    "NULL",
    "None",
    "TRUE",
    "2025-01-14",
    "a,b",
    '"quoted"',
    'say "hi", then\nleave',
    "line\r\nbreak",
    "\n",
    " padded ",
    "_x000D_",
    "a_x0041_b",
    "x005F_",
    "\x00\x01\x1f\x7f\x85",
    "\ufffe\uffff",
    "Umeå – ☃ 😀",
]


def at(day: int, hour: int = 9, minute: int = 0, micro: int = 0) -> datetime:
    return datetime(2025, 1, day, hour, minute, 0, micro, tzinfo=UTC)


def sample() -> StrategyProcess:
    """A small process with a value of every column kind, some of them awkward."""
    return StrategyProcess(
        units=[
            Unit(id="007", name="=1+2"),
            Unit(id="it", name="IT", parent="007"),
            Unit(id="x", name="", parent="it", external=True),
        ],
        stakeholders=[
            Stakeholder(
                id="anna",
                name='Anna, "the" CIO\nline two',
                unit="it",
                role="CIO",
                leader=True,
                size=3,
                power=0.1 + 0.2,
                interest=1.0,
                urgency=5e-324,
                joined=datetime(2025, 1, 1, 10, 0, 0, 123456, tzinfo=CET),
                attributes={"site": "Umeå", "=formula": "+46 70", "empty": ""},
            ),
            Stakeholder(id="bo", name="Bo", unit="x", left=at(28)),
        ],
        goals=[Goal(id="g1", title="Digital first", owners=["anna", "bo"], created=at(2))],
        revisions=[Revision(id="r1", at=at(3), title="Adopted", goals=["g1"])],
        milestones=[Milestone(id="m1", title="Portal", due=date(2025, 1, 20), goals=["g1"])],
        events=[
            Event(
                id="e1",
                kind=EventKind.WORKSHOP,
                title="-Kick-off",
                start=at(6),
                end=at(6, 12, 0, 1),
                organiser="anna",
                participations=[Participation(stakeholder="bo")],
                audiences=["007"],
            )
        ],
        contributions=[
            Contribution(
                id="c1", event="e1", author="bo", at=at(6, 10), kind=ContributionKind.IDEA
            ),
            Contribution(id="c2", event="e1", author="anna", kind="concern", reply_to="c1"),
        ],
        responses=[
            Response(id="x1", contribution="c1", responder="anna", at=at(7), outcome="answered")
        ],
        reactions=[
            Reaction(contribution="c1", stakeholder="anna", at=at(9), value=-1),
            Reaction(contribution="c1", stakeholder="anna", at=at(9), value=-1),
        ],
        survey_answers=[
            SurveyAnswer(respondent="bo", at=at(15), instrument="ownership", item="q1", value=-0.0),
            SurveyAnswer(respondent="bo", at=at(15), instrument="@", item="q2", value=1e300),
        ],
    )


def problems(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def csv_folder(tmp_path: Path, process: StrategyProcess | None = None) -> Path:
    folder = tmp_path / "tables"
    write(process if process is not None else sample(), folder, format="csv")
    return folder


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# ---------------------------------------------------------------------------
# round trips


@pytest.mark.parametrize("chosen", FORMATS)
def test_round_trip_of_the_sample(tmp_path: Path, chosen: str) -> None:
    target = tmp_path / NAMES[chosen]
    write(sample(), target, format=chosen)  # type: ignore[arg-type]
    assert read(target) == sample()


@pytest.mark.parametrize("chosen", FORMATS)
def test_round_trip_of_the_empty_process(tmp_path: Path, chosen: str) -> None:
    target = tmp_path / NAMES[chosen]
    write(StrategyProcess(), target, format=chosen)  # type: ignore[arg-type]
    assert read(target) == StrategyProcess()


@pytest.mark.parametrize("chosen", FORMATS)
@SETTINGS
@given(process=processes())
def test_round_trip_of_any_process(
    tmp_path_factory: pytest.TempPathFactory, chosen: str, process: StrategyProcess
) -> None:
    target = tmp_path_factory.mktemp(chosen) / NAMES[chosen]
    write(process, target, format=chosen)  # type: ignore[arg-type]
    assert read(target) == process


_nasty_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=8),
    st.tuples(st.sampled_from(PAYLOADS), st.text(max_size=4)).map("".join),
)
_nasty_id = _nasty_text.filter(bool)


@st.composite
def nasty_processes(draw: st.DrawFn) -> StrategyProcess:
    """Processes whose ids, references, texts and attributes are all awkward texts."""
    unit_ids = draw(st.lists(_nasty_id, min_size=1, max_size=3, unique=True))
    units = [
        Unit(id=uid, name=draw(_nasty_text), parent=unit_ids[i - 1] if i else None)
        for i, uid in enumerate(unit_ids)
    ]
    people = draw(st.lists(_nasty_id, min_size=1, max_size=3, unique=True))
    stakeholders = [
        Stakeholder(
            id=pid,
            name=draw(_nasty_text),
            unit=draw(st.sampled_from(unit_ids)),
            role=draw(_nasty_text),
            attributes=draw(st.dictionaries(_nasty_id, _nasty_text, max_size=3)),
        )
        for pid in people
    ]
    event = Event(
        id=draw(_nasty_id),
        kind="workshop",
        title=draw(_nasty_text),
        start=at(1),
        participations=[Participation(stakeholder=p) for p in people],
        audiences=unit_ids[:1],
    )
    contribution_ids = draw(st.lists(_nasty_id, max_size=3, unique=True))
    contributions = [
        Contribution(
            id=cid,
            event=event.id,
            author=draw(st.sampled_from(people)),
            kind="comment",
            text=draw(_nasty_text),
            attributes=draw(st.dictionaries(_nasty_id, _nasty_text, max_size=2)),
        )
        for cid in contribution_ids
    ]
    return StrategyProcess(
        units=units, stakeholders=stakeholders, events=[event], contributions=contributions
    )


@pytest.mark.parametrize("chosen", FORMATS)
@SETTINGS
@given(process=nasty_processes())
def test_round_trip_of_awkward_texts(
    tmp_path_factory: pytest.TempPathFactory, chosen: str, process: StrategyProcess
) -> None:
    target = tmp_path_factory.mktemp(chosen) / NAMES[chosen]
    write(process, target, format=chosen)  # type: ignore[arg-type]
    assert read(target) == process


@pytest.mark.parametrize("text", PAYLOADS)
@pytest.mark.parametrize("chosen", ["csv", "excel"])
def test_round_trip_of_each_payload_in_every_text_column(
    tmp_path: Path, chosen: str, text: str
) -> None:
    process = StrategyProcess(
        units=[Unit(id=text or "u", name=text)],
        stakeholders=[
            Stakeholder(id="s", name=text, unit=text or "u", role=text, attributes={"k": text})
        ],
    )
    target = tmp_path / NAMES[chosen]
    write(process, target, format=chosen)  # type: ignore[arg-type]
    assert read(target) == process


# ---------------------------------------------------------------------------
# what the CSV files hold


def csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_csv_form(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    assert entries(folder) == sorted(f"{name}.csv" for name in TABLES)
    raw = (folder / "units.csv").read_bytes()
    assert raw == (
        b"id,name,parent,external\r\n007,'=1+2,,false\r\nit,IT,007,false\r\nx,,it,true\r\n"
    )
    people = csv_rows(folder / "stakeholders.csv")
    assert people[0] == list(TABLES["stakeholders"].names)
    assert people[1] == [
        "anna",
        'Anna, "the" CIO\nline two',
        "it",
        "CIO",
        "true",
        "3",
        "0.30000000000000004",
        "1.0",
        "",
        "5e-324",
        "",
        "2025-01-01T09:00:00.123456+00:00",
        "",
    ]
    assert people[2][-2:] == ["", "2025-01-28T09:00:00+00:00"]
    assert csv_rows(folder / "stakeholder_attributes.csv")[1:] == [
        ["anna", "'=formula", "'+46 70"],
        ["anna", "empty", ""],
        ["anna", "site", "Umeå"],
    ]
    assert csv_rows(folder / "milestones.csv")[1] == ["m1", "Portal", "2025-01-20", ""]
    answers = csv_rows(folder / "survey_answers.csv")
    assert [row[-1] for row in answers[1:]] == ["-0.0", "1e+300"]
    assert answers[2][2] == "'@"
    assert csv_rows(folder / "goal_owners.csv") == [
        ["goal", "stakeholder"],
        ["g1", "anna"],
        ["g1", "bo"],
    ]
    assert (folder / "responses.csv").read_text(encoding="utf-8").count("\n") == 2


def test_no_csv_field_starts_a_formula(tmp_path: Path) -> None:
    process = StrategyProcess(
        units=[Unit(id=text or "u", name=text) for text in PAYLOADS],
    )
    folder = csv_folder(tmp_path, process)
    for row in csv_rows(folder / "units.csv")[1:]:
        for field in row:
            assert field[:1] not in set("=+-@\t\r\uff1d")
    assert read(folder) == process


def test_null_and_empty_text(tmp_path: Path) -> None:
    """An empty field is null where null is allowed, the empty text where it is not."""
    folder = csv_folder(tmp_path)
    units = folder / "units.csv"
    units.write_text(
        "id,name,parent,external\n007,,,false\nit,',007,false\nx,'',',true\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as error:
        read(folder)
    # "'" is always the empty text: an empty reference, not a missing one
    assert problems(error) == [
        "units.csv[2].parent: a reference must not be empty (line 4)",
    ]
    rewrite(units, "x,'',',true", "x,'',it,true")
    process = read(folder)
    assert [(u.name, u.parent) for u in process.units] == [("", None), ("", "007"), ("'", "it")]


@pytest.mark.parametrize(
    ("text", "nullable", "cell"),
    [
        ("", True, "'"),
        ("", False, None),
        ("'", False, "''"),
        ("'\\", False, "''\\"),
        ("=1", False, "'=1"),
        ("a=1", False, "a=1"),
        ("\\x41", False, "\\x41"),
    ],
)
def test_text_cells(text: str, nullable: bool, cell: str | None) -> None:
    assert _files._encode_text(text, nullable=nullable, sheet=False) == cell
    assert _files._encode_text(text, nullable=nullable, sheet=True) == cell
    if cell is not None:
        assert _files._decode_text(cell) == (text, None)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a\rb", "'\\a\\x0db"),
        ("=\x00", "'\\=\\x00"),
        ("_x000D_", "'\\\\x5fx000D\\x5f"),
        ("a\\b\x01", "'\\a\\\\b\\x01"),
        ("\ufffe", "'\\\\ufffe"),
        ("x005F_", "'\\x005F\\x5f"),
    ],
)
def test_text_that_a_sheet_cannot_hold_is_escaped(text: str, cell: str) -> None:
    assert _files._encode_text(text, nullable=False, sheet=True) == cell
    assert _files._decode_text(cell) == (text, None)
    assert _files._encode_text(text, nullable=False, sheet=False) != cell


@pytest.mark.parametrize("body", ["\\q", "\\x4", "\\ud800", "\\U00110000", "a\\"])
def test_malformed_escapes(body: str) -> None:
    text, problem = _files._decode_text("'\\" + body)
    assert text is None
    assert problem is not None
    assert problem.startswith("malformed escape")


@pytest.mark.parametrize("chosen", ["csv", "excel"])
def test_ids_that_look_like_numbers_stay_text(tmp_path: Path, chosen: str) -> None:
    ids = ["007", "1e3", "0x10", "TRUE", "nan", "2025-01-14", "-1", "+1"]
    process = StrategyProcess(units=[Unit(id=uid, name=uid) for uid in ids])
    target = tmp_path / NAMES[chosen]
    write(process, target, format=chosen)  # type: ignore[arg-type]
    assert [unit.id for unit in read(target).units] == ids


def test_a_bom_blank_lines_and_any_case_of_true(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "units.csv").write_bytes(
        b"\xef\xbb\xbfid,name,parent,external\r\n\r\nit,IT,,TRUE\n\nhr,HR,,False\n\n"
    )
    process = read(folder, format="csv")
    assert process == StrategyProcess(
        units=[Unit(id="it", name="IT", external=True), Unit(id="hr", name="HR")]
    )


def test_a_field_longer_than_the_csv_modules_limit(tmp_path: Path) -> None:
    limit = csv.field_size_limit()
    long = "x" * (limit + 10)
    process = StrategyProcess(units=[Unit(id="it", name=long)])
    folder = csv_folder(tmp_path, process)
    assert read(folder) == process
    assert csv.field_size_limit() == limit


# ---------------------------------------------------------------------------
# what the workbook holds


def sheet_rows(path: Path, name: str) -> list[list[tuple[Any, str]]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = workbook[name]
        return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    finally:
        workbook.close()


def test_workbook_form(tmp_path: Path) -> None:
    target = tmp_path / "process.xlsx"
    write(sample(), target)
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert workbook.sheetnames == list(TABLES)
    workbook.close()
    units = sheet_rows(target, "units")
    assert [value for value, _ in units[0]] == ["id", "name", "parent", "external"]
    assert units[1] == [("007", "s"), ("'=1+2", "s"), (None, "n"), (False, "b")]
    assert units[3][1] == (None, "n")  # the empty name: an empty cell
    people = sheet_rows(target, "stakeholders")
    values = [value for value, _ in people[1]]
    assert values[4:8] == [True, 3, 0.30000000000000004, 1.0]
    assert values[9] == 5e-324
    assert people[1][11] == ("2025-01-01T09:00:00.123456+00:00", "s")
    answers = sheet_rows(target, "survey_answers")
    assert [row[4][0] for row in answers[1:]] == [-0.0, 1e300]
    assert str(answers[1][4][0]) == "-0.0"  # not the integer 0
    assert sheet_rows(target, "milestones")[1][2] == ("2025-01-20", "s")
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<v>0.30000000000000004</v>" in xml
    assert "<f>" not in xml


def test_no_sheet_cell_is_a_formula(tmp_path: Path) -> None:
    process = StrategyProcess(units=[Unit(id=text or "u", name=text) for text in PAYLOADS])
    target = tmp_path / "p.xlsx"
    write(process, target)
    for row in sheet_rows(target, "units")[1:]:
        for value, data_type in row:
            assert data_type != "f"
            assert not (isinstance(value, str) and value[:1] in set("=+-@\t\r\uff1d"))
    assert read(target) == process


@pytest.mark.parametrize(
    ("process", "expected"),
    [
        (
            StrategyProcess(
                units=[Unit(id="it", name="IT")],
                stakeholders=[Stakeholder(id="s", name="S", unit="it", size=2**53 + 1)],
            ),
            "stakeholders[0].size: 9007199254740993 is too large for a sheet: Excel keeps "
            "whole numbers exactly up to 2**53 only: write CSV or Parquet",
        ),
        (
            StrategyProcess(units=[Unit(id="it", name="=" * 32_767)]),
            "units[0].name: is 32,768 characters long as a sheet cell; Excel holds at most "
            "32,767 in a cell: write CSV or Parquet",
        ),
    ],
)
def test_what_a_sheet_cannot_hold(tmp_path: Path, process: StrategyProcess, expected: str) -> None:
    target = tmp_path / "p.xlsx"
    with pytest.raises(ValidationError) as error:
        write(process, target)
    assert problems(error) == [expected]
    assert entries(tmp_path) == []
    write(process, tmp_path / "tables", format="csv")
    assert read(tmp_path / "tables") == process


def test_too_many_rows_for_a_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_files, "_EXCEL_ROWS", 3)
    process = StrategyProcess(units=[Unit(id=str(i), name="") for i in range(3)])
    with pytest.raises(ValidationError) as error:
        write(process, tmp_path / "p.xlsx")
    assert problems(error) == [
        "units: has 3 rows; a sheet holds at most 2 below its header: write CSV or Parquet"
    ]


@pytest.mark.parametrize("chosen", ["csv", "parquet", "excel"])
def test_lone_surrogates_fit_no_table_file(tmp_path: Path, chosen: str) -> None:
    process = StrategyProcess(
        units=[Unit(id="it", name="a\ud800")],
        stakeholders=[Stakeholder(id="s", name="S", unit="it", attributes={"k\udfff": "v"})],
    )
    with pytest.raises(ValidationError) as error:
        write(process, tmp_path / NAMES[chosen], format=chosen)  # type: ignore[arg-type]
    assert [p.path for p in error.value.problems] == [
        "$.units[0].name",
        "$.stakeholders[0].attributes['k\\udfff'] (the key)",
    ]
    assert "lone surrogate '\\ud800'" in error.value.problems[0].message
    assert entries(tmp_path) == []
    write(process, tmp_path / "p.json")
    assert read(tmp_path / "p.json") == process


# ---------------------------------------------------------------------------
# missing and unknown files and sheets


def test_missing_files_are_empty_tables(tmp_path: Path) -> None:
    process = StrategyProcess(units=[Unit(id="it", name="IT")])
    folder = csv_folder(tmp_path, process)
    for name in TABLES:
        if name != "units":
            (folder / f"{name}.csv").unlink()
    assert read(folder) == process
    (folder / "units.csv").unlink()
    assert read(folder, format="csv") == StrategyProcess()


def test_a_missing_main_table_leaves_references_dangling(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    (folder / "units.csv").unlink()
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert problems(error)[:2] == [
        "stakeholders.csv[0].unit: unknown unit 'it' (line 2)",
        "stakeholders.csv[1].unit: unknown unit 'x' (line 4)",
    ]


def test_unknown_files(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, StrategyProcess())
    (folder / "unit.csv").write_text("id\n", encoding="utf-8")
    (folder / "Stakeholders.CSV").write_text("id\n", encoding="utf-8")
    (folder / "2024 export.csv").write_text("id\n", encoding="utf-8")
    (folder / "README.md").write_text("not a table", encoding="utf-8")
    (folder / "units.parquet").write_text("ignored in a CSV folder", encoding="utf-8")
    (folder / ".hidden.csv").write_text("ignored", encoding="utf-8")
    with pytest.raises(SchemaError) as error:
        read(folder, format="csv")
    assert problems(error) == [
        "2024 export.csv: not a table: a table's file is named after the table, such as units.csv",
        "Stakeholders.CSV: not a table (did you mean 'stakeholders.csv'?)",
        "unit.csv: not a table (did you mean 'units.csv'?)",
    ]


def test_unknown_and_chart_sheets(tmp_path: Path) -> None:
    target = tmp_path / "p.xlsx"
    write(StrategyProcess(units=[Unit(id="it", name="IT")]), target)
    workbook = openpyxl.load_workbook(target)
    workbook.create_sheet("stakeholder")
    del workbook["goals"]
    workbook.save(target)
    with pytest.raises(SchemaError) as error:
        read(target)
    assert problems(error) == ["stakeholder: not a table (did you mean 'stakeholders'?)"]
    del workbook["stakeholder"]
    workbook.save(target)
    assert read(target) == StrategyProcess(units=[Unit(id="it", name="IT")])


# ---------------------------------------------------------------------------
# malformed CSV files


def test_malformed_cells(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    people = folder / "stakeholders.csv"
    rewrite(people, "true,3,0.30000000000000004", "yes,3.0,0.3x")
    rewrite(people, "2025-01-01T09:00:00.123456+00:00", "2025-01-01 09:00")
    rewrite(folder / "milestones.csv", "2025-01-20", "20.1.2025")
    rewrite(folder / "reactions.csv", ",-1\n", ",99999999999999999999\n")
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert not isinstance(error.value, SchemaError)
    assert problems(error) == [
        "stakeholders.csv[0].leader: must be true or false, not 'yes' (line 2)",
        "stakeholders.csv[0].size: must be a whole number, not '3.0' (line 2)",
        "stakeholders.csv[0].power: must be a number, not '0.3x' (line 2)",
        "stakeholders.csv[0].joined: '2025-01-01 09:00' is not an ISO 8601 date and time with an "
        "offset, such as '2025-01-14T09:00:00+01:00' (line 2)",
        "milestones.csv[0].due: '20.1.2025' is not a date written YYYY-MM-DD (line 2)",
        "reactions.csv[0].value: 99999999999999999999 is out of the range of a 64-bit whole "
        "number (line 2)",
        "reactions.csv[1].value: 99999999999999999999 is out of the range of a 64-bit whole "
        "number (line 3)",
    ]


def test_values_that_read_but_are_wrong_are_reported_by_the_table_checks(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    people = folder / "stakeholders.csv"
    rewrite(people, "true,3,0.30000000000000004,1.0", "true,0,nan,1.5")
    rewrite(people, "bo,Bo,x", "bo,Bo,y")
    rewrite(people, "2025-01-01T09:00:00.123456+00:00", "2025-01-01T09:00:00")
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert problems(error) == [
        "stakeholders.csv[0].size: must be at least 1, not 0 (line 2)",
        "stakeholders.csv[0].power: must be in [0, 1], not nan (line 2)",
        "stakeholders.csv[0].interest: must be in [0, 1], not 1.5 (line 2)",
        "stakeholders.csv[0].joined: naive datetime '2025-01-01T09:00:00': give an offset, "
        "such as 2025-01-01T09:00:00+00:00 for UTC (line 2)",
        "stakeholders.csv[1].unit: unknown unit 'y' (line 4)",
    ]


def test_the_shape_of_a_csv_file(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    rewrite(folder / "units.csv", "id,name,parent,external", "id,nmae,parent,external,id,colour")
    rewrite(folder / "goals.csv", "g1,Digital first,,", "g1,Digital first")
    (folder / "revisions.csv").write_text("", encoding="utf-8")
    with pytest.raises(SchemaError) as error:
        read(folder)
    assert problems(error) == [
        "units.csv: the column 'id' is given twice (field 1 and field 5)",
        "units.csv: missing column 'name'",
        "units.csv: unknown column 'nmae' (did you mean 'name'?)",
        "units.csv: unknown column 'colour': the units table has only the columns id, name, "
        "parent, external",
        "units.csv[0]: has 4 fields, but the header has 6 (line 2)",
        "units.csv[1]: has 4 fields, but the header has 6 (line 3)",
        "units.csv[2]: has 4 fields, but the header has 6 (line 4)",
        "goals.csv[0]: has 2 fields, but the header has 4 (line 2)",
        "revisions.csv: is empty: its first line must name the columns (id, at, title, summary)",
    ]


def test_values_without_a_column_name(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path, StrategyProcess(units=[Unit(id="it", name="IT")]))
    (folder / "units.csv").write_text(
        "id,name,parent,external,\nit,IT,,false,\nhr,HR,,false,surplus\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert problems(error) == [
        "units.csv[1]: holds a value in field 5, which has no column name in the header (line 3)"
    ]


def test_line_numbers_count_lines_not_rows(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "units.csv").write_text(
        'id,name,parent,external\n\nit,"two\nlines",,false\n\nhr,HR,,maybe\n', encoding="utf-8"
    )
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert problems(error) == ["units.csv[1].external: must be true or false, not 'maybe' (line 6)"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"id,name,parent,external\nit,IT,,false\nhr,\xff,,false\n",
            "units.csv: not UTF-8 text: invalid start byte (line 3)",
        ),
        (
            b'id,name,parent,external\nit,"I"T,,false\n',
            "units.csv: not a readable CSV file: ',' expected after '\"' (line 2)",
        ),
        (
            b'id,name,parent,external\nit,"IT,,false\n',
            "units.csv: not a readable CSV file: unexpected end of data (line 2)",
        ),
    ],
)
def test_unreadable_csv_files(tmp_path: Path, content: bytes, expected: str) -> None:
    folder = csv_folder(tmp_path)
    (folder / "units.csv").write_bytes(content)
    rewrite(folder / "goals.csv", "2025-01-02T09:00:00+00:00", "never")
    with pytest.raises(ValidationError) as error:
        read(folder)
    found = problems(error)
    assert found[0] == expected
    # the other files are still read, but no references are checked against a missing table
    assert found[1:] == [
        "goals.csv[0].created: 'never' is not an ISO 8601 date and time with an offset, such "
        "as '2025-01-14T09:00:00+01:00' (line 2)"
    ]


@SETTINGS
@given(text=st.text(max_size=60) | st.sampled_from(PAYLOADS))
def test_any_csv_text_is_read_or_refused_cleanly(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("tables")
    (folder / "units.csv").write_text(
        "id,name,parent,external\n" + text, encoding="utf-8", errors="surrogatepass"
    )
    with contextlib.suppress(ValidationError):  # anything else fails the test
        read(folder, format="csv")


# ---------------------------------------------------------------------------
# malformed workbooks


def test_malformed_cells_of_a_sheet(tmp_path: Path) -> None:
    target = tmp_path / "p.xlsx"
    write(sample(), target)
    workbook = openpyxl.load_workbook(target)
    units = workbook["units"]
    units["A3"] = 7  # a number as an id
    units["D3"] = "yes"
    units.insert_rows(3)  # a blank row, which is not counted
    people = workbook["stakeholders"]
    people["F2"] = 2.5
    people["G2"] = "=0.5"  # a formula
    people["L2"] = datetime(2025, 1, 1, 9)  # naive
    people["F3"] = "1"  # a number as text
    workbook["milestones"]["C2"] = datetime(2025, 1, 20)  # an Excel date: fine
    workbook["events"]["D2"] = date(2025, 1, 6)
    workbook.save(target)
    with pytest.raises(ValidationError) as error:
        read(target)
    assert problems(error) == [
        "units[1].id: must be text, not the number 7 (write it as text: '7) (cell A4)",
        "units[1].external: must be TRUE or FALSE, not 'yes' (cell D4)",
        "units[2].parent: unknown unit 'it' (cell C5)",  # its id could not be read
        "stakeholders[0].unit: unknown unit 'it' (cell C2)",
        "stakeholders[0].size: must be a whole number, not the number 2.5 (cell F2)",
        "stakeholders[0].power: holds the formula '=0.5': only values are read (cell G2)",
        "stakeholders[0].joined: is the date and time 2025-01-01 09:00:00 without a time zone "
        "(Excel has none): write it as ISO 8601 text with an offset, such as "
        "'2025-01-01T09:00:00+00:00' (cell L2)",
        "stakeholders[1].size: must be a whole number, not '1' (cell F3)",
        "events[0].start: is the date and time 2025-01-06 00:00:00 without a time zone (Excel "
        "has none): write it as ISO 8601 text with an offset, such as "
        "'2025-01-06T00:00:00+00:00' (cell D2)",
    ]


def test_the_shape_of_a_sheet(tmp_path: Path) -> None:
    target = tmp_path / "p.xlsx"
    write(StrategyProcess(units=[Unit(id="it", name="IT")]), target)
    workbook = openpyxl.load_workbook(target)
    units = workbook["units"]
    units["B1"] = "nmae"
    units["F1"] = 3
    units["G2"] = "surplus"
    goals = workbook["goals"]
    goals.delete_rows(1)
    workbook.save(target)
    with pytest.raises(SchemaError) as error:
        read(target)
    assert problems(error) == [
        "units: the header of column F must be a column name, not the number 3",
        "units: missing column 'name'",
        "units: unknown column 'nmae' (did you mean 'name'?)",
        "units[0]: holds a value in column G, which has no column name in the header (row 2)",
        "goals: is empty: its first row must name the columns (id, title, parent, created)",
    ]


def test_a_sheet_with_text_where_excel_would_put_numbers(tmp_path: Path) -> None:
    target = tmp_path / "p.xlsx"
    write(sample(), target)
    workbook = openpyxl.load_workbook(target)
    workbook["stakeholders"]["G2"] = 1  # an int in a float column is fine
    workbook["milestones"]["C2"] = "2025-01-21"
    workbook.save(target)
    process = read(target)
    assert process.stakeholders[0].power == 1.0
    assert process.milestones[0].due == date(2025, 1, 21)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_no_workbook(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "p.xlsx"
    target.write_bytes(content)
    with pytest.raises(ValidationError) as error:
        read(target)
    assert problems(error)[0].startswith(f"{target}: not an Excel workbook (.xlsx)")


# ---------------------------------------------------------------------------
# Parquet


def test_parquet_with_wrong_types(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "tables"
    write(sample(), folder, format="parquet")
    table = pq.read_table(folder / "stakeholders.parquet")
    size = table.schema.get_field_index("size")
    table = table.set_column(size, "size", pa.array(["3", "x"]))
    pq.write_table(table, folder / "stakeholders.parquet")
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert problems(error) == [
        "stakeholders.parquet.size: must hold whole numbers (Int64), not String"
    ]
    (folder / "goals.parquet").write_bytes(b"not parquet")
    with pytest.raises(ValidationError) as error:
        read(folder)
    found = problems(error)
    assert found[0].startswith("goals.parquet: not a readable Parquet file: ")
    assert len(found) == 1  # without the goals, the other tables' values go unchecked


def test_parquet_keeps_types(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    folder = tmp_path / "tables"
    write(sample(), folder, format="parquet")
    schema = pq.read_schema(folder / "stakeholders.parquet")
    assert str(schema.field("joined").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("size").type) == "int64"
    assert str(pq.read_schema(folder / "milestones.parquet").field("due").type) == "date32[day]"


# ---------------------------------------------------------------------------
# atomic writes


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def fail_after(count: int, original: Callable[..., Any]) -> Callable[..., Any]:
    calls = [0]

    def fake(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] > count:
            raise OSError(28, "No space left on device")
        return original(*args)

    return fake


@pytest.mark.parametrize(
    ("chosen", "writer"), [("csv", "_write_csv_table"), ("parquet", "_write_parquet_table")]
)
def test_a_failed_folder_write_leaves_the_old_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chosen: str, writer: str
) -> None:
    target = tmp_path / "tables"
    old = StrategyProcess(units=[Unit(id="old", name="Old")])
    write(old, target, format=chosen)  # type: ignore[arg-type]
    before = snapshot(target)
    monkeypatch.setattr(_files, writer, fail_after(5, getattr(_files, writer)))
    with pytest.raises(ValidationError) as error:
        write(sample(), target)
    assert problems(error) == [f"{target}: cannot write: No space left on device"]
    assert entries(tmp_path) == ["tables"]
    assert snapshot(target) == before
    assert read(target) == old


def test_a_failed_first_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_files, "_write_csv_table", fail_after(0, _files._write_csv_table))
    with pytest.raises(ValidationError):
        write(sample(), tmp_path / "tables", format="csv")
    assert entries(tmp_path) == []


def test_an_interrupted_folder_write_leaves_the_old_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tables"
    write(StrategyProcess(), target, format="csv")
    before = snapshot(target)

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_files, "_write_csv_table", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write(sample(), target)
    assert entries(tmp_path) == ["tables"]
    assert snapshot(target) == before


def test_a_failed_swap_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tables"
    write(StrategyProcess(), target, format="csv")
    before = snapshot(target)
    rename = os.rename

    def fail_to_move_in(source: Any, target: Any) -> None:
        if str(source).endswith(".tmp"):  # the new folder, once the old one is moved away
            raise OSError(13, "Permission denied")
        rename(source, target)

    monkeypatch.setattr(os, "rename", fail_to_move_in)
    with pytest.raises(ValidationError):
        write(sample(), target)
    assert entries(tmp_path) == ["tables"]
    assert snapshot(target) == before


def test_a_failed_workbook_write_leaves_the_old_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "p.xlsx"
    write(StrategyProcess(), target)
    before = target.read_bytes()

    def broken(*args: Any) -> Any:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(ValidationError) as error:
        write(sample(), target)
    assert problems(error) == [f"{target}: cannot write: Input/output error"]
    assert entries(tmp_path) == ["p.xlsx"]
    assert target.read_bytes() == before


def test_rewriting_a_folder_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    write(StrategyProcess(), target, format="csv")
    os.chmod(target, 0o750)
    write(sample(), target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o750
    assert read(target) == sample()
    assert entries(tmp_path) == ["tables"]


def test_a_folder_with_other_files_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    write(StrategyProcess(), target, format="csv")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "units.parquet").write_text("mine", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        write(sample(), target, format="csv")
    assert problems(error) == [
        f"{target}: holds files that are not csv tables (notes.txt, units.parquet); they "
        "would be lost when the folder is replaced: write to a new or empty folder"
    ]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.mkdir()
    write(sample(), target, format="parquet")
    assert read(target) == sample()


def test_write_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        write(sample(), tmp_path / "no" / "tables", format="csv")
    assert problems(error)[0].startswith(f"{tmp_path / 'no' / 'tables'}: cannot write: ")


def test_write_needs_a_process(tmp_path: Path) -> None:
    not_a_process: Any = {"units": []}
    with pytest.raises(TypeError, match="needs a StrategyProcess, not dict"):
        write(not_a_process, tmp_path / "p.json")


# ---------------------------------------------------------------------------
# telling the format


@pytest.mark.parametrize("chosen", FORMATS)
def test_the_format_is_told_from_the_path(tmp_path: Path, chosen: str) -> None:
    target = tmp_path / NAMES[chosen]
    write(sample(), target, format=chosen)  # type: ignore[arg-type]
    assert read(target) == sample()
    write(StrategyProcess(), target)  # an existing folder says its format too
    assert read(target) == StrategyProcess()


@pytest.mark.parametrize(
    ("name", "chosen", "expected"),
    [
        ("p.JSON", None, "json"),
        ("p.XLSX", None, "excel"),
        ("anything", "json", "json"),
        ("anything.dat", "excel", "excel"),
    ],
)
def test_file_formats(tmp_path: Path, name: str, chosen: Any, expected: str) -> None:
    target = tmp_path / name
    write(sample(), target, format=chosen)
    if expected == "json":
        assert target.read_bytes().startswith(b"{")
    else:
        assert zipfile.is_zipfile(target)
    assert read(target, format=chosen) == sample()


def test_problems_of_the_format_on_reading(tmp_path: Path) -> None:
    both = tmp_path / "both"
    both.mkdir()
    (both / "units.csv").write_text("", encoding="utf-8")
    (both / "units.parquet").write_text("", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for name in ["p.csv", "p.xls", "p.txt"]:
        (tmp_path / name).write_text("", encoding="utf-8")
    cases: list[tuple[Path, Any, str]] = [
        (both, None, "holds both .csv and .parquet files: give format='csv' or format='parquet'"),
        (
            empty,
            None,
            "holds no .csv or .parquet table files (give format='csv' or "
            "format='parquet' to read it as an empty process)",
        ),
        (empty, "json", "is a folder, but format='json' reads a file"),
        (
            tmp_path / "p.csv",
            None,
            "'p.csv' is one .csv file, but a process is a folder of "
            "them, one per table: give the folder",
        ),
        (tmp_path / "p.xls", None, "cannot read .xls workbooks: save the workbook as .xlsx"),
        (
            tmp_path / "p.txt",
            None,
            "cannot tell the format of 'p.txt': give format= one of "
            "'json', 'csv', 'parquet', 'excel'",
        ),
        (tmp_path / "p.txt", "csv", "is a file, but format='csv' reads a folder of table files"),
        (tmp_path / "missing", None, "no such file or folder"),
    ]
    for path, chosen, message in cases:
        with pytest.raises(ValidationError) as error:
            read(path, format=chosen)
        assert problems(error) == [f"{path}: {message}"]
    assert read(empty, format="parquet") == StrategyProcess()


def test_problems_of_the_format_on_writing(tmp_path: Path) -> None:
    both = tmp_path / "both"
    both.mkdir()
    (both / "units.csv").write_text("", encoding="utf-8")
    (both / "units.parquet").write_text("", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    cases: list[tuple[Path, Any, str]] = [
        (
            tmp_path / "new",
            None,
            "format: cannot tell the format of 'new': give format='csv' "
            "or format='parquet' for a folder of tables, or a path ending in .json or .xlsx",
        ),
        (
            tmp_path / "new.csv",
            None,
            "format: cannot tell the format of 'new.csv': give "
            "format='csv' or format='parquet' for a folder of tables, or a path ending in .json "
            "or .xlsx",
        ),
        (
            both,
            None,
            "format: cannot tell the format of the folder 'both', which holds both "
            ".csv and .parquet files: give format='csv' or format='parquet'",
        ),
        (both, "excel", f"{both}: is a folder, but format='excel' writes a file"),
        (
            tmp_path / "file",
            "csv",
            f"{tmp_path / 'file'}: is a file, but format='csv' writes a folder of table files",
        ),
        (
            tmp_path / "p",
            "xlsx",
            "format: unknown format 'xlsx' (did you mean 'excel'?); one "
            "of json, csv, parquet, excel",
        ),
        (
            tmp_path / "p",
            "parket",
            "format: unknown format 'parket' (did you mean "
            "'parquet'?); one of json, csv, parquet, excel",
        ),
    ]
    for path, chosen, message in cases:
        with pytest.raises(ValidationError) as error:
            write(sample(), path, format=chosen)
        assert problems(error) == [message]
    assert entries(tmp_path) == ["both", "file"]


# ---------------------------------------------------------------------------
# missing extras


@pytest.mark.parametrize(
    ("modules", "chosen", "name", "extra"),
    [
        (["openpyxl"], "excel", "p.xlsx", "ownership[excel]"),
        (["pyarrow.parquet"], "parquet", "tables", "ownership[parquet]"),
    ],
)
def test_a_missing_extra_is_named(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    modules: list[str],
    chosen: str,
    name: str,
    extra: str,
) -> None:
    target = tmp_path / name
    write(sample(), target, format=chosen)  # type: ignore[arg-type]
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(OwnershipError, match=re.escape(extra)) as error:
        read(target)
    assert not isinstance(error.value, ValidationError)
    with pytest.raises(OwnershipError, match=re.escape(extra)):
        write(sample(), tmp_path / f"new-{name}", format=chosen)  # type: ignore[arg-type]
    assert entries(tmp_path) == [name]


NO_EXTRAS = """
import sys


class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pyarrow", "openpyxl", "polars"):
            raise ImportError(f"no module named {name!r}")


sys.meta_path.insert(0, Block())
import ownership
from ownership import Stakeholder, StrategyProcess, Unit
from ownership.io._files import read, write

process = StrategyProcess(
    units=[Unit(id="007", name="=1+2")],
    stakeholders=[Stakeholder(id="s", name="", unit="007", power=0.1 + 0.2)],
)
folder = sys.argv[1]
write(process, folder + "/tables", format="csv")
assert read(folder + "/tables") == process
write(process, folder + "/p.json")
assert read(folder + "/p.json") == process
for name, form in [("/p.xlsx", "excel"), ("/pq", "parquet")]:
    try:
        write(process, folder + name, format=form)
    except ownership.OwnershipError as error:
        print(error)
"""


def test_csv_and_json_need_no_extra(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_EXTRAS, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Excel workbooks need openpyxl, which is not installed: pip install 'ownership[excel]'",
        "Parquet files need pyarrow, which is not installed: pip install 'ownership[parquet]'",
    ]


# ---------------------------------------------------------------------------
# problems name files whatever order they come in


def test_every_problem_at_once_in_table_order(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path)
    rewrite(folder / "survey_answers.csv", "ownership", "")
    rewrite(folder / "units.csv", "it,IT,007,false", "it,IT,it,false")
    rewrite(folder / "reactions.csv", "2025-01-09T09:00:00+00:00,-1\n", "x,1\n")
    with pytest.raises(ValidationError) as error:
        read(folder)
    assert [p.path for p in error.value.problems] == [
        "units.csv[1].parent",
        "reactions.csv[0].at",
        "reactions.csv[1].at",
    ]
