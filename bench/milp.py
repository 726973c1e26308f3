"""The planner's own CP-SAT model handed unchanged, as a MILP, to HiGHS and to CP-SAT's MILP
interface: the peers of the benchmark (run by hand, not in tests).

A model of timetable and interpretation alone uses only linear constraints, at-most-one and
implications (``bool_and`` under an enforcement literal), so it converts one to one: each
implication ``e1 and ... and ek => l`` becomes ``l >= e1 + ... + ek - (k - 1)``. The objective
is the same, so the peers solve the very model the planner solves, in the same units.
``highspy`` comes with the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

INF = float("inf")


@dataclass
class Milp:
    """A MILP over the variables of a CP-SAT model: rows ``lo <= sum(coef x) <= hi``."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[tuple[float, float, list[int], list[float]]] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    offset: float = 0.0
    scale: float = 1.0


def _proto(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.pb")
        model.export_to_file(path)
        proto = cp_model_pb2.CpModelProto()
        with open(path, "rb") as f:
            proto.ParseFromString(f.read())
    return proto


def _literal(lit: int) -> tuple[int, float, float]:
    """(variable, coefficient, constant) with ``lit == coefficient * x + constant``."""
    return (lit, 1.0, 0.0) if lit >= 0 else (-lit - 1, -1.0, 1.0)


def to_milp(model: cp_model.CpModel) -> Milp:
    """The MILP of a CP-SAT model of linear, at-most-one and enforced bool_and constraints."""
    proto = _proto(model)
    milp = Milp()
    for var in proto.variables:
        if len(var.domain) != 2:
            raise ValueError(f"variable {var.name} has a domain with holes")
        milp.lower.append(float(var.domain[0]))
        milp.upper.append(float(var.domain[1]))
    for ct in proto.constraints:
        kind = ct.WhichOneof("constraint")
        if kind == "linear":
            if ct.enforcement_literal or len(ct.linear.domain) != 2:
                raise ValueError("an enforced linear constraint or a domain with holes")
            lo, hi = (float(d) for d in ct.linear.domain)
            milp.rows.append(
                (
                    -INF if lo <= -(2**62) else lo,
                    INF if hi >= 2**62 else hi,
                    list(ct.linear.vars),
                    [float(c) for c in ct.linear.coeffs],
                )
            )
        elif kind in ("at_most_one", "exactly_one", "bool_or"):
            lits = list(getattr(ct, kind).literals)
            if ct.enforcement_literal:
                raise ValueError(f"an enforced {kind}")
            index, coef, const = [], [], 0.0
            for lit in lits:
                v, a, b = _literal(lit)
                index.append(v)
                coef.append(a)
                const += b
            lo = {"at_most_one": -INF, "exactly_one": 1.0, "bool_or": 1.0}[kind]
            hi = {"at_most_one": 1.0, "exactly_one": 1.0, "bool_or": INF}[kind]
            milp.rows.append((lo - const, hi - const, index, coef))
        elif kind == "bool_and":
            # e1 and ... and ek => l:  l - sum(e) >= 1 - k, each literal possibly negated.
            for lit in ct.bool_and.literals:
                index, coef, const = [], [], 0.0
                v, a, b = _literal(lit)
                index.append(v)
                coef.append(a)
                const += b
                for e in ct.enforcement_literal:
                    v, a, b = _literal(e)
                    index.append(v)
                    coef.append(-a)
                    const -= b
                k = len(ct.enforcement_literal)
                milp.rows.append((1.0 - k - const, INF, index, coef))
        else:
            raise ValueError(f"constraint {kind} has no MILP form here")
    milp.cost = [0.0] * len(proto.variables)
    objective = proto.objective
    milp.scale = objective.scaling_factor or 1.0
    milp.offset = objective.offset
    for v, c in zip(objective.vars, objective.coeffs, strict=True):
        if v >= 0:
            milp.cost[v] += float(c)
        else:  # a negated variable in the objective: c * (1 - x)
            milp.cost[-v - 1] -= float(c)
            milp.offset += float(c)
    return milp


@dataclass(frozen=True)
class PeerRun:
    """One peer's solve: its status, objective and bound (in the planner's scaled units,
    offset included) and seconds."""

    peer: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "peer": self.peer,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "seconds": self.seconds,
        }


def solve_highs(milp: Milp, time_limit: float, threads: int) -> PeerRun:
    """HiGHS (``highspy``) on the MILP."""
    import highspy  # the bench extra

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    if threads > 0:
        h.setOptionValue("threads", threads)
    n = len(milp.lower)
    inf = highspy.kHighsInf
    for j in range(n):
        h.addVar(milp.lower[j], milp.upper[j])
        h.changeColCost(j, milp.cost[j])
    h.changeColsIntegrality(n, list(range(n)), [highspy.HighsVarType.kInteger] * n)
    for lo, hi, index, coef in milp.rows:
        h.addRow(max(lo, -inf), min(hi, inf), len(index), index, coef)
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    has = info.primal_solution_status == 2  # kSolutionStatusFeasible
    objective = info.objective_function_value + milp.offset if has else None
    bound = info.mip_dual_bound + milp.offset
    return PeerRun("HiGHS (highspy)", status, objective, bound, seconds)


def solve_mp_cpsat(milp: Milp, time_limit: float, threads: int) -> PeerRun:
    """CP-SAT through its own MILP interface (``pywraplp`` with the CP-SAT back end)."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("CP-SAT")
    if threads > 0:
        solver.SetNumThreads(threads)
    solver.SetTimeLimit(int(time_limit * 1000))
    xs = [solver.IntVar(milp.lower[j], milp.upper[j], f"x{j}") for j in range(len(milp.lower))]
    for lo, hi, index, coef in milp.rows:
        row = solver.RowConstraint(-solver.infinity() if lo == -INF else lo,
                                   solver.infinity() if hi == INF else hi, "")  # fmt: skip
        for v, c in zip(index, coef, strict=True):
            row.SetCoefficient(xs[v], row.GetCoefficient(xs[v]) + c)
    objective = solver.Objective()
    for j, c in enumerate(milp.cost):
        if c:
            objective.SetCoefficient(xs[j], c)
    objective.SetMinimization()
    started = time.perf_counter()
    code = solver.Solve()
    seconds = time.perf_counter() - started
    names = {
        pywraplp.Solver.OPTIMAL: "Optimal",
        pywraplp.Solver.FEASIBLE: "Feasible",
        pywraplp.Solver.INFEASIBLE: "Infeasible",
        pywraplp.Solver.NOT_SOLVED: "Not solved",
    }
    has = code in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
    value = objective.Value() + milp.offset if has else None
    bound = objective.BestBound() + milp.offset if has else None
    return PeerRun("CP-SAT MILP (pywraplp)", names.get(code, str(code)), value, bound, seconds)
