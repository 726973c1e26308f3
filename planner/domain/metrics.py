"""Facts computed from a plan alone: costs, workloads and who takes part when.

One definition of each, shared by the checker, the plan workbook and the benchmark, so that a
figure printed anywhere means the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from planner.domain.plan import Plan
from planner.domain.problem import ProblemData
from planner.domain.records import Participant


@dataclass(frozen=True, slots=True)
class InterpreterLoad:
    """One interpreter's work in a plan and what it costs."""

    interpreter_id: str
    sessions: int
    days: tuple[dt.date, ...]
    fees: float  # daily rate x days worked
    travel: float  # paid once when engaged at all

    @property
    def cost(self) -> float:
        """Fees plus travel."""
        return self.fees + self.travel


def interpreter_loads(problem: ProblemData, plan: Plan) -> dict[str, InterpreterLoad]:
    """Workload and cost of every interpreter who has at least one assignment."""
    sessions: dict[str, int] = defaultdict(int)
    days: dict[str, set[dt.date]] = defaultdict(set)
    for a in plan.assignments:
        sessions[a.interpreter_id] += 1
        days[a.interpreter_id].add(problem.slot(a.slot_id).date)
    out = {}
    for iid, n in sessions.items():
        interpreter = problem.interpreter(iid)
        worked = tuple(sorted(days[iid]))
        out[iid] = InterpreterLoad(
            iid,
            n,
            worked,
            fees=interpreter.daily_rate * len(worked),
            travel=interpreter.travel_cost,
        )
    return out


def interpretation_cost(problem: ProblemData, plan: Plan) -> float:
    """Daily rates for days worked plus travel once for anyone engaged (hard rule 7)."""
    return sum(load.cost for load in interpreter_loads(problem, plan).values())


def travel_cost(problem: ProblemData, plan: Plan) -> float:
    """Travel support paid for the funded participants."""
    return sum(problem.participant(pid).travel_cost for pid in plan.funded)


def takes_part(problem: ProblemData, plan: Plan, participant: Participant, day: dt.date) -> bool:
    """True when the person is in the meeting that day (hard rule 8).

    A person takes part on the days between arrival and departure, unless they need funding
    and are not funded, in which case they do not take part at all.
    """
    if participant.needs_funding and participant.participant_id not in plan.funded:
        return False
    return day in problem.present_days(participant)


def present_delegations(problem: ProblemData, plan: Plan, day: dt.date) -> frozenset[str]:
    """Delegations with at least one in-person participant taking part that day."""
    return frozenset(
        p.delegation_id
        for p in problem.participants
        if p.in_person and takes_part(problem, plan, p, day)
    )
