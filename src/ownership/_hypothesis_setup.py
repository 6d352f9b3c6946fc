"""Registers ``ownership``'s strategies with Hypothesis through its entry point.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, so that
``st.from_type(Stakeholder)`` builds valid stakeholders. The strategies module
is imported only when a strategy is first asked for, so importing Hypothesis
does not import pandas or the rest of the library.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from . import model

    def lazy(name: str) -> Any:
        def resolve(_: type) -> Any:
            from . import strategies

            return getattr(strategies, name)()

        return resolve

    pairs = {
        model.Unit: "units",
        model.Stakeholder: "stakeholders",
        model.Goal: "goals",
        model.Revision: "revisions",
        model.Milestone: "milestones",
        model.Participation: "participations",
        model.Event: "events",
        model.Contribution: "contributions",
        model.Response: "responses",
        model.Reaction: "reactions",
        model.SurveyAnswer: "survey_answers",
        model.StrategyProcess: "processes",
    }
    for cls, name in pairs.items():
        st.register_type_strategy(cls, lazy(name))
