"""The README is the user's copy of the contract: it must say what the code does."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main
from planner.domain import SOFT_RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _update_readme_module():
    spec = importlib.util.spec_from_file_location(
        "update_readme", ROOT / "scripts/update_readme.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_input_tables_match_the_declared_schema():
    # Fails when a column changed without `python scripts/update_readme.py`.
    assert _update_readme_module().render(README) == README


def test_every_command_is_documented():
    commands = sorted(main.commands)  # type: ignore[attr-defined]
    assert commands, "the CLI has commands"
    for name in commands:
        assert f"planner {name}" in README, f"README does not document `planner {name}`"


def test_every_option_of_every_command_is_documented():
    runner = CliRunner()
    for name in main.commands:  # type: ignore[attr-defined]
        help_text = runner.invoke(main, [name, "--help"]).output
        for option in re.findall(r"(--[a-z][a-z-]+)", help_text):
            if option != "--help":
                assert option in README, f"README does not document {option} of `planner {name}`"


def test_every_soft_rule_and_default_weight_is_documented():
    for rule, weight in SOFT_RULES.items():
        assert re.search(rf"`{rule}`\s*\|\s*{weight:g}\b", README), rule


def test_the_two_setup_commands_are_the_ones_ci_runs():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line and not line.startswith(("#", "set ", "cd "))]
    test_command = "pip install -e '.[test]' && pytest"
    assert commands[0].startswith(test_command), "CI runs the README's test command first"
    assert f"\n{test_command}\n" in README
    assert commands[1:] == [
        "pip install -e '.[dev]'",
        "ruff check .",
        "ruff format --check .",
        "mypy planner",
    ]
    assert "planner solve inputs/reoffending-egm-2024.xlsx -o outputs/plan.xlsx" in README


def test_the_library_example_runs(tmp_path, monkeypatch):
    # The first Python block of "The library" is what a notebook user copies: it must work.
    section = README[README.index("## The library") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    source = code.group(1).replace("outputs/plan.xlsx", str(tmp_path / "plan.xlsx"))
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(source, "README.md", "exec"), namespace)
    assert (tmp_path / "plan.xlsx").exists()
    assert namespace["result"].status.has_plan  # type: ignore[attr-defined]
