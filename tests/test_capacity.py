"""Pre-solve capacity checks: one test per check, each with its exact words and location."""

from __future__ import annotations

import dataclasses

from planner.domain import (
    LANGUAGES,
    AgendaItem,
    Delegation,
    Interpreter,
    Participant,
    Room,
    Rules,
)
from planner.domain.capacity import capacity_issues, usable_slots


def found(problem: object) -> list[tuple[str, str | None, str | None, str | None, str]]:
    """(severity, sheet, column, key, message) of every issue."""
    return [
        (i.severity, i.sheet, i.column, i.key, i.message)
        for i in capacity_issues(problem)  # type: ignore[arg-type]
    ]


def _without(factory, interpreter_id: str) -> list[Interpreter]:
    return [i for i in factory.team() if i.interpreter_id != interpreter_id]


def _away(factory, interpreter_id: str, slot_id: str) -> list[Interpreter]:
    return [
        dataclasses.replace(i, unavailable=frozenset({slot_id}))
        if i.interpreter_id == interpreter_id
        else i
        for i in factory.team()
    ]


def test_a_plannable_problem_has_no_issues(factory) -> None:
    assert found(factory.problem(days=2)) == []


def test_booth_without_a_full_team(factory) -> None:
    problem = factory.problem(interpreters=_without(factory, "I-zh3"))
    assert found(problem) == [
        ("error", "Interpreters", "booth", None,
         "booth zh has 2 interpreter(s) but a session needs 3; item(s) 1 cannot be interpreted"),
    ]  # fmt: skip


def test_slot_where_a_booth_is_short_is_a_warning(factory) -> None:
    problem = factory.problem(interpreters=_away(factory, "I-zh3", "D1-AM"))
    assert found(problem) == [
        ("warning", "Slots", "slot_id", "D1-AM",
         "in slot 'D1-AM' only 2 zh interpreter(s) are available but a session needs 3: "
         "item(s) 1 cannot be interpreted then"),
    ]  # fmt: skip


def test_item_with_fewer_staffed_slots_than_sessions(factory) -> None:
    problem = factory.problem(
        [AgendaItem("1", "Opening", sessions=2)], interpreters=_away(factory, "I-zh3", "D1-AM")
    )
    assert found(problem) == [
        ("error", "Interpreters", "booth", None,
         "booth zh: the sessions that need it call for 6 interpreter assignments, but its "
         "interpreters can take at most 5 (given when they are unavailable and their limits "
         "per day and week)"),
        ("warning", "Slots", "slot_id", "D1-AM",
         "in slot 'D1-AM' only 2 zh interpreter(s) are available but a session needs 3: "
         "item(s) 1 cannot be interpreted then"),
        ("error", "Agenda", "languages", "1",
         "item '1' needs 2 session(s) but a full team of interpreters, retour included, is "
         "available in every booth it needs in only 1 of its slots (D1-PM)"),
    ]  # fmt: skip


def test_retour_missing(factory) -> None:
    no_retour = [
        dataclasses.replace(i, retour=frozenset()) if i.booth == "ar" else i for i in factory.team()
    ]
    assert found(factory.problem(interpreters=no_retour)) == [
        ("error", "Agenda", "languages", "1",
         "item '1': each ar team needs 1 interpreter(s) with a retour into zh, en, fr, ru, es, "
         "but only 0 ar interpreter(s) have one; add retour languages in the Interpreters sheet"),
    ]  # fmt: skip


def test_booth_workload_beyond_the_interpreters_limits(factory) -> None:
    items = [
        AgendaItem("1", "A", languages=("en", "fr")),
        AgendaItem("2", "B", languages=("en", "fr")),
    ]
    problem = factory.problem(
        items, interpreters=factory.team(("en", "fr")), rules=Rules(interpreter_max_per_day=1)
    )
    message = (
        "booth {}: the sessions that need it call for 4 interpreter assignments, but its "
        "interpreters can take at most 2 (given when they are unavailable and their limits per "
        "day and week)"
    )
    assert found(problem) == [
        ("error", "Interpreters", "booth", None, message.format("en")),
        ("error", "Interpreters", "booth", None, message.format("fr")),
    ]


def _states(n: int, funded_from: int | None = None) -> dict[str, list[object]]:
    delegations = [Delegation(f"D{k}", f"Delegation {k}", funding_eligible=True) for k in range(n)]
    people = [
        Participant(
            f"P{k}",
            f"Expert {k}",
            f"D{k}",
            needs_funding=funded_from is not None and k >= funded_from,
            travel_cost=100,
        )
        for k in range(n)
    ]
    return {"delegations": delegations, "participants": people}  # type: ignore[dict-item]


def test_plenary_that_cannot_seat_every_present_delegation(factory) -> None:
    # 11 delegations x 1 seat + 10 secretariat seats = 21 > 20 seats in the only room.
    problem = factory.problem(rooms=[factory.plenary_room(capacity=20)], **_states(11))  # type: ignore[arg-type]
    assert found(problem) == [
        ("warning", "Agenda", "attendance", "1",
         "plenary item '1' cannot be held on 2024-03-25: 11 delegations are present, needing 21 "
         "seats with the 10 secretariat seats, but the largest suitable room has 20"),
        ("error", "Agenda", "attendance", "1",
         "plenary item '1' cannot seat every present delegation on any of its days; allow a "
         "larger room or a day with fewer delegations"),
    ]  # fmt: skip


def test_plenary_full_only_if_every_funding_request_is_granted(factory) -> None:
    problem = factory.problem(
        rooms=[factory.plenary_room(capacity=20)],
        rules=Rules(travel_budget=10_000),
        **_states(11, funded_from=5),  # type: ignore[arg-type]
    )
    assert found(problem) == [
        ("warning", "Agenda", "attendance", "1",
         "on 2024-03-25, if every request for travel support is granted, 11 delegations need 21 "
         "seats with the 10 secretariat seats, more than the 20 of the largest room for plenary "
         "item '1'"),
    ]  # fmt: skip


def test_cycle_in_after(factory) -> None:
    items = [AgendaItem("4", "A", after=("5",)), AgendaItem("5", "B", after=("4",))]
    assert found(factory.problem(items, days=2)) == [
        ("error", "Agenda", "after", "4",
         "items 4 -> 5 -> 4 each wait for the other ('after'); remove one of these 'after' "
         "entries"),
    ]  # fmt: skip


def test_longer_cycle_is_named_in_order(factory) -> None:
    items = [
        AgendaItem("1", "A", after=("3",)),
        AgendaItem("2", "B", after=("1",)),
        AgendaItem("3", "C", after=("2",)),
        AgendaItem("4", "D", after=("1",)),
    ]
    messages = [m for *_, m in found(factory.problem(items, days=2))]
    assert messages == [
        "items 1 -> 3 -> 2 -> 1 each wait for the other ('after'); remove one of these 'after' "
        "entries"
    ]


def test_after_chain_longer_than_the_meeting(factory) -> None:
    items = [AgendaItem("1", "A", sessions=2), AgendaItem("2", "B", after=("1",))]
    rooms = [factory.plenary_room(), factory.plenary_room("R3")]
    problem = factory.problem(items, rooms=rooms, interpreters=factory.team(extra=3))
    assert found(problem) == [
        ("error", "Agenda", "after", "2",
         "item '2' cannot be held: once the items it comes after are finished, only 0 of its "
         "slots remain but it needs 1"),
    ]  # fmt: skip


def test_item_without_any_fitting_room(factory) -> None:
    problem = factory.problem([AgendaItem("1", "A", attendance=500)])
    assert found(problem) == [
        ("error", "Agenda", "attendance", "1",
         "no room has what item '1' needs (500 seats and booths ar, zh, en, fr, ru, es); change "
         "the item or the rooms"),
    ]  # fmt: skip
    pinned = factory.problem(
        [AgendaItem("1", "A", room="R2")], rooms=[factory.plenary_room(), factory.small_room()]
    )
    assert found(pinned)[0][2:] == (
        "room",
        "1",
        "no room has what item '1' needs (room 'R2' and booths ar, zh, en, fr, ru, es); change "
        "the item or the rooms",
    )


def test_fewer_usable_slots_than_sessions(factory) -> None:
    room = Room("R1", "Room R1", 200, frozenset(LANGUAGES), frozenset({"D1-AM"}))
    problem = factory.problem([AgendaItem("1", "A", sessions=2)], rooms=[room])
    assert [s.slot_id for s in usable_slots(problem, problem.item("1"))] == ["D1-PM"]
    assert found(problem) == [
        ("error", "Agenda", "allowed_slots", "1",
         "item '1' needs 2 session(s) but a suitable room is free in only 1 of its slots "
         "(D1-PM); allow more slots or rooms"),
        ("error", "Agenda", "sessions", None,
         "the agenda needs 2 sessions but the meeting has room for at most 1 (2 slots, at most 2 "
         "at a time, rooms permitting); add slots or rooms or shorten the agenda"),
    ]  # fmt: skip


def test_funding_requests_that_cannot_be_met(factory) -> None:
    problem = factory.problem(
        delegations=[
            Delegation("KEN", "Kenya", funding_eligible=True),
            Delegation("AUT", "Austria"),
        ],
        participants=[
            Participant("P1", "Expert 1 (Kenya)", "KEN", needs_funding=True),
            Participant("P2", "Expert 2 (Kenya)", "KEN", needs_funding=True, travel_cost=5000),
            Participant("P3", "Expert 3 (Austria)", "AUT", needs_funding=True, travel_cost=10),
        ],
        rules=Rules(travel_budget=3000),
    )
    assert found(problem) == [
        ("warning", "Participants", "travel_cost", "P1",
         "needs funding but travel_cost is 0; write the travel support needed in US dollars"),
        ("warning", "Participants", "travel_cost", "P2",
         "needs 5,000 US dollars of travel support, more than the travel budget of 3,000, so "
         "this person will never be funded and will not take part"),
        ("warning", "Participants", "needs_funding", "P3",
         "needs funding, but delegation 'AUT' is not eligible for travel support, so this person "
         "will never be funded and will not take part"),
    ]  # fmt: skip


def test_more_sessions_than_room_slots(factory) -> None:
    items = [AgendaItem(str(k), "A", languages=("en",)) for k in range(3)]
    problem = factory.problem(items, rooms=[factory.small_room()])
    assert found(problem) == [
        ("error", "Agenda", "sessions", None,
         "the agenda needs 3 sessions but the meeting has room for at most 2 (2 slots, at most 2 "
         "at a time, rooms permitting); add slots or rooms or shorten the agenda"),
    ]  # fmt: skip


def test_wanted_discipline_that_nobody_has(factory) -> None:
    problem = factory.problem(
        [AgendaItem("1", "A", panel_size=2, disciplines=("probation", "health"))],
        delegations=[Delegation("KEN", "Kenya")],
        participants=[Participant("P1", "Expert 1 (Kenya)", "KEN", discipline="health")],
    )
    assert found(problem) == [
        ("warning", "Agenda", "disciplines", "1",
         "no participant has the discipline(s) probation, so the panel of this item will lack "
         "them"),
    ]  # fmt: skip
