"""An app developer's tour: JSON payloads in, validation, assessment, findings, stored results.

A strategy portal on a municipality's intranet receives its data as JSON payloads — a unit, a
stakeholder, a workshop, a concern raised in it — one request at a time. This script does what
the portal's back end would:

1. check each payload as it arrives (:func:`ownership.io.converter`), answering a bad one with
   every problem and the field it is in;
2. build the whole process from the payloads (:func:`ownership.io.loads`), which also checks
   what spans payloads — references, duplicate ids, order in time — and map each problem back
   to the payload it came from;
3. assess the process (:func:`ownership.assess`) and show the findings, in English and in
   Swedish (:meth:`ownership.findings.Finding.describe`);
4. store the results: the assessment as JSON (``to_dict``), its frames as CSV and Parquet, the
   process itself (:func:`ownership.write`);
5. a month later, with new payloads, assess again, and assess *as of* the earlier moment
   to get back exactly what was stored then.

The documentation's app developer tutorial walks through it; run it with
``python examples/app_developer_tutorial.py``.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import tempfile
import textwrap
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ownership import (
    Contribution,
    Event,
    Goal,
    Milestone,
    Reaction,
    Response,
    Revision,
    Stakeholder,
    StrategyProcess,
    Unit,
    ValidationError,
    assess,
    write,
)
from ownership.io import converter, loads

# [payloads]
PAYLOADS: list[tuple[str, str]] = [  # (collection, request body) as the portal received them
    ("units", '{"id": "kommun", "name": "Sjöviks kommun"}'),
    ("units", '{"id": "it", "name": "IT-avdelningen", "parent": "kommun"}'),
    ("units", '{"id": "omsorg", "name": "Äldreomsorgen", "parent": "kommun"}'),
    ("units", '{"id": "skola", "name": "Skolförvaltningen", "parent": "kommun"}'),
    (
        "stakeholders",
        '{"id": "cio", "name": "Karin Ek", "unit": "it", "role": "CIO",'
        ' "leader": true, "power": 0.9, "interest": 0.9, "legitimacy": 0.9}',
    ),
    ("stakeholders", '{"id": "it-staff", "name": "IT staff", "unit": "it", "size": 12}'),
    (
        "stakeholders",
        '{"id": "care-head", "name": "Omar Said", "unit": "omsorg",'
        ' "role": "head of care", "leader": true}',
    ),
    (
        "stakeholders",
        '{"id": "nurses", "name": "Home-care nurses", "unit": "Omsorg",'
        ' "size": 40, "affectedness": 1.0}',
    ),
    (
        "stakeholders",
        '{"id": "school-head", "name": "Lena Berg", "unit": "skola",'
        ' "role": "head of schools", "leader": true}',
    ),
    ("stakeholders", '{"id": "teachers", "name": "Teachers", "unit": "skola", "size": 60}'),
    (
        "goals",
        '{"id": "mobile-care", "title": "Mobile tools that save time in care",'
        ' "owners": ["cio"], "units": ["omsorg"]}',
    ),
    (
        "goals",
        '{"id": "stable-it", "title": "Secure and stable IT", "owners": ["cio"],'
        ' "units": ["it", "omsorg", "skola"]}',
    ),
    (
        "revisions",
        '{"id": "v1", "at": "2025-02-01T10:00:00+01:00",'
        ' "title": "IT-strategi 2025-2028", "goals": ["mobile-care", "stable-it"]}',
    ),
    (
        "milestones",
        '{"id": "m1", "title": "Care tablets stay signed in", "due": "2025-04-30",'
        ' "achieved": "2025-04-22T15:00:00+02:00", "goals": ["mobile-care"]}',
    ),
    (
        "events",
        '{"id": "kickoff", "kind": "worksop", "title": "What slows your day?",'
        ' "start": "2025-01-20T09:00:00", "organizer": "cio",'
        ' "participations": [{"stakeholder": "cio", "role": "facilitator"},'
        ' {"stakeholder": "nurses"}, {"stakeholder": "care-head"}]}',
    ),
    (
        "events",
        '{"id": "forum", "kind": "digital_platform", "title": "Strategy forum",'
        ' "start": "2025-03-03T08:00:00+01:00", "end": "2025-03-31T17:00:00+02:00",'
        ' "organiser": "cio", "goals": ["stable-it"],'
        ' "participations": [{"stakeholder": "it-staff"}, {"stakeholder": "nurses"},'
        ' {"stakeholder": "care-head"}]}',
    ),
    (
        "events",
        '{"id": "schools-info", "kind": "presentation", "title": "The new IT strategy",'
        ' "start": "2025-03-10T15:00:00+01:00", "organiser": "school-head",'
        ' "audiences": ["skola"]}',
    ),
    (
        "contributions",
        '{"id": "c1", "event": "kickoff", "author": "nurses",'
        ' "at": "2025-01-20T10:15:00+01:00", "kind": "concern", "goals": ["mobile-care"],'
        ' "text": "The tablets sign us out between visits."}',
    ),
    (
        "contributions",
        '{"id": "c2", "event": "forum", "author": "it-staff",'
        ' "at": "2025-03-05T13:00:00+01:00", "kind": "question", "goals": ["stable-it"],'
        ' "text": "Who decides which old systems are retired first?"}',
    ),
    (
        "contributions",
        '{"id": "c3", "event": "forum", "author": "care-head",'
        ' "at": "2025-03-12T09:30:00+01:00", "kind": "idea", "goals": ["mobile-care"],'
        ' "text": "Pilot the new rota app in one team first."}',
    ),
    (
        "responses",
        '{"id": "r1", "contribution": "c1", "responder": "cio",'
        ' "at": "2025-02-03T11:00:00+01:00", "outcome": "adopted",'
        ' "text": "Care tablets stay signed in from April."}',
    ),
    (
        "reactions",
        '{"contribution": "c3", "stakeholder": "nurses",'
        ' "at": "2025-03-12T12:00:00+01:00", "value": 1}',
    ),
    (
        "reactions",
        '{"contribution": "c3", "stakeholder": "it-staff",'
        ' "at": "2025-03-13T08:00:00+01:00", "value": 0}',
    ),
]
# [/payloads]

# [classes]
CLASSES: dict[str, type[Any]] = {
    "units": Unit,
    "stakeholders": Stakeholder,
    "goals": Goal,
    "revisions": Revision,
    "milestones": Milestone,
    "events": Event,
    "contributions": Contribution,
    "responses": Response,
    "reactions": Reaction,
}
CONVERTER = converter()  # one strict converter for the whole app, never a global of the library
# [/classes]


def heading(text: str) -> None:
    print(f"\n{text}\n{'-' * len(text)}")


# [check-one]
def check_payload(collection: str, body: str) -> dict[str, Any] | None:
    """What the API answers to one request: None when the payload is fine, else a 422 body."""
    try:
        CONVERTER.structure(json.loads(body), CLASSES[collection])
    except ValidationError as error:
        return {"errors": [{"path": p.path, "message": p.message} for p in error.problems]}
    return None


# [/check-one]


# [build]
ITEM = re.compile(r"^\$\.(\w+)\[(\d+)\]")


def build(payloads: Sequence[tuple[str, str]]) -> StrategyProcess:
    """The process the payloads describe; raises ValidationError naming every problem."""
    document: dict[str, list[Any]] = {}
    for collection, body in payloads:
        document.setdefault(collection, []).append(json.loads(body))
    return loads(json.dumps(document), converter=CONVERTER)


def payload_of(path: str, payloads: Sequence[tuple[str, str]]) -> int | None:
    """The number of the payload a problem's ``$.collection[i]`` path points into."""
    match = ITEM.match(path)
    if match is None:
        return None
    collection, index = match[1], int(match[2])
    numbers = [n for n, (name, _) in enumerate(payloads) if name == collection]
    return numbers[index] if index < len(numbers) else None


# [/build]


def main() -> None:
    heading("1. Each payload as it arrives")
    for number, (collection, body) in enumerate(PAYLOADS):
        answer = check_payload(collection, body)
        if answer is not None:
            print(f"  payload {number} ({collection}): 422")
            print(textwrap.indent(json.dumps(answer, indent=2, ensure_ascii=False), "    "))
    print("  every other payload is well-formed on its own")

    heading("2. The whole process: every problem at once, with its path")
    try:
        build(PAYLOADS)
    except ValidationError as error:
        problems = error.problems
        for problem in problems:
            print(f"  payload {payload_of(problem.path, PAYLOADS)}: {problem}")
    else:
        raise AssertionError("the payloads have problems; build() should have said so")
    # both the event (three problems) and the stakeholder's unit (a reference) are reported
    assert any(p.path == "$.stakeholders[3].unit" for p in problems), problems
    assert len(problems) >= 4, problems

    # [fix]
    fixed = list(PAYLOADS)
    fixed[7] = ("stakeholders", fixed[7][1].replace('"Omsorg"', '"omsorg"'))
    fixed[14] = (
        "events",
        fixed[14][1]
        .replace("worksop", "workshop")
        .replace('09:00:00"', '09:00:00+01:00"')
        .replace("organizer", "organiser"),
    )
    process = build(fixed)
    # [/fix]
    print(
        f"  fixed: {len(process.units)} units, {len(process.stakeholders)} stakeholders, "
        f"{len(process.events)} events, {len(process.contributions)} contributions"
    )

    # [assess]
    result = assess(process)
    # [/assess]
    heading(f"3. The assessment, as of {result.as_of:%Y-%m-%d %H:%M} UTC")
    assert result.index is not None
    print(f"  ownership index {result.index:.3f}")
    # [findings]
    for finding in result.findings:
        title_sv, recommendation_sv = finding.describe("sv")
        print(f"  [{finding.severity}] {finding.code}  subjects: {dict(finding.subjects)}")
        print(f"      en: {finding.title}")
        print(f"      sv: {title_sv}")
        print(
            textwrap.fill(
                recommendation_sv, 92, initial_indent="      → ", subsequent_indent="        "
            )
        )
    # [/findings]
    codes = [finding.code for finding in result.findings]
    assert "unit-never-consulted" in codes, codes  # the schools were only told

    # [store]
    folder = Path(tempfile.mkdtemp(prefix="ownership-portal-"))
    stored = result.to_dict()  # plain data: numbers, text, lists and dicts
    (folder / "assessment.json").write_text(
        json.dumps(stored, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    result.units.to_csv(folder / "units.csv", index=False)
    result.goals.to_csv(folder / "goals.csv", index=False)
    if importlib.util.find_spec("pyarrow") is not None:  # Parquet needs pyarrow
        result.stakeholders.to_parquet(folder / "stakeholders.parquet", index=False)
    write(process, folder / "process.json")  # the process itself, to assess again later
    # [/store]
    heading("4. Stored")
    for path in sorted(folder.iterdir()):
        print(f"  {path.name:<22} {path.stat().st_size:>7,} bytes")
    print(f"  in {folder}")

    # [later]
    later = [
        *fixed,
        (
            "responses",
            '{"id": "r2", "contribution": "c2", "responder": "cio",'
            ' "at": "2025-05-06T09:00:00+02:00", "outcome": "answered",'
            ' "text": "The steering group decides, on the IT staff\'s list."}',
        ),
        (
            "events",
            '{"id": "schools-workshop", "kind": "workshop",'
            ' "title": "What should IT do for schools?", "start": "2025-05-20T14:00:00+02:00",'
            ' "organiser": "school-head", "goals": ["stable-it"],'
            ' "participations": [{"stakeholder": "school-head", "role": "facilitator"},'
            ' {"stakeholder": "teachers"}]}',
        ),
    ]
    now = assess(build(later))
    then = assess(build(later), as_of=datetime.fromisoformat(stored["as_of"]))
    # [/later]
    heading("5. A month later")
    assert now.index is not None
    print(
        f"  as of {now.as_of:%Y-%m-%d}: index {now.index:.3f}, findings "
        f"{[f.code for f in now.findings]}"
    )
    print(f"  as of {then.as_of:%Y-%m-%d}: index {then.index:.3f}, as stored then")
    # [compare]
    assert then.as_of.isoformat() == stored["as_of"]
    assert math.isclose(then.index or 0, stored["index"], rel_tol=1e-12)
    for name, score in then.dimensions.items():
        old = stored["dimensions"][name]["value"]
        assert (score.value is None) == (old is None), name
        assert score.value is None or math.isclose(score.value, old, rel_tol=1e-12), name
    assert [f.to_dict()["subjects"] for f in then.findings] == [
        f["subjects"] for f in stored["findings"]
    ]
    # [/compare]
    assert "unit-never-consulted" not in [f.code for f in now.findings]


if __name__ == "__main__":
    main()
