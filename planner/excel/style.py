"""Shared look of the plan workbook: number formats, fonts, colours and safe cell writes.

Every value that reaches a cell goes through `put`, so that a user's text is always stored as
text (never as a formula) and every sheet uses the same formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

MONEY = '"US$ "#,##0'
NUMBER = "#,##0.###"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
LONG_DATE = "ddd d mmm yyyy"
TIME = "hh:mm"

TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
NOTE_FONT = Font(italic=True, color="595959")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
UNAVAILABLE = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="A6A6A6")
MEDIUM = Side(style="medium", color="404040")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

# Pastel fills that stay legible when printed in grey; items cycle through them.
ITEM_COLOURS: tuple[str, ...] = (
    "FDE9D9",
    "DDEBF7",
    "E2EFDA",
    "FFF2CC",
    "EDE1F5",
    "D9F2F2",
    "FCE4EC",
    "EDEDED",
    "F8CBAD",
    "BDD7EE",
    "C6E0B4",
    "FFE699",
)

# Strings Excel would take as the start of a formula when a person edits the cell.
_FORMULA_STARTS = ("=", "+", "-", "@")


def clean_text(text: str) -> str:
    """``text`` without the control characters that an xlsx file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Cell:
    """Write ``value`` to a cell; text is stored as text even when it looks like a formula.

    Parameters
    ----------
    ws, row, col
        Where to write (1-based).
    value
        None, a number, a date, a time or text.
    number_format
        Excel number format for numbers, dates and times.
    """
    cell = ws.cell(row=row, column=col)
    assert isinstance(cell, Cell), "writing into a merged cell"
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        # openpyxl turns "=..." into a formula; a user's text must never run.
        cell.data_type = "s"
        if text.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format is not None and not isinstance(value, str):
        cell.number_format = number_format
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = DATE
    elif isinstance(value, dt.time):
        cell.number_format = TIME
    return cell


def header_row(ws: Worksheet, row: int, headers: Sequence[str], col: int = 1) -> None:
    """Bold, shaded, bordered column headers."""
    for k, text in enumerate(headers):
        cell = put(ws, row, col + k, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def title(ws: Worksheet, text: str, subtitle: str = "") -> None:
    """A sheet title in row 1 and an optional subtitle in row 2."""
    put(ws, 1, 1, text).font = TITLE_FONT
    if subtitle:
        put(ws, 2, 1, subtitle).font = NOTE_FONT


def note(ws: Worksheet, row: int, text: str) -> None:
    """A one-line italic note (used where a table would be empty)."""
    put(ws, row, 1, text).font = NOTE_FONT


def section(ws: Worksheet, row: int, text: str) -> None:
    """A bold heading above a table on a view sheet."""
    put(ws, row, 1, text).font = Font(bold=True, size=12)


def add_table(ws: Worksheet, name: str, columns: int, rows: int) -> None:
    """Make the block A1.. an Excel table (filter buttons, banded rows) when it has rows.

    Excel rejects a table without data rows, so a header-only sheet gets a plain filter.
    """
    ref = f"A1:{get_column_letter(max(columns, 1))}{rows + 1}"
    if rows > 0:
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
    else:
        ws.auto_filter.ref = ref


def set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    """Set column widths (in characters) by 1-based column number."""
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def fit_heights(ws: Worksheet, first_row: int = 1, line_height: float = 15) -> None:
    """Give rows with wrapped text room for every line.

    Neither Excel nor LibreOffice grows a row for wrapped text written by openpyxl, so long
    titles would spill over the next row; the line count is estimated from the column widths.
    """
    for number, row in enumerate(ws.iter_rows(min_row=first_row), start=first_row):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            column = cell.column if isinstance(cell.column, int) else 1
            width = ws.column_dimensions[get_column_letter(column)].width or 10
            per_line = max(1, int(width * 1.1))
            wrapped = sum(-(-max(1, len(part)) // per_line) for part in cell.value.split("\n"))
            lines = max(lines, wrapped)
        if lines > 1:
            ws.row_dimensions[number].height = line_height * lines


def fit_widths(ws: Worksheet, first_row: int = 1, minimum: float = 6, maximum: float = 50) -> None:
    """Size every column to its longest value (dates count as ten characters)."""
    longest: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None or not isinstance(cell.column, int):
                continue
            if isinstance(cell.value, dt.date | dt.time):
                size = 10 if not isinstance(cell.value, dt.datetime) else 16
            else:
                size = max(len(line) for line in str(cell.value).split("\n"))
            longest[cell.column] = max(longest.get(cell.column, 0), size)
    set_widths(ws, {c: min(max(n + 2, minimum), maximum) for c, n in longest.items()})


def print_setup(
    ws: Worksheet, *, landscape: bool = True, title_rows: str | None = None, title_cols: str = ""
) -> None:
    """A4, fitted to the page width, with header rows repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    footer = ws.oddFooter
    if footer is not None:
        footer.center.text = "&A - page &P of &N"


def human(code: str | None) -> str:
    """``prison_administration`` -> ``prison administration``; None -> ``""``."""
    return "" if code is None else code.replace("_", " ")
