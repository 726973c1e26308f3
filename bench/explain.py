"""Benchmark of `planner explain` on two infeasible variants of the bundled example.

- ``budget``: interpretation budget of USD 600, where the opening alone needs an Arabic team
  costing at least USD 695: a conflict of two causes (the budget and that team).
- ``weekly``: ``interpreter_max_per_week`` of 2 for all 26 interpreters, so several booths
  cannot staff the eight six-language sessions (the Spanish: 4 interpreters x 2 sessions a week
  for 8 sessions x 2); CP-SAT's first conflict has 45 causes, a minimal one 9 (the Chinese
  retour interpreters' weekly limits against seven sessions) or more.
- ``weekly3``: ``interpreter_max_per_week`` of 3: the Chinese teams of six sessions against the
  five Chinese interpreters' weekly limits (10 causes), or a conflict that mixes teams with the
  retour interpreter alone of other sessions (12).

Each run is a fresh Python process (the model is built inside the measured time; reading the
workbook is not); CPU seconds are the process's own (CP-SAT runs one worker in it), less
sensitive than wall-clock to a shared machine. With ``--verify`` the result is checked after
the clock stops: the causes alone leave no plan, and (when the output says the list is
minimal) dropping any one of them makes a plan possible.

    python bench/explain.py --cases budget,weekly,weekly3 --time-limit 60 --repeat 3 --verify
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "reoffending-egm-2024.xlsx"
CASES = {
    "budget": {"interpretation_budget": 600.0},
    "weekly": {"interpreter_max_per_week": 2},
    "weekly3": {"interpreter_max_per_week": 3},
}


def _child(case: str, time_limit: float, verify: bool) -> dict[str, Any]:
    from planner.excel import read_workbook
    from planner.solver.infeasibility.conflicts import conflict_holds, explain

    problem = read_workbook(EXAMPLE)
    problem = problem.replace(rules=dataclasses.replace(problem.rules, **CASES[case]))
    started, cpu = time.perf_counter(), time.process_time()
    result = explain(problem, time_limit=time_limit)
    seconds = time.perf_counter() - started
    out: dict[str, Any] = {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "causes": len(result.causes),
        "minimal": bool(result.causes) and not result.message,
        "decided": result.decided,
        "rules": sorted({c.rule for c in result.causes}),
        "sentences": [c.sentence for c in result.causes],
    }
    if verify and result.causes:
        out["conflict_holds"] = conflict_holds(problem, result.causes, time_limit=60)
        if out["minimal"]:
            out["each_needed"] = all(
                conflict_holds(problem, [c for c in result.causes if c is not d], time_limit=60)
                is False
                for d in result.causes
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="budget,weekly")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--verify", action="store_true", help="check the conflict afterwards")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.time_limit, args.verify)))
        return 0
    print(
        "| case | runs | explain seconds (median, min-max) | CPU seconds (median) | causes "
        "| minimal | verified |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for case in args.cases.split(","):
        runs = []
        for _ in range(args.repeat):
            command = [sys.executable, __file__, "--child", case]
            command += ["--time-limit", str(args.time_limit)]
            command += ["--verify"] if args.verify else []
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        seconds = [r["seconds"] for r in runs]
        verified = (
            "-"
            if not args.verify
            else ", ".join(
                f"holds={r.get('conflict_holds')} each_needed={r.get('each_needed', '-')}"
                for r in runs
            )
        )
        print(
            f"| {case} | {len(runs)} | {statistics.median(seconds):.1f} "
            f"({min(seconds):.1f}-{max(seconds):.1f}) | "
            f"{statistics.median(r['cpu'] for r in runs):.1f} | "
            f"{', '.join(str(r['causes']) for r in runs)} | "
            f"{', '.join('yes' if r['minimal'] else 'no' for r in runs)} | {verified} |"
        )
        for sentence in runs[-1]["sentences"]:
            print(f"    - {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
