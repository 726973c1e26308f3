"""`planner compare` end to end: read, build the scenarios, solve them where asked, write.

The command-line layer only parses options and turns exceptions into messages; this module is
the one place that ties the reader, the executors, `compare` and the comparison writer.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from planner.excel.comparison_writer import write_comparison
from planner.excel.reader import read_scenarios
from planner.excel.scenario_rows import grid_scenarios
from planner.scenarios.executors import (
    DEFAULT_THREADS,
    dask_client,
    local_pool,
    threads_and_jobs,
)
from planner.scenarios.figures import check_keys
from planner.scenarios.outcome import Comparison, Outcome
from planner.scenarios.run import compare
from planner.scenarios.words import line

log = logging.getLogger("planner")


@contextmanager
def _executor(jobs: int, scheduler: str | None) -> Iterator[Any]:
    if scheduler is not None:
        with dask_client(scheduler) as client:
            yield client
    elif jobs > 1:
        with local_pool(jobs) as pool:
            yield pool
    else:
        yield None  # one solve at a time, in this process


def run_compare(
    input_path: Path,
    output: Path,
    *,
    grid: Sequence[str] = (),
    plans_dir: Path | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    deterministic: bool = False,
    chart: Sequence[str] = ("funded_ldc", "funded_other"),
    echo: Callable[[str], None] | None = None,
) -> Comparison:
    """Compare the base plan of ``input_path`` with its scenarios and write the workbook(s).

    Raises
    ------
    InvalidProblem
        For errors in the workbook (its `Scenarios` sheet included) or in ``grid``.
    ValueError
        For a scenario that cannot apply or an unknown chart measure.
    OSError
        When the outputs cannot be written, or the Dask scheduler cannot be reached.
    """
    problem, scenarios = read_scenarios(input_path)
    check_keys(problem, tuple(chart))  # before any solve, not after
    scenarios = (*scenarios, *grid_scenarios(grid, problem))
    count = len(scenarios) + 1
    if scheduler is not None:
        workers = DEFAULT_THREADS if workers is None else workers
    else:
        jobs, workers = threads_and_jobs(count, jobs, workers)
    digest = hashlib.sha256(input_path.read_bytes()).hexdigest()
    done = 0

    def report(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        if echo is not None:
            result = outcome.result
            figure = "" if result.objective is None else f", objective {result.objective:,.2f}"
            echo(
                f"[{done}/{count}] {outcome.scenario.name}: {result.status.value}{figure} "
                f"({result.solve_seconds:.1f} s)"
            )

    where = scheduler or f"{jobs} process(es)"
    log.info("comparing %d scenario(s) on %s, %s solver thread(s) each", count, where, workers)
    with _executor(jobs or 1, scheduler) as executor:
        comparison = compare(
            problem,
            scenarios,
            executor=executor,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            deterministic=deterministic,
            on_done=report,
        )
    write_comparison(comparison, output, plans_dir=plans_dir, chart=chart, input_sha256=digest)
    return comparison


def summary_lines(comparison: Comparison) -> list[str]:
    """One plain-words line per scenario, as in the workbook."""
    return [line(o, comparison) for o in comparison.outcomes]
