"""What every `planner` command shares: exit codes, where lines go, and option declarations.

A command added to `planner.cli` follows these conventions by using this module:

- Exit codes: `EXIT_OK` 0 done, `EXIT_INPUT` 1 input errors (usage errors included: a missing
  option or a bad value is a mistake in what was typed, not an infeasible meeting),
  `EXIT_INFEASIBLE` 2 no plan exists, `EXIT_TIMEOUT` 3 undecided within the time limit. The
  command group `PlannerGroup` turns click's usage errors (its code 2) into 1.
- Streams: errors and warnings go to standard error (`error`, `warning`, `issues`), results to
  standard output (`click.echo`), so ``planner ... > result.txt`` keeps the result and the
  terminal still shows what went wrong.
- Options: every option's help shows its default and its unit (`show_default` text, a metavar
  naming the unit); `tests/test_cli_conventions.py` walks every command and holds each option
  to that, so a new command or option that forgets it fails the tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from planner.domain import Issue

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_TIMEOUT = 0, 1, 2, 3

F = TypeVar("F", bound=Callable[..., Any])


class PlannerGroup(click.Group):
    """A click group whose usage errors exit 1 (input error) instead of click's 2.

    Exit 2 means "no plan exists" for `solve` and `explain`; a mistyped option must not look
    like an infeasible meeting to a script that reads the exit code.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            exc.exit_code = EXIT_INPUT  # type: ignore[misc,unused-ignore]  # per instance; a ClassVar in some click versions
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # the subcommand's own options and arguments
            exc.exit_code = EXIT_INPUT  # type: ignore[misc,unused-ignore]  # per instance; a ClassVar in some click versions
            raise


def error(message: str) -> None:
    """An error line on standard error."""
    click.echo(f"error: {message}", err=True)


def warning(message: str) -> None:
    """A warning line on standard error."""
    click.echo(f"warning: {message}", err=True)


def issues(found: Iterable[Issue], *, prefix: str = "") -> None:
    """Input issues (errors and warnings, each with its location) on standard error."""
    for issue in found:
        click.echo(f"{prefix}{issue}", err=True)


def stop(code: int, message: str | None = None) -> NoReturn:
    """End the command with ``code``, after a last line on standard error if given."""
    if message:
        click.echo(message, err=True)
    sys.exit(code)


def path_argument(name: str, metavar: str) -> Callable[[F], F]:
    """A workbook path argument (existence is checked by the reader, with a clear line)."""
    return click.argument(name, metavar=metavar, type=click.Path(dir_okay=False, path_type=Path))


def time_limit_option(default: str) -> Callable[[F], F]:
    """``--time-limit SECONDS``; ``default`` says what applies when it is not given."""
    return click.option(
        "--time-limit",
        type=click.FloatRange(min=0, min_open=True),
        metavar="SECONDS",
        show_default=default,
        help="Seconds of wall-clock time the solver may use.",
    )


def flag_option(*decls: str, help: str) -> Callable[[F], F]:
    """An on/off switch, off unless given."""
    return click.option(*decls, is_flag=True, show_default="off", help=help)
