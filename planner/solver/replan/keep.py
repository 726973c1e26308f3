"""What a replan keeps after the solve, where it costs nothing: retour marks and seat holders.

Neither is counted by ``plan_change``: which qualified interpreter of a team is marked for the
retour, and which members of a delegation hold its seats, change no soft rule (or only
``discipline_mismatch``, which is kept equal here). Left to the solver they would differ from
the previous plan for no reason, and every difference would be a row of the `Changes` sheet
and a message to someone. No OR-Tools here: these work on plans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from planner.domain import Assignment, Plan, ProblemData, Seat, Session
from planner.domain.metrics import takes_part
from planner.domain.plan import booking


def keep_retour_marks(problem: ProblemData, plan: Plan, previous: Plan) -> Plan:
    """The plan with each team's retour marks on the interpreters marked before where they
    still qualify (then in id order, as `planner.solver.results.mark_retour` does), so that a
    kept `Interpretation` row reads exactly as before."""
    before = {booking(a) for a in previous.assignments if a.retour}
    teams: dict[tuple[str, str, str, str], list[Assignment]] = defaultdict(list)
    for a in plan.assignments:
        teams[a.slot_id, a.room_id, a.item_id, a.booth].append(a)
    out: list[Assignment] = []
    for (slot_id, room_id, item_id, booth), team in teams.items():
        others = set(problem.item(item_id).languages) - {booth}
        qualified = sorted(
            (
                a.interpreter_id
                for a in team
                if problem.interpreter(a.interpreter_id).retour & others
            ),
            key=lambda iid: ((iid, slot_id, room_id) not in before, iid),
        )
        chosen = set(qualified[: problem.retour_needed(booth)])
        out.extend(replace(a, retour=a.interpreter_id in chosen) for a in team)
    return replace(plan, assignments=tuple(out))


def _mismatches(problem: ProblemData, session: Session, holders: set[str], pool: set[str]) -> int:
    """``discipline_mismatch`` of one delegation in one session, as the checker counts it;
    ``pool`` is the delegation's in-person members taking part that day."""
    wanted = set(problem.item(session.item_id).disciplines)
    if not wanted or all(problem.participant(q).discipline not in wanted for q in pool - holders):
        return 0
    return sum(problem.participant(pid).discipline not in wanted for pid in holders)


def keep_seat_holders(problem: ProblemData, plan: Plan, previous: Plan) -> Plan:
    """The plan with each delegation's previous seat holders back in their seats wherever
    that costs nothing.

    Seats are not counted by ``plan_change``, and the many equally good ways to fill them
    would otherwise each be a `seats_changed` row of the `Changes` sheet. Slot by slot and
    delegation by delegation (as `planner.solver.staged.polish` deals them) the same
    number of seats in each session is given first to in-person panelists who must sit there,
    then to whoever held it before (that session, else that item), then to the current
    holders; the new deal is kept only when it keeps every hard rule (distinct people present
    that day) and ``discipline_mismatch`` does not change, so the objective stays the same.
    """
    before: dict[tuple[Session, str], list[str]] = defaultdict(list)
    of_item: dict[tuple[str, str], list[str]] = defaultdict(list)
    for seat in sorted(previous.seats):
        before[Session(seat.item_id, seat.slot_id, seat.room_id), seat.delegation_id].append(
            seat.participant_id
        )
        of_item[seat.item_id, seat.delegation_id].append(seat.participant_id)
    pinned: dict[tuple[str, str], Session] = {}  # (participant, slot) -> panel's first session
    for p in plan.panels:
        held = plan.sessions_of(p.item_id)
        if held and problem.participant(p.participant_id).in_person:
            first = min(held, key=lambda s: problem.slot_index(s.slot_id))
            pinned[p.participant_id, first.slot_id] = first
    groups: dict[tuple[str, str], dict[Session, set[str]]] = defaultdict(lambda: defaultdict(set))
    for seat in plan.seats:
        session = Session(seat.item_id, seat.slot_id, seat.room_id)
        groups[seat.slot_id, seat.delegation_id][session].add(seat.participant_id)
    out: list[Seat] = []
    for (slot_id, delegation_id), held_now in groups.items():
        day = problem.slot(slot_id).date
        pool = {
            p.participant_id
            for p in problem.participants
            if p.delegation_id == delegation_id
            and p.in_person
            and takes_part(problem, plan, p, day)
        }
        deal = _deal(held_now, pool, pinned, slot_id, delegation_id, before, of_item)
        cost = sum(_mismatches(problem, s, h, pool) for s, h in held_now.items())
        if deal is None or sum(_mismatches(problem, s, h, pool) for s, h in deal.items()) != cost:
            deal = held_now
        out.extend(
            Seat(s.slot_id, s.room_id, s.item_id, delegation_id, pid)
            for s, holders in deal.items()
            for pid in holders
        )
    return replace(plan, seats=tuple(out))


def _deal(
    held_now: dict[Session, set[str]],
    pool: set[str],
    pinned: dict[tuple[str, str], Session],
    slot_id: str,
    delegation_id: str,
    before: dict[tuple[Session, str], list[str]],
    of_item: dict[tuple[str, str], list[str]],
) -> dict[Session, set[str]] | None:
    """The same number of seats per session, previous holders first; None if none such."""
    deal: dict[Session, set[str]] = {s: set() for s in held_now}
    used: set[str] = set()
    for pid in sorted(pool):
        session = pinned.get((pid, slot_id))
        if session is not None:
            if session not in deal:
                return None
            deal[session].add(pid)
            used.add(pid)
    for session in sorted(held_now):
        preferred = [
            *before.get((session, delegation_id), []),
            *of_item.get((session.item_id, delegation_id), []),
            *sorted(held_now[session]),
            *sorted(pool),
        ]
        for pid in preferred:
            if len(deal[session]) >= len(held_now[session]):
                break
            if pid in pool and pid not in used:
                deal[session].add(pid)
                used.add(pid)
        if len(deal[session]) != len(held_now[session]):
            return None
    return deal
