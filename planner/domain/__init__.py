"""The domain layer: records, the validated problem and the plan.

Nothing here imports ``ortools``, ``pandas`` or ``openpyxl``.
"""

from planner.domain.issues import InvalidProblem, Issue
from planner.domain.languages import LANGUAGE_NAMES, LANGUAGES, language_code
from planner.domain.plan import Assignment, PanelSeat, Penalty, Plan, Result, Seat, Session, Status
from planner.domain.problem import ProblemData
from planner.domain.records import (
    CATEGORIES,
    GENDERS,
    MODES,
    REGIONAL_GROUPS,
    ROLES,
    SOFT_RULES,
    STATUSES,
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

__all__ = [
    "CATEGORIES",
    "GENDERS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MODES",
    "REGIONAL_GROUPS",
    "ROLES",
    "SOFT_RULES",
    "STATUSES",
    "AgendaItem",
    "Assignment",
    "Delegation",
    "Discipline",
    "Interpreter",
    "InvalidProblem",
    "Issue",
    "Meeting",
    "PanelSeat",
    "Participant",
    "Penalty",
    "Plan",
    "ProblemData",
    "Result",
    "Room",
    "Rules",
    "Seat",
    "Session",
    "Slot",
    "Status",
    "language_code",
]
