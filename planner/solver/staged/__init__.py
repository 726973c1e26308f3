"""The staged solve: the timetable first, then the people.

One joint model of timetable, roster and participation is too large for large meetings (tens
of thousands of seats), so they are planned in two stages:

1. the timetable and the interpretation roster, with the first stage's view of participation
   (`estimate`: plenaries fit the room, and an estimate of unseated delegations);
2. funding, seats and panels with that timetable fixed (`planner.solver.participation` on a
   context whose sessions are constants).

A quick first timetable (stage 1's hard rules without its objective: on the two-week meeting
CP-SAT's feasibility search finds one in ~3 s, stage 1 itself its first in ~15 s) is completed
by `greedy` into a first complete plan, reported to ``progress`` at once, kept if
nothing better comes, and hinted to stage 1.

On large meetings stage 2 leaves ``discipline_mismatch`` (which members of a delegation hold
its seats) to `polish`, which settles it per delegation and slot: with the rule
in the model, stage 2 of the two-week meeting was still ~3-8% above its bound at 40 s; without
it, proven optimal in ~15-25 s. Every plan is polished and reports the checker's objective. The
bound covers stage 2 only (no plan with this timetable does better; without the rule in the
model, a bound on the rest), which `Result.bound_scope` says.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.check import objective, penalties
from planner.domain import Plan, ProblemData, Result, Status
from planner.solver.budget import Budget
from planner.solver.context import SCALE, ModelContext
from planner.solver.extract import extract_plan
from planner.solver.objective import set_objective, to_weight_units
from planner.solver.participation import add_participation_hint
from planner.solver.participation.extract import extract_participation
from planner.solver.progress import ProgressCallback, ProgressEvent
from planner.solver.replan import add_locks, add_participation_previous, add_timetable_previous
from planner.solver.search import Configure, search
from planner.solver.staged.greedy import greedy_participation
from planner.solver.staged.polish import settle_seats
from planner.solver.staged.stages import (
    MISMATCH_IN_MODEL,
    TIMETABLE_RULES,
    build_stage1,
    build_stage2,
    first_timetable_model,
    hint_timetable,
    possible_seats,
    timetable_terms,
    use_staged,
)

logger = logging.getLogger("planner")

BOUND_SCOPE = "stage 2 (participation, timetable fixed)"
"""What the bound of a staged solve covers."""

STAGE1_SHARE = 0.4
"""Share of the time limit for stage 1 (it stops sooner when its optimum is proven)."""

REPORT_EVERY = 2.0
"""Wall seconds between two reports of stage 2's plans (each costs a polish and a check)."""


@dataclass(eq=False)
class _Report:
    """Reports complete plans only, each better than the last, on the whole solve's clock."""

    progress: ProgressCallback | None
    started: float
    best: float | None = None
    bound: float | None = None

    def plan(self, value: float) -> None:
        if self.best is None or value < self.best:
            self.best = value
            self._emit("solution")

    def new_bound(self, bound: float) -> None:
        self.bound = to_weight_units(bound, bound=True)
        self._emit("bound")

    def _emit(self, kind: str) -> None:
        if self.progress is None:
            return
        event = ProgressEvent(kind, time.perf_counter() - self.started, self.best, self.bound)
        try:
            self.progress(event)
        except Exception:  # a broken display must not abort the search
            logger.exception("progress callback failed")


class _Stage2Plans(cp_model.CpSolverSolutionCallback):
    """Reports stage 2's plans, polished and checked, at most every `REPORT_EVERY` seconds."""

    def __init__(
        self, ctx: ModelContext, timetable: Plan, report: _Report, previous: Plan | None = None
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._timetable = timetable
        self._report = report
        self._previous = previous
        self._last = time.perf_counter()

    def on_solution_callback(self) -> None:
        if time.perf_counter() - self._last < REPORT_EVERY:
            return
        plan = stage2_plan(self._ctx, self._timetable, self.boolean_value)
        self._report.plan(objective(self._ctx.problem, plan, self._previous))
        self._last = time.perf_counter()


def complete_greedily(problem: ProblemData, timetable: Plan) -> Plan:
    """The timetable and roster with `greedy_participation`'s seats and panels, polished."""
    seats, panels = greedy_participation(problem, timetable.sessions)
    return settle_seats(problem, Plan(timetable.sessions, timetable.assignments, seats, panels))


def stage2_plan(
    ctx: ModelContext, timetable: Plan, value: Callable[[cp_model.IntVar], bool]
) -> Plan:
    """The timetable with stage 2's seats, panels and funding, polished."""
    part = ctx.participation
    assert part is not None, "stage 2 always has the participation concern"
    seats, panels, funded = extract_participation(ctx.problem, part, value, timetable.sessions)
    plan = Plan(timetable.sessions, timetable.assignments, seats, panels, funded)
    return settle_seats(ctx.problem, plan)


def timetable_offset(problem: ProblemData, timetable: Plan, previous: Plan | None) -> int:
    """The scaled value of stage 1's soft rules for a timetable that stage 1 did not produce.

    Counted by the checker on the timetable and roster alone (and, for ``plan_change``, against
    the previous timetable and roster alone), which is what stage 1's terms count.
    """
    bare = Plan(timetable.sessions, timetable.assignments)
    before = None if previous is None else Plan(previous.sessions, previous.assignments)
    value = sum(p.penalty for p in penalties(problem, bare, before) if p.rule in TIMETABLE_RULES)
    return round(value * SCALE)


def _no_plan(code: cp_model.CpSolverStatus, seconds: float) -> Result:
    if code == cp_model.INFEASIBLE:
        message = "the hard rules cannot all be kept with these data"
        return Result(Status.INFEASIBLE, solve_seconds=seconds, message=message)
    return Result(
        Status.NO_SOLUTION, solve_seconds=seconds, message=f"no plan found in {seconds:.1f} s"
    )


def solve_staged(
    problem: ProblemData,
    configure: Configure,
    time_limit: float,
    *,
    deterministic: bool = False,
    progress: ProgressCallback | None = None,
    hint: Callable[[ModelContext], None] | None = None,
    previous: Plan | None = None,
) -> Result:
    """Plan in two stages; see the module's description.

    Parameters
    ----------
    problem
        The validated problem.
    configure
        Sets a solver's parameters for a time limit (threads, seed, log, determinism).
    time_limit
        Time for both stages, in the unit ``configure`` limits.
    deterministic
        True when ``configure`` limits deterministic time rather than wall time.
    progress
        Called for every better complete plan and every better stage-2 bound.
    hint
        Adds hints (e.g. from an earlier plan) to stage 1's context, instead of the quick first
        timetable.
    previous
        Replan from this plan (`planner.solver.replan`): its locks and the change of the
        timetable and roster in stage 1, the change of panels and funding (and its hints) in
        stage 2.

    Returns
    -------
    Result
        FEASIBLE with the plan (never OPTIMAL: the timetable was chosen on an estimate of
        participation), or INFEASIBLE or NO_SOLUTION from stage 1. ``best_bound`` covers
        stage 2 (`BOUND_SCOPE`), and is None when stage 2 found no plan of its own.
    """
    budget = Budget(time_limit, deterministic)
    report = _Report(progress, budget.started)
    best: list[tuple[float, Plan]] = []

    def keep(plan: Plan) -> None:
        value = objective(problem, plan, previous)
        if not best or value < best[0][0]:
            best[:] = [(value, plan)]
            report.plan(value)

    ctx1 = build_stage1(problem)
    replan = None if previous is None else add_timetable_previous(ctx1, previous)
    if replan is not None:
        set_objective(ctx1)  # again, with plan_change
    if hint is not None:
        hint(ctx1)
    quick: Plan | None = None
    if hint is None or previous is not None:
        # A replan wants its first plan quickly too: the quick timetable keeps the locks and
        # starts from the previous plan, while stage 1 keeps the previous plan as its hint.
        solver0 = cp_model.CpSolver()
        configure(solver0, budget.left(STAGE1_SHARE))
        solver0.parameters.stop_after_first_solution = True
        ctx0 = first_timetable_model(problem)
        if previous is not None:
            add_locks(ctx0, previous)
            hint_timetable(ctx0, previous)
        code0 = budget.run(solver0, ctx0.model)
        if code0 == cp_model.INFEASIBLE:
            return _no_plan(code0, budget.seconds)
        if code0 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            quick = extract_plan(ctx0, solver0.boolean_value)
            keep(complete_greedily(problem, quick))
            if hint is None:
                hint_timetable(ctx1, quick)
    stage1 = search(ctx1, configure, budget, STAGE1_SHARE)
    if stage1.solver is not None:
        timetable = extract_plan(ctx1, stage1.solver.boolean_value)
        keep(complete_greedily(problem, timetable))
        offset = timetable_terms(ctx1, stage1.solver)
        logger.info(
            "stage 1 (timetable) %s in %.1f s; lower bound of the whole problem %.2f",
            stage1.solver.status_name(stage1.code),
            budget.seconds,
            to_weight_units(stage1.bound or 0.0, bound=True),
        )
    elif quick is not None:
        # Stage 1 found nothing in its share of the time, but the quick timetable is a plan
        # already reported to the user: seat people on it rather than throw it away.
        logger.info("stage 1 found no timetable in its time; stage 2 uses the quick one")
        timetable = quick
        offset = timetable_offset(problem, quick, previous)
    else:
        return _no_plan(stage1.code, budget.seconds)
    mismatch = possible_seats(problem, timetable.sessions) <= MISMATCH_IN_MODEL
    ctx2 = build_stage2(problem, timetable.sessions, offset, mismatch=mismatch)
    if previous is not None:
        add_participation_previous(ctx2, previous)
        set_objective(ctx2)
        add_participation_hint(ctx2, previous)
    solver2 = cp_model.CpSolver()
    configure(solver2, budget.left())
    if progress is not None:
        solver2.best_bound_callback = report.new_bound
    callback = _Stage2Plans(ctx2, timetable, report, previous) if progress is not None else None
    code2 = budget.run(solver2, ctx2.model, callback)
    bound = None
    if code2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = to_weight_units(solver2.best_objective_bound, bound=True)
        keep(stage2_plan(ctx2, timetable, solver2.boolean_value))
    value, plan = best[0]
    if replan is not None and previous is not None:
        plan = replan.carry(problem, plan, previous)
    return Result(
        Status.FEASIBLE,
        plan=plan,
        objective=value,
        best_bound=bound,
        solve_seconds=budget.seconds,
        penalties=tuple(penalties(problem, plan, previous)),
        bound_scope=BOUND_SCOPE,
        message="" if replan is None else replan.message,
    )


__all__ = ["BOUND_SCOPE", "build_stage1", "build_stage2", "solve_staged", "use_staged"]
