"""`explain`: when no plan exists, a small set of conflicting rules and data, in plain words.

The model is built in explain mode (`ModelContext.explain`): every hard rule on every piece of
data holds only under its own assumption literal (a `Guard`), and the objective is left out.
Solving with all guards assumed true, CP-SAT returns a sufficient set of them when no plan
exists (`sufficient_assumptions_for_infeasibility`); that set is then shrunk by an adaptive
deletion filter (drop a chunk of guards, check whether the rest alone still leaves no plan: if
so the chunk was not needed; chunks halve and grow, see `_shrink`) until removing any one
makes a plan possible, and each remaining guard is worded by
`planner.solver.infeasibility.words`. Each check solves a copy of the model with its guards
fixed (`_check`), and a redundant counting constraint (`booth_demand_cut`) lets the LP prove
workload conflicts that clause learning alone did not.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.domain import ProblemData
from planner.domain.capacity import capacity_issues
from planner.solver.context import Guard, Lit, ModelContext, both
from planner.solver.infeasibility.words import WORDS, Cause, cause
from planner.solver.interpretation import add_interpretation, interpretation_cost_cents
from planner.solver.participation import add_participation
from planner.solver.timetable import add_timetable

logger = logging.getLogger("planner")

HARD_CONCERNS = (add_timetable, add_interpretation, add_participation)
"""The concerns with hard rules, in `planner.solver.driver.CONCERNS` order (no soft terms)."""

SHRINK_SECONDS = 4.0
"""Most seconds for one check while shrinking (an undecided one keeps its guard). On the
bundled example each took 0.3-1 s on a loaded 2-core machine, under 0.1 s of it CP-SAT's
deterministic time."""

CHECK_LINEARIZATION = 2
"""CP-SAT's linearization level for the checks: presolve turns some kept rules into enforced
constraints (a session held implies its team), which only level 2 puts into the LP; at level 1
the weekly-limit conflicts of the bundled example stayed undecided at 4-8 s."""

BUDGET_FACT_SECONDS = 5.0
"""Most seconds to find the least the conflicting sessions cost, for the budget's sentence."""

FIRST_QUICK_SECONDS = 2.0
"""Most seconds for the first solve without presolve, before one with presolve."""


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


def build_explain_model(problem: ProblemData, *, cuts: bool = True) -> ModelContext:
    """The hard rules of ``problem``, each under its guard, without an objective.

    Weights are set to 0 first: soft rules add nothing to the model then. ``cuts`` adds the
    redundant `booth_demand_cut` (the same plans, faster proofs; off only to test that).
    """
    rules = problem.rules
    quiet = dataclasses.replace(rules, weights=dict.fromkeys(rules.weights, 0.0))
    ctx = ModelContext(problem.replace(rules=quiet), explain=True)
    for concern in HARD_CONCERNS:
        concern(ctx)
    if cuts:
        booth_demand_cut(ctx)
    return ctx


def booth_demand_cut(ctx: ModelContext) -> None:
    """Redundant, explain mode: each booth's interpreters against the sessions its guarded
    team and retour rules staff, stated so that the solver's LP sees the counting.

    A session of an item needs ``team size`` interpreters of a booth while the item's
    ``team_size`` guard holds, and ``retour_per_team`` of them while only its ``retour`` guard
    does. ``needs`` marks such a session in a slot and room, ``served`` an interpreter working
    at one: each session has its places served, an item has ``sessions x guard`` such sessions
    in all, and nobody serves more of them than there are. All of it is implied by the guarded
    rules (two sessions never share a room and slot), so no plan is lost; but without it a
    conflict of weekly limits is a pigeonhole proof that CP-SAT's clause learning did not
    finish in 60 s on the bundled example (eight six-language sessions, four Spanish
    interpreters allowed two sessions a week each), while with it the LP refutes it at once.
    """
    problem, model = ctx.problem, ctx.model
    guards = {(rule, key): g.literal for (rule, key), g in ctx.guards.items()}
    # (item, booth) -> [(places per session, the literal under which the item needs them)]
    demands: dict[tuple[str, str], list[tuple[int, Lit]]] = {}
    for (_, _, booth), item_ids in ctx.staffed.items():
        for item_id in item_ids:
            if (item_id, booth) in demands:
                continue
            team = guards.get(("team_size", (item_id, booth)))
            retour = guards.get(("retour", (item_id, booth)))
            found: list[tuple[int, Lit]] = []
            if team is not None:
                found.append((problem.team_size(booth), team))
            if retour is not None:
                only: Lit = retour
                if team is not None:  # the retour alone asks for places only without a team
                    only = both(ctx, retour, 1 - team, f"retour_only[{item_id},{booth}]")
                found.append((problem.retour_needed(booth), only))
            demands[item_id, booth] = found
    per_item: dict[tuple[str, str, int], list[Lit]] = defaultdict(list)
    for (slot_id, room_id, booth), item_ids in ctx.staffed.items():
        places: list[cp_model.LinearExprT] = []
        needs: list[Lit] = []
        for item_id in item_ids:
            at = ctx.session_at[item_id, slot_id, room_id]
            for kind, (size, literal) in enumerate(demands[item_id, booth]):
                need = both(ctx, at, literal, f"needs[{item_id},{booth},{slot_id},{room_id}]")
                places.append(size * need)
                needs.append(need)
                per_item[item_id, booth, kind].append(need)
        if not needs:
            continue
        served = []
        for k in problem.interpreters:
            works = ctx.works.get((k.interpreter_id, slot_id, room_id))
            if works is None or k.booth != booth:
                continue
            var = model.new_bool_var(f"served[{k.interpreter_id},{slot_id},{room_id}]")
            model.add_implication(var, works)
            model.add(var <= sum(needs))
            served.append(var)
        model.add(sum(served) >= sum(places))
    for (item_id, booth, kind), needs in per_item.items():
        literal = demands[item_id, booth][kind][1]
        model.add(sum(needs) == problem.item(item_id).sessions * literal)


def _solve(
    ctx: ModelContext,
    assumed: list[Guard],
    seconds: float,
    *,
    presolve: bool = False,
    linearization: int = 1,
) -> tuple[int, list[int], float]:
    """Status of a solve with ``assumed`` guards true and every other guard false (its rule
    relaxed), the sufficient assumptions (variable indices of guards) when infeasible, and the
    objective value if any.

    Relaxing the other guards outright, rather than leaving them free, is what "this set of
    rules alone" means (a guard only ever enables its constraints, so false is never the
    stricter choice). Without ``presolve`` the search starts at once: the first solve over all
    guards is then decided in about a second on the bundled example, where presolve took 1-2 s
    before the search began.
    """
    ctx.model.clear_assumptions()
    chosen = {g.literal.index for g in assumed}
    ctx.model.add_assumptions([g.literal for g in assumed])
    ctx.model.add_assumptions(
        [g.literal.Not() for g in ctx.guards.values() if g.literal.index not in chosen]
    )
    solver = cp_model.CpSolver()
    # One worker: the core is read off that worker's proof, and is reliable there.
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.linearization_level = linearization
    if not presolve:
        solver.parameters.cp_model_presolve = False
        solver.parameters.symmetry_level = 0
    status = int(solver.solve(ctx.model))
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"planner built an invalid CP-SAT model: {ctx.model.validate()}")
    if status == cp_model.INFEASIBLE:
        return status, list(solver.sufficient_assumptions_for_infeasibility()), 0.0
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and ctx.model.has_objective()
    return status, [], solver.objective_value if found else 0.0


def _check(ctx: ModelContext, assumed: list[Guard], seconds: float) -> int:
    """Status of a solve of a copy of the model in which ``assumed`` guards are fixed true and
    every other guard false: a check that those rules alone leave no plan.

    Fixed rather than assumed, presolve removes the relaxed rules and turns the kept ones into
    plain constraints, and `CHECK_LINEARIZATION` puts them in the LP: on the bundled example
    every check of a workload conflict was then decided in under 0.1 s of CP-SAT's
    deterministic time, where an assumption solve without presolve often ran out of 4 s.
    The price is that such a solve names no smaller set of guards.
    """
    ctx.model.clear_assumptions()
    model = ctx.model.clone()
    chosen = {g.literal.index for g in assumed}
    for g in ctx.guards.values():
        index = g.literal.index
        model.add(model.get_bool_var_from_proto_index(index) == int(index in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.linearization_level = CHECK_LINEARIZATION
    status = int(solver.solve(model))
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"planner built an invalid CP-SAT model: {model.validate()}")
    return status


def _decide(ctx: ModelContext, assumed: list[Guard], deadline: float) -> int:
    """`_check` within `SHRINK_SECONDS` and the deadline."""
    seconds = min(SHRINK_SECONDS, deadline - time.perf_counter())
    if seconds <= 0:
        return int(cp_model.UNKNOWN)
    return _check(ctx, assumed, seconds)


def _shrink(ctx: ModelContext, core: list[Guard], deadline: float) -> tuple[list[Guard], bool]:
    """Drop guards, in chunks that halve and grow, while the rest stays infeasible.

    An adaptive deletion filter over the solver's first sufficient set of assumptions: try to
    drop a chunk of the guards not yet known to be needed; if the rest still has no plan the
    chunk goes and the next chunk is twice as large; if a plan appears, the chunk holds a
    needed guard and is halved, down to one guard, which is then known to be needed. A core
    far larger than its conflict shrinks in a few checks; one that is already minimal costs
    one check per guard. (Asking each infeasible check for its own sufficient assumptions as
    well, to drop more at once, made the bundled example's weekly case slower: an assumption
    solve is what the fixed checks of `_check` replace.)

    Returns the guards kept and whether every check was decided in time (the set is then
    minimal: dropping any one guard makes a plan possible).
    """
    kept = list(core)
    needed: set[Guard] = set()
    decided = True
    size = max(1, len(kept) // 2)
    while True:
        open_ = [g for g in kept if g not in needed]
        if not open_:
            return kept, decided
        if time.perf_counter() >= deadline:
            return kept, False
        if not needed and 1 < len(open_) <= size:
            size = len(open_) - 1  # dropping every guard is the last check worth making
        chunk = set(open_[:size])
        rest = [g for g in kept if g not in chunk]
        status = _decide(ctx, rest, deadline)
        if status == cp_model.INFEASIBLE:
            kept = rest
            size = min(size * 2, len(kept))
        elif len(chunk) > 1:
            size = max(1, len(chunk) // 2)
        else:
            decided = decided and status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            needed |= chunk  # needed (or undecided in time): keep it


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
    # Without presolve first: its core is coarser but comes at once; presolve and search may
    # still decide a hard case in the rest of the time.
    status, core, _ = _solve(
        ctx, guards, min(time_limit, FIRST_QUICK_SECONDS), linearization=CHECK_LINEARIZATION
    )
    if status not in (cp_model.INFEASIBLE, cp_model.OPTIMAL, cp_model.FEASIBLE):
        remaining = deadline - time.perf_counter()
        if remaining > 0:
            status, core, _ = _solve(ctx, guards, remaining, presolve=True)
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
    # An optimum, not a check: the full linear relaxation proves it (measured on the bundled
    # example: 2.8 s, against 3.9 s without it and no proof in 5 s with presolve).
    seconds = min(BUDGET_FACT_SECONDS, deadline - time.perf_counter())
    if seconds <= 0:
        return {}
    status, _, cents = _solve(ctx, rest, seconds, linearization=2)
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
    assumed = [ctx.guards[key] for key in wanted]
    # The check explain shrinks with first; then an assumption solve with presolve, which
    # decides some cases the other does not.
    status = _check(ctx, assumed, time_limit / 2)
    if status == cp_model.UNKNOWN:
        status, _, _ = _solve(ctx, assumed, time_limit / 2, presolve=True)
    if status == cp_model.INFEASIBLE:
        return True
    return False if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
