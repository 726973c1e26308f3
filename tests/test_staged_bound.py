"""The whole problem's lower bound of a staged solve (`planner.solver.staged.bound`).

The bound is valid when it never exceeds the objective of any plan of the meeting. Each part is
tested on its own against plans that differ (the joint optimum, the staged plan, the witness of
the generator with a greedy seating): stage 1's terms against the plan's timetable terms and
unseated delegations, the funding model and each panel model against the plan's rows of those
rules; and the whole against joint solves proven optimal.
"""

from __future__ import annotations

import dataclasses

import pytest
from ortools.sat.python import cp_model

from planner.check import penalties
from planner.domain import (
    AgendaItem,
    Delegation,
    Participant,
    Penalty,
    Plan,
    ProblemData,
    Result,
    Rules,
    Status,
)
from planner.solver import staged
from planner.solver.budget import Budget
from planner.solver.context import SCALE
from planner.solver.driver import configure, solve
from planner.solver.staged import bound as bound_module, complete_greedily
from planner.solver.staged.bound import (
    funding_model,
    panel_model,
    people_bound,
    stage1_is_relaxation,
)
from planner.solver.staged.relaxation import (
    interpretation_floor_model,
    placement_model,
    relax_stage1,
)
from planner.solver.staged.stages import TIMETABLE_RULES, build_stage1
from planner.synth import SynthConfig, generate_with_witness

PANEL_RULES = (
    "panel_unfilled",
    "discipline_missing",
    "region_diversity",
    "gender_balance",
    "speaker_preference",
)
FUNDING_RULES = ("travel_cost", "funding_priority", "funding_unmet")


def _configure(solver: cp_model.CpSolver, limit: float) -> None:
    configure(solver, time_limit=limit, workers=2, seed=0, deterministic=True)


def _solve(solving, problem: ProblemData, staged: bool) -> Result:
    result = solve(problem, time_limit=10.0, workers=2, deterministic=True, staged=staged)
    solving.assert_valid(problem, result)
    return result


def _bound(ctx_model: cp_model.CpModel) -> float:
    """A model's proven optimum, in weight units."""
    solver = cp_model.CpSolver()
    _configure(solver, 10.0)
    assert solver.solve(ctx_model) == cp_model.OPTIMAL
    return solver.best_objective_bound / SCALE


def _rows(problem: ProblemData, plan: Plan, rules: tuple[str, ...], subject: str = "") -> float:
    """The plan's penalty for those rules (for one subject when given)."""
    return sum(
        p.penalty
        for p in penalties(problem, plan)
        if p.rule in rules and (not subject or p.subject == subject)
    )


@dataclasses.dataclass(frozen=True)
class Small:
    """A small meeting, its joint optimum, its staged result, and three different plans."""

    problem: ProblemData
    joint: Result
    staged: Result
    plans: tuple[Plan, ...]


@pytest.fixture(scope="module", params=[1, 2, 3])
def small(request: pytest.FixtureRequest, solving) -> Small:
    problem, witness = generate_with_witness(SynthConfig.small(), seed=request.param)
    joint = _solve(solving, problem, staged=False)
    assert joint.status is Status.OPTIMAL  # the optimum, for the test of the whole bound
    staged = _solve(solving, problem, staged=True)
    plans = (joint.plan, staged.plan, complete_greedily(problem, witness))
    return Small(problem, joint, staged, plans)


def test_staged_bound_never_exceeds_the_proven_joint_optimum(small: Small) -> None:
    joint, staged = small.joint, small.staged
    assert joint.objective is not None and staged.best_bound is not None
    assert staged.best_bound <= joint.objective + 1e-6
    assert staged.stage_bound is not None and staged.best_bound <= staged.stage_bound + 1e-6
    if staged.status is Status.OPTIMAL:  # proven for the whole problem: it is the optimum
        assert staged.objective == pytest.approx(joint.objective)


def test_stage1_counts_no_more_than_any_plan_with_its_timetable(small: Small) -> None:
    """Stage 1's optimum with the timetable, roster and funding of a plan fixed is at most the
    plan's timetable and funding terms plus its unseated delegations: the estimate is a lower
    bound."""
    problem, plans = small.problem, small.plans
    assert stage1_is_relaxation(problem)
    for plan in plans:
        ctx = build_stage1(problem)
        sessions = {(s.item_id, s.slot_id, s.room_id) for s in plan.sessions}
        works = {(a.interpreter_id, a.slot_id, a.room_id) for a in plan.assignments}
        for key, var in ctx.session_at.items():
            ctx.model.add(var == int(key in sessions))
        for key, var in ctx.works.items():
            ctx.model.add(var == int(key in works))
        for index, var in enumerate(ctx.model.proto.variables):
            if var.name.startswith("funded["):
                funded = var.name.removeprefix("funded[").removesuffix("]") in plan.funded
                ctx.model.add(ctx.model.get_int_var_from_proto_index(index) == int(funded))
        counted = _rows(problem, plan, (*TIMETABLE_RULES, "delegation_unseated", *FUNDING_RULES))
        assert _bound(ctx.model) <= counted + 1e-6


def test_interpretation_floor_bounds_the_interpretation_cost_of_every_plan(small: Small) -> None:
    problem, plans = small.problem, small.plans
    floor = _bound(interpretation_floor_model(problem).model)
    assert floor > 0  # the small meetings pay interpreters: a floor of 0 would prove nothing
    for plan in plans:
        assert floor <= _rows(problem, plan, ("interpretation_cost",)) + 1e-6


def test_relaxation_bounds_stage1s_terms_of_every_plan(small: Small) -> None:
    """The placement model's optimum plus the interpretation floor is at most any plan's
    timetable, funding and unseated terms (what stage 1's bound covers), and at most stage 1's
    optimum; `relax_stage1` proves that sum."""
    problem, plans = small.problem, small.plans
    floor = _bound(interpretation_floor_model(problem).model)
    bound = floor + _bound(placement_model(problem).model)
    assert bound <= _bound(build_stage1(problem).model) + 1e-6
    for plan in plans:
        counted = _rows(problem, plan, (*TIMETABLE_RULES, "delegation_unseated", *FUNDING_RULES))
        assert bound <= counted + 1e-6
    budget = Budget(20.0, deterministic=True)
    assert relax_stage1(problem, _configure, budget, 20.0).bound / SCALE == pytest.approx(bound)


def test_funding_model_bounds_the_funding_rules_of_every_plan(small: Small) -> None:
    problem, plans = small.problem, small.plans
    bound = _bound(funding_model(problem).model)
    for plan in plans:
        assert bound <= _rows(problem, plan, FUNDING_RULES) + 1e-6


def test_each_panel_model_bounds_that_panel_in_every_plan(small: Small) -> None:
    problem, plans = small.problem, small.plans
    items = [i for i in problem.items if i.panel_size > 0]
    assert items
    for item in items:
        bound = _bound(panel_model(problem, item).model)
        for plan in plans:
            assert bound <= _rows(problem, plan, PANEL_RULES, item.item_id) + 1e-6


def test_people_bound_is_below_the_people_rules_of_every_plan(small: Small) -> None:
    problem, plans = small.problem, small.plans
    bound = people_bound(problem, _configure, Budget(10.0, deterministic=True), 10.0) / SCALE
    for plan in plans:
        assert bound <= _rows(problem, plan, (*PANEL_RULES, *FUNDING_RULES)) + 1e-6


def test_panel_rules_are_what_the_panel_models_count(small: Small) -> None:
    """`people_bound` skips a panel by the plan's rows of `PANEL_RULES`: the constant must name
    every rule a panel model counts."""
    problem = small.problem
    counted = {
        t.rule
        for item in problem.items
        if item.panel_size > 0
        for t in panel_model(problem, item).terms
    }
    assert counted == set(bound_module.PANEL_RULES) == set(PANEL_RULES)


def test_people_bound_with_a_plans_rows_loses_nothing(small: Small) -> None:
    """A model the plan pays nothing for is skipped: its bound would have been 0."""
    problem = small.problem
    budget = Budget(60.0, deterministic=True)
    alone = people_bound(problem, _configure, budget, 30.0)
    assert alone > 0  # the small meetings' panels cost something: 0 would prove nothing here
    for plan in small.plans:
        rows = penalties(problem, plan)
        budget = Budget(60.0, deterministic=True)
        assert people_bound(problem, _configure, budget, 30.0, rows=rows) == alone


def test_people_bound_solves_only_the_models_a_plan_pays_for(small: Small, monkeypatch) -> None:
    problem = small.problem
    solved: list[str] = []
    real = bound_module.proven_bound

    def counting(ctx, configure, budget, seconds):
        solved.append(next(t.rule for t in ctx.terms))
        return real(ctx, configure, budget, seconds)

    monkeypatch.setattr(bound_module, "proven_bound", counting)
    budget = Budget(60.0, deterministic=True)
    assert people_bound(problem, _configure, budget, 30.0, rows=[]) == 0
    assert solved == []
    item = next(i for i in problem.items if i.panel_size > 0)
    one = [Penalty("gender_balance", item.item_id, "", 50.0), Penalty("travel_cost", "", "", 1.0)]
    people_bound(problem, _configure, budget, 30.0, rows=one, funding=False)
    assert len(solved) == 1
    people_bound(problem, _configure, budget, 30.0, rows=one, funding=True)
    assert len(solved) == 3  # that panel again, and the funding model


def test_people_bound_gives_each_model_a_fair_share(small: Small, monkeypatch) -> None:
    """One slow panel cannot take the time of the others: each model gets what is left over
    the models still to solve."""
    problem = small.problem
    given: list[float] = []

    def record(ctx, configure, budget, seconds):
        given.append(seconds)
        return 0

    monkeypatch.setattr(bound_module, "proven_bound", record)
    people_bound(problem, _configure, Budget(60.0, deterministic=True), 12.0)
    models = 1 + sum(1 for i in problem.items if i.panel_size > 0)
    assert len(given) == models > 2
    # Nothing was spent (the stand-in solves nothing), so the shares are 12/n, 12/(n-1), ...
    assert given == pytest.approx([12.0 / (models - k) for k in range(models)])


def test_a_panel_bound_sees_the_cost_of_a_missing_discipline(factory) -> None:
    """Nobody on any day holds the wanted discipline: every plan pays for it, and so does the
    panel's bound (a bound of 0 would pass the other tests but prove nothing)."""
    problem = _two_plenaries_problem(factory, needs_funding=False)
    item = problem.item("P1")
    assert _bound(panel_model(problem, item).model) == pytest.approx(200.0)


def _two_plenaries_problem(factory, *, needs_funding: bool, days: int = 1) -> ProblemData:
    """Two plenary rooms, and a delegation with one person sure to come and (when
    ``needs_funding``) a second who needs travel support."""
    ken = Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True)
    people = (
        Participant("P1", "Expert 1 (Kenya)", "KEN", discipline="probation", gender="f"),
        Participant(
            "P2",
            "Expert 2 (Kenya)",
            "KEN",
            discipline="probation",
            gender="m",
            needs_funding=needs_funding,
            travel_cost=1000,
        ),
    )
    base = factory.problem(
        items=[
            AgendaItem("P1", "Panel", panel_size=1, disciplines=("health",)),
            AgendaItem("P2", "Plenary"),
        ],
        rooms=[factory.plenary_room("R1"), factory.plenary_room("R2")],
        rules=Rules(travel_budget=5000),
        days=days,
    )
    return base.replace(delegations=(ken,), participants=people)


def test_stage1_is_no_relaxation_where_funding_could_fill_more_plenaries(factory) -> None:
    """Stage 1 caps parallel plenaries by the people sure to come (1 here); with the second
    person funded the rules allow 2, so stage 1's bound may not speak for the whole problem."""
    assert stage1_is_relaxation(_two_plenaries_problem(factory, needs_funding=False))
    assert not stage1_is_relaxation(_two_plenaries_problem(factory, needs_funding=True))
    # Nor does the relaxation of stage 1: on two weeks it does not run first either.
    assert staged._relaxation_first(
        _two_plenaries_problem(factory, needs_funding=False, days=8), None
    )
    assert not staged._relaxation_first(
        _two_plenaries_problem(factory, needs_funding=True, days=8), None
    )


def test_staged_solve_is_optimal_when_its_plan_meets_the_whole_bound(factory, solving) -> None:
    """A meeting whose staged plan is the optimum: the whole bound proves it."""
    problem = _two_plenaries_problem(factory, needs_funding=False)
    result = _solve(solving, problem, staged=True)
    assert result.status is Status.OPTIMAL
    assert result.gap == 0.0 and result.stage_gap == 0.0
    assert dataclasses.replace(result, best_bound=None).gap is None


def _side_event_problem(factory, solving, free: int) -> ProblemData:
    """Two plenaries and a side event in one day of two slots, so the side event runs beside a
    plenary, in a room of ``free`` seats besides the secretariat's. Kenya and Chile each send
    two people sure to come; Nepal's one expert comes only with travel support, which
    ``funding_unmet`` makes worth paying (unfunded, the request alone counts 2,000).

    Funded, Nepal is present, and its one expert sits in the plenary: Nepal misses the side
    event, and of the three delegations the room seats ``free``.
    """
    delegations = (
        Delegation("KEN", "Kenya", regional_group="african"),
        Delegation("CHL", "Chile", regional_group="latin_american_caribbean"),
        Delegation("NPL", "Nepal", regional_group="asia_pacific", funding_eligible=True),
    )
    people = (
        Participant("P1", "Expert 1 (Kenya)", "KEN"),
        Participant("P2", "Expert 2 (Kenya)", "KEN"),
        Participant("P3", "Expert 1 (Chile)", "CHL"),
        Participant("P4", "Expert 2 (Chile)", "CHL"),
        Participant("P5", "Expert 1 (Nepal)", "NPL", needs_funding=True, travel_cost=1000),
    )
    rules = solving.only("delegation_unseated", "funding_unmet", travel_budget=5000)
    base = factory.problem(
        items=[
            AgendaItem("1", "Plenary 1"),
            AgendaItem("2", "Plenary 2"),
            AgendaItem("S", "Side event", languages=("en",), attendance=10 + free),
        ],
        rooms=[factory.plenary_room("R1"), factory.small_room("R2", capacity=10 + free)],
        rules=rules,
    )
    return base.replace(delegations=delegations, participants=people)


@pytest.mark.parametrize(("free", "best"), [(1, 40.0), (3, 20.0)])
def test_stage1_counts_the_delegations_only_funding_brings(
    free: int, best: float, factory, solving
) -> None:
    """Stage 1's estimate counts Nepal, present only once funded: among the delegations a room
    of 1 free seat leaves out (2 unseated), and as a delegation of one person that misses one
    of two sessions at once (1 unseated, room of 3). Its optimum is the whole problem's (joint,
    proven); without Nepal it was 20 and 0."""
    problem = _side_event_problem(factory, solving, free)
    assert stage1_is_relaxation(problem)
    assert solving.optimum(problem, staged=False, workers=2) == pytest.approx(best)
    assert _bound(build_stage1(problem).model) == pytest.approx(best)
    budget = Budget(10.0, deterministic=True)
    assert relax_stage1(problem, _configure, budget, 10.0).bound / SCALE == pytest.approx(best)


def test_stage1_stopped_at_its_first_plan_leaves_a_valid_bound(
    monkeypatch: pytest.MonkeyPatch, solving
) -> None:
    """However early stage 1 stops (at its first plan, as when its time runs out), the whole
    bound, with the relaxations an unproven stage 1 adds, stays below the proven joint
    optimum."""
    search = staged.search

    def first_plan_only(ctx, configure, budget, share):
        def stop_early(solver: cp_model.CpSolver, seconds: float) -> None:
            configure(solver, seconds)
            solver.parameters.stop_after_first_solution = True

        return search(ctx, stop_early, budget, share)

    monkeypatch.setattr(staged, "search", first_plan_only)
    for seed in (7, 8):
        problem = generate_with_witness(SynthConfig.small(), seed=seed)[0]
        joint = _solve(solving, problem, staged=False)
        assert joint.status is Status.OPTIMAL and joint.objective is not None
        result = _solve(solving, problem, staged=True)
        assert result.best_bound is not None
        assert result.best_bound <= joint.objective + 1e-6
