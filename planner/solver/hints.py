"""Hints: an earlier plan as the search's starting point, for whatever the model holds.

One place for every solve: the joint model gets all of it (`add_hint`), the first stage of a
staged solve the placement and roster, the second stage its participation. Ids the plan holds
that the model no longer knows are skipped; variables the plan does not mention are hinted 0.
"""

from __future__ import annotations

from planner.domain import Plan
from planner.solver.context import ModelContext


def add_hint(ctx: ModelContext, plan: Plan) -> None:
    """Hint the placement, roster and (when modelled) participation of ``plan``."""
    hint_timetable(ctx, plan)
    hint_participation(ctx, plan)


def hint_timetable(ctx: ModelContext, plan: Plan) -> None:
    """Hint a plan's placement and roster."""
    sessions = {(s.item_id, s.slot_id, s.room_id) for s in plan.sessions}
    for key, var in ctx.session_at.items():
        ctx.model.add_hint(var, key in sessions)
    works = {(a.interpreter_id, a.slot_id, a.room_id) for a in plan.assignments}
    for key, var in ctx.works.items():
        ctx.model.add_hint(var, key in works)


def hint_participation(ctx: ModelContext, plan: Plan) -> None:
    """Hint a plan's seats, panels and funding; nothing when the model has no participation."""
    part = ctx.participation
    if part is None:
        return
    held = {(s.participant_id, s.slot_id, s.room_id) for s in plan.seats}
    for key, var in part.seat.items():
        ctx.model.add_hint(var, key in held)
    speaking = {(p.participant_id, p.item_id) for p in plan.panels}
    for pair, var in part.speaker.items():
        ctx.model.add_hint(var, pair in speaking)
    for pid, var in part.funded.items():
        ctx.model.add_hint(var, pid in plan.funded)
