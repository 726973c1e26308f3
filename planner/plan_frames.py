"""A plan as long-format pandas tables: the machine-readable sheets of the plan workbook.

The plan workbook writes exactly these frames, so a notebook that calls `plan_tables` sees the
same rows and columns as a person who opens the workbook. Ids the problem does not know (a plan
edited by hand) are kept as typed, with their looked-up columns left blank.

Reading a plan back loads this module too, for `COLUMNS`: pandas, the funding checks, the
changes and the package's metadata are imported by the functions that use them, so reading a
plan loads none of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.domain import CATEGORIES, PanelSeat, Plan, ProblemData, Result, Session
from planner.domain.languages import sort_languages
from planner.domain.metrics import interpretation_cost, interpreter_loads, travel_cost

if TYPE_CHECKING:
    import pandas as pd

    from planner.domain.changes import Change

COLUMNS: dict[str, tuple[str, ...]] = {
    "Summary": ("field", "value"),
    "Agenda": (
        "slot_id",
        "date",
        "start",
        "end",
        "room_id",
        "item_id",
        "title",
        "part",
        "parts",
        "languages",
        "locked",
    ),
    "Interpretation": (
        "slot_id",
        "room_id",
        "item_id",
        "booth",
        "interpreter_id",
        "name",
        "retour",
        "locked",
    ),
    "Panels": (
        "item_id",
        "position",
        "participant_id",
        "name",
        "delegation_id",
        "regional_group",
        "discipline",
        "gender",
    ),
    "Seats": ("slot_id", "room_id", "item_id", "delegation_id", "participant_id"),
    "Funding": (
        "participant_id",
        "name",
        "delegation_id",
        "travel_cost",
        "funded",
        "priority",
        "reason",
    ),
    "Warnings": ("rule", "subject", "detail", "penalty"),
}
"""The machine-readable sheets of the plan workbook and their exact columns, in order: declared
once, for the frames built here and for `planner.excel.plan_reader`, which reads by them.

``locked`` (yes/no) comes after the contract's columns of `Agenda` and `Interpretation`: a
replan from this plan (``planner solve --from``) keeps the rows marked yes exactly.
"""

CHANGES_COLUMNS = ("kind", "subject", "old", "new", "who_to_notify")
"""Columns of the `Changes` sheet, written when the plan replaces a previous one."""


def yes_no(flag: bool) -> str:
    """``yes`` or ``no``, as every yes/no column of the plan workbook holds."""
    return "yes" if flag else "no"


def known_plan(problem: ProblemData, plan: Plan) -> Plan:
    """The part of ``plan`` whose ids all exist in ``problem``.

    Costs and the views for people are computed on this part; ids a person mistyped stay in
    the machine sheets for the checker to report.
    """
    slots = {s.slot_id for s in problem.slots}
    rooms = {r.room_id for r in problem.rooms}
    items = {i.item_id for i in problem.items}
    people = {p.participant_id for p in problem.participants}
    interpreters = {i.interpreter_id for i in problem.interpreters}

    def placed(slot_id: str, room_id: str, item_id: str) -> bool:
        return slot_id in slots and room_id in rooms and item_id in items

    return Plan(
        sessions=tuple(s for s in plan.sessions if placed(s.slot_id, s.room_id, s.item_id)),
        assignments=tuple(
            a
            for a in plan.assignments
            if placed(a.slot_id, a.room_id, a.item_id) and a.interpreter_id in interpreters
        ),
        seats=tuple(
            s
            for s in plan.seats
            if placed(s.slot_id, s.room_id, s.item_id) and s.participant_id in people
        ),
        panels=tuple(p for p in plan.panels if p.item_id in items and p.participant_id in people),
        funded=frozenset(plan.funded & people),
    )


def panels_in_speaking_order(problem: ProblemData, plan: Plan) -> dict[str, list[PanelSeat]]:
    """Each item's panel in speaking order, renumbered 1..n.

    Member States speak first, then observer States, then the other categories (and last
    anyone the problem does not know); ties keep the plan's order.
    """
    delegation_of = {p.participant_id: p.delegation_id for p in problem.participants}
    category_of = {d.delegation_id: d.category for d in problem.delegations}

    def rank(seat: PanelSeat) -> tuple[int, int, str]:
        category = category_of.get(delegation_of.get(seat.participant_id, ""), "")
        group = min(CATEGORIES.index(category), 2) if category else 3
        return (group, seat.position, seat.participant_id)

    by_item: dict[str, list[PanelSeat]] = defaultdict(list)
    for seat in plan.panels:
        by_item[seat.item_id].append(seat)
    return {
        item_id: [
            PanelSeat(item_id, k, s.participant_id)
            for k, s in enumerate(sorted(seats, key=rank), 1)
        ]
        for item_id, seats in by_item.items()
    }


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("planner")
    except metadata.PackageNotFoundError:
        return ""


def summary_fields(
    problem: ProblemData,
    result: Result,
    *,
    input_sha256: str | None = None,
    planner_version: str | None = None,
    generated: dt.datetime | None = None,
    changes: int | None = None,
) -> dict[str, object]:
    """The `Summary` sheet as ordered field -> value (None for a blank cell).

    Costs are those of `planner.domain.metrics` on the part of the plan the problem knows.
    ``interpretation_budget`` is the text ``unlimited`` when no budget is set. ``changes``,
    the number of rows of the `Changes` sheet, is a field only for a replan.
    """
    from planner.check.funding_story import funding_figures

    plan = known_plan(problem, result.plan)
    stamp = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    budget = problem.rules.interpretation_budget
    money = funding_figures(problem, plan)
    return {
        "status": result.status.value,
        "message": result.message or None,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "stage_gap": result.stage_gap,
        "solve_seconds": round(result.solve_seconds, 3),
        "interpretation_cost": interpretation_cost(problem, plan),
        "interpretation_budget": "unlimited" if budget is None else budget,
        "travel_cost": travel_cost(problem, plan),
        "travel_budget": problem.rules.travel_budget,
        "sessions": len(result.plan.sessions),
        "interpreters_engaged": len(interpreter_loads(problem, plan)),
        "funded_participants": len(result.plan.funded),
        **{k: money[k] for k in ("fundable_at_most", "funded_share", "travel_left")},
        "input_sha256": input_sha256 or None,
        "planner_version": planner_version if planner_version is not None else _version(),
        "title": problem.meeting.title,
        "venue": problem.meeting.venue or None,
        "generated": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **({} if changes is None else {"changes": changes}),
    }


def changes_table(changes: Sequence[Change]) -> pd.DataFrame:
    """The `Changes` sheet: one row per change, with the columns of `CHANGES_COLUMNS`."""
    import pandas as pd

    rows = [(c.kind, c.subject, c.old, c.new, c.who_to_notify) for c in changes]
    return pd.DataFrame(rows, columns=list(CHANGES_COLUMNS), dtype=object)


def _frame(sheet: str, rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    import pandas as pd

    # Let pandas pick numeric and text dtypes; dates and times stay Python objects.
    return pd.DataFrame(rows, columns=list(COLUMNS[sheet]))


def _agenda(problem: ProblemData, plan: Plan, order: dict[str, int]) -> pd.DataFrame:
    slots = {s.slot_id: s for s in problem.slots}
    items = {i.item_id: i for i in problem.items}
    rooms = {r.room_id: k for k, r in enumerate(problem.rooms)}
    by_item: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for s in plan.sessions:
        by_item[s.item_id].append((order.get(s.slot_id, len(order)), s.slot_id, s.room_id))
    rows = []
    for item_id, parts in by_item.items():
        item = items.get(item_id)
        languages = ", ".join(sort_languages(item.languages)) if item else None
        for part, (_, slot_id, room_id) in enumerate(sorted(parts), 1):
            slot = slots.get(slot_id)
            rows.append(
                (
                    slot_id,
                    slot.date if slot else None,
                    slot.start if slot else None,
                    slot.end if slot else None,
                    room_id,
                    item_id,
                    item.title if item else None,
                    part,
                    len(parts),
                    languages,
                    yes_no(Session(item_id, slot_id, room_id) in plan.locked_sessions),
                )
            )
    rows.sort(key=lambda r: (order.get(str(r[0]), len(order)), rooms.get(str(r[4]), len(rooms)), r))
    return _frame("Agenda", rows)


def plan_tables(
    problem: ProblemData,
    result: Result,
    *,
    input_sha256: str | None = None,
    planner_version: str | None = None,
    generated: dt.datetime | None = None,
    previous: Plan | None = None,
) -> dict[str, pd.DataFrame]:
    """Every machine-readable sheet of the plan workbook as a DataFrame, keyed by sheet name.

    Parameters
    ----------
    problem
        The problem the plan was made for.
    result
        The solve result; its plan may hold ids unknown to ``problem`` (they are kept).
    input_sha256, planner_version, generated
        Provenance for the `Summary` (``generated`` defaults to now, in UTC).
    previous
        The plan this one replaces (a replan): adds the `Changes` sheet and the ``changes``
        field of the `Summary`.

    Returns
    -------
    dict[str, pandas.DataFrame]
        ``Summary``, ``Agenda``, ``Interpretation``, ``Panels``, ``Seats``, ``Funding`` and
        ``Warnings``, with exactly the columns of `COLUMNS`, and ``Changes`` (the columns of
        `CHANGES_COLUMNS`) when ``previous`` is given. Dates and times are `datetime.date` and
        `datetime.time` objects; yes/no columns hold ``"yes"``/``"no"``.
    """
    from planner.domain.changes import diff

    plan = result.plan
    order = {s.slot_id: k for k, s in enumerate(problem.slots)}
    changes = None if previous is None else diff(previous, plan, problem)
    fields = summary_fields(
        problem,
        result,
        input_sha256=input_sha256,
        planner_version=planner_version,
        generated=generated,
        changes=None if changes is None else len(changes),
    )
    warnings = [(p.rule, p.subject, p.detail, p.penalty) for p in result.penalties]
    extra = {} if changes is None else {"Changes": changes_table(changes)}
    return {
        "Summary": _frame("Summary", list(fields.items())),
        "Agenda": _agenda(problem, plan, order),
        "Interpretation": _frame("Interpretation", _interpretation_rows(problem, plan, order)),
        "Panels": _frame("Panels", _panel_rows(problem, plan)),
        "Seats": _frame("Seats", _seat_rows(plan, order)),
        "Funding": _frame("Funding", _funding_rows(problem, plan)),
        "Warnings": _frame("Warnings", warnings),
        **extra,
    }


def _interpretation_rows(
    problem: ProblemData, plan: Plan, order: dict[str, int]
) -> list[tuple[object, ...]]:
    """One row per booking, by slot, room and booth (ar, zh, en, fr, ru, es)."""
    booth_rank = {code: k for k, code in enumerate(("ar", "zh", "en", "fr", "ru", "es"))}
    interpreters = {i.interpreter_id: i for i in problem.interpreters}
    return [
        (
            a.slot_id,
            a.room_id,
            a.item_id,
            a.booth,
            a.interpreter_id,
            interpreters[a.interpreter_id].name if a.interpreter_id in interpreters else None,
            yes_no(a.retour),
            yes_no(plan.is_locked(a)),
        )
        for a in sorted(
            plan.assignments,
            key=lambda a: (
                order.get(a.slot_id, len(order)),
                a.room_id,
                booth_rank.get(a.booth, 9),
                a,
            ),
        )
    ]


def _panel_rows(problem: ProblemData, plan: Plan) -> list[tuple[object, ...]]:
    """One row per speaker, by item and speaking order; unknown people keep their id only."""
    people = {p.participant_id: p for p in problem.participants}
    delegations = {d.delegation_id: d for d in problem.delegations}
    rows: list[tuple[object, ...]] = []
    for item_id, speakers in sorted(panels_in_speaking_order(problem, plan).items()):
        for seat in speakers:
            person = people.get(seat.participant_id)
            delegation = delegations.get(person.delegation_id) if person else None
            rows.append(
                (
                    item_id,
                    seat.position,
                    seat.participant_id,
                    person.name if person else None,
                    person.delegation_id if person else None,
                    delegation.regional_group if delegation else None,
                    person.discipline if person else None,
                    person.gender if person else None,
                )
            )
    return rows


def _seat_rows(plan: Plan, order: dict[str, int]) -> list[tuple[object, ...]]:
    """One row per seat, by slot."""
    return [
        (s.slot_id, s.room_id, s.item_id, s.delegation_id, s.participant_id)
        for s in sorted(plan.seats, key=lambda s: (order.get(s.slot_id, len(order)), s))
    ]


def _funding_rows(problem: ProblemData, plan: Plan) -> list[tuple[object, ...]]:
    """Every request for travel support, with its priority and the reason it was or was not
    funded, then every funded id the problem does not know."""
    from planner.check.funding_story import request_rows

    people = {p.participant_id for p in problem.participants}
    rows: list[tuple[object, ...]] = [
        (
            r.person.participant_id,
            r.person.name,
            r.person.delegation_id,
            r.person.travel_cost,
            yes_no(r.funded),
            r.priority,
            r.reason,
        )
        for r in request_rows(problem, known_plan(problem, plan))
    ]
    rows += [
        (pid, None, None, None, "yes", None, "unknown participant_id: not in the Participants")
        for pid in sorted(plan.funded - people)
    ]
    return rows
