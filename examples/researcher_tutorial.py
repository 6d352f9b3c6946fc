"""A researcher's tour: a real Pol.is conversation, counted with pandas and with polars, plotted.

The conversation is "london.youth.policing" (2022: how to engage more young people in local
scrutiny of policing?), one of the two open-data exports in ``tests/data/polis/``:

    Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed
    under CC BY 4.0 with Attribution to The Computational Democracy Project.
    https://compdemocracy.org/case-studies/2022-london-youth-policing

The script reads the export (:func:`ownership.io.read_polis`), turns it into tables
(:func:`ownership.to_tables`), computes participation per opinion group and the
group-informed consensus of every comment twice — by hand with pandas, and by hand with
polars — and checks that both give the same numbers as each other and as the counting layer
(:func:`ownership.metrics.consensus`). Then it asks the library: :func:`ownership.assess` and
a few metric functions of :mod:`ownership.metrics`. Last, a figure drawn with matplotlib's
object-oriented API and a ready-made one of :mod:`ownership.report.plots`, saved as PNG files
in a temporary folder.

The documentation's researcher tutorial walks through it; run it with
``python examples/researcher_tutorial.py``. It needs polars and matplotlib
(``pip install 'ownership[polars,plot]'``).
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
from matplotlib.figure import Figure

from ownership import AssessmentConfig, Tables, assess, to_tables
from ownership.io import read_polis
from ownership.metrics import activity, consensus, dialogue, direction, participation
from ownership.report import plots

EXPORT = Path(__file__).resolve().parents[1] / "tests" / "data" / "polis" / "london.youth.policing"
GROUPS = "attribute:opinion_group"
"""Group people by the opinion group Pol.is put them in (``read_polis`` keeps it)."""


def heading(text: str) -> None:
    print(f"\n{text}\n{'-' * len(text)}")


# [pandas-participation]
def participation_pandas(tables: Tables[pd.DataFrame]) -> pd.DataFrame:
    """Per opinion group: participants, how many voted and commented, and votes per voter."""
    people = activity(tables)  # one row per participant: what each of them did
    groups = tables.stakeholder_attributes.query("key == 'opinion_group'")
    people = people.merge(
        groups[["stakeholder", "value"]].rename(columns={"value": "group"}),
        on="stakeholder",
        how="left",
    ).fillna({"group": "none"})
    people["votes"] = people["agrees"] + people["disagrees"] + people["passes"]
    return (
        people.groupby("group")
        .agg(
            participants=("stakeholder", "size"),
            voters=("reactions", lambda r: int((r > 0).sum())),
            commenters=("contributions", lambda c: int((c > 0).sum())),
            votes=("votes", "sum"),
        )
        .reset_index()
        .sort_values("group", ignore_index=True)
    )


# [/pandas-participation]


# [pandas-consensus]
def consensus_pandas(tables: Tables[pd.DataFrame]) -> pd.DataFrame:
    """Group-informed consensus of every comment: the product over groups of (a+1)/(n+2)."""
    reactions = tables.reactions.sort_values("at", kind="stable")
    latest = reactions.drop_duplicates(["contribution", "stakeholder"], keep="last")
    groups = tables.stakeholder_attributes.query("key == 'opinion_group'")
    groups = groups[["stakeholder", "value"]].rename(columns={"value": "group"})
    votes = (
        latest.merge(groups, on="stakeholder")  # people in no group do not count
        .assign(agree=lambda frame: frame["value"] == 1)
        .groupby(["contribution", "group"])
        .agg(agrees=("agree", "sum"), votes=("value", "size"))
    )
    every = pd.MultiIndex.from_product(
        [tables.contributions["id"], sorted(groups["group"].unique())],
        names=["contribution", "group"],
    )
    votes = votes.reindex(every, fill_value=0)  # a group that never voted counts 1/2
    factor = (votes["agrees"] + 1) / (votes["votes"] + 2)
    return (
        factor.groupby("contribution")
        .prod()
        .rename("consensus")
        .reset_index()
        .sort_values("contribution", ignore_index=True)
    )


# [/pandas-consensus]


# [polars]
def participation_polars(tables: Tables[pl.DataFrame]) -> pl.DataFrame:
    """The same table as :func:`participation_pandas`, with polars expressions."""
    groups = tables.stakeholder_attributes.filter(pl.col("key") == "opinion_group").select(
        "stakeholder", pl.col("value").alias("group")
    )
    return (
        activity(tables)  # polars tables in, a polars frame out
        .join(groups, on="stakeholder", how="left")
        .with_columns(pl.col("group").fill_null("none"))
        .group_by("group")
        .agg(
            participants=pl.len(),
            voters=(pl.col("reactions") > 0).sum(),
            commenters=(pl.col("contributions") > 0).sum(),
            votes=(pl.col("agrees") + pl.col("disagrees") + pl.col("passes")).sum(),
        )
        .sort("group")
    )


def consensus_polars(tables: Tables[pl.DataFrame]) -> pl.DataFrame:
    """The same consensus as :func:`consensus_pandas`, with polars expressions."""
    latest = (
        tables.reactions.sort("at", maintain_order=True)
        .group_by("contribution", "stakeholder", maintain_order=True)
        .last()
    )
    groups = tables.stakeholder_attributes.filter(pl.col("key") == "opinion_group").select(
        "stakeholder", pl.col("value").alias("group")
    )
    votes = (
        latest.join(groups, on="stakeholder")
        .group_by("contribution", "group")
        .agg(agrees=(pl.col("value") == 1).sum(), votes=pl.len())
    )
    every = tables.contributions.select(pl.col("id").alias("contribution")).join(
        groups.select("group").unique(), how="cross"
    )
    return (
        every.join(votes, on=["contribution", "group"], how="left")
        .fill_null(0)
        .group_by("contribution")
        .agg(consensus=((pl.col("agrees") + 1) / (pl.col("votes") + 2)).product())
        .sort("contribution")
    )


# [/polars]


def main() -> None:
    # [read]
    process = read_polis(EXPORT)
    tables = to_tables(process)  # pandas frames, one per table
    tables_pl = to_tables(process, backend="polars")  # the same tables as polars frames
    # [/read]
    conversation = process.events[0]
    print(f'Pol.is conversation "{conversation.title}" ({conversation.id})')
    print(
        f"  {len(process.stakeholders)} participants, {len(process.contributions)} comments, "
        f"{len(process.reactions)} votes, {conversation.start:%Y-%m-%d} to "
        f"{conversation.end:%Y-%m-%d}"
    )
    print("  Data: The Computational Democracy Project, CC BY 4.0 (tests/data/polis/README.md)")

    heading("Participation per opinion group (pandas)")
    by_group = participation_pandas(tables)
    print(textwrap.indent(by_group.to_string(index=False), "  "))

    # [same-numbers]
    same = participation_polars(tables_pl).to_pandas()
    pd.testing.assert_frame_equal(by_group, same, check_dtype=False)

    mine = consensus_pandas(tables)
    theirs = consensus_polars(tables_pl).to_pandas()
    library = consensus(tables, by=GROUPS)  # the counting layer of ownership.metrics
    assert mine["contribution"].tolist() == theirs["contribution"].tolist()
    assert mine["contribution"].tolist() == library["contribution"].tolist()
    np.testing.assert_allclose(mine["consensus"], theirs["consensus"], rtol=1e-12)
    np.testing.assert_allclose(mine["consensus"], library["consensus"], rtol=1e-12)
    # [/same-numbers]
    print("  polars gives the same table")

    heading("Group-informed consensus: the comments every group agrees with most")
    texts = tables.contributions[["id", "text"]].rename(columns={"id": "contribution"})
    top = mine.merge(texts, on="contribution").nlargest(5, "consensus")
    for row in top.itertuples(index=False):  # five lines, to print
        text = textwrap.shorten(str(row.text), width=70, placeholder=" …")
        print(f"  {row.consensus:.3f}  #{row.contribution:<3} {text}")
    print(
        f"  pandas, polars and ownership.metrics.consensus agree on all {len(mine)} comments "
        "(to 1e-12)"
    )

    # [assess]
    config = AssessmentConfig(consensus_groups=GROUPS)
    result = assess(process, config=config)
    # [/assess]
    heading(f"The library's assessment, as of {result.as_of:%Y-%m-%d}")
    routes = ", ".join(
        f"{name} {'–' if value is None else f'{value:.2f}'}"
        for name, value in result.routes.items()
    )
    print(f"  ownership index {result.index:.2f} ({routes})")
    for name, score in result.dimensions.items():
        value = "  –  " if score.value is None else f"{score.value:.2f}"
        print(f"  {name.replace('_', ' '):<18} {value}")
    print("  findings: " + ", ".join(finding.code for finding in result.findings))

    # [metrics]
    reach = participation.reach(tables)
    voice = dialogue.voice(tables, by=GROUPS)
    shared = direction.shared_direction(tables, by_groups=GROUPS)
    # [/metrics]
    heading("Metric functions of ownership.metrics")
    reached, people = reach["reached"].iloc[0], reach["people"].iloc[0]
    print(f"  reach: {reach['value'].iloc[0]:.2f} ({reached} of {people} people took part)")
    print("  voice per opinion group (groups under 5 people are withheld):")
    shown = voice[["opinion_group", "size", "value", "suppressed"]]
    print(textwrap.indent(shown.to_string(index=False), "    "))
    agreed = float(shared["value"].iloc[0])
    print(f"  shared direction: {agreed:.3f} of the comments with a vote")

    # [check-shared-direction]
    groups = int(library["groups"].iloc[0])
    voted = mine[library["votes"] > 0]
    by_hand = float((voted["consensus"] ** (1 / groups) > config.consensus_threshold).mean())
    assert abs(by_hand - agreed) < 1e-12, (by_hand, agreed)
    # [/check-shared-direction]
    print(f"  by hand: the share whose consensus^(1/{groups}) > 0.6 is {by_hand:.3f} too")

    # [plot]
    figure = Figure(figsize=(10, 4), layout="constrained")
    left, right = figure.subplots(1, 2)
    x = np.arange(len(by_group))
    for offset, column in zip(
        (-0.25, 0, 0.25), ("participants", "voters", "commenters"), strict=True
    ):
        left.bar(x + offset, by_group[column], width=0.25, label=column)
    left.set_xticks(x, by_group["group"])
    left.set_xlabel("opinion group")
    left.set_ylabel("people")
    left.set_title("Who took part")
    left.legend()
    ranked = mine.sort_values("consensus", ascending=False, ignore_index=True)
    right.bar(ranked.index, ranked["consensus"] ** (1 / groups), color="tab:green")
    right.axhline(config.consensus_threshold, color="black", linewidth=1, linestyle="--")
    right.set_xlabel("comments, most shared first")
    right.set_ylabel("consensus per group (geometric mean)")
    right.set_title("What every group agrees with")
    figure.suptitle(f"{conversation.title}\nData: The Computational Democracy Project, CC BY 4.0")
    folder = Path(tempfile.mkdtemp(prefix="ownership-tutorial-"))
    figure.savefig(folder / "polis.png", dpi=100)
    # [/plot]
    # [ready-made]
    plots.dimensions(result).savefig(folder / "dimensions.png", dpi=100)
    # [/ready-made]
    print(f"\nThe figures polis.png and dimensions.png are in {folder}")


if __name__ == "__main__":
    main()
