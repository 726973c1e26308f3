"""Reading a plan workbook back, as written and as a person edited it in Excel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from planner.domain import (
    Assignment,
    InvalidProblem,
    Issue,
    PanelSeat,
    Plan,
    ProblemData,
    Result,
    Seat,
    Session,
    Status,
)
from planner.excel import plan_reader
from planner.excel.plan_reader import REQUIRED, read_plan, read_summary
from planner.excel.plan_writer import write_plan
from planner.plan_frames import COLUMNS

Edit = Callable[[dict[str, Worksheet]], None]


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory, sample_plan) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    write_plan(*sample_plan.sample(), path)
    return path


def edited(original: Path, tmp_path: Path, edit: Edit) -> Path:
    """A copy of the written plan after ``edit`` changed its sheets (as a person in Excel)."""
    wb = load_workbook(original)
    edit({ws.title: ws for ws in wb})
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def row_of(ws: Worksheet, *values: object) -> int:
    """The row number whose first cells hold ``values`` (None matches anything)."""
    for row in ws.iter_rows(min_row=2):
        if all(v is None or c.value == v for c, v in zip(row, values, strict=False)):
            return int(row[0].row)
    raise LookupError(values)


def put(ws: Worksheet, row: int, column: int, value: object) -> None:
    """Type ``value`` into a cell; None clears it (``ws.cell(.., value=None)`` would not)."""
    ws.cell(row, column).value = value


def read_errors(path: Path, problem: ProblemData) -> list[Issue]:
    with pytest.raises(InvalidProblem) as caught:
        read_plan(path, problem)
    return caught.value.errors


def test_a_written_plan_reads_back_equal(original: Path, sample_plan) -> None:
    problem, result = sample_plan.sample()
    assert read_plan(original, problem) == result.plan


def test_an_empty_plan_reads_back_empty(tmp_path: Path, factory) -> None:
    problem = factory.problem()
    write_plan(problem, Result(Status.NO_SOLUTION), tmp_path / "empty.xlsx")
    assert read_plan(tmp_path / "empty.xlsx", problem) == Plan()


def test_an_edited_plan_reads_as_the_person_meant(
    original: Path, tmp_path: Path, sample_plan
) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        agenda, seats, funding = sheets["Agenda"], sheets["Seats"], sheets["Funding"]
        # Moved item 4(b) to the last slot, retyping its slot id (the date cell is cleared).
        row = row_of(agenda, "D1-PM", None, None, None, "R2")
        put(agenda, row, 1, "D2-PM")
        put(agenda, row, 2, None)
        # Retyped item 2 as the number 2 in its first Agenda row; Excel keeps a number.
        put(agenda, row_of(agenda, "D1-PM", None, None, None, "R1"), 6, 2)
        # Deleted Japan's seat in the opening, and left blank rows in the middle and at the end.
        seats.delete_rows(row_of(seats, "D1-AM", "R1", "1", "JPN"))
        seats.insert_rows(4, amount=2)
        seats.cell(40, 1).font = Font(bold=True)  # a formatted but empty row
        # Added a locked column, typed in upper case with a space.
        for ws in sheets.values():
            ws.cell(1, ws.max_column + 1, "Locked")
            ws.cell(2, ws.max_column, "x")
        # yes/no in all the ways people type them.
        put(funding, row_of(funding, "KEN-1"), 5, "Y")
        put(funding, row_of(funding, "UGA-1"), 5, None)  # blank is no
        put(funding, row_of(funding, "PSE-1"), 5, True)

    problem, result = sample_plan.sample()
    plan = read_plan(edited(original, tmp_path, edit), problem)
    expected_sessions = {
        Session("1", "D1-AM", "R1"),
        Session("2", "D1-PM", "R1"),
        Session("2", "D2-AM", "R1"),
        Session("4(b)", "D2-PM", "R2"),
    }
    assert set(plan.sessions) == expected_sessions
    assert set(result.plan.seats) - set(plan.seats) == {Seat("D1-AM", "R1", "1", "JPN", "JPN-1")}
    assert len(plan.seats) == len(result.plan.seats) - 1
    assert plan.funded == {"KEN-1", "PSE-1"}
    assert plan.assignments == result.plan.assignments
    assert plan.panels == result.plan.panels


YES = ("yes", "YES", "y", "TRUE", 1, "x", True)
NO = ("no", "N", "false", 0, " ", False, None)


def test_yes_no_variants(original: Path, tmp_path: Path, sample_plan) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        for k, typed in enumerate((*YES, *NO)):
            sheets["Funding"].append([f"P-{k}", None, None, None, typed])

    plan = read_plan(edited(original, tmp_path, edit), sample_plan.sample()[0])
    assert plan.funded == {"KEN-1", "UGA-1"} | {f"P-{k}" for k in range(len(YES))}


def test_ids_the_problem_does_not_know_are_kept_as_typed(
    original: Path, tmp_path: Path, sample_plan
) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        interpretation = sheets["Interpretation"]
        put(interpretation, row_of(interpretation, "D1-AM", "R1", "1", "ar", "I-ar2"), 5, "I-ar9")
        put(interpretation, row_of(interpretation, "D1-AM", "R1", "1", "en", "I-en1"), 4, "English")
        panels = sheets["Panels"]
        put(panels, row_of(panels, "2", 3), 3, "XXX-1")
        sheets["Seats"].append(["D1-AM", "R1", "1", "XXX", "XXX-1"])

    plan = read_plan(edited(original, tmp_path, edit), sample_plan.sample()[0])
    assert Assignment("D1-AM", "R1", "1", "ar", "I-ar9") in plan.assignments
    assert Assignment("D1-AM", "R1", "1", "en", "I-en1") in plan.assignments  # "English" -> en
    assert PanelSeat("2", 3, "XXX-1") in plan.panels
    assert Seat("D1-AM", "R1", "1", "XXX", "XXX-1") in plan.seats


def test_headers_match_like_the_input_reader(original: Path, tmp_path: Path, sample_plan) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        for k, header in enumerate(("Slot ID", "DATE", "Start", "end", "Room-Id", " item_id "), 1):
            sheets["Agenda"].cell(1, k, header)

    problem, result = sample_plan.sample()
    assert read_plan(edited(original, tmp_path, edit), problem) == result.plan


def test_a_blank_slot_is_found_from_the_date_and_start(
    original: Path, tmp_path: Path, sample_plan
) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        agenda = sheets["Agenda"]
        row = row_of(agenda, "D1-PM", None, None, None, "R2")
        put(agenda, row, 1, None)
        put(agenda, row, 2, "2024-03-26")
        put(agenda, row, 3, "15:00")

    plan = read_plan(edited(original, tmp_path, edit), sample_plan.sample()[0])
    assert Session("4(b)", "D2-PM", "R2") in plan.sessions


def test_a_cleared_position_speaks_last(original: Path, tmp_path: Path, sample_plan) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        put(sheets["Panels"], row_of(sheets["Panels"], "2", 1), 2, None)

    plan = read_plan(edited(original, tmp_path, edit), sample_plan.sample()[0])
    assert plan.panels == (
        PanelSeat("2", 2, "JPN-2"),
        PanelSeat("2", 3, "UNODC-1"),
        PanelSeat("2", 4, "KEN-1"),
    )


def test_a_blank_seat_delegation_comes_from_the_participant(
    original: Path, tmp_path: Path, sample_plan
) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        put(sheets["Seats"], row_of(sheets["Seats"], "D1-AM", "R1", "1", "JPN"), 4, None)

    problem, result = sample_plan.sample()
    assert read_plan(edited(original, tmp_path, edit), problem) == result.plan


def test_unreadable_rows_are_all_reported_with_their_place(
    original: Path, tmp_path: Path, sample_plan
) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        sheets["Seats"].delete_cols(5)  # participant_id
        funding = sheets["Funding"]
        put(funding, row_of(funding, "PSE-1"), 5, "maybe")
        interpretation = sheets["Interpretation"]
        put(interpretation, 3, 5, None)
        panels = sheets["Panels"]
        put(panels, row_of(panels, "2", 2), 2, "second")
        agenda = sheets["Agenda"]
        put(agenda, row_of(agenda, "D2-AM"), 3, "11:00")  # D2 at 11:00: no slot of the meeting

    errors = read_errors(edited(original, tmp_path, edit), sample_plan.sample()[0])
    assert [(e.sheet, e.row, e.column, e.message) for e in errors] == [
        (
            "Agenda",
            5,
            "start",
            "the row's date and start (2024-03-26 11:00) name no slot of the meeting, and its "
            "slot_id 'D2-AM' is 2024-03-26 10:00; to move the item, write the slot_id of the new "
            "slot (date and start are copies)",
        ),
        ("Interpretation", 3, "interpreter_id", "interpreter_id is blank"),
        ("Seats", 1, "participant_id", "the required column 'participant_id' is missing"),
        ("Panels", 3, "position", "'second' is not a whole number; write a whole number such as 2"),
        ("Funding", 4, "funded", "'maybe' is not yes or no; write yes or no"),
    ]
    assert str(errors[2]) == (
        "error: sheet 'Seats', row 1, column 'participant_id': "
        "the required column 'participant_id' is missing"
    )


def test_a_missing_sheet_is_reported(original: Path, tmp_path: Path, sample_plan) -> None:
    wb = load_workbook(original)
    del wb["Panels"]
    path = tmp_path / "no-panels.xlsx"
    wb.save(path)
    assert [(e.sheet, e.message) for e in read_errors(path, sample_plan.sample()[0])] == [
        ("Panels", "the plan has no 'Panels' sheet")
    ]


def test_a_used_range_far_past_the_data_is_read_quickly(
    original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_plan
) -> None:
    # No wall clock here (a loaded machine would fail it): what keeps such a file quick is that
    # the reader streams the sheet read-only, row by row as stored, so formatted empty rows cost
    # a skip each, never a whole in-memory grid. Assert that mechanism and the result.
    def edit(sheets: dict[str, Worksheet]) -> None:
        for row in range(2, 5_000):
            sheets["Seats"].cell(row + 10, 1).font = Font(italic=True)

    opened: list[dict[str, object]] = []
    real = plan_reader.load_workbook

    def spy(*args: Any, **kwargs: Any) -> Any:
        opened.append(kwargs)
        return real(*args, **kwargs)

    path = edited(original, tmp_path, edit)
    problem, result = sample_plan.sample()
    monkeypatch.setattr(plan_reader, "load_workbook", spy)
    assert read_plan(path, problem) == result.plan
    assert opened and all(kw.get("read_only") is True for kw in opened)


def test_read_summary_gives_fields_and_values(original: Path) -> None:
    summary = read_summary(original)
    assert summary["status"] == "FEASIBLE"
    assert summary["sessions"] == 4
    assert summary["message"] is None


def test_an_excel_error_in_an_id_is_reported(original: Path, tmp_path: Path, sample_plan) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        put(sheets["Seats"], 2, 5, "#REF!")

    errors = read_errors(edited(original, tmp_path, edit), sample_plan.sample()[0])
    assert [(e.sheet, e.row, e.column) for e in errors] == [("Seats", 2, "participant_id")]
    assert errors[0].message.startswith("'#REF!' is an Excel error value")


def test_a_file_that_is_not_a_workbook_is_one_clear_issue(tmp_path: Path, sample_plan) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("slot_id,room_id\nD1-AM,R1\n", encoding="utf-8")
    errors = read_errors(path, sample_plan.sample()[0])
    assert len(errors) == 1 and errors[0].sheet is None


def test_the_columns_a_plan_needs_are_columns_the_writer_writes() -> None:
    # The reader knows the plan's columns from `COLUMNS`, declared once with the frames; only
    # which of them it cannot do without is its own.
    for sheet, required in REQUIRED.items():
        assert set(required) <= set(COLUMNS[sheet]), sheet
