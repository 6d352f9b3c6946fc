"""Read a real Pol.is conversation and recompute the figures of its own export.

The conversation is "bg2050-volunteers" (2024: what should Bowling Green be like in 2050?), one
of the open-data exports in ``tests/data/polis/``. Data was gathered using the Polis software
(compdemocracy.org/polis) and is sub-licensed under CC BY 4.0 with Attribution to The
Computational Democracy Project (see ``tests/data/polis/README.md``).

:func:`ownership.io.read_polis` turns the export into a process; the counting layer of
:mod:`ownership.metrics` then gives back the export's summary figures and each comment's
group-informed consensus, first with pandas, then (if it is installed) with polars.

Run it with ``python examples/polis_counts.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import textwrap
from pathlib import Path

import pandas as pd

from ownership import StrategyProcess, Tables
from ownership.io import read_polis
from ownership.metrics import activity, consensus, contribution_activity
from ownership.tables import to_tables

EXPORT = Path(__file__).resolve().parents[1] / "tests" / "data" / "polis" / "bg2050-volunteers"
FIGURES = ("voters", "commenters", "comments", "groups")
GROUPS = "attribute:opinion_group"
"""Group stakeholders by the opinion group Pol.is put them in (read_polis keeps it)."""


def exported_summary() -> dict[str, str]:
    """The key,value rows of the export's summary.csv."""
    with (EXPORT / "summary.csv").open(newline="", encoding="utf-8") as file:
        return {row[0]: row[1] for row in csv.reader(file) if len(row) > 1}


def figures_with_pandas(tables: Tables[pd.DataFrame]) -> dict[str, int]:
    people = activity(tables)
    comments = contribution_activity(tables)
    shared = consensus(tables, by=GROUPS)
    return {
        "voters": int((people["reactions"] > 0).sum()),
        "commenters": int((people["contributions"] > 0).sum()),
        "comments": int((comments["reactors"] > 0).sum()),  # comments someone voted on
        "groups": int(shared["groups"].iloc[0]),
    }


def figures_with_polars(process: StrategyProcess) -> dict[str, int]:
    import polars as pl

    tables = to_tables(process, backend="polars")
    people = activity(tables)
    comments = contribution_activity(tables)
    shared = consensus(tables, by=GROUPS)
    row = people.select(
        voters=(pl.col("reactions") > 0).sum(), commenters=(pl.col("contributions") > 0).sum()
    ).row(0, named=True)
    return {
        "voters": int(row["voters"]),
        "commenters": int(row["commenters"]),
        "comments": int(comments.filter(pl.col("reactors") > 0).height),
        "groups": int(shared["groups"][0]),
    }


def show(columns: dict[str, dict[str, int] | dict[str, str]]) -> None:
    print("  " + "".join(f"{name:>10}" for name in ["", *columns]))
    for key in FIGURES:
        print("  " + f"{key:>10}" + "".join(f"{c[key]!s:>10}" for c in columns.values()))


def main() -> None:
    process = read_polis(EXPORT)
    tables = to_tables(process)
    summary = exported_summary()
    print(f'Pol.is conversation "{process.events[0].title}" ({process.events[0].id})')
    print(
        f"  {len(process.stakeholders)} participants, {len(process.contributions)} comments, "
        f"{len(process.reactions)} votes, from {process.events[0].start:%Y-%m-%d} "
        f"to {process.events[0].end:%Y-%m-%d}"
    )
    columns: dict[str, dict[str, int] | dict[str, str]] = {"export": summary}
    columns["pandas"] = figures_with_pandas(tables)
    if importlib.util.find_spec("polars") is not None:
        columns["polars"] = figures_with_polars(process)
    print("\nThe summary figures of the export (summary.csv), recomputed:")
    show(columns)
    if "polars" not in columns:
        print("  (polars is not installed: skipped)")
    same = all(str(c[key]) == summary[key] for c in columns.values() for key in FIGURES)
    print("  every figure is the export's own" if same else "  DIFFERENT from the export")

    # group-informed consensus per comment, against the export's own column
    shared = consensus(tables, by=GROUPS)
    exported = pd.read_csv(
        EXPORT / "comments.csv", usecols=["comment-id", "group-informed-consensus"]
    )
    exported["contribution"] = exported["comment-id"].astype(str)
    both = shared.merge(exported, on="contribution")
    gap = (both["consensus"] - both["group-informed-consensus"]).abs().max()
    print(
        f"\nGroup-informed consensus of all {len(both)} comments: largest difference from "
        f"the export {gap:.1e}"
    )

    texts = tables.contributions[["id", "text"]].rename(columns={"id": "contribution"})
    top = both.merge(texts, on="contribution").nlargest(5, "consensus")
    print("The comments every opinion group agrees with most:")
    for row in top.itertuples(index=False):  # five lines, to print
        text = textwrap.shorten(str(row.text), width=72, placeholder=" …")
        print(f"  {row.consensus:.3f}  #{row.contribution:<4} {text}")
    print("\nData: The Computational Democracy Project, CC BY 4.0 (tests/data/polis/README.md).")


if __name__ == "__main__":
    main()
