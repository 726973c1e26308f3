"""Writing a `ProblemData` as an input workbook: the reader's inverse.

``read_workbook`` of what `write_problem` wrote gives an equal problem, Rules and weights
included. Every value is written explicitly (no blank left to a default), text as text even when
it starts with ``=``, ``+``, ``-`` or ``@``, so that Excel never takes a name for a formula.
Two things cannot be told apart in a workbook and so do not survive the trip: a State delegation
whose regional group is deliberately None (blank means "from the reference data") and an item
whose ``allowed_slots`` is an empty set (blank means any slot).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import LANGUAGES, ProblemData, Rules
from planner.domain.languages import sort_languages
from planner.excel.schema import SCHEMA, Column, Kind, sheet
from planner.excel.template import fill_field, link_dropdowns, new_workbook, save_atomically


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _join(values: Iterable[str]) -> str | None:
    text = ", ".join(values)
    return text or None


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _write_row(ws: Worksheet, number: int, values: dict[str, Any]) -> None:
    names = [c.name for c in next(s for s in SCHEMA if s.name == ws.title).columns]
    for index, name in enumerate(names, start=1):
        value = values.get(name)
        cell = ws.cell(row=number, column=index, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even when it starts with "="
        elif isinstance(value, dt.time):
            cell.number_format = "hh:mm"
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"


def _slot_list(problem: ProblemData, ids: Iterable[str]) -> str | None:
    order = {s.slot_id: i for i, s in enumerate(problem.slots)}
    return _join(sorted(ids, key=lambda sid: (order.get(sid, len(order)), sid)))


def _rules(ws: Worksheet, rules: Rules) -> None:
    for lang in LANGUAGES:
        fill_field(ws, f"team_size_{lang}", rules.team_size[lang])
    fill_field(ws, "retour_booths", _join(sort_languages(rules.retour_booths)) or "none")
    for name in (
        "retour_per_team",
        "interpreter_max_per_day",
        "interpreter_max_per_week",
        "max_parallel_sessions",
        "seats_per_delegation",
        "secretariat_seats",
        "max_funded_per_delegation",
        "panel_max_per_delegation",
        "panel_max_per_participant",
        "workers",
        "seed",
    ):
        fill_field(ws, name, getattr(rules, name))
    budget = rules.interpretation_budget
    fill_field(ws, "interpretation_budget", "unlimited" if budget is None else _number(budget))
    fill_field(ws, "travel_budget", _number(rules.travel_budget))
    fill_field(ws, "time_limit_seconds", _number(rules.time_limit_seconds))
    for rule, weight in rules.weights.items():
        fill_field(ws, f"weight_{rule}", _number(weight))


_RECORDS: dict[str, Callable[[ProblemData], Iterable[object]]] = {
    "Slots": lambda p: p.slots,
    "Rooms": lambda p: p.rooms,
    "Agenda": lambda p: p.items,
    "Delegations": lambda p: p.delegations,
    "Participants": lambda p: p.participants,
    "Interpreters": lambda p: p.interpreters,
    "Disciplines": lambda p: p.disciplines or (),
}
"""The records of each table sheet; each column of the schema is the record's field of that
name, so a column added to the schema is written without a change here."""


def _cell(problem: ProblemData, column: Column, value: Any) -> Any:
    """A record's field as the reader reads it back in the column's kind."""
    if value is None:
        return None
    if column.kind is Kind.YES_NO:
        return _yes_no(value)
    if column.kind in (Kind.LANGUAGES, Kind.IDS):
        # a set has no order of its own: languages in the official order, ids sorted
        if isinstance(value, frozenset | set):
            value = sort_languages(value) if column.kind is Kind.LANGUAGES else sorted(value)
        return _join(value)
    if column.kind is Kind.SLOT_REFS:
        return _slot_list(problem, value)
    if column.kind in (Kind.MONEY, Kind.NUMBER):
        return _number(value)
    if column.kind is Kind.TEXT:
        return value or None
    return value


def _tables(problem: ProblemData) -> dict[str, list[dict[str, Any]]]:
    """Each table sheet's rows as column name -> cell value, from the schema's columns."""
    return {
        name: [
            {c.name: _cell(problem, c, getattr(record, c.name)) for c in sheet(name).columns}
            for record in records(problem)
        ]
        for name, records in _RECORDS.items()
    }


def write_problem(problem: ProblemData, path: str | os.PathLike[str]) -> None:
    """Write a problem as an input workbook of the contract.

    Parameters
    ----------
    problem
        The problem to write.
    path
        Where to write the ``.xlsx``; replaced atomically if it exists.
    """
    wb = new_workbook()
    meeting = wb["Meeting"]
    fill_field(meeting, "title", problem.meeting.title)
    fill_field(meeting, "venue", problem.meeting.venue or None)
    fill_field(meeting, "timezone", problem.meeting.timezone)
    fill_field(meeting, "languages", _join(problem.meeting.languages))
    fill_field(meeting, "output_language", problem.meeting.output_language)
    _rules(wb["Rules"], problem.rules)
    for name, rows in _tables(problem).items():
        for number, values in enumerate(rows, start=2):
            _write_row(wb[name], number, values)
    if problem.disciplines is None:
        del wb["Disciplines"]
    link_dropdowns(wb)
    save_atomically(wb, path)
