"""What the timetable must know of participation when people are planned in a second stage.

A staged solve places the items first and seats people afterwards. To keep the second stage
feasible and the first one aware of what its choices cost in seats, the first stage gets:

- hard: a plenary is held only in a room that seats every delegation surely present that day
  (with the secretariat), and a slot holds no more plenaries than the smallest of those
  delegations can fill (one seat per person per slot);
- soft: an estimate of ``delegation_unseated`` per slot, from room sizes and from how many
  people each delegation has to spread over parallel sessions;
- soft: an estimate of ``funding_unmet`` per day: a plenary in a room too small for the
  delegations that travel support could bring (`funding_at_risk`) would leave them unfunded.

"Surely present" counts only people who need no travel support: the second stage may fund more
people, and declines to where that would break a hard rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from planner.domain import ProblemData
from planner.domain.funding import fundable_at_most, may_be_funded
from planner.solver.context import ModelContext, Var


def people_sure_to_come(problem: ProblemData) -> dict[dt.date, dict[str, int]]:
    """``date -> delegation_id -> in-person people taking part without travel support``."""
    out: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in problem.participants:
        if p.in_person and not p.needs_funding:
            for day in problem.present_days(p):
                out[day][p.delegation_id] += 1
    return out


def people_who_may_come(problem: ProblemData) -> dict[dt.date, dict[str, int]]:
    """``date -> delegation_id -> in-person people who may take part (funded or not)``."""
    out: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in problem.participants:
        if p.in_person and (not p.needs_funding or may_be_funded(problem, p)):
            for day in problem.present_days(p):
                out[day][p.delegation_id] += 1
    return out


def _places_by_slot(ctx: ModelContext) -> dict[str, dict[str, list[tuple[str, Var]]]]:
    """``slot_id -> room_id -> [(item_id, session_at)]``."""
    out: dict[str, dict[str, list[tuple[str, Var]]]] = defaultdict(lambda: defaultdict(list))
    for (item_id, slot_id, room_id), var in ctx.session_at.items():
        out[slot_id][room_id].append((item_id, var))
    return out


def plenary_fits(ctx: ModelContext) -> None:
    """A plenary is held only where every delegation surely present can sit (hard rule 9)."""
    problem = ctx.problem
    coming = people_sure_to_come(problem)
    secretariat = problem.rules.secretariat_seats
    for slot_id, rooms in _places_by_slot(ctx).items():
        day = problem.slot(slot_id).date
        present = coming.get(day, {})
        unseatable = any(problem.seats_of(problem.delegation(d)) == 0 for d in present)
        fill = min(present.values(), default=len(rooms))
        plenaries: list[Var] = []
        for room_id, held in rooms.items():
            too_small = problem.room(room_id).capacity - secretariat < len(present)
            for item_id, var in held:
                if not problem.item(item_id).plenary:
                    continue
                if too_small or unseatable:
                    ctx.model.add(var == 0)
                plenaries.append(var)
        if len(plenaries) > fill:
            ctx.model.add(sum(plenaries) <= fill)


def unseated_estimate(ctx: ModelContext) -> None:
    """Soft estimate of ``delegation_unseated``, slot by slot.

    With ``n`` sessions in a slot, a delegation of ``k`` people present can sit in at most
    ``min(n, k)`` of them, and a room of ``c`` free seats seats at most ``c`` delegations. Of
    the ``n x P`` (session, delegation) pairs, at least ``n x P`` minus either capacity are
    left unseated; both bounds are linear (the first piecewise, convex in ``n``).
    """
    problem = ctx.problem
    if problem.rules.weight("delegation_unseated") == 0:
        return
    sure, may = people_sure_to_come(problem), people_who_may_come(problem)
    secretariat = problem.rules.secretariat_seats
    estimates = []
    for slot_id, rooms in _places_by_slot(ctx).items():
        day = problem.slot(slot_id).date
        people = [
            min(may[day][d], len(rooms))
            for d in sure.get(day, {})
            if problem.seats_of(problem.delegation(d)) > 0
        ]
        total = len(people)
        occupied = {room_id: sum(v for _, v in held) for room_id, held in rooms.items()}
        n = sum(occupied.values())
        top = min(len(rooms), problem.rules.max_parallel_sessions)
        estimate = ctx.model.new_int_var(0, top * total, f"unseated_estimate[{slot_id}]")
        short = [sum(max(0, j - k) for k in people) for j in range(top + 1)]
        for j in range(top):
            ctx.model.add(estimate >= short[j] + (short[j + 1] - short[j]) * (n - j))
        too_few = {
            room_id: max(0, total - (problem.room(room_id).capacity - secretariat))
            for room_id in rooms
        }
        ctx.model.add(estimate >= sum(too_few[r] * occ for r, occ in occupied.items()))
        estimates.append(estimate)
    ctx.penalize("delegation_unseated", sum(estimates))


def funding_at_risk(ctx: ModelContext) -> None:
    """Soft estimate of ``funding_unmet``, day by day.

    The requests the budget can fund at most (`fundable_at_most`) may make delegations present
    that are not surely present; each then needs a seat in every plenary of its days (hard
    rule 9). A plenary in a room with ``c`` free seats leaves ``sure + new - c`` of them out,
    at most ``new``: the day's estimate is the largest of its plenaries'.
    """
    problem = ctx.problem
    if problem.rules.weight("funding_unmet") == 0:
        return
    sure = people_sure_to_come(problem)
    new: dict[dt.date, set[str]] = defaultdict(set)
    for p in fundable_at_most(problem):
        for day in problem.present_days(p) if p.in_person else ():
            if p.delegation_id not in sure.get(day, {}):
                new[day].add(p.delegation_id)
    secretariat = problem.rules.secretariat_seats
    at_risk: dict[dt.date, list[tuple[int, Var]]] = defaultdict(list)
    for (item_id, slot_id, room_id), var in ctx.session_at.items():
        day = problem.slot(slot_id).date
        if not new.get(day) or not problem.item(item_id).plenary:
            continue
        free = problem.room(room_id).capacity - secretariat - len(sure.get(day, {}))
        lost = min(len(new[day]), max(0, len(new[day]) - free))
        if lost > 0:
            at_risk[day].append((lost, var))
    estimates = []
    for day, risks in sorted(at_risk.items()):
        estimate = ctx.model.new_int_var(0, len(new[day]), f"unfunded_estimate[{day}]")
        for lost, var in risks:
            ctx.model.add(estimate >= lost * var)
        estimates.append(estimate)
    if estimates:
        ctx.penalize("funding_unmet", sum(estimates))


def add_participation_estimate(ctx: ModelContext) -> None:
    """The first stage's view of participation: plenary rooms, unseated and unfunded
    estimates."""
    plenary_fits(ctx)
    unseated_estimate(ctx)
    funding_at_risk(ctx)
