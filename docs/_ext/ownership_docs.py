"""Sphinx extension: documentation generated from ``ownership``'s own schema.

Pages that describe the tables or the JSON form build their tables from the
objects the library itself works from, so the documentation cannot drift from
the code:

``{ownership-tables}``
    One overview of every table of :data:`ownership.schema.TABLES`, then one
    section per table listing its columns (type, nullability, reference, domain).
``{ownership-json-fields}``
    One section per model class listing the fields of its JSON object, from
    :func:`ownership.schema.json_schema` and the classes' defaults.

It also resolves references to classes by their private home
(``ownership.model._enums.Level``, as type hints name them) to their public
name (``ownership.Level``), which is where the reference pages document them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, TypeAlias

import attrs
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

import ownership
from ownership.model import COLLECTIONS, Participation
from ownership.schema import TABLES, Column, TableSpec, json_schema

Cell: TypeAlias = str | nodes.Node


def _paragraph(cell: Cell) -> nodes.paragraph:
    if isinstance(cell, nodes.Node):
        return nodes.paragraph("", "", cell)
    return nodes.paragraph(text=cell)


def _grid(header: Iterable[str], rows: Iterable[Iterable[Cell]]) -> nodes.table:
    header = list(header)
    table = nodes.table(classes=["ownership-generated"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for part, cells in ((head, header), *((body, row) for row in rows)):
        row_node = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += _paragraph(cell)
            row_node += entry
        part.append(row_node)
    return table


def _code(text: str) -> nodes.literal:
    return nodes.literal(text=text)


def _class_ref(name: str) -> addnodes.pending_xref:
    return addnodes.pending_xref(
        "",
        _code(name),
        refdomain="py",
        reftype="class",
        reftarget=f"ownership.{name}",
        refexplicit=True,
    )


def _section(anchor: str, title: Cell, *body: nodes.Node) -> nodes.section:
    section = nodes.section(ids=[anchor], names=[anchor])
    heading = nodes.title()
    heading += title if isinstance(title, nodes.Node) else nodes.Text(title)
    section += heading
    for node in body:
        section += node
    return section


# ---------------------------------------------------------------------------------------------
# tables


def _table_anchor(name: str) -> str:
    return f"table-{name.replace('_', '-')}"


def _table_ref(name: str) -> nodes.reference:
    return nodes.reference("", "", _code(name), refid=_table_anchor(name), internal=True)


def _holds(spec: TableSpec) -> nodes.inline:
    cls = COLLECTIONS[spec.collection].__name__
    out = nodes.inline()
    if spec.field is None:
        out += nodes.Text("one row per ")
        out += _class_ref(cls)
    else:
        out += nodes.Text("one row per item of ")
        out += _class_ref(cls)
        out += _code(f".{spec.field}")
    return out


def _key(spec: TableSpec) -> nodes.Node:
    return _code(", ".join(spec.key)) if spec.key else nodes.Text("none (rows may repeat)")


def _values(column: Column) -> str:
    parts = []
    if column.non_empty:
        parts.append("non-empty")
    domain = column.domain()
    if domain:
        parts.append(domain)
    if column.description:
        parts.append(column.description)
    return "; ".join(parts)


class TablesDirective(SphinxDirective):
    """``{ownership-tables}``: the overview and one section per table of the schema."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        overview = _grid(
            ["table", "holds", "key"],
            ([_table_ref(name), _holds(spec), _key(spec)] for name, spec in TABLES.items()),
        )
        out: list[nodes.Node] = [overview]
        for name, spec in TABLES.items():
            intro = nodes.paragraph()
            intro += _holds(spec)
            intro += nodes.Text("; key: ")
            intro += _key(spec)
            intro += nodes.Text(".")
            columns = _grid(
                ["column", "type", "null", "references", "values"],
                (
                    [
                        _code(c.name),
                        c.kind.value,
                        "yes" if c.nullable else "",
                        _table_ref(c.references) if c.references else "",
                        _values(c),
                    ]
                    for c in spec.columns
                ),
            )
            out.append(_section(_table_anchor(name), _code(name), intro, columns))
        return out


# ---------------------------------------------------------------------------------------------
# JSON form


def _json_type(prop: Mapping[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    kinds = prop.get("type", "any")
    names = [kinds] if isinstance(kinds, str) else list(kinds)
    if names[0] == "array":
        return f"array of {_json_type(prop['items'])}"
    text = " or ".join(names)
    if "format" in prop:
        text += f" ({prop['format']})"
    return text


def _json_values(prop: Mapping[str, Any]) -> str:
    parts = []
    if prop.get("minLength") == 1 or prop.get("items", {}).get("minLength") == 1:
        parts.append("non-empty")
    if "enum" in prop:
        parts.append("one of " + ", ".join(json.dumps(v) for v in prop["enum"]))
    if "minimum" in prop and "maximum" in prop:
        parts.append(f"in [{prop['minimum']}, {prop['maximum']}]")
    elif "minimum" in prop:
        parts.append(f"at least {prop['minimum']}")
    if prop.get("uniqueItems"):
        parts.append("no repeats")
    return "; ".join(parts)


def _plain(default: Any) -> Any:
    """A field's default as the value it gives, or ``...`` when computed from other fields."""
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs types Factory oddly
        return ... if default.takes_self else default.factory()
    return default


def _json_default(field: attrs.Attribute[Any]) -> Cell:
    if field.default is attrs.NOTHING:
        return "required"
    default = _plain(field.default)
    if default is ...:
        return "computed"
    if isinstance(default, Enum):
        default = default.value
    if isinstance(default, tuple):
        default = list(default)
    if isinstance(default, Mapping):
        default = dict(default)
    return _code(json.dumps(default))


class JsonFieldsDirective(SphinxDirective):
    """``{ownership-json-fields}``: one section per model class with its JSON fields."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        schema = json_schema()
        out: list[nodes.Node] = []
        classes = [*COLLECTIONS.items(), ("participations", Participation)]
        for collection, cls in classes:
            definition = schema["$defs"][cls.__name__]
            intro = nodes.paragraph()
            if cls is Participation:
                intro += nodes.Text("An item of the ")
                intro += _code("participations")
                intro += nodes.Text(" array of an event; ")
            else:
                intro += nodes.Text("An item of the top-level ")
                intro += _code(collection)
                intro += nodes.Text(" array; ")
            intro += nodes.Text("read into ")
            intro += _class_ref(cls.__name__)
            intro += nodes.Text(".")
            fields = _grid(
                ["field", "JSON type", "default", "values"],
                (
                    [
                        _code(field.name),
                        _json_type(definition["properties"][field.name]),
                        _json_default(field),
                        _json_values(definition["properties"][field.name]),
                    ]
                    for field in attrs.fields(cls)
                ),
            )
            anchor = f"json-{cls.__name__.lower()}"
            out.append(_section(anchor, _code(cls.__name__), intro, fields))
        return out


# ---------------------------------------------------------------------------------------------
# signatures of attrs classes


def _default_text(default: Any) -> str:
    default = _plain(default)
    if default is ...:
        return "..."
    if isinstance(default, Enum):
        return f"{type(default).__name__}.{default.name}"
    if isinstance(default, Mapping):
        return repr(dict(default))
    return repr(default)


def _attrs_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """The signature of an attrs class, with its defaults as the values they give.

    attrs shows a default made by a factory as ``NOTHING``; here it is the value
    the factory makes, or ``...`` when the default is computed from other fields.
    """
    if what not in ("class", "exception") or not attrs.has(obj):
        return None
    if not name.startswith("ownership."):
        return None
    annotations = getattr(obj.__init__, "__annotations__", {})
    fields = [field for field in attrs.fields(obj) if field.init]
    params = []
    for field in fields:
        text = field.alias or field.name
        annotation = annotations.get(text, field.type)
        if annotation is not None:
            text += f": {annotation if isinstance(annotation, str) else annotation.__name__}"
        if field.default is not attrs.NOTHING:
            text += f" = {_default_text(field.default)}"
        params.append(text)
    if fields and all(field.kw_only for field in fields):
        params.insert(0, "*")
    return f"({', '.join(params)})", return_annotation


def _protocol_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """No signature for a protocol: it is a type to satisfy, not a class to call.

    autodoc would show ``(*args, **kwargs)``, the constructor ``typing.Protocol`` adds.
    """
    if what == "class" and name.startswith("ownership.") and getattr(obj, "_is_protocol", False):
        return "", return_annotation
    return None


# ---------------------------------------------------------------------------------------------
# references to private homes of public names


def _resolve_public(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", ""))
    name = target.rsplit(".", 1)[-1]
    public = f"ownership.{name}"
    if target == public or name not in ownership.__all__:
        return None
    if not (target.startswith("ownership.") or target == name):
        return None
    domain = env.get_domain("py")
    resolved: nodes.Element | None = domain.resolve_xref(
        env, node.get("refdoc", env.docname), app.builder, node["reftype"], public, node, contnode
    )
    return resolved


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("ownership-tables", TablesDirective)
    app.add_directive("ownership-json-fields", JsonFieldsDirective)
    app.connect("autodoc-process-signature", _attrs_signature)
    app.connect("autodoc-process-signature", _protocol_signature)
    app.connect("missing-reference", _resolve_public)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
