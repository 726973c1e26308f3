"""A staged solve never throws away a plan it has already reported."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.check import check_plan, objective
from planner.domain import Status
from planner.solver import staged
from planner.solver.budget import Budget
from planner.solver.driver import configure
from planner.synth import SynthConfig, generate


def test_stage1_out_of_time_falls_back_on_the_quick_timetable(monkeypatch):
    # Under load, stage 1 can end its share of the time without a timetable after the quick
    # one was already reported: the solve must seat people on that one, not say NO_SOLUTION.
    problem = generate(SynthConfig.small(), seed=3)
    real_run = Budget.run
    calls: list[int] = []

    def stage1_finds_nothing(self, solver, model, callback=None):
        calls.append(1)
        if len(calls) == 2:  # 1: quick timetable, 2: stage 1, 3: stage 2
            return cp_model.UNKNOWN
        return real_run(self, solver, model, callback)

    monkeypatch.setattr(Budget, "run", stage1_finds_nothing)
    result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    assert len(calls) >= 3  # then the people's bound runs its models
    assert result.status.has_plan
    assert check_plan(problem, result.plan) == []
    assert result.objective == objective(problem, result.plan)
    assert result.best_bound is not None and result.best_bound <= result.objective + 1e-6


def test_stage1_out_of_time_with_no_quick_timetable_is_no_solution(monkeypatch):
    problem = generate(SynthConfig.small(), seed=3)

    def nothing(self, solver, model, callback=None):
        return cp_model.UNKNOWN

    monkeypatch.setattr(Budget, "run", nothing)
    result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    assert result.status is Status.NO_SOLUTION
    assert result.plan.is_empty


def _configure(solver: cp_model.CpSolver, seconds: float) -> None:
    configure(solver, time_limit=seconds, workers=1, seed=0, deterministic=True)
