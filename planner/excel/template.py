"""An input workbook a person can fill in without reading the README.

Every sheet of the contract with bold headers (required ones darker), a note on each header
explaining the column, drop-downs for codes, frozen header rows and sensible widths; an
``Instructions`` sheet first; ``Meeting`` and ``Rules`` pre-filled with their fields and
defaults. `planner.excel.input_writer` fills the same layout with a problem's data.
"""

from __future__ import annotations

import os
import re
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
from planner.i18n import Words, words

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


def _words(w: Words, text: str) -> str:
    """A description or default of the schema in the language of ``w`` (as written when the
    table has no translation: `tests/test_languages.py` keeps the tables complete)."""
    if w.language == "en":
        return text
    rule = _WEIGHT.fullmatch(text)
    if rule:
        key = "template.weight_dollar" if rule.group(2) else "template.weight"
        return w(key, rule=rule.group(1))
    key = f"template.text.{text}"
    return w(key) if w.has(key) else text


_WEIGHT = re.compile(r"weight of the soft rule (\w+)( per US dollar)?")


def _kind(column: Column, w: Words) -> str:
    if w.language == "en":
        return column.type_text
    if column.kind is Kind.ENUM:
        return w("template.one_of", choices=", ".join(column.choices))
    key = f"template.kind.{column.kind.value}"
    kind = w(key) if w.has(key) else column.kind.value
    return w("template.or_unlimited", type=kind) if column.unlimited else kind


def _note(column: Column, w: Words) -> str:
    description = _words(w, column.description)
    lines = [description[0].upper() + description[1:] + "."]
    default = _words(w, column.default) if column.default else w("template.blank")
    lines.append(
        w("template.required") if column.required else w("template.default", value=default)
    )
    lines.append(w("template.type", value=_kind(column, w)))
    if column.example:
        lines.append(w("template.example", value=column.example))
    return "\n".join(lines)


def _comment(column: Column, w: Words) -> Comment:
    comment = Comment(_note(column, w), "planner")
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


def _table_sheet(ws: Worksheet, sheet: Sheet, w: Words) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.comment = _comment(column, w)
        letter = get_column_letter(index)
        width = max(len(column.name) + 4, len(column.example) + 2, 12)
        ws.column_dimensions[letter].width = min(width, 40)
        choices = _choices(column)
        if choices:
            _dropdown(ws, letter, '"' + ",".join(choices) + '"', "one of " + ", ".join(choices))
    ws.freeze_panes = "A2"


def _two_column_sheet(ws: Worksheet, sheet: Sheet, w: Words) -> None:
    for index, title in enumerate((*TWO_COLUMN_HEADERS, "meaning"), start=1):
        cell = ws.cell(row=1, column=index, value=title)
        cell.font = Font(bold=True, italic=title == "meaning")
        cell.fill = HEADER_FILL
    for number, column in enumerate(sheet.columns, start=2):
        cell = ws.cell(row=number, column=1, value=column.name)
        cell.font = Font(bold=column.required)
        cell.comment = _comment(column, w)
        if column.required:
            default = w("template.help_required")
        else:
            value = _words(w, column.default) if column.default else w("template.blank")
            default = w("template.help_default", value=value)
        help_text = f"{_words(w, column.description)} ({default})"
        note = ws.cell(row=number, column=3, value=help_text)
        note.font = Font(italic=True, color="595959")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 90
    ws.freeze_panes = "A2"


def _instructions(ws: Worksheet, w: Words) -> None:
    lines = [w("template.title"), *w("template.instructions").split("\n")]
    # Arabic reads right to left; every line in a font with the script's glyphs.
    side = "right" if w.right_to_left else None
    for number, line in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=side)
        cell.font = Font(name=w.font, bold=number == 1, size=14 if number == 1 else None)
        # Spreadsheet programs do not grow wrapped rows by themselves when opening a file.
        ws.row_dimensions[number].height = 15 * max(1, -(-len(line) // 90))
    ws.row_dimensions[1].height = 20
    ws.column_dimensions["A"].width = 95
    ws.sheet_view.rightToLeft = w.right_to_left


def new_workbook(language: str = "en") -> Workbook:
    """The layout: Instructions, then every schema sheet with headers, notes and drop-downs.

    Two-column sheets list their fields with blank values. ``language`` is that of the
    Instructions sheet and of the notes; sheet names and headers are the contract's, in English.
    """
    w = words(language)
    wb = Workbook()
    first = wb.active
    assert first is not None  # a new Workbook always has one sheet
    first.title = "Instructions"
    _instructions(first, w)
    for sheet in SCHEMA:
        ws = wb.create_sheet(sheet.name)
        if sheet.two_column:
            _two_column_sheet(ws, sheet, w)
        else:
            _table_sheet(ws, sheet, w)
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


def write_template(path: str | os.PathLike[str], language: str = "en") -> None:
    """Write an empty input workbook, ready to be filled in.

    Parameters
    ----------
    path
        Where to write the ``.xlsx`` (replaced atomically if it exists).
    language
        Language of the Instructions sheet and of the headers' notes (ar, zh, en, fr, ru, es);
        the sheets and headers themselves are the contract's, in English.
    """
    wb = new_workbook(language)
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
