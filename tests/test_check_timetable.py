"""Hard rules 1-4 in the checker: a clean timetable, then one minimal breaking edit per rule."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from planner.check import Violation, check_plan, objective
from planner.domain import AgendaItem, Plan, ProblemData, Rules, Session

D1AM = "D1-AM (Mon 25 Mar 10:00-13:00)"
D1PM = "D1-PM (Mon 25 Mar 15:00-18:00)"
D2AM = "D2-AM (Tue 26 Mar 10:00-13:00)"


def make_problem(factory, **changes: Any) -> ProblemData:
    """Two days, a six-booth room R1 (200 seats), a room R2 without booths (40 seats).

    Item 2 follows item 1; item 3 is pinned to R2 on day 2. All in English, so no interpreters.
    """
    en = ("en",)
    items = (
        AgendaItem("1", "Opening", languages=en, attendance=30),
        AgendaItem("2", "Discussion", sessions=2, languages=en, after=("1",), attendance=30),
        AgendaItem(
            "3",
            "Side event",
            languages=en,
            attendance=30,
            room="R2",
            allowed_slots=frozenset({"D2-AM", "D2-PM"}),
        ),
    )
    base = factory.problem(
        items,
        days=2,
        rooms=(factory.plenary_room("R1"), factory.small_room("R2")),
        interpreters=(),
    )
    return base.replace(**changes) if changes else base


CLEAN = (
    Session("1", "D1-AM", "R1"),
    Session("2", "D1-PM", "R1"),
    Session("2", "D2-AM", "R1"),
    Session("3", "D2-AM", "R2"),
)


def plan_with(*sessions: Session, drop: tuple[Session, ...] = ()) -> Plan:
    return Plan(sessions=tuple(s for s in CLEAN if s not in drop) + sessions)


def only(violations: list[Violation], rule: str) -> Violation:
    """The single violation, asserting that nothing else was found."""
    assert [v.rule for v in violations] == [rule], violations
    return violations[0]


def item_with(problem: ProblemData, item_id: str, **changes: Any) -> ProblemData:
    items = tuple(
        dataclasses.replace(i, **changes) if i.item_id == item_id else i for i in problem.items
    )
    return problem.replace(items=items)


def test_clean_plan_has_no_violation_and_no_penalty(factory) -> None:
    # Item 2 runs D1-PM then D2-AM in R1: overnight counts as the very next slot, so no split.
    problem = make_problem(factory)
    assert check_plan(problem, plan_with()) == []
    assert objective(problem, plan_with()) == 0


def test_item_missing_a_session(factory) -> None:
    v = only(check_plan(make_problem(factory), plan_with(drop=(CLEAN[2],))), "item_sessions")
    assert v.rule_number == 1
    assert v.message == "Item 2 (Discussion) is held in 1 session; it needs exactly 2"
    assert v.subject == ("2",)


def test_two_parts_in_one_slot(factory) -> None:
    plan = plan_with(Session("2", "D1-PM", "R2"), drop=(CLEAN[2],))
    v = only(check_plan(make_problem(factory), plan), "item_slot_repeated")
    assert v.rule_number == 2
    assert v.message == (
        f"{D1PM}: item 2 has 2 sessions in this slot; each part of an item needs its own slot"
    )


def test_room_double_booked(factory) -> None:
    plan = plan_with(Session("2", "D2-AM", "R2"), drop=(CLEAN[2],))
    v = only(check_plan(make_problem(factory), plan), "room_double_booked")
    assert v.message == (
        f"{D2AM}, room R2: 2 sessions at once (items 2, 3); a room holds one session per slot"
    )
    assert v.subject == ("D2-AM", "R2", "2", "3")


def test_room_unavailable(factory) -> None:
    problem = make_problem(
        factory,
        rooms=(
            factory.plenary_room("R1"),
            dataclasses.replace(factory.small_room("R2"), unavailable=frozenset({"D2-AM"})),
        ),
    )
    v = only(check_plan(problem, plan_with()), "room_unavailable")
    assert v.message == f"{D2AM}, room R2: item 3 is placed in the room when it is not available"


def test_overfull_room(factory) -> None:
    problem = item_with(make_problem(factory), "3", attendance=60)
    v = only(check_plan(problem, plan_with()), "room_too_small")
    assert v.rule_number == 2
    assert v.message == f"{D2AM}, room R2: item 3 expects 60 people; the room seats 40"


def test_interpreted_item_in_room_without_booths(factory) -> None:
    problem = item_with(make_problem(factory), "3", languages=("en", "fr"))
    found = check_plan(problem, plan_with())
    booth = [v for v in found if v.rule == "booth_missing"]
    assert [v.message for v in booth] == [
        f"{D2AM}, room R2: item 3 is interpreted but the room has no English, French booth"
    ]
    # Without interpreters the two booths are also unstaffed (rule 5).
    assert sorted(v.rule for v in found) == ["booth_missing", "team_size", "team_size"]


def test_item_before_its_predecessor(factory) -> None:
    plan = plan_with(Session("2", "D1-AM", "R2"), drop=(CLEAN[2],))
    v = only(check_plan(make_problem(factory), plan), "item_before_predecessor")
    assert v.rule_number == 3
    assert v.message == (
        f"Item 2 starts at {D1AM}, but item 1, which must finish first, ends at {D1AM}"
    )
    assert v.subject == ("2", "1")


def test_item_right_after_its_predecessor_is_fine(factory) -> None:
    # Item 1 at D1-AM, item 2 from D1-PM: strictly later, so allowed.
    assert check_plan(make_problem(factory), plan_with()) == []


def test_slot_not_allowed(factory) -> None:
    plan = plan_with(Session("3", "D1-AM", "R2"), drop=(CLEAN[3],))
    v = only(check_plan(make_problem(factory), plan), "slot_not_allowed")
    assert v.message == f"{D1AM}, room R2: item 3 may only use D2-AM, D2-PM"


def test_pinned_room(factory) -> None:
    plan = plan_with(Session("3", "D2-PM", "R1"), drop=(CLEAN[3],))
    v = only(check_plan(make_problem(factory), plan), "wrong_room")
    assert v.message == "D2-PM (Tue 26 Mar 15:00-18:00), room R1: item 3 must be held in room R2"


def test_too_many_parallel_sessions(factory) -> None:
    problem = make_problem(factory, rules=Rules(max_parallel_sessions=1))
    v = only(check_plan(problem, plan_with()), "too_many_parallel")
    assert v.rule_number == 4
    assert v.message == f"{D2AM}: 2 sessions run at once (items 2, 3); at most 1 may"


@pytest.mark.parametrize(
    ("session", "named"),
    [
        (Session("9", "D1-AM", "R2"), "names item '9', which the input does not have (not in the "
         "Agenda sheet)"),
        (Session("3", "D9-AM", "R2"), "names slot 'D9-AM', which the input does not have (not in "
         "the Slots sheet)"),
        (Session("3", "D2-PM", "R9"), "names room 'R9', which the input does not have (not in the "
         "Rooms sheet)"),
    ],
)  # fmt: skip
def test_unknown_ids_are_violations_not_exceptions(session: Session, named: str, factory) -> None:
    problem = make_problem(factory)
    found = check_plan(problem, plan_with(session))
    # The unknown row is reported, then left out of the other checks: nothing else breaks.
    v = only(found, "unknown_id")
    assert v.rule_number == 1
    assert named in v.message
    assert v.message.endswith("; correct the id or remove the row")
    assert objective(problem, plan_with(session)) == 0


def test_typo_in_a_room_leaves_the_item_unscheduled(factory) -> None:
    plan = plan_with(Session("3", "D2-AM", "R 2"), drop=(CLEAN[3],))
    found = check_plan(make_problem(factory), plan)
    assert [str(v) for v in found] == [
        "rule 1 (unknown_id): The session of item 3 at D2-AM in room R 2 names room 'R 2', "
        "which the input does not have (not in the Rooms sheet); correct the id or remove the row",
        "rule 1 (item_sessions): Item 3 (Side event) is held in 0 sessions; it needs exactly 1",
    ]
