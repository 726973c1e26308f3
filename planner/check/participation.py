"""Hard rules 7-10 on people: travel support, presence, seats and panels.

Every check takes a plan whose ids are all known (see `known_part`) and yields its breaches.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator

from planner.check.violation import (
    Check,
    Violation,
    day_label,
    delegation_label,
    join_ids,
    language_label,
    money,
    over_budget,
    participant_label,
    plural,
    slot_label,
    where,
)
from planner.domain import Participant, Plan, ProblemData, Seat, Session
from planner.domain.metrics import present_delegations, takes_part, travel_cost


def absence_reason(problem: ProblemData, plan: Plan, person: Participant, day: dt.date) -> str:
    """Why the person does not take part that day, in plain words."""
    if person.needs_funding and person.participant_id not in plan.funded:
        return "needs travel support and is not funded"
    if person.arrival is not None and day < person.arrival:
        return f"arrives on {day_label(person.arrival)}"
    if person.departure is not None and day > person.departure:
        return f"leaves on {day_label(person.departure)}"
    return "is not at the meeting that day"


def first_session(problem: ProblemData, plan: Plan, item_id: str) -> Session | None:
    """The item's earliest session in the plan, where its panel speaks."""
    held = plan.sessions_of(item_id)
    return min(held, key=lambda s: problem.slot_index(s.slot_id)) if held else None


def _session_of(seat: Seat) -> Session:
    return Session(seat.item_id, seat.slot_id, seat.room_id)


def _delegation_of(problem: ProblemData, participant_id: str) -> str:
    return problem.participant(participant_id).delegation_id


# Rule 7 (travel) and rule 8 (only requests are funded).
def travel_budget(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 7: funded travel stays within ``travel_budget``."""
    cost, budget = travel_cost(problem, plan), problem.rules.travel_budget
    if over_budget(cost, budget):
        yield Violation(
            "travel_budget",
            7,
            f"Travel support for {plural(len(plan.funded), 'funded participant')} costs "
            f"{money(cost)}; the travel budget is {money(budget)}",
            ("travel_budget",),
        )


def funding_limits(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 7: at most ``max_funded_per_delegation`` funded people per delegation, all from
    ``funding_eligible`` delegations."""
    funded: dict[str, list[str]] = defaultdict(list)
    for pid in sorted(plan.funded):
        funded[_delegation_of(problem, pid)].append(pid)
    limit = problem.rules.max_funded_per_delegation
    for did, people in sorted(funded.items()):
        names = join_ids(participant_label(problem, pid) for pid in people)
        if not problem.delegation(did).funding_eligible:
            yield Violation(
                "delegation_not_eligible",
                7,
                f"Delegation {delegation_label(problem, did)} is not eligible for travel "
                f"support, yet {names} {'is' if len(people) == 1 else 'are'} funded",
                (did, *people),
            )
        if len(people) > limit:
            yield Violation(
                "too_many_funded",
                7,
                f"Delegation {delegation_label(problem, did)} has {len(people)} funded "
                f"participants ({names}); at most {limit} per delegation",
                (did, *people),
            )


def funded_without_request(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 8: only participants with ``needs_funding`` are funded."""
    for pid in sorted(plan.funded):
        if not problem.participant(pid).needs_funding:
            yield Violation(
                "funded_without_request",
                8,
                f"{participant_label(problem, pid)} is funded but did not ask for travel support",
                (pid,),
            )


# Rules 8-9: seats.
def seat_holders(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rules 8-9: seats are held in existing sessions, by in-person participants who take part
    that day, under their own delegation."""
    sessions = set(plan.sessions)
    for seat in plan.seats:
        person = problem.participant(seat.participant_id)
        day = problem.slot(seat.slot_id).date
        text = (
            f"{where(problem, seat.slot_id, seat.room_id)}: "
            f"{participant_label(problem, seat.participant_id)} holds a seat in item {seat.item_id}"
        )
        subject = (seat.slot_id, seat.room_id, seat.item_id, seat.participant_id)
        if _session_of(seat) not in sessions:
            yield Violation(
                "seat_without_session",
                9,
                f"{text}, but the plan holds no session of item {seat.item_id} there",
                subject,
            )
        if not takes_part(problem, plan, person, day):
            yield Violation(
                "seated_while_absent",
                8,
                f"{text}, but {absence_reason(problem, plan, person, day)}",
                subject,
            )
        if not person.in_person:
            yield Violation("online_seated", 9, f"{text}, but takes part online", subject)
        if seat.delegation_id != person.delegation_id:
            yield Violation(
                "seat_wrong_delegation",
                9,
                f"{text} for delegation {seat.delegation_id}, but belongs to delegation "
                f"{delegation_label(problem, person.delegation_id)}",
                subject,
            )


def two_seats_in_slot(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 9: a participant holds at most one seat per slot."""
    rows = Counter((seat.slot_id, seat.participant_id) for seat in plan.seats)
    for (slot_id, pid), n in sorted(rows.items()):
        if n > 1:
            places = " and ".join(
                f"item {s.item_id} in room {s.room_id}"
                for s in plan.seats
                if s.slot_id == slot_id and s.participant_id == pid
            )
            yield Violation(
                "two_seats_in_slot",
                9,
                f"{slot_label(problem, slot_id)}: "
                f"{participant_label(problem, pid)} holds {n} seats at once ({places})",
                (slot_id, pid),
            )


def _holders(plan: Plan) -> dict[Session, set[str]]:
    holders: dict[Session, set[str]] = defaultdict(set)
    for seat in plan.seats:
        holders[_session_of(seat)].add(seat.participant_id)
    return holders


def delegation_over_seats(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 9: a delegation holds at most its ``seats`` in a session."""
    for s, people in sorted(_holders(plan).items()):
        by_delegation: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(people):
            by_delegation[_delegation_of(problem, pid)].append(pid)
        for did, members in sorted(by_delegation.items()):
            limit = problem.seats_of(problem.delegation(did))
            if len(members) > limit:
                yield Violation(
                    "delegation_over_seats",
                    9,
                    f"{where(problem, s.slot_id, s.room_id)}: delegation "
                    f"{delegation_label(problem, did)} holds {len(members)} seats in item "
                    f"{s.item_id} ({join_ids(participant_label(problem, p) for p in members)}); it "
                    f"has {limit}",
                    (s.slot_id, s.room_id, s.item_id, did),
                )


def seats_over_capacity(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 9: a session's seat holders plus ``secretariat_seats`` fit in its room."""
    secretariat = problem.rules.secretariat_seats
    for s, people in sorted(_holders(plan).items()):
        capacity = problem.room(s.room_id).capacity
        if len(people) + secretariat > capacity:
            yield Violation(
                "seats_over_capacity",
                9,
                f"{where(problem, s.slot_id, s.room_id)}: item {s.item_id} seats "
                f"{len(people)} participants plus {secretariat} secretariat seats; the room "
                f"seats {capacity}",
                (s.slot_id, s.room_id, s.item_id),
            )


def plenary_delegation_unseated(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 9: in a plenary session every delegation present that day holds a seat."""
    holders = _holders(plan)
    present: dict[dt.date, frozenset[str]] = {}
    for s in plan.sessions:
        if not problem.item(s.item_id).plenary:
            continue
        day = problem.slot(s.slot_id).date
        if day not in present:
            present[day] = present_delegations(problem, plan, day)
        seated = {_delegation_of(problem, pid) for pid in holders.get(s, ())}
        for did in sorted(present[day] - seated):
            yield Violation(
                "plenary_delegation_unseated",
                9,
                f"{where(problem, s.slot_id, s.room_id)}: delegation "
                f"{delegation_label(problem, did)} is present but holds no seat in plenary "
                f"item {s.item_id}",
                (s.slot_id, s.room_id, s.item_id, did),
            )


# Rule 10: panels.
def panelist_absent(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 10: an in-person panelist holds a seat in the item's first session; an online one
    takes part that day. An item without sessions is reported by rule 1 instead."""
    seated = {(_session_of(seat), seat.participant_id) for seat in plan.seats}
    for p in plan.panels:
        first = first_session(problem, plan, p.item_id)
        if first is None:
            continue
        person = problem.participant(p.participant_id)
        day = problem.slot(first.slot_id).date
        text = (
            f"{where(problem, first.slot_id, first.room_id)}: "
            f"{participant_label(problem, p.participant_id)}, on the panel of item {p.item_id}"
        )
        why = (
            ""
            if takes_part(problem, plan, person, day)
            else " and " + absence_reason(problem, plan, person, day)
        )
        subject = (p.item_id, p.participant_id)
        if person.in_person and (first, p.participant_id) not in seated:
            yield Violation(
                "panelist_absent", 10, f"{text}, holds no seat in its first session{why}", subject
            )
        elif not person.in_person and why:
            yield Violation(
                "panelist_absent", 10, f"{text} (online), does not take part that day{why}", subject
            )


def panel_limits(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 10: at most ``panel_size`` speakers, ``panel_max_per_delegation`` per delegation,
    and nobody on more than ``panel_max_per_participant`` panels."""
    members: dict[str, set[str]] = defaultdict(set)
    for p in plan.panels:
        members[p.item_id].add(p.participant_id)
    per_delegation = problem.rules.panel_max_per_delegation
    for item_id, people in sorted(members.items()):
        size = problem.item(item_id).panel_size
        if len(people) > size:
            yield Violation(
                "panel_too_large",
                10,
                f"The panel of item {item_id} has {len(people)} speakers; it takes at most {size}",
                (item_id,),
            )
        by_delegation = Counter(_delegation_of(problem, pid) for pid in people)
        for did, n in sorted(by_delegation.items()):
            if n > per_delegation:
                names = join_ids(
                    participant_label(problem, pid)
                    for pid in sorted(people)
                    if _delegation_of(problem, pid) == did
                )
                yield Violation(
                    "panel_delegation_limit",
                    10,
                    f"The panel of item {item_id} has {n} speakers from delegation "
                    f"{delegation_label(problem, did)} ({names}); at most {per_delegation}",
                    (item_id, did),
                )
    per_person = problem.rules.panel_max_per_participant
    panels_of: dict[str, list[str]] = defaultdict(list)
    for item_id, people in sorted(members.items()):
        for pid in people:
            panels_of[pid].append(item_id)
    for pid, items in sorted(panels_of.items()):
        if len(items) > per_person:
            yield Violation(
                "panelist_too_many_panels",
                10,
                f"{participant_label(problem, pid)} is on {len(items)} panels "
                f"(items {join_ids(items)}); at most {per_person}",
                (pid, *items),
            )


def panelist_language(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 10: in a session without interpretation every panelist speaks its language."""
    for p in plan.panels:
        item = problem.item(p.item_id)
        person = problem.participant(p.participant_id)
        language = item.languages[0]
        if item.interpreted or language in person.languages:
            continue
        known = (
            "whose languages are not known (blank)"
            if not person.languages
            else "who does not speak it"
        )
        yield Violation(
            "panelist_language",
            10,
            f"Item {item.item_id} has no interpretation (only {language_label(language)}), "
            f"but its panel includes {participant_label(problem, p.participant_id)}, {known}",
            (item.item_id, p.participant_id),
        )


def panel_positions(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 10: speaking positions run 1..n without repeats, and nobody is listed twice."""
    panels: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p in plan.panels:
        panels[p.item_id].append((p.position, p.participant_id))
    for item_id, rows in sorted(panels.items()):
        positions = sorted(position for position, _ in rows)
        if positions != list(range(1, len(rows) + 1)):
            yield Violation(
                "panel_positions",
                10,
                f"The panel of item {item_id} has speaking positions "
                f"{', '.join(map(str, positions))}; they must run 1 to {len(rows)}, each once",
                (item_id,),
            )
        for pid, n in sorted(Counter(pid for _, pid in rows).items()):
            if n > 1:
                yield Violation(
                    "panelist_listed_twice",
                    10,
                    f"{participant_label(problem, pid)} is listed {n} times on the panel of "
                    f"item {item_id}",
                    (item_id, pid),
                )


CHECKS: tuple[Check, ...] = (
    travel_budget,
    funding_limits,
    funded_without_request,
    seat_holders,
    two_seats_in_slot,
    delegation_over_seats,
    seats_over_capacity,
    plenary_delegation_unseated,
    panelist_absent,
    panel_limits,
    panelist_language,
    panel_positions,
)
"""The participation checks, in the order of the rules."""
