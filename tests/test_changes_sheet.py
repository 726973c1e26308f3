"""The plan workbook of a replan: the `Changes` sheet, and `locked` columns read back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.domain import (
    AgendaItem,
    Assignment,
    Delegation,
    PanelSeat,
    Participant,
    Plan,
    ProblemData,
    Result,
    Seat,
    Session,
    Status,
)
from planner.domain.changes import diff
from planner.excel.changes_view import NO_CHANGES
from planner.excel.plan_reader import read_plan, read_summary
from planner.excel.plan_writer import write_plan
from planner.plan_frames import CHANGES_COLUMNS, COLUMNS, plan_tables


def planned(factory) -> ProblemData:
    """The meeting the plans of this module are plans of."""
    return factory.problem(
        (AgendaItem("1", "Opening"), AgendaItem("2", "Probation", panel_size=1)),
        days=1,
        interpreters=factory.team(booths=("en", "fr"), extra=1),
        delegations=(Delegation("KEN", "Kenya", funding_eligible=True),),
        participants=(
            Participant("KEN-1", "Expert 1 (Kenya)", "KEN", needs_funding=True),
            Participant("KEN-2", "Expert 2 (Kenya)", "KEN"),
        ),
    )


def team(s: Session, en: tuple[str, str] = ("I-en1", "I-en2")) -> list[Assignment]:
    ids = {"en": en, "fr": ("I-fr1", "I-fr2")}
    return [Assignment(s.slot_id, s.room_id, s.item_id, b, i) for b in ids for i in ids[b]]


AM, PM = Session("1", "D1-AM", "R1"), Session("2", "D1-PM", "R1")
BEFORE = Plan(
    sessions=(AM, PM),
    assignments=(*team(AM), *team(PM)),
    seats=(Seat("D1-AM", "R1", "1", "KEN", "KEN-1"),),
    panels=(PanelSeat("2", 1, "KEN-1"),),
    funded=frozenset({"KEN-1"}),
)
# Items swapped, an interpreter replaced, another speaker, funding withdrawn.
AM2, PM2 = Session("2", "D1-AM", "R1"), Session("1", "D1-PM", "R1")
AFTER = Plan(
    sessions=(AM2, PM2),
    assignments=(*team(AM2), *team(PM2, ("I-en1", "I-en3"))),
    seats=(Seat("D1-PM", "R1", "1", "KEN", "KEN-2"), Seat("D1-AM", "R1", "2", "KEN", "KEN-2")),
    panels=(PanelSeat("2", 1, "KEN-2"),),
)


def sheet_rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = load_workbook(path)[sheet]
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def replanned(tmp_path_factory: pytest.TempPathFactory, factory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "plan.xlsx"
    write_plan(planned(factory), Result(Status.FEASIBLE, AFTER), path, previous=BEFORE)
    return path


def test_the_changes_sheet_lists_exactly_the_differences(replanned: Path, factory) -> None:
    header, *body = sheet_rows(replanned, "Changes")
    assert header == CHANGES_COLUMNS
    expected = [
        ("item_moved", "item 1 (Opening)", "D1-AM (Mon 25 Mar 10:00-13:00), room R1",
         "D1-PM (Mon 25 Mar 15:00-18:00), room R1"),
        ("item_moved", "item 2 (Probation)", "D1-PM (Mon 25 Mar 15:00-18:00), room R1",
         "D1-AM (Mon 25 Mar 10:00-13:00), room R1"),
        ("interpreter_replaced",
         "item 1 (Opening) at D1-PM (Mon 25 Mar 15:00-18:00), room R1, English booth",
         "I-en2 (Interpreter EN 2)", "I-en3 (Interpreter EN 3)"),
        ("speaker_replaced", "panel of item 2 (Probation)", "KEN-1 (Expert 1 (Kenya))",
         "KEN-2 (Expert 2 (Kenya))"),
        ("seats_changed", "KEN (Kenya) in item 2 (Probation) at D1-AM (Mon 25 Mar 10:00-13:00), "
         "room R1", "no seat", "KEN-2 (Expert 2 (Kenya))"),
        ("seats_changed", "KEN (Kenya) in item 1 (Opening) at D1-PM (Mon 25 Mar 15:00-18:00), "
         "room R1", "KEN-1 (Expert 1 (Kenya))", "KEN-2 (Expert 2 (Kenya))"),
        ("funding_withdrawn", "KEN-1 (Expert 1 (Kenya))", "funded", "not funded"),
    ]  # fmt: skip
    assert [row[:4] for row in body] == expected
    # Row for row what the library's diff says, notices included.
    changes = diff(BEFORE, AFTER, planned(factory))
    assert body == [(c.kind, c.subject, c.old, c.new, c.who_to_notify) for c in changes]
    assert body[2][4] == "I-en2 (Interpreter EN 2), I-en3 (Interpreter EN 3)"
    assert read_summary(replanned)["changes"] == len(expected)


def test_the_changes_sheet_comes_right_after_the_summary(replanned: Path) -> None:
    names = load_workbook(replanned).sheetnames
    assert names[:2] == ["Summary", "Changes"]
    assert names[2:] == [
        "Programme", "Interpreters", "Participants", "Balance", "Costs",
        "Agenda", "Interpretation", "Panels", "Seats", "Funding", "Warnings",
    ]  # fmt: skip


def test_without_a_previous_plan_there_is_no_changes_sheet(tmp_path: Path, factory) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(planned(factory), Result(Status.FEASIBLE, AFTER), path)
    assert "Changes" not in load_workbook(path).sheetnames
    assert "changes" not in read_summary(path)
    assert "Changes" not in plan_tables(planned(factory), Result(Status.FEASIBLE, AFTER))


def test_a_replan_that_changes_nothing_says_so(tmp_path: Path, factory) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(planned(factory), Result(Status.FEASIBLE, BEFORE), path, previous=BEFORE)
    rows = sheet_rows(path, "Changes")
    assert rows[0] == CHANGES_COLUMNS
    assert rows[2][0] == NO_CHANGES
    assert read_summary(path)["changes"] == 0


def test_locked_columns_come_last_and_read_back_as_the_plans_locks(tmp_path: Path, factory) -> None:
    assert COLUMNS["Agenda"][-1] == COLUMNS["Interpretation"][-1] == "locked"
    plan = dataclasses.replace(
        BEFORE,
        locked_sessions=frozenset({PM}),
        locked_assignments=frozenset({("I-en2", "D1-AM", "R1")}),
    )
    path = tmp_path / "plan.xlsx"
    write_plan(planned(factory), Result(Status.FEASIBLE, plan), path)
    agenda = sheet_rows(path, "Agenda")
    assert [(r[5], r[-1]) for r in agenda[1:]] == [("1", "no"), ("2", "yes")]
    interpretation = sheet_rows(path, "Interpretation")
    assert [r[4] for r in interpretation[1:] if r[-1] == "yes"] == ["I-en2"]
    back = read_plan(path, planned(factory))
    assert back == plan
    assert back.is_locked(PM) and not back.is_locked(AM)


def test_a_locked_column_typed_by_a_person_is_read(tmp_path: Path, factory) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(planned(factory), Result(Status.FEASIBLE, BEFORE), path)
    wb = load_workbook(path)
    agenda = wb["Agenda"]
    agenda.cell(2, len(COLUMNS["Agenda"]), "Y")  # "Y", "x", TRUE... mean yes as in the input
    interpretation = wb["Interpretation"]
    interpretation.cell(1, len(COLUMNS["Interpretation"]), "Locked")
    interpretation.cell(3, len(COLUMNS["Interpretation"]), "x")
    wb.save(path)
    back = read_plan(path, planned(factory))
    assert back.locked_sessions == {AM}
    second = interpretation.cell(3, 5).value
    assert back.locked_assignments == {(second, "D1-AM", "R1")}


def test_a_plan_without_locked_columns_reads_as_unlocked(tmp_path: Path, factory) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(planned(factory), Result(Status.FEASIBLE, BEFORE), path)
    wb = load_workbook(path)
    for sheet in ("Agenda", "Interpretation"):
        wb[sheet].delete_cols(len(COLUMNS[sheet]))
    wb.save(path)
    assert read_plan(path, planned(factory)) == BEFORE


def test_locks_must_name_rows_of_the_plan() -> None:
    with pytest.raises(ValueError, match="locked sessions that are not in the plan"):
        Plan(sessions=(AM,), locked_sessions=frozenset({PM}))
    with pytest.raises(ValueError, match="locked assignments that are not in the plan"):
        Plan(sessions=(AM,), locked_assignments=frozenset({("I-en1", "D1-AM", "R1")}))
