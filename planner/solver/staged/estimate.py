"""What the timetable must know of participation when people are planned in a second stage.

A staged solve places the items first and seats people afterwards. To keep the second stage
feasible and the first one aware of what its choices cost in seats, the first stage gets:

- hard: a plenary is held only in a room that seats every delegation surely present that day
  (with the secretariat), and a slot holds no more plenaries than the smallest of those
  delegations can fill (one seat per person per slot);
- soft: an estimate of ``delegation_unseated`` per slot, from room sizes and from how many
  people each delegation has to spread over parallel sessions, with the funding rules (hard
  rule 7 and the funding soft rules, ``funding_unmet`` among them) counted exactly: whether a
  delegation of one person sure to come can sit in two parallel sessions depends on the travel
  budget, and a delegation that only travel support brings needs a seat in every plenary of
  its days (hard rule 9), so a plenary in a small room limits whom funding can bring.

"Surely present" counts only people who need no travel support: the second stage may fund more
people, and declines to where that would break a hard rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from planner.domain import ProblemData
from planner.domain.funding import may_be_funded
from planner.solver.context import Expr, Lit, ModelContext, Var
from planner.solver.participation.funding import add_funding
from planner.solver.participation.vars import Participation


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


def _funded_on(
    problem: ProblemData, funded: dict[str, Var]
) -> dict[tuple[str, dt.date], list[Var]]:
    """``(delegation_id, date) -> funded`` of the delegation's in-person requests that day."""
    out: dict[tuple[str, dt.date], list[Var]] = defaultdict(list)
    for pid, var in funded.items():
        person = problem.participant(pid)
        if person.in_person:
            for day in problem.present_days(person):
                out[person.delegation_id, day].append(var)
    return out


def _brought_by_funding(
    problem: ProblemData,
    present: dict[tuple[str, dt.date], Lit],
    day: dt.date,
    sure: dict[str, int],
) -> list[tuple[str, Var]]:
    """The delegations that only travel support can make present on ``day`` (none of them is
    in ``sure``, those surely present) and that could be seated, each with its ``present``."""
    return [
        (did, lit)
        for (did, when), lit in present.items()
        if when == day
        and did not in sure
        and not isinstance(lit, int)
        and problem.seats_of(problem.delegation(did)) > 0
    ]


def unseated_estimate(
    ctx: ModelContext,
    funded: dict[str, Var] | None = None,
    present: dict[tuple[str, dt.date], Lit] | None = None,
) -> None:
    """Soft estimate of ``delegation_unseated``, slot by slot.

    With ``n`` sessions in a slot, a delegation of ``k`` people present can sit in at most
    ``min(n, k)`` of them, and a room of ``c`` free seats seats at most ``c`` delegations. Of
    the ``n x P`` (session, delegation) pairs, at least ``n x P`` minus either capacity are
    left unseated; both bounds are linear (the first piecewise, convex in ``n``). With the
    ``funded`` literals of the requests, a delegation of ``s`` people sure to come that might
    sit in fewer sessions than the slot can hold misses ``max(0, n - s - funded that day)``;
    without them, every request that may be funded is counted as funded. With the ``present``
    literals, a delegation that only funding brings counts too, when present: among the
    delegations each room leaves out, and missing ``n`` minus its funded people that day.
    """
    problem = ctx.problem
    if problem.rules.weight("delegation_unseated") == 0:
        return
    sure, may = people_sure_to_come(problem), people_who_may_come(problem)
    by_day = _funded_on(problem, funded or {})
    secretariat = problem.rules.secretariat_seats
    estimates = []
    for slot_id, rooms in _places_by_slot(ctx).items():
        day = problem.slot(slot_id).date
        seated = [d for d in sure.get(day, {}) if problem.seats_of(problem.delegation(d)) > 0]
        brought = _brought_by_funding(problem, present or {}, day, sure.get(day, {}))
        top = min(len(rooms), problem.rules.max_parallel_sessions)
        # A delegation whose requests decide whether it can fill the slot's sessions.
        varying = [d for d in seated if sure[day][d] < top and by_day.get((d, day))]
        people = [min(may[day][d], len(rooms)) for d in seated if d not in varying]
        occupied = {room_id: sum(v for _, v in held) for room_id, held in rooms.items()}
        n = sum(occupied.values())
        most = len(seated) + len(brought)
        estimate = ctx.model.new_int_var(0, top * most, f"unseated_estimate[{slot_id}]")
        # The people of each delegation whose presence or people funding decides (an absent
        # one counts ``top`` people, so that it misses nothing).
        people_of = [(d, sure[day][d] + sum(by_day[d, day])) for d in varying]
        people_of += [(d, sum(by_day[d, day]) + top * (1 - here)) for d, here in brought]
        short = [sum(max(0, j - k) for k in people) for j in range(top + 1)]
        missed_all = sum(_missed(ctx, f"unseated_estimate[{slot_id}", n, people_of, top))
        for j in range(top):
            chord = short[j] + (short[j + 1] - short[j]) * (n - j)
            ctx.model.add(estimate >= chord + missed_all)
        total = len(seated) + sum(here for _, here in brought)
        left_out: dict[str, Expr] = {}
        short_of: dict[str, int] = {}  # the most the room may leave out, to order the rooms
        for room_id, occ in occupied.items():
            free = problem.room(room_id).capacity - secretariat
            if most <= free:
                continue
            short_of[room_id] = most - free
            if not brought:
                left_out[room_id] = (len(seated) - free) * occ if len(seated) > free else 0
                continue
            # The delegations present beyond the room's free seats, when a session is held.
            y = ctx.model.new_int_var(0, most - free, f"unseated_estimate[{slot_id},{room_id}]")
            ctx.model.add(y >= total - free - (most - free) * (1 - occ))
            left_out[room_id] = y
        ctx.model.add(estimate >= sum(left_out.values()))
        # Both at once: the pairs a set of small rooms leaves out, plus the sessions in the
        # other rooms that the delegations present cannot all fill (funding decides how many
        # people some of them have there, as in the chord above).
        for small in _small_room_sets(short_of):
            rest = n - sum(occupied[r] for r in small)
            in_small = sum(left_out[r] for r in small)
            name = f"unseated_estimate[{slot_id},{'/'.join(small)}"
            missed_rest = sum(_missed(ctx, name, rest, people_of, top))
            for j in range(top):
                chord = short[j] + (short[j + 1] - short[j]) * (rest - j)
                ctx.model.add(estimate >= in_small + chord + missed_rest)
        estimates.append(estimate)
    ctx.penalize("delegation_unseated", sum(estimates))


def _missed(
    ctx: ModelContext, name: str, sessions: Expr, people_of: list[tuple[str, Expr]], top: int
) -> list[Var]:
    """For each ``(delegation_id, people)``, the sessions of ``sessions`` it cannot fill, one
    person in each: at least ``sessions`` minus ``people`` (and 0)."""
    out = []
    for did, people in people_of:
        u = ctx.model.new_int_var(0, top, f"{name},{did}]")
        ctx.model.add(u >= sessions - people)
        out.append(u)
    return out


SMALL_ROOM_SETS = 4
"""Up to this many rooms too small for a slot's delegations, every set of them is cut in
`unseated_estimate`; beyond, the sets of the smallest rooms only."""


def _small_room_sets(short_of: dict[str, int]) -> list[tuple[str, ...]]:
    """The sets of small rooms `unseated_estimate` cuts with (``short_of``: room -> the most
    delegations it may leave out)."""
    small = sorted(short_of, key=lambda r: (-short_of[r], r))
    if len(small) <= SMALL_ROOM_SETS:
        return [
            subset
            for size in range(1, len(small) + 1)
            for subset in itertools.combinations(small, size)
        ]
    return [tuple(small[:size]) for size in range(1, len(small) + 1)]


def plenaries_seat_the_funded(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 9 for delegations that only travel support brings: in a plenary, the
    delegations present that day (those surely present and those funded) all hold a seat, so
    with ``c`` seats free after the surely present, at most ``c`` others can be present.

    It replaces an estimate of ``funding_unmet`` from the plenary rooms: with the funding
    rules in stage 1 the rule is counted exactly, and this constraint tells it what a small
    plenary room costs.
    """
    problem = ctx.problem
    sure = people_sure_to_come(problem)
    others: dict[dt.date, list[Var]] = defaultdict(list)
    for (did, day), lit in part.present.items():
        if did not in sure.get(day, {}) and not isinstance(lit, int):
            others[day].append(lit)
    secretariat = problem.rules.secretariat_seats
    for (item_id, slot_id, room_id), var in ctx.session_at.items():
        day = problem.slot(slot_id).date
        if not problem.item(item_id).plenary or not others.get(day):
            continue
        free = max(0, problem.room(room_id).capacity - secretariat - len(sure.get(day, {})))
        if len(others[day]) > free:
            ctx.model.add(sum(others[day]) <= free).only_enforce_if(var)


def add_participation_estimate(ctx: ModelContext) -> None:
    """The first stage's view of participation: funding, plenary rooms and an unseated
    estimate. The funding's variables stay in this model: stage 2 decides funding anew."""
    part = Participation(places={})
    add_funding(ctx, part)
    plenary_fits(ctx)
    plenaries_seat_the_funded(ctx, part)
    unseated_estimate(ctx, part.funded, part.present)
