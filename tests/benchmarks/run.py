"""Benchmarks of ``ownership``: a plain script that prints tables of timings.

Not a test: nothing here is collected by pytest or asserts a time. Run it from the
repository root (see README.md in this folder)::

    python tests/benchmarks/run.py             # everything (about ten minutes on 2 cores)
    python tests/benchmarks/run.py --quick     # tiny sizes, seconds (what the smoke test runs)
    python tests/benchmarks/run.py --only activity --only generate

Every case runs in a fresh child process (with ``--quick``, all in one), which builds
its inputs untimed and then runs the case ``--repeat`` times (fewer once a case has
taken its time budget), so that no case inherits another's memory. Times are
wall-clock seconds: the best and the median of the runs. Peak memory is how far the
process's resident set grew during a run (Linux: the high-water mark ``VmHWM``, reset
before each run through ``/proc/self/clear_refs``), the largest over the runs; ``-``
where that is not available.

The counting layer (:mod:`ownership.metrics`) is compared with hand-written polars
code for the same counts (:func:`hand_activity`, :func:`hand_contribution_activity`),
run on both polars engines, each in its own process like every case. Each result of
the counting layer is checked to be identical to the hand-written one, and its best
time is printed over the fastest hand-written best.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import functools
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

ROOT = Path(__file__).resolve().parents[2]
POLIS = ROOT / "tests" / "data" / "polis" / "bg2050-volunteers"
POLIS_FILES = ("summary.csv", "comments.csv", "votes.csv", "participants-votes.csv")
"""The files of a Pol.is export that read_polis reads."""
RESULT = "BENCHMARK-RESULT "
"""Prefix of the lines a child process prints for each case (JSON follows)."""

T = TypeVar("T")
Engine = Literal["streaming", "in-memory"]
ENGINES: tuple[Engine, ...] = ("streaming", "in-memory")


# ---------------------------------------------------------------------------
# sizes


@dataclasses.dataclass(frozen=True)
class Sizes:
    """The sizes one run of the benchmarks uses."""

    tables: tuple[int, ...]
    """Stakeholders of the processes for to_tables, from_tables, dumps and loads."""
    tables_events: int
    """Events (participation rows) per stakeholder for those processes."""
    counting: int
    """Stakeholders of the process that generate and the counting layer run on."""
    counting_events: int
    """Events per stakeholder of that process."""
    repeat: int
    budget: float
    """Seconds one case may take in all; once past it, no further runs."""


FULL = Sizes(
    tables=(1_000, 10_000, 100_000),
    tables_events=10,
    counting=100_000,
    counting_events=100,
    repeat=3,
    budget=45.0,
)
QUICK = Sizes(
    tables=(200,), tables_events=10, counting=1_000, counting_events=10, repeat=1, budget=5.0
)


def label(n: int) -> str:
    """``1000`` as ``1k``, ``100000`` as ``100k``."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


# ---------------------------------------------------------------------------
# measuring (in the child)


def _status_kib(field_name: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> int | None:
    """Reset the resident-set high-water mark; the resident set now (KiB), or None."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return None
    return _status_kib("VmRSS")


@dataclasses.dataclass
class Result:
    """One case's runs, as a child reports them to the parent."""

    name: str
    table: str
    """Which printed table the case belongs to."""
    rows: int
    times: list[float] = dataclasses.field(default_factory=list)
    peak_mib: float | None = None
    note: str = ""

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(
    name: str, table: str, rows: int, run: Callable[[], T], sizes: Sizes
) -> tuple[Result, T]:
    """Run ``run`` up to ``sizes.repeat`` times; its timings and the last value it gave."""
    result = Result(name=name, table=table, rows=rows)
    peaks: list[int] = []
    spent = 0.0
    while True:
        gc.collect()
        before = _reset_peak()
        start = time.perf_counter()
        value = run()
        elapsed = time.perf_counter() - start
        after = _status_kib("VmHWM")
        if before is not None and after is not None:
            peaks.append(after - before)
        result.times.append(elapsed)
        spent += elapsed
        if len(result.times) >= sizes.repeat or spent >= sizes.budget:
            break
        del value  # free the last value before the next run
    if peaks:
        result.peak_mib = max(0, *peaks) / 1024
    return result, value


def report(result: Result) -> None:
    """Hand one result to the parent (a line on stdout)."""
    print(RESULT + json.dumps(result.__dict__), flush=True)


# ---------------------------------------------------------------------------
# the hand-written polars code the counting layer is compared with

PAIR = ["contribution", "stakeholder"]
ACTIVITY = (
    "events",
    "contributions",
    "reactions",
    "agrees",
    "disagrees",
    "passes",
    "responses_received",
    "responses_given",
)
CONTRIBUTION_COUNTS = (
    "reactors",
    "agrees",
    "disagrees",
    "passes",
    "reaction_rows",
    "agree_rows",
    "disagree_rows",
    "responses",
)


def _latest(reactions: Any) -> Any:
    """Each pair's latest reaction, one row per pair with its ``value``.

    The fastest way found (faster than ``sort_by("at").last()``, ``max_by`` or a sort
    and ``unique``): one ``max`` of ``at`` in microseconds · 4 + ``value`` + 1, which
    also takes the greatest value of reactions at one instant, as the counting layer
    does. Values are -1, 0 and 1 and times are never null, as the schema says.
    """
    import polars as pl

    at = pl.col("at").dt.epoch("us")
    return (
        reactions.lazy()
        .group_by(PAIR)
        .agg((at * 4 + pl.col("value") + 1).max().alias("_key"), at.max().alias("_at"))
        .select(*PAIR, (pl.col("_key") - pl.col("_at") * 4 - 1).alias("value"))
    )


def hand_activity(tables: Any, engine: Engine = "streaming") -> Any:
    """:func:`ownership.metrics.activity` written directly in polars (no ``as_of``)."""
    import polars as pl

    value = pl.col("value")
    people = tables["stakeholders"].lazy().select(pl.col("id").alias("stakeholder"))
    participations = tables["participations"].lazy().filter(pl.col("role") != "invited")
    if engine == "streaming":  # n_unique per group is slow on the streaming engine
        took_part = (
            participations.select("stakeholder", "event")
            .unique()
            .group_by("stakeholder")
            .agg(pl.len().alias("events"))
        )
    else:
        took_part = participations.group_by("stakeholder").agg(
            pl.col("event").n_unique().alias("events")
        )
    contributions = tables["contributions"].lazy()
    authored = contributions.group_by(pl.col("author").alias("stakeholder")).agg(
        pl.len().alias("contributions")
    )
    votes = (
        _latest(tables["reactions"])
        .group_by("stakeholder")
        .agg(
            pl.len().alias("reactions"),
            (value == 1).sum().alias("agrees"),
            (value == -1).sum().alias("disagrees"),
            (value == 0).sum().alias("passes"),
        )
    )
    responses = tables["responses"].lazy()
    received = (
        responses.select("contribution")
        .join(
            contributions.select(
                pl.col("id").alias("contribution"), pl.col("author").alias("stakeholder")
            ),
            on="contribution",
        )
        .group_by("stakeholder")
        .agg(pl.len().alias("responses_received"))
    )
    given = (
        responses.filter(pl.col("responder").is_not_null())
        .group_by(pl.col("responder").alias("stakeholder"))
        .agg(pl.len().alias("responses_given"))
    )
    result = people
    for counts in (took_part, authored, votes, received, given):
        result = result.join(counts, on="stakeholder", how="left")
    return (
        result.select("stakeholder", pl.col(*ACTIVITY).fill_null(0).cast(pl.Int64))
        .sort("stakeholder")
        .collect(engine=engine)
    )


def hand_contribution_activity(tables: Any, engine: Engine = "streaming") -> Any:
    """:func:`ownership.metrics.contribution_activity` written directly in polars."""
    import polars as pl

    value = pl.col("value")
    latest = (
        _latest(tables["reactions"])
        .group_by("contribution")
        .agg(
            pl.len().alias("reactors"),
            (value == 1).sum().alias("agrees"),
            (value == -1).sum().alias("disagrees"),
            (value == 0).sum().alias("passes"),
        )
    )
    rows = (
        tables["reactions"]
        .lazy()
        .group_by("contribution")
        .agg(
            pl.len().alias("reaction_rows"),
            (value == 1).sum().alias("agree_rows"),
            (value == -1).sum().alias("disagree_rows"),
        )
    )
    responses = (
        tables["responses"]
        .lazy()
        .group_by("contribution")
        .agg(pl.len().alias("responses"), pl.col("at").min().alias("first_response_at"))
    )
    result = tables["contributions"].lazy().select(pl.col("id").alias("contribution"))
    for counts in (latest, rows, responses):
        result = result.join(counts, on="contribution", how="left")
    return (
        result.select(
            "contribution",
            pl.col(*CONTRIBUTION_COUNTS).fill_null(0).cast(pl.Int64),
            "first_response_at",
        )
        .sort("contribution")
        .collect(engine=engine)
    )


# ---------------------------------------------------------------------------
# the units: what one child process runs


@dataclasses.dataclass(frozen=True)
class Unit:
    """One case, as one child process runs it."""

    key: str
    """What the child is told to run, such as ``tables:10000:dumps``."""
    names: tuple[str, ...]
    """The names of the results it reports, which ``--only`` matches."""


TABLE_CASES = {
    "from_tables_pandas": "from_tables pandas",
    "from_tables_polars": "from_tables polars",
    "checks_pandas": "from_tables checks only, pandas",
    "checks_polars": "from_tables checks only, polars",
    "to_tables": "to_tables pandas",
    "dumps": "dumps",
    "loads": "loads",
}
FUNCTIONS = ("activity", "contribution_activity")


def _tables_size(n: int, sizes: Sizes) -> str:
    return f"{label(n)}×{sizes.tables_events}"


def _generate_size(sizes: Sizes) -> str:
    return f"{label(sizes.counting)}×{sizes.counting_events}"


def _hand_names(function: str, size: str) -> tuple[str, ...]:
    return tuple(f"{function} hand-written polars, {engine} {size}" for engine in ENGINES)


def units(sizes: Sizes) -> list[Unit]:
    """Every unit, in the order they run."""
    found = []
    for n in sizes.tables:
        size = _tables_size(n, sizes)
        for op, name in TABLE_CASES.items():
            found.append(Unit(f"tables:{n}:{op}", (f"{name} {size}",)))
    found.append(Unit("polis", (f"read_polis {POLIS.name}",)))
    size = _generate_size(sizes)
    found += [  # polars first: it leaves its tables to the counting units
        Unit(f"generate:{backend}", (f"generate {backend} {size}",))
        for backend in ("polars", "pandas")
    ]
    for function in FUNCTIONS:
        found.append(Unit(f"counting:{function}:polars", (f"{function} polars {size}",)))
        hand = _hand_names(function, size)
        found += [
            Unit(f"counting:{function}:{engine}", (name,))
            for engine, name in zip(ENGINES, hand, strict=True)
        ]
        found.append(Unit(f"counting:{function}:pandas", (f"{function} pandas {size}",)))
    return found


def _rows(tables: Any) -> int:
    return sum(len(frame) for frame in tables.values())


def _matches(name: str, only: Sequence[str]) -> bool:
    return not only or any(word.lower() in name.lower() for word in only)


def unit_tables(n: int, op: str, sizes: Sizes) -> Iterator[Result]:
    """Issue 2: to_tables, from_tables, dumps or loads on a process of ``n`` stakeholders."""
    from ownership.io import dumps, loads
    from ownership.synth import generate
    from ownership.tables import from_tables, to_tables

    name = f"{TABLE_CASES[op]} {_tables_size(n, sizes)}"
    tables = generate(
        stakeholders=n, seed=1, as_tables=True, events_per_stakeholder=sizes.tables_events
    )
    rows = _rows(tables)
    if op.startswith("checks"):  # the vectorised checks of from_tables, without building
        from ownership.tables import _Reader  # private: what from_tables runs first

        source = tables.to("polars") if op == "checks_polars" else tables

        def check() -> int:
            reader = _Reader(source)
            reader.check()
            return len(reader.problems)

        result, problems = measure(name, "tables", rows, check, sizes)
        assert problems == 0, name
        yield result
        return
    if op.startswith("from_tables"):
        source = tables.to("polars") if op == "from_tables_polars" else tables
        result, built = measure(name, "tables", rows, lambda: from_tables(source), sizes)
        assert len(built.stakeholders) == n, name
        assert sum(len(event.participations) for event in built.events) == len(
            tables["participations"]
        ), name
        yield result
        return
    process = from_tables(tables)
    del tables
    if op == "to_tables":
        result, frames = measure(name, "tables", rows, lambda: to_tables(process), sizes)
        assert _rows(frames) == rows, name
    elif op == "dumps":
        result, text = measure(name, "tables", rows, lambda: dumps(process), sizes)
        result.note = f"{len(text.encode()) / 2**20:.1f} MiB of JSON"
    else:
        text = dumps(process)
        result, loaded = measure(name, "tables", rows, lambda: loads(text), sizes)
        assert loaded == process, name
    yield result


def unit_polis(sizes: Sizes) -> Iterator[Result]:
    """Issue 3: read_polis on the larger Pol.is conversation."""
    from ownership.io import read_polis
    from ownership.tables import to_tables

    rows = 0
    for file in POLIS_FILES:
        with (POLIS / file).open(encoding="utf-8", newline="") as lines:
            rows += sum(1 for _ in csv.reader(lines)) - (file != "summary.csv")
    name = f"read_polis {POLIS.name}"
    result, process = measure(name, "polis", rows, lambda: read_polis(POLIS), sizes)
    result.note = f"{_rows(to_tables(process)):,} table rows"
    yield result


def _generate_kwargs(sizes: Sizes) -> dict[str, Any]:
    return {
        "stakeholders": sizes.counting,
        "seed": 1,
        "as_tables": True,
        "events_per_stakeholder": sizes.counting_events,
    }


def _cache(workdir: Path, sizes: Sizes) -> Path:
    return workdir / f"generated-{sizes.counting}x{sizes.counting_events}"


def _write_cache(tables: Any, folder: Path) -> None:
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.write_parquet(partial / f"{name}.parquet")
    partial.rename(folder)


def _read_cache(workdir: Path, sizes: Sizes) -> Any:
    """The generated process's tables on polars (generated and cached if not yet there)."""
    import polars as pl

    from ownership.synth import generate
    from ownership.tables import Tables

    folder = _cache(workdir, sizes)
    if not folder.exists():
        _write_cache(generate(**_generate_kwargs(sizes), backend="polars"), folder)
    return Tables({path.stem: pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))})


def unit_generate(
    backend: Literal["pandas", "polars"], sizes: Sizes, workdir: Path
) -> Iterator[Result]:
    """Issue 3: generate itself; on polars it leaves its tables for the counting units."""
    from ownership.synth import generate

    name = f"generate {backend} {_generate_size(sizes)}"
    run = functools.partial(generate, **_generate_kwargs(sizes), backend=backend)
    result, tables = measure(name, "generate", 0, run, sizes)
    result.rows = _rows(tables)
    counted = ("participations", "contributions", "reactions")
    result.note = ", ".join(f"{len(tables[key]):,} {key}" for key in counted)
    if backend == "polars" and not _cache(workdir, sizes).exists():
        _write_cache(tables, _cache(workdir, sizes))
    yield result


def unit_counting(function: str, variant: str, sizes: Sizes, workdir: Path) -> Iterator[Result]:
    """Issue 3: a count of the counting layer on polars or pandas, or the hand-written one.

    ``variant`` is ``polars``, ``pandas`` or an engine of the hand-written polars code.
    The counting layer's result is checked against the hand-written one: identical frames.
    """
    import polars as pl

    from ownership import metrics

    counts = getattr(metrics, function)
    hand = hand_activity if function == "activity" else hand_contribution_activity
    polars_tables = _read_cache(workdir, sizes)
    read = ("stakeholders", "participations", "contributions", "responses", "reactions")
    rows = sum(len(polars_tables[name]) for name in read)
    size = _generate_size(sizes)
    if variant in ENGINES:
        engine: Engine = "streaming" if variant == "streaming" else "in-memory"
        name = _hand_names(function, size)[ENGINES.index(engine)]
        yield measure(name, "counting", rows, lambda: hand(polars_tables, engine), sizes)[0]
        return
    name = f"{function} {variant} {size}"
    if variant == "polars":
        result, value = measure(name, "counting", rows, lambda: counts(polars_tables), sizes)
    else:
        pandas_tables = polars_tables.to("pandas")
        result, native = measure(name, "counting", rows, lambda: counts(pandas_tables), sizes)
        value = pl.from_pandas(native)
    # only now, so that the case runs in a process as fresh as the hand-written one's
    expected = hand(polars_tables)
    assert value.equals(expected), f"{name}: not the hand-written polars result"
    yield result


def run_unit(key: str, sizes: Sizes, workdir: Path) -> Iterator[Result]:
    """The results of the unit ``key`` (see :func:`units`)."""
    kind, *parts = key.split(":")
    if kind == "tables":
        return unit_tables(int(parts[0]), parts[1], sizes)
    if kind == "polis":
        return unit_polis(sizes)
    if kind == "generate":
        backend: Literal["pandas", "polars"] = "polars" if parts[0] == "polars" else "pandas"
        return unit_generate(backend, sizes, workdir)
    return unit_counting(parts[0], parts[1], sizes, workdir)


def child(keys: Sequence[str], sizes: Sizes, workdir: Path) -> None:
    """Run units one after the other and report each result on stdout."""
    for key in keys:
        for result in run_unit(key, sizes, workdir):
            report(result)


# ---------------------------------------------------------------------------
# the parent: run the units, print the tables


def _peak(result: Result) -> str:
    return "-" if result.peak_mib is None else f"{result.peak_mib:,.0f}"


def _rate(result: Result) -> str:
    return f"{result.rows / result.best:,.0f}" if result.rows else "-"


TITLES = {
    "tables": "Issue 2: tables and JSON (rows = rows of all the process's tables)",
    "polis": "Issue 3: read_polis (rows = records of the CSV files it reads)",
    "generate": "Issue 3: generate (rows = rows of all the tables generated)",
    "counting": (
        "Issue 3: the counting layer against hand-written polars (rows = rows of the tables read)"
    ),
}


def table(results: Sequence[Result]) -> str:
    """The results as an aligned text table."""
    header = ("case", "rows", "best s", "median s", "runs", "rows/s", "peak MiB", "note")
    body = [
        (
            result.name,
            f"{result.rows:,}",
            f"{result.best:.3f}",
            f"{result.median:.3f}",
            str(len(result.times)),
            _rate(result),
            _peak(result),
            result.note,
        )
        for result in results
    ]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]
    right = {1, 2, 3, 4, 5, 6}

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in body)])


def ratios(results: Sequence[Result]) -> None:
    """Note on each count of the counting layer its time over the fastest hand-written one."""
    for function in FUNCTIONS:
        mine = [result for result in results if result.name.startswith(f"{function} ")]
        hand = [result for result in mine if "hand-written" in result.name]
        if not hand:
            continue
        fastest = min(hand, key=lambda result: result.best)
        for result in mine:
            if result is fastest:
                result.note = "the fastest hand-written"
            elif result not in hand:
                result.note = f"{result.best / fastest.best:.2f}× the fastest hand-written"


def run_child(keys: Sequence[str], args: argparse.Namespace, workdir: Path) -> list[Result]:
    """Run units in a fresh child process; the results it reports."""
    command = [sys.executable, str(Path(__file__).resolve()), "--workdir", str(workdir)]
    command += ["--quick"] if args.quick else []
    command += [] if args.repeat is None else ["--repeat", str(args.repeat)]
    for key in keys:
        command += ["--child", key]
    print(f"... {', '.join(keys)}", file=sys.stderr, flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    results = []
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            result = Result(**json.loads(line[len(RESULT) :]))
            print(f"    {result.name}: {result.best:.3f} s", file=sys.stderr, flush=True)
            results.append(result)
        else:
            print(line, file=sys.stderr)
    if done.returncode != 0:
        raise SystemExit(f"benchmark {', '.join(keys)} failed (exit status {done.returncode})")
    return results


def machine() -> str:
    cores = os.cpu_count()
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"


def versions() -> str:
    import duckdb
    import narwhals
    import pandas
    import polars
    import pyarrow

    import ownership

    modules = (ownership, pandas, polars, pyarrow, narwhals, duckdb)
    return ", ".join(f"{module.__name__} {module.__version__}" for module in modules)


def parent(args: argparse.Namespace) -> None:
    """Run the units (each in its own process; with ``--quick`` all in one) and print."""
    sizes = QUICK if args.quick else FULL
    keys = [
        unit.key for unit in units(sizes) if any(_matches(name, args.only) for name in unit.names)
    ]
    batches = [keys] if args.quick else [[key] for key in keys]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ownership-benchmarks-") as folder:
        results = [result for batch in batches for result in run_child(batch, args, Path(folder))]
    ratios(results)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    quick = " (--quick: sizes too small for the figures to mean much)" if args.quick else ""
    print(f"ownership benchmarks, {stamp}{quick}")
    print(f"{machine()}; {versions()}")
    for key, title in TITLES.items():
        chosen = [result for result in results if result.table == key]
        if chosen:
            print(f"\n{title}\n\n{table(chosen)}")
    print(f"\n(took {time.perf_counter() - start:.0f} s)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run each")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only the cases whose name contains NAME (repeatable)",
    )
    parser.add_argument("--repeat", type=int, default=None, help="runs per case (at most)")
    parser.add_argument("--child", action="append", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        sizes = QUICK if args.quick else FULL
        if args.repeat is not None:
            sizes = dataclasses.replace(sizes, repeat=args.repeat)
        child(args.child, sizes, args.workdir)
    else:
        parent(args)


if __name__ == "__main__":
    main()
