"""Time for a whole solve, shared by the CP-SAT runs it makes (wall or deterministic seconds)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass(eq=False)
class Budget:
    """The time limit of one solve and what its solvers have used of it.

    With ``deterministic`` the limit counts CP-SAT's deterministic seconds (the same work on any
    machine), otherwise wall seconds.
    """

    limit: float
    deterministic: bool
    started: float = field(default_factory=time.perf_counter)
    work: float = 0.0  # deterministic seconds of the solvers run so far

    def run(
        self,
        solver: cp_model.CpSolver,
        model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None = None,
    ) -> cp_model.CpSolverStatus:
        """Solve, and count the work done.

        Raises
        ------
        RuntimeError
            If CP-SAT rejects the model (a bug in the planner, never in the data).
        """
        code = solver.solve(model, callback)
        if code == cp_model.MODEL_INVALID:
            raise RuntimeError(f"planner built an invalid CP-SAT model: {model.validate()}")
        self.work += solver.deterministic_time
        return code

    @property
    def spent(self) -> float:
        """What the solve has used, in the unit of the limit."""
        return self.work if self.deterministic else time.perf_counter() - self.started

    def remaining(self, share: float = 1.0) -> float:
        """What is left of ``share`` of the limit (0 when it is used up)."""
        return max(self.limit * share - self.spent, 0.0)

    def left(self, share: float = 1.0) -> float:
        """What is left of ``share`` of the limit; never less than a tenth of the limit, so a
        stage that must run still gets a fair try."""
        return max(self.remaining(share), 0.1 * self.limit)

    @property
    def seconds(self) -> float:
        """Wall seconds since the start."""
        return time.perf_counter() - self.started
