"""`explain`: when no plan exists, a small set of conflicting rules and data, in plain words.

The model is built in explain mode (`ModelContext.explain`): every hard rule on every piece of
data holds only under its own assumption literal (a `Guard`), and the objective is left out.
Solving with all guards assumed true, CP-SAT returns a sufficient set of them when no plan
exists (`sufficient_assumptions_for_infeasibility`); that set is then shrunk by deletion (drop
one guard, re-solve: if still infeasible it was not needed) until removing any one makes a plan
possible, and each remaining guard is worded by `planner.solver.infeasibility.words`.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.domain import ProblemData
from planner.domain.capacity import capacity_issues
from planner.solver.context import Guard, ModelContext
from planner.solver.infeasibility.words import WORDS, Cause, cause
from planner.solver.interpretation import add_interpretation, interpretation_cost_cents
from planner.solver.participation import add_participation
from planner.solver.timetable import add_timetable

logger = logging.getLogger("planner")

HARD_CONCERNS = (add_timetable, add_interpretation, add_participation)
"""The concerns with hard rules, in `planner.solver.driver.CONCERNS` order (no soft terms)."""

SHRINK_SECONDS = 2.0
"""Most seconds for one re-solve while shrinking (an undecided one keeps its guard)."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Whether a plan exists and, if not, why.

    Attributes
    ----------
    feasible
        True when some plan keeps every hard rule.
    causes
        When no plan exists: conflicting hard rules on their data, a set from which no cause
        can be dropped (when every re-solve was decided in time). Empty when feasible.
    message
        A note when the answer is incomplete: the time ran out before feasibility was
        decided, or the conflict lies in rules that cannot be singled out.
    decided
        False when the time ran out before the solver found a plan or proved that none
        exists: then ``feasible`` is False but nothing is known yet.
    """

    feasible: bool
    causes: tuple[Cause, ...] = ()
    message: str = ""
    decided: bool = True

    def __str__(self) -> str:
        if self.feasible:
            return "A plan exists: the hard rules and the data do not conflict."
        if not self.decided:
            return self.message
        lines = ["No plan exists: these rules and data conflict."] if self.causes else []
        lines += [f"- {c}" for c in self.causes]
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)


def build_explain_model(problem: ProblemData) -> ModelContext:
    """The hard rules of ``problem``, each under its guard, without an objective.

    Weights are set to 0 first: soft rules add nothing to the model then.
    """
    rules = problem.rules
    quiet = dataclasses.replace(rules, weights=dict.fromkeys(rules.weights, 0.0))
    ctx = ModelContext(problem.replace(rules=quiet), explain=True)
    for concern in HARD_CONCERNS:
        concern(ctx)
    return ctx


def _solve(ctx: ModelContext, assumed: list[Guard], seconds: float) -> tuple[int, list[int], float]:
    """Status of a solve with ``assumed`` guards true (the others free), the sufficient
    assumptions (variable indices) when infeasible, and the objective value if any."""
    ctx.model.clear_assumptions()
    ctx.model.add_assumptions([g.literal for g in assumed])
    solver = cp_model.CpSolver()
    # One worker: the core is read off that worker's proof, and is reliable there.
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    status = int(solver.solve(ctx.model))
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"planner built an invalid CP-SAT model: {ctx.model.validate()}")
    if status == cp_model.INFEASIBLE:
        return status, list(solver.sufficient_assumptions_for_infeasibility()), 0.0
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and ctx.model.has_objective()
    return status, [], solver.objective_value if found else 0.0


def _shrink(ctx: ModelContext, core: list[Guard], deadline: float) -> tuple[list[Guard], bool]:
    """Drop guards one at a time while the rest stays infeasible (deletion filter).

    Returns the guards kept and whether every re-solve was decided in time (the set is then
    minimal: dropping any one guard makes a plan possible).
    """
    by_index = {g.literal.index: g for g in ctx.guards.values()}
    kept = list(core)
    decided = True
    k = 0
    while k < len(kept):
        seconds = min(SHRINK_SECONDS, deadline - time.perf_counter())
        if seconds <= 0:
            return kept, False
        rest = kept[:k] + kept[k + 1 :]
        status, smaller, _ = _solve(ctx, rest, seconds)
        if status == cp_model.INFEASIBLE:
            # The solver's own core of the rest may drop more than the one guard.
            found = {by_index[i] for i in smaller if i in by_index}
            kept = [g for g in rest if g in found] if found else rest
            k = min(k, len(kept))
            continue
        decided = decided and status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        k += 1  # needed (or undecided in time): keep it
    return kept, decided


def _fallback(problem: ProblemData) -> tuple[Cause, ...]:
    # The conflict lies in rules without guards: the pre-solve counts may still name it.
    return tuple(
        Cause("capacity_check", (i.key,) if i.key else (), i.message, "Fix the data named above.")
        for i in capacity_issues(problem)
        if i.is_error
    )


def explain(problem: ProblemData, *, time_limit: float = 10.0) -> Explanation:
    """Find whether a plan exists and, if not, which hard rules on which data conflict.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit
        Seconds in all: the first solve, then shrinking the conflict (each re-solve at most
        `SHRINK_SECONDS`); a conflict not fully shrunk in time is still a valid conflict.

    Returns
    -------
    Explanation
        ``feasible=True`` when a plan exists; otherwise the causes, each a hard rule on its
        data in plain words with what to relax.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    ctx = build_explain_model(problem)
    guards = list(ctx.guards.values())
    status, core, _ = _solve(ctx, guards, time_limit)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Explanation(feasible=True)
    if status != cp_model.INFEASIBLE:
        return Explanation(
            feasible=False,
            decided=False,
            message=f"Not known yet whether a plan exists: in {time_limit:g} s the solver "
            "found neither a plan nor a proof that none exists; run longer.",
        )
    by_index = {g.literal.index: g for g in guards}
    found = [by_index[i] for i in core if i in by_index]
    logger.info("explain: %d guards, first core of %d", len(guards), len(found))
    if not found:
        causes = _fallback(problem)
        return Explanation(
            feasible=False,
            causes=causes,
            message="" if causes else "The conflict lies in rules that cannot be singled out.",
        )
    kept, minimal = _shrink(ctx, found, deadline)
    logger.info(
        "explain: conflict of %d guard(s) in %.1f s", len(kept), time.perf_counter() - started
    )
    rank = {rule: k for k, rule in enumerate(WORDS)}  # the item first, then what it needs
    order = {g: k for k, g in enumerate(guards)}
    kept.sort(key=lambda g: (rank[g.rule], order[g]))
    facts = _budget_facts(ctx, kept, deadline)
    return Explanation(
        feasible=False,
        causes=tuple(cause(problem, g.rule, g.key, **facts.get(g.rule, {})) for g in kept),
        message=""
        if minimal
        else "The time ran out before this list was made as short as "
        "it can be: some of these rules may not be needed for the conflict.",
    )


def _budget_facts(
    ctx: ModelContext, kept: list[Guard], deadline: float
) -> dict[str, dict[str, float]]:
    """The cheapest interpretation the rest of the conflict allows, when the budget is in it
    (the model is left minimising that cost: call last)."""
    if not any(g.rule == "interpretation_budget" for g in kept):
        return {}
    ctx.model.minimize(interpretation_cost_cents(ctx))
    rest = [g for g in kept if g.rule != "interpretation_budget"]
    seconds = min(SHRINK_SECONDS, deadline - time.perf_counter())
    status, _, cents = _solve(ctx, rest, seconds)
    if status != cp_model.OPTIMAL:
        return {}
    return {"interpretation_budget": {"cheapest": cents / 100}}


def conflict_holds(
    problem: ProblemData, causes: Iterable[Cause], *, time_limit: float = 5.0
) -> bool | None:
    """True when these causes alone (every other hard rule relaxed) leave no plan, False when
    a plan exists, None when undecided in time: a check that a conflict is real and minimal.
    """
    ctx = build_explain_model(problem)
    wanted = {(c.rule, c.data) for c in causes}
    status, _, _ = _solve(ctx, [ctx.guards[key] for key in wanted], time_limit)
    if status == cp_model.INFEASIBLE:
        return True
    return False if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
