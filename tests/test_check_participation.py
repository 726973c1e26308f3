"""Hard rules 7-10 on people: a clean plan, then one minimal breaking edit per rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from planner.check import Violation, check_plan
from planner.domain import (
    AgendaItem,
    Delegation,
    PanelSeat,
    Participant,
    Plan,
    ProblemData,
    Rules,
    Seat,
    Session,
)

MON = dt.date(2024, 3, 25)  # the first day (D1) of the factory's meetings
TUE = MON + dt.timedelta(days=1)
D1AM = "D1-AM (Mon 25 Mar 10:00-13:00)"
D1PM = "D1-PM (Mon 25 Mar 15:00-18:00)"
D2AM = "D2-AM (Tue 26 Mar 10:00-13:00)"

DELEGATIONS = (
    Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True),
    Delegation("NPL", "Nepal", regional_group="asia_pacific", funding_eligible=True, ldc=True),
    Delegation("FRA", "France", regional_group="weog"),
)
EN = frozenset({"en"})
PEOPLE = (
    Participant("P1", "Expert 1 (Kenya)", "KEN", discipline="probation", gender="f", languages=EN),
    Participant("P2", "Expert 2 (Kenya)", "KEN", departure=MON, languages=EN),
    Participant("P3", "Expert 3 (Nepal)", "NPL", needs_funding=True, travel_cost=1200),
    Participant("P4", "Expert 4 (France)", "FRA", mode="online", languages=EN),
    Participant("P5", "Expert 5 (France)", "FRA"),
    Participant("P6", "Expert 6 (Nepal)", "NPL", needs_funding=True),
)


def make_problem(factory, rules: Rules | None = None, **changed: dict[str, Any]) -> ProblemData:
    """Two days in English only (no interpreters). Items 1 and 3 are plenary; item 2 (D1-PM, R2,
    panel of 2) runs in parallel with item 4 (R1, panel of 1). ``changed`` edits people by id.
    """
    en = ("en",)
    items = (
        AgendaItem("1", "Opening", languages=en),
        AgendaItem("2", "Probation panel", languages=en, attendance=30, panel_size=2),
        AgendaItem("3", "Closing", languages=en),
        AgendaItem("4", "Side event", languages=en, attendance=30, panel_size=1),
    )
    people = tuple(dataclasses.replace(p, **changed.get(p.participant_id, {})) for p in PEOPLE)
    return factory.problem(
        items,
        days=2,
        rooms=(factory.plenary_room("R1"), factory.small_room("R2")),
        interpreters=(),
        delegations=DELEGATIONS,
        participants=people,
        rules=rules or Rules(travel_budget=1200),
    )


SESSIONS = (
    Session("1", "D1-AM", "R1"),
    Session("2", "D1-PM", "R2"),
    Session("4", "D1-PM", "R1"),
    Session("3", "D2-AM", "R1"),
)
DELEGATION_OF = {p.participant_id: p.delegation_id for p in PEOPLE}


def seat(session: Session, pid: str, delegation: str | None = None) -> Seat:
    return Seat(
        session.slot_id, session.room_id, session.item_id, delegation or DELEGATION_OF[pid], pid
    )


# Every present delegation sits in the plenaries (FRA through P5, NPL through funded P3); P2
# leaves on Monday. P4 speaks online on item 2's panel.
SEATS = (
    *(seat(SESSIONS[0], pid) for pid in ("P1", "P3", "P5")),
    *(seat(SESSIONS[1], pid) for pid in ("P1", "P3")),
    *(seat(SESSIONS[3], pid) for pid in ("P1", "P3", "P5")),
)
PANELS = (PanelSeat("2", 1, "P1"), PanelSeat("2", 2, "P4"))


def plan_with(
    seats: tuple[Seat, ...] = (),
    panels: tuple[PanelSeat, ...] = (),
    funded: frozenset[str] = frozenset({"P3"}),
    drop: tuple[object, ...] = (),
) -> Plan:
    return Plan(
        sessions=SESSIONS,
        seats=tuple(s for s in SEATS if s not in drop) + seats,
        panels=tuple(p for p in PANELS if p not in drop) + panels,
        funded=funded,
    )


def only(violations: list[Violation], rule: str) -> Violation:
    assert [v.rule for v in violations] == [rule], violations
    return violations[0]


def test_clean_plan(factory) -> None:
    assert check_plan(make_problem(factory), plan_with()) == []


def test_panelist_without_a_seat(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(drop=(seat(SESSIONS[1], "P1"),)))
    v = only(found, "panelist_absent")
    assert v.rule_number == 10
    assert v.message == (
        f"{D1PM}, room R2: P1 (Expert 1 (Kenya)), on the panel of item 2, holds no seat in its "
        "first session"
    )


def test_online_panelist_absent_that_day(factory) -> None:
    v = only(check_plan(make_problem(factory, P4={"arrival": TUE}), plan_with()), "panelist_absent")
    assert v.message == (
        f"{D1PM}, room R2: P4 (Expert 4 (France)), on the panel of item 2 (online), does not "
        "take part that day and arrives on Tue 26 Mar"
    )


def test_seat_over_the_delegation_limit(factory) -> None:
    problem = make_problem(factory, rules=Rules(travel_budget=1200, seats_per_delegation=1))
    found = check_plan(problem, plan_with(seats=(seat(SESSIONS[0], "P2"),)))
    v = only(found, "delegation_over_seats")
    assert v.rule_number == 9
    assert v.message == (
        f"{D1AM}, room R1: delegation KEN (Kenya) holds 2 seats in item 1 (P1 (Expert 1 (Kenya)), "
        "P2 (Expert 2 (Kenya))); it has 1"
    )


def test_unfunded_person_seated(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(funded=frozenset()))
    # P3's three seats; Nepal is then absent, so the plenaries need no Nepal seat.
    assert [v.rule for v in found] == ["seated_while_absent"] * 3
    assert found[0].rule_number == 8
    assert found[0].message == (
        f"{D1AM}, room R1: P3 (Expert 3 (Nepal)) holds a seat in item 1, but needs travel "
        "support and is not funded"
    )


def test_seated_after_departure(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(seats=(seat(SESSIONS[3], "P2"),)))
    v = only(found, "seated_while_absent")
    assert v.message == (
        f"{D2AM}, room R1: P2 (Expert 2 (Kenya)) holds a seat in item 3, but leaves on Mon 25 Mar"
    )


def test_two_seats_in_one_slot(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(seats=(seat(SESSIONS[2], "P1"),)))
    v = only(found, "two_seats_in_slot")
    assert v.message == (
        f"{D1PM}: P1 (Expert 1 (Kenya)) holds 2 seats at once "
        "(item 4 in room R1 and item 2 in room R2)"
    )


def test_plenary_delegation_unseated(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(drop=(seat(SESSIONS[0], "P5"),)))
    v = only(found, "plenary_delegation_unseated")
    assert v.message == (
        f"{D1AM}, room R1: delegation FRA (France) is present but holds no seat in plenary item 1"
    )
    assert v.subject == ("D1-AM", "R1", "1", "FRA")


def test_seats_plus_secretariat_over_capacity(factory) -> None:
    # Room R2 seats 40: item 2's two seat holders plus 38 secretariat seats just fit.
    assert (
        check_plan(
            make_problem(factory, Rules(travel_budget=1200, secretariat_seats=38)), plan_with()
        )
        == []
    )
    found = check_plan(
        make_problem(factory, Rules(travel_budget=1200, secretariat_seats=39)), plan_with()
    )
    v = only(found, "seats_over_capacity")
    assert v.message == (
        f"{D1PM}, room R2: item 2 seats 2 participants plus 39 secretariat seats; the room seats 40"
    )


def test_travel_budget(factory) -> None:
    v = only(
        check_plan(make_problem(factory, Rules(travel_budget=1199.99)), plan_with()),
        "travel_budget",
    )
    assert v.rule_number == 7
    assert v.message == (
        "Travel support for 1 funded participant costs USD 1,200; the travel budget is USD 1,199.99"
    )


def test_funding_a_person_who_did_not_ask_from_an_ineligible_delegation(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(funded=frozenset({"P3", "P5"})))
    assert [(v.rule, v.rule_number) for v in found] == [
        ("delegation_not_eligible", 7),
        ("funded_without_request", 8),
    ]
    assert found[0].message == (
        "Delegation FRA (France) is not eligible for travel support, yet P5 (Expert 5 (France)) "
        "is funded"
    )
    assert found[1].message == "P5 (Expert 5 (France)) is funded but did not ask for travel support"


def test_too_many_funded_in_one_delegation(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(funded=frozenset({"P3", "P6"})))
    v = only(found, "too_many_funded")
    assert v.message == (
        "Delegation NPL (Nepal) has 2 funded participants (P3 (Expert 3 (Nepal)), "
        "P6 (Expert 6 (Nepal))); at most 1 per delegation"
    )


def test_online_participant_seated(factory) -> None:
    found = check_plan(make_problem(factory), plan_with(seats=(seat(SESSIONS[1], "P4"),)))
    v = only(found, "online_seated")
    assert v.message == (
        f"{D1PM}, room R2: P4 (Expert 4 (France)) holds a seat in item 2, but takes part online"
    )


def test_seat_under_another_delegation(factory) -> None:
    wrong = seat(SESSIONS[1], "P1", delegation="NPL")
    found = check_plan(
        make_problem(factory), plan_with(seats=(wrong,), drop=(seat(SESSIONS[1], "P1"),))
    )
    v = only(found, "seat_wrong_delegation")
    assert v.message == (
        f"{D1PM}, room R2: P1 (Expert 1 (Kenya)) holds a seat in item 2 for delegation NPL, "
        "but belongs to delegation KEN (Kenya)"
    )


def test_seat_in_a_session_not_in_the_plan(factory) -> None:
    plan = plan_with(seats=(seat(Session("2", "D2-PM", "R2"), "P5"),))
    v = only(check_plan(make_problem(factory), plan), "seat_without_session")
    assert v.message.endswith("but the plan holds no session of item 2 there")


def test_panel_too_large(factory) -> None:
    plan = plan_with(
        panels=(PanelSeat("4", 1, "P2"), PanelSeat("4", 2, "P4")),
        seats=(seat(SESSIONS[2], "P2"),),
    )
    v = only(check_plan(make_problem(factory), plan), "panel_too_large")
    assert v.message == "The panel of item 4 has 2 speakers; it takes at most 1"


def test_two_panelists_from_one_delegation(factory) -> None:
    plan = plan_with(
        panels=(PanelSeat("2", 2, "P2"),),
        seats=(seat(SESSIONS[1], "P2"),),
        drop=(PANELS[1],),
    )
    v = only(check_plan(make_problem(factory), plan), "panel_delegation_limit")
    assert v.message == (
        "The panel of item 2 has 2 speakers from delegation KEN (Kenya) "
        "(P1 (Expert 1 (Kenya)), P2 (Expert 2 (Kenya))); at most 1"
    )


def test_panelist_on_too_many_panels(factory) -> None:
    problem = make_problem(factory, Rules(travel_budget=1200, panel_max_per_participant=1))
    found = check_plan(problem, plan_with(panels=(PanelSeat("4", 1, "P4"),)))
    v = only(found, "panelist_too_many_panels")
    assert v.message == "P4 (Expert 4 (France)) is on 2 panels (items 2, 4); at most 1"


def test_panelist_who_does_not_speak_the_language(factory) -> None:
    found = check_plan(make_problem(factory, P4={"languages": frozenset()}), plan_with())
    v = only(found, "panelist_language")
    assert v.message == (
        "Item 2 has no interpretation (only English), but its panel includes "
        "P4 (Expert 4 (France)), whose languages are not known (blank)"
    )
    found = check_plan(make_problem(factory, P4={"languages": frozenset({"fr"})}), plan_with())
    v = only(found, "panelist_language")
    assert v.message.endswith("P4 (Expert 4 (France)), who does not speak it")


def test_panel_positions_with_a_gap(factory) -> None:
    plan = plan_with(panels=(PanelSeat("2", 3, "P4"),), drop=(PANELS[1],))
    v = only(check_plan(make_problem(factory), plan), "panel_positions")
    assert v.message == (
        "The panel of item 2 has speaking positions 1, 3; they must run 1 to 2, each once"
    )


def test_unknown_ids(factory) -> None:
    plan = plan_with(
        seats=(Seat("D1-PM", "R2", "2", "KEN", "P99"),),
        panels=(PanelSeat("99", 1, "P1"),),
        funded=frozenset({"P3", "P77"}),
    )
    found = check_plan(make_problem(factory), plan)
    assert [(v.rule, v.rule_number, v.subject) for v in found] == [
        ("unknown_id", 8, ("P77",)),
        ("unknown_id", 9, ("D1-PM", "R2", "2", "P99")),
        ("unknown_id", 10, ("99", "P1")),
    ]
    assert found[1].message == (
        "The seat of P99 in item 2 at D1-PM names participant 'P99', which the input does not "
        "have (not in the Participants sheet); correct the id or remove the row"
    )
