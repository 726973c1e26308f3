"""The soft rule ``plan_change``: what a replan did not keep of the previous plan.

Counted against the previous plan (``penalties(problem, plan, previous)``): each session
(item, slot, room), each interpreter booking (interpreter, slot, room) and each panel seat
(item, participant) of the previous plan that the new plan lacks, and each person whose funding
decision differs. What the new plan adds is not counted: a new item or a newly filled panel seat
changes nobody's arrangements. Without a previous plan the count is 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from planner.check.violation import (
    interpreter_label,
    join_ids,
    participant_label,
    plural,
    slot_label,
)
from planner.domain import Penalty, Plan, ProblemData
from planner.domain.plan import booking

RULE = "plan_change"


def _row(problem: ProblemData, subject: str, detail: str, count: int) -> Penalty:
    return Penalty(RULE, subject, detail, problem.rules.weight(RULE) * count)


def _item_title(problem: ProblemData, item_id: str) -> str:
    try:
        return f"Item {item_id} ({problem.item(item_id).title})"
    except KeyError:
        return f"Item {item_id} (no longer on the agenda)"


def _when(problem: ProblemData, slot_id: str) -> tuple[int, str]:
    try:
        return (problem.slot_index(slot_id), slot_id)
    except KeyError:
        return (len(problem.slots), slot_id)


def sessions_not_kept(problem: ProblemData, plan: Plan, previous: Plan) -> Iterator[Penalty]:
    """One row per item with sessions of the previous plan the new plan lacks."""
    now = set(plan.sessions)
    gone: dict[str, list[str]] = defaultdict(list)
    for s in sorted(set(previous.sessions) - now, key=lambda s: (_when(problem, s.slot_id), s)):
        gone[s.item_id].append(f"{slot_label(problem, s.slot_id)} in room {s.room_id}")
    for item_id, places in sorted(gone.items()):
        detail = f"{_item_title(problem, item_id)} is no longer at {'; '.join(places)}"
        yield _row(problem, item_id, detail, len(places))


def bookings_not_kept(problem: ProblemData, plan: Plan, previous: Plan) -> Iterator[Penalty]:
    """One row per interpreter with bookings (slot, room) of the previous plan the new lacks."""
    now = {booking(a) for a in plan.assignments}
    gone: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for a in previous.assignments:
        if booking(a) not in now:
            gone[a.interpreter_id].add((a.slot_id, a.room_id))
    for iid, places in sorted(gone.items()):
        ordered = sorted(places, key=lambda p: (_when(problem, p[0]), p[1]))
        listed = join_ids(f"{slot_label(problem, s)} in room {r}" for s, r in ordered)
        detail = (
            f"{interpreter_label(problem, iid)} no longer works "
            f"{plural(len(places), 'session')} of the previous plan: {listed}"
        )
        yield _row(problem, iid, detail, len(places))


def panel_seats_not_kept(problem: ProblemData, plan: Plan, previous: Plan) -> Iterator[Penalty]:
    """One row per panel with speakers of the previous plan the new plan lacks."""
    now = {(p.item_id, p.participant_id) for p in plan.panels}
    gone: dict[str, set[str]] = defaultdict(set)
    for p in previous.panels:
        if (p.item_id, p.participant_id) not in now:
            gone[p.item_id].add(p.participant_id)
    for item_id, people in sorted(gone.items()):
        names = join_ids(participant_label(problem, pid) for pid in sorted(people))
        detail = f"{_item_title(problem, item_id)}: no longer on the panel: {names}"
        yield _row(problem, f"panel {item_id}", detail, len(people))


def funding_changed(problem: ProblemData, plan: Plan, previous: Plan) -> Iterator[Penalty]:
    """One row per person whose travel support was granted or withdrawn."""
    for pid in sorted(plan.funded ^ previous.funded):
        now = "now funded" if pid in plan.funded else "no longer funded"
        yield _row(problem, pid, f"{participant_label(problem, pid)} is {now}", 1)


def plan_change(
    problem: ProblemData, plan: Plan, previous: Plan | None = None
) -> Iterator[Penalty]:
    """Soft rule ``plan_change``: each row of ``previous`` the plan does not keep.

    Parameters
    ----------
    problem
        The (new) planning problem; ids of ``previous`` it no longer knows are counted too.
    plan
        The new plan.
    previous
        The plan it replaces; None counts nothing.
    """
    if previous is None:
        return
    yield from sessions_not_kept(problem, plan, previous)
    yield from bookings_not_kept(problem, plan, previous)
    yield from panel_seats_not_kept(problem, plan, previous)
    yield from funding_changed(problem, plan, previous)
