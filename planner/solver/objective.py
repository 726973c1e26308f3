"""Soft rules of the timetable and the roster, and the objective they add up to.

Each soft rule counts exactly what `rules.md` counts (the solver-free checker recomputes the same
figure from a plan), weighted by ``problem.rules.weight(rule)`` through `ModelContext.penalize`.
Helper literals are tied to what they name in both directions, so even a plan found early in
the search reports its true objective.
"""

from __future__ import annotations

import itertools
import math

from planner.solver.context import SCALE, Lit, ModelContext, Var, both
from planner.solver.interpretation import interpretation_cost_cents


def split_item(ctx: ModelContext) -> None:
    """Soft rule ``split_item``: each break between consecutive parts of an item.

    An item with n sessions has n - 1 gaps; a gap is not a break when the next part is in the
    very next slot and the same room. Such a pair is a session in slot t and room r together
    with one in slot t + 1 and room r, so breaks = n - 1 - number of those pairs.
    """
    if ctx.problem.rules.weight("split_item") == 0:
        return
    slots = ctx.problem.slots
    for item in ctx.problem.items:
        if item.sessions < 2:
            continue
        kept: list[Lit] = []
        for a, b in itertools.pairwise(slots):
            for room in ctx.problem.rooms:
                x = ctx.session_at.get((item.item_id, a.slot_id, room.room_id))
                y = ctx.session_at.get((item.item_id, b.slot_id, room.room_id))
                if x is not None and y is not None:
                    name = f"kept[{item.item_id},{a.slot_id},{room.room_id}]"
                    kept.append(both(ctx, x, y, name))
        # A count variable rather than the bare expression: its domain keeps the bound at 0
        # or more, where the LP could otherwise keep more pairs than there are gaps.
        breaks = ctx.model.new_int_var(0, item.sessions - 1, f"breaks[{item.item_id}]")
        ctx.model.add(breaks + sum(kept) == item.sessions - 1)
        ctx.penalize("split_item", breaks)


def interpreter_continuity(ctx: ModelContext) -> None:
    """Soft rule ``interpreter_continuity``: each newcomer in a booth within a day.

    For consecutive slots of one day and a room, an interpreter of a booth is a change when
    working there in the later slot, not in the earlier one, while the booth was staffed in
    the earlier one (working there later means it is staffed then). One literal per such
    interpreter keeps the LP bound at 0 or more, unlike "team size minus those who stay".
    """
    problem = ctx.problem
    if problem.rules.weight("interpreter_continuity") == 0:
        return
    earlier_slot = {
        b.slot_id: a.slot_id for a, b in itertools.pairwise(problem.slots) if a.date == b.date
    }
    changes: list[Var] = []
    for (iid, slot_id, room_id), later in ctx.works.items():
        earlier = earlier_slot.get(slot_id)
        booth = problem.interpreter(iid).booth
        if earlier is None or (earlier, room_id, booth) not in ctx.staffed:
            continue
        staffed_before = ctx.staffed_sum(earlier, room_id, booth)
        before = ctx.works.get((iid, earlier, room_id))
        change = ctx.model.new_bool_var(f"change[{iid},{slot_id},{room_id}]")
        ctx.model.add_implication(change, later)
        ctx.model.add(change <= staffed_before)
        if before is None:
            ctx.model.add(change >= later + staffed_before - 1)
        else:
            ctx.model.add_implication(change, before.negated())
            ctx.model.add(change >= later - before + staffed_before - 1)
        changes.append(change)
    ctx.penalize("interpreter_continuity", sum(changes))


def interpretation_cost(ctx: ModelContext) -> None:
    """Soft rule ``interpretation_cost``: the weight applies to each dollar of cost."""
    ctx.penalize("interpretation_cost", interpretation_cost_cents(ctx), unit=0.01)


def add_timetable_terms(ctx: ModelContext) -> None:
    """The soft rules of the timetable and the roster."""
    split_item(ctx)
    interpreter_continuity(ctx)
    interpretation_cost(ctx)


def set_objective(ctx: ModelContext) -> None:
    """Minimise the weighted sum of every registered term (in units of 1 / `SCALE`)."""
    if ctx.terms:
        ctx.model.minimize(sum(t.coefficient * t.expr for t in ctx.terms))


def to_weight_units(value: float, *, bound: bool = False) -> float:
    """A solver objective value (or a lower ``bound``) in the units of the weights.

    The scaled objective is a whole number, but CP-SAT reports it as a float that may carry
    rounding from its internal scaling; it is snapped to the integer first (a bound upwards,
    which keeps it valid because every plan's objective is whole).
    """
    snapped = math.ceil(value - 1e-6) if bound else round(value)
    return snapped / SCALE
