"""The message catalogue: complete in both languages, and every key the code uses exists."""

from __future__ import annotations

import math
import re
import string
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ownership import AssessmentConfig, assess
from ownership.assess import DIMENSIONS, Assessment
from ownership.data import demo
from ownership.errors import Problem, ValidationError
from ownership.findings import RULES, Finding, Practice, Severity, _texts
from ownership.report import _catalogue
from ownership.report._catalogue import (
    LANGUAGES,
    MESSAGES,
    check_lang,
    message,
    missing,
    number,
)
from ownership.report.markdown import render_markdown
from ownership.report.terminal import render_text
from ownership.synth import generate

REPORT = Path(_catalogue.__file__).parent


@pytest.fixture(scope="module")
def demo_assessment() -> Assessment:
    return assess(demo())


def _without_owners_and_revisions() -> Assessment:
    """The demo with one goal's owners and every revision after the first removed.

    The two rules the demo does not fire then fire: goals-without-owners and
    no-revision-since-adoption.
    """
    d = demo()
    goals = (attrs.evolve(d.goals[0], owners=()), *d.goals[1:])
    return assess(attrs.evolve(d, goals=goals, revisions=d.revisions[:1]))


@pytest.fixture(scope="module")
def assessments(demo_assessment: Assessment) -> list[Assessment]:
    strict = AssessmentConfig(
        sla_days=3.5,
        responsiveness_floor=1.0,
        one_way_share=0.05,
        voice_equality_floor=0.9,
        earliness_floor=1.0,
    )
    return [
        demo_assessment,
        assess(demo(), config=strict),
        _without_owners_and_revisions(),
        *(assess(generate(stakeholders=60, seed=seed)) for seed in (1, 2)),
    ]


# -- completeness ------------------------------------------------------------------------


def test_catalogue_is_complete() -> None:
    assert missing() == []
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key


def test_missing_names_a_text_that_is_absent_or_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {**MESSAGES, "x.absent": {"en": "x"}, "x.blank": {"en": "x", "sv": "  "}}
    monkeypatch.setattr(_catalogue, "MESSAGES", broken)
    assert missing() == [("x.absent", "sv"), ("x.blank", "sv")]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_language_fills_in_the_same_fields() -> None:
    # a translation that asks for another field would fail only when it is rendered
    for key, texts in MESSAGES.items():
        assert _fields(texts["sv"]) == _fields(texts["en"]), key


def test_keys_of_the_model_exist(demo_assessment: Assessment) -> None:
    a = demo_assessment
    expected = ["index", *(f"dimension.{d}" for d in DIMENSIONS)]
    expected += [f"component.{metric}" for metric in a.metrics]
    for score in a.dimensions.values():
        expected += [f"component.{name}" for name in score.components]
    expected += [f"route.{route}" for route in a.routes]
    expected += [f"severity.{s.value}" for s in Severity]
    expected += [f"practice.{p.value}" for p in Practice]
    expected += [f"subject.{kind}" for kind in RULES_SUBJECTS]
    for code in RULES:
        expected += [f"finding.{code}.title", f"finding.{code}.recommendation"]
    assert [key for key in expected if key not in MESSAGES] == []


RULES_SUBJECTS = ("units", "stakeholders", "goals", "contributions", "milestones")


def test_every_literal_key_in_the_renderers_exists() -> None:
    # keys written out in the code (those built with f-strings are checked by rendering)
    used = set()
    for name in ("markdown.py", "terminal.py"):
        source = (REPORT / name).read_text(encoding="utf-8")
        used |= set(re.findall(r"\bm\(\s*[\"']([a-z_.\- ]+)[\"']", source))
        used |= set(re.findall(r"\bmessage\(\s*[\"']([a-z_.\- ]+)[\"']", source))
    assert len(used) > 10
    assert sorted(used - set(MESSAGES)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_report_of_every_finding_renders(assessments: list[Assessment], lang: str) -> None:
    codes = set()
    for a in assessments:
        text = render_markdown(a, lang=lang)
        plain = render_text(a, lang=lang, width=120)
        assert "{" not in text.split("## ")[-2]  # no template left unfilled in the findings
        for finding in a.findings:
            codes.add(finding.code)
            title, recommendation = finding.describe(lang)
            assert "{" not in title
            assert recommendation in text
            assert title.split(":")[0][:20] in plain
    # every rule fired somewhere, so every finding text was filled in
    assert codes == set(RULES)


# -- check_lang, message, number -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_lang_returns_a_known_language(lang: str) -> None:
    assert check_lang(lang) == lang


@pytest.mark.parametrize("lang", ["xx", "EN", "", "sv ", None, 1, ("en",)])
def test_check_lang_names_the_problem(lang: object) -> None:
    with pytest.raises(ValidationError) as raised:
        check_lang(lang)
    assert list(raised.value.problems) == [
        Problem("lang", f"unknown language {lang!r}; choose one of: en, sv")
    ]
    assert isinstance(raised.value, ValueError)


def test_check_lang_message_is_the_documented_one() -> None:
    with pytest.raises(ValidationError) as raised:
        check_lang("xx")
    assert str(raised.value.problems[0]) == "lang: unknown language 'xx'; choose one of: en, sv"


def test_message_fills_in_fields_and_refuses_unknown_keys_and_languages() -> None:
    assert message("finding.mostly-one-way.title", "en", one_way=3, total=4) == (
        "3 of 4 events were one-way"
    )
    assert message("dimension.living_strategy", "sv") == "Levande strategi"
    assert message("index") == "Ownership index"  # English by default
    with pytest.raises(KeyError):
        message("no.such.key", "en")
    with pytest.raises(ValidationError):
        message("index", "de")


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (0.0792, "en", 2, "0.08"),
        (0.0792, "sv", 2, "0,08"),
        (35.19, "sv", 1, "35,2"),
        (-0.5, "sv", 2, "-0,50"),
        (1.0, "en", 2, "1.00"),
        (0.125, "en", 3, "0.125"),
        (22, "en", 2, "22"),
        (22, "sv", 2, "22"),
        (np.int64(7), "sv", 2, "7"),
        (np.float64(0.25), "sv", 2, "0,25"),
        (None, "en", 2, "–"),
        (float("nan"), "sv", 2, "–"),
        (np.float64("nan"), "en", 2, "–"),
    ],
)
def test_number(value: Any, lang: str, digits: int, expected: str) -> None:
    assert number(value, lang, digits) == expected


def test_number_refuses_an_unknown_language() -> None:
    with pytest.raises(ValidationError):
        number(0.5, "fr")


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_number_is_the_rounded_value_with_a_decimal_comma_in_swedish(value: float) -> None:
    english = number(value, "en")
    assert number(value, "sv") == english.replace(".", ",")
    assert "," not in english
    assert math.isclose(float(english), round(value, 2), abs_tol=1e-9)


# -- findings in both languages --------------------------------------------------------------

# the titles of the demo's findings (a unit is named by its name, not its id)
DEMO_TITLES = [
    "1 unit never took part in two-way dialogue",
    "9 questions and concerns are unanswered after 14 days",
    "Leaders of Samhällsbyggnadsförvaltningen mostly broadcast: 7 of their 8 events were one-way",
    "2 achieved milestones were never reported",
    "154 days without a shared result",
    "3 goals with low ownership among the people affected",
    "11 goals have no story",
]


def test_english_titles_are_unchanged(demo_assessment: Assessment) -> None:
    assert [f.title for f in demo_assessment.findings] == DEMO_TITLES
    assert [f.describe("en")[0] for f in demo_assessment.findings] == DEMO_TITLES
    assert demo_assessment.findings[1].recommendation == (
        "Answer each of them, saying what will change or why not; unanswered voices teach "
        "people not to speak."
    )


def test_swedish_texts_of_every_finding(assessments: list[Assessment]) -> None:
    for a in assessments:
        for finding in a.findings:
            title, recommendation = finding.describe("sv")
            assert (title, recommendation) != (finding.title, finding.recommendation)
            assert finding.describe("en") == (finding.title, finding.recommendation)
            # the numbers of the English title are in the Swedish one too
            for figure in re.findall(r"\d+(?:\.\d+)?", finding.title):
                assert figure.replace(".", ",") in title


@pytest.mark.parametrize(
    ("code", "evidence", "subjects", "english", "swedish"),
    [
        (
            "unit-never-consulted",
            {"units": 1, "people": 3},
            {"units": ("it",)},
            "1 unit never took part in two-way dialogue",
            "1 enhet har aldrig varit med i en dialog",
        ),
        (
            "unit-never-consulted",
            {"units": 2, "people": 3},
            {"units": ("it", "hr")},
            "2 units never took part in two-way dialogue",
            "2 enheter har aldrig varit med i en dialog",
        ),
        (
            "milestones-not-reported",
            {"unreported": 1, "report_days": 30},
            {"milestones": ("m",)},
            "1 achieved milestone was never reported",
            "1 uppnådd milstolpe har aldrig återrapporterats",
        ),
        (
            "goals-without-owners",
            {"goals": 1},
            {"goals": ("g",)},
            "1 goal has no owner",
            "1 mål saknar ägare",
        ),
        (
            "low-ownership-goal",
            {"organisation": 0.3, "g": 0.1},
            {"goals": ("g",)},
            "1 goal with low ownership among the people affected",
            "1 mål med lågt ägarskap bland dem som berörs",
        ),
        (
            "unanswered",
            {"responsiveness": 0.5, "unanswered": 2, "sla_days": 7.5},
            {"goals": ("g1",), "contributions": ("c1", "c2")},
            "2 questions and concerns on g1 are unanswered after 7.5 days",
            "Frågor och farhågor om g1 som är obesvarade efter 7,5 dagar: 2",
        ),
        (
            "no-shared-results",
            {"days": 91.5},
            {},
            "91.5 days without a shared result",
            "91,5 dagar utan ett delat resultat",
        ),
    ],
)
def test_titles_agree_in_number(
    code: str,
    evidence: dict[str, Any],
    subjects: dict[str, tuple[str, ...]],
    english: str,
    swedish: str,
) -> None:
    title, recommendation = _texts(code, subjects, evidence)
    assert title == english
    finding = Finding(
        code=code,
        severity=Severity.MEDIUM,
        practice=Practice.DIALOGUE,
        title=title,
        subjects=subjects,
        evidence=evidence,
        recommendation=recommendation,
    )
    assert finding.describe("sv")[0] == swedish


def test_a_finding_the_catalogue_does_not_know_keeps_its_own_texts() -> None:
    own = Finding(
        code="my-rule",
        severity=Severity.LOW,
        practice=Practice.DIALOGUE,
        title="Something of my own",
        subjects={},
        evidence={},
        recommendation="Do something.",
    )
    assert own.describe("sv") == ("Something of my own", "Do something.")
    without_evidence = attrs.evolve(own, code="unanswered")
    assert without_evidence.describe("sv") == ("Something of my own", "Do something.")
    with pytest.raises(ValidationError):
        own.describe("xx")


# -- the glossary of the docs ------------------------------------------------------------------

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "languages.md"
SECTIONS = {
    "Dimensions": "dimension",
    "Routes to ownership": "route",
    "Components": "component",
    "Severities": "severity",
    "Practices": "practice",
}


def _glossary() -> dict[str, list[tuple[str, str, str]]]:
    tables: dict[str, list[tuple[str, str, str]]] = {}
    section = None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
            tables[section] = []
        elif section and line.startswith("| `"):
            name, english, swedish = (cell.strip() for cell in line.strip("|").split("|"))
            tables[section].append((name.strip("`"), english, swedish))
    return tables


def test_the_glossary_of_the_docs_is_the_catalogue(demo_assessment: Assessment) -> None:
    tables = _glossary()
    assert set(tables) == set(SECTIONS)
    for section, prefix in SECTIONS.items():
        for name, english, swedish in tables[section]:
            assert MESSAGES[f"{prefix}.{name}"] == {"en": english, "sv": swedish}
    names = {section: [row[0] for row in rows] for section, rows in tables.items()}
    assert names["Dimensions"] == list(DIMENSIONS)
    assert names["Routes to ownership"] == list(demo_assessment.routes)
    assert names["Components"] == list(demo_assessment.metrics)
    assert names["Severities"] == [s.value for s in Severity]
    assert names["Practices"] == [p.value for p in Practice]
