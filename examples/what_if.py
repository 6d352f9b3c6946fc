"""What if: plant two problems in a synthetic process, find them, fix them, assess again.

:func:`ownership.synth.generate` makes a realistic strategy process whose health is set by
knobs. This script turns two of them: ``unheard_units=1`` (one unit whose people are never
invited to a two-way event) and ``responsiveness=0.3`` (most questions and concerns are never
answered). :func:`ownership.assess` finds both problems and names what they are about: the
unit, and every question and concern left unanswered.

Then it does what the findings recommend, in the data, one fix at a time, as an organisation
would: a workshop with the silent unit, then an answer to every open question and concern.
After each fix it assesses again, at the same moment, and shows what changed. The script fails
(an ``AssertionError``) unless each fix removes its finding and raises the dimension it serves.

Run it with ``python examples/what_if.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from ownership import Assessment, Event, Participation, Response, StrategyProcess, assess
from ownership.findings import Finding
from ownership.synth import generate

STAKEHOLDERS, MONTHS, SEED = 240, 12, 4
"""A mid-sized organisation over a year; the seed makes every run the same."""


def finding(result: Assessment, code: str) -> Finding | None:
    """The first finding of ``result`` with this code, if there is one."""
    return next((f for f in result.findings if f.code == code), None)


def summary(label: str, result: Assessment) -> None:
    """One block per assessment: the index, the dimensions and the findings' codes."""
    print(f"\n{label}")
    print(f"  ownership index {result.index:.3f}")
    for name, score in result.dimensions.items():
        value = "  –  " if score.value is None else f"{score.value:.3f}"
        print(f"  {name.replace('_', ' '):<18} {value}")
    for found in result.findings:
        print(f"  [{found.severity}] {found.code}: {found.title}")


def compare(before: Assessment, after: Assessment, *, code: str, dimension: str) -> None:
    """Print what one fix changed; fail loudly unless it did what it should."""
    old, new = before.dimensions[dimension].value, after.dimensions[dimension].value
    assert old is not None, f"{dimension} is undefined before the fix"
    assert new is not None, f"{dimension} is undefined after the fix"
    print(f"  -> {code}: {'still there' if finding(after, code) else 'gone'}")
    print(f"  -> {dimension} {old:.3f} -> {new:.3f} ({new - old:+.3f})")
    print(f"  -> ownership index {before.index:.3f} -> {after.index:.3f}")
    assert finding(before, code) is not None, f"{code} should fire before the fix"
    assert finding(after, code) is None, f"{code} should be gone after the fix"
    assert new > old, f"{dimension} should rise: {old:.3f} -> {new:.3f}"


# [workshop]
def invite(process: StrategyProcess, unit: str, at: datetime) -> StrategyProcess:
    """A workshop with everyone of ``unit`` who is there at ``at``, led by a unit leader."""
    members = [
        s
        for s in process.stakeholders
        if s.unit == unit
        and (s.joined is None or s.joined <= at)
        and (s.left is None or s.left > at)
    ]
    leaders = [s.id for s in members if s.leader]
    goals = [g.id for g in process.goals if unit in g.units]
    workshop = Event(
        id=f"what-if-workshop-{unit}",
        kind="workshop",
        title="Workshop: what does the strategy mean for us?",
        start=at,
        end=at + timedelta(hours=3),
        organiser=leaders[0] if leaders else None,
        goals=goals,
        participations=[
            Participation(
                stakeholder=s.id,
                role="facilitator" if s.id in leaders[:1] else "participant",
            )
            for s in members
        ],
    )
    return attrs.evolve(process, events=(*process.events, workshop))


# [/workshop]


# [answers]
def answer(process: StrategyProcess, ids: tuple[str, ...]) -> StrategyProcess:
    """An answer to each contribution of ``ids``, a week after it, by the event's organiser."""
    organisers = {event.id: event.organiser for event in process.events}
    wanted = set(ids)
    answers = [
        Response(
            id=f"what-if-answer-{c.id}",
            contribution=c.id,
            responder=organisers[c.event],
            at=c.at + timedelta(days=7),
            outcome="answered",
            text="Thank you: here is what we will do, and why.",
        )
        for c in process.contributions
        if c.id in wanted and c.at is not None
    ]
    return attrs.evolve(process, responses=(*process.responses, *answers))


# [/answers]


def main() -> None:
    # [plant]
    process = generate(
        stakeholders=STAKEHOLDERS,
        months=MONTHS,
        seed=SEED,
        unheard_units=1,  # one unit never invited to a two-way event
        responsiveness=0.3,  # most questions and concerns never answered
    )
    before = assess(process)
    # [/plant]
    print(
        f"A synthetic process of {len(process.stakeholders)} stakeholders in "
        f"{len(process.units)} units over {MONTHS} months (seed {SEED}), with two problems "
        "planted: unheard_units=1, responsiveness=0.3 (healthy: 0 and 0.85)"
    )
    summary(f"Before, as of {before.as_of:%Y-%m-%d}", before)

    silent = finding(before, "unit-never-consulted")
    assert silent is not None, "the planted silent unit should be found"
    unit = silent.subjects["units"][0]
    # Fix 1: a workshop with the silent unit, a month before the moment assessed; assess again
    # at the same moment, so that only the fix differs.
    fixed = invite(process, unit, before.as_of - timedelta(days=30))
    after_workshop = assess(fixed, as_of=before.as_of)
    summary(f"Fix 1: a workshop with unit {unit}", after_workshop)
    compare(before, after_workshop, code="unit-never-consulted", dimension="participation")
    voice = (
        before.dimensions["dialogue"].components["voice"],
        after_workshop.dimensions["dialogue"].components["voice"],
    )
    if voice[0] is not None and voice[1] is not None and voice[1] < voice[0]:
        print(
            f"  -> voice {voice[0]:.3f} -> {voice[1]:.3f}: the unit took part but has not "
            "spoken yet, so dialogue falls; the next step is to hear what they raise"
        )

    unanswered = finding(after_workshop, "unanswered")
    assert unanswered is not None, "the planted unanswered concerns should be found"
    ids = unanswered.subjects["contributions"]
    # Fix 2: answer every question and concern the finding lists, within a week.
    fixed = answer(fixed, ids)
    after_answers = assess(fixed, as_of=before.as_of)
    summary(
        f"Fix 2: an answer to each of the {len(ids)} open questions and concerns", after_answers
    )
    compare(after_workshop, after_answers, code="unanswered", dimension="dialogue")

    assert after_answers.index is not None
    assert before.index is not None
    print(
        f"\nBoth fixes: ownership index {before.index:.3f} -> {after_answers.index:.3f}; "
        f"{len(before.findings)} findings -> {len(after_answers.findings)}"
    )


if __name__ == "__main__":
    main()
