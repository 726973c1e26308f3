"""Native Excel bar charts on the views, drawn by Excel and LibreOffice alike.

Each chart stands on a small table written just above it on the same sheet (a chart's series
are cell ranges), with the chart's labels in the view's language: travel-support requests
against funded people by regional group and by least-developed-country status, women and men
per panel (on `Balance`), and each interpreter's sessions in their busiest week against their
weekly limit (on `Interpreters`).
"""

from __future__ import annotations

from collections import Counter

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import REGIONAL_GROUPS, Plan, ProblemData
from planner.excel.style import header_row, put, section
from planner.i18n import Words
from planner.plan_frames import panels_in_speaking_order

# Chart size in centimetres: two fit side by side on A4 landscape.
_WIDTH, _HEIGHT = 16, 8
_ROWS_PER_CHART = 17  # rows of 15 points that a chart of _HEIGHT covers, plus a gap


def _bar_chart(
    ws: Worksheet,
    title: str,
    header: int,
    last: int,
    y_title: str,
    x_title: str,
    first: int = 1,
) -> BarChart:
    """A clustered column chart of the three-column table at rows ``header``..``last`` from
    column ``first``: categories, then two series named by the header row."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = x_title
    # openpyxl hides both axes unless told otherwise; Excel then draws bars without scales.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = _WIDTH, _HEIGHT
    data = Reference(ws, min_col=first + 1, max_col=first + 2, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=first, min_row=header + 1, max_row=last))
    return chart


def _table(
    ws: Worksheet, row: int, headers: list[str], rows: list[list[object]], first: int = 1
) -> int:
    header_row(ws, row, headers, col=first)
    for k, values in enumerate(rows, start=row + 1):
        for col, value in enumerate(values, start=first):
            put(ws, k, col, value)
    return row + len(rows)


def balance_charts(ws: Worksheet, row: int, problem: ProblemData, plan: Plan, w: Words) -> int:
    """Requests and funded people by group and LDC status, women/men per panel, from ``row``.

    Returns the last row used.
    """
    delegations = {d.delegation_id: d for d in problem.delegations}
    requests = [
        p for p in problem.participants if p.needs_funding and p.delegation_id in delegations
    ]
    charts: list[BarChart] = []
    if requests:
        section(ws, row, w("chart.requests_by_group"))
        row += 1
        asked = Counter(delegations[p.delegation_id].regional_group for p in requests)
        funded = Counter(
            delegations[p.delegation_id].regional_group
            for p in requests
            if p.participant_id in plan.funded
        )
        groups = [g for g in (*REGIONAL_GROUPS, None) if asked[g]]
        header = row
        labels: dict[str | None, str] = {g: w(f"group.{g}") for g in REGIONAL_GROUPS}
        labels[None] = w("group.none")
        row = _table(
            ws,
            row,
            [w("balance.group"), w("chart.requested"), w("chart.funded")],
            [[labels[g], asked[g], funded[g]] for g in groups],
        )
        charts.append(
            _bar_chart(
                ws,
                w("chart.requests_by_group"),
                header,
                row,
                w("chart.people"),
                w("balance.group"),
            )
        )
        row += 2
        section(ws, row, w("chart.requests_by_ldc"))
        row += 1
        header = row
        kinds = [(True, w("chart.ldc")), (False, w("chart.not_ldc"))]
        row = _table(
            ws,
            row,
            [w("balance.ldc"), w("chart.requested"), w("chart.funded")],
            [
                [
                    label,
                    sum(delegations[p.delegation_id].ldc == ldc for p in requests),
                    sum(
                        delegations[p.delegation_id].ldc == ldc and p.participant_id in plan.funded
                        for p in requests
                    ),
                ]
                for ldc, label in kinds
            ],
        )
        charts.append(
            _bar_chart(
                ws, w("chart.requests_by_ldc"), header, row, w("chart.people"), w("balance.ldc")
            )
        )
        row += 2
    order = panels_in_speaking_order(problem, plan)
    people = {p.participant_id: p for p in problem.participants}
    panels = [i for i in problem.items if order.get(i.item_id)]
    if panels:
        section(ws, row, w("chart.gender_by_panel"))
        row += 1
        header = row
        values = []
        for item in panels:
            genders = Counter(
                people[s.participant_id].gender
                for s in order[item.item_id]
                if s.participant_id in people
            )
            values.append([item.item_id, genders["f"], genders["m"]])
        row = _table(ws, row, [w("balance.item"), w("balance.women"), w("balance.men")], values)
        charts.append(
            _bar_chart(
                ws,
                w("chart.gender_by_panel"),
                header,
                row,
                w("chart.people"),
                w("chart.panel"),
            )
        )
        row += 2
    return _place(ws, charts, row)


def _place(ws: Worksheet, charts: list[BarChart], row: int) -> int:
    """Anchor the charts two by two below ``row``; return the last row they cover."""
    for k, chart in enumerate(charts):
        anchor_row = row + 1 + (k // 2) * _ROWS_PER_CHART
        anchor_col = 1 if k % 2 == 0 else 5
        ws.add_chart(chart, f"{get_column_letter(anchor_col)}{anchor_row}")
    return row + ((len(charts) + 1) // 2) * _ROWS_PER_CHART


def roster_chart(ws: Worksheet, row: int, problem: ProblemData, plan: Plan, w: Words) -> int:
    """Each engaged interpreter's sessions in their busiest week against their weekly limit.

    Returns the last row used.
    """
    weeks: Counter[tuple[str, tuple[int, int]]] = Counter()
    for a in plan.assignments:
        try:
            weeks[(a.interpreter_id, problem.slot(a.slot_id).week)] += 1
        except KeyError:
            continue
    busiest: dict[str, int] = {}
    for (iid, _), n in weeks.items():
        busiest[iid] = max(busiest.get(iid, 0), n)
    engaged = [i for i in problem.interpreters if i.interpreter_id in busiest]
    if not engaged:
        return row
    section(ws, row, w("chart.sessions_per_interpreter"))
    row += 1
    header = row
    row = _table(
        ws,
        row,
        [w("roster.interpreter"), w("chart.busiest_week"), w("chart.weekly_limit")],
        [[i.name, busiest[i.interpreter_id], problem.max_per_week(i)] for i in engaged],
        first=2,
    )
    chart = _bar_chart(
        ws,
        w("chart.sessions_per_interpreter"),
        header,
        row,
        w("chart.sessions"),
        w("roster.interpreter"),
        first=2,
    )
    chart.width = max(_WIDTH, round(0.8 * len(engaged)))
    ws.add_chart(chart, f"B{row + 2}")  # below its table: the roster is printed page by page
    return row + 1 + _ROWS_PER_CHART
