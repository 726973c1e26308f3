"""The bundled example workbooks: exactly what the generator gives, and valid.

A change to the generator (or to the workbook contract) without running
``python scripts/make_example.py`` fails here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.domain import ProblemData
from planner.excel import read_workbook, validate_workbook
from planner.synth import EXAMPLE_SEED, SynthConfig, generate

ROOT = Path(__file__).resolve().parent.parent
BUNDLED: list[tuple[str, Callable[[], SynthConfig]]] = [
    ("reoffending-egm-2024.xlsx", SynthConfig.example),
    ("small.xlsx", SynthConfig.small),
]
REGENERATE = "regenerate it with: python scripts/make_example.py"


def first_difference(a: ProblemData, b: ProblemData) -> str:
    """Where two problems differ, in a line a person can act on."""
    for f in dataclasses.fields(a):
        if not f.compare:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x == y:
            continue
        if isinstance(x, tuple) and isinstance(y, tuple):
            if len(x) != len(y):
                return f"{f.name}: {len(x)} rows in the file, {len(y)} generated"
            row = next(k for k, (u, v) in enumerate(zip(x, y, strict=True)) if u != v)
            return f"{f.name}[{row}]: file has {x[row]!r}, generator gives {y[row]!r}"
        return f"{f.name}: file has {x!r}, generator gives {y!r}"
    return "no difference"


@pytest.mark.parametrize(("name", "config"), BUNDLED)
def test_bundled_workbook_is_what_the_generator_gives(
    name: str, config: Callable[[], SynthConfig]
) -> None:
    path = ROOT / "inputs" / name
    assert path.is_file(), f"inputs/{name} is missing; {REGENERATE}"
    read = read_workbook(path)
    generated = generate(config(), seed=EXAMPLE_SEED)
    assert read == generated, f"inputs/{name} is stale ({first_difference(read, generated)}); " + (
        REGENERATE
    )


@pytest.mark.parametrize(("name", "config"), BUNDLED)
def test_bundled_workbook_validates_without_any_issue(
    name: str, config: Callable[[], SynthConfig]
) -> None:
    problem, issues = validate_workbook(ROOT / "inputs" / name)
    assert problem is not None
    assert [str(i) for i in issues] == []


def test_example_has_the_shape_the_readme_promises() -> None:
    problem = read_workbook(ROOT / "inputs" / "reoffending-egm-2024.xlsx")
    assert problem.meeting.venue == "Vienna International Centre"
    assert len(problem.days) == 4 and len(problem.slots) == 8
    assert len(problem.items) == 10
    assert 75 <= len(problem.delegations) <= 90
    assert len(problem.participants) == 200


def test_make_example_writes_the_same_bytes_for_the_same_problem(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "make_example.py"
    outs = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for out in outs:
        done = subprocess.run(
            [sys.executable, str(script), "--seed", "3", "--scale", "0.5", "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{out}: 10 items, 41 delegations, 100 participants")
    a, b = (hashlib.sha256(p.read_bytes()).hexdigest() for p in outs)
    assert a == b
    assert read_workbook(outs[0]) == generate(SynthConfig.example().scaled(0.5), seed=3)
