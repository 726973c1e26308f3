"""The small-room cuts of stage 1's unseated estimate
(`planner.solver.staged.estimate.unseated_estimate`), and what the staged solve does with the
relaxation of stage 1 they tighten (`planner.solver.staged.relaxation`): its bound, and its
timetable with a roster, when stage 1 ends unproven or, on meetings of two weeks, first.

For a set of a slot's rooms too small for its delegations, the pairs those rooms leave out plus
what the delegations present (with the people funding brings them) cannot fill in the other
sessions is a lower bound of the unseated pairs (a cut of the flow of delegations to sessions).
Checked on a meeting where it binds, against the joint optimum proven; the tests of
`test_staged_bound` hold the estimate to the plans of small meetings.
"""

from __future__ import annotations

import dataclasses
import logging

import pytest
from ortools.sat.python import cp_model

from planner.domain import AgendaItem, Delegation, Participant, Plan, ProblemData, Status
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


def _small_room_problem(
    factory, solving, *, requests: float | None = None, days: int = 1, parallel: int = 3
) -> ProblemData:
    """Three sessions at once, one in a room with two free seats, six delegations present: two
    of one person, four of three. The small room leaves 4 delegations out; the other two
    sessions, 2 (each one-person delegation sits in only one of them): 6 unseated pairs. The
    estimate counted either the room (4) or the people (2 x 2 = 4) alone.

    With ``requests``, each one-person delegation also has an expert who needs travel support
    (USD 1,000) and the travel budget is ``requests``. With ``days`` 8, the meeting spans two
    calendar weeks (the items are held on the first day all the same). With ``parallel`` below
    3, no plan exists."""
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
        delegations.append(
            Delegation(did, f"Delegation {d}", regional_group="african", funding_eligible=True)
        )
        people += [
            Participant(f"{did}-{k}", f"Expert {k + 1} (Delegation {d})", did) for k in range(size)
        ]
        if size == 1 and requests is not None:
            people.append(
                Participant(
                    f"{did}-F", f"Expert 2 (Delegation {d})", did, needs_funding=True,
                    travel_cost=1000.0,
                )
            )  # fmt: skip
    rules = solving.only("delegation_unseated", max_parallel_sessions=parallel)
    if requests is not None:
        rules = dataclasses.replace(rules, travel_budget=requests)
    base = factory.problem(
        items=items,
        days=days,
        rooms=[factory.plenary_room("R1"), tiny, factory.plenary_room("R3")],
        rules=rules,
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


@pytest.mark.parametrize(("budget", "pairs"), [(0.0, 6), (1000.0, 5), (2000.0, 4)])
def test_small_room_cut_counts_whom_funding_brings(factory, solving, budget, pairs) -> None:
    """Travel support gives a one-person delegation a second person, who fills the second big
    room: each funded request saves one pair. The cut counts each such delegation with its
    people as funded (before, with everyone who may be funded: 4 pairs whatever the budget)."""
    problem = _small_room_problem(factory, solving, requests=budget)
    joint = solve(problem, time_limit=10.0, workers=2, deterministic=True, staged=False)
    solving.assert_valid(problem, joint)
    assert joint.status is Status.OPTIMAL
    assert joint.objective == pytest.approx(pairs * 20.0)
    assert _optimum(build_stage1(problem).model) == pytest.approx(pairs * 20.0)
    assert _optimum(placement_model(problem).model) == pytest.approx(pairs * 20.0)


def test_stage1_out_of_time_still_gets_the_relaxations_bound(
    monkeypatch, caplog, factory, solving
) -> None:
    """Under load stage 1 can end its share with neither a timetable nor a bound: the
    relaxations of stage 1 (`relax_stage1`, hinted with the quick timetable) still bound
    its share, where before only the funding rules' bound was left, and give stage 2 their
    timetable, with a roster."""
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
    # Before stage 2 and the people's bound: stage 2 seats people on its timetable.
    assert caplog.text.index("relaxation of stage 1") < caplog.text.index("people's bound")
    assert "stage 1 counts the relaxation's timetable at 120.00, its own at none" in caplog.text
    # The relaxation proves all 6 unseated pairs, which the plan pays: OPTIMAL.
    assert result.best_bound == pytest.approx(6 * 20.0)
    assert result.status is Status.OPTIMAL


def _configure(solver: cp_model.CpSolver, seconds: float) -> None:
    configure(solver, time_limit=seconds, workers=1, seed=0, deterministic=True)


def test_relax_keeps_stage1s_timetable_when_stage1_counts_it_no_dearer(factory, solving) -> None:
    """The relaxation's timetable replaces stage 1's only when stage 1, given a roster for it,
    counts it cheaper; its bound counts either way."""
    problem = _small_room_problem(factory, solving)
    run = staged._Staged(problem, _configure, Budget(10.0, True), None, None)
    _, quick = run.quick_timetable()
    assert quick is not None
    rostered = run.relax(quick, 1.0)
    assert rostered is not None
    assert run.stage1_bound == 6 * 20 * SCALE
    assert rostered.value == pytest.approx(6 * 20 * SCALE)  # stage 1 on its fixed timetable
    found = (quick, 0)
    run.stage1_value = 6 * 20.0 * SCALE  # as cheap as the relaxation's
    assert run.better(found, rostered) is found
    run.stage1_value = 7 * 20.0 * SCALE  # one pair dearer: the relaxation's timetable
    assert run.better(found, rostered) == (rostered.timetable, rostered.terms)
    assert run.better(found, None) is found
    run.stage1_bound = 7 * 20 * SCALE  # a higher bound from elsewhere is kept, not overwritten
    run.relax(quick, 1.0)
    assert run.stage1_bound == 7 * 20 * SCALE


def test_a_two_week_meeting_hands_the_relaxations_timetable_to_stage_2(
    caplog, factory, solving
) -> None:
    """On a meeting of two weeks or more the relaxation of stage 1 runs first, and stage 2 seats
    people on its timetable, with a roster; stage 1 is not run."""
    problem = _small_room_problem(factory, solving, days=8)
    assert staged._relaxation_first(problem, None)
    with caplog.at_level(logging.INFO, logger="planner"):
        result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    solving.assert_valid(problem, result)
    assert "stage 2 takes the relaxation's timetable; stage 1 is not run" in caplog.text
    assert "stage 1 (timetable)" not in caplog.text
    assert result.best_bound == pytest.approx(6 * 20.0)
    assert result.status is Status.OPTIMAL


def test_stage1_runs_when_the_relaxation_leaves_no_rostered_timetable(
    monkeypatch, caplog, factory, solving
) -> None:
    """Without a roster for the relaxation's timetable, stage 1 runs after all; the bound the
    relaxation proved still counts."""
    problem = _small_room_problem(factory, solving, days=8)
    monkeypatch.setattr(staged._Staged, "roster", lambda self, timetable: None)
    with caplog.at_level(logging.INFO, logger="planner"):
        result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    solving.assert_valid(problem, result)
    assert caplog.text.index("relaxation of stage 1") < caplog.text.index("stage 1 (timetable)")
    assert caplog.text.count("relaxation of stage 1") == 1  # not again after stage 1
    assert result.status is Status.OPTIMAL


def test_the_relaxation_runs_first_only_on_meetings_of_two_weeks_or_more_and_not_in_a_replan(
    factory, solving
) -> None:
    one_week = _small_room_problem(factory, solving)
    two_weeks = _small_room_problem(factory, solving, days=8)
    assert not staged._relaxation_first(one_week, None)
    assert staged._relaxation_first(two_weeks, None)
    result = solving.solved(two_weeks)
    assert not staged._relaxation_first(two_weeks, result.plan)


@pytest.mark.parametrize("start", ["a user's hint", "no quick timetable"])
def test_an_infeasible_two_week_meeting_is_infeasible_without_a_first_plan(
    monkeypatch, factory, solving, start
) -> None:
    """The relaxation runs first only from the quick timetable, which proves a plan exists:
    without it (a user's hint, or the quick search out of time) stage 1 runs and finds that
    no plan exists, where the relaxation, infeasible too, would have stopped the solve."""
    problem = _small_room_problem(factory, solving, days=8, parallel=2)
    hint = None
    if start == "a user's hint":
        hint = Plan()
    else:
        monkeypatch.setattr(
            staged._Staged, "quick_timetable", lambda self: (cp_model.UNKNOWN, None)
        )
    result = staged.solve_staged(
        problem, _configure, time_limit=10.0, deterministic=True, hint=hint
    )
    assert result.status is Status.INFEASIBLE


def test_without_a_quick_timetable_a_two_week_meeting_runs_stage_1_first(
    monkeypatch, caplog, factory, solving
) -> None:
    problem = _small_room_problem(factory, solving, days=8)
    monkeypatch.setattr(staged._Staged, "quick_timetable", lambda self: (cp_model.UNKNOWN, None))
    with caplog.at_level(logging.INFO, logger="planner"):
        result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    solving.assert_valid(problem, result)
    assert "stage 1 (timetable) OPTIMAL" in caplog.text
    assert "relaxation of stage 1" not in caplog.text  # stage 1 proved its optimum
    assert result.status is Status.OPTIMAL


def test_the_relaxations_timetable_reaches_stage_2_with_its_roster(
    caplog, factory, solving
) -> None:
    """With interpretation, the timetable the relaxation hands to stage 2 carries the roster
    stage 1 gives it: the checker would find every interpreted session unstaffed otherwise."""
    items = [AgendaItem(k, f"Item {k}", attendance=5) for k in ("A", "B", "C")]
    delegations = [
        Delegation(f"D{d}", f"Delegation {d}", regional_group="african") for d in range(4)
    ]
    people = [Participant(f"D{d}-0", f"Expert 1 (Delegation {d})", f"D{d}") for d in range(4)]
    problem = factory.problem(
        items=items,
        days=8,
        rooms=[factory.plenary_room("R1"), factory.plenary_room("R2")],
        interpreters=factory.team(daily_rate=500.0),
        rules=solving.only("delegation_unseated", "interpretation_cost"),
    ).replace(delegations=tuple(delegations), participants=tuple(people))
    with caplog.at_level(logging.INFO, logger="planner"):
        result = staged.solve_staged(problem, _configure, time_limit=10.0, deterministic=True)
    solving.assert_valid(problem, result)
    assert "stage 2 takes the relaxation's timetable; stage 1 is not run" in caplog.text
    assert len(result.plan.assignments) == 3 * 14  # a team of 14 in each of the 3 sessions
