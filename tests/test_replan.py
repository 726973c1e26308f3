"""Replanning from a previous plan: locked rows, the ``plan_change`` rule, minimal change.

Every plan is checked by the solver-free checker, and its objective must be the checker's
counted against the previous plan: the model counts ``plan_change`` exactly as
`planner.check.penalties_change` does.
"""

from __future__ import annotations

import dataclasses

import pytest
from ortools.sat.python import cp_model

from planner.check import check_plan, objective, penalties
from planner.domain import (
    AgendaItem,
    Assignment,
    Delegation,
    PanelSeat,
    Participant,
    Plan,
    ProblemData,
    Result,
    Room,
    Rules,
    Seat,
    Session,
    Status,
)
from planner.domain.changes import diff
from planner.domain.plan import booking
from planner.solver import solve
from planner.solver.context import ModelContext
from planner.solver.interpretation import add_interpretation
from planner.solver.objective import add_timetable_terms
from planner.solver.replan import LOCK_CONFLICT, add_previous, conflicting_locks
from planner.solver.replan.keep import keep_retour_marks, keep_seat_holders
from planner.solver.timetable import add_timetable

EN = ("en",)
EN_FR = ("en", "fr")


def replan(problem: ProblemData, previous: Plan | None = None, *, staged: bool = False) -> Result:
    """`solve` from ``previous`` (jointly, or in two stages); the plan is checked."""
    result = solve(
        problem, previous=previous, workers=1, time_limit=5.0, deterministic=True, staged=staged
    )
    if result.status.has_plan:
        # A staged solve is OPTIMAL only when the whole problem's bound proves it.
        assert staged or result.status is Status.OPTIMAL
        assert result.best_bound is not None and result.objective is not None
        assert result.best_bound <= result.objective + 1e-6
        assert check_plan(problem, result.plan) == []
        assert result.objective == pytest.approx(objective(problem, result.plan, previous))
        assert list(result.penalties) == penalties(problem, result.plan, previous)
    return result


def interpreted(item_id: str, sessions: int = 1) -> AgendaItem:
    return AgendaItem(item_id, f"Item {item_id}", sessions=sessions, languages=EN_FR)


def bookings_of(plan: Plan, interpreter_id: str) -> set[tuple[str, str, str]]:
    return {booking(a) for a in plan.assignments if a.interpreter_id == interpreter_id}


# --- plan_change as the checker counts it ---------------------------------------------------


def test_plan_change_counts_each_previous_row_not_kept_and_nothing_added(factory) -> None:
    problem = factory.problem(
        (interpreted("1"), interpreted("2")),
        interpreters=factory.team(EN_FR, extra=1),
        delegations=(Delegation("KEN", "Kenya", funding_eligible=True),),
        participants=(
            Participant("KEN-1", "Expert 1 (Kenya)", "KEN", needs_funding=True),
            Participant("KEN-2", "Expert 2 (Kenya)", "KEN", needs_funding=True),
        ),
    )
    am, pm = Session("1", "D1-AM", "R1"), Session("2", "D1-PM", "R1")
    en = [Assignment("D1-AM", "R1", "1", "en", i) for i in ("I-en1", "I-en2")]
    previous = Plan((am, pm), en, panels=(PanelSeat("1", 1, "KEN-1"),), funded={"KEN-1"})
    # Item 2 moved to the morning... of another day would need one; here item 1 goes to the
    # afternoon, I-en2 is replaced, KEN-1 leaves the panel and loses funding, KEN-2 gains it.
    moved = Session("1", "D1-PM", "R1")
    new = Plan(
        (moved, Session("2", "D1-AM", "R1")),
        [Assignment("D1-PM", "R1", "1", "en", i) for i in ("I-en1", "I-en3")],
        panels=(PanelSeat("1", 1, "KEN-2"), PanelSeat("2", 1, "KEN-2")),
        funded={"KEN-2"},
    )
    rows = [p for p in penalties(problem, new, previous) if p.rule == "plan_change"]
    assert [(p.subject, p.penalty) for p in rows] == [
        ("1", 100),  # item 1 left D1-AM
        ("2", 100),  # item 2 left D1-PM
        ("I-en1", 100),  # I-en1's booking at D1-AM is gone (it works D1-PM instead)
        ("I-en2", 100),
        ("panel 1", 100),  # KEN-1 off the panel; KEN-2 added to two panels: not counted
        ("KEN-1", 100),  # funding withdrawn
        ("KEN-2", 100),  # funding granted
    ]
    assert (
        rows[0].detail
        == "Item 1 (Item 1) is no longer at D1-AM (Mon 25 Mar 10:00-13:00) in room R1"
    )
    assert rows[5].detail == "KEN-1 (Expert 1 (Kenya)) is no longer funded"
    assert objective(problem, new, previous) - objective(problem, new) == 700
    # Without a previous plan nothing is counted, and the same plan changes nothing.
    assert not [p for p in penalties(problem, new) if p.rule == "plan_change"]
    assert not [p for p in penalties(problem, previous, previous) if p.rule == "plan_change"]


def test_plan_change_counts_rows_the_new_input_no_longer_knows(factory) -> None:
    problem = factory.problem((interpreted("1"),), interpreters=factory.team(EN_FR))
    previous = Plan((Session("1", "D1-AM", "R1"), Session("9", "D1-PM", "R1")))
    new = Plan((Session("1", "D1-AM", "R1"),))
    (row,) = [p for p in penalties(problem, new, previous) if p.rule == "plan_change"]
    assert (row.subject, row.penalty) == ("9", 100)
    assert row.detail.startswith("Item 9 (no longer on the agenda) is no longer at D1-PM")


# --- minimal change --------------------------------------------------------------------------


@pytest.mark.parametrize("staged", [False, True])
def test_an_unavailable_interpreter_changes_only_that_interpreters_assignments(
    staged: bool,
    factory,
) -> None:
    # Four sessions on two days; a spare interpreter per booth. The English interpreter who
    # worked the most falls ill: the replan keeps every session and every other booking, and
    # each change is that interpreter replaced.
    problem = factory.problem(
        (interpreted("1"), interpreted("2", sessions=2), interpreted("3")),
        days=2,
        interpreters=factory.team(EN_FR, extra=1, daily_rate=300),
    )
    first = replan(problem)
    counts = {
        i.interpreter_id: len(bookings_of(first.plan, i.interpreter_id))
        for i in problem.interpreters
    }
    ill = max((i for i in counts if i.startswith("I-en")), key=counts.__getitem__)
    lost = bookings_of(first.plan, ill)
    assert lost
    interpreters = tuple(
        dataclasses.replace(i, unavailable=frozenset(s.slot_id for s in problem.slots))
        if i.interpreter_id == ill
        else i
        for i in problem.interpreters
    )
    second = replan(problem.replace(interpreters=interpreters), first.plan, staged=staged)
    assert second.plan.sessions == first.plan.sessions
    kept = {booking(a) for a in second.plan.assignments}
    assert {booking(a) for a in first.plan.assignments} - kept == lost
    changes = diff(first.plan, second.plan, problem)
    assert changes and {c.kind for c in changes} == {"interpreter_replaced"}
    assert all(c.old.startswith(f"{ill} ") for c in changes)
    assert len(changes) == len(lost)
    # Nothing else could be kept: the change counted is exactly the lost bookings.
    assert second.objective == pytest.approx(
        objective(problem.replace(interpreters=interpreters), second.plan) + 100 * len(lost)
    )


def test_an_added_item_is_placed_without_moving_the_others(factory) -> None:
    items = (interpreted("1"), interpreted("2"))
    problem = factory.problem(items, days=2, interpreters=factory.team(EN_FR, daily_rate=300))
    first = replan(problem)
    added = problem.replace(items=(*items, interpreted("3")))
    second = replan(added, first.plan)
    assert set(first.plan.sessions) < set(second.plan.sessions)
    assert [c.kind for c in diff(first.plan, second.plan, added)] == ["item_added"]


# --- locked rows -----------------------------------------------------------------------------


def english_only(factory, rules: Rules) -> ProblemData:
    """Item 2 in two parts, in English only (no interpreters): only the timetable decides."""
    item = AgendaItem("2", "Item 2", sessions=2, languages=EN)
    return factory.problem(
        (item,), days=2, rooms=(Room("R2", "Room R2", 40),), interpreters=(), rules=rules
    )


SPLIT = Plan((Session("2", "D1-AM", "R2"), Session("2", "D2-PM", "R2")))


@pytest.mark.parametrize("staged", [False, True])
def test_a_locked_session_is_kept_even_when_moving_it_would_be_cheaper(
    staged: bool, factory, solving
) -> None:
    # The previous plan splits item 2 (one break: split_item 30). Moving a part next to the
    # other costs one plan_change (weighted 10 here): 10 < 30, so an unlocked replan moves it;
    # locked, both parts stay and the break is paid.
    problem = english_only(
        factory, solving.only("split_item", "plan_change", weights={"plan_change": 10})
    )
    assert check_plan(problem, SPLIT) == []
    free = replan(problem, SPLIT, staged=staged)
    assert free.objective == 10
    assert [c.kind for c in diff(SPLIT, free.plan, problem)] == ["item_moved"]
    locked = dataclasses.replace(SPLIT, locked_sessions=frozenset(SPLIT.sessions))
    kept = replan(problem, locked, staged=staged)
    assert kept.objective == 30
    assert kept.plan.sessions == SPLIT.sessions
    assert kept.plan.locked_sessions == SPLIT.locked_sessions | set(SPLIT.sessions)
    assert kept.message == ""


def test_a_locked_interpreter_is_kept_even_when_another_is_cheaper(factory, solving) -> None:
    # I-en3 costs USD 1,000 a day (10 in weight units) where I-en1 and I-en2 cost nothing;
    # replacing I-en3 costs one plan_change, weighted 1 here: the unlocked replan swaps.
    problem = factory.problem(
        (interpreted("1"),),
        interpreters=(
            *factory.team(("fr",)),
            *factory.team(("en",)),
            dataclasses.replace(factory.team(("en",), extra=1)[2], daily_rate=1000),
        ),
        rules=solving.only("interpretation_cost", "plan_change", weights={"plan_change": 1}),
    )
    session = Session("1", "D1-AM", "R1")
    team = [("en", "I-en1"), ("en", "I-en3"), ("fr", "I-fr1"), ("fr", "I-fr2")]
    previous = Plan((session,), [Assignment("D1-AM", "R1", "1", b, i) for b, i in team])
    assert replan(problem, previous).objective == 1
    locked = dataclasses.replace(previous, locked_assignments=frozenset({("I-en3", "D1-AM", "R1")}))
    kept = replan(problem, locked)
    assert kept.objective == 10
    assert ("I-en3", "D1-AM", "R1") in {booking(a) for a in kept.plan.assignments}
    assert kept.plan.locked_assignments == {("I-en3", "D1-AM", "R1")}


def test_a_locked_interpreter_row_keeps_its_session_in_place(factory) -> None:
    # I-fr1's locked row is for item 2 at D1-AM: item 1 cannot take that place, though the
    # interpreter would still be working there.
    problem = factory.problem(
        (interpreted("1"), interpreted("2")), interpreters=factory.team(EN_FR)
    )
    previous = Plan(
        (Session("2", "D1-AM", "R1"), Session("1", "D1-PM", "R1")),
        [Assignment("D1-AM", "R1", "2", "fr", "I-fr1")],
        locked_assignments=frozenset({("I-fr1", "D1-AM", "R1")}),
    )

    def status_with_item_1_in_the_morning(previous: Plan) -> int:
        ctx = ModelContext(problem)
        for concern in (add_timetable, add_interpretation):
            concern(ctx)
        add_previous(ctx, previous)
        ctx.model.add(ctx.session_at["1", "D1-AM", "R1"] == 1)
        return cp_model.CpSolver().solve(ctx.model)

    assert status_with_item_1_in_the_morning(previous) == cp_model.INFEASIBLE
    unlocked = dataclasses.replace(previous, locked_assignments=frozenset())
    assert status_with_item_1_in_the_morning(unlocked) == cp_model.OPTIMAL


def test_locks_the_new_input_makes_impossible_are_dropped_and_named(factory, solving) -> None:
    problem = english_only(factory, solving.only("split_item"))
    previous = dataclasses.replace(
        Plan((*SPLIT.sessions, Session("9", "D1-PM", "R2"))),
        locked_sessions=frozenset({Session("9", "D1-PM", "R2"), SPLIT.sessions[1]}),
    )
    result = replan(problem, previous)
    assert result.message == (
        "locked rows that the new input makes impossible were unlocked: Agenda row item 9 at "
        "D1-PM in room R2 (item 9 is no longer on the agenda)"
    )
    assert result.plan.locked_sessions == {SPLIT.sessions[1]}


def test_a_locked_booking_of_an_interpreter_now_unavailable_is_dropped(factory) -> None:
    problem = factory.problem((interpreted("1"),), interpreters=factory.team(EN_FR, extra=1))
    session = Session("1", "D1-AM", "R1")
    team = [("en", "I-en1"), ("en", "I-en2"), ("fr", "I-fr1"), ("fr", "I-fr2")]
    previous = Plan(
        (session,),
        [Assignment("D1-AM", "R1", "1", b, i) for b, i in team],
        locked_sessions=frozenset({session}),
        locked_assignments=frozenset({("I-en2", "D1-AM", "R1"), ("I-fr1", "D1-AM", "R1")}),
    )
    ill = tuple(
        dataclasses.replace(i, unavailable=frozenset({"D1-AM"}))
        if i.interpreter_id == "I-en2"
        else i
        for i in problem.interpreters
    )
    result = replan(problem.replace(interpreters=ill), previous)
    assert result.message.endswith(
        "Interpretation row I-en2 for item 1 at D1-AM in room R1 "
        "(I-en2 (Interpreter EN 2) is now unavailable at D1-AM)"
    )
    assert result.plan.locked_assignments == {("I-fr1", "D1-AM", "R1")}
    assert result.plan.locked_sessions == {session}
    assert [c.kind for c in diff(previous, result.plan)] == ["interpreter_replaced"]


def test_locks_that_cannot_all_be_kept_are_named(factory) -> None:
    # A hand-edited plan locks two items in the same room and slot.
    problem = factory.problem(
        (AgendaItem("1", "Item 1", languages=EN), AgendaItem("2", "Item 2", languages=EN)),
        rooms=(Room("R2", "Room R2", 40),),
        interpreters=(),
    )
    clash = (Session("1", "D1-AM", "R2"), Session("2", "D1-AM", "R2"))
    previous = Plan(clash, locked_sessions=frozenset(clash))
    result = replan(problem, previous)
    assert result.status is Status.INFEASIBLE
    assert result.message == (
        LOCK_CONFLICT
        + "Agenda row item 1 at D1-AM in room R2; Agenda row item 2 at D1-AM in room R2"
    )
    # The same, from a model built with each lock under an assumption.
    ctx = ModelContext(problem)
    for concern in (add_timetable, add_interpretation, add_timetable_terms):
        concern(ctx)
    replanned = add_previous(ctx, previous, assume_locks=True)
    assert conflicting_locks(ctx, replanned, time_limit=60) == [
        "Agenda row item 1 at D1-AM in room R2",
        "Agenda row item 2 at D1-AM in room R2",
    ]


# --- participation ---------------------------------------------------------------------------


@pytest.mark.parametrize("staged", [False, True])
def test_a_speaker_and_a_funded_expert_are_kept_over_slightly_better_ones(
    staged: bool, factory
) -> None:
    # KEN-2 asked to speak (speaker_preference 10 if passed over) and travels cheaper; the
    # previous plan has KEN-1 on the panel and funded. Changing either costs plan_change 100.
    people = (
        Participant("KEN-1", "Expert 1 (Kenya)", "KEN", needs_funding=True, travel_cost=2000),
        Participant("KEN-2", "Expert 2 (Kenya)", "KEN", needs_funding=True, travel_cost=1000),
    )
    people = (
        dataclasses.replace(people[0], languages=frozenset(EN)),
        dataclasses.replace(people[1], languages=frozenset(EN), speaks_on=frozenset({"1"})),
    )
    problem = factory.problem(
        (AgendaItem("1", "Item 1", languages=EN, panel_size=1),),
        rooms=(Room("R2", "Room R2", 40),),
        interpreters=(),
        delegations=(Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True),),
        participants=people,
        rules=Rules(travel_budget=5000),
    )
    session = Session("1", "D1-AM", "R2")
    previous = Plan(
        (session,),
        seats=(Seat("D1-AM", "R2", "1", "KEN", "KEN-1"),),
        panels=(PanelSeat("1", 1, "KEN-1"),),
        funded={"KEN-1"},
    )
    assert check_plan(problem, previous) == []
    fresh = replan(problem)
    assert fresh.plan.funded == {"KEN-2"}  # without a previous plan: the better choice
    kept = replan(problem, previous, staged=staged)
    assert kept.plan.funded == {"KEN-1"}
    assert [p.participant_id for p in kept.plan.panels] == ["KEN-1"]
    assert diff(previous, kept.plan, problem) == []


@pytest.mark.parametrize("staged", [False, True])
def test_a_withdrawn_delegation_is_counted_and_its_places_filled(staged: bool, factory) -> None:
    people = (
        Participant("KEN-1", "Expert 1 (Kenya)", "KEN", languages=frozenset(EN)),
        Participant("CHL-1", "Expert 1 (Chile)", "CHL", languages=frozenset(EN)),
    )
    delegations = (
        Delegation("KEN", "Kenya", regional_group="african"),
        Delegation("CHL", "Chile", regional_group="latin_american_caribbean"),
    )
    problem = factory.problem(
        (AgendaItem("1", "Item 1", languages=EN, panel_size=1),),
        rooms=(Room("R2", "Room R2", 40),),
        interpreters=(),
        delegations=delegations,
        participants=people,
    )
    previous = Plan(
        (Session("1", "D1-AM", "R2"),),
        seats=(
            Seat("D1-AM", "R2", "1", "KEN", "KEN-1"),
            Seat("D1-AM", "R2", "1", "CHL", "CHL-1"),
        ),
        panels=(PanelSeat("1", 1, "KEN-1"),),
    )
    withdrawn = problem.replace(delegations=delegations[1:], participants=people[1:])
    result = replan(withdrawn, previous, staged=staged)
    assert [p.participant_id for p in result.plan.panels] == ["CHL-1"]
    assert [(c.kind, c.old, c.new) for c in diff(previous, result.plan, withdrawn)] == [
        ("speaker_replaced", "KEN-1", "CHL-1 (Expert 1 (Chile))"),
        ("seats_changed", "KEN-1", "no seat"),
    ]


# --- what a replan keeps after the solve ----------------------------------------------------


def test_previous_seat_holders_are_kept_where_that_costs_nothing(factory) -> None:
    # KEN holds one seat; KEN-1 and KEN-2 are equally good holders, unless the item wants
    # probation (KEN-2's discipline): then KEN-1 in the seat is a discipline_mismatch.
    people = (
        Participant("KEN-1", "Expert 1 (Kenya)", "KEN", discipline="research"),
        Participant("KEN-2", "Expert 2 (Kenya)", "KEN", discipline="probation"),
        Participant("KEN-3", "Expert 3 (Kenya)", "KEN", departure=factory.MONDAY),
    )
    delegations = (Delegation("KEN", "Kenya", seats=1),)

    def problem(disciplines: tuple[str, ...]) -> ProblemData:
        item = AgendaItem("1", "Item 1", languages=EN, disciplines=disciplines)
        return factory.problem(
            (item,), days=2, rooms=(Room("R2", "Room R2", 40),), interpreters=(),
            delegations=delegations, participants=people,
        )  # fmt: skip

    def plan(slot_id: str, pid: str) -> Plan:
        return Plan((Session("1", slot_id, "R2"),), seats=(Seat(slot_id, "R2", "1", "KEN", pid),))

    new = plan("D1-AM", "KEN-2")
    kept = keep_seat_holders(problem(()), new, plan("D1-AM", "KEN-1"))
    assert kept.seats == plan("D1-AM", "KEN-1").seats
    assert check_plan(problem(()), kept) == []
    # The previous holder of a session that moved keeps the item's seat too.
    moved = keep_seat_holders(problem(()), plan("D2-AM", "KEN-2"), plan("D1-AM", "KEN-1"))
    assert moved.seats == plan("D2-AM", "KEN-1").seats
    # Not when it would cost a discipline_mismatch...
    wanted = problem(("probation",))
    assert keep_seat_holders(wanted, new, plan("D1-AM", "KEN-1")) == new
    # ...nor when the previous holder no longer takes part that day.
    later = plan("D2-AM", "KEN-2")
    assert keep_seat_holders(problem(()), later, plan("D2-AM", "KEN-3")) == later


def test_previous_retour_marks_are_kept_where_they_still_count(factory) -> None:
    problem = factory.problem((interpreted("1"),), interpreters=factory.team(EN_FR))
    both = {"I-en1", "I-en2"}
    retour = tuple(
        dataclasses.replace(i, retour=frozenset({"fr"})) if i.interpreter_id in both else i
        for i in problem.interpreters
    )
    problem = problem.replace(interpreters=retour, rules=Rules(retour_booths=frozenset({"en"})))
    team = [("en", "I-en1"), ("en", "I-en2"), ("fr", "I-fr1"), ("fr", "I-fr2")]

    def plan(marked: str) -> Plan:
        rows = [Assignment("D1-AM", "R1", "1", b, i, i == marked) for b, i in team]
        return Plan((Session("1", "D1-AM", "R1"),), rows)

    assert keep_retour_marks(problem, plan("I-en1"), plan("I-en2")) == plan("I-en2")
    assert check_plan(problem, plan("I-en2")) == []
    # Without a previous mark the first qualified interpreter in id order is marked.
    assert keep_retour_marks(problem, plan("I-en2"), Plan()) == plan("I-en1")
