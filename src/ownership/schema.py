"""The table schema: one description of every table of a strategy process.

Each model class maps to one *main* table; each list-valued field maps to a
*link* table (``goal_owners``, ``participations``, …). The specs below say for
every column its kind, whether it may be null, what it references and its
value domain; the table reader and writer, table validation, the JSON Schema
export and the test strategies all work from them.

>>> from ownership.schema import TABLES
>>> spec = TABLES["stakeholders"]
>>> spec.key, spec.column("unit").references
(('id',), 'units')
>>> [t for t in TABLES if t.startswith("goal")]
['goals', 'goal_owners', 'goal_units']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

import attrs

from .errors import Problem, SchemaError, did_you_mean
from .model import (
    COLLECTIONS,
    ContributionKind,
    EventKind,
    Level,
    Outcome,
    ParticipationRole,
)
from .model._fields import Kind

__all__ = [
    "TABLES",
    "Column",
    "ColumnKind",
    "TableSpec",
    "json_schema",
    "table",
]


class ColumnKind(StrEnum):
    """The logical type of a column; each maps to one dtype in every backend."""

    STRING = "string"  # ids, references, free text and enums (stored as their value)
    BOOL = "bool"
    INT = "int"  # int64
    FLOAT = "float"  # float64
    DATETIME = "datetime"  # microseconds, UTC
    DATE = "date"


@attrs.frozen(kw_only=True)
class Column:
    """One column of a table."""

    name: str
    kind: ColumnKind
    nullable: bool = False
    references: str | None = None
    """The table whose ``id`` this column holds, if it is a reference."""
    enum: type[StrEnum] | None = None
    """The allowed values, for an enum column."""
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[int, ...] | None = None
    """The allowed values of an integer column with a small domain."""
    non_empty: bool = False
    """Whether a string must not be empty (ids and references)."""
    field: str | None = None
    """The model field the column holds, when it differs from the column's name."""
    description: str = ""

    def domain(self) -> str | None:
        """A short description of the column's domain, or None if any value of its kind fits."""
        if self.enum is not None:
            return "one of " + ", ".join(m.value for m in self.enum)
        if self.allowed is not None:
            return "one of " + ", ".join(map(str, self.allowed))
        if self.minimum is not None and self.maximum is not None:
            return f"in [{self.minimum:g}, {self.maximum:g}]"
        if self.minimum is not None:
            return f"at least {self.minimum:g}"
        return None


@attrs.frozen(kw_only=True)
class TableSpec:
    """One table: its columns, key, and where it lives in the object model.

    A *main* table holds one row per object of ``collection``. A *link* table
    holds one row per item of the list field ``field`` of the objects of
    ``collection``; its first column (``owner``) references the object, and
    its rows keep the order of the list.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] | None
    """Columns whose values are unique together, or None when rows may repeat."""
    collection: str
    field: str | None = None
    description: str = ""

    @property
    def is_link(self) -> bool:
        """Whether the table holds the items of a list field."""
        return self.field is not None

    @property
    def owner(self) -> str | None:
        """For a link table, the column that references the owning object."""
        return self.columns[0].name if self.is_link else None

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``; a :class:`~ownership.SchemaError` with a hint if none is."""
        for c in self.columns:
            if c.name == name:
                return c
        hint = did_you_mean(name, self.names)
        raise SchemaError([Problem(f"{self.name}.{name}", f"no such column{hint}")])


S, B, INT, F, T, D = (
    ColumnKind.STRING,
    ColumnKind.BOOL,
    ColumnKind.INT,
    ColumnKind.FLOAT,
    ColumnKind.DATETIME,
    ColumnKind.DATE,
)


def _id() -> Column:
    return Column(name="id", kind=S, non_empty=True, description="unique id")


def _ref(name: str, table: str, *, nullable: bool = False, field: str | None = None) -> Column:
    return Column(
        name=name, kind=S, references=table, nullable=nullable, non_empty=True, field=field
    )


def _score(name: str) -> Column:
    return Column(name=name, kind=F, nullable=True, minimum=0.0, maximum=1.0)


def _text(name: str) -> Column:
    return Column(name=name, kind=S)


def _link(
    name: str, collection: str, field: str, owner: str, target_col: str, target: str
) -> TableSpec:
    return TableSpec(
        name=name,
        collection=collection,
        field=field,
        key=(owner, target_col),
        columns=(_ref(owner, collection), _ref(target_col, target)),
    )


def _attributes(name: str, collection: str, owner: str) -> TableSpec:
    return TableSpec(
        name=name,
        collection=collection,
        field="attributes",
        key=(owner, "key"),
        columns=(
            _ref(owner, collection),
            Column(name="key", kind=S, non_empty=True),
            _text("value"),
        ),
    )


_SPECS: Final = (
    TableSpec(
        name="units",
        collection="units",
        key=("id",),
        columns=(
            _id(),
            _text("name"),
            _ref("parent", "units", nullable=True),
            Column(name="external", kind=B),
        ),
    ),
    TableSpec(
        name="stakeholders",
        collection="stakeholders",
        key=("id",),
        columns=(
            _id(),
            _text("name"),
            _ref("unit", "units"),
            _text("role"),
            Column(name="leader", kind=B),
            Column(name="size", kind=INT, minimum=1),
            _score("power"),
            _score("interest"),
            _score("legitimacy"),
            _score("urgency"),
            _score("affectedness"),
            Column(name="joined", kind=T, nullable=True),
            Column(name="left", kind=T, nullable=True),
        ),
    ),
    _attributes("stakeholder_attributes", "stakeholders", "stakeholder"),
    TableSpec(
        name="goals",
        collection="goals",
        key=("id",),
        columns=(
            _id(),
            _text("title"),
            _ref("parent", "goals", nullable=True),
            Column(name="created", kind=T, nullable=True),
        ),
    ),
    _link("goal_owners", "goals", "owners", "goal", "stakeholder", "stakeholders"),
    _link("goal_units", "goals", "units", "goal", "unit", "units"),
    TableSpec(
        name="revisions",
        collection="revisions",
        key=("id",),
        columns=(_id(), Column(name="at", kind=T), _text("title"), _text("summary")),
    ),
    _link("revision_goals", "revisions", "goals", "revision", "goal", "goals"),
    _link(
        "revision_sources",
        "revisions",
        "motivated_by",
        "revision",
        "contribution",
        "contributions",
    ),
    TableSpec(
        name="milestones",
        collection="milestones",
        key=("id",),
        columns=(
            _id(),
            _text("title"),
            Column(name="due", kind=D),
            Column(name="achieved", kind=T, nullable=True),
        ),
    ),
    _link("milestone_goals", "milestones", "goals", "milestone", "goal", "goals"),
    TableSpec(
        name="events",
        collection="events",
        key=("id",),
        columns=(
            _id(),
            Column(name="kind", kind=S, enum=EventKind),
            _text("title"),
            Column(name="start", kind=T),
            Column(name="end", kind=T, nullable=True),
            Column(name="level", kind=S, enum=Level),
            _ref("organiser", "stakeholders", nullable=True),
        ),
    ),
    _link("event_goals", "events", "goals", "event", "goal", "goals"),
    _link("event_milestones", "events", "milestones", "event", "milestone", "milestones"),
    TableSpec(
        name="participations",
        collection="events",
        field="participations",
        key=("event", "stakeholder"),
        columns=(
            _ref("event", "events"),
            _ref("stakeholder", "stakeholders"),
            Column(name="role", kind=S, enum=ParticipationRole),
        ),
    ),
    _link("audiences", "events", "audiences", "event", "unit", "units"),
    TableSpec(
        name="contributions",
        collection="contributions",
        key=("id",),
        columns=(
            _id(),
            _ref("event", "events"),
            _ref("author", "stakeholders"),
            Column(name="at", kind=T, nullable=True),
            Column(name="kind", kind=S, enum=ContributionKind),
            _text("text"),
            _ref("reply_to", "contributions", nullable=True),
        ),
    ),
    _link("contribution_goals", "contributions", "goals", "contribution", "goal", "goals"),
    _attributes("contribution_attributes", "contributions", "contribution"),
    TableSpec(
        name="responses",
        collection="responses",
        key=("id",),
        columns=(
            _id(),
            _ref("contribution", "contributions"),
            _ref("responder", "stakeholders", nullable=True),
            Column(name="at", kind=T),
            Column(name="outcome", kind=S, enum=Outcome),
            _text("text"),
        ),
    ),
    TableSpec(
        name="reactions",
        collection="reactions",
        key=None,
        columns=(
            _ref("contribution", "contributions"),
            _ref("stakeholder", "stakeholders"),
            Column(name="at", kind=T),
            Column(name="value", kind=INT, allowed=(-1, 0, 1)),
        ),
    ),
    TableSpec(
        name="survey_answers",
        collection="survey_answers",
        key=None,
        columns=(
            _ref("respondent", "stakeholders"),
            Column(name="at", kind=T),
            _text("instrument"),
            _text("item"),
            Column(name="value", kind=F),
        ),
    ),
)

TABLES: Final[Mapping[str, TableSpec]] = {spec.name: spec for spec in _SPECS}
"""Every table of a process, by name, in dependency order."""


def table(name: str) -> TableSpec:
    """The spec of the table called ``name``, with a did-you-mean hint if there is none.

    >>> table("participation")
    Traceback (most recent call last):
    ...
    ownership.errors.SchemaError: participation: no such table (did you mean 'participations'?)
    """
    try:
        return TABLES[name]
    except KeyError:
        hint = did_you_mean(name, TABLES)
        raise SchemaError([Problem(name, f"no such table{hint}")]) from None


# ---------------------------------------------------------------------------
# JSON Schema of the JSON form


_KIND_JSON: Final[dict[Kind, dict[str, Any]]] = {
    Kind.ID: {"type": "string", "minLength": 1},
    Kind.REF: {"type": "string", "minLength": 1},
    Kind.OPT_REF: {"type": ["string", "null"], "minLength": 1},
    Kind.REFS: {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
    Kind.TEXT: {"type": "string"},
    Kind.BOOL: {"type": "boolean"},
    Kind.SIZE: {"type": "integer", "minimum": 1, "maximum": 2**63 - 1, "multipleOf": 1},
    Kind.SCORE: {"type": ["number", "null"], "minimum": 0, "maximum": 1},
    Kind.NUMBER: {"type": "number"},
    Kind.VOTE: {"type": "integer", "enum": [-1, 0, 1], "multipleOf": 1},
    Kind.DATETIME: {"type": "string", "format": "date-time"},
    Kind.OPT_DATETIME: {"type": ["string", "null"], "format": "date-time"},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.MAPPING: {
        "type": "object",
        "propertyNames": {"minLength": 1},
        "additionalProperties": {"type": "string"},
    },
    Kind.PARTICIPATIONS: {"type": "array", "items": {"$ref": "#/$defs/Participation"}},
}


def _class_schema(cls: type) -> dict[str, Any]:
    from .model._fields import enum_of, kind_of

    properties: dict[str, Any] = {}
    required = []
    for field in attrs.fields(cls):
        kind = kind_of(field)
        if kind is Kind.ENUM:
            prop: dict[str, Any] = {"type": "string", "enum": [m.value for m in enum_of(field)]}
        else:
            prop = dict(_KIND_JSON[kind])
        properties[field.name] = prop
        if field.default is attrs.NOTHING:
            required.append(field.name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    if cls.__doc__:
        out["description"] = cls.__doc__.strip().split("\n\n")[0].replace("\n", " ")
    return out


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the JSON form of a :class:`~ownership.StrategyProcess`.

    The schema checks each object on its own (types, required fields,
    domains); what spans objects (references, unique ids, cycles, time order)
    is checked by the library when the document is loaded.

    >>> schema = json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["properties"])[:3]
    ['contributions', 'events', 'goals']
    >>> schema["$defs"]["Stakeholder"]["properties"]["power"]
    {'type': ['number', 'null'], 'minimum': 0, 'maximum': 1}
    """
    from .model import Participation

    defs = {cls.__name__: _class_schema(cls) for cls in (*COLLECTIONS.values(), Participation)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ownership.readthedocs.io/schema/process.json",
        "title": "StrategyProcess",
        "description": "A strategy process in the JSON form read and written by ownership.",
        "type": "object",
        "properties": {
            name: {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}}
            for name, cls in COLLECTIONS.items()
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def json_schema_text(*, indent: int = 2) -> str:
    """:func:`json_schema` as formatted JSON text."""
    return json.dumps(json_schema(), indent=indent, ensure_ascii=False)
