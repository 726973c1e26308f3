"""Hand moves: rows a person left at a session's old place follow the session to its new one.

A person moves an item in a plan workbook by retyping the ``slot_id`` (or ``room_id``) of its
`Agenda` row, and rarely the session's `Interpretation` and `Seats` rows too. Before a replan
(`planner solve --from`) those rows follow the session, so the replan keeps the move and, where
they can, the same interpreters and seat holders at the new place, instead of moving the item
back to where its rows are (which would change fewer rows, but undo the person's move).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from planner.domain.plan import Plan, Session, booking


def moved_sessions(plan: Plan, slot_order: dict[str, int]) -> dict[Session, Session]:
    """Old place -> new place of each session a person moved without moving its rows.

    An old place is a (item, slot, room) that interpreter or seat rows name but that holds no
    session of the item; a new place is a session of the item that no row names. Old and new
    places of one item are paired in time order (``slot_order`` ranks slot ids); unpaired
    ones are left alone.
    """
    sessions = set(plan.sessions)
    named = {Session(a.item_id, a.slot_id, a.room_id) for a in plan.assignments}
    named |= {Session(s.item_id, s.slot_id, s.room_id) for s in plan.seats}
    old: dict[str, set[Session]] = defaultdict(set)
    for place in named - sessions:
        old[place.item_id].add(place)
    new: dict[str, set[Session]] = defaultdict(set)
    for session in sessions - named:
        new[session.item_id].add(session)

    def in_time(places: set[Session]) -> list[Session]:
        return sorted(places, key=lambda s: (slot_order.get(s.slot_id, -1), s.room_id))

    moves: dict[Session, Session] = {}
    for item_id, places in old.items():
        moves.update(zip(in_time(places), in_time(new.get(item_id, set())), strict=False))
    return moves


def follow_moves(plan: Plan, slot_order: dict[str, int]) -> Plan:
    """The plan with the rows of each moved session (`moved_sessions`) at its new place.

    Locked bookings move with their rows. Seats and panels are otherwise unchanged.
    """
    moves = moved_sessions(plan, slot_order)
    if not moves:
        return plan

    def place(item_id: str, slot_id: str, room_id: str) -> Session:
        here = Session(item_id, slot_id, room_id)
        return moves.get(here, here)

    assignments = []
    locked = set(plan.locked_assignments)
    for a in plan.assignments:
        to = place(a.item_id, a.slot_id, a.room_id)
        moved = dataclasses.replace(a, slot_id=to.slot_id, room_id=to.room_id)
        if plan.is_locked(a):
            locked.discard(booking(a))
            locked.add(booking(moved))
        assignments.append(moved)
    seats = []
    for s in plan.seats:
        to = place(s.item_id, s.slot_id, s.room_id)
        seats.append(dataclasses.replace(s, slot_id=to.slot_id, room_id=to.room_id))
    return dataclasses.replace(
        plan,
        assignments=tuple(assignments),
        seats=tuple(seats),
        locked_assignments=frozenset(locked),
    )


def before_moves(plan: Plan, slot_order: dict[str, int]) -> Plan:
    """The plan as it was before the hand moves: each moved session back at its old place,
    where its rows still are. Compared with a replan, it lists a hand move as `item_moved`,
    so the people concerned are told."""
    back = {new: old for old, new in moved_sessions(plan, slot_order).items()}
    if not back:
        return plan
    return dataclasses.replace(
        plan,
        sessions=tuple(back.get(s, s) for s in plan.sessions),
        locked_sessions=frozenset(back.get(s, s) for s in plan.locked_sessions),
    )
