"""The counting layer: who did what, and how a contribution was received.

Every metric of ``ownership`` builds on these counts. They are plain
functions of the tables of a process (:func:`ownership.tables.to_tables`),
written once with narwhals, so the tables may be pandas or polars frames,
pyarrow tables, or lazy frames such as DuckDB relations or polars
``LazyFrame``\\ s; the result is a frame of the same kind (lazy in, lazy out).
Nothing loops over rows in Python, and a result does not depend on the order
of the rows it was computed from.

Latest reactions
    A stakeholder may react to a contribution more than once (the history is
    kept); their *latest* reaction, the one with the greatest ``at``, is what
    counts as their vote. Two reactions of one pair at one instant agree in a
    valid process, so the latest vote is well defined.

As of ``t``
    ``as_of=t`` counts what had happened by ``t``, exactly as counting the
    tables of :meth:`StrategyProcess.as_of(t) <ownership.StrategyProcess.as_of>`:
    stakeholders who had joined (or whose joining is unknown), events that had
    started, contributions made by then (one without a time counts from its
    event's start) by a stakeholder in scope, and reactions and responses by
    then to those contributions. A response by someone not yet in scope still
    counts for the contribution, not for its responder.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final, Protocol, TypeVar, cast
from zoneinfo import ZoneInfo

import narwhals.stable.v2 as nw

from ..errors import Problem, SchemaError, ValidationError, did_you_mean
from ..model._messages import naive_datetime
from ..schema import TABLES, ColumnKind

__all__ = ["TableSource", "activity", "consensus", "contribution_activity"]

FrameT = TypeVar("FrameT")
FrameT_co = TypeVar("FrameT_co", covariant=True)


class TableSource(Protocol[FrameT_co]):
    """Anything that gives a frame by table name: :class:`~ownership.Tables` or a mapping."""

    def __getitem__(self, name: str, /) -> FrameT_co: ...


_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "stakeholders": ("id", "unit", "joined"),
    "stakeholder_attributes": ("stakeholder", "key", "value"),
    "events": ("id", "start"),
    "participations": ("event", "stakeholder", "role"),
    "contributions": ("id", "event", "author", "at"),
    "responses": ("contribution", "responder", "at"),
    "reactions": ("contribution", "stakeholder", "at", "value"),
}
"""The columns the counting layer reads, per table; other columns are ignored."""

_ACTIVITY: Final = (
    "events",
    "contributions",
    "reactions",
    "agrees",
    "disagrees",
    "passes",
    "responses_received",
    "responses_given",
)
_CONTRIBUTION_COUNTS: Final = (
    "reactors",
    "agrees",
    "disagrees",
    "passes",
    "reaction_rows",
    "agree_rows",
    "disagree_rows",
    "responses",
)


# ---------------------------------------------------------------------------
# the tables in, the caller's kind out


class _Frames:
    """The tables a count needs, as narwhals lazy frames, cut to ``as_of``."""

    def __init__(
        self,
        tables: TableSource[Any],
        names: Iterable[str],
        as_of: datetime | None,
        columns: Mapping[str, tuple[str, ...]] = _COLUMNS,
    ) -> None:
        wanted = list(names)
        if as_of is not None:  # scoping reads the tables that say what was there when
            wanted = sorted({*wanted, "stakeholders", "events", "contributions"})
        frames: dict[str, nw.LazyFrame[Any]] = {}
        problems: list[Problem] = []
        kinds: dict[str, str] = {}
        eager: set[bool] = set()
        for name in wanted:
            try:
                native = tables[name]
            except KeyError:
                known = list(tables.keys()) if isinstance(tables, Mapping) else []
                hint = did_you_mean(name, known)
                problems.append(Problem(name, f"missing table{hint}"))
                continue
            try:
                frame = nw.from_native(native)
            except TypeError:
                kind = type(native).__name__
                problems.append(Problem(name, f"not a dataframe that narwhals supports: {kind}"))
                continue
            if isinstance(frame, nw.DataFrame):
                eager.add(True)
                lazy = frame.lazy()
            else:
                eager.add(False)
                lazy = frame
            kinds[name] = str(lazy.implementation)
            schema = lazy.collect_schema()
            names_present = schema.names()
            checked = [c for c in columns[name] if not _empty_text(lazy, name, c, schema)]
            problems.extend(_dtype_problems(name, schema, checked))
            for column in columns[name]:
                if column not in names_present:
                    hint = did_you_mean(column, names_present)
                    problems.append(Problem(name, f"missing column {column!r}{hint}"))
            frames[name] = lazy
        if not problems and len(set(kinds.values())) > 1:
            listed = ", ".join(f"{name}: {kind}" for name, kind in kinds.items())
            problems.append(Problem("tables", f"mix kinds of frame ({listed}); use one kind"))
        if problems:
            raise SchemaError(problems)
        self.eager = eager == {True}
        self.implementation = next(iter(frames.values())).implementation if frames else None
        self.frames = _scoped(frames, as_of) if as_of is not None else frames

    def __getitem__(self, name: str) -> nw.LazyFrame[Any]:
        return self.frames[name]

    def out(self, result: nw.LazyFrame[Any]) -> Any:
        """``result`` as a native frame of the caller's kind."""
        if self.eager:  # pandas gets a fresh 0..n-1 index, not the rows' old labels
            return nw.maybe_reset_index(result.collect()).to_native()
        return result.to_native()


def _empty_text(frame: nw.LazyFrame[Any], table: str, column: str, schema: Any) -> bool:
    """A date column typed as something else because it holds no value at all.

    pandas has no date dtype: dates are objects, and an empty or all-null
    object column reads as text; an empty pyarrow column may have no type.
    Nothing in it can be miscounted.
    """
    spec = TABLES[table].column(column) if column in schema else None
    if spec is None or spec.kind is not ColumnKind.DATE or schema[column].is_temporal():
        return False
    return bool(frame.select(nw.col(column).is_null().all()).collect().item())


def _dtype_problems(table: str, schema: Mapping[str, Any], columns: Iterable[str]) -> list[Problem]:
    """Columns whose dtype cannot hold what the schema says: counting them would be wrong.

    Ids read as numbers, times read as text or without a time zone, and votes read as
    text are reported rather than counted (a vote ``"1"`` is not the agree ``1``).
    """
    problems = []
    for column in columns:
        dtype = schema.get(column)
        if dtype is None:
            continue  # reported as missing
        kind = TABLES[table].column(column).kind
        where = f"{table}.{column}"
        if kind is ColumnKind.DATETIME:
            if not isinstance(dtype, nw.Datetime):
                problems.append(
                    Problem(where, f"must hold datetimes in UTC, not {dtype}; parse it first")
                )
            elif dtype.time_zone is None:
                problems.append(Problem(where, naive_datetime("column")))
        elif kind is ColumnKind.DATE and not (dtype.is_temporal() or dtype == nw.Object):
            problems.append(Problem(where, f"must hold dates, not {dtype}"))
        elif kind is ColumnKind.BOOL and not isinstance(dtype, nw.Boolean | nw.Object):
            problems.append(Problem(where, f"must hold true/false, not {dtype}"))
        elif kind is ColumnKind.FLOAT and not dtype.is_numeric():
            problems.append(Problem(where, f"must hold numbers, not {dtype}"))
        elif kind is ColumnKind.INT and not dtype.is_integer():
            problems.append(Problem(where, f"must hold whole numbers, not {dtype}"))
        elif kind is ColumnKind.STRING and (
            dtype.is_numeric() or dtype.is_temporal() or isinstance(dtype, nw.Boolean)
        ):
            problems.append(Problem(where, f"must hold strings (ids and values), not {dtype}"))
    return problems


def _moment(as_of: object) -> datetime | None:
    """``as_of`` checked (an aware datetime) and in UTC; run-time callers may pass anything."""
    if as_of is None:
        return None
    if not isinstance(as_of, datetime):
        message = f"must be a datetime, not {type(as_of).__name__} {as_of!r}"
        raise ValidationError([Problem("as_of", message)])
    if as_of.utcoffset() is None:
        raise ValidationError([Problem("as_of", naive_datetime(as_of.isoformat()))])
    return as_of.astimezone(UTC)


def _ids(frame: nw.LazyFrame[Any], column: str) -> nw.LazyFrame[Any]:
    return frame.select(nw.col("id").alias(column))


def _scoped(frames: dict[str, nw.LazyFrame[Any]], t: datetime) -> dict[str, nw.LazyFrame[Any]]:
    """The tables as :meth:`StrategyProcess.as_of` would leave them (only the rows counted)."""
    out = dict(frames)
    by_t = nw.col("joined").is_null() | (nw.col("joined") <= t)
    people = frames["stakeholders"].filter(by_t)
    events = frames["events"].filter(nw.col("start") <= t)
    contributions = (
        frames["contributions"]
        .filter(nw.col("at").is_null() | (nw.col("at") <= t))
        .join(_ids(events, "event"), on="event", how="semi")
        .join(_ids(people, "author"), on="author", how="semi")
    )
    out.update(stakeholders=people, events=events, contributions=contributions)
    for name, reference in (("reactions", "contribution"), ("responses", "contribution")):
        if name in frames:
            out[name] = (
                frames[name]
                .filter(nw.col("at") <= t)
                .join(_ids(contributions, reference), on=reference, how="semi")
            )
    if "reactions" in out:
        out["reactions"] = out["reactions"].join(
            _ids(people, "stakeholder"), on="stakeholder", how="semi"
        )
    if "participations" in frames:
        out["participations"] = (
            frames["participations"]
            .join(_ids(events, "event"), on="event", how="semi")
            .join(_ids(people, "stakeholder"), on="stakeholder", how="semi")
        )
    if "stakeholder_attributes" in frames:
        out["stakeholder_attributes"] = frames["stakeholder_attributes"].join(
            _ids(people, "stakeholder"), on="stakeholder", how="semi"
        )
    return out


# ---------------------------------------------------------------------------
# building blocks


def _with_votes(reactions: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
    """Reactions with 0/1 indicator columns ``_agree``, ``_disagree``, ``_pass``."""
    value = nw.col("value")
    return reactions.with_columns(
        (value == 1).cast(nw.Int64).alias("_agree"),
        (value == -1).cast(nw.Int64).alias("_disagree"),
        (value == 0).cast(nw.Int64).alias("_pass"),
    )


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_RANKS: Final = 8
"""More than the ranks of a value: null, below -1, -1, 0, 1, above 1 (0 to 5)."""


def _microseconds(frame: nw.LazyFrame[Any], column: str) -> nw.Expr:
    """``column`` of ``frame`` (a datetime with a time zone, as :class:`_Frames` checks) in
    microseconds since the epoch: an integer that orders, and keys, the times."""
    dtype = frame.collect_schema()[column]
    zone = getattr(dtype, "time_zone", None) or "UTC"
    epoch = nw.lit(_EPOCH.astimezone(ZoneInfo(zone)), dtype=dtype)  # backends want one zone
    return (nw.col(column) - epoch).dt.total_microseconds()


def _latest_votes(reactions: nw.LazyFrame[Any], *also: str) -> nw.LazyFrame[Any]:
    """Each stakeholder's latest reaction to each contribution: one row per pair (and
    value of the columns ``also``, kept).

    The columns are ``contribution``, ``stakeholder`` and the 0/1 indicators
    ``_agree``, ``_disagree`` and ``_pass`` of the latest reaction's value.
    Of reactions at one instant (they agree in a valid process) the greatest
    value counts, so the result never depends on the order of the rows.

    One aggregation, with no sort and no join: each reaction gets the key
    ``at`` (in microseconds) · 8 + the rank of its value (null < below -1 < -1
    < 0 < 1 < above 1), so the greatest key of a pair is its latest reaction
    and, of reactions at that instant, the greatest value; the rank is then
    the greatest key - 8 · the greatest ``at``. Only the rank's class matters
    to the counts, and the ranks keep the order of the values across classes,
    so this counts as the maximum value at the latest instant would. Times are
    compared to the microsecond, the resolution of the tables.
    """
    at = _microseconds(reactions, "at")
    value = nw.col("value")
    above = (value >= -1, value >= 0, value >= 1, value > 1)
    rank = sum((test.cast(nw.Int64) for test in above), nw.lit(1)).fill_null(0)
    rank_of_latest = nw.col("_key") - nw.col("_at") * _RANKS
    return (
        reactions.filter(~nw.col("at").is_null())
        .select("contribution", "stakeholder", *also, at.alias("_at"), rank.alias("_rank"))
        .with_columns((nw.col("_at") * _RANKS + nw.col("_rank")).alias("_key"))
        .group_by("contribution", "stakeholder", *also)
        .agg(nw.col("_key").max(), nw.col("_at").max())
        .select(
            "contribution",
            "stakeholder",
            *also,
            (rank_of_latest == 4).cast(nw.Int64).alias("_agree"),
            (rank_of_latest == 2).cast(nw.Int64).alias("_disagree"),
            (rank_of_latest == 3).cast(nw.Int64).alias("_pass"),
        )
    )


def _counts(frame: nw.LazyFrame[Any], columns: Iterable[str]) -> nw.LazyFrame[Any]:
    """Null counts (left by a left join) as 0, every count as int64."""
    return frame.with_columns(nw.col(*columns).fill_null(0).cast(nw.Int64))


# ---------------------------------------------------------------------------
# the counts


def activity(tables: TableSource[FrameT], *, as_of: datetime | None = None) -> FrameT:
    """One row per stakeholder: what they did and what came back to them.

    ============================  ===========================================================
    column                        count
    ============================  ===========================================================
    ``stakeholder``               the stakeholder's id (rows sorted by it)
    ``events``                    events they took part in (as participant or facilitator;
                                  an invitation alone is not taking part)
    ``contributions``             contributions they authored
    ``reactions``                 distinct contributions they reacted to
    ``agrees``, ``disagrees``,    their latest reactions per contribution that were
    ``passes``                    +1, -1 and 0; ``agrees + disagrees + passes = reactions``
    ``responses_received``        responses to contributions they authored
    ``responses_given``           responses they gave
    ============================  ===========================================================

    Every count is an int64 and 0 where there is nothing to count. For a Pol.is
    conversation read by :func:`ownership.io.read_polis`, ``contributions``,
    ``reactions``, ``agrees`` and ``disagrees`` are the export's ``n-comments``,
    ``n-votes``, ``n-agree`` and ``n-disagree`` of each participant.

    ``tables`` is :class:`~ownership.Tables` or any mapping of table name to
    frame (stakeholders, events, participations, contributions, responses,
    reactions), all of one kind; the result is of that kind. ``as_of`` counts
    what had happened by then (see the module notes).

    >>> from datetime import UTC, datetime
    >>> from ownership import (Contribution, Event, Participation, Reaction, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics import activity
    >>> from ownership.tables import to_tables
    >>> t = [datetime(2025, 3, day, tzinfo=UTC) for day in range(1, 5)]
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id=s, name=s, unit="it") for s in ("ann", "bo")],
    ...     events=[Event(id="e", kind="digital_platform", title="Forum", start=t[0],
    ...                   participations=[Participation(stakeholder="ann")])],
    ...     contributions=[Contribution(id="c", event="e", author="ann", at=t[0],
    ...                                 kind="idea", text="Shared calendars")],
    ...     reactions=[Reaction(contribution="c", stakeholder="bo", at=t[1], value=-1),
    ...                Reaction(contribution="c", stakeholder="bo", at=t[2], value=1)],
    ... )
    >>> activity(to_tables(process))[["stakeholder", "events", "contributions", "reactions",
    ...                               "agrees", "disagrees"]]
      stakeholder  events  contributions  reactions  agrees  disagrees
    0         ann       1              1          0       0          0
    1          bo       0              0          1       1          0

    Bo changed his mind: only his latest reaction counts. A day earlier he disagreed:

    >>> activity(to_tables(process), as_of=t[1])[["stakeholder", "agrees", "disagrees"]]
      stakeholder  agrees  disagrees
    0         ann       0          0
    1          bo       0          1
    """
    moment = _moment(as_of)
    frames = _Frames(
        tables,
        ("stakeholders", "participations", "contributions", "responses", "reactions"),
        moment,
    )
    people = frames["stakeholders"].select(nw.col("id").alias("stakeholder"))
    participations = frames["participations"].filter(nw.col("role") != "invited")
    if participations.implementation.is_polars():
        # polars's streaming engine (its default) counts distinct values per group
        # slowly: the distinct pairs, then the rows per stakeholder, take half the time
        took_part = (
            participations.select("stakeholder", "event")
            .unique()
            .group_by("stakeholder")
            .agg(nw.len().alias("events"))
        )
    else:  # elsewhere n_unique is as fast or faster (pandas: by a sixth)
        took_part = participations.group_by("stakeholder").agg(
            nw.col("event").n_unique().alias("events")
        )
    contributions = frames["contributions"]
    authored = (
        contributions.group_by("author")
        .agg(nw.len().alias("contributions"))
        .rename({"author": "stakeholder"})
    )
    votes = (
        _latest_votes(frames["reactions"])
        .group_by("stakeholder")
        .agg(
            nw.len().alias("reactions"),
            nw.col("_agree").sum().alias("agrees"),
            nw.col("_disagree").sum().alias("disagrees"),
            nw.col("_pass").sum().alias("passes"),
        )
    )
    responses = frames["responses"]
    received = (
        responses.join(
            contributions.select(
                nw.col("id").alias("contribution"), nw.col("author").alias("stakeholder")
            ),
            on="contribution",
            how="inner",
        )
        .group_by("stakeholder")
        .agg(nw.len().alias("responses_received"))
    )
    given = (
        responses.filter(~nw.col("responder").is_null())
        .group_by("responder")
        .agg(nw.len().alias("responses_given"))
        .rename({"responder": "stakeholder"})
    )
    result = people
    for counts in (took_part, authored, votes, received, given):
        result = result.join(counts, on="stakeholder", how="left")
    result = _counts(result, _ACTIVITY).select("stakeholder", *_ACTIVITY).sort("stakeholder")
    return cast("FrameT", frames.out(result))


def contribution_activity(tables: TableSource[FrameT], *, as_of: datetime | None = None) -> FrameT:
    """One row per contribution: how it was received.

    ============================  ===========================================================
    column                        count
    ============================  ===========================================================
    ``contribution``              the contribution's id (rows sorted by it)
    ``reactors``                  distinct stakeholders who reacted to it
    ``agrees``, ``disagrees``,    reactors whose latest reaction was +1, -1, 0;
    ``passes``                    ``agrees + disagrees + passes = reactors``
    ``reaction_rows``             every reaction in the history, repeats included
    ``agree_rows``,               every +1 and every -1 reaction in the history
    ``disagree_rows``
    ``responses``                 responses to it
    ``first_response_at``         when the first response came (null if none)
    ============================  ===========================================================

    Counts are int64. For a Pol.is conversation read by
    :func:`ownership.io.read_polis`, ``agree_rows`` and ``disagree_rows`` are
    the export's ``agrees`` and ``disagrees`` of each comment (Pol.is counts
    every vote row there), and the contributions with ``reactors > 0`` are the
    ``comments`` of its summary.

    >>> from datetime import UTC, datetime
    >>> from ownership import (Contribution, Event, Reaction, Response, Stakeholder,
    ...                        StrategyProcess, Unit)
    >>> from ownership.metrics import contribution_activity
    >>> from ownership.tables import to_tables
    >>> t = [datetime(2025, 3, day, tzinfo=UTC) for day in range(1, 5)]
    >>> process = StrategyProcess(
    ...     units=[Unit(id="it", name="IT")],
    ...     stakeholders=[Stakeholder(id=s, name=s, unit="it") for s in ("ann", "bo", "cy")],
    ...     events=[Event(id="e", kind="digital_platform", title="Forum", start=t[0])],
    ...     contributions=[Contribution(id="c", event="e", author="ann", at=t[0],
    ...                                 kind="concern", text="Too many passwords")],
    ...     reactions=[Reaction(contribution="c", stakeholder="bo", at=t[1], value=-1),
    ...                Reaction(contribution="c", stakeholder="bo", at=t[2], value=1),
    ...                Reaction(contribution="c", stakeholder="cy", at=t[2], value=0)],
    ...     responses=[Response(id="r", contribution="c", responder="cy", at=t[3],
    ...                         outcome="answered", text="Single sign-on comes in May")],
    ... )
    >>> counts = contribution_activity(to_tables(process))
    >>> counts[["contribution", "reactors", "agrees", "disagrees", "passes"]]
      contribution  reactors  agrees  disagrees  passes
    0            c         2       1          0       1

    Bo's first reaction stays in the history, though not in his vote:

    >>> counts[["reaction_rows", "agree_rows", "disagree_rows", "responses"]]
       reaction_rows  agree_rows  disagree_rows  responses
    0              3           1              1          1
    >>> counts["first_response_at"][0].isoformat()
    '2025-03-04T00:00:00+00:00'
    """
    moment = _moment(as_of)
    frames = _Frames(tables, ("contributions", "responses", "reactions"), moment)
    reactions = _with_votes(frames["reactions"])
    latest = (
        _latest_votes(frames["reactions"])
        .group_by("contribution")
        .agg(
            nw.len().alias("reactors"),
            nw.col("_agree").sum().alias("agrees"),
            nw.col("_disagree").sum().alias("disagrees"),
            nw.col("_pass").sum().alias("passes"),
        )
    )
    rows = reactions.group_by("contribution").agg(
        nw.len().alias("reaction_rows"),
        nw.col("_agree").sum().alias("agree_rows"),
        nw.col("_disagree").sum().alias("disagree_rows"),
    )
    responses = (
        frames["responses"]
        .group_by("contribution")
        .agg(nw.len().alias("responses"), nw.col("at").min().alias("first_response_at"))
    )
    # both counts of the reactions cover only the contributions reacted to: joining them
    # first joins the full list of contributions twice, not three times
    reacted = rows.join(latest, on="contribution", how="left")
    result = frames["contributions"].select(nw.col("id").alias("contribution"))
    for counts in (reacted, responses):
        result = result.join(counts, on="contribution", how="left")
    result = (
        _counts(result, _CONTRIBUTION_COUNTS)
        .select("contribution", *_CONTRIBUTION_COUNTS, "first_response_at")
        .sort("contribution")
    )
    return cast("FrameT", frames.out(result))


_HALF_LOG: Final = math.log(0.5)


def consensus(
    tables: TableSource[FrameT], *, by: str = "unit", as_of: datetime | None = None
) -> FrameT:
    r"""Group-informed consensus per contribution: how far every group agrees with it.

    For contribution :math:`c` and groups :math:`g \in G`,

    .. math::

        \operatorname{consensus}(c) = \prod_{g \in G} \frac{a_{g,c} + 1}{n_{g,c} + 2}

    where :math:`a_{g,c}` counts the stakeholders of group :math:`g` whose
    latest reaction to :math:`c` agrees and :math:`n_{g,c}` those whose latest
    reaction is any vote (a pass counts as a vote). Each factor is the
    Laplace-smoothed (rule of succession) share of the group that agrees, so a
    group that never reacted contributes :math:`1/2`; the product is high only
    when *every* group agrees, so a majority cannot outvote a minority group.

    ``by="unit"`` groups stakeholders by their unit; ``by="attribute:KEY"`` by
    the value of their attribute ``KEY`` (``by="attribute:opinion_group"``
    for the opinion groups of Pol.is). A stakeholder without that attribute is
    in no group: their reactions are not counted. :math:`G` is the set of
    groups among the stakeholders in scope (``as_of``), whether or not they
    reacted to anything; with no group at all the consensus is null.

    Columns: ``contribution`` (sorted), ``groups`` (:math:`|G|`), ``votes``
    (:math:`\sum_g n_{g,c}`, int64) and ``consensus`` (float64 in (0, 1)).
    Counts are of stakeholders, not weighted by ``size``, as Pol.is counts
    participants. The product is computed as ``exp(Σ log)`` so that it runs
    lazily on every backend; it agrees with the direct product to about 1e-15.

    References: C. Small, M. Bjorkegren, T. Erkkilä, L. Shaw and C. Megill
    (2021), "Polis: Scaling deliberation by mapping high dimensional opinion
    spaces", *Recerca* 26(2); The Computational Democracy Project, "Group
    informed consensus", https://compdemocracy.org/group-informed-consensus/,
    and its ``group-informed-consensus`` in the Pol.is math
    (compdemocracy/polis, ``math/src/polismath/math/conversation.clj``). With
    ``by="attribute:opinion_group"`` on a conversation read by
    :func:`ownership.io.read_polis` this reproduces the export's
    ``group-informed-consensus`` (to 1e-12 in the tests).

    >>> from datetime import UTC, datetime
    >>> from ownership import (Contribution, Event, Reaction, Stakeholder, StrategyProcess,
    ...                        Unit)
    >>> from ownership.metrics import consensus
    >>> from ownership.tables import to_tables
    >>> t = datetime(2025, 3, 1, tzinfo=UTC)
    >>> people = {"ann": "it", "bo": "it", "cy": "hr", "di": "hr", "ed": "care"}
    >>> process = StrategyProcess(
    ...     units=[Unit(id=u, name=u) for u in ("it", "hr", "care")],
    ...     stakeholders=[Stakeholder(id=s, name=s, unit=u) for s, u in people.items()],
    ...     events=[Event(id="e", kind="digital_platform", title="Forum", start=t)],
    ...     contributions=[Contribution(id="c", event="e", author="ann", at=t, kind="idea")],
    ...     reactions=[Reaction(contribution="c", stakeholder=s, at=t, value=v)
    ...                for s, v in (("ann", 1), ("bo", 1), ("cy", 1), ("di", 0))],
    ... )

    IT: 2 of 2 agree, (2 + 1)/(2 + 2) = 3/4; HR: 1 of 2 (a pass is a vote),
    (1 + 1)/(2 + 2) = 1/2; care never reacted: 1/2. So 3/4 · 1/2 · 1/2 = 0.1875:

    >>> consensus(to_tables(process))
      contribution  groups  votes  consensus
    0            c       3      4     0.1875
    """
    moment = _moment(as_of)
    key = _group_key(by)
    names = ["stakeholders", "reactions", "contributions"]
    if key is not None:
        names.append("stakeholder_attributes")
    frames = _Frames(tables, names, moment)
    if key is None:
        members = frames["stakeholders"].select(
            nw.col("id").alias("stakeholder"), nw.col("unit").alias("_group")
        )
    else:
        members = (
            frames["stakeholder_attributes"]
            .filter(nw.col("key") == key)
            .join(_ids(frames["stakeholders"], "stakeholder"), on="stakeholder", how="semi")
            .select("stakeholder", nw.col("value").alias("_group"))
        )
    # some backends count the distinct values of no rows as null
    groups = members.select(nw.col("_group").n_unique().fill_null(0).cast(nw.Int64).alias("groups"))
    per_group = (
        _latest_votes(frames["reactions"])
        .join(members, on="stakeholder", how="inner")
        .group_by("contribution", "_group")
        .agg(nw.col("_agree").sum().alias("_agrees"), nw.len().alias("_votes"))
        .with_columns(((nw.col("_agrees") + 1) / (nw.col("_votes") + 2)).log().alias("_log_factor"))
        .group_by("contribution")
        .agg(
            nw.col("_log_factor").sum().alias("_log_sum"),
            nw.len().alias("_reacted"),
            nw.col("_votes").sum().alias("votes"),
        )
    )
    result = (
        frames["contributions"]
        .select(nw.col("id").alias("contribution"))
        .join(groups, how="cross")
        .join(per_group, on="contribution", how="left")
    )
    result = _counts(result, ("_reacted", "votes")).with_columns(
        nw.col("_log_sum").fill_null(0.0).cast(nw.Float64)
    )
    silent = (nw.col("groups") - nw.col("_reacted")).cast(nw.Float64)
    result = (
        result.with_columns(
            nw.when(nw.col("groups") > 0)
            .then((nw.col("_log_sum") + silent * _HALF_LOG).exp())
            .alias("consensus")
        )
        .select("contribution", "groups", "votes", "consensus")
        .sort("contribution")
    )
    return cast("FrameT", frames.out(result))


def _group_key(by: object) -> str | None:
    """None for ``"unit"``, the attribute's key for ``"attribute:KEY"``."""
    if by == "unit":
        return None
    prefix = "attribute:"
    if isinstance(by, str) and by.startswith(prefix) and len(by) > len(prefix):
        return by[len(prefix) :]
    hint = did_you_mean(by, ["unit", "attribute:"]) if isinstance(by, str) else ""
    message = f"cannot group by {by!r}{hint}; use 'unit' or 'attribute:KEY'"
    raise ValidationError([Problem("by", message)])
