"""The exceptions of ``ownership``: one tree rooted at :class:`OwnershipError`.

Validation never stops at the first problem. Everything wrong with a piece of
input is collected as :class:`Problem` objects, each naming *where* (a JSON-path
such as ``$.stakeholders[3].unit`` or a table cell such as
``stakeholders[3].unit``) and *what* was wrong, and raised together as one
:class:`ValidationError`:

>>> from ownership.errors import Problem, ValidationError
>>> error = ValidationError([
...     Problem("$.stakeholders[3].unit", "unknown unit 'it-dept' (did you mean 'it'?)"),
...     Problem("$.events[0].end", "ends before it starts"),
... ])
>>> print(error)
2 problems:
  $.stakeholders[3].unit: unknown unit 'it-dept' (did you mean 'it'?)
  $.events[0].end: ends before it starts
>>> isinstance(error, ValueError)
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs

__all__ = [
    "OwnershipError",
    "Problem",
    "SchemaError",
    "ValidationError",
    "did_you_mean",
]


@attrs.frozen(kw_only=False)
class Problem:
    """One thing wrong with some input: *where* it is and *what* is wrong.

    ``path`` is a JSON-path into the JSON form (``$.responses[12].contribution``)
    or a table cell (``responses[12].contribution``, the row counted from 0 in
    the frame as given). ``message`` says what was wrong and, where it can,
    what would be right.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def under(self, prefix: str) -> Problem:
        """The same problem seen from an enclosing document.

        >>> Problem("$.unit", "unknown unit 'x'").under("$.stakeholders[3]")
        Problem(path='$.stakeholders[3].unit', message="unknown unit 'x'")
        """
        if self.path == "$":
            return Problem(prefix, self.message)
        if self.path.startswith("$"):
            return Problem(prefix + self.path[1:], self.message)
        return Problem(f"{prefix}.{self.path}" if self.path else prefix, self.message)


class OwnershipError(Exception):
    """The root of every exception that ``ownership`` raises on purpose."""


class ValidationError(OwnershipError, ValueError):
    """Input was invalid; :attr:`problems` lists *every* problem found.

    The problems keep the order in which they were found, which follows the
    order of the input. ``str()`` lists them all, one per line.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            msg = "a ValidationError needs at least one problem"
            raise ValueError(msg)
        super().__init__(self.problems)

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.problems)!r})"

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class SchemaError(ValidationError):
    """A table is missing, or lacks a column, or has one it should not.

    >>> from ownership.errors import Problem, SchemaError
    >>> print(SchemaError([Problem("stakeholders", "missing column 'unit' (found 'units')")]))
    stakeholders: missing column 'unit' (found 'units')
    """


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the candidate closest to ``word``, or ``""`` if none is close.

    >>> did_you_mean("it-dept", ["it", "hr", "management"])
    " (did you mean 'it'?)"
    >>> did_you_mean("zzz", ["it", "hr"])
    ''
    """
    pool = sorted({str(c) for c in candidates})
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        # short ids are easily too far apart for the ratio; try prefixes both ways
        lowered = word.lower()
        matches = [
            c
            for c in pool
            if c and (lowered.startswith(c.lower()) or c.lower().startswith(lowered))
        ][:1]
    return f" (did you mean {matches[0]!r}?)" if matches and word else ""
