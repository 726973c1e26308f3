"""Write the plan workbook: the views for people, then the machine-readable sheets.

The machine sheets are the frames of `planner.plan_frames.plan_tables`, written cell by cell so that
dates stay Excel dates, numbers stay numbers and a user's text is never turned into a formula.
The file appears at its path all at once or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import Plan, ProblemData, Result
from planner.excel.changes_view import write_changes
from planner.excel.localize import finish_view, translated_warnings
from planner.excel.participant_views import write_balance, write_participants
from planner.excel.plan_views import write_costs, write_interpreters, write_programme
from planner.excel.style import (
    DATE,
    MONEY,
    NUMBER,
    PERCENT,
    TIME,
    add_table,
    fit_widths,
    header_row,
    print_setup,
    put,
)
from planner.excel.template import save_atomically
from planner.i18n import Words, words
from planner.plan_frames import known_plan, plan_tables

logger = logging.getLogger("planner")

# Number format of each machine column that holds numbers, dates or times.
_FORMATS: dict[str, str] = {
    "date": DATE,
    "start": TIME,
    "end": TIME,
    "travel_cost": MONEY,
    "penalty": NUMBER,
}
_SUMMARY_FORMATS: dict[str, str] = {
    "objective": NUMBER,
    "best_bound": NUMBER,
    "gap": PERCENT,
    "stage_gap": PERCENT,
    "interpretation_cost": MONEY,
    "interpretation_budget": MONEY,
    "travel_cost": MONEY,
    "travel_budget": MONEY,
    "funded_share": PERCENT,
    "travel_left": MONEY,
}

View = Callable[[Worksheet, ProblemData, Plan, Words], None]
VIEWS: tuple[tuple[str, View], ...] = (
    ("Programme", write_programme),
    ("Interpreters", write_interpreters),
    ("Participants", write_participants),
    ("Balance", write_balance),
    ("Costs", write_costs),
)
MACHINE_SHEETS = ("Agenda", "Interpretation", "Panels", "Seats", "Funding", "Warnings")


def cell_value(value: Any) -> Any:
    """A pandas value as the plain Python value a cell takes (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | dt.date | dt.time):
        return value.item()  # numpy scalar
    return value


def write_frame(ws: Worksheet, frame: pd.DataFrame, formats: dict[str, str]) -> None:
    """Write a long-format table: one header row, then one record per row, as an Excel table."""
    columns = [str(c) for c in frame.columns]
    header_row(ws, 1, columns)
    for r, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, (column, value) in enumerate(zip(columns, record, strict=True), start=1):
            put(ws, r, c, cell_value(value), formats.get(column))
    add_table(ws, f"tbl{ws.title}", len(columns), len(frame))
    ws.freeze_panes = "A2"
    fit_widths(ws, maximum=60)
    print_setup(ws, landscape=True, title_rows="1:1")


def _write_summary(ws: Worksheet, frame: pd.DataFrame) -> None:
    header_row(ws, 1, ["field", "value"])
    for r, (field, value) in enumerate(frame.itertuples(index=False, name=None), start=2):
        put(ws, r, 1, field)
        put(ws, r, 2, cell_value(value), _SUMMARY_FORMATS.get(str(field)))
    add_table(ws, "tblSummary", 2, len(frame))
    ws.freeze_panes = "A2"
    fit_widths(ws, maximum=70)
    print_setup(ws, landscape=False, title_rows="1:1")


def view_name(name: str, w: Words) -> str:
    """The sheet name of the view ``name`` (`VIEWS`) in the language of ``w``."""
    return w(f"sheet.{name.lower()}")


def build_workbook(
    problem: ProblemData,
    tables: dict[str, pd.DataFrame],
    plan: Plan,
    language: str = "en",
) -> Workbook:
    """The plan workbook in memory: Summary, the views for people, then the machine sheets.

    Parameters
    ----------
    problem
        The problem the plan answers.
    tables
        The frames of `planner.plan_frames.plan_tables` for this plan; a ``Changes`` frame (a
        replan) becomes the `Changes` sheet, right after `Summary`.
    plan
        The plan itself; the views show the part whose ids the problem knows.
    language
        Language of the views and of the `Warnings` sentences (`planner.i18n.LANGUAGES`); the
        machine sheets keep their English names, columns and codes in every language.
    """
    w = words(language)
    wb = Workbook()
    summary = wb.active
    assert isinstance(summary, Worksheet)
    summary.title = "Summary"
    _write_summary(summary, tables["Summary"])
    if "Changes" in tables:
        write_changes(wb.create_sheet("Changes"), tables["Changes"])
    shown = known_plan(problem, plan)
    for name, view in VIEWS:
        ws = wb.create_sheet(view_name(name, w))
        view(ws, problem, shown, w)
        finish_view(ws, w)
    for name in MACHINE_SHEETS:
        frame = tables[name]
        if name == "Warnings":
            frame = translated_warnings(problem, frame, w)
        write_frame(wb.create_sheet(name), frame, _FORMATS)
    return wb


def write_plan(
    problem: ProblemData,
    result: Result,
    path: str | os.PathLike[str],
    *,
    input_sha256: str | None = None,
    planner_version: str | None = None,
    previous: Plan | None = None,
    language: str | None = None,
) -> None:
    """Write the plan workbook for ``result`` to ``path``.

    Parameters
    ----------
    problem
        The problem that was solved.
    result
        The solve result (status, objective, bound, plan, penalties).
    path
        Where to write the ``.xlsx`` file; an existing file is replaced only once the new one
        is complete.
    input_sha256
        SHA-256 of the input workbook's bytes, recorded in `Summary`.
    planner_version
        Version recorded in `Summary`; defaults to the installed package's version.
    previous
        The plan this one replaces (``solve(..., previous=...)``): the workbook then has a
        `Changes` sheet listing every difference and whom to notify. None: no such sheet.
    language
        Language of the views (ar, zh, en, fr, ru, es); None: the meeting's
        ``output_language``.

    Raises
    ------
    OSError
        When the folder cannot be written or the target is locked (open in Excel on Windows).
    """
    target = Path(path)
    tables = plan_tables(
        problem,
        result,
        input_sha256=input_sha256,
        planner_version=planner_version,
        previous=previous,
    )
    wb = build_workbook(problem, tables, result.plan, language or problem.meeting.output_language)
    save_atomically(wb, target)
    logger.info("wrote plan workbook %s", target)
