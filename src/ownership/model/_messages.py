"""The wording of problems that the model and the table reader both report.

The model's own checks and the vectorised checks of :mod:`ownership.tables`
find the same faults in different shapes of input; both phrase them through
these functions, so that a fault reads the same wherever it is found. Paths
of earlier items (``first``, ``earlier``) are passed in the caller's notation
(``$.units[0]`` or ``units[0]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from ..errors import did_you_mean

__all__ = [
    "contradicting_reaction",
    "cycle",
    "duplicate_id",
    "ends_before_start",
    "left_before_joining",
    "naive_datetime",
    "reported_before_achieved",
    "response_before_contribution",
    "unknown_reference",
]


def naive_datetime(what: str) -> str:
    """A datetime without a time zone.

    >>> naive_datetime("2025-01-01T09:00:00")
    'naive datetime 2025-01-01T09:00:00: give a timezone (e.g. +00:00)'
    """
    return f"naive datetime {what}: give a timezone (e.g. +00:00)"


def left_before_joining(left: datetime, joined: datetime) -> str:
    """A stakeholder who left before joining."""
    return f"left ({left.isoformat()}) before joining ({joined.isoformat()})"


def ends_before_start(end: datetime, start: datetime) -> str:
    """An event that ends before it starts."""
    return f"ends ({end.isoformat()}) before it starts ({start.isoformat()})"


def duplicate_id(value: str, first: str) -> str:
    """An id used again; ``first`` is the path of the item that used it first.

    >>> duplicate_id("it", "$.units[0]")
    "duplicate id 'it' (first used at $.units[0])"
    """
    return f"duplicate id {value!r} (first used at {first})"


def unknown_reference(what: str, value: str, known: Iterable[str]) -> str:
    """A reference to a ``what`` (unit, goal, …) that is not among the ``known`` ids.

    >>> unknown_reference("unit", "it-dept", ["it", "hr"])
    "unknown unit 'it-dept' (did you mean 'it'?)"
    """
    return f"unknown {what} {value!r}{did_you_mean(value, known)}"


def cycle(ids: Sequence[str]) -> str:
    """A loop in a tree, given as the ids along it with the first repeated at the end.

    >>> cycle(["a", "b", "a"])
    "cycle: 'a' -> 'b' -> 'a'"
    """
    return f"cycle: {' -> '.join(map(repr, ids))}"


def response_before_contribution(at: datetime, contribution: str, source_at: datetime) -> str:
    """A response given before the contribution it answers."""
    return (
        f"response at {at.isoformat()} is before its contribution "
        f"{contribution!r} at {source_at.isoformat()}"
    )


def reported_before_achieved(milestone: str, start: datetime, achieved: datetime | None) -> str:
    """An event that reports a milestone before it was achieved (or one never achieved)."""
    if achieved is None:
        return f"reports milestone {milestone!r}, which is not achieved"
    return (
        f"reports milestone {milestone!r} at {start.isoformat()}, "
        f"before it was achieved at {achieved.isoformat()}"
    )


def contradicting_reaction(
    value: int, earlier: str, earlier_value: int, stakeholder: str, contribution: str
) -> str:
    """A reaction that disagrees with an ``earlier`` one of the same pair at the same instant."""
    return (
        f"{value} contradicts {earlier} ({earlier_value}), "
        f"a reaction of {stakeholder!r} to {contribution!r} at the same instant"
    )
