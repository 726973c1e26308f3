"""Progress events of a running solve, for a person watching a long search."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.solver.objective import to_weight_units

logger = logging.getLogger("planner")


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A new plan (``kind`` "solution") or a better proven bound (``kind`` "bound").

    Attributes
    ----------
    kind
        "solution" or "bound".
    elapsed
        Wall seconds since the search started.
    objective
        Objective of the best plan so far, in weight units (None before the first plan).
    bound
        Best proven lower bound so far, in weight units (None when not known yet).
    """

    kind: str
    elapsed: float
    objective: float | None
    bound: float | None


ProgressCallback = Callable[[ProgressEvent], None]


class ProgressReporter(cp_model.CpSolverSolutionCallback):
    """Turns CP-SAT's solution and bound callbacks into `ProgressEvent` for one callable.

    One reporter may serve several runs of one search, or the stages of a staged solve: it
    reports a plan only when better than the best so far, and a bound only when higher (a later
    run starts its bound afresh). Times count from ``started`` (by default, from now).
    """

    def __init__(
        self, progress: ProgressCallback, has_objective: bool, started: float | None = None
    ) -> None:
        super().__init__()
        self._progress = progress
        self._has_objective = has_objective
        self._start = time.perf_counter() if started is None else started
        self._objective: float | None = None
        self._bound: float | None = None

    def _emit(self, kind: str) -> None:
        event = ProgressEvent(kind, time.perf_counter() - self._start, self._objective, self._bound)
        try:
            self._progress(event)
        except Exception:  # a broken display must not abort the search
            logger.exception("progress callback failed")

    def on_solution_callback(self) -> None:
        """Called by CP-SAT for every improving plan."""
        if not self._has_objective:
            self._objective = self._bound = 0.0
            self._emit("solution")
            return
        self._raise_bound(self.best_objective_bound)
        self.on_plan(self.objective_value)

    def on_plan(self, value: float) -> None:
        """A plan of objective ``value`` (solver units) found outside CP-SAT's callbacks."""
        self.found_plan(to_weight_units(value))

    def found_plan(self, objective: float) -> None:
        """A complete plan of ``objective`` in weight units (as the checker counts it)."""
        if self._objective is None or objective < self._objective:
            self._objective = objective
            self._emit("solution")

    def on_bound(self, bound: float) -> None:
        """Called by CP-SAT (``best_bound_callback``) for every improving bound."""
        if self._raise_bound(bound):
            self._emit("bound")

    def _raise_bound(self, bound: float) -> bool:
        value = to_weight_units(bound, bound=True)
        if self._bound is not None and value <= self._bound:
            return False
        self._bound = value
        return True
