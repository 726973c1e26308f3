"""Re-deal each delegation's seats among its own people for the fewest discipline mismatches.

Within one slot, which member of a delegation holds which of its seats changes only
``discipline_mismatch``: the number of seats the delegation holds in each session stays the
same, and with it room capacity, the delegation's seat limit and ``delegation_unseated``.
In-person panelists keep their seat in their panel's session (hard rule 10). So the best deal
can be found delegation by delegation and slot by slot, by trying every deal when there are
few, which is what a large staged solve does instead of modelling the rule (weight 5) in
CP-SAT.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator

from planner.check.participation import first_session
from planner.domain import Participant, Plan, ProblemData, Seat, Session
from planner.domain.metrics import takes_part

MAX_DEALS = 5000
"""Deals tried per delegation and slot; beyond that the seats are left as they are."""


def _mismatches(
    problem: ProblemData, session: Session, holders: set[str], pool: list[Participant]
) -> int:
    """``discipline_mismatch`` of one delegation in one session, as the checker counts it."""
    wanted = set(problem.item(session.item_id).disciplines)
    if not wanted:
        return 0
    if not any(q.discipline in wanted and q.participant_id not in holders for q in pool):
        return 0
    return sum(problem.participant(pid).discipline not in wanted for pid in holders)


def _deals(
    free: list[str], demand: list[tuple[Session, int]]
) -> Iterator[dict[Session, tuple[str, ...]]]:
    """Every way to give each session its number of people from ``free``, each at most once."""
    if not demand:
        yield {}
        return
    (session, count), rest = demand[0], demand[1:]
    for chosen in itertools.combinations(free, count):
        others = [pid for pid in free if pid not in chosen]
        for deal in _deals(others, rest):
            yield {session: chosen, **deal}


def _count_deals(free: int, demand: list[int]) -> int:
    total, left = 1, free
    for count in demand:
        total *= math.comb(left, count)
        left -= count
    return total


def _best_deal(
    problem: ProblemData,
    seats: list[Seat],
    pool: list[Participant],
    fixed: dict[str, Session],
) -> list[Seat]:
    """The slot's seats of one delegation, re-dealt for the fewest mismatches."""
    sessions = sorted({Session(s.item_id, s.slot_id, s.room_id) for s in seats})
    held = {s: {x.participant_id for x in seats if x.item_id == s.item_id} for s in sessions}
    if not any(problem.item(s.item_id).disciplines for s in sessions):
        return seats
    pinned = {s: {pid for pid, at in fixed.items() if at == s} for s in sessions}
    free = [p.participant_id for p in pool if p.participant_id not in fixed]
    demand = [(s, len(held[s]) - len(pinned[s])) for s in sessions]
    if any(n < 0 for _, n in demand) or sum(n for _, n in demand) > len(free):
        return seats
    if _count_deals(len(free), [n for _, n in demand]) > MAX_DEALS:
        return seats

    def cost(holders: dict[Session, set[str]]) -> int:
        return sum(_mismatches(problem, s, holders[s], pool) for s in sessions)

    best, best_cost = held, cost(held)
    for deal in _deals(free, demand):
        holders = {s: pinned[s] | set(deal[s]) for s in sessions}
        value = cost(holders)
        if value < best_cost:
            best, best_cost = holders, value
    delegation = seats[0].delegation_id
    return [
        Seat(s.slot_id, s.room_id, s.item_id, delegation, pid)
        for s in sessions
        for pid in sorted(best[s])
    ]


def settle_seats(problem: ProblemData, plan: Plan) -> Plan:
    """The plan with each delegation's seats re-dealt among its people, slot by slot, where
    that lowers ``discipline_mismatch``; nothing else changes.

    Parameters
    ----------
    problem
        The problem.
    plan
        A plan that keeps the hard rules.

    Returns
    -------
    Plan
        The same sessions, roster, panels and funding; seats re-dealt.
    """
    in_person_panelists: dict[str, dict[str, Session]] = defaultdict(dict)
    for p in plan.panels:
        first = first_session(problem, plan, p.item_id)
        if first is not None and problem.participant(p.participant_id).in_person:
            in_person_panelists[p.participant_id][first.slot_id] = first
    groups: dict[tuple[str, str], list[Seat]] = defaultdict(list)
    for seat in plan.seats:
        groups[seat.slot_id, seat.delegation_id].append(seat)
    members: dict[str, list[Participant]] = defaultdict(list)
    for person in problem.participants:
        if person.in_person:
            members[person.delegation_id].append(person)
    out: list[Seat] = []
    for (slot_id, delegation_id), seats in groups.items():
        day = problem.slot(slot_id).date
        pool = [p for p in members[delegation_id] if takes_part(problem, plan, p, day)]
        fixed = {
            p.participant_id: in_person_panelists[p.participant_id][slot_id]
            for p in pool
            if slot_id in in_person_panelists[p.participant_id]
        }
        out.extend(_best_deal(problem, seats, pool, fixed))
    return Plan(plan.sessions, plan.assignments, tuple(out), plan.panels, plan.funded)
