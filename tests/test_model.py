"""The domain model: construction checks, process checks, as_of, and the strategies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownership import (
    Contribution,
    ContributionKind,
    Event,
    EventKind,
    Goal,
    Level,
    Milestone,
    Outcome,
    Participation,
    ParticipationRole,
    Problem,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    SurveyAnswer,
    Unit,
    ValidationError,
)
from ownership.model import COLLECTIONS, DEFAULT_LEVEL
from ownership.strategies import datetimes, processes

T0 = datetime(2025, 1, 1, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def small_process() -> StrategyProcess:
    """A small process with one object of every class."""
    return StrategyProcess(
        units=[Unit(id="org", name="Kommunen"), Unit(id="it", name="IT", parent="org")],
        stakeholders=[
            Stakeholder(id="anna", name="Anna", unit="it", leader=True, joined=T0),
            Stakeholder(id="bo", name="Bo", unit="org", size=12, attributes={"site": "Nord"}),
        ],
        goals=[Goal(id="g1", title="Digital first", owners=["anna"], units=["it"])],
        revisions=[Revision(id="r1", at=T0 + 30 * DAY, title="v1", goals=["g1"])],
        milestones=[
            Milestone(id="m1", title="E-services", due=date(2025, 6, 1), achieved=T0 + 90 * DAY)
        ],
        events=[
            Event(
                id="e1",
                kind=EventKind.WORKSHOP,
                title="Kick-off",
                start=T0 + DAY,
                end=T0 + DAY + timedelta(hours=3),
                organiser="anna",
                goals=["g1"],
                participations=[
                    Participation(stakeholder="anna", role=ParticipationRole.FACILITATOR),
                    Participation(stakeholder="bo"),
                ],
            ),
            Event(
                id="e2",
                kind="newsletter",
                title="Results",
                start=T0 + 100 * DAY,
                milestones=["m1"],
                audiences=["org"],
            ),
        ],
        contributions=[
            Contribution(
                id="c1", event="e1", author="bo", at=T0 + DAY, kind="concern", text="Privacy?"
            ),
            Contribution(
                id="c2", event="e1", author="anna", at=T0 + DAY, kind="comment", reply_to="c1"
            ),
        ],
        responses=[
            Response(
                id="x1", contribution="c1", responder="anna", at=T0 + 5 * DAY, outcome="adopted"
            )
        ],
        reactions=[
            Reaction(contribution="c1", stakeholder="anna", at=T0 + 2 * DAY, value=1),
            Reaction(contribution="c1", stakeholder="anna", at=T0 + 2 * DAY, value=1),
        ],
        survey_answers=[
            SurveyAnswer(respondent="bo", at=T0 + 60 * DAY, instrument="pulse", item="q1", value=4)
        ],
    )


def problems_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in excinfo.value.problems]


# ---------------------------------------------------------------------------
# objects


def test_objects_are_frozen_slotted_and_keyword_only() -> None:
    unit = Unit(id="it", name="IT")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        unit.name = "x"  # type: ignore[misc]
    assert not hasattr(unit, "__dict__")
    with pytest.raises(TypeError):
        Unit("it", "IT")  # type: ignore[call-arg]


def test_lists_become_tuples_and_datetimes_utc() -> None:
    cet = timezone(timedelta(hours=1))
    goal = Goal(id="g", title="t", owners=["a", "b"], created=datetime(2025, 1, 1, 10, tzinfo=cet))
    assert goal.owners == ("a", "b")
    assert goal.created == datetime(2025, 1, 1, 9, tzinfo=UTC)
    assert goal.created.tzinfo is UTC


def test_enum_values_become_members_and_level_defaults_by_kind() -> None:
    for kind, level in DEFAULT_LEVEL.items():
        event = Event(id="e", kind=kind.value, title="t", start=T0)
        assert event.kind is kind
        assert event.level is level
    assert set(DEFAULT_LEVEL) == set(EventKind)
    assert Event(id="e", kind="story", title="t", start=T0, level="empower").level is Level.EMPOWER


def test_level_order_and_two_way() -> None:
    assert sorted(Level, reverse=True)[0] is Level.EMPOWER
    assert [level.rank for level in Level] == [0, 1, 2, 3, 4]
    assert not Level.INFORM.two_way
    assert all(level.two_way for level in Level if level is not Level.INFORM)
    assert Level.INVOLVE < Level.COLLABORATE
    assert not Level.INVOLVE > Level.COLLABORATE


def test_every_field_problem_of_an_object_at_once() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Stakeholder(
            id="",
            name=3,  # type: ignore[arg-type]
            unit="it",
            size=0,
            power=1.5,
            interest=True,
            joined=datetime(2025, 1, 1),
            attributes={"site": 1},  # type: ignore[dict-item]
        )
    assert problems_of(excinfo) == [
        ("$.id", "an id must not be empty"),
        ("$.name", "must be a string, not int"),
        ("$.size", "must be at least 1, not 0"),
        ("$.power", "must be in [0, 1], not 1.5"),
        ("$.interest", "must be a number in [0, 1] or null, not bool True"),
        ("$.joined", "naive datetime 2025-01-01T00:00:00: give a timezone (e.g. +00:00)"),
        ("$.attributes", "keys must be non-empty strings and values strings; not so for ['site']"),
    ]


def test_enum_problem_has_a_hint() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Response(id="r", contribution="c", at=T0, outcome="adopt")
    [(path, message)] = problems_of(excinfo)
    assert path == "$.outcome"
    assert message.startswith("unknown Outcome 'adopt' (did you mean 'adopted'?)")


@pytest.mark.parametrize(
    ("make", "path", "message"),
    [
        (lambda: Goal(id="g", title="t", owners="anna"), "$.owners", "must be a list of ids"),
        (
            lambda: Goal(id="g", title="t", owners=["a", "a"]),
            "$.owners",
            "lists 'a' more than once",
        ),
        (
            lambda: Reaction(contribution="c", stakeholder="s", at=T0, value=2),
            "$.value",
            "must be 1 (agree), 0 (pass) or -1 (disagree), not 2",
        ),
        (lambda: Milestone(id="m", title="t", due=T0), "$.due", "must be a date"),
        (
            lambda: SurveyAnswer(
                respondent="s", at=T0, instrument="i", item="q", value=float("nan")
            ),
            "$.value",
            "must be a finite number",
        ),
        (
            lambda: Event(id="e", kind="workshop", title="t", start=T0, end=T0 - DAY),
            "$.end",
            "ends (2024-12-31T09:00:00+00:00) before it starts (2025-01-01T09:00:00+00:00)",
        ),
        (
            lambda: Stakeholder(id="s", name="S", unit="u", joined=T0, left=T0 - DAY),
            "$.left",
            "left (2024-12-31T09:00:00+00:00) before joining (2025-01-01T09:00:00+00:00)",
        ),
        (
            lambda: Event(
                id="e",
                kind="workshop",
                title="t",
                start=T0,
                participations=[Participation(stakeholder="a")] * 2,
            ),
            "$.participations",
            "lists stakeholder 'a' more than once",
        ),
    ],
)
def test_single_field_messages(make: Any, path: str, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make()
    [(got_path, got_message)] = problems_of(excinfo)
    assert got_path == path
    assert got_message.startswith(message)


def test_attributes_are_read_only_sorted_and_compared() -> None:
    s = Stakeholder(id="s", name="S", unit="u", attributes={"b": "2", "a": "1"})
    assert list(s.attributes) == ["a", "b"]
    with pytest.raises(TypeError):
        s.attributes["c"] = "3"  # type: ignore[index]
    assert s == Stakeholder(id="s", name="S", unit="u", attributes={"a": "1", "b": "2"})
    assert s != Stakeholder(id="s", name="S", unit="u", attributes={"a": "1"})
    assert hash(s) == hash(Stakeholder(id="s", name="S", unit="u", attributes={"a": "1", "b": "2"}))


# ---------------------------------------------------------------------------
# process


def test_small_process_is_valid_and_adoption_is_earliest_revision() -> None:
    p = small_process()
    assert p.adoption == T0 + 30 * DAY
    assert p.span == (T0, T0 + 100 * DAY)
    assert StrategyProcess().adoption is None
    assert StrategyProcess().span is None


def test_every_cross_object_problem_at_once() -> None:
    p = small_process()
    with pytest.raises(ValidationError) as excinfo:
        attrs.evolve(
            p,
            units=(*p.units, Unit(id="it", name="IT again")),
            stakeholders=(attrs.evolve(p.stakeholders[0], unit="itt"), p.stakeholders[1]),
            goals=(attrs.evolve(p.goals[0], parent="g1"),),
            contributions=(
                attrs.evolve(p.contributions[0], reply_to="c2"),
                p.contributions[1],
            ),
            responses=(attrs.evolve(p.responses[0], at=T0),),
            reactions=(*p.reactions, attrs.evolve(p.reactions[0], value=-1)),
            events=(
                attrs.evolve(p.events[0], participations=(Participation(stakeholder="cecilia"),)),
                p.events[1],
            ),
        )
    assert problems_of(excinfo) == [
        ("$.units[2].id", "duplicate id 'it' (first used at $.units[1])"),
        ("$.stakeholders[0].unit", "unknown unit 'itt' (did you mean 'it'?)"),
        ("$.events[0].participations[0].stakeholder", "unknown stakeholder 'cecilia'"),
        ("$.goals[0].parent", "cycle: 'g1' -> 'g1'"),
        ("$.contributions[0].reply_to", "cycle: 'c1' -> 'c2' -> 'c1'"),
        (
            "$.responses[0].at",
            "response at 2025-01-01T09:00:00+00:00 is before its contribution 'c1' at "
            "2025-01-02T09:00:00+00:00",
        ),
        (
            "$.reactions[2].value",
            "-1 contradicts $.reactions[0] (1), a reaction of 'anna' to 'c1' at the same instant",
        ),
    ]


def test_items_of_the_wrong_class() -> None:
    with pytest.raises(ValidationError) as excinfo:
        StrategyProcess(units=[Stakeholder(id="s", name="S", unit="u")])  # type: ignore[list-item]
    assert problems_of(excinfo) == [("$.units[0]", "must be a Unit, not Stakeholder")]


def test_as_of_needs_an_aware_datetime() -> None:
    with pytest.raises(ValidationError, match="naive datetime"):
        small_process().as_of(datetime(2025, 1, 1))


def test_as_of_by_hand() -> None:
    p = small_process()
    before = p.as_of(T0 + 3 * DAY)
    assert [s.id for s in before.stakeholders] == ["anna", "bo"]
    assert before.revisions == ()  # adopted later
    assert before.milestones[0].achieved is None  # pending then
    assert [e.id for e in before.events] == ["e1"]
    assert before.responses == ()  # answered on day 5
    assert len(before.reactions) == 2
    assert before.survey_answers == ()
    assert p.as_of(T0 - DAY).stakeholders == (p.stakeholders[1],)  # anna joined at T0


# ---------------------------------------------------------------------------
# properties over generated processes

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rebuilt(p: StrategyProcess) -> StrategyProcess:
    """The same process built again with every check on."""
    return StrategyProcess(**{name: getattr(p, name) for name in COLLECTIONS})


@SETTINGS
@given(processes())
def test_generated_processes_are_valid(p: StrategyProcess) -> None:
    assert rebuilt(p) == p


@SETTINGS
@given(processes(), datetimes())
def test_as_of_is_idempotent_and_valid(p: StrategyProcess, t: datetime) -> None:
    then = p.as_of(t)
    assert then.as_of(t) == then
    assert rebuilt(then) == then


@SETTINGS
@given(processes(), datetimes(), datetimes())
def test_as_of_is_monotone(p: StrategyProcess, t1: datetime, t2: datetime) -> None:
    early, late = sorted([t1, t2])
    assert p.as_of(late).as_of(early) == p.as_of(early)
    for name in ("stakeholders", "goals", "revisions", "events", "contributions", "responses"):
        early_ids = {x.id for x in getattr(p.as_of(early), name)}
        late_ids = {x.id for x in getattr(p.as_of(late), name)}
        assert early_ids <= late_ids
    assert len(p.as_of(early).reactions) <= len(p.as_of(late).reactions)


@SETTINGS
@given(processes())
def test_as_of_the_last_moment_is_the_whole_process(p: StrategyProcess) -> None:
    span = p.span
    last = span[1] if span is not None else T0
    assert p.as_of(last) == p


# ---------------------------------------------------------------------------
# fault injection: exactly the injected problems, each at its path

FRESH = "§nowhere"
Collections = dict[str, tuple[Any, ...]]


def _dangling(c: Collections) -> tuple[Collections, str]:
    i = len(c["stakeholders"]) - 1
    changed = attrs.evolve(c["stakeholders"][i], unit=FRESH)
    return {**c, "stakeholders": (*c["stakeholders"][:i], changed)}, f"$.stakeholders[{i}].unit"


def _duplicate(c: Collections) -> tuple[Collections, str]:
    return {**c, "units": (*c["units"], c["units"][0])}, f"$.units[{len(c['units'])}].id"


def _cycle(c: Collections) -> tuple[Collections, str]:
    first = c["goals"][0]
    looped = attrs.evolve(first, parent=first.id)
    return {**c, "goals": (looped, *c["goals"][1:])}, "$.goals[0].parent"


def _early_response(c: Collections) -> tuple[Collections, str]:
    source = next(x for x in c["contributions"] if x.at is not None)
    taken = {r.id for r in c["responses"]}
    rid = next(f"{FRESH}{n}" for n in range(len(taken) + 1) if f"{FRESH}{n}" not in taken)
    early = Response(id=rid, contribution=source.id, at=source.at - DAY, outcome="answered")
    path = f"$.responses[{len(c['responses'])}].at"
    return {**c, "responses": (*c["responses"], early)}, path


def _available(p: StrategyProcess) -> list[Any]:
    faults: list[Any] = [_dangling, _duplicate]
    if p.goals:
        faults.append(_cycle)
    if any(c.at is not None for c in p.contributions):
        faults.append(_early_response)
    return faults


@SETTINGS
@given(processes(min_stakeholders=1), st.data())
def test_injected_process_faults_are_reported_exactly(
    p: StrategyProcess, data: st.DataObject
) -> None:
    faults = data.draw(st.lists(st.sampled_from(_available(p)), min_size=1, unique=True))
    collections: Collections = {name: getattr(p, name) for name in COLLECTIONS}
    paths = []
    for fault in faults:
        collections, path = fault(collections)
        paths.append(path)
    with pytest.raises(ValidationError) as excinfo:
        StrategyProcess(**collections)
    assert sorted(problem.path for problem in excinfo.value.problems) == sorted(paths)


@SETTINGS
@given(st.lists(st.sampled_from(["naive", "domain", "enum"]), min_size=1, max_size=3, unique=True))
def test_injected_field_faults_are_reported_exactly(faults: list[str]) -> None:
    kwargs: dict[str, Any] = {"id": "e", "kind": "workshop", "title": "t", "start": T0}
    expected = []
    if "naive" in faults:
        kwargs["start"] = datetime(2025, 1, 1)
        expected.append("$.start")
    if "domain" in faults:
        kwargs["participations"] = [Participation(stakeholder="a")] * 2
        expected.append("$.participations")
    if "enum" in faults:
        kwargs["level"] = "consultation"
        expected.append("$.level")
    with pytest.raises(ValidationError) as excinfo:
        Event(**kwargs)
    assert sorted(p.path for p in excinfo.value.problems) == sorted(expected)


def test_problem_under_prefixes_paths() -> None:
    assert Problem("$", "bad").under("$.units[0]") == Problem("$.units[0]", "bad")
    assert Problem("name", "bad").under("units[0]") == Problem("units[0].name", "bad")
    assert str(Problem("", "just a message")) == "just a message"


def test_enum_members() -> None:
    assert {k.value for k in ContributionKind} == {"question", "idea", "concern", "comment"}
    assert {o.value for o in Outcome} == {"acknowledged", "answered", "adopted", "declined"}
    assert {r.value for r in ParticipationRole} == {"invited", "participant", "facilitator"}
    assert EventKind.STORY.one_way
    assert not EventKind.TOWN_HALL.one_way


def test_datetimes_beyond_utc_range_are_problems_not_overflows() -> None:
    plus_one = timezone(timedelta(hours=1))
    with pytest.raises(ValidationError) as excinfo:
        Revision(id="r", at=datetime(1, 1, 1, tzinfo=plus_one), title="t")
    assert problems_of(excinfo) == [
        ("$.at", "0001-01-01T00:00:00+01:00 is out of range when expressed in UTC")
    ]


def test_size_must_fit_int64() -> None:
    assert Stakeholder(id="s", name="S", unit="u", size=2**63 - 1).size == 2**63 - 1
    with pytest.raises(ValidationError) as excinfo:
        Stakeholder(id="s", name="S", unit="u", size=2**63)
    assert problems_of(excinfo) == [("$.size", f"must be at most {2**63 - 1} (int64), not {2**63}")]


def test_as_of_ends_an_event_in_progress_at_t() -> None:
    p = StrategyProcess(
        events=[Event(id="w", kind="workshop", title="t", start=T0, end=T0 + timedelta(hours=8))]
    )
    during = p.as_of(T0 + timedelta(hours=1))
    assert during.events[0].end == T0 + timedelta(hours=1)
    assert during.span == (T0, T0 + timedelta(hours=1))
    assert p.as_of(T0 + timedelta(hours=8)) == p


def test_a_milestone_is_reported_only_once_achieved() -> None:
    p = small_process()  # e2 (day 100) reports m1, achieved on day 90
    early = attrs.evolve(p.events[1], start=T0 + 80 * DAY)
    with pytest.raises(ValidationError) as excinfo:
        attrs.evolve(p, events=(p.events[0], early))
    assert problems_of(excinfo) == [
        (
            "$.events[1].milestones[0]",
            "reports milestone 'm1' at 2025-03-22T09:00:00+00:00, "
            "before it was achieved at 2025-04-01T09:00:00+00:00",
        )
    ]
    pending = attrs.evolve(p.milestones[0], achieved=None)
    with pytest.raises(ValidationError) as excinfo:
        attrs.evolve(p, milestones=(pending,))
    assert problems_of(excinfo) == [
        ("$.events[1].milestones[0]", "reports milestone 'm1', which is not achieved")
    ]
