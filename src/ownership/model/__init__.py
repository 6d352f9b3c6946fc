"""The domain model: immutable, typed, validated classes and the process that holds them."""

from ._classes import (
    Contribution,
    Event,
    Goal,
    Milestone,
    Participation,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    SurveyAnswer,
    Unit,
)
from ._enums import DEFAULT_LEVEL, ContributionKind, EventKind, Level, Outcome, ParticipationRole
from ._process import COLLECTIONS, StrategyProcess

__all__ = [
    "COLLECTIONS",
    "DEFAULT_LEVEL",
    "Contribution",
    "ContributionKind",
    "Event",
    "EventKind",
    "Goal",
    "Level",
    "Milestone",
    "Outcome",
    "Participation",
    "ParticipationRole",
    "Reaction",
    "Response",
    "Revision",
    "Stakeholder",
    "StrategyProcess",
    "SurveyAnswer",
    "Unit",
]
