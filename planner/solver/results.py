"""The `Result` of a solve, assembled in one place for the joint and the staged solve."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.check import penalties
from planner.domain import Plan, ProblemData, Result, Status
from planner.solver.replan import Replan

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
}


def status_of(code: cp_model.CpSolverStatus) -> Status:
    """The status of a solve that ended with CP-SAT's ``code`` (UNKNOWN: out of time)."""
    return _STATUS.get(code, Status.NO_SOLUTION)


def plan_result(
    problem: ProblemData,
    status: Status,
    plan: Plan,
    *,
    objective: float,
    bound: float | None,
    seconds: float,
    previous: Plan | None = None,
    replan: Replan | None = None,
    stage_bound: float | None = None,
) -> Result:
    """A result with a plan: what a replan keeps carried over, the soft rules counted.

    ``objective``, ``bound`` (the whole problem's) and ``stage_bound`` (a staged solve's bound
    for its timetable) are in the units of the weights.
    """
    if replan is not None and previous is not None:
        plan = replan.carry(problem, plan, previous)
    return Result(
        status,
        plan=plan,
        objective=objective,
        best_bound=bound,
        solve_seconds=seconds,
        penalties=tuple(penalties(problem, plan, previous)),
        message="" if replan is None else replan.message,
        stage_bound=stage_bound,
    )


def no_plan_result(status: Status, seconds: float) -> Result:
    """A result without a plan: INFEASIBLE, or NO_SOLUTION when the time ran out first.

    Which rules and data conflict is for the explanation (`planner.solver.explain`), not here.
    """
    message = f"no plan found in {seconds:.1f} s" if status is Status.NO_SOLUTION else ""
    return Result(status, solve_seconds=seconds, message=message)
