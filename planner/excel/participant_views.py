"""Views for people about participation: the list of participants and the balance of panels.

The list follows the layout of a UN list of participants: Member States alphabetically, then
observer States, UN entities, intergovernmental and non-governmental organizations and
institutes; within a delegation the head first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import CATEGORIES, REGIONAL_GROUPS, Participant, Plan, ProblemData
from planner.domain.metrics import takes_part
from planner.excel.style import (
    BOLD,
    CATEGORY_LABELS,
    GROUP_FILL,
    MONEY,
    WRAP_TOP,
    day_range,
    fit_heights,
    group_label,
    header_row,
    human,
    note,
    print_setup,
    put,
    section,
    set_widths,
    title,
)
from planner.plan_frames import panels_in_speaking_order

_LIST_HEADERS = (
    "Name",
    "Role",
    "Discipline",
    "Mode",
    "Days present",
    "Funded",
    "Sessions",
    "Speaks on",
)


def _days_taking_part(problem: ProblemData, plan: Plan, person: Participant) -> list[dt.date]:
    return [d for d in problem.days if takes_part(problem, plan, person, d)]


def _funded_text(person: Participant, plan: Plan) -> str:
    if not person.needs_funding:
        return ""
    return "yes" if person.participant_id in plan.funded else "requested, not funded"


def write_participants(ws: Worksheet, problem: ProblemData, plan: Plan) -> None:
    """The list of participants by delegation, with what each person does in the plan."""
    title(ws, "List of participants", problem.meeting.title)
    if not problem.participants:
        note(ws, 4, "No participants are listed in the problem.")
        return
    header_row(ws, 3, _LIST_HEADERS)
    people: dict[str, list[Participant]] = defaultdict(list)
    for p in problem.participants:
        people[p.delegation_id].append(p)
    seated = Counter(s.participant_id for s in plan.seats)
    panels: dict[str, list[str]] = defaultdict(list)
    for item_id, speakers in panels_in_speaking_order(problem, plan).items():
        for seat in speakers:
            panels[seat.participant_id].append(f"{item_id} (speaker {seat.position})")
    delegations = sorted(
        (d for d in problem.delegations if people.get(d.delegation_id)),
        key=lambda d: (CATEGORIES.index(d.category), d.name.casefold()),
    )
    row = 3
    category = None
    for d in delegations:
        if d.category != category:
            category = d.category
            row += 2 if row > 3 else 1
            put(ws, row, 1, CATEGORY_LABELS[category]).font = BOLD
        row += 1
        put(ws, row, 1, d.name).font = BOLD
        for col in range(1, len(_LIST_HEADERS) + 1):
            ws.cell(row=row, column=col).fill = GROUP_FILL
        # Head first, then the members in the order the user listed them.
        members = sorted(people[d.delegation_id], key=lambda p: p.role != "head")
        for p in members:
            row += 1
            days = _days_taking_part(problem, plan, p)
            values = (
                p.name,
                p.role.capitalize(),
                human(p.discipline),
                "in person" if p.in_person else "online",
                day_range(days, problem.days) if days else "not taking part",
                _funded_text(p, plan),
                seated.get(p.participant_id, 0),
                ", ".join(panels.get(p.participant_id, [])),
            )
            for col, value in enumerate(values, start=1):
                put(ws, row, col, value).alignment = WRAP_TOP
    set_widths(ws, {1: 32, 2: 9, 3: 22, 4: 10, 5: 22, 6: 12, 7: 9, 8: 26})
    fit_heights(ws, 3)
    ws.freeze_panes = "A4"
    print_setup(ws, landscape=False, title_rows="3:3")


def _count_text(counts: Counter[str]) -> str:
    return ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))


def _write_panels(ws: Worksheet, row: int, problem: ProblemData, plan: Plan) -> int:
    section(ws, row, "Panels")
    row += 1
    order = panels_in_speaking_order(problem, plan)
    items = [i for i in problem.items if i.panel_size > 0 or i.item_id in order]
    if not items:
        note(ws, row, "No panels in this plan.")
        return row
    header_row(
        ws,
        row,
        [
            "Item",
            "Title",
            "Speakers",
            "Disciplines wanted",
            "Covered",
            "Missing",
            "Regional groups",
            "Women",
            "Men",
            "Other",
        ],
    )
    for item in items:
        row += 1
        speakers = [problem.participant(s.participant_id) for s in order.get(item.item_id, [])]
        groups = Counter(
            group_label(problem.delegation(p.delegation_id).regional_group) or "no group"
            for p in speakers
        )
        held = {p.discipline for p in speakers}
        wanted = list(item.disciplines)
        genders = Counter(p.gender for p in speakers)
        values: tuple[object, ...] = (
            item.item_id,
            item.title,
            f"{len(speakers)} of {item.panel_size}",
            ", ".join(human(w) for w in wanted),
            ", ".join(human(w) for w in wanted if w in held),
            ", ".join(human(w) for w in wanted if w not in held),
            _count_text(groups),
            genders["f"],
            genders["m"],
            len(speakers) - genders["f"] - genders["m"],
        )
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value).alignment = WRAP_TOP
    return row


def _write_mix(ws: Worksheet, row: int, problem: ProblemData, plan: Plan) -> int:
    section(ws, row, "Disciplines by regional group (participants taking part)")
    row += 1
    present = [
        p
        for p in problem.participants
        if any(takes_part(problem, plan, p, d) for d in problem.days)
    ]
    if not present:
        note(ws, row, "Nobody takes part in this plan.")
        return row
    group_of = {d.delegation_id: d.regional_group for d in problem.delegations}
    table = Counter((p.discipline, group_of.get(p.delegation_id)) for p in present)
    header_row(
        ws, row, ["Discipline", *(group_label(g) for g in REGIONAL_GROUPS), "No group", "Total"]
    )
    disciplines = sorted({p.discipline for p in present}, key=lambda d: (d is None, d or ""))
    for discipline in disciplines:
        row += 1
        put(ws, row, 1, human(discipline) or "(none given)")
        counts = [table[(discipline, g)] for g in (*REGIONAL_GROUPS, None)]
        for col, n in enumerate([*counts, sum(counts)], start=2):
            put(ws, row, col, n)
    row += 1
    put(ws, row, 1, "Total").font = BOLD
    totals = [sum(n for (_, g), n in table.items() if g == grp) for grp in (*REGIONAL_GROUPS, None)]
    for col, n in enumerate([*totals, len(present)], start=2):
        put(ws, row, col, n).font = BOLD
    return row


def _write_funded(ws: Worksheet, row: int, problem: ProblemData, plan: Plan) -> int:
    section(ws, row, "Funded participants by regional group")
    row += 1
    funded = [p for p in problem.participants if p.participant_id in plan.funded]
    if not funded:
        note(ws, row, "Nobody's travel is funded in this plan.")
        return row
    header_row(ws, row, ["Regional group", "LDC", "Other", "Total", "Travel cost"])
    delegations = {d.delegation_id: d for d in problem.delegations}
    for group in (*REGIONAL_GROUPS, None):
        mine = [p for p in funded if delegations[p.delegation_id].regional_group == group]
        if not mine:
            continue
        ldc = sum(1 for p in mine if delegations[p.delegation_id].ldc)
        row += 1
        put(ws, row, 1, group_label(group) or "No group")
        put(ws, row, 2, ldc)
        put(ws, row, 3, len(mine) - ldc)
        put(ws, row, 4, len(mine))
        put(ws, row, 5, sum(p.travel_cost for p in mine), MONEY)
    return row


def write_balance(ws: Worksheet, problem: ProblemData, plan: Plan) -> None:
    """Discipline, regional and gender mix per panel and overall; funding by region and LDC."""
    title(ws, "Balance of panels and participation", problem.meeting.title)
    row = _write_panels(ws, 4, problem, plan)
    row = _write_mix(ws, row + 2, problem, plan)
    _write_funded(ws, row + 2, problem, plan)
    set_widths(ws, {1: 26, 2: 26, 3: 12, 4: 24, 5: 24, 6: 24, 7: 30, 8: 8, 9: 8, 10: 8})
    fit_heights(ws, 3)
    print_setup(ws, landscape=True)
