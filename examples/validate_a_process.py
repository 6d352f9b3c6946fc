"""Build a small strategy process, see validation catch mistakes, and look back in time.

A municipality's IT strategy: the CIO runs a workshop with the home-care nurses,
the nurses raise a concern, the CIO adopts it, the strategy is revised and the
promised result is reported back in a newsletter.

Run it with ``python examples/validate_a_process.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ownership import (
    Contribution,
    Event,
    Goal,
    Milestone,
    Participation,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
    ValidationError,
)


def at(month: int, day: int, hour: int = 9) -> datetime:
    """A moment in 2025, in UTC (naive datetimes are refused)."""
    return datetime(2025, month, day, hour, tzinfo=UTC)


def build(*, unit_of_nurses: str = "care", answered: datetime | None = None) -> StrategyProcess:
    """The example process; the keyword arguments let :func:`main` break it on purpose."""
    return StrategyProcess(
        units=[
            Unit(id="org", name="Municipality"),
            Unit(id="it", name="IT", parent="org"),
            Unit(id="care", name="Elderly care", parent="org"),
        ],
        stakeholders=[
            Stakeholder(id="cio", name="Chief information officer", unit="it", leader=True),
            Stakeholder(id="nurses", name="Home-care nurses", unit=unit_of_nurses, size=40),
        ],
        goals=[Goal(id="digital-care", title="Digital tools that save time in care")],
        revisions=[
            Revision(id="v1", at=at(2, 1), title="IT strategy 2025-2028"),
            Revision(id="v2", at=at(4, 1), title="Care tablets first", motivated_by=["c1"]),
        ],
        milestones=[
            Milestone(
                id="m1",
                title="Care tablets stay signed in between visits",
                due=date(2025, 3, 31),
                achieved=at(3, 20),
                goals=["digital-care"],
            )
        ],
        events=[
            Event(
                id="kickoff",
                kind="workshop",
                title="What slows your day?",
                start=at(1, 20),
                end=at(1, 20, 12),
                organiser="cio",
                participations=[
                    Participation(stakeholder="cio", role="facilitator"),
                    Participation(stakeholder="nurses"),
                ],
            ),
            Event(
                id="news-3",
                kind="newsletter",
                title="Tablets: done",
                start=at(3, 24),
                milestones=["m1"],
                audiences=["org"],
            ),
        ],
        contributions=[
            Contribution(
                id="c1",
                event="kickoff",
                author="nurses",
                at=at(1, 20, 10),
                kind="concern",
                text="The tablets sign us out between visits.",
            )
        ],
        responses=[
            Response(
                id="r1",
                contribution="c1",
                responder="cio",
                at=answered or at(2, 3),
                outcome="adopted",
            )
        ],
    )


def main() -> None:
    process = build()
    sizes = ", ".join(
        f"{len(getattr(process, name))} {name}" for name in ("units", "stakeholders", "events")
    )
    print(f"A valid process: {sizes}; strategy adopted {process.adoption:%Y-%m-%d}.")

    print("\nThe same process with two mistakes in it:")
    try:
        build(unit_of_nurses="Care", answered=at(1, 19))
    except ValidationError as error:
        for problem in error.problems:
            print(f"  {problem.path}: {problem.message}")

    march = process.as_of(at(3, 1))
    print("\nAs of 1 March 2025:")
    print(f"  revisions: {[revision.id for revision in march.revisions]}")
    print(f"  events:    {[event.id for event in march.events]}")
    pending = [milestone.id for milestone in march.milestones if milestone.achieved is None]
    print(f"  pending milestones: {pending}")


if __name__ == "__main__":
    main()
