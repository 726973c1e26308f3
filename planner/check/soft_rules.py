"""The soft rules of a plan, term by term, and the objective they add up to.

The same counts the solver minimises, recomputed from the plan alone, so that the `Warnings`
sheet explains the objective and a hand-edited plan can be compared with the solver's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from planner.check import (
    penalties_change as change,
    penalties_participation as people,
    penalties_timetable as timetable,
)
from planner.check.violation import known_part
from planner.domain import SOFT_RULES, Penalty, Plan, ProblemData

SoftRule = Callable[[ProblemData, Plan], Iterator[Penalty]]
"""A soft rule: yields one row per penalised subject, ``penalty`` = weight x count."""

SOFT_CHECKS: dict[str, SoftRule] = {
    "panel_unfilled": people.panel_unfilled,
    "discipline_missing": people.discipline_missing,
    "region_diversity": people.region_diversity,
    "gender_balance": people.gender_balance,
    "delegation_unseated": people.delegation_unseated,
    "discipline_mismatch": people.discipline_mismatch,
    "funding_priority": people.funding_priority,
    "funding_unmet": people.funding_unmet,
    "speaker_preference": people.speaker_preference,
    "split_item": timetable.split_item,
    "interpreter_continuity": timetable.interpreter_continuity,
    "interpretation_cost": timetable.interpretation_cost,
    "travel_cost": people.travel_cost,
    "plan_change": change.plan_change,  # 0 here; `penalties` counts it against `previous`
}
"""Every named soft rule with the function that counts it, in the order of rules.md."""

assert SOFT_CHECKS.keys() == SOFT_RULES.keys(), "every soft rule needs exactly one counter"


def penalties(problem: ProblemData, plan: Plan, previous: Plan | None = None) -> list[Penalty]:
    """Every soft-rule violation of the plan, as rows of the `Warnings` sheet.

    Parameters
    ----------
    problem
        The planning problem.
    plan
        A plan from the solver or edited by hand; rows naming unknown ids are left out
        (`check_plan` reports them).
    previous
        The plan this one replaces, for ``plan_change``; None (no previous plan) counts none.

    Returns
    -------
    list[Penalty]
        One row per penalised subject, with the count in plain words in ``detail`` and
        ``penalty`` = weight x count. Rules weighted 0 give no rows.
    """
    known = known_part(problem, plan)
    rows: list[Penalty] = []
    for rule, count in SOFT_CHECKS.items():
        if problem.rules.weight(rule) == 0:
            continue
        if rule == "plan_change":
            rows.extend(change.plan_change(problem, known, previous))
        else:
            rows.extend(count(problem, known))
    return rows


def objective(problem: ProblemData, plan: Plan, previous: Plan | None = None) -> float:
    """The plan's objective: the sum of its penalties, in the units of the weights.

    ``previous`` is the plan this one replaces (for ``plan_change``), or None.
    """
    return sum(p.penalty for p in penalties(problem, plan, previous))
