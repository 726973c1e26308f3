"""The CP-SAT model and its solve: the only package that imports OR-Tools.

One module per concern (`timetable`, `interpretation`, and later `participation`), each adding
its hard rules and named soft rules to a shared `ModelContext`; `solve` composes them in one
fixed order and returns a `planner.domain.Result`.
"""

from planner.solver.context import SCALE, ModelContext
from planner.solver.progress import ProgressEvent
from planner.solver.solve import CONCERNS, build_model, solve

__all__ = ["CONCERNS", "SCALE", "ModelContext", "ProgressEvent", "build_model", "solve"]
