"""A plan (what the solver decided or a person edited) and the result of a solve."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


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


Booking = tuple[str, str, str]
"""An interpreter's booking in a session: ``(interpreter_id, slot_id, room_id)``."""


def booking(a: Assignment) -> Booking:
    """The interpreter, slot and room of an assignment: what a lock or a change is about."""
    return (a.interpreter_id, a.slot_id, a.room_id)


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens where, who interprets, who sits and speaks, whose travel is paid.

    Collections are tuples kept in a canonical order, so that two equal plans compare equal.

    ``locked_sessions`` and ``locked_assignments`` are the rows marked ``locked`` in the plan
    workbook: a replan (``solve(..., previous=plan)``) keeps them exactly. A locked assignment
    is keyed by its `Booking` (its retour mark is recomputed) and keeps its session in place
    too. Locks must name rows of the plan.
    """

    sessions: tuple[Session, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    seats: tuple[Seat, ...] = ()
    panels: tuple[PanelSeat, ...] = ()
    funded: frozenset[str] = frozenset()
    locked_sessions: frozenset[Session] = frozenset()
    locked_assignments: frozenset[Booking] = frozenset()

    def __post_init__(self) -> None:
        for name in ("sessions", "assignments", "seats", "panels"):
            object.__setattr__(self, name, tuple(sorted(getattr(self, name))))
        for name in ("funded", "locked_sessions", "locked_assignments"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        stray = sorted(self.locked_sessions - set(self.sessions))
        if stray:
            raise ValueError(f"locked sessions that are not in the plan: {stray}")
        stray_bookings = sorted(self.locked_assignments - {booking(a) for a in self.assignments})
        if stray_bookings:
            raise ValueError(f"locked assignments that are not in the plan: {stray_bookings}")

    @property
    def is_empty(self) -> bool:
        """True for the plan of a solve that found none."""
        return not self.sessions

    def is_locked(self, row: Session | Assignment) -> bool:
        """True when the `Agenda` or `Interpretation` row is locked."""
        if isinstance(row, Session):
            return row in self.locked_sessions
        return booking(row) in self.locked_assignments

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


class Status(StrEnum):
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

    ``objective`` and ``best_bound`` are in the units of the soft-rule weights. ``best_bound``
    is a proven lower bound of the whole problem (no plan of the meeting costs less), and
    ``gap`` is ``|objective - best_bound| / max(|objective|, 1)``: how much better than this
    plan any plan could be. A staged solve also proves ``stage_bound``, a bound for the plans
    that keep its timetable, and ``stage_gap`` measures the plan against it. ``OPTIMAL`` means
    the gap of the whole problem is 0, staged or not.
    """

    status: Status
    plan: Plan = field(default_factory=Plan)
    objective: float | None = None
    best_bound: float | None = None
    solve_seconds: float = 0.0
    penalties: tuple[Penalty, ...] = ()
    message: str = ""
    stage_bound: float | None = None

    @property
    def gap(self) -> float | None:
        """Relative distance between the plan's objective and the whole problem's bound."""
        return _gap(self.objective, self.best_bound)

    @property
    def stage_gap(self) -> float | None:
        """Relative distance between the plan's objective and the bound for its timetable
        (a staged solve only)."""
        return _gap(self.objective, self.stage_bound)


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    difference = abs(objective - bound)
    if difference < 1e-6:  # a float sum of the weights, not a gap (9,873.949999... and 9,873.95)
        return 0.0
    return difference / max(abs(objective), 1.0)
