"""Seats in every session (hard rules 8-9), and the soft rules on who sits.

A seat is a boolean per (participant, slot, room), made only for in-person people who may take
part that day, in delegations with seats, where a session may be held. At most one session is
held in a place, so the seat belongs to whichever item is held there; rules that depend on the
item (plenary or not, wanted disciplines) weigh the items' ``session_at``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from planner.domain import AgendaItem
from planner.solver.context import Expr, Lit, ModelContext, Var
from planner.solver.participation.vars import (
    Participation,
    Place,
    held_if,
    is_false,
    is_true,
    occupied,
)


def add_seat_variables(ctx: ModelContext, part: Participation) -> None:
    """Make ``seat`` and ``holders``: a seat is held only in a session that is held (rule 9),
    by an in-person member who takes part that day (rule 8: funded, if a request)."""
    problem = ctx.problem
    for p in problem.participants:
        attends = part.attends[p.participant_id]
        delegation = problem.delegation(p.delegation_id)
        if not p.in_person or is_false(attends) or problem.seats_of(delegation) == 0:
            continue
        days = set(problem.present_days(p))
        for place in part.places.values():
            if place.date not in days:
                continue
            key = (p.participant_id, place.slot_id, place.room_id)
            var = ctx.model.new_bool_var(f"seat[{','.join(key)}]")
            part.seat[key] = var
            group = part.holders.setdefault((place.slot_id, place.room_id), {})
            group.setdefault(p.delegation_id, []).append((p.participant_id, var))
            if not place.sure:
                ctx.model.add(var <= occupied(ctx, place))
            if not isinstance(attends, int):
                ctx.model.add_implication(var, attends)


def one_seat_per_slot(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 9: a participant holds at most one seat per slot."""
    by_slot: dict[tuple[str, str], list[Var]] = defaultdict(list)
    for (pid, slot_id, _), var in part.seat.items():
        by_slot[pid, slot_id].append(var)
    for group in by_slot.values():
        if len(group) > 1:
            ctx.model.add_at_most_one(group)


def delegation_seats(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 9: a delegation holds at most its ``seats`` in a session."""
    problem = ctx.problem
    for by_delegation in part.holders.values():
        for did, seats in by_delegation.items():
            limit = problem.seats_of(problem.delegation(did))
            if len(seats) > limit:
                ctx.model.add(sum(var for _, var in seats) <= limit)


def room_capacity(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 9: a session's seat holders plus ``secretariat_seats`` fit in its room."""
    problem = ctx.problem
    for key, by_delegation in part.holders.items():
        room = problem.room(key[1])
        free = max(0, room.capacity - problem.rules.secretariat_seats)
        seats = [var for group in by_delegation.values() for _, var in group]
        if len(seats) > free:
            ctx.enforce(ctx.model.add(sum(seats) <= free), "seat_capacity", room.room_id)


def _plenary(item: AgendaItem) -> bool:
    return item.plenary


def _seats_of(part: Participation, place: Place, did: str) -> list[Var]:
    return [var for _, var in part.holders.get((place.slot_id, place.room_id), {}).get(did, [])]


def _present_by_day(part: Participation) -> dict[dt.date, list[tuple[str, Lit]]]:
    """``date -> [(delegation_id, present)]`` for the delegations that may be present."""
    out: dict[dt.date, list[tuple[str, Lit]]] = defaultdict(list)
    for (did, day), lit in part.present.items():
        if not is_false(lit):
            out[day].append((did, lit))
    return out


def plenary_seats_everyone(ctx: ModelContext, part: Participation) -> None:
    """Hard rule 9: in a plenary session every delegation present that day holds a seat.

    In explain mode each plenary item has its own constraint, under its guard.
    """
    present_on = _present_by_day(part)
    for place in part.places.values():
        plenary = held_if(ctx, place, _plenary)
        if is_false(plenary):
            continue
        for did, present in present_on[place.date]:
            seats = _seats_of(part, place, did)
            if not ctx.explain:
                ctx.model.add(sum(seats) >= plenary + present - 1)
                continue
            for item_id in place.items:
                if ctx.problem.item(item_id).plenary:
                    held = ctx.session_at[item_id, place.slot_id, place.room_id]
                    need = ctx.model.add(sum(seats) >= held + present - 1)
                    ctx.enforce(need, "plenary_seats", item_id)


def delegation_unseated(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``delegation_unseated``: each present delegation without a seat holder in a
    session. A plenary session seats them all by hard rule, so only places that may hold
    another item count."""
    if ctx.problem.rules.weight("delegation_unseated") == 0:
        return
    unseated: list[Expr] = []
    present_on = _present_by_day(part)
    for place in part.places.values():
        if all(ctx.problem.item(i).plenary for i in place.items):
            continue
        held = occupied(ctx, place)
        for did, present in present_on[place.date]:
            seats = _seats_of(part, place, did)
            if is_true(held) and is_true(present) and len(seats) == 1:
                unseated.append(1 - seats[0])
                continue
            u = ctx.model.new_bool_var(f"unseated[{did},{place.slot_id},{place.room_id}]")
            ctx.model.add(u >= held + present - 1 - sum(seats))
            if not is_true(held):
                ctx.model.add(u <= held)
            if not is_true(present):
                ctx.model.add(u <= present)
            for var in seats:
                ctx.model.add(u + var <= 1)
            unseated.append(u)
    ctx.penalize("delegation_unseated", sum(unseated))


def _wants(discipline: str | None, wanted: bool) -> Callable[[AgendaItem], bool]:
    """Item predicate: ``discipline`` is (``wanted``) or is not (else) among its wishes."""

    def test(item: AgendaItem) -> bool:
        if not item.disciplines:
            return False
        return (discipline in item.disciplines) == wanted

    return test


def _free_colleague(
    ctx: ModelContext, part: Participation, place: Place, pid: str, seat: Var
) -> Expr:
    """1 when the person has a discipline the place's item wants, takes part and holds no seat
    there; 0 when that cannot happen."""
    wanted = held_if(ctx, place, _wants(ctx.problem.participant(pid).discipline, True))
    if is_false(wanted):
        return 0
    attends = part.attends[pid]
    if is_true(wanted) and is_true(attends):
        return 1 - seat
    free = ctx.model.new_bool_var(f"free[{pid},{place.slot_id},{place.room_id}]")
    ctx.model.add(free + seat <= 1)
    ctx.model.add(free >= wanted + attends - seat - 1)
    if not is_true(wanted):
        ctx.model.add(free <= wanted)
    if not isinstance(attends, int):
        ctx.model.add_implication(free, attends)
    return free


def discipline_mismatch(ctx: ModelContext, part: Participation) -> None:
    """Soft rule ``discipline_mismatch``: each seat held by someone whose discipline the item
    does not want while a colleague of the delegation whose discipline it wants is free."""
    problem = ctx.problem
    if problem.rules.weight("discipline_mismatch") == 0:
        return
    counted: list[Var] = []
    for key, by_delegation in part.holders.items():
        place = part.places[key]
        if not any(problem.item(i).disciplines for i in place.items):
            continue
        for members in by_delegation.values():
            if len(members) < 2:
                continue
            free = {pid: _free_colleague(ctx, part, place, pid, seat) for pid, seat in members}
            for pid, seat in members:
                discipline = problem.participant(pid).discipline
                unwanted = held_if(ctx, place, _wants(discipline, False))
                others = [
                    f
                    for q, f in free.items()
                    if q != pid
                    and not is_false(f)
                    and problem.participant(q).discipline != discipline
                ]
                if is_false(unwanted) or not others:
                    continue
                mm = ctx.model.new_bool_var(f"mismatch[{pid},{key[0]},{key[1]}]")
                ctx.model.add_implication(mm, seat)
                if not is_true(unwanted):
                    ctx.model.add(mm <= unwanted)
                ctx.model.add(mm <= sum(others))
                for f in others:
                    ctx.model.add(mm >= seat + unwanted + f - 2)
                counted.append(mm)
    ctx.penalize("discipline_mismatch", sum(counted))


def add_seats(ctx: ModelContext, part: Participation, *, mismatch: bool = True) -> None:
    """Seats (hard rules 8-9) and the soft rules on who sits (``discipline_mismatch`` only
    with ``mismatch``)."""
    add_seat_variables(ctx, part)
    one_seat_per_slot(ctx, part)
    delegation_seats(ctx, part)
    room_capacity(ctx, part)
    plenary_seats_everyone(ctx, part)
    delegation_unseated(ctx, part)
    if mismatch:
        discipline_mismatch(ctx, part)
