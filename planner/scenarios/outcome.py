"""The outcome of a comparison: each scenario's problem, result, explanation and checked figures.

Plain records, free of the solver, so the Excel layer can write them and they pickle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.check import Violation
from planner.domain import ProblemData, Result
from planner.domain.scenario import Scenario
from planner.scenarios.figures import Measure, measures

if TYPE_CHECKING:  # pragma: no cover - the explanation comes from the solver package
    from planner.solver import Explanation


@dataclass(frozen=True, slots=True)
class Outcome:
    """One scenario of a comparison: its problem, result, explanation and checked figures."""

    scenario: Scenario
    problem: ProblemData
    result: Result
    explanation: Explanation | None
    violations: tuple[Violation, ...]

    @property
    def has_plan(self) -> bool:
        """True when the scenario has a plan."""
        return self.result.status.has_plan

    @property
    def measures(self) -> list[Measure]:
        """The comparison's figures (empty without a plan)."""
        if not self.has_plan:
            return []
        return measures(self.problem, self.result, len(self.violations))

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
