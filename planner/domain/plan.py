"""A plan (what the solver decided or a person edited) and the result of a solve."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True, order=True)
class Session:
    """One part of an agenda item placed in a slot and a room."""

    item_id: str
    slot_id: str
    room_id: str


@dataclass(frozen=True, slots=True, order=True)
class Assignment:
    """An interpreter in a booth of a session; ``retour`` marks who counts towards the retour."""

    slot_id: str
    room_id: str
    item_id: str
    booth: str
    interpreter_id: str
    retour: bool = False


@dataclass(frozen=True, slots=True, order=True)
class Seat:
    """A participant holding one of the delegation's seats in a session."""

    slot_id: str
    room_id: str
    item_id: str
    delegation_id: str
    participant_id: str


@dataclass(frozen=True, slots=True, order=True)
class PanelSeat:
    """A speaker on an item's panel, at ``position`` in the speaking order (1..n)."""

    item_id: str
    position: int
    participant_id: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens where, who interprets, who sits and speaks, whose travel is paid.

    Collections are tuples kept in a canonical order, so that two equal plans compare equal.
    """

    sessions: tuple[Session, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    seats: tuple[Seat, ...] = ()
    panels: tuple[PanelSeat, ...] = ()
    funded: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in ("sessions", "assignments", "seats", "panels"):
            object.__setattr__(self, name, tuple(sorted(getattr(self, name))))
        object.__setattr__(self, "funded", frozenset(self.funded))

    @property
    def is_empty(self) -> bool:
        """True for the plan of a solve that found none."""
        return not self.sessions

    def sessions_of(self, item_id: str) -> list[Session]:
        """The item's sessions (in no particular order; sort by slot index for time order)."""
        return [s for s in self.sessions if s.item_id == item_id]

    def team(self, slot_id: str, room_id: str, booth: str) -> Iterator[Assignment]:
        """Interpreters in one booth of the session held in ``room_id`` at ``slot_id``."""
        return (
            a
            for a in self.assignments
            if a.slot_id == slot_id and a.room_id == room_id and a.booth == booth
        )


class Status(str, Enum):
    """Outcome of a solve, as written in the plan's `Summary`."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    NO_SOLUTION = "NO_SOLUTION"

    @property
    def has_plan(self) -> bool:
        """True when a plan was found."""
        return self in (Status.OPTIMAL, Status.FEASIBLE)


@dataclass(frozen=True, slots=True)
class Penalty:
    """One violation of a named soft rule, as a row of the `Warnings` sheet."""

    rule: str
    subject: str
    detail: str
    penalty: float


@dataclass(frozen=True, slots=True)
class Result:
    """The result of `planner.solve`: never None, even when no plan was found.

    ``objective`` and ``best_bound`` are in the units of the soft-rule weights; ``gap`` is
    ``|objective - best_bound| / max(|objective|, 1)``. ``bound_scope`` says what the bound
    covers (``"whole"`` unless a staged solve could only bound part of the problem).
    """

    status: Status
    plan: Plan = field(default_factory=Plan)
    objective: float | None = None
    best_bound: float | None = None
    solve_seconds: float = 0.0
    penalties: tuple[Penalty, ...] = ()
    bound_scope: str = "whole"
    message: str = ""

    @property
    def gap(self) -> float | None:
        """Relative distance between the plan's objective and the proven bound."""
        if self.objective is None or self.best_bound is None:
            return None
        return abs(self.objective - self.best_bound) / max(abs(self.objective), 1.0)
