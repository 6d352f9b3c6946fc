"""The model classes: immutable, typed, validated on construction.

Every class checks its own fields when it is made and raises one
:class:`~ownership.ValidationError` naming every problem it has, with paths
relative to the object (``$.power``). Checks that need other objects
(references, unique ids, trees, time order across objects) belong to
:class:`~ownership.StrategyProcess`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

import attrs

from ..errors import Problem, ValidationError
from . import _fields as f
from ._enums import DEFAULT_LEVEL, ContributionKind, EventKind, Level, Outcome, ParticipationRole

__all__ = [
    "Contribution",
    "Event",
    "Goal",
    "Milestone",
    "Participation",
    "Reaction",
    "Response",
    "Revision",
    "Stakeholder",
    "SurveyAnswer",
    "Unit",
]

_TRUSTED: ContextVar[bool] = ContextVar("ownership_trusted", default=False)


@contextlib.contextmanager
def trusted() -> Iterator[None]:
    """Build objects from input that a loader has already validated in bulk.

    Inside this block, constructors skip their checks. Only the table reader
    uses it, after it has validated every row with vectorised checks that are
    tested to agree with the constructors' own.
    """
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


class _Validated:
    """Mixin: run the field checks and the class's own checks after ``__init__``."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        if _TRUSTED.get():
            return
        problems = f.field_problems(self)
        if not problems:
            problems.extend(self._more_problems())
        if problems:
            raise ValidationError(problems)

    def _more_problems(self) -> list[Problem]:
        """Checks across this object's fields, run once each field is fine on its own."""
        return []


@attrs.frozen(kw_only=True)
class Unit(_Validated):
    """A part of the organisation (a department, a team, an external partner).

    Units form a tree through ``parent``. External units (partners, suppliers,
    citizens' groups) can be left out of scopes that look only inside.

    >>> Unit(id="it", name="IT", parent="management")
    Unit(id='it', name='IT', parent='management', external=False)
    """

    id: str = f.id_field()
    name: str = f.text()
    parent: str | None = f.opt_ref("units")
    external: bool = f.boolean()


@attrs.frozen(kw_only=True)
class Stakeholder(_Validated):
    """A person, or a group standing for ``size`` people, with a stake in the strategy.

    ``power``, ``interest``, ``legitimacy``, ``urgency`` and ``affectedness``
    are ratings in [0, 1] (``None`` when unknown) used for stakeholder mapping
    and salience. ``attributes`` holds any further grouping (site, age band,
    opinion group).

    >>> anna = Stakeholder(id="anna", name="Anna Berg", unit="it", leader=True, power=0.9)
    >>> anna.size, anna.power, dict(anna.attributes)
    (1, 0.9, {})
    >>> Stakeholder(id="anna", name="Anna", unit="it", power=1.5)
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: $.power: must be in [0, 1], not 1.5
    """

    id: str = f.id_field()
    name: str = f.text()
    unit: str = f.ref("units")
    role: str = f.text(default="")
    leader: bool = f.boolean()
    size: int = f.size()
    power: float | None = f.score()
    interest: float | None = f.score()
    legitimacy: float | None = f.score()
    urgency: float | None = f.score()
    affectedness: float | None = f.score()
    joined: datetime | None = f.opt_moment()
    left: datetime | None = f.opt_moment()
    attributes: Mapping[str, str] = f.mapping()

    def _more_problems(self) -> list[Problem]:
        if self.joined is not None and self.left is not None and self.left < self.joined:
            return [
                Problem(
                    "$.left",
                    f"left ({self.left.isoformat()}) before joining ({self.joined.isoformat()})",
                )
            ]
        return []


@attrs.frozen(kw_only=True)
class Goal(_Validated):
    """A goal of the strategy; goals form a tree through ``parent``.

    ``owners`` are the stakeholders accountable for it, ``units`` the units it
    affects.

    >>> Goal(id="g1", title="Digital services first", owners=["anna"], units=["it"]).owners
    ('anna',)
    """

    id: str = f.id_field()
    title: str = f.text()
    parent: str | None = f.opt_ref("goals")
    created: datetime | None = f.opt_moment()
    owners: tuple[str, ...] = f.refs("stakeholders")
    units: tuple[str, ...] = f.refs("units")


@attrs.frozen(kw_only=True)
class Revision(_Validated):
    """A version of the strategy. The earliest revision is its adoption.

    ``goals`` are the goals it changed, ``motivated_by`` the contributions that
    led to it: the trace of leaders listening and adjusting course.
    """

    id: str = f.id_field()
    at: datetime = f.moment()
    title: str = f.text()
    summary: str = f.text(default="")
    goals: tuple[str, ...] = f.refs("goals")
    motivated_by: tuple[str, ...] = f.refs("contributions")


@attrs.frozen(kw_only=True)
class Milestone(_Validated):
    """A result the strategy promised by ``due``; ``achieved`` once it is reached."""

    id: str = f.id_field()
    title: str = f.text()
    due: date = f.day()
    achieved: datetime | None = f.opt_moment()
    goals: tuple[str, ...] = f.refs("goals")


@attrs.frozen(kw_only=True)
class Participation(_Validated):
    """That a stakeholder was invited to, took part in or facilitated an event."""

    stakeholder: str = f.ref("stakeholders")
    role: ParticipationRole = f.choice(ParticipationRole, default=ParticipationRole.PARTICIPANT)


def _default_level(event: Any) -> Any:
    kind = event.kind
    return DEFAULT_LEVEL[kind] if isinstance(kind, EventKind) else Level.INFORM


@attrs.frozen(kw_only=True)
class Event(_Validated):
    """An occasion of participation or communication.

    ``level`` defaults from ``kind`` (a workshop collaborates, a newsletter
    informs). ``participations`` name the people invited, taking part or
    facilitating; ``audiences`` the units a one-way message reached (every
    member of the unit and its sub-units); ``milestones`` the results it
    reported.

    >>> from datetime import datetime, UTC
    >>> kickoff = Event(id="e1", kind="workshop", title="Kick-off",
    ...                 start=datetime(2025, 1, 14, 9, tzinfo=UTC))
    >>> kickoff.kind, kickoff.level
    (<EventKind.WORKSHOP: 'workshop'>, <Level.COLLABORATE: 'collaborate'>)
    """

    id: str = f.id_field()
    kind: EventKind = f.choice(EventKind)
    title: str = f.text()
    start: datetime = f.moment()
    end: datetime | None = f.opt_moment()
    level: Level = f.choice(Level, default=attrs.Factory(_default_level, takes_self=True))
    organiser: str | None = f.opt_ref("stakeholders")
    goals: tuple[str, ...] = f.refs("goals")
    milestones: tuple[str, ...] = f.refs("milestones")
    participations: tuple[Participation, ...] = f.participations()
    audiences: tuple[str, ...] = f.refs("units")

    def _more_problems(self) -> list[Problem]:
        if self.end is not None and self.end < self.start:
            return [
                Problem(
                    "$.end",
                    f"ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})",
                )
            ]
        return []

    @property
    def hours(self) -> float:
        """How long the event lasted, in hours (0 when it has no end)."""
        if self.end is None:
            return 0.0
        return (self.end - self.start).total_seconds() / 3600.0


@attrs.frozen(kw_only=True)
class Contribution(_Validated):
    """A question, idea, concern or comment raised by a stakeholder at an event.

    ``at`` may be ``None`` when the source does not record when it was made
    (some Pol.is exports); ``reply_to`` makes threads; ``attributes`` keeps
    what a platform records beside it (moderation state, seed or meta flags).
    """

    id: str = f.id_field()
    event: str = f.ref("events")
    author: str = f.ref("stakeholders")
    at: datetime | None = f.opt_moment()
    kind: ContributionKind = f.choice(ContributionKind)
    text: str = f.text(default="")
    reply_to: str | None = f.opt_ref("contributions")
    goals: tuple[str, ...] = f.refs("goals")
    attributes: Mapping[str, str] = f.mapping()


@attrs.frozen(kw_only=True)
class Response(_Validated):
    """An answer to a contribution, and what it did with it."""

    id: str = f.id_field()
    contribution: str = f.ref("contributions")
    responder: str | None = f.opt_ref("stakeholders")
    at: datetime = f.moment()
    outcome: Outcome = f.choice(Outcome)
    text: str = f.text(default="")


@attrs.frozen(kw_only=True)
class Reaction(_Validated):
    """A stakeholder's vote on a contribution: +1 agree, 0 pass, -1 disagree.

    The whole history is kept; a stakeholder's latest reaction to a
    contribution is the one that counts.
    """

    contribution: str = f.ref("contributions")
    stakeholder: str = f.ref("stakeholders")
    at: datetime = f.moment()
    value: int = f.vote()


@attrs.frozen(kw_only=True)
class SurveyAnswer(_Validated):
    """One answer of one respondent to one item of a survey instrument."""

    respondent: str = f.ref("stakeholders")
    at: datetime = f.moment()
    instrument: str = f.text()
    item: str = f.text()
    value: float = f.number()
