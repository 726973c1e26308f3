"""The outcome of a comparison: each scenario's problem, result, explanation and checked figures.

Plain records, free of the solver, so the Excel layer can write them and they pickle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.check import Violation, check_plan
from planner.domain import ProblemData, Result
from planner.domain.scenario import Scenario
from planner.scenarios.figures import Measure, measures

if TYPE_CHECKING:  # pragma: no cover - the explanation comes from the solver package
    from planner.solver import Explanation


@dataclass(frozen=True, slots=True)
class Outcome:
    """One scenario of a comparison: its problem, result, explanation and checked figures.

    ``measures`` are computed once, when the outcome is made (`Outcome.of`); empty without a
    plan.
    """

    scenario: Scenario
    problem: ProblemData
    result: Result
    explanation: Explanation | None
    violations: tuple[Violation, ...]
    measures: tuple[Measure, ...] = ()

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        problem: ProblemData,
        result: Result,
        explanation: Explanation | None = None,
    ) -> Outcome:
        """The outcome of a solve, its plan judged by the checker and its figures computed."""
        if not result.status.has_plan:
            return cls(scenario, problem, result, explanation, ())
        violations = tuple(check_plan(problem, result.plan))
        figures = tuple(measures(problem, result, len(violations)))
        return cls(scenario, problem, result, explanation, violations, figures)

    @property
    def has_plan(self) -> bool:
        """True when the scenario has a plan."""
        return self.result.status.has_plan

    def value(self, key: str) -> float | str | None:
        """One measure by key (None without a plan or for an unknown key)."""
        return next((m.value for m in self.measures if m.key == key), None)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The base plan and every scenario, with the settings they all shared."""

    outcomes: tuple[Outcome, ...]
    time_limit: float
    workers: int
    seed: int
    deterministic: bool

    @property
    def base(self) -> Outcome:
        """The base plan's outcome (always first)."""
        return self.outcomes[0]
