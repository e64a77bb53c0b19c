"""The `jiaohe` command. Each subcommand lives in its own module under ``checker.commands``."""

from __future__ import annotations

import sys
from functools import cached_property

import typer
from typer._click import exceptions as errors  # Typer's own copy of click raises these
from typer.core import TyperCommand

from checker import __version__
from checker.helptext import LocalizedCommand, LocalizedGroup, usage_error
from checker.i18n import LANGUAGES, OPTION, LanguageError, resolve, set_language, t, without_option
from checker.ingest import InputError

app = typer.Typer(
    name="jiaohe",
    cls=LocalizedGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _Stderr:
    """rich's console on stderr, made at its first message: most runs print nothing there, and
    importing rich is a good part of a cold start."""

    @cached_property
    def _console(self):
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)

    def print(self, *objects: object, **options) -> None:
        self._console.print(*objects, **options)


err_console = _Stderr()
"""Where errors and warnings go: one line each whatever the width (a pipe counts as 80 columns,
and a wrapped line breaks every tool that reads ``jiaohe: error: …`` lines). The ``jiaohe:
error:`` prefix is the same in every language; the message after it is in the current one."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jiaohe {__version__}")
        raise typer.Exit()


def _build() -> None:
    """The root of the command line in the current language (Typer keeps help texts as they
    are when a command is defined, so this runs once the language is known)."""
    app.info.help = t("cli.help")

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=t("cli.opt.version")),
        lang: str = typer.Option("zh", OPTION, metavar="|".join(LANGUAGES), help=t("cli.opt.lang"), show_default=False),
    ) -> None:
        pass  # --lang was applied before the commands were built


def _register(argv: list[str]) -> None:
    from checker.commands import command_modules

    for module in command_modules(without_option(argv)):
        module.register(app)
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):  # a command with a class of its own keeps it
            command.cls = LocalizedCommand


def main() -> None:
    try:
        set_language(resolve(sys.argv[1:]))
    except LanguageError as exc:
        err_console.print(f"jiaohe: error: {exc}", markup=False)
        sys.exit(2)
    _build()
    _register(sys.argv[1:])
    try:
        # not standalone: click's own messages (a missing argument, an unknown option) are
        # English, so its mistakes come back here to be told in the current language
        status = app(standalone_mode=False)
    except errors.NoArgsIsHelpError as exc:
        from checker.helppage import render_help

        typer.echo(render_help(exc.ctx.command, exc.ctx), nl=False)
        sys.exit(2)
    except errors.UsageError as exc:
        err_console.print(f"jiaohe: error: {usage_error(exc)}", markup=False)
        sys.exit(exc.exit_code)
    except errors.ClickException as exc:
        err_console.print(f"jiaohe: error: {exc.format_message()}", markup=False)
        sys.exit(exc.exit_code)
    except InputError as exc:
        err_console.print(f"jiaohe: error: {exc}", markup=False)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        err_console.print(f"jiaohe: {t('word.interrupted')}")
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else 0)
