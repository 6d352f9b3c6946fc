"""The demo process: it loads, it is valid and realistic, and its planted problems are there.

The problems are checked on the raw objects, without the metrics, so that the
metric tests can rely on them (see the docstring of ``ownership.data``).
"""

from __future__ import annotations

import importlib.util
import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from ownership import (
    ContributionKind,
    EventKind,
    Level,
    Outcome,
    ParticipationRole,
    StrategyProcess,
)
from ownership.data import demo
from ownership.io import dumps, loads

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_demo.py"

NEVER_CONSULTED = "kultur-fritid"
UNANSWERED_GOAL = "valfardsteknik-mobil"
BROADCASTING_UNIT = "samhallsbyggnad"
SILENCE = (datetime(2025, 6, 19, 5, tzinfo=UTC), datetime(2025, 11, 20, 6, tzinfo=UTC))
NEVER_REPORTED = "ms-kontinuitet"


@pytest.fixture(scope="module")
def process() -> StrategyProcess:
    return demo()


def _subtree(process: StrategyProcess, root: str) -> set[str]:
    """``root`` and every unit below it."""
    out = {root}
    grew = True
    while grew:
        below = {u.id for u in process.units if u.parent in out}
        grew = not below <= out
        out |= below
    return out


def _unit_of(process: StrategyProcess) -> dict[str, str]:
    return {s.id: s.unit for s in process.stakeholders}


def _responded(process: StrategyProcess) -> set[str]:
    return {r.contribution for r in process.responses}


def _reports(process: StrategyProcess) -> list[datetime]:
    """When results were shared after the adoption: the events that report milestones."""
    adoption = process.adoption
    assert adoption is not None
    return sorted(e.start for e in process.events if e.milestones and e.start >= adoption)


# ---------------------------------------------------------------------------
# it loads, it is valid, it is what it says


def test_demo_loads_once_and_is_a_valid_process(process: StrategyProcess) -> None:
    assert isinstance(process, StrategyProcess)
    assert demo() is process
    # validating again from its own fields and through JSON finds nothing
    again = StrategyProcess(
        **{f.name: getattr(process, f.name) for f in attrs.fields(type(process))}
    )
    assert again == process
    assert loads(dumps(process)) == process


def test_the_json_ships_in_the_package_and_is_small() -> None:
    data = resources.files("ownership.data").joinpath("demo.json")
    assert data.is_file()
    assert len(data.read_bytes()) < 1_000_000


def test_the_json_is_what_the_authoring_script_builds() -> None:
    spec = importlib.util.spec_from_file_location("build_demo", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    built = script.build()
    script.check(built)
    shipped = resources.files("ownership.data").joinpath("demo.json").read_text("utf-8")
    assert dumps(built) + "\n" == shipped


def test_about_120_stakeholders_in_8_units(process: StrategyProcess) -> None:
    assert 110 <= len(process.stakeholders) <= 130
    assert len(process.units) == 8
    assert {u.id for u in process.units} == {
        "kommunledning",
        "it",
        "anvandarstod",
        "socialtjanst",
        "utbildning",
        "samhallsbyggnad",
        "kultur-fritid",
        "externa",
    }
    external = {u.id for u in process.units if u.external}
    assert external == {"externa"}
    internal = {u.id for u in process.units} - external
    assert _subtree(process, "kommunledning") == internal
    per_unit = Counter(s.unit for s in process.stakeholders)
    assert all(per_unit[u] >= 8 for u in internal | external)
    groups = [s for s in process.stakeholders if s.size > 1]
    assert len(groups) >= 20
    assert any(s.name == "Lärare på Norrskolan" and s.size == 40 for s in groups)
    assert sum(s.size for s in process.stakeholders) > 600
    for unit in internal:
        assert any(s.leader for s in process.stakeholders if s.unit == unit), unit
    for s in process.stakeholders:
        assert s.role
        assert s.joined is not None
        assert None not in (s.power, s.interest, s.legitimacy, s.urgency, s.affectedness)
        assert set(s.attributes) == ({"organisation"} if s.unit in external else {"site"})


def test_it_spans_about_18_months(process: StrategyProcess) -> None:
    span = process.span
    assert span is not None
    start, end = span
    assert start.tzinfo is not None
    assert timedelta(days=520) <= end - start <= timedelta(days=560)
    adoption = process.adoption
    assert adoption is not None
    assert timedelta(days=90) <= adoption - start <= timedelta(days=120)


def test_it_has_every_part_of_a_living_process(process: StrategyProcess) -> None:
    kinds = Counter(e.kind for e in process.events)
    assert kinds[EventKind.WORKSHOP] >= 3
    assert kinds[EventKind.THEME_DAY] == 1
    assert kinds[EventKind.DIGITAL_PLATFORM] >= 1
    assert kinds[EventKind.STORY] >= 4
    assert kinds[EventKind.NEWSLETTER] >= 6
    contribution_kinds = Counter(c.kind for c in process.contributions)
    for kind in (ContributionKind.QUESTION, ContributionKind.IDEA, ContributionKind.CONCERN):
        assert contribution_kinds[kind] >= 15
    assert {r.outcome for r in process.responses} == set(Outcome)
    # goals: a tree of 4–6 top goals with sub-goals, owners and affected units
    top = [g for g in process.goals if g.parent is None]
    assert 4 <= len(top) <= 6
    assert all(any(h.parent == g.id for h in process.goals) for g in top)
    assert all(g.owners and g.units for g in process.goals)
    # stories reach audiences
    assert all(e.audiences and e.goals for e in process.events if e.kind is EventKind.STORY)
    # milestones: some achieved, some pending
    assert sum(m.achieved is not None for m in process.milestones) >= 8
    assert any(m.achieved is None for m in process.milestones)
    # reactions only on platform contributions
    event_of = {c.id: c.event for c in process.contributions}
    platform = {e.id for e in process.events if e.kind is EventKind.DIGITAL_PLATFORM}
    assert len(process.reactions) > 300
    assert {event_of[r.contribution] for r in process.reactions} <= platform
    # survey
    assert {a.instrument for a in process.survey_answers} == {"ägarskap"}
    assert {a.item for a in process.survey_answers} == {"q1", "q2", "q3", "q4"}
    assert {a.value for a in process.survey_answers} <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert len({a.respondent for a in process.survey_answers}) >= 40


def test_one_revision_after_adoption_adopts_concerns(process: StrategyProcess) -> None:
    adoption = process.adoption
    assert adoption is not None
    later = [r for r in process.revisions if r.at > adoption]
    assert len(later) == 1
    (revision,) = later
    kinds = {c.id: c.kind for c in process.contributions}
    cited = set(revision.motivated_by)
    assert sum(kinds[c] is ContributionKind.CONCERN for c in cited) >= 3
    adopted = {r.contribution for r in process.responses if r.outcome is Outcome.ADOPTED}
    assert cited <= adopted


def test_contributions_are_made_by_people_at_their_event(process: StrategyProcess) -> None:
    events = {e.id: e for e in process.events}
    for c in process.contributions:
        event = events[c.event]
        assert c.at is not None
        assert event.start <= c.at
        assert event.end is None or c.at <= event.end
        assert c.author in {p.stakeholder for p in event.participations}


# ---------------------------------------------------------------------------
# the planted problems


def test_problem_1_one_unit_is_never_consulted(process: StrategyProcess) -> None:
    unit_of = _unit_of(process)
    people = {s for s, u in unit_of.items() if u == NEVER_CONSULTED}
    assert len(people) >= 10
    two_way = [e for e in process.events if e.level >= Level.CONSULT]
    assert not [
        (e.id, p.stakeholder) for e in two_way for p in e.participations if p.stakeholder in people
    ]
    assert not [c.id for c in process.contributions if c.author in people]
    assert not [r for r in process.reactions if r.stakeholder in people]
    assert not [r.id for r in process.responses if r.responder in people]
    assert not [a for a in process.survey_answers if a.respondent in people]
    assert not [g.id for g in process.goals if set(g.owners) & people]
    # ... yet the strategy affects it, and it only receives messages
    assert sum(NEVER_CONSULTED in g.units for g in process.goals) >= 3
    reached = [
        e
        for e in process.events
        if any(NEVER_CONSULTED in _subtree(process, u) for u in e.audiences)
    ]
    assert len(reached) >= 8
    assert all(e.level is Level.INFORM for e in reached)
    attended = [e for e in process.events if {p.stakeholder for p in e.participations} & people]
    assert [e.id for e in attended] == ["kof-info"]
    assert attended[0].level is Level.INFORM
    # every other unit does take part in two-way events
    heard = {unit_of[p.stakeholder] for e in two_way for p in e.participations}
    assert heard == {u.id for u in process.units} - {NEVER_CONSULTED}


def test_problem_2_concerns_about_one_goal_are_left_unanswered(process: StrategyProcess) -> None:
    responded = _responded(process)
    cited = {c for r in process.revisions for c in r.motivated_by}
    concerns = [c for c in process.contributions if c.kind is ContributionKind.CONCERN]
    on_goal = [c for c in concerns if UNANSWERED_GOAL in c.goals]
    assert len(on_goal) >= 5
    assert len({c.author for c in on_goal}) >= 4
    assert not [c.id for c in on_goal if c.id in responded or c.id in cited]
    # nothing about the goal gets an answer, not even the comments in its threads
    about_goal = [c.id for c in process.contributions if UNANSWERED_GOAL in c.goals]
    assert len(about_goal) > len(on_goal)
    assert not set(about_goal) & responded
    # every other concern does get one, so the goal stands out
    assert all(c.id in responded for c in concerns if UNANSWERED_GOAL not in c.goals)
    # and they are not fringe: on the platform they draw much agreement
    latest: dict[tuple[str, str], tuple[datetime, int]] = {}
    for r in process.reactions:
        key = (r.contribution, r.stakeholder)
        if key not in latest or r.at >= latest[key][0]:
            latest[key] = (r.at, r.value)
    agrees = Counter(c for (c, _), (_, v) in latest.items() if v == 1)
    on_platform = [c.id for c in on_goal if agrees[c.id]]
    assert len(on_platform) >= 5
    assert min(agrees[c] for c in on_platform) >= 12


def test_problem_3_results_are_not_shared_for_months(process: StrategyProcess) -> None:
    reports = _reports(process)
    assert len(reports) >= 6
    gaps = [(b - a, a, b) for a, b in itertools.pairwise(reports)]
    longest, before, after = max(gaps)
    assert longest > timedelta(days=120)
    assert (before, after) == SILENCE
    # the other gaps are ordinary
    assert sorted(g for g, _, _ in gaps)[-2] < timedelta(days=90)
    # an achieved milestone that no event ever reports
    milestones = {m.id: m for m in process.milestones}
    reported = {m for e in process.events for m in e.milestones}
    never = [m.id for m in process.milestones if m.achieved is not None and m.id not in reported]
    assert never == [NEVER_REPORTED]
    achieved = milestones[NEVER_REPORTED].achieved
    assert achieved is not None
    assert SILENCE[0] < achieved < SILENCE[1]
    # no story or other message fills the silence with results
    assert not [e.id for e in process.events if e.milestones and SILENCE[0] < e.start < SILENCE[1]]
    assert not [
        e.id
        for e in process.events
        if e.kind is EventKind.STORY and SILENCE[0] < e.start < SILENCE[1]
    ]


def test_problem_4_leaders_of_one_unit_mostly_broadcast(process: StrategyProcess) -> None:
    leaders = {s.id: s.unit for s in process.stakeholders if s.leader}
    internal = {u.id for u in process.units if not u.external}
    theirs = [e for e in process.events if leaders.get(e.organiser or "") == BROADCASTING_UNIT]
    others = [
        e
        for e in process.events
        if leaders.get(e.organiser or "") in internal - {BROADCASTING_UNIT}
    ]
    assert len(theirs) >= 6
    assert len({e.organiser for e in theirs}) == 3
    inform = sum(e.level is Level.INFORM for e in theirs) / len(theirs)
    assert inform >= 0.75
    assert sum(e.level.two_way for e in theirs) == 1
    assert all(e.kind.one_way for e in theirs if e.level is Level.INFORM)
    # elsewhere leaders mostly organise two-way events
    assert len(others) >= 15
    assert sum(e.level is Level.INFORM for e in others) / len(others) <= 0.2
    # and they rarely facilitate anybody else's dialogue either
    facilitated = [
        e
        for e in process.events
        if e.level.two_way
        and any(
            p.role is ParticipationRole.FACILITATOR
            and leaders.get(p.stakeholder) == BROADCASTING_UNIT
            for p in e.participations
        )
    ]
    assert len(facilitated) == 1
