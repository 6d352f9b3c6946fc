"""The charts of ``ownership.report.plots``, checked on a process worked by hand.

``tiny()``: units Alpha (a), Beta (b), Gamma (c); Lena Lead (a, power 0.9, interest 0.8) and
Team A (a, a group of 5; power 0.2, interest 0.7) take part in one workshop, where Lena raises
a concern; Bo Boss (b; power 0.8, interest 0.9) and Bea (b) never take part; Team C (c, a group
of 5, no power or interest) neither. With the default privacy minimum of 5 people, Beta
(2 people) is withheld, and so is Gamma: the whole minus Alpha would give Beta away.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ownership import (
    Assessment,
    AssessmentConfig,
    Contribution,
    Event,
    Participation,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
    assess,
)
from ownership.errors import OwnershipError, ValidationError
from ownership.report import plots

T = datetime(2025, 3, 20, 9, tzinfo=UTC)
DAY = timedelta(days=1)


def tiny() -> StrategyProcess:
    """The process of the module's docstring; assessed at the workshop's end (T - 30 d + 2 h)."""
    joined = T - 80 * DAY
    return StrategyProcess(
        units=[Unit(id="a", name="Alpha"), Unit(id="b", name="Beta"), Unit(id="c", name="Gamma")],
        stakeholders=[
            Stakeholder(
                id="lead", name="Lena Lead", unit="a", power=0.9, interest=0.8, joined=joined
            ),
            Stakeholder(
                id="team-a",
                name="Team A",
                unit="a",
                size=5,
                power=0.2,
                interest=0.7,
                joined=joined,
            ),
            Stakeholder(
                id="boss", name="Bo Boss", unit="b", power=0.8, interest=0.9, joined=joined
            ),
            Stakeholder(id="b2", name="Bea", unit="b", joined=joined),
            Stakeholder(id="team-c", name="Team C", unit="c", size=5, joined=joined),
        ],
        revisions=[Revision(id="r1", at=T - 70 * DAY, title="Strategy")],
        events=[
            Event(
                id="w1",
                kind="workshop",
                title="Workshop",
                start=T - 30 * DAY,
                end=T - 30 * DAY + timedelta(hours=2),
                participations=[
                    Participation(stakeholder="lead"),
                    Participation(stakeholder="team-a"),
                ],
            )
        ],
        contributions=[
            Contribution(
                id="c1", event="w1", author="lead", at=T - 30 * DAY, kind="concern", text="Worried"
            )
        ],
    )


@pytest.fixture(scope="module")
def tiny_assessment() -> Assessment:
    return assess(tiny())


@pytest.fixture(scope="module")
def open_assessment() -> Assessment:
    """The tiny process with a privacy minimum of 2 people: no unit is withheld."""
    return assess(tiny(), config=AssessmentConfig(min_group=2, min_count=2))


def texts(figure: Figure) -> list[str]:
    return [text.get_text() for axes in figure.axes for text in axes.texts]


def ticks(axes: Axes, axis: str) -> list[str]:
    labels = axes.get_yticklabels() if axis == "y" else axes.get_xticklabels()
    return [label.get_text() for label in labels]


# -- dimensions ---------------------------------------------------------------------------------


def test_dimensions_bars_and_no_data(tiny_assessment: Assessment) -> None:
    figure = plots.dimensions(tiny_assessment)
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    assert ticks(axes, "y") == [
        "Ownership index",
        "Control",
        "Intimate knowing",
        "Self-investment",
        "Participation",
        "Dialogue",
        "Leadership",
        "Visibility",
        "Living strategy",
        "Adaptiveness",
        "Shared direction",
    ]
    # nobody reacted to anything: shared direction has no data, and gets no bar (not a 0 bar)
    assert tiny_assessment.dimensions["shared_direction"].value is None
    assert len(axes.patches) == 10
    assert texts(figure).count("no data") == 1
    # the bars are the values, in the order of the labels; a zero is a bar of width 0
    widths = [patch.get_width() for patch in axes.patches if isinstance(patch, Rectangle)]
    a = tiny_assessment
    expected = [a.index, a.routes["control"], a.routes["knowing"], a.routes["investment"]]
    expected += [s.value for k, s in a.dimensions.items() if k != "shared_direction"]
    assert widths == pytest.approx(expected)
    assert a.dimensions["leadership"].value == 0.0  # no leader: enabling ratio 0, a real zero


def test_dimensions_in_swedish_with_decimal_commas(tiny_assessment: Assessment) -> None:
    figure = plots.dimensions(tiny_assessment, lang="sv")
    labels = ticks(figure.axes[0], "y")
    assert labels[0] == "Ägarskapsindex"
    assert "Delaktighet" in labels
    assert "inga uppgifter" in texts(figure)
    assert f"{tiny_assessment.index:.2f}".replace(".", ",") in texts(figure)


def test_dimensions_on_a_given_axes(tiny_assessment: Assessment) -> None:
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert plots.dimensions(tiny_assessment, ax=right) is figure
    assert len(right.patches) == 10
    assert not left.patches


# -- the unit heatmap ---------------------------------------------------------------------------


def cells(axes: Axes) -> list[Rectangle]:
    return [p for p in axes.patches if isinstance(p, Rectangle)]


def test_unit_heatmap_withholds_small_units(tiny_assessment: Assessment) -> None:
    figure = plots.unit_heatmap(tiny_assessment)
    axes = figure.axes[0]
    columns = len(plots.UNIT_COLUMNS)
    assert ticks(axes, "y") == ["Alpha", "Beta", "Gamma"]
    assert ticks(axes, "x")[:4] == [
        "Ownership index",
        "Control",
        "Intimate knowing",
        "Self-investment",
    ]
    assert len(cells(axes)) == 3 * columns
    hatched = [cell for cell in cells(axes) if cell.get_hatch()]
    assert len(hatched) == 2 * columns  # Beta and Gamma, every column
    assert texts(figure).count("withheld") == 2 * columns
    # Alpha, by hand: reach 6/6, depth 3/4 (a workshop is collaborate), voice 1/6 (Lena of 6)
    shown = [t for t in texts(figure) if t not in ("withheld", "–")]
    assert len(shown) == columns
    assert shown[plots.UNIT_COLUMNS.index("reach")] == "1.00"
    assert shown[plots.UNIT_COLUMNS.index("depth")] == "0.75"
    assert shown[plots.UNIT_COLUMNS.index("voice")] == "0.17"


def test_unit_heatmap_tells_no_data_from_zero(open_assessment: Assessment) -> None:
    figure = plots.unit_heatmap(open_assessment)
    axes = figure.axes[0]
    shown = texts(figure)
    width = len(plots.UNIT_COLUMNS)
    rows = {name: shown[i * width : (i + 1) * width] for i, name in enumerate(ticks(axes, "y"))}
    gamma = dict(zip(plots.UNIT_COLUMNS, rows["Gamma"], strict=True))
    # Team C never took part: reach is a real 0, voice (share of participants) has no data
    assert gamma["reach"] == "0.00"
    assert gamma["voice"] == "–"
    white = [c for c in cells(axes) if c.get_facecolor()[:3] == (1.0, 1.0, 1.0)]
    assert len(white) == list(gamma.values()).count("–") + sum(
        row.count("–") for name, row in rows.items() if name != "Gamma"
    )
    assert not [c for c in cells(axes) if c.get_hatch()]


# -- the timeline -------------------------------------------------------------------------------


def test_timeline_points(tiny_assessment: Assessment) -> None:
    # the first record is the adoption (T - 70 d, in January): one point at the start of
    # February and one at the moment assessed
    figure = plots.timeline(tiny_assessment)
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == [
        "Ownership index",
        "Control",
        "Intimate knowing",
        "Self-investment",
    ]
    index = lines[0]
    assert len(np.asarray(index.get_xdata())) == 2
    assert list(np.asarray(index.get_ydata())) == pytest.approx([0.0, tiny_assessment.index])


def test_timeline_frequency(tiny_assessment: Assessment) -> None:
    weekly = plots.timeline(tiny_assessment, freq="W-MON", lang="sv")
    line = weekly.axes[0].get_lines()[0]
    points = np.asarray(line.get_xdata())
    assert len(points) == len(tiny_assessment.timeline("W-MON"))
    assert len(points) > 2
    assert line.get_label() == "Ägarskapsindex"


# -- the power/interest grid ------------------------------------------------------------------


def test_power_interest_grid(tiny_assessment: Assessment) -> None:
    figure = plots.power_interest(tiny_assessment)
    axes = figure.axes[0]
    took_part, not_part = [c for c in axes.collections if isinstance(c, PathCollection)]
    # Lena (0.8, 0.9) and Team A (0.7, 0.2) took part; Bo (0.9, 0.8) did not; Bea and Team C
    # have no power or interest and are not on the grid
    assert sorted(np.asarray(took_part.get_offsets()).tolist()) == [[0.7, 0.2], [0.8, 0.9]]
    assert np.asarray(not_part.get_offsets()).tolist() == [[0.9, 0.8]]
    # only the key person without dialogue is named; no score appears
    names = [t for t in texts(figure) if t in ("Lena Lead", "Bo Boss", "Team A", "Bea")]
    assert names == ["Bo Boss"]
    assert axes.get_xlabel() == "Interest"
    assert axes.get_ylabel() == "Power"
    assert {"manage closely", "keep satisfied", "keep informed", "monitor"} <= set(texts(figure))


def test_power_interest_needs_the_attributes() -> None:
    process = tiny()
    bare = [attrs.evolve(s, power=None) for s in process.stakeholders]
    result = assess(attrs.evolve(process, stakeholders=bare))
    with pytest.raises(OwnershipError, match="power and interest"):
        plots.power_interest(result)


# -- every chart --------------------------------------------------------------------------------

CHARTS: dict[str, Any] = {
    "dimensions": plots.dimensions,
    "unit_heatmap": plots.unit_heatmap,
    "timeline": plots.timeline,
    "power_interest": plots.power_interest,
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_unknown_language_is_a_validation_error(name: str, tiny_assessment: Assessment) -> None:
    with pytest.raises(ValidationError, match="unknown language 'de'"):
        CHARTS[name](tiny_assessment, lang="de")


def test_no_pyplot_state(tiny_assessment: Assessment) -> None:
    for chart in CHARTS.values():
        chart(tiny_assessment)
    assert (
        "matplotlib.pyplot" not in sys.modules or not sys.modules["matplotlib.pyplot"].get_fignums()
    )


def test_without_matplotlib_every_chart_names_the_extra() -> None:
    script = """
import sys
sys.modules["matplotlib"] = None
from ownership import assess
from ownership.data import demo
from ownership.errors import OwnershipError
from ownership.report import plots
result = assess(demo())
for name in ("dimensions", "unit_heatmap", "timeline", "power_interest"):
    try:
        getattr(plots, name)(result)
    except OwnershipError as error:
        print(name, error)
    else:
        print(name, "drew without matplotlib")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 4, done.stdout + done.stderr
    for line in lines:
        assert "pip install 'ownership[plot]'" in line, line
