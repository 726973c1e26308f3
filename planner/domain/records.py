"""Immutable domain records, keyed by the ids users type in Excel.

Every record validates itself when built, so a problem assembled in a notebook is held to the
same contract as one read from a workbook. The reader reports user mistakes with their sheet,
row and column before it builds these records; the checks here are the library's safety net.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.domain.languages import LANGUAGES

CATEGORIES = ("member_state", "observer_state", "un_entity", "igo", "ngo", "institute")
REGIONAL_GROUPS = (
    "african",
    "asia_pacific",
    "eastern_european",
    "latin_american_caribbean",
    "weog",
)
ROLES = ("head", "expert", "adviser")
GENDERS = ("f", "m", "x")
MODES = ("in_person", "online")
STATUSES = ("staff", "freelance")


Week = tuple[int, int]
"""An ISO calendar (year, week); weeks run Monday to Sunday."""


def iso_week(date: dt.date) -> Week:
    """The ISO calendar week of ``date``: the week of every weekly limit and cut."""
    iso = date.isocalendar()
    return (iso.year, iso.week)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _check_languages(codes: tuple[str, ...] | frozenset[str], owner: str) -> None:
    unknown = sorted(set(codes) - set(LANGUAGES))
    _require(not unknown, f"{owner}: unknown language code(s) {', '.join(unknown)}")


@dataclass(frozen=True, slots=True)
class Meeting:
    """The meeting as a whole: its title, venue, time zone, official languages and the language
    of the plan's views."""

    title: str
    venue: str = ""
    timezone: str = "Europe/Vienna"
    languages: tuple[str, ...] = LANGUAGES
    output_language: str = "en"

    def __post_init__(self) -> None:
        _require(bool(self.title.strip()), "meeting title must not be blank")
        _require(bool(self.languages), "meeting needs at least one language")
        _check_languages(self.languages, "meeting")
        _check_languages((self.output_language,), "meeting output")


@dataclass(frozen=True, slots=True)
class Slot:
    """One meeting period (a UN "meeting": normally three hours)."""

    slot_id: str
    date: dt.date
    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        _require(bool(self.slot_id), "slot_id must not be blank")
        _require(self.start < self.end, f"slot {self.slot_id}: start must be before end")

    @property
    def week(self) -> Week:
        """ISO calendar (year, week): weeks run Monday to Sunday."""
        return iso_week(self.date)


@dataclass(frozen=True, slots=True)
class Room:
    """A conference room; ``booths`` are the languages it can interpret into."""

    room_id: str
    name: str
    capacity: int
    booths: frozenset[str] = frozenset()
    unavailable: frozenset[str] = frozenset()  # slot_ids (the reader expands dates)

    def __post_init__(self) -> None:
        _require(bool(self.room_id), "room_id must not be blank")
        _require(self.capacity > 0, f"room {self.room_id}: capacity must be above 0")
        _check_languages(self.booths, f"room {self.room_id}")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An agenda item to schedule in ``sessions`` slots.

    ``languages`` of two or more means interpretation between them; ``attendance`` of None
    means a plenary item, where every delegation present that day is seated.
    """

    item_id: str
    title: str
    sessions: int = 1
    languages: tuple[str, ...] = LANGUAGES
    after: tuple[str, ...] = ()
    allowed_slots: frozenset[str] | None = None  # None: any slot
    room: str | None = None
    attendance: int | None = None
    panel_size: int = 0
    disciplines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.item_id), "item_id must not be blank")
        _require(self.sessions >= 1, f"item {self.item_id}: sessions must be at least 1")
        _require(bool(self.languages), f"item {self.item_id}: needs at least one language")
        _check_languages(self.languages, f"item {self.item_id}")
        _require(self.panel_size >= 0, f"item {self.item_id}: panel_size must not be negative")
        _require(
            self.attendance is None or self.attendance > 0,
            f"item {self.item_id}: attendance must be above 0 or blank",
        )
        _require(self.item_id not in self.after, f"item {self.item_id} cannot follow itself")

    @property
    def interpreted(self) -> bool:
        """True when the item's sessions need interpretation (two or more languages)."""
        return len(self.languages) >= 2

    @property
    def plenary(self) -> bool:
        """True when every delegation present that day must be seated."""
        return self.attendance is None


@dataclass(frozen=True, slots=True)
class Delegation:
    """A delegation: a State, a UN entity, an IGO, an NGO or an institute."""

    delegation_id: str
    name: str
    category: str = "member_state"
    regional_group: str | None = None
    funding_eligible: bool = False
    seats: int | None = None  # None: Rules.seats_per_delegation
    ldc: bool = False

    def __post_init__(self) -> None:
        _require(bool(self.delegation_id), "delegation_id must not be blank")
        _require(
            self.category in CATEGORIES,
            f"delegation {self.delegation_id}: category must be one of {', '.join(CATEGORIES)}",
        )
        _require(
            self.regional_group is None or self.regional_group in REGIONAL_GROUPS,
            f"delegation {self.delegation_id}: unknown regional group {self.regional_group}",
        )
        _require(
            self.seats is None or self.seats >= 0,
            f"delegation {self.delegation_id}: seats must not be negative",
        )

    @property
    def is_state(self) -> bool:
        """Only States negotiate; panels list them first."""
        return self.category in ("member_state", "observer_state")


@dataclass(frozen=True, slots=True)
class Participant:
    """A person in a delegation."""

    participant_id: str
    name: str
    delegation_id: str
    role: str = "expert"
    discipline: str | None = None
    gender: str | None = None
    languages: frozenset[str] = frozenset()
    arrival: dt.date | None = None  # None: first meeting day
    departure: dt.date | None = None  # None: last meeting day
    mode: str = "in_person"
    speaks_on: frozenset[str] = frozenset()
    needs_funding: bool = False
    travel_cost: float = 0.0

    def __post_init__(self) -> None:
        pid = self.participant_id
        _require(bool(pid), "participant_id must not be blank")
        _require(self.role in ROLES, f"participant {pid}: role must be one of {', '.join(ROLES)}")
        _require(
            self.gender is None or self.gender in GENDERS,
            f"participant {pid}: gender must be f, m or x",
        )
        _require(self.mode in MODES, f"participant {pid}: mode must be in_person or online")
        _check_languages(self.languages, f"participant {pid}")
        _require(self.travel_cost >= 0, f"participant {pid}: travel_cost must not be negative")
        _require(
            self.arrival is None or self.departure is None or self.arrival <= self.departure,
            f"participant {pid}: arrival must not be after departure",
        )

    @property
    def in_person(self) -> bool:
        """True when the person sits in the room (and so may hold a seat)."""
        return self.mode == "in_person"


@dataclass(frozen=True, slots=True)
class Interpreter:
    """A conference interpreter working into ``booth`` (and into ``retour`` languages)."""

    interpreter_id: str
    name: str
    booth: str
    retour: frozenset[str] = frozenset()
    status: str = "staff"
    daily_rate: float = 0.0
    travel_cost: float = 0.0
    unavailable: frozenset[str] = frozenset()  # slot_ids (the reader expands dates)
    max_per_day: int | None = None  # None: Rules.interpreter_max_per_day
    max_per_week: int | None = None  # None: Rules.interpreter_max_per_week

    def __post_init__(self) -> None:
        iid = self.interpreter_id
        _require(bool(iid), "interpreter_id must not be blank")
        _check_languages(frozenset({self.booth}), f"interpreter {iid}")
        _check_languages(self.retour, f"interpreter {iid}")
        _require(self.status in STATUSES, f"interpreter {iid}: status must be staff or freelance")
        _require(self.daily_rate >= 0, f"interpreter {iid}: daily_rate must not be negative")
        _require(self.travel_cost >= 0, f"interpreter {iid}: travel_cost must not be negative")
        for name in ("max_per_day", "max_per_week"):
            value = getattr(self, name)
            _require(value is None or value >= 0, f"interpreter {iid}: {name} must not be negative")


@dataclass(frozen=True, slots=True)
class Discipline:
    """A discipline of the optional `Disciplines` list."""

    discipline: str
    description: str = ""


SOFT_RULES: dict[str, float] = {
    "panel_unfilled": 1000,
    "discipline_missing": 200,
    "region_diversity": 100,
    "gender_balance": 50,
    "delegation_unseated": 20,
    "discipline_mismatch": 5,
    "funding_priority": 300,
    # Per fundable request left unfunded: above what one more present delegation can cost in
    # seats over a meeting of up to 85 sessions (85 x delegation_unseated 20 + funding_priority
    # 300 = 2000), so money is never left unspent to spare seating penalties; `unmet_weight_floor`
    # says when a meeting needs more. A fixed figure keeps objectives comparable across scenarios.
    "funding_unmet": 2000,
    "speaker_preference": 10,
    "split_item": 30,
    "interpreter_continuity": 2,
    "interpretation_cost": 0.01,
    "travel_cost": 0.001,
    # Per row of the previous plan not kept (session, interpreter booking, panel seat, funding
    # decision): a tenth of an empty panel seat, so a replan never leaves a seat empty to spare
    # one row, and the price of USD 10,000 of interpretation, so it does not reshuffle people
    # to save a day's fee.
    "plan_change": 100,
}
"""Every named soft rule with its default weight (rules.md); `Rules` overrides them.

``plan_change`` counts only when re-planning from a previous plan (``solve(previous=...)``).
"""

DEFAULT_TEAM_SIZES: dict[str, int] = {"ar": 3, "zh": 3, "en": 2, "fr": 2, "ru": 2, "es": 2}


def _default_team_sizes() -> dict[str, int]:
    return dict(DEFAULT_TEAM_SIZES)


def _default_weights() -> dict[str, float]:
    return dict(SOFT_RULES)


@dataclass(frozen=True, slots=True)
class Rules:
    """Planning parameters (the `Rules` sheet), with the defaults of the contract.

    ``interpretation_budget`` of None means unlimited. Mappings are copied on construction
    and must not be mutated afterwards.
    """

    team_size: dict[str, int] = field(default_factory=_default_team_sizes)
    retour_booths: frozenset[str] = frozenset({"ar", "zh"})
    retour_per_team: int = 1
    interpreter_max_per_day: int = 2
    interpreter_max_per_week: int = 7
    max_parallel_sessions: int = 2
    seats_per_delegation: int = 2
    secretariat_seats: int = 10
    interpretation_budget: float | None = None
    travel_budget: float = 0.0
    max_funded_per_delegation: int = 1
    panel_max_per_delegation: int = 1
    panel_max_per_participant: int = 2
    time_limit_seconds: float = 60.0
    workers: int = 0
    seed: int = 0
    weights: dict[str, float] = field(default_factory=_default_weights)

    def __post_init__(self) -> None:
        _check_languages(frozenset(self.team_size), "rules team_size")
        _check_languages(self.retour_booths, "rules retour_booths")
        sizes = {**DEFAULT_TEAM_SIZES, **self.team_size}
        object.__setattr__(self, "team_size", sizes)
        object.__setattr__(self, "weights", {**SOFT_RULES, **self.weights})
        unknown = sorted(set(self.weights) - set(SOFT_RULES))
        _require(not unknown, f"rules: unknown soft rule(s) {', '.join(unknown)}")
        for name in (
            "retour_per_team",
            "interpreter_max_per_day",
            "interpreter_max_per_week",
            "seats_per_delegation",
            "secretariat_seats",
            "max_funded_per_delegation",
            "panel_max_per_delegation",
            "panel_max_per_participant",
            "workers",
            "seed",
        ):
            _require(getattr(self, name) >= 0, f"rules: {name} must not be negative")
        _require(self.max_parallel_sessions >= 1, "rules: max_parallel_sessions must be at least 1")
        _require(all(v >= 1 for v in sizes.values()), "rules: team sizes must be at least 1")
        _require(self.time_limit_seconds > 0, "rules: time_limit_seconds must be above 0")
        _require(self.travel_budget >= 0, "rules: travel_budget must not be negative")
        _require(
            self.interpretation_budget is None or self.interpretation_budget >= 0,
            "rules: interpretation_budget must not be negative",
        )
        _require(all(w >= 0 for w in self.weights.values()), "rules: weights must not be negative")

    def weight(self, rule: str) -> float:
        """The weight of the named soft rule."""
        return self.weights[rule]
