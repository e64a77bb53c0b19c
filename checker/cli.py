"""The `jiaohe` command. Each subcommand lives in its own module under ``checker.commands``."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from checker import __version__
from checker.ingest import InputError

app = typer.Typer(
    name="jiaohe",
    help="校核 jiaohe — checks Chinese public-finance disclosure reports for internal consistency.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
"""Where errors and warnings go: one line each whatever the width (a pipe counts as 80 columns,
and a wrapped line breaks every tool that reads ``jiaohe: error: …`` lines)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jiaohe {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """校核 jiaohe — a linter for budget and final-accounts reports."""


def _register(argv: list[str]) -> None:
    from checker.commands import command_modules

    for module in command_modules(argv):
        module.register(app)


def main() -> None:
    _register(sys.argv[1:])
    try:
        app()
    except InputError as exc:
        err_console.print(f"jiaohe: error: {exc}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("jiaohe: interrupted")
        sys.exit(130)
