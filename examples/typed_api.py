"""What a type checker sees of ``ownership``'s public API.

``mypy`` (strict, run in CI over ``examples/``) checks every ``assert_type``
below, so a change to a public type that would break users' type-checked code
breaks this file first. At run time ``assert_type`` does nothing, so the file
also runs as a plain script.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, assert_type

from ownership import (
    Event,
    EventKind,
    Level,
    Milestone,
    OwnershipError,
    Problem,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
    ValidationError,
)
from ownership.schema import TABLES, Column, TableSpec, json_schema, table


def main() -> None:
    start = datetime(2025, 1, 20, 9, tzinfo=UTC)
    unit = Unit(id="it", name="IT")
    anna = Stakeholder(id="anna", name="Anna", unit="it", power=0.8)
    workshop = Event(id="w1", kind=EventKind.WORKSHOP, title="Kick-off", start=start)
    # enum values as strings and lists of ids are accepted too, and converted
    newsletter = Event(id="n1", kind="newsletter", title="News", start=start, audiences=["it"])
    assert_type(newsletter.kind, EventKind)
    assert_type(newsletter.audiences, tuple[str, ...])
    adoption = Revision(id="v1", at=start, title="v1")
    milestone = Milestone(id="m1", title="First result", due=date(2025, 3, 31))
    process = StrategyProcess(
        units=(unit,),
        stakeholders=(anna,),
        revisions=(adoption,),
        milestones=(milestone,),
        events=[workshop, newsletter],
    )

    assert_type(process.units, tuple[Unit, ...])
    assert_type(process.stakeholders[0].power, float | None)
    assert_type(process.adoption, datetime | None)
    assert_type(process.span, tuple[datetime, datetime] | None)
    assert_type(process.as_of(start), StrategyProcess)
    assert_type(milestone.achieved, datetime | None)
    assert_type(workshop.level, Level)
    assert_type(workshop.hours, float)
    assert_type(workshop.level.rank, int)
    assert_type(workshop.level >= Level.CONSULT, bool)
    assert_type(anna.attributes, Mapping[str, str])

    try:
        Stakeholder(id="bo", name="Bo", unit="it", size=0)
    except ValidationError as error:
        assert_type(error.problems, tuple[Problem, ...])
        assert_type(error.problems[0].path, str)
    except OwnershipError as error:  # the root of every error the library raises on purpose
        assert_type(str(error), str)

    assert_type(TABLES["units"], TableSpec)
    assert_type(table("units").column("id"), Column)
    assert_type(table("units").key, tuple[str, ...] | None)
    schema = json_schema()
    assert_type(schema, dict[str, Any])
    print(f"{len(TABLES)} tables; {len(schema['$defs'])} classes in the JSON Schema")


if __name__ == "__main__":
    main()
