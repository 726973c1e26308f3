"""`ProblemData`: the validated, immutable planning problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from planner.domain.issues import InvalidProblem, Issue
from planner.domain.records import (
    AgendaItem,
    Delegation,
    Discipline,
    Interpreter,
    Meeting,
    Participant,
    Room,
    Rules,
    Slot,
)

R = TypeVar("R")


def _index(records: Iterable[R], key: str) -> Mapping[str, R]:
    return MappingProxyType({getattr(r, key): r for r in records})


@dataclass(frozen=True, slots=True)
class ProblemData:
    """Everything the planner needs, checked for consistency when built.

    Slots are kept in time order. Building one with broken cross-references (an unknown room,
    an ``after`` naming a missing item, duplicate ids...) raises `InvalidProblem` with every
    problem at once. Use `replace` to derive variants.
    """

    meeting: Meeting
    slots: tuple[Slot, ...]
    rooms: tuple[Room, ...]
    items: tuple[AgendaItem, ...]
    delegations: tuple[Delegation, ...] = ()
    participants: tuple[Participant, ...] = ()
    interpreters: tuple[Interpreter, ...] = ()
    disciplines: tuple[Discipline, ...] | None = None
    rules: Rules = field(default_factory=Rules)
    warnings: tuple[Issue, ...] = field(default=(), compare=False, repr=False)

    _slot: Mapping[str, Slot] = field(init=False, repr=False, compare=False)
    _slot_index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _room: Mapping[str, Room] = field(init=False, repr=False, compare=False)
    _item: Mapping[str, AgendaItem] = field(init=False, repr=False, compare=False)
    _delegation: Mapping[str, Delegation] = field(init=False, repr=False, compare=False)
    _participant: Mapping[str, Participant] = field(init=False, repr=False, compare=False)
    _interpreter: Mapping[str, Interpreter] = field(init=False, repr=False, compare=False)
    _days: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)
    _present: dict[tuple[dt.date | None, dt.date | None], tuple[dt.date, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.slots, key=lambda s: (s.date, s.start, s.slot_id)))
        object.__setattr__(self, "slots", ordered)
        for name in ("rooms", "items", "delegations", "participants", "interpreters"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "_slot", _index(self.slots, "slot_id"))
        object.__setattr__(
            self, "_slot_index", MappingProxyType({s.slot_id: i for i, s in enumerate(ordered)})
        )
        object.__setattr__(self, "_room", _index(self.rooms, "room_id"))
        object.__setattr__(self, "_item", _index(self.items, "item_id"))
        object.__setattr__(self, "_delegation", _index(self.delegations, "delegation_id"))
        object.__setattr__(self, "_participant", _index(self.participants, "participant_id"))
        object.__setattr__(self, "_interpreter", _index(self.interpreters, "interpreter_id"))
        object.__setattr__(self, "_days", tuple(sorted({s.date for s in self.slots})))
        object.__setattr__(self, "_present", {})  # (arrival, departure) -> days, on first use
        issues = consistency_issues(self)
        if any(i.is_error for i in issues):
            raise InvalidProblem([*issues, *self.warnings])

    def __reduce__(self) -> tuple[Any, ...]:
        # The id indexes are read-only views, which do not pickle: rebuild them on arrival, so
        # a problem can be sent to another process or a Dask worker.
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}
        return (_rebuild, (fields,))

    def replace(self, **changes: Any) -> ProblemData:
        """A new, validated problem with some fields changed (``rules=...``, ``items=...``)."""
        return dataclasses.replace(self, **changes)

    # Lookups by the ids users type.
    def slot(self, slot_id: str) -> Slot:
        """The slot with this id."""
        return self._slot[slot_id]

    def slot_index(self, slot_id: str) -> int:
        """Position of the slot in time order (0 is the first)."""
        return self._slot_index[slot_id]

    def room(self, room_id: str) -> Room:
        """The room with this id."""
        return self._room[room_id]

    def item(self, item_id: str) -> AgendaItem:
        """The agenda item with this id."""
        return self._item[item_id]

    def delegation(self, delegation_id: str) -> Delegation:
        """The delegation with this id."""
        return self._delegation[delegation_id]

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id."""
        return self._participant[participant_id]

    def interpreter(self, interpreter_id: str) -> Interpreter:
        """The interpreter with this id."""
        return self._interpreter[interpreter_id]

    # Derived facts shared by the model, the checker and the capacity checks.
    @property
    def days(self) -> tuple[dt.date, ...]:
        """Meeting days in order."""
        return self._days

    def is_next_slot(self, earlier: str, later: str) -> bool:
        """True when ``later`` directly follows ``earlier`` in the slot order."""
        return self._slot_index[later] == self._slot_index[earlier] + 1

    def allowed_slots(self, item: AgendaItem) -> tuple[Slot, ...]:
        """Slots the item may use (its ``allowed_slots``, or all)."""
        if item.allowed_slots is None:
            return self.slots
        return tuple(s for s in self.slots if s.slot_id in item.allowed_slots)

    def room_fits(self, item: AgendaItem, room: Room) -> bool:
        """True when the room may host the item: pin, seats and booths (hard rules 2-3)."""
        if item.room is not None and item.room != room.room_id:
            return False
        if item.attendance is not None and room.capacity < item.attendance:
            return False
        return not item.interpreted or set(item.languages) <= room.booths

    def rooms_for(self, item: AgendaItem) -> tuple[Room, ...]:
        """Rooms that may host the item."""
        return tuple(r for r in self.rooms if self.room_fits(item, r))

    def team_size(self, booth: str) -> int:
        """Interpreters needed in this booth for one session."""
        return self.rules.team_size[booth]

    def retour_needed(self, booth: str) -> int:
        """Interpreters of this booth's team who must have a retour language."""
        return self.rules.retour_per_team if booth in self.rules.retour_booths else 0

    def max_per_day(self, interpreter: Interpreter) -> int:
        """Sessions a day for this interpreter (personal override or the rule)."""
        if interpreter.max_per_day is not None:
            return interpreter.max_per_day
        return self.rules.interpreter_max_per_day

    def max_per_week(self, interpreter: Interpreter) -> int:
        """Sessions a calendar week for this interpreter (personal override or the rule)."""
        if interpreter.max_per_week is not None:
            return interpreter.max_per_week
        return self.rules.interpreter_max_per_week

    def seats_of(self, delegation: Delegation) -> int:
        """Seats the delegation may hold in one session."""
        if delegation.seats is not None:
            return delegation.seats
        return self.rules.seats_per_delegation

    def present_days(self, participant: Participant) -> tuple[dt.date, ...]:
        """Meeting days between the person's arrival and departure."""
        key = (participant.arrival, participant.departure)
        days = self._present.get(key)
        if days is None:
            first = participant.arrival or dt.date.min
            last = participant.departure or dt.date.max
            days = self._present[key] = tuple(d for d in self._days if first <= d <= last)
        return days


def _rebuild(fields: dict[str, Any]) -> ProblemData:
    return ProblemData(**fields)


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(k for k, n in Counter(ids).items() if n > 1)


def consistency_issues(data: ProblemData) -> list[Issue]:
    """Every broken cross-reference or duplicate id, as issues keyed by record id."""
    issues: list[Issue] = []

    def err(sheet: str, key: str | None, column: str | None, message: str) -> None:
        issues.append(Issue(message, sheet=sheet, column=column, key=key))

    for sheet, records, key in (
        ("Slots", data.slots, "slot_id"),
        ("Rooms", data.rooms, "room_id"),
        ("Agenda", data.items, "item_id"),
        ("Delegations", data.delegations, "delegation_id"),
        ("Participants", data.participants, "participant_id"),
        ("Interpreters", data.interpreters, "interpreter_id"),
    ):
        for dup in _duplicates(getattr(r, key) for r in records):
            err(sheet, dup, key, f"{key} '{dup}' is used more than once; give each row its own id")

    for a, b in zip(data.slots, data.slots[1:], strict=False):
        if a.date == b.date and b.start < a.end:
            err(
                "Slots",
                b.slot_id,
                "start",
                f"slot '{b.slot_id}' overlaps slot '{a.slot_id}'; slots must not overlap in time",
            )

    slot_ids = set(data._slot)
    for room in data.rooms:
        for ref in sorted(room.unavailable - slot_ids):
            err("Rooms", room.room_id, "unavailable", f"unknown slot '{ref}'")
    meeting_languages = set(data.meeting.languages)
    for item in data.items:
        extra = sorted(set(item.languages) - meeting_languages)
        if extra:
            err(
                "Agenda",
                item.item_id,
                "languages",
                f"language(s) {', '.join(extra)} are not languages of the meeting",
            )
        for ref in item.after:
            if ref not in data._item:
                err("Agenda", item.item_id, "after", f"unknown item '{ref}'")
        for ref in sorted((item.allowed_slots or frozenset()) - slot_ids):
            err("Agenda", item.item_id, "allowed_slots", f"unknown slot '{ref}'")
        if item.room is not None and item.room not in data._room:
            err("Agenda", item.item_id, "room", f"unknown room '{item.room}'")
    known_disciplines = (
        None if data.disciplines is None else {d.discipline for d in data.disciplines}
    )
    for p in data.participants:
        if p.delegation_id not in data._delegation:
            err(
                "Participants",
                p.participant_id,
                "delegation_id",
                f"unknown delegation '{p.delegation_id}'; add it to the Delegations sheet",
            )
        for ref in sorted(p.speaks_on - set(data._item)):
            err("Participants", p.participant_id, "speaks_on", f"unknown item '{ref}'")
        if (
            known_disciplines is not None
            and p.discipline is not None
            and p.discipline not in known_disciplines
        ):
            err(
                "Participants",
                p.participant_id,
                "discipline",
                f"discipline '{p.discipline}' is not in the Disciplines sheet",
            )
    for i in data.interpreters:
        for ref in sorted(i.unavailable - slot_ids):
            err("Interpreters", i.interpreter_id, "unavailable", f"unknown slot '{ref}'")
    return issues
