"""The officer's loop on a plan edited in Excel: move a row by its slot_id, check, repair, check.

Two days, two six-language items, three delegations of one expert each. Item 1 (a panel of 2)
opens on D1-AM and item 2 follows; the person moves item 2 by retyping only its slot_id.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.domain import AgendaItem, Delegation, Participant, Plan, Seat, Session
from planner.domain.moves import before_moves, follow_moves, moved_sessions
from planner.excel import read_workbook, write_problem
from planner.excel.plan_reader import read_plan, read_plan_report


@pytest.fixture
def source(tmp_path: Path, factory) -> Path:
    codes = ["KEN", "NPL", "PER"]
    people = [
        Participant(f"P{k}", f"Expert {k} ({c})", c, languages=("en",))
        for k, c in enumerate(codes, 1)
    ]
    path = tmp_path / "meeting.xlsx"
    write_problem(
        factory.problem(
            [AgendaItem("1", "Opening", panel_size=2), AgendaItem("2", "Prisons", after=("1",))],
            days=2,
            delegations=[Delegation(c, f"Delegation {c}") for c in codes],
            participants=people,
        ),
        path,
    )
    return path


@pytest.fixture
def plan(runner: CliRunner, source: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    done = runner.invoke(
        main, ["solve", str(source), "-o", str(path), "--quiet", "--deterministic"]
    )
    assert done.exit_code == 0, done.output
    return path


def _agenda_row(sheet, item_id: str) -> int:
    headers = [c.value for c in sheet[1]]
    items = headers.index("item_id") + 1
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, items).value == item_id)


def _edit(path: Path, out: Path, **cells: object) -> tuple[str, str]:
    """Set cells of item 2's Agenda row; the old and new slot_id."""
    wb = openpyxl.load_workbook(path)
    sheet = wb["Agenda"]
    headers = [c.value for c in sheet[1]]
    row = _agenda_row(sheet, "2")
    old = sheet.cell(row, headers.index("slot_id") + 1).value
    for column, value in cells.items():
        sheet.cell(row, headers.index(column) + 1, value)
    wb.save(out)
    return str(old), str(sheet.cell(row, headers.index("slot_id") + 1).value)


def _free_slot(source: Path, plan: Path) -> str:
    problem = read_workbook(source)
    taken = {s.slot_id for s in read_plan(plan, problem).sessions}
    first = next(s for s in read_plan(plan, problem).sessions if s.item_id == "1")
    later = problem.slots[problem.slot_index(first.slot_id) + 1 :]
    return next(s.slot_id for s in later if s.slot_id not in taken)


def target_time(source: Path, slot_id: str) -> str:
    slot = read_workbook(source).slot(slot_id)
    return f"{slot.date.isoformat()} {slot.start:%H:%M}-{slot.end:%H:%M}"


def test_move_by_slot_id_check_repair_check(
    runner: CliRunner, source: Path, plan: Path, tmp_path: Path
):
    target = _free_slot(source, plan)
    edited = tmp_path / "edited.xlsx"
    old, new = _edit(plan, edited, slot_id=target)  # slot_id only: date and start are stale
    assert new == target != old

    checked = runner.invoke(main, ["check", str(source), str(edited)])
    assert checked.exit_code == 1
    # The stale copies are one warning (their exact words: the next test), not an error.
    (warned,) = checked.stderr.splitlines()
    assert warned.startswith(f"{edited}: warning: sheet 'Agenda', row 3, column ")
    assert warned.endswith(
        f"slot '{target}' is on {target_time(source, target)}; the slot_id counts"
    )
    lines = checked.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(
        f"left behind: 3 seat holder(s) and 14 interpreter(s) of item 2 are still listed at {old} ("
    )
    assert f"the item is now at {target} (" in lines[0]
    assert lines[0].endswith("`planner solve --from` will re-seat and re-staff them")
    repaired = tmp_path / "edited-repaired.xlsx"
    assert lines[1] == (
        f"28 rule(s) broken; `planner solve {source} -o {repaired} --from {edited}` repairs the "
        "plan with the fewest changes (lock a row you moved to be sure it stays)."
    )
    assert "nothing was written" not in checked.output.lower()

    solved = runner.invoke(
        main,
        [
            "solve",
            str(source),
            "-o",
            str(repaired),
            "--from",
            str(edited),
            "--quiet",
            "--deterministic",
        ],
    )
    assert solved.exit_code == 0, solved.output
    # The move is kept, told as one change, and its people follow it.
    assert solved.stdout.splitlines()[-2:] == [
        "1 change(s); see the Changes sheet.",
        f"OPTIMAL: plan written to {repaired}",
    ]
    problem = read_workbook(source)
    sessions = read_plan(repaired, problem).sessions
    assert Session("2", target, "R1") in sessions

    again = runner.invoke(main, ["check", str(source), str(repaired)])
    assert again.exit_code == 0, again.output
    assert again.stderr == ""
    assert again.stdout.startswith("OK: the plan keeps every hard rule")


def test_stale_date_start_and_end_are_one_warning(source: Path, plan: Path, tmp_path: Path):
    problem = read_workbook(source)
    target = _free_slot(source, plan)
    edited = tmp_path / "edited.xlsx"
    old, _ = _edit(plan, edited, slot_id=target)
    slot = problem.slot(target)
    was = problem.slot(old)
    plan_read, warnings = read_plan_report(edited, problem)
    stale = [c for c in ("date", "start", "end") if getattr(was, c) != getattr(slot, c)]
    assert [(w.sheet, w.row, w.column, w.is_error) for w in warnings] == [
        ("Agenda", 3, stale[0], False)
    ]
    assert warnings[0].message == (
        f"the {' and '.join(stale)} {'is a stale copy' if len(stale) == 1 else 'are stale copies'}"
        f": slot '{target}' is on {slot.date.isoformat()} {slot.start:%H:%M}-{slot.end:%H:%M}; "
        "the slot_id counts"
    )
    assert Session("2", target, "R1") in plan_read.sessions


def test_a_date_and_start_naming_no_slot_are_still_an_error(
    runner: CliRunner, source: Path, plan: Path, tmp_path: Path
):
    edited = tmp_path / "edited.xlsx"
    old, _ = _edit(plan, edited, start="11:30")
    result = runner.invoke(main, ["check", str(source), str(edited)])
    assert result.exit_code == 1
    problem = read_workbook(source)
    slot = problem.slot(old)
    assert result.stderr.splitlines() == [
        f"{edited}: error: sheet 'Agenda', row 3, column 'start': the row's date and start "
        f"({slot.date.isoformat()} 11:30) name no slot of the meeting, and its slot_id '{old}' "
        f"is {slot.date.isoformat()} {slot.start:%H:%M}; to move the item, write the slot_id of "
        "the new slot (date and start are copies)",
        "1 error(s) in the plan; it was not checked.",
    ]


def test_rows_follow_a_moved_session_and_before_moves_undoes_it():
    order = {"D1-AM": 0, "D1-PM": 1, "D2-AM": 2}
    plan = Plan(
        sessions=(Session("1", "D1-AM", "R1"), Session("2", "D2-AM", "R1")),
        seats=(
            Seat("D1-AM", "R1", "1", "KEN", "P1"),
            Seat("D1-PM", "R1", "2", "KEN", "P1"),  # left at item 2's old place
        ),
    )
    assert moved_sessions(plan, order) == {Session("2", "D1-PM", "R1"): Session("2", "D2-AM", "R1")}
    followed = follow_moves(plan, order)
    assert followed.seats == (
        Seat("D1-AM", "R1", "1", "KEN", "P1"),
        Seat("D2-AM", "R1", "2", "KEN", "P1"),
    )
    assert followed.sessions == plan.sessions
    assert before_moves(plan, order).sessions == (
        Session("1", "D1-AM", "R1"),
        Session("2", "D1-PM", "R1"),
    )
    untouched = Plan(sessions=plan.sessions, seats=(Seat("D1-AM", "R1", "1", "KEN", "P1"),))
    assert follow_moves(untouched, order) is untouched
