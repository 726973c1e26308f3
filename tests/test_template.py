"""The template: a workbook a person can fill in, which reads back to the expected problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from planner.domain import (
    LANGUAGES,
    SOFT_RULES,
    AgendaItem,
    Delegation,
    Discipline,
    Interpreter,
    InvalidProblem,
    Meeting,
    Participant,
    ProblemData,
    Room,
    Rules,
    Slot,
)
from planner.excel import SCHEMA, read_workbook, write_template
from planner.excel.template import SUGGESTED_DISCIPLINES


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path)
    return path


def test_sheets_headers_notes_and_layout(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instructions", *(s.name for s in SCHEMA)]
    assert "How to use this workbook" in wb["Instructions"]["A1"].value
    for sheet in SCHEMA:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2"
        if sheet.two_column:
            assert [c.value for c in ws[1]] == ["field", "value", "meaning"]
            continue
        headers = [c.value for c in ws[1]]
        assert headers == [c.name for c in sheet.columns]
        for cell, column in zip(ws[1], sheet.columns, strict=True):
            assert cell.font.bold
            assert cell.comment is not None
            assert cell.comment.text.startswith(column.description[0].upper())
            assert ws.column_dimensions[cell.column_letter].width >= 12
    note = wb["Agenda"]["C1"].comment.text
    assert note == ("How many slots the item needs.\nDefault: 1.\nType: whole number.")
    assert "Required." in wb["Rooms"]["C1"].comment.text


def _validations(ws: object) -> dict[str, str]:
    out = {}
    for rule in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        for cell_range in rule.sqref.ranges:
            out[cell_range.coord.split(":")[0].rstrip("0123456789")] = rule.formula1
    return out


def test_dropdowns_for_codes(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    people = _validations(wb["Participants"])
    assert people == {
        "C": "Delegations!$A$2:$A$5000",
        "D": '"head,expert,adviser"',
        "E": "Disciplines!$A$2:$A$5000",
        "F": '"f,m,x"',
        "J": '"in_person,online"',
        "L": '"yes,no"',
    }
    assert _validations(wb["Interpreters"]) == {
        "C": '"ar,zh,en,fr,ru,es"',
        "E": '"staff,freelance"',
    }
    delegations = _validations(wb["Delegations"])
    assert delegations["C"] == '"member_state,observer_state,un_entity,igo,ngo,institute"'
    assert delegations["D"].startswith('"african,asia_pacific')
    assert _validations(wb["Agenda"]) == {"G": "Rooms!$A$2:$A$5000"}


def test_meeting_and_rules_are_prefilled_with_defaults(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    meeting = {r[0].value: r[1].value for r in wb["Meeting"].iter_rows(min_row=2)}
    assert meeting == {
        "title": None,
        "venue": None,
        "timezone": "Europe/Vienna",
        "languages": "ar, zh, en, fr, ru, es",
        "output_language": "en",
    }
    rules = {r[0].value: r[1].value for r in wb["Rules"].iter_rows(min_row=2)}
    assert rules["team_size_ar"] == 3 and rules["team_size_en"] == 2
    assert rules["interpretation_budget"] == "unlimited"
    assert rules["weight_interpretation_cost"] == 0.01
    assert {f"weight_{r}" for r in SOFT_RULES} <= set(rules)
    assert all(value is not None for value in rules.values())
    disciplines = [r[0].value for r in wb["Disciplines"].iter_rows(min_row=2)]
    assert disciplines == [name for name, _ in SUGGESTED_DISCIPLINES]


def test_untouched_template_reports_only_missing_required_data(template: Path) -> None:
    with pytest.raises(InvalidProblem) as caught:
        read_workbook(template)
    assert [str(i) for i in caught.value.issues] == [
        "error: sheet 'Meeting', row 2, column 'value': the meeting's title is missing; write it "
        "in column 'value' next to 'title'",
        "error: sheet 'Slots': the sheet has no rows; add at least one slot",
        "error: sheet 'Rooms': the sheet has no rows; add at least one room",
        "error: sheet 'Agenda': the sheet has no rows; add at least one agenda item",
    ]


def test_a_template_filled_in_reads_back_to_the_expected_problem(
    template: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(template)
    wb["Meeting"]["B2"] = "Expert Group on Reducing Reoffending"
    wb["Slots"].append(["D1-AM", dt.date(2025, 1, 27), dt.time(10), dt.time(13)])
    wb["Slots"].append(["D1-PM", dt.date(2025, 1, 27), "15:00", "18:00"])
    wb["Rooms"].append(["M1", "Boardroom M1", 120, "ar, zh, en, fr, ru, es"])
    wb["Rooms"].append(["C2", None, 30, None, "D1-AM"])
    wb["Agenda"].append(["1", "Opening", None, None, None, None, None, None, 2, "probation"])
    wb["Agenda"].append(["2", "Working group", 1, "English", "1", "2025-01-27", "C2", 25])
    wb["Delegations"].append(["KEN"])
    wb["Delegations"].append(["UNODC", "UNODC", "UN entity"])
    wb["Participants"].append(["P1", "Expert 3 (Kenya)", "KEN", "Head", "probation", "F", "en"])
    wb["Participants"].append(
        ["P2", "Expert 1 (UNODC)", "UNODC", None, None, None, None, None, None, "online", "1"]
    )
    for n, booth in enumerate(LANGUAGES):
        wb["Interpreters"].append([f"I{n}", f"Interpreter {booth.upper()} 1", booth])
    wb["Rules"]["B2"] = 1  # team_size_ar
    wb["Rules"]["B4"] = None  # team_size_en: blank keeps the default
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    slots = (
        Slot("D1-AM", dt.date(2025, 1, 27), dt.time(10), dt.time(13)),
        Slot("D1-PM", dt.date(2025, 1, 27), dt.time(15), dt.time(18)),
    )
    expected = ProblemData(
        meeting=Meeting("Expert Group on Reducing Reoffending"),
        slots=slots,
        rooms=(
            Room("M1", "Boardroom M1", 120, frozenset(LANGUAGES)),
            Room("C2", "C2", 30, unavailable=frozenset({"D1-AM"})),
        ),
        items=(
            AgendaItem("1", "Opening", panel_size=2, disciplines=("probation",)),
            AgendaItem(
                "2", "Working group", 1, ("en",), ("1",), frozenset({"D1-AM", "D1-PM"}), "C2", 25
            ),
        ),
        delegations=(
            Delegation("KEN", "Kenya", "member_state", "african", True),
            Delegation("UNODC", "UNODC", "un_entity"),
        ),
        participants=(
            Participant(
                "P1", "Expert 3 (Kenya)", "KEN", "head", "probation", "f", frozenset({"en"})
            ),
            Participant(
                "P2", "Expert 1 (UNODC)", "UNODC", mode="online", speaks_on=frozenset({"1"})
            ),
        ),
        interpreters=tuple(
            Interpreter(f"I{n}", f"Interpreter {b.upper()} 1", b) for n, b in enumerate(LANGUAGES)
        ),
        disciplines=tuple(Discipline(n, d) for n, d in SUGGESTED_DISCIPLINES),
        rules=Rules(team_size={"ar": 1}),
    )
    problem = read_workbook(path)
    assert problem == expected
    assert problem.warnings == ()


def test_writing_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"old contents")
    write_template(path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Instructions"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.xlsx"]

    def broken_save(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"half a file")
        raise OSError("disk full")

    before = path.read_bytes()
    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_template(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.xlsx"]


def test_written_workbooks_get_the_usual_permissions(tmp_path):
    # A temporary file made by mkstemp is private (0600); the final file must follow the umask
    # like any other file the user creates, or colleagues cannot open a shared plan.
    import os

    umask = os.umask(0o022)
    try:
        write_template(tmp_path / "t.xlsx")
    finally:
        os.umask(umask)
    assert (tmp_path / "t.xlsx").stat().st_mode & 0o777 == 0o644
