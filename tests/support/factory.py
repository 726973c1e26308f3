"""Tiny problems for tests, built in code so each test states only what matters to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from planner.domain import (
    LANGUAGES,
    AgendaItem,
    Delegation,
    Interpreter,
    Meeting,
    Participant,
    ProblemData,
    Room,
    Rules,
    Slot,
)

MONDAY = dt.date(2024, 3, 25)


def slots(days: int = 1, first: dt.date = MONDAY) -> tuple[Slot, ...]:
    """Two slots a day (10:00-13:00, 15:00-18:00), ids D1-AM, D1-PM, D2-AM..."""
    out = []
    for d in range(days):
        date = first + dt.timedelta(days=d)
        out.append(Slot(f"D{d + 1}-AM", date, dt.time(10), dt.time(13)))
        out.append(Slot(f"D{d + 1}-PM", date, dt.time(15), dt.time(18)))
    return tuple(out)


def plenary_room(room_id: str = "R1", capacity: int = 200) -> Room:
    """A room with all six booths."""
    return Room(room_id, f"Room {room_id}", capacity, booths=frozenset(LANGUAGES))


def small_room(room_id: str = "R2", capacity: int = 40) -> Room:
    """A room without booths."""
    return Room(room_id, f"Room {room_id}", capacity)


def team(
    booths: Iterable[str] = LANGUAGES,
    extra: int = 0,
    daily_rate: float = 0.0,
    prefix: str = "I",
) -> tuple[Interpreter, ...]:
    """Exactly one full team per booth (plus ``extra`` per booth); retour for ar and zh."""
    sizes = Rules().team_size
    out = []
    for booth in booths:
        for k in range(sizes[booth] + extra):
            retour = frozenset({"en"}) if booth in ("ar", "zh") and k == 0 else frozenset()
            out.append(
                Interpreter(
                    f"{prefix}-{booth}{k + 1}",
                    f"Interpreter {booth.upper()} {k + 1}",
                    booth,
                    retour=retour,
                    daily_rate=daily_rate,
                )
            )
    return tuple(out)


def problem(
    items: Iterable[AgendaItem] = (),
    *,
    days: int = 1,
    rooms: Iterable[Room] | None = None,
    interpreters: Iterable[Interpreter] | None = None,
    delegations: Iterable[Delegation] = (),
    participants: Iterable[Participant] = (),
    rules: Rules | None = None,
) -> ProblemData:
    """A problem on ``days`` days with a six-booth room and a full team per booth by default."""
    return ProblemData(
        meeting=Meeting("Test meeting", venue="Vienna International Centre"),
        slots=slots(days),
        rooms=tuple(rooms) if rooms is not None else (plenary_room(),),
        items=tuple(items) or (AgendaItem("1", "Opening"),),
        delegations=tuple(delegations),
        participants=tuple(participants),
        interpreters=tuple(interpreters) if interpreters is not None else team(),
        rules=rules or Rules(),
    )
