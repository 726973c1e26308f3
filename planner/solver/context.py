"""The model context shared by every concern: the CP-SAT model, its variables and penalty terms.

A concern (timetable, interpretation, participation...) is a function ``add_<concern>(ctx)``
that reads ``ctx.problem`` and the variables earlier concerns created, adds its hard rules to
``ctx.model`` and registers its soft rules with `ModelContext.penalize`. The order in which
concerns run is fixed in one place, `planner.solver.driver.CONCERNS`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ortools.sat.python import cp_model

from planner.domain import ProblemData

if TYPE_CHECKING:
    from planner.solver.participation.vars import Participation

logger = logging.getLogger("planner")

SCALE = 100_000
"""Integer objective units per weight unit.

Costs enter the model in US cents, so a weight ``w`` per dollar costs ``1000 x w`` units per
cent: a whole number for any weight with up to three decimals.
"""

K = TypeVar("K", bound=Hashable)
Var = cp_model.IntVar
Expr = cp_model.LinearExpr | int
"""A linear expression as built here (``sum`` of variables gives an int when empty)."""
Lit = Var | int
"""A literal, or a constant 0 / 1 where the answer is known when the model is built."""
SessionKey = tuple[str, str, str]  # item_id, slot_id, room_id
WorkKey = tuple[str, str, str]  # interpreter_id, slot_id, room_id


class LazyVars(dict[K, Var]):
    """Variables made on first use, for facts only some concerns need.

    ``lazy[key]`` builds the variable (and its defining constraints) the first time it is asked
    for; ``key in lazy`` is true only for those already made. Ask while building the model: a
    variable made after the solve is not in the solution.
    """

    def __init__(self, factory: Callable[[K], Var]) -> None:
        super().__init__()
        self._factory = factory

    def __missing__(self, key: K) -> Var:
        var = self._factory(key)
        self[key] = var
        return var


@dataclass(frozen=True, slots=True)
class PenaltyTerm:
    """One named soft rule in the objective: ``coefficient x expr`` in scaled units."""

    rule: str
    expr: cp_model.LinearExprT
    coefficient: int


def scaled_coefficient(weight: float, unit: float = 1.0) -> int:
    """Integer objective coefficient for ``weight`` per counted ``unit``.

    ``unit`` is the size of one count in the rule's own unit: 0.01 for an expression in cents of
    a rule weighted per dollar.
    """
    exact = weight * unit * SCALE
    coefficient = round(exact)
    if abs(coefficient - exact) > 1e-6 * max(1.0, abs(exact)):
        logger.warning(
            "weight %s is rounded to %s in the solver (at most 3 decimals per dollar are exact)",
            weight,
            coefficient / SCALE / unit,
        )
    return coefficient


@dataclass(frozen=True, slots=True)
class Guard:
    """An assumption literal standing for one hard rule on one piece of data (explain mode).

    ``key`` holds the ids of the data the rule is applied to (item, slot, room, interpreter...),
    so that a conflict found by the solver can be put in the user's words.
    """

    rule: str
    key: tuple[str, ...]
    literal: Var


@dataclass(eq=False)
class ModelContext:
    """The model under construction.

    Attributes
    ----------
    problem
        The problem being planned.
    model
        The CP-SAT model.
    session_at
        ``(item_id, slot_id, room_id) -> bool``: a session of the item is held there. Only
        compatible triples have a variable (allowed slot, fitting and available room).
    held
        ``(item_id, slot_id) -> bool``: the item has a session in that slot (in some room).
    item_on_day
        ``(item_id, date) -> bool``, made on first use: the item has a session that day.
    first_session
        ``(item_id, slot_id) -> bool``, made on first use: the item's first session (in time
        order) is in that slot. Asking for a slot the item cannot use gives a fixed false.
    staffed
        ``(slot_id, room_id, booth) -> item_ids`` of the items that may be held there and need
        that booth; the sum of their ``session_at`` is 1 exactly when the booth is staffed.
    works
        ``(interpreter_id, slot_id, room_id) -> bool``: the interpreter works in that room's own
        booth in that slot.
    works_day, engaged
        ``(interpreter_id, date) -> bool`` and ``interpreter_id -> bool``, made only for
        interpreters whose cost matters (a budget or a cost weight, and a rate or travel).
    terms
        Named soft-rule terms of the objective, in the order registered.
    participation
        The participation concern's variables (funding, seats, panels), None until
        `planner.solver.participation.add_participation` has run.
    explain
        Build the model to explain infeasibility: every hard rule on every piece of data is
        enforced only under its own `Guard` literal (see `guard`), and choices a normal model
        rules out by making no variable get a variable forbidden under a guard.
    guards
        ``(rule, key) -> Guard``, filled in explain mode only.
    """

    problem: ProblemData
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    session_at: dict[SessionKey, Var] = field(default_factory=dict)
    held: dict[tuple[str, str], Var] = field(default_factory=dict)
    staffed: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    works: dict[WorkKey, Var] = field(default_factory=dict)
    works_day: dict[tuple[str, dt.date], Var] = field(default_factory=dict)
    engaged: dict[str, Var] = field(default_factory=dict)
    terms: list[PenaltyTerm] = field(default_factory=list)
    participation: Participation | None = None
    item_on_day: LazyVars[tuple[str, dt.date]] = field(init=False)
    first_session: LazyVars[tuple[str, str]] = field(init=False)
    _firsts_made: set[str] = field(default_factory=set, repr=False)
    explain: bool = field(default=False, kw_only=True)
    guards: dict[tuple[str, tuple[str, ...]], Guard] = field(default_factory=dict, kw_only=True)

    def __post_init__(self) -> None:
        self.item_on_day = LazyVars(self._make_item_on_day)
        self.first_session = LazyVars(self._make_first_session)

    def false(self) -> Var:
        """A fresh literal fixed to false (for a fact that cannot hold)."""
        var = self.model.new_bool_var("false")
        self.model.add(var == 0)
        return var

    def guard(self, rule: str, *key: object) -> Var | None:
        """The assumption literal of hard rule ``rule`` on the data ``key``; None in a normal
        model, where constraints stay unconditional.

        Calls with the same rule and key share one literal, so a key may group several
        constraints (all the ``after`` constraints of one pair of items, say).
        """
        if not self.explain:
            return None
        ids = tuple(str(k) for k in key)
        found = self.guards.get((rule, ids))
        if found is None:
            literal = self.model.new_bool_var(f"guard[{rule},{','.join(ids)}]")
            found = self.guards[rule, ids] = Guard(rule, ids, literal)
        return found.literal

    def enforce(self, constraint: cp_model.Constraint, rule: str, *key: object) -> None:
        """Make ``constraint`` conditional on the guard of ``rule`` on ``key`` (explain mode)."""
        literal = self.guard(rule, *key)
        if literal is not None:
            constraint.only_enforce_if(literal)

    def forbid(self, var: Var, rule: str, *key: object) -> None:
        """Explain mode: ``var`` is false unless the guard of ``rule`` on ``key`` is relaxed.

        Stands for a choice that a normal model rules out by making no variable for it.
        """
        self.enforce(self.model.add(var == 0), rule, *key)

    def held_in(self, item_id: str, slot_ids: Sequence[str]) -> list[Var]:
        """The item's ``held`` literals for those of ``slot_ids`` it may use."""
        return [self.held[item_id, s] for s in slot_ids if (item_id, s) in self.held]

    def staffed_sum(self, slot_id: str, room_id: str, booth: str) -> Expr:
        """1 when the booth of that room must be staffed in that slot, else 0."""
        items = self.staffed.get((slot_id, room_id, booth), [])
        return sum(self.session_at[i, slot_id, room_id] for i in items)

    def penalize(self, rule: str, expr: cp_model.LinearExprT, *, unit: float = 1.0) -> None:
        """Add ``weight(rule) x expr`` to the objective; a weight of 0 leaves it out.

        Parameters
        ----------
        rule
            Name of the soft rule (a key of `planner.domain.SOFT_RULES`).
        expr
            What the rule counts, as a linear expression (constants allowed).
        unit
            Size of one count of ``expr`` in the rule's unit (0.01 when ``expr`` is in cents
            of a rule weighted per dollar).
        """
        weight = self.problem.rules.weight(rule)
        if weight == 0:
            return
        self.terms.append(PenaltyTerm(rule, expr, scaled_coefficient(weight, unit)))

    def _make_item_on_day(self, key: tuple[str, dt.date]) -> Var:
        item_id, date = key
        on_day = self.held_in(item_id, [s.slot_id for s in self.problem.slots if s.date == date])
        if not on_day:
            return self.false()
        var = self.model.new_bool_var(f"on_day[{item_id},{date}]")
        for h in on_day:
            self.model.add_implication(h, var)
        self.model.add(var <= sum(on_day))
        return var

    def _make_first_session(self, key: tuple[str, str]) -> Var:
        item_id, _ = key
        if item_id in self._firsts_made:
            return self.false()  # a slot the item cannot use
        self._firsts_made.add(item_id)
        n = self.problem.item(item_id).sessions
        earlier: list[Var] = []
        firsts: list[Var] = []
        for slot in self.problem.slots:
            h = self.held.get((item_id, slot.slot_id))
            if h is None:
                continue
            first = self.model.new_bool_var(f"first[{item_id},{slot.slot_id}]")
            self.model.add_implication(first, h)
            # No earlier session: at most n of them exist, so n x first caps their count at 0.
            if earlier:
                self.model.add(sum(earlier) + n * first <= n)
            earlier.append(h)
            firsts.append(first)
            self.first_session[item_id, slot.slot_id] = first
        if firsts:
            self.model.add_exactly_one(firsts)
        return self.first_session[key]  # made just now, or (a slot it cannot use) false


def both(ctx: ModelContext, a: Expr, b: Expr, name: str) -> Lit:
    """``a AND b`` for 0/1 expressions, without a new literal when either is a constant."""
    if isinstance(a, int) and isinstance(b, int):
        return int(bool(a) and bool(b))
    if isinstance(a, int):
        return _as_lit(ctx, b, name) if a else 0
    if isinstance(b, int):
        return _as_lit(ctx, a, name) if b else 0
    var = ctx.model.new_bool_var(name)
    ctx.model.add(var <= a)
    ctx.model.add(var <= b)
    ctx.model.add(var >= a + b - 1)
    return var


def _as_lit(ctx: ModelContext, expr: Expr, name: str) -> Lit:
    if isinstance(expr, cp_model.IntVar):
        return expr
    var = ctx.model.new_bool_var(name)
    ctx.model.add(var == expr)
    return var
