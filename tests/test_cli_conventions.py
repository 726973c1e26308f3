"""What every `planner` command shares: exit codes, streams, option help, pre-solve checks."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planner import solver as solver_package
from planner.cli import main
from planner.domain import AgendaItem, Delegation, Participant
from planner.excel import write_problem
from planner.solver.infeasibility import Explanation

TOO_SMALL = (
    "error: sheet 'Agenda', row 2, column 'attendance': plenary item '1' cannot seat every "
    "present delegation on any of its days; allow a larger room or a day with fewer delegations"
)


@pytest.fixture
def crowded(tmp_path: Path, factory) -> Path:
    """Six delegations present and a plenary room of 15 seats, 10 for the secretariat."""
    codes = ["KEN", "NPL", "PER", "POL", "FJI", "MEX"]
    path = tmp_path / "crowded.xlsx"
    write_problem(
        factory.problem(
            [AgendaItem("1", "Opening", languages=("en",))],
            rooms=[factory.plenary_room(capacity=15)],
            delegations=[Delegation(c, f"Delegation {c}") for c in codes],
            participants=[
                Participant(f"P{k}", f"Expert {k} ({c})", c) for k, c in enumerate(codes, 1)
            ],
        ),
        path,
    )
    return path


@pytest.fixture
def fine(tmp_path: Path, factory) -> Path:
    path = tmp_path / "fine.xlsx"
    write_problem(factory.problem(), path)
    return path


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


@pytest.mark.parametrize(
    "args",
    [
        [],  # no command: the help, as a usage error
        ["bogus"],
        ["solve", "in.xlsx"],  # -o missing
        ["solve", "in.xlsx", "-o", "p.xlsx", "--time-limit", "-1"],
        ["solve", "in.xlsx", "-o", "p.xlsx", "--no-such-option"],
        ["explain"],
        ["check", "in.xlsx"],
        ["validate", "a.xlsx", "b.xlsx"],
    ],
)
def test_usage_errors_exit_1_never_2(runner: CliRunner, args: list[str]):
    # 2 means "no plan exists": a mistyped command must not look like an infeasible meeting.
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output


def test_a_usage_error_is_written_to_standard_error(runner: CliRunner):
    result = runner.invoke(main, ["solve", "in.xlsx"])
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: Missing option '-o' / '--output'."


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_every_option_shows_its_default(name: str):
    # Each option of each command (a new one included) says in --help what applies when it is
    # not given; a required option says it is required.
    command = main.commands[name]  # type: ignore[attr-defined]
    with click.Context(command, info_name=name, show_default=True) as ctx:
        for param in command.params:
            if not isinstance(param, click.Option) or param.name == "help":
                continue
            record = param.get_help_record(ctx)
            assert record is not None, f"{name} {param.opts} has no help"
            help_text = record[1]
            assert "[default:" in help_text or "required" in help_text, (name, help_text)


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_every_valued_option_names_its_unit(name: str):
    # A value option's metavar names what to type (SECONDS, THREADS, PLAN), not click's
    # generic FLOAT or PATH.
    command = main.commands[name]  # type: ignore[attr-defined]
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and param.name != "help":
            assert param.metavar and param.metavar.isupper(), (name, param.opts)


def test_time_limit_help_gives_unit_and_default(runner: CliRunner):
    result = runner.invoke(main, ["solve", "--help"])
    text = " ".join(result.output.split())
    assert "--time-limit SECONDS Seconds of wall-clock time the solver may use." in text
    assert "[default: (the Rules sheet's time_limit_seconds, 60 s); x>0]" in text


def test_validate_errors_go_to_standard_error_and_the_count_to_standard_output(
    runner: CliRunner, tmp_path: Path
):
    path = tmp_path / "empty.xlsx"
    assert runner.invoke(main, ["template", str(path)]).exit_code == 0
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("error: sheet 'Meeting', row 2")
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.endswith("warning(s): fix the errors, then validate again.\n")


def test_solve_input_errors_go_to_standard_error(runner: CliRunner, tmp_path: Path):
    path = tmp_path / "empty.xlsx"
    assert runner.invoke(main, ["template", str(path)]).exit_code == 0
    result = runner.invoke(main, ["solve", str(path), "-o", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].endswith("error(s); nothing was written.")


def test_solve_stops_at_a_certain_shortfall_without_searching(
    runner: CliRunner, crowded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def must_not_search(*args, **kwargs):
        raise AssertionError("the solver ran although the counts prove no plan exists")

    monkeypatch.setattr(solver_package, "solve", must_not_search)
    monkeypatch.setattr(solver_package, "explain", must_not_search)
    plan = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["solve", str(crowded), "-o", str(plan), "--quiet"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-3:] == [
        "No plan exists: the pre-solve checks prove it.",
        TOO_SMALL,
        "Nothing was written.",
    ]
    assert not any("could not decide" in line.lower() for line in lines)
    assert not plan.exists()


def test_explain_gives_the_same_sentences_as_validate_at_once(
    runner: CliRunner, crowded: Path, monkeypatch: pytest.MonkeyPatch
):
    def must_not_search(*args, **kwargs):
        raise AssertionError("explain searched although the counts prove no plan exists")

    monkeypatch.setattr(solver_package, "explain", must_not_search)
    validated = runner.invoke(main, ["validate", str(crowded)])
    assert TOO_SMALL in validated.stderr.splitlines()
    result = runner.invoke(main, ["explain", str(crowded)])
    assert result.exit_code == 2, result.output
    assert result.stdout.splitlines() == [
        "No plan exists: the pre-solve checks prove it.",
        TOO_SMALL,
    ]


def test_explain_out_of_time_says_it_does_not_know_yet(
    runner: CliRunner, fine: Path, monkeypatch: pytest.MonkeyPatch
):
    def undecided(problem, *, time_limit):  # the CLI's words are under test, not the search
        return Explanation(feasible=False, decided=False, message="out of time")

    monkeypatch.setattr(solver_package, "explain", undecided)
    result = runner.invoke(main, ["explain", str(fine), "--time-limit", "7"])
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        "Not known yet whether a plan exists: in 7 s the solver found neither a plan nor a "
        "proof that none exists.",
        "Found so far: the pre-solve capacity checks pass, and no conflict was proven yet. "
        f"Run longer (`planner explain {fine} --time-limit 120`), or try `planner solve`, "
        "which searches for a plan.",
    ]
    assert "No plan exists" not in result.output


def test_solve_never_says_no_plan_and_undecided_together(
    runner: CliRunner, fine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from planner.domain import Result, Status

    monkeypatch.setattr(
        solver_package, "solve", lambda problem, **kwargs: Result(Status.INFEASIBLE)
    )
    monkeypatch.setattr(
        solver_package,
        "explain",
        lambda problem, *, time_limit: Explanation(feasible=False, decided=False),
    )
    plan = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["solve", str(fine), "-o", str(plan), "--time-limit", "5"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "No plan exists: the rules and the data conflict.",
        f"The conflicting rules were not singled out within 5 s; run `planner explain {fine} "
        "--time-limit 120`.",
        "Nothing was written.",
    ]
