"""The solver-free checker: every hard rule and every soft rule, recomputed from a plan.

Tests run it on every plan the solver returns; users run it (``planner check``) on plans they
edited by hand. It reads only `ProblemData` and `Plan` and never raises on a plan that names
unknown ids: those become violations too.
"""

from __future__ import annotations

from planner.check import interpretation, participation, timetable
from planner.check.soft_rules import SOFT_CHECKS, objective, penalties
from planner.check.violation import Check, Violation, known_part, unknown_ids
from planner.domain import Plan, ProblemData

HARD_CHECKS: tuple[Check, ...] = (
    *timetable.CHECKS,
    *interpretation.CHECKS,
    *participation.CHECKS,
)
"""Every hard-rule check, rules 1 to 10."""


def check_plan(problem: ProblemData, plan: Plan) -> list[Violation]:
    """Every breach of the hard rules 1-10 in the plan, in the order of the rules.

    Parameters
    ----------
    problem
        The planning problem.
    plan
        A plan from the solver or read back from a workbook a person edited.

    Returns
    -------
    list[Violation]
        Empty for a plan that respects every hard rule. Rows naming unknown ids are reported
        and then left out of the other checks.
    """
    found = list(unknown_ids(problem, plan))
    known = known_part(problem, plan)
    for check in HARD_CHECKS:
        found.extend(check(problem, known))
    # Stable: within a rule the checks keep their own (time, room) order.
    return sorted(found, key=lambda v: v.rule_number)


__all__ = [
    "HARD_CHECKS",
    "SOFT_CHECKS",
    "Violation",
    "check_plan",
    "objective",
    "penalties",
]
