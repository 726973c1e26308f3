"""Where the time of `planner solve` goes: imports, reading, solving, writing (run by hand).

    python bench/startup.py inputs/reoffending-egm-2024.xlsx --repeat 5

Each run is a fresh Python process that does what `planner solve INPUT -o PLAN --quiet` does,
in the same order, and times each phase in wall and CPU seconds (CPU counts every thread of the
process, so the solver's workers too):

- ``import cli``: what the ``planner`` command loads before it reads its arguments;
- ``import read`` and ``read``: the input reader, then reading and validating the workbook (the
  pre-solve capacity checks included);
- ``import solve`` and ``solve``: the solver and the writer's modules (the command loads them
  together once the input is known to be plannable), then the search;
- ``write``: the plan workbook.

A line then runs the command itself (``planner solve ... --quiet``) in a subprocess, wall and
CPU, as a check that the phases add up to it, and two more run the commands that do not solve:
``planner validate INPUT`` and ``planner template NEW --force``, whole (each loads only what it
needs). Medians over ``--repeat`` runs; ``--time-limit`` is passed to the solve (default: the
workbook's own).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("import cli", "import read", "read", "import solve", "solve", "write")


def _child(path: Path, out: Path, time_limit: float | None) -> dict[str, tuple[float, float]]:
    """One run of the phases, each (wall, CPU) seconds."""
    times: dict[str, tuple[float, float]] = {}
    wall, cpu = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal wall, cpu
        now_wall, now_cpu = time.perf_counter(), time.process_time()
        times[name] = (now_wall - wall, now_cpu - cpu)
        wall, cpu = now_wall, now_cpu

    import planner.cli as cli

    lap("import cli")
    from planner.excel import validate_workbook  # noqa: F401  (what _read_plannable loads)

    lap("import read")
    problem = cli._read_plannable(path, quiet=True)
    lap("read")
    from planner.cli_progress import Progress  # noqa: F401  (the order of `planner solve`)
    from planner.excel.plan_writer import write_plan
    from planner.solver import solve

    lap("import solve")
    result = solve(problem, time_limit=time_limit)
    lap("solve")
    write_plan(problem, result, out)
    lap("write")
    return times


def _commands(path: Path, out: Path, time_limit: float | None) -> dict[str, list[str]]:
    """The whole commands timed after the phases, by the name of their line."""
    solve = ["solve", str(path), "-o", str(out), "--quiet"]
    if time_limit is not None:
        solve += ["--time-limit", str(time_limit)]
    return {
        "command": solve,
        "validate": ["validate", str(path)],
        "template": ["template", str(out.with_name("template.xlsx")), "--force"],
    }


def _command(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``planner ARGS`` in a subprocess."""
    cmd = [str(Path(sys.executable).with_name("planner")), *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    """Run the phases ``--repeat`` times, each in a fresh process, and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.xlsx"
        if args.child:
            print(json.dumps(_child(args.input, out, args.time_limit)))
            return 0
        runs: list[dict[str, list[float]]] = []
        commands: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.repeat):
            cmd = [sys.executable, __file__, str(args.input), "--child"]
            if args.time_limit is not None:
                cmd += ["--time-limit", str(args.time_limit)]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            for name, command in _commands(args.input, out, args.time_limit).items():
                commands.setdefault(name, []).append(_command(command))
    print(f"{'phase':<14} {'wall s':>8} {'CPU s':>8}   (medians of {args.repeat})")
    for phase in PHASES:
        wall = statistics.median(r[phase][0] for r in runs)
        cpu = statistics.median(r[phase][1] for r in runs)
        print(f"{phase:<14} {wall:8.2f} {cpu:8.2f}")
    wall = statistics.median(sum(r[p][0] for p in PHASES) for r in runs)
    cpu = statistics.median(sum(r[p][1] for p in PHASES) for r in runs)
    print(f"{'sum':<14} {wall:8.2f} {cpu:8.2f}")
    for name, times in commands.items():
        wall = statistics.median(w for w, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"{name:<14} {wall:8.2f} {cpu:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
