"""The message catalogue: every label and text of the reports, in English and Swedish.

Each key maps to one text per language of :data:`LANGUAGES`. Texts are
:meth:`str.format` templates; :func:`message` fills them in. Keys are grouped
by prefix: ``dimension.``, ``component.``, ``route.``, ``severity.``,
``practice.``, ``subject.``, ``finding.<code>.``, ``section.``, ``column.``,
``report.`` (texts every report shares), and one prefix per renderer
(``terminal.``, ``html.``).

>>> message("dimension.participation", "sv")
'Delaktighet'
>>> message("finding.goals-without-owners.title", "en", n=3)
'3 goals have no owner'
>>> number(0.0792, "sv")
'0,08'
>>> missing()
[]
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Final

from ..errors import Problem, ValidationError

__all__ = ["LANGUAGES", "MESSAGES", "check_lang", "message", "missing", "number"]

LANGUAGES: Final = ("en", "sv")
"""The languages of the reports: English (the default) and Swedish."""

MESSAGES: Final[Mapping[str, Mapping[str, str]]] = {
    # --- the index and its routes ---
    "index": {"en": "Ownership index", "sv": "Ägarskapsindex"},
    "route.control": {"en": "control", "sv": "kontroll"},
    "route.knowing": {"en": "intimate knowing", "sv": "ingående kännedom"},
    "route.investment": {"en": "self-investment", "sv": "egen investering"},
    "route.owner_share": {"en": "share of owners", "sv": "andel ägare"},
    # --- dimensions ---
    "dimension.participation": {"en": "Participation", "sv": "Delaktighet"},
    "dimension.dialogue": {"en": "Dialogue", "sv": "Dialog"},
    "dimension.leadership": {"en": "Leadership", "sv": "Ledarskap"},
    "dimension.visibility": {"en": "Visibility", "sv": "Synlighet"},
    "dimension.living_strategy": {"en": "Living strategy", "sv": "Levande strategi"},
    "dimension.adaptiveness": {"en": "Adaptiveness", "sv": "Anpassningsförmåga"},
    "dimension.shared_direction": {"en": "Shared direction", "sv": "Gemensam riktning"},
    # --- components: every metric of an assessment ---
    "component.reach": {"en": "reach", "sv": "räckvidd"},
    "component.unit_coverage": {"en": "unit coverage", "sv": "täckning av enheter"},
    "component.depth": {"en": "depth", "sv": "djup"},
    "component.earliness": {"en": "earliness", "sv": "tidig delaktighet"},
    "component.continuity": {"en": "continuity", "sv": "kontinuitet"},
    "component.representation": {"en": "representation", "sv": "representation"},
    "component.unit_mix": {"en": "unit mix", "sv": "blandning av enheter"},
    "component.two_way_share": {"en": "two-way share", "sv": "andel tvåvägsdialog"},
    "component.voice": {"en": "voice", "sv": "komma till tals"},
    "component.responsiveness": {"en": "responsiveness", "sv": "svar i tid"},
    "component.latency": {"en": "latency (days)", "sv": "svarstid (dagar)"},
    "component.uptake": {"en": "uptake", "sv": "genomslag för inspel"},
    "component.closing_the_loop": {"en": "closing the loop", "sv": "återkoppling"},
    "component.voice_equality": {"en": "voice equality", "sv": "jämn fördelning av ordet"},
    "component.enabling_ratio": {"en": "enabling ratio", "sv": "möjliggörande ledarskap"},
    "component.leader_responsiveness": {
        "en": "leader responsiveness",
        "sv": "chefers lyhördhet",
    },
    "component.delivery": {"en": "delivery", "sv": "leverans"},
    "component.sharing": {"en": "sharing", "sv": "delade resultat"},
    "component.audience_reach": {"en": "audience reach", "sv": "spridning"},
    "component.cadence": {"en": "cadence", "sv": "regelbundenhet"},
    "component.story_coverage": {"en": "story coverage", "sv": "mål med berättelser"},
    "component.story_reach": {"en": "story reach", "sv": "berättelsernas räckvidd"},
    "component.revision_uptake": {
        "en": "revision uptake",
        "sv": "revideringar utifrån inspel",
    },
    "component.concern_resolution": {
        "en": "concern resolution",
        "sv": "omhändertagna farhågor",
    },
    "component.shared_direction": {"en": "shared direction", "sv": "gemensam riktning"},
    "component.ownership_index": {"en": "ownership index", "sv": "ägarskapsindex"},
    # --- findings: severity, practice, subjects ---
    "severity.high": {"en": "high", "sv": "hög"},
    "severity.medium": {"en": "medium", "sv": "medel"},
    "severity.low": {"en": "low", "sv": "låg"},
    "practice.participation": {"en": "participation", "sv": "delaktighet"},
    "practice.dialogue": {"en": "dialogue", "sv": "dialog"},
    "practice.leaders as enablers": {
        "en": "leaders as enablers",
        "sv": "ledare som möjliggörare",
    },
    "practice.results along the way": {
        "en": "results along the way",
        "sv": "resultat längs vägen",
    },
    "practice.a living strategy": {"en": "a living strategy", "sv": "en levande strategi"},
    "subject.units": {"en": "units", "sv": "enheter"},
    "subject.stakeholders": {"en": "stakeholders", "sv": "intressenter"},
    "subject.goals": {"en": "goals", "sv": "mål"},
    "subject.contributions": {"en": "contributions", "sv": "inspel"},
    "subject.milestones": {"en": "milestones", "sv": "milstolpar"},
    # --- findings: title and recommendation of every rule ---
    # A title is ``.title``; ``.title_one`` when its count ``n`` is 1, and
    # ``.title_goal`` when it is about one goal, where the rule has those.
    "finding.key-people-involved-late.title": {
        "en": "{n} key stakeholders were not in dialogue before adoption",
        "sv": "Nyckelpersoner som inte var med i dialogen innan strategin antogs: {n}",
    },
    "finding.key-people-involved-late.title_one": {
        "en": "{n} key stakeholder was not in dialogue before adoption",
        "sv": "Nyckelpersoner som inte var med i dialogen innan strategin antogs: {n}",
    },
    "finding.key-people-involved-late.recommendation": {
        "en": "Meet these people before the next revision and let what they say shape it: "
        "involvement after the decision is consultation in name only.",
        "sv": "Träffa de här personerna före nästa revidering och låt det de säger forma "
        "den: delaktighet efter beslutet är samråd bara till namnet.",
    },
    "finding.unit-never-consulted.title": {
        "en": "{n} units never took part in two-way dialogue",
        "sv": "{n} enheter har aldrig varit med i en dialog",
    },
    "finding.unit-never-consulted.title_one": {
        "en": "{n} unit never took part in two-way dialogue",
        "sv": "{n} enhet har aldrig varit med i en dialog",
    },
    "finding.unit-never-consulted.recommendation": {
        "en": "Invite these units to a workshop or theme day on the goals that affect them, "
        "and answer what they raise; a strategy they only hear about will not be theirs.",
        "sv": "Bjud in enheterna till en workshop eller temadag om de mål som berör dem, "
        "och svara på det de tar upp; en strategi som de bara hör talas om blir aldrig "
        "deras.",
    },
    "finding.mostly-one-way.title": {
        "en": "{one_way} of {total} events were one-way",
        "sv": "{one_way} av {total} aktiviteter var envägskommunikation",
    },
    "finding.mostly-one-way.recommendation": {
        "en": "Turn presentations into dialogues: leave half the time for questions, or "
        "follow each announcement with a workshop or an open forum.",
        "sv": "Gör presentationer till dialoger: lämna halva tiden åt frågor, eller följ "
        "upp varje besked med en workshop eller ett öppet forum.",
    },
    "finding.leaders-broadcast.title": {
        "en": "Leaders of {unit} mostly broadcast: {one_way} of their {total} events were one-way",
        "sv": "Cheferna i {unit} informerar mest: {one_way} av deras {total} aktiviteter "
        "var envägskommunikation",
    },
    "finding.leaders-broadcast.recommendation": {
        "en": "Leaders build ownership by asking and listening: let them host a dialogue "
        "on the strategy in their unit and report back what changed.",
        "sv": "Chefer bygger ägarskap genom att fråga och lyssna: låt dem leda en dialog om "
        "strategin i sin enhet och återkoppla vad som blev annorlunda.",
    },
    "finding.unanswered.title": {
        "en": "{n} questions and concerns are unanswered after {days} days",
        "sv": "Frågor och farhågor som är obesvarade efter {days} dagar: {n}",
    },
    "finding.unanswered.title_one": {
        "en": "{n} question or concern is unanswered after {days} days",
        "sv": "Frågor och farhågor som är obesvarade efter {days} dagar: {n}",
    },
    "finding.unanswered.title_goal": {
        "en": "{n} questions and concerns on {goal} are unanswered after {days} days",
        "sv": "Frågor och farhågor om {goal} som är obesvarade efter {days} dagar: {n}",
    },
    "finding.unanswered.recommendation": {
        "en": "Answer each of them, saying what will change or why not; unanswered voices "
        "teach people not to speak.",
        "sv": "Svara på var och en och säg vad som kommer att ändras, eller varför inte; "
        "röster som aldrig får svar lär människor att tiga.",
    },
    "finding.no-revision-since-adoption.title": {
        "en": "{n} concerns raised since adoption, and no revision since",
        "sv": "Farhågor som lyfts sedan strategin antogs: {n}, och ingen revidering sedan dess",
    },
    "finding.no-revision-since-adoption.recommendation": {
        "en": "Review the strategy against what people raised and publish a revision that "
        "says which concerns changed it.",
        "sv": "Gå igenom strategin mot det som lyfts och publicera en revidering som säger "
        "vilka farhågor som ändrade den.",
    },
    "finding.milestones-not-reported.title": {
        "en": "{n} achieved milestones were never reported",
        "sv": "{n} uppnådda milstolpar har aldrig återrapporterats",
    },
    "finding.milestones-not-reported.title_one": {
        "en": "{n} achieved milestone was never reported",
        "sv": "{n} uppnådd milstolpe har aldrig återrapporterats",
    },
    "finding.milestones-not-reported.recommendation": {
        "en": "Tell people what was achieved, where they work: a short story or a demo in "
        "the next meeting shows the strategy is moving.",
        "sv": "Berätta vad som har uppnåtts, där människor arbetar: en kort berättelse eller "
        "en demo på nästa möte visar att strategin rör sig framåt.",
    },
    "finding.no-shared-results.title": {
        "en": "{days} days without a shared result",
        "sv": "{days} dagar utan ett delat resultat",
    },
    "finding.no-shared-results.recommendation": {
        "en": "Share a result at least every quarter: a milestone, a pilot, a "
        "before-and-after, so people see the strategy working.",
        "sv": "Dela ett resultat minst varje kvartal: en milstolpe, en pilot, ett före och "
        "efter, så att människor ser att strategin gör skillnad.",
    },
    "finding.goals-without-owners.title": {
        "en": "{n} goals have no owner",
        "sv": "{n} mål saknar ägare",
    },
    "finding.goals-without-owners.title_one": {
        "en": "{n} goal has no owner",
        "sv": "{n} mål saknar ägare",
    },
    "finding.goals-without-owners.recommendation": {
        "en": "Give each goal an owner who answers for it and speaks for it.",
        "sv": "Ge varje mål en ägare som ansvarar för det och talar för det.",
    },
    "finding.goals-without-stories.title": {
        "en": "{n} goals have no story",
        "sv": "{n} mål saknar en berättelse",
    },
    "finding.goals-without-stories.title_one": {
        "en": "{n} goal has no story",
        "sv": "{n} mål saknar en berättelse",
    },
    "finding.goals-without-stories.recommendation": {
        "en": "Tell how each goal changes someone's working day: a story from the people it "
        "affects makes a goal concrete.",
        "sv": "Berätta hur varje mål förändrar någons arbetsdag: en berättelse från dem som "
        "berörs gör målet konkret.",
    },
    "finding.low-ownership-goal.title": {
        "en": "{n} goals with low ownership among the people affected",
        "sv": "{n} mål med lågt ägarskap bland dem som berörs",
    },
    "finding.low-ownership-goal.title_one": {
        "en": "{n} goal with low ownership among the people affected",
        "sv": "{n} mål med lågt ägarskap bland dem som berörs",
    },
    "finding.low-ownership-goal.recommendation": {
        "en": "Involve the affected units in shaping how these goals are reached: let them "
        "decide something real.",
        "sv": "Låt de berörda enheterna vara med och forma hur målen nås: låt dem bestämma "
        "något på riktigt.",
    },
    "finding.voice-concentrated.title": {
        "en": "A few people do most of the talking",
        "sv": "Ett fåtal personer står för det mesta av samtalet",
    },
    "finding.voice-concentrated.recommendation": {
        "en": "Use formats that draw out the quiet: written input before meetings, small "
        "groups, anonymous digital channels.",
        "sv": "Använd arbetsformer som lockar fram de tysta: skriftliga inspel före möten, "
        "små grupper, anonyma digitala kanaler.",
    },
    # --- sections and columns every report shares ---
    "section.index": {"en": "Ownership index", "sv": "Ägarskapsindex"},
    "section.routes": {"en": "Routes to ownership", "sv": "Vägar till ägarskap"},
    "section.dimensions": {"en": "Dimensions", "sv": "Dimensioner"},
    "section.findings": {"en": "Findings", "sv": "Iakttagelser"},
    "section.units": {"en": "Units", "sv": "Enheter"},
    "section.configuration": {"en": "Configuration", "sv": "Inställningar"},
    "section.quotes": {"en": "What people said", "sv": "Vad som sades"},
    "column.dimension": {"en": "dimension", "sv": "dimension"},
    "column.score": {"en": "score", "sv": "värde"},
    "column.components": {"en": "components", "sv": "delmått"},
    "column.route": {"en": "route", "sv": "väg"},
    "column.unit": {"en": "unit", "sv": "enhet"},
    "column.size": {"en": "people", "sv": "personer"},
    "column.setting": {"en": "setting", "sv": "inställning"},
    "column.value": {"en": "value", "sv": "värde"},
    "column.severity": {"en": "severity", "sv": "allvar"},
    "column.finding": {"en": "finding", "sv": "iakttagelse"},
    "column.practice": {"en": "practice", "sv": "arbetssätt"},
    "column.contribution": {"en": "contribution", "sv": "inspel"},
    "column.as_of": {"en": "assessed at", "sv": "bedömt per"},
    # --- texts every report shares ---
    "report.title": {"en": "Ownership assessment", "sv": "Bedömning av ägarskap"},
    "report.as_of": {"en": "As of {moment} UTC.", "sv": "Läget per {moment} UTC."},
    "report.quotes": {"en": "what people wrote", "sv": "vad som skrevs"},
    "report.owners": {
        "en": "{share} of the people in scope are owners",
        "sv": "{share} av personerna i urvalet är ägare",
    },
    "report.no_findings": {"en": "No rule fired.", "sv": "Ingen regel slog till."},
    "report.what_to_do": {"en": "what to do", "sv": "att göra"},
    "report.withheld": {"en": "withheld (< {minimum})", "sv": "undanhållen (< {minimum})"},
    "report.quote_withheld": {
        "en": "text withheld: fewer than {minimum} people in the author's unit",
        "sv": "texten undanhålls: färre än {minimum} personer i skribentens enhet",
    },
    "report.undefined": {"en": "undefined", "sv": "ej definierad"},
    # --- the terminal report ---
    "terminal.key_settings": {"en": "Key settings", "sv": "Centrala inställningar"},
    "terminal.all_settings": {
        "en": "Every setting is listed in the Markdown, HTML and JSON reports.",
        "sv": "Alla inställningar finns i rapporterna i Markdown, HTML och JSON.",
    },
    # --- html report ---
    "html.no_data": {"en": "no data", "sv": "inga uppgifter"},
    "html.withheld": {"en": "withheld", "sv": "undanhållen"},
    "html.score_axis": {"en": "score (0–1)", "sv": "värde (0–1)"},
    "html.dimensions_title": {
        "en": "Ownership index, routes and dimensions",
        "sv": "Ägarskapsindex, vägar och dimensioner",
    },
    "html.index_note": {
        "en": "The index is the mean of each person's ownership, which grows along three "
        "routes: control (influence on the strategy), intimate knowing (exposure to it) "
        "and self-investment (effort put into it); Pierce, Kostova & Dirks (2001).",
        "sv": "Indexet är medelvärdet av varje persons ägarskap, som växer längs tre vägar: "
        "kontroll (inflytande över strategin), ingående kännedom (att möta den) och egen "
        "investering (arbete som lagts ned i den); Pierce, Kostova & Dirks (2001).",
    },
    "html.units_title": {
        "en": "Ownership and participation per unit",
        "sv": "Ägarskap och delaktighet per enhet",
    },
    "html.units_note": {
        "en": "A unit with fewer than {min_group} people in scope, or whose values could be "
        "worked out from the others, is withheld; – means no data, not zero.",
        "sv": "En enhet med färre än {min_group} personer i urvalet, eller vars värden "
        "skulle kunna räknas fram ur de andra, undanhålls; – betyder inga uppgifter, "
        "inte noll.",
    },
    "html.timeline_title": {
        "en": "The ownership index over time",
        "sv": "Ägarskapsindex över tid",
    },
    "html.column.at": {"en": "at", "sv": "tidpunkt"},
    "html.power_interest_title": {
        "en": "Stakeholders by power and interest",
        "sv": "Intressenter efter inflytande och intresse",
    },
    "html.power": {"en": "Power", "sv": "Inflytande"},
    "html.interest": {"en": "Interest", "sv": "Intresse"},
    "html.two_way_yes": {"en": "took part in two-way dialogue", "sv": "deltog i dialog"},
    "html.two_way_no": {"en": "no two-way dialogue", "sv": "ingen dialog"},
    "html.quadrant.manage_closely": {"en": "manage closely", "sv": "samarbeta nära"},
    "html.quadrant.keep_satisfied": {"en": "keep satisfied", "sv": "håll nöjda"},
    "html.quadrant.keep_informed": {"en": "keep informed", "sv": "håll informerade"},
    "html.quadrant.monitor": {"en": "monitor", "sv": "bevaka"},
    "html.column.quadrant": {"en": "quadrant", "sv": "kvadrant"},
    "html.column.stakeholders": {"en": "stakeholders", "sv": "intressenter"},
    "html.key_people": {
        "en": "Key people (high power and high interest):",
        "sv": "Nyckelpersoner (stort inflytande och stort intresse):",
    },
    "html.power_interest_note": {
        "en": "Mendelow's grid, split at 0.5: key people with high power and high interest "
        "are named, each for whether they took part in two-way dialogue; no one's own "
        "ownership score is shown.",
        "sv": "Mendelows modell, delad vid 0,5: nyckelpersoner med stort inflytande och "
        "stort intresse namnges, med om de deltog i dialog; ingens eget värde för "
        "ägarskap visas.",
    },
    # --- end html report ---
}
"""Every text of the reports: key → language → :meth:`str.format` template."""


def check_lang(lang: object) -> str:
    """``lang`` when it is one of :data:`LANGUAGES`; a :class:`ValidationError` otherwise.

    >>> check_lang("sv")
    'sv'
    >>> check_lang("de")
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: lang: unknown language 'de'; choose one of: en, sv
    """
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    choices = ", ".join(LANGUAGES)
    problem = Problem("lang", f"unknown language {lang!r}; choose one of: {choices}")
    raise ValidationError([problem])


def message(key: str, lang: str = "en", /, **fields: object) -> str:
    """The text of ``key`` in ``lang``, its ``{fields}`` filled in.

    An unknown key raises :class:`KeyError`: keys are written in code, never
    taken from input.

    >>> message("finding.mostly-one-way.title", "sv", one_way=7, total=8)
    '7 av 8 aktiviteter var envägskommunikation'
    >>> message("severity.high", "sv")
    'hög'
    """
    return MESSAGES[key][check_lang(lang)].format(**fields)


def number(value: float | int | None, lang: str, digits: int = 2) -> str:
    """``value`` as a report shows it: ``digits`` decimals, a decimal comma in Swedish.

    Integers are shown whole; ``None`` and NaN (undefined or withheld) as "–".

    >>> number(0.0792, "en"), number(0.0792, "sv"), number(35.19, "sv", 1)
    ('0.08', '0,08', '35,2')
    >>> number(22, "sv"), number(None, "en"), number(float("nan"), "sv")
    ('22', '–', '–')
    """
    check_lang(lang)
    given: object = value  # numpy and pandas scalars come here too
    if given is None or isinstance(given, bool):
        return "–" if given is None else str(given)
    if isinstance(given, numbers.Integral):
        return str(int(given))
    try:
        real = float(given)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"  # pandas' NA and friends: a missing value
    if math.isnan(real):
        return "–"
    text = f"{real:.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


def missing() -> list[tuple[str, str]]:
    """Every ``(key, language)`` of :data:`MESSAGES` without a text; ``[]`` when complete.

    >>> missing()
    []
    """
    return [
        (key, lang)
        for key, texts in MESSAGES.items()
        for lang in LANGUAGES
        if not texts.get(lang, "").strip()
    ]
