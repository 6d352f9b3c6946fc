"""The constants of an assessment, in one validated, serialisable object."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final, Literal

import attrs
import pandas as pd

from .errors import Problem, ValidationError, did_you_mean

__all__ = ["AssessmentConfig"]

_POSITIVE: Final = (
    "sla_days",
    "report_days",
    "gap_days",
    "half_life_days",
    "tau_control",
    "tau_knowing",
    "tau_investment",
    "quiet_days",
    "hours_cap",
)
_SHARES: Final = (
    "owner_threshold",
    "earliness_floor",
    "attribute_threshold",
    "consensus_threshold",
    "one_way_share",
    "leader_one_way_share",
    "responsiveness_floor",
    "low_ownership",
    "voice_equality_floor",
)
_COUNTS: Final = ("min_group", "min_count", "min_text", "leader_min_events", "salient_attributes")
_ROUTES: Final = ("control", "knowing", "investment")
_POINTS: Final[Mapping[str, float]] = {
    "answered": 0.5,
    "adopted": 1.0,
    "collaborate": 1.0,
    "empower": 2.0,
    "two_way": 1.0,
    "one_way": 0.25,
    "milestone_report": 0.25,
    "story": 0.25,
    "contribution": 1.0,
    "facilitation": 2.0,
    "hour": 0.25,
}


def _freeze(value: Any) -> Any:
    """A mapping copied (so the caller's dict cannot change the config); else as given."""
    return dict(value) if isinstance(value, Mapping) else value


@attrs.frozen(kw_only=True)
class AssessmentConfig:
    """Every constant an assessment uses; printed with every result.

    The defaults are the ones the metric reference (``docs/metrics.md``)
    explains. Every field is checked when the object is made, and every
    problem is reported at once:

    >>> from ownership import AssessmentConfig
    >>> AssessmentConfig(sla_days=10).sla_days
    10
    >>> AssessmentConfig(sla_days=-1, min_group=0)
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: 2 problems:
      config.sla_days: must be a number > 0, not -1
      config.min_group: must be a whole number >= 1, not 0

    It round-trips through plain data (JSON, TOML):

    >>> AssessmentConfig.from_dict(AssessmentConfig(period="QS").to_dict()).period
    'QS'
    """

    # scope and periods
    internal_only: bool = True
    """Leave stakeholders of external units out of scope."""
    period: str = "MS"
    """The length of a period (a pandas offset alias; calendar months by default)."""

    # dialogue and visibility
    sla_days: float = 14
    """Days within which a question or concern should be answered."""
    report_days: float = 30
    """Days within which an achieved milestone should be reported."""
    gap_days: float = 90
    """The scale of the gap between shared results in cadence, exp(-gap / gap_days)."""

    # participation
    attribute_threshold: float = 0.5
    """A salience attribute (power, legitimacy, urgency) at least this high is possessed."""
    salient_attributes: int = 2
    """Attributes possessed to count as a high-salience stakeholder."""

    # ownership routes and index
    half_life_days: float = 180
    """Evidence of ownership halves in weight over this many days."""
    tau_control: float = 2.0
    """Evidence scale of the control route, 1 - exp(-E / tau)."""
    tau_knowing: float = 4.0
    """Evidence scale of the intimate-knowing route."""
    tau_investment: float = 3.0
    """Evidence scale of the self-investment route."""
    route_points: Mapping[str, float] = attrs.field(
        factory=lambda: dict(_POINTS),
        converter=_freeze,
    )
    """Points each piece of evidence earns on its route (see the ownership metrics):
    control ``answered``, ``adopted``, ``collaborate``, ``empower``; intimate knowing
    ``two_way``, ``one_way``, ``milestone_report``, ``story``; self-investment
    ``contribution``, ``facilitation``, ``hour``."""
    hours_cap: float = 8.0
    """Hours of one event counted at most for self-investment."""
    route_weights: Mapping[str, float] = attrs.field(
        factory=lambda: {"control": 1.0, "knowing": 1.0, "investment": 1.0},
        converter=_freeze,
    )
    """Relative weights of the routes in a stakeholder's index (normalised to sum 1)."""
    mean: Literal["geometric", "arithmetic"] = "geometric"
    """How the routes combine: ownership needs all three (geometric) or any (arithmetic)."""
    owner_threshold: float = 0.5
    """A stakeholder whose index exceeds this is an owner."""

    # shared direction
    consensus_groups: str = "unit"
    """The groups of group-informed consensus: ``"unit"`` or ``"attribute:KEY"``."""
    consensus_threshold: float = 0.6
    """Normalised consensus above which a contribution has shared support."""

    # privacy
    min_group: int = 5
    """The smallest group whose scores are published."""
    min_count: int = 5
    """The smallest group whose counts are published."""
    min_text: int = 5
    """The smallest unit (people in scope, by size) whose members' free text a report may
    quote: a contribution from a smaller unit is named but its words are withheld."""

    # findings
    earliness_floor: float = 0.6
    """Earliness below this makes the key people not involved before adoption a finding."""
    one_way_share: float = 0.5
    """Events mostly one-way: their share of events above this is a finding."""
    leader_one_way_share: float = 0.75
    """Leaders mostly broadcast: the share of their events that are one-way above this."""
    leader_min_events: int = 3
    """The fewest events a unit's leaders organised for their broadcasting to be judged."""
    responsiveness_floor: float = 0.8
    """Responsiveness below this (overall or on a goal) makes unanswered items a finding."""
    quiet_days: float = 90
    """Days without a shared result that make a finding."""
    low_ownership: float = 0.67
    """A goal whose affected people's ownership index is below this share of the
    organisation's index is a finding (0.67: a third lower than the whole)."""
    voice_equality_floor: float = 0.3
    """Voice equality (1 - Gini) below this: voice concentrated in few people."""

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValidationError(problems)

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain, JSON-safe data."""
        out = attrs.asdict(self)
        out["route_weights"] = dict(self.route_weights)
        out["route_points"] = dict(self.route_points)
        return out

    @classmethod
    def from_dict(cls, data: object) -> AssessmentConfig:
        """A configuration from plain data; unknown keys are problems, with a hint."""
        if not isinstance(data, Mapping):
            message = f"must be a mapping of settings, not {type(data).__name__}"
            raise ValidationError([Problem("config", message)])
        names = [field.name for field in attrs.fields(cls)]
        unknown = [
            Problem(f"config.{key}", f"unknown setting{did_you_mean(str(key), names)}")
            for key in data
            if key not in names
        ]
        if unknown:
            raise ValidationError(unknown)
        return cls(**dict(data))

    @property
    def weights(self) -> dict[str, float]:
        """The route weights normalised to sum 1."""
        total = sum(self.route_weights.values())
        return {route: self.route_weights[route] / total for route in _ROUTES}


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _problems(config: AssessmentConfig) -> list[Problem]:
    """Every problem of ``config``; its fields are read as plain values (anything may come
    in at run time, from a file or an untyped caller)."""
    problems: list[Problem] = []
    field: dict[str, Any] = {f.name: getattr(config, f.name) for f in attrs.fields(type(config))}

    def bad(name: str, message: str) -> None:
        problems.append(Problem(f"config.{name}", message))

    if not isinstance(field["internal_only"], bool):
        bad("internal_only", f"must be true or false, not {field['internal_only']!r}")
    if not isinstance(field["period"], str):
        bad("period", f"must be a pandas offset alias such as 'MS', not {field['period']!r}")
    else:
        try:
            pd.tseries.frequencies.to_offset(field["period"])
        except ValueError:
            bad("period", f"not a pandas offset alias: {field['period']!r} (try 'MS' or 'QS')")
    for name in _POSITIVE:
        value = field[name]
        if not _number(value) or value <= 0:
            bad(name, f"must be a number > 0, not {value!r}")
    for name in _SHARES:
        value = field[name]
        if not _number(value) or not 0 <= value <= 1:
            bad(name, f"must be a number in [0, 1], not {value!r}")
    for name in _COUNTS:
        value = field[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            bad(name, f"must be a whole number >= 1, not {value!r}")
    if isinstance(field["salient_attributes"], int) and field["salient_attributes"] > 3:
        bad(
            "salient_attributes",
            f"must be at most 3 (power, legitimacy, urgency), not {field['salient_attributes']}",
        )
    points = field["route_points"]
    if not isinstance(points, Mapping) or set(points) != set(_POINTS):
        names = ", ".join(_POINTS)
        bad("route_points", f"must give points to each of {names}, not {points!r}")
    elif any(not _number(p) or p < 0 for p in points.values()):
        bad("route_points", f"must be numbers >= 0, not {dict(points)!r}")
    weights = field["route_weights"]
    if not isinstance(weights, Mapping) or set(weights) != set(_ROUTES):
        bad("route_weights", f"must give a weight to each of {', '.join(_ROUTES)}, not {weights!r}")
    elif any(not _number(w) or w < 0 for w in weights.values()) or not sum(weights.values()) > 0:
        bad("route_weights", f"must be numbers >= 0, not all 0, not {dict(weights)!r}")
    if field["mean"] not in ("geometric", "arithmetic"):
        hint = did_you_mean(str(field["mean"]), ["geometric", "arithmetic"])
        bad("mean", f"must be 'geometric' or 'arithmetic', not {field['mean']!r}{hint}")
    groups = field["consensus_groups"]
    if not (
        groups == "unit"
        or (isinstance(groups, str) and groups.startswith("attribute:") and len(groups) > 10)
    ):
        bad("consensus_groups", f"must be 'unit' or 'attribute:KEY', not {groups!r}")
    return problems
