"""The participation concern's variables, and helpers for literals that may be constants.

`Participation` holds what `planner.solver.participation` builds; a `Place` is a (slot, room)
where a session may be held. Where the timetable is fixed (the second stage of a staged solve,
each ``session_at`` a constant 1) a place is ``sure`` and the helpers give plain 0 / 1 instead
of literals, so the rules build nothing for what is already known.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from planner.domain import AgendaItem
from planner.solver.context import Expr, Lit, ModelContext, Var


@dataclass(frozen=True, slots=True)
class Place:
    """A (slot, room) where a session may be held, with the items that may be held there.

    ``sure`` is true when the place certainly holds its only item (a fixed timetable).
    """

    slot_id: str
    room_id: str
    date: dt.date
    items: tuple[str, ...]
    sure: bool


@dataclass(eq=False)
class Participation:
    """The participation concern's variables.

    Attributes
    ----------
    places
        ``(slot_id, room_id) -> Place`` for every place where some item may be held.
    funded
        ``participant_id -> bool`` for each request that may be funded (hard rule 7).
    attends
        ``participant_id -> Lit``: the person takes part on the days between arrival and
        departure: 1, 0 (an unfunded request) or the person's ``funded`` literal (hard rule 8).
    present
        ``(delegation_id, date) -> Lit``: an in-person member takes part that day. Absent keys
        are 0.
    seat
        ``(participant_id, slot_id, room_id) -> bool``: the person holds a seat of their
        delegation in the session held there.
    speaker
        ``(participant_id, item_id) -> bool``: the person is on the item's panel.
    holders
        ``(slot_id, room_id) -> delegation_id -> [(participant_id, seat)]``: the seats of
        each delegation in each place, in participant order.
    first
        ``item_id -> slot_id -> 1`` when the item's first session is in that slot (for items
        with a panel, over the slots the item may use).
    """

    places: dict[tuple[str, str], Place]
    funded: dict[str, Var] = field(default_factory=dict)
    attends: dict[str, Lit] = field(default_factory=dict)
    present: dict[tuple[str, dt.date], Lit] = field(default_factory=dict)
    seat: dict[tuple[str, str, str], Var] = field(default_factory=dict)
    speaker: dict[tuple[str, str], Var] = field(default_factory=dict)
    holders: dict[tuple[str, str], dict[str, list[tuple[str, Var]]]] = field(default_factory=dict)
    first: dict[str, dict[str, Expr]] = field(default_factory=dict)


def fixed_true(ctx: ModelContext, var: Var) -> bool:
    """True when the variable's domain is the single value 1 (a fixed timetable)."""
    domain = ctx.model.proto.variables[var.index].domain
    return len(domain) == 2 and domain[0] == domain[1] == 1


def find_places(ctx: ModelContext) -> dict[tuple[str, str], Place]:
    """Every (slot, room) where some item may be held, in slot order."""
    items: dict[tuple[str, str], list[str]] = defaultdict(list)
    sure: dict[tuple[str, str], bool] = {}
    for (item_id, slot_id, room_id), var in ctx.session_at.items():
        items[slot_id, room_id].append(item_id)
        sure[slot_id, room_id] = fixed_true(ctx, var)
    order = {s.slot_id: k for k, s in enumerate(ctx.problem.slots)}
    out = {}
    for key in sorted(items, key=lambda k: (order[k[0]], k[1])):
        ids = tuple(items[key])
        out[key] = Place(
            key[0], key[1], ctx.problem.slot(key[0]).date, ids, len(ids) == 1 and sure[key]
        )
    return out


def held_if(ctx: ModelContext, place: Place, wanted: Callable[[AgendaItem], bool]) -> Expr:
    """1 when the place holds an item for which ``wanted`` is true, else 0.

    A plain 0 or 1 when that is known already; otherwise the sum of the items' ``session_at``
    (at most one session is held in a place, so the sum is 0 or 1).
    """
    chosen = [i for i in place.items if wanted(ctx.problem.item(i))]
    if not chosen:
        return 0
    if place.sure:
        return 1
    return sum(ctx.session_at[i, place.slot_id, place.room_id] for i in chosen)


def occupied(ctx: ModelContext, place: Place) -> Expr:
    """1 when some session is held in the place."""
    return held_if(ctx, place, lambda _: True)


def any_of(ctx: ModelContext, lits: Iterable[Lit], name: str) -> Lit:
    """The OR of literals and constants, equal to it both ways."""
    terms: list[Var] = []
    for lit in lits:
        if isinstance(lit, int):
            if lit:
                return 1
            continue
        terms.append(lit)
    if not terms:
        return 0
    if len(terms) == 1:
        return terms[0]
    var = ctx.model.new_bool_var(name)
    for t in terms:
        ctx.model.add_implication(t, var)
    ctx.model.add(var <= sum(terms))
    return var


def is_false(lit: Expr) -> bool:
    """True for the constant 0 (a fact known not to hold)."""
    return isinstance(lit, int) and lit == 0


def is_true(lit: Expr) -> bool:
    """True for the constant 1 (a fact known to hold)."""
    return isinstance(lit, int) and lit == 1
