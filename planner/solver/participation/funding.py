"""Travel support and who takes part (hard rules 7-8), with its soft rules.

``funded`` exists only for requests that may be funded: the person asked (``needs_funding``),
the delegation is ``funding_eligible``, at least one person per delegation may be funded and
the ticket fits in the budget. Everyone else is settled when the model is built: a person who
did not ask takes part, a request that cannot be funded does not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from planner.domain.funding import (
    budget_cents,
    cents,
    fundable_at_most,
    funding_due,
    may_be_funded,
)
from planner.solver.context import Lit, ModelContext, Var
from planner.solver.participation.vars import Participation, any_of, is_false

__all__ = ["add_funding", "budget_cents", "may_be_funded"]


def add_funding_variables(ctx: ModelContext, part: Participation) -> None:
    """Make ``funded`` for each fundable request and ``attends`` for everyone (hard rule 8)."""
    for p in ctx.problem.participants:
        pid = p.participant_id
        if not p.needs_funding:
            part.attends[pid] = 1
        elif may_be_funded(ctx.problem, p):
            part.funded[pid] = ctx.model.new_bool_var(f"funded[{pid}]")
            part.attends[pid] = part.funded[pid]
        else:
            part.attends[pid] = 0


def _funded_by_delegation(ctx: ModelContext, part: Participation) -> dict[str, list[Var]]:
    out: dict[str, list[Var]] = defaultdict(list)
    for pid, var in part.funded.items():
        out[ctx.problem.participant(pid).delegation_id].append(var)
    return out


def travel_budget(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 7: funded travel stays within ``travel_budget``."""
    problem = ctx.problem
    cost = [(cents(problem.participant(pid).travel_cost), var) for pid, var in part.funded.items()]
    if sum(c for c, _ in cost) > budget_cents(problem):
        spent = sum(c * var for c, var in cost)
        ctx.enforce(ctx.model.add(spent <= budget_cents(problem)), "travel_budget")


def funded_per_delegation(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 7: at most ``max_funded_per_delegation`` funded people per delegation."""
    limit = ctx.problem.rules.max_funded_per_delegation
    for did, group in _funded_by_delegation(ctx, part).items():
        if len(group) > limit:
            ctx.enforce(ctx.model.add(sum(group) <= limit), "max_funded_per_delegation", did)


def add_presence(ctx: ModelContext, part: Participation) -> None:
    """Make ``present``: a delegation is present on a day when an in-person member takes part.

    A constant 1 when someone who needs no funding is there that day; the OR of the members'
    ``funded`` when only funded people could make it.
    """
    problem = ctx.problem
    members: dict[tuple[str, dt.date], list[Lit]] = defaultdict(list)
    for p in problem.participants:
        attends = part.attends[p.participant_id]
        if p.in_person and not is_false(attends):
            for day in problem.present_days(p):
                members[p.delegation_id, day].append(attends)
    for (did, day), lits in members.items():
        part.present[did, day] = any_of(ctx, lits, f"present[{did},{day}]")


def travel_cost(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``travel_cost``: the weight applies to each dollar of funded travel."""
    problem = ctx.problem
    ctx.penalize(
        "travel_cost",
        sum(cents(problem.participant(pid).travel_cost) * v for pid, v in part.funded.items()),
        unit=0.01,
    )


def ldc_request_waiting(ctx: ModelContext, part: Participation) -> Lit:
    """1 when a request from a least developed country could still be funded and is not.

    Such a request waits while its (eligible) delegation is below ``max_funded_per_delegation``
    funded people. Within a delegation of ``n`` funded people, a request waits exactly when
    ``n < m``, ``m`` being the limit, or the number of requests if smaller and all fundable.
    """
    problem = ctx.problem
    limit = problem.rules.max_funded_per_delegation
    requests: dict[str, list[str]] = defaultdict(list)
    for p in problem.participants:
        d = problem.delegation(p.delegation_id)
        if p.needs_funding and d.ldc and d.funding_eligible:
            requests[d.delegation_id].append(p.participant_id)
    waiting: list[Lit] = []
    for did, people in requests.items():
        fundable = [part.funded[pid] for pid in people if pid in part.funded]
        m = limit if len(fundable) < len(people) else min(limit, len(people))
        if m == 0:
            continue
        if len(fundable) < m:  # never reaches m: always waiting
            return 1
        w = ctx.model.new_bool_var(f"ldc_waiting[{did}]")
        count = sum(fundable)
        ctx.model.add(count >= m * (1 - w))
        ctx.model.add(count <= m - w)
        waiting.append(w)
    return any_of(ctx, waiting, "ldc_waiting")


def funding_priority(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``funding_priority``: each funded person from a delegation that is not a
    least developed country, while a request from one waits (`ldc_request_waiting`)."""
    problem = ctx.problem
    if problem.rules.weight("funding_priority") == 0:
        return
    others = [
        (pid, var)
        for pid, var in part.funded.items()
        if not problem.delegation(problem.participant(pid).delegation_id).ldc
    ]
    if not others:
        return
    waiting = ldc_request_waiting(ctx, part)
    if isinstance(waiting, int):
        if waiting:
            ctx.penalize("funding_priority", sum(var for _, var in others))
        return
    counted = []
    for pid, var in others:
        both = ctx.model.new_bool_var(f"priority[{pid}]")
        ctx.model.add_implication(both, var)
        ctx.model.add_implication(both, waiting)
        ctx.model.add(both >= var + waiting - 1)
        counted.append(both)
    ctx.penalize("funding_priority", sum(counted))


def funding_unmet(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``funding_unmet``: per eligible delegation, `funding_due` minus its funded
    people (never below 0: hard rule 7 keeps the funded within the limit)."""
    due = funding_due(ctx.problem)
    if not due or ctx.problem.rules.weight("funding_unmet") == 0:
        return
    funded = _funded_by_delegation(ctx, part)
    ctx.penalize("funding_unmet", sum(n - sum(funded[did]) for did, n in due.items()))
    # Redundant, for the bound: no plan funds more than `fundable_at_most` (the budget and the
    # delegations' limits), which the LP relaxation of the budget alone does not see.
    most = len(fundable_at_most(ctx.problem))
    if most < sum(due.values()):
        ctx.model.add(sum(part.funded.values()) <= most)


def add_funding(ctx: ModelContext, part: Participation) -> None:
    """Travel support (hard rules 7-8), presence, and the soft rules on funding."""
    add_funding_variables(ctx, part)
    travel_budget(ctx, part)
    funded_per_delegation(ctx, part)
    add_presence(ctx, part)
    travel_cost(ctx, part)
    funding_priority(ctx, part)
    funding_unmet(ctx, part)
