"""The `Scenarios` sheet and `--set` grids: parsed by the schema, every bad cell located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planner.domain import AgendaItem, InvalidProblem, Rules
from planner.excel import validate_workbook, write_problem
from planner.excel.reader import read_scenarios
from planner.excel.scenario_rows import grid_scenarios


def base_problem(factory):
    return factory.problem(
        [AgendaItem("1", "Opening"), AgendaItem("2", "Report", after=("1",))],
        days=2,
        rooms=(factory.plenary_room("R1"), factory.small_room("R2")),
        rules=Rules(travel_budget=10_000),
    )


def workbook(factory, tmp_path: Path, rows: list[dict[str, Any]], extra: str | None = None) -> Path:
    """The base problem's workbook with these rows in its Scenarios sheet."""
    path = tmp_path / "input.xlsx"
    write_problem(base_problem(factory), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Scenarios"]
    headers = {c.value: c.column for c in ws[1]}
    if extra is not None:
        headers[extra] = ws.max_column + 1
        ws.cell(row=1, column=headers[extra], value=extra)
    for number, values in enumerate(rows, start=2):
        for name, value in values.items():
            ws.cell(row=number, column=headers[name], value=value)
    wb.save(path)
    return path


def errors(path: Path) -> list[str]:
    _problem, issues = validate_workbook(path)
    return [str(i) for i in issues if i.is_error]


def test_a_workbook_without_scenario_rows_has_no_scenarios(tmp_path, factory):
    problem, scenarios = read_scenarios(workbook(factory, tmp_path, []))
    assert scenarios == ()
    assert problem == base_problem(factory)


def test_each_row_is_a_scenario_with_its_settings_and_list_changes(tmp_path, factory):
    path = workbook(
        factory,
        tmp_path,
        [
            {"scenario": "+20k", "travel_budget": 30000},
            {"scenario": "short", "drop_slots": "2024-03-26", "interpreter_max_per_week": 6},
            {"scenario": "mornings", "room_unavailable": "R1@pm; R2@D1-AM", "drop_rooms": "R2"},
        ],
    )
    _problem, scenarios = read_scenarios(path)
    assert [s.name for s in scenarios] == ["+20k", "short", "mornings"]
    assert scenarios[0].settings == {"travel_budget": 30000.0}
    assert scenarios[1].drop_slots == {"D2-AM", "D2-PM"}
    assert scenarios[1].settings == {"interpreter_max_per_week": 6}
    assert scenarios[2].room_unavailable == (("R1", "pm"), ("R2", "D1-AM"))
    assert scenarios[2].drop_rooms == {"R2"}


def test_every_bad_cell_is_reported_with_its_sheet_row_and_column(tmp_path, factory):
    path = workbook(
        factory,
        tmp_path,
        [
            {"scenario": "a", "travel_budget": "lots"},
            {"scenario": "b", "drop_rooms": "R9"},
            {"scenario": "c", "room_unavailable": "R1 afternoons"},
            {"scenario": "a", "drop_slots": "D1-AM"},
            {"scenario": "base"},
            {"scenario": "d", "drop_slots": "D7-PM"},
            {"scenario": "e", "max_parallel_sessions": 0},
        ],
    )
    found = errors(path)
    assert any("sheet 'Scenarios', row 2, column 'travel_budget'" in e for e in found), found
    assert any(
        "sheet 'Scenarios', row 3, column 'drop_rooms'" in e and "unknown room(s) 'R9'" in e
        for e in found
    ), found
    assert any(
        "row 4, column 'room_unavailable'" in e and "'R1 afternoons' is not room@when" in e
        for e in found
    ), found
    assert any("row 5, column 'scenario'" in e and "also used on row 2" in e for e in found)
    assert any("row 6, column 'scenario'" in e and "'base' names the unchanged" in e for e in found)
    assert any("row 7, column 'drop_slots'" in e and "no slot is D7-PM" in e for e in found)
    assert any("row 8, column 'max_parallel_sessions'" in e for e in found), found
    with pytest.raises(InvalidProblem):
        read_scenarios(path)


def test_a_run_setting_column_is_not_read_and_says_so(tmp_path, factory):
    path = workbook(factory, tmp_path, [{"scenario": "a", "seed": 4}], extra="seed")
    _problem, issues = validate_workbook(path)
    assert any(
        i.sheet == "Scenarios" and "unknown column 'seed' is ignored" in i.message for i in issues
    )
    _problem, scenarios = read_scenarios(path)
    assert scenarios[0].is_base


def test_a_grid_is_every_combination_of_the_set_values(factory):
    scenarios = grid_scenarios(
        ["travel_budget=0,20000", "Interpreter Max Per Week=6,7"], base_problem(factory)
    )
    assert [s.name for s in scenarios] == [
        "travel_budget=0, interpreter_max_per_week=6",
        "travel_budget=0, interpreter_max_per_week=7",
        "travel_budget=20000, interpreter_max_per_week=6",
        "travel_budget=20000, interpreter_max_per_week=7",
    ]
    assert scenarios[3].settings == {"travel_budget": 20000.0, "interpreter_max_per_week": 7}


def test_a_list_value_in_a_grid_uses_semicolons(factory):
    (scenario,) = grid_scenarios(["drop_slots=D2-AM;D2-PM"], base_problem(factory))
    assert scenario.drop_slots == {"D2-AM", "D2-PM"}


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("travel=1", "--set: unknown field 'travel'"),
        ("travel_budget", "is not FIELD=V1,V2"),
        ("travel_budget=10,x", "--set travel_budget:"),
        ("drop_rooms=R9", "--set drop_rooms: drop_rooms: unknown room(s) 'R9'"),
        ("time_limit_seconds=5", "unknown field 'time_limit_seconds'"),
    ],
)
def test_a_bad_set_option_is_refused_in_words(option, words, factory):
    with pytest.raises(InvalidProblem) as caught:
        grid_scenarios([option], base_problem(factory))
    assert any(words in str(i) for i in caught.value.issues), caught.value.issues
