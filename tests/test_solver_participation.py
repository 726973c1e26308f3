"""Participation in the CP-SAT model: presence and seats (hard rules 8-9), their soft rules,
and the staged solve. Funding and panels have their own test modules.

Every plan the solver returns is checked by the solver-free checker, and its objective must be
the checker's: the model counts exactly what `planner.check` counts.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from ortools.sat.python import cp_model

from planner.check import check_plan, penalties
from planner.domain import (
    PanelSeat,
    Plan,
    ProblemData,
    Rules,
    Seat,
    Session,
    Status,
)
from planner.solver import staged as staged_module
from planner.solver.driver import configure, solve
from planner.solver.progress import ProgressEvent
from planner.solver.staged import solve_staged, use_staged
from planner.solver.staged.greedy import greedy_participation
from planner.solver.staged.polish import settle_seats
from planner.synth import SynthConfig, generate, generate_with_witness


def _configure(solver: cp_model.CpSolver, limit: float) -> None:
    # For `solve_staged` called directly: deterministic time, the same plan on any machine.
    configure(solver, time_limit=limit, workers=2, seed=0, deterministic=True)


# Hard rule 9: a plenary seats every present delegation, within the room (secretariat
# included).
@pytest.mark.parametrize(("capacity", "status"), [(13, Status.OPTIMAL), (12, Status.INFEASIBLE)])
def test_plenary_seats_every_present_delegation(
    capacity: int, status: Status, people_factory
) -> None:
    people = [
        people_factory.person("P1", "KEN"),
        people_factory.person("P2", "NPL"),
        people_factory.person("P3", "FRA"),
    ]
    problem = people_factory.people_problem(
        [people_factory.english("1")], people, rooms=[people_factory.room("R1", capacity)]
    )
    result = people_factory.solve_people(problem)
    if status is Status.INFEASIBLE:
        assert result.status is Status.INFEASIBLE
        return
    plan = people_factory.checked(problem, result)
    assert {s.delegation_id for s in plan.seats} == {"KEN", "NPL", "FRA"}


# Hard rule 9: one seat per person per slot, so two plenaries at once need two people each.
@pytest.mark.parametrize(("people", "status"), [(1, Status.INFEASIBLE), (2, Status.OPTIMAL)])
def test_one_seat_per_person_and_slot(people: int, status: Status, people_factory) -> None:
    at_once = frozenset({"D1-AM"})
    items = [
        people_factory.english("1", allowed_slots=at_once),
        people_factory.english("2", allowed_slots=at_once),
    ]
    kenya = [people_factory.person(f"P{k}", "KEN") for k in range(1, people + 1)]
    problem = people_factory.people_problem(
        items, kenya, rooms=[people_factory.room("R1", 50), people_factory.room("R2", 50)]
    )
    result = people_factory.solve_people(problem)
    if status is Status.INFEASIBLE:
        assert result.status is Status.INFEASIBLE
        return
    plan = people_factory.checked(problem, result)
    assert sorted((s.room_id, s.participant_id) for s in plan.seats) in (
        [("R1", "P1"), ("R2", "P2")],
        [("R1", "P2"), ("R2", "P1")],
    )


# Hard rule 9: a delegation holds at most its seats, so one with none cannot sit in a plenary.
@pytest.mark.parametrize(("seats", "status"), [(0, Status.INFEASIBLE), (1, Status.OPTIMAL)])
def test_delegation_seats(seats: int, status: Status, people_factory) -> None:
    kenya = dataclasses.replace(people_factory.KEN, seats=seats)
    people = [people_factory.person("P1", "KEN"), people_factory.person("P2", "KEN")]
    problem = people_factory.people_problem(
        [people_factory.english("1")], people, delegations=[kenya]
    )
    result = people_factory.solve_people(problem)
    if status is Status.INFEASIBLE:
        assert result.status is Status.INFEASIBLE
        return
    assert len(people_factory.checked(problem, result).seats) == 1


# Hard rule 8: a request that is not funded does not take part, so its delegation is not
# present and need not sit; funding it would crowd the room, so it is not funded.
@pytest.mark.parametrize(("needs_funding", "status"), [(True, Status.OPTIMAL), (False, None)])
def test_unfunded_request_does_not_take_part(
    needs_funding: bool, status: Status | None, people_factory
) -> None:
    people = [
        people_factory.person("P1", "KEN"),
        people_factory.person("P2", "NPL", needs_funding=needs_funding, travel_cost=500.0),
    ]
    rules = Rules(travel_budget=5000)
    problem = people_factory.people_problem(
        [people_factory.english("1")], people, rooms=[people_factory.room("R1", 11)], rules=rules
    )
    result = people_factory.solve_people(problem)
    if status is None:
        assert result.status is Status.INFEASIBLE
        return
    plan = people_factory.checked(problem, result)
    assert plan.funded == frozenset()
    assert [s.participant_id for s in plan.seats] == ["P1"]


# Hard rule 8: nobody sits on a day they are absent, and a delegation whose people have left
# is not present.
@pytest.mark.parametrize(("leaves", "status"), [(True, Status.OPTIMAL), (False, None)])
def test_nobody_sits_after_departure(
    leaves: bool, status: Status | None, factory, people_factory
) -> None:
    departure = factory.MONDAY if leaves else None
    people = [
        people_factory.person("P1", "KEN"),
        people_factory.person("P2", "FRA", departure=departure),
    ]
    items = [people_factory.english("1", allowed_slots=frozenset({"D2-AM"}))]
    problem = people_factory.people_problem(
        items, people, rooms=[people_factory.room("R1", 11)], days=2
    )
    result = people_factory.solve_people(problem)
    if status is None:
        assert result.status is Status.INFEASIBLE
        return
    assert [s.participant_id for s in people_factory.checked(problem, result).seats] == ["P1"]


# Soft rule delegation_unseated: two side events at once; Kenya, with one person, can follow
# only one of them (weight 20), with two people both.
@pytest.mark.parametrize(("people", "expected"), [(1, 20.0), (2, 0.0)])
def test_delegation_unseated(people: int, expected: float, people_factory) -> None:
    at_once = frozenset({"D1-AM"})
    items = [
        people_factory.english("S1", attendance=5, allowed_slots=at_once),
        people_factory.english("S2", attendance=5, allowed_slots=at_once),
    ]
    kenya = [people_factory.person(f"P{k}", "KEN") for k in range(1, people + 1)]
    problem = people_factory.people_problem(
        items, kenya, rooms=[people_factory.room("R1", 50), people_factory.room("R2", 50)]
    )
    result = people_factory.solve_people(problem)
    people_factory.checked(problem, result)
    assert result.objective == expected


# Soft rule discipline_mismatch: P1 (probation) is the only English speaker for the plenary's
# panel, so sits there; Kenya's seat in the probation side event at the same time then goes to
# P2 (policy) while P1, who is wanted there, holds none: 5. When P2 can speak on the panel, P1
# sits in the side event instead: 0.
@pytest.mark.parametrize(("p2_speaks", "expected"), [(False, 5.0), (True, 0.0)])
def test_discipline_mismatch(p2_speaks: bool, expected: float, people_factory) -> None:
    at_once = frozenset({"D1-AM"})
    items = [
        people_factory.english("1", panel_size=1, allowed_slots=at_once),
        people_factory.english(
            "S1", attendance=5, disciplines=("probation",), allowed_slots=at_once
        ),
    ]
    people = [
        people_factory.person("P1", "KEN", discipline="probation"),
        people_factory.person(
            "P2",
            "KEN",
            discipline="policy_legislation",
            languages=frozenset(people_factory.EN if p2_speaks else ()),
        ),
    ]
    problem = people_factory.people_problem(
        items, people, rooms=[people_factory.room("R1", 50), people_factory.room("R2", 50)]
    )
    result = people_factory.solve_people(problem)
    plan = people_factory.checked(problem, result)
    assert result.objective == expected
    side_event = [s.participant_id for s in plan.seats if s.item_id == "S1"]
    assert side_event == (["P1"] if p2_speaks else ["P2"])


def test_the_timetable_moves_to_seat_everyone(people_factory) -> None:
    """Coupling: two side events may run apart or together; Kenya has one person, so they run
    apart (unseated costs 20, a split nothing)."""
    items = [people_factory.english("S1", attendance=5), people_factory.english("S2", attendance=5)]
    problem = people_factory.people_problem(
        items,
        [people_factory.person("P1", "KEN")],
        rooms=[people_factory.room("R1", 50), people_factory.room("R2", 50)],
    )
    plan = people_factory.checked(problem, people_factory.solve_people(problem))
    assert len({s.slot_id for s in plan.sessions}) == 2
    assert len(plan.seats) == 2


def test_joint_small_synthetic_meeting_matches_the_checker(people_factory) -> None:
    problem = generate(SynthConfig.small(), seed=3)
    # One worker: two would finish the interleaved batch long after the proof.
    result = solve(problem, time_limit=1.0, workers=1, deterministic=True, staged=False)
    people_factory.checked(problem, result, result.status)
    assert result.status.has_plan


def _side_events_problem(people_factory) -> ProblemData:
    at_once = frozenset({"D1-AM"})
    items = [
        people_factory.english("1", panel_size=2, allowed_slots=at_once),
        people_factory.english(
            "S1", attendance=5, disciplines=("probation",), allowed_slots=at_once
        ),
    ]
    people = [
        people_factory.person("P1", "KEN", discipline="probation"),
        people_factory.person("P2", "KEN", discipline="policy_legislation", languages=frozenset()),
        people_factory.person(
            "P3", "NPL", needs_funding=True, travel_cost=900.0
        ),  # fills the panel
    ]
    rules = Rules(travel_budget=1000)
    return people_factory.people_problem(
        items,
        people,
        rooms=[people_factory.room("R1", 50), people_factory.room("R2", 50)],
        rules=rules,
    )


def test_solve_stages_large_meetings_only(people_factory) -> None:
    """Joint for a small meeting (its bound covers everything), staged for the example."""
    assert not use_staged(generate(SynthConfig.small(), seed=3))
    assert use_staged(generate(SynthConfig.example(), seed=3))
    problem = _side_events_problem(people_factory)
    result = people_factory.solve_people(problem, staged=None)
    assert result.stage_bound is None and result.stage_gap is None
    people_factory.checked(problem, result)


def test_a_hint_with_seats_and_panels_is_accepted(people_factory) -> None:
    """An earlier plan's funding, seats and panels are hinted along with its timetable."""
    problem = _side_events_problem(people_factory)
    first = people_factory.solve_people(problem)
    assert first.plan.funded and first.plan.panels
    again = solve(problem, time_limit=3.0, workers=2, deterministic=True, hint=first.plan)
    people_factory.checked(problem, again)
    assert again.objective == first.objective


def test_staged_solve_reports_a_first_plan_and_a_stage_two_bound(people_factory) -> None:
    problem = generate(SynthConfig.small(), seed=3)
    events: list[ProgressEvent] = []
    result = solve_staged(problem, _configure, 5.0, deterministic=True, progress=events.append)
    plan = people_factory.checked(problem, result, Status.FEASIBLE)
    assert result.objective is not None and result.best_bound is not None
    assert result.best_bound <= result.objective + 1e-6
    assert result.stage_bound is not None and result.best_bound <= result.stage_bound + 1e-6
    solutions = [e for e in events if e.kind == "solution"]
    assert solutions and solutions[-1].objective == pytest.approx(result.objective)
    values = [e.objective or 0.0 for e in solutions]
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    assert plan.seats


def test_staged_solve_leaves_mismatch_to_the_polish_on_large_meetings(
    monkeypatch: pytest.MonkeyPatch,
    people_factory,
) -> None:
    """Above `MISMATCH_IN_MODEL` seats stage 2 drops discipline_mismatch and the polish settles
    it: the plan still keeps every rule and reports the checker's objective."""
    monkeypatch.setattr(staged_module, "MISMATCH_IN_MODEL", 0)
    problem = generate(SynthConfig.small(), seed=3)
    result = solve_staged(problem, _configure, 5.0, deterministic=True)
    people_factory.checked(problem, result, Status.FEASIBLE)


@pytest.mark.parametrize(("p2_on_panel", "expected"), [(False, 0.0), (True, 5.0)])
def test_settle_seats_redeals_a_delegations_seats(
    p2_on_panel: bool, expected: float, people_factory
) -> None:
    """P2 (policy) holds Kenya's seat in a probation item while P1 (probation) holds none: the
    polish gives the seat to P1, unless P2 speaks on the item's panel and must stay."""
    item = people_factory.english("1", panel_size=1, disciplines=("probation",))
    people = [
        people_factory.person("P1", "KEN", discipline="probation"),
        people_factory.person("P2", "KEN", discipline="policy_legislation"),
    ]
    problem = people_factory.people_problem([item], people, rules=Rules(seats_per_delegation=1))
    session = Session("1", "D1-AM", "R1")
    panels = (PanelSeat("1", 1, "P2"),) if p2_on_panel else ()
    plan = Plan((session,), seats=(Seat("D1-AM", "R1", "1", "KEN", "P2"),), panels=panels)
    assert check_plan(problem, plan) == []
    settled = settle_seats(problem, plan)
    assert check_plan(problem, settled) == []
    assert [s.participant_id for s in settled.seats] == (["P2"] if p2_on_panel else ["P1"])
    mismatch = [p for p in penalties(problem, settled) if p.rule == "discipline_mismatch"]
    assert sum(p.penalty for p in mismatch) == expected


@pytest.mark.parametrize("config", [SynthConfig.small(), SynthConfig.example()])
def test_greedy_completion_keeps_the_hard_rules(config: SynthConfig) -> None:
    """The first complete plan of a staged solve, on the generator's own timetable."""
    problem, witness = generate_with_witness(config, seed=5)
    seats, panels = greedy_participation(problem, witness.sessions)
    plan = Plan(witness.sessions, witness.assignments, seats, panels)
    assert check_plan(problem, plan) == []
    assert panels and len(seats) >= len(witness.seats)


def test_staged_solve_is_infeasible_when_the_plenary_cannot_fit(people_factory) -> None:
    people = [
        people_factory.person("P1", "KEN"),
        people_factory.person("P2", "NPL"),
        people_factory.person("P3", "FRA"),
    ]
    problem = people_factory.people_problem(
        [people_factory.english("1")], people, rooms=[people_factory.room("R1", 12)]
    )
    assert people_factory.solve_people(problem, staged=True).status is Status.INFEASIBLE


@st.composite
def tiny_problems(draw: st.DrawFn, factory, people_factory) -> ProblemData:
    """One or two days, up to three items (plenary, side event, panel), a few people."""
    days = draw(st.integers(1, 2))
    items = [
        people_factory.english("1", panel_size=draw(st.integers(0, 2)), disciplines=("probation",))
    ]
    if draw(st.booleans()):
        items.append(people_factory.english("S1", attendance=5, disciplines=("health",)))
    if draw(st.booleans()):
        items.append(
            people_factory.english(
                "S2", attendance=5, panel_size=1, sessions=draw(st.integers(1, 2))
            )
        )
    asks = [(), *((i.item_id,) for i in items if i.panel_size > 0)]
    people = []
    for k in range(draw(st.integers(2, 6))):
        needs = draw(st.booleans())
        people.append(
            people_factory.person(
                f"P{k + 1}",
                draw(st.sampled_from(["KEN", "NPL", "FRA", "CHL"])),
                discipline=draw(st.sampled_from(["probation", "health", None])),
                gender=draw(st.sampled_from(["f", "m", None])),
                mode=draw(st.sampled_from(["in_person", "in_person", "online"])),
                needs_funding=needs,
                travel_cost=1000.0 if needs else 0.0,
                speaks_on=frozenset(draw(st.sampled_from(asks))),
                departure=factory.MONDAY if days == 2 and draw(st.booleans()) else None,
            )
        )
    rules = Rules(travel_budget=draw(st.sampled_from([0.0, 1000.0, 3000.0])))
    rooms = [
        people_factory.room("R1", draw(st.sampled_from([12, 14, 30]))),
        people_factory.room("R2", 30),
    ]
    return people_factory.people_problem(items, people, rooms=rooms, days=days, rules=rules)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_plan_keeps_the_rules_and_its_objective_is_the_checkers(
    data: st.DataObject,
    factory,
    people_factory,
) -> None:
    problem = data.draw(tiny_problems(factory, people_factory))
    joint = people_factory.solve_people(problem, limit=2.0)
    staged = people_factory.solve_people(problem, staged=True, limit=2.0)
    assert joint.status.has_plan == staged.status.has_plan
    for result in (joint, staged):
        if result.status.has_plan:
            people_factory.checked(problem, result, result.status)
    if joint.status is Status.OPTIMAL:
        assert joint.objective is not None and staged.objective is not None
        assert staged.objective >= joint.objective - 1e-6
