"""The click commands of ``ownership``: demo, assess, validate, import, schema, synth.

Every command runs inside :class:`_Group`, which turns the library's errors
into the list of problems and an exit code, and any other failure into a
short message asking for a report: the user never sees a traceback unless
they ask for one with ``--debug`` (or ``OWNERSHIP_DEBUG=1``).
"""

from __future__ import annotations

import errno
import json
import os
import tomllib
import traceback
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

import click

from .._config import AssessmentConfig
from ..errors import OwnershipError, Problem, ValidationError, did_you_mean
from ..model import COLLECTIONS, StrategyProcess
from ..report._catalogue import LANGUAGES
from ..schema import TABLES, TableSpec
from ._progress import Steps

__all__ = ["FORMATS", "command"]

FORMATS: Final = ("text", "markdown", "html", "json")
"""The report formats of ``demo`` and ``assess``."""

_BY_SUFFIX: Final[Mapping[str, str]] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}
_POLIS_FILES: Final = frozenset({"comments.csv", "votes.csv"})
_TABLE_FILES: Final = frozenset(
    f"{name}{suffix}" for name in TABLES for suffix in (".csv", ".parquet")
)
_DEBUG: Final = "ownership.debug"
_QUIET: Final = "ownership.quiet"
_STEPS: Final = "ownership.steps"

F = TypeVar("F", bound=Callable[..., Any])


# ---------------------------------------------------------------------------
# errors and exit codes


def _debugging(ctx: click.Context) -> bool:
    return bool(ctx.meta.get(_DEBUG)) or os.environ.get("OWNERSHIP_DEBUG", "") not in ("", "0")


def _show_problems(error: OwnershipError) -> None:
    """Every problem of ``error`` on stderr, one ``path: message`` a line."""
    if isinstance(error, ValidationError):
        for problem in error.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(f"error: {error}", err=True)


class _Group(click.Group):
    """The top command: exit 1 on invalid input, 3 on a failure nobody expected."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OwnershipError as error:
            if _debugging(ctx):
                traceback.print_exc()
            _show_problems(error)
            ctx.exit(1)
        except Exception as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                raise  # click says nothing when the reader of stdout went away
            debug = _debugging(ctx)
            if debug:
                traceback.print_exc()
            click.echo(f"unexpected error: {type(error).__name__}: {error}", err=True)
            hint = "" if debug else " (run it again with --debug to see the traceback)"
            click.echo(
                "This is a bug in ownership; please report it with the command you ran" + hint,
                err=True,
            )
            ctx.exit(3)


def _flag(key: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta[key] = True

    return remember


_TABLES: Final = click.option(
    "--tables",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="The kind of table files when OUT is a folder.",
)
"""``--tables``: the kind of table files ``import polis`` and ``synth`` write into a folder."""


def _common(function: F) -> F:
    """``--quiet`` and ``--debug``, accepted before or after the command's name."""
    function = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_flag(_QUIET),
        help="No progress display and no messages on stderr but errors.",
    )(function)
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=_flag(_DEBUG),
        help="Show the traceback of an unexpected error (or set OWNERSHIP_DEBUG=1).",
    )(function)


def _steps(ctx: click.Context) -> Steps:
    """The progress display of this run, closed when the command ends."""
    steps = ctx.meta.get(_STEPS)
    if steps is None:
        steps = Steps(quiet=bool(ctx.meta.get(_QUIET)))
        ctx.meta[_STEPS] = steps
        ctx.call_on_close(steps.close)
    assert isinstance(steps, Steps)
    return steps


def _say(ctx: click.Context, text: str) -> None:
    """A message for the user on stderr, unless ``--quiet``."""
    if not ctx.meta.get(_QUIET):
        click.echo(text, err=True)


# ---------------------------------------------------------------------------
# parameters


if TYPE_CHECKING:
    _ParamType = click.ParamType[datetime]
else:
    _ParamType = click.ParamType  # generic only in the stubs of recent click


class _Moment(_ParamType):
    """A date (its first moment in UTC) or an ISO 8601 date and time (UTC when naive)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(
                f"{value!r} is not a date such as 2025-06-30 or an ISO 8601 date and time "
                "such as 2025-06-30T17:00 (UTC) or 2025-06-30T17:00+02:00",
                param,
                ctx,
            )
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _knobs(
    _ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, float]:
    knobs: dict[str, float] = {}
    for item in values:
        name, equals, number = item.partition("=")
        try:
            if not equals or not name.strip():
                raise ValueError
            knobs[name.strip()] = float(number)
        except ValueError:
            message = f"{item!r} is not KNOB=NUMBER, such as responsiveness=0.4"
            raise click.BadParameter(message, param=param) from None
    return knobs


def _report_options(function: F) -> F:
    """The options of a report: --format, -o, --lang, --as-of."""
    for option in reversed(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(FORMATS),
                default=None,
                help="The report's format [default: text, or told from the -o file's suffix: "
                ".txt, .md, .html, .json].",
            ),
            click.option(
                "-o",
                "--output",
                metavar="FILE",
                default=None,
                help="Write the report to FILE (UTF-8) instead of the terminal.",
            ),
            click.option(
                "--lang",
                type=click.Choice(LANGUAGES),
                default="en",
                show_default=True,
                help="The report's language: English or Swedish.",
            ),
            click.option(
                "--as-of",
                type=_Moment(),
                default=None,
                help="Assess the process as it was at DATE (a date: its first moment in UTC; "
                "a date and time without offset: UTC) [default: its last record].",
            ),
        ]
    ):
        function = option(function)
    return function


# ---------------------------------------------------------------------------
# reading and writing


def _is_polis(target: Path) -> bool:
    """Whether ``target`` is a folder exported by Pol.is rather than a folder of tables."""
    try:
        names = set(os.listdir(target)) if target.is_dir() else set()
    except OSError:
        return False
    return bool(names & _POLIS_FILES) and not names & _TABLE_FILES


def _read(target: Path, steps: Steps) -> StrategyProcess:
    """The process at ``target``: a JSON file, a folder of tables, a workbook or a Pol.is export."""
    from ..io import read_polis
    from ..io._files import read

    with steps.step(f"reading {target}"):
        try:
            if _is_polis(target):
                return read_polis(target)
            return read(target)
        except OSError as error:
            message = f"cannot read: {error.strerror or error}"
            raise ValidationError([Problem(str(target), message)]) from error


def _read_config(path: str | None) -> AssessmentConfig | None:
    """The settings in the JSON or TOML file ``path``; every problem names the file."""
    if path is None:
        return None
    target = Path(path)
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raise ValidationError([Problem(path, "no such file")]) from None
    except IsADirectoryError:
        raise ValidationError([Problem(path, "is a folder, not a settings file")]) from None
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        raise ValidationError([Problem(path, message)]) from error
    data: object
    if target.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ValidationError([Problem(path, f"not valid TOML: {error}")]) from None
    else:
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ValidationError([Problem(path, f"not UTF-8 text: {error}")]) from None
        except json.JSONDecodeError as error:
            message = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
            raise ValidationError([Problem(path, message)]) from None
    try:
        return AssessmentConfig.from_dict(data)
    except ValidationError as error:
        problems = [Problem(f"{path}: {p.path}", p.message) for p in error.problems]
        raise ValidationError(problems) from None


def _write_text(path: str, text: str) -> int:
    """Write ``text`` to ``path`` in UTF-8; the number of bytes written."""
    data = text.encode("utf-8")
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        message = f"cannot write: {error.strerror or error}"
        raise ValidationError([Problem(path, message)]) from error
    return len(data)


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} kB"
    return f"{count / 1024 / 1024:.1f} MB"


def _counts(counts: Mapping[str, int]) -> str:
    """``8 units, 120 stakeholders, 1 goal, …``: the collections that are not empty."""
    parts = []
    for name, count in counts.items():
        if not count:
            continue
        noun = name.replace("_", " ")
        parts.append(f"{count:,} {noun if count != 1 else noun.removesuffix('s')}")
    return ", ".join(parts) or "nothing"


def _process_counts(process: StrategyProcess) -> dict[str, int]:
    return {name: len(getattr(process, name)) for name in COLLECTIONS}


def _store_format(ctx: click.Context, out: str, tables: str) -> str:
    """The format :func:`ownership.write` writes ``out`` in: by its suffix, else a folder."""
    suffix = Path(out).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".xlsx":
        return "excel"
    if suffix in (".csv", ".parquet"):
        message = (
            f"a process is a folder of {suffix} tables, one file per table: give a folder "
            "(and --tables csv or parquet), or a file ending in .json or .xlsx"
        )
        raise click.BadParameter(message, ctx=ctx, param_hint="'-o' / '--output'")
    return tables


def _write_tables(tables: Mapping[str, Any], target: Path, chosen: str) -> None:
    """Write generated tables as a folder of CSV or Parquet files, without model objects.

    The same files :func:`ownership.write` writes for the process the tables
    hold (the synthetic generator makes valid tables), at a fraction of the
    time and memory of a million objects.
    """
    from ..io import _files

    if chosen == "parquet":
        _files._pyarrow_parquet()
    _files._format_to_write(target, chosen)  # a file in the way, or a folder of other files
    suffix = _files._FOLDER_SUFFIX[chosen]

    def fill(folder: Path) -> None:
        for name, spec in TABLES.items():
            path = folder / f"{name}{suffix}"
            if chosen == "parquet":
                _files._write_parquet_table(path, tables[name])
            else:
                _files._write_csv_table(path, spec, tables[name])

    try:
        _files._replace_folder(target, fill)
    except OSError as error:
        message = f"cannot write: {error.strerror or error}"
        raise ValidationError([Problem(str(target), message)]) from error


def _render(assessment: Any, fmt: str, lang: str) -> str:
    if fmt == "markdown":
        return str(assessment.to_markdown(lang=lang))
    if fmt == "html":
        return str(assessment.to_html(lang=lang))
    if fmt == "json":
        return json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    from ..report.terminal import render_text

    return render_text(assessment, lang=lang)


def _report(
    ctx: click.Context,
    process: StrategyProcess,
    *,
    fmt: str | None,
    output: str | None,
    lang: str,
    as_of: datetime | None,
    config: AssessmentConfig | None = None,
) -> None:
    """Assess ``process`` and show the report on the terminal or write it to ``output``."""
    from ..assess import assess

    steps = _steps(ctx)
    if fmt is None:
        fmt = _BY_SUFFIX.get(Path(output).suffix.lower(), "text") if output else "text"
    with steps.step("assessing"):
        assessment = assess(process, as_of=as_of, config=config)
    if output is None and fmt == "text":
        from rich.console import Console

        from ..report.terminal import print_assessment, render_text

        steps.close()
        console = Console()
        if console.is_terminal:
            print_assessment(assessment, lang=lang, console=console)
        else:  # into a pipe or a file: plain text, no colour, no padding at the ends of lines
            click.echo(render_text(assessment, lang=lang, width=console.width), nl=False)
        return
    with steps.step(f"writing the {fmt} report"):
        text = _render(assessment, fmt, lang)
        written = None if output is None else _write_text(output, text)
    steps.close()
    if written is None:
        click.echo(text)
    else:
        _say(ctx, f"wrote the {fmt} report to {output} ({_size(written)})")


# ---------------------------------------------------------------------------
# the commands


@click.group(
    "ownership",
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  ownership demo                       the demo's report on the terminal
  ownership assess process.json --lang sv -o rapport.html
  ownership validate tables/           every problem of a folder of tables
  ownership import polis export/ -o process.json
  ownership schema --table stakeholders
  ownership synth --stakeholders 5000 --seed 1 -o synthetic.json

Exit codes: 0 success, 1 invalid input (every problem is listed),
2 a usage error, 3 an unexpected failure (please report it).""",
)
@click.version_option(package_name="ownership", prog_name="ownership")
@_common
def command() -> None:
    """Measure how an organisation builds ownership of its strategy.

    Assess a strategy process (a JSON file, a folder of CSV or Parquet
    tables, an Excel workbook or a Pol.is export): the ownership index, its
    dimensions, units and findings, as text, Markdown, HTML or JSON, in
    English or Swedish.
    """


@command.command(
    short_help="Assess the embedded demo process.",
    epilog="""\b
Examples:
  ownership demo
  ownership demo --lang sv
  ownership demo --format html -o demo.html
  ownership demo --as-of 2025-06-30 --format json""",
)
@_report_options
@_common
@click.pass_context
def demo(
    ctx: click.Context, fmt: str | None, output: str | None, lang: str, as_of: datetime | None
) -> None:
    """Assess the embedded demo: Sjöviks kommun's IT strategy over 18 months.

    The demo has four problems planted the way they occur in real
    organisations; the findings name them.
    """
    from ..data import demo as demo_process

    with _steps(ctx).step("reading the demo"):
        process = demo_process()
    _report(ctx, process, fmt=fmt, output=output, lang=lang, as_of=as_of)


@command.command(
    short_help="Assess a process: JSON, tables, workbook or Pol.is.",
    epilog="""\b
Examples:
  ownership assess process.json
  ownership assess tables/ --as-of 2025-12-31 --lang sv
  ownership assess process.xlsx --config settings.toml -o report.html
  ownership assess polis-export/ --format json -o assessment.json""",
)
@click.argument("path", metavar="PATH")
@click.option(
    "--config",
    metavar="FILE",
    default=None,
    help="Settings of the assessment (AssessmentConfig) in a JSON or TOML file.",
)
@_report_options
@_common
@click.pass_context
def assess(
    ctx: click.Context,
    path: str,
    config: str | None,
    fmt: str | None,
    output: str | None,
    lang: str,
    as_of: datetime | None,
) -> None:
    """Assess the process at PATH and report the index, dimensions, units and findings.

    PATH is a JSON file, a folder of CSV or Parquet tables, an Excel
    workbook (.xlsx) or a folder exported by Pol.is (comments.csv,
    votes.csv, …). Settings in --config replace the defaults one by one.
    """
    settings = _read_config(config)
    process = _read(Path(path), _steps(ctx))
    _report(ctx, process, fmt=fmt, output=output, lang=lang, as_of=as_of, config=settings)


@command.command(
    short_help="List every problem of a process, or say it is valid.",
    epilog="""\b
Examples:
  ownership validate process.json
  ownership validate tables/
  ownership validate process.xlsx || echo "fix the problems above" """,
)
@click.argument("path", metavar="PATH")
@_common
@click.pass_context
def validate(ctx: click.Context, path: str) -> None:
    """Check the process at PATH and list every problem, one per line.

    Each line is ``where: what``: a JSON path ($.stakeholders[3].unit) or a
    table cell (stakeholders.csv[3].unit). Exits with 1 when there are
    problems, 0 and a summary of the process when it is valid.
    """
    try:
        process = _read(Path(path), _steps(ctx))
    except ValidationError as error:
        _steps(ctx).close()
        for problem in error.problems:
            click.echo(str(problem))
        count = len(error.problems)
        _say(ctx, f"{path}: {count} problem{'s' if count != 1 else ''}")
        ctx.exit(1)
    people = sum(s.size for s in process.stakeholders)
    click.echo(f"{path}: valid: {_counts(_process_counts(process))}; {people:,} people")


@command.group(
    "import",
    short_help="Import another tool's export.",
    epilog="""\b
Examples:
  ownership import polis export/ -o process.json""",
)
def import_() -> None:
    """Read another tool's export and store it as a process."""


@import_.command(
    short_help="Import a Pol.is export.",
    epilog="""\b
Examples:
  ownership import polis export/ -o process.json
  ownership import polis export/ -o process.xlsx
  ownership import polis export/ -o tables --tables parquet""",
)
@click.argument("folder", metavar="FOLDER")
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    required=True,
    help="Where to store the process: OUT.json, OUT.xlsx, or a folder of tables.",
)
@_TABLES
@_common
@click.pass_context
def polis(ctx: click.Context, folder: str, output: str, tables: str) -> None:
    """Import the Pol.is conversation exported to FOLDER.

    FOLDER holds the export's summary.csv, comments.csv, votes.csv and
    participants-votes.csv. The process is written as JSON, a workbook or a
    folder of tables, by OUT's suffix; `ownership validate` and
    `ownership assess` read it back.
    """
    from ..io import read_polis
    from ..io._files import write

    chosen = _store_format(ctx, output, tables)
    source = Path(folder)
    if not source.is_dir():
        problem = "no such folder" if not source.exists() else "is a file, not an export folder"
        raise ValidationError([Problem(folder, problem)])
    steps = _steps(ctx)
    with steps.step(f"reading {folder}"):
        process = read_polis(source)
    with steps.step(f"writing {output}"):
        write(process, output, format=chosen)  # type: ignore[arg-type]
    steps.close()
    _say(ctx, f"wrote {output}: {_counts(_process_counts(process))}")


def _table_spec(spec: TableSpec) -> dict[str, Any]:
    """One table's spec as plain data."""
    columns = []
    for column in spec.columns:
        values: list[Any] | None = None
        if column.enum is not None:
            values = [member.value for member in column.enum]
        elif column.allowed is not None:
            values = list(column.allowed)
        columns.append(
            {
                "name": column.name,
                "kind": column.kind.value,
                "nullable": column.nullable,
                "references": column.references,
                "values": values,
                "minimum": column.minimum,
                "maximum": column.maximum,
                "non_empty": column.non_empty,
                "domain": column.domain(),
                "description": column.description,
            }
        )
    return {
        "table": spec.name,
        "description": spec.description,
        "link": spec.is_link,
        "collection": spec.collection,
        "field": spec.field,
        "key": None if spec.key is None else list(spec.key),
        "columns": columns,
    }


@command.command(
    short_help="Print the JSON Schema, or one table's spec.",
    epilog="""\b
Examples:
  ownership schema > process.schema.json
  ownership schema --table stakeholders
  ownership schema --table participations""",
)
@click.option(
    "--table",
    "name",
    metavar="NAME",
    default=None,
    help="Show one table's columns, kinds, key and references instead.",
)
@_common
@click.pass_context
def schema(ctx: click.Context, name: str | None) -> None:
    """Print the JSON Schema of a process in JSON, or the spec of one table.

    The JSON Schema (draft 2020-12) checks each object of a JSON file on its
    own; a table's spec lists its columns with their kind, whether they may
    be empty, what they reference and their values.
    """
    from ..schema import json_schema_text

    if name is None:
        click.echo(json_schema_text())
        return
    spec = TABLES.get(name)
    if spec is None:
        message = (
            f"no such table {name!r}{did_you_mean(name, TABLES)}; the tables are: "
            + ", ".join(TABLES)
        )
        raise click.BadParameter(message, ctx=ctx, param_hint="'--table'")
    click.echo(json.dumps(_table_spec(spec), ensure_ascii=False, indent=2))


@command.command(
    short_help="Generate a synthetic process.",
    epilog="""\b
Examples:
  ownership synth --stakeholders 500 --seed 1 -o small.json
  ownership synth --stakeholders 100000 --seed 1 -o large --tables parquet
  ownership synth -n 2000 --months 24 --set responsiveness=0.3 \\
      --set unheard_units=2 -o troubled.xlsx""",
)
@click.option(
    "-n",
    "--stakeholders",
    type=click.IntRange(min=1),
    required=True,
    help="How many stakeholders.",
)
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    required=True,
    help="Where to store the process: OUT.json, OUT.xlsx, or a folder of tables.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="The seed: the same seed gives the same process.",
)
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=18,
    show_default=True,
    help="How many months the process runs.",
)
@click.option(
    "--units",
    type=click.IntRange(min=1),
    default=None,
    help="How many units [default: one per 40 stakeholders, 3 to 200].",
)
@click.option(
    "--set",
    "knobs",
    multiple=True,
    metavar="KNOB=VALUE",
    callback=_knobs,
    help="Set a knob of the generator, such as responsiveness=0.4 (repeatable).",
)
@_TABLES
@_common
@click.pass_context
def synth(
    ctx: click.Context,
    stakeholders: int,
    output: str,
    seed: int,
    months: int,
    units: int | None,
    knobs: dict[str, float],
    tables: str,
) -> None:
    """Generate a synthetic strategy process and store it.

    A realistic organisation and its process, seeded, of any size. Knobs set
    its health (responsiveness, uptake, one_way_share, unheard_units, …:
    see the synthetic processes page of the documentation). A folder of
    tables is written straight from the generated tables, which is what a
    process of 100,000 stakeholders needs.
    """
    from ..io._files import write
    from ..synth import generate
    from ..tables import from_tables

    chosen = _store_format(ctx, output, tables)
    steps = _steps(ctx)
    backend: Literal["pandas", "pyarrow"] = "pyarrow" if chosen == "parquet" else "pandas"
    if chosen == "parquet":
        from ..io._files import _pyarrow_parquet

        _pyarrow_parquet()  # the missing extra is said before anything is generated
    with steps.step(f"generating {stakeholders:,} stakeholders"):
        frames = generate(
            stakeholders=stakeholders,
            units=units,
            months=months,
            seed=seed,
            as_tables=True,
            backend=backend,
            **knobs,
        )
    if chosen in ("csv", "parquet"):
        with steps.step(f"writing {output}"):
            _write_tables(frames, Path(output), chosen)
    else:
        with steps.step("building the process"):
            process = from_tables(frames)
        with steps.step(f"writing {output}"):
            write(process, output, format=chosen)  # type: ignore[arg-type]
    steps.close()
    counts = {name: len(frames[name]) for name in COLLECTIONS}
    _say(ctx, f"wrote {output} (seed {seed}): {_counts(counts)}")
