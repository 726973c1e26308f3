"""The six-booth interpretation roster (hard rules 5-6 and the interpretation budget of rule 7).

Interpreters are placed per (interpreter, slot, room), not per item: at most one session is
held in a room in a slot, so the booth's team is tied to the sum of the ``session_at`` of the
items needing that booth there. An interpreter's booth is fixed, so a variable exists only
where the room's session may need that very booth and the interpreter is available.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict

from planner.domain import Interpreter, ProblemData, Slot
from planner.domain.records import Week, iso_week
from planner.solver.context import Expr, ModelContext, Var


def interpreter_availability(problem: ProblemData, interpreter: Interpreter, slot: Slot) -> bool:
    """Hard rule 6 (last part): never when unavailable (nor with a limit of 0 sessions)."""
    return (
        slot.slot_id not in interpreter.unavailable
        and problem.max_per_day(interpreter) > 0
        and problem.max_per_week(interpreter) > 0
    )


def add_interpreter_variables(ctx: ModelContext) -> None:
    """Make ``staffed`` for every booth a session may need, and ``works`` for its interpreters.

    Nobody can thus be assigned to a session without interpretation or to another booth than
    their own (hard rule 5, last part). In explain mode an interpreter also gets a variable
    where unavailable, forbidden under the guard ``interpreter_unavailable`` (a limit of 0
    sessions is left to the guarded limits).
    """
    problem = ctx.problem
    for (item_id, slot_id, room_id), _ in ctx.session_at.items():
        item = problem.item(item_id)
        if item.interpreted:
            for booth in item.languages:
                ctx.staffed.setdefault((slot_id, room_id, booth), []).append(item_id)
    by_booth: dict[str, list[Interpreter]] = defaultdict(list)
    for interpreter in problem.interpreters:
        by_booth[interpreter.booth].append(interpreter)
    for slot_id, room_id, booth in ctx.staffed:
        slot = problem.slot(slot_id)
        for k in by_booth[booth]:
            if ctx.explain or interpreter_availability(problem, k, slot):
                key = (k.interpreter_id, slot_id, room_id)
                ctx.works[key] = ctx.model.new_bool_var(f"works[{','.join(key)}]")
                if slot_id in k.unavailable:
                    ctx.forbid(ctx.works[key], "interpreter_unavailable", k.interpreter_id)


def _team(ctx: ModelContext, slot_id: str, room_id: str, booth: str) -> list[Interpreter]:
    return [
        k
        for k in ctx.problem.interpreters
        if k.booth == booth and (k.interpreter_id, slot_id, room_id) in ctx.works
    ]


def booth_teams_full(ctx: ModelContext) -> None:
    """Hard rule 5: each booth a session needs has exactly its team size, else nobody.

    In explain mode the full team is required of each item under its own guard ``team_size``
    (item, booth), while "at most the team size" stays unconditional: it can never conflict.
    """
    for (slot_id, room_id, booth), item_ids in ctx.staffed.items():
        team = _team(ctx, slot_id, room_id, booth)
        size = ctx.problem.team_size(booth)
        needed = ctx.staffed_sum(slot_id, room_id, booth)
        working = sum(ctx.works[k.interpreter_id, slot_id, room_id] for k in team)
        if not ctx.explain:
            ctx.model.add(working == size * needed)
            continue
        ctx.model.add(working <= size * needed)
        for item_id in item_ids:
            held = ctx.session_at[item_id, slot_id, room_id]
            ctx.enforce(ctx.model.add(working >= size * held), "team_size", item_id, booth)


def retour_in_team(ctx: ModelContext) -> None:
    """Hard rule 5: a retour booth's team has ``retour_per_team`` with a suitable retour.

    A retour is suitable when it is one of the session's other languages, so the qualified
    interpreters depend on the item: items with the same qualified set share one constraint.
    """
    problem = ctx.problem
    for (slot_id, room_id, booth), item_ids in ctx.staffed.items():
        needed = problem.retour_needed(booth)
        if needed == 0:
            continue
        team = _team(ctx, slot_id, room_id, booth)
        by_qualified: dict[tuple[str, ...], list[Var]] = defaultdict(list)
        for item_id in item_ids:
            others = set(problem.item(item_id).languages) - {booth}
            qualified = tuple(k.interpreter_id for k in team if k.retour & others)
            at = ctx.session_at[item_id, slot_id, room_id]
            if ctx.explain:  # one guarded constraint per item, to name it
                works = sum(ctx.works[k, slot_id, room_id] for k in qualified)
                ctx.enforce(ctx.model.add(works >= needed * at), "retour", item_id, booth)
                continue
            by_qualified[qualified].append(at)
        for qualified, held in by_qualified.items():
            ctx.model.add(
                sum(ctx.works[k, slot_id, room_id] for k in qualified) >= needed * sum(held)
            )


def _works_by(ctx: ModelContext) -> dict[tuple[str, str], list[Var]]:
    """``(interpreter_id, slot_id) -> works`` variables over the rooms."""
    out: dict[tuple[str, str], list[Var]] = defaultdict(list)
    for (iid, slot_id, _), var in ctx.works.items():
        out[iid, slot_id].append(var)
    return out


def interpreter_one_place_per_slot(ctx: ModelContext) -> None:
    """Hard rule 6: an interpreter works at most one session per slot."""
    for group in _works_by(ctx).values():
        if len(group) > 1:
            ctx.model.add_at_most_one(group)


def interpreter_daily_and_weekly_limits(ctx: ModelContext) -> None:
    """Hard rule 6: at most ``max_per_day`` sessions a day and ``max_per_week`` a week."""
    problem = ctx.problem
    per_day: dict[tuple[str, dt.date], list[Var]] = defaultdict(list)
    per_week: dict[tuple[str, tuple[int, int]], list[Var]] = defaultdict(list)
    for (iid, slot_id), group in _works_by(ctx).items():
        slot = problem.slot(slot_id)
        per_day[iid, slot.date].extend(group)
        per_week[iid, slot.week].extend(group)
    for (iid, _), group in per_day.items():
        limit = problem.max_per_day(problem.interpreter(iid))
        if len(group) > limit:
            ctx.enforce(ctx.model.add(sum(group) <= limit), "max_per_day", iid)
    for (iid, _), group in per_week.items():
        limit = problem.max_per_week(problem.interpreter(iid))
        if len(group) > limit:
            ctx.enforce(ctx.model.add(sum(group) <= limit), "max_per_week", iid)


def cents(dollars: float) -> int:
    """US dollars as whole cents, the unit of every cost in the model."""
    return round(dollars * 100)


def add_cost_variables(ctx: ModelContext) -> None:
    """Make ``works_day`` and ``engaged`` for interpreters whose cost matters.

    Both equal what they name (not merely bound it), so a plan's cost is exact even before
    the search has pushed it down. They are linked to the slot totals rather than to each
    room's literal, and the day and week limits are restated on them: the same integer
    solutions, a much tighter LP bound on the cost. In explain mode the limits are not
    restated: they must hold only under their own guards.
    """
    problem = ctx.problem
    if (
        problem.rules.interpretation_budget is None
        and problem.rules.weight("interpretation_cost") == 0
    ):
        return
    per_day: dict[tuple[str, dt.date], list[list[Var]]] = defaultdict(list)
    for (iid, slot_id), group in _works_by(ctx).items():
        per_day[iid, problem.slot(slot_id).date].append(group)
    week_work: dict[tuple[str, tuple[int, int]], list[Var]] = defaultdict(list)
    week_days: dict[tuple[str, tuple[int, int]], list[Var]] = defaultdict(list)
    days_of: dict[str, list[Var]] = defaultdict(list)
    for (iid, date), groups in per_day.items():
        k = problem.interpreter(iid)
        if k.daily_rate == 0 and k.travel_cost == 0:
            continue
        day = ctx.model.new_bool_var(f"works_day[{iid},{date}]")
        for group in groups:
            ctx.model.add(sum(group) <= day)
        worked = [var for group in groups for var in group]
        per_day_cap = len(groups) if ctx.explain else min(problem.max_per_day(k), len(groups))
        ctx.model.add(sum(worked) <= per_day_cap * day)
        ctx.model.add(day <= sum(worked))
        ctx.works_day[iid, date] = day
        week = iso_week(date)
        week_work[iid, week].extend(worked)
        week_days[iid, week].append(day)
    for (iid, week), worked in week_work.items():
        k = problem.interpreter(iid)
        _weekly_days_cut(ctx, k, worked, week_days[iid, week])
        if k.travel_cost > 0:
            if iid not in ctx.engaged:
                ctx.engaged[iid] = ctx.model.new_bool_var(f"engaged[{iid}]")
            engaged = ctx.engaged[iid]
            for day in week_days[iid, week]:
                ctx.model.add_implication(day, engaged)
            cap = len(worked) if ctx.explain else min(problem.max_per_week(k), len(worked))
            ctx.model.add(sum(worked) <= cap * engaged)
    for (iid, _), days in week_days.items():
        if iid in ctx.engaged:
            days_of[iid].extend(days)
    for iid, days in days_of.items():
        ctx.model.add(ctx.engaged[iid] <= sum(days))


def _weekly_days_cut(ctx: ModelContext, k: Interpreter, worked: list[Var], days: list[Var]) -> None:
    """Redundant: with a weekly cap W that is not a multiple of the daily cap m, the last
    working day of a full week is half used: W = q m + r sessions need q + 1 days.

    The cut ``sessions <= q m + r (days - q)`` is the hull of ``sessions <= min(W, m x days)``;
    without it the LP prices a full week at W / m days and the bound stalls.
    """
    per_day = ctx.problem.max_per_day(k)
    if per_day == 0 or ctx.explain:
        return
    q, r = divmod(ctx.problem.max_per_week(k), per_day)
    if r == 0 or len(worked) <= q * per_day + r:
        return
    ctx.model.add(sum(worked) <= q * per_day + r * (sum(days) - q))


def interpretation_cost_cents(ctx: ModelContext) -> Expr:
    """Daily rates for days worked plus travel once for anyone engaged, in cents."""
    problem = ctx.problem
    fees = sum(
        cents(problem.interpreter(iid).daily_rate) * day for (iid, _), day in ctx.works_day.items()
    )
    travel = sum(
        cents(problem.interpreter(iid).travel_cost) * engaged
        for iid, engaged in ctx.engaged.items()
    )
    return fees + travel


def interpretation_budget(ctx: ModelContext) -> None:
    """Hard rule 7 (interpretation part): interpreter cost within ``interpretation_budget``."""
    budget = ctx.problem.rules.interpretation_budget
    if budget is not None:
        cost = interpretation_cost_cents(ctx)
        ctx.enforce(ctx.model.add(cost <= math.floor(budget * 100 + 1e-6)), "interpretation_budget")


def break_interpreter_symmetry(ctx: ModelContext) -> None:
    """Order interchangeable interpreters by workload (not composed by default).

    Interpreters alike in booth, retour, rate, travel, availability and limits can swap whole
    rosters without changing anything that counts, so only the ordering with non-increasing
    sessions worked (in id order) need be kept. Measured, it slowed the proofs (figures in the
    README, "How it solves"): ``max_lp_sym`` finds and uses these symmetries itself, and the
    added order hides them from it. Kept for experiments.
    """
    problem = ctx.problem
    classes: dict[tuple[object, ...], list[Interpreter]] = defaultdict(list)
    for k in problem.interpreters:
        key = (
            k.booth,
            k.retour,
            k.daily_rate,
            k.travel_cost,
            k.unavailable,
            problem.max_per_day(k),
            problem.max_per_week(k),
        )
        classes[key].append(k)
    load: dict[str, list[Var]] = defaultdict(list)
    for (iid, _, _), var in ctx.works.items():
        load[iid].append(var)
    for members in classes.values():
        for a, b in itertools.pairwise(members):
            if load[b.interpreter_id]:
                ctx.model.add(sum(load[a.interpreter_id]) >= sum(load[b.interpreter_id]))


def _unpaid_work(ctx: ModelContext) -> list[tuple[str, Slot]]:
    """(interpreter, slot) where an interpreter may work at no cost (no ``works_day``)."""
    problem = ctx.problem
    out = []
    for iid, slot_id, _ in ctx.works:
        slot = problem.slot(slot_id)
        if (iid, slot.date) not in ctx.works_day:
            out.append((iid, slot))
    return out


def booth_sessions(ctx: ModelContext) -> dict[tuple[str, str], list[Var]]:
    """``(booth, slot_id)`` -> the ``session_at`` literals of sessions needing that booth."""
    per_slot: dict[tuple[str, str], list[Var]] = defaultdict(list)
    for (slot_id, room_id, booth), item_ids in ctx.staffed.items():
        per_slot[booth, slot_id].extend(ctx.session_at[i, slot_id, room_id] for i in item_ids)
    return per_slot


def booth_week_sessions(ctx: ModelContext) -> dict[tuple[str, Week], list[Var]]:
    """``(booth, week)`` -> the ``session_at`` literals of sessions needing that booth that
    week."""
    out: dict[tuple[str, Week], list[Var]] = defaultdict(list)
    for (booth, slot_id), literals in booth_sessions(ctx).items():
        out[booth, ctx.problem.slot(slot_id).week].extend(literals)
    return dict(out)


def booth_day_teams(ctx: ModelContext) -> None:
    """Redundant: whole teams a booth needs on each day, tied to the interpreters paid then.

    ``teams[booth, day]`` is an integer at least the booth's sessions in each slot of the day,
    and the paid interpreter-days of the booth are at least ``team size x teams``. The booth's
    sessions over the meeting are a fixed number S, so ``sum(slots of day x teams) >= S``;
    with two slots a day CP-SAT rounds it to ``sum(teams) >= ceil(S / 2)``. The LP alone
    cannot see that an odd number of sessions still needs a whole team-day, and proving the
    optimum stalled on exactly that gap.
    """
    problem = ctx.problem
    if not ctx.works_day or ctx.explain:
        return  # cost counts nowhere, or the team sizes it restates are guarded
    day_workers: dict[tuple[str, dt.date], list[Var]] = defaultdict(list)
    for (iid, date), var in ctx.works_day.items():
        day_workers[problem.interpreter(iid).booth, date].append(var)
    # Unpaid interpreters (no rate, no travel) fill team places at no cost: at most one each.
    unpaid: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    for iid, slot in _unpaid_work(ctx):
        unpaid[problem.interpreter(iid).booth, slot.date].add(iid)
    per_slot = booth_sessions(ctx)
    total: dict[str, int] = defaultdict(int)
    for item in problem.items:
        if item.interpreted:
            for booth in item.languages:
                total[booth] += item.sessions
    for booth in sorted(total):
        capacity: list[Expr] = []
        for date in problem.days:
            groups = [per_slot[booth, s.slot_id] for s in problem.slots if s.date == date]
            groups = [g for g in groups if g]
            if not groups:
                continue
            teams = ctx.model.new_int_var(0, max(map(len, groups)), f"teams[{booth},{date}]")
            for group in groups:
                ctx.model.add(sum(group) <= teams)
            capacity.append(len(groups) * teams)
            free = len(unpaid[booth, date])
            ctx.model.add(sum(day_workers[booth, date]) >= problem.team_size(booth) * teams - free)
        ctx.model.add(sum(capacity) >= total[booth])


def booth_week_paid_days(ctx: ModelContext) -> None:
    """Redundant: paid interpreter-days a booth needs in each week.

    A booth's sessions of a week need ``team size x sessions`` interpreter places. Unpaid
    interpreters (no rate, no travel) cover at most their weekly capacity, which their weekly
    cap may hold far below two a day; each paid interpreter-day covers at most the booth's
    largest daily cap ``m``. So ``m x paid days >= team x sessions - unpaid capacity``, on an
    integer count so CP-SAT rounds an odd remainder up to a whole day. `booth_day_teams` alone
    credits the unpaid with a place every day; this cut lifts the two-week benchmark's bound
    (figures in the README, "How it solves").
    """
    problem = ctx.problem
    if not ctx.works_day or ctx.explain:
        return  # cost counts nowhere, or the team sizes it restates are guarded
    paid_days: dict[tuple[str, tuple[int, int]], list[Var]] = defaultdict(list)
    per_day_max: dict[str, int] = defaultdict(int)
    for (iid, date), var in ctx.works_day.items():
        k = problem.interpreter(iid)
        paid_days[k.booth, iso_week(date)].append(var)
        per_day_max[k.booth] = max(per_day_max[k.booth], problem.max_per_day(k))
    unpaid: dict[tuple[str, tuple[int, int]], dict[str, set[str]]] = defaultdict(
        lambda: defaultdict(set)
    )
    for iid, slot in _unpaid_work(ctx):
        unpaid[problem.interpreter(iid).booth, slot.week][iid].add(slot.slot_id)
    for (booth, week), group in sorted(booth_week_sessions(ctx).items()):
        days = paid_days.get((booth, week))
        if not days or per_day_max[booth] == 0:
            continue
        free = 0
        for iid, slot_ids in unpaid[booth, week].items():
            k = problem.interpreter(iid)
            worked = len({problem.slot(s).date for s in slot_ids})
            free += min(len(slot_ids), problem.max_per_week(k), problem.max_per_day(k) * worked)
        count = ctx.model.new_int_var(0, len(days), f"paid_days[{booth},{week}]")
        ctx.model.add(count == sum(days))
        ctx.model.add(per_day_max[booth] * count >= problem.team_size(booth) * sum(group) - free)


def add_interpretation(ctx: ModelContext) -> None:
    """The interpretation concern: roster variables, hard rules 5-6 and the budget."""
    add_interpreter_variables(ctx)
    booth_teams_full(ctx)
    retour_in_team(ctx)
    interpreter_one_place_per_slot(ctx)
    interpreter_daily_and_weekly_limits(ctx)
    add_cost_variables(ctx)
    interpretation_budget(ctx)
    booth_day_teams(ctx)
    booth_week_paid_days(ctx)
