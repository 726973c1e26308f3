"""The models of a staged solve (`planner.solver.staged`), and when to stage at all.

- `first_timetable_model`: stage 1's hard rules alone, for a quick first timetable;
- `build_stage1`: timetable, roster and `planner.solver.staged.estimate`;
- `build_stage2`: participation on a fixed timetable (each ``session_at`` a constant 1).

`use_staged` decides by the number of seats a joint model would make.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from ortools.sat.python import cp_model

from planner.domain import ProblemData, Session
from planner.solver.context import ModelContext, PenaltyTerm
from planner.solver.interpretation import add_interpretation
from planner.solver.objective import add_timetable_terms, set_objective
from planner.solver.participation import add_participation
from planner.solver.staged.estimate import add_participation_estimate, plenary_fits
from planner.solver.timetable import add_timetable

logger = logging.getLogger("planner")

JOINT_LIMIT = 1_000
"""Up to this many possible seats in a joint model, `planner.solve` plans everything at once.

Above it the staged solve was measured both faster and better (figures in the README, "How it
solves").
"""

MISMATCH_IN_MODEL = 10_000
"""Up to this many possible seats, stage 2 models ``discipline_mismatch`` itself."""

TIMETABLE_RULES = ("split_item", "interpreter_continuity", "interpretation_cost", "plan_change")
"""Stage 1's soft rules (``plan_change`` there counts the timetable and roster only)."""


def first_timetable_model(problem: ProblemData) -> ModelContext:
    """Stage 1's hard rules without its objective: any timetable and roster that keep them."""
    ctx = ModelContext(problem)
    add_timetable(ctx)
    add_interpretation(ctx)
    plenary_fits(ctx)
    return ctx


def build_stage1(problem: ProblemData) -> ModelContext:
    """Timetable, roster and the first stage's view of participation."""
    started = time.perf_counter()
    ctx = ModelContext(problem)
    add_timetable(ctx)
    add_interpretation(ctx)
    add_participation_estimate(ctx)
    add_timetable_terms(ctx)
    set_objective(ctx)
    _log_size(ctx, started)
    return ctx


def _log_size(ctx: ModelContext, started: float) -> None:
    """The same line as a joint solve's, once per model built."""
    proto = ctx.model.proto
    logger.info(
        "model built in %.2f s: %d variables, %d constraints, %d soft-rule terms",
        time.perf_counter() - started,
        len(proto.variables),
        len(proto.constraints),
        len(ctx.terms),
    )


def possible_seats(problem: ProblemData, sessions: tuple[Session, ...]) -> int:
    """Seats stage 2 would model: in-person people times the sessions of their days."""
    per_day: dict[dt.date, int] = {}
    for s in sessions:
        day = problem.slot(s.slot_id).date
        per_day[day] = per_day.get(day, 0) + 1
    return sum(
        per_day.get(day, 0)
        for p in problem.participants
        if p.in_person
        for day in problem.present_days(p)
    )


def joint_seats(problem: ProblemData) -> int:
    """Seats a joint model would make: in-person people times the (slot, room) places of their
    days where some item may be held."""
    places: dict[dt.date, int] = {}
    for slot in problem.slots:
        usable = {
            room.room_id
            for item in problem.items
            for room in problem.rooms_for(item)
            if slot.slot_id not in room.unavailable
            and (item.allowed_slots is None or slot.slot_id in item.allowed_slots)
        }
        places[slot.date] = places.get(slot.date, 0) + len(usable)
    return sum(
        places.get(day, 0)
        for p in problem.participants
        if p.in_person
        for day in problem.present_days(p)
    )


def use_staged(problem: ProblemData) -> bool:
    """True when the meeting is too large to plan people and timetable in one model."""
    return joint_seats(problem) > JOINT_LIMIT


def build_stage2(
    problem: ProblemData, sessions: tuple[Session, ...], offset: int, *, mismatch: bool = True
) -> ModelContext:
    """Participation on a fixed timetable; ``offset`` (scaled) is the timetable's own terms."""
    started = time.perf_counter()
    ctx = ModelContext(problem)
    one = ctx.model.new_constant(1)
    for s in sessions:
        ctx.session_at[s.item_id, s.slot_id, s.room_id] = one
        ctx.held[s.item_id, s.slot_id] = one
    add_participation(ctx, mismatch=mismatch)
    ctx.terms.append(PenaltyTerm("timetable", offset, 1))
    set_objective(ctx)
    _log_size(ctx, started)
    return ctx


def timetable_terms(ctx: ModelContext, solver: cp_model.CpSolver) -> int:
    """The scaled value of the timetable's soft rules in stage 1's solution."""
    return sum(
        t.coefficient * int(solver.value(t.expr)) for t in ctx.terms if t.rule in TIMETABLE_RULES
    )
