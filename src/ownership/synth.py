"""Synthetic strategy processes of any size, seeded and vectorised.

:func:`generate` builds a realistic organisation and its strategy process
directly as tables with NumPy, so that 100,000 stakeholders with ten million
participation rows take well under a minute, not hours (see the benchmarks).
Knobs set the *health* of the process, so tests and benchmarks can plant
known problems (slow or missing responses, mostly one-way communication,
silo units, units never heard, key people involved late) and check that the
metrics find them.

>>> from ownership.synth import generate
>>> process = generate(stakeholders=60, units=5, months=12, seed=1)
>>> len(process.stakeholders), len(process.units)
(60, 5)
>>> generate(stakeholders=60, units=5, months=12, seed=1) == process
True

What the generator does, step by step:

1. **Units**: a tree under a management unit (``u0``), the last unit external
   when there are four or more; headcounts follow a Zipf-like law.
2. **Stakeholders** (``s0`` …): about 5% leaders (at least one per unit),
   roles by unit, 2% groups standing for 5–50 people, salience ratings drawn
   from Beta distributions (leaders with more power), a site and an age band
   as attributes, most present from the start, some joining or leaving later.
3. **Goals**: a two-level goal tree, owned by leaders, affecting units.
4. **Events** over ``months`` months, each focused on a unit; a share
   ``one_way_share`` are one-way (presentations, newsletters, announcements,
   stories) reaching audience units, the rest two-way at IAP2 levels from
   consult to empower. Participants come mostly from the focus unit.
   Adoption (the first revision) comes after a quarter of the period.
5. **Contributions** from participants of two-way events (questions, ideas,
   concerns, comments; some replies), **responses** to a share
   ``responsiveness`` of questions and concerns after log-normal latencies,
   ideas and concerns adopted with probability ``uptake``, **revisions** that
   cite adopted contributions, **reactions** on digital platforms.
6. **Milestones** due across the period, most achieved, a share ``reporting``
   of the achieved ones reported by a one-way event within 30 days.
7. **Survey answers** of a sample of stakeholders on a four-item ownership
   scale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import Problem, ValidationError, did_you_mean
from .model import ContributionKind, EventKind, Level, Outcome
from .schema import TABLES, ColumnKind

__all__ = ["KNOBS", "generate"]

KNOBS: Mapping[str, float] = {
    "events_per_stakeholder": 10.0,
    "contributions_per_participation": 0.2,
    "reactions_per_contribution": 5.0,
    "responsiveness": 0.85,
    "uptake": 0.3,
    "one_way_share": 0.3,
    "early_involvement": 0.85,
    "delivery": 0.8,
    "reporting": 0.85,
    "silo_units": 0.0,
    "unheard_units": 0.0,
    "leader_share": 0.05,
}
"""The knobs of :func:`generate` and their healthy defaults.

- ``events_per_stakeholder``: participation rows per stakeholder (about).
- ``contributions_per_participation``: contributions per participation in a two-way event.
- ``reactions_per_contribution``: reactions per contribution made on a digital platform.
- ``responsiveness``: chance that a question or concern gets a response (an idea: 0.7 times it).
- ``uptake``: chance that an idea or concern that got a response is adopted.
- ``one_way_share``: share of events that are one-way messages.
- ``early_involvement``: chance that a participation before adoption of a high-salience
  stakeholder (power > 0.7, urgency > 0.3) is kept.
- ``delivery``: chance that a milestone (about one a month) is achieved.
- ``reporting``: chance that an achieved milestone is reported within 30 days.
- ``silo_units``: number of units whose people meet only within their unit.
- ``unheard_units``: number of units never invited to a two-way event.
- ``leader_share``: chance that a stakeholder is a leader (at least one per unit).
"""

_START = datetime(2024, 1, 1, tzinfo=UTC)
_US_PER_DAY = 86_400 * 1_000_000
_ROLES = np.array(["handläggare", "specialist", "lärare", "utvecklare", "samordnare", "chef"])
_SITES = np.array(["Centrum", "Norr", "Söder"])
_AGES = np.array(["18-29", "30-44", "45-59", "60+"])
_ONE_WAY = [EventKind.PRESENTATION, EventKind.NEWSLETTER, EventKind.ANNOUNCEMENT, EventKind.STORY]
_TWO_WAY = [
    EventKind.WORKSHOP,
    EventKind.THEME_DAY,
    EventKind.DIGITAL_PLATFORM,
    EventKind.SURVEY,
    EventKind.MEETING,
    EventKind.TOWN_HALL,
    EventKind.INTERVIEW,
]
_TWO_WAY_P = np.array([0.25, 0.05, 0.2, 0.05, 0.3, 0.05, 0.1])
_TWO_WAY_LEVEL = {
    EventKind.WORKSHOP: Level.COLLABORATE,
    EventKind.THEME_DAY: Level.INVOLVE,
    EventKind.DIGITAL_PLATFORM: Level.CONSULT,
    EventKind.SURVEY: Level.CONSULT,
    EventKind.MEETING: Level.INVOLVE,
    EventKind.TOWN_HALL: Level.INVOLVE,
    EventKind.INTERVIEW: Level.INVOLVE,
}
_KINDS = np.array([k.value for k in ContributionKind])
_KIND_P = np.array([0.3, 0.3, 0.2, 0.2])  # question, idea, concern, comment
_TEXTS = {
    "question": "Hur påverkar {goal} vårt dagliga arbete?",
    "idea": "Förslag: låt oss pröva {goal} i en pilot först.",
    "concern": "Jag är orolig för att {goal} tar tid från kärnuppdraget.",
    "comment": "Bra att {goal} lyfts fram.",
}
_GOAL_TITLES = [
    "Digitala tjänster först",
    "Säker och stabil IT",
    "Data som resurs",
    "Digital kompetens för alla",
    "Hållbar IT",
    "Gemensamma plattformar",
    "Innovation i verksamheten",
    "Tillgänglighet",
]


def _ids(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i}" for i in range(n)], dtype=object)


def _ts(us: np.ndarray) -> pd.Series:
    return pd.Series(pd.to_datetime(us, unit="us", utc=True).as_unit("us"))


def _frame(name: str, data: Mapping[str, Any]) -> pd.DataFrame:
    """A pandas frame of table ``name`` with the schema's dtypes (None stands for null)."""
    spec = TABLES[name]
    rows = _length(data)
    dtypes = {
        ColumnKind.STRING: "str",
        ColumnKind.BOOL: "bool",
        ColumnKind.INT: "int64",
        ColumnKind.FLOAT: "float64",
        ColumnKind.DATETIME: "datetime64[us, UTC]",
        ColumnKind.DATE: "object",
    }
    out: dict[str, pd.Series[Any]] = {}
    for column in spec.columns:
        values = data.get(column.name)
        if values is None:
            values = [None] * rows
        series = pd.Series(values).reset_index(drop=True)
        out[column.name] = series.astype(dtypes[column.kind])  # type: ignore[call-overload]
    return pd.DataFrame(out, columns=list(spec.names))


def _length(data: Mapping[str, Any]) -> int:
    for values in data.values():
        if values is not None:
            return len(values)
    return 0


def _check(stakeholders: Any, units: Any, months: Any, seed: Any, knobs: Mapping[str, Any]) -> None:
    problems = []
    for name, value, low in [
        ("stakeholders", stakeholders, 1),
        ("units", units, 1),
        ("months", months, 1),
    ]:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            problems.append(Problem(name, f"must be a whole number >= {low}, not {value!r}"))
    for name, value in knobs.items():
        if name not in KNOBS:
            problems.append(Problem(name, f"unknown knob{did_you_mean(name, KNOBS)}"))
        elif (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            problems.append(Problem(name, f"must be a finite number >= 0, not {value!r}"))
        elif name in ("silo_units", "unheard_units") and value != int(value):
            problems.append(Problem(name, f"is a number of units, not {value!r}"))
    if not (
        seed is None or isinstance(seed, np.random.Generator) or (type(seed) is int and seed >= 0)
    ):
        message = f"must be None, a whole number >= 0 or a numpy Generator, not {seed!r}"
        problems.append(Problem("seed", message))
    for share in (
        "responsiveness",
        "uptake",
        "delivery",
        "one_way_share",
        "early_involvement",
        "reporting",
        "leader_share",
    ):
        value = knobs.get(share)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 1:
            problems.append(Problem(share, f"is a share and must be in [0, 1], not {value!r}"))
    if type(units) is int and type(stakeholders) is int and units > stakeholders >= 1:
        problems.append(Problem("units", f"{units} units need at least as many stakeholders"))
    if problems:
        raise ValidationError(problems)


def generate(
    *,
    stakeholders: int,
    units: int | None = None,
    months: int = 18,
    seed: int | np.random.Generator | None = None,
    as_tables: bool = False,
    backend: Literal["pandas", "polars", "pyarrow"] = "pandas",
    **knobs: float,
) -> Any:
    """A synthetic strategy process: a :class:`~ownership.StrategyProcess`, or its tables.

    ``units`` defaults to about one unit per 40 stakeholders (between 3 and
    200). ``seed`` is None, an int or a NumPy Generator; the same int gives
    the same data. With ``as_tables=True`` the result is a
    :class:`~ownership.Tables` on ``backend`` built without creating any
    objects, which is what large processes need. ``knobs`` override
    :data:`KNOBS`.

    >>> tables = generate(stakeholders=200, seed=7, as_tables=True)
    >>> sorted(tables["participations"].columns)
    ['event', 'role', 'stakeholder']
    >>> generate(stakeholders=10, responsivness=0.5)
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: responsivness: unknown knob (did you mean 'responsiveness'?)
    """
    if units is None and type(stakeholders) is int:
        units = int(min(200, max(3, round(stakeholders / 40))))
        units = max(1, min(units, stakeholders))
    _check(stakeholders, units, months, seed, knobs)
    assert units is not None
    k = {**KNOBS, **knobs}
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n = stakeholders
    n_units = units
    span_us = int(months * 30.44 * _US_PER_DAY)
    t0 = int(_START.timestamp() * 1_000_000)
    adoption = t0 + span_us // 4

    # ---------------------------------------------------------------- units
    unit_ids = _ids("u", n_units)
    parents = np.empty(n_units, dtype=object)
    parents[0] = None
    for i in range(1, n_units):  # loop over units only: there are few
        parents[i] = unit_ids[0] if i < 6 or rng.random() < 0.5 else unit_ids[rng.integers(1, i)]
    external = np.zeros(n_units, dtype=bool)
    if n_units >= 4:
        external[-1] = True
        parents[-1] = None
    unit_names = np.array(
        [f"Enhet {i}" if i else "Kommunledningen" for i in range(n_units)], dtype=object
    )
    if n_units >= 4:
        unit_names[-1] = "Externa partner"

    # --------------------------------------------------------- stakeholders
    weights = 1.0 / np.arange(1, n_units + 1) ** 0.8
    weights = rng.permutation(weights)
    unit_of = np.concatenate(
        [np.arange(n_units), rng.choice(n_units, n - n_units, p=weights / weights.sum())]
    )
    unit_of = np.sort(unit_of)  # people listed unit by unit
    sid = _ids("s", n)
    leader = rng.random(n) < k["leader_share"]
    first_of_unit = np.searchsorted(unit_of, np.arange(n_units))
    leader[first_of_unit] = True
    size = np.where(rng.random(n) < 0.02, rng.integers(5, 51, n), 1)
    size[leader] = 1
    power = np.where(leader, rng.beta(5, 2, n), rng.beta(2, 4, n))
    interest = rng.beta(3, 3, n)
    legitimacy = rng.beta(4, 2, n)
    urgency = rng.beta(2, 3, n)
    affectedness = rng.beta(3, 2, n)
    joined_us = np.where(
        rng.random(n) < 0.9,
        t0 - rng.integers(0, 400, n) * _US_PER_DAY,
        t0 + rng.integers(0, span_us, n),
    )
    leaves = rng.random(n) < 0.03
    left_us = np.where(leaves, joined_us + rng.integers(30, 400, n) * _US_PER_DAY, 0)
    left_us = np.minimum(left_us, t0 + span_us)
    left_us = np.maximum(left_us, joined_us)
    joined_us[leader] = np.minimum(joined_us[leader], t0)  # leaders are there from the start
    leaves[leader] = False
    until_us = np.where(leaves, left_us, np.iinfo(np.int64).max)  # member until
    role = np.where(leader, "chef", _ROLES[rng.integers(0, len(_ROLES) - 1, n)])

    # ------------------------------------------------------------------ goals
    n_top = min(len(_GOAL_TITLES), max(2, n_units // 2))
    n_sub = n_top
    n_goals = n_top + n_sub
    goal_ids = _ids("g", n_goals)
    goal_parent = np.array(
        [None] * n_top + list(goal_ids[rng.integers(0, n_top, n_sub)]), dtype=object
    )
    goal_titles = np.array(
        [_GOAL_TITLES[i % len(_GOAL_TITLES)] for i in range(n_top)]
        + [f"{_GOAL_TITLES[i % len(_GOAL_TITLES)]}: delmål {i + 1}" for i in range(n_sub)],
        dtype=object,
    )
    leaders_idx = np.flatnonzero(leader)
    owners_idx = np.flatnonzero(leader & ~external[unit_of])  # goals are owned inside
    if len(owners_idx) == 0:
        owners_idx = leaders_idx
    goal_owner = owners_idx[rng.integers(0, len(owners_idx), n_goals)]
    goal_unit_a = rng.integers(0, n_units, n_goals)
    goal_unit_b = rng.integers(0, n_units, n_goals)

    # ----------------------------------------------------------------- events
    avg_participants = 20.0
    share = k["one_way_share"]
    n_two = round(n * k["events_per_stakeholder"] / avg_participants * (share < 1))
    # one-way events in proportion (capped, so that a share near 1 stays finite),
    # and a few a month when every event is one-way
    cap = 50 * (n_two + months)
    n_one = min(cap, round(n_two * share / (1 - share))) if share < 1 else 4 * months + n // 100
    n_events = max(1, n_two + n_one)
    one_way = rng.permutation(np.arange(n_events) < n_one) if n_two + n_one else np.ones(1, bool)
    kind = np.where(
        one_way,
        np.array([e.value for e in _ONE_WAY], dtype=object)[rng.integers(0, 4, n_events)],
        np.array([e.value for e in _TWO_WAY], dtype=object)[
            rng.choice(len(_TWO_WAY), n_events, p=_TWO_WAY_P)
        ],
    )
    level_map = {e.value: lvl.value for e, lvl in _TWO_WAY_LEVEL.items()}
    level_map.update({e.value: Level.INFORM.value for e in _ONE_WAY})
    level = pd.Series(kind).map(level_map).to_numpy(dtype=object)
    empower = (~one_way) & (rng.random(n_events) < 0.03)
    level[empower] = Level.EMPOWER.value
    start_us = t0 + rng.integers(0, span_us, n_events)
    start_us.sort()
    hours = np.where(one_way, 0, rng.choice([1, 2, 3, 4, 8], n_events))
    end_us = start_us + hours * 3_600_000_000
    focus = rng.choice(n_units, n_events, p=np.bincount(unit_of, minlength=n_units) / n)
    unit_leaders = [leaders_idx[unit_of[leaders_idx] == u] for u in range(n_units)]
    eid = _ids("e", n_events)
    event_goal = rng.integers(0, n_goals, n_events)

    unheard = (
        rng.choice(np.arange(1, n_units), min(int(k["unheard_units"]), n_units - 1), replace=False)
        if n_units > 1
        else np.array([], dtype=int)
    )
    silo_pool = np.setdiff1d(np.arange(1, n_units), unheard)
    silos = (
        rng.choice(silo_pool, min(int(k["silo_units"]), len(silo_pool)), replace=False)
        if len(silo_pool)
        else np.array([], dtype=int)
    )

    # organisers: the focus unit's first leader, or half the time any leader of an open
    # unit; silo units organise their own events, and no leader of an unheard unit runs
    # a two-way event (management's leader stands in)
    own_leader = np.array([unit_leaders[u][0] for u in range(n_units)])
    organiser = own_leader[focus]
    open_leaders = leaders_idx[~np.isin(unit_of[leaders_idx], np.union1d(silos, unheard))]
    rotate = (rng.random(n_events) < 0.5) & ~np.isin(focus, silos)
    organiser = np.where(
        rotate, open_leaders[rng.integers(0, len(open_leaders), n_events)], organiser
    )
    muted = ~one_way & np.isin(unit_of[organiser], unheard)
    organiser[muted] = own_leader[0]

    # participations of two-way events: mostly from the focus unit
    two_way_idx = np.flatnonzero(~one_way)
    counts = rng.poisson(avg_participants, len(two_way_idx))
    p_event = np.repeat(two_way_idx, counts)
    unit_start = np.searchsorted(unit_of, np.arange(n_units))
    unit_count = np.bincount(unit_of, minlength=n_units)
    local = rng.random(len(p_event)) < 0.7
    p_person = np.where(
        local,
        unit_start[focus[p_event]]
        + (rng.random(len(p_event)) * unit_count[focus[p_event]]).astype(np.int64),
        rng.integers(0, n, len(p_event)),
    )
    keep = np.ones(len(p_event), dtype=bool)
    if len(unheard):
        keep &= ~np.isin(unit_of[p_person], unheard)
    if len(silos):
        silo_person = np.isin(unit_of[p_person], silos)
        keep &= ~silo_person | (unit_of[p_person] == focus[p_event])
        silo_event = np.isin(focus[p_event], silos)
        keep &= ~silo_event | (unit_of[p_person] == focus[p_event])
    salient = (power > 0.7) & (urgency > 0.3)
    before = start_us[p_event] < adoption
    keep &= ~(salient[p_person] & before & (rng.random(len(p_event)) > k["early_involvement"]))
    p_event, p_person = p_event[keep], p_person[keep]
    # the organiser facilitates
    p_event = np.concatenate([p_event, two_way_idx])
    p_person = np.concatenate([p_person, organiser[two_way_idx]])
    order = np.lexsort((p_person, p_event))
    p_event, p_person = p_event[order], p_person[order]
    first = np.ones(len(p_event), dtype=bool)
    first[1:] = (p_event[1:] != p_event[:-1]) | (p_person[1:] != p_person[:-1])
    p_event, p_person = p_event[first], p_person[first]
    # only members take part: nobody before joining or after leaving
    member = (joined_us[p_person] <= start_us[p_event]) & (start_us[p_event] <= until_us[p_person])
    p_event, p_person = p_event[member], p_person[member]
    p_role = np.where(
        p_person == organiser[p_event],
        "facilitator",
        np.where(rng.random(len(p_event)) < 0.05, "invited", "participant"),
    )

    # audiences of one-way events: the focus unit, or the whole organisation
    one_way_idx = np.flatnonzero(one_way)
    whole = rng.random(len(one_way_idx)) < 0.4
    aud_unit = np.where(whole, 0, focus[one_way_idx])

    # ------------------------------------------------------------ milestones
    n_ms = max(2, months)  # about one a month
    ms_due_us = t0 + np.linspace(span_us * 0.2, span_us * 0.95, n_ms).astype(np.int64)
    achieved = rng.random(n_ms) < k["delivery"]
    ms_achieved_us = ms_due_us + rng.normal(0, 20, n_ms).astype(np.int64) * _US_PER_DAY
    ms_achieved_us = np.minimum(ms_achieved_us, t0 + span_us)
    reported = achieved & (rng.random(n_ms) < k["reporting"])
    rep_ms = np.flatnonzero(reported)
    # the first one-way event within 30 days after achievement reports it
    candidate = (
        np.searchsorted(start_us[one_way_idx], ms_achieved_us[rep_ms])
        if len(one_way_idx)
        else np.zeros(0, dtype=np.int64)
    )
    ok = candidate < len(one_way_idx)
    rep_ms, candidate = rep_ms[ok], candidate[ok]
    within = start_us[one_way_idx][candidate] - ms_achieved_us[rep_ms] <= 30 * _US_PER_DAY
    rep_ms, rep_event = rep_ms[within], one_way_idx[candidate[within]]

    # ---------------------------------------------------------- contributions
    two_way_rows = np.flatnonzero(p_role == "participant")
    n_contrib = rng.poisson(k["contributions_per_participation"], len(two_way_rows))
    c_row = np.repeat(two_way_rows, n_contrib)
    c_event = p_event[c_row]
    c_author = p_person[c_row]
    c_order = np.argsort(c_event, kind="stable")
    c_event, c_author = c_event[c_order], c_author[c_order]
    n_c = len(c_event)
    c_at = start_us[c_event] + (
        rng.random(n_c) * np.maximum(hours[c_event], 1) * 3_600_000_000
    ).astype(np.int64)
    c_at = np.minimum(c_at, until_us[c_author])  # one who leaves during it speaks before
    c_kind = _KINDS[rng.choice(4, n_c, p=_KIND_P)]
    c_goal = np.where(rng.random(n_c) < 0.7, rng.integers(0, n_goals, n_c), -1)
    cid = _ids("c", n_c)
    # replies: to the previous contribution at the same event, if it was earlier
    prev_same = np.zeros(n_c, dtype=bool)
    if n_c > 1:
        prev_same[1:] = (c_event[1:] == c_event[:-1]) & (c_at[:-1] <= c_at[1:])
    is_reply = prev_same & (rng.random(n_c) < 0.1)
    reply_to = np.full(n_c, None, dtype=object)
    reply_to[is_reply] = cid[np.flatnonzero(is_reply) - 1]
    c_kind = np.where(is_reply, "comment", c_kind)
    goal_title_of = np.append(goal_titles, "strategin")
    # put the goal's title into the text without a Python loop per row
    parts = pd.Series(c_kind).map({key: value.split("{goal}") for key, value in _TEXTS.items()})
    c_text = (parts.str[0] + pd.Series(goal_title_of[c_goal]).str.lower() + parts.str[1]).to_numpy(
        dtype=object
    )

    # --------------------------------------------------------------- responses
    ask = np.isin(c_kind, ["question", "concern"])
    offer = c_kind == "idea"
    responded = (ask & (rng.random(n_c) < k["responsiveness"])) | (
        offer & (rng.random(n_c) < k["responsiveness"] * 0.7)
    )
    r_c = np.flatnonzero(responded)
    n_r = len(r_c)
    latency = np.exp(rng.normal(np.log(4), 0.9, n_r)) * _US_PER_DAY
    r_at = c_at[r_c] + latency.astype(np.int64)
    adoptable = np.isin(c_kind[r_c], ["idea", "concern"])
    u = rng.random(n_r)
    outcome = np.where(
        adoptable & (u < k["uptake"]),
        Outcome.ADOPTED.value,
        np.where(
            adoptable & (u < k["uptake"] + 0.15),
            Outcome.DECLINED.value,
            # a healthy organisation answers; only the unresponsive merely acknowledge
            np.where(
                u < 1 - 0.5 * (1 - k["responsiveness"]),
                Outcome.ANSWERED.value,
                Outcome.ACKNOWLEDGED.value,
            ),
        ),
    )
    responder = organiser[c_event[r_c]]
    rid = _ids("x", n_r)
    r_text = np.where(
        outcome == Outcome.ADOPTED.value,
        "Tack, vi tar med det i strategin.",
        "Tack för frågan, vi återkommer med mer.",
    )

    # --------------------------------------------------------------- revisions
    n_rev = max(1, months // 4)
    rev_at = adoption + (np.arange(n_rev) * (span_us - span_us // 4) / n_rev).astype(np.int64)
    rev_ids = _ids("r", n_rev)
    adopted = r_c[outcome == Outcome.ADOPTED.value]
    adopted_at = r_at[outcome == Outcome.ADOPTED.value]
    src_rev = np.searchsorted(rev_at, adopted_at, side="right")  # the next revision cites it
    ok = src_rev < n_rev
    src_rev, src_c = src_rev[ok], adopted[ok]
    src_keep = rng.random(len(src_rev)) < 0.5
    src_rev, src_c = src_rev[src_keep], src_c[src_keep]
    src_order = np.lexsort((src_c, src_rev))
    src_rev, src_c = src_rev[src_order], src_c[src_order]

    # --------------------------------------------------------------- reactions
    platform = kind[c_event] == EventKind.DIGITAL_PLATFORM.value
    pc = np.flatnonzero(platform)
    n_react = rng.poisson(k["reactions_per_contribution"], len(pc))
    re_c = np.repeat(pc, n_react)
    ev_first = np.searchsorted(p_event, c_event[re_c])
    ev_count = np.searchsorted(p_event, c_event[re_c], side="right") - ev_first
    re_person = p_person[ev_first + (rng.random(len(re_c)) * ev_count).astype(np.int64)]
    re_at = c_at[re_c] + (rng.random(len(re_c)) * 7 * _US_PER_DAY).astype(np.int64)
    re_value = rng.choice(np.array([1, 0, -1]), len(re_c), p=[0.6, 0.15, 0.25])
    still = re_at <= until_us[re_person]  # a reactor who left meanwhile reacts no more
    re_c, re_person, re_at, re_value = re_c[still], re_person[still], re_at[still], re_value[still]

    # ------------------------------------------------------------------ survey
    survey_at = t0 + span_us * 2 // 3
    in_post = (joined_us <= survey_at) & (survey_at + 14 * _US_PER_DAY <= until_us)
    respondents = np.flatnonzero((rng.random(n) < 0.1) & in_post)
    n_items = 4
    sa_person = np.repeat(respondents, n_items)
    sa_item = np.tile(
        np.array([f"q{i + 1}" for i in range(n_items)], dtype=object), len(respondents)
    )
    sa_at = np.repeat(survey_at + rng.integers(0, 14, len(respondents)) * _US_PER_DAY, n_items)
    base = np.clip(np.round(rng.normal(3.4, 0.9, len(respondents))), 1, 5)
    sa_value = np.clip(np.repeat(base, n_items) + rng.integers(-1, 2, len(sa_person)), 1, 5).astype(
        float
    )

    # ------------------------------------------------------------------ tables
    frames = {
        "units": _frame(
            "units", {"id": unit_ids, "name": unit_names, "parent": parents, "external": external}
        ),
        "stakeholders": _frame(
            "stakeholders",
            {
                "id": sid,
                "name": np.char.add("Person ", np.arange(n).astype(str)).astype(object),
                "unit": unit_ids[unit_of],
                "role": role.astype(object),
                "leader": leader,
                "size": size,
                "power": power,
                "interest": interest,
                "legitimacy": legitimacy,
                "urgency": urgency,
                "affectedness": affectedness,
                "joined": _ts(joined_us),
                "left": _ts(left_us).where(pd.Series(leaves)),
            },
        ),
        "stakeholder_attributes": _frame(
            "stakeholder_attributes",
            {
                "stakeholder": np.repeat(sid, 2),
                "key": np.tile(np.array(["age_band", "site"], dtype=object), n),
                "value": np.column_stack(
                    [_AGES[rng.integers(0, 4, n)], _SITES[rng.integers(0, 3, n)]]
                )
                .ravel()
                .astype(object),
            },
        ),
        "goals": _frame(
            "goals",
            {
                "id": goal_ids,
                "title": goal_titles,
                "parent": goal_parent,
                "created": _ts(np.full(n_goals, t0)),
            },
        ),
        "goal_owners": _frame("goal_owners", {"goal": goal_ids, "stakeholder": sid[goal_owner]}),
        "goal_units": _frame(
            "goal_units", _goal_units(goal_ids, unit_ids, goal_unit_a, goal_unit_b)
        ),
        "revisions": _frame(
            "revisions",
            {
                "id": rev_ids,
                "at": _ts(rev_at),
                "title": np.array(
                    ["Antagen strategi"] + [f"Revidering {i}" for i in range(1, n_rev)],
                    dtype=object,
                ),
                "summary": np.array([""] * n_rev, dtype=object),
            },
        ),
        "revision_goals": _frame(
            "revision_goals", {"revision": rev_ids, "goal": goal_ids[np.arange(n_rev) % n_goals]}
        ),
        "revision_sources": _frame(
            "revision_sources", {"revision": rev_ids[src_rev], "contribution": cid[src_c]}
        ),
        "milestones": _frame(
            "milestones",
            {
                "id": _ids("m", n_ms),
                "title": np.array([f"Delresultat {i + 1}" for i in range(n_ms)], dtype=object),
                "due": pd.to_datetime(ms_due_us, unit="us").date,
                "achieved": _ts(ms_achieved_us).where(pd.Series(achieved)),
            },
        ),
        "milestone_goals": _frame(
            "milestone_goals",
            {"milestone": _ids("m", n_ms), "goal": goal_ids[np.arange(n_ms) % n_goals]},
        ),
        "events": _frame(
            "events",
            {
                "id": eid,
                "kind": kind,
                "title": pd.Series(kind).map(_EVENT_TITLES).to_numpy(dtype=object),
                "start": _ts(start_us),
                "end": _ts(end_us),
                "level": level,
                "organiser": sid[organiser],
            },
        ),
        "event_goals": _frame("event_goals", {"event": eid, "goal": goal_ids[event_goal]}),
        "event_milestones": _frame(
            "event_milestones", _unique_pairs(eid[rep_event], _ids("m", n_ms)[rep_ms])
        ),
        "participations": _frame(
            "participations",
            {"event": eid[p_event], "stakeholder": sid[p_person], "role": p_role.astype(object)},
        ),
        "audiences": _frame("audiences", {"event": eid[one_way_idx], "unit": unit_ids[aud_unit]}),
        "contributions": _frame(
            "contributions",
            {
                "id": cid,
                "event": eid[c_event],
                "author": sid[c_author],
                "at": _ts(c_at),
                "kind": c_kind.astype(object),
                "text": c_text,
                "reply_to": reply_to,
            },
        ),
        "contribution_goals": _frame(
            "contribution_goals",
            {"contribution": cid[c_goal >= 0], "goal": goal_ids[c_goal[c_goal >= 0]]},
        ),
        "contribution_attributes": _frame("contribution_attributes", {}),
        "responses": _frame(
            "responses",
            {
                "id": rid,
                "contribution": cid[r_c],
                "responder": sid[responder],
                "at": _ts(r_at),
                "outcome": outcome.astype(object),
                "text": r_text.astype(object),
            },
        ),
        "reactions": _frame(
            "reactions",
            {
                "contribution": cid[re_c],
                "stakeholder": sid[re_person],
                "at": _ts(re_at),
                "value": re_value,
            },
        ),
        "survey_answers": _frame(
            "survey_answers",
            {
                "respondent": sid[sa_person],
                "at": _ts(sa_at),
                "instrument": np.full(len(sa_person), "ägarskap", dtype=object),
                "item": sa_item,
                "value": sa_value,
            },
        ),
    }
    from .tables import Tables, from_tables

    tables = Tables(frames)
    if as_tables:
        return tables if backend == "pandas" else tables.to(backend)
    return from_tables(tables)


_EVENT_TITLES = {
    "workshop": "Workshop om IT-strategin",
    "theme_day": "Temadag: digitalisering",
    "digital_platform": "Dialogplattform",
    "survey": "Enkät om strategin",
    "meeting": "Arbetsplatsträff",
    "town_hall": "Stormöte",
    "interview": "Intervju",
    "presentation": "Presentation av strategin",
    "newsletter": "Nyhetsbrev",
    "announcement": "Meddelande",
    "story": "Berättelse från verksamheten",
    "other": "Övrigt",
}


def _goal_units(
    goal_ids: np.ndarray, unit_ids: np.ndarray, a: np.ndarray, b: np.ndarray
) -> dict[str, Any]:
    goals = np.concatenate([goal_ids, goal_ids[a != b]])
    units = np.concatenate([unit_ids[a], unit_ids[b[a != b]]])
    order = np.argsort(pd.Series(goals).str[1:].astype(int).to_numpy(), kind="stable")
    return {"goal": goals[order], "unit": units[order]}


def _unique_pairs(left: np.ndarray, right: np.ndarray) -> dict[str, Any]:
    """Distinct (event, milestone) rows in the order of the events, as to_tables lists them."""
    frame = pd.DataFrame({"a": left, "b": right}).drop_duplicates()
    frame = frame.sort_values("a", key=lambda ids: ids.str[1:].astype(int), kind="stable")
    return {
        "event": frame["a"].to_numpy(dtype=object),
        "milestone": frame["b"].to_numpy(dtype=object),
    }
