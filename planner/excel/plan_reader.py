"""Read a plan workbook back into a `Plan`, also after a person edited it in Excel.

Only the machine sheets are read (`Agenda`, `Interpretation`, `Seats`, `Panels`, `Funding`),
with the ``locked`` column of `Agenda` and `Interpretation` (blank or missing is no).
Ids are taken as typed, even when the problem does not know them, so that the checker can say
what is wrong; only rows that cannot be read at all (a required column missing, a required id
blank, a yes/no or position that means nothing) stop the reading, all reported at once.
Cells are parsed as the input reader parses them (`planner.excel.cells`), so "Y", TRUE, 1 and
"x" mean yes on both sides.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from planner.domain import (
    Assignment,
    InvalidProblem,
    Issue,
    PanelSeat,
    Plan,
    ProblemData,
    Seat,
    Session,
    Slot,
    language_code,
)
from planner.domain.plan import Booking, booking
from planner.excel import cells, safety
from planner.excel.schema import header_key
from planner.plan_frames import COLUMNS

logger = logging.getLogger("planner")
T = TypeVar("T")

# Columns each sheet must have; the other columns the writer adds (`COLUMNS`, declared once
# with the frames it writes) are optional when reading.
REQUIRED: dict[str, tuple[str, ...]] = {
    "Agenda": ("slot_id", "room_id", "item_id"),
    "Interpretation": ("slot_id", "room_id", "item_id", "booth", "interpreter_id"),
    "Seats": ("slot_id", "room_id", "item_id", "participant_id"),
    "Panels": ("item_id", "participant_id"),
    "Funding": ("participant_id", "funded"),
}
# Cells that must hold an id in a row that holds anything (a blank yes/no is "no", and a blank
# Agenda slot_id may be found from the row's date and start).
_KEYS: dict[str, tuple[str, ...]] = {
    "Agenda": ("room_id", "item_id"),
    "Interpretation": ("slot_id", "room_id", "item_id", "booth", "interpreter_id"),
    "Seats": ("slot_id", "room_id", "item_id", "participant_id"),
    "Panels": ("item_id", "participant_id"),
    "Funding": ("participant_id",),
}


@dataclass(frozen=True, slots=True)
class Row:
    """One non-blank row of a machine sheet: its number, raw cells and readable ids."""

    sheet: str
    number: int
    raw: dict[str, Any]
    ids: dict[str, str]

    def id(self, column: str) -> str:
        """The id typed in a key column (never blank: rows without one are not yielded)."""
        return self.ids[column]


class _Reader:
    """Reads the machine sheets of one workbook, collecting every issue found."""

    def __init__(self, wb: Workbook) -> None:
        self.names = {name.strip().casefold(): name for name in wb.sheetnames}
        self.wb = wb
        self.issues: list[Issue] = []

    def error(self, message: str, sheet: str, row: int | None, column: str | None) -> None:
        self.issues.append(Issue(message, sheet=sheet, row=row, column=column))

    def warn(self, message: str, sheet: str, row: int | None, column: str | None) -> None:
        self.issues.append(Issue(message, sheet=sheet, row=row, column=column, severity="warning"))

    def _columns(self, sheet: str, header: tuple[Any, ...]) -> dict[int, str] | None:
        known = {header_key(c): c for c in COLUMNS[sheet]}
        columns: dict[int, str] = {}
        for k, cell in enumerate(header):
            name = cells.parse_text(cell)
            column = known.get(header_key(name)) if isinstance(name, str) else None
            if column is not None and column not in columns.values():
                columns[k] = column
            elif name is not None:
                logger.info("sheet '%s': column '%s' is not part of a plan; ignored", sheet, name)
        missing = [c for c in REQUIRED[sheet] if c not in columns.values()]
        for column in missing:
            self.error(f"the required column '{column}' is missing", sheet, 1, column)
        return None if missing else columns

    def rows(self, sheet: str) -> Iterator[Row]:
        """The readable non-blank rows of ``sheet``; nothing when it or a column is missing."""
        name = self.names.get(sheet.casefold())
        if name is None:
            self.error(f"the plan has no '{sheet}' sheet", sheet, None, None)
            return
        ws = self.wb[name]
        if isinstance(ws, ReadOnlyWorksheet):
            # Files saved by some tools declare a wrong used range; read what is really there.
            ws.reset_dimensions()
        values = ws.iter_rows(values_only=True)
        columns = self._columns(sheet, next(values, ()))
        if columns is None:
            return
        for number, cells_of_row in enumerate(values, start=2):
            raw = {c: cells_of_row[k] for k, c in columns.items() if k < len(cells_of_row)}
            if all(cells.clean(v) is None for v in raw.values()):
                continue  # blank rows, also formatted but empty ones
            ids: dict[str, str] = {}
            for column in _KEYS[sheet]:
                parsed = cells.parse_text(raw.get(column))
                if isinstance(parsed, str):
                    ids[column] = parsed
                else:
                    message = parsed.message if parsed else f"{column} is blank"
                    self.error(message, sheet, number, column)
            if len(ids) == len(_KEYS[sheet]):
                yield Row(sheet, number, raw, ids)

    def text(self, row: Row, column: str) -> str | None:
        """An optional text cell; an unreadable one (an Excel error) is reported as None."""
        parsed = cells.parse_text(row.raw.get(column))
        if isinstance(parsed, cells.Bad):
            self.error(parsed.message, row.sheet, row.number, column)
            return None
        return parsed

    def flag(self, row: Row, column: str) -> bool:
        """A yes/no cell (blank is no); an unreadable one is reported."""
        parsed = cells.parse_yes_no(row.raw.get(column))
        if isinstance(parsed, cells.Bad):
            self.error(parsed.message, row.sheet, row.number, column)
            return False
        return bool(parsed)


def _stale_copy(
    reader: _Reader, r: Row, slot: Slot, by_time: dict[tuple[dt.date, dt.time], str]
) -> bool:
    """Whether the row's date, start and end agree with its slot; a disagreement is a warning
    (the slot counts: they are copies for people), unless the date and start name no slot at
    all, which may be a move to a time the meeting does not have: an error. False on error."""
    date = _value(cells.parse_date(r.raw.get("date")))
    start = _value(cells.parse_time(r.raw.get("start")))
    end = _value(cells.parse_time(r.raw.get("end")))
    stale = [
        column
        for column, typed, actual in (
            ("date", date, slot.date),
            ("start", start, slot.start),
            ("end", end, slot.end),
        )
        if typed is not None and typed != actual
    ]
    if not stale:
        return True
    named = by_time.get((date or slot.date, start or slot.start))
    if named is None and ("date" in stale or "start" in stale):
        reader.error(
            f"the row's date and start ({_when(date or slot.date, start or slot.start)}) name "
            f"no slot of the meeting, and its slot_id '{slot.slot_id}' is "
            f"{_when(slot.date, slot.start)}; to move the item, write the slot_id of the new "
            "slot (date and start are copies)",
            "Agenda",
            r.number,
            stale[0],
        )
        return False
    cells_named = " and ".join(stale)
    copies = "is a stale copy" if len(stale) == 1 else "are stale copies"
    reader.warn(
        f"the {cells_named} {copies}: slot '{slot.slot_id}' is on "
        f"{_when(slot.date, slot.start)}-{slot.end:%H:%M}; the slot_id counts",
        "Agenda",
        r.number,
        stale[0],
    )
    return True


def _value(parsed: T | cells.Bad | None) -> T | None:
    return None if isinstance(parsed, cells.Bad) else parsed


def _when(date: dt.date, start: dt.time) -> str:
    return f"{date.isoformat()} {start:%H:%M}"


def _sessions(reader: _Reader, problem: ProblemData) -> tuple[list[Session], set[Session]]:
    """The `Agenda` rows as sessions, and those marked locked.

    ``slot_id`` counts; ``date``, ``start`` and ``end`` are copies for people. A blank
    ``slot_id`` is found from the date and start.
    """
    slots = {s.slot_id: s for s in problem.slots}
    by_time = {(s.date, s.start): s.slot_id for s in problem.slots}
    out = []
    locked = set()
    for r in reader.rows("Agenda"):
        slot_id = reader.text(r, "slot_id")
        slot = slots.get(slot_id) if slot_id is not None else None
        if slot_id is None:
            # A person who moved an item by retyping its date and time, not its slot.
            date = _value(cells.parse_date(r.raw.get("date")))
            start = _value(cells.parse_time(r.raw.get("start")))
            slot_id = by_time.get((date, start)) if date and start else None
            if slot_id is None:
                reader.error("slot_id is blank", "Agenda", r.number, "slot_id")
                continue
        elif slot is not None and not _stale_copy(reader, r, slot, by_time):
            continue
        session = Session(r.id("item_id"), slot_id, r.id("room_id"))
        out.append(session)
        if reader.flag(r, "locked"):
            locked.add(session)
    return out, locked


def _assignments(reader: _Reader) -> tuple[list[Assignment], set[Booking]]:
    """The `Interpretation` rows as assignments, and the bookings of those marked locked."""
    out = []
    locked = set()
    for r in reader.rows("Interpretation"):
        assignment = Assignment(
            r.id("slot_id"),
            r.id("room_id"),
            r.id("item_id"),
            language_code(r.id("booth")) or r.id("booth"),
            r.id("interpreter_id"),
            reader.flag(r, "retour"),
        )
        out.append(assignment)
        if reader.flag(r, "locked"):
            locked.add(booking(assignment))
    return out, locked


def _seats(reader: _Reader, problem: ProblemData) -> list[Seat]:
    delegation_of = {p.participant_id: p.delegation_id for p in problem.participants}
    out = []
    for r in reader.rows("Seats"):
        pid = r.id("participant_id")
        delegation = reader.text(r, "delegation_id") or delegation_of.get(pid)
        if delegation is None:
            reader.error(
                f"delegation_id is blank and participant '{pid}' is unknown",
                "Seats",
                r.number,
                "delegation_id",
            )
            continue
        out.append(Seat(r.id("slot_id"), r.id("room_id"), r.id("item_id"), delegation, pid))
    return out


def _panels(reader: _Reader) -> list[PanelSeat]:
    typed: list[tuple[str, int | None, str]] = []
    for r in reader.rows("Panels"):
        position = cells.parse_int(r.raw.get("position"), minimum=1)
        if isinstance(position, cells.Bad):
            reader.error(position.message, "Panels", r.number, "position")
            continue
        typed.append((r.id("item_id"), position, r.id("participant_id")))
    # A row whose position was cleared speaks after the numbered ones, in row order.
    last: dict[str, int] = {}
    for item_id, position, _ in typed:
        if position is not None:
            last[item_id] = max(last.get(item_id, 0), position)
    out = []
    for item_id, position, pid in typed:
        if position is None:
            position = last[item_id] = last.get(item_id, 0) + 1
        out.append(PanelSeat(item_id, position, pid))
    return out


def _funded(reader: _Reader) -> frozenset[str]:
    rows = list(reader.rows("Funding"))
    return frozenset(r.id("participant_id") for r in rows if reader.flag(r, "funded"))


def _open(path: str | os.PathLike[str]) -> Workbook:
    safety.check_file(Path(path))
    with safety.reading():
        return load_workbook(path, read_only=True, data_only=True)


def read_plan(path: str | os.PathLike[str], problem: ProblemData) -> Plan:
    """Read the plan in a plan workbook (as written by `write_plan` or edited by a person).

    `read_plan_report` gives the same plan with the warnings about stale cells; here they
    are logged.
    """
    plan, warnings = read_plan_report(path, problem)
    for warning in warnings:
        logger.warning("%s", warning)
    return plan


def read_plan_report(
    path: str | os.PathLike[str], problem: ProblemData
) -> tuple[Plan, list[Issue]]:
    """Read the plan in a plan workbook, and the warnings about it.

    In `Agenda`, ``slot_id`` and ``room_id`` count; a ``date``, ``start`` or ``end`` that
    disagrees with the slot (an item moved by retyping only its ``slot_id``) is a warning,
    unless the date and start name no slot at all (an error).

    Parameters
    ----------
    path
        The ``.xlsx`` plan workbook.
    problem
        The problem the plan is for: it fills a blank ``delegation_id`` in `Seats` and finds
        the slot of an `Agenda` row whose ``slot_id`` was cleared but whose date and start
        name a slot.

    Returns
    -------
    tuple
        The plan (sessions, assignments, seats, panels and funded participants, with ids as
        typed, and the rows marked ``locked`` as the plan's locked sessions and assignments)
        and the warnings, each located by sheet, row and column.

    Raises
    ------
    InvalidProblem
        With every row that cannot be read, each located by sheet, row and column (or one
        issue when the file is not a readable workbook).
    """
    wb = _open(path)
    try:
        with safety.reading():
            reader = _Reader(wb)
            sessions, locked_sessions = _sessions(reader, problem)
            assignments, locked_assignments = _assignments(reader)
            plan = Plan(
                sessions=tuple(sessions),
                assignments=tuple(assignments),
                seats=tuple(_seats(reader, problem)),
                panels=tuple(_panels(reader)),
                funded=_funded(reader),
                locked_sessions=frozenset(locked_sessions),
                locked_assignments=frozenset(locked_assignments),
            )
    finally:
        wb.close()
    if any(i.is_error for i in reader.issues):
        raise InvalidProblem(reader.issues)
    return plan, reader.issues


def read_summary(path: str | os.PathLike[str]) -> dict[str, object]:
    """The `Summary` sheet of a plan workbook as field -> value (None for a blank value).

    Raises
    ------
    InvalidProblem
        When the file is not a readable workbook or has no `Summary` sheet.
    """
    wb = _open(path)
    try:
        with safety.reading():
            names = {name.strip().casefold(): name for name in wb.sheetnames}
            if "summary" not in names:
                raise InvalidProblem([Issue("the plan has no 'Summary' sheet", sheet="Summary")])
            out: dict[str, object] = {}
            rows = wb[names["summary"]].iter_rows(min_row=2, values_only=True)
            for values in rows:
                field = cells.parse_text(values[0]) if values else None
                if isinstance(field, str):
                    out[field] = cells.clean(values[1]) if len(values) > 1 else None
            return out
    finally:
        wb.close()
