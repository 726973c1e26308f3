"""Benchmark of `planner compare`: a grid of scenarios of the bundled example, one solve at a
time against several at once, on this machine's cores.

Run by hand, never by the tests; it prints figures. Each setting splits the cores between
parallel solves and solver threads as `planner compare` does by default (jobs x workers =
cores), or as given with ``--workers``. Wall time covers the whole comparison, the start of the
worker processes included; every plan is judged by the checker.

    python bench/compare.py                      # --jobs 1 and 2, 3 repeats, 20 s per solve
    python bench/compare.py --jobs 1,2 --repeat 5 --time-limit 20
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from planner.excel import read_workbook
from planner.excel.scenario_rows import grid_scenarios
from planner.scenarios.executors import cores, local_pool, threads_and_jobs
from planner.scenarios.outcome import Comparison
from planner.scenarios.run import compare

EXAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "reoffending-egm-2024.xlsx"
GRID = ("travel_budget=20000,40000,60000,80000", "interpreter_max_per_week=6,7")


def run(jobs: int, workers: int | None, time_limit: float) -> tuple[float, Comparison]:
    """One comparison of the grid: its wall seconds and its outcomes."""
    problem = read_workbook(EXAMPLE)
    scenarios = grid_scenarios(GRID, problem)
    jobs, threads = threads_and_jobs(len(scenarios) + 1, jobs, workers)
    started = time.perf_counter()
    if jobs == 1:
        comparison = compare(problem, scenarios, time_limit=time_limit, workers=threads)
    else:
        with local_pool(jobs) as pool:
            comparison = compare(
                problem, scenarios, executor=pool, time_limit=time_limit, workers=threads
            )
    return time.perf_counter() - started, comparison


def main(argv: list[str] | None = None) -> int:
    """Time the grid at each --jobs and print the medians and the speed-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", default="1,2", help="settings to compare, e.g. 1,2")
    parser.add_argument("--workers", type=int, default=None, help="threads per solve")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args(argv)
    settings = [int(j) for j in args.jobs.split(",")]
    walls: dict[int, list[float]] = {j: [] for j in settings}
    last: dict[int, Comparison] = {}
    for k in range(args.repeat):
        for jobs in settings:  # alternate, so that the machine's load falls on both alike
            print(f"run {k + 1}/{args.repeat}, --jobs {jobs}...", file=sys.stderr, flush=True)
            wall, comparison = run(jobs, args.workers, args.time_limit)
            walls[jobs].append(wall)
            last[jobs] = comparison
            broken = sum(len(o.violations) for o in comparison.outcomes)
            assert broken == 0, f"{broken} hard-rule violations in the plans"
    print(f"grid {' x '.join(GRID)}: {len(last[settings[0]].outcomes)} solves (base included)")
    print(f"cores {cores()}, time limit {args.time_limit:g} s per solve, {args.repeat} repeats")
    print(f"{'jobs':>5} {'threads':>8} {'median wall s':>14} {'runs':>24} {'sum of solve s':>15}")
    for jobs in settings:
        comparison = last[jobs]
        solve_sum = sum(o.result.solve_seconds for o in comparison.outcomes)
        runs = ", ".join(f"{w:.1f}" for w in walls[jobs])
        print(
            f"{jobs:>5} {comparison.workers:>8} {statistics.median(walls[jobs]):>14.1f} "
            f"{runs:>24} {solve_sum:>15.1f}"
        )
    if len(settings) > 1:
        first, other = settings[0], settings[-1]
        ratio = statistics.median(walls[first]) / statistics.median(walls[other])
        print(f"speed-up of --jobs {other} over --jobs {first}: {ratio:.2f}x (ratio of medians)")
    print("objective per scenario (last run of each setting):")
    for index, outcome in enumerate(last[settings[0]].outcomes):
        values = [last[j].outcomes[index].result.objective for j in settings]
        shown = "  ".join("-" if v is None else f"{v:,.2f}" for v in values)
        print(f"  {outcome.scenario.name:<52} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
