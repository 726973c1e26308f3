"""The small-room cuts of stage 1's unseated estimate
(`planner.solver.staged.estimate.unseated_estimate`).

For a set of a slot's rooms too small for its delegations, the pairs those rooms leave out plus
what the delegations sure to come cannot fill in the other sessions is a lower bound of the
unseated pairs (a cut of the flow of delegations to sessions). Checked on a meeting where it
binds, against the joint optimum proven; the tests of `test_staged_bound` hold the estimate to
the plans of small meetings.
"""

from __future__ import annotations

import logging

import pytest
from ortools.sat.python import cp_model

from planner.domain import AgendaItem, Delegation, Participant, ProblemData, Status
from planner.solver import staged
from planner.solver.budget import Budget
from planner.solver.context import SCALE
from planner.solver.driver import configure, solve
from planner.solver.staged.relaxation import placement_model
from planner.solver.staged.stages import build_stage1


def _optimum(model: cp_model.CpModel) -> float:
    """A model's proven optimum, in weight units."""
    solver = cp_model.CpSolver()
    configure(solver, time_limit=10.0, workers=2, seed=0, deterministic=True)
    assert solver.solve(model) == cp_model.OPTIMAL
    return solver.objective_value / SCALE


def _small_room_problem(factory, solving) -> ProblemData:
    """Three sessions at once, one in a room with two free seats, six delegations present: two
    of one person, four of three. The small room leaves 4 delegations out; the other two
    sessions, 2 (each one-person delegation sits in only one of them): 6 unseated pairs. The
    estimate counted either the room (4) or the people (2 x 2 = 4) alone."""
    tiny = factory.small_room("R2", capacity=12)  # the secretariat's 10 seats and 2 more
    only_then = frozenset({"D1-AM"})
    items = [
        AgendaItem(k, f"Item {k}", languages=("en",), attendance=5, allowed_slots=only_then)
        for k in ("A", "B")
    ]
    items.append(
        AgendaItem(
            "C", "Item C", languages=("en",), attendance=5, allowed_slots=only_then, room="R2"
        )
    )
    delegations, people = [], []
    for d, size in enumerate((1, 1, 3, 3, 3, 3)):
        did = f"D{d}"
        delegations.append(Delegation(did, f"Delegation {d}", regional_group="african"))
        people += [
            Participant(f"{did}-{k}", f"Expert {k + 1} (Delegation {d})", did) for k in range(size)
        ]
    base = factory.problem(
        items=items,
        rooms=[factory.plenary_room("R1"), tiny, factory.plenary_room("R3")],
        rules=solving.only("delegation_unseated", max_parallel_sessions=3),
    )
    return base.replace(delegations=tuple(delegations), participants=tuple(people))


def test_small_room_cut_counts_the_room_and_the_people_together(factory, solving) -> None:
    problem = _small_room_problem(factory, solving)
    joint = solve(problem, time_limit=10.0, workers=2, deterministic=True, staged=False)
    solving.assert_valid(problem, joint)
    assert joint.status is Status.OPTIMAL
    assert joint.objective == pytest.approx(6 * 20.0)
    # Stage 1 and its relaxation without the roster see all 6 pairs (before the cut: 4).
    assert _optimum(build_stage1(problem).model) == pytest.approx(6 * 20.0)
    assert _optimum(placement_model(problem).model) == pytest.approx(6 * 20.0)


def test_stage1_out_of_time_still_gets_the_relaxations_bound(
    monkeypatch, caplog, factory, solving
) -> None:
    """Under load stage 1 can end its share with neither a timetable nor a bound: the
    relaxations of stage 1 (`relaxation_bound`, hinted with the quick timetable) still bound
    its share, where before only the funding rules' bound was left."""
    problem = _small_room_problem(factory, solving)
    real_run = Budget.run
    calls: list[int] = []

    def stage1_finds_nothing(self, solver, model, callback=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:  # 1: quick timetable, 2: stage 1
            return cp_model.UNKNOWN
        return real_run(self, solver, model, callback)

    monkeypatch.setattr(Budget, "run", stage1_finds_nothing)
    with caplog.at_level(logging.INFO, logger="planner"):
        result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    solving.assert_valid(problem, result)
    assert "relaxation of stage 1" in caplog.text
    # Last, in the time stage 2 and the people's bound leave.
    assert caplog.text.index("people's bound") < caplog.text.index("relaxation of stage 1")
    # The relaxation proves all 6 unseated pairs, which the plan pays: OPTIMAL.
    assert result.best_bound == pytest.approx(6 * 20.0)
    assert result.status is Status.OPTIMAL


def _configure(solver: cp_model.CpSolver, seconds: float) -> None:
    configure(solver, time_limit=seconds, workers=1, seed=0, deterministic=True)
