"""A broken hard rule, the words used to describe it, and the plan's unknown references.

Messages are read by secretariat officers, so every one names the slot with its date and time,
the room, the item and the people concerned by id and name. A plan edited by hand may name
slots, rooms, items or people that do not exist: `unknown_ids` reports them and `known_part`
keeps the rest, so that the rule checks never trip over a typo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from planner.domain import LANGUAGE_NAMES, Assignment, PanelSeat, Plan, ProblemData, Seat, Session

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Violation:
    """One breach of a hard rule of ``rules.md``.

    Attributes
    ----------
    rule
        Short name of the breach, such as ``room_double_booked``.
    rule_number
        The hard rule (1-10) it breaks.
    message
        Plain words naming the slot, room, item and people concerned.
    subject
        The ids concerned (slot, room, item, interpreter, participant...), for filtering.
    """

    rule: str
    rule_number: int
    message: str
    subject: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"rule {self.rule_number} ({self.rule}): {self.message}"


Check = Callable[[ProblemData, Plan], Iterator[Violation]]
"""A check of one hard rule on a plan whose references are all known."""


# Words for the things a message names. Each tolerates an unknown id, since a message may be
# about the unknown id itself.
def day_label(day: dt.date) -> str:
    """``Tue 26 Mar`` (English whatever the locale, like the rest of the messages)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def slot_label(problem: ProblemData, slot_id: str) -> str:
    """``D2-PM (Tue 26 Mar 15:00-18:00)``."""
    try:
        slot = problem.slot(slot_id)
    except KeyError:
        return f"slot '{slot_id}'"
    return f"{slot_id} ({day_label(slot.date)} {slot.start:%H:%M}-{slot.end:%H:%M})"


def where(problem: ProblemData, slot_id: str, room_id: str) -> str:
    """``D2-PM (Tue 26 Mar 15:00-18:00), room R1``."""
    return f"{slot_label(problem, slot_id)}, room {room_id}"


def language_label(code: str) -> str:
    """``Chinese`` for ``zh``; an unknown code is shown as typed."""
    return LANGUAGE_NAMES.get(code, f"'{code}'")


def interpreter_label(problem: ProblemData, interpreter_id: str) -> str:
    """``I-zh1 (Interpreter ZH 1)``."""
    try:
        return f"{interpreter_id} ({problem.interpreter(interpreter_id).name})"
    except KeyError:
        return interpreter_id


def participant_label(problem: ProblemData, participant_id: str) -> str:
    """``P1 (Expert 1 (Kenya))``."""
    try:
        return f"{participant_id} ({problem.participant(participant_id).name})"
    except KeyError:
        return participant_id


def delegation_label(problem: ProblemData, delegation_id: str) -> str:
    """``KEN (Kenya)``, or the bare id when the name says nothing more."""
    try:
        name = problem.delegation(delegation_id).name
    except KeyError:
        return delegation_id
    return delegation_id if name == delegation_id else f"{delegation_id} ({name})"


def money(amount: float) -> str:
    """``USD 12,300`` or ``USD 12,300.50``."""
    cents = round(amount * 100)
    if cents % 100 == 0:
        return f"USD {cents // 100:,}"
    return f"USD {amount:,.2f}"


def over_budget(cost: float, budget: float) -> bool:
    """True when ``cost`` exceeds ``budget`` by more than float rounding of dollar amounts."""
    return cost - budget > 1e-6 * max(1.0, abs(budget))


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 interpreter``, ``2 interpreters``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def join_ids(ids: Iterable[str], limit: int = 10) -> str:
    """``A, B, C`` with at most ``limit`` names, then ``and 4 more``."""
    names = list(ids)
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


# Unknown references.
@dataclass(frozen=True, slots=True)
class _Ids:
    slots: frozenset[str]
    rooms: frozenset[str]
    items: frozenset[str]
    delegations: frozenset[str]
    participants: frozenset[str]
    interpreters: frozenset[str]

    @classmethod
    def of(cls, problem: ProblemData) -> _Ids:
        return cls(
            frozenset(s.slot_id for s in problem.slots),
            frozenset(r.room_id for r in problem.rooms),
            frozenset(i.item_id for i in problem.items),
            frozenset(d.delegation_id for d in problem.delegations),
            frozenset(p.participant_id for p in problem.participants),
            frozenset(i.interpreter_id for i in problem.interpreters),
        )

    def missing(self, **refs: str) -> list[str]:
        """``["room 'R9'"]`` for each reference not in the problem."""
        known = {
            "slot": self.slots,
            "room": self.rooms,
            "item": self.items,
            "delegation": self.delegations,
            "participant": self.participants,
            "interpreter": self.interpreters,
        }
        return [f"{kind} '{ref}'" for kind, ref in refs.items() if ref not in known[kind]]


_SHEETS = {
    "slot": "Slots",
    "room": "Rooms",
    "item": "Agenda",
    "delegation": "Delegations",
    "participant": "Participants",
    "interpreter": "Interpreters",
}


def _unknown(
    rule_number: int, what: str, missing: list[str], subject: tuple[str, ...]
) -> Violation:
    sheets = sorted({_SHEETS[m.split(" ", 1)[0]] for m in missing})
    return Violation(
        "unknown_id",
        rule_number,
        f"{what} names {' and '.join(missing)}, which the input does not have "
        f"(not in the {' or '.join(sheets)} sheet); correct the id or remove the row",
        subject,
    )


def _session_missing(ids: _Ids, s: Session) -> list[str]:
    return ids.missing(item=s.item_id, slot=s.slot_id, room=s.room_id)


def _assignment_missing(ids: _Ids, a: Assignment) -> list[str]:
    return ids.missing(interpreter=a.interpreter_id, item=a.item_id, slot=a.slot_id, room=a.room_id)


def _seat_missing(ids: _Ids, s: Seat) -> list[str]:
    # The seat's delegation_id is checked against the participant's by rule 9 instead.
    return ids.missing(participant=s.participant_id, item=s.item_id, slot=s.slot_id, room=s.room_id)


def _panel_missing(ids: _Ids, p: PanelSeat) -> list[str]:
    return ids.missing(participant=p.participant_id, item=p.item_id)


def unknown_ids(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Every plan row that names a slot, room, item, person or interpreter the input lacks."""
    ids = _Ids.of(problem)
    for s in plan.sessions:
        if missing := _session_missing(ids, s):
            what = f"The session of item {s.item_id} at {s.slot_id} in room {s.room_id}"
            yield _unknown(1, what, missing, (s.item_id, s.slot_id, s.room_id))
    for a in plan.assignments:
        if missing := _assignment_missing(ids, a):
            what = f"The assignment of {a.interpreter_id} to item {a.item_id} at {a.slot_id}"
            yield _unknown(5, what, missing, (a.slot_id, a.room_id, a.item_id, a.interpreter_id))
    for seat in plan.seats:
        if missing := _seat_missing(ids, seat):
            what = f"The seat of {seat.participant_id} in item {seat.item_id} at {seat.slot_id}"
            subject = (seat.slot_id, seat.room_id, seat.item_id, seat.participant_id)
            yield _unknown(9, what, missing, subject)
    for p in plan.panels:
        if missing := _panel_missing(ids, p):
            what = f"The panel seat {p.position} of item {p.item_id} ({p.participant_id})"
            yield _unknown(10, what, missing, (p.item_id, p.participant_id))
    for pid in sorted(plan.funded - ids.participants):
        yield _unknown(8, "The list of funded participants", [f"participant '{pid}'"], (pid,))


def known_part(problem: ProblemData, plan: Plan) -> Plan:
    """The plan without the rows that `unknown_ids` reports, safe to look up in ``problem``."""
    ids = _Ids.of(problem)
    return Plan(
        sessions=tuple(s for s in plan.sessions if not _session_missing(ids, s)),
        assignments=tuple(a for a in plan.assignments if not _assignment_missing(ids, a)),
        seats=tuple(s for s in plan.seats if not _seat_missing(ids, s)),
        panels=tuple(p for p in plan.panels if not _panel_missing(ids, p)),
        funded=plan.funded & ids.participants,
    )
