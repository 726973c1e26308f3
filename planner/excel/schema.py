"""The one declared schema of the input workbook: every sheet, column and field, described once.

The reader parses cells by it, the template writer draws headers, notes and drop-downs from it
and `schema_markdown` renders the README's input tables from it, so a column cannot mean one
thing to the code and another to the people filling in the workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from planner.domain import (
    CATEGORIES,
    GENDERS,
    LANGUAGE_NAMES,
    LANGUAGES,
    MODES,
    REGIONAL_GROUPS,
    ROLES,
    SOFT_RULES,
    STATUSES,
    Rules,
)


class Kind(Enum):
    """What a cell holds; the value is the type's name for people."""

    TEXT = "text"
    INT = "whole number"
    NUMBER = "number"
    MONEY = "US dollars"
    YES_NO = "yes/no"
    DATE = "date"
    TIME = "time"
    LANGUAGE = "language"
    LANGUAGES = "list of languages"
    IDS = "list of ids"
    SLOT_REFS = "list of slot ids or dates"
    ENUM = "one of"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table sheet, or one field of a two-column sheet.

    ``default`` is the default in people's words (blank when none); ``prefill`` is the value the
    template writes into a two-column sheet; ``minimum`` bounds numbers; ``unlimited`` lets a
    money field also say "unlimited".
    """

    name: str
    kind: Kind
    description: str
    required: bool = False
    default: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    unlimited: bool = False
    prefill: str = ""

    @property
    def type_text(self) -> str:
        """The type in people's words ("one of f, m, x")."""
        if self.kind is Kind.ENUM:
            return "one of " + ", ".join(self.choices)
        if self.unlimited:
            return f"{self.kind.value} or unlimited"
        return str(self.kind.value)


@dataclass(frozen=True, slots=True)
class Sheet:
    """An input sheet: a table (one record per row) or a two-column ``field``/``value`` list."""

    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = True
    two_column: bool = False
    key: str | None = None  # the id column of a table sheet
    # Two-column sheets whose fields are also columns here (`Scenarios`: any Rules field).
    borrowed: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        """The column (or field) with this canonical name."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def header_key(text: str) -> str:
    """How headers and field names match: case-insensitive, ignoring spaces, ``_`` and ``-``."""
    return re.sub(r"[\s_\-\u00a0\u3000]+", "", text).casefold()


_CODES = ", ".join(LANGUAGES)
_NAMES = ", ".join(LANGUAGE_NAMES[c] for c in LANGUAGES)


def _int(value: int) -> str:
    return str(value)


def _rules_fields() -> tuple[Column, ...]:
    # Defaults come from the domain's Rules, so the template cannot drift from the code.
    r = Rules()
    fields: list[Column] = []
    for lang in LANGUAGES:
        retour = " (they also work into English or French)" if lang in r.retour_booths else ""
        fields.append(
            Column(
                f"team_size_{lang}",
                Kind.INT,
                f"interpreters per {LANGUAGE_NAMES[lang]} booth per session{retour}",
                default=_int(r.team_size[lang]),
                prefill=_int(r.team_size[lang]),
                minimum=1,
                example=_int(r.team_size[lang]),
            )
        )
    retour_booths = ", ".join(c for c in LANGUAGES if c in r.retour_booths)
    ints = [
        ("retour_per_team", "interpreters of a retour booth's team who must have a retour", 0),
        ("interpreter_max_per_day", "sessions per interpreter per day", 0),
        ("interpreter_max_per_week", "sessions per interpreter per calendar week", 0),
        ("max_parallel_sessions", "sessions at the same time, so small delegations can follow", 1),
        ("seats_per_delegation", "seats a delegation holds in the room at one time", 0),
        ("secretariat_seats", "seats kept for the secretariat in every session", 0),
    ]
    fields.append(
        Column(
            "retour_booths",
            Kind.LANGUAGES,
            "booths whose team must include interpreters with a retour language",
            default=retour_booths,
            prefill=retour_booths,
            example="ar, zh",
        )
    )
    for name, text, low in ints:
        value = _int(getattr(r, name))
        fields.append(
            Column(name, Kind.INT, text, default=value, prefill=value, minimum=low, example=value)
        )
    fields += [
        Column(
            "interpretation_budget",
            Kind.MONEY,
            "hard cap on interpreter cost (daily rates plus travel)",
            default="unlimited",
            prefill="unlimited",
            unlimited=True,
            example="150000",
        ),
        Column(
            "travel_budget",
            Kind.MONEY,
            "extrabudgetary travel support for participants",
            default=_int(int(r.travel_budget)),
            prefill=_int(int(r.travel_budget)),
            example="40000",
        ),
    ]
    for name, text in (
        ("max_funded_per_delegation", "funded people per delegation"),
        ("panel_max_per_delegation", "speakers from one delegation on one panel"),
        ("panel_max_per_participant", "panels one person sits on"),
    ):
        value = _int(getattr(r, name))
        fields.append(Column(name, Kind.INT, text, default=value, prefill=value, minimum=0))
    limit = f"{r.time_limit_seconds:g}"
    fields += [
        Column(
            "time_limit_seconds",
            Kind.NUMBER,
            "how long the solver may search for a better plan",
            default=limit,
            prefill=limit,
            minimum=0,
            example="120",
        ),
        Column(
            "workers",
            Kind.INT,
            "solver threads, 0 = all cores",
            default=_int(r.workers),
            prefill=_int(r.workers),
            minimum=0,
        ),
        Column(
            "seed",
            Kind.INT,
            "random seed of the solver",
            default=_int(r.seed),
            prefill=_int(r.seed),
            minimum=0,
        ),
    ]
    for rule, weight in SOFT_RULES.items():
        unit = " per US dollar" if rule.endswith("_cost") else ""
        fields.append(
            Column(
                f"weight_{rule}",
                Kind.NUMBER,
                f"weight of the soft rule {rule}{unit}",
                default=f"{weight:g}",
                prefill=f"{weight:g}",
                minimum=0,
            )
        )
    return tuple(fields)


_LANG_TEXT = f"codes {_CODES} or names ({_NAMES})"

MEETING = Sheet(
    "Meeting",
    "The meeting as a whole (two columns: field, value).",
    (
        Column("title", Kind.TEXT, "name of the meeting", required=True, example="Expert Group"),
        Column("venue", Kind.TEXT, "where it takes place", example="Vienna International Centre"),
        Column(
            "timezone",
            Kind.TEXT,
            "IANA time zone of the slot times",
            default="Europe/Vienna",
            prefill="Europe/Vienna",
            example="Europe/Vienna",
        ),
        Column(
            "languages",
            Kind.LANGUAGES,
            f"the meeting's official languages ({_LANG_TEXT})",
            default=", ".join(LANGUAGES),
            prefill=", ".join(LANGUAGES),
            example="ar, zh, en, fr, ru, es",
        ),
        Column(
            "output_language",
            Kind.LANGUAGE,
            "language of the plan's views (ar, zh, en, fr, ru, es); "
            "planner solve --language overrides it",
            default="en",
            prefill="en",
            example="fr",
        ),
    ),
    two_column=True,
)

SLOTS = Sheet(
    "Slots",
    "The meeting periods (a UN meeting is one 3-hour period); slots must not overlap.",
    (
        Column("slot_id", Kind.TEXT, "unique name of the slot", required=True, example="D1-AM"),
        Column("date", Kind.DATE, "the day", required=True, example="2025-01-27"),
        Column("start", Kind.TIME, "start time", required=True, example="10:00"),
        Column("end", Kind.TIME, "end time", required=True, example="13:00"),
    ),
    key="slot_id",
)

ROOMS = Sheet(
    "Rooms",
    "Conference rooms.",
    (
        Column("room_id", Kind.TEXT, "unique name of the room", required=True, example="M1"),
        Column("name", Kind.TEXT, "display name", default="the room_id", example="Boardroom M1"),
        Column("capacity", Kind.INT, "seats", required=True, minimum=1, example="120"),
        Column(
            "booths",
            Kind.LANGUAGES,
            "languages with an interpretation booth; blank = no interpretation possible",
            example="ar, zh, en, fr, ru, es",
        ),
        Column(
            "unavailable",
            Kind.SLOT_REFS,
            "slot_ids or dates when the room cannot be used",
            example="D1-PM, 2025-01-28",
        ),
    ),
    key="room_id",
)

AGENDA = Sheet(
    "Agenda",
    "Agenda items to schedule.",
    (
        Column("item_id", Kind.TEXT, "unique id of the item", required=True, example="4(b)"),
        Column("title", Kind.TEXT, "title of the item", required=True, example="Opening"),
        Column("sessions", Kind.INT, "how many slots the item needs", default="1", minimum=1),
        Column(
            "languages",
            Kind.LANGUAGES,
            "languages of the sessions; two or more means interpretation between them",
            default="meeting languages",
            example="en, fr",
        ),
        Column(
            "after",
            Kind.IDS,
            "item_ids that must be completely held before this item starts",
            example="1, 2",
        ),
        Column(
            "allowed_slots",
            Kind.SLOT_REFS,
            "slot_ids or dates the item may use",
            default="any",
            example="D1-AM, 2025-01-28",
        ),
        Column("room", Kind.TEXT, "room_id the item must use", default="any", example="M1"),
        Column(
            "attendance",
            Kind.INT,
            "expected people in the room, secretariat included; blank = plenary item "
            "(every present delegation is seated)",
            default="plenary",
            minimum=1,
            example="40",
        ),
        Column(
            "panel_size", Kind.INT, "speakers wanted on the item's panel", default="0", minimum=0
        ),
        Column(
            "disciplines",
            Kind.IDS,
            "disciplines wanted on the panel and among the seat holders",
            example="probation, health",
        ),
    ),
    key="item_id",
)

DELEGATIONS = Sheet(
    "Delegations",
    "Delegations; for a State the ISO3 code alone is enough (name, group, funding from the "
    "reference data).",
    (
        Column(
            "delegation_id",
            Kind.TEXT,
            "unique id; for a State its ISO 3166 alpha-3 code",
            required=True,
            example="JPN",
        ),
        Column(
            "name", Kind.TEXT, "name", default="from reference data for a State", example="Japan"
        ),
        Column(
            "category",
            Kind.ENUM,
            "kind of delegation",
            default="member_state",
            choices=CATEGORIES,
            example="member_state",
        ),
        Column(
            "regional_group",
            Kind.ENUM,
            "UN regional group",
            default="from reference data for a State",
            choices=REGIONAL_GROUPS,
            example="asia_pacific",
        ),
        Column(
            "funding_eligible",
            Kind.YES_NO,
            "whether its experts may receive travel support (developing economies and economies "
            "in transition)",
            default="from reference data for a State, else no",
        ),
        Column(
            "seats",
            Kind.INT,
            "seats in the room at one time",
            default="seats_per_delegation",
            minimum=0,
            example="2",
        ),
        Column(
            "ldc",
            Kind.YES_NO,
            "least developed country (gets priority for funding)",
            default="from reference data for a State, else no",
        ),
    ),
    key="delegation_id",
)

PARTICIPANTS = Sheet(
    "Participants",
    "The people in the delegations.",
    (
        Column("participant_id", Kind.TEXT, "unique id", required=True, example="P1"),
        Column(
            "name",
            Kind.TEXT,
            "as it should appear on lists",
            required=True,
            example="Expert 3 (Kenya)",
        ),
        Column("delegation_id", Kind.TEXT, "the person's delegation", required=True, example="KEN"),
        Column("role", Kind.ENUM, "role", default="expert", choices=ROLES, example="expert"),
        Column("discipline", Kind.TEXT, "field of expertise", example="probation"),
        Column("gender", Kind.ENUM, "gender", choices=GENDERS, example="f"),
        Column(
            "languages",
            Kind.LANGUAGES,
            "official languages the person speaks; blank = unknown",
            example="en, fr",
        ),
        Column("arrival", Kind.DATE, "first day present", default="first meeting day"),
        Column("departure", Kind.DATE, "last day present", default="last meeting day"),
        Column("mode", Kind.ENUM, "in the room or online", default="in_person", choices=MODES),
        Column("speaks_on", Kind.IDS, "item_ids the person asks to speak on", example="3, 4(b)"),
        Column(
            "needs_funding",
            Kind.YES_NO,
            "the person can attend only with travel support",
            default="no",
        ),
        Column(
            "travel_cost",
            Kind.MONEY,
            "travel support needed (ticket and daily subsistence)",
            default="0",
            example="2400",
        ),
    ),
    key="participant_id",
)

INTERPRETERS = Sheet(
    "Interpreters",
    "Conference interpreters.",
    (
        Column("interpreter_id", Kind.TEXT, "unique id", required=True, example="AR1"),
        Column("name", Kind.TEXT, "name", required=True, example="Interpreter AR 1"),
        Column(
            "booth",
            Kind.LANGUAGE,
            "the language the interpreter works into",
            required=True,
            choices=LANGUAGES,
            example="ar",
        ),
        Column(
            "retour",
            Kind.LANGUAGES,
            "other languages the interpreter can also work into",
            example="en",
        ),
        Column("status", Kind.ENUM, "staff or freelance", default="staff", choices=STATUSES),
        Column(
            "daily_rate",
            Kind.MONEY,
            "paid for each day with at least one assignment",
            default="0",
            example="650",
        ),
        Column(
            "travel_cost",
            Kind.MONEY,
            "paid once if engaged at all (non-local recruit)",
            default="0",
            example="1800",
        ),
        Column("unavailable", Kind.SLOT_REFS, "slot_ids or dates", example="D2-PM"),
        Column(
            "max_per_day",
            Kind.INT,
            "personal limit of sessions a day",
            default="interpreter_max_per_day",
            minimum=0,
        ),
        Column(
            "max_per_week",
            Kind.INT,
            "personal limit of sessions a calendar week",
            default="interpreter_max_per_week",
            minimum=0,
        ),
    ),
    key="interpreter_id",
)

DISCIPLINES = Sheet(
    "Disciplines",
    "Optional list of disciplines; when present, every participant's discipline must be in it.",
    (
        Column("discipline", Kind.TEXT, "the discipline", required=True, example="probation"),
        Column("description", Kind.TEXT, "what it covers", example="probation services"),
    ),
    required=False,
    key="discipline",
)

RULES = Sheet(
    "Rules",
    "Planning parameters (two columns: field, value); every field is optional.",
    _rules_fields(),
    required=False,
    two_column=True,
)

# Set alike for every scenario by `planner compare` (same time limit and seed for each).
_RUN_FIELDS = ("time_limit_seconds", "workers", "seed")


def _scenario_columns() -> tuple[Column, ...]:
    own = (
        Column("scenario", Kind.TEXT, "unique name of the scenario", required=True, example="+20k"),
        Column(
            "drop_slots",
            Kind.SLOT_REFS,
            "slot_ids or dates left out of the meeting (a shorter meeting)",
            example="D4-AM, 2024-03-28",
        ),
        Column(
            "drop_rooms",
            Kind.IDS,
            "room_ids not available at all",
            example="C7",
        ),
        Column(
            "room_unavailable",
            Kind.IDS,
            "room@when: the room is closed then; when is a slot_id, a date, am (slots "
            "starting before noon) or pm (the others)",
            example="BRB@pm, C7@D1-AM",
        ),
        Column(
            "drop_interpreters",
            Kind.IDS,
            "interpreter_ids not engaged",
            example="I-en2, I-fr1",
        ),
        Column("drop_items", Kind.IDS, "item_ids taken off the agenda", example="S3"),
    )
    borrowed = tuple(
        replace(c, required=False, default="the base value", prefill="")
        for c in (*MEETING.columns, *RULES.columns)
        if c.name not in _RUN_FIELDS
    )
    return own + borrowed


SCENARIOS = Sheet(
    "Scenarios",
    "What-if scenarios for `planner compare` (optional): one row per scenario, a name, the "
    "changes below, and any field of Meeting or Rules as a column (blank = the base value; "
    "not time_limit_seconds, workers or seed, which are the same for every scenario).",
    _scenario_columns(),
    required=False,
    key="scenario",
    borrowed=("Meeting", "Rules"),
)

SCHEMA: tuple[Sheet, ...] = (
    MEETING,
    SLOTS,
    ROOMS,
    AGENDA,
    DELEGATIONS,
    PARTICIPANTS,
    INTERPRETERS,
    DISCIPLINES,
    RULES,
    SCENARIOS,
)
"""Every input sheet in the order of the workbook."""

TWO_COLUMN_HEADERS = ("field", "value")


def sheet(name: str) -> Sheet:
    """The sheet with this name (case-insensitive)."""
    for s in SCHEMA:
        if s.name.casefold() == name.casefold():
            return s
    raise KeyError(name)


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if text else ""


def schema_markdown() -> str:
    """The README's input tables, one per sheet, rendered from the schema.

    Returns
    -------
    str
        Markdown: a heading and a table per sheet.
    """
    out: list[str] = []
    for s in SCHEMA:
        optional = "" if s.required else " (optional)"
        out += [f"### `{s.name}`{optional}", "", s.description, ""]
        first = "field" if s.two_column else "column"
        out += [
            f"| {first} | default | type | meaning | example |",
            "| --- | --- | --- | --- | --- |",
        ]
        lent = {c.name for b in s.borrowed for c in sheet(b).columns}
        for c in s.columns:
            if c.name in lent:
                continue
            default = "required" if c.required else (c.default or "blank")
            out.append(
                f"| `{c.name}` | {_cell(default)} | {_cell(c.type_text)} "
                f"| {_cell(c.description)} | {_cell(c.example)} |"
            )
        out.append("")
    return "\n".join(out)
