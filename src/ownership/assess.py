"""Assess a strategy process: the ownership index, seven dimensions, frames and findings.

:func:`assess` evaluates every metric of :mod:`ownership.metrics` on one
reading of the tables, at one moment, with one :class:`AssessmentConfig`, and
returns an :class:`Assessment`:

- ``index``: the organisation's ownership index (the weighted mean of each
  stakeholder's index, :func:`ownership.metrics.ownership.index`);
- ``dimensions``: participation, dialogue, leadership, visibility, living
  strategy, adaptiveness and shared direction, each a :class:`Score` whose
  value is the mean of its defined components, with the evidence behind it;
- frames ``stakeholders`` (routes and index per stakeholder), ``units`` and
  ``goals`` (the metrics per group, privacy applied);
- ``findings`` (:mod:`ownership.findings`): what to do;
- the frames and findings are computed when first read (then kept), so the
  scores alone cost only what they need;
- :meth:`Assessment.timeline`: the index and dimensions at the end of every
  period, each row equal to ``assess(source, as_of=t)``.

>>> from ownership import assess
>>> from ownership.data import demo
>>> result = assess(demo())
>>> round(result.index, 3)
0.079
>>> sorted(result.dimensions)[:3]
['adaptiveness', 'dialogue', 'leadership']
>>> result.findings[0].code
'unit-never-consulted'
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

import attrs
import narwhals.stable.v2 as nw
import pandas as pd

from ._config import AssessmentConfig
from .errors import Problem, ValidationError
from .findings import Finding, evaluate
from .metrics import (
    _counting,
    adaptiveness,
    dialogue,
    direction,
    leadership,
    living,
    participation,
    visibility,
)
from .metrics import ownership as routes_module
from .metrics._base import METRIC_COLUMNS, Base, By, View
from .model import StrategyProcess
from .schema import TABLES, ColumnKind
from .tables import _DTYPES, Tables, to_tables

__all__ = ["DIMENSIONS", "Assessment", "AssessmentConfig", "Score", "assess"]

DIMENSIONS: Final = (
    "participation",
    "dialogue",
    "leadership",
    "visibility",
    "living_strategy",
    "adaptiveness",
    "shared_direction",
)
"""The dimensions of an assessment, in the order they are reported."""

Compute = Callable[[View, By], nw.LazyFrame[Any]]


@attrs.frozen
class _Spec:
    """One metric as an assessment uses it."""

    dimension: str
    name: str
    compute: Compute
    groups: frozenset[str] = frozenset()
    scored: bool = True  # latency (days) is evidence, not a component
    at_points: Callable[[View], Sequence[Mapping[str, Any]]] | None = None
    """The metric's row of the whole at every point of a timeline's schedule, found at
    once (the view is one of its points), where it has such a path."""

    def row(self, view: View) -> dict[str, Any]:
        """The metric's row of the whole at the view's moment."""
        at_points = self.at_points
        if at_points is None or not view.scheduled:
            return _row(self.compute(view, None))
        key = ("rows", (self.name, view.schedule))
        rows = view.base.shared_value(key, lambda: at_points(view))
        assert view.point is not None
        return dict(rows[view.point])


def _specs(config: AssessmentConfig) -> list[_Spec]:
    c = config
    unit_goal = frozenset({"unit", "goal"})
    unit = frozenset({"unit"})
    goal = frozenset({"goal"})
    salience: dict[str, Any] = {"threshold": c.attribute_threshold, "needed": c.salient_attributes}
    return [
        _Spec(
            "participation",
            "reach",
            participation._reach,
            unit_goal,
            at_points=participation._reach_points,
        ),
        _Spec(
            "participation",
            "unit_coverage",
            participation._unit_coverage,
            goal,
            at_points=participation._unit_coverage_points,
        ),
        _Spec(
            "participation",
            "depth",
            participation._depth,
            unit_goal,
            at_points=participation._depth_points,
        ),
        _Spec(
            "participation",
            "earliness",
            partial(participation._earliness, **salience),
            unit_goal,
            at_points=partial(participation._earliness_points, **salience),
        ),
        _Spec(
            "participation",
            "continuity",
            partial(participation._continuity, period=c.period),
            unit_goal,
            at_points=partial(participation._continuity_points, period=c.period),
        ),
        _Spec(
            "participation",
            "representation",
            participation._representation,
            at_points=participation._representation_points,
        ),
        _Spec(
            "participation",
            "unit_mix",
            participation._unit_mix,
            at_points=participation._unit_mix_points,
        ),
        _Spec(
            "dialogue",
            "two_way_share",
            dialogue._two_way_share,
            unit_goal,
            at_points=dialogue._two_way_share_points,
        ),
        _Spec("dialogue", "voice", dialogue._voice, unit_goal, at_points=dialogue._voice_points),
        _Spec(
            "dialogue",
            "responsiveness",
            partial(dialogue._responsiveness, sla=timedelta(days=c.sla_days)),
            unit_goal,
            at_points=partial(dialogue._responsiveness_points, sla=timedelta(days=c.sla_days)),
        ),
        _Spec("dialogue", "latency", dialogue._latency, unit_goal, scored=False),
        _Spec("dialogue", "uptake", dialogue._uptake, unit_goal, at_points=dialogue._uptake_points),
        _Spec(
            "dialogue",
            "closing_the_loop",
            dialogue._closing_the_loop,
            unit_goal,
            at_points=dialogue._closing_the_loop_points,
        ),
        _Spec(
            "dialogue",
            "voice_equality",
            dialogue._voice_equality,
            unit,
            at_points=dialogue._voice_equality_points,
        ),
        _Spec("leadership", "enabling_ratio", leadership._enabling_ratio, unit_goal),
        _Spec(
            "leadership",
            "leader_responsiveness",
            leadership._leader_responsiveness,
            unit_goal,
        ),
        _Spec("visibility", "delivery", visibility._delivery, goal),
        _Spec(
            "visibility",
            "sharing",
            partial(visibility._sharing, report_days=c.report_days),
            goal,
        ),
        _Spec("visibility", "audience_reach", visibility._audience_reach, unit_goal),
        _Spec("visibility", "cadence", partial(visibility._cadence, gap_days=c.gap_days)),
        _Spec("living_strategy", "story_coverage", living._story_coverage),
        _Spec("living_strategy", "story_reach", living._story_reach, unit_goal),
        _Spec("adaptiveness", "revision_uptake", adaptiveness._revision_uptake),
        _Spec("adaptiveness", "concern_resolution", adaptiveness._concern_resolution, unit_goal),
        _Spec(
            "shared_direction",
            "shared_direction",
            partial(
                direction._shared_direction,
                key=direction._group_key(c.consensus_groups),
                threshold=c.consensus_threshold,
            ),
            goal,
        ),
    ]


def _route_options(config: AssessmentConfig) -> dict[str, Any]:
    settings = routes_module._settings(
        half_life_days=config.half_life_days,
        route_weights=config.route_weights,
        mean=config.mean,
        owner_threshold=config.owner_threshold,
        tau_control=config.tau_control,
        tau_knowing=config.tau_knowing,
        tau_investment=config.tau_investment,
        hours_cap=config.hours_cap,
        **config.route_points,
    )
    return {"settings": settings}


@attrs.frozen(kw_only=True)
class Score:
    """One dimension's score: its value, the components it is the mean of, and why.

    ``value`` is the mean of the components that are defined (null ones are
    left out and named in ``explanation``); ``None`` when none is defined.
    ``evidence`` holds the counts behind every component, keyed
    ``component.count``.
    """

    value: float | None
    components: Mapping[str, float | None]
    evidence: Mapping[str, float | int | None]
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """The score as plain, JSON-safe data."""
        return {
            "value": _safe(self.value),
            "components": {k: _safe(v) for k, v in self.components.items()},
            "evidence": {k: _safe(v) for k, v in self.evidence.items()},
            "explanation": self.explanation,
        }


def _safe(value: Any) -> Any:
    """A cell as JSON-safe data: NaN and NaT as None, times as ISO text, numpy as Python."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return None if pd.isna(value) else value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class _Later:
    """What an assessment computes only when it is first asked for: its frames and findings.

    Each is computed once, from the view :func:`assess` scored (its moment, its
    reading of the tables, the metrics already computed), and kept. The view is
    let go once all four are computed.
    """

    _NAMES: Final = ("stakeholders", "units", "goals", "findings")

    def __init__(
        self, view: View, config: AssessmentConfig, scores: _Scores, *, kind: str | None
    ) -> None:
        self._view: View | None = view
        self._config = config
        self._metrics = scores.metrics
        self._kind = kind
        self._kept: dict[str, Any] = {}

    def _get(self, name: str, build: Callable[[View], Any]) -> Any:
        if name not in self._kept:
            assert self._view is not None  # let go only once every part is kept
            self._kept[name] = build(self._view)
            if all(part in self._kept for part in self._NAMES):
                self._view = None
                self._kept.pop("_goals", None)
        return self._kept[name]

    @property
    def stakeholders(self) -> Any:
        def build(view: View) -> Any:
            people = routes_module._routes(view, None, **_route_options(self._config))
            return _out(view.base, people.sort("stakeholder"), kind=self._kind)

        return self._get("stakeholders", build)

    @property
    def units(self) -> Any:
        def build(view: View) -> Any:
            return _out(view.base, _grouped(view, self._config, "unit"), kind=self._kind)

        return self._get("units", build)

    def _goals(self, view: View) -> nw.LazyFrame[Any]:
        """The goals' frame as the findings read it (computed once)."""
        kept: nw.LazyFrame[Any] = self._get(
            "_goals", lambda v: v.base.keep(_grouped(v, self._config, "goal"))
        )
        return kept

    @property
    def goals(self) -> Any:
        def build(view: View) -> Any:
            return _out(view.base, self._goals(view), kind=self._kind)

        return self._get("goals", build)

    @property
    def findings(self) -> tuple[Finding, ...]:
        def build(view: View) -> tuple[Finding, ...]:
            return evaluate(view, self._metrics, self._config, self._goals(view))

        result: tuple[Finding, ...] = self._get("findings", build)
        return result


@attrs.frozen(kw_only=True)
class Assessment:
    """The result of :func:`assess`; see the module documentation."""

    as_of: datetime
    """The moment assessed."""
    config: AssessmentConfig
    """The constants used."""
    index: float | None
    """The organisation's ownership index: the weighted mean of stakeholders' indices."""
    routes: Mapping[str, float | None]
    """The weighted means of the three routes and the share of owners."""
    dimensions: Mapping[str, Score]
    """Participation, dialogue, leadership, visibility, living strategy, adaptiveness and
    shared direction."""
    metrics: Mapping[str, Mapping[str, Any]]
    """Every metric's whole-process row: ``value``, ``reason`` and its evidence."""
    _later: _Later = attrs.field(repr=False, alias="later")
    _base: Base = attrs.field(repr=False, alias="base")
    _kind: str | None = attrs.field(default=None, repr=False, alias="kind")
    """The kind of frame to give back when the tables were computed on another (polars)."""

    @property
    def stakeholders(self) -> Any:
        """Routes and index per stakeholder in scope (a frame of the caller's kind).

        Like :attr:`units`, :attr:`goals` and :attr:`findings`, computed on first
        access from the reading of the tables :func:`assess` made, then kept.
        """
        return self._later.stakeholders

    @property
    def units(self) -> Any:
        """The metrics per unit, privacy applied (a frame of the caller's kind)."""
        return self._later.units

    @property
    def goals(self) -> Any:
        """The metrics per goal, privacy applied (a frame of the caller's kind)."""
        return self._later.goals

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the numbers say to do, most severe first."""
        return self._later.findings

    def timeline(self, freq: str | None = None) -> Any:
        """The index, routes and dimensions at the end of every period up to :attr:`as_of`.

        One row per moment ``at``: the start of each period after the first
        recorded time (``freq``, by default the configuration's period), and
        :attr:`as_of` itself. Each row equals ``assess(source, as_of=at)`` (sums
        of decimals to float rounding): the points are computed on the same
        reading of the tables, and what grows from point to point (rows in
        scope, first times, running counts, decayed evidence, votes) is found
        once for all of them on polars and pandas tables.
        """
        period = self.config.period if freq is None else freq
        points = [end for _, end in self._base.periods(self.as_of, period)]
        rows: dict[str, list[Any]] = {"at": []}
        names = ["index", *self.routes, *DIMENSIONS]
        for name in names:
            rows[name] = []
        try:
            found = _points(self._base, points, self.as_of, self.config)
        finally:
            # what the points shared is of no use to another schedule: do not hold it
            self._base.forget_shared()
        itself = _Scores(self.index, dict(self.routes), dict(self.dimensions), {})
        for point in points:
            # the last point is this assessment itself
            scores = itself if point == self.as_of else found[point]
            rows["at"].append(point)
            rows["index"].append(scores.index)
            for route, value in scores.routes.items():
                rows[route].append(value)
            for dimension in DIMENSIONS:
                rows[dimension].append(scores.dimensions[dimension].value)
        schema: dict[str, Any] = {"at": nw.Datetime("us", "UTC")}
        schema.update({name: nw.Float64() for name in names})
        return _out(self._base, self._base.literal(rows, schema), kind=self._kind)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain, JSON-safe data (frames as lists of records)."""
        return {
            "as_of": self.as_of.isoformat(),
            "config": self.config.to_dict(),
            "index": _safe(self.index),
            "routes": {k: _safe(v) for k, v in self.routes.items()},
            "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
            "metrics": {
                name: {k: _safe(v) for k, v in row.items()} for name, row in self.metrics.items()
            },
            "stakeholders": _records(self.stakeholders),
            "units": _records(self.units),
            "goals": _records(self.goals),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_markdown(self, *, lang: str = "en") -> str:
        """A report in Markdown: the index, dimensions, units, findings and the config.

        ``lang`` is ``"en"`` (English, the default) or ``"sv"`` (Swedish).
        """
        from .report.markdown import render_markdown

        return render_markdown(self, lang=lang)

    def to_html(self, *, lang: str = "en") -> str:
        """A report as one self-contained HTML page, to send to a steering group.

        The index and its routes, a chart of the dimensions, a heatmap of
        ownership and participation per unit, the index over time, a
        power/interest grid of the stakeholders where those attributes exist,
        and the findings. Charts are inline SVG drawn with matplotlib (extra
        ``plot``); without it they are plain tables. Nothing is fetched from
        the network, and every text that came with the data is escaped.
        ``lang`` is ``"en"`` (English, the default) or ``"sv"`` (Swedish).
        """
        from .report.html import render_html

        return render_html(self, lang=lang)

    def _repr_html_(self) -> str:
        """The HTML report as a fragment for Jupyter (no ``<html>`` page around it)."""
        from .report.html import render_html

        return render_html(self, lang="en", fragment=True)


def _out(base: Base, frame: nw.LazyFrame[Any], *, kind: str | None) -> Any:
    """``frame`` as the caller's kind of frame: ``kind`` when the tables were computed on
    polars for a caller of another kind (pandas for a process), else the tables' own."""
    if kind == "pandas":
        return frame.collect().to_pandas()
    if kind == "pyarrow":
        return frame.collect().to_arrow()
    return base.out(frame)


def _records(frame: Any) -> list[dict[str, Any]]:
    native = nw.from_native(frame)
    eager = native.collect() if isinstance(native, nw.LazyFrame) else native
    return [{k: _safe(v) for k, v in row.items()} for row in eager.rows(named=True)]


@attrs.frozen
class _Scores:
    index: float | None
    routes: dict[str, float | None]
    dimensions: dict[str, Score]
    metrics: dict[str, dict[str, Any]]


def _row(frame: nw.LazyFrame[Any]) -> dict[str, Any]:
    rows = frame.collect().rows(named=True)
    assert len(rows) == 1, rows
    return {k: _safe(v) for k, v in rows[0].items()}


def _index_row(view: View, config: AssessmentConfig) -> dict[str, Any]:
    """The ownership index's row of the whole at the view's moment; at a point of a
    timeline's schedule, from the rows found for all its points at once where decay is
    factored (:func:`ownership.metrics.ownership._index_points`)."""
    options = _route_options(config)
    if view.scheduled:
        key = ("rows", ("ownership_index", view.schedule))
        rows = view.base.shared_value(key, lambda: routes_module._index_points(view, **options))
        if rows is not None:
            assert view.point is not None
            return dict(rows[view.point])
    return _row(routes_module._index(view, None, **options))


def _evaluate(
    base: Base, view: View, config: AssessmentConfig, *, all_evidence: bool = True
) -> _Scores:
    """Every whole-process metric at the view's moment, and the scores built from them.

    Without ``all_evidence``, the metrics that are evidence and no component (latency)
    are left out: a timeline's rows show the index, the routes and the dimensions only.
    """
    # the index first: at a timeline's first point, its pass over who took part in what
    # also counts what involvement reads (:meth:`Base.offer`)
    org = _index_row(view, config)
    specs = [s for s in _specs(config) if s.scored or all_evidence]
    metrics = {spec.name: spec.row(view) for spec in specs}
    metrics["ownership_index"] = org
    dimensions = {}
    for dimension in DIMENSIONS:
        chosen = [s for s in specs if s.dimension == dimension]
        components = {s.name: metrics[s.name]["value"] for s in chosen if s.scored}
        evidence: dict[str, Any] = {}
        for s in chosen:
            for key, value in metrics[s.name].items():
                if key not in ("value", "reason"):
                    evidence[f"{s.name}.{key}"] = value
            if not s.scored:
                evidence[f"{s.name}.value"] = metrics[s.name]["value"]
        defined = {k: v for k, v in components.items() if v is not None}
        value = sum(defined.values()) / len(defined) if defined else None
        parts = [f"{k} {v:.2f}" for k, v in defined.items()]
        missing = [
            f"{k} undefined ({metrics[k]['reason']})" for k, v in components.items() if v is None
        ]
        text = (
            f"mean of {len(defined)} component{'s' if len(defined) != 1 else ''}: "
            + ", ".join(parts)
            if defined
            else "no component is defined"
        )
        if missing:
            text += "; " + "; ".join(missing)
        dimensions[dimension] = Score(
            value=value, components=components, evidence=evidence, explanation=text
        )
    routes = {
        "control": org.get("control"),
        "knowing": org.get("knowing"),
        "investment": org.get("investment"),
        "owner_share": org.get("owner_share"),
    }
    return _Scores(org["value"], routes, dimensions, metrics)


_THREADS: Final = min(8, 3 * (os.cpu_count() or 1))
"""How many points of a timeline on polars tables are computed at once (after the first).

A point's queries are short: with one point per core, the cores wait while points write
their next queries; three per core keep them busy (measured on two cores)."""


def _points(
    base: Base, points: Sequence[datetime], skip: datetime, config: AssessmentConfig
) -> dict[datetime, _Scores]:
    """The scores at each point of the schedule ``points`` but ``skip``.

    The first point builds what the points share (:meth:`Base.shared`); on polars
    tables in memory the others are then computed :data:`_THREADS` at a time: polars
    works outside Python's lock, so one point's queries run while another's are
    written, and what a later point still has to build for all, one thread builds
    while the others wait. Other backends compute the points one after another.
    """
    todo = [point for point in points if point != skip]

    def one(point: datetime) -> _Scores:
        return _evaluate(base, base.view(point, schedule=points), config, all_evidence=False)

    found = {point: one(point) for point in todo[:1]}
    rest = todo[1:]
    if base.eager and base.implementation.is_polars() and len(rest) > 1:
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            found.update(zip(rest, pool.map(one, rest), strict=True))
    else:
        found.update((point, one(point)) for point in rest)
    return found


def _grouped(view: View, config: AssessmentConfig, by: str) -> nw.LazyFrame[Any]:
    """Every metric that makes sense per ``by`` group, one column each, privacy applied."""
    frame: nw.LazyFrame[Any] | None = None
    parts = [(s.name, s.compute) for s in _specs(config) if by in s.groups]
    index = partial(routes_module._index, **_route_options(config))
    parts.append(("ownership_index", index))
    for name, compute in parts:
        result = compute(view, by).select(by, "size", "suppressed", nw.col("value").alias(name))
        joined = None if frame is None else frame.join(result.select(by, name), on=by, how="left")
        frame = result if joined is None else joined
    assert frame is not None
    return frame.sort(by)


def assess(
    source: StrategyProcess | Tables[Any] | Mapping[str, Any],
    *,
    as_of: datetime | None = None,
    config: AssessmentConfig | None = None,
) -> Assessment:
    """Assess ``source`` (a process or its tables) at ``as_of`` (default: its last record).

    Frames of the result are of the tables' kind (pandas for a process). pandas and
    pyarrow tables are computed on polars when it is installed, with the same numbers.
    """
    checked: object = config  # run-time callers may pass anything
    given: object = source
    if checked is None:
        config = AssessmentConfig()
    elif not isinstance(checked, AssessmentConfig):
        name = type(checked).__name__
        raise ValidationError([Problem("config", f"must be an AssessmentConfig, not {name}")])
    else:
        config = checked
    options: dict[str, Any] = {
        "internal_only": config.internal_only,
        "min_group": config.min_group,
        "min_count": config.min_count,
    }
    kind: str | None = None
    if isinstance(given, StrategyProcess):
        # a process has no frames of its own: compute on polars when it is installed
        # (several times faster on small tables) and give pandas frames back
        try:
            import polars  # noqa: F401
        except ImportError:
            base = Base(to_tables(given), METRIC_COLUMNS, **options)
        else:
            base = Base(to_tables(given, backend="polars"), METRIC_COLUMNS, **options)
            kind = "pandas"
    elif isinstance(given, Mapping):
        base, kind = _read(given, options)
    else:
        message = f"must be a StrategyProcess or its tables, not {type(given).__name__}"
        raise ValidationError([Problem("source", message)])
    moment = _counting._moment(as_of)
    view = base.view(moment)
    scores = _evaluate(base, view, config)
    return Assessment(
        as_of=view.t,
        config=config,
        index=scores.index,
        routes=scores.routes,
        dimensions=scores.dimensions,
        metrics=scores.metrics,
        later=_Later(view, config, scores, kind=kind),
        base=base,
        kind=kind,
    )


_ON_POLARS: Final = ("pandas", "pyarrow")
"""The kinds of tables :func:`assess` computes on polars when polars is installed."""

_COMPUTE_ON_POLARS = True
"""Whether :func:`assess` computes pandas and pyarrow tables on polars (tests turn it off to
check the metrics on the tables' own backend)."""


def _read(tables: Mapping[str, Any], options: Mapping[str, Any]) -> tuple[Base, str | None]:
    """The tables as :func:`assess` computes them, and the kind of frame to give back.

    pandas and pyarrow tables are checked as given (names and dtypes, so that every problem
    speaks of the caller's frames), then computed on polars when it is installed: the same
    numbers, several times sooner (the tables are converted once, 0.58 s for 16 million
    rows of pandas), with frames of the caller's kind back. Anything polars
    cannot take as it is (a column of objects it cannot type, say) is computed as given.
    """
    base = Base(tables, METRIC_COLUMNS, **options)
    impl = base.implementation
    on = "pandas" if impl.is_pandas() else "pyarrow" if impl.is_pyarrow() else None
    if not _COMPUTE_ON_POLARS or not base.eager or on not in _ON_POLARS:
        return base, None
    try:
        import polars  # noqa: F401
    except ImportError:
        return base, None
    try:
        converted = {name: _to_polars(base.table(name), name, base.zone) for name in base.names}
        return Base(converted, METRIC_COLUMNS, **options), on
    except Exception:  # computed as given, where any problem is reported as usual
        return base, None


def _to_polars(frame: nw.LazyFrame[Any], name: str, zone: str) -> Any:
    """``frame`` as a polars frame that the metrics read as they read the frame itself.

    pandas and pyarrow mix what polars keeps apart, so each column is made what the metrics
    expect: times in microseconds in ``zone`` (the zone of the events' starts, which the
    metrics count periods in; the instants stay the same), categories as text, and a
    column polars could not type from its values (objects, or nothing but nulls read as
    text) of the schema's dtype.
    """
    polars_frame = nw.from_native(frame.collect().to_polars(), eager_only=True)
    schema, rows = polars_frame.schema, len(polars_frame)
    nulls = polars_frame.null_count().rows(named=True)[0]
    when = nw.Datetime("us", zone)
    fixes = []
    for column in TABLES[name].columns:
        dtype = schema.get(column.name)
        if dtype is None:
            continue
        target = when if column.kind is ColumnKind.DATETIME else _DTYPES[column.kind]
        if isinstance(dtype, nw.Datetime) and dtype.time_zone is not None:
            if dtype != when:
                converted = nw.col(column.name).dt.convert_time_zone(zone)
                fixes.append(converted.cast(when))
        elif isinstance(dtype, nw.Categorical | nw.Enum):
            fixes.append(nw.col(column.name).cast(nw.String()))
        elif isinstance(dtype, nw.Unknown | nw.Object) or (
            isinstance(dtype, nw.String)
            and column.kind is not ColumnKind.STRING
            and nulls[column.name] == rows
        ):
            fixes.append(nw.col(column.name).cast(target))
    return (polars_frame.with_columns(*fixes) if fixes else polars_frame).to_native()
