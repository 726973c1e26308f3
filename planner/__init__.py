"""planner: plans UN open-ended intergovernmental expert-group meetings.

Read a workbook, solve, check and write the plan::

    import planner

    problem = planner.read_workbook("inputs/reoffending-egm-2024.xlsx")
    result = planner.solve(problem, time_limit=20)
    assert not planner.check_plan(problem, result.plan)
    planner.write_plan(problem, result, "outputs/plan.xlsx")

Names are loaded on first use, so ``import planner`` stays quick and the domain records can be
used without the solver.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # domain
    "ProblemData": "planner.domain",
    "Meeting": "planner.domain",
    "Slot": "planner.domain",
    "Room": "planner.domain",
    "AgendaItem": "planner.domain",
    "Delegation": "planner.domain",
    "Participant": "planner.domain",
    "Interpreter": "planner.domain",
    "Discipline": "planner.domain",
    "Rules": "planner.domain",
    "Plan": "planner.domain",
    "Session": "planner.domain",
    "Assignment": "planner.domain",
    "Seat": "planner.domain",
    "PanelSeat": "planner.domain",
    "Result": "planner.domain",
    "Status": "planner.domain",
    "Penalty": "planner.domain",
    "Issue": "planner.domain",
    "InvalidProblem": "planner.domain",
    # Excel edge
    "read_workbook": "planner.excel",
    "validate_workbook": "planner.excel",
    "write_template": "planner.excel",
    "write_problem": "planner.excel",
    "write_plan": "planner.excel.plan_writer",
    "read_plan": "planner.excel.plan_reader",
    "plan_tables": "planner.plan_frames",
    # solving and checking
    "solve": "planner.solver",
    "explain": "planner.solver",
    "Explanation": "planner.solver",
    "Cause": "planner.solver",
    "check_plan": "planner.check",
    "penalties": "planner.check",
    "objective": "planner.check",
    "Violation": "planner.check",
    "capacity_issues": "planner.domain.capacity",
    "diff": "planner.domain.changes",
    "Change": "planner.domain.changes",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
    from planner.excel import (
        read_workbook as read_workbook,
        validate_workbook as validate_workbook,
        write_problem as write_problem,
        write_template as write_template,
    )
    from planner.excel.plan_reader import (
        read_plan as read_plan,
    )
    from planner.excel.plan_writer import (
        write_plan as write_plan,
    )
    from planner.plan_frames import (
        plan_tables as plan_tables,
    )
    from planner.solver import (
        Cause as Cause,
        Explanation as Explanation,
        explain as explain,
        solve as solve,
    )
