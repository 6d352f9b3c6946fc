"""What every report shows, whatever its format or language.

:func:`quotes` gives the words of the contributions a finding names, with
privacy applied; :func:`unit_rows` gives the units frame as records with the
units' names; :func:`subject_names` gives the names of what findings are
about. The renderers (Markdown, terminal, HTML) only lay these out.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import narwhals.stable.v2 as nw

if TYPE_CHECKING:
    from ..assess import Assessment

__all__ = ["quotes", "subject_names", "unit_rows"]

_FIRST: tuple[str, ...] = ("unit", "name", "size", "suppressed")


def _plain(value: Any) -> Any:
    """A cell as plain Python: NaN and missing values as None, numpy scalars unwrapped."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _rows(frame: Any) -> list[dict[str, Any]]:
    native = nw.from_native(frame)
    eager = native.collect() if isinstance(native, nw.LazyFrame) else native
    return list(eager.rows(named=True))


_NAMED: dict[str, tuple[str, str]] = {
    "units": ("units", "name"),
    "stakeholders": ("stakeholders", "name"),
    "goals": ("goals", "title"),
    "milestones": ("milestones", "title"),
}


def subject_names(assessment: Assessment) -> dict[str, dict[str, str]]:
    """The names of the subjects findings name, by kind: ``units``, ``stakeholders``,
    ``goals`` (their titles) and ``milestones`` (their titles); an id without a name
    (or whose table has no name column) is its own name.

    Only the subjects named by a finding are looked up; contributions are
    shown by :func:`quotes`, not by name.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> subject_names(assess(demo()))["units"]["kultur-fritid"]
    'Kultur- och fritidsförvaltningen'
    """
    a = assessment
    base = a._base
    names: dict[str, dict[str, str]] = {}
    for kind, (table, column) in _NAMED.items():
        ids = sorted({i for f in a.findings for i in f.subjects.get(kind, ())})
        if not ids:
            continue
        found: dict[str, str] = {}
        if table in base.names:
            frame = base.table(table)
            if column in frame.collect_schema().names():
                rows = frame.filter(nw.col("id").is_in(ids)).select("id", column).collect()
                found = {str(i): str(n) for i, n in rows.rows() if _plain(n)}
        names[kind] = {i: found.get(i, i) for i in ids}
    return names


def quotes(assessment: Assessment) -> dict[str, str | None]:
    """The text of every contribution the findings name, or None where it is withheld.

    Free text from a small group identifies its author, so a text is withheld
    (``None``) when fewer than ``config.min_text`` people in scope (counted
    by size) are in its author's unit at the moment assessed. The keys are
    the contributions in the order the findings name them; a contribution
    without text gives ``""``.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> said = quotes(assess(demo()))
    >>> list(said)[:3]
    ['c003', 'c015', 'c021']
    >>> said["c003"][:40]
    'Bygglovsansökningarna kommer fortfarande'
    """
    a = assessment
    wanted: list[str] = []
    for finding in a.findings:
        for contribution in finding.subjects.get("contributions", ()):
            if contribution not in wanted:
                wanted.append(contribution)
    if not wanted:
        return {}
    base = a._base
    view = base.view(a.as_of)
    people = view.people.group_by("unit").agg(nw.col("w").sum().alias("people"))
    table = base.table("contributions")
    text = nw.col("text") if "text" in table.collect_schema().names() else nw.lit("")
    authors = base.table("stakeholders").select(nw.col("id").alias("author"), "unit")
    found = (
        table.filter(nw.col("id").is_in(wanted))
        .select("id", "author", text.cast(nw.String()).alias("text"))
        .join(authors, on="author", how="left")
        .join(people, on="unit", how="left")
        .collect()
    )
    known: dict[str, str | None] = {}
    for row in found.rows(named=True):
        count = _plain(row["people"]) or 0
        shown = count >= a.config.min_text
        known[str(row["id"])] = (_plain(row["text"]) or "") if shown else None
    return {contribution: known.get(contribution) for contribution in wanted}


def unit_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """The assessment's units frame as records, in its order, with each unit's name.

    Each record has ``unit`` (the id), ``name``, ``size`` (people in scope,
    None when withheld), ``suppressed`` (True when the group is under the
    privacy minimum ``config.min_group``: its values are all None), then one
    value per metric, in the frame's order: a float, or None when undefined
    or withheld. The metric columns are the keys after ``suppressed``.

    >>> from ownership import assess
    >>> from ownership.data import demo
    >>> rows = unit_rows(assess(demo()))
    >>> first = rows[0]
    >>> first["unit"], first["name"], first["size"], first["suppressed"]
    ('anvandarstod', 'Användarstöd', 22, False)
    >>> list(first)[4:7]
    ['reach', 'depth', 'earliness']
    """
    a = assessment
    units = a._base.table("units")
    has_name = "name" in units.collect_schema().names()
    names = {
        str(unit): (str(name) if has_name and _plain(name) else str(unit))
        for unit, name in units.select(
            "id", nw.col("name") if has_name else nw.col("id").alias("name")
        )
        .collect()
        .rows()
    }
    records = []
    for row in _rows(a.units):
        unit = str(row["unit"])
        size = _plain(row.get("size"))
        record: dict[str, Any] = {
            "unit": unit,
            "name": names.get(unit, unit),
            "size": None if size is None else int(size),
            "suppressed": bool(row.get("suppressed")),
        }
        for column, value in row.items():
            if column not in _FIRST:
                plain = _plain(value)
                record[column] = None if plain is None else float(plain)
        records.append(record)
    return records
