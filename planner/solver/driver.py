"""`solve`: build the model from its concerns, run CP-SAT and return a `Result`."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.domain import Plan, ProblemData, Result, Status
from planner.solver.budget import Budget
from planner.solver.context import ModelContext
from planner.solver.interpretation import add_interpretation
from planner.solver.objective import add_timetable_terms, set_objective, to_weight_units
from planner.solver.participation import add_participation
from planner.solver.progress import ProgressCallback, ProgressReporter
from planner.solver.replan import Replan, add_previous, explain_locks, previous_and_hint
from planner.solver.results import extract_plan, no_plan_result, plan_result, status_of
from planner.solver.search import Configure, search
from planner.solver.staged import solve_staged, use_staged
from planner.solver.timetable import add_timetable

logger = logging.getLogger("planner")

Concern = Callable[[ModelContext], None]

CONCERNS: tuple[Concern, ...] = (
    add_timetable,
    add_interpretation,
    add_participation,  # reads the timetable's variables
    add_timetable_terms,
)
"""Every concern, in the order it is added to the model (later ones read earlier variables)."""


def build_model(problem: ProblemData) -> ModelContext:
    """The complete model of ``problem``: every concern, then the objective."""
    ctx = ModelContext(problem)
    for concern in CONCERNS:
        concern(ctx)
    set_objective(ctx)
    return ctx


SUBSOLVERS = ("max_lp", "max_lp_sym", "default_lp", "no_lp", "quick_restart", "quick_restart_no_lp")
"""Full-problem subsolvers in order of priority; CP-SAT runs as many as the workers allow.

``max_lp`` (the full LP, linearization level 2) comes first: at 2 workers it is the only full
subsolver, beside the interleaved LNS and local search. On the synthetic example's timetable and
interpretation it proves the optimum in well under a second, where ``max_lp_sym`` first took
7-19 s (figures in the README, "How it solves"). The rounds of a meeting of two weeks or more
keep their own order (`planner.solver.search.ROUNDS_SUBSOLVERS`).
"""


def configure(
    solver: cp_model.CpSolver,
    *,
    time_limit: float,
    workers: int,
    seed: int,
    deterministic: bool,
) -> None:
    """Set the search parameters.

    With ``deterministic`` the limit is CP-SAT's deterministic time (roughly seconds, but the
    same work on any machine) and the workers interleave, so the same input gives the same plan.
    """
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    if workers != 1:
        for name in SUBSOLVERS:
            params.subsolvers.append(name)
    if deterministic:
        params.interleave_search = True
        params.max_deterministic_time = time_limit
    else:
        params.max_time_in_seconds = time_limit


def solve(
    problem: ProblemData,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    progress: ProgressCallback | None = None,
    log: Callable[[str], None] | None = None,
    deterministic: bool = False,
    hint: Plan | None = None,
    staged: bool | None = None,
    previous: Plan | None = None,
) -> Result:
    """Plan the meeting: timetable, interpretation roster, funding, seats and panels,
    minimising the soft rules.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit
        Seconds of search (``problem.rules.time_limit_seconds`` when None).
    workers
        Solver threads, 0 for all cores (``problem.rules.workers`` when None).
    seed
        Random seed of the search (``problem.rules.seed`` when None).
    progress
        Called with a `ProgressEvent` for every better plan and every better bound.
    log
        Called with each line of the CP-SAT search log; no log when None.
    deterministic
        Limit the search by deterministic time instead of wall time, so that a run can be
        repeated exactly (with any number of workers).
    hint
        An earlier plan to start from, e.g. after a change in the data.
    staged
        Plan the timetable first and the people second (`planner.solver.staged`) rather than
        all in one model; None chooses by size (`use_staged`). Either way ``best_bound``
        bounds the whole problem; a staged result also has ``stage_bound``, stage 2's.
    previous
        Replan from this plan (`planner.solver.replan`): its locked rows are kept exactly
        (those the new input makes impossible are dropped and named in ``Result.message``) and
        the soft rule ``plan_change`` counts every other row not kept. It is also the hint
        when ``hint`` is None.

    Returns
    -------
    Result
        Always a result: OPTIMAL (proven for the whole problem) or FEASIBLE with the plan,
        INFEASIBLE, or NO_SOLUTION when the time ran out first. Objective and bound are in the
        units of the weights.

    Raises
    ------
    RuntimeError
        If CP-SAT rejects the model (a bug in the planner, never in the data).
    """
    rules = problem.rules
    limit = rules.time_limit_seconds if time_limit is None else time_limit
    hint = previous if hint is None else hint
    configure_run = configurer(
        workers=rules.workers if workers is None else workers,
        seed=rules.seed if seed is None else seed,
        deterministic=deterministic,
        log=log,
    )
    if use_staged(problem) if staged is None else staged:
        result = solve_staged(
            problem,
            configure_run,
            limit,
            deterministic=deterministic,
            progress=progress,
            hint=hint,
            previous=previous,
        )
    else:
        result = solve_joint(
            problem,
            configure_run,
            limit,
            deterministic=deterministic,
            progress=progress,
            hint=hint,
            previous=previous,
        )
    return _with_locks_explained(problem, result, previous, limit)


def configurer(
    *, workers: int, seed: int, deterministic: bool, log: Callable[[str], None] | None
) -> Configure:
    """What sets every CP-SAT run of one solve: `configure`, and the search log to ``log``."""

    def configure_run(solver: cp_model.CpSolver, seconds: float) -> None:
        configure(
            solver, time_limit=seconds, workers=workers, seed=seed, deterministic=deterministic
        )
        if log is not None:
            solver.parameters.log_search_progress = True
            solver.parameters.log_to_stdout = False
            solver.log_callback = log

    return configure_run


def joint_model(
    problem: ProblemData, hint: Plan | None = None, previous: Plan | None = None
) -> tuple[ModelContext, Replan | None]:
    """The whole model, with a replan's locks and ``plan_change``, and the hint."""
    ctx = build_model(problem)
    return ctx, previous_and_hint(ctx, previous, hint, add_previous)


def solve_joint(
    problem: ProblemData,
    configure: Configure,
    time_limit: float,
    *,
    deterministic: bool = False,
    progress: ProgressCallback | None = None,
    hint: Plan | None = None,
    previous: Plan | None = None,
) -> Result:
    """Timetable, roster and participation in one model; its bound covers the whole problem.

    ``solve_seconds`` counts the building of the model too; ``time_limit`` is the search's
    alone (in the unit ``configure`` limits), its clock started once the model is built.
    """
    started = time.perf_counter()
    ctx, replan = joint_model(problem, hint, previous)
    log_module_stats(ctx, time.perf_counter() - started)
    reporter = None
    if progress is not None:
        reporter = ProgressReporter(progress, has_objective=bool(ctx.terms))
    outcome = search(
        ctx,
        configure,
        Budget(time_limit, deterministic),
        callback=reporter,
        on_bound=None if reporter is None else reporter.on_bound,
        on_plan=None if reporter is None else reporter.on_plan,
    )
    status = status_of(outcome.code)
    if not status.has_plan or outcome.solver is None:
        return no_plan_result(status, time.perf_counter() - started)
    plan = extract_plan(ctx, outcome.solver.boolean_value)
    objective = 0.0
    bound: float | None = 0.0  # nothing to minimise: any plan is optimal
    if ctx.terms:
        objective = to_weight_units(outcome.objective)
        bound = None if outcome.bound is None else to_weight_units(outcome.bound, bound=True)
    return plan_result(
        problem,
        status,
        plan,
        objective=objective,
        bound=bound,
        seconds=time.perf_counter() - started,
        previous=previous,
        replan=replan,
    )


def _with_locks_explained(
    problem: ProblemData, result: Result, previous: Plan | None, time_limit: float
) -> Result:
    """An infeasible replan's result, naming the locked rows when they are to blame."""
    if result.status is not Status.INFEASIBLE or previous is None:
        return result
    message = explain_locks(problem, previous, time_limit)
    return dataclasses.replace(result, message=message) if message else result


def log_module_stats(ctx: ModelContext, seconds: float) -> None:
    """Log the model's size: a quick view of what a problem costs to solve."""
    proto = ctx.model.proto
    logger.info(
        "model built in %.2f s: %d variables, %d constraints, %d soft-rule terms",
        seconds,
        len(proto.variables),
        len(proto.constraints),
        len(ctx.terms),
    )
