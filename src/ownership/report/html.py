"""An assessment as one self-contained HTML page (or a fragment for Jupyter).

:func:`render_html` fills the package's jinja2 template with autoescape on:
every text that came with the data (ids, names, titles, contribution texts)
is escaped. The page needs nothing from the network: its style is inline,
it runs no script, and its charts are inline SVG drawn by
:mod:`ownership.report.plots` (matplotlib renders their text escaped; the
XML prolog, comments and metadata are removed, and ids are salted per chart
so that several charts share one page and the output is the same every
time). Without matplotlib, every chart is a plain table.

The sections: the moment assessed; the index and its routes; the
dimensions with their components; ownership and participation per unit
(privacy applied); the index over time; the stakeholders on the
power/interest grid (where those attributes exist); the findings with the
contributions they quote (a text from a group under ``min_text`` people is
withheld, and says so); and the configuration.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from ..errors import OwnershipError
from . import plots
from ._catalogue import check_lang, message, number

if TYPE_CHECKING:
    import jinja2
    from matplotlib.figure import Figure

    from ..assess import Assessment

__all__ = ["render_html"]

_TEMPLATE: Final = "report.html.j2"

_CSS: Final = """\
.ownership-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:#1f2933;line-height:1.45;max-width:62rem;margin:0 auto;padding:0 1rem 2rem}
.ownership-report h1{font-size:1.7rem;margin:1.2rem 0 .2rem}
.ownership-report h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid #d5dbe1;
 padding-bottom:.2rem}
.ownership-report h3{font-size:1rem;margin:0 0 .3rem}
.ownership-report .moment,.ownership-report .note,.ownership-report .practice{color:#52606d;
 font-size:.9rem}
.ownership-report .cards{display:flex;flex-wrap:wrap;gap:.6rem}
.ownership-report .card{border:1px solid #d5dbe1;border-radius:6px;padding:.5rem .8rem;
 min-width:8rem}
.ownership-report .card.main{border-color:#1b5e7a;background:#eef6f9}
.ownership-report .card .label{display:block;font-size:.8rem;color:#52606d}
.ownership-report .card .value{font-size:1.5rem;font-weight:600}
.ownership-report table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
.ownership-report th,.ownership-report td{border-bottom:1px solid #e4e7eb;padding:.25rem .6rem;
 text-align:left;vertical-align:top}
.ownership-report thead th{border-bottom:2px solid #9aa5b1}
.ownership-report .num{text-align:right;font-variant-numeric:tabular-nums}
.ownership-report .missing,.ownership-report .withheld{color:#7b8794;font-style:italic}
.ownership-report td.withheld{background:#f0f0f0}
.ownership-report ul.components{margin:0;padding-left:1rem}
.ownership-report figure.chart{margin:.6rem 0}
.ownership-report figure.chart svg{max-width:100%;height:auto}
.ownership-report .finding{border-left:4px solid #9aa5b1;padding:.4rem .8rem;margin:.8rem 0;
 background:#f9fafb}
.ownership-report .finding.high{border-color:#b42318}
.ownership-report .finding.medium{border-color:#d08a2e}
.ownership-report .finding.low{border-color:#1b5e7a}
.ownership-report .severity{text-transform:uppercase;font-size:.75rem;letter-spacing:.05em;
 color:#52606d;margin-right:.4rem}
.ownership-report .finding p{margin:.2rem 0}
.ownership-report .quotes{margin:.3rem 0;padding-left:1.2rem}
.ownership-report q{font-style:italic}
.ownership-report ul.people{columns:2 18rem;font-size:.9rem}
.ownership-report ul.people li.absent{font-weight:600}
.ownership-report code{font-size:.85em;color:#3e4c59}"""

_CHART_IDS: Final = ("dimensions", "units", "timeline", "power_interest")

# matplotlib's SVG prolog (XML declaration, DOCTYPE with its URL), comments and metadata
_PROLOG = re.compile(r"\A.*?(?=<svg[\s>])", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_ID = re.compile(r'(\sid)="([^"]+)"')
_REFERENCE = re.compile(r'((?:href="|url\())#')
_STYLE = re.compile(r'(<style type="text/css">\s*)(\*\s*\{)')
_NO_METADATA: Final = {"Date": None, "Creator": None, "Format": None, "Type": None}


@cache
def _environment() -> jinja2.Environment:
    """The template environment: package templates, autoescape on, strict undefined."""
    try:
        import jinja2
    except ImportError:
        raise OwnershipError(
            "the HTML report needs jinja2: pip install 'ownership[html]'"
        ) from None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ownership.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _svg(figure: Figure, name: str) -> Any:
    """``figure`` as inline SVG markup: no prolog, comments or metadata; every id
    prefixed with ``name``, so that charts on one page never share an id, and the
    same every time (a fixed salt for matplotlib's hashed ids)."""
    import matplotlib
    from markupsafe import Markup

    buffer = io.StringIO()
    settings: Any = {"svg.fonttype": "none", "svg.hashsalt": "ownership", "svg.id": "chart"}
    with matplotlib.rc_context(settings):
        figure.savefig(buffer, format="svg", metadata=_NO_METADATA)
    text = _PROLOG.sub("", buffer.getvalue(), count=1)
    text = _METADATA.sub("", _COMMENT.sub("", text))
    # matplotlib numbers its groups per figure (figure_1, axes_1, …): prefix every id and
    # every reference to one with the chart's name, so ids are unique on the page
    text = _ID.sub(rf'\1="{name}-\2"', text)
    text = _REFERENCE.sub(rf"\1#{name}-", text)
    # matplotlib's style sheet styles every element (``*``): keep it to this chart
    text = _STYLE.sub(rf"\1#{name}-chart \2", text)
    # the text is matplotlib's: every string in it was escaped by its SVG writer
    return Markup(text.strip())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cell(value: Any, lang: str, digits: int = 2) -> dict[str, Any]:
    missing = plots._defined(value) is None
    return {"text": number(value, lang, digits), "missing": missing}


def _findings(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    from ._content import quotes, subject_names

    texts = quotes(assessment)
    known = subject_names(assessment)
    findings = []
    for finding in assessment.findings:
        title, recommendation = finding.describe(lang)
        subjects = []
        for kind, ids in finding.subjects.items():
            if not ids or kind == "contributions":
                continue
            names = known.get(kind, {})
            subjects.append(
                {
                    "label": _capital(_subject_label(kind, lang)),
                    "names": [names.get(i, i) for i in ids],
                }
            )
        contributions = finding.subjects.get("contributions", ())
        findings.append(
            {
                "code": finding.code,
                "severity": finding.severity.value,
                "severity_label": message(f"severity.{finding.severity.value}", lang),
                "practice": _capital(message(f"practice.{finding.practice.value}", lang)),
                "title": title,
                "recommendation": recommendation,
                "subjects": subjects,
                "quotes": [{"id": c, "text": texts.get(c)} for c in contributions],
            }
        )
    return findings


def _subject_label(kind: str, lang: str) -> str:
    try:
        return message(f"subject.{kind}", lang)
    except KeyError:  # a kind of subject a later rule adds
        return kind


def _configuration(assessment: Assessment) -> list[dict[str, str]]:
    rows = []
    for key, value in assessment.config.to_dict().items():
        if isinstance(value, Mapping):
            text = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append({"key": key, "value": text})
    return rows


def _units(grid: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    return {
        "columns": [plots._column_label(c, lang) for c in plots.UNIT_COLUMNS],
        "rows": [
            {
                "name": record["name"],
                "size": number(record["size"], lang),
                "suppressed": record["suppressed"],
                "cells": [_cell(record[c], lang) for c in plots.UNIT_COLUMNS],
            }
            for record in grid
        ],
    }


def _timeline(rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    series = ("index", *plots.ROUTES)
    return {
        "columns": [
            plots._column_label("ownership_index" if s == "index" else s, lang) for s in series
        ],
        "rows": [
            {"at": f"{row['at']:%Y-%m-%d}", "cells": [_cell(row[s], lang) for s in series]}
            for row in rows
        ],
    }


_QUADRANTS: Final = (
    ("manage_closely", True, True),
    ("keep_satisfied", True, False),
    ("keep_informed", False, True),
    ("monitor", False, False),
)


def _grid(points: list[dict[str, Any]] | None, lang: str) -> dict[str, Any] | None:
    """Counts per Mendelow quadrant and the key people, or None without the attributes."""
    if points is None:
        return None
    threshold = plots._THRESHOLD
    quadrants = []
    for name, high_power, high_interest in _QUADRANTS:
        inside = [
            p
            for p in points
            if (p["power"] >= threshold) is high_power
            and (p["interest"] >= threshold) is high_interest
        ]
        yes = sum(1 for p in inside if p["two_way"])
        quadrants.append(
            {
                "label": _capital(message(f"html.quadrant.{name}", lang)),
                "total": len(inside),
                "yes": yes,
                "no": len(inside) - yes,
            }
        )
    key_people = [
        {
            "name": p["name"],
            "took_part": p["two_way"],
            "two_way": message("html.two_way_yes" if p["two_way"] else "html.two_way_no", lang),
        }
        for p in sorted(points, key=lambda p: (p["name"], p["stakeholder"]))
        if plots._key_person(p)
    ]
    return {"quadrants": quadrants, "key_people": key_people}


def _charts(
    scores: list[tuple[str, str, float | None]],
    units: list[dict[str, Any]],
    timeline: list[dict[str, Any]],
    points: list[dict[str, Any]] | None,
    lang: str,
) -> dict[str, Any]:
    """Each chart as SVG markup, or None: without matplotlib, or no grid without attributes."""
    charts: dict[str, Any] = dict.fromkeys(_CHART_IDS)
    if not _has_matplotlib():
        return charts
    draw: dict[str, Callable[[], Figure]] = {
        "dimensions": lambda: plots._draw_dimensions(scores, lang, None),
        "units": lambda: plots._draw_units(units, lang, None),
        "timeline": lambda: plots._draw_timeline(timeline, lang, None),
    }
    if points is not None:
        draw["power_interest"] = lambda: plots._draw_power_interest(points, lang, None)
    for name, build in draw.items():
        charts[name] = _svg(build(), name)
    return charts


def render_html(assessment: Assessment, *, lang: str = "en", fragment: bool = False) -> str:
    """The report as HTML: a whole page, or with ``fragment=True`` one ``<div>`` for Jupyter.

    The page is self-contained (inline style and SVG, no script, nothing from
    the network) and in English (``lang="en"``) or Swedish (``lang="sv"``,
    with ``<html lang="sv">``). The fragment is a ``<div
    class="ownership-report">`` whose style applies inside it only. Needs
    jinja2 (``pip install 'ownership[html]'``); draws charts with matplotlib
    when it is installed (``pip install 'ownership[plot]'``) and shows tables
    in their place when it is not.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> page = render_html(assess(demo()), lang="sv")
    >>> page.startswith("<!DOCTYPE html>"), '<html lang="sv">' in page
    (True, True)
    >>> render_html(assess(demo()), fragment=True).startswith('<div class="ownership-report"')
    True
    """
    lang = check_lang(lang)
    environment = _environment()  # fails early without jinja2
    a = assessment
    units = plots._unit_grid(a)
    timeline = plots._timeline_rows(a, None)  # on a long process, the slow part
    try:
        points: list[dict[str, Any]] | None = plots._stakeholder_points(a)
    except OwnershipError:  # no stakeholder has power and interest: no grid
        points = None
    dimensions = [
        {
            "label": message(f"dimension.{name}", lang),
            "score": _cell(score.value, lang),
            "components": [
                {"label": message(f"component.{k}", lang), **_cell(v, lang)}
                for k, v in score.components.items()
            ],
        }
        for name, score in a.dimensions.items()
    ]
    cards = [{"label": message("index", lang), **_cell(a.index, lang)}]
    cards += [
        {"label": _capital(message(f"route.{route}", lang)), **_cell(a.routes.get(route), lang)}
        for route in (*plots.ROUTES, "owner_share")
    ]

    def t(key: str, /, **fields: object) -> str:
        return message(key, lang, **fields)

    template = environment.get_template(_TEMPLATE)
    text = template.render(
        t=t,
        lang=lang,
        fragment=bool(fragment),
        css=_css(),
        as_of=f"{a.as_of:%Y-%m-%d %H:%M}",
        cards=cards,
        dimensions=dimensions,
        units=_units(units, lang),
        timeline=_timeline(timeline, lang),
        grid=_grid(points, lang),
        charts=_charts(plots._score_rows(a, lang), units, timeline, points, lang),
        findings=_findings(a, lang),
        configuration=_configuration(a),
        min_group=a.config.min_group,
        min_text=a.config.min_text,
    )
    return text.strip() + "\n"


def _css() -> Any:
    from markupsafe import Markup

    return Markup(_CSS)  # the library's own style sheet
