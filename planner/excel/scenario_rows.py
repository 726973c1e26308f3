"""The optional `Scenarios` sheet: one `Scenario` per row, each checked against the base problem.

Cells are parsed by the schema like every other sheet; each scenario is then applied to the base
problem (`planner.domain.scenario.apply`), so an unknown room, slot or interpreter, or a value a
rule refuses, is reported on its row and column before anything is solved.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from planner.domain import InvalidProblem, Issue, ProblemData
from planner.domain.scenario import LIST_CHANGES, Scenario, apply
from planner.excel.cells import Bad, parse
from planner.excel.input_rows import Collector, Row, Table
from planner.excel.schema import SCENARIOS, header_key

SHEET = SCENARIOS.name
_OWN = ("scenario", *LIST_CHANGES)


def _slot_ids(refs: tuple[Any, ...], problem: ProblemData) -> tuple[set[str], list[str]]:
    """Slot ids of a cell (dates expanded to their slots), and the refs that name nothing."""
    ids: set[str] = set()
    unknown: list[str] = []
    known = {s.slot_id for s in problem.slots}
    for ref in refs:
        if isinstance(ref, dt.date):
            day = {s.slot_id for s in problem.slots if s.date == ref}
            ids |= day
            if not day:
                unknown.append(ref.isoformat())
        elif ref in known:
            ids.add(ref)
        else:
            unknown.append(str(ref))
    return ids, unknown


def _column_of(message: str) -> str | None:
    # Messages of `apply` and of `Rules` name the column or field they are about.
    names = [c.name for c in SCENARIOS.columns]
    head = message.split(":", 1)[0].strip()
    if head in names:
        return head
    return next((n for n in sorted(names, key=len, reverse=True) if n in message), None)


def _scenario(row: Row, name: str, problem: ProblemData, out: Collector) -> Scenario | None:
    settings = {k: v for k, v in row.values.items() if k not in _OWN and v is not None}
    drops: dict[str, Any] = {}
    refs = row.get("drop_slots") or ()
    slots, unknown = _slot_ids(tuple(refs), problem)
    if unknown:
        out.error(
            f"no slot is {', '.join(unknown)}; write slot_ids or meeting days",
            SHEET,
            row.number,
            "drop_slots",
            name,
        )
        return None
    drops["drop_slots"] = slots
    for column in ("drop_rooms", "drop_interpreters", "drop_items"):
        drops[column] = frozenset(row.get(column) or ())
    closed: list[tuple[str, str]] = []
    for entry in row.get("room_unavailable") or ():
        room, at, when = str(entry).partition("@")
        if not at or not room.strip() or not when.strip():
            out.error(
                f"'{entry}' is not room@when; write e.g. BRB@pm, BRB@D1-AM or BRB@2024-03-26",
                SHEET,
                row.number,
                "room_unavailable",
                name,
            )
            return None
        closed.append((room.strip(), when.strip()))
    try:
        scenario = Scenario(name, settings, room_unavailable=tuple(closed), **drops)
        apply(problem, scenario)
    except InvalidProblem as exc:
        for issue in exc.errors:
            out.error(
                f"this scenario leaves the data inconsistent ({issue.sheet} {issue.key}: "
                f"{issue.message})",
                SHEET,
                row.number,
                None,
                name,
            )
        return None
    except ValueError as exc:
        message = str(exc).removeprefix("rules: ")
        out.error(message, SHEET, row.number, _column_of(message), name)
        return None
    return scenario


def build_scenarios(
    table: Table | None, problem: ProblemData | None, out: Collector
) -> tuple[Scenario, ...]:
    """Every scenario of the sheet that applies to ``problem``; the others are reported.

    Parameters
    ----------
    table
        The parsed `Scenarios` sheet (None when the workbook has none).
    problem
        The base problem; None when the other sheets have errors (the scenarios are then
        only parsed, not applied).
    out
        Where the problems go, each on its row and column.
    """
    if table is None:
        return ()
    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        name = row.get("scenario")
        if name is None:
            continue
        if name.casefold() in seen or name.casefold() == "base":
            reason = (
                "'base' names the unchanged plan"
                if name.casefold() == "base"
                else f"the name is also used on row {seen[name.casefold()]}"
            )
            out.error(f"{reason}; give each scenario its own name", SHEET, row.number, "scenario")
            continue
        seen[name.casefold()] = row.number
        if row.bad or problem is None:
            continue
        scenario = _scenario(row, name, problem, out)
        if scenario is not None:
            scenarios.append(scenario)
    return tuple(scenarios)


def _grid_axis(option: str, out: Collector) -> tuple[str, list[tuple[str, Any]]] | None:
    """``FIELD=V1,V2`` as the field and its (text, parsed value) pairs."""
    name, eq, values = option.partition("=")
    known = {header_key(c.name): c for c in SCENARIOS.columns if c.name != "scenario"}
    column = known.get(header_key(name))
    if not eq or column is None:
        what = f"unknown field '{name.strip()}'" if eq else f"'{option}' is not FIELD=V1,V2"
        out.error(
            f"--set: {what}; write a Rules or Meeting field or a Scenarios column, e.g. "
            "--set travel_budget=40000,80000"
        )
        return None
    axis: list[tuple[str, Any]] = []
    for text in (v.strip() for v in values.split(",")):
        value = parse(column, text)
        if isinstance(value, Bad) or value is None:
            reason = value.message if isinstance(value, Bad) else "a value is blank"
            out.error(f"--set {column.name}: {reason}")
            return None
        axis.append((text, value))
    return column.name, axis


def grid_scenarios(options: Sequence[str], problem: ProblemData) -> tuple[Scenario, ...]:
    """The scenarios of ``--set FIELD=V1,V2,...`` options: every combination of their values.

    A value of a list column holds its list with semicolons (``--set drop_slots=D4-AM;D4-PM``).

    Raises
    ------
    InvalidProblem
        With every bad option or value, each naming the option.
    """
    if not options:
        return ()
    out = Collector()
    axes = [axis for option in options if (axis := _grid_axis(option, out)) is not None]
    if out.has_errors:
        raise InvalidProblem(out.issues)
    fields = [name for name, _ in axes]
    doubled = sorted({f for f in fields if fields.count(f) > 1})
    if doubled:
        raise InvalidProblem([Issue(f"--set {', '.join(doubled)} is given twice; merge them")])
    scenarios: list[Scenario] = []
    for point in itertools.product(*(values for _, values in axes)):
        name = ", ".join(f"{f}={text}" for f, (text, _) in zip(fields, point, strict=True))
        row = Row(0, {f: value for f, (_, value) in zip(fields, point, strict=True)})
        found = Collector()
        scenario = _scenario(row, name, problem, found)
        for issue in found.issues:
            out.error(f"--set {issue.column or name}: {issue.message}")
        if scenario is not None:
            scenarios.append(scenario)
    if out.has_errors:
        raise InvalidProblem(list(dict.fromkeys(out.issues)))  # one line per bad value
    return tuple(scenarios)
