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
from planner.cli_common import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_TIMEOUT,
    PlannerGroup,
    error,
    flag_option,
    issues,
    path_argument,
    stop,
    time_limit_option,
    warning,
)
from planner.domain import LANGUAGES, InvalidProblem, Issue, Plan, ProblemData, Result, Status


def _fail(found: list[Issue], last_line: str) -> NoReturn:
    errors = [i for i in found if i.is_error]
    issues(found)
    stop(EXIT_INPUT, f"{len(errors)} error(s){last_line}")


def _read(path: Path, last_line: str) -> ProblemData:
    from planner.excel import read_workbook

    try:
        return read_workbook(path)
    except InvalidProblem as exc:
        _fail(exc.issues, last_line)


def _read_plannable(path: Path, *, quiet: bool = False, answer: bool = False) -> ProblemData:
    """The problem of ``path`` once the pre-solve capacity checks pass.

    Input errors exit 1. A capacity error proves that no plan exists: its lines (the ones
    `planner validate` prints) are the answer, exit 2, with no search. ``answer`` sends them
    to standard output (for `explain`, whose result they are), else to standard error (for
    `solve`, which then ends with "Nothing was written.").
    """
    from planner.excel import validate_workbook

    problem, found = validate_workbook(path)
    if problem is None:
        _fail(found, " in the input." if answer else "; nothing was written.")
    errors = [i for i in found if i.is_error]
    if not quiet or errors:
        issues(i for i in found if not i.is_error)
    if errors:
        click.echo("No plan exists: the pre-solve checks prove it.", err=not answer)
        for issue in errors:
            click.echo(str(issue), err=not answer)
        stop(EXIT_INFEASIBLE, None if answer else "Nothing was written.")
    return problem


def _read_plan(path: Path, problem: ProblemData, what: str) -> Plan:
    """A plan workbook read against ``problem``; each error and warning names the file (a plan
    and an input both have an `Agenda` sheet); on errors ``what`` ends the count line."""
    from planner.excel.plan_reader import read_plan_report

    try:
        plan, warnings = read_plan_report(path, problem)
    except InvalidProblem as exc:
        errors = [i for i in exc.issues if i.is_error]
        issues(exc.issues, prefix=f"{path}: ")
        stop(EXIT_INPUT, f"{len(errors)} error(s) in {what}.")
    issues(warnings, prefix=f"{path}: ")
    return plan


def _echo_changes(problem: ProblemData, previous: Plan, result: Result, quiet: bool) -> None:
    """One line per change, then the count (the `Changes` sheet has the details)."""
    from planner.domain.changes import diff

    if result.message:
        warning(result.message)
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


@click.group(cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
@flag_option("-v", "--verbose", help="Show the planner's log messages.")
def main(verbose: bool) -> None:
    """Plan a UN expert-group meeting from an Excel workbook.

    Start with `planner template my-meeting.xlsx`, fill it in, check it with
    `planner validate`, then `planner solve my-meeting.xlsx -o plan.xlsx`.

    Exit codes: 0 done, 1 input errors (a mistyped command too), 2 no plan exists,
    3 undecided within the time limit. Errors and warnings go to standard error, results to
    standard output.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )


@main.command()
@path_argument("path", "PATH")
@flag_option("--force", help="Overwrite PATH if it exists.")
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    metavar="LANG",
    default="en",
    show_default=True,
    help="Language of the Instructions sheet and of the headers' notes (ar, zh, en, fr, ru, es).",
)
def template(path: Path, force: bool, language: str) -> None:
    """Write an empty input workbook to fill in, with notes and drop-downs.

    Exit 0 written, 1 the file exists (without --force).
    """
    from planner.excel import write_template

    if path.exists() and not force:
        error(f"{path} exists; choose another name or add --force.")
        sys.exit(EXIT_INPUT)
    write_template(path, language)
    click.echo(f"Wrote {path}: fill in each sheet, then run `planner validate {path}`.")


@main.command()
@path_argument("path", "PATH")
def validate(path: Path) -> None:
    """List every error and warning in an input workbook, with the capacity checks.

    The errors and warnings go to standard error, the closing count to standard output
    (`planner validate x.xlsx > report.txt 2>&1` keeps them all). Exit 0 when the workbook
    can be planned, 1 otherwise.
    """
    from planner.excel import validate_workbook

    problem, found = validate_workbook(path)
    issues(found)
    errors = sum(1 for i in found if i.is_error)
    warnings = len(found) - errors
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
@path_argument("input_path", "INPUT")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="PLAN",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan workbook (.xlsx) to write.",
)
@time_limit_option("the Rules sheet's time_limit_seconds, 60 s")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    metavar="THREADS",
    show_default="the Rules sheet's workers, 0 = all cores",
    help="Solver threads; 0 = all cores.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    metavar="INTEGER",
    show_default="the Rules sheet's seed, 0",
    help="Random seed of the solver.",
)
@flag_option(
    "--deterministic",
    help="Limit the search by deterministic time: the same plan however loaded the machine.",
)
@flag_option("--quiet", help="No progress display and no warnings, only the outcome.")
@flag_option("--log", "show_log", help="Show the CP-SAT search log on standard error.")
@click.option(
    "--from",
    "previous_path",
    metavar="OLD_PLAN",
    type=click.Path(dir_okay=False, path_type=Path),
    show_default="none, a fresh plan",
    help="Replan from this earlier plan workbook (.xlsx): keep its locked rows, change the least.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    metavar="LANG",
    show_default="output_language of the Meeting sheet, else en",
    help="Language of the plan's views (ar, zh, en, fr, ru, es).",
)
def solve(
    input_path: Path,
    output: Path,
    time_limit: float | None,
    workers: int | None,
    seed: int | None,
    deterministic: bool,
    quiet: bool,
    show_log: bool,
    previous_path: Path | None,
    language: str | None,
) -> None:
    """Plan the meeting in INPUT and write the plan workbook.

    The pre-solve capacity checks run first: when they prove that no plan exists, solve says
    so at once (exit 2) without searching.

    With --from OLD_PLAN, replan: rows marked locked in OLD_PLAN are kept exactly, the rest
    changes as little as it can (the plan_change rule), and the new plan lists every change in
    its Changes sheet.

    Exit 0 plan written, 1 input errors, 2 infeasible, 3 no plan within the time limit.
    """
    if _same_file(input_path, output):
        stop(EXIT_INPUT, "error: the plan would overwrite the input workbook; choose another -o.")
    problem = _read_plannable(input_path, quiet=quiet)
    # The solver is loaded only now: a meeting the counts prove impossible ends without it.
    from planner.cli_progress import Progress, print_summary
    from planner.excel.plan_writer import write_plan
    from planner.solver import solve as run_solver

    previous = before = None
    if previous_path is not None:
        from planner.domain.moves import before_moves, follow_moves

        edited = _read_plan(previous_path, problem, "the previous plan; nothing was written")
        order = {s.slot_id: k for k, s in enumerate(problem.slots)}
        # Rows left at a hand-moved session's old place follow it (a repair keeps the move),
        # and the changes are told from before the move (its people are notified).
        previous, before = follow_moves(edited, order), before_moves(edited, order)
    digest = hashlib.sha256(input_path.read_bytes()).hexdigest()
    with Progress(enabled=not quiet) as progress:
        result: Result = run_solver(
            problem,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            deterministic=deterministic,
            progress=progress.update,
            log=(lambda line: click.echo(line, err=True)) if show_log else None,
            previous=previous,
        )
    if result.status is Status.INFEASIBLE:
        click.echo("No plan exists: the rules and the data conflict.", err=True)
        if result.message:
            click.echo(result.message, err=True)
        _echo_explanation(problem, time_limit, input_path, answer=False)
        stop(EXIT_INFEASIBLE, "Nothing was written.")
    if result.status is Status.NO_SOLUTION:
        stop(
            EXIT_TIMEOUT,
            f"No plan was found within {result.solve_seconds:.0f} s. Run longer "
            "(--time-limit), or relax the data: more interpreters or slots, fewer sessions "
            "or panels. Nothing was written.",
        )
    try:
        write_plan(
            problem,
            result,
            output,
            input_sha256=digest,
            planner_version=__version__,
            previous=before,
            language=language,
        )
    except OSError as exc:
        stop(EXIT_INPUT, f"error: could not write {output}: {exc.strerror or exc}")
    if not quiet:
        print_summary(problem, result)
    if before is not None:
        _echo_changes(problem, before, result, quiet)
    click.echo(f"{result.status.value}: plan written to {output}")


def _echo_explanation(
    problem: ProblemData, time_limit: float | None, input_path: Path, *, answer: bool
) -> bool | None:
    """Print which rules and data conflict; True when no plan exists, False when one does
    (nothing printed), None when undecided in time (what is known so far printed).

    ``answer`` prints to standard output (`explain`, whose result this is); `solve` has
    already proven that no plan exists and prints the reasons with its failure, on standard
    error.
    """
    from planner.solver import explain

    seconds = 10.0 if time_limit is None else time_limit
    explanation = explain(problem, time_limit=seconds)
    if explanation.feasible:
        return False
    err = not answer
    if not explanation.decided:
        if answer:
            click.echo(
                f"Not known yet whether a plan exists: in {seconds:g} s the solver found "
                "neither a plan nor a proof that none exists.",
            )
            click.echo(
                "Found so far: the pre-solve capacity checks pass, and no conflict was proven "
                f"yet. Run longer (`planner explain {input_path} --time-limit "
                f"{max(4 * seconds, 120):g}`), or try `planner solve`, which searches for a "
                "plan.",
            )
        else:
            click.echo(
                f"The conflicting rules were not singled out within {seconds:g} s; run "
                f"`planner explain {input_path} --time-limit {max(4 * seconds, 120):g}`.",
                err=True,
            )
        return None
    if answer:
        click.echo(
            "No plan exists: these rules and data conflict."
            if explanation.causes
            else "No plan exists."
        )
    for cause in explanation.causes:
        click.echo(f"- {cause.sentence}", err=err)
        click.echo(f"  Suggestion: {cause.suggestion}", err=err)
    if explanation.message:
        click.echo(explanation.message, err=err)
    return True


@main.command()
@path_argument("input_path", "INPUT")
@time_limit_option("10 s")
def explain(input_path: Path, time_limit: float | None) -> None:
    """Say whether a plan exists for INPUT and, if not, which rules and data conflict.

    The pre-solve capacity checks run first: when they prove that no plan exists, their lines
    are the answer, at once.

    Exit 0 a plan exists, 1 input errors, 2 no plan exists (the conflict is printed with what
    to relax), 3 undecided within the time limit (what is known so far is printed).
    """
    problem = _read_plannable(input_path, answer=True)
    found = _echo_explanation(problem, time_limit, input_path, answer=True)
    if found is None:
        sys.exit(EXIT_TIMEOUT)
    if found:
        sys.exit(EXIT_INFEASIBLE)
    click.echo(
        "A plan exists: the hard rules and the data do not conflict. "
        f"Run `planner solve {input_path} -o plan.xlsx` to make it."
    )


@main.command()
@path_argument("input_path", "INPUT")
@path_argument("plan_path", "PLAN")
def check(input_path: Path, plan_path: Path) -> None:
    """Check a plan workbook (perhaps edited by hand) against every hard rule.

    The broken rules go to standard output, one line each (rows left at a moved session's
    old place, one line per place), and the last line counts them and gives the command
    that repairs the plan.
    Exit 0 when the plan breaks no rule, 1 otherwise (or when a file cannot be read).
    """
    from planner.check import check_plan, objective
    from planner.check.leftovers import group_leftovers

    problem = _read(input_path, " in the input; the plan was not checked.")
    plan = _read_plan(plan_path, problem, "the plan; it was not checked")
    violations = check_plan(problem, plan)
    leftovers, rest = group_leftovers(problem, plan, violations)
    for leftover in leftovers:
        click.echo(f"left behind: {leftover.sentence(problem)}")
    for v in rest:
        click.echo(f"violation: {v}")
    if violations:
        repaired = plan_path.with_name(f"{plan_path.stem}-repaired{plan_path.suffix}")
        click.echo(
            f"{len(violations)} rule(s) broken; `planner solve {input_path} -o {repaired} "
            f"--from {plan_path}` repairs the plan with the fewest changes (lock a row you "
            "moved to be sure it stays)."
        )
        sys.exit(EXIT_INPUT)
    click.echo(f"OK: the plan keeps every hard rule; objective {objective(problem, plan):,.2f}.")


@main.command()
@path_argument("input_path", "INPUT")
@path_argument("plan_path", "PLAN")
@click.option(
    "-o",
    "--output",
    "folder",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the .ics files; the planner's files already there number the changes.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    metavar="LANG",
    show_default="output_language of the Meeting sheet, else en",
    help="Language of the events' texts (ar, zh, en, fr, ru, es).",
)
def calendar(input_path: Path, plan_path: Path, folder: Path, language: str | None) -> None:
    """Write the plan's iCalendar files into DIR: the programme, each room, each delegation
    and each interpreter. Exit 0 written, 1 unreadable files or folder.
    """
    from planner.ical import CalendarError, write_calendars

    problem = _read(input_path, " in the input; no calendar was written.")
    plan = _read_plan(plan_path, problem, "the plan; no calendar was written")
    try:
        files = write_calendars(problem, plan, folder, language=language)
    except CalendarError as exc:
        stop(EXIT_INPUT, f"error: {exc} in {folder}; no calendar was written.")
    except OSError as exc:
        stop(EXIT_INPUT, f"error: could not write {folder}: {exc.strerror or exc}")
    click.echo(f"{len(files)} calendar files written to {folder}.")


@main.command()
@path_argument("input_path", "INPUT")
@path_argument("old_path", "OLD_PLAN")
@path_argument("new_path", "NEW_PLAN")
def diff(input_path: Path, old_path: Path, new_path: Path) -> None:
    """List what changed from OLD_PLAN to NEW_PLAN (plans of INPUT), one line per change.

    Exit 0 when both plans could be read, 1 otherwise.
    """
    from planner.domain.changes import diff as plan_diff

    problem = _read(input_path, " in the input.")
    old = _read_plan(old_path, problem, "the old plan")
    new = _read_plan(new_path, problem, "the new plan")
    changes = plan_diff(old, new, problem)
    for change in changes:
        click.echo(str(change))
    click.echo(f"{len(changes)} change(s).")


@main.command()
@path_argument("input_path", "INPUT")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="COMPARISON",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The comparison workbook (.xlsx) to write.",
)
@click.option(
    "--set",
    "grid",
    multiple=True,
    metavar="FIELD=V1,V2,...",
    show_default="none, the Scenarios sheet only",
    help="A scenario per value of a Rules or Meeting field (or Scenarios column); several "
    "--set options form a grid of every combination.",
)
@click.option(
    "--plans",
    "plans_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    show_default="none",
    help="Also write every scenario's plan workbook into this folder.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="SOLVES",
    show_default="cores / --workers, at most one per scenario",
    help="Solves at once on this machine.",
)
@click.option(
    "--scheduler",
    metavar="TCP://HOST:8786",
    show_default="none, this machine",
    help="Run the solves on this Dask scheduler instead (needs the dask extra).",
)
@time_limit_option("the Rules sheet's time_limit_seconds, 60 s, for every solve")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    metavar="THREADS",
    show_default="2, or cores / --jobs when --jobs is given",
    help="Solver threads per solve; 0 = all cores.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    metavar="INTEGER",
    show_default="the Rules sheet's seed, 0",
    help="Random seed of every solve.",
)
@flag_option(
    "--deterministic",
    help="Limit each search by deterministic time: the same figures on any machine.",
)
@click.option(
    "--chart",
    default="funded_ldc,funded_other",
    metavar="KEYS",
    show_default=True,
    help="Measures to chart, comma-separated (keys of the Comparison sheet).",
)
@flag_option("--quiet", help="No line per finished scenario.")
def compare(
    input_path: Path,
    output: Path,
    grid: tuple[str, ...],
    plans_dir: Path | None,
    jobs: int | None,
    scheduler: str | None,
    time_limit: float | None,
    workers: int | None,
    seed: int | None,
    deterministic: bool,
    chart: str,
    quiet: bool,
) -> None:
    """Plan INPUT as it is and under every scenario (its Scenarios sheet and the --set grid),
    each with the same time limit and seed, and write the comparison workbook.

    Exit 0 comparison written (scenarios without a plan show why), 1 input errors.
    """
    from planner.scenarios.command import run_compare, summary_lines

    if _same_file(input_path, output):
        stop(EXIT_INPUT, "error: the comparison would overwrite the input; choose another -o.")
    try:
        comparison = run_compare(
            input_path,
            output,
            grid=grid,
            plans_dir=plans_dir,
            jobs=jobs,
            scheduler=scheduler,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            deterministic=deterministic,
            chart=[k.strip() for k in chart.split(",") if k.strip()],
            echo=None if quiet else (lambda text: click.echo(text, err=True)),
        )
    except InvalidProblem as exc:
        _fail(exc.issues, "; nothing was written.")
    except (ValueError, RuntimeError, OSError) as exc:
        stop(EXIT_INPUT, f"error: {exc}; nothing was written.")
    for text in summary_lines(comparison):
        click.echo(f"- {text}")
    click.echo(f"Comparison of {len(comparison.outcomes)} plan(s) written to {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
