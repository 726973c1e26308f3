"""What-if scenarios: named changes to a base problem, each applied to give a new problem.

A `Scenario` changes `Rules` and `Meeting` fields (named as in their sheets: ``travel_budget``,
``team_size_ar``, ``weight_travel_cost``, ``languages``) and applies list-valued changes to the
data: slots, rooms, interpreters or agenda items left out, and rooms closed at some times.
`apply` derives the scenario's problem from the base; a change that cannot apply (an unknown
id, a value a rule refuses) raises `ValueError` naming the column to fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.domain.problem import ProblemData
from planner.domain.records import AgendaItem, Interpreter, Meeting, Room, Rules

NOON = dt.time(12, 0)
MEETING_FIELDS = tuple(f.name for f in dataclasses.fields(Meeting))
# Set alike for every scenario by `compare` (same time limit and seed), so never per scenario.
RUN_FIELDS = ("time_limit_seconds", "workers", "seed")
LIST_CHANGES = ("drop_slots", "drop_rooms", "drop_interpreters", "drop_items", "room_unavailable")


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named what-if: field settings and list-valued changes to the base problem.

    Parameters
    ----------
    name
        How the scenario is called in the comparison (unique).
    settings
        `Rules` fields (``travel_budget``, ``interpreter_max_per_week``, ``team_size_ar``,
        ``weight_travel_cost``...; ``interpretation_budget`` None is unlimited) and `Meeting`
        fields (``languages``...), by their names in the workbook.
    drop_slots, drop_rooms, drop_interpreters, drop_items
        Ids left out of the meeting. A dropped room stays known but is unavailable in every
        slot (an item pinned to it then cannot be held, which the comparison explains).
    room_unavailable
        ``(room_id, when)`` pairs closing a room at some times: ``when`` is a slot id, an ISO
        date, ``am`` (slots starting before noon) or ``pm`` (the others).
    """

    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    drop_slots: frozenset[str] = frozenset()
    drop_rooms: frozenset[str] = frozenset()
    drop_interpreters: frozenset[str] = frozenset()
    drop_items: frozenset[str] = frozenset()
    room_unavailable: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a scenario needs a name")
        object.__setattr__(self, "settings", dict(self.settings))
        for name in ("drop_slots", "drop_rooms", "drop_interpreters", "drop_items"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "room_unavailable", tuple(self.room_unavailable))
        fixed = sorted(set(self.settings) & set(RUN_FIELDS))
        if fixed:
            raise ValueError(
                f"{', '.join(fixed)} is the same for every scenario; set it on the command "
                "line (--time-limit, --workers, --seed) instead"
            )

    @property
    def is_base(self) -> bool:
        """True when the scenario changes nothing."""
        return not (
            self.settings
            or self.drop_slots
            or self.drop_rooms
            or self.drop_interpreters
            or self.drop_items
            or self.room_unavailable
        )


def _rules(rules: Rules, settings: Mapping[str, Any]) -> Rules:
    known = {f.name for f in dataclasses.fields(Rules)} - {"team_size", "weights"}
    kw: dict[str, Any] = {}
    team_size, weights = dict(rules.team_size), dict(rules.weights)
    for name, value in settings.items():
        if name in MEETING_FIELDS:
            continue
        if name.startswith("team_size_"):
            team_size[name.removeprefix("team_size_")] = int(value)
        elif name.startswith("weight_") and name.removeprefix("weight_") in weights:
            weights[name.removeprefix("weight_")] = float(value)
        elif name == "interpretation_budget":
            unlimited = value is None or value == float("inf")
            kw[name] = None if unlimited else float(value)
        elif name == "retour_booths":
            kw[name] = frozenset(value)
        elif name in known:
            kw[name] = value
        else:
            raise ValueError(f"'{name}' is neither a Rules nor a Meeting field")
    return dataclasses.replace(rules, team_size=team_size, weights=weights, **kw)


def _meeting(meeting: Meeting, settings: Mapping[str, Any]) -> Meeting:
    kw: dict[str, Any] = {
        k: (tuple(v) if k == "languages" else v) for k, v in settings.items() if k in MEETING_FIELDS
    }
    return dataclasses.replace(meeting, **kw) if kw else meeting


def _unknown(what: str, ids: frozenset[str], known: set[str], column: str) -> None:
    missing = sorted(ids - known)
    if missing:
        raise ValueError(f"{column}: unknown {what} {', '.join(repr(m) for m in missing)}")


def closed_slots(problem: ProblemData, when: str) -> set[str]:
    """The slot ids that ``when`` (slot id, ISO date, ``am`` or ``pm``) names."""
    key = when.strip().casefold()
    if key in ("am", "pm"):
        return {s.slot_id for s in problem.slots if (s.start < NOON) == (key == "am")}
    if when in {s.slot_id for s in problem.slots}:
        return {when}
    try:
        day = dt.date.fromisoformat(when)
    except ValueError:
        day = None
    found = {s.slot_id for s in problem.slots if s.date == day}
    if not found:
        raise ValueError(f"room_unavailable: '{when}' is not a slot id, a meeting day, am or pm")
    return found


def _language_of(item: AgendaItem, base: Meeting, meeting: Meeting) -> tuple[str, ...]:
    # An item held in the meeting's languages follows them; another keeps those still spoken.
    if item.languages == base.languages:
        return meeting.languages
    kept = tuple(lang for lang in item.languages if lang in meeting.languages)
    return kept or meeting.languages


def apply(problem: ProblemData, scenario: Scenario) -> ProblemData:
    """The problem of a scenario: the base with its settings and list changes applied.

    Parameters
    ----------
    problem
        The base problem.
    scenario
        The changes.

    Returns
    -------
    ProblemData
        A new validated problem (the base when the scenario changes nothing).

    Raises
    ------
    ValueError
        When a change names an unknown id or field, or a value a rule refuses; the message
        starts with the column concerned.
    """
    if scenario.is_base:
        return problem
    slot_ids = {s.slot_id for s in problem.slots}
    _unknown("slot(s)", scenario.drop_slots, slot_ids, "drop_slots")
    _unknown("room(s)", scenario.drop_rooms, {r.room_id for r in problem.rooms}, "drop_rooms")
    _unknown(
        "interpreter(s)",
        scenario.drop_interpreters,
        {i.interpreter_id for i in problem.interpreters},
        "drop_interpreters",
    )
    _unknown("item(s)", scenario.drop_items, {i.item_id for i in problem.items}, "drop_items")
    if scenario.drop_slots >= slot_ids:
        raise ValueError("drop_slots: every slot would be dropped; keep at least one")
    if scenario.drop_items >= {i.item_id for i in problem.items}:
        raise ValueError("drop_items: every item would be dropped; keep at least one")
    closed: dict[str, set[str]] = {r: set(slot_ids) for r in scenario.drop_rooms}
    for room_id, when in scenario.room_unavailable:
        if room_id not in {r.room_id for r in problem.rooms}:
            raise ValueError(f"room_unavailable: unknown room '{room_id}'")
        closed.setdefault(room_id, set()).update(closed_slots(problem, when))
    meeting = _meeting(problem.meeting, scenario.settings)
    rules = _rules(problem.rules, scenario.settings)
    kept = slot_ids - scenario.drop_slots
    gone = scenario.drop_items

    def room(r: Room) -> Room:
        shut = r.unavailable | closed.get(r.room_id, set())
        return dataclasses.replace(r, unavailable=shut & kept)

    def item(i: AgendaItem) -> AgendaItem:
        return dataclasses.replace(
            i,
            languages=_language_of(i, problem.meeting, meeting),
            after=tuple(a for a in i.after if a not in gone),
            allowed_slots=None if i.allowed_slots is None else i.allowed_slots & kept,
        )

    def interpreter(i: Interpreter) -> Interpreter:
        return dataclasses.replace(i, unavailable=i.unavailable & kept)

    return problem.replace(
        meeting=meeting,
        rules=rules,
        slots=tuple(s for s in problem.slots if s.slot_id in kept),
        rooms=tuple(room(r) for r in problem.rooms),
        items=tuple(item(i) for i in problem.items if i.item_id not in gone),
        participants=tuple(
            dataclasses.replace(p, speaks_on=p.speaks_on - gone) for p in problem.participants
        ),
        interpreters=tuple(
            interpreter(i)
            for i in problem.interpreters
            if i.interpreter_id not in scenario.drop_interpreters
        ),
    )
