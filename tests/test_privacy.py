"""Privacy: suppression worked by hand, checked by brute force, and end to end through reach.

:func:`suppress` is checked three ways: on small examples worked out in the comments; by
Hypothesis on small random organisations (partitions and overlapping sets of units), against
a brute-force enumeration of every published subfamily and an independent rational rank
test; and through :func:`reach` on generated organisations, where no withheld unit's
numbers can be rebuilt from the published rows and the whole.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metric_support import BACKENDS, as_pandas, measured, tables_in
from ownership import Event, Goal, Participation, Stakeholder, StrategyProcess, Unit
from ownership.metrics import privacy
from ownership.metrics.participation import reach
from ownership.metrics.privacy import REST, suppress
from ownership.strategies import processes
from ownership.synth import generate
from ownership.tables import to_tables

SMALL5 = "fewer than 5 people"
RECOVERABLE = "would let a withheld group be recovered from the published ones"
SINGLED_OUT5 = "would let fewer than 5 people be singled out from the published ones"
OPEN: dict[str, Any] = {"min_group": 1, "min_count": 1}
T = datetime(2025, 3, 1, tzinfo=UTC)

Groups = dict[str, frozenset[str]]


def units(sizes: Mapping[str, int]) -> Groups:
    """A partition: every atom a group of its own."""
    return {name: frozenset({name}) for name in sizes}


# ---------------------------------------------------------------------------
# hand-worked


def test_the_small_group_and_the_one_that_would_give_it_away() -> None:
    # a 10, b 7, c 2: c is small; whole - a - b = c, so the smaller of a and b goes too
    sizes = {"a": 10, "b": 7, "c": 2}
    assert suppress(units(sizes), sizes, minimum=5) == {"c": SMALL5, "b": RECOVERABLE}
    # everyone large: nothing withheld
    assert suppress(units({"a": 10, "b": 7}), {"a": 10, "b": 7}, minimum=5) == {}


def test_people_in_no_group_hide_the_remainder_only_when_enough() -> None:
    groups = units({"a": 10, "c": 2})
    # 6 in no group: whole - a = c + 6 others = 8 people, safe
    assert suppress(groups, {"a": 10, "c": 2, REST: 6}, minimum=5) == {"c": SMALL5}
    # 1 in no group: whole - a = 3 people (c and the one), so a goes
    assert suppress(groups, {"a": 10, "c": 2, REST: 1}, minimum=5) == {
        "c": SMALL5,
        "a": SINGLED_OUT5,
    }
    # nobody in no group (an atom of size 0 counts for nothing): whole - a = c exactly
    assert suppress(groups, {"a": 10, "c": 2, REST: 0}, minimum=5) == {
        "c": SMALL5,
        "a": RECOVERABLE,
    }


def test_a_small_remainder_without_any_small_group() -> None:
    # roles of 6 and 5, two people with no role: whole - both roles = 2 people
    groups = units({"dev": 6, "ops": 5})
    assert suppress(groups, {"dev": 6, "ops": 5, REST: 2}, minimum=5) == {"ops": SINGLED_OUT5}


def test_two_small_groups_that_add_up_to_too_few() -> None:
    # c 1 and d 2 are small; the whole minus a and b would be their 3 people together
    sizes = {"a": 10, "b": 8, "c": 1, "d": 2}
    assert suppress(units(sizes), sizes, minimum=5) == {
        "c": SMALL5,
        "d": SMALL5,
        "b": SINGLED_OUT5,
    }
    # with d of 4 they are 5 together: enough
    sizes["d"] = 4
    assert suppress(units(sizes), sizes, minimum=5) == {"c": SMALL5, "d": SMALL5}


def test_nested_goals_give_away_their_difference() -> None:
    # goal x: units u, v (23); goal y: unit u (20); w is in no goal. x - y = v, 3 people
    groups = {"x": frozenset({"u", "v"}), "y": frozenset({"u"})}
    assert suppress(groups, {"u": 20, "v": 3, "w": 40}, minimum=5) == {"y": SINGLED_OUT5}
    # a goal of every unit is the whole: g-all - g-ab = c, 2 people; g-ab goes, not g-all
    groups = {
        "g-all": frozenset({"a", "b", "c"}),
        "g-ab": frozenset({"a", "b"}),
        "g-a": frozenset({"a"}),
    }
    assert suppress(groups, {"a": 6, "b": 5, "c": 2}, minimum=5) == {"g-ab": SINGLED_OUT5}


def test_overlapping_goals_recovered_only_by_halving() -> None:
    # A = {1, 2}, B = {2, 3}, C = {1, 3}: no disjoint subfamily covers {1, 2, 3}, yet
    # D = {4} = whole - (A + B + C) / 2. D is small; A (the first of the three of 10) goes,
    # after which D is no combination of the whole, B and C
    groups = {
        "A": frozenset({"1", "2"}),
        "B": frozenset({"2", "3"}),
        "C": frozenset({"1", "3"}),
        "D": frozenset({"4"}),
    }
    sizes = {"1": 5, "2": 5, "3": 5, "4": 2}
    assert suppress(groups, sizes, minimum=5) == {"D": SMALL5, "A": RECOVERABLE}


def test_groups_with_the_same_members() -> None:
    # b and b2 are the same unit; c is small, c = whole - a - b, so b goes, and then b2 = b
    groups = {**units({"a": 10, "b": 7, "c": 2}), "b2": frozenset({"b"})}
    assert suppress(groups, {"a": 10, "b": 7, "c": 2}, minimum=5) == {
        "c": SMALL5,
        "b": RECOVERABLE,
        "b2": RECOVERABLE,
    }
    # both small: both withheld as small
    assert suppress({"x": frozenset({"u"}), "y": frozenset({"u"})}, {"u": 3}, minimum=5) == {
        "x": SMALL5,
        "y": SMALL5,
    }


def test_the_whole_organisation_below_the_minimum() -> None:
    # everyone is withheld as small; the whole itself is published by design
    groups = {**units({"a": 2, "b": 1}), "all": frozenset({"a", "b"})}
    assert suppress(groups, {"a": 2, "b": 1}, minimum=5) == {
        "a": SMALL5,
        "all": SMALL5,
        "b": SMALL5,
    }


def test_empty_groups_atoms_of_nobody_and_unknown_atoms() -> None:
    sizes = {"a": 10, "b": 7, "z": 0}
    groups = {"a": frozenset({"a", "ghost"}), "b": frozenset({"b", "z"}), "none": frozenset()}
    # z has nobody and ghost is no atom: they count for nothing; an empty group is small
    assert suppress(groups, sizes, minimum=5) == {"none": SMALL5}
    assert suppress(groups, sizes, minimum=1) == {"none": "fewer than 1 person"}
    assert suppress({}, {}, minimum=5) == {}
    assert suppress({"g": frozenset({"u"})}, {}, minimum=5) == {"g": SMALL5}


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress(units({"a": 1}), {"a": -1}, minimum=5)


def test_large_organisations_stay_fast() -> None:
    # 200 units (a partition) and 50 overlapping goals over 200 units
    rng = random.Random(7)
    started = time.perf_counter()
    for _ in range(3):
        sizes = {f"u{i:03d}": rng.choice([0, 1, 2, 3, 4, 5, 8, 20, 50]) for i in range(200)}
        suppress(units(sizes), {**sizes, REST: rng.choice([0, 2, 9])}, minimum=5)
        names = list(sizes)
        goals = {f"g{j:02d}": frozenset(rng.sample(names, rng.randint(1, 20))) for j in range(50)}
        suppress(goals, sizes, minimum=5)
    assert time.perf_counter() - started < 10


def test_a_layout_too_big_to_search_is_withheld_to_be_safe() -> None:
    # 60 one-person units under 40 goals of up to 20 units: many unions to try, so the
    # search gives up and withholds more; still fast, and still no group too small
    rng = random.Random(3)
    sizes = {f"u{i:02d}": 1 for i in range(60)}
    names = list(sizes)
    goals = {f"g{j:02d}": frozenset(rng.sample(names, rng.randint(1, 20))) for j in range(40)}
    started = time.perf_counter()
    withheld = suppress(goals, sizes, minimum=5)
    assert time.perf_counter() - started < 20
    assert all(len(goals[g]) >= 5 for g in goals if g not in withheld)
    assert suppress(dict(reversed(goals.items())), sizes, minimum=5) == withheld


# ---------------------------------------------------------------------------
# brute force


def rank(rows: Sequence[Sequence[int]]) -> int:
    """The rank of an integer matrix over the rationals."""
    matrix = [[Fraction(x) for x in row] for row in rows]
    found = 0
    for column in range(len(matrix[0]) if matrix else 0):
        pivot = next((i for i in range(found, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for i in range(len(matrix)):
            if i != found and matrix[i][column]:
                factor = matrix[i][column] / matrix[found][column]
                matrix[i] = [x - factor * y for x, y in zip(matrix[i], matrix[found], strict=True)]
        found += 1
    return found


def computable(
    target: frozenset[str], generators: Sequence[frozenset[str]], order: list[str]
) -> bool:
    """Whether the sum over ``target`` is a rational combination of sums over ``generators``."""
    rows = [[int(a in g) for a in order] for g in generators]
    return rank([*rows, [int(a in target) for a in order]]) == rank(rows)


@st.composite
def organisations(draw: st.DrawFn, *, overlapping: bool) -> tuple[Groups, dict[str, int], int]:
    """Up to six atoms of 0-7 people, their groups, and a minimum of 1-6."""
    n = draw(st.integers(1, 6))
    names = [f"a{i}" for i in range(n)]
    atoms = {name: draw(st.integers(0, 7)) for name in names}
    if overlapping:
        count = draw(st.integers(0, 6))
        groups = {f"g{j}": frozenset(draw(st.sets(st.sampled_from(names)))) for j in range(count)}
    else:
        grouped = draw(st.sets(st.sampled_from(names), min_size=1))
        groups = {name: frozenset({name}) for name in sorted(grouped)}
        rest = [name for name in names if name not in grouped]
        together: bool = draw(st.booleans())
        if rest and together:  # people in no group as the engine gives them
            atoms[REST] = sum(atoms.pop(name) for name in rest)
    return groups, atoms, draw(st.integers(1, 6))


def check(groups: Groups, atoms: dict[str, int], minimum: int, withheld: Mapping[str, str]) -> None:
    """Every rule, by brute force."""
    everyone = frozenset(a for a, n in atoms.items() if n > 0)
    order = sorted(everyone)
    members = {g: s & everyone for g, s in groups.items()}

    def people(s: frozenset[str]) -> int:
        return sum(atoms[a] for a in s)

    published = [g for g in sorted(groups) if g not in withheld]
    assert set(withheld) <= set(groups)
    # (a) primary: exactly the groups under the minimum are withheld as small
    for g in groups:
        assert (people(members[g]) < minimum) == withheld.get(g, "").startswith("fewer than")
        assert withheld.get(g, "").startswith(("fewer than", "would let", ""))
    # (b) no withheld group is a published group or the whole, minus pairwise disjoint
    # published groups inside it: every subfamily of the published groups is tried
    containers = [everyone, *(members[g] for g in published)]
    for g in withheld:
        target = members[g]
        if not target or target == everyone:  # nobody, or the whole: published anyway
            continue
        for container in containers:
            for k in range(len(published) + 1):
                for family in itertools.combinations(published, k):
                    parts = [members[f] for f in family]
                    inside = all(p <= container for p in parts)
                    disjoint = sum(map(len, parts)) == len(frozenset().union(*parts))
                    if inside and disjoint:
                        assert container - frozenset().union(*parts) != target, (g, family)
    # ... nor any rational combination of them, nor is any set of fewer than ``minimum``
    # people other than the whole
    generators = [everyone, *(members[g] for g in published)]
    for g in withheld:
        if members[g] and members[g] != everyone:
            assert not computable(members[g], generators, order), g
    for k in range(1, len(order)):
        for chosen in itertools.combinations(order, k):
            s = frozenset(chosen)
            if people(s) < minimum:
                assert not computable(s, generators, order), s


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(organisations(overlapping=False))
def test_partitions_by_brute_force(case: tuple[Groups, dict[str, int], int]) -> None:
    groups, atoms, minimum = case
    check(groups, atoms, minimum, suppress(groups, atoms, minimum=minimum))


@PROPERTY
@given(organisations(overlapping=True))
def test_overlapping_groups_by_brute_force(case: tuple[Groups, dict[str, int], int]) -> None:
    groups, atoms, minimum = case
    check(groups, atoms, minimum, suppress(groups, atoms, minimum=minimum))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(overlapping=True))
def test_safe_even_when_the_search_gives_up_at_once(
    case: tuple[Groups, dict[str, int], int],
) -> None:
    groups, atoms, minimum = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(privacy, "_SEARCH", 1)
        check(groups, atoms, minimum, suppress(groups, atoms, minimum=minimum))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(overlapping=True), st.randoms(use_true_random=False))
def test_order_of_the_mappings_changes_nothing(
    case: tuple[Groups, dict[str, int], int], rng: random.Random
) -> None:
    groups, atoms, minimum = case
    expected = suppress(groups, atoms, minimum=minimum)
    group_items = list(groups.items())
    atom_items = list(atoms.items())
    rng.shuffle(group_items)
    rng.shuffle(atom_items)
    shuffled = {g: frozenset(rng.sample(sorted(s), len(s))) for g, s in group_items}
    got = suppress(shuffled, dict(atom_items), minimum=minimum)
    assert list(got.items()) == list(expected.items())
    assert suppress(groups, atoms, minimum=minimum) == expected  # and again: no state


# ---------------------------------------------------------------------------
# end to end, through reach


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def office() -> StrategyProcess:
    """Units a, b, c under org (nobody of its own); people (size, site; * took part):

    - a: a-team 3 north*, a-rest 3 south
    - b: b1 3 north*, b2 2 south
    - c: c1 1*, c2 1 (no site)

    One workshop. Goals: g-all (org, so everyone), g-ab (a, b), g-a (a).
    """

    def person(sid: str, unit: str, size: int, site: str | None) -> Stakeholder:
        attributes = {"site": site} if site else {}
        return Stakeholder(id=sid, name=sid, unit=unit, size=size, attributes=attributes)

    return StrategyProcess(
        units=[Unit(id="org", name="Org"), *(Unit(id=u, name=u, parent="org") for u in "abc")],
        stakeholders=[
            person("a-team", "a", 3, "north"),
            person("a-rest", "a", 3, "south"),
            person("b1", "b", 3, "north"),
            person("b2", "b", 2, "south"),
            person("c1", "c", 1, None),
            person("c2", "c", 1, None),
        ],
        goals=[
            Goal(id="g-all", title="All", units=["org"]),
            Goal(id="g-ab", title="A and B", units=["a", "b"]),
            Goal(id="g-a", title="A", units=["a"]),
        ],
        events=[
            Event(
                id="w",
                kind="workshop",
                title="Workshop",
                start=T,
                participations=[Participation(stakeholder=s) for s in ("a-team", "b1", "c1")],
            )
        ],
    )


def rows(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    return {str(r[key]): r for r in records}


def test_office_by_unit(backend: str) -> None:
    got = rows(measured(reach, office(), backend, by="unit"), "unit")
    # a: 3 of 6 published; c (2) and org (0) are small; whole - a - b would be c, so b goes
    assert abs(got["a"]["value"] - 0.5) < 1e-12
    assert (got["a"]["reached"], got["a"]["people"], got["a"]["size"]) == (3, 6, 6)
    assert not got["a"]["suppressed"]
    assert got["b"]["reason"] == f"suppressed: {RECOVERABLE}"
    for unit in ("c", "org"):
        assert got[unit]["reason"] == f"suppressed: {SMALL5}"
    for unit in ("b", "c", "org"):
        assert got[unit]["suppressed"]
        assert all(pd.isna(got[unit][c]) for c in ("value", "size", "reached", "people"))
    # with every group published: b 3/5, c 1/2; org has nobody
    opened = rows(measured(reach, office(), backend, by="unit", **OPEN), "unit")
    assert abs(opened["b"]["value"] - 0.6) < 1e-12
    assert abs(opened["c"]["value"] - 0.5) < 1e-12
    assert opened["org"]["reason"] == "suppressed: fewer than 1 person"


def test_office_by_site_withholds_for_the_people_with_no_site(backend: str) -> None:
    got = rows(measured(reach, office(), backend, by="attribute:site"), "site")
    # north 6 (a-team, b1), south 5 (a-rest, b2): both large, but c1 and c2 have no site,
    # so whole - north - south would be their 2 people: south, the smaller, goes
    assert set(got) == {"north", "south"}
    assert abs(got["north"]["value"] - 1.0) < 1e-12
    assert not got["north"]["suppressed"]
    assert got["south"]["suppressed"]
    assert pd.isna(got["south"]["value"])
    assert got["south"]["reason"] == f"suppressed: {SINGLED_OUT5}"


def test_office_by_goal_withholds_the_nested_difference(backend: str) -> None:
    got = rows(measured(reach, office(), backend, by="goal"), "goal")
    # g-all 7/13, g-a 3/6; g-all - g-ab would be c's 2 people: g-ab goes
    assert abs(got["g-all"]["value"] - 7 / 13) < 1e-12
    assert abs(got["g-a"]["value"] - 0.5) < 1e-12
    assert got["g-ab"]["suppressed"]
    assert pd.isna(got["g-ab"]["value"])
    assert got["g-ab"]["reason"] == f"suppressed: {SINGLED_OUT5}"


def test_a_whole_organisation_below_the_minimum(backend: str) -> None:
    process = StrategyProcess(
        units=[Unit(id="u", name="U"), Unit(id="v", name="V")],
        stakeholders=[
            Stakeholder(id="x", name="X", unit="u"),
            Stakeholder(id="y", name="Y", unit="v", size=2),
        ],
    )
    got = measured(reach, process, backend, by="unit")
    assert got["suppressed"].all()
    assert got["value"].isna().all()
    assert (got["reason"] == f"suppressed: {SMALL5}").all()
    whole = measured(reach, process, backend)  # the whole is published by design
    assert whole["people"].iloc[0] == 3


def test_evidence_does_not_give_back_a_withheld_score() -> None:
    got = rows(measured(reach, office(), by="unit", min_group=5, min_count=1), "unit")
    for row in got.values():
        if row["suppressed"] and pd.isna(row["value"]) and row["size"]:
            assert pd.isna(row["reached"]) or pd.isna(row["people"]), row


def published_rows_are_safe(frame: pd.DataFrame, minimum: int) -> None:
    """Every published row has at least ``minimum`` people; every withheld one says why."""
    shown = frame[~frame["suppressed"].astype(bool)]
    assert (shown["size"] >= minimum).all(), shown
    hidden = frame[frame["suppressed"].astype(bool)]
    assert hidden["value"].isna().all()
    assert hidden["reason"].str.startswith("suppressed: ").all()


def nothing_rebuilt(
    frame: pd.DataFrame, whole: pd.DataFrame, truth: pd.DataFrame, minimum: int
) -> None:
    """No withheld unit's (reached, people), nor any set of fewer than ``minimum`` people,
    is the whole minus some published units: every subset of published rows is tried."""
    shown = frame[~frame["suppressed"].astype(bool)]
    hidden = frame.loc[frame["suppressed"].astype(bool), "unit"]
    numbers = truth.set_index("unit")[["reached", "people"]]
    total = (int(whole["reached"].iloc[0]), int(whole["people"].iloc[0]))
    published = list(zip(shown["reached"].astype(int), shown["people"].astype(int), strict=True))
    assert len(published) <= 12
    for k in range(1, len(published) + 1):  # none: the whole, published by design
        for family in itertools.combinations(published, k):
            reached = total[0] - sum(r for r, _ in family)
            people = total[1] - sum(p for _, p in family)
            assert not 0 < people < minimum, family
            for unit in hidden:
                known = numbers.loc[unit]
                if known["people"] > 0:
                    assert (reached, people) != (known["reached"], known["people"]), unit


@pytest.mark.parametrize("seed", range(4))
def test_generated_organisations(seed: int) -> None:
    tables = generate(
        stakeholders=40 + 10 * seed, units=4 + seed % 5, months=4, seed=seed, as_tables=True
    )
    minimum = 5 + seed % 3
    options: dict[str, Any] = {"min_group": minimum, "min_count": minimum}
    whole = as_pandas(reach(tables), "pandas")
    by_unit = as_pandas(reach(tables, by="unit", **options), "pandas")
    published_rows_are_safe(by_unit, minimum)
    truth = as_pandas(reach(tables, by="unit", **OPEN), "pandas")
    nothing_rebuilt(by_unit, whole, truth, minimum)
    for by in ("goal", "role", "attribute:site", "attribute:age_band"):
        published_rows_are_safe(as_pandas(reach(tables, by=by, **options), "pandas"), minimum)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes(max_stakeholders=8, max_units=5), st.integers(1, 4))
def test_random_processes(process: StrategyProcess, minimum: int) -> None:
    tables = tables_in(to_tables(process), "pandas")
    options: dict[str, Any] = {"min_group": minimum, "min_count": minimum}
    by_unit = as_pandas(reach(tables, by="unit", **options), "pandas")
    published_rows_are_safe(by_unit, minimum)
    whole = as_pandas(reach(tables), "pandas")
    truth = as_pandas(reach(tables, by="unit", **OPEN), "pandas")
    nothing_rebuilt(by_unit, whole, truth, minimum)
    keys = sorted({k for s in process.stakeholders for k in s.attributes})
    for by in ("goal", *(f"attribute:{k}" for k in keys[:1])):
        published_rows_are_safe(as_pandas(reach(tables, by=by, **options), "pandas"), minimum)
