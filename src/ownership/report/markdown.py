"""An assessment as a Markdown report: the index, dimensions, findings, units, config.

Every label comes from the message catalogue, in English or Swedish. Text
that came with the data (names of units, stakeholders and goals, what
people wrote) is escaped, both for Markdown and for the HTML a Markdown
viewer would render, so it always shows as the literal text it is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._catalogue import check_lang, message, number
from ._content import quotes, subject_names, unit_rows

if TYPE_CHECKING:
    from ..assess import Assessment

__all__ = ["render_markdown"]

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Markdown punctuation that could start emphasis, code, links, tables or strikethrough
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")


def _escape(text: object) -> str:
    """``text`` shown literally in Markdown and in the HTML a viewer renders it to.

    HTML's ``&``, ``<`` and ``>`` become entities, Markdown's punctuation is
    backslash-escaped (a pipe can no longer end a table cell), and line
    breaks become spaces (a table row and a list item are one line).

    >>> print(_escape("<b>x</b> | *y* [z](javascript:alert(1))"))
    &lt;b&gt;x&lt;/b&gt; \\| \\*y\\* \\[z\\](javascript:alert(1))
    """
    shown = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", _LINE_BREAKS.sub(" ", shown))


def _setting(value: object, lang: str) -> str:
    """A configuration value: numbers as given (a decimal comma in Swedish)."""
    if isinstance(value, float):
        text = format(value, "g")
        return text.replace(".", ",") if lang == "sv" else text
    if isinstance(value, dict):
        return ", ".join(f"{k} {_setting(v, lang)}" for k, v in value.items())
    return str(value)


def render_markdown(assessment: Assessment, *, lang: str = "en") -> str:
    """The report as Markdown text, in English (``lang="en"``) or Swedish (``"sv"``).

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> result = assess(demo())
    >>> text = result.to_markdown()
    >>> text.splitlines()[0]
    '# Ownership assessment'
    >>> render_markdown(result, lang="sv").splitlines()[0]
    '# Bedömning av ägarskap'
    """
    lang = check_lang(lang)
    a = assessment

    def m(key: str, /, **fields: object) -> str:
        return message(key, lang, **fields)

    def n(value: Any, digits: int = 2) -> str:
        return number(value, lang, digits)

    routes = ", ".join(
        f"{m(f'route.{route}')} {n(a.routes.get(route))}"
        for route in ("control", "knowing", "investment")
    )
    owners = m("report.owners", share=n(a.routes.get("owner_share")))
    lines = [
        f"# {m('report.title')}",
        "",
        m("report.as_of", moment=f"{a.as_of:%Y-%m-%d %H:%M}"),
        "",
        f"**{m('index')}: {n(a.index)}** ({routes}; {owners})",
        "",
        f"## {m('section.dimensions')}",
        "",
        f"| {m('column.dimension')} | {m('column.score')} | {m('column.components')} |",
        "| --- | --- | --- |",
    ]
    for name, score in a.dimensions.items():
        parts = ", ".join(f"{m(f'component.{k}')} {n(v)}" for k, v in score.components.items())
        lines.append(f"| {m(f'dimension.{name}')} | {n(score.value)} | {parts} |")

    lines += ["", f"## {m('section.findings')}", ""]
    if not a.findings:
        lines.append(m("report.no_findings"))
    names = subject_names(a)
    said = quotes(a)
    minimum = a.config.min_text
    for finding in a.findings:
        title, recommendation = finding.describe(lang)
        code = finding.code.replace("`", "")
        lines.append(
            f"- **{m(f'severity.{finding.severity.value}')}** · {_escape(title)} "
            f"(`{code}`, {m(f'practice.{finding.practice.value}')})"
        )
        for kind, ids in finding.subjects.items():
            if not ids or kind == "contributions":
                continue
            shown = ", ".join(_escape(names.get(kind, {}).get(i, i)) for i in ids)
            lines.append(f"  - {m(f'subject.{kind}')}: {shown}")
        lines.append(f"  - {m('report.what_to_do')}: {_escape(recommendation)}")
        contributions = finding.subjects.get("contributions", ())
        if contributions:
            lines.append(f"  - {m('report.quotes')}:")
            for contribution in contributions:
                text = said.get(contribution)
                if text is None:
                    quote = f"*{m('report.quote_withheld', minimum=minimum)}*"
                else:
                    quote = f"“{_escape(text)}”"
                lines.append(f"    - {_escape(contribution)}: {quote}")

    units = unit_rows(a)
    if units:
        metrics = list(units[0])[4:]
        header = [m("column.unit"), m("column.size"), *(m(f"component.{c}") for c in metrics)]
        lines += ["", f"## {m('section.units')}", "", "| " + " | ".join(header) + " |"]
        lines.append("| --- " * len(header) + "|")
        withheld = m("report.withheld", minimum=a.config.min_group)
        for row in units:
            if row["suppressed"]:
                cells = [withheld] + [""] * len(metrics)
            else:
                cells = [n(row["size"])] + [n(row[c], 1 if c == "latency" else 2) for c in metrics]
            lines.append(f"| {_escape(row['name'])} | " + " | ".join(cells) + " |")

    lines += [
        "",
        f"## {m('section.configuration')}",
        "",
        f"| {m('column.setting')} | {m('column.value')} |",
        "| --- | --- |",
    ]
    for key, value in a.config.to_dict().items():
        lines.append(f"| `{key}` | {_escape(_setting(value, lang))} |")
    return "\n".join(lines) + "\n"
