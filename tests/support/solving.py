"""Solving tiny problems in tests, and holding every returned plan to the checker."""

from __future__ import annotations

from typing import Any

import pytest

from planner.check import check_plan, objective, penalties
from planner.domain import SOFT_RULES, ProblemData, Result, Rules, Status
from planner.solver import solve


def only(*rules: str, **changes: Any) -> Rules:
    """Rules where only the named soft rules count (others weighted 0), with ``changes``."""
    weights = {rule: (SOFT_RULES[rule] if rule in rules else 0.0) for rule in SOFT_RULES}
    weights.update(changes.pop("weights", {}))
    return Rules(weights=weights, **changes)


def assert_valid(problem: ProblemData, result: Result) -> None:
    """The plan keeps every hard rule, and the objective and rows are the checker's."""
    assert result.status.has_plan, result.message
    violations = check_plan(problem, result.plan)
    assert not violations, "\n".join(str(v) for v in violations)
    assert result.objective == pytest.approx(objective(problem, result.plan), abs=1e-6)
    assert list(result.penalties) == penalties(problem, result.plan)
    assert result.best_bound is not None
    assert result.best_bound <= result.objective + 1e-6


def solved(problem: ProblemData, **options: Any) -> Result:
    """Solve on one worker with a short deterministic limit (the same outcome however loaded
    the machine); any plan returned is checked."""
    options.setdefault("time_limit", 5.0)
    options.setdefault("workers", 1)
    options.setdefault("deterministic", True)
    result = solve(problem, **options)
    if result.status.has_plan:
        assert_valid(problem, result)
    return result


def optimum(problem: ProblemData, **options: Any) -> float:
    """The proven optimal objective (fails if the solve does not prove one)."""
    result = solved(problem, **options)
    assert result.status is Status.OPTIMAL, result.status
    assert result.objective is not None
    return result.objective


def status(problem: ProblemData, **options: Any) -> Status:
    """Only the status of the solve."""
    return solved(problem, **options).status
