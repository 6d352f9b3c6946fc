"""Hypothesis strategies for ``ownership``'s model (extra ``testing``).

Every strategy here produces *valid* objects: a drawn :class:`~ownership.StrategyProcess`
passes every check of the library, so a test can take one and change it on
purpose. :func:`processes` covers the awkward corners on purpose: empty
processes, deep unit and goal trees, reply chains, equal timestamps, unicode
names, groups with ``size`` above one, reaction histories with exact repeats,
contributions without a time, and datetimes given in other time zones.

The strategies are registered with Hypothesis through its entry point, so
``st.from_type(Stakeholder)`` works once ``ownership`` is installed:

>>> from hypothesis import given, settings, strategies as st
>>> from ownership import Stakeholder, StrategyProcess
>>> from ownership.strategies import processes
>>> @settings(max_examples=20, deadline=None)
... @given(processes(max_stakeholders=5))
... def test_ids_are_unique(process: StrategyProcess) -> None:
...     ids = [s.id for s in process.stakeholders]
...     assert len(ids) == len(set(ids))
>>> test_ids_are_unique()
>>> @settings(max_examples=10, deadline=None)
... @given(st.from_type(Stakeholder))
... def test_registered(stakeholder: Stakeholder) -> None:
...     assert stakeholder.size >= 1
>>> test_registered()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .model import (
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
    Reaction,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    SurveyAnswer,
    Unit,
)

__all__ = [
    "contributions",
    "datetimes",
    "events",
    "goals",
    "ids",
    "milestones",
    "participations",
    "processes",
    "reactions",
    "responses",
    "revisions",
    "stakeholders",
    "survey_answers",
    "units",
]

_EARLIEST = datetime(2020, 1, 1)  # noqa: DTZ001 - Hypothesis bounds are naive
_LATEST = datetime(2030, 12, 31)  # noqa: DTZ001
_ZONES = (UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30)))

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


def ids() -> st.SearchStrategy[str]:
    """Non-empty ids, unicode included."""
    return st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")),
        min_size=1,
        max_size=8,
    )


def datetimes() -> st.SearchStrategy[datetime]:
    """Aware datetimes between 2020 and 2030, in UTC or another fixed offset."""
    return st.datetimes(
        min_value=_EARLIEST, max_value=_LATEST, timezones=st.sampled_from(_ZONES)
    ).map(lambda d: d.astimezone(UTC))


def _dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=_EARLIEST.date(), max_value=_LATEST.date())


def _scores() -> st.SearchStrategy[float | None]:
    return st.none() | st.floats(min_value=0.0, max_value=1.0, allow_nan=False) | st.just(1.0)


def _sizes() -> st.SearchStrategy[int]:
    return st.just(1) | st.integers(min_value=1, max_value=5000)


def _attributes() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(ids(), _TEXT, max_size=3)


def _refs(pool: Sequence[str], *, max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    if not pool:
        return st.just(())
    return st.lists(st.sampled_from(pool), unique=True, max_size=max_size).map(tuple)


def _maybe(pool: Sequence[str]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(pool) if pool else st.none()


def _ref(pool: Sequence[str] | None) -> st.SearchStrategy[str]:
    return st.sampled_from(pool) if pool else ids()


def _check_pool(name: str, pool: object) -> None:
    if pool is None:
        return
    if (
        isinstance(pool, str)
        or not isinstance(pool, Sequence)
        or not all(isinstance(v, str) and v for v in pool)
    ):
        msg = f"{name} must be a sequence of non-empty id strings, not {pool!r}"
        raise InvalidArgument(msg)


# ---------------------------------------------------------------------------
# one strategy per class


def units(*, parent_ids: Sequence[str] | None = None) -> st.SearchStrategy[Unit]:
    """Units whose parent, if any, is drawn from ``parent_ids`` (any id when None)."""
    _check_pool("parent_ids", parent_ids)
    parents = (st.none() | ids()) if parent_ids is None else _maybe(parent_ids)
    return st.builds(Unit, id=ids(), name=_TEXT, parent=parents, external=st.booleans())


@st.composite
def _stakeholder(
    draw: st.DrawFn, unit_ids: Sequence[str] | None, stakeholder_id: str | None
) -> Stakeholder:
    joined = draw(st.none() | datetimes())
    left = draw(st.none() | datetimes())
    if joined is not None and left is not None and left < joined:
        joined, left = left, joined
    return Stakeholder(
        id=stakeholder_id if stakeholder_id is not None else draw(ids()),
        name=draw(_TEXT),
        unit=draw(_ref(unit_ids)),
        role=draw(st.sampled_from(["", "manager", "developer", "teacher", "social worker"])),
        leader=draw(st.booleans()),
        size=draw(_sizes()),
        power=draw(_scores()),
        interest=draw(_scores()),
        legitimacy=draw(_scores()),
        urgency=draw(_scores()),
        affectedness=draw(_scores()),
        joined=joined,
        left=left,
        attributes=draw(_attributes()),
    )


def stakeholders(*, unit_ids: Sequence[str] | None = None) -> st.SearchStrategy[Stakeholder]:
    """Stakeholders in one of ``unit_ids`` (any id when None), sometimes groups (size > 1)."""
    _check_pool("unit_ids", unit_ids)
    return _stakeholder(unit_ids, None)


def goals(
    *,
    parent_ids: Sequence[str] | None = None,
    stakeholder_ids: Sequence[str] = (),
    unit_ids: Sequence[str] = (),
) -> st.SearchStrategy[Goal]:
    """Goals with parents, owners and affected units drawn from the given ids."""
    for name, pool in [("parent_ids", parent_ids), ("stakeholder_ids", stakeholder_ids)]:
        _check_pool(name, pool)
    _check_pool("unit_ids", unit_ids)
    parents = (st.none() | ids()) if parent_ids is None else _maybe(parent_ids)
    return st.builds(
        Goal,
        id=ids(),
        title=_TEXT,
        parent=parents,
        created=st.none() | datetimes(),
        owners=_refs(stakeholder_ids),
        units=_refs(unit_ids),
    )


def revisions(
    *, goal_ids: Sequence[str] = (), contribution_ids: Sequence[str] = ()
) -> st.SearchStrategy[Revision]:
    """Revisions of the strategy citing the given goals and contributions."""
    _check_pool("goal_ids", goal_ids)
    _check_pool("contribution_ids", contribution_ids)
    return st.builds(
        Revision,
        id=ids(),
        at=datetimes(),
        title=_TEXT,
        summary=_TEXT,
        goals=_refs(goal_ids),
        motivated_by=_refs(contribution_ids),
    )


def milestones(*, goal_ids: Sequence[str] = ()) -> st.SearchStrategy[Milestone]:
    """Milestones, some achieved, serving the given goals."""
    _check_pool("goal_ids", goal_ids)
    return st.builds(
        Milestone,
        id=ids(),
        title=_TEXT,
        due=_dates(),
        achieved=st.none() | datetimes(),
        goals=_refs(goal_ids),
    )


def participations(
    *, stakeholder_ids: Sequence[str] | None = None
) -> st.SearchStrategy[Participation]:
    """Participations of one of ``stakeholder_ids`` (any id when None), in any role."""
    _check_pool("stakeholder_ids", stakeholder_ids)
    return st.builds(
        Participation,
        stakeholder=_ref(stakeholder_ids),
        role=st.sampled_from(ParticipationRole),
    )


@st.composite
def _event(
    draw: st.DrawFn,
    stakeholder_ids: Sequence[str],
    unit_ids: Sequence[str],
    goal_ids: Sequence[str],
    milestone_ids: Sequence[str],
    times: st.SearchStrategy[datetime],
    max_participants: int,
    achieved: Mapping[str, datetime | None] | None = None,
) -> Event:
    kind = draw(st.sampled_from(EventKind))
    start = draw(times)
    if achieved is not None:  # within a process: report only what was achieved by then
        milestone_ids = [
            m for m in milestone_ids if (when := achieved.get(m)) is not None and when <= start
        ]
    end = draw(st.none() | st.just(start) | times.filter(lambda t: t >= start))
    people = draw(
        st.lists(st.sampled_from(stakeholder_ids), unique=True, max_size=max_participants)
        if stakeholder_ids
        else st.just([])
    )
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        extra["level"] = draw(st.sampled_from(Level))
    return Event(
        id=draw(ids()),
        kind=kind,
        title=draw(_TEXT),
        start=start,
        end=end,
        organiser=draw(_maybe(stakeholder_ids)),
        goals=draw(_refs(goal_ids)),
        milestones=draw(_refs(milestone_ids)),
        participations=tuple(
            Participation(stakeholder=p, role=draw(st.sampled_from(ParticipationRole)))
            for p in people
        ),
        audiences=draw(_refs(unit_ids)),
        **extra,
    )


def events(
    *,
    stakeholder_ids: Sequence[str] = (),
    unit_ids: Sequence[str] = (),
    goal_ids: Sequence[str] = (),
    milestone_ids: Sequence[str] = (),
    max_participants: int = 6,
) -> st.SearchStrategy[Event]:
    """Events of every kind and level, with participations among ``stakeholder_ids``."""
    for name, pool in [
        ("stakeholder_ids", stakeholder_ids),
        ("unit_ids", unit_ids),
        ("goal_ids", goal_ids),
        ("milestone_ids", milestone_ids),
    ]:
        _check_pool(name, pool)
    _check_size("max_participants", max_participants)
    return _event(stakeholder_ids, unit_ids, goal_ids, milestone_ids, datetimes(), max_participants)


def contributions(
    *,
    event_ids: Sequence[str] | None = None,
    stakeholder_ids: Sequence[str] | None = None,
    goal_ids: Sequence[str] = (),
) -> st.SearchStrategy[Contribution]:
    """Contributions of every kind, some without a time, at events by the given authors."""
    _check_pool("event_ids", event_ids)
    _check_pool("stakeholder_ids", stakeholder_ids)
    _check_pool("goal_ids", goal_ids)
    return st.builds(
        Contribution,
        id=ids(),
        event=_ref(event_ids),
        author=_ref(stakeholder_ids),
        at=st.none() | datetimes(),
        kind=st.sampled_from(ContributionKind),
        text=_TEXT,
        reply_to=st.none(),
        goals=_refs(goal_ids),
        attributes=_attributes(),
    )


def responses(
    *,
    contribution_ids: Sequence[str] | None = None,
    stakeholder_ids: Sequence[str] | None = None,
) -> st.SearchStrategy[Response]:
    """Responses with every outcome to the given contributions."""
    _check_pool("contribution_ids", contribution_ids)
    _check_pool("stakeholder_ids", stakeholder_ids)
    responders = st.none() | ids() if stakeholder_ids is None else _maybe(stakeholder_ids)
    return st.builds(
        Response,
        id=ids(),
        contribution=_ref(contribution_ids),
        responder=responders,
        at=datetimes(),
        outcome=st.sampled_from(Outcome),
        text=_TEXT,
    )


def reactions(
    *,
    contribution_ids: Sequence[str] | None = None,
    stakeholder_ids: Sequence[str] | None = None,
) -> st.SearchStrategy[Reaction]:
    """Reactions (+1, 0, -1) of the given stakeholders to the given contributions."""
    _check_pool("contribution_ids", contribution_ids)
    _check_pool("stakeholder_ids", stakeholder_ids)
    return st.builds(
        Reaction,
        contribution=_ref(contribution_ids),
        stakeholder=_ref(stakeholder_ids),
        at=datetimes(),
        value=st.sampled_from([1, 0, -1]),
    )


def survey_answers(
    *, stakeholder_ids: Sequence[str] | None = None
) -> st.SearchStrategy[SurveyAnswer]:
    """Five-point answers of the given respondents to a few items of a few instruments."""
    _check_pool("stakeholder_ids", stakeholder_ids)
    return st.builds(
        SurveyAnswer,
        respondent=_ref(stakeholder_ids),
        at=datetimes(),
        instrument=st.sampled_from(["ownership", "pulse"]),
        item=st.sampled_from(["q1", "q2", "q3", "q4"]),
        value=st.integers(min_value=1, max_value=5).map(float)
        | st.floats(min_value=-10, max_value=10, allow_nan=False),
    )


# ---------------------------------------------------------------------------
# whole processes


def _check_size(name: str, value: object, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"{name} must be a whole number >= {minimum}, not {value!r}"
        raise InvalidArgument(msg)


def _unique_ids(draw: st.DrawFn, n_min: int, n_max: int) -> list[str]:
    return draw(st.lists(ids(), min_size=n_min, max_size=n_max, unique=True))


def _tree_parent(draw: st.DrawFn, earlier: list[str]) -> str | None:
    if not earlier:
        return None
    # sometimes the previous node (deep chains), sometimes any earlier node, sometimes a root
    return draw(st.none() | st.just(earlier[-1]) | st.sampled_from(earlier))


@st.composite
def _processes(
    draw: st.DrawFn,
    min_stakeholders: int,
    max_stakeholders: int,
    max_units: int,
    max_goals: int,
    max_events: int,
    max_contributions: int,
    max_responses: int,
    max_reactions: int,
    max_survey_answers: int,
) -> StrategyProcess:
    # a small pool of instants makes equal timestamps common
    pool = draw(st.lists(datetimes(), min_size=1, max_size=6))
    times = st.sampled_from(pool) | datetimes()

    n_units_min = 1 if min_stakeholders > 0 else 0
    unit_ids = _unique_ids(draw, n_units_min, max(max_units, n_units_min))
    unit_objs = []
    for i, uid in enumerate(unit_ids):
        unit_objs.append(
            Unit(
                id=uid,
                name=draw(_TEXT),
                parent=_tree_parent(draw, unit_ids[:i]),
                external=draw(st.booleans()),
            )
        )
    people_ids = _unique_ids(draw, min_stakeholders, max_stakeholders) if unit_ids else []
    people = [draw(_stakeholder(unit_ids, pid)) for pid in people_ids]

    goal_ids = _unique_ids(draw, 0, max_goals)
    goal_objs = [
        Goal(
            id=gid,
            title=draw(_TEXT),
            parent=_tree_parent(draw, goal_ids[:i]),
            created=draw(st.none() | times),
            owners=draw(_refs(people_ids)),
            units=draw(_refs(unit_ids)),
        )
        for i, gid in enumerate(goal_ids)
    ]
    milestone_objs = draw(st.lists(milestones(goal_ids=goal_ids), max_size=3, unique_by=_id))
    milestone_ids = [m.id for m in milestone_objs]
    event_objs = draw(
        st.lists(
            _event(
                people_ids,
                unit_ids,
                goal_ids,
                milestone_ids,
                times,
                6,
                {m.id: m.achieved for m in milestone_objs},
            ),
            max_size=max_events,
            unique_by=_id,
        )
    )
    event_ids = [e.id for e in event_objs]

    contribution_objs: list[Contribution] = []
    if event_ids and people_ids:
        contribution_ids = _unique_ids(draw, 0, max_contributions)
        for i, cid in enumerate(contribution_ids):
            contribution_objs.append(
                Contribution(
                    id=cid,
                    event=draw(st.sampled_from(event_ids)),
                    author=draw(st.sampled_from(people_ids)),
                    at=draw(st.none() | times),
                    kind=draw(st.sampled_from(ContributionKind)),
                    text=draw(_TEXT),
                    reply_to=_tree_parent(draw, contribution_ids[:i]),
                    goals=draw(_refs(goal_ids)),
                    attributes=draw(_attributes()),
                )
            )
    contribution_ids = [c.id for c in contribution_objs]
    revision_objs = draw(
        st.lists(
            st.builds(
                Revision,
                id=ids(),
                at=times,
                title=_TEXT,
                summary=_TEXT,
                goals=_refs(goal_ids),
                motivated_by=_refs(contribution_ids),
            ),
            max_size=3,
            unique_by=_id,
        )
    )

    response_objs: list[Response] = []
    reaction_objs: list[Reaction] = []
    if contribution_objs:
        response_ids = _unique_ids(draw, 0, max_responses)
        for rid in response_ids:
            source = draw(st.sampled_from(contribution_objs))
            at = draw(times)
            if source.at is not None and at < source.at:
                at = draw(st.just(source.at) | st.just(source.at + timedelta(days=3)))
            response_objs.append(
                Response(
                    id=rid,
                    contribution=source.id,
                    responder=draw(_maybe(people_ids)),
                    at=at,
                    outcome=draw(st.sampled_from(Outcome)),
                    text=draw(_TEXT),
                )
            )
        n_reactions = draw(st.integers(min_value=0, max_value=max_reactions))
        agreed: dict[tuple[str, str, datetime], int] = {}
        for _ in range(n_reactions):
            if reaction_objs and draw(st.integers(0, 9)) == 0:
                reaction_objs.append(draw(st.sampled_from(reaction_objs)))  # exact repeat
                continue
            key = (
                draw(st.sampled_from(contribution_ids)),
                draw(st.sampled_from(people_ids)),
                draw(times),
            )
            value = agreed.setdefault(key, draw(st.sampled_from([1, 0, -1])))
            reaction_objs.append(
                Reaction(contribution=key[0], stakeholder=key[1], at=key[2], value=value)
            )
    answer_objs = (
        draw(
            st.lists(
                survey_answers(stakeholder_ids=people_ids),
                max_size=max_survey_answers,
            )
        )
        if people_ids
        else []
    )
    return StrategyProcess(
        units=unit_objs,
        stakeholders=people,
        goals=goal_objs,
        revisions=revision_objs,
        milestones=milestone_objs,
        events=event_objs,
        contributions=contribution_objs,
        responses=response_objs,
        reactions=reaction_objs,
        survey_answers=answer_objs,
    )


def _id(obj: Any) -> str:
    value: str = obj.id
    return value


def processes(
    *,
    min_stakeholders: int = 0,
    max_stakeholders: int = 8,
    max_units: int = 5,
    max_goals: int = 4,
    max_events: int = 5,
    max_contributions: int = 8,
    max_responses: int = 6,
    max_reactions: int = 16,
    max_survey_answers: int = 6,
) -> st.SearchStrategy[StrategyProcess]:
    """Valid strategy processes, from empty ones to small rich ones.

    Every reference points at an object of the process, trees have no cycles,
    responses come after their contributions and reactions of one pair at one
    instant agree, so the process passes all of the library's checks.
    ``max_*`` bound the size of each collection.
    """
    _check_size("min_stakeholders", min_stakeholders)
    _check_size("max_stakeholders", max_stakeholders, min_stakeholders)
    sizes = {
        "max_units": max_units,
        "max_goals": max_goals,
        "max_events": max_events,
        "max_contributions": max_contributions,
        "max_responses": max_responses,
        "max_reactions": max_reactions,
        "max_survey_answers": max_survey_answers,
    }
    for name, value in sizes.items():
        _check_size(name, value)
    if min_stakeholders > 0 and max_units < 1:
        msg = "min_stakeholders > 0 needs max_units >= 1: every stakeholder belongs to a unit"
        raise InvalidArgument(msg)
    return _processes(
        min_stakeholders,
        max_stakeholders,
        max_units,
        max_goals,
        max_events,
        max_contributions,
        max_responses,
        max_reactions,
        max_survey_answers,
    )
