"""The small input problem most reader tests start from, and its workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.domain import (
    AgendaItem,
    Delegation,
    Discipline,
    Participant,
    ProblemData,
    Rules,
)
from planner.excel import write_problem
from support import factory

MONDAY = factory.MONDAY
TUESDAY = MONDAY + dt.timedelta(days=1)


def base_problem() -> ProblemData:
    """Two days, two rooms, three items, three delegations, three people, one full team."""
    items = (
        AgendaItem("1", "=Opening of the session"),
        AgendaItem(
            "2",
            "Panel on probation",
            2,
            after=("1",),
            panel_size=2,
            disciplines=("probation", "health"),
        ),
        AgendaItem("3", "-Side event", languages=("en",), attendance=30, room="R2"),
    )
    delegations = (
        Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True),
        Delegation("AUT", "Austria", regional_group="weog", seats=3),
        Delegation("UNODC", "@UNODC", category="un_entity"),
    )
    participants = (
        Participant(
            "P1",
            "Expert 1 (Kenya)",
            "KEN",
            role="head",
            discipline="probation",
            gender="f",
            languages=frozenset({"en", "fr"}),
            speaks_on=frozenset({"2"}),
            needs_funding=True,
            travel_cost=2400.5,
            arrival=MONDAY,
        ),
        Participant(
            "P2",
            "Эксперт 2",
            "AUT",
            discipline="health",
            gender="m",
            mode="online",
            departure=TUESDAY,
        ),
        Participant("P3", "+专家 4", "UNODC", role="adviser"),
    )
    rules = Rules(
        travel_budget=10000,
        interpretation_budget=250000.5,
        team_size={"ar": 2},
        retour_booths=frozenset({"ar"}),
        weights={"split_item": 12.5, "travel_cost": 0.002},
        time_limit_seconds=5,
    )
    disciplines = (Discipline("probation", "probation services"), Discipline("health"))
    problem = factory.problem(
        items,
        days=2,
        rooms=(factory.plenary_room(), factory.small_room()),
        delegations=delegations,
        participants=participants,
        rules=rules,
    )
    return problem.replace(disciplines=disciplines)


_BASE_BYTES: list[bytes] = []  # the base workbook, written once per test session


def written(tmp_path: Path, problem: ProblemData | None = None, name: str = "in.xlsx") -> Path:
    """The problem (by default `base_problem`) written as an input workbook."""
    path = tmp_path / name
    if problem is not None:
        write_problem(problem, path)
    elif _BASE_BYTES:
        path.write_bytes(_BASE_BYTES[0])
    else:
        write_problem(base_problem(), path)
        _BASE_BYTES.append(path.read_bytes())
    return path


def column_of(ws: object, header: str) -> int:
    """The 1-based column whose header is ``header``."""
    for cell in ws[1]:  # type: ignore[index]
        if cell.value == header:
            return int(cell.column)
    raise KeyError(header)
