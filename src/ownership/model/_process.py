"""The aggregate root: a whole strategy process, checked as one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

import attrs

from ..errors import Problem, ValidationError
from . import _fields as f
from ._classes import (
    _TRUSTED,
    Contribution,
    Event,
    Goal,
    Milestone,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    SurveyAnswer,
    Unit,
    trusted,
)
from ._messages import (
    contradicting_reaction,
    duplicate_id,
    reported_before_achieved,
    response_before_contribution,
    unknown_reference,
)
from ._messages import cycle as cycle_message

__all__ = ["COLLECTIONS", "StrategyProcess", "cross_problems"]

COLLECTIONS: Final[dict[str, type]] = {
    "units": Unit,
    "stakeholders": Stakeholder,
    "goals": Goal,
    "revisions": Revision,
    "milestones": Milestone,
    "events": Event,
    "contributions": Contribution,
    "responses": Response,
    "reactions": Reaction,
    "survey_answers": SurveyAnswer,
}
"""Every collection of a process, in dependency order, with the class of its items."""

_SINGULAR: Final = {
    "units": "unit",
    "stakeholders": "stakeholder",
    "goals": "goal",
    "revisions": "revision",
    "milestones": "milestone",
    "events": "event",
    "contributions": "contribution",
    "responses": "response",
}

_TREES: Final = (("units", "parent"), ("goals", "parent"), ("contributions", "reply_to"))


def _check_items(collections: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for name, cls in COLLECTIONS.items():
        items = collections[name]
        if not isinstance(items, tuple):
            problems.append(Problem(f"$.{name}", f"must be a list of {cls.__name__} objects"))
            continue
        problems.extend(
            Problem(f"$.{name}[{i}]", f"must be a {cls.__name__}, not {type(item).__name__}")
            for i, item in enumerate(items)
            if type(item) is not cls
        )
    return problems


def _ids(items: Sequence[Any | None]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for i, item in enumerate(items):
        if item is not None:
            ids.setdefault(item.id, i)
    return ids


def cross_problems(
    collections: Mapping[str, Sequence[Any | None]],
    *,
    extra_ids: Mapping[str, Iterable[str]] | None = None,
) -> list[Problem]:
    """Every problem between the objects of a process, with ``$.`` paths.

    ``collections`` maps each name of :data:`COLLECTIONS` to its items; an item
    may be ``None`` where a loader could not build it, and ``extra_ids`` names
    the ids of such items so that references to them are not reported twice.
    """
    problems: list[Problem] = []
    extra = {name: set(ids) for name, ids in (extra_ids or {}).items()}

    # unique ids
    ids: dict[str, dict[str, int]] = {}
    for name in _SINGULAR:
        items = collections[name]
        first = _ids(items)
        ids[name] = first
        for i, item in enumerate(items):
            if item is not None and first[item.id] != i:
                first_path = f"$.{name}[{first[item.id]}]"
                problems.append(Problem(f"$.{name}[{i}].id", duplicate_id(item.id, first_path)))
    known = {name: set(first) | extra.get(name, set()) for name, first in ids.items()}

    def unknown(path: str, target: str, value: str) -> Problem:
        return Problem(path, unknown_reference(_SINGULAR[target], value, ids[target]))

    # references
    for name, cls in COLLECTIONS.items():
        ref_fields = [
            field
            for field in attrs.fields(cls)
            if f.kind_of(field) in (f.Kind.REF, f.Kind.OPT_REF, f.Kind.REFS)
        ]
        has_participations = cls is Event
        for i, item in enumerate(collections[name]):
            if item is None:
                continue
            for field in ref_fields:
                target = f.target_of(field)
                assert target is not None
                value = getattr(item, field.name)
                if f.kind_of(field) is f.Kind.REFS:
                    for j, v in enumerate(value):
                        if v not in known[target]:
                            problems.append(unknown(f"$.{name}[{i}].{field.name}[{j}]", target, v))
                elif value is not None and value not in known[target]:
                    problems.append(unknown(f"$.{name}[{i}].{field.name}", target, value))
            if has_participations:
                for j, p in enumerate(item.participations):
                    if p.stakeholder not in known["stakeholders"]:
                        path = f"$.{name}[{i}].participations[{j}].stakeholder"
                        problems.append(unknown(path, "stakeholders", p.stakeholder))

    # trees without cycles
    for name, field in _TREES:
        problems.extend(_cycle_problems(name, field, collections[name], ids[name]))

    # time order across objects
    contributions = collections["contributions"]
    for i, response in enumerate(collections["responses"]):
        if response is None or response.contribution not in ids["contributions"]:
            continue
        source = contributions[ids["contributions"][response.contribution]]
        if source is not None and source.at is not None and response.at < source.at:
            message = response_before_contribution(response.at, source.id, source.at)
            problems.append(Problem(f"$.responses[{i}].at", message))

    # a result is reported only once it is achieved
    milestones = collections["milestones"]
    for i, event in enumerate(collections["events"]):
        if event is None:
            continue
        for j, mid in enumerate(event.milestones):
            if mid not in ids["milestones"]:
                continue
            milestone = milestones[ids["milestones"][mid]]
            if milestone is None:
                continue
            if milestone.achieved is None or event.start < milestone.achieved:
                message = reported_before_achieved(mid, event.start, milestone.achieved)
                problems.append(Problem(f"$.events[{i}].milestones[{j}]", message))

    # reactions of one pair at one instant must agree
    seen: dict[tuple[str, str, datetime], tuple[int, int]] = {}
    for i, reaction in enumerate(collections["reactions"]):
        if reaction is None:
            continue
        key = (reaction.contribution, reaction.stakeholder, reaction.at)
        earlier = seen.setdefault(key, (i, reaction.value))
        if earlier[1] != reaction.value:
            message = contradicting_reaction(
                reaction.value,
                f"$.reactions[{earlier[0]}]",
                earlier[1],
                reaction.stakeholder,
                reaction.contribution,
            )
            problems.append(Problem(f"$.reactions[{i}].value", message))
    return problems


def _cycle_problems(
    name: str, field: str, items: Sequence[Any | None], ids: Mapping[str, int]
) -> list[Problem]:
    parent = {
        item.id: getattr(item, field)
        for item in items
        if item is not None and getattr(item, field) is not None
    }
    done: set[str] = set()
    problems = []
    for start in parent:
        if start in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent.get(node)
        if node is not None and node in on_path:
            cycle = path[path.index(node) :]
            first = min(cycle, key=lambda n: ids[n])
            loop = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
            problems.append(Problem(f"$.{name}[{ids[first]}].{field}", cycle_message(loop)))
        done.update(path)
    return problems


# typed converters: mypy's attrs plugin reads the accepted input from them


def _units(items: Iterable[Unit]) -> tuple[Unit, ...]:
    converted: tuple[Unit, ...] = f.to_tuple(items)
    return converted


def _stakeholders(items: Iterable[Stakeholder]) -> tuple[Stakeholder, ...]:
    converted: tuple[Stakeholder, ...] = f.to_tuple(items)
    return converted


def _goals(items: Iterable[Goal]) -> tuple[Goal, ...]:
    converted: tuple[Goal, ...] = f.to_tuple(items)
    return converted


def _revisions(items: Iterable[Revision]) -> tuple[Revision, ...]:
    converted: tuple[Revision, ...] = f.to_tuple(items)
    return converted


def _milestones(items: Iterable[Milestone]) -> tuple[Milestone, ...]:
    converted: tuple[Milestone, ...] = f.to_tuple(items)
    return converted


def _events(items: Iterable[Event]) -> tuple[Event, ...]:
    converted: tuple[Event, ...] = f.to_tuple(items)
    return converted


def _contributions(items: Iterable[Contribution]) -> tuple[Contribution, ...]:
    converted: tuple[Contribution, ...] = f.to_tuple(items)
    return converted


def _responses(items: Iterable[Response]) -> tuple[Response, ...]:
    converted: tuple[Response, ...] = f.to_tuple(items)
    return converted


def _reactions(items: Iterable[Reaction]) -> tuple[Reaction, ...]:
    converted: tuple[Reaction, ...] = f.to_tuple(items)
    return converted


def _survey_answers(items: Iterable[SurveyAnswer]) -> tuple[SurveyAnswer, ...]:
    converted: tuple[SurveyAnswer, ...] = f.to_tuple(items)
    return converted


@attrs.frozen(kw_only=True)
class StrategyProcess:
    """A whole strategy process: the organisation, the strategy and its dialogue.

    Making one checks everything at once: each object's own fields, unique
    ids, every reference, trees without cycles (units, goals, reply chains),
    time order (a response after its contribution) and that two reactions of
    one stakeholder to one contribution at one instant agree. Every problem is
    reported in one :class:`~ownership.ValidationError` with its path:

    >>> from ownership import StrategyProcess, Stakeholder, Unit
    >>> StrategyProcess(
    ...     units=[Unit(id="it", name="IT"), Unit(id="it", name="IT again")],
    ...     stakeholders=[Stakeholder(id="anna", name="Anna", unit="it-dept")],
    ... )
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: 2 problems:
      $.units[1].id: duplicate id 'it' (first used at $.units[0])
      $.stakeholders[0].unit: unknown unit 'it-dept' (did you mean 'it'?)
    """

    units: tuple[Unit, ...] = attrs.field(default=(), converter=_units)
    stakeholders: tuple[Stakeholder, ...] = attrs.field(default=(), converter=_stakeholders)
    goals: tuple[Goal, ...] = attrs.field(default=(), converter=_goals)
    revisions: tuple[Revision, ...] = attrs.field(default=(), converter=_revisions)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=_milestones)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    contributions: tuple[Contribution, ...] = attrs.field(default=(), converter=_contributions)
    responses: tuple[Response, ...] = attrs.field(default=(), converter=_responses)
    reactions: tuple[Reaction, ...] = attrs.field(default=(), converter=_reactions)
    survey_answers: tuple[SurveyAnswer, ...] = attrs.field(default=(), converter=_survey_answers)

    def __attrs_post_init__(self) -> None:
        if _TRUSTED.get():
            return
        collections = {name: getattr(self, name) for name in COLLECTIONS}
        problems = _check_items(collections)
        if not problems:
            problems = cross_problems(collections)
        if problems:
            raise ValidationError(problems)

    # ------------------------------------------------------------------ views

    @property
    def adoption(self) -> datetime | None:
        """When the strategy was adopted: the time of the earliest revision, if any."""
        return min((r.at for r in self.revisions), default=None)

    def times(self) -> list[datetime]:
        """Every point in time the process records, unsorted."""
        out: list[datetime] = []
        for s in self.stakeholders:
            out.extend(t for t in (s.joined, s.left) if t is not None)
        out.extend(g.created for g in self.goals if g.created is not None)
        out.extend(r.at for r in self.revisions)
        out.extend(m.achieved for m in self.milestones if m.achieved is not None)
        for e in self.events:
            out.append(e.start)
            if e.end is not None:
                out.append(e.end)
        out.extend(c.at for c in self.contributions if c.at is not None)
        out.extend(r.at for r in self.responses)
        out.extend(r.at for r in self.reactions)
        out.extend(a.at for a in self.survey_answers)
        return out

    @property
    def span(self) -> tuple[datetime, datetime] | None:
        """The first and last point in time the process records, or None if it records none."""
        times = self.times()
        return (min(times), max(times)) if times else None

    def as_of(self, t: datetime) -> StrategyProcess:
        """The process as it stood at ``t``: only what had happened by then.

        Stakeholders who joined later, goals created later, and revisions,
        events, contributions, responses, reactions and survey answers after
        ``t`` are gone; a milestone achieved later is pending again, a
        stakeholder who left later is still there, and an event still going on
        at ``t`` ends at ``t``. References to what is gone
        are dropped (an optional reference becomes ``None``); an object that
        cannot stand without what is gone (a response to a later contribution)
        goes too. Contributions without a time count from their event's start.
        Units have no time and stay. ``as_of`` is idempotent and monotone, and
        ``p.as_of(p.span[1]) == p``.

        >>> from datetime import datetime, UTC
        >>> from ownership import StrategyProcess, Unit, Revision
        >>> p = StrategyProcess(
        ...     units=[Unit(id="it", name="IT")],
        ...     revisions=[Revision(id="r1", at=datetime(2025, 1, 1, tzinfo=UTC), title="v1"),
        ...                Revision(id="r2", at=datetime(2025, 6, 1, tzinfo=UTC), title="v2")],
        ... )
        >>> [r.id for r in p.as_of(datetime(2025, 3, 1, tzinfo=UTC)).revisions]
        ['r1']
        """
        problem = f.value_problem(attrs.fields(Revision).at, t)
        if problem:
            raise ValidationError([Problem("as_of", problem)])
        with trusted():  # pruning keeps a valid process valid
            return _as_of(self, t)


def _as_of(p: StrategyProcess, t: datetime) -> StrategyProcess:
    def by(moment: datetime | None) -> bool:
        return moment is None or moment <= t

    stakeholders = tuple(
        s if s.left is None or s.left <= t else attrs.evolve(s, left=None)
        for s in p.stakeholders
        if by(s.joined)
    )
    people = {s.id for s in stakeholders}
    kept_goals = [g for g in p.goals if by(g.created)]
    goal_ids = {g.id for g in kept_goals}
    goals = tuple(
        _prune(g, parent=goal_ids if g.parent is not None else None, owners=people)
        for g in kept_goals
    )
    milestones = tuple(
        _prune(
            m if m.achieved is None or m.achieved <= t else attrs.evolve(m, achieved=None),
            goals=goal_ids,
        )
        for m in p.milestones
    )
    milestone_ids = {m.id for m in milestones}
    events = tuple(
        _prune(
            e if e.end is None or e.end <= t else attrs.evolve(e, end=t),
            organiser=people,
            goals=goal_ids,
            milestones=milestone_ids,
            participations=people,
        )
        for e in p.events
        if e.start <= t
    )
    event_start = {e.id: e.start for e in events}
    kept_contributions = [
        c for c in p.contributions if c.event in event_start and c.author in people and by(c.at)
    ]
    contribution_ids = {c.id for c in kept_contributions}
    contributions = tuple(
        _prune(c, reply_to=contribution_ids, goals=goal_ids) for c in kept_contributions
    )
    revisions = tuple(
        _prune(r, goals=goal_ids, motivated_by=contribution_ids) for r in p.revisions if r.at <= t
    )
    responses = tuple(
        _prune(r, responder=people)
        for r in p.responses
        if r.at <= t and r.contribution in contribution_ids
    )
    reactions = tuple(
        r
        for r in p.reactions
        if r.at <= t and r.contribution in contribution_ids and r.stakeholder in people
    )
    answers = tuple(a for a in p.survey_answers if a.at <= t and a.respondent in people)
    return StrategyProcess(
        units=p.units,
        stakeholders=stakeholders,
        goals=goals,
        revisions=revisions,
        milestones=milestones,
        events=events,
        contributions=contributions,
        responses=responses,
        reactions=reactions,
        survey_answers=answers,
    )


def _prune(obj: Any, **keep: set[str] | None) -> Any:
    """Drop references of ``obj`` to ids not in ``keep[field]``; keep unchanged objects."""
    changes: dict[str, Any] = {}
    for name, allowed in keep.items():
        if allowed is None:
            continue
        value = getattr(obj, name)
        if name == "participations":
            kept = tuple(q for q in value if q.stakeholder in allowed)
            if len(kept) != len(value):
                changes[name] = kept
        elif isinstance(value, tuple):
            kept = tuple(v for v in value if v in allowed)
            if len(kept) != len(value):
                changes[name] = kept
        elif value is not None and value not in allowed:
            changes[name] = None
    return attrs.evolve(obj, **changes) if changes else obj
