"""Soft rules on the timetable and interpretation: split items, interpreter changes, cost.

Each function yields one `Penalty` row per subject with its count in the detail, and
``penalty`` = weight x count, counted exactly as the lead's shared definitions say.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

from planner.check.violation import (
    interpreter_label,
    join_ids,
    language_label,
    money,
    plural,
    slot_label,
    where,
)
from planner.domain import Penalty, Plan, ProblemData
from planner.domain.metrics import interpreter_loads


def _row(problem: ProblemData, rule: str, subject: str, detail: str, count: float) -> Penalty:
    return Penalty(rule, subject, detail, problem.rules.weight(rule) * count)


def split_item(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each gap between consecutive parts of an item that is not "very next slot, same room"."""
    for item in problem.items:
        parts = sorted(
            plan.sessions_of(item.item_id), key=lambda s: (problem.slot_index(s.slot_id), s.room_id)
        )
        breaks = [
            f"{a.slot_id} in room {a.room_id} is followed by {b.slot_id} in room {b.room_id}"
            for a, b in itertools.pairwise(parts)
            if not (problem.is_next_slot(a.slot_id, b.slot_id) and a.room_id == b.room_id)
        ]
        if breaks:
            yield _row(
                problem,
                "split_item",
                item.item_id,
                f"Item {item.item_id} ({item.title}) has {plural(len(breaks), 'break')} between "
                f"its {len(parts)} parts: {'; '.join(breaks)}",
                len(breaks),
            )


def interpreter_continuity(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each interpreter in a booth who was not in the same room and booth in the slot before,
    for two consecutive slots of the same day with the booth staffed in both."""
    teams: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for a in plan.assignments:
        teams[(a.slot_id, a.room_id, a.booth)].add(a.interpreter_id)
    order = {slot_id: problem.slot_index(slot_id) for slot_id, _, _ in teams}
    for (slot_id, room_id, booth), team in sorted(
        teams.items(), key=lambda kv: (order[kv[0][0]], kv[0])
    ):
        index = order[slot_id]
        before = problem.slots[index - 1] if index > 0 else None
        if before is None or before.date != problem.slots[index].date:
            continue
        earlier = teams.get((before.slot_id, room_id, booth))
        new = sorted(team - earlier) if earlier else []
        if new:
            names = join_ids(interpreter_label(problem, iid) for iid in new)
            yield _row(
                problem,
                "interpreter_continuity",
                f"{slot_id}/{room_id}/{booth}",
                f"{where(problem, slot_id, room_id)}, {language_label(booth)} booth: "
                f"{plural(len(new), 'interpreter')} not in the team of "
                f"{slot_label(problem, before.slot_id)}: {names}",
                len(new),
            )


def interpretation_cost(problem: ProblemData, plan: Plan) -> Iterator[Penalty]:
    """Each US dollar of interpreter cost, one row per interpreter engaged."""
    for iid, load in sorted(interpreter_loads(problem, plan).items()):
        if load.cost > 0:
            travel = f" plus travel {money(load.travel)}" if load.travel else ""
            yield _row(
                problem,
                "interpretation_cost",
                iid,
                f"{interpreter_label(problem, iid)}: {plural(len(load.days), 'day')} worked, "
                f"fees {money(load.fees)}{travel}, total {money(load.cost)}",
                load.cost,
            )
