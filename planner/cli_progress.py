"""What a person at a terminal sees while `planner solve` runs, and the closing summary.

rich draws a live line (elapsed, best objective, bound, gap) only on a terminal, so pipes, CI
logs and tests get plain output. rich is imported only when the display is on: `planner solve
--quiet` does not load it.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from planner.domain import ProblemData, Result
from planner.domain.metrics import interpretation_cost, interpreter_loads, travel_cost

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text


def _gap(objective: float | None, bound: float | None) -> str:
    if objective is None or bound is None:
        return "-"
    return f"{abs(objective - bound) / max(abs(objective), 1.0):.2%}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


class Progress:
    """A live progress line for a solve, shown only on a terminal."""

    def __init__(self, enabled: bool = True) -> None:
        self._console: Console | None = None
        if enabled:
            from rich.console import Console

            console = Console(stderr=True)
            self._console = console if console.is_terminal else None
        self._live: Live | None = None
        self._start = time.monotonic()
        self._objective: float | None = None
        self._bound: float | None = None
        self._plans = 0

    def __enter__(self) -> Progress:
        if self._console is not None:
            from rich.live import Live

            self._live = Live(self._render(), console=self._console, refresh_per_second=4)
            self._live.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.update(self._render())
            self._live.__exit__(exc_type, exc, tb)

    def update(self, event: Any) -> None:
        """Take a progress event from the solver (a new plan or a better bound)."""
        objective = getattr(event, "objective", None)
        if objective is not None:
            if objective != self._objective:
                self._plans += 1
            self._objective = objective
        bound = getattr(event, "bound", None)
        if bound is not None:
            self._bound = bound
        if self._live is not None:
            self._live.update(self._render())

    def _render(self) -> Text:
        from rich.text import Text

        elapsed = time.monotonic() - self._start
        if self._objective is None:
            return Text(f"Solving... {elapsed:5.1f} s, no plan yet", style="yellow")
        return Text(
            f"Solving... {elapsed:5.1f} s  plans {self._plans}  best {_num(self._objective)}  "
            f"bound {_num(self._bound)}  gap {_gap(self._objective, self._bound)}",
            style="cyan",
        )


def print_summary(problem: ProblemData, result: Result) -> None:
    """A short table of the outcome, printed after the plan is written."""
    from rich.console import Console
    from rich.table import Table

    plan = result.plan
    rules = problem.rules
    table = Table(title="Plan summary", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("status", result.status.value)
    table.add_row("objective", _num(result.objective))
    table.add_row("best bound", _num(result.best_bound))
    table.add_row("gap (whole problem)", _gap(result.objective, result.best_bound))
    if result.stage_bound is not None:
        table.add_row("stage gap (this timetable)", _gap(result.objective, result.stage_bound))
    table.add_row("solve time", f"{result.solve_seconds:.1f} s")
    table.add_row("sessions", str(len(plan.sessions)))
    table.add_row("interpreters engaged", str(len(interpreter_loads(problem, plan))))
    budget = rules.interpretation_budget
    cost = interpretation_cost(problem, plan)
    table.add_row(
        "interpretation cost",
        f"US$ {cost:,.0f}" + ("" if budget is None else f" of {budget:,.0f}"),
    )
    if problem.participants:
        table.add_row("funded participants", str(len(plan.funded)))
        table.add_row(
            "travel cost",
            f"US$ {travel_cost(problem, plan):,.0f} of {rules.travel_budget:,.0f}",
        )
    table.add_row("warnings", str(len(result.penalties)))
    Console(file=sys.stdout).print(table)
