"""The comparison workbook of `planner compare`: scenarios side by side, read in a minute.

Sheets: `Comparison` (one column per scenario, one row per measure, cells that differ from the
base coloured, then one plain-words line per scenario), `Chart` (a native Excel chart of chosen
measures, with its data) and `Scenarios` (what each scenario changes, in the input sheet's
format, so it can be pasted back into an input workbook). With ``plans_dir`` every scenario's
plan workbook is written too. Everything is written to temporary files first and moved into
place only once all are complete.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import Result, Status
from planner.domain.scenario import LIST_CHANGES, Scenario
from planner.excel.plan_writer import write_plan
from planner.excel.style import (
    BOLD,
    GRID,
    MONEY,
    NOTE_FONT,
    PERCENT,
    WRAP_TOP,
    fit_heights,
    header_row,
    print_setup,
    put,
    section,
    set_widths,
    title,
)
from planner.excel.template import save_atomically
from planner.scenarios.figures import Measure, check_keys, measures
from planner.scenarios.outcome import Comparison, Outcome
from planner.scenarios.words import describe, line

DEFAULT_CHART = ("funded_ldc", "funded_other")
BETTER = PatternFill("solid", fgColor="C6EFCE")
WORSE = PatternFill("solid", fgColor="FFC7CE")
CHANGED = PatternFill("solid", fgColor="FFEB9C")
_FORMATS = {
    "usd": MONEY,
    "share": PERCENT,
    "points": "#,##0.00",
    "seconds": "0.0",
    "count": "#,##0",
}
_NOT_COLOURED = {"solve_seconds"}  # wall time: noise, not a difference between scenarios


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > 1e-6 * max(1.0, abs(float(b)))
    return bool(a != b)


def _fill(measure: Measure, base: Measure | None) -> PatternFill | None:
    if base is None or measure.key in _NOT_COLOURED or not _differs(measure.value, base.value):
        return None
    new, old = measure.value, base.value
    if measure.better and isinstance(new, int | float) and isinstance(old, int | float):
        return BETTER if (new > old) == (measure.better > 0) else WORSE
    return CHANGED


def _causes(outcome: Outcome) -> str:
    """Why the scenario has no plan: every cause with what to relax."""
    explanation = outcome.explanation
    if explanation is None:
        return outcome.result.message or f"no plan ({outcome.result.status.value})"
    lines = [f"- {c.sentence} Suggestion: {c.suggestion}" for c in explanation.causes]
    if explanation.message:
        lines.append(explanation.message)
    return "\n".join(lines) or "no plan exists"


def _first_cause(outcome: Outcome) -> str:
    """The first cause alone, for the comparison's column; the rest are on 'Why no plan'."""
    explanation = outcome.explanation
    if explanation is None or not explanation.causes:
        return _causes(outcome)
    more = len(explanation.causes) - 1
    tail = f"\n(+{more} more; all with what to relax: sheet 'Why no plan')" if more else ""
    return explanation.causes[0].sentence + tail


def _why_sheet(ws: Worksheet, comparison: Comparison) -> None:
    header_row(ws, 1, ["scenario", "rule", "what conflicts", "what to relax"])
    row = 1
    for o in comparison.outcomes:
        if o.has_plan:
            continue
        causes = o.explanation.causes if o.explanation is not None else ()
        for cause in causes:
            row += 1
            for col, text in enumerate(
                (o.scenario.name, cause.rule, cause.sentence, cause.suggestion), start=1
            ):
                put(ws, row, col, text).alignment = WRAP_TOP
        message = o.explanation.message if o.explanation is not None else ""
        if not causes or message:
            row += 1
            put(ws, row, 1, o.scenario.name)
            put(ws, row, 3, message or _causes(o)).alignment = WRAP_TOP
    set_widths(ws, {1: 22, 2: 18, 3: 70, 4: 60})
    fit_heights(ws, 2)
    print_setup(ws, title_rows="1:1")


def _comparison_sheet(ws: Worksheet, comparison: Comparison) -> None:
    outcomes = comparison.outcomes
    base = comparison.base
    limit = "deterministic time" if comparison.deterministic else "seconds"
    title(
        ws,
        f"What if: {base.problem.meeting.title}",
        f"Every scenario solved alike: time limit {comparison.time_limit:g} {limit}, seed "
        f"{comparison.seed}, {comparison.workers or 'all'} solver thread(s). Cells that differ "
        "from the base plan are coloured: green better, red worse, yellow neither.",
    )
    header_row(ws, 4, ["measure", *(o.scenario.name for o in outcomes)])
    row = 5
    put(ws, row, 1, "what changes").font = BOLD
    for col, o in enumerate(outcomes, start=2):
        put(ws, row, col, describe(o.scenario, base.problem)).alignment = WRAP_TOP
    row += 1
    put(ws, row, 1, "status").font = BOLD
    for col, o in enumerate(outcomes, start=2):
        cell = put(ws, row, col, o.result.status.value)
        if o.result.status is not base.result.status:
            cell.fill = WORSE if not o.has_plan else CHANGED
    if any(not o.has_plan for o in outcomes):
        row += 1
        label = put(ws, row, 1, "why no plan")
        label.font, label.alignment = BOLD, WRAP_TOP
        for col, o in enumerate(outcomes, start=2):
            if not o.has_plan:
                put(ws, row, col, _first_cause(o)).alignment = WRAP_TOP
    base_measures = {m.key: m for m in base.measures}
    table = [o.measures for o in outcomes]
    rows: tuple[Measure, ...] = next((m for m in table if m), ())
    for index, template in enumerate(rows):
        row += 1
        put(ws, row, 1, template.label)
        for col, found in enumerate(table, start=2):
            if not found:
                put(ws, row, col, "-").alignment = Alignment(horizontal="center")
                continue
            measure = found[index]
            cell = put(ws, row, col, measure.value, _FORMATS.get(measure.unit))
            cell.border = GRID
            if measure.unit == "text":
                cell.alignment = WRAP_TOP
            fill = _fill(measure, base_measures.get(measure.key)) if col > 2 else None
            if fill is not None:
                cell.fill = fill
    row += 2
    section(ws, row, "In plain words")
    for o in outcomes:
        row += 1
        put(ws, row, 1, line(o, comparison))
    row += 2
    put(ws, row, 1, _trace_note(comparison)).font = NOTE_FONT
    set_widths(ws, {1: 34, **{c: 24 for c in range(2, len(outcomes) + 2)}})
    fit_heights(ws, 5, line_height=13)
    ws.freeze_panes = "B5"
    print_setup(ws, title_rows="4:4", title_cols="A:A")


def _trace_note(comparison: Comparison) -> str:
    checked = sum(1 for o in comparison.outcomes if o.has_plan)
    broken = sum(1 for o in comparison.outcomes if o.violations)
    verdict = "each keeps every hard rule" if not broken else f"{broken} break hard rules"
    return (
        f"{checked} plan(s) judged by the solver-free checker: {verdict}. The gap is the "
        "plan's distance to a proven lower bound of the whole problem."
    )


def _chart_sheet(ws: Worksheet, comparison: Comparison, keys: Sequence[str]) -> None:
    base = {m.key: m for m in measures(comparison.base.problem, Result(Status.FEASIBLE), 0)}
    labels = [base[k].label.strip() for k in keys]
    header_row(ws, 1, ["scenario", *labels])
    ws.row_dimensions[1].height = 32  # two lines of header
    row = 1
    for o in comparison.outcomes:
        row += 1
        put(ws, row, 1, o.scenario.name)
        found = {m.key: m for m in o.measures}
        for col, key in enumerate(keys, start=2):
            measure = found.get(key)
            value = measure.value if measure is not None else None
            put(ws, row, col, value, _FORMATS.get(base[key].unit))
    stacked = tuple(keys) == DEFAULT_CHART
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked" if stacked else "clustered"
    if stacked:
        chart.overlap = 100
    chart.title = "Funded experts per scenario" if stacked else "Chosen measures per scenario"
    chart.y_axis.title = "experts" if stacked else None
    chart.x_axis.title = "scenario"
    data = Reference(ws, min_col=2, max_col=len(keys) + 1, min_row=1, max_row=row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=row))
    chart.height, chart.width = 9, 18
    ws.add_chart(chart, f"A{row + 3}")
    set_widths(ws, {1: 28, **{c: 22 for c in range(2, len(keys) + 2)}})
    print_setup(ws)


def _shown(value: Any) -> Any:
    if isinstance(value, frozenset | tuple | list | set):
        return ", ".join(sorted(map(str, value)))
    if value is None or value == float("inf"):
        return "unlimited"
    return value


def _scenarios_sheet(ws: Worksheet, scenarios: Sequence[Scenario]) -> None:
    settings = list(dict.fromkeys(k for s in scenarios for k in s.settings))
    lists = [c for c in LIST_CHANGES if any(getattr(s, c) for s in scenarios)]
    header_row(ws, 1, ["scenario", *lists, *settings])
    for row, s in enumerate(scenarios, start=2):
        put(ws, row, 1, s.name)
        for col, name in enumerate(lists, start=2):
            value = getattr(s, name)
            if name == "room_unavailable":
                value = [f"{room}@{when}" for room, when in value]
            put(ws, row, col, _shown(value) if value else None)
        for col, name in enumerate(settings, start=2 + len(lists)):
            put(ws, row, col, _shown(s.settings[name]) if name in s.settings else None)
    set_widths(ws, {c: 22 for c in range(1, 2 + len(lists) + len(settings))})


def comparison_workbook(comparison: Comparison, chart: Sequence[str] = DEFAULT_CHART) -> Workbook:
    """The comparison as an openpyxl workbook (not saved).

    Raises
    ------
    ValueError
        When ``chart`` names a measure that does not exist.
    """
    check_keys(comparison.base.problem, tuple(chart))
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = "Comparison"
    _comparison_sheet(ws, comparison)
    _chart_sheet(wb.create_sheet("Chart"), comparison, chart)
    _scenarios_sheet(wb.create_sheet("Scenarios"), [o.scenario for o in comparison.outcomes[1:]])
    if any(not o.has_plan for o in comparison.outcomes):
        _why_sheet(wb.create_sheet("Why no plan"), comparison)
    return wb


def plan_file_name(index: int, scenario: Scenario) -> str:
    """``00-base.xlsx``, ``01-travel_budget=80000.xlsx``: safe on every file system."""
    slug = re.sub(r"[^A-Za-z0-9._=+-]+", "_", scenario.name).strip("._") or "scenario"
    return f"{index:02d}-{slug[:60]}.xlsx"


def write_comparison(
    comparison: Comparison,
    path: str | os.PathLike[str],
    *,
    plans_dir: str | os.PathLike[str] | None = None,
    chart: Sequence[str] = DEFAULT_CHART,
    input_sha256: str | None = None,
) -> list[Path]:
    """Write the comparison workbook and, with ``plans_dir``, each scenario's plan workbook.

    Every file is written to a temporary name first; only when all are complete are they
    moved into place, so a failure leaves no half-written output.

    Returns
    -------
    list[Path]
        The plan workbooks written (empty without ``plans_dir``).

    Raises
    ------
    ValueError
        When ``chart`` names an unknown measure (nothing is written).
    OSError
        When a file cannot be written (nothing is moved into place).
    """
    wb = comparison_workbook(comparison, chart)
    staged: list[tuple[Path, Path]] = []
    try:
        if plans_dir is not None:
            folder = Path(plans_dir)
            folder.mkdir(parents=True, exist_ok=True)
            for index, o in enumerate(comparison.outcomes):
                if not o.has_plan:
                    continue
                target = folder / plan_file_name(index, o.scenario)
                temporary = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.tmp"
                write_plan(o.problem, o.result, temporary, input_sha256=input_sha256)
                staged.append((temporary, target))
        save_atomically(wb, path)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    return [target for _, target in staged]
