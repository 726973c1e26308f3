"""Compose a synthetic `ProblemData` and the witness plan that proves it feasible."""

from __future__ import annotations

import dataclasses
import math
import random

from planner.domain import (
    LANGUAGES,
    Discipline,
    Meeting,
    Plan,
    ProblemData,
    Room,
    Rules,
    Seat,
    Session,
)
from planner.reference import states
from planner.synth.config import SynthConfig
from planner.synth.interpreters import build_interpreters, comfortable_budget
from planner.synth.people import build_delegations, build_participants
from planner.synth.timetable import build_timetable, make_slots
from planner.synth.vocabulary import DISCIPLINES


def _stream(seed: int, stage: str) -> random.Random:
    # One stream per stage, seeded from text (hashed with SHA-512 by `random`, never by the
    # salted built-in hash), so a change to one stage leaves the others' draws alone.
    return random.Random(f"{seed}:{stage}")


def _roomy(rooms: tuple[Room, ...], plenary_seats: int) -> tuple[Room, ...]:
    """Rooms in which a plenary can seat every delegation: grow the largest six-booth room."""
    six = [r for r in rooms if r.booths >= set(LANGUAGES)]
    if not six or any(r.capacity >= plenary_seats for r in six):
        return rooms
    big = max(six, key=lambda r: r.capacity)
    grown = dataclasses.replace(big, capacity=math.ceil(plenary_seats * 1.2 / 50) * 50)
    return tuple(grown if r is big else r for r in rooms)


def plenary_seats_for(problem: ProblemData, sessions: tuple[Session, ...]) -> tuple[Seat, ...]:
    """One seat per present delegation in each plenary session (nobody is funded)."""
    seats = []
    for s in sessions:
        if not problem.item(s.item_id).plenary:
            continue
        day = problem.slot(s.slot_id).date
        holder: dict[str, str] = {}
        for p in problem.participants:
            if p.in_person and not p.needs_funding and day in problem.present_days(p):
                holder.setdefault(p.delegation_id, p.participant_id)
        seats += [Seat(s.slot_id, s.room_id, s.item_id, d, pid) for d, pid in holder.items()]
    return tuple(seats)


def generate_with_witness(config: SynthConfig, seed: int = 0) -> tuple[ProblemData, Plan]:
    """A synthetic meeting and one plan that keeps every hard rule (no panels, nobody funded).

    Parameters
    ----------
    config
        Size and shape of the meeting, e.g. `SynthConfig.example()`.
    seed
        Same seed, same problem, on any machine and Python process.

    Returns
    -------
    tuple[ProblemData, Plan]
        The problem and a witness plan built with it, which proves it feasible.
    """
    slots = make_slots(config.first_day, config.days)
    members = sum(s.category == "member_state" for s in states().values())
    n_states = min(members, max(1, round(config.member_states * config.scale)))
    n_observers = round(config.observers * config.scale)
    delegations, language = build_delegations(n_states, n_observers, _stream(seed, "delegations"))
    rules = Rules(
        max_parallel_sessions=config.max_parallel_sessions,
        travel_budget=config.travel_budget,
        time_limit_seconds=config.time_limit_seconds,
    )
    plenary_seats = len(delegations) + rules.secretariat_seats
    rooms = _roomy(config.rooms, plenary_seats)
    items, rooms, sessions = build_timetable(
        config, slots, rooms, plenary_seats, _stream(seed, "timetable")
    )
    participants = build_participants(
        delegations,
        language,
        max(len(delegations), round(config.participants * config.scale)),
        config.max_delegation_size,
        tuple(sorted({s.date for s in slots})),
        items,
        _stream(seed, "participants"),
    )
    interpreters, roster = build_interpreters(
        items, sessions, slots, rules, config.interpreter_slack, seed, _stream(seed, "booths")
    )
    problem = ProblemData(
        meeting=Meeting(config.title, venue=config.venue, languages=LANGUAGES),
        slots=slots,
        rooms=rooms,
        items=items,
        delegations=delegations,
        participants=participants,
        interpreters=interpreters,
        disciplines=tuple(Discipline(k, v) for k, v in DISCIPLINES.items()),
        rules=dataclasses.replace(
            rules, interpretation_budget=comfortable_budget(interpreters, roster, slots)
        ),
    )
    seats = plenary_seats_for(problem, sessions)
    return problem, Plan(sessions=sessions, assignments=roster, seats=seats)


def generate(config: SynthConfig, seed: int = 0) -> ProblemData:
    """A synthetic meeting of an expert group on reducing reoffending, feasible by construction.

    Uses only ``random.Random`` streams seeded from ``seed``: no global randomness, clock or
    hash order, so the same seed gives an equal `ProblemData` on any machine.

    Parameters
    ----------
    config
        Size and shape: `SynthConfig.small()`, `.example()`, `.two_week()`,
        `.full_membership()`, optionally `.scaled(k)`.
    seed
        Which instance of that shape.

    Returns
    -------
    ProblemData
        The validated problem.

    Examples
    --------
    >>> from planner.synth import SynthConfig, generate
    >>> problem = generate(SynthConfig.small(), seed=1)
    >>> len(problem.items)
    4
    """
    return generate_with_witness(config, seed)[0]
