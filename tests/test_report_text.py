"""The Markdown and terminal reports: complete in both languages, user text always literal."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from ownership import (
    AssessmentConfig,
    Contribution,
    Event,
    Goal,
    Participation,
    Stakeholder,
    StrategyProcess,
    Unit,
    assess,
)
from ownership.assess import DIMENSIONS, Assessment
from ownership.data import demo
from ownership.errors import OwnershipError, ValidationError
from ownership.report._catalogue import LANGUAGES, message
from ownership.report._content import quotes, subject_names, unit_rows
from ownership.report.markdown import _escape, render_markdown
from ownership.report.terminal import print_assessment, render_text

markdown_it = pytest.importorskip("markdown_it")

WIDE = 400  # terminal width at which no name or title wraps


@pytest.fixture(scope="module")
def demo_assessment() -> Assessment:
    return assess(demo())


# -- both languages on the demo ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_markdown_holds_every_dimension_finding_and_unit(
    demo_assessment: Assessment, lang: str
) -> None:
    a = demo_assessment
    text = render_markdown(a, lang=lang)
    assert text.splitlines()[0] == "# " + message("report.title", lang)
    for dimension in DIMENSIONS:
        assert f"| {message(f'dimension.{dimension}', lang)} |" in text
    for finding in a.findings:
        title, recommendation = finding.describe(lang)
        assert _escape(title) in text
        assert _escape(recommendation) in text
        assert message(f"severity.{finding.severity.value}", lang) in text
    for row in unit_rows(a):
        assert f"| {_escape(row['name'])} |" in text
    assert a.to_markdown(lang=lang) == text


def test_markdown_speaks_swedish(demo_assessment: Assessment) -> None:
    text = render_markdown(demo_assessment, lang="sv")
    # the numbers with a decimal comma, the labels in Swedish, none of the English ones
    assert "**Ägarskapsindex: 0,08**" in text
    assert "| Delaktighet | 0,61 |" in text
    for english in ("Participation", "Findings", "what to do", "Units", "0.08"):
        assert english not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_terminal_holds_every_dimension_finding_and_unit(
    demo_assessment: Assessment, lang: str
) -> None:
    a = demo_assessment
    text = render_text(a, lang=lang, width=WIDE)
    assert "\x1b" not in text
    assert message("report.title", lang) in text
    assert f"{message('index', lang)}: {'0,08' if lang == 'sv' else '0.08'}" in text
    for route in ("control", "knowing", "investment", "owner_share"):
        assert message(f"route.{route}", lang) in text
    for dimension, score in a.dimensions.items():
        assert message(f"dimension.{dimension}", lang) in text
        for component in score.components:
            assert message(f"component.{component}", lang) in text
    for finding in a.findings:
        title, recommendation = finding.describe(lang)
        assert title in text
        assert recommendation in text
    for row in unit_rows(a):
        assert row["name"] in text
    assert "2026-02-24 14:00" in text  # the moment assessed
    assert "min_group" in text


def test_terminal_lines_fit_the_width(demo_assessment: Assessment) -> None:
    for width in (60, 80, 100):
        lines = render_text(demo_assessment, width=width).splitlines()
        assert max(len(line) for line in lines) <= width


def test_a_narrow_terminal_drops_unit_columns_not_letters(demo_assessment: Assessment) -> None:
    # every unit name of the demo has words of at most 29 letters: at 80 columns the units
    # table keeps each word whole on a line and shows fewer metrics than at 140
    names = [row["name"] for row in unit_rows(demo_assessment)]
    narrow = render_text(demo_assessment, width=80)
    wide = render_text(demo_assessment, width=140)
    for text in (narrow, wide):
        units = text[text.index(message("section.units")) :]
        for word in {w for name in names for w in name.split()}:
            assert word in units
    assert message("component.responsiveness") in wide.split(message("section.units"))[1]
    assert message("component.responsiveness") not in narrow.split(message("section.units"))[1]


def test_print_assessment_writes_to_the_console_given(demo_assessment: Assessment) -> None:
    console = Console(file=io.StringIO(), width=120, color_system="truecolor", force_terminal=True)
    print_assessment(demo_assessment, lang="sv", console=console)
    written = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in written  # in colour on a terminal
    plain = re.sub(r"\x1b\[[0-9;]*m", "", written)
    assert "Gemensam riktning" in plain


@pytest.mark.parametrize("render", [render_markdown, render_text])
def test_an_unknown_language_is_a_validation_error(
    demo_assessment: Assessment, render: Any
) -> None:
    with pytest.raises(ValidationError, match="unknown language 'de'"):
        render(demo_assessment, lang="de")


def test_without_rich_the_terminal_report_says_which_extra(
    demo_assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "rich" or name.startswith("rich."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(OwnershipError, match=r"pip install 'ownership\[cli\]'"):
        render_text(demo_assessment)


def test_suppressed_units_are_marked(demo_assessment: Assessment) -> None:
    # with a minimum of 60 people, the three units of 22, 25 and 57 people are withheld
    a = assess(demo(), config=AssessmentConfig(min_group=60, min_count=60))
    rows = unit_rows(a)
    withheld = sorted(row["unit"] for row in rows if row["suppressed"])
    assert withheld == ["anvandarstod", "it", "kommunledning"]
    for row in rows:
        if row["suppressed"]:
            assert row["size"] is None
            assert all(row[c] is None for c in list(row)[4:])
    for lang in LANGUAGES:
        marker = message("report.withheld", lang, minimum=60)
        assert render_markdown(a, lang=lang).count(f"| {marker} |") == 3
        assert render_text(a, lang=lang, width=WIDE).count(marker) == 3
        assert marker not in render_markdown(demo_assessment, lang=lang)


# -- quotes and their privacy minimum ------------------------------------------------------------

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _small_process(big: int = 5) -> StrategyProcess:
    """Two units: "big" with ``big`` people (one stakeholder of that size) and "small"
    with 2; one workshop where each unit asks a question that nobody answers."""
    people = [
        Stakeholder(id="bea", name="Bea", unit="big", size=big),
        Stakeholder(id="sam", name="Sam", unit="small"),
        Stakeholder(id="sol", name="Sol", unit="small"),
    ]
    workshop = Event(
        id="w1",
        kind="workshop",
        title="Kick-off",
        start=T0,
        participations=[Participation(stakeholder=s.id, role="participant") for s in people],
    )
    asked = [
        Contribution(id="q-big", event="w1", author="bea", kind="question", text="Big ask?"),
        Contribution(id="q-small", event="w1", author="sam", kind="question", text="Small ask?"),
    ]
    return StrategyProcess(
        units=[Unit(id="big", name="Big unit"), Unit(id="small", name="Small unit")],
        stakeholders=people,
        goals=[Goal(id="g", title="A goal", owners=("bea",))],
        events=[workshop],
        contributions=asked,
    )


def _assessed(big: int = 5, min_text: int = 5) -> Assessment:
    config = AssessmentConfig(min_text=min_text)
    return assess(_small_process(big), as_of=T0 + timedelta(days=30), config=config)


def test_quotes_are_withheld_under_min_text() -> None:
    # the big unit has 5 people (a stakeholder of size 5), the small one 2:
    # with min_text 5 the big unit's question is shown, the small one's withheld
    a = _assessed(big=5, min_text=5)
    unanswered = [f for f in a.findings if f.code == "unanswered"]
    assert unanswered
    assert set(unanswered[0].subjects["contributions"]) == {"q-big", "q-small"}
    assert quotes(a) == {"q-big": "Big ask?", "q-small": None}
    # at min_text 2 both units are large enough; at 6 neither is
    assert quotes(_assessed(big=5, min_text=2)) == {"q-big": "Big ask?", "q-small": "Small ask?"}
    assert quotes(_assessed(big=5, min_text=6)) == {"q-big": None, "q-small": None}
    assert quotes(_assessed(big=4, min_text=5)) == {"q-big": None, "q-small": None}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reports_show_quotes_or_say_they_are_withheld(lang: str) -> None:
    a = _assessed(big=5, min_text=5)
    withheld = message("report.quote_withheld", lang, minimum=5)
    for text in (render_markdown(a, lang=lang), render_text(a, lang=lang, width=WIDE)):
        assert "Big ask?" in text
        assert "Small ask?" not in text
        assert withheld in text
    shown = _assessed(big=5, min_text=2)
    for text in (render_markdown(shown, lang=lang), render_text(shown, lang=lang, width=WIDE)):
        assert "Small ask?" in text
        assert withheld.split(":")[0] not in text


def test_quotes_without_findings_are_empty() -> None:
    a = assess(_small_process(), as_of=T0 + timedelta(days=1))  # nothing is overdue yet
    assert all("contributions" not in f.subjects for f in a.findings)
    assert quotes(a) == {}


def test_subject_names(demo_assessment: Assessment) -> None:
    names = subject_names(demo_assessment)
    assert names["stakeholders"]["louise-ahman"] == "Louise Åhman"
    assert set(names) == {"units", "stakeholders", "goals", "milestones"}


# -- user text never acts: a corpus of payloads ------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[bold]loud[/bold]",
    "pipe | in | cell",
    "[click](javascript:alert(1))",
    "`rm -rf /`",
    "*stars* and _under_",
    "two\nlines\r\nthree",
    "&lt;already&gt; &amp;",
    "<a href='javascript:alert(1)'>x</a>",
]


def _poisoned() -> StrategyProcess:
    """The demo with a payload in every unit and stakeholder name, goal and milestone
    title and contribution text."""
    d = demo()

    def payload(i: int) -> str:
        return f"{PAYLOADS[i % len(PAYLOADS)]} #{i}"

    return attrs.evolve(
        d,
        units=[attrs.evolve(u, name=payload(i)) for i, u in enumerate(d.units)],
        stakeholders=[attrs.evolve(s, name=payload(i)) for i, s in enumerate(d.stakeholders)],
        goals=[attrs.evolve(g, title=payload(i)) for i, g in enumerate(d.goals)],
        milestones=[attrs.evolve(m, title=payload(i)) for i, m in enumerate(d.milestones)],
        contributions=[attrs.evolve(c, text=payload(i)) for i, c in enumerate(d.contributions)],
    )


@pytest.fixture(scope="module")
def poisoned() -> Assessment:
    return assess(_poisoned())


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _shown_in_every_report(a: Assessment) -> list[str]:
    """The user texts a report of ``a`` shows: unit names, subjects' names, quotes."""
    texts = [row["name"] for row in unit_rows(a)]
    texts += [name for kind in subject_names(a).values() for name in kind.values()]
    texts += [text for text in quotes(a).values() if text]
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_markdown_shows_payloads_as_text(poisoned: Assessment, lang: str) -> None:
    text = render_markdown(poisoned, lang=lang)
    shown = _shown_in_every_report(poisoned)
    assert {p.split(" ")[0] for p in PAYLOADS} <= {s.split(" ")[0] for s in shown}
    for raw in ("<script", "<img", "<a ", "<b"):
        assert raw not in text
    for markup in ("[bold]", "[click](", "`rm", "*stars*", "_under_", "| in |"):
        # none is there without a backslash before its first character
        assert not re.search(r"(?<!\\)" + re.escape(markup), text), markup
    # rendered as a Markdown viewer would, no element comes from the data ...
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    parser = _Elements()
    parser.feed(rendered)
    allowed = {"h1", "h2", "p", "strong", "em", "code", "ul", "li", "table", "thead", "tbody"}
    allowed |= {"tr", "th", "td"}
    assert {tag for tag, _ in parser.tags} <= allowed
    assert all(not attributes for tag, attributes in parser.tags if tag not in ("th", "td"))
    # ... every table row has as many cells as its header ...
    for table in re.findall(r"<table>.*?</table>", rendered, flags=re.S):
        header = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>.*?</tr>", table.split("</thead>")[1], flags=re.S):
            assert len(re.findall(r"<td[ >]", row)) == header
    # ... and every name and quote reads as it was written (line breaks as spaces)
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for name in shown:
        assert re.sub(r"\r\n|\n", " ", name) in visible


@pytest.mark.parametrize("lang", LANGUAGES)
def test_terminal_shows_payloads_literally(poisoned: Assessment, lang: str) -> None:
    text = render_text(poisoned, lang=lang, width=WIDE)
    assert "[bold]loud[/bold]" in text  # rich markup is not interpreted
    assert "<script>alert(1)</script>" in text
    console = Console(file=io.StringIO(), width=WIDE, force_terminal=True, record=True)
    print_assessment(poisoned, lang=lang, console=console)
    assert "[bold]loud[/bold]" in console.export_text()


def test_terminal_replaces_control_characters(demo_assessment: Assessment) -> None:
    d = demo()
    name = "Evil\x1b[31m red\x07"
    a = assess(attrs.evolve(d, units=[attrs.evolve(d.units[0], name=name), *d.units[1:]]))
    text = render_text(a, width=WIDE)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "Evil\N{REPLACEMENT CHARACTER}[31m red\N{REPLACEMENT CHARACTER}" in text


# -- escaping any text ------------------------------------------------------------------------

_SPECIAL = "<>&|`*_[]\\!#()~:;\"' \n\r\t-=+.{}"
_TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from(_SPECIAL),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    max_size=40,
)


def _unescaped(text: str, char: str) -> bool:
    """Whether ``char`` occurs in ``text`` without a backslash escaping it."""
    escaped = False
    for c in text:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == char:
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_escaped_text_has_no_markup_and_reads_back(text: str) -> None:
    cell = _escape(text)
    for raw in "<>\n\r":
        assert raw not in cell
    for char in "|`*_[]~":
        assert not _unescaped(cell, char)
    # undoing the escapes gives the text back, its line breaks as spaces
    assert html.unescape(re.sub(r"\\(.)", r"\1", cell)) == re.sub(r"\r\n|[\n\r]", " ", text)


@settings(max_examples=150, deadline=None)
@given(_TEXTS)
def test_an_escaped_cell_is_one_cell_of_its_text(text: str) -> None:
    line = f"| {_escape(text)} | x |"
    rendered = (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .render("| a | b |\n| --- | --- |\n" + line + "\n")
    )
    row = rendered.split("<tbody>")[1]
    cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
    assert len(cells) == 2
    assert "<" not in cells[0].replace("&lt;", "")
    # a viewer trims white space around a cell, nothing else
    expected = re.sub(r"\r\n|[\n\r]", " ", text).strip()
    assert html.unescape(cells[0]).strip() == expected
