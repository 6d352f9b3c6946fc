"""Privacy: which groups of people a published result must withhold.

A result grouped by unit, role, attribute or goal publishes, per group, a
value and the counts behind it, next to the result for the whole
organisation, which is always published. Every such figure that matters is
a total over people (how many took part, how many people there are) or a
ratio of two totals. Two rules keep anyone from being singled out:

Primary suppression
    A group of fewer than ``minimum`` people is withheld (the minimum is
    separate for scores, counts and free text; 5 by default).

Complementary suppression
    What is published must not give away, by adding and subtracting
    published totals, either a withheld group or any other set of fewer
    than ``minimum`` people (other than the whole organisation, which is
    published by design). While it would, the smallest published group
    taking part in such a sum is withheld too, and the check repeats.

The first half of the second rule is the classic one: a withheld group
equal to a published group, or to a published group (or the whole) minus
published groups that do not overlap, would be given back by subtraction.
The check is more general: it asks whether the withheld group's members are
a linear combination of published groups and the whole, with any rational
coefficients, as in secondary suppression by Gaussian elimination. The
second half closes the gap a withheld group leaves when it is not alone:
with units of 10, 10 and 2 people, and 1 person in no unit, withholding the
unit of 2 still gives away the total of 3 people (the whole minus the two
published units).

Both checks are exact. Whether a withheld group can be computed is a
question of linear algebra, answered in integer arithmetic. Finding a small
set that can be computed is a search, which is exhaustive for partitions and
for ordinary overlapping groups; when dozens of overlapping groups cut the
organisation into many pieces of one or two people, the search is cut short
and groups are withheld until a search completes: the result may withhold
more than it must, never less.

Groups are given as sets of *atoms*: disjoint sets of people with their
sizes (units for goal groups, which are unions of units; the groups
themselves for a partition such as units or roles, plus an atom :data:`REST`
for people in no group). The whole organisation is the union of all atoms.
See :func:`suppress`.

References: A. Hundepool, J. Domingo-Ferrer, L. Franconi, S. Giessing,
E. Schulte Nordholt, K. Spicer and P.-P. de Wolf (2012), *Statistical
Disclosure Control*, Wiley, ch. 4-5 on the threshold rule and on primary and
secondary (complementary) cell suppression; J. Daalmans and T. de Waal
(2010), An improved formulation of the disclosure auditing problem for
secondary cell suppression, *Transactions on Data Privacy* 3, 217-251, on
aggregations of suppressed cells whose total can be derived;
Ø. Langsrud (2024), Secondary cell suppression by Gaussian elimination, in
*Privacy in Statistical Databases*, Springer, doi:10.1007/978-3-031-69651-0_6.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import gcd, lcm
from typing import Final

__all__ = ["REST", "suppress"]

REST: Final = "\x00rest"
"""The atom of people in scope who are in no group of a partition."""

SMALL: Final = "fewer than {minimum} {people}"
RECOVERABLE: Final = "would let a withheld group be recovered from the published ones"
SINGLED_OUT: Final = (
    "would let fewer than {minimum} {people} be singled out from the published ones"
)

_SEARCH: Final = 20_000
"""How many sums to try, looking for a small set that can be computed, before
withholding more to be safe; once that has happened, later searches of the same
call try a twentieth as many."""
_WHOLE: Final = 0  # the whole organisation: the first generator of the published totals
_TARGET: Final = -1  # the vector being expressed, in a combination


def suppress(
    groups: Mapping[str, frozenset[str]],
    atoms: Mapping[str, int],
    *,
    minimum: int,
) -> dict[str, str]:
    """The groups to withhold, each with the reason.

    ``groups`` maps each group to the atoms it consists of; ``atoms`` gives
    each atom's number of people (atoms of no one, or missing from
    ``atoms``, count for nothing). A group is withheld when it has fewer
    than ``minimum`` people, or when publishing it would let a withheld
    group, or a set of fewer than ``minimum`` people other than the whole,
    be computed from the published groups and the whole by adding and
    subtracting. The result lists the small groups by name, then the others
    in the order they were withheld; it does not depend on the order of
    either mapping. When the whole organisation has fewer than ``minimum``
    people every group is withheld, and the whole alone is published.

    Three units of 10, 7 and 2 people: the unit of 2 is too small, and it
    would be the whole minus the other two, so the next smallest goes too:

    >>> withheld = suppress(
    ...     {"a": frozenset({"a"}), "b": frozenset({"b"}), "c": frozenset({"c"})},
    ...     {"a": 10, "b": 7, "c": 2}, minimum=5)
    >>> for group, reason in withheld.items():
    ...     print(group, reason)
    c fewer than 5 people
    b would let a withheld group be recovered from the published ones

    Six people outside every group (the atom :data:`REST`) already hide the
    remainder; one would not, since the whole minus unit ``a`` would be the
    three people of ``c`` and the rest:

    >>> suppress({"a": frozenset({"a"}), "c": frozenset({"c"})},
    ...          {"a": 10, "c": 2, REST: 6}, minimum=5)
    {'c': 'fewer than 5 people'}
    >>> for group, reason in suppress({"a": frozenset({"a"}), "c": frozenset({"c"})},
    ...                               {"a": 10, "c": 2, REST: 1}, minimum=5).items():
    ...     print(group, reason)
    c fewer than 5 people
    a would let fewer than 5 people be singled out from the published ones

    Overlapping groups: goal ``x`` affects units ``u`` and ``v``, goal ``y``
    unit ``u`` alone; ``x`` minus ``y`` would give away the 3 people of ``v``:

    >>> suppress({"x": frozenset({"u", "v"}), "y": frozenset({"u"})},
    ...          {"u": 20, "v": 3, "w": 40}, minimum=5)
    {'y': 'would let fewer than 5 people be singled out from the published ones'}
    """
    names = sorted(groups)
    order = sorted(atom for atom, n in atoms.items() if _people(atom, n) > 0)
    index = {atom: i for i, atom in enumerate(order)}
    weights = [int(atoms[atom]) for atom in order]
    masks = {g: _mask(groups[g], index) for g in names}
    sizes = {g: _weight(masks[g], weights) for g in names}
    noun = "person" if minimum == 1 else "people"
    withheld = {g: SMALL.format(minimum=minimum, people=noun) for g in names if sizes[g] < minimum}
    everyone = (1 << len(order)) - 1
    budget = _SEARCH
    while True:
        published = sorted(
            (g for g in names if g not in withheld and masks[g]), key=lambda g: (sizes[g], g)
        )
        found = _exposed(published, withheld, masks, sizes, weights, everyone, minimum, budget)
        if found is None:
            return withheld
        group, reason, exhausted = found
        withheld[group] = reason.format(minimum=minimum, people=noun)
        if exhausted:
            budget = _SEARCH // 20


def _people(atom: str, n: int) -> int:
    people = int(n)
    if people < 0:
        raise ValueError(f"atom {atom!r} has a negative number of people: {n!r}")
    return people


def _mask(members: frozenset[str], index: Mapping[str, int]) -> int:
    """The atoms of ``members`` (those with people) as bits of an int."""
    mask = 0
    for atom in members:
        i = index.get(atom)
        if i is not None:
            mask |= 1 << i
    return mask


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _weight(mask: int, weights: Sequence[int]) -> int:
    return sum(weights[i] for i in _bits(mask))


def _exposed(
    published: Sequence[str],
    withheld: Mapping[str, str],
    masks: Mapping[str, int],
    sizes: Mapping[str, int],
    weights: Sequence[int],
    everyone: int,
    minimum: int,
    budget: int,
) -> tuple[str, str, bool] | None:
    """A published group to withhold next, with the reason and whether the search for
    small sets ran out of ``budget``; or None when all is safe.

    Every total that can be computed from the published groups and the whole
    is constant on each *piece*: the people who are in exactly the same
    published groups. So the computable sets of people are unions of pieces,
    and the linear algebra runs on pieces, not atoms.
    """
    if not everyone:
        return None
    pieces = [everyone]
    for group in published:
        mask = masks[group]
        split = []
        for piece in pieces:
            inside = piece & mask
            if inside and inside != piece:
                split += [inside, piece ^ inside]
            else:
                split.append(piece)
        pieces = split
    people = {piece: _weight(piece, weights) for piece in pieces}
    # columns: the pieces of at least ``minimum`` people first, then the small
    # ones; each part largest first, then by first atom
    pieces.sort(key=lambda piece: (people[piece] < minimum, -people[piece], piece & -piece))
    size = [people[piece] for piece in pieces]
    large = sum(1 for n in size if n >= minimum)
    member_of = [[k for k, piece in enumerate(pieces) if piece & masks[g]] for g in published]
    span = _Span([list(range(len(pieces))), *member_of])

    def smallest(combination: set[int]) -> str | None:
        used = [published[k - 1] for k in combination if k != _WHOLE]
        return min(used, key=lambda g: (sizes[g], g)) if used else None

    # a withheld group that the published totals give back
    for group in sorted(withheld):
        mask = masks[group]
        if not mask or mask == everyone:  # nobody in it, or the whole: published anyway
            continue
        parts = [k for k, piece in enumerate(pieces) if piece & mask]
        if any(pieces[k] & ~mask for k in parts):
            continue  # splits a piece: no published total separates it
        combination = span.express(parts)
        if combination is not None and (chosen := smallest(combination)) is not None:
            return chosen, RECOVERABLE, False

    # a set of fewer than ``minimum`` people that the published totals give away
    exhausted = False
    try:
        found = _small_set(span, large, size, minimum, budget)
    except _TooManyError as error:
        found, exhausted = error.combination, True  # withhold to shrink what can be computed
    if found is not None and (chosen := smallest(found)) is not None:
        return chosen, SINGLED_OUT, exhausted
    return None


class _TooManyError(Exception):
    """The search for small computable sets went past its budget: ``combination``
    names the generators of the subspace it searched."""

    def __init__(self, combination: set[int]) -> None:
        super().__init__()
        self.combination = combination


def _small_set(
    span: _Span, large: int, size: Sequence[int], minimum: int, budget: int
) -> set[int] | None:
    """The generators combining to a union of pieces of fewer than ``minimum`` people
    (short of every piece), or None.

    Such a union lies in the subspace of the span that is zero on every
    piece of ``minimum`` people or more (the columns before ``large``),
    spanned by the echelon rows whose pivot is a small piece. In reduced
    form, a 0/1 vector of that subspace is the sum of the rows whose pivot
    it contains, and it weighs at least their pivots, so few sums need
    trying; and adding rows in the order of their pivots, a column before
    the next pivot is final, which cuts the search short.
    """
    rows = sorted((row for row in span.rows if row[0] >= large), key=lambda row: row[0])
    if not rows:
        return None
    pivots = [row[0] for row in rows]
    reduced = [dict(row[1]) for row in rows]
    for i in reversed(range(len(rows))):  # Gauss-Jordan in integers: clear each pivot above
        for j in range(i):
            x = reduced[j].get(pivots[i])
            if x:
                row = _combine(reduced[i][pivots[i]], reduced[j], x, reduced[i])
                common = gcd(*row.values())
                reduced[j] = {c: v // common for c, v in row.items()}
    one = lcm(*(row[p] for row, p in zip(reduced, pivots, strict=True)))
    scaled = [
        {c: v * (one // row[p]) for c, v in row.items()}
        for row, p in zip(reduced, pivots, strict=True)
    ]  # row i of the reduced form, times ``one``
    pieces = len(size)
    visits = 0

    def search(start: int, total: dict[int, int], people: int) -> set[int] | None:
        nonlocal visits
        entries = sorted(total.items())
        at = 0  # the columns of ``total`` before ``at`` lie before the pivot in hand
        ones = 0  # people in those columns
        for i in range(start, len(rows)):
            while at < len(entries) and entries[at][0] < pivots[i]:
                column, value = entries[at]
                if value != one:
                    return None  # no row from here on touches that column: never 0/1
                ones += size[column]
                at += 1
            if ones >= minimum:
                return None
            weight = people + size[pivots[i]]
            if weight >= minimum:
                continue
            visits += 1
            if visits > budget:
                raise _TooManyError({k for row in rows for k, v in row[2].items() if v})
            vector = _combine(1, total, -1, scaled[i])
            if (
                len(vector) < pieces  # every piece: the whole
                and all(v == one for v in vector.values())
                and sum(size[c] for c in vector) < minimum
            ):
                return span.express(sorted(vector))
            found = search(i + 1, vector, weight)
            if found is not None:
                return found
        return None

    return search(0, {}, 0)


class _Span:
    """The span of 0/1 vectors (lists of pieces), in exact integer arithmetic.

    Each row of the echelon basis keeps the combination of generators it is
    (generator index → integer coefficient), so that a vector in the span
    can say which generators it takes.
    """

    def __init__(self, generators: Sequence[Sequence[int]]) -> None:
        self.rows: list[tuple[int, dict[int, int], dict[int, int]]] = []
        for k, columns in enumerate(generators):
            vector, combination = self._reduce(dict.fromkeys(columns, 1), {k: 1})
            if vector:
                self.rows.append((min(vector), vector, combination))

    def _reduce(
        self, vector: dict[int, int], combination: dict[int, int]
    ) -> tuple[dict[int, int], dict[int, int]]:
        for pivot, row, made_of in self.rows:
            x = vector.get(pivot)
            if not x:
                continue
            p = row[pivot]
            vector = _combine(p, vector, x, row)
            combination = _combine(p, combination, x, made_of)
            common = gcd(*vector.values(), *combination.values())
            if common > 1:
                vector = {c: v // common for c, v in vector.items()}
                combination = {c: v // common for c, v in combination.items()}
        return vector, combination

    def express(self, columns: Sequence[int]) -> set[int] | None:
        """The generators that combine to the 0/1 vector on ``columns``, or None."""
        vector, combination = self._reduce(dict.fromkeys(columns, 1), {_TARGET: 1})
        if vector:
            return None
        return {k for k, v in combination.items() if v and k != _TARGET}


def _combine(p: int, v: Mapping[int, int], x: int, w: Mapping[int, int]) -> dict[int, int]:
    """``p * v - x * w`` for sparse integer vectors."""
    out = {k: p * c for k, c in v.items()} if p != 1 else dict(v)
    for k, c in w.items():
        value = out.get(k, 0) - x * c
        if value:
            out[k] = value
        else:
            out.pop(k, None)
    return out
