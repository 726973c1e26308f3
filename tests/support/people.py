"""Problems about people alone (English-only items, no interpreters): only participation
decides. Shared by the solver tests of seats, funding and panels."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from planner.check import check_plan, objective
from planner.domain import (
    AgendaItem,
    Delegation,
    Participant,
    Plan,
    ProblemData,
    Result,
    Room,
    Rules,
    Status,
)
from planner.solver.driver import solve
from support import factory

EN = ("en",)
KEN = Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True)
NPL = Delegation("NPL", "Nepal", regional_group="asia_pacific", funding_eligible=True, ldc=True)
FRA = Delegation("FRA", "France", regional_group="weog")
CHL = Delegation("CHL", "Chile", regional_group="latin_american_caribbean", funding_eligible=True)


def solve_people(
    problem: ProblemData, *, staged: bool | None = False, limit: float = 3.0
) -> Result:
    """`planner.solve`, jointly (timetable and people in one model) or staged, repeatable."""
    return solve(problem, time_limit=limit, workers=2, deterministic=True, staged=staged)


def checked(problem: ProblemData, result: Result, status: Status = Status.OPTIMAL) -> Plan:
    """The result's plan, after asserting its status, its hard rules and its objective."""
    assert result.status is status, result
    assert check_plan(problem, result.plan) == []
    assert result.objective == pytest.approx(objective(problem, result.plan), abs=1e-6)
    return result.plan


def person(pid: str, delegation: str, **fields: object) -> Participant:
    """A placeholder expert ("Expert 3 (KEN)") who speaks English unless told otherwise."""
    values: dict[str, object] = {"languages": frozenset(EN), **fields}
    return Participant(pid, f"Expert {pid[1:]} ({delegation})", delegation, **values)  # type: ignore[arg-type]


def room(room_id: str, capacity: int) -> Room:
    return Room(room_id, f"Room {room_id}", capacity)


def english(item_id: str, **fields: object) -> AgendaItem:
    return AgendaItem(item_id, f"Item {item_id}", languages=EN, **fields)  # type: ignore[arg-type]


def people_problem(
    items: Iterable[AgendaItem],
    participants: Iterable[Participant],
    *,
    rooms: Iterable[Room] = (room("R1", 200),),
    delegations: Iterable[Delegation] = (KEN, NPL, FRA, CHL),
    days: int = 1,
    rules: Rules | None = None,
) -> ProblemData:
    """English-only items, no interpreters: only participation decides."""
    return factory.problem(
        items,
        days=days,
        rooms=rooms,
        interpreters=(),
        delegations=delegations,
        participants=participants,
        rules=rules or Rules(),
    )
