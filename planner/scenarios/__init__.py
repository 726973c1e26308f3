"""What-if scenarios side by side: solve the base and each scenario, compare their figures.

`compare` runs the solves (here, in a process pool or on a Dask cluster), `measures` computes
each scenario's figures from its plan, and `planner.scenarios.words` puts a scenario in plain
words; the comparison workbook is written by `planner.excel.comparison_writer`. The solving
names load on first use, so the Excel layer can import the records without OR-Tools.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from planner.domain.scenario import Scenario, apply
from planner.scenarios.figures import Measure, measures
from planner.scenarios.outcome import Comparison, Outcome

_LAZY = {"compare": "planner.scenarios.run", "Task": "planner.scenarios.run"}
_LAZY["solve_task"] = "planner.scenarios.run"

__all__ = [
    "Comparison",
    "Measure",
    "Outcome",
    "Scenario",
    "Task",
    "apply",
    "compare",
    "measures",
    "solve_task",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'planner.scenarios' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


if TYPE_CHECKING:  # pragma: no cover
    from planner.scenarios.run import Task as Task, compare as compare, solve_task as solve_task
