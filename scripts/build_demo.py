"""Build the demo process of :func:`ownership.data.demo` and write it as JSON.

Sjöviks kommun (a fictional Swedish municipality of about 700 employees in the
units below) works out and carries out its "IT-strategi 2025–2026" from
September 2024 to February 2026. Everything here is authored by hand: the
organisation, the goal tree, every event, every question, idea and concern and
every answer. Only the reactions on the dialogue platform and the survey
answers are spread out by a loop with a fixed seed, from hand-set levels of
support, because nobody writes 900 votes by hand.

The problems planted on purpose are described in the docstring of
``src/ownership/data/__init__.py``; keep the two in step.

Run from the repository root::

    .venv/bin/python scripts/build_demo.py

The output is deterministic: the same script always writes the same file.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

from ownership import (
    Contribution,
    Event,
    Goal,
    Milestone,
    Participation,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    SurveyAnswer,
    Unit,
)
from ownership.io import dumps

TZ = ZoneInfo("Europe/Stockholm")
OUT = Path(__file__).resolve().parents[1] / "src" / "ownership" / "data" / "demo.json"
SEED = 2025


def t(text: str) -> datetime:
    """``'2024-09-17 13:40'``, Swedish local time, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def ids(text: str) -> list[str]:
    """Whitespace-separated ids, as written in the event list below."""
    return text.split()


def records(block: str) -> list[tuple[list[str], str]]:
    """Parse a block of records: a header line of ``|``-separated fields, then indented text."""
    out: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith(" "):
            out[-1][1].append(line.strip())
        else:
            out.append(([field.strip() for field in line.split("|")], []))
    return [(header, " ".join(text)) for header, text in out]


# ---------------------------------------------------------------------------
# the organisation

UNITS = [
    Unit(id="kommunledning", name="Kommunledningsförvaltningen"),
    Unit(id="it", name="IT-avdelningen", parent="kommunledning"),
    Unit(id="anvandarstod", name="Användarstöd", parent="it"),
    Unit(id="socialtjanst", name="Socialförvaltningen", parent="kommunledning"),
    Unit(id="utbildning", name="Barn- och utbildningsförvaltningen", parent="kommunledning"),
    Unit(id="samhallsbyggnad", name="Samhällsbyggnadsförvaltningen", parent="kommunledning"),
    Unit(id="kultur-fritid", name="Kultur- och fritidsförvaltningen", parent="kommunledning"),
    Unit(id="externa", name="Externa partner", external=True),
]
INTERNAL = [u.id for u in UNITS if not u.external]

START = t("2024-09-02 08:00")  # the day the work was announced

# id | name | L (a leader) or size | power interest legitimacy urgency affectedness | site
#     role (for external partners the last field is the organisation)
STAKEHOLDERS = """
[kommunledning]
karin-ahlgren | Karin Ahlgren | L | .95 .70 .95 .50 .40 | Stadshuset
    Kommundirektör, ordförande i styrgruppen för IT-strategin
lars-holmqvist | Lars Holmqvist | 1 | 1.0 .45 .95 .30 .20 | Stadshuset
    Kommunstyrelsens ordförande
maria-sjoberg | Maria Sjöberg | 1 | .55 .95 .80 .70 .60 | Stadshuset
    Digitaliseringsstrateg, processledare för IT-strategin
anders-nyman | Anders Nyman | L | .70 .55 .80 .45 .50 | Stadshuset
    HR-chef
helena-berg | Helena Berg | L | .75 .50 .80 .40 .35 | Stadshuset
    Ekonomichef
johan-ek | Johan Ek | L | .55 .50 .70 .35 .40 | Stadshuset
    Kommunikationschef
sara-lund | Sara Lund | 1 | .25 .60 .55 .40 .45 | Stadshuset
    Kommunikatör, redaktör för Sjöviks IT-nytt
peter-wikstrom | Peter Wikström | L | .60 .35 .75 .30 .40 | Stadshuset
    Kanslichef
ulla-forsberg | Ulla Forsberg | 1 | .20 .50 .50 .40 .60 | Stadshuset
    Nämndsekreterare
ks-ledamoter | Kommunstyrelsens ledamöter | 10 | .90 .30 .90 .25 .15 | Stadshuset
    Förtroendevalda i kommunstyrelsen (övriga ledamöter)
handlaggare-klk | Handläggare på kommunledningskontoret | 24 | .20 .35 .50 .30 .60 | Stadshuset
    Handläggare och utredare
hr-konsulter | HR-konsulter och lönehandläggare | 14 | .20 .40 .50 .35 .65 | Stadshuset
    HR-konsulter och lönehandläggare

[it]
mikael-strand | Mikael Strand | L | .85 .95 .85 .70 .80 | Stadshuset
    IT-chef
jenny-falk | Jenny Falk | L | .60 .85 .75 .65 .80 | Stadshuset
    Gruppchef drift och infrastruktur
ola-bergman | Ola Bergman | L | .60 .80 .75 .55 .75 | Stadshuset
    Gruppchef systemförvaltning
nadia-haddad | Nadia Haddad | 1 | .55 .85 .80 .75 .70 | Stadshuset
    Informationssäkerhetssamordnare
erik-dahl | Erik Dahl | 1 | .40 .80 .65 .50 .70 | Stadshuset
    IT-arkitekt
linnea-hellstrom | Linnea Hellström | 1 | .35 .80 .60 .55 .70 | Stadshuset
    Projektledare, gemensam digital arbetsplats
ahmed-yusuf | Ahmed Yusuf | 1 | .35 .80 .60 .55 .65 | Stadshuset
    Projektledare, e-tjänster och Mina sidor
tobias-engstrom | Tobias Engström | 1 | .25 .70 .55 .60 .75 | Stadshuset
    Nätverkstekniker
sofia-ostberg | Sofia Östberg | 1 | .25 .65 .55 .50 .70 | Stadshuset
    Systemförvaltare, socialtjänstens verksamhetssystem
daniel-kaya | Daniel Kaya | 1 | .25 .70 .55 .50 .70 | Stadshuset
    Systemförvaltare, skolplattformen
fredrik-olsson | Fredrik Olsson | 1 | .20 .65 .50 .45 .65 | Stadshuset
    Integrationsutvecklare
emma-lindgren | Emma Lindgren | 1 | .30 .60 .55 .45 .55 | Stadshuset
    Licens- och avtalsansvarig
robert-sandberg | Robert Sandberg | 1 | .20 .50 .50 .40 .65 | Stadshuset
    Servertekniker
malin-astrom | Malin Åström | 1 | .20 .60 .50 .45 .65 | Stadshuset
    Systemförvaltare
drifttekniker | Drifttekniker | 8 | .20 .55 .50 .50 .75 | Stadshuset
    Drifttekniker
systemutvecklare | Systemutvecklare och integratörer | 4 | .20 .55 .50 .40 .65 | Stadshuset
    Systemutvecklare och integratörer

[anvandarstod]
camilla-nord | Camilla Nord | L | .50 .85 .75 .70 .80 | Stadshuset
    Chef för användarstöd
jonas-blom | Jonas Blom | 1 | .20 .75 .55 .65 .80 | Stadshuset
    Servicedesktekniker
aisha-mohammed | Aisha Mohammed | 1 | .20 .75 .55 .65 .80 | Stadshuset
    Servicedesktekniker
viktor-lind | Viktor Lind | 1 | .15 .60 .50 .60 .80 | Stadshuset
    Servicedesktekniker
marie-eklund | Marie Eklund | 1 | .15 .55 .50 .55 .75 | Stadshuset
    Supportsamordnare
lena-gustafsson | Lena Gustafsson | 1 | .25 .80 .60 .60 .70 | Stadshuset
    IT-utbildare
patrik-holm | Patrik Holm | 1 | .20 .75 .55 .70 .80 | Norrskolan
    IT-tekniker i skolorna
hugo-persson | Hugo Persson | 1 | .10 .60 .45 .50 .70 | Stadshuset
    IT-supporttekniker
servicedesk | Servicedesk, första linjen | 9 | .15 .55 .50 .60 .80 | Stadshuset
    Servicedesktekniker
it-tekniker-skolor | IT-tekniker i skolorna | 5 | .15 .60 .50 .65 .80 | Skolorna
    IT-tekniker

[socialtjanst]
birgitta-larsson | Birgitta Larsson | L | .85 .65 .90 .60 .60 | Socialkontoret
    Socialchef
goran-magnusson | Göran Magnusson | L | .70 .60 .85 .70 .70 | Socialkontoret
    Verksamhetschef äldreomsorg
annika-soderberg | Annika Söderberg | L | .65 .50 .80 .50 .55 | Socialkontoret
    Verksamhetschef individ- och familjeomsorg
hanna-wallin | Hanna Wallin | L | .45 .85 .75 .90 .90 | Hemtjänst Norr
    Enhetschef hemtjänst Norr
mats-eriksson | Mats Eriksson | L | .45 .75 .75 .80 .85 | Hemtjänst Västra
    Enhetschef hemtjänst Västra
elin-nilsson | Elin Nilsson | L | .40 .70 .75 .70 .85 | Solbacken
    Enhetschef Solbackens äldreboende
katarina-bjork | Katarina Björk | 1 | .55 .80 .85 .80 .70 | Socialkontoret
    Medicinskt ansvarig sjuksköterska (MAS)
jesper-lindqvist | Jesper Lindqvist | 1 | .35 .90 .65 .70 .75 | Socialkontoret
    Digitaliseringsutvecklare, välfärdsteknik
lotta-fransson | Lotta Fransson | 1 | .25 .75 .60 .60 .75 | Socialkontoret
    Verksamhetsnära systemförvaltare
zeynep-arslan | Zeynep Arslan | 1 | .10 .85 .55 .90 .95 | Hemtjänst Norr
    Undersköterska
ali-hassan | Ali Hassan | 1 | .10 .75 .55 .85 .95 | Hemtjänst Norr
    Undersköterska
kerstin-johansson | Kerstin Johansson | 1 | .15 .85 .55 .80 .95 | Hemtjänst Västra
    Undersköterska
monica-andersson | Monica Andersson | 1 | .20 .70 .60 .70 .85 | Solbacken
    Sjuksköterska
sanna-karlsson | Sanna Karlsson | 1 | .15 .70 .55 .70 .80 | Socialkontoret
    Socialsekreterare, barn och unga
david-pettersson | David Pettersson | 1 | .15 .60 .55 .65 .75 | Socialkontoret
    Socialsekreterare, vuxen
ingrid-hedlund | Ingrid Hedlund | 1 | .15 .55 .55 .55 .75 | Socialkontoret
    Biståndshandläggare
usk-norr | Undersköterskor i hemtjänst Norr | 45 | .10 .60 .50 .85 .95 | Hemtjänst Norr
    Undersköterskor
usk-vastra | Undersköterskor i hemtjänst Västra | 38 | .10 .55 .50 .80 .95 | Hemtjänst Västra
    Undersköterskor
personal-solbacken | Omsorgspersonal på Solbacken | 52 | .10 .50 .50 .70 .90 | Solbacken
    Undersköterskor och vårdbiträden
socialsekreterare | Socialsekreterare (IFO) | 24 | .10 .50 .50 .60 .80 | Socialkontoret
    Socialsekreterare
bistandshandlaggare | Biståndshandläggare | 12 | .10 .50 .50 .55 .75 | Socialkontoret
    Biståndshandläggare
nattpersonal | Nattpersonal i hemtjänst och särskilt boende | 18 | .10 .55 .50 .75 .90 | Solbacken
    Undersköterskor, natt

[utbildning]
per-hansson | Per Hansson | L | .85 .75 .90 .60 .60 | Skolkontoret
    Förvaltningschef barn och utbildning
asa-lundberg | Åsa Lundberg | L | .55 .80 .80 .70 .80 | Norrskolan
    Rektor Norrskolan
niklas-berglund | Niklas Berglund | L | .55 .65 .80 .60 .75 | Söderskolan
    Rektor Söderskolan
yvonne-isaksson | Yvonne Isaksson | L | .55 .65 .80 .60 .75 | Sjöviks gymnasium
    Rektor Sjöviks gymnasium
therese-holmberg | Therese Holmberg | L | .45 .70 .75 .55 .70 | Förskolorna
    Rektor för förskolorna
johanna-sundqvist | Johanna Sundqvist | 1 | .30 .95 .65 .70 .80 | Skolkontoret
    IKT-pedagog
oskar-lindstrom | Oskar Lindström | 1 | .20 .85 .55 .60 .80 | Skolkontoret
    IKT-pedagog
anna-karin-boman | Anna-Karin Boman | 1 | .15 .85 .60 .75 .90 | Norrskolan
    Lärare årskurs 4–6
simon-axelsson | Simon Axelsson | 1 | .15 .80 .55 .60 .85 | Söderskolan
    Lärare i teknik
fatima-ali | Fatima Ali | 1 | .15 .70 .55 .70 .85 | Sjöviks gymnasium
    Lärare i svenska som andraspråk
henrik-mattsson | Henrik Mattsson | 1 | .15 .70 .55 .65 .85 | Sjöviks gymnasium
    Lärare i samhällskunskap
eva-sundberg | Eva Sundberg | 1 | .10 .60 .50 .55 .80 | Förskolorna
    Förskollärare
karl-wennberg | Karl Wennberg | 1 | .10 .55 .50 .50 .70 | Sjöviks gymnasium
    Studie- och yrkesvägledare
birgit-sjostrom | Birgit Sjöström | 1 | .10 .65 .50 .60 .80 | Norrskolan
    Skoladministratör
gustav-nordin | Gustav Nordin | 1 | .05 .80 .50 .60 .90 | Sjöviks gymnasium
    Elevrådets ordförande
larare-norrskolan | Lärare på Norrskolan | 40 | .10 .60 .55 .65 .90 | Norrskolan
    Lärare
larare-soderskolan | Lärare på Söderskolan | 35 | .10 .55 .55 .60 .90 | Söderskolan
    Lärare
larare-gymnasiet | Lärare på Sjöviks gymnasium | 48 | .10 .55 .55 .60 .90 | Sjöviks gymnasium
    Lärare
forskollarare | Förskollärare och barnskötare | 64 | .10 .45 .50 .45 .70 | Förskolorna
    Förskollärare och barnskötare
elevhalsan | Elevhälsan | 10 | .10 .50 .55 .50 .70 | Skolkontoret
    Skolsköterskor, kuratorer och psykologer
skoladministratorer | Skoladministratörer | 8 | .10 .55 .50 .55 .75 | Skolkontoret
    Skoladministratörer
elevradet | Elevrådet på Sjöviks gymnasium | 12 | .05 .65 .50 .55 .90 | Sjöviks gymnasium
    Elever

[samhallsbyggnad]
christer-wallgren | Christer Wallgren | L | .80 .55 .85 .45 .55 | Samhällsbyggnadshuset
    Samhällsbyggnadschef
louise-ahman | Louise Åhman | L | .55 .50 .75 .40 .55 | Samhällsbyggnadshuset
    Planchef
stefan-hedberg | Stefan Hedberg | L | .55 .60 .75 .55 .65 | Samhällsbyggnadshuset
    Bygglovschef
pia-lindahl | Pia Lindahl | 1 | .25 .85 .60 .55 .70 | Samhällsbyggnadshuset
    GIS-samordnare
rasmus-nordstrom | Rasmus Nordström | 1 | .15 .70 .55 .70 .85 | Samhällsbyggnadshuset
    Bygglovshandläggare
amira-khalil | Amira Khalil | 1 | .15 .75 .55 .70 .85 | Samhällsbyggnadshuset
    Bygglovshandläggare
jonatan-lilja | Jonatan Lilja | 1 | .10 .65 .50 .65 .85 | Samhällsbyggnadshuset
    Bygglovshandläggare
jan-olof-backman | Jan-Olof Backman | 1 | .15 .45 .55 .50 .75 | Samhällsbyggnadshuset
    Byggnadsinspektör
frida-strom | Frida Ström | 1 | .15 .60 .55 .45 .65 | Samhällsbyggnadshuset
    Planarkitekt
marcus-hellberg | Marcus Hellberg | 1 | .15 .55 .50 .55 .70 | Samhällsbyggnadshuset
    Miljöinspektör
mattias-roos | Mattias Roos | 1 | .15 .45 .50 .40 .55 | Samhällsbyggnadshuset
    Trafikingenjör
cecilia-granlund | Cecilia Granlund | 1 | .10 .50 .50 .50 .70 | Samhällsbyggnadshuset
    Registrator
bygglovshandlaggare | Övriga bygglovshandläggare | 7 | .10 .55 .50 .65 .85 | Samhällsbyggnadshuset
    Bygglovshandläggare och byggnadsinspektörer
miljoinspektorer | Miljöinspektörer | 11 | .10 .45 .50 .50 .70 | Samhällsbyggnadshuset
    Miljö- och hälsoskyddsinspektörer
gatu-park | Gatu- och parkpersonal | 34 | .05 .25 .45 .30 .45 | Tekniska förrådet
    Anläggningsarbetare och parkarbetare
planarkitekter | Planarkitekter och kartingenjörer | 6 | .10 .50 .50 .40 .60 | Samhällsbyggnadshuset
    Planarkitekter och kartingenjörer

[kultur-fritid]
gunilla-westberg | Gunilla Westberg | L | .60 .55 .75 .45 .65 | Kulturhuset
    Kultur- och fritidschef
robin-ekstrom | Robin Ekström | L | .35 .60 .65 .50 .70 | Huvudbiblioteket
    Bibliotekschef
lisa-franzen | Lisa Franzén | L | .30 .50 .60 .40 .60 | Kulturhuset
    Rektor för Kulturskolan
tomas-aberg | Tomas Åberg | L | .25 .45 .60 .45 .65 | Fritidsgården Ugglan
    Enhetschef fritid
ellinor-svensson | Ellinor Svensson | 1 | .10 .70 .50 .60 .80 | Huvudbiblioteket
    Bibliotekarie
ida-nygren | Ida Nygren | 1 | .10 .60 .50 .55 .75 | Huvudbiblioteket
    Bibliotekarie, barn och unga
samir-omar | Samir Omar | 1 | .05 .55 .50 .55 .70 | Fritidsgården Ugglan
    Fritidsledare
bengt-ohlsson | Bengt Ohlsson | 1 | .10 .60 .50 .65 .80 | Kulturhuset
    Föreningssamordnare, ansvarig för lokalbokningen
bibliotekspersonal | Bibliotekspersonal | 18 | .05 .45 .50 .50 .75 | Huvudbiblioteket
    Bibliotekarier och biblioteksassistenter
fritidsledare | Fritidsledare | 14 | .05 .35 .45 .45 .70 | Fritidsgården Ugglan
    Fritidsledare
kulturskolans-larare | Lärare på Kulturskolan | 22 | .05 .35 .45 .40 .60 | Kulturhuset
    Musik-, dans- och bildlärare
simhallen | Personal på Sjöviks simhall | 16 | .05 .20 .45 .35 .50 | Sjöviks simhall
    Badvärdar och simlärare

[externa]
stina-wahlberg | Stina Wahlberg | 1 | .40 .60 .55 .40 .30 | Nordkod AB
    Kundansvarig hos leverantören av verksamhetssystem
joakim-frid | Joakim Frid | 1 | .45 .55 .65 .35 .30 | Region Västmark
    Digitaliseringsstrateg
marianne-hagg | Marianne Hägg | 1 | .30 .50 .55 .30 .30 | Sjöviksbostäder AB
    IT-ansvarig i det kommunala bostadsbolaget
hakan-lindh | Håkan Lindh | 1 | .35 .45 .55 .40 .35 | Sjövik Stadsnät AB
    Nätchef
roger-akesson | Roger Åkesson | 1 | .40 .50 .60 .35 .30 | IT-samverkan Norr
    Förbundschef
britt-sundin | Britt Sundin | 1 | .45 .80 .75 .75 .70 | Kommunal, sektion Sjövik
    Ordförande
thomas-berggren | Thomas Berggren | 1 | .40 .70 .75 .55 .60 | Sveriges Lärare, Sjövik
    Huvudskyddsombud
agneta-lundkvist | Agneta Lundkvist | 1 | .40 .70 .75 .55 .60 | Vision, Sjövik
    Ordförande
pensionarsradet | Kommunala pensionärsrådet | 9 | .35 .70 .80 .55 .75 | Pensionärsrådet
    Rådets ledamöter
funktionsrattsradet | Kommunala funktionsrättsrådet | 7 | .30 .65 .80 .55 .80 | Funktionsrättsrådet
    Rådets ledamöter
"""

JOINED = {  # hired during the process
    "hugo-persson": t("2025-02-03 08:00"),
    "jonatan-lilja": t("2025-03-03 08:00"),
    "oskar-lindstrom": t("2025-08-11 08:00"),
    "malin-astrom": t("2025-08-18 08:00"),
}
LEFT = {"robert-sandberg": t("2025-06-30 17:00")}  # took a job in the region


def stakeholders() -> list[Stakeholder]:
    external = {u.id for u in UNITS if u.external}
    unit = ""
    lines: list[str] = []
    for line in STAKEHOLDERS.splitlines():
        if line.startswith("["):
            unit = line.strip("[]")
        elif line and not line.startswith(" "):
            lines.append(f"{unit} | {line}")
        else:
            lines.append(line)
    out: list[Stakeholder] = []
    for header, role in records("\n".join(lines)):
        unit, sid, name, size, ratings, site = header
        power, interest, legitimacy, urgency, affectedness = (float(x) for x in ratings.split())
        key = "organisation" if unit in external else "site"
        out.append(
            Stakeholder(
                id=sid,
                name=name,
                unit=unit,
                role=role,
                leader=size == "L",
                size=1 if size == "L" else int(size),
                power=power,
                interest=interest,
                legitimacy=legitimacy,
                urgency=urgency,
                affectedness=affectedness,
                joined=JOINED.get(sid, START),
                left=LEFT.get(sid),
                attributes={key: site},
            )
        )
    return out


# ---------------------------------------------------------------------------
# the strategy: goals, revisions, milestones

GOALS_CREATED = t("2024-09-24 16:30")  # the goal tree came out of the second kick-off
REVISION_1 = t("2025-05-20 14:00")  # kommunstyrelsen decides the first revision
ALL_INTERNAL = " ".join(INTERNAL)


def goals() -> list[Goal]:
    def goal(gid: str, title: str, owners: str, units: str, parent: str | None = None) -> Goal:
        created = REVISION_1 if gid == "arbetsplats-ombud" else GOALS_CREATED
        return Goal(
            id=gid,
            title=title,
            parent=parent,
            created=created,
            owners=ids(owners),
            units=ids(units),
        )

    return [
        goal(
            "arbetsplats",
            "En gemensam digital arbetsplats för alla medarbetare",
            "mikael-strand",
            ALL_INTERNAL,
        ),
        goal(
            "arbetsplats-konton",
            "Ett konto och en inloggning per medarbetare",
            "jenny-falk",
            ALL_INTERNAL,
            "arbetsplats",
        ),
        goal(
            "arbetsplats-kompetens",
            "Digital grundkompetens för alla medarbetare",
            "anders-nyman camilla-nord",
            ALL_INTERNAL,
            "arbetsplats",
        ),
        goal(
            "arbetsplats-ombud",
            "IT-stöd nära verksamheten genom lokala IT-ombud",
            "camilla-nord",
            "anvandarstod socialtjanst utbildning samhallsbyggnad",
            "arbetsplats",
        ),
        goal(
            "e-tjanster",
            "Digitala tjänster som gör det enklare för invånare och företag",
            "karin-ahlgren",
            "kommunledning socialtjanst utbildning samhallsbyggnad kultur-fritid",
        ),
        goal(
            "e-tjanster-bygglov",
            "Digital bygglovsprocess från ansökan till beslut",
            "christer-wallgren stefan-hedberg",
            "samhallsbyggnad",
            "e-tjanster",
        ),
        goal(
            "e-tjanster-minasidor",
            "Mina sidor – invånarens ärenden på ett ställe",
            "maria-sjoberg",
            "kommunledning socialtjanst utbildning kultur-fritid",
            "e-tjanster",
        ),
        goal(
            "valfardsteknik",
            "Välfärdsteknik och mobila arbetssätt i omsorgen",
            "birgitta-larsson",
            "socialtjanst it",
        ),
        goal(
            "valfardsteknik-mobil",
            "Mobil dokumentation i hemtjänsten",
            "goran-magnusson",
            "socialtjanst",
            "valfardsteknik",
        ),
        goal(
            "valfardsteknik-tillsyn",
            "Digital nattillsyn för brukare som vill det",
            "goran-magnusson katarina-bjork",
            "socialtjanst",
            "valfardsteknik",
        ),
        goal(
            "skola",
            "Digitalt lärande och en likvärdig skola",
            "per-hansson",
            "utbildning it anvandarstod",
        ),
        goal(
            "skola-enheter",
            "En digital enhet per elev från årskurs 4",
            "per-hansson asa-lundberg",
            "utbildning",
            "skola",
        ),
        goal(
            "skola-natverk",
            "Stabilt trådlöst nätverk på alla skolor",
            "jenny-falk",
            "utbildning it",
            "skola",
        ),
        goal(
            "sakerhet",
            "Säker och robust IT",
            "nadia-haddad mikael-strand",
            ALL_INTERNAL + " externa",
        ),
        goal(
            "sakerhet-mfa",
            "Tvåfaktorsinloggning för alla medarbetare",
            "nadia-haddad",
            ALL_INTERNAL,
            "sakerhet",
        ),
        goal(
            "sakerhet-kontinuitet",
            "Kontinuitetsplaner för samhällsviktiga system",
            "nadia-haddad jenny-falk",
            "it socialtjanst samhallsbyggnad",
            "sakerhet",
        ),
    ]


def revisions() -> list[Revision]:
    return [
        Revision(
            id="antagande",
            at=t("2024-12-16 19:30"),
            title="IT-strategi 2025–2026 antagen av kommunfullmäktige",
            summary=(
                "Kommunfullmäktige antar IT-strategi 2025–2026 med fem mål: en gemensam "
                "digital arbetsplats, digitala tjänster för invånare och företag, "
                "välfärdsteknik och mobila arbetssätt, digitalt lärande och säker och "
                "robust IT. Förslaget bygger på två kick-off-workshoppar, en temadag, "
                "intervjuer och dialogplattformen under hösten."
            ),
            goals=ids(
                """arbetsplats arbetsplats-konton arbetsplats-kompetens e-tjanster
                e-tjanster-bygglov e-tjanster-minasidor valfardsteknik valfardsteknik-mobil
                valfardsteknik-tillsyn skola skola-enheter skola-natverk sakerhet
                sakerhet-mfa sakerhet-kontinuitet"""
            ),
            motivated_by=ids("c001 c002 c005 c006 c007 c010 c026 c030 c033"),
        ),
        Revision(
            id="revidering-1",
            at=REVISION_1,
            title="Revidering 1: stöd och utbildning nära verksamheten",
            summary=(
                "Kommunstyrelsen reviderar strategin efter synpunkter från medarbetarna: "
                "grundutbildningen ges på arbetstid ute på arbetsplatserna, varje "
                "arbetsgrupp får ett IT-ombud med avsatt tid, och IT-tekniker finns på "
                "plats en förmiddag i veckan på de största arbetsplatserna. Nytt delmål: "
                "IT-stöd nära verksamheten genom lokala IT-ombud."
            ),
            goals=ids("arbetsplats arbetsplats-kompetens arbetsplats-ombud"),
            motivated_by=ids("c019 c039 c041 c042 c050 c070"),
        ),
    ]


def milestones() -> list[Milestone]:
    def milestone(mid: str, title: str, due: str, achieved: str | None, goal: str) -> Milestone:
        return Milestone(
            id=mid,
            title=title,
            due=date.fromisoformat(due),
            achieved=t(achieved) if achieved else None,
            goals=[goal],
        )

    return [
        milestone(
            "ms-chromebooks",
            "Chromebooks utdelade till alla elever i årskurs 4–6",
            "2025-01-31",
            "2025-01-20 10:00",
            "skola-enheter",
        ),
        milestone(
            "ms-serviceportal",
            "Självserviceportal för IT-support i drift",
            "2025-02-28",
            "2025-02-17 08:00",
            "arbetsplats",
        ),
        milestone(
            "ms-mfa",
            "Tvåfaktorsinloggning införd för alla medarbetare",
            "2025-03-31",
            "2025-03-20 16:00",
            "sakerhet-mfa",
        ),
        milestone(
            "ms-konton",
            "Ett konto per medarbetare – migreringen klar",
            "2025-04-30",
            "2025-04-25 15:00",
            "arbetsplats-konton",
        ),
        milestone(
            "ms-wifi",
            "Nytt trådlöst nät på Norrskolan, Söderskolan och Sjöviks gymnasium",
            "2025-06-30",
            "2025-05-22 17:00",
            "skola-natverk",
        ),
        milestone(
            "ms-bygglov",
            "E-tjänst för bygglovsansökan lanserad",
            "2025-06-30",
            "2025-06-16 09:00",
            "e-tjanster-bygglov",
        ),
        milestone(
            "ms-kontinuitet",
            "Kontinuitetsplaner för samhällsviktiga system fastställda",
            "2025-09-30",
            "2025-09-12 14:00",
            "sakerhet-kontinuitet",
        ),
        milestone(
            "ms-mobil-pilot",
            "Pilot med mobil dokumentation i hemtjänst Norr startad",
            "2025-09-30",
            None,
            "valfardsteknik-mobil",
        ),
        milestone(
            "ms-itombud",
            "IT-ombud utsedda på alla arbetsplatser i socialtjänsten och skolan",
            "2025-10-31",
            "2025-10-06 12:00",
            "arbetsplats-ombud",
        ),
        milestone(
            "ms-minasidor",
            "Mina sidor för invånare lanserad",
            "2025-11-30",
            "2025-11-12 09:00",
            "e-tjanster-minasidor",
        ),
        milestone(
            "ms-grundutbildning",
            "Grundutbildning i den digitala arbetsplatsen genomförd",
            "2025-12-31",
            "2026-01-30 16:00",
            "arbetsplats-kompetens",
        ),
        milestone(
            "ms-nattillsyn",
            "Digital nattillsyn i två hemtjänstområden",
            "2026-04-30",
            None,
            "valfardsteknik-tillsyn",
        ),
    ]


# ---------------------------------------------------------------------------
# events (participants of the platform and the survey are added further down)

STYRGRUPP = """mikael-strand birgitta-larsson per-hansson christer-wallgren anders-nyman
    helena-berg camilla-nord johan-ek"""


def event(
    eid: str,
    kind: str,
    title: str,
    start: str,
    end: str | None = None,
    *,
    organiser: str,
    facilitators: str = "",
    participants: str = "",
    goals: str = "",
    milestones: str = "",
    audiences: str = "",
) -> Event:
    people = [Participation(stakeholder=s, role="facilitator") for s in ids(facilitators)]
    people += [Participation(stakeholder=s) for s in ids(participants)]
    return Event(
        id=eid,
        kind=kind,
        title=title,
        start=t(start),
        end=t(end) if end else None,
        organiser=organiser,
        goals=ids(goals),
        milestones=ids(milestones),
        participations=people,
        audiences=ids(audiences),
    )


def newsletter(eid: str, title: str, at: str, *, milestones: str = "", goals: str = "") -> Event:
    return event(
        eid,
        "newsletter",
        title,
        at,
        organiser="sara-lund",
        goals=goals,
        milestones=milestones,
        audiences="kommunledning",
    )


def styrgrupp(eid: str, title: str, start: str, end: str) -> Event:
    return event(
        eid,
        "meeting",
        title,
        start,
        end,
        organiser="karin-ahlgren",
        facilitators="karin-ahlgren maria-sjoberg",
        participants=STYRGRUPP,
    )


PLATFORM_1 = ("plattform-1", "2024-10-07 08:00", "2024-11-29 23:59")
PLATFORM_2 = ("plattform-2", "2025-01-13 08:00", "2026-01-30 23:59")
SURVEY = ("enkat", "2025-12-01 08:00", "2025-12-14 23:59")


def events() -> list[Event]:
    return [
        # --- autumn 2024: working out the strategy
        event(
            "uppstart",
            "announcement",
            "Nu startar arbetet med Sjöviks nya IT-strategi",
            "2024-09-02 08:00",
            organiser="karin-ahlgren",
            audiences="kommunledning",
        ),
        styrgrupp(
            "styrgrupp-1",
            "Styrgruppen för IT-strategin: uppstart och tidplan",
            "2024-09-05 13:00",
            "2024-09-05 15:00",
        ),
        event(
            "kickoff-1",
            "workshop",
            "Kick-off 1: Nuläge – vad fungerar och vad skaver?",
            "2024-09-17 13:00",
            "2024-09-17 16:30",
            organiser="maria-sjoberg",
            facilitators="maria-sjoberg mikael-strand lena-gustafsson",
            participants="""karin-ahlgren anders-nyman helena-berg ulla-forsberg jenny-falk
            ola-bergman nadia-haddad erik-dahl tobias-engstrom sofia-ostberg camilla-nord
            jonas-blom goran-magnusson hanna-wallin kerstin-johansson david-pettersson
            lotta-fransson asa-lundberg anna-karin-boman johanna-sundqvist
            christer-wallgren amira-khalil pia-lindahl""",
        ),
        event(
            "kickoff-2",
            "workshop",
            "Kick-off 2: Vision och mål för 2025–2026",
            "2024-09-24 13:00",
            "2024-09-24 16:30",
            organiser="maria-sjoberg",
            facilitators="maria-sjoberg mikael-strand",
            participants="""karin-ahlgren peter-wikstrom johan-ek ulla-forsberg jenny-falk
            ola-bergman nadia-haddad erik-dahl linnea-hellstrom camilla-nord aisha-mohammed
            birgitta-larsson katarina-bjork jesper-lindqvist mats-eriksson per-hansson
            asa-lundberg niklas-berglund louise-ahman rasmus-nordstrom""",
        ),
        event(
            "kickoff-skola",
            "workshop",
            "Kick-off för skolan: digitalt lärande",
            "2024-10-01 14:00",
            "2024-10-01 17:00",
            organiser="per-hansson",
            facilitators="johanna-sundqvist daniel-kaya",
            participants="""per-hansson asa-lundberg niklas-berglund yvonne-isaksson
            therese-holmberg anna-karin-boman simon-axelsson fatima-ali henrik-mattsson
            eva-sundberg karl-wennberg birgit-sjostrom gustav-nordin patrik-holm""",
            goals="skola",
        ),
        event(
            PLATFORM_1[0],
            "digital_platform",
            "Tyck till om IT-strategin – dialogplattformen, omgång 1",
            PLATFORM_1[1],
            PLATFORM_1[2],
            organiser="maria-sjoberg",
        ),
        event(
            "intervju-soc",
            "interview",
            "Intervjuer med socialtjänstens verksamheter",
            "2024-10-09 09:00",
            "2024-10-09 15:00",
            organiser="maria-sjoberg",
            facilitators="maria-sjoberg",
            participants="""goran-magnusson annika-soderberg hanna-wallin mats-eriksson
            elin-nilsson katarina-bjork lotta-fransson jesper-lindqvist ingrid-hedlund""",
            goals="valfardsteknik",
        ),
        event(
            "apt-it",
            "meeting",
            "APT drift och infrastruktur: vad betyder IT-strategin för driften?",
            "2024-10-10 08:30",
            "2024-10-10 10:00",
            organiser="jenny-falk",
            facilitators="jenny-falk",
            participants="""drifttekniker systemutvecklare tobias-engstrom robert-sandberg
            fredrik-olsson erik-dahl""",
        ),
        event(
            "samrad-externa",
            "meeting",
            "Samråd med externa partner om IT-strategin",
            "2024-10-15 13:00",
            "2024-10-15 15:00",
            organiser="mikael-strand",
            facilitators="mikael-strand",
            participants="""stina-wahlberg joakim-frid marianne-hagg hakan-lindh roger-akesson
            nadia-haddad erik-dahl emma-lindgren""",
        ),
        event(
            "apt-hemtjanst-norr",
            "meeting",
            "APT hemtjänst Norr: vad behöver vi av IT?",
            "2024-10-16 13:00",
            "2024-10-16 14:30",
            organiser="hanna-wallin",
            facilitators="hanna-wallin jesper-lindqvist",
            participants="usk-norr zeynep-arslan ali-hassan",
        ),
        event(
            "sbf-ledning-info",
            "presentation",
            "Samhällsbyggnads behov i IT-strategin – information i ledningsgruppen",
            "2024-10-22 08:30",
            "2024-10-22 09:30",
            organiser="christer-wallgren",
            participants="louise-ahman stefan-hedberg pia-lindahl cecilia-granlund mattias-roos",
        ),
        event(
            "apt-norrskolan",
            "meeting",
            "APT Norrskolan: IT-strategin och vardagen i klassrummet",
            "2024-10-23 15:00",
            "2024-10-23 16:30",
            organiser="asa-lundberg",
            facilitators="asa-lundberg johanna-sundqvist",
            participants="larare-norrskolan anna-karin-boman birgit-sjostrom",
            goals="skola",
        ),
        event(
            "apt-soderskolan",
            "meeting",
            "APT Söderskolan: vad behöver vi för att undervisa digitalt?",
            "2024-10-24 15:00",
            "2024-10-24 16:30",
            organiser="niklas-berglund",
            facilitators="niklas-berglund johanna-sundqvist",
            participants="larare-soderskolan simon-axelsson",
            goals="skola",
        ),
        event(
            "apt-servicedesk",
            "meeting",
            "APT användarstöd: våra erfarenheter till IT-strategin",
            "2024-10-29 08:00",
            "2024-10-29 09:30",
            organiser="camilla-nord",
            facilitators="camilla-nord",
            participants="""servicedesk it-tekniker-skolor jonas-blom aisha-mohammed viktor-lind
            marie-eklund patrik-holm lena-gustafsson""",
        ),
        event(
            "apt-solbacken",
            "meeting",
            "APT Solbacken: digitala verktyg i vården och omsorgen",
            "2024-10-30 13:30",
            "2024-10-30 15:00",
            organiser="elin-nilsson",
            facilitators="elin-nilsson jesper-lindqvist",
            participants="personal-solbacken monica-andersson",
            goals="valfardsteknik",
        ),
        event(
            "apt-ifo",
            "meeting",
            "APT individ- och familjeomsorgen: digitala möten och e-tjänster",
            "2024-11-05 09:00",
            "2024-11-05 10:30",
            organiser="annika-soderberg",
            facilitators="annika-soderberg",
            participants="socialsekreterare sanna-karlsson david-pettersson",
        ),
        event(
            "temadag",
            "theme_day",
            "Temadag: Digital vardag i Sjöviks kommun",
            "2024-11-06 09:00",
            "2024-11-06 16:00",
            organiser="karin-ahlgren",
            facilitators="""maria-sjoberg mikael-strand camilla-nord jesper-lindqvist
            johanna-sundqvist linnea-hellstrom""",
            participants="""karin-ahlgren anders-nyman helena-berg johan-ek sara-lund
            ulla-forsberg jenny-falk ola-bergman nadia-haddad erik-dahl ahmed-yusuf
            tobias-engstrom daniel-kaya fredrik-olsson jonas-blom aisha-mohammed
            lena-gustafsson birgitta-larsson goran-magnusson annika-soderberg hanna-wallin
            mats-eriksson elin-nilsson katarina-bjork zeynep-arslan kerstin-johansson
            ali-hassan monica-andersson sanna-karlsson david-pettersson ingrid-hedlund
            lotta-fransson per-hansson niklas-berglund yvonne-isaksson therese-holmberg
            simon-axelsson fatima-ali eva-sundberg karl-wennberg birgit-sjostrom gustav-nordin
            christer-wallgren stefan-hedberg pia-lindahl rasmus-nordstrom amira-khalil
            frida-strom marcus-hellberg britt-sundin thomas-berggren agneta-lundkvist
            pensionarsradet funktionsrattsradet bistandshandlaggare skoladministratorer
            planarkitekter elevhalsan""",
        ),
        event(
            "apt-hemtjanst-vastra",
            "meeting",
            "APT hemtjänst Västra: vad behöver vi av IT?",
            "2024-11-13 13:00",
            "2024-11-13 14:30",
            organiser="mats-eriksson",
            facilitators="mats-eriksson jesper-lindqvist",
            participants="usk-vastra kerstin-johansson",
        ),
        event(
            "ks-au-presentation",
            "presentation",
            "Utkastet till IT-strategi presenteras för kommunstyrelsen",
            "2024-11-19 09:00",
            "2024-11-19 10:00",
            organiser="karin-ahlgren",
            facilitators="maria-sjoberg",
            participants="lars-holmqvist ks-ledamoter",
        ),
        newsletter(
            "nyhetsbrev-2024-1",
            "Sjöviks IT-nytt nr 1/2024: Utkastet är klart – tyck till senast 29 november",
            "2024-11-20 07:00",
        ),
        event(
            "kof-info",
            "presentation",
            "Information om IT-strategin i Kultur- och fritidsförvaltningens ledningsgrupp",
            "2024-11-26 10:00",
            "2024-11-26 10:45",
            organiser="maria-sjoberg",
            facilitators="maria-sjoberg",
            participants="gunilla-westberg robin-ekstrom lisa-franzen tomas-aberg",
        ),
        styrgrupp(
            "styrgrupp-2",
            "Styrgruppen: synpunkter från dialogen och slutligt förslag",
            "2024-11-28 13:00",
            "2024-11-28 15:30",
        ),
        event(
            "nyhetsbrev-2024-2",
            "newsletter",
            "Sjöviks IT-nytt nr 2/2024: Kommunfullmäktige har antagit IT-strategi 2025–2026",
            "2024-12-18 07:00",
            organiser="sara-lund",
            audiences="kommunledning externa",
        ),
        # --- 2025: carrying it out
        event(
            PLATFORM_2[0],
            "digital_platform",
            "Tyck till om genomförandet – dialogplattformen, omgång 2",
            PLATFORM_2[1],
            PLATFORM_2[2],
            organiser="maria-sjoberg",
        ),
        event(
            "ws-arbetsplats",
            "workshop",
            "Genomförandeworkshop: den gemensamma digitala arbetsplatsen",
            "2025-01-22 09:00",
            "2025-01-22 12:00",
            organiser="mikael-strand",
            facilitators="linnea-hellstrom jenny-falk",
            participants="""anders-nyman ulla-forsberg sofia-ostberg jonas-blom lena-gustafsson
            elin-nilsson monica-andersson lotta-fransson david-pettersson birgit-sjostrom
            daniel-kaya cecilia-granlund amira-khalil agneta-lundkvist britt-sundin""",
            goals="arbetsplats",
        ),
        newsletter(
            "nyhetsbrev-2025-1",
            "Sjöviks IT-nytt nr 1/2025: Chromebooks på plats i årskurs 4–6",
            "2025-01-27 07:00",
            milestones="ms-chromebooks",
            goals="skola-enheter",
        ),
        event(
            "sbf-apt-bygglov",
            "presentation",
            "Digital bygglovsprocess – information på APT",
            "2025-02-04 08:30",
            "2025-02-04 09:30",
            organiser="christer-wallgren",
            participants="""bygglovshandlaggare rasmus-nordstrom amira-khalil jan-olof-backman
            cecilia-granlund""",
            goals="e-tjanster-bygglov",
        ),
        event(
            "story-solbacken",
            "story",
            "Så blev inloggningen enklare på Solbackens äldreboende",
            "2025-02-12 07:00",
            organiser="sara-lund",
            goals="arbetsplats-konton",
            audiences="socialtjanst",
        ),
        event(
            "ws-skola-enheter",
            "workshop",
            "Studiedag på Norrskolan: pedagogisk användning av Chromebooks",
            "2025-02-18 13:00",
            "2025-02-18 16:00",
            organiser="asa-lundberg",
            facilitators="johanna-sundqvist patrik-holm",
            participants="larare-norrskolan anna-karin-boman daniel-kaya",
            goals="skola-enheter",
        ),
        newsletter(
            "nyhetsbrev-2025-2",
            "Sjöviks IT-nytt nr 2/2025: Ny självserviceportal – återställ lösenordet själv",
            "2025-02-24 07:00",
            milestones="ms-serviceportal",
            goals="arbetsplats",
        ),
        event(
            "townhall-1",
            "town_hall",
            "Öppet forum om IT-strategin: frågor och svar",
            "2025-03-05 15:00",
            "2025-03-05 16:30",
            organiser="karin-ahlgren",
            facilitators="maria-sjoberg mikael-strand nadia-haddad",
            participants="""karin-ahlgren anders-nyman ulla-forsberg handlaggare-klk jenny-falk
            ahmed-yusuf jonas-blom hugo-persson goran-magnusson hanna-wallin lotta-fransson
            sanna-karlsson monica-andersson niklas-berglund simon-axelsson karl-wennberg
            eva-sundberg marcus-hellberg jan-olof-backman frida-strom cecilia-granlund
            agneta-lundkvist thomas-berggren""",
        ),
        event(
            "sbf-nyhetsbrev-1",
            "newsletter",
            "Samhällsbyggnadsnytt: så blir bygglovet digitalt",
            "2025-03-11 07:00",
            organiser="christer-wallgren",
            goals="e-tjanster-bygglov",
            audiences="samhallsbyggnad",
        ),
        event(
            "story-nyckellas",
            "story",
            "Digitala nyckellås i hemtjänst Västra: ingen mer nyckelhantering på morgonen",
            "2025-03-18 07:00",
            organiser="sara-lund",
            goals="valfardsteknik",
            audiences="socialtjanst",
        ),
        event(
            "apt-forskolan",
            "meeting",
            "APT förskolan: digitala verktyg för de yngsta",
            "2025-03-19 17:00",
            "2025-03-19 18:30",
            organiser="therese-holmberg",
            facilitators="therese-holmberg johanna-sundqvist",
            participants="forskollarare eva-sundberg",
            goals="skola",
        ),
        newsletter(
            "nyhetsbrev-2025-3",
            "Sjöviks IT-nytt nr 3/2025: Tvåfaktorsinloggning införd för alla",
            "2025-03-27 07:00",
            milestones="ms-mfa",
            goals="sakerhet-mfa",
        ),
        event(
            "dialog-valfard",
            "meeting",
            "Dialogmöte om digital nattillsyn",
            "2025-04-03 13:00",
            "2025-04-03 15:30",
            organiser="goran-magnusson",
            facilitators="goran-magnusson jesper-lindqvist",
            participants="""nattpersonal katarina-bjork elin-nilsson monica-andersson
            mats-eriksson nadia-haddad pensionarsradet funktionsrattsradet""",
            goals="valfardsteknik-tillsyn",
        ),
        event(
            "sbf-gis-info",
            "presentation",
            "Information om den nya GIS-plattformen",
            "2025-04-08 09:00",
            "2025-04-08 10:00",
            organiser="louise-ahman",
            participants="planarkitekter frida-strom pia-lindahl mattias-roos",
            goals="e-tjanster-bygglov",
        ),
        event(
            "ws-stod",
            "workshop",
            "Workshop: IT-stöd nära verksamheten",
            "2025-04-23 09:00",
            "2025-04-23 12:00",
            organiser="camilla-nord",
            facilitators="camilla-nord lena-gustafsson maria-sjoberg",
            participants="""servicedesk kerstin-johansson anna-karin-boman patrik-holm
            aisha-mohammed jonas-blom hugo-persson monica-andersson eva-sundberg
            birgit-sjostrom ulla-forsberg amira-khalil agneta-lundkvist""",
            goals="arbetsplats-kompetens",
        ),
        event(
            "sbf-beslut-arende",
            "announcement",
            "Beslut: nytt ärendehanteringssystem för bygglov och miljötillsyn",
            "2025-04-29 07:00",
            organiser="christer-wallgren",
            goals="e-tjanster-bygglov",
            audiences="samhallsbyggnad",
        ),
        newsletter(
            "nyhetsbrev-2025-4",
            "Sjöviks IT-nytt nr 4/2025: Alla medarbetare har nu ett eget konto",
            "2025-05-08 07:00",
            milestones="ms-konton",
            goals="arbetsplats-konton",
        ),
        styrgrupp(
            "styrgrupp-3",
            "Styrgruppen: förslag till revidering efter synpunkterna om IT-stöd",
            "2025-05-13 13:00",
            "2025-05-13 15:00",
        ),
        event(
            "story-norrskolan",
            "story",
            "Norrskolans elever skriver, filmar och programmerar",
            "2025-05-14 07:00",
            organiser="sara-lund",
            goals="skola-enheter",
            audiences="utbildning",
        ),
        newsletter(
            "nyhetsbrev-2025-5",
            "Sjöviks IT-nytt nr 5/2025: Strategin uppdaterad efter era synpunkter – "
            "och nytt wifi i skolorna",
            "2025-06-10 07:00",
            milestones="ms-wifi",
            goals="arbetsplats-kompetens arbetsplats-ombud skola-natverk",
        ),
        event(
            "sbf-nyhetsbrev-2",
            "newsletter",
            "Samhällsbyggnadsnytt: e-tjänsten för bygglov är lanserad",
            "2025-06-19 07:00",
            organiser="stefan-hedberg",
            goals="e-tjanster-bygglov",
            milestones="ms-bygglov",
            audiences="samhallsbyggnad",
        ),
        # --- the long silence: no result shared between 19 June and 20 November 2025
        event(
            "sbf-avstamning",
            "meeting",
            "Avstämning med bygglovshandläggarna om e-tjänsten",
            "2025-09-09 13:00",
            "2025-09-09 15:00",
            organiser="stefan-hedberg",
            facilitators="stefan-hedberg",
            participants="""bygglovshandlaggare rasmus-nordstrom amira-khalil jonatan-lilja
            jan-olof-backman""",
            goals="e-tjanster-bygglov",
        ),
        newsletter(
            "nyhetsbrev-2025-6",
            "Sjöviks IT-nytt nr 6/2025: Välkommen tillbaka – det här händer i höst",
            "2025-09-16 07:00",
        ),
        event(
            "ws-skola-larmiljo",
            "workshop",
            "Workshop: skolans digitala lärmiljö 2026",
            "2025-10-08 13:00",
            "2025-10-08 16:00",
            organiser="per-hansson",
            facilitators="johanna-sundqvist oskar-lindstrom",
            participants="""per-hansson asa-lundberg niklas-berglund yvonne-isaksson
            therese-holmberg henrik-mattsson fatima-ali simon-axelsson gustav-nordin
            daniel-kaya patrik-holm larare-gymnasiet elevradet elevhalsan""",
            goals="skola",
        ),
        styrgrupp(
            "styrgrupp-4",
            "Styrgruppen: halvtidsuppföljning av IT-strategin",
            "2025-10-21 13:00",
            "2025-10-21 15:00",
        ),
        newsletter(
            "nyhetsbrev-2025-7",
            "Sjöviks IT-nytt nr 7/2025: Mina sidor är här – och IT-ombud på plats",
            "2025-11-20 07:00",
            milestones="ms-minasidor ms-itombud",
            goals="e-tjanster-minasidor arbetsplats-ombud",
        ),
        event(
            "sbf-plan-2026",
            "presentation",
            "Samhällsbyggnads digitaliseringsplan 2026",
            "2025-11-25 08:30",
            "2025-11-25 09:30",
            organiser="christer-wallgren",
            participants="""louise-ahman stefan-hedberg pia-lindahl cecilia-granlund
            mattias-roos frida-strom marcus-hellberg""",
            goals="e-tjanster-bygglov",
        ),
        event(
            "story-minasidor",
            "story",
            "Familjen Karlsson sökte förskoleplats på Mina sidor – på tio minuter",
            "2025-11-27 07:00",
            organiser="sara-lund",
            goals="e-tjanster-minasidor",
            audiences="kommunledning",
        ),
        event(
            SURVEY[0],
            "survey",
            "Enkät: ägarskap för IT-strategin",
            SURVEY[1],
            SURVEY[2],
            organiser="maria-sjoberg",
        ),
        event(
            "townhall-2",
            "town_hall",
            "Öppet forum: ett år med IT-strategin",
            "2025-12-09 15:00",
            "2025-12-09 16:30",
            organiser="karin-ahlgren",
            facilitators="maria-sjoberg mikael-strand camilla-nord",
            participants="""karin-ahlgren helena-berg johan-ek sara-lund hr-konsulter
            linnea-hellstrom malin-astrom lena-gustafsson kerstin-johansson birgitta-larsson
            mats-eriksson elin-nilsson jesper-lindqvist per-hansson asa-lundberg
            simon-axelsson oskar-lindstrom johanna-sundqvist pia-lindahl amira-khalil
            britt-sundin""",
        ),
        # --- 2026: towards the next revision
        newsletter(
            "nyhetsbrev-2026-1",
            "Sjöviks IT-nytt nr 1/2026: Grundutbildningen är genomförd",
            "2026-02-05 07:00",
            milestones="ms-grundutbildning",
            goals="arbetsplats-kompetens",
        ),
        event(
            "ws-revidering",
            "workshop",
            "Workshop: inför revideringen av IT-strategin 2027",
            "2026-02-11 09:00",
            "2026-02-11 12:00",
            organiser="mikael-strand",
            facilitators="maria-sjoberg linnea-hellstrom",
            participants="""anders-nyman ola-bergman nadia-haddad camilla-nord
            kerstin-johansson lena-gustafsson birgitta-larsson goran-magnusson
            jesper-lindqvist asa-lundberg anna-karin-boman oskar-lindstrom stefan-hedberg
            pia-lindahl agneta-lundkvist thomas-berggren joakim-frid""",
        ),
        event(
            "story-itombud",
            "story",
            "IT-ombudet Kerstin: ”Jag visar kollegorna – och de visar mig”",
            "2026-02-18 07:00",
            organiser="sara-lund",
            goals="arbetsplats-ombud",
            audiences="kommunledning",
        ),
        styrgrupp(
            "styrgrupp-5",
            "Styrgruppen: inför revidering 2027",
            "2026-02-24 13:00",
            "2026-02-24 15:00",
        ),
    ]


# ---------------------------------------------------------------------------
# the dialogue: questions, ideas, concerns and comments
# id | event | author | local time | kind | goals (comma-separated, - for none) [| reply to]

CONTRIBUTIONS = """
c001 | kickoff-1 | kerstin-johansson | 2024-09-17 13:40 | concern | -
    Vi loggar in i fem olika system under ett och samma hembesök, och lösenorden ska bytas
    var nittionde dag. Det är tid som tas från brukarna.
c002 | kickoff-1 | anna-karin-boman | 2024-09-17 13:55 | idea | -
    Ge varje elev från årskurs 4 en egen dator. I dag bokar vi datorvagnen veckor i förväg,
    och hälften av datorerna är urladdade när de kommer.
c003 | kickoff-1 | amira-khalil | 2024-09-17 14:10 | concern | -
    Bygglovsansökningarna kommer fortfarande på papper eller som inskannade PDF:er. Vi behöver
    en e-tjänst som hänger ihop med ärendesystemet, inte ännu en blankett.
c004 | kickoff-1 | david-pettersson | 2024-09-17 14:20 | question | -
    Ska socialtjänstens verksamhetssystem bytas under strategiperioden? Det påverkar allt annat
    vi planerar.
c005 | kickoff-1 | jonas-blom | 2024-09-17 14:45 | idea | -
    Låt medarbetarna återställa sina lösenord själva. Ungefär en tredjedel av samtalen till
    servicedesk handlar om låsta konton.
c006 | kickoff-1 | tobias-engstrom | 2024-09-17 15:05 | concern | -
    Det trådlösa nätet på Söderskolan är från 2013. Det klarar inte en hel klass som streamar
    film samtidigt, och det blir värre när alla elever får egna enheter.
c007 | kickoff-2 | katarina-bjork | 2024-09-24 13:30 | idea | -
    Välfärdsteknik måste bli ett eget mål och inte en bisats under digitalisering. Det är där
    nyttan för brukarna är störst – och riskerna också.
c008 | kickoff-2 | ulla-forsberg | 2024-09-24 13:50 | comment | -
    Skriv hellre tre mål som vi kan följa upp än tio som ingen kommer ihåg. Varje mål behöver
    en ägare med namn.
c009 | kickoff-2 | asa-lundberg | 2024-09-24 14:15 | question | -
    Vem äger egentligen nätverket på skolorna – skolan eller IT-avdelningen? Det har aldrig
    varit tydligt, och när det strular skickas vi fram och tillbaka.
c010 | kickoff-2 | nadia-haddad | 2024-09-24 14:40 | idea | -
    Inför tvåfaktorsinloggning för alla medarbetare innan vi flyttar fler system till molnet.
    Det är den enskilt viktigaste säkerhetsåtgärd vi kan göra.
c011 | kickoff-skola | fatima-ali | 2024-10-01 14:35 | concern | skola
    Många av mina elever har bara en mobil hemma och delar den med syskon. En digital skola
    får inte bli en skola för dem som redan har allt.
c012 | kickoff-skola | simon-axelsson | 2024-10-01 15:10 | idea | skola
    Ge IKT-pedagogerna fasta tider på varje skola, så att vi får hjälp i vardagen i stället
    för att boka en tid tre veckor fram.
c013 | kickoff-skola | gustav-nordin | 2024-10-01 15:40 | question | skola-enheter
    Får eleverna vara med och tycka till om vilka appar och verktyg som köps in? Det är ju vi
    som använder dem mest.
c014 | plattform-1 | sanna-karlsson | 2024-10-08 09:12 | question | arbetsplats,sakerhet
    Vi vill ha videomöten med familjer som har svårt att ta sig till socialkontoret. Finns det
    en tjänst som är godkänd för sekretessbelagda samtal, och får vi använda den?
c015 | plattform-1 | zeynep-arslan | 2024-10-10 19:48 | concern | valfardsteknik-mobil
    Om vi ska dokumentera i mobilen hos brukaren vill jag veta vem som köper telefonerna och
    vem som betalar när de går sönder. I dag använder många av oss sina privata telefoner i
    jobbet.
c016 | plattform-1 | pia-lindahl | 2024-10-11 10:05 | idea | e-tjanster-bygglov
    Koppla bygglovs-e-tjänsten till kartan, så att den som söker kan rita in sin byggnad och
    se detaljplanen på samma ställe.
c017 | plattform-1 | henrik-mattsson | 2024-10-14 21:30 | concern | skola-enheter
    Om alla elever får egna datorer måste vi också prata om studiero och skärmtid. Det har
    inte nämnts en enda gång i diskussionen hittills.
c018 | plattform-1 | lotta-fransson | 2024-10-16 11:20 | question | valfardsteknik
    Vilka välfärdstekniska lösningar ska prioriteras först – digital nattillsyn, digitala
    nyckellås eller läkemedelsautomater? Vi kan inte införa allt samtidigt.
c019 | plattform-1 | kerstin-johansson | 2024-10-21 20:15 | idea | arbetsplats-kompetens
    Utse ett IT-ombud i varje arbetsgrupp som får lite extra utbildning och tid att hjälpa
    kollegorna. Vi frågar hellre en kollega än ringer servicedesk och väntar i telefonkö.
c020 | plattform-1 | helena-berg | 2024-10-23 08:40 | question | arbetsplats
    Vad kostar den gemensamma digitala arbetsplatsen per medarbetare och år, och vem betalar –
    förvaltningarna eller IT-avdelningen centralt?
c021 | plattform-1 | hanna-wallin | 2024-10-24 16:55 | concern | valfardsteknik-mobil
    Mobil dokumentation kräver att personalen kan logga in säkert ute hos brukaren. I halva
    Norrområdet har vi ingen täckning alls. Hur ska det lösas innan vi inför det?
c022 | plattform-1 | stina-wahlberg | 2024-10-28 13:10 | idea | e-tjanster
    Nordkod ställer gärna upp med en testmiljö där invånare kan prova nya e-tjänster innan de
    lanseras. Det har fungerat bra i andra kommuner.
c023 | plattform-1 | jan-olof-backman | 2024-10-29 07:50 | comment | e-tjanster-bygglov | c016
    Bra förslag. Men då måste kartunderlaget vara aktuellt – i dag ligger det flera månader
    efter verkligheten.
c024 | plattform-1 | agneta-lundkvist | 2024-11-04 12:30 | question | arbetsplats-kompetens
    Ingår tid för utbildning i arbetstiden, eller förväntas medarbetarna lära sig de nya
    systemen vid sidan av sina ordinarie uppgifter?
c025 | plattform-1 | britt-sundin | 2024-11-05 18:20 | concern | valfardsteknik-mobil
    Kommunals medlemmar i hemtjänsten är oroliga för att mobilen blir ett sätt att kontrollera
    hur lång tid varje besök tar. Vi vill veta vilka uppgifter som registreras och hur de får
    användas.
c026 | temadag | monica-andersson | 2024-11-06 10:20 | idea | valfardsteknik-tillsyn
    Digital nattillsyn kan ge brukarna bättre sömn när vi slipper öppna dörren mitt i natten –
    men bara för dem som själva har valt det. Börja med dem som vill.
c027 | temadag | ali-hassan | 2024-11-06 10:45 | concern | valfardsteknik-mobil
    Surfplattorna vi fick för två år sedan låg i en låda efter två veckor. Ingen visste vem man
    skulle fråga när de inte fungerade. Samma sak får inte hända med mobilerna.
c028 | temadag | rasmus-nordstrom | 2024-11-06 11:10 | question | e-tjanster-bygglov
    När blir e-tjänsten för bygglov klar? Byggföretagen frågar oss varje vecka.
c029 | temadag | johanna-sundqvist | 2024-11-06 13:15 | idea | skola
    Skaffa en gemensam portal för digitala lärresurser, så att inte varje skola köper egna
    licenser för samma sak.
c030 | temadag | elin-nilsson | 2024-11-06 13:40 | concern | arbetsplats-konton
    Vikarierna på Solbacken får sina konton först efter en vecka. Under tiden lånar de
    kollegornas inloggningar, och det är varken säkert eller tillåtet.
c031 | temadag | aisha-mohammed | 2024-11-06 14:30 | idea | arbetsplats-kompetens
    Gör korta filmer på två minuter om de vanligaste problemen, lägg dem på intranätet och
    länka till dem från servicedesk.
c032 | plattform-1 | zeynep-arslan | 2024-11-07 21:05 | comment | valfardsteknik-mobil | c025
    Håller med. Det måste vara klart innan någon pilot startar.
c033 | plattform-1 | pensionarsradet | 2024-11-12 10:00 | concern | e-tjanster-minasidor
    Pensionärsrådet vill påminna om att alla äldre inte kan eller vill använda e-tjänster.
    Det måste alltid gå att ringa eller besöka kommunen och få samma service.
c034 | plattform-1 | mats-eriksson | 2024-11-13 15:25 | question | valfardsteknik
    Finns det pengar avsatta för välfärdsteknik i budgeten för 2025, eller ska det rymmas inom
    hemtjänstens ordinarie ram?
c035 | plattform-1 | marianne-hagg | 2024-11-14 09:40 | idea | e-tjanster-minasidor
    Låt Sjöviksbostäders hyresgäster logga in på Mina sidor med samma e-legitimation, så att
    invånarna har ett ställe för alla sina ärenden.
c036 | plattform-1 | erik-dahl | 2024-11-18 14:05 | concern | sakerhet
    Vi har ett tjugotal äldre system som inte klarar modern inloggning. De måste fasas ut eller
    skyddas på annat sätt innan tvåfaktorsinloggning kan gälla för alla.
c037 | plattform-1 | birgit-sjostrom | 2024-11-21 11:50 | question | skola-enheter
    Vem ansvarar när en elevdator går sönder hemma – vårdnadshavarna eller skolan? Vi behöver
    kunna svara föräldrarna.
c038 | plattform-2 | sanna-karlsson | 2025-01-20 10:30 | question | arbetsplats
    Vi har fått nya datorer, men vi vet fortfarande inte vilket videomötesverktyg vi får
    använda för samtal med familjer. Vad gäller?
c039 | plattform-2 | kerstin-johansson | 2025-01-28 20:40 | concern | arbetsplats-kompetens
    Vi fick nya system men ingen utbildning. Servicedesk säger att vi ska titta på filmerna,
    men det finns ingen tid mellan besöken och ingen dator i personalrummet.
c040 | plattform-2 | zeynep-arslan | 2025-02-06 19:15 | concern | valfardsteknik-mobil
    Nu står det i planen att piloten med mobil dokumentation startar i höst. Vi har
    fortfarande inte fått svar på vem som betalar telefonerna eller hur uppgifterna ska
    användas.
c041 | plattform-2 | anna-karin-boman | 2025-02-11 16:20 | concern | arbetsplats-kompetens
    Lärarna får lösa IT-problemen själva mitt i lektionen. Vi behöver någon på plats som kan
    hjälpa till, inte ett ärendenummer.
c042 | plattform-2 | patrik-holm | 2025-02-13 12:00 | idea | arbetsplats-kompetens
    Låt en IT-tekniker sitta på plats en förmiddag i veckan på varje större arbetsplats –
    ”IT-fika” dit man kan komma med sina frågor.
c043 | plattform-2 | amira-khalil | 2025-02-19 09:05 | question | e-tjanster-bygglov
    Kommer e-tjänsten att kunna ta emot ritningar i DWG-format, eller bara som PDF?
c044 | plattform-2 | jonatan-lilja | 2025-03-10 14:45 | concern | e-tjanster-bygglov
    Vi handläggare har inte fått vara med och testa e-tjänsten. Den verkar vara byggd utan oss
    som ska arbeta i den varje dag.
c045 | plattform-2 | fredrik-olsson | 2025-03-12 10:10 | idea | e-tjanster-minasidor
    Bygg Mina sidor på samma inloggningslösning som medarbetarnas. Då har vi en lösning att
    förvalta i stället för två.
c046 | plattform-2 | karl-wennberg | 2025-03-14 13:35 | question | skola-natverk
    När blir det nya trådlösa nätet klart på gymnasiet? De digitala nationella proven kräver
    stabil uppkoppling i alla salar.
c047 | plattform-2 | katarina-bjork | 2025-03-25 08:30 | concern | valfardsteknik-tillsyn
    Innan den digitala nattillsynen startar måste vi ha rutiner för samtycke och för vad som
    händer om kameran eller uppkopplingen inte fungerar en natt.
c048 | plattform-2 | hanna-wallin | 2025-04-09 17:10 | concern | valfardsteknik-mobil
    Jag har nu frågat tre gånger: vilka telefoner, vilket stöd och när? Mina medarbetare
    börjar tappa förtroendet för hela satsningen.
c049 | plattform-2 | ali-hassan | 2025-04-10 06:55 | comment | valfardsteknik-mobil | c048
    Instämmer. Vi vet fortfarande ingenting, och piloten ska starta om några månader.
c050 | plattform-2 | lena-gustafsson | 2025-04-15 11:15 | concern | arbetsplats-kompetens
    Servicedesk får samma frågor om och om igen. Grundutbildningen måste ske på arbetstid och
    nära verksamheten, annars når vi inte dem som behöver den mest.
c051 | plattform-2 | therese-holmberg | 2025-04-22 15:00 | idea | skola
    Förskolan behöver också vara med i den digitala satsningen. Våra surfplattor är från 2016
    och går inte längre att uppdatera.
c052 | plattform-2 | david-pettersson | 2025-05-06 09:50 | question | sakerhet-mfa
    Vad gör socialjouren när tvåfaktorsinloggningen inte fungerar en fredagskväll? Vi kan inte
    vänta till måndag på att servicedesk öppnar.
c053 | plattform-2 | gustav-nordin | 2025-05-15 18:30 | idea | skola-enheter
    Låt elevrådet testa nya appar och verktyg innan de köps in. Vi märker direkt om något inte
    fungerar.
c054 | plattform-2 | emma-lindgren | 2025-06-03 13:20 | concern | arbetsplats
    Licenskostnaderna ökar med 18 procent nästa år. Vi behöver prioritera vilka tjänster vi
    verkligen använder innan vi köper fler.
c055 | plattform-2 | ingrid-hedlund | 2025-08-26 10:40 | question | e-tjanster-minasidor
    Kommer man att kunna ansöka om bistånd via Mina sidor, eller bara boka tider och se
    fakturor?
c056 | plattform-2 | ali-hassan | 2025-09-02 20:30 | concern | valfardsteknik-mobil
    Piloten med mobil dokumentation skulle ha startat nu. Ingen har sagt något till oss. Är den
    inställd?
c057 | plattform-2 | oskar-lindstrom | 2025-09-10 08:15 | question | skola-enheter
    Finns det en plan för att byta ut de Chromebooks som köptes 2021? De slutar få
    uppdateringar nästa år.
c058 | plattform-2 | malin-astrom | 2025-09-22 14:00 | idea | sakerhet-kontinuitet
    Öva kontinuitetsplanerna tillsammans med verksamheterna, inte bara på IT-avdelningen. En
    plan som ingen har provat är ingen plan.
c059 | plattform-2 | henrik-mattsson | 2025-10-01 21:10 | concern | skola-enheter
    Eleverna använder redan AI-verktyg i nästan alla ämnen. Skolan behöver gemensamma
    riktlinjer nu, inte om ett år.
c060 | plattform-2 | monica-andersson | 2025-10-20 07:30 | concern | valfardsteknik-tillsyn
    Efter den senaste uppdateringen går nattillsynens larm till fel telefon. Vem följer upp
    att det blir rätt?
c061 | plattform-2 | kerstin-johansson | 2025-11-03 19:45 | idea | arbetsplats-ombud
    Vi IT-ombud vill träffas en gång i månaden och dela tips mellan arbetsplatserna. Det vi
    lär oss i hemtjänsten kan skolan också ha nytta av.
c062 | plattform-2 | sanna-karlsson | 2025-11-24 10:05 | question | e-tjanster-minasidor
    Kan familjer se status för sina ärenden hos socialtjänsten på Mina sidor? Det skulle
    minska antalet samtal till oss.
c063 | plattform-2 | gustav-nordin | 2025-12-03 17:20 | comment | skola
    Det märks att elevrådet fick vara med och testa i höstas. Den nya skrivappen fungerar
    mycket bättre än den gamla.
c064 | plattform-2 | katarina-bjork | 2025-12-10 08:45 | concern | valfardsteknik-mobil
    Som MAS ser jag en risk för patientsäkerheten när dokumentationen görs i efterhand på
    kontoret. Mobil dokumentation behövs – men då måste personalens frågor besvaras först.
c065 | plattform-2 | linnea-hellstrom | 2026-01-14 11:30 | idea | arbetsplats
    Samla alla frågor och svar från dialogplattformen i en sökbar FAQ på intranätet, så att
    ingen behöver ställa samma fråga två gånger.
c066 | plattform-2 | therese-holmberg | 2026-01-20 14:10 | question | skola
    Kommer förskolan att få ta del av satsningen på nya enheter under 2026, eller ligger den
    utanför strategin?
c067 | townhall-1 | marcus-hellberg | 2025-03-05 15:20 | question | arbetsplats
    Kommer miljöinspektörerna att få surfplattor för tillsynen ute i fält? I dag skriver vi för
    hand och för in allt igen på kontoret.
c068 | townhall-1 | jan-olof-backman | 2025-03-05 15:40 | question | sakerhet-mfa
    Varför behöver vi tvåfaktorsinloggning på surfplattan ute på byggarbetsplatsen? Det tar
    tid varje gång.
c069 | dialog-valfard | pensionarsradet | 2025-04-03 13:45 | concern | valfardsteknik-tillsyn
    Rådet vill att brukare och anhöriga alltid får skriftlig information om nattillsynen, och
    att det är lätt att säga nej eller ångra sig.
c070 | ws-stod | birgit-sjostrom | 2025-04-23 10:15 | idea | arbetsplats-kompetens
    Ge IT-ombuden en fast kontaktperson på servicedesk och en gemensam träff varje månad.
c071 | townhall-2 | simon-axelsson | 2025-12-09 15:25 | question | skola-enheter
    När kommer riktlinjerna för AI i undervisningen? Vi behöver dem innan vårterminen.
c072 | ws-revidering | anna-karin-boman | 2026-02-11 10:30 | idea | arbetsplats-ombud
    Gör IT-ombuden till en permanent del av organisationen, med avsatt tid i tjänsten.
"""

# contribution | responder | local time | outcome
RESPONSES = """
c001 | mikael-strand | 2024-09-30 10:15 | answered
    Tack Kerstin! Färre inloggningar är precis vad den gemensamma digitala arbetsplatsen ska
    ge. Vi föreslår ett eget delmål: ett konto och en inloggning per medarbetare.
c002 | per-hansson | 2024-10-03 09:00 | answered
    Vi föreslår en digital enhet per elev från årskurs 4 i utkastet, med start i åk 4–6 vid
    årsskiftet.
c003 | christer-wallgren | 2024-10-30 08:10 | acknowledged
    Tack för synpunkten. Vi tar med den i förvaltningens fortsatta arbete.
c004 | ola-bergman | 2024-09-26 13:30 | answered
    Nej. Avtalet för verksamhetssystemet gäller till 2027. Under 2025–2026 förbereder vi
    upphandlingen tillsammans med socialtjänsten.
c005 | camilla-nord | 2024-09-27 11:00 | answered
    Bra förslag. En självserviceportal med lösenordsåterställning blir en av de första
    åtgärderna i utkastet.
c006 | jenny-falk | 2024-09-25 08:45 | answered
    Stämmer. Vi föreslår att nätet på skolorna byts under våren 2025, med Norrskolan,
    Söderskolan och gymnasiet först.
c007 | birgitta-larsson | 2024-09-26 16:00 | adopted
    Välfärdsteknik blir ett eget mål i strategin, med socialtjänsten som ägare.
c009 | mikael-strand | 2024-10-01 09:30 | answered
    IT-avdelningen äger och driftar nätet på alla skolor; skolan beställer kapacitet och
    täckning. Det skrivs in i strategin så att ingen ska behöva skickas runt.
c010 | mikael-strand | 2024-10-02 14:00 | adopted
    Tvåfaktorsinloggning för alla blir ett delmål under målet om säker och robust IT, med
    införande under första kvartalet 2025.
c011 | per-hansson | 2024-10-14 10:20 | answered
    Alla elever från åk 4 får låna hem sin enhet, och skolbiblioteken får lånedatorer med
    mobilt bredband för elever som saknar uppkoppling hemma.
c012 | per-hansson | 2024-10-14 10:30 | declined
    Vi har inte resurser för fasta tider på varje skola under 2025. IKT-pedagogerna
    prioriterar de skolor som får nya enheter först, och vi prövar frågan igen inför 2026.
c013 | johanna-sundqvist | 2024-10-04 15:00 | answered
    Ja! Vi bjuder in elevrådet när vi utvärderar nya verktyg, första gången i vår.
c014 | nadia-haddad | 2024-10-11 09:40 | answered
    I dag finns ingen godkänd tjänst för sekretessbelagda videomöten. Vi upphandlar en under
    våren 2025; fram till dess gäller telefon eller fysiska möten.
c016 | stefan-hedberg | 2024-11-25 13:00 | acknowledged
    Tack, vi noterar förslaget inför upphandlingen.
c017 | per-hansson | 2024-10-21 08:30 | answered
    Rektorerna tar fram gemensamma regler för studiero och skärmtid innan enheterna delas ut.
    Det skrivs in under målet om digitalt lärande.
c018 | goran-magnusson | 2024-10-22 11:00 | answered
    Digital nattillsyn först, eftersom den ger mest för brukarna. Nyckellåsen finns redan i
    Västra och sprids under 2025; läkemedelsautomater väntar till 2026.
c019 | camilla-nord | 2024-10-28 10:00 | acknowledged
    Bra idé, Kerstin. Vi tar med den i arbetet med genomförandeplanen.
c019 | camilla-nord | 2025-05-20 15:20 | adopted
    Nu är det beslutat: varje arbetsgrupp i socialtjänsten och skolan får ett IT-ombud med
    avsatt tid och extra utbildning. Tack för idén!
c020 | mikael-strand | 2024-10-30 15:45 | answered
    Ungefär 2 400 kronor per medarbetare och år. Grundpaketet betalas centralt;
    tilläggstjänster betalar förvaltningarna.
c022 | ahmed-yusuf | 2024-11-04 09:15 | answered
    Tack, det tar vi gärna emot när vi testar Mina sidor. Vi bjuder också in pensionärsrådet
    och funktionsrättsrådet till testerna.
c024 | anders-nyman | 2024-11-08 14:20 | answered
    Ja. Utbildning i nya system sker på arbetstid, och cheferna planerar in tiden i schemat.
c026 | goran-magnusson | 2024-11-12 09:30 | adopted
    Vi skriver in att nattillsyn alltid bygger på brukarens samtycke och börjar med dem som
    själva vill.
c028 | stefan-hedberg | 2024-11-27 10:00 | answered
    Målet är att e-tjänsten ska vara i drift i juni 2025.
c029 | per-hansson | 2024-11-11 13:00 | answered
    Vi utreder en gemensam portal under 2025 och samordnar licenserna centralt redan från
    januari.
c030 | jenny-falk | 2024-11-08 08:30 | adopted
    Från januari förbereds konton för vikarier innan första arbetsdagen. Det skrivs in i
    strategin.
c031 | camilla-nord | 2024-11-11 10:00 | answered
    Bra förslag – de första filmerna om inloggning och lösenord publiceras i januari.
c033 | karin-ahlgren | 2024-11-18 16:00 | adopted
    Strategin får en skrivning om att det alltid ska gå att ringa eller besöka kommunen och
    få samma service som digitalt.
c034 | birgitta-larsson | 2024-11-20 10:15 | answered
    Välfärdstekniken finansieras 2025 med en särskild satsning på 1,2 miljoner kronor utanför
    hemtjänstens ram.
c035 | maria-sjoberg | 2024-11-19 11:00 | declined
    Sjöviksbostäder är ett eget bolag med egna system, så det ryms inte i den här
    strategiperioden. Vi tar upp det i samverkan med bolaget inför nästa strategi.
c036 | nadia-haddad | 2024-11-20 09:00 | answered
    Vi inventerar systemen i december. De som inte klarar modern inloggning skyddas bakom en
    särskild inloggningstjänst tills de kan bytas.
c037 | asa-lundberg | 2024-11-25 08:20 | answered
    Skolan ansvarar för reparationer vid vanlig användning. Vid slarv eller avsiktlig skada
    kan vårdnadshavare bli ersättningsskyldiga enligt låneavtalet.
c038 | nadia-haddad | 2025-01-22 13:10 | answered
    Upphandlingen av en videomötestjänst för sekretessbelagda samtal blir klar i mars. Fram
    till dess gäller telefon eller fysiska möten.
c039 | anders-nyman | 2025-02-03 09:00 | acknowledged
    Tack Kerstin, vi tittar på hur utbildningen kan läggas upp i hemtjänsten.
c039 | camilla-nord | 2025-05-20 15:30 | adopted
    Kommunstyrelsen har i dag beslutat att grundutbildningen ska ges på arbetstid ute på
    arbetsplatserna, och att varje arbetsgrupp får ett IT-ombud med avsatt tid.
c041 | camilla-nord | 2025-02-14 10:40 | acknowledged
    Vi hör er. Vi samlar fler exempel inför workshoppen om IT-stöd nära verksamheten i april.
c041 | camilla-nord | 2025-05-20 15:35 | adopted
    Från hösten finns IT-ombud på alla skolor och IT-tekniker på plats en förmiddag i veckan.
c042 | camilla-nord | 2025-05-20 15:40 | adopted
    IT-fika införs på de tio största arbetsplatserna från september.
c043 | stefan-hedberg | 2025-04-02 11:30 | answered
    Vid lanseringen tar e-tjänsten bara emot PDF. DWG utreds till 2026.
c044 | christer-wallgren | 2025-04-14 08:00 | acknowledged
    Vi noterar synpunkten och återkommer.
c045 | ahmed-yusuf | 2025-03-20 14:30 | declined
    Invånare och medarbetare har olika krav på inloggning och behörighet, så vi behåller två
    lösningar – men invånarna loggar in med samma e-legitimation överallt.
c046 | jenny-falk | 2025-03-17 09:20 | answered
    Gymnasiet får nytt nät under påsklovet, så att allt är klart före de nationella proven i
    maj.
c047 | goran-magnusson | 2025-03-31 10:00 | answered
    Rutiner för samtycke och avbrott tas fram tillsammans med dig och nattpersonalen innan
    start. Vi tar upp det på dialogmötet den 3 april.
c050 | camilla-nord | 2025-05-20 15:45 | adopted
    Grundutbildningen ges nu på arbetstid och på plats, och IT-ombuden blir servicedesks
    förlängda arm ute i verksamheten.
c051 | per-hansson | 2025-05-05 13:15 | answered
    Förskolans surfplattor byts under hösten 2025 inom målet om digitalt lärande.
c052 | nadia-haddad | 2025-05-08 08:40 | answered
    Socialjouren får reservkoder och ett nummer till IT-beredskapen. Rutinen gäller från den
    1 juni.
c053 | yvonne-isaksson | 2025-05-26 12:00 | adopted
    Bra idé, Gustav. Elevrådet får testa nya verktyg innan vi köper in dem, med start i höst.
c054 | mikael-strand | 2025-06-12 10:30 | answered
    Vi går igenom alla licenser före budgetberedningen i september och säger upp det som inte
    används.
c055 | ahmed-yusuf | 2025-09-03 09:30 | answered
    I första versionen kan man boka tider, se fakturor och följa ärenden inom förskola och
    skola. Ansökan om bistånd kommer i en senare etapp.
c057 | daniel-kaya | 2025-09-15 14:00 | answered
    Ja. 2021 års enheter byts ut under våren 2026, och pengarna finns i budgeten.
c058 | nadia-haddad | 2025-10-20 16:00 | acknowledged
    Tack Malin, bra synpunkt. Vi tar med den i planeringen för nästa år.
c059 | per-hansson | 2025-10-06 08:30 | answered
    Riktlinjer för AI i undervisningen tas fram av en arbetsgrupp med lärare och elever och ska
    vara klara till vårterminen.
c060 | jesper-lindqvist | 2025-10-21 09:10 | answered
    Felet är rättat och larmen går till rätt telefon igen. Vi har lagt in en kontroll efter
    varje uppdatering.
c061 | camilla-nord | 2025-11-05 13:00 | adopted
    Från december träffas IT-ombuden en gång i månaden, och servicedesk är med varannan gång.
c062 | ahmed-yusuf | 2025-11-28 10:00 | answered
    Inte i första versionen. Vi utreder det med socialtjänsten under 2026, eftersom
    sekretessen kräver en extra säker inloggning.
c065 | maria-sjoberg | 2026-01-16 09:00 | adopted
    Vi gör det! FAQ:n publiceras på intranätet i februari.
c066 | per-hansson | 2026-01-23 15:20 | answered
    Ja, förskolan ingår. Surfplattorna byttes i höstas, och nästa steg är en gemensam
    lärplattform.
c067 | mikael-strand | 2025-03-05 15:25 | answered
    Ja, miljöinspektörerna får surfplattor under hösten, när det nya ärendesystemet är på
    plats.
c068 | nadia-haddad | 2025-03-05 15:45 | answered
    Surfplattan ger åtkomst till samma ärenden som datorn på kontoret. Inloggningen kommer att
    kunna göras med ansiktsigenkänning, så det går snabbare.
c069 | goran-magnusson | 2025-04-03 14:10 | adopted
    Vi tar fram en skriftlig information och en blankett där man enkelt kan tacka nej eller
    ångra sig.
c070 | camilla-nord | 2025-05-20 15:50 | adopted
    Varje IT-ombud får en fast kontaktperson på servicedesk och en träff i månaden.
c071 | per-hansson | 2025-12-09 15:30 | answered
    Riktlinjerna beslutas i januari och presenteras på studiedagen innan vårterminen.
c072 | camilla-nord | 2026-02-18 10:00 | acknowledged
    Vi tar med det i förslaget till revidering inför 2027.
"""


def contributions() -> list[Contribution]:
    out = []
    for header, text in records(CONTRIBUTIONS):
        cid, event_id, author, at, kind, goal_ids, *reply = header
        out.append(
            Contribution(
                id=cid,
                event=event_id,
                author=author,
                at=t(at),
                kind=kind,
                text=text,
                reply_to=reply[0] if reply else None,
                goals=[] if goal_ids == "-" else goal_ids.split(","),
            )
        )
    return out


def responses() -> list[Response]:
    out = []
    for n, (header, text) in enumerate(records(RESPONSES), start=1):
        contribution, responder, at, outcome = header
        out.append(
            Response(
                id=f"svar-{n:03d}",
                contribution=contribution,
                responder=responder,
                at=t(at),
                outcome=outcome,
                text=text,
            )
        )
    return out


# ---------------------------------------------------------------------------
# reactions on the platform: hand-set reach and support, spread by a seeded loop

# contribution: (reactors, share who agree); the rest by kind below
SUPPORT = {
    # the unanswered concerns about mobile documentation strike a chord in the home care
    "c015": (22, 0.92),
    "c021": (18, 0.90),
    "c025": (24, 0.88),
    "c032": (9, 0.90),
    "c040": (26, 0.93),
    "c048": (28, 0.95),
    "c049": (12, 0.95),
    "c056": (25, 0.94),
    "c064": (21, 0.90),
    # the concerns that led to the revision
    "c019": (26, 0.92),
    "c039": (24, 0.90),
    "c041": (20, 0.90),
    "c042": (16, 0.85),
    "c050": (18, 0.88),
    # divisive or narrow
    "c035": (6, 0.45),
    "c045": (9, 0.40),
    "c054": (12, 0.65),
    "c059": (15, 0.70),
    "c044": (11, 0.82),
    "c063": (7, 0.85),
}
BY_KIND = {"concern": (14, 0.75), "idea": (12, 0.70), "question": (8, 0.70), "comment": (5, 0.75)}


def reactions(
    people: list[Stakeholder], items: list[Contribution], events_by_id: dict[str, Event]
) -> list[Reaction]:
    rng = random.Random(SEED)
    unit_of = {s.id: s.unit for s in people}
    # individuals who could see the platform (it needed a login to the municipal intranet,
    # which the staff of kultur och fritid did not have; politicians did not vote)
    pool = [
        s for s in people if s.size == 1 and s.unit != "kultur-fritid" and s.id != "lars-holmqvist"
    ]
    out: list[Reaction] = []
    for c in items:
        platform = events_by_id[c.event]
        if platform.kind != "digital_platform" or c.at is None or platform.end is None:
            continue
        n, support = SUPPORT.get(c.id, BY_KIND[c.kind])
        window = min(timedelta(days=12), platform.end - c.at - timedelta(minutes=1))
        active = [
            s
            for s in pool
            if s.id != c.author
            and (s.joined is None or s.joined <= c.at)
            and (s.left is None or s.left > c.at + window)
        ]
        # weighted sampling without replacement: colleagues of the author read it first
        weight = {s.id: 3.0 if unit_of[s.id] == unit_of[c.author] else 1.0 for s in active}
        keyed = sorted(active, key=lambda s: -(rng.random() ** (1 / weight[s.id])))
        for s in keyed[:n]:
            agree = support + (0.05 if unit_of[s.id] == unit_of[c.author] else 0.0)
            draw = rng.random()
            value = 1 if draw < agree else 0 if draw < agree + (1 - agree) * 0.6 else -1
            minutes = int(rng.uniform(20, window.total_seconds() / 60))
            at = (c.at + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
            if rng.random() < 0.07:  # passed first, made up their mind later
                first = c.at + timedelta(minutes=max(1, minutes // 3))
                out.append(Reaction(contribution=c.id, stakeholder=s.id, at=first, value=0))
            out.append(Reaction(contribution=c.id, stakeholder=s.id, at=at, value=value))
            if rng.random() < 0.02:  # a double click: an exact repeat
                out.append(Reaction(contribution=c.id, stakeholder=s.id, at=at, value=value))
    out.sort(key=lambda r: (r.at, r.contribution, r.stakeholder))
    return out


# ---------------------------------------------------------------------------
# the survey on ownership (instrument "ägarskap", items q1–q4, 1–5)

SURVEY_BASE = {  # q1 know the goals, q2 could influence, q3 taken seriously, q4 feel it is ours
    "kommunledning": (4.3, 3.9, 3.8, 3.8),
    "it": (4.5, 4.0, 3.9, 4.0),
    "anvandarstod": (4.2, 3.9, 4.0, 3.8),
    "socialtjanst": (3.9, 3.1, 2.9, 3.0),
    "utbildning": (4.0, 3.7, 3.6, 3.6),
    "samhallsbyggnad": (3.6, 2.4, 2.7, 2.8),
}
UNHEARD = {"zeynep-arslan", "ali-hassan", "hanna-wallin", "katarina-bjork"}


def survey(people: list[Stakeholder]) -> tuple[list[SurveyAnswer], list[Participation]]:
    rng = random.Random(SEED + 1)
    opens = t(SURVEY[1])
    answers: list[SurveyAnswer] = []
    invited: list[Participation] = []
    for s in people:
        if (
            s.size != 1
            or s.unit not in SURVEY_BASE
            or s.id == "lars-holmqvist"
            or (s.joined is not None and s.joined > opens)
            or (s.left is not None and s.left <= opens)
        ):
            continue
        if rng.random() > 0.78:
            invited.append(Participation(stakeholder=s.id, role="invited"))
            continue
        invited.append(Participation(stakeholder=s.id))
        at = opens + timedelta(days=rng.randint(0, 11), hours=rng.randint(0, 9))
        for item, base in zip(("q1", "q2", "q3", "q4"), SURVEY_BASE[s.unit], strict=True):
            mean = base - (1.2 if item in ("q3", "q4") and s.id in UNHEARD else 0.0)
            value = min(5, max(1, round(rng.gauss(mean, 0.7))))
            answers.append(
                SurveyAnswer(respondent=s.id, at=at, instrument="ägarskap", item=item, value=value)
            )
    return answers, invited


# ---------------------------------------------------------------------------
# putting it together


def with_people(e: Event, extra: Iterable[Participation]) -> Event:
    seen = {p.stakeholder for p in e.participations}
    added = []
    for p in extra:
        if p.stakeholder not in seen:
            seen.add(p.stakeholder)
            added.append(p)
    return attrs.evolve(e, participations=(*e.participations, *added))


def build() -> StrategyProcess:
    """The demo process, built from the hand-authored content above."""
    people = stakeholders()
    order = {s.id: i for i, s in enumerate(people)}
    items = contributions()
    answers_to = responses()
    all_events = events()
    by_id = {e.id: e for e in all_events}
    votes = reactions(people, items, by_id)
    answers, survey_people = survey(people)

    # who took part on each platform: its host, authors, voters and those who answered there
    on_platform: dict[str, set[str]] = {PLATFORM_1[0]: set(), PLATFORM_2[0]: set()}
    event_of = {c.id: c.event for c in items}
    for c in items:
        if c.event in on_platform:
            on_platform[c.event].add(c.author)
    for r in votes:
        on_platform[event_of[r.contribution]].add(r.stakeholder)
    for a in answers_to:
        if event_of[a.contribution] in on_platform and a.responder is not None:
            on_platform[event_of[a.contribution]].add(a.responder)
    finished = []
    host = [Participation(stakeholder="maria-sjoberg", role="facilitator")]
    for e in all_events:
        if e.id in on_platform:
            rest = sorted(on_platform[e.id] - {"maria-sjoberg"}, key=order.__getitem__)
            finished.append(with_people(e, [*host, *(Participation(stakeholder=s) for s in rest)]))
        elif e.id == SURVEY[0]:
            finished.append(with_people(e, [*host, *survey_people]))
        else:
            finished.append(e)

    return StrategyProcess(
        units=UNITS,
        stakeholders=people,
        goals=goals(),
        revisions=revisions(),
        milestones=milestones(),
        events=finished,
        contributions=items,
        responses=answers_to,
        reactions=votes,
        survey_answers=answers,
    )


def check(process: StrategyProcess) -> None:
    """What the model cannot check but the story needs: people are there when they act."""
    people = {s.id: s for s in process.stakeholders}
    events_by_id = {e.id: e for e in process.events}
    for c in process.contributions:
        e = events_by_id[c.event]
        assert c.at is not None
        assert e.start <= c.at, c.id
        assert e.end is None or c.at <= e.end, c.id
        assert c.author in {p.stakeholder for p in e.participations}, c.id
        joined = people[c.author].joined
        assert joined is None or joined <= c.at, c.id
    for e in process.events:
        for p in e.participations:
            s = people[p.stakeholder]
            assert s.joined is None or s.joined <= (e.end or e.start), (e.id, s.id)
            assert s.left is None or e.start < s.left, (e.id, s.id)


def main() -> int:
    process = build()
    check(process)
    OUT.write_text(dumps(process) + "\n", encoding="utf-8")
    size = OUT.stat().st_size
    print(
        f"wrote {OUT} ({size:,} bytes): {len(process.stakeholders)} stakeholders, "
        f"{len(process.events)} events, {len(process.contributions)} contributions, "
        f"{len(process.responses)} responses, {len(process.reactions)} reactions, "
        f"{len(process.survey_answers)} survey answers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
