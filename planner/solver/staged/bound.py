"""A lower bound of the whole problem for a staged solve.

A staged solve proves two things with CP-SAT: stage 1 a bound of its own model (timetable,
roster and `estimate`), stage 2 a bound for one timetable. Only the first can speak
for the whole problem, and only because stage 1 is a *relaxation* of the timetable's share of it:

- its hard rules are the whole problem's rules 1-7, plus `plenary_fits`, which follows from
  rule 9 (every delegation surely present sits in a plenary, one seat per person per slot) as
  long as it counts only people sure to come (`stage1_is_relaxation` checks the one place where
  it does not: the cap on parallel plenaries uses people who need no funding, while funded
  people could sit in more of them);
- its terms are the timetable's own (``split_item``, ``interpreter_continuity``,
  ``interpretation_cost``, the timetable's ``plan_change``), counted exactly, and the
  ``delegation_unseated`` estimate, which never exceeds the true count for any seating
  (`unseated_estimate` says why);
- every other soft rule is at least 0.

So for every complete plan, stage 1's objective of its timetable is at most the plan's
objective minus the people's soft rules that stage 1 does not count. Those rules (funding,
travel and the panels) are bounded apart by `people_bound`: CP-SAT on a model of the same
rules with the seats left out, the timetable's placement rules kept (so a panel speaks on a day
its item's first session may take) and no interpretation. Every complete plan is a solution of
that model with the same value of those rules, so its proven bound is below theirs. The sum of
the two bounds is a lower bound of the whole problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import time
from collections import defaultdict
from collections.abc import Collection, Sequence

from ortools.sat.python import cp_model

from planner.domain import AgendaItem, Penalty, ProblemData
from planner.solver.budget import Budget
from planner.solver.context import ModelContext
from planner.solver.objective import set_objective, to_weight_units
from planner.solver.participation.funding import add_funding, add_funding_variables
from planner.solver.participation.panels import (
    discipline_missing,
    first_day_for,
    gender_balance,
    panel_limits,
    panel_unfilled,
    region_diversity,
    speaker_preference,
)
from planner.solver.participation.vars import Participation, is_false
from planner.solver.search import Configure
from planner.solver.staged.estimate import people_sure_to_come, people_who_may_come
from planner.solver.timetable import add_timetable, placement_rules_broken

logger = logging.getLogger("planner")

PANEL_RULES = (
    "panel_unfilled",
    "discipline_missing",
    "region_diversity",
    "gender_balance",
    "speaker_preference",
)
"""The soft rules a `panel_model` counts, each counted per item (its rows' ``subject``)."""

PEOPLE_SHARE = 0.1
"""Share of the time limit kept for the people's bound after stage 2 (which leaves it more
when it proves its optimum early)."""


def stage1_is_relaxation(problem: ProblemData) -> bool:
    """True when stage 1's hard rules are implied by the whole problem's.

    `plenary_fits` caps the plenaries held at once by the fewest people a delegation surely
    present has without funding; funded people could fill more. Where that cap is below the one
    with every person who may come, and a slot could hold more plenaries than the cap, stage 1
    forbids timetables the whole problem allows, and its bound says nothing of them.
    """
    ctx = ModelContext(problem)
    add_timetable(ctx)
    sure, may = people_sure_to_come(problem), people_who_may_come(problem)
    plenary_rooms: dict[str, set[str]] = defaultdict(set)
    for item_id, slot_id, room_id in ctx.session_at:
        if problem.item(item_id).plenary:
            plenary_rooms[slot_id].add(room_id)
    for slot_id, rooms in plenary_rooms.items():
        day = problem.slot(slot_id).date
        present = sure.get(day, {})
        if not present:
            continue
        plenary_places = len(rooms)
        cap = min(present.values())
        if plenary_places > cap and min(may[day][d] for d in present) > cap:
            return False
    return True


def _panel_rules(ctx: ModelContext, part: Participation) -> None:
    """The panels' hard limits and soft rules, as the whole model has them."""
    panel_limits(ctx, part)
    for rule in (panel_unfilled, discipline_missing, region_diversity, gender_balance):
        rule(ctx, part)
    speaker_preference(ctx, part)


def first_days(problem: ProblemData, item: AgendaItem) -> dict[dt.date, str]:
    """The days the item may be held (a compatible slot and room), each with its first slot."""
    out: dict[dt.date, str] = {}
    for slot in problem.slots:
        if slot.date in out:
            continue
        if any(not placement_rules_broken(problem, item, slot, room) for room in problem.rooms):
            out[slot.date] = slot.slot_id
    return out


def panel_model(problem: ProblemData, item: AgendaItem) -> ModelContext:
    """The item's panel alone, on a day of its choice, with the panels' soft rules.

    A relaxation of the whole problem's panel of ``item``: a panelist need only take part on
    the day of the item's first session (the whole problem also wants a seat there), and every
    fundable request may be funded (no budget, no limit per delegation, no travel cost: those
    are `funding_model`'s). Funding stays a choice, because a funded person who asked to speak
    and is left off counts against ``speaker_preference``. The other items want no panel here.
    """
    alone = problem.replace(
        items=tuple(
            i if i.item_id == item.item_id else dataclasses.replace(i, panel_size=0)
            for i in problem.items
        )
    )
    ctx = ModelContext(alone)
    part = Participation(places={})
    add_funding_variables(ctx, part)
    days = first_days(alone, item)
    choice = {d: ctx.model.new_bool_var(f"first_day[{item.item_id},{d}]") for d in days}
    ctx.model.add_exactly_one(choice.values())
    part.first[item.item_id] = {days[d]: lit for d, lit in choice.items()}
    for p in alone.participants:
        attends = part.attends[p.participant_id]
        if is_false(attends):
            continue
        if not item.interpreted and item.languages[0] not in p.languages:
            continue
        there = first_day_for(ctx, part, item, p)
        if is_false(there):
            continue
        key = (p.participant_id, item.item_id)
        speaker = ctx.model.new_bool_var(f"speaker[{','.join(key)}]")
        part.speaker[key] = speaker
        ctx.model.add(speaker <= there)
        if not isinstance(attends, int):
            ctx.model.add_implication(speaker, attends)
    _panel_rules(ctx, part)
    set_objective(ctx)
    return ctx


def funding_model(problem: ProblemData) -> ModelContext:
    """Travel support alone (hard rules 7-8) with the soft rules on funding."""
    ctx = ModelContext(problem)
    add_funding(ctx, Participation(places={}))
    set_objective(ctx)
    return ctx


def solve_relaxation(
    ctx: ModelContext, configure: Configure, budget: Budget, seconds: float
) -> tuple[int, cp_model.CpSolver | None]:
    """CP-SAT on a relaxation: its proven lower bound (scaled units, at least 0, as every soft
    rule is; 0 without terms or time), and the solver when it holds a solution."""
    if not ctx.terms or seconds <= 0:
        return 0, None
    solver = cp_model.CpSolver()
    configure(solver, seconds)
    code = budget.run(solver, ctx.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        # INFEASIBLE cannot be: every model bounded here relaxes a problem with a plan.
        raise RuntimeError(f"a relaxation of the whole problem ended {solver.status_name(code)}")
    found = solver if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    return max(0, math.ceil(solver.best_objective_bound - 1e-6)), found


def proven_bound(ctx: ModelContext, configure: Configure, budget: Budget, seconds: float) -> int:
    """`solve_relaxation`'s bound alone."""
    return solve_relaxation(ctx, configure, budget, seconds)[0]


def people_bound(
    problem: ProblemData,
    configure: Configure,
    budget: Budget,
    seconds: float,
    *,
    funding: bool = True,
    rows: Sequence[Penalty] | None = None,
) -> int:
    """A proven lower bound (scaled units) of the people's soft rules that stage 1 does not
    count: panel by panel, the panel model's bound, plus the funding model's when
    ``funding`` (stage 1 counts the funding rules itself, so only when its bound is not used).

    ``rows`` are the penalties of a complete plan (the best one so far). Each model relaxes
    the rules it counts, so its optimum is at most what the plan pays for them: where the plan
    pays nothing, the bound is 0 without solving, and the model is not built.

    Takes at most ``seconds`` (in the budget's unit), each model a fair share of what is left;
    a model not proven in its share counts the bound CP-SAT proved so far (at least 0, as every
    soft rule is).
    """
    started = time.perf_counter()
    deadline = budget.spent + seconds

    def left() -> float:
        return max(deadline - budget.spent, 0.0)

    def paid(rules: Collection[str], subject: str | None = None) -> bool:
        """False when the plan of ``rows`` pays nothing for ``rules`` (of ``subject``)."""
        if rows is None:
            return True
        return any(
            r.penalty > 0 and r.rule in rules and (subject is None or r.subject == subject)
            for r in rows
        )

    funding_ctx = funding_model(problem) if funding else None
    if funding_ctx is not None and not paid({t.rule for t in funding_ctx.terms}):
        funding_ctx = None
    items = [i for i in problem.items if i.panel_size > 0 and paid(PANEL_RULES, i.item_id)]
    # Each model gets a fair share of what is left, over the models still to solve: one panel
    # whose proof is slow (12 s of a two-week meeting's 120 s, for 20 points of 72,000) leaves
    # the others time.
    funded = 0
    if funding_ctx is not None:
        funded = proven_bound(funding_ctx, configure, budget, left() / (len(items) + 1))
    panels = solved = 0
    for k, item in enumerate(items):
        if left() <= 0:
            break
        share = left() / (len(items) - k)
        panels += proven_bound(panel_model(problem, item), configure, budget, share)
        solved += 1
    logger.info(
        "people's bound in %.1f s: funding %.2f, panels %.2f (%d panel models solved)",
        time.perf_counter() - started,
        to_weight_units(funded, bound=True),
        to_weight_units(panels, bound=True),
        solved,
    )
    return funded + panels
