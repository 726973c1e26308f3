"""Reading the input workbook's sheets into rows of parsed cells, reporting every problem.

The file is checked by `planner.excel.safety` first, then opened read-only with openpyxl
(``read_only=True, data_only=True``: formulas give their saved results) and never modified.
Each sheet is read only as far as its last row with data, whatever range Excel thinks it uses.

Merged cells: openpyxl hands over only the top-left cell of a merged range. A range that spans
several data rows is filled down its first column (people merge a delegation's cells over its
participants' rows); every other cell of the range is blank.
"""

from __future__ import annotations

import difflib
import logging
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from planner.domain import InvalidProblem, Issue
from planner.excel import safety
from planner.excel.cells import Bad, clean, parse
from planner.excel.schema import SCHEMA, TWO_COLUMN_HEADERS, Column, Sheet, header_key

logger = logging.getLogger("planner")

MAX_BLANK_RUN = 1000
_NO_RESULT = object()  # a formula cell without a saved result


@dataclass(slots=True)
class Row:
    """One record row: parsed values by canonical column (None when blank or unreadable)."""

    number: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)

    def get(self, column: str) -> Any:
        """The parsed value, or None."""
        return self.values.get(column)


@dataclass(slots=True)
class Table:
    """A sheet's records; a two-column sheet has one row holding every field.

    ``field_rows`` locates each field of a two-column sheet on its workbook row.
    """

    sheet: Sheet
    rows: list[Row] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    field_rows: dict[str, int] = field(default_factory=dict)


class Collector:
    """Collects the issues of one reading, in the order found."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def error(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        key: str | None = None,
    ) -> None:
        """Record a problem that stops planning."""
        self.issues.append(Issue(message, sheet, row, column, key))

    def warn(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        key: str | None = None,
    ) -> None:
        """Record a problem that does not stop planning."""
        self.issues.append(Issue(message, sheet, row, column, key, severity="warning"))

    @property
    def has_errors(self) -> bool:
        """True once any error has been recorded."""
        return any(i.is_error for i in self.issues)


def _suggest(text: str, options: list[str]) -> str:
    close = difflib.get_close_matches(text.casefold(), options, n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


def _raw_rows(
    ws: Any, scan: safety.SheetScan, width: int, sheet: str, out: Collector
) -> Iterator[tuple[int, list[Any]]]:
    if scan.last_row is not None and scan.last_row < 2:
        return
    blank_run = 0
    rows = ws.iter_rows(min_row=2, max_row=scan.last_row, max_col=width, values_only=True)
    for number, values in enumerate(rows, start=2):
        if all(clean(v) is None for v in values):
            blank_run += 1
            # Only when the XML numbers rows implicitly: there the data's end is unknown.
            if scan.last_row is None and blank_run >= MAX_BLANK_RUN:
                out.warn(
                    f"reading stopped at row {number} after {MAX_BLANK_RUN} empty rows; "
                    "if data follows further down, delete the empty rows above it",
                    sheet,
                )
                return
            continue
        blank_run = 0
        yield number, list(values) + [None] * (width - len(values))


def _fill_merges(rows: dict[int, list[Any]], scan: safety.SheetScan) -> None:
    for min_row, min_col, max_row, _max_col in scan.merges:
        top = rows.get(min_row)
        if min_row < 2 or top is None or min_col > len(top):
            continue
        for number in range(min_row + 1, max_row + 1):
            below = rows.get(number)
            if below is not None and below[min_col - 1] is None:
                below[min_col - 1] = top[min_col - 1]


def _header(ws: Any, sheet: Sheet, out: Collector) -> dict[int, str]:
    known = {header_key(c.name): c.name for c in sheet.columns}
    mapping: dict[int, str] = {}
    for values in ws.iter_rows(min_row=1, max_row=1, values_only=True):
        for index, raw in enumerate(values):
            text = clean(raw)
            if text is None:
                continue
            name = known.get(header_key(str(text)))
            if name is None:
                hint = _suggest(str(text), [c.name for c in sheet.columns])
                out.warn(f"unknown column '{text}' is ignored{hint}", sheet.name, 1)
            elif name in mapping.values():
                out.error(f"column '{name}' appears twice; keep one of them", sheet.name, 1, name)
            else:
                mapping[index] = name
    return mapping


def _parse_cell(column: Column, raw: Any, row: Row, sheet: str, out: Collector) -> None:
    if raw is _NO_RESULT:
        row.bad.add(column.name)
        out.error(
            "the formula in this cell has no saved result (the file was written by a program "
            "that does not calculate); open the file in Excel or LibreOffice and save it",
            sheet,
            row.number,
            column.name,
        )
        return
    value = parse(column, raw)
    if isinstance(value, Bad):
        row.bad.add(column.name)
        out.error(value.message, sheet, row.number, column.name)
    elif value is None and column.required:
        row.bad.add(column.name)
        out.error(
            f"{column.name} is required on every row; fill it in", sheet, row.number, column.name
        )
    else:
        row.values[column.name] = value


def _formula_cells(
    archive: zipfile.ZipFile, member: str | None, scan: safety.SheetScan
) -> set[tuple[int, int]]:
    if member is None or not scan.has_formulas:
        return set()
    return set(safety.formulas_without_value(archive, member, scan.last_row))


def _read_table(ws: Any, archive: zipfile.ZipFile, sheet: Sheet, out: Collector) -> Table:
    member = getattr(ws, "_worksheet_path", None)
    scan = safety.scan_sheet(archive, member) if member else safety.SheetScan(None, (), False)
    ws.reset_dimensions()  # the declared used range may run to row 1,048,576
    if sheet.two_column:
        mapping = {0: "field", 1: "value"}
        header = next(ws.iter_rows(min_row=1, max_row=1, max_col=2, values_only=True), ())
        first_row_is_header = [header_key(str(clean(v) or "")) for v in header] == list(
            TWO_COLUMN_HEADERS
        )
    else:
        mapping = _header(ws, sheet, out)
        for column in sheet.columns:
            if column.required and column.name not in mapping.values():
                out.error(
                    f"required column '{column.name}' is missing; add it to row 1",
                    sheet.name,
                    1,
                    column.name,
                )
    width = max(mapping, default=-1) + 1
    table = Table(sheet, columns=set(mapping.values()))
    if width == 0:
        return table
    raw_rows = dict(_raw_rows(ws, scan, width, sheet.name, out))
    if sheet.two_column and not first_row_is_header:
        for values in ws.iter_rows(min_row=1, max_row=1, max_col=2, values_only=True):
            raw_rows = {1: list(values) + [None] * (2 - len(values)), **raw_rows}
    _fill_merges(raw_rows, scan)
    for r, c in _formula_cells(archive, member, scan):
        if r in raw_rows and c <= width:
            raw_rows[r][c - 1] = _NO_RESULT
    if sheet.two_column:
        _two_column_rows(raw_rows, sheet, table, out)
        return table
    for number in sorted(raw_rows):
        values = raw_rows[number]
        row = Row(number, {})
        for index, name in mapping.items():
            _parse_cell(sheet.column(name), values[index], row, sheet.name, out)
        table.rows.append(row)
    return table


def _two_column_rows(raw: dict[int, list[Any]], sheet: Sheet, table: Table, out: Collector) -> None:
    # A two-column sheet becomes one Row holding every field, located on its own row.
    known = {header_key(c.name): c.name for c in sheet.columns}
    seen: dict[str, int] = {}
    merged = Row(0, {})
    table.rows.append(merged)
    for number in sorted(raw):
        name_cell, value = raw[number][0], raw[number][1]
        text = clean(name_cell)
        if text is None or text is _NO_RESULT:
            continue
        name = known.get(header_key(str(text)))
        if name is None:
            hint = _suggest(str(text), [c.name for c in sheet.columns])
            out.warn(f"unknown field '{text}' is ignored{hint}", sheet.name, number, "field")
            continue
        if name in seen:
            out.error(
                f"field '{name}' is also given on row {seen[name]}; keep one of them",
                sheet.name,
                number,
                "field",
            )
            continue
        seen[name] = number
        table.columns.add(name)
        parsed = Bad("") if value is _NO_RESULT else parse(sheet.column(name), value)
        if isinstance(parsed, Bad):
            merged.bad.add(name)
            message = parsed.message or (
                "the formula here has no saved result; open the file in Excel or LibreOffice "
                "and save it"
            )
            out.error(f"field '{name}': {message}", sheet.name, number, "value", name)
        merged.values[name] = None if isinstance(parsed, Bad) else parsed
        table.field_rows[name] = number


def read_tables(path: Path, out: Collector) -> dict[str, Table]:
    """Every schema sheet present in the workbook, read and parsed cell by cell.

    Raises `InvalidProblem` with one issue for a file that cannot be read at all.
    """
    safety.check_file(path)
    tables: dict[str, Table] = {}
    try:
        with safety.reading(), warnings.catch_warnings(), zipfile.ZipFile(path) as archive:
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                found = {ws.title.strip().casefold(): ws for ws in wb.worksheets}
                wanted = {s.name.casefold() for s in SCHEMA}
                if not wanted & set(found):
                    names = ", ".join(s.name for s in SCHEMA if s.required)
                    safety.fail(
                        f"the workbook has none of the planner's sheets ({names}); "
                        "start from the template (planner template)"
                    )
                canonical = {s.name.casefold(): s.name for s in SCHEMA}
                for title, other in found.items():
                    if title not in wanted and title != "instructions":
                        close = difflib.get_close_matches(title, list(canonical), n=1, cutoff=0.75)
                        if close:
                            out.warn(
                                f"sheet '{other.title}' is not read; did you mean "
                                f"'{canonical[close[0]]}'?"
                            )
                for sheet in SCHEMA:
                    ws = found.get(sheet.name.casefold())
                    if ws is None:
                        if sheet.required:
                            out.error(
                                f"the workbook has no sheet '{sheet.name}'; add it "
                                "(see the template)",
                                sheet.name,
                            )
                        continue
                    tables[sheet.name] = _read_table(ws, archive, sheet, out)
            finally:
                wb.close()
    except InvalidProblem:
        raise
    except Exception as exc:  # a broken file must never reach the user as a traceback
        logger.debug("unreadable workbook", exc_info=True)
        reason = (str(exc).strip().splitlines() or [""])[0][:120]
        safety.fail(
            f"the workbook could not be read ({type(exc).__name__}: {reason}); open it in "
            "Excel and save it again as Excel Workbook (.xlsx)"
        )
    return tables
