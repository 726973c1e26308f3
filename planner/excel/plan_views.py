"""Views for people: the programme of work, the interpreters' roster and the costs.

Layout is free (workbooks.md), so these sheets aim at a secretariat officer printing them on A4.
Each function fills one sheet from a plan whose ids the problem all knows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from openpyxl.styles import Border, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.check.funding_story import cheapest_unfunded, priority
from planner.domain import LANGUAGES, Plan, ProblemData, Session
from planner.domain.languages import sort_languages
from planner.domain.metrics import (
    InterpreterLoad,
    interpretation_cost,
    interpreter_loads,
    travel_cost,
)
from planner.excel.charts import roster_chart
from planner.excel.style import (
    BOLD,
    GRID,
    ITEM_COLOURS,
    LONG_DATE,
    MEDIUM,
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
from planner.i18n import Words, words as words_of

_ROOM_WIDTH = 32
ENGLISH = words_of("en")


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


def subtitle(problem: ProblemData, w: Words) -> str:
    """The meeting's title and venue, as typed."""
    meeting = problem.meeting
    if not meeting.venue:
        return meeting.title
    return w("common.subtitle", title=meeting.title, venue=meeting.venue)


def _languages_line(problem: ProblemData, item_id: str, w: Words) -> str:
    item = problem.item(item_id)
    codes = ", ".join(sort_languages(item.languages))
    key = "programme.interpreted" if item.interpreted else "programme.not_interpreted"
    return w(key, codes=codes)


def date_cell(ws: Worksheet, row: int, col: int, day: dt.date, w: Words, *, full: bool) -> None:
    """A day in a view: an Excel date in English, CLDR words in the other languages.

    Excel names the days and months of a date cell in the reader's own language, so a French
    plan would show English month names on an English Excel: the other languages get text.
    """
    if w.language == "en":
        put(ws, row, col, day, LONG_DATE)
    else:
        put(ws, row, col, w.full_date(day) if full else w.long_date(day))


def write_programme(ws: Worksheet, problem: ProblemData, plan: Plan, w: Words = ENGLISH) -> None:
    """Slots down (date, day, time), rooms across, one coloured block per session."""
    title(ws, w("programme.title"), subtitle(problem, w))
    if not plan.sessions:
        note(ws, 4, w("programme.empty"))
        return
    used = {s.room_id for s in plan.sessions}
    rooms = [r for r in problem.rooms if r.room_id in used]
    headers = [w("programme.date"), w("programme.day"), w("programme.time")]
    headers += [
        r.name if r.room_id in r.name else w("programme.room", name=r.name, room=r.room_id)
        for r in rooms
    ]
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
            date_cell(ws, row, 1, slot.date, w, full=False)
            put(ws, row, 2, w.weekday(slot.date))
        put(ws, row, 3, w.time_range(slot.start, slot.end))
        lines = 1
        for room in rooms:
            session = at.get((slot.slot_id, room.room_id))
            if session is None and slot.slot_id in room.unavailable:
                closed = w("programme.room_unavailable")
                put(ws, row, column[room.room_id], closed).fill = UNAVAILABLE
            elif session is not None:
                item = problem.item(session.item_id)
                part, count = parts[session]
                label = w("programme.item", item=item.item_id, title=item.title)
                if count > 1:
                    label = w("programme.part", label=label, part=part, parts=count)
                text = f"{label}\n{_languages_line(problem, item.item_id, w)}"
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


def write_interpreters(ws: Worksheet, problem: ProblemData, plan: Plan, w: Words = ENGLISH) -> None:
    """The roster: interpreters down by booth (UN order), slots across, then workload and cost."""
    title(ws, w("roster.title"), subtitle(problem, w))
    if not problem.interpreters:
        note(ws, 4, w("roster.empty"))
        return
    slots = problem.slots
    headers = [w("roster.booth"), w("roster.interpreter"), w("roster.status")]
    headers += [
        f"{w.short_weekday(s.date)}\n{w.day_month(s.date)}\n{w.time(s.start)}" for s in slots
    ]
    headers += [w("roster.sessions"), w("roster.days"), w("roster.cost")]
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
        put(ws, row, 1, w(f"language.{interpreter.booth}"))
        put(ws, row, 2, interpreter.name)
        put(ws, row, 3, w(f"status.{interpreter.status}"))
        for k, slot in enumerate(slots, start=4):
            a = work.get((iid, slot.slot_id))
            if a is None and slot.slot_id in interpreter.unavailable:
                put(ws, row, k, w("roster.unavailable")).fill = UNAVAILABLE
            elif a is not None:
                mark = f" {w('roster.retour')}" if a.retour else ""
                cell = put(ws, row, k, f"{a.room_id} {a.item_id}{mark}")
                cell.fill = fills[a.item_id]
        load = loads.get(iid)
        put(ws, row, last + 1, load.sessions if load else 0)
        put(ws, row, last + 2, len(load.days) if load else 0)
        put(ws, row, last + 3, load.cost if load else 0.0, w.money_format)
        top = MEDIUM if interpreter.booth != booth else GRID.top
        booth = interpreter.booth
        for col in range(1, last + 4):
            ws.cell(row=row, column=col).border = Border(
                left=GRID.left, right=GRID.right, bottom=GRID.bottom, top=top
            )
    row += 1
    put(ws, row, 2, w("common.total")).font = BOLD
    put(ws, row, last + 1, sum(x.sessions for x in loads.values())).font = BOLD
    put(ws, row, last + 3, interpretation_cost(problem, plan), w.money_format).font = BOLD
    note(ws, row + 2, w("roster.legend"))
    roster_chart(ws, row + 4, problem, plan, w)
    set_widths(ws, {1: 10, 2: 26, 3: 10, last + 1: 9, last + 2: 7, last + 3: 12})
    set_widths(ws, {k: 10 for k in range(4, last + 1)})
    ws.freeze_panes = "D4"
    print_setup(ws, landscape=True, title_rows="3:3", title_cols="A:C")


def _budget_line(
    ws: Worksheet, row: int, label: str, cost: float, budget: float | None, w: Words
) -> None:
    put(ws, row, 1, label)
    put(ws, row, 2, cost, w.money_format)
    if budget is None:
        put(ws, row, 3, w("costs.unlimited"))
        return
    put(ws, row, 3, budget, w.money_format)
    put(ws, row, 4, budget - cost, w.money_format)
    if budget > 0:
        put(ws, row, 5, cost / budget, PERCENT)


PRIORITY_KEYS = {
    "LDC": "priority.ldc",
    "other developing": "priority.other_developing",
    "in transition": "priority.in_transition",
    "not eligible": "priority.not_eligible",
}
"""The label of each `Funding` priority in the views (the sheet keeps the English codes)."""


def _write_more_funds(ws: Worksheet, row: int, problem: ProblemData, plan: Plan, w: Words) -> None:
    """The cheapest requests not funded that money alone would fund, and what it would take."""
    left = max(0.0, problem.rules.travel_budget - travel_cost(problem, plan))
    section(ws, row, w("costs.more_funds_title", money=w.money(left)))
    row += 1
    waiting = cheapest_unfunded(problem, plan)
    if not waiting:
        note(ws, row, w("costs.no_waiting"))
        return
    keys = ("costs.delegation", "costs.participant", "costs.participant_travel", "costs.what")
    header_row(ws, row, [w(k) for k in keys])
    for person, missing in waiting:
        country = problem.delegation(person.delegation_id).name
        who = person.name if country in person.name else f"{person.name} ({country})"
        row += 1
        put(ws, row, 1, country)
        put(ws, row, 2, person.name)
        put(ws, row, 3, person.travel_cost, w.money_format)
        if missing > 0:
            put(ws, row, 4, w("costs.more_funds", money=w.money(missing), person=who))
        else:
            put(ws, row, 4, w("costs.fits_left", person=who))


def write_costs(ws: Worksheet, problem: ProblemData, plan: Plan, w: Words = ENGLISH) -> None:
    """Interpretation (per interpreter, per day) and travel support against their budgets."""
    title(ws, w("costs.title"), subtitle(problem, w))
    rules = problem.rules
    interpreting = interpretation_cost(problem, plan)
    travelling = travel_cost(problem, plan)
    header_row(ws, 4, [w(f"costs.{k}") for k in ("expense", "cost", "budget", "remaining", "used")])
    _budget_line(ws, 5, w("costs.interpretation"), interpreting, rules.interpretation_budget, w)
    _budget_line(ws, 6, w("costs.travel"), travelling, rules.travel_budget, w)
    loads = interpreter_loads(problem, plan)
    row = _costs_by_interpreter(ws, 8, problem, loads, interpreting, w)
    if loads:
        row = _costs_by_day(ws, row + 2, problem, loads, w)
    row = _travel_support(ws, row + 2, problem, plan, travelling, w)
    _write_more_funds(ws, row + 2, problem, plan, w)
    set_widths(ws, {1: 24, 2: 28, 3: 14, 4: 16, 5: 12, 6: 12, 7: 12, 8: 12})
    print_setup(ws, landscape=False)


def _costs_by_interpreter(
    ws: Worksheet,
    row: int,
    problem: ProblemData,
    loads: dict[str, InterpreterLoad],
    interpreting: float,
    w: Words,
) -> int:
    """The section of fees and travel per interpreter from ``row``; returns its last row."""
    money = w.money_format
    section(ws, row, w("costs.by_interpreter"))
    row += 1
    if not loads:
        note(ws, row, w("costs.nobody_engaged"))
        return row
    header_row(
        ws,
        row,
        [
            w("roster.booth"),
            w("roster.interpreter"),
            w("roster.status"),
            w("roster.days"),
            w("costs.daily_rate"),
            w("costs.fees"),
            w("costs.travel_cost"),
            w("common.total"),
        ],
    )
    for iid in _interpreter_order(problem):
        if iid not in loads:
            continue
        load, person = loads[iid], problem.interpreter(iid)
        row += 1
        put(ws, row, 1, w(f"language.{person.booth}"))
        put(ws, row, 2, person.name)
        put(ws, row, 3, w(f"status.{person.status}"))
        put(ws, row, 4, len(load.days))
        put(ws, row, 5, person.daily_rate, money)
        put(ws, row, 6, load.fees, money)
        put(ws, row, 7, load.travel, money)
        put(ws, row, 8, load.cost, money)
    row += 1
    put(ws, row, 2, w("common.total")).font = BOLD
    put(ws, row, 6, sum(x.fees for x in loads.values()), money).font = BOLD
    put(ws, row, 7, sum(x.travel for x in loads.values()), money).font = BOLD
    put(ws, row, 8, interpreting, money).font = BOLD
    return row


def _costs_by_day(
    ws: Worksheet, row: int, problem: ProblemData, loads: dict[str, InterpreterLoad], w: Words
) -> int:
    """The section of interpreters and fees per meeting day from ``row``; returns its last
    row."""
    section(ws, row, w("costs.by_day"))
    row += 1
    header_row(ws, row, [w("programme.date"), w("costs.interpreters"), w("costs.fees")])
    for day in problem.days:
        working = [x for x in loads.values() if day in x.days]
        if not working:
            continue
        row += 1
        date_cell(ws, row, 1, day, w, full=True)
        put(ws, row, 2, len(working))
        put(ws, row, 3, sum(x.fees / len(x.days) for x in working), w.money_format)
    return row


def _travel_support(
    ws: Worksheet, row: int, problem: ProblemData, plan: Plan, travelling: float, w: Words
) -> int:
    """The section of funded travel, by delegation, from ``row``; returns its last row."""
    money = w.money_format
    section(ws, row, w("costs.travel"))
    row += 1
    funded = [p for p in problem.participants if p.participant_id in plan.funded]
    names = {d.delegation_id: d.name for d in problem.delegations}
    if not funded:
        note(ws, row, w("costs.nobody_funded"))
        return row
    keys = (
        "costs.delegation",
        "costs.participant",
        "costs.participant_travel",
        "costs.priority",
    )
    header_row(ws, row, [w(k) for k in keys])
    for p in sorted(funded, key=lambda p: (names.get(p.delegation_id, "").casefold(), p.name)):
        row += 1
        put(ws, row, 1, names.get(p.delegation_id, p.delegation_id))
        put(ws, row, 2, p.name)
        put(ws, row, 3, p.travel_cost, money)
        put(ws, row, 4, w(PRIORITY_KEYS[priority(problem.delegation(p.delegation_id))]))
    row += 1
    put(ws, row, 2, w("common.total")).font = BOLD
    put(ws, row, 3, travelling, money).font = BOLD
    return row
