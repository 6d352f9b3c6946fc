"""Metrics over the tables of a strategy process; frame in, same frame out.

The counting layer (:func:`activity`, :func:`contribution_activity`,
:func:`consensus`) is what every other metric builds on. Each function takes
:class:`~ownership.Tables` (or a mapping of table name to frame) of any kind
narwhals supports and returns a frame of the same kind.

The metrics of each topic live in their own module:
:mod:`~ownership.metrics.participation`, :mod:`~ownership.metrics.dialogue`,
:mod:`~ownership.metrics.leadership`, :mod:`~ownership.metrics.visibility`,
:mod:`~ownership.metrics.living` (living strategy),
:mod:`~ownership.metrics.adaptiveness`, :mod:`~ownership.metrics.direction`
(shared direction) and :mod:`~ownership.metrics.ownership` (the routes and the
index); :mod:`~ownership.metrics.privacy` decides which groups a result
withholds.
"""

from . import (
    adaptiveness,
    dialogue,
    direction,
    leadership,
    living,
    ownership,
    participation,
    privacy,
    visibility,
)
from ._counting import TableSource, activity, consensus, contribution_activity

__all__ = [
    "TableSource",
    "activity",
    "adaptiveness",
    "consensus",
    "contribution_activity",
    "dialogue",
    "direction",
    "leadership",
    "living",
    "ownership",
    "participation",
    "privacy",
    "visibility",
]
