"""The command classes of ``jiaohe``: ``--help`` in the current language, the command line's own
errors as one ``jiaohe: error:`` line in it, and plain values converted without pydantic
(``checker.cliparams``).

Typer's help layout crops text without spaces (Chinese) and labels parameters with Python types
(``<bool>``, ``<list[Path]>``); click's labels and messages are English. So the commands use
these classes, whose help page ``checker.helppage`` lays out from the catalogue; that module (and
rich, which it lays the page out with) is imported only when a page is shown.
"""

from __future__ import annotations

from typer import Context
from typer._click import exceptions as errors  # Typer's own copy of click raises these
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from checker.cliparams import PlainValues
from checker.i18n import name_of, t


def metavar(param: TyperArgument | TyperOption, ctx: Context) -> str:
    """A parameter's placeholder: none for a flag; the command's own metavar, in the current
    language when the catalogue knows the word; else the argument's name."""
    if isinstance(param, TyperOption) and (param.is_flag or param.count):
        return ""
    shown = name_of("metavar", param.metavar or (param.name or "").upper())
    return shown + ("..." if param.nargs == -1 else "")


class _LocalizedHelp:
    """The help page and the --help option's own line in the interface language (a mixin of click's
    command classes: a command and a group print their help the same way)."""

    def format_help(self, ctx: Context, formatter: object) -> None:
        from checker.helppage import render_help

        formatter.write(render_help(self, ctx))

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("help.help_option")
        return option


class LocalizedCommand(_LocalizedHelp, PlainValues, TyperCommand):
    pass


class LocalizedGroup(_LocalizedHelp, PlainValues, TyperGroup):
    def resolve_command(self, ctx: Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            ctx.fail(t("help.error.no_such_command", name=name, commands=", ".join(self.list_commands(ctx))))
        return super().resolve_command(ctx, args)


def usage_error(exc: errors.UsageError) -> str:
    """The message of a command-line mistake, in the current language where click's own kind of
    mistake is known (its English text otherwise), with the way to the help."""
    if isinstance(exc, errors.MissingParameter) and exc.param is not None:
        message = t("help.error.missing", name=_param_label(exc.param, exc.ctx))
    elif isinstance(exc, errors.NoSuchOption):
        message = t("help.error.no_such_option", name=exc.option_name)
    elif isinstance(exc, errors.BadParameter) and (exc.param is not None or exc.param_hint):
        name = _param_label(exc.param, exc.ctx) if exc.param is not None else str(exc.param_hint)
        message = t("help.error.bad_value", name=name, reason=exc.message)
    else:
        message = exc.format_message()
    path = exc.ctx.command_path if exc.ctx is not None else "jiaohe"
    return message + t("help.error.try", command=f"{path} --help")


def _param_label(param: TyperArgument | TyperOption, ctx: Context | None) -> str:
    if isinstance(param, TyperOption):
        return "/".join(param.opts)
    return metavar(param, ctx) if ctx is not None else (param.name or "")
