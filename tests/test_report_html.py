"""The HTML report: well-formed, self-contained, every user text escaped, with and without
matplotlib, complete in English and Swedish."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

from ownership import Assessment, AssessmentConfig, StrategyProcess, assess
from ownership.data import demo
from ownership.errors import ValidationError
from ownership.report import html as html_module
from ownership.report._catalogue import LANGUAGES, MESSAGES
from ownership.report.html import render_html

TEMPLATES = Path(html_module.__file__).parent / "templates"

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}

# the tags the report itself writes: HTML, and the SVG elements matplotlib draws
HTML_TAGS = {
    "html", "head", "meta", "title", "body", "div", "style", "header", "h1", "h2", "h3", "p",
    "section", "figure", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "span",
    "article", "code", "strong", "q",
}  # fmt: skip
SVG_TAGS = {
    "svg", "g", "defs", "path", "use", "clippath", "rect", "text", "image", "pattern", "style",
    "tspan", "lineargradient", "stop", "circle", "polyline", "polygon", "line", "ellipse",
}  # fmt: skip

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "{% raw %}x{% endraw %}",
    "</style><script>alert(2)</script>",
    "</title><script>alert(3)</script>",
    "'; alert(4); '",
    "-->\n<!--<script>alert(5)</script>",
    "Tom & Jerry &amp; &lt;b&gt;",
    "\u202eevil\u202c right-to-left",
    "<a href='https://example.org/x'>link</a>",
    "<style>@import url(https://example.org/x.css)</style>",
    "]]><![CDATA[<script>alert(6)</script>",
    "$\\frac$ costs $5 and $",
)
"""Texts that would run or fetch something if they reached the page unescaped."""


# -- parsing --------------------------------------------------------------------------------


class Page(HTMLParser):
    """Tags (balanced), attributes and the text a browser would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.declarations: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.stack == [], parser.stack
    return parser


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg[\s>].*?</svg>", page, flags=re.DOTALL)


def check_self_contained(page: str, *, urls_in_text: bool = False) -> None:
    """No reference leaves the page: links only to fragments, images only as data URIs,
    style sheets import nothing. With ``urls_in_text`` the text shown may mention URLs
    (as data with payloads does); otherwise no URL is anywhere but in namespace names."""
    parsed = parse(page)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.DOTALL)
    for tag, name, value in parsed.attributes:
        assert not name.startswith("on"), (tag, name, value)
        if name in ("src", "href", "xlink:href", "action", "formaction", "srcset", "poster"):
            assert value is not None
            assert value.startswith(("#", "data:image/png;base64,")), (tag, name, value)
        if name == "style" and value:
            styles.append(value)
        if value and not value.startswith("data:image/png;base64,"):
            assert "javascript:" not in value.lower(), (tag, name, value)
    for style in styles:
        assert "@import" not in style
        for target in re.findall(r"url\(\s*([^)]*)\)", style):
            assert target.startswith("#"), target
    for tag in ("script", "link", "iframe", "object", "embed", "img", "a", "base", "form"):
        assert tag not in parsed.tags
    assert "<?xml" not in page
    assert "<!DOCTYPE svg" not in page
    assert "<metadata" not in page
    if not urls_in_text:
        # the only URLs left are XML namespace names, which nothing fetches
        without_namespaces = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", page)
        assert not re.search(r"(https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,})", without_namespaces, re.I)
        assert "@import" not in page


def check_escaped(page: str, payloads: tuple[str, ...]) -> None:
    """The page is well-formed, writes only its own tags, and shows each payload as text."""
    parsed = parse(page)
    assert parsed.tags <= HTML_TAGS | SVG_TAGS, parsed.tags - HTML_TAGS - SVG_TAGS
    check_self_contained(page, urls_in_text=True)
    shown = "".join(parsed.text)
    for payload in payloads:
        if re.search(r"[<>&]", payload):
            assert payload not in page, payload
    assert "{{7*7}}" in shown  # shown as written, never evaluated
    for piece in svgs(page):
        ET.fromstring(piece)  # each chart is well-formed XML too


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_assessment() -> Assessment:
    return assess(demo())


@pytest.fixture(scope="module")
def demo_page(demo_assessment: Assessment) -> str:
    return render_html(demo_assessment)


HOSTILE = " | ".join(PAYLOADS)


def hostile() -> StrategyProcess:
    """The demo with every payload in every unit and stakeholder name, goal and event title
    and contribution text (followed by the object's id)."""
    process = demo()

    def named(items: tuple[Any, ...], field: str) -> list[Any]:
        return [attrs.evolve(item, **{field: f"{HOSTILE} {item.id}"}) for item in items]

    return attrs.evolve(
        process,
        units=named(process.units, "name"),
        stakeholders=named(process.stakeholders, "name"),
        goals=named(process.goals, "title"),
        events=named(process.events, "title"),
        contributions=named(process.contributions, "text"),
    )


QUARTERLY = AssessmentConfig(period="QS")
"""A shorter timeline (the slow part of a report) where the timeline is not what is tested."""


@pytest.fixture(scope="module")
def hostile_assessment() -> Assessment:
    return assess(hostile(), config=QUARTERLY)


# -- the page -------------------------------------------------------------------------------


def test_page_is_well_formed_and_self_contained(demo_page: str) -> None:
    assert demo_page.startswith('<!DOCTYPE html>\n<html lang="en">')
    parsed = parse(demo_page)
    assert parsed.declarations == ["DOCTYPE html"]
    check_self_contained(demo_page)
    assert len(svgs(demo_page)) == 4  # dimensions, units, timeline, power/interest
    for piece in svgs(demo_page):
        root = ET.fromstring(piece)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_page_has_every_section(demo_assessment: Assessment, demo_page: str) -> None:
    text = "".join(parse(demo_page).text)
    for heading in (
        "Ownership assessment",
        "Ownership index",
        "Dimensions",
        "Ownership and participation per unit",
        "The ownership index over time",
        "Stakeholders by power and interest",
        "Findings",
        "Configuration",
    ):
        assert f">{heading}</h" in demo_page, heading
    assert f"{demo_assessment.as_of:%Y-%m-%d %H:%M}" in text
    # every finding with its title and recommendation, and the quoted contributions
    for finding in demo_assessment.findings:
        title, recommendation = finding.describe("en")
        assert title in text
        assert recommendation in text
    assert "Bygglovsansökningarna kommer fortfarande på papper" in text
    # every setting
    for key in demo_assessment.config.to_dict():
        assert f"<code>{key}</code>" in demo_page


def test_charts_have_distinct_ids_and_output_is_deterministic(
    demo_assessment: Assessment, demo_page: str
) -> None:
    ids = re.findall(r'\sid="([^"]+)"', demo_page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert render_html(demo_assessment) == demo_page


def test_fragment_for_jupyter(demo_assessment: Assessment) -> None:
    fragment = render_html(demo_assessment, fragment=True)
    assert fragment.startswith('<div class="ownership-report" lang="en">')
    assert fragment.rstrip().endswith("</div>")
    for tag in ("<html", "<head>", "<body"):
        assert tag not in fragment
    check_self_contained(fragment)
    # every style rule applies inside the report only (a chart's rules inside the chart)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", fragment, flags=re.DOTALL)
    assert len(styles) == 5  # the report's and each chart's
    for style in styles:
        selectors = re.findall(r"(?:^|})\s*([^{}]+)\{", style)
        assert selectors
        for group in selectors:
            for selector in group.split(","):
                assert selector.strip().startswith((".ownership-report", "#")), selector
    for chart in ("dimensions", "units", "timeline", "power_interest"):
        assert re.search(rf'<svg [^>]*id="{chart}-chart"', fragment), chart
        assert f"#{chart}-chart *" in fragment
    assert demo_assessment._repr_html_() == fragment


@pytest.fixture(scope="module")
def swedish_page(demo_assessment: Assessment) -> str:
    return render_html(demo_assessment, lang="sv")


def test_swedish_page(demo_assessment: Assessment, swedish_page: str) -> None:
    page = swedish_page
    assert '<html lang="sv">' in page
    check_self_contained(page)
    text = "".join(parse(page).text)
    for heading in ("Bedömning av ägarskap", "Dimensioner", "Iakttagelser", "Inställningar"):
        assert heading in text
    assert "Ägarskap och delaktighet per enhet" in text
    assert f"{demo_assessment.index:.2f}".replace(".", ",") in text
    for finding in demo_assessment.findings:
        assert finding.describe("sv")[0] in text


def test_unknown_language(demo_assessment: Assessment) -> None:
    with pytest.raises(ValidationError, match="unknown language 'fi'"):
        render_html(demo_assessment, lang="fi")


# -- user text is escaped ---------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "fragment"), [("en", False), ("en", True), ("sv", False)])
def test_payloads_are_escaped(hostile_assessment: Assessment, lang: str, fragment: bool) -> None:
    page = render_html(hostile_assessment, lang=lang, fragment=fragment)
    check_escaped(page, PAYLOADS)
    shown = "".join(parse(page).text)
    # the payloads reached the page, as text: in unit, stakeholder and goal names and quotes
    for payload in PAYLOADS:
        assert payload in shown, payload


def test_payloads_in_every_kind_of_text(hostile_assessment: Assessment) -> None:
    """Each kind of user text is in the page (so escaping is what keeps it harmless)."""
    process = hostile()
    page = render_html(hostile_assessment)
    shown = "".join(parse(page).text)
    finding_ids = {
        i for f in hostile_assessment.findings for ids in f.subjects.values() for i in ids
    }
    for kind, items, field in (
        ("unit", process.units, "name"),
        ("stakeholder", process.stakeholders, "name"),
        ("goal", process.goals, "title"),
        ("contribution", process.contributions, "text"),
    ):
        named = [getattr(item, field) for item in items if item.id in finding_ids]
        assert named, kind
        for text in named:
            assert text in shown, (kind, text)


def test_payloads_without_matplotlib(tmp_path: Path) -> None:
    page = run_without(
        "matplotlib",
        "from test_report_html import QUARTERLY, hostile\n"
        "result = assess(hostile(), config=QUARTERLY)",
        tmp_path,
    )
    assert "<svg" not in page
    check_escaped(page, PAYLOADS)


# -- without matplotlib or jinja2 -----------------------------------------------------------------

SCRIPT = """
import sys
sys.modules[{module!r}] = None
sys.path.insert(0, {tests!r})
from ownership import assess
from ownership.data import demo
from ownership.errors import OwnershipError
{setup}
try:
    page = result.to_html()
except OwnershipError as error:
    page = "OwnershipError: " + str(error)
open({out!r}, "w", encoding="utf-8").write(page)
"""


def run_without(module: str, setup: str, tmp_path: Path) -> str:
    out = tmp_path / "page.html"
    script = SCRIPT.format(
        module=module, tests=str(Path(__file__).parent), setup=setup, out=str(out)
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=600)
    return out.read_text(encoding="utf-8")


def test_page_without_matplotlib_has_every_section_as_tables(
    demo_assessment: Assessment, demo_page: str, tmp_path: Path
) -> None:
    page = run_without("matplotlib", "result = assess(demo())", tmp_path)
    assert "<svg" not in page
    check_self_contained(page)
    parsed = parse(page)
    text = "".join(parsed.text)
    # the same headings as with charts
    assert re.findall(r"<h2>(.*?)</h2>", page) == re.findall(r"<h2>(.*?)</h2>", demo_page)
    # the heatmap as a table: every unit by name with its people, and a column per score
    names = dict(demo_assessment._base.table("units").select("id", "name").collect().rows())
    for unit in demo_assessment.units["unit"]:
        assert f'<th scope="row">{names[unit]}</th>' in page
    # the timeline as a table: one row per moment
    moments = re.findall(r'<th scope="row">(\d{4}-\d\d-\d\d)</th>', page)
    assert len(moments) == len(demo_assessment.timeline())
    # the power/interest grid as counts per quadrant (the demo's 109 people in scope with both
    # attributes), and the key people
    quadrants = re.search(
        r'<section class="stakeholders">.*?<tbody>(.*?)</tbody>', page, flags=re.DOTALL
    )
    assert quadrants is not None
    totals = [
        int(n)
        for n in re.findall(r'<th scope="row">[^<]+</th><td class="num">(\d+)', quadrants.group(1))
    ]
    assert len(totals) == 4
    view = demo_assessment._base.view(demo_assessment.as_of)
    people = view.people.collect().to_pandas()
    with_both = people.dropna(subset=["power", "interest"])
    assert sum(totals) == len(with_both)
    key = with_both[(with_both.power >= 0.5) & (with_both.interest >= 0.5)]
    assert totals[0] == len(key)
    assert "Karin Ahlgren" in text
    # the dimensions with their components, as with charts
    for label in ("Participation", "Shared direction", "voice equality", "story reach"):
        assert label in text


def test_page_without_jinja2_names_the_extra(tmp_path: Path) -> None:
    page = run_without("jinja2", "result = assess(demo())", tmp_path)
    assert page == "OwnershipError: the HTML report needs jinja2: pip install 'ownership[html]'"


# -- sections that depend on the data -------------------------------------------------------------


def test_no_grid_without_power_and_interest() -> None:
    process = demo()
    bare = [attrs.evolve(s, interest=None) for s in process.stakeholders]
    page = render_html(assess(attrs.evolve(process, stakeholders=bare), config=QUARTERLY))
    assert "Stakeholders by power and interest" not in page
    assert len(svgs(page)) == 3
    parse(page)


def test_withheld_quotes_say_so() -> None:
    config = attrs.evolve(QUARTERLY, min_text=10_000)
    result = assess(demo(), config=config)
    page = render_html(result)
    text = "".join(parse(page).text)
    assert "Bygglovsansökningarna" not in text
    count = sum(len(f.subjects.get("contributions", ())) for f in result.findings)
    assert count > 0
    assert text.count("text withheld: fewer than 10000 people") == count


# -- both languages complete ----------------------------------------------------------------------


def test_every_html_key_in_both_languages() -> None:
    keys = [key for key in MESSAGES if key.startswith("html.")]
    assert keys
    for key in keys:
        for lang in LANGUAGES:
            assert MESSAGES[key].get(lang, "").strip(), (key, lang)


def test_every_key_the_report_uses_exists() -> None:
    template = (TEMPLATES / "report.html.j2").read_text(encoding="utf-8")
    used = set(re.findall(r't\("([^"]+)"', template))
    for source in ("html.py", "plots.py"):
        code = (Path(html_module.__file__).parent / source).read_text(encoding="utf-8")
        used |= set(re.findall(r'message\(\s*"([^"]+)"', code))
    assert len(used) > 20
    assert sorted(used - set(MESSAGES)) == []


def test_swedish_page_has_no_english_label(swedish_page: str) -> None:
    shown = "".join(parse(swedish_page).text)
    english = [
        texts["en"]
        for key, texts in MESSAGES.items()
        if key.startswith(("html.", "section.", "report.", "dimension."))
        and "{" not in texts["en"]
        and len(texts["en"]) > 8
        and texts["en"] != texts["sv"]
    ]
    assert english
    assert [text for text in english if text in shown] == []
