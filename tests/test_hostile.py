"""Hostile and broken files: each ends in one clear line, raised as InvalidProblem, quickly."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.domain import InvalidProblem
from planner.excel import read_workbook, safety, validate_workbook

DAMAGED = (
    "the file is damaged or incomplete (a part of it cannot be read); copy it again or "
    "save it again from Excel as .xlsx"
)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def one_line(path: Path) -> str:
    """The single problem reported for a file that cannot be read at all."""
    with pytest.raises(InvalidProblem) as caught:
        read_workbook(path)
    assert len(caught.value.issues) == 1
    issue = caught.value.issues[0]
    assert issue.is_error and issue.sheet is None and "\n" not in issue.message
    _problem, issues = validate_workbook(path)  # the same, without raising
    assert issues == caught.value.issues
    return issue.message


def sheet_part(path: Path, title: str) -> str:
    """The zip member holding a sheet (openpyxl numbers them in workbook order)."""
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def rewrite(path: Path, out: Path, part: str, data: bytes) -> Path:
    """A copy of the workbook with one part replaced."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == part else src.read(info))
    return out


def laughs(levels: int = 9) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{"".join(entities)}]>\n'
        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        f"<is><t>&lol{levels};</t></is></c></row></sheetData></worksheet>"
    ).encode()


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    part = sheet_part(base, "Meeting")
    bomb = rewrite(base, tmp_path / "laughs.xlsx", part, laughs())
    started = time.perf_counter()
    assert one_line(bomb) == (
        f"part '{part}' of the workbook declares XML entities, which Excel never writes "
        "(a billion-laughs attack?); the file is not read"
    )
    assert time.perf_counter() - started < 30  # refused, not expanded


def test_billion_laughs_in_utf16_is_refused_too(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    part = sheet_part(base, "Slots")
    text = laughs().decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    bomb = rewrite(base, tmp_path / "laughs16.xlsx", part, text.encode("utf-16"))
    assert one_line(bomb).startswith(f"part '{part}' of the workbook declares XML entities")


def test_the_xml_parser_itself_is_defused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_input
) -> None:
    # Without the byte-level check, openpyxl's defusedxml parser must still refuse the file.
    assert openpyxl.DEFUSEDXML
    base = sample_input.written(tmp_path)
    bomb = rewrite(base, tmp_path / "laughs.xlsx", sheet_part(base, "Meeting"), laughs())
    monkeypatch.setattr(safety, "check_file", lambda path: None)
    assert one_line(bomb) == ("the workbook contains forbidden XML (entity declarations); not read")


def test_truncated_zip(tmp_path: Path, sample_input) -> None:
    data = sample_input.written(tmp_path).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert one_line(cut) == DAMAGED


def test_corrupt_part_inside_a_complete_zip(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    part = sheet_part(base, "Agenda")
    with zipfile.ZipFile(base) as archive:
        info = archive.getinfo(part)
    data = bytearray(base.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 20, start + info.compress_size - 20):
        data[k] ^= 0x5A
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    message = one_line(broken)
    assert message == DAMAGED or message.startswith("the workbook could not be read")


def test_csv_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_text("item_id,title\n1,Opening\n", encoding="utf-8")
    assert one_line(path) == (
        "this is a text/CSV file, not an Excel workbook; open it in Excel and save it as Excel "
        "Workbook (.xlsx)"
    )


def test_unicode_text_export_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes("item_id\ttitle\n1\tOuverture\n".encode("utf-16"))
    assert one_line(path).startswith("this is a text/CSV file")


def test_html_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    assert one_line(path) == (
        "this is a web page (HTML) with a spreadsheet's name; open it in Excel and save it as "
        "Excel Workbook (.xlsx)"
    )


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert one_line(path) == (
        "this is an old .xls file (or a password-protected workbook); open it in Excel and save "
        "it as Excel Workbook (.xlsx) without a password"
    )


def test_ods(tmp_path: Path) -> None:
    path = tmp_path / "calc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert one_line(path) == (
        "this is an OpenDocument spreadsheet (.ods); save it as Excel Workbook (.xlsx)"
    )


def test_xlsb_and_other_zips(tmp_path: Path) -> None:
    xlsb = tmp_path / "binary.xlsx"
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x00")
    assert one_line(xlsb) == "this is a binary workbook (.xlsb); save it as Excel Workbook (.xlsx)"
    other = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert one_line(other) == (
        "this is a zip file but not an Excel workbook; save the workbook as .xlsx"
    )


def test_workbook_without_any_planner_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    assert one_line(path) == (
        "the workbook has none of the planner's sheets (Meeting, Slots, Rooms, Agenda, "
        "Delegations, Participants, Interpreters); start from the template (planner template)"
    )


def test_zero_bytes_missing_file_and_folder(tmp_path: Path) -> None:
    empty = tmp_path / "zero.xlsx"
    empty.write_bytes(b"")
    assert one_line(empty) == (
        "the file is empty (0 bytes); save the workbook again from Excel as .xlsx"
    )
    missing = tmp_path / "nowhere.xlsx"
    assert one_line(missing) == f"the file '{missing}' does not exist"
    assert one_line(tmp_path) == f"'{tmp_path}' is a folder, not a workbook"


def test_zip_bomb_by_ratio(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    part = sheet_part(base, "Rooms")
    bomb = rewrite(base, tmp_path / "bomb.xlsx", part, b" " * (20 * 1024 * 1024))
    assert one_line(bomb).startswith(f"part '{part}' of the workbook is compressed ")
    assert one_line(bomb).endswith(
        "times, which no real workbook is (a zip bomb?); the file is not read"
    )


def test_size_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_input) -> None:
    path = sample_input.written(tmp_path)
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 10 * 1024)
    assert one_line(path).startswith("the workbook unpacks to 0 MB, more than the 0 MB")
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1024)
    assert one_line(path) == (
        "the file is 0 MB, more than the 0 MB the planner reads; remove images or unused sheets"
    )


def test_a_part_openpyxl_cannot_use(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    broken = rewrite(base, tmp_path / "broken.xlsx", "xl/workbook.xml", b"not XML at all")
    assert one_line(broken) == DAMAGED
    empty = rewrite(base, tmp_path / "empty.xlsx", "xl/workbook.xml", b"<workbook/>")
    assert one_line(empty).startswith("the workbook has none of the planner's sheets")


def test_200000_formatted_empty_rows_read_quickly(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    part = sheet_part(base, "Participants")
    with zipfile.ZipFile(base) as archive:
        xml = archive.read(part)
    rows = "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>'
        for r in range(10, 200_010)
    )
    xml = xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    xml = xml.replace(b'<dimension ref="A1:M4"', b'<dimension ref="A1:XFD1048576"')
    big = rewrite(base, tmp_path / "big.xlsx", part, xml)
    started = time.perf_counter()
    assert read_workbook(big) == sample_input.base_problem()
    # openpyxl alone takes several seconds to walk these rows; bounded by the data it is fast.
    assert time.perf_counter() - started < 60


def test_formatted_empty_rows_after_a_gap_still_find_the_data(tmp_path: Path, sample_input) -> None:
    base = sample_input.written(tmp_path)
    wb = openpyxl.load_workbook(base)
    ws = wb["Participants"]
    ws.insert_rows(3, amount=1500)  # a long gap of empty rows, then more people
    wb.save(base)
    assert read_workbook(base) == sample_input.base_problem()


def test_rows_without_numbers_stop_after_a_long_blank_run(tmp_path: Path, sample_input) -> None:
    # Some writers leave out row numbers; then the data's end is unknown and the reader stops
    # after 1000 empty rows, saying so.
    base = sample_input.written(tmp_path)
    part = sheet_part(base, "Participants")
    with zipfile.ZipFile(base) as archive:
        xml = archive.read(part)
    xml = re.sub(rb'<row r="\d+"', b"<row", xml)
    blank = b'<row s="1" customFormat="1"/>' * 1500
    xml = xml.replace(b"</sheetData>", blank + b"</sheetData>")
    path = rewrite(base, tmp_path / "unnumbered.xlsx", part, xml)
    problem = read_workbook(path)
    assert problem == sample_input.base_problem()
    assert [str(w) for w in problem.warnings] == [
        "warning: sheet 'Participants': reading stopped at row 1004 after 1000 empty rows; if "
        "data follows further down, delete the empty rows above it"
    ]


@pytest.mark.parametrize(
    ("offset", "value"),
    [(6, 156), (10, 99)],  # "zip file version 15.6"; a compression method zipfile lacks
    ids=["version", "compression"],
)
def test_a_zip_header_naming_what_zipfile_cannot_read(
    tmp_path: Path, offset: int, value: int, sample_input
) -> None:
    # zipfile raises NotImplementedError for these, which once reached the user as a traceback.
    data = bytearray(sample_input.written(tmp_path).read_bytes())
    at = data.index(b"PK\x01\x02") + offset  # in the first entry of the central directory
    data[at : at + 2] = value.to_bytes(2, "little")
    odd = tmp_path / "odd.xlsx"
    odd.write_bytes(bytes(data))
    assert one_line(odd) == DAMAGED


def test_garbled_xml_in_a_plan_is_one_line(tmp_path: Path, sample_input) -> None:
    # openpyxl parses a read-only sheet lazily, row by row: the error comes while reading.
    from planner.excel.plan_reader import read_plan
    from planner.excel.plan_writer import write_plan
    from planner.solver import solve

    problem = sample_input.base_problem()
    plan = tmp_path / "plan.xlsx"
    write_plan(problem, solve(problem, time_limit=5, workers=1, deterministic=True), plan)
    part = sheet_part(plan, "Agenda")
    with zipfile.ZipFile(plan) as archive:
        xml = archive.read(part)
    cut = xml.index(b"<row", xml.index(b"<row") + 1)
    garbled = rewrite(plan, tmp_path / "garbled.xlsx", part, xml[:cut] + b"<c<" + xml[cut:])
    with pytest.raises(InvalidProblem) as caught:
        read_plan(garbled, problem)
    assert [i.message for i in caught.value.issues] == [DAMAGED]
