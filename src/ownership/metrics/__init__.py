"""Metrics over the tables of a strategy process; frame in, same frame out.

The counting layer (:func:`activity`, :func:`contribution_activity`,
:func:`consensus`) is what every other metric builds on. Each function takes
:class:`~ownership.Tables` (or a mapping of table name to frame) of any kind
narwhals supports and returns a frame of the same kind.

The metrics of each topic live in their own module:
:mod:`~ownership.metrics.participation`, :mod:`~ownership.metrics.privacy`.
"""

from . import participation, privacy
from ._counting import TableSource, activity, consensus, contribution_activity

__all__ = [
    "TableSource",
    "activity",
    "consensus",
    "contribution_activity",
    "participation",
    "privacy",
]
