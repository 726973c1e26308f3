"""Which travel requests may be funded, and how many a delegation should get (hard rule 7).

One definition shared by the model, the checker and the plan workbook, so that the soft rule
``funding_unmet`` counts the same requests everywhere. Money is compared in whole cents, as the
model does, so that a ticket exactly equal to the budget fits.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable

from planner.domain.issues import Issue
from planner.domain.problem import ProblemData
from planner.domain.records import AgendaItem, Participant, Rules


def cents(dollars: float) -> int:
    """US dollars as whole cents, the unit of every cost in the model."""
    return round(dollars * 100)


def budget_cents(problem: ProblemData) -> int:
    """The travel budget in whole cents (rounded down: never over the budget)."""
    return math.floor(problem.rules.travel_budget * 100 + 1e-6)


def may_be_funded(problem: ProblemData, person: Participant) -> bool:
    """Hard rules 7-8: the person asked, the delegation is eligible, its limit is above 0 and
    the ticket fits in the whole travel budget."""
    return (
        person.needs_funding
        and problem.delegation(person.delegation_id).funding_eligible
        and problem.rules.max_funded_per_delegation > 0
        and cents(person.travel_cost) <= budget_cents(problem)
    )


def fundable_requests(problem: ProblemData) -> dict[str, list[Participant]]:
    """``delegation_id -> requests that may be funded``, in the order of the Participants."""
    out: dict[str, list[Participant]] = defaultdict(list)
    for p in problem.participants:
        if may_be_funded(problem, p):
            out[p.delegation_id].append(p)
    return dict(out)


def eligible_requests(problem: ProblemData) -> dict[str, list[Participant]]:
    """``delegation_id -> requests (needs_funding) of a funding-eligible delegation``, in the
    order of the Participants: the requests hard rule 7 allows in principle, whatever the
    budget."""
    out: dict[str, list[Participant]] = defaultdict(list)
    for p in problem.participants:
        if p.needs_funding and problem.delegation(p.delegation_id).funding_eligible:
            out[p.delegation_id].append(p)
    return dict(out)


def funding_due(problem: ProblemData) -> dict[str, int]:
    """``delegation_id -> min(max_funded_per_delegation, its eligible requests)``: the funded
    people a delegation should have (soft rule ``funding_unmet``).

    The budget does not enter: the rule counts the experts left at home, so that more money
    can only lower the objective (a plan that fits a budget fits a larger one, with the same
    penalties) and scenarios with different budgets compare on one yardstick.
    """
    limit = problem.rules.max_funded_per_delegation
    due = {did: min(limit, len(people)) for did, people in eligible_requests(problem).items()}
    return {did: n for did, n in due.items() if n > 0}


def funding_unmet(problem: ProblemData, funded: Collection[str]) -> dict[str, int]:
    """``delegation_id -> funding_due minus its funded people`` for every delegation short of
    what it is due (soft rule ``funding_unmet``); unknown ids in ``funded`` are ignored."""
    have: dict[str, int] = defaultdict(int)
    for pid in funded:
        try:
            have[problem.participant(pid).delegation_id] += 1
        except KeyError:
            continue
    due = funding_due(problem)
    return {did: n - have[did] for did, n in due.items() if n > have[did]}


def fundable_at_most(problem: ProblemData) -> list[Participant]:
    """The largest set of requests the hard rules allow at once: cheapest first, each taken
    when its delegation is below ``max_funded_per_delegation`` and it fits in what is left.

    Taking the cheapest requests that a partition limit allows is optimal for the number of
    requests (the limits form a partition matroid), so ``len`` of this is "fundable at most".
    """
    limit = problem.rules.max_funded_per_delegation
    left = budget_cents(problem)
    taken: dict[str, int] = defaultdict(int)
    out: list[Participant] = []
    requests = [p for people in fundable_requests(problem).values() for p in people]
    for p in sorted(requests, key=lambda p: (cents(p.travel_cost), p.participant_id)):
        if taken[p.delegation_id] < limit and cents(p.travel_cost) <= left:
            taken[p.delegation_id] += 1
            left -= cents(p.travel_cost)
            out.append(p)
    return out


def unmet_weight_floor(
    rules: Rules, items: Iterable[AgendaItem], participants: Iterable[Participant]
) -> float:
    """The least weight of ``funding_unmet`` for which no plan spares a fundable request to
    avoid the penalties its presence may bring: unseated in every session of the meeting,
    ``funding_priority`` once, and the dearest ticket's ``travel_cost``."""
    sessions = sum(item.sessions for item in items)
    dearest = max((p.travel_cost for p in participants if p.needs_funding), default=0.0)
    return (
        sessions * rules.weight("delegation_unseated")
        + rules.weight("funding_priority")
        + dearest * rules.weight("travel_cost")
    )


def funding_weight_issue(
    rules: Rules, items: Iterable[AgendaItem], participants: Iterable[Participant]
) -> Issue | None:
    """A warning when ``weight_funding_unmet`` may not outrank what one more present delegation
    can cost in this meeting (see `unmet_weight_floor`); None when it does, or is 0 on purpose."""
    weight = rules.weight("funding_unmet")
    floor = unmet_weight_floor(rules, items, participants)
    if weight == 0 or weight > floor:
        return None
    message = (
        f"weight_funding_unmet ({weight:g}) does not outrank what one more present delegation "
        f"can cost in this meeting ({floor:g}: sessions x weight_delegation_unseated + "
        "weight_funding_priority + the dearest ticket x weight_travel_cost), so a plan may "
        f"leave a fundable expert at home to spare seats; set it above {math.floor(floor) + 1}"
    )
    return Issue(message, sheet="Rules", severity="warning")
