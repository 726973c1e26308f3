"""Reading input workbooks: every cell type in place, every invalid input with its exact location.

Workbooks are made with `write_problem` from a small problem, then edited with openpyxl the way a
person would edit them in Excel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shutil
import subprocess
import zipfile
import zoneinfo
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planner.domain import (
    Delegation,
    InvalidProblem,
    Participant,
    Rules,
)
from planner.excel import read_workbook, validate_workbook
from planner.excel.builder import Builder
from planner.excel.input_rows import Row
from planner.excel.schema import sheet as schema_sheet


def edit(sample_input, path: Path, *changes: tuple[str, int, str, object]) -> None:
    """Set cells, each found by sheet, row number and header, as a person would in Excel."""
    wb = openpyxl.load_workbook(path)
    for sheet, row, header, value in changes:
        ws = wb[sheet]
        ws.cell(
            row=row, column=sample_input.column_of(ws, header)
        ).value = value  # value=None would not clear
    wb.save(path)


def edit_field(path: Path, sheet: str, name: str, value: object) -> int:
    """Set the value of a field of a two-column sheet; return its row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for (cell,) in ws.iter_rows(min_row=1, max_col=1):
        if cell.value == name:
            ws.cell(row=cell.row, column=2).value = value
            wb.save(path)
            return int(cell.row)
    raise KeyError(name)


def errors_of(path: Path) -> list[str]:
    """Every error the reader reports, as the user reads them."""
    with pytest.raises(InvalidProblem) as caught:
        read_workbook(path)
    return [str(i) for i in caught.value.errors]


def test_round_trip_gives_an_equal_problem(tmp_path: Path, sample_input) -> None:
    problem = sample_input.base_problem()
    back = read_workbook(sample_input.written(tmp_path, problem))
    assert back == problem
    assert back.rules.weight("split_item") == 12.5
    assert back.rules.interpretation_budget == 250000.5
    assert back.warnings == ()


def test_text_starting_with_formula_signs_is_written_as_text(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets" in n)
    assert b"<f>" not in xml
    back = read_workbook(path)
    assert back.item("1").title == "=Opening of the session"
    assert back.item("3").title == "-Side event"
    assert back.delegation("UNODC").name == "@UNODC"
    assert back.participant("P3").name == "+专家 4"


def test_reading_never_modifies_the_file(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    read_workbook(path)
    validate_workbook(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_missing_sheet(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    del wb["Interpreters"]
    wb.save(path)
    assert errors_of(path) == [
        "error: sheet 'Interpreters': the workbook has no sheet 'Interpreters'; add it "
        "(see the template)"
    ]


def test_missing_required_column(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Rooms"]
    ws.delete_cols(sample_input.column_of(ws, "capacity"))
    wb.save(path)
    assert errors_of(path) == [
        "error: sheet 'Rooms', row 1, column 'capacity': required column 'capacity' is "
        "missing; add it to row 1"
    ]


def test_duplicate_id_names_both_rows(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(sample_input, path, ("Participants", 4, "participant_id", "P1"))
    assert errors_of(path) == [
        "error: sheet 'Participants', row 4, column 'participant_id': participant_id 'P1' is "
        "also used on row 2; give each row its own id"
    ]


def test_unknown_references_are_placed_on_their_rows(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(
        sample_input,
        path,
        ("Participants", 3, "delegation_id", "XYZ"),
        ("Agenda", 3, "after", "1, 9"),
        ("Agenda", 4, "allowed_slots", "D9-AM"),
    )
    assert errors_of(path) == [
        "error: sheet 'Agenda', row 3, column 'after': unknown item '9'",
        "error: sheet 'Agenda', row 4, column 'allowed_slots': unknown slot 'D9-AM'",
        "error: sheet 'Participants', row 3, column 'delegation_id': unknown delegation 'XYZ'; "
        "add it to the Delegations sheet",
    ]


def test_the_example_message_of_the_contract(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(sample_input, path, ("Agenda", 3, "sessions", 2.5))
    assert errors_of(path) == [
        "error: sheet 'Agenda', row 3, column 'sessions': '2.5' is not a whole number; write a "
        "whole number such as 2"
    ]


def test_every_problem_is_reported_at_once_in_sheet_order(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(
        sample_input,
        path,
        ("Participants", 2, "gender", "woman?"),
        ("Rooms", 3, "capacity", 0),
        ("Slots", 2, "start", "morning"),
        ("Interpreters", 2, "booth", "German"),
    )
    budget_row = edit_field(path, "Rules", "travel_budget", "lots")
    errors = errors_of(path)
    assert [e.split(":")[1].strip() for e in errors] == [
        "sheet 'Slots', row 2, column 'start'",
        "sheet 'Rooms', row 3, column 'capacity'",
        "sheet 'Participants', row 2, column 'gender'",
        "sheet 'Interpreters', row 2, column 'booth'",
        f"sheet 'Rules', row {budget_row}, column 'value'",
    ]
    assert errors[-1].endswith(
        "field 'travel_budget': 'lots' is not an amount; write US dollars as a number such as 1200"
    )
    assert errors[0].endswith("'morning' is not a time; write a time such as 10:00")


def test_a_dropped_row_causes_no_follow_on_errors(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(
        sample_input, path, ("Slots", 3, "date", "someday"), ("Rooms", 2, "unavailable", "D1-PM")
    )  # D1-PM
    assert errors_of(path) == [
        "error: sheet 'Slots', row 3, column 'date': 'someday' is not a date; write a date such "
        "as 2025-01-27 or 27/01/2025"
    ]


def test_unknown_columns_and_fields_are_warnings(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Rooms"]["G1"] = "colour"
    wb["Rooms"]["H1"] = "Capacty"
    wb["Meeting"].append(["organiser", "UNODC"])
    wb.save(path)
    problem = read_workbook(path)
    assert problem == sample_input.base_problem()
    assert [str(w) for w in problem.warnings] == [
        "warning: sheet 'Meeting', row 7, column 'field': unknown field 'organiser' is ignored",
        "warning: sheet 'Rooms', row 1: unknown column 'colour' is ignored",
        "warning: sheet 'Rooms', row 1: unknown column 'Capacty' is ignored; did you mean "
        "'capacity'?",
    ]


def test_header_and_sheet_name_variants(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Agenda"]
    ws["A1"], ws["C1"], ws["F1"] = "Item ID", "SESSIONS", "Allowed-Slots"
    ws.title, wb["Rules"].title = "x", "y"  # openpyxl refuses a case-only rename
    ws.title, wb["y"].title = "AGENDA", "rules"
    wb.save(path)
    assert read_workbook(path) == sample_input.base_problem()


def test_near_miss_sheet_name_is_a_warning(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Rules"].title = "Rule"
    wb.save(path)
    problem = read_workbook(path)
    assert problem.rules == Rules()
    assert [str(w) for w in problem.warnings] == [
        "warning: sheet 'Rule' is not read; did you mean 'Rules'?"
    ]


def test_dates_as_serials_datetimes_and_iso_text_and_times_as_text(
    tmp_path: Path, sample_input
) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Slots"]
    ws["B2"] = (
        sample_input.MONDAY - dt.date(1899, 12, 30)
    ).days  # a serial number in a General cell
    ws["B2"].number_format = "General"
    ws["B3"] = dt.datetime(2024, 3, 25, 0, 0)
    ws["B4"] = "2024-03-26"
    ws["C4"], ws["D4"] = "10:00", "13.00"
    ws["C5"], ws["D5"] = 0.625, dt.datetime(1899, 12, 30, 18, 0)
    wb.save(path)
    assert read_workbook(path).slots == sample_input.base_problem().slots


def test_dates_in_slot_lists_expand_to_the_slots_of_that_day(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(
        sample_input,
        path,
        ("Rooms", 2, "unavailable", "2024-03-26"),
        ("Agenda", 4, "allowed_slots", "D1-AM; 2024-03-26"),
        ("Interpreters", 2, "unavailable", dt.datetime(2024, 3, 25)),
    )
    problem = read_workbook(path)
    assert problem.room("R1").unavailable == {"D2-AM", "D2-PM"}
    assert problem.item("3").allowed_slots == {"D1-AM", "D2-AM", "D2-PM"}
    assert problem.interpreters[0].unavailable == {"D1-AM", "D1-PM"}


def test_a_date_without_slots_is_an_error(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(sample_input, path, ("Rooms", 3, "unavailable", "2024-04-01"))
    assert errors_of(path) == [
        "error: sheet 'Rooms', row 3, column 'unavailable': no slot is on 2024-04-01; write a "
        "meeting day or a slot_id"
    ]


def test_formula_with_a_saved_result_reads_the_result(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(sample_input, path, ("Rooms", 3, "capacity", "=20*2"))
    assert errors_of(path) == [
        "error: sheet 'Rooms', row 3, column 'capacity': the formula in this cell has no saved "
        "result (the file was written by a program that does not calculate); open the file in "
        "Excel or LibreOffice and save it"
    ]
    # Store a result, as Excel does when it saves: <f>20*2</f><v>40</v>.
    rewritten = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if b"<f>20*2</f>" in data:
                data = data.replace(b"<f>20*2</f><v />", b"<f>20*2</f><v>40</v>")
                assert b"<v>40</v>" in data
            dst.writestr(info, data)
    assert read_workbook(rewritten) == sample_input.base_problem()


def test_merged_cells_fill_down_their_first_column(tmp_path: Path, sample_input) -> None:
    problem = sample_input.base_problem()
    two_kenyans = (
        *problem.participants[:1],
        Participant("P4", "Expert 5 (Kenya)", "KEN", mode="online"),
    )
    path = sample_input.written(tmp_path, problem.replace(participants=two_kenyans))
    wb = openpyxl.load_workbook(path)
    ws = wb["Participants"]
    ws["C3"] = None
    ws.merge_cells("C2:D3")  # delegation_id and role of both rows
    wb.save(path)
    people = read_workbook(path).participants
    assert [(p.delegation_id, p.role) for p in people] == [("KEN", "expert"), ("KEN", "expert")]


def test_full_width_separators_spaces_and_blank_rows(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    agenda = wb["Agenda"]
    agenda.insert_rows(3, amount=2)
    agenda["B4"] = "   "  # a row of spaces only is blank
    agenda["D2"] = "ar，zh；en、fr,ru;es"
    agenda["A5"] = "2\u00a0 "
    agenda["E5"] = " 1 "
    wb["Participants"]["K2"] = "2\u3000"
    wb.save(path)
    assert read_workbook(path) == sample_input.base_problem()


def test_states_are_completed_from_the_reference_data(tmp_path: Path, sample_input) -> None:
    problem = sample_input.base_problem()
    path = sample_input.written(tmp_path, problem)
    wb = openpyxl.load_workbook(path)
    ws = wb["Delegations"]
    for row in (2, 3):
        for column in "BCDEG":
            ws[f"{column}{row}"] = None
    ws.append(["AFG"])
    ws.append(["vat"])
    ws.append(["PSE"])
    wb.save(path)
    read = read_workbook(path)
    assert read.delegation("KEN") == Delegation("KEN", "Kenya", "member_state", "african", True)
    assert read.delegation("AUT") == Delegation("AUT", "Austria", "member_state", "weog", seats=3)
    assert read.delegation("AFG").ldc and read.delegation("AFG").funding_eligible
    assert read.delegation("vat").category == "observer_state"
    assert not read.delegation("vat").funding_eligible
    assert read.delegation("PSE").category == "observer_state"
    assert read.delegation("PSE").name == "State of Palestine"
    assert read.warnings == ()


def test_a_value_contradicting_the_reference_is_kept_with_a_warning(
    tmp_path: Path, sample_input
) -> None:
    path = sample_input.written(tmp_path)
    edit(
        sample_input,
        path,
        ("Delegations", 2, "regional_group", "WEOG"),
        ("Delegations", 3, "funding_eligible", "yes"),
    )
    problem = read_workbook(path)
    assert problem.delegation("KEN").regional_group == "weog"
    assert problem.delegation("AUT").funding_eligible
    assert [str(w) for w in problem.warnings] == [
        "warning: sheet 'Delegations', row 2, column 'regional_group': differs from the "
        "reference data for Kenya ('african'); the value given here is used",
        "warning: sheet 'Delegations', row 3, column 'funding_eligible': differs from the "
        "reference data for Austria ('no'); the value given here is used",
    ]


def test_other_delegations_need_a_name_and_unknown_codes_warn(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Delegations"].append(["NGO9", None, "ngo"])
    wb["Delegations"].append(["ZZZ", "State Z"])
    wb.save(path)
    with pytest.raises(InvalidProblem) as caught:
        read_workbook(path)
    assert [str(i) for i in caught.value.issues] == [
        "error: sheet 'Delegations', row 5, column 'name': the name is blank and 'NGO9' is not "
        "the ISO3 code of a State; write the delegation's name",
        "warning: sheet 'Delegations', row 6, column 'delegation_id': 'ZZZ' is not the ISO3 "
        "code of a State in the reference data, so its regional group and funding eligibility "
        "are not filled in",
    ]


@pytest.mark.parametrize(
    ("sheet", "row", "header", "value", "expected"),
    [
        ("Slots", 2, "end", "09:00", "column 'end': end 09:00 is not after start 10:00; write an "
         "end time later than the start"),
        ("Agenda", 3, "after", "2", "column 'after': item '2' cannot come after itself; remove "
         "it from 'after'"),
        ("Participants", 2, "departure", "2024-03-01", "column 'departure': departure "
         "2024-03-01 is before arrival 2024-03-25"),
        ("Participants", 3, "name", None, "column 'name': name is required on every row; fill "
         "it in"),
        ("Meeting", 2, "value", None, "column 'value': the meeting's title is missing; write it "
         "in column 'value' next to 'title'"),
        ("Meeting", 4, "value", "Europe/Vienn", "column 'value': field 'timezone': "
         "'Europe/Vienn' is not a time zone name; write one such as Europe/Vienna"),
        ("Participants", 2, "discipline", "astrology", "column 'discipline': discipline "
         "'astrology' is not in the Disciplines sheet"),
    ],
)  # fmt: skip
def test_row_level_errors(
    tmp_path: Path, sheet: str, row: int, header: str, value: object, expected: str, sample_input
) -> None:
    if "time zone" in expected and not zoneinfo.available_timezones():
        pytest.skip("no time zone database on this machine, so zone names are not checked")
    path = sample_input.written(tmp_path)
    edit(sample_input, path, (sheet, row, header, value))
    assert errors_of(path) == [f"error: sheet '{sheet}', row {row}, {expected}"]


def test_rules_value_below_its_minimum(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    row = edit_field(path, "Rules", "max_parallel_sessions", 0)
    assert errors_of(path) == [
        f"error: sheet 'Rules', row {row}, column 'value': field 'max_parallel_sessions': '0' "
        "is too small; write a whole number of at least 1"
    ]


def test_two_column_sheet_without_its_header_row(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Meeting"].delete_rows(1)
    wb.save(path)
    assert read_workbook(path).meeting == sample_input.base_problem().meeting


def test_empty_sheets_and_a_sheet_without_rows(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Slots"].delete_rows(2, 10)
    wb.save(path)
    errors = errors_of(path)
    assert errors[0] == "error: sheet 'Slots': the sheet has no rows; add at least one slot"


def test_validate_places_capacity_issues_on_rows(tmp_path: Path, sample_input) -> None:
    path = sample_input.written(tmp_path)
    edit(
        sample_input, path, ("Participants", 3, "needs_funding", "yes")
    )  # P2, Austria: not eligible
    problem, issues = validate_workbook(path)
    assert problem is not None
    assert [str(i) for i in issues] == [
        "warning: sheet 'Participants', row 3, column 'needs_funding': needs funding, but "
        "delegation 'AUT' is not eligible for travel support, so this person will never be "
        "funded and will not take part"
    ]


def test_validate_never_raises(tmp_path: Path, sample_input) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("a,b\n1,2\n")
    problem, issues = validate_workbook(bad)
    assert problem is None
    assert [i.message for i in issues] == [
        "this is a text/CSV file, not an Excel workbook; open it in Excel and save it as Excel "
        "Workbook (.xlsx)"
    ]
    path = sample_input.written(tmp_path)
    edit(sample_input, path, ("Agenda", 2, "sessions", "x"))
    problem, issues = validate_workbook(path)
    assert problem is None and len(issues) == 1 and issues[0].row == 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_workbook_saved_by_libreoffice(tmp_path: Path, sample_input) -> None:
    source = sample_input.written(tmp_path, name="source.xlsx")
    edit(
        sample_input, source, ("Rooms", 3, "capacity", "=20*2")
    )  # LibreOffice calculates and saves 40
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert read_workbook(out / "source.xlsx") == sample_input.base_problem()


RECORD_SHEETS = (
    "Meeting",
    "Slots",
    "Rooms",
    "Agenda",
    "Delegations",
    "Participants",
    "Interpreters",
    "Disciplines",
)


def test_the_builder_reads_the_columns_the_schema_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_input
) -> None:
    # Every record sheet goes through `Builder.fields`, which reads exactly the schema's
    # columns, and each record's fields are those columns in the schema's order.
    seen: dict[str, set[str]] = {}
    fields = Builder.fields

    def spy(sheet_name: str, row: Any, **given: Any) -> dict[str, Any]:
        values = fields(sheet_name, row, **given)
        seen.setdefault(sheet_name, set()).update(values)
        return values

    monkeypatch.setattr(Builder, "fields", staticmethod(spy))
    problem = read_workbook(sample_input.written(tmp_path))
    assert problem.disciplines
    records = {
        "Meeting": problem.meeting,
        "Slots": problem.slots[0],
        "Rooms": problem.rooms[0],
        "Agenda": problem.items[0],
        "Delegations": problem.delegations[0],
        "Participants": problem.participants[0],
        "Interpreters": problem.interpreters[0],
        "Disciplines": problem.disciplines[0],
    }
    assert set(seen) == set(RECORD_SHEETS)
    for name, record in records.items():
        columns = [c.name for c in schema_sheet(name).columns]
        assert seen[name] == set(columns), name
        assert [f.name for f in dataclasses.fields(record)] == columns, name  # type: ignore[arg-type]


def test_the_builder_names_no_column_the_schema_does_not_declare() -> None:
    with pytest.raises(KeyError, match="no column"):
        Builder.fields("Rooms", Row(2, {}), seats=3)
