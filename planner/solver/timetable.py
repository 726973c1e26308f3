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


def placement_rules_broken(
    problem: ProblemData, item: AgendaItem, slot: Slot, room: Room
) -> list[tuple[str, str]]:
    """Hard rules 2-3 that forbid the item in that slot and room, as (rule, data id) pairs.

    Rule 2: the room is free in the slot, seats the attendance and has the booths; rule 3: the
    item's ``allowed_slots`` and pinned ``room``. Empty when the triple is compatible.
    """
    broken = []
    if slot.slot_id in room.unavailable:
        broken.append(("room_unavailable", room.room_id))
    if item.room is not None and item.room != room.room_id:
        broken.append(("room_pin", item.item_id))
    if item.attendance is not None and room.capacity < item.attendance:
        broken.append(("room_capacity", item.item_id))
    if item.interpreted and not set(item.languages) <= room.booths:
        broken.append(("room_booths", item.item_id))
    if item.allowed_slots is not None and slot.slot_id not in item.allowed_slots:
        broken.append(("allowed_slots", item.item_id))
    return broken


def add_session_variables(ctx: ModelContext) -> None:
    """Make ``session_at`` for every compatible triple and ``held`` for every usable slot.

    ``held[item, slot]`` is a boolean equal to the number of the item's sessions in the slot,
    which also keeps an item's sessions in distinct slots (hard rule 2). In explain mode every
    triple gets a variable, forbidden under the guard of each rule it breaks.
    """
    problem, model = ctx.problem, ctx.model
    for item in problem.items:
        for slot in problem.slots:
            here: list[Var] = []
            for room in problem.rooms:
                broken = placement_rules_broken(problem, item, slot, room)
                if broken and not ctx.explain:
                    continue
                var = model.new_bool_var(f"at[{item.item_id},{slot.slot_id},{room.room_id}]")
                ctx.session_at[item.item_id, slot.slot_id, room.room_id] = var
                here.append(var)
                for rule, key in broken:
                    ctx.forbid(var, rule, key)
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
                ctx.enforce(
                    ctx.model.add(n * held <= sum(earlier)), "after", item.item_id, before_id
                )


def max_parallel_sessions(ctx: ModelContext) -> None:
    """Hard rule 4: at most ``max_parallel_sessions`` sessions run in the same slot."""
    limit = ctx.problem.rules.max_parallel_sessions
    by_slot: dict[str, list[Var]] = defaultdict(list)
    for (_, slot_id, _), var in ctx.session_at.items():
        by_slot[slot_id].append(var)
    for slot_id, group in by_slot.items():
        if len(group) > limit:
            ctx.enforce(ctx.model.add(sum(group) <= limit), "max_parallel", slot_id)


def add_timetable(ctx: ModelContext) -> None:
    """The timetable concern: placement variables and hard rules 1-4."""
    add_session_variables(ctx)
    each_item_gets_its_sessions(ctx)
    one_session_per_room_and_slot(ctx)
    after_order(ctx)
    max_parallel_sessions(ctx)
