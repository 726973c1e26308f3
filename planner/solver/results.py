"""What a solve gives back: a `Plan` read out of a CP-SAT solution, and the `Result` around it.

Both are assembled in one place for the joint and the staged solve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.check import penalties
from planner.domain import Assignment, Plan, ProblemData, Result, Session, Status
from planner.solver.context import ModelContext, Var
from planner.solver.participation.extract import extract_participation
from planner.solver.replan import Replan

Value = Callable[[Var], bool]


def extract_sessions(ctx: ModelContext, value: Value) -> list[Session]:
    """Every session held, as (item, slot, room)."""
    return [Session(*key) for key, var in ctx.session_at.items() if value(var)]


def mark_retour(
    problem: ProblemData, session: Session, booth: str, team: list[str]
) -> frozenset[str]:
    """The interpreters of a booth's team counted towards its retour requirement.

    Exactly the needed number is marked, chosen in id order among those whose retour is one of
    the session's other languages (the model guarantees there are enough).
    """
    needed = problem.retour_needed(booth)
    if needed == 0:
        return frozenset()
    others = set(problem.item(session.item_id).languages) - {booth}
    able = [iid for iid in sorted(team) if problem.interpreter(iid).retour & others]
    return frozenset(able[:needed])


def extract_assignments(
    ctx: ModelContext, value: Value, sessions: list[Session]
) -> list[Assignment]:
    """Every interpreter at work, in the booth of the session held where they work."""
    problem = ctx.problem
    session_in = {(s.slot_id, s.room_id): s for s in sessions}
    teams: dict[tuple[Session, str], list[str]] = defaultdict(list)
    for (iid, slot_id, room_id), var in ctx.works.items():
        if value(var):
            teams[session_in[slot_id, room_id], problem.interpreter(iid).booth].append(iid)
    out: list[Assignment] = []
    for (session, booth), team in teams.items():
        retour = mark_retour(problem, session, booth, team)
        out.extend(
            Assignment(session.slot_id, session.room_id, session.item_id, booth, iid, iid in retour)
            for iid in team
        )
    return out


def extract_plan(ctx: ModelContext, value: Value) -> Plan:
    """The timetable, the roster and, when the model has them, seats, panels and funding."""
    sessions = extract_sessions(ctx, value)
    assignments = tuple(extract_assignments(ctx, value, sessions))
    part = ctx.participation
    if part is None:
        return Plan(sessions=tuple(sessions), assignments=assignments)
    seats, panels, funded = extract_participation(ctx.problem, part, value, sessions)
    return Plan(tuple(sessions), assignments, seats, panels, funded)


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
