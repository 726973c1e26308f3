"""Read seats, panels and travel support out of a CP-SAT solution."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from planner.domain import CATEGORIES, PanelSeat, ProblemData, Seat, Session
from planner.solver.context import Var
from planner.solver.participation.vars import Participation

Value = Callable[[Var], bool]


def extract_funded(part: Participation, value: Value) -> frozenset[str]:
    """The participants whose travel is paid."""
    return frozenset(pid for pid, var in part.funded.items() if value(var))


def extract_seats(
    problem: ProblemData, part: Participation, value: Value, sessions: Iterable[Session]
) -> list[Seat]:
    """Every seat held, under the item of the session held in its place."""
    item_at = {(s.slot_id, s.room_id): s.item_id for s in sessions}
    return [
        Seat(
            slot_id, room_id, item_at[slot_id, room_id], problem.participant(pid).delegation_id, pid
        )
        for (pid, slot_id, room_id), var in part.seat.items()
        if value(var) and (slot_id, room_id) in item_at
    ]


def speaker_precedence(problem: ProblemData, participant_ids: Iterable[str]) -> list[str]:
    """The order in which a new panel's speakers are numbered: Member States first, then
    observer States, then the other categories; by delegation name within a category.

    (`planner.plan_frames.panels_in_speaking_order` re-ranks a finished plan's panels, which a
    person may have edited, keeping the plan's positions within a group.)
    """

    def key(pid: str) -> tuple[int, str, str]:
        delegation = problem.delegation(problem.participant(pid).delegation_id)
        return (CATEGORIES.index(delegation.category), delegation.name, pid)

    return sorted(participant_ids, key=key)


def extract_panels(problem: ProblemData, part: Participation, value: Value) -> list[PanelSeat]:
    """Every panel, its speakers numbered 1..n in speaking order."""
    members: dict[str, list[str]] = {}
    for (pid, item_id), var in part.speaker.items():
        if value(var):
            members.setdefault(item_id, []).append(pid)
    return [
        PanelSeat(item_id, position, pid)
        for item_id, people in members.items()
        for position, pid in enumerate(speaker_precedence(problem, people), start=1)
    ]


def extract_participation(
    problem: ProblemData, part: Participation, value: Value, sessions: Iterable[Session]
) -> tuple[tuple[Seat, ...], tuple[PanelSeat, ...], frozenset[str]]:
    """Seats, panels and the funded participants of a solution."""
    seats = tuple(extract_seats(problem, part, value, sessions))
    return seats, tuple(extract_panels(problem, part, value)), extract_funded(part, value)
