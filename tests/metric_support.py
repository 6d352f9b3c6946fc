"""What the metric tests share: each backend's tables and results read back as pandas."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import pandas as pd
import polars as pl
import pyarrow as pa

from ownership import StrategyProcess
from ownership.tables import Tables, to_tables

BACKENDS = ("pandas", "polars", "pyarrow", "duckdb")
NATIVE: Mapping[str, type] = {
    "pandas": pd.DataFrame,
    "polars": pl.DataFrame,
    "pyarrow": pa.Table,
    "duckdb": duckdb.DuckDBPyRelation,
}


def tables_in(process: StrategyProcess | Tables[Any], backend: str) -> Mapping[str, Any]:
    """The process's tables in ``backend``; DuckDB gets lazy relations."""
    tables = process if isinstance(process, Tables) else to_tables(process)
    if backend == "pandas":
        return tables if tables.backend == "pandas" else tables.to("pandas")
    if backend == "duckdb":
        arrow = tables.to("pyarrow")
        return {name: duckdb.from_arrow(frame) for name, frame in arrow.items()}
    return tables.to(backend)


def as_pandas(frame: Any, backend: str) -> pd.DataFrame:
    """A result as pandas, after checking that it is of the caller's kind."""
    kind: type = NATIVE[backend]
    assert isinstance(frame, kind), type(frame)
    native: Any = frame
    result = nw.from_native(native)
    eager = result.collect() if isinstance(result, nw.LazyFrame) else result
    out: pd.DataFrame = eager.to_pandas()
    return out


def measured(
    function: Callable[..., Any],
    process: StrategyProcess | Tables[Any],
    backend: str = "pandas",
    **options: Any,
) -> pd.DataFrame:
    """``function`` run on the process's tables in ``backend``, read back as pandas."""
    return as_pandas(function(tables_in(process, backend), **options), backend)


def value(
    function: Callable[..., Any],
    process: StrategyProcess | Tables[Any],
    backend: str = "pandas",
    **options: Any,
) -> float | None:
    """The single ``value`` of an ungrouped result (None when it is null)."""
    frame = measured(function, process, backend, **options)
    assert len(frame) == 1, frame
    got = frame["value"].iloc[0]
    return None if pd.isna(got) else float(got)
