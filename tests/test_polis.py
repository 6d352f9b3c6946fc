"""The Pol.is importer: the mapping onto the model, both export layouts, malformed exports.

The figures the counting layer reproduces from these conversations are tested in
``test_counting.py``; here we test what the importer builds and what it refuses.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest

from ownership import (
    ContributionKind,
    EventKind,
    Level,
    ParticipationRole,
    Reaction,
    StrategyProcess,
)
from ownership.errors import SchemaError, ValidationError
from ownership.io._polis import read_polis
from ownership.tables import from_tables, to_tables

POLIS = Path(__file__).parent / "data" / "polis"
LONDON = POLIS / "london.youth.policing"
BG2050 = POLIS / "bg2050-volunteers"


@functools.cache
def imported(folder: Path) -> StrategyProcess:
    return read_polis(folder)


def ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, UTC)


# ---------------------------------------------------------------------------
# the mapping


@pytest.mark.parametrize(
    ("folder", "people", "comments", "votes"),
    [(LONDON, 27, 39, 640), (BG2050, 126, 371, 14_341)],
)
def test_sizes(folder: Path, people: int, comments: int, votes: int) -> None:
    process = imported(folder)
    assert len(process.units) == len(process.events) == 1
    assert len(process.stakeholders) == people  # london: 26 voters and the owner, who never voted
    assert len(process.contributions) == comments
    assert len(process.reactions) == votes
    assert process.responses == ()  # Pol.is records none; none are made up


def test_the_conversation_is_one_unit_and_one_event() -> None:
    process = imported(BG2050)
    (unit,) = process.units
    (event,) = process.events
    assert unit.id == event.id == "3nemnipcrc"  # from the url in summary.csv
    assert event.title == "Together, we'll build the BG of 2050."
    assert event.kind is EventKind.DIGITAL_PLATFORM
    assert event.level is Level.CONSULT
    assert event.organiser is None
    comments = pd.read_csv(BG2050 / "comments.csv")
    votes = pd.read_csv(BG2050 / "votes.csv")
    first = min(comments["timestamp"].min(), votes["timestamp"].min())
    last = max(comments["timestamp"].max(), votes["timestamp"].max())
    assert (event.start, event.end) == (ms(first), ms(last))
    assert [p.stakeholder for p in event.participations] == [s.id for s in process.stakeholders]
    assert {p.role for p in event.participations} == {ParticipationRole.PARTICIPANT}
    assert {s.unit for s in process.stakeholders} == {unit.id}


def test_participants() -> None:
    process = imported(LONDON)
    by_id = {s.id: s for s in process.stakeholders}
    assert list(by_id) == sorted(by_id, key=int)
    owner = by_id["0"]  # wrote the seed comments, never voted: no row, no group
    assert dict(owner.attributes) == {}
    assert owner.name == "participant 0"
    assert owner.joined is None  # not guessed from the first activity
    groups = pd.read_csv(LONDON / "participants-votes.csv", usecols=["participant", "group-id"])
    for participant, group in groups.itertuples(index=False):
        expected = {} if pd.isna(group) else {"opinion_group": str(int(group))}
        assert dict(by_id[str(participant)].attributes) == expected
    assert {s.attributes.get("opinion_group") for s in process.stakeholders} == {
        None,
        "0",
        "1",
        "2",
    }


def test_old_layout_comments() -> None:
    process = imported(LONDON)
    exported = pd.read_csv(LONDON / "comments.csv").set_index("comment-id")
    assert [c.id for c in process.contributions] == [str(i) for i in sorted(exported.index)]
    for c in process.contributions:
        row: Any = exported.loc[int(c.id)]
        assert c.kind is ContributionKind.COMMENT
        assert c.event == "9xxwa9jpkm"
        assert c.author == str(row["author-id"])
        assert c.text == row["comment-body"]
        assert c.at == ms(int(row["timestamp"]))
        assert dict(c.attributes) == {"polis.moderated": str(row["moderated"])}
    rejected = [c.id for c in process.contributions if c.attributes["polis.moderated"] == "-1"]
    assert len(rejected) == 3


def test_new_layout_flags() -> None:
    process = imported(BG2050)
    exported = pd.read_csv(BG2050 / "comments.csv").set_index("comment-id")
    for c in process.contributions:
        row = exported.loc[int(c.id)]
        assert dict(c.attributes) == {
            "polis.moderated": str(row["moderated"]),
            "polis.is_seed": str(row["is-seed"]).lower(),
            "polis.is_meta": str(row["is-meta"]).lower(),
        }
        assert c.text == row["comment-body"]  # a trailing newline is kept
    seeds = sum(c.attributes["polis.is_seed"] == "true" for c in process.contributions)
    assert seeds == int(exported["is-seed"].sum()) > 0


@pytest.mark.parametrize("folder", [LONDON, BG2050])
def test_every_vote_row_is_a_reaction(folder: Path) -> None:
    process = imported(folder)
    votes = pd.read_csv(folder / "votes.csv")
    ours = sorted((r.at, r.contribution, r.stakeholder, r.value) for r in process.reactions)
    theirs = sorted(
        (ms(t), str(c), str(v), int(x))
        for t, c, v, x in votes[["timestamp", "comment-id", "voter-id", "vote"]].itertuples(
            index=False
        )
    )
    assert ours == theirs  # history kept, values as exported
    pairs = {(r.contribution, r.stakeholder) for r in process.reactions}
    assert len(pairs) < len(process.reactions)  # some voted twice on one comment


def test_reactions_are_what_the_checked_constructor_makes() -> None:
    # the importer builds reactions without their per-object checks; they must pass them
    for reaction in imported(BG2050).reactions:
        assert Reaction(**attrs.asdict(reaction)) == reaction


@pytest.mark.parametrize("folder", [LONDON, BG2050])
def test_tables_round_trip(folder: Path) -> None:
    process = imported(folder)
    assert from_tables(to_tables(process)) == process


# ---------------------------------------------------------------------------
# other exports of the same exporter


def export(tmp_path: Path, source: Path = LONDON) -> Path:
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    for file in folder.iterdir():
        file.chmod(0o644)
    return folder


def edit(folder: Path, file: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    change(frame).to_csv(folder / file, index=False)


def test_comments_without_timestamps_have_no_time(tmp_path: Path) -> None:
    folder = export(tmp_path)
    edit(folder, "comments.csv", lambda f: f.drop(columns=["timestamp", "datetime"]))
    process = read_polis(folder)
    assert {c.at for c in process.contributions} == {None}
    votes = pd.read_csv(folder / "votes.csv")
    event = process.events[0]
    assert (event.start, event.end) == (ms(votes["timestamp"].min()), ms(votes["timestamp"].max()))


def test_blank_comment_timestamps_stay_unknown(tmp_path: Path) -> None:
    folder = export(tmp_path)
    edit(folder, "comments.csv", lambda f: f.assign(timestamp=["", *f["timestamp"][1:]]))
    process = read_polis(folder)
    first = pd.read_csv(folder / "comments.csv", dtype=str)["comment-id"][0]
    assert next(c for c in process.contributions if c.id == first).at is None


def test_votes_before_their_comment_are_real_data(tmp_path: Path) -> None:
    folder = export(tmp_path)

    def earlier(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[0, "timestamp"] = "1000000000000"  # 2001: before every comment
        return frame

    edit(folder, "votes.csv", earlier)
    process = read_polis(folder)
    assert process.events[0].start == ms(1_000_000_000_000)
    assert min(r.at for r in process.reactions) == ms(1_000_000_000_000)


def test_extra_and_reordered_columns_are_fine(tmp_path: Path) -> None:
    folder = export(tmp_path)
    edit(folder, "votes.csv", lambda f: f.assign(extra="x")[["vote", "extra", *f.columns[:-1]]])
    edit(folder, "comments.csv", lambda f: f.assign(**{"is-meta": "False", "lang": "en"}))
    process = read_polis(folder)
    assert len(process.reactions) == 640
    assert {c.attributes["polis.is_meta"] for c in process.contributions} == {"false"}


def test_a_summary_without_topic_or_url(tmp_path: Path) -> None:
    folder = export(tmp_path)
    (folder / "summary.csv").write_text("views,27\n")
    event = read_polis(folder).events[0]
    assert event.title == ""
    assert event.id == "london.youth.policing"  # the folder's name


@pytest.mark.parametrize(
    "text",
    [
        "views\n",
        'topic,"Our IT strategy, 2030",extra\nurl\n',
        'conversation-description,"two\nlines"\ntopic,Our IT strategy, 2030\n',
    ],
)
def test_summaries_of_any_shape(tmp_path: Path, text: str) -> None:
    folder = export(tmp_path)
    (folder / "summary.csv").write_text(text)
    title = read_polis(folder).events[0].title
    assert title in {"", "Our IT strategy, 2030", "Our IT strategy"}


def test_participants_who_never_voted_nor_wrote(tmp_path: Path) -> None:
    folder = export(tmp_path)
    with (folder / "participants-votes.csv").open("a") as file:
        file.write("999,abc,,0,0,0,0\n")
    process = read_polis(folder)
    (late,) = [s for s in process.stakeholders if s.id == "999"]
    assert dict(late.attributes) == {"polis.xid": "abc"}


# ---------------------------------------------------------------------------
# malformed exports


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        read_polis(folder)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    "file", ["summary.csv", "comments.csv", "votes.csv", "participants-votes.csv"]
)
def test_missing_file(tmp_path: Path, file: str) -> None:
    folder = export(tmp_path)
    (folder / file).unlink()
    with pytest.raises(SchemaError) as caught:
        read_polis(folder)
    (problem,) = caught.value.problems
    assert problem.path == file
    assert problem.message.startswith("missing file")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        read_polis(tmp_path / "nowhere")
    assert len(caught.value.problems) == 4


def test_missing_columns(tmp_path: Path) -> None:
    folder = export(tmp_path)
    edit(folder, "votes.csv", lambda f: f.rename(columns={"voter-id": "voterid"}))
    edit(folder, "comments.csv", lambda f: f.drop(columns=["author-id"]))
    with pytest.raises(SchemaError) as caught:
        read_polis(folder)
    assert [str(p) for p in caught.value.problems] == [
        "comments.csv: missing column 'author-id'",
        "votes.csv: missing column 'voter-id' (did you mean 'voterid'?)",
    ]


def test_non_numeric_ids_and_bad_values(tmp_path: Path) -> None:
    folder = export(tmp_path)

    def spoil_votes(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[17, "comment-id"] = "seventeen"
        frame.loc[18, "voter-id"] = "1.5"
        frame.loc[19, "vote"] = "2"
        frame.loc[20, "timestamp"] = "yesterday"
        return frame

    def spoil_comments(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[3, "author-id"] = "anna"
        frame.loc[4, "moderated"] = "5"
        return frame

    edit(folder, "votes.csv", spoil_votes)
    edit(folder, "comments.csv", spoil_comments)
    edit(
        folder,
        "participants-votes.csv",
        lambda f: f.assign(**{"group-id": ["x", *f["group-id"][1:]]}),
    )
    assert problems_of(folder) == [
        "comments.csv[3].author-id: not a participant id (a whole number): 'anna'",
        "comments.csv[4].moderated: not a moderation state "
        "(-1 rejected, 0 not moderated, 1 accepted): 5",
        "votes.csv[17].comment-id: not a comment id (a whole number): 'seventeen'",
        "votes.csv[18].voter-id: not a participant id (a whole number): '1.5'",
        "votes.csv[19].vote: not a vote (1 agree, 0 pass, -1 disagree): 2",
        "votes.csv[20].timestamp: not a timestamp (milliseconds since the epoch): 'yesterday'",
        "participants-votes.csv[0].group-id: not an opinion group (a whole number): 'x'",
    ]


def test_vote_on_an_unknown_comment(tmp_path: Path) -> None:
    folder = export(tmp_path)

    def unknown(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[5, "comment-id"] = "404"
        return frame

    edit(folder, "votes.csv", unknown)
    assert problems_of(folder) == [
        "votes.csv[5].comment-id: unknown comment 404 (not in comments.csv)"
    ]


def test_truncated_row(tmp_path: Path) -> None:
    folder = export(tmp_path)
    text = (folder / "votes.csv").read_text()
    (folder / "votes.csv").write_text(text.rstrip("\n").rsplit(",", 2)[0] + "\n")
    assert problems_of(folder) == [
        "votes.csv[639].voter-id: missing value (is the row cut short?)",
        "votes.csv[639].vote: missing value (is the row cut short?)",
    ]


def test_rows_with_more_fields_than_the_header(tmp_path: Path) -> None:
    """An unquoted comma in a text must not cut the text silently: every such row is named."""
    folder = export(tmp_path)
    lines = (folder / "votes.csv").read_text().splitlines()
    fields = len(lines[0].split(","))
    lines[3] += ",1"
    lines[8] += ",1,2"
    (folder / "votes.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(SchemaError) as caught:
        read_polis(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"votes.csv[2]: has {fields + 1} fields, but the header has {fields} (line 4)",
        f"votes.csv[7]: has {fields + 2} fields, but the header has {fields} (line 9)",
    ]


def test_file_cut_inside_a_quoted_text(tmp_path: Path) -> None:
    folder = export(tmp_path)
    text = (folder / "comments.csv").read_text()
    (folder / "comments.csv").write_text(text[: text.rindex('"') - 3])
    with pytest.raises(SchemaError) as caught:
        read_polis(folder)
    (problem,) = caught.value.problems
    assert problem.path == "comments.csv"
    assert "not a readable CSV file" in problem.message


def test_duplicate_comment_and_participant(tmp_path: Path) -> None:
    folder = export(tmp_path)
    edit(folder, "comments.csv", lambda f: pd.concat([f, f.iloc[[2]]], ignore_index=True))
    edit(folder, "participants-votes.csv", lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True))
    comment = pd.read_csv(LONDON / "comments.csv")["comment-id"][2]
    assert problems_of(folder) == [
        f"comments.csv[39].comment-id: duplicate comment {comment} (first at comments.csv[2])",
        "participants-votes.csv[26].participant: duplicate participant 1 "
        "(first at participants-votes.csv[0])",
    ]


def test_contradicting_votes_at_one_instant(tmp_path: Path) -> None:
    folder = export(tmp_path)

    def contradict(frame: pd.DataFrame) -> pd.DataFrame:
        clash = frame.iloc[[0]].assign(vote="1" if frame.loc[0, "vote"] != "1" else "-1")
        return pd.concat([frame, clash], ignore_index=True)

    edit(folder, "votes.csv", contradict)
    (problem,) = problems_of(folder)
    assert problem.startswith("votes.csv[640].vote: ")
    assert "contradicts votes.csv[0]" in problem


def test_an_empty_file(tmp_path: Path) -> None:
    folder = export(tmp_path)
    (folder / "votes.csv").write_text("")
    with pytest.raises(SchemaError) as caught:
        read_polis(folder)
    assert [str(p) for p in caught.value.problems] == [
        "votes.csv: empty file: not even a header row"
    ]


def test_an_export_without_any_time(tmp_path: Path) -> None:
    folder = export(tmp_path)
    (folder / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n")
    edit(folder, "comments.csv", lambda f: f.drop(columns=["timestamp"]))
    with pytest.raises(ValidationError, match="records no time at all"):
        read_polis(folder)
