"""Dates typed as people type them: ISO, Excel, day-first text, month names in six languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.excel import cells
from planner.excel.cells import Bad

FEB_28 = dt.date(2025, 2, 28)


@pytest.mark.parametrize(
    "raw",
    [
        "2025-02-28",
        dt.datetime(2025, 2, 28),
        45716,  # the Excel serial number of 2025-02-28
        "28/02/2025",  # day-first: 28 cannot be a month
        "28.02.2025",
        "28-02-2025",
        "02/28/2025",  # month-first (English): only one real reading
        "2025/2/28",  # year first (Chinese)
        "28 Feb 2025",
        "Feb 28, 2025",
        "28 February 2025",
        "28 février 2025",
        "vendredi 28 février 2025",
        "28 de febrero de 2025",
        "28 февраля 2025 г.",
        "28 февр. 2025",
        "2025年2月28日",
        "28 فبراير 2025",
        "\u200f28\u200f/02\u200f/2025",  # Arabic right-to-left marks around the fields
    ],
)
def test_a_date_people_type_is_read(raw: object) -> None:
    assert cells.parse_date(raw) == FEB_28


def test_dots_are_day_first_as_in_russian() -> None:
    # CLDR: only Russian writes dates with dots among the six, day first.
    assert cells.parse_date("03.04.2025") == dt.date(2025, 4, 3)


def test_an_ambiguous_date_shows_both_readings() -> None:
    assert cells.parse_date("03/04/2025") == Bad(
        "'03/04/2025' is ambiguous: it may be 2025-03-04 or 2025-04-03; write it as one of these"
    )


@pytest.mark.parametrize("raw", ["31/02/2025", "2025-02-31", "29 février 2025", "2025年2月29日"])
def test_an_impossible_date_says_why(raw: str) -> None:
    assert cells.parse_date(raw) == Bad(f"'{raw}' is not a date: February has 28 days in 2025")


def test_a_leap_year_has_29_days() -> None:
    assert cells.parse_date("29/02/2024") == dt.date(2024, 2, 29)
    assert cells.parse_date("30/02/2024") == Bad(
        "'30/02/2024' is not a date: February has 29 days in 2024"
    )


def test_a_slot_list_names_an_ambiguous_date() -> None:
    assert cells.parse_slot_refs("D1-AM, 28/02/2025") == ("D1-AM", FEB_28)
    assert cells.parse_slot_refs("D1-AM, 03/04/2025") == Bad(
        "'03/04/2025' is ambiguous: it may be 2025-03-04 or 2025-04-03; write it as one of these"
    )


def test_validate_places_a_date_error_on_its_cell(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    slots = wb["Slots"]
    slots.cell(2, sample_input.column_of(slots, "date"), "03/04/2025")
    slots.cell(3, sample_input.column_of(slots, "date"), "31/02/2025")
    wb.save(path)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        "error: sheet 'Slots', row 2, column 'date': '03/04/2025' is ambiguous: it may be "
        "2025-03-04 or 2025-04-03; write it as one of these" in lines
    )
    assert (
        "error: sheet 'Slots', row 3, column 'date': '31/02/2025' is not a date: February has "
        "28 days in 2025" in lines
    )
