"""Read a Pol.is conversation export into a :class:`~ownership.StrategyProcess`.

Pol.is (https://pol.is, The Computational Democracy Project) exports a
conversation as a folder of CSV files. :func:`read_polis` reads four of them
and maps them onto the model without inventing anything the export does not
record:

================================  ==============================================================
Pol.is export                     ``ownership`` model
================================  ==============================================================
the conversation                  one :class:`~ownership.Unit` and one :class:`~ownership.Event`,
                                  both with the conversation's id (the last part of ``url`` in
                                  ``summary.csv``, else the folder's name). The unit is named
                                  ``"Pol.is participants"``; the event has kind
                                  ``digital_platform`` (level consult), the ``topic`` of
                                  ``summary.csv`` as title (``""`` if none), and spans the first
                                  to the last timestamp of any comment or vote. No organiser:
                                  the export does not say who owns the conversation.
each participant                  a :class:`~ownership.Stakeholder` for each voter, author or
                                  row of ``participants-votes.csv``, whose id is the participant
                                  id as a string (``"12"``), named ``"participant 12"``, in the
                                  conversation's unit, taking part in the event. ``joined`` is
                                  left unknown (``None``).
``group-id`` (opinion group)      stakeholder attribute ``opinion_group`` (``"0"``, ``"1"``, …),
                                  absent when the participant is in no group
``xid``                           stakeholder attribute ``polis.xid`` (an id from the site that
                                  embeds Pol.is), absent when blank
each row of ``comments.csv``      a :class:`~ownership.Contribution`: id = ``comment-id`` as a
                                  string, kind ``comment``, ``text`` = ``comment-body``,
                                  ``author`` = ``author-id``, ``at`` = ``timestamp`` when the
                                  export has one, else ``None`` (never guessed)
``moderated``                     contribution attribute ``polis.moderated``: ``"-1"`` rejected,
                                  ``"0"`` not moderated, ``"1"`` accepted
``is-seed``, ``is-meta``          contribution attributes ``polis.is_seed``, ``polis.is_meta``:
                                  ``"true"`` or ``"false"``; absent when the export lacks them
                                  (older exports do)
each row of ``votes.csv``         a :class:`~ownership.Reaction` (the whole history, repeats
                                  included): ``value`` as exported (1 agree, 0 pass,
                                  -1 disagree), ``at`` = ``timestamp``
================================  ==============================================================

Timestamps are milliseconds since the epoch, read as UTC. No responses are
made up: Pol.is records none. Columns the importer does not need (``agrees``,
``disagrees``, ``group-informed-consensus``, ``datetime``, the per-comment vote
columns of ``participants-votes.csv``, …) are not read; they are figures the
counting layer recomputes (:mod:`ownership.metrics`). ``stats-history.csv`` is
not read either.

Both export layouts are read: the older one (``comments.csv`` with a
``datetime`` column) and the newer one (no ``datetime``, with ``is-meta``,
``is-seed`` and ``group-informed-consensus``). A malformed export raises
:class:`~ownership.SchemaError` (a file or a needed column is missing) or
:class:`~ownership.ValidationError` (a bad value), naming every problem with
its file, row (counted from 0, the header not counted) and column, such as
``votes.csv[17].comment-id``. A vote may be older than its comment (real
exports have such votes); that is not a problem.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final

import attrs
import numpy as np
import pandas as pd

from ..errors import Problem, SchemaError, ValidationError, did_you_mean
from ..model import (
    Contribution,
    ContributionKind,
    Event,
    EventKind,
    Participation,
    Reaction,
    Stakeholder,
    StrategyProcess,
    Unit,
)
from ..model._classes import trusted

__all__ = ["read_polis"]

_UNIT_NAME: Final = "Pol.is participants"
_MIN_MS: Final = -62_135_596_800_000  # 0001-01-01T00:00:00Z
_MAX_MS: Final = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z


@attrs.frozen
class _Layout:
    """What the importer needs of one CSV file of an export."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


_COMMENTS: Final = _Layout(
    "comments.csv",
    required=("comment-id", "author-id", "comment-body"),
    optional=("timestamp", "moderated", "is-seed", "is-meta"),
)
_VOTES: Final = _Layout("votes.csv", required=("timestamp", "comment-id", "voter-id", "vote"))
_PARTICIPANTS: Final = _Layout(
    "participants-votes.csv", required=("participant", "group-id"), optional=("xid",)
)
_SUMMARY: Final = "summary.csv"

_WHOLE: Final = re.compile(r"\d+")
_SIGNED: Final = re.compile(r"-?\d+")


def read_polis(folder: str | os.PathLike[str]) -> StrategyProcess:
    """Read the Pol.is conversation exported to ``folder`` (see the module notes).

    ``folder`` holds ``summary.csv``, ``comments.csv``, ``votes.csv`` and
    ``participants-votes.csv`` as Pol.is exports them; other files and extra
    columns are ignored.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from ownership.io._polis import read_polis
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "summary.csv").write_text("topic,Our IT strategy\\nurl,https://pol.is/abc\\n")
    >>> _ = (folder / "comments.csv").write_text(
    ...     "timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body\\n"
    ...     "1700000000000,0,7,1,0,1,More laptops\\n")
    >>> _ = (folder / "votes.csv").write_text(
    ...     "timestamp,comment-id,voter-id,vote\\n"
    ...     "1700000060000,0,8,-1\\n"
    ...     "1700000120000,0,8,1\\n")
    >>> _ = (folder / "participants-votes.csv").write_text(
    ...     "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0\\n"
    ...     "8,,0,0,1,1,0,1\\n")
    >>> process = read_polis(folder)
    >>> [(s.id, dict(s.attributes)) for s in process.stakeholders]
    [('7', {}), ('8', {'opinion_group': '0'})]
    >>> comment = process.contributions[0]
    >>> comment.id, comment.author, comment.text, comment.at.isoformat()
    ('0', '7', 'More laptops', '2023-11-14T22:13:20+00:00')
    >>> dict(comment.attributes)
    {'polis.moderated': '1'}
    >>> [(r.stakeholder, r.value) for r in process.reactions]
    [('8', -1), ('8', 1)]
    >>> event = process.events[0]
    >>> event.id, event.title, event.kind.value, event.end - event.start
    ('abc', 'Our IT strategy', 'digital_platform', datetime.timedelta(seconds=120))

    A malformed export names every problem with its file, row and column:

    >>> _ = (folder / "votes.csv").write_text(
    ...     "timestamp,comment-id,voter-id,vote\\n1700000060000,9,8,-1\\n1700000120000,x,8\\n")
    >>> read_polis(folder)
    Traceback (most recent call last):
    ...
    ownership.errors.ValidationError: 3 problems:
      votes.csv[0].comment-id: unknown comment 9 (not in comments.csv)
      votes.csv[1].comment-id: not a comment id (a whole number): 'x'
      votes.csv[1].vote: missing value (is the row cut short?)
    """
    root = Path(folder)
    schema: list[Problem] = []
    summary = _read_summary(root, schema)
    comments = _read_csv(root, _COMMENTS, schema)
    votes = _read_csv(root, _VOTES, schema)
    participants = _read_csv(root, _PARTICIPANTS, schema)
    if schema or summary is None or comments is None or votes is None or participants is None:
        raise SchemaError(schema)

    problems: list[Problem] = []
    c = _parse_comments(comments, problems)
    v = _parse_votes(votes, problems)
    p = _parse_participants(participants, problems)
    _check_votes(c, v, problems)
    if problems:
        raise ValidationError(sorted(problems, key=_cell_order))
    return _build(root, summary, c, v, p)


# ---------------------------------------------------------------------------
# reading


def _read_summary(root: Path, schema: list[Problem]) -> dict[str, str] | None:
    """The key,value rows of ``summary.csv`` (a dozen rows, read with :mod:`csv`)."""
    path = root / _SUMMARY
    if not path.is_file():
        schema.append(Problem(_SUMMARY, f"missing file {str(path)!r} of the Pol.is export"))
        return None
    summary: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8") as file:
            for row in csv.reader(file, strict=True):
                if row and row[0] not in summary:
                    summary[row[0]] = row[1] if len(row) > 1 else ""
    except (csv.Error, UnicodeDecodeError) as error:
        schema.append(Problem(_SUMMARY, f"not a readable CSV file: {_reason(error)}"))
        return None
    return summary


def _read_csv(root: Path, layout: _Layout, schema: list[Problem]) -> pd.DataFrame | None:
    """The needed columns of one file, every cell a string or NA; None if it cannot be read."""
    path = root / layout.name
    if not path.is_file():
        schema.append(Problem(layout.name, f"missing file {str(path)!r} of the Pol.is export"))
        return None
    try:
        header = pd.read_csv(path, nrows=0, dtype=str, index_col=False).columns.tolist()
    except pd.errors.EmptyDataError:
        schema.append(Problem(layout.name, "empty file: not even a header row"))
        return None
    except (ValueError, UnicodeDecodeError) as error:
        schema.append(Problem(layout.name, f"not a readable CSV file: {_reason(error)}"))
        return None
    missing = [name for name in layout.required if name not in header]
    for name in missing:
        found = [h for h in map(str, header) if h not in layout.required + layout.optional]
        schema.append(Problem(layout.name, f"missing column {name!r}{did_you_mean(name, found)}"))
    if missing:
        return None
    wanted = [name for name in layout.required + layout.optional if name in header]
    try:
        # every column is read, so that a row with more fields than the header is an
        # error of the parser rather than silently cut to the columns used
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            index_col=False,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as error:
        overlong = _overlong_rows(path, layout.name, len(header))
        schema.extend(
            overlong or [Problem(layout.name, f"not a readable CSV file: {_reason(error)}")]
        )
        return None
    except (ValueError, UnicodeDecodeError) as error:
        schema.append(Problem(layout.name, f"not a readable CSV file: {_reason(error)}"))
        return None
    return frame[wanted]


def _overlong_rows(path: Path, name: str, fields: int) -> list[Problem]:
    """A problem for every row with more fields than the header (read only after an error)."""
    problems = []
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            row = 0
            for record in reader:
                if not record:
                    continue  # a blank line, as pandas skips it
                if len(record) > fields:
                    message = (
                        f"has {len(record)} fields, but the header has {fields} "
                        f"(line {reader.line_num})"
                    )
                    problems.append(Problem(f"{name}[{row}]", message))
                row += 1
    except (csv.Error, UnicodeDecodeError):
        return []
    return problems


def _reason(error: Exception) -> str:
    text = str(error).strip().replace("Error tokenizing data. C error: ", "")
    return text.splitlines()[0] if text else type(error).__name__


# ---------------------------------------------------------------------------
# parsing: vectorised checks, one problem per bad cell


def _cells(frame: pd.DataFrame, column: str) -> pd.Series[str]:
    return frame[column].str.strip()


def _bad_rows(
    file: str, column: str, cells: pd.Series[str], bad: pd.Series[bool], message: str
) -> list[Problem]:
    rows = np.flatnonzero(bad.to_numpy(dtype=bool))
    values = cells.to_numpy(dtype=object)
    return [Problem(f"{file}[{i}].{column}", message.format(value=values[i])) for i in rows]


def _integers(
    frame: pd.DataFrame,
    file: str,
    column: str,
    what: str,
    problems: list[Problem],
    *,
    signed: bool = False,
    required: bool = True,
) -> pd.Series[int]:
    """The column as int64 (0 where a problem was reported or a cell is blank)."""
    cells = _cells(frame, column)
    blank = cells.isna()
    pattern = _SIGNED if signed else _WHOLE
    wrong = ~blank & ~cells.str.fullmatch(pattern.pattern).fillna(value=False).astype(bool)
    if required:
        problems.extend(
            _bad_rows(file, column, cells, blank, "missing value (is the row cut short?)")
        )
    problems.extend(_bad_rows(file, column, cells, wrong, f"not {what}: {{value!r}}"))
    numbers = pd.to_numeric(cells.where(~blank & ~wrong, "0"), errors="coerce")
    huge = ~(numbers.abs() < 2**62)
    problems.extend(_bad_rows(file, column, cells, huge, f"not {what}: {{value}} is too large"))
    values = numbers.where(~huge, 0).astype("int64")
    return pd.Series(values.to_numpy(), index=frame.index, dtype="int64")


def _duplicates(
    file: str, column: str, cells: pd.Series[str], ids: pd.Series[int], what: str
) -> list[Problem]:
    """A problem for each row whose id an earlier row (with a valid id) already has."""
    valid = cells.str.fullmatch(_WHOLE.pattern).fillna(value=False).astype(bool)
    positions = pd.Series(np.arange(len(ids)), index=ids.index)[valid]
    keyed = ids[valid]
    first = positions.groupby(keyed).transform("min")
    again = keyed.duplicated(keep="first")
    return [
        Problem(f"{file}[{i}].{column}", f"duplicate {what} {k} (first at {file}[{f}])")
        for i, k, f in zip(positions[again], keyed[again], first[again], strict=True)
    ]


def _timestamps(
    frame: pd.DataFrame, file: str, problems: list[Problem], *, required: bool
) -> pd.Series[int]:
    before = len(problems)
    ms = _integers(
        frame,
        file,
        "timestamp",
        "a timestamp (milliseconds since the epoch)",
        problems,
        signed=True,
        required=required,
    )
    cells = _cells(frame, "timestamp")
    flagged = {p.path for p in problems[before:]}
    out = (ms < _MIN_MS) | (ms > _MAX_MS)
    problems.extend(
        p
        for p in _bad_rows(
            file, "timestamp", cells, out, "timestamp {value} ms is not between years 1 and 9999"
        )
        if p.path not in flagged
    )
    return ms


def _in_domain(
    frame: pd.DataFrame,
    values: pd.Series[int],
    file: str,
    column: str,
    allowed: Sequence[int],
    message: str,
    problems: list[Problem],
) -> None:
    cells = _cells(frame, column)
    numeric = cells.str.fullmatch(_SIGNED.pattern).fillna(value=False).astype(bool)
    problems.extend(_bad_rows(file, column, cells, numeric & ~values.isin(allowed), message))


@attrs.frozen
class _Comments:
    id: pd.Series[int]
    author: pd.Series[int]
    text: pd.Series[str]
    at: pd.Series[int] | None  # None when the export has no timestamps
    has_at: pd.Series[bool]
    attributes: dict[str, pd.Series[str]]


def _parse_comments(frame: pd.DataFrame, problems: list[Problem]) -> _Comments:
    file = _COMMENTS.name
    ids = _integers(frame, file, "comment-id", "a comment id (a whole number)", problems)
    author = _integers(frame, file, "author-id", "a participant id (a whole number)", problems)
    problems.extend(_duplicates(file, "comment-id", _cells(frame, "comment-id"), ids, "comment"))
    at: pd.Series[int] | None = None
    has_at = pd.Series(data=False, index=frame.index, dtype=bool)
    if "timestamp" in frame.columns:
        at = _timestamps(frame, file, problems, required=False)
        has_at = frame["timestamp"].str.strip().notna()
    attributes: dict[str, pd.Series[str]] = {}
    if "moderated" in frame.columns:
        moderated = _integers(
            frame,
            file,
            "moderated",
            "a moderation state (-1, 0 or 1)",
            problems,
            signed=True,
            required=False,
        )
        _in_domain(
            frame,
            moderated,
            file,
            "moderated",
            (-1, 0, 1),
            "not a moderation state (-1 rejected, 0 not moderated, 1 accepted): {value}",
            problems,
        )
        attributes["polis.moderated"] = moderated.astype(str).where(
            _cells(frame, "moderated").notna()
        )
    for column, key in (("is-seed", "polis.is_seed"), ("is-meta", "polis.is_meta")):
        if column in frame.columns:
            flags = _cells(frame, column).str.lower()
            wrong = flags.notna() & ~flags.isin(["true", "false"])
            message = "not true or false: {value!r}"
            problems.extend(_bad_rows(file, column, _cells(frame, column), wrong, message))
            attributes[key] = flags
    text = frame["comment-body"].fillna("").astype(str)
    return _Comments(ids, author, text, at, has_at, attributes)


@attrs.frozen
class _Votes:
    at: pd.Series[int]
    comment: pd.Series[int]
    voter: pd.Series[int]
    value: pd.Series[int]


def _parse_votes(frame: pd.DataFrame, problems: list[Problem]) -> _Votes:
    file = _VOTES.name
    at = _timestamps(frame, file, problems, required=True)
    comment = _integers(frame, file, "comment-id", "a comment id (a whole number)", problems)
    voter = _integers(frame, file, "voter-id", "a participant id (a whole number)", problems)
    value = _integers(frame, file, "vote", "a vote (1, 0 or -1)", problems, signed=True)
    _in_domain(
        frame,
        value,
        file,
        "vote",
        (-1, 0, 1),
        "not a vote (1 agree, 0 pass, -1 disagree): {value}",
        problems,
    )
    return _Votes(at, comment, voter, value)


@attrs.frozen
class _Participants:
    id: pd.Series[int]
    group: pd.Series[str]  # NA when in no group
    xid: pd.Series[str] | None


def _parse_participants(frame: pd.DataFrame, problems: list[Problem]) -> _Participants:
    file = _PARTICIPANTS.name
    ids = _integers(frame, file, "participant", "a participant id (a whole number)", problems)
    cells = _cells(frame, "participant")
    problems.extend(_duplicates(file, "participant", cells, ids, "participant"))
    group = _integers(
        frame, file, "group-id", "an opinion group (a whole number)", problems, required=False
    )
    blank = _cells(frame, "group-id").isna()
    xid = _cells(frame, "xid") if "xid" in frame.columns else None
    return _Participants(ids, group.astype(str).where(~blank), xid)


def _check_votes(c: _Comments, v: _Votes, problems: list[Problem]) -> None:
    """Votes on unknown comments, and votes that contradict each other at one instant.

    Voters and authors need no check: each of them becomes a participant.
    Only rows whose own cells are fine are checked, so one bad cell is not
    reported twice; nor are votes on comments when a comment id was bad.
    """
    file = _VOTES.name
    bad = _rows_with_problems(problems, file)
    usable = ~pd.Series(np.arange(len(v.at)), index=v.at.index).isin(bad)
    comments_ok = not _rows_with_problems(problems, _COMMENTS.name, "comment-id")
    unknown = usable & ~v.comment.isin(c.id) if comments_ok else usable & False
    problems.extend(
        Problem(
            f"{file}[{i}].comment-id",
            f"unknown comment {v.comment.iloc[i]} (not in {_COMMENTS.name})",
        )
        for i in np.flatnonzero(unknown.to_numpy(dtype=bool))
    )
    # two votes of one participant on one comment at one instant must agree
    rows = pd.DataFrame(
        {"c": v.comment, "s": v.voter, "t": v.at, "v": v.value, "i": np.arange(len(v.at))}
    )[usable]
    firsts = rows.groupby(["c", "s", "t"], sort=False).agg(v0=("v", "first"), i0=("i", "first"))
    merged = rows.join(firsts, on=["c", "s", "t"])
    problems.extend(
        Problem(
            f"{file}[{row.i}].vote",
            f"{row.v} contradicts {file}[{row.i0}] ({row.v0}), a vote of participant "
            f"{row.s} on comment {row.c} at the same instant",
        )
        for row in merged.loc[merged["v"] != merged["v0"]].itertuples(index=False)
    )


_CELL: Final = re.compile(r"(?P<file>[^\[]+)\[(?P<row>\d+)\]\.(?P<column>.+)")
_FILE_ORDER: Final = (_SUMMARY, _COMMENTS.name, _VOTES.name, _PARTICIPANTS.name)


def _rows_with_problems(problems: list[Problem], file: str, column: str | None = None) -> set[int]:
    rows = set()
    for problem in problems:
        match = _CELL.fullmatch(problem.path)
        if match and match["file"] == file and column in (None, match["column"]):
            rows.add(int(match["row"]))
    return rows


def _cell_order(problem: Problem) -> tuple[int, int, int]:
    """Problems by file, then row, then column as the file orders them."""
    match = _CELL.fullmatch(problem.path)
    if match is None:
        return (len(_FILE_ORDER), -1, -1)
    file = match["file"]
    layout = {x.name: x for x in (_COMMENTS, _VOTES, _PARTICIPANTS)}.get(file)
    columns = (layout.required + layout.optional) if layout else ()
    column = columns.index(match["column"]) if match["column"] in columns else len(columns)
    return (_FILE_ORDER.index(file) if file in _FILE_ORDER else -1, int(match["row"]), column)


# ---------------------------------------------------------------------------
# building the process


def _datetimes(ms: pd.Series[int]) -> list[datetime]:
    """Milliseconds since the epoch as aware UTC datetimes, exactly."""
    index = pd.to_datetime(ms.to_numpy(dtype="int64").astype("datetime64[ms]"), utc=True)
    return list(index.to_pydatetime())


def _conversation_id(root: Path, summary: dict[str, str]) -> str:
    url = summary.get("url", "").strip().rstrip("/")
    tail = url.rsplit("/", 1)[-1] if url else ""
    return tail or root.resolve().name or "polis"


def _build(
    root: Path, summary: dict[str, str], c: _Comments, v: _Votes, p: _Participants
) -> StrategyProcess:
    conversation = _conversation_id(root, summary)
    unit = Unit(id=conversation, name=_UNIT_NAME)

    people = np.unique(np.concatenate([p.id.to_numpy(), v.voter.to_numpy(), c.author.to_numpy()]))
    attributes: dict[int, dict[str, str]] = {int(pid): {} for pid in people}
    for pid, group in zip(p.id.tolist(), p.group.tolist(), strict=True):
        if isinstance(group, str):
            attributes[pid]["opinion_group"] = group
    if p.xid is not None:
        for pid, xid in zip(p.id.tolist(), p.xid.tolist(), strict=True):
            if isinstance(xid, str):
                attributes[pid]["polis.xid"] = xid
    stakeholders = tuple(
        Stakeholder(id=str(pid), name=f"participant {pid}", unit=conversation, attributes=attrs_)
        for pid, attrs_ in attributes.items()
    )

    times = v.at
    if c.at is not None:
        times = pd.concat([times, c.at[c.has_at]])
    if times.empty:
        raise ValidationError(
            [
                Problem(
                    _VOTES.name,
                    "the export records no time at all (no votes, no comment timestamps): "
                    "cannot place the conversation in time",
                )
            ]
        )
    start, end = _datetimes(pd.Series([times.min(), times.max()], dtype="int64"))
    event = Event(
        id=conversation,
        kind=EventKind.DIGITAL_PLATFORM,
        title=summary.get("topic", "").strip(),
        start=start,
        end=end,
        participations=tuple(Participation(stakeholder=s.id) for s in stakeholders),
    )

    order = np.argsort(c.id.to_numpy(), kind="stable")
    comment_at: list[datetime | None] = [None] * len(c.id)
    if c.at is not None:
        stamps = _datetimes(c.at.where(c.has_at, 0))
        comment_at = [t if has else None for t, has in zip(stamps, c.has_at.tolist(), strict=True)]
    flag_items = [
        (key, values.tolist()) for key, values in c.attributes.items()
    ]  # NA where the export left the cell blank
    ids = c.id.tolist()
    authors = c.author.tolist()
    texts = c.text.tolist()
    contributions = []
    for i in order.tolist():
        flags = {key: values[i] for key, values in flag_items if isinstance(values[i], str)}
        contributions.append(
            Contribution(
                id=str(ids[i]),
                event=conversation,
                author=str(authors[i]),
                at=comment_at[i],
                kind=ContributionKind.COMMENT,
                text=texts[i],
                attributes=flags,
            )
        )

    history = pd.DataFrame({"t": v.at, "c": v.comment, "s": v.voter, "v": v.value})
    history = history.sort_values(["t", "c", "s"], kind="stable")
    # Every field of every vote was checked above, vectorised (ids, a vote in
    # {-1, 0, 1}, a timestamp in range); checking each Reaction again would
    # cost more than the rest of the import. The process below still checks
    # the references and that votes at one instant agree.
    with trusted():
        reactions = tuple(
            Reaction(contribution=str(cid), stakeholder=str(sid), at=t, value=value)
            for t, cid, sid, value in zip(
                _datetimes(history["t"]),
                history["c"].tolist(),
                history["s"].tolist(),
                history["v"].tolist(),
                strict=True,
            )
        )
    return StrategyProcess(
        units=(unit,),
        stakeholders=stakeholders,
        events=(event,),
        contributions=tuple(contributions),
        reactions=reactions,
    )
