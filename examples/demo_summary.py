"""A first look at the demo process: its assessment, who took part, what people agreed with.

The demo (:func:`ownership.data.demo`) is a fictional Swedish municipality, Sjöviks kommun,
writing and living its IT strategy over 18 months, with four problems planted the way they
occur in real organisations. This script prints its assessment (:func:`ownership.assess`: the
ownership index, the seven dimensions and the findings, each with what to do), then a short
summary computed the way an analysis would: the process as tables
(:func:`ownership.to_tables`), pandas, and the counting layer of :mod:`ownership.metrics`.
Nothing loops over rows.

Run it with ``python examples/demo_summary.py``.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ownership import Level, StrategyProcess, Tables, assess
from ownership.data import demo
from ownership.metrics import activity, consensus, contribution_activity
from ownership.tables import to_tables

TWO_WAY = [level.value for level in Level if level.two_way]
"""Levels of the IAP2 spectrum at which people are heard, not only told: consult and up."""

TOP = 5
"""How many of the most agreed-with contributions to show."""


def heading(text: str) -> None:
    print(f"\n{text}\n{'-' * len(text)}")


def shorten(text: str, width: int = 88) -> str:
    return textwrap.shorten(text, width=width, placeholder=" …")


def the_process(process: StrategyProcess, tables: Tables[pd.DataFrame]) -> None:
    """What the process is: its span, its size and its events by level."""
    span = process.span
    adoption = process.adoption
    assert span is not None
    assert adoption is not None
    start, end = span
    months = (end - start).days / 30.44
    adopted = min(process.revisions, key=lambda revision: revision.at)
    people = tables.stakeholders["size"].sum()
    print("Sjöviks kommun: the IT strategy process of ownership.data.demo()")
    print(f"  {start:%Y-%m-%d} to {end:%Y-%m-%d}, about {months:.0f} months")
    print(f"  adopted {adoption:%Y-%m-%d}: {adopted.title}")
    print(
        f"  {len(process.units)} units, {len(process.stakeholders)} stakeholders standing for "
        f"{people} people, {len(process.goals)} goals, {len(process.revisions)} revisions, "
        f"{len(process.milestones)} milestones"
    )
    print(
        f"  {len(process.events)} events, {len(process.contributions)} contributions, "
        f"{len(process.responses)} responses, {len(process.reactions)} reactions"
    )

    heading("Events by level (IAP2 spectrum)")
    counts = tables.events["level"].value_counts()
    for level in Level:
        way = "two-way" if level.two_way else "one-way"
        print(f"  {level.value:<12} {counts.get(level.value, 0):>3}  {way}")


def assessment(process: StrategyProcess) -> None:
    """The assessment: the index and its routes, the dimensions, the findings."""
    result = assess(process)
    heading(f"Assessment as of {result.as_of:%Y-%m-%d}")
    routes = result.routes
    print(
        f"  Ownership index {result.index:.2f} (control {routes['control']:.2f}, intimate "
        f"knowing {routes['knowing']:.2f}, self-investment {routes['investment']:.2f}); "
        f"{routes['owner_share']:.0%} of people are owners"
    )
    for name, score in result.dimensions.items():
        value = "  –  " if score.value is None else f"{score.value:.2f}"
        print(f"  {name.replace('_', ' '):<18} {value}")
    heading("Findings: what to do")
    for finding in result.findings:
        print(f"  [{finding.severity}] {finding.title}")
        for kind, ids in finding.subjects.items():
            print(f"       {kind}: {shorten(', '.join(ids), 80)}")
        print(
            textwrap.fill(
                finding.recommendation, 92, initial_indent="       ", subsequent_indent="       "
            )
        )


def participation_by_unit(tables: Tables[pd.DataFrame]) -> None:
    """Per unit, how many stakeholders took part in at least one two-way event."""
    events = tables.events
    two_way_events = events.loc[events["level"].isin(TWO_WAY), ["id"]]
    two_way = tables.participations.merge(two_way_events, left_on="event", right_on="id")
    # activity() counts the events each stakeholder took part in (an invitation alone is
    # not taking part); given only the two-way participations, it counts two-way events.
    counts = activity({**tables, "participations": two_way[["event", "stakeholder", "role"]]})
    people = tables.stakeholders[["id", "unit", "size"]].merge(
        counts[["stakeholder", "events"]], left_on="id", right_on="stakeholder"
    )
    people["took_part"] = people["events"] > 0
    people["people_took_part"] = people["size"].where(people["took_part"], 0)
    per_unit = people.groupby("unit", sort=False).agg(
        stakeholders=("id", "size"),
        took_part=("took_part", "sum"),
        people=("size", "sum"),
        people_took_part=("people_took_part", "sum"),
    )
    units = tables.units.set_index("id")
    per_unit = per_unit.reindex(units.index, fill_value=0).join(units["name"])
    per_unit["share"] = per_unit["people_took_part"] / per_unit["people"].where(
        per_unit["people"] > 0
    )

    heading("Who took part in a two-way event (consult or higher), per unit")
    print(f"  {'unit':<36} {'stakeholders':>12}  {'people':>12}  {'share':>5}")
    for row in per_unit.itertuples():  # one line per unit, to print
        name = str(row.name)
        stakeholders = f"{row.took_part} of {row.stakeholders}"
        people_ = f"{row.people_took_part} of {row.people}"
        flag = "  <- never heard" if row.took_part == 0 else ""
        print(f"  {name:<36} {stakeholders:>12}  {people_:>12}  {row.share:>5.0%}{flag}")
    everyone = per_unit[["people_took_part", "people"]].sum()
    print(
        f"  In all, {everyone['people_took_part']} of {everyone['people']} people "
        f"({everyone['people_took_part'] / everyone['people']:.0%}) took part."
    )


def most_agreed_with(tables: Tables[pd.DataFrame]) -> None:
    """The contributions most people agree with, and how far every unit agrees."""
    received = contribution_activity(tables)
    shared = consensus(tables, by="unit")
    units = int(shared["groups"].iloc[0])
    texts = tables.contributions[["id", "kind", "text"]].rename(columns={"id": "contribution"})
    top = (
        received.merge(shared, on="contribution")
        .merge(texts, on="contribution")
        .sort_values(["agrees", "consensus"], ascending=False)
        .head(TOP)
    )

    heading(f"The {TOP} most agreed-with contributions, and their consensus across units")
    for row in top.itertuples(index=False):  # TOP lines, to print
        print(
            f"  {row.contribution} {row.kind:<8} {row.agrees:>3} agree {row.disagrees:>2} disagree "
            f"{row.passes:>2} pass   consensus {row.consensus:.3f}   "
            f"{row.responses} response{'' if row.responses == 1 else 's'}"
        )
        print(f"       {shorten(str(row.text))}")
    print(
        textwrap.fill(
            f"Consensus is the product over the {units} units of (agrees + 1) / (votes + 2), "
            "from each person's latest reaction (Pol.is's group-informed consensus): it is "
            "high only when every unit agrees. A unit that never reacted counts 1/2, so a "
            f"contribution nobody reacted to scores 1/2^{units} = {0.5**units:.4f}.",
            width=96,
            initial_indent="  ",
            subsequent_indent="  ",
        )
    )


def unanswered(tables: Tables[pd.DataFrame]) -> None:
    """Questions and concerns that got no response at all, by the goal they are about."""
    received = contribution_activity(tables)
    asked = tables.contributions.loc[
        tables.contributions["kind"].isin(["question", "concern"]), ["id", "kind"]
    ]
    asked = asked.merge(received, left_on="id", right_on="contribution")
    silent = asked.loc[asked["responses"] == 0]
    goals = tables.goals[["id", "title"]].rename(columns={"id": "goal", "title": "about"})
    by_goal = (
        silent[["contribution", "kind"]]
        .merge(tables.contribution_goals, on="contribution", how="left")
        .merge(goals, on="goal", how="left")
        .fillna({"goal": "", "about": "(no goal)"})
        .groupby(["goal", "about"])
        .agg(
            questions=("kind", lambda kinds: int((kinds == "question").sum())),
            concerns=("kind", lambda kinds: int((kinds == "concern").sum())),
            contributions=("contribution", lambda ids: ", ".join(sorted(ids))),
        )
        .reset_index()
        .sort_values(["concerns", "questions"], ascending=False)
    )

    heading("Questions and concerns without any response")
    kinds = asked["kind"].value_counts()
    silent_kinds = silent["kind"].value_counts()
    print(
        f"  {silent_kinds.get('question', 0)} of {kinds.get('question', 0)} questions and "
        f"{silent_kinds.get('concern', 0)} of {kinds.get('concern', 0)} concerns got no response."
    )
    for row in by_goal.itertuples(index=False):  # one line per goal, to print
        goal = f" ({row.goal!s})" if row.goal else ""
        print(f"  {row.about}{goal}: {row.concerns} concerns, {row.questions} questions")
        print(f"       {row.contributions}")


def main() -> None:
    process = demo()
    tables = to_tables(process)
    the_process(process, tables)
    assessment(process)
    participation_by_unit(tables)
    most_agreed_with(tables)
    unanswered(tables)


if __name__ == "__main__":
    main()
