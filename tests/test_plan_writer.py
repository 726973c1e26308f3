"""The plan workbook: sheets, columns, types, views, text safety and the atomic write."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from planner.domain import (
    AgendaItem,
    Assignment,
    Delegation,
    Interpreter,
    PanelSeat,
    Participant,
    Plan,
    ProblemData,
    Result,
    Room,
    Seat,
    Session,
    Status,
)
from planner.domain.metrics import interpretation_cost, travel_cost
from planner.excel import plan_writer
from planner.excel.plan_reader import read_summary
from planner.excel.plan_writer import write_plan
from planner.plan_frames import COLUMNS, plan_tables

SHA = "ab" * 32


def written(tmp_path: Path, problem: ProblemData, result: Result) -> Path:
    path = tmp_path / "plan.xlsx"
    write_plan(problem, result, path, input_sha256=SHA, planner_version="9.9.9")
    return path


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = load_workbook(path)
    return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory, sample_plan) -> Path:
    # Written once: the tests below only read it.
    return written(tmp_path_factory.mktemp("plan"), *sample_plan.sample())


def test_sheets_come_in_the_contract_order(plan_file: Path) -> None:
    assert load_workbook(plan_file).sheetnames == [
        "Summary", "Programme", "Interpreters", "Participants", "Balance", "Costs",
        "Agenda", "Interpretation", "Panels", "Seats", "Funding", "Warnings",
    ]  # fmt: skip


def test_machine_sheets_have_exactly_one_header_row_of_contract_columns(plan_file: Path) -> None:
    wb = load_workbook(plan_file)
    for sheet, columns in COLUMNS.items():
        ws = wb[sheet]
        assert tuple(c.value for c in ws[1]) == columns, sheet
        assert all(c.font.bold for c in ws[1])
        assert ws.freeze_panes == "A2"


def test_agenda_rows_in_time_order_with_parts_dates_and_times(plan_file: Path) -> None:
    body = rows(plan_file, "Agenda")[1:]
    assert [(r[0], r[4], r[5], r[7], r[8]) for r in body] == [
        ("D1-AM", "R1", "1", 1, 1),
        ("D1-PM", "R1", "2", 1, 2),
        ("D1-PM", "R2", "4(b)", 1, 1),
        ("D2-AM", "R1", "2", 2, 2),
    ]
    first = body[0]
    assert first[1] == dt.datetime(2024, 3, 25)  # an Excel date, read back as a datetime
    assert (first[2], first[3]) == (dt.time(10), dt.time(13))
    assert first[6] == "Opening of the meeting"
    assert first[9] == "ar, zh, en, fr, ru, es"
    assert body[2][9] == "en"
    ws = load_workbook(plan_file)["Agenda"]
    assert ws["B2"].is_date and ws["C2"].is_date
    assert ws["H2"].data_type == "n"


def test_interpretation_marks_the_retour_with_yes_or_no(plan_file: Path) -> None:
    body = rows(plan_file, "Interpretation")[1:]
    assert len(body) == 3 * 14
    assert body[0] == ("D1-AM", "R1", "1", "ar", "I-ar1", "Interpreter AR 1", "yes", "no")
    assert body[1] == ("D1-AM", "R1", "1", "ar", "I-ar2", "Interpreter AR 2", "no", "no")
    assert {r[6] for r in body} == {"yes", "no"}
    assert sum(r[6] == "yes" for r in body) == 6  # ar and zh, three sessions
    # booths follow the UN order within a session
    assert [r[3] for r in body[:14:2]] == ["ar", "ar", "zh", "en", "fr", "ru", "es"]


def test_panels_list_states_first_then_the_plan_order(tmp_path: Path, sample_plan) -> None:
    problem, result = sample_plan.sample()
    # The plan puts the UN entity first; the workbook moves the Member States ahead of it.
    panels = (PanelSeat("2", 1, "UNODC-1"), PanelSeat("2", 2, "KEN-1"), PanelSeat("2", 3, "JPN-2"))
    plan = Plan(result.plan.sessions, (), (), panels, frozenset())
    body = rows(written(tmp_path, problem, Result(Status.FEASIBLE, plan)), "Panels")[1:]
    assert body == [
        ("2", 1, "KEN-1", "Expert 1 (Kenya)", "KEN", "african", "probation", "f"),
        ("2", 2, "JPN-2", sample_plan.INJECTIONS[0], "JPN", "asia_pacific", "probation", "f"),
        ("2", 3, "UNODC-1", "Эксперт 2", "UNODC", None, "policy_legislation", "x"),
    ]


def test_seats_funding_and_warnings(plan_file: Path) -> None:
    seats = rows(plan_file, "Seats")[1:]
    assert len(seats) == 8
    assert seats[0] == ("D1-AM", "R1", "1", "JPN", "JPN-1")
    assert seats[-1] == ("D2-AM", "R1", "2", "UGA", "UGA-1")
    assert rows(plan_file, "Funding")[1:] == [
        (
            "KEN-1",
            "Expert 1 (Kenya)",
            "KEN",
            2500,
            "yes",
            "other developing",
            "funded: USD 2,500 of the travel budget",
        ),
        (
            "UGA-1",
            "Expert 1 (Uganda)",
            "UGA",
            3000,
            "yes",
            "LDC",
            "funded: USD 3,000 of the travel budget",
        ),
        (
            "PSE-1",
            "خبير 1",
            "PSE",
            1800,
            "no",
            "other developing",
            "budget spent: USD 1,800 needed, USD 500 left",
        ),
    ]
    assert rows(plan_file, "Warnings")[1:] == [
        ("delegation_unseated", "2 @ D1-PM", "UGA has no seat holder", 20),
        ("interpretation_cost", "I-ar1", "2 days", 12),
    ]
    ws = load_workbook(plan_file)["Funding"]
    assert ws["D2"].number_format == '"US$ "#,##0'


def test_summary_fields(plan_file: Path, sample_plan) -> None:
    problem, result = sample_plan.sample()
    summary = read_summary(plan_file)
    assert list(summary)[:2] == ["status", "message"]
    assert summary["status"] == "FEASIBLE"
    assert summary["objective"] == 1234.5
    assert summary["best_bound"] == 1000
    assert summary["gap"] == pytest.approx(234.5 / 1234.5)
    assert summary["stage_gap"] is None  # a joint solve has no stage
    assert summary["solve_seconds"] == 1.25
    assert summary["interpretation_cost"] == 18_100 == interpretation_cost(problem, result.plan)
    assert summary["interpretation_budget"] == 50_000
    assert summary["travel_cost"] == 5_500 == travel_cost(problem, result.plan)
    assert summary["travel_budget"] == 6_000
    assert (summary["sessions"], summary["interpreters_engaged"]) == (4, 15)
    assert summary["funded_participants"] == 2
    assert summary["input_sha256"] == SHA
    assert summary["planner_version"] == "9.9.9"
    assert summary["title"] == "Test meeting"
    assert summary["venue"] == "Vienna International Centre"
    stamp = dt.datetime.fromisoformat(str(summary["generated"]))
    assert stamp.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(minutes=5)


def test_user_text_is_never_a_formula_and_unicode_round_trips(plan_file: Path, sample_plan) -> None:
    wb = load_workbook(plan_file)
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row
                if c.data_type == "f"]  # fmt: skip
    names = {r[0]: r[3] for r in rows(plan_file, "Panels")[1:] if r[0] != "item_id"}
    assert names == {"2": "Эксперт 2"}  # the last one by speaking order
    listed = {c.value for row in wb["Participants"].iter_rows() for c in row}
    assert set(sample_plan.INJECTIONS) | {"专家 4", "خبير 1", "Эксперт 2"} <= listed
    cell = next(c for row in wb["Participants"].iter_rows() for c in row if c.value == "+1")
    assert cell.data_type == "s" and cell.quotePrefix


def test_tables_are_what_the_workbook_holds(plan_file: Path, sample_plan) -> None:
    tables = plan_tables(*sample_plan.sample())
    for sheet in ("Agenda", "Interpretation", "Panels", "Seats", "Funding", "Warnings"):
        frame = tables[sheet]
        body = rows(plan_file, sheet)[1:]
        assert len(body) == len(frame), sheet
        for got, (_, want) in zip(body, frame.iterrows(), strict=True):
            for value, expected in zip(got, want.tolist(), strict=True):
                if isinstance(expected, dt.date):
                    assert value == dt.datetime.combine(expected, dt.time())
                elif expected is None or expected != expected:  # None or NaN: a blank cell
                    assert value is None
                else:
                    assert value == expected


def test_programme_grid_colours_and_print_setup(plan_file: Path) -> None:
    ws = load_workbook(plan_file)["Programme"]
    assert [c.value for c in ws[3]] == ["Date", "Day", "Time", "Room R1", "Room R2"]
    assert ws["D5"].value == (
        "Item 2 — Model strategies on reducing reoffending (part 1/2)\n"
        "Interpretation: ar, zh, en, fr, ru, es"
    )
    assert ws["D6"].value.startswith("Item 2 — Model strategies on reducing reoffending (part 2/2)")
    assert ws["E5"].value == "Item 4(b) — Exchange of experience\nNo interpretation (en)"
    assert ws["D5"].fill.fgColor.rgb == ws["D6"].fill.fgColor.rgb != ws["D4"].fill.fgColor.rgb
    assert (ws["A4"].value, ws["B4"].value, ws["C4"].value) == (
        dt.datetime(2024, 3, 25), "Monday", "10:00-13:00",
    )  # fmt: skip
    assert ws["D7"].value is None  # day 2 afternoon is free
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert ws.freeze_panes == "D4"


def test_roster_is_grouped_by_booth_with_workload_and_cost(plan_file: Path) -> None:
    body = rows(plan_file, "Interpreters")[3:]
    booths = [r[0] for r in body if r[0] and r[1]]
    assert (
        booths
        == ["Arabic"] * 3
        + ["Chinese"] * 3
        + ["English"] * 3
        + ["French"] * 2
        + ["Russian"] * 2
        + ["Spanish"] * 2
    )
    ar1 = body[0]
    assert ar1[:7] == ("Arabic", "Interpreter AR 1", "staff", "R1 1 (r)", "R1 2 (r)", "R1 2 (r)",
                       None)  # fmt: skip
    assert ar1[7:] == (3, 2, 1200)
    freelancer = next(r for r in body if r[1] == "Interpreter EN 3")
    assert freelancer[2:] == ("freelance", None, None, "R1 2", None, 1, 1, 1900)
    total = next(r for r in body if r[1] == "Total")
    assert (total[7], total[9]) == (42, 18_100)


def test_costs_against_budgets(plan_file: Path) -> None:
    body = rows(plan_file, "Costs")
    assert body[4][:5] == ("Interpretation", 18_100, 50_000, 31_900, pytest.approx(0.362))
    assert body[5][:5] == ("Travel support", 5_500, 6_000, 500, pytest.approx(5_500 / 6_000))
    by_day = {r[0]: r[2] for r in body if isinstance(r[0], dt.datetime)}
    assert by_day == {dt.datetime(2024, 3, 25): 8_400, dt.datetime(2024, 3, 26): 8_500}
    assert ("Kenya", "Expert 1 (Kenya)", 2500) in [r[:3] for r in body]


def test_participants_listed_as_a_un_list(plan_file: Path, sample_plan) -> None:
    body = [r for r in rows(plan_file, "Participants")[3:] if any(r)]
    firsts = [r[0] for r in body]
    assert firsts == [
        "Member States",
        "Japan", "专家 4", sample_plan.INJECTIONS[0],
        "Kenya", "Expert 1 (Kenya)", "Expert 2 (Kenya)", sample_plan.INJECTIONS[3],
        "Uganda", "Expert 1 (Uganda)",
        "Observer States",
        "State of Palestine", "خبير 1",
        "United Nations entities",
        "United Nations Office on Drugs and Crime", "Эксперт 2",
        sample_plan.INJECTIONS[1], sample_plan.INJECTIONS[2],
    ]  # fmt: skip
    kenya_head = body[5]
    assert kenya_head[1:] == ("Head", "probation", "in person", "all days", "yes", 2,
                              "2 (speaker 1)")  # fmt: skip
    assert body[7][4] == "Tue 26 Mar"  # arrives on day 2
    assert body[12][4:6] == ("not taking part", "requested, not funded")


def test_balance_per_panel_and_funded_by_group(plan_file: Path) -> None:
    body = rows(plan_file, "Balance")
    panel = next(r for r in body if r[0] == "2")
    assert panel == (
        "2", "Model strategies on reducing reoffending", "3 of 3", "probation, health",
        "probation", "health", "African 1, Asia-Pacific 1, no group 1", 2, 0, 1,
    )  # fmt: skip
    african = [r for r in body if r[0] == "African"]
    # Uganda (an LDC) and Kenya (not) asked and are funded.
    assert african[0][:8] == ("African", 1, 1, 1, 1, 2, 2, 5500)
    assert african[1][:3] == ("African", 2, 2)  # the chart's table: requests, funded
    asia = [r for r in body if r[0] == "Asia-Pacific"]
    assert asia[0][:8] == ("Asia-Pacific", 0, 0, 1, 0, 1, 0, 0)  # Palestine's request waits
    assert asia[1][:3] == ("Asia-Pacific", 1, 0)
    total = next(r for r in body if r[0] == "Total")
    assert total[7] == 9  # everyone but the unfunded Palestinian expert takes part


def test_an_empty_plan_renders_notes_not_grids(tmp_path: Path, factory) -> None:
    problem = factory.problem(interpreters=())
    path = written(tmp_path, problem, Result(Status.NO_SOLUTION, message="time ran out"))
    wb = load_workbook(path)
    assert wb["Programme"]["A4"].value == "No sessions are scheduled in this plan."
    assert wb["Interpreters"]["A4"].value == "No interpreters are listed in the problem."
    assert wb["Participants"]["A4"].value == "No participants are listed in the problem."
    assert wb["Balance"]["A5"].value == "No panels in this plan."
    for sheet in ("Agenda", "Interpretation", "Panels", "Seats", "Funding", "Warnings"):
        assert wb[sheet].max_row == 1, sheet
    summary = read_summary(path)
    assert summary["status"] == "NO_SOLUTION"
    assert summary["message"] == "time ran out"
    assert summary["objective"] is None and summary["gap"] is None
    assert summary["interpretation_budget"] == "unlimited"


def test_ids_unknown_to_the_problem_are_written_as_typed(tmp_path: Path, sample_plan) -> None:
    problem, result = sample_plan.sample()
    plan = Plan(
        (*result.plan.sessions, Session("9", "D9-AM", "R9")),
        (*result.plan.assignments, Assignment("D1-AM", "R1", "1", "en", "I-zz9")),
        (*result.plan.seats, Seat("D1-AM", "R1", "1", "XXX", "XXX-1")),
        (*result.plan.panels, PanelSeat("2", 1, "XXX-1")),  # unknown: speaks last
        result.plan.funded | {"XXX-1"},
    )
    path = written(tmp_path, problem, Result(Status.FEASIBLE, plan))
    assert ("D9-AM", None, None, None, "R9", "9", None, 1, 1, None, "no") in rows(path, "Agenda")
    assert ("2", 4, "XXX-1", None, None, None, None, None) in rows(path, "Panels")
    unknown = (
        "XXX-1",
        None,
        None,
        None,
        "yes",
        None,
        "unknown participant_id: not in the Participants",
    )
    assert unknown in rows(path, "Funding")
    # costs count only what the problem knows
    assert read_summary(path)["interpretation_cost"] == 18_100


def test_write_replaces_an_existing_file(tmp_path: Path, sample_plan) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"old")
    write_plan(*sample_plan.sample(), path)
    assert read_summary(path)["status"] == "FEASIBLE"
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_a_failing_save_leaves_the_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_plan
) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"the previous plan")

    def half_save(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", half_save)
    with pytest.raises(OSError, match="disk full"):
        write_plan(*sample_plan.sample(), path)
    assert path.read_bytes() == b"the previous plan"
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_a_failing_sheet_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_plan
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("bug in a sheet")

    monkeypatch.setattr(plan_writer, "write_frame", broken)
    with pytest.raises(RuntimeError, match="bug in a sheet"):
        write_plan(*sample_plan.sample(), tmp_path / "plan.xlsx")
    assert os.listdir(tmp_path) == []


def test_unavailable_rooms_and_interpreters_are_greyed_out(tmp_path: Path, factory) -> None:
    room = Room("R1", "Room R1", 200, frozenset({"en"}), unavailable=frozenset({"D1-PM"}))
    team = list(factory.team(("en",)))
    team[0] = Interpreter("I-en1", "Interpreter EN 1", "en", unavailable=frozenset({"D1-PM"}))
    problem = factory.problem(
        [AgendaItem("1", "Opening", languages=("en",))], rooms=[room], interpreters=team
    )
    plan = Plan((Session("1", "D1-AM", "R1"),))
    wb = load_workbook(written(tmp_path, problem, Result(Status.FEASIBLE, plan)))
    assert wb["Programme"]["D5"].value == "room not available"
    assert [c.value for c in wb["Interpreters"][4]][:5] == [
        "English", "Interpreter EN 1", "staff", None, "n/a",
    ]  # fmt: skip


def test_control_characters_are_dropped_not_fatal(tmp_path: Path, factory) -> None:
    person = Participant("P1", "Expert 1\x07 (Kenya)", "KEN")
    problem = factory.problem(
        delegations=[Delegation("KEN", "Kenya", regional_group="african")], participants=[person]
    )
    wb = load_workbook(written(tmp_path, problem, Result(Status.FEASIBLE, Plan())))
    assert wb["Participants"]["A6"].value == "Expert 1 (Kenya)"
    assert wb["Costs"]["C5"].value == "unlimited"  # no interpretation budget set
