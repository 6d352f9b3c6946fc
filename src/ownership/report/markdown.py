"""An assessment as a Markdown report: the index, dimensions, units, findings, config."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import narwhals.stable.v2 as nw

if TYPE_CHECKING:
    from ..assess import Assessment

__all__ = ["render_markdown"]

_LABELS = {
    "participation": "Participation",
    "dialogue": "Dialogue",
    "leadership": "Leadership",
    "visibility": "Visibility",
    "living_strategy": "Living strategy",
    "adaptiveness": "Adaptiveness",
    "shared_direction": "Shared direction",
}


def _number(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell: pipes and line breaks escaped."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _rows(frame: Any) -> list[dict[str, Any]]:
    native = nw.from_native(frame)
    eager = native.collect() if isinstance(native, nw.LazyFrame) else native
    return list(eager.rows(named=True))


def render_markdown(assessment: Assessment) -> str:
    """The report as Markdown text.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> text = assess(demo()).to_markdown()
    >>> text.splitlines()[0]
    '# Ownership assessment'
    """
    a = assessment
    lines = [
        "# Ownership assessment",
        "",
        f"As of {a.as_of:%Y-%m-%d %H:%M} UTC.",
        "",
        f"**Ownership index: {_number(a.index)}** "
        f"(control {_number(a.routes.get('control'))}, "
        f"intimate knowing {_number(a.routes.get('knowing'))}, "
        f"self-investment {_number(a.routes.get('investment'))}; "
        f"owners {_number(a.routes.get('owner_share'))} of people in scope)",
        "",
        "## Dimensions",
        "",
        "| dimension | score | components |",
        "| --- | --- | --- |",
    ]
    for name, score in a.dimensions.items():
        parts = ", ".join(f"{k} {_number(v)}" for k, v in score.components.items())
        lines.append(f"| {_LABELS.get(name, name)} | {_number(score.value)} | {_cell(parts)} |")
    lines += ["", "## Findings", ""]
    if not a.findings:
        lines.append("No rule fired.")
    for finding in a.findings:
        lines.append(
            f"- **{finding.severity.value}** · {_cell(finding.title)} "
            f"(`{finding.code}`, {finding.practice.value})"
        )
        for kind, ids in finding.subjects.items():
            if ids:
                lines.append(f"  - {kind}: {_cell(', '.join(ids))}")
        lines.append(f"  - what to do: {_cell(finding.recommendation)}")
    units = _rows(a.units)
    if units:
        columns = [c for c in units[0] if c not in ("unit", "suppressed")]
        lines += ["", "## Units", "", "| unit | " + " | ".join(columns) + " |"]
        lines.append("| --- " * (len(columns) + 1) + "|")
        for row in units:
            if row.get("suppressed"):
                cells = ["suppressed"] + [""] * (len(columns) - 1)
            else:
                cells = [_number(row[c]) for c in columns]
            lines.append(f"| {_cell(row['unit'])} | " + " | ".join(cells) + " |")
    lines += ["", "## Configuration", "", "| setting | value |", "| --- | --- |"]
    for key, value in a.config.to_dict().items():
        lines.append(f"| {key} | {_cell(value)} |")
    return "\n".join(lines) + "\n"
