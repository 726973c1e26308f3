"""The CP-SAT model and its solve: the only package that imports OR-Tools.

One module per concern (`timetable`, `interpretation`, and later `participation`), each adding
its hard rules and named soft rules to a shared `ModelContext`; `solve` composes them in one
fixed order and returns a `planner.domain.Result`; `explain` says in plain words which hard
rules and data conflict when no plan exists.
"""

from planner.solver.context import SCALE, ModelContext
from planner.solver.driver import CONCERNS, build_model, solve
from planner.solver.infeasibility import Cause, Explanation, explain
from planner.solver.progress import ProgressEvent

__all__ = [
    "CONCERNS",
    "SCALE",
    "Cause",
    "Explanation",
    "ModelContext",
    "ProgressEvent",
    "build_model",
    "explain",
    "solve",
]
