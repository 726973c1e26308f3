"""The conflict shrinker on a bare CP-SAT model: halving chunks, the solver's cores, minimality."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from ortools.sat.python import cp_model

from planner.solver.context import Guard
from planner.solver.infeasibility import conflicts


def guarded(bounds: list[tuple[str, int]]) -> SimpleNamespace:
    """x >= k or x <= k, each under its own guard; the model context's two fields that the
    shrinker uses (``model`` and ``guards``)."""
    model = cp_model.CpModel()
    x = model.new_int_var(0, 100, "x")
    guards = {}
    for k, (sense, value) in enumerate(bounds):
        literal = model.new_bool_var(f"g{k}")
        (model.add(x >= value) if sense == ">=" else model.add(x <= value)).only_enforce_if(literal)
        guards[("bound", (str(k),))] = Guard("bound", (str(k),), literal)
    return SimpleNamespace(model=model, guards=guards)


def test_a_large_core_shrinks_to_the_two_bounds_that_conflict() -> None:
    # Only x >= 60 (guard 7) and x <= 40 (guard 13) conflict; 18 compatible bounds around them.
    bounds = [(">=", k) for k in range(7)] + [(">=", 60)] + [("<=", 90 - k) for k in range(5)]
    bounds += [("<=", 40)] + [("<=", 95 - k) for k in range(6)]
    ctx = guarded(bounds)
    kept, minimal = conflicts._shrink(ctx, list(ctx.guards.values()), time.perf_counter() + 30)
    assert minimal
    assert sorted(g.key for g in kept) == [("13",), ("7",)]


def test_every_needed_guard_of_a_minimal_core_is_kept() -> None:
    # x >= 50 conflicts with x <= 30 and with x <= 20: two minimal conflicts share guard 0;
    # the shrinker returns one of them.
    ctx = guarded([(">=", 50), ("<=", 30), ("<=", 20)])
    kept, minimal = conflicts._shrink(ctx, list(ctx.guards.values()), time.perf_counter() + 30)
    assert minimal
    assert ("0",) in {g.key for g in kept}
    assert len(kept) == 2


@pytest.mark.parametrize("presolve", [False, True])
def test_a_solve_enforces_only_the_assumed_guards(presolve: bool) -> None:
    ctx = guarded([(">=", 60), ("<=", 40)])
    first, second = ctx.guards.values()
    status, core, _ = conflicts._solve(ctx, [first, second], 5, presolve=presolve)
    assert status == cp_model.INFEASIBLE
    assert sorted(core) == sorted([first.literal.index, second.literal.index])
    status, _, _ = conflicts._solve(ctx, [first], 5, presolve=presolve)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_a_check_fixes_the_chosen_guards_on_a_copy() -> None:
    ctx = guarded([(">=", 60), ("<=", 40)])
    first, second = ctx.guards.values()
    assert conflicts._check(ctx, [first, second], 5) == cp_model.INFEASIBLE
    assert conflicts._check(ctx, [first], 5) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert conflicts._check(ctx, [], 5) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    # The model itself is left as it was: both guards still free.
    assert conflicts._check(ctx, [first, second], 5) == cp_model.INFEASIBLE
