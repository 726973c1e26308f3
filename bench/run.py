"""Benchmark the planner on synthetic meetings of growing size (run by hand, not in tests).

    python bench/run.py --sizes small,example,two_week,full,two_week_roster --repeat 3

Each run generates its instance and solves it in a fresh Python process, so that peak memory
figures do not mix. Printed per size (medians over ``--repeat`` runs): the model's size, the
time to the first plan, the time to a proven optimum or the gap left at the time limit, peak
memory, the objective, the status, what the solver-free checker says of the plan, how well
people are placed (`planner.scenarios.figures.participation_shares`, the figures `planner
compare` shows: present delegations seated per session, panel seats filled, wanted
disciplines held on the panels), and the travel fund (`travel_figures`:
funded requests / fundable at most, share of the travel budget used).
``--fake`` replaces the solver by the generator's witness plan, to try the harness alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.check import check_plan, objective, penalties
from planner.check.funding_story import funding_figures
from planner.domain import Plan, ProblemData, Result, Status
from planner.scenarios.figures import participation_shares
from planner.synth import SynthConfig, generate_with_witness

SIZES: dict[str, Callable[[], SynthConfig]] = {
    "small": SynthConfig.small,
    "example": SynthConfig.example,
    "two_week": SynthConfig.two_week,
    "full": SynthConfig.full_membership,
    "two_week_roster": SynthConfig.two_week,
    "example_roster": SynthConfig.example,
}

WITHOUT_PEOPLE = {"two_week_roster", "example_roster"}
"""Sizes solved as timetable and interpretation only: no delegations, participants or panels."""


def without_people(problem: ProblemData, witness: Plan) -> tuple[ProblemData, Plan]:
    """The meeting with nobody to fund, seat or put on a panel, and its witness's timetable."""
    items = tuple(dataclasses.replace(i, panel_size=0, disciplines=()) for i in problem.items)
    bare = problem.replace(participants=(), delegations=(), items=items)
    return bare, Plan(witness.sessions, witness.assignments)


@dataclass(frozen=True, slots=True)
class _Event:
    kind: str
    elapsed: float
    objective: float | None
    bound: float | None


class _ModelSize(logging.Handler):
    """Picks the model's size out of the solver's "model built" log lines.

    A staged solve builds more than one model: the largest is reported, with the build time of
    them all.
    """

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.models: list[tuple[float, ...]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if str(record.msg).startswith("model built") and isinstance(args, tuple) and len(args) == 4:
            self.models.append(tuple(float(a) for a in args))  # type: ignore[arg-type]

    @property
    def found(self) -> dict[str, float]:
        if not self.models:
            return {}
        largest = max(self.models, key=lambda m: m[1])
        return {
            "build_s": sum(m[0] for m in self.models),
            "variables": largest[1],
            "constraints": largest[2],
            "soft_terms": largest[3],
            "models": len(self.models),
        }


def _fake_solve(problem: ProblemData, witness: Plan, progress: Callable[[_Event], None]) -> Result:
    started = time.perf_counter()
    value = objective(problem, witness)
    progress(_Event("solution", time.perf_counter() - started, value, 0.0))
    return Result(
        Status.FEASIBLE,
        plan=witness,
        objective=value,
        best_bound=0.0,
        solve_seconds=time.perf_counter() - started,
        penalties=tuple(penalties(problem, witness)),
    )


def measure(
    size: str,
    scale: float,
    time_limit: float,
    workers: int,
    seed: int,
    search_seed: int,
    fake: bool = False,
    hint: bool = False,
    peers: bool = False,
) -> dict[str, Any]:
    """Generate one instance, solve it and return the figures (in this process).

    With ``peers`` (sizes without people only), the planner's model is also handed as a MILP
    to HiGHS and to CP-SAT's MILP interface (`milp`), after the planner's own solve.
    """
    started = time.perf_counter()
    problem, witness = generate_with_witness(SIZES[size]().scaled(scale), seed=seed)
    if size in WITHOUT_PEOPLE:
        problem, witness = without_people(problem, witness)
    generated = time.perf_counter() - started
    sizer = _ModelSize()
    logger = logging.getLogger("planner")
    logger.addHandler(sizer)
    logger.setLevel(logging.INFO)
    if not fake:
        from planner.solver import solve  # before the clock: importing OR-Tools takes a while
    first: list[float] = []
    call = time.perf_counter()

    def progress(event: Any) -> None:
        if event.kind == "solution" and not first:
            first.append(time.perf_counter() - call)

    if fake:
        result = _fake_solve(problem, witness, progress)
    else:
        result = solve(
            problem,
            time_limit=time_limit,
            workers=workers,
            seed=search_seed,
            progress=progress,
            hint=witness if hint else None,
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes there, KiB on Linux
        peak_kib //= 1024
    has_plan = result.status.has_plan
    checked = objective(problem, result.plan) if has_plan else None
    if not fake and not sizer.models:
        sizer.models = _staged_sizes(problem, result.plan)  # after the peak was read
    return {
        "size": size,
        "items": len(problem.items),
        "participants": len(problem.participants),
        "interpreters": len(problem.interpreters),
        "generate_s": generated,
        **sizer.found,
        "first_plan_s": first[0] if first else None,
        "solve_s": result.solve_seconds,
        "optimal_s": result.solve_seconds if result.status is Status.OPTIMAL else None,
        "gap": result.gap,
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.best_bound,
        "stage_gap": result.stage_gap,
        "checker_objective": checked,
        "violations": len(check_plan(problem, result.plan)) if has_plan else None,
        **(participation_shares(problem, result.plan) if has_plan else {}),
        **(travel_figures(problem, result.plan) if has_plan else {}),
        "peak_mib": peak_kib / 1024,
        **({"peers": _peers(problem, time_limit, workers)} if peers and not fake else {}),
    }


def travel_figures(problem: ProblemData, plan: Plan) -> dict[str, float | None]:
    """Funded requests, the most the hard rules allow (`fundable_at_most`), and the share of
    the travel budget used."""
    figures = funding_figures(problem, plan)
    budget = problem.rules.travel_budget
    return {
        "funded": figures["funded_participants"],
        "fundable": figures["fundable_at_most"],
        "travel_used": (budget - (figures["travel_left"] or 0.0)) / budget if budget else None,
    }


def _peers(problem: ProblemData, time_limit: float, workers: int) -> list[dict[str, Any]]:
    """The same model as a MILP, solved by each peer with the same limit and threads."""
    from milp import solve_highs, solve_mp_cpsat, to_milp

    from planner.solver.driver import build_model

    milp = to_milp(build_model(problem).model)
    return [peer(milp, time_limit, workers).as_dict() for peer in (solve_highs, solve_mp_cpsat)]


def _staged_sizes(problem: ProblemData, plan: Plan) -> list[tuple[float, ...]]:
    """Sizes of the models of a staged solve, which logs none: rebuilt here, after the run."""
    try:
        from planner.solver.staged.stages import build_stage1, build_stage2

        built = [(time.perf_counter(), build_stage1(problem))]
        if plan.sessions:
            built.append((time.perf_counter(), build_stage2(problem, plan.sessions, 0)))
    except Exception:  # internal API of the solver: a change there must not stop a benchmark
        logging.getLogger("planner").exception("could not rebuild the staged models")
        return []
    ends = [t for t, _ in built[1:]] + [time.perf_counter()]
    return [
        (end - t, len(ctx.model.proto.variables), len(ctx.model.proto.constraints), len(ctx.terms))
        for (t, ctx), end in zip(built, ends, strict=True)
    ]


def _child(args: argparse.Namespace, run: int) -> dict[str, Any]:
    # Same instance in every run, another search seed: the medians are over search luck.
    command = [
        sys.executable,
        __file__,
        "--child",
        args.size,
        "--scale", str(args.scale),
        "--time-limit", str(args.time_limit),
        "--workers", str(args.workers),
        "--seed", str(args.seed),
        "--search-seed", str(args.seed + run),
    ]  # fmt: skip
    command += ["--fake"] * args.fake + ["--hint"] * args.hint + ["--peers"] * args.peers
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # One broken run must not lose the others: keep its last words and go on.
        print(f"run of {args.size} failed:\n{done.stderr}", file=sys.stderr)
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"size": args.size, "status": "ERROR", "error": lines[-1], "optimal_s": None}
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if isinstance(r.get(key), int | float)]
    return statistics.median(values) if values else None


def _cell(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if digits else f"{value:,.0f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


COLUMNS = (
    ("size", 10),
    ("items", 5),
    ("people", 6),
    ("interp", 6),
    ("vars", 9),
    ("cons", 9),
    ("build s", 8),
    ("first s", 8),
    ("solve s", 8),
    ("opt s", 8),
    ("gap", 7),
    ("stage gap", 9),
    ("status", 11),
    ("objective", 12),
    ("checker", 12),
    ("viol", 5),
    ("seated", 7),
    ("panels", 7),
    ("discs", 6),
    ("funded", 7),
    ("travel", 7),
    ("peak MiB", 9),
)


def _row(size: str, runs: list[dict[str, Any]]) -> list[str]:
    def m(key: str) -> float | None:
        return _median(runs, key)

    status = Counter(r["status"] for r in runs).most_common(1)[0][0]
    gap, stage_gap = m("gap"), m("stage_gap")
    optimal = [r for r in runs if r["optimal_s"] is not None]
    return [
        size,
        _cell(m("items"), 0),
        _cell(m("participants"), 0),
        _cell(m("interpreters"), 0),
        _cell(m("variables"), 0),
        _cell(m("constraints"), 0),
        _cell(m("build_s"), 2),
        _cell(m("first_plan_s"), 2),
        _cell(m("solve_s"), 2),
        _cell(m("optimal_s"), 2) if len(optimal) == len(runs) else "-",
        "-" if gap is None else f"{gap:.2%}",
        "-" if stage_gap is None else f"{stage_gap:.2%}",
        status if len({r["status"] for r in runs}) == 1 else f"{status}*",
        _cell(m("objective"), 2),
        _cell(m("checker_objective"), 2),
        _cell(m("violations"), 0),
        *(_share(m(key)) for key in ("seated", "panels_filled", "disciplines")),
        "-" if m("fundable") is None else f"{_cell(m('funded'), 0)}/{_cell(m('fundable'), 0)}",
        _share(m("travel_used")),
        _cell(m("peak_mib"), 0),
    ]


def render(table: dict[str, list[dict[str, Any]]]) -> str:
    """The results as a fixed-width table, one line per size (medians over the runs)."""
    lines = ["  ".join(name.rjust(width) for name, width in COLUMNS)]
    for size, runs in table.items():
        cells = _row(size, runs)
        lines.append("  ".join(c.rjust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)))
    return "\n".join(lines)


def _time_to_proof(run: dict[str, Any]) -> float | None:
    return run["solve_s"] if run.get("status") == "OPTIMAL" else None


def render_peers(table: dict[str, list[dict[str, Any]]]) -> str:
    """Planner against its MILP peers on the same model, per size (medians over the runs):
    seconds to a proven optimum (``-`` when not proven in every run), the gap left, and the
    ratio of the peer's median seconds to the planner's (above 1: the planner is faster)."""
    lines = []
    for size, runs in table.items():
        with_peers = [r for r in runs if "peers" in r]
        if not with_peers:
            continue
        mine = [r["solve_s"] for r in with_peers]
        proven = all(_time_to_proof(r) is not None for r in with_peers)
        gaps = [r["gap"] for r in with_peers if r.get("gap") is not None]
        me = statistics.median(mine)
        lines.append(
            f"{size}: planner {me:.2f} s ({'proven' if proven else 'not proven in every run'}"
            f", median gap {statistics.median(gaps) if gaps else float('nan'):.2%})"
        )
        for k, name in enumerate(p["peer"] for p in with_peers[0]["peers"]):
            runs_k = [r["peers"][k] for r in with_peers]
            secs = statistics.median(p["seconds"] for p in runs_k)
            statuses = sorted({p["status"] for p in runs_k})
            pg = [
                abs(p["objective"] - p["bound"]) / max(abs(p["objective"]), 1.0)
                for p in runs_k
                if p["objective"] is not None and p["bound"] is not None
            ]
            gap = f"{statistics.median(pg):.2%}" if pg else "-"
            lines.append(
                f"  {name}: {secs:.2f} s ({'/'.join(statuses)}, median gap {gap}), "
                f"ratio {secs / me if me else float('nan'):.2f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (``--json`` also keeps every run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,example,two_week,full,two_week_roster")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workers", type=int, default=0, help="0 = all cores")
    parser.add_argument("--seed", type=int, default=0, help="instance seed (search: +run)")
    parser.add_argument("--scale", type=float, default=1.0, help="people x SCALE")
    parser.add_argument("--fake", action="store_true", help="witness plan instead of solving")
    parser.add_argument("--hint", action="store_true", help="hint the witness plan to CP-SAT")
    parser.add_argument("--json", default=None, help="write every run to this file")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also solve the sizes without people as a MILP with HiGHS and CP-SAT's MILP "
        "interface (needs the bench extra)",
    )
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--search-seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = measure(
            args.child,
            args.scale,
            args.time_limit,
            args.workers,
            args.seed,
            args.search_seed,
            fake=args.fake,
            hint=args.hint,
            peers=args.peers,
        )
        print(json.dumps(figures))
        return 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    table: dict[str, list[dict[str, Any]]] = {}
    for size in sizes:
        for k in range(args.repeat):
            print(f"{size}: run {k + 1}/{args.repeat}...", file=sys.stderr, flush=True)
            args.size = size
            table.setdefault(size, []).append(_child(args, k))
    print(render(table))
    if any("peers" in r for runs in table.values() for r in runs):
        print()
        print(render_peers(table))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(table, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
