"""The `planner` command: thin glue over the library.

Each command parses its arguments, makes one library call and writes; library exceptions become
plain messages and exit codes. Exit codes: 0 done, 1 input errors (or a plan that breaks rules,
for `check`), 2 infeasible, 3 no plan within the time limit.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path
from typing import NoReturn

import click

from planner import __version__
from planner.domain import InvalidProblem, Issue, Plan, ProblemData, Result, Status

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_TIMEOUT = 0, 1, 2, 3


def _echo_issues(issues: list[Issue], *, report: bool = False) -> None:
    # For `validate` the issues are the report itself, so they all go to standard output
    # (`planner validate x.xlsx > report.txt` keeps them); elsewhere errors go to stderr.
    for issue in issues:
        click.echo(str(issue), err=issue.is_error and not report)


def _fail(issues: list[Issue]) -> NoReturn:
    errors = [i for i in issues if i.is_error]
    _echo_issues(issues)
    click.echo(f"{len(errors)} error(s); nothing was written.", err=True)
    sys.exit(EXIT_INPUT)


def _read(path: Path) -> ProblemData:
    from planner.excel import read_workbook

    try:
        return read_workbook(path)
    except InvalidProblem as exc:
        _fail(exc.issues)


def _read_plan(path: Path, problem: ProblemData, what: str) -> Plan:
    """A plan workbook read against ``problem``; each error names the file (a plan and an
    input both have an `Agenda` sheet), then ``what`` ends the count line."""
    from planner.excel.plan_reader import read_plan

    try:
        return read_plan(path, problem)
    except InvalidProblem as exc:
        errors = [i for i in exc.issues if i.is_error]
        for issue in exc.issues:
            click.echo(f"{path}: {issue}", err=issue.is_error)
        click.echo(f"{len(errors)} error(s) in {what}.", err=True)
        sys.exit(EXIT_INPUT)


def _echo_changes(problem: ProblemData, previous: Plan, result: Result, quiet: bool) -> None:
    """One line per change, then the count (the `Changes` sheet has the details)."""
    from planner.domain.changes import diff

    if result.message:
        click.echo(f"warning: {result.message}", err=True)
    changes = diff(previous, result.plan, problem)
    if not quiet:
        for change in changes:
            click.echo(str(change))
    click.echo(f"{len(changes)} change(s); see the Changes sheet.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
@click.option("-v", "--verbose", is_flag=True, help="Show the planner's log messages.")
def main(verbose: bool) -> None:
    """Plan a UN expert-group meeting from an Excel workbook.

    Start with `planner template my-meeting.xlsx`, fill it in, check it with
    `planner validate`, then `planner solve my-meeting.xlsx -o plan.xlsx`.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def template(path: Path, force: bool) -> None:
    """Write an empty input workbook to fill in, with notes and drop-downs."""
    from planner.excel import write_template

    if path.exists() and not force:
        click.echo(f"error: {path} exists; choose another name or add --force.", err=True)
        sys.exit(EXIT_INPUT)
    write_template(path)
    click.echo(f"Wrote {path}: fill in each sheet, then run `planner validate {path}`.")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def validate(path: Path) -> None:
    """List every error and warning in an input workbook.

    Exit 0 when the workbook can be planned, 1 otherwise.
    """
    from planner.excel import validate_workbook

    problem, issues = validate_workbook(path)
    _echo_issues(issues, report=True)
    errors = sum(1 for i in issues if i.is_error)
    warnings = len(issues) - errors
    if errors or problem is None:
        click.echo(
            f"{errors} error(s), {warnings} warning(s): fix the errors, then validate again."
        )
        sys.exit(EXIT_INPUT)
    click.echo(
        f"OK: {len(problem.items)} items, {len(problem.slots)} slots, {len(problem.rooms)} rooms, "
        f"{len(problem.delegations)} delegations, {len(problem.participants)} participants, "
        f"{len(problem.interpreters)} interpreters; {warnings} warning(s)."
    )


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the plan workbook.",
)
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds.")
@click.option("--workers", type=click.IntRange(min=0), help="Solver threads; 0 = all cores.")
@click.option("--seed", type=click.IntRange(min=0), help="Random seed of the solver.")
@click.option("--quiet", is_flag=True, help="No progress display, only the outcome.")
@click.option("--log", "show_log", is_flag=True, help="Show the CP-SAT search log.")
@click.option(
    "--from",
    "previous_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Replan from this earlier plan workbook: keep its locked rows, change the least.",
)
def solve(
    input_path: Path,
    output: Path,
    time_limit: float | None,
    workers: int | None,
    seed: int | None,
    quiet: bool,
    show_log: bool,
    previous_path: Path | None,
) -> None:
    """Plan the meeting in INPUT and write the plan workbook.

    With --from OLD_PLAN, replan: rows marked locked in OLD_PLAN are kept exactly, the rest
    changes as little as it can (the plan_change rule), and the new plan lists every change in
    its Changes sheet.

    Exit 0 plan written, 1 input errors, 2 infeasible, 3 no plan within the time limit.
    """
    from planner.cli_progress import Progress, print_summary
    from planner.excel.plan_writer import write_plan
    from planner.solver import solve as run_solver

    if _same_file(input_path, output):
        click.echo(
            "error: the plan would overwrite the input workbook; choose another -o.", err=True
        )
        sys.exit(EXIT_INPUT)
    problem = _read(input_path)
    for warning in problem.warnings:
        if not quiet:
            click.echo(str(warning), err=True)
    previous = (
        None
        if previous_path is None
        else _read_plan(previous_path, problem, "the previous plan; nothing was written")
    )
    digest = hashlib.sha256(input_path.read_bytes()).hexdigest()
    with Progress(enabled=not quiet) as progress:
        result: Result = run_solver(
            problem,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            progress=progress.update,
            log=(lambda line: click.echo(line, err=True)) if show_log else None,
            previous=previous,
        )
    if result.status is Status.INFEASIBLE:
        click.echo("No plan exists: the rules and the data conflict.", err=True)
        if result.message:
            click.echo(result.message, err=True)
        _echo_explanation(problem, time_limit)
        click.echo("Nothing was written.", err=True)
        sys.exit(EXIT_INFEASIBLE)
    if result.status is Status.NO_SOLUTION:
        click.echo(
            f"No plan was found within {result.solve_seconds:.0f} s. Run longer "
            "(--time-limit), or relax the data: more interpreters or slots, fewer sessions "
            "or panels. Nothing was written.",
            err=True,
        )
        sys.exit(EXIT_TIMEOUT)
    try:
        write_plan(
            problem,
            result,
            output,
            input_sha256=digest,
            planner_version=__version__,
            previous=previous,
        )
    except OSError as exc:
        click.echo(f"error: could not write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_INPUT)
    if not quiet:
        print_summary(problem, result)
    if previous is not None:
        _echo_changes(problem, previous, result, quiet)
    click.echo(f"{result.status.value}: plan written to {output}")


def _echo_explanation(
    problem: ProblemData, time_limit: float | None, *, headline: bool = False
) -> bool | None:
    """Print which rules and data conflict; True when no plan exists, False when one does
    (nothing printed), None when undecided in time (the reason printed)."""
    from planner.solver import explain

    explanation = explain(problem, time_limit=10.0 if time_limit is None else time_limit)
    if explanation.feasible:
        return False
    if headline and explanation.causes:
        click.echo("No plan exists: these rules and data conflict.", err=True)
    for cause in explanation.causes:
        click.echo(f"- {cause.sentence}", err=True)
        click.echo(f"  Suggestion: {cause.suggestion}", err=True)
    if explanation.message:
        click.echo(explanation.message, err=True)
    return True if explanation.causes else None


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds.")
def explain(input_path: Path, time_limit: float | None) -> None:
    """Say whether a plan exists for INPUT and, if not, which rules and data conflict.

    Exit 0 a plan exists, 1 input errors, 2 no plan exists (the conflict is printed with what
    to relax), 3 undecided within the time limit.
    """
    problem = _read(input_path)
    found = _echo_explanation(problem, time_limit, headline=True)
    if found is None:
        sys.exit(EXIT_TIMEOUT)
    if found:
        sys.exit(EXIT_INFEASIBLE)
    click.echo(
        "A plan exists: the hard rules and the data do not conflict. "
        f"Run `planner solve {input_path} -o plan.xlsx` to make it."
    )


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
def check(input_path: Path, plan_path: Path) -> None:
    """Check a plan workbook (perhaps edited by hand) against every hard rule.

    Exit 0 when the plan breaks no rule, 1 otherwise.
    """
    from planner.check import check_plan, objective
    from planner.excel.plan_reader import read_plan

    problem = _read(input_path)
    try:
        plan = read_plan(plan_path, problem)
    except InvalidProblem as exc:
        _fail(exc.issues)
    violations = check_plan(problem, plan)
    for v in violations:
        click.echo(f"violation: {v}")
    if violations:
        click.echo(f"{len(violations)} rule(s) broken.")
        sys.exit(EXIT_INPUT)
    click.echo(f"OK: the plan keeps every hard rule; objective {objective(problem, plan):,.2f}.")


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("old_path", metavar="OLD_PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new_path", metavar="NEW_PLAN", type=click.Path(dir_okay=False, path_type=Path))
def diff(input_path: Path, old_path: Path, new_path: Path) -> None:
    """List what changed from OLD_PLAN to NEW_PLAN (plans of INPUT), one line per change.

    Exit 0 when both plans could be read, 1 otherwise.
    """
    from planner.domain.changes import diff as plan_diff

    problem = _read(input_path)
    old = _read_plan(old_path, problem, "the old plan")
    new = _read_plan(new_path, problem, "the new plan")
    changes = plan_diff(old, new, problem)
    for change in changes:
        click.echo(str(change))
    click.echo(f"{len(changes)} change(s).")


if __name__ == "__main__":  # pragma: no cover
    main()
