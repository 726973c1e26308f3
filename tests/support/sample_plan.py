"""A small problem with a hand-made plan whose figures are worked out in its docstring."""

from __future__ import annotations

import datetime as dt

from planner.domain import (
    AgendaItem,
    Assignment,
    Delegation,
    Interpreter,
    PanelSeat,
    Participant,
    Penalty,
    Plan,
    ProblemData,
    Result,
    Rules,
    Seat,
    Session,
    Status,
)
from support import factory

INJECTIONS = ('=HYPERLINK("http://example.org","click")', "+1", "-x", "@SUM(A1)")
"""Cell text a formula-minded spreadsheet would run: the plan workbook must show it as text."""


def sample() -> tuple[ProblemData, Result]:
    """Two days, a six-booth room and a small room, three items, five delegations.

    Item 2 has two parts and a panel; item 4(b) is English only in the small room. Kenya's and
    Uganda's heads are funded (US$ 2,500 + 3,000 = 5,500); the Palestinian request is not.
    Fourteen staff at US$ 600 a day work both days, except EN 2 who works day 1 only and is
    replaced on day 2 by a freelancer at US$ 700 plus US$ 1,200 travel:
    13 x 1,200 + 600 + 700 + 1,200 = 18,100.
    """
    items = (
        AgendaItem("1", "Opening of the meeting"),
        AgendaItem(
            "2",
            "Model strategies on reducing reoffending",
            sessions=2,
            panel_size=3,
            disciplines=("probation", "health"),
        ),
        AgendaItem("4(b)", "Exchange of experience", languages=("en",), attendance=30, room="R2"),
    )
    delegations = (
        Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True),
        Delegation("UGA", "Uganda", regional_group="african", funding_eligible=True, ldc=True),
        Delegation("JPN", "Japan", regional_group="asia_pacific"),
        Delegation("PSE", "State of Palestine", "observer_state", "asia_pacific", True),
        Delegation("UNODC", "United Nations Office on Drugs and Crime", "un_entity"),
    )
    day2 = factory.MONDAY + dt.timedelta(days=1)
    participants = (
        Participant("UNODC-1", "Эксперт 2", "UNODC", "head", "policy_legislation", "x"),
        Participant("UNODC-2", INJECTIONS[1], "UNODC", "adviser"),
        Participant("UNODC-3", INJECTIONS[2], "UNODC"),
        Participant("KEN-2", "Expert 2 (Kenya)", "KEN", discipline="health", gender="m"),
        Participant(
            "KEN-1",
            "Expert 1 (Kenya)",
            "KEN",
            "head",
            "probation",
            "f",
            needs_funding=True,
            travel_cost=2500.0,
        ),
        Participant("KEN-3", INJECTIONS[3], "KEN", arrival=day2),
        Participant(
            "UGA-1",
            "Expert 1 (Uganda)",
            "UGA",
            "head",
            "health",
            "f",
            needs_funding=True,
            travel_cost=3000.0,
        ),
        Participant(
            "JPN-2", INJECTIONS[0], "JPN", discipline="probation", gender="f", mode="online"
        ),
        Participant("JPN-1", "专家 4", "JPN", "head", "research", "m"),
        Participant(
            "PSE-1",
            "خبير 1",
            "PSE",
            "head",
            "prison_administration",
            "m",
            needs_funding=True,
            travel_cost=1800.0,
        ),
    )
    freelancer = Interpreter(
        "F-en1",
        "Interpreter EN 3",
        "en",
        status="freelance",
        daily_rate=700.0,
        travel_cost=1200.0,
    )
    problem = factory.problem(
        items,
        days=2,
        rooms=(factory.plenary_room(), factory.small_room()),
        interpreters=(*factory.team(daily_rate=600.0), freelancer),
        delegations=delegations,
        participants=participants,
        rules=Rules(interpretation_budget=50_000.0, travel_budget=6_000.0),
    )
    sessions = (
        Session("1", "D1-AM", "R1"),
        Session("2", "D1-PM", "R1"),
        Session("2", "D2-AM", "R1"),
        Session("4(b)", "D1-PM", "R2"),
    )
    assignments = [
        Assignment(s.slot_id, s.room_id, s.item_id, i.booth, i.interpreter_id, bool(i.retour))
        for s in sessions[:3]
        for i in factory.team()
        if not (s.slot_id == "D2-AM" and i.interpreter_id == "I-en2")
    ]
    assignments.append(Assignment("D2-AM", "R1", "2", "en", "F-en1"))
    seats = (
        Seat("D1-AM", "R1", "1", "KEN", "KEN-1"),
        Seat("D1-AM", "R1", "1", "UGA", "UGA-1"),
        Seat("D1-AM", "R1", "1", "JPN", "JPN-1"),
        Seat("D1-PM", "R1", "2", "KEN", "KEN-1"),
        Seat("D1-PM", "R1", "2", "JPN", "JPN-1"),
        Seat("D1-PM", "R2", "4(b)", "UGA", "UGA-1"),
        Seat("D2-AM", "R1", "2", "KEN", "KEN-3"),
        Seat("D2-AM", "R1", "2", "UGA", "UGA-1"),
    )
    panels = (PanelSeat("2", 1, "KEN-1"), PanelSeat("2", 2, "JPN-2"), PanelSeat("2", 3, "UNODC-1"))
    plan = Plan(sessions, tuple(assignments), seats, panels, frozenset({"KEN-1", "UGA-1"}))
    penalties = (
        Penalty("delegation_unseated", "2 @ D1-PM", "UGA has no seat holder", 20.0),
        Penalty("interpretation_cost", "I-ar1", "2 days", 12.0),
    )
    result = Result(
        Status.FEASIBLE,
        plan,
        objective=1234.5,
        best_bound=1000.0,
        solve_seconds=1.25,
        penalties=penalties,
    )
    return problem, result
