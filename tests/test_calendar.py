"""The plan as iCalendar files: what they hold, their local times, and UIDs stable on a replan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo
from collections import Counter
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from planner.cli import main
from planner.domain import Assignment, Plan, ProblemData, Result, Seat, Session
from planner.excel import read_workbook
from planner.excel.plan_writer import write_plan
from planner.ical import _file_names, calendar, safe_name

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "inputs" / "small.xlsx"
NOW = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
T = TypeVar("T", Session, Assignment, Seat)


@pytest.fixture(scope="module")
def small(solving) -> tuple[ProblemData, Result]:
    problem = read_workbook(SMALL)
    return problem, solving.solved(problem, time_limit=20.0, deterministic=True)


def events(data: bytes) -> dict[str, object]:
    """The VEVENTs of a calendar file by UID (the file must parse)."""
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def local(problem: ProblemData, slot_id: str) -> tuple[dt.datetime, dt.datetime]:
    slot = problem.slot(slot_id)
    zone = zoneinfo.ZoneInfo(problem.meeting.timezone)
    return (
        dt.datetime.combine(slot.date, slot.start, zone),
        dt.datetime.combine(slot.date, slot.end, zone),
    )


def moved_plan(problem: ProblemData, plan: Plan) -> tuple[Plan, str, str, str]:
    """``plan`` with one single-part session moved to a free slot and room (its seats and
    interpreters with it); returns the plan, the item, the new slot and the new room."""
    counts = Counter(s.item_id for s in plan.sessions)
    taken = {(s.slot_id, s.room_id) for s in plan.sessions}
    session = next(s for s in plan.sessions if counts[s.item_id] == 1)
    slot, room = next(
        (x.slot_id, r.room_id)
        for r in problem.rooms
        for x in problem.slots
        if (x.slot_id, r.room_id) not in taken
        and x.slot_id != session.slot_id
        and x.slot_id not in r.unavailable
    )

    def move(row: T) -> T:
        if (row.slot_id, row.room_id) == (session.slot_id, session.room_id):
            return dataclasses.replace(row, slot_id=slot, room_id=room)
        return row

    moved = dataclasses.replace(
        plan,
        sessions=tuple(move(s) for s in plan.sessions),
        assignments=tuple(move(a) for a in plan.assignments),
        seats=tuple(move(s) for s in plan.seats),
    )
    return moved, session.item_id, slot, room


def test_programme_holds_exactly_the_sessions_at_local_times(
    small: tuple[ProblemData, Result],
) -> None:
    problem, result = small
    files = calendar(problem, result.plan, now=NOW)
    programme = Calendar.from_ical(files["programme.ics"])
    zones = [str(z["tzid"]) for z in programme.walk("VTIMEZONE")]
    assert zones == [problem.meeting.timezone]
    got = sorted(
        (e.decoded("dtstart"), e.decoded("dtend"), str(e["location"]).split(",")[0])
        for e in programme.walk("VEVENT")
    )
    rooms = {r.room_id: r.name for r in problem.rooms}
    want = sorted((*local(problem, s.slot_id), rooms[s.room_id]) for s in result.plan.sessions)
    assert got == want
    for e in programme.walk("VEVENT"):
        assert e["dtstart"].params["TZID"] == problem.meeting.timezone
        assert e.decoded("dtstart").tzinfo == zoneinfo.ZoneInfo(problem.meeting.timezone)
        assert int(e["sequence"]) == 0 and str(e["status"]) == "CONFIRMED"
    # The first session's wall-clock time as typed in the Slots sheet.
    first = min(result.plan.sessions, key=lambda s: problem.slot_index(s.slot_id))
    slot = problem.slot(first.slot_id)
    earliest = min(e.decoded("dtstart") for e in programme.walk("VEVENT"))
    assert (earliest.date(), earliest.time()) == (slot.date, slot.start)


def test_rooms_delegations_and_interpreters_get_their_own_events(
    small: tuple[ProblemData, Result],
) -> None:
    problem, result = small
    plan = result.plan
    files = calendar(problem, plan, now=NOW)
    names = _file_names("room", [r.room_id for r in problem.rooms])
    for room in problem.rooms:
        mine = [s for s in plan.sessions if s.room_id == room.room_id]
        assert len(events(files[names[room.room_id]])) == len(mine)
    delegation_files = _file_names("delegation", [d.delegation_id for d in problem.delegations])
    people = {p.participant_id: p.delegation_id for p in problem.participants}
    for d in problem.delegations:
        seated = {
            (s.slot_id, s.room_id)
            for s in plan.seats
            if people[s.participant_id] == d.delegation_id
        }
        got = events(files[delegation_files[d.delegation_id]])
        assert len(got) >= len(seated)
        starts = {e.decoded("dtstart") for e in got.values()}
        assert {local(problem, slot)[0] for slot, _ in seated} <= starts
    interpreter_files = _file_names("interpreter", [i.interpreter_id for i in problem.interpreters])
    for person in problem.interpreters:
        bookings = [a for a in plan.assignments if a.interpreter_id == person.interpreter_id]
        got = events(files[interpreter_files[person.interpreter_id]])
        assert sorted(e.decoded("dtstart") for e in got.values()) == sorted(
            local(problem, a.slot_id)[0] for a in bookings
        )
        for e in got.values():
            assert "booth" in str(e["description"])
    assert len(files) == 1 + len(problem.rooms) + len(problem.delegations) + len(
        problem.interpreters
    )


def test_a_replan_that_moves_one_session_changes_only_that_event(
    small: tuple[ProblemData, Result],
) -> None:
    problem, result = small
    first = calendar(problem, result.plan, now=NOW)
    moved, item_id, new_slot, new_room = moved_plan(problem, result.plan)
    later = NOW + dt.timedelta(days=3)
    second = calendar(problem, moved, first, now=later)
    before, after = events(first["programme.ics"]), events(second["programme.ics"])
    assert before.keys() == after.keys()  # the same UIDs: calendars update in place
    changed = [uid for uid in before if before[uid].to_ical() != after[uid].to_ical()]
    assert len(changed) == 1
    event = after[changed[0]]
    assert str(event["summary"]).startswith(f"Item {item_id} ")
    assert (event.decoded("dtstart"), event.decoded("dtend")) == local(problem, new_slot)
    assert int(event["sequence"]) == 1 and event.decoded("dtstamp") == later
    old = before[changed[0]]
    for field in ("uid", "summary", "description"):
        assert str(event[field]) == str(old[field])
    rooms = {r.room_id: r.name for r in problem.rooms}
    assert str(event["location"]).startswith(rooms[new_room])
    # A third publication of the same plan changes nothing at all.
    assert calendar(problem, moved, second, now=later + dt.timedelta(days=1)) == second


def test_a_session_gone_from_the_plan_is_published_as_cancelled(
    small: tuple[ProblemData, Result],
) -> None:
    problem, result = small
    first = calendar(problem, result.plan, now=NOW)
    dropped = result.plan.sessions[0]
    plan = dataclasses.replace(result.plan, sessions=result.plan.sessions[1:])
    second = events(calendar(problem, plan, first, now=NOW)["programme.ics"])
    cancelled = [e for e in second.values() if str(e["status"]) == "CANCELLED"]
    assert len(cancelled) == 1 and int(cancelled[0]["sequence"]) == 1
    assert cancelled[0].decoded("dtstart") == local(problem, dropped.slot_id)[0]


def test_file_names_are_safe_on_every_system() -> None:
    ids = ["R1", "r1", "R/1", "工作", "CON", "a b:c*?", "x" * 200]
    names = _file_names("room", ids)
    assert len({n.casefold() for n in names.values()}) == len(ids)
    for name in names.values():
        assert re.fullmatch(r"room-[A-Za-z0-9_-]{1,80}\.ics", name), name
    assert safe_name("Côte d'Ivoire") == "Cote_d_Ivoire"
    assert names["CON"] == "room-CON.ics"  # a prefix: never a reserved device name


def test_events_speak_the_plan_language(small: tuple[ProblemData, Result]) -> None:
    problem, result = small
    french = calendar(problem, result.plan, language="fr", now=NOW)
    summaries = [str(e["summary"]) for e in events(french["programme.ics"]).values()]
    assert all(s.startswith("Point ") for s in summaries)
    english = calendar(problem, result.plan, language="en", now=NOW)
    assert events(french["programme.ics"]).keys() == events(english["programme.ics"]).keys()


def test_cli_writes_the_folder_and_numbers_changes_from_it(
    small: tuple[ProblemData, Result], tmp_path: Path
) -> None:
    problem, result = small
    plan_path = tmp_path / "plan.xlsx"
    write_plan(problem, result, plan_path)
    folder = tmp_path / "ics"
    runner = CliRunner()
    run = runner.invoke(main, ["calendar", str(SMALL), str(plan_path), "-o", str(folder)])
    assert run.exit_code == 0, run.output
    written = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert f"{len(written)} calendar files written" in run.output
    assert "programme.ics" in written
    again = runner.invoke(main, ["calendar", str(SMALL), str(plan_path), "-o", str(folder)])
    assert again.exit_code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == written  # nothing changed
    (folder / "programme.ics").write_text("not a calendar")
    broken = runner.invoke(main, ["calendar", str(SMALL), str(plan_path), "-o", str(folder)])
    assert broken.exit_code == 1
    assert "programme.ics is not a readable iCalendar file" in broken.stderr
    assert (folder / "programme.ics").read_text() == "not a calendar"  # nothing was written
