"""The funding story of a plan: who asked, who is funded, and why each request was or was not.

A secretariat officer reports to donors: every dollar accounted for, every refusal explainable
in one sentence. `request_rows` gives each request its priority and its reason in words, in the
order of the rules that decide it (eligibility, the limits, the budget, then the plan's own
choice); `funding_figures` the totals for the `Summary`; `cheapest_unfunded` what more money
would buy. Computed from the problem and the plan alone, like the rest of the checker.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from planner.check.violation import day_label, delegation_label, money, participant_label
from planner.domain import Delegation, Participant, Plan, ProblemData
from planner.domain.funding import budget_cents, cents, fundable_at_most
from planner.domain.metrics import present_delegations, travel_cost
from planner.reference import lookup

PRIORITIES = ("LDC", "other developing", "in transition", "not eligible")
"""The `Funding` sheet's ``priority``, first served first."""

WESP = "UN DESA World Economic Situation and Prospects (WESP 2024/2025)"


def priority(delegation: Delegation) -> str:
    """``LDC``, ``in transition`` (WESP), ``other developing`` or ``not eligible``.

    An eligible delegation that is not a State (or not in the reference data) counts as other
    developing: eligibility is what the Delegations sheet says.
    """
    if not delegation.funding_eligible:
        return "not eligible"
    if delegation.ldc:
        return "LDC"
    info = lookup(delegation.delegation_id) if delegation.is_state else None
    if info is not None and info.economy == "transition":
        return "in transition"
    return "other developing"


def _not_eligible(problem: ProblemData, delegation: Delegation) -> str:
    label = delegation_label(problem, delegation.delegation_id)
    info = lookup(delegation.delegation_id) if delegation.is_state else None
    if info is not None and info.economy == "developed":
        return f"not eligible: {label} is a developed economy in the {WESP}"
    if info is not None:
        economy = "in transition" if info.economy == "transition" else "a developing economy"
        return (
            f"not eligible: funding_eligible is no for {label} in the Delegations sheet (the "
            f"{WESP} counts it as {economy}, which would be eligible)"
        )
    what = delegation.category.replace("_", " ")
    return (
        f"not eligible: {label} ({what}) is funded only when the Delegations sheet marks it "
        "funding_eligible"
    )


def _plenary_full(problem: ProblemData, plan: Plan, person: Participant) -> str | None:
    """A plenary of the person's days whose room has no seat for one more delegation."""
    if not person.in_person:
        return None
    filled: dict[tuple[str, str, str], int] = defaultdict(int)
    for seat in plan.seats:
        filled[seat.slot_id, seat.room_id, seat.item_id] += 1
    days = set(problem.present_days(person))
    present: dict[dt.date, frozenset[str]] = {}
    for s in plan.sessions:
        day = problem.slot(s.slot_id).date
        if day not in days or not problem.item(s.item_id).plenary:
            continue
        if day not in present:
            present[day] = present_delegations(problem, plan, day)
        if person.delegation_id in present[day]:
            continue
        room = problem.room(s.room_id)
        if filled[s.slot_id, s.room_id, s.item_id] + problem.rules.secretariat_seats >= (
            room.capacity
        ):
            who = delegation_label(problem, person.delegation_id)
            return (
                f"hard rule 9: funding would make {who} present on {day_label(day)}, when the "
                f"plenary of item {s.item_id} in room {s.room_id} has no seat left for it "
                f"({room.capacity} seats)"
            )
    return None


def _better_use(problem: ProblemData, plan: Plan, person: Participant) -> str:
    """Why a request that fits the budget and its delegation's limit is not funded."""
    rules = problem.rules
    if rules.weight("funding_unmet") == 0:
        return "left for a better use of the money: funding_unmet is weighted 0 in the Rules sheet"
    full = _plenary_full(problem, plan, person)
    if full is not None:
        return f"left for a better use of the money: {full}"
    days = problem.present_days(person) if person.in_person else ()
    absent = {d for d in days if person.delegation_id not in present_delegations(problem, plan, d)}
    sessions = sum(1 for s in plan.sessions if problem.slot(s.slot_id).date in absent)
    seating = sessions * rules.weight("delegation_unseated")
    if seating >= rules.weight("funding_unmet"):
        return (
            "left for a better use of the money: delegation_unseated, since its delegation "
            f"would be present in {sessions} more sessions (up to {seating:g}), more than "
            f"funding_unmet ({rules.weight('funding_unmet'):g})"
        )
    return (
        "left for a better use of the money: funding_unmet would favour it, but the search "
        "stopped first; a longer time limit may fund it"
    )


def request_reason(problem: ProblemData, plan: Plan, person: Participant, left: int) -> str:
    """The reason in words for one request, given ``left`` cents of budget unspent."""
    delegation = problem.delegation(person.delegation_id)
    cost = cents(person.travel_cost)
    if person.participant_id in plan.funded:
        return f"funded: {money(person.travel_cost)} of the travel budget"
    if not delegation.funding_eligible:
        return _not_eligible(problem, delegation)
    limit = problem.rules.max_funded_per_delegation
    if limit == 0:
        return "not funded: max_funded_per_delegation is 0 in the Rules sheet"
    if cost > budget_cents(problem):
        return (
            f"ticket above the whole budget: {money(person.travel_cost)} needed, the travel "
            f"budget is {money(problem.rules.travel_budget)}"
        )
    colleagues = sorted(
        p.participant_id
        for p in problem.participants
        if p.participant_id in plan.funded and p.delegation_id == delegation.delegation_id
    )
    if len(colleagues) >= limit:
        names = ", ".join(participant_label(problem, pid) for pid in colleagues)
        return (
            f"the delegation's limit of {limit} funded (max_funded_per_delegation) is reached: "
            f"{names} funded"
        )
    if cost > left:
        return f"budget spent: {money(person.travel_cost)} needed, {money(left / 100)} left"
    return _better_use(problem, plan, person)


def _ids(problem: ProblemData) -> frozenset[str]:
    return frozenset(p.participant_id for p in problem.participants)


@dataclass(frozen=True, slots=True)
class RequestRow:
    """One row of the `Funding` sheet (a request, or a funded person)."""

    person: Participant
    funded: bool
    priority: str
    reason: str


def travel_left_cents(problem: ProblemData, plan: Plan) -> int:
    """What the plan leaves of ``travel_budget``, in cents (never below 0)."""
    spent = sum(
        cents(p.travel_cost) for p in problem.participants if p.participant_id in plan.funded
    )
    return max(0, budget_cents(problem) - spent)


def request_rows(problem: ProblemData, plan: Plan) -> list[RequestRow]:
    """Every request (``needs_funding``) and every funded person, in the Participants' order,
    with priority and reason."""
    left = travel_left_cents(problem, plan)
    return [
        RequestRow(
            p,
            p.participant_id in plan.funded,
            priority(problem.delegation(p.delegation_id)),
            request_reason(problem, plan, p, left),
        )
        for p in problem.participants
        if p.needs_funding or p.participant_id in plan.funded
    ]


def funding_figures(problem: ProblemData, plan: Plan) -> dict[str, float | int | None]:
    """The funding totals of the `Summary` and the benchmark.

    ``fundable_at_most`` is the largest number of requests the hard rules allow at once;
    ``funded_share`` is ``funded_participants / fundable_at_most`` (None when nothing is
    fundable); ``travel_left`` is the budget the plan leaves unspent.
    """
    funded = len(plan.funded & _ids(problem))
    most = len(fundable_at_most(problem))
    return {
        "funded_participants": funded,
        "fundable_at_most": most,
        "funded_share": funded / most if most else None,
        "travel_cost": travel_cost(problem, known_funded(problem, plan)),
        "travel_left": travel_left_cents(problem, plan) / 100,
    }


def known_funded(problem: ProblemData, plan: Plan) -> Plan:
    """The plan with only funded ids the problem knows (costs count those)."""
    return Plan(funded=plan.funded & _ids(problem))


def cheapest_unfunded(
    problem: ProblemData, plan: Plan, limit: int = 10
) -> list[tuple[Participant, float]]:
    """Unfunded requests that more money alone would fund (eligible, ticket within the whole
    budget, delegation below its limit), cheapest first, with the dollars still missing
    (0 when the ticket fits in what is left)."""
    left = travel_left_cents(problem, plan)
    rows = request_rows(problem, plan)
    out = []
    for row in rows:
        p = row.person
        money_alone = row.reason.startswith("budget spent") or (
            row.reason.startswith("left for") and "hard rule" not in row.reason
        )
        if row.funded or not money_alone:
            continue
        out.append((p, max(0, cents(p.travel_cost) - left) / 100))
    out.sort(key=lambda x: (x[0].travel_cost, x[0].participant_id))
    return out[:limit]
