"""planner: plans UN open-ended intergovernmental expert-group meetings.

Read a workbook, solve, check and write the plan::

    import planner

    problem = planner.read_workbook("inputs/reoffending-egm-2024.xlsx")
    result = planner.solve(problem, time_limit=20)
    assert not planner.check_plan(problem, result.plan)
    planner.write_plan(problem, result, "outputs/plan.xlsx")

Names are loaded on first use (`planner.lazy`), so ``import planner`` stays quick and the
domain records can be used without the solver. Each public name is declared once, as an import
under ``if TYPE_CHECKING`` at the end of this file: the lazy loader reads that block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner import lazy

__version__ = "0.1.0"

_EXPORTS = lazy.declared(__file__)

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    return lazy.load(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # pragma: no cover
    from planner.check import (
        Violation as Violation,
        check_plan as check_plan,
        objective as objective,
        penalties as penalties,
    )
    from planner.domain import (
        AgendaItem as AgendaItem,
        Assignment as Assignment,
        Delegation as Delegation,
        Discipline as Discipline,
        Interpreter as Interpreter,
        InvalidProblem as InvalidProblem,
        Issue as Issue,
        Meeting as Meeting,
        PanelSeat as PanelSeat,
        Participant as Participant,
        Penalty as Penalty,
        Plan as Plan,
        ProblemData as ProblemData,
        Result as Result,
        Room as Room,
        Rules as Rules,
        Seat as Seat,
        Session as Session,
        Slot as Slot,
        Status as Status,
    )
    from planner.domain.capacity import (
        capacity_issues as capacity_issues,
    )
    from planner.domain.changes import (
        Change as Change,
        diff as diff,
    )
    from planner.domain.scenario import Scenario as Scenario
    from planner.excel import (
        read_workbook as read_workbook,
        validate_workbook as validate_workbook,
        write_problem as write_problem,
        write_template as write_template,
    )
    from planner.excel.comparison_writer import write_comparison as write_comparison
    from planner.excel.plan_reader import (
        read_plan as read_plan,
    )
    from planner.excel.plan_writer import (
        write_plan as write_plan,
    )
    from planner.ical import (
        calendar as calendar,
        write_calendars as write_calendars,
    )
    from planner.plan_frames import (
        plan_tables as plan_tables,
    )
    from planner.scenarios.outcome import Comparison as Comparison
    from planner.scenarios.run import compare as compare
    from planner.solver import (
        Cause as Cause,
        Explanation as Explanation,
        explain as explain,
        solve as solve,
    )
