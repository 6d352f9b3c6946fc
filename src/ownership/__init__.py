"""ownership: model and measure how an organisation builds ownership of its strategy.

The public face of the library. Everything named in ``__all__`` is documented,
typed and covered by the tests; everything else lives in private modules.
"""

from __future__ import annotations

from typing import Any

from ._config import AssessmentConfig
from .assess import Assessment, assess
from .errors import OwnershipError, Problem, SchemaError, ValidationError
from .io._files import read, write
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
from .tables import Tables, from_tables, to_tables

__all__ = [
    "Assessment",
    "AssessmentConfig",
    "Contribution",
    "ContributionKind",
    "Event",
    "EventKind",
    "Goal",
    "Level",
    "Milestone",
    "Outcome",
    "OwnershipError",
    "Participation",
    "ParticipationRole",
    "Problem",
    "Reaction",
    "Response",
    "Revision",
    "SchemaError",
    "Stakeholder",
    "StrategyProcess",
    "SurveyAnswer",
    "Tables",
    "Unit",
    "ValidationError",
    "assess",
    "from_tables",
    "read",
    "to_tables",
    "write",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("ownership")
    msg = f"module 'ownership' has no attribute {name!r}"
    raise AttributeError(msg)
