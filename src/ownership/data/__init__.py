"""The embedded demo process: Sjöviks kommun and its "IT-strategi 2025–2026".

:func:`demo` returns a hand-authored, realistic process of a fictional Swedish
municipality, shipped as ``demo.json`` beside this module and built by
``scripts/build_demo.py`` (edit the script, never the JSON, and run it again).

>>> from ownership.data import demo
>>> process = demo()
>>> len(process.stakeholders), len(process.units), process.adoption.date()
(120, 8, datetime.date(2024, 12, 16))

**The organisation.** Eight units, 120 stakeholders standing for 714 people
(named individuals with Swedish names, and groups with ``size`` > 1 such as
"Lärare på Norrskolan", size 40). Every stakeholder has a ``role``, the five
salience ratings and an attribute ``site`` (external partners:
``organisation``); 27 are leaders.

* ``kommunledning`` Kommunledningsförvaltningen, the root: 12 stakeholders, 57 people;
* ``it`` IT-avdelningen (under kommunledning): 16, 26;
* ``anvandarstod`` Användarstöd (under it): 10, 22;
* ``socialtjanst`` Socialförvaltningen (under kommunledning): 22, 205;
* ``utbildning`` Barn- och utbildningsförvaltningen (under kommunledning): 22, 232;
* ``samhallsbyggnad`` Samhällsbyggnadsförvaltningen (under kommunledning): 16, 70;
* ``kultur-fritid`` Kultur- och fritidsförvaltningen (under kommunledning): 12, 78;
* ``externa`` Externa partner (a root of its own, ``external=True``): 10, 24.

Everybody joined on 2024-09-02 except four new hires (hugo-persson
2025-02-03, jonatan-lilja 2025-03-03, oskar-lindstrom 2025-08-11, malin-astrom
2025-08-18); robert-sandberg left on 2025-06-30.

**The strategy and the process.** From 2024-09-02 (the announcement
"uppstart") to 2026-02-24 (the last steering group meeting "styrgrupp-5"):
about 18 months. The process lead is the digitaliseringsstrateg
``maria-sjoberg``; the steering group is chaired by the kommundirektör
``karin-ahlgren``.

* **Goals** (all created 2024-09-24 after the second kick-off, except
  ``arbetsplats-ombud``, created by the revision of 2025-05-20): five top goals
  ``arbetsplats``, ``e-tjanster``, ``valfardsteknik``, ``skola``, ``sakerhet``
  with two or three sub-goals each (16 goals), every one with owners and
  affected units.
* **Revisions**: ``antagande`` (2024-12-16, kommunfullmäktige adopts the
  strategy; cites nine contributions from the autumn dialogue) and
  ``revidering-1`` (2025-05-20, kommunstyrelsen; changes ``arbetsplats``,
  ``arbetsplats-kompetens`` and the new ``arbetsplats-ombud``), motivated by
  the concerns c039, c041, c050 and the ideas c019, c042, c070 about training
  and IT support close to the work — each with a response of outcome
  ``adopted``.
* **Events** (57): two kick-off workshops and one for the schools, interviews,
  workplace meetings (APT) held by unit leaders, a consultation with external
  partners, the theme day ``temadag`` (2024-11-06), two rounds of the digital
  platform (``plattform-1`` 2024-10-07 – 2024-11-29, ``plattform-2``
  2025-01-13 – 2026-01-30), town halls, implementation workshops, steering
  group meetings, the newsletter "Sjöviks IT-nytt" (organised by the
  kommunikatör ``sara-lund``, reaching every internal unit through the root
  ``kommunledning``), five stories (kind ``story``) and a survey.
* **Dialogue**: 72 contributions in Swedish (21 questions, 21 ideas, 25
  concerns, 5 comments) and 62 responses with outcomes; 678 reactions on the
  two platform rounds (spread by a seeded loop from hand-set support).
* **Milestones** (12): eight reported by newsletters within 30 days of being
  achieved, two still pending (``ms-mobil-pilot`` overdue since 2025-09-30,
  ``ms-nattillsyn`` due 2026-04-30), and the two of problem 3.
* **Survey**: instrument ``ägarskap``, items ``q1`` "Jag känner till
  IT-strategins mål", ``q2`` "Jag har haft möjlighet att påverka strategin",
  ``q3`` "Mina synpunkter har tagits på allvar", ``q4`` "Jag känner att
  IT-strategin är vår, inte bara IT-avdelningens"; values 1–5, answered
  2025-12-01 – 2025-12-12 by 55 individuals (event ``enkat``).

**Planted problems.** Four problems are planted the way they occur in real
organisations. Apart from them the process is healthy-ish: every other unit
takes part in two-way events, every question and every other concern gets a
response (most within 14 days), other leaders mostly organise two-way events,
and other results are reported within 30 days.

1. **A unit never consulted:** ``kultur-fritid``. Kultur- och
   fritidsförvaltningen (12 stakeholders, 78 people, among them its four
   leaders ``gunilla-westberg``, ``robin-ekstrom``, ``lisa-franzen``,
   ``tomas-aberg``) has no participation of any role in any event with level ≥
   consult, no contributions, reactions, responses or survey answers, and owns
   no goal, although it is among the affected units of ``arbetsplats`` (and
   its sub-goals ``arbetsplats-konton`` and ``arbetsplats-kompetens``),
   ``e-tjanster``, ``e-tjanster-minasidor``, ``sakerhet`` and
   ``sakerhet-mfa``. It was left out of the steering group, was not invited
   to the workshops or the theme day, and could not use the platform. It only
   *receives*: the announcement ``uppstart``, every newsletter
   "Sjöviks IT-nytt" and the stories ``story-minasidor`` and
   ``story-itombud`` (audience ``kommunledning``, the root above it), and one
   45-minute presentation, ``kof-info`` (2024-11-26, level inform), for its
   leaders.
2. **Concerns about one goal left unanswered:** ``valfardsteknik-mobil``
   ("Mobil dokumentation i hemtjänsten", owner ``goran-magnusson``, parent
   ``valfardsteknik`` owned by ``birgitta-larsson``). Eight concerns tagged
   with this goal — c015, c021, c025, c040, c048, c056, c064 on the platform
   and c027 at the theme day, raised 2024-10-10 … 2025-12-10 by home-care
   staff (``zeynep-arslan``, ``ali-hassan``), their unit leader
   ``hanna-wallin``, the MAS ``katarina-bjork`` and the union
   (``britt-sundin``, Kommunal) — have no response at all, and no revision
   cites them; neither do the two comments tagged with the goal (c032, c049).
   They are among the most agreed-with contributions on the platform. Every
   other concern has a response. The goal's milestone ``ms-mobil-pilot`` is
   overdue and never achieved.
3. **Results not shared for months.** After the adoption on 2024-12-16,
   results are reported (events with ``milestones``) on 2025-01-27, 02-24,
   03-27, 05-08, 06-10, 06-19, then not until 2025-11-20
   (``nyhetsbrev-2025-7``): a gap of 154 days (2025-06-19 → 2025-11-20) with
   no shared result (a newsletter on 2025-09-16 reports nothing; no stories
   either). ``ms-kontinuitet`` ("Kontinuitetsplaner för samhällsviktiga
   system fastställda", goal ``sakerhet-kontinuitet``), achieved 2025-09-12, is
   never reported by any event, and ``ms-itombud``, achieved 2025-10-06, is
   reported only 44 days later.
4. **Leaders who mostly broadcast: samhällsbyggnad.** The leaders of
   ``samhallsbyggnad`` — ``christer-wallgren`` (samhällsbyggnadschef),
   ``louise-ahman`` (planchef), ``stefan-hedberg`` (bygglovschef) — organise
   eight events, seven of them at level inform (presentations
   ``sbf-ledning-info``, ``sbf-apt-bygglov``, ``sbf-gis-info``,
   ``sbf-plan-2026``; newsletters ``sbf-nyhetsbrev-1``, ``sbf-nyhetsbrev-2``;
   announcement ``sbf-beslut-arende``) and one two-way meeting
   (``sbf-avstamning``, 2025-09-09): an enabling ratio of 1/8, while the
   other internal leaders organise 27 events of which two are inform. Most of
   these are about the goal ``e-tjanster-bygglov`` (owners
   ``christer-wallgren``, ``stefan-hedberg``), and they answer contributions
   late or only acknowledge them (c003, c016, c028, c043, c044).
"""

from __future__ import annotations

import functools
from importlib import resources

from ..io import loads
from ..model import StrategyProcess

__all__ = ["demo"]


@functools.cache
def demo() -> StrategyProcess:
    """The demo process of Sjöviks kommun (see the module docs for its content and problems).

    Read from the package's ``demo.json`` once; later calls return the same
    immutable object.

    >>> demo() is demo()
    True
    """
    text = resources.files(__name__).joinpath("demo.json").read_text(encoding="utf-8")
    return loads(text)
