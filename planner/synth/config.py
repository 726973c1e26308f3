"""What a synthetic meeting looks like: `SynthConfig` and its presets, `ItemSpec`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from planner.domain import LANGUAGES, Room

TITLE = (
    "Open-ended intergovernmental expert group meeting on model strategies on reducing reoffending"
)
VENUE = "Vienna International Centre"
EXAMPLE_SEED = 2024
"""The seed of the bundled example workbooks (``scripts/make_example.py``)."""
POSITIONS = ("first", "middle", "last")
WINDOWS = ("am", "pm")


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """An agenda item to place; the generator turns it into an `AgendaItem`.

    ``position`` puts the item first (the opening), last (the adoption of the report) or
    between them. ``window`` restricts it to mornings or afternoons; ``pin_room`` pins it to
    the room it is placed in. Both become data of the item, so a plan must respect them.
    """

    item_id: str
    title: str
    sessions: int = 1
    languages: tuple[str, ...] = LANGUAGES
    attendance: int | None = None
    panel_size: int = 0
    disciplines: tuple[str, ...] = ()
    position: str = "middle"
    window: str | None = None
    pin_room: bool = False

    def __post_init__(self) -> None:
        if self.position not in POSITIONS:
            raise ValueError(f"item {self.item_id}: position must be one of {POSITIONS}")
        if self.window is not None and self.window not in WINDOWS:
            raise ValueError(f"item {self.item_id}: window must be am, pm or None")


def _six(room_id: str, name: str, capacity: int) -> Room:
    return Room(room_id, name, capacity, booths=frozenset(LANGUAGES))


BOARD_ROOM_B = _six("BRB", "Board Room B", 300)
PLENARY_M = _six("PLM", "Plenary Hall, M Building", 600)
ROOM_M3 = Room("M3", "Conference Room M3", 120, booths=frozenset({"en", "fr", "es"}))
ROOM_C7 = Room("C7", "Conference Room C7", 60)

# The four days of March 2024: opening first, the English-only consultations beside the
# plenary, the report last. Six thematic sessions fill the plenary room between them.
EXAMPLE_AGENDA: tuple[ItemSpec, ...] = (
    ItemSpec(
        "1",
        "Opening of the meeting, election of officers and adoption of the agenda",
        position="first",
    ),
    ItemSpec(
        "2",
        "Rehabilitative prison environments and prison-based programmes",
        sessions=2,
        panel_size=5,
        disciplines=("prison_administration", "health", "education_employment"),
    ),
    ItemSpec(
        "3",
        "Non-custodial measures and probation",
        panel_size=4,
        disciplines=("probation", "prosecution_judiciary", "social_work"),
    ),
    ItemSpec(
        "4",
        "Post-release support and social reintegration",
        panel_size=4,
        disciplines=("social_work", "education_employment", "health"),
    ),
    ItemSpec(
        "5",
        "Community involvement and the role of civil society",
        panel_size=3,
        disciplines=("civil_society", "victim_services"),
    ),
    ItemSpec(
        "6",
        "Specific groups: women, young adults and foreign nationals",
        panel_size=4,
        disciplines=("social_work", "health", "policy_legislation"),
    ),
    ItemSpec(
        "S1",
        "Informal technical consultation on data, research and evaluation of reoffending",
        languages=("en",),
        attendance=40,
        panel_size=3,
        disciplines=("research",),
        window="pm",
    ),
    ItemSpec(
        "S2",
        "Informal exchange of practice on prison-based rehabilitation programmes",
        languages=("en",),
        attendance=50,
    ),
    ItemSpec(
        "S3",
        "Informal consultation on the structure of the draft model strategies",
        languages=("en",),
        attendance=30,
        pin_room=True,
    ),
    ItemSpec("7", "Adoption of the report", position="last"),
)


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """Size and shape of a synthetic meeting; see the presets.

    ``items`` counts agenda items (opening and report included) when ``agenda`` is empty;
    otherwise ``agenda`` is used as given. ``scale`` multiplies the people only (delegations,
    capped at the 193 Member States, observers and participants), not the timetable.
    """

    first_day: dt.date
    days: int
    rooms: tuple[Room, ...]
    member_states: int
    observers: int
    participants: int
    items: int = 10
    agenda: tuple[ItemSpec, ...] = ()
    max_delegation_size: int = 4
    interpreter_slack: int = 2
    max_parallel_sessions: int = 2
    travel_budget: float = 60_000.0
    time_limit_seconds: float = 60.0
    scale: float = 1.0
    title: str = TITLE
    venue: str = VENUE

    def __post_init__(self) -> None:
        checks = (
            (self.days >= 1, "days must be at least 1"),
            (bool(self.rooms), "at least one room is needed"),
            (self.member_states >= 1, "member_states must be at least 1"),
            (self.observers >= 0, "observers must not be negative"),
            (self.items >= 2 or bool(self.agenda), "items must be at least 2"),
            (self.max_delegation_size >= 1, "max_delegation_size must be at least 1"),
            (self.interpreter_slack >= 0, "interpreter_slack must not be negative"),
            (self.scale > 0, "scale must be above 0"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(f"SynthConfig: {message}")

    def scaled(self, scale: float) -> SynthConfig:
        """The same meeting with ``scale`` times the people."""
        return dataclasses.replace(self, scale=scale)

    @classmethod
    def small(cls) -> SynthConfig:
        """Two days, two rooms, four items, ten delegations, thirty people: for quick tests."""
        return cls(
            first_day=dt.date(2024, 3, 25),
            days=2,
            rooms=(dataclasses.replace(BOARD_ROOM_B, capacity=120), ROOM_C7),
            member_states=8,
            observers=2,
            participants=30,
            items=4,
            interpreter_slack=1,
            travel_budget=10_000.0,
            time_limit_seconds=10.0,
        )

    @classmethod
    def example(cls) -> SynthConfig:
        """The bundled example: Vienna, 25-28 March 2024, about 80 delegations and 200 people."""
        return cls(
            first_day=dt.date(2024, 3, 25),
            days=4,
            rooms=(BOARD_ROOM_B, ROOM_C7),
            member_states=70,
            observers=12,
            participants=200,
            agenda=EXAMPLE_AGENDA,
            interpreter_slack=1,
            travel_budget=60_000.0,
            time_limit_seconds=20.0,
        )

    @classmethod
    def two_week(cls) -> SynthConfig:
        """Two Monday-Friday weeks, four rooms, 40 items, every Member State, ~800 people."""
        return cls(
            first_day=dt.date(2024, 9, 2),
            days=10,
            rooms=(PLENARY_M, BOARD_ROOM_B, ROOM_M3, ROOM_C7),
            member_states=193,
            observers=40,
            participants=800,
            items=40,
            max_delegation_size=5,
            interpreter_slack=8,
            max_parallel_sessions=3,
            travel_budget=200_000.0,
            time_limit_seconds=120.0,
        )

    @classmethod
    def full_membership(cls) -> SynthConfig:
        """The four-day meeting attended by every Member State: ~230 delegations, ~700 people."""
        return cls(
            first_day=dt.date(2024, 3, 25),
            days=4,
            rooms=(PLENARY_M, BOARD_ROOM_B, ROOM_C7),
            member_states=193,
            observers=40,
            participants=700,
            items=10,
            travel_budget=120_000.0,
            time_limit_seconds=60.0,
        )
