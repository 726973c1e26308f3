"""Hard rules 5-7 on interpreters: a clean roster, then one minimal breaking edit per rule."""

from __future__ import annotations

import dataclasses
from typing import Any

from planner.check import Violation, check_plan
from planner.domain import AgendaItem, Assignment, Interpreter, Plan, ProblemData, Rules, Session

D1AM = "D1-AM (Mon 25 Mar 10:00-13:00)"
D1PM = "D1-PM (Mon 25 Mar 15:00-18:00)"


def interpreter(iid: str, booth: str, k: int, **changes: Any) -> Interpreter:
    return Interpreter(iid, f"Interpreter {booth.upper()} {k}", booth, daily_rate=500, **changes)


INTERPRETERS = (
    interpreter("A1", "ar", 1, retour=frozenset({"en"})),
    interpreter("A2", "ar", 2),
    interpreter("A3", "ar", 3),
    interpreter("A4", "ar", 4, retour=frozenset({"en"})),
    interpreter("A5", "ar", 5),
    interpreter("A6", "ar", 6, travel_cost=1000),
    interpreter("E1", "en", 1),
    interpreter("E2", "en", 2),
    interpreter("E3", "en", 3),
    interpreter("E4", "en", 4),
    interpreter("F1", "fr", 1),
)


def make_problem(factory, rules: Rules | None = None, **changed: dict[str, Any]) -> ProblemData:
    """One day, two six-booth rooms. Items 1, 2 and 4 are Arabic-English; item 3 English only.

    ``changed`` maps an interpreter id to field changes.
    """
    ar_en = ("ar", "en")
    items = (
        AgendaItem("1", "Opening", languages=ar_en, attendance=50),
        AgendaItem("2", "Panel", languages=ar_en, attendance=50),
        AgendaItem("3", "Working group", languages=("en",), attendance=20),
        AgendaItem("4", "Review", languages=ar_en, attendance=50),
    )
    interpreters = tuple(
        dataclasses.replace(i, **changed.get(i.interpreter_id, {})) for i in INTERPRETERS
    )
    return factory.problem(
        items,
        rooms=(factory.plenary_room("R1"), factory.plenary_room("R3")),
        interpreters=interpreters,
        rules=rules,
    )


SESSIONS = (
    Session("1", "D1-AM", "R1"),
    Session("2", "D1-AM", "R3"),
    Session("3", "D1-PM", "R1"),
    Session("4", "D1-PM", "R3"),
)


def team(slot: str, room: str, item: str, ar: list[str], en: list[str]) -> list[Assignment]:
    """The first Arabic interpreter is marked as working retour."""
    return [
        *(Assignment(slot, room, item, "ar", iid, retour=k == 0) for k, iid in enumerate(ar)),
        *(Assignment(slot, room, item, "en", iid) for iid in en),
    ]


CLEAN = (
    *team("D1-AM", "R1", "1", ["A1", "A2", "A3"], ["E1", "E2"]),
    *team("D1-AM", "R3", "2", ["A4", "A5", "A6"], ["E3", "E4"]),
    *team("D1-PM", "R3", "4", ["A1", "A2", "A3"], ["E1", "E2"]),
)


def plan_with(*added: Assignment, drop: tuple[Assignment, ...] = ()) -> Plan:
    return Plan(sessions=SESSIONS, assignments=tuple(a for a in CLEAN if a not in drop) + added)


def swap(old: Assignment, **changes: Any) -> Plan:
    return plan_with(dataclasses.replace(old, **changes), drop=(old,))


def find(slot: str, item: str, iid: str) -> Assignment:
    return next(a for a in CLEAN if (a.slot_id, a.item_id, a.interpreter_id) == (slot, item, iid))


def only(violations: list[Violation], rule: str) -> Violation:
    assert [v.rule for v in violations] == [rule], violations
    return violations[0]


def test_clean_roster(factory) -> None:
    assert check_plan(make_problem(factory), plan_with()) == []


def test_double_booked_interpreter(factory) -> None:
    found = check_plan(make_problem(factory), swap(find("D1-AM", "2", "A5"), interpreter_id="A2"))
    # A2 now also works three sessions on the day, one above the daily maximum of 2.
    assert [v.rule for v in found] == ["interpreter_double_booked", "interpreter_over_daily_max"]
    v = found[0]
    assert v.rule_number == 6
    assert v.message == (
        f"{D1AM}: A2 (Interpreter AR 2) is assigned to 2 sessions at once "
        "(item 1 in room R1 and item 2 in room R3)"
    )
    assert v.subject == ("D1-AM", "A2", "1", "2")


def test_short_booth(factory) -> None:
    v = only(
        check_plan(make_problem(factory), plan_with(drop=(find("D1-AM", "1", "A3"),))), "team_size"
    )
    assert v.rule_number == 5
    assert (
        v.message == f"{D1AM}, room R1: the Arabic booth of item 1 has 2 interpreters; it needs 3"
    )
    assert v.subject == ("D1-AM", "R1", "1", "ar")


def test_booth_over_its_team_size(factory) -> None:
    extra = Assignment("D1-AM", "R1", "1", "en", "E3")
    found = check_plan(make_problem(factory), plan_with(extra))
    msgs = [v.message for v in found if v.rule == "team_size"]
    assert msgs == [
        f"{D1AM}, room R1: the English booth of item 1 has 3 interpreters; it needs exactly 2"
    ]


def test_missing_retour(factory) -> None:
    # A1 (retour into English) and A5 (none) change places: item 1's Arabic team has no retour.
    plan = Plan(
        sessions=SESSIONS,
        assignments=(
            *team("D1-AM", "R1", "1", ["A5", "A2", "A3"], ["E1", "E2"]),
            *team("D1-AM", "R3", "2", ["A4", "A1", "A6"], ["E3", "E4"]),
            *team("D1-PM", "R3", "4", ["A1", "A2", "A3"], ["E1", "E2"]),
        ),
    )
    found = check_plan(make_problem(factory), plan)
    assert [v.rule for v in found] == ["retour_missing", "retour_mark_invalid"]
    assert found[0].message == (
        f"{D1AM}, room R1: the Arabic booth of item 1 has 0 interpreters with a retour into "
        "another language of the session; it needs 1"
    )
    # A5 kept the mark of the first team member: it has no retour, so the mark is wrong too.
    assert found[1].message == (
        f"{D1AM}, room R1: A5 (Interpreter AR 5) in the Arabic booth of item 1 is marked as "
        "working retour, but has no retour into another language of the session"
    )


def test_retour_into_a_language_not_in_the_session_does_not_count(factory) -> None:
    problem = make_problem(factory, A1={"retour": frozenset({"fr"})})
    found = check_plan(problem, plan_with())
    assert [(v.rule, v.subject) for v in found] == [
        ("retour_missing", ("D1-AM", "R1", "1", "ar")),
        ("retour_missing", ("D1-PM", "R3", "4", "ar")),
        ("retour_mark_invalid", ("D1-AM", "R1", "1", "ar", "A1")),
        ("retour_mark_invalid", ("D1-PM", "R3", "4", "ar", "A1")),
    ]


def test_retour_present_but_not_marked(factory) -> None:
    found = check_plan(make_problem(factory), swap(find("D1-AM", "1", "A1"), retour=False))
    v = only(found, "retour_unmarked")
    assert v.message == (
        f"{D1AM}, room R1: the Arabic booth of item 1 has 0 interpreter(s) marked as working "
        "retour; mark 1 of those who can (retour = yes)"
    )


def test_more_retour_marks_are_allowed(factory) -> None:
    problem = make_problem(factory, A2={"retour": frozenset({"en"})})
    assert check_plan(problem, swap(find("D1-AM", "1", "A2"), retour=True)) == []


def test_interpreter_in_another_booth(factory) -> None:
    found = check_plan(make_problem(factory), swap(find("D1-AM", "1", "E2"), booth="ar"))
    assert sorted(v.rule for v in found) == ["team_size", "wrong_booth"]
    wrong = next(v for v in found if v.rule == "wrong_booth")
    assert wrong.message == (
        f"{D1AM}, room R1: E2 (Interpreter EN 2) in the Arabic booth of item 1: this interpreter "
        "works in the English booth"
    )


def test_assignment_to_a_session_without_interpretation(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(Assignment("D1-PM", "R1", "3", "en", "E3")))
    v = only(found, "assignment_uninterpreted")
    assert v.message == (
        f"{D1PM}, room R1: E3 (Interpreter EN 3) in the English booth of item 3: item 3 has no "
        "interpretation (only English)"
    )


def test_assignment_to_a_session_not_in_the_plan(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(Assignment("D1-PM", "R1", "1", "en", "E3")))
    v = only(found, "assignment_without_session")
    assert v.message.endswith("the plan holds no session of item 1 in this room and slot")


def test_assignment_to_a_booth_the_session_lacks(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(Assignment("D1-AM", "R1", "1", "fr", "F1")))
    v = only(found, "booth_not_in_session")
    assert v.message == (
        f"{D1AM}, room R1: F1 (Interpreter FR 1) in the French booth of item 1: item 1 is not "
        "interpreted into French"
    )


def test_interpreter_listed_twice_in_one_session(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(find("D1-AM", "1", "A2")))
    v = only(found, "interpreter_listed_twice")
    assert v.message == f"{D1AM}, room R1: A2 (Interpreter AR 2) is listed 2 times for item 1"


def test_daily_maximum(factory) -> None:
    found = check_plan(make_problem(factory, A2={"max_per_day": 1}), plan_with())
    v = only(found, "interpreter_over_daily_max")
    assert v.message == "Mon 25 Mar: A2 (Interpreter AR 2) works 2 sessions; at most 1 a day"
    assert v.subject == ("A2", "2024-03-25")


def test_weekly_maximum(factory) -> None:
    found = check_plan(make_problem(factory, Rules(interpreter_max_per_week=1)), plan_with())
    assert [v.subject[0] for v in found] == ["A1", "A2", "A3", "E1", "E2"]
    assert {v.rule for v in found} == {"interpreter_over_weekly_max"}
    assert found[0].message == (
        "Week of Mon 25 Mar: A1 (Interpreter AR 1) works 2 sessions; at most 1 a week"
    )


def test_unavailable_interpreter(factory) -> None:
    found = check_plan(make_problem(factory, A3={"unavailable": frozenset({"D1-PM"})}), plan_with())
    v = only(found, "interpreter_unavailable")
    assert v.message == (
        "D1-PM (Mon 25 Mar 15:00-18:00), room R3: A3 (Interpreter AR 3) in the Arabic booth of "
        "item 4: this interpreter is not available in this slot"
    )


def test_interpretation_budget(factory) -> None:
    # 10 interpreters engaged for one day at USD 500, plus USD 1,000 travel for A6: USD 6,000.
    assert check_plan(make_problem(factory, Rules(interpretation_budget=6000)), plan_with()) == []
    found = check_plan(make_problem(factory, Rules(interpretation_budget=5999.99)), plan_with())
    v = only(found, "interpretation_budget")
    assert v.rule_number == 7
    assert v.message == (
        "Interpretation costs USD 6,000 (daily rates and travel of 10 interpreters); "
        "the budget is USD 5,999.99"
    )


def test_unknown_interpreter(factory) -> None:
    found = check_plan(
        make_problem(factory), plan_with(Assignment("D1-AM", "R1", "1", "en", "I-XX"))
    )
    v = only(found, "unknown_id")
    assert v.rule_number == 5
    assert v.message == (
        "The assignment of I-XX to item 1 at D1-AM names interpreter 'I-XX', which the input "
        "does not have (not in the Interpreters sheet); correct the id or remove the row"
    )
