"""Replanning from a previous plan: locked rows kept exactly, the rest changed as little as it can.

`add_previous` adds a previous plan to a model built for the NEW input (an interpreter now
unavailable, an item added, a delegation withdrawn):

- every locked `Agenda` row is held where it was, and every locked `Interpretation` row keeps
  its interpreter in its session (and so the session in place);
- the soft rule ``plan_change`` counts each row of the previous plan the new plan does not keep
  (sessions, interpreter bookings, panel seats, funding decisions), exactly as the checker
  `planner.check.penalties_change` does, so that the solver minimises change;
- the solve hints the previous plan, as the search's starting point.

A locked row the new input makes impossible (its item removed, its interpreter now unavailable,
its room no longer fitting) is dropped, not fatal: the officer asked the planner to cope with
exactly such news. Each dropped lock is logged as a warning and named in `Replan.message`
(which the solve puts in `Result.message`). Locks that are each possible but cannot all be
kept together make the solve INFEASIBLE; `conflicting_locks` then names them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from ortools.sat.python import cp_model

from planner.domain import Assignment, Plan, ProblemData, Session
from planner.domain.plan import Booking, booking
from planner.solver.context import Expr, ModelContext, Var
from planner.solver.hints import add_hint
from planner.solver.interpretation import add_interpretation
from planner.solver.objective import set_objective
from planner.solver.replan.keep import keep_retour_marks, keep_seat_holders
from planner.solver.timetable import add_timetable

logger = logging.getLogger("planner")

RULE = "plan_change"
K = TypeVar("K", bound=Hashable)


@dataclass(eq=False)
class Replan:
    """What `add_previous` did with the previous plan's locks.

    Attributes
    ----------
    locked_sessions, locked_bookings
        The locks applied to the model (the new plan keeps them, and carries them on).
    dropped
        Each lock the new input makes impossible, in words.
    assumptions
        With ``assume_locks``: the index of each lock's literal -> the lock in words.
    """

    locked_sessions: set[Session] = field(default_factory=set)
    locked_bookings: set[Booking] = field(default_factory=set)
    dropped: list[str] = field(default_factory=list)
    assumptions: dict[int, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The dropped locks for `Result.message` (empty when every lock was kept)."""
        if not self.dropped:
            return ""
        return "locked rows that the new input makes impossible were unlocked: " + "; ".join(
            self.dropped
        )

    def carry(self, problem: ProblemData, plan: Plan, previous: Plan) -> Plan:
        """The new ``plan`` with the applied locks (so the next replan keeps them too), and the
        previous retour marks and seat holders kept wherever that changes nothing else."""
        plan = keep_seat_holders(problem, keep_retour_marks(problem, plan, previous), previous)
        return replace(
            plan,
            locked_sessions=frozenset(self.locked_sessions),
            locked_assignments=frozenset(self.locked_bookings),
        )


def _session_words(s: Session) -> str:
    return f"Agenda row item {s.item_id} at {s.slot_id} in room {s.room_id}"


def _booking_words(a: Assignment) -> str:
    return (
        f"Interpretation row {a.interpreter_id} for item {a.item_id} at {a.slot_id} "
        f"in room {a.room_id}"
    )


def why_session_impossible(problem: ProblemData, s: Session) -> str:
    """Why the session cannot be held in the new input, in words (the model has no variable)."""
    known = (
        ("item", {i.item_id for i in problem.items}, s.item_id, "is no longer on the agenda"),
        ("slot", {t.slot_id for t in problem.slots}, s.slot_id, "no longer exists"),
        ("room", {r.room_id for r in problem.rooms}, s.room_id, "no longer exists"),
    )
    for kind, ids, ref, words in known:
        if ref not in ids:
            return f"{kind} {ref} {words}"
    item, room = problem.item(s.item_id), problem.room(s.room_id)
    if s.slot_id not in {t.slot_id for t in problem.allowed_slots(item)}:
        return f"{s.slot_id} is not among the allowed slots of item {s.item_id}"
    if not problem.room_fits(item, room):
        return f"room {s.room_id} does not fit item {s.item_id} (its room, seats or booths)"
    if s.slot_id in room.unavailable:
        return f"room {s.room_id} is unavailable at {s.slot_id}"
    return f"item {s.item_id} can no longer be held there"


def why_booking_impossible(ctx: ModelContext, a: Assignment) -> str | None:
    """Why the interpreter cannot work that session in the new input, or None if possible."""
    problem = ctx.problem
    if (a.item_id, a.slot_id, a.room_id) not in ctx.session_at:
        return why_session_impossible(problem, Session(a.item_id, a.slot_id, a.room_id))
    try:
        interpreter = problem.interpreter(a.interpreter_id)
    except KeyError:
        return f"interpreter {a.interpreter_id} is no longer in the Interpreters sheet"
    who = f"{a.interpreter_id} ({interpreter.name})"
    if a.slot_id in interpreter.unavailable:
        return f"{who} is now unavailable at {a.slot_id}"
    needing = ctx.staffed.get((a.slot_id, a.room_id, interpreter.booth), [])
    if a.item_id not in needing:
        return f"item {a.item_id} no longer needs the {interpreter.booth} booth of {who}"
    if booking(a) not in ctx.works:
        return f"{who} can no longer work at {a.slot_id} (a limit of 0 sessions)"
    return None


def _fix(ctx: ModelContext, var: Var, words: str, replan: Replan, assume: bool) -> None:
    if not assume:
        ctx.model.add(var == 1)
        return
    lit = ctx.model.new_bool_var(f"lock[{words}]")
    ctx.model.add(var == 1).only_enforce_if(lit)
    ctx.model.add_assumption(lit)
    replan.assumptions[lit.index] = words


def add_locks(ctx: ModelContext, previous: Plan, *, assume_locks: bool = False) -> Replan:
    """Keep every locked row of ``previous`` that the new input allows; drop the others.

    With ``assume_locks`` each lock is enforced by an assumption literal instead, so that an
    infeasible solve can name the locks at fault (`conflicting_locks`).
    """
    out = Replan()
    for s in sorted(previous.locked_sessions):
        var = ctx.session_at.get((s.item_id, s.slot_id, s.room_id))
        if var is None:
            out.dropped.append(f"{_session_words(s)} ({why_session_impossible(ctx.problem, s)})")
            continue
        _fix(ctx, var, _session_words(s), out, assume_locks)
        out.locked_sessions.add(s)
    rows = {booking(a): a for a in previous.assignments}
    for key in sorted(previous.locked_assignments):
        a = rows[key]
        reason = why_booking_impossible(ctx, a)
        if reason is not None:
            out.dropped.append(f"{_booking_words(a)} ({reason})")
            continue
        words = _booking_words(a)
        _fix(ctx, ctx.session_at[a.item_id, a.slot_id, a.room_id], words, out, assume_locks)
        _fix(ctx, ctx.works[key], words, out, assume_locks)
        out.locked_bookings.add(key)
    return out


def _not_kept(keys: set[K], variables: Mapping[K, Var]) -> Expr:
    """How many of ``keys`` the new plan lacks: 1 - var each, 1 where no variable exists."""
    present = [variables[k] for k in keys if k in variables]
    return len(keys) - sum(present)


def timetable_change(ctx: ModelContext, previous: Plan) -> None:
    """``plan_change`` of the timetable and roster: previous sessions and bookings not kept."""
    sessions = {(s.item_id, s.slot_id, s.room_id) for s in previous.sessions}
    bookings = {booking(a) for a in previous.assignments}
    ctx.penalize(RULE, _not_kept(sessions, ctx.session_at) + _not_kept(bookings, ctx.works))


def participation_change(ctx: ModelContext, previous: Plan) -> None:
    """``plan_change`` of participation: previous panel seats not kept, funding changed.

    Needs the participation concern; a person without a ``funded`` variable is never funded.
    """
    part = ctx.participation
    if part is None:
        return
    panel_seats = {(p.participant_id, p.item_id) for p in previous.panels}
    granted = [v for pid, v in part.funded.items() if pid not in previous.funded]
    kept = [v for pid, v in part.funded.items() if pid in previous.funded]
    withdrawn: Expr = len(previous.funded) - sum(kept)
    ctx.penalize(RULE, _not_kept(panel_seats, part.speaker) + sum(granted) + withdrawn)


def add_timetable_previous(
    ctx: ModelContext, previous: Plan, *, assume_locks: bool = False
) -> Replan:
    """The previous plan for a model of the timetable and roster: locks and change."""
    replan = add_locks(ctx, previous, assume_locks=assume_locks)
    for words in replan.dropped:
        logger.warning("unlocked: %s", words)
    timetable_change(ctx, previous)
    return replan


def add_participation_previous(ctx: ModelContext, previous: Plan) -> None:
    """The previous plan for a model with participation: the change of panels and funding."""
    participation_change(ctx, previous)


def add_previous(ctx: ModelContext, previous: Plan, *, assume_locks: bool = False) -> Replan:
    """Replan from ``previous``: keep its locked rows, change as little as possible.

    Call after the concerns and before `planner.solver.objective.set_objective` (the
    ``plan_change`` terms join the objective; calling it again replaces the objective).
    Participation terms are added only when the model has the participation concern.

    Parameters
    ----------
    ctx
        A model of the NEW input.
    previous
        The plan to replan from, read against the new input (ids it no longer knows are
        counted as changes and their locks dropped).
    assume_locks
        Enforce each lock through an assumption literal (for `conflicting_locks`).

    Returns
    -------
    Replan
        The locks applied and those dropped (with the reasons, for `Result.message`).
    """
    replan = add_timetable_previous(ctx, previous, assume_locks=assume_locks)
    add_participation_previous(ctx, previous)
    return replan


LOCK_CONFLICT = "the locked rows cannot all be kept (unlock one, or change the input): "
"""How `Result.message` begins when locks make a replan infeasible; the locks follow."""

DIAGNOSIS_SECONDS = 10.0
"""Most seconds spent finding the locks at fault (the model is the timetable and roster)."""


def explain_locks(problem: ProblemData, previous: Plan, time_limit: float) -> str:
    """Why a replan with locks is infeasible, when the locks are to blame; else empty.

    The timetable and roster are modelled again (the rules locks touch) with each lock under
    an assumption; the locks in CP-SAT's infeasible core are named.
    """
    if not (previous.locked_sessions or previous.locked_assignments):
        return ""
    ctx = ModelContext(problem)
    add_timetable(ctx)
    add_interpretation(ctx)
    replan = add_locks(ctx, previous, assume_locks=True)
    named = conflicting_locks(ctx, replan, min(time_limit, DIAGNOSIS_SECONDS))
    return LOCK_CONFLICT + "; ".join(named) if named else ""


def conflicting_locks(ctx: ModelContext, replan: Replan, time_limit: float) -> list[str]:
    """Locks that cannot all be kept together, for a model built with ``assume_locks``.

    Returns a sufficient set (not always the smallest) found by CP-SAT from the assumptions,
    or an empty list when the model is feasible or the time ran out first.
    """
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1  # the core of assumptions comes from the single worker
    if solver.solve(ctx.model) != cp_model.INFEASIBLE:
        return []
    core = solver.sufficient_assumptions_for_infeasibility()
    return sorted({replan.assumptions[i] for i in core if i in replan.assumptions})


def previous_and_hint(
    ctx: ModelContext,
    previous: Plan | None,
    hint: Plan | None,
    add: Callable[[ModelContext, Plan], Replan] = add_previous,
) -> Replan | None:
    """A built model made ready to search: a replan's locks and change (``add``), then the hint.

    The joint model passes `add_previous`, stage 1 `add_timetable_previous`.
    """
    replan = None if previous is None else add(ctx, previous)
    if replan is not None:
        set_objective(ctx)  # again, with plan_change
    if hint is not None:
        add_hint(ctx, hint)
    return replan
