"""`planner.solver.driver`: what it returns, its options, and repeatable results."""

from __future__ import annotations

from typing import Any

import pytest

from planner.domain import AgendaItem, ProblemData, Rules, Status
from planner.solver import ProgressEvent, driver, solve
from planner.solver.budget import Budget
from planner.solver.context import ModelContext
from planner.synth import EXAMPLE_SEED, SynthConfig, generate


def roomy(factory) -> ProblemData:
    """Many plans of equal cost: four items, three days, two rooms, two teams."""
    items = [
        AgendaItem("1", "Opening"),
        AgendaItem("2", "Item 2", sessions=2),
        AgendaItem("3", "Item 3", languages=("en",), attendance=30),
        AgendaItem("4", "Item 4", languages=("en", "fr", "es"), after=("1",)),
    ]
    return factory.problem(
        items,
        days=3,
        rooms=[factory.plenary_room("R1"), factory.plenary_room("R2")],
        interpreters=factory.team(daily_rate=500) + factory.team(daily_rate=600, prefix="J"),
    )


def test_optimal_result_carries_plan_objective_bound_and_penalties(factory, solving) -> None:
    problem = roomy(factory)
    result = solve(problem, time_limit=10, workers=1, deterministic=True)
    assert result.status is Status.OPTIMAL
    solving.assert_valid(problem, result)
    assert result.best_bound == result.objective
    assert result.gap == 0.0
    assert result.solve_seconds > 0
    assert result.stage_bound is None and result.stage_gap is None
    assert len(result.plan.sessions) == 5


def test_infeasible_result_has_no_plan_and_says_why(factory) -> None:
    problem = factory.problem([AgendaItem("1", "Opening", sessions=3)], days=1)
    result = solve(problem, time_limit=5, workers=1, deterministic=True)
    assert result.status is Status.INFEASIBLE
    assert result.plan.is_empty
    assert (result.objective, result.best_bound, result.penalties) == (None, None, ())
    assert result.message == ""  # the explanation of a conflict is another module's


def test_no_solution_when_time_runs_out_first() -> None:
    # A deterministic budget too small even for presolve: the same outcome on any machine.
    problem = generate(SynthConfig.small(), seed=EXAMPLE_SEED)
    result = solve(problem, time_limit=1e-9, workers=1, deterministic=True)
    assert result.status is Status.NO_SOLUTION
    assert result.plan.is_empty
    assert result.objective is None
    assert result.message.startswith("no plan found in ")


def test_progress_reports_plans_and_bounds_in_weight_units(factory, solving) -> None:
    events: list[ProgressEvent] = []
    result = solving.solved(roomy(factory), workers=2, progress=events.append)
    plans = [e for e in events if e.kind == "solution"]
    assert plans, "at least the final plan is reported"
    assert plans[-1].objective == result.objective
    assert all(e.elapsed >= 0 for e in events)
    assert all(e.bound is None or e.objective is None or e.bound <= e.objective for e in events)
    assert {e.kind for e in events} <= {"solution", "bound"}


def test_failing_progress_callback_does_not_stop_the_solve(factory, solving) -> None:
    def broken(event: ProgressEvent) -> None:
        raise ValueError("display gone")

    assert solving.solved(roomy(factory), progress=broken).status is Status.OPTIMAL


def test_log_lines_and_defaults_from_the_rules(factory) -> None:
    lines: list[str] = []
    problem = roomy(factory).replace(rules=Rules(time_limit_seconds=7, seed=5, workers=1))
    solve(problem, log=lines.append)
    parameters = next(line for line in lines if line.startswith("Parameters:"))
    # What the solve spent building the model comes off the 7 s, and on a loaded machine that is
    # a wall-clock amount we cannot predict: assert only that the limit is the Rules' 7 s (not
    # the 60 s default, not the 3 s below) less some of it.
    assert 3 < _parameter(parameters, "max_time_in_seconds") <= 7
    assert "random_seed: 5" in parameters
    assert "num_workers: 1" in parameters
    lines.clear()
    solve(problem, time_limit=3, seed=2, log=lines.append)
    parameters = next(line for line in lines if line.startswith("Parameters:"))
    assert 0 < _parameter(parameters, "max_time_in_seconds") <= 3
    assert "random_seed: 2" in parameters


def test_no_log_unless_asked(capfd: pytest.CaptureFixture[str], factory) -> None:
    solve(roomy(factory), time_limit=5, workers=1, deterministic=True)
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_same_input_seed_and_one_worker_give_the_same_plan(factory) -> None:
    # Wall-clock limits on purpose: the README promises this without deterministic=True. The
    # optimum of `roomy` is proven in well under a second, far inside the limit.
    first = solve(roomy(factory), time_limit=10, workers=1, seed=3)
    again = solve(roomy(factory), time_limit=10, workers=1, seed=3)
    assert first.status is Status.OPTIMAL
    assert first.plan == again.plan


def test_deterministic_mode_repeats_with_two_workers() -> None:
    problem = generate(SynthConfig.small(), seed=EXAMPLE_SEED)
    runs = [solve(problem, time_limit=2, workers=2, seed=1, deterministic=True) for _ in range(2)]
    assert runs[0].status.has_plan
    assert (runs[0].plan, runs[0].objective, runs[0].best_bound) == (
        runs[1].plan,
        runs[1].objective,
        runs[1].best_bound,
    )


def test_hint_of_an_earlier_plan_is_accepted(factory, solving) -> None:
    problem = roomy(factory)
    first = solving.solved(problem)
    again = solving.solved(problem, hint=first.plan)
    assert again.status is Status.OPTIMAL
    assert again.objective == first.objective


def test_invalid_model_is_a_bug_not_a_status(monkeypatch: pytest.MonkeyPatch, factory) -> None:
    def broken(ctx: ModelContext) -> None:
        ctx.model.new_int_var(5, 1, "empty domain")

    monkeypatch.setattr(driver, "CONCERNS", (*driver.CONCERNS, broken))
    with pytest.raises(RuntimeError, match="invalid CP-SAT model"):
        solve(roomy(factory), time_limit=5, workers=1)


def _parameter(line: str, name: str) -> float:
    """A number from CP-SAT's "Parameters:" log line (a time limit is what is left of it)."""
    return float(line.split(f"{name}: ")[1].split()[0])


def test_a_deterministic_staged_solve_repeats(monkeypatch: pytest.MonkeyPatch, solving) -> None:
    # The quick first timetable used to stop at whichever interleaved worker found one first,
    # a race that made two deterministic staged solves of the bundled example differ about one
    # time in four. No run of a deterministic solve may stop that way.
    stops: list[bool] = []
    run = Budget.run

    def recorded(self: Budget, solver: Any, model: Any, callback: Any = None) -> Any:
        stops.append(solver.parameters.stop_after_first_solution)
        return run(self, solver, model, callback)

    monkeypatch.setattr(Budget, "run", recorded)
    problem = generate(SynthConfig.small(), seed=EXAMPLE_SEED)
    options = {"time_limit": 2.0, "workers": 2, "seed": 1, "deterministic": True, "staged": True}
    runs = [solve(problem, **options) for _ in range(2)]
    for result in runs:
        solving.assert_valid(problem, result)
    first, again = ((r.plan, r.objective, r.best_bound, r.stage_bound) for r in runs)
    assert first == again
    assert stops and not any(stops)


def test_a_gap_is_zero_when_objective_and_bound_differ_only_by_float_rounding() -> None:
    from planner.domain import Result, Status

    tied = Result(Status.OPTIMAL, objective=9873.949999999999, best_bound=9873.95)
    assert tied.gap == 0.0
    apart = Result(Status.FEASIBLE, objective=100.0, best_bound=99.0, stage_bound=100.0)
    assert apart.gap == 0.01
    assert apart.stage_gap == 0.0
