"""Views for people about participation: the list of participants and the balance of panels.

The list follows the layout of a UN list of participants: Member States alphabetically, then
observer States, UN entities, intergovernmental and non-governmental organizations and
institutes; within a delegation the head first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import CATEGORIES, REGIONAL_GROUPS, Participant, Plan, ProblemData
from planner.domain.metrics import takes_part
from planner.excel.charts import balance_charts
from planner.excel.style import (
    BOLD,
    GROUP_FILL,
    WRAP_TOP,
    fit_heights,
    header_row,
    human,
    note,
    print_setup,
    put,
    section,
    set_widths,
    title,
)
from planner.i18n import Words, words as words_of
from planner.plan_frames import panels_in_speaking_order

ENGLISH = words_of("en")
_LIST_HEADERS = (
    "name",
    "role",
    "discipline",
    "mode",
    "days_present",
    "funded",
    "sessions",
    "speaks_on",
)


def day_range(days: list[dt.date], all_days: Sequence[dt.date], w: Words) -> str:
    """Days present in words: ``all days``, ``Mon 25 Mar``, ``25 Mar - 27 Mar (3 days)``."""
    present = sorted(days)
    if present == list(all_days):
        return w("days.all")
    first, last = present[0], present[-1]
    if len(present) == 1:
        return w.short_day(first)
    return w("days.range", first=w.day_month(first), last=w.day_month(last), count=len(present))


def group_label(group: str | None, w: Words) -> str:
    """Display name of a UN regional group (blank for none)."""
    if group is None:
        return ""
    return w(f"group.{group}") if w.has(f"group.{group}") else group


def _days_taking_part(problem: ProblemData, plan: Plan, person: Participant) -> list[dt.date]:
    return [d for d in problem.days if takes_part(problem, plan, person, d)]


def _funded_text(person: Participant, plan: Plan, w: Words) -> str:
    if not person.needs_funding:
        return ""
    funded = person.participant_id in plan.funded
    return w("participants.funded_yes" if funded else "participants.funded_no")


def write_participants(ws: Worksheet, problem: ProblemData, plan: Plan, w: Words = ENGLISH) -> None:
    """The list of participants by delegation, with what each person does in the plan."""
    title(ws, w("participants.title"), problem.meeting.title)
    if not problem.participants:
        note(ws, 4, w("participants.empty"))
        return
    header_row(ws, 3, [w(f"participants.{key}") for key in _LIST_HEADERS])
    people: dict[str, list[Participant]] = defaultdict(list)
    for p in problem.participants:
        people[p.delegation_id].append(p)
    seated = Counter(s.participant_id for s in plan.seats)
    panels: dict[str, list[str]] = defaultdict(list)
    for item_id, speakers in panels_in_speaking_order(problem, plan).items():
        for seat in speakers:
            text = w("participants.speaker", item=item_id, position=seat.position)
            panels[seat.participant_id].append(text)
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
            put(ws, row, 1, w(f"category.{category}")).font = BOLD
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
                w(f"role.{p.role}"),
                human(p.discipline),
                w("participants.in_person" if p.in_person else "participants.online"),
                day_range(days, problem.days, w) if days else w("participants.not_taking_part"),
                _funded_text(p, plan, w),
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


_PANEL_HEADERS = (
    "item",
    "item_title",
    "speakers",
    "wanted",
    "covered",
    "missing",
    "groups",
    "women",
    "men",
    "other",
)


def _write_panels(ws: Worksheet, row: int, problem: ProblemData, plan: Plan, w: Words) -> int:
    section(ws, row, w("balance.panels"))
    row += 1
    order = panels_in_speaking_order(problem, plan)
    items = [i for i in problem.items if i.panel_size > 0 or i.item_id in order]
    if not items:
        note(ws, row, w("balance.no_panels"))
        return row
    header_row(ws, row, [w(f"balance.{key}") for key in _PANEL_HEADERS])
    for item in items:
        row += 1
        speakers = [problem.participant(s.participant_id) for s in order.get(item.item_id, [])]
        groups = Counter(
            group_label(problem.delegation(p.delegation_id).regional_group, w)
            or w("balance.no_group")
            for p in speakers
        )
        held = {p.discipline for p in speakers}
        wanted = list(item.disciplines)
        genders = Counter(p.gender for p in speakers)
        values: tuple[object, ...] = (
            item.item_id,
            item.title,
            w("balance.of", count=len(speakers), size=item.panel_size),
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


def _write_mix(ws: Worksheet, row: int, problem: ProblemData, plan: Plan, w: Words) -> int:
    section(ws, row, w("balance.mix"))
    row += 1
    present = [
        p
        for p in problem.participants
        if any(takes_part(problem, plan, p, d) for d in problem.days)
    ]
    if not present:
        note(ws, row, w("balance.nobody"))
        return row
    group_of = {d.delegation_id: d.regional_group for d in problem.delegations}
    table = Counter((p.discipline, group_of.get(p.delegation_id)) for p in present)
    header_row(
        ws,
        row,
        [
            w("balance.discipline"),
            *(group_label(g, w) for g in REGIONAL_GROUPS),
            w("group.none"),
            w("common.total"),
        ],
    )
    disciplines = sorted({p.discipline for p in present}, key=lambda d: (d is None, d or ""))
    for discipline in disciplines:
        row += 1
        put(ws, row, 1, human(discipline) or w("balance.no_discipline"))
        counts = [table[(discipline, g)] for g in (*REGIONAL_GROUPS, None)]
        for col, n in enumerate([*counts, sum(counts)], start=2):
            put(ws, row, col, n)
    row += 1
    put(ws, row, 1, w("common.total")).font = BOLD
    totals = [sum(n for (_, g), n in table.items() if g == grp) for grp in (*REGIONAL_GROUPS, None)]
    for col, n in enumerate([*totals, len(present)], start=2):
        put(ws, row, col, n).font = BOLD
    return row


def _write_funded(ws: Worksheet, row: int, problem: ProblemData, plan: Plan, w: Words) -> int:
    """Requests and funded people by regional group, least developed countries apart."""
    section(ws, row, w("balance.funded"))
    row += 1
    asked = [p for p in problem.participants if p.needs_funding or p.participant_id in plan.funded]
    if not asked:
        note(ws, row, w("balance.nobody_asked"))
        return row
    keys = (
        "balance.group",
        "balance.ldc_requests",
        "balance.ldc_funded",
        "balance.other_requests",
        "balance.other_funded",
        "balance.requests",
        "balance.funded_people",
        "balance.travel_cost",
    )
    header_row(ws, row, [w(k) for k in keys])
    delegations = {d.delegation_id: d for d in problem.delegations}

    def counts(people: list[Participant]) -> list[float]:
        ldc = [p for p in people if delegations[p.delegation_id].ldc]
        other = [p for p in people if not delegations[p.delegation_id].ldc]
        funded = [p for p in people if p.participant_id in plan.funded]
        return [
            len(ldc),
            sum(p.participant_id in plan.funded for p in ldc),
            len(other),
            sum(p.participant_id in plan.funded for p in other),
            len(people),
            len(funded),
            sum(p.travel_cost for p in funded),
        ]

    for group in (*REGIONAL_GROUPS, None):
        mine = [p for p in asked if delegations[p.delegation_id].regional_group == group]
        if not mine:
            continue
        row += 1
        put(ws, row, 1, group_label(group, w) or w("group.none"))
        for col, value in enumerate(counts(mine), start=2):
            put(ws, row, col, value, w.money_format if col == 8 else None)
    row += 1
    put(ws, row, 1, w("common.total")).font = BOLD
    for col, value in enumerate(counts(asked), start=2):
        put(ws, row, col, value, w.money_format if col == 8 else None).font = BOLD
    return row


def write_balance(ws: Worksheet, problem: ProblemData, plan: Plan, w: Words = ENGLISH) -> None:
    """Discipline, regional and gender mix per panel and overall; funding by region and LDC."""
    title(ws, w("balance.title"), problem.meeting.title)
    row = _write_panels(ws, 4, problem, plan, w)
    row = _write_mix(ws, row + 2, problem, plan, w)
    row = _write_funded(ws, row + 2, problem, plan, w)
    balance_charts(ws, row + 2, problem, plan, w)
    set_widths(ws, {1: 26, 2: 26, 3: 12, 4: 24, 5: 24, 6: 24, 7: 30, 8: 12, 9: 8, 10: 8})
    fit_heights(ws, 3)
    print_setup(ws, landscape=True)
