"""``assess``: the assessment of a whole process, its config, timeline and findings."""

from __future__ import annotations

import importlib
import json
import math
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metric_support import as_pandas, tables_in
from ownership import AssessmentConfig, StrategyProcess, ValidationError, assess
from ownership.assess import DIMENSIONS, Assessment
from ownership.data import demo
from ownership.findings import RULES, Finding
from ownership.strategies import processes
from ownership.synth import generate
from ownership.tables import Tables, to_tables

ASSESS = importlib.import_module("ownership.assess")


def on_backend(
    process: StrategyProcess | Tables[Any], backend: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, str]:
    """The tables in ``backend`` and the kind of frame assess gives back. ``"pandas-native"``
    and ``"pyarrow-native"`` keep assess on the tables' own backend instead of polars, so
    that the metrics' pandas and pyarrow paths are tested through assess too."""
    kind = backend.removesuffix("-native")
    if kind != backend:
        monkeypatch.setattr(ASSESS, "_COMPUTE_ON_POLARS", False)
    return tables_in(process, kind), kind


HEALTHY: dict[str, Any] = {
    "responsiveness": 1.0,
    "uptake": 0.5,
    "one_way_share": 0.3,
    "early_involvement": 1.0,
    "reporting": 1.0,
    "delivery": 1.0,
    "silo_units": 0,
    "unheard_units": 0,
}


@pytest.fixture(scope="module")
def demo_assessment() -> Assessment:
    return assess(demo())


def numbers(result: Assessment) -> dict[str, float | None]:
    """The index, routes and dimension values of an assessment, by name."""
    out: dict[str, float | None] = {"index": result.index}
    out.update(result.routes)
    out.update({name: score.value for name, score in result.dimensions.items()})
    return out


def close(a: float | None, b: float | None, tolerance: float = 1e-12) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=tolerance)


def timeline_rows_equal_assess(tables: Any, backend: str) -> list[Assessment]:
    """Check every row of the tables' monthly timeline but its last (the assessment itself)
    against ``assess`` at the row's moment; the direct assessments, in order."""
    line = as_pandas(assess(tables).timeline(), backend)
    direct = []
    for i in range(len(line) - 1):
        at = line["at"].iloc[i].to_pydatetime()
        result = assess(tables, as_of=at)
        for name, value in numbers(result).items():
            cell = line[name].iloc[i]
            assert close(None if pd.isna(cell) else float(cell), value), (at, name)
        direct.append(result)
    return direct


# ---------------------------------------------------------------------------
# the demo's planted problems are found


def by_code(result: Assessment) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in result.findings:
        found.setdefault(finding.code, []).append(finding)
    return found


def test_demo_unit_never_consulted(demo_assessment: Assessment) -> None:
    (finding,) = by_code(demo_assessment)["unit-never-consulted"]
    assert finding.subjects["units"] == ("kultur-fritid",)
    assert finding.severity == "high"


PLANTED_UNANSWERED = {"c015", "c021", "c027", "c040", "c048", "c056", "c064"}
"""The demo's unanswered concerns on valfardsteknik-mobil by its own staff; c025 is the
union's (an external unit), in scope only with ``internal_only=False``."""


def test_demo_unanswered_concerns_on_mobile_care(demo_assessment: Assessment) -> None:
    (finding,) = by_code(demo_assessment)["unanswered"]
    assert set(finding.subjects["contributions"]) >= PLANTED_UNANSWERED
    assert "c025" not in finding.subjects["contributions"]
    assert finding.evidence["unanswered"] == len(finding.subjects["contributions"])


def test_demo_external_voices_count_when_asked_to() -> None:
    result = assess(demo(), config=AssessmentConfig(internal_only=False))
    listed = set().union(*(set(f.subjects["contributions"]) for f in by_code(result)["unanswered"]))
    assert PLANTED_UNANSWERED | {"c025"} <= listed


def test_demo_results_not_shared(demo_assessment: Assessment) -> None:
    found = by_code(demo_assessment)
    (quiet,) = found["no-shared-results"]
    assert quiet.evidence["days"] >= 154
    assert quiet.evidence["from"] <= datetime(2025, 6, 19, 23, 59, tzinfo=UTC)
    assert quiet.evidence["until"] >= datetime(2025, 11, 20, tzinfo=UTC)
    (unreported,) = found["milestones-not-reported"]
    assert "ms-kontinuitet" in unreported.subjects["milestones"]


def test_demo_leaders_who_broadcast(demo_assessment: Assessment) -> None:
    (finding,) = by_code(demo_assessment)["leaders-broadcast"]
    assert finding.subjects["units"] == ("samhallsbyggnad",)
    assert set(finding.subjects["stakeholders"]) <= {
        "christer-wallgren",
        "louise-ahman",
        "stefan-hedberg",
    }
    assert finding.evidence == {
        "events": 8,
        "one_way": 7,
        "unit_name": "Samhällsbyggnadsförvaltningen",
    }


def test_findings_name_only_known_rules(demo_assessment: Assessment) -> None:
    assert demo_assessment.findings
    for finding in demo_assessment.findings:
        assert finding.code in RULES
        assert finding.recommendation
        json.dumps(finding.to_dict())
    ranks = [f.severity.rank for f in demo_assessment.findings]
    assert ranks == sorted(ranks)


def test_no_finding_on_a_healthy_process() -> None:
    tables = generate(stakeholders=400, units=6, months=18, seed=7, as_tables=True, **HEALTHY)
    result = assess(tables)
    assert [f.code for f in result.findings] == []


# ---------------------------------------------------------------------------
# the shape of an assessment


def test_dimensions_are_means_of_their_components(demo_assessment: Assessment) -> None:
    assert list(demo_assessment.dimensions) == list(DIMENSIONS)
    for score in demo_assessment.dimensions.values():
        defined = [v for v in score.components.values() if v is not None]
        if defined:
            assert score.value is not None
            assert score.value == pytest.approx(sum(defined) / len(defined), abs=1e-15)
            assert 0 <= score.value <= 1
        else:
            assert score.value is None
        assert score.explanation


def test_to_dict_is_json(demo_assessment: Assessment) -> None:
    data = demo_assessment.to_dict()
    text = json.dumps(data)
    again = json.loads(text)
    assert again["index"] == pytest.approx(demo_assessment.index)
    assert again["config"] == AssessmentConfig().to_dict()
    assert len(again["stakeholders"]) == len(demo_assessment.stakeholders)
    assert set(again["dimensions"]) == set(DIMENSIONS)


def test_markdown_report(demo_assessment: Assessment) -> None:
    text = demo_assessment.to_markdown()
    assert text.startswith("# Ownership assessment")
    for finding in demo_assessment.findings:
        assert finding.code in text
    assert "sla_days" in text  # the config is printed with the result


def test_units_frame_is_private(demo_assessment: Assessment) -> None:
    units = demo_assessment.units
    published = units[~units["suppressed"]]
    assert (published["size"] >= 5).all()
    hidden = units[units["suppressed"]]
    assert hidden["ownership_index"].isna().all()


def test_stakeholders_frame_has_routes(demo_assessment: Assessment) -> None:
    people = demo_assessment.stakeholders
    for column in ("control", "knowing", "investment", "index"):
        assert people[column].between(0, 1).all()


# ---------------------------------------------------------------------------
# config


def test_config_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as error:
        AssessmentConfig(
            sla_days=0,
            period="fortnightly",
            route_weights={"control": 1.0},
            mean="harmonic",  # type: ignore[arg-type]
        )
    paths = [p.path for p in error.value.problems]
    assert paths == ["config.period", "config.sla_days", "config.route_weights", "config.mean"]


def test_config_from_dict_refuses_unknown_settings() -> None:
    with pytest.raises(ValidationError, match=r"config.sla_day: unknown setting \(did you mean"):
        AssessmentConfig.from_dict({"sla_day": 10})


def test_config_changes_the_result() -> None:
    strict = assess(demo(), config=AssessmentConfig(sla_days=1))
    loose = assess(demo(), config=AssessmentConfig(sla_days=60))
    assert strict.metrics["responsiveness"]["value"] < loose.metrics["responsiveness"]["value"]


def test_bad_source_and_config() -> None:
    with pytest.raises(ValidationError, match="source: must be a StrategyProcess"):
        assess([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="config: must be an AssessmentConfig"):
        assess(demo(), config={"sla_days": 3})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# backends, order, timeline


@pytest.mark.parametrize("backend", ["polars", "pandas", "pandas-native", "pyarrow-native"])
def test_backends_agree(
    backend: str, demo_assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables, backend = on_backend(demo(), backend, monkeypatch)
    other = assess(tables)
    expected = numbers(demo_assessment)
    got = numbers(other)
    assert all(close(got[k], expected[k]) for k in expected), (got, expected)
    assert [f.to_dict() for f in other.findings] == [f.to_dict() for f in demo_assessment.findings]
    units = as_pandas(other.units, backend)
    pd.testing.assert_frame_equal(
        units.reset_index(drop=True), demo_assessment.units, check_dtype=False, atol=1e-12
    )


def test_timeline_rows_equal_assess_at_each_point(demo_assessment: Assessment) -> None:
    line = demo_assessment.timeline()
    assert line["at"].iloc[-1] == pd.Timestamp(demo_assessment.as_of)
    assert line["at"].is_monotonic_increasing
    for i in (len(line) // 2, len(line) - 1):
        row = line.iloc[i]
        at = row["at"].to_pydatetime()
        direct = numbers(assess(demo(), as_of=at))
        for name, value in direct.items():
            cell = row[name]
            assert close(None if pd.isna(cell) else float(cell), value), (at, name)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(process=processes(max_stakeholders=6, max_events=4), data=st.data())
def test_timeline_matches_assess_on_generated_processes(
    process: StrategyProcess, data: st.DataObject
) -> None:
    result = assess(process)
    line = result.timeline("YS")  # generated processes may span decades: yearly points
    if len(line) == 0:
        return
    i = data.draw(st.integers(0, len(line) - 1))
    at = line["at"].iloc[i].to_pydatetime()
    direct = numbers(assess(process, as_of=at))
    for name, value in direct.items():
        cell = line[name].iloc[i]
        assert close(None if pd.isna(cell) else float(cell), value), name


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
@pytest.mark.parametrize("freq", ["MS", "W-MON"])
def test_timeline_rows_equal_assess_for_each_period(
    backend: str, freq: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the points of a timeline share what they count per person: each row must still be
    # the assessment at its moment, for months and weeks
    process = generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11)
    tables, backend = on_backend(process, backend, monkeypatch)
    line = as_pandas(assess(tables).timeline(freq), backend)
    assert len(line) > 1
    for i in sorted({0, len(line) // 3, 2 * len(line) // 3, len(line) - 2}):
        at = line["at"].iloc[i].to_pydatetime()
        direct = numbers(assess(tables, as_of=at))
        for name, value in direct.items():
            cell = line[name].iloc[i]
            assert close(None if pd.isna(cell) else float(cell), value), (freq, at, name)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(max_stakeholders=6, max_events=4), seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(process: StrategyProcess, seed: int) -> None:
    tables = to_tables(process, backend="polars")
    shuffled = {
        name: frame.sample(fraction=1.0, shuffle=True, seed=seed) for name, frame in tables.items()
    }
    a, b = numbers(assess(tables)), numbers(assess(shuffled))
    assert all(close(a[k], b[k]) for k in a), (a, b)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(max_stakeholders=6, max_events=4))
def test_every_number_is_a_share_or_null(process: StrategyProcess) -> None:
    result = assess(process)
    for name, value in numbers(result).items():
        assert value is None or 0 <= value <= 1, name
    for name, row in result.metrics.items():
        got: Any = row["value"]
        if name == "latency":
            assert got is None or got >= 0
        else:
            assert got is None or 0 <= got <= 1, name
        assert (got is None) == (row["reason"] is not None), name


def test_as_of_before_anything_happened() -> None:
    start = demo().span
    assert start is not None
    result = assess(demo(), as_of=start[0] - timedelta(days=1))
    assert result.index is None or result.index == 0
    assert result.dimensions["dialogue"].value is None


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
@pytest.mark.parametrize("half_life", [180.0, 0.5])
def test_timeline_rows_equal_assess_with_events_running_across_points(
    backend: str, half_life: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every third event runs for 20 days, so it is still running at the first point after
    # its start and its hours grow from point to point; a half-life of half a day over
    # months is too short for the points to share decayed sums (each point sums its rows)
    process = generate(stakeholders=30, events_per_stakeholder=8, months=3, seed=5)
    events = [
        attrs.evolve(event, end=event.start + timedelta(days=20)) if i % 3 == 0 else event
        for i, event in enumerate(process.events)
    ]
    tables, backend = on_backend(attrs.evolve(process, events=events), backend, monkeypatch)
    config = AssessmentConfig(half_life_days=half_life)
    line = as_pandas(assess(tables, config=config).timeline(), backend)
    assert len(line) > 2
    for i in range(len(line) - 1):
        at = line["at"].iloc[i].to_pydatetime()
        direct = numbers(assess(tables, as_of=at, config=config))
        for name, value in direct.items():
            cell = line[name].iloc[i]
            assert close(None if pd.isna(cell) else float(cell), value), (at, name)


@pytest.mark.parametrize("backend", ["polars", "pandas-native", "pyarrow-native", "duckdb"])
def test_timeline_rows_equal_assess_when_votes_change_and_people_come_and_go(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every other vote is changed a month later (agree ↔ disagree, pass → agree) and a
    # third of the later ones twice, so a pair's latest vote differs from point to point;
    # every fourth person leaves seven weeks after the first event (or after joining) and
    # every seventh joins five weeks after it, so who is in scope, who counts as an author
    # or voter and who was reached change too;
    from ownership.model import Reaction

    process = generate(stakeholders=150, months=4, seed=5)
    begin = min(event.start for event in process.events)
    people = [
        attrs.evolve(person, left=max(begin, person.joined or begin) + timedelta(days=50))
        if i % 4 == 0
        else attrs.evolve(person, joined=begin + timedelta(days=35))
        if i % 7 == 0 and person.left is None
        else person
        for i, person in enumerate(process.stakeholders)
    ]
    process = attrs.evolve(process, stakeholders=people)
    flipped = {1: -1, 0: 1, -1: 1}
    later = [
        Reaction(
            contribution=r.contribution,
            stakeholder=r.stakeholder,
            at=r.at + timedelta(days=31 + 9 * (i % 3 == 0)),
            value=flipped[r.value],
        )
        for i, r in enumerate(process.reactions)
        if i % 2 == 0
    ]
    again = [
        attrs.evolve(r, at=r.at + timedelta(days=33), value=flipped[r.value]) for r in later[::3]
    ]
    assert later
    assert again
    # and an answered contribution in three is adopted five weeks later: what its author
    # earns on the control route grows from one point to a later one
    adopted = [
        attrs.evolve(r, id=f"{r.id}-adopted", at=r.at + timedelta(days=35), outcome="adopted")
        for r in process.responses
        if r.outcome == "answered"
    ][::3]
    assert adopted
    changed = attrs.evolve(
        process,
        reactions=[*process.reactions, *later, *again],
        responses=[*process.responses, *adopted],
    )
    tables, backend = on_backend(changed, backend, monkeypatch)
    direct = timeline_rows_equal_assess(tables, backend)
    shares = {numbers(result)["shared_direction"] for result in direct}
    assert len(shares - {None}) > 1  # the votes moved shared direction between points


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
def test_timeline_rows_equal_assess_when_revisions_cite_contributions_of_their_period(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a revision two days after each of some contributions, citing it: the revision and the
    # contribution it cites count from the same point; and one revision citing a
    # contribution made six weeks after it, which cites from that point on
    from ownership.model import Revision

    process = generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11)
    adoption = min(r.at for r in process.revisions)
    made = sorted(
        (c for c in process.contributions if c.at is not None and c.at > adoption),
        key=lambda c: (c.at, c.id),
    )
    assert len(made) > 6
    cited = made[::3]
    late = made[-1]
    assert late.at is not None
    revisions = [
        Revision(id=f"r-{c.id}", at=c.at + timedelta(days=2), title="", motivated_by=(c.id,))
        for c in cited
        if c.at is not None
    ]
    ahead = late.at - timedelta(days=42)
    revisions.append(Revision(id="r-ahead", at=ahead, title="", motivated_by=(late.id,)))
    # cites from its own point: one of the two it cites is made before it
    both = (late.id, cited[0].id)
    revisions.append(Revision(id="r-both", at=ahead, title="", motivated_by=both))
    changed = attrs.evolve(process, revisions=[*process.revisions, *revisions])
    tables, backend = on_backend(changed, backend, monkeypatch)
    direct = timeline_rows_equal_assess(tables, backend)
    uptakes = {result.metrics["revision_uptake"]["value"] for result in direct}
    assert len(uptakes - {None}) > 1  # revision uptake moved between points


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
def test_timeline_counts_votes_once_their_contribution_is_in_scope(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the authors of the contributions voted on in the first month join only in the third:
    # their contributions, and the votes on them, count from the third month's point on
    process = generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11)
    begin = min(event.start for event in process.events)
    made = {c.id: c.author for c in process.contributions}
    early = {made[r.contribution] for r in process.reactions if r.at < begin + timedelta(days=25)}
    assert early
    later = begin + timedelta(days=62)
    people = [
        attrs.evolve(person, joined=later) if person.id in early else person
        for person in process.stakeholders
    ]
    changed = attrs.evolve(process, stakeholders=people)
    tables, backend = on_backend(changed, backend, monkeypatch)
    direct = timeline_rows_equal_assess(tables, backend)
    # some contributions were voted on before the last point
    assert any(result.metrics["shared_direction"]["contributions"] for result in direct)


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
def test_timeline_rows_equal_assess_with_two_way_events_addressed_to_units(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # events addressed to units at consult and at involve (a survey, a town hall): what
    # reached people as audience counts as two-way from the events' points on
    from ownership.model import Level

    process = generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11)
    addressed = [e.id for e in process.events if e.audiences]
    assert len(addressed) > 3
    levels = {e: [Level.CONSULT, Level.INVOLVE, None][i % 3] for i, e in enumerate(addressed)}
    # and in every other addressed event, a member of its first audience unit takes part
    from ownership.model import Participation

    members: dict[str, list[str]] = {}
    for person in process.stakeholders:
        members.setdefault(person.unit, []).append(person.id)
    events = []
    for i, event in enumerate(process.events):
        there = members.get(event.audiences[0], []) if event.audiences else []
        present = {p.stakeholder for p in event.participations}
        joining = [s for s in there if s not in present][:1] if i % 2 == 0 else []
        taking = [*event.participations, *(Participation(stakeholder=s) for s in joining)]
        level = levels.get(event.id) or event.level
        events.append(attrs.evolve(event, level=level, participations=taking))
    changed = attrs.evolve(process, events=events)
    tables, backend = on_backend(changed, backend, monkeypatch)
    assert timeline_rows_equal_assess(tables, backend)
    assert assess(tables).metrics["two_way_share"]["value"] is not None
    # people took part in events addressed to their units: what the index subtracts for
    # events both taken part in and heard is found at each point of the rows found at once
    base = assess(tables)._base
    schedule = [end for _, end in base.periods(base.end, "MS")]
    overlap = base.view(schedule[-1], schedule=schedule).overlap_by_point()
    assert overlap.select(nw.len()).collect().item() > 0
    assert rows_at_points_equal_each_points_own(tables, ["MS"]) > 0


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
def test_timeline_points_at_once_equal_points_one_by_one(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # on polars the points after the first are computed in threads, what they share built
    # by one of them while the others wait; each point's row is the same as one by one (to
    # float rounding), and other backends keep to the calling thread
    process = generate(stakeholders=40, events_per_stakeholder=8, months=4, seed=3)
    tables, backend = on_backend(process, backend, monkeypatch)
    threads: dict[datetime, str] = {}
    evaluate = ASSESS._evaluate

    def spy(base: Any, view: Any, config: AssessmentConfig, **options: Any) -> Any:
        threads[view.t] = threading.current_thread().name
        return evaluate(base, view, config, **options)

    monkeypatch.setattr(ASSESS, "_evaluate", spy)
    monkeypatch.setattr(ASSESS, "_THREADS", 1)
    one_by_one = as_pandas(assess(tables).timeline("W-MON"), backend)
    monkeypatch.setattr(ASSESS, "_THREADS", 4)
    threads.clear()
    at_once = as_pandas(assess(tables).timeline("W-MON"), backend)
    assert len(at_once) > 10
    # polars may sum a frame's rows in another order when two queries share its threads
    pd.testing.assert_frame_equal(at_once, one_by_one, check_exact=False, rtol=0, atol=1e-12)
    main = threading.main_thread().name
    # the first point builds what the points share; the last is the assessment itself
    first, *between, last = sorted(threads)
    assert threads[first] == threads[last] == main
    away = {threads[t] for t in between}
    assert (main not in away) if backend == "polars" else (away == {main}), threads


def rows_at_points_equal_each_points_own(tables: Any, freqs: Sequence[str]) -> int:
    """Check, at every point of the tables' schedules of periods ``freqs``, that the rows the
    index and the metrics with a path for all points (``_Spec.at_points``) find equal,
    column for column, the row each point's own query gives; the number of rows checked."""
    config = AssessmentConfig()
    base = assess(tables)._base
    chosen = [spec for spec in ASSESS._specs(config) if spec.at_points is not None]
    assert len(chosen) == 13
    checked = 0
    for freq in freqs:
        schedule = [end for _, end in base.periods(base.end, freq)]
        for point in schedule:
            view = base.view(point, schedule=schedule)
            assert view.scheduled
            options = ASSESS._route_options(config)
            pairs = [
                (
                    "index",
                    ASSESS._row(ASSESS.routes_module._index(view, None, **options)),
                    ASSESS._index_row(view, config),
                ),
                *((s.name, ASSESS._row(s.compute(view, None)), s.row(view)) for s in chosen),
            ]
            for name, own, found in pairs:
                assert found.keys() == own.keys(), name
                for column, value in own.items():
                    assert (
                        close(found[column], value)
                        if isinstance(value, float)
                        else (found[column] == value)
                    ), (freq, point, name, column, found[column], value)
                checked += 1
        base.forget_shared()
    return checked


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
def test_rows_at_all_points_equal_each_points_own(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the index, participation's seven metrics and six of dialogue's are found for every
    # point of a timeline at once, from arrays of the people in scope at some point and of
    # the questions' and ideas' points; each point's row must be the one its own queries
    # give, evidence and reason included. People join and leave between points, a unit
    # empties, the salient people take part before and after adoption, and the first month
    # has no revision yet
    process = generate(stakeholders=60, events_per_stakeholder=6, months=4, seed=7)
    begin = min(event.start for event in process.events)
    emptied = process.stakeholders[0].unit
    people = [
        attrs.evolve(person, left=begin + timedelta(days=40))
        if person.unit == emptied or i % 5 == 0
        else attrs.evolve(person, joined=begin + timedelta(days=50), power=0.9, urgency=0.8)
        if i % 3 == 0
        else person
        for i, person in enumerate(process.stakeholders)
    ]
    revisions = [
        attrs.evolve(r, at=max(r.at, begin + timedelta(days=35))) for r in process.revisions
    ]
    changed = attrs.evolve(process, stakeholders=people, revisions=revisions)
    tables, _ = on_backend(changed, backend, monkeypatch)
    assert rows_at_points_equal_each_points_own(tables, ["MS", "W-MON"]) > 13 * 20


@pytest.mark.parametrize("backend", ["polars", "pandas-native"])
def test_continuity_at_all_points_counts_a_period_once_its_person_joined(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # adopted in January; Ann took part in a workshop on 10 February but joined only on
    # 20 March, and nobody else took part: February is no active period at the point of
    # 1 March (Ann is not in scope), and is one from 1 April on (she is)
    from ownership import Event, Participation, Revision, Stakeholder, Unit

    def at(month: int, day: int) -> datetime:
        return datetime(2025, month, day, tzinfo=UTC)

    process = StrategyProcess(
        units=[Unit(id="it", name="IT")],
        stakeholders=[
            Stakeholder(id="ann", name="Ann", unit="it", joined=at(3, 20)),
            Stakeholder(id="bo", name="Bo", unit="it"),
        ],
        revisions=[Revision(id="v1", at=at(1, 15), title="v1")],
        events=[
            Event(
                id="w",
                kind="workshop",
                title="Workshop",
                start=at(2, 10),
                participations=[Participation(stakeholder="ann")],
            ),
            Event(id="n", kind="newsletter", title="News", start=at(4, 20)),
        ],
    )
    tables, _ = on_backend(process, backend, monkeypatch)
    base = assess(tables)._base
    schedule = [end for _, end in base.periods(base.end, "MS")]
    assert schedule[:3] == [at(2, 1), at(3, 1), at(4, 1)]
    (spec,) = [s for s in ASSESS._specs(AssessmentConfig()) if s.name == "continuity"]
    found = [spec.row(base.view(point, schedule=schedule)) for point in schedule]
    assert [row["active_periods"] for row in found] == [0, 0, 1, 1]
    assert [row["periods"] for row in found] == [2, 3, 4, 4]
    assert rows_at_points_equal_each_points_own(tables, ["MS", "W-MON"]) > 13 * 4


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(process=processes(max_stakeholders=6, max_events=4))
def test_rows_at_all_points_equal_each_points_own_on_generated_processes(
    process: StrategyProcess,
) -> None:
    tables = to_tables(process, backend="polars")
    if not ASSESS.Base(tables, ASSESS.METRIC_COLUMNS).first:
        return
    # generated processes may span decades: yearly points
    rows_at_points_equal_each_points_own(tables, ["YS"])


@pytest.mark.parametrize("backend", ["polars", "pandas"])
def test_the_point_of_a_time_on_a_long_schedule(backend: str) -> None:
    # the first moment of a schedule at or after a time, for 2,000 weekly moments (a chain of
    # a test per moment nested too deep to build beyond about 300): the same as a binary
    # search, for times before, on, between and after the moments, and missing
    import numpy as np

    start = datetime(2000, 1, 3, tzinfo=UTC)
    schedule = [start + timedelta(weeks=i) for i in range(2_000)]
    times: list[datetime | None] = [
        start - timedelta(days=3),
        start,
        schedule[1] + timedelta(microseconds=1),
        schedule[777],
        schedule[1_500] - timedelta(hours=5),
        schedule[-1],
        schedule[-1] + timedelta(days=1),
        None,
    ]
    frame = pl.DataFrame({"at": times}, schema={"at": pl.Datetime("us", "UTC")})
    native = frame.to_pandas() if backend == "pandas" else frame
    base = assess(generate(stakeholders=6, events_per_stakeholder=2, months=1, seed=1))._base
    found = (
        nw.from_native(native)
        .lazy()
        .select(base.point_of("at", schedule).alias("p"))
        .collect()
        .get_column("p")
        .to_list()
    )
    moments = np.array([m.timestamp() for m in schedule])
    expected = [
        len(schedule) if t is None else int(np.searchsorted(moments, t.timestamp())) for t in times
    ]
    assert found == expected
    assert expected[:3] == [0, 0, 2]
    assert expected[-2:] == [2_000, 2_000]


def test_a_weekly_timeline_of_two_years_equals_assess() -> None:
    # over 64 points, a row's first point is found by halving the schedule: the rows still
    # equal assess at their moments
    tables = to_tables(generate(stakeholders=12, events_per_stakeholder=3, months=24, seed=2))
    line = assess(tables).timeline("W-MON")
    assert len(line) > 64
    for i in (0, len(line) // 2, len(line) - 2):
        at = line["at"].iloc[i].to_pydatetime()
        direct = numbers(assess(tables, as_of=at))
        for name, value in direct.items():
            cell = line[name].iloc[i]
            assert close(None if pd.isna(cell) else float(cell), value), (at, name)


def test_timeline_lets_go_of_what_its_points_shared() -> None:
    # what a schedule's points share (about 1 GB at 100k stakeholders) is not held by the
    # assessment once the timeline is made, and a second timeline is the same
    tables = to_tables(generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11))
    result = assess(tables)
    first = result.timeline()
    assert not result._base._shared
    second = result.timeline()
    pd.testing.assert_frame_equal(first, second, check_exact=False, rtol=0, atol=1e-12)


def test_frames_and_findings_are_computed_when_first_read() -> None:
    # assess scores; the frames and findings wait until read, come from the same moment
    # and reading (a timeline in between changes nothing), and the view is let go after
    process = generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11)
    tables = to_tables(process)
    result = assess(tables, as_of=datetime(2025, 2, 15, tzinfo=UTC))
    later: Any = result._later
    assert later._kept == {}
    result.timeline()
    at_once = assess(tables, as_of=datetime(2025, 2, 15, tzinfo=UTC))
    expected = (at_once.stakeholders, at_once.units, at_once.goals, at_once.findings)
    assert later._view is not None
    pd.testing.assert_frame_equal(result.goals, expected[2])
    pd.testing.assert_frame_equal(result.units, expected[1])
    assert result.findings == expected[3]
    assert later._view is not None  # the stakeholders are still to come
    pd.testing.assert_frame_equal(result.stakeholders, expected[0])
    assert later._view is None
    assert set(later._kept) == {"stakeholders", "units", "goals", "findings"}
    assert result.goals is result.goals


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "duckdb"])
def test_events_that_end_before_they_start_are_refused(backend: str) -> None:
    # tables reach assess and the metrics without from_tables: an event ending before it
    # starts would take part for negative hours, so each one is named instead
    from ownership.metrics.participation import reach

    events = to_tables(demo(), backend="polars")["events"]
    first, second = sorted(events["id"].to_list())[:2]
    backwards = events.with_columns(
        end=pl.when(pl.col("id").is_in([first, second]))
        .then(pl.col("start") - timedelta(hours=1))
        .otherwise(pl.col("end"))
    )
    polars_tables = dict(to_tables(demo(), backend="polars"))
    polars_tables["events"] = backwards
    tables = tables_in(Tables(polars_tables), backend)
    for run in (lambda: assess(tables), lambda: reach(tables)):
        with pytest.raises(ValidationError) as raised:
            run()
        problems = raised.value.problems
        assert [p.path for p in problems] == [
            f"events[id={first!r}].end",
            f"events[id={second!r}].end",
        ]
        assert all("before it starts" in p.message for p in problems)


@pytest.mark.parametrize("backend", ["pandas", "pyarrow"])
def test_pandas_and_pyarrow_tables_are_computed_on_polars(
    backend: str, demo_assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the same numbers as on the tables' own backend, with frames of their kind back; and
    # tables polars cannot take as they are are computed as given
    tables = tables_in(demo(), backend)
    fast = assess(tables)
    assert fast._base.implementation is nw.Implementation.POLARS
    assert fast._kind == backend
    for frame in (fast.stakeholders, fast.units, fast.goals, fast.timeline()):
        as_pandas(frame, backend)  # of the caller's kind
    monkeypatch.setattr(ASSESS, "_COMPUTE_ON_POLARS", False)
    native = assess(tables)
    assert native._base.implementation is not nw.Implementation.POLARS
    assert native._kind is None
    expected = numbers(native)
    assert all(close(numbers(fast)[k], expected[k]) for k in expected)
    pd.testing.assert_frame_equal(
        as_pandas(fast.units, backend), as_pandas(native.units, backend), check_dtype=False
    )
    monkeypatch.setattr(ASSESS, "_COMPUTE_ON_POLARS", True)

    def refuse(frame: Any, name: str) -> Any:
        raise TypeError("polars cannot take this column")

    monkeypatch.setattr(ASSESS, "_to_polars", refuse)
    given = assess(tables)
    assert given._kind is None
    assert numbers(given) == expected


def on_polars_as_on_pandas(
    tables: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[Assessment, Assessment]:
    """``tables`` (pandas) assessed on polars and on pandas itself, after checking that the
    first ran on polars and that both give the same numbers."""
    result = assess(tables)
    assert result._kind == "pandas"
    monkeypatch.setattr(ASSESS, "_COMPUTE_ON_POLARS", False)
    native = assess(tables)
    monkeypatch.setattr(ASSESS, "_COMPUTE_ON_POLARS", True)
    expected, got = numbers(native), numbers(result)
    assert all(close(got[k], expected[k]) for k in expected), (got, expected)
    return result, native


def test_a_pandas_column_polars_cannot_type_gets_the_schemas_dtype(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a pandas date column of objects holding only nulls has no polars type of its own: it
    # gets the schema's (date), and the numbers are those computed on pandas itself
    tables = dict(to_tables(demo()))
    tables["milestones"] = tables["milestones"].assign(
        due=pd.Series([None] * len(tables["milestones"]), dtype=object)
    )
    converted = ASSESS._to_polars(nw.from_native(tables["milestones"]).lazy(), "milestones", "UTC")
    assert converted.schema["due"] == pl.Date
    on_polars_as_on_pandas(tables, monkeypatch)


@pytest.mark.parametrize("backend", ["polars", "pandas-native", "duckdb"])
def test_a_person_listed_twice_for_an_event_takes_part_once(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tables reach assess unchecked: a participation listed twice counts once, and a person
    # listed as participant and as facilitator of one event facilitated it
    tables = dict(to_tables(demo(), backend="polars"))
    rows = tables["participations"]
    taking_part = rows.filter(pl.col("role") == "participant")
    again = taking_part.head(5)
    facilitated = taking_part.slice(5, 3)
    promoted = facilitated.with_columns(role=pl.lit("facilitator"))
    tables["participations"] = pl.concat([rows, again, promoted])
    expected_tables = dict(tables)
    expected_tables["participations"] = pl.concat(
        [
            rows.join(facilitated, on=["event", "stakeholder", "role"], how="anti"),
            promoted,
        ]
    )
    assert len(expected_tables["participations"]) == len(rows)
    given, _ = on_backend(Tables(tables), backend, monkeypatch)
    expected = numbers(assess(Tables(expected_tables)))
    got = numbers(assess(given))
    assert all(close(got[k], expected[k]) for k in expected), (got, expected)
    assert got != numbers(assess(Tables({**tables, "participations": rows})))


def test_pairs_listed_once_are_shown_so_by_their_hashes() -> None:
    from ownership.metrics._base import METRIC_COLUMNS, Base

    tables = dict(to_tables(demo(), backend="polars"))
    rows = nw.from_native(tables["participations"]).lazy()
    base = Base(Tables(tables), METRIC_COLUMNS)
    assert base._no_pair_twice(rows)
    assert not base._no_pair_twice(nw.concat([rows, rows.head(1)]))
    assert not Base(tables_in(demo(), "pandas"), METRIC_COLUMNS)._no_pair_twice(rows)


@pytest.mark.parametrize("backend", ["polars", "pandas"])
def test_running_sums_by_hand(backend: str) -> None:
    from ownership.metrics._base import METRIC_COLUMNS, Base

    base = Base(tables_in(demo(), backend), METRIC_COLUMNS)
    # a gains 2 at point 0 and 3 at point 2 (listed twice there: 1 + 2); b gains 0.5 at
    # point 1; a missing value gains 0; a row with no key and a row past the last point
    # count nowhere. Sums over
    # points 0, 1, 2: a 2, 2, 5 (top 4 from point 0, though 1 comes later); b 0, 0.5, 0.5
    gains = base.literal(
        {
            "stakeholder": ["a", "a", "a", "b", None, "b"],
            "_point": [0, 2, 2, 1, 0, 3],
            "n": [2, 1, 2, 0, 7, 9],
            "x": [0.0, 0.25, None, 0.5, 1.0, 1.0],
            "top": [4, 1, 0, 2, 3, 4],
        },
        {
            "stakeholder": nw.String(),
            "_point": nw.Int64(),
            "n": nw.Int64(),
            "x": nw.Float64(),
            "top": nw.Int64(),
        },
    )
    running = base.running(gains.lazy(), "stakeholder", ["n", "x"], 3, maxima=["top"])
    found = {
        point: sorted(running.at(point).collect().rows(named=True), key=lambda r: r["stakeholder"])
        for point in range(3)
    }
    assert found[0] == [
        {"stakeholder": "a", "n": 2, "x": 0.0, "top": 4},
        {"stakeholder": "b", "n": 0, "x": 0.0, "top": 0},
    ]
    assert found[1] == [
        {"stakeholder": "a", "n": 2, "x": 0.0, "top": 4},
        {"stakeholder": "b", "n": 0, "x": 0.5, "top": 2},
    ]
    assert found[2] == [
        {"stakeholder": "a", "n": 5, "x": 0.25, "top": 4},
        {"stakeholder": "b", "n": 0, "x": 0.5, "top": 2},
    ]
    schema = running.at(0).collect_schema()
    assert (schema["n"], schema["x"], schema["top"]) == (nw.Int64(), nw.Float64(), nw.Int64())
    with pytest.raises(AssertionError):
        running.at(3)


@pytest.mark.parametrize("backend", ["polars", "pandas"])
def test_involvement_offered_by_the_index_pass_equals_its_own(backend: str) -> None:
    # a timeline's index finds involvement's counts per person and point, and their running
    # sums, in its own pass over who took part in what: the same rows as involvement finds
    # alone, per point and at each point
    from ownership.assess import _route_options
    from ownership.metrics._base import METRIC_COLUMNS, Base
    from ownership.metrics.ownership import _settled_by_point

    tables = to_tables(
        generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11), backend=backend
    )
    settings = _route_options(AssessmentConfig())["settings"]

    def involvement(offered: bool) -> list[pd.DataFrame]:
        base = Base(tables, METRIC_COLUMNS)
        points = [end for _, end in base.periods(base.end)]
        view = base.view(points[1], schedule=points)
        if offered:
            _settled_by_point(view, settings)
            assert base._shared[view.involvement_key] is not None
            assert base._shared[view.involvement_running_key] is not None
        frame = as_pandas(base.out(view._involvement_by_point()), backend)
        frames = [frame.sort_values(["stakeholder", "_point"]).reset_index(drop=True)]
        for point in points:
            at = as_pandas(base.out(base.view(point, schedule=points).involvement), backend)
            frames.append(at.sort_values("stakeholder").reset_index(drop=True))
        return frames

    alone, offered = involvement(offered=False), involvement(offered=True)
    assert len(alone[0]) > 40
    assert alone[-1]["events"].sum() > alone[1]["events"].sum() > 0
    for got, expected in zip(offered, alone, strict=True):
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("backend", ["polars", "pandas", "duckdb"])
def test_involvement_offered_by_the_index_at_a_moment_equals_its_own(backend: str) -> None:
    # at one moment, the index's pass over who took part in what also finds what each
    # person did: involvement reads the same frame as it finds alone
    from ownership.assess import _route_options
    from ownership.metrics._base import INVOLVED, METRIC_COLUMNS, Base
    from ownership.metrics.ownership import _attended, _reporting

    process = generate(stakeholders=40, events_per_stakeholder=8, months=3, seed=11)
    settings = _route_options(AssessmentConfig())["settings"]

    def involvement(offered: bool) -> pd.DataFrame:
        view = Base(tables_in(process, backend), METRIC_COLUMNS).view()
        if offered:
            _attended(view, settings, _reporting(view))
            assert view.is_cached(INVOLVED)
        frame = as_pandas(view.base.out(view.involvement), backend)
        return frame.sort_values("stakeholder").reset_index(drop=True)

    alone, offered = involvement(offered=False), involvement(offered=True)
    assert len(alone) > 30
    assert alone["events"].sum() > 0
    pd.testing.assert_frame_equal(offered, alone)


@pytest.mark.parametrize("backend", ["polars", "pandas", "pyarrow", "duckdb"])
def test_rows_among_keys_are_those_a_semi_join_keeps(
    backend: str, capfd: pytest.CaptureFixture[str]
) -> None:
    from ownership.metrics._base import METRIC_COLUMNS, Base

    base = Base(tables_in(demo(), backend), METRIC_COLUMNS)
    text = {"event": nw.String(), "n": nw.Int64()}
    rows = base.literal({"event": ["a", "b", None, "c", "a"], "n": [1, 2, 3, 4, 5]}, text)
    keys = base.literal({"event": ["a", None, "c", "x"], "n": [0, 0, 0, 0]}, text)
    found = base.among(rows, "event", keys.select("event")).select("n").collect()
    assert sorted(found["n"].to_list()) == [1, 4, 5]  # a missing value is one of none
    # polars prints (not warns) that testing against a column of the same type is deprecated
    assert "deprecated" not in capfd.readouterr().err


def test_pandas_tables_in_another_time_zone_keep_it_on_polars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # times in Europe/Stockholm, and a column of them with no value at all (nobody left):
    # on polars each keeps its type and zone, and the numbers are those of pandas itself
    tables = dict(to_tables(demo()))
    for name, frame in tables.items():
        zoned = {
            column: frame[column].dt.tz_convert("Europe/Stockholm")
            for column in frame.columns
            if isinstance(frame[column].dtype, pd.DatetimeTZDtype)
        }
        tables[name] = frame.assign(**zoned)
    people = tables["stakeholders"]
    tables["stakeholders"] = people.assign(
        left=pd.Series([pd.NaT] * len(people), dtype="datetime64[us, Europe/Stockholm]")
    )
    result, _ = on_polars_as_on_pandas(tables, monkeypatch)
    assert result._base.zone == "Europe/Stockholm"  # periods start at local midnight


def test_pandas_categories_units_and_zones_read_on_polars_as_on_pandas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pandas mixes what polars keeps apart: ids as categories, times in nanoseconds in one
    # table, milliseconds in another, and in another zone than the events' starts; on
    # polars the numbers, frames and findings are those of pandas itself
    tables = dict(to_tables(demo()))
    tables["participations"] = tables["participations"].astype(
        {"stakeholder": "category", "role": "category"}
    )
    tables["events"] = tables["events"].astype({"kind": "category"})
    at = tables["contributions"]["at"].dt.tz_convert("Europe/Stockholm")
    tables["contributions"] = tables["contributions"].assign(
        at=at.astype("datetime64[ns, Europe/Stockholm]")
    )
    reactions = tables["reactions"]
    tables["reactions"] = reactions.assign(at=reactions["at"].astype("datetime64[ms, UTC]"))
    result, native = on_polars_as_on_pandas(tables, monkeypatch)
    line = result.timeline()
    monkeypatch.setattr(ASSESS, "_COMPUTE_ON_POLARS", False)
    assert [f.to_dict() for f in result.findings] == [f.to_dict() for f in native.findings]
    pd.testing.assert_frame_equal(result.units, native.units, check_dtype=False, atol=1e-12)
    pd.testing.assert_frame_equal(line, native.timeline(), check_dtype=False, atol=1e-12)
