"""`planner solve --from OLD_PLAN`: replanning from the command line, and the round trip
plan -> edit in Excel -> check -> repair."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.worksheet import Worksheet

from planner.check import check_plan
from planner.cli import main
from planner.domain import AgendaItem, ProblemData
from planner.domain.plan import booking
from planner.excel import read_workbook, write_problem
from planner.excel.plan_reader import read_plan, read_summary

ITEMS = (
    AgendaItem("1", "Opening", languages=("en", "fr")),
    # Held on the first day, so that later slots stay free for the hand edit below whichever
    # of the equally cheap timetables the solver returns.
    AgendaItem(
        "2",
        "Probation",
        languages=("en", "fr"),
        after=("1",),
        allowed_slots=frozenset({"D1-AM", "D1-PM"}),
    ),
    AgendaItem("3", "Closing", languages=("en", "fr"), after=("2",)),
)


def tiny(factory) -> ProblemData:
    """Three English-French items in order over three days, a spare interpreter per booth;
    daily rates make the first plan use as few interpreter-days as it can."""
    return factory.problem(
        ITEMS, days=3, interpreters=factory.team(("en", "fr"), extra=1, daily_rate=400)
    )


@pytest.fixture
def first(runner: CliRunner, tmp_path: Path, factory) -> tuple[Path, Path]:
    """The input and the plan of a first solve."""
    source, plan = tmp_path / "input.xlsx", tmp_path / "plan.xlsx"
    write_problem(tiny(factory), source)
    result = runner.invoke(
        main, ["solve", str(source), "-o", str(plan), "--quiet", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    return source, plan


def column(ws: Worksheet, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def solve_from(runner: CliRunner, source: Path, old: Path, new: Path, *more: str):
    args = ["solve", str(source), "-o", str(new), "--from", str(old), "--workers", "1", *more]
    return runner.invoke(main, args)


def test_an_interpreter_falls_ill_and_only_their_sessions_change(
    runner: CliRunner, first: tuple[Path, Path], tmp_path: Path
) -> None:
    source, plan = first
    problem = read_workbook(source)
    old = read_plan(plan, problem)
    ill = sorted({a.interpreter_id for a in old.assignments if a.booth == "en"})[0]
    interpreters = tuple(
        dataclasses.replace(i, unavailable=frozenset(s.slot_id for s in problem.slots))
        if i.interpreter_id == ill
        else i
        for i in problem.interpreters
    )
    updated = tmp_path / "input-updated.xlsx"
    write_problem(problem.replace(interpreters=interpreters), updated)
    new = tmp_path / "plan-2.xlsx"
    result = solve_from(runner, updated, plan, new, "--quiet")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    lost = sorted(booking(a) for a in old.assignments if a.interpreter_id == ill)
    assert lines[-2:] == [
        f"{len(lost)} change(s); see the Changes sheet.",
        f"OPTIMAL: plan written to {new}",
    ]
    replanned = read_plan(new, problem)
    assert replanned.sessions == old.sessions
    assert {booking(a) for a in old.assignments} - {
        booking(a) for a in replanned.assignments
    } == set(lost)
    changes = openpyxl.load_workbook(new)["Changes"]
    kinds = [row[0] for row in changes.iter_rows(min_row=2, values_only=True)]
    assert kinds == ["interpreter_replaced"] * len(lost)
    assert read_summary(new)["changes"] == len(lost)


def test_round_trip_edit_in_excel_check_then_repair(
    runner: CliRunner, first: tuple[Path, Path], tmp_path: Path
) -> None:
    source, plan = first
    problem = read_workbook(source)
    old = read_plan(plan, problem)
    closing = next(s for s in old.sessions if s.item_id == "3")
    probation = next(s for s in old.sessions if s.item_id == "2")
    used = {s.slot_id for s in old.sessions}
    later = problem.slots[problem.slot_index(probation.slot_id) + 1 :]
    target = [s.slot_id for s in later if s.slot_id not in used][-1]
    # A person moves the closing to a free slot (retyping slot_id, clearing the date and start)
    # and locks the row so the repair keeps the move.
    wb = openpyxl.load_workbook(plan)
    agenda = wb["Agenda"]
    for row in range(2, agenda.max_row + 1):
        if agenda.cell(row, column(agenda, "item_id")).value == "3":
            agenda.cell(row, column(agenda, "slot_id"), target)
            agenda.cell(row, column(agenda, "date")).value = None
            agenda.cell(row, column(agenda, "start")).value = None
            agenda.cell(row, column(agenda, "locked"), "yes")
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    check = runner.invoke(main, ["check", str(source), str(edited)])
    assert check.exit_code == 1
    broken = check.output.splitlines()
    # The closing's interpreters are still booked where it was, and its new place has none.
    # One line for the rows left behind, naming both places, then the count and the repair.
    assert len(broken) == 2, broken
    assert broken[0].startswith("left behind: 4 interpreter(s) of item 3 are still listed at ")
    assert f"{closing.slot_id} (" in broken[0]
    assert f"the item is now at {target} (" in broken[0]
    assert broken[0].endswith(
        ", where nobody is listed yet (2 rule(s) broken there); `planner solve --from` will "
        "re-seat and re-staff them"
    )
    assert broken[-1].startswith("6 rule(s) broken; `planner solve ")

    repaired = tmp_path / "repaired.xlsx"
    result = solve_from(runner, source, edited, repaired)
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["check", str(source), str(repaired)]).exit_code == 0
    new = read_plan(repaired, problem)
    assert check_plan(problem, new) == []
    assert next(s for s in new.sessions if s.item_id == "3").slot_id == target
    assert new.locked_sessions == {s for s in new.sessions if s.item_id == "3"}
    # Every other session stayed where the person left it.
    assert {s for s in new.sessions if s.item_id != "3"} == {
        s for s in old.sessions if s.item_id != "3"
    }
    lines = result.output.splitlines()
    assert lines[-1] == f"OPTIMAL: plan written to {repaired}"
    assert lines[-2].endswith("change(s); see the Changes sheet.")
    # The change lines are the Changes sheet, one line per row.
    sheet = openpyxl.load_workbook(repaired)["Changes"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert lines[-2] == f"{len(rows)} change(s); see the Changes sheet."
    printed = lines[-2 - len(rows) : -2]
    assert printed == [f"{k}: {s}: {o or '-'} -> {n or '-'}" for k, s, o, n, _ in rows]
    # The hand move itself is told (its people are notified), then only interpreter changes.
    assert next(r[1] for r in rows if r[0] == "item_moved").startswith("item 3 ")
    assert {r[0] for r in rows} <= {
        "item_moved",
        "interpreter_added",
        "interpreter_removed",
        "interpreter_replaced",
    }
    assert sum(r[0] == "item_moved" for r in rows) == 1


def test_a_locked_row_the_new_input_forbids_is_unlocked_with_a_warning(
    runner: CliRunner, first: tuple[Path, Path], tmp_path: Path
) -> None:
    source, plan = first
    problem = read_workbook(source)
    old = read_plan(plan, problem)
    closing = next(s for s in old.sessions if s.item_id == "3")
    wb = openpyxl.load_workbook(plan)
    agenda = wb["Agenda"]
    for row in range(2, agenda.max_row + 1):
        agenda.cell(row, column(agenda, "locked"), "yes")
    wb.save(plan)
    # The closing may no longer be held where it was.
    others = frozenset(s.slot_id for s in problem.slots if s.slot_id != closing.slot_id)
    items = tuple(
        dataclasses.replace(i, allowed_slots=others) if i.item_id == "3" else i
        for i in problem.items
    )
    updated = tmp_path / "input-updated.xlsx"
    write_problem(problem.replace(items=items), updated)
    new = tmp_path / "plan-2.xlsx"
    result = solve_from(runner, updated, plan, new, "--quiet")
    assert result.exit_code == 0, result.output
    assert (
        "warning: locked rows that the new input makes impossible were unlocked: Agenda row "
        f"item 3 at {closing.slot_id} in room R1 ({closing.slot_id} is not among the allowed "
        "slots of item 3)"
    ) in result.output
    replanned = read_plan(new, read_workbook(updated))
    assert replanned.locked_sessions == set(old.sessions) - {closing}


def test_locked_rows_that_cannot_all_be_kept_exit_2_naming_them(
    runner: CliRunner, first: tuple[Path, Path], tmp_path: Path
) -> None:
    source, plan = first
    wb = openpyxl.load_workbook(plan)
    agenda = wb["Agenda"]
    # The person puts the closing before the opening (breaking `after`) and locks both.
    rows = {
        agenda.cell(r, column(agenda, "item_id")).value: r for r in range(2, agenda.max_row + 1)
    }
    slot_of = {item: agenda.cell(r, column(agenda, "slot_id")).value for item, r in rows.items()}
    for item, other in (("1", "3"), ("3", "1")):
        agenda.cell(rows[item], column(agenda, "slot_id"), slot_of[other])
        agenda.cell(rows[item], column(agenda, "date")).value = None
        agenda.cell(rows[item], column(agenda, "start")).value = None
        agenda.cell(rows[item], column(agenda, "locked"), "yes")
    wb.save(plan)
    new = tmp_path / "plan-2.xlsx"
    result = solve_from(runner, source, plan, new)
    assert result.exit_code == 2, result.output
    assert "No plan exists: the rules and the data conflict." in result.output
    (line,) = [x for x in result.output.splitlines() if x.startswith("the locked rows")]
    head = "the locked rows cannot all be kept (unlock one, or change the input): "
    assert line.startswith(head)
    named = line.removeprefix(head).split("; ")
    locks = {
        f"Agenda row item 1 at {slot_of['3']} in room R1",
        f"Agenda row item 3 at {slot_of['1']} in room R1",
    }
    assert named and set(named) <= locks
    assert not new.exists()


def test_an_unreadable_previous_plan_is_reported_with_its_file(
    runner: CliRunner, first: tuple[Path, Path], tmp_path: Path
) -> None:
    source, plan = first
    wb = openpyxl.load_workbook(plan)
    interpretation = wb["Interpretation"]
    interpretation.cell(3, column(interpretation, "interpreter_id")).value = None
    interpretation.cell(4, column(interpretation, "locked"), "maybe")
    wb.save(plan)
    new = tmp_path / "plan-2.xlsx"
    result = solve_from(runner, source, plan, new)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{plan}: error: sheet 'Interpretation', row 3, column 'interpreter_id': "
        "interpreter_id is blank"
    )
    assert lines[1].startswith(f"{plan}: error: sheet 'Interpretation', row 4, column 'locked': ")
    assert lines[-1] == "2 error(s) in the previous plan; nothing was written."
    assert not new.exists()
    missing = solve_from(runner, source, tmp_path / "nowhere.xlsx", new)
    assert missing.exit_code == 1
    assert "does not exist" in missing.output


def test_diff_lists_what_a_hand_edit_changed(
    runner: CliRunner, first: tuple[Path, Path], tmp_path: Path
) -> None:
    source, plan = first
    problem = read_workbook(source)
    booked = next(a for a in read_plan(plan, problem).assignments if a.booth == "fr")
    team = {a.interpreter_id for a in read_plan(plan, problem).team(booked.slot_id, "R1", "fr")}
    spare = next(
        i.interpreter_id
        for i in problem.interpreters
        if i.booth == "fr" and i.interpreter_id not in team
    )
    # A person swaps one French interpreter for one who was free.
    wb = openpyxl.load_workbook(plan)
    sheet = wb["Interpretation"]
    for r in range(2, sheet.max_row + 1):
        row = {c: sheet.cell(r, column(sheet, c)).value for c in ("slot_id", "interpreter_id")}
        if row == {"slot_id": booked.slot_id, "interpreter_id": booked.interpreter_id}:
            sheet.cell(r, column(sheet, "interpreter_id"), spare)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    result = runner.invoke(main, ["diff", str(source), str(plan), str(edited)])
    assert result.exit_code == 0, result.output
    slot = problem.slot(booked.slot_id)
    when = f"{slot.date:%a} {slot.date.day} {slot.date:%b} {slot.start:%H:%M}-{slot.end:%H:%M}"
    item = problem.item(booked.item_id)
    old, new = problem.interpreter(booked.interpreter_id), problem.interpreter(spare)
    assert result.output.splitlines() == [
        f"interpreter_replaced: item {item.item_id} ({item.title}) at {slot.slot_id} ({when}), "
        f"room R1, French booth: {old.interpreter_id} ({old.name}) -> {spare} ({new.name})",
        "1 change(s).",
    ]
    same = runner.invoke(main, ["diff", str(source), str(plan), str(plan)])
    assert (same.exit_code, same.output) == (0, "0 change(s).\n")
    missing = runner.invoke(main, ["diff", str(source), str(plan), str(tmp_path / "none.xlsx")])
    assert missing.exit_code == 1
    assert missing.output.splitlines()[-1] == "1 error(s) in the new plan."
