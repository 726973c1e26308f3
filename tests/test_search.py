"""The search of meetings of two weeks or more: whole model, then part by part, then whole."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.domain import LANGUAGES, AgendaItem, Interpreter, ProblemData, Status
from planner.solver import search as search_module
from planner.solver.budget import Budget
from planner.solver.context import SCALE
from planner.solver.driver import build_model
from planner.solver.interpretation import booth_week_sessions
from planner.solver.progress import ProgressEvent, ProgressReporter
from planner.solver.search import Configure, neighbourhoods, search, weeks_of

# factory.MONDAY is Monday 25 March 2024 (ISO week 13): days 1-7 are week 13, day 8 week 14.
W13, W14 = "week 2024-W13", "week 2024-W14"


def _configure(solver: cp_model.CpSolver, seconds: float) -> None:
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0


def _three_items(factory, solving) -> ProblemData:
    # One team per booth at $500 a day: the optimum holds the three sessions on two days
    # (two on one day, one on another): 2 days x 14 interpreters x $500 = $14,000 = 140.
    items = [AgendaItem(i, f"Item {i}") for i in "ABC"]
    return factory.problem(
        items,
        days=8,
        interpreters=factory.team(daily_rate=500.0),
        rules=solving.only("interpretation_cost"),
    )


def _hint_three_days(ctx) -> None:
    """A poor hint the first run follows: the three sessions on three days (210)."""
    for item, day in (("A", 1), ("B", 2), ("C", 3)):
        ctx.model.add_hint(ctx.session_at[item, f"D{day}-AM", "R1"], 1)


def _search_reported(ctx, configure: Configure):
    """Search ``ctx`` for 20 deterministic seconds; the outcome and every progress event."""
    events: list[ProgressEvent] = []
    reporter = ProgressReporter(events.append, has_objective=True)
    outcome = search(
        ctx,
        configure,
        Budget(20.0, deterministic=True),
        callback=reporter,
        on_bound=reporter.on_bound,
        on_plan=reporter.on_plan,
    )
    return outcome, events


def _plan_with(ctx, forced) -> cp_model.CpSolver:
    """A plan of ``ctx``'s model (same variables) with the ``forced`` variables set."""
    model = ctx.model.clone()
    for var, value in forced.items():
        model.add(var == value)
    solver = cp_model.CpSolver()
    _configure(solver, 10.0)
    assert solver.solve(model) == cp_model.OPTIMAL
    return solver


def _first_run_stops_at_its_first_plan() -> tuple[list[int], Configure]:
    runs: list[int] = []

    def configure(solver: cp_model.CpSolver, seconds: float) -> None:
        _configure(solver, seconds)
        runs.append(1)
        if len(runs) == 1:  # the first run on the whole model stops at its first plan
            solver.parameters.stop_after_first_solution = True

    return runs, configure


def test_parts_are_the_weeks_and_the_booths(factory, solving) -> None:
    p = _three_items(factory, solving)
    ctx = build_model(p)
    parts = neighbourhoods(ctx)
    booths = {f"booth {b}" for b in ("ar", "zh", "en", "fr", "ru", "es")}
    window = "days 2024-03-29 to 2024-04-01"  # Friday to Monday: three days before, one after
    assert set(parts) == {W13, W14, window} | booths
    # The weeks split every decision; the booths split the roster.
    decisions = {v.index for v in ctx.session_at.values()} | {v.index for v in ctx.works.values()}
    assert parts[W13] | parts[W14] == decisions and not parts[W13] & parts[W14]
    assert set().union(*(parts[b] for b in booths)) == {v.index for v in ctx.works.values()}
    assert sum(len(parts[b]) for b in booths) == len(ctx.works)
    day8 = {v.index for k, v in ctx.session_at.items() if k[1].startswith("D8-")}
    assert day8 and day8 <= parts[W14]
    assert set(weeks_of(ctx)) == {(2024, 13), (2024, 14)}
    window_days = ("D5-", "D6-", "D7-", "D8-")
    in_window = {
        v.index
        for key, v in [*ctx.session_at.items(), *ctx.works.items()]
        if key[1].startswith(window_days)
    }
    assert parts[window] == in_window


def test_a_week_replanned_gathers_sessions_on_fewer_days(factory, solving) -> None:
    p = _three_items(factory, solving)
    ctx = build_model(p)
    spread = {ctx.session_at[i, f"D{d}-AM", "R1"]: 1 for i, d in (("A", 1), ("B", 2), ("C", 3))}
    bad = _plan_with(ctx, spread)
    assert bad.objective_value == 210 * SCALE  # three team-days
    found: list[float] = []
    parts = neighbourhoods(ctx)
    best = search_module._improve_by_parts(
        ctx, parts, bad, _configure, Budget(20.0, deterministic=True), 1.0, found.append
    )
    assert best.objective_value == 140 * SCALE
    assert found == sorted(found, reverse=True) and found[-1] == 140 * SCALE


def _travel_case(factory, solving) -> tuple[ProblemData, dict[str, str]]:
    # English only, one session in each week, two interpreters per team. E1 and E2 cost
    # nothing; E3 costs $1,000 of travel once engaged. The optimum (0) leaves E3 out.
    interpreters = [
        Interpreter("E1", "Interpreter 1", "en"),
        Interpreter("E2", "Interpreter 2", "en"),
        Interpreter("E3", "Interpreter 3", "en", travel_cost=1000.0),
    ]
    items = [
        AgendaItem("A", "Item A", languages=("en", "fr"), allowed_slots=frozenset({"D1-AM"})),
        AgendaItem("B", "Item B", languages=("en", "fr"), allowed_slots=frozenset({"D8-AM"})),
    ]
    p = factory.problem(
        items,
        days=8,
        interpreters=[*interpreters, *factory.team(["fr"])],
        rules=solving.only("interpretation_cost"),
    )
    return p, {"A": "D1-AM", "B": "D8-AM"}


def test_a_booth_part_drops_an_interpreter_engaged_in_both_weeks_in_one_step(
    factory, solving
) -> None:
    p, slot_of = _travel_case(factory, solving)
    ctx = build_model(p)
    engaged_twice = {ctx.works["E3", slot, "R1"]: 1 for slot in slot_of.values()}
    bad = _plan_with(ctx, engaged_twice)
    assert bad.objective_value == 10 * SCALE  # E3's travel
    booth = {"booth en": neighbourhoods(ctx)["booth en"]}
    found: list[float] = []
    best = search_module._improve_by_parts(
        ctx, booth, bad, _configure, Budget(20.0, deterministic=True), 1.0, found.append
    )
    assert best.objective_value == 0 and found == [0.0]
    assert best.boolean_value(ctx.works["E3", "D1-AM", "R1"]) is False


def test_search_from_a_poor_first_plan_ends_proven_optimal_with_monotone_progress(
    factory, solving
) -> None:
    p = _three_items(factory, solving)
    ctx = build_model(p)
    _hint_three_days(ctx)
    runs, configure = _first_run_stops_at_its_first_plan()
    outcome, events = _search_reported(ctx, configure)
    assert len(runs) > 2  # the whole model, then its parts
    assert outcome.code == cp_model.OPTIMAL
    assert outcome.objective == 140 * SCALE and outcome.bound == 140 * SCALE
    plans = [e.objective for e in events if e.kind == "solution"]
    assert plans[0] == 210.0 and plans[-1] == 140.0
    assert plans == sorted(plans, reverse=True) and len(set(plans)) == len(plans)
    bounds = [e.bound for e in events if e.bound is not None]
    assert bounds == sorted(bounds)


def test_a_two_week_meeting_solves_to_a_checked_optimum(factory, solving) -> None:
    result = solving.solved(_three_items(factory, solving), deterministic=True, time_limit=20.0)
    assert result.status is Status.OPTIMAL
    assert result.objective == 140.0


def test_a_restricted_round_splits_the_sessions_between_the_weeks_anew(factory, solving) -> None:
    # Three sessions; week 13 has 14 slots, week 14 (day 8) two: the split of the six booths'
    # sessions between the weeks is 3/0, 2/1 or 1/2.
    p = _three_items(factory, solving)
    ctx = build_model(p)
    loads = booth_week_sessions(ctx)
    assert set(loads) == {(b, w) for b in LANGUAGES for w in ((2024, 13), (2024, 14))}
    seen = []
    for _ in range(3):
        solver = cp_model.CpSolver()
        _configure(solver, 10.0)
        model = search_module._another_split(ctx, loads, seen)
        assert solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        split = search_module._split(loads, solver)
        assert split not in seen
        assert split["en", (2024, 13)] + split["en", (2024, 14)] == 3
        seen.append(split)
    assert sorted(s["ar", (2024, 14)] for s in seen) == [0, 1, 2]
    exhausted = search_module._another_split(ctx, loads, seen)
    solver = cp_model.CpSolver()
    _configure(solver, 10.0)
    assert solver.solve(exhausted) == cp_model.INFEASIBLE


def test_restricted_rounds_never_give_the_bound(monkeypatch, factory, solving) -> None:
    # The first plan (from the hint) holds all three sessions in week 13 on three days (210).
    # The restricted round is made to find only another dear plan, two sessions in week 13 and
    # one in week 14 (210 again), with a bound to match; the whole model's optimum is 140.
    # Were a restricted bound taken as the whole model's, the search would report a bound
    # above the optimum, or call the dear plan optimal.
    p = _three_items(factory, solving)
    ctx = build_model(p)
    _hint_three_days(ctx)
    real = search_module._another_split
    made: list[int] = []

    def dear(ctx, loads, splits):
        made.append(1)
        model = real(ctx, loads, splits)
        for item, day in (("A", 1), ("B", 2), ("C", 8)):  # 2/1 between the weeks, 210
            model.add(ctx.session_at[item, f"D{day}-AM", "R1"] == 1)
        return model

    monkeypatch.setattr(search_module, "_another_split", dear)
    monkeypatch.setattr(search_module, "FIRST_SHARE", 0.01)  # leave time for more rounds
    monkeypatch.setattr(search_module, "_improve_by_parts", lambda ctx, parts, best, *a: best)
    _, configure = _first_run_stops_at_its_first_plan()
    outcome, events = _search_reported(ctx, configure)
    assert len(made) == 2  # 2/1, then none left: the last run is on the whole model
    assert outcome.bound is not None and outcome.bound <= 140 * SCALE
    assert all(e.bound is None or e.bound <= 140.0 for e in events)
    assert outcome.objective == 140 * SCALE


def test_an_infeasible_meeting_of_two_weeks_is_infeasible_in_either_clock(factory, solving) -> None:
    # Five booths staffed, six needed: presolve proves it at once (no deterministic work).
    items = [AgendaItem(i, f"Item {i}") for i in "ABC"]
    p = factory.problem(items, days=8, interpreters=factory.team(LANGUAGES[:5]))
    assert solving.solved(p, deterministic=True).status is Status.INFEASIBLE
    assert solving.solved(p).status is Status.INFEASIBLE


def test_rounds_repeat_exactly_under_deterministic_time(factory, solving) -> None:
    p = _three_items(factory, solving)
    plans = []
    for _ in range(2):
        ctx = build_model(p)
        _hint_three_days(ctx)
        runs, configure = _first_run_stops_at_its_first_plan()
        outcome = search(ctx, configure, Budget(20.0, deterministic=True))
        assert outcome.solver is not None and len(runs) > 2
        plans.append(
            (
                list(outcome.solver.response_proto.solution)[: len(ctx.model.proto.variables)],
                len(runs),
            )
        )
    assert plans[0] == plans[1]


def test_one_week_solves_lead_with_max_lp_and_the_rounds_keep_max_lp_sym() -> None:
    # At 2 workers CP-SAT runs only the first full subsolver: which one leads decides the proof.
    from planner.solver.driver import SUBSOLVERS, configure

    one_week = cp_model.CpSolver()
    configure(one_week, time_limit=1.0, workers=2, seed=0, deterministic=True)
    assert list(one_week.parameters.subsolvers) == list(SUBSOLVERS)
    assert SUBSOLVERS[0] == "max_lp"

    def configure_two(solver: cp_model.CpSolver, seconds: float) -> None:
        configure(solver, time_limit=seconds, workers=2, seed=0, deterministic=True)

    model = cp_model.CpModel()
    model.new_bool_var("x")
    rounds, _ = search_module._run(
        model,
        configure_two,
        1.0,
        Budget(1.0, deterministic=True),
        subsolvers=search_module.ROUNDS_SUBSOLVERS,
    )
    assert list(rounds.parameters.subsolvers) == list(search_module.ROUNDS_SUBSOLVERS)
    assert rounds.parameters.subsolvers[0] == "max_lp_sym"

    lone, _ = search_module._run(
        model,
        lambda solver, seconds: configure(
            solver, time_limit=seconds, workers=1, seed=0, deterministic=True
        ),
        1.0,
        Budget(1.0, deterministic=True),
        subsolvers=search_module.ROUNDS_SUBSOLVERS,
    )
    assert list(lone.parameters.subsolvers) == []  # one worker: no portfolio to order
