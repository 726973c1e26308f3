"""The timetable concern: hard rules 1-4 (a feasible / infeasible pair each) and split_item."""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.domain import AgendaItem, Room, Rules, Status
from planner.solver import ModelContext, build_model

EN = ("en",)  # one language: no interpretation, so only the timetable matters


def item(item_id: str, **fields: object) -> AgendaItem:
    fields.setdefault("languages", EN)
    return AgendaItem(item_id, f"Item {item_id}", **fields)  # type: ignore[arg-type]


def rooms(*ids: str, capacity: int = 100) -> tuple[Room, ...]:
    return tuple(Room(r, f"Room {r}", capacity) for r in ids)


# Rule 1: every item gets exactly its sessions, in distinct slots.
def test_item_gets_all_its_sessions_when_slots_suffice(factory, solving) -> None:
    problem = factory.problem([item("1", sessions=3)], days=2, rooms=rooms("R1"))
    result = solving.solved(problem)
    assert result.status is Status.OPTIMAL
    assert len(result.plan.sessions_of("1")) == 3


def test_item_with_more_sessions_than_slots_is_infeasible(factory, solving) -> None:
    problem = factory.problem([item("1", sessions=3)], days=1, rooms=rooms("R1"))
    assert solving.status(problem) is Status.INFEASIBLE


def test_sessions_of_an_item_use_distinct_slots_even_with_free_rooms(factory, solving) -> None:
    # Two rooms free in D1-AM, but one item's two parts may not run side by side.
    one_slot = frozenset({"D1-AM"})
    problem = factory.problem(
        [item("1", sessions=2, allowed_slots=one_slot)], rooms=rooms("R1", "R2")
    )
    assert solving.status(problem) is Status.INFEASIBLE
    two_slots = frozenset({"D1-AM", "D1-PM"})
    problem = factory.problem(
        [item("1", sessions=2, allowed_slots=two_slots)], rooms=rooms("R1", "R2")
    )
    assert solving.status(problem) is Status.OPTIMAL


# Rule 2: one session per room and slot; the room is available, big enough, with booths.
def test_two_items_in_one_slot_need_two_rooms(factory, solving) -> None:
    pinned = frozenset({"D1-AM"})
    items = [item("1", allowed_slots=pinned), item("2", allowed_slots=pinned)]
    assert solving.status(factory.problem(items, rooms=rooms("R1"))) is Status.INFEASIBLE
    result = solving.solved(factory.problem(items, rooms=rooms("R1", "R2")))
    assert result.status is Status.OPTIMAL
    assert {s.room_id for s in result.plan.sessions} == {"R1", "R2"}


def test_room_unavailable_in_the_only_allowed_slot(factory, solving) -> None:
    pinned = [item("1", allowed_slots=frozenset({"D1-AM"}))]
    closed = Room("R1", "Room R1", 100, unavailable=frozenset({"D1-AM"}))
    assert solving.status(factory.problem(pinned, rooms=[closed])) is Status.INFEASIBLE
    closed_later = Room("R1", "Room R1", 100, unavailable=frozenset({"D1-PM"}))
    assert solving.status(factory.problem(pinned, rooms=[closed_later])) is Status.OPTIMAL


def test_room_must_seat_the_attendance(factory, solving) -> None:
    assert solving.status(
        factory.problem([item("1", attendance=41)], rooms=rooms("R1", capacity=40))
    ) is (Status.INFEASIBLE)
    assert solving.status(
        factory.problem([item("1", attendance=40)], rooms=rooms("R1", capacity=40))
    ) is (Status.OPTIMAL)


def test_interpreted_item_needs_a_room_with_its_booths(factory, solving) -> None:
    bilingual = AgendaItem("1", "Item 1", languages=("en", "fr"))
    only_en = Room("R1", "Room R1", 100, booths=frozenset({"en"}))
    assert solving.status(factory.problem([bilingual], rooms=[only_en])) is Status.INFEASIBLE
    both = Room("R1", "Room R1", 100, booths=frozenset({"en", "fr"}))
    assert solving.status(factory.problem([bilingual], rooms=[both])) is Status.OPTIMAL


# Rule 3: `after`, `allowed_slots` and `room`.
def test_item_starts_after_every_part_of_its_predecessor(factory, solving) -> None:
    # Item 1 takes both slots of day 1, so item 2 cannot start on day 1.
    items = [item("1", sessions=2), item("2", after=("1",))]
    assert (
        solving.status(factory.problem(items, days=1, rooms=rooms("R1", "R2"))) is Status.INFEASIBLE
    )
    problem = factory.problem(items, days=2, rooms=rooms("R1", "R2"))
    result = solving.solved(problem)
    assert result.status is Status.OPTIMAL
    last_of_1 = max(problem.slot_index(s.slot_id) for s in result.plan.sessions_of("1"))
    assert problem.slot_index(result.plan.sessions_of("2")[0].slot_id) > last_of_1


def test_after_forbids_running_side_by_side(factory, solving) -> None:
    # Both items only in D1-AM: "after" rules out the parallel placement.
    pinned = frozenset({"D1-AM"})
    items = [item("1", allowed_slots=pinned), item("2", allowed_slots=pinned)]
    assert solving.status(factory.problem(items, rooms=rooms("R1", "R2"))) is Status.OPTIMAL
    items[1] = item("2", allowed_slots=pinned, after=("1",))
    assert solving.status(factory.problem(items, rooms=rooms("R1", "R2"))) is Status.INFEASIBLE


def test_allowed_slots_and_pinned_room_are_respected(factory, solving) -> None:
    problem = factory.problem(
        [item("1", allowed_slots=frozenset({"D2-PM"}), room="R2")],
        days=2,
        rooms=rooms("R1", "R2"),
    )
    result = solving.solved(problem)
    assert [(s.slot_id, s.room_id) for s in result.plan.sessions] == [("D2-PM", "R2")]


def test_pinned_room_too_small_is_infeasible_though_another_fits(factory, solving) -> None:
    small_pinned = [item("1", room="R1", attendance=80)]
    halls = (Room("R1", "Room R1", 50), Room("R2", "Room R2", 100))
    assert solving.status(factory.problem(small_pinned, rooms=halls)) is Status.INFEASIBLE
    assert solving.status(factory.problem([item("1", room="R2", attendance=80)], rooms=halls)) is (
        Status.OPTIMAL
    )


# Rule 4: at most max_parallel_sessions at once.
def test_max_parallel_sessions(factory, solving) -> None:
    pinned = frozenset({"D1-AM"})
    items = [item(str(k), allowed_slots=pinned) for k in (1, 2, 3)]
    three_rooms = rooms("R1", "R2", "R3")
    problem = factory.problem(items, rooms=three_rooms, rules=Rules(max_parallel_sessions=2))
    assert solving.status(problem) is Status.INFEASIBLE
    problem = problem.replace(rules=Rules(max_parallel_sessions=3))
    assert solving.status(problem) is Status.OPTIMAL


# Soft rule split_item (weight 30).
def test_split_item_free_when_parts_follow_in_one_room(factory, solving) -> None:
    # D1-PM then D2-AM: overnight counts as the next slot, so no break.
    problem = factory.problem(
        [item("1", sessions=2, allowed_slots=frozenset({"D1-PM", "D2-AM"}))],
        days=2,
        rooms=rooms("R1"),
        rules=solving.only("split_item"),
    )
    assert solving.optimum(problem) == 0.0


def test_split_item_when_a_slot_lies_between_the_parts(factory, solving) -> None:
    # D1-AM and D2-AM only: D1-PM lies between, 1 break x 30.
    problem = factory.problem(
        [item("1", sessions=2, allowed_slots=frozenset({"D1-AM", "D2-AM"}))],
        days=2,
        rooms=rooms("R1"),
        rules=solving.only("split_item"),
    )
    result = solving.solved(problem)
    assert result.objective == 30.0
    assert [(p.rule, p.subject, p.penalty) for p in result.penalties] == [("split_item", "1", 30)]


def test_split_item_when_the_next_part_changes_room(factory, solving) -> None:
    # Consecutive slots, but R1 is closed in D1-PM and R2 in D1-AM: a change of room.
    # Three parts: AM (R1), PM (R2), D2-AM (either): the best is 1 break, e.g. R1 | R2 R2.
    r1 = Room("R1", "Room R1", 100, unavailable=frozenset({"D1-PM"}))
    r2 = Room("R2", "Room R2", 100, unavailable=frozenset({"D1-AM"}))
    problem = factory.problem(
        [item("1", sessions=3, allowed_slots=frozenset({"D1-AM", "D1-PM", "D2-AM"}))],
        days=2,
        rooms=[r1, r2],
        rules=solving.only("split_item"),
    )
    assert solving.optimum(problem) == 30.0


def test_split_item_weight_zero_leaves_the_term_out(factory, solving) -> None:
    problem = factory.problem(
        [item("1", sessions=2, allowed_slots=frozenset({"D1-AM", "D2-AM"}))],
        days=2,
        rooms=rooms("R1"),
        rules=solving.only(),
    )
    result = solving.solved(problem)
    assert result.objective == 0.0
    assert result.penalties == ()


def test_split_item_prefers_a_whole_block_to_a_cheaper_looking_spread(factory, solving) -> None:
    # Item 1 (3 parts) and item 2 (1 part, pinned to D1-PM) in one room over 2 days. Item 1
    # can run D2-AM, D2-PM only as 2 parts, so with D1-AM it has one break at best: 30.
    problem = factory.problem(
        [item("1", sessions=3), item("2", allowed_slots=frozenset({"D1-PM"}))],
        days=2,
        rooms=rooms("R1"),
        rules=solving.only("split_item"),
    )
    assert solving.optimum(problem) == 30.0
    # With a second room item 1 runs D1-AM, D1-PM, D2-AM in R2: no break.
    assert solving.optimum(problem.replace(rooms=rooms("R1", "R2"))) == 0.0


# Facts that later concerns (participation) read from the context.
def solve_context(ctx: ModelContext) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(ctx.model) == cp_model.OPTIMAL
    return solver


def test_first_session_marks_the_earliest_part(factory) -> None:
    # Three parts over two days, the first forced into D1-PM: exactly that slot is "first".
    problem = factory.problem([item("1", sessions=3)], days=2, rooms=rooms("R1"))
    ctx = build_model(problem)
    ctx.model.add(ctx.first_session["1", "D1-PM"] == 1)
    solver = solve_context(ctx)
    firsts = [s.slot_id for s in problem.slots if solver.value(ctx.first_session["1", s.slot_id])]
    assert firsts == ["D1-PM"]
    assert not solver.value(ctx.held["1", "D1-AM"])
    assert solver.value(ctx.held["1", "D1-PM"])


def test_first_session_of_a_slot_the_item_cannot_use_is_false(factory) -> None:
    problem = factory.problem(
        [item("1", allowed_slots=frozenset({"D1-PM"}))], days=1, rooms=rooms("R1")
    )
    ctx = build_model(problem)
    firsts = [ctx.first_session["1", s.slot_id] for s in problem.slots]  # made before solving
    solver = solve_context(ctx)
    assert [solver.value(f) for f in firsts] == [0, 1]


def test_item_on_day_follows_the_sessions(factory) -> None:
    # Two parts on three days, none on day 1 and some on day 2: day 3 is on exactly when a
    # part lies there.
    problem = factory.problem([item("1", sessions=2)], days=3, rooms=rooms("R1"))
    ctx = build_model(problem)
    on_day = {d: ctx.item_on_day["1", d] for d in problem.days}
    day1, day2, day3 = problem.days
    ctx.model.add(on_day[day2] == 1)
    ctx.model.add(on_day[day1] == 0)
    solver = solve_context(ctx)
    days = {s.date for s in problem.slots if solver.value(ctx.held["1", s.slot_id])}
    assert day1 not in days
    assert day2 in days
    assert solver.value(on_day[day3]) == (day3 in days)
