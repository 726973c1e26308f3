"""Time `planner.solve` phase by phase, and compare two checkouts (run by hand, not in tests).

    python bench/solve_time.py                                  # the bundled example, 3 runs
    python bench/solve_time.py --against b7d1e19 --repeat 5     # this checkout against another
    python bench/solve_time.py --cases two_week --time-limit 120 --against b7d1e19 --repeat 1

Every run is a fresh Python process: it reads the problem (not timed), then times one call of
``planner.solve(problem, time_limit=..., workers=..., seed=...)``. With ``--against REV`` the
script makes a temporary ``git worktree`` of REV and runs the same child there (``PYTHONPATH``
pointing at it), alternating the two checkouts run by run so that the machine's load falls on
both alike; it prints the medians of each and their ratio.

The phases are read off the solve without help from the code under test, so that any checkout
can be timed: every CP-SAT run (``CpSolver.solve``) is put in the phase of its caller (the quick
first timetable, stage 1, stage 1's relaxations, the roster of their timetable, stage 2, the
people's bound, the finish of stage 1's proof, a joint solve) with its wall seconds and CP-SAT's
deterministic time; the planner's own Python work is timed where the functions exist (building
stage 1 and stage 2, the greedy plan, polish). What is left (reading rules, checking, extracting
plans, building the bound's models) is ``other Python``.

``--deterministic`` solves with ``deterministic=True`` (the time limit in deterministic
seconds): the work is then the same on any machine and under any load, which is what to compare
on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("inputs") / "reoffending-egm-2024.xlsx"  # read in the checkout being timed

PHASES = (
    "quick",
    "stage 1",
    "relaxation",
    "roster",
    "stage 2",
    "bound",
    "stage 1 finish",
    "joint",
    "replan",
    "cp-sat other",
)
"""CP-SAT phases, in the order a staged solve runs them."""

PYTHON_STEPS = {
    "build_stage1": "build 1",
    "build_stage2": "build 2",
    "complete_greedily": "greedy",
    "settle_seats": "polish",
}
"""The planner's own functions timed by name (inclusive: ``greedy`` contains its polish)."""


# --------------------------------------------------------------------------------------------
# The child: one solve in this process


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _phase(solver: Any, model: Any, callback: Any) -> str:
    """The phase of a CP-SAT run, from its parameters, its model, its callback and its
    callers (the quick timetable is the one model without an objective)."""
    if solver.parameters.stop_after_first_solution or not model.has_objective():
        return "quick"
    files: list[str] = []
    names: set[str] = set()
    frame = sys._getframe(2)
    while frame is not None:
        files.append(frame.f_code.co_filename.replace(os.sep, "/"))
        names.add(frame.f_code.co_name)
        frame = frame.f_back  # type: ignore[assignment]
    mine = [f for f in files if "/planner/" in f]
    if any(f.endswith("/relaxation.py") for f in mine):  # it solves through bound.py too
        return "relaxation"
    if any(f.endswith("/bound.py") for f in mine):
        return "bound"
    if "roster" in names:  # stage 1 on the relaxation's timetable
        return "roster"
    if "finish_stage1" in names:
        return "stage 1 finish"
    if any("/replan" in f for f in mine):
        return "replan"
    staged = any("/staged" in f for f in mine)
    if any(f.endswith("/search.py") for f in mine):
        return "stage 1" if staged else "joint"
    if staged or type(callback).__name__ == "_Stage2Plans":
        return "stage 2"
    return "cp-sat other"


def _instrument(record: dict[str, Any]) -> None:
    """Wrap ``CpSolver.solve`` and the named Python steps so they add to ``record``."""
    import pkgutil

    from ortools.sat.python import cp_model

    import planner.solver

    original = cp_model.CpSolver.solve

    def solve(self: Any, model: Any, callback: Any = None) -> Any:
        phase = _phase(self, model, callback)
        wall, cpu = time.perf_counter(), _cpu()
        code = original(self, model, callback)
        row = record["phases"].setdefault(phase, {"wall": 0.0, "cpu": 0.0, "det": 0.0, "runs": 0})
        row["wall"] += time.perf_counter() - wall
        row["cpu"] += _cpu() - cpu
        row["det"] += self.deterministic_time
        row["runs"] += 1
        record["cp_runs"].append(
            {
                "phase": phase,
                "status": self.status_name(code),
                "wall": round(self.wall_time, 3),
                "det": round(self.deterministic_time, 3),
                "objective": self.objective_value,
                "bound": self.best_objective_bound,
                "variables": len(model.proto.variables),
                "constraints": len(model.proto.constraints),
            }
        )
        return code

    cp_model.CpSolver.solve = solve  # type: ignore[method-assign]

    # Every module of the solver, so that a function imported by name elsewhere is wrapped
    # where it is called from.
    for info in pkgutil.walk_packages(planner.solver.__path__, "planner.solver."):
        try:
            __import__(info.name)
        except Exception:  # a module that needs an optional dependency
            continue
    wrapped: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("planner") or module is None:
            continue
        for attr, label in PYTHON_STEPS.items():
            fn = getattr(module, attr, None)
            if fn is None or not callable(fn):
                continue
            if id(fn) not in wrapped:
                wrapped[id(fn)] = _timed(fn, label, record)
            setattr(module, attr, wrapped[id(fn)])


def _timed(fn: Any, label: str, record: dict[str, Any]) -> Any:
    def inner(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            record["steps"][label] = record["steps"].get(label, 0.0) + spent

    return inner


def _problem(case: str, seed: int) -> Any:
    if case == "example":
        import planner

        return planner.read_workbook(str(EXAMPLE))
    from planner.synth import SynthConfig, generate_with_witness

    configs = {"two_week": SynthConfig.two_week, "synth_example": SynthConfig.example}
    return generate_with_witness(configs[case](), seed=seed)[0]


def child(args: argparse.Namespace) -> dict[str, Any]:
    """One timed solve in this process (the checkout on ``PYTHONPATH``)."""
    import planner

    record: dict[str, Any] = {
        "phases": {},
        "steps": {},
        "cp_runs": [],
        "planner": str(Path(planner.__file__).resolve().parent.parent),
    }
    problem = _problem(args.child, args.instance_seed)
    _instrument(record)
    events: list[float] = []
    started = time.perf_counter()

    def progress(event: Any) -> None:
        if getattr(event, "objective", None) is not None:
            events.append(time.perf_counter() - started)

    cpu = _cpu()
    result = planner.solve(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        deterministic=args.deterministic,
        progress=progress,
    )
    record["seconds"] = time.perf_counter() - started
    record["cpu"] = _cpu() - cpu
    record["det"] = sum(p["det"] for p in record["phases"].values())
    record["first_plan"] = min(events) if events else None
    record["status"] = str(getattr(result.status, "value", result.status))
    record["objective"] = result.objective
    record["bound"] = result.best_bound
    record["stage_bound"] = getattr(result, "stage_bound", None)
    plan = result.plan
    record["funded"] = None if plan is None else len(plan.funded)
    record["violations"] = None if plan is None else len(planner.check_plan(problem, plan))
    record["checker_objective"] = None if plan is None else planner.objective(problem, plan)
    known = sum(p["wall"] for p in record["phases"].values())
    known += sum(v for k, v in record["steps"].items() if k in ("build 1", "build 2", "greedy"))
    record["other"] = max(record["seconds"] - known, 0.0)  # polish outside greedy included
    return record


# --------------------------------------------------------------------------------------------
# The parent: runs, interleaving, medians


def _run_child(tree: Path, case: str, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", case]
    cmd += ["--time-limit", str(args.time_limit), "--workers", str(args.workers)]
    cmd += ["--seed", str(args.seed), "--instance-seed", str(args.instance_seed)]
    if args.deterministic:
        cmd.append("--deterministic")
    out = subprocess.run(cmd, env=env, cwd=tree, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"the run in {tree} failed:\n{out.stderr[-3000:]}")
    record: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if Path(record["planner"]) != tree.resolve():
        raise SystemExit(f"the run meant for {tree} imported planner from {record['planner']}")
    return record


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    phases = sorted(
        {p for r in runs for p in r["phases"]},
        key=lambda p: PHASES.index(p) if p in PHASES else len(PHASES),
    )
    steps = [s for s in PYTHON_STEPS.values() if any(s in r["steps"] for r in runs)]
    out: dict[str, Any] = {
        key: _median([r[key] for r in runs])
        for key in ("seconds", "cpu", "det", "first_plan", "other", "objective", "bound")
    }
    out["funded"] = _median([r["funded"] for r in runs])
    out["violations"] = max((r["violations"] or 0) for r in runs)
    out["status"] = sorted({r["status"] for r in runs})
    out["phases"] = {
        p: {
            k: _median([r["phases"].get(p, {}).get(k, 0.0) for r in runs])
            for k in ("wall", "cpu", "det")
        }
        for p in phases
    }
    out["steps"] = {s: _median([r["steps"].get(s, 0.0) for r in runs]) for s in steps}
    return out


def _print(case: str, labels: list[str], summaries: list[dict[str, Any]], n: int) -> None:
    pair = len(labels) == 2
    print(f"\n## {case}: medians of {n} runs\n")
    print("| | " + " | ".join(labels) + (" | ratio |" if pair else " |"))
    print("|" + " --- |" * (len(labels) + 1 + pair))

    def row(name: str, values: list[float | None], digits: int = 2, ratio: bool = True) -> None:
        cells = [_fmt(v, digits) for v in values]
        if pair:
            a, b = values
            cells.append(f"{b / a:.2f}" if ratio and a and b is not None else "")
        print(f"| {name} | " + " | ".join(cells) + " |")

    row("solve, wall s", [s["seconds"] for s in summaries])
    row("solve, CPU s", [s["cpu"] for s in summaries])
    row("CP-SAT deterministic s", [s["det"] for s in summaries])
    row("first plan, wall s", [s["first_plan"] for s in summaries])
    for p in dict.fromkeys(p for s in summaries for p in s["phases"]):
        rows = [s["phases"].get(p) for s in summaries]
        for key, unit in (("wall", "wall s"), ("det", "det s")):
            row(f"{p}, {unit}", [None if r is None else r[key] for r in rows])
    for k in dict.fromkeys(k for s in summaries for k in s["steps"]):
        row(f"{k}, wall s", [s["steps"].get(k) for s in summaries])
    row("other Python, wall s", [s["other"] for s in summaries])
    row("objective", [s["objective"] for s in summaries], 1, ratio=False)
    row("whole-problem bound", [s["bound"] for s in summaries], 1, ratio=False)
    row("funded requests", [s["funded"] for s in summaries], 0, ratio=False)
    print("| checker violations | " + " | ".join(str(s["violations"]) for s in summaries) + " |")
    print("| status | " + " | ".join("/".join(s["status"]) for s in summaries) + " |")


def _worktree(rev: str, parent: Path) -> Path:
    """A detached git worktree of ``rev`` under ``parent`` (removed by `_remove`)."""
    tree = parent / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
        check=True,
        capture_output=True,
    )
    return tree


def _remove(tree: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
        check=False,
        capture_output=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", default="example", help="example, two_week, synth_example")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="CP-SAT's random seed")
    parser.add_argument("--instance-seed", type=int, default=0, help="a synthetic case's seed")
    parser.add_argument("--deterministic", action="store_true")
    parser.add_argument("--against", metavar="REV", help="also time this git revision")
    parser.add_argument("--json", metavar="FILE", help="keep every run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args), default=str))
        return

    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="planner-against-") as temp:
        other = _worktree(args.against, Path(temp)) if args.against else None
        try:
            trees = ([(args.against, other)] if other is not None else []) + [
                (f"this ({head})", ROOT)
            ]
            _measure(args, trees)
        finally:
            if other is not None:
                _remove(other)


def _measure(args: argparse.Namespace, trees: list[tuple[str, Path]]) -> None:
    print(
        f"time limit {args.time_limit:g} {'deterministic ' if args.deterministic else ''}s, "
        f"{args.workers} workers, seed {args.seed}; load average {os.getloadavg()[0]:.1f}"
    )
    kept: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    labels = [label for label, _ in trees]
    for case in args.cases.split(","):
        for run in range(args.repeat):
            # Alternate which checkout goes first, so neither always meets the same load.
            for label, tree in trees if run % 2 == 0 else trees[::-1]:
                record = _run_child(tree, case, args)
                kept[case][label].append(record)
                print(
                    f"  {case} {label} run {run + 1}: {record['seconds']:.2f} s wall, "
                    f"{record['cpu']:.2f} s CPU, {record['det']:.2f} det s, "
                    f"objective {record['objective']}, funded {record['funded']}",
                    flush=True,
                )
        _print(case, labels, [_summary(kept[case][label]) for label in labels], args.repeat)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(kept, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
