"""Views for people: the programme of work, the interpreters' roster and the costs.

Layout is free (workbooks.md), so these sheets aim at a secretariat officer printing them on A4.
Each function fills one sheet from a plan whose ids the problem all knows.
"""

from __future__ import annotations

import math
from collections import defaultdict

from openpyxl.styles import Border, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import LANGUAGE_NAMES, LANGUAGES, Plan, ProblemData, Session
from planner.domain.languages import sort_languages
from planner.domain.metrics import interpretation_cost, interpreter_loads, travel_cost
from planner.excel.style import (
    BOLD,
    GRID,
    ITEM_COLOURS,
    LONG_DATE,
    MEDIUM,
    MONEY,
    PERCENT,
    UNAVAILABLE,
    WRAP_TOP,
    header_row,
    note,
    print_setup,
    put,
    section,
    set_widths,
    title,
)

_ROOM_WIDTH = 32


def item_fills(problem: ProblemData) -> dict[str, PatternFill]:
    """One fill per agenda item, the same on every sheet that shows the item."""
    return {
        item.item_id: PatternFill("solid", fgColor=ITEM_COLOURS[k % len(ITEM_COLOURS)])
        for k, item in enumerate(problem.items)
    }


def session_parts(problem: ProblemData, plan: Plan) -> dict[Session, tuple[int, int]]:
    """``(part, parts)`` of every session: its rank among its item's sessions in time order."""
    by_item: dict[str, list[Session]] = defaultdict(list)
    for s in plan.sessions:
        by_item[s.item_id].append(s)
    out = {}
    for sessions in by_item.values():
        ordered = sorted(sessions, key=lambda s: (problem.slot_index(s.slot_id), s.room_id))
        for k, s in enumerate(ordered, 1):
            out[s] = (k, len(ordered))
    return out


def _subtitle(problem: ProblemData) -> str:
    meeting = problem.meeting
    return f"{meeting.title} — {meeting.venue}" if meeting.venue else meeting.title


def _languages_line(problem: ProblemData, item_id: str) -> str:
    item = problem.item(item_id)
    codes = ", ".join(sort_languages(item.languages))
    return f"Interpretation: {codes}" if item.interpreted else f"No interpretation ({codes})"


def write_programme(ws: Worksheet, problem: ProblemData, plan: Plan) -> None:
    """Slots down (date, day, time), rooms across, one coloured block per session."""
    title(ws, "Programme of work", _subtitle(problem))
    if not plan.sessions:
        note(ws, 4, "No sessions are scheduled in this plan.")
        return
    used = {s.room_id for s in plan.sessions}
    rooms = [r for r in problem.rooms if r.room_id in used]
    headers = ["Date", "Day", "Time"]
    headers += [r.name if r.room_id in r.name else f"{r.name} ({r.room_id})" for r in rooms]
    header_row(ws, 3, headers)
    column = {r.room_id: 4 + k for k, r in enumerate(rooms)}
    at = {(s.slot_id, s.room_id): s for s in plan.sessions}
    parts = session_parts(problem, plan)
    fills = item_fills(problem)
    previous_day = None
    for row, slot in enumerate(problem.slots, start=4):
        new_day = slot.date != previous_day
        previous_day = slot.date
        if new_day:
            put(ws, row, 1, slot.date, LONG_DATE)
            put(ws, row, 2, f"{slot.date:%A}")
        put(ws, row, 3, f"{slot.start:%H:%M}-{slot.end:%H:%M}")
        lines = 1
        for room in rooms:
            session = at.get((slot.slot_id, room.room_id))
            if session is None and slot.slot_id in room.unavailable:
                put(ws, row, column[room.room_id], "room not available").fill = UNAVAILABLE
            elif session is not None:
                item = problem.item(session.item_id)
                part, count = parts[session]
                label = f"Item {item.item_id} — {item.title}"
                if count > 1:
                    label += f" (part {part}/{count})"
                text = f"{label}\n{_languages_line(problem, item.item_id)}"
                cell = put(ws, row, column[room.room_id], text)
                cell.fill = fills[item.item_id]
                lines = max(lines, sum(math.ceil(len(t) / _ROOM_WIDTH) for t in text.split("\n")))
        for col in range(1, 4 + len(rooms)):
            c = ws.cell(row=row, column=col)
            c.alignment = WRAP_TOP
            c.border = Border(
                left=GRID.left,
                right=GRID.right,
                bottom=GRID.bottom,
                top=MEDIUM if new_day else GRID.top,
            )
        ws.row_dimensions[row].height = max(30, 15 * lines)
    set_widths(ws, {1: 15, 2: 11, 3: 12, **{c: _ROOM_WIDTH + 2 for c in column.values()}})
    ws.freeze_panes = "D4"
    print_setup(ws, landscape=True, title_rows="3:3")


def _interpreter_order(problem: ProblemData) -> list[str]:
    rank = {code: k for k, code in enumerate(LANGUAGES)}
    ordered = sorted(enumerate(problem.interpreters), key=lambda e: (rank[e[1].booth], e[0]))
    return [i.interpreter_id for _, i in ordered]


def write_interpreters(ws: Worksheet, problem: ProblemData, plan: Plan) -> None:
    """The roster: interpreters down by booth (UN order), slots across, then workload and cost."""
    title(ws, "Interpreters' roster", _subtitle(problem))
    if not problem.interpreters:
        note(ws, 4, "No interpreters are listed in the problem.")
        return
    slots = problem.slots
    headers = ["Booth", "Interpreter", "Status"]
    headers += [f"{s.date:%a}\n{s.date.day} {s.date:%b}\n{s.start:%H:%M}" for s in slots]
    headers += ["Sessions", "Days", "Cost"]
    header_row(ws, 3, headers)
    ws.row_dimensions[3].height = 45  # three lines: day, date, time
    loads = interpreter_loads(problem, plan)
    fills = item_fills(problem)
    work = {(a.interpreter_id, a.slot_id): a for a in plan.assignments}
    last = 3 + len(slots)
    row = 3
    booth = None
    for iid in _interpreter_order(problem):
        row += 1
        interpreter = problem.interpreter(iid)
        put(ws, row, 1, LANGUAGE_NAMES[interpreter.booth])
        put(ws, row, 2, interpreter.name)
        put(ws, row, 3, interpreter.status)
        for k, slot in enumerate(slots, start=4):
            a = work.get((iid, slot.slot_id))
            if a is None and slot.slot_id in interpreter.unavailable:
                put(ws, row, k, "n/a").fill = UNAVAILABLE
            elif a is not None:
                cell = put(ws, row, k, f"{a.room_id} {a.item_id}" + (" (r)" if a.retour else ""))
                cell.fill = fills[a.item_id]
        load = loads.get(iid)
        put(ws, row, last + 1, load.sessions if load else 0)
        put(ws, row, last + 2, len(load.days) if load else 0)
        put(ws, row, last + 3, load.cost if load else 0.0, MONEY)
        top = MEDIUM if interpreter.booth != booth else GRID.top
        booth = interpreter.booth
        for col in range(1, last + 4):
            ws.cell(row=row, column=col).border = Border(
                left=GRID.left, right=GRID.right, bottom=GRID.bottom, top=top
            )
    row += 1
    put(ws, row, 2, "Total").font = BOLD
    put(ws, row, last + 1, sum(x.sessions for x in loads.values())).font = BOLD
    put(ws, row, last + 3, interpretation_cost(problem, plan), MONEY).font = BOLD
    note(
        ws,
        row + 2,
        "Each cell: room and agenda item; (r) counts towards the booth's retour; "
        "n/a: not available.",
    )
    set_widths(ws, {1: 10, 2: 26, 3: 10, last + 1: 9, last + 2: 7, last + 3: 12})
    set_widths(ws, {k: 10 for k in range(4, last + 1)})
    ws.freeze_panes = "D4"
    print_setup(ws, landscape=True, title_rows="3:3", title_cols="A:C")


def _budget_line(ws: Worksheet, row: int, label: str, cost: float, budget: float | None) -> None:
    put(ws, row, 1, label)
    put(ws, row, 2, cost, MONEY)
    if budget is None:
        put(ws, row, 3, "unlimited")
        return
    put(ws, row, 3, budget, MONEY)
    put(ws, row, 4, budget - cost, MONEY)
    if budget > 0:
        put(ws, row, 5, cost / budget, PERCENT)


def write_costs(ws: Worksheet, problem: ProblemData, plan: Plan) -> None:
    """Interpretation (per interpreter, per day) and travel support against their budgets."""
    title(ws, "Costs against budgets (US dollars)", _subtitle(problem))
    rules = problem.rules
    interpreting = interpretation_cost(problem, plan)
    travelling = travel_cost(problem, plan)
    header_row(ws, 4, ["Expense", "Cost", "Budget", "Remaining", "Used"])
    _budget_line(ws, 5, "Interpretation", interpreting, rules.interpretation_budget)
    _budget_line(ws, 6, "Travel support", travelling, rules.travel_budget)

    loads = interpreter_loads(problem, plan)
    section(ws, 8, "Interpretation by interpreter")
    row = 9
    if not loads:
        note(ws, row, "No interpreter is engaged in this plan.")
    else:
        header_row(
            ws,
            row,
            ["Booth", "Interpreter", "Status", "Days", "Daily rate", "Fees", "Travel", "Total"],
        )
        for iid in _interpreter_order(problem):
            if iid not in loads:
                continue
            load, person = loads[iid], problem.interpreter(iid)
            row += 1
            put(ws, row, 1, LANGUAGE_NAMES[person.booth])
            put(ws, row, 2, person.name)
            put(ws, row, 3, person.status)
            put(ws, row, 4, len(load.days))
            put(ws, row, 5, person.daily_rate, MONEY)
            put(ws, row, 6, load.fees, MONEY)
            put(ws, row, 7, load.travel, MONEY)
            put(ws, row, 8, load.cost, MONEY)
        row += 1
        put(ws, row, 2, "Total").font = BOLD
        put(ws, row, 6, sum(x.fees for x in loads.values()), MONEY).font = BOLD
        put(ws, row, 7, sum(x.travel for x in loads.values()), MONEY).font = BOLD
        put(ws, row, 8, interpreting, MONEY).font = BOLD

        row += 2
        section(ws, row, "Interpretation fees by day (travel is paid once, not by day)")
        row += 1
        header_row(ws, row, ["Date", "Interpreters", "Fees"])
        for day in problem.days:
            working = [x for x in loads.values() if day in x.days]
            if not working:
                continue
            row += 1
            put(ws, row, 1, day, LONG_DATE)
            put(ws, row, 2, len(working))
            put(ws, row, 3, sum(x.fees / len(x.days) for x in working), MONEY)

    row += 2
    section(ws, row, "Travel support")
    row += 1
    funded = [p for p in problem.participants if p.participant_id in plan.funded]
    if not funded:
        note(ws, row, "Nobody's travel is funded in this plan.")
    else:
        header_row(ws, row, ["Delegation", "Participant", "Travel cost"])
        names = {d.delegation_id: d.name for d in problem.delegations}
        for p in sorted(funded, key=lambda p: (names.get(p.delegation_id, "").casefold(), p.name)):
            row += 1
            put(ws, row, 1, names.get(p.delegation_id, p.delegation_id))
            put(ws, row, 2, p.name)
            put(ws, row, 3, p.travel_cost, MONEY)
        row += 1
        put(ws, row, 2, "Total").font = BOLD
        put(ws, row, 3, travelling, MONEY).font = BOLD
    set_widths(ws, {1: 24, 2: 28, 3: 14, 4: 12, 5: 12, 6: 12, 7: 12, 8: 12})
    print_setup(ws, landscape=False)
