"""The benchmark runner still runs: ``tests/benchmarks/run.py --quick`` on tiny sizes.

Not a timed test: it only checks that every case runs, that the counting layer and
``assess`` still agree with the hand-written polars code (the runner asserts it), and
that the tables are printed. The benchmarks themselves are run by hand (see
tests/benchmarks/README.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "benchmarks" / "run.py"


def test_quick_run_prints_every_table() -> None:
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for title in ("Issue 2: tables and JSON", "Issue 3: read_polis", "Issue 3: generate"):
        assert title in out
    tables_cases = (
        "from_tables pandas",
        "from_tables polars",
        "from_tables checks only, pandas",
        "from_tables checks only, polars",
        "to_tables pandas",
        "dumps",
        "loads",
    )
    for case in tables_cases:
        assert f"\n{case} 200×10 " in out
    assert "read_polis bg2050-volunteers" in out
    for function in ("activity", "contribution_activity"):
        assert f"\n{function} polars 1k×10 " in out
        assert f"\n{function} pandas 1k×10 " in out
        assert f"\n{function} hand-written polars, streaming 1k×10 " in out
    assert out.count("× the fastest hand-written") == 4
    assert "assess and timeline against hand-written polars" in out
    for case in ("assess polars", "hand assess polars", "assess pandas", "timeline polars"):
        assert f"\n{case} 1k×10, 3 months " in out
    assert out.count("× hand assess polars") == 4  # polars, pandas, pandas itself, with frames
    assert " points, " in out
    assert "× assess polars" in out  # the timeline over one assess


def test_only_runs_the_cases_named() -> None:
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--only", "read_polis"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "read_polis bg2050-volunteers" in done.stdout
    assert "Issue 2" not in done.stdout
    assert "generate" not in done.stdout
