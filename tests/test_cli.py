"""The `planner` command: exit codes and the lines a user reads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from planner import solver as solver_package
from planner.cli import main
from planner.domain import AgendaItem, Interpreter, Result, Status
from planner.excel import write_problem
from planner.excel.plan_reader import read_summary

EXAMPLE = Path(__file__).parent.parent / "inputs" / "reoffending-egm-2024.xlsx"


@pytest.fixture
def tiny_input(tmp_path: Path, factory) -> Path:
    """Two six-language items on one day, one full team per booth: a plan exists."""
    path = tmp_path / "tiny.xlsx"
    write_problem(
        factory.problem([AgendaItem("1", "Opening"), AgendaItem("2", "Report", after=("1",))]),
        path,
    )
    return path


def test_template_writes_a_workbook_and_refuses_to_overwrite(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "new.xlsx"
    first = runner.invoke(main, ["template", str(path)])
    assert first.exit_code == 0, first.output
    assert "Meeting" in openpyxl.load_workbook(path).sheetnames
    again = runner.invoke(main, ["template", str(path)])
    assert again.exit_code == 1
    assert f"error: {path} exists; choose another name or add --force." in again.output


def test_validate_accepts_the_bundled_example(runner: CliRunner):
    result = runner.invoke(main, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK: ")


def test_validate_lists_every_error_with_its_location(runner: CliRunner, tmp_path: Path, factory):
    path = tmp_path / "bad.xlsx"
    write_problem(factory.problem(), path)
    wb = openpyxl.load_workbook(path)
    agenda = wb["Agenda"]
    headers = [c.value for c in agenda[1]]
    agenda.cell(row=2, column=headers.index("sessions") + 1, value="two")
    agenda.cell(row=2, column=headers.index("room") + 1, value="NOWHERE")
    wb.save(path)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "sheet 'Agenda', row 2, column 'sessions'" in result.output
    assert "'two'" in result.output
    assert "sheet 'Agenda', row 2, column 'room'" in result.output
    assert "NOWHERE" in result.output


def test_validate_turns_a_non_workbook_into_one_line(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "list.xlsx"
    path.write_text("slot_id,date\nD1-AM,2024-03-25\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "CSV" in result.output or "text" in result.output


def test_solve_writes_a_plan_that_check_accepts(
    runner: CliRunner, tiny_input: Path, tmp_path: Path
):
    plan = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["solve", str(tiny_input), "-o", str(plan), "--deterministic"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"OPTIMAL: plan written to {plan}"
    summary = read_summary(plan)
    assert summary["status"] == "OPTIMAL"
    assert summary["input_sha256"] == hashlib.sha256(tiny_input.read_bytes()).hexdigest()
    checked = runner.invoke(main, ["check", str(tiny_input), str(plan)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK: the plan keeps every hard rule")


def test_solve_never_writes_over_its_input(runner: CliRunner, tiny_input: Path):
    before = tiny_input.read_bytes()
    result = runner.invoke(main, ["solve", str(tiny_input), "-o", str(tiny_input)])
    assert result.exit_code == 1
    assert "would overwrite the input workbook" in result.output
    assert tiny_input.read_bytes() == before


def test_solve_reports_infeasible_with_exit_2_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, factory
):
    # Two Chinese interpreters for a team of three: no six-language session can be staffed.
    short = tuple(i for i in factory.team() if i.interpreter_id != "I-zh3")
    path = tmp_path / "short.xlsx"
    write_problem(factory.problem(interpreters=short), path)
    plan = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["solve", str(path), "-o", str(plan), "--deterministic"])
    assert result.exit_code == 2, result.output
    assert "No plan exists" in result.output
    assert not plan.exists()


def test_solve_reports_no_plan_in_time_with_exit_3(
    runner: CliRunner, tiny_input: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def out_of_time(problem, **kwargs):  # the CLI's glue is under test, not the search
        return Result(Status.NO_SOLUTION, solve_seconds=kwargs["time_limit"])

    monkeypatch.setattr(solver_package, "solve", out_of_time)
    plan = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["solve", str(tiny_input), "-o", str(plan), "--time-limit", "2"])
    assert result.exit_code == 3
    assert "No plan was found within 2 s." in result.output
    assert not plan.exists()


def test_solve_passes_deterministic_to_the_solver(
    runner: CliRunner, tiny_input: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    calls: list[dict[str, object]] = []

    def record(problem, **kwargs):  # the option's way to the solver is under test
        calls.append(kwargs)
        return Result(Status.NO_SOLUTION, solve_seconds=1.0)

    monkeypatch.setattr(solver_package, "solve", record)
    plan = tmp_path / "plan.xlsx"
    runner.invoke(main, ["solve", str(tiny_input), "-o", str(plan), "--deterministic"])
    runner.invoke(main, ["solve", str(tiny_input), "-o", str(plan)])
    assert [call["deterministic"] for call in calls] == [True, False]


def test_solve_stops_at_input_errors_with_exit_1(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "missing.xlsx"
    result = runner.invoke(main, ["solve", str(path), "-o", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "plan.xlsx").exists()


def test_check_lists_what_a_hand_edit_broke(runner: CliRunner, tiny_input: Path, tmp_path: Path):
    plan = tmp_path / "plan.xlsx"
    assert (
        runner.invoke(
            main, ["solve", str(tiny_input), "-o", str(plan), "--deterministic"]
        ).exit_code
        == 0
    )
    wb = openpyxl.load_workbook(plan)
    sheet = wb["Interpretation"]
    headers = [c.value for c in sheet[1]]
    booths = [c.value for c in sheet["ABCDEFG"[headers.index("booth")]]]
    sheet.delete_rows(booths.index("en") + 1)  # one English interpreter fewer
    wb.save(plan)
    result = runner.invoke(main, ["check", str(tiny_input), str(plan)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "violation: rule 5 (team_size): D1-AM (Mon 25 Mar 10:00-13:00), room R1: "
        "the English booth of item 1 has 1 interpreter; it needs 2",
        f"1 rule(s) broken; `planner solve {tiny_input} -o {tmp_path / 'plan-repaired.xlsx'} "
        f"--from {plan}` repairs the plan with the fewest changes (lock a row you moved to be "
        "sure it stays).",
    ]


def test_an_interpreter_named_like_a_formula_stays_text(runner: CliRunner, tmp_path: Path, factory):
    interpreters = tuple(
        Interpreter(i.interpreter_id, '=HYPERLINK("x")', i.booth, retour=i.retour)
        for i in factory.team()
    )
    path = tmp_path / "inert.xlsx"
    write_problem(factory.problem(interpreters=interpreters), path)
    plan = tmp_path / "plan.xlsx"
    assert (
        runner.invoke(main, ["solve", str(path), "-o", str(plan), "--deterministic"]).exit_code == 0
    )
    sheet = openpyxl.load_workbook(plan)["Interpretation"]
    names = {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {'=HYPERLINK("x")'}
