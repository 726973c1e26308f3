"""A quick, feasible participation plan for a fixed timetable: the first complete plan.

The staged solve builds one as soon as a timetable exists, so that a person sees a complete plan
within seconds; it is also the second stage's hint and its fallback. Requests are funded first
(`greedy_funding`: least developed countries first, then the cheapest, where the budget, the
delegation's limit and the plenary rooms allow), since a plan that leaves the travel fund unspent
is a poor first plan. Panels are filled one speaker at a time by what each adds to the panel's
soft rules; then, slot by slot, plenary sessions seat every present delegation and a maximum
flow seats as many other (session, delegation) pairs as people and rooms allow, which is the
fewest ``delegation_unseated`` possible with those panels; last, each delegation's people are
matched to its sessions, wanted disciplines first. Every hard rule holds whenever the timetable
keeps the first stage's conditions (`planner.solver.staged.estimate`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from planner.domain import AgendaItem, PanelSeat, Participant, ProblemData, Seat, Session
from planner.domain.funding import budget_cents, cents, fundable_requests
from planner.solver.participation.extract import speaker_precedence


@dataclass(eq=False)
class _Slot:
    """One slot's sessions and who already sits where."""

    problem: ProblemData
    sessions: list[Session]
    funded: frozenset[str] = frozenset()
    sitting: dict[str, Session] = field(default_factory=dict)  # participant -> session
    covered: dict[Session, set[str]] = field(default_factory=dict)  # delegations seated
    held: Counter[tuple[Session, str]] = field(default_factory=Counter)
    filled: Counter[Session] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.covered = {s: set() for s in self.sessions}

    def room_left(self, session: Session) -> int:
        room = self.problem.room(session.room_id)
        return room.capacity - self.problem.rules.secretariat_seats - self.filled[session]

    def delegation_seats_left(self, session: Session, delegation_id: str) -> int:
        limit = self.problem.seats_of(self.problem.delegation(delegation_id))
        return limit - self.held[session, delegation_id]

    def sit(self, person: Participant, session: Session) -> None:
        self.sitting[person.participant_id] = session
        self.covered[session].add(person.delegation_id)
        self.held[session, person.delegation_id] += 1
        self.filled[session] += 1


def _takes_part(
    problem: ProblemData, person: Participant, day: dt.date, funded: frozenset[str]
) -> bool:
    """In the meeting that day (hard rule 8: a request only when funded)."""
    if person.needs_funding and person.participant_id not in funded:
        return False
    return day in problem.present_days(person)


def greedy_funding(problem: ProblemData, sessions: Iterable[Session]) -> frozenset[str]:
    """Requests to fund on a fixed timetable, least developed countries first, then cheapest.

    A request is taken when it fits in what is left of ``travel_budget``, its delegation is
    below ``max_funded_per_delegation``, and the delegation it may make present can be seated
    in every plenary of the person's days (a free seat in the room, and a person for each
    plenary of a slot: hard rule 9).
    """
    plenaries: dict[dt.date, list[Session]] = defaultdict(list)
    for s in sessions:
        if problem.item(s.item_id).plenary:
            plenaries[problem.slot(s.slot_id).date].append(s)
    people: Counter[tuple[str, dt.date]] = Counter()
    for p in problem.participants:
        if p.in_person and not p.needs_funding:
            for day in problem.present_days(p):
                people[p.delegation_id, day] += 1
    per_session: Counter[Session] = Counter()
    for _did, day in people:
        for s in plenaries[day]:
            per_session[s] += 1
    limit = problem.rules.max_funded_per_delegation
    left = budget_cents(problem)
    taken: Counter[str] = Counter()
    funded: set[str] = set()
    requests = [p for group in fundable_requests(problem).values() for p in group]

    def fits(person: Participant) -> bool:
        did = person.delegation_id
        if taken[did] >= limit or cents(person.travel_cost) > left:
            return False
        if not person.in_person:
            return True
        seats = problem.seats_of(problem.delegation(did))
        for day in problem.present_days(person):
            new = people[did, day] == 0
            by_slot = Counter(s.slot_id for s in plenaries[day])
            if by_slot and (seats == 0 or max(by_slot.values()) > people[did, day] + 1):
                return False
            free = problem.room
            if new and any(
                per_session[s] + problem.rules.secretariat_seats >= free(s.room_id).capacity
                for s in plenaries[day]
            ):
                return False
        return True

    order = sorted(
        requests,
        key=lambda p: (
            not problem.delegation(p.delegation_id).ldc,
            cents(p.travel_cost),
            p.participant_id,
        ),
    )
    for person in order:
        if not fits(person):
            continue
        funded.add(person.participant_id)
        taken[person.delegation_id] += 1
        left -= cents(person.travel_cost)
        if person.in_person:
            for day in problem.present_days(person):
                if people[person.delegation_id, day] == 0:
                    for s in plenaries[day]:
                        per_session[s] += 1
                people[person.delegation_id, day] += 1
    return frozenset(funded)


@dataclass(frozen=True)
class _PanelSoFar:
    """What `_panel_gain` needs of the speakers chosen so far."""

    disciplines: frozenset[str]
    groups: frozenset[str]
    women: int
    men: int

    @classmethod
    def of(cls, problem: ProblemData, panel: list[Participant]) -> _PanelSoFar:
        groups = {problem.delegation(p.delegation_id).regional_group for p in panel}
        return cls(
            frozenset(p.discipline for p in panel if p.discipline is not None),
            frozenset(g for g in groups if g is not None),
            sum(p.gender == "f" for p in panel),
            sum(p.gender == "m" for p in panel),
        )


def _panel_gain(
    problem: ProblemData, item: AgendaItem, panel: _PanelSoFar, person: Participant
) -> int:
    """What adding the person does to the panel's soft rules, roughly in their weights."""
    gain = 1000
    if person.discipline in item.disciplines and person.discipline not in panel.disciplines:
        gain += 200
    group = problem.delegation(person.delegation_id).regional_group
    if (
        group is not None
        and group not in panel.groups
        and len(panel.groups) < min(item.panel_size, 5)
    ):
        gain += 100
    women, men = panel.women, panel.men
    if (person.gender == "f" and women < men) or (person.gender == "m" and men < women):
        gain += 50
    elif person.gender in ("f", "m") and women == men:
        gain += 25
    if item.item_id in person.speaks_on:
        gain += 10
    return gain


def _spare_for_plenaries(slot: _Slot, people: list[Participant], day: dt.date, taken: str) -> bool:
    """True when the delegation keeps a free member for each plenary of the slot without one."""
    problem = slot.problem
    did = problem.participant(taken).delegation_id
    needed = sum(
        1 for s in slot.sessions if problem.item(s.item_id).plenary and did not in slot.covered[s]
    )
    free = sum(
        1
        for p in people
        if p.in_person
        and p.participant_id not in slot.sitting
        and p.participant_id != taken
        and _takes_part(problem, p, day, slot.funded)
    )
    return free >= needed


def _fill_panel(
    problem: ProblemData,
    slot: _Slot,
    item: AgendaItem,
    first: Session,
    panels_of: Counter[str],
    members: dict[str, list[Participant]],
) -> list[str]:
    """Speakers for one panel, best gain first; in-person speakers sit in the first session."""
    day = problem.slot(first.slot_id).date
    rules = problem.rules
    chosen: list[Participant] = []
    while len(chosen) < item.panel_size:
        on_panel = Counter(p.delegation_id for p in chosen)
        so_far = _PanelSoFar.of(problem, chosen)
        ids = {p.participant_id for p in chosen}
        best, pick = 0, None
        for p in problem.participants:
            if (
                p.participant_id in ids
                or not _takes_part(problem, p, day, slot.funded)
                or panels_of[p.participant_id] >= rules.panel_max_per_participant
                or on_panel[p.delegation_id] >= rules.panel_max_per_delegation
                or (not item.interpreted and item.languages[0] not in p.languages)
            ):
                continue
            gain = _panel_gain(problem, item, so_far, p)
            if gain <= best:  # ties: the first in the Participants order
                continue
            if p.in_person and (
                p.participant_id in slot.sitting
                or slot.room_left(first) <= 0
                or slot.delegation_seats_left(first, p.delegation_id) <= 0
                or not _spare_for_plenaries(slot, members[p.delegation_id], day, p.participant_id)
            ):
                continue
            best, pick = gain, p
        if pick is None:
            break
        chosen.append(pick)
        panels_of[pick.participant_id] += 1
        if pick.in_person:
            slot.sit(pick, first)
    return [p.participant_id for p in chosen]


def _max_flow(
    supply: dict[str, int], arcs: dict[str, list[Session]], room: dict[Session, int]
) -> list[tuple[str, Session]]:
    """Most (delegation, session) pairs, each delegation within its free people and each
    session within its free seats (augmenting paths on a tiny graph)."""
    use: dict[str, set[Session]] = defaultdict(set)
    load: Counter[Session] = Counter()
    used: Counter[str] = Counter()

    def augment(did: str, seen: set[Session]) -> bool:
        for s in arcs[did]:
            if s in use[did] or s in seen:
                continue
            seen.add(s)
            if load[s] < room[s]:
                use[did].add(s)
                load[s] += 1
                return True
            # Free a seat in s by moving one of its delegations to another session.
            for other in [d for d, ss in use.items() if s in ss and d != did]:
                use[other].discard(s)
                if augment(other, seen):
                    use[did].add(s)
                    return True
                use[other].add(s)
        return False

    for did in sorted(arcs, key=lambda d: (supply[d], d)):
        while used[did] < supply[did] and augment(did, set()):
            used[did] += 1
    # In a fixed order: sets of sessions iterate by hash, which changes from one process to the
    # next, and the order decides who sits where.
    return [
        (did, s)
        for did, ss in use.items()
        for s in sorted(ss, key=lambda s: (s.slot_id, s.room_id, s.item_id))
    ]


def _seat_slot(slot: _Slot, members: dict[str, list[Participant]], day: dt.date) -> None:
    """Plenaries seat everyone present; a maximum flow seats the other sessions."""
    problem = slot.problem
    free = {
        did: [
            p
            for p in people
            if p.in_person
            and p.participant_id not in slot.sitting
            and _takes_part(problem, p, day, slot.funded)
        ]
        for did, people in members.items()
    }
    wanted = {s: set(problem.item(s.item_id).disciplines) for s in slot.sessions}
    demand: dict[str, list[Session]] = defaultdict(list)
    for s in slot.sessions:
        if problem.item(s.item_id).plenary:
            for did, people in free.items():
                if people and did not in slot.covered[s]:
                    demand[did].append(s)
    others = [s for s in slot.sessions if not problem.item(s.item_id).plenary]
    supply = {did: len(free[did]) - len(demand[did]) for did in members}
    arcs = {
        did: [
            s
            for s in others
            if did not in slot.covered[s] and slot.delegation_seats_left(s, did) > 0
        ]
        for did in members
        if supply[did] > 0 and problem.seats_of(problem.delegation(did)) > 0
    }
    room = {s: slot.room_left(s) for s in others}
    for did, s in _max_flow(supply, arcs, room):
        demand[did].append(s)
    for did, sessions in demand.items():
        # Wanted disciplines first: the sessions with the fewest wanted people pick first.
        people = list(free[did])
        for s in sorted(sessions, key=lambda s: sum(p.discipline in wanted[s] for p in people)):
            people.sort(key=lambda p: (p.discipline not in wanted[s], p.participant_id))
            slot.sit(people.pop(0), s)


def greedy_participation(
    problem: ProblemData, sessions: Iterable[Session], funded: frozenset[str] = frozenset()
) -> tuple[tuple[Seat, ...], tuple[PanelSeat, ...]]:
    """Seats and panels for a fixed timetable and funding.

    Parameters
    ----------
    problem
        The problem.
    sessions
        The timetable.
    funded
        The funded requests (`greedy_funding`); other requests do not take part.

    Returns
    -------
    tuple[tuple[Seat, ...], tuple[PanelSeat, ...]]
        The seats, and the panels in speaking order.
    """
    members: dict[str, list[Participant]] = defaultdict(list)
    for p in problem.participants:
        if problem.seats_of(problem.delegation(p.delegation_id)) > 0:
            members[p.delegation_id].append(p)
    by_slot: dict[str, list[Session]] = defaultdict(list)
    for s in sorted(sessions, key=lambda s: (problem.slot_index(s.slot_id), s.room_id)):
        by_slot[s.slot_id].append(s)
    slots = {slot_id: _Slot(problem, held, funded) for slot_id, held in by_slot.items()}
    panels: list[PanelSeat] = []
    panels_of: Counter[str] = Counter()
    for item in problem.items:
        mine = [s for held in by_slot.values() for s in held if s.item_id == item.item_id]
        if item.panel_size > 0 and mine:
            first = mine[0]
            speakers = _fill_panel(problem, slots[first.slot_id], item, first, panels_of, members)
            ordered = speaker_precedence(problem, speakers)
            panels += [PanelSeat(item.item_id, k, pid) for k, pid in enumerate(ordered, start=1)]
    seats = []
    for slot_id, slot in slots.items():
        _seat_slot(slot, members, problem.slot(slot_id).date)
        seats += [
            Seat(s.slot_id, s.room_id, s.item_id, problem.participant(pid).delegation_id, pid)
            for pid, s in slot.sitting.items()
        ]
    return tuple(seats), tuple(panels)
