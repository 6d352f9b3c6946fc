"""A process as a file: JSON, a folder of CSV or Parquet tables, or an Excel workbook.

:func:`write` stores a :class:`~ownership.StrategyProcess` and :func:`read`
reads it back, equal to what was written, in four formats:

``"json"``
    one JSON document (``*.json``), through :func:`~ownership.io.write_json`
    and :func:`~ownership.io.read_json`;
``"csv"``
    a folder with one CSV file per table of :data:`~ownership.schema.TABLES`,
    named after the table (``units.csv``, ``stakeholders.csv``, …);
``"parquet"``
    a folder with one Parquet file per table (``units.parquet``, …; extra
    ``parquet``);
``"excel"``
    an Excel workbook (``*.xlsx``) with one sheet per table, named after the
    table (extra ``excel``).

The tables are those of :func:`~ownership.tables.to_tables`, and reading
hands them to :func:`~ownership.tables.from_tables`, which checks them all;
every problem names its file and cell, such as ``stakeholders.csv[3].unit``.

>>> import pathlib, shutil, tempfile
>>> from ownership import Stakeholder, StrategyProcess, Unit
>>> process = StrategyProcess(
...     units=[Unit(id="007", name="=1+2"), Unit(id="it", name="IT", parent="007")],
...     stakeholders=[Stakeholder(id="anna", name="", unit="it", power=0.1 + 0.2)],
... )
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write(process, folder / "tables", format="csv")
>>> print((folder / "tables" / "units.csv").read_text(encoding="utf-8"))
id,name,parent,external
007,'=1+2,,false
it,IT,007,false
<BLANKLINE>
>>> read(folder / "tables") == process
True
>>> write(process, folder / "process.xlsx")
>>> read(folder / "process.xlsx") == process
True
>>> shutil.rmtree(folder)

Conventions of the CSV files and the sheets (``docs/files.md`` has them all):

- An empty cell is *null* in a column that may be null (``parent``) and the
  empty text in a text column that may not (``name``). A text cell holding
  just ``'`` is always the empty text.
- A text that a spreadsheet would run as a formula (it begins with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return, or their full-width forms)
  is written with a ``'`` before it, and so is a text that begins with ``'``
  itself; reading takes the first ``'`` away again. Only text columns are
  touched: numbers and times are written by the library and never begin so.
- In a sheet, a text holding characters that XML cannot hold (control
  characters, a carriage return, U+FFFE, U+FFFF) or an OOXML escape that
  Excel would decode (``_x000D_``) is written ``'\\`` followed by the text
  with those characters, ``_`` and ``\\`` escaped (``\\x0d``, ``\\x5f``,
  ``\\\\``).
- Numbers are written exactly (``repr``); datetimes as ISO 8601 text in UTC
  with ``+00:00``, dates as ``YYYY-MM-DD``, flags as ``true``/``false`` in CSV
  and as booleans in a sheet.
- A missing table file or sheet is an empty table; a file or sheet that is
  not named after a table is a problem.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import secrets
import shutil
import stat
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final, Literal

import attrs
import numpy as np
import pandas as pd

from ..errors import OwnershipError, Problem, SchemaError, ValidationError, did_you_mean
from ..model import COLLECTIONS, StrategyProcess
from ..schema import TABLES, Column, ColumnKind, TableSpec
from ..tables import Tables, from_tables, to_tables
from ._json import _default_converter, _replace, read_json, write_json

__all__ = ["Format", "read", "write"]

Format = Literal["json", "csv", "parquet", "excel"]
"""The formats :func:`read` and :func:`write` know."""

_FORMATS: Final[tuple[str, ...]] = ("json", "csv", "parquet", "excel")
_FOLDER_SUFFIX: Final[Mapping[str, str]] = {"csv": ".csv", "parquet": ".parquet"}
_FILE_SUFFIX: Final[Mapping[str, str]] = {".json": "json", ".xlsx": "excel"}
_ALIASES: Final[Mapping[str, str]] = {
    "xlsx": "excel",
    "xls": "excel",
    "workbook": "excel",
    "pq": "parquet",
}
_ORDER: Final[Mapping[str, int]] = {name: i for i, name in enumerate(TABLES)}

# texts that a spreadsheet would run as a formula begin with one of these; "'" marks our escape
_TRIGGERS: Final = frozenset("=+-@\t\r'\uff1d\uff0b\uff0d\uff20")
# what a sheet cannot hold as it is: characters outside XML 1.0 (surrogates never get here:
# UTF-8 cannot hold them either), "\r" (XML reads it as "\n"), and the "_xHHHH_" escapes of
# OOXML (Excel decodes them; openpyxl drops "x005F_" from the strings that Excel saved)
_SHEET_UNSAFE: Final = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]|_x[0-9a-f]{4}_|x005f_", re.IGNORECASE
)
_ESCAPED: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff_\\]")
_ESCAPE: Final = re.compile(r"\\(?:(\\)|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))?")
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")

_INT: Final = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT: Final = re.compile(
    r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?|inf|infinity|nan)",
    re.ASCII | re.IGNORECASE,
)
_INT64: Final = 2**63
_EXACT_IN_EXCEL: Final = 2**53  # Excel keeps numbers as doubles
_EXCEL_ROWS: Final = 1_048_576
_EXCEL_CELL: Final = 32_767  # characters in one cell
_FIELD_LIMIT: Final = 2**31 - 1  # the csv module's limit of a field's length, while we read
_CSV_LOCK: Final = threading.Lock()
_PATH: Final = re.compile(r"(?P<table>[a-z_]+)(?:\[(?P<row>[0-9]+)\])?(?:\.(?P<column>.+))?")


# ---------------------------------------------------------------------------
# the public face


def read(path: str | os.PathLike[str], *, format: Format | None = None) -> StrategyProcess:  # noqa: A002
    """The process stored at ``path``: a JSON file, a folder of tables or an Excel workbook.

    ``format`` is ``"json"``, ``"csv"``, ``"parquet"`` or ``"excel"``; when
    None it is told from the path: a ``.json`` file, an ``.xlsx`` workbook,
    or a folder of ``.csv`` or of ``.parquet`` files (not both). Tables
    without a file (or sheet) are empty; files (or sheets) not named after a
    table, and files of the other kind of folder, are not read, though a
    ``.csv`` or ``.parquet`` file, or a sheet, whose name is no table's is a
    problem.

    Every value is read as the schema's type says, never guessed (the id
    ``007`` stays ``"007"``), and the tables are checked by
    :func:`~ownership.tables.from_tables`. Everything wrong is raised at once
    as a :class:`~ownership.SchemaError` (a file, sheet or column is unknown,
    missing or given twice) or a :class:`~ownership.ValidationError`, each
    problem naming its file (or sheet), row and column, such as
    ``stakeholders.csv[3].unit``. The row is counted from 0 among the data
    rows, as in a dataframe: the header and blank lines are not counted. So
    the message ends with the line of the CSV file, or the cell of the sheet,
    where the value is.

    >>> import pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "units.csv").write_text(
    ...     "id,name,parent,external\\n"
    ...     "org,Organisation,,false\\n"
    ...     "it,IT,org,no\\n", encoding="utf-8")
    >>> _ = (folder / "stakeholders.csv").write_text(
    ...     "id,name,unit,role,leader,size,power,interest,legitimacy,urgency,"
    ...     "affectedness,joined,left\\n"
    ...     "anna,Anna,IT,CIO,true,1,0.9,,,,,2025-01-14,\\n", encoding="utf-8")
    >>> _ = (folder / "goal.csv").write_text("id,title,parent,created\\n", encoding="utf-8")
    >>> read(folder)
    Traceback (most recent call last):
    ...
    ownership.errors.SchemaError: 4 problems:
      goal.csv: not a table (did you mean 'goals.csv'?)
      units.csv[1].external: must be true or false, not 'no' (line 3)
      stakeholders.csv[0].unit: unknown unit 'IT' (did you mean 'it'?) (line 2)
      stakeholders.csv[0].joined: '2025-01-14' is not an ISO 8601 date and time \
with an offset, such as '2025-01-14T09:00:00+01:00' (line 2)
    >>> shutil.rmtree(folder)
    """
    target = Path(path)
    chosen = _format_to_read(target, format)
    if chosen == "json":
        return read_json(target)
    if chosen == "excel":
        return _read_workbook(target)
    return _read_folder(target, chosen)


def write(
    process: StrategyProcess,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,  # noqa: A002
) -> None:
    """Store ``process`` at ``path``, atomically, in a form :func:`read` reads back equal.

    ``format`` is ``"json"``, ``"csv"``, ``"parquet"`` or ``"excel"``; when
    None it is told from the path: ``.json``, ``.xlsx``, or an existing
    folder of ``.csv`` or ``.parquet`` files. A new folder needs ``format``.

    A file is written beside ``path`` and then replaces it in one step. A
    folder is written beside ``path`` too and renamed into place; an existing
    folder is renamed away first and removed after. So readers see the old
    process or the new one, and a failure leaves the old one as it was and no
    partial output. An existing folder is only replaced if it holds nothing
    but the table files of the format: :func:`write` never removes other
    files. Every table gets a file (or sheet), an empty one its header.

    Problems are raised before anything is written, as a
    :class:`~ownership.ValidationError`: a path that cannot be written, a
    format that cannot be told, and what a format cannot hold (a lone
    surrogate in a text is UTF-8 in no table format; a sheet holds at most
    1,048,575 rows, 32,767 characters in a cell, and whole numbers up to
    2**53).

    >>> import pathlib, shutil, tempfile
    >>> from ownership import StrategyProcess, Unit
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> process = StrategyProcess(units=[Unit(id="it", name="IT")])
    >>> write(process, folder / "tables", format="parquet")
    >>> sorted(p.name for p in (folder / "tables").iterdir())[:3]
    ['audiences.parquet', 'contribution_attributes.parquet', 'contribution_goals.parquet']
    >>> read(folder / "tables") == process
    True
    >>> write(process, folder / "new")
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: format: cannot tell the format of 'new': give \
format='csv' or format='parquet' for a folder of tables, or a path ending in .json or .xlsx
    >>> shutil.rmtree(folder)
    """
    given: object = process
    if not isinstance(given, StrategyProcess):
        msg = f"needs a StrategyProcess, not {type(given).__name__}"
        raise TypeError(msg)
    target = Path(path)
    chosen = _format_to_write(target, format)
    if chosen == "json":
        write_json(process, target)
    elif chosen == "excel":
        _write_workbook(process, target)
    else:
        _write_folder(process, target, chosen)


# ---------------------------------------------------------------------------
# telling the format


def _check_format(format: str | None) -> str | None:  # noqa: A002
    if format is None or format in _FORMATS:
        return format
    text = str(format)
    alias = _ALIASES.get(text.lower())
    hint = f" (did you mean {alias!r}?)" if alias else did_you_mean(text, _FORMATS)
    message = f"unknown format {format!r}{hint}; one of {', '.join(_FORMATS)}"
    raise ValidationError([Problem("format", message)])


def _kinds_in(folder: Path) -> list[str]:
    """The folder formats whose table files ``folder`` holds."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = set()
    for name in names:
        for kind, suffix in _FOLDER_SUFFIX.items():
            if not name.startswith(".") and name.lower().endswith(suffix):
                found.add(kind)
    return [kind for kind in _FOLDER_SUFFIX if kind in found]


def _unknown_suffix(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix in _FOLDER_SUFFIX.values():
        return (
            f"{target.name!r} is one {suffix} file, but a process is a folder of them, one per "
            f"table: give the folder"
        )
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
        return f"cannot read {suffix} workbooks: save the workbook as .xlsx"
    return (
        f"cannot tell the format of {target.name!r}: give format= one of "
        f"{', '.join(map(repr, _FORMATS))}"
    )


def _format_to_read(target: Path, format: str | None) -> str:  # noqa: A002
    chosen = _check_format(format)
    if not target.exists():
        raise ValidationError([Problem(str(target), "no such file or folder")])
    if target.is_dir():
        if chosen in ("json", "excel"):
            message = f"is a folder, but format={chosen!r} reads a file"
            raise ValidationError([Problem(str(target), message)])
        if chosen is not None:
            return chosen
        kinds = _kinds_in(target)
        if len(kinds) == 1:
            return kinds[0]
        if kinds:
            message = "holds both .csv and .parquet files: give format='csv' or format='parquet'"
        else:
            message = (
                "holds no .csv or .parquet table files (give format='csv' or "
                "format='parquet' to read it as an empty process)"
            )
        raise ValidationError([Problem(str(target), message)])
    if chosen in _FOLDER_SUFFIX:
        message = f"is a file, but format={chosen!r} reads a folder of table files"
        raise ValidationError([Problem(str(target), message)])
    if chosen is not None:
        return chosen
    found = _FILE_SUFFIX.get(target.suffix.lower())
    if found is None:
        raise ValidationError([Problem(str(target), _unknown_suffix(target))])
    return found


def _format_to_write(target: Path, format: str | None) -> str:  # noqa: A002
    chosen = _check_format(format)
    if chosen is None:
        if target.is_dir():
            kinds = _kinds_in(target)
            if len(kinds) == 1:
                chosen = kinds[0]
            else:
                holds = "both .csv and .parquet files" if kinds else "no table files"
                message = (
                    f"cannot tell the format of the folder {target.name!r}, which holds "
                    f"{holds}: give format='csv' or format='parquet'"
                )
                raise ValidationError([Problem("format", message)])
        else:
            found = _FILE_SUFFIX.get(target.suffix.lower())
            if found is None:
                message = (
                    f"cannot tell the format of {target.name!r}: give format='csv' or "
                    "format='parquet' for a folder of tables, or a path ending in .json or .xlsx"
                )
                raise ValidationError([Problem("format", message)])
            chosen = found
    if chosen in _FOLDER_SUFFIX:
        if target.exists() and not target.is_dir():
            message = f"is a file, but format={chosen!r} writes a folder of table files"
            raise ValidationError([Problem(str(target), message)])
        if target.is_dir():
            _check_replaceable(target, chosen)
    elif target.is_dir():
        message = f"is a folder, but format={chosen!r} writes a file"
        raise ValidationError([Problem(str(target), message)])
    return chosen


def _check_replaceable(folder: Path, chosen: str) -> None:
    """Refuse to replace a folder that holds anything but the table files of the format."""
    suffix = _FOLDER_SUFFIX[chosen]
    ours = {f"{name}{suffix}" for name in TABLES}
    try:
        entries = sorted(os.listdir(folder))
    except OSError as error:
        message = f"cannot read the folder: {error.strerror or error}"
        raise ValidationError([Problem(str(folder), message)]) from error
    others = [e for e in entries if e not in ours or not (folder / e).is_file()]
    if others:
        shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
        message = (
            f"holds files that are not {chosen} tables ({shown}); they would be lost when the "
            "folder is replaced: write to a new or empty folder"
        )
        raise ValidationError([Problem(str(folder), message)])


# ---------------------------------------------------------------------------
# optional dependencies


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError as error:
        message = (
            "Excel workbooks need openpyxl, which is not installed: pip install 'ownership[excel]'"
        )
        raise OwnershipError(message) from error
    return openpyxl


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        message = (
            "Parquet files need pyarrow, which is not installed: pip install 'ownership[parquet]'"
        )
        raise OwnershipError(message) from error
    return pq


# ---------------------------------------------------------------------------
# text cells


def _encode_text(text: str, *, nullable: bool, sheet: bool) -> str | None:
    """A text as a CSV field or a sheet cell holds it (None: an empty cell)."""
    if not text:
        return "'" if nullable else None
    if sheet and _SHEET_UNSAFE.search(text):
        return "'\\" + _ESCAPED.sub(_escape_one, text)
    if text[0] in _TRIGGERS:
        return "'" + text
    return text


def _escape_one(match: re.Match[str]) -> str:
    char = match[0]
    if char == "\\":
        return "\\\\"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _decode_text(cell: str) -> tuple[str | None, str | None]:
    """The text a non-empty cell holds: (text, None), or (None, what is wrong)."""
    if not cell.startswith("'"):
        return cell, None
    if not cell.startswith("'\\"):
        return cell[1:], None
    wrong: list[str] = []

    def unescape(match: re.Match[str]) -> str:
        backslash, byte, short, long = match.groups()
        if backslash:
            return "\\"
        digits = byte or short or long
        if digits is None:
            wrong.append(cell[match.start() : match.start() + 2])
            return ""
        code = int(digits, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            wrong.append(match[0])
            return ""
        return chr(code)

    text = _ESCAPE.sub(unescape, cell[2:])
    if wrong:
        return None, (
            f"malformed escape {wrong[0]!r} in a text that begins with '\\ (escapes are \\\\, "
            "\\xHH, \\uHHHH and \\UHHHHHHHH)"
        )
    return text, None


# ---------------------------------------------------------------------------
# writing


def _tables(process: StrategyProcess, backend: str) -> Any:
    try:
        return to_tables(process, backend=backend)
    except UnicodeEncodeError as error:
        raise _surrogates(process, error) from None


def _surrogates(process: StrategyProcess, error: UnicodeEncodeError) -> Exception:
    """Where the process holds lone surrogates, which no UTF-8 table file can hold."""
    problems: list[Problem] = []

    def scan(value: Any, path: str) -> None:
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                message = (
                    f"holds the lone surrogate {found[0]!r}, which is not UTF-8 text: no table "
                    "file can hold it (JSON can, escaped)"
                )
                problems.append(Problem(path, message))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                scan(item, f"{path}[{i}]")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                scan(key, f"{path}[{key!r}] (the key)")
                scan(item, f"{path}[{key!r}]")
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                scan(getattr(value, field.name), f"{path}.{field.name}")

    for name in COLLECTIONS:
        for i, item in enumerate(getattr(process, name)):
            scan(item, f"$.{name}[{i}]")
    return ValidationError(problems) if problems else error


def _column_values(series: pd.Series[Any]) -> list[Any]:
    """The values of a column of :func:`to_tables`'s pandas frames, None for null."""
    values: list[Any] = series.astype(object).tolist()
    missing = series.isna().to_numpy()
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            values[i] = None
    return values


def _iso_datetimes(series: pd.Series[Any]) -> list[str | None]:
    """ISO 8601 texts in UTC (``+00:00``, microseconds when there are some), None for null."""
    moments = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    texts = np.datetime_as_string(moments, unit="us").tolist()
    return [
        None if text == "NaT" else (text[:-7] if text.endswith(".000000") else text) + "+00:00"
        for text in texts
    ]


def _csv_column(column: Column, series: pd.Series[Any]) -> list[str]:
    kind = column.kind
    if kind is ColumnKind.DATETIME:
        return [text or "" for text in _iso_datetimes(series)]
    values = _column_values(series)
    if kind is ColumnKind.STRING:
        nullable = column.nullable
        return [
            "" if v is None else (_encode_text(v, nullable=nullable, sheet=False) or "")
            for v in values
        ]
    if kind is ColumnKind.BOOL:
        return ["" if v is None else ("true" if v else "false") for v in values]
    if kind is ColumnKind.FLOAT:
        return ["" if v is None else repr(float(v)) for v in values]
    if kind is ColumnKind.DATE:
        return ["" if v is None else v.isoformat() for v in values]
    return ["" if v is None else str(int(v)) for v in values]


def _write_csv_table(path: Path, spec: TableSpec, frame: pd.DataFrame) -> None:
    """One table as a CSV file: UTF-8, RFC 4180 (quotes as needed, CRLF), a header line."""
    columns = [_csv_column(column, frame[column.name]) for column in spec.columns]
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(spec.names)
        writer.writerows(zip(*columns, strict=True))
        file.flush()
        os.fsync(file.fileno())


def _write_parquet_table(path: Path, table: Any) -> None:
    pq = _pyarrow_parquet()
    pq.write_table(table, path)
    with open(path, "rb") as file:
        os.fsync(file.fileno())


def _write_folder(process: StrategyProcess, target: Path, chosen: str) -> None:
    if chosen == "parquet":
        _pyarrow_parquet()  # the missing extra is said before anything happens
    tables = _tables(process, "pyarrow" if chosen == "parquet" else "pandas")
    suffix = _FOLDER_SUFFIX[chosen]

    def fill(folder: Path) -> None:
        for name, spec in TABLES.items():
            path = folder / f"{name}{suffix}"
            if chosen == "parquet":
                _write_parquet_table(path, tables[name])
            else:
                _write_csv_table(path, spec, tables[name])

    try:
        _replace_folder(target, fill)
    except UnicodeEncodeError as error:
        raise _surrogates(process, error) from None
    except OSError as error:
        message = f"cannot write: {error.strerror or error}"
        raise ValidationError([Problem(str(target), message)]) from error


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):  # not every system syncs folders
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _replace_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a new folder beside ``target``, then rename it into ``target``'s place.

    An existing ``target`` is renamed away first (and back, should the second
    rename fail), and removed once the new folder is in place.
    """
    target = Path(os.path.abspath(target))  # "." and "tables/.." have a name, too
    if not target.name:
        raise IsADirectoryError(errno.EISDIR, "a folder of tables cannot replace the root")
    token = secrets.token_hex(8)
    temporary = target.with_name(f".{target.name}.{token}.tmp")
    os.mkdir(temporary)  # the umask applies, as for any new folder
    try:
        fill(temporary)
        _fsync_folder(temporary)
        if target.is_dir():
            with contextlib.suppress(OSError):  # keep the mode of the folder it replaces
                os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
            old = target.with_name(f".{target.name}.{token}.old")
            os.rename(target, old)
            try:
                os.rename(temporary, target)
            except BaseException:
                os.rename(old, target)
                raise
            if old.is_symlink():
                os.unlink(old)
            else:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(temporary, target)
        _fsync_folder(target.parent)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _exact_number(openpyxl: Any, sheet: Any, value: float) -> Any:
    """A number cell holding every digit of ``value``.

    openpyxl writes a number as ``"%.16g" % value``: ``0.1 + 0.2`` would come
    back as ``0.3``, and ``-0.0`` as the integer ``0``. Its writer copies a
    value that is already text as it is, so a number cell given ``repr`` (the
    shortest text that reads back exactly, always with a ``.`` or an ``e``)
    holds the float exactly, and openpyxl reads it back as a float.
    """
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
    cell._value = repr(value)  # data_type stays "n": written as <v>repr</v>
    return cell


def _sheet_column(
    column: Column, series: pd.Series[Any], table: str, problems: list[Problem]
) -> list[Any]:
    kind = column.kind
    if kind is ColumnKind.DATETIME:
        return _iso_datetimes(series)
    values = _column_values(series)
    if kind is ColumnKind.STRING:
        out = [
            None if v is None else _encode_text(v, nullable=column.nullable, sheet=True)
            for v in values
        ]
        for row, text in enumerate(out):
            if text is not None and len(text) > _EXCEL_CELL:
                message = (
                    f"is {len(text):,} characters long as a sheet cell; Excel holds at most "
                    f"{_EXCEL_CELL:,} in a cell: write CSV or Parquet"
                )
                problems.append(Problem(f"{table}[{row}].{column.name}", message))
        return out
    if kind is ColumnKind.DATE:
        return [None if v is None else v.isoformat() for v in values]
    if kind is ColumnKind.BOOL:
        return [None if v is None else bool(v) for v in values]
    if kind is ColumnKind.INT:
        numbers = [None if v is None else int(v) for v in values]
        for row, number in enumerate(numbers):
            if number is not None and abs(number) > _EXACT_IN_EXCEL:
                message = (
                    f"{number} is too large for a sheet: Excel keeps whole numbers exactly up "
                    "to 2**53 only: write CSV or Parquet"
                )
                problems.append(Problem(f"{table}[{row}].{column.name}", message))
        return numbers
    return [None if v is None else float(v) for v in values]  # FLOAT


def _write_workbook(process: StrategyProcess, target: Path) -> None:
    openpyxl = _openpyxl()
    tables = _tables(process, "pandas")
    problems: list[Problem] = []
    columns: dict[str, list[list[Any]]] = {}
    for name, spec in TABLES.items():
        frame = tables[name]
        if len(frame) >= _EXCEL_ROWS:
            message = (
                f"has {len(frame):,} rows; a sheet holds at most {_EXCEL_ROWS - 1:,} below its "
                "header: write CSV or Parquet"
            )
            problems.append(Problem(name, message))
            continue
        columns[name] = [
            _sheet_column(column, frame[column.name], name, problems) for column in spec.columns
        ]
    if problems:
        raise ValidationError(problems)
    workbook = openpyxl.Workbook(write_only=True)
    for name, spec in TABLES.items():
        sheet = workbook.create_sheet(title=name)
        sheet.freeze_panes = "A2"
        sheet.append(list(spec.names))
        floats = [i for i, column in enumerate(spec.columns) if column.kind is ColumnKind.FLOAT]
        for values in zip(*columns[name], strict=True):
            row = list(values)
            for i in floats:
                if row[i] is not None:
                    row[i] = _exact_number(openpyxl, sheet, row[i])
            sheet.append(row)
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except UnicodeEncodeError as error:
        raise _surrogates(process, error) from None
    try:
        _replace(target, buffer.getvalue())
    except OSError as error:
        message = f"cannot write: {error.strerror or error}"
        raise ValidationError([Problem(str(target), message)]) from error


# ---------------------------------------------------------------------------
# reading: each file or sheet into a frame of the schema's types, then from_tables


@attrs.define
class _Source:
    """What was read of one table's file or sheet, and what was wrong with it."""

    table: str
    label: str
    """How problems name it: ``units.csv``, ``units.parquet``, or the sheet ``units``."""
    frame: Any = None
    """The frame handed to from_tables; None if the file could not be read at all."""
    problems: list[Problem] = attrs.Factory(list)
    """Problems of values, at ``table[row].column`` (or ``table[row]``, ``table``)."""
    schema_problems: list[Problem] = attrs.Factory(list)
    """Problems of the file's shape (its header), at ``table``."""
    places: list[int] = attrs.Factory(list)
    """For each data row, its line in the CSV file or its row in the sheet."""
    letters: dict[str, str] = attrs.Factory(dict)
    """For a sheet, each column's letter."""
    style: str = ""  # "line", "cell" or "" (Parquet: no place to name)

    def where(self, row: int | None, column: str | None) -> str:
        """The place of a cell in the file, as its message ends: `` (line 5)``, `` (cell C5)``."""
        place = self.places[row] if row is not None and row < len(self.places) else None
        if self.style == "line" and place is not None:
            return f" (line {place})"
        if self.style == "cell":
            letter = self.letters.get(column or "")
            if place is not None and letter is not None:
                return f" (cell {letter}{place})"
            if place is not None:
                return f" (row {place})"
            if letter is not None:
                return f" (column {letter})"
        return ""


def _cell(table: str, row: int, column: str) -> str:
    return f"{table}[{row}].{column}"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return repr(value)
    return f"{type(value).__name__} {value!r}"


def _parse_datetime(text: str) -> tuple[Any, str | None]:
    try:
        return _default_converter().structure(text, datetime), None
    except ValidationError as error:
        return None, error.problems[0].message


def _parse_date(text: str) -> tuple[Any, str | None]:
    try:
        return _default_converter().structure(text, date), None
    except ValidationError as error:
        return None, error.problems[0].message


def _from_text(column: Column, text: str) -> tuple[Any, str | None]:
    """The value of a CSV field (or a text cell) of ``column``: (value, None) or (None, problem)."""
    kind = column.kind
    if text == "":
        return ("" if kind is ColumnKind.STRING and not column.nullable else None), None
    if kind is ColumnKind.STRING:
        return _decode_text(text)
    if kind is ColumnKind.BOOL:
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true", None
        return None, f"must be true or false, not {text!r}"
    if kind is ColumnKind.INT:
        if _INT.fullmatch(text) is None:
            return None, f"must be a whole number, not {text!r}"
        number = int(text)
        if not -_INT64 <= number < _INT64:
            return None, f"{text} is out of the range of a 64-bit whole number"
        return number, None
    if kind is ColumnKind.FLOAT:
        if _FLOAT.fullmatch(text) is None:
            return None, f"must be a number, not {text!r}"
        return float(text), None
    if kind is ColumnKind.DATETIME:
        return _parse_datetime(text)
    return _parse_date(text)


def _from_cell(column: Column, value: Any, data_type: str) -> tuple[Any, str | None]:
    """The value of a sheet cell of ``column``: (value, None) or (None, problem)."""
    kind = column.kind
    if value is None:
        return ("" if kind is ColumnKind.STRING and not column.nullable else None), None
    if data_type == "f":
        return None, f"holds the formula {value!r}: only values are read"
    if data_type == "e":
        return None, f"holds the error {value}"
    if isinstance(value, str) and kind in (ColumnKind.STRING, ColumnKind.DATETIME):
        return _from_text(column, value)
    if kind is ColumnKind.STRING:
        hint = f" (write it as text: '{value!r})" if _describe(value).startswith("the n") else ""
        return None, f"must be text, not {_describe(value)}{hint}"
    if kind is ColumnKind.BOOL:
        if isinstance(value, bool):
            return value, None
        return None, f"must be TRUE or FALSE, not {_describe(value)}"
    if kind is ColumnKind.INT:
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        if isinstance(value, float) and value.is_integer():
            return int(value), None
        return None, f"must be a whole number, not {_describe(value)}"
    if kind is ColumnKind.FLOAT:
        if isinstance(value, float):
            return value, None
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) <= _EXACT_IN_EXCEL:
                return float(value), None
            return None, f"{value} has no exact floating-point value"
        return None, f"must be a number, not {_describe(value)}"
    if kind is ColumnKind.DATETIME:
        if isinstance(value, datetime):
            example = value.replace(tzinfo=UTC).isoformat()
            return None, (
                f"is {_describe(value)} without a time zone (Excel has none): write it as "
                f"ISO 8601 text with an offset, such as '{example}'"
            )
        return None, f"must be ISO 8601 text with an offset, not {_describe(value)}"
    # DATE: text, or an Excel date (a datetime at midnight)
    if isinstance(value, str):
        return _parse_date(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date(), None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value, None
    return None, f"must be a date written YYYY-MM-DD, not {_describe(value)}"


def _series(column: Column | None, values: list[Any]) -> Any:
    """A pandas column of the schema's type for ``column`` (object for an unknown column)."""
    kind = column.kind if column is not None else None
    if kind is ColumnKind.STRING:
        return pd.array(values, dtype="string")
    if kind is ColumnKind.BOOL:
        return pd.array(values, dtype="boolean")
    if kind is ColumnKind.INT:
        return pd.array(values, dtype="Int64")
    if kind is ColumnKind.FLOAT:  # NaN and null stay apart: from_tables reports a NaN
        mask = np.array([v is None for v in values], dtype=bool)
        data = np.array([0.0 if v is None else v for v in values], dtype=np.float64)
        return pd.arrays.FloatingArray(data, mask)
    if kind is ColumnKind.DATETIME:
        utc = [None if v is None else v.astimezone(UTC).replace(tzinfo=None) for v in values]
        return pd.Series(utc, dtype="datetime64[us]").dt.tz_localize("UTC")
    return pd.Series(values, dtype=object)


def _frame(spec: TableSpec, names: list[str], columns: list[list[Any]]) -> pd.DataFrame:
    known = {column.name: column for column in spec.columns}
    return pd.DataFrame(
        {
            name: _series(known.get(name), values)
            for name, values in zip(names, columns, strict=True)
        }
    )


def _header(source: _Source, names: list[Any], label: Callable[[int], str]) -> dict[int, str]:
    """The usable columns of a header, by position; problems of the header into ``source``."""
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name is None or name == "":
            continue
        if not isinstance(name, str):
            message = f"the header of {label(i)} must be a column name, not {_describe(name)}"
            source.schema_problems.append(Problem(source.table, message))
            continue
        if name in seen:
            message = f"the column {name!r} is given twice ({label(seen[name])} and {label(i)})"
            source.schema_problems.append(Problem(source.table, message))
            continue
        seen[name] = i
        out[i] = name
    return out


def _columns(
    source: _Source,
    spec: TableSpec,
    header: dict[int, str],
    rows: list[list[Any]],
    parse: Callable[[Column, Any, int, int], tuple[Any, str | None]],
    label: Callable[[int], str],
) -> None:
    """Parse the data rows into typed columns; a cell that cannot be read is null, and reported."""
    known = {column.name: column for column in spec.columns}
    names = list(header.values())
    columns: list[list[Any]] = []
    for position, name in header.items():
        column = known.get(name)
        values: list[Any] = []
        for row, cells in enumerate(rows):
            raw = cells[position] if position < len(cells) else None
            if column is None:
                values.append(raw)
                continue
            value, problem = parse(column, raw, row, position)
            if problem is not None:
                source.problems.append(Problem(_cell(spec.name, row, name), problem))
            values.append(value)
        columns.append(values)
    nameless = [i for i in range(max(map(len, rows), default=0)) if i not in header]
    for row, cells in enumerate(rows):
        for i in nameless:
            if i < len(cells) and cells[i] not in (None, ""):
                message = f"holds a value in {label(i)}, which has no column name in the header"
                source.problems.append(Problem(f"{spec.name}[{row}]", message))
                break
    source.frame = _frame(spec, names, columns)


# --- CSV


@contextlib.contextmanager
def _long_fields() -> Iterator[None]:
    """Let the csv module read fields of any length (its default limit is 128 KiB)."""
    with _CSV_LOCK:
        old = csv.field_size_limit(_FIELD_LIMIT)
        try:
            yield
        finally:
            csv.field_size_limit(old)


def _csv_records(text: str) -> list[tuple[int, list[str]]]:
    """The records of CSV text with the line each begins on; blank lines left out.

    A ``csv.Error`` says the line it happened on.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        with _long_fields():
            for record in reader:
                if record:
                    records.append((line, record))
                line = reader.line_num + 1
    except csv.Error as error:
        message = f"{error} (line {reader.line_num})"
        raise csv.Error(message) from None
    return records


def _read_csv_table(path: Path, spec: TableSpec) -> _Source:
    source = _Source(table=spec.name, label=path.name, style="line")
    try:
        data = path.read_bytes()
        records = _csv_records(data.decode("utf-8-sig"))
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        source.problems.append(Problem(spec.name, message))
        return source
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text: {error.reason} (line {line})"
        source.problems.append(Problem(spec.name, message))
        return source
    except csv.Error as error:
        source.problems.append(Problem(spec.name, f"not a readable CSV file: {error}"))
        return source
    if not records:
        message = f"is empty: its first line must name the columns ({', '.join(spec.names)})"
        source.schema_problems.append(Problem(spec.name, message))
        return source
    names = records[0][1]
    header = _header(source, list(names), lambda i: f"field {i + 1}")
    rows: list[list[Any]] = []
    for row, (line, record) in enumerate(records[1:]):
        source.places.append(line)
        if len(record) != len(names):
            message = f"has {len(record)} fields, but the header has {len(names)}"
            source.problems.append(Problem(f"{spec.name}[{row}]", message))
        rows.append(record)

    def parse(column: Column, raw: Any, _row: int, _position: int) -> tuple[Any, str | None]:
        return (None, None) if raw is None else _from_text(column, raw)

    _columns(source, spec, header, rows, parse, lambda i: f"field {i + 1}")
    return source


# --- Parquet


def _read_parquet_table(path: Path, spec: TableSpec) -> _Source:
    source = _Source(table=spec.name, label=path.name)
    pq = _pyarrow_parquet()
    try:
        source.frame = pq.read_table(path)
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        source.problems.append(Problem(spec.name, message))
    except Exception as error:  # pyarrow's errors: ArrowInvalid and kin
        message = f"not a readable Parquet file: {error}"
        source.problems.append(Problem(spec.name, message))
    return source


# --- folders


def _read_folder(folder: Path, chosen: str) -> StrategyProcess:
    if chosen == "parquet":
        _pyarrow_parquet()
    suffix = _FOLDER_SUFFIX[chosen]
    try:
        entries = sorted(os.listdir(folder))
    except OSError as error:
        message = f"cannot read the folder: {error.strerror or error}"
        raise ValidationError([Problem(str(folder), message)]) from error
    unknown: list[Problem] = []
    sources: list[_Source] = []
    files = {name: f"{name}{suffix}" for name in TABLES}
    present = set(entries)
    for entry in entries:
        if entry.startswith(".") or not entry.lower().endswith(suffix):
            continue
        if entry in files.values() and not (folder / entry).is_file():
            unknown.append(Problem(entry, "is a folder, not a table's file"))
        elif entry not in files.values():
            hint = did_you_mean(entry, files.values()) or (
                f": a table's file is named after the table, such as units{suffix}"
            )
            unknown.append(Problem(entry, f"not a table{hint}"))
    for name, spec in TABLES.items():
        path = folder / files[name]
        if files[name] not in present or not path.is_file():
            continue
        if chosen == "csv":
            sources.append(_read_csv_table(path, spec))
        else:
            sources.append(_read_parquet_table(path, spec))
    backend = "pyarrow" if chosen == "parquet" else "pandas"
    return _assemble(sources, unknown, backend)


# --- workbooks


def _letter(position: int) -> str:
    """The letter of a sheet's column, counted from 0: A, B, …, Z, AA, …."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read_sheet(sheet: Any, spec: TableSpec) -> _Source:
    source = _Source(table=spec.name, label=spec.name, style="cell")
    sheet.reset_dimensions()  # do not trust the size the file claims: read every row
    rows: list[list[Any]] = []
    types: list[list[str]] = []
    names: list[Any] | None = None
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = [cell.value for cell in cells]
        if names is None:
            names = values
            continue
        if all(value is None for value in values):
            continue  # a blank row
        source.places.append(number)
        rows.append(values)
        types.append([cell.data_type for cell in cells])
    while names and names[-1] is None:
        names.pop()
    if not names:
        message = f"is empty: its first row must name the columns ({', '.join(spec.names)})"
        source.schema_problems.append(Problem(spec.name, message))
        return source
    header = _header(source, names, lambda i: f"column {_letter(i)}")
    source.letters = {name: _letter(i) for i, name in header.items()}

    def parse(column: Column, raw: Any, row: int, position: int) -> tuple[Any, str | None]:
        kinds = types[row]
        return _from_cell(column, raw, kinds[position] if position < len(kinds) else "n")

    _columns(source, spec, header, rows, parse, lambda i: f"column {_letter(i)}")
    return source


def _read_workbook(path: Path) -> StrategyProcess:
    openpyxl = _openpyxl()
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        raise ValidationError([Problem(str(path), message)]) from error
    try:
        with warnings.catch_warnings():  # openpyxl warns of what it does not read (styles, …)
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # a zip file that is not a workbook, or no zip file at all
        message = f"not an Excel workbook (.xlsx): {error}"
        raise ValidationError([Problem(str(path), message)]) from error
    try:
        unknown = [
            Problem(title, f"not a table{did_you_mean(title, TABLES)}")
            for title in workbook.sheetnames
            if title not in TABLES
        ]
        sources = []
        for name, spec in TABLES.items():
            if name not in workbook.sheetnames:
                continue
            sheet = workbook[name]
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                message = "is a chart sheet, not a sheet of cells"
                unknown.append(Problem(name, message))
                continue
            sources.append(_read_sheet(sheet, spec))
    finally:
        workbook.close()
    return _assemble(sources, unknown, "pandas")


# --- checking everything at once


def _order(problem: Problem) -> tuple[int, int, int]:
    match = _PATH.fullmatch(problem.path)
    if match is None or match["table"] not in TABLES:
        return (-1, -1, -1)
    names = TABLES[match["table"]].names
    row = int(match["row"]) if match["row"] is not None else -1
    column = match["column"]
    position = names.index(column) if column in names else (len(names) if column else -1)
    return (_ORDER[match["table"]], row, position)


def _located(problem: Problem, sources: Mapping[str, _Source]) -> Problem:
    """A problem at ``table[row].column`` as it names the file and the place in it."""
    match = _PATH.fullmatch(problem.path)
    if match is None or match["table"] not in sources:
        return problem
    source = sources[match["table"]]
    row = int(match["row"]) if match["row"] is not None else None
    path = source.label + problem.path[len(match["table"]) :]
    return Problem(path, problem.message + source.where(row, match["column"]))


def _assemble(sources: list[_Source], unknown: list[Problem], backend: str) -> StrategyProcess:
    """Check the tables read with from_tables; raise every problem, each at its file's cell."""
    by_table = {source.table: source for source in sources}
    own = [p for source in sources for p in (*source.schema_problems, *source.problems)]
    schema = bool(unknown) or any(source.schema_problems for source in sources)
    found: list[Problem] = []
    process: StrategyProcess | None = None
    frames = dict(_empty(backend))
    frames.update({s.table: s.frame for s in sources if s.frame is not None})
    try:
        if all(source.frame is not None for source in sources):
            process = from_tables(frames)
        else:  # without a table, its references cannot be checked: check only the columns
            Tables(frames)
    except SchemaError as error:
        found, schema = list(error.problems), True
    except ValidationError as error:
        found = list(error.problems)
    if process is not None and not own and not unknown:
        return process
    # the cells that could not be read were handed over as nulls: say only why they could not
    flagged = {p.path for source in sources for p in source.problems if "]." in p.path}
    merged = [*own, *(p for p in found if p.path not in flagged)]
    merged.sort(key=_order)  # stable: from_tables's own order stays within a cell
    problems = [*unknown, *(_located(p, by_table) for p in merged)]
    raise (SchemaError if schema else ValidationError)(problems)


def _empty(backend: str) -> Mapping[str, Any]:
    """An empty frame of every table, for the tables that have no file."""
    return to_tables(StrategyProcess(), backend=backend)
