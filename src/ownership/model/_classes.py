"""The model classes: immutable, typed, validated on construction.

Every class checks its own fields when it is made and raises one
:class:`~ownership.ValidationError` naming every problem it has, with paths
relative to the object (``$.power``). Checks that need other objects
(references, unique ids, trees, time order across objects) belong to
:class:`~ownership.StrategyProcess`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

import attrs

from ..errors import Problem, ValidationError
from . import _fields as f
from ._enums import DEFAULT_LEVEL, ContributionKind, EventKind, Level, Outcome, ParticipationRole
from ._messages import ends_before_start, left_before_joining

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

    Inside this block, constructors skip their checks. Only loaders use it
    (the table reader, the Pol.is importer), after they have validated every
    row in bulk with checks that are tested to agree with the constructors' own.
    """
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def _to_role(value: ParticipationRole | str) -> ParticipationRole:
    """A known value of :class:`ParticipationRole` as its member; others stay."""
    return _CONVERT_PARTICIPATIONROLE(value)


_CONVERT_PARTICIPATIONROLE = f.enum_converter(ParticipationRole)


def _to_event_kind(value: EventKind | str) -> EventKind:
    """A known value of :class:`EventKind` as its member; others stay."""
    return _CONVERT_EVENTKIND(value)


_CONVERT_EVENTKIND = f.enum_converter(EventKind)


def _to_level(value: Level | str) -> Level:
    """A known value of :class:`Level` as its member; others stay."""
    return _CONVERT_LEVEL(value)


_CONVERT_LEVEL = f.enum_converter(Level)


def _to_contribution_kind(value: ContributionKind | str) -> ContributionKind:
    """A known value of :class:`ContributionKind` as its member; others stay."""
    return _CONVERT_CONTRIBUTIONKIND(value)


_CONVERT_CONTRIBUTIONKIND = f.enum_converter(ContributionKind)


def _to_outcome(value: Outcome | str) -> Outcome:
    """A known value of :class:`Outcome` as its member; others stay."""
    return _CONVERT_OUTCOME(value)


_CONVERT_OUTCOME = f.enum_converter(Outcome)


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

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    name: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    parent: str | None = attrs.field(default=None, metadata=f.meta(f.Kind.OPT_REF, "units"))
    external: bool = attrs.field(default=False, metadata=f.meta(f.Kind.BOOL))


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

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    name: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    unit: str = attrs.field(metadata=f.meta(f.Kind.REF, "units"))
    role: str = attrs.field(default="", metadata=f.meta(f.Kind.TEXT))
    leader: bool = attrs.field(default=False, metadata=f.meta(f.Kind.BOOL))
    size: int = attrs.field(default=1, metadata=f.meta(f.Kind.SIZE))
    power: float | None = attrs.field(
        default=None, converter=f.to_opt_float, metadata=f.meta(f.Kind.SCORE)
    )
    interest: float | None = attrs.field(
        default=None, converter=f.to_opt_float, metadata=f.meta(f.Kind.SCORE)
    )
    legitimacy: float | None = attrs.field(
        default=None, converter=f.to_opt_float, metadata=f.meta(f.Kind.SCORE)
    )
    urgency: float | None = attrs.field(
        default=None, converter=f.to_opt_float, metadata=f.meta(f.Kind.SCORE)
    )
    affectedness: float | None = attrs.field(
        default=None, converter=f.to_opt_float, metadata=f.meta(f.Kind.SCORE)
    )
    joined: datetime | None = attrs.field(
        default=None, converter=f.to_opt_utc, metadata=f.meta(f.Kind.OPT_DATETIME)
    )
    left: datetime | None = attrs.field(
        default=None, converter=f.to_opt_utc, metadata=f.meta(f.Kind.OPT_DATETIME)
    )
    attributes: Mapping[str, str] = attrs.field(
        factory=f.empty_mapping,
        converter=f.to_mapping,
        metadata=f.meta(f.Kind.MAPPING),
        hash=False,  # a read-only mapping is not hashable; equality still compares it
    )

    def _more_problems(self) -> list[Problem]:
        if self.joined is not None and self.left is not None and self.left < self.joined:
            return [Problem("$.left", left_before_joining(self.left, self.joined))]
        return []


@attrs.frozen(kw_only=True)
class Goal(_Validated):
    """A goal of the strategy; goals form a tree through ``parent``.

    ``owners`` are the stakeholders accountable for it, ``units`` the units it
    affects.

    >>> Goal(id="g1", title="Digital services first", owners=["anna"], units=["it"]).owners
    ('anna',)
    """

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    title: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    parent: str | None = attrs.field(default=None, metadata=f.meta(f.Kind.OPT_REF, "goals"))
    created: datetime | None = attrs.field(
        default=None, converter=f.to_opt_utc, metadata=f.meta(f.Kind.OPT_DATETIME)
    )
    owners: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "stakeholders")
    )
    units: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "units")
    )


@attrs.frozen(kw_only=True)
class Revision(_Validated):
    """A version of the strategy. The earliest revision is its adoption.

    ``goals`` are the goals it changed, ``motivated_by`` the contributions that
    led to it: the trace of leaders listening and adjusting course.
    """

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    at: datetime = attrs.field(converter=f.to_utc, metadata=f.meta(f.Kind.DATETIME))
    title: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    summary: str = attrs.field(default="", metadata=f.meta(f.Kind.TEXT))
    goals: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "goals")
    )
    motivated_by: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "contributions")
    )


@attrs.frozen(kw_only=True)
class Milestone(_Validated):
    """A result the strategy promised by ``due``; ``achieved`` once it is reached."""

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    title: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    due: date = attrs.field(metadata=f.meta(f.Kind.DATE))
    achieved: datetime | None = attrs.field(
        default=None, converter=f.to_opt_utc, metadata=f.meta(f.Kind.OPT_DATETIME)
    )
    goals: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "goals")
    )


@attrs.frozen(kw_only=True)
class Participation(_Validated):
    """That a stakeholder was invited to, took part in or facilitated an event."""

    stakeholder: str = attrs.field(metadata=f.meta(f.Kind.REF, "stakeholders"))
    role: ParticipationRole = attrs.field(
        default=ParticipationRole.PARTICIPANT,
        converter=_to_role,
        metadata=f.meta(f.Kind.ENUM, enum=ParticipationRole),
    )


def _participations(items: Iterable[Participation]) -> tuple[Participation, ...]:
    converted: tuple[Participation, ...] = f.to_tuple(items)
    return converted


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

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    kind: EventKind = attrs.field(
        converter=_to_event_kind, metadata=f.meta(f.Kind.ENUM, enum=EventKind)
    )
    title: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    start: datetime = attrs.field(converter=f.to_utc, metadata=f.meta(f.Kind.DATETIME))
    end: datetime | None = attrs.field(
        default=None, converter=f.to_opt_utc, metadata=f.meta(f.Kind.OPT_DATETIME)
    )
    level: Level = attrs.field(
        default=attrs.Factory(_default_level, takes_self=True),
        converter=_to_level,
        metadata=f.meta(f.Kind.ENUM, enum=Level),
    )
    organiser: str | None = attrs.field(
        default=None, metadata=f.meta(f.Kind.OPT_REF, "stakeholders")
    )
    goals: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "goals")
    )
    milestones: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "milestones")
    )
    participations: tuple[Participation, ...] = attrs.field(
        default=(), converter=_participations, metadata=f.meta(f.Kind.PARTICIPATIONS)
    )
    audiences: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "units")
    )

    def _more_problems(self) -> list[Problem]:
        if self.end is not None and self.end < self.start:
            return [Problem("$.end", ends_before_start(self.end, self.start))]
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

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    event: str = attrs.field(metadata=f.meta(f.Kind.REF, "events"))
    author: str = attrs.field(metadata=f.meta(f.Kind.REF, "stakeholders"))
    at: datetime | None = attrs.field(
        default=None, converter=f.to_opt_utc, metadata=f.meta(f.Kind.OPT_DATETIME)
    )
    kind: ContributionKind = attrs.field(
        converter=_to_contribution_kind,
        metadata=f.meta(f.Kind.ENUM, enum=ContributionKind),
    )
    text: str = attrs.field(default="", metadata=f.meta(f.Kind.TEXT))
    reply_to: str | None = attrs.field(
        default=None, metadata=f.meta(f.Kind.OPT_REF, "contributions")
    )
    goals: tuple[str, ...] = attrs.field(
        default=(), converter=f.to_ids, metadata=f.meta(f.Kind.REFS, "goals")
    )
    attributes: Mapping[str, str] = attrs.field(
        factory=f.empty_mapping,
        converter=f.to_mapping,
        metadata=f.meta(f.Kind.MAPPING),
        hash=False,  # a read-only mapping is not hashable; equality still compares it
    )


@attrs.frozen(kw_only=True)
class Response(_Validated):
    """An answer to a contribution, and what it did with it."""

    id: str = attrs.field(metadata=f.meta(f.Kind.ID))
    contribution: str = attrs.field(metadata=f.meta(f.Kind.REF, "contributions"))
    responder: str | None = attrs.field(
        default=None, metadata=f.meta(f.Kind.OPT_REF, "stakeholders")
    )
    at: datetime = attrs.field(converter=f.to_utc, metadata=f.meta(f.Kind.DATETIME))
    outcome: Outcome = attrs.field(
        converter=_to_outcome, metadata=f.meta(f.Kind.ENUM, enum=Outcome)
    )
    text: str = attrs.field(default="", metadata=f.meta(f.Kind.TEXT))


@attrs.frozen(kw_only=True)
class Reaction(_Validated):
    """A stakeholder's vote on a contribution: +1 agree, 0 pass, -1 disagree.

    The whole history is kept; a stakeholder's latest reaction to a
    contribution is the one that counts.
    """

    contribution: str = attrs.field(metadata=f.meta(f.Kind.REF, "contributions"))
    stakeholder: str = attrs.field(metadata=f.meta(f.Kind.REF, "stakeholders"))
    at: datetime = attrs.field(converter=f.to_utc, metadata=f.meta(f.Kind.DATETIME))
    value: int = attrs.field(metadata=f.meta(f.Kind.VOTE))


@attrs.frozen(kw_only=True)
class SurveyAnswer(_Validated):
    """One answer of one respondent to one item of a survey instrument."""

    respondent: str = attrs.field(metadata=f.meta(f.Kind.REF, "stakeholders"))
    at: datetime = attrs.field(converter=f.to_utc, metadata=f.meta(f.Kind.DATETIME))
    instrument: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    item: str = attrs.field(metadata=f.meta(f.Kind.TEXT))
    value: float = attrs.field(converter=f.to_float, metadata=f.meta(f.Kind.NUMBER))
