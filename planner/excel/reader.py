"""Reading an input workbook into a validated `ProblemData`, reporting every problem at once.

The file is checked byte by byte first (`planner.excel.safety`), its sheets are read into parsed
rows (`planner.excel.input_rows`) and the records are built from them (`planner.excel.builder`).
Every problem carries its sheet, row and column; a file that cannot be read at all gives one line.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.domain import InvalidProblem, Issue, ProblemData
from planner.domain.capacity import capacity_issues
from planner.domain.scenario import Scenario
from planner.excel.builder import Builder, Rows, locate
from planner.excel.input_rows import Collector, read_tables
from planner.excel.scenario_rows import build_scenarios
from planner.excel.schema import SCHEMA

_SHEET_ORDER = {s.name: i for i, s in enumerate(SCHEMA)}


def _ordered(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (_SHEET_ORDER.get(i.sheet or "", -1), i.row or 0))


def read(
    path: str | os.PathLike[str],
) -> tuple[ProblemData | None, list[Issue], Rows, tuple[Scenario, ...]]:
    """Read a workbook: the problem (None when it has errors), all issues, the id rows and the
    scenarios of the optional `Scenarios` sheet.

    Raises `InvalidProblem` (one issue) only for a file that cannot be opened as a workbook.
    """
    out = Collector()
    tables = read_tables(Path(path), out)
    # A bad scenario cell must not stop the base problem from being built: set its issues
    # aside until then, so the scenarios that can be are still checked against the base.
    aside = [i for i in out.issues if i.sheet == "Scenarios"]
    out.issues = [i for i in out.issues if i.sheet != "Scenarios"]
    builder = Builder(tables, out)
    problem = builder.build()
    out.issues += aside
    scenarios = build_scenarios(tables.get("Scenarios"), problem, out)
    if out.has_errors:
        problem = None
    return problem, _ordered(out.issues), builder.rows, scenarios


def read_scenarios(path: str | os.PathLike[str]) -> tuple[ProblemData, tuple[Scenario, ...]]:
    """Read an input workbook and its `Scenarios` sheet (empty when the sheet is absent).

    Raises
    ------
    InvalidProblem
        With every problem found, the `Scenarios` sheet's included.
    """
    problem, issues, _rows, scenarios = read(path)
    if problem is None:
        raise InvalidProblem(issues)
    return problem, scenarios


def read_workbook(path: str | os.PathLike[str]) -> ProblemData:
    """Read an input workbook into a validated problem.

    Parameters
    ----------
    path
        The ``.xlsx`` file. It is opened read-only and never modified.

    Returns
    -------
    ProblemData
        The problem, with the reader's warnings in ``warnings``.

    Raises
    ------
    InvalidProblem
        With every problem found (errors and warnings), each located by sheet, row and column.
    """
    problem, issues, _rows, _scenarios = read(path)
    if problem is None:
        raise InvalidProblem(issues)
    return problem


def validate_workbook(path: str | os.PathLike[str]) -> tuple[ProblemData | None, list[Issue]]:
    """Every problem of a workbook, including the pre-solve capacity checks; never raises.

    Parameters
    ----------
    path
        The ``.xlsx`` file.

    Returns
    -------
    tuple
        The problem (None when the workbook could not be read into one) and every issue, errors
        and warnings, located on workbook rows. Capacity errors leave the problem in place:
        check ``any(i.is_error for i in issues)`` before planning.
    """
    try:
        problem, issues, rows, _scenarios = read(path)
    except InvalidProblem as exc:
        return None, exc.issues
    if problem is not None:
        issues += _ordered([locate(i, rows) for i in capacity_issues(problem)])
    return problem, issues
