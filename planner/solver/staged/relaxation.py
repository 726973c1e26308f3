"""A second bound of stage 1's share of the whole problem: stage 1 without the roster.

Stage 1 holds the timetable, the interpretation roster, funding and the ``delegation_unseated``
estimate; the roster makes it large, and on a meeting of the full membership CP-SAT does not
prove its optimum within stage 1's share of the time. Two smaller models bound the same terms:

- `placement_model`: stage 1 with the roster left out (timetable, funding, the unseated
  estimate and ``split_item``). It is a relaxation of stage 1 (fewer hard rules, the same terms
  but ``interpreter_continuity`` and ``interpretation_cost``, which are at least 0), so its
  proven bound is below stage 1's optimum;
- `interpretation_floor_model`: the least ``interpretation_cost`` of any roster for any
  timetable. Every interpreted session needs its booths' teams whatever the timetable, so each
  booth must staff a known number of sessions; an interpreter works at most
  ``max_per_day`` sessions a day (and no more than the slots of the day they are available in)
  and ``max_per_week`` a week, is paid the daily rate per day worked and travel once. Any
  plan's roster is a solution of this model with its own interpretation cost.

The two count disjoint terms, so the sum of their proven bounds is a bound of stage 1's optimum,
and so of the timetable's and funding's share of every plan (`bound` says why). CP-SAT proves
each in a fraction of stage 1's time; `relax_stage1` runs them, and gives the placement model's
best timetable, which `planner.solver.staged` rosters and hands to stage 2 when it is better.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.domain import Plan, ProblemData, Slot
from planner.domain.funding import cents
from planner.domain.records import Week, iso_week
from planner.solver.budget import Budget
from planner.solver.context import ModelContext
from planner.solver.hints import hint_timetable
from planner.solver.interpretation import interpreter_availability
from planner.solver.objective import set_objective, split_item, to_weight_units
from planner.solver.results import extract_sessions
from planner.solver.search import Configure
from planner.solver.staged.bound import proven_bound, solve_relaxation
from planner.solver.staged.estimate import add_participation_estimate
from planner.solver.timetable import add_timetable

logger = logging.getLogger("planner")


def placement_model(problem: ProblemData) -> ModelContext:
    """Stage 1 without the interpretation roster."""
    ctx = ModelContext(problem)
    add_timetable(ctx)
    add_participation_estimate(ctx)
    split_item(ctx)
    set_objective(ctx)
    return ctx


def booth_sessions(problem: ProblemData) -> dict[str, int]:
    """``booth -> interpreter-sessions`` every plan staffs: team size x interpreted sessions."""
    out: dict[str, int] = defaultdict(int)
    for item in problem.items:
        if item.interpreted:
            for booth in item.languages:
                out[booth] += item.sessions * problem.team_size(booth)
    return dict(out)


def interpretation_floor_model(problem: ProblemData) -> ModelContext:
    """Interpreters' sessions per day, enough for each booth's sessions, at the least cost."""
    ctx = ModelContext(problem)
    model = ctx.model
    needed = booth_sessions(problem)
    if problem.rules.weight("interpretation_cost") == 0 or not needed:
        return ctx
    days: dict[dt.date, list[Slot]] = defaultdict(list)
    for slot in problem.slots:
        days[slot.date].append(slot)
    worked: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    cost = []
    for k in problem.interpreters:
        if k.booth not in needed:
            continue
        engaged = model.new_bool_var(f"engaged[{k.interpreter_id}]")
        cost.append(cents(k.travel_cost) * engaged)
        per_week: dict[Week, list[cp_model.IntVar]] = defaultdict(list)
        for day, slots in days.items():
            most = min(
                problem.max_per_day(k),
                sum(1 for s in slots if interpreter_availability(problem, k, s)),
            )
            if most == 0:
                continue
            sessions = model.new_int_var(0, most, f"sessions[{k.interpreter_id},{day}]")
            works = model.new_bool_var(f"works_day[{k.interpreter_id},{day}]")
            model.add(sessions <= most * works)
            model.add_implication(works, engaged)
            cost.append(cents(k.daily_rate) * works)
            per_week[iso_week(day)].append(sessions)
            worked[k.booth].append(sessions)
        for sessions_of_week in per_week.values():
            model.add(sum(sessions_of_week) <= problem.max_per_week(k))
    for booth, count in needed.items():
        model.add(sum(worked[booth]) >= count)
    ctx.penalize("interpretation_cost", sum(cost), unit=0.01)
    set_objective(ctx)
    return ctx


@dataclass(frozen=True)
class Relaxed:
    """What `relax_stage1` proves and finds."""

    bound: int
    """The placement model's proven bound plus the interpretation floor's (scaled units)."""
    timetable: Plan | None
    """The placement model's best timetable (sessions only, no roster); None without one."""


def relax_stage1(
    problem: ProblemData,
    configure: Configure,
    budget: Budget,
    seconds: float,
    hint: Plan | None = None,
) -> Relaxed:
    """The placement model's proven bound plus the interpretation floor's, within ``seconds``
    (in the budget's unit), and the placement model's best timetable; the bound is valid when
    stage 1's is (`stage1_is_relaxation`).

    ``hint`` (stage 1's timetable, or the quick one) gives the placement model a plan at once,
    against which CP-SAT fixes much of the rest and proves its bound sooner.
    """
    deadline = budget.spent + seconds
    floor = proven_bound(interpretation_floor_model(problem), configure, budget, seconds)
    placement = placement_model(problem)
    if hint is not None:
        hint_timetable(placement, hint)
    placed, solver = solve_relaxation(placement, configure, budget, deadline - budget.spent)
    timetable = None
    if solver is not None:
        timetable = Plan(tuple(extract_sessions(placement, solver.boolean_value)))
    logger.info(
        "relaxation of stage 1: interpretation at least %.2f, the rest at least %.2f",
        to_weight_units(floor, bound=True),
        to_weight_units(placed, bound=True),
    )
    return Relaxed(floor + placed, timetable)
