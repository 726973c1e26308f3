"""The search of one model: CP-SAT on the whole, then part by part, and again.

An interpreter's weekly cap ties the days of a calendar week together, while little ties one
week to another (travel, paid once, and ``after`` between items). On meetings of two weeks or
more CP-SAT proves a close bound on the whole model early, but its search often settles on a
timetable that costs a paid interpreter-day or two more than the best (figures of the two-week
benchmark in the README, "Meetings of two weeks or more").

So on such meetings the search goes in rounds, each of:

1. CP-SAT on the whole model for `FIRST_SHARE` of the time (a proof of the optimum ends the
   search): a plan and a bound;
2. part by part (`neighbourhoods`: a week, a window across the end of a week, a booth's roster):
   every decision outside the part is fixed to the best plan (what follows from them, such as
   costs, penalties and seats, stays free) and CP-SAT re-plans the part, a small model, for at
   most `PART_SHARE` of the time. The round ends when no part brings a better plan.

A plan can sit where no single part improves it: on the two-week benchmark, a timetable that
holds the same number of six-language sessions in each week, where one more in the first week
saves paid interpreter-days under the odd weekly cap of 7 sessions (a move that shifts a whole
chain of items). So a new round searches the whole model again, with another seed and only
among plans that split the booths' sessions between the weeks in a way no earlier round ended
on (`booth_week_sessions`); its plans count, its bound does not (it covers the restricted
model). The best plan of all rounds is kept. The last run, when too little time is left for a
fresh round (or after `ROUNDS` rounds, or once no new split exists), is on the whole model
hinted with the best plan, to improve it or the bound. On a meeting of one week the search is
one run on the whole model, for all the time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.domain.records import Week, iso_week
from planner.solver.budget import Budget
from planner.solver.context import ModelContext, Var
from planner.solver.interpretation import booth_week_sessions
from planner.solver.objective import to_weight_units

logger = logging.getLogger("planner")

FIRST_SHARE = 0.3
"""Share of the time for the first run on the whole model."""

ROUNDS = 8
"""Most rounds before the last run (on small meetings each takes a moment)."""

PART_SHARE = 0.05
"""Most of the time one part's model may take."""

WINDOW_DAYS = 6
"""Meeting days in a window across the end of a week (half on either side)."""

Configure = Callable[[cp_model.CpSolver, float], None]

_HAS_PLAN = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass(eq=False)
class Outcome:
    """The end of a search.

    Attributes
    ----------
    code
        OPTIMAL (proven), FEASIBLE, INFEASIBLE or UNKNOWN (no plan in the time).
    solver
        The solver whose last solve holds the best plan (its ``value`` and ``boolean_value``
        read it with the variables of the searched context); None without a plan.
    bound
        The best lower bound proven on the whole model (solver units), None when unknown.
    """

    code: cp_model.CpSolverStatus
    solver: cp_model.CpSolver | None = None
    bound: float | None = None

    @property
    def objective(self) -> float:
        """The best plan's objective in solver units."""
        assert self.solver is not None, "only an outcome with a plan has an objective"
        return float(self.solver.objective_value)


def _decisions_by_day(ctx: ModelContext) -> dict[dt.date, set[int]]:
    """The indices of the decisions (``session_at`` and ``works``) on each day."""
    out: dict[dt.date, set[int]] = defaultdict(set)
    for key, var in itertools.chain(ctx.session_at.items(), ctx.works.items()):
        out[ctx.problem.slot(key[1]).date].add(var.index)
    return dict(out)


def weeks_of(
    ctx: ModelContext, by_day: dict[dt.date, set[int]] | None = None
) -> dict[Week, set[int]]:
    """The indices of the decisions in each calendar week (from ``by_day`` when given)."""
    out: dict[Week, set[int]] = defaultdict(set)
    for date, indices in (_decisions_by_day(ctx) if by_day is None else by_day).items():
        out[iso_week(date)] |= indices
    return dict(out)


def neighbourhoods(ctx: ModelContext) -> dict[str, set[int]]:
    """The parts of the plan re-planned one at a time, by name: the decision indices each frees.

    - A calendar week (``week 2024-W36``) frees that week's timetable and roster.
    - A window of `WINDOW_DAYS` meeting days across the end of a week (``days 2024-09-05 to
      2024-09-10``) frees the timetable and roster of those days, so items can move between
      weeks.
    - A booth (``booth ar``) frees that booth's roster over the whole meeting, the timetable
      kept: it drops an interpreter engaged in two weeks in one step (travel is paid once).
    """
    problem = ctx.problem
    by_day = _decisions_by_day(ctx)
    out: dict[str, set[int]] = {
        f"week {year}-W{week:02d}": indices
        for (year, week), indices in weeks_of(ctx, by_day).items()
    }
    days = sorted(by_day)
    half = WINDOW_DAYS // 2
    for before, after in itertools.pairwise(days):
        if iso_week(before) != iso_week(after):
            start = days.index(after)
            window = days[max(start - half, 0) : start + half]
            out[f"days {window[0]} to {window[-1]}"] = set().union(*(by_day[d] for d in window))
    for (iid, _, _), var in ctx.works.items():
        out.setdefault(f"booth {problem.interpreter(iid).booth}", set()).add(var.index)
    return out


def search(
    ctx: ModelContext,
    configure: Configure,
    budget: Budget,
    share: float = 1.0,
    *,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    on_bound: Callable[[float], None] | None = None,
    on_plan: Callable[[float], None] | None = None,
) -> Outcome:
    """Search ``ctx``'s model; see the module's description.

    Parameters
    ----------
    ctx
        The built model, with its objective and any hints.
    configure
        Sets a solver's parameters for a time limit (threads, seed, log, determinism).
    budget
        The whole solve's time.
    share
        The search ends by this share of the budget's limit (counted from the budget's start).
    callback, on_bound
        Given every plan and every bound of the runs on the whole, unrestricted model.
    on_plan
        Called with the objective (solver units) of every plan found otherwise (a part, a
        restricted round) that is better than every plan before it.

    Returns
    -------
    Outcome
        The best plan, with OPTIMAL only when a run on the whole model proved it or the plan
        meets the whole model's bound; INFEASIBLE only when a run on the whole model proved it.
    """
    if len(weeks_of(ctx)) < 2 or not ctx.terms:
        solver, code = _run(
            ctx.model, configure, budget.left(share), budget, callback=callback, on_bound=on_bound
        )
        return _outcome(code, solver)
    rounds = _Rounds(ctx, configure, budget, share, on_plan)
    for attempt in itertools.count():
        step = rounds.next_run(attempt)
        if step is None:
            break
        model, seconds, kind = step
        whole = kind != _RESTRICTED
        spent = budget.spent
        solver, code = _run(
            model,
            configure,
            seconds,
            budget,
            callback=callback if whole else None,
            on_bound=on_bound if whole else None,
            attempt=attempt,
            subsolvers=ROUNDS_SUBSOLVERS,
        )
        if whole and code in (cp_model.INFEASIBLE, cp_model.OPTIMAL):
            return _outcome(code, solver)  # proven on the whole model
        if code == cp_model.INFEASIBLE:
            rounds.exhausted = True  # no plan splits the sessions in a new way
        elif code in _HAS_PLAN:
            rounds.record(solver, kind)
        if kind == _POLISH or rounds.proven:
            break  # the last run, or the best plan proven optimal
        if budget.spent <= spent and not rounds.exhausted:
            break  # a run that did no work would repeat forever
    return rounds.outcome()


_FRESH, _RESTRICTED, _POLISH = "fresh", "restricted", "polish"

ROUNDS_SUBSOLVERS = (
    "max_lp_sym",
    "default_lp",
    "no_lp",
    "max_lp",
    "quick_restart",
    "quick_restart_no_lp",
)
"""The full subsolvers of the rounds, in order: ``max_lp_sym`` first, the order the two-week
gap was measured with (README, "Meetings of two weeks or more"); a meeting of one week takes
`planner.solver.driver.SUBSOLVERS`."""


@dataclass(eq=False)
class _Rounds:
    """The state of a search in rounds: the best plan, the whole model's bound, the splits."""

    ctx: ModelContext
    configure: Configure
    budget: Budget
    share: float
    on_plan: Callable[[float], None] | None
    best: cp_model.CpSolver | None = None
    bound: float | None = None  # from runs on the whole, unrestricted model only
    exhausted: bool = False
    splits: list[dict[tuple[str, Week], int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.parts = neighbourhoods(self.ctx)
        self.loads = booth_week_sessions(self.ctx)

    def next_run(self, attempt: int) -> tuple[cp_model.CpModel, float, str] | None:
        """The model, seconds and kind of the next run on the whole model; None when done."""
        budget, share = self.budget, self.share
        fresh = budget.limit * share * FIRST_SHARE
        if attempt == 0:
            return self.ctx.model, budget.left(share * FIRST_SHARE), _FRESH
        left = budget.remaining(share)
        if left <= 0:
            return None
        if self.best is None:  # no plan yet: all the rest to one more run
            return self.ctx.model, left, _FRESH
        if self.exhausted or attempt >= ROUNDS or left < 1.5 * fresh:
            return _hinted(self.ctx, self.best), left, _POLISH
        if not self.loads:  # no booths, so no split: start afresh with another seed
            return self.ctx.model, fresh, _FRESH
        return _another_split(self.ctx, self.loads, self.splits), fresh, _RESTRICTED

    def record(self, solver: cp_model.CpSolver, kind: str) -> None:
        """Take a run's plan: improve it part by part (unless it is the last run)."""
        if kind != _RESTRICTED:
            run_bound = float(solver.best_objective_bound)
            self.bound = run_bound if self.bound is None else max(self.bound, run_bound)
        if kind != _POLISH:
            explored = [_split(self.loads, solver)]
            solver = _improve_by_parts(
                self.ctx, self.parts, solver, self.configure, self.budget, self.share, self._report
            )
            explored.append(_split(self.loads, solver))  # the parts may go back to an earlier one
            self.splits.extend(split for split in explored if split not in self.splits)
        if kind == _RESTRICTED:
            self._report(float(solver.objective_value))
        if self.best is None or solver.objective_value < self.best.objective_value:
            self.best = solver

    def _report(self, value: float) -> None:
        """Pass on a plan found outside the whole model's callbacks, if better than the best."""
        if self.on_plan is not None and (self.best is None or value < self.best.objective_value):
            self.on_plan(value)

    @property
    def proven(self) -> bool:
        """The best plan meets the bound (objectives are whole numbers)."""
        return (
            self.best is not None
            and self.bound is not None
            and self.best.objective_value <= self.bound + 0.5
        )

    def outcome(self) -> Outcome:
        if self.best is None or self.bound is None:
            return Outcome(cp_model.UNKNOWN)
        code = cp_model.OPTIMAL if self.proven else cp_model.FEASIBLE
        return Outcome(code, self.best, self.bound)


def _split(
    loads: dict[tuple[str, Week], list[Var]], solver: cp_model.CpSolver
) -> dict[tuple[str, Week], int]:
    """How many sessions need each booth in each week in ``solver``'s plan."""
    return {key: sum(solver.value(v) for v in literals) for key, literals in loads.items()}


def _another_split(
    ctx: ModelContext,
    loads: dict[tuple[str, Week], list[Var]],
    splits: list[dict[tuple[str, Week], int]],
) -> cp_model.CpModel:
    """The model restricted to plans that split the booths' sessions between the weeks unlike
    each of ``splits`` (some booth has another number of sessions in some week)."""
    model = ctx.model.clone()
    for number, split in enumerate(splits):
        differs = []
        for key, literals in loads.items():
            literal = model.new_bool_var(f"split{number}_differs[{key[0]},{key[1]}]")
            model.add(sum(literals) != split[key]).only_enforce_if(literal)
            differs.append(literal)
        model.add_bool_or(differs)
    return model


def _run(
    model: cp_model.CpModel,
    configure: Configure,
    seconds: float,
    budget: Budget,
    *,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    on_bound: Callable[[float], None] | None = None,
    attempt: int = 0,
    subsolvers: tuple[str, ...] = (),
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """A solve of ``model``; a later ``attempt`` on the same model searches with another seed,
    and ``subsolvers`` (when given) replaces the full subsolvers' order the configuration set."""
    solver = cp_model.CpSolver()
    configure(solver, seconds)
    solver.parameters.random_seed += attempt
    if subsolvers and solver.parameters.subsolvers:
        solver.parameters.subsolvers.clear()
        solver.parameters.subsolvers.extend(subsolvers)
    if on_bound is not None:
        solver.best_bound_callback = on_bound
    return solver, budget.run(solver, model, callback)


def _outcome(code: cp_model.CpSolverStatus, solver: cp_model.CpSolver) -> Outcome:
    """The outcome of one run on the whole model."""
    if code not in _HAS_PLAN:
        return Outcome(code)
    return Outcome(code, solver, float(solver.best_objective_bound))


def _hint(model: cp_model.CpModel, solver: cp_model.CpSolver) -> list[int]:
    """Hint every variable of ``model`` (a clone of the model ``solver`` solved) with its
    value in ``solver``'s plan; those values."""
    # A plan of a restricted model (`_another_split`) has more variables, made after these.
    values = list(solver.response_proto.solution)[: len(model.proto.variables)]
    model.clear_hints()  # type: ignore[no-untyped-call]
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    return values


def _hinted(ctx: ModelContext, best: cp_model.CpSolver) -> cp_model.CpModel:
    """The model hinted with ``best``'s plan alone."""
    model = ctx.model.clone()
    _hint(model, best)
    return model


def _fixed_outside(
    ctx: ModelContext, decisions: set[int], free: set[int], best: cp_model.CpSolver
) -> cp_model.CpModel:
    """The model with every decision outside ``free`` fixed to ``best``'s plan, and all of that
    plan as a hint."""
    model = ctx.model.clone()
    values = _hint(model, best)
    variables = model.proto.variables
    for index in decisions - free:
        domain = variables[index].domain
        domain[0] = domain[1] = values[index]
    return model


def _improve_by_parts(
    ctx: ModelContext,
    parts: dict[str, set[int]],
    best: cp_model.CpSolver,
    configure: Configure,
    budget: Budget,
    share: float,
    on_plan: Callable[[float], None] | None,
) -> cp_model.CpSolver:
    """Re-plan one part at a time from ``best`` until a round of all the parts brings no better
    plan (or the time is up); the solver holding the best plan found."""
    decisions = set().union(*parts.values())
    settled: set[str] = set()  # parts tried without gain since the last better plan
    for name in itertools.cycle(parts):
        if len(settled) == len(parts):
            break
        seconds = min(budget.remaining(share), budget.limit * share * PART_SHARE)
        if seconds <= 0:
            break
        if name in settled:
            continue
        model = _fixed_outside(ctx, decisions, parts[name], best)
        solver, code = _run(model, configure, seconds, budget, subsolvers=ROUNDS_SUBSOLVERS)
        logger.debug("%s: %s in %.1f s", name, solver.status_name(code), solver.wall_time)
        if code not in _HAS_PLAN:
            settled.add(name)
            continue
        improved = solver.objective_value < best.objective_value
        if improved:
            value = float(solver.objective_value)
            logger.info("%s re-planned: objective %.2f", name, to_weight_units(value))
            settled.clear()
            if on_plan is not None:
                on_plan(value)
        if solver.objective_value <= best.objective_value:
            best = solver  # an equal plan too: it may open a better move elsewhere
        if not improved:
            settled.add(name)
    return best
