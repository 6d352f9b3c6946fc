"""The JSON reader and writer: round trips, strict reading, every message, fault injection."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import stat
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import cattrs
import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ownership.io
from ownership import (
    Contribution,
    ContributionKind,
    Event,
    EventKind,
    Goal,
    Level,
    Milestone,
    Outcome,
    OwnershipError,
    Participation,
    ParticipationRole,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    SurveyAnswer,
    Unit,
    ValidationError,
)
from ownership.io import converter, dumps, loads, read_json, write_json
from ownership.model import COLLECTIONS
from ownership.model._fields import Kind, kind_of
from ownership.schema import json_schema
from ownership.strategies import processes

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CET = timezone(timedelta(hours=1))


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2025, 1, day, hour, minute, tzinfo=UTC)


def rich_process() -> StrategyProcess:
    """A small process with several objects of every class and every kind of field."""
    role = ParticipationRole
    return StrategyProcess(
        units=[
            Unit(id="org", name="Organisation"),
            Unit(id="it", name="IT", parent="org"),
            Unit(id="hr", name="HR", parent="org"),
            Unit(id="dev", name="Development", parent="it"),
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
                interest=0.8,
                legitimacy=1,
                urgency=0.5,
                affectedness=0.7,
                joined=datetime(2025, 1, 1, 10, tzinfo=CET),
                attributes={"site": "Umeå", "age band": "40-49"},
            ),
            Stakeholder(id="bo", name="Bo", unit="hr", power=0.3),
            Stakeholder(id="cem", name="Cem", unit="dev", size=12),
            Stakeholder(id="dana", name="Dana", unit="partner"),
            Stakeholder(id="eva", name="Eva", unit="org", leader=True, joined=at(1), left=at(28)),
            Stakeholder(id="fred", name="Fred", unit="it"),
            Stakeholder(id="gus", name="Gus", unit="hr"),
        ],
        goals=[
            Goal(
                id="g1", title="Digital first", owners=["anna"], units=["it", "hr"], created=at(2)
            ),
            Goal(id="g2", title="Self-service HR", parent="g1", owners=["eva"]),
            Goal(id="g3", title="Open data", parent="g1"),
            Goal(id="g4", title="HR chatbot", parent="g2", owners=["bo"]),
        ],
        revisions=[
            Revision(id="r1", at=at(3), title="Adopted", goals=["g1"]),
            Revision(
                id="r2",
                at=at(25),
                title="Revised",
                summary="More self-service",
                goals=["g2"],
                motivated_by=["c1"],
            ),
        ],
        milestones=[
            Milestone(
                id="m1", title="Portal live", due=date(2025, 1, 20), achieved=at(19), goals=["g1"]
            ),
            Milestone(id="m2", title="Chatbot pilot", due=date(2025, 3, 1), goals=["g4"]),
            Milestone(id="m3", title="Open data portal", due=date(2025, 6, 1)),
        ],
        events=[
            Event(
                id="e1",
                kind=EventKind.WORKSHOP,
                title="Kick-off",
                start=at(6),
                end=at(6, 12),
                organiser="anna",
                goals=["g1"],
                participations=[
                    Participation(stakeholder="anna", role=role.FACILITATOR),
                    Participation(stakeholder="bo"),
                    Participation(stakeholder="cem"),
                    Participation(stakeholder="gus", role=role.INVITED),
                ],
            ),
            Event(
                id="e2",
                kind=EventKind.NEWSLETTER,
                title="News",
                start=at(20),
                milestones=["m1"],
                audiences=["org"],
            ),
            Event(
                id="e3",
                kind=EventKind.DIGITAL_PLATFORM,
                title="Platform",
                start=at(7),
                end=at(21),
                level=Level.INVOLVE,
                participations=[
                    Participation(stakeholder="dana"),
                    Participation(stakeholder="eva"),
                ],
            ),
            Event(
                id="e4",
                kind=EventKind.MEETING,
                title="Team meeting",
                start=at(10),
                organiser="eva",
                participations=[
                    Participation(stakeholder="fred"),
                    Participation(stakeholder="anna"),
                ],
            ),
        ],
        contributions=[
            Contribution(
                id="c1",
                event="e1",
                author="bo",
                at=at(6, 10),
                kind=ContributionKind.QUESTION,
                text="How?",
            ),
            Contribution(
                id="c2",
                event="e1",
                author="cem",
                at=at(6, 11),
                kind=ContributionKind.CONCERN,
                reply_to="c1",
                goals=["g1"],
            ),
            Contribution(
                id="c3",
                event="e3",
                author="dana",
                at=at(8),
                kind=ContributionKind.IDEA,
                attributes={"moderated": "yes"},
            ),
            Contribution(id="c4", event="e3", author="eva", kind=ContributionKind.COMMENT),
            Contribution(
                id="c5", event="e4", author="fred", at=at(10, 10), kind=ContributionKind.QUESTION
            ),
        ],
        responses=[
            Response(
                id="x1",
                contribution="c1",
                responder="anna",
                at=at(7),
                outcome=Outcome.ANSWERED,
                text="Like this",
            ),
            Response(
                id="x2", contribution="c2", responder="anna", at=at(9), outcome=Outcome.ADOPTED
            ),
            Response(id="x3", contribution="c3", at=at(12), outcome=Outcome.ACKNOWLEDGED),
            Response(
                id="x4", contribution="c5", responder="eva", at=at(11), outcome=Outcome.DECLINED
            ),
        ],
        reactions=[
            Reaction(contribution="c3", stakeholder="bo", at=at(9), value=1),
            Reaction(contribution="c3", stakeholder="cem", at=at(9), value=-1),
            Reaction(contribution="c3", stakeholder="bo", at=at(10), value=0),
            Reaction(contribution="c4", stakeholder="gus", at=at(11), value=1),
        ],
        survey_answers=[
            SurveyAnswer(respondent="bo", at=at(15), instrument="ownership", item="q1", value=4),
            SurveyAnswer(respondent="cem", at=at(15), instrument="ownership", item="q1", value=2.5),
        ],
    )


def problems_of(document: Any) -> list[tuple[str, str]]:
    """The (path, message) of every problem that reading ``document`` reports."""
    text = document if isinstance(document, str | bytes) else json.dumps(document)
    with pytest.raises(ValidationError) as info:
        loads(text)
    return [(p.path, p.message) for p in info.value.problems]


def paths_of(document: Any) -> list[str]:
    return [path for path, _ in problems_of(document)]


# ---------------------------------------------------------------------------
# the public face


def test_public_surface() -> None:
    assert ownership.io.__all__ == [
        "Format",
        "converter",
        "dumps",
        "loads",
        "read_json",
        "read_polis",
        "write_json",
    ]
    assert ownership.io.__all__ == sorted(ownership.io.__all__)


def test_converter_is_a_new_object_each_time() -> None:
    first, second = converter(), converter()
    assert isinstance(first, cattrs.Converter)
    assert first is not second


def test_a_converter_can_be_changed_without_changing_others() -> None:
    def lenient(value: Any, _: Any) -> datetime:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    text = json.dumps({"revisions": [{"id": "r1", "at": "2025-01-14T09:00:00", "title": "v1"}]})
    lenient_converter = converter()
    lenient_converter.register_structure_hook(datetime, lenient)
    assert loads(text, converter=lenient_converter).revisions[0].at == at(14)
    assert paths_of(text) == ["$.revisions[0].at"]  # the default converter is untouched
    assert paths_of(text) == ["$.revisions[0].at"]


def test_the_converter_reports_like_the_reader() -> None:
    conv = converter()
    with pytest.raises(ValidationError) as info:
        conv.structure({"id": "it", "name": 1, "colour": "red"}, Unit)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("$.name", "must be a string, not the number 1"),
        ("$.colour", "unknown key; a Unit has id, name, parent, external"),
    ]
    assert conv.unstructure(at(14)) == "2025-01-14T09:00:00+00:00"
    assert conv.unstructure(date(2025, 1, 14)) == "2025-01-14"
    assert conv.unstructure(Level.CONSULT) == "consult"


def test_a_plain_cattrs_converter_still_gives_an_ownership_error() -> None:
    with pytest.raises(OwnershipError):
        loads('{"units": [{"id": 1}]}', converter=cattrs.Converter())


# ---------------------------------------------------------------------------
# round trips and the written form


def test_round_trip_of_a_rich_process() -> None:
    process = rich_process()
    text = dumps(process)
    assert loads(text) == process
    assert loads(text.encode("utf-8")) == process
    assert dumps(loads(text)) == text
    assert loads(dumps(process, indent=None)) == process
    assert "\n" not in dumps(process, indent=None)


def test_round_trip_of_an_empty_process() -> None:
    assert loads(dumps(StrategyProcess())) == StrategyProcess()
    assert loads("{}") == StrategyProcess()


@SETTINGS
@given(processes())
def test_round_trip_of_any_process(process: StrategyProcess) -> None:
    text = dumps(process)
    assert loads(text) == process
    assert dumps(loads(text)) == text  # deterministic


def test_written_form() -> None:
    document = json.loads(dumps(rich_process()))
    assert list(document) == list(COLLECTIONS)
    for name, cls in COLLECTIONS.items():
        for item in document[name]:
            assert list(item) == [field.name for field in attrs.fields(cls)]
    anna = document["stakeholders"][0]
    assert anna["joined"] == "2025-01-01T09:00:00+00:00"  # given at 10:00 +01:00
    assert anna["attributes"] == {"age band": "40-49", "site": "Umeå"}
    assert list(anna["attributes"]) == ["age band", "site"]
    assert anna["power"] == 0.9
    assert anna["legitimacy"] == 1.0
    assert document["stakeholders"][1]["size"] == 1  # defaults are written
    kickoff = document["events"][0]
    assert kickoff["kind"] == "workshop"
    assert kickoff["level"] == "collaborate"
    assert kickoff["participations"][:2] == [
        {"stakeholder": "anna", "role": "facilitator"},
        {"stakeholder": "bo", "role": "participant"},
    ]
    assert document["milestones"][0]["due"] == "2025-01-20"
    assert document["contributions"][3]["at"] is None
    assert document["reactions"][1]["value"] == -1


def test_dumps_keeps_non_ascii_text_readable() -> None:
    assert '"Umeå"' in dumps(rich_process())


def test_dumps_needs_a_process() -> None:
    with pytest.raises(TypeError, match="StrategyProcess"):
        dumps({"units": []})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# every message, by hand


BASE: dict[str, list[dict[str, Any]]] = {
    "units": [{"id": "it", "name": "IT"}],
    "stakeholders": [{"id": "anna", "name": "Anna", "unit": "it"}],
    "events": [
        {"id": "e1", "kind": "workshop", "title": "Kick-off", "start": "2025-01-14T09:00:00+00:00"}
    ],
    "contributions": [
        {
            "id": "c1",
            "event": "e1",
            "author": "anna",
            "at": "2025-01-14T10:00:00+00:00",
            "kind": "question",
        }
    ],
}
NOON = "2025-01-14T12:00:00+00:00"
EVENT_KINDS = (
    "workshop, theme_day, digital_platform, survey, meeting, town_hall, interview, "
    "presentation, newsletter, announcement, story, other"
)


def with_item(collection: str, item: dict[str, Any]) -> dict[str, Any]:
    """BASE with ``item`` added at the end of ``collection``."""
    document = copy.deepcopy(BASE)
    document.setdefault(collection, []).append(item)
    return document


def test_base_is_valid() -> None:
    assert len(loads(json.dumps(BASE)).contributions) == 1


ITEM_CASES: list[tuple[str, Any, list[tuple[str, str]]]] = [
    # no silent coercion
    ("units", {"id": "hr", "name": 1}, [("$.units[1].name", "must be a string, not the number 1")]),
    (
        "units",
        {"id": "hr", "name": "HR", "external": "yes"},
        [("$.units[1].external", "must be true or false, not the string 'yes'")],
    ),
    (
        "units",
        {"id": "hr", "name": "HR", "external": 1},
        [("$.units[1].external", "must be true or false, not the number 1")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "size": True},
        [("$.stakeholders[1].size", "must be a whole number, not true")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "size": 1.0},
        [("$.stakeholders[1].size", "must be a whole number, not the number 1.0")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "power": "0.5"},
        [("$.stakeholders[1].power", "must be a number, not the string '0.5'")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": None, "unit_": "it"},
        [
            ("$.stakeholders[1].unit", "must be a string, not null"),
            ("$.stakeholders[1].unit_", "unknown key (did you mean 'unit'?)"),
        ],
    ),
    (
        "goals",
        {"id": "g1", "title": "G", "owners": "anna"},
        [("$.goals[0].owners", "must be a list of ids, not the string 'anna'")],
    ),
    (
        "goals",
        {"id": "g1", "title": "G", "owners": ["anna", 2]},
        [("$.goals[0].owners[1]", "must be a string, not the number 2")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "attributes": ["site"]},
        [
            (
                "$.stakeholders[1].attributes",
                "must be an object whose values are strings, not a list",
            )
        ],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "attributes": {"site": 1, "age band": None}},
        [
            ("$.stakeholders[1].attributes.site", "must be a string, not the number 1"),
            ('$.stakeholders[1].attributes["age band"]', "must be a string, not null"),
        ],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "attributes": {"": "x"}},
        [('$.stakeholders[1].attributes[""]', "a key must not be empty")],
    ),
    (
        "events",
        {"id": "e2", "kind": "meeting", "title": "T", "start": NOON, "participations": ["anna"]},
        [
            (
                "$.events[1].participations[0]",
                "must be an object (a Participation), not the string 'anna'",
            )
        ],
    ),
    (
        "events",
        {"id": "e2", "kind": 3, "title": "T", "start": NOON},
        [("$.events[1].kind", f"must be an EventKind (one of {EVENT_KINDS}), not the number 3")],
    ),
    # value domains
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "size": 0},
        [("$.stakeholders[1].size", "must be at least 1, not 0")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "power": -0.1},
        [("$.stakeholders[1].power", "must be in [0, 1], not -0.1")],
    ),
    (
        "reactions",
        {"contribution": "c1", "stakeholder": "anna", "at": NOON, "value": 2},
        [("$.reactions[0].value", "must be 1 (agree), 0 (pass) or -1 (disagree), not 2")],
    ),
    (
        "survey_answers",
        {"respondent": "anna", "at": NOON, "instrument": "i", "item": "q", "value": 2**53 + 1},
        [("$.survey_answers[0].value", "9007199254740993 has no exact floating-point value")],
    ),
    (
        "stakeholders",
        {"id": "", "name": "Bo", "unit": "it"},
        [("$.stakeholders[1].id", "an id must not be empty")],
    ),
    (
        "goals",
        {"id": "g1", "title": "G", "owners": ["anna", "anna"]},
        [("$.goals[0].owners", "lists 'anna' more than once")],
    ),
    (
        "events",
        {
            "id": "e2",
            "kind": "meeting",
            "title": "T",
            "start": NOON,
            "participations": [{"stakeholder": "anna"}, {"stakeholder": "anna", "role": "invited"}],
        },
        [("$.events[1].participations", "lists stakeholder 'anna' more than once")],
    ),
    # datetimes and dates
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "joined": "2025-01-14T09:00:00"},
        [
            (
                "$.stakeholders[1].joined",
                "naive datetime '2025-01-14T09:00:00': give an offset, "
                "such as 2025-01-14T09:00:00+00:00 for UTC",
            )
        ],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "joined": "2025-01-14"},
        [
            (
                "$.stakeholders[1].joined",
                "'2025-01-14' is not an ISO 8601 date and time with an offset, "
                "such as '2025-01-14T09:00:00+01:00'",
            )
        ],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "joined": 1736845200},
        [
            (
                "$.stakeholders[1].joined",
                "must be an ISO 8601 date and time with an offset, "
                "such as '2025-01-14T09:00:00+01:00', not the number 1736845200",
            )
        ],
    ),
    (
        "revisions",
        {"id": "r1", "at": "2025-02-30T00:00:00Z", "title": "v1"},
        [
            (
                "$.revisions[0].at",
                "'2025-02-30T00:00:00Z' is not a valid date and time "
                "(day is out of range for month)",
            )
        ],
    ),
    (
        "milestones",
        {"id": "m1", "title": "M", "due": "14.01.2025"},
        [("$.milestones[0].due", "'14.01.2025' is not a date written YYYY-MM-DD")],
    ),
    (
        "milestones",
        {"id": "m1", "title": "M", "due": "2025-01-14T00:00:00+00:00"},
        [("$.milestones[0].due", "'2025-01-14T00:00:00+00:00' is not a date written YYYY-MM-DD")],
    ),
    (
        "milestones",
        {"id": "m1", "title": "M", "due": "2025-13-01"},
        [("$.milestones[0].due", "'2025-13-01' is not a valid date (month must be in 1..12)")],
    ),
    # enums
    (
        "events",
        {"id": "e2", "kind": "meeting", "title": "T", "start": NOON, "level": "collab"},
        [
            (
                "$.events[1].level",
                "unknown Level 'collab' (did you mean 'collaborate'?); "
                "one of inform, consult, involve, collaborate, empower",
            )
        ],
    ),
    (
        "events",
        {
            "id": "e2",
            "kind": "meeting",
            "title": "T",
            "start": NOON,
            "participations": [{"stakeholder": "anna", "role": "facilitater"}],
        },
        [
            (
                "$.events[1].participations[0].role",
                "unknown ParticipationRole 'facilitater' (did you mean 'facilitator'?); "
                "one of invited, participant, facilitator",
            )
        ],
    ),
    # keys
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it", "leeder": True},
        [("$.stakeholders[1].leeder", "unknown key (did you mean 'leader'?)")],
    ),
    (
        "reactions",
        {"contribution": "c1", "stakeholder": "anna", "at": NOON, "value": 1, "id": "x"},
        [("$.reactions[0].id", "unknown key; a Reaction has contribution, stakeholder, at, value")],
    ),
    (
        "stakeholders",
        {"id": "bo", "name": "Bo"},
        [("$.stakeholders[1].unit", "missing: a Stakeholder needs 'unit'")],
    ),
    (
        "events",
        {"id": "e2", "title": "T", "start": NOON},
        [("$.events[1].kind", "missing: an Event needs 'kind'")],
    ),
    ("units", 1, [("$.units[1]", "must be an object (a Unit), not the number 1")]),
    # the classes' own checks across fields
    (
        "stakeholders",
        {
            "id": "bo",
            "name": "Bo",
            "unit": "it",
            "joined": "2025-01-15T09:00:00Z",
            "left": "2025-01-14T09:00:00Z",
        },
        [
            (
                "$.stakeholders[1].left",
                "left (2025-01-14T09:00:00+00:00) before joining (2025-01-15T09:00:00+00:00)",
            )
        ],
    ),
    (
        "events",
        {"id": "e2", "kind": "meeting", "title": "T", "start": NOON, "end": "2025-01-14T11:00Z"},
        [
            (
                "$.events[1].end",
                "ends (2025-01-14T11:00:00+00:00) before it starts (2025-01-14T12:00:00+00:00)",
            )
        ],
    ),
    # across objects
    (
        "stakeholders",
        {"id": "bo", "name": "Bo", "unit": "it-dept"},
        [("$.stakeholders[1].unit", "unknown unit 'it-dept' (did you mean 'it'?)")],
    ),
    (
        "units",
        {"id": "it", "name": "IT again"},
        [("$.units[1].id", "duplicate id 'it' (first used at $.units[0])")],
    ),
    (
        "contributions",
        {"id": "c2", "event": "e1", "author": "anna", "kind": "comment", "reply_to": "c2"},
        [("$.contributions[1].reply_to", "cycle: 'c2' -> 'c2'")],
    ),
    (
        "responses",
        {
            "id": "x1",
            "contribution": "c1",
            "at": "2025-01-14T09:30:00+00:00",
            "outcome": "answered",
        },
        [
            (
                "$.responses[0].at",
                "response at 2025-01-14T09:30:00+00:00 is before its contribution 'c1' "
                "at 2025-01-14T10:00:00+00:00",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("collection", "item", "expected"),
    ITEM_CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(ITEM_CASES)],
)
def test_message(collection: str, item: Any, expected: list[tuple[str, str]]) -> None:
    assert problems_of(with_item(collection, item)) == expected


def test_reactions_that_disagree_at_one_instant() -> None:
    reaction = {"contribution": "c1", "stakeholder": "anna", "at": NOON, "value": 1}
    document = with_item("reactions", reaction)
    document["reactions"].append({**reaction, "value": -1})
    assert problems_of(document) == [
        (
            "$.reactions[1].value",
            "-1 contradicts $.reactions[0] (1), a reaction of 'anna' to 'c1' at the same instant",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"units": [}', [("$", "not valid JSON: Expecting value at line 1, column 12")]),
        (
            '{\n  "units": [\n    {"id": "it" "name": "IT"}\n  ]\n}',
            [("$", "not valid JSON: Expecting ',' delimiter at line 3, column 17")],
        ),
        ("", [("$", "not valid JSON: Expecting value at line 1, column 1")]),
        (b"{\xff}", [("$", "not UTF-8 text: invalid start byte at byte 1")]),
        ("[" * 100_000, [("$", "not readable: the JSON is nested too deeply")]),
        (
            "[]",
            [
                (
                    "$",
                    "must be an object holding the lists units, stakeholders, goals, revisions, "
                    "milestones, events, contributions, responses, reactions, survey_answers, "
                    "not a list",
                )
            ],
        ),
        ('{"unitz": []}', [("$.unitz", "unknown collection (did you mean 'units'?)")]),
        ('{"units": {}}', [("$.units", "must be a list of Unit objects, not an object")]),
        (
            '{"units": [{"id": "it", "name": "IT", "id": "hr"}]}',
            [("$.units[0].id", "given more than once (only the last would count)")],
        ),
        (
            '{"units": [], "units": []}',
            [("$.units", "given more than once (only the last would count)")],
        ),
        (
            '{"stakeholders": [{"id": "a", "name": "A", "unit": "it", "power": NaN}],'
            ' "units": [{"id": "it", "name": "IT"}]}',
            [("$.stakeholders[0].power", "must be a number, not NaN (which JSON does not allow)")],
        ),
        (
            '{"survey_answers": [{"respondent": "a", "at": "2025-01-14T09:00:00Z",'
            ' "instrument": "i", "item": "q", "value": 1e400}],'
            ' "units": [{"id": "it", "name": "IT"}],'
            ' "stakeholders": [{"id": "a", "name": "A", "unit": "it"}]}',
            [("$.survey_answers[0].value", "must be a finite number, not inf")],
        ),
    ],
)
def test_message_of_the_document(text: str | bytes, expected: list[tuple[str, str]]) -> None:
    assert problems_of(text) == expected


def test_loads_refuses_what_is_not_text() -> None:
    with pytest.raises(TypeError):
        loads(12)  # type: ignore[arg-type]


def test_every_problem_at_once_in_document_order() -> None:
    document = copy.deepcopy(BASE)
    document["units"].append({"id": "hr", "name": 2, "parnt": "it"})
    document["stakeholders"].append({"id": "bo", "name": "Bo", "unit": "nowhere"})
    document["stakeholders"].append({"id": "anna", "name": "Anna", "unit": "it", "size": "2"})
    document["contributions"][0]["kind"] = "questoin"
    document["reactions"] = [{"contribution": "c9", "stakeholder": "bo", "at": NOON, "value": 1}]
    assert paths_of(document) == [
        "$.units[1].name",
        "$.units[1].parnt",
        "$.stakeholders[1].unit",
        "$.stakeholders[2].size",
        "$.stakeholders[2].id",
        "$.contributions[0].kind",
        "$.reactions[0].contribution",
    ]


def test_references_to_an_object_that_failed_are_not_reported_again() -> None:
    document = copy.deepcopy(BASE)
    document["units"][0]["external"] = "no"  # the unit fails, but its id is readable
    document["stakeholders"][0]["power"] = 2.0
    assert paths_of(document) == ["$.units[0].external", "$.stakeholders[0].power"]


def test_an_unreadable_id_leaves_the_references_to_it_dangling() -> None:
    document = copy.deepcopy(BASE)
    document["units"][0]["id"] = 7
    assert problems_of(document) == [
        ("$.units[0].id", "must be a string, not the number 7"),
        ("$.stakeholders[0].unit", "unknown unit 'it'"),
    ]


def test_duplicates_among_objects_that_failed() -> None:
    document = copy.deepcopy(BASE)
    document["units"] += [
        {"id": "it", "name": 1},  # failed, a duplicate of $.units[0]
        {"id": "hr", "name": 1},  # failed
        {"id": "hr", "name": "HR"},  # built, a duplicate of the failed $.units[2]
        {"id": "hr", "name": "HR"},  # built, a duplicate too
    ]
    assert problems_of(document) == [
        ("$.units[1].name", "must be a string, not the number 1"),
        ("$.units[1].id", "duplicate id 'it' (first used at $.units[0])"),
        ("$.units[2].name", "must be a string, not the number 1"),
        ("$.units[3].id", "duplicate id 'hr' (first used at $.units[2])"),
        ("$.units[4].id", "duplicate id 'hr' (first used at $.units[3])"),
    ]


def test_a_collection_that_is_not_a_list_stops_the_checks_across_objects() -> None:
    document: dict[str, Any] = copy.deepcopy(BASE)
    document["units"] = "it"  # otherwise every stakeholder's unit would be unknown
    assert paths_of(document) == ["$.units"]


# ---------------------------------------------------------------------------
# files


def test_write_and_read_a_file(tmp_path: Path) -> None:
    path = tmp_path / "process.json"
    process = rich_process()
    write_json(process, path)
    assert read_json(path) == process
    assert read_json(str(path)) == process
    assert path.read_bytes().decode("utf-8") == dumps(process) + "\n"
    write_json(process, path, indent=None)  # replaces the file
    assert path.read_text(encoding="utf-8") == dumps(process, indent=None) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["process.json"]


def test_read_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(ValidationError) as info:
        read_json(path)
    assert [(p.path, p.message) for p in info.value.problems] == [(str(path), "no such file")]
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_read_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        read_json(tmp_path)
    (problem,) = info.value.problems
    assert problem.path == str(tmp_path)
    assert problem.message.startswith("cannot read: ")


def test_read_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"units": [{"id": "it"}]}', encoding="utf-8")
    assert paths_of(path.read_text(encoding="utf-8")) == ["$.units[0].name"]
    with pytest.raises(ValidationError, match=r"\$\.units\[0\]\.name"):
        read_json(path)


def test_write_into_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "process.json"
    with pytest.raises(ValidationError) as info:
        write_json(rich_process(), path)
    (problem,) = info.value.problems
    assert problem.path == str(path)
    assert problem.message.startswith("cannot write: ")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "process.json"
    path.write_text("old", encoding="utf-8")

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(ValidationError, match="No space left on device"):
        write_json(rich_process(), path)
    monkeypatch.undo()
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ValidationError, match="No space left on device"):
        write_json(rich_process(), path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["process.json"]


def test_an_interrupted_write_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_json(rich_process(), tmp_path / "process.json")
    assert list(tmp_path.iterdir()) == []


def test_write_needs_a_process(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_json("not a process", tmp_path / "p.json")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_file_modes(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    fresh = tmp_path / "fresh.json"
    write_json(StrategyProcess(), fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    kept = tmp_path / "kept.json"
    kept.write_text("{}", encoding="utf-8")
    kept.chmod(0o640)
    write_json(StrategyProcess(), kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_text_that_utf8_cannot_hold_is_escaped(tmp_path: Path) -> None:
    process = StrategyProcess(units=[Unit(id="it", name="broken \udc80 surrogate, Umeå")])
    path = tmp_path / "process.json"
    write_json(process, path)
    assert path.read_bytes().isascii()
    assert read_json(path) == process


# ---------------------------------------------------------------------------
# the JSON Schema agrees with the reader and writer

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_the_schema_accepts_the_rich_process() -> None:
    VALIDATOR.validate(json.loads(dumps(rich_process())))


@SETTINGS
@given(processes())
def test_the_schema_accepts_every_written_document(process: StrategyProcess) -> None:
    VALIDATOR.validate(json.loads(dumps(process)))


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"unitz": []},
        {"units": {}},
        {"units": [{"id": "it", "name": "IT", "colour": "red"}]},
        {"units": [{"id": 1, "name": "IT"}]},
        {"units": [{"name": "IT"}]},
        {"units": [{"id": "", "name": "IT"}]},
        {"units": [{"id": "it", "name": "IT", "external": 1}]},
        with_item("stakeholders", {"id": "bo", "name": "Bo", "unit": "it", "power": 1.5}),
        with_item("stakeholders", {"id": "bo", "name": "Bo", "unit": "it", "size": 0}),
        with_item("stakeholders", {"id": "bo", "name": "Bo", "unit": "it", "size": "2"}),
        with_item("stakeholders", {"id": "bo", "name": "Bo", "unit": "it", "attributes": []}),
        with_item("goals", {"id": "g1", "title": "G", "owners": "anna"}),
        with_item("goals", {"id": "g1", "title": "G", "owners": ["anna", "anna"]}),
        with_item("events", {"id": "e2", "kind": "worksop", "title": "T", "start": NOON}),
        with_item(
            "events",
            {
                "id": "e2",
                "kind": "meeting",
                "title": "T",
                "start": NOON,
                "participations": [{"stakeholder": "anna", "role": "boss"}],
            },
        ),
        with_item("reactions", {"contribution": "c1", "stakeholder": "anna", "at": NOON}),
        with_item(
            "reactions", {"contribution": "c1", "stakeholder": "anna", "at": NOON, "value": True}
        ),
        with_item(
            "reactions", {"contribution": "c1", "stakeholder": "anna", "at": NOON, "value": 2}
        ),
    ],
)
def test_the_schema_and_the_reader_refuse_the_same_documents(document: Any) -> None:
    assert not VALIDATOR.is_valid(document)
    assert problems_of(document)


# ---------------------------------------------------------------------------
# fault injection into a valid document


Fault = Callable[[dict[str, Any], dict[str, Any]], tuple[str, str]]
"""Changes a document (given also the pristine one); returns (path, start of the message)."""


def set_value(collection: str, index: int, key: str, value: Any, message: str) -> Fault:
    def inject(document: dict[str, Any], pristine: dict[str, Any]) -> tuple[str, str]:
        document[collection][index][key] = value
        return (f"$.{collection}[{index}].{key}", message)

    return inject


def append_copy(collection: str, index: int) -> Fault:
    def inject(document: dict[str, Any], pristine: dict[str, Any]) -> tuple[str, str]:
        item = copy.deepcopy(pristine[collection][index])
        document[collection].append(item)
        position = len(pristine[collection])  # each collection gets one copy at most
        return (f"$.{collection}[{position}].id", f"duplicate id {item['id']!r}")

    return inject


def change(path: str, edit: Callable[[dict[str, Any]], None], message: str) -> Fault:
    def inject(document: dict[str, Any], pristine: dict[str, Any]) -> tuple[str, str]:
        edit(document)
        return (path, message)

    return inject


def _set_owner(document: dict[str, Any]) -> None:
    document["goals"][3]["owners"][0] = "nobody"


def _set_participant(document: dict[str, Any]) -> None:
    document["events"][2]["participations"][0]["stakeholder"] = "nobody"


def _set_role(document: dict[str, Any]) -> None:
    document["events"][0]["participations"][1]["role"] = "facilitater"


# Each fault has several places it can go; no two places of different faults touch the
# same object, or an object that another fault's check needs, so that every injected fault
# is reported exactly once and nothing else is.
FAULTS: dict[str, list[Fault]] = {
    "dangling reference": [
        set_value("contributions", 4, "author", "nobody", "unknown stakeholder 'nobody'"),
        set_value("survey_answers", 0, "respondent", "nobody", "unknown stakeholder 'nobody'"),
        change("$.goals[3].owners[0]", _set_owner, "unknown stakeholder 'nobody'"),
        change(
            "$.events[2].participations[0].stakeholder",
            _set_participant,
            "unknown stakeholder 'nobody'",
        ),
    ],
    "duplicate id": [
        append_copy("revisions", 0),
        append_copy("milestones", 1),
        append_copy("units", 4),
    ],
    "cycle": [
        set_value("goals", 0, "parent", "g4", "cycle: 'g1' -> 'g4' -> 'g2' -> 'g1'"),
        set_value("contributions", 0, "reply_to", "c2", "cycle: 'c1' -> 'c2' -> 'c1'"),
        set_value("units", 0, "parent", "dev", "cycle: 'org' -> 'dev' -> 'it' -> 'org'"),
    ],
    "response before contribution": [
        set_value("responses", 0, "at", "2025-01-06T09:00:00+00:00", "response at"),
        set_value("responses", 1, "at", "2025-01-06T10:59:59.5+00:00", "response at"),
        set_value("responses", 2, "at", "2025-01-07T23:00:00-02:00", "response at"),
    ],
    "naive datetime": [
        set_value("events", 1, "start", "2025-01-20T09:00:00", "naive datetime"),
        set_value("revisions", 1, "at", "2025-01-25T09:00:00", "naive datetime"),
        set_value("milestones", 0, "achieved", "2025-01-19T09:00", "naive datetime"),
    ],
    "value out of domain": [
        set_value("stakeholders", 1, "power", 1.5, "must be in [0, 1]"),
        set_value("stakeholders", 2, "size", 0, "must be at least 1"),
        set_value("reactions", 0, "value", 2, "must be 1 (agree), 0 (pass) or -1 (disagree)"),
    ],
    "unknown enum": [
        change("$.events[0].participations[1].role", _set_role, "unknown ParticipationRole"),
        set_value("contributions", 3, "kind", "idee", "unknown ContributionKind 'idee'"),
        set_value("responses", 3, "outcome", "adoptd", "unknown Outcome 'adoptd'"),
    ],
    "unknown JSON key": [
        set_value("milestones", 2, "titel", "x", "unknown key (did you mean 'title'?)"),
        set_value("units", 2, "parnt", "org", "unknown key (did you mean 'parent'?)"),
        set_value("goals", 2, "ownerz", [], "unknown key (did you mean 'owners'?)"),
    ],
    "wrong JSON type": [
        set_value("reactions", 1, "value", True, "must be a whole number, not true"),
        set_value("survey_answers", 1, "value", "4", "must be a number, not the string '4'"),
        set_value("stakeholders", 5, "name", 7, "must be a string, not the number 7"),
        set_value("events", 3, "participations", "fred", "must be a list of participations"),
        set_value("stakeholders", 6, "size", 1.0, "must be a whole number, not the number 1.0"),
    ],
}

PRISTINE = json.loads(dumps(rich_process()))


@SETTINGS
@given(st.dictionaries(st.sampled_from(sorted(FAULTS)), st.integers(0, 4)))
@example(dict.fromkeys(FAULTS, 0))
@example(dict.fromkeys(FAULTS, 1))
@example(dict.fromkeys(FAULTS, 2))
def test_injected_faults_are_reported_exactly(chosen: dict[str, int]) -> None:
    document = copy.deepcopy(PRISTINE)
    expected = [
        FAULTS[name][where % len(FAULTS[name])](document, PRISTINE)
        for name, where in chosen.items()
    ]
    if not expected:
        assert loads(json.dumps(document)) == rich_process()
        return
    found = problems_of(document)
    assert sorted(path for path, _ in found) == sorted(path for path, _ in expected)
    messages = dict(found)
    for path, start in expected:
        assert messages[path].startswith(start), (path, messages[path])


def test_every_fault_place_alone() -> None:
    for name, places in FAULTS.items():
        for inject in places:
            document = copy.deepcopy(PRISTINE)
            path, start = inject(document, PRISTINE)
            found = problems_of(document)
            assert len(found) == 1, (name, found)
            assert found[0][0] == path
            assert found[0][1].startswith(start), (name, found)


# ---------------------------------------------------------------------------
# fault injection into any valid document

WRONG_TYPE: dict[Kind, Any] = {
    Kind.REF: 1,
    Kind.OPT_REF: 1,
    Kind.REFS: "x",
    Kind.TEXT: 1,
    Kind.BOOL: "true",
    Kind.SIZE: 1.5,
    Kind.SCORE: "0.5",
    Kind.NUMBER: True,
    Kind.VOTE: 1.0,
    Kind.DATETIME: 1736845200,
    Kind.OPT_DATETIME: [],
    Kind.DATE: 20250114,
    Kind.ENUM: 1,
    Kind.MAPPING: [],
    Kind.PARTICIPATIONS: {},
}
OUT_OF_DOMAIN: dict[Kind, Any] = {Kind.SIZE: 0, Kind.SCORE: 1.5, Kind.VOTE: 5}


def _faults_for(collection: str, item: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Every (key, fault, new value) that makes this item, and only it, fail once."""
    options: list[tuple[str, str, Any]] = [("zz_unknown", "unknown key", 1)]
    for field in attrs.fields(COLLECTIONS[collection]):
        kind = kind_of(field)
        value = item[field.name]
        if kind in WRONG_TYPE:
            options.append((field.name, "wrong type", WRONG_TYPE[kind]))
        if kind in OUT_OF_DOMAIN:
            options.append((field.name, "out of domain", OUT_OF_DOMAIN[kind]))
        if kind is Kind.ENUM:
            options.append((field.name, "unknown enum", value + "x"))
        if kind in (Kind.DATETIME, Kind.OPT_DATETIME) and value is not None:
            options.append((field.name, "naive datetime", value.removesuffix("+00:00")))
        if kind in (Kind.REF, Kind.OPT_REF):
            options.append((field.name, "dangling reference", "zz-missing"))
    return options


@SETTINGS
@given(st.data(), processes(min_stakeholders=1))
def test_faults_injected_into_any_process_are_reported_exactly(
    data: st.DataObject, process: StrategyProcess
) -> None:
    pristine = json.loads(dumps(process))
    places = [(name, i) for name in COLLECTIONS for i in range(len(pristine[name]))]
    chosen = data.draw(st.lists(st.sampled_from(places), unique=True, max_size=6), label="items")
    document = copy.deepcopy(pristine)
    expected: list[str] = []
    for n, (name, i) in enumerate(chosen):
        key, fault, value = data.draw(st.sampled_from(_faults_for(name, pristine[name][i])))
        if fault == "dangling reference":
            value = f"zz-missing-{n}"  # distinct, so that no two reactions collide
        document[name][i][key] = value
        expected.append(f"$.{name}[{i}].{key}")
    with_ids = [(name, i) for name, i in places if "id" in pristine[name][i]]
    copies = data.draw(st.lists(st.sampled_from(with_ids), max_size=2) if with_ids else st.just([]))
    for name, i in copies:
        document[name].append(copy.deepcopy(pristine[name][i]))
        expected.append(f"$.{name}[{len(document[name]) - 1}].id")
    if not expected:
        assert loads(json.dumps(document)) == process
        return
    assert sorted(paths_of(document)) == sorted(expected)


# ---------------------------------------------------------------------------
# whatever the input, only ownership errors come out

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


def _reading_fails_cleanly(text: str) -> None:
    try:
        loads(text)
    except ValidationError as error:
        problems = error.problems
    else:
        return
    assert all(p.path.startswith("$") for p in problems)


@SETTINGS
@given(JSON_VALUES)
def test_any_json_value_is_read_or_refused_cleanly(value: Any) -> None:
    _reading_fails_cleanly(json.dumps(value))


@SETTINGS
@given(st.data(), processes())
def test_any_change_to_a_valid_document_is_read_or_refused_cleanly(
    data: st.DataObject, process: StrategyProcess
) -> None:
    document: Any = json.loads(dumps(process))
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        parent = document
        key: Any = None
        node: Any = document
        while isinstance(node, dict | list) and node and data.draw(st.booleans()):
            key = data.draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            parent, node = node, node[key]
        replacement = data.draw(JSON_VALUES, label="replacement")
        if key is None:
            document = replacement
        else:
            parent[key] = replacement
    _reading_fails_cleanly(json.dumps(document))


@SETTINGS
@given(st.binary(max_size=40) | st.text(max_size=40))
def test_any_text_is_read_or_refused_cleanly(text: bytes | str) -> None:
    with contextlib.suppress(ValidationError):
        loads(text)
