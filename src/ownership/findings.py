"""Findings: rules that turn the numbers of an assessment into what to do.

Each rule looks for one known way a strategy fails to become owned and, when
it fires, gives a :class:`Finding`: a code, a severity, the subjects it is
about (units, stakeholders, goals, contributions, milestones), the evidence
(the counts and values that made it fire) and a recommendation tied to the
practice it serves. :data:`RULES` lists them; every threshold is a field of
:class:`~ownership.AssessmentConfig`.

A finding may name a stakeholder for what they did or were invited to (a
key person never involved, a leader who only broadcasts), never for their
individual score, reactions or survey answers; a group's score quoted in a
finding is withheld when the group is under the privacy minimum, as in every
grouped result.

>>> from ownership import assess
>>> from ownership.data import demo
>>> for finding in assess(demo()).findings:
...     print(finding.severity, finding.code)
high unit-never-consulted
high unanswered
medium leaders-broadcast
medium milestones-not-reported
medium no-shared-results
medium low-ownership-goal
low goals-without-stories
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

import attrs
import narwhals.stable.v2 as nw

from .metrics._base import View, _instant

if TYPE_CHECKING:
    from ._config import AssessmentConfig

__all__ = ["RULES", "Finding", "Practice", "Severity"]


class Severity(StrEnum):
    """How much a finding matters; findings are listed most severe first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low."""
        return ("high", "medium", "low").index(self.value)


class Practice(StrEnum):
    """The practice of building ownership a finding serves."""

    PARTICIPATION = "participation"
    DIALOGUE = "dialogue"
    LEADERSHIP = "leaders as enablers"
    RESULTS = "results along the way"
    LIVING = "a living strategy"


@attrs.frozen(kw_only=True)
class Finding:
    """What a rule found, about whom, on what evidence, and what to do."""

    code: str
    """The rule's code (see :data:`RULES`)."""
    severity: Severity
    """How much it matters."""
    practice: Practice
    """The practice it serves."""
    title: str
    """One line saying what was found, in English (:meth:`describe` gives it in
    other languages)."""
    subjects: Mapping[str, tuple[str, ...]]
    """The ids it is about, by kind: ``units``, ``stakeholders``, ``goals``,
    ``contributions``, ``milestones``."""
    evidence: Mapping[str, Any]
    """The counts and values that made the rule fire."""
    recommendation: str
    """What to do, in English."""

    def describe(self, lang: str = "en") -> tuple[str, str]:
        """The title and the recommendation in ``lang``: ``"en"`` or ``"sv"``.

        They come from the message catalogue, filled in with the finding's own
        subjects and evidence; in English they are :attr:`title` and
        :attr:`recommendation`. A finding the catalogue does not know (the
        code of a rule of one's own, or evidence without the values its text
        needs) keeps its own texts in every language.

        >>> from ownership import assess
        >>> from ownership.data import demo
        >>> finding = assess(demo()).findings[0]
        >>> finding.describe("en")[0]
        '1 unit never took part in two-way dialogue'
        >>> finding.describe("sv")[0]
        '1 enhet har aldrig varit med i en dialog'
        """
        from .report._catalogue import check_lang

        if check_lang(lang) == "en":
            return self.title, self.recommendation
        try:
            return _texts(self.code, self.subjects, self.evidence, lang)
        except (KeyError, IndexError):
            return self.title, self.recommendation

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain, JSON-safe data."""
        evidence = {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in self.evidence.items()
        }
        return {
            "code": self.code,
            "severity": self.severity.value,
            "practice": self.practice.value,
            "title": self.title,
            "subjects": {kind: list(ids) for kind, ids in self.subjects.items()},
            "evidence": evidence,
            "recommendation": self.recommendation,
        }


RULES: Final[Mapping[str, str]] = {
    "key-people-involved-late": "high-salience stakeholders not involved in two-way "
    "dialogue before the strategy was adopted (when earliness is below the floor)",
    "unit-never-consulted": "units whose people in scope never took part in a two-way event",
    "mostly-one-way": "more than `one_way_share` of the events were one-way",
    "leaders-broadcast": "a unit's leaders organised at least `leader_min_events` events, "
    "more than `leader_one_way_share` of them one-way",
    "unanswered": "questions and concerns still without an answer after `sla_days`, where "
    "responsiveness (overall or on a goal) is below `responsiveness_floor`",
    "no-revision-since-adoption": "concerns were raised after adoption but the strategy "
    "has not been revised since",
    "milestones-not-reported": "achieved milestones never reported within `report_days`",
    "no-shared-results": "`quiet_days` or more without a shared result since adoption",
    "goals-without-owners": "goals nobody owns",
    "goals-without-stories": "goals no story has made concrete",
    "low-ownership-goal": "goals whose affected people's ownership index is below "
    "`low_ownership` times the organisation's (groups under the privacy minimum are not "
    "judged)",
    "voice-concentrated": "voice equality (1 - Gini of contributions per participant) "
    "below `voice_equality_floor`",
}
"""Every rule's code and when it fires."""


_Subjects = Mapping[str, tuple[str, ...]]

_FIELDS: Final[Mapping[str, Callable[[_Subjects, Mapping[str, Any]], dict[str, Any]]]] = {
    "key-people-involved-late": lambda s, e: {"n": e["not_involved"]},
    "unit-never-consulted": lambda s, e: {"n": e["units"]},
    "mostly-one-way": lambda s, e: {"one_way": e["one_way"], "total": e["events"]},
    "leaders-broadcast": lambda s, e: {
        "unit": e.get("unit_name", s["units"][0]),
        "one_way": e["one_way"],
        "total": e["events"],
    },
    "unanswered": lambda s, e: {
        "n": e["unanswered"],
        "days": float(e["sla_days"]),
        **({"goal": s["goals"][0]} if s.get("goals") else {}),
    },
    "no-revision-since-adoption": lambda s, e: {"n": e["concerns"]},
    "milestones-not-reported": lambda s, e: {"n": e["unreported"]},
    "no-shared-results": lambda s, e: {"days": float(e["days"])},
    "goals-without-owners": lambda s, e: {"n": e["goals"]},
    "goals-without-stories": lambda s, e: {"n": e["goals"]},
    "low-ownership-goal": lambda s, e: {"n": len(s["goals"])},
    "voice-concentrated": lambda s, e: {},
}
"""Per rule: the values its title is filled in with, from its subjects and evidence."""


def _shown(value: Any, lang: str) -> str:
    """A value in a finding's text: floats as ``:g`` (a decimal comma in Swedish)."""
    if isinstance(value, float):
        text = format(value, "g")
        return text.replace(".", ",") if lang == "sv" else text
    return str(value)


def _texts(
    code: str, subjects: _Subjects, evidence: Mapping[str, Any], lang: str = "en"
) -> tuple[str, str]:
    """The title and recommendation of rule ``code`` in ``lang``, from the catalogue."""
    from .report._catalogue import MESSAGES, message

    fields = _FIELDS[code](subjects, evidence)
    key = f"finding.{code}.title"
    if "goal" in fields and f"{key}_goal" in MESSAGES:
        key += "_goal"
    elif fields.get("n") == 1 and f"{key}_one" in MESSAGES:
        key += "_one"
    shown = {name: _shown(value, lang) for name, value in fields.items()}
    return message(key, lang, **shown), message(f"finding.{code}.recommendation", lang)


def _ids(frame: nw.LazyFrame[Any], column: str) -> tuple[str, ...]:
    values = frame.select(column).unique().collect()[column].to_list()
    return tuple(sorted(str(v) for v in values))


def _count(frame: nw.LazyFrame[Any]) -> int:
    return int(frame.select(nw.len()).collect().item())


def _days(delta: timedelta) -> float:
    return round(delta.total_seconds() / 86400, 1)


class _Rules:
    """The rules, evaluated on one view with the whole-process metrics at hand."""

    def __init__(
        self, view: View, metrics: Mapping[str, Mapping[str, Any]], config: AssessmentConfig
    ) -> None:
        self.view = view
        self.metrics = metrics
        self.config = config
        self.found: list[Finding] = []

    def add(self, **fields: Any) -> None:
        title, recommendation = _texts(fields["code"], fields["subjects"], fields["evidence"])
        self.found.append(Finding(**fields, title=title, recommendation=recommendation))

    def value(self, metric: str) -> float | None:
        got = self.metrics.get(metric, {}).get("value")
        return None if got is None else float(got)

    # -- participation ---------------------------------------------------------------

    def key_people(self) -> None:
        view, c = self.view, self.config
        earliness = self.value("earliness")
        if view.adoption is None or earliness is None or earliness >= c.earliness_floor:
            return
        before = view.base.moment(view.adoption)
        early = view.involvement.filter(nw.col("first_two_way") < before).select("stakeholder")
        possessed: nw.Expr = nw.lit(0)
        for attribute in ("power", "legitimacy", "urgency"):
            held = nw.col(attribute).fill_null(0.0) >= c.attribute_threshold
            possessed = possessed + held.cast(nw.Int64)
        salient = view.people.filter(possessed >= c.salient_attributes)
        late = salient.join(early, on="stakeholder", how="anti")
        names = _ids(late, "stakeholder")
        self.add(
            code="key-people-involved-late",
            severity=Severity.HIGH,
            practice=Practice.PARTICIPATION,
            subjects={"stakeholders": names},
            evidence={"earliness": earliness, "not_involved": len(names)},
        )

    def silent_units(self) -> None:
        view = self.view
        heard = view.involvement.filter(nw.col("two_way") == 1).select("stakeholder")
        units = view.people.group_by("unit").agg(nw.col("w").sum().alias("people"))
        reached = view.people.join(heard, on="stakeholder", how="semi").select("unit").unique()
        silent = units.join(reached, on="unit", how="anti").sort("unit").collect()
        if len(silent) == 0:
            return
        ids = tuple(str(u) for u in silent["unit"].to_list())
        people = int(sum(silent["people"].to_list()))
        self.add(
            code="unit-never-consulted",
            severity=Severity.HIGH,
            practice=Practice.PARTICIPATION,
            subjects={"units": ids},
            evidence={"units": len(ids), "people": people},
        )

    # -- dialogue and leadership -------------------------------------------------------

    def one_way(self) -> None:
        view, c = self.view, self.config
        events = view.events.select(
            nw.len().alias("events"), (~nw.col("two_way")).cast(nw.Int64).sum().alias("one_way")
        ).collect()
        total, one_way = int(events["events"][0]), int(events["one_way"][0] or 0)
        if total == 0 or one_way / total <= c.one_way_share:
            return
        self.add(
            code="mostly-one-way",
            severity=Severity.MEDIUM,
            practice=Practice.DIALOGUE,
            subjects={},
            evidence={"events": total, "one_way": one_way, "share": one_way / total},
        )

    def broadcasting_leaders(self) -> None:
        view, c = self.view, self.config
        leaders = view.members.filter(nw.col("leader")).select(
            nw.col("stakeholder").alias("organiser"), "unit"
        )
        events = (
            view.events.join(leaders, on="organiser", how="inner")
            .with_columns((~nw.col("two_way")).cast(nw.Int64).alias("_one_way"))
            .group_by("unit")
            .agg(nw.len().alias("events"), nw.col("_one_way").sum().alias("one_way"))
            .sort("unit")
            .collect()
        )
        names = dict(view.base.table("units").select("id", "name").collect().rows())
        for unit, total, one_way in events.rows():
            if total < c.leader_min_events or one_way / total <= c.leader_one_way_share:
                continue
            who = _ids(
                view.events.filter(~nw.col("two_way")).join(
                    leaders.filter(nw.col("unit") == unit), on="organiser", how="inner"
                ),
                "organiser",
            )
            self.add(
                code="leaders-broadcast",
                severity=Severity.MEDIUM,
                practice=Practice.LEADERSHIP,
                subjects={"units": (str(unit),), "stakeholders": who},
                evidence={
                    "events": int(total),
                    "one_way": int(one_way),
                    "unit_name": str(names.get(unit, unit)),
                },
            )

    def unanswered(self, grouped: nw.LazyFrame[Any] | None) -> None:
        view, c = self.view, self.config
        t = view.base.moment(view.t)
        substantive = view.responses.filter(nw.col("outcome") != "acknowledged")
        deadline = nw.col("at") + nw.lit(timedelta(days=c.sla_days))
        overdue = (
            view.contributions.filter(
                nw.col("kind").is_in(["question", "concern"]) & (deadline <= t)
            )
            .join(substantive.select("contribution"), on="contribution", how="anti")
            .select("contribution")
        )
        overall = self.value("responsiveness")
        if overall is not None and overall < c.responsiveness_floor:
            ids = _ids(overdue, "contribution")
            if ids:
                self.add(
                    code="unanswered",
                    severity=Severity.HIGH,
                    practice=Practice.DIALOGUE,
                    subjects={"contributions": ids},
                    evidence={
                        "responsiveness": overall,
                        "unanswered": len(ids),
                        "sla_days": c.sla_days,
                    },
                )
                return
        if grouped is None:
            return
        weak = grouped.filter(
            ~nw.col("suppressed") & (nw.col("value") < c.responsiveness_floor)
        ).collect()
        links = view.link("contribution_goals", "contribution")
        for goal, value in zip(weak["goal"].to_list(), weak["value"].to_list(), strict=True):
            on_goal = overdue.join(
                links.filter(nw.col("goal") == goal).select("contribution"),
                on="contribution",
                how="semi",
            )
            ids = _ids(on_goal, "contribution")
            if not ids:
                continue
            self.add(
                code="unanswered",
                severity=Severity.HIGH,
                practice=Practice.DIALOGUE,
                subjects={"goals": (str(goal),), "contributions": ids},
                evidence={
                    "responsiveness": float(value),
                    "unanswered": len(ids),
                    "sla_days": c.sla_days,
                },
            )

    def no_revision(self) -> None:
        view = self.view
        if view.adoption is None:
            return
        after = view.base.moment(view.adoption)
        concerns = _count(
            view.contributions.filter((nw.col("kind") == "concern") & (nw.col("at") > after))
        )
        revisions = _count(view.revisions.filter(nw.col("at") > after))
        if concerns == 0 or revisions > 0:
            return
        self.add(
            code="no-revision-since-adoption",
            severity=Severity.MEDIUM,
            practice=Practice.DIALOGUE,
            subjects={},
            evidence={"concerns": concerns, "revisions_since_adoption": 0},
        )

    def voice(self) -> None:
        equality = self.value("voice_equality")
        if equality is None or equality >= self.config.voice_equality_floor:
            return
        self.add(
            code="voice-concentrated",
            severity=Severity.LOW,
            practice=Practice.DIALOGUE,
            subjects={},
            evidence={"voice_equality": equality},
        )

    # -- results along the way -----------------------------------------------------------

    def unreported(self) -> None:
        view, c = self.view, self.config
        t = view.base.moment(view.t)
        window = nw.lit(timedelta(days=c.report_days))
        reports = (
            view.link("event_milestones", "event")
            .join(view.events.select("event", "start"), on="event")
            .join(view.milestones.select("milestone", "achieved"), on="milestone")
            .filter(nw.col("start") <= nw.col("achieved") + window)
            .select("milestone")
        )
        missing = view.milestones.filter(
            ~nw.col("achieved").is_null() & (nw.col("achieved") + window <= t)
        ).join(reports, on="milestone", how="anti")
        ids = _ids(missing, "milestone")
        if not ids:
            return
        self.add(
            code="milestones-not-reported",
            severity=Severity.MEDIUM,
            practice=Practice.RESULTS,
            subjects={"milestones": ids},
            evidence={"unreported": len(ids), "report_days": c.report_days},
        )

    def quiet(self) -> None:
        view, c = self.view, self.config
        if view.adoption is None:
            return
        shared = (
            view.link("event_milestones", "event")
            .join(view.events.select("event", "start"), on="event")
            .select("start")
            .unique()
            .sort("start")
            .collect()["start"]
            .to_list()
        )
        moments = [view.adoption, *(m for m in map(_instant, shared) if m > view.adoption), view.t]
        gaps = [(b - a, a, b) for a, b in itertools.pairwise(moments)]
        longest, since, until = max(gaps, key=lambda gap: gap[0])
        if longest < timedelta(days=c.quiet_days):
            return
        self.add(
            code="no-shared-results",
            severity=Severity.MEDIUM,
            practice=Practice.RESULTS,
            subjects={},
            evidence={"days": _days(longest), "from": since, "until": until},
        )

    # -- goals -----------------------------------------------------------------------

    def goals(self, ownership: nw.LazyFrame[Any] | None) -> None:
        view, c = self.view, self.config
        goals = view.goals.select("goal")
        owners = view.link("goal_owners", "goal").join(
            view.members.select("stakeholder"), on="stakeholder", how="semi"
        )
        orphans = _ids(goals.join(owners, on="goal", how="anti"), "goal")
        if orphans:
            self.add(
                code="goals-without-owners",
                severity=Severity.MEDIUM,
                practice=Practice.LEADERSHIP,
                subjects={"goals": orphans},
                evidence={"goals": len(orphans)},
            )
        stories = (  # stories are events by t: event_goals need no cut to those first
            view.base.table("event_goals")
            .join(view.events.filter(nw.col("kind") == "story").select("event"), on="event")
            .select("goal")
        )
        untold = _ids(goals.join(stories, on="goal", how="anti"), "goal")
        if untold:
            self.add(
                code="goals-without-stories",
                severity=Severity.LOW,
                practice=Practice.LIVING,
                subjects={"goals": untold},
                evidence={"goals": len(untold)},
            )
        whole = self.value("ownership_index")
        if ownership is None or not whole:
            return
        bar = c.low_ownership * whole
        low = ownership.filter(~nw.col("suppressed") & (nw.col("value") < bar))
        rows = low.select("goal", "value").sort("goal").collect().rows()
        if rows:
            self.add(
                code="low-ownership-goal",
                severity=Severity.MEDIUM,
                practice=Practice.PARTICIPATION,
                subjects={"goals": tuple(str(g) for g, _ in rows)},
                evidence={
                    "organisation": round(whole, 3),
                    **{str(g): round(float(v), 3) for g, v in rows},
                },
            )


def _column(goals: nw.LazyFrame[Any] | None, name: str) -> nw.LazyFrame[Any] | None:
    if goals is None:
        return None
    return goals.select("goal", "suppressed", nw.col(name).alias("value"))


def evaluate(
    view: View,
    metrics: Mapping[str, Mapping[str, Any]],
    config: AssessmentConfig,
    goals: nw.LazyFrame[Any] | None = None,
) -> tuple[Finding, ...]:
    """Every rule on ``view``, with its whole-process ``metrics``; most severe first.

    ``goals`` is the assessment's per-goal frame (with ``suppressed``,
    ``responsiveness`` and ``ownership_index``); without it the per-goal rules
    are skipped.
    """
    rules = _Rules(view, metrics, config)
    rules.key_people()
    rules.silent_units()
    rules.one_way()
    rules.broadcasting_leaders()
    rules.unanswered(_column(goals, "responsiveness"))
    rules.no_revision()
    rules.unreported()
    rules.quiet()
    rules.goals(_column(goals, "ownership_index"))
    rules.voice()
    order = {code: i for i, code in enumerate(RULES)}
    return tuple(sorted(rules.found, key=lambda f: (f.severity.rank, order[f.code], f.title)))
