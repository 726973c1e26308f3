"""An input workbook a person can fill in without reading the README.

Every sheet of the contract with bold headers (required ones darker), a note on each header
explaining the column, drop-downs for codes, frozen header rows and sensible widths; an
``Instructions`` sheet first; ``Meeting`` and ``Rules`` pre-filled with their fields and
defaults. `planner.excel.input_writer` fills the same layout with a problem's data.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import LANGUAGES
from planner.excel.schema import SCHEMA, TWO_COLUMN_HEADERS, Column, Kind, Sheet

HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
REQUIRED_FILL = PatternFill("solid", start_color="9DC3E6")
CellValue = str | int | float | None
LAST_ROW = 1_048_576  # validations cover whole columns without creating rows

# Suggested disciplines (rules.md): the Disciplines sheet of the template starts with them.
SUGGESTED_DISCIPLINES: tuple[tuple[str, str], ...] = (
    ("prison_administration", "prisons and correctional services"),
    ("probation", "probation and parole"),
    ("social_work", "social work and reintegration support"),
    ("health", "health care, mental health and drug treatment"),
    ("education_employment", "education, vocational training and employment"),
    ("law_enforcement", "police and other law enforcement"),
    ("prosecution_judiciary", "prosecutors and judges"),
    ("policy_legislation", "policy making and legislation"),
    ("research", "research and academia"),
    ("civil_society", "civil society organizations"),
    ("victim_services", "support to victims"),
)

INSTRUCTIONS = (
    "How to use this workbook",
    "",
    "1. Meeting: write the meeting's title next to 'title'; check the venue, time zone and "
    "languages.",
    "2. Slots: one row per meeting period (a UN meeting is 3 hours, e.g. 10:00-13:00 and "
    "15:00-18:00). Slots must not overlap.",
    "3. Rooms: one row per conference room, with its seats and its interpretation booths.",
    "4. Agenda: one row per agenda item, with the number of sessions it needs.",
    "5. Delegations: one row per delegation. For a State, the ISO3 code (JPN, KEN...) is enough: "
    "name, regional group and funding eligibility come from the planner's reference data.",
    "6. Participants: one row per person, with the delegation's id.",
    "7. Interpreters: one row per interpreter, with the booth (language) they work into.",
    "8. Disciplines (optional): the list participants' disciplines must come from. Delete the "
    "sheet to allow any discipline.",
    "9. Rules (optional): planning limits, budgets and the weights of the soft rules. Blank "
    "values keep their defaults.",
    "10. Scenarios (optional, for planner compare): one row per what-if, named in 'scenario', "
    "with the Rules or Meeting fields it changes as columns (blank keeps the base value) and "
    "the slots, rooms, interpreters or items it leaves out.",
    "",
    "Darker headers are required columns. Hover over a header to read what the column means.",
    "Lists go in one cell, separated by commas: ar, zh, en. Dates: 2025-01-27. Times: 10:00.",
    "Yes/no cells: yes or no (blank means no, unless the note says otherwise).",
    "Languages: ar Arabic, zh Chinese, en English, fr French, ru Russian, es Spanish.",
    "Column 'meaning' of the Meeting and Rules sheets is only help: it is not read.",
    "",
    "Then let the planner check the workbook: it lists every problem with its sheet, row and "
    "column. When there are none, it makes the plan (planner solve).",
)


def _note(column: Column) -> str:
    lines = [column.description[0].upper() + column.description[1:] + "."]
    lines.append("Required." if column.required else f"Default: {column.default or 'blank'}.")
    lines.append(f"Type: {column.type_text}.")
    if column.example:
        lines.append(f"Example: {column.example}")
    return "\n".join(lines)


def _comment(column: Column) -> Comment:
    comment = Comment(_note(column), "planner")
    comment.width, comment.height = 320, 140
    return comment


def _dropdown(ws: Worksheet, letter: str, options: str, what: str) -> None:
    rule = DataValidation(type="list", formula1=options, allow_blank=True)
    # A warning, not a stop, so that names such as "Chinese" or "Female" can still be typed.
    rule.errorStyle = "warning"
    rule.errorTitle = "Unexpected value"
    rule.error = f"Expected {what}. Keep it anyway?"
    rule.add(f"{letter}2:{letter}{LAST_ROW}")
    ws.add_data_validation(rule)


def _choices(column: Column) -> tuple[str, ...]:
    if column.kind is Kind.YES_NO:
        return ("yes", "no")
    if column.kind is Kind.LANGUAGE:
        return LANGUAGES
    return column.choices if column.kind is Kind.ENUM else ()


def _table_sheet(ws: Worksheet, sheet: Sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.comment = _comment(column)
        letter = get_column_letter(index)
        width = max(len(column.name) + 4, len(column.example) + 2, 12)
        ws.column_dimensions[letter].width = min(width, 40)
        choices = _choices(column)
        if choices:
            _dropdown(ws, letter, '"' + ",".join(choices) + '"', "one of " + ", ".join(choices))
    ws.freeze_panes = "A2"


def _two_column_sheet(ws: Worksheet, sheet: Sheet) -> None:
    for index, title in enumerate((*TWO_COLUMN_HEADERS, "meaning"), start=1):
        cell = ws.cell(row=1, column=index, value=title)
        cell.font = Font(bold=True, italic=title == "meaning")
        cell.fill = HEADER_FILL
    for number, column in enumerate(sheet.columns, start=2):
        cell = ws.cell(row=number, column=1, value=column.name)
        cell.font = Font(bold=column.required)
        cell.comment = _comment(column)
        default = "required" if column.required else f"default {column.default or 'blank'}"
        help_text = f"{column.description} ({default})"
        note = ws.cell(row=number, column=3, value=help_text)
        note.font = Font(italic=True, color="595959")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 90
    ws.freeze_panes = "A2"


def _instructions(ws: Worksheet) -> None:
    for number, line in enumerate(INSTRUCTIONS, start=1):
        cell = ws.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheet programs do not grow wrapped rows by themselves when opening a file.
        ws.row_dimensions[number].height = 15 * max(1, -(-len(line) // 90))
    ws["A1"].font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 20
    ws.column_dimensions["A"].width = 95


def new_workbook() -> Workbook:
    """The layout: Instructions, then every schema sheet with headers, notes and drop-downs.

    Two-column sheets list their fields with blank values.
    """
    wb = Workbook()
    first = wb.active
    assert first is not None  # a new Workbook always has one sheet
    first.title = "Instructions"
    _instructions(first)
    for sheet in SCHEMA:
        ws = wb.create_sheet(sheet.name)
        if sheet.two_column:
            _two_column_sheet(ws, sheet)
        else:
            _table_sheet(ws, sheet)
    return wb


def link_dropdowns(wb: Workbook) -> None:
    """Drop-downs that list the ids of another sheet (rooms, delegations, disciplines)."""
    links = (
        ("Agenda", "room", "Rooms"),
        ("Participants", "delegation_id", "Delegations"),
        ("Participants", "discipline", "Disciplines"),
    )
    for target, column, source in links:
        if target not in wb.sheetnames or source not in wb.sheetnames:
            continue
        names = [c.name for c in next(s for s in SCHEMA if s.name == target).columns]
        letter = get_column_letter(names.index(column) + 1)
        _dropdown(wb[target], letter, f"{source}!$A$2:$A$5000", f"an id of sheet {source}")


def fill_field(ws: Worksheet, name: str, value: CellValue) -> None:
    """Write the value of a field of a two-column sheet (the field row must exist)."""
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if cell.value == name:
            target = ws.cell(row=cell.row, column=2, value=value)
            if isinstance(value, str):
                target.data_type = "s"  # text, even when it starts with "="
            return
    raise KeyError(name)


def save_atomically(wb: Workbook, path: str | os.PathLike[str]) -> None:
    """Save to a temporary file beside ``path``, then move it into place in one step.

    A reader never sees a half-written workbook, and on any failure the temporary file is
    removed and whatever was at ``path`` is left untouched.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    # O_EXCL: never clobber a file of the same name; mode 0o666 lets the umask decide, as for
    # any other file the user creates (mkstemp would leave the workbook readable by its owner
    # alone).
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        wb.save(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _typed(text: str) -> CellValue:
    # Numbers stored as numbers, so that Excel shows no "number stored as text" marks.
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def write_template(path: str | os.PathLike[str]) -> None:
    """Write an empty input workbook, ready to be filled in.

    Parameters
    ----------
    path
        Where to write the ``.xlsx`` (replaced atomically if it exists).
    """
    wb = new_workbook()
    for name in ("Meeting", "Rules"):
        sheet = next(s for s in SCHEMA if s.name == name)
        for column in sheet.columns:
            if column.prefill:
                fill_field(wb[name], column.name, _typed(column.prefill))
    disciplines = wb["Disciplines"]
    for number, (name, description) in enumerate(SUGGESTED_DISCIPLINES, start=2):
        disciplines.cell(row=number, column=1, value=name)
        disciplines.cell(row=number, column=2, value=description)
    link_dropdowns(wb)
    save_atomically(wb, path)
