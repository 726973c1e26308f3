"""Hard rules 5-7 on interpreters: teams per booth, retour, workload and the interpretation budget.

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
    interpreter_label,
    language_label,
    money,
    over_budget,
    plural,
    slot_label,
    where,
)
from planner.domain import Assignment, Plan, ProblemData, Session
from planner.domain.metrics import interpretation_cost, interpreter_loads


def _session_of(a: Assignment) -> Session:
    return Session(a.item_id, a.slot_id, a.room_id)


def _booth_text(problem: ProblemData, a: Assignment) -> str:
    return (
        f"{where(problem, a.slot_id, a.room_id)}: {interpreter_label(problem, a.interpreter_id)} "
        f"in the {language_label(a.booth)} booth of item {a.item_id}"
    )


def _can_retour(problem: ProblemData, a: Assignment) -> bool:
    """True when the interpreter can work into another language of the session."""
    others = set(problem.item(a.item_id).languages) - {a.booth}
    return bool(problem.interpreter(a.interpreter_id).retour & others)


def _interpreted_sessions(problem: ProblemData, plan: Plan) -> Iterator[Session]:
    return (s for s in plan.sessions if problem.item(s.item_id).interpreted)


def _teams(problem: ProblemData, plan: Plan) -> dict[tuple[Session, str], dict[str, Assignment]]:
    """Each (session, booth) with its interpreters who belong to that booth, by id."""
    teams: dict[tuple[Session, str], dict[str, Assignment]] = defaultdict(dict)
    for a in plan.assignments:
        if problem.interpreter(a.interpreter_id).booth == a.booth:
            # Keep a retour mark if any duplicate row carries it.
            held = teams[(_session_of(a), a.booth)].get(a.interpreter_id)
            if held is None or a.retour:
                teams[(_session_of(a), a.booth)][a.interpreter_id] = a
    return teams


def assignment_misplaced(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 5: nobody works in a session that does not exist, has no interpretation, or lacks
    the booth; and nobody works in a booth that is not their own."""
    sessions = set(plan.sessions)
    for a in plan.assignments:
        subject = (a.slot_id, a.room_id, a.item_id, a.booth, a.interpreter_id)
        item = problem.item(a.item_id)
        own = problem.interpreter(a.interpreter_id).booth
        if _session_of(a) not in sessions:
            yield Violation(
                "assignment_without_session",
                5,
                f"{_booth_text(problem, a)}: the plan holds no session of item {a.item_id} in "
                "this room and slot",
                subject,
            )
        elif not item.interpreted:
            yield Violation(
                "assignment_uninterpreted",
                5,
                f"{_booth_text(problem, a)}: item {a.item_id} has no interpretation "
                f"(only {language_label(item.languages[0])})",
                subject,
            )
        elif a.booth not in item.languages:
            yield Violation(
                "booth_not_in_session",
                5,
                f"{_booth_text(problem, a)}: item {a.item_id} is not interpreted into "
                f"{language_label(a.booth)}",
                subject,
            )
        if a.booth != own:
            yield Violation(
                "wrong_booth",
                5,
                f"{_booth_text(problem, a)}: this interpreter works in the "
                f"{language_label(own)} booth",
                subject,
            )


def interpreter_listed_twice(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 5: an interpreter appears at most once in a session."""
    rows: dict[tuple[Session, str], int] = defaultdict(int)
    for a in plan.assignments:
        rows[(_session_of(a), a.interpreter_id)] += 1
    for (s, iid), n in sorted(rows.items()):
        if n > 1:
            yield Violation(
                "interpreter_listed_twice",
                5,
                f"{where(problem, s.slot_id, s.room_id)}: "
                f"{interpreter_label(problem, iid)} is listed {n} times for item {s.item_id}",
                (s.slot_id, s.room_id, s.item_id, iid),
            )


def team_size(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 5: each booth of an interpreted session has exactly its team size."""
    teams = _teams(problem, plan)
    for s in _interpreted_sessions(problem, plan):
        for booth in problem.item(s.item_id).languages:
            have, need = len(teams.get((s, booth), {})), problem.team_size(booth)
            if have != need:
                yield Violation(
                    "team_size",
                    5,
                    f"{where(problem, s.slot_id, s.room_id)}: the {language_label(booth)} booth "
                    f"of item {s.item_id} has {plural(have, 'interpreter')}; it needs "
                    f"{'exactly ' if have > need else ''}{need}",
                    (s.slot_id, s.room_id, s.item_id, booth),
                )


def retour_missing(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 5: teams in ``retour_booths`` include ``retour_per_team`` interpreters with a retour
    into another language of the session, marked as such in the plan."""
    teams = _teams(problem, plan)
    for s in _interpreted_sessions(problem, plan):
        for booth in problem.item(s.item_id).languages:
            need = problem.retour_needed(booth)
            team = teams.get((s, booth), {}).values()
            able = [a for a in team if _can_retour(problem, a)]
            marked = [a for a in able if a.retour]
            text = f"{where(problem, s.slot_id, s.room_id)}: the {language_label(booth)} booth"
            subject = (s.slot_id, s.room_id, s.item_id, booth)
            if len(able) < need:
                yield Violation(
                    "retour_missing",
                    5,
                    f"{text} of item {s.item_id} has {plural(len(able), 'interpreter')} with a "
                    f"retour into another language of the session; it needs {need}",
                    subject,
                )
            elif len(marked) < need:
                yield Violation(
                    "retour_unmarked",
                    5,
                    f"{text} of item {s.item_id} has {len(marked)} interpreter(s) marked as "
                    f"working retour; mark {need} of those who can (retour = yes)",
                    subject,
                )


def retour_mark_invalid(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 5: only interpreters with a retour into another language of the session are
    marked as working retour."""
    sessions = set(_interpreted_sessions(problem, plan))
    for a in plan.assignments:
        if a.retour and _session_of(a) in sessions and not _can_retour(problem, a):
            yield Violation(
                "retour_mark_invalid",
                5,
                f"{_booth_text(problem, a)} is marked as working retour, but has no retour "
                "into another language of the session",
                (a.slot_id, a.room_id, a.item_id, a.booth, a.interpreter_id),
            )


def _sessions_by_interpreter(plan: Plan) -> dict[str, set[Session]]:
    worked: dict[str, set[Session]] = defaultdict(set)
    for a in plan.assignments:
        worked[a.interpreter_id].add(_session_of(a))
    return worked


def interpreter_double_booked(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 6: an interpreter works at most one session per slot."""
    for iid, sessions in sorted(_sessions_by_interpreter(plan).items()):
        by_slot: dict[str, list[Session]] = defaultdict(list)
        for s in sessions:
            by_slot[s.slot_id].append(s)
        for slot_id, here in sorted(by_slot.items(), key=lambda kv: problem.slot_index(kv[0])):
            if len(here) > 1:
                places = " and ".join(f"item {s.item_id} in room {s.room_id}" for s in sorted(here))
                yield Violation(
                    "interpreter_double_booked",
                    6,
                    f"{slot_label(problem, slot_id)}: {interpreter_label(problem, iid)} is "
                    f"assigned to {len(here)} sessions at once ({places})",
                    (slot_id, iid, *(s.item_id for s in sorted(here))),
                )


def interpreter_overworked(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 6: at most ``max_per_day`` sessions a day and ``max_per_week`` a calendar week."""
    for iid, sessions in sorted(_sessions_by_interpreter(plan).items()):
        interpreter = problem.interpreter(iid)
        slots = [problem.slot(s.slot_id) for s in sessions]
        days = Counter(slot.date for slot in slots)
        weeks = Counter(slot.week for slot in slots)
        limit = problem.max_per_day(interpreter)
        for day, n in sorted(days.items()):
            if n > limit:
                yield Violation(
                    "interpreter_over_daily_max",
                    6,
                    f"{day_label(day)}: {interpreter_label(problem, iid)} works {n} sessions; "
                    f"at most {limit} a day",
                    (iid, day.isoformat()),
                )
        limit = problem.max_per_week(interpreter)
        for (year, week), n in sorted(weeks.items()):
            if n > limit:
                first = min(slot.date for slot in slots if slot.week == (year, week))
                monday = first - dt.timedelta(days=first.weekday())
                yield Violation(
                    "interpreter_over_weekly_max",
                    6,
                    f"Week of {day_label(monday)}: {interpreter_label(problem, iid)} works "
                    f"{n} sessions; at most {limit} a week",
                    (iid, f"{year}-W{week:02d}"),
                )


def interpreter_unavailable(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 6: nobody works in a slot where they are unavailable."""
    for a in plan.assignments:
        if a.slot_id in problem.interpreter(a.interpreter_id).unavailable:
            yield Violation(
                "interpreter_unavailable",
                6,
                f"{_booth_text(problem, a)}: this interpreter is not available in this slot",
                (a.slot_id, a.room_id, a.item_id, a.booth, a.interpreter_id),
            )


def interpretation_budget(problem: ProblemData, plan: Plan) -> Iterator[Violation]:
    """Rule 7: interpreter cost stays within ``interpretation_budget``."""
    budget = problem.rules.interpretation_budget
    cost = interpretation_cost(problem, plan)
    if budget is not None and over_budget(cost, budget):
        engaged = len(interpreter_loads(problem, plan))
        yield Violation(
            "interpretation_budget",
            7,
            f"Interpretation costs {money(cost)} (daily rates and travel of "
            f"{plural(engaged, 'interpreter')}); the budget is {money(budget)}",
            ("interpretation_budget",),
        )


CHECKS: tuple[Check, ...] = (
    assignment_misplaced,
    interpreter_listed_twice,
    team_size,
    retour_missing,
    retour_mark_invalid,
    interpreter_double_booked,
    interpreter_overworked,
    interpreter_unavailable,
    interpretation_budget,
)
"""The interpretation checks, in the order of the rules."""
