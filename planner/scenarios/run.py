"""Solving the base problem and every scenario, here or on any executor, and gathering results.

Scenarios are independent solves. `compare` derives each scenario's problem in this process
(so a change that cannot apply fails before anything runs), then submits one `Task` per
problem to an executor: nothing (one after another, here), a `concurrent.futures` pool, or a
Dask ``Client``. A task carries the problem itself, never a file path, and comes back as a
`Solved` holding the `Result` (and, without a plan, the explanation). The checker then judges
every plan here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from planner.domain import ProblemData, Result, Status
from planner.domain.scenario import Scenario, apply
from planner.scenarios.outcome import Comparison, Outcome
from planner.solver import Explanation, explain, solve


class Executor(Protocol):
    """What `compare` needs of an executor: ``submit(fn, arg)`` returning a future with
    ``result()``. A `concurrent.futures.Executor` and a Dask ``Client`` both qualify."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


@dataclass(frozen=True, slots=True)
class Task:
    """One solve, sent whole to a worker process or a Dask worker (everything pickles)."""

    problem: ProblemData
    time_limit: float
    workers: int
    seed: int
    deterministic: bool
    explain_limit: float


@dataclass(frozen=True, slots=True)
class Solved:
    """What a worker sends back: the result and, when no plan was found, why."""

    result: Result
    explanation: Explanation | None = None


def solve_task(task: Task) -> Solved:
    """Solve one scenario's problem; explain it when no plan exists (runs on a worker)."""
    result = solve(
        task.problem,
        time_limit=task.time_limit,
        workers=task.workers,
        seed=task.seed,
        deterministic=task.deterministic,
    )
    if result.status is not Status.INFEASIBLE:
        return Solved(result)
    return Solved(result, explain(task.problem, time_limit=task.explain_limit))


def scenario_problems(
    problem: ProblemData, scenarios: Sequence[Scenario]
) -> list[tuple[Scenario, ProblemData]]:
    """The base and each scenario with its problem; raises `ValueError` naming the scenario."""
    names = [s.name for s in scenarios]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise ValueError(f"scenario name(s) used twice: {', '.join(doubles)}")
    if "base" in names:
        raise ValueError("'base' names the unchanged problem; call the scenario otherwise")
    out = [(Scenario("base"), problem)]
    for scenario in scenarios:
        try:
            out.append((scenario, apply(problem, scenario)))
        except ValueError as exc:
            raise ValueError(f"scenario '{scenario.name}': {exc}") from exc
    return out


def compare(
    problem: ProblemData,
    scenarios: Sequence[Scenario],
    *,
    executor: Executor | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    deterministic: bool = False,
    explain_limit: float = 10.0,
    on_done: Callable[[Outcome], None] | None = None,
) -> Comparison:
    """Solve the base problem and every scenario with the same limit and seed, and compare.

    Parameters
    ----------
    problem
        The base problem.
    scenarios
        The what-ifs, each applied to the base (`planner.domain.scenario.apply`).
    executor
        Where the solves run: None solves them here one after another; any object with
        ``submit(fn, arg)`` returning a future with ``result()`` runs them there, e.g. a
        ``concurrent.futures.ProcessPoolExecutor`` or a ``dask.distributed.Client``.
    time_limit, workers, seed
        For every solve alike (the base's `Rules` when None).
    deterministic
        Limit each search by deterministic time, so every figure repeats exactly on any
        machine and executor.
    explain_limit
        Seconds to explain a scenario without a plan.
    on_done
        Called with each outcome as it is gathered, in the order of the scenarios.

    Returns
    -------
    Comparison
        The base first, then the scenarios in order.

    Raises
    ------
    ValueError
        When a scenario cannot apply (unknown id or field, value a rule refuses) or two share
        a name; nothing is solved then.
    """
    rules = problem.rules
    pairs = scenario_problems(problem, scenarios)
    comparison = Comparison(
        (),
        time_limit=rules.time_limit_seconds if time_limit is None else time_limit,
        workers=rules.workers if workers is None else workers,
        seed=rules.seed if seed is None else seed,
        deterministic=deterministic,
    )
    tasks = [
        Task(
            p,
            comparison.time_limit,
            comparison.workers,
            comparison.seed,
            deterministic,
            explain_limit,
        )
        for _, p in pairs
    ]
    results: Iterator[Solved]
    if executor is None:
        results = (solve_task(t) for t in tasks)  # solved one by one as they are gathered
    else:
        futures = [executor.submit(solve_task, t) for t in tasks]
        results = (f.result() for f in futures)
    outcomes = []
    for (scenario, scenario_problem), solved in zip(pairs, results, strict=True):
        outcome = Outcome.of(scenario, scenario_problem, solved.result, solved.explanation)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    return dataclasses.replace(comparison, outcomes=tuple(outcomes))
