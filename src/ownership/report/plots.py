"""Charts of an assessment, as matplotlib figures for researchers and for the HTML report.

Every function takes an :class:`~ownership.Assessment` and returns a
:class:`matplotlib.figure.Figure` built with matplotlib's object-oriented API
(no pyplot: no global state, no display backend needed), labelled in English
(``lang="en"``, the default) or Swedish (``lang="sv"``):

- :func:`dimensions`: the seven dimensions, the ownership index and its routes;
- :func:`unit_heatmap`: ownership and participation per unit, privacy applied;
- :func:`timeline`: the index and its routes over time;
- :func:`power_interest`: the stakeholders on Mendelow's power/interest grid.

Scores are drawn on a fixed scale from 0 to 1. A score that is not defined
(no data) is never drawn as 0: it is left out and labelled, and a unit that
privacy withholds is shown as a hatched, grey cell labelled as withheld.

The functions need matplotlib (``pip install 'ownership[plot]'``); without it
they raise :class:`~ownership.OwnershipError` saying so.

>>> from ownership import assess
>>> from ownership.data import demo
>>> from ownership.report import plots
>>> figure = plots.dimensions(assess(demo()))
>>> type(figure).__name__
'Figure'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import narwhals.stable.v2 as nw

from ..errors import OwnershipError
from ._catalogue import check_lang, message, number
from ._content import _rows, unit_rows

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..assess import Assessment

__all__ = ["dimensions", "power_interest", "timeline", "unit_heatmap"]

ROUTES: Final = ("control", "knowing", "investment")
"""The three routes to ownership, in the order they are drawn."""

UNIT_COLUMNS: Final = (
    "ownership_index",
    "control",
    "knowing",
    "investment",
    "reach",
    "depth",
    "two_way_share",
    "voice",
)
"""The columns of :func:`unit_heatmap`: ownership, its routes, participation and dialogue."""

# colours: ownership (index and routes) and the dimensions; grey for what is withheld
_INDEX_COLOUR: Final = "#1b5e7a"
_ROUTE_COLOUR: Final = "#6fa8c1"
_DIMENSION_COLOUR: Final = "#d08a2e"
_WITHHELD_COLOUR: Final = "#d9d9d9"
_CMAP: Final = "YlGnBu"
_LABEL_WIDTH: Final = 40  # characters of a name on a chart
_THRESHOLD: Final = 0.5  # Mendelow's grid: high power / high interest from here on


def _matplotlib() -> None:
    """Raise :class:`OwnershipError` when matplotlib is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise OwnershipError("the plots need matplotlib: pip install 'ownership[plot]'") from None


def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A new figure with one axes, or ``ax`` and its figure."""
    _matplotlib()
    if ax is not None:
        # the root figure, also when ``ax`` is on a subfigure
        root: Figure = ax.figure.figure
        return root, ax
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def _defined(value: Any) -> float | None:
    """``value`` as a float, or None when it is missing (None or NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _names(assessment: Assessment, table: str) -> dict[str, str]:
    """Each id of ``table`` (units or stakeholders) with its name (the id when it has none)."""
    frame = assessment._base.table(table)
    columns = frame.collect_schema().names()
    name = nw.col("name") if "name" in columns else nw.col("id")
    rows = frame.select(nw.col("id"), name.alias("_name")).collect().rows()
    return {str(i): str(n) if n not in (None, "") else str(i) for i, n in rows}


# -- the data behind each chart (the HTML report shows them as tables without matplotlib) ---


def _score_rows(assessment: Assessment, lang: str) -> list[tuple[str, str, float | None]]:
    """``(kind, label, value)`` for the index, its routes and the seven dimensions."""
    rows: list[tuple[str, str, float | None]] = [
        ("index", message("index", lang), _defined(assessment.index))
    ]
    for route in ROUTES:
        label = _capital(message(f"route.{route}", lang))
        rows.append(("route", label, _defined(assessment.routes.get(route))))
    for name, score in assessment.dimensions.items():
        rows.append(("dimension", message(f"dimension.{name}", lang), _defined(score.value)))
    return rows


def _unit_grid(assessment: Assessment) -> list[dict[str, Any]]:
    """One record per unit: ``unit`` (id), ``name``, ``size``, ``suppressed`` and each of
    :data:`UNIT_COLUMNS` (None where not defined or withheld).

    The routes per unit are computed at the assessment's moment with its
    configuration, privacy applied as for every grouped score.
    """
    from ..assess import _route_options
    from ..metrics import ownership as routes_module

    view = assessment._base.view(assessment.as_of)
    routes = routes_module._index(view, "unit", **_route_options(assessment.config))
    by_unit = {str(row["unit"]): row for row in _rows(routes.collect().to_native())}
    records = []
    for row in unit_rows(assessment):
        record = {key: row[key] for key in ("unit", "name", "size", "suppressed")}
        for column in UNIT_COLUMNS:
            source = by_unit.get(row["unit"], {}) if column in ROUTES else row
            record[column] = None if row["suppressed"] else _defined(source.get(column))
        records.append(record)
    return records


def _timeline_rows(assessment: Assessment, freq: str | None) -> list[dict[str, Any]]:
    """``at``, ``index`` and the routes at the end of every period."""
    rows = _rows(assessment.timeline(freq))
    return [
        {"at": row["at"], **{k: _defined(row.get(k)) for k in ("index", *ROUTES)}} for row in rows
    ]


def _stakeholder_points(assessment: Assessment) -> list[dict[str, Any]]:
    """The stakeholders in scope with both power and interest: ``stakeholder``, ``name``,
    ``power``, ``interest``, ``size`` and ``two_way`` (took part in a two-way event).

    Raises :class:`OwnershipError` when no stakeholder has both attributes.
    """
    view = assessment._base.view(assessment.as_of)
    people = _rows(
        view.people.filter(~nw.col("power").is_null() & ~nw.col("interest").is_null())
        .select("stakeholder", "power", "interest", "w")
        .sort("stakeholder")
        .collect()
        .to_native()
    )
    if not people:
        raise OwnershipError(
            "no stakeholder in scope has both power and interest: "
            "the power/interest grid needs them"
        )
    took_part = {
        str(s)
        for (s,) in view.attendance.filter(nw.col("two_way"))
        .select("stakeholder")
        .unique()
        .collect()
        .rows()
    }
    names = _names(assessment, "stakeholders")
    return [
        {
            "stakeholder": str(row["stakeholder"]),
            "name": names.get(str(row["stakeholder"]), str(row["stakeholder"])),
            "power": float(row["power"]),
            "interest": float(row["interest"]),
            "size": int(row["w"]),
            "two_way": str(row["stakeholder"]) in took_part,
        }
        for row in people
    ]


def _label(text: str, width: int = _LABEL_WIDTH) -> str:
    """A name as a chart shows it: on one line, cut to ``width`` characters.

    Charts show the names the data gives (never parsed as math: a ``$`` is
    a dollar); a long one is cut so that it cannot crowd out the chart.
    """
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _key_person(point: dict[str, Any]) -> bool:
    """Whether ``point`` is in the manage-closely quadrant (high power, high interest)."""
    return bool(point["power"] >= _THRESHOLD and point["interest"] >= _THRESHOLD)


# -- the charts --------------------------------------------------------------------------------


def dimensions(assessment: Assessment, *, lang: str = "en", ax: Axes | None = None) -> Figure:
    """The index, its three routes and the seven dimensions as horizontal bars from 0 to 1.

    One bar per defined score, top to bottom: the ownership index, control,
    intimate knowing, self-investment, then the dimensions in the order of
    :data:`ownership.assess.DIMENSIONS`. A score that is not defined has no
    bar: its row says "no data" (it is not 0). ``ax`` draws on an existing
    axes (the figure returned is its figure).

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> figure = dimensions(assess(demo()))
    >>> [label.get_text() for label in figure.axes[0].get_yticklabels()][:2]
    ['Ownership index', 'Control']
    >>> len(figure.axes[0].patches)
    11
    """
    lang = check_lang(lang)
    _matplotlib()
    return _draw_dimensions(_score_rows(assessment, lang), lang, ax)


def _draw_dimensions(
    rows: list[tuple[str, str, float | None]], lang: str, ax: Axes | None
) -> Figure:
    figure, axes = _figure(ax, (7.0, 4.8))
    colours = {"index": _INDEX_COLOUR, "route": _ROUTE_COLOUR, "dimension": _DIMENSION_COLOUR}
    positions = list(range(len(rows)))
    for position, (kind, _, value) in zip(positions, rows, strict=True):
        if value is None:
            axes.text(0.01, position, message("html.no_data", lang), va="center", color="#555555")
        else:
            axes.barh(position, value, color=colours[kind], height=0.7)
            axes.text(value + 0.01, position, number(value, lang), va="center", fontsize=8)
    axes.set_yticks(positions, [label for _, label, _ in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, 1.08)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1])
    axes.axhline(3.5, color="#999999", linewidth=0.6)
    axes.set_xlabel(message("html.score_axis", lang))
    axes.set_title(message("html.dimensions_title", lang))
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def unit_heatmap(assessment: Assessment, *, lang: str = "en", ax: Axes | None = None) -> Figure:
    """Ownership and participation per unit: units × index, routes, reach, depth, dialogue.

    One row per unit (its name), one column per entry of
    :data:`UNIT_COLUMNS`, coloured on a fixed scale from 0 to 1. A unit that
    privacy withholds (fewer people than ``min_group``, or recoverable from
    others) is a row of hatched grey cells labelled "withheld"; a score that
    is not defined is a white cell labelled "–", never coloured as 0.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> figure = unit_heatmap(assess(demo()))
    >>> axes = figure.axes[0]
    >>> len(axes.get_yticklabels()), len(axes.get_xticklabels())
    (7, 8)
    """
    lang = check_lang(lang)
    _matplotlib()
    return _draw_units(_unit_grid(assessment), lang, ax)


def _draw_units(grid: list[dict[str, Any]], lang: str, ax: Axes | None) -> Figure:
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    width = 2.5 + 0.8 * len(UNIT_COLUMNS)
    figure, axes = _figure(ax, (width, 1.4 + 0.42 * max(len(grid), 1)))
    if ax is None:
        from matplotlib.cm import ScalarMappable

        figure.colorbar(
            ScalarMappable(Normalize(0, 1), _CMAP),
            ax=axes,
            shrink=0.8,
            label=message("html.score_axis", lang),
        )
    cmap = colormaps[_CMAP]
    withheld = message("html.withheld", lang)
    for y, record in enumerate(grid):
        for x, column in enumerate(UNIT_COLUMNS):
            value = record[column]
            if record["suppressed"]:
                cell = Rectangle(
                    (x - 0.5, y - 0.5),
                    1,
                    1,
                    facecolor=_WITHHELD_COLOUR,
                    hatch="//",
                    edgecolor="#9e9e9e",
                    linewidth=0.5,
                )
                axes.add_patch(cell)
                axes.text(x, y, withheld, ha="center", va="center", fontsize=6, color="#444444")
            elif value is None:
                axes.add_patch(
                    Rectangle(
                        (x - 0.5, y - 0.5),
                        1,
                        1,
                        facecolor="white",
                        edgecolor="#cccccc",
                        linewidth=0.5,
                    )
                )
                axes.text(x, y, "–", ha="center", va="center", fontsize=8, color="#555555")
            else:
                axes.add_patch(
                    Rectangle(
                        (x - 0.5, y - 0.5),
                        1,
                        1,
                        facecolor=cmap(value),
                        edgecolor="white",
                        linewidth=0.5,
                    )
                )
                colour = "white" if value > 0.6 else "black"
                axes.text(
                    x, y, number(value, lang), ha="center", va="center", fontsize=7, color=colour
                )
    axes.set_xlim(-0.5, len(UNIT_COLUMNS) - 0.5)
    axes.set_ylim(len(grid) - 0.5, -0.5)
    axes.set_xticks(range(len(UNIT_COLUMNS)), [_column_label(c, lang) for c in UNIT_COLUMNS])
    axes.tick_params(axis="x", labelrotation=35)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
    names = [_label(record["name"]) for record in grid]
    axes.set_yticks(range(len(grid)), names, parse_math=False)
    axes.set_title(message("html.units_title", lang))
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(False)
    return figure


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _column_label(column: str, lang: str) -> str:
    """The label of a column of :func:`unit_heatmap` (and of the timeline's series)."""
    if column in ("index", "ownership_index"):
        return message("index", lang)
    if column in ROUTES:
        return _capital(message(f"route.{column}", lang))
    return _capital(message(f"component.{column}", lang))


def timeline(
    assessment: Assessment, *, freq: str | None = None, lang: str = "en", ax: Axes | None = None
) -> Figure:
    """The ownership index and its three routes at the end of every period.

    The points are the rows of :meth:`Assessment.timeline(freq)
    <ownership.Assessment.timeline>` (``freq`` a pandas offset alias, by
    default the configuration's period): one line per series, with a marker
    at each defined point; an undefined point breaks its line.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> figure = timeline(assess(demo()), freq="QS")
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['Ownership index', 'Control', 'Intimate knowing', 'Self-investment']
    """
    lang = check_lang(lang)
    _matplotlib()
    return _draw_timeline(_timeline_rows(assessment, freq), lang, ax)


def _draw_timeline(rows: list[dict[str, Any]], lang: str, ax: Axes | None) -> Figure:
    figure, axes = _figure(ax, (7.0, 3.6))
    moments = [row["at"] for row in rows]
    styles = {
        "index": {"color": _INDEX_COLOUR, "linewidth": 2.2, "marker": "o"},
        "control": {"color": "#7b3294", "linewidth": 1.0, "marker": "."},
        "knowing": {"color": "#008837", "linewidth": 1.0, "marker": "."},
        "investment": {"color": "#d08a2e", "linewidth": 1.0, "marker": "."},
    }
    for series in ("index", *ROUTES):
        values = [math.nan if row[series] is None else row[series] for row in rows]
        axes.plot(moments, values, label=_column_label(series, lang), **styles[series])  # type: ignore[arg-type]
    axes.set_ylim(0, 1)
    axes.set_ylabel(message("html.score_axis", lang))
    axes.set_title(message("html.timeline_title", lang))
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    for label in axes.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    return figure


def power_interest(assessment: Assessment, *, lang: str = "en", ax: Axes | None = None) -> Figure:
    """The stakeholders in scope on Mendelow's power/interest grid, marked by dialogue.

    Each stakeholder with both ``power`` and ``interest`` is a point (its area
    grows with ``size``): filled when they took part in a two-way event,
    hollow when they did not. The quadrants split at 0.5: manage closely
    (high power, high interest), keep satisfied, keep informed, monitor
    (Mendelow 1981). The key people of the manage-closely quadrant who took
    no part in two-way dialogue are named: they are who the strategy must
    involve next. People are shown for what they did, never with an
    ownership score.

    Raises :class:`~ownership.OwnershipError` when no stakeholder in scope has
    both attributes.

    Reference: A. Mendelow, "Environmental scanning: the impact of the
    stakeholder concept", *Proceedings of the Second International Conference
    on Information Systems*, Cambridge, MA, 1981.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> figure = power_interest(assess(demo()))
    >>> figure.axes[0].get_xlabel(), figure.axes[0].get_ylabel()
    ('Interest', 'Power')
    """
    lang = check_lang(lang)
    _matplotlib()
    return _draw_power_interest(_stakeholder_points(assessment), lang, ax)


def _draw_power_interest(points: list[dict[str, Any]], lang: str, ax: Axes | None) -> Figure:
    figure, axes = _figure(ax, (6.4, 5.6))
    for two_way, face, key in (
        (True, _INDEX_COLOUR, "html.two_way_yes"),
        (False, "none", "html.two_way_no"),
    ):
        chosen = [p for p in points if p["two_way"] is two_way]
        axes.scatter(
            [p["interest"] for p in chosen],
            [p["power"] for p in chosen],
            s=[24 * math.sqrt(p["size"]) for p in chosen],
            facecolors=face,
            edgecolors=_INDEX_COLOUR,
            linewidths=1.0,
            label=message(key, lang),
        )
    for point in points:
        if _key_person(point) and not point["two_way"]:
            axes.annotate(
                _label(point["name"]),
                (point["interest"], point["power"]),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=6,
                color="#333333",
                parse_math=False,
            )
    axes.axhline(_THRESHOLD, color="#999999", linewidth=0.6)
    axes.axvline(_THRESHOLD, color="#999999", linewidth=0.6)
    corners = (
        (0.99, 0.99, "right", "top", "html.quadrant.manage_closely"),
        (0.01, 0.99, "left", "top", "html.quadrant.keep_satisfied"),
        (0.99, 0.01, "right", "bottom", "html.quadrant.keep_informed"),
        (0.01, 0.01, "left", "bottom", "html.quadrant.monitor"),
    )
    for x, y, ha, va, key in corners:
        axes.text(
            x, y, message(key, lang), ha=ha, va=va, fontsize=8, color="#777777", style="italic"
        )
    axes.set_xlim(0, 1.02)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(message("html.interest", lang))
    axes.set_ylabel(message("html.power", lang))
    axes.set_title(message("html.power_interest_title", lang))
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False)
    return figure
