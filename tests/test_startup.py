"""What each `planner` command loads: only what it needs, so that it starts quickly.

Each command runs in a fresh interpreter (in this one, other tests have long since imported
everything) and reports the modules it holds when it ends. A command that does not need a
package must not hold it: an eager import added back, anywhere on the command's path, fails
here. Each case also names modules the command does load, so the probe is seen to see them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.domain import AgendaItem
from planner.excel import write_problem

EXAMPLE = Path(__file__).parent.parent / "inputs" / "reoffending-egm-2024.xlsx"

PROBE = """
import json, sys
from planner.cli import main
try:
    main(sys.argv[2:], prog_name="planner")
except SystemExit as exc:
    code = exc.code
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""

SOLVER = {"ortools", "pandas", "planner.solver"}
WRITING_INPUTS = {"planner.excel.template", "planner.excel.input_writer"}
EXPLANATION = "planner.solver.infeasibility"


def loaded_by(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    """The exit code of ``planner ARGS`` run in a fresh interpreter, and the modules it held
    at the end (packages by their full dotted names and by their top-level name)."""
    report = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args], check=True, capture_output=True
    )
    found = json.loads(report.read_text(encoding="utf-8"))
    modules = set(found["modules"])
    return found["code"], modules | {m.split(".")[0] for m in modules}


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory, factory) -> tuple[Path, Path]:
    """A tiny input workbook and its plan, written by `planner solve --quiet` (whose loads the
    test of solve checks)."""
    folder = tmp_path_factory.mktemp("startup")
    path, plan = folder / "tiny.xlsx", folder / "plan.xlsx"
    write_problem(
        factory.problem([AgendaItem("1", "Opening"), AgendaItem("2", "Report", after=("1",))]),
        path,
    )
    args = ("solve", str(path), "-o", str(plan), "--quiet", "--deterministic")
    code, _ = loaded_by(folder, *args)
    assert code == 0
    return path, plan


def test_template_loads_no_reader_and_no_solver(tmp_path: Path) -> None:
    code, modules = loaded_by(tmp_path, "template", str(tmp_path / "new.xlsx"))
    assert code == 0
    assert {"openpyxl", "planner.excel.template"} <= modules
    assert modules & {*SOLVER, "rich", "planner.excel.reader"} == set()


def test_validate_loads_no_solver_no_writer_and_no_rich(tmp_path: Path) -> None:
    code, modules = loaded_by(tmp_path, "validate", str(EXAMPLE))
    assert code == 0
    assert {"openpyxl", "planner.excel.reader", "planner.domain.capacity"} <= modules
    assert modules & {*SOLVER, *WRITING_INPUTS, "rich"} == set()


def test_quiet_solve_loads_neither_rich_nor_the_explanation(
    tmp_path: Path, meeting: tuple[Path, Path]
) -> None:
    path, _ = meeting
    args = ("solve", str(path), "-o", str(tmp_path / "plan.xlsx"), "--quiet", "--deterministic")
    code, modules = loaded_by(tmp_path, *args)
    assert code == 0
    assert {"ortools", "planner.solver.driver", "planner.excel.plan_writer"} <= modules
    assert modules & {"rich", EXPLANATION, "planner.excel.input_writer"} == set()


def test_solve_loads_rich_to_show_its_summary(tmp_path: Path, meeting: tuple[Path, Path]) -> None:
    path, _ = meeting
    args = ("solve", str(path), "-o", str(tmp_path / "plan.xlsx"), "--deterministic")
    code, modules = loaded_by(tmp_path, *args)
    assert code == 0
    assert "rich" in modules
    assert modules & {EXPLANATION} == set()


def test_explain_loads_the_explanation_and_no_plan_writer(
    tmp_path: Path, meeting: tuple[Path, Path]
) -> None:
    path, _ = meeting
    code, modules = loaded_by(tmp_path, "explain", str(path), "--time-limit", "30")
    assert code == 0
    assert {"ortools", EXPLANATION} <= modules
    assert modules & {"rich", "planner.excel.plan_writer", *WRITING_INPUTS} == set()


@pytest.mark.parametrize("command", ["check", "diff", "calendar"])
def test_reading_a_plan_loads_no_solver_and_no_pandas(
    tmp_path: Path, meeting: tuple[Path, Path], command: str
) -> None:
    path, plan = meeting
    args = {
        "check": ("check", str(path), str(plan)),
        "diff": ("diff", str(path), str(plan), str(plan)),
        "calendar": ("calendar", str(path), str(plan), "-o", str(tmp_path / "ics")),
    }[command]
    code, modules = loaded_by(tmp_path, *args)
    assert code == 0  # `check`: the plan `solve` wrote keeps every hard rule
    assert {"openpyxl", "planner.excel.plan_reader"} <= modules
    assert modules & {*SOLVER, *WRITING_INPUTS, "rich"} == set()
    if command != "check":
        assert modules & {"planner.check"} == set()  # the funding checks serve writing a plan
