"""The timetable: agenda items to slots and rooms (hard rules 1-4).

Placement uses one boolean per compatible (item, slot, room) triple rather than intervals: on
half-day slots the interval model was an order of magnitude slower. Rules 2 (room available, big
enough, with the booths) and 3 (allowed slots, pinned room) are kept by making no variable for an
incompatible triple; the others are constraints.
"""

from __future__ import annotations

from collections import defaultdict

from planner.domain import AgendaItem, ProblemData, Room, Slot
from planner.solver.context import ModelContext, Var


def room_available_and_fits(problem: ProblemData, item: AgendaItem, slot: Slot, room: Room) -> bool:
    """Hard rule 2: the room is free in the slot, seats the attendance and has the booths."""
    return slot.slot_id not in room.unavailable and problem.room_fits(item, room)


def allowed_slots_and_room(item: AgendaItem, slot: Slot, room: Room) -> bool:
    """Hard rule 3 (second part): the item's ``allowed_slots`` and pinned ``room``."""
    allowed = item.allowed_slots is None or slot.slot_id in item.allowed_slots
    return allowed and (item.room is None or item.room == room.room_id)


def add_session_variables(ctx: ModelContext) -> None:
    """Make ``session_at`` for every compatible triple and ``held`` for every usable slot.

    ``held[item, slot]`` is a boolean equal to the number of the item's sessions in the slot,
    which also keeps an item's sessions in distinct slots (hard rule 2).
    """
    problem, model = ctx.problem, ctx.model
    for item in problem.items:
        for slot in problem.slots:
            here: list[Var] = []
            for room in problem.rooms:
                if room_available_and_fits(problem, item, slot, room) and allowed_slots_and_room(
                    item, slot, room
                ):
                    var = model.new_bool_var(f"at[{item.item_id},{slot.slot_id},{room.room_id}]")
                    ctx.session_at[item.item_id, slot.slot_id, room.room_id] = var
                    here.append(var)
            if len(here) == 1:
                ctx.held[item.item_id, slot.slot_id] = here[0]
            elif here:
                held = model.new_bool_var(f"held[{item.item_id},{slot.slot_id}]")
                model.add(sum(here) == held)
                ctx.held[item.item_id, slot.slot_id] = held


def each_item_gets_its_sessions(ctx: ModelContext) -> None:
    """Hard rule 1: every item is held in exactly ``sessions`` slots."""
    for item in ctx.problem.items:
        slot_ids = [s.slot_id for s in ctx.problem.slots]
        ctx.model.add(sum(ctx.held_in(item.item_id, slot_ids)) == item.sessions)


def one_session_per_room_and_slot(ctx: ModelContext) -> None:
    """Hard rule 2: a room holds at most one session per slot."""
    by_place: dict[tuple[str, str], list[Var]] = defaultdict(list)
    for (_, slot_id, room_id), var in ctx.session_at.items():
        by_place[slot_id, room_id].append(var)
    for group in by_place.values():
        if len(group) > 1:
            ctx.model.add_at_most_one(group)


def after_order(ctx: ModelContext) -> None:
    """Hard rule 3: an item starts only once every item in its ``after`` list has finished.

    For each slot the item could use: held there implies all ``n`` sessions of the earlier
    item lie in strictly earlier slots (``n x held <= sessions of it before``).
    """
    slot_ids = [s.slot_id for s in ctx.problem.slots]
    for item in ctx.problem.items:
        for before_id in item.after:
            n = ctx.problem.item(before_id).sessions
            for t, slot_id in enumerate(slot_ids):
                held = ctx.held.get((item.item_id, slot_id))
                if held is None:
                    continue
                earlier = ctx.held_in(before_id, slot_ids[:t])
                ctx.model.add(n * held <= sum(earlier))


def max_parallel_sessions(ctx: ModelContext) -> None:
    """Hard rule 4: at most ``max_parallel_sessions`` sessions run in the same slot."""
    limit = ctx.problem.rules.max_parallel_sessions
    by_slot: dict[str, list[Var]] = defaultdict(list)
    for (_, slot_id, _), var in ctx.session_at.items():
        by_slot[slot_id].append(var)
    for group in by_slot.values():
        if len(group) > limit:
            ctx.model.add(sum(group) <= limit)


def add_timetable(ctx: ModelContext) -> None:
    """The timetable concern: placement variables and hard rules 1-4."""
    add_session_variables(ctx)
    each_item_gets_its_sessions(ctx)
    one_session_per_room_and_slot(ctx)
    after_order(ctx)
    max_parallel_sessions(ctx)
