"""`planner compare`: exit codes, the lines a user reads, and the files it writes."""

from __future__ import annotations

import functools
from pathlib import Path

import openpyxl
import pytest

from planner.cli import main

SMALL = Path(__file__).parent.parent / "inputs" / "small.xlsx"


def test_a_grid_is_compared_and_written_with_every_plan(runner, tmp_path):
    out, plans = tmp_path / "what-if.xlsx", tmp_path / "plans"
    result = runner.invoke(
        main,
        [
            "compare",
            str(SMALL),
            "-o",
            str(out),
            "--set",
            "travel_budget=0,20000",
            "--jobs",
            "1",
            "--workers",
            "1",
            "--time-limit",
            "20",
            "--deterministic",
            "--plans",
            str(plans),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"Comparison of 3 plan(s) written to {out}" in result.stdout
    assert "- base plan: OPTIMAL" in result.stdout
    assert "[3/3] travel_budget=20000: OPTIMAL" in result.stderr
    header = [c.value for c in openpyxl.load_workbook(out)["Comparison"][4]]
    assert header == ["measure", "base", "travel_budget=0", "travel_budget=20000"]
    assert sorted(p.name for p in plans.iterdir()) == [
        "00-base.xlsx",
        "01-travel_budget=0.xlsx",
        "02-travel_budget=20000.xlsx",
    ]
    check = runner.invoke(main, ["check", str(SMALL), str(plans / "02-travel_budget=20000.xlsx")])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--set", "travel=1"], "error: --set: unknown field 'travel'"),
        (["--set", "drop_rooms=R9"], "unknown room(s) 'R9'"),
        (["--chart", "happiness"], "error: unknown chart measure(s) happiness"),
    ],
)
def test_bad_options_exit_1_and_write_nothing(runner, tmp_path, args, line):
    out = tmp_path / "what-if.xlsx"
    options = ["--time-limit", "5", "--jobs", "1", "--workers", "1", "--quiet"]
    result = runner.invoke(main, ["compare", str(SMALL), "-o", str(out), *options, *args])
    assert result.exit_code == 1
    assert line in result.stderr
    assert not out.exists()


def test_the_comparison_never_overwrites_its_input(runner):
    result = runner.invoke(main, ["compare", str(SMALL), "-o", str(SMALL)])
    assert result.exit_code == 1
    assert "would overwrite the input" in result.stderr


def test_an_unreachable_scheduler_is_an_error_in_words(runner, tmp_path, monkeypatch):
    from planner.scenarios import command, executors

    monkeypatch.setattr(command, "dask_client", functools.partial(executors.dask_client, timeout=1))
    out = tmp_path / "what-if.xlsx"
    result = runner.invoke(
        main,
        ["compare", str(SMALL), "-o", str(out), "--scheduler", "tcp://127.0.0.1:1", "--quiet"],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "nothing was written" in result.stderr
    assert not out.exists()
