"""The sha256 of every CP-SAT model the solver builds for the bench instances and the example.

A change meant to leave behaviour alone (a move, a rename, a split) must leave every line the
same: run it before and after and compare. The hashes also repeat from run to run (a test runs
it twice under different ``PYTHONHASHSEED``), so a model never depends on the order of a set.

    python scripts/model_hashes.py                      # every instance
    python scripts/model_hashes.py small bundled        # some of them

Each line is ``instance model sha256``. A meeting the solver plans in one model gets the joint
model's line; a staged one gets the quick first timetable, stage 1, and stage 2 built on the
generator's witness timetable (the bundled workbook is the example's instance, read from disk),
and ``greedy``: the first complete plan (`complete_greedily`) on that timetable, which the
staged solve reports, keeps and hints. ``instance/model`` prints that one line only:

    python scripts/model_hashes.py two_week/greedy
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from planner.domain import Plan, ProblemData
from planner.excel import read_workbook
from planner.solver import ModelContext, build_model
from planner.solver.staged import complete_greedily
from planner.solver.staged.stages import (
    build_stage1,
    build_stage2,
    first_timetable_model,
    use_staged,
)
from planner.synth import EXAMPLE_SEED, SynthConfig, generate_with_witness

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "inputs" / "reoffending-egm-2024.xlsx"

SIZES: dict[str, Callable[[], SynthConfig]] = {
    "small": SynthConfig.small,
    "example": SynthConfig.example,
    "two_week": SynthConfig.two_week,
    "full": SynthConfig.full_membership,
}
"""The bench's synthetic sizes (`bench/run.py`), at scale 1 and seed 0."""


def instance(name: str) -> tuple[ProblemData, Plan]:
    """The problem and the generator's witness plan of a size, or of the bundled workbook."""
    if name == "bundled":
        _, witness = generate_with_witness(SynthConfig.example(), seed=EXAMPLE_SEED)
        return read_workbook(BUNDLED), witness
    if name.endswith("_roster"):  # timetable and interpretation only, as the bench has it
        problem, witness = generate_with_witness(SIZES[name.removesuffix("_roster")](), seed=0)
        items = tuple(dataclasses.replace(i, panel_size=0, disciplines=()) for i in problem.items)
        bare = problem.replace(participants=(), delegations=(), items=items)
        return bare, Plan(witness.sessions, witness.assignments)
    return generate_with_witness(SIZES[name](), seed=0)


MODELS: dict[str, Callable[[ProblemData, Plan], ModelContext]] = {
    "quick": lambda problem, _: first_timetable_model(problem),
    "stage1": lambda problem, _: build_stage1(problem),
    "stage2": lambda problem, witness: build_stage2(problem, witness.sessions, 0),
}
"""The models of a staged solve (stage 2 on the witness's timetable)."""


def lines(problem: ProblemData, witness: Plan, only: str | None) -> Iterator[tuple[str, str]]:
    """Each model's name and digest (``only``: that one), built when its line is due."""
    if not use_staged(problem):
        yield "joint", digest(build_model(problem))
        return
    for name, build in MODELS.items():
        if only in (None, name):
            yield name, digest(build(problem, witness))
    if only in (None, "greedy"):
        yield "greedy", plan_digest(complete_greedily(problem, witness))


def digest(ctx: ModelContext) -> str:
    """The sha256 of the model's proto in text form (every variable, constraint and term)."""
    return hashlib.sha256(str(ctx.model.Proto()).encode()).hexdigest()


def plan_digest(plan: Plan) -> str:
    """The sha256 of a plan: its sessions, roster, seats, panels and funding, each sorted."""
    parts = (plan.sessions, plan.assignments, plan.seats, plan.panels, plan.funded)
    text = repr([sorted(map(repr, part)) for part in parts])
    return hashlib.sha256(text.encode()).hexdigest()


NAMES = ("small", "example", "two_week", "full", "example_roster", "two_week_roster", "bundled")


def main(names: list[str]) -> None:
    for arg in names or NAMES:
        name, _, only = arg.partition("/")
        if name not in NAMES:
            sys.exit(f"unknown instance {name!r}; choose from {', '.join(NAMES)}")
        if only and only not in (*MODELS, "greedy"):
            sys.exit(f"unknown model {only!r}; choose from {', '.join((*MODELS, 'greedy'))}")
        problem, witness = instance(name)
        for model, sha in lines(problem, witness, only or None):
            print(name, model, sha, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
