"""The CP-SAT model and its solve: the only package that imports OR-Tools.

Each concern adds its hard rules and named soft rules to a shared `ModelContext`; `solve`
composes them in one fixed order (`CONCERNS`) and returns a `planner.domain.Result`.

- `context`: the `ModelContext` every concern builds on, and how soft rules are weighted;
- `timetable`: agenda items to slots and rooms (hard rules 1-4);
- `interpretation`: the six-booth interpreter roster (hard rules 5-6, interpretation budget);
- `participation/`: funding, seats and panels (hard rules 7-10), composed in its ``__init__``;
- `objective`: the timetable's soft rules and the objective they add up to;
- `driver`: `solve` and `build_model`: the concerns in order, the search, the `Result`;
- `search`: one model's search, on the whole and part by part, within a time `budget`;
- `budget`: the time of a whole solve, shared by the CP-SAT runs it makes;
- `hints`: an earlier plan as the search's starting point;
- `results`: a solution read out as a `Plan`, and the `Result` of a joint or staged solve;
- `staged/`: the timetable first, the people second, for meetings too large for one model;
- `replan/`: a previous plan's locked rows kept, the rest changed as little as it can;
- `progress`: events of a running solve, for a person watching;
- `infeasibility/`: `explain`, which hard rules and data conflict when no plan exists.

The names below are loaded on first use (`planner.lazy`): a solve does not load `explain`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner import lazy

_EXPORTS = lazy.declared(__file__)

__all__ = [*_EXPORTS]


def __getattr__(name: str) -> Any:
    return lazy.load(__name__, _EXPORTS, name)


if TYPE_CHECKING:  # pragma: no cover
    from planner.solver.context import SCALE as SCALE, ModelContext as ModelContext
    from planner.solver.driver import (
        CONCERNS as CONCERNS,
        build_model as build_model,
        solve as solve,
    )
    from planner.solver.infeasibility import (
        Cause as Cause,
        Explanation as Explanation,
        explain as explain,
    )
    from planner.solver.progress import ProgressEvent as ProgressEvent
