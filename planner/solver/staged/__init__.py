"""The staged solve: the timetable first, then the people.

One joint model of timetable, roster and participation is too large for large meetings (tens
of thousands of seats), so they are planned in two stages:

1. the timetable and the interpretation roster, with the first stage's view of participation
   (`estimate`: plenaries fit the room, and an estimate of unseated delegations);
2. funding, seats and panels with that timetable fixed (`planner.solver.participation` on a
   context whose sessions are constants).

A quick first timetable (stage 1's hard rules without its objective, which CP-SAT's feasibility
search finds much sooner than stage 1 finds its first plan) is completed by `greedy` into a
first complete plan, reported to ``progress`` at once, kept if nothing better comes, and hinted
to stage 1 (or to the relaxation, when it runs first).

On large meetings (above `MISMATCH_IN_MODEL` possible seats) stage 2 leaves
``discipline_mismatch`` (which members of a delegation hold its seats) to `polish`, which
settles it per delegation and slot: with the rule in the model, stage 2 of the two-week meeting
stayed well above its bound where without it the optimum is proven (figures in the README).
Every plan is polished and reports the checker's objective.

Stage 1 without the roster (`relax_stage1`: the placement model and the interpretation floor)
is a relaxation of stage 1, much smaller, and its timetable, given a roster (stage 1 on that
fixed timetable), is often better than the one stage 1 ends with:

- when stage 1 ends unproven, the relaxation runs next (until `RELAXED_BY` of the limit), raises
  stage 1's bound, and its rostered timetable goes to stage 2 when stage 1 counts it cheaper;
- on a meeting of two weeks or more (`_relaxation_first`), hinted with the quick timetable, it
  runs first, before stage 1 (until `RELAXATION_FIRST_BY`), and its rostered timetable goes to
  stage 2; stage 1 runs only when it gives none. There stage 1, with the roster, found its
  first timetable late or not at all.

Two bounds come out: stage 2's (``Result.stage_bound``: no plan with this timetable does better)
and the whole problem's (``Result.best_bound``): stage 1's bound (or its relaxation's) plus
`people_bound`, the people's soft rules that stage 1 does not count, bounded apart (`bound` says
why the sum is valid). A plan that meets the whole problem's bound is OPTIMAL.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ortools.sat.python import cp_model

from planner.check import objective, penalties
from planner.domain import Penalty, Plan, ProblemData, Result, Status
from planner.solver.budget import Budget
from planner.solver.context import SCALE, ModelContext
from planner.solver.hints import hint_participation, hint_timetable
from planner.solver.objective import set_objective, to_weight_units
from planner.solver.participation.extract import extract_participation
from planner.solver.progress import ProgressCallback, ProgressReporter
from planner.solver.replan import (
    Replan,
    add_locks,
    add_participation_previous,
    add_timetable_previous,
    previous_and_hint,
)
from planner.solver.results import extract_plan, no_plan_result, plan_result, status_of
from planner.solver.search import Configure, search
from planner.solver.staged.bound import PEOPLE_SHARE, people_bound, stage1_is_relaxation
from planner.solver.staged.greedy import greedy_funding, greedy_participation
from planner.solver.staged.polish import settle_seats
from planner.solver.staged.relaxation import relax_stage1
from planner.solver.staged.stages import (
    MISMATCH_IN_MODEL,
    TIMETABLE_RULES,
    build_stage1,
    build_stage2,
    first_timetable_model,
    possible_seats,
    timetable_terms,
    use_staged,
)

logger = logging.getLogger("planner")

STAGE1_SHARE = 0.4
"""Share of the time limit for stage 1 (it stops sooner when its optimum is proven)."""

RELAXED_BY = 0.6
"""When stage 1 ends unproven, `relax_stage1` runs until this share of the time limit is
spent (it stops sooner when it proves its optimum), which leaves stage 2 at least a quarter.
Its bound is what the whole problem's gap waits for, and its timetable is often better than
stage 1's: stage 1 carries the roster, which slows its search, while the interpretation's share
of the objective is small (figures in the README)."""

RELAXATION_FIRST_BY = 0.65
"""On a meeting of two weeks or more, `relax_stage1` runs first, until this share of the time
limit (`_relaxation_first`); its timetable, with a roster, goes to stage 2 instead of stage 1's,
and stage 1 runs only when it gives none."""

STAGE1_AFTER_BY = 0.75
"""When the relaxation ran first but left no timetable with a roster, stage 1 runs until this
share of the time limit (at least a tenth of it)."""

ROSTER_SHARE = 0.05
"""Share of the time limit for stage 1 on the relaxation's timetable (the roster alone)."""

REPORT_EVERY = 2.0
"""Wall seconds between two reports of stage 2's plans (each costs a polish and a check)."""


class _Stage2Plans(cp_model.CpSolverSolutionCallback):
    """Reports stage 2's plans, polished and checked, at most every `REPORT_EVERY` seconds."""

    def __init__(
        self,
        ctx: ModelContext,
        timetable: Plan,
        reporter: ProgressReporter,
        previous: Plan | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._timetable = timetable
        self._reporter = reporter
        self._previous = previous
        self._last = time.perf_counter()

    def on_solution_callback(self) -> None:
        if time.perf_counter() - self._last < REPORT_EVERY:
            return
        plan = stage2_plan(self._ctx, self._timetable, self.boolean_value)
        self._reporter.found_plan(objective(self._ctx.problem, plan, self._previous))
        self._last = time.perf_counter()


def complete_greedily(problem: ProblemData, timetable: Plan) -> Plan:
    """The timetable and roster with `greedy_funding`'s requests funded and
    `greedy_participation`'s seats and panels, polished."""
    funded = greedy_funding(problem, timetable.sessions)
    seats, panels = greedy_participation(problem, timetable.sessions, funded)
    plan = Plan(timetable.sessions, timetable.assignments, seats, panels, funded)
    return settle_seats(problem, plan)


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


class _Rostered(NamedTuple):
    """The relaxation's timetable with stage 1's roster for it."""

    timetable: Plan
    value: float  # stage 1's objective (scaled)
    terms: int  # the scaled value of stage 1's soft rules (`timetable_terms`)


@dataclass(eq=False)
class _Staged:
    """One staged solve: its problem, its clock, and the best complete plan so far."""

    problem: ProblemData
    configure: Configure
    budget: Budget
    previous: Plan | None
    reporter: ProgressReporter | None
    value: float = math.inf
    plan: Plan | None = None
    rows: list[Penalty] = field(default_factory=list)  # the best plan's penalties
    stage1_bound: int | None = None  # scaled; None when it cannot speak for the whole problem
    unproven: Plan | None = None  # the timetable of an unproven stage 1, for `relax`
    stage1_value: float = math.inf  # stage 1's objective (scaled) of the timetable it gives

    def keep(self, plan: Plan) -> None:
        """Keep a complete plan if the checker counts it better than the best so far."""
        rows = penalties(self.problem, plan, self.previous)
        value = sum(r.penalty for r in rows)
        if self.plan is None or value < self.value:
            self.value, self.plan, self.rows = value, plan, rows
            if self.reporter is not None:
                self.reporter.found_plan(value)

    def quick_timetable(self) -> tuple[cp_model.CpSolverStatus, Plan | None]:
        """Any timetable and roster that keep stage 1's hard rules (and a replan's locks)."""
        solver = cp_model.CpSolver()
        self.configure(solver, self.budget.left(STAGE1_SHARE))
        # The model has no objective, so its first solution ends the search anyway. Stopping
        # at once rather than where the interleaved workers meet is faster, but which worker
        # is first is then a race: a deterministic solve would not repeat.
        solver.parameters.stop_after_first_solution = not self.budget.deterministic
        ctx = first_timetable_model(self.problem)
        if self.previous is not None:
            add_locks(ctx, self.previous)
            hint_timetable(ctx, self.previous)
        code = self.budget.run(solver, ctx.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return code, None
        return code, extract_plan(ctx, solver.boolean_value)

    def stage1(
        self, ctx: ModelContext, quick: Plan | None, share: float = STAGE1_SHARE
    ) -> tuple[cp_model.CpSolverStatus, tuple[Plan, int] | None]:
        """Stage 1's timetable and the scaled value of its soft rules (searched until ``share``
        of the limit), or the quick timetable when stage 1 finds none in its time."""
        found = search(ctx, self.configure, self.budget, share)
        relaxed = stage1_is_relaxation(self.problem)
        if found.bound is not None and relaxed:
            self.stage1_bound = max(self.stage1_bound or 0, math.ceil(found.bound - 1e-6))
        if found.solver is not None:
            timetable = extract_plan(ctx, found.solver.boolean_value)
            logger.info(
                "stage 1 (timetable) %s in %.1f s; its lower bound %.2f",
                found.solver.status_name(found.code),
                self.budget.seconds,
                to_weight_units(found.bound or 0.0, bound=True),
            )
            self.keep(complete_greedily(self.problem, timetable))
            if relaxed and found.code != cp_model.OPTIMAL:
                self.unproven = timetable
            self.stage1_value = found.solver.objective_value
            return found.code, (timetable, timetable_terms(ctx, found.solver))
        if quick is None:
            return found.code, None
        # Stage 1 found nothing in its share of the time, but the quick timetable is a plan
        # already reported to the user: seat people on it rather than throw it away.
        logger.info("stage 1 found no timetable in its time; stage 2 uses the quick one")
        if relaxed:  # nor a bound, most likely: the relaxations still give one
            self.unproven = quick
        return found.code, (quick, timetable_offset(self.problem, quick, self.previous))

    def relax(self, hint: Plan | None, by: float) -> _Rostered | None:
        """Raise stage 1's bound with `relax_stage1` (hinted with ``hint``, until ``by`` of the
        limit), and give the relaxation's timetable a roster (None without one)."""
        seconds = self.budget.left(by)
        relaxed = relax_stage1(self.problem, self.configure, self.budget, seconds, hint)
        if stage1_is_relaxation(self.problem):  # else its bound says nothing of the whole
            self.stage1_bound = max(self.stage1_bound or 0, relaxed.bound)
        if relaxed.timetable is None:
            return None
        rostered = self.roster(relaxed.timetable)
        if rostered is not None:
            self.keep(complete_greedily(self.problem, rostered.timetable))
        return rostered

    def better(self, found: tuple[Plan, int], rostered: _Rostered | None) -> tuple[Plan, int]:
        """Stage 1's timetable (``found``, with its scaled terms) or the relaxation's, whichever
        stage 1 counts cheaper (stage 1's on a tie)."""
        if rostered is None:
            return found
        own = "none"
        if not math.isinf(self.stage1_value):
            own = f"{to_weight_units(self.stage1_value):.2f}"
        logger.info(
            "stage 1 counts the relaxation's timetable at %.2f, its own at %s",
            to_weight_units(rostered.value),
            own,
        )
        if rostered.value >= self.stage1_value:
            return found
        return rostered.timetable, rostered.terms

    def roster(self, timetable: Plan) -> _Rostered | None:
        """Stage 1 on a fixed timetable (the roster alone), in `ROSTER_SHARE` of the limit;
        None when it finds no roster."""
        ctx, _ = _stage1_model(self.problem, None, self.previous)
        chosen = {(s.item_id, s.slot_id, s.room_id) for s in timetable.sessions}
        for key, var in ctx.session_at.items():
            ctx.model.add(var == (key in chosen))
        solver = cp_model.CpSolver()
        self.configure(solver, self.budget.limit * ROSTER_SHARE)
        code = self.budget.run(solver, ctx.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            logger.info("no roster for the relaxation's timetable (%s)", solver.status_name(code))
            return None
        plan = extract_plan(ctx, solver.boolean_value)
        return _Rostered(plan, solver.objective_value, timetable_terms(ctx, solver))

    def stage2(self, timetable: Plan, offset: int) -> float | None:
        """Funding, seats and panels on the timetable: the plan kept if better, the bound
        (None when stage 2 finds no plan of its own)."""
        mismatch = possible_seats(self.problem, timetable.sessions) <= MISMATCH_IN_MODEL
        ctx = build_stage2(self.problem, timetable.sessions, offset, mismatch=mismatch)
        if self.previous is not None:
            add_participation_previous(ctx, self.previous)
            set_objective(ctx)
            hint_participation(ctx, self.previous)
        solver = cp_model.CpSolver()
        self.configure(solver, self.budget.left(1 - PEOPLE_SHARE))
        callback = None
        if self.reporter is not None:  # the bound it reports is the whole problem's, at the end
            callback = _Stage2Plans(ctx, timetable, self.reporter, self.previous)
        code = self.budget.run(solver, ctx.model, callback)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        bound = to_weight_units(solver.best_objective_bound, bound=True)
        self.keep(stage2_plan(ctx, timetable, solver.boolean_value))
        return bound


def _relaxation_first(problem: ProblemData, previous: Plan | None) -> bool:
    """True when `relax_stage1` runs before stage 1: on a meeting of two weeks or more, where
    stage 1 (with the roster, searched in rounds) finds its first timetable late and rarely
    proves it, while the relaxation proves its optimum (figures in the README). Not in a
    replan, whose locks and change the relaxation does not know, nor where stage 1's bound is
    not the whole problem's (`stage1_is_relaxation`)."""
    weeks = {slot.week for slot in problem.slots}
    return previous is None and len(weeks) >= 2 and stage1_is_relaxation(problem)


def _stage1_model(
    problem: ProblemData, hint: Plan | None, previous: Plan | None
) -> tuple[ModelContext, Replan | None]:
    """Stage 1's model, with a replan's locks and change, and the hint."""
    ctx = build_stage1(problem)
    return ctx, previous_and_hint(ctx, previous, hint, add_timetable_previous)


def solve_staged(
    problem: ProblemData,
    configure: Configure,
    time_limit: float,
    *,
    deterministic: bool = False,
    progress: ProgressCallback | None = None,
    hint: Plan | None = None,
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
        Called for every better complete plan and once with the whole problem's bound.
    hint
        An earlier plan whose timetable and roster stage 1 starts from, instead of the quick
        first timetable (stage 1 then runs first on any meeting).
    previous
        Replan from this plan (`planner.solver.replan`): its locks and the change of the
        timetable and roster in stage 1, the change of panels and funding (and its hints) in
        stage 2.

    Returns
    -------
    Result
        OPTIMAL or FEASIBLE with the plan, or INFEASIBLE or NO_SOLUTION from stage 1.
        ``best_bound`` is the whole problem's (OPTIMAL when the plan meets it);
        ``stage_bound`` is stage 2's, None when stage 2 found no plan of its own.
    """
    budget = Budget(time_limit, deterministic)
    reporter = None
    if progress is not None:
        reporter = ProgressReporter(progress, has_objective=True, started=budget.started)
    run = _Staged(problem, configure, budget, previous, reporter)
    quick: Plan | None = None
    if hint is None or previous is not None:
        # A replan wants its first plan quickly too: the quick timetable keeps the locks and
        # starts from the previous plan, while stage 1 keeps the previous plan as its hint.
        code, quick = run.quick_timetable()
        if code == cp_model.INFEASIBLE:
            return no_plan_result(Status.INFEASIBLE, budget.seconds)
        if quick is not None:
            run.keep(complete_greedily(problem, quick))
    replan = None
    # From the quick timetable only: it proves the relaxation has a plan (an infeasible meeting
    # has none), and a user's hint is stage 1's to start from.
    relaxation_first = quick is not None and hint is None and _relaxation_first(problem, previous)
    first = None  # the relaxation's timetable with a roster, when the relaxation runs first
    if relaxation_first:
        first = run.relax(quick, RELAXATION_FIRST_BY)
    if first is not None:
        # Stage 1 would start from it and, with the roster, not find its hint in its time.
        logger.info("stage 2 takes the relaxation's timetable; stage 1 is not run")
        found: tuple[Plan, int] | None = (first.timetable, first.terms)
    else:
        # Built once the first plan is out: stage 1, with its funding rules, takes longer.
        ctx1, replan = _stage1_model(problem, hint, previous)
        if hint is None and quick is not None:
            hint_timetable(ctx1, quick)
        share = STAGE1_AFTER_BY if relaxation_first else STAGE1_SHARE
        code, found = run.stage1(ctx1, quick, share)
        if found is not None and run.unproven is not None and not relaxation_first:
            found = run.better(found, run.relax(run.unproven, RELAXED_BY))
    if found is None:
        return no_plan_result(status_of(code), budget.seconds)
    bound = run.stage2(*found)
    # Then, with what stage 2 left (at least `PEOPLE_SHARE`): a proof of stage 2 leaves more.
    # Stage 1 counts the funding rules; without its bound, every soft rule is at least 0.
    people = people_bound(
        problem,
        configure,
        budget,
        budget.left(),
        funding=run.stage1_bound is None,
        rows=run.rows,
    )
    whole = (run.stage1_bound or 0) + people
    if reporter is not None:
        reporter.on_bound(whole)
    assert run.plan is not None, "stage 1's timetable, completed greedily, is a plan"
    proven = round(run.value * SCALE) <= whole  # objectives are whole numbers of scaled units
    return plan_result(
        problem,
        Status.OPTIMAL if proven else Status.FEASIBLE,
        run.plan,
        objective=run.value,
        bound=to_weight_units(whole, bound=True),
        seconds=budget.seconds,
        previous=previous,
        replan=replan,
        stage_bound=bound,
    )


__all__ = ["build_stage1", "build_stage2", "solve_staged", "use_staged"]
