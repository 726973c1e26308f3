"""`planner explain` and the explanation printed by `planner solve` when no plan exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.domain import AgendaItem, Rules
from planner.excel import write_problem

BOTH_IN_D1_AM = (
    "Item 1 'Opening' needs 1 session(s) and may only be held in 1 slot(s): "
    "D1-AM (Mon 25 Mar 10:00-13:00)."
)


@pytest.fixture
def clash(tmp_path: Path, factory) -> Path:
    # Two items both allowed only in D1-AM, one session at a time: the pre-solve counts pass.
    items = [
        AgendaItem("1", "Opening", languages=("en",), allowed_slots={"D1-AM"}),
        AgendaItem("2", "Prisons", languages=("en",), allowed_slots={"D1-AM"}),
    ]
    rooms = [factory.plenary_room(), factory.small_room()]
    problem = factory.problem(items, days=2, rooms=rooms, rules=Rules(max_parallel_sessions=1))
    path = tmp_path / "clash.xlsx"
    write_problem(problem, path)
    return path


def test_explain_prints_the_conflict_and_exits_2(runner: CliRunner, clash: Path):
    result = runner.invoke(main, ["explain", str(clash), "--time-limit", "60"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0] == "No plan exists: these rules and data conflict."
    assert f"- {BOTH_IN_D1_AM}" in lines
    assert (
        "- At most 1 session(s) may run at the same time (max_parallel_sessions), also in "
        "D1-AM (Mon 25 Mar 10:00-13:00)." in lines
    )
    assert any(line.startswith("  Suggestion: Raise max_parallel_sessions") for line in lines)


def test_explain_says_when_a_plan_exists(runner: CliRunner, tmp_path: Path, factory):
    path = tmp_path / "fine.xlsx"
    write_problem(factory.problem(), path)
    result = runner.invoke(main, ["explain", str(path), "--time-limit", "60"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("A plan exists: the hard rules and the data do not conflict.")


def test_explain_stops_at_input_errors_with_exit_1(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(main, ["explain", str(tmp_path / "missing.xlsx")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_solve_explains_an_infeasible_input(runner: CliRunner, clash: Path, tmp_path: Path):
    plan = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["solve", str(clash), "-o", str(plan), "--deterministic"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0] == "No plan exists: the rules and the data conflict."
    assert f"- {BOTH_IN_D1_AM}" in lines
    assert lines[-1] == "Nothing was written."
    assert not plan.exists()
