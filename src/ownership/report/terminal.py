"""An assessment in the terminal, laid out with rich (extra ``cli``).

The index with its three routes and the share of owners, a table of the
dimensions with their components, the findings with what they are about,
what people wrote and what to do, the units (groups under the privacy
minimum marked as withheld), and the moment assessed with the key settings.

Text that came with the data is shown literally: rich markup in a name
(``[bold]``) is not interpreted, and control characters (a terminal's escape
sequences) are replaced.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING, Any, Final

from ..errors import OwnershipError
from ._catalogue import check_lang, message, number
from ._content import quotes, subject_names, unit_rows
from .markdown import _setting

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..assess import Assessment

__all__ = ["print_assessment", "render_text"]

_UNIT_COLUMNS: Final = (
    "ownership_index",
    "reach",
    "two_way_share",
    "responsiveness",
)
"""The metrics the terminal's units table shows (the other reports show them all)."""

_NAME_WIDTH: Final = 30
"""The widest the unit column is kept before names wrap (at spaces)."""

_KEY_SETTINGS: Final = (
    "min_group",
    "min_text",
    "sla_days",
    "report_days",
    "period",
    "mean",
    "owner_threshold",
    "internal_only",
)
"""The settings the terminal shows; the other reports list every one."""

_SEVERITY_STYLE: Final = {"high": "bold red", "medium": "bold yellow", "low": "bold cyan"}

# C0 and C1 control characters but tab and line feed: a terminal would act on them
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _rich() -> Any:
    """The rich package, or an :class:`OwnershipError` saying how to install it."""
    try:
        import rich.box
        import rich.console
        import rich.padding
        import rich.panel
        import rich.table
        import rich.text
    except ImportError:
        message = "the terminal report needs rich: pip install 'ownership[cli]'"
        raise OwnershipError(message) from None
    return rich


def _plain(text: object) -> str:
    """User text safe for a terminal: control characters shown as a replacement mark."""
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(text))


class _Fitted:
    """The first of ``choices`` no wider than the width it is drawn in (the last otherwise).

    ``choices`` are (width, renderable) pairs, widest first.
    """

    def __init__(self, choices: list[tuple[int, Any]]) -> None:
        self.choices = choices

    def __rich_console__(self, console: Any, options: Any) -> Any:
        for width, choice in self.choices:
            if width <= options.max_width:
                yield choice
                return
        yield self.choices[-1][1]


def _renderables(assessment: Assessment, lang: str) -> list[RenderableType]:
    rich = _rich()
    from rich.table import Table
    from rich.text import Text

    a = assessment

    def m(key: str, /, **fields: object) -> str:
        return message(key, lang, **fields)

    def n(value: Any, digits: int = 2) -> str:
        return number(value, lang, digits)

    def user(text: object, style: str = "") -> Text:
        # a Text is never parsed for markup: "[bold]" in a name stays "[bold]"
        return Text(_plain(text), style=style)

    out: list[RenderableType] = []

    # -- the index and its routes -------------------------------------------------------
    routes = Table(box=rich.box.SIMPLE, show_header=True, pad_edge=False)
    routes.add_column(m("column.route"))
    routes.add_column(m("column.value"), justify="right")
    routes.add_column("", no_wrap=True)
    for route in ("control", "knowing", "investment", "owner_share"):
        value = a.routes.get(route)
        bar = "█" * round(20 * value) if isinstance(value, float) and math.isfinite(value) else ""
        routes.add_row(m(f"route.{route}"), n(value), Text(bar, style="green"))
    heading = Text.assemble(
        (f"{m('index')}: ", "bold"),
        (n(a.index), "bold green"),
        "\n",
        (m("report.owners", share=n(a.routes.get("owner_share"))), "dim"),
    )
    out.append(
        rich.panel.Panel(
            rich.console.Group(heading, routes),
            title=Text(m("report.title"), style="bold"),
            subtitle=Text(m("report.as_of", moment=f"{a.as_of:%Y-%m-%d %H:%M}")),
            expand=False,
        )
    )

    # -- dimensions -----------------------------------------------------------------------
    dimensions = Table(title=m("section.dimensions"), title_justify="left", expand=False)
    dimensions.add_column(m("column.dimension"), style="bold")
    dimensions.add_column(m("column.score"), justify="right")
    dimensions.add_column(m("column.components"))
    for name, score in a.dimensions.items():
        parts = "\n".join(f"{m(f'component.{k}')} {n(v)}" for k, v in score.components.items())
        dimensions.add_row(m(f"dimension.{name}"), n(score.value), Text(parts))
    out.append(dimensions)

    # -- findings -------------------------------------------------------------------------
    out.append(Text(m("section.findings"), style="bold underline"))
    if not a.findings:
        out.append(Text(m("report.no_findings")))
    names = subject_names(a)
    said = quotes(a)
    for finding in a.findings:
        title, recommendation = finding.describe(lang)
        severity = finding.severity.value
        heading = Text.assemble(
            (f"{m(f'severity.{severity}')} ", _SEVERITY_STYLE.get(severity, "bold")),
            user(title, "bold"),
        )
        lines: list[RenderableType] = [
            Text(f"{finding.code} · {m(f'practice.{finding.practice.value}')}", style="dim")
        ]
        for kind, ids in finding.subjects.items():
            if ids and kind != "contributions":
                shown = ", ".join(_plain(names.get(kind, {}).get(i, i)) for i in ids)
                lines.append(Text.assemble(f"{m(f'subject.{kind}')}: ", user(shown)))
        contributions = finding.subjects.get("contributions", ())
        if contributions:
            lines.append(Text(f"{m('report.quotes')}:"))
        for contribution in contributions:
            text = said.get(contribution)
            if text is None:
                quote = Text(m("report.quote_withheld", minimum=a.config.min_text), style="dim")
            else:
                quote = user(f"“{text}”", "italic")
            said_line = Text.assemble(user(contribution, "dim"), " ", quote)
            lines.append(rich.padding.Padding(said_line, (0, 0, 0, 2)))
        lines.append(Text.assemble((f"→ {m('report.what_to_do')}: ", "bold"), user(recommendation)))
        body = rich.padding.Padding(rich.console.Group(*lines), (0, 0, 1, 2))
        out.append(rich.console.Group(heading, body))

    # -- units ----------------------------------------------------------------------------
    units = unit_rows(a)
    if units:
        columns: list[str] = [c for c in _UNIT_COLUMNS if c in units[0]]
        withheld = m("report.withheld", minimum=a.config.min_group)
        longest = max(len(_plain(row["name"])) for row in units)

        def units_table(shown: list[str]) -> Table:
            table = Table(title=m("section.units"), title_justify="left")
            # names wrap at spaces (a word longer than the column folds): the table drops
            # metric columns instead when the terminal is too narrow for all (see _Fitted)
            table.add_column(m("column.unit"), min_width=min(longest, _NAME_WIDTH), overflow="fold")
            table.add_column(m("column.size"), justify="right")
            for column in shown:
                table.add_column(m(f"component.{column}"), justify="right")
            for row in units:
                if row["suppressed"]:  # marked under the name: the numbers' columns stay narrow
                    label = Text.assemble(user(row["name"]), "\n", (withheld, "dim"))
                    table.add_row(label, *[Text("")] * (len(shown) + 1))
                else:
                    cells = [Text(n(row["size"]))] + [Text(n(row[c])) for c in shown]
                    table.add_row(user(row["name"]), *cells)
            return table

        def width(shown: list[str]) -> int:  # each column: its text, two of padding, a border
            labels = [m("column.size"), *(m(f"component.{c}") for c in shown)]
            return 1 + min(longest, _NAME_WIDTH) + 3 + sum(max(len(x), 4) + 3 for x in labels)

        choices = [columns[:k] for k in range(len(columns), -1, -1)]
        out.append(_Fitted([(width(shown), units_table(shown)) for shown in choices]))

    # -- the moment assessed and the key settings ------------------------------------------
    settings = a.config.to_dict()
    config = Table(
        title=m("terminal.key_settings"),
        title_justify="left",
    )
    config.add_column(m("column.setting"))
    config.add_column(m("column.value"))
    config.add_row(Text(m("column.as_of")), Text(f"{a.as_of:%Y-%m-%d %H:%M} UTC"))
    for key in _KEY_SETTINGS:
        if key in settings:
            config.add_row(Text(key), user(_setting(settings[key], lang)))
    out.append(config)
    out.append(Text(m("terminal.all_settings"), style="dim"))
    return out


def print_assessment(
    assessment: Assessment, *, lang: str = "en", console: Console | None = None
) -> None:
    """Print ``assessment`` to ``console`` (by default the terminal), in ``lang``.

    ``lang`` is ``"en"`` (English, the default) or ``"sv"`` (Swedish). Needs
    rich (``pip install 'ownership[cli]'``).

    >>> import io
    >>> from rich.console import Console
    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> console = Console(file=io.StringIO(), width=100, color_system=None)
    >>> print_assessment(assess(demo()), lang="sv", console=console)
    >>> "Ägarskapsindex: 0,08" in console.file.getvalue()
    True
    """
    lang = check_lang(lang)
    renderables = _renderables(assessment, lang)
    if console is None:
        console = _rich().console.Console()
    for renderable in renderables:
        console.print(renderable)


def render_text(assessment: Assessment, *, lang: str = "en", width: int = 100) -> str:
    """The terminal report as plain text (no colour codes), ``width`` characters wide.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> text = render_text(assess(demo()))
    >>> "Ownership index: 0.08" in text, "\\x1b" in text
    (True, False)
    """
    lang = check_lang(lang)
    renderables = _renderables(assessment, lang)
    console = _rich().console.Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for renderable in renderables:
        console.print(renderable)
    text: str = console.file.getvalue()
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
