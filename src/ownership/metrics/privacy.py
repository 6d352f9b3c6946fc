"""Privacy: which groups of people a published result must withhold.

A result grouped by unit, role, attribute or goal publishes, per group, a
value and the counts behind it. Two rules keep a small group's members from
being singled out:

Primary suppression
    A group of fewer than ``minimum`` people is withheld (the minimum is
    separate for scores, counts and free text; 5 by default).

Complementary suppression
    A withheld group must not be recoverable by differencing: if a published
    group (or the whole organisation, which is always published) equals the
    withheld group plus published groups that do not overlap, subtracting
    them would give it back. Then the smallest of those published groups is
    withheld too, and the check repeats until nothing withheld can be
    recovered.

Groups are given as sets of *atoms*: disjoint sets of people with their
sizes (units for goal groups, which are unions of units; the groups
themselves for a partition such as units or roles, plus an atom :data:`REST`
for people in no published group). The whole organisation is the union of
all atoms. See :func:`suppress`.

References: Statistics Netherlands, *Handbook on Statistical Disclosure
Control* (A. Hundepool et al., 2010, ESSNet SDC), §4.2 and §5.2 on threshold
rules and secondary (complementary) cell suppression; L. Willenborg and
T. de Waal (2001), *Elements of Statistical Disclosure Control*, Springer,
ch. 7.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Final

__all__ = ["REST", "suppress"]

REST: Final = "\x00rest"
"""The atom of people in scope who are in no group of a partition."""

SMALL: Final = "fewer than {minimum} people"
DIFFERENCE: Final = "could be recovered by subtracting published groups from {whole}"


def suppress(
    groups: Mapping[str, frozenset[str]],
    atoms: Mapping[str, int],
    *,
    minimum: int,
) -> dict[str, str]:
    """The groups to withhold, each with the reason.

    ``groups`` maps each group to the atoms it consists of; ``atoms`` gives
    each atom's number of people. A group is withheld when it has fewer than
    ``minimum`` people, or when a withheld group could otherwise be
    recovered as a published group (or the whole) minus disjoint published
    groups.

    Three units of 10, 7 and 2 people: the unit of 2 is too small, and it
    would be the whole minus the other two, so the next smallest goes too:

    >>> withheld = suppress(
    ...     {"a": frozenset({"a"}), "b": frozenset({"b"}), "c": frozenset({"c"})},
    ...     {"a": 10, "b": 7, "c": 2}, minimum=5)
    >>> for group, reason in withheld.items():
    ...     print(group, reason)
    c fewer than 5 people
    b could be recovered by subtracting published groups from the whole

    People outside every group (the atom :data:`REST`) already hide the
    remainder:

    >>> suppress({"a": frozenset({"a"}), "c": frozenset({"c"})},
    ...          {"a": 10, "c": 2, REST: 6}, minimum=5)
    {'c': 'fewer than 5 people'}
    """
    weight = {atom: int(n) for atom, n in atoms.items() if int(n) > 0}
    sets = {
        group: frozenset(a for a in members if a in weight) for group, members in groups.items()
    }
    size = {group: sum(weight[a] for a in members) for group, members in sets.items()}
    whole = frozenset(weight)
    withheld: dict[str, str] = {
        group: SMALL.format(minimum=minimum) for group in sorted(sets) if size[group] < minimum
    }
    while True:
        published = {g: s for g, s in sets.items() if g not in withheld and s}
        change = _next(sets, size, withheld, published, whole)
        if change is None:
            return withheld
        group, container = change
        withheld[group] = DIFFERENCE.format(whole="the whole" if container is None else container)


def _next(
    sets: Mapping[str, frozenset[str]],
    size: Mapping[str, int],
    withheld: Mapping[str, str],
    published: Mapping[str, frozenset[str]],
    whole: frozenset[str],
) -> tuple[str, str | None] | None:
    """A published group to withhold next (and where the difference is taken), or None."""
    candidates = tuple(sorted(published.items(), key=lambda item: (size[item[0]], item[0])))

    @cache
    def cover(target: frozenset[str]) -> tuple[str, ...] | None:
        """Disjoint published groups whose union is exactly ``target``, if any."""
        if not target:
            return ()
        first = min(target)
        for group, members in candidates:
            if first in members and members <= target:
                rest = cover(target - members)
                if rest is not None:
                    return (group, *rest)
        return None

    containers: list[tuple[str | None, frozenset[str]]] = [(None, whole)]
    containers += sorted(published.items())
    for group in sorted(withheld):
        members = sets[group]
        if not members:
            continue  # nobody in it: nothing to recover
        for name, container in containers:
            if not members < container and not (name is None and members == container):
                continue
            found = cover(container - members)
            if found is None:
                continue
            if not found:  # the group is the whole, or the same people as a published group
                if name is None:
                    continue  # the whole is published by design
                return name, group
            smallest = min(found, key=lambda g: (size[g], g))
            return smallest, name
    return None
