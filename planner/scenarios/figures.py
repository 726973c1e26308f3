"""The measures a comparison shows for each scenario, computed from its plan alone.

One definition of each figure, shared by the comparison workbook, the plain-words lines and the
README's sweep: everything here is recomputed from the problem, the `Result` and the plan, so a
figure can be traced to a plan that `planner check` accepts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planner.domain import REGIONAL_GROUPS, SOFT_RULES, Plan, ProblemData, Result, Status
from planner.domain.metrics import interpretation_cost, present_delegations, travel_cost


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the comparison: a figure of one scenario.

    ``better`` is +1 when more is better, -1 when less is better, 0 when neither (the
    comparison colours a change green or red by it, amber when neutral); ``unit`` is how the
    value is shown: ``count``, ``usd``, ``share``, ``points``, ``text`` or ``seconds``.
    """

    key: str
    label: str
    value: float | str | None
    unit: str = "count"
    better: int = 0


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def participation_shares(problem: ProblemData, plan: Plan) -> dict[str, float | None]:
    """Shares of (session, present delegation) pairs seated, of panel seats filled and of the
    disciplines wanted on panels that a panelist holds (None when there is nothing to count)."""
    seated = {(s.slot_id, s.room_id, s.delegation_id) for s in plan.seats}
    present = {d: present_delegations(problem, plan, d) for d in problem.days}
    pairs = [
        (s.slot_id, s.room_id, did)
        for s in plan.sessions
        for did in present[problem.slot(s.slot_id).date]
    ]
    panel_items = [i for i in problem.items if i.panel_size > 0]
    held = {(p.item_id, problem.participant(p.participant_id).discipline) for p in plan.panels}
    wanted = [(i.item_id, d) for i in panel_items for d in dict.fromkeys(i.disciplines)]
    return {
        "seated": _share(sum(p in seated for p in pairs), len(pairs)),
        "panels_filled": _share(len(plan.panels), sum(i.panel_size for i in panel_items)),
        "disciplines": _share(sum(w in held for w in wanted), len(wanted)),
    }


def funded_counts(problem: ProblemData, plan: Plan) -> tuple[int, int]:
    """Funded people from least developed countries, and from other delegations."""
    ldc = sum(problem.delegation(problem.participant(p).delegation_id).ldc for p in plan.funded)
    return ldc, len(plan.funded) - ldc


def soft_rule_points(result: Result) -> dict[str, float]:
    """Each soft rule's points in the objective (weight x count), 0 for a rule not broken."""
    points = dict.fromkeys(SOFT_RULES, 0.0)
    for p in result.penalties:
        points[p.rule] = points.get(p.rule, 0.0) + p.penalty
    return points


def measures(problem: ProblemData, result: Result, violations: int) -> list[Measure]:
    """Every figure of a scenario that has a plan, in the order of the comparison's rows.

    Parameters
    ----------
    problem
        The scenario's problem.
    result
        Its solve result, with a plan.
    violations
        Hard rules the checker found broken in the plan (0 for every plan the solver returns).
    """
    plan = result.plan
    ldc, other = funded_counts(problem, plan)
    shares = participation_shares(problem, plan)
    people = [problem.participant(p.participant_id) for p in plan.panels]
    groups = Counter(problem.delegation(p.delegation_id).regional_group for p in people)
    genders = Counter(p.gender for p in people)
    rules = problem.rules
    out = [
        Measure("objective", "objective (points)", result.objective, "points", -1),
        Measure("gap", "gap to the bound (whole problem)", result.gap, "share", -1),
        Measure("stage_gap", "gap for this timetable (staged)", result.stage_gap, "share", -1),
        Measure("checker", "hard rules broken (checker)", violations, "count", -1),
        Measure(
            "sessions",
            f"sessions placed (of {sum(i.sessions for i in problem.items)})",
            len(plan.sessions),
            "count",
            1,
        ),
        Measure(
            "interpreters",
            "interpreters engaged",
            len({a.interpreter_id for a in plan.assignments}),
            "count",
            0,
        ),
        Measure(
            "interpretation_cost",
            "interpretation cost",
            interpretation_cost(problem, plan),
            "usd",
            -1,
        ),
        Measure(
            "interpretation_budget",
            "interpretation budget",
            "unlimited" if rules.interpretation_budget is None else rules.interpretation_budget,
            "usd",
        ),
        Measure("funded", "funded experts", ldc + other, "count", 1),
        Measure("funded_ldc", "funded experts from LDCs", ldc, "count", 1),
        Measure("funded_other", "funded experts from other delegations", other, "count", 0),
        Measure("travel_cost", "travel support used", travel_cost(problem, plan), "usd", 0),
        Measure("travel_budget", "travel budget", rules.travel_budget, "usd"),
        Measure("seated", "present delegations seated", shares["seated"], "share", 1),
        Measure("panels_filled", "panel seats filled", shares["panels_filled"], "share", 1),
        Measure("disciplines", "wanted disciplines on panels", shares["disciplines"], "share", 1),
        *(
            Measure(f"panel_{g}", f"panelists: {g.replace('_', ' ')}", groups[g], "count")
            for g in REGIONAL_GROUPS
        ),
        Measure("panel_women", "panelists: women", genders["f"], "count"),
        Measure("panel_men", "panelists: men", genders["m"], "count"),
        *(
            Measure(f"points_{rule}", f"points: {rule}", value, "points", -1)
            for rule, value in soft_rule_points(result).items()
            if rule != "plan_change"  # a comparison never replans
        ),
        Measure("solve_seconds", "solve seconds", result.solve_seconds, "seconds"),
    ]
    return out


def measure_keys(problem: ProblemData) -> list[str]:
    """The key of every measure, in row order (for choosing what to chart)."""
    return [m.key for m in measures(problem, Result(Status.FEASIBLE), 0)]


def check_keys(problem: ProblemData, keys: list[str] | tuple[str, ...]) -> None:
    """Raise `ValueError` naming the valid keys when ``keys`` is empty or names an unknown one."""
    known = measure_keys(problem)
    unknown = [k for k in keys if k not in known]
    if unknown or not keys:
        raise ValueError(
            f"unknown chart measure(s) {', '.join(unknown) or '(none given)'}; choose from "
            + ", ".join(known)
        )
