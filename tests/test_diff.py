"""`diff`: every difference between two plans, once, with the people to notify."""

from __future__ import annotations

import dataclasses

import pytest

from planner.domain import (
    AgendaItem,
    Assignment,
    Delegation,
    PanelSeat,
    Participant,
    Plan,
    ProblemData,
    Seat,
    Session,
)
from planner.domain.changes import CHANGE_KINDS, Change, diff

PEOPLE = (
    Participant("KEN-1", "Expert 1 (Kenya)", "KEN", needs_funding=True, travel_cost=900),
    Participant("KEN-2", "Expert 2 (Kenya)", "KEN"),
    Participant("JPN-1", "Expert 1 (Japan)", "JPN"),
)
DELEGATIONS = (
    Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True),
    Delegation("JPN", "Japan", regional_group="asia_pacific"),
)
ITEMS = (
    AgendaItem("1", "Opening"),
    AgendaItem("2", "Probation", sessions=2, panel_size=2),
    AgendaItem("3", "Closing", languages=("en",), attendance=20),
)


def planned(factory) -> ProblemData:
    """The meeting the plans of this module are plans of."""
    return factory.problem(
        ITEMS,
        days=2,
        rooms=(factory.plenary_room(), factory.small_room()),
        interpreters=factory.team(booths=("en", "fr"), extra=1),
        delegations=DELEGATIONS,
        participants=PEOPLE,
    )


def team(session: Session, en: tuple[str, ...] = ("I-en1", "I-en2")) -> list[Assignment]:
    """English and French booths of a session."""
    return [
        Assignment(session.slot_id, session.room_id, session.item_id, booth, iid)
        for booth, ids in (("en", en), ("fr", ("I-fr1", "I-fr2")))
        for iid in ids
    ]


OPENING = Session("1", "D1-AM", "R1")
PART1 = Session("2", "D1-PM", "R1")
PART2 = Session("2", "D2-AM", "R1")
CLOSING = Session("3", "D2-PM", "R2")


def seats(session: Session, *people: str) -> list[Seat]:
    return [Seat(session.slot_id, session.room_id, session.item_id, p[:3], p) for p in people]


BEFORE = Plan(
    sessions=(OPENING, PART1, PART2, CLOSING),
    assignments=(*team(OPENING), *team(PART1), *team(PART2)),
    seats=(*seats(OPENING, "KEN-1", "JPN-1"), *seats(PART1, "KEN-1", "JPN-1")),
    panels=(PanelSeat("2", 1, "KEN-1"), PanelSeat("2", 2, "JPN-1")),
    funded=frozenset({"KEN-1"}),
)


def test_the_same_plan_has_no_changes(factory) -> None:
    assert diff(BEFORE, BEFORE, planned(factory)) == []
    locked = dataclasses.replace(BEFORE, locked_sessions=frozenset({OPENING}))
    assert diff(BEFORE, locked, planned(factory)) == []  # a lock is not a change


def test_a_moved_item_is_one_change_naming_everyone_in_its_room(factory) -> None:
    moved = Session("1", "D2-PM", "R1")
    after = dataclasses.replace(
        BEFORE,
        sessions=(moved, PART1, PART2, CLOSING),
        assignments=(*team(moved), *team(PART1), *team(PART2)),
        seats=(*seats(moved, "KEN-1", "JPN-1"), *seats(PART1, "KEN-1", "JPN-1")),
    )
    # Same team and seat holders in the new place: the move is the only change.
    assert diff(BEFORE, after, planned(factory)) == [
        Change(
            "item_moved",
            "item 1 (Opening)",
            "D1-AM (Mon 25 Mar 10:00-13:00), room R1",
            "D2-PM (Tue 26 Mar 15:00-18:00), room R1",
            "interpreters I-en1 (Interpreter EN 1), I-en2 (Interpreter EN 2), "
            "I-fr1 (Interpreter FR 1), I-fr2 (Interpreter FR 2); delegations JPN, KEN",
            ("I-en1", "I-en2", "I-fr1", "I-fr2", "JPN", "KEN"),
        )
    ]


def test_only_the_part_that_moved_is_reported_and_the_kept_part_is_not(factory) -> None:
    moved = Session("2", "D2-PM", "R1")
    after = dataclasses.replace(
        BEFORE,
        sessions=(OPENING, PART1, moved, CLOSING),
        assignments=(*team(OPENING), *team(PART1), *team(moved)),
    )
    changes = diff(BEFORE, after, planned(factory))
    assert [(c.kind, c.old, c.new) for c in changes] == [
        (
            "item_moved",
            "D2-AM (Tue 26 Mar 10:00-13:00), room R1",
            "D2-PM (Tue 26 Mar 15:00-18:00), room R1",
        )
    ]
    # The panel speaks on both parts' item: its speakers are told too.
    assert "speakers JPN-1 (Expert 1 (Japan)), KEN-1 (Expert 1 (Kenya))" in changes[0].who_to_notify


def test_items_added_and_removed() -> None:
    extra = Session("4", "D1-AM", "R2")  # an item only the new plan has (ids as typed)
    after = dataclasses.replace(BEFORE, sessions=(OPENING, PART1, PART2, extra))
    assert [(c.kind, c.subject, c.old, c.new) for c in diff(BEFORE, after)] == [
        ("item_removed", "item 3", "D2-PM, room R2", ""),
        ("item_added", "item 4", "", "D1-AM, room R2"),
    ]


def test_a_replaced_interpreter_is_named_with_the_session_and_booth(factory) -> None:
    after = dataclasses.replace(
        BEFORE, assignments=(*team(OPENING), *team(PART1, ("I-en1", "I-en3")), *team(PART2))
    )
    assert diff(BEFORE, after, planned(factory)) == [
        Change(
            "interpreter_replaced",
            "item 2 (Probation) at D1-PM (Mon 25 Mar 15:00-18:00), room R1, English booth",
            "I-en2 (Interpreter EN 2)",
            "I-en3 (Interpreter EN 3)",
            "I-en2 (Interpreter EN 2), I-en3 (Interpreter EN 3)",
            ("I-en2", "I-en3"),
        )
    ]


def test_interpreters_added_and_removed_when_the_teams_differ_in_size() -> None:
    after = dataclasses.replace(
        BEFORE,
        assignments=(
            *team(OPENING, ("I-en1",)),
            *team(PART1, ("I-en1", "I-en2", "I-en3")),
            *team(PART2),
        ),
    )
    assert [(c.kind, c.old, c.new) for c in diff(BEFORE, after)] == [
        ("interpreter_removed", "I-en2", ""),
        ("interpreter_added", "", "I-en3"),
    ]


def test_interpreters_are_compared_across_a_move() -> None:
    moved = Session("1", "D2-PM", "R1")
    after = dataclasses.replace(
        BEFORE,
        sessions=(moved, PART1, PART2, CLOSING),
        assignments=(*team(moved, ("I-en1", "I-en3")), *team(PART1), *team(PART2)),
        seats=(*seats(moved, "KEN-1", "JPN-1"), *seats(PART1, "KEN-1", "JPN-1")),
    )
    kinds = [(c.kind, c.subject, c.old, c.new) for c in diff(BEFORE, after)]
    assert kinds == [
        ("item_moved", "item 1", "D1-AM, room R1", "D2-PM, room R1"),
        ("interpreter_replaced", "item 1 at D2-PM, room R1, English booth", "I-en2", "I-en3"),
    ]


def test_speakers_replaced_added_and_removed(factory) -> None:
    replaced = dataclasses.replace(
        BEFORE, panels=(PanelSeat("2", 1, "KEN-2"), PanelSeat("2", 2, "JPN-1"))
    )
    assert diff(BEFORE, replaced, planned(factory)) == [
        Change(
            "speaker_replaced",
            "panel of item 2 (Probation)",
            "KEN-1 (Expert 1 (Kenya))",
            "KEN-2 (Expert 2 (Kenya))",
            "KEN-1 (Expert 1 (Kenya)), KEN-2 (Expert 2 (Kenya)); delegation KEN (Kenya)",
            ("KEN-1", "KEN-2", "KEN"),
        )
    ]
    fewer = dataclasses.replace(BEFORE, panels=(PanelSeat("2", 1, "JPN-1"),))
    assert [(c.kind, c.old) for c in diff(BEFORE, fewer)] == [("speaker_removed", "KEN-1")]
    assert [(c.kind, c.new) for c in diff(fewer, BEFORE)] == [("speaker_added", "KEN-1")]
    # A new speaking position alone is no change.
    reordered = dataclasses.replace(
        BEFORE, panels=(PanelSeat("2", 2, "KEN-1"), PanelSeat("2", 1, "JPN-1"))
    )
    assert diff(BEFORE, reordered) == []


def test_seat_holders_compared_per_session_and_delegation() -> None:
    after = dataclasses.replace(
        BEFORE, seats=(*seats(OPENING, "KEN-2", "JPN-1"), *seats(PART1, "KEN-1"))
    )
    assert [(c.kind, c.subject, c.old, c.new, c.ids) for c in diff(BEFORE, after)] == [
        (
            "seats_changed",
            "KEN in item 1 at D1-AM, room R1",
            "KEN-1",
            "KEN-2",
            ("KEN", "KEN-1", "KEN-2"),
        ),
        ("seats_changed", "JPN in item 2 at D1-PM, room R1", "JPN-1", "no seat", ("JPN", "JPN-1")),
    ]


def test_funding_granted_and_withdrawn(factory) -> None:
    after = dataclasses.replace(BEFORE, funded=frozenset({"KEN-2"}))
    changes = diff(BEFORE, after, planned(factory))
    assert [(c.kind, c.subject, c.old, c.new) for c in changes] == [
        ("funding_granted", "KEN-2 (Expert 2 (Kenya))", "not funded", "funded"),
        ("funding_withdrawn", "KEN-1 (Expert 1 (Kenya))", "funded", "not funded"),
    ]
    assert changes[1].who_to_notify == "KEN-1 (Expert 1 (Kenya)); delegation KEN (Kenya)"


def test_changes_come_grouped_by_kind_in_a_fixed_order(factory) -> None:
    moved = Session("1", "D2-PM", "R1")
    after = Plan(
        sessions=(moved, PART1, PART2),
        assignments=(*team(moved), *team(PART1, ("I-en3", "I-en2")), *team(PART2)),
        seats=(*seats(moved, "KEN-1", "JPN-1"), *seats(PART1, "KEN-2", "JPN-1")),
        panels=(PanelSeat("2", 1, "JPN-1"),),
        funded=frozenset(),
    )
    kinds = [c.kind for c in diff(BEFORE, after, planned(factory))]
    assert kinds == [
        "item_moved",
        "item_removed",
        "interpreter_replaced",
        "speaker_removed",
        "seats_changed",
        "funding_withdrawn",
    ]
    assert kinds == sorted(kinds, key=CHANGE_KINDS.index)


def test_rows_left_behind_by_a_hand_edit_are_compared_too() -> None:
    # A person moved the opening to D2-PM, but its interpreters and seats still name D1-AM.
    moved = Session("1", "D2-PM", "R1")
    edited = dataclasses.replace(BEFORE, sessions=(moved, PART1, PART2, CLOSING))
    after = dataclasses.replace(
        edited,
        assignments=(*team(moved, ("I-en3", "I-en2")), *team(PART1), *team(PART2)),
        seats=(*seats(moved, "KEN-1"), *seats(PART1, "KEN-1", "JPN-1")),
    )
    assert [(c.kind, c.subject, c.old, c.new) for c in diff(edited, after)] == [
        # left behind at D1-AM: everyone there is told they are no longer booked
        ("interpreter_removed", "item 1 at D1-AM, room R1, English booth", "I-en1", ""),
        ("interpreter_removed", "item 1 at D1-AM, room R1, English booth", "I-en2", ""),
        ("interpreter_removed", "item 1 at D1-AM, room R1, French booth", "I-fr1", ""),
        ("interpreter_removed", "item 1 at D1-AM, room R1, French booth", "I-fr2", ""),
        ("interpreter_added", "item 1 at D2-PM, room R1, English booth", "", "I-en2"),
        ("interpreter_added", "item 1 at D2-PM, room R1, English booth", "", "I-en3"),
        ("interpreter_added", "item 1 at D2-PM, room R1, French booth", "", "I-fr1"),
        ("interpreter_added", "item 1 at D2-PM, room R1, French booth", "", "I-fr2"),
        ("seats_changed", "JPN in item 1 at D1-AM, room R1", "JPN-1", "no seat"),
        ("seats_changed", "KEN in item 1 at D1-AM, room R1", "KEN-1", "no seat"),
        ("seats_changed", "KEN in item 1 at D2-PM, room R1", "no seat", "KEN-1"),
    ]


def test_ids_the_problem_does_not_know_are_shown_as_typed(factory) -> None:
    after = dataclasses.replace(BEFORE, funded=frozenset({"KEN-1", "XXX-9"}))
    (change,) = diff(BEFORE, after, planned(factory))
    assert (change.subject, change.who_to_notify, change.ids) == ("XXX-9", "XXX-9", ("XXX-9",))


@pytest.mark.parametrize("index", range(len(diff(BEFORE, Plan()))))
def test_every_change_reads_as_one_line(index: int, factory) -> None:
    # One case per change of the plan emptied (how many does not depend on the names).
    changes = diff(BEFORE, Plan(), planned(factory))
    assert len(changes) == len(diff(BEFORE, Plan()))
    change = changes[index]
    assert str(change).startswith(f"{change.kind}: {change.subject}: ")
    assert "\n" not in str(change)
