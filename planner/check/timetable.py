"""Hard rules 1-4: the timetable of sessions in slots and rooms.

Every check takes a plan whose ids are all known (see `known_part`) and yields its breaches.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from planner.check.violation import (
    Check,
    Violation,
    join_ids,
    language_label,
    plural,
    slot_label,
    where,
)
from planner.domain import Plan, ProblemData, Session


def _in_time_order(problem: ProblemData, sessions: list[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (problem.slot_index(s.slot_id), s.room_id))


def item_sessions(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 1: every agenda item is held in exactly ``sessions`` sessions."""
    count = Counter(s.item_id for s in plan.sessions)
    for item in problem.items:
        held = count[item.item_id]
        if held != item.sessions:
            yield Violation(
                "item_sessions",
                1,
                f"Item {item.item_id} ({item.title}) is held in {plural(held, 'session')}; "
                f"it needs exactly {item.sessions}",
                (item.item_id,),
            )


def item_slot_repeated(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 2: an item's sessions are in distinct slots."""
    count = Counter((s.item_id, s.slot_id) for s in plan.sessions)
    for (item_id, slot_id), n in sorted(count.items()):
        if n > 1:
            yield Violation(
                "item_slot_repeated",
                2,
                f"{slot_label(problem, slot_id)}: item {item_id} has {n} sessions in this slot; "
                "each part of an item needs its own slot",
                (item_id, slot_id),
            )


def room_double_booked(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 2: a room holds at most one session per slot."""
    by_room: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in plan.sessions:
        by_room[(s.slot_id, s.room_id)].append(s.item_id)
    for (slot_id, room_id), items in sorted(by_room.items()):
        if len(items) > 1:
            yield Violation(
                "room_double_booked",
                2,
                f"{where(problem, slot_id, room_id)}: {len(items)} sessions at once "
                f"(items {join_ids(items)}); a room holds one session per slot",
                (slot_id, room_id, *items),
            )


def room_unavailable(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 2: a room is used only in slots where it is available."""
    for s in plan.sessions:
        if s.slot_id in problem.room(s.room_id).unavailable:
            yield Violation(
                "room_unavailable",
                2,
                f"{where(problem, s.slot_id, s.room_id)}: item {s.item_id} is placed in the "
                "room when it is not available",
                (s.slot_id, s.room_id, s.item_id),
            )


def room_too_small(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 2: a room has at least the item's ``attendance`` in seats."""
    for s in plan.sessions:
        item, room = problem.item(s.item_id), problem.room(s.room_id)
        if item.attendance is not None and item.attendance > room.capacity:
            yield Violation(
                "room_too_small",
                2,
                f"{where(problem, s.slot_id, s.room_id)}: item {item.item_id} expects "
                f"{item.attendance} people; the room seats {room.capacity}",
                (s.slot_id, s.room_id, s.item_id),
            )


def booth_missing(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 2: an interpreted item's room has a booth for each of its languages."""
    for s in plan.sessions:
        item, room = problem.item(s.item_id), problem.room(s.room_id)
        missing = [code for code in item.languages if code not in room.booths]
        if item.interpreted and missing:
            names = ", ".join(language_label(code) for code in missing)
            yield Violation(
                "booth_missing",
                2,
                f"{where(problem, s.slot_id, s.room_id)}: item {item.item_id} is interpreted but "
                f"the room has no {names} booth",
                (s.slot_id, s.room_id, s.item_id, *missing),
            )


def item_before_predecessor(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 3: an item starts only after every item in its ``after`` list has finished.

    An item without sessions is reported by rule 1, so it constrains nothing here.
    """
    by_item: dict[str, list[Session]] = defaultdict(list)
    for s in plan.sessions:
        by_item[s.item_id].append(s)
    for item in problem.items:
        if not by_item[item.item_id]:
            continue
        first = _in_time_order(problem, by_item[item.item_id])[0]
        for before in item.after:
            if not by_item[before]:
                continue
            last = _in_time_order(problem, by_item[before])[-1]
            if problem.slot_index(first.slot_id) <= problem.slot_index(last.slot_id):
                yield Violation(
                    "item_before_predecessor",
                    3,
                    f"Item {item.item_id} starts at {slot_label(problem, first.slot_id)}, "
                    f"but item {before}, which must finish first, ends at "
                    f"{slot_label(problem, last.slot_id)}",
                    (item.item_id, before),
                )


def slot_not_allowed(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 3: an item uses only its ``allowed_slots``."""
    for s in plan.sessions:
        allowed = problem.item(s.item_id).allowed_slots
        if allowed is not None and s.slot_id not in allowed:
            yield Violation(
                "slot_not_allowed",
                3,
                f"{where(problem, s.slot_id, s.room_id)}: item {s.item_id} may only use "
                f"{join_ids(sorted(allowed, key=problem.slot_index))}",
                (s.slot_id, s.room_id, s.item_id),
            )


def wrong_room(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 3: an item pinned to a room is held there."""
    for s in plan.sessions:
        pinned = problem.item(s.item_id).room
        if pinned is not None and s.room_id != pinned:
            yield Violation(
                "wrong_room",
                3,
                f"{where(problem, s.slot_id, s.room_id)}: item {s.item_id} must be held in "
                f"room {pinned}",
                (s.slot_id, s.room_id, s.item_id),
            )


def too_many_parallel(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 4: at most ``max_parallel_sessions`` sessions run in the same slot."""
    by_slot: dict[str, list[str]] = defaultdict(list)
    for s in plan.sessions:
        by_slot[s.slot_id].append(s.item_id)
    limit = problem.rules.max_parallel_sessions
    for slot_id, items in sorted(by_slot.items(), key=lambda kv: problem.slot_index(kv[0])):
        if len(items) > limit:
            yield Violation(
                "too_many_parallel",
                4,
                f"{slot_label(problem, slot_id)}: {len(items)} sessions run at once "
                f"(items {join_ids(items)}); at most {limit} may",
                (slot_id, *items),
            )


CHECKS: tuple[Check, ...] = (
    item_sessions,
    item_slot_repeated,
    room_double_booked,
    room_unavailable,
    room_too_small,
    booth_missing,
    item_before_predecessor,
    slot_not_allowed,
    wrong_room,
    too_many_parallel,
)
"""The timetable checks, in the order of the rules."""
