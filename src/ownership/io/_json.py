"""The JSON form of a :class:`~ownership.StrategyProcess`, through one strict cattrs converter.

A document is an object with one list per collection (``units``,
``stakeholders``, … in the order of :data:`~ownership.model.COLLECTIONS`);
a missing collection is empty. Each item is an object with the fields of its
class. Reading is strict: ``1`` is not a string, ``true`` is not a whole
number, ``1.0`` is not a whole number, a string is not a list, unknown keys
are refused, datetimes need an offset and dates are written ``YYYY-MM-DD``.
Every problem is reported at once, each with its ``$.path``:

>>> from ownership.io import loads
>>> loads('''{
...   "units": [{"id": "it", "name": "IT"}],
...   "stakeholders": [
...     {"id": "anna", "name": "Anna", "unit": "it-dept"},
...     {"id": "bo", "name": "Bo", "unit": "it", "size": 1.0, "leeder": true}
...   ],
...   "events": [{"id": "e1", "kind": "worksop", "title": "Kick-off",
...               "start": "2025-01-14T09:00:00"}]
... }''')
Traceback (most recent call last):
...
ownership.errors.ValidationError: 5 problems:
  $.stakeholders[0].unit: unknown unit 'it-dept' (did you mean 'it'?)
  $.stakeholders[1].size: must be a whole number, not the number 1.0
  $.stakeholders[1].leeder: unknown key (did you mean 'leader'?)
  $.events[0].kind: unknown EventKind 'worksop' (did you mean 'workshop'?); one of workshop, \
theme_day, digital_platform, survey, meeting, town_hall, interview, presentation, newsletter, \
announcement, story, other
  $.events[0].start: naive datetime '2025-01-14T09:00:00': give an offset, \
such as 2025-01-14T09:00:00+00:00 for UTC

Writing is deterministic: collections in their fixed order, every field
(defaults included) in the order of its class, datetimes in UTC with
``+00:00``, mappings with sorted keys.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import re
import secrets
import stat
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, get_origin

import attrs
import cattrs
from cattrs.errors import BaseValidationError

from ..errors import Problem, ValidationError, did_you_mean
from ..model import COLLECTIONS, Participation, StrategyProcess
from ..model._fields import Kind, enum_of, kind_of, value_problem
from ..model._process import cross_problems

__all__ = ["converter", "dumps", "loads", "read_json", "write_json"]

_Hook = Callable[[Any, Any], Any]
_Reader = Callable[[Any], Any]

_MODEL_CLASSES: Final = frozenset({*COLLECTIONS.values(), Participation})
_WITH_IDS: Final = frozenset(
    name for name, cls in COLLECTIONS.items() if "id" in attrs.fields_dict(cls)
)
_RANK: Final = {name: rank for rank, name in enumerate(COLLECTIONS)}
_ITEM_PATH: Final = re.compile(r"\$\.(\w+)\[(\d+)\]")
_DATETIME: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?", re.ASCII
)
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATETIME_EXAMPLE: Final = "'2025-01-14T09:00:00+01:00'"


# ---------------------------------------------------------------------------
# what the JSON parser hands over


class _NotJSON:
    """``NaN``, ``Infinity`` or ``-Infinity``: accepted by Python's parser, not by JSON."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _RepeatedKeys(dict[str, Any]):
    """A JSON object in which some key was given more than once."""

    __slots__ = ("repeated",)

    def __init__(self, items: dict[str, Any], repeated: list[str]) -> None:
        super().__init__(items)
        self.repeated = tuple(repeated)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    items = dict(pairs)
    if len(items) == len(pairs):
        return items
    seen: set[str] = set()
    repeated: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return _RepeatedKeys(items, repeated)


def _parse(text: str | bytes | bytearray) -> Any:
    try:  # anything but str, bytes or bytearray is a TypeError from json
        return json.loads(text, object_pairs_hook=_object, parse_constant=_NotJSON)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text: {error.reason} at byte {error.start}"
    except RecursionError:
        message = "not readable: the JSON is nested too deeply"
    raise ValidationError([Problem("$", message)])


# ---------------------------------------------------------------------------
# messages


def _describe(value: Any) -> str:
    """A JSON value as a message names it: ``the number 1``, ``true``, ``a list``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, _NotJSON):
        return f"{value.name} (which JSON does not allow)"
    return f"{type(value).__name__} {value!r}"


def _fail(message: str) -> ValidationError:
    return ValidationError([Problem("$", message)])


def _key_path(key: str) -> str:
    """The path of ``key`` relative to its object: ``$.unit`` or ``$["age band"]``."""
    return f"$.{key}" if key.isidentifier() else f"$[{json.dumps(key, ensure_ascii=False)}]"


def _repeated(value: dict[str, Any]) -> list[Problem]:
    if not isinstance(value, _RepeatedKeys):
        return []
    return [
        Problem(_key_path(key), "given more than once (only the last would count)")
        for key in value.repeated
    ]


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "AEIO" else f"a {name}"  # "a Unit", "an Event"


# ---------------------------------------------------------------------------
# structure hooks of single values: each raises a ValidationError at "$"


def _structure_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    raise _fail(f"must be a string, not {_describe(value)}")


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _fail(f"must be true or false, not {_describe(value)}")


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _fail(f"must be a whole number, not {_describe(value)}")


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, float):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            as_float = float(value)
        except OverflowError:
            as_float = math.inf
        if as_float == value:
            return as_float
        raise _fail(f"{value} has no exact floating-point value")
    raise _fail(f"must be a number, not {_describe(value)}")


def _structure_datetime(value: Any, _: Any) -> datetime:
    if not isinstance(value, str):
        raise _fail(
            f"must be an ISO 8601 date and time with an offset, such as {_DATETIME_EXAMPLE}, "
            f"not {_describe(value)}"
        )
    if _DATETIME.fullmatch(value) is None:
        raise _fail(
            f"{value!r} is not an ISO 8601 date and time with an offset, "
            f"such as {_DATETIME_EXAMPLE}"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise _fail(f"{value!r} is not a valid date and time ({error})") from None
    if parsed.utcoffset() is None:
        raise _fail(f"naive datetime {value!r}: give an offset, such as {value}+00:00 for UTC")
    return parsed


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str):
        raise _fail(f"must be a date written YYYY-MM-DD, not {_describe(value)}")
    if _DATE.fullmatch(value) is None:
        raise _fail(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise _fail(f"{value!r} is not a valid date ({error})") from None


def _structure_enum(value: Any, enum: type[StrEnum]) -> StrEnum:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return enum(value)
    choices = ", ".join(member.value for member in enum)
    if isinstance(value, str):
        hint = did_you_mean(value, (member.value for member in enum))
        raise _fail(f"unknown {enum.__name__} {value!r}{hint}; one of {choices}")
    raise _fail(f"must be {_a(enum.__name__)} (one of {choices}), not {_describe(value)}")


# ---------------------------------------------------------------------------
# readers of fields: lists, mappings and optional values built from the hooks above


def _optional(read: _Reader) -> _Reader:
    def read_optional(value: Any) -> Any:
        return None if value is None else read(value)

    return read_optional


def _list_of(read: _Reader, what: str) -> _Reader:
    def read_list(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _fail(f"must be a list of {what}, not {_describe(value)}")
        out = []
        problems: list[Problem] = []
        for j, item in enumerate(value):
            try:
                out.append(read(item))
            except ValidationError as error:
                problems.extend(p.under(f"$[{j}]") for p in error.problems)
        if problems:
            raise ValidationError(problems)
        return tuple(out)

    return read_list


def _mapping_of(read: _Reader) -> _Reader:
    def read_mapping(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(f"must be an object whose values are strings, not {_describe(value)}")
        problems = _repeated(value)
        for key, item in value.items():
            if not key:
                problems.append(Problem(_key_path(key), "a key must not be empty"))
                continue
            try:
                read(item)
            except ValidationError as error:
                problems.extend(p.under(_key_path(key)) for p in error.problems)
        if problems:
            raise ValidationError(problems)
        return dict(value)

    return read_mapping


def _reader(field: attrs.Attribute[Any], conv: cattrs.Converter) -> _Reader:
    """How to read the JSON value of ``field``, from the converter's hooks and the field's kind."""

    def hook(cls: Any) -> _Reader:
        structure = conv.get_structure_hook(cls)
        return lambda value: structure(value, cls)

    kind = kind_of(field)
    if kind in (Kind.ID, Kind.REF, Kind.TEXT):
        return hook(str)
    if kind is Kind.OPT_REF:
        return _optional(hook(str))
    if kind is Kind.REFS:
        return _list_of(hook(str), "ids")
    if kind is Kind.BOOL:
        return hook(bool)
    if kind in (Kind.SIZE, Kind.VOTE):
        return hook(int)
    if kind is Kind.SCORE:
        return _optional(hook(float))
    if kind is Kind.NUMBER:
        return hook(float)
    if kind is Kind.DATETIME:
        return hook(datetime)
    if kind is Kind.OPT_DATETIME:
        return _optional(hook(datetime))
    if kind is Kind.DATE:
        return hook(date)
    if kind is Kind.ENUM:
        return hook(enum_of(field))
    if kind is Kind.MAPPING:
        return _mapping_of(hook(str))
    if kind is Kind.PARTICIPATIONS:
        return _list_of(hook(Participation), "participations")
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


# ---------------------------------------------------------------------------
# structure hooks of model classes and of the process


def _is_model_class(cls: Any) -> bool:
    return cls in _MODEL_CLASSES


def _model_hook(cls: type, conv: cattrs.Converter) -> _Hook:
    """A hook reading every field of ``cls`` on its own, reporting all problems at once."""
    fields = attrs.fields_dict(cls)
    readers = {name: _reader(field, conv) for name, field in fields.items()}
    required = [name for name, field in fields.items() if field.default is attrs.NOTHING]
    a_cls = _a(cls.__name__)

    def structure_model(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _fail(f"must be an object ({a_cls}), not {_describe(value)}")
        arguments: dict[str, Any] = {}
        found: dict[str, list[Problem]] = {}  # by key
        for key, raw in value.items():
            if key not in fields:
                hint = did_you_mean(key, fields) or f"; {a_cls} has {', '.join(fields)}"
                found[key] = [Problem(_key_path(key), f"unknown key{hint}")]
                continue
            try:
                arguments[key] = readers[key](raw)
            except ValidationError as error:
                found[key] = [p.under(f"$.{key}") for p in error.problems]
        missing = [
            Problem(f"$.{name}", f"missing: {a_cls} needs {name!r}")
            for name in required
            if name not in value
        ]
        repeated = _repeated(value)
        if not (found or missing or repeated):
            # the class checks the values (every problem at once), then across its fields
            return cls(**arguments)
        # it cannot be built: check the values that were read, to report everything
        for key, read in arguments.items():
            message = value_problem(fields[key], read)
            if message:
                found[key] = [Problem(f"$.{key}", message)]
        in_order = [problem for key in value if key in found for problem in found[key]]
        raise ValidationError([*repeated, *in_order, *missing])

    return structure_model


def _is_process(cls: Any) -> bool:
    return cls is StrategyProcess


def _process_hook(cls: type, conv: cattrs.Converter) -> _Hook:
    """A hook reading a whole process: every item, then every check across items."""
    hooks = {name: (item, conv.get_structure_hook(item)) for name, item in COLLECTIONS.items()}

    def structure_process(value: Any, _: Any) -> StrategyProcess:
        if not isinstance(value, dict):
            raise _fail(
                f"must be an object holding the lists {', '.join(COLLECTIONS)}, "
                f"not {_describe(value)}"
            )
        problems = _repeated(value)
        items: dict[str, list[Any]] = {name: [] for name in COLLECTIONS}
        failed: dict[str, dict[int, str]] = {name: {} for name in _WITH_IDS}
        readable = True
        for key, raw in value.items():
            if key not in hooks:
                hint = did_you_mean(key, COLLECTIONS) or f"; one of {', '.join(COLLECTIONS)}"
                problems.append(Problem(_key_path(key), f"unknown collection{hint}"))
                continue
            item_cls, hook = hooks[key]
            if not isinstance(raw, list):
                problems.append(
                    Problem(
                        f"$.{key}",
                        f"must be a list of {item_cls.__name__} objects, not {_describe(raw)}",
                    )
                )
                readable = False
                continue
            built = items[key]
            for i, raw_item in enumerate(raw):
                try:
                    built.append(hook(raw_item, item_cls))
                except ValidationError as error:
                    problems.extend(p.under(f"$.{key}[{i}]") for p in error.problems)
                    built.append(None)
                    raw_id = raw_item.get("id") if isinstance(raw_item, dict) else None
                    if key in failed and isinstance(raw_id, str) and raw_id:
                        failed[key][i] = raw_id
        if readable:
            # with a whole collection unreadable, every reference into it would be noise
            problems.extend(_duplicates_beside_failed(items, failed))
            extra = {name: list(ids.values()) for name, ids in failed.items() if ids}
            problems.extend(cross_problems(items, extra_ids=extra))
        if problems:
            raise ValidationError(sorted(problems, key=_document_order))
        return StrategyProcess(**items)

    return structure_process


def _duplicates_beside_failed(
    items: Mapping[str, list[Any]], failed: Mapping[str, Mapping[int, str]]
) -> list[Problem]:
    """Duplicate ids that involve an item that could not be built.

    :func:`~ownership.model._process.cross_problems` sees only the items that
    were built; this reports the rest, and nothing it reports.
    """
    problems = []
    for name, failed_ids in failed.items():
        if not failed_ids:
            continue
        known: list[tuple[int, str, bool]] = []
        for i, item in enumerate(items[name]):
            if item is not None:
                known.append((i, item.id, True))
            elif i in failed_ids:
                known.append((i, failed_ids[i], False))
        first: dict[str, int] = {}
        first_built: dict[str, int] = {}
        for i, id_, built in known:
            first.setdefault(id_, i)
            if built:
                first_built.setdefault(id_, i)
        for i, id_, built in known:
            if first[id_] != i and (not built or first_built[id_] == i):
                problems.append(
                    Problem(
                        f"$.{name}[{i}].id",
                        f"duplicate id {id_!r} (first used at $.{name}[{first[id_]}])",
                    )
                )
    return problems


def _document_order(problem: Problem) -> tuple[int, int]:
    match = _ITEM_PATH.match(problem.path)
    if match is None or match[1] not in _RANK:
        return (-1, -1)
    return (_RANK[match[1]], int(match[2]))


# ---------------------------------------------------------------------------
# unstructure hooks


def _unstructure_enum(value: StrEnum) -> str:
    return value.value


def _unstructure_datetime(value: datetime) -> str:
    if value.utcoffset() is not None:
        value = value.astimezone(UTC)
    return value.isoformat()


def _unstructure_date(value: date) -> str:
    return value.isoformat()


def _is_mapping(cls: Any) -> bool:
    return get_origin(cls) is Mapping


def _unstructure_mapping(value: Mapping[str, str]) -> dict[str, str]:
    return dict(sorted(value.items()))


# ---------------------------------------------------------------------------
# the public face


def converter() -> cattrs.Converter:
    """A new converter between processes and JSON values, strict and reporting every problem.

    Each call makes a fresh converter; change it (register more hooks) without
    touching anyone else's, and pass it to :func:`loads`, :func:`dumps`,
    :func:`read_json` or :func:`write_json`. The hooks of the model classes
    are built on first use from the hooks of the values (``str``,
    ``datetime``, …), so register those before the converter first reads a
    document, as everywhere in cattrs. Structuring raises
    :class:`~ownership.ValidationError` with ``$`` paths, never a cattrs
    exception:

    >>> from datetime import datetime
    >>> from ownership import EventKind
    >>> conv = converter()
    >>> conv.structure("2025-01-14T09:00:00+01:00", datetime).isoformat()
    '2025-01-14T09:00:00+01:00'
    >>> conv.unstructure(EventKind.THEME_DAY)
    'theme_day'
    >>> conv.structure(1, str)
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: $: must be a string, not the number 1
    """
    conv = cattrs.Converter(forbid_extra_keys=True)
    # values: simpler types first, so that hooks built later find them
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(StrEnum, _structure_enum)
    conv.register_structure_hook_factory(_is_model_class, _model_hook)
    conv.register_structure_hook_factory(_is_process, _process_hook)

    conv.register_unstructure_hook(StrEnum, _unstructure_enum)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    conv.register_unstructure_hook(date, _unstructure_date)
    conv.register_unstructure_hook_func(_is_mapping, _unstructure_mapping)
    return conv


@functools.cache
def _default_converter() -> cattrs.Converter:
    # private and never handed out, so nobody can change it for everybody
    return converter()


def _render(
    process: StrategyProcess,
    conv: cattrs.Converter | None,
    indent: int | None,
    *,
    ensure_ascii: bool = False,
) -> str:
    given: object = process  # checked at run time too: cattrs would unstructure anything
    if not isinstance(given, StrategyProcess):
        msg = f"needs a StrategyProcess, not {type(given).__name__}"
        raise TypeError(msg)
    document = (conv if conv is not None else _default_converter()).unstructure(process)
    return json.dumps(document, indent=indent, ensure_ascii=ensure_ascii, allow_nan=False)


def dumps(
    process: StrategyProcess,
    *,
    converter: cattrs.Converter | None = None,
    indent: int | None = 2,
) -> str:
    """``process`` as JSON text; :func:`loads` reads it back to an equal process.

    Collections come in the order of :data:`~ownership.model.COLLECTIONS`,
    every field is written (defaults too) in the order of its class,
    datetimes in UTC, mappings with sorted keys, so equal processes give equal
    text. ``indent=None`` writes one line.

    >>> from datetime import datetime, timedelta, timezone
    >>> from ownership import StrategyProcess, Revision
    >>> cet = timezone(timedelta(hours=1))
    >>> p = StrategyProcess(revisions=[
    ...     Revision(id="r1", at=datetime(2025, 1, 14, 10, tzinfo=cet), title="Adopted")])
    >>> print(dumps(p, indent=None))  # doctest: +ELLIPSIS
    {"units": [], "stakeholders": [], "goals": [], "revisions": [{"id": "r1", \
"at": "2025-01-14T09:00:00+00:00", "title": "Adopted", "summary": "", "goals": [], \
"motivated_by": []}], "milestones": [], ...}
    """
    return _render(process, converter, indent)


def loads(
    text: str | bytes | bytearray,
    *,
    converter: cattrs.Converter | None = None,
) -> StrategyProcess:
    """The process that the JSON ``text`` describes.

    Raises :class:`~ownership.ValidationError` listing *every* problem, each
    with its ``$.path``: malformed JSON (with line and column), wrong JSON
    types, unknown keys or values (with a did-you-mean hint), naive
    datetimes, values out of their domain, and what spans objects (unknown
    references, duplicate ids, cycles, a response before its contribution).

    >>> p = loads('{"units": [{"id": "it", "name": "IT"}]}')
    >>> p.units[0]
    Unit(id='it', name='IT', parent=None, external=False)
    >>> loads('{"units": [{"id": "it", "name": "IT"},]}')
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: $: not valid JSON: Expecting value at line 1, column 39
    """
    document = _parse(text)
    conv = converter if converter is not None else _default_converter()
    try:
        process: StrategyProcess = conv.structure(document, StrategyProcess)
    except BaseValidationError as error:  # a converter without our hooks
        raise ValidationError(_problems_of(error)) from error
    return process


def _problems_of(error: BaseValidationError) -> list[Problem]:
    problems = []
    for line in cattrs.transform_error(error, path="$"):
        message, _, path = line.rpartition(" @ ")
        problems.append(Problem(path, message) if message else Problem("$", line))
    return problems


def read_json(
    path: str | os.PathLike[str],
    *,
    converter: cattrs.Converter | None = None,
) -> StrategyProcess:
    """The process stored as JSON in the file at ``path`` (see :func:`loads`).

    A file that cannot be read is a :class:`~ownership.ValidationError` whose
    problem names the path.

    >>> import tempfile, pathlib
    >>> from ownership import StrategyProcess, Unit
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = StrategyProcess(units=[Unit(id="it", name="IT")])
    >>> write_json(p, folder / "process.json")
    >>> read_json(folder / "process.json") == p
    True
    >>> read_json(folder / "missing.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: ...missing.json: no such file
    >>> import shutil; shutil.rmtree(folder)
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError as error:
        raise ValidationError([Problem(str(source), "no such file")]) from error
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        raise ValidationError([Problem(str(source), message)]) from error
    return loads(data, converter=converter)


def write_json(
    process: StrategyProcess,
    path: str | os.PathLike[str],
    *,
    converter: cattrs.Converter | None = None,
    indent: int | None = 2,
) -> None:
    """Write ``process`` as UTF-8 JSON (see :func:`dumps`) to ``path``, atomically.

    The text goes to a temporary file in the same folder, which then replaces
    ``path`` in one step: readers see the old file or the new one, and a
    failure leaves no partial file behind. A file that cannot be written is a
    :class:`~ownership.ValidationError` whose problem names the path.

    >>> import tempfile, pathlib
    >>> from ownership import StrategyProcess, Unit
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_json(StrategyProcess(units=[Unit(id="it", name="IT")]), folder / "p.json")
    >>> for line in (folder / "p.json").read_text(encoding="utf-8").splitlines()[:5]:
    ...     print(line)
    {
      "units": [
        {
          "id": "it",
          "name": "IT",
    >>> write_json(StrategyProcess(), folder / "no" / "p.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: ...p.json: cannot write: ...
    >>> import shutil; shutil.rmtree(folder)
    """
    target = Path(path)
    text = _render(process, converter, indent) + "\n"
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in some text: escape everything
        data = (_render(process, converter, indent, ensure_ascii=True) + "\n").encode("ascii")
    try:
        _replace(target, data)
    except OSError as error:
        message = f"cannot write: {error.strerror or error}"
        raise ValidationError([Problem(str(target), message)]) from error


def _replace(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666)  # the umask applies, as for open()
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):  # keep the mode of the file it replaces
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
